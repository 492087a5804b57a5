package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ecs-conformance/ecs-conformance/emulator/store"
	"github.com/ecs-conformance/ecs-conformance/internal/client"
	"github.com/ecs-conformance/ecs-conformance/internal/signer"
	"github.com/ecs-conformance/ecs-conformance/specs"
)

// testNow is the clock of most tests.
var testNow = time.Date(2026, 11, 26, 20, 20, 7, 0, time.UTC)

// handlerTransport delivers a client's request to a handler in process,
// presented as a server would receive it.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		var err error
		if body, err = io.ReadAll(req.Body); err != nil {
			return nil, err
		}
	}
	srv := httptest.NewRequest(req.Method, req.URL.RequestURI(), bytes.NewReader(body))
	srv.Header = req.Header.Clone()
	srv.Host = req.Host
	if srv.Host == "" {
		srv.Host = req.URL.Host
	}
	srv.ContentLength = int64(len(body))
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, srv)
	return rec.Result(), nil
}

// newTestServer returns an emulator at testNow with the default keys and
// fixture, changed by edit.
func newTestServer(t testing.TB, edit func(*Options)) *Server {
	t.Helper()
	o := Options{Clock: func() time.Time { return testNow }}
	if edit != nil {
		edit(&o)
	}
	s, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var nonceSeq atomic.Int64

// newClient signs as key with scheme against s, in process.
func newClient(t testing.TB, s *Server, scheme client.Scheme, id, secret, token string) *client.Client {
	t.Helper()
	c, err := client.New(client.Config{
		Endpoint: "http://127.0.0.1:8080", AccessKeyID: id, AccessKeySecret: secret, SecurityToken: token,
		Scheme: scheme, HTTPClient: &http.Client{Transport: handlerTransport{s}},
		Clock: func() time.Time { return testNow },
		Nonce: func() string { return fmt.Sprintf("nonce%027d", nonceSeq.Add(1)) },
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func defaultClient(t testing.TB, s *Server, scheme client.Scheme) *client.Client {
	return newClient(t, s, scheme, DefaultAccessKeyID, DefaultAccessKeySecret, "")
}

// do sends a DescribeSecurityGroups with params (name, value, name, value...).
func do(t testing.TB, c *client.Client, req client.Request) *client.Response {
	t.Helper()
	if req.Action == "" && req.Tamper.Action == "" {
		req.Action = "DescribeSecurityGroups"
	}
	resp, err := c.Do(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

func params(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

// errorBody is the error envelope as decoded by a test.
type errorBody struct {
	RequestID          string `json:"RequestId"`
	HostID             string `json:"HostId"`
	Code               string
	Message            string
	Recommend          string
	AccessDeniedDetail map[string]any
}

// wantError checks status, code and the envelope of an error answer of
// DescribeSecurityGroups, and returns the body for further checks.
func wantError(t testing.TB, resp *client.Response, code string) errorBody {
	t.Helper()
	return wantErrorOf(t, op(), resp, code)
}

// wantErrorOf is wantError for the operation of contract.
func wantErrorOf(t testing.TB, contract *specs.Operation, resp *client.Response, code string) errorBody {
	t.Helper()
	var e errorBody
	if err := json.Unmarshal(resp.Body, &e); err != nil {
		t.Fatalf("want error %s, got %d with a body that is not JSON: %v\n%s", code, resp.StatusCode, err, resp.Body)
	}
	if e.Code != code {
		t.Fatalf("want error %s, got %d %s: %s", code, resp.StatusCode, e.Code, e.Message)
	}
	checkEnvelopeOf(t, contract, resp.StatusCode, resp.Header, e)
	return e
}

// checkEnvelope checks an error's status and message against the contract
// of DescribeSecurityGroups and the presence of every envelope field.
func checkEnvelope(t testing.TB, status int, h http.Header, e errorBody) {
	t.Helper()
	checkEnvelopeOf(t, op(), status, h, e)
}

// checkEnvelopeOf is checkEnvelope for the operation of contract.
func checkEnvelopeOf(t testing.TB, contract *specs.Operation, status int, h http.Header, e errorBody) {
	t.Helper()
	entry := contract.Error(e.Code)
	if entry == nil {
		t.Fatalf("code %q is not in the contract", e.Code)
	}
	if status != entry.Status {
		t.Errorf("%s: status %d, contract says %d", e.Code, status, entry.Status)
	}
	if !messageMatches(entry.Message, e.Message) && !messageMatches(entry.V3Message, e.Message) {
		t.Errorf("%s: message %q does not match the contract's %q", e.Code, e.Message, entry.Message)
	}
	if !uuidForm(e.RequestID) || e.HostID != DefaultHostID {
		t.Errorf("%s: RequestId %q or HostId %q is wrong", e.Code, e.RequestID, e.HostID)
	}
	if want := "https://api.aliyun.com/troubleshoot?q=" + e.Code + "&product=Ecs&requestId=" + e.RequestID; e.Recommend != want {
		t.Errorf("%s: Recommend %q, want %q", e.Code, e.Recommend, want)
	}
	if ct := h.Get("Content-Type"); ct != "application/json;charset=utf-8" {
		t.Errorf("%s: Content-Type %q", e.Code, ct)
	}
}

// messageMatches compares a message with a contract template, where each
// {placeholder} matches any text.
func messageMatches(template, msg string) bool {
	if template == "" {
		return false
	}
	parts := placeholder.Split(template, -1)
	for i := range parts {
		parts[i] = regexp.QuoteMeta(parts[i])
	}
	return regexp.MustCompile(`(?s)^` + strings.Join(parts, ".*") + `$`).MatchString(msg)
}

var placeholder = regexp.MustCompile(`\{[A-Za-z]+\}`)

// op is the contract of DescribeSecurityGroups, which most tests send.
func op() *specs.Operation { return specs.Lookup("DescribeSecurityGroups") }

// validRequest returns a request of contract that the default fixture
// answers with 200: RegionId, and each parameter the contract resolves from
// another operation's first result (a SecurityGroupId from
// DescribeSecurityGroups), asked of s as the default key.
func validRequest(t testing.TB, s *Server, contract *specs.Operation) client.Request {
	t.Helper()
	req := client.Request{Action: contract.Operation, Params: params("RegionId", "cn-hangzhou")}
	for _, r := range contract.Requests.Resolve {
		from := specs.Lookup(r.From)
		if from == nil || from.Paging == nil {
			t.Fatalf("%s resolves %s from %s, which is no paged operation of the contract set", contract.Operation, r.Param, r.From)
		}
		resp := do(t, defaultClient(t, s, client.SchemeV3), client.Request{Action: r.From, Params: params("RegionId", "cn-hangzhou")})
		var body map[string]any
		if err := json.Unmarshal(resp.Body, &body); err != nil || resp.StatusCode != 200 {
			t.Fatalf("resolving %s from %s: %d %s", r.Param, r.From, resp.StatusCode, resp.Body)
		}
		var items any = body
		for _, step := range strings.Split(from.Paging.ItemsPath, ".") {
			m, _ := items.(map[string]any)
			items = m[step]
		}
		list, _ := items.([]any)
		if len(list) == 0 {
			t.Fatalf("resolving %s: %s answered no item at %s", r.Param, r.From, from.Paging.ItemsPath)
		}
		first, _ := list[0].(map[string]any)
		value, ok := first[r.Field].(string)
		if !ok {
			t.Fatalf("resolving %s: the first item of %s has no string %s", r.Param, r.From, r.Field)
		}
		req.Params.Set(r.Param, value)
	}
	return req
}

// wantOK checks that an answer is a 200 JSON object.
func wantOK(t testing.TB, resp *client.Response) {
	t.Helper()
	var body map[string]any
	if resp.StatusCode != 200 || json.Unmarshal(resp.Body, &body) != nil {
		t.Fatalf("want a 200 JSON answer, got %d: %s", resp.StatusCode, resp.Body)
	}
}

func uuidForm(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, c := range s {
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'A' <= c && c <= 'F') {
				return false
			}
		}
	}
	return true
}

// page is a success answer as decoded by a test.
type page struct {
	RequestID      string `json:"RequestId"`
	RegionID       string `json:"RegionId"`
	NextToken      *string
	TotalCount     *int
	PageNumber     *int
	PageSize       *int
	SecurityGroups struct {
		SecurityGroup []struct {
			SecurityGroupID         string `json:"SecurityGroupId"`
			SecurityGroupName       string
			SecurityGroupType       string
			VpcID                   string `json:"VpcId"`
			CreationTime            string
			EcsCount                int
			AvailableInstanceAmount int
			ResourceGroupID         string `json:"ResourceGroupId"`
			ServiceManaged          bool
			ServiceID               int64
			Tags                    struct {
				Tag []struct{ TagKey, TagValue string }
			}
		}
	}
}

func wantPage(t testing.TB, resp *client.Response) page {
	t.Helper()
	if resp.StatusCode != 200 {
		t.Fatalf("want 200, got %d: %s", resp.StatusCode, resp.Body)
	}
	var p page
	if err := json.Unmarshal(resp.Body, &p); err != nil {
		t.Fatalf("answer is not JSON: %v\n%s", err, resp.Body)
	}
	return p
}

func (p page) ids() []string {
	var ids []string
	for _, g := range p.SecurityGroups.SecurityGroup {
		ids = append(ids, g.SecurityGroupID)
	}
	return ids
}

// allGroups returns the fixture's groups of account in region, by ID descending.
func allGroups(t testing.TB, s *Server, account, region string) []store.Group {
	t.Helper()
	gs, total := s.Store().Slice(store.Query{Account: account, Region: region}, 0, 1<<30)
	if total != len(gs) {
		t.Fatalf("store slice: %d of %d", len(gs), total)
	}
	return gs
}

// rawRequest is a request built byte by byte, for what no client sends.
type rawRequest struct {
	method, target, body, contentType, host string
	header                                  http.Header
}

func serveRaw(t testing.TB, s *Server, rr rawRequest) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(rr.method, "http://127.0.0.1:8080/", strings.NewReader(rr.body))
	// Set the target verbatim: httptest.NewRequest would reject some of
	// the broken ones this package must survive.
	r.RequestURI = rr.target
	u, err := url.ParseRequestURI(rr.target)
	if err != nil {
		// Keep the raw bytes as the query, as a lenient front end would.
		path, query, _ := strings.Cut(rr.target, "?")
		u = &url.URL{Path: path, RawQuery: query}
	}
	r.URL = u
	r.Host = "127.0.0.1:8080"
	if rr.host != "" {
		r.Host = rr.host
	}
	for k, v := range rr.header {
		r.Header[k] = v
	}
	if rr.contentType != "" {
		r.Header.Set("Content-Type", rr.contentType)
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, r)
	return rec
}

// checkRaw checks a raw answer: an error of code with its contract status,
// or a 200 page when code is "".
func checkRaw(t testing.TB, name string, rec *httptest.ResponseRecorder, status int, code string) {
	t.Helper()
	if rec.Code >= 500 && code != "InternalError" && code != "ServiceUnavailable" {
		t.Errorf("%s: got %d, a server error: %s", name, rec.Code, rec.Body)
		return
	}
	var e errorBody
	if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil {
		t.Errorf("%s: %d answer is not JSON: %v: %.200s", name, rec.Code, err, rec.Body)
		return
	}
	if rec.Code != status || e.Code != code {
		t.Errorf("%s: got %d %q (%s), want %d %q", name, rec.Code, e.Code, e.Message, status, code)
		return
	}
	if code != "" {
		checkEnvelope(t, rec.Code, rec.Header(), e)
	}
}

// signedRPC returns a query string for params signed with the default pair
// by the RPC scheme, for method, with the given nonce.
func signedRPC(method string, p url.Values, nonce string) url.Values {
	q := url.Values{}
	for k, v := range p {
		q[k] = append([]string(nil), v...)
	}
	for k, v := range map[string]string{"AccessKeyId": DefaultAccessKeyID, "Action": "DescribeSecurityGroups",
		"Version": "2014-05-26", "Format": "JSON", "SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0",
		"SignatureNonce": nonce, "Timestamp": testNow.Format(signer.RPCTimestampLayout)} {
		if _, ok := q[k]; !ok {
			q.Set(k, v)
		}
	}
	q.Set("Signature", signer.RPCSign(DefaultAccessKeySecret, signer.RPCStringToSign(method, q)))
	return q
}

// signedV3 returns the headers of a V3 request with the given decoded query
// and body, signed with the default pair.
func signedV3(method string, query url.Values, body, nonce string, extra http.Header) http.Header {
	h := http.Header{}
	for k, v := range extra {
		h[k] = v
	}
	h.Set("x-acs-action", "DescribeSecurityGroups")
	h.Set("x-acs-version", "2014-05-26")
	h.Set("x-acs-date", testNow.Format(signer.RPCTimestampLayout))
	h.Set("x-acs-signature-nonce", nonce)
	h.Set("x-acs-content-sha256", signer.HashPayload([]byte(body)))
	signed := signer.DefaultSignedHeaders(h)
	cr := signer.CanonicalRequest(method, "/", query, h, "127.0.0.1:8080", signed, signer.HashPayload([]byte(body)))
	sig := signer.V3Sign(DefaultAccessKeySecret, signer.V3StringToSign(cr))
	h.Set("Authorization", signer.Authorization{Credential: DefaultAccessKeyID, SignedHeaders: signed, Signature: sig}.String())
	return h
}

// xmlWellFormed reads a whole XML document and reports its first error.
func xmlWellFormed(data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
