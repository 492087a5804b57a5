package emulator

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ecs-conformance/ecs-conformance/emulator/store"
	"github.com/ecs-conformance/ecs-conformance/internal/client"
	"github.com/ecs-conformance/ecs-conformance/specs"
)

const attrAction = "DescribeSecurityGroupAttribute"

func attrContract() *specs.Operation { return specs.Lookup(attrAction) }

// permission is one rule of an answer, as a test decodes it.
type permission struct {
	SecurityGroupRuleID                                                                                   string `json:"SecurityGroupRuleId"`
	Direction, IPProtocol, PortRange, SourcePortRange                                                     string
	SourceCidrIP, SourceGroupID, SourceGroupName, SourceGroupOwnerAccount, SourcePrefixListID             string
	SourcePrefixListName, DestCidrIP, DestGroupID, DestGroupName, DestGroupOwnerAccount, DestPrefixListID string
	DestPrefixListName, Ipv6SourceCidrIP, Ipv6DestCidrIP, PortRangeListID, PortRangeListName              string
	Policy, NicType, Priority, Description, CreateTime                                                    string
}

// attrAnswer is a DescribeSecurityGroupAttribute answer as a test decodes it.
type attrAnswer struct {
	RequestID         string `json:"RequestId"`
	RegionID          string `json:"RegionId"`
	SecurityGroupID   string `json:"SecurityGroupId"`
	SecurityGroupName string
	Description       string
	VpcID             string `json:"VpcId"`
	InnerAccessPolicy string
	Permissions       *struct{ Permission []permission }
	NextToken         *string
	SnapshotPolicyIds *struct{ SnapshotPolicyID []string }
}

// askAttr sends DescribeSecurityGroupAttribute with params (name, value...).
func askAttr(t testing.TB, c *client.Client, kv ...string) *client.Response {
	t.Helper()
	return do(t, c, client.Request{Action: attrAction, Params: params(kv...)})
}

func wantAttr(t testing.TB, resp *client.Response) attrAnswer {
	t.Helper()
	var a attrAnswer
	if resp.StatusCode != 200 {
		t.Fatalf("want 200, got %d: %s", resp.StatusCode, resp.Body)
	}
	if err := json.Unmarshal(resp.Body, &a); err != nil {
		t.Fatalf("answer is not JSON: %v\n%s", err, resp.Body)
	}
	if a.Permissions == nil || a.Permissions.Permission == nil {
		t.Fatalf("answer without Permissions.Permission: %s", resp.Body)
	}
	return a
}

// walkAttr follows NextToken from the first page to the last and returns
// the rules and the pages.
func walkAttr(t testing.TB, c *client.Client, kv ...string) ([]permission, []attrAnswer) {
	t.Helper()
	var rules []permission
	var pages []attrAnswer
	p := params(kv...)
	for range 200 {
		a := wantAttr(t, do(t, c, client.Request{Action: attrAction, Params: p}))
		pages = append(pages, a)
		rules = append(rules, a.Permissions.Permission...)
		if a.NextToken == nil || *a.NextToken == "" {
			return rules, pages
		}
		p.Set("NextToken", *a.NextToken)
	}
	t.Fatalf("the walk of %v did not end in 200 pages", kv)
	return nil, nil
}

func ruleIDs(rules []permission) []string {
	var ids []string
	for _, r := range rules {
		ids = append(ids, r.SecurityGroupRuleID)
	}
	return ids
}

// oracle selects the rules of g the contract's wording selects, for
// Direction and NicType as sent ("" for absent): a VPC group answers its
// intranet rules whatever NicType says; a classic group's are those of
// NicType, internet when absent.
func oracle(g store.Group, direction, nic string) []string {
	direction, nic = strings.ToLower(direction), strings.ToLower(nic)
	if direction == "" {
		direction = "all"
	}
	if nic == "" {
		nic = store.NicInternet
	}
	if g.VpcID != "" {
		nic = store.NicIntranet
	}
	var ids []string
	for _, r := range g.Rules {
		if (direction == "all" || r.Direction == direction) && r.NicType == nic {
			ids = append(ids, r.ID)
		}
	}
	return ids
}

// fixtureGroups picks groups of the default fixture for the tests: a VPC
// group and a classic-network group of the default account in the home
// region with rules of both directions (and, classic, both NIC types),
// the group with the most rules, and the one with none.
func fixtureGroups(t testing.TB, s *Server) (vpc, classic, most, none store.Group) {
	t.Helper()
	kinds := func(g store.Group) (dirs, nics int) {
		d, n := map[string]bool{}, map[string]bool{}
		for _, r := range g.Rules {
			d[r.Direction], n[r.NicType] = true, true
		}
		return len(d), len(n)
	}
	for _, listed := range allGroups(t, s, DefaultAccount, store.FixtureRegion) {
		g, _ := s.Store().Get(DefaultAccount, store.FixtureRegion, listed.ID)
		dirs, nics := kinds(g)
		switch {
		case g.VpcID != "" && dirs == 2 && len(g.Rules) > 20 && vpc.ID == "":
			vpc = g
		case g.VpcID == "" && dirs == 2 && nics == 2 && classic.ID == "":
			classic = g
		}
		if len(g.Rules) > len(most.Rules) {
			most = g
		}
	}
	none, _ = s.Store().Get(DefaultAccount, store.FixtureRulelessRegion, store.FixtureRulelessGroupID)
	if vpc.ID == "" || classic.ID == "" || len(most.Rules) < 100 || none.ID == "" || len(none.Rules) != 0 {
		t.Fatalf("the fixture lacks a group the tests need: vpc %q, classic %q, most %d rules, ruleless %q", vpc.ID, classic.ID, len(most.Rules), none.ID)
	}
	return vpc, classic, most, none
}

func TestAttributeValidation(t *testing.T) {
	s := newTestServer(t, nil)
	c := defaultClient(t, s, client.SchemeRPC)
	vpc, _, _, _ := fixtureGroups(t, s)
	forged := "AQ" + strings.Repeat("x", 30)
	tests := []struct {
		name string
		kv   []string // replace RegionId and SecurityGroupId of vpc, or add; -Name removes, +Name adds a second value
		code string   // "" for a 200 answer
	}{
		{"valid", nil, ""},
		{"region missing", []string{"-RegionId"}, "MissingParameter.RegionId"},
		{"region empty", []string{"RegionId", ""}, "MissingParameter.RegionId"},
		{"region unknown", []string{"RegionId", "xx-nowhere-1"}, "InvalidRegionId.NotFound"},
		{"region breaks the pattern", []string{"RegionId", "CN_HANGZHOU"}, "InvalidRegionId.NotFound"},
		{"group missing", []string{"-SecurityGroupId"}, "MissingSecurityGroupId"},
		{"group empty", []string{"SecurityGroupId", ""}, "MissingSecurityGroupId"},
		{"group not an sg- ID", []string{"SecurityGroupId", "vpc-notagroup"}, "InvalidSecurityGroupId.Malformed"},
		{"group sg- alone", []string{"SecurityGroupId", "sg-"}, "InvalidSecurityGroupId.Malformed"},
		{"group in upper case", []string{"SecurityGroupId", strings.ToUpper(vpc.ID)}, "InvalidSecurityGroupId.Malformed"},
		{"group unknown", []string{"SecurityGroupId", "sg-doesnotexist0000000"}, "InvalidSecurityGroupId.NotFound"},
		{"NicType other", []string{"NicType", "ethernet"}, "InvalidNicType.ValueNotSupported"},
		{"NicType upper case", []string{"NicType", "INTERNET"}, ""},
		{"NicType capitalised", []string{"NicType", "Intranet"}, ""},
		{"NicType empty", []string{"NicType", ""}, ""},
		{"Direction other", []string{"Direction", "inbound"}, "InvalidParamter"},
		{"Direction ALL", []string{"Direction", "ALL"}, ""},
		{"Direction Egress", []string{"Direction", "Egress"}, ""},
		{"Direction empty", []string{"Direction", ""}, ""},
		{"MaxResults 9", []string{"MaxResults", "9"}, "InvalidParamter"},
		{"MaxResults 10", []string{"MaxResults", "10"}, ""},
		{"MaxResults 1000", []string{"MaxResults", "1000"}, ""},
		{"MaxResults 1001", []string{"MaxResults", "1001"}, "InvalidParamter"},
		{"MaxResults text", []string{"MaxResults", "ten"}, "InvalidParamter"},
		{"MaxResults empty", []string{"MaxResults", ""}, ""},
		{"NextToken forged", []string{"NextToken", forged}, "InvalidParamter"},
		{"NextToken not base64", []string{"NextToken", "!!!"}, "InvalidParamter"},
		{"Attribute other", []string{"Attribute", "tags"}, "InvalidParameter.AttributeNotSupported"},
		{"Attribute capitalised", []string{"Attribute", "SnapshotPolicyIds"}, "InvalidParameter.AttributeNotSupported"},
		{"Attribute lower case", []string{"Attribute", "snapshotpolicyids"}, "InvalidParameter.AttributeNotSupported"},
		{"Attribute", []string{"Attribute", "snapshotPolicyIds"}, ""},
		{"Attribute empty", []string{"Attribute", ""}, ""},
		{"hidden parameters", []string{"OwnerId", "1", "ResourceOwnerId", "2", "OwnerAccount", "a", "ResourceOwnerAccount", "b"}, ""},
		{"a parameter twice", []string{"OwnerId", "1", "OwnerId", "2"}, "InvalidParamter"},
		{"RegionId twice", []string{"+RegionId", "cn-hangzhou"}, "InvalidParamter"},
		// Precedence: the contract's order, and every parameter before the group.
		{"region before group", []string{"-RegionId", "-SecurityGroupId"}, "MissingParameter.RegionId"},
		{"malformed group before NicType", []string{"SecurityGroupId", "vpc-x", "NicType", "ethernet"}, "InvalidSecurityGroupId.Malformed"},
		{"NicType before the lookup", []string{"SecurityGroupId", "sg-doesnotexist0000000", "NicType", "ethernet"}, "InvalidNicType.ValueNotSupported"},
		{"NicType before Direction", []string{"NicType", "ethernet", "Direction", "inbound"}, "InvalidNicType.ValueNotSupported"},
		{"MaxResults before Attribute", []string{"MaxResults", "1001", "Attribute", "tags"}, "InvalidParamter"},
		{"NextToken before Attribute", []string{"NextToken", forged, "Attribute", "tags"}, "InvalidParamter"},
		{"NextToken before a hidden parameter twice", []string{"NextToken", forged, "OwnerId", "1", "OwnerId", "1"}, "InvalidParamter"},
		{"Attribute before the lookup", []string{"SecurityGroupId", "sg-doesnotexist0000000", "Attribute", "tags"}, "InvalidParameter.AttributeNotSupported"},
		{"NextToken before the lookup", []string{"SecurityGroupId", "sg-doesnotexist0000000", "NextToken", forged}, "InvalidParamter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := params("RegionId", store.FixtureRegion, "SecurityGroupId", vpc.ID)
			given := map[string]bool{}
			for i := 0; i < len(tt.kv); i++ {
				name := tt.kv[i]
				if n, ok := strings.CutPrefix(name, "-"); ok {
					p.Del(n)
					continue
				}
				i++
				if n, ok := strings.CutPrefix(name, "+"); ok || given[name] {
					p.Add(strings.TrimPrefix(n, "+"), tt.kv[i])
					continue
				}
				given[name] = true
				p.Set(name, tt.kv[i])
			}
			resp := do(t, c, client.Request{Action: attrAction, Params: p})
			if tt.code == "" {
				if a := wantAttr(t, resp); a.SecurityGroupID != vpc.ID {
					t.Errorf("answered group %q", a.SecurityGroupID)
				}
				return
			}
			wantErrorOf(t, attrContract(), resp, tt.code)
		})
	}
}

func TestAttributeDirectionAndNicType(t *testing.T) {
	s := newTestServer(t, nil)
	c := defaultClient(t, s, client.SchemeV3)
	vpc, classic, _, _ := fixtureGroups(t, s)
	for _, g := range []store.Group{vpc, classic} {
		for _, dir := range []string{"", "all", "ALL", "ingress", "Ingress", "egress", "EGRESS"} {
			for _, nic := range []string{"", "internet", "intranet", "Internet", "INTRANET"} {
				kv := []string{"RegionId", store.FixtureRegion, "SecurityGroupId", g.ID, "MaxResults", "1000"}
				if dir != "" {
					kv = append(kv, "Direction", dir)
				}
				if nic != "" {
					kv = append(kv, "NicType", nic)
				}
				rules, _ := walkAttr(t, c, kv...)
				want := oracle(g, dir, nic)
				if got := ruleIDs(rules); !slices.Equal(got, want) {
					t.Errorf("%s (vpc %q) Direction %q NicType %q: %d rules %v\nwant %d %v", g.ID, g.VpcID, dir, nic, len(got), got, len(want), want)
				}
				for _, r := range rules {
					if want := strings.ToLower(dir); want != "" && want != "all" && r.Direction != want {
						t.Errorf("%s: rule %s of Direction %s answered for %s", g.ID, r.SecurityGroupRuleID, r.Direction, dir)
					}
				}
			}
		}
		// The two directions partition all; for a classic group, per NIC type.
		for _, nic := range []string{"internet", "intranet"} {
			base := []string{"RegionId", store.FixtureRegion, "SecurityGroupId", g.ID, "NicType", nic}
			all, _ := walkAttr(t, c, append(base, "Direction", "all")...)
			in, _ := walkAttr(t, c, append(base, "Direction", "ingress")...)
			out, _ := walkAttr(t, c, append(base, "Direction", "egress")...)
			union := append(ruleIDs(in), ruleIDs(out)...)
			if !slices.Equal(slices.Sorted(slices.Values(union)), slices.Sorted(slices.Values(ruleIDs(all)))) || len(in) == 0 || len(out) == 0 {
				t.Errorf("%s NicType %s: %d ingress and %d egress rules are not the %d of all", g.ID, nic, len(in), len(out), len(all))
			}
		}
	}
}

// TestAttributeAgreesWithDescribeSecurityGroups walks the rules of every
// group of the fixture, as its own account, and compares their number with
// the RuleCount and GroupToGroupRuleCount DescribeSecurityGroups reports,
// and each rule with the store's.
func TestAttributeAgreesWithDescribeSecurityGroups(t *testing.T) {
	s := newTestServer(t, nil)
	clients := map[string]*client.Client{
		DefaultAccount: defaultClient(t, s, client.SchemeRPC),
		SecondAccount:  newClient(t, s, client.SchemeRPC, SecondAccessKeyID, SecondAccessKeySecret, ""),
	}
	type listed struct {
		SecurityGroupID                  string `json:"SecurityGroupId"`
		SecurityGroupName, Description   string
		VpcID                            string `json:"VpcId"`
		RuleCount, GroupToGroupRuleCount int
	}
	checked, rules := 0, 0
	for account, c := range clients {
		for _, region := range s.Store().Regions() {
			var groups []listed
			token := ""
			for {
				p := params("RegionId", region, "MaxResults", "100")
				if token != "" {
					p.Set("NextToken", token)
				}
				var page struct {
					NextToken      string
					SecurityGroups struct{ SecurityGroup []listed }
				}
				resp := do(t, c, client.Request{Action: "DescribeSecurityGroups", Params: p})
				if err := json.Unmarshal(resp.Body, &page); err != nil || resp.StatusCode != 200 {
					t.Fatalf("DescribeSecurityGroups %s %s: %d %s", account, region, resp.StatusCode, resp.Body)
				}
				groups = append(groups, page.SecurityGroups.SecurityGroup...)
				if token = page.NextToken; token == "" {
					break
				}
			}
			for _, l := range groups {
				nics := []string{""}
				if l.VpcID == "" {
					nics = []string{store.NicInternet, store.NicIntranet}
				}
				var got []permission
				for _, nic := range nics {
					kv := []string{"RegionId", region, "SecurityGroupId", l.SecurityGroupID, "Direction", "all"}
					if nic != "" {
						kv = append(kv, "NicType", nic)
					}
					part, pages := walkAttr(t, c, kv...)
					got = append(got, part...)
					g, _ := s.Store().Get(account, region, l.SecurityGroupID)
					if a := pages[0]; a.SecurityGroupID != l.SecurityGroupID || a.RegionID != region || a.VpcID != l.VpcID ||
						a.SecurityGroupName != l.SecurityGroupName || a.Description != l.Description || a.InnerAccessPolicy != g.InnerAccessPolicy {
						t.Errorf("%s: answered %+v; DescribeSecurityGroups lists %+v, InnerAccessPolicy %s", l.SecurityGroupID, a, l, g.InnerAccessPolicy)
					}
				}
				g2g := 0
				for _, r := range got {
					if r.SourceGroupID != "" || r.DestGroupID != "" {
						g2g++
					}
				}
				if len(got) != l.RuleCount || g2g != l.GroupToGroupRuleCount {
					t.Errorf("%s (%s, %s): %d rules, %d naming a group; DescribeSecurityGroups says RuleCount %d, GroupToGroupRuleCount %d",
						l.SecurityGroupID, account, region, len(got), g2g, l.RuleCount, l.GroupToGroupRuleCount)
				}
				g, _ := s.Store().Get(account, region, l.SecurityGroupID)
				byID := map[string]store.Rule{}
				for _, r := range g.Rules {
					byID[r.ID] = r
				}
				for _, p := range got {
					if want := asPermission(byID[p.SecurityGroupRuleID]); p != want {
						t.Errorf("%s: rule\n got %+v\nwant %+v", l.SecurityGroupID, p, want)
					}
				}
				checked++
				rules += len(got)
			}
		}
	}
	if total := len(store.Default()); checked != total {
		t.Errorf("checked %d groups; the fixture holds %d", checked, total)
	}
	t.Logf("%d groups, %d rules", checked, rules)
}

// asPermission is how the contract says a store rule is answered: its peer
// in the Source fields of an ingress rule and the Dest fields of an egress
// one, every field a string.
func asPermission(r store.Rule) permission {
	p := permission{SecurityGroupRuleID: r.ID, Direction: r.Direction, IPProtocol: r.Protocol, PortRange: r.PortRange,
		SourcePortRange: r.SourcePortRange, Policy: r.Policy, NicType: r.NicType, Description: r.Description,
		Priority:   strconv.Itoa(int(r.Priority)),
		CreateTime: r.CreateTime.UTC().Format(CreationTimeLayout)}
	if r.Direction == store.DirectionIngress {
		p.SourceCidrIP, p.Ipv6SourceCidrIP, p.SourceGroupID, p.SourceGroupName = r.CidrIP, r.IPv6CidrIP, r.GroupID, r.GroupName
		p.SourceGroupOwnerAccount, p.SourcePrefixListID, p.SourcePrefixListName = r.GroupOwnerAccount, r.PrefixListID, r.PrefixListName
	} else {
		p.DestCidrIP, p.Ipv6DestCidrIP, p.DestGroupID, p.DestGroupName = r.CidrIP, r.IPv6CidrIP, r.GroupID, r.GroupName
		p.DestGroupOwnerAccount, p.DestPrefixListID, p.DestPrefixListName = r.GroupOwnerAccount, r.PrefixListID, r.PrefixListName
	}
	return p
}

// TestAttributeIsolation asks for groups outside the caller's account or
// the request's region: each is unknown.
func TestAttributeIsolation(t *testing.T) {
	s := newTestServer(t, nil)
	def := defaultClient(t, s, client.SchemeV3)
	second := newClient(t, s, client.SchemeV3, SecondAccessKeyID, SecondAccessKeySecret, "")
	shanghai := allGroups(t, s, DefaultAccount, "cn-shanghai")[0].ID
	tests := []struct {
		name       string
		c          *client.Client
		region, id string
		found      bool
	}{
		{"own group", def, store.FixtureRegion, store.FixtureGroupID, true},
		{"another account's group", def, store.FixtureRegion, store.SecondAccountGroupID, false},
		{"the other account's own group", second, store.FixtureRegion, store.SecondAccountGroupID, true},
		{"a group of the default account to the second", second, store.FixtureRegion, store.FixtureGroupID, false},
		{"own group in another region", def, "cn-shanghai", store.FixtureGroupID, false},
		{"own group of another region", def, store.FixtureRegion, shanghai, false},
		{"own group of another region, in it", def, "cn-shanghai", shanghai, true},
		{"a served region where the caller has nothing", def, store.FixtureRegionWithoutDefault, store.FixtureGroupID, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := askAttr(t, tt.c, "RegionId", tt.region, "SecurityGroupId", tt.id)
			if tt.found {
				if a := wantAttr(t, resp); a.SecurityGroupID != tt.id || a.RegionID != tt.region {
					t.Errorf("answered %s in %s", a.SecurityGroupID, a.RegionID)
				}
				return
			}
			wantErrorOf(t, attrContract(), resp, "InvalidSecurityGroupId.NotFound")
		})
	}
}

func TestAttributePaging(t *testing.T) {
	s := newTestServer(t, nil)
	c := defaultClient(t, s, client.SchemeRPC)
	vpc, classic, most, none := fixtureGroups(t, s)
	region := store.FixtureRegion
	base := []string{"RegionId", region, "SecurityGroupId", most.ID}

	whole := wantAttr(t, askAttr(t, c, append(base, "MaxResults", "1000")...))
	if whole.NextToken != nil || len(whole.Permissions.Permission) != len(most.Rules) {
		t.Fatalf("MaxResults 1000: %d rules of %d, NextToken %v", len(whole.Permissions.Permission), len(most.Rules), whole.NextToken)
	}
	if d := wantAttr(t, askAttr(t, c, base...)); d.NextToken != nil || len(d.Permissions.Permission) != len(most.Rules) {
		t.Errorf("the default MaxResults (500): %d rules of %d, NextToken %v", len(d.Permissions.Permission), len(most.Rules), d.NextToken)
	}
	t.Run("walk", func(t *testing.T) {
		for _, size := range []string{"10", "17", "100"} {
			rules, pages := walkAttr(t, c, append(base, "MaxResults", size)...)
			if !slices.Equal(ruleIDs(rules), ruleIDs(whole.Permissions.Permission)) {
				t.Errorf("MaxResults %s: the walk yields %d rules, not the %d of one page in its order", size, len(rules), len(whole.Permissions.Permission))
			}
			n, _ := strconv.Atoi(size)
			for i, p := range pages {
				last := i == len(pages)-1
				if got := len(p.Permissions.Permission); got > n || !last && got != n || last && p.NextToken != nil {
					t.Errorf("MaxResults %s, page %d of %d: %d rules, NextToken %v", size, i+1, len(pages), got, p.NextToken)
				}
				if p.SecurityGroupID != most.ID || p.SecurityGroupName != most.Name || p.Description != most.Description ||
					p.VpcID != most.VpcID || p.InnerAccessPolicy != most.InnerAccessPolicy {
					t.Errorf("page %d carries other group fields: %+v", i+1, p)
				}
			}
		}
	})
	t.Run("page size changed mid-walk", func(t *testing.T) {
		first := wantAttr(t, askAttr(t, c, append(base, "MaxResults", "10")...))
		rest, _ := walkAttr(t, c, append(base, "MaxResults", "50", "NextToken", *first.NextToken)...)
		if got := append(ruleIDs(first.Permissions.Permission), ruleIDs(rest)...); !slices.Equal(got, ruleIDs(whole.Permissions.Permission)) {
			t.Errorf("10 then 50: %d rules, not the %d in order", len(got), len(whole.Permissions.Permission))
		}
	})
	t.Run("a last page that is full", func(t *testing.T) {
		n := len(most.Rules)
		a := wantAttr(t, askAttr(t, c, append(base, "MaxResults", strconv.Itoa(n))...))
		if a.NextToken != nil || len(a.Permissions.Permission) != n {
			t.Errorf("MaxResults %d of %d rules: NextToken %v", n, n, a.NextToken)
		}
	})
	t.Run("a group without rules", func(t *testing.T) {
		resp := askAttr(t, c, "RegionId", store.FixtureRulelessRegion, "SecurityGroupId", none.ID)
		if a := wantAttr(t, resp); len(a.Permissions.Permission) != 0 || a.NextToken != nil || !strings.Contains(string(resp.Body), `"Permissions":{"Permission":[]}`) {
			t.Errorf("a group without rules: %s", resp.Body)
		}
	})
	t.Run("tokens bound to the query", func(t *testing.T) {
		first := wantAttr(t, askAttr(t, c, append(base, "MaxResults", "10")...))
		token := *first.NextToken
		again := wantAttr(t, askAttr(t, c, append(base, "MaxResults", "10", "NextToken", token)...))
		if again2 := wantAttr(t, askAttr(t, c, append(base, "MaxResults", "10", "NextToken", token)...)); !slices.Equal(ruleIDs(again.Permissions.Permission), ruleIDs(again2.Permissions.Permission)) {
			t.Error("the same token gave two different pages")
		}
		classicFirst := wantAttr(t, askAttr(t, c, "RegionId", region, "SecurityGroupId", classic.ID, "NicType", "intranet", "MaxResults", "10"))
		if classicFirst.NextToken == nil {
			t.Skipf("classic group %s has no second page of intranet rules", classic.ID)
		}
		second := newClient(t, s, client.SchemeRPC, SecondAccessKeyID, SecondAccessKeySecret, "")
		dsg := wantPage(t, do(t, c, client.Request{Params: params("RegionId", region, "MaxResults", "10")}))
		refused := []struct {
			name string
			c    *client.Client
			kv   []string
		}{
			{"another group", c, []string{"RegionId", region, "SecurityGroupId", vpc.ID, "NextToken", token}},
			{"another Direction", c, append(base, "Direction", "ingress", "NextToken", token)},
			{"the default Direction spelt out is the same query", nil, nil},
			{"a NicType where none was sent", c, append(base, "NicType", "intranet", "NextToken", token)},
			{"another NicType", c, []string{"RegionId", region, "SecurityGroupId", classic.ID, "NicType", "internet", "NextToken", *classicFirst.NextToken}},
			{"another region", c, []string{"RegionId", "cn-shanghai", "SecurityGroupId", most.ID, "NextToken", token}},
			{"another account", second, append(base, "NextToken", token)},
			{"a DescribeSecurityGroups token", c, append(base, "NextToken", *dsg.NextToken)},
			{"a token altered", c, append(base, "NextToken", token[:len(token)-2]+flip(token[len(token)-2:]))},
			{"a token cut short", c, append(base, "NextToken", token[:len(token)-4])},
		}
		for _, r := range refused {
			if r.c == nil {
				a := wantAttr(t, askAttr(t, c, append(base, "Direction", "ALL", "MaxResults", "10", "NextToken", token)...))
				if !slices.Equal(ruleIDs(a.Permissions.Permission), ruleIDs(again.Permissions.Permission)) {
					t.Errorf("%s: Direction ALL resumed elsewhere", r.name)
				}
				continue
			}
			wantErrorOf(t, attrContract(), askAttr(t, r.c, r.kv...), "InvalidParamter")
		}
		// And the other way: this operation's token is no page of groups.
		wantError(t, do(t, c, client.Request{Params: params("RegionId", region, "NextToken", token)}), "InValidParameter.NextToken")
	})
}

func flip(s string) string {
	b := []byte(s)
	for i := range b {
		if b[i] == 'A' {
			b[i] = 'B'
		} else {
			b[i] = 'A'
		}
	}
	return string(b)
}
