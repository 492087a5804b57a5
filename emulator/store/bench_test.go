package store

import (
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"
)

// Benchmarks of the emulator's latency target: an unfiltered 10-group Page
// with a million groups in a region should cost within 1.5× of the same
// with a thousand, and a group should take at most 1 KiB of heap.
//
//	for n in 1k 100k 1M; do go test -run '^$' -bench "Page|Slice/.*groups=$n\$" -count 5 ./emulator/store/; done
//	go test -run '^$' -bench MemoryPerGroup -benchtime 1x ./emulator/store/

var benchSizes = []struct {
	name string
	n    int
}{{"1k", 1_000}, {"100k", 100_000}, {"1M", 1_000_000}}

// synthetic returns n groups of DefaultAccount in FixtureRegion, shaped like
// real data: random IDs, 8 VPCs and classic groups, 4 resource groups,
// a unique name each, a few descriptions, tags from small vocabularies plus
// an owner tag with a thousand values, 1 in 50 managed.
func synthetic(n int) []Group {
	r := splitmix(uint64(n))
	vpcs := make([]string, 8)
	for i := range vpcs {
		vpcs[i] = fmt.Sprintf("vpc-bp1%018d", i)
	}
	rgs := []string{"rg-acfm0000000000a", "rg-acfm0000000000b", "rg-acfm0000000000c", "rg-acfm0000000000d"}
	descs := []string{"", "web tier", "database", "bastion", "Default security group", "batch jobs", "cache", "monitoring"}
	envs := []string{"prod", "test", "dev"}
	epoch := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
	out := make([]Group, n)
	for i := range out {
		g := &out[i]
		// 11 random characters then the index in base 36 keep IDs unique and unordered.
		g.ID = fmt.Sprintf("sg-bp1%s%06s", r.alnum(11), fmt.Sprintf("%x", i))
		g.Account, g.Region = DefaultAccount, FixtureRegion
		g.Name = fmt.Sprintf("node-%d", i)
		g.Description = descs[r.intn(len(descs))]
		g.Type = TypeNormal
		if r.intn(4) == 0 {
			g.Type = TypeEnterprise
		}
		if r.intn(20) != 0 {
			g.VpcID = vpcs[r.intn(len(vpcs))]
		}
		g.ResourceGroupID = rgs[r.intn(len(rgs))]
		g.CreationTime = epoch.Add(time.Duration(r.intn(1e8)) * time.Second)
		if r.intn(50) == 0 {
			g.ServiceManaged, g.ServiceID = true, 12345678910
		}
		g.RuleCount = int32(r.intn(100))
		g.Tags = []Tag{{Key: "env", Value: envs[r.intn(3)]}, {Key: "team", Value: fmt.Sprintf("team-%d", r.intn(10))}}
		if r.intn(4) == 0 {
			g.Tags = append(g.Tags, Tag{Key: "owner", Value: fmt.Sprintf("user-%d", r.intn(1000))})
		}
	}
	return out
}

type splitmixState struct{ s uint64 }

func splitmix(seed uint64) *splitmixState { return &splitmixState{seed} }

func (r *splitmixState) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func (r *splitmixState) intn(n int) int { return int(r.next() % uint64(n)) }

func (r *splitmixState) alnum(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = "0123456789abcdefghijklmnopqrstuvwxyz"[r.intn(36)]
	}
	return string(b)
}

// benchCache holds the store of one size: a million-group store takes
// seconds to build, and the benchmark functions run several times. Only one
// size is alive at a time, so that each size is measured with its own heap,
// as an emulator holding that many groups would be: the collector's work
// grows with the heap, and a small store must not pay for a large one.
// Select one size (-bench 'Page/groups=1M') to build it only once.
var benchCache struct {
	sync.Mutex
	n int
	m *Memory
}

func benchStore(b *testing.B, n int) *Memory {
	b.Helper()
	benchCache.Lock()
	defer benchCache.Unlock()
	if benchCache.n != n {
		benchCache.m = nil
		runtime.GC()
		m, err := NewMemory(synthetic(n))
		if err != nil {
			b.Fatal(err)
		}
		benchCache.n, benchCache.m = n, m
		runtime.GC() // the build's garbage, collected outside any measurement
	}
	return benchCache.m
}

// midID returns the ID in the middle of q's result, where a token walk
// would be halfway through.
func midID(b *testing.B, m *Memory, q Query) string {
	b.Helper()
	_, total := m.Slice(q, 0, 0)
	g, _ := m.Slice(q, total/2, 1)
	if len(g) != 1 {
		b.Fatalf("no group halfway through %d", total)
	}
	return g[0].ID
}

// spreadIDs returns n IDs spread evenly through q's result, for a
// benchmark whose every Page starts somewhere else and so meets a cold cache
// as a busy emulator would.
func spreadIDs(b *testing.B, m *Memory, q Query, n int) []string {
	b.Helper()
	_, total := m.Slice(q, 0, 0)
	out := make([]string, n)
	for i := range out {
		g, _ := m.Slice(q, (total-20)*i/n, 1)
		out[i] = g[0].ID
	}
	return out
}

func benchPage(b *testing.B, q Query) {
	for _, size := range benchSizes {
		b.Run("groups="+size.name, func(b *testing.B) {
			m := benchStore(b, size.n)
			q.Account, q.Region = DefaultAccount, FixtureRegion
			after := midID(b, m, q)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if g, more := m.Page(q, after, 10); len(g) != 10 || !more {
					b.Fatalf("Page returned %d groups, more=%v", len(g), more)
				}
			}
		})
	}
}

// BenchmarkPage is the latency target: unfiltered, MaxResults 10, from the
// middle of the region.
func BenchmarkPage(b *testing.B) { benchPage(b, Query{}) }

// BenchmarkPageSpread is BenchmarkPage starting each page at another of
// 4096 places spread through the region, which defeats the CPU cache that
// a fixed starting point keeps warm.
func BenchmarkPageSpread(b *testing.B) {
	for _, size := range benchSizes {
		b.Run("groups="+size.name, func(b *testing.B) {
			m := benchStore(b, size.n)
			q := Query{Account: DefaultAccount, Region: FixtureRegion}
			starts := spreadIDs(b, m, q, 4096)
			b.ReportAllocs()
			b.ResetTimer()
			i := 0
			for b.Loop() {
				if g, _ := m.Page(q, starts[i%len(starts)], 10); len(g) != 10 {
					b.Fatalf("Page returned %d groups", len(g))
				}
				i++
			}
		})
	}
}

// BenchmarkPageFiltered walks a posting list: one VPC of eight, one tag
// value of three.
func BenchmarkPageFiltered(b *testing.B) {
	benchPage(b, Query{VpcID: "vpc-bp1000000000000000003", Tags: []TagFilter{{Key: "env", Value: "prod"}}})
}

// BenchmarkPageFilteredScan uses filters no posting list serves, so the
// groups themselves are scanned.
func BenchmarkPageFilteredScan(b *testing.B) {
	benchPage(b, Query{Type: TypeEnterprise, Network: NetworkVPC, ServiceManaged: ptr(false)})
}

// BenchmarkSliceTotal is page-number paging, which must count every
// match: free with one indexed filter, a walk of the shortest posting list
// with several.
func BenchmarkSliceTotal(b *testing.B) {
	for _, f := range []struct {
		name string
		q    Query
	}{
		{"one-filter", Query{VpcID: "vpc-bp1000000000000000003"}},
		{"two-filters", Query{Tags: []TagFilter{{Key: "env", Value: "prod"}}, Type: TypeNormal}},
	} {
		for _, size := range benchSizes {
			b.Run(f.name+"/groups="+size.name, func(b *testing.B) {
				m := benchStore(b, size.n)
				q := f.q
				q.Account, q.Region = DefaultAccount, FixtureRegion
				b.ReportAllocs()
				b.ResetTimer()
				for b.Loop() {
					if g, total := m.Slice(q, 20, 10); len(g) != 10 || total < size.n/10 {
						b.Fatalf("Slice returned %d groups of %d", len(g), total)
					}
				}
			})
		}
	}
}

// BenchmarkMemoryPerGroup reports the heap a million-group store holds per
// group (HeapInuse after the build, input dropped, minus before) as
// heap-B/group. Run it with -benchtime 1x: each iteration builds a store.
func BenchmarkMemoryPerGroup(b *testing.B) {
	const n = 1_000_000
	var perGroup float64
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		m, err := NewMemory(synthetic(n)) // the input is garbage once built
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		perGroup = float64(after.HeapInuse-before.HeapInuse) / n
		runtime.KeepAlive(m)
	}
	b.ReportMetric(perGroup, "heap-B/group")
}
