package proxy

import (
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecs-conformance/ecs-conformance/internal/client"
)

func TestControlPathGuards(t *testing.T) {
	_, srv := newProxy(t, Options{Mode: ModeRecord, Cassettes: t.TempDir(), Upstream: mustURL(t, emulatorServer(t).URL)})
	tests := []struct {
		name, method, path, contentType, body string
		header                                map[string]string
		host                                  string
		status                                int
		inBody                                string
	}{
		{"health", "GET", "health", "", "", nil, "", 200, `"mode":"record"`},
		{"unknown endpoint", "GET", "nothing", "", "", nil, "", 404, "no control endpoint"},
		{"wrong method", "GET", "recordings/start", "", "", nil, "", 405, "use POST"},
		{"from a web page", "GET", "health", "", "", map[string]string{"Origin": "https://evil.example"}, "", 403, "Origin"},
		{"DNS rebinding", "GET", "health", "", "", nil, "evil.example:8091", 403, "evil.example"},
		{"not JSON", "POST", "recordings/start", "text/plain", `{"name":"a"}`, nil, "", 415, "application/json"},
		{"a bad name", "POST", "recordings/start", "application/json", `{"name":"../up"}`, nil, "", 400, "recording name"},
		{"an unknown field", "POST", "recordings/start", "application/json", `{"name":"a","x":1}`, nil, "", 400, "unknown field"},
		{"stop what never started", "POST", "recordings/stop", "application/json", `{"name":"never"}`, nil, "", 404, "no recording never is active"},
		{"start", "POST", "recordings/start", "application/json", `{"name":"suite/a"}`, nil, "", 200, `"name":"suite/a"`},
		{"start it again while recording", "POST", "recordings/start", "application/json", `{"name":"suite/a"}`, nil, "", 409, "already being recorded"},
		{"list", "GET", "recordings", "", "", nil, "", 200, `"suite/a"`},
		{"stop", "POST", "recordings/stop", "application/json", `{"name":"suite/a"}`, nil, "", 200, `"summary":"recording suite/a (record): 0 requests`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := http.NewRequest(tt.method, srv.URL+ControlPrefix+tt.path, strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			if tt.contentType != "" {
				r.Header.Set("Content-Type", tt.contentType)
			}
			for k, v := range tt.header {
				r.Header.Set(k, v)
			}
			if tt.host != "" {
				r.Host = tt.host
			}
			resp, err := http.DefaultClient.Do(r)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.status || !strings.Contains(string(body), tt.inBody) {
				t.Errorf("%d %s, want %d with %q", resp.StatusCode, body, tt.status, tt.inBody)
			}
		})
	}
}

// TestControlStartAndStopWriteTheCassette records a recording started and
// stopped through the control path, and rewinds a playback with start.
func TestControlStartAndStopWriteTheCassette(t *testing.T) {
	dir := t.TempDir()
	_, srv := newProxy(t, Options{Mode: ModeRecord, Cassettes: dir, Upstream: mustURL(t, emulatorServer(t).URL)})
	post := func(base, path, body string) int {
		resp, err := http.Post(base+ControlPrefix+path, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if s := post(srv.URL, "recordings/start", `{"name":"ctl"}`); s != 200 {
		t.Fatal(s)
	}
	c := signed(t, srv.URL, client.SchemeRPC, recordingClient("ctl"), realisticSecret)
	plain := client.Request{Params: url.Values{"RegionId": {"cn-hangzhou"}}}
	describe(t, c, plain)
	if _, err := os.Stat(filepath.Join(dir, "ctl.yaml")); err == nil {
		t.Fatal("the cassette was written before the recording stopped")
	}
	report := stopReport(t, srv.URL, "ctl")
	if report["requests"].(float64) != 1 || report["cassette"] != filepath.Join(dir, "ctl.yaml") {
		t.Errorf("stop answered %v", report)
	}
	if _, err := os.Stat(filepath.Join(dir, "ctl.yaml")); err != nil {
		t.Fatalf("stop wrote no cassette: %v", err)
	}
	// A late request must not start the recording afresh: its next stop
	// would overwrite the cassette.
	if resp := describe(t, c, plain); resp.StatusCode != http.StatusConflict || !strings.Contains(string(resp.Body), "start it again first") {
		t.Errorf("a request to a stopped recording: %d %s", resp.StatusCode, resp.Body)
	}

	_, psrv := newProxy(t, Options{Mode: ModePlayback, Cassettes: dir})
	c = signed(t, psrv.URL, client.SchemeRPC, recordingClient("ctl"), realisticSecret)
	for round := range 2 {
		if s := post(psrv.URL, "recordings/start", `{"name":"ctl"}`); s != 200 {
			t.Fatalf("round %d: start %d", round, s)
		}
		if resp := describe(t, c, plain); resp.StatusCode != 200 {
			t.Errorf("round %d of a playback started (or rewound) by the control path: %d %s", round, resp.StatusCode, resp.Body)
		}
	}
}
