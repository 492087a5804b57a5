package sdktest_test

import (
	"slices"
	"strconv"
	"testing"
	"time"

	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/ecs-conformance/ecs-conformance/emulator"
	"github.com/ecs-conformance/ecs-conformance/emulator/store"
	"github.com/ecs-conformance/ecs-conformance/specs"
)

var attrContract = specs.Lookup("DescribeSecurityGroupAttribute")

func describeAttr(c *ecs.Client, req *ecs.DescribeSecurityGroupAttributeRequest) (*ecs.DescribeSecurityGroupAttributeResponseBody, error) {
	resp, err := c.DescribeSecurityGroupAttributeWithOptions(req, &dara.RuntimeOptions{})
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}

// walkAttr follows the SDK's NextToken to the last page of rules.
func walkAttr(t testing.TB, c *ecs.Client, req *ecs.DescribeSecurityGroupAttributeRequest) []*ecs.DescribeSecurityGroupAttributeResponseBody {
	t.Helper()
	var pages []*ecs.DescribeSecurityGroupAttributeResponseBody
	req.NextToken = nil
	for range maxWalk {
		body, err := describeAttr(c, req)
		if err != nil {
			t.Fatalf("page %d of the rules of %s: %v", len(pages)+1, dara.StringValue(req.SecurityGroupId), describeErr(err))
		}
		pages = append(pages, body)
		if dara.StringValue(body.NextToken) == "" {
			return pages
		}
		req.NextToken = body.NextToken
	}
	t.Fatalf("the walk of the rules of %s did not end", dara.StringValue(req.SecurityGroupId))
	return nil
}

// sdkRule is the store's view of a rule the SDK decoded: its peer taken
// from the Source fields of an ingress rule, the Dest fields of an egress
// one.
func sdkRule(t testing.TB, p *ecs.DescribeSecurityGroupAttributeResponseBodyPermissionsPermission) store.Rule {
	t.Helper()
	s := dara.StringValue
	priority, err := strconv.Atoi(s(p.Priority))
	if err != nil {
		t.Errorf("rule %s: Priority %q is not a number", s(p.SecurityGroupRuleId), s(p.Priority))
	}
	created, err := time.Parse(emulator.CreationTimeLayout, s(p.CreateTime))
	if err != nil {
		t.Errorf("rule %s: CreateTime %q: %v", s(p.SecurityGroupRuleId), s(p.CreateTime), err)
	}
	r := store.Rule{ID: s(p.SecurityGroupRuleId), Direction: s(p.Direction), Protocol: s(p.IpProtocol), PortRange: s(p.PortRange),
		SourcePortRange: s(p.SourcePortRange), NicType: s(p.NicType), Policy: s(p.Policy), Priority: int32(priority),
		Description: s(p.Description), CreateTime: created}
	if r.Direction == store.DirectionEgress {
		r.CidrIP, r.IPv6CidrIP, r.GroupID, r.GroupName = s(p.DestCidrIp), s(p.Ipv6DestCidrIp), s(p.DestGroupId), s(p.DestGroupName)
		r.GroupOwnerAccount, r.PrefixListID, r.PrefixListName = s(p.DestGroupOwnerAccount), s(p.DestPrefixListId), s(p.DestPrefixListName)
	} else {
		r.CidrIP, r.IPv6CidrIP, r.GroupID, r.GroupName = s(p.SourceCidrIp), s(p.Ipv6SourceCidrIp), s(p.SourceGroupId), s(p.SourceGroupName)
		r.GroupOwnerAccount, r.PrefixListID, r.PrefixListName = s(p.SourceGroupOwnerAccount), s(p.SourcePrefixListId), s(p.SourcePrefixListName)
	}
	return r
}

// TestSDKAttribute drives DescribeSecurityGroupAttribute through the
// official Go SDK v7 in V3 and in RPC (SignatureAlgorithm v2): the group
// fields and every rule decode to the fixture's, a token walk yields the
// rules once, in order, and as many as DescribeSecurityGroups' RuleCount;
// NicType narrows a classic group's rules; Attribute asks for an empty
// SnapshotPolicyIds; hidden parameters are accepted.
func TestSDKAttribute(t *testing.T) {
	lb := serve(t, emulator.Options{})
	st := lb.emu.Store()
	var vpc, classic store.Group
	for _, listed := range expected(t, wire("RegionId", region)) {
		g, _ := st.Get(emulator.DefaultAccount, region, listed.ID)
		if g.VpcID != "" && len(g.Rules) > 30 && g.GroupToGroupRuleCount > 0 && vpc.ID == "" {
			vpc = g
		}
		if g.VpcID == "" && len(g.Rules) > 5 && classic.ID == "" {
			classic = g
		}
	}
	if vpc.ID == "" || classic.ID == "" {
		t.Fatal("the fixture has no VPC group with more than 30 rules or no classic group with more than 5")
	}
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			c := sdkClient(t, lb, m, defaultKey)
			listed, err := describe(c, &ecs.DescribeSecurityGroupsRequest{RegionId: dara.String(region), SecurityGroupId: dara.String(vpc.ID)})
			if err != nil || len(listed.SecurityGroups.SecurityGroup) != 1 {
				t.Fatalf("DescribeSecurityGroups of %s: %v", vpc.ID, describeErr(err))
			}
			pages := walkAttr(t, c, &ecs.DescribeSecurityGroupAttributeRequest{RegionId: dara.String(region), SecurityGroupId: dara.String(vpc.ID),
				MaxResults: dara.Int32(10), Direction: dara.String("all"), OwnerId: dara.Int64(1234567890123456)})
			var got []store.Rule
			for i, p := range pages {
				if dara.StringValue(p.SecurityGroupId) != vpc.ID || dara.StringValue(p.RegionId) != region ||
					dara.StringValue(p.SecurityGroupName) != vpc.Name || dara.StringValue(p.VpcId) != vpc.VpcID ||
					dara.StringValue(p.InnerAccessPolicy) != vpc.InnerAccessPolicy || p.SnapshotPolicyIds != nil {
					t.Errorf("page %d: the group decodes as %s %q in %s, VPC %q, InnerAccessPolicy %q, SnapshotPolicyIds %v", i+1,
						dara.StringValue(p.SecurityGroupId), dara.StringValue(p.SecurityGroupName), dara.StringValue(p.RegionId),
						dara.StringValue(p.VpcId), dara.StringValue(p.InnerAccessPolicy), p.SnapshotPolicyIds)
				}
				if n := len(p.Permissions.Permission); n > 10 || n < 10 && i < len(pages)-1 {
					t.Errorf("page %d of %d holds %d rules at MaxResults 10", i+1, len(pages), n)
				}
				for _, perm := range p.Permissions.Permission {
					got = append(got, sdkRule(t, perm))
				}
			}
			sg := listed.SecurityGroups.SecurityGroup[0]
			g2g := 0
			for _, r := range got {
				if r.GroupID != "" {
					g2g++
				}
			}
			if len(got) != int(dara.Int32Value(sg.RuleCount)) || g2g != int(dara.Int32Value(sg.GroupToGroupRuleCount)) {
				t.Errorf("%d rules, %d naming a group; DescribeSecurityGroups says %d and %d", len(got), g2g, dara.Int32Value(sg.RuleCount), dara.Int32Value(sg.GroupToGroupRuleCount))
			}
			if !slices.EqualFunc(got, vpc.Rules, func(a, b store.Rule) bool { return a == b }) {
				t.Errorf("the rules decode differently from the fixture's:\n got %+v\nwant %+v", got, vpc.Rules)
			}

			for _, nic := range []string{store.NicInternet, store.NicIntranet} {
				body, err := describeAttr(c, &ecs.DescribeSecurityGroupAttributeRequest{RegionId: dara.String(region),
					SecurityGroupId: dara.String(classic.ID), NicType: dara.String(nic), MaxResults: dara.Int32(1000)})
				if err != nil {
					t.Fatalf("%s NicType %s: %v", classic.ID, nic, describeErr(err))
				}
				var want []string
				for _, r := range classic.Rules {
					if r.NicType == nic {
						want = append(want, r.ID)
					}
				}
				var ids []string
				for _, p := range body.Permissions.Permission {
					ids = append(ids, dara.StringValue(p.SecurityGroupRuleId))
				}
				if !slices.Equal(ids, want) || dara.StringValue(body.VpcId) != "" {
					t.Errorf("%s NicType %s: %v, want %v", classic.ID, nic, ids, want)
				}
			}

			body, err := describeAttr(c, &ecs.DescribeSecurityGroupAttributeRequest{RegionId: dara.String(region),
				SecurityGroupId: dara.String(vpc.ID), Attribute: dara.String("snapshotPolicyIds")})
			if err != nil || body.SnapshotPolicyIds == nil || len(body.SnapshotPolicyIds.SnapshotPolicyId) != 0 {
				t.Errorf("Attribute snapshotPolicyIds: %v, SnapshotPolicyIds %+v", describeErr(err), body)
			}
		})
	}
}

// TestSDKAttributeErrors checks what the SDK makes of the operation's own
// codes: *tea.SDKError with the Code, HTTP status and message of the
// contract.
func TestSDKAttributeErrors(t *testing.T) {
	lb := serve(t, emulator.Options{})
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			c := sdkClient(t, lb, m, defaultKey)
			for _, tt := range []struct {
				req  *ecs.DescribeSecurityGroupAttributeRequest
				code string
			}{
				{&ecs.DescribeSecurityGroupAttributeRequest{RegionId: dara.String(region), SecurityGroupId: dara.String("sg-doesnotexist0000000")}, "InvalidSecurityGroupId.NotFound"},
				{&ecs.DescribeSecurityGroupAttributeRequest{RegionId: dara.String(region), SecurityGroupId: dara.String(store.SecondAccountGroupID)}, "InvalidSecurityGroupId.NotFound"},
				{&ecs.DescribeSecurityGroupAttributeRequest{RegionId: dara.String(region)}, "MissingSecurityGroupId"},
				{&ecs.DescribeSecurityGroupAttributeRequest{SecurityGroupId: dara.String(store.FixtureGroupID)}, "MissingParameter.RegionId"},
				{&ecs.DescribeSecurityGroupAttributeRequest{RegionId: dara.String(region), SecurityGroupId: dara.String(store.FixtureGroupID), MaxResults: dara.Int32(5)}, "InvalidParamter"},
				{&ecs.DescribeSecurityGroupAttributeRequest{RegionId: dara.String(region), SecurityGroupId: dara.String(store.FixtureGroupID), NicType: dara.String("ethernet")}, "InvalidNicType.ValueNotSupported"},
				{&ecs.DescribeSecurityGroupAttributeRequest{RegionId: dara.String(region), SecurityGroupId: dara.String(store.FixtureGroupID), Attribute: dara.String("tags")}, "InvalidParameter.AttributeNotSupported"},
			} {
				_, err := describeAttr(c, tt.req)
				if err == nil {
					t.Errorf("%s: got success", tt.code)
					continue
				}
				e := sdkError(t, err)
				entry := attrContract.Error(tt.code)
				if dara.StringValue(e.Code) != tt.code || dara.IntValue(e.StatusCode) != entry.Status || !messagePattern(entry.Render(m.scheme, nil)).MatchString(dara.StringValue(e.Message)) {
					t.Errorf("want %s (%d) %q, got %s", tt.code, entry.Status, entry.Message, describeErr(err))
				}
			}
		})
	}
}
