package store

import (
	"slices"
	"sync/atomic"
)

// Memory is the in-memory Store. Readers load an immutable snapshot through
// an atomic pointer and never wait; Replace builds the next snapshot aside
// and publishes it in one store. The zero value is an empty store.
type Memory struct {
	snap atomic.Pointer[snapshot]
}

var _ Store = (*Memory)(nil)

// NewMemory returns a store holding groups, after the checks Replace makes.
func NewMemory(groups []Group) (*Memory, error) {
	m := &Memory{}
	if err := m.Replace(groups); err != nil {
		return nil, err
	}
	return m, nil
}

// Replace implements Store. Errors name each bad group as groups[i] (ID).
func (m *Memory) Replace(groups []Group) error {
	s, err := buildSnapshot(groups)
	if err != nil {
		return err
	}
	m.snap.Store(s)
	return nil
}

func (m *Memory) load() *snapshot {
	if s := m.snap.Load(); s != nil {
		return s
	}
	return emptySnapshot
}

// Page implements Store. It costs a binary search for after plus a walk of
// the shortest applicable posting list (or of the groups themselves) until
// limit+1 matches are found.
func (m *Memory) Page(q Query, after string, limit int) ([]Group, bool) {
	p := m.load().part(q.Account, q.Region)
	if p == nil {
		return nil, false
	}
	limit = max(limit, 0)
	list, all := p.candidates(&q)
	start := 0
	if after != "" {
		start = p.firstBelow(after)
	}
	check := q.hasFieldFilters()
	want := limit + 1
	var buf [128]int32 // enough for a page of the API's largest size, on the stack
	hits := buf[:0]
	if all {
		for pos := start; pos < len(p.groups) && len(hits) < want; pos++ {
			if !check || q.matchFields(&p.groups[pos]) {
				hits = append(hits, int32(pos))
			}
		}
	} else {
		i, _ := slices.BinarySearch(list, int32(start))
		for ; i < len(list) && len(hits) < want; i++ {
			if !check || q.matchFields(&p.groups[list[i]]) {
				hits = append(hits, list[i])
			}
		}
	}
	more := len(hits) > limit
	if more {
		hits = hits[:limit]
	}
	return p.copyOut(hits), more
}

// Slice implements Store. Without filters the total is the partition's
// length; with filters every candidate is checked to count the matches.
func (m *Memory) Slice(q Query, offset, limit int) ([]Group, int) {
	p := m.load().part(q.Account, q.Region)
	if p == nil {
		return nil, 0
	}
	offset, limit = max(offset, 0), max(limit, 0)
	list, all := p.candidates(&q)
	if !q.hasFieldFilters() {
		n := len(list)
		if all {
			n = len(p.groups)
		}
		lo := min(offset, n)
		hi := lo + min(limit, n-lo)
		hits := make([]int32, 0, hi-lo)
		for i := lo; i < hi; i++ {
			if all {
				hits = append(hits, int32(i))
			} else {
				hits = append(hits, list[i])
			}
		}
		return p.copyOut(hits), n
	}
	total := 0
	var hits []int32
	visit := func(pos int32) {
		if !q.matchFields(&p.groups[pos]) {
			return
		}
		if total >= offset && total-offset < limit {
			hits = append(hits, pos)
		}
		total++
	}
	if all {
		for pos := range p.groups {
			visit(int32(pos))
		}
	} else {
		for _, pos := range list {
			visit(pos)
		}
	}
	return p.copyOut(hits), total
}

// copyOut copies the groups at positions, giving all their tags one shared
// backing array of the caller's own.
func (p *partition) copyOut(positions []int32) []Group {
	if len(positions) == 0 {
		return nil
	}
	n := 0
	for _, pos := range positions {
		n += len(p.groups[pos].Tags)
	}
	tags := make([]Tag, n)
	out := make([]Group, len(positions))
	for i, pos := range positions {
		out[i] = p.groups[pos]
		if k := len(out[i].Tags); k > 0 {
			copy(tags, out[i].Tags)
			out[i].Tags = tags[:k:k]
			tags = tags[k:]
		}
	}
	return out
}

// HasRegion implements Store.
func (m *Memory) HasRegion(region string) bool {
	_, ok := slices.BinarySearch(m.load().regions, region)
	return ok
}

// Regions implements Store.
func (m *Memory) Regions() []string { return slices.Clone(m.load().regions) }

// Len implements Store.
func (m *Memory) Len() int { return m.load().total }
