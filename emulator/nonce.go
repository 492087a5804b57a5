package emulator

import (
	"strings"
	"sync"
	"time"
)

// nonceCache remembers, per access key, the nonces of accepted requests until
// their timestamp leaves the window: a request replayed after that is
// refused as expired anyway. Memory is bounded: per key a map for lookups and
// a ring in arrival order for eviction, at most capPerKey entries; when the
// ring is full the oldest entry is forgotten.
type nonceCache struct {
	mu        sync.Mutex
	capPerKey int
	keys      map[string]*nonceRing
}

type nonceEntry struct {
	nonce   string
	expires time.Time
}

type nonceRing struct {
	seen  map[string]time.Time
	ring  []nonceEntry // circular, oldest at head
	head  int
	count int
}

func newNonceCache(capPerKey int) *nonceCache {
	return &nonceCache{capPerKey: capPerKey, keys: map[string]*nonceRing{}}
}

// use records nonce for key and reports whether it was fresh. now is the
// server's clock; expires is when the request's timestamp leaves the window.
func (c *nonceCache) use(key, nonce string, now, expires time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	r := c.keys[key]
	if r == nil {
		r = &nonceRing{seen: map[string]time.Time{}}
		c.keys[key] = r
	}
	r.expire(now)
	if exp, ok := r.seen[nonce]; ok && !now.After(exp) {
		return false
	}
	if r.count == len(r.ring) {
		if len(r.ring) >= c.capPerKey {
			r.drop()
		} else {
			r.grow(min(max(2*len(r.ring), 64), c.capPerKey))
		}
	}
	// The nonce is a substring of the request (its raw query, for RPC):
	// stored as it is, it would keep the whole request alive.
	nonce = strings.Clone(nonce)
	r.ring[(r.head+r.count)%len(r.ring)] = nonceEntry{nonce: nonce, expires: expires}
	r.count++
	r.seen[nonce] = expires
	return true
}

// expire forgets entries at the head whose window has passed. Entries behind
// a younger head wait their turn; lookups check the expiry anyway.
func (r *nonceRing) expire(now time.Time) {
	for r.count > 0 && now.After(r.ring[r.head].expires) {
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

func (r *nonceRing) drop() {
	e := r.ring[r.head]
	if exp, ok := r.seen[e.nonce]; ok && exp.Equal(e.expires) {
		delete(r.seen, e.nonce)
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
