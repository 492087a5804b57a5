package store

import (
	"slices"
	"time"
)

// Values of Group.Type, as the API spells SecurityGroupType.
const (
	TypeNormal     = "normal"
	TypeEnterprise = "enterprise"
)

// Values of Group.InnerAccessPolicy, as the API spells InnerAccessPolicy.
const (
	InnerAccept = "Accept" // members of the group reach one another
	InnerDrop   = "Drop"   // they are isolated
)

// Values of Query.Network, as the API spells NetworkType.
const (
	NetworkVPC     = "vpc"     // groups with a VpcID
	NetworkClassic = "classic" // groups without one
)

// Tag is one tag of a group. Keys are unique within a group; the value may
// be empty.
type Tag struct{ Key, Value string }

// Group is one security group as the API reports it, plus the account and
// region that own it. Field names follow the API's where Go allows:
// ID is SecurityGroupId, Name SecurityGroupName, Type SecurityGroupType.
type Group struct {
	Account, Region string // owner account ID and region ID

	ID, Name, Description string
	Type                  string // TypeNormal or TypeEnterprise
	VpcID                 string // empty for a classic-network group
	ResourceGroupID       string

	// CreationTime is in UTC; the store normalizes it.
	CreationTime time.Time

	ServiceManaged bool
	ServiceID      int64 // only on managed groups; exceeds 32 bits in practice

	// InnerAccessPolicy is InnerAccept or InnerDrop; "" means the type's
	// default, InnerAccept for a normal group and InnerDrop for an
	// enterprise one, whose members the cloud isolates. The store answers
	// it explicitly.
	InnerAccessPolicy string

	EcsCount, AvailableInstanceAmount int32
	// RuleCount and GroupToGroupRuleCount are what DescribeSecurityGroups
	// reports. A group given with Rules must have them count its rules
	// (CountRules), or have both 0 to have them counted; a group given
	// without rules reports them as given.
	RuleCount, GroupToGroupRuleCount int32

	Tags []Tag

	// Rules are the group's rules, in the order DescribeSecurityGroupAttribute
	// answers them. Get returns them; Page and Slice, which list groups,
	// leave them nil.
	Rules []Rule
}

// innerAccessPolicy is InnerAccessPolicy with its default made explicit.
func (g *Group) innerAccessPolicy() string {
	switch {
	case g.InnerAccessPolicy != "":
		return g.InnerAccessPolicy
	case g.Type == TypeEnterprise:
		return InnerDrop
	}
	return InnerAccept
}

// clone returns g with Tags and Rules slices of its own, so that a caller
// may modify what it was handed without reaching into shared data.
func (g Group) clone() Group {
	g.Tags = slices.Clone(g.Tags)
	g.Rules = cloneRules(g.Rules)
	return g
}

// cloneGroups deep-copies a list of groups.
func cloneGroups(groups []Group) []Group {
	out := make([]Group, len(groups))
	for i := range groups {
		out[i] = groups[i].clone()
	}
	return out
}
