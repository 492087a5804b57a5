package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/ecs-conformance/ecs-conformance/cmd/loadgen/internal/load"
	"github.com/ecs-conformance/ecs-conformance/internal/httpserve"
)

// runBare is "loadgen bare": a process that answers every request with the
// captured answer of -answer (written by loadgen compare) through a plain
// net/http server, and nothing else. It is the floor of the comparison:
// net/http and loopback, in a process of its own so that its CPU time can
// be read like ecsemu's. It stops on SIGINT or SIGTERM.
func runBare(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("loadgen bare", flag.ContinueOnError)
	listen := fs.String("listen", "127.0.0.1:0", "loopback address to listen on")
	answer := fs.String("answer", "", "the answer to serve, as loadgen compare captured it (JSON)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *answer == "" || fs.NArg() > 0 {
		return errors.New("bare: give -answer FILE and nothing else")
	}
	if !httpserve.IsLoopback(*listen) {
		return fmt.Errorf("bare: -listen %s is not loopback; load tests stay on this machine", *listen)
	}
	c, err := load.ReadCaptured(*answer)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: load.BareHandler(c), ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	fmt.Fprintf(out, "bare listening on http://%s\n", ln.Addr())
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(shutdown)
}
