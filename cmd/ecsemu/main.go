// Command ecsemu serves the reference emulator of ECS DescribeSecurityGroups
// over HTTP, for SDKs, the aliyun CLI, terraform or the conformance suite:
//
//	ecsemu [-listen 127.0.0.1:8080] [-access-key-id ID -access-key-secret SECRET]
//	       [-fixtures FILE] [-no-auth] [-deterministic] [-log-format text|json]
//	       [-throttle RATE] [-internal-error RATE] [-unavailable RATE]
//	       [-latency DUR] [-fault-seed N]
//
// Without key flags it accepts the documented default keys of package
// emulator (emulator.DefaultKeys); with them, the given pair replaces the
// default pair and the other default keys stay. It prints
// "ecsemu listening on http://ADDR" once it accepts connections, logs one line
// per request to stderr (never a secret), and shuts down cleanly on SIGINT or
// SIGTERM.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/ecs-conformance/ecs-conformance/emulator"
	"github.com/ecs-conformance/ecs-conformance/emulator/store"
)

// shutdownTimeout bounds how long requests in flight may take to finish.
const shutdownTimeout = 10 * time.Second

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// config is what the flags say.
type config struct {
	listen, keyID, keySecret, fixtures, logFormat string
	noAuth, deterministic                         bool
	faults                                        emulator.Faults
}

// parseFlags reads args; errors say which flag was wrong.
func parseFlags(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("ecsemu", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.listen, "listen", "127.0.0.1:8080", "address to listen on; port 0 picks a free one")
	fs.StringVar(&c.keyID, "access-key-id", "", "access key ID accepted for account "+emulator.DefaultAccount+" (default: the documented default pair)")
	fs.StringVar(&c.keySecret, "access-key-secret", "", "secret of -access-key-id")
	fs.StringVar(&c.fixtures, "fixtures", "", "fixture file (YAML or JSON) to serve instead of the embedded one")
	fs.BoolVar(&c.noAuth, "no-auth", false, "accept unsigned requests, all as account "+emulator.DefaultAccount)
	fs.BoolVar(&c.deterministic, "deterministic", false, "fixed clock ("+emulator.DeterministicTime.Format(time.RFC3339)+"), token key and request-derived RequestIds")
	fs.StringVar(&c.logFormat, "log-format", "text", "request log format: text or json")
	fs.Float64Var(&c.faults.Throttle, "throttle", 0, "rate (0..1) of requests answered Throttling.User")
	fs.Float64Var(&c.faults.InternalError, "internal-error", 0, "rate (0..1) of requests answered InternalError")
	fs.Float64Var(&c.faults.Unavailable, "unavailable", 0, "rate (0..1) of requests answered ServiceUnavailable")
	fs.DurationVar(&c.faults.Latency, "latency", 0, "delay added to every authenticated request")
	fs.Int64Var(&c.faults.Seed, "fault-seed", 0, "seed of the fault sequence")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: ecsemu [flags]\n\nServes ECS DescribeSecurityGroups as its contract says.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return c, errUsagePrinted{err} // flag printed the message and the usage
	}
	err := c.check(fs)
	if err != nil {
		fmt.Fprintf(stderr, "ecsemu: %v\n\n", err)
		fs.Usage()
	}
	return c, err
}

// errUsagePrinted wraps an error that the flag package already reported.
type errUsagePrinted struct{ error }

func (e errUsagePrinted) Unwrap() error { return e.error }

// check validates the flags together.
func (c *config) check(fs *flag.FlagSet) error {
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("unexpected argument %q: ecsemu takes flags only", fs.Arg(0))
	case (c.keyID == "") != (c.keySecret == ""):
		return errors.New("-access-key-id and -access-key-secret go together: give both or neither")
	case c.logFormat != "text" && c.logFormat != "json":
		return fmt.Errorf("-log-format %q: use text or json", c.logFormat)
	}
	if err := c.faults.Validate(); err != nil {
		return fmt.Errorf("fault flags: %w", err)
	}
	return nil
}

// options turns the flags into emulator options.
func (c config) options(logger *slog.Logger) (emulator.Options, error) {
	o := emulator.Options{DisableAuth: c.noAuth, Deterministic: c.deterministic, Faults: c.faults, Logger: logger}
	if c.keyID != "" {
		keys := []emulator.AccessKey{{ID: c.keyID, Secret: c.keySecret, Account: emulator.DefaultAccount}}
		for _, k := range emulator.DefaultKeys()[1:] {
			if k.ID != c.keyID {
				keys = append(keys, k)
			}
		}
		o.Keys = keys
	}
	if c.fixtures != "" {
		groups, err := store.LoadFile(c.fixtures)
		if err != nil {
			return o, fmt.Errorf("-fixtures: %w", err)
		}
		o.Fixture = groups
	}
	return o, nil
}

// run is main without the process: it returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		return 2 // parseFlags printed what was wrong and the usage
	}
	var handler slog.Handler = slog.NewTextHandler(stderr, nil)
	if cfg.logFormat == "json" {
		handler = slog.NewJSONHandler(stderr, nil)
	}
	logger := slog.New(handler)
	opts, err := cfg.options(logger)
	if err != nil {
		fmt.Fprintf(stderr, "ecsemu: %v\n", err)
		return 2
	}
	emu, err := emulator.New(opts)
	if err != nil {
		fmt.Fprintf(stderr, "ecsemu: %v\n", err)
		return 1
	}
	ln, err := net.Listen("tcp", cfg.listen)
	if err != nil {
		fmt.Fprintf(stderr, "ecsemu: -listen %s: %v\n", cfg.listen, err)
		return 1
	}
	srv := &http.Server{
		Handler:           emu.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(handler, slog.LevelWarn),
	}
	fmt.Fprintf(stdout, "ecsemu listening on http://%s\n", ln.Addr())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
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
