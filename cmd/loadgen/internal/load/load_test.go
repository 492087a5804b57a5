package load

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ecs-conformance/ecs-conformance/emulator"
	"github.com/ecs-conformance/ecs-conformance/emulator/store"
)

func TestGroupsDeterministicAndValid(t *testing.T) {
	const n = 5000
	a, b := Groups(n), Groups(n)
	id := regexp.MustCompile(`^sg-bp1[0-9a-z]{17}$`)
	seen := map[string]bool{}
	var classic, enterprise, managed, owners int
	for i := range a {
		if a[i].ID != b[i].ID || a[i].Name != b[i].Name || a[i].VpcID != b[i].VpcID || len(a[i].Tags) != len(b[i].Tags) {
			t.Fatalf("group %d differs between two calls: %+v vs %+v", i, a[i], b[i])
		}
		if !id.MatchString(a[i].ID) {
			t.Fatalf("group %d has ID %q, not shaped like a real one", i, a[i].ID)
		}
		if seen[a[i].ID] {
			t.Fatalf("ID %q repeats", a[i].ID)
		}
		seen[a[i].ID] = true
		if a[i].VpcID == "" {
			classic++
		}
		if a[i].Type == store.TypeEnterprise {
			enterprise++
		}
		if a[i].ServiceManaged {
			managed++
		}
		if len(a[i].Tags) == 3 {
			owners++
		}
	}
	// Each kind must be present but a minority, as the comments of Groups say.
	for name, c := range map[string]int{"classic": classic, "enterprise": enterprise, "managed": managed, "owner-tagged": owners} {
		if c == 0 || c > n/2 {
			t.Errorf("%d of %d groups are %s", c, n, name)
		}
	}
	if _, err := store.NewMemory(a); err != nil {
		t.Fatalf("the store rejects synthetic groups: %v", err)
	}
}

func TestSyntheticIDsKeepOrderUnrelatedToIndex(t *testing.T) {
	g := Groups(1000)
	ascending := 0
	for i := 1; i < len(g); i++ {
		if g[i].ID > g[i-1].ID {
			ascending++
		}
	}
	// Sorted input would make the store's build, and its cache behaviour,
	// unrealistically kind; about half the steps go up in random order.
	if ascending < 400 || ascending > 600 {
		t.Errorf("%d of 999 consecutive IDs ascend; the order should look random", ascending)
	}
}

func TestFireCountsAnswers(t *testing.T) {
	var served atomic.Int64
	srv, err := Serve(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if served.Add(1)%4 == 0 {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		io.WriteString(w, "ok")
	}))
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	build := func(n int) []*http.Request {
		reqs := make([]*http.Request, n)
		for i := range reqs {
			reqs[i], _ = http.NewRequest(http.MethodGet, srv.URL, nil)
		}
		return reqs
	}
	hc := NewHTTPClient(3)
	tests := []struct {
		name         string
		n            int
		deadline     time.Time
		wantOK, fail int
	}{
		{"every fourth fails", 40, time.Now().Add(time.Hour), 30, 10},
		{"deadline already past", 40, time.Now().Add(-time.Second), 0, 0},
		{"nothing to send", 0, time.Now().Add(time.Hour), 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			served.Store(0)
			r := Fire(hc, build(tt.n), 3, tt.deadline)
			if r.Requests != tt.wantOK || r.Errors != tt.fail {
				t.Errorf("Fire: %d ok, %d failed; want %d and %d", r.Requests, r.Errors, tt.wantOK, tt.fail)
			}
			if tt.fail > 0 && r.FirstError != "HTTP 500" {
				t.Errorf("FirstError %q, want HTTP 500", r.FirstError)
			}
		})
	}
}

func TestBareHandlerServesTheCapturedAnswer(t *testing.T) {
	emu, err := emulator.New(emulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := Serve(emu.Handler())
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	s, err := NewSigner(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	req, err := s.Request(t.Context(), PageParams(10))
	if err != nil {
		t.Fatal(err)
	}
	hc := NewHTTPClient(1)
	captured, err := Capture(hc, req)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(captured.Body, []byte(`"SecurityGroups"`)) {
		t.Fatalf("captured answer is not a page: %.200s", captured.Body)
	}
	bare, err := Serve(BareHandler(captured))
	if err != nil {
		t.Fatal(err)
	}
	defer bare.Close()
	resp, err := hc.Get(bare.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || !bytes.Equal(body, captured.Body) {
		t.Errorf("bare handler answered %d with %d bytes; want 200 with the %d captured", resp.StatusCode, len(body), len(captured.Body))
	}
	if got, want := resp.Header.Get("Content-Type"), captured.Header.Get("Content-Type"); got != want || got == "" {
		t.Errorf("Content-Type %q, want the emulator's %q", got, want)
	}
}

// TestThroughputEveryRequestAccepted runs the whole measurement small: the
// emulator must accept every presigned request (fresh nonce, valid V3
// signature) and so must the bare handler.
func TestThroughputEveryRequestAccepted(t *testing.T) {
	cfg := ThroughputConfig{Requests: 300, Duration: time.Minute, Concurrency: 4, Rounds: 2, MaxResults: 10, Warmup: 20}
	rep, err := Throughput(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	for name, rs := range map[string][]Result{"bare": rep.Bare, "emulator": rep.Emulator} {
		if len(rs) != cfg.Rounds {
			t.Fatalf("%s: %d rounds, want %d", name, len(rs), cfg.Rounds)
		}
		for i, r := range rs {
			if r.Requests != cfg.Requests || r.Errors != 0 {
				t.Errorf("%s round %d: %d ok, %d failed, want %d ok", name, i+1, r.Requests, r.Errors, cfg.Requests)
			}
		}
	}
	if rep.Ratio() <= 0 || rep.SignPerRequest <= 0 || rep.ResponseBytes == 0 {
		t.Errorf("ratio %v, signing %v, answer %d bytes: all must be positive", rep.Ratio(), rep.SignPerRequest, rep.ResponseBytes)
	}
}

func TestThroughputRejectsBadConfig(t *testing.T) {
	for _, cfg := range []ThroughputConfig{
		{Requests: 0, Duration: time.Second, Concurrency: 1, Rounds: 1},
		{Requests: 1, Duration: 0, Concurrency: 1, Rounds: 1},
		{Requests: 1, Duration: time.Second, Concurrency: 0, Rounds: 1},
		{Requests: 1, Duration: time.Second, Concurrency: 1, Rounds: 0},
	} {
		if _, err := Throughput(context.Background(), cfg); err == nil {
			t.Errorf("Throughput(%+v) accepted a config that measures nothing", cfg)
		}
	}
}

func TestPageLatency(t *testing.T) {
	const groups = 1000
	emu, err := NewEmulator(groups)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		cfg  LatencyConfig
	}{
		{"unfiltered", LatencyConfig{Samples: 40, MaxResults: 10, Starts: 4}},
		{"filtered", LatencyConfig{Samples: 40, MaxResults: 10, Starts: 64, Filter: url.Values{"Tag.1.Key": {"env"}, "Tag.1.Value": {"prod"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := PageLatency(t.Context(), emu, groups, tt.cfg)
			if err != nil {
				t.Fatal(err)
			}
			if l.Samples != tt.cfg.Samples || l.Groups != groups {
				t.Errorf("%d samples of %d groups, want %d of %d", l.Samples, l.Groups, tt.cfg.Samples, groups)
			}
			if !(0 < l.P50 && l.P50 <= l.P99 && l.P99 <= l.Max && l.Mean <= l.Max) {
				t.Errorf("inconsistent distribution %+v", l)
			}
		})
	}
}

// TestStartTokensSpread checks that the timed pages start all over the
// region, not only at its top: the first group of each start's page must
// come from every tenth of the ID order.
func TestStartTokensSpread(t *testing.T) {
	const groups = 5000
	emu, err := NewEmulator(groups)
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPager(t.Context(), emu, LatencyConfig{MaxResults: 10, Starts: 20})
	if err != nil {
		t.Fatal(err)
	}
	starts, err := p.startTokens(groups)
	if err != nil {
		t.Fatal(err)
	}
	if len(starts) != 20 || starts[0] != "" {
		t.Fatalf("%d starts, first %q; want 20 starting with the first page", len(starts), starts[0])
	}
	all, _ := mustMemory(t, groups).Slice(store.Query{Account: Account, Region: Region}, 0, groups)
	rank := map[string]int{}
	for i, g := range all {
		rank[g.ID] = i
	}
	tenths := map[int]bool{}
	for _, tok := range starts {
		req, err := p.prepare(10, tok)
		if err != nil {
			t.Fatal(err)
		}
		pg, _, err := p.serve(req)
		if err != nil {
			t.Fatal(err)
		}
		tenths[rank[pg.SecurityGroups.SecurityGroup[0].SecurityGroupId]*10/groups] = true
	}
	if len(tenths) != 10 {
		t.Errorf("the starts reach %d of the 10 tenths of the region: %v", len(tenths), tenths)
	}
}

func mustMemory(t *testing.T, n int) *store.Memory {
	t.Helper()
	m, err := store.NewMemory(Groups(n))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestHeapPerGroupWithinTarget is a tripwire for the memory target (1 KiB
// per group) at a size a test can afford; cmd/loadgen measures 1M.
func TestHeapPerGroupWithinTarget(t *testing.T) {
	h, emu, err := HeapPerGroup(50_000)
	if err != nil {
		t.Fatal(err)
	}
	if emu == nil || h.Groups != 50_000 {
		t.Fatalf("HeapPerGroup returned %+v and emulator %v", h, emu)
	}
	if h.PerGroup <= 0 || h.PerGroup > 1024 {
		t.Errorf("%.0f bytes of heap per group, want more than 0 and at most 1024", h.PerGroup)
	}
}

func TestSummarize(t *testing.T) {
	d := make([]time.Duration, 100)
	for i := range d {
		d[len(d)-1-i] = time.Duration(i+1) * time.Microsecond // unsorted on purpose
	}
	l := summarize(7, d)
	want := Latency{Groups: 7, Samples: 100, P50: 51 * time.Microsecond, P99: 100 * time.Microsecond,
		Mean: 50500 * time.Nanosecond, Max: 100 * time.Microsecond}
	if l != want {
		t.Errorf("summarize: %+v, want %+v", l, want)
	}
}

func TestMedianRPS(t *testing.T) {
	r := func(n int) Result { return Result{Requests: n, Elapsed: time.Second} }
	tests := []struct {
		rs   []Result
		want float64
	}{
		{nil, 0},
		{[]Result{r(5)}, 5},
		{[]Result{r(9), r(1), r(5)}, 5},
		{[]Result{r(2), r(8), r(4), r(6)}, 5},
	}
	for _, tt := range tests {
		if got := MedianRPS(tt.rs); got != tt.want {
			t.Errorf("MedianRPS(%v) = %v, want %v", tt.rs, got, tt.want)
		}
	}
}

// TestPairedRatios: each run of a target is divided by the bare run just
// before it, for rates and for CPU per request alike.
func TestPairedRatios(t *testing.T) {
	run := func(target string, requests int, cpu time.Duration) Run {
		return Run{Target: target, Result: Result{Requests: requests, Elapsed: time.Second}, CPU: cpu}
	}
	rep := &CompareReport{Runs: []Run{
		run(TargetBare, 1000, 40*time.Millisecond), run(TargetV3, 800, 48*time.Millisecond),
		run(TargetBare, 500, 25*time.Millisecond), run(TargetV3, 450, 27*time.Millisecond),
		run(TargetRPC, 250, 20*time.Millisecond),
	}}
	for _, tt := range []struct {
		name      string
		got, want []float64
	}{
		{"v3 rates", rep.Ratios(TargetV3), []float64{0.8, 0.9}},
		{"v3 CPU", rep.CPURatios(TargetV3), []float64{1.5, 1.2}},
		{"rpc CPU, after the second bare run", rep.CPURatios(TargetRPC), []float64{1.6}},
	} {
		if len(tt.got) != len(tt.want) {
			t.Fatalf("%s: %v, want %v", tt.name, tt.got, tt.want)
		}
		for i := range tt.got {
			if d := tt.got[i] - tt.want[i]; d > 1e-9 || d < -1e-9 {
				t.Errorf("%s: %v, want %v", tt.name, tt.got, tt.want)
			}
		}
	}
}
