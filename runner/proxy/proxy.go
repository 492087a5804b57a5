package proxy

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/ecs-conformance/ecs-conformance/runner/ownerror"
	"github.com/ecs-conformance/ecs-conformance/runner/vcr"
	"github.com/ecs-conformance/ecs-conformance/specs"
)

// Proxy is the record / playback / live proxy, an http.Handler. It is safe
// for concurrent use; requests of one recording may arrive concurrently
// (they are recorded and answered in arrival order).
type Proxy struct {
	opts             Options
	hostPolicy       HostPolicy
	loopbackUpstream bool
	transport        http.RoundTripper // to the upstream (record, live)

	mu     sync.Mutex
	active map[string]*recording
	// stopped holds, in record mode, the recordings written so far: a late
	// request naming one must not start it afresh, which would overwrite
	// its cassette at the next stop; only an explicit start does.
	stopped map[string]bool
	closed  bool
	errs    ownerror.Writer // the proxy's own errors
}

// New checks opts and returns a proxy with no recording active: a
// recording starts on its first request or through the control path.
func New(opts Options) (*Proxy, error) {
	if err := opts.check(); err != nil {
		return nil, err
	}
	p := &Proxy{opts: opts, active: map[string]*recording{}, stopped: map[string]bool{},
		errs: ownerror.Writer{HostID: "conformance-proxy", RequestIDPrefix: "00000000-0000-4000-9000-"}}
	if opts.Mode != ModePlayback {
		p.hostPolicy = hostPolicyFor(opts.Host, opts.Upstream)
		p.loopbackUpstream = isLoopbackHost(opts.Upstream.Host)
		next := opts.Transport
		if next == nil {
			next = http.DefaultTransport.(*http.Transport).Clone()
		}
		p.transport = forwarder{p: p, next: next}
	}
	return p, nil
}

// HostPolicy returns the Host policy in force (HostAuto resolved); "" in
// playback, which forwards nothing.
func (p *Proxy) HostPolicy() HostPolicy { return p.hostPolicy }

// ServeHTTP answers one request: the proxy's control path, or an API or
// emulator-control call recorded, played back or forwarded.
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, ControlPrefix) {
		p.serveControl(w, r)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, p.opts.MaxBodyBytes))
	if err != nil {
		status := http.StatusBadRequest
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			status = http.StatusRequestEntityTooLarge
		}
		p.writeError(w, status, codeInvalidRequest, fmt.Sprintf("cannot read the request body: %v (the proxy takes bodies of at most %d bytes)", err, p.opts.MaxBodyBytes), recommendFix)
		return
	}
	if n := countParams(r.URL.RawQuery) + countParams(string(body)); n > p.opts.MaxParams {
		p.writeError(w, http.StatusBadRequest, codeInvalidRequest, fmt.Sprintf("the request has up to %d parameters; the proxy takes at most %d (-max-params), far above any operation's contract", n, p.opts.MaxParams), recommendFix)
		return
	}
	name := r.Header.Get(RecordingHeader)
	if name == "" {
		name = p.opts.Recording
	}
	if err := checkName(name); err != nil {
		p.writeError(w, http.StatusBadRequest, codeNoRecording, err.Error(), recommendName)
		return
	}
	rec, err := p.recording(name, false)
	if err != nil {
		var missing *vcr.MissingCassetteError
		if errors.As(err, &missing) {
			p.writeError(w, http.StatusNotFound, codeNoRecording, err.Error(), recommendRecord)
			return
		}
		p.writeError(w, http.StatusConflict, codeNoRecording, err.Error(), recommendFix)
		return
	}
	key, err := vcr.CanonicalKey(r, body)
	if err != nil {
		p.writeError(w, http.StatusBadRequest, codeInvalidRequest, err.Error(), recommendFix)
		return
	}
	control := strings.HasPrefix(r.URL.Path, vcr.ControlPrefix)
	c := &checked{n: rec.report.next(control), action: key.Action(), method: r.Method}
	if !control {
		if c.op = specs.Lookup(c.action); c.op == nil {
			rec.report.unchecked()
		}
		rec.report.addRequest(checkRequest(c, r, body))
	}
	ans, ok := p.answer(w, r, rec, key, body, c.n)
	if !ok {
		return
	}
	if !control {
		rec.report.addResponse(checkResponse(c, ans.status, ans.header, ans.body))
	}
	h := w.Header()
	for name, values := range ans.header {
		switch http.CanonicalHeaderKey(name) {
		case "Content-Length", "Transfer-Encoding", "Connection", "Date", "Content-Encoding":
			continue // computed here; bodies are sent decoded
		}
		h[name] = slices.Clone(values)
	}
	if ans.interaction != "" {
		h.Set(InteractionHeader, ans.interaction)
	}
	w.WriteHeader(ans.status)
	w.Write(ans.body)
	p.log(rec, r, c, ans)
}

// answer is what the proxy sends back for one request.
type answer struct {
	status      int
	header      http.Header
	body        []byte
	interaction string // playback: the recorded interaction that answered
}

// answer gets the answer by mode; when it has answered with an error of its
// own it returns false.
func (p *Proxy) answer(w http.ResponseWriter, r *http.Request, rec *recording, key vcr.Key, body []byte, n int) (answer, bool) {
	if p.opts.Mode == ModePlayback {
		asked, hasHeader := vcr.ParseContext(strings.Join(r.Header.Values(vcr.ContextHeader), ",")), len(r.Header.Values(vcr.ContextHeader)) > 0
		e, miss := rec.take(key, asked, hasHeader)
		if e == nil {
			rec.report.addMiss(Miss{Request: n, Action: key.Action(), Reason: miss.reason, Diagnosis: miss.message})
			p.writeError(w, http.StatusNotFound, codeNoRecordedInteraction, fmt.Sprintf("recording %s: %s", rec.name, miss.message), miss.recommend)
			return answer{}, false
		}
		resp := e.Interaction.Response
		return answer{status: resp.Code, header: resp.Headers, body: []byte(resp.Body), interaction: e.Recorded.String()}, true
	}
	out := p.outgoing(r, body)
	var resp *http.Response
	var err error
	if rec.rec != nil {
		resp, err = rec.rec.RoundTrip(out)
	} else {
		out.Header.Del(vcr.CaseHeader)
		resp, err = p.transport.RoundTrip(out)
	}
	if err != nil {
		p.writeError(w, http.StatusBadGateway, codeUpstream, fmt.Sprintf("forwarding to %s: %v", p.opts.Upstream.Redacted(), err), "Check that the upstream (-upstream) is running and reachable from the proxy.")
		return answer{}, false
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		p.writeError(w, http.StatusBadGateway, codeUpstream, fmt.Sprintf("reading the answer of %s: %v", p.opts.Upstream.Redacted(), err), "Check the upstream (-upstream).")
		return answer{}, false
	}
	return answer{status: resp.StatusCode, header: resp.Header, body: data}, true
}

// recording returns the active recording called name, starting it when
// none is (start forces a fresh start in playback: a rewind).
func (p *Proxy) recording(name string, start bool) (*recording, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil, errors.New("proxy: stopping; no recording starts any more")
	}
	if rec, ok := p.active[name]; ok && !start {
		return rec, nil
	}
	if p.stopped[name] && !start {
		return nil, fmt.Errorf("proxy: recording %s was stopped and its cassette written; a request naming it again would overwrite it, so start it again first (POST %srecordings/start)", name, ControlPrefix)
	}
	if rec, ok := p.active[name]; ok && p.opts.Mode == ModeRecord {
		return rec, fmt.Errorf("proxy: recording %s is already being recorded; stop it first (POST %srecordings/stop), or it would be lost", name, ControlPrefix)
	}
	rec, err := openRecording(p, name)
	if err != nil {
		return nil, err
	}
	p.active[name] = rec
	delete(p.stopped, name)
	return rec, nil
}

// Stop ends the recording called name: in record mode it writes its
// cassette, in every mode its report. It returns the report.
func (p *Proxy) Stop(name string) (*Report, error) {
	p.mu.Lock()
	rec, ok := p.active[name]
	delete(p.active, name)
	if ok && p.opts.Mode == ModeRecord {
		p.stopped[name] = true
	}
	p.mu.Unlock()
	if !ok {
		return nil, fmt.Errorf("proxy: no recording %s is active; the active ones are %s", name, p.activeNames())
	}
	return rec.stop()
}

// Close stops every active recording, as a clean shutdown does, and
// returns their reports in name order; errors are joined.
func (p *Proxy) Close() ([]*Report, error) {
	p.mu.Lock()
	p.closed = true
	recs := make([]*recording, 0, len(p.active))
	for _, rec := range p.active {
		recs = append(recs, rec)
	}
	clear(p.active)
	p.mu.Unlock()
	slices.SortFunc(recs, func(a, b *recording) int { return strings.Compare(a.name, b.name) })
	var reports []*Report
	var errs []error
	for _, rec := range recs {
		r, err := rec.stop()
		if r != nil {
			reports = append(reports, r)
		}
		errs = append(errs, err)
	}
	return reports, errors.Join(errs...)
}

func (p *Proxy) activeNames() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	names := make([]string, 0, len(p.active))
	for n := range p.active {
		names = append(names, n)
	}
	slices.Sort(names)
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

func (p *Proxy) log(rec *recording, r *http.Request, c *checked, a answer) {
	if p.opts.Logger == nil {
		return
	}
	attrs := []any{"recording", rec.name, "method", r.Method, "action", c.action, "status", a.status}
	if a.interaction != "" {
		attrs = append(attrs, "interaction", a.interaction)
	}
	p.opts.Logger.Info("request", attrs...)
}

// countParams returns an upper bound of the parameters in a query or form
// body, without decoding it: one more than its separators.
func countParams(raw string) int {
	if raw == "" {
		return 0
	}
	return strings.Count(raw, "&") + 1
}
