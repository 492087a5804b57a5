package browsertest

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The emulator's published default pair: the mock checks no signature
// (-no-auth), but the suite signs every request and the report must not
// show the secret.
const (
	keyID     = "LTAI5tEmulatorDefault0001"
	keySecret = "EmulatorDefaultSecret0000000000001"
)

// chromium finds Debian's chromium. Without it the test skips on a
// developer's machine and fails in CI, where .ci/run installs it.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	const how = "apt-get update && apt-get install -y --no-install-recommends chromium"
	if os.Getenv("CI") == "true" {
		t.Fatalf("no chromium on PATH; CI must install it (%s)", how)
	}
	t.Skipf("no chromium on PATH (install it: %s); CI=true makes this a failure", how)
	return ""
}

// root is the repository: this module lives in report/browsertest.
func root(t *testing.T) string {
	t.Helper()
	r, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// build builds the main module's commands into dir.
func build(t *testing.T, repo, dir string, cmds ...string) {
	t.Helper()
	for _, c := range cmds {
		b := exec.Command("go", "build", "-o", filepath.Join(dir, c), "./cmd/"+c)
		b.Dir = repo
		if out, err := b.CombinedOutput(); err != nil {
			t.Fatalf("go build ./cmd/%s: %v\n%s", c, err, out)
		}
	}
}

// startMock starts ecsemu without signature checks on a free loopback port
// and returns its URL; it is stopped when the test ends.
func startMock(t *testing.T, ecsemu string) string {
	t.Helper()
	cmd := exec.Command(ecsemu, "-listen", "127.0.0.1:0", "-no-auth")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	})
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "ecsemu listening on "); ok {
				lines <- u
			}
		}
	}()
	select {
	case u := <-lines:
		return u
	case <-time.After(30 * time.Second):
		t.Fatal("ecsemu did not say it listens within 30s")
	}
	return ""
}

// results is what the test reads of the results file, to know what the
// page must show.
type results struct {
	Operations []struct {
		Total struct{ Passed, Failed, Skipped, KnownDeviations int }
	}
}

func TestHTMLReportInChromium(t *testing.T) {
	browser := chromium(t)
	repo := root(t)
	bin := t.TempDir()
	build(t, repo, bin, "conformance", "ecsemu")
	endpoint := startMock(t, filepath.Join(bin, "ecsemu"))

	// out/ is ignored by git and kept by CI as an artefact.
	out := filepath.Join(repo, "out")
	page := filepath.Join(out, "report.html")
	resultsFile := filepath.Join(out, "report-results.json")
	ledger, _ := filepath.Abs(filepath.Join("testdata", "ledger.yaml"))
	run := exec.Command(filepath.Join(bin, "conformance"), "run", "-no-color", "-mode", "live", "-endpoint", endpoint,
		"-target", "browsertest-mock", "-ledger", ledger, "-html-report", page, "-results", resultsFile)
	run.Env = append(os.Environ(), "ALIBABA_CLOUD_ACCESS_KEY_ID="+keyID, "ALIBABA_CLOUD_ACCESS_KEY_SECRET="+keySecret,
		"CONFORMANCE_MODE=", "CONFORMANCE_FIXTURES=", "CONFORMANCE_CONTROL=")
	output, err := run.CombinedOutput()
	var exit *exec.ExitError
	// A mock that checks no signature fails the authentication specs: the
	// report has failures to show, next to passes, skips and a deviation.
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("conformance run against a mock without signature checks: %v, want exit 1 (failed specs)\n%s", err, output)
	}
	data, err := os.ReadFile(resultsFile)
	if err != nil {
		t.Fatal(err)
	}
	var res results
	if err := json.Unmarshal(data, &res); err != nil {
		t.Fatal(err)
	}
	// The page totals the whole run: every operation of the contract.
	var want struct{ Passed, Failed, Skipped, KnownDeviations int }
	for _, op := range res.Operations {
		want.Passed += op.Total.Passed
		want.Failed += op.Total.Failed
		want.Skipped += op.Total.Skipped
		want.KnownDeviations += op.Total.KnownDeviations
	}
	if want.Failed == 0 || want.Passed == 0 || want.Skipped == 0 || want.KnownDeviations == 0 {
		t.Fatalf("the run does not exercise every status the page shows: %+v", want)
	}

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(browser), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("no-default-browser-check", true),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
	defer cancel()

	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+page), chromedp.WaitVisible("#verdict")); err != nil {
		t.Fatalf("opening %s in %s: %v", page, browser, err)
	}
	title := eval[string](ctx, t, `document.title`)
	verdict := eval[string](ctx, t, `document.getElementById("verdict").innerText`)
	endpointShown := eval[string](ctx, t, `document.getElementById("run-endpoint").innerText`)
	failures := eval[int](ctx, t, `document.querySelectorAll("article.failure").length`)
	deviationRows := eval[int](ctx, t, `document.querySelectorAll("table.matrix tr.known-deviation").length`)
	skippedRows := eval[int](ctx, t, `document.querySelectorAll("table.skipped tbody tr").length`)
	totals := eval[map[string]string](ctx, t, `Object.fromEntries([...document.querySelectorAll("#totals .total")].map(e => [e.classList[1], e.querySelector("b").innerText]))`)
	requests := eval[[]string](ctx, t, `[...document.querySelectorAll("details.request pre")].map(e => e.innerText)`)
	resources := eval[int](ctx, t, `performance.getEntriesByType("resource").length`)
	overflow := eval[int](ctx, t, `document.documentElement.scrollWidth - window.innerWidth`)
	text := eval[string](ctx, t, `document.body.innerText`)
	top, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	// What a reviewer scrolls to: the first failure, and the matrix.
	at := func(sel string) []byte {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.ScrollIntoView(sel)); err != nil {
			t.Fatalf("scrolling to %s: %v", sel, err)
		}
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		return png
	}
	failure, matrix := at("article.failure"), at(`h3[id^="matrix-"]`)
	full, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}

	for _, shot := range []struct {
		name string
		png  []byte
	}{{"report.png", top}, {"report-failure.png", failure}, {"report-matrix.png", matrix}, {"report-full.png", full}} {
		path := filepath.Join(out, shot.name)
		if err := os.WriteFile(path, shot.png, 0o644); err != nil {
			t.Fatal(err)
		}
		fmt.Printf("screenshot of the HTML report: %s\n", path)
	}

	checks := []struct {
		what string
		ok   bool
		got  any
	}{
		{"the title names the target", strings.Contains(title, "browsertest-mock"), title},
		{"the verdict says how many failed", verdict == fmt.Sprintf("Does not conform: %d failed", want.Failed), verdict},
		{"the endpoint is the host only", "http://"+endpointShown == endpoint, endpointShown},
		{"one article per failed spec", failures == want.Failed, failures},
		{"the totals match the results file", totals["passed"] == fmt.Sprint(want.Passed) && totals["failed"] == fmt.Sprint(want.Failed) &&
			totals["skipped"] == fmt.Sprint(want.Skipped) && totals["known-deviation"] == fmt.Sprint(want.KnownDeviations), totals},
		{"a skipped row per skipped spec", skippedRows == want.Skipped, skippedRows},
		{"the deviating behaviour in the matrix", deviationRows == 1, deviationRows},
		{"the deviation's reason", strings.Contains(text, "tokens are plain offsets in our mock (ticket MOCK-12)"), ""},
		{"a skip's reason", strings.Contains(text, "needs the default fixture"), ""},
		{"every failure shows its request", len(requests) == want.Failed, len(requests)},
		{"requests carry no key and no signature", len(requests) > 0 && allRedacted(requests) && !strings.Contains(strings.Join(requests, ""), keyID), requests},
		{"the secret appears nowhere", !strings.Contains(text, keySecret), ""},
		{"the page loads nothing (self-contained)", resources == 0, resources},
		{"nothing overflows the window sideways", overflow <= 0, overflow},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("%s: got %v", c.what, c.got)
		}
	}
}

// allRedacted tells whether no shown request carries a signature: a V3
// request's Authorization header and an RPC request's Signature and
// AccessKeyId are REDACTED wherever they appear (a spec that sends none, a
// missing-signature case, has nothing to redact), and at least one
// request shows each redaction.
func allRedacted(requests []string) bool {
	signed := regexp.MustCompile(`(?i)(Authorization: |[?&](Signature|AccessKeyId)=)([^&\s]*)`)
	var v3, rpc bool
	for _, r := range requests {
		for _, m := range signed.FindAllStringSubmatch(r, -1) {
			if m[3] != "REDACTED" {
				return false
			}
			if strings.HasPrefix(m[1], "Authorization") {
				v3 = true
			} else {
				rpc = true
			}
		}
	}
	return v3 && rpc
}

// eval runs a script in the page and returns its value.
func eval[T any](ctx context.Context, t *testing.T, script string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](script))
	if err != nil {
		t.Fatalf("%s: %v", script, err)
	}
	return v
}
