package runner

import (
	"strings"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/ecs-conformance/ecs-conformance/specs"
)

// The labels suites.Register gives every spec, read here to attribute specs
// to operations and contract items: op:<Action> on each operation's
// container, behaviour:<id> and error:<Code> on the specs themselves.
const (
	opLabel        = "op:"
	behaviourLabel = "behaviour:"
	errorLabel     = "error:"
)

// OperationCoverage is what the suite has specs for in one operation's
// contract.
type OperationCoverage struct {
	Operation string
	// Specs counts the selected specs labelled op:<Operation>.
	Specs int
	// Behaviours and Errors compare the operation's catalogues with the
	// labels of those specs.
	Behaviours, Errors Catalogue
}

// Catalogue splits one catalogue of a contract by whether a spec names the
// item. Both lists keep the contract's order.
type Catalogue struct {
	Total   int
	Covered []string
	Gaps    []string
}

// Coverage measures, per operation of ops and in their order, which
// behaviours and error codes the specs of r name. A spec counts when it was
// selected to run — in a dry run every selected spec "passes" — and belongs
// to the operation its op:<Action> label names; specs left out by a focus,
// skip or label filter count for nothing, so their items become gaps.
func Coverage(r types.Report, ops []*specs.Operation) []OperationCoverage {
	type named struct{ behaviours, errors map[string]bool }
	byOp := map[string]*named{}
	specCount := map[string]int{}
	for _, s := range r.SpecReports {
		if !s.LeafNodeType.Is(types.NodeTypeIt) || !s.State.Is(types.SpecStatePassed|types.SpecStateFailureStates) {
			continue
		}
		labels := s.Labels()
		for _, op := range valuesOf(labels, opLabel) {
			n := byOp[op]
			if n == nil {
				n = &named{behaviours: map[string]bool{}, errors: map[string]bool{}}
				byOp[op] = n
			}
			specCount[op]++
			for _, b := range valuesOf(labels, behaviourLabel) {
				n.behaviours[b] = true
			}
			for _, e := range valuesOf(labels, errorLabel) {
				n.errors[e] = true
			}
		}
	}
	out := make([]OperationCoverage, 0, len(ops))
	for _, op := range ops {
		n := byOp[op.Operation]
		if n == nil {
			n = &named{}
		}
		c := OperationCoverage{Operation: op.Operation, Specs: specCount[op.Operation]}
		for _, b := range op.Behaviours {
			c.Behaviours.add(b.ID, n.behaviours[b.ID])
		}
		for _, e := range op.Errors {
			c.Errors.add(e.Code, n.errors[e.Code])
		}
		out = append(out, c)
	}
	return out
}

func (c *Catalogue) add(item string, covered bool) {
	c.Total++
	if covered {
		c.Covered = append(c.Covered, item)
	} else {
		c.Gaps = append(c.Gaps, item)
	}
}

// valuesOf returns the values of the labels with this prefix, each once.
func valuesOf(labels []string, prefix string) []string {
	var out []string
	seen := map[string]bool{}
	for _, l := range labels {
		if v, ok := strings.CutPrefix(l, prefix); ok && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}
