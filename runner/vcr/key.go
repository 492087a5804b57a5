package vcr

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/ecs-conformance/ecs-conformance/internal/signer"
)

// CaseHeader is the request header a suite sets to tell apart requests that
// differ only in fields the key ignores (a bad signature, a skewed
// timestamp, a replayed nonce). Its value, a short slug chosen by the spec,
// is part of the Key; the recorder strips the header before a request leaves
// for a live endpoint.
const CaseHeader = "X-Conformance-Case"

// Redacted replaces every credential and volatile value in a cassette, and
// stands for "present with some value" in a Key.
const Redacted = "REDACTED"

// Signature styles of a Key.
const (
	StyleRPC = "RPC" // common parameters in the query, HMAC-SHA1 Signature parameter
	StyleV3  = "V3"  // ACS3 Authorization header, Action and Version in x-acs-* headers
)

// Key is the canonical form of a request: what a server answers depends on,
// and nothing that changes from one send to the next. Build it with
// CanonicalKey or RecordedKey; compare with Equal or String.
type Key struct {
	method, path, style, kase string
	// body is empty for a form or empty body, else a digest of the raw body.
	body    string
	headers []field // V3 only, sorted by name
	params  []field // sorted by name
}

// field is one named entry of a key with its values in the order sent.
type field struct {
	name   string
	values []string
}

// Method returns the HTTP method (GET when the request left it empty).
func (k Key) Method() string { return k.method }

// Path returns the decoded URL path ("/" when empty).
func (k Key) Path() string { return k.path }

// Style returns StyleRPC or StyleV3.
func (k Key) Style() string { return k.style }

// Case returns the value of the CaseHeader, or "" when it was not sent.
func (k Key) Case() string { return k.kase }

// Action returns the operation called: the Action parameter of an RPC
// request, the x-acs-action header of a V3 one.
func (k Key) Action() string {
	if k.style == StyleV3 {
		return first(k.headers, "x-acs-action")
	}
	return first(k.params, "Action")
}

// Version returns the API version called, from the Version parameter or the
// x-acs-version header.
func (k Key) Version() string {
	if k.style == StyleV3 {
		return first(k.headers, "x-acs-version")
	}
	return first(k.params, "Version")
}

// Params returns a copy of the key's parameters: normalized business
// parameters, common parameters as sent, and credential and volatile ones as
// Redacted (or "" when sent empty).
func (k Key) Params() url.Values {
	out := make(url.Values, len(k.params))
	for _, f := range k.params {
		out[f.name] = slices.Clone(f.values)
	}
	return out
}

// Equal reports whether k and other are the same request.
func (k Key) Equal(other Key) bool { return k.String() == other.String() }

// String returns a stable, unambiguous one-line form of the key, usable as a
// map key: every name and value is percent-encoded, so separators cannot
// occur inside them.
//
//	POST / RPC case= body= headers= params=Action=DescribeSecurityGroups&MaxResults=10&...
func (k Key) String() string {
	var b strings.Builder
	b.WriteString(signer.PercentEncode(k.method))
	b.WriteByte(' ')
	b.WriteString((&url.URL{Path: k.path}).EscapedPath())
	b.WriteByte(' ')
	b.WriteString(k.style)
	b.WriteString(" case=")
	b.WriteString(signer.PercentEncode(k.kase))
	b.WriteString(" body=")
	b.WriteString(signer.PercentEncode(k.body))
	b.WriteString(" headers=")
	writeFields(&b, k.headers)
	b.WriteString(" params=")
	writeFields(&b, k.params)
	return b.String()
}

func writeFields(b *strings.Builder, fields []field) {
	sep := ""
	for _, f := range fields {
		for _, v := range f.values {
			b.WriteString(sep)
			b.WriteString(signer.PercentEncode(f.name))
			b.WriteByte('=')
			b.WriteString(signer.PercentEncode(v))
			sep = "&"
		}
	}
}

// Diff lists what differs between k, the recorded key, and sent, the key of
// the request being matched, one entry per differing field, in a fixed
// order (method, path, style, case, body, headers, parameters by name):
//
//	MaxResults: recorded 10, sent 20
//	header x-acs-version: recorded 2014-05-26, sent (absent)
//
// It returns nil when the keys are equal.
func (k Key) Diff(sent Key) []string {
	var out []string
	add := func(label, recorded, now string) {
		if recorded != now {
			out = append(out, fmt.Sprintf("%s: recorded %s, sent %s", label, recorded, now))
		}
	}
	add("method", show(k.method), show(sent.method))
	add("path", show(k.path), show(sent.path))
	add("signature style", k.style, sent.style)
	add("header "+CaseHeader, showOptional(k.kase), showOptional(sent.kase))
	add("request body (not a form)", showOptional(k.body), showOptional(sent.body))
	out = append(out, diffFields("header ", k.headers, sent.headers)...)
	out = append(out, diffFields("", k.params, sent.params)...)
	return out
}

// diffFields compares two name-sorted field lists.
func diffFields(prefix string, recorded, sent []field) []string {
	var out []string
	i, j := 0, 0
	for i < len(recorded) || j < len(sent) {
		switch {
		case j == len(sent) || (i < len(recorded) && recorded[i].name < sent[j].name):
			out = append(out, fmt.Sprintf("%s%s: recorded %s, sent (absent)", prefix, recorded[i].name, showValues(recorded[i].values)))
			i++
		case i == len(recorded) || sent[j].name < recorded[i].name:
			out = append(out, fmt.Sprintf("%s%s: recorded (absent), sent %s", prefix, sent[j].name, showValues(sent[j].values)))
			j++
		default:
			if !slices.Equal(recorded[i].values, sent[j].values) {
				out = append(out, fmt.Sprintf("%s%s: recorded %s, sent %s", prefix, recorded[i].name, showValues(recorded[i].values), showValues(sent[j].values)))
			}
			i++
			j++
		}
	}
	return out
}

// Closest returns the index of the candidate that differs from sent in the
// fewest fields, with those differences (recorded side first), or -1 when
// there are no candidates. Ties go to the earliest candidate, so the answer
// is stable.
func Closest(sent Key, candidates []Key) (int, []string) {
	best, bestDiff := -1, []string(nil)
	for i, c := range candidates {
		d := c.Diff(sent)
		if best < 0 || len(d) < len(bestDiff) {
			best, bestDiff = i, d
		}
		if len(d) == 0 {
			break
		}
	}
	return best, bestDiff
}

func first(fields []field, name string) string {
	for _, f := range fields {
		if f.name == name && len(f.values) > 0 {
			return f.values[0]
		}
	}
	return ""
}

func showValues(values []string) string {
	shown := make([]string, len(values))
	for i, v := range values {
		shown[i] = show(v)
	}
	return strings.Join(shown, ",")
}

// showOptional shows "" as absent: the case header and the raw body have no
// empty-but-present state worth telling apart.
func showOptional(v string) string {
	if v == "" {
		return "(absent)"
	}
	return show(v)
}

// show quotes a value only when it would otherwise be ambiguous in a diff:
// when it is empty, holds a separator or quote, or anything unprintable.
func show(v string) string {
	if v == "" || strings.ContainsAny(v, " ,;\"'()") {
		return strconv.Quote(v)
	}
	for _, r := range v {
		if !unicode.IsPrint(r) {
			return strconv.Quote(v)
		}
	}
	return v
}
