package mutant

import (
	"strings"
	"testing"

	"github.com/ecs-conformance/ecs-conformance/specs"
)

// TestGeneratedSets holds the generator to its promises for every operation
// of the contract set: stable, unique names, one line each, every class of
// the contract present, and the benign variants apart.
func TestGeneratedSets(t *testing.T) {
	for _, op := range specs.Operations() {
		ms := Generate(op)
		if err := Check(append(ms, Benign(op)...)); err != nil {
			t.Fatal(err)
		}
		count := map[string]int{}
		for _, m := range ms {
			count[m.Class]++
		}
		for _, c := range []string{ClassConstraint, ClassElement, ClassError, ClassAuth, ClassRequestID} {
			if count[c] == 0 {
				t.Errorf("%s: no %s mutant", op.Operation, c)
			}
		}
		if op.Paging != nil && (count[ClassMatch] == 0 || count[ClassEcho] == 0) {
			t.Errorf("%s pages and filters but has no match or echo mutant: %v", op.Operation, count)
		}
		t.Logf("%s: %d mutants %v, %d benign", op.Operation, len(ms), count, len(Benign(op)))
		again := Generate(op)
		for i := range ms {
			if ms[i].Name != again[i].Name {
				t.Fatalf("names are not stable: %q then %q", ms[i].Name, again[i].Name)
			}
		}
	}
}

// TestDataEquivalent lists the element mutants the fixture's data declares
// equivalent: only members no record fills, never a retyped one.
func TestDataEquivalent(t *testing.T) {
	for _, op := range specs.Operations() {
		for _, m := range Generate(op) {
			if m.Class != ClassElement || m.Equivalent == "" {
				continue
			}
			if strings.HasSuffix(m.Name, "/retyped") || strings.Contains(m.Name, ".error.") {
				t.Errorf("%s is declared equivalent: %s", m.Name, m.Equivalent)
			}
			t.Logf("%s: %s", m.Name, m.Equivalent)
		}
	}
}
