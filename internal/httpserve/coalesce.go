package httpserve

import (
	"context"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"sync"
	"time"
)

// An answer goes out in one write(2) instead of two. net/http writes a
// response through a 4 KiB connection buffer, so an answer longer than that
// minus its headers (DescribeSecurityGroups' page of ten groups is 4,621
// bytes) leaves as a full buffer and then the rest: two system calls, two
// loopback segments, two wake-ups of the client. Under load the socket
// writes were the largest cost of the server (45 % of its CPU in the
// profile), and no handler-side API of net/http changes the buffer.
//
// So the connection holds what is written while an HTTP/1 handler runs and
// sends it all when net/http is done with the response: net/http clears the
// write deadline right after it has flushed a response (the hold is sent
// first, under the deadline that bounds the answer), and says the
// connection is idle, hijacked or closed; each of these sends the hold.
// A hold that grows past holdLimit goes out at once, so a large or
// streamed answer is written as it comes. Requests that expect
// 100-continue are not held: the interim answer must reach the client
// before it sends the body. An interim answer a handler writes itself
// (103 Early Hints) goes out with the final one unless the handler
// flushes after it.

// holdLimit bounds what one connection holds.
const holdLimit = 64 << 10

// holdConn is an accepted connection that can hold an answer's writes.
type holdConn struct {
	net.Conn
	mu      sync.Mutex
	holding bool
	buf     []byte
	err     error      // the first error of a held write, returned from then on
	w       holdWriter // the ResponseWriter of the answer being held
}

var holdBufs = sync.Pool{New: func() any { b := make([]byte, 0, 8<<10); return &b }}

// hold starts holding writes until the answer is complete.
func (c *holdConn) hold() {
	c.mu.Lock()
	c.holding = true
	c.mu.Unlock()
}

// Write keeps p while holding, else writes it through. A write through
// takes no lock across the system call: on a connection that is not held
// (HTTP/2's frames come from a goroutine of their own) a deadline set to
// cut a stuck write must not wait for that write.
func (c *holdConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	if c.err != nil || !c.holding {
		err := c.err
		c.mu.Unlock()
		if err != nil {
			return 0, err
		}
		return c.Conn.Write(p)
	}
	defer c.mu.Unlock()
	if c.buf == nil {
		c.buf = (*holdBufs.Get().(*[]byte))[:0]
	}
	c.buf = append(c.buf, p...)
	if len(c.buf) > holdLimit {
		if err := c.sendLocked(); err != nil {
			return len(p), err
		}
		c.holding = true // the rest of this answer is held again
	}
	return len(p), nil
}

// send writes out the hold and stops holding.
func (c *holdConn) send() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sendLocked()
}

// flush writes out the hold and goes on holding the rest of the answer.
func (c *holdConn) flush() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	h := c.holding
	err := c.sendLocked()
	c.holding = h && err == nil
	return err
}

func (c *holdConn) sendLocked() error {
	c.holding = false
	if c.buf == nil {
		return c.err
	}
	if c.err == nil && len(c.buf) > 0 {
		if _, err := c.Conn.Write(c.buf); err != nil {
			// The client sees a cut answer, and net/http, which was told
			// the bytes were written, learns it when it next writes or
			// reads: close so that nothing waits on a broken connection.
			c.err = err
			c.Conn.Close()
		}
	}
	b := c.buf[:0]
	c.buf = nil
	if cap(b) <= holdLimit*2 {
		holdBufs.Put(&b)
	}
	return c.err
}

// SetWriteDeadline sends the hold under the deadline still in force: net/http
// changes the write deadline only before a response and after it is
// flushed.
func (c *holdConn) SetWriteDeadline(t time.Time) error {
	c.send()
	return c.Conn.SetWriteDeadline(t)
}

// SetDeadline does the same for both deadlines.
func (c *holdConn) SetDeadline(t time.Time) error {
	c.send()
	return c.Conn.SetDeadline(t)
}

// Close sends the hold first, unless a write is under way: Server.Close
// closes connections from its own goroutine, and a write stuck on a client
// that reads nothing must be cut off by the close, not wait for it until
// the write deadline.
func (c *holdConn) Close() error {
	if c.mu.TryLock() {
		c.sendLocked()
		c.mu.Unlock()
	}
	return c.Conn.Close()
}

// holdListener wraps each accepted connection in a holdConn.
type holdListener struct{ net.Listener }

func (l holdListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &holdConn{Conn: c}, nil
}

type holdKey struct{}

// holdConnOf is the holdConn under c, a TLS connection's too.
func holdConnOf(c net.Conn) (*holdConn, bool) {
	if t, ok := c.(*tls.Conn); ok {
		c = t.NetConn()
	}
	h, ok := c.(*holdConn)
	return h, ok
}

// holdContext keeps the connection's holdConn in its context.
func holdContext(ctx context.Context, c net.Conn) context.Context {
	if h, ok := holdConnOf(c); ok {
		return context.WithValue(ctx, holdKey{}, h)
	}
	return ctx
}

// holdState sends the hold when net/http is done with a response.
func holdState(c net.Conn, s http.ConnState) {
	if s == http.StateActive || s == http.StateNew {
		return
	}
	if h, ok := holdConnOf(c); ok {
		h.send()
	}
}

// holdAnswers holds the writes of each HTTP/1 answer of next. The handler
// gets a ResponseWriter whose Flush sends the hold, so a handler that
// streams (a proxy's FlushInterval, a progress line) still has its bytes
// on the wire when it asks; everything else reaches it through Unwrap, as
// http.ResponseController expects of a wrapper.
func holdAnswers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h, ok := r.Context().Value(holdKey{}).(*holdConn)
		if !ok || r.ProtoMajor != 1 || r.Header["Expect"] != nil {
			next.ServeHTTP(w, r)
			return
		}
		// HTTP/1 serves one request of a connection at a time, so the
		// connection's own writer is free: no allocation per request.
		h.w = holdWriter{ResponseWriter: w, c: h}
		h.hold()
		next.ServeHTTP(&h.w, r)
		h.w = holdWriter{}
	})
}

// holdWriter is the ResponseWriter of a held answer.
type holdWriter struct {
	http.ResponseWriter
	c *holdConn
}

// Flush sends what the answer has so far.
func (w *holdWriter) Flush() { w.FlushError() }

// FlushError is Flush, with net/http's or the connection's error.
func (w *holdWriter) FlushError() error {
	err := http.NewResponseController(w.ResponseWriter).Flush()
	if e := w.c.flush(); err == nil {
		err = e
	}
	return err
}

// WriteString keeps net/http's copy-free path for strings.
func (w *holdWriter) WriteString(s string) (int, error) {
	return io.WriteString(w.ResponseWriter, s)
}

// Unwrap gives http.ResponseController net/http's own ResponseWriter.
func (w *holdWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
