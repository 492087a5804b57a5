package httpserve

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// start serves h on a loopback port with l and stops it with the test.
func start(t *testing.T, h http.Handler, l Limits, tlsConf *tls.Config) *Server {
	t.Helper()
	s, err := Listen(Config{Addr: "127.0.0.1:0", Handler: h, Limits: l, TLS: tlsConf})
	if err != nil {
		t.Fatal(err)
	}
	serveUntilCleanup(t, s)
	return s
}

// serveUntilCleanup serves s until the test ends, then closes it and checks
// that Serve returned cleanly.
func serveUntilCleanup(t *testing.T, s *Server) {
	done := make(chan error, 1)
	go func() { done <- s.Serve() }()
	t.Cleanup(func() {
		s.Close()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
}

// closedWithin reads from conn until the server closes it or limit passes,
// and returns how long that took; limit is a safety net, not a speed target.
func closedWithin(t *testing.T, conn net.Conn, limit time.Duration) time.Duration {
	t.Helper()
	begin := time.Now()
	conn.SetReadDeadline(begin.Add(limit))
	_, err := io.Copy(io.Discard, conn)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatalf("the server kept the connection open for %v", limit)
	}
	return time.Since(begin)
}

// TestTrickledBodyCutOff sends a body one byte at a time, slower than the
// read timeout allows, and checks that the server drops the connection
// instead of waiting for the rest.
func TestTrickledBodyCutOff(t *testing.T) {
	var bodyErr atomic.Value
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, err := io.ReadAll(r.Body)
		bodyErr.Store(fmt.Sprint(err))
	})
	const readTimeout = 300 * time.Millisecond
	s := start(t, h, Limits{ReadTimeout: readTimeout}, nil)
	conn, err := net.Dial("tcp", s.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n")
	// Trickle in the background: one byte every 100 ms, at most 100 bytes.
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		for range 100 {
			select {
			case <-stop:
				return
			case <-time.After(100 * time.Millisecond):
			}
			if _, err := conn.Write([]byte("x")); err != nil {
				return
			}
		}
	}()
	took := closedWithin(t, conn, 10*time.Second)
	t.Logf("a body trickled at 10 B/s was cut off after %v (read timeout %v); the handler read: %v", took.Round(time.Millisecond), readTimeout, bodyErr.Load())
	if e, _ := bodyErr.Load().(string); e == "<nil>" {
		t.Errorf("the handler read the whole trickled body")
	}
}

// TestIdleConnectionClosed opens a keep-alive connection, makes one request
// and then sends nothing: the server must close it after the idle timeout.
// A connection that never sends a request is closed by the header timeout.
func TestIdleConnectionClosed(t *testing.T) {
	s := start(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}),
		Limits{IdleTimeout: 300 * time.Millisecond, ReadHeaderTimeout: 300 * time.Millisecond}, nil)
	conn, err := net.Dial("tcp", s.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("first request: %v %v", err, resp)
	}
	t.Logf("an idle keep-alive connection was closed after %v (idle timeout 300ms)", closedWithin(t, conn, 10*time.Second).Round(time.Millisecond))
	silent, err := net.Dial("tcp", s.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	t.Logf("a connection that sent nothing was closed after %v (header timeout 300ms)", closedWithin(t, silent, 10*time.Second).Round(time.Millisecond))
}

// TestConnectionCap opens more connections than the cap, each with a
// request the handler holds, and checks that no more than the cap are ever
// served at once, and that the rest are served once those finish.
func TestConnectionCap(t *testing.T) {
	const maxConns, clients = 2, 6
	var inFlight, peak atomic.Int32
	release := make(chan struct{})
	entered := make(chan struct{}, clients)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		entered <- struct{}{}
		<-release
		inFlight.Add(-1)
	})
	s := start(t, h, Limits{MaxConns: maxConns}, nil)
	var wg sync.WaitGroup
	errs := make(chan error, clients)
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// One connection per client: no keep-alive reuse between them.
			c := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 30 * time.Second}
			resp, err := c.Get(s.URL())
			if err != nil {
				errs <- err
				return
			}
			resp.Body.Close()
		}()
	}
	// Wait for the cap to fill, then give the others a chance to get in if
	// the cap leaked; without it all six enter at once.
	for range maxConns {
		<-entered
	}
	select {
	case <-entered:
		t.Errorf("a connection past the cap of %d was served", maxConns)
	case <-time.After(500 * time.Millisecond):
	}
	close(release)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("a client beyond the cap failed instead of waiting: %v", err)
	}
	if p := peak.Load(); p > maxConns {
		t.Fatalf("%d connections served at once; cap %d", p, maxConns)
	}
	t.Logf("%d clients against a cap of %d: at most %d served at once, all %d answered", clients, maxConns, peak.Load(), clients)
}

// TestHeaderBound checks that headers over MaxHeaderBytes are refused with
// 431 before the handler runs.
func TestHeaderBound(t *testing.T) {
	var called atomic.Bool
	s := start(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { called.Store(true) }), Limits{MaxHeaderBytes: 1 << 10}, nil)
	req, _ := http.NewRequest("GET", s.URL(), nil)
	req.Header.Set("X-Big", strings.Repeat("a", 16<<10))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge || called.Load() {
		t.Fatalf("16 KiB of headers against a 1 KiB bound: %d, handler called %v", resp.StatusCode, called.Load())
	}
}

// TestLimitsFlags checks that every limit has its flag, defaults apply to
// zero fields and negative values are refused with the flag's name.
func TestLimitsFlags(t *testing.T) {
	l := DefaultLimits()
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	l.BindFlags(fs)
	args := []string{"-read-header-timeout", "1s", "-read-timeout", "2s", "-write-timeout", "3s", "-idle-timeout", "4s",
		"-max-header-bytes", "5", "-max-body-bytes", "6", "-max-conns", "7"}
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	want := Limits{time.Second, 2 * time.Second, 3 * time.Second, 4 * time.Second, 5, 6, 7}
	if l != want {
		t.Fatalf("flags gave %+v, want %+v", l, want)
	}
	if got := (Limits{}).withDefaults(); got != DefaultLimits() {
		t.Fatalf("zero limits became %+v", got)
	}
	for _, bad := range []Limits{{ReadTimeout: -1}, {WriteTimeout: -1}, {IdleTimeout: -1}, {ReadHeaderTimeout: -1}, {MaxHeaderBytes: -1}, {MaxBodyBytes: -1}, {MaxConns: -1}} {
		if err := bad.Validate(); err == nil || !strings.Contains(err.Error(), "negative") {
			t.Errorf("%+v: %v", bad, err)
		}
		if _, err := Listen(Config{Addr: "127.0.0.1:0", Handler: http.NotFoundHandler(), Limits: bad}); err == nil {
			t.Errorf("Listen accepted %+v", bad)
		}
	}
}

// TestIsLoopback checks which listen addresses the exposure warning names.
func TestIsLoopback(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1:8080": true, "127.1.2.3:0": true, "[::1]:8080": true, "localhost:8080": true, "LOCALHOST:1": true,
		"0.0.0.0:8080": false, ":8080": false, "[::]:8080": false, "192.0.2.1:8080": false, "myhost:8080": false, "localhost.evil:1": false,
	} {
		if got := IsLoopback(addr); got != want {
			t.Errorf("IsLoopback(%q) = %v, want %v", addr, got, want)
		}
		if w := ExposureWarning("prog", addr, []string{"the API"}); (w == "") != want || (!want && !strings.Contains(w, "the API")) {
			t.Errorf("ExposureWarning(%q) = %q", addr, w)
		}
	}
}

// TestSelfSigned serves HTTPS with a self-signed certificate, trusts only
// the CA written to the directory, and checks that a restart reuses it.
func TestSelfSigned(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "tls")
	conf, caPath, err := TLSFlags{SelfSignedDir: dir}.Config("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if caPath != filepath.Join(dir, CAFile) {
		t.Fatalf("CA path %q", caPath)
	}
	if fi, err := os.Stat(filepath.Join(dir, CAKeyFile)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("CA key file: %v %v", fi, err)
	}
	s := start(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") }), Limits{}, conf)
	if !strings.HasPrefix(s.URL(), "https://") {
		t.Fatalf("URL %q", s.URL())
	}
	get := func(url string, roots *x509.CertPool) error {
		c := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}}}
		resp, err := c.Get(url)
		if err == nil {
			resp.Body.Close()
		}
		return err
	}
	if err := get(s.URL(), x509.NewCertPool()); err == nil {
		t.Fatal("a client that does not trust the CA connected")
	}
	pool := x509.NewCertPool()
	pem, _ := os.ReadFile(caPath)
	if !pool.AppendCertsFromPEM(pem) {
		t.Fatal("the CA file holds no certificate")
	}
	_, port, _ := net.SplitHostPort(s.Addr().String())
	for _, host := range []string{"127.0.0.1", "localhost"} {
		if err := get("https://"+net.JoinHostPort(host, port), pool); err != nil {
			t.Errorf("https://%s with the CA: %v", host, err)
		}
	}
	// A restart issues from the same CA, so clients keep trusting it.
	if _, _, err := (TLSFlags{SelfSignedDir: dir}).Config("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	if again, _ := os.ReadFile(caPath); string(again) != string(pem) {
		t.Fatal("a restart replaced the CA")
	}
	// A damaged CA is an error naming the files, not silently replaced.
	os.WriteFile(caPath, []byte("garbage"), 0o644)
	if _, _, err := (TLSFlags{SelfSignedDir: dir}).Config("127.0.0.1:0"); err == nil || !strings.Contains(err.Error(), CAFile) {
		t.Fatalf("damaged CA: %v", err)
	}
}

// TestTLSFlags checks the flag combinations and a given certificate.
func TestTLSFlags(t *testing.T) {
	for _, bad := range []TLSFlags{{CertFile: "c"}, {KeyFile: "k"}, {CertFile: "c", KeyFile: "k", SelfSignedDir: "d"}} {
		if err := bad.Validate(); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
	if conf, _, err := (TLSFlags{}).Config("127.0.0.1:0"); conf != nil || err != nil {
		t.Fatalf("no flags: %v %v", conf, err)
	}
	if _, _, err := (TLSFlags{CertFile: "/nonexistent/c.pem", KeyFile: "/nonexistent/k.pem"}).Config("x"); err == nil || !strings.Contains(err.Error(), "-tls-cert") {
		t.Fatalf("missing files: %v", err)
	}
	for addr, want := range map[string]string{"0.0.0.0:1": "127.0.0.1,::1,localhost", "192.0.2.1:1": "127.0.0.1,::1,localhost,192.0.2.1",
		"myhost:1": "127.0.0.1,::1,localhost,myhost", "[::]:1": "127.0.0.1,::1,localhost", "localhost:1": "127.0.0.1,::1,localhost"} {
		if got := strings.Join(hostsFor(addr), ","); got != want {
			t.Errorf("hostsFor(%q) = %s, want %s", addr, got, want)
		}
	}
}
