package runner

import (
	"slices"
	"testing"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/ecs-conformance/ecs-conformance/specs"
)

// spec is an It node of a report, under an operation's container.
func spec(op string, state types.SpecState, labels ...string) types.SpecReport {
	return types.SpecReport{
		LeafNodeType:             types.NodeTypeIt,
		State:                    state,
		ContainerHierarchyLabels: [][]string{{"op:" + op}, nil},
		LeafNodeLabels:           labels,
	}
}

func TestCoverage(t *testing.T) {
	alpha := &specs.Operation{Operation: "DescribeAlpha",
		Behaviours: []specs.Behaviour{{ID: "DescribeAlpha.paging.a"}, {ID: "DescribeAlpha.paging.b"}},
		Errors:     []specs.ErrorCode{{Code: "Shared.Code"}, {Code: "Alpha.Only"}}}
	beta := &specs.Operation{Operation: "DescribeBeta",
		Behaviours: []specs.Behaviour{{ID: "DescribeBeta.filter.c"}},
		Errors:     []specs.ErrorCode{{Code: "Shared.Code"}, {Code: "Beta.Only"}}}
	ops := []*specs.Operation{alpha, beta}
	passed, failed, skipped := types.SpecStatePassed, types.SpecStateFailed, types.SpecStateSkipped

	tests := []struct {
		name    string
		reports []types.SpecReport
		want    []OperationCoverage
	}{
		{
			name: "each operation's items come from its own specs",
			reports: []types.SpecReport{
				spec("DescribeAlpha", passed, "behaviour:DescribeAlpha.paging.a", "error:Shared.Code"),
				spec("DescribeAlpha", failed, "error:Alpha.Only"),
				spec("DescribeBeta", passed, "behaviour:DescribeBeta.filter.c", "error:Beta.Only"),
			},
			want: []OperationCoverage{
				{Operation: "DescribeAlpha", Specs: 2,
					Behaviours: Catalogue{Total: 2, Covered: []string{"DescribeAlpha.paging.a"}, Gaps: []string{"DescribeAlpha.paging.b"}},
					Errors:     Catalogue{Total: 2, Covered: []string{"Shared.Code", "Alpha.Only"}}},
				// A shared code has a spec in Alpha only: Beta's is a gap.
				{Operation: "DescribeBeta", Specs: 1,
					Behaviours: Catalogue{Total: 1, Covered: []string{"DescribeBeta.filter.c"}},
					Errors:     Catalogue{Total: 2, Covered: []string{"Beta.Only"}, Gaps: []string{"Shared.Code"}}},
			},
		},
		{
			name: "an operation without specs has every item as a gap",
			reports: []types.SpecReport{
				spec("DescribeAlpha", passed, "behaviour:DescribeAlpha.paging.a", "behaviour:DescribeAlpha.paging.b", "error:Shared.Code", "error:Alpha.Only"),
			},
			want: []OperationCoverage{
				{Operation: "DescribeAlpha", Specs: 1,
					Behaviours: Catalogue{Total: 2, Covered: []string{"DescribeAlpha.paging.a", "DescribeAlpha.paging.b"}},
					Errors:     Catalogue{Total: 2, Covered: []string{"Shared.Code", "Alpha.Only"}}},
				{Operation: "DescribeBeta",
					Behaviours: Catalogue{Total: 1, Gaps: []string{"DescribeBeta.filter.c"}},
					Errors:     Catalogue{Total: 2, Gaps: []string{"Shared.Code", "Beta.Only"}}},
			},
		},
		{
			name: "specs left out, suite nodes and unlabelled specs count for nothing",
			reports: []types.SpecReport{
				spec("DescribeAlpha", skipped, "error:Alpha.Only"),
				{LeafNodeType: types.NodeTypeBeforeSuite, State: passed, LeafNodeLabels: []string{"op:DescribeAlpha", "error:Alpha.Only"}},
				{LeafNodeType: types.NodeTypeIt, State: passed, LeafNodeLabels: []string{"error:Shared.Code"}},
			},
			want: []OperationCoverage{
				{Operation: "DescribeAlpha",
					Behaviours: Catalogue{Total: 2, Gaps: []string{"DescribeAlpha.paging.a", "DescribeAlpha.paging.b"}},
					Errors:     Catalogue{Total: 2, Gaps: []string{"Shared.Code", "Alpha.Only"}}},
				{Operation: "DescribeBeta",
					Behaviours: Catalogue{Total: 1, Gaps: []string{"DescribeBeta.filter.c"}},
					Errors:     Catalogue{Total: 2, Gaps: []string{"Shared.Code", "Beta.Only"}}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Coverage(types.Report{SpecReports: tt.reports}, ops)
			if !slices.EqualFunc(got, tt.want, equalCoverage) {
				t.Errorf("Coverage =\n  %+v\nwant\n  %+v", got, tt.want)
			}
		})
	}
}

func equalCoverage(a, b OperationCoverage) bool {
	cat := func(x, y Catalogue) bool {
		return x.Total == y.Total && slices.Equal(x.Covered, y.Covered) && slices.Equal(x.Gaps, y.Gaps)
	}
	return a.Operation == b.Operation && a.Specs == b.Specs && cat(a.Behaviours, b.Behaviours) && cat(a.Errors, b.Errors)
}
