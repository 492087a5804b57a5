package selftest_test

import (
	"slices"
	"testing"

	"github.com/onsi/ginkgo/v2/types"
)

// TestHandWrittenTable holds the hand-written deviations to their promises;
// TestGeneratedMutants runs them, each first against the specs of its area.
func TestHandWrittenTable(t *testing.T) { checkMutantTable(t) }

// checkMutantTable holds the table to its promises: distinct names (they
// name the subtests), a known area for each, every area covered.
func checkMutantTable(t *testing.T) {
	t.Helper()
	seen := map[string]bool{}
	covered := map[string]int{}
	for _, m := range mutants {
		if seen[m.name] {
			t.Errorf("mutant %q is listed twice", m.name)
		}
		seen[m.name] = true
		if !slices.Contains(areas, m.area) {
			t.Errorf("mutant %q: area %q is not one of %v", m.name, m.area, areas)
		}
		covered[m.area]++
	}
	for _, a := range areas {
		if covered[a] == 0 {
			t.Errorf("no mutant deviates in area %s", a)
		}
	}
	if len(mutants) < 15 {
		t.Errorf("%d mutants; the suite's power needs at least 15 deviations to show", len(mutants))
	}
}

// splitFailures separates failed specs from failed setup nodes
// (BeforeSuite and the like): only a failing spec shows the suite caught
// the deviation, as a broken setup fails every mutant alike.
func splitFailures(failed []failedSpec) (specs, others []failedSpec) {
	for _, f := range failed {
		if f.node == types.NodeTypeIt {
			specs = append(specs, f)
		} else {
			others = append(others, f)
		}
	}
	return specs, others
}

func names(fs []failedSpec) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.name
	}
	return out
}

// mutantNamed returns the mutant of the table with this name.
func mutantNamed(t *testing.T, name string) handMutant {
	t.Helper()
	i := slices.IndexFunc(mutants, func(m handMutant) bool { return m.name == name })
	if i < 0 {
		t.Fatalf("no mutant named %q", name)
	}
	return mutants[i]
}
