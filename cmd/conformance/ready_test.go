package main

import (
	"net"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xeipuuv/gojsonschema"

	"github.com/ecs-conformance/ecs-conformance/emulator"
	"github.com/ecs-conformance/ecs-conformance/report"
	"github.com/ecs-conformance/ecs-conformance/runner"
)

// TestNotReady: a target that cannot work ends the run before any spec,
// with a few lines naming it, what is wrong and what to do, and exit 3.
func TestNotReady(t *testing.T) {
	clearConfigEnv(t)
	emu, err := emulator.New(emulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(emu.Handler())
	defer srv.Close()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + l.Addr().String()
	l.Close()

	tests := []struct {
		name  string
		env   map[string]string
		args  []string
		wants []string
	}{
		{
			name:  "an endpoint nothing answers",
			env:   map[string]string{runner.EnvKeyID: emulator.DefaultAccessKeyID, runner.EnvKeySecret: emulator.DefaultAccessKeySecret},
			args:  []string{"run", "-mode", "live", "-endpoint", dead},
			wants: []string{dead + " (CONFORMANCE_ENDPOINT): nothing answers there", "connection refused", "start the target"},
		},
		{
			name:  "a wrong secret",
			env:   map[string]string{runner.EnvKeyID: emulator.DefaultAccessKeyID, runner.EnvKeySecret: "wrong"},
			args:  []string{"run", "-mode", "live", "-endpoint", srv.URL},
			wants: []string{srv.URL + " (CONFORMANCE_ENDPOINT): refused the credentials: SignatureDoesNotMatch", "check " + runner.EnvKeyID},
		},
		{
			name:  "an unknown key, RPC",
			env:   map[string]string{runner.EnvKeyID: "LTAInobody", runner.EnvKeySecret: "wrong"},
			args:  []string{"run", "-mode", "live", "-endpoint", srv.URL, "-signature", "rpc"},
			wants: []string{"refused the credentials: InvalidAccessKeyId.NotFound"},
		},
		{
			name:  "a replay without its cassette folder",
			args:  []string{"run", "-mode", "replay", "-cassettes", filepath.Join(t.TempDir(), "nowhere")},
			wants: []string{"replay: no cassette folder", "set " + runner.EnvCassettes + " to the cassette root", "make record"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			stdout, stderr, code := conformance(t, t.TempDir(), tt.args...)
			if code != exitNotReady {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, exitNotReady, stdout, stderr)
			}
			for _, w := range tt.wants {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
			if n := strings.Count(strings.TrimSpace(stderr), "\n") + 1; n > 3 || stdout != "" {
				t.Errorf("%d lines on stderr (want at most 3) and stdout %q (want none): no spec may run", n, stdout)
			}
		})
	}
}

// TestEmptySelection: filters that select no spec exit 4 and say which.
func TestEmptySelection(t *testing.T) {
	clearConfigEnv(t)
	tests := []struct {
		name  string
		args  []string
		wants []string
	}{
		{"a focus", []string{"run", "-focus", "InvalidSecurityGroupId.Unknown"},
			[]string{`-focus "InvalidSecurityGroupId.Unknown" matches no spec's text`, "look alike: InvalidSecurityGroupId."}},
		{"a label", []string{"run", "-label-filter", "error:Throttling"},
			[]string{`no spec is labelled "error:Throttling"; labels that look alike: error:Throttling.User`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := conformance(t, t.TempDir(), tt.args...)
			if code != exitEmpty {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, exitEmpty, stdout, stderr)
			}
			for _, w := range append(tt.wants, "the filters select none of the suite's") {
				if !strings.Contains(stdout, w) {
					t.Errorf("stdout lacks %q:\n%s", w, stdout)
				}
			}
		})
	}
}

// TestReports: one run writes the three reports; the results validate
// against the schema checked in beside package report.
func TestReports(t *testing.T) {
	clearConfigEnv(t)
	dir := t.TempDir()
	stdout, stderr, code := conformance(t, dir, "run", "-focus", "response shape matches", "-target", "emulator",
		"-results", "out/results.json", "-html-report", "out/report.html", "-markdown-report", "out/summary.md")
	if code != exitOK {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	read := func(name string) string {
		data, err := os.ReadFile(filepath.Join(dir, "out", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	results := read("results.json")
	res, err := gojsonschema.Validate(gojsonschema.NewBytesLoader(report.ResultsSchema), gojsonschema.NewStringLoader(results))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range res.Errors() {
		t.Errorf("results.json does not match results.schema.json: %s", e)
	}
	for name, wants := range map[string][]string{
		"results.json": {`"format": "ecs-conformance-results/1"`, `"endpoint": "emulator.local"`, `"mode": "emulator"`, `"schemes": [`, `"digest": "sha256:`, `"focus": [`},
		"report.html":  {"<title>ECS conformance: emulator (emulator, v3)</title>", `id="verdict">No failures</p>`},
		"summary.md":   {"## ECS conformance: emulator — no failures", "| `emulator.local` | emulator | v3 |"},
	} {
		text := read(name)
		for _, w := range wants {
			if !strings.Contains(text, w) {
				t.Errorf("%s lacks %q", name, w)
			}
		}
	}
	for _, kind := range []string{"results written to out/results.json", "HTML report written to out/report.html", "Markdown report written to out/summary.md"} {
		if !strings.Contains(stdout, kind) {
			t.Errorf("stdout does not say %q", kind)
		}
	}
}
