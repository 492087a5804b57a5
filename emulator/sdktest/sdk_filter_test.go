package sdktest_test

import (
	"encoding/json"
	"testing"

	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/ecs-conformance/ecs-conformance/emulator"
	"github.com/ecs-conformance/ecs-conformance/emulator/store"
)

// filterCase is one request of the filter table, as the SDK user writes it.
type filterCase struct {
	name string
	edit func(*ecs.DescribeSecurityGroupsRequest)
	// empty says the filter must select nothing; otherwise it must select
	// some but not all of the region's groups, or it would test nothing.
	empty bool
	// ecsCount: the request sets IsQueryEcsCount, so the capacity figures
	// are compared too.
	ecsCount bool
}

func tag(k string, v ...string) *ecs.DescribeSecurityGroupsRequestTag {
	t := &ecs.DescribeSecurityGroupsRequestTag{Key: dara.String(k)}
	if len(v) > 0 {
		t.Value = dara.String(v[0])
	}
	return t
}

// filterCases covers every filter of the contract at least once, from
// values the fixture plants on purpose (store.Fixture*).
func filterCases(t testing.TB) []filterCase {
	all := expected(t, wire("RegionId", region))
	// Three groups spread over the order, one of another account and one
	// that does not exist: only the first three may come back.
	picked := []string{all[0].ID, all[len(all)/2].ID, all[len(all)-1].ID, store.SecondAccountGroupID, "sg-doesnotexist000000"}
	idsJSON, err := json.Marshal(picked)
	if err != nil {
		t.Fatal(err)
	}
	return []filterCase{
		{name: "SecurityGroupId", edit: func(r *ecs.DescribeSecurityGroupsRequest) { r.SecurityGroupId = dara.String(store.FixtureGroupID) }},
		{name: "SecurityGroupId of another account", empty: true, edit: func(r *ecs.DescribeSecurityGroupsRequest) {
			r.SecurityGroupId = dara.String(store.SecondAccountGroupID)
		}},
		{name: "SecurityGroupIds", edit: func(r *ecs.DescribeSecurityGroupsRequest) { r.SecurityGroupIds = dara.String(string(idsJSON)) }},
		{name: "VpcId", edit: func(r *ecs.DescribeSecurityGroupsRequest) { r.VpcId = dara.String(store.FixtureVPC) }},
		{name: "SecurityGroupType normal", edit: func(r *ecs.DescribeSecurityGroupsRequest) { r.SecurityGroupType = dara.String(store.TypeNormal) }},
		{name: "SecurityGroupType enterprise", edit: func(r *ecs.DescribeSecurityGroupsRequest) {
			r.SecurityGroupType = dara.String(store.TypeEnterprise)
		}},
		{name: "SecurityGroupName exact", edit: func(r *ecs.DescribeSecurityGroupsRequest) { r.SecurityGroupName = dara.String(store.FixtureNameMid) }},
		{name: "NetworkType vpc", edit: func(r *ecs.DescribeSecurityGroupsRequest) { r.NetworkType = dara.String("vpc") }},
		{name: "NetworkType classic", edit: func(r *ecs.DescribeSecurityGroupsRequest) { r.NetworkType = dara.String("classic") }},
		{name: "ResourceGroupId", edit: func(r *ecs.DescribeSecurityGroupsRequest) {
			r.ResourceGroupId = dara.String(store.FixtureResourceGroup)
		}},
		{name: "one tag", edit: func(r *ecs.DescribeSecurityGroupsRequest) {
			r.Tag = []*ecs.DescribeSecurityGroupsRequestTag{tag(store.FixtureTagKey, store.FixtureTagValue)}
		}},
		{name: "two tags", edit: func(r *ecs.DescribeSecurityGroupsRequest) {
			r.Tag = []*ecs.DescribeSecurityGroupsRequestTag{tag(store.FixtureTagKey, store.FixtureTagValue), tag(store.FixtureSameValueTagKey, store.FixtureTagValue)}
		}},
		{name: "tag key only", edit: func(r *ecs.DescribeSecurityGroupsRequest) {
			r.Tag = []*ecs.DescribeSecurityGroupsRequestTag{tag(store.FixtureSameValueTagKey)}
		}},
		{name: "ServiceManaged true", edit: func(r *ecs.DescribeSecurityGroupsRequest) { r.ServiceManaged = dara.Bool(true) }},
		{name: "ServiceManaged false", edit: func(r *ecs.DescribeSecurityGroupsRequest) { r.ServiceManaged = dara.Bool(false) }},
		{name: "combined VpcId, type and tag", edit: func(r *ecs.DescribeSecurityGroupsRequest) {
			r.VpcId = dara.String(store.FixtureVPC)
			r.SecurityGroupType = dara.String(store.TypeNormal)
			r.Tag = []*ecs.DescribeSecurityGroupsRequestTag{tag(store.FixtureTagKey)}
		}},
		{name: "IsQueryEcsCount reports capacity", ecsCount: true, edit: func(r *ecs.DescribeSecurityGroupsRequest) {
			r.IsQueryEcsCount = dara.Bool(true)
			r.VpcId = dara.String(store.FixtureVPC)
		}},
	}
}

// TestSDKFilters sends each filter through the official Go SDK, in both
// signing modes, walks every page, and compares what the SDK decoded with
// the fixture filtered by the contract's rule.
func TestSDKFilters(t *testing.T) {
	lb := serve(t, emulator.Options{})
	total := len(expected(t, wire("RegionId", region)))
	for _, m := range modes {
		c := sdkClient(t, lb, m, defaultKey)
		for _, tc := range filterCases(t) {
			t.Run(m.name+"/"+tc.name, func(t *testing.T) {
				req := &ecs.DescribeSecurityGroupsRequest{RegionId: dara.String(region), MaxResults: dara.Int32(100)}
				tc.edit(req)
				want := expected(t, wireOf(req))
				switch {
				case tc.empty && len(want) != 0:
					t.Fatalf("the case expects no group but the fixture has %d; fix the case", len(want))
				case !tc.empty && (len(want) == 0 || len(want) == total):
					t.Fatalf("the filter selects %d of %d fixture groups; pick a value that narrows the region", len(want), total)
				}
				pages := walkTokens(t, c, req)
				for i, p := range pages {
					if got := dara.StringValue(p.RegionId); got != region {
						t.Errorf("page %d: RegionId %q, want %q", i+1, got, region)
					}
					if dara.StringValue(p.RequestId) == "" {
						t.Errorf("page %d: no RequestId", i+1)
					}
				}
				compareGroups(t, groupsOf(pages), want, tc.ecsCount)
			})
		}
	}
}
