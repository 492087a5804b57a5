package store

import "time"

// row is a group as a snapshot stores it: fixed-size and free of pointers
// (strings are refs into the snapshot's strTable, tags an index of a shared
// tag set), so that a million of them cost the garbage collector nothing.
// Account and region are the partition's.
type row struct {
	id, name, desc, vpc, rg strRef

	sec  int64 // CreationTime as Unix seconds and nanoseconds, UTC
	nsec int32

	tags uint32 // index into snapshot.tagSets; 0 is the empty set

	serviceID                           int64
	ecs, available, rules, groupToGroup int32

	enterprise, managed bool
	innerDrop           bool // InnerAccessPolicy is InnerDrop
}

// tagRef is one tag of a tag set.
type tagRef struct{ key, value strRef }

// span locates a run of a slice: a tag set in snapshot.tagPool, or a
// posting list in partition.arena.
type span struct{ off, n int32 }

// tagsOf returns the tags of r.
func (s *snapshot) tagsOf(r *row) []tagRef {
	sp := s.tagSets[r.tags]
	return s.tagPool[sp.off : sp.off+sp.n]
}

// group turns a row back into a Group, its tags written into tagBuf, which
// must have room for them. The strings point into the snapshot's table.
func (s *snapshot) group(p *partition, r *row, tagBuf []Tag) Group {
	typ := TypeNormal
	if r.enterprise {
		typ = TypeEnterprise
	}
	g := Group{
		Account: p.account, Region: p.region,
		ID: s.text.str(r.id), Name: s.text.str(r.name), Description: s.text.str(r.desc),
		Type: typ, VpcID: s.text.str(r.vpc), ResourceGroupID: s.text.str(r.rg),
		CreationTime:   time.Unix(r.sec, int64(r.nsec)).UTC(),
		ServiceManaged: r.managed, ServiceID: r.serviceID, InnerAccessPolicy: InnerAccept,
		EcsCount: r.ecs, AvailableInstanceAmount: r.available,
		RuleCount: r.rules, GroupToGroupRuleCount: r.groupToGroup,
	}
	if r.innerDrop {
		g.InnerAccessPolicy = InnerDrop
	}
	if tags := s.tagsOf(r); len(tags) > 0 {
		for i, t := range tags {
			tagBuf[i] = Tag{Key: s.text.str(t.key), Value: s.text.str(t.value)}
		}
		g.Tags = tagBuf[:len(tags):len(tags)]
	}
	return g
}
