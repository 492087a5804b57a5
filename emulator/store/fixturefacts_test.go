package store

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestFixtureFacts keeps the constants of fixturefacts.go, and the shape the
// brief promises the suites, true of the embedded fixture.
func TestFixtureFacts(t *testing.T) {
	all := Default()
	in := func(q Query) []Group { return reference(all, q) }
	homeGroups := in(home(Query{}))

	count := func(f func(Group) bool) int {
		n := 0
		for _, g := range homeGroups {
			if f(g) {
				n++
			}
		}
		return n
	}
	distinct := func(f func(Group) string) []string {
		var out []string
		for _, g := range homeGroups {
			if v := f(g); v != "" && !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
		return out
	}
	withTag := func(key, value string) int {
		return count(func(g Group) bool { return slices.Contains(g.Tags, Tag{key, value}) })
	}
	facts := []struct {
		name string
		ok   bool
	}{
		{"at least 250 groups in the home region", len(homeGroups) >= 250 && len(homeGroups) == FixtureRegionGroups},
		{"FixtureVPCs VPCs, at least 4", len(distinct(func(g Group) string { return g.VpcID })) == FixtureVPCs && FixtureVPCs >= 4},
		{"FixtureClassicGroups classic groups", count(func(g Group) bool { return g.VpcID == "" }) == FixtureClassicGroups && FixtureClassicGroups > 0},
		{"classic groups are all normal", count(func(g Group) bool { return g.VpcID == "" && g.Type != TypeNormal }) == 0},
		{"both types", count(func(g Group) bool { return g.Type == TypeNormal }) > 0 && count(func(g Group) bool { return g.Type == TypeEnterprise }) > 0},
		{"at least 3 resource groups, FixtureResourceGroup among them", len(distinct(func(g Group) string { return g.ResourceGroupID })) >= 3 &&
			count(func(g Group) bool { return g.ResourceGroupID == FixtureResourceGroup }) > 0},
		{"FixtureManagedGroups managed groups with IDs beyond 32 bits", count(func(g Group) bool { return g.ServiceManaged }) == FixtureManagedGroups &&
			count(func(g Group) bool { return g.ServiceManaged && g.ServiceID > math.MaxUint32 }) == FixtureManagedGroups},
		{"FixtureServiceID is used", count(func(g Group) bool { return g.ServiceID == FixtureServiceID }) > 0},
		{"normal groups of either InnerAccessPolicy, enterprise groups Drop",
			count(func(g Group) bool { return g.Type == TypeNormal && g.InnerAccessPolicy == InnerAccept }) > 0 &&
				count(func(g Group) bool { return g.Type == TypeNormal && g.InnerAccessPolicy == InnerDrop }) > 0 &&
				count(func(g Group) bool { return g.Type == TypeEnterprise && g.InnerAccessPolicy != InnerDrop }) == 0},
		{"name trio counts", len(in(home(Query{Name: FixtureNameShort}))) == FixtureNameShortCount &&
			len(in(home(Query{Name: FixtureNameMid}))) == FixtureNameMidCount &&
			len(in(home(Query{Name: FixtureNameLong}))) == FixtureNameLongCount},
		{"name trio prefixes one another", strings.HasPrefix(FixtureNameMid, FixtureNameShort) && strings.HasPrefix(FixtureNameLong, FixtureNameMid)},
		{"FixtureGroupID is the short name's group in FixtureVPC", len(in(home(Query{ID: FixtureGroupID, Name: FixtureNameShort, VpcID: FixtureVPC}))) == 1},
		{"groups without a name", count(func(g Group) bool { return g.Name == "" }) > 0},
		{"the tag pair is common but not universal", withTag(FixtureTagKey, FixtureTagValue) > 10 && withTag(FixtureTagKey, FixtureTagValue) < len(homeGroups)},
		{"other values under the tag key", withTag(FixtureTagKey, "test") > 0},
		{"the tag value under another key, alone and together",
			count(func(g Group) bool {
				return slices.Contains(g.Tags, Tag{FixtureSameValueTagKey, FixtureTagValue}) && !slices.Contains(g.Tags, Tag{FixtureTagKey, FixtureTagValue})
			}) > 0 &&
				count(func(g Group) bool {
					return slices.Contains(g.Tags, Tag{FixtureSameValueTagKey, FixtureTagValue}) && slices.Contains(g.Tags, Tag{FixtureTagKey, FixtureTagValue})
				}) > 0},
		{"a tag key with an empty value", withTag(FixtureEmptyValueTagKey, "") > 0},
		{"untagged and multi-tagged groups", count(func(g Group) bool { return len(g.Tags) == 0 }) > 0 && count(func(g Group) bool { return len(g.Tags) >= 3 }) > 0},
		{"the second account has a look-alike group", len(in(Query{Account: SecondAccount, Region: FixtureRegion, ID: SecondAccountGroupID, Name: FixtureNameShort,
			Tags: []TagFilter{{Key: FixtureTagKey, Value: FixtureTagValue}}})) == 1},
		{"the default account has nothing in FixtureRegionWithoutDefault, the second account something",
			len(in(Query{Account: DefaultAccount, Region: FixtureRegionWithoutDefault})) == 0 &&
				len(in(Query{Account: SecondAccount, Region: FixtureRegionWithoutDefault})) > 0},
	}
	for _, f := range facts {
		if !f.ok {
			t.Errorf("fixture fact broken: %s", f.name)
		}
	}
}

// TestFixtureShape checks every group looks like the cloud's.
func TestFixtureShape(t *testing.T) {
	prefixes := map[string]string{"cn-hangzhou": "bp1", "cn-shanghai": "uf6", "cn-beijing": "2ze", "ap-southeast-1": "t4n"}
	regions := map[string]bool{}
	for _, g := range Default() {
		regions[g.Region] = true
		p := prefixes[g.Region]
		if len(g.ID) != len("sg-")+3+17 || !strings.HasPrefix(g.ID, "sg-"+p) {
			t.Errorf("%s in %s: not sg-%s and 17 characters", g.ID, g.Region, p)
		}
		if g.VpcID != "" && !strings.HasPrefix(g.VpcID, "vpc-"+p) {
			t.Errorf("%s: VPC %s is not of region %s", g.ID, g.VpcID, g.Region)
		}
		if g.Account != DefaultAccount && g.Account != SecondAccount {
			t.Errorf("%s: unexpected account %s", g.ID, g.Account)
		}
		if g.CreationTime.Location() != time.UTC || g.CreationTime.Nanosecond() != 0 {
			t.Errorf("%s: CreationTime %v is not whole seconds in UTC", g.ID, g.CreationTime)
		}
		if g.Type == TypeEnterprise && g.GroupToGroupRuleCount != 0 {
			t.Errorf("%s: an enterprise group with group-to-group rules", g.ID)
		}
	}
	if len(regions) < 3 {
		t.Errorf("the fixture spans %d regions; want at least 3", len(regions))
	}
}
