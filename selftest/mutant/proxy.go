package mutant

import (
	"bytes"
	"io"
	"maps"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/ecs-conformance/ecs-conformance/specs"
)

// Key is an access key the upstream accepts; the proxy signs with it when a
// mutant asks the upstream on the caller's behalf.
type Key struct{ ID, Secret, SecurityToken string }

// ControlPrefix is the emulator's control namespace. The suite posts fault
// settings there; a proxy that altered them would test itself.
const ControlPrefix = "/_emulator/"

// maxBufferedBody bounds how much of a request body the proxy reads. It is
// above the 2 MiB body the suite sends to provoke RequestTooLarge, so that
// trigger reaches the upstream as sent.
const maxBufferedBody = 8 << 20

// Proxy is an http.Handler in front of Upstream that applies one Mutation
// to every API exchange. Requests reach the upstream byte for byte.
type Proxy struct {
	Upstream http.Handler
	// Keys are the upstream's access keys; the first signs what a caller
	// with an unknown key asks.
	Keys []Key
	// Mutate is applied to every exchange; nil forwards everything untouched.
	Mutate Mutation

	fired atomic.Int64
	mu    sync.Mutex
	state map[string]any
}

// Fired counts the answers the mutation changed. A mutant that never fired
// proves nothing about the suite, whatever the suite says.
func (p *Proxy) Fired() int64 { return p.fired.Load() }

// State returns the value a mutation keeps under key, creating it with mk
// the first time; mutations run concurrently, so the value must lock itself.
func State[T any](p *Proxy, key string, mk func() *T) *T {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.state == nil {
		p.state = map[string]any{}
	}
	v, ok := p.state[key].(*T)
	if !ok {
		v = mk()
		p.state[key] = v
	}
	return v
}

func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if p.Mutate == nil || strings.HasPrefix(r.URL.Path, ControlPrefix) {
		p.Upstream.ServeHTTP(w, r)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBufferedBody))
	if err != nil {
		http.Error(w, "mutant proxy: reading the request body: "+err.Error(), http.StatusBadGateway)
		return
	}
	r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), r.Body))
	x := newExchange(p, r, body)

	rec := httptest.NewRecorder()
	p.Upstream.ServeHTTP(rec, r)
	res := rec.Result()
	x.Status, x.Header, x.Answer = res.StatusCode, res.Header.Clone(), slices.Clone(rec.Body.Bytes())

	p.Mutate(x)
	if x.Status != res.StatusCode || !bytes.Equal(x.Answer, rec.Body.Bytes()) || !headersEqual(x.Header, res.Header) || x.Write != nil {
		p.fired.Add(1)
	}
	if x.Write != nil {
		x.Write(w, x)
		return
	}
	writeAnswer(w, x)
}

// writeAnswer is how an answer normally leaves: headers, status, body.
func writeAnswer(w http.ResponseWriter, x *Exchange) {
	dst := w.Header()
	maps.Copy(dst, x.Header)
	// The body may have changed length; net/http computes it again.
	dst.Del("Content-Length")
	w.WriteHeader(x.Status)
	_, _ = w.Write(x.Answer)
}

func headersEqual(a, b http.Header) bool {
	return maps.EqualFunc(a, b, slices.Equal[[]string])
}

// requestParams merges the query with a form body, the two places requests
// carry parameters. Malformed parts are skipped: the upstream judges.
func requestParams(r *http.Request, body []byte) (params, query url.Values) {
	query, _ = url.ParseQuery(r.URL.RawQuery)
	if query == nil {
		query = url.Values{}
	}
	params = url.Values{}
	for k, v := range query {
		params[k] = slices.Clone(v)
	}
	if isForm(r) {
		form, _ := url.ParseQuery(string(body))
		for k, v := range form {
			params[k] = append(params[k], v...)
		}
	}
	return params, query
}

// IsForm says the request carries a form body.
func isForm(r *http.Request) bool {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return mt == "application/x-www-form-urlencoded"
}

// lookupOp is the contract of an action, nil when the set has none.
func lookupOp(action string) *specs.Operation {
	if action == "" {
		return nil
	}
	return specs.Lookup(action)
}
