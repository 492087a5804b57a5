package emulator

import (
	"hash/maphash"
	"sync"
	"time"
)

// nonceCache remembers, per access key, the nonces of accepted requests until
// their timestamp leaves the window: a request replayed after that is
// refused as expired anyway. Memory is bounded: per key a map for lookups and
// a ring in arrival order for eviction, at most capPerKey entries; when the
// ring is full the oldest entry is forgotten.
//
// A nonce is remembered by a 64-bit hash keyed with a random seed, not by
// its text: an entry is 16 bytes in the ring and one map slot of 16 bytes,
// whatever the nonce's length, nothing of the request stays referenced, and
// neither the ring nor the map holds a pointer, so the garbage collector
// never scans them (with strings, it walked every remembered nonce on each
// cycle). Two different nonces share a hash with probability 2^-64: at the
// default cap, one fresh request in about 7·10^13 could be refused as a
// replay; with a random seed no client can aim for that.
type nonceCache struct {
	mu        sync.Mutex
	capPerKey int
	seed      maphash.Seed
	keys      map[string]*nonceRing
}

type nonceEntry struct {
	sum     uint64
	expires int64 // Unix nanoseconds
}

type nonceRing struct {
	seen  map[uint64]int64 // sum → expires
	ring  []nonceEntry     // circular, oldest at head
	head  int
	count int
}

func newNonceCache(capPerKey int) *nonceCache {
	return &nonceCache{capPerKey: capPerKey, seed: maphash.MakeSeed(), keys: map[string]*nonceRing{}}
}

// use records nonce for key and reports whether it was fresh. now is the
// server's clock; expires is when the request's timestamp leaves the window.
func (c *nonceCache) use(key, nonce string, now, expires time.Time) bool {
	sum := maphash.String(c.seed, nonce)
	at, exp := now.UnixNano(), expires.UnixNano()
	c.mu.Lock()
	defer c.mu.Unlock()
	r := c.keys[key]
	if r == nil {
		r = &nonceRing{seen: map[uint64]int64{}}
		c.keys[key] = r
	}
	r.expire(at)
	if e, ok := r.seen[sum]; ok && at <= e {
		return false
	}
	if r.count == len(r.ring) {
		if len(r.ring) >= c.capPerKey {
			r.drop()
		} else {
			r.grow(min(max(2*len(r.ring), 64), c.capPerKey))
		}
	}
	r.ring[(r.head+r.count)%len(r.ring)] = nonceEntry{sum: sum, expires: exp}
	r.count++
	r.seen[sum] = exp
	return true
}

// expire forgets entries at the head whose window has passed. Entries behind
// a younger head wait their turn; lookups check the expiry anyway.
func (r *nonceRing) expire(now int64) {
	for r.count > 0 && now > r.ring[r.head].expires {
		r.drop()
	}
}

// grow reallocates the ring with room for size entries, oldest first.
func (r *nonceRing) grow(size int) {
	ring := make([]nonceEntry, size)
	for i := 0; i < r.count; i++ {
		ring[i] = r.ring[(r.head+i)%len(r.ring)]
	}
	r.ring, r.head = ring, 0
}

// drop forgets the oldest entry; the map keeps a younger entry of the same
// nonce, one accepted again after its first window passed.
func (r *nonceRing) drop() {
	e := r.ring[r.head]
	if exp, ok := r.seen[e.sum]; ok && exp == e.expires {
		delete(r.seen, e.sum)
	}
	r.ring[r.head] = nonceEntry{}
	r.head = (r.head + 1) % len(r.ring)
	r.count--
}

// reset forgets every nonce.
func (c *nonceCache) reset() {
	c.mu.Lock()
	c.keys = map[string]*nonceRing{}
	c.mu.Unlock()
}

// size is the number of nonces remembered, for tests.
func (c *nonceCache) size() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, r := range c.keys {
		n += r.count
	}
	return n
}
