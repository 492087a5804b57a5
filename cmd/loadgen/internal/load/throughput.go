package load

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/ecs-conformance/ecs-conformance/emulator"
)

// ThroughputConfig bounds a throughput measurement.
type ThroughputConfig struct {
	Requests    int           // per target and round
	Duration    time.Duration // cap per target and round
	Concurrency int           // requests in flight
	Rounds      int           // the median round is reported
	MaxResults  int           // page size of the measured request
	Warmup      int           // requests per target before the first round
}

// ThroughputReport holds every round of both targets.
type ThroughputReport struct {
	Config         ThroughputConfig
	Bare, Emulator []Result
	ResponseBytes  int
	SignPerRequest time.Duration // mean cost of signing one request, outside the timed part
}

// MedianRPS is the median of the rounds' rates.
func MedianRPS(rs []Result) float64 {
	if len(rs) == 0 {
		return 0
	}
	v := make([]float64, len(rs))
	for i, r := range rs {
		v[i] = r.RPS()
	}
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

// Ratio is the emulator's median rate over the bare handler's.
func (r *ThroughputReport) Ratio() float64 {
	bare := MedianRPS(r.Bare)
	if bare == 0 {
		return 0
	}
	return MedianRPS(r.Emulator) / bare
}

// target is one server under load, with the signer and client for it.
type target struct {
	srv    *Server
	signer *Signer
	hc     *http.Client
}

func newTarget(h http.Handler, concurrency int) (*target, error) {
	srv, err := Serve(h)
	if err != nil {
		return nil, err
	}
	s, err := NewSigner(srv.URL)
	if err != nil {
		srv.Close()
		return nil, err
	}
	return &target{srv: srv, signer: s, hc: NewHTTPClient(concurrency)}, nil
}

func (t *target) close() error {
	t.hc.CloseIdleConnections()
	return t.srv.Close()
}

// fire signs n requests, then sends them; it returns the result and the
// time signing took.
func (t *target) fire(ctx context.Context, cfg ThroughputConfig, n int) (Result, time.Duration, error) {
	reqs, signing, err := t.signer.Batch(ctx, PageParams(cfg.MaxResults), n)
	if err != nil {
		return Result{}, 0, err
	}
	r := Fire(t.hc, reqs, cfg.Concurrency, time.Now().Add(cfg.Duration))
	if r.Errors > 0 {
		return r, signing, fmt.Errorf("load: %d of %d requests to %s failed; first: %s", r.Errors, r.Errors+r.Requests, t.srv.URL, r.FirstError)
	}
	return r, signing, nil
}

// Throughput serves a default emulator (real clock, V3 verification, nonce
// checks) and a bare handler answering with the bytes the emulator gave for
// the same request, both on loopback, and loads each in turn with freshly
// signed requests, alternating which goes first from round to round so that
// neither always runs on a warmer or a busier machine.
func Throughput(ctx context.Context, cfg ThroughputConfig) (rep *ThroughputReport, err error) {
	if cfg.Requests < 1 || cfg.Rounds < 1 || cfg.Concurrency < 1 || cfg.Duration <= 0 {
		return nil, fmt.Errorf("load: requests, rounds, concurrency and duration must be positive, got %+v", cfg)
	}
	emu, err := emulator.New(emulator.Options{})
	if err != nil {
		return nil, err
	}
	emuT, err := newTarget(emu.Handler(), cfg.Concurrency)
	if err != nil {
		return nil, err
	}
	defer func() { err = errors.Join(err, emuT.close()) }()

	req, err := emuT.signer.Request(ctx, PageParams(cfg.MaxResults))
	if err != nil {
		return nil, err
	}
	captured, err := Capture(emuT.hc, req)
	if err != nil {
		return nil, err
	}
	bareT, err := newTarget(BareHandler(captured), cfg.Concurrency)
	if err != nil {
		return nil, err
	}
	defer func() { err = errors.Join(err, bareT.close()) }()

	rep = &ThroughputReport{Config: cfg, ResponseBytes: len(captured.Body)}
	for _, t := range []*target{bareT, emuT} {
		if cfg.Warmup > 0 {
			if _, _, err := t.fire(ctx, cfg, cfg.Warmup); err != nil {
				return nil, err
			}
		}
	}
	var signing time.Duration
	signed := 0
	for round := range cfg.Rounds {
		order := []*target{bareT, emuT}
		if round%2 == 1 {
			order = []*target{emuT, bareT}
		}
		for _, t := range order {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			r, s, err := t.fire(ctx, cfg, cfg.Requests)
			if err != nil {
				return nil, err
			}
			signing += s
			signed += cfg.Requests
			if t == emuT {
				rep.Emulator = append(rep.Emulator, r)
			} else {
				rep.Bare = append(rep.Bare, r)
			}
		}
	}
	rep.SignPerRequest = signing / time.Duration(signed)
	return rep, nil
}
