package gen

import (
	"fmt"
	"strings"

	"github.com/ecs-conformance/ecs-conformance/schemas/internal/layout"
	"github.com/ecs-conformance/ecs-conformance/specs"
)

// modeRules is what the contract says about one paging mode's responses.
type modeRules struct {
	name     string
	absent   []string // top-level fields never present in this mode
	required []string // top-level fields present in every answer of this mode
}

// responseModes reads the paging modes from the contract and checks that
// the element tree and the paging section agree. An operation that does not
// page has no modes, and none of its response fields may name one.
func responseModes(op *specs.Operation) ([]modeRules, error) {
	if err := checkNestedModes(&op.Response, "response", true); err != nil {
		return nil, err
	}
	modes := layout.Modes(op)
	for _, f := range op.Response.Fields {
		switch {
		case f.Mode == "":
		case len(modes) == 0:
			return nil, fmt.Errorf("response.%s: mode %q is set, but the operation has no paging section; remove the mode or describe the paging", f.Name, f.Mode)
		case !contains(modes, f.Mode):
			return nil, fmt.Errorf("response.%s: mode %q is neither of %s", f.Name, f.Mode, strings.Join(modes, ", "))
		}
	}
	if len(modes) == 0 {
		return nil, nil
	}
	absent := map[string][]string{
		specs.ModeNextToken:  op.Paging.NextToken.AbsentFields,
		specs.ModePageNumber: op.Paging.PageNumber.AbsentFields,
	}
	var rules []modeRules
	for _, m := range modes {
		r := modeRules{name: m, absent: absent[m]}
		for _, f := range op.Response.Fields {
			if f.Mode == m && f.Required {
				r.required = append(r.required, f.Name)
			}
		}
		for _, name := range r.absent {
			f := field(&op.Response, name)
			switch {
			case f == nil:
				return nil, fmt.Errorf("paging: %s absent_fields names %q, which is not a top-level response field", m, name)
			case f.Mode == m:
				return nil, fmt.Errorf("paging: %s absent_fields names %q, whose element says it belongs to that mode", m, name)
			case f.Required && f.Mode == "":
				return nil, fmt.Errorf("paging: %s absent_fields names %q, which the response requires in every mode", m, name)
			}
		}
		rules = append(rules, r)
	}
	return rules, nil
}

// checkNestedModes refuses a mode below the top level: the per-mode
// definitions of the permissive schema only constrain top-level fields.
func checkNestedModes(e *specs.Element, path string, top bool) error {
	for i := range e.Fields {
		f := &e.Fields[i]
		if f.Mode != "" && !top {
			return fmt.Errorf("%s.%s: mode is supported on top-level response fields only", path, f.Name)
		}
		if err := checkNestedModes(f, path+"."+f.Name, false); err != nil {
			return err
		}
	}
	if e.Items != nil {
		return checkNestedModes(e.Items, path+"[]", false)
	}
	return nil
}

// responseSchema is the response schema. For an operation that pages it is
// the permissive one: valid in either paging mode, mode-bound fields
// optional, with definitions holding what each mode adds, for readers and
// for validators that want to combine them with allOf.
func responseSchema(op *specs.Operation, modes []modeRules) (object, error) {
	root, err := elementSchema(&op.Response, "", "response")
	if err != nil {
		return nil, err
	}
	if len(modes) == 0 {
		decorate(root, op, op.Operation+" response",
			" Unknown fields are allowed everywhere, because real services add fields.")
		return root, nil
	}
	defs := object{}
	for _, m := range modes {
		d := object{
			"description": fmt.Sprintf("What a response in %s paging adds to this schema.", m.name),
		}
		if len(m.required) > 0 {
			d["required"] = m.required
		}
		if len(m.absent) > 0 {
			d["properties"] = forbidden(m.absent)
		}
		defs[m.name] = d
	}
	decorate(root, op, op.Operation+" response, either paging mode",
		" Valid in either paging mode: fields of one mode are optional and both may appear, as in the documentation's example. Unknown fields are allowed everywhere, because real services add fields.")
	root["definitions"] = defs
	return root, nil
}

// modeResponseSchema is the strict schema of one paging mode.
func modeResponseSchema(op *specs.Operation, m modeRules) (object, error) {
	root, err := elementSchema(&op.Response, m.name, "response")
	if err != nil {
		return nil, err
	}
	props := root["properties"].(object)
	for name, s := range forbidden(m.absent) {
		props[name] = s
	}
	decorate(root, op, op.Operation+" response, "+m.name+" paging",
		fmt.Sprintf(" Strict for %s paging: %s never appear. Unknown fields are allowed everywhere, because real services add fields.", m.name, orNone(m.absent)))
	return root, nil
}

// forbidden maps each name to the false schema: the member must be absent.
func forbidden(names []string) object {
	o := object{}
	for _, n := range names {
		o[n] = false
	}
	return o
}

func field(e *specs.Element, name string) *specs.Element {
	for i := range e.Fields {
		if e.Fields[i].Name == name {
			return &e.Fields[i]
		}
	}
	return nil
}

func orNone(names []string) string {
	if len(names) == 0 {
		return "no restricted fields"
	}
	return strings.Join(names, ", ")
}
