package store

import (
	"hash/maphash"
	"math"
	"unsafe"
)

// strRef locates a string in a strTable. The zero value is the empty string.
type strRef struct{ off, n uint32 }

// strTable stores the strings of a snapshot in one byte slice and finds
// them again through an open-addressing hash table of strRefs. Neither
// holds a pointer, so the garbage collector never scans them however many
// groups there are; with strings and slices in every group, scanning a
// million of them made each collection, and so every allocation of the
// emulator, pay for the store's size.
//
// Interned strings are stored once, so two equal interned strings have
// equal refs and filters compare refs instead of text. Strings added with
// put (IDs, unique anyway) are stored but not findable.
type strTable struct {
	seed     maphash.Seed
	bytes    []byte
	slots    []strRef // length a power of two; a zero slot is empty
	used     int
	overflow bool // more than 4 GiB of text; the build fails
}

func newStrTable() *strTable { return &strTable{seed: maphash.MakeSeed()} }

// str returns the string r locates, without copying: the bytes are never
// written again once the snapshot is built.
func (t *strTable) str(r strRef) string {
	if r.n == 0 {
		return ""
	}
	return unsafe.String(&t.bytes[r.off], int(r.n))
}

// put stores s without making it findable.
func (t *strTable) put(s string) strRef {
	if s == "" {
		return strRef{}
	}
	if len(t.bytes)+len(s) > math.MaxUint32 {
		t.overflow = true
		return strRef{}
	}
	r := strRef{uint32(len(t.bytes)), uint32(len(s))}
	t.bytes = append(t.bytes, s...)
	return r
}

// intern returns the ref of s, storing it the first time.
func (t *strTable) intern(s string) strRef {
	if s == "" {
		return strRef{}
	}
	if 2*(t.used+1) > len(t.slots) {
		t.grow()
	}
	i := t.probe(s)
	if t.slots[i].n == 0 {
		t.slots[i] = t.put(s)
		t.used++
	}
	return t.slots[i]
}

// find returns the ref of an interned s; false means no group holds s.
func (t *strTable) find(s string) (strRef, bool) {
	if s == "" {
		return strRef{}, true
	}
	if len(t.slots) == 0 {
		return strRef{}, false
	}
	r := t.slots[t.probe(s)]
	return r, r.n != 0
}

// probe returns the slot holding s, or the empty slot where it belongs.
func (t *strTable) probe(s string) int {
	mask := len(t.slots) - 1
	for i := int(maphash.String(t.seed, s)) & mask; ; i = (i + 1) & mask {
		if r := t.slots[i]; r.n == 0 || t.str(r) == s {
			return i
		}
	}
}

func (t *strTable) grow() {
	old := t.slots
	t.slots = make([]strRef, max(64, 2*len(old)))
	for _, r := range old {
		if r.n != 0 {
			t.slots[t.probe(t.str(r))] = r
		}
	}
}

// seal trims the byte slice to its length: the build is over and no byte
// will be added.
func (t *strTable) seal() {
	if cap(t.bytes) > len(t.bytes) {
		t.bytes = append(make([]byte, 0, len(t.bytes)), t.bytes...)
	}
}
