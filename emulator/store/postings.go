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

// postKey names one posting list: a filter and the value it asks for.
type postKey struct {
	kind postKind
	a, b string
}

// span locates a posting list in a partition's arena.
type span struct{ off, n int32 }

// keysOf calls fn with the key of every posting list group g belongs to.
func keysOf(g *Group, fn func(postKey)) {
	if g.Name != "" {
		fn(postKey{kind: postName, a: g.Name})
	}
	if g.VpcID != "" {
		fn(postKey{kind: postVpc, a: g.VpcID})
	} else {
		fn(postKey{kind: postClassic})
	}
	if g.ResourceGroupID != "" {
		fn(postKey{kind: postResourceGroup, a: g.ResourceGroupID})
	}
	for _, t := range g.Tags {
		fn(postKey{kind: postTagKey, a: t.Key})
		fn(postKey{kind: postTag, a: t.Key, b: t.Value})
	}
	if g.ServiceManaged {
		fn(postKey{kind: postManaged})
	}
}

// index builds the posting lists with one map lookup per entry: it numbers
// each distinct key, records every (key, position) occurrence, then places
// the occurrences by counting sort into one exactly sized arena. Positions
// are visited in ascending order, so every list comes out ascending.
func (p *partition) index() {
	p.post = map[postKey]int32{}
	var occKey, occPos []int32
	for i := range p.groups {
		keysOf(&p.groups[i], func(k postKey) {
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
	s := p.spans[id]
	return p.arena[s.off : s.off+s.n : s.off+s.n], true
}

// candidates narrows q to ascending positions that may match it. With
// all=true no list applies and every position is a candidate. Every
// candidate must still pass q.matchFields, except that ID and IDs are fully
// resolved here.
func (p *partition) candidates(q *Query) (list []int32, all bool) {
	switch q.Network {
	case "", NetworkVPC, NetworkClassic:
	default:
		return nil, false
	}
	switch q.Type {
	case "", TypeNormal, TypeEnterprise:
	default:
		return nil, false
	}
	if q.byID() {
		return p.resolveIDs(q), false
	}
	var keys []postKey
	if q.Name != "" {
		keys = append(keys, postKey{kind: postName, a: q.Name})
	}
	if q.VpcID != "" {
		keys = append(keys, postKey{kind: postVpc, a: q.VpcID})
	}
	if q.Network == NetworkClassic {
		keys = append(keys, postKey{kind: postClassic})
	}
	if q.ResourceGroupID != "" {
		keys = append(keys, postKey{kind: postResourceGroup, a: q.ResourceGroupID})
	}
	for _, t := range q.Tags {
		if t.AnyValue {
			keys = append(keys, postKey{kind: postTagKey, a: t.Key})
		} else {
			keys = append(keys, postKey{kind: postTag, a: t.Key, b: t.Value})
		}
	}
	if q.ServiceManaged != nil && *q.ServiceManaged {
		keys = append(keys, postKey{kind: postManaged})
	}
	if len(keys) == 0 {
		return nil, true
	}
	var best []int32
	for i, k := range keys {
		l, ok := p.list(k)
		if !ok {
			return nil, false
		}
		if i == 0 || len(l) < len(best) {
			best = l
		}
	}
	return best, false
}

// resolveIDs returns the positions of the groups q names by ID: the one ID,
// those of IDs, or, with both, the ID if IDs holds it.
func (p *partition) resolveIDs(q *Query) []int32 {
	ids := q.IDs
	if q.ID != "" {
		if ids != nil && !slices.Contains(ids, q.ID) {
			return nil
		}
		ids = []string{q.ID}
	}
	var out []int32
	for _, id := range ids {
		if i, ok := p.find(id); ok {
			out = append(out, int32(i))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
