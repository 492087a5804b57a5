package selftest_test

import (
	"bytes"
	"encoding/json"
	"io"
	"maps"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
)

// mutation rewrites one answer of the upstream. It sees the request, its
// business and common parameters (query and form body together), and the
// upstream's status, headers and body, and returns what the client gets.
// Returning its inputs unchanged lets the answer through.
type mutation func(req *http.Request, params url.Values, status int, header http.Header, body []byte) (int, http.Header, []byte)

// controlPrefix is the emulator's control namespace. The suite posts fault
// settings there; a proxy that altered them would test itself, not the suite.
const controlPrefix = "/_emulator/"

// maxBufferedBody bounds how much of a request body the proxy reads to learn
// its form parameters. It is above the 2 MiB body the suite sends to provoke
// RequestTooLarge, so that trigger reaches the upstream as sent.
const maxBufferedBody = 8 << 20

// mutatingProxy is an http.Handler in front of upstream that applies one
// mutation to every API answer. Requests reach the upstream byte for byte:
// they are signed, so only answers can be changed.
type mutatingProxy struct {
	upstream http.Handler
	mutate   mutation // nil forwards everything untouched
	// fired counts the answers the mutation changed; a mutant that never
	// fires proves nothing about the suite, whatever the suite says.
	fired atomic.Int64
}

func (p *mutatingProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if p.mutate == nil || strings.HasPrefix(r.URL.Path, controlPrefix) {
		p.upstream.ServeHTTP(w, r)
		return
	}
	buffered, err := io.ReadAll(io.LimitReader(r.Body, maxBufferedBody))
	if err != nil {
		http.Error(w, "selftest proxy: reading the request body: "+err.Error(), http.StatusBadGateway)
		return
	}
	// The upstream reads what was buffered, then whatever lies beyond it.
	r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(buffered), r.Body))
	params := requestParams(r, buffered)

	rec := httptest.NewRecorder()
	p.upstream.ServeHTTP(rec, r)
	res := rec.Result()
	body := rec.Body.Bytes()

	status, header, out := p.mutate(r, params, res.StatusCode, res.Header.Clone(), slices.Clone(body))
	if status != res.StatusCode || !bytes.Equal(out, body) || !headersEqual(header, res.Header) {
		p.fired.Add(1)
	}
	dst := w.Header()
	maps.Copy(dst, header)
	// The body may have changed length; net/http computes it again.
	dst.Del("Content-Length")
	w.WriteHeader(status)
	_, _ = w.Write(out)
}

func headersEqual(a, b http.Header) bool {
	return maps.EqualFunc(a, b, slices.Equal[[]string])
}

// requestParams merges the query with a form body, the two places the suite
// puts parameters (RPC and V3 alike). Malformed parts are skipped: the
// upstream, not the proxy, judges the request.
func requestParams(r *http.Request, body []byte) url.Values {
	params, _ := url.ParseQuery(r.URL.RawQuery)
	if params == nil {
		params = url.Values{}
	}
	if isForm(r) {
		form, _ := url.ParseQuery(string(body))
		for k, v := range form {
			params[k] = append(params[k], v...)
		}
	}
	return params
}

func isForm(r *http.Request) bool {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return mt == "application/x-www-form-urlencoded"
}

// editJSON decodes a JSON object, lets edit change it and encodes it again;
// when edit reports no change (or the body is no JSON object) the original
// bytes go back, so an untouched answer is not counted as mutated. Numbers
// stay json.Number: ServiceID exceeds what a float64 holds exactly.
func editJSON(body []byte, edit func(m map[string]any) bool) []byte {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var m map[string]any
	if dec.Decode(&m) != nil || m == nil || !edit(m) {
		return body
	}
	return encodeJSON(m)
}

func encodeJSON(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	// The emulator writes Recommend's '&' verbatim; so does the proxy.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic("selftest: encoding a mutated answer: " + err.Error())
	}
	return bytes.TrimRight(buf.Bytes(), "\n")
}

// groups returns the items of a page (SecurityGroups.SecurityGroup) and
// whether the answer has that array at all.
func groups(m map[string]any) ([]any, bool) {
	wrapper, ok := m["SecurityGroups"].(map[string]any)
	if !ok {
		return nil, false
	}
	items, ok := wrapper["SecurityGroup"].([]any)
	return items, ok
}

func setGroups(m map[string]any, items []any) {
	m["SecurityGroups"] = map[string]any{"SecurityGroup": items}
}
