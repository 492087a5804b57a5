package emulator

import (
	"fmt"
	"reflect"
	"runtime"
	"strings"
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

// TestNonceStoreHoldsNoPointer checks that what a key remembers holds no
// pointer: nothing of a request (an RPC nonce is a substring of its raw
// query, up to 64 KiB) stays alive through it, an entry costs the same
// whatever the nonce's length, and the garbage collector has nothing in it
// to scan.
func TestNonceStoreHoldsNoPointer(t *testing.T) {
	for _, typ := range []reflect.Type{reflect.TypeFor[nonceEntry](), reflect.TypeFor[map[uint64]int64]()} {
		if hasPointers(typ) {
			t.Errorf("%v holds pointers", typ)
		}
	}
	c := newNonceCache(4)
	query := "Padding=" + strings.Repeat("x", 60<<10) + "&SignatureNonce=abc123"
	if !c.use("k", query[len(query)-6:], testNow, testNow.Add(time.Minute)) {
		t.Fatal("fresh nonce refused")
	}
	if c.use("k", strings.Clone("abc123"), testNow, testNow.Add(time.Minute)) {
		t.Fatal("the same nonce in another string was not recognised")
	}
}

// hasPointers reports whether values of typ contain pointers; a map's
// buckets hold its keys and values, so its own pointer is not counted.
func hasPointers(typ reflect.Type) bool {
	switch typ.Kind() {
	case reflect.Map:
		return hasPointers(typ.Key()) || hasPointers(typ.Elem())
	case reflect.Struct:
		for i := range typ.NumField() {
			if hasPointers(typ.Field(i).Type) {
				return true
			}
		}
		return false
	case reflect.Array:
		return hasPointers(typ.Elem())
	case reflect.Pointer, reflect.Slice, reflect.String, reflect.Interface, reflect.Chan, reflect.Func, reflect.UnsafePointer:
		return true
	}
	return false
}

// BenchmarkNonceCacheFull fills one key's cache to DefaultNonceCap with
// nonces of MaxNonceBytes and reports the heap it holds: the memory bound
// per key that the README states (go test -run '^$' -bench NonceCacheFull
// ./emulator/).
func BenchmarkNonceCacheFull(b *testing.B) {
	var perKey float64
	for range b.N {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		c := newNonceCache(DefaultNonceCap)
		pad := strings.Repeat("n", MaxNonceBytes-8)
		for i := range DefaultNonceCap {
			c.use("k", fmt.Sprintf("%s%08d", pad, i), testNow, testNow.Add(time.Hour))
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		perKey = float64(after.HeapAlloc) - float64(before.HeapAlloc)
		runtime.KeepAlive(c)
	}
	b.ReportMetric(perKey/(1<<20), "MiB/key")
	b.ReportMetric(perKey/DefaultNonceCap, "B/nonce")
}
