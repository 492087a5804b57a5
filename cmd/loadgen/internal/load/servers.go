package load

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"time"
)

// Server is an http.Server on a fresh 127.0.0.1 port.
type Server struct {
	URL string // "http://127.0.0.1:PORT"
	srv *http.Server
	ln  net.Listener
	err chan error
}

// Serve starts h on 127.0.0.1 and a port the system picks.
func Serve(h http.Handler) (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("load: listening on 127.0.0.1: %w", err)
	}
	s := &Server{
		URL: "http://" + ln.Addr().String(),
		srv: &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second},
		ln:  ln,
		err: make(chan error, 1),
	}
	go func() { s.err <- s.srv.Serve(ln) }()
	return s, nil
}

// Close stops the server and waits for its accept loop to end.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := s.srv.Shutdown(ctx)
	if serveErr := <-s.err; !errors.Is(serveErr, http.ErrServerClosed) {
		err = errors.Join(err, serveErr)
	}
	return err
}

// Captured is one answer of the emulator, kept to be served again.
type Captured struct {
	Header http.Header
	Body   []byte
	// Length says that the emulator framed the answer with Content-Length
	// rather than chunked: the bare handler then does the same, so that
	// both put the same bytes on the wire.
	Length bool
}

// Capture sends req and keeps its answer, which must be a 200.
func Capture(hc *http.Client, req *http.Request) (Captured, error) {
	resp, err := hc.Do(req)
	if err != nil {
		return Captured{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return Captured{}, err
	}
	if resp.StatusCode != http.StatusOK {
		return Captured{}, fmt.Errorf("load: the emulator answered %d: %.300s", resp.StatusCode, body)
	}
	h := resp.Header.Clone()
	// Framing and date are net/http's to write, for either server.
	for _, k := range []string{"Date", "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive"} {
		h.Del(k)
	}
	framed := resp.ContentLength >= 0 && len(resp.TransferEncoding) == 0
	return Captured{Header: h, Body: body, Length: framed}, nil
}

// BareHandler answers every request with c, written the way the emulator
// writes its answers (headers, status, then the body in one Write), and
// does nothing else: the floor that net/http and loopback set.
func BareHandler(c Captured) http.Handler {
	length := []string{strconv.Itoa(len(c.Body))}
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		h := w.Header()
		for k, v := range c.Header {
			h[k] = v
		}
		if c.Length {
			h["Content-Length"] = length
		}
		w.WriteHeader(http.StatusOK)
		w.Write(c.Body)
	})
}

// NewHTTPClient returns a keep-alive client for concurrency parallel
// requests to one loopback host. It ignores proxy settings of the
// environment: the traffic must stay on loopback.
func NewHTTPClient(concurrency int) *http.Client {
	return &http.Client{
		Transport: &http.Transport{
			Proxy:               nil,
			DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
			MaxIdleConns:        2 * concurrency,
			MaxIdleConnsPerHost: 2 * concurrency,
			IdleConnTimeout:     time.Minute,
			DisableCompression:  true,
		},
		Timeout: 30 * time.Second,
	}
}
