package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ecs-conformance/ecs-conformance/cmd/loadgen/internal/load"
)

// TestMain lets the test binary stand in for loadgen as the bare server
// of a comparison ("loadgen bare"), which Compare starts as a process.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == "bare" {
		ctx, stop := context.WithCancel(context.Background())
		defer stop()
		go func() { // stop on SIGTERM as loadgen does
			waitTerm()
			stop()
		}()
		if err := runBare(ctx, os.Args[2:], os.Stdout); err != nil {
			os.Stderr.WriteString(err.Error() + "\n")
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// buildEcsemu builds cmd/ecsemu for a test.
func buildEcsemu(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ecsemu")
	if b, err := exec.Command("go", "build", "-o", path, "github.com/ecs-conformance/ecs-conformance/cmd/ecsemu").CombinedOutput(); err != nil {
		t.Fatalf("go build ecsemu: %v: %s", err, b)
	}
	return path
}

// TestCompareRaw runs a whole comparison, small: every target's requests
// are accepted, and the report has each run, its CPU and the ratios.
func TestCompareRaw(t *testing.T) {
	if testing.Short() {
		t.Skip("builds ecsemu and starts processes")
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	var progress bytes.Buffer
	cfg := load.CompareConfig{
		Ecsemu: buildEcsemu(t), Bare: []string{self, "bare"},
		Targets: []string{load.TargetV3, load.TargetRPC, load.TargetNoAuth}, Rounds: 1,
		Driver: load.DriverRaw, Conns: 4, Duration: time.Minute, Requests: 300, Warmup: 20, MaxResults: 10,
		Dir: t.TempDir(), Progress: &progress,
	}
	rep, err := load.Compare(context.Background(), cfg)
	if err != nil {
		t.Fatalf("%v\n%s", err, progress.String())
	}
	if len(rep.Runs) != 6 {
		t.Fatalf("%d runs, want bare and a target three times", len(rep.Runs))
	}
	for _, r := range rep.Runs {
		if r.Result.Requests != 300 || r.Errors != 0 {
			t.Errorf("%s: %d ok, %d failed (%s)", r.Target, r.Result.Requests, r.Errors, r.FirstError)
		}
	}
	for _, target := range cfg.Targets {
		if len(rep.Ratios(target)) != 1 || len(rep.CPURatios(target)) != 1 || rep.RSS[target] == 0 {
			t.Errorf("%s: ratios %v, CPU ratios %v, RSS %d", target, rep.Ratios(target), rep.CPURatios(target), rep.RSS[target])
		}
	}
	var out bytes.Buffer
	printCompare(&out, rep)
	for _, want := range []string{"CPU µs/req", "CPU×bare", "no-auth", "v3: ratio"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
}

// TestCompareWrk drives the comparison with wrk and wrk/presigned.lua,
// when wrk is installed (apt-get install wrk).
func TestCompareWrk(t *testing.T) {
	if testing.Short() {
		t.Skip("builds ecsemu and starts processes")
	}
	wrk, err := exec.LookPath("wrk")
	if err != nil {
		t.Skip("wrk is not installed")
	}
	dir := t.TempDir()
	script := filepath.Join(dir, "presigned.lua")
	os.WriteFile(script, presignedLua, 0o600)
	self, _ := os.Executable()
	cfg := load.CompareConfig{
		Ecsemu: buildEcsemu(t), Bare: []string{self, "bare"}, Targets: []string{load.TargetV3}, Rounds: 1,
		Driver: load.DriverWrk, Wrk: load.WrkConfig{Path: wrk, Script: script, Threads: 2},
		Conns: 4, Duration: time.Second, Requests: 20000, MaxResults: 10, Dir: dir,
	}
	rep, err := load.Compare(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rep.Runs {
		if r.Result.Requests == 0 || r.Errors != 0 || r.CPU <= 0 {
			t.Errorf("%s: %d ok, %d failed (%s), CPU %v", r.Target, r.Result.Requests, r.Errors, r.FirstError, r.CPU)
		}
	}
}
