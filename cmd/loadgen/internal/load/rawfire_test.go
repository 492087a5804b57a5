package load

import (
	"bufio"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ecs-conformance/ecs-conformance/emulator"
	"github.com/ecs-conformance/ecs-conformance/internal/client"
)

func clientScheme(s string) client.Scheme { return client.Scheme(s) }

func TestReadRawResponse(t *testing.T) {
	tests := []struct {
		name       string
		wire       string
		status     int
		keep       bool
		err        error
		restAfter  string // what is left for the next answer
		wantErrAny bool
	}{
		{"content-length", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhelloNEXT", 200, true, nil, "NEXT", false},
		{"chunked with extension and trailer", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n2\r\nde\r\n0\r\nT: v\r\n\r\nNEXT", 200, true, nil, "NEXT", false},
		{"connection close", "HTTP/1.1 400 Bad Request\r\ncontent-length: 2\r\nConnection: close\r\n\r\nnoNEXT", 400, false, nil, "NEXT", false},
		{"no framing", "HTTP/1.1 200 OK\r\n\r\nbody", 200, false, errRawFraming, "", false},
		{"not HTTP", "SSH-2.0-OpenSSH\r\n\r\n", 0, false, errRawStatus, "", false},
		{"bad chunk size", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 0, false, nil, "", true},
		{"cut short", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", 0, false, nil, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			br := bufio.NewReader(strings.NewReader(tt.wire))
			status, keep, err := readRawResponse(br)
			switch {
			case tt.err != nil:
				if !errors.Is(err, tt.err) {
					t.Fatalf("err %v, want %v", err, tt.err)
				}
				return
			case tt.wantErrAny:
				if err == nil {
					t.Fatal("no error")
				}
				return
			case err != nil:
				t.Fatal(err)
			}
			if status != tt.status || keep != tt.keep {
				t.Errorf("status %d keep %v, want %d %v", status, keep, tt.status, tt.keep)
			}
			rest, _ := br.ReadString(0)
			if rest != tt.restAfter {
				t.Errorf("left %q, want %q", rest, tt.restAfter)
			}
		})
	}
}

// TestFireRawEveryRequestAccepted sends pre-signed V3 and RPC requests
// over raw connections to an emulator: each is accepted once, and sent
// again it is a replay (SignatureNonceUsed), which FireRaw counts as an
// error.
func TestFireRawEveryRequestAccepted(t *testing.T) {
	emu, err := emulator.New(emulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := Serve(emu.Handler())
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	for _, scheme := range []string{"v3", "rpc"} {
		t.Run(scheme, func(t *testing.T) {
			s, err := NewSchemeSigner(srv.URL, clientScheme(scheme))
			if err != nil {
				t.Fatal(err)
			}
			reqs, _, err := s.RawBatch(t.Context(), PageParams(10), 200)
			if err != nil {
				t.Fatal(err)
			}
			if r := FireRaw(u.Host, reqs, 4, time.Now().Add(time.Minute)); r.Requests != 200 || r.Errors != 0 {
				t.Fatalf("%d ok, %d failed (%s)", r.Requests, r.Errors, r.FirstError)
			}
			if r := FireRaw(u.Host, reqs[:10], 2, time.Now().Add(time.Minute)); r.Requests != 0 || r.Errors != 10 || r.FirstError != "HTTP 400" {
				t.Fatalf("replayed: %d ok, %d failed (%s); want every one refused", r.Requests, r.Errors, r.FirstError)
			}
		})
	}
}
