// Command prismgate puts Prism, with one OpenAPI document per operation, in
// front of one endpoint, so that a whole suite run is checked against the
// documents of every operation it calls. It serves two addresses:
//
//   - the front (-listen), where the clients send: each API request goes to
//     the Prism that holds the document of the operation it calls (its
//     Action parameter or x-acs-action header; an unknown one to the first
//     Prism, whose document then reports it), and a request under
//     /_emulator/ (the emulator's control plane, no API) straight to the
//     endpoint;
//
//   - the back (-back), which every Prism proxies to: it forwards to the
//     endpoint with the Host header set back to the front's address. Prism
//     sends the upstream's Host, and an ACS3-HMAC-SHA256 signature covers
//     the Host the client sent, so without this every V3 request would fail
//     SignatureDoesNotMatch before reaching the contract Prism checks.
//
//     prismgate -listen 127.0.0.1:4010 -back 127.0.0.1:4011 -upstream http://127.0.0.1:8080 \
//     -route DescribeSecurityGroups=http://127.0.0.1:4020 -route DescribeSecurityGroupAttribute=http://127.0.0.1:4021
//
// It prints "prismgate listening on http://FRONT (back http://BACK)" once it
// accepts connections on both, and stops on SIGINT or SIGTERM.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
	"time"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// routes maps an action to the base URL of the Prism holding its document.
type routes map[string]*url.URL

func (r routes) String() string { return fmt.Sprint(map[string]*url.URL(r)) }

func (r routes) Set(v string) error {
	action, base, ok := strings.Cut(v, "=")
	u, err := url.Parse(base)
	if !ok || action == "" || err != nil || u.Scheme == "" || u.Host == "" {
		return fmt.Errorf("want Action=http://HOST:PORT, got %q", v)
	}
	r[action] = u
	return nil
}

func run(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("prismgate", flag.ContinueOnError)
	flags.SetOutput(stderr)
	front := flags.String("listen", "127.0.0.1:0", "front address, where clients send (loopback)")
	back := flags.String("back", "127.0.0.1:0", "back address, which every Prism proxies to (loopback)")
	upstream := flags.String("upstream", "", "base URL of the endpoint, e.g. http://127.0.0.1:8080")
	rs := routes{}
	flags.Var(rs, "route", "Action=URL of the Prism holding that operation's document; repeat per operation")
	if err := flags.Parse(args); err != nil {
		return 2
	}
	target, err := url.Parse(*upstream)
	if err != nil || target.Scheme == "" || target.Host == "" {
		fmt.Fprintf(stderr, "prismgate: -upstream %q is not a base URL like http://127.0.0.1:8080\n", *upstream)
		return 2
	}
	if len(rs) == 0 {
		fmt.Fprintln(stderr, "prismgate: no -route; give Action=URL for each Prism")
		return 2
	}
	frontLn, err := net.Listen("tcp", *front)
	if err != nil {
		fmt.Fprintf(stderr, "prismgate: %v\n", err)
		return 1
	}
	backLn, err := net.Listen("tcp", *back)
	if err != nil {
		fmt.Fprintf(stderr, "prismgate: %v\n", err)
		return 1
	}
	servers := []*http.Server{
		{Handler: frontHandler(rs, target), ReadHeaderTimeout: 10 * time.Second},
		{Handler: backHandler(target, frontLn.Addr().String()), ReadHeaderTimeout: 10 * time.Second},
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	done := make(chan error, 2)
	for i, ln := range []net.Listener{frontLn, backLn} {
		go func() { done <- servers[i].Serve(ln) }()
	}
	fmt.Fprintf(stdout, "prismgate listening on http://%s (back http://%s)\n", frontLn.Addr(), backLn.Addr())
	select {
	case <-ctx.Done():
	case err := <-done:
		fmt.Fprintf(stderr, "prismgate: %v\n", err)
		return 1
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, s := range servers {
		if err := s.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintf(stderr, "prismgate: %v\n", err)
		}
	}
	return 0
}

// first is the route of the alphabetically first action: where a request
// for an action without a document goes, so that a document reports it.
func (r routes) first() *url.URL {
	names := make([]string, 0, len(r))
	for n := range r {
		names = append(names, n)
	}
	sort.Strings(names)
	return r[names[0]]
}
