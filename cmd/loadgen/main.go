// Command loadgen measures the reference emulator on this machine and
// prints a small table per measurement:
//
//   - throughput: requests per second of DescribeSecurityGroups (MaxResults
//     10, each request signed with ACS3-HMAC-SHA256 and a fresh nonce, the
//     signature verified by the emulator) over loopback with keep-alive,
//     next to a bare net/http handler answering with the same bytes in the
//     same run, and their ratio (target ≥ 0.6);
//   - latency: p50 and p99 of one page with 1k, 100k and 1M synthetic groups
//     in the region, in process, and the 1M/1k ratio (target ≤ 1.5);
//   - memory: heap in use per group with 1M groups (target ≤ 1 KiB).
//
// Usage:
//
//	go run ./cmd/loadgen [-measure throughput,latency,memory] [-c N] [-n N] [-duration D] ...
//	go run ./cmd/loadgen compare [-driver raw|wrk] [-targets v3,rpc,no-auth] [-rounds N] [-ecsemu PATH] ...
//
// "compare" measures over the network what in-process figures cannot: it
// starts ecsemu (one process per target: V3 verified, RPC verified,
// -no-auth) and a bare net/http handler serving the emulator's answer
// ("loadgen bare", a process of its own), then runs them interleaved —
// bare, v3, bare, rpc, bare, no-auth, round after round — each run with
// requests pre-signed for it (a nonce each), all sent by the same client:
// this process's raw HTTP/1.1 driver, or wrk with wrk/presigned.lua. It
// prints requests per second, the ratio of each run to the bare run just
// before it, and the server's CPU per request read from /proc/PID/stat,
// with the load average (make compare).
//
// Every server listens on 127.0.0.1 only; every loop is bounded by a count
// and, against the clock, by -duration. Signing happens before the timed
// part and its cost is reported on its own line. The exit status is 1 when
// a measurement fails (any request not answered 200), not when a target is
// missed: the figures are for a person to read, on a machine they know.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/signal"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/ecs-conformance/ecs-conformance/cmd/loadgen/internal/load"
	"github.com/ecs-conformance/ecs-conformance/emulator"
	"github.com/ecs-conformance/ecs-conformance/internal/buildinfo"
)

// Targets the report compares the figures with.
const (
	targetRatio        = 0.6
	targetLatencyRatio = 1.5
	targetBytesPerGrp  = 1024
)

type options struct {
	measure     map[string]bool
	throughput  load.ThroughputConfig
	sizes       []int
	latency     load.LatencyConfig
	memoryGrps  int
	filterQuery string
	version     bool
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	run := run
	args := os.Args[1:]
	if len(args) > 0 {
		switch args[0] {
		case "compare":
			run, args = runCompare, args[1:]
		case "bare":
			run, args = runBare, args[1:]
		case "instructions":
			run, args = runInstructions, args[1:]
		}
	}
	if err := run(ctx, args, os.Stdout); errors.Is(err, flag.ErrHelp) {
		return // -h printed the usage
	} else if err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	o, err := parseFlags(args)
	if err != nil {
		return err
	}
	if o.version {
		fmt.Fprintln(out, buildinfo.Line("loadgen"))
		return nil
	}
	fmt.Fprintf(out, "loadgen: %s %s/%s, GOMAXPROCS %d\n\n", runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.GOMAXPROCS(0))
	// Memory first, on a heap nothing else has grown yet; the emulator it
	// builds serves the latency measurement of the same size.
	built := map[int]*emulator.Server{}
	if o.measure["memory"] {
		h, emu, err := load.HeapPerGroup(o.memoryGrps)
		if err != nil {
			return err
		}
		built[o.memoryGrps] = emu
		printMemory(out, h)
	}
	if o.measure["latency"] {
		if err := measureLatency(ctx, out, o, built); err != nil {
			return err
		}
	}
	clear(built) // the big stores are garbage before the throughput run
	if o.measure["throughput"] {
		rep, err := load.Throughput(ctx, o.throughput)
		if err != nil {
			return err
		}
		printThroughput(out, rep)
	}
	return nil
}

func parseFlags(args []string) (options, error) {
	fs := flag.NewFlagSet("loadgen", flag.ContinueOnError)
	measure := fs.String("measure", "throughput,latency,memory", "comma-separated measurements: throughput, latency, memory")
	c := fs.Int("c", 2*runtime.GOMAXPROCS(0), "throughput: requests in flight")
	n := fs.Int("n", 20000, "throughput: requests per target and round")
	duration := fs.Duration("duration", 15*time.Second, "throughput: cap on each target's round")
	rounds := fs.Int("rounds", 3, "throughput: rounds per target; the median is reported")
	warmup := fs.Int("warmup", 2000, "throughput: requests per target before the first round")
	maxResults := fs.Int("max-results", 10, "MaxResults of the measured pages")
	sizes := fs.String("sizes", "1000,100000,1000000", "latency: groups in the region, comma-separated")
	samples := fs.Int("samples", 20000, "latency: pages timed per size")
	starts := fs.Int("starts", 4096, "latency: places spread through the region the timed pages start from")
	filter := fs.String("filter", "", "latency: extra business parameters as a query string, e.g. 'Tag.1.Key=env&Tag.1.Value=prod'")
	memoryGroups := fs.Int("memory-groups", 1_000_000, "memory: groups in the region")
	version := fs.Bool("version", false, "print the module version and VCS revision, and exit")
	if err := fs.Parse(args); err != nil {
		return options{}, err
	}
	if fs.NArg() > 0 {
		return options{}, fmt.Errorf("unexpected arguments %q; every setting is a flag", fs.Args())
	}
	o := options{
		measure: map[string]bool{},
		throughput: load.ThroughputConfig{
			Requests: *n, Duration: *duration, Concurrency: *c, Rounds: *rounds, MaxResults: *maxResults, Warmup: *warmup,
		},
		latency:     load.LatencyConfig{Samples: *samples, MaxResults: *maxResults, Starts: *starts},
		memoryGrps:  *memoryGroups,
		version:     *version,
		filterQuery: *filter,
	}
	for _, m := range strings.Split(*measure, ",") {
		switch m = strings.TrimSpace(m); m {
		case "throughput", "latency", "memory":
			o.measure[m] = true
		default:
			return options{}, fmt.Errorf("-measure: %q is not throughput, latency or memory", m)
		}
	}
	for _, s := range strings.Split(*sizes, ",") {
		v, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || v < 1 {
			return options{}, fmt.Errorf("-sizes: %q is not a positive group count", s)
		}
		o.sizes = append(o.sizes, v)
	}
	if *filter != "" {
		v, err := url.ParseQuery(*filter)
		if err != nil {
			return options{}, fmt.Errorf("-filter: %w", err)
		}
		o.latency.Filter = v
	}
	switch {
	case *c < 1 || *n < 1 || *rounds < 1 || *duration <= 0 || *warmup < 0:
		return options{}, errors.New("-c, -n, -rounds and -duration must be positive, -warmup at least 0")
	case *maxResults < 1 || *samples < 1 || *starts < 1 || *memoryGroups < 1:
		return options{}, errors.New("-max-results, -samples, -starts and -memory-groups must be positive")
	}
	return o, nil
}

// measureLatency builds every size first, so that each is measured with
// the same heap and so the same garbage-collection rhythm, then times them.
func measureLatency(ctx context.Context, out io.Writer, o options, built map[int]*emulator.Server) error {
	for _, n := range o.sizes {
		if built[n] != nil {
			continue
		}
		emu, err := load.NewEmulator(n)
		if err != nil {
			return err
		}
		built[n] = emu
	}
	runtime.GC() // the builds' garbage, outside any measurement
	var results []load.Latency
	for _, n := range o.sizes {
		l, err := load.PageLatency(ctx, built[n], n, o.latency)
		if err != nil {
			return fmt.Errorf("latency with %d groups: %w", n, err)
		}
		results = append(results, l)
	}
	printLatency(out, o, results)
	return nil
}

func printMemory(out io.Writer, h load.Heap) {
	fmt.Fprintf(out, "memory: heap in use after GC, emulator with %s synthetic groups in one region\n", count(h.Groups))
	fmt.Fprintf(out, "  %-10s %12s %12s %8s\n", "groups", "heap delta", "per group", "target")
	fmt.Fprintf(out, "  %-10s %9.1f MiB %10.0f B %6s B  %s\n\n", count(h.Groups), float64(h.Delta)/(1<<20), h.PerGroup,
		"≤"+strconv.Itoa(targetBytesPerGrp), verdict(h.PerGroup <= targetBytesPerGrp))
}

func printLatency(out io.Writer, o options, ls []load.Latency) {
	what := "unfiltered"
	if o.filterQuery != "" {
		what = o.filterQuery
	}
	fmt.Fprintf(out, "latency: one page (MaxResults %d, %s) in process through the emulator's handler, V3 verified;\n", o.latency.MaxResults, what)
	fmt.Fprintf(out, "         pages start at up to %d places spread through the region\n", o.latency.Starts)
	fmt.Fprintf(out, "  %-10s %8s %10s %10s %10s %10s\n", "groups", "samples", "p50", "p99", "mean", "max")
	for _, l := range ls {
		fmt.Fprintf(out, "  %-10s %8d %10s %10s %10s %10s\n", count(l.Groups), l.Samples, us(l.P50), us(l.P99), us(l.Mean), us(l.Max))
	}
	// The ratio compares the largest size with the smallest measured.
	small, large := ls[0], ls[0]
	for _, l := range ls {
		if l.Groups < small.Groups {
			small = l
		}
		if l.Groups > large.Groups {
			large = l
		}
	}
	if large.Groups > small.Groups {
		p50 := float64(large.P50) / float64(small.P50)
		p99 := float64(large.P99) / float64(small.P99)
		fmt.Fprintf(out, "  ratio %s/%s: p50 %.2f, p99 %.2f (target ≤ %.1f)  %s\n", count(large.Groups), count(small.Groups), p50, p99,
			targetLatencyRatio, verdict(p50 <= targetLatencyRatio))
	}
	fmt.Fprintln(out)
}

func printThroughput(out io.Writer, r *load.ThroughputReport) {
	cfg := r.Config
	fmt.Fprintf(out, "throughput: DescribeSecurityGroups MaxResults %d over loopback, keep-alive, %d in flight,\n", cfg.MaxResults, cfg.Concurrency)
	fmt.Fprintf(out, "            %d requests per target and round (cap %s), %d rounds, %d-byte answers\n", cfg.Requests, cfg.Duration, cfg.Rounds, r.ResponseBytes)
	fmt.Fprintf(out, "  %-28s %s %12s\n", "target", rounds(len(r.Bare)), "median")
	row := func(name string, rs []load.Result) {
		fmt.Fprintf(out, "  %-28s", name)
		for _, x := range rs {
			fmt.Fprintf(out, " %10.0f/s", x.RPS())
		}
		fmt.Fprintf(out, " %10.0f/s\n", load.MedianRPS(rs))
	}
	row("bare net/http, same bytes", r.Bare)
	row("emulator (V3 verified)", r.Emulator)
	fmt.Fprintf(out, "  ratio emulator/bare: %.2f (target ≥ %.1f)  %s\n", r.Ratio(), targetRatio, verdict(r.Ratio() >= targetRatio))
	fmt.Fprintf(out, "  signing, outside the timed part: %s per request (%.0f requests/s on one core)\n\n",
		us(r.SignPerRequest), float64(time.Second)/float64(max(r.SignPerRequest, 1)))
}

func rounds(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, " %12s", "round "+strconv.Itoa(i+1))
	}
	return strings.TrimPrefix(b.String(), " ")
}

func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "MISSED"
}

// count writes 1000 as 1k and 1000000 as 1M when exact.
func count(n int) string {
	switch {
	case n >= 1_000_000 && n%1_000_000 == 0:
		return strconv.Itoa(n/1_000_000) + "M"
	case n >= 1000 && n%1000 == 0:
		return strconv.Itoa(n/1000) + "k"
	}
	return strconv.Itoa(n)
}

func us(d time.Duration) string {
	return strconv.FormatFloat(float64(d)/float64(time.Microsecond), 'f', 1, 64) + "µs"
}
