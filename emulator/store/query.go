package store

// TagFilter asks for groups carrying the tag Key. With AnyValue the value
// does not matter (a Tag.N.Key sent without Tag.N.Value); otherwise it must
// equal Value exactly, empty included.
type TagFilter struct {
	Key, Value string
	AnyValue   bool
}

// Query selects the groups of one account in one region. Every non-empty
// field narrows the result and all of them combine with AND, as the contract
// says; the zero value of a field means "no filter". The store does not
// validate a query: a value no group can have (an unknown Type or Network,
// an empty tag key) simply matches nothing.
type Query struct {
	// Account and Region are not filters but the scope: a query never sees
	// another account's groups or another region's.
	Account, Region string

	ID string // SecurityGroupId: exact
	// IDs is SecurityGroupIds: any of them. nil means no filter; an empty,
	// non-nil slice matches nothing. Duplicates are harmless.
	IDs []string

	VpcID, Type, Name, ResourceGroupID string // exact

	Network string // "", NetworkVPC or NetworkClassic

	Tags []TagFilter // a group must carry every one

	ServiceManaged *bool // nil: managed and unmanaged alike
}

// byID reports whether the query names its groups by ID, which lets the
// store look them up instead of scanning.
func (q *Query) byID() bool { return q.ID != "" || q.IDs != nil }

// hasFieldFilters reports whether any filter other than ID and IDs is set.
func (q *Query) hasFieldFilters() bool {
	return q.VpcID != "" || q.Type != "" || q.Name != "" || q.ResourceGroupID != "" ||
		q.Network != "" || len(q.Tags) > 0 || q.ServiceManaged != nil
}

// matchFields applies every filter except ID and IDs, which the store
// resolves through its ID order before it calls this.
func (q *Query) matchFields(g *Group) bool {
	if q.VpcID != "" && g.VpcID != q.VpcID {
		return false
	}
	if q.Type != "" && g.Type != q.Type {
		return false
	}
	if q.Name != "" && g.Name != q.Name {
		return false
	}
	if q.ResourceGroupID != "" && g.ResourceGroupID != q.ResourceGroupID {
		return false
	}
	switch q.Network {
	case "":
	case NetworkVPC:
		if g.VpcID == "" {
			return false
		}
	case NetworkClassic:
		if g.VpcID != "" {
			return false
		}
	default:
		return false
	}
	if q.ServiceManaged != nil && g.ServiceManaged != *q.ServiceManaged {
		return false
	}
	for i := range q.Tags {
		if !carries(g.Tags, &q.Tags[i]) {
			return false
		}
	}
	return true
}

// carries reports whether tags hold one that satisfies f.
func carries(tags []Tag, f *TagFilter) bool {
	for _, t := range tags {
		if t.Key == f.Key {
			return f.AnyValue || t.Value == f.Value
		}
	}
	return false
}
