package mutant

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"github.com/ecs-conformance/ecs-conformance/specs"
)

// Generate derives every mutant of op's contract, in class order, with the
// equivalent ones (no request can tell them from a correct endpoint) marked
// with the reason.
func Generate(op *specs.Operation) []Mutant {
	var out []Mutant
	for _, gen := range []func(*specs.Operation) []Mutant{
		constraintMutants, matchMutants, echoMutants, elementMutants,
		errorMutants, authMutants, formatMutants, requestIDMutants,
	} {
		out = append(out, gen(op)...)
	}
	for i := range out {
		if out[i].Equivalent == "" {
			out[i].Equivalent = equivalent(op, out[i])
		}
	}
	return out
}

// equivalent says why a mutant cannot be told from a correct endpoint, or "".
func equivalent(op *specs.Operation, m Mutant) string {
	if m.Class != ClassMatch {
		return ""
	}
	for _, f := range op.Filters {
		prefix := fmt.Sprintf("%s/%s.%s/", ClassMatch, op.Operation, f.Param)
		deviation, ok := strings.CutPrefix(m.Name, prefix)
		if !ok {
			continue
		}
		p := op.Parameter(f.Param)
		switch deviation {
		case "case-insensitive":
			pattern := p.Constraints.Pattern
			if p.Type == specs.TypeJSONArray {
				pattern = p.Constraints.ItemPattern
			}
			if refusesOtherCase(pattern, p.Samples.Valid) {
				return fmt.Sprintf("%s's pattern %s refuses every value in another letter case, so no such value reaches the match", f.Param, pattern)
			}
			if e := enumOnly(p, deviation); e != "" {
				return e
			}
		case "prefix", "substring":
			if e := enumOnly(p, deviation); e != "" {
				return e
			}
		case "first-match-only":
			if op.Paging != nil && f.Field == op.Paging.OrderBy {
				return fmt.Sprintf("%s is the unique order key: at most one group matches", f.Field)
			}
		}
	}
	return ""
}

// refusesOtherCase says pattern refuses each valid sample with its letters'
// case swapped, as a pattern of lower-case letters does.
func refusesOtherCase(pattern string, samples []string) bool {
	if pattern == "" || len(samples) == 0 {
		return false
	}
	re := regexp.MustCompile(pattern)
	for _, s := range samples {
		swapped := strings.Map(func(r rune) rune {
			if unicode.IsUpper(r) {
				return unicode.ToLower(r)
			}
			return unicode.ToUpper(r)
		}, s)
		if swapped == s || re.MatchString(swapped) {
			return false
		}
	}
	return true
}

// enumOnly says why a loose match of an enum parameter selects what the
// exact one does: validation lets only the enum's values through, and none
// of them matches another loosely. "" when one does.
func enumOnly(p *specs.Parameter, deviation string) string {
	enum := p.Constraints.Enum
	if len(enum) == 0 || p.Constraints.EnumCaseInsensitive {
		return ""
	}
	loose := map[string]func(field, value string) bool{
		"case-insensitive": strings.EqualFold,
		"prefix":           strings.HasPrefix,
		"substring":        strings.Contains,
	}[deviation]
	for _, v := range enum {
		for _, w := range enum {
			if v != w && loose(w, v) {
				return ""
			}
		}
	}
	return fmt.Sprintf("%s takes only %v, none of which matches another by this rule: it selects what the exact rule does", p.Name, enum)
}
