package store

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// The rules of a fixture record: a list under the key rules, each a mapping
// of the API's field names as DescribeSecurityGroupAttribute answers them.
// The peer fields carry the direction in their name (SourceCidrIp for an
// ingress rule, DestCidrIp for an egress one) and must agree with Direction.

// ruleSide says which direction a peer field belongs to.
type ruleSide uint8

const (
	sideAny ruleSide = iota
	sideSource
	sideDest
)

type ruleFieldDecoder struct {
	side ruleSide
	set  func(r *Rule, field string, n *yaml.Node) error
}

func ruleString(at func(*Rule) *string) func(*Rule, string, *yaml.Node) error {
	return func(r *Rule, field string, n *yaml.Node) error {
		s, err := scalar(field, n, "!!str")
		*at(r) = s
		return err
	}
}

var ruleFields = map[string]ruleFieldDecoder{
	"SecurityGroupRuleId": {sideAny, ruleString(func(r *Rule) *string { return &r.ID })},
	"Direction":           {sideAny, ruleString(func(r *Rule) *string { return &r.Direction })},
	"IpProtocol":          {sideAny, ruleString(func(r *Rule) *string { return &r.Protocol })},
	"PortRange":           {sideAny, ruleString(func(r *Rule) *string { return &r.PortRange })},
	"SourcePortRange":     {sideAny, ruleString(func(r *Rule) *string { return &r.SourcePortRange })},
	"NicType":             {sideAny, ruleString(func(r *Rule) *string { return &r.NicType })},
	"Policy":              {sideAny, ruleString(func(r *Rule) *string { return &r.Policy })},
	"Description":         {sideAny, ruleString(func(r *Rule) *string { return &r.Description })},
	"Priority": {sideAny, func(r *Rule, field string, n *yaml.Node) error {
		v, err := integer(field, n, minPriority, maxPriority)
		r.Priority = int32(v)
		return err
	}},
	"CreateTime": {sideAny, func(r *Rule, field string, n *yaml.Node) error {
		t, err := utcTime(field, n)
		r.CreateTime = t
		return err
	}},
	"SourceCidrIp":         {sideSource, ruleString(func(r *Rule) *string { return &r.CidrIP })},
	"DestCidrIp":           {sideDest, ruleString(func(r *Rule) *string { return &r.CidrIP })},
	"Ipv6SourceCidrIp":     {sideSource, ruleString(func(r *Rule) *string { return &r.IPv6CidrIP })},
	"Ipv6DestCidrIp":       {sideDest, ruleString(func(r *Rule) *string { return &r.IPv6CidrIP })},
	"SourceGroupId":        {sideSource, ruleString(func(r *Rule) *string { return &r.GroupID })},
	"DestGroupId":          {sideDest, ruleString(func(r *Rule) *string { return &r.GroupID })},
	"SourcePrefixListId":   {sideSource, ruleString(func(r *Rule) *string { return &r.PrefixListID })},
	"DestPrefixListId":     {sideDest, ruleString(func(r *Rule) *string { return &r.PrefixListID })},
	"SourcePrefixListName": {sideSource, ruleString(func(r *Rule) *string { return &r.PrefixListName })},
	"DestPrefixListName":   {sideDest, ruleString(func(r *Rule) *string { return &r.PrefixListName })},
}

// derivedRuleFields are answered from the group a rule names, never given.
var derivedRuleFields = map[string]string{
	"SourceGroupName": "SourceGroupId", "SourceGroupOwnerAccount": "SourceGroupId",
	"DestGroupName": "DestGroupId", "DestGroupOwnerAccount": "DestGroupId",
}

// rulesField decodes a record's rules, noting the line of each rule
// (rules[2]) and of each of its fields (rules[2].PortRange).
func rulesField(rec *record, field string, n *yaml.Node) error {
	if n.Kind != yaml.SequenceNode {
		return fmt.Errorf("%s must be a list of rules, found %s", field, describeNode(n))
	}
	rules := make([]Rule, 0, len(n.Content))
	for i, item := range n.Content {
		item = resolve(item)
		at := fmt.Sprintf("%s[%d]", field, i)
		rec.lines[at] = item.Line
		r, err := decodeRule(rec, at, item)
		if err != nil {
			return err
		}
		rules = append(rules, r)
	}
	rec.group.Rules = rules
	return nil
}

func decodeRule(rec *record, at string, n *yaml.Node) (Rule, error) {
	var r Rule
	if n.Kind != yaml.MappingNode {
		return r, &lineError{n.Line, fmt.Errorf("%s must be a mapping of fields, found %s", at, describeNode(n))}
	}
	label := func() string {
		return groupLabel(fixtureRulesKey, ruleIndexOf(at), scalarField(n, "SecurityGroupRuleId"))
	}
	var sides [3]string // a field given for each side, to report a mismatch
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], resolve(n.Content[i+1])
		key := at + "." + k.Value
		f, ok := ruleFields[k.Value]
		switch {
		case derivedRuleFields[k.Value] != "":
			return r, &lineError{k.Line, fmt.Errorf("%s: %s is answered from the group %s names; leave it out", label(), k.Value, derivedRuleFields[k.Value])}
		case !ok:
			return r, &lineError{k.Line, fmt.Errorf("%s: %w", label(), unknownField(k.Value, ruleFields))}
		case rec.lines[key] != 0:
			return r, &lineError{k.Line, fmt.Errorf("%s: %s appears twice", label(), k.Value)}
		}
		rec.lines[key] = k.Line
		if isNull(v) {
			continue
		}
		if err := f.set(&r, k.Value, v); err != nil {
			return r, &lineError{v.Line, fmt.Errorf("%s: %w", label(), err)}
		}
		if sides[f.side] == "" {
			sides[f.side] = k.Value
		}
	}
	// A peer field of the other direction: SourceCidrIp on an egress rule.
	wrong, side := sides[sideDest], DirectionIngress
	if r.Direction == DirectionEgress {
		wrong, side = sides[sideSource], DirectionEgress
	}
	if (r.Direction == DirectionIngress || r.Direction == DirectionEgress) && wrong != "" {
		return r, &lineError{rec.lines[at+"."+wrong], fmt.Errorf("%s: %s is a field of the other direction; an %s rule names its peer with %s, %s, %s or %s",
			label(), wrong, side, ruleField(r.Direction, "CidrIp"), ruleField(r.Direction, "Ipv6CidrIp"), ruleField(r.Direction, "GroupId"), ruleField(r.Direction, "PrefixListId"))}
	}
	return r, nil
}

// ruleIndexOf returns i of "rules[i]".
func ruleIndexOf(at string) int {
	var i int
	fmt.Sscanf(at[strings.LastIndexByte(at, '[')+1:], "%d", &i)
	return i
}

// countRules fills the counts a record with rules leaves out, and checks
// those it gives, at their lines.
func countRules(rec *record) error {
	if _, ok := rec.lines[fixtureRulesKey]; !ok || rec.nulls[fixtureRulesKey] {
		return nil
	}
	g := &rec.group
	all, g2g := CountRules(g.Rules)
	for _, c := range []struct {
		field string
		at    *int32
		want  int32
	}{{"RuleCount", &g.RuleCount, all}, {"GroupToGroupRuleCount", &g.GroupToGroupRuleCount, g2g}} {
		line, given := rec.lines[c.field]
		given = given && !rec.nulls[c.field]
		switch {
		case !given:
			*c.at = c.want
		case *c.at != c.want:
			return &lineError{line, fmt.Errorf("%s is %d, but the group's %d rules make it %d; correct it or leave it out to have it counted", c.field, *c.at, all, c.want)}
		}
	}
	return nil
}
