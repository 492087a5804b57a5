package suites

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/ecs-conformance/ecs-conformance/specs"
)

// The oracle applies the contract's filter rules to items the endpoint
// returned unfiltered. A filtered walk must equal the unfiltered walk filtered
// here, which holds on any data, so these specs run against real accounts.

// tagWant is one requested tag; anyValue when only the key was sent.
type tagWant struct {
	key, value string
	anyValue   bool
}

var tagParam = regexp.MustCompile(`^([A-Za-z]+)\.(\d+)\.([A-Za-z]+)$`)

// expected returns, in the order of all, the IDs of the items that satisfy
// every filter the parameters name.
func expected(op *specs.Operation, all []map[string]any, params url.Values) ([]string, error) {
	type check func(map[string]any) bool
	var checks []check
	tags := map[string]*tagWant{}
	for name, vals := range params {
		if len(vals) == 0 || vals[0] == "" {
			continue
		}
		v := vals[0]
		if m := tagParam.FindStringSubmatch(name); m != nil {
			p := op.Parameter(m[1])
			if p == nil || p.Type != specs.TypeList {
				continue
			}
			field := fieldOf(p, m[3])
			t := tags[m[2]]
			if t == nil {
				t = &tagWant{anyValue: true}
				tags[m[2]] = t
			}
			switch field {
			case "Key":
				t.key = v
			case "Value":
				t.value, t.anyValue = v, false
			}
			continue
		}
		f := op.Filter(name)
		if f == nil {
			continue
		}
		c, err := filterCheck(f, v)
		if err != nil {
			return nil, err
		}
		checks = append(checks, c)
	}
	if len(tags) > 0 {
		f := op.Filter("Tag")
		var want []tagWant
		for _, t := range tags {
			want = append(want, *t)
		}
		checks = append(checks, func(it map[string]any) bool { return hasAllTags(it, f.Field, want) })
	}
	var ids []string
	for _, it := range all {
		ok := true
		for _, c := range checks {
			ok = ok && c(it)
		}
		if ok {
			ids = append(ids, str(it, op.Paging.OrderBy))
		}
	}
	return ids, nil
}

// fieldOf resolves a list field's alias (key → Key).
func fieldOf(p *specs.Parameter, name string) string {
	for _, f := range p.Fields {
		if f.Name == name {
			if f.AliasOf != "" {
				return f.AliasOf
			}
			return f.Name
		}
	}
	return name
}

func filterCheck(f *specs.Filter, v string) (func(map[string]any) bool, error) {
	switch f.Match {
	case specs.MatchExact:
		return func(it map[string]any) bool { return str(it, f.Field) == v }, nil
	case specs.MatchAnyOf:
		var set []string
		if err := json.Unmarshal([]byte(v), &set); err != nil {
			return nil, fmt.Errorf("%s is not a JSON array: %v", f.Param, err)
		}
		return func(it map[string]any) bool {
			for _, s := range set {
				if str(it, f.Field) == s {
					return true
				}
			}
			return false
		}, nil
	case specs.MatchPresence:
		want, ok := f.Values[v]
		if !ok {
			return nil, fmt.Errorf("%s value %q has no presence rule in the contract", f.Param, v)
		}
		return func(it map[string]any) bool { return (str(it, f.Field) != "") == (want == "present") }, nil
	case specs.MatchBoolean:
		b, err := strconv.ParseBool(strings.ToLower(v))
		if err != nil {
			return nil, fmt.Errorf("%s value %q is not a boolean", f.Param, v)
		}
		return func(it map[string]any) bool { got, _ := it[f.Field].(bool); return got == b }, nil
	}
	return nil, fmt.Errorf("filter %s: match %q has no oracle", f.Name, f.Match)
}

// hasAllTags checks the item's tag list (the filter's field, Tags.Tag[])
// against every wanted tag.
func hasAllTags(it map[string]any, field string, want []tagWant) bool {
	have := tagsOf(it, field)
	for _, w := range want {
		found := false
		for _, h := range have {
			if h[0] == w.key && (w.anyValue || h[1] == w.value) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// tagsOf reads an item's tags as key/value pairs from a path like Tags.Tag[].
func tagsOf(it map[string]any, field string) [][2]string {
	parts := splitPath(strings.TrimSuffix(field, "[]"))
	var cur any = it
	for _, p := range parts {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[p]
	}
	arr, _ := cur.([]any)
	var out [][2]string
	for _, a := range arr {
		m, _ := a.(map[string]any)
		k, _ := m["TagKey"].(string)
		v, _ := m["TagValue"].(string)
		out = append(out, [2]string{k, v})
	}
	return out
}

func str(it map[string]any, field string) string {
	s, _ := it[field].(string)
	return s
}

// mostCommon returns the most frequent non-empty value of field, ties broken
// by value so the choice is deterministic.
func mostCommon(items []map[string]any, field string) string {
	counts := map[string]int{}
	for _, it := range items {
		if v := str(it, field); v != "" {
			counts[v]++
		}
	}
	best, n := "", 0
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if counts[k] > n {
			best, n = k, counts[k]
		}
	}
	return best
}
