package load

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/ecs-conformance/ecs-conformance/emulator"
	"github.com/ecs-conformance/ecs-conformance/emulator/store"
)

// NewEmulator returns an emulator whose store holds Groups(n), with the
// default keys and the real clock.
func NewEmulator(n int) (*emulator.Server, error) {
	m, err := store.NewMemory(Groups(n))
	if err != nil {
		return nil, err
	}
	return emulator.New(emulator.Options{Store: m})
}

// LatencyConfig says which pages PageLatency times.
type LatencyConfig struct {
	Samples    int // pages timed
	MaxResults int // their size
	// Starts is how many places, spread evenly through the result, the
	// timed pages start from (by the NextToken that leads there), so that
	// a page is as likely deep in a million groups as at the top, and the
	// CPU cache is not kept warm by one spot.
	Starts int
	// Filter adds business parameters to every request (none: unfiltered).
	Filter url.Values
}

// Latency is the distribution of one size's page latencies.
type Latency struct {
	Groups, Samples int
	P50, P99, Mean  time.Duration
	Max             time.Duration
}

// PageLatency times cfg.Samples pages of emu in process, through its
// Handler: signature verification, nonce check, validation, page token,
// store and encoding, without the network. Signing each request and
// reading each answer happen outside the timed part.
func PageLatency(ctx context.Context, emu *emulator.Server, groups int, cfg LatencyConfig) (Latency, error) {
	if cfg.Samples < 1 {
		return Latency{}, fmt.Errorf("load: samples must be positive, got %d", cfg.Samples)
	}
	p, err := newPager(ctx, emu, cfg)
	if err != nil {
		return Latency{}, err
	}
	starts, err := p.startTokens(groups)
	if err != nil {
		return Latency{}, err
	}
	d := make([]time.Duration, 0, cfg.Samples)
	for i := range cfg.Samples {
		req, err := p.prepare(cfg.MaxResults, startAt(starts, i))
		if err != nil {
			return Latency{}, err
		}
		pg, took, err := p.serve(req)
		if err != nil {
			return Latency{}, err
		}
		if len(pg.SecurityGroups.SecurityGroup) == 0 {
			return Latency{}, fmt.Errorf("load: an empty page from start %d", i%len(starts))
		}
		d = append(d, took)
	}
	return summarize(groups, d), nil
}

// startAt picks the start of the i-th timed page: a stride prime to
// len(starts) visits every start, in scattered order.
func startAt(starts []string, i int) string { return starts[(i*7919)%len(starts)] }

// pager sends signed page requests to an emulator's handler in process.
type pager struct {
	ctx    context.Context
	h      http.Handler
	signer *Signer
	rec    *recorder
	cfg    LatencyConfig
}

func newPager(ctx context.Context, emu *emulator.Server, cfg LatencyConfig) (*pager, error) {
	if cfg.MaxResults < 1 || cfg.Starts < 1 {
		return nil, fmt.Errorf("load: page size and starts must be positive, got %+v", cfg)
	}
	// The host is only signed, never dialled: the handler runs in process.
	signer, err := NewSigner("http://127.0.0.1:1")
	if err != nil {
		return nil, err
	}
	return &pager{ctx: ctx, h: emu.Handler(), signer: signer, rec: &recorder{h: http.Header{}}, cfg: cfg}, nil
}

// prepare signs the request for the page of size groups after token ("" for
// the first) and returns it as a server hands it to its handler.
func (p *pager) prepare(size int, token string) (*http.Request, error) {
	v := url.Values{"RegionId": {Region}, "MaxResults": {strconv.Itoa(size)}}
	for k, vals := range p.cfg.Filter {
		v[k] = vals
	}
	if token != "" {
		v.Set("NextToken", token)
	}
	req, err := p.signer.Request(p.ctx, v)
	if err != nil {
		return nil, err
	}
	return serverSide(req), nil
}

// serve runs req through the handler, timing only that, then decodes the
// answer, which must be a 200.
func (p *pager) serve(req *http.Request) (page, time.Duration, error) {
	p.rec.reset()
	start := time.Now()
	p.h.ServeHTTP(p.rec, req)
	took := time.Since(start)
	if p.rec.status != http.StatusOK {
		return page{}, took, fmt.Errorf("load: the emulator answered %d: %.300s", p.rec.status, p.rec.body)
	}
	var pg page
	if err := json.Unmarshal(p.rec.body, &pg); err != nil {
		return page{}, took, fmt.Errorf("load: the answer is not JSON: %w", err)
	}
	return pg, took, nil
}

// page is the part of an answer a pager reads.
type page struct {
	NextToken      string
	SecurityGroups struct {
		SecurityGroup []struct{ SecurityGroupId string }
	}
}

// startTokens walks the whole result 100 groups a page and keeps
// p.cfg.Starts tokens spread evenly over it; "" (the first page) is always
// one of them. groups bounds the walk.
func (p *pager) startTokens(groups int) ([]string, error) {
	const walkSize = 100
	tokens := []string{""}
	for ended := false; !ended; {
		if len(tokens) > groups/walkSize+1 {
			return nil, fmt.Errorf("load: the walk of %d groups did not end within %d pages", groups, len(tokens))
		}
		req, err := p.prepare(walkSize, tokens[len(tokens)-1])
		if err != nil {
			return nil, err
		}
		pg, _, err := p.serve(req)
		if err != nil {
			return nil, err
		}
		if ended = pg.NextToken == ""; !ended {
			tokens = append(tokens, pg.NextToken)
		}
	}
	n := p.cfg.Starts
	if len(tokens) <= n {
		return tokens, nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = tokens[i*len(tokens)/n]
	}
	return out, nil
}

func summarize(groups int, d []time.Duration) Latency {
	slices.Sort(d)
	var sum time.Duration
	for _, x := range d {
		sum += x
	}
	at := func(q float64) time.Duration { return d[min(len(d)-1, int(q*float64(len(d))))] }
	return Latency{Groups: groups, Samples: len(d), P50: at(0.50), P99: at(0.99), Mean: sum / time.Duration(len(d)), Max: d[len(d)-1]}
}

// serverSide turns a request built to be sent into the request a server
// would hand its handler.
func serverSide(r *http.Request) *http.Request {
	s := new(http.Request)
	*s = *r
	s.URL = &url.URL{Path: r.URL.Path, RawPath: r.URL.RawPath, RawQuery: r.URL.RawQuery}
	s.RequestURI = r.URL.RequestURI()
	if s.Host == "" {
		s.Host = r.URL.Host
	}
	s.Body = http.NoBody
	s.RemoteAddr = "127.0.0.1:49152"
	s.Proto, s.ProtoMajor, s.ProtoMinor = "HTTP/1.1", 1, 1
	return s
}

// recorder is a reusable http.ResponseWriter that keeps the answer.
type recorder struct {
	h      http.Header
	status int
	body   []byte
}

func (r *recorder) Header() http.Header { return r.h }

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	r.WriteHeader(http.StatusOK)
	r.body = append(r.body, b...)
	return len(b), nil
}

func (r *recorder) reset() {
	clear(r.h)
	r.status = 0
	r.body = r.body[:0]
}
