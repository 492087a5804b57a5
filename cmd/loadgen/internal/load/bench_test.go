package load

import (
	"context"
	"io"
	"net/http"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ecs-conformance/ecs-conformance/emulator"
)

// Benchmarks of the same figures cmd/loadgen prints, for go test -bench:
//
//	go test -run '^$' -bench 'DescribeV3|BareHandler|SignV3' -benchtime 20000x ./cmd/loadgen/...
//	go test -run '^$' -bench PageLatency -benchtime 20000x ./cmd/loadgen/...
//	go test -run '^$' -bench HeapPerGroup -benchtime 1x ./cmd/loadgen/...
//
// The loopback benchmarks keep 2 × GOMAXPROCS requests in flight, like
// cmd/loadgen's default, and sign every request before the timer starts;
// BenchmarkDescribeV3 reports that signing cost as sign-ns/op.

// loopbackTargets serves a default emulator and a bare handler answering
// with its bytes, for one benchmark.
func loopbackTargets(b *testing.B) (emu, bare *target) {
	b.Helper()
	conc := 2 * runtime.GOMAXPROCS(0)
	e, err := emulator.New(emulator.Options{})
	if err != nil {
		b.Fatal(err)
	}
	if emu, err = newTarget(e.Handler(), conc); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { emu.close() })
	req, err := emu.signer.Request(context.Background(), PageParams(10))
	if err != nil {
		b.Fatal(err)
	}
	captured, err := Capture(emu.hc, req)
	if err != nil {
		b.Fatal(err)
	}
	if bare, err = newTarget(BareHandler(captured), conc); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { bare.close() })
	return emu, bare
}

// benchLoopback sends b.N presigned requests to t with 2 × GOMAXPROCS in
// flight; every answer must be a 200.
func benchLoopback(b *testing.B, t *target) {
	reqs, signing, err := t.signer.Batch(context.Background(), PageParams(10), b.N)
	if err != nil {
		b.Fatal(err)
	}
	var next atomic.Int64
	var failed atomic.Int64
	b.ReportAllocs()
	b.SetParallelism(2)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			resp, err := t.hc.Do(reqs[next.Add(1)-1])
			if err != nil {
				failed.Add(1)
				continue
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				failed.Add(1)
			}
		}
	})
	b.StopTimer()
	if n := failed.Load(); n > 0 {
		b.Fatalf("%d of %d requests failed", n, b.N)
	}
	b.ReportMetric(float64(signing.Nanoseconds())/float64(b.N), "sign-ns/op")
}

// BenchmarkDescribeV3 is the emulator's side of the throughput ratio.
func BenchmarkDescribeV3(b *testing.B) {
	emu, _ := loopbackTargets(b)
	benchLoopback(b, emu)
}

// BenchmarkBareHandler is the floor: net/http and loopback serving the
// same bytes, with the same client and the same signed requests.
func BenchmarkBareHandler(b *testing.B) {
	_, bare := loopbackTargets(b)
	benchLoopback(b, bare)
}

// BenchmarkSignV3 is the cost of building one signed request, which the
// loopback benchmarks pay before their timer starts.
func BenchmarkSignV3(b *testing.B) {
	s, err := NewSigner("http://127.0.0.1:1")
	if err != nil {
		b.Fatal(err)
	}
	params := PageParams(10)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Request(context.Background(), params); err != nil {
			b.Fatal(err)
		}
	}
}

var latencySizes = []struct {
	name string
	n    int
}{{"1k", 1_000}, {"100k", 100_000}, {"1M", 1_000_000}}

// latencyEmulators builds every size once per process, all before the first
// measurement, so that each size runs with the same heap and the same
// garbage-collection rhythm.
var latencyEmulators = sync.OnceValues(func() (map[int]*emulator.Server, error) {
	out := map[int]*emulator.Server{}
	for _, s := range latencySizes {
		emu, err := NewEmulator(s.n)
		if err != nil {
			return nil, err
		}
		out[s.n] = emu
	}
	runtime.GC()
	return out, nil
})

// BenchmarkPageLatency times one page (MaxResults 10) in process through
// the emulator's handler, V3 verified, starting at 4096 places spread over
// the region; ns/op is the mean page latency per size.
func BenchmarkPageLatency(b *testing.B) {
	emus, err := latencyEmulators()
	if err != nil {
		b.Fatal(err)
	}
	for _, s := range latencySizes {
		b.Run("groups="+s.name, func(b *testing.B) {
			p, err := newPager(context.Background(), emus[s.n], LatencyConfig{MaxResults: 10, Starts: 4096})
			if err != nil {
				b.Fatal(err)
			}
			starts, err := p.startTokens(s.n)
			if err != nil {
				b.Fatal(err)
			}
			reqs := make([]*http.Request, b.N)
			for i := range reqs {
				if reqs[i], err = p.prepare(10, startAt(starts, i)); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				p.rec.reset()
				p.h.ServeHTTP(p.rec, reqs[i])
				if p.rec.status != http.StatusOK {
					b.Fatalf("page %d: status %d: %.200s", i, p.rec.status, p.rec.body)
				}
			}
		})
	}
}

// BenchmarkHeapPerGroup reports the heap in use per group of an emulator
// holding a million synthetic groups (B/group); run it with -benchtime 1x
// in a process of its own, as other benchmarks' data would count too.
func BenchmarkHeapPerGroup(b *testing.B) {
	const n = 1_000_000
	start := time.Now()
	h, emu, err := HeapPerGroup(n)
	if err != nil {
		b.Fatal(err)
	}
	runtime.KeepAlive(emu)
	b.ReportMetric(h.PerGroup, "B/group")
	b.ReportMetric(float64(h.Delta)/(1<<20), "MiB")
	b.Logf("%d groups built and measured in %v", n, time.Since(start).Round(time.Millisecond))
}
