package suites

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/ecs-conformance/ecs-conformance/report"
	"github.com/ecs-conformance/ecs-conformance/specs"
)

// NewDocument builds the reports' Document of a run from Ginkgo's report:
// per operation of the contract set the tallies and coverage of Summarize,
// the capability matrix of BehaviourResults, and every spec with its
// outcome, its message and, for a failed spec, its last exchange. run says
// what was tested; its filters are read from the report.
func NewDocument(r types.Report, run report.Run) report.Document {
	run.Filters = report.Filters{Focus: r.SuiteConfig.FocusStrings, Skip: r.SuiteConfig.SkipStrings, LabelFilter: r.SuiteConfig.LabelFilter}
	run.Schemes = nonNil(run.Schemes)
	doc := report.Document{Format: report.Format, Run: run, DryRun: r.SuiteConfig.DryRun, SuiteFailures: []string{}}
	for i, op := range specs.Operations() {
		s := Summarize(op, r)
		if i == 0 {
			doc.SuiteFailures = append(doc.SuiteFailures, s.SuiteFailures...)
		}
		o := report.Operation{
			Operation: op.Operation,
			Version:   op.Version,
			Areas:     []report.Tally{},
			Total:     tally(s.Total),
			Coverage: report.Coverage{
				Behaviours: catalogue(s.Behaviours), Errors: catalogue(s.Errors),
				Parameters: catalogue(s.Parameters), Filters: catalogue(s.Filters),
			},
			Behaviours: []report.Behaviour{},
			Specs:      []report.Spec{},
		}
		for _, a := range s.Areas {
			o.Areas = append(o.Areas, tally(a))
		}
		for _, b := range BehaviourResults(op, r) {
			o.Behaviours = append(o.Behaviours, report.Behaviour{ID: b.ID, Area: b.Area, Assumed: b.Assumed, Status: b.Status, Reason: b.Reason, Specs: b.Specs})
		}
		for _, spec := range specsOf(op, r) {
			o.Specs = append(o.Specs, specResult(spec))
		}
		doc.Operations = append(doc.Operations, o)
	}
	return doc
}

// specResult is one spec's line of the reports.
func specResult(spec types.SpecReport) report.Spec {
	labels := spec.Labels()
	s := report.Spec{
		Text:       spec.FullText(),
		Status:     outcome(spec),
		Areas:      nonNil(compact(labelled(labels, areaPrefix))),
		Behaviours: nonNil(labelled(labels, behaviourPrefix)),
	}
	switch s.Status {
	case StatusFailed:
		s.Message = failureText(spec)
		s.Location = shortLocation(spec.Failure.Location)
		s.Exchange = exchangeOf(spec)
	case StatusSkipped, StatusKnownDeviation:
		s.Message = spec.Failure.Message
	}
	return s
}

// failureText is a failure's message, with a panic's value, and the
// failures of the spec's other nodes (a cleanup that failed too).
func failureText(spec types.SpecReport) string {
	msg := spec.Failure.Message
	if p := spec.Failure.ForwardedPanic; p != "" {
		msg = strings.TrimSpace(msg + "\npanic: " + p)
	}
	for _, extra := range spec.AdditionalFailures {
		msg += fmt.Sprintf("\n\nalso, in %s: %s", extra.Failure.FailureNodeType, extra.Failure.Message)
	}
	return msg
}

// exchangeOf reads back the exchange recordExchanges attached, as JSON
// text: a string survives the trip from a parallel process unchanged.
func exchangeOf(spec types.SpecReport) *report.Exchange {
	for _, e := range spec.ReportEntries {
		if e.Name != exchangeEntry {
			continue
		}
		raw, _ := e.Value.GetRawValue().(string)
		var ex report.Exchange
		if json.Unmarshal([]byte(raw), &ex) != nil {
			return nil
		}
		return &ex
	}
	return nil
}

// shortLocation is a failure's file:line from the module's root (Ginkgo
// gives the absolute path of the machine that ran it).
func shortLocation(l types.CodeLocation) string {
	if l.FileName == "" {
		return ""
	}
	dir, file := filepath.Split(l.FileName)
	return fmt.Sprintf("%s:%d", filepath.ToSlash(filepath.Join(filepath.Base(dir), file)), l.LineNumber)
}

func tally(t Tally) report.Tally {
	return report.Tally{Area: t.Area, Passed: t.Passed, Failed: t.Failed, Skipped: t.Skipped, KnownDeviations: t.KnownDeviations, NotRun: t.NotRun}
}

func catalogue(c Coverage) report.Catalogue {
	return report.Catalogue{Total: c.Total, Exercised: nonNil(c.Exercised), Passed: nonNil(c.Passed), Failed: nonNil(c.Failed), Gaps: nonNil(c.Gaps)}
}

// nonNil makes an empty list a JSON array rather than null, as the results
// schema wants.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
