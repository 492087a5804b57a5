package emulator

import (
	"net/http"
	"net/textproto"
	"strings"
	"testing"
	"time"

	"github.com/ecs-conformance/ecs-conformance/internal/client"
	"github.com/ecs-conformance/ecs-conformance/internal/signer"
)

var region = params("RegionId", "cn-hangzhou")

func at(d time.Duration) *time.Time { t := testNow.Add(d); return &t }

// TestAuthErrors provokes every authentication error of the contract with
// both schemes and checks status, code, message and envelope.
func TestAuthErrors(t *testing.T) {
	type tc struct {
		name    string
		schemes []client.Scheme // nil: both
		key     string          // a DefaultKeys ID; "" the default pair
		req     client.Request
		code    string
	}
	both := []client.Scheme{client.SchemeRPC, client.SchemeV3}
	rpc := []client.Scheme{client.SchemeRPC}
	v3 := []client.Scheme{client.SchemeV3}
	tests := []tc{
		{name: "missing key rpc", schemes: rpc, req: client.Request{Tamper: client.Tamper{Omit: []string{"AccessKeyId"}}}, code: "MissingAccessKeyId"},
		{name: "missing credential v3", schemes: v3, req: client.Request{Tamper: client.Tamper{MalformedAuthorization: "ACS3-HMAC-SHA256 SignedHeaders=host,Signature=" + strings.Repeat("a", 64)}}, code: "MissingAccessKeyId"},
		{name: "missing timestamp rpc", schemes: rpc, req: client.Request{Tamper: client.Tamper{Omit: []string{"Timestamp"}}}, code: "MissingTimestamp"},
		{name: "missing timestamp v3", schemes: v3, req: client.Request{Tamper: client.Tamper{Omit: []string{"x-acs-date"}}}, code: "MissingTimestamp"},
		{name: "missing nonce rpc", schemes: rpc, req: client.Request{Tamper: client.Tamper{Omit: []string{"SignatureNonce"}}}, code: "MissingSignatureNonce"},
		{name: "missing signature method rpc", schemes: rpc, req: client.Request{Tamper: client.Tamper{Omit: []string{"SignatureMethod"}}}, code: "IncompleteSignature"},
		{name: "missing signature version rpc", schemes: rpc, req: client.Request{Tamper: client.Tamper{Omit: []string{"SignatureVersion"}}}, code: "IncompleteSignature"},
		{name: "missing signature method and version rpc", schemes: rpc, req: client.Request{Tamper: client.Tamper{Omit: []string{"SignatureMethod", "SignatureVersion"}}}, code: "IncompleteSignature"},
		{name: "nonce one byte over the bound", req: client.Request{Tamper: client.Tamper{Nonce: strings.Repeat("n", MaxNonceBytes+1)}}, code: "IncompleteSignature"},
		{name: "nonce of 60 KiB", req: client.Request{Tamper: client.Tamper{Nonce: strings.Repeat("n", 60<<10)}}, code: "IncompleteSignature"},
		{name: "missing nonce v3", schemes: v3, req: client.Request{Tamper: client.Tamper{Omit: []string{"x-acs-signature-nonce"}}}, code: "MissingSignatureNonce"},
		{name: "unknown action", req: client.Request{Tamper: client.Tamper{Action: "DescribeNothing"}}, code: "InvalidAction.NotFound"},
		{name: "unsupported version", req: client.Request{Tamper: client.Tamper{Version: "2099-01-01"}}, code: "InvalidVersion"},
		{name: "unknown key", req: client.Request{Tamper: client.Tamper{AccessKeyID: "LTAI5tNobodyKnowsMe", Secret: "x"}}, code: "InvalidAccessKeyId.NotFound"},
		{name: "disabled key", key: DisabledAccessKeyID, code: "InvalidAccessKeyId.Inactive"},
		{name: "garbled timestamp", req: client.Request{Tamper: client.Tamper{RawTimestamp: "2026/11/26 20:20:07"}}, code: "InvalidTimeStamp.Format"},
		{name: "timestamp with fraction", req: client.Request{Tamper: client.Tamper{RawTimestamp: "2026-11-26T20:20:07.5Z"}}, code: "InvalidTimeStamp.Format"},
		{name: "timestamp an hour old", req: client.Request{Tamper: client.Tamper{Timestamp: at(-time.Hour)}}, code: "InvalidTimeStamp.Expired"},
		{name: "timestamp 16 minutes ahead", req: client.Request{Tamper: client.Tamper{Timestamp: at(16 * time.Minute)}}, code: "InvalidTimeStamp.Expired"},
		{name: "bad signature", req: client.Request{Tamper: client.Tamper{CorruptSignature: true}}, code: "SignatureDoesNotMatch"},
		{name: "signature missing rpc", schemes: rpc, req: client.Request{Tamper: client.Tamper{Omit: []string{"Signature"}}}, code: "IncompleteSignature"},
		{name: "authorization missing v3", schemes: v3, req: client.Request{Tamper: client.Tamper{Omit: []string{"Authorization"}}}, code: "IncompleteSignature"},
		{name: "authorization without signature", schemes: v3, req: client.Request{Tamper: client.Tamper{MalformedAuthorization: "ACS3-HMAC-SHA256 Credential=" + DefaultAccessKeyID + ",SignedHeaders=host"}}, code: "IncompleteSignature"},
		{name: "unknown algorithm", schemes: v3, req: client.Request{Tamper: client.Tamper{MalformedAuthorization: "ACS3-HMAC-SM3 Credential=" + DefaultAccessKeyID + ",SignedHeaders=host,Signature=" + strings.Repeat("a", 64)}}, code: "IncompleteSignature"},
		{name: "unsigned x-acs header", schemes: v3, req: client.Request{Tamper: client.Tamper{Header: http.Header{"X-Acs-Extra": {"1"}}}}, code: "IncompleteSignature"},
		{name: "denied key", key: DeniedAccessKeyID, code: "Forbidden.RAM"},
		{name: "sts key without its token", key: STSAccessKeyID + "/no-token", code: "InvalidAccessKeyId.NotFound"},
		// Precedence (DescribeSecurityGroups.validation.precedence).
		{name: "bad signature beats DryRun", req: client.Request{Params: params("RegionId", "cn-hangzhou", "DryRun", "true"), Tamper: client.Tamper{CorruptSignature: true}}, code: "SignatureDoesNotMatch"},
		{name: "bad signature beats a bad parameter", req: client.Request{Params: params("RegionId", "cn-hangzhou", "MaxResults", "0"), Tamper: client.Tamper{CorruptSignature: true}}, code: "SignatureDoesNotMatch"},
		{name: "missing timestamp beats unknown action", schemes: rpc, req: client.Request{Tamper: client.Tamper{Omit: []string{"Timestamp"}, Action: "Nope"}}, code: "MissingTimestamp"},
		{name: "unknown key beats expired timestamp", req: client.Request{Tamper: client.Tamper{AccessKeyID: "LTAI5tNobody", Secret: "x", Timestamp: at(-time.Hour)}}, code: "InvalidAccessKeyId.NotFound"},
		{name: "expired beats bad signature", req: client.Request{Tamper: client.Tamper{Timestamp: at(-time.Hour), CorruptSignature: true}}, code: "InvalidTimeStamp.Expired"},
		{name: "format beats expired", req: client.Request{Tamper: client.Tamper{RawTimestamp: "1999-01-01 00:00:00"}}, code: "InvalidTimeStamp.Format"},
		{name: "denied beats DryRun and bad parameters", key: DeniedAccessKeyID, req: client.Request{Params: params("RegionId", "cn-hangzhou", "DryRun", "true", "MaxResults", "0")}, code: "Forbidden.RAM"},
		{name: "bad signature beats denied", key: DeniedAccessKeyID, req: client.Request{Tamper: client.Tamper{CorruptSignature: true}}, code: "SignatureDoesNotMatch"},
	}
	keys := map[string]AccessKey{}
	for _, k := range DefaultKeys() {
		keys[k.ID] = k
	}
	for _, tt := range tests {
		schemes := tt.schemes
		if schemes == nil {
			schemes = both
		}
		for _, sc := range schemes {
			t.Run(string(sc)+"/"+tt.name, func(t *testing.T) {
				s := newTestServer(t, nil)
				id := tt.key
				if id == "" {
					id = DefaultAccessKeyID
				}
				id, noToken := strings.CutSuffix(id, "/no-token")
				k := keys[id]
				token := k.SecurityToken
				if noToken {
					token = ""
				}
				req := tt.req
				if req.Params == nil {
					req.Params = region
				}
				resp := do(t, newClient(t, s, sc, k.ID, k.Secret, token), req)
				e := wantError(t, resp, tt.code)
				if tt.code == "Forbidden.RAM" {
					for _, f := range []string{"AuthAction", "NoPermissionType", "AuthPrincipalOwnerId"} {
						if e.AccessDeniedDetail[f] == nil || e.AccessDeniedDetail[f] == "" {
							t.Errorf("AccessDeniedDetail lacks %s: %v", f, e.AccessDeniedDetail)
						}
					}
					if e.AccessDeniedDetail["AuthAction"] != "ecs:DescribeSecurityGroups" {
						t.Errorf("AuthAction %v", e.AccessDeniedDetail["AuthAction"])
					}
				} else if e.AccessDeniedDetail != nil {
					t.Errorf("AccessDeniedDetail on %s", tt.code)
				}
			})
		}
	}
}

// TestAuthAccepted checks the requests that must pass: each default key that
// is meant to work, STS with its token, both methods and both layouts, and
// timestamps at the edges of the window.
func TestAuthAccepted(t *testing.T) {
	tests := []struct {
		name               string
		id, secret, token  string
		req                client.Request
		schemes            []client.Scheme
		wantAccount, check string
	}{
		{name: "default pair POST query", id: DefaultAccessKeyID, secret: DefaultAccessKeySecret},
		{name: "default pair GET", id: DefaultAccessKeyID, secret: DefaultAccessKeySecret, req: client.Request{Method: "GET"}},
		{name: "default pair form body", id: DefaultAccessKeyID, secret: DefaultAccessKeySecret, req: client.Request{InBody: true}},
		{name: "second account", id: SecondAccessKeyID, secret: SecondAccessKeySecret},
		{name: "sts with token", id: STSAccessKeyID, secret: STSAccessKeySecret, token: STSSecurityToken},
		{name: "14 minutes late", id: DefaultAccessKeyID, secret: DefaultAccessKeySecret, req: client.Request{Tamper: client.Tamper{Timestamp: at(-14 * time.Minute)}}},
		{name: "14 minutes early", id: DefaultAccessKeyID, secret: DefaultAccessKeySecret, req: client.Request{Tamper: client.Tamper{Timestamp: at(14 * time.Minute)}}},
		{name: "signed x-acs header", id: DefaultAccessKeyID, secret: DefaultAccessKeySecret, req: client.Request{Header: http.Header{"X-Acs-Credentials-Provider": {"static_ak"}}}},
		{name: "nonce at the bound", id: DefaultAccessKeyID, secret: DefaultAccessKeySecret, req: client.Request{Tamper: client.Tamper{Nonce: strings.Repeat("n", MaxNonceBytes)}}},
		{name: "space and star in values", id: DefaultAccessKeyID, secret: DefaultAccessKeySecret, req: client.Request{Params: params("RegionId", "cn-hangzhou", "Tag.1.Key", "team name", "Tag.1.Value", "a*b~c/d")}},
	}
	for _, tt := range tests {
		for _, sc := range []client.Scheme{client.SchemeRPC, client.SchemeV3} {
			t.Run(string(sc)+"/"+tt.name, func(t *testing.T) {
				s := newTestServer(t, nil)
				req := tt.req
				if req.Params == nil {
					req.Params = region
				}
				wantPage(t, do(t, newClient(t, s, sc, tt.id, tt.secret, tt.token), req))
			})
		}
	}
}

// TestSignatureMessage checks that SignatureDoesNotMatch carries the
// server's string-to-sign in the contract's wording of each scheme.
func TestSignatureMessage(t *testing.T) {
	s := newTestServer(t, nil)
	e := wantError(t, do(t, defaultClient(t, s, client.SchemeRPC), client.Request{Params: region, Tamper: client.Tamper{CorruptSignature: true}}), "SignatureDoesNotMatch")
	sts, ok := strings.CutPrefix(e.Message, "Specified signature is not matched with our calculation. server string to sign is:")
	if !ok || !strings.HasPrefix(sts, "POST&%2F&AccessKeyId%3D"+DefaultAccessKeyID+"%26Action%3DDescribeSecurityGroups") || !strings.Contains(sts, "RegionId%3Dcn-hangzhou") {
		t.Errorf("RPC message %q", e.Message)
	}
	e = wantError(t, do(t, defaultClient(t, s, client.SchemeV3), client.Request{Params: region, Tamper: client.Tamper{CorruptSignature: true}}), "SignatureDoesNotMatch")
	hash, ok := strings.CutPrefix(e.Message, "Specified signature does not match our calculation. server StringToSign is ["+signer.AlgorithmV3+"\n")
	if !ok || len(hash) != 65 || !strings.HasSuffix(hash, "]") {
		t.Errorf("V3 message %q", e.Message)
	}
}

// TestNonceReplay checks single use per key, that a badly signed request
// does not burn a nonce, and that another key may use the same nonce.
func TestNonceReplay(t *testing.T) {
	for _, sc := range []client.Scheme{client.SchemeRPC, client.SchemeV3} {
		t.Run(string(sc), func(t *testing.T) {
			s := newTestServer(t, nil)
			c := defaultClient(t, s, sc)
			fixed := client.Request{Params: region, Tamper: client.Tamper{Nonce: "replayed-nonce-0001"}}
			bad := fixed
			bad.Tamper.CorruptSignature = true
			wantError(t, do(t, c, bad), "SignatureDoesNotMatch")
			wantPage(t, do(t, c, fixed))
			wantError(t, do(t, c, fixed), "SignatureNonceUsed")
			wantPage(t, do(t, newClient(t, s, sc, SecondAccessKeyID, SecondAccessKeySecret, ""), fixed))
			if err := s.Reset(); err != nil {
				t.Fatal(err)
			}
			wantPage(t, do(t, c, fixed))
		})
	}
}

// TestDisableAuth checks the plain-mock mode: no signature needed, Version
// optional, Action still routed.
func TestDisableAuth(t *testing.T) {
	s := newTestServer(t, func(o *Options) { o.DisableAuth = true })
	tests := []struct {
		target string
		status int
		code   string
	}{
		{"/?Action=DescribeSecurityGroups&RegionId=cn-hangzhou", 200, ""},
		{"/?Action=DescribeSecurityGroups&Version=2014-05-26&RegionId=cn-hangzhou&MaxResults=1", 200, ""},
		{"/?Action=DescribeSecurityGroups&Version=2013-01-01&RegionId=cn-hangzhou", 400, "InvalidVersion"},
		{"/?Action=RunInstances&RegionId=cn-hangzhou", 404, "InvalidAction.NotFound"},
		{"/?Action=DescribeSecurityGroups", 400, "MissingParameter.RegionId"},
	}
	for _, tt := range tests {
		rec := serveRaw(t, s, rawRequest{method: "GET", target: tt.target})
		checkRaw(t, tt.target, rec, tt.status, tt.code)
	}
}

// TestEqualFoldIsStringsEqualFold holds the ASCII fast path of equalFold
// to strings.EqualFold, multi-byte folds (K and the Kelvin sign, s and the
// long s) included.
func TestEqualFoldIsStringsEqualFold(t *testing.T) {
	words := []string{"", "host", "Host", "HOST", "hosT", "hos", "x-acs-", "X-Acs-", "X-ACS-", "x-acs", "x-ac\u017f-", "\u212A", "k", "K", "kk", "é", "É", "x-acs-date", "X-Acs-Date", "x-acs-dat\u00e9"}
	for _, a := range words {
		for _, b := range words {
			if got, want := equalFold(a, b), strings.EqualFold(a, b); got != want {
				t.Errorf("equalFold(%q, %q) = %v, strings.EqualFold says %v", a, b, got, want)
			}
		}
	}
}

// TestHeaderNamesAreCanonical guards headerValue, which looks names up as
// they are: a name not in canonical form would never be found.
func TestHeaderNamesAreCanonical(t *testing.T) {
	for _, name := range []string{hdrAction, hdrVersion, hdrDate, hdrNonce, hdrContent, hdrToken, "Authorization", "Content-Type"} {
		if c := textproto.CanonicalMIMEHeaderKey(name); c != name {
			t.Errorf("%q is not canonical (%q): headerValue would miss it", name, c)
		}
	}
}
