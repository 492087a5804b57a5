package emulator

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/ecs-conformance/ecs-conformance/internal/client"
)

// The emulator is compared with a bare net/http handler that writes a
// recorded answer of the same size, both behind the same loopback server and
// the same signing client, so the ratio of their ns/op is the cost of the
// emulator's own work (decoding, verification, validation, store, encoding):
//
//	go test -run '^$' -bench Loopback -benchtime 2s ./emulator/
//	ratio = ns/op(bare) / ns/op(emulator)
func BenchmarkLoopback(b *testing.B) {
	s := newTestServer(b, func(o *Options) { o.NonceCap = 1 << 12; o.Clock = time.Now })
	p := params("RegionId", "cn-hangzhou", "MaxResults", "10")
	recorded := func() []byte {
		rec := httptest.NewRecorder()
		rr := serveRaw(b, newTestServer(b, func(o *Options) { o.DisableAuth = true }), rawRequest{method: "GET", target: "/?Action=DescribeSecurityGroups&" + p.Encode()})
		_ = rec
		return rr.Body.Bytes()
	}()
	bare := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json;charset=utf-8")
		w.Write(recorded)
	})
	for _, tt := range []struct {
		name   string
		h      http.Handler
		scheme client.Scheme
	}{
		{"bare", bare, client.SchemeV3},
		{"emulator-v3", s, client.SchemeV3},
		{"emulator-rpc", s, client.SchemeRPC},
	} {
		b.Run(tt.name, func(b *testing.B) {
			srv := httptest.NewServer(tt.h)
			defer srv.Close()
			c, err := client.New(client.Config{Endpoint: srv.URL, AccessKeyID: DefaultAccessKeyID, AccessKeySecret: DefaultAccessKeySecret,
				Scheme: tt.scheme, HTTPClient: srv.Client()})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				resp, err := c.Do(context.Background(), client.Request{Action: "DescribeSecurityGroups", Params: p})
				if err != nil || resp.StatusCode != 200 {
					b.Fatalf("%v %v", err, resp)
				}
			}
		})
	}
}

// BenchmarkHandler measures the emulator's handler alone, in process, on a
// request that needs no signature (DisableAuth), against a bare handler.
func BenchmarkHandler(b *testing.B) {
	s := newTestServer(b, func(o *Options) { o.DisableAuth = true })
	target := "/?Action=DescribeSecurityGroups&RegionId=cn-hangzhou&MaxResults=10&Tag.1.Key=env"
	body := serveRaw(b, s, rawRequest{method: "GET", target: target}).Body.Bytes()
	bare := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json;charset=utf-8")
		w.Write(body)
	})
	for _, tt := range []struct {
		name string
		h    http.Handler
	}{{"bare", bare}, {"emulator", s}} {
		b.Run(tt.name, func(b *testing.B) {
			r := httptest.NewRequest("GET", target, nil)
			b.ReportAllocs()
			for b.Loop() {
				w := discardWriter{h: http.Header{}}
				tt.h.ServeHTTP(&w, r)
			}
		})
	}
}

type discardWriter struct{ h http.Header }

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) Write(p []byte) (int, error) { return io.Discard.Write(p) }
func (w *discardWriter) WriteHeader(int)             {}
