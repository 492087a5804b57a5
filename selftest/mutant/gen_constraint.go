package mutant

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ecs-conformance/ecs-conformance/specs"
)

// Constraint mutants, for every parameter's every constraint: a value past
// the bound accepted (read as if absent, clamped to the bound, or matching
// nothing), the bound itself refused, and, for the page sizes, a silent cap
// below the documented maximum or another default.

func constraintMutants(op *specs.Operation) []Mutant {
	var out []Mutant
	for i := range op.Parameters {
		p := &op.Parameters[i]
		switch p.Type {
		case specs.TypeInteger:
			out = append(out, integerMutants(op, p)...)
		case specs.TypeBoolean:
			out = append(out, booleanMutants(op, p)...)
		case specs.TypeString:
			out = append(out, stringMutants(op, p)...)
		case specs.TypeJSONArray:
			out = append(out, arrayMutants(op, p)...)
		case specs.TypeList:
			out = append(out, listMutants(op, p)...)
		}
	}
	return out
}

// cm builds one constraint mutant of op on parameter p.
func cm(op *specs.Operation, p *specs.Parameter, deviation, breaks string, f func(x *Exchange)) Mutant {
	return Mutant{
		Name:   fmt.Sprintf("%s/%s.%s/%s", ClassConstraint, op.Operation, p.Name, deviation),
		Class:  ClassConstraint,
		Breaks: breaks,
		Hint:   "param:" + p.Name,
		Mutate: only(op, f),
	}
}

// only applies f to the exchanges of op.
func only(op *specs.Operation, f func(x *Exchange)) Mutation {
	return func(x *Exchange) {
		if x.Op == op || (x.Op != nil && x.Op.Operation == op.Operation) {
			x.Op = op
			f(x)
		}
	}
}

// refusedFor says the upstream refused the request with p's invalid code
// and p's value breaks the constraint that bad tests.
func refusedFor(x *Exchange, p *specs.Parameter, bad func(v string) bool) bool {
	v, sent := x.Params[p.Name]
	return sent && len(v) == 1 && x.Code() == p.InvalidError && bad(v[0])
}

// acceptedWith says the upstream accepted the request and p's value is at.
func acceptedWith(x *Exchange, p *specs.Parameter, at func(v string) bool) bool {
	v, sent := x.Params[p.Name]
	return sent && len(v) == 1 && x.OK() && at(v[0])
}

// noMatch answers as a mock that does not check p would: a filter with a
// value no group has matches nothing (the contract's valid sample stands in
// for it); any other parameter is read as not sent.
func noMatch(op *specs.Operation, p *specs.Parameter) func(x *Exchange) {
	return func(x *Exchange) {
		switch {
		case op.Paging == nil && len(p.Samples.Valid) > 0:
			// No list to leave empty: the answer a valid value gives.
			x.AcceptAs(with(x.Business(), p.Name, p.Samples.Valid[0]))
		case op.Paging == nil:
			x.AcceptAs(with(x.Business(), p.Name, ""))
		case p.Required:
			x.EmptyPage()
		case op.Filter(p.Name) != nil && len(p.Samples.Valid) > 0:
			v := p.Samples.Valid[0]
			if p.Type == specs.TypeJSONArray {
				b, _ := json.Marshal([]string{v})
				v = string(b)
			}
			x.AcceptAs(with(x.Business(), p.Name, v))
		case op.Filter(p.Name) != nil:
			x.EmptyPage()
		default:
			x.AcceptAs(with(x.Business(), p.Name, ""))
		}
	}
}

func integerMutants(op *specs.Operation, p *specs.Parameter) []Mutant {
	var out []Mutant
	n := func(v string) (int64, bool) { i, err := strconv.ParseInt(v, 10, 64); return i, err == nil }
	notInt := func(v string) bool { _, ok := n(v); return !ok }
	out = append(out, cm(op, p, "non-integer-accepted", fmt.Sprintf("accepts a %s that is not an integer, reading it as not sent", p.Name), func(x *Exchange) {
		if refusedFor(x, p, notInt) {
			x.AcceptAs(with(x.Business(), p.Name, ""))
		}
	}))
	c := p.Constraints
	for _, b := range []struct {
		name  string
		bound *int64
		past  func(v, b int64) bool
	}{
		{"minimum", c.Minimum, func(v, b int64) bool { return v < b }},
		{"maximum", c.Maximum, func(v, b int64) bool { return v > b }},
	} {
		if b.bound == nil {
			continue
		}
		bound := *b.bound
		past := func(v string) bool { i, ok := n(v); return ok && b.past(i, bound) }
		out = append(out,
			cm(op, p, b.name+"-past-accepted", fmt.Sprintf("accepts %s past its %s %d, reading it as not sent", p.Name, b.name, bound), func(x *Exchange) {
				if refusedFor(x, p, past) {
					x.AcceptAs(with(x.Business(), p.Name, ""))
				}
			}),
			cm(op, p, b.name+"-past-clamped", fmt.Sprintf("silently clamps %s past its %s to %d", p.Name, b.name, bound), func(x *Exchange) {
				if refusedFor(x, p, past) {
					x.AcceptAs(with(x.Business(), p.Name, strconv.FormatInt(bound, 10)))
				}
			}),
			cm(op, p, b.name+"-refused", fmt.Sprintf("refuses %s at its %s %d, which the contract allows", p.Name, b.name, bound), func(x *Exchange) {
				if acceptedWith(x, p, func(v string) bool { i, ok := n(v); return ok && i == bound }) {
					x.Refuse(p.InvalidError, p.Name)
				}
			}))
	}
	if sizeParam(op, p.Name) && c.Maximum != nil {
		max := int(*c.Maximum)
		def := intOr(p.Default, 10)
		for _, limit := range []int{max - 1, def} {
			out = append(out, cm(op, p, fmt.Sprintf("capped-at-%d", limit), fmt.Sprintf("serves at most %d groups a page when %s asks up to %d, echoing the size asked", limit, p.Name, max), capAt(op, p, limit)))
		}
	}
	if p.Default != "" && pagingParam(op, p.Name) {
		def := intOr(p.Default, 1)
		other := def * 2
		out = append(out, cm(op, p, "default-"+strconv.Itoa(other), fmt.Sprintf("uses %d for %s when it is not sent, not the documented %d", other, p.Name, def), func(x *Exchange) {
			if _, sent := x.Params[p.Name]; sent || !x.OK() || !modeOf(op, p.Name, x) {
				return
			}
			x.AcceptAs(with(x.Business(), p.Name, strconv.Itoa(other)))
			restoreEcho(x, p.Name, p.Default)
		}))
	}
	return out
}

// capAt serves limit groups where more were asked, echoing the size asked.
func capAt(op *specs.Operation, p *specs.Parameter, limit int) func(x *Exchange) {
	return func(x *Exchange) {
		v, sent := x.Params[p.Name]
		if !sent || !x.OK() || intOr(v[0], 0) <= limit {
			return
		}
		x.AcceptAs(with(x.Business(), p.Name, strconv.Itoa(limit)))
		restoreEcho(x, p.Name, v[0])
	}
}

// restoreEcho sets the field that echoes param back to value.
func restoreEcho(x *Exchange, param, value string) {
	for _, f := range x.Op.Response.Fields {
		if f.Echoes == param {
			x.Edit(func(m map[string]any) bool {
				if _, ok := m[f.Name]; !ok {
					return false
				}
				m[f.Name] = json.Number(value)
				return true
			})
		}
	}
}

// sizeParam and pagingParam tell the page-size and other paging parameters.
func sizeParam(op *specs.Operation, name string) bool {
	return op.Paging != nil && (name == op.Paging.NextToken.SizeParam || name == op.Paging.PageNumber.SizeParam)
}

func pagingParam(op *specs.Operation, name string) bool {
	return sizeParam(op, name) || (op.Paging != nil && name == op.Paging.PageNumber.NumberParam)
}

// modeOf says the request is in the paging mode the parameter belongs to.
func modeOf(op *specs.Operation, name string, x *Exchange) bool {
	if name == op.Paging.NextToken.SizeParam {
		return x.TokenMode()
	}
	return !x.TokenMode()
}

func booleanMutants(op *specs.Operation, p *specs.Parameter) []Mutant {
	isBool := func(v string) bool { return strings.EqualFold(v, "true") || strings.EqualFold(v, "false") }
	return []Mutant{
		cm(op, p, "non-boolean-accepted", fmt.Sprintf("accepts a %s that is not a boolean, reading it as false", p.Name), func(x *Exchange) {
			if refusedFor(x, p, func(v string) bool { return !isBool(v) }) {
				x.AcceptAs(with(x.Business(), p.Name, "false"))
			}
		}),
		cm(op, p, "letter-case-refused", fmt.Sprintf("refuses %s=False, reading booleans case-sensitively", p.Name), func(x *Exchange) {
			if acceptedWith(x, p, func(v string) bool { return isBool(v) && v != strings.ToLower(v) }) {
				x.Refuse(p.InvalidError, p.Name)
			}
		}),
	}
}

func stringMutants(op *specs.Operation, p *specs.Parameter) []Mutant {
	var out []Mutant
	c := p.Constraints
	if p.InvalidError == "" {
		return nil
	}
	if len(c.Enum) > 0 {
		outside := func(v string) bool {
			for _, e := range c.Enum {
				if e == v || (c.EnumCaseInsensitive && strings.EqualFold(e, v)) {
					return false
				}
			}
			return true
		}
		out = append(out, cm(op, p, "enum-outside-accepted", fmt.Sprintf("accepts a %s outside %v, reading it as not sent", p.Name, c.Enum), func(x *Exchange) {
			if refusedFor(x, p, outside) {
				x.AcceptAs(with(x.Business(), p.Name, ""))
			}
		}))
		if op.Filter(p.Name) != nil {
			out = append(out, cm(op, p, "enum-outside-matches-nothing", fmt.Sprintf("accepts a %s outside %v, matching no group", p.Name, c.Enum), func(x *Exchange) {
				if refusedFor(x, p, outside) {
					x.EmptyPage()
				}
			}))
		}
		for _, e := range c.Enum {
			out = append(out, cm(op, p, "enum-"+slug(e)+"-refused", fmt.Sprintf("refuses %s=%s, a value of its enum", p.Name, e), func(x *Exchange) {
				if acceptedWith(x, p, func(v string) bool { return v == e }) {
					x.Refuse(p.InvalidError, p.Name)
				}
			}))
		}
	}
	for _, s := range p.Samples.Invalid {
		out = append(out, cm(op, p, "pattern-"+slug(s)+"-accepted", fmt.Sprintf("accepts %s=%q, which breaks its pattern", p.Name, s), func(x *Exchange) {
			if refusedFor(x, p, func(v string) bool { return v == s }) {
				noMatch(op, p)(x)
			}
		}))
	}
	for _, s := range p.Samples.Valid {
		// A valid sample passes validation: it is accepted, or answered
		// with the error the contract says it leads to (a well-formed ID
		// of a group that does not exist: NotFound, not Malformed).
		past := map[string]bool{}
		for _, e := range op.Errors {
			if v, ok := e.Trigger.Set[p.Name]; ok && v == s && e.Code != p.InvalidError {
				past[e.Code] = true
			}
		}
		out = append(out, cm(op, p, "sample-"+slug(s)+"-refused", fmt.Sprintf("refuses %s=%q, which the contract allows", p.Name, s), func(x *Exchange) {
			v, sent := x.Params[p.Name]
			if sent && len(v) == 1 && v[0] == s && (x.OK() || past[x.Code()]) {
				x.Refuse(p.InvalidError, p.Name)
			}
		}))
	}
	length := func(v string) int { return utf8.RuneCountInString(v) }
	for _, b := range []struct {
		name  string
		bound *int
		past  func(n, b int) bool
	}{
		{"min-length", c.MinLength, func(n, b int) bool { return n < b && n > 0 }},
		{"max-length", c.MaxLength, func(n, b int) bool { return n > b }},
	} {
		if b.bound == nil || (b.name == "min-length" && *b.bound <= 1) {
			continue
		}
		bound := *b.bound
		out = append(out,
			cm(op, p, b.name+"-past-accepted", fmt.Sprintf("accepts a %s past its %s %d", p.Name, b.name, bound), func(x *Exchange) {
				if refusedFor(x, p, func(v string) bool { return b.past(length(v), bound) }) {
					noMatch(op, p)(x)
				}
			}),
			cm(op, p, b.name+"-refused", fmt.Sprintf("refuses a %s of exactly %d characters, its %s", p.Name, bound, b.name), func(x *Exchange) {
				if acceptedWith(x, p, func(v string) bool { return length(v) == bound }) {
					x.Refuse(p.InvalidError, p.Name)
				}
			}))
	}
	for _, pre := range c.ForbiddenPrefixes {
		out = append(out, cm(op, p, "prefix-"+slug(pre)+"-accepted", fmt.Sprintf("accepts a %s starting with %s", p.Name, pre), func(x *Exchange) {
			if refusedFor(x, p, func(v string) bool { return strings.HasPrefix(strings.ToLower(v), strings.ToLower(pre)) }) {
				noMatch(op, p)(x)
			}
		}))
	}
	return out
}

func arrayMutants(op *specs.Operation, p *specs.Parameter) []Mutant {
	var out []Mutant
	c := p.Constraints
	parse := func(v string) ([]string, bool) {
		var ids []string
		return ids, json.Unmarshal([]byte(v), &ids) == nil
	}
	out = append(out, cm(op, p, "comma-list-accepted", fmt.Sprintf("accepts %s as a comma-separated list instead of a JSON array", p.Name), func(x *Exchange) {
		if refusedFor(x, p, func(v string) bool {
			_, ok := parse(v)
			return !ok && !strings.HasPrefix(v, "[") && !strings.HasPrefix(v, "{")
		}) {
			b, _ := json.Marshal(strings.Split(x.Params.Get(p.Name), ","))
			x.AcceptAs(with(x.Business(), p.Name, string(b)))
		}
	}))
	out = append(out, cm(op, p, "non-string-items-accepted", fmt.Sprintf("accepts a %s that is a JSON object or holds numbers, matching no group", p.Name), func(x *Exchange) {
		if refusedFor(x, p, func(v string) bool {
			_, ok := parse(v)
			return !ok && (strings.HasPrefix(v, "[") || strings.HasPrefix(v, "{"))
		}) {
			noMatch(op, p)(x)
		}
	}))
	if c.MaxItems != nil {
		limit := *c.MaxItems
		out = append(out,
			cm(op, p, "max-items-past-truncated", fmt.Sprintf("accepts a %s of more than %d items, reading the first %d", p.Name, limit, limit), func(x *Exchange) {
				if refusedFor(x, p, func(v string) bool { ids, ok := parse(v); return ok && len(ids) > limit }) {
					ids, _ := parse(x.Params.Get(p.Name))
					b, _ := json.Marshal(ids[:limit])
					x.AcceptAs(with(x.Business(), p.Name, string(b)))
				}
			}),
			cm(op, p, "max-items-refused", fmt.Sprintf("refuses a %s of exactly %d items, its maximum", p.Name, limit), func(x *Exchange) {
				if acceptedWith(x, p, func(v string) bool { ids, ok := parse(v); return ok && len(ids) == limit }) {
					x.Refuse(p.InvalidError, p.Name)
				}
			}))
	}
	if c.ItemPattern != "" {
		re := regexp.MustCompile(c.ItemPattern)
		out = append(out, cm(op, p, "item-pattern-unchecked", fmt.Sprintf("accepts a %s item that breaks its pattern, matching no group", p.Name), func(x *Exchange) {
			if refusedFor(x, p, func(v string) bool {
				ids, ok := parse(v)
				if !ok {
					return false
				}
				for _, id := range ids {
					if !re.MatchString(id) {
						return true
					}
				}
				return false
			}) {
				noMatch(op, p)(x)
			}
		}))
	}
	return out
}

// listItems groups a list parameter's wire names by N: Tag.3.Key → "3".
func listItems(p *specs.Parameter, params url.Values) map[string]map[string]string {
	out := map[string]map[string]string{}
	for k, v := range params {
		rest, ok := strings.CutPrefix(k, p.Name+".")
		if !ok {
			continue
		}
		n, field, ok := strings.Cut(rest, ".")
		if !ok || len(v) == 0 {
			continue
		}
		if out[n] == nil {
			out[n] = map[string]string{}
		}
		out[n][field] = v[0]
	}
	return out
}

// dropItems removes the list items (by N) for which drop holds.
func dropItems(p *specs.Parameter, params url.Values, drop func(n string, fields map[string]string) bool) url.Values {
	out := with(params, "", "")
	for n, fields := range listItems(p, params) {
		if drop(n, fields) {
			for f := range fields {
				delete(out, p.Name+"."+n+"."+f)
			}
		}
	}
	return out
}

func listMutants(op *specs.Operation, p *specs.Parameter) []Mutant {
	var out []Mutant
	c := p.Constraints
	index := func(n string) (int, bool) { i, err := strconv.Atoi(n); return i, err == nil }
	refusedList := func(x *Exchange, bad func(n string, fields map[string]string) bool) bool {
		if x.Code() != p.InvalidError {
			return false
		}
		for n, fields := range listItems(p, x.Params) {
			if bad(n, fields) {
				return true
			}
		}
		return false
	}
	acceptBy := func(name, breaks string, bad func(n string, fields map[string]string) bool) Mutant {
		return cm(op, p, name, breaks, func(x *Exchange) {
			if refusedList(x, bad) {
				x.AcceptAs(dropItems(p, x.Business(), bad))
			}
		})
	}
	out = append(out, acceptBy("index-not-a-number-ignored", fmt.Sprintf("ignores a %s.N whose N is not a number instead of refusing it", p.Name),
		func(n string, _ map[string]string) bool { _, ok := index(n); return !ok }))
	if c.MinIndex != nil {
		lo := *c.MinIndex
		out = append(out, acceptBy("index-below-range-ignored", fmt.Sprintf("ignores %s.N with N below %d instead of refusing it", p.Name, lo),
			func(n string, _ map[string]string) bool { i, ok := index(n); return ok && i < lo }))
	}
	if c.MaxIndex != nil {
		hi := *c.MaxIndex
		out = append(out, acceptBy("index-above-range-ignored", fmt.Sprintf("ignores %s.N with N above %d instead of refusing it", p.Name, hi),
			func(n string, _ map[string]string) bool { i, ok := index(n); return ok && i > hi }))
		out = append(out, cm(op, p, "index-max-refused", fmt.Sprintf("refuses %s.%d, the top of its range", p.Name, hi), func(x *Exchange) {
			if !x.OK() {
				return
			}
			if _, ok := listItems(p, x.Params)[strconv.Itoa(hi)]; ok {
				x.Refuse(p.InvalidError, fmt.Sprintf("%s.%d.Key", p.Name, hi))
			}
		}))
	}
	if len(p.Fields) > 1 {
		key, val := p.Fields[0].Name, p.Fields[1].Name
		aliasOf := map[string]string{}
		for _, f := range p.Fields {
			if f.AliasOf != "" {
				aliasOf[f.Name] = f.AliasOf
			}
		}
		keyOf := func(fields map[string]string) (string, int) {
			v, n := "", 0
			for f, s := range fields {
				if f == key || aliasOf[f] == key {
					v, n = s, n+1
				}
			}
			return v, n
		}
		out = append(out, acceptBy("value-without-key-ignored", fmt.Sprintf("ignores a %s.N.%s sent without its %s", p.Name, val, key),
			func(_ string, fields map[string]string) bool { k, n := keyOf(fields); return n == 0 && k == "" }))
		out = append(out, cm(op, p, "both-spellings-first-wins", fmt.Sprintf("accepts both spellings of %s.N.%s, using one of them", p.Name, key), func(x *Exchange) {
			if !refusedList(x, func(_ string, fields map[string]string) bool { _, n := keyOf(fields); return n > 1 }) {
				return
			}
			params := x.Business()
			for k := range params {
				if strings.HasPrefix(k, p.Name+".") && strings.HasSuffix(k, "."+strings.ToLower(key)) && key != strings.ToLower(key) {
					delete(params, k)
				}
			}
			x.AcceptAs(params)
		}))
	}
	for _, f := range p.Fields {
		if f.AliasOf != "" || f.Constraints.MaxLength == nil {
			continue
		}
		limit, field := *f.Constraints.MaxLength, f.Name
		long := func(_ string, fields map[string]string) bool { return utf8.RuneCountInString(fields[field]) > limit }
		out = append(out,
			cm(op, p, strings.ToLower(field)+"-max-length-past-accepted", fmt.Sprintf("accepts a %s.N.%s longer than %d characters, matching no group", p.Name, field, limit), func(x *Exchange) {
				if refusedList(x, long) {
					x.EmptyPage()
				}
			}),
			cm(op, p, strings.ToLower(field)+"-max-length-refused", fmt.Sprintf("refuses a %s.N.%s of exactly %d characters, its maximum", p.Name, field, limit), func(x *Exchange) {
				if !x.OK() {
					return
				}
				for _, fields := range listItems(p, x.Params) {
					if utf8.RuneCountInString(fields[field]) == limit {
						x.Refuse(p.InvalidError, p.Name)
						return
					}
				}
			}))
	}
	return out
}
