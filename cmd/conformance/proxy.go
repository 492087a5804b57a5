package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"strings"

	"github.com/ecs-conformance/ecs-conformance/internal/httpserve"
	"github.com/ecs-conformance/ecs-conformance/runner"
	"github.com/ecs-conformance/ecs-conformance/runner/proxy"
)

// defaultProxyListen leaves 8080 to ecsemu and 8090 to replay-server.
const defaultProxyListen = "127.0.0.1:8091"

const proxySynopsis = `Records, plays back or checks any client's traffic (the Azure SDK test-proxy is
the model): point the client's endpoint at -listen and name each test's
recording with the X-Conformance-Recording header (or -recording).

  -mode record    forwards to -upstream (the real cloud over HTTPS, or ecsemu),
                  writes <cassettes>/<recording>.yaml (.yaml.gz past 16 KiB),
                  sanitized, when the recording stops (POST
                  /_conformance/recordings/stop, or at exit)
  -mode playback  answers from <cassettes>/<recording>.yaml and never dials;
                  identical requests are answered in recorded order
  -mode live      forwards and only checks

In every mode each request is checked against the operation's request
contract and each answer against its response schema; every recording gets a
client-conformance report, <reports>/<recording>.json, and a summary line at
stop. Control path (never forwarded): GET /_conformance/health,
GET /_conformance/recordings, POST /_conformance/recordings/start and /stop
with {"name":"NAME"}. V3 clients signing for the proxy's host stay valid to
a loopback upstream (the client's Host is forwarded); to any other upstream the
proxy re-signs them with ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET from its
environment. Stops, flushing every recording, on SIGINT or SIGTERM.`

// cmdProxy runs the record / playback / live proxy until ctx ends.
func cmdProxy(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var (
		mode, upstream, host, controlHosts string
		opts                               proxy.Options
		listen                             = defaultProxyListen
		strict                             bool
	)
	fs := newFlagSet("proxy", proxySynopsis, stderr)
	fs.StringVar(&mode, "mode", "", "record | playback | live (required)")
	fs.StringVar(&listen, "listen", listen, "address to listen on; port 0 picks a free one (a non-loopback address prints a warning)")
	fs.StringVar(&opts.Cassettes, "cassettes", "recordings", "folder of the recordings: <cassettes>/<recording>.yaml")
	fs.StringVar(&upstream, "upstream", "", "record and live: where to forward, e.g. https://ecs.cn-hangzhou.aliyuncs.com or http://127.0.0.1:8080")
	fs.StringVar(&opts.Recording, "recording", "", "the recording of requests without the X-Conformance-Recording header")
	fs.StringVar(&opts.Reports, "reports", "reports", "folder of the client-conformance reports: <reports>/<recording>.json (\"\" writes none)")
	fs.StringVar(&host, "host", string(proxy.HostAuto), "Host the upstream sees: auto (client for a loopback upstream, else upstream) | client | upstream")
	fs.StringVar(&controlHosts, "control-hosts", "", "comma-separated Host values the control path accepts besides loopback (the listen address is one)")
	fs.BoolVar(&strict, "strict", false, "exit 1 at stop when a recording broke the contract, drifted or had unmatched requests")
	limits := httpserve.DefaultLimits()
	limits.BindFlags(fs)
	fs.IntVar(&opts.MaxParams, "max-params", proxy.DefaultMaxParams, "most parameters (query and body) a request may carry")
	var tlsFlags httpserve.TLSFlags
	tlsFlags.BindFlags(fs)
	if err := parse(fs, args); err != nil {
		return flagError(err, "proxy", stderr)
	}
	m, err := proxy.ParseMode(mode)
	if err != nil {
		fmt.Fprintf(stderr, "conformance proxy: -%v\n", err)
		return exitUsage
	}
	opts.Mode, opts.Host, opts.MaxBodyBytes = m, proxy.HostPolicy(host), limits.MaxBodyBytes
	if upstream != "" {
		u, err := url.Parse(upstream)
		if err != nil {
			fmt.Fprintf(stderr, "conformance proxy: -upstream %q: %v\n", upstream, err)
			return exitUsage
		}
		opts.Upstream = u
	}
	if id, secret := os.Getenv(runner.EnvKeyID), os.Getenv(runner.EnvKeySecret); id != "" && secret != "" {
		opts.Credentials = &proxy.Credentials{AccessKeyID: id, AccessKeySecret: secret}
	}
	opts.ControlHosts = append(splitList(controlHosts), listen)
	logHandler := slog.NewTextHandler(stderr, nil)
	opts.Logger = slog.New(logHandler)
	p, err := proxy.New(opts)
	if err != nil {
		fmt.Fprintf(stderr, "conformance proxy: %v\n", err)
		return exitUsage
	}
	if p.HostPolicy() == proxy.HostUpstream && opts.Credentials == nil {
		fmt.Fprintf(stderr, "conformance proxy: note: the upstream sees Host %s, which V3 clients did not sign; without %s and %s in the environment V3 requests are forwarded as signed and the upstream refuses them (RPC requests are not affected)\n",
			opts.Upstream.Host, runner.EnvKeyID, runner.EnvKeySecret)
	}
	tlsConf, caPath, err := tlsFlags.Config(listen)
	if err != nil {
		fmt.Fprintf(stderr, "conformance proxy: %v\n", err)
		return exitUsage
	}
	hs, err := httpserve.Listen(httpserve.Config{Addr: listen, Handler: p, Limits: limits, TLS: tlsConf, ErrorLog: slog.NewLogLogger(logHandler, slog.LevelWarn)})
	if err != nil {
		fmt.Fprintf(stderr, "conformance proxy: -listen %s: %v\n", listen, err)
		return exitFail
	}
	if w := httpserve.ExposureWarning("conformance proxy", listen, []string{"the proxy (and through it " + orNone(upstream) + ")"}); w != "" {
		fmt.Fprintln(stderr, w)
	}
	fmt.Fprintf(stdout, "proxy listening on %s (mode %s", hs.URL(), m)
	if opts.Upstream != nil {
		fmt.Fprintf(stdout, ", upstream %s, Host %s", opts.Upstream.Redacted(), p.HostPolicy())
	}
	fmt.Fprintln(stdout, ")")
	if caPath != "" {
		fmt.Fprintf(stdout, "proxy CA certificate (trust it in clients): %s\n", caPath)
	}
	done := make(chan error, 1)
	go func() { done <- hs.Serve() }()
	code := exitOK
	select {
	case err := <-done:
		fmt.Fprintf(stderr, "conformance proxy: %v\n", err)
		code = exitFail
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil {
		fmt.Fprintf(stderr, "conformance proxy: shutdown: %v\n", err)
		code = exitFail
	}
	// Requests in flight have finished: every recording is complete.
	reports, err := p.Close()
	for _, r := range reports {
		fmt.Fprintf(stdout, "proxy: %s\n", r.Summary())
		if strict && !r.OK() {
			code = exitFail
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "conformance proxy: %v\n", err)
		code = exitFail
	}
	return code
}

func splitList(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

func orNone(s string) string {
	if s == "" {
		return "no upstream"
	}
	return s
}
