package vcr

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"gopkg.in/dnaeon/go-vcr.v2/cassette"

	"github.com/ecs-conformance/ecs-conformance/specs"
)

// volatileParams are query or form parameters that differ on every send or
// carry credentials: the key keeps only whether they were sent, and Sanitize
// clears them.
var volatileParams = map[string]bool{
	"Signature":      true,
	"SignatureNonce": true,
	"Timestamp":      true,
	"AccessKeyId":    true,
	"SecurityToken":  true,
	"BearerToken":    true,
}

// commonParams are the RPC protocol parameters: not business parameters, so
// BusinessParams leaves them out (the key keeps the non-volatile ones).
var commonParams = map[string]bool{
	"Action":           true,
	"Version":          true,
	"Format":           true,
	"SignatureMethod":  true,
	"SignatureVersion": true,
	"SignatureType":    true,
}

// Headers the key keeps for V3 requests: by value, and by presence only.
// Header names are compared case-insensitively: some SDKs put lower-case
// names straight into the header map.
var (
	v3ValueHeaders    = []string{"x-acs-action", "x-acs-version"}
	v3PresenceHeaders = []string{"x-acs-date", "x-acs-signature-nonce", "x-acs-security-token", "x-acs-accesskey-id", "x-acs-bearer-token"}
)

// wireRequest is what the key is computed from, whether the request is live
// or recorded.
type wireRequest struct {
	method   string
	path     string
	rawQuery string
	header   http.Header
	body     []byte
	// form stands in for an empty body in recorded requests (go-vcr keeps
	// both; the body is what went on the wire, so it wins).
	form url.Values
}

// CanonicalKey returns the key of a request about to be sent or just
// received. body is the request body; r.Body is not read. An error means the
// query or form body is not valid form encoding; it names the parameter.
func CanonicalKey(r *http.Request, body []byte) (Key, error) {
	if r.URL == nil {
		return Key{}, fmt.Errorf("vcr: request has no URL")
	}
	return keyOf(wireRequest{method: r.Method, path: r.URL.Path, rawQuery: r.URL.RawQuery, header: r.Header, body: body})
}

// RecordedKey returns the key of a request recorded in a cassette.
func RecordedKey(r cassette.Request) (Key, error) {
	w, err := recordedWire(r)
	if err != nil {
		return Key{}, err
	}
	return keyOf(w)
}

// BusinessParams returns the request's query and form-body parameters, merged
// and decoded, without the RPC common parameters and credentials: what the
// operation's request schema describes. Values are as sent (not normalized).
func BusinessParams(r *http.Request, body []byte) (url.Values, error) {
	if r.URL == nil {
		return nil, fmt.Errorf("vcr: request has no URL")
	}
	pairs, err := paramsOf(wireRequest{method: r.Method, rawQuery: r.URL.RawQuery, header: r.Header, body: body})
	if err != nil {
		return nil, err
	}
	out := url.Values{}
	for _, p := range pairs {
		if !volatileParams[p.name] && !commonParams[p.name] {
			out[p.name] = append(out[p.name], p.value)
		}
	}
	return out, nil
}

func recordedWire(r cassette.Request) (wireRequest, error) {
	u, err := url.Parse(r.URL)
	if err != nil {
		return wireRequest{}, fmt.Errorf("vcr: recorded URL %q does not parse: %w", r.URL, err)
	}
	return wireRequest{method: r.Method, path: u.Path, rawQuery: u.RawQuery, header: r.Headers, body: []byte(r.Body), form: r.Form}, nil
}

func keyOf(w wireRequest) (Key, error) {
	pairs, err := paramsOf(w)
	if err != nil {
		return Key{}, err
	}
	k := Key{method: w.method, path: w.path}
	if k.method == "" {
		k.method = http.MethodGet
	}
	if k.path == "" {
		k.path = "/"
	}
	k.kase = strings.Join(headerValues(w.header, CaseHeader), ",")
	if len(w.body) > 0 && !isForm(w.header) {
		sum := sha256.Sum256(w.body)
		k.body = "sha256:" + hex.EncodeToString(sum[:])
	}
	k.style = styleOf(w.header, pairs)
	action := actionOf(k.style, w.header, pairs)
	k.params = paramFields(pairs, jsonArrayParams(action))
	// Every operation of an RPC-style API (ECS) is served at "/", and the
	// gateway reads the same parameters from a GET query as from a POST
	// query or form body, in either signature scheme; clients differ only
	// in habit (pop-core and the CLI's --method GET use GET). The
	// signature covers the method, but the key ignores signatures anyway.
	k.anyMethod = k.path == "/" && action != ""
	if k.style == StyleV3 {
		k.headers = v3Fields(w.header)
	}
	return k, nil
}

// styleOf decides the signature style. An ACS Authorization header means V3;
// RPC parameters mean RPC (an RPC client may add an unsigned x-acs-action
// header too); a bare x-acs-action header means an unsigned V3 request.
func styleOf(h http.Header, pairs []pair) string {
	if alg, _ := authAlgorithm(h); strings.HasPrefix(alg, "ACS") {
		return StyleV3
	}
	for _, p := range pairs {
		switch p.name {
		case "Action", "Signature", "SignatureMethod", "SignatureVersion":
			return StyleRPC
		}
	}
	if len(headerValues(h, "x-acs-action")) > 0 {
		return StyleV3
	}
	return StyleRPC
}

// actionOf names the operation a request calls: the x-acs-action header of a
// V3 request, the Action parameter of an RPC one; "" when it names none.
func actionOf(style string, h http.Header, pairs []pair) string {
	if style == StyleV3 {
		if vs := headerValues(h, "x-acs-action"); len(vs) > 0 {
			return vs[0]
		}
		return ""
	}
	for _, p := range pairs {
		if p.name == "Action" {
			return p.value
		}
	}
	return ""
}

// jsonArrayParams names the parameters of action that carry one JSON array
// of strings each (the contract's json-array type), whose spelling varies
// between clients. An action without a contract has none: its parameters
// are compared as sent.
func jsonArrayParams(action string) map[string]bool {
	op := specs.Lookup(action)
	if op == nil {
		return nil
	}
	names := map[string]bool{}
	for _, n := range op.JSONArrayParameters() {
		names[n] = true
	}
	return names
}

// paramFields turns decoded pairs into sorted key fields, clearing volatile
// values and re-marshalling the values of jsonArrays compactly.
func paramFields(pairs []pair, jsonArrays map[string]bool) []field {
	index := map[string]int{}
	var fields []field
	for _, p := range pairs {
		v := p.value
		switch {
		case volatileParams[p.name]:
			v = presence(v)
		case jsonArrays[p.name]:
			v = normalizeJSONArray(v)
		case p.name == "Format":
			// The v7 SDK sends "json", the legacy SDK and the CLI "JSON";
			// the service reads it case-insensitively.
			v = strings.ToUpper(v)
		case p.name == "SignatureType" && v == "":
			// The legacy SDK and the CLI always send an empty SignatureType,
			// the other clients none; both mean the default.
			continue
		}
		i, ok := index[p.name]
		if !ok {
			i = len(fields)
			index[p.name] = i
			fields = append(fields, field{name: p.name})
		}
		fields[i].values = append(fields[i].values, v)
	}
	slices.SortFunc(fields, func(a, b field) int { return strings.Compare(a.name, b.name) })
	return fields
}

// v3Fields picks the headers a V3 key holds, sorted by name.
func v3Fields(h http.Header) []field {
	var fields []field
	if alg, ok := authAlgorithm(h); ok {
		fields = append(fields, field{name: "authorization", values: []string{alg}})
	}
	for _, name := range v3ValueHeaders {
		if vs := headerValues(h, name); len(vs) > 0 {
			fields = append(fields, field{name: name, values: vs})
		}
	}
	for _, name := range v3PresenceHeaders {
		if vs := headerValues(h, name); len(vs) > 0 {
			for i := range vs {
				vs[i] = presence(vs[i])
			}
			fields = append(fields, field{name: name, values: vs})
		}
	}
	slices.SortFunc(fields, func(a, b field) int { return strings.Compare(a.name, b.name) })
	return fields
}

// presence keeps an empty value empty and hides any other.
func presence(v string) string {
	if v == "" {
		return ""
	}
	return Redacted
}

// isForm reports whether the body is form-encoded, by its Content-Type. An
// unlabelled body is not parsed (Go's ParseForm would not read it either): the
// key compares its digest instead.
func isForm(h http.Header) bool {
	ct := headerValues(h, "Content-Type")
	if len(ct) == 0 {
		return false
	}
	media, _, err := mime.ParseMediaType(ct[0])
	return err == nil && media == "application/x-www-form-urlencoded"
}
