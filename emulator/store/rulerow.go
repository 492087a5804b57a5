package store

import (
	"slices"
	"strings"
	"time"
)

// ruleRow is a rule as a snapshot stores it: fixed-size and free of
// pointers, like row. The rules of all groups sit in one pool; a partition
// knows only which of its groups have rules and where they are, so a group
// without rules costs nothing.
type ruleRow struct {
	id, ports, sourcePorts, desc strRef
	// peer is the CIDR block, IPv6 block, group ID or prefix list ID,
	// whichever peerKind says; peerName the group's or prefix list's name.
	peer, peerName strRef

	sec  int64 // CreateTime as Unix seconds and nanoseconds, UTC
	nsec int32

	priority int16
	protocol uint8 // index into protocols
	peerKind uint8
	egress   bool
	internet bool
	drop     bool
}

// Kinds of peer a rule names.
const (
	peerCIDR uint8 = iota
	peerIPv6
	peerGroup
	peerPrefixList
)

// ruleIndex locates the rules of the groups of a partition that have any:
// ruled holds their positions ascending, spans[i] the run of rule rows of
// ruled[i] in snapshot.rules.
type ruleIndex struct {
	ruled []int32
	spans []span
}

// rulesOf returns the rule rows of the group at position pos.
func (s *snapshot) rulesOf(p *partition, pos int) []ruleRow {
	i, ok := slices.BinarySearch(p.rules.ruled, int32(pos))
	if !ok {
		return nil
	}
	sp := p.rules.spans[i]
	return s.rules[sp.off : sp.off+sp.n]
}

// addRules stores the rules of g, the group about to take position pos of
// p, and returns the counts its row reports. name returns the name of the
// group with an ID (the peer of a rule, validated to exist).
func (s *snapshot) addRules(p *partition, pos int, g *Group, name func(id string) string) (all, groupToGroup int32) {
	if len(g.Rules) == 0 {
		return g.RuleCount, g.GroupToGroupRuleCount
	}
	from := len(s.rules)
	for i := range g.Rules {
		r := g.Rules[i].withDefaults(g)
		rr := ruleRow{
			id: s.text.put(r.ID), ports: s.text.intern(r.PortRange), sourcePorts: s.text.intern(r.SourcePortRange),
			desc: s.text.intern(r.Description),
			sec:  r.CreateTime.Unix(), nsec: int32(r.CreateTime.Nanosecond()),
			priority: int16(r.Priority), protocol: uint8(slices.Index(protocols, r.Protocol)),
			egress: r.Direction == DirectionEgress, internet: r.NicType == NicInternet, drop: r.Policy == PolicyDrop,
		}
		switch {
		case r.CidrIP != "":
			rr.peerKind, rr.peer = peerCIDR, s.text.intern(r.CidrIP)
		case r.IPv6CidrIP != "":
			rr.peerKind, rr.peer = peerIPv6, s.text.intern(r.IPv6CidrIP)
		case r.GroupID != "":
			rr.peerKind, rr.peer, rr.peerName = peerGroup, s.text.intern(r.GroupID), s.text.intern(name(r.GroupID))
		default:
			rr.peerKind, rr.peer, rr.peerName = peerPrefixList, s.text.intern(r.PrefixListID), s.text.intern(r.PrefixListName)
		}
		s.rules = append(s.rules, rr)
	}
	p.rules.ruled = append(p.rules.ruled, int32(pos))
	p.rules.spans = append(p.rules.spans, span{int32(from), int32(len(g.Rules))})
	return CountRules(g.Rules)
}

// rule turns a rule row back into a Rule of a group of p.
func (s *snapshot) rule(p *partition, rr *ruleRow) Rule {
	r := Rule{
		ID: s.text.str(rr.id), Direction: DirectionIngress, Protocol: protocols[rr.protocol],
		PortRange: s.text.str(rr.ports), SourcePortRange: s.text.str(rr.sourcePorts),
		NicType: NicIntranet, Policy: PolicyAccept, Priority: int32(rr.priority),
		Description: s.text.str(rr.desc), CreateTime: time.Unix(rr.sec, int64(rr.nsec)).UTC(),
	}
	if rr.egress {
		r.Direction = DirectionEgress
	}
	if rr.internet {
		r.NicType = NicInternet
	}
	if rr.drop {
		r.Policy = PolicyDrop
	}
	peer := s.text.str(rr.peer)
	switch rr.peerKind {
	case peerCIDR:
		r.CidrIP = peer
	case peerIPv6:
		r.IPv6CidrIP = peer
	case peerGroup:
		r.GroupID, r.GroupName, r.GroupOwnerAccount = peer, s.text.str(rr.peerName), p.account
	case peerPrefixList:
		r.PrefixListID, r.PrefixListName = peer, s.text.str(rr.peerName)
	}
	return r
}

// Get implements Store: a binary search for the ID, then one for its rules.
func (m *Memory) Get(account, region, id string) (Group, bool) {
	s := m.load()
	p := s.part(account, region)
	if p == nil {
		return Group{}, false
	}
	pos, ok := s.find(p, id)
	if !ok {
		return Group{}, false
	}
	r := &p.rows[pos]
	g := s.group(p, r, make([]Tag, s.tagSets[r.tags].n))
	if rows := s.rulesOf(p, pos); len(rows) > 0 {
		g.Rules = make([]Rule, len(rows))
		for i := range rows {
			g.Rules[i] = s.rule(p, &rows[i])
		}
	}
	return g, true
}

// byID returns a function that finds a group of groups by ID, given their
// positions ordered by ID descending.
func byID(groups []Group, order []int32) func(id string) (int, bool) {
	return func(id string) (int, bool) {
		k, ok := slices.BinarySearchFunc(order, id, func(pos int32, id string) int { return strings.Compare(id, groups[pos].ID) })
		if !ok {
			return 0, false
		}
		return int(order[k]), true
	}
}
