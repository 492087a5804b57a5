package store

import "encoding/binary"

// interner makes equal strings, and equal tag lists, share one copy. Fixture
// files repeat the same VPC IDs, resource groups and tags across thousands
// of groups, and each decoded occurrence is a separate allocation until it
// passes through here. It lives only while a snapshot is built.
type interner struct {
	strs map[string]string
	tags map[string][]Tag
	key  []byte
}

func newInterner() *interner {
	return &interner{strs: map[string]string{}, tags: map[string][]Tag{}}
}

func (in *interner) str(s string) string {
	if s == "" {
		return ""
	}
	if v, ok := in.strs[s]; ok {
		return v
	}
	in.strs[s] = s
	return s
}

// tagList returns a shared list equal to tags, in the same order. The result
// has its capacity clipped so that no append can write into a neighbour.
func (in *interner) tagList(tags []Tag) []Tag {
	if len(tags) == 0 {
		return nil
	}
	// Length-prefixed fields make the key unambiguous whatever the tags hold.
	k := in.key[:0]
	for _, t := range tags {
		k = binary.AppendUvarint(k, uint64(len(t.Key)))
		k = append(k, t.Key...)
		k = binary.AppendUvarint(k, uint64(len(t.Value)))
		k = append(k, t.Value...)
	}
	in.key = k
	if v, ok := in.tags[string(k)]; ok { // no allocation: the compiler spots map[string(bytes)]
		return v
	}
	v := make([]Tag, len(tags))
	for i, t := range tags {
		v[i] = Tag{Key: in.str(t.Key), Value: in.str(t.Value)}
	}
	in.tags[string(k)] = v[:len(v):len(v)]
	return v
}
