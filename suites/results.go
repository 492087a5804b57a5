package suites

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/ecs-conformance/ecs-conformance/specs"
)

// BehaviourResult is the outcome of one behaviour of the contract in a run:
// one row of the capability matrix a target's owner can publish.
type BehaviourResult struct {
	ID      string `json:"id"`
	Area    string `json:"area"`
	Assumed bool   `json:"assumed"`
	// Status is StatusFailed when any spec of the behaviour failed, else
	// StatusPassed when any passed, else StatusKnownDeviation,
	// StatusSkipped or StatusNotRun (no spec, or none selected).
	Status string `json:"status"`
	// Specs are the full texts of the specs labelled with the behaviour,
	// sorted, whether or not they ran.
	Specs []string `json:"specs"`
}

// statusRank orders statuses from the one that wins a behaviour's status.
var statusRank = []string{StatusFailed, StatusPassed, StatusKnownDeviation, StatusSkipped, StatusNotRun}

// BehaviourResults gives every behaviour of op's contract, in contract
// order, the status its specs earned in the run.
func BehaviourResults(op *specs.Operation, r types.Report) []BehaviourResult {
	status := map[string]int{} // behaviour → index into statusRank
	specTexts := map[string][]string{}
	for _, spec := range specsOf(op, r) {
		o := outcome(spec)
		deviating, named := deviatingBehaviour(spec.Failure.Message)
		for _, id := range labelled(spec.Labels(), behaviourPrefix) {
			got := o
			if o == StatusKnownDeviation && named && deviating != id {
				// The spec was skipped for another behaviour it also
				// checks; this one did not deviate, it went unchecked.
				got = StatusSkipped
			}
			rank := slices.Index(statusRank, got)
			if cur, ok := status[id]; !ok || rank < cur {
				status[id] = rank
			}
			specTexts[id] = append(specTexts[id], spec.FullText())
		}
	}
	out := make([]BehaviourResult, 0, len(op.Behaviours))
	for _, b := range op.Behaviours {
		res := BehaviourResult{ID: b.ID, Area: b.Area, Assumed: b.Assumed, Status: StatusNotRun, Specs: []string{}}
		if rank, ok := status[b.ID]; ok {
			res.Status = statusRank[rank]
		}
		if texts := specTexts[b.ID]; len(texts) > 0 {
			slices.Sort(texts)
			res.Specs = slices.Compact(texts)
		}
		out = append(out, res)
	}
	return out
}

// deviatingBehaviour reads the behaviour ID out of a known-deviation skip
// message ("known deviation of <id> (until ...): reason"), as applyLedger
// writes it.
func deviatingBehaviour(msg string) (string, bool) {
	rest, ok := strings.CutPrefix(msg, KnownDeviationPrefix+" of ")
	if !ok {
		return "", false
	}
	fields := strings.Fields(rest)
	if len(fields) == 0 {
		return "", false
	}
	return fields[0], true
}

// resultsFile is the JSON document WriteResults writes: one entry per
// operation of the contract set.
type resultsFile struct {
	DryRun     bool               `json:"dryRun"`
	Operations []operationResults `json:"operations"`
}

type operationResults struct {
	Operation  string            `json:"operation"`
	Version    string            `json:"version"`
	Behaviours []BehaviourResult `json:"behaviours"`
}

// WriteResults writes the per-behaviour results of a run, for every
// operation of the contract set, as JSON to path, creating its directory.
func WriteResults(path string, r types.Report) error {
	doc := resultsFile{DryRun: r.SuiteConfig.DryRun}
	for _, op := range specs.Operations() {
		doc.Operations = append(doc.Operations, operationResults{
			Operation: op.Operation, Version: op.Version, Behaviours: BehaviourResults(op, r),
		})
	}
	data, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return fmt.Errorf("suites: encoding the results: %w", err)
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("suites: writing the results: %w", err)
		}
	}
	if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("suites: writing the results: %w", err)
	}
	return nil
}

// compact sorts and de-duplicates a few names.
func compact(names []string) []string {
	out := slices.Clone(names)
	slices.Sort(out)
	return slices.Compact(out)
}

// clip bounds a failure message in the summary: Gomega dumps whole values,
// and Ginkgo's own report above the summary has the full text.
func clip(s string) string {
	const limit = 240
	if len(s) <= limit {
		return s
	}
	return strings.ToValidUTF8(s[:limit], "") + "…"
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// closingReport is the body of the ReportAfterSuite that Register declares.
// It prints to os.Stdout rather than GinkgoWriter, whose output go test shows
// only for failures. env is nil when the BeforeSuite that builds it failed;
// the summary then still says so, but there is nowhere to write results.
func closingReport(r types.Report, env *Env) {
	ops := specs.Operations()
	for i, op := range ops {
		s := Summarize(op, r)
		if i < len(ops)-1 {
			s.SuiteFailures = nil // suite-level: said once, after the last table
		}
		s.WriteText(os.Stdout)
	}
	if env == nil || env.ResultsFile == "" {
		return
	}
	if err := WriteResults(env.ResultsFile, r); err != nil {
		ginkgo.Fail(err.Error())
	}
}
