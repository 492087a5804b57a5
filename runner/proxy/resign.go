package proxy

import (
	"net/http"
	"net/url"

	"github.com/ecs-conformance/ecs-conformance/internal/signer"
)

// resignV3 re-signs a V3 request for the Host it now carries, with creds,
// when its signature verifies with creds for clientHost, the Host the
// client signed for. Anything else — an RPC request (its signature does
// not cover the host), another key, a wrong secret, a malformed
// Authorization — is left as it is, so the upstream answers it as it would
// have answered the client. It reports whether it re-signed.
func resignV3(r *http.Request, clientHost string, body []byte, creds Credentials) bool {
	auth, err := signer.ParseAuthorization(r.Header.Get("Authorization"))
	if err != nil || auth.Credential != creds.AccessKeyID {
		return false
	}
	query, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return false
	}
	uri := r.URL.EscapedPath()
	if uri == "" {
		uri = "/"
	}
	payload := r.Header.Get("x-acs-content-sha256")
	if payload == "" {
		payload = signer.HashPayload(body)
	}
	sign := func(host string) string {
		canonical := signer.CanonicalRequest(r.Method, uri, query, r.Header, host, auth.SignedHeaders, payload)
		return signer.V3Sign(creds.AccessKeySecret, signer.V3StringToSign(canonical))
	}
	if !signer.Equal(sign(clientHost), auth.Signature) {
		return false
	}
	auth.Signature = sign(r.Host)
	r.Header.Set("Authorization", auth.String())
	return true
}
