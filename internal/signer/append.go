package signer

import (
	"net/http"
	"net/textproto"
	"net/url"
	"slices"
	"strings"
)

// The Append functions build what CanonicalRequest, CanonicalQueryString,
// PercentEncode and RPCStringToSign return, appended to a caller's buffer:
// the string functions are these with a nil buffer, so both spell every
// byte the same way. A verifier that hashes the result and keeps it only
// for an error message can reuse one buffer per request and allocate
// nothing.

// AppendPercentEncode appends PercentEncode(s) to dst.
func AppendPercentEncode(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreserved(c) {
			dst = append(dst, c)
			continue
		}
		dst = append(dst, '%', upperHex[c>>4], upperHex[c&0x0f])
	}
	return dst
}

// appendPercentEncodeTwice appends PercentEncode(PercentEncode(s)): the
// first pass leaves unreserved bytes and makes %XY of the others, whose
// '%' the second pass makes %25 (its hex digits are unreserved).
func appendPercentEncodeTwice(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreserved(c) {
			dst = append(dst, c)
			continue
		}
		dst = append(dst, '%', '2', '5', upperHex[c>>4], upperHex[c&0x0f])
	}
	return dst
}

// sortedNames returns the names of q in byte order, in buf when it is
// large enough (a request has a few dozen parameters at most).
func sortedNames(q url.Values, buf []string, skip string) []string {
	names := buf[:0]
	for name := range q {
		if skip == "" || name != skip {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// appendQuery appends the canonical query string of q, without the pairs
// of skip (when not ""), each name and value encoded by enc and the pairs
// separated by sep.
func appendQuery(dst []byte, q url.Values, skip string, enc func([]byte, string) []byte, eq, sep string) []byte {
	var buf [32]string
	first := true
	for _, name := range sortedNames(q, buf[:], skip) {
		values := q[name]
		if len(values) > 1 {
			values = slices.Clone(values)
			slices.Sort(values)
		}
		for _, v := range values {
			if !first {
				dst = append(dst, sep...)
			}
			first = false
			dst = enc(dst, name)
			dst = append(dst, eq...)
			dst = enc(dst, v)
		}
	}
	return dst
}

// AppendCanonicalQueryString appends CanonicalQueryString(q) to dst.
func AppendCanonicalQueryString(dst []byte, q url.Values) []byte {
	return appendQuery(dst, q, "", AppendPercentEncode, "=", "&")
}

// AppendRPCStringToSign appends RPCStringToSign(method, params) to dst.
func AppendRPCStringToSign(dst []byte, method string, params url.Values) []byte {
	dst = append(dst, method...)
	dst = append(dst, "&%2F&"...)
	// PercentEncode of the canonical query string, in one pass: '=' and
	// '&' become %3D and %26, every encoded byte's '%' becomes %25.
	return appendQuery(dst, params, "Signature", appendPercentEncodeTwice, "%3D", "%26")
}

// AppendCanonicalRequest appends CanonicalRequest(method, uri, query,
// headers, host, signedHeaders, payloadHash) to dst.
func AppendCanonicalRequest(dst []byte, method, uri string, query url.Values, headers http.Header, host string, signedHeaders []string, payloadHash string) []byte {
	dst = append(dst, method...)
	dst = append(dst, '\n')
	dst = append(dst, uri...)
	dst = append(dst, '\n')
	dst = AppendCanonicalQueryString(dst, query)
	dst = append(dst, '\n')
	// The lower-case names are written twice, kept from the first time
	// (strings.ToLower returns a name already in lower case, as every SDK
	// sends them, without copying it).
	var lowerArr [16]string
	lower := lowerArr[:0]
	for _, name := range signedHeaders {
		name = strings.ToLower(name)
		lower = append(lower, name)
		dst = append(dst, name...)
		dst = append(dst, ':')
		dst = appendCanonicalHeaderValue(dst, name, headers, host)
		dst = append(dst, '\n')
	}
	dst = append(dst, '\n')
	for i, name := range lower {
		if i > 0 {
			dst = append(dst, ';')
		}
		dst = append(dst, name...)
	}
	dst = append(dst, '\n')
	return append(dst, payloadHash...)
}

// appendCanonicalHeaderValue appends the value of the signed header name
// (lower case): the Host for "host", else its values trimmed of spaces,
// sorted and joined by ','.
func appendCanonicalHeaderValue(dst []byte, name string, headers http.Header, host string) []byte {
	if name == "host" {
		return append(dst, strings.TrimSpace(host)...)
	}
	values := headerValues(headers, name)
	if len(values) == 1 {
		return append(dst, strings.TrimSpace(values[0])...)
	}
	trimmed := make([]string, len(values))
	for i, v := range values {
		trimmed[i] = strings.TrimSpace(v)
	}
	slices.Sort(trimmed)
	for i, v := range trimmed {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, v...)
	}
	return dst
}

// headerValues is headers.Values(name) without the allocation that
// textproto.CanonicalMIMEHeaderKey makes for a name not already in
// canonical form (a SignedHeaders entry is lower case): the canonical form
// is built in a stack buffer and the map looked up with it.
func headerValues(headers http.Header, name string) []string {
	var buf [64]byte
	if len(name) > len(buf) || name == "" {
		return headers[textproto.CanonicalMIMEHeaderKey(name)]
	}
	upper := true
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !tokenByte[c] { // CanonicalMIMEHeaderKey leaves such a name as it is
			return headers[name]
		}
		switch {
		case upper && 'a' <= c && c <= 'z':
			c -= 'a' - 'A'
		case !upper && 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		}
		buf[i] = c
		upper = c == '-'
	}
	return headers[string(buf[:len(name)])]
}
