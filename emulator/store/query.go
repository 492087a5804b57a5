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
