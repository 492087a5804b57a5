package mutant

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/ecs-conformance/ecs-conformance/specs"
)

// What mutants read and write of a page, through the contract's paging
// model, so that no mutant names a field of one operation.

// items returns the result list of a decoded page, and whether it has one.
func items(op *specs.Operation, m map[string]any) ([]any, bool) {
	if op.Paging == nil {
		return nil, false
	}
	parts := strings.Split(op.Paging.ItemsPath, ".")
	var cur any = m
	for _, part := range parts {
		obj, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		cur = obj[part]
	}
	list, ok := cur.([]any)
	return list, ok
}

// setItems replaces the result list of a decoded page.
func setItems(op *specs.Operation, m map[string]any, list []any) {
	parts := strings.Split(op.Paging.ItemsPath, ".")
	cur := m
	for _, part := range parts[:len(parts)-1] {
		next, ok := cur[part].(map[string]any)
		if !ok {
			next = map[string]any{}
			cur[part] = next
		}
		cur = next
	}
	cur[parts[len(parts)-1]] = list
}

// IsPage says the exchange is a successful JSON answer of its operation:
// for a paged one, a page with its result list.
func (x *Exchange) IsPage() bool {
	if !x.OK() || x.Op == nil || !x.JSON() {
		return false
	}
	if x.Op.Paging == nil {
		return true
	}
	m, ok := decodeObject(x.Answer)
	if !ok {
		return false
	}
	_, ok = items(x.Op, m)
	return ok
}

// pageSize is the page size the request asked for, in its paging mode.
func (x *Exchange) pageSize() int {
	pg := x.Op.Paging
	if x.TokenMode() {
		return intOr(x.Params.Get(pg.NextToken.SizeParam), pg.NextToken.DefaultSize)
	}
	return intOr(x.Params.Get(pg.PageNumber.SizeParam), pg.PageNumber.DefaultSize)
}

// pageNumber is the page number a page-number request asked for.
func (x *Exchange) pageNumber() int {
	pg := x.Op.Paging
	return intOr(x.Params.Get(pg.PageNumber.NumberParam), pg.PageNumber.DefaultNumber)
}

// laterPage says the request asks for a page after the first.
func (x *Exchange) laterPage() bool {
	if x.TokenMode() {
		return x.Params.Get(x.Op.Paging.NextToken.TokenParam) != ""
	}
	return x.pageNumber() > 1
}

func intOr(v string, def int) int {
	if n, err := strconv.Atoi(v); err == nil {
		return n
	}
	return def
}

// EmptyPage answers a successful page with no results, in the request's
// paging mode, echoing what the contract says is echoed.
func (x *Exchange) EmptyPage() {
	op := x.Op
	if op.Paging == nil {
		return // an operation that does not page has no empty page to give
	}
	id := x.RequestID()
	m := map[string]any{"RequestId": id}
	for _, f := range op.Response.Fields {
		if f.Echoes != "" && (f.Mode == "" || f.Mode == x.mode()) {
			v := x.Params.Get(f.Echoes)
			if v == "" {
				if p := op.Parameter(f.Echoes); p != nil {
					v = p.Default
				}
			}
			if f.Type == specs.ElemInteger {
				m[f.Name] = json.Number(strconv.Itoa(intOr(v, 0)))
			} else {
				m[f.Name] = v
			}
		}
	}
	if !x.TokenMode() {
		m[op.Paging.PageNumber.TotalField] = json.Number("0")
	}
	setItems(op, m, []any{})
	x.Status = 200
	x.Header = jsonHeader()
	x.Answer = encodeJSON(m)
}

func (x *Exchange) mode() string {
	if x.TokenMode() {
		return specs.ModeNextToken
	}
	return specs.ModePageNumber
}
