package mutant

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/ecs-conformance/ecs-conformance/specs"
)

// Echo mutants: every element the contract says echoes a parameter, and
// every field the paging model computes (the total, the next token), right
// on a first, full page and wrong on a later or on a short one, where specs
// that look only at the first page do not see it.

func echoMutants(op *specs.Operation) []Mutant {
	if op.Paging == nil {
		return nil
	}
	var out []Mutant
	pg := op.Paging
	add := func(subject, deviation, breaks string, where func(x *Exchange, m map[string]any) bool, edit func(x *Exchange, m map[string]any) bool) {
		out = append(out, Mutant{
			Name:   fmt.Sprintf("%s/%s.%s/%s", ClassEcho, op.Operation, subject, deviation),
			Class:  ClassEcho,
			Breaks: breaks,
			Hint:   "area:pagination",
			Mutate: only(op, func(x *Exchange) {
				if x.IsPage() {
					x.Edit(func(m map[string]any) bool { return where(x, m) && edit(x, m) })
				}
			}),
		})
	}
	later := func(x *Exchange, _ map[string]any) bool { return x.laterPage() }
	short := func(x *Exchange, m map[string]any) bool {
		list, _ := items(op, m)
		return len(list) < x.pageSize()
	}
	for _, f := range op.Response.Fields {
		if f.Echoes == "" {
			continue
		}
		f := f
		wrong := func(x *Exchange, m map[string]any) bool {
			if _, ok := m[f.Name]; !ok {
				return false
			}
			switch {
			case f.Type == specs.ElemString:
				m[f.Name] = ""
			case f.Echoes == pg.PageNumber.NumberParam:
				m[f.Name] = json.Number("1")
				return x.pageNumber() != 1
			default:
				list, _ := items(op, m)
				m[f.Name] = json.Number(strconv.Itoa(len(list)))
				return len(list) != x.pageSize()
			}
			return true
		}
		add(f.Name, "wrong-on-later-pages", fmt.Sprintf("echoes %s right on the first page only", f.Echoes), later, wrong)
		add(f.Name, "wrong-on-short-pages", fmt.Sprintf("echoes %s wrong on a short (last) page", f.Echoes), short, wrong)
	}
	total := pg.PageNumber.TotalField
	remaining := func(x *Exchange, m map[string]any) bool {
		n, ok := m[total].(json.Number)
		if !ok {
			return false
		}
		t, _ := n.Int64()
		rest := int(t) - (x.pageNumber()-1)*x.pageSize()
		m[total] = json.Number(strconv.Itoa(max(rest, 0)))
		return rest != int(t)
	}
	onPage := func(x *Exchange, m map[string]any) bool {
		n, ok := m[total].(json.Number)
		list, _ := items(op, m)
		if !ok || n.String() == strconv.Itoa(len(list)) {
			return false
		}
		m[total] = json.Number(strconv.Itoa(len(list)))
		return true
	}
	add(total, "remaining-on-later-pages", fmt.Sprintf("reports in %s what is left from this page on, not the total", total), later, remaining)
	add(total, "page-count-on-short-pages", fmt.Sprintf("reports in %s the groups of a short page", total), short, onPage)
	token := pg.NextToken.TokenField
	add(token, "kept-on-short-pages", fmt.Sprintf("gives a short last page a %s", token), short, func(x *Exchange, m map[string]any) bool {
		if !x.TokenMode() || m[token] != nil {
			return false
		}
		m[token] = x.issue(1 << 30)
		return true
	})
	add(token, "dropped-on-later-pages", fmt.Sprintf("gives no %s on a later page although more follow", token), later, func(x *Exchange, m map[string]any) bool {
		if _, ok := m[token]; !ok {
			return false
		}
		delete(m, token)
		return true
	})
	return out
}
