package client

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ecs-conformance/ecs-conformance/internal/signer"
)

// businessParams exercises the encodings that differ between clients: a
// space, '*', '/', '~', a JSON array and an empty value.
func businessParams() url.Values {
	return url.Values{
		"RegionId":         {"cn-hangzhou"},
		"MaxResults":       {"20"},
		"SecurityGroupIds": {`["sg-bp1aaaaaaaaaaaaaaaa1","sg-bp1bbbbbbbbbbbbbbbb2"]`},
		"Tag.1.Key":        {"team name"},
		"Tag.1.Value":      {"a*b~c/d"},
		"Tag.10.Key":       {"x"},
		"ResourceGroupId":  {""},
	}
}

// TestWireLayout sends one request in each mode to a real HTTP server and
// checks, from what the server received, the layout and — recomputed
// independently with the signer — the signature.
func TestWireLayout(t *testing.T) {
	tests := []struct {
		name   string
		scheme Scheme
		method string
		inBody bool
		token  string
	}{
		{"v3 POST query", SchemeV3, "POST", false, ""},
		{"v3 GET query", SchemeV3, "GET", false, ""},
		{"v3 POST body", SchemeV3, "POST", true, ""},
		{"v3 POST query STS", SchemeV3, "POST", false, "STS.TOKEN+/="},
		{"v3 POST body STS", SchemeV3, "POST", true, "STS.TOKEN+/="},
		{"rpc POST query", SchemeRPC, "POST", false, ""},
		{"rpc GET query", SchemeRPC, "GET", false, ""},
		{"rpc POST body", SchemeRPC, "POST", true, ""},
		{"rpc POST query STS", SchemeRPC, "POST", false, "STS.TOKEN+/="},
		{"rpc POST body STS", SchemeRPC, "POST", true, "STS.TOKEN+/="},
		{"default method is POST", SchemeV3, "", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := newRecorder(t)
			c := newTestClient(t, rec, tt.scheme, tt.token)
			resp, err := c.Do(context.Background(), Request{
				Action: "DescribeSecurityGroups", Params: businessParams(), Method: tt.method, InBody: tt.inBody,
			})
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != 200 || string(resp.Body) != `{"RequestId":"R"}` {
				t.Errorf("response %d %q", resp.StatusCode, resp.Body)
			}
			got := rec.last(t)
			wantMethod := tt.method
			if wantMethod == "" {
				wantMethod = "POST"
			}
			if got.Method != wantMethod || got.Path != "/" {
				t.Errorf("%s %s, want %s /", got.Method, got.Path, wantMethod)
			}
			if !verify(t, tt.scheme, got, testSecret) {
				t.Errorf("the signature does not verify")
			}
			if tt.scheme == SchemeRPC {
				checkRPCLayout(t, got, tt.inBody, tt.token)
			} else {
				checkV3Layout(t, got, tt.inBody, tt.token)
			}
		})
	}
}

func checkBusiness(t *testing.T, where string, got url.Values) {
	t.Helper()
	for name, want := range businessParams() {
		if v, ok := got[name]; !ok || len(v) != 1 || v[0] != want[0] {
			t.Errorf("%s: %s = %q, want %q", where, name, v, want)
		}
	}
}

func checkRPCLayout(t *testing.T, got received, inBody bool, token string) {
	t.Helper()
	want := map[string]string{
		"Action": "DescribeSecurityGroups", "Version": "2014-05-26", "Format": "JSON",
		"AccessKeyId": testAK, "SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0",
		"SignatureNonce": "0123456789abcdef0123456789abcdef", "Timestamp": "2026-11-26T20:20:07Z",
	}
	if token != "" {
		want["SecurityToken"] = token
	}
	for name, value := range want {
		if v := got.Query.Get(name); v != value {
			t.Errorf("query %s = %q, want %q", name, v, value)
		}
	}
	if got.Query.Get("Signature") == "" {
		t.Error("no Signature in the query")
	}
	if token == "" && got.Query.Has("SecurityToken") {
		t.Error("SecurityToken sent without STS credentials")
	}
	if inBody {
		form, _ := url.ParseQuery(string(got.Body))
		checkBusiness(t, "body", form)
		if got.Query.Has("RegionId") {
			t.Error("business parameters also in the query")
		}
		for name := range want {
			if form.Has(name) {
				t.Errorf("common parameter %s in the body; the tea-rpc layout keeps it in the query", name)
			}
		}
	} else {
		checkBusiness(t, "query", got.Query)
		if len(got.Body) != 0 {
			t.Errorf("body %q, want none", got.Body)
		}
	}
	if got.Header.Get("Authorization") != "" {
		t.Error("an RPC request carries an Authorization header")
	}
}

func checkV3Layout(t *testing.T, got received, inBody bool, token string) {
	t.Helper()
	want := map[string]string{
		"x-acs-action": "DescribeSecurityGroups", "x-acs-version": "2014-05-26",
		"x-acs-date": "2026-11-26T20:20:07Z", "x-acs-signature-nonce": "0123456789abcdef0123456789abcdef",
		"x-acs-content-sha256": signer.HashPayload(got.Body), "Accept": "application/json",
	}
	if token != "" {
		want["x-acs-security-token"] = token
		want["x-acs-accesskey-id"] = testAK
	}
	if inBody {
		want["Content-Type"] = "application/x-www-form-urlencoded"
	}
	for name, value := range want {
		if v := got.Header.Get(name); v != value {
			t.Errorf("header %s = %q, want %q", name, v, value)
		}
	}
	if token == "" && got.Header.Get("x-acs-security-token") != "" {
		t.Error("x-acs-security-token sent without STS credentials")
	}
	auth, _ := signer.ParseAuthorization(got.Header.Get("Authorization"))
	if auth.Credential != testAK {
		t.Errorf("Credential = %q, want %q", auth.Credential, testAK)
	}
	for _, common := range []string{"Action", "Version", "Format", "Timestamp", "SignatureNonce", "AccessKeyId", "Signature"} {
		if got.Query.Has(common) {
			t.Errorf("V3 query carries the RPC common parameter %s", common)
		}
	}
	if inBody {
		form, _ := url.ParseQuery(string(got.Body))
		checkBusiness(t, "body", form)
		if len(got.Query) != 0 {
			t.Errorf("query %v, want none", got.Query)
		}
	} else {
		checkBusiness(t, "query", got.Query)
		if len(got.Body) != 0 {
			t.Errorf("body %q, want none", got.Body)
		}
	}
}

// TestRequestHeaderIsSigned checks that an extra x-acs-* header, like the
// x-acs-credentials-provider of the v7 SDK, is covered by the V3 signature.
func TestRequestHeaderIsSigned(t *testing.T) {
	rec := newRecorder(t)
	c := newTestClient(t, rec, SchemeV3, "")
	_, err := c.Do(context.Background(), Request{
		Action: "DescribeSecurityGroups", Params: url.Values{"RegionId": {"cn-hangzhou"}},
		Header: http.Header{"x-acs-credentials-provider": {"static_ak"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	got := rec.last(t)
	if !verifyV3(t, got, testSecret) {
		t.Error("the signature does not verify")
	}
	if !strings.Contains(got.Header.Get("Authorization"), ";x-acs-credentials-provider;") {
		t.Errorf("x-acs-credentials-provider not signed: %s", got.Header.Get("Authorization"))
	}
}

// TestBusinessParamReplacesCommon checks that Params can override a common
// parameter (Format=XML asks for XML errors) without sending it twice.
func TestBusinessParamReplacesCommon(t *testing.T) {
	rec := newRecorder(t)
	c := newTestClient(t, rec, SchemeRPC, "")
	if _, err := c.Do(context.Background(), Request{Action: "DescribeSecurityGroups", Params: url.Values{"Format": {"XML"}}}); err != nil {
		t.Fatal(err)
	}
	got := rec.last(t)
	if v := got.Query["Format"]; len(v) != 1 || v[0] != "XML" {
		t.Errorf("Format = %q, want [XML]", v)
	}
	if !verifyRPC(t, got, testSecret) {
		t.Error("the signature does not verify")
	}
}

func TestDefaultNonceIsFreshHex(t *testing.T) {
	rec := newRecorder(t)
	c, err := New(Config{Endpoint: rec.URL, AccessKeyID: testAK, AccessKeySecret: testSecret})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for range 3 {
		if _, err := c.Do(context.Background(), Request{Action: "DescribeSecurityGroups"}); err != nil {
			t.Fatal(err)
		}
		n := rec.last(t).Header.Get("x-acs-signature-nonce")
		if len(n) != 32 || strings.Trim(n, "0123456789abcdef") != "" {
			t.Errorf("nonce %q is not 32 lower-case hex characters", n)
		}
		if seen[n] {
			t.Errorf("nonce %q repeated", n)
		}
		seen[n] = true
	}
}
