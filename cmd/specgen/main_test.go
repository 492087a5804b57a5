package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ecs-conformance/ecs-conformance/specs"
)

func TestGenerateThenCheck(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name     string
		args     []string
		prepare  func(t *testing.T)
		code     int
		inStderr string
		inStdout string
	}{
		{name: "generate", args: []string{"-out", dir}, code: 0, inStdout: "wrote DescribeSecurityGroups.request.schema.json"},
		{name: "check clean", args: []string{"-out", dir, "-check"}, code: 0},
		{name: "check a hand edit", args: []string{"-out", dir, "-check"}, code: 1,
			prepare: func(t *testing.T) {
				p := filepath.Join(dir, "DescribeSecurityGroups.error.schema.json")
				b, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, bytes.Replace(b, []byte("InternalError"), []byte("InternalFault"), 1), 0o644); err != nil {
					t.Fatal(err)
				}
			},
			inStderr: "DescribeSecurityGroups.error.schema.json: differs"},
		{name: "check an extra file", args: []string{"-out", dir, "-check"}, code: 1,
			prepare: func(t *testing.T) {
				if err := os.WriteFile(filepath.Join(dir, "DescribeRemoved.response.schema.json"), []byte("{}\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			},
			inStderr: "DescribeRemoved.response.schema.json: extra"},
		{name: "check a missing directory", args: []string{"-out", filepath.Join(dir, "nope"), "-check"}, code: 1, inStderr: "missing"},
		{name: "regenerate repairs", args: []string{"-out", dir}, code: 0, inStdout: "wrote DescribeSecurityGroups.error.schema.json\nremoved DescribeRemoved.response.schema.json"},
		{name: "check after repair", args: []string{"-out", dir, "-check"}, code: 0},
		{name: "unknown flag", args: []string{"-spec", "x"}, code: 2, inStderr: "usage"},
		{name: "stray argument", args: []string{"schemas"}, code: 2, inStderr: `unexpected argument "schemas"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.prepare != nil {
				tt.prepare(t)
			}
			var stdout, stderr bytes.Buffer
			if code := run(tt.args, &stdout, &stderr); code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, &stdout, &stderr)
			}
			if !strings.Contains(stderr.String(), tt.inStderr) {
				t.Errorf("stderr %q lacks %q", &stderr, tt.inStderr)
			}
			if !strings.Contains(stdout.String(), tt.inStdout) {
				t.Errorf("stdout %q lacks %q", &stdout, tt.inStdout)
			}
		})
	}
}

// Every operation of the contract set gets its request, response and error
// schemas, one response schema per paging mode exactly when it pages, and
// its OpenAPI document.
func TestGeneratesEveryOperation(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-out", dir}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, &stderr)
	}
	var want []string
	for _, op := range specs.Operations() {
		for _, kind := range []string{"request", "response", "error"} {
			want = append(want, op.Operation+"."+kind+".schema.json")
		}
		want = append(want, op.Operation+".openapi.json")
		if op.Paging != nil {
			for _, mode := range []string{specs.ModeNextToken, specs.ModePageNumber} {
				want = append(want, op.Operation+".response."+mode+".schema.json")
			}
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("generated %v, want %v", got, want)
	}
}
