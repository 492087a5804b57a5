package suites

import (
	"fmt"
	"net/http"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/ecs-conformance/ecs-conformance/specs"
	"github.com/ecs-conformance/ecs-conformance/suites/matchers"
)

func describeErrors(op *specs.Operation, s func() *session) {
	Describe("error codes", Label("area:errors"), func() {
		var entries []TableEntry
		for i := range op.Errors {
			e := &op.Errors[i]
			b := op.Behaviour(e.Behaviour)
			// The catalogue spec of a code counts in the area of its behaviour too
			// (an auth code is an auth spec), so --label-filter finds it there.
			labels := append(Labels{"area:" + b.Area}, errorLabel(op, e.Code)...)
			labels = append(labels, behaviours(op, strings.TrimPrefix(e.Behaviour, op.Operation+"."))...)
			if e.Trigger.Fault != "" {
				labels = append(labels, "faults")
			}
			text := fmt.Sprintf("%s is answered with HTTP %d for %s", e.Code, e.Status, lowerFirst(e.Trigger.Description))
			entries = append(entries, Entry(text, labels, e))
		}

		DescribeTable("every code of the catalogue is provoked by its trigger and answered as documented",
			func(e *specs.ErrorCode) {
				resp := s().provoke(e)
				Expect(resp).To(s().failWith(e.Code))
				if e.Trigger.Fault == specs.FaultThrottling {
					Expect(resp.Header.Get("x-ratelimit-user-api")).NotTo(BeEmpty(), "Throttling.User without x-ratelimit-user-api")
					Expect(resp.Header.Get("x-ratelimit-user")).NotTo(BeEmpty(), "Throttling.User without x-ratelimit-user")
				}
			},
			entries,
		)

		It("answers every error as a JSON envelope with a distinct RequestId", behaviours(op, "errors.envelope", "errors.request-id-unique"), func() {
			c, code := s().invalid()
			a, b := s().send(c), s().send(c)
			Expect(a).To(s().failWith(code))
			Expect(a.Header.Get("Content-Type")).To(ContainSubstring("json"))
			Expect(a).To(matchers.MatchSchema(op, matchers.SchemaError))
			ea, eb := decodeError(a), decodeError(b)
			Expect(ea.RequestId).NotTo(Equal(eb.RequestId), "two requests share a RequestId")
			Expect(ea.Recommend).To(ContainSubstring(ea.Code), "Recommend does not point at the code")
		})

		It("answers XML when an RPC request asks Format=XML", behaviours(op, "errors.xml-on-request"), func() {
			if s().env.Scheme != "rpc" {
				Skip("Format is a parameter of RPC-style requests only")
			}
			c := s().base()
			c.format = "XML"
			resp := s().send(c)
			Expect(resp.StatusCode).To(Equal(http.StatusOK))
			Expect(strings.TrimSpace(string(resp.Body))).To(HavePrefix("<?xml"))
			bad, code := s().invalid()
			bad.format = "XML"
			resp = s().send(bad)
			Expect(string(resp.Body)).To(And(ContainSubstring("<Error>"), ContainSubstring("<Code>"+code+"</Code>")))
		})
	})
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
