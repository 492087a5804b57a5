package store

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// ruleScene is a small data set for rule checks: two VPC groups and two
// classic groups of the default account in one region, an enterprise
// group, and groups of another region and another account.
func ruleScene() []Group {
	at := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	g := func(id, vpc, typ string) Group {
		return Group{Account: DefaultAccount, Region: "cn-hangzhou", ID: id, Type: typ, VpcID: vpc, CreationTime: at, Name: "name-of-" + id}
	}
	groups := []Group{
		g("sg-bp1vpca", "vpc-bp1x", TypeNormal),
		g("sg-bp1vpcb", "vpc-bp1x", TypeNormal),
		g("sg-bp1classica", "", TypeNormal),
		g("sg-bp1classicb", "", TypeNormal),
		g("sg-bp1enterprise", "vpc-bp1x", TypeEnterprise),
		g("sg-uf6elsewhere", "vpc-uf6x", TypeNormal),
		g("sg-bp1stranger", "vpc-bp1x", TypeNormal),
	}
	groups[5].Region = "cn-shanghai"
	groups[6].Account = SecondAccount
	return groups
}

func tcpFrom(id, cidr string) Rule {
	return Rule{ID: id, Direction: DirectionIngress, Protocol: ProtocolTCP, PortRange: "22/22", CidrIP: cidr}
}

func TestRuleValidation(t *testing.T) {
	later := time.Date(2025, 6, 7, 8, 9, 10, 0, time.UTC)
	cases := []struct {
		name  string
		group int // of ruleScene
		rules []Rule
		edit  func(*Group)
		want  string // "" for valid
	}{
		{"ingress from a CIDR", 0, []Rule{tcpFrom("sgr-a", "10.0.0.0/8")}, nil, ""},
		{"an address, not a block", 0, []Rule{tcpFrom("sgr-a", "203.0.113.7")}, nil, ""},
		{"egress to a group of the VPC", 0, []Rule{{ID: "sgr-a", Direction: DirectionEgress, Protocol: ProtocolAll, PortRange: "-1/-1", GroupID: "sg-bp1vpcb"}}, nil, ""},
		{"a group naming itself", 0, []Rule{{ID: "sgr-a", Direction: DirectionIngress, Protocol: ProtocolAll, PortRange: "-1/-1", GroupID: "sg-bp1vpca"}}, nil, ""},
		{"IPv6 on a VPC group", 0, []Rule{{ID: "sgr-a", Direction: DirectionIngress, Protocol: ProtocolICMPv6, PortRange: "-1/-1", IPv6CidrIP: "2001:db8::/32"}}, nil, ""},
		{"a prefix list", 0, []Rule{{ID: "sgr-a", Direction: DirectionEgress, Protocol: ProtocolUDP, PortRange: "53/53", PrefixListID: "pl-x1", PrefixListName: "dns"}}, nil, ""},
		{"classic internet", 2, []Rule{{ID: "sgr-a", Direction: DirectionIngress, Protocol: ProtocolGRE, PortRange: "-1/-1", CidrIP: "0.0.0.0/0", NicType: NicInternet}}, nil, ""},
		{"classic group to group", 2, []Rule{{ID: "sgr-a", Direction: DirectionIngress, Protocol: ProtocolTCP, PortRange: "1/65535", GroupID: "sg-bp1classicb"}}, nil, ""},
		{"every field", 0, []Rule{{ID: "sgr-a", Direction: DirectionIngress, Protocol: ProtocolTCP, PortRange: "8000/8100", SourcePortRange: "1024/65535",
			NicType: NicIntranet, Policy: PolicyDrop, Priority: 100, CidrIP: "10.0.0.0/8", Description: strings.Repeat("描", 512), CreateTime: later}}, nil, ""},
		{"counts given", 0, []Rule{tcpFrom("sgr-a", "10.0.0.0/8"), {ID: "sgr-b", Direction: DirectionIngress, Protocol: ProtocolAll, PortRange: "-1/-1", GroupID: "sg-bp1vpcb"}},
			func(g *Group) { g.RuleCount, g.GroupToGroupRuleCount = 2, 1 }, ""},

		{"no ID", 0, []Rule{tcpFrom("", "10.0.0.0/8")}, nil, "rules[0]: SecurityGroupRuleId is required"},
		{"ID without sgr-", 0, []Rule{tcpFrom("sg-a", "10.0.0.0/8")}, nil, `rules[0] (sg-a): SecurityGroupRuleId "sg-a" is not sgr-`},
		{"ID twice in a group", 0, []Rule{tcpFrom("sgr-a", "10.0.0.0/8"), tcpFrom("sgr-a", "10.0.0.0/9")}, nil, "rules[1] (sgr-a): SecurityGroupRuleId duplicates rule 0 of group sg-bp1vpca"},
		{"no direction", 0, []Rule{{ID: "sgr-a", Protocol: ProtocolTCP, PortRange: "22/22", CidrIP: "10.0.0.0/8"}}, nil, "Direction is required: ingress or egress"},
		{"direction misspelt", 0, []Rule{{ID: "sgr-a", Direction: "Ingress", Protocol: ProtocolTCP, PortRange: "22/22", CidrIP: "10.0.0.0/8"}}, nil, `Direction "Ingress" is not ingress or egress`},
		{"no protocol", 0, []Rule{{ID: "sgr-a", Direction: DirectionIngress, PortRange: "22/22", CidrIP: "10.0.0.0/8"}}, nil, "IpProtocol is required"},
		{"protocol in lower case", 0, []Rule{{ID: "sgr-a", Direction: DirectionIngress, Protocol: "tcp", PortRange: "22/22", CidrIP: "10.0.0.0/8"}}, nil, `IpProtocol "tcp" is not one of TCP, UDP, ICMP, ICMPv6, GRE, ALL`},
		{"TCP without ports", 0, []Rule{{ID: "sgr-a", Direction: DirectionIngress, Protocol: ProtocolTCP, CidrIP: "10.0.0.0/8"}}, nil, "PortRange is required for TCP"},
		{"ICMP without ports", 0, []Rule{{ID: "sgr-a", Direction: DirectionIngress, Protocol: ProtocolICMP, CidrIP: "10.0.0.0/8"}}, nil, "PortRange is required: -1/-1 for ICMP"},
		{"one port alone", 0, []Rule{{ID: "sgr-a", Direction: DirectionIngress, Protocol: ProtocolTCP, PortRange: "80", CidrIP: "10.0.0.0/8"}}, nil, `PortRange "80" is not start/end`},
		{"port 0", 0, []Rule{{ID: "sgr-a", Direction: DirectionIngress, Protocol: ProtocolUDP, PortRange: "0/80", CidrIP: "10.0.0.0/8"}}, nil, `PortRange "0/80"`},
		{"port above 65535", 0, []Rule{{ID: "sgr-a", Direction: DirectionIngress, Protocol: ProtocolUDP, PortRange: "1/65536", CidrIP: "10.0.0.0/8"}}, nil, `PortRange "1/65536"`},
		{"range backwards", 0, []Rule{{ID: "sgr-a", Direction: DirectionIngress, Protocol: ProtocolTCP, PortRange: "80/70", CidrIP: "10.0.0.0/8"}}, nil, `PortRange "80/70"`},
		{"leading zero", 0, []Rule{{ID: "sgr-a", Direction: DirectionIngress, Protocol: ProtocolTCP, PortRange: "080/80", CidrIP: "10.0.0.0/8"}}, nil, `PortRange "080/80"`},
		{"ports on ICMP", 0, []Rule{{ID: "sgr-a", Direction: DirectionIngress, Protocol: ProtocolICMP, PortRange: "80/80", CidrIP: "10.0.0.0/8"}}, nil, `PortRange "80/80": ICMP has no ports, so the range is -1/-1`},
		{"-1/-1 on TCP", 0, []Rule{{ID: "sgr-a", Direction: DirectionIngress, Protocol: ProtocolTCP, PortRange: "-1/-1", CidrIP: "10.0.0.0/8"}}, nil, `PortRange "-1/-1" is not start/end`},
		{"source ports on GRE", 0, []Rule{{ID: "sgr-a", Direction: DirectionIngress, Protocol: ProtocolGRE, PortRange: "-1/-1", SourcePortRange: "1/2", CidrIP: "10.0.0.0/8"}}, nil, `SourcePortRange "1/2": GRE has no ports`},
		{"NicType unknown", 0, []Rule{{ID: "sgr-a", Direction: DirectionIngress, Protocol: ProtocolAll, PortRange: "-1/-1", CidrIP: "10.0.0.0/8", NicType: "public"}}, nil, `NicType "public" is not internet or intranet`},
		{"internet on a VPC group", 0, []Rule{{ID: "sgr-a", Direction: DirectionIngress, Protocol: ProtocolAll, PortRange: "-1/-1", CidrIP: "10.0.0.0/8", NicType: NicInternet}}, nil, "a VPC group's rules are intranet"},
		{"internet to a group", 2, []Rule{{ID: "sgr-a", Direction: DirectionIngress, Protocol: ProtocolAll, PortRange: "-1/-1", GroupID: "sg-bp1classicb", NicType: NicInternet}}, nil, "a rule naming a group is intranet"},
		{"policy in lower case", 0, []Rule{{ID: "sgr-a", Direction: DirectionIngress, Protocol: ProtocolAll, PortRange: "-1/-1", CidrIP: "10.0.0.0/8", Policy: "accept"}}, nil, `Policy "accept" is not Accept or Drop`},
		{"priority 101", 0, []Rule{{ID: "sgr-a", Direction: DirectionIngress, Protocol: ProtocolAll, PortRange: "-1/-1", CidrIP: "10.0.0.0/8", Priority: 101}}, nil, "Priority 101 is outside 1..100"},
		{"priority negative", 0, []Rule{{ID: "sgr-a", Direction: DirectionIngress, Protocol: ProtocolAll, PortRange: "-1/-1", CidrIP: "10.0.0.0/8", Priority: -1}}, nil, "Priority -1 is outside 1..100"},
		{"no peer", 0, []Rule{{ID: "sgr-a", Direction: DirectionEgress, Protocol: ProtocolAll, PortRange: "-1/-1"}}, nil,
			"the rule names 0 peers; give exactly one of DestCidrIp, Ipv6DestCidrIp, DestGroupId and DestPrefixListId"},
		{"two peers", 0, []Rule{{ID: "sgr-a", Direction: DirectionIngress, Protocol: ProtocolAll, PortRange: "-1/-1", CidrIP: "10.0.0.0/8", GroupID: "sg-bp1vpcb"}}, nil,
			"the rule names 2 peers; give exactly one of SourceCidrIp"},
		{"CIDR garbled", 0, []Rule{tcpFrom("sgr-a", "10.0.0.0/33")}, nil, `SourceCidrIp "10.0.0.0/33" is not an IPv4 address or CIDR block`},
		{"IPv6 as IPv4", 0, []Rule{tcpFrom("sgr-a", "2001:db8::/32")}, nil, `SourceCidrIp "2001:db8::/32" is not an IPv4`},
		{"IPv4 as IPv6", 0, []Rule{{ID: "sgr-a", Direction: DirectionEgress, Protocol: ProtocolAll, PortRange: "-1/-1", IPv6CidrIP: "10.0.0.0/8"}}, nil, `Ipv6DestCidrIp "10.0.0.0/8" is not an IPv6`},
		{"IPv6 on a classic group", 2, []Rule{{ID: "sgr-a", Direction: DirectionIngress, Protocol: ProtocolAll, PortRange: "-1/-1", IPv6CidrIP: "::/0"}}, nil, "a classic-network group has no IPv6"},
		{"peer group malformed", 0, []Rule{{ID: "sgr-a", Direction: DirectionIngress, Protocol: ProtocolAll, PortRange: "-1/-1", GroupID: "vpc-bp1x"}}, nil, `SourceGroupId "vpc-bp1x" is not a security group ID`},
		{"peer group unknown", 0, []Rule{{ID: "sgr-a", Direction: DirectionIngress, Protocol: ProtocolAll, PortRange: "-1/-1", GroupID: "sg-bp1nothere"}}, nil,
			"rules[0] (sgr-a): SourceGroupId sg-bp1nothere names no group of account 1234567890123456 in cn-hangzhou"},
		{"peer group of another region", 0, []Rule{{ID: "sgr-a", Direction: DirectionEgress, Protocol: ProtocolAll, PortRange: "-1/-1", GroupID: "sg-uf6elsewhere"}}, nil, "DestGroupId sg-uf6elsewhere names no group"},
		{"peer group of another account", 0, []Rule{{ID: "sgr-a", Direction: DirectionEgress, Protocol: ProtocolAll, PortRange: "-1/-1", GroupID: "sg-bp1stranger"}}, nil, "DestGroupId sg-bp1stranger names no group"},
		{"classic naming a VPC group", 2, []Rule{{ID: "sgr-a", Direction: DirectionIngress, Protocol: ProtocolAll, PortRange: "-1/-1", GroupID: "sg-bp1vpca"}}, nil, "is a group of the other network type"},
		{"enterprise naming a group", 4, []Rule{{ID: "sgr-a", Direction: DirectionIngress, Protocol: ProtocolAll, PortRange: "-1/-1", GroupID: "sg-bp1vpca"}}, nil, "an enterprise group cannot authorize other groups"},
		{"prefix list malformed", 0, []Rule{{ID: "sgr-a", Direction: DirectionIngress, Protocol: ProtocolAll, PortRange: "-1/-1", PrefixListID: "pl_1"}}, nil, `SourcePrefixListId "pl_1" is not pl-`},
		{"prefix list name alone", 0, []Rule{{ID: "sgr-a", Direction: DirectionIngress, Protocol: ProtocolAll, PortRange: "-1/-1", CidrIP: "10.0.0.0/8", PrefixListName: "x"}}, nil,
			"SourcePrefixListName is set without SourcePrefixListId"},
		{"description too long", 0, []Rule{{ID: "sgr-a", Direction: DirectionIngress, Protocol: ProtocolAll, PortRange: "-1/-1", CidrIP: "10.0.0.0/8", Description: strings.Repeat("d", 513)}}, nil,
			"Description is 513 characters long; the limit is 512"},
		{"created before the group", 0, []Rule{{ID: "sgr-a", Direction: DirectionIngress, Protocol: ProtocolAll, PortRange: "-1/-1", CidrIP: "10.0.0.0/8", CreateTime: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}}, nil,
			"CreateTime 2020-01-01T00:00:00Z is before the group's CreationTime 2024-01-02T03:04:05Z"},
		{"RuleCount off", 0, []Rule{tcpFrom("sgr-a", "10.0.0.0/8")}, func(g *Group) { g.RuleCount = 5 },
			"RuleCount 5 and GroupToGroupRuleCount 0 do not count the group's 1 rules, 0 of which name a group"},
		{"GroupToGroupRuleCount off", 0, []Rule{tcpFrom("sgr-a", "10.0.0.0/8")}, func(g *Group) { g.RuleCount, g.GroupToGroupRuleCount = 1, 1 },
			"do not count the group's 1 rules, 0 of which"},
		{"empty rules, a count", 0, []Rule{}, func(g *Group) { g.RuleCount = 3 }, "do not count the group's 0 rules"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			groups := ruleScene()
			groups[tc.group].Rules = tc.rules
			if tc.edit != nil {
				tc.edit(&groups[tc.group])
			}
			_, err := NewMemory(groups)
			prefix := fmt.Sprintf("store: groups[%d] (%s): ", tc.group, groups[tc.group].ID)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("NewMemory: %v", err)
			case tc.want != "" && (err == nil || !strings.HasPrefix(err.Error(), prefix) || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("NewMemory: error %v\nwant %s...%s", err, prefix, tc.want)
			}
		})
	}
	t.Run("an ID in two groups", func(t *testing.T) {
		groups := ruleScene()
		groups[0].Rules = []Rule{tcpFrom("sgr-a", "10.0.0.0/8")}
		groups[6].Rules = []Rule{tcpFrom("sgr-a", "10.0.0.0/8")}
		_, err := NewMemory(groups)
		if err == nil || !strings.Contains(err.Error(), "groups[6] (sg-bp1stranger): rules[0] (sgr-a): SecurityGroupRuleId duplicates rule 0 of group sg-bp1vpca") {
			t.Errorf("NewMemory: %v", err)
		}
	})
}

// TestGetReturnsRules checks Get against the data given: rules in order,
// defaults made explicit, the named group's name and account filled in,
// counts counted, and nothing outside the account and region.
func TestGetReturnsRules(t *testing.T) {
	groups := ruleScene()
	groups[0].Rules = []Rule{
		tcpFrom("sgr-a", "10.0.0.0/8"),
		{ID: "sgr-b", Direction: DirectionEgress, Protocol: ProtocolAll, PortRange: "-1/-1", GroupID: "sg-bp1vpcb", Description: "to b"},
		{ID: "sgr-c", Direction: DirectionIngress, Protocol: ProtocolUDP, PortRange: "53/53", PrefixListID: "pl-x1", PrefixListName: "dns", Policy: PolicyDrop, Priority: 7},
	}
	groups[2].Rules = []Rule{{ID: "sgr-d", Direction: DirectionIngress, Protocol: ProtocolICMP, PortRange: "-1/-1", CidrIP: "0.0.0.0/0"}}
	m, err := NewMemory(groups)
	if err != nil {
		t.Fatal(err)
	}
	g, ok := m.Get(DefaultAccount, "cn-hangzhou", "sg-bp1vpca")
	if !ok || g.RuleCount != 3 || g.GroupToGroupRuleCount != 1 || len(g.Rules) != 3 {
		t.Fatalf("Get: %v, counts %d/%d, %d rules", ok, g.RuleCount, g.GroupToGroupRuleCount, len(g.Rules))
	}
	at := groups[0].CreationTime
	want := []Rule{
		{ID: "sgr-a", Direction: DirectionIngress, Protocol: ProtocolTCP, PortRange: "22/22", CidrIP: "10.0.0.0/8", NicType: NicIntranet, Policy: PolicyAccept, Priority: 1, CreateTime: at},
		{ID: "sgr-b", Direction: DirectionEgress, Protocol: ProtocolAll, PortRange: "-1/-1", GroupID: "sg-bp1vpcb", GroupName: "name-of-sg-bp1vpcb", GroupOwnerAccount: DefaultAccount,
			NicType: NicIntranet, Policy: PolicyAccept, Priority: 1, CreateTime: at, Description: "to b"},
		{ID: "sgr-c", Direction: DirectionIngress, Protocol: ProtocolUDP, PortRange: "53/53", PrefixListID: "pl-x1", PrefixListName: "dns", NicType: NicIntranet, Policy: PolicyDrop, Priority: 7, CreateTime: at},
	}
	if !reflect.DeepEqual(g.Rules, want) {
		t.Errorf("rules:\n got %+v\nwant %+v", g.Rules, want)
	}
	if c, _ := m.Get(DefaultAccount, "cn-hangzhou", "sg-bp1classica"); len(c.Rules) != 1 || c.Rules[0].NicType != NicInternet {
		t.Errorf("a classic group's rule defaults to internet: %+v", c.Rules)
	}
	if b, ok := m.Get(DefaultAccount, "cn-hangzhou", "sg-bp1vpcb"); !ok || b.Rules != nil || b.RuleCount != 0 {
		t.Errorf("a group without rules: %v %+v", ok, b)
	}
	for _, miss := range [][3]string{
		{SecondAccount, "cn-hangzhou", "sg-bp1vpca"},
		{DefaultAccount, "cn-shanghai", "sg-bp1vpca"},
		{DefaultAccount, "cn-hangzhou", "sg-bp1nothere"},
		{DefaultAccount, "cn-hangzhou", "sg-bp1stranger"},
		{DefaultAccount, "eu-central-1", "sg-bp1vpca"},
	} {
		if g, ok := m.Get(miss[0], miss[1], miss[2]); ok {
			t.Errorf("Get%v found %s", miss, g.ID)
		}
	}
	g.Rules[0].CidrIP = "changed"
	if again, _ := m.Get(DefaultAccount, "cn-hangzhou", "sg-bp1vpca"); again.Rules[0].CidrIP != "10.0.0.0/8" {
		t.Error("Get returned rules the store shares")
	}
	page, _ := m.Page(Query{Account: DefaultAccount, Region: "cn-hangzhou", ID: "sg-bp1vpca"}, "", 1)
	if len(page) != 1 || page[0].Rules != nil || page[0].RuleCount != 3 || page[0].GroupToGroupRuleCount != 1 {
		t.Errorf("Page: %+v", page)
	}
}

// TestDefaultGroupsGet checks every group of the default fixture through
// Get: as many rules as RuleCount, as many naming a group as
// GroupToGroupRuleCount, each the fixture's with its peer's name.
func TestDefaultGroupsGet(t *testing.T) {
	all := Default()
	m, err := NewMemory(all)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]Group{}
	for _, g := range all {
		names[g.ID] = g
	}
	for _, want := range all {
		got, ok := m.Get(want.Account, want.Region, want.ID)
		if !ok {
			t.Fatalf("Get(%s) found nothing", want.ID)
		}
		n, g2g := CountRules(got.Rules)
		if n != want.RuleCount || g2g != want.GroupToGroupRuleCount || n != got.RuleCount || g2g != got.GroupToGroupRuleCount {
			t.Errorf("%s: %d rules, %d naming a group; RuleCount %d, GroupToGroupRuleCount %d", want.ID, n, g2g, want.RuleCount, want.GroupToGroupRuleCount)
		}
		for i, r := range got.Rules {
			w := want.Rules[i].withDefaults(&want)
			if r.GroupID != "" {
				w.GroupName, w.GroupOwnerAccount = names[r.GroupID].Name, names[r.GroupID].Account
			}
			if !reflect.DeepEqual(r, w) {
				t.Errorf("%s rule %d:\n got %+v\nwant %+v", want.ID, i, r, w)
			}
		}
	}
}

// TestFixtureRules keeps the variety of the default fixture's rules, which
// DescribeSecurityGroupAttribute's specs rely on.
func TestFixtureRules(t *testing.T) {
	var all, g2g int
	fewest, most := 1<<30, 0
	ruleless := false
	seen := map[string]bool{}
	classicBoth := 0
	for _, g := range Default() {
		n := len(g.Rules)
		all += n
		fewest, most = min(fewest, n), max(most, n)
		var nics []string
		for _, r := range g.Rules {
			r = r.withDefaults(&g)
			if r.GroupToGroup() {
				g2g++
				seen["group "+r.Direction] = true
			}
			seen[r.Protocol] = true
			seen[r.Policy] = true
			seen["nic "+r.NicType+" vpc "+fmt.Sprint(g.VpcID != "")] = true
			nics = append(nics, r.NicType)
			switch {
			case r.PortRange == PortsNotApplicable:
				seen["no ports"] = true
			case strings.HasPrefix(r.PortRange, "1/65535"):
				seen["all ports"] = true
			default:
				lo, hi, _ := strings.Cut(r.PortRange, "/")
				seen[map[bool]string{true: "one port", false: "port range"}[lo == hi]] = true
			}
			seen["ipv6"] = seen["ipv6"] || r.IPv6CidrIP != ""
			seen["prefix list"] = seen["prefix list"] || r.PrefixListID != ""
			seen["description"] = seen["description"] || r.Description != ""
			seen["priority 1"] = seen["priority 1"] || r.Priority == 1
			seen["priority 100"] = seen["priority 100"] || r.Priority == 100
			seen["created after the group"] = seen["created after the group"] || r.CreateTime.After(g.CreationTime)
		}
		if g.VpcID == "" && slices.Contains(nics, NicInternet) && slices.Contains(nics, NicIntranet) {
			classicBoth++
		}
		if g.ID == FixtureRulelessGroupID {
			ruleless = n == 0 && g.RuleCount == 0 && g.Region == FixtureRulelessRegion && g.Account == DefaultAccount
		}
	}
	t.Logf("%d rules, %d per group at least, %d at most, %d naming a group", all, fewest, most, g2g)
	if !ruleless {
		t.Errorf("FixtureRulelessGroupID %s is not a group of the default account in %s without rules", FixtureRulelessGroupID, FixtureRulelessRegion)
	}
	for _, want := range []string{ProtocolTCP, ProtocolUDP, ProtocolICMP, ProtocolAll, ProtocolGRE, PolicyAccept, PolicyDrop,
		"group ingress", "group egress", "no ports", "all ports", "one port", "port range", "ipv6", "prefix list", "description",
		"priority 1", "priority 100", "created after the group", "nic intranet vpc true", "nic internet vpc false", "nic intranet vpc false"} {
		if !seen[want] {
			t.Errorf("no rule of the fixture has %s", want)
		}
	}
	if seen["nic internet vpc true"] {
		t.Error("a VPC group has an internet rule")
	}
	if fewest != 0 || most <= 10 || classicBoth < 2 {
		t.Errorf("rules per group %d..%d, %d classic groups with both NIC types; want a group without rules, groups with more than 10, classic groups with both", fewest, most, classicBoth)
	}
}

// TestInnerAccessPolicyDefaults checks the default of each group type, and
// that the store answers the policy explicitly.
func TestInnerAccessPolicyDefaults(t *testing.T) {
	groups := ruleScene()
	groups[1].InnerAccessPolicy = InnerDrop
	m, err := NewMemory(groups)
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]string{"sg-bp1vpca": InnerAccept, "sg-bp1vpcb": InnerDrop, "sg-bp1enterprise": InnerDrop} {
		g, _ := m.Get(DefaultAccount, "cn-hangzhou", id)
		page, _ := m.Page(Query{Account: DefaultAccount, Region: "cn-hangzhou", ID: id}, "", 1)
		if g.InnerAccessPolicy != want || len(page) != 1 || page[0].InnerAccessPolicy != want {
			t.Errorf("%s: Get says %q, Page %+v; want %q", id, g.InnerAccessPolicy, page, want)
		}
	}
}
