package suites

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/ecs-conformance/ecs-conformance/internal/client"
	"github.com/ecs-conformance/ecs-conformance/report"
)

// Env is what the suite knows of its target.
type Env struct {
	// Endpoint is the base URL of the target, e.g. http://127.0.0.1:8080.
	Endpoint string
	// Region is the region the specs query; OtherRegion, when set, is a
	// second region the target serves (for tokens bound to their region).
	Region, OtherRegion string
	// Scheme is the signature scheme of every request, "v3" or "rpc", when
	// Schemes is empty.
	Scheme client.Scheme
	// Schemes, when set, are the schemes the run signs with: each spec runs
	// once per scheme listed, and is skipped, saying why, in the others.
	Schemes []client.Scheme
	// Caller is the identity every spec signs with.
	Caller Identity
	// Fixture says the target holds our default fixture, so specs labelled
	// "fixture" can rely on its known data and extra identities.
	Fixture bool
	// Identities the target has besides Caller; a spec that needs one that
	// is absent is skipped with the reason.
	OtherAccount, Denied, Inactive, STS *Identity
	// Control says the target serves the emulator's control endpoints
	// (/_emulator/faults), so fault specs can inject faults. When false, a
	// live target (no Open) is asked once, GET /_emulator/health, whether it
	// serves them: the fault specs run wherever the control plane answers.
	Control bool
	// ControlToken, when set, is sent as "Authorization: Bearer" with
	// every control call (ecsemu -control-token).
	ControlToken string
	// Clock is the time requests are signed with; nil means time.Now.
	Clock func() time.Time
	// Open is called as each spec starts with the spec's full text; it
	// returns the transport for that spec's traffic (a recorder, a replayer,
	// an in-process handler) and a function that ends it. nil means
	// http.DefaultTransport.
	Open func(specText string) (SpecTarget, error)
	// Deviations are the behaviours known to deviate on this target.
	Deviations Ledger
	// probe and probed remember the answer of the control-plane probe.
	probe  sync.Once
	probed bool
	// ResultsFile, when set, is where the run's results document is
	// written as JSON (see NewDocument) once the suite ends.
	ResultsFile string
	// HTMLReport and MarkdownReport, when set, are where the closing report
	// writes its pages for people: a self-contained HTML page and a
	// Markdown summary (for $GITHUB_STEP_SUMMARY).
	HTMLReport, MarkdownReport string
	// Run describes the run in those reports: target, endpoint, mode...
	Run report.Run
}

// SpecTarget carries one spec's traffic.
type SpecTarget struct {
	Transport http.RoundTripper
	// Nonce, when set, makes the spec's nonces deterministic (recordings).
	Nonce func() string
	// Close ends the spec's traffic (a recorder saves its cassette here).
	Close func() error
}

// Identity is an access key the suite can sign with.
type Identity struct {
	AccessKeyID, AccessKeySecret, SecurityToken string
	// Account is the account ID the key belongs to, when known.
	Account string
}

// Validate reports what is missing from an Env before any spec runs.
func (e *Env) Validate() error {
	switch {
	case e == nil:
		return fmt.Errorf("suites: no Env: pass a function that returns the target's Env to Register")
	case e.Endpoint == "":
		return fmt.Errorf("suites: Env.Endpoint is empty: set the target's base URL (CONFORMANCE_ENDPOINT)")
	case e.Region == "":
		return fmt.Errorf("suites: Env.Region is empty: set the region to query (CONFORMANCE_REGION)")
	case e.Caller.AccessKeyID == "" || e.Caller.AccessKeySecret == "":
		return fmt.Errorf("suites: no credentials: set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET")
	}
	for _, s := range e.schemes() {
		if s != client.SchemeV3 && s != client.SchemeRPC {
			return fmt.Errorf("suites: signature scheme %q is neither %q nor %q", s, client.SchemeV3, client.SchemeRPC)
		}
	}
	return nil
}

// schemes are the schemes the run signs with.
func (e *Env) schemes() []client.Scheme {
	if len(e.Schemes) > 0 {
		return e.Schemes
	}
	return []client.Scheme{e.Scheme}
}

// Runs says whether the run signs with scheme.
func (e *Env) Runs(scheme client.Scheme) bool {
	for _, s := range e.schemes() {
		if s == scheme {
			return true
		}
	}
	return false
}

// controlPlane says the target serves the control endpoints: configured so,
// or, for a live target, answering GET /_emulator/health with 200.
func (e *Env) controlPlane(rt http.RoundTripper) bool {
	if e.Control {
		return true
	}
	if e.Open != nil {
		return false // recorded or replayed traffic: only what is configured
	}
	e.probe.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(e.Endpoint, "/")+"/_emulator/health", nil)
		if err != nil {
			return
		}
		if e.ControlToken != "" {
			req.Header.Set("Authorization", "Bearer "+e.ControlToken)
		}
		resp, err := (&http.Client{Transport: rt}).Do(req)
		if err != nil {
			return
		}
		resp.Body.Close()
		e.probed = resp.StatusCode == http.StatusOK
	})
	return e.probed
}
