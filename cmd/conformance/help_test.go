package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/ecs-conformance/ecs-conformance/runner"
)

// TestHelpAndVersion: asking for help or the version is no error (exit 0,
// on stdout), like ecsemu -h.
func TestHelpAndVersion(t *testing.T) {
	clearConfigEnv(t)
	tests := []struct {
		name   string
		args   []string
		stdout string // the usage of a subcommand goes where its flag set writes: stderr
		stderr string
	}{
		{"-h", []string{"-h"}, runner.EnvToken, ""},
		{"help", []string{"help"}, "Exit codes: 0 success", ""},
		{"-version", []string{"-version"}, "conformance github.com/ecs-conformance/ecs-conformance ", ""},
		{"version", []string{"version"}, "conformance github.com/ecs-conformance/ecs-conformance ", ""},
		{"run -h", []string{"run", "-h"}, "", "-html-report"},
		{"coverage -h", []string{"coverage", "-h"}, "", "-label-filter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(context.Background(), tt.args, &stdout, &stderr); code != exitOK {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, exitOK, stderr.String())
			}
			if !strings.Contains(stdout.String(), tt.stdout) || !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("stdout lacks %q or stderr lacks %q:\nstdout:\n%s\nstderr:\n%s", tt.stdout, tt.stderr, stdout.String(), stderr.String())
			}
		})
	}
}
