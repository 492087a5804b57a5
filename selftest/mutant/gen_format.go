package mutant

import (
	"fmt"
	"strings"

	"github.com/ecs-conformance/ecs-conformance/specs"
)

// Format mutants: content negotiation broken for one spelling of one value
// of the RPC Format parameter (a mock comparing case-sensitively), and XML
// answers labelled or rendered as JSON.

func formatMutants(op *specs.Operation) []Mutant {
	var values []string
	for _, p := range op.CommonParameters {
		if p.Name == "Format" {
			values = p.Constraints.Enum
		}
	}
	if len(values) < 2 {
		return nil
	}
	var out []Mutant
	add := func(subject, deviation, breaks string, f func(x *Exchange)) {
		out = append(out, Mutant{
			Name:    fmt.Sprintf("%s/%s.%s/%s", ClassFormat, op.Operation, subject, deviation),
			Class:   ClassFormat,
			Breaks:  breaks,
			Schemes: []string{"rpc"},
			Hint:    "area:errors",
			Mutate:  only(op, f),
		})
	}
	asked := func(x *Exchange) string { return x.Params.Get("Format") }
	for i, v := range values {
		other := values[(i+1)%len(values)]
		for _, s := range spellings(v) {
			add("Format="+s, "answered-as-"+strings.ToLower(other), fmt.Sprintf("answers Format=%s in %s", s, other), func(x *Exchange) {
				if x.Scheme == "rpc" && asked(x) == s {
					x.Take(x.Ask(x.Business(), other))
				}
			})
		}
	}
	xmlAsked := func(x *Exchange) bool { return x.Scheme == "rpc" && strings.EqualFold(asked(x), "XML") }
	add("xml", "labelled-json", "labels XML answers application/json", func(x *Exchange) {
		if xmlAsked(x) {
			x.Header.Set("Content-Type", "application/json;charset=utf-8")
		}
	})
	add("xml", "errors-as-json", "answers errors in JSON when XML was asked", func(x *Exchange) {
		if xmlAsked(x) && !x.OK() {
			x.Take(x.Ask(x.Business(), "JSON"))
		}
	})
	add("json", "labelled-text-plain", "labels JSON pages text/plain", func(x *Exchange) {
		if x.OK() && x.JSON() {
			x.Header.Set("Content-Type", "text/plain;charset=utf-8")
		}
	})
	return out
}

// spellings of an enum value: lower, upper and title case.
func spellings(v string) []string {
	out := []string{strings.ToLower(v), strings.ToUpper(v)}
	if t := strings.ToUpper(v[:1]) + strings.ToLower(v[1:]); t != out[1] {
		out = append(out, t)
	}
	return out
}
