package suites

import (
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/ecs-conformance/ecs-conformance/report"
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
	// Reason says why a known deviation deviates or a skip skipped: the
	// message of the spec that gave the behaviour its status.
	Reason string `json:"reason,omitempty"`
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
	reasons := map[string]string{}
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
				reasons[id] = ""
				if got == StatusKnownDeviation || got == StatusSkipped {
					reasons[id] = spec.Failure.Message
				}
			}
			specTexts[id] = append(specTexts[id], spec.FullText())
		}
	}
	out := make([]BehaviourResult, 0, len(op.Behaviours))
	for _, b := range op.Behaviours {
		res := BehaviourResult{ID: b.ID, Area: b.Area, Assumed: b.Assumed, Status: StatusNotRun, Specs: []string{}}
		if rank, ok := status[b.ID]; ok {
			res.Status, res.Reason = statusRank[rank], reasons[b.ID]
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
// there is then nowhere to write reports. A run whose filters selected no
// spec fails here, the one node Ginkgo runs even then.
func closingReport(r types.Report, env *Env) {
	empty := EmptySelection(r)
	// Without a spec that ran, the tables would be all zeros: Ginkgo's own
	// output already says why (a failed BeforeSuite, an interrupt), and an
	// empty selection says so below.
	if !nothingRan(r) {
		ops := specs.Operations()
		for i, op := range ops {
			s := Summarize(op, r)
			if i < len(ops)-1 {
				s.SuiteFailures = nil // suite-level: said once, after the last table
			}
			s.WriteText(os.Stdout)
		}
	}
	if env != nil {
		doc := NewDocument(r, env.Run)
		var errs []string
		for _, f := range []struct{ path, kind string }{
			{env.ResultsFile, report.KindResults}, {env.HTMLReport, report.KindHTML}, {env.MarkdownReport, report.KindMarkdown},
		} {
			if f.path == "" {
				continue
			}
			if err := doc.WriteFile(f.path, f.kind); err != nil {
				errs = append(errs, err.Error())
			} else {
				fmt.Fprintf(os.Stdout, "%s written to %s\n", f.kind, f.path)
			}
		}
		if len(errs) > 0 {
			ginkgo.Fail(strings.Join(errs, "\n"))
		}
	}
	switch {
	case empty == nil:
	case r.SuiteConfig.DryRun:
		// A dry run checks nothing anyway; its caller (conformance
		// coverage) judges what the selection covers.
		fmt.Fprintf(os.Stdout, "\nnote: %v\n", empty)
	default:
		ginkgo.Fail(empty.Error())
	}
}

// nothingRan says no spec passed, failed or was skipped with a reason.
func nothingRan(r types.Report) bool {
	for _, s := range r.SpecReports {
		if s.LeafNodeType.Is(types.NodeTypeIt) && outcome(s) != StatusNotRun {
			return false
		}
	}
	return true
}
