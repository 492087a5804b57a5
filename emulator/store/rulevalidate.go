package store

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"unicode/utf8"
)

// Limits a rule must respect, the service's own.
const (
	maxRuleIDSuffix       = 61  // SecurityGroupRuleId is sgr- and lowercase letters and digits
	maxRuleDescRunes      = 512 // a rule's Description
	maxPrefixListRunes    = 128 // a prefix list's name
	minPriority           = 1
	maxPriority           = 100
	minPort, maxPort      = 1, 65535
	ruleDirectionsMessage = DirectionIngress + " or " + DirectionEgress
)

// ruleField is the name a fixture file and the API give a field of a rule;
// the peer fields are named after the rule's direction.
func ruleField(direction, field string) string {
	switch field {
	case "CidrIp", "GroupId", "PrefixListId", "PrefixListName":
		if direction == DirectionEgress {
			return "Dest" + field
		}
		return "Source" + field
	case "Ipv6CidrIp":
		if direction == DirectionEgress {
			return "Ipv6DestCidrIp"
		}
		return "Ipv6SourceCidrIp"
	}
	return field
}

// ruleLabel names rule i of a group in messages: rules[2] (sgr-bp1...).
func ruleLabel(i int, id string) string { return groupLabel(fixtureRulesKey, i, id) }

// checkRules reports the first invalid rule of g, or counts that do not
// match its rules, as a *fieldError whose Field is rules[i].Field (or the
// count's name).
func checkRules(g *Group) error {
	for i := range g.Rules {
		r := g.Rules[i].withDefaults(g)
		if field, err := checkRule(g, &r); err != nil {
			return &fieldError{fmt.Sprintf("%s[%d].%s", fixtureRulesKey, i, field), fmt.Errorf("%s: %w", ruleLabel(i, r.ID), err)}
		}
	}
	if g.Rules == nil || g.RuleCount == 0 && g.GroupToGroupRuleCount == 0 {
		return nil
	}
	all, g2g := CountRules(g.Rules)
	field := "RuleCount"
	if g.RuleCount == all {
		field = "GroupToGroupRuleCount"
	}
	if g.RuleCount != all || g.GroupToGroupRuleCount != g2g {
		return fieldErr(field, "RuleCount %d and GroupToGroupRuleCount %d do not count the group's %d rules, %d of which name a group; give these counts or leave both out to have them counted",
			g.RuleCount, g.GroupToGroupRuleCount, all, g2g)
	}
	return nil
}

// checkRule reports the first thing wrong with one rule of g, whose
// defaults are applied, and the field it is about.
func checkRule(g *Group, r *Rule) (string, error) {
	dir := r.Direction
	name := func(field string) string { return ruleField(dir, field) }
	switch {
	case r.ID == "":
		return "SecurityGroupRuleId", fmt.Errorf("SecurityGroupRuleId is required")
	case !validRuleID(r.ID):
		return "SecurityGroupRuleId", fmt.Errorf("SecurityGroupRuleId %q is not sgr- followed by 1 to %d lowercase letters and digits", r.ID, maxRuleIDSuffix)
	case dir == "":
		return "Direction", fmt.Errorf("Direction is required: %s", ruleDirectionsMessage)
	case dir != DirectionIngress && dir != DirectionEgress:
		return "Direction", fmt.Errorf("Direction %q is not %s", dir, ruleDirectionsMessage)
	case r.Protocol == "":
		return "IpProtocol", fmt.Errorf("IpProtocol is required: one of %s", strings.Join(protocols, ", "))
	case !slices.Contains(protocols, r.Protocol):
		return "IpProtocol", fmt.Errorf("IpProtocol %q is not one of %s, spelled so", r.Protocol, strings.Join(protocols, ", "))
	case r.NicType != NicInternet && r.NicType != NicIntranet:
		return "NicType", fmt.Errorf("NicType %q is not %s or %s", r.NicType, NicInternet, NicIntranet)
	case r.NicType == NicInternet && g.VpcID != "":
		return "NicType", fmt.Errorf("NicType is %s, but a VPC group's rules are %s; leave it out", NicInternet, NicIntranet)
	case r.NicType == NicInternet && r.GroupID != "":
		return "NicType", fmt.Errorf("NicType is %s, but a rule naming a group is %s; leave it out", NicInternet, NicIntranet)
	case r.Policy != PolicyAccept && r.Policy != PolicyDrop:
		return "Policy", fmt.Errorf("Policy %q is not %s or %s", r.Policy, PolicyAccept, PolicyDrop)
	case r.Priority < minPriority || r.Priority > maxPriority:
		return "Priority", fmt.Errorf("Priority %d is outside %d..%d", r.Priority, minPriority, maxPriority)
	case utf8.RuneCountInString(r.Description) > maxRuleDescRunes:
		return "Description", fmt.Errorf("Description is %d characters long; the limit is %d", utf8.RuneCountInString(r.Description), maxRuleDescRunes)
	case r.CreateTime.Before(g.CreationTime):
		return "CreateTime", fmt.Errorf("CreateTime %s is before the group's CreationTime %s", r.CreateTime.Format(CreationTimeLayout), g.CreationTime.UTC().Format(CreationTimeLayout))
	}
	if err := checkPorts(r.Protocol, r.PortRange, "PortRange", true); err != nil {
		return "PortRange", err
	}
	if err := checkPorts(r.Protocol, r.SourcePortRange, "SourcePortRange", false); err != nil {
		return "SourcePortRange", err
	}
	return checkPeer(g, r, name)
}

// checkPorts checks a port range for protocol: start/end within 1..65535
// for TCP and UDP, PortsNotApplicable for the others. An optional range may
// be empty.
func checkPorts(protocol, ports, field string, required bool) error {
	portful := protocol == ProtocolTCP || protocol == ProtocolUDP
	switch {
	case ports == "" && (required || !portful):
		if !required {
			return nil
		}
		if portful {
			return fmt.Errorf("%s is required for %s: start/end, such as 80/80 or 1/65535", field, protocol)
		}
		return fmt.Errorf("%s is required: %s for %s", field, PortsNotApplicable, protocol)
	case ports == "":
		return nil
	case !portful && ports != PortsNotApplicable:
		return fmt.Errorf("%s %q: %s has no ports, so the range is %s", field, ports, protocol, PortsNotApplicable)
	case !portful:
		return nil
	}
	lo, hi, ok := strings.Cut(ports, "/")
	a, okA := port(lo)
	b, okB := port(hi)
	if !ok || !okA || !okB || a > b {
		return fmt.Errorf("%s %q is not start/end with %d <= start <= end <= %d, such as 80/80 or 8000/8100", field, ports, minPort, maxPort)
	}
	return nil
}

// port reads a port number written plainly: digits without a leading zero,
// within minPort..maxPort.
func port(s string) (int, bool) {
	if s == "" || len(s) > 5 || s[0] == '0' {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, n >= minPort && n <= maxPort
}

// checkPeer checks that the rule names exactly one valid peer. That a
// group it names exists is checked across groups, by checkRulePeers.
func checkPeer(g *Group, r *Rule, name func(string) string) (string, error) {
	peers := 0
	for _, v := range []string{r.CidrIP, r.IPv6CidrIP, r.GroupID, r.PrefixListID} {
		if v != "" {
			peers++
		}
	}
	if peers != 1 {
		return name("CidrIp"), fmt.Errorf("the rule names %d peers; give exactly one of %s, %s, %s and %s",
			peers, name("CidrIp"), name("Ipv6CidrIp"), name("GroupId"), name("PrefixListId"))
	}
	switch {
	case r.CidrIP != "" && !isCIDR(r.CidrIP, false):
		return name("CidrIp"), fmt.Errorf("%s %q is not an IPv4 address or CIDR block such as 10.0.0.0/8", name("CidrIp"), r.CidrIP)
	case r.IPv6CidrIP != "" && !isCIDR(r.IPv6CidrIP, true):
		return name("Ipv6CidrIp"), fmt.Errorf("%s %q is not an IPv6 address or CIDR block such as 2001:db8::/32", name("Ipv6CidrIp"), r.IPv6CidrIP)
	case r.IPv6CidrIP != "" && g.VpcID == "":
		return name("Ipv6CidrIp"), fmt.Errorf("%s is set, but a classic-network group has no IPv6", name("Ipv6CidrIp"))
	case r.GroupID != "" && !validGroupID(r.GroupID):
		return name("GroupId"), fmt.Errorf("%s %q is not a security group ID", name("GroupId"), r.GroupID)
	case r.GroupID != "" && g.Type == TypeEnterprise:
		return name("GroupId"), fmt.Errorf("%s is set, but an enterprise group cannot authorize other groups", name("GroupId"))
	case r.PrefixListID != "" && !validPrefixedID(r.PrefixListID, "pl-"):
		return name("PrefixListId"), fmt.Errorf("%s %q is not pl- followed by lowercase letters and digits", name("PrefixListId"), r.PrefixListID)
	case r.PrefixListName != "" && r.PrefixListID == "":
		return name("PrefixListName"), fmt.Errorf("%s is set without %s", name("PrefixListName"), name("PrefixListId"))
	case utf8.RuneCountInString(r.PrefixListName) > maxPrefixListRunes:
		return name("PrefixListName"), fmt.Errorf("%s is longer than %d characters", name("PrefixListName"), maxPrefixListRunes)
	}
	return "", nil
}

// isCIDR accepts an address or a prefix of the family.
func isCIDR(s string, v6 bool) bool {
	if p, err := netip.ParsePrefix(s); err == nil {
		return p.Addr().Is6() == v6 && !p.Addr().Is4In6() && p.Addr().Zone() == ""
	}
	a, err := netip.ParseAddr(s)
	return err == nil && a.Is6() == v6 && !a.Is4In6() && a.Zone() == ""
}

func validRuleID(id string) bool {
	rest, ok := strings.CutPrefix(id, "sgr-")
	return ok && len(rest) >= 1 && len(rest) <= maxRuleIDSuffix && isLowerAlnum(rest)
}

// checkRulePeers checks what no group can check alone: that rule IDs are
// unique across all groups, and that each group a rule names is a group of
// the same account, region and network type. order is the groups' positions
// by ID descending (validateGroups); bad marks groups already reported.
func checkRulePeers(groups []Group, order []int32, bad map[int]bool, report func(i int, err error)) {
	// The first holder of each rule ID, by group then rule position; a later
	// one duplicates it.
	type ruleAt struct{ g, r int }
	n := 0
	for i := range groups {
		n += len(groups[i].Rules)
	}
	first := make(map[string]ruleAt, n)
	for i := range groups {
		for k := range groups[i].Rules {
			id := groups[i].Rules[k].ID
			at, dup := first[id]
			if !dup {
				first[id] = ruleAt{i, k}
				continue
			}
			if !bad[i] && id != "" {
				report(i, &fieldError{fmt.Sprintf("%s[%d].SecurityGroupRuleId", fixtureRulesKey, k),
					fmt.Errorf("%s: SecurityGroupRuleId duplicates rule %d of group %s; rule IDs are unique across groups", ruleLabel(k, id), at.r, groups[at.g].ID)})
			}
		}
	}
	find := byID(groups, order)
	for i := range groups {
		if bad[i] {
			continue
		}
		g := &groups[i]
		for k := range g.Rules {
			r := &g.Rules[k]
			if r.GroupID == "" {
				continue
			}
			j, ok := find(r.GroupID)
			var err error
			field := func() string { return ruleField(r.Direction, "GroupId") }
			switch {
			case !ok || groups[j].Account != g.Account || groups[j].Region != g.Region:
				err = fmt.Errorf("%s %s names no group of account %s in %s; a rule names a group of its own account and region", field(), r.GroupID, g.Account, g.Region)
			case (groups[j].VpcID == "") != (g.VpcID == ""):
				err = fmt.Errorf("%s %s is a group of the other network type; a VPC group's rule names a VPC group, a classic-network group's a classic-network group", field(), r.GroupID)
			}
			if err != nil {
				report(i, &fieldError{fmt.Sprintf("%s[%d].%s", fixtureRulesKey, k, field()), fmt.Errorf("%s: %w", ruleLabel(k, r.ID), err)})
				break // one problem per group, as for every other check
			}
		}
	}
}
