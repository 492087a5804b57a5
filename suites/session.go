package suites

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/onsi/gomega/types"

	"github.com/ecs-conformance/ecs-conformance/internal/client"
	"github.com/ecs-conformance/ecs-conformance/specs"
	"github.com/ecs-conformance/ecs-conformance/suites/matchers"
)

// CaseHeader tells recordings apart that differ only in what recordings
// ignore (a corrupted signature, a skewed timestamp): the suite names the
// case, the cassette matcher keys on it, and the recorder strips it before a
// request leaves for a live endpoint.
const CaseHeader = "X-Conformance-Case"

// session is one spec's access to the target, for one operation.
type session struct {
	env       *Env
	op        *specs.Operation
	scheme    client.Scheme
	transport http.RoundTripper
	nonce     func() string
	// resolved caches the values of the operation's resolved parameters.
	resolved url.Values
}

// newSession opens the spec's target; the cleanup is registered with Ginkgo.
func newSession(env *Env, op *specs.Operation, scheme client.Scheme) *session {
	s := &session{env: env, op: op, scheme: scheme, transport: http.DefaultTransport}
	if env.Open != nil {
		t, err := env.Open(CurrentSpecReport().FullText())
		Expect(err).NotTo(HaveOccurred(), "opening the target for this spec")
		if t.Transport != nil {
			s.transport = t.Transport
		}
		s.nonce = t.Nonce
		if t.Close != nil {
			DeferCleanup(func() { Expect(t.Close()).To(Succeed(), "closing the target of this spec") })
		}
	}
	s.transport = recordExchanges(s.transport) // exchange.go: a failed spec's reports show its last request
	return s
}

// call is one request of a spec: business parameters plus how to send them.
type call struct {
	params   url.Values
	method   string
	inBody   bool
	as       *Identity
	tamper   client.Tamper
	caseName string
	format   string
}

func request(params url.Values) *call { return &call{params: params} }

func (c *call) With(name, value string) *call {
	p := url.Values{}
	for k, v := range c.params {
		p[k] = append([]string(nil), v...)
	}
	p.Set(name, value)
	n := *c
	n.params = p
	return &n
}

// client signs as id (the caller when nil).
func (s *session) client(id *Identity) *client.Client {
	if id == nil {
		id = &s.env.Caller
	}
	cfg := client.Config{
		Endpoint:        s.env.Endpoint,
		AccessKeyID:     id.AccessKeyID,
		AccessKeySecret: id.AccessKeySecret,
		SecurityToken:   id.SecurityToken,
		Scheme:          s.scheme,
		HTTPClient:      &http.Client{Transport: s.transport, Timeout: 30 * time.Second},
		Clock:           s.env.Clock,
		Nonce:           s.nonce,
	}
	c, err := client.New(cfg)
	Expect(err).NotTo(HaveOccurred(), "building the signed client")
	return c
}

// send performs the call and checks the answer against the schemas: a 200
// against the page schema of the paging mode the request selected, anything
// else against the error-envelope schema. Every spec thereby checks shape.
func (s *session) send(c *call) *client.Response {
	GinkgoHelper()
	return s.sendAs(s.op, c)
}

// sendAs is send for another operation of the contract set (to read the
// values a request of this one needs).
func (s *session) sendAs(op *specs.Operation, c *call) *client.Response {
	GinkgoHelper()
	req := client.Request{
		Action: op.Operation,
		Params: c.params,
		Method: c.method,
		InBody: c.inBody,
		Tamper: c.tamper,
	}
	if c.caseName != "" || c.format != "" {
		req.Tamper.Header = http.Header{}
		for k, v := range c.tamper.Header {
			req.Tamper.Header[k] = v
		}
		if c.caseName != "" {
			req.Tamper.Header.Set(CaseHeader, c.caseName)
		}
	}
	if c.format != "" {
		req.Tamper.Format = c.format
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	resp, err := s.client(c.as).Do(ctx, req)
	Expect(err).NotTo(HaveOccurred(), "sending %s", op.Operation)
	if c.format == "" {
		if resp.StatusCode == http.StatusOK {
			Expect(resp).To(matchers.MatchSchema(op, pagingMode(op, c.params)))
		} else {
			Expect(resp).To(matchers.MatchSchema(op, matchers.SchemaError))
		}
	}
	return resp
}

// failWith matches the documented answer of the operation's code, in the
// session's scheme.
func (s *session) failWith(code string) types.GomegaMatcher {
	GinkgoHelper()
	e := s.op.Error(code)
	Expect(e).NotTo(BeNil(), "%s is not in the contract of %s", code, s.op.Operation)
	return matchers.HaveAPIError(s.op, e, string(s.scheme))
}

// page sends c and expects a 200 page.
func (s *session) page(c *call) *page {
	GinkgoHelper()
	resp := s.send(c)
	Expect(resp.StatusCode).To(Equal(http.StatusOK), "expected a page, got %d: %s", resp.StatusCode, resp.Body)
	Expect(strings.ToLower(resp.Header.Get("Content-Type"))).To(ContainSubstring("json"), "a page must be JSON unless Format=XML was asked")
	return decodePage(s.op, resp)
}

// pagingMode is the schema the contract says the parameters select: the
// page schema of their paging mode, or the one response schema of an
// operation that does not page.
func pagingMode(op *specs.Operation, p url.Values) string {
	if op.Paging == nil {
		return matchers.SchemaAnyPage
	}
	for _, name := range op.Paging.NextToken.SelectedBy {
		if p.Get(name) != "" {
			return matchers.SchemaNextTokenPage
		}
	}
	return matchers.SchemaPageNumberPage
}

// page is a decoded successful answer.
type page struct {
	raw        map[string]any
	items      []map[string]any
	ids        []string
	nextToken  string
	hasToken   bool
	requestID  string
	regionID   string
	total      *float64
	number     *float64
	size       *float64
	statusCode int
}

func decodePage(op *specs.Operation, resp *client.Response) *page {
	GinkgoHelper()
	var raw map[string]any
	dec := json.NewDecoder(bytes.NewReader(resp.Body))
	dec.UseNumber()
	Expect(dec.Decode(&raw)).To(Succeed(), "decoding the page")
	p := &page{raw: raw, statusCode: resp.StatusCode}
	p.requestID, _ = raw["RequestId"].(string)
	p.regionID, _ = raw["RegionId"].(string)
	if op.Paging == nil {
		return p
	}
	p.items = itemsOf(op, raw)
	for _, it := range p.items {
		id, _ := it[op.Paging.OrderBy].(string)
		p.ids = append(p.ids, id)
	}
	tok, ok := raw[op.Paging.NextToken.TokenField].(string)
	p.nextToken, p.hasToken = tok, ok && tok != ""
	p.total = number(raw, op.Paging.PageNumber.TotalField)
	p.number = number(raw, op.Paging.PageNumber.NumberField)
	p.size = number(raw, op.Paging.PageNumber.SizeField)
	return p
}

func number(raw map[string]any, field string) *float64 {
	v, ok := raw[field]
	if !ok {
		return nil
	}
	n, ok := v.(json.Number)
	if !ok {
		Fail(fmt.Sprintf("%s is %T (%v), not a number", field, v, v))
	}
	f, err := n.Float64()
	Expect(err).NotTo(HaveOccurred())
	return &f
}

// itemsOf follows the contract's items path (SecurityGroups.SecurityGroup).
func itemsOf(op *specs.Operation, raw map[string]any) []map[string]any {
	var cur any = raw
	for _, part := range splitPath(op.Paging.ItemsPath) {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[part]
	}
	arr, _ := cur.([]any)
	out := make([]map[string]any, 0, len(arr))
	for _, a := range arr {
		if m, ok := a.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}
