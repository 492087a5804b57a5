package client

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/ecs-conformance/ecs-conformance/internal/signer"
)

// v3 lays k out as the v7 Go SDK does for ACS3-HMAC-SHA256: business
// parameters in the query (or a form body with InBody), Action, Version, date,
// nonce and body hash in x-acs-* headers, and every x-acs-* header plus host
// and content-type signed into the Authorization header.
func (k *call) v3(host string) (wire, error) {
	query, form := k.params, url.Values(nil)
	if k.inBody {
		query, form = url.Values{}, k.params
	}

	h := http.Header{}
	h.Set("x-acs-action", k.action)
	h.Set("x-acs-version", k.version)
	h.Set("x-acs-date", k.timestamp)
	h.Set("x-acs-signature-nonce", k.nonce)
	if k.securityToken != "" {
		h.Set("x-acs-security-token", k.securityToken)
		h.Set("x-acs-accesskey-id", k.accessKeyID)
	}
	if form != nil {
		h.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	// Unsigned, as in the SDKs: DefaultSignedHeaders leaves them out.
	h.Set("Accept", "application/json")
	h.Set("User-Agent", k.userAgent)

	k.omit.dropParams(query, form)
	var body []byte
	if form != nil {
		body = []byte(form.Encode())
	}
	payloadHash := signer.HashPayload(body)
	h.Set("x-acs-content-sha256", payloadHash)
	for name, values := range k.header {
		h[name] = values
	}
	k.omit.dropHeaders(h)
	omitAuthorization := k.omit.late("Authorization")
	if err := k.omit.check(SchemeV3, sentNames(h, query, form, "Authorization")); err != nil {
		return wire{}, err
	}

	signed, err := leaveUnsigned(signer.DefaultSignedHeaders(h), k.unsigned)
	if err != nil {
		return wire{}, err
	}
	cr := signer.CanonicalRequest(k.method, "/", query, h, host, signed, payloadHash)
	sig := signer.V3Sign(k.secret, signer.V3StringToSign(cr))
	if k.corrupt {
		sig = corruptSignature(sig)
	}
	auth := signer.Authorization{Credential: k.accessKeyID, SignedHeaders: signed, Signature: sig}.String()
	if k.malformedAuthorization != "" {
		auth = k.malformedAuthorization
	}
	if !omitAuthorization {
		h.Set("Authorization", auth)
	}
	return wire{query: query, body: body, header: h, host: host}, nil
}

// leaveUnsigned removes the names of Tamper.Unsigned from the signed list.
func leaveUnsigned(signed, unsigned []string) ([]string, error) {
	for _, name := range unsigned {
		i := slices.Index(signed, strings.ToLower(name))
		if i < 0 {
			return nil, fmt.Errorf("client: Tamper.Unsigned: the v3 request signs no %q; it signs %s", name, strings.Join(signed, ";"))
		}
		signed = slices.Delete(slices.Clone(signed), i, i+1)
	}
	return signed, nil
}
