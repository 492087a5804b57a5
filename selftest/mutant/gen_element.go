package mutant

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ecs-conformance/ecs-conformance/fixtures"
	"github.com/ecs-conformance/ecs-conformance/specs"
)

// Element mutants: every element of the response tree dropped, emptied,
// retyped or changed (another value than the target holds), on every answer
// that carries it; every required element of the error envelope dropped,
// emptied or retyped. The schemas see the retyped ones; only comparing items
// with the target's own data sees a field dropped or changed consistently.

// elem is one element of a tree with its path from the root.
type elem struct {
	path []string // object member names; "[]" steps into an array's items
	e    *specs.Element
}

func (el elem) String() string {
	return strings.ReplaceAll(strings.Join(el.path, "."), ".[]", "[]")
}

// elements lists every element under root, depth first.
func elements(root *specs.Element) []elem {
	var out []elem
	var walk func(prefix []string, e *specs.Element)
	walk = func(prefix []string, e *specs.Element) {
		for i := range e.Fields {
			f := &e.Fields[i]
			p := append(append([]string{}, prefix...), f.Name)
			out = append(out, elem{path: p, e: f})
			switch {
			case f.Type == specs.ElemArray && f.Items != nil:
				walk(append(p, "[]"), f.Items)
			case f.Type == specs.ElemObject:
				walk(p, f)
			}
		}
	}
	walk(nil, root)
	return out
}

// at calls f with the parent object and member name of every occurrence of
// the path in v, and reports whether any call changed something.
func at(v any, path []string, f func(parent map[string]any, key string) bool) bool {
	if len(path) == 0 {
		return false
	}
	if path[0] == "[]" {
		list, _ := v.([]any)
		changed := false
		for _, it := range list {
			changed = at(it, path[1:], f) || changed
		}
		return changed
	}
	m, ok := v.(map[string]any)
	if !ok {
		return false
	}
	if len(path) == 1 {
		if _, present := m[path[0]]; !present {
			return false
		}
		return f(m, path[0])
	}
	return at(m[path[0]], path[1:], f)
}

func elementMutants(op *specs.Operation) []Mutant {
	var out []Mutant
	for _, el := range elements(&op.Response) {
		hint := "area:schema"
		if len(el.path) == 1 {
			hint = "area:schema || area:pagination"
		}
		for _, d := range deviations(el.e, true) {
			if d.name == "changed" && el.e.Name == "RequestId" {
				continue // any RequestId is as good as another
			}
			m := elementMutant(op, "response", el, d, hint, func(x *Exchange) bool { return x.IsPage() })
			m.Equivalent = dataEquivalent(el, d)
			out = append(out, m)
		}
	}
	fields := map[string]bool{}
	for _, e := range op.Errors {
		for _, f := range e.Fields {
			fields[f] = true
		}
	}
	for _, el := range elements(&op.ErrorEnvelope) {
		if !el.e.Required && !(len(el.path) == 1 && fields[el.e.Name]) {
			continue // an optional member may be absent
		}
		if len(el.path) > 1 && !fields[el.path[0]] {
			continue
		}
		for _, d := range deviations(el.e, false) {
			out = append(out, elementMutant(op, "error", el, d, "area:errors || area:auth", func(x *Exchange) bool { return !x.OK() && x.JSON() }))
		}
	}
	return out
}

func elementMutant(op *specs.Operation, tree string, el elem, d deviation, hint string, applies func(x *Exchange) bool) Mutant {
	return Mutant{
		Name:   fmt.Sprintf("%s/%s.%s.%s/%s", ClassElement, op.Operation, tree, el, d.name),
		Class:  ClassElement,
		Breaks: fmt.Sprintf("%s %s of every %s answer", d.breaks, el, tree),
		Hint:   hint,
		Mutate: only(op, func(x *Exchange) {
			if applies(x) {
				x.Edit(func(m map[string]any) bool { return at(m, el.path, d.apply) })
			}
		}),
	}
}

// The default fixture's members: which of them some record fills.
var (
	fixtureMembers = fixtures.Members()
	fixtureFilled  = fixtures.Filled()
)

// dataEquivalent says why a response element mutant cannot be told from a
// correct endpoint holding the default fixture, or "". Answers carry the
// fixture's records: the groups (an item of a list, or the answer itself),
// their tags and their rules, in their members' answer names. When no record
// gives the element's member a value (fixtures.Filled), every answer carries
// it empty or not at all, and a deviation that only acts on a value is
// nothing: emptying an empty value, changing one that has no other value of
// its type, dropping an empty optional member (which the benign variant
// zero-optionals-omitted does too). A retyped one still changes the JSON
// type, and an object is a wrapper, not a value: neither is ever declared.
// Elements no record holds (RequestId, NextToken, the page counts) are
// computed by the endpoint, so never declared either.
func dataEquivalent(el elem, d deviation) string {
	if el.e.Type == specs.ElemObject || d.name == "retyped" {
		return ""
	}
	// The member of a record the element is, or is part of: the first
	// step below the last list item, or below the answer's root.
	rest := el.path
	inItem := false
	for i, p := range el.path {
		if p == "[]" {
			rest, inItem = el.path[i+1:], true
		}
	}
	if len(rest) == 0 {
		return ""
	}
	member := rest[0]
	if !inItem && !fixtureMembers[member] || fixtureFilled[member] {
		return ""
	}
	var why string
	switch d.name {
	case "dropped":
		if el.e.Required || len(rest) > 1 {
			return ""
		}
		why = "dropping an empty optional member is what the benign variant zero-optionals-omitted does"
	case "emptied":
		why = "emptying it changes nothing"
	case "changed":
		if _, ok := change(el.e, zeroOf(el.e)); ok {
			return "" // an enum, a number or a boolean has another value
		}
		why = "an empty value has no other value to change to"
	default:
		return ""
	}
	return fmt.Sprintf("no record of the default fixture (its groups, their tags and rules, and the rule members derived from the group a rule names) gives %s a value, so every answer carries %s empty: %s", member, el, why)
}

// deviation is one way to break an element.
type deviation struct {
	name, breaks string
	apply        func(parent map[string]any, key string) bool
}

// deviations of an element of type e.Type; changed ones only when asked.
func deviations(e *specs.Element, changed bool) []deviation {
	out := []deviation{
		{"dropped", "drops", func(p map[string]any, k string) bool { delete(p, k); return true }},
		{"emptied", "empties", func(p map[string]any, k string) bool {
			z := zeroOf(e)
			if fmt.Sprint(p[k]) == fmt.Sprint(z) {
				return false
			}
			p[k] = z
			return true
		}},
		{"retyped", "changes the JSON type of", func(p map[string]any, k string) bool { p[k] = retype(e, p[k]); return true }},
	}
	if changed && e.Type != specs.ElemObject {
		out = append(out, deviation{"changed", "alters the value of", func(p map[string]any, k string) bool {
			v, ok := change(e, p[k])
			if ok {
				p[k] = v
			}
			return ok
		}})
	}
	return out
}

func zeroOf(e *specs.Element) any {
	switch e.Type {
	case specs.ElemString:
		return ""
	case specs.ElemInteger, specs.ElemInt64:
		return json.Number("0")
	case specs.ElemBoolean:
		return false
	case specs.ElemArray:
		return []any{}
	}
	return map[string]any{}
}

func retype(e *specs.Element, v any) any {
	switch e.Type {
	case specs.ElemString:
		return json.Number("1")
	case specs.ElemInteger, specs.ElemInt64, specs.ElemBoolean:
		return fmt.Sprint(v)
	case specs.ElemArray:
		if list, _ := v.([]any); len(list) > 0 {
			return list[0] // a one-item list as its item: the XML-to-JSON artefact
		}
		return map[string]any{}
	}
	return []any{v}
}

// change returns another value of the element's type and format.
func change(e *specs.Element, v any) (any, bool) {
	switch e.Type {
	case specs.ElemString:
		s, _ := v.(string)
		for _, alt := range e.Enum {
			if alt != s {
				return alt, true
			}
		}
		if e.Format == "date-time" {
			t, err := time.Parse(time.RFC3339, s)
			if err != nil {
				return nil, false
			}
			return t.Add(time.Hour).UTC().Format("2006-01-02T15:04:05Z"), true
		}
		if s == "" {
			return nil, false
		}
		return s + "x", true
	case specs.ElemInteger, specs.ElemInt64:
		n, _ := v.(json.Number)
		i, err := n.Int64()
		if err != nil {
			return nil, false
		}
		return json.Number(strconv.FormatInt(i+1, 10)), true
	case specs.ElemBoolean:
		b, _ := v.(bool)
		return !b, true
	case specs.ElemArray:
		list, _ := v.([]any)
		if len(list) == 0 {
			return nil, false
		}
		return list[:len(list)-1], true
	}
	return nil, false
}
