package sdktest_test

import (
	"net"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ecs-conformance/ecs-conformance/emulator"
)

// loopback is an emulator served on 127.0.0.1 for the duration of a test.
type loopback struct {
	emu *emulator.Server
	// URL is "http://127.0.0.1:PORT"; HostPort is "127.0.0.1:PORT", the form
	// the SDKs take as Endpoint (they prepend the scheme themselves).
	URL, HostPort string
}

// serve starts an emulator built from opts on a fresh loopback port and
// stops it when the test ends.
func serve(t testing.TB, opts emulator.Options) *loopback {
	t.Helper()
	emu, err := emulator.New(opts)
	if err != nil {
		t.Fatalf("emulator.New: %v", err)
	}
	// An explicit IPv4 loopback listener: httptest would fall back to [::1]
	// on a host without IPv4, and the SDK endpoints are written as IPv4 here.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listening on 127.0.0.1: %v", err)
	}
	srv := httptest.NewUnstartedServer(emu.Handler())
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	return &loopback{emu: emu, URL: srv.URL, HostPort: strings.TrimPrefix(srv.URL, "http://")}
}
