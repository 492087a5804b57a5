package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/ecs-conformance/ecs-conformance/emulator"
	"github.com/ecs-conformance/ecs-conformance/internal/client"
)

// noEnv is an empty environment.
func noEnv(string) string { return "" }

func emptyFile(t *testing.T) string {
	p := filepath.Join(t.TempDir(), "empty")
	os.WriteFile(p, []byte("\n"), 0o600)
	return p
}

// TestBadFlags checks that each bad command line exits 2 with a message
// saying what was wrong.
func TestBadFlags(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-access-key-id", "X"}, "go together"},
		{[]string{"-access-key-secret", "X"}, "go together"},
		{[]string{"-throttle", "2"}, "outside 0..1"},
		{[]string{"-throttle", "0.6", "-unavailable", "0.6"}, "add up"},
		{[]string{"-latency", "-1s"}, "latency"},
		{[]string{"-latency", "soon"}, "invalid value"},
		{[]string{"-log-format", "xml"}, "text or json"},
		{[]string{"-nope"}, "not defined"},
		{[]string{"extra"}, "unexpected argument"},
		{[]string{"-fixtures", filepath.Join(t.TempDir(), "missing.yaml")}, "-fixtures"},
		{[]string{"-access-key-id", "X", "-access-key-secret", "S", "-access-key-secret-file", "f"}, "give one"},
		{[]string{"-access-key-id", "X", "-access-key-secret-file", filepath.Join(t.TempDir(), "none")}, "-access-key-secret-file"},
		{[]string{"-access-key-id", "X", "-access-key-secret-file", emptyFile(t)}, "one line"},
		{[]string{"-control=false", "-control-token", "T"}, "-control=false"},
		{[]string{"-tls-cert", "c.pem"}, "-tls-key"},
		{[]string{"-tls-cert", "c", "-tls-key", "k", "-tls-self-signed", "d"}, "not both"},
		{[]string{"-read-timeout", "-1s"}, "-read-timeout"},
		{[]string{"-max-conns", "-1"}, "-max-conns"},
		{[]string{"-latency", "30s", "-write-timeout", "10s"}, "-write-timeout"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(context.Background(), tt.args, noEnv, &stdout, &stderr); code != 2 {
				t.Fatalf("exit %d, want 2; stderr: %s", code, stderr.String())
			}
			if !strings.Contains(stderr.String(), tt.want) {
				t.Fatalf("stderr does not say %q:\n%s", tt.want, stderr.String())
			}
		})
	}
}

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServe starts ecsemu on a free port with a key pair and a fixture
// file, signs a request with that pair, and stops it as SIGINT would.
func TestServe(t *testing.T) {
	fixture := filepath.Join(t.TempDir(), "groups.yaml")
	os.WriteFile(fixture, []byte("securityGroups:\n  - {SecurityGroupId: sg-cmd1, RegionId: cn-hangzhou, SecurityGroupType: normal, CreationTime: 2024-01-02T03:04:05Z}\n"), 0o600)
	const id, secret = "LTAI5tCommandLineKey", "CommandLineSecret0123456789"
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	pr, pw := io.Pipe()
	var stderr syncBuffer
	exit := make(chan int, 1)
	go func() {
		exit <- run(ctx, []string{"-listen", "127.0.0.1:0", "-access-key-id", id, "-access-key-secret", secret,
			"-fixtures", fixture, "-log-format", "json"}, noEnv, pw, &stderr)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("no address printed: %v; stderr: %s", err, stderr.String())
	}
	go io.Copy(io.Discard, pr)
	addr, ok := strings.CutPrefix(strings.TrimSpace(line), "ecsemu listening on ")
	if !ok || !strings.HasPrefix(addr, "http://127.0.0.1:") || strings.HasSuffix(addr, ":0") {
		t.Fatalf("printed %q", line)
	}
	c, err := client.New(client.Config{Endpoint: addr, AccessKeyID: id, AccessKeySecret: secret})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.Do(context.Background(), client.Request{Action: "DescribeSecurityGroups", Params: url.Values{"RegionId": {"cn-hangzhou"}}})
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || !strings.Contains(string(resp.Body), "sg-cmd1") {
		t.Fatalf("%d %s", resp.StatusCode, resp.Body)
	}
	// The other default keys stay: the denied one is answered Forbidden.RAM.
	denied, _ := client.New(client.Config{Endpoint: addr, AccessKeyID: emulator.DeniedAccessKeyID, AccessKeySecret: emulator.DeniedAccessKeySecret})
	if resp, err = denied.Do(context.Background(), client.Request{Action: "DescribeSecurityGroups", Params: url.Values{"RegionId": {"cn-hangzhou"}}}); err != nil || resp.StatusCode != 403 {
		t.Fatalf("denied key: %v %v", err, resp)
	}
	h, err := http.Get(addr + "/_emulator/health")
	if err != nil {
		t.Fatal(err)
	}
	var health struct {
		Status string
		Groups int
	}
	json.NewDecoder(h.Body).Decode(&health)
	h.Body.Close()
	if health.Status != "ok" || health.Groups != 1 {
		t.Fatalf("health %+v", health)
	}
	stop()
	if code := <-exit; code != 0 {
		t.Fatalf("exit %d; stderr: %s", code, stderr.String())
	}
	log := stderr.String()
	if strings.Count(log, `"msg":"request"`) != 2 || strings.Count(log, `"msg":"control"`) != 1 || strings.Contains(log, secret) || strings.Contains(log, id) {
		t.Fatalf("log:\n%s", log)
	}
}
