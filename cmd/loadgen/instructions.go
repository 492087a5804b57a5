package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/ecs-conformance/ecs-conformance/cmd/loadgen/internal/load"
)

// runInstructions is "loadgen instructions": the instructions each server
// executes per request, counted by valgrind's callgrind. Unlike a rate or a
// CPU time it does not depend on what else the machine is doing, so it
// compares two builds of ecsemu on a busy machine.
func runInstructions(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("loadgen instructions", flag.ContinueOnError)
	ecsemu := fs.String("ecsemu", "", "ecsemu binary built with CGO_ENABLED=0; empty: built into the scratch directory")
	ecsemuArgs := fs.String("ecsemu-args", "", "extra ecsemu flags, space-separated")
	callgrindArgs := fs.String("callgrind-args", "", "extra valgrind flags, space-separated (e.g. --dump-instr=yes)")
	targets := fs.String("targets", "v3,rpc,no-auth", "emulator targets: v3, rpc, no-auth (the bare handler is always counted)")
	n := fs.Int("n", 2000, "requests counted per target")
	warmup := fs.Int("warmup", 500, "requests each server answers before the count starts")
	conns := fs.Int("c", 4, "keep-alive connections")
	maxResults := fs.Int("max-results", 10, "MaxResults of the measured pages")
	dir := fs.String("dir", "", "where callgrind's files go (kept, for callgrind_annotate); empty: a temporary directory, removed afterwards")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("instructions: unexpected arguments %q; every setting is a flag", fs.Args())
	}
	cfg := load.InstructionsConfig{EcsemuArgs: strings.Fields(*ecsemuArgs), CallgrindArgs: strings.Fields(*callgrindArgs), Requests: *n, Warmup: *warmup, Conns: *conns,
		MaxResults: *maxResults, Dir: *dir, Progress: out}
	for _, t := range strings.Split(*targets, ",") {
		if t = strings.TrimSpace(t); t != "" {
			cfg.Targets = append(cfg.Targets, t)
		}
	}
	if cfg.Dir == "" {
		d, err := os.MkdirTemp("", "loadgen-instructions-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		cfg.Dir = d
	} else if err := os.MkdirAll(cfg.Dir, 0o700); err != nil {
		return err
	}
	// Both servers without cgo: valgrind 3.19 asserts on a cgo binary's
	// signal handling.
	build := func(name, pkg string) (string, error) {
		path := filepath.Join(cfg.Dir, name)
		cmd := exec.CommandContext(ctx, "go", "build", "-o", path, pkg)
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if b, err := cmd.CombinedOutput(); err != nil {
			return "", fmt.Errorf("instructions: building %s: %v: %s", pkg, err, b)
		}
		return path, nil
	}
	cfg.Ecsemu = []string{*ecsemu}
	if *ecsemu == "" {
		p, err := build("ecsemu", "github.com/ecs-conformance/ecs-conformance/cmd/ecsemu")
		if err != nil {
			return err
		}
		cfg.Ecsemu = []string{p}
	}
	bare, err := build("loadgen", "github.com/ecs-conformance/ecs-conformance/cmd/loadgen")
	if err != nil {
		return err
	}
	cfg.Bare = []string{bare, "bare"}
	fmt.Fprintf(out, "instructions: DescribeSecurityGroups MaxResults %d, %d requests per target after %d to warm up, %d connections,\n", cfg.MaxResults, cfg.Requests, cfg.Warmup, cfg.Conns)
	fmt.Fprintf(out, "              each server alone under valgrind --tool=callgrind (instructions of the whole process: runtime, GC, net/http)\n")
	res, err := load.CountInstructions(ctx, cfg)
	if err != nil {
		return err
	}
	var bareIr float64
	for _, r := range res {
		if r.Target == load.TargetBare {
			bareIr = r.PerRequest()
		}
	}
	if bareIr == 0 {
		return errors.New("instructions: the bare handler was not counted")
	}
	fmt.Fprintf(out, "\n  %-8s %14s %10s   %s\n", "target", "instr/request", "× bare", "callgrind dump")
	for _, r := range res {
		fmt.Fprintf(out, "  %-8s %14.0f %10.2f   %s\n", r.Target, r.PerRequest(), r.PerRequest()/bareIr, r.Dump)
	}
	fmt.Fprintln(out)
	return nil
}
