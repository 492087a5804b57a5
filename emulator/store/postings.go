package store

import "slices"

// postKind says which filter a posting list serves.
type postKind uint8

const (
	postName postKind = iota + 1
	postVpc
	postClassic // groups without a VPC
	postResourceGroup
	postTagKey // a tag key, whatever its value
	postTag    // a tag key with one value
	postManaged
)

// postKey names one posting list: a filter and the value it asks for. It
// holds refs, not strings, so the map of lists holds no pointers either.
type postKey struct {
	kind postKind
	a, b strRef
}

// keysOf calls fn with the key of every posting list row r belongs to.
func (s *snapshot) keysOf(r *row, fn func(postKey)) {
	if r.name.n != 0 {
		fn(postKey{kind: postName, a: r.name})
	}
	if r.vpc.n != 0 {
		fn(postKey{kind: postVpc, a: r.vpc})
	} else {
		fn(postKey{kind: postClassic})
	}
	if r.rg.n != 0 {
		fn(postKey{kind: postResourceGroup, a: r.rg})
	}
	for _, t := range s.tagsOf(r) {
		fn(postKey{kind: postTagKey, a: t.key})
		fn(postKey{kind: postTag, a: t.key, b: t.value})
	}
	if r.managed {
		fn(postKey{kind: postManaged})
	}
}

// index builds the posting lists with one map lookup per entry: it numbers
// each distinct key, records every (key, position) occurrence, then places
// the occurrences by counting sort into one exactly sized arena. Positions
// are visited in ascending order, so every list comes out ascending.
func (p *partition) index(s *snapshot) {
	p.post = map[postKey]int32{}
	var occKey, occPos []int32
	for i := range p.rows {
		s.keysOf(&p.rows[i], func(k postKey) {
			id, ok := p.post[k]
			if !ok {
				id = int32(len(p.spans))
				p.post[k] = id
				p.spans = append(p.spans, span{})
			}
			p.spans[id].n++
			occKey = append(occKey, id)
			occPos = append(occPos, int32(i))
		})
	}
	fill := make([]int32, len(p.spans))
	off := int32(0)
	for id := range p.spans {
		p.spans[id].off, fill[id] = off, off
		off += p.spans[id].n
	}
	p.spans = slices.Clip(p.spans)
	p.arena = make([]int32, len(occKey))
	for j, id := range occKey {
		p.arena[fill[id]] = occPos[j]
		fill[id]++
	}
}

// list returns the posting list of k and whether there is one; no list
// means no group has that value.
func (p *partition) list(k postKey) ([]int32, bool) {
	id, ok := p.post[k]
	if !ok {
		return nil, false
	}
	sp := p.spans[id]
	return p.arena[sp.off : sp.off+sp.n : sp.off+sp.n], true
}

// plan is how a query is answered in one partition.
type plan struct {
	list  []int32 // candidate positions, ascending; unused when all
	all   bool    // every position is a candidate
	check bool    // candidates must still pass snapshot.match
}

// plan narrows a query to the candidates that may match it: the groups it
// names by ID, else the shortest posting list among its filters, else all.
// When the candidates are exactly the matches (one indexed filter and
// nothing else), check is false and counting them is free.
func (s *snapshot) plan(p *partition, q *Query, c *cond) plan {
	if q.byID() {
		return plan{list: s.resolveIDs(p, q), check: c.filters()}
	}
	var keys []postKey
	if c.name.n != 0 {
		keys = append(keys, postKey{kind: postName, a: c.name})
	}
	if c.vpc.n != 0 {
		keys = append(keys, postKey{kind: postVpc, a: c.vpc})
	}
	if c.network == condNo {
		keys = append(keys, postKey{kind: postClassic})
	}
	if c.rg.n != 0 {
		keys = append(keys, postKey{kind: postResourceGroup, a: c.rg})
	}
	for _, t := range c.tags {
		if t.anyValue {
			keys = append(keys, postKey{kind: postTagKey, a: t.key})
		} else {
			keys = append(keys, postKey{kind: postTag, a: t.key, b: t.value})
		}
	}
	if c.managed == condYes {
		keys = append(keys, postKey{kind: postManaged})
	}
	// Filters no posting list serves: they match too many groups for a
	// list to narrow anything.
	unindexed := c.typ != condAny || c.network == condYes || c.managed == condNo
	if len(keys) == 0 {
		return plan{all: true, check: unindexed}
	}
	var best []int32
	for i, k := range keys {
		l, ok := p.list(k)
		if !ok {
			return plan{}
		}
		if i == 0 || len(l) < len(best) {
			best = l
		}
	}
	return plan{list: best, check: len(keys) > 1 || unindexed}
}

// resolveIDs returns the positions of the groups q names by ID: the one ID,
// those of IDs, or, with both, the ID if IDs holds it.
func (s *snapshot) resolveIDs(p *partition, q *Query) []int32 {
	ids := q.IDs
	if q.ID != "" {
		if ids != nil && !slices.Contains(ids, q.ID) {
			return nil
		}
		ids = []string{q.ID}
	}
	var out []int32
	for _, id := range ids {
		if i, ok := s.find(p, id); ok {
			out = append(out, int32(i))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
