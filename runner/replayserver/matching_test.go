package replayserver

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/ecs-conformance/ecs-conformance/internal/client"
	"github.com/ecs-conformance/ecs-conformance/runner/vcr"
)

// faulty is an endpoint with the emulator's faults control: while
// internalError is set, every API call gets InternalError.
type faulty struct {
	mu    sync.Mutex
	fault bool
	n     int
}

func (f *faulty) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	if r.URL.Path == vcr.ControlPrefix+"faults" {
		var in struct {
			InternalError float64 `json:"internalError"`
		}
		json.NewDecoder(r.Body).Decode(&in)
		f.fault = in.InternalError > 0
		fmt.Fprintf(w, `{"seed":1,"throttle":0,"internalError":%v,"unavailable":0,"latencyMs":0}`, in.InternalError)
		return
	}
	if f.fault {
		w.WriteHeader(http.StatusInternalServerError)
		io.WriteString(w, `{"Code":"InternalError"}`)
		return
	}
	f.n++
	fmt.Fprintf(w, `{"SecurityGroups":{"SecurityGroup":[]},"Answer":%d}`, f.n)
}

// faultTree records, as the suite does, a fault spec (control call, plain
// request, control call) and then an ordinary spec sending the same plain
// request, in RPC only.
func faultTree(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(&faulty{})
	defer srv.Close()
	dir := t.TempDir()
	control := func(c *http.Client, body string) {
		resp, err := c.Post(srv.URL+vcr.ControlPrefix+"faults", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	for _, name := range []string{"emulator/rpc/a-fault", "emulator/rpc/b-plain"} {
		rec, err := vcr.Open(vcr.Options{Mode: vcr.Record, Dir: dir, Name: name, RealTransport: srv.Client().Transport})
		if err != nil {
			t.Fatal(err)
		}
		fault := strings.HasSuffix(name, "fault")
		if fault {
			control(rec.Client(), `{"seed":1,"internalError":1}`)
		}
		resp, err := rec.Client().Do(req{maxResults: "10", nonce: name}.build(t, srv.URL))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if fault {
			control(rec.Client(), `{"seed":0}`)
		}
		if err := rec.Stop(); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestFaultsAreServedOnlyOnRequest(t *testing.T) {
	_, base := mustNew(t, Options{Dir: faultTree(t)})
	for i := range 5 {
		if got := send(t, base, req{maxResults: "10", nonce: fmt.Sprint(i)}); got.status != 200 || got.interaction != "emulator/rpc/b-plain.yaml#0" {
			t.Fatalf("plain call %d: %d %s from %s; a client that asked for no fault got one", i, got.status, got.body, got.interaction)
		}
	}
	r := req{maxResults: "10", nonce: "f"}.build(t, base)
	r.Header.Set(vcr.ContextHeader, vcr.ContextInternalError)
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 500 || resp.Header.Get(InteractionHeader) != "emulator/rpc/a-fault.yaml#1" {
		t.Errorf("asked for internalError: %d from %s, want the recorded fault", resp.StatusCode, resp.Header.Get(InteractionHeader))
	}
}

func TestRPCMatchesAnyMethodAndPlace(t *testing.T) {
	_, base := mustNew(t, Options{Dir: faultTree(t)})
	get := req{maxResults: "10", nonce: "g"}.build(t, base)
	get.Method = http.MethodGet
	inBody := req{maxResults: "10", nonce: "b", inBody: true}.build(t, base)
	for name, r := range map[string]*http.Request{"GET": get, "POST with a form body": inBody} {
		resp, err := http.DefaultClient.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get(InteractionHeader) != "emulator/rpc/b-plain.yaml#0" {
			t.Errorf("%s of a request recorded as POST with a query: %d from %q", name, resp.StatusCode, resp.Header.Get(InteractionHeader))
		}
	}
}

func TestMissNamesTheSchemeAndNeverAControlCall(t *testing.T) {
	_, base := mustNew(t, Options{Dir: faultTree(t)})
	got := send(t, base, req{v3: true, maxResults: "10", nonce: "v"})
	var env struct{ Code, Message, Recommend string }
	if err := json.Unmarshal([]byte(got.body), &env); err != nil {
		t.Fatal(err)
	}
	if got.status != 404 || !strings.Contains(env.Message, "the difference is the signature scheme") || !strings.Contains(env.Recommend, "both signature schemes") {
		t.Errorf("a V3 request to RPC-only recordings: %d %+v", got.status, env)
	}
	if strings.Contains(env.Message, vcr.ControlPrefix) {
		t.Errorf("the diagnosis names a control call: %s", env.Message)
	}
}

// TestCommittedCassettesServePlainCalls sends 100 plain calls (RegionId
// only) in each of RPC by POST, RPC by GET and V3 to a replay server over
// the committed cassettes of both schemes, as a real client would: every
// one must answer data, none an injected fault.
func TestCommittedCassettesServePlainCalls(t *testing.T) {
	s, err := New(Options{Dir: filepath.Join("..", "..", "cassettes")})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	defer srv.Close()
	for _, tt := range []struct {
		scheme client.Scheme
		method string
	}{{client.SchemeRPC, http.MethodPost}, {client.SchemeRPC, http.MethodGet}, {client.SchemeV3, http.MethodPost}} {
		c, err := client.New(client.Config{Endpoint: srv.URL, AccessKeyID: "LTAI5tAnyClientKey0001", AccessKeySecret: "AnyClientSecret000000000000001", Scheme: tt.scheme})
		if err != nil {
			t.Fatal(err)
		}
		faults := map[string]int{}
		for range 100 {
			resp, err := c.Do(context.Background(), client.Request{Action: "DescribeSecurityGroups", Method: tt.method, Params: url.Values{"RegionId": {"cn-hangzhou"}}})
			if err != nil {
				t.Fatal(err)
			}
			var body struct {
				Code           string
				SecurityGroups *struct{ SecurityGroup []json.RawMessage }
			}
			if resp.StatusCode != 200 || json.Unmarshal(resp.Body, &body) != nil || body.SecurityGroups == nil || body.Code != "" {
				faults[fmt.Sprintf("%d %s from %s", resp.StatusCode, body.Code, resp.Header.Get(InteractionHeader))]++
			}
		}
		if len(faults) > 0 {
			t.Errorf("%s %s: of 100 plain calls, these did not answer data: %v", tt.scheme, tt.method, faults)
		}
	}
}
