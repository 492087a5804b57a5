package mutant

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
)

// A mutant whose answers the upstream cannot give (a filter matching by
// another rule) computes the whole result itself and serves it page by page,
// with page tokens of its own, bound to the query as the upstream binds its.

// tokenTable remembers the proxy's own page tokens.
type tokenTable struct {
	mu     sync.Mutex
	offset map[string]int
	bound  map[string]string
}

func (x *Exchange) tokens() *tokenTable {
	return State(x.P, "tokens", func() *tokenTable {
		return &tokenTable{offset: map[string]int{}, bound: map[string]string{}}
	})
}

// ownToken says the request carries a token the proxy issued.
func (x *Exchange) ownToken() bool {
	tok := x.Params.Get(x.Op.Paging.NextToken.TokenParam)
	t := x.tokens()
	t.mu.Lock()
	defer t.mu.Unlock()
	_, ok := t.offset[tok]
	return tok != "" && ok
}

// binding is what a token is bound to: the key and every business
// parameter but the paging ones, canonically.
func (x *Exchange) binding() string {
	pg := x.Op.Paging
	q := x.Business()
	for _, n := range []string{pg.NextToken.TokenParam, pg.NextToken.SizeParam, pg.PageNumber.NumberParam, pg.PageNumber.SizeParam} {
		delete(q, n)
	}
	return x.KeyID + "\x00" + q.Encode()
}

// serve answers the page of list the request asks for.
func (x *Exchange) serve(list []any) {
	op, pg := x.Op, x.Op.Paging
	start := 0
	if tok := x.Params.Get(pg.NextToken.TokenParam); tok != "" {
		t := x.tokens()
		t.mu.Lock()
		off, ok := t.offset[tok]
		bound := t.bound[tok]
		t.mu.Unlock()
		if !ok || bound != x.binding() {
			x.Refuse(op.Parameter(pg.NextToken.TokenParam).InvalidError, pg.NextToken.TokenParam)
			return
		}
		start = off
	}
	size := x.pageSize()
	if !x.TokenMode() {
		start = (x.pageNumber() - 1) * size
	}
	start = min(start, len(list))
	end := min(start+size, len(list))
	id := x.RequestID()
	if id == "" {
		id = newRequestID()
	}
	m := map[string]any{"RequestId": id}
	x.Status, x.Header = 200, jsonHeader()
	x.Answer = encodeJSON(m)
	x.EmptyPage() // the echoed fields and the page-number counters
	x.Edit(func(m map[string]any) bool {
		setItems(op, m, list[start:end])
		if x.TokenMode() {
			if end < len(list) {
				m[pg.NextToken.TokenField] = x.issue(end)
			}
		} else {
			m[pg.PageNumber.TotalField] = json.Number(strconv.Itoa(len(list)))
		}
		return true
	})
}

// issue mints a token for the page starting at offset.
func (x *Exchange) issue(offset int) string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	tok := "mt" + hex.EncodeToString(b)
	t := x.tokens()
	t.mu.Lock()
	t.offset[tok], t.bound[tok] = offset, x.binding()
	t.mu.Unlock()
	return tok
}

func newRequestID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	h := strings.ToUpper(hex.EncodeToString(b))
	return fmt.Sprintf("%s-%s-%s-%s-%s", h[:8], h[8:12], h[12:16], h[16:20], h[20:])
}

// walkCache remembers whole results by query, so that a filtered walk does
// not make the proxy walk the upstream again for every page.
type walkCache struct {
	mu   sync.Mutex
	list map[string][]any
}

// walk returns every result of params (paging parameters dropped), asking
// the upstream page by page in token mode.
func (x *Exchange) walk(params url.Values) ([]any, bool) {
	pg := x.Op.Paging
	q := with(params, "", "")
	for _, n := range []string{pg.NextToken.TokenParam, pg.NextToken.SizeParam, pg.PageNumber.NumberParam, pg.PageNumber.SizeParam} {
		delete(q, n)
	}
	key := x.KeyID + "\x00" + q.Encode()
	c := State(x.P, "walks", func() *walkCache { return &walkCache{list: map[string][]any{}} })
	c.mu.Lock()
	cached, ok := c.list[key]
	c.mu.Unlock()
	if ok {
		return cached, true
	}
	var all []any
	q.Set(pg.NextToken.SizeParam, strconv.Itoa(pg.NextToken.MaxSize))
	for range 1000 {
		a := x.Ask(q, "")
		m, ok := decodeObject(a.Body)
		if a.Status != 200 || !ok {
			return nil, false
		}
		list, _ := items(x.Op, m)
		all = append(all, list...)
		tok, _ := m[pg.NextToken.TokenField].(string)
		if tok == "" {
			break
		}
		q.Set(pg.NextToken.TokenParam, tok)
	}
	c.mu.Lock()
	c.list[key] = all
	c.mu.Unlock()
	return all, true
}

// ids lists the order-by field of a result list.
func ids(orderBy string, list []any) string {
	out := make([]string, len(list))
	for i, it := range list {
		m, _ := it.(map[string]any)
		out[i], _ = m[orderBy].(string)
	}
	return strings.Join(out, ",")
}

// keep returns the results of list for which pred holds, in list's order.
func keep(list []any, pred func(it map[string]any) bool) []any {
	out := []any{}
	for _, it := range list {
		if m, ok := it.(map[string]any); ok && pred(m) {
			out = append(out, it)
		}
	}
	return out
}
