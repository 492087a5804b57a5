package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestParseFlagsRejects(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-measure", "speed"}, `"speed" is not throughput`},
		{[]string{"-sizes", "1k"}, `"1k" is not a positive group count`},
		{[]string{"-sizes", "0"}, `"0" is not a positive group count`},
		{[]string{"-c", "0"}, "must be positive"},
		{[]string{"-duration", "0s"}, "must be positive"},
		{[]string{"-samples", "0"}, "must be positive"},
		{[]string{"-filter", "a=%zz"}, "-filter"},
		{[]string{"extra"}, "unexpected arguments"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			_, err := parseFlags(tt.args)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("parseFlags(%q) = %v, want an error containing %q", tt.args, err, tt.want)
			}
		})
	}
}

func TestParseFlagsDefaults(t *testing.T) {
	o, err := parseFlags(nil)
	if err != nil {
		t.Fatal(err)
	}
	if !o.measure["throughput"] || !o.measure["latency"] || !o.measure["memory"] {
		t.Errorf("default measurements %v, want all three", o.measure)
	}
	if got := o.sizes; len(got) != 3 || got[0] != 1000 || got[2] != 1_000_000 {
		t.Errorf("default sizes %v", got)
	}
	if o.throughput.MaxResults != 10 || o.throughput.Concurrency < 2 || o.memoryGrps != 1_000_000 {
		t.Errorf("defaults %+v, memory groups %d", o.throughput, o.memoryGrps)
	}
}

// TestRunPrintsEveryTable runs every measurement at toy sizes and checks
// that each table and its verdict line are printed.
func TestRunPrintsEveryTable(t *testing.T) {
	var out bytes.Buffer
	args := []string{"-n", "200", "-rounds", "1", "-warmup", "10", "-c", "2",
		"-sizes", "500,2000", "-samples", "30", "-starts", "8", "-memory-groups", "2000"}
	if err := run(context.Background(), args, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"memory: heap in use after GC", "2k ",
		"latency: one page (MaxResults 10, unfiltered)", "ratio 2k/500: p50",
		"bare net/http, same bytes", "emulator (V3 verified)", "ratio emulator/bare:", "signing, outside the timed part:",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}
