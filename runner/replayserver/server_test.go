package replayserver

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/ecs-conformance/ecs-conformance/runner/vcr"
)

// endpoint is the service being recorded: it numbers its answers and
// rejects a corrupted RPC signature.
type endpoint struct {
	mu sync.Mutex
	n  int
}

func (e *endpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	r.ParseForm()
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.Header().Set("X-Recorded-Header", "kept")
	if r.Form.Get("Signature") == "corrupted" {
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"Code":"SignatureDoesNotMatch"}`)
		return
	}
	e.n++
	fmt.Fprintf(w, `{"Answer":%d,"MaxResults":"%s"}`, e.n, r.Form.Get("MaxResults"))
}

// req describes a request; nonce varies between sends as with real clients.
type req struct {
	v3         bool
	maxResults string
	nonce      string
	kase       string
	corrupt    bool
	inBody     bool
}

func (q req) build(t testing.TB, base string) *http.Request {
	t.Helper()
	business := url.Values{"RegionId": {"cn-hangzhou"}, "MaxResults": {q.maxResults}, "Tag.1.Key": {"team name"}}
	query := url.Values{}
	if !q.v3 {
		sig := "c2lnbmF0dXJlIG9mIA" + q.nonce + "="
		if q.corrupt {
			sig = "corrupted"
		}
		query = url.Values{"Action": {"DescribeSecurityGroups"}, "Version": {"2014-05-26"}, "Format": {"JSON"},
			"AccessKeyId": {"LTAI5tReplayServerKey1"}, "SignatureMethod": {"HMAC-SHA1"}, "SignatureVersion": {"1.0"},
			"SignatureNonce": {q.nonce}, "Timestamp": {"2026-11-26T10:00:00Z"}, "Signature": {sig}}
	}
	var body io.Reader
	if q.inBody {
		body = strings.NewReader(business.Encode())
	} else {
		for k, v := range business {
			query[k] = v
		}
	}
	r, err := http.NewRequest(http.MethodPost, base+"/?"+query.Encode(), body)
	if err != nil {
		t.Fatal(err)
	}
	if q.inBody {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if q.v3 {
		r.Header.Set("x-acs-action", "DescribeSecurityGroups")
		r.Header.Set("x-acs-version", "2014-05-26")
		r.Header.Set("x-acs-date", "2026-11-26T10:00:00Z")
		r.Header.Set("x-acs-signature-nonce", q.nonce)
		r.Header.Set("Authorization", "ACS3-HMAC-SHA256 Credential=LTAI5tReplayServerKey1,SignedHeaders=host;x-acs-action,Signature=6217a0f1d443fd8bf17430f16553db496b7f4e80bfbb82a38501fb6cbb2dd52a"+q.nonce)
	}
	if q.kase != "" {
		r.Header.Set(vcr.CaseHeader, q.kase)
	}
	return r
}

// recordTree records cassettes through the vcr recorder, as `make record`
// would, and returns their directory:
//
//	emulator/op/a.yaml: #0 RPC MaxResults=10, #1 V3 MaxResults=20, #2 RPC corrupted signature (case bad-signature)
//	emulator/op/b.yaml: #0 RPC MaxResults=10
func recordTree(t testing.TB) string {
	t.Helper()
	srv := httptest.NewServer(&endpoint{})
	defer srv.Close()
	dir := t.TempDir()
	cassettes := []struct {
		name string
		reqs []req
	}{
		{"emulator/op/a", []req{{maxResults: "10", nonce: "a0"}, {v3: true, maxResults: "20", nonce: "a1"}, {maxResults: "10", nonce: "a2", kase: "bad-signature", corrupt: true}}},
		{"emulator/op/b", []req{{maxResults: "10", nonce: "b0"}}},
	}
	for _, c := range cassettes {
		rec, err := vcr.Open(vcr.Options{Mode: vcr.Record, Dir: dir, Name: c.name, RealTransport: srv.Client().Transport})
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range c.reqs {
			resp, err := rec.Client().Do(q.build(t, srv.URL))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
		}
		if err := rec.Stop(); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

type reply struct {
	status      int
	body        string
	interaction string
	invalid     string
	header      http.Header
}

func send(t *testing.T, base string, q req) reply {
	t.Helper()
	resp, err := http.DefaultClient.Do(q.build(t, base))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return reply{resp.StatusCode, string(body), resp.Header.Get(InteractionHeader), resp.Header.Get(InvalidRequestHeader), resp.Header}
}

func mustNew(t *testing.T, opts Options) (*Server, string) {
	t.Helper()
	s, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, srv.URL
}

func TestServesRecordedInteractions(t *testing.T) {
	s, base := mustNew(t, Options{Dir: recordTree(t)})
	if s.Len() != 4 {
		t.Fatalf("Len = %d, want the 4 recorded interactions", s.Len())
	}
	tests := []struct {
		name              string
		q                 req
		status            int
		body, interaction string
	}{
		{"RPC, served by the first cassette", req{maxResults: "10", nonce: "x1"}, 200, `{"Answer":1,"MaxResults":"10"}`, "emulator/op/a.yaml#0"},
		{"the same key again: the next interaction that has it", req{maxResults: "10", nonce: "x2"}, 200, `{"Answer":3,"MaxResults":"10"}`, "emulator/op/b.yaml#0"},
		{"and then from the start", req{maxResults: "10", nonce: "x3", inBody: true}, 200, `{"Answer":1,"MaxResults":"10"}`, "emulator/op/a.yaml#0"},
		{"V3", req{v3: true, maxResults: "20", nonce: "x4"}, 200, `{"Answer":2,"MaxResults":"20"}`, "emulator/op/a.yaml#1"},
		{"a case only its own header reaches", req{maxResults: "10", nonce: "x5", kase: "bad-signature"}, 400, `{"Code":"SignatureDoesNotMatch"}`, "emulator/op/a.yaml#2"},
	}
	for _, tt := range tests {
		got := send(t, base, tt.q)
		if got.status != tt.status || got.body != tt.body || got.interaction != tt.interaction {
			t.Errorf("%s: got %d %s from %q, want %d %s from %q", tt.name, got.status, got.body, got.interaction, tt.status, tt.body, tt.interaction)
		}
		if got.header.Get("X-Recorded-Header") != "kept" || got.header.Get("Content-Type") != "application/json;charset=utf-8" {
			t.Errorf("%s: recorded headers not served: %v", tt.name, got.header)
		}
	}
	s.Reset()
	if got := send(t, base, req{maxResults: "10", nonce: "x6"}); got.interaction != "emulator/op/a.yaml#0" {
		t.Errorf("after Reset served %q, want emulator/op/a.yaml#0", got.interaction)
	}
}

func TestUnmatchedRequestGetsEnvelopeNamingClosest(t *testing.T) {
	_, base := mustNew(t, Options{Dir: recordTree(t)})
	tests := []struct {
		name  string
		q     req
		wants []string
	}{
		{"changed parameter", req{maxResults: "30", nonce: "y"}, []string{"the difference is in the parameters", "closest: emulator/op/a.yaml#0; differs in: MaxResults: recorded 10, sent 30"}},
		{"V3 changed parameter", req{v3: true, maxResults: "30", nonce: "y"}, []string{"closest: emulator/op/a.yaml#1; differs in: MaxResults: recorded 20, sent 30"}},
		{"unknown case", req{maxResults: "10", nonce: "y", kase: "other"}, []string{"the difference is the X-Conformance-Case header", "differs in: header X-Conformance-Case: recorded", "sent other"}},
	}
	for _, tt := range tests {
		got := send(t, base, tt.q)
		if got.status != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", tt.name, got.status)
		}
		var env struct{ RequestId, HostId, Code, Message, Recommend string }
		if err := json.Unmarshal([]byte(got.body), &env); err != nil {
			t.Fatalf("%s: body %q is not JSON: %v", tt.name, got.body, err)
		}
		if env.HostId != "replay-server" || env.Code != "Conformance.NoRecordedInteraction" || env.RequestId == "" || env.Recommend == "" ||
			!strings.HasPrefix(env.Message, "no recorded interaction matches * / ") {
			t.Errorf("%s: envelope %+v", tt.name, env)
		}
		for _, want := range tt.wants {
			if !strings.Contains(env.Message, want) {
				t.Errorf("%s: message %q lacks %q", tt.name, env.Message, want)
			}
		}
	}
}

func TestValidateHook(t *testing.T) {
	var seen []url.Values
	var actions []string
	var mu sync.Mutex
	validate := func(action string, p url.Values) error {
		mu.Lock()
		seen = append(seen, p)
		actions = append(actions, action)
		mu.Unlock()
		if p.Get("MaxResults") > "15" {
			return fmt.Errorf("MaxResults %s is above 15", p.Get("MaxResults"))
		}
		return nil
	}
	_, base := mustNew(t, Options{Dir: recordTree(t), Validate: validate})

	if got := send(t, base, req{maxResults: "10", nonce: "z"}); got.status != 200 || got.invalid != "" {
		t.Errorf("valid recorded request: %d, invalid header %q", got.status, got.invalid)
	}
	if got := send(t, base, req{v3: true, maxResults: "20", nonce: "z"}); got.status != 200 || got.invalid != "MaxResults 20 is above 15" {
		t.Errorf("invalid but recorded request: %d, invalid header %q; want it served with the problem in %s", got.status, got.invalid, InvalidRequestHeader)
	}
	got := send(t, base, req{maxResults: "30", nonce: "z"})
	if got.status != http.StatusBadRequest || !strings.Contains(got.body, `"Code":"Conformance.InvalidRequest"`) ||
		!strings.Contains(got.body, "MaxResults 30 is above 15") || !strings.Contains(got.body, "closest: emulator/op/a.yaml#0") {
		t.Errorf("invalid unrecorded request: %d %s", got.status, got.body)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 3 {
		t.Fatalf("Validate called %d times, want 3", len(seen))
	}
	// Each scheme names the operation its own way: the Action parameter of
	// an RPC request, the x-acs-action header of a V3 one.
	for i, a := range actions {
		if a != "DescribeSecurityGroups" {
			t.Errorf("request %d: Validate was told action %q, want the one the request calls", i, a)
		}
	}
	if p := seen[0]; p.Get("RegionId") != "cn-hangzhou" || p.Get("Tag.1.Key") != "team name" || p.Has("Signature") || p.Has("Action") || p.Has("AccessKeyId") {
		t.Errorf("Validate got %v, want the decoded business parameters only", p)
	}
}

func TestNewReportsBadTrees(t *testing.T) {
	write := func(t *testing.T, files map[string]string) string {
		dir := t.TempDir()
		for name, content := range files {
			path := filepath.Join(dir, name)
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	const good = "version: 1\ninteractions:\n  - request: {url: 'http://h/?Action=A', method: GET}\n    response: {code: 200, body: ok}\n"
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"empty tree", map[string]string{"README": "x"}, []string{"no recorded interactions"}},
		{"broken YAML", map[string]string{"ok.yaml": good, "t/bad.yaml": "interactions: ["}, []string{"bad.yaml", "not valid YAML"}},
		{"bad status", map[string]string{"t/odd.yaml": strings.Replace(good, "code: 200", "code: 0", 1)}, []string{"t/odd.yaml#0", "status code 0"}},
		{"bad query", map[string]string{"t/q.yaml": strings.Replace(good, "Action=A", "Action=%zz", 1)}, []string{"t/q.yaml#0", "Action"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(Options{Dir: write(t, tt.files)})
			for _, want := range tt.want {
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Errorf("New error = %v, want one containing %q", err, want)
				}
			}
		})
	}
	if _, err := New(Options{}); err == nil || !strings.Contains(err.Error(), "Options.Dir") {
		t.Errorf("New without Dir: %v", err)
	}
}
