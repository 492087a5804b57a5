package main

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecs-conformance/ecs-conformance/internal/client"
	"github.com/ecs-conformance/ecs-conformance/internal/httpserve"
)

// running is an ecsemu started by start.
type running struct {
	url    string
	lines  []string // what it printed on stdout after the address line
	stderr *syncBuffer
}

// start runs ecsemu with args and env until the test ends, and returns
// once it printed its address (and the CA line, with -tls-self-signed).
func start(t *testing.T, args []string, env map[string]string) *running {
	t.Helper()
	ctx, stop := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	r := &running{stderr: &syncBuffer{}}
	exit := make(chan int, 1)
	go func() {
		exit <- run(ctx, append([]string{"-listen", "127.0.0.1:0"}, args...), func(k string) string { return env[k] }, pw, r.stderr)
		pw.Close()
	}()
	t.Cleanup(func() {
		stop()
		if code := <-exit; code != 0 {
			t.Errorf("exit %d; stderr: %s", code, r.stderr.String())
		}
	})
	br := bufio.NewReader(pr)
	line, err := br.ReadString('\n')
	if err != nil {
		t.Fatalf("no address printed: %v; stderr: %s", err, r.stderr.String())
	}
	var ok bool
	if r.url, ok = strings.CutPrefix(strings.TrimSpace(line), "ecsemu listening on "); !ok {
		t.Fatalf("printed %q", line)
	}
	if strings.HasPrefix(r.url, "https://") {
		line, _ = br.ReadString('\n')
		r.lines = append(r.lines, strings.TrimSpace(line))
	}
	go io.Copy(io.Discard, br)
	return r
}

// describe signs one request with id and secret over hc and returns its status.
func describe(t *testing.T, base, id, secret string, hc *http.Client) int {
	t.Helper()
	c, err := client.New(client.Config{Endpoint: base, AccessKeyID: id, AccessKeySecret: secret, HTTPClient: hc})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.Do(context.Background(), client.Request{Action: "DescribeSecurityGroups", Params: url.Values{"RegionId": {"cn-hangzhou"}}})
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode
}

// TestSecretSources checks that the secret is taken from the environment,
// from a file and from the flag, that only the flag warns, and that the
// other sources keep it off the command line.
func TestSecretSources(t *testing.T) {
	const id, secret = "LTAI5tSecretSourceKey", "SecretSourceSecret0123456789"
	file := filepath.Join(t.TempDir(), "secret")
	os.WriteFile(file, []byte(secret+"\n"), 0o600)
	tests := []struct {
		name string
		args []string
		env  map[string]string
		warn bool
	}{
		{"environment", []string{"-access-key-id", id}, map[string]string{EnvKeySecret: secret}, false},
		{"environment for both", nil, map[string]string{EnvKeyID: id, EnvKeySecret: secret}, false},
		{"file", []string{"-access-key-id", id, "-access-key-secret-file", file}, nil, false},
		{"flag", []string{"-access-key-id", id, "-access-key-secret", secret}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, a := range tt.args {
				if a == secret && !tt.warn {
					t.Fatal("the secret is on this command line")
				}
			}
			r := start(t, tt.args, tt.env)
			if got := describe(t, r.url, id, secret, nil); got != 200 {
				t.Fatalf("signed with the configured pair: %d; stderr: %s", got, r.stderr.String())
			}
			if got := describe(t, r.url, id, "wrong"+secret, nil); got != 400 {
				t.Fatalf("a wrong secret: %d", got)
			}
			if warned := strings.Contains(r.stderr.String(), "visible to every user"); warned != tt.warn {
				t.Fatalf("warning %v, want %v; stderr: %s", warned, tt.warn, r.stderr.String())
			}
			if strings.Contains(r.stderr.String(), secret) {
				t.Fatalf("stderr holds the secret: %s", r.stderr.String())
			}
		})
	}
}

func status(t *testing.T, method, u, token string) int {
	t.Helper()
	req, _ := http.NewRequest(method, u, strings.NewReader("{}"))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestControlFlags checks -control=false and the control token from the
// environment.
func TestControlFlags(t *testing.T) {
	off := start(t, []string{"-control=false"}, nil)
	for _, p := range []string{"health", "faults", "reset"} {
		if got := status(t, "GET", off.url+"/_emulator/"+p, ""); got != 404 {
			t.Errorf("-control=false: GET %s answered %d", p, got)
		}
	}
	const token = "env-control-token-0123"
	on := start(t, nil, map[string]string{EnvControlToken: token})
	if got := status(t, "POST", on.url+"/_emulator/reset", ""); got != 401 {
		t.Errorf("reset without the token: %d", got)
	}
	if got := status(t, "POST", on.url+"/_emulator/reset", token); got != 200 {
		t.Errorf("reset with the token: %d", got)
	}
	if strings.Contains(on.stderr.String(), token) {
		t.Errorf("stderr holds the token: %s", on.stderr.String())
	}
}

// TestServeTLS starts ecsemu with -tls-self-signed and checks that a client
// trusting the printed CA file gets a signed answer over HTTPS, and one
// that does not is refused at the handshake.
func TestServeTLS(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "tls")
	r := start(t, []string{"-tls-self-signed", dir}, nil)
	if !strings.HasPrefix(r.url, "https://127.0.0.1:") || len(r.lines) != 1 || !strings.HasSuffix(r.lines[0], filepath.Join(dir, httpserve.CAFile)) {
		t.Fatalf("printed %q then %q", r.url, r.lines)
	}
	pem, err := os.ReadFile(filepath.Join(dir, httpserve.CAFile))
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	trusting := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	if got := describe(t, r.url, "LTAI5tEmulatorDefault0001", "EmulatorDefaultSecret0000000000001", trusting); got != 200 {
		t.Fatalf("over HTTPS with the CA: %d", got)
	}
	if _, err := http.Get(r.url + "/_emulator/health"); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("a client without the CA: %v", err)
	}
}

// TestExposureWarning checks what the warning of a non-loopback listen
// address names, without listening there.
func TestExposureWarning(t *testing.T) {
	tests := []struct {
		args []string
		env  map[string]string
		want []string
		not  []string
	}{
		{[]string{"-listen", "0.0.0.0:8080"}, nil, []string{"0.0.0.0:8080", "published default keys", "control endpoints", "without a token", "plain HTTP"}, nil},
		{[]string{"-listen", "192.0.2.1:8080", "-no-auth", "-control=false"}, nil, []string{"without authentication"}, []string{"control endpoints"}},
		{[]string{"-listen", ":8080"}, map[string]string{EnvControlToken: "t"}, []string{"behind the control token"}, []string{"without a token"}},
	}
	for _, tt := range tests {
		cfg, err := parseFlags(tt.args, func(k string) string { return tt.env[k] }, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		w := httpserve.ExposureWarning("ecsemu", cfg.listen, cfg.exposed())
		for _, s := range tt.want {
			if !strings.Contains(w, s) {
				t.Errorf("%v: warning %q lacks %q", tt.args, w, s)
			}
		}
		for _, s := range tt.not {
			if strings.Contains(w, s) {
				t.Errorf("%v: warning %q says %q", tt.args, w, s)
			}
		}
	}
	if cfg, _ := parseFlags(nil, noEnv, io.Discard); httpserve.ExposureWarning("ecsemu", cfg.listen, cfg.exposed()) != "" {
		t.Error("the default listen address warns")
	}
}

// TestControlHostsFlag checks that -control-hosts reaches the emulator's
// control plane: a Host it names is served, another is refused.
func TestControlHostsFlag(t *testing.T) {
	r := start(t, []string{"-control-hosts", "ecsemu.ci:8080, other.ci"}, nil)
	for host, want := range map[string]int{"ecsemu.ci:8080": 200, "other.ci": 200, "evil.example": 403} {
		req, _ := http.NewRequest("GET", r.url+"/_emulator/health", nil)
		req.Host = host
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("Host %s: %d, want %d", host, resp.StatusCode, want)
		}
	}
}

// TestSplitWritesSameAnswers: -split-writes changes how answers are written
// (net/http's 4 KiB pieces instead of one write), never what they say.
// internal/httpserve counts the writes; here the bytes of a long page, a
// short error and the control endpoint must match over both.
func TestSplitWritesSameAnswers(t *testing.T) {
	paths := []string{
		"/?Action=DescribeSecurityGroups&RegionId=cn-hangzhou&MaxResults=50&Version=2014-05-26",
		"/?Action=DescribeSecurityGroups&RegionId=nowhere&Version=2014-05-26",
		"/_emulator/health",
	}
	answers := map[bool][]string{}
	for _, split := range []bool{false, true} {
		args := []string{"-no-auth", "-deterministic"}
		if split {
			args = append(args, "-split-writes")
		}
		if cfg, err := parseFlags(args, noEnv, io.Discard); err != nil || cfg.splitWrites != split {
			t.Fatalf("%v: splitWrites %v, %v; want %v", args, cfg.splitWrites, err, split)
		}
		r := start(t, args, nil)
		for _, p := range paths {
			resp, err := http.Get(r.url + p)
			if err != nil {
				t.Fatal(err)
			}
			b, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				t.Fatalf("split %v %s: %v", split, p, err)
			}
			answers[split] = append(answers[split], resp.Status+"\n"+string(b))
		}
	}
	if len(answers[false][0]) < 8<<10 {
		t.Fatalf("the page is %d bytes: too short to need more than one write", len(answers[false][0]))
	}
	for i, p := range paths {
		if answers[false][i] != answers[true][i] {
			t.Errorf("%s answered differently with -split-writes:\n%.300s\n---\n%.300s", p, answers[false][i], answers[true][i])
		}
	}
}
