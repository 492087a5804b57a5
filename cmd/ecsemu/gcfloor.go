package main

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// heapGoalFloor is the least heap the garbage collector is left to grow to
// before it collects, where Go's default is 4 MiB (GOGC=100).
//
// ecsemu's live heap is small, a few MiB with the default fixture, while
// each request allocates about 6 KiB (most of it net/http's), so with the
// default it collected every ~700 requests, and every collection stops
// the world twice. On a machine with more runnable threads than cores a
// stop waits for a descheduled thread: under load tests gctrace showed
// about 1 ms per stop, 8-19 µs of stopped world per request, which made
// -no-auth (no nonce ring, the smallest heap) slower than V3. At 16 MiB it
// collects every ~3,000 requests for 10 MiB more resident memory; a live
// heap above half the floor (the nonces of a busy key, a large fixture)
// gets Go's default GOGC=100 back.
const heapGoalFloor = 16 << 20

// defaultHeapMinimum is the runtime's heap goal floor at GOGC=100; it scales
// with GOGC (4 MiB × GOGC/100).
const defaultHeapMinimum = 4 << 20

// keepHeapGoalAbove adjusts GOGC after every collection so that the next
// heap goal is about max(floor, 2 × live heap). It is not installed when
// GOGC is set in the environment: then the operator's choice stands.
func keepHeapGoalAbove(floor uint64) {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	last := 100
	var arm func()
	arm = func() {
		// A finalizer runs once after the collection that finds its object
		// unreachable: re-armed each time, it runs after every collection.
		runtime.SetFinalizer(&gcSentinel{}, func(*gcSentinel) {
			metrics.Read(sample)
			if sample[0].Value.Kind() == metrics.KindUint64 {
				if p := gcPercentFor(sample[0].Value.Uint64(), floor); p != last {
					debug.SetGCPercent(p)
					last = p
				}
			}
			arm()
		})
	}
	arm()
}

// gcSentinel is big enough (16 bytes, a pointer) to get an allocation of its
// own: the tiny allocator batches smaller pointer-free objects, whose
// finalizers may never run.
type gcSentinel struct {
	_ *byte
	_ uint64
}

// gcPercentFor is the GOGC that makes the heap goal of a live heap about
// floor: live × (1 + GOGC/100) = floor, no less than 100 (Go's default)
// and no more than the GOGC whose own minimum heap (4 MiB × GOGC/100) is
// floor, which then sets the goal for the smallest heaps.
func gcPercentFor(live, floor uint64) int {
	hi := int(floor * 100 / defaultHeapMinimum)
	if live == 0 {
		return hi
	}
	if 2*live >= floor {
		return 100
	}
	return min(int((floor-live)*100/live), hi)
}
