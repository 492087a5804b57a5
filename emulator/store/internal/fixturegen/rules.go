package main

import (
	"fmt"
	"time"

	"github.com/ecs-conformance/ecs-conformance/emulator/store"
)

// rulesSeed starts the stream the rules are drawn from. It is not the
// groups' stream: drawing rules from it would change every group made
// after the first rule, and with them the recorded answers.
const rulesSeed = seed ^ 0x7275_6c65 // "rule"

// rules gives every group exactly RuleCount rules, GroupToGroupRuleCount of
// which name another group of the same account, region and network (the
// same VPC where it holds other groups). VPC groups' rules are intranet;
// classic-network groups mix internet and intranet, their group-to-group
// rules being intranet as the cloud requires.
func (g *gen) rules() {
	r := &rng{state: rulesSeed}
	ids := map[string]bool{}
	peersOf := g.peerPools()
	for i := range g.out {
		s := &g.out[i]
		n, k := int(s.RuleCount), int(s.GroupToGroupRuleCount)
		kinds := make([]bool, n) // true: names a group
		for j := range k {
			kinds[j] = true
		}
		for j := n - 1; j > 0; j-- { // Fisher–Yates: group rules anywhere in the list
			m := r.intn(j + 1)
			kinds[j], kinds[m] = kinds[m], kinds[j]
		}
		peers := peersOf(s)
		if k > 0 && len(peers) == 0 {
			panic(fmt.Sprintf("fixturegen: %s has %d group-to-group rules but no group to name", s.ID, k))
		}
		for _, toGroup := range kinds {
			rule := ruleFor(r, s, toGroup, peers)
			rule.ID = ruleID(r, s, ids)
			s.Rules = append(s.Rules, rule)
		}
	}
}

// peerPools returns, for a group, the other groups its rules may name.
func (g *gen) peerPools() func(s *store.Group) []string {
	type scope struct{ account, region, vpc string }
	byVPC := map[scope][]string{}
	byRegion := map[scope][]string{} // VPC groups of the region; classic ones under vpc ""
	for _, s := range g.out {
		byVPC[scope{s.Account, s.Region, s.VpcID}] = append(byVPC[scope{s.Account, s.Region, s.VpcID}], s.ID)
		net := "vpc"
		if s.VpcID == "" {
			net = ""
		}
		byRegion[scope{s.Account, s.Region, net}] = append(byRegion[scope{s.Account, s.Region, net}], s.ID)
	}
	others := func(ids []string, self string) []string {
		var out []string
		for _, id := range ids {
			if id != self {
				out = append(out, id)
			}
		}
		return out
	}
	return func(s *store.Group) []string {
		if peers := others(byVPC[scope{s.Account, s.Region, s.VpcID}], s.ID); len(peers) > 0 || s.VpcID == "" {
			return peers
		}
		return others(byRegion[scope{s.Account, s.Region, "vpc"}], s.ID)
	}
}

var (
	singlePorts = []string{"22/22", "80/80", "443/443", "3306/3306", "3389/3389", "5432/5432", "6379/6379", "8080/8080", "8443/8443", "9200/9200", "53/53", "123/123"}
	portRanges  = []string{"1/65535", "8000/8100", "30000/32767", "1024/65535", "20/21"}
	cidrs       = []string{"0.0.0.0/0", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.100.0.0/16"}
	ipv6CIDRs   = []string{"::/0", "2001:db8::/32", "2408:4000:1234::/48", "2001:db8:1234:1a00::/56"}
	prefixLists = []struct{ id, name string }{
		{"pl-x1j1k5ykzqlixdcy9k2m", "office-egress"}, {"pl-x1j1k5ykzqlixabc4x7q", "partner-ranges"}, {"pl-2ze7m3qzv9tdl0gbe1wc", "cdn-origins"},
	}
	ruleDescs = []string{
		"", "", "", "SSH from the bastion", "HTTPS from anywhere", "Database from the app tier",
		"Monitoring agents", "允许办公网访问", "Block <legacy> & unused ports",
	}
)

// ruleFor draws one rule of s: one naming a group of peers, or one with a
// CIDR block (IPv4, or IPv6 for a VPC group) or a prefix list.
func ruleFor(r *rng, s *store.Group, toGroup bool, peers []string) store.Rule {
	vpc := s.VpcID != ""
	rule := store.Rule{
		Direction: store.DirectionIngress,
		NicType:   store.NicIntranet,
		Policy:    store.PolicyAccept,
		Priority:  1,
	}
	if r.chance(3, 10) {
		rule.Direction = store.DirectionEgress
	}
	if !vpc && !toGroup && r.chance(3, 5) {
		rule.NicType = store.NicInternet
	}
	if s.Type == store.TypeNormal && r.chance(1, 8) {
		rule.Policy = store.PolicyDrop
	}
	if r.chance(3, 5) {
		rule.Priority = int32(1 + r.intn(100))
	}
	rule.Description = pick(r, ruleDescs)
	rule.CreateTime = s.CreationTime.Add(time.Duration(r.intn(400*24*3600)) * time.Second)

	protocol := pick(r, []string{store.ProtocolTCP, store.ProtocolTCP, store.ProtocolTCP, store.ProtocolUDP,
		store.ProtocolICMP, store.ProtocolAll, store.ProtocolAll, store.ProtocolGRE})
	switch {
	case toGroup:
		rule.GroupID = pick(r, peers)
	case vpc && r.chance(1, 40):
		rule.IPv6CidrIP = pick(r, ipv6CIDRs)
		protocol = pick(r, []string{store.ProtocolTCP, store.ProtocolUDP, store.ProtocolICMPv6, store.ProtocolAll})
	case vpc && r.chance(1, 30):
		pl := pick(r, prefixLists)
		rule.PrefixListID, rule.PrefixListName = pl.id, pl.name
	case r.chance(1, 4):
		rule.CidrIP = fmt.Sprintf("10.%d.%d.0/24", r.intn(256), r.intn(256))
	case r.chance(1, 6):
		rule.CidrIP = fmt.Sprintf("203.0.113.%d/32", 1+r.intn(254))
	default:
		rule.CidrIP = pick(r, cidrs)
	}
	rule.Protocol = protocol
	rule.PortRange = store.PortsNotApplicable
	if protocol == store.ProtocolTCP || protocol == store.ProtocolUDP {
		rule.PortRange = pick(r, singlePorts)
		if r.chance(1, 4) {
			rule.PortRange = pick(r, portRanges)
		}
		if r.chance(1, 10) {
			rule.SourcePortRange = "1024/65535"
		}
	}
	return rule
}

// ruleID returns a fresh rule ID shaped like the cloud's: sgr-, the group
// ID's region prefix and 17 lowercase letters and digits.
func ruleID(r *rng, s *store.Group, ids map[string]bool) string {
	prefix := s.ID[len("sg-") : len("sg-")+3]
	for {
		id := "sgr-" + prefix + r.suffix(17)
		if !ids[id] {
			ids[id] = true
			return id
		}
	}
}
