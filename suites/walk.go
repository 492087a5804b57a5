package suites

import (
	"strconv"
	"strings"

	. "github.com/onsi/gomega"
)

// maxPages bounds every walk so a target that never stops paging (a constant
// NextToken) fails the spec instead of looping.
const maxPages = 2000

// walkTokens follows NextToken from the first page to the last.
func (s *session) walkTokens(base *call, maxResults int) []*page {
	var pages []*page
	c := base.With(s.op.Paging.NextToken.SizeParam, strconv.Itoa(maxResults))
	seen := map[string]bool{}
	for range maxPages {
		p := s.page(c)
		pages = append(pages, p)
		if !p.hasToken {
			return pages
		}
		Expect(seen[p.nextToken]).To(BeFalse(), "NextToken %q was returned twice: the walk would never end", p.nextToken)
		seen[p.nextToken] = true
		c = c.With(s.op.Paging.NextToken.TokenParam, p.nextToken)
	}
	Expect(len(pages)).To(BeNumerically("<", maxPages), "the walk did not end after %d pages", maxPages)
	return pages
}

// walkPageNumbers reads page after page until one is short or empty.
func (s *session) walkPageNumbers(base *call, pageSize int) []*page {
	var pages []*page
	for n := 1; n <= maxPages; n++ {
		c := base.With(s.op.Paging.PageNumber.SizeParam, strconv.Itoa(pageSize)).
			With(s.op.Paging.PageNumber.NumberParam, strconv.Itoa(n))
		p := s.page(c)
		pages = append(pages, p)
		if len(p.items) < pageSize {
			return pages
		}
	}
	Expect(len(pages)).To(BeNumerically("<", maxPages), "the walk did not end after %d pages", maxPages)
	return pages
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
