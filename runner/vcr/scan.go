package vcr

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/dnaeon/go-vcr.v2/cassette"

	"github.com/ecs-conformance/ecs-conformance/internal/signer"
)

// SecretKind says why ScanSecrets reported a value.
type SecretKind string

// What ScanSecrets looks for.
const (
	// KindLiteral is one of the secrets passed to ScanSecrets.
	KindLiteral SecretKind = "given secret"
	// KindAccessKeyID is an Alibaba Cloud AccessKey ID (LTAI...).
	KindAccessKeyID SecretKind = "AccessKey ID"
	// KindSTSToken is an STS security token (CAIS...).
	KindSTSToken SecretKind = "STS token"
	// KindSignature is a Signature= value, or a signature-looking base64 or
	// hex value in a signature field, that is not Redacted.
	KindSignature SecretKind = "signature"
	// KindCredential is a Credential= value that is not Redacted.
	KindCredential SecretKind = "Authorization credential"
	// KindUnredacted is a credential parameter or header holding a value
	// other than Redacted.
	KindUnredacted SecretKind = "unredacted credential field"
)

// Finding is one secret-looking value in a cassette. It never holds the
// value itself, only a masked hint, so it can be printed in CI logs.
type Finding struct {
	File        string // path of the cassette, relative to the directory scanned
	Interaction int    // index of the interaction in the cassette
	Field       string // "request.url", "request.headers.Authorization", "response.body", ...
	Kind        SecretKind
	Hint        string // the value masked: a short prefix and its length
}

func (f Finding) String() string {
	return fmt.Sprintf("%s#%d %s: %s %s", f.File, f.Interaction, f.Field, f.Kind, f.Hint)
}

var (
	stsTokenPattern = regexp.MustCompile(`CAIS[0-9A-Za-z+/=._-]{8,}`)
	// signatureAssignment and credentialAssignment find Name=value in URLs,
	// form bodies, Authorization headers and echoed strings-to-sign.
	signatureAssignment  = regexp.MustCompile(`(?:^|[^0-9A-Za-z])Signature=([^&,\s"'\\]*)`)
	credentialAssignment = regexp.MustCompile(`(?:^|[^0-9A-Za-z])Credential=([^&,\s"'\\]*)`)
	base64MAC            = regexp.MustCompile(`^[A-Za-z0-9+/]{20,}={0,2}$`)
	hexMAC               = regexp.MustCompile(`^(?:[0-9a-fA-F]{32}|[0-9a-fA-F]{40}|[0-9a-fA-F]{64})$`)
)

// credentialFields are parameters and headers that must hold Redacted (or
// nothing) in a sanitized cassette.
var credentialFields = []string{
	"Signature", "AccessKeyId", "SecurityToken", "BearerToken",
	"x-acs-security-token", "x-acs-accesskey-id", "x-acs-bearer-token",
}

// ScanSecrets reads every cassette under dir and reports anything that looks
// like a credential: the given literal secrets (AccessKey IDs and secrets,
// tokens; in raw or percent-encoded form), AccessKey IDs (LTAI...), STS
// tokens (CAIS...), Signature= and Credential= values that are not
// Redacted, signature-looking base64 or hex values in signature fields, and
// credential parameters or headers holding anything but Redacted. Values are
// examined as stored and once and twice URL-decoded, which uncovers secrets
// inside percent-encoded strings-to-sign. An error means a cassette could not
// be read; a clean directory gives no findings.
func ScanSecrets(dir string, secrets ...string) ([]Finding, error) {
	var findings []Finding
	err := eachCassette(dir, false, func(rel string, interactions []*cassette.Interaction) {
		for i, in := range interactions {
			findings = append(findings, scanInteraction(rel, i, in, secrets)...)
		}
	})
	if err != nil {
		return nil, fmt.Errorf("vcr: scanning cassettes under %s: %w", dir, err)
	}
	return findings, nil
}

// scanned is one value of an interaction with where it came from.
type scanned struct{ field, value string }

func scanInteraction(file string, index int, in *cassette.Interaction, secrets []string) []Finding {
	var out []Finding
	seen := map[string]bool{}
	report := func(field string, kind SecretKind, value string) {
		id := field + "\x00" + string(kind)
		if seen[id] {
			return
		}
		seen[id] = true
		out = append(out, Finding{File: file, Interaction: index, Field: field, Kind: kind, Hint: mask(kind, value)})
	}
	for _, s := range fieldsOf(in) {
		for _, text := range decodings(s.value) {
			scanText(s.field, text, secrets, report)
		}
	}
	for _, s := range credentialValues(in) {
		if s.value != "" && s.value != Redacted {
			report(s.field, KindUnredacted, s.value)
		}
		if name := s.field[strings.LastIndexByte(s.field, '.')+1:]; isSignatureField(name) && looksLikeMAC(s.value) {
			report(s.field, KindSignature, s.value)
		}
	}
	return out
}

// scanText looks for every kind of secret in one text.
func scanText(field, text string, secrets []string, report func(string, SecretKind, string)) {
	for _, s := range secrets {
		if s == "" {
			continue
		}
		if strings.Contains(text, s) || strings.Contains(text, signer.PercentEncode(s)) || strings.Contains(text, url.QueryEscape(s)) {
			report(field, KindLiteral, s)
		}
	}
	if m := accessKeyIDPattern.FindString(text); m != "" {
		report(field, KindAccessKeyID, m)
	}
	if m := stsTokenPattern.FindString(text); m != "" {
		report(field, KindSTSToken, m)
	}
	// The assignment patterns start with an alternation, which leaves the
	// regexp engine no literal to skip ahead to: it steps through every
	// byte of every response body. A substring search rules most texts out
	// first, which makes the scan of all cassettes several times faster.
	if strings.Contains(text, "Signature=") {
		for _, m := range signatureAssignment.FindAllStringSubmatch(text, -1) {
			if m[1] != "" && m[1] != Redacted {
				report(field, KindSignature, m[1])
			}
		}
	}
	if strings.Contains(text, "Credential=") {
		for _, m := range credentialAssignment.FindAllStringSubmatch(text, -1) {
			if m[1] != "" && m[1] != Redacted {
				report(field, KindCredential, m[1])
			}
		}
	}
}

// fieldsOf lists every text of an interaction with its field name.
func fieldsOf(in *cassette.Interaction) []scanned {
	out := []scanned{
		{"request.url", in.Request.URL},
		{"request.method", in.Request.Method},
		{"request.body", in.Request.Body},
		{"response.body", in.Response.Body},
		{"response.status", in.Response.Status},
	}
	for _, name := range sortedKeys(in.Request.Form) {
		for _, v := range in.Request.Form[name] {
			out = append(out, scanned{"request.form." + name, v})
		}
	}
	for _, name := range sortedKeys(in.Request.Headers) {
		for _, v := range in.Request.Headers[name] {
			out = append(out, scanned{"request.headers." + name, v})
		}
	}
	for _, name := range sortedKeys(in.Response.Headers) {
		for _, v := range in.Response.Headers[name] {
			out = append(out, scanned{"response.headers." + name, v})
		}
	}
	return out
}

// credentialValues lists the values of credential and signature fields: the
// decoded URL query and form body pairs, Form, the headers, and the
// Credential and Signature parts of Authorization.
func credentialValues(in *cassette.Interaction) []scanned {
	var out []scanned
	pick := func(prefix, name, value string) {
		if slices.ContainsFunc(credentialFields, func(f string) bool { return strings.EqualFold(f, name) }) || isSignatureField(name) {
			out = append(out, scanned{prefix + name, value})
		}
	}
	if u, err := url.Parse(in.Request.URL); err == nil {
		if pairs, err := parseForm(u.RawQuery); err == nil {
			for _, p := range pairs {
				pick("request.url.", p.name, p.value)
			}
		}
	}
	if pairs, err := parseForm(in.Request.Body); err == nil && isForm(in.Request.Headers) {
		for _, p := range pairs {
			pick("request.body.", p.name, p.value)
		}
	}
	for name, vs := range in.Request.Form {
		for _, v := range vs {
			pick("request.form.", name, v)
		}
	}
	for name, vs := range in.Request.Headers {
		for _, v := range vs {
			if strings.EqualFold(name, "Authorization") {
				_, rest, _ := strings.Cut(strings.TrimSpace(v), " ")
				for _, part := range strings.Split(rest, ",") {
					if k, val, ok := strings.Cut(strings.TrimSpace(part), "="); ok && (k == "Credential" || k == "Signature") {
						out = append(out, scanned{"request.headers." + name + "." + k, val})
					}
				}
				continue
			}
			pick("request.headers.", name, v)
		}
	}
	slices.SortFunc(out, func(a, b scanned) int { return strings.Compare(a.field, b.field) })
	return out
}

// isSignatureField reports whether a parameter or header name holds a
// signature: it mentions "signature" and is not one of the protocol fields
// that only describe the signing (method, version, type, nonce).
func isSignatureField(name string) bool {
	lower := strings.ToLower(name)
	if !strings.Contains(lower, "signature") {
		return false
	}
	for _, benign := range []string{"signaturemethod", "signatureversion", "signaturetype", "signaturenonce", "signature-nonce"} {
		if strings.Contains(lower, benign) {
			return false
		}
	}
	return true
}

func looksLikeMAC(v string) bool {
	return v != Redacted && (base64MAC.MatchString(v) || hexMAC.MatchString(v))
}

// decodings returns s, s URL-decoded once and twice (when that changes it
// and is valid encoding).
func decodings(s string) []string {
	out := []string{s}
	for range 2 {
		d, err := url.QueryUnescape(out[len(out)-1])
		if err != nil || d == out[len(out)-1] {
			break
		}
		out = append(out, d)
	}
	return out
}

// mask shows enough of a value to find it, never the value: the AccessKey
// ID prefix, or only the length for a given secret.
func mask(kind SecretKind, v string) string {
	if kind == KindLiteral || len(v) < 12 {
		return fmt.Sprintf("(%d characters)", len(v))
	}
	return fmt.Sprintf("%s… (%d characters)", v[:4], len(v))
}

func sortedKeys[M ~map[string]V, V any](m M) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
