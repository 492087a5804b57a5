package emulator

import (
	"fmt"
	"testing"
	"time"
)

// TestNonceCache checks single use, per-key scope, expiry after the window
// and the hard cap.
func TestNonceCache(t *testing.T) {
	now := testNow
	window := 15 * time.Minute
	c := newNonceCache(4)
	use := func(key, nonce string, at time.Time) bool { return c.use(key, nonce, at, at.Add(window)) }
	steps := []struct {
		key, nonce string
		at         time.Duration
		fresh      bool
	}{
		{"k1", "a", 0, true},
		{"k1", "a", time.Minute, false},
		{"k2", "a", time.Minute, true},
		{"k1", "a", window + time.Second, true}, // expired: remembered no longer
		{"k1", "a", window + 2*time.Second, false},
	}
	for i, st := range steps {
		if got := use(st.key, st.nonce, now.Add(st.at)); got != st.fresh {
			t.Fatalf("step %d (%s %s +%v): fresh %v, want %v", i, st.key, st.nonce, st.at, got, st.fresh)
		}
	}
	// The cap: the fifth nonce of a key pushes out the oldest.
	c = newNonceCache(4)
	for i := range 5 {
		if !use("k", fmt.Sprint(i), now) {
			t.Fatalf("nonce %d refused", i)
		}
	}
	if c.size() != 4 {
		t.Fatalf("%d nonces remembered, cap 4", c.size())
	}
	if !use("k", "0", now) {
		t.Fatal("the oldest nonce was not forgotten at the cap")
	}
	if use("k", "4", now) {
		t.Fatal("a recent nonce was forgotten")
	}
	// Many nonces over a long time stay within the cap.
	c = newNonceCache(100)
	for i := range 10000 {
		use("k", fmt.Sprint(i), now.Add(time.Duration(i)*time.Second))
	}
	if c.size() > 100 {
		t.Fatalf("%d nonces remembered, cap 100", c.size())
	}
}
