package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestLogWriterBatches checks that lines reach the output whole and in
// order: on Close, when the buffer fills up, and with no further call
// shortly after they are logged, batch after batch.
func TestLogWriterBatches(t *testing.T) {
	var out syncBuffer
	l := newLogWriter(&out)
	// Each batch goes out by itself: the first line into an empty buffer
	// wakes the flusher, also after an earlier batch was written.
	want := ""
	for _, batch := range [][]string{{"one\n", "two\n"}, {"three\n"}} {
		for _, line := range batch {
			l.Write([]byte(line))
			want += line
		}
		deadline := time.Now().Add(5 * time.Second)
		for out.String() != want && time.Now().Before(deadline) {
			time.Sleep(logLinger)
		}
		if got := out.String(); got != want {
			t.Fatalf("lines not written out without Close: %q, want %q", got, want)
		}
	}
	// Filling the buffer writes what was there before the line that does not fit.
	line := strings.Repeat("x", logBufferSize/2) + "\n"
	l.Write([]byte(line))
	l.Write([]byte(line))
	l.Write([]byte("big " + strings.Repeat("y", logBufferSize) + "\n"))
	l.Write([]byte("last\n"))
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	want += line + line + "big " + strings.Repeat("y", logBufferSize) + "\n" + "last\n"
	if got := out.String(); got != want {
		t.Fatalf("after Close: %d bytes, want %d; lines out of order or lost", len(got), len(want))
	}
	l.Write([]byte("after\n"))
	if err := l.Close(); err != nil || !strings.HasSuffix(out.String(), "after\n") {
		t.Fatalf("a line after Close: %v", err)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestLogWriterKeepsTheError(t *testing.T) {
	l := newLogWriter(failingWriter{})
	l.Write([]byte("x\n"))
	if err := l.Close(); err == nil || err.Error() != "disk full" {
		t.Fatalf("Close: %v", err)
	}
}

// TestRequestLogOff checks that -request-log=false drops the line per API
// request and keeps the control calls' lines, and that the batched log is
// written out when ecsemu stops.
func TestRequestLogOff(t *testing.T) {
	for _, tt := range []struct {
		args     []string
		requests int
	}{{nil, 1}, {[]string{"-request-log=false"}, 0}} {
		t.Run(strings.Join(append([]string{"request-log"}, tt.args...), " "), func(t *testing.T) {
			ctx, stop := context.WithCancel(context.Background())
			defer stop()
			pr, pw := io.Pipe()
			var stderr syncBuffer
			exit := make(chan int, 1)
			go func() {
				exit <- run(ctx, append([]string{"-listen", "127.0.0.1:0"}, tt.args...), noEnv, pw, &stderr)
				pw.Close()
			}()
			line, err := bufio.NewReader(pr).ReadString('\n')
			if err != nil {
				t.Fatalf("no address printed: %v; stderr: %s", err, stderr.String())
			}
			go io.Copy(io.Discard, pr)
			addr := strings.TrimPrefix(strings.TrimSpace(line), "ecsemu listening on ")
			for _, path := range []string{"/?Action=DescribeSecurityGroups", "/_emulator/health"} {
				resp, err := http.Get(addr + path)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
			}
			stop()
			if code := <-exit; code != 0 {
				t.Fatalf("exit %d; stderr: %s", code, stderr.String())
			}
			log := stderr.String()
			if got := strings.Count(log, "msg=request"); got != tt.requests || strings.Count(log, "msg=control") != 1 || !strings.Contains(log, "ecsemu stopped") {
				t.Fatalf("%d request lines, want %d, and one control line:\n%s", got, tt.requests, log)
			}
		})
	}
}
