package vcr

import (
	"cmp"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/dnaeon/go-vcr.v2/cassette"

	"github.com/ecs-conformance/ecs-conformance/internal/signer"
)

// Request headers whose value Sanitize replaces by Redacted: credentials,
// and values that change on every send (which would make cassettes differ
// from one recording to the next).
var redactedRequestHeaders = []string{
	"x-acs-security-token", "x-acs-accesskey-id", "x-acs-bearer-token",
	"x-acs-signature-nonce", "x-acs-date",
}

// Response headers Sanitize drops: Date changes on every answer, and
// Content-Length is framing, which any server replaying the answer computes
// anew (the replay server does) and which a server may leave out for a
// chunked answer; neither is part of what a recording pins.
var volatileResponseHeaders = []string{"Date", "Content-Length"}

// accessKeyIDPattern matches Alibaba Cloud AccessKey IDs.
var accessKeyIDPattern = regexp.MustCompile(`LTAI[0-9A-Za-z]{12,}`)

// minScrubLength keeps Sanitize from replacing short values inside response
// bodies, where a two-letter "secret" would match ordinary text.
const minScrubLength = 6

// Sanitize clears credentials and volatile values from a recorded
// interaction; the recorder runs it on every interaction before a cassette
// is written (go-vcr save filter). It:
//
//   - replaces the values of Signature, SignatureNonce, Timestamp,
//     AccessKeyId, SecurityToken and BearerToken in the URL's query, the form
//     body and Form by Redacted, keeping the names, the other pairs and their
//     encoding byte for byte (an empty value stays empty);
//   - replaces the x-acs-date, x-acs-signature-nonce, x-acs-security-token,
//     x-acs-accesskey-id and x-acs-bearer-token headers by Redacted, and in
//     Authorization keeps the algorithm and SignedHeaders but redacts
//     Credential, Signature and anything else;
//   - drops the response's Date and Content-Length headers, zeroes the
//     recorded duration, and removes from the response body and headers
//     every AccessKey ID and every credential value the request carried, in
//     each encoding a server might echo it in (a SignatureDoesNotMatch
//     message quotes the string-to-sign, which holds the AccessKeyId). In error answers (status 400 and above)
//     the request's nonce and timestamp are removed too, so re-recording
//     gives the same bytes.
//
// The key ignores exactly what Sanitize changes, so a sanitized interaction
// matches the request it was recorded from. Sanitize is idempotent. Maps are
// replaced, not modified, because go-vcr shares them with the live request
// and response.
func Sanitize(i *cassette.Interaction) error {
	credentials, volatiles := requestSecrets(i.Request)

	i.Request.URL = redactURL(i.Request.URL)
	if isForm(i.Request.Headers) {
		i.Request.Body = redactFormText(i.Request.Body)
	}
	i.Request.Form = redactValues(i.Request.Form)
	i.Request.Headers = redactRequestHeaders(i.Request.Headers)

	scrub := credentials
	if i.Response.Code >= 400 {
		scrub = append(scrub, volatiles...)
	}
	replacer := scrubber(scrub)
	i.Response.Body = replacer(i.Response.Body)
	i.Response.Headers = scrubResponseHeaders(i.Response.Headers, replacer)
	i.Response.Duration = 0
	return nil
}

// requestSecrets collects the values Sanitize will clear from the request:
// credentials (AccessKey IDs, tokens, signatures) and volatile values
// (nonces, timestamps), so they can be hunted down in the response too.
func requestSecrets(r cassette.Request) (credentials, volatiles []string) {
	addParam := func(name, value string) {
		switch {
		case value == "" || value == Redacted:
		case name == "SignatureNonce" || name == "Timestamp":
			volatiles = append(volatiles, value)
		case volatileParams[name]:
			credentials = append(credentials, value)
		}
	}
	w, err := recordedWire(r)
	if err == nil {
		if pairs, err := paramsOf(w); err == nil {
			for _, p := range pairs {
				addParam(p.name, p.value)
			}
		}
	}
	for name, vs := range r.Form {
		for _, v := range vs {
			addParam(name, v)
		}
	}
	for name, vs := range r.Headers {
		for _, v := range vs {
			switch {
			case v == "" || v == Redacted:
			case strings.EqualFold(name, "x-acs-date") || strings.EqualFold(name, "x-acs-signature-nonce"):
				volatiles = append(volatiles, v)
			case slices.ContainsFunc(redactedRequestHeaders, func(h string) bool { return strings.EqualFold(h, name) }):
				credentials = append(credentials, v)
			case strings.EqualFold(name, "Authorization"):
				credentials = append(credentials, authorizationSecrets(v)...)
			}
		}
	}
	return credentials, volatiles
}

// redactURL redacts the query of a recorded URL in place, leaving everything
// before the '?' untouched.
func redactURL(raw string) string {
	base, query, found := strings.Cut(raw, "?")
	if !found {
		return raw
	}
	query, fragment, hasFragment := strings.Cut(query, "#")
	out := base + "?" + redactFormText(query)
	if hasFragment {
		out += "#" + fragment
	}
	return out
}

// redactFormText replaces the values of volatile parameters in form-encoded
// text, token by token, so the other pairs keep their order and encoding.
func redactFormText(raw string) string {
	if raw == "" {
		return raw
	}
	tokens := strings.Split(raw, "&")
	for i, token := range tokens {
		rawName, rawValue, _ := strings.Cut(token, "=")
		name, err := url.QueryUnescape(rawName)
		if err != nil || !volatileParams[name] || rawValue == "" {
			continue
		}
		tokens[i] = rawName + "=" + Redacted
	}
	return strings.Join(tokens, "&")
}

func redactValues(form url.Values) url.Values {
	if form == nil {
		return nil
	}
	out := make(url.Values, len(form))
	for name, vs := range form {
		vs = slices.Clone(vs)
		if volatileParams[name] {
			for j := range vs {
				vs[j] = presence(vs[j])
			}
		}
		out[name] = vs
	}
	return out
}

func redactRequestHeaders(h http.Header) http.Header {
	if h == nil {
		return nil
	}
	out := make(http.Header, len(h))
	for name, vs := range h {
		vs = slices.Clone(vs)
		switch {
		case strings.EqualFold(name, "Authorization"):
			for j := range vs {
				vs[j] = redactAuthorization(vs[j])
			}
		case slices.ContainsFunc(redactedRequestHeaders, func(h string) bool { return strings.EqualFold(h, name) }):
			for j := range vs {
				vs[j] = presence(strings.TrimSpace(vs[j]))
			}
		}
		out[name] = vs
	}
	return out
}

// redactAuthorization rewrites "ALG Credential=..,SignedHeaders=..,Signature=.."
// keeping ALG and SignedHeaders. It is lenient: a value without a space is
// redacted whole, and any part other than SignedHeaders is redacted, so an
// unknown scheme cannot leak.
func redactAuthorization(v string) string {
	v = strings.TrimSpace(v)
	alg, rest, found := strings.Cut(v, " ")
	if !found || strings.TrimSpace(rest) == "" {
		return presence(v)
	}
	if strings.EqualFold(alg, "Bearer") {
		// A bearer token (the emulator's control token) is one opaque
		// secret, whatever characters it holds.
		return alg + " " + Redacted
	}
	parts := strings.Split(rest, ",")
	for i, part := range parts {
		name, _, hasValue := strings.Cut(strings.TrimSpace(part), "=")
		switch {
		case !hasValue:
			parts[i] = Redacted
		case name == "SignedHeaders":
			parts[i] = strings.TrimSpace(part)
		default:
			parts[i] = name + "=" + Redacted
		}
	}
	return alg + " " + strings.Join(parts, ",")
}

// authorizationSecrets returns the values of an Authorization header that
// redactAuthorization hides.
func authorizationSecrets(v string) []string {
	_, rest, found := strings.Cut(strings.TrimSpace(v), " ")
	if !found {
		return []string{v}
	}
	var out []string
	for _, part := range strings.Split(rest, ",") {
		name, value, hasValue := strings.Cut(strings.TrimSpace(part), "=")
		switch {
		case !hasValue:
			out = append(out, name)
		case name != "SignedHeaders" && value != Redacted:
			out = append(out, value)
		}
	}
	return out
}

// scrubber returns a function that replaces each secret, in every encoding a
// server may echo it in, and every AccessKey ID, by Redacted.
func scrubber(secrets []string) func(string) string {
	var forms []string
	for _, s := range secrets {
		if len(s) < minScrubLength {
			continue
		}
		once := signer.PercentEncode(s)
		forms = append(forms, s, url.QueryEscape(s), once, signer.PercentEncode(once))
	}
	// Longest first, so an encoded form is replaced whole before a shorter
	// form inside it.
	slices.SortFunc(forms, func(a, b string) int { return cmp.Or(len(b)-len(a), strings.Compare(a, b)) })
	forms = slices.Compact(forms)
	args := make([]string, 0, 2*len(forms))
	for _, f := range forms {
		args = append(args, f, Redacted)
	}
	replacer := strings.NewReplacer(args...)
	return func(s string) string {
		return accessKeyIDPattern.ReplaceAllString(replacer.Replace(s), Redacted)
	}
}

func scrubResponseHeaders(h http.Header, scrub func(string) string) http.Header {
	if h == nil {
		return nil
	}
	out := make(http.Header, len(h))
	for name, vs := range h {
		if slices.ContainsFunc(volatileResponseHeaders, func(v string) bool { return strings.EqualFold(v, name) }) {
			continue
		}
		vs = slices.Clone(vs)
		for j := range vs {
			vs[j] = scrub(vs[j])
		}
		out[name] = vs
	}
	return out
}
