package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/ecs-conformance/ecs-conformance/internal/httpserve"
	"github.com/ecs-conformance/ecs-conformance/runner"
	"github.com/ecs-conformance/ecs-conformance/runner/replayserver"
	"github.com/ecs-conformance/ecs-conformance/schemas"
	"github.com/ecs-conformance/ecs-conformance/specs"
)

// shutdownTimeout bounds how long requests in flight may take to finish.
const shutdownTimeout = 10 * time.Second

// defaultReplayListen leaves 8080 to ecsemu, so both can run side by side.
const defaultReplayListen = "127.0.0.1:8090"

// cmdReplayServer serves the cassettes under a directory until ctx ends.
func cmdReplayServer(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	dir := runner.Defaults().FromEnv(os.Getenv).Cassettes
	listen := defaultReplayListen
	fs := newFlagSet("replay-server", "Serves recorded cassettes over HTTP, so the official SDKs and the aliyun CLI\ncan be checked against recorded traffic. A request nothing recorded matches is\nanswered 404 Conformance.NoRecordedInteraction naming the closest recording;\none whose parameters break the contract's request schema, 400\nConformance.InvalidRequest (or, when recorded, served with the problem in the\nX-Conformance-Invalid-Request header). Stops on SIGINT or SIGTERM.", stderr)
	fs.StringVar(&dir, "cassettes", dir, "cassette root folder ("+runner.EnvCassettes+")")
	fs.StringVar(&listen, "listen", listen, "address to listen on; port 0 picks a free one (a non-loopback address prints a warning)")
	limits := httpserve.DefaultLimits()
	limits.BindFlags(fs)
	maxParams := replayserver.DefaultMaxParams
	fs.IntVar(&maxParams, "max-params", maxParams, "most parameters (query and body) a request may carry to be matched")
	var tlsFlags httpserve.TLSFlags
	tlsFlags.BindFlags(fs)
	if err := parse(fs, args); err != nil {
		return flagError(err, "replay-server", stderr)
	}
	srv, err := replayserver.New(replayserver.Options{Dir: dir, Validate: validateRequest, MaxBodyBytes: limits.MaxBodyBytes, MaxParams: maxParams})
	if err != nil {
		fmt.Fprintf(stderr, "conformance replay-server: %v\n", err)
		return exitUsage
	}
	tlsConf, caPath, err := tlsFlags.Config(listen)
	if err != nil {
		fmt.Fprintf(stderr, "conformance replay-server: %v\n", err)
		return exitUsage
	}
	logHandler := slog.NewTextHandler(stderr, nil)
	logger := slog.New(logHandler)
	hs, err := httpserve.Listen(httpserve.Config{
		Addr:     listen,
		Handler:  logRequests(logger, srv),
		Limits:   limits,
		TLS:      tlsConf,
		ErrorLog: slog.NewLogLogger(logHandler, slog.LevelWarn),
	})
	if err != nil {
		fmt.Fprintf(stderr, "conformance replay-server: -listen %s: %v\n", listen, err)
		return exitFail
	}
	if w := httpserve.ExposureWarning("conformance replay-server", listen, []string{"the recorded cassettes of " + dir}); w != "" {
		fmt.Fprintln(stderr, w)
	}
	fmt.Fprintf(stdout, "replay-server listening on %s\n", hs.URL())
	if caPath != "" {
		fmt.Fprintf(stdout, "replay-server CA certificate (trust it in clients): %s\n", caPath)
	}
	logger.Info("serving cassettes", "dir", dir, "interactions", srv.Len())
	done := make(chan error, 1)
	go func() { done <- hs.Serve() }()
	select {
	case err := <-done:
		fmt.Fprintf(stderr, "conformance replay-server: %v\n", err)
		return exitFail
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil {
		fmt.Fprintf(stderr, "conformance replay-server: shutdown: %v\n", err)
		return exitFail
	}
	logger.Info("replay-server stopped")
	return exitOK
}

// validateRequest checks a request's business parameters against the
// request schema of the operation it calls; the error lists every violation,
// or says that the action has no contract here.
func validateRequest(action string, params url.Values) error {
	op := specs.Lookup(action)
	if op == nil {
		if action == "" {
			return fmt.Errorf("the request names no operation: send the Action parameter (RPC) or the x-acs-action header (V3), one of %s", strings.Join(specs.Actions(), ", "))
		}
		return fmt.Errorf("action %q has no contract in this build; the contracts are %s", action, strings.Join(specs.Actions(), ", "))
	}
	if res := schemas.WireRequest(op, params); !res.OK() {
		return errors.New(res.Error())
	}
	return nil
}

// logRequests logs one line per request: what was asked and which recording
// answered. It logs no parameter values, so no credential reaches the log.
func logRequests(logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		action := r.Header.Get("x-acs-action")
		if action == "" {
			action = r.URL.Query().Get("Action")
		}
		attrs := []any{"method", r.Method, "action", action, "status", sw.status,
			"interaction", sw.Header().Get(replayserver.InteractionHeader)}
		if invalid := sw.Header().Get(replayserver.InvalidRequestHeader); invalid != "" {
			attrs = append(attrs, "invalid", invalid)
		}
		logger.Info("request", attrs...)
	})
}

// statusWriter remembers the status a handler answered with.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}
