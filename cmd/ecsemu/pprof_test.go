package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestPprof checks that -pprof serves the profiles on its own loopback
// listener, apart from the API.
func TestPprof(t *testing.T) {
	r := start(t, []string{"-pprof", "127.0.0.1:0"}, nil)
	addr := regexp.MustCompile(`profiles on (http://127\.0\.0\.1:\d+)/debug/pprof/`)
	var m []string
	for deadline := time.Now().Add(10 * time.Second); m == nil && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		m = addr.FindStringSubmatch(r.stderr.String())
	}
	if m == nil {
		t.Fatalf("no profile address on stderr: %s", r.stderr.String())
	}
	resp, err := http.Get(m[1] + "/debug/pprof/heap?debug=1")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "heap profile") {
		t.Fatalf("heap profile: %d %.200s", resp.StatusCode, body)
	}
	// The API's listener does not serve them.
	if resp, err = http.Get(r.url + "/debug/pprof/"); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		t.Fatalf("the API listener serves /debug/pprof/")
	}
}

// TestPprofLoopbackOnly checks that -pprof refuses an address other
// machines could reach.
func TestPprofLoopbackOnly(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"-listen", "127.0.0.1:0", "-pprof", "0.0.0.0:0"}, noEnv, &stdout, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), "loopback") {
		t.Fatalf("exit %d, stderr %s", code, stderr.String())
	}
}
