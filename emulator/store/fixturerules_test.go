package store

import (
	"bytes"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

// ruleFile is a fixture of two VPC groups, the first with the rules given
// (block YAML, one field per line, indented under "rules:") and its own
// extra fields, each a line.
func ruleFile(extra []string, rules ...string) string {
	first := "securityGroups:\n" +
		"  - SecurityGroupId: sg-bp1aaa\n" + //   line 2
		"    RegionId: cn-hangzhou\n" +
		"    SecurityGroupType: normal\n" +
		"    VpcId: vpc-bp1x\n" +
		"    CreationTime: 2024-05-01T08:30:00Z\n" // line 6
	for _, e := range extra {
		first += "    " + e + "\n"
	}
	if rules != nil {
		first += "    rules:\n"
		for _, r := range rules {
			first += r
		}
	}
	return first +
		"  - SecurityGroupId: sg-bp1bbb\n" +
		"    SecurityGroupName: peer\n" +
		"    RegionId: cn-hangzhou\n" +
		"    SecurityGroupType: normal\n" +
		"    VpcId: vpc-bp1x\n" +
		"    CreationTime: 2024-05-01T08:30:00Z\n"
}

// rule is one block-YAML rule of fields.
func rule(fields ...string) string {
	return "      - " + strings.Join(fields, "\n        ") + "\n"
}

var sshRule = []string{"SecurityGroupRuleId: sgr-ssh", "Direction: ingress", "IpProtocol: TCP", "PortRange: 22/22", "SourceCidrIp: 10.0.0.0/8"}

func with(base []string, fields ...string) []string {
	return append(append([]string(nil), base...), fields...)
}

func TestParseRules(t *testing.T) {
	at := time.Date(2024, 5, 1, 8, 30, 0, 0, time.UTC)
	ssh := Rule{ID: "sgr-ssh", Direction: DirectionIngress, Protocol: ProtocolTCP, PortRange: "22/22", CidrIP: "10.0.0.0/8"}
	toPeer := Rule{ID: "sgr-peer", Direction: DirectionEgress, Protocol: ProtocolAll, PortRange: "-1/-1", GroupID: "sg-bp1bbb",
		NicType: NicIntranet, Policy: PolicyDrop, Priority: 9, Description: "to the peer", CreateTime: at.Add(time.Hour)}
	peerRule := []string{"SecurityGroupRuleId: sgr-peer", "Direction: egress", "IpProtocol: ALL", "PortRange: -1/-1", "DestGroupId: sg-bp1bbb",
		"NicType: intranet", "Policy: Drop", "Priority: 9", "Description: to the peer", "CreateTime: 2024-05-01T09:30Z"}
	accepted := []struct {
		name       string
		data       string
		rules      []Rule
		all, toGrp int32
	}{
		{"counts left out are counted", ruleFile(nil, rule(sshRule...), rule(peerRule...)), []Rule{ssh, toPeer}, 2, 1},
		{"counts given", ruleFile([]string{"RuleCount: 2", "GroupToGroupRuleCount: 1"}, rule(sshRule...), rule(peerRule...)), []Rule{ssh, toPeer}, 2, 1},
		{"one count given, the other counted", ruleFile([]string{"RuleCount: 1"}, rule(sshRule...)), []Rule{ssh}, 1, 0},
		{"an empty list", ruleFile([]string{"rules: []"}), []Rule{}, 0, 0},
		{"rules null is no rules", ruleFile([]string{"rules: null", "RuleCount: 4"}), nil, 4, 0},
		{"a null field is absent", ruleFile(nil, rule(with(sshRule, "Description: null")...)), []Rule{ssh}, 1, 0},
		{"flow style", ruleFile([]string{"rules: [{SecurityGroupRuleId: sgr-ssh, Direction: ingress, IpProtocol: TCP, PortRange: 22/22, SourceCidrIp: 10.0.0.0/8}]"}), []Rule{ssh}, 1, 0},
	}
	for _, tc := range accepted {
		t.Run(tc.name, func(t *testing.T) {
			groups, err := Parse("f.yaml", []byte(tc.data))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			g := groups[0]
			if !reflect.DeepEqual(g.Rules, tc.rules) || g.RuleCount != tc.all || g.GroupToGroupRuleCount != tc.toGrp {
				t.Errorf("rules %+v, counts %d/%d\nwant %+v, %d/%d", g.Rules, g.RuleCount, g.GroupToGroupRuleCount, tc.rules, tc.all, tc.toGrp)
			}
			if _, err := NewMemory(groups); err != nil {
				t.Errorf("a parsed fixture does not load: %v", err)
			}
		})
	}

	const g0 = "f.yaml:%d: securityGroups[0] (sg-bp1aaa): "
	refused := []struct {
		name, data string
		want       string // the whole first line of the error, %d the line
		line       int
	}{
		{"rules not a list", ruleFile([]string{"rules: {a: b}"}), g0 + "rules must be a list of rules, found a mapping", 7},
		{"a rule not a mapping", ruleFile(nil, "      - sgr-ssh\n"), g0 + "rules[0] must be a mapping of fields, found the string \"sgr-ssh\"", 8},
		{"unknown field", ruleFile(nil, rule(with(sshRule, "Colour: red")...)), g0 + `rules[0] (sgr-ssh): unknown field "Colour"; the fields are CreateTime, Description, DestCidrIp`, 13},
		{"field in the wrong case", ruleFile(nil, rule(with(sshRule, "Nictype: internet")...)), g0 + `rules[0] (sgr-ssh): unknown field "Nictype"; did you mean NicType?`, 13},
		{"a field answered from the peer", ruleFile(nil, rule(with(peerRule, "DestGroupName: peer")...)), g0 + "rules[0] (sgr-peer): DestGroupName is answered from the group DestGroupId names; leave it out", 18},
		{"field twice", ruleFile(nil, rule(with(sshRule, "PortRange: 80/80")...)), g0 + "rules[0] (sgr-ssh): PortRange appears twice", 13},
		{"wrong kind", ruleFile(nil, rule(with(sshRule, "Priority: high")...)), g0 + `rules[0] (sgr-ssh): Priority must be an integer, found the string "high"`, 13},
		{"priority 0", ruleFile(nil, rule(with(sshRule, "Priority: 0")...)), g0 + "rules[0] (sgr-ssh): Priority 0 is out of range [1, 100]", 13},
		{"time garbled", ruleFile(nil, rule(with(sshRule, "CreateTime: yesterday")...)), g0 + `rules[0] (sgr-ssh): CreateTime "yesterday" is not a UTC time`, 13},
		{"a field of the other direction", ruleFile(nil, rule("SecurityGroupRuleId: sgr-x", "Direction: ingress", "IpProtocol: ALL", "PortRange: -1/-1", "DestCidrIp: 10.0.0.0/8")),
			g0 + "rules[0] (sgr-x): DestCidrIp is a field of the other direction; an ingress rule names its peer with SourceCidrIp, Ipv6SourceCidrIp, SourceGroupId or SourcePrefixListId", 12},
		{"RuleCount wrong", ruleFile([]string{"RuleCount: 3"}, rule(sshRule...)), g0 + "RuleCount is 3, but the group's 1 rules make it 1; correct it or leave it out to have it counted", 7},
		{"GroupToGroupRuleCount 0 is wrong too", ruleFile([]string{"GroupToGroupRuleCount: 0"}, rule(peerRule...)), g0 + "GroupToGroupRuleCount is 0, but the group's 1 rules make it 1", 7},
		{"a count with an empty list", ruleFile([]string{"RuleCount: 2", "rules: []"}), g0 + "RuleCount is 2, but the group's 0 rules make it 0", 7},
		{"a rule's error at its field's line", ruleFile(nil, rule(with(sshRule[:3], `PortRange: "22"`, sshRule[4])...)), g0 + `rules[0] (sgr-ssh): PortRange "22" is not start/end`, 11},
		{"a missing field at the rule's line", ruleFile(nil, rule(sshRule[0], sshRule[2], sshRule[3], sshRule[4])), g0 + "rules[0] (sgr-ssh): Direction is required", 8},
		{"the second rule", ruleFile(nil, rule(sshRule...), rule("SecurityGroupRuleId: sgr-two", "Direction: ingress", "IpProtocol: ALL", "PortRange: -1/-1", "NicType: internet", "SourceCidrIp: 0.0.0.0/0")),
			g0 + "rules[1] (sgr-two): NicType is internet, but a VPC group's rules are intranet; leave it out", 17},
		{"an unknown peer at its line", ruleFile(nil, rule(with(sshRule[:4], "SourceGroupId: sg-bp1nothere")...)), g0 + "rules[0] (sgr-ssh): SourceGroupId sg-bp1nothere names no group", 12},
	}
	for _, tc := range refused {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("f.yaml", []byte(tc.data))
			want := strings.Replace(tc.want, "%d", strconv.Itoa(tc.line), 1)
			if err == nil || !strings.HasPrefix(err.Error(), want) {
				t.Errorf("Parse: %v\nwant %s", err, want)
			}
		})
	}
}

// TestDefaultDecodesAsParse decodes the embedded default fixture with the
// strict, line-tracking decoder of Parse, which Default skips for speed:
// both must give the same groups, so the embedded file holds nothing the
// file format forbids.
func TestDefaultDecodesAsParse(t *testing.T) {
	strict, err := Parse(DefaultFixtureFile, defaultFixture)
	if err != nil {
		t.Fatalf("the default fixture fails the strict decoder: %v", err)
	}
	if !reflect.DeepEqual(strict, Default()) {
		t.Error("Default() and Parse of the same file differ")
	}
}

// TestMarshalRoundTrip: Marshal writes the embedded file back byte for
// byte, and Parse reads what Marshal writes of groups with every kind of
// rule field back to the same groups.
func TestMarshalRoundTrip(t *testing.T) {
	data, err := Marshal(Default())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, defaultFixture) {
		t.Error("Marshal(Default()) is not the embedded file; run go generate ./emulator/store")
	}
	groups := ruleScene()
	later := groups[0].CreationTime.Add(time.Minute)
	groups[0].Rules = []Rule{
		{ID: "sgr-a", Direction: DirectionIngress, Protocol: ProtocolTCP, PortRange: "1/65535", SourcePortRange: "1024/65535", CidrIP: "10.0.0.0/8",
			NicType: NicIntranet, Policy: PolicyDrop, Priority: 100, Description: "<b> & 描述", CreateTime: later},
		{ID: "sgr-b", Direction: DirectionEgress, Protocol: ProtocolAll, PortRange: "-1/-1", GroupID: "sg-bp1vpcb"},
		{ID: "sgr-c", Direction: DirectionIngress, Protocol: ProtocolICMPv6, PortRange: "-1/-1", IPv6CidrIP: "::/0"},
		{ID: "sgr-d", Direction: DirectionEgress, Protocol: ProtocolUDP, PortRange: "53/53", PrefixListID: "pl-x1", PrefixListName: "dns"},
		{ID: "sgr-e", Direction: DirectionIngress, Protocol: ProtocolGRE, PortRange: "-1/-1", PrefixListID: "pl-x2"},
		{ID: "sgr-f", Direction: DirectionEgress, Protocol: ProtocolICMP, PortRange: "-1/-1", IPv6CidrIP: "2001:db8::1"},
	}
	groups[0].RuleCount, groups[0].GroupToGroupRuleCount = CountRules(groups[0].Rules)
	data, err = Marshal(groups)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse("round-trip.json", data)
	if err != nil {
		t.Fatalf("Parse(Marshal(groups)): %v", err)
	}
	if !reflect.DeepEqual(back, groups) {
		t.Errorf("Parse(Marshal(groups)) differs from groups:\n got %+v\nwant %+v", back[0], groups[0])
	}
	if fast, err := parseCanonical("round-trip.json", data); err != nil || !reflect.DeepEqual(fast, groups) {
		t.Errorf("parseCanonical(Marshal(groups)): %v, equal %v", err, reflect.DeepEqual(fast, groups))
	}
	if !strings.Contains(string(data), "<b>") || strings.Contains(string(data), `\u003c`) {
		t.Errorf("Marshal escaped HTML characters")
	}
}
