package suites

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/ecs-conformance/ecs-conformance/report"
	"github.com/ecs-conformance/ecs-conformance/specs"
)

// Outcomes of a spec, and statuses of a behaviour in BehaviourResults.
const (
	StatusPassed         = report.StatusPassed
	StatusFailed         = report.StatusFailed
	StatusKnownDeviation = report.StatusKnownDeviation
	StatusSkipped        = report.StatusSkipped
	StatusNotRun         = report.StatusNotRun
)

// Label prefixes the reports read; register.go, errors.go and validation.go
// write them.
const (
	opPrefix        = "op:"
	areaPrefix      = "area:"
	behaviourPrefix = "behaviour:"
	errorPrefix     = "error:"
	paramPrefix     = "param:"
	schemePrefix    = "scheme:"
)

// noArea groups specs that carry no area label, so none is lost from the
// table.
const noArea = "(no area)"

// Summary is the closing account of one operation in a run: spec outcomes per
// area and how much of its contract the specs that ran exercised.
type Summary struct {
	// Operation is the action the summary is of.
	Operation string
	// DryRun says nothing was sent: "passed" then means "would run".
	DryRun bool
	// Areas has one tally per area label, sorted by area. A spec carrying
	// two area labels (an auth code of the error catalogue is both an errors
	// and an auth spec) counts in both, so the areas may add up to more than
	// Total.
	Areas []Tally
	// Total counts every spec once.
	Total Tally
	// SuiteFailures describe suite-level nodes that failed (a BeforeSuite
	// that could not build the Env): no spec ran after them.
	SuiteFailures []string

	Behaviours, Errors, Parameters, Filters Coverage

	// Schemes tallies the specs per signature scheme, with the reasons the
	// skipped ones gave, most frequent first.
	Schemes []SchemeTally
}

// SchemeTally counts the specs of one signature scheme and says why the
// skipped ones were skipped.
type SchemeTally struct {
	Tally
	Skips []SkipReason
}

// SkipReason is one reason specs gave for skipping, and how many gave it.
type SkipReason struct {
	Reason string
	Count  int
}

// Tally counts the specs of one area by outcome.
type Tally struct {
	Area                                             string
	Passed, Failed, Skipped, KnownDeviations, NotRun int
}

// Coverage compares what the specs that ran exercised with one catalogue of
// the contract. Every list keeps the contract's order.
type Coverage struct {
	// Total is the size of the catalogue.
	Total int
	// Exercised lists the items at least one spec ran for, whatever its
	// outcome; skipped specs and known deviations exercise nothing.
	Exercised []string
	// Passed lists the exercised items none of whose specs failed.
	Passed []string
	// Failed lists the exercised items some spec of which failed.
	Failed []string
	// Gaps lists the items no spec exercised.
	Gaps []string
}

// outcome classifies one spec. Ginkgo reports a spec its filters left out,
// or one an interrupt cut short, as skipped without a message; only a Skip
// call carries one, so the message tells "not run" from "skipped".
func outcome(s types.SpecReport) string {
	switch {
	case s.State.Is(types.SpecStatePassed):
		return StatusPassed
	case s.State.Is(types.SpecStateFailureStates):
		return StatusFailed
	case s.State.Is(types.SpecStateSkipped) && strings.HasPrefix(s.Failure.Message, KnownDeviationPrefix):
		return StatusKnownDeviation
	case s.State.Is(types.SpecStateSkipped) && s.Failure.Message != "":
		return StatusSkipped
	}
	return StatusNotRun
}

// labelled returns the values of the labels with this prefix.
func labelled(labels []string, prefix string) []string {
	var out []string
	for _, l := range labels {
		if v, ok := strings.CutPrefix(l, prefix); ok {
			out = append(out, v)
		}
	}
	return out
}

// specsOf returns the It nodes of a report that are op's specs (labelled
// op:<Action>); the report also holds suite-level nodes (BeforeSuite,
// ReportAfterSuite, ...), which are not specs.
func specsOf(op *specs.Operation, r types.Report) []types.SpecReport {
	var out []types.SpecReport
	label := opPrefix + op.Operation
	for _, s := range r.SpecReports {
		if s.LeafNodeType.Is(types.NodeTypeIt) && slices.Contains(s.Labels(), label) {
			out = append(out, s)
		}
	}
	return out
}

// Summarize tallies op's specs in a report by area and measures the coverage
// of op's contract.
func Summarize(op *specs.Operation, r types.Report) Summary {
	s := Summary{Operation: op.Operation, DryRun: r.SuiteConfig.DryRun}
	byArea := map[string]*Tally{}
	byScheme := map[string]*SchemeTally{}
	skips := map[string]map[string]int{}
	ran, failed := newLabelSets(), newLabelSets()
	for _, spec := range specsOf(op, r) {
		o := outcome(spec)
		labels := spec.Labels()
		for _, sc := range labelled(labels, schemePrefix) {
			if byScheme[sc] == nil {
				byScheme[sc] = &SchemeTally{Tally: Tally{Area: sc}}
				skips[sc] = map[string]int{}
			}
			byScheme[sc].add(o)
			if o == StatusSkipped {
				skips[sc][clip(oneLine(spec.Failure.Message))]++
			}
		}
		areas := labelled(labels, areaPrefix)
		if len(areas) == 0 {
			areas = []string{noArea}
		}
		for _, a := range compact(areas) {
			if byArea[a] == nil {
				byArea[a] = &Tally{Area: a}
			}
			byArea[a].add(o)
		}
		s.Total.add(o)
		switch o {
		case StatusPassed:
			ran.add(labels)
		case StatusFailed:
			ran.add(labels)
			failed.add(labels)
		}
	}
	for _, t := range byArea {
		s.Areas = append(s.Areas, *t)
	}
	slices.SortFunc(s.Areas, func(a, b Tally) int { return strings.Compare(a.Area, b.Area) })
	s.Total.Area = "total"
	for sc, t := range byScheme {
		for reason, n := range skips[sc] {
			t.Skips = append(t.Skips, SkipReason{Reason: reason, Count: n})
		}
		slices.SortFunc(t.Skips, func(a, b SkipReason) int {
			if a.Count != b.Count {
				return b.Count - a.Count
			}
			return strings.Compare(a.Reason, b.Reason)
		})
		s.Schemes = append(s.Schemes, *t)
	}
	slices.SortFunc(s.Schemes, func(a, b SchemeTally) int { return strings.Compare(b.Area, a.Area) })

	for _, spec := range r.SpecReports {
		if !spec.LeafNodeType.Is(types.NodeTypeIt) && spec.State.Is(types.SpecStateFailureStates) {
			s.SuiteFailures = append(s.SuiteFailures, fmt.Sprintf("%s: %s", spec.LeafNodeType, clip(oneLine(spec.Failure.Message))))
		}
	}
	s.SuiteFailures = append(s.SuiteFailures, r.SpecialSuiteFailureReasons...)

	ran.derive(op)
	failed.derive(op)
	s.Behaviours = coverage(contractBehaviours(op), ran.behaviours, failed.behaviours)
	s.Errors = coverage(contractErrors(op), ran.errors, failed.errors)
	s.Parameters = coverage(contractParameters(op), ran.params, failed.params)
	s.Filters = coverage(contractFilters(op), ran.filters, failed.filters)
	return s
}

func (t *Tally) add(outcome string) {
	switch outcome {
	case StatusPassed:
		t.Passed++
	case StatusFailed:
		t.Failed++
	case StatusSkipped:
		t.Skipped++
	case StatusKnownDeviation:
		t.KnownDeviations++
	default:
		t.NotRun++
	}
}

// labelSets collects the contract items named by the labels of some specs.
type labelSets struct {
	behaviours, errors, params, filters map[string]bool
}

func newLabelSets() *labelSets {
	return &labelSets{behaviours: map[string]bool{}, errors: map[string]bool{}, params: map[string]bool{}, filters: map[string]bool{}}
}

func (l *labelSets) add(labels []string) {
	for _, b := range labelled(labels, behaviourPrefix) {
		l.behaviours[b] = true
	}
	for _, e := range labelled(labels, errorPrefix) {
		l.errors[e] = true
	}
	for _, p := range labelled(labels, paramPrefix) {
		l.params[p] = true
	}
}

// derive adds what the behaviours imply: a filter is exercised by the specs
// of the behaviour that states its rule, and so is its parameter; a
// parameter is exercised by the specs of any behaviour it lists, since most
// specs label behaviours rather than parameters.
func (l *labelSets) derive(op *specs.Operation) {
	for _, f := range op.Filters {
		if l.behaviours[f.Behaviour] {
			l.filters[f.Name] = true
			l.params[f.Param] = true
		}
	}
	for _, p := range op.Parameters {
		for _, b := range p.Behaviours {
			if l.behaviours[b] {
				l.params[p.Name] = true
			}
		}
	}
}

// coverage sorts the items of a catalogue by what the specs did with them.
func coverage(items []string, ran, failed map[string]bool) Coverage {
	c := Coverage{Total: len(items)}
	for _, it := range items {
		switch {
		case !ran[it]:
			c.Gaps = append(c.Gaps, it)
		case failed[it]:
			c.Exercised = append(c.Exercised, it)
			c.Failed = append(c.Failed, it)
		default:
			c.Exercised = append(c.Exercised, it)
			c.Passed = append(c.Passed, it)
		}
	}
	return c
}

func contractBehaviours(op *specs.Operation) []string {
	var out []string
	for _, b := range op.Behaviours {
		out = append(out, b.ID)
	}
	return out
}

func contractErrors(op *specs.Operation) []string {
	var out []string
	for _, e := range op.Errors {
		out = append(out, e.Code)
	}
	return out
}

func contractParameters(op *specs.Operation) []string {
	var out []string
	for _, p := range op.Parameters {
		out = append(out, p.Name)
	}
	return out
}

func contractFilters(op *specs.Operation) []string {
	var out []string
	for _, f := range op.Filters {
		out = append(out, f.Name)
	}
	return out
}

// WriteText prints the summary as a compact closing table: one line per
// area, a total, then one coverage line per catalogue with its gaps named.
// It is a closing report, so a failed write is not worth reporting.
func (s Summary) WriteText(w io.Writer) {
	var b strings.Builder
	fmt.Fprintf(&b, "\n%s conformance summary", s.Operation)
	if s.DryRun {
		b.WriteString(" (dry run: nothing was sent; \"passed\" counts specs that would run)")
	}
	b.WriteString("\n")
	rows := append(slices.Clone(s.Areas), s.Total)
	width := len("area")
	for _, t := range rows {
		width = max(width, len(t.Area))
	}
	fmt.Fprintf(&b, "%-*s  %6s  %6s  %7s  %10s  %7s\n", width, "area", "passed", "failed", "skipped", "deviations", "not run")
	for _, t := range rows {
		fmt.Fprintf(&b, "%-*s  %6d  %6d  %7d  %10d  %7d\n", width, t.Area, t.Passed, t.Failed, t.Skipped, t.KnownDeviations, t.NotRun)
	}
	for _, sc := range s.Schemes {
		ran := sc.Passed + sc.Failed + sc.KnownDeviations
		fmt.Fprintf(&b, "scheme %-4s ran %d (%d passed, %d failed, %d known deviations), skipped %d, not run %d\n", sc.Area, ran, sc.Passed, sc.Failed, sc.KnownDeviations, sc.Skipped, sc.NotRun)
		for i, r := range sc.Skips {
			if i == maxSkipReasons {
				fmt.Fprintf(&b, "  and %d more reasons\n", len(sc.Skips)-i)
				break
			}
			fmt.Fprintf(&b, "  %4d skipped: %s\n", r.Count, r.Reason)
		}
	}
	for _, f := range s.SuiteFailures {
		fmt.Fprintf(&b, "suite failure: %s\n", f)
	}
	for _, c := range []struct {
		name string
		cov  Coverage
	}{{"behaviours", s.Behaviours}, {"error codes", s.Errors}, {"parameters", s.Parameters}, {"filters", s.Filters}} {
		if s.DryRun {
			// Nothing ran, so nothing passed: say only what has specs.
			fmt.Fprintf(&b, "%-12s %d/%d have specs", c.name, len(c.cov.Exercised), c.cov.Total)
		} else {
			fmt.Fprintf(&b, "%-12s %d/%d exercised, %d passed", c.name, len(c.cov.Exercised), c.cov.Total, len(c.cov.Passed))
		}
		if len(c.cov.Failed) > 0 {
			fmt.Fprintf(&b, "; failing: %s", shortIDs(s.Operation, c.cov.Failed))
		}
		if len(c.cov.Gaps) > 0 {
			fmt.Fprintf(&b, "; gaps: %s", shortIDs(s.Operation, c.cov.Gaps))
		}
		b.WriteString("\n")
	}
	io.WriteString(w, b.String())
}

// maxSkipReasons bounds the skip reasons listed per scheme.
const maxSkipReasons = 6

// maxListed bounds the names one coverage line lists: a focused run leaves
// most of the contract unexercised, and the results file has every name.
const maxListed = 20

// shortIDs joins names, dropping the operation prefix every behaviour ID
// repeats, so a line of gaps stays readable.
func shortIDs(action string, names []string) string {
	var short []string
	for _, n := range names[:min(len(names), maxListed)] {
		short = append(short, strings.TrimPrefix(n, action+"."))
	}
	if more := len(names) - maxListed; more > 0 {
		short = append(short, fmt.Sprintf("and %d more", more))
	}
	return strings.Join(short, ", ")
}
