package emulator

import (
	"cmp"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/ecs-conformance/ecs-conformance/specs"
)

// Lists (Tag.N.Key, Tag.N.Value) are the one parameter kind spread over
// several wire names; this file compiles and checks them.

// compileFields gives each non-alias field a slot and each alias its
// target's slot.
func compileFields(r rule, p *specs.Parameter, table errorTable) (rule, error) {
	if len(p.Fields) == 0 {
		return r, fmt.Errorf("a list needs fields")
	}
	for i := range p.Fields {
		f, err := compileRule(&p.Fields[i], table)
		if err != nil {
			return r, fmt.Errorf("field %s: %w", p.Fields[i].Name, err)
		}
		if f.kind != specs.TypeString {
			return r, fmt.Errorf("field %s: list fields must be strings", f.name)
		}
		r.fields = append(r.fields, f)
		if p.Fields[i].AliasOf == "" {
			r.slots = append(r.slots, len(r.slotNames))
			r.slotNames = append(r.slotNames, f.name)
		} else {
			r.slots = append(r.slots, -1)
		}
	}
	for i := range p.Fields {
		if target := p.Fields[i].AliasOf; target != "" {
			slot := -1
			for j, n := range r.slotNames {
				if n == target {
					slot = j
				}
			}
			if slot < 0 {
				return r, fmt.Errorf("field %s is an alias of %q, which is not a field of the list", p.Fields[i].Name, target)
			}
			r.slots[i] = slot
		}
	}
	return r, nil
}

// checkList validates the keys of one list (all starting with "Name.") in
// byte order, so that the error of a request is always the same.
func (r *rule) checkList(params url.Values, keys []string) ([]listItem, *apiError) {
	if len(keys) == 0 {
		return nil, nil
	}
	slices.Sort(keys)
	nslots := len(r.slotNames)
	// At most one item per key: the items and their fields are carved from
	// two allocations.
	items := make([]listItem, 0, len(keys))
	fields := make([]string, len(keys)*nslots)
	var byIndex map[int]int // index → position in items, once items are many
	find := func(idx int) int {
		if n := len(items); n > 0 && items[n-1].index == idx {
			return n - 1
		}
		if byIndex != nil {
			if at, ok := byIndex[idx]; ok {
				return at
			}
			return -1
		}
		for at := range items {
			if items[at].index == idx {
				return at
			}
		}
		return -1
	}
	for _, k := range keys {
		idxText, field, ok := strings.Cut(k[len(r.name)+1:], ".")
		idx, okIdx := parseIndex(idxText)
		if !ok || !okIdx || idx < r.minIndex || idx > r.maxIndex {
			return nil, errParam(r.invalid, printable(k))
		}
		fi := r.field(field)
		if fi < 0 {
			return nil, errParam(r.invalid, printable(k))
		}
		vs := params[k]
		if len(vs) > 1 {
			return nil, errParam(codeSyntax, k)
		}
		if vs[0] == "" {
			continue
		}
		f := &r.fields[fi]
		if !f.checkString(vs[0]) {
			return nil, errParam(f.invalid, k)
		}
		at := find(idx)
		if at < 0 {
			at = len(items)
			n := len(items) * nslots
			items = append(items, listItem{index: idx, fields: fields[n : n+nslots : n+nslots]})
			if byIndex != nil {
				byIndex[idx] = at
			} else if len(items) > 16 {
				byIndex = make(map[int]int, len(keys))
				for i := range items {
					byIndex[items[i].index] = i
				}
			}
		}
		it := &items[at]
		slot := r.slots[fi]
		if it.fields[slot] != "" {
			return nil, errParam(codeSyntax, k)
		}
		it.fields[slot] = vs[0]
	}
	slices.SortFunc(items, func(a, b listItem) int { return cmp.Compare(a.index, b.index) })
	for _, it := range items {
		for slot := 1; slot < len(it.fields); slot++ {
			if it.fields[slot] != "" && it.fields[0] == "" {
				return nil, errParam(codeSyntax, fmt.Sprintf("%s.%d.%s", r.name, it.index, r.slotNames[slot]))
			}
		}
	}
	return items, nil
}

func (r *rule) field(name string) int {
	for i := range r.fields {
		if r.fields[i].name == name {
			return i
		}
	}
	return -1
}

// parseIndex accepts 1 to 9 decimal digits.
func parseIndex(s string) (int, bool) {
	if s == "" || len(s) > 9 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}
