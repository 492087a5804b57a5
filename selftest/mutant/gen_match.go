package mutant

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/ecs-conformance/ecs-conformance/specs"
)

// Match mutants: every filter's rule loosened (letter case ignored, a prefix
// or a part of the value enough, any tag instead of all, the filter
// ignored), tightened (only the first match, only exact tag sets) or turned
// around. The mutant walks the upstream for the result of the other
// filters, applies its own rule to it and serves that, whenever it differs
// from the contract's.

// rule decides whether an item passes a filter, given the request.
type rule func(x *Exchange, it map[string]any) bool

// loose is one variant of a match kind.
type loose struct {
	name, breaks string
	rule         func(f specs.Filter) rule
	// firstOnly keeps only the first match of the contract's own rule.
	firstOnly bool
}

func matchMutants(op *specs.Operation) []Mutant {
	var out []Mutant
	for _, f := range op.Filters {
		for _, v := range variantsOf(f.Match) {
			f, v := f, v
			out = append(out, Mutant{
				Name:   fmt.Sprintf("%s/%s.%s/%s", ClassMatch, op.Operation, f.Param, v.name),
				Class:  ClassMatch,
				Breaks: fmt.Sprintf("filters %s by a %s rule: %s", f.Param, f.Match, v.breaks),
				Hint:   "area:filtering",
				Mutate: only(op, matchBy(op, f, v)),
			})
		}
	}
	return out
}

func matchBy(op *specs.Operation, f specs.Filter, v loose) func(x *Exchange) {
	return func(x *Exchange) {
		if !sendsFilter(x, f) {
			return
		}
		own := x.ownToken()
		if !x.IsPage() && !own {
			return
		}
		params := x.Business()
		others := withoutFilter(params, f)
		base, ok := x.walk(others)
		if !ok {
			return
		}
		var got []any
		if v.firstOnly {
			truth, ok := x.walk(params)
			if !ok {
				return
			}
			got = truth[:min(1, len(truth))]
		} else {
			r := v.rule(f)
			got = keep(base, func(it map[string]any) bool { return r(x, it) })
		}
		if !own {
			truth, ok := x.walk(params)
			if !ok || ids(op.Paging.OrderBy, truth) == ids(op.Paging.OrderBy, got) {
				return // the loose rule selects what the contract's does here
			}
		}
		x.serve(got)
	}
}

// sendsFilter says the request names the filter with a value.
func sendsFilter(x *Exchange, f specs.Filter) bool {
	if f.Match == specs.MatchAllTags {
		for k, v := range x.Params {
			if strings.HasPrefix(k, f.Param+".") && len(v) > 0 && v[0] != "" {
				return true
			}
		}
		return false
	}
	return x.Params.Get(f.Param) != ""
}

func withoutFilter(params map[string][]string, f specs.Filter) map[string][]string {
	out := map[string][]string{}
	for k, v := range params {
		if k == f.Param || strings.HasPrefix(k, f.Param+".") {
			continue
		}
		out[k] = v
	}
	return out
}

func field(it map[string]any, path string) string {
	s, _ := it[path].(string)
	return s
}

// variantsOf lists the variants of a match kind.
func variantsOf(match string) []loose {
	exact := func(cmp func(field, value string) bool) func(f specs.Filter) rule {
		return func(f specs.Filter) rule {
			return func(x *Exchange, it map[string]any) bool { return cmp(field(it, f.Field), x.Params.Get(f.Param)) }
		}
	}
	ignored := loose{name: "ignored", breaks: "the filter has no effect", rule: func(specs.Filter) rule { return func(*Exchange, map[string]any) bool { return true } }}
	firstOnly := loose{name: "first-match-only", breaks: "only the first matching group is returned", firstOnly: true}
	switch match {
	case specs.MatchExact:
		return []loose{
			{name: "case-insensitive", breaks: "letter case is ignored", rule: exact(strings.EqualFold)},
			{name: "prefix", breaks: "a prefix of the value matches", rule: exact(strings.HasPrefix)},
			{name: "substring", breaks: "any part of the value matches", rule: exact(strings.Contains)},
			ignored, firstOnly,
		}
	case specs.MatchAnyOf:
		list := func(x *Exchange, f specs.Filter) []string {
			var l []string
			_ = json.Unmarshal([]byte(x.Params.Get(f.Param)), &l)
			return l
		}
		anyOf := func(cmp func(field, value string) bool) func(f specs.Filter) rule {
			return func(f specs.Filter) rule {
				return func(x *Exchange, it map[string]any) bool {
					for _, v := range list(x, f) {
						if cmp(field(it, f.Field), v) {
							return true
						}
					}
					return false
				}
			}
		}
		return []loose{
			{name: "all-of", breaks: "a group must equal every listed value", rule: func(f specs.Filter) rule {
				return func(x *Exchange, it map[string]any) bool {
					l := list(x, f)
					for _, v := range l {
						if field(it, f.Field) != v {
							return false
						}
					}
					return len(l) > 0
				}
			}},
			{name: "first-item-only", breaks: "only the first listed value counts", rule: func(f specs.Filter) rule {
				return func(x *Exchange, it map[string]any) bool {
					l := list(x, f)
					return len(l) > 0 && field(it, f.Field) == l[0]
				}
			}},
			{name: "case-insensitive", breaks: "letter case is ignored", rule: anyOf(strings.EqualFold)},
			{name: "prefix", breaks: "a prefix of a listed value matches", rule: anyOf(strings.HasPrefix)},
			ignored,
		}
	case specs.MatchPresence:
		return []loose{
			{name: "inverted", breaks: "each value selects what the other should", rule: func(f specs.Filter) rule {
				return func(x *Exchange, it map[string]any) bool {
					return (field(it, f.Field) != "") != (f.Values[x.Params.Get(f.Param)] == "present")
				}
			}},
			ignored,
		}
	case specs.MatchBoolean:
		b := func(x *Exchange, f specs.Filter) bool {
			v, _ := strconv.ParseBool(strings.ToLower(x.Params.Get(f.Param)))
			return v
		}
		return []loose{
			{name: "inverted", breaks: "true selects the unmanaged groups and false the managed", rule: func(f specs.Filter) rule {
				return func(x *Exchange, it map[string]any) bool { got, _ := it[f.Field].(bool); return got != b(x, f) }
			}},
			{name: "false-ignored", breaks: "false does not filter", rule: func(f specs.Filter) rule {
				return func(x *Exchange, it map[string]any) bool { got, _ := it[f.Field].(bool); return !b(x, f) || got }
			}},
			ignored,
		}
	case specs.MatchAllTags:
		return tagVariants(ignored)
	}
	return nil
}

// wantTag is one requested tag.
type wantTag struct {
	n          int
	key, value string
	anyValue   bool
}

// requestedTags reads Tag.N.Key/Value (and the lower-case aliases), by N.
func requestedTags(x *Exchange, f specs.Filter) []wantTag {
	byN := map[int]*wantTag{}
	for k, v := range x.Params {
		rest, ok := strings.CutPrefix(k, f.Param+".")
		if !ok || len(v) == 0 {
			continue
		}
		ns, fieldName, _ := strings.Cut(rest, ".")
		n, err := strconv.Atoi(ns)
		if err != nil {
			continue
		}
		t := byN[n]
		if t == nil {
			t = &wantTag{n: n, anyValue: true}
			byN[n] = t
		}
		switch strings.ToLower(fieldName) {
		case "key":
			t.key = v[0]
		case "value":
			t.value, t.anyValue = v[0], v[0] == ""
		}
	}
	var out []wantTag
	for _, t := range byN {
		out = append(out, *t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].n < out[j].n })
	return out
}

// itemTags reads an item's tags from a path like Tags.Tag[].
func itemTags(it map[string]any, path string) [][2]string {
	var cur any = it
	for _, p := range strings.Split(strings.TrimSuffix(path, "[]"), ".") {
		m, _ := cur.(map[string]any)
		cur = m[p]
	}
	list, _ := cur.([]any)
	var out [][2]string
	for _, t := range list {
		m, _ := t.(map[string]any)
		k, _ := m["TagKey"].(string)
		v, _ := m["TagValue"].(string)
		out = append(out, [2]string{k, v})
	}
	return out
}

func tagVariants(ignored loose) []loose {
	type eq func(a, b string) bool
	same := func(a, b string) bool { return a == b }
	has := func(key, value eq, anyValueToo bool) func(tags [][2]string, w wantTag) bool {
		return func(tags [][2]string, w wantTag) bool {
			for _, t := range tags {
				if key(t[0], w.key) && ((w.anyValue && anyValueToo) || value(t[1], w.value)) {
					return true
				}
			}
			return false
		}
	}
	// combine: all of the requested tags (or any, or only the first) must be found.
	all := func(match func(tags [][2]string, w wantTag) bool, how string) func(f specs.Filter) rule {
		return func(f specs.Filter) rule {
			return func(x *Exchange, it map[string]any) bool {
				want, tags := requestedTags(x, f), itemTags(it, f.Field)
				found := 0
				for i, w := range want {
					if how == "first" && i > 0 {
						break
					}
					if match(tags, w) {
						found++
					}
				}
				switch how {
				case "any":
					return found > 0
				case "first":
					return len(want) == 0 || found == 1
				case "exact-set":
					return found == len(want) && len(tags) == len(want)
				}
				return found == len(want)
			}
		}
	}
	contract := has(same, same, true)
	return []loose{
		{name: "any-tag", breaks: "a group carrying any one of the tags matches", rule: all(contract, "any")},
		{name: "first-tag-only", breaks: "only Tag.1 counts", rule: all(contract, "first")},
		{name: "exact-tag-set", breaks: "a group must carry exactly the requested tags, no others", rule: all(contract, "exact-set")},
		{name: "values-ignored", breaks: "only the keys are compared", rule: all(has(same, func(string, string) bool { return true }, true), "all")},
		{name: "key-only-needs-empty-value", breaks: "a key sent without a value matches only tags whose value is empty", rule: all(has(same, same, false), "all")},
		{name: "case-insensitive-keys", breaks: "letter case of keys is ignored", rule: all(has(strings.EqualFold, same, true), "all")},
		{name: "case-insensitive-values", breaks: "letter case of values is ignored", rule: all(has(same, strings.EqualFold, true), "all")},
		{name: "prefix-keys", breaks: "a prefix of a key matches", rule: all(has(strings.HasPrefix, same, true), "all")},
		{name: "prefix-values", breaks: "a prefix of a value matches", rule: all(has(same, strings.HasPrefix, true), "all")},
		{name: "substring-values", breaks: "any part of a value matches", rule: all(has(same, strings.Contains, true), "all")},
		ignored,
	}
}
