package proxy

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/ecs-conformance/ecs-conformance/emulator"
	"github.com/ecs-conformance/ecs-conformance/internal/client"
	"github.com/ecs-conformance/ecs-conformance/runner/vcr"
)

// A key pair that looks real (LTAI5t and 18 alphanumerics, a 30-character
// secret) and is not: the secret scan must find no trace of it in what the
// proxy records.
const (
	realisticKeyID  = "LTAI5tQm7RkXw2Vd9Lp3Hs8Z"
	realisticSecret = "q8ZrT2mVx5LkP9wNc3HbY7dFg4JsA1"
)

// loopback serves h on a fresh 127.0.0.1 port until the test ends.
func loopback(t testing.TB, h http.Handler) *httptest.Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(h)
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

// emulatorServer is an emulator on loopback that accepts the realistic
// key pair besides its defaults.
func emulatorServer(t testing.TB) *httptest.Server {
	t.Helper()
	keys := append(emulator.DefaultKeys(), emulator.AccessKey{ID: realisticKeyID, Secret: realisticSecret, Account: emulator.DefaultAccount})
	emu, err := emulator.New(emulator.Options{Keys: keys})
	if err != nil {
		t.Fatal(err)
	}
	return loopback(t, emu.Handler())
}

func mustURL(t testing.TB, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// newProxy starts a proxy with opts on loopback.
func newProxy(t testing.TB, opts Options) (*Proxy, *httptest.Server) {
	t.Helper()
	p, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return p, loopback(t, p)
}

// recordingClient is an http.Client that names its recording on every
// request, as an SDK test would with a header hook.
func recordingClient(name string) *http.Client {
	return &http.Client{Transport: headerTransport{name: RecordingHeader, value: name}}
}

type headerTransport struct{ name, value string }

func (h headerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set(h.name, h.value)
	return http.DefaultTransport.RoundTrip(r)
}

// signed returns the suite's signed client for endpoint with the realistic
// key, sending through hc.
func signed(t testing.TB, endpoint string, scheme client.Scheme, hc *http.Client, secret string) *client.Client {
	t.Helper()
	c, err := client.New(client.Config{Endpoint: endpoint, AccessKeyID: realisticKeyID, AccessKeySecret: secret, Scheme: scheme, HTTPClient: hc})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// outcome is what a client saw of one call: what must be the same in
// record and playback. Error bodies are compared by code: the recording
// keeps them sanitized (no nonce, no key) while the client saw them whole.
type outcome struct {
	status int
	code   string
	body   string // success bodies only
}

func outcomeOf(t testing.TB, resp *client.Response) outcome {
	t.Helper()
	o := outcome{status: resp.StatusCode}
	if e, ok := resp.APIError(); ok {
		o.code = e.Code
		return o
	}
	o.body = string(resp.Body)
	return o
}

func describe(t testing.TB, c *client.Client, r client.Request) *client.Response {
	t.Helper()
	if r.Action == "" {
		r.Action = "DescribeSecurityGroups"
	}
	resp, err := c.Do(context.Background(), r)
	if err != nil {
		t.Fatalf("%v: %v", r.Params, err)
	}
	return resp
}

// stopReport stops a recording through the control path and decodes the
// report it answers.
func stopReport(t testing.TB, base, name string) map[string]any {
	t.Helper()
	resp, err := http.Post(base+ControlPrefix+"recordings/stop", "application/json", strings.NewReader(`{"name":"`+name+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != 200 {
		t.Fatalf("stop %s: %d %v %v", name, resp.StatusCode, out, err)
	}
	return out
}

// faults posts an emulator control call through the proxy.
func faults(t testing.TB, hc *http.Client, base, body string) int {
	t.Helper()
	resp, err := hc.Post(base+vcr.ControlPrefix+"faults", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
