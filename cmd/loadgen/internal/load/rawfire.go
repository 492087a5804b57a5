package load

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"net"
	"strconv"
	"time"
)

// FireRaw sends reqs (each the wire bytes of one HTTP/1.1 request, as
// Signer.RawBatch builds them) to addr over conns keep-alive connections,
// one request in flight on each, every request once, and stops early at
// deadline. It reads each answer just far enough to frame it (status line,
// headers, a Content-Length or chunked body) and discards the body.
//
// It is the client wrk is: no http.Client, no per-request allocation on the
// client's side, so that on a machine of two cores the client takes as
// little CPU as possible from the server it measures, and a bare handler
// and the emulator are driven by exactly the same code. (net/http's client
// costs several times the bare server's CPU per request, which flattens
// every ratio towards 1.)
func FireRaw(addr string, reqs [][]byte, conns int, deadline time.Time) Result {
	return fanOut(len(reqs), conns, deadline, func() (func(i int) (int, error), func()) {
		var c *rawConn
		send := func(i int) (int, error) {
			if c == nil {
				var err error
				if c, err = dialRaw(addr); err != nil {
					return 0, err
				}
			}
			status, keep, err := c.roundTrip(reqs[i])
			if err != nil || !keep {
				c.close()
				c = nil
			}
			return status, err
		}
		done := func() {
			if c != nil {
				c.close()
			}
		}
		return send, done
	})
}

// rawConn is one keep-alive connection of FireRaw.
type rawConn struct {
	nc net.Conn
	br *bufio.Reader
}

func dialRaw(addr string) (*rawConn, error) {
	nc, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return nil, err
	}
	return &rawConn{nc: nc, br: bufio.NewReaderSize(nc, 32<<10)}, nil
}

func (c *rawConn) close() { c.nc.Close() }

// rawTimeout bounds one round trip, so that a stuck server cannot hang a run.
const rawTimeout = 30 * time.Second

// roundTrip writes req and reads one answer; keep says whether the
// connection may carry another.
func (c *rawConn) roundTrip(req []byte) (status int, keep bool, err error) {
	c.nc.SetDeadline(time.Now().Add(rawTimeout))
	if _, err := c.nc.Write(req); err != nil {
		return 0, false, err
	}
	return readRawResponse(c.br)
}

var (
	errRawFraming = errors.New("load: answer without Content-Length or chunked framing")
	errRawStatus  = errors.New("load: malformed status line")
)

// readRawResponse reads one HTTP/1.1 answer from br and discards its body.
func readRawResponse(br *bufio.Reader) (status int, keep bool, err error) {
	line, err := br.ReadSlice('\n')
	if err != nil {
		return 0, false, err
	}
	// "HTTP/1.1 200 OK\r\n"
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.")) {
		return 0, false, fmt.Errorf("%w: %q", errRawStatus, line)
	}
	if status, err = strconv.Atoi(string(line[9:12])); err != nil {
		return 0, false, fmt.Errorf("%w: %q", errRawStatus, line)
	}
	length, chunked, keep := int64(-1), false, true
	for {
		line, err := br.ReadSlice('\n')
		if err != nil {
			return 0, false, err
		}
		line = bytes.TrimRight(line, "\r\n")
		if len(line) == 0 {
			break
		}
		name, value, _ := bytes.Cut(line, []byte(":"))
		value = bytes.TrimSpace(value)
		switch {
		case asciiEqualFold(name, "Content-Length"):
			if length, err = strconv.ParseInt(string(value), 10, 64); err != nil || length < 0 {
				return 0, false, fmt.Errorf("load: bad Content-Length %q", value)
			}
		case asciiEqualFold(name, "Transfer-Encoding"):
			chunked = asciiEqualFold(value, "chunked")
		case asciiEqualFold(name, "Connection"):
			keep = !asciiEqualFold(value, "close")
		}
	}
	switch {
	case chunked:
		err = discardChunked(br)
	case length >= 0:
		_, err = br.Discard(int(length))
	default:
		return status, false, errRawFraming
	}
	return status, keep && err == nil, err
}

// discardChunked skips a chunked body and its (empty) trailer.
func discardChunked(br *bufio.Reader) error {
	for {
		line, err := br.ReadSlice('\n')
		if err != nil {
			return err
		}
		size, _, _ := bytes.Cut(bytes.TrimRight(line, "\r\n"), []byte(";"))
		n, err := strconv.ParseInt(string(size), 16, 64)
		if err != nil || n < 0 {
			return fmt.Errorf("load: bad chunk size %q", line)
		}
		if n == 0 {
			for { // trailer fields, then the empty line
				line, err := br.ReadSlice('\n')
				if err != nil {
					return err
				}
				if len(bytes.TrimRight(line, "\r\n")) == 0 {
					return nil
				}
			}
		}
		if _, err := br.Discard(int(n) + 2); err != nil { // data and CRLF
			return err
		}
	}
}

func asciiEqualFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range len(b) {
		x, y := b[i], s[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
