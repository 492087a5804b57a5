package httpserve

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// countingListener counts the writes of its connections: what the kernel
// gets as separate system calls.
type countingListener struct {
	net.Listener
	writes atomic.Int64
}

func (l *countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &countingConn{Conn: c, n: &l.writes}, nil
}

type countingConn struct {
	net.Conn
	n *atomic.Int64
}

// Write counts before it writes: a client that has read the bytes finds
// the write counted.
func (c *countingConn) Write(p []byte) (int, error) {
	c.n.Add(1)
	return c.Conn.Write(p)
}

// startCounting serves c on a loopback port whose writes are counted.
func startCounting(t *testing.T, c Config) (*Server, *countingListener) {
	t.Helper()
	l := c.Limits.withDefaults()
	raw, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln := &countingListener{Listener: raw}
	s := serverOn(c, l, ln)
	serveUntilCleanup(t, s)
	return s, ln
}

// sized answers GET /N with N bytes of a known pattern, framed by
// Content-Length, written 16 KiB at a time; /chunked/N without the length,
// so net/http chunks it.
func sized(w http.ResponseWriter, r *http.Request) {
	path := strings.TrimPrefix(r.URL.Path, "/")
	chunked := strings.HasPrefix(path, "chunked/")
	n, err := strconv.Atoi(strings.TrimPrefix(path, "chunked/"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if !chunked {
		w.Header().Set("Content-Length", strconv.Itoa(n))
	}
	for b := pattern(n); len(b) > 0; {
		k := min(len(b), 16<<10)
		w.Write(b[:k])
		b = b[k:]
	}
}

func pattern(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = 'a' + byte(i%26)
	}
	return b
}

// TestAnswersInOneWrite sends requests over one keep-alive connection and
// counts the server's writes per answer: one for any answer up to the
// hold limit, and net/http's own pieces with SplitWrites.
func TestAnswersInOneWrite(t *testing.T) {
	cases := []struct {
		path      string
		split     bool
		min, max  int64 // writes the answer may take
		method    string
		bodyBytes int
	}{
		{path: "/0", min: 1, max: 1, bodyBytes: 0},
		{path: "/10", min: 1, max: 1, bodyBytes: 10},
		{path: "/4621", min: 1, max: 1, bodyBytes: 4621}, // a page of ten groups
		{path: "/40000", min: 1, max: 1, bodyBytes: 40000},
		{path: "/chunked/20000", min: 1, max: 1, bodyBytes: 20000},
		{path: "/4621", method: http.MethodHead, min: 1, max: 1},
		// Past the hold limit the answer goes out as it is written: in a
		// few large writes, none left waiting for the end.
		{path: "/300000", min: 2, max: 300000/holdLimit + 2, bodyBytes: 300000},
		// What net/http does alone: its 4 KiB buffer, then the rest.
		{path: "/4621", split: true, min: 2, max: 2, bodyBytes: 4621},
	}
	for _, split := range []bool{false, true} {
		s, ln := startCounting(t, Config{Handler: http.HandlerFunc(sized), SplitWrites: split})
		conn, err := net.Dial("tcp", s.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		br := bufio.NewReader(conn)
		for _, c := range cases {
			if c.split != split {
				continue
			}
			method := c.method
			if method == "" {
				method = http.MethodGet
			}
			before := ln.writes.Load()
			fmt.Fprintf(conn, "%s %s HTTP/1.1\r\nHost: x\r\n\r\n", method, c.path)
			req, _ := http.NewRequest(method, c.path, nil)
			resp, err := http.ReadResponse(br, req)
			if err != nil {
				t.Fatalf("%s %s: %v", method, c.path, err)
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil || !bytes.Equal(body, pattern(c.bodyBytes)) {
				t.Fatalf("%s %s (split %v): %d bytes, %v; want the %d-byte pattern", method, c.path, split, len(body), err, c.bodyBytes)
			}
			if n := ln.writes.Load() - before; n < c.min || n > c.max {
				t.Errorf("%s %s (split %v): %d writes, want %d to %d", method, c.path, split, n, c.min, c.max)
			}
		}
	}
}

// TestFlushSendsHeldBytes: a handler that flushes has its bytes on the wire
// before it goes on; here it waits for the client to have read the first
// part, which never happens if the hold keeps it.
func TestFlushSendsHeldBytes(t *testing.T) {
	got := make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "first\n")
		if err := http.NewResponseController(w).Flush(); err != nil {
			t.Errorf("Flush: %v", err)
		}
		select {
		case <-got:
		case <-time.After(5 * time.Second):
			t.Error("the client did not get the flushed part")
		}
		io.WriteString(w, "second\n")
		w.(http.Flusher).Flush()
	})
	s, _ := startCounting(t, Config{Handler: h})
	resp, err := http.Get(s.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	br := bufio.NewReader(resp.Body)
	if line, err := br.ReadString('\n'); line != "first\n" {
		t.Fatalf("first line %q, %v", line, err)
	}
	close(got)
	if rest, err := io.ReadAll(br); string(rest) != "second\n" || err != nil {
		t.Fatalf("rest %q, %v", rest, err)
	}
}

// TestExpectContinueNotHeld: the interim 100 Continue reaches a client
// that waits for it before it sends the body.
func TestExpectContinueNotHeld(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		fmt.Fprintf(w, "got %s", b)
	})
	s, _ := startCounting(t, Config{Handler: h})
	conn, err := net.Dial("tcp", s.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	br := bufio.NewReader(conn)
	line, err := br.ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "HTTP/1.1 100") {
		t.Fatalf("before the body: %q, %v; want 100 Continue", line, err)
	}
	br.ReadString('\n') // the blank line that ends the interim answer
	io.WriteString(conn, "hello")
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := io.ReadAll(resp.Body); string(b) != "got hello" {
		t.Fatalf("answer %q", b)
	}
}

// TestHeldAnswerUnderWriteTimeout: a client that never reads cannot hold
// the handler: past the hold limit the writes meet the write deadline, the
// handler sees the error and the connection is closed.
func TestHeldAnswerUnderWriteTimeout(t *testing.T) {
	werr := make(chan error, 1)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		chunk := pattern(32 << 10)
		for range 2048 { // 64 MiB, far more than the socket buffers
			if _, err := w.Write(chunk); err != nil {
				werr <- err
				return
			}
		}
		werr <- nil
	})
	s, _ := startCounting(t, Config{Handler: h, Limits: Limits{WriteTimeout: 300 * time.Millisecond}})
	conn, err := net.Dial("tcp", s.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	select {
	case err := <-werr:
		if err == nil {
			t.Fatal("64 MiB written to a client that reads nothing")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the handler was still writing 10 s after the write timeout")
	}
	closedWithin(t, conn, 10*time.Second)
}

// TestHeldAnswersOverTLS: HTTP/1.1 over TLS has its records coalesced as
// well, and HTTP/2 (not held: its frames interleave streams) still works.
func TestHeldAnswersOverTLS(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "tls")
	conf, caPath, err := TLSFlags{SelfSignedDir: dir}.Config("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	pem, _ := os.ReadFile(caPath)
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	s, ln := startCounting(t, Config{Handler: http.HandlerFunc(sized), TLS: conf})
	for _, h2 := range []bool{false, true} {
		tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}, ForceAttemptHTTP2: h2}
		if !h2 {
			tr.TLSNextProto = map[string]func(string, *tls.Conn) http.RoundTripper{}
		}
		client := &http.Client{Transport: tr}
		get := func() (int64, *http.Response) {
			before := ln.writes.Load()
			resp, err := client.Get(s.URL() + "/4621")
			if err != nil {
				t.Fatalf("h2 %v: %v", h2, err)
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil || !bytes.Equal(body, pattern(4621)) {
				t.Fatalf("h2 %v: %d bytes, %v", h2, len(body), err)
			}
			return ln.writes.Load() - before, resp
		}
		get() // the handshake's writes
		n, resp := get()
		if resp.ProtoMajor != map[bool]int{false: 1, true: 2}[h2] {
			t.Fatalf("h2 %v: served as %s", h2, resp.Proto)
		}
		if !h2 && n != 1 {
			t.Errorf("HTTP/1.1 over TLS: %d writes for one answer, want 1", n)
		}
		tr.CloseIdleConnections()
	}
}

// TestHeldWriteErrorCloses: once a held write fails, later writes return
// the error instead of pretending to succeed.
func TestHeldWriteErrorCloses(t *testing.T) {
	a, b := net.Pipe()
	b.Close()
	c := &holdConn{Conn: a}
	c.hold()
	if n, err := c.Write([]byte("held")); n != 4 || err != nil {
		t.Fatalf("held write: %d, %v", n, err)
	}
	if err := c.send(); err == nil {
		t.Fatal("send to a closed peer succeeded")
	}
	if _, err := c.Write([]byte("more")); err == nil || !errors.Is(err, io.ErrClosedPipe) {
		t.Fatalf("write after a failed send: %v", err)
	}
}

// TestCloseCutsBlockedWrite: Server.Close ends a connection whose answer is
// stuck on a client that reads nothing at once, as net/http alone does,
// instead of waiting for the write deadline.
func TestCloseCutsBlockedWrite(t *testing.T) {
	werr := make(chan error, 1)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		chunk := pattern(32 << 10)
		for range 2048 {
			if _, err := w.Write(chunk); err != nil {
				werr <- err
				return
			}
		}
		werr <- nil
	})
	raw, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := serverOn(Config{Handler: h}, Limits{WriteTimeout: time.Minute}.withDefaults(), raw)
	serveUntilCleanup(t, s)
	conn, err := net.Dial("tcp", s.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	time.Sleep(300 * time.Millisecond) // the socket buffers fill; the write blocks
	closed := make(chan struct{})
	go func() { s.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(10 * time.Second):
		t.Fatal("Close still waiting 10 s on a blocked write (the write timeout is 1 min)")
	}
	if err := <-werr; err == nil {
		t.Fatal("the handler wrote 64 MiB to a closed connection")
	}
}

// TestDeadlineNotBehindWrite: a write through (a connection not held, as
// HTTP/2's) that is stuck is cut by a deadline set from another goroutine,
// as on a plain connection, instead of the deadline waiting for the write.
func TestDeadlineNotBehindWrite(t *testing.T) {
	a, b := net.Pipe() // a write waits for a reader; b never reads
	defer b.Close()
	c := &holdConn{Conn: a}
	defer c.Close()
	werr := make(chan error, 1)
	go func() {
		_, err := c.Write([]byte("frame"))
		werr <- err
	}()
	time.Sleep(50 * time.Millisecond) // the write is blocked
	set := make(chan error, 1)
	go func() { set <- c.SetWriteDeadline(time.Now()) }()
	select {
	case err := <-set:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("SetWriteDeadline still waiting after 5 s behind a blocked write")
	}
	if err := <-werr; !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("the blocked write returned %v, want the deadline's error", err)
	}
}
