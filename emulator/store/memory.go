package store

import (
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
)

// Memory is the in-memory Store. Readers load an immutable snapshot through
// an atomic pointer and never wait; Replace builds the next snapshot aside
// and publishes it in one store. The zero value is an empty store.
//
// A snapshot keeps, per account and region, the groups as fixed-size,
// pointer-free rows sorted by ID descending, their strings interned in one
// byte arena, and posting lists (name, VPC, classic, resource group, tag
// key, tag key and value, managed) as ascending positions. A Page is a
// binary search for its starting ID and a walk of the shortest applicable
// list; a Slice counts its matches by the same walk, or for free when one
// indexed filter is all there is. About 240 bytes of heap per group.
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

// NewDefault returns a store holding the default fixture, like
// NewMemory(Default()). The stores it returns share one immutable snapshot,
// built once, until each is replaced: after the first, one costs nothing,
// where building the default's thousands of rules takes milliseconds.
func NewDefault() *Memory {
	m := &Memory{}
	m.ReplaceDefault()
	return m
}

// defaultSnapshot decodes the embedded fixture for itself rather than
// through Default's cache: the decoded groups (strings, tag and rule slices)
// are garbage once the snapshot is built, where kept for Default they
// would be about 7 MB of pointers that every garbage collection of an
// emulator serving the default fixture walks again, for nothing.
var defaultSnapshot = sync.OnceValues(func() (*snapshot, error) {
	groups, err := parseCanonical(DefaultFixtureFile, defaultFixture)
	if err != nil {
		return nil, err
	}
	return buildSnapshot(groups) // which neither modifies nor keeps them
})

// ReplaceDefault makes the default fixture the whole content of the store,
// like Replace(Default()), by putting back the snapshot NewDefault shares:
// no decoding, no building, and no decoded groups left behind.
func (m *Memory) ReplaceDefault() {
	s, err := defaultSnapshot()
	if err != nil {
		panic(fmt.Sprintf("store: the embedded default fixture is invalid; regenerate it with go generate ./emulator/store: %v", err))
	}
	m.snap.Store(s)
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
// the shortest applicable posting list (or of the rows themselves) until
// limit+1 matches are found.
func (m *Memory) Page(q Query, after string, limit int) ([]Group, bool) {
	var buf PageBuffer
	more := m.PageInto(&buf, q, after, limit)
	return buf.Groups, more
}

// PageInto is Page with the groups written into buf, which it resets
// first, rather than into memory of their own: an answer written page
// after page then allocates none for its groups. They are valid until buf
// is reset or used again.
func (m *Memory) PageInto(buf *PageBuffer, q Query, after string, limit int) bool {
	buf.Reset()
	s := m.load()
	p := s.part(q.Account, q.Region)
	if p == nil {
		return false
	}
	c, ok := s.compile(&q)
	if !ok {
		return false
	}
	limit = max(limit, 0)
	pl := s.plan(p, &q, &c)
	start := 0
	if after != "" {
		start = s.firstBelow(p, after)
	}
	want := limit + 1
	var hitArr [128]int32 // enough for a page of the API's largest size, on the stack
	hits := hitArr[:0]
	if pl.all {
		for pos := start; pos < len(p.rows) && len(hits) < want; pos++ {
			if !pl.check || s.match(&c, &p.rows[pos]) {
				hits = append(hits, int32(pos))
			}
		}
	} else {
		i, _ := slices.BinarySearch(pl.list, int32(start))
		for ; i < len(pl.list) && len(hits) < want; i++ {
			if !pl.check || s.match(&c, &p.rows[pl.list[i]]) {
				hits = append(hits, pl.list[i])
			}
		}
	}
	more := len(hits) > limit
	if more {
		hits = hits[:limit]
	}
	s.copyInto(buf, p, hits)
	return more
}

// Slice implements Store. When the candidates are exactly the matches (no
// filter, IDs alone, or one indexed filter alone) the total is their number;
// otherwise every candidate is checked to count the matches.
func (m *Memory) Slice(q Query, offset, limit int) ([]Group, int) {
	var buf PageBuffer
	total := m.SliceInto(&buf, q, offset, limit)
	return buf.Groups, total
}

// SliceInto is Slice with the groups written into buf, as PageInto writes
// them.
func (m *Memory) SliceInto(buf *PageBuffer, q Query, offset, limit int) int {
	buf.Reset()
	s := m.load()
	p := s.part(q.Account, q.Region)
	if p == nil {
		return 0
	}
	c, ok := s.compile(&q)
	if !ok {
		return 0
	}
	offset, limit = max(offset, 0), max(limit, 0)
	pl := s.plan(p, &q, &c)
	at := func(i int) int32 { return pl.list[i] }
	n := len(pl.list)
	if pl.all {
		at, n = func(i int) int32 { return int32(i) }, len(p.rows)
	}
	if !pl.check {
		lo := min(offset, n)
		hi := lo + min(limit, n-lo)
		hits := make([]int32, 0, hi-lo)
		for i := lo; i < hi; i++ {
			hits = append(hits, at(i))
		}
		s.copyInto(buf, p, hits)
		return n
	}
	total := 0
	var hits []int32
	for i := range n {
		pos := at(i)
		if !s.match(&c, &p.rows[pos]) {
			continue
		}
		if total >= offset && total-offset < limit {
			hits = append(hits, pos)
		}
		total++
	}
	s.copyInto(buf, p, hits)
	return total
}

// PageBuffer holds the groups of a page and their tags for PageInto and
// SliceInto, which reuse its memory. The zero value is an empty buffer.
type PageBuffer struct {
	// Groups are the groups of the last page written.
	Groups []Group
	// Keys are the RowKeys of Groups, one each.
	Keys []RowKey
	tags []Tag
}

// Reset forgets the groups. Their strings point into the text of the
// snapshot they were read from: a buffer kept for reuse must not keep a
// replaced snapshot alive through them.
func (b *PageBuffer) Reset() {
	clear(b.Groups)
	clear(b.tags)
	b.Groups, b.Keys, b.tags = b.Groups[:0], b.Keys[:0], b.tags[:0]
}

// copyInto turns the rows at positions into groups in buf, their tags in
// one backing array. A buffer too small is replaced by one of the exact
// size, so that Page and Slice, which start from an empty buffer, hand out
// no spare capacity. Nothing is written for no positions: Groups stays nil
// in a fresh buffer.
func (s *snapshot) copyInto(buf *PageBuffer, p *partition, positions []int32) {
	if len(positions) == 0 {
		return
	}
	n := 0
	for _, pos := range positions {
		n += int(s.tagSets[p.rows[pos].tags].n)
	}
	if cap(buf.tags) < n {
		buf.tags = make([]Tag, n)
	}
	if cap(buf.Groups) < len(positions) {
		buf.Groups = make([]Group, len(positions))
	}
	if cap(buf.Keys) < len(positions) {
		buf.Keys = make([]RowKey, len(positions))
	}
	tags := buf.tags[:n]
	out, keys := buf.Groups[:len(positions)], buf.Keys[:len(positions)]
	for i, pos := range positions {
		out[i] = s.group(p, &p.rows[pos], tags)
		keys[i] = rowKey(p, pos)
		tags = tags[len(out[i].Tags):]
	}
	buf.Groups, buf.Keys, buf.tags = out, keys, buf.tags[:n]
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
