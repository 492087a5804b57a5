package signer

import (
	"net/url"
	"strings"
)

const upperHex = "0123456789ABCDEF"

// PercentEncode encodes s the way both signature schemes need it (RFC 3986):
// the unreserved bytes A-Z a-z 0-9 - _ . ~ are kept and every other byte of
// the UTF-8 text becomes %XY with upper-case hex. Unlike url.QueryEscape it
// turns a space into %20 (never +) and encodes '*'.
func PercentEncode(s string) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if !unreserved(s[i]) {
			n++
		}
	}
	if n == 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 2*n)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreserved(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(upperHex[c>>4])
		b.WriteByte(upperHex[c&0x0f])
	}
	return b.String()
}

func unreserved(c byte) bool {
	switch {
	case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		return true
	case c == '-', c == '_', c == '.', c == '~':
		return true
	}
	return false
}

// CanonicalQueryString returns the parameters of q as name=value pairs joined
// by '&', with names and values percent-encoded by PercentEncode. Both schemes
// use it: it is the V3 CanonicalQueryString and the RPC
// CanonicalizedQueryString (for RPC, leave Signature out first, as
// RPCStringToSign does).
//
// Pairs are ordered by the bytes of the decoded name, as the SDKs sort their
// parameter maps (so Tag.10.Key comes before Tag.2.Key). Empty values are
// kept as "name=". No real client sends a name twice; when q holds several
// values for one name, each becomes its own pair and those pairs are ordered
// by value, so the result does not depend on the order in which duplicates
// arrived. A verifier that would rather reject duplicates must do so before
// calling this. An empty q gives "".
func CanonicalQueryString(q url.Values) string {
	return string(AppendCanonicalQueryString(nil, q))
}
