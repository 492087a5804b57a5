package store

// Store is what the emulator's handlers read security groups through.
// Implementations must be safe for concurrent use, including a Replace that
// runs while queries are answered: every call sees the data either wholly
// before or wholly after a Replace, never a mixture.
//
// Groups are ordered by ID descending, comparing bytes, which is the order
// the contract prescribes (DescribeSecurityGroups.paging.order-by-id-descending).
// Returned groups are copies the caller may keep and modify. Page and Slice
// list groups without their rules; Get returns one group with them.
type Store interface {
	// Page returns up to limit groups matching q that come strictly after
	// the ID after in that order ("" starts from the first), and whether
	// more matching groups follow them. after need not be the ID of an
	// existing group, which keeps a token valid when its group is removed.
	// A limit below 1 returns no groups and reports whether any would follow.
	Page(q Query, after string, limit int) (groups []Group, more bool)

	// Slice returns the matching groups at positions [offset, offset+limit)
	// of the ordered result, and the number of matching groups in all
	// (page-number paging). Positions past the end yield no groups; a
	// negative offset or limit counts as 0.
	Slice(q Query, offset, limit int) (groups []Group, total int)

	// Get returns the group of account in region with this ID, with its
	// Rules (nil when it has none), or false when that account has no such
	// group in that region.
	Get(account, region, id string) (Group, bool)

	// HasRegion reports whether any account has a group in region: the
	// regions the store serves are those its data names.
	HasRegion(region string) bool

	// Regions returns the regions served, sorted.
	Regions() []string

	// Replace validates groups and, if all are valid, makes them the whole
	// content of the store at once; otherwise it changes nothing and says
	// which groups were wrong. IDs must be unique across accounts and
	// regions, as the cloud's are.
	Replace(groups []Group) error

	// Len returns the number of groups held, over all accounts and regions.
	Len() int
}
