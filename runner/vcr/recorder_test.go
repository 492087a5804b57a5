package vcr

import (
	"errors"
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

	"github.com/ecs-conformance/ecs-conformance/internal/signer"
)

// fakeEndpoint stands in for the service being recorded: it answers
// deterministically, rejects a reused nonce and a corrupted signature (echoing
// the string-to-sign as the real service does), and remembers whether it
// ever saw the CaseHeader.
type fakeEndpoint struct {
	mu       sync.Mutex
	served   int
	nonces   map[string]bool
	sawCase  bool
	requests int
}

func (f *fakeEndpoint) reset() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.served, f.nonces, f.sawCase, f.requests = 0, map[string]bool{}, false, 0
}

func (f *fakeEndpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests++
	if r.Header.Get(CaseHeader) != "" {
		f.sawCase = true
	}
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	nonce := r.Form.Get("SignatureNonce") + r.Header.Get("x-acs-signature-nonce")
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	switch {
	case f.nonces[nonce]:
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"Code":"SignatureNonceUsed","Message":"Specified signature nonce was used already."}`)
		return
	case r.Form.Get("Signature") == "corrupted":
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `{"Code":"SignatureDoesNotMatch","Message":"Specified signature is not matched with our calculation. server string to sign is:%s"}`,
			signer.RPCStringToSign(r.Method, r.Form))
		return
	}
	f.nonces[nonce] = true
	f.served++
	fmt.Fprintf(w, `{"RequestId":"request-%d","MaxResults":"%s"}`, f.served, r.Form.Get("MaxResults"))
}

// step is one request of a scenario.
type step struct {
	c call
	// repeat sends the previous step's request again, same nonce and all.
	repeat bool
	// corrupt replaces the RPC signature.
	corrupt bool
}

// scenario covers RPC and V3, a body, an STS call, a replayed nonce and a
// corrupted signature told apart by the CaseHeader.
var scenario = []step{
	{c: call{}},
	{c: call{style: StyleV3, params: with("MaxResults", "20")}},
	{c: call{inBody: true, sts: true}},
	{c: call{kase: "nonce-replay"}},
	{repeat: true},
	{c: call{kase: "bad-signature"}, corrupt: true},
}

type answer struct {
	status int
	body   string
}

// run sends the scenario through client; seed varies nonces and timestamps
// between runs, as real runs do.
func run(t *testing.T, client *http.Client, endpoint string, steps []step, seed int) ([]answer, []error) {
	t.Helper()
	var answers []answer
	var errs []error
	var prev call
	for i, s := range steps {
		c := s.c
		if s.repeat {
			c = prev
		} else {
			c.nonce = fmt.Sprintf("%016x%016x", seed, i)
			c.timestamp = fmt.Sprintf("2026-11-%02dT10:00:%02dZ", 1+seed%28, i)
		}
		prev = c
		req := c.request(t, endpoint)
		if s.corrupt {
			q := req.URL.Query()
			q.Set("Signature", "corrupted")
			req.URL.RawQuery = q.Encode()
		}
		resp, err := client.Do(req)
		errs = append(errs, err)
		if err != nil {
			answers = append(answers, answer{})
			continue
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		answers = append(answers, answer{resp.StatusCode, string(body)})
	}
	return answers, errs
}

func mustOpen(t *testing.T, opts Options) *Recorder {
	t.Helper()
	r, err := Open(opts)
	if err != nil {
		t.Fatalf("Open(%v %s): %v", opts.Mode, opts.Name, err)
	}
	return r
}

// record runs steps against a fresh fakeEndpoint in Record mode and returns
// the answers and the endpoint's URL.
func record(t *testing.T, dir, name string, fake *fakeEndpoint, srv *httptest.Server, steps []step, seed int) []answer {
	t.Helper()
	fake.reset()
	rec := mustOpen(t, Options{Mode: Record, Dir: dir, Name: name, RealTransport: srv.Client().Transport})
	answers, errs := run(t, rec.Client(), srv.URL, steps, seed)
	for i, err := range errs {
		if err != nil {
			t.Fatalf("recording step %d: %v", i, err)
		}
	}
	if err := rec.Stop(); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	return answers
}

// dialFails is a RealTransport that fails the test if a replay ever uses it.
type dialFails struct{ t *testing.T }

func (d dialFails) RoundTrip(r *http.Request) (*http.Response, error) {
	d.t.Errorf("replay used the real transport for %s", r.URL)
	return nil, errors.New("no network in replay")
}

func TestRecordThenReplay(t *testing.T) {
	fake := &fakeEndpoint{}
	srv := httptest.NewServer(fake)
	dir := t.TempDir()
	const name = "emulator/v3/round-trip"
	recorded := record(t, dir, name, fake, srv, scenario, 1)
	srv.Close() // replay must not need it

	wantStatus := []int{200, 200, 200, 200, 400, 400}
	for i, a := range recorded {
		if a.status != wantStatus[i] {
			t.Fatalf("recorded step %d answered %d %s, want %d (the fake endpoint misbehaves)", i, a.status, a.body, wantStatus[i])
		}
	}
	if fake.sawCase {
		t.Errorf("the %s header reached the live endpoint", CaseHeader)
	}
	file := filepath.Join(dir, filepath.FromSlash(name)+".yaml")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("cassette not written: %v", err)
	}
	for _, want := range []string{CaseHeader + ":", "nonce-replay", "duration: 0s"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("cassette lacks %q:\n%s", want, data)
		}
	}
	if findings, err := ScanSecrets(dir, testSecret, testAccessKeyID, testSTSToken, testSTSKeyID); err != nil || len(findings) > 0 {
		t.Errorf("ScanSecrets = %v, %v; want a clean cassette", findings, err)
	}

	rep := mustOpen(t, Options{Mode: Replay, Dir: dir, Name: name, RealTransport: dialFails{t}})
	defer rep.Stop()
	replayed, errs := run(t, rep.Client(), srv.URL, scenario, 2)
	for i := range scenario {
		if errs[i] != nil {
			t.Errorf("replaying step %d: %v", i, errs[i])
			continue
		}
		if scenario[i].corrupt {
			// The echoed string-to-sign was sanitized before saving.
			want := recorded[i].body[:strings.Index(recorded[i].body, "is:")]
			if replayed[i].status != recorded[i].status || !strings.HasPrefix(replayed[i].body, want) ||
				!strings.Contains(replayed[i].body, "AccessKeyId%3DREDACTED%26") || !strings.Contains(replayed[i].body, "SignatureNonce%3DREDACTED%26") {
				t.Errorf("step %d replayed %v, want the recorded answer %v with AccessKeyId and nonce redacted", i, replayed[i], recorded[i])
			}
			continue
		}
		if replayed[i] != recorded[i] {
			t.Errorf("step %d replayed %v, recorded %v", i, replayed[i], recorded[i])
		}
	}
	if unused := rep.unused(); len(unused) != 0 {
		t.Errorf("Unused after the whole scenario = %v", unused)
	}

	// The nonce-replay request a third time: both recordings are used up.
	_, errs = run(t, rep.Client(), srv.URL, []step{{c: call{kase: "nonce-replay"}}}, 3)
	var miss *MissError
	if !errors.As(errs[0], &miss) || !miss.Replayed || miss.Closest != 3 {
		t.Errorf("a third identical request: error %v, want a MissError saying #3 was already replayed", errs[0])
	}
	if err := rep.Stop(); err != nil {
		t.Fatal(err)
	}
	if after, _ := os.ReadFile(file); string(after) != string(data) {
		t.Error("replay rewrote the cassette")
	}
}

func TestReplayMissNamesClosestInteraction(t *testing.T) {
	fake := &fakeEndpoint{}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	dir := t.TempDir()
	record(t, dir, "t/op/miss", fake, srv, scenario, 1)

	tests := []struct {
		name        string
		c           call
		wantClosest int
		wantDiff    []string
	}{
		{"changed MaxResults", call{params: with("MaxResults", "30")}, 0, []string{"MaxResults: recorded 10, sent 30"}},
		{"V3 with another version", call{style: StyleV3, params: with("MaxResults", "20"), version: "2099-01-01"}, 1, []string{"header x-acs-version: recorded 2014-05-26, sent 2099-01-01"}},
		{"unknown case", call{kase: "skewed-timestamp"}, 0, []string{"header X-Conformance-Case: recorded (absent), sent skewed-timestamp"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := mustOpen(t, Options{Mode: Replay, Dir: dir, Name: "t/op/miss", RecordCommand: "make record FOCUS=miss"})
			defer rep.Stop()
			_, errs := run(t, rep.Client(), srv.URL, []step{{c: tt.c}}, 5)
			var miss *MissError
			if !errors.As(errs[0], &miss) {
				t.Fatalf("error = %v, want a *MissError", errs[0])
			}
			if miss.Closest != tt.wantClosest || strings.Join(miss.Diff, "|") != strings.Join(tt.wantDiff, "|") {
				t.Errorf("closest #%d differing in %q, want #%d differing in %q", miss.Closest, miss.Diff, tt.wantClosest, tt.wantDiff)
			}
			msg := errs[0].Error()
			for _, want := range []string{fmt.Sprintf("miss.yaml#%d", tt.wantClosest), tt.wantDiff[0], "make record FOCUS=miss"} {
				if !strings.Contains(msg, want) {
					t.Errorf("error %q lacks %q", msg, want)
				}
			}
		})
	}
}

func TestReplayTellsCasesApartInAnyOrder(t *testing.T) {
	fake := &fakeEndpoint{}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	dir := t.TempDir()
	steps := []step{{c: call{kase: "first"}}, {c: call{kase: "second"}}}
	recorded := record(t, dir, "t/op/cases", fake, srv, steps, 1)
	if recorded[0] == recorded[1] {
		t.Fatalf("the fake endpoint gave two equal answers %v; the test cannot tell them apart", recorded[0])
	}
	rep := mustOpen(t, Options{Mode: Replay, Dir: dir, Name: "t/op/cases"})
	defer rep.Stop()
	replayed, errs := run(t, rep.Client(), srv.URL, []step{steps[1], steps[0]}, 2)
	if errs[0] != nil || errs[1] != nil {
		t.Fatalf("replay errors: %v", errs)
	}
	if replayed[0] != recorded[1] || replayed[1] != recorded[0] {
		t.Errorf("replayed in reverse order got %v, want %v then %v", replayed, recorded[1], recorded[0])
	}
}

func TestRecordIsByteStable(t *testing.T) {
	fake := &fakeEndpoint{}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	dir := t.TempDir()
	record(t, dir, "a", fake, srv, scenario, 1)
	record(t, dir, "b", fake, srv, scenario, 7) // other nonces and timestamps
	a, errA := os.ReadFile(filepath.Join(dir, "a.yaml"))
	b, errB := os.ReadFile(filepath.Join(dir, "b.yaml"))
	if errA != nil || errB != nil {
		t.Fatal(errA, errB)
	}
	if string(a) != string(b) {
		t.Errorf("two recordings of the same scenario differ:\n%s\n----\n%s", a, b)
	}
}

func TestRecordReplacesTheCassette(t *testing.T) {
	fake := &fakeEndpoint{}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	dir := t.TempDir()
	record(t, dir, "x/y", fake, srv, scenario, 1)
	record(t, dir, "x/y", fake, srv, scenario[:1], 2)
	got, err := Interactions(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 {
		t.Errorf("re-recording left %d interactions, want 1 (go-vcr appends to an existing cassette unless prevented)", len(got))
	}
}

func TestRecordNothingWritesEmptyCassette(t *testing.T) {
	dir := t.TempDir()
	rec := mustOpen(t, Options{Mode: Record, Dir: dir, Name: "t/op/empty", RealTransport: dialFails{t}})
	if err := rec.Stop(); err != nil {
		t.Fatal(err)
	}
	rep := mustOpen(t, Options{Mode: Replay, Dir: dir, Name: "t/op/empty"})
	_, errs := run(t, rep.Client(), "http://127.0.0.1:1", scenario[:1], 1)
	var miss *MissError
	if !errors.As(errs[0], &miss) || miss.Closest != -1 || !strings.Contains(errs[0].Error(), "holds none") {
		t.Errorf("request against an empty cassette: %v, want a MissError saying it holds none", errs[0])
	}
}

func TestReplayMissingCassette(t *testing.T) {
	dir := t.TempDir()
	_, err := Open(Options{Mode: Replay, Dir: dir, Name: "emulator/v3/never-recorded"})
	var missing *MissingCassetteError
	if !errors.As(err, &missing) {
		t.Fatalf("Open error = %v, want a *MissingCassetteError", err)
	}
	want := filepath.Join(dir, "emulator", "v3", "never-recorded.yaml")
	for _, part := range []string{want, "make record", "CONFORMANCE_MODE=record"} {
		if !strings.Contains(err.Error(), part) {
			t.Errorf("error %q lacks %q", err, part)
		}
	}
	if _, statErr := os.Stat(filepath.Join(dir, "emulator")); !errors.Is(statErr, os.ErrNotExist) {
		t.Errorf("replay created directories: %v", statErr)
	}
}

func TestReplayRejectsBrokenCassette(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "bad.yaml"), []byte("version: 2\ninteractions: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Open(Options{Mode: Replay, Dir: dir, Name: "bad"})
	if err == nil || !strings.Contains(err.Error(), "bad.yaml") || !strings.Contains(err.Error(), "version 2") {
		t.Errorf("Open error = %v, want one naming bad.yaml and its version", err)
	}
}

func TestOpenValidatesOptions(t *testing.T) {
	tr := http.DefaultTransport
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{"no mode", Options{Dir: "d", Name: "n"}, "Options.Mode"},
		{"no dir", Options{Mode: Replay, Name: "n"}, "Options.Dir"},
		{"no name", Options{Mode: Replay, Dir: "d"}, "Options.Name is empty"},
		{"extension", Options{Mode: Replay, Dir: "d", Name: "n.yaml"}, "leave it out"},
		{"compressed extension", Options{Mode: Replay, Dir: "d", Name: "n.yaml.gz"}, "leave it out"},
		{"escape", Options{Mode: Replay, Dir: "d", Name: "../n"}, "clean relative path"},
		{"absolute", Options{Mode: Replay, Dir: "d", Name: "/n"}, "clean relative path"},
		{"backslash", Options{Mode: Replay, Dir: "d", Name: `a\n`}, "clean relative path"},
		{"record without transport", Options{Mode: Record, Dir: "d", Name: "n"}, "RealTransport"},
		{"passthrough without transport", Options{Mode: Passthrough, Dir: "d", Name: "n"}, "RealTransport"},
		{"unknown mode", Options{Mode: Mode(9), Dir: "d", Name: "n", RealTransport: tr}, "Mode(9)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Open(tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Open error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestPassthroughSendsWithoutCaseAndWritesNothing(t *testing.T) {
	fake := &fakeEndpoint{}
	fake.reset()
	srv := httptest.NewServer(fake)
	defer srv.Close()
	dir := t.TempDir()
	p := mustOpen(t, Options{Mode: Passthrough, Dir: dir, Name: "t/p", RealTransport: srv.Client().Transport})
	answers, errs := run(t, p.Client(), srv.URL, []step{{c: call{kase: "x"}}}, 1)
	if errs[0] != nil || answers[0].status != 200 {
		t.Fatalf("passthrough: %v %v", answers, errs)
	}
	if err := p.Stop(); err != nil {
		t.Fatal(err)
	}
	if fake.requests != 1 || fake.sawCase {
		t.Errorf("endpoint saw %d requests (case header: %v), want 1 without it", fake.requests, fake.sawCase)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("passthrough wrote %v", entries)
	}
}

func TestOfflineTransportRefuses(t *testing.T) {
	req := newRequest(t, "GET", "http://example.invalid/?a=1", "")
	_, err := offline{}.RoundTrip(req)
	if err == nil || !strings.Contains(err.Error(), "replay") {
		t.Errorf("offline transport error = %v, want a refusal that mentions replay", err)
	}
}

func TestRecorderLeavesCallerRequestReadable(t *testing.T) {
	fake := &fakeEndpoint{}
	fake.reset()
	srv := httptest.NewServer(fake)
	defer srv.Close()
	rec := mustOpen(t, Options{Mode: Record, Dir: t.TempDir(), Name: "t/r", RealTransport: srv.Client().Transport})
	defer rec.Stop()
	req := call{inBody: true}.request(t, srv.URL)
	resp, err := rec.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	resp.Header.Set("X-Changed-By-Caller", "1")
	if resp.Request != req {
		t.Error("response does not point at the caller's request")
	}
	rec.Stop()
	in, err := Interactions(filepath.Dir(rec.File()))
	if err != nil || len(in) != 1 {
		t.Fatalf("Interactions = %v, %v", in, err)
	}
	if in[0].Interaction.Response.Headers.Get("X-Changed-By-Caller") != "" {
		t.Error("a caller's change to the response header leaked into the cassette")
	}
	if got, _ := url.ParseQuery(in[0].Interaction.Request.Body); got.Get("RegionId") != "cn-hangzhou" {
		t.Errorf("recorded body = %q, want the form body", in[0].Interaction.Request.Body)
	}
}

func TestReplayIsSafeForConcurrentUse(t *testing.T) {
	fake := &fakeEndpoint{}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	var steps []step
	for i := range 8 {
		steps = append(steps, step{c: call{params: with("MaxResults", fmt.Sprint(10+i))}})
	}
	dir := t.TempDir()
	recorded := record(t, dir, "t/concurrent", fake, srv, steps, 1)
	rep := mustOpen(t, Options{Mode: Replay, Dir: dir, Name: "t/concurrent"})
	defer rep.Stop()

	var wg sync.WaitGroup
	got := make([][]answer, len(steps))
	gotErrs := make([][]error, len(steps))
	for i := range steps {
		wg.Go(func() {
			got[i], gotErrs[i] = run(t, rep.Client(), srv.URL, steps[i:i+1], 2)
		})
	}
	wg.Wait()
	for i := range steps {
		if gotErrs[i][0] != nil || got[i][0] != recorded[i] {
			t.Errorf("concurrent replay of step %d: %v %v, want %v", i, got[i], gotErrs[i], recorded[i])
		}
	}
}
