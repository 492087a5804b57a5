package report

import (
	"time"

	"github.com/ecs-conformance/ecs-conformance/internal/buildinfo"
)

// Format names the shape of a results document; it changes when a field
// changes meaning or goes away, not when one is added.
const Format = "ecs-conformance-results/1"

// Statuses of a spec and of a behaviour.
const (
	StatusPassed         = "passed"
	StatusFailed         = "failed"
	StatusKnownDeviation = "known-deviation"
	StatusSkipped        = "skipped"
	StatusNotRun         = "not-run"
)

// Document is everything the reports say about one run of the suite.
type Document struct {
	// Format is always Format.
	Format string `json:"format"`
	Run    Run    `json:"run"`
	// DryRun says nothing was sent: "passed" then means "would run".
	DryRun bool `json:"dryRun"`
	// SuiteFailures are failures outside any spec (a BeforeSuite, the
	// closing report, an interrupt): after one, the specs did not run.
	SuiteFailures []string    `json:"suiteFailures"`
	Operations    []Operation `json:"operations"`
}

// Run says what was tested, how, when and with what.
type Run struct {
	// Target names the target (cassette folder, ledger): CONFORMANCE_TARGET.
	Target string `json:"target"`
	// Endpoint is the host (and port) the traffic went to, without scheme,
	// path or user information; "emulator.local" for an in-process target.
	Endpoint string `json:"endpoint"`
	// Mode is emulator, live, record or replay.
	Mode string `json:"mode"`
	// Schemes are the signature schemes the requests were signed with.
	Schemes []string `json:"schemes"`
	Region  string   `json:"region"`
	// Date is when the run started.
	Date time.Time `json:"date"`
	// Tool is the build of the suite that ran.
	Tool buildinfo.Info `json:"tool"`
	// Contract is the contract set the suite checked.
	Contract Contract `json:"contract"`
	// Filters are the spec filters of the run; empty when every spec was
	// selected.
	Filters Filters `json:"filters"`
}

// Contract identifies the contract set: each operation's API version is on
// its Operation, Digest covers every file of the set.
type Contract struct {
	// Digest is "sha256:" and the hash of the contract files.
	Digest string `json:"digest"`
}

// Filters are Ginkgo's spec filters, as given.
type Filters struct {
	Focus       []string `json:"focus,omitempty"`
	Skip        []string `json:"skip,omitempty"`
	LabelFilter string   `json:"labelFilter,omitempty"`
}

// Operation is the account of one operation of the contract set.
type Operation struct {
	Operation string `json:"operation"`
	// Version is the operation's API version (2014-05-26).
	Version string `json:"version"`
	// Areas has one tally per area label, sorted by area; a spec with two
	// areas counts in both. Total counts every spec once.
	Areas    []Tally  `json:"areas"`
	Total    Tally    `json:"total"`
	Coverage Coverage `json:"coverage"`
	// Behaviours are the capability matrix: every behaviour of the
	// contract, in contract order, with the status its specs earned.
	Behaviours []Behaviour `json:"behaviours"`
	// Specs are every spec of the operation, in the order they ran.
	Specs []Spec `json:"specs"`
}

// Tally counts specs by status.
type Tally struct {
	Area            string `json:"area"`
	Passed          int    `json:"passed"`
	Failed          int    `json:"failed"`
	Skipped         int    `json:"skipped"`
	KnownDeviations int    `json:"knownDeviations"`
	NotRun          int    `json:"notRun"`
}

// Coverage measures how much of each catalogue of the contract the specs
// that ran exercised.
type Coverage struct {
	Behaviours Catalogue `json:"behaviours"`
	Errors     Catalogue `json:"errorCodes"`
	Parameters Catalogue `json:"parameters"`
	Filters    Catalogue `json:"filters"`
}

// Catalogue is the coverage of one catalogue, each list in contract order.
type Catalogue struct {
	Total     int      `json:"total"`
	Exercised []string `json:"exercised"`
	Passed    []string `json:"passed"`
	Failed    []string `json:"failed"`
	Gaps      []string `json:"gaps"`
}

// Behaviour is one row of the capability matrix.
type Behaviour struct {
	ID      string `json:"id"`
	Area    string `json:"area"`
	Assumed bool   `json:"assumed"`
	// Status is failed when any spec of the behaviour failed, else passed
	// when any passed, else known-deviation, skipped or not-run.
	Status string `json:"status"`
	// Reason says why a known deviation deviates or a skip skipped.
	Reason string `json:"reason,omitempty"`
	// Specs are the full texts of the specs labelled with the behaviour.
	Specs []string `json:"specs"`
}

// Spec is the outcome of one spec.
type Spec struct {
	Text       string   `json:"text"`
	Status     string   `json:"status"`
	Areas      []string `json:"areas"`
	Behaviours []string `json:"behaviours"`
	// Message is the failure, or the reason of a skip or known deviation.
	Message string `json:"message,omitempty"`
	// Location is where a failure happened (file:line).
	Location string `json:"location,omitempty"`
	// Exchange is the spec's last request and its answer, kept for a failed
	// spec, secrets redacted.
	Exchange *Exchange `json:"exchange,omitempty"`
}

// Exchange is one request and its answer, as they went over the wire, with
// every credential, signature and token replaced by REDACTED and the bodies
// cut to an excerpt.
type Exchange struct {
	Request  Request   `json:"request"`
	Response *Response `json:"response,omitempty"`
	// Error is why no answer came (a refused connection, a replay miss).
	Error string `json:"error,omitempty"`
}

// Request is the request side of an Exchange.
type Request struct {
	Method string              `json:"method"`
	URL    string              `json:"url"`
	Header map[string][]string `json:"header"`
	Body   string              `json:"body,omitempty"`
	// BodyTruncated says Body is the start of a longer body.
	BodyTruncated bool `json:"bodyTruncated,omitempty"`
}

// Response is the answer side of an Exchange.
type Response struct {
	Status        int                 `json:"status"`
	Header        map[string][]string `json:"header"`
	Body          string              `json:"body,omitempty"`
	BodyTruncated bool                `json:"bodyTruncated,omitempty"`
}

// Totals adds up the totals of every operation.
func (d *Document) Totals() Tally {
	var t Tally
	for _, op := range d.Operations {
		t.Passed += op.Total.Passed
		t.Failed += op.Total.Failed
		t.Skipped += op.Total.Skipped
		t.KnownDeviations += op.Total.KnownDeviations
		t.NotRun += op.Total.NotRun
	}
	t.Area = "total"
	return t
}

// SpecsWith returns the operation's specs of one status, in run order.
func (op *Operation) SpecsWith(status string) []Spec {
	var out []Spec
	for _, s := range op.Specs {
		if s.Status == status {
			out = append(out, s)
		}
	}
	return out
}
