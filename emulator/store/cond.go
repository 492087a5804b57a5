package store

// cond is a Query's filters translated to the refs of one snapshot, so that
// matching a row compares numbers, not text.
type cond struct {
	name, vpc, rg strRef // zero: no filter
	typ           int8   // 0 any, or one of the constants below
	network       int8
	managed       int8
	tags          []tagCond
}

type tagCond struct {
	key, value strRef
	anyValue   bool
}

const (
	condAny int8 = iota
	condYes      // normal | vpc | managed
	condNo       // enterprise | classic | unmanaged
)

// compile translates q's filters. false means no group can match: a value
// nobody has, or one outside its enum.
func (s *snapshot) compile(q *Query) (cond, bool) {
	var c cond
	var ok bool
	if c.name, ok = s.text.find(q.Name); !ok {
		return c, false
	}
	if c.vpc, ok = s.text.find(q.VpcID); !ok {
		return c, false
	}
	if c.rg, ok = s.text.find(q.ResourceGroupID); !ok {
		return c, false
	}
	switch q.Type {
	case "":
	case TypeNormal:
		c.typ = condYes
	case TypeEnterprise:
		c.typ = condNo
	default:
		return c, false
	}
	switch q.Network {
	case "":
	case NetworkVPC:
		c.network = condYes
	case NetworkClassic:
		c.network = condNo
	default:
		return c, false
	}
	if q.ServiceManaged != nil {
		c.managed = condNo
		if *q.ServiceManaged {
			c.managed = condYes
		}
	}
	for _, t := range q.Tags {
		k, ok := s.text.find(t.Key)
		if !ok {
			return c, false
		}
		tc := tagCond{key: k, anyValue: t.AnyValue}
		if !t.AnyValue {
			if tc.value, ok = s.text.find(t.Value); !ok {
				return c, false
			}
		}
		c.tags = append(c.tags, tc)
	}
	return c, true
}

// filters reports whether c filters at all.
func (c *cond) filters() bool {
	return c.name.n != 0 || c.vpc.n != 0 || c.rg.n != 0 || c.typ != condAny ||
		c.network != condAny || c.managed != condAny || len(c.tags) > 0
}

// match reports whether row r passes every filter of c.
func (s *snapshot) match(c *cond, r *row) bool {
	if c.name.n != 0 && r.name != c.name ||
		c.vpc.n != 0 && r.vpc != c.vpc ||
		c.rg.n != 0 && r.rg != c.rg ||
		c.typ != condAny && r.enterprise != (c.typ == condNo) ||
		c.network != condAny && (r.vpc.n != 0) != (c.network == condYes) ||
		c.managed != condAny && r.managed != (c.managed == condYes) {
		return false
	}
	if len(c.tags) == 0 {
		return true
	}
	tags := s.tagsOf(r)
	for i := range c.tags {
		if !carries(tags, &c.tags[i]) {
			return false
		}
	}
	return true
}

// carries reports whether tags hold one that satisfies f. Keys are unique
// within a group, so the first key that matches decides.
func carries(tags []tagRef, f *tagCond) bool {
	for _, t := range tags {
		if t.key == f.key {
			return f.anyValue || t.value == f.value
		}
	}
	return false
}
