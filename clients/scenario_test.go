package clients_test

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/ecs-conformance/ecs-conformance/emulator"
	"github.com/ecs-conformance/ecs-conformance/emulator/store"
	"github.com/ecs-conformance/ecs-conformance/runner/proxy"
	"github.com/ecs-conformance/ecs-conformance/runner/replayserver"
	"github.com/ecs-conformance/ecs-conformance/runner/vcr"
)

const region = "cn-hangzhou"

// A key pair that looks real (LTAI5t and 18 alphanumerics, a 30-character
// secret) and is not. The emulator accepts it; the secret scan must find no
// trace of it in what the proxy recorded.
const (
	keyID  = "LTAI5tK3nB8xQ2vR7mW4pZ9d"
	secret = "Xy7Qp2Lm9Kv4Tn8Wr3Hb6Jd1Fs5Gz0"
	// wrongSecret signs the scenario's wrong-secret call.
	wrongSecret = "Wrong0Secret0For0The0Scenario0"
)

// Steps of the scenario, in order. Each client runs them with its own
// types and encodings; the results must be the same in record and
// playback.
const (
	stepPlain       = "plain"            // RegionId only
	stepNextToken   = "next-token-walk"  // MaxResults=50 and NextToken until the last page
	stepPageNumber  = "page-number-walk" // PageSize=50, PageNumber 1, 2, ... until a short page
	stepVpcFilter   = "vpc-filter"       // VpcId of the fixture's first group
	stepTagFilter   = "tag-filter"       // Tag.1.Key/Value of the fixture's probe tag
	stepError       = "error"            // SecurityGroupType=other: InvalidParameter.SecurityGroupType
	stepDryRun      = "dry-run"          // DryRun=true: DryRunOperation
	stepWrongSecret = "wrong-secret"     // RegionId only, signed with the wrong secret: SignatureDoesNotMatch
	// Against the committed suite cassettes: a filter the suite recorded.
	stepNameFilter = "name-filter" // SecurityGroupName=web, MaxResults=100
)

var scenarioSteps = []string{stepPlain, stepNextToken, stepPageNumber, stepVpcFilter, stepTagFilter, stepError, stepDryRun, stepWrongSecret}

// committedSteps are answered from the suite's cassettes.
var committedSteps = []string{stepPlain, stepNameFilter, stepError}

// result is what a client saw of one step, decoded by the client itself.
type result struct {
	Step   string `json:"step"`
	Status int    `json:"status"`
	// Code is the error code the client raised; "" on success.
	Code string `json:"code"`
	// IDs are the groups of every page, in order; Pages how many pages.
	IDs   []string `json:"ids"`
	Pages int      `json:"pages"`
	// RequestIDs of every page (or of the error): identical only when the
	// playback answered with exactly the recorded answers.
	RequestIDs []string `json:"requestIds"`
}

func (r result) String() string {
	if r.Code != "" {
		return fmt.Sprintf("%d %s", r.Status, r.Code)
	}
	return fmt.Sprintf("%d, %d groups in %d pages", r.Status, len(r.IDs), r.Pages)
}

// fixtureValues are the filter values of the scenario, from the emulator's
// embedded fixture.
type fixtureValues struct{ VpcID, TagKey, TagValue string }

func fixture(t testing.TB) fixtureValues {
	t.Helper()
	for _, g := range store.Default() {
		if g.Region == region && g.Account == emulator.DefaultAccount && g.VpcID != "" {
			return fixtureValues{VpcID: g.VpcID, TagKey: store.FixtureTagKey, TagValue: store.FixtureTagValue}
		}
	}
	t.Fatal("the fixture has no group with a VPC in " + region)
	return fixtureValues{}
}

// client is one real client driven through its scenario.
type client struct {
	name string
	// run sends the steps to endpoint (host:port) signed with keyID and
	// secret (wrongSecret for stepWrongSecret) and returns what it saw.
	run func(t *testing.T, endpoint string, steps []string, f fixtureValues) []result
	// wrongSecretCodes are the codes the client may raise for the wrong
	// secret: the legacy SDK rewrites SignatureDoesNotMatch when its own
	// string-to-sign equals the server's.
	wrongSecretCodes []string
}

// loopback serves h on 127.0.0.1 until the test ends, returning the server
// and its host:port, the endpoint form the SDKs take.
func loopback(t testing.TB, h http.Handler) (*httptest.Server, string) {
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
	return srv, strings.TrimPrefix(srv.URL, "http://")
}

// table collects client × scenario × record / playback results, printed
// by TestMain after the run (go test -v).
var table struct {
	sync.Mutex
	rows []string
}

func addRow(format string, args ...any) {
	table.Lock()
	table.rows = append(table.rows, fmt.Sprintf(format, args...))
	table.Unlock()
}

// recordAndPlay runs c's scenario through the proxy recording an emulator
// on loopback, stops the emulator and the recording proxy, and runs it
// again against a playback proxy: the client must see the same results.
func recordAndPlay(t *testing.T, c client) {
	f := fixture(t)
	keys := append(emulator.DefaultKeys(), emulator.AccessKey{ID: keyID, Secret: secret, Account: emulator.DefaultAccount})
	emu, err := emulator.New(emulator.Options{Keys: keys})
	if err != nil {
		t.Fatal(err)
	}
	upstream, _ := loopback(t, emu.Handler())
	dir := t.TempDir()
	u, _ := url.Parse(upstream.URL)
	rp, err := proxy.New(proxy.Options{Mode: proxy.ModeRecord, Cassettes: dir, Upstream: u, Recording: c.name})
	if err != nil {
		t.Fatal(err)
	}
	rsrv, rhost := loopback(t, rp)
	recorded := c.run(t, rhost, scenarioSteps, f)
	rsrv.Close()
	if _, err := rp.Close(); err != nil {
		t.Fatal(err)
	}
	upstream.Close()
	checkScenario(t, c, recorded)

	findings, err := vcr.ScanSecrets(dir, keyID, secret, wrongSecret)
	if err != nil || len(findings) > 0 {
		t.Fatalf("the secret scan of %s's recording found %v (%v)", c.name, findings, err)
	}

	pp, err := proxy.New(proxy.Options{Mode: proxy.ModePlayback, Cassettes: dir, Recording: c.name})
	if err != nil {
		t.Fatal(err)
	}
	psrv, phost := loopback(t, pp)
	played := c.run(t, phost, scenarioSteps, f)
	psrv.Close()
	reports, err := pp.Close()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(played, recorded) {
		t.Errorf("%s: playback differs from the recording:\n got %+v\nwant %+v", c.name, played, recorded)
	}
	if r := reports[0]; r.Unmatched != 0 || r.Unplayed != 0 || r.Drifted != 0 {
		t.Errorf("%s: playback report: %s", c.name, r.Summary())
	}
	for i, r := range recorded {
		same := "same"
		if i >= len(played) || !reflect.DeepEqual(played[i], r) {
			same = "DIFFERENT"
		}
		addRow("| %s | %s | %s | %s |", c.name, r.Step, r, same)
	}
}

// checkScenario checks what the emulator answered the scenario.
func checkScenario(t *testing.T, c client, got []result) {
	t.Helper()
	if len(got) != len(scenarioSteps) {
		t.Fatalf("%s ran %d steps, want %d: %+v", c.name, len(got), len(scenarioSteps), got)
	}
	by := map[string]result{}
	for _, r := range got {
		by[r.Step] = r
	}
	for _, s := range []string{stepPlain, stepNextToken, stepPageNumber, stepVpcFilter, stepTagFilter} {
		if r := by[s]; r.Status != 200 || r.Code != "" || len(r.IDs) == 0 {
			t.Errorf("%s %s: %+v, want groups", c.name, s, r)
		}
	}
	if nt, pn := by[stepNextToken], by[stepPageNumber]; nt.Pages < 2 || !slices.Equal(nt.IDs, pn.IDs) {
		t.Errorf("%s: the NextToken walk (%d pages, %d groups) and the PageNumber walk (%d pages, %d groups) differ", c.name, nt.Pages, len(nt.IDs), pn.Pages, len(pn.IDs))
	}
	for s, want := range map[string][]string{stepError: {"InvalidParameter.SecurityGroupType"}, stepDryRun: {"DryRunOperation"}, stepWrongSecret: c.wrongSecretCodes} {
		if r := by[s]; r.Status != 400 || !slices.Contains(want, r.Code) {
			t.Errorf("%s %s: %+v, want 400 and one of %v", c.name, s, r, want)
		}
	}
}

// committedServer is the replay server over the committed cassettes, both
// schemes, as `conformance replay-server -cassettes cassettes` serves them.
// It is loaded once (15 MB of YAML) and shared by the tests.
func committedServer(t *testing.T) string {
	t.Helper()
	committed.once.Do(func() {
		s, err := replayserver.New(replayserver.Options{Dir: filepath.Join("..", "cassettes")})
		if err != nil {
			committed.err = err
			return
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			committed.err = err
			return
		}
		// Served until the test binary exits.
		go http.Serve(ln, s)
		committed.host = ln.Addr().String()
	})
	if committed.err != nil {
		t.Fatal(committed.err)
	}
	return committed.host
}

var committed struct {
	once sync.Once
	host string
	err  error
}

// servedFromCommitted runs c's plain call, filter and error against the
// committed cassettes: data, data and the error, never a fault.
func servedFromCommitted(t *testing.T, c client, host string) {
	got := c.run(t, host, committedSteps, fixture(t))
	if len(got) != len(committedSteps) {
		t.Fatalf("%s ran %d steps: %+v", c.name, len(got), got)
	}
	for _, r := range got {
		ok := r.Status == 200 && r.Code == "" && len(r.IDs) > 0
		if r.Step == stepError {
			ok = r.Status == 400 && r.Code == "InvalidParameter.SecurityGroupType"
		}
		if !ok {
			t.Errorf("%s %s from the committed cassettes: %+v", c.name, r.Step, r)
		}
		addRow("| %s | %s (committed cassettes) | %s | replay-server |", c.name, r.Step, r)
	}
}
