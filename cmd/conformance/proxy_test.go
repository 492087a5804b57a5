package main

import (
	"bufio"
	"context"
	"encoding/json"
	"net"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ecs-conformance/ecs-conformance/emulator"
	"github.com/ecs-conformance/ecs-conformance/internal/client"
	"github.com/ecs-conformance/ecs-conformance/runner/proxy"
	"github.com/ecs-conformance/ecs-conformance/runner/vcr"
)

// startProxy starts `conformance proxy args...` as a child process and
// returns it with the base URL it printed.
func startProxy(t *testing.T, dir string, args ...string) (*exec.Cmd, string, *syncBuffer) {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"proxy", "-listen", "127.0.0.1:0"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), childEnv+"=1")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr, rest syncBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	r := bufio.NewReader(stdout)
	line, err := r.ReadString('\n')
	if err != nil {
		t.Fatalf("the proxy printed no address: %v; stderr: %s", err, stderr.String())
	}
	go func() {
		for {
			l, err := r.ReadString('\n')
			rest.Write([]byte(l))
			if err != nil {
				return
			}
		}
	}()
	addr, ok := strings.CutPrefix(line, "proxy listening on ")
	if !ok {
		t.Fatalf("printed %q", line)
	}
	return cmd, strings.Fields(addr)[0], &rest
}

// TestProxyFlushesOnSIGTERM records through the proxy binary, stops it with
// SIGTERM, and plays the cassette back with the emulator gone.
func TestProxyFlushesOnSIGTERM(t *testing.T) {
	clearConfigEnv(t)
	dir := t.TempDir()
	emu, err := emulator.New(emulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	upstream := httptest.NewUnstartedServer(emu.Handler())
	upstream.Listener.Close()
	upstream.Listener = ln
	upstream.Start()
	defer upstream.Close()

	cmd, base, stdout := startProxy(t, dir, "-mode", "record", "-upstream", upstream.URL, "-cassettes", "rec", "-reports", "rep", "-recording", "sigterm")
	c, err := client.New(client.Config{Endpoint: base, AccessKeyID: emulator.DefaultAccessKeyID, AccessKeySecret: emulator.DefaultAccessKeySecret})
	if err != nil {
		t.Fatal(err)
	}
	calls := []url.Values{{"RegionId": {"cn-hangzhou"}}, {"RegionId": {"cn-hangzhou"}, "MaxResults": {"0"}}}
	var recorded []string
	for _, p := range calls {
		resp, err := c.Do(context.Background(), client.Request{Action: "DescribeSecurityGroups", Params: p})
		if err != nil {
			t.Fatal(err)
		}
		recorded = append(recorded, string(resp.Body))
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("the proxy did not stop cleanly on SIGTERM: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "rec", "sigterm.yaml")); err != nil {
		t.Fatalf("SIGTERM did not flush the recording: %v", err)
	}
	if s := stdout.String(); !strings.Contains(s, "proxy: recording sigterm (record): 2 requests, 1 broke the request contract") || !strings.Contains(s, "minimum MaxResults=0") {
		t.Errorf("summary line: %q", s)
	}
	var report proxy.Report
	data, err := os.ReadFile(filepath.Join(dir, "rep", "sigterm.json"))
	if err != nil || json.Unmarshal(data, &report) != nil || len(report.RequestViolations) != 1 || report.RequestViolations[0].Parameter != "MaxResults" {
		t.Errorf("report file: %v %s", err, data)
	}
	findings, err := vcr.ScanSecrets(filepath.Join(dir, "rec"), emulator.DefaultAccessKeyID, emulator.DefaultAccessKeySecret)
	if err != nil || len(findings) > 0 {
		t.Errorf("secret scan: %v %v", findings, err)
	}

	upstream.Close()
	ctx, stop := context.WithCancel(context.Background())
	var out, errs syncBuffer
	exit := make(chan int, 1)
	pl, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := pl.Addr().String()
	pl.Close()
	go func() {
		exit <- run(ctx, []string{"proxy", "-mode", "playback", "-listen", addr, "-cassettes", filepath.Join(dir, "rec"), "-reports", "", "-recording", "sigterm", "-strict"}, &out, &errs)
	}()
	c, err = client.New(client.Config{Endpoint: "http://" + addr, AccessKeyID: "LTAI5tAnyKeyForPlayback", AccessKeySecret: "any"})
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range calls {
		var resp *client.Response
		for range 50 { // until the child listens
			if resp, err = c.Do(context.Background(), client.Request{Action: "DescribeSecurityGroups", Params: p}); err == nil {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		if err != nil || string(resp.Body) != recorded[i] {
			t.Errorf("playback of call %d: %v %s, want %s", i, err, resp.Body, recorded[i])
		}
	}
	stop()
	if code := <-exit; code != exitFail {
		t.Errorf("-strict playback of a recording with a contract violation exited %d, want %d; stdout %s stderr %s", code, exitFail, out.String(), errs.String())
	}
}

func TestProxyCommandLineErrors(t *testing.T) {
	clearConfigEnv(t)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"proxy"}, `-mode "": use record, playback or live`},
		{[]string{"proxy", "-mode", "record"}, "needs an upstream URL"},
		{[]string{"proxy", "-mode", "playback", "-upstream", "http://127.0.0.1:1"}, "playback never dials"},
		{[]string{"proxy", "-mode", "live", "-upstream", "http://127.0.0.1:1", "-recording", "../x"}, "recording name"},
		{[]string{"proxy", "-mode", "live", "-upstream", "http://127.0.0.1:1", "-host", "elsewhere"}, "host policy"},
	} {
		_, stderr, code := conformance(t, t.TempDir(), tt.args...)
		if code != exitUsage || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d with %q", tt.args, code, stderr, exitUsage, tt.want)
		}
	}
}
