package emulator

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/ecs-conformance/ecs-conformance/internal/client"
	"github.com/ecs-conformance/ecs-conformance/internal/fastslog"
)

// BenchmarkServe measures the emulator's whole handler in process, as a
// server runs it: requests parsed from their wire bytes by net/http's own
// parser before the timer starts (each signed with a nonce of its own), a
// fresh header map per answer as net/http gives, the answer written to a
// discarding writer. "logged" adds the request log, formatted by slog's
// text handler into a discarding writer: the formatting is timed, the
// write to a file is not. On a shared machine read cpu-ns/op (the process's
// CPU time per request, garbage collection included) rather than ns/op.
//
//	go test -run '^$' -bench 'Serve$' -benchmem ./emulator/
func BenchmarkServe(b *testing.B) {
	for _, tt := range []struct {
		name   string
		scheme client.Scheme
		edit   func(*Options)
	}{
		{"v3", client.SchemeV3, nil},
		{"v3-logged", client.SchemeV3, func(o *Options) { o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil)) }},
		{"v3-logged-fast", client.SchemeV3, func(o *Options) { o.Logger = slog.New(fastslog.New(io.Discard, false)) }},
		{"rpc", client.SchemeRPC, nil},
		{"no-auth", client.SchemeV3, func(o *Options) { o.DisableAuth = true }},
	} {
		b.Run(tt.name, func(b *testing.B) {
			s := newTestServer(b, tt.edit)
			w := &benchWriter{}
			b.ReportAllocs()
			var cpu time.Duration
			for done := 0; done < b.N; {
				// Signed and parsed a batch at a time, outside the timer: all
				// b.N requests held at once were a heap of hundreds of MiB
				// that the collector walked on every cycle, timed as the
				// handler's cost although a server holds one request a
				// connection.
				b.StopTimer()
				reqs := presignedRequests(b, s, tt.scheme, min(serveBatch, b.N-done))
				b.StartTimer()
				start := processCPU()
				for i, r := range reqs {
					w.reset()
					s.ServeHTTP(w, r)
					if w.status != http.StatusOK {
						b.Fatalf("request %d: %d %s", done+i, w.status, w.body.Bytes())
					}
				}
				cpu += processCPU() - start
				done += len(reqs)
			}
			b.ReportMetric(float64(cpu)/float64(b.N), "cpu-ns/op")
		})
	}
}

// serveBatch is how many requests BenchmarkServe prepares at a time.
const serveBatch = 1024

// presignedRequests signs n DescribeSecurityGroups requests (MaxResults
// 10) and parses each from its wire bytes, as a server receives it.
func presignedRequests(b *testing.B, s *Server, scheme client.Scheme, n int) []*http.Request {
	b.Helper()
	c, err := client.New(client.Config{Endpoint: "http://127.0.0.1:8080", AccessKeyID: DefaultAccessKeyID,
		AccessKeySecret: DefaultAccessKeySecret, Scheme: scheme, Clock: func() time.Time { return testNow }})
	if err != nil {
		b.Fatal(err)
	}
	p := url.Values{"RegionId": {"cn-hangzhou"}, "MaxResults": {"10"}}
	reqs := make([]*http.Request, n)
	var buf bytes.Buffer
	for i := range reqs {
		r, err := c.NewHTTPRequest(context.Background(), client.Request{Action: "DescribeSecurityGroups", Params: p})
		if err != nil {
			b.Fatal(err)
		}
		buf.Reset()
		r.Write(&buf)
		if reqs[i], err = http.ReadRequest(bufio.NewReader(&buf)); err != nil {
			b.Fatal(err)
		}
		reqs[i].RemoteAddr = "127.0.0.1:1"
	}
	return reqs
}

// benchWriter is a ResponseWriter that keeps the last answer.
type benchWriter struct {
	h      http.Header
	status int
	body   bytes.Buffer
}

func (w *benchWriter) reset() {
	w.h, w.status = http.Header{}, 0
	w.body.Reset()
}

func (w *benchWriter) Header() http.Header { return w.h }

func (w *benchWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.body.Write(p)
}

func (w *benchWriter) WriteHeader(status int) { w.status = status }
