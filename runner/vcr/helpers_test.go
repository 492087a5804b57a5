package vcr

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ecs-conformance/ecs-conformance/internal/signer"
)

// Test credentials. They look real on purpose: ScanSecrets must find them
// wherever Sanitize failed to clear them.
const (
	testAccessKeyID = "LTAI5tTESTACCESSKEYID"
	testSecret      = "TestSecret0123456789abcdefXYZ"
	testSTSKeyID    = "STS.NTestTemporaryKeyId01"
	testSTSToken    = "CAISTestSecurityTokenValue0123456789abcdefABCDEF"
)

// call describes one request as an SDK would send it, DescribeSecurityGroups
// unless action says otherwise.
type call struct {
	style  string // StyleRPC (default) or StyleV3
	action string // DescribeSecurityGroups when empty
	method string // POST when empty
	params [][2]string
	// inBody puts the business parameters in a form body (tea-rpc style).
	inBody bool
	// npm encodes like the npm SDK: space as %20, '*' raw, parameters in
	// the order given; otherwise like Go: '+', %2A, sorted.
	npm              bool
	nonce, timestamp string
	sts              bool
	kase             string
	version          string // 2014-05-26 when empty
	// lowerHeaders writes the x-acs-* headers with lower-case names straight
	// into the header map, as the tea runtime does.
	lowerHeaders bool
}

var baseParams = [][2]string{
	{"RegionId", "cn-hangzhou"},
	{"MaxResults", "10"},
	{"SecurityGroupIds", `["sg-bp1aaaaaaaaaaaaaaaa1", "sg-bp1bbbbbbbbbbbbbbbb2"]`},
	{"Tag.1.Key", "team name"},
	{"Tag.1.Value", "a*b~c/d"},
}

// request builds the signed request against endpoint ("http://host:port").
func (c call) request(t testing.TB, endpoint string) *http.Request {
	t.Helper()
	if c.method == "" {
		c.method = http.MethodPost
	}
	if c.nonce == "" {
		c.nonce = "3a7c9e1f5b2d4068a1c3e5f7092b4d6f"
	}
	if c.timestamp == "" {
		c.timestamp = "2026-11-26T20:20:07Z"
	}
	if c.version == "" {
		c.version = "2014-05-26"
	}
	if c.action == "" {
		c.action = "DescribeSecurityGroups"
	}
	if c.params == nil {
		c.params = baseParams
	}
	ak := testAccessKeyID
	if c.sts {
		ak = testSTSKeyID
	}
	if c.style == StyleV3 {
		return c.v3(t, endpoint, ak)
	}
	return c.rpc(t, endpoint, ak)
}

func (c call) rpc(t testing.TB, endpoint, ak string) *http.Request {
	common := [][2]string{
		{"AccessKeyId", ak}, {"Action", c.action}, {"Format", "JSON"},
		{"SignatureMethod", signer.RPCSignatureMethod}, {"SignatureNonce", c.nonce},
		{"SignatureVersion", signer.RPCSignatureVersion}, {"Timestamp", c.timestamp}, {"Version", c.version},
	}
	if c.sts {
		common = append(common, [2]string{"SecurityToken", testSTSToken})
	}
	all := url.Values{}
	for _, p := range append(append([][2]string{}, common...), c.params...) {
		all.Add(p[0], p[1])
	}
	signature := signer.RPCSign(testSecret, signer.RPCStringToSign(c.method, all))
	query := append(append([][2]string{}, common...), [2]string{"Signature", signature})
	var body string
	if c.inBody {
		body = c.encode(c.params)
	} else {
		query = append(query, c.params...)
	}
	req := newRequest(t, c.method, endpoint+"/?"+c.encode(query), body)
	if c.inBody {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	// The v7 SDK adds an unsigned x-acs-action header to RPC calls too.
	req.Header.Set("x-acs-action", c.action)
	req.Header.Set("User-Agent", "AlibabaCloud (linux; amd64) Golang/1.26 Core/0.01 TeaDSL/1")
	if c.kase != "" {
		req.Header.Set(CaseHeader, c.kase)
	}
	return req
}

func (c call) v3(t testing.TB, endpoint, ak string) *http.Request {
	var body string
	query := c.params
	if c.inBody {
		body, query = c.encode(c.params), nil
	}
	req := newRequest(t, c.method, endpoint+"/?"+c.encode(query), body)
	set := req.Header.Set
	if c.lowerHeaders {
		set = func(k, v string) { req.Header[strings.ToLower(k)] = []string{v} }
	}
	set("x-acs-action", c.action)
	set("x-acs-version", c.version)
	set("x-acs-date", c.timestamp)
	set("x-acs-signature-nonce", c.nonce)
	set("x-acs-content-sha256", signer.HashPayload([]byte(body)))
	set("x-acs-credentials-provider", "static_ak")
	if c.sts {
		set("x-acs-security-token", testSTSToken)
		set("x-acs-accesskey-id", ak)
	}
	if c.inBody {
		set("Content-Type", "application/x-www-form-urlencoded")
	}
	q := url.Values{}
	for _, p := range query {
		q.Add(p[0], p[1])
	}
	signed := signer.DefaultSignedHeaders(req.Header)
	canonical := signer.CanonicalRequest(c.method, "/", q, req.Header, req.URL.Host, signed, signer.HashPayload([]byte(body)))
	auth := signer.Authorization{Credential: ak, SignedHeaders: signed, Signature: signer.V3Sign(testSecret, signer.V3StringToSign(canonical))}
	req.Header.Set("Authorization", auth.String())
	req.Header.Set("User-Agent", "AlibabaCloud (linux; amd64) Golang/1.26 Core/0.01 TeaDSL/2")
	if c.kase != "" {
		req.Header.Set(CaseHeader, c.kase)
	}
	return req
}

// encode lays parameters out as the chosen client does.
func (c call) encode(params [][2]string) string {
	if !c.npm {
		v := url.Values{}
		for _, p := range params {
			v.Add(p[0], p[1])
		}
		return v.Encode()
	}
	parts := make([]string, len(params))
	for i, p := range params {
		parts[i] = npmEscape(p[0]) + "=" + npmEscape(p[1])
	}
	return strings.Join(parts, "&")
}

// npmEscape encodes as the npm SDK: RFC 3986, but '*' left raw.
func npmEscape(s string) string {
	return strings.ReplaceAll(signer.PercentEncode(s), "%2A", "*")
}

func newRequest(t testing.TB, method, target, body string) *http.Request {
	t.Helper()
	var req *http.Request
	var err error
	if body == "" {
		req, err = http.NewRequest(method, target, nil)
	} else {
		req, err = http.NewRequest(method, target, strings.NewReader(body))
	}
	if err != nil {
		t.Fatalf("building request %s %s: %v", method, target, err)
	}
	return req
}

// with returns the base parameters with name set to value (appended when
// new; removed when value is "-").
func with(name, value string) [][2]string {
	out := make([][2]string, 0, len(baseParams)+1)
	found := false
	for _, p := range baseParams {
		if p[0] == name {
			found = true
			if value == "-" {
				continue
			}
			p[1] = value
		}
		out = append(out, p)
	}
	if !found && value != "-" {
		out = append(out, [2]string{name, value})
	}
	return out
}

// keyOfCall computes the key of a call's request.
func keyOfCall(t testing.TB, c call) Key {
	t.Helper()
	req := c.request(t, "http://127.0.0.1:1")
	body, err := readBody(req)
	if err != nil {
		t.Fatal(err)
	}
	k, err := CanonicalKey(req, body)
	if err != nil {
		t.Fatalf("CanonicalKey: %v", err)
	}
	return k
}

// unused returns the recorded interactions a replay has not used yet: after
// a scenario, a non-empty list means fewer requests were sent than were
// recorded. Record and Passthrough recorders return nil.
func (r *Recorder) unused() []Recorded {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []Recorded
	for i, used := range r.used {
		if !used {
			out = append(out, Recorded{File: r.file, Index: i, Interaction: r.loaded[i]})
		}
	}
	return out
}
