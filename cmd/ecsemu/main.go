// Command ecsemu serves the reference emulator of ECS DescribeSecurityGroups
// over HTTP or HTTPS, for SDKs, the aliyun CLI, terraform or the conformance
// suite:
//
//	ecsemu [-listen 127.0.0.1:8080] [-access-key-id ID] [-access-key-secret-file FILE]
//	       [-fixtures FILE] [-no-auth] [-deterministic] [-log-format text|json] [-request-log=false]
//	       [-pprof 127.0.0.1:PORT]
//	       [-throttle RATE] [-internal-error RATE] [-unavailable RATE]
//	       [-latency DUR] [-fault-seed N]
//	       [-control=false] [-control-hosts H,...] [-tls-cert FILE -tls-key FILE | -tls-self-signed DIR]
//	       [-read-timeout DUR] [-write-timeout DUR] [-idle-timeout DUR] [-max-conns N] ...
//
// Without a key it accepts the documented default keys of package emulator
// (emulator.DefaultKeys); with one, the given pair replaces the default pair
// and the other default keys stay. Secrets come from the environment
// (ECSEMU_ACCESS_KEY_SECRET, ECSEMU_CONTROL_TOKEN) or a file, so that they
// do not show in ps; the -access-key-secret and -control-token flags still
// work, with a warning. It prints "ecsemu listening on http://ADDR" (or
// https://) once it accepts connections, logs one line per request
// (unless -request-log=false) and per control call to stderr (never a
// secret; batched, written out within a few milliseconds), and shuts down
// cleanly on SIGINT or SIGTERM.
//
// Unless GOGC is set, the garbage collector lets the heap grow to at
// least 16 MiB before it collects (Go's default is 4 MiB): see
// heapGoalFloor.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/ecs-conformance/ecs-conformance/emulator"
	"github.com/ecs-conformance/ecs-conformance/internal/buildinfo"
	"github.com/ecs-conformance/ecs-conformance/internal/fastslog"
	"github.com/ecs-conformance/ecs-conformance/internal/httpserve"
)

// shutdownTimeout bounds how long requests in flight may take to finish.
const shutdownTimeout = 10 * time.Second

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if os.Getenv("GOGC") == "" {
		keepHeapGoalAbove(heapGoalFloor)
	}
	os.Exit(run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}

// run is main without the process: it returns the exit code. getenv is
// os.Getenv in production.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	cfg, err := parseFlags(args, getenv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		return 2 // parseFlags printed what was wrong and the usage
	}
	if cfg.version {
		fmt.Fprintln(stdout, buildinfo.Line("ecsemu"))
		return 0
	}
	// The log is batched (logWriter): a line per request must not cost a
	// write(2) per request. Messages printed with fmt below go straight
	// out; they are printed before the first request or after the last.
	logOut := newLogWriter(stderr)
	defer logOut.Close()
	// The lines of slog's text or JSON handler, the request line formatted
	// without slog's generic walk (fastslog).
	handler := fastslog.New(logOut, cfg.logFormat == "json")
	logger := slog.New(handler)
	opts, err := cfg.options(logger)
	if err != nil {
		fmt.Fprintf(stderr, "ecsemu: %v\n", err)
		return 2
	}
	tlsConf, caPath, err := cfg.tls.Config(cfg.listen)
	if err != nil {
		fmt.Fprintf(stderr, "ecsemu: %v\n", err)
		return 1
	}
	// The control plane accepts loopback Hosts; when listening elsewhere,
	// the listen address and -control-hosts too.
	hosts := append([]string{}, cfg.controlHosts...)
	if !httpserve.IsLoopback(cfg.listen) {
		hosts = append(hosts, cfg.listen)
	}
	// The emulator is built after the listener, so that the address picked
	// for port 0 is known; nothing is served before Serve, which starts
	// after emu is set.
	var emu *emulator.Server
	srv, err := httpserve.Listen(httpserve.Config{
		Addr:        cfg.listen,
		Handler:     http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { emu.ServeHTTP(w, r) }),
		Limits:      cfg.limits,
		TLS:         tlsConf,
		SplitWrites: cfg.splitWrites,
		ErrorLog:    slog.NewLogLogger(handler, slog.LevelWarn),
	})
	if err != nil {
		fmt.Fprintf(stderr, "ecsemu: -listen %s: %v\n", cfg.listen, err)
		return 1
	}
	if !httpserve.IsLoopback(cfg.listen) {
		hosts = append(hosts, srv.Addr().String())
	}
	opts.Control.Hosts = hosts
	if emu, err = emulator.New(opts); err != nil {
		srv.Close()
		fmt.Fprintf(stderr, "ecsemu: %v\n", err)
		return 1
	}
	// Decoding the fixture allocates several times what the store keeps
	// (the default one: ~48 MB for a 4.5 MB snapshot); handed back now,
	// that memory does not stay resident for the life of the process.
	debug.FreeOSMemory()
	if cfg.pprof != "" {
		ps, addr, err := servePprof(cfg.pprof)
		if err != nil {
			srv.Close()
			fmt.Fprintf(stderr, "ecsemu: %v\n", err)
			return 1
		}
		defer ps.Close()
		fmt.Fprintf(stderr, "ecsemu: profiles on http://%s/debug/pprof/\n", addr)
	}
	if w := httpserve.ExposureWarning("ecsemu", cfg.listen, cfg.exposed()); w != "" {
		fmt.Fprintln(stderr, w)
	}
	fmt.Fprintf(stdout, "ecsemu listening on %s\n", srv.URL())
	if caPath != "" {
		fmt.Fprintf(stdout, "ecsemu CA certificate (trust it in clients): %s\n", caPath)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve() }()
	select {
	case err := <-done:
		fmt.Fprintf(stderr, "ecsemu: %v\n", err)
		return 1
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		fmt.Fprintf(stderr, "ecsemu: shutdown: %v\n", err)
		return 1
	}
	logger.Info("ecsemu stopped")
	return 0
}
