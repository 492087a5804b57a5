package signer

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"sort"
	"strings"
)

// AlgorithmV3 is the only V3 algorithm this package implements. The SDKs can
// also send ACS3-HMAC-SM3 and ACS3-RSA-SHA256, which ECS clients do not use
// by default.
const AlgorithmV3 = "ACS3-HMAC-SHA256"

// EmptyPayloadHash is HashPayload of an empty body, the x-acs-content-sha256
// of every request that carries its parameters in the query.
const EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

// HashPayload returns the lower-case hex SHA-256 of a request body: the value
// of x-acs-content-sha256 and the last line of the canonical request.
func HashPayload(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

// CanonicalRequest builds the V3 canonical request:
//
//	method \n uri \n CanonicalQueryString(query) \n
//	name:value \n  (one line per signed header) \n
//	signed;header;names \n payloadHash
//
// headers are the request's headers as received or about to be sent; host is
// the Host value (Go keeps it in http.Request.Host, not in Header), used for
// the "host" entry. signedHeaders is the list to cover, in the order given —
// a verifier passes the list from the Authorization header, a signer passes
// DefaultSignedHeaders. Names are lower-cased, because header names are
// case-insensitive and the scheme writes them in lower case. A header's values
// are trimmed of surrounding spaces; several values are sorted and joined by
// ','. A signed header that is absent gives "name:", so the signature simply
// will not match. payloadHash is normally HashPayload(body); a verifier can
// pass the received x-acs-content-sha256 and compare it with the body
// separately.
func CanonicalRequest(method, uri string, query url.Values, headers http.Header, host string, signedHeaders []string, payloadHash string) string {
	return string(AppendCanonicalRequest(nil, method, uri, query, headers, host, signedHeaders, payloadHash))
}

// DefaultSignedHeaders returns the headers a V3 signer covers, as the SDKs
// choose them: "host", plus every header of h named content-type or starting
// with x-acs-, lower-cased and sorted. h must not hold Authorization yet (it
// would not be picked anyway).
func DefaultSignedHeaders(h http.Header) []string {
	seen := map[string]bool{"host": true}
	names := []string{"host"}
	for name := range h {
		lower := strings.ToLower(name)
		if seen[lower] || !(lower == "content-type" || strings.HasPrefix(lower, "x-acs-")) {
			continue
		}
		seen[lower] = true
		names = append(names, lower)
	}
	sort.Strings(names)
	return names
}

// V3StringToSign returns AlgorithmV3 + "\n" + lower-hex SHA-256 of the
// canonical request.
func V3StringToSign(canonicalRequest string) string {
	sum := sha256.Sum256([]byte(canonicalRequest))
	return AlgorithmV3 + "\n" + hex.EncodeToString(sum[:])
}

// V3Sign returns the lower-case hex HMAC-SHA256 of stringToSign keyed with the
// plain secret (unlike RPCSign, no "&" is appended).
func V3Sign(secret, stringToSign string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(stringToSign))
	return hex.EncodeToString(mac.Sum(nil))
}
