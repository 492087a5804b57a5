package mutant

import (
	"net/http"

	"github.com/ecs-conformance/ecs-conformance/internal/signer"
)

// Mutants that skip one authentication check must keep the others: a mock
// that trusts the declared body hash still verifies the signature. These
// helpers verify the request as such a mock would.

func (x *Exchange) secret() (string, bool) {
	for _, k := range x.P.Keys {
		if k.ID == x.KeyID {
			return k.Secret, true
		}
	}
	return "", false
}

// SignatureVerifies says the request's signature is right, computed over
// what the request declares: RPC over its parameters, V3 over the headers
// its Authorization lists and the hash x-acs-content-sha256 declares (not
// the body's own).
func (x *Exchange) SignatureVerifies() bool {
	secret, ok := x.secret()
	if !ok {
		return false
	}
	if x.Scheme == "rpc" {
		sig := x.Params.Get("Signature")
		return sig != "" && signer.Equal(sig, signer.RPCSign(secret, signer.RPCStringToSign(x.Req.Method, x.Params)))
	}
	a, err := signer.ParseAuthorization(x.Req.Header.Get("Authorization"))
	if err != nil {
		return false
	}
	declared := x.Req.Header.Get("x-acs-content-sha256")
	cr := signer.CanonicalRequest(x.Req.Method, "/", x.Query, x.Req.Header, x.Req.Host, a.SignedHeaders, declared)
	return signer.Equal(a.Signature, signer.V3Sign(secret, signer.V3StringToSign(cr)))
}

// BodyMatchesHash says the body hashes to what x-acs-content-sha256 declares.
func (x *Exchange) BodyMatchesHash() bool {
	return x.Req.Header.Get("x-acs-content-sha256") == signer.HashPayload(x.Body)
}

// Unsigned lists the headers the request carries among names that its
// Authorization leaves out of SignedHeaders.
func (x *Exchange) Unsigned(names []string) []string {
	a, err := signer.ParseAuthorization(x.Req.Header.Get("Authorization"))
	if err != nil {
		return nil
	}
	signed := map[string]bool{}
	for _, s := range a.SignedHeaders {
		signed[s] = true
	}
	var out []string
	for _, n := range names {
		present := n == "host" || len(x.Req.Header.Values(http.CanonicalHeaderKey(n))) > 0
		if present && !signed[n] {
			out = append(out, n)
		}
	}
	return out
}
