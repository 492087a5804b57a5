package load

import (
	"runtime"

	"github.com/ecs-conformance/ecs-conformance/emulator"
)

// Heap is the growth of the heap in use caused by building an emulator.
type Heap struct {
	Groups   int
	Delta    int64   // bytes of HeapInuse gained, after garbage collection
	PerGroup float64 // Delta / Groups
}

// HeapPerGroup builds NewEmulator(n) and measures how much the heap in use
// grew once the garbage of building it is collected: the groups as the
// store keeps them, its indexes, and the emulator around them. It returns
// the emulator, still alive, for further measurements. Call it before
// anything else grows the heap, or other live data skews the figure.
func HeapPerGroup(n int) (Heap, *emulator.Server, error) {
	before := heapInuse()
	emu, err := NewEmulator(n)
	if err != nil {
		return Heap{}, nil, err
	}
	after := heapInuse()
	runtime.KeepAlive(emu)
	delta := int64(after) - int64(before)
	return Heap{Groups: n, Delta: delta, PerGroup: float64(delta) / float64(n)}, emu, nil
}

// heapInuse collects all garbage, then reads HeapInuse. Two collections: the
// first may leave objects that finalizers resurrected.
func heapInuse() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}
