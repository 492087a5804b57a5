package suites

import (
	"fmt"
	"strconv"
	"strings"

	. "github.com/onsi/gomega"

	"github.com/ecs-conformance/ecs-conformance/specs"
)

// maxPages bounds every walk so a target that never stops paging (a constant
// NextToken) fails the spec instead of looping.
const maxPages = 2000

// Every walk checks every page it reads, not only the first: a target that
// answers its first, full page right and a later or a short one wrong must
// fail whichever spec walks it. The checks are what holds on any data:
// echoed fields, full pages but the last, and one RequestId per answer.

// walkTokens follows NextToken from the first page to the last.
func (s *session) walkTokens(base *call, maxResults int) []*page {
	var pages []*page
	c := base.With(s.op.Paging.NextToken.SizeParam, strconv.Itoa(maxResults))
	seen := map[string]bool{}
	for range maxPages {
		p := s.page(c)
		pages = append(pages, p)
		s.checkEchoes(c, p, len(pages))
		if !p.hasToken {
			Expect(len(p.items)).To(BeNumerically("<=", maxResults), "the last page holds more than MaxResults=%d groups", maxResults)
			checkRequestIDs(pages)
			return pages
		}
		Expect(p.items).To(HaveLen(maxResults), "page %d of a walk with MaxResults=%d holds %d groups but carries a NextToken: only the last page may be short", len(pages), maxResults, len(p.items))
		Expect(seen[p.nextToken]).To(BeFalse(), "NextToken %q was returned twice: the walk would never end", p.nextToken)
		seen[p.nextToken] = true
		c = c.With(s.op.Paging.NextToken.TokenParam, p.nextToken)
	}
	Expect(len(pages)).To(BeNumerically("<", maxPages), "the walk did not end after %d pages", maxPages)
	return pages
}

// walkPageNumbers reads page after page until one is short or empty. Every
// page must report the walk's TotalCount, which must be what the walk found:
// a spec that walks page numbers checks paging.total-count-consistent too,
// and must say so in its labels (a ledger entry for it must cover the spec).
func (s *session) walkPageNumbers(base *call, pageSize int) []*page {
	var pages []*page
	pn := s.op.Paging.PageNumber
	for n := 1; n <= maxPages; n++ {
		c := base.With(pn.SizeParam, strconv.Itoa(pageSize)).With(pn.NumberParam, strconv.Itoa(n))
		p := s.page(c)
		pages = append(pages, p)
		s.checkEchoes(c, p, n)
		if len(p.items) < pageSize {
			break
		}
	}
	Expect(len(pages)).To(BeNumerically("<", maxPages), "the walk did not end after %d pages", maxPages)
	total := len(allIDs(pages))
	for i, p := range pages {
		Expect(p.total).NotTo(BeNil(), "page %d of a page-number walk has no %s", i+1, pn.TotalField)
		Expect(int(*p.total)).To(Equal(total), "page %d of %d (PageSize=%d) reports %s %d, but the walk lists %d groups", i+1, len(pages), pageSize, pn.TotalField, int(*p.total), total)
	}
	checkRequestIDs(pages)
	return pages
}

// checkEchoes holds every element the contract says echoes a parameter to
// the value sent (its default when not sent), on page n of a walk.
func (s *session) checkEchoes(c *call, p *page, n int) {
	for _, want := range echoes(s.op, c) {
		got, ok := p.raw[want.field]
		Expect(ok).To(BeTrue(), "page %d has no %s; it must echo %s=%s", n, want.field, want.param, want.value)
		Expect(fmt.Sprint(got)).To(Equal(want.value), "page %d echoes %s=%v, but %s=%s was asked for", n, want.field, got, want.param, want.value)
	}
}

// echo is one element of an answer and the request value it must repeat.
type echo struct{ field, param, value string }

// echoes lists the echoed elements of the paging mode c selects.
func echoes(op *specs.Operation, c *call) []echo {
	mode := "" // the schema names of paging modes are the modes themselves
	if op.Paging != nil {
		mode = pagingMode(op, c.params)
	}
	var out []echo
	for _, f := range op.Response.Fields {
		if f.Echoes == "" || (f.Mode != "" && f.Mode != mode) {
			continue
		}
		v := c.params.Get(f.Echoes)
		if v == "" {
			p := op.Parameter(f.Echoes)
			if p == nil || p.Default == "" {
				continue // nothing sent and no default to repeat
			}
			v = p.Default
		}
		out = append(out, echo{field: f.Name, param: f.Echoes, value: v})
	}
	return out
}

// checkRequestIDs holds the pages of a walk to one RequestId each.
func checkRequestIDs(pages []*page) {
	seen := map[string]int{}
	for i, p := range pages {
		Expect(p.requestID).NotTo(BeEmpty(), "page %d has no RequestId", i+1)
		if j, dup := seen[p.requestID]; dup {
			Expect(j).To(Equal(i+1), "pages %d and %d share RequestId %s", j, i+1, p.requestID)
		}
		seen[p.requestID] = i + 1
	}
}

// allIDs concatenates the IDs of pages.
func allIDs(pages []*page) []string {
	var ids []string
	for _, p := range pages {
		ids = append(ids, p.ids...)
	}
	return ids
}

func allItems(pages []*page) []map[string]any {
	var items []map[string]any
	for _, p := range pages {
		items = append(items, p.items...)
	}
	return items
}

func splitPath(p string) []string { return strings.Split(p, ".") }
