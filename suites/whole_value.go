package suites

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	. "github.com/onsi/ginkgo/v2"

	"github.com/ecs-conformance/ecs-conformance/specs"
)

// A filter that loosens its match (letter case ignored, a prefix or a part
// of the value enough) passes every spec that filters by a value copied from
// the data, since the exact value also matches loosely. These cases send a
// value that differs from a group's only in case, or is only a part of it:
// the oracle's exact rule selects nothing (or what really equals it), a
// loose one selects the group.

// variant turns a value into one that a loosened match would confuse with it.
type variant struct {
	name string
	make func(string) string
}

var looseVariants = []variant{
	{"in another letter case", swapCase},
	{"cut to a prefix", func(v string) string { return string([]rune(v)[:(utf8.RuneCountInString(v)+1)/2]) }},
	{"cut to an inner part", func(v string) string { r := []rune(v); return string(r[1 : len(r)-1]) }},
}

// wholeValueEntries are the cases of every filter the contract matches by
// value: exact and any-of filters on their parameter, tag filters on keys
// and on values. Enum and boolean parameters take no other spelling.
func wholeValueEntries(op *specs.Operation) []TableEntry {
	var out []TableEntry
	ids := []string{"filter.match-case-sensitive"}
	for _, f := range op.Filters {
		p := op.Parameter(f.Param)
		if p == nil || len(p.Constraints.Enum) > 0 {
			continue
		}
		for _, v := range looseVariants {
			ids[0] = "filter.match-whole-value"
			if v.name == looseVariants[0].name {
				ids[0] = "filter.match-case-sensitive"
			}
			labels := append(behaviours(op, ids[0], strings.TrimPrefix(f.Behaviour, op.Operation+".")), "param:"+f.Param)
			switch f.Match {
			case specs.MatchExact, specs.MatchAnyOf:
				out = append(out, Entry(fmt.Sprintf("%s %s", f.Param, v.name), labels, loosePicker(f, p, v, "")))
			case specs.MatchAllTags:
				for _, part := range []string{"Key", "Value"} {
					out = append(out, Entry(fmt.Sprintf("%s.N.%s %s", f.Param, part, v.name), labels, loosePicker(f, p, v, part)))
				}
			}
		}
	}
	return out
}

// loosePicker picks the most common value of the filter's field (of a tag's
// key or value when part is set) that has a variant the parameter accepts
// and that differs from the value, and sends the variant.
func loosePicker(f specs.Filter, p *specs.Parameter, v variant, part string) picker {
	return func(op *specs.Operation, all []map[string]any) (url.Values, bool) {
		for _, value := range byFrequency(all, f, part) {
			alt := v.make(value)
			if alt == value || alt == "" {
				continue
			}
			switch {
			case f.Match == specs.MatchAnyOf:
				if !accepts(p.Constraints.ItemPattern, nil, alt) {
					continue
				}
				b, _ := json.Marshal([]string{alt})
				return url.Values{f.Param: {string(b)}}, true
			case part == "":
				if !accepts(p.Constraints.Pattern, &p.Constraints, alt) {
					continue
				}
				return url.Values{f.Param: {alt}}, true
			case part == "Key":
				return url.Values{f.Param + ".1.Key": {alt}}, true
			default:
				key := tagWithValue(all, f.Field, value)
				return url.Values{f.Param + ".1.Key": {key}, f.Param + ".1.Value": {alt}}, true
			}
		}
		return nil, false
	}
}

// accepts says whether the contract lets v through: pattern, lengths,
// forbidden prefixes (c may be nil for an item of a JSON array).
func accepts(pattern string, c *specs.Constraints, v string) bool {
	if pattern != "" && !regexp.MustCompile(pattern).MatchString(v) {
		return false
	}
	if c == nil {
		return true
	}
	n := utf8.RuneCountInString(v)
	if (c.MinLength != nil && n < *c.MinLength) || (c.MaxLength != nil && n > *c.MaxLength) {
		return false
	}
	for _, pre := range c.ForbiddenPrefixes {
		if strings.HasPrefix(strings.ToLower(v), strings.ToLower(pre)) {
			return false
		}
	}
	return true
}

// byFrequency lists the values of a filter's field of at least three
// characters, holding a letter, the most common first.
func byFrequency(all []map[string]any, f specs.Filter, part string) []string {
	var items []map[string]any
	field := f.Field
	if part != "" {
		field = "Tag" + part
		for _, it := range all {
			for _, t := range tagsOf(it, f.Field) {
				items = append(items, map[string]any{"TagKey": t[0], "TagValue": t[1]})
			}
		}
	} else {
		items = all
	}
	var out []string
	for {
		v := mostCommon(items, field)
		if v == "" {
			return out
		}
		if utf8.RuneCountInString(v) >= 3 && strings.IndexFunc(v, unicode.IsLetter) >= 0 {
			out = append(out, v)
		}
		var rest []map[string]any
		for _, it := range items {
			if str(it, field) != v {
				rest = append(rest, it)
			}
		}
		items = rest
	}
}

// tagWithValue is the key of some tag carrying value.
func tagWithValue(all []map[string]any, field, value string) string {
	for _, it := range all {
		for _, t := range tagsOf(it, field) {
			if t[1] == value {
				return t[0]
			}
		}
	}
	return ""
}

// swapCase turns upper-case letters to lower case and the others to upper.
func swapCase(v string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsUpper(r) {
			return unicode.ToLower(r)
		}
		return unicode.ToUpper(r)
	}, v)
}
