package httpserve

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"strings"

	"golang.org/x/net/netutil"
)

// Config is one server to start.
type Config struct {
	// Addr is the address to listen on, host:port; port 0 picks a free one.
	Addr    string
	Handler http.Handler
	Limits  Limits
	// TLS, when set, serves HTTPS with its certificates (see TLSFlags.Config).
	TLS *tls.Config
	// SplitWrites leaves the writing of answers to net/http: an answer
	// longer than its 4 KiB connection buffer then goes out in two or more
	// writes. By default each HTTP/1 answer goes out in one (coalesce.go).
	SplitWrites bool
	// ErrorLog receives net/http's own complaints (bad requests, TLS
	// handshakes); nil means the log package's standard logger.
	ErrorLog *log.Logger
}

// Server is a listening server; Serve answers on it until Shutdown.
type Server struct {
	srv *http.Server
	ln  net.Listener
	tls bool
}

// Listen opens c.Addr and prepares the server. Nothing is answered until
// Serve.
func Listen(c Config) (*Server, error) {
	l := c.Limits.withDefaults()
	if err := l.Validate(); err != nil {
		return nil, err
	}
	if c.Handler == nil {
		return nil, errors.New("httpserve: Config.Handler is nil; give the handler to serve")
	}
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return nil, err
	}
	return serverOn(c, l, ln), nil
}

// serverOn prepares the server of c on ln, with limits l.
func serverOn(c Config, l Limits, ln net.Listener) *Server {
	srv := &http.Server{
		Handler:           c.Handler,
		ReadHeaderTimeout: l.ReadHeaderTimeout,
		ReadTimeout:       l.ReadTimeout,
		WriteTimeout:      l.WriteTimeout,
		IdleTimeout:       l.IdleTimeout,
		MaxHeaderBytes:    l.MaxHeaderBytes,
		ErrorLog:          c.ErrorLog,
		TLSConfig:         c.TLS,
	}
	// The cap counts TCP connections, before any TLS handshake, so that
	// handshakes that never finish hold no more than MaxConns either.
	ln = netutil.LimitListener(ln, l.MaxConns)
	if !c.SplitWrites {
		ln = holdListener{ln}
		srv.Handler, srv.ConnContext, srv.ConnState = holdAnswers(srv.Handler), holdContext, holdState
	}
	return &Server{srv: srv, ln: ln, tls: c.TLS != nil}
}

// Addr is the address listened on (with the port picked, if it was 0).
func (s *Server) Addr() net.Addr { return s.ln.Addr() }

// URL is the base URL of the server: http:// or https:// and Addr.
func (s *Server) URL() string {
	if s.tls {
		return "https://" + s.Addr().String()
	}
	return "http://" + s.Addr().String()
}

// Serve answers requests until Shutdown, then returns nil; any other
// return is an error of the listener.
func (s *Server) Serve() error {
	var err error
	if s.tls {
		err = s.srv.ServeTLS(s.ln, "", "")
	} else {
		err = s.srv.Serve(s.ln)
	}
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// Shutdown stops accepting, lets requests in flight finish until ctx ends,
// and closes every connection.
func (s *Server) Shutdown(ctx context.Context) error { return s.srv.Shutdown(ctx) }

// Close closes the listener and every connection at once.
func (s *Server) Close() error { return s.srv.Close() }

// IsLoopback reports whether addr (host:port as given to -listen) listens
// on loopback only. An empty host, 0.0.0.0 and :: listen everywhere; a name
// other than localhost may resolve anywhere, so it counts as exposed.
func IsLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// ExposureWarning returns the warning a server prints when addr is not
// loopback, naming what becomes reachable from other machines; "" when addr
// is loopback.
func ExposureWarning(program, addr string, exposed []string) string {
	if IsLoopback(addr) {
		return ""
	}
	return fmt.Sprintf("%s: WARNING: -listen %s is not a loopback address: other machines can reach %s. Listen on 127.0.0.1 unless that is what you want.",
		program, addr, strings.Join(exposed, "; "))
}
