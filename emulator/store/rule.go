package store

import (
	"slices"
	"time"
)

// Values of Rule.Direction, as the API spells Direction.
const (
	DirectionIngress = "ingress"
	DirectionEgress  = "egress"
)

// Values of Rule.NicType.
const (
	NicInternet = "internet"
	NicIntranet = "intranet"
)

// Values of Rule.Policy, as the API writes them in answers.
const (
	PolicyAccept = "Accept"
	PolicyDrop   = "Drop"
)

// Values of Rule.Protocol (IpProtocol), as the API writes them in answers.
const (
	ProtocolTCP    = "TCP"
	ProtocolUDP    = "UDP"
	ProtocolICMP   = "ICMP"
	ProtocolICMPv6 = "ICMPv6"
	ProtocolGRE    = "GRE"
	ProtocolAll    = "ALL"
)

// protocols are the values of Rule.Protocol; a rule row stores the index.
var protocols = []string{ProtocolTCP, ProtocolUDP, ProtocolICMP, ProtocolICMPv6, ProtocolGRE, ProtocolAll}

// PortsNotApplicable is the PortRange of a protocol without ports.
const PortsNotApplicable = "-1/-1"

// Rule is one rule of a security group, as DescribeSecurityGroupAttribute
// reports it. Field names follow the API's where Go allows: ID is
// SecurityGroupRuleId, Protocol IpProtocol.
//
// A rule names its peer with exactly one of CidrIP (IPv4), IPv6CidrIP,
// GroupID (another group of the same account and region) or PrefixListID:
// the source of an ingress rule (SourceCidrIp, SourceGroupId...), the
// destination of an egress rule (DestCidrIp, DestGroupId...).
type Rule struct {
	ID        string
	Direction string // DirectionIngress or DirectionEgress
	Protocol  string // one of the Protocol* constants
	// PortRange is start/end, 1 to 65535, for TCP and UDP, and
	// PortsNotApplicable for the other protocols. SourcePortRange is optional.
	PortRange, SourcePortRange string
	// NicType is NicIntranet for a VPC group and for a rule naming a group;
	// "" means that, or NicInternet for another rule of a classic group (the
	// API's default when authorizing).
	NicType string
	// Policy is PolicyAccept ("" means it) or PolicyDrop.
	Policy string
	// Priority is 1 to 100; 0 means 1, the API's default.
	Priority int32

	CidrIP, IPv6CidrIP           string
	GroupID                      string
	PrefixListID, PrefixListName string

	Description string
	// CreateTime is in UTC, not before the group's CreationTime; zero means
	// the group's CreationTime.
	CreateTime time.Time

	// GroupName and GroupOwnerAccount describe the group GroupID names (its
	// SecurityGroupName and account). Get fills them; Replace ignores them.
	GroupName, GroupOwnerAccount string
}

// GroupToGroup reports whether the rule names another group, which is what
// GroupToGroupRuleCount counts.
func (r *Rule) GroupToGroup() bool { return r.GroupID != "" }

// withDefaults returns r with the defaults of its empty fields made
// explicit, for a rule of g.
func (r Rule) withDefaults(g *Group) Rule {
	if r.NicType == "" {
		r.NicType = NicInternet
		if g.VpcID != "" || r.GroupID != "" {
			r.NicType = NicIntranet
		}
	}
	if r.Policy == "" {
		r.Policy = PolicyAccept
	}
	if r.Priority == 0 {
		r.Priority = 1
	}
	if r.CreateTime.IsZero() {
		r.CreateTime = g.CreationTime
	}
	r.CreateTime = r.CreateTime.UTC()
	r.GroupName, r.GroupOwnerAccount = "", ""
	return r
}

// CountRules returns the RuleCount and GroupToGroupRuleCount that rules
// make.
func CountRules(rules []Rule) (all, groupToGroup int32) {
	for i := range rules {
		if rules[i].GroupToGroup() {
			groupToGroup++
		}
	}
	return int32(len(rules)), groupToGroup
}

func cloneRules(rules []Rule) []Rule { return slices.Clone(rules) }
