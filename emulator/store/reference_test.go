package store

import (
	"cmp"
	"slices"
	"testing"
)

// reference answers a query the slow, obvious way, straight from the
// contract's wording, for the store's answers to be compared against.
func reference(all []Group, q Query) []Group {
	var out []Group
	for _, g := range all {
		if g.Account == q.Account && g.Region == q.Region && referenceMatch(g, q) {
			out = append(out, g)
		}
	}
	slices.SortFunc(out, func(a, b Group) int { return cmp.Compare(b.ID, a.ID) })
	return out
}

func referenceMatch(g Group, q Query) bool {
	exact := func(filter, field string) bool { return filter == "" || filter == field }
	network := q.Network == "" ||
		q.Network == NetworkVPC && g.VpcID != "" ||
		q.Network == NetworkClassic && g.VpcID == ""
	for _, f := range q.Tags {
		if !slices.ContainsFunc(g.Tags, func(t Tag) bool { return t.Key == f.Key && (f.AnyValue || t.Value == f.Value) }) {
			return false
		}
	}
	return exact(q.ID, g.ID) &&
		(q.IDs == nil || slices.Contains(q.IDs, g.ID)) &&
		exact(q.VpcID, g.VpcID) && exact(q.Type, g.Type) && exact(q.Name, g.Name) &&
		exact(q.ResourceGroupID, g.ResourceGroupID) && network &&
		(q.ServiceManaged == nil || *q.ServiceManaged == g.ServiceManaged)
}

// walk follows Page from the top to the end, checking each page's shape.
func walk(t *testing.T, s Store, q Query, limit int) []Group {
	t.Helper()
	var all []Group
	after := ""
	for pages := 0; ; pages++ {
		if pages > s.Len()+1 {
			t.Fatalf("Page walk did not end after %d pages", pages)
		}
		page, more := s.Page(q, after, limit)
		if len(page) > limit {
			t.Fatalf("Page(after=%q, limit=%d) returned %d groups", after, limit, len(page))
		}
		if more && len(page) != limit {
			t.Fatalf("Page(after=%q, limit=%d) returned %d groups and more=true; a page followed by more must be full", after, limit, len(page))
		}
		all = append(all, page...)
		if !more {
			return all
		}
		after = page[len(page)-1].ID
	}
}

func ids(groups []Group) []string {
	out := make([]string, len(groups))
	for i, g := range groups {
		out[i] = g.ID
	}
	return out
}

func ptr[T any](v T) *T { return &v }

// defaultMemory returns a store of the default fixture and the fixture.
func defaultMemory(t testing.TB) (*Memory, []Group) {
	t.Helper()
	groups := Default()
	m, err := NewMemory(groups)
	if err != nil {
		t.Fatalf("NewMemory(Default()): %v", err)
	}
	return m, groups
}
