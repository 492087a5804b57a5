package emulator

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/ecs-conformance/ecs-conformance/internal/client"
)

// controlCall is one call to a control endpoint over a socket.
type controlCall struct {
	method, path, contentType, body string
	origin, host, token             string
}

func (c controlCall) send(t *testing.T, base string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(c.method, base+c.path, strings.NewReader(c.body))
	if err != nil {
		t.Fatal(err)
	}
	if c.contentType != "" {
		req.Header.Set("Content-Type", c.contentType)
	}
	if c.origin != "" {
		req.Header.Set("Origin", c.origin)
	}
	if c.host != "" {
		req.Host = c.host
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// controlState is what a control call can change.
type controlState struct {
	groups, nonces int
	faults         Faults
}

func stateOf(s *Server) controlState {
	return controlState{groups: s.Store().Len(), nonces: s.nonces.size(), faults: s.Faults()}
}

// TestControlRefusesWebPages sends what a page in a browser can send to a
// loopback port, to every endpoint that changes something, and checks that
// each is refused with its reason and changes nothing; then that the same
// call from a program is served.
func TestControlRefusesWebPages(t *testing.T) {
	s := newTestServer(t, nil)
	srv := httptest.NewServer(s)
	defer srv.Close()
	// A remembered nonce, so that a reset that went through would show.
	wantPage(t, do(t, defaultClient(t, s, client.SchemeV3), client.Request{Params: region}))
	before := stateOf(s)
	if before.nonces == 0 {
		t.Fatal("no nonce remembered to protect")
	}
	bodies := map[string]string{
		"/_emulator/fixtures": `{"securityGroups":[]}`,
		"/_emulator/faults":   `{"seed":1,"internalError":1}`,
		"/_emulator/reset":    ``,
	}
	attacks := []struct {
		name      string
		call      controlCall
		status    int
		errorSays string
	}{
		{"text/plain form from a foreign page", controlCall{contentType: "text/plain", origin: "https://evil.example", host: "evil.example:80"}, 403, "Origin"},
		{"text/plain with a foreign Origin", controlCall{contentType: "text/plain", origin: "https://evil.example"}, 403, "Origin"},
		{"JSON with a foreign Origin", controlCall{contentType: "application/json", origin: "https://evil.example"}, 403, "Origin"},
		{"JSON with Origin null (sandboxed frame)", controlCall{contentType: "application/json", origin: "null"}, 403, "Origin"},
		{"JSON with a same-host Origin", controlCall{contentType: "application/json", origin: "http://127.0.0.1"}, 403, "Origin"},
		{"DNS rebinding: foreign Host, no Origin", controlCall{contentType: "application/json", host: "rebind.evil.example:8080"}, 403, "Host"},
		{"foreign Host that looks like loopback", controlCall{contentType: "application/json", host: "127.0.0.1.evil.example"}, 403, "Host"},
		{"text/plain without Origin", controlCall{contentType: "text/plain"}, 415, "Content-Type"},
		{"form encoding", controlCall{contentType: "application/x-www-form-urlencoded"}, 415, "Content-Type"},
		{"multipart", controlCall{contentType: "multipart/form-data; boundary=x"}, 415, "Content-Type"},
		{"no Content-Type", controlCall{}, 415, "Content-Type"},
		{"garbled Content-Type", controlCall{contentType: "application/json;;=="}, 415, "Content-Type"},
	}
	for _, path := range []string{"/_emulator/fixtures", "/_emulator/faults", "/_emulator/reset"} {
		for _, a := range attacks {
			t.Run(strings.TrimPrefix(path, "/_emulator/")+"/"+a.name, func(t *testing.T) {
				c := a.call
				c.method, c.path, c.body = "POST", path, bodies[path]
				status, body := c.send(t, srv.URL)
				var e struct{ Error string }
				json.Unmarshal([]byte(body), &e)
				if status != a.status || !strings.Contains(e.Error, a.errorSays) {
					t.Fatalf("%d %s; want %d with an error naming %s", status, body, a.status, a.errorSays)
				}
				if after := stateOf(s); after != before {
					t.Fatalf("a refused call changed the emulator: %+v, was %+v", after, before)
				}
			})
		}
	}
	// The same calls from a program go through: the guard refuses the
	// page, not the call.
	for _, host := range []string{"", "localhost:1234", "[::1]:8080", "127.0.0.2"} {
		c := controlCall{method: "POST", path: "/_emulator/faults", contentType: "application/json; charset=utf-8", body: `{"seed":3}`, host: host}
		if status, body := c.send(t, srv.URL); status != 200 {
			t.Errorf("Host %q: %d %s", host, status, body)
		}
	}
	c := controlCall{method: "POST", path: "/_emulator/reset", contentType: "application/json"}
	if status, body := c.send(t, srv.URL); status != 200 || s.nonces.size() != 0 {
		t.Errorf("reset from a program: %d %s, %d nonces left", status, body, s.nonces.size())
	}
	c = controlCall{method: "POST", path: "/_emulator/fixtures", contentType: "text/yaml", body: "securityGroups: []\n"}
	if status, body := c.send(t, srv.URL); status != 200 || s.Store().Len() != 0 {
		t.Errorf("YAML fixtures from a program: %d %s", status, body)
	}
}

// TestControlHosts checks that ControlOptions.Hosts adds the listen address
// or an in-process name, and nothing else.
func TestControlHosts(t *testing.T) {
	s := newTestServer(t, func(o *Options) { o.Control.Hosts = []string{"192.0.2.7:8080", "emulator.local"} })
	for _, tt := range []struct {
		host string
		ok   bool
	}{
		{"192.0.2.7:8080", true}, {"EMULATOR.local", true}, {"127.0.0.1:8080", true}, {"localhost", true},
		{"192.0.2.7:8081", false}, {"192.0.2.7", false}, {"emulator.local.evil", false}, {"", false}, {"[::2]:80", false},
	} {
		if got := s.controlHostAllowed(tt.host); got != tt.ok {
			t.Errorf("Host %q allowed %v, want %v", tt.host, got, tt.ok)
		}
	}
}

// TestControlToken checks that with a token every control endpoint needs
// it, that a wrong or malformed one is refused and changes nothing, and
// that the API does not care.
func TestControlToken(t *testing.T) {
	const token = "control-token-0123456789"
	s := newTestServer(t, func(o *Options) { o.Control.Token = token })
	srv := httptest.NewServer(s)
	defer srv.Close()
	before := stateOf(s)
	for _, path := range []string{"/_emulator/health", "/_emulator/faults", "/_emulator/reset", "/_emulator/fixtures"} {
		method := "POST"
		if path == "/_emulator/health" {
			method = "GET"
		}
		for _, tok := range []string{"", "wrong", token + "x", token[:len(token)-1], "bearer " + token} {
			c := controlCall{method: method, path: path, contentType: "application/json", body: `{"seed":5,"throttle":1}`, token: tok}
			if status, body := c.send(t, srv.URL); status != 401 || !strings.Contains(body, "control token") {
				t.Errorf("%s %s with token %q: %d %s", method, path, tok, status, body)
			}
		}
		// The scheme name must be "Bearer"; a Basic header is not a token.
		req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(`{}`))
		req.Header.Set("Content-Type", "application/json")
		req.SetBasicAuth("x", token)
		if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 401 || resp.Header.Get("WWW-Authenticate") == "" {
			t.Errorf("%s %s with Basic auth: %v %v", method, path, err, resp)
		} else {
			resp.Body.Close()
		}
	}
	if after := stateOf(s); after != before {
		t.Fatalf("refused calls changed the emulator: %+v, was %+v", after, before)
	}
	c := controlCall{method: "POST", path: "/_emulator/faults", contentType: "application/json", body: `{"seed":5}`, token: token}
	if status, body := c.send(t, srv.URL); status != 200 || s.Faults().Seed != 5 {
		t.Fatalf("with the token: %d %s", status, body)
	}
	// The API is signed, not tokened.
	wantPage(t, do(t, defaultClient(t, s, client.SchemeRPC), client.Request{Params: region}))
}

// TestControlDisabled checks that Control.Disabled removes every control
// endpoint: they answer as paths the API does not serve, and change nothing.
func TestControlDisabled(t *testing.T) {
	s := newTestServer(t, func(o *Options) { o.Control.Disabled = true })
	srv := httptest.NewServer(s)
	defer srv.Close()
	before := stateOf(s)
	for _, c := range []controlCall{
		{method: "GET", path: "/_emulator/health"},
		{method: "GET", path: "/_emulator/faults"},
		{method: "POST", path: "/_emulator/faults", contentType: "application/json", body: `{"throttle":1}`},
		{method: "POST", path: "/_emulator/reset", contentType: "application/json"},
		{method: "POST", path: "/_emulator/fixtures", contentType: "application/json", body: `{"securityGroups":[]}`},
	} {
		status, body := c.send(t, srv.URL)
		var e errorBody
		if err := json.Unmarshal([]byte(body), &e); err != nil || status != 404 || e.Code != "InvalidAction.NotFound" {
			t.Errorf("%s %s: %d %s; want the API's 404 InvalidAction.NotFound", c.method, c.path, status, body)
		}
	}
	if after := stateOf(s); after != before {
		t.Fatalf("a disabled control plane changed the emulator: %+v, was %+v", after, before)
	}
}

// TestControlLogged checks one log line per control call, refused or not,
// without the token.
func TestControlLogged(t *testing.T) {
	var buf syncBuf
	const token = "log-me-not-0123456789"
	s := newTestServer(t, func(o *Options) {
		o.Logger = slog.New(slog.NewJSONHandler(&buf, nil))
		o.Control.Token = token
	})
	srv := httptest.NewServer(s)
	defer srv.Close()
	controlCall{method: "GET", path: "/_emulator/health", token: token}.send(t, srv.URL)
	controlCall{method: "POST", path: "/_emulator/reset", contentType: "text/plain", origin: "https://evil.example", token: token}.send(t, srv.URL)
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d log lines for 2 control calls:\n%s", len(lines), buf.String())
	}
	for i, want := range []struct {
		method, path string
		status       float64
	}{{"GET", "/_emulator/health", 200}, {"POST", "/_emulator/reset", 403}} {
		var l map[string]any
		if err := json.Unmarshal([]byte(lines[i]), &l); err != nil {
			t.Fatal(err)
		}
		if l["msg"] != "control" || l["method"] != want.method || l["path"] != want.path || l["status"] != want.status || l["remote"] == "" {
			t.Errorf("line %d: %s", i, lines[i])
		}
	}
	if strings.Contains(buf.String(), token) {
		t.Errorf("the log holds the control token:\n%s", buf.String())
	}
}

// syncBuf is a bytes.Buffer safe for a server's goroutines.
type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
