package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/ecs-conformance/ecs-conformance/runner"
	"github.com/ecs-conformance/ecs-conformance/specs"
)

// childEnv makes the test binary act as the conformance binary: the specs
// run once per process, so every test that runs them starts a child, and
// record starts its own children from the same binary.
const childEnv = "CONFORMANCE_CMD_TEST_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		// As main: SIGINT and SIGTERM end the context, so a child stops
		// cleanly (the proxy flushes its recordings).
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
		stop()
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// clearConfigEnv keeps the caller's CONFORMANCE_* settings out of a test.
func clearConfigEnv(t *testing.T) {
	for _, name := range []string{runner.EnvMode, runner.EnvEndpoint, runner.EnvRegion, runner.EnvSignature, runner.EnvCassettes,
		runner.EnvTarget, runner.EnvFixtures, runner.EnvLedger, runner.EnvResults, runner.EnvHTMLReport, runner.EnvMDReport,
		runner.EnvControl, runner.EnvControlToken, runner.EnvKeyID, runner.EnvKeySecret, runner.EnvToken} {
		t.Setenv(name, "")
	}
}

// conformance runs the binary in dir and returns its output and exit code.
func conformance(t *testing.T, dir string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), childEnv+"=1", "GINKGO_NO_COLOR=TRUE")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		t.Fatalf("conformance %s: %v", strings.Join(args, " "), err)
	}
	return out.String(), errb.String(), code
}

func TestCommandLineErrors(t *testing.T) {
	clearConfigEnv(t)
	empty := t.TempDir()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no subcommand", nil, "Subcommands:"},
		{"unknown subcommand", []string{"bogus"}, `unknown subcommand "bogus"`},
		{"unknown flag", []string{"run", "-nope"}, "flag provided but not defined: -nope"},
		{"positional argument", []string{"coverage", "extra"}, `unexpected argument "extra"`},
		{"bad configuration", []string{"run", "-mode", "live"}, "mode live needs " + runner.EnvEndpoint},
		{"bad record scheme", []string{"record", "-signature", "sha1"}, `-signature "sha1": use v3, rpc or both`},
		{"record a live endpoint without keys", []string{"record", "-endpoint", "http://127.0.0.1:1"}, "needs credentials"},
		{"replay without cassettes", []string{"replay-server", "-cassettes", empty}, "no recorded interactions"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(context.Background(), tt.args, &stdout, &stderr); code != exitUsage {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, exitUsage, stderr.String())
			}
			if !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("stderr lacks %q:\n%s", tt.want, stderr.String())
			}
		})
	}
}

func TestCoverage(t *testing.T) {
	clearConfigEnv(t)
	ops := specs.Operations()
	codes := 0
	for _, op := range ops {
		codes += len(op.Errors)
	}
	dsg := specs.Lookup("DescribeSecurityGroups")
	tests := []struct {
		name  string
		args  []string
		code  int
		wants []string
	}{
		{
			name: "every error code has a spec",
			args: []string{"coverage"},
			wants: []string{
				fmt.Sprintf(" specs  behaviours %d/%d have specs  error codes %d/%d have specs\n",
					len(dsg.Behaviours), len(dsg.Behaviours), len(dsg.Errors), len(dsg.Errors)),
				fmt.Sprintf("every error code of every operation's catalogue has a spec (%d codes in %d operation", codes, len(ops)),
			},
		},
		{
			name:  "an error code whose specs are left out is a gap, named with its operation",
			args:  []string{"coverage", "-skip", `MissingParameter\.RegionId`},
			code:  exitFail,
			wants: []string{"\nDescribeSecurityGroups: error codes without a spec: MissingParameter.RegionId\n"},
		},
		{
			name:  "an operation none of whose specs is selected has every code as a gap",
			args:  []string{"coverage", "-label-filter", "!op:DescribeSecurityGroups"},
			code:  exitFail,
			wants: []string{fmt.Sprintf("DescribeSecurityGroups: no spec is labelled op:DescribeSecurityGroups, so none of its %d error codes has one", len(dsg.Errors))},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := conformance(t, t.TempDir(), tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, stdout, stderr)
			}
			for _, w := range tt.wants {
				if !strings.Contains(stdout, w) {
					t.Errorf("stdout lacks %q:\n%s", w, stdout)
				}
			}
		})
	}
}

// TestRecord records two specs for both schemes, then replays them: the
// per-scheme results files say the specs passed, and a filtered recording
// leaves the other cassettes alone.
func TestRecord(t *testing.T) {
	clearConfigEnv(t)
	dir := t.TempDir()
	const focus = "response shape matches the (token-paging|page-number) schema"
	stale := filepath.Join(dir, "cassettes", "emulator", "v3", "removed-spec.yaml")
	if err := os.MkdirAll(filepath.Dir(stale), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(stale, []byte("version: 1\ninteractions: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := conformance(t, dir, "record", "-focus", focus, "-results", "out/results.json")
	if code != 0 {
		t.Fatalf("record: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	for _, scheme := range []string{"v3", "rpc"} {
		files, err := filepath.Glob(filepath.Join(dir, "cassettes", "emulator", scheme, "*-response-shape-matches-the-*.yaml"))
		if err != nil || len(files) != 2 {
			t.Errorf("%s: cassettes %q (%v), want the 2 focused specs'", scheme, files, err)
		}
		if status := resultOf(t, filepath.Join(dir, "out", "results."+scheme+".json"), "DescribeSecurityGroups.schema.response"); status != "passed" {
			t.Errorf("%s: schema.response is %q in the results, want passed", scheme, status)
		}
	}
	if _, err := os.Stat(stale); err != nil {
		t.Errorf("a focused recording deleted another spec's cassette: %v", err)
	}
	for _, scheme := range []string{"v3", "rpc"} {
		stdout, stderr, code := conformance(t, dir, "run", "-mode", "replay", "-signature", scheme, "-focus", focus)
		if code != 0 || !strings.Contains(stdout, "Ran 2 of") {
			t.Errorf("replaying %s: exit %d\nstdout:\n%s\nstderr:\n%s", scheme, code, stdout, stderr)
		}
	}
}

// resultOf reads the status of one behaviour from a results file.
func resultOf(t *testing.T, path, id string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Operations []struct {
			Behaviours []struct{ ID, Status string }
		}
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	for _, op := range doc.Operations {
		for _, b := range op.Behaviours {
			if b.ID == id {
				return b.Status
			}
		}
	}
	return ""
}

func TestClearScheme(t *testing.T) {
	tests := []struct {
		name     string
		target   string
		filtered bool
		removed  bool
		err      string
	}{
		{name: "an unfiltered recording starts afresh", target: "emulator", removed: true},
		{name: "a filtered recording keeps the other cassettes", target: "emulator", filtered: true},
		{name: "a target outside the root is refused", target: "../..", err: "outside"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := filepath.Join(t.TempDir(), "cassettes")
			keep := filepath.Join(root, "emulator", "rpc", "a.yaml")
			gone := filepath.Join(root, "emulator", "v3", "a.yaml")
			for _, f := range []string{keep, gone} {
				if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(f, nil, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, err := clearScheme(root, tt.target, "v3", tt.filtered)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want one saying %q", err, tt.err)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(gone); os.IsNotExist(err) != tt.removed {
				t.Errorf("v3 cassette removed = %v, want %v", os.IsNotExist(err), tt.removed)
			}
			if _, err := os.Stat(keep); err != nil {
				t.Errorf("the other scheme's cassette: %v", err)
			}
		})
	}
}

func TestChildArgs(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		several bool
		want    []string
	}{
		{"one scheme keeps the file names", []string{"-results", "r.json", "-focus", "x"}, false,
			[]string{"run", "-results", "r.json", "-focus", "x", "-mode", "record", "-signature", "rpc"}},
		{"several schemes get a file each", []string{"-results", "out/r.json", "-json-report", "g.json", "-ginkgo.junit-report", "j.xml"}, true,
			[]string{"run", "-results", "out/r.json", "-json-report", "g.json", "-ginkgo.junit-report", "j.xml", "-mode", "record", "-signature", "rpc",
				"-results", "out/r.rpc.json", "-ginkgo.json-report", "g.rpc.json", "-ginkgo.junit-report", "j.rpc.xml"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// This sets Ginkgo's process-wide configuration; harmless, as
			// the test process itself never runs the specs.
			cfg := runner.Defaults()
			fs := newFlagSet("record", "", &bytes.Buffer{})
			cfg.BindFlags(fs)
			ginkgoFlags(fs)
			if err := parse(fs, tt.args); err != nil {
				t.Fatal(err)
			}
			got := childArgs(tt.args, fs, "rpc", tt.several)
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("childArgs =\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}
