package suites_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/ecs-conformance/ecs-conformance/specs"
	"github.com/ecs-conformance/ecs-conformance/suites"
)

// Contract items the hand-built reports below refer to.
const (
	walk        = "DescribeSecurityGroups.paging.walk-complete"
	tokenMode   = "DescribeSecurityGroups.paging.next-token-mode" // assumed
	byID        = "DescribeSecurityGroups.filter.security-group-id"
	deprecated  = "DescribeSecurityGroups.validation.deprecated-accepted"
	precedence  = "DescribeSecurityGroups.validation.precedence"
	maxResults  = "InvalidParameter.MaxResults"
	missingRgn  = "MissingParameter.RegionId"
	deviationOf = suites.KnownDeviationPrefix + " of "
)

// spec builds the report of one It under Describe("DescribeSecurityGroups")
// and Describe(area), labelled as the suite labels its specs.
func spec(text string, state types.SpecState, msg, area string, labels ...string) types.SpecReport {
	containerLabels := [][]string{{"op:DescribeSecurityGroups"}, nil}
	if area != "" {
		containerLabels[1] = []string{"area:" + area}
	}
	return types.SpecReport{
		ContainerHierarchyTexts:  []string{"DescribeSecurityGroups", area},
		ContainerHierarchyLabels: containerLabels,
		LeafNodeType:             types.NodeTypeIt,
		LeafNodeText:             text,
		LeafNodeLabels:           labels,
		State:                    state,
		Failure:                  types.Failure{Message: msg},
	}
}

// dsg is the operation the hand-built reports are of.
var dsg = specs.Lookup("DescribeSecurityGroups")

func report(specs ...types.SpecReport) types.Report {
	return types.Report{SpecReports: specs}
}

func TestSummarizeTalliesAreas(t *testing.T) {
	passed, failed, skipped, pending := types.SpecStatePassed, types.SpecStateFailed, types.SpecStateSkipped, types.SpecStatePending
	tests := []struct {
		name          string
		report        types.Report
		areas         []suites.Tally
		total         suites.Tally
		suiteFailures []string
	}{
		{
			name: "each outcome of one area",
			report: report(
				spec("a", passed, "", "pagination"),
				spec("b", failed, "Expected 10 got 9", "pagination"),
				spec("c", types.SpecStatePanicked, "boom", "pagination"),
				spec("d", skipped, "needs the default fixture", "pagination"),
				spec("e", skipped, deviationOf+walk+" (until 2027-01-01): mock", "pagination"),
				spec("f", skipped, "", "pagination"), // left out by -focus
				spec("g", pending, "", "pagination"),
			),
			areas: []suites.Tally{{Area: "pagination", Passed: 1, Failed: 2, Skipped: 1, KnownDeviations: 1, NotRun: 2}},
			total: suites.Tally{Area: "total", Passed: 1, Failed: 2, Skipped: 1, KnownDeviations: 1, NotRun: 2},
		},
		{
			name: "a spec with two areas counts in both and once in the total, areas sorted",
			report: report(
				spec("auth code", passed, "", "errors", "area:auth"),
				spec("plain", failed, "x", "errors"),
			),
			areas: []suites.Tally{{Area: "auth", Passed: 1}, {Area: "errors", Passed: 1, Failed: 1}},
			total: suites.Tally{Area: "total", Passed: 1, Failed: 1},
		},
		{
			name:   "a spec without an area label is still counted",
			report: report(spec("loose", passed, "", "")),
			areas:  []suites.Tally{{Area: "(no area)", Passed: 1}},
			total:  suites.Tally{Area: "total", Passed: 1},
		},
		{
			name: "suite-level nodes are not specs, but their failures are reported",
			report: types.Report{
				SpecReports: []types.SpecReport{
					{LeafNodeType: types.NodeTypeBeforeSuite, State: failed, Failure: types.Failure{Message: "suites: no credentials:\n set them"}},
					{LeafNodeType: types.NodeTypeReportAfterSuite, State: passed},
					{LeafNodeType: types.NodeTypeAfterSuite, State: failed, Failure: types.Failure{Message: strings.Repeat("long ", 100)}},
				},
				SpecialSuiteFailureReasons: []string{"Interrupted by User"},
			},
			total:         suites.Tally{Area: "total"},
			suiteFailures: []string{"BeforeSuite: suites: no credentials: set them", "AfterSuite: " + strings.Repeat("long ", 48) + "…", "Interrupted by User"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := suites.Summarize(dsg, tt.report)
			if !reflect.DeepEqual(s.Areas, tt.areas) {
				t.Errorf("Areas = %+v, want %+v", s.Areas, tt.areas)
			}
			if s.Total != tt.total {
				t.Errorf("Total = %+v, want %+v", s.Total, tt.total)
			}
			if !reflect.DeepEqual(s.SuiteFailures, tt.suiteFailures) {
				t.Errorf("SuiteFailures = %q, want %q", s.SuiteFailures, tt.suiteFailures)
			}
		})
	}
}

// want is the expected coverage of one catalogue; gaps are checked as the
// rest of the catalogue.
type want struct {
	passed, failed []string
}

func TestSummarizeCoverage(t *testing.T) {
	op := dsg
	passed, failed, skipped := types.SpecStatePassed, types.SpecStateFailed, types.SpecStateSkipped
	tests := []struct {
		name                                   string
		report                                 types.Report
		behaviours, errors, parameters, filter want
	}{
		{
			name: "a filter's behaviour covers the filter and its parameter",
			report: report(
				spec("by id", passed, "", "filtering", "behaviour:"+byID),
			),
			behaviours: want{passed: []string{byID}},
			parameters: want{passed: []string{"SecurityGroupId"}},
			filter:     want{passed: []string{"security-group-id"}},
		},
		{
			name: "a parameter's behaviour covers every parameter that lists it",
			report: report(
				spec("deprecated", passed, "", "validation", "behaviour:"+deprecated),
			),
			behaviours: want{passed: []string{deprecated}},
			parameters: want{passed: []string{"IsQueryEcsCount", "OwnerId", "ResourceOwnerId", "OwnerAccount", "ResourceOwnerAccount"}},
		},
		{
			name: "error and param labels; one failing spec fails an item another passes",
			report: report(
				spec("bad MaxResults", passed, "", "validation", "param:MaxResults", "error:"+maxResults),
				spec("bad MaxResults again", failed, "x", "validation", "param:MaxResults", "error:"+maxResults),
				spec("no region", passed, "", "validation", "param:RegionId", "error:"+missingRgn),
			),
			errors:     want{passed: []string{missingRgn}, failed: []string{maxResults}},
			parameters: want{passed: []string{"RegionId"}, failed: []string{"MaxResults"}},
		},
		{
			name: "skipped, deviating and unselected specs exercise nothing",
			report: report(
				spec("skipped", skipped, "needs the default fixture", "filtering", "behaviour:"+byID, "param:VpcId"),
				spec("deviating", skipped, deviationOf+walk+" (until 2027-01-01): mock", "pagination", "behaviour:"+walk, "error:"+maxResults),
				spec("unselected", skipped, "", "validation", "behaviour:"+precedence),
			),
		},
		{
			name: "a failed spec still exercises what it checks",
			report: report(
				spec("walk", failed, "x", "pagination", "behaviour:"+walk, "behaviour:"+tokenMode),
			),
			behaviours: want{failed: []string{tokenMode, walk}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := suites.Summarize(dsg, tt.report)
			check := func(name string, got suites.Coverage, w want, catalogue []string) {
				t.Helper()
				if got.Total != len(catalogue) {
					t.Errorf("%s: Total = %d, want the %d of the contract", name, got.Total, len(catalogue))
				}
				if !sameSet(got.Passed, w.passed) || !sameSet(got.Failed, w.failed) {
					t.Errorf("%s: passed %q failed %q, want passed %q failed %q", name, got.Passed, got.Failed, w.passed, w.failed)
				}
				if !sameSet(got.Exercised, append(append([]string{}, w.passed...), w.failed...)) {
					t.Errorf("%s: Exercised = %q, want passed and failed together", name, got.Exercised)
				}
				var gaps []string
				for _, it := range catalogue {
					if !contains(w.passed, it) && !contains(w.failed, it) {
						gaps = append(gaps, it)
					}
				}
				if !reflect.DeepEqual(got.Gaps, gaps) {
					t.Errorf("%s: Gaps = %q, want the rest of the contract in its order: %q", name, got.Gaps, gaps)
				}
			}
			var bs, es, ps, fs []string
			for _, b := range op.Behaviours {
				bs = append(bs, b.ID)
			}
			for _, e := range op.Errors {
				es = append(es, e.Code)
			}
			for _, p := range op.Parameters {
				ps = append(ps, p.Name)
			}
			for _, f := range op.Filters {
				fs = append(fs, f.Name)
			}
			check("behaviours", s.Behaviours, tt.behaviours, bs)
			check("errors", s.Errors, tt.errors, es)
			check("parameters", s.Parameters, tt.parameters, ps)
			check("filters", s.Filters, tt.filter, fs)
		})
	}
}

func TestWriteText(t *testing.T) {
	op := dsg
	tests := []struct {
		name   string
		report types.Report
		wants  []string
	}{
		{
			name: "areas, total and coverage with gaps",
			report: report(
				spec("a", types.SpecStatePassed, "", "pagination", "behaviour:"+walk),
				spec("b", types.SpecStateFailed, "x", "pagination", "behaviour:"+tokenMode),
			),
			wants: []string{
				"area        passed  failed  skipped  deviations  not run\n",
				"pagination       1       1        0           0        0\n",
				"total            1       1        0           0        0\n",
				fmt.Sprintf("behaviours   2/%d exercised, 1 passed; failing: paging.next-token-mode; gaps: paging.page-number-mode-default, ", len(op.Behaviours)),
				fmt.Sprintf("error codes  0/%d exercised, 0 passed; gaps: %s, ", len(op.Errors), op.Errors[0].Code),
			},
		},
		{
			name:   "a long list of gaps is cut short",
			report: report(),
			wants:  []string{fmt.Sprintf(", and %d more\n", len(op.Behaviours)-20)},
		},
		{
			name:   "dry run and suite failures are said",
			report: types.Report{SuiteConfig: types.SuiteConfig{DryRun: true}, SpecialSuiteFailureReasons: []string{"Interrupted by User"}},
			wants: []string{"(dry run: nothing was sent", "suite failure: Interrupted by User\n",
				fmt.Sprintf("error codes  0/%d have specs; gaps: %s, ", len(op.Errors), op.Errors[0].Code)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			suites.Summarize(dsg, tt.report).WriteText(&b)
			for _, w := range tt.wants {
				if !strings.Contains(b.String(), w) {
					t.Errorf("the summary lacks %q:\n%s", w, b.String())
				}
			}
		})
	}
}

func TestBehaviourResults(t *testing.T) {
	passed, failed, skipped := types.SpecStatePassed, types.SpecStateFailed, types.SpecStateSkipped
	tests := []struct {
		name   string
		report types.Report
		// want is keyed by ID; every other behaviour must be not-run.
		want map[string]suites.BehaviourResult
	}{
		{
			name: "a failure wins over a pass; texts sorted and unique",
			report: report(
				spec("z passes", passed, "", "pagination", "behaviour:"+walk),
				spec("a fails", failed, "x", "pagination", "behaviour:"+walk),
				spec("z passes", passed, "", "pagination", "behaviour:"+walk),
			),
			want: map[string]suites.BehaviourResult{
				walk: {Area: "pagination", Status: "failed", Specs: []string{"DescribeSecurityGroups pagination a fails", "DescribeSecurityGroups pagination z passes"}},
			},
		},
		{
			name: "a pass wins over a skip; assumed and area come from the contract",
			report: report(
				spec("skips", skipped, "needs the default fixture", "pagination", "behaviour:"+tokenMode),
				spec("passes", passed, "", "pagination", "behaviour:"+tokenMode),
			),
			want: map[string]suites.BehaviourResult{
				tokenMode: {Area: "pagination", Assumed: true, Status: "passed", Specs: []string{"DescribeSecurityGroups pagination passes", "DescribeSecurityGroups pagination skips"}},
			},
		},
		{
			name: "a known deviation belongs to the behaviour it names; the spec's other behaviours are skipped",
			report: report(
				spec("deviates", skipped, deviationOf+walk+" (until 2027-01-01): mock", "pagination", "behaviour:"+walk, "behaviour:"+tokenMode),
			),
			want: map[string]suites.BehaviourResult{
				walk:      {Area: "pagination", Status: "known-deviation", Reason: deviationOf + walk + " (until 2027-01-01): mock", Specs: []string{"DescribeSecurityGroups pagination deviates"}},
				tokenMode: {Area: "pagination", Assumed: true, Status: "skipped", Reason: deviationOf + walk + " (until 2027-01-01): mock", Specs: []string{"DescribeSecurityGroups pagination deviates"}},
			},
		},
		{
			name: "a skip says why; a pass that follows it clears the reason",
			report: report(
				spec("skips", skipped, "needs the default fixture", "pagination", "behaviour:"+walk),
				spec("skips too", skipped, "needs the default fixture", "pagination", "behaviour:"+tokenMode),
				spec("passes", passed, "", "pagination", "behaviour:"+tokenMode),
			),
			want: map[string]suites.BehaviourResult{
				walk:      {Area: "pagination", Status: "skipped", Reason: "needs the default fixture", Specs: []string{"DescribeSecurityGroups pagination skips"}},
				tokenMode: {Area: "pagination", Assumed: true, Status: "passed", Specs: []string{"DescribeSecurityGroups pagination passes", "DescribeSecurityGroups pagination skips too"}},
			},
		},
		{
			name: "a spec left out by the filters has not run, and is listed",
			report: report(
				spec("unselected", skipped, "", "validation", "behaviour:"+precedence),
			),
			want: map[string]suites.BehaviourResult{
				precedence: {Area: "validation", Assumed: true, Status: "not-run", Specs: []string{"DescribeSecurityGroups validation unselected"}},
			},
		},
	}
	op := dsg
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := suites.BehaviourResults(dsg, tt.report)
			if len(got) != len(op.Behaviours) {
				t.Fatalf("%d results, want one per behaviour of the contract (%d)", len(got), len(op.Behaviours))
			}
			for i, r := range got {
				b := op.Behaviours[i]
				w, ok := tt.want[b.ID]
				if !ok {
					w = suites.BehaviourResult{Area: b.Area, Assumed: b.Assumed, Status: "not-run", Specs: []string{}}
				}
				w.ID = b.ID
				if !reflect.DeepEqual(r, w) {
					t.Errorf("result %d = %+v, want %+v", i, r, w)
				}
			}
		})
	}
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !contains(b, x) {
			return false
		}
	}
	return true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
