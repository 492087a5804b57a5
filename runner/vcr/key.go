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
	// anyMethod is set for an API request of an RPC-style operation (path
	// "/", an action named): the gateway answers GET and POST alike, so the
	// key leaves the method out.
	anyMethod bool
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

// AnyMethod reports whether the key matches whatever the method: true for
// an API request of an RPC-style operation (path "/", an action named),
// which the service answers alike by GET and by POST.
func (k Key) AnyMethod() bool { return k.anyMethod }

// methodKey is the method as the key compares it: "*" when any will do.
func (k Key) methodKey() string {
	if k.anyMethod {
		return "*"
	}
	return k.method
}

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
// occur inside them. The method is "*" for an API request of an RPC-style
// operation, which matches whatever the method:
//
//	POST /_emulator/faults RPC case= body=sha256:... headers= params=
//	* / RPC case= body= headers= params=Action=DescribeSecurityGroups&MaxResults=10&...
func (k Key) String() string {
	var b strings.Builder
	if k.anyMethod {
		// Raw: a method literally "*" would be written %2A.
		b.WriteByte('*')
	} else {
		b.WriteString(signer.PercentEncode(k.method))
	}
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
	k.compare(sent, func(d difference) { out = append(out, d.String()) })
	return out
}

// Difference kinds, in the order compare reports them.
const (
	DiffMethod = "method"
	DiffPath   = "path"
	DiffStyle  = "signature style"
	DiffCase   = "case"
	DiffBody   = "body"
	DiffHeader = "header"
	DiffParam  = "parameter"
)

// difference is one field in which two keys differ, formatted only when
// shown: counting differences must cost no allocation.
type difference struct {
	kind, name     string
	recorded, sent []string
	// optional shows an empty single value as absent: the case header and
	// the raw body have no empty-but-present state worth telling apart.
	optional bool
}

func (d difference) String() string {
	var label string
	switch d.kind {
	case DiffMethod, DiffPath, DiffStyle:
		label = d.kind
	case DiffCase:
		label = "header " + CaseHeader
	case DiffBody:
		label = "request body (not a form)"
	case DiffHeader:
		label = "header " + d.name
	default:
		label = d.name
	}
	return fmt.Sprintf("%s: recorded %s, sent %s", label, d.showSide(d.recorded), d.showSide(d.sent))
}

func (d difference) showSide(values []string) string {
	switch {
	case values == nil:
		return "(absent)"
	case d.kind == DiffStyle:
		return values[0]
	case d.optional && values[0] == "":
		return "(absent)"
	}
	return showValues(values)
}

// compare calls emit for every field in which k (recorded) and sent differ,
// in Diff's order.
func (k Key) compare(sent Key, emit func(difference)) {
	one := func(kind, recorded, now string, optional bool) {
		if recorded != now {
			emit(difference{kind: kind, recorded: []string{recorded}, sent: []string{now}, optional: optional})
		}
	}
	if rm, sm := k.methodKey(), sent.methodKey(); rm != sm {
		one(DiffMethod, rm, sm, false)
	}
	if k.path != sent.path {
		one(DiffPath, k.path, sent.path, false)
	}
	if k.style != sent.style {
		one(DiffStyle, k.style, sent.style, false)
	}
	if k.kase != sent.kase {
		one(DiffCase, k.kase, sent.kase, true)
	}
	if k.body != sent.body {
		one(DiffBody, k.body, sent.body, true)
	}
	compareFields(DiffHeader, k.headers, sent.headers, emit)
	compareFields(DiffParam, k.params, sent.params, emit)
}

// compareFields compares two name-sorted field lists.
func compareFields(kind string, recorded, sent []field, emit func(difference)) {
	compareFieldsOf(kind, recorded, sent, nil, emit)
}

// compareFieldsOf compares the fields of two name-sorted lists that keep
// selects (all when keep is nil).
func compareFieldsOf(kind string, recorded, sent []field, keep func(name string) bool, emit func(difference)) {
	i, j := 0, 0
	for i < len(recorded) || j < len(sent) {
		if keep != nil {
			if i < len(recorded) && !keep(recorded[i].name) {
				i++
				continue
			}
			if j < len(sent) && !keep(sent[j].name) {
				j++
				continue
			}
		}
		switch {
		case j == len(sent) || (i < len(recorded) && recorded[i].name < sent[j].name):
			emit(difference{kind: kind, name: recorded[i].name, recorded: recorded[i].values})
			i++
		case i == len(recorded) || sent[j].name < recorded[i].name:
			emit(difference{kind: kind, name: sent[j].name, sent: sent[j].values})
			j++
		default:
			if !slices.Equal(recorded[i].values, sent[j].values) {
				emit(difference{kind: kind, name: recorded[i].name, recorded: recorded[i].values, sent: sent[j].values})
			}
			i++
			j++
		}
	}
}

// distance counts the fields in which k and sent differ, allocating
// nothing: the closest-match search runs it once per candidate.
func (k Key) distance(sent Key) int {
	n := 0
	k.compare(sent, func(difference) { n++ })
	return n
}

// Closest returns the index of the candidate that differs from sent in the
// fewest fields, with those differences (recorded side first), or -1 when
// there are no candidates. Ties go to the earliest candidate, so the answer
// is stable. Only the winner's differences are formatted.
func Closest(sent Key, candidates []Key) (int, []string) {
	best, bestN := -1, 0
	for i, c := range candidates {
		n := c.distance(sent)
		if best < 0 || n < bestN {
			best, bestN = i, n
		}
		if n == 0 {
			break
		}
	}
	if best < 0 {
		return -1, nil
	}
	return best, candidates[best].Diff(sent)
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
