package store

import (
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync/atomic"
)

// snapshot is one immutable state of a Memory store. Queries read it without
// locks; Replace builds a new one and swaps the pointer.
type snapshot struct {
	text    *strTable
	tagSets []span    // tag sets, shared by the groups that carry the same tags; 0 is empty
	tagPool []tagRef  // the tags of every set
	rules   []ruleRow // the rules of every group that has any, group after group
	parts   map[partKey]*partition
	regions []string // sorted, unique
	total   int
}

// partKey scopes a partition: a query only ever sees one.
type partKey struct{ account, region string }

// partition holds the groups of one account in one region.
type partition struct {
	account, region string
	// rows is sorted by ID descending. Being sorted, it is also the index
	// by ID: a lookup is a binary search, which costs no memory per group.
	rows []row
	// post numbers each filter value some group has; spans[n] locates in
	// arena the ascending positions of the groups that have value n. A
	// filtered query walks the shortest list that applies instead of every
	// group.
	post  map[postKey]int32
	spans []span
	arena []int32
	// rules locates the rules of the groups that have any.
	rules ruleIndex
	// serial numbers the partition in the process, never reused: with a
	// row's position it makes the row's RowKey.
	serial uint32
}

// partitionSerial hands out partition serials.
var partitionSerial atomic.Uint32

// RowKey names a group as one snapshot of a Memory holds it. Snapshots are
// never changed, and a key is never given to another group while the
// process runs (a store replaced by new fixtures gets new keys), so
// whatever is derived from a group alone, such as its encoding in an
// answer, can be kept under its key.
type RowKey uint64

func rowKey(p *partition, pos int32) RowKey { return RowKey(p.serial)<<32 | RowKey(uint32(pos)) }

var emptySnapshot = &snapshot{text: newStrTable(), tagSets: []span{{}}, parts: map[partKey]*partition{}}

// buildSnapshot validates groups and arranges them for querying. The input
// is neither modified nor retained.
func buildSnapshot(groups []Group) (*snapshot, error) {
	if len(groups) > math.MaxInt32 {
		return nil, fmt.Errorf("store: %d groups; a store holds at most %d", len(groups), math.MaxInt32)
	}
	var errs errorList
	order := validateGroups(groups, func(j int) string { return fmt.Sprintf("groups[%d]", j) }, func(i int, err error) error {
		return fmt.Errorf("store: %s: %w", groupLabel("groups", i, groups[i].ID), err)
	}, &errs)
	if err := errs.err(); err != nil {
		return nil, err
	}
	s := &snapshot{text: newStrTable(), tagSets: []span{{}}, parts: map[partKey]*partition{}}
	sizes := map[partKey]int{}
	rules := 0
	for i := range groups {
		sizes[partKey{groups[i].Account, groups[i].Region}]++
		rules += len(groups[i].Rules)
	}
	s.rules = make([]ruleRow, 0, rules)
	for k, n := range sizes {
		k = partKey{strings.Clone(k.account), strings.Clone(k.region)} // keep nothing of the input
		s.parts[k] = &partition{account: k.account, region: k.region, rows: make([]row, 0, n), serial: partitionSerial.Add(1)}
		s.regions = append(s.regions, k.region)
	}
	// IDs go first, in order, so that the IDs of neighbouring rows are
	// neighbours in memory and a binary search touches few cache lines.
	ids := make([]strRef, len(order))
	for k, i := range order {
		ids[k] = s.text.put(groups[i].ID)
	}
	tagSets := map[string]uint32{}
	var key []byte
	find := byID(groups, order)
	peerName := func(id string) string {
		j, _ := find(id) // validated to exist
		return groups[j].Name
	}
	for k, i := range order {
		g := &groups[i]
		r := row{
			id: ids[k], name: s.text.intern(g.Name), desc: s.text.intern(g.Description),
			vpc: s.text.intern(g.VpcID), rg: s.text.intern(g.ResourceGroupID),
			sec: g.CreationTime.Unix(), nsec: int32(g.CreationTime.Nanosecond()),
			serviceID: g.ServiceID, ecs: g.EcsCount, available: g.AvailableInstanceAmount,
			enterprise: g.Type == TypeEnterprise, managed: g.ServiceManaged,
			innerDrop: g.innerAccessPolicy() == InnerDrop,
		}
		r.tags, key = s.tagSet(g.Tags, tagSets, key)
		p := s.parts[partKey{g.Account, g.Region}]
		r.rules, r.groupToGroup = s.addRules(p, len(p.rows), g, peerName)
		p.rows = append(p.rows, r)
	}
	if s.text.overflow || len(s.tagPool) > math.MaxInt32 || len(s.rules) > math.MaxInt32 {
		return nil, fmt.Errorf("store: the groups hold more text, tags or rules than a store can index (4 GiB); split them across emulators")
	}
	s.text.seal()
	s.tagPool = slices.Clip(s.tagPool)
	s.rules = slices.Clip(s.rules)
	for _, p := range s.parts {
		p.index(s)
	}
	slices.Sort(s.regions)
	s.regions = slices.Compact(s.regions)
	s.total = len(groups)
	return s, nil
}

// tagSet interns a group's tags as a set shared with every group that
// carries the same tags in the same order. key is scratch space, returned
// for reuse.
func (s *snapshot) tagSet(tags []Tag, sets map[string]uint32, key []byte) (uint32, []byte) {
	if len(tags) == 0 {
		return 0, key
	}
	refs := make([]tagRef, len(tags))
	key = key[:0]
	for i, t := range tags {
		refs[i] = tagRef{s.text.intern(t.Key), s.text.intern(t.Value)}
		for _, v := range []uint32{refs[i].key.off, refs[i].key.n, refs[i].value.off, refs[i].value.n} {
			key = binary.LittleEndian.AppendUint32(key, v)
		}
	}
	if id, ok := sets[string(key)]; ok {
		return id, key
	}
	id := uint32(len(s.tagSets))
	s.tagSets = append(s.tagSets, span{int32(len(s.tagPool)), int32(len(refs))})
	s.tagPool = append(s.tagPool, refs...)
	sets[string(key)] = id
	return id, key
}

func (s *snapshot) part(account, region string) *partition {
	return s.parts[partKey{account, region}]
}

// firstBelow returns the position of the first row whose ID sorts after id
// in descending order, that is, the first with an ID lower than id.
func (s *snapshot) firstBelow(p *partition, id string) int {
	i, found := s.find(p, id)
	if found {
		i++
	}
	return i
}

// find returns the position of the row with this ID, or where it would be.
func (s *snapshot) find(p *partition, id string) (int, bool) {
	return slices.BinarySearchFunc(p.rows, id, func(r row, id string) int {
		return strings.Compare(id, s.text.str(r.id)) // reversed: the rows are descending
	})
}
