package main

import (
	"context"
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/ecs-conformance/ecs-conformance/cmd/loadgen/internal/load"
)

// presignedLua is wrk/presigned.lua, written next to the request files of
// a wrk comparison so that the script run is the one committed.
//
//go:embed wrk/presigned.lua
var presignedLua []byte

// Targets of the comparison the issue sets: the emulator verifying every
// V3 signature at ≥ 0.8 of the bare handler's rate, at ≤ 45 µs of server
// CPU per request.
const (
	targetCompareRatio = 0.8
	targetCPUPerReq    = 45 * time.Microsecond
)

// runCompare is "loadgen compare": ecsemu and the bare handler as separate
// processes, interleaved runs, server CPU per request from /proc/PID/stat.
func runCompare(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("loadgen compare", flag.ContinueOnError)
	ecsemu := fs.String("ecsemu", "", "ecsemu binary to measure; empty: go build ./cmd/ecsemu into the scratch directory")
	ecsemuArgs := fs.String("ecsemu-args", "", "extra ecsemu flags, space-separated (e.g. -request-log=false)")
	targets := fs.String("targets", "v3,rpc,no-auth", "emulator targets, each run after a run of the bare handler: v3, rpc, no-auth")
	rounds := fs.Int("rounds", 3, "runs of each target")
	driver := fs.String("driver", load.DriverRaw, "client: raw (this process, raw HTTP/1.1 on keep-alive connections) or wrk (with wrk/presigned.lua)")
	wrk := fs.String("wrk", "wrk", "wrk binary, for -driver wrk")
	threads := fs.Int("threads", 2, "wrk threads, for -driver wrk")
	conns := fs.Int("c", 32, "keep-alive connections, one request in flight on each")
	duration := fs.Duration("duration", 10*time.Second, "length of each run (wrk: whole seconds)")
	requests := fs.Int("requests", 200000, "requests signed per run (raw: its bound; wrk: the first estimate, grown to 1.5 × the rate seen × -duration)")
	warmup := fs.Int("warmup", 5000, "requests each server answers before the first round")
	maxResults := fs.Int("max-results", 10, "MaxResults of the measured pages")
	dir := fs.String("dir", "", "scratch directory for server logs and request files; empty: a temporary one, removed afterwards")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("compare: unexpected arguments %q; every setting is a flag", fs.Args())
	}
	cfg := load.CompareConfig{
		EcsemuArgs: strings.Fields(*ecsemuArgs),
		Rounds:     *rounds, Driver: *driver, Conns: *conns, Duration: *duration,
		Requests: *requests, Warmup: *warmup, MaxResults: *maxResults,
		Wrk:      load.WrkConfig{Path: *wrk, Threads: *threads},
		Progress: out,
	}
	for _, t := range strings.Split(*targets, ",") {
		if t = strings.TrimSpace(t); t != "" {
			cfg.Targets = append(cfg.Targets, t)
		}
	}
	if *driver == load.DriverWrk && (*duration < time.Second || *duration%time.Second != 0) {
		return errors.New("compare: wrk runs for whole seconds; give -duration as 5s, 10s, ...")
	}
	if *threads < 1 {
		return errors.New("compare: -threads must be positive")
	}
	cfg.Dir = *dir
	if cfg.Dir != "" {
		if err := os.MkdirAll(cfg.Dir, 0o700); err != nil {
			return err
		}
	} else {
		d, err := os.MkdirTemp("", "loadgen-compare-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		cfg.Dir = d
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	cfg.Bare = []string{self, "bare"}
	cfg.Ecsemu = *ecsemu
	if cfg.Ecsemu == "" {
		cfg.Ecsemu = filepath.Join(cfg.Dir, "ecsemu")
		build := exec.CommandContext(ctx, "go", "build", "-o", cfg.Ecsemu, "github.com/ecs-conformance/ecs-conformance/cmd/ecsemu")
		if b, err := build.CombinedOutput(); err != nil {
			return fmt.Errorf("compare: building ecsemu: %v: %s", err, b)
		}
	}
	if cfg.Driver == load.DriverWrk {
		cfg.Wrk.Script = filepath.Join(cfg.Dir, "presigned.lua")
		if err := os.WriteFile(cfg.Wrk.Script, presignedLua, 0o600); err != nil {
			return err
		}
	}
	client := fmt.Sprintf("this process (raw HTTP/1.1), %d connections", cfg.Conns)
	if cfg.Driver == load.DriverWrk {
		client = fmt.Sprintf("wrk, %d threads, %d connections, wrk/presigned.lua", cfg.Wrk.Threads, cfg.Conns)
	}
	fmt.Fprintf(out, "compare: DescribeSecurityGroups MaxResults %d over loopback, keep-alive, every request pre-signed with a nonce of its own\n", cfg.MaxResults)
	fmt.Fprintf(out, "         client: %s; %s per run, %d rounds of bare then each of %s\n", client, cfg.Duration, cfg.Rounds, strings.Join(cfg.Targets, ", "))
	fmt.Fprintf(out, "         ecsemu: %s %s; load average at start %.2f\n", cfg.Ecsemu, strings.Join(cfg.EcsemuArgs, " "), load.LoadAverage())
	rep, err := load.Compare(ctx, cfg)
	if err != nil {
		return err
	}
	printCompare(out, rep)
	return nil
}

func printCompare(out io.Writer, rep *load.CompareReport) {
	fmt.Fprintf(out, "\n  %d-byte answers framed by %s; server PIDs", rep.ResponseBytes, rep.Framing)
	for _, t := range append([]string{load.TargetBare}, rep.Config.Targets...) {
		fmt.Fprintf(out, " %s=%d", t, rep.PIDs[t])
	}
	fmt.Fprintf(out, "\n  %-8s %12s %8s %14s %9s %8s %10s   %s\n", "target", "req/s", "ratio", "CPU µs/req", "CPU×bare", "load1", "RSS", "per run: req/s (ratio to the bare run before)")
	bare := rep.Of(load.TargetBare)
	row := func(name string, runs []load.Run, ratios, cpuRatios []float64) {
		var rps, cpu, load1 []float64
		var runsText []string
		for i, r := range runs {
			rps = append(rps, r.RPS())
			cpu = append(cpu, float64(r.CPUPerRequest())/float64(time.Microsecond))
			load1 = append(load1, r.Load1)
			s := fmt.Sprintf("%.0f", r.RPS())
			if ratios != nil && i < len(ratios) {
				s += fmt.Sprintf(" (%.2f)", ratios[i])
			}
			runsText = append(runsText, s)
		}
		ratio, cpuRatio := "-", "-"
		if ratios != nil {
			ratio = fmt.Sprintf("%.2f", load.Median(ratios))
			cpuRatio = fmt.Sprintf("%.2f", load.Median(cpuRatios))
		}
		fmt.Fprintf(out, "  %-8s %10.0f/s %8s %14.1f %9s %8.1f %6.1f MiB   %s\n", name, load.Median(rps), ratio, load.Median(cpu), cpuRatio, load.Median(load1),
			float64(rep.RSS[name])/(1<<20), strings.Join(runsText, ", "))
	}
	row(load.TargetBare, bare, nil, nil)
	for _, t := range rep.Config.Targets {
		row(t, rep.Of(t), rep.Ratios(t), rep.CPURatios(t))
	}
	fmt.Fprintf(out, "  medians over the runs; ratio: median of each run's rate over the bare run's just before it; CPU×bare: the same of CPU time per request\n")
	for _, t := range rep.Config.Targets {
		if t != load.TargetV3 {
			continue
		}
		ratio := load.Median(rep.Ratios(t))
		var cpu []float64
		for _, r := range rep.Of(t) {
			cpu = append(cpu, float64(r.CPUPerRequest()))
		}
		c := time.Duration(load.Median(cpu))
		fmt.Fprintf(out, "  v3: ratio %.2f (target ≥ %.1f) %s; CPU %sµs per request (target ≤ %sµs) %s\n",
			ratio, targetCompareRatio, verdict(ratio >= targetCompareRatio), load.FormatMicros(c), load.FormatMicros(targetCPUPerReq), verdict(c <= targetCPUPerReq))
	}
	fmt.Fprintln(out)
}
