package proxy

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/ecs-conformance/ecs-conformance/internal/client"
)

// BenchmarkOverhead is the proxy's cost per request: one plain RPC call
// (a page of ten groups) sent straight to an emulator on loopback, through
// the proxy in live and record mode, and answered by a playback; the
// difference to "direct" is the proxy's overhead (a second loopback hop,
// the contract checks, and in record mode the cassette in memory):
//
//	go test -run '^$' -bench Overhead -benchtime 2000x ./runner/proxy/
func BenchmarkOverhead(b *testing.B) {
	emu := emulatorServer(b)
	params := url.Values{"RegionId": {"cn-hangzhou"}, "MaxResults": {"10"}}
	send := func(b *testing.B, c *client.Client) {
		resp, err := c.Do(context.Background(), client.Request{Action: "DescribeSecurityGroups", Params: params})
		if err != nil || resp.StatusCode != 200 {
			b.Fatalf("%v %v", resp, err)
		}
	}
	keepAlive := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}}
	b.Run("direct", func(b *testing.B) {
		c := signed(b, emu.URL, client.SchemeRPC, keepAlive, realisticSecret)
		for b.Loop() {
			send(b, c)
		}
	})
	for _, mode := range []Mode{ModeLive, ModeRecord} {
		b.Run(string(mode), func(b *testing.B) {
			p, srv := newProxy(b, Options{Mode: mode, Cassettes: b.TempDir(), Upstream: mustURL(b, emu.URL), Recording: "bench"})
			defer p.Close()
			c := signed(b, srv.URL, client.SchemeRPC, keepAlive, realisticSecret)
			for b.Loop() {
				send(b, c)
			}
		})
	}
	b.Run("playback", func(b *testing.B) {
		dir := b.TempDir()
		rp, rsrv := newProxy(b, Options{Mode: ModeRecord, Cassettes: dir, Upstream: mustURL(b, emu.URL), Recording: "bench"})
		send(b, signed(b, rsrv.URL, client.SchemeRPC, keepAlive, realisticSecret))
		rp.Close()
		p, srv := newProxy(b, Options{Mode: ModePlayback, Cassettes: dir, Recording: "bench"})
		c := signed(b, srv.URL, client.SchemeRPC, keepAlive, realisticSecret)
		send(b, c)
		rec := p.active["bench"]
		for b.Loop() {
			// Rewind the one recorded answer: playback answers it once.
			rec.mu.Lock()
			rec.used[0] = false
			rec.mu.Unlock()
			send(b, c)
		}
	})
}
