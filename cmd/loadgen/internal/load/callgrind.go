package load

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ecs-conformance/ecs-conformance/internal/client"
)

// InstructionsConfig counts the instructions a server executes per request
// under valgrind's callgrind, which counts instructions rather than time:
// the figure is the same on an idle machine and on a loaded one, where
// wall-clock rates and even CPU times are not.
type InstructionsConfig struct {
	// Ecsemu and Bare are the command lines of the servers, built without
	// cgo (valgrind 3.19 cannot follow a cgo binary's signal handling).
	// Bare must accept -listen and -answer like "loadgen bare".
	Ecsemu     []string
	EcsemuArgs []string
	Bare       []string
	// CallgrindArgs are added to valgrind's, e.g. --dump-instr=yes to
	// attribute costs by instruction address.
	CallgrindArgs []string
	Targets       []string // v3, rpc, no-auth; the bare handler is always counted
	Requests      int      // counted per target
	Warmup        int      // answered before the count starts
	Conns         int
	MaxResults    int
	Dir           string // callgrind's files, the server logs, the answer
	Progress      io.Writer
}

// Instructions is the count of one target.
type Instructions struct {
	Target   string
	Requests int
	Total    int64  // instructions from the zeroing to the dump
	Dump     string // callgrind's file, for callgrind_annotate
}

// PerRequest is Total / Requests.
func (i Instructions) PerRequest() float64 { return float64(i.Total) / float64(i.Requests) }

// callgrindEnv keeps the Go runtime within what valgrind 3.19 emulates:
// no RDTSCP (runtime.cputicks), no asynchronous preemption signals.
var callgrindEnv = []string{"GODEBUG=asyncpreemptoff=1,cpu.rdtscp=off"}

// CountInstructions starts each server under callgrind in turn, warms it
// up, zeroes its counters (callgrind_control -z PID), sends the requests,
// dumps the counters (callgrind_control -d PID) and stops it by its PID.
func CountInstructions(ctx context.Context, cfg InstructionsConfig) ([]Instructions, error) {
	if cfg.Requests < 1 || cfg.Conns < 1 || len(cfg.Ecsemu) == 0 || len(cfg.Bare) == 0 {
		return nil, fmt.Errorf("load: requests, connections and both servers must be given, got %+v", cfg)
	}
	progress := cfg.Progress
	if progress == nil {
		progress = io.Discard
	}
	if _, err := exec.LookPath("valgrind"); err != nil {
		return nil, fmt.Errorf("load: valgrind is not installed: %w", err)
	}
	var out []Instructions
	var answer string
	for _, name := range append(slices.Clone(cfg.Targets), TargetBare) {
		args := []string{"-listen", "127.0.0.1:0"}
		scheme := client.SchemeV3
		cmdline := cfg.Ecsemu
		switch name {
		case TargetV3:
		case TargetRPC:
			scheme = client.SchemeRPC
		case TargetNoAuth:
			args = append(args, "-no-auth")
		case TargetBare:
			cmdline = cfg.Bare
			args = append(args, "-answer", answer)
		default:
			return nil, fmt.Errorf("load: target %q is not %s, %s or %s", name, TargetV3, TargetRPC, TargetNoAuth)
		}
		if name != TargetBare {
			args = append(args, cfg.EcsemuArgs...)
		}
		// %p: valgrind puts the PID in the name, so that no run's dumps
		// are mistaken for another's.
		pattern := filepath.Join(cfg.Dir, "callgrind."+name+".%p.out")
		vg := append([]string{"--tool=callgrind", "--callgrind-out-file=" + pattern}, cfg.CallgrindArgs...)
		vg = append(vg, cmdline...)
		log, err := os.Create(filepath.Join(cfg.Dir, name+".callgrind.log"))
		if err != nil {
			return nil, err
		}
		p, err := startWithEnv(ctx, name, "valgrind", append(vg, args...), callgrindEnv, log)
		if err != nil {
			log.Close()
			return nil, err
		}
		dump := strings.ReplaceAll(pattern, "%p", strconv.Itoa(p.PID()))
		res, err := countOne(ctx, cfg, p, name, scheme, dump, &answer)
		// callgrind 3.19 fails an assertion on any signal a Go binary
		// takes, SIGTERM included, and exits 1: the counts were dumped
		// before, so the exit status says nothing about them.
		p.Stop()
		log.Close()
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(progress, "  %-8s %10.0f instructions per request (%d requests)\n", name, res.PerRequest(), res.Requests)
		out = append(out, res)
	}
	return out, nil
}

func countOne(ctx context.Context, cfg InstructionsConfig, p *Process, name string, scheme client.Scheme, dump string, answer *string) (Instructions, error) {
	s, err := NewSchemeSigner(p.URL, scheme)
	if err != nil {
		return Instructions{}, err
	}
	if *answer == "" { // the first emulator's answer is the bare handler's
		req, err := s.Request(ctx, PageParams(cfg.MaxResults))
		if err != nil {
			return Instructions{}, err
		}
		hc := NewHTTPClient(1)
		c, err := Capture(hc, req)
		hc.CloseIdleConnections()
		if err != nil {
			return Instructions{}, err
		}
		*answer = filepath.Join(cfg.Dir, "answer.json")
		if err := WriteCaptured(*answer, c); err != nil {
			return Instructions{}, err
		}
	}
	u, err := url.Parse(p.URL)
	if err != nil {
		return Instructions{}, err
	}
	fire := func(n int) error {
		reqs, _, err := s.RawBatch(ctx, PageParams(cfg.MaxResults), n)
		if err != nil {
			return err
		}
		r := FireRaw(u.Host, reqs, cfg.Conns, time.Now().Add(10*time.Minute))
		if r.Errors > 0 || r.Requests != n {
			return fmt.Errorf("load: %s under callgrind: %d of %d answered 200; first failure: %s", name, r.Requests, n, r.FirstError)
		}
		return nil
	}
	if cfg.Warmup > 0 {
		if err := fire(cfg.Warmup); err != nil {
			return Instructions{}, err
		}
	}
	pid := strconv.Itoa(p.PID())
	if b, err := exec.CommandContext(ctx, "callgrind_control", "-z", pid).CombinedOutput(); err != nil {
		return Instructions{}, fmt.Errorf("load: callgrind_control -z %s: %v: %s", pid, err, b)
	}
	if err := fire(cfg.Requests); err != nil {
		return Instructions{}, err
	}
	before, _ := filepath.Glob(dump + ".*")
	if b, err := exec.CommandContext(ctx, "callgrind_control", "-d", pid).CombinedOutput(); err != nil {
		return Instructions{}, fmt.Errorf("load: callgrind_control -d %s: %v: %s", pid, err, b)
	}
	after, _ := filepath.Glob(dump + ".*")
	var file string
	for _, f := range after {
		if !slices.Contains(before, f) {
			file = f
		}
	}
	if file == "" {
		return Instructions{}, fmt.Errorf("load: callgrind wrote no dump next to %s", dump)
	}
	total, err := callgrindTotal(file)
	if err != nil {
		return Instructions{}, err
	}
	return Instructions{Target: name, Requests: cfg.Requests, Total: total, Dump: file}, nil
}

// callgrindTotal reads the "totals:" (or "summary:") line of a dump.
func callgrindTotal(path string) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		for _, p := range []string{"totals:", "summary:"} {
			if v, ok := strings.CutPrefix(line, p); ok {
				return strconv.ParseInt(strings.Fields(v)[0], 10, 64)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	return 0, fmt.Errorf("load: no totals in %s", path)
}
