package suites

import (
	"fmt"
	"net/url"
	"strconv"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/ecs-conformance/ecs-conformance/specs"
)

// regionParam is the parameter every ECS operation scopes its request by.
const regionParam = "RegionId"

// dryRunParam is the parameter that asks for a dry run, where an operation has it.
const dryRunParam = "DryRun"

// base is the smallest valid request of the session's operation: the spec's
// region, and every parameter the contract says must be read from the target
// (the ID of a group it holds) read from it.
func (s *session) base() *call {
	GinkgoHelper()
	params := url.Values{}
	if s.op.Parameter(regionParam) != nil {
		params.Set(regionParam, s.env.Region)
	}
	if s.resolved == nil {
		s.resolved = url.Values{}
		for _, r := range s.op.Requests.Resolve {
			s.resolved.Set(r.Param, s.resolve(r))
		}
	}
	for k, v := range s.resolved {
		params[k] = append([]string(nil), v...)
	}
	return request(params)
}

// resolve reads r's value off the first result of the operation r names.
func (s *session) resolve(r specs.Resolve) string {
	GinkgoHelper()
	from := specs.Lookup(r.From)
	Expect(from).NotTo(BeNil(), "the contract of %s reads %s from %s, which is not in the contract set", s.op.Operation, r.Param, r.From)
	sub := s.other(from)
	c := sub.base()
	if size := smallestPage(from); size != "" {
		// One result is all that is read: ask for the smallest page.
		c = c.With(from.Paging.NextToken.SizeParam, size)
	}
	p := sub.page(c)
	if len(p.items) == 0 {
		Skip(fmt.Sprintf("%s needs %s from a result of %s, and the target answers none in %s", s.op.Operation, r.Param, r.From, s.env.Region))
	}
	v := str(p.items[0], r.Field)
	Expect(v).NotTo(BeEmpty(), "the first result of %s has no %s to send as %s", r.From, r.Field, r.Param)
	return v
}

// invalid is the request the operation's contract says it refuses, and the
// code it refuses it with.
func (s *session) invalid() (*call, string) {
	c := s.base()
	for k, v := range s.op.Requests.Invalid.Set {
		c = c.With(k, v)
	}
	return c, s.op.Requests.Invalid.Code
}

// other is a session for another operation of the contract set, sharing this
// spec's target, transport and nonces.
func (s *session) other(op *specs.Operation) *session {
	return &session{env: s.env, op: op, scheme: s.scheme, transport: s.transport, nonce: s.nonce}
}

// smallestPage is the smallest page size op's token paging accepts, or "".
func smallestPage(op *specs.Operation) string {
	if op.Paging == nil {
		return ""
	}
	p := op.Parameter(op.Paging.NextToken.SizeParam)
	if p == nil || p.Constraints.Minimum == nil {
		return ""
	}
	return strconv.FormatInt(*p.Constraints.Minimum, 10)
}
