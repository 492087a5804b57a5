package signer

import (
	"errors"
	"fmt"
	"strings"
)

// ErrMalformedAuthorization is wrapped by every error of ParseAuthorization,
// so a verifier can map them all to one API error (IncompleteSignature).
var ErrMalformedAuthorization = errors.New("malformed Authorization header")

// ErrUnsupportedAlgorithm is wrapped, together with
// ErrMalformedAuthorization, when the header names an algorithm other than
// AlgorithmV3.
var ErrUnsupportedAlgorithm = errors.New("unsupported signature algorithm")

// Authorization is a parsed V3 Authorization header:
//
//	ACS3-HMAC-SHA256 Credential=<AccessKeyId>,SignedHeaders=<a;b;c>,Signature=<hex>
type Authorization struct {
	Algorithm     string   // always AlgorithmV3 after a successful parse
	Credential    string   // the AccessKeyId (the temporary one for STS)
	SignedHeaders []string // as sent: not lower-cased, not re-sorted
	Signature     string   // 64 lower-case hex characters
}

// String formats a as the header value. An empty Algorithm means AlgorithmV3.
func (a Authorization) String() string {
	alg := a.Algorithm
	if alg == "" {
		alg = AlgorithmV3
	}
	return alg + " Credential=" + a.Credential +
		",SignedHeaders=" + strings.Join(a.SignedHeaders, ";") +
		",Signature=" + a.Signature
}

// ParseAuthorization parses a V3 Authorization header value strictly. The
// algorithm must be AlgorithmV3 and be followed by a space and exactly the
// three fields Credential, SignedHeaders and Signature, separated by commas
// (spaces after a comma are tolerated), in any order. Every error wraps
// ErrMalformedAuthorization and says what is wrong: an unknown algorithm, a
// missing, empty, unknown or repeated field, an empty, repeated or invalid
// name in SignedHeaders, or a Signature that is not 64 lower-case hex characters.
//
// SignedHeaders is returned as sent. Whether it must be lower-case and sorted
// is the verifier's policy, not the parser's; CanonicalRequest lower-cases it.
func ParseAuthorization(h string) (Authorization, error) {
	if strings.TrimSpace(h) == "" {
		return Authorization{}, malformed("the header is empty; want %q", AlgorithmV3+" Credential=...,SignedHeaders=...,Signature=...")
	}
	alg, rest, found := strings.Cut(h, " ")
	if alg != AlgorithmV3 {
		return Authorization{}, fmt.Errorf("%w: %w: %q; only %s is supported", ErrMalformedAuthorization, ErrUnsupportedAlgorithm, clip(alg), AlgorithmV3)
	}
	if !found || strings.TrimSpace(rest) == "" {
		return Authorization{}, malformed("nothing follows %s; want Credential, SignedHeaders and Signature", AlgorithmV3)
	}

	a := Authorization{Algorithm: alg}
	// The three fields, as bits: a field repeated is an error, and an
	// unknown one is refused at its first appearance, so nothing else
	// needs remembering (and nothing is allocated for it).
	const credential, signedHeaders, signature = 1, 2, 4
	seen := 0
	for more := true; more; {
		var field string
		field, rest, more = strings.Cut(rest, ",")
		field = strings.TrimLeft(field, " ")
		key, value, ok := strings.Cut(field, "=")
		if !ok {
			return Authorization{}, malformed("field %q has no '='; want Key=value", clip(field))
		}
		bit := 0 // an unknown field
		switch key {
		case "Credential":
			bit = credential
		case "SignedHeaders":
			bit = signedHeaders
		case "Signature":
			bit = signature
		}
		if seen&bit != 0 {
			return Authorization{}, malformed("field %s appears twice", key)
		}
		seen |= bit
		if value == "" {
			return Authorization{}, malformed("field %s is empty", key)
		}
		if containsSpace(value) {
			return Authorization{}, malformed("field %s contains white space", key)
		}
		switch bit {
		case credential:
			a.Credential = value
		case signedHeaders:
			names, err := parseSignedHeaders(value)
			if err != nil {
				return Authorization{}, err
			}
			a.SignedHeaders = names
		case signature:
			if !isLowerHex(value, 64) {
				return Authorization{}, malformed("Signature %q is not 64 lower-case hex characters (HMAC-SHA256)", clip(value))
			}
			a.Signature = value
		default:
			return Authorization{}, malformed("unknown field %q; want Credential, SignedHeaders and Signature", clip(key))
		}
	}
	for _, f := range []struct {
		bit  int
		name string
	}{{credential, "Credential"}, {signedHeaders, "SignedHeaders"}, {signature, "Signature"}} {
		if seen&f.bit == 0 {
			return Authorization{}, malformed("field %s is missing", f.name)
		}
	}
	return a, nil
}

// smallHeaderSet is how many SignedHeaders names are checked for
// duplicates pairwise; past it, a set (an Authorization of 8 KiB could list
// thousands, and pairwise would be quadratic).
const smallHeaderSet = 16

func parseSignedHeaders(value string) ([]string, error) {
	names := strings.Split(value, ";")
	var seen map[string]bool
	if len(names) > smallHeaderSet {
		seen = make(map[string]bool, len(names))
	}
	for i, name := range names {
		if name == "" {
			return nil, malformed("SignedHeaders has an empty name at position %d", i+1)
		}
		if !isToken(name) {
			return nil, malformed("SignedHeaders name %q is not a valid header name", clip(name))
		}
		// Tokens are ASCII: EqualFold is what comparing lower cases was,
		// and names of different lengths never fold to one another.
		dup := false
		if seen != nil {
			lower := strings.ToLower(name)
			dup, seen[lower] = seen[lower], true
		} else {
			for _, before := range names[:i] {
				dup = dup || len(before) == len(name) && strings.EqualFold(before, name)
			}
		}
		if dup {
			return nil, malformed("SignedHeaders lists %q twice", clip(name))
		}
	}
	return names, nil
}

// isToken reports whether s is an HTTP field name (RFC 9110 token).
func isToken(s string) bool {
	for i := 0; i < len(s); i++ {
		if !tokenByte[s[i]] {
			return false
		}
	}
	return s != ""
}

// containsSpace is strings.ContainsAny(s, " \t\r\n") without building a
// set of the four on every call.
func containsSpace(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\r', '\n':
			return true
		}
	}
	return false
}

// tokenByte marks the bytes of an RFC 9110 token: letters, digits and
// !#$%&'*+-.^_`|~.
var tokenByte = func() (t [256]bool) {
	for c := range 256 {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", byte(c)) >= 0
	}
	return t
}()

func isLowerHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	// One table lookup a byte, and one test at the end: a signature's
	// digits and letters come in no order a branch predictor could learn.
	ok := byte(1)
	for i := 0; i < len(s); i++ {
		ok &= lowerHexByte[s[i]]
	}
	return ok == 1
}

// lowerHexByte is 1 for the bytes 0-9 and a-f, 0 for every other.
var lowerHexByte = func() (t [256]byte) {
	for _, c := range lowerHex {
		t[c] = 1
	}
	return t
}()

func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrMalformedAuthorization}, args...)...)
}

// clip keeps error messages short when the input is long or hostile.
func clip(s string) string {
	const max = 80
	if len(s) <= max {
		return s
	}
	return s[:max] + "..."
}
