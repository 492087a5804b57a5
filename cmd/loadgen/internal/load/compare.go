package load

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"github.com/ecs-conformance/ecs-conformance/internal/client"
)

// Targets of a comparison: the bare handler, and ecsemu verifying V3 or RPC
// signatures, or with -no-auth (sent the V3-signed requests, which it does
// not check).
const (
	TargetBare   = "bare"
	TargetV3     = "v3"
	TargetRPC    = "rpc"
	TargetNoAuth = "no-auth"
)

// Drivers of a comparison: FireRaw in this process, or wrk with
// cmd/loadgen/wrk/presigned.lua.
const (
	DriverRaw = "raw"
	DriverWrk = "wrk"
)

// CompareConfig is an interleaved comparison of server processes:
// for each round, for each emulator target, a run of the bare handler then
// a run of that target, all driven by the same client with requests
// pre-signed for the run (each with a nonce of its own).
type CompareConfig struct {
	// Ecsemu is the ecsemu binary; EcsemuArgs are added to its command
	// line (say -request-log=false).
	Ecsemu     string
	EcsemuArgs []string
	// Bare is the command line of the bare server, which must serve the
	// answer file given with -answer and print "listening on URL":
	// cmd/loadgen's own "bare" subcommand.
	Bare       []string
	Targets    []string // emulator targets, in the order run each round
	Rounds     int
	Driver     string
	Wrk        WrkConfig // Threads, Script, Path; Conns and Duration come from below
	Conns      int       // connections, each with one request in flight
	Duration   time.Duration
	Requests   int // requests signed for a run (raw: its bound; wrk: the first estimate)
	Warmup     int // requests each server answers before the first round (raw driver)
	MaxResults int
	Dir        string    // scratch directory: server logs, the answer, request files
	Progress   io.Writer // a line per run, as it ends
}

// Run is one measured run of one target.
type Run struct {
	Target string
	Round  int
	Result
	CPU       time.Duration // server CPU (user+system) during the run
	Load1     float64       // one-minute load average at its end
	Requests  int           // signed for it
	Exhausted int           // wrk: times a thread started its requests over
}

// CPUPerRequest is the server CPU per answered request.
func (r Run) CPUPerRequest() time.Duration {
	if r.Result.Requests == 0 {
		return 0
	}
	return r.CPU / time.Duration(r.Result.Requests)
}

// CompareReport holds every run, in the order run.
type CompareReport struct {
	Config        CompareConfig
	Runs          []Run
	ResponseBytes int
	Framing       string           // "Content-Length" or "chunked"
	RSS           map[string]int64 // resident set of each server after the runs
	PIDs          map[string]int
}

// Of returns the runs of target, in order.
func (r *CompareReport) Of(target string) []Run {
	var out []Run
	for _, x := range r.Runs {
		if x.Target == target {
			out = append(out, x)
		}
	}
	return out
}

// Ratios returns, for each run of target, its rate over the rate of the
// bare run just before it.
func (r *CompareReport) Ratios(target string) []float64 {
	return r.paired(target, Run.RPS)
}

// CPURatios returns, for each run of target, its CPU time per request over
// the bare run's just before it. Unlike the CPU time itself, which rises
// and falls with what else the machine runs, it says how much the emulator
// adds to the floor of net/http and loopback.
func (r *CompareReport) CPURatios(target string) []float64 {
	return r.paired(target, func(x Run) float64 { return float64(x.CPUPerRequest()) })
}

// paired divides f of each run of target by f of the bare run before it.
func (r *CompareReport) paired(target string, f func(Run) float64) []float64 {
	var out []float64
	var bare float64
	for _, x := range r.Runs {
		switch x.Target {
		case TargetBare:
			bare = f(x)
		case target:
			if bare > 0 {
				out = append(out, f(x)/bare)
			}
		}
	}
	return out
}

// Median returns the median of v (0 when empty).
func Median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	v = slices.Clone(v)
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

// compareTarget is one server process and how to sign for it.
type compareTarget struct {
	name   string
	proc   *Process
	signer *Signer
	rate   float64 // best rate seen, to size the next run's requests
}

// Compare starts the servers, runs the interleaved rounds and stops the
// servers again, by their PIDs.
func Compare(ctx context.Context, cfg CompareConfig) (rep *CompareReport, err error) {
	if cfg.Rounds < 1 || cfg.Conns < 1 || cfg.Duration <= 0 || cfg.Requests < 1 || len(cfg.Targets) == 0 {
		return nil, fmt.Errorf("load: rounds, connections, duration, requests and targets must be positive, got %+v", cfg)
	}
	if cfg.Driver != DriverRaw && cfg.Driver != DriverWrk {
		return nil, fmt.Errorf("load: driver %q is neither %s nor %s", cfg.Driver, DriverRaw, DriverWrk)
	}
	progress := cfg.Progress
	if progress == nil {
		progress = io.Discard
	}
	var stops []func() error
	defer func() {
		for i := len(stops) - 1; i >= 0; i-- {
			err = errors.Join(err, stops[i]())
		}
	}()
	logFile := func(name string) (*os.File, error) {
		f, err := os.Create(filepath.Join(cfg.Dir, name+".log"))
		if err == nil {
			stops = append(stops, f.Close)
		}
		return f, err
	}
	start := func(name, path string, args []string) (*Process, error) {
		log, err := logFile(name)
		if err != nil {
			return nil, err
		}
		p, err := StartProcess(ctx, name, path, args, log)
		if err != nil {
			return nil, err
		}
		stops = append(stops, p.Stop)
		return p, nil
	}

	targets := map[string]*compareTarget{}
	for _, name := range cfg.Targets {
		args := []string{"-listen", "127.0.0.1:0"}
		scheme := client.SchemeV3
		switch name {
		case TargetV3:
		case TargetRPC:
			scheme = client.SchemeRPC
		case TargetNoAuth:
			args = append(args, "-no-auth")
		default:
			return nil, fmt.Errorf("load: target %q is not %s, %s or %s", name, TargetV3, TargetRPC, TargetNoAuth)
		}
		if targets[name] != nil {
			return nil, fmt.Errorf("load: target %s given twice", name)
		}
		p, err := start("ecsemu-"+name, cfg.Ecsemu, append(args, cfg.EcsemuArgs...))
		if err != nil {
			return nil, err
		}
		s, err := NewSchemeSigner(p.URL, scheme)
		if err != nil {
			return nil, err
		}
		targets[name] = &compareTarget{name: name, proc: p, signer: s}
	}

	// The bare server answers with the bytes the first target gave.
	first := targets[cfg.Targets[0]]
	req, err := first.signer.Request(ctx, PageParams(cfg.MaxResults))
	if err != nil {
		return nil, err
	}
	hc := NewHTTPClient(1)
	captured, err := Capture(hc, req)
	hc.CloseIdleConnections()
	if err != nil {
		return nil, err
	}
	answer := filepath.Join(cfg.Dir, "answer.json")
	if err := WriteCaptured(answer, captured); err != nil {
		return nil, err
	}
	if len(cfg.Bare) == 0 {
		return nil, errors.New("load: no command line for the bare server")
	}
	bp, err := start(TargetBare, cfg.Bare[0], append(slices.Clone(cfg.Bare[1:]), "-listen", "127.0.0.1:0", "-answer", answer))
	if err != nil {
		return nil, err
	}
	bs, err := NewSigner(bp.URL)
	if err != nil {
		return nil, err
	}
	bare := &compareTarget{name: TargetBare, proc: bp, signer: bs}

	rep = &CompareReport{Config: cfg, ResponseBytes: len(captured.Body), Framing: "chunked", RSS: map[string]int64{}, PIDs: map[string]int{}}
	if captured.Length {
		rep.Framing = "Content-Length"
	}
	all := append([]*compareTarget{bare}, mapValues(targets, cfg.Targets)...)
	for _, t := range all {
		rep.PIDs[t.name] = t.proc.PID()
		if cfg.Warmup > 0 {
			if _, err := runOnce(ctx, cfg, t, cfg.Warmup, DriverRaw); err != nil {
				return nil, fmt.Errorf("load: warming %s up: %w", t.name, err)
			}
		}
	}
	for round := 1; round <= cfg.Rounds; round++ {
		for _, name := range cfg.Targets {
			for _, t := range []*compareTarget{bare, targets[name]} {
				if err := ctx.Err(); err != nil {
					return nil, err
				}
				r, err := measure(ctx, cfg, t)
				if err != nil {
					return nil, err
				}
				r.Round = round
				rep.Runs = append(rep.Runs, r)
				fmt.Fprintf(progress, "  round %d  %-8s %8.0f req/s  %6.1f µs CPU/req  load %.1f\n", round, r.Target, r.RPS(),
					float64(r.CPUPerRequest())/float64(time.Microsecond), r.Load1)
			}
		}
	}
	for _, t := range all {
		if rss, err := RSS(t.proc.PID()); err == nil {
			rep.RSS[t.name] = rss
		}
	}
	return rep, nil
}

func mapValues(m map[string]*compareTarget, order []string) []*compareTarget {
	var out []*compareTarget
	for _, k := range order {
		out = append(out, m[k])
	}
	return out
}

// measure runs t once with requests sized for the driver. A wrk run that
// ran out of requests against an emulator (whose answers to replayed
// nonces are errors) is run again with twice as many.
func measure(ctx context.Context, cfg CompareConfig, t *compareTarget) (Run, error) {
	n := cfg.Requests
	if cfg.Driver == DriverWrk {
		n = max(n, int(1.5*t.rate*cfg.Duration.Seconds()))
	}
	for try := 0; ; try++ {
		r, err := runOnce(ctx, cfg, t, n, cfg.Driver)
		if err != nil {
			return r, err
		}
		t.rate = max(t.rate, r.RPS())
		if r.Exhausted > 0 && t.name != TargetBare && try < 2 {
			n *= 2
			continue
		}
		if r.Errors > 0 {
			return r, fmt.Errorf("load: %d of %d requests to %s failed; first: %s", r.Errors, r.Errors+r.Result.Requests, t.name, r.FirstError)
		}
		return r, nil
	}
}

// runOnce signs n requests for t (RPC for the rpc target, V3 for every
// other, -no-auth and the bare server included), then sends them with
// driver, reading the server's CPU time before and after.
func runOnce(ctx context.Context, cfg CompareConfig, t *compareTarget, n int, driver string) (Run, error) {
	s := t.signer
	reqs, _, err := s.RawBatch(ctx, PageParams(cfg.MaxResults), n)
	if err != nil {
		return Run{}, err
	}
	u, err := url.Parse(t.proc.URL)
	if err != nil {
		return Run{}, err
	}
	var prefix string
	if driver == DriverWrk {
		prefix = filepath.Join(cfg.Dir, "requests-"+t.name)
		if err := WriteWrkRequests(prefix, reqs, cfg.Wrk.Threads); err != nil {
			return Run{}, err
		}
		reqs = nil // wrk reads them from the files
	}
	before, err := CPUTime(t.proc.PID())
	if err != nil {
		return Run{}, err
	}
	run := Run{Target: t.name, Requests: n}
	switch driver {
	case DriverWrk:
		w := cfg.Wrk
		w.Conns, w.Duration = cfg.Conns, cfg.Duration
		res, err := RunWrk(ctx, w, t.proc.URL+"/", prefix)
		if err != nil {
			return run, err
		}
		run.Result, run.Exhausted = res.Result, res.Exhausted
	default:
		run.Result = FireRaw(u.Host, reqs, cfg.Conns, time.Now().Add(cfg.Duration))
	}
	after, err := CPUTime(t.proc.PID())
	if err != nil {
		return run, err
	}
	run.CPU, run.Load1 = after-before, LoadAverage()
	return run, nil
}

// WriteCaptured writes c for the bare server (JSON).
func WriteCaptured(path string, c Captured) error {
	data, err := json.Marshal(c)
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o600)
}

// ReadCaptured reads what WriteCaptured wrote.
func ReadCaptured(path string) (Captured, error) {
	var c Captured
	data, err := os.ReadFile(path)
	if err != nil {
		return c, err
	}
	if err := json.Unmarshal(data, &c); err != nil {
		return c, fmt.Errorf("load: %s: %w", path, err)
	}
	return c, nil
}

// FormatMicros writes d in microseconds with one decimal.
func FormatMicros(d time.Duration) string {
	return strconv.FormatFloat(float64(d)/float64(time.Microsecond), 'f', 1, 64)
}
