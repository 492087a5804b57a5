package main

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ecs-conformance/ecs-conformance/emulator"
	"github.com/ecs-conformance/ecs-conformance/internal/client"
)

// EnvFlood turns on TestNonceFlood, a measurement that takes minutes.
const EnvFlood = "ECSEMU_FLOOD"

// TestNonceFlood measures what remembering nonces costs ecsemu: it builds
// and starts the binary, sends one key's worth of accepted requests past the
// nonce cap, and reads the process's RSS from /proc/PID/status before and
// after. It is a measurement, not a timed test, and runs only when asked:
//
//	ECSEMU_FLOOD=1 go test -count=1 -run TestNonceFlood -v -timeout 90m ./cmd/ecsemu/
//
// ECSEMU_FLOOD=N sends N requests per scenario (default: 5,000 above the
// cap, emulator.DefaultNonceCap).
func TestNonceFlood(t *testing.T) {
	v := os.Getenv(EnvFlood)
	if v == "" {
		t.Skipf("a measurement of minutes; set %s=1 (or a request count) to run it", EnvFlood)
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 1 {
		n = emulator.DefaultNonceCap + 5000
	}
	bin := filepath.Join(t.TempDir(), "ecsemu")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	pad := strings.Repeat("p", 60<<10)
	scenarios := []struct {
		name   string
		scheme client.Scheme
		pad    string // an ignored parameter of this size rides along
		nonce  func(i int) string
		want   int // status every request must get
		count  int
	}{
		// Plain requests as SDKs send them, fast enough to count what the
		// nonces alone cost: -run 'TestNonceFlood/V3,_32-byte_nonces'.
		{"V3, 32-byte nonces, no padding", client.SchemeV3, "", func(i int) string { return fmt.Sprintf("%032x", i) }, 200, n},
		{"RPC, 60 KiB ignored parameter, 32-byte nonces", client.SchemeRPC, pad, func(i int) string { return fmt.Sprintf("%032x", i) }, 200, n},
		{"V3, 60 KiB ignored parameter, 128-byte nonces (the bound)", client.SchemeV3, pad, func(i int) string { return fmt.Sprintf("%0128x", i) }, 200, n},
		{"V3, 60 KiB nonces (refused)", client.SchemeV3, "", func(i int) string { return fmt.Sprintf("%061440x", i) }, 400, min(n/7, 10000)},
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, bin, "-listen", "127.0.0.1:0", "-log-format", "json")
			stdout, _ := cmd.StdoutPipe()
			cmd.Stderr = nil // one log line per request: discarded
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer func() {
				cmd.Process.Signal(os.Interrupt)
				cmd.Wait()
			}()
			line, err := bufio.NewReader(stdout).ReadString('\n')
			if err != nil {
				t.Fatal(err)
			}
			base := strings.TrimSpace(strings.TrimPrefix(line, "ecsemu listening on "))
			send := flooder(t, base, sc.scheme, sc.pad, sc.nonce)
			// Warm up: the first requests allocate pools, buffers and the
			// first nonce ring; growth is measured from here.
			if err := send(ctx, 0, 200, sc.want); err != nil {
				t.Fatal(err)
			}
			before := procStatus(t, cmd.Process.Pid)
			begin := time.Now()
			if err := send(ctx, 200, sc.count, sc.want); err != nil {
				t.Fatal(err)
			}
			took := time.Since(begin)
			after := procStatus(t, cmd.Process.Pid)
			t.Logf("%d requests in %v; VmRSS %d → %d MiB (growth %+d MiB), VmHWM %d MiB",
				sc.count-200, took.Round(time.Second), before["VmRSS"]>>10, after["VmRSS"]>>10, (after["VmRSS"]-before["VmRSS"])>>10, after["VmHWM"]>>10)
			if growth := after["VmRSS"] - before["VmRSS"]; growth > 64<<10 {
				t.Errorf("RSS grew %d MiB; the bound per key at the cap is 64 MiB", growth>>10)
			}
		})
	}
}

// flooder returns a function that sends requests from..to with two
// connections, signed with the default key, and fails on any other status
// than want.
func flooder(t *testing.T, base string, scheme client.Scheme, pad string, nonce func(int) string) func(ctx context.Context, from, to, want int) error {
	return func(ctx context.Context, from, to, want int) error {
		var next atomic.Int64
		next.Store(int64(from))
		var wg sync.WaitGroup
		errs := make(chan error, 2)
		hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 2}}
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for ctx.Err() == nil {
					i := int(next.Add(1)) - 1
					if i >= to {
						return
					}
					c, err := client.New(client.Config{Endpoint: base, AccessKeyID: emulator.DefaultAccessKeyID, AccessKeySecret: emulator.DefaultAccessKeySecret,
						Scheme: scheme, HTTPClient: hc, Nonce: func() string { return nonce(i) }})
					if err != nil {
						errs <- err
						return
					}
					p := url.Values{"RegionId": {"cn-hangzhou"}, "MaxResults": {"1"}}
					if pad != "" {
						p.Set("Padding", pad)
					}
					resp, err := c.Do(ctx, client.Request{Action: "DescribeSecurityGroups", Params: p})
					if err != nil {
						errs <- err
						return
					}
					if resp.StatusCode != want {
						errs <- fmt.Errorf("request %d: %d %s, want %d", i, resp.StatusCode, resp.Body, want)
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		return <-errs
	}
}

// procStatus reads the kB figures of /proc/PID/status.
func procStatus(t *testing.T, pid int) map[string]int64 {
	t.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, line := range strings.Split(string(data), "\n") {
		name, rest, ok := strings.Cut(line, ":")
		if f := strings.Fields(rest); ok && len(f) == 2 && f[1] == "kB" {
			out[name], _ = strconv.ParseInt(f[0], 10, 64)
		}
	}
	return out
}
