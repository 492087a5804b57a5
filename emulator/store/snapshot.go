package store

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// snapshot is one immutable state of a Memory store. Queries read it without
// locks; Replace builds a new one and swaps the pointer.
type snapshot struct {
	parts   map[partKey]*partition
	regions []string // sorted, unique
	total   int
}

// partKey scopes a partition: a query only ever sees one.
type partKey struct{ account, region string }

// partition holds the groups of one account in one region.
type partition struct {
	// groups is sorted by ID descending. Being sorted, it is also the index
	// by ID: a lookup is a binary search, which costs no memory per group.
	groups []Group
	// post numbers each filter value some group has; spans[n] locates in
	// arena the ascending positions of the groups that have value n. A
	// filtered query walks the shortest list that applies instead of every
	// group.
	post  map[postKey]int32
	spans []span
	arena []int32
}

var emptySnapshot = &snapshot{parts: map[partKey]*partition{}}

// buildSnapshot validates groups and arranges them for querying. The input
// is not modified or retained, except for the strings it holds.
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
	sizes := map[partKey]int{}
	for i := range groups {
		sizes[partKey{groups[i].Account, groups[i].Region}]++
	}
	in := newInterner()
	s := &snapshot{parts: make(map[partKey]*partition, len(sizes)), total: len(groups)}
	for k, n := range sizes {
		k = partKey{in.str(k.account), in.str(k.region)}
		s.parts[k] = &partition{groups: make([]Group, 0, n)}
		s.regions = append(s.regions, k.region)
	}
	// Walking the global order fills every partition already sorted.
	for _, i := range order {
		g := groups[i]
		g.Account, g.Region = in.str(g.Account), in.str(g.Region)
		// Names are left alone: mostly unique, interning them costs more
		// time than it saves memory.
		g.Description = in.str(g.Description)
		g.Type, g.VpcID, g.ResourceGroupID = in.str(g.Type), in.str(g.VpcID), in.str(g.ResourceGroupID)
		g.CreationTime = g.CreationTime.UTC()
		g.Tags = in.tagList(g.Tags)
		p := s.parts[partKey{g.Account, g.Region}]
		p.groups = append(p.groups, g)
	}
	for _, p := range s.parts {
		p.index()
	}
	slices.Sort(s.regions)
	s.regions = slices.Compact(s.regions)
	return s, nil
}

func (s *snapshot) part(account, region string) *partition {
	return s.parts[partKey{account, region}]
}

// firstBelow returns the position of the first group whose ID sorts after
// id in descending order, that is, the first with an ID lower than id.
func (p *partition) firstBelow(id string) int {
	i, _ := slices.BinarySearchFunc(p.groups, id, func(g Group, id string) int {
		return cmp.Compare(id, g.ID) // reversed: the slice is descending
	})
	if i < len(p.groups) && p.groups[i].ID == id {
		i++
	}
	return i
}

// find returns the position of the group with this ID.
func (p *partition) find(id string) (int, bool) {
	return slices.BinarySearchFunc(p.groups, id, func(g Group, id string) int {
		return cmp.Compare(id, g.ID)
	})
}
