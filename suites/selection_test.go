package suites

import (
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/types"
)

func TestEmptySelection(t *testing.T) {
	specs := []types.SpecReport{
		docSpec("answers InvalidSecurityGroupId.Malformed for a bad ID", types.SpecStateSkipped, "", "error:InvalidSecurityGroupId.Malformed"),
		docSpec("answers Throttling.User when throttled", types.SpecStateSkipped, "", "error:Throttling.User", "faults"),
		docSpec("walks every page", types.SpecStateSkipped, "", "behaviour:DescribeSecurityGroups.paging.walk-complete"),
	}
	run := func(c types.SuiteConfig, willRun int) types.Report {
		return types.Report{SuiteDescription: "conformance", SuiteConfig: c, SpecReports: specs,
			PreRunStats: types.PreRunStats{TotalSpecs: len(specs), SpecsThatWillRun: willRun}}
	}
	tests := []struct {
		name  string
		r     types.Report
		wants []string // nil: no error
	}{
		{name: "no filter", r: run(types.SuiteConfig{}, 0)},
		{name: "a filter that selects specs", r: run(types.SuiteConfig{FocusStrings: []string{"walks"}}, 1)},
		{
			name:  "a focus that matches nothing, with the codes that look alike",
			r:     run(types.SuiteConfig{FocusStrings: []string{"InvalidSecurityGroupId.NotFound"}}, 0),
			wants: []string{"select none of the suite's 3 specs", `-focus "InvalidSecurityGroupId.NotFound" matches no spec's text`, "error codes that look alike: InvalidSecurityGroupId.Malformed"},
		},
		{
			name:  "a label no spec carries, with the labels that look alike",
			r:     run(types.SuiteConfig{LabelFilter: "error:Throttling"}, 0),
			wants: []string{`no spec is labelled "error:Throttling"`, "labels that look alike: error:Throttling.User"},
		},
		{
			name:  "a label filter whose labels exist but whose combination does not",
			r:     run(types.SuiteConfig{LabelFilter: "faults && error:InvalidSecurityGroupId.Malformed"}, 0),
			wants: []string{"every label it names exists, but no spec carries the combination"},
		},
		{
			name:  "filters that each select specs but not together",
			r:     run(types.SuiteConfig{FocusStrings: []string{"walks"}, LabelFilter: "faults"}, 0),
			wants: []string{`each filter selects specs on its own (-focus "walks" selects 1; -label-filter "faults" selects 1)`},
		},
		{
			name:  "a skip that skips everything",
			r:     run(types.SuiteConfig{SkipStrings: []string{"."}}, 0),
			wants: []string{`-skip "." matches every spec's text`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := EmptySelection(tt.r)
			if tt.wants == nil {
				if err != nil {
					t.Fatalf("EmptySelection = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatal("EmptySelection = nil, want an error")
			}
			for _, w := range tt.wants {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("message lacks %q:\n%s", w, err)
				}
			}
		})
	}
}

func TestLookAlikes(t *testing.T) {
	labels := []string{"area:pagination", "error:InvalidParameter", "error:InvalidParameter.MaxResults", "error:Throttling.User", "fixture"}
	tests := []struct {
		want string
		like []string
	}{
		{"error:Throttling", []string{"error:Throttling.User"}},
		{"area:paginaton", []string{"area:pagination"}},
		{"error:invalidparameter.maxresult", []string{"error:InvalidParameter.MaxResults", "error:InvalidParameter"}},
		{"fixtures", []string{"fixture"}},
		{"area:nothing-like-it", nil},
	}
	for _, tt := range tests {
		got := lookAlikes(labels, tt.want)
		if strings.Join(got, ",") != strings.Join(tt.like, ",") {
			t.Errorf("lookAlikes(%q) = %q, want %q", tt.want, got, tt.like)
		}
	}
}
