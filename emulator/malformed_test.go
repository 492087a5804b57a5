package emulator

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ecs-conformance/ecs-conformance/internal/signer"
)

// TestMalformedRequests sends requests no sane client sends and checks that
// each gets its documented 4xx code, never a 5xx or a panic.
func TestMalformedRequests(t *testing.T) {
	auth := newTestServer(t, nil)
	// open takes bigger bodies, so that 100000 escaped IDs reach validation.
	open := newTestServer(t, func(o *Options) { o.DisableAuth = true; o.MaxBodyBytes = 4 << 20 })
	n := 0
	nonce := func() string { n++; return fmt.Sprintf("malformed-%d", n) }
	rpcTarget := func(method string, kv ...string) string {
		return "/?" + signedRPC(method, params(kv...), nonce()).Encode()
	}
	v3Header := func(query url.Values, body string, edit func(http.Header)) http.Header {
		h := signedV3("POST", query, body, nonce(), nil)
		if edit != nil {
			edit(h)
		}
		return h
	}
	regionOnly := url.Values{"RegionId": {"cn-hangzhou"}}
	v3 := "/?RegionId=cn-hangzhou"
	dsg := "/?Action=DescribeSecurityGroups&RegionId=cn-hangzhou"
	manyIDs := func(n int) string {
		return `["` + strings.TrimSuffix(strings.Repeat(`sg-a","`, n), `","`) + `"]`
	}
	// A V3 request signed consistently over a wrong body hash.
	wrongHash := func() http.Header {
		h := http.Header{}
		h.Set("x-acs-action", "DescribeSecurityGroups")
		h.Set("x-acs-version", "2014-05-26")
		h.Set("x-acs-date", testNow.Format(signer.RPCTimestampLayout))
		h.Set("x-acs-signature-nonce", nonce())
		h.Set("x-acs-content-sha256", signer.HashPayload([]byte("something else")))
		h.Set("Content-Type", formContentType)
		signed := signer.DefaultSignedHeaders(h)
		cr := signer.CanonicalRequest("POST", "/", url.Values{}, h, "127.0.0.1:8080", signed, h.Get("x-acs-content-sha256"))
		h.Set("Authorization", signer.Authorization{Credential: DefaultAccessKeyID, SignedHeaders: signed,
			Signature: signer.V3Sign(DefaultAccessKeySecret, signer.V3StringToSign(cr))}.String())
		return h
	}
	tests := []struct {
		name   string
		s      *Server
		req    rawRequest
		status int
		code   string
	}{
		// Transport: encoding.
		{"bad escape in query value", open, rawRequest{method: "GET", target: dsg + "&VpcId=%zz"}, 400, "InvalidParameter"},
		{"bad escape in query name", open, rawRequest{method: "GET", target: dsg + "&Vpc%gId=x"}, 400, "InvalidParameter"},
		{"truncated escape", open, rawRequest{method: "GET", target: dsg + "&VpcId=x%4"}, 400, "InvalidParameter"},
		{"bad escape in body", open, rawRequest{method: "POST", target: dsg, contentType: formContentType, body: "VpcId=%G1"}, 400, "InvalidParameter"},
		{"invalid UTF-8 value", open, rawRequest{method: "GET", target: dsg + "&VpcId=%ff%fe"}, 400, "InvalidParameter"},
		{"invalid UTF-8 name", open, rawRequest{method: "GET", target: dsg + "&%ff%fe=x"}, 400, "InvalidParameter"},
		{"overlong UTF-8", open, rawRequest{method: "GET", target: dsg + "&VpcId=%c0%af"}, 400, "InvalidParameter"},
		{"UTF-16 surrogate", open, rawRequest{method: "GET", target: dsg + "&VpcId=%ed%a0%80"}, 400, "InvalidParameter"},
		{"invalid UTF-8 in body", open, rawRequest{method: "POST", target: dsg, contentType: formContentType, body: "VpcId=%80"}, 400, "InvalidParameter"},
		{"NUL in value", open, rawRequest{method: "GET", target: dsg + "&VpcId=a%00b"}, 400, "InvalidParameter"},
		{"NUL in name", open, rawRequest{method: "GET", target: dsg + "&Vpc%00Id=x"}, 400, "InvalidParameter"},
		{"raw NUL byte", open, rawRequest{method: "GET", target: dsg + "&VpcId=a\x00b"}, 400, "InvalidParameter"},
		{"semicolon separator", open, rawRequest{method: "GET", target: "/?Action=DescribeSecurityGroups&RegionId=cn-hangzhou;MaxResults=5"}, 404, "InvalidRegionId.NotFound"},
		{"body of ampersands and a bad escape", open, rawRequest{method: "POST", target: dsg, contentType: formContentType, body: "&&&=%"}, 400, "InvalidParameter"},
		// Transport: sizes.
		{"10 MB body", auth, rawRequest{method: "POST", target: v3, contentType: formContentType, body: "RegionId=" + strings.Repeat("x", 10<<20)}, 413, "RequestTooLarge"},
		{"query over 64 KiB", open, rawRequest{method: "GET", target: dsg + "&VpcId=" + strings.Repeat("v", 65<<10)}, 413, "RequestTooLarge"},
		{"100000 IDs in the query", open, rawRequest{method: "GET", target: dsg + "&SecurityGroupIds=" + url.QueryEscape(manyIDs(100000))}, 413, "RequestTooLarge"},
		{"100000 IDs in a body", open, rawRequest{method: "POST", target: dsg, contentType: formContentType, body: "SecurityGroupIds=" + url.QueryEscape(manyIDs(100000))}, 400, "InvalidSecurityGroupId.Malformed"},
		// Transport: content types.
		{"JSON body", open, rawRequest{method: "POST", target: dsg, contentType: "application/json", body: `{"RegionId":"cn-hangzhou"}`}, 400, "InvalidParameter"},
		{"text body", open, rawRequest{method: "POST", target: dsg, contentType: "text/plain", body: "RegionId=cn-hangzhou"}, 400, "InvalidParameter"},
		{"body without content type", open, rawRequest{method: "POST", target: dsg, body: "RegionId=cn-hangzhou"}, 400, "InvalidParameter"},
		{"multipart body", open, rawRequest{method: "POST", target: dsg, contentType: "multipart/form-data; boundary=x", body: "--x\r\n\r\n--x--"}, 400, "InvalidParameter"},
		// Routing.
		{"PUT", auth, rawRequest{method: "PUT", target: v3}, 404, "InvalidAction.NotFound"},
		{"DELETE", auth, rawRequest{method: "DELETE", target: v3}, 404, "InvalidAction.NotFound"},
		{"PATCH", auth, rawRequest{method: "PATCH", target: v3}, 404, "InvalidAction.NotFound"},
		{"lower-case get", auth, rawRequest{method: "get", target: v3}, 404, "InvalidAction.NotFound"},
		{"path /x", auth, rawRequest{method: "GET", target: "/x?RegionId=cn-hangzhou"}, 404, "InvalidAction.NotFound"},
		{"path //", auth, rawRequest{method: "GET", target: "//"}, 404, "InvalidAction.NotFound"},
		{"path next to the control namespace", auth, rawRequest{method: "GET", target: "/_emulatorx"}, 404, "InvalidAction.NotFound"},
		{"empty Action", auth, rawRequest{method: "GET", target: rpcTarget("GET", "Action", "", "RegionId", "cn-hangzhou")}, 404, "InvalidAction.NotFound"},
		{"nothing at all", auth, rawRequest{method: "GET", target: "/"}, 400, "MissingAccessKeyId"},
		// Authentication envelopes.
		{"empty Authorization", auth, rawRequest{method: "POST", target: v3, header: v3Header(regionOnly, "", func(h http.Header) { h.Set("Authorization", "") })}, 400, "IncompleteSignature"},
		{"AWS algorithm", auth, rawRequest{method: "POST", target: v3, header: v3Header(regionOnly, "", func(h http.Header) {
			h.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+DefaultAccessKeyID+"/x, SignedHeaders=host, Signature=00")
		})}, 400, "IncompleteSignature"},
		{"Authorization without SignedHeaders", auth, rawRequest{method: "POST", target: v3, header: v3Header(regionOnly, "", func(h http.Header) {
			h.Set("Authorization", "ACS3-HMAC-SHA256 Credential="+DefaultAccessKeyID+",Signature="+strings.Repeat("0", 64))
		})}, 400, "IncompleteSignature"},
		{"garbage Authorization", auth, rawRequest{method: "POST", target: v3, header: v3Header(regionOnly, "", func(h http.Header) { h.Set("Authorization", "!!\x01garbage") })}, 400, "IncompleteSignature"},
		{"huge Authorization", auth, rawRequest{method: "POST", target: v3, header: v3Header(regionOnly, "", func(h http.Header) {
			h.Set("Authorization", "ACS3-HMAC-SHA256 Credential="+strings.Repeat("A", 100<<10))
		})}, 400, "IncompleteSignature"},
		{"two Authorization headers", auth, rawRequest{method: "POST", target: v3, header: v3Header(regionOnly, "", func(h http.Header) { h.Add("Authorization", h.Get("Authorization")) })}, 400, "IncompleteSignature"},
		{"upper-case hex signature", auth, rawRequest{method: "POST", target: v3, header: v3Header(regionOnly, "", func(h http.Header) {
			a := h.Get("Authorization")
			h.Set("Authorization", a[:len(a)-64]+strings.ToUpper(a[len(a)-64:]))
		})}, 400, "IncompleteSignature"},
		{"host not signed", auth, rawRequest{method: "POST", target: v3, header: v3Header(regionOnly, "", func(h http.Header) {
			h.Set("Authorization", strings.Replace(h.Get("Authorization"), "SignedHeaders=host;", "SignedHeaders=", 1))
		})}, 400, "IncompleteSignature"},
		{"no content hash", auth, rawRequest{method: "POST", target: v3, header: v3Header(regionOnly, "", func(h http.Header) { h.Del("x-acs-content-sha256") })}, 400, "IncompleteSignature"},
		{"content hash of another body", auth, rawRequest{method: "POST", target: "/", contentType: formContentType, body: "RegionId=cn-hangzhou", header: wrongHash()}, 400, "SignatureDoesNotMatch"},
		{"host changed after signing", auth, rawRequest{method: "POST", target: v3, host: "127.0.0.1:9999", header: v3Header(regionOnly, "", nil)}, 400, "SignatureDoesNotMatch"},
		{"very long x-acs-action without Authorization", auth, rawRequest{method: "POST", target: v3, header: http.Header{"X-Acs-Action": {strings.Repeat("D", 60<<10)}}}, 400, "IncompleteSignature"},
		{"x-acs-date garbled", auth, rawRequest{method: "POST", target: v3, header: v3Header(regionOnly, "", func(h http.Header) { h.Set("x-acs-date", "Thu, 26 Nov 2026 20:20:07 GMT") })}, 400, "InvalidTimeStamp.Format"},
		{"timestamp with an offset", auth, rawRequest{method: "GET", target: rpcTarget("GET", "RegionId", "cn-hangzhou", "Timestamp", "2026-11-26T20:20:07+00:00")}, 400, "InvalidTimeStamp.Format"},
		{"Signature twice", auth, rawRequest{method: "GET", target: rpcTarget("GET", "RegionId", "cn-hangzhou") + "&Signature=AAAA"}, 400, "IncompleteSignature"},
		{"SHA256 signature method", auth, rawRequest{method: "GET", target: rpcTarget("GET", "RegionId", "cn-hangzhou", "SignatureMethod", "HMAC-SHA256")}, 400, "IncompleteSignature"},
		{"signed with POST, sent with GET", auth, rawRequest{method: "GET", target: rpcTarget("POST", "RegionId", "cn-hangzhou")}, 400, "SignatureDoesNotMatch"},
		// Business parameters (signed, so authentication passes).
		{"Tag.999999999.Key", auth, rawRequest{method: "GET", target: rpcTarget("GET", "RegionId", "cn-hangzhou", "Tag.999999999.Key", "k")}, 400, "InvalidParameter"},
		{"Tag.0.Key", auth, rawRequest{method: "GET", target: rpcTarget("GET", "RegionId", "cn-hangzhou", "Tag.0.Key", "k")}, 400, "InvalidParameter"},
		{"Tag.x.Key", auth, rawRequest{method: "GET", target: rpcTarget("GET", "RegionId", "cn-hangzhou", "Tag.x.Key", "k")}, 400, "InvalidParameter"},
		{"Tag.-1.Key", auth, rawRequest{method: "GET", target: rpcTarget("GET", "RegionId", "cn-hangzhou", "Tag.-1.Key", "k")}, 400, "InvalidParameter"},
		{"Tag..Key", auth, rawRequest{method: "GET", target: rpcTarget("GET", "RegionId", "cn-hangzhou", "Tag..Key", "k")}, 400, "InvalidParameter"},
		{"IDs not JSON", auth, rawRequest{method: "GET", target: rpcTarget("GET", "RegionId", "cn-hangzhou", "SecurityGroupIds", "[sg-a")}, 400, "InvalidSecurityGroupId.Malformed"},
		{"IDs a JSON object", auth, rawRequest{method: "GET", target: rpcTarget("GET", "RegionId", "cn-hangzhou", "SecurityGroupIds", `{"sg-a":1}`)}, 400, "InvalidSecurityGroupId.Malformed"},
		{"IDs numbers", auth, rawRequest{method: "GET", target: rpcTarget("GET", "RegionId", "cn-hangzhou", "SecurityGroupIds", `[1,2,3]`)}, 400, "InvalidSecurityGroupId.Malformed"},
		{"IDs nested", auth, rawRequest{method: "GET", target: rpcTarget("GET", "RegionId", "cn-hangzhou", "SecurityGroupIds", `[["sg-a"]]`)}, 400, "InvalidSecurityGroupId.Malformed"},
		{"RegionId twice in the query", auth, rawRequest{method: "POST", target: "/?" + signedRPC("POST", params("RegionId", "cn-hangzhou", "RegionId", "cn-hangzhou"), nonce()).Encode()}, 400, "InvalidParameter"},
		{"RegionId in query and body", auth, func() rawRequest {
			q := signedRPC("POST", params("RegionId", "cn-hangzhou", "RegionId", "cn-hangzhou"), nonce())
			q.Set("RegionId", "cn-hangzhou") // one in the query, the other in the body; the signature covers both
			return rawRequest{method: "POST", target: "/?" + q.Encode(), contentType: formContentType, body: "RegionId=cn-hangzhou"}
		}(), 400, "InvalidParameter"},
		{"MaxResults 1e3", auth, rawRequest{method: "GET", target: rpcTarget("GET", "RegionId", "cn-hangzhou", "MaxResults", "1e3")}, 400, "InvalidParameter.MaxResults"},
		{"MaxResults -1", auth, rawRequest{method: "GET", target: rpcTarget("GET", "RegionId", "cn-hangzhou", "MaxResults", "-1")}, 400, "InvalidParameter.MaxResults"},
		{"MaxResults 20 digits", auth, rawRequest{method: "GET", target: rpcTarget("GET", "RegionId", "cn-hangzhou", "MaxResults", "99999999999999999999")}, 400, "InvalidParameter.MaxResults"},
		{"MaxResults with spaces", auth, rawRequest{method: "GET", target: rpcTarget("GET", "RegionId", "cn-hangzhou", "MaxResults", " 5")}, 400, "InvalidParameter.MaxResults"},
		{"boolean yes", auth, rawRequest{method: "GET", target: rpcTarget("GET", "RegionId", "cn-hangzhou", "DryRun", "yes")}, 400, "InvalidParameter"},
		{"boolean 1", auth, rawRequest{method: "GET", target: rpcTarget("GET", "RegionId", "cn-hangzhou", "ServiceManaged", "1")}, 400, "InvalidParameter"},
		{"NextToken of 10 KB", auth, rawRequest{method: "GET", target: rpcTarget("GET", "RegionId", "cn-hangzhou", "NextToken", strings.Repeat("A", 10<<10))}, 400, "InValidParameter.NextToken"},
		{"NextToken not base64", auth, rawRequest{method: "GET", target: rpcTarget("GET", "RegionId", "cn-hangzhou", "NextToken", "!!!!")}, 400, "InValidParameter.NextToken"},
	}
	if len(tests) < 40 {
		t.Fatalf("only %d malformed requests; keep at least 40", len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkRaw(t, tt.name, serveRaw(t, tt.s, tt.req), tt.status, tt.code)
		})
	}
}
