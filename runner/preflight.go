package runner

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ecs-conformance/ecs-conformance/internal/client"
	"github.com/ecs-conformance/ecs-conformance/runner/vcr"
	"github.com/ecs-conformance/ecs-conformance/specs"
	"github.com/ecs-conformance/ecs-conformance/suites"
)

// PreflightTimeout bounds the one request of Preflight: a target that does
// not answer in that time would fail every spec by timing out.
const PreflightTimeout = 15 * time.Second

// PreflightError says why the target is not ready, in words a person acts
// on: what was checked, what was wrong, what to do. Every spec would fail
// the same way, so the run stops before any of them.
type PreflightError struct {
	// Target is what was checked: an endpoint, or a cassette folder.
	Target string
	// Problem is what was wrong; Fix is what to do about it.
	Problem, Fix string
}

func (e *PreflightError) Error() string {
	return fmt.Sprintf("%s: %s\n%s", e.Target, e.Problem, e.Fix)
}

// Preflight checks, before any spec runs, that the run can work at all:
// in replay that the cassette folder of the target and scheme holds
// cassettes; against an endpoint (live, or record with one) that it answers
// one signed request of the contract set, and that it accepts the
// credentials. An in-process emulator needs no check. The request is read
// only, signed like the specs' (scheme, key, STS token) and never recorded.
func Preflight(ctx context.Context, c Config, env *suites.Env) error {
	switch {
	case c.Mode == ModeReplay:
		return checkCassettes(c)
	case c.Mode == ModeLive, c.Mode == ModeRecord && c.Endpoint != "":
		return checkEndpoint(ctx, c, env)
	}
	return nil
}

// checkCassettes wants at least one cassette in <root>/<target>/<scheme>.
func checkCassettes(c Config) error {
	if c.Signature == "" || c.Signature == "both" {
		c.Signature = "v3" // cassettes are per scheme; an unset scheme replays v3, as NewEnv does
	}
	dir := filepath.Join(c.Cassettes, c.Target, c.Signature)
	e := &PreflightError{
		Target: "replay",
		Fix: fmt.Sprintf("set %s to the cassette root (it holds <target>/<scheme>/ folders; now %q, target %q, scheme %q), or record them: make record, or %s=record %s=URL",
			EnvCassettes, c.Cassettes, c.Target, c.Signature, EnvMode, EnvEndpoint),
	}
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		e.Problem = fmt.Sprintf("no cassette folder %s", dir)
	case err != nil:
		e.Problem = fmt.Sprintf("cannot read the cassette folder %s: %v", dir, err)
	case !info.IsDir():
		e.Problem = fmt.Sprintf("%s is a file, not a cassette folder", dir)
	default:
		entries, _ := os.ReadDir(dir)
		for _, f := range entries {
			if !f.IsDir() && vcr.IsCassetteFile(f.Name()) {
				return nil
			}
		}
		e.Problem = fmt.Sprintf("the cassette folder %s holds no cassette (*.yaml, *.yaml.gz)", dir)
	}
	return e
}

// probe is the request Preflight sends: the first operation of the set that
// needs nothing only the target knows, with the region.
func probe(region string) (client.Request, bool) {
	for _, op := range specs.Operations() {
		if len(op.Requests.Resolve) > 0 {
			continue
		}
		params := url.Values{}
		if op.Parameter("RegionId") != nil {
			params.Set("RegionId", region)
		}
		return client.Request{Action: op.Operation, Params: params}, true
	}
	return client.Request{}, false
}

// checkEndpoint sends the probe and judges the answer.
func checkEndpoint(ctx context.Context, c Config, env *suites.Env) error {
	req, ok := probe(env.Region)
	if !ok {
		return nil // nothing to ask without knowing the target's data
	}
	where := fmt.Sprintf("%s (%s)", env.Endpoint, EnvEndpoint)
	cl, err := client.New(client.Config{
		Endpoint:        env.Endpoint,
		AccessKeyID:     env.Caller.AccessKeyID,
		AccessKeySecret: env.Caller.AccessKeySecret,
		SecurityToken:   env.Caller.SecurityToken,
		Scheme:          env.Scheme,
		HTTPClient:      &http.Client{Timeout: PreflightTimeout, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
	})
	if err != nil {
		return &PreflightError{Target: where, Problem: err.Error(), Fix: "fix " + EnvEndpoint}
	}
	ctx, cancel := context.WithTimeout(ctx, PreflightTimeout)
	defer cancel()
	resp, err := cl.Do(ctx, req)
	if err != nil {
		return unreachable(where, err)
	}
	return judge(where, req.Action, resp)
}

// unreachable explains a request that got no HTTP answer.
func unreachable(where string, err error) error {
	e := &PreflightError{Target: where, Problem: "no answer: " + rootCause(err)}
	var dnsErr *net.DNSError
	var opErr *net.OpError
	switch {
	case errors.As(err, &dnsErr):
		e.Problem = fmt.Sprintf("the host %q is not known (%s)", dnsErr.Name, dnsErr.Err)
		e.Fix = "check the host name in " + EnvEndpoint
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		e.Problem = fmt.Sprintf("no answer within %s", PreflightTimeout)
		e.Fix = "check that the target is up and that nothing between here and it drops the traffic"
	case strings.Contains(err.Error(), "server gave HTTP response to HTTPS client"):
		e.Problem = "it speaks plain HTTP, not HTTPS"
		e.Fix = "use an http:// URL in " + EnvEndpoint
	case strings.Contains(err.Error(), "x509:") || strings.Contains(err.Error(), "tls:"):
		e.Fix = "the TLS handshake failed: use the target's http:// URL, or give it a certificate this machine trusts (SSL_CERT_FILE=ca.pem)"
	case errors.As(err, &opErr) && opErr.Op == "dial":
		e.Problem = "nothing answers there: " + rootCause(err)
		e.Fix = "start the target (e.g. go run ./cmd/ecsemu -listen 127.0.0.1:8080) or fix " + EnvEndpoint
	default:
		e.Fix = "check " + EnvEndpoint + " and that the target is up"
	}
	return e
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}

// rootCause is the innermost message of err: "connect: connection refused".
func rootCause(err error) string {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err.Error()
		}
		if _, isOp := err.(*net.OpError); isOp {
			// net.OpError's own text is the useful one ("dial tcp
			// 127.0.0.1:1: connect: connection refused").
			return err.Error()
		}
		err = next
	}
}

// judge reads the probe's answer: a page is ready; an error of the
// contract's authentication catalogue means the credentials (or the clock)
// are wrong; any other API error means the request was authenticated; an
// answer that is no API answer means the URL is not an ECS endpoint.
func judge(where, action string, resp *client.Response) error {
	if resp.StatusCode == http.StatusOK {
		if !apiAnswer(resp.Body) {
			return &PreflightError{Target: where, Problem: fmt.Sprintf("answered %s with HTTP 200 and %q %s, not the JSON of an ECS API", action, resp.Header.Get("Content-Type"), excerptOf(resp.Body)),
				Fix: "point " + EnvEndpoint + " at the API's base URL"}
		}
		return nil
	}
	apiErr, ok := resp.APIError()
	if !ok {
		return &PreflightError{Target: where, Problem: fmt.Sprintf("answered %s with HTTP %d %s, which is not an ECS API error", action, resp.StatusCode, excerptOf(resp.Body)),
			Fix: "point " + EnvEndpoint + " at the API's base URL (requests go to its path /)"}
	}
	op := specs.Lookup(action)
	code := op.Error(apiErr.Code)
	if code == nil || code.Trigger.Auth == "" {
		return nil // authenticated; what the specs make of the rest is theirs to say
	}
	p := &PreflightError{Target: where, Problem: fmt.Sprintf("refused the credentials: %s: %s", apiErr.Code, firstLine(apiErr.Message))}
	switch code.Trigger.Auth {
	case specs.AuthSkewedTimestamp, specs.AuthGarbledTimestamp, specs.AuthMissingTimestamp:
		p.Problem = fmt.Sprintf("refused the request's time: %s: %s", apiErr.Code, firstLine(apiErr.Message))
		p.Fix = "set this machine's clock right (the signature carries the time)"
	case specs.AuthDeniedKey:
		p.Problem = fmt.Sprintf("accepted the credentials but does not allow %s: %s", action, apiErr.Code)
		p.Fix = "grant the key ecs:" + action + " (the suite only reads), or use another key"
	case specs.AuthUnknownAction, specs.AuthBadVersion:
		p.Problem = fmt.Sprintf("does not serve %s of API version %s: %s", action, op.Version, apiErr.Code)
		p.Fix = "point " + EnvEndpoint + " at an ECS endpoint"
	case specs.AuthReplayNonce:
		return nil // a fresh nonce was refused as used: the specs will tell
	case specs.AuthBadSignature:
		// The message goes on with the server's string to sign: no help
		// to someone whose secret is simply wrong.
		p.Problem = fmt.Sprintf("refused the credentials: %s: the signature made with %s is not the one the target computes for %s", apiErr.Code, EnvKeySecret, EnvKeyID)
		p.Fix = fmt.Sprintf("check %s and %s (and %s for a temporary STS key)", EnvKeyID, EnvKeySecret, EnvToken)
	default:
		p.Fix = fmt.Sprintf("check %s and %s (and %s for a temporary STS key)", EnvKeyID, EnvKeySecret, EnvToken)
	}
	return p
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	if len(line) > 160 {
		line = line[:160] + "…"
	}
	return line
}

// apiAnswer reports whether a 200 body is an answer of an ECS API: a JSON
// object, or an XML document carrying a RequestId. It does not judge the
// Content-Type: an answer labelled text/plain, or in XML where JSON was
// asked, comes from an ECS endpoint all the same, and is the specs' to
// report with the behaviour it breaks, not a reason to run none of them.
func apiAnswer(body []byte) bool {
	b := bytes.TrimSpace(body)
	switch {
	case len(b) > 0 && b[0] == '{':
		return json.Valid(b)
	case bytes.HasPrefix(b, []byte("<?xml")):
		return bytes.Contains(b, []byte("<RequestId>"))
	}
	return false
}

func excerptOf(body []byte) string {
	s := strings.Join(strings.Fields(string(body)), " ")
	if s == "" {
		return "and no body"
	}
	if len(s) > 80 {
		s = s[:80] + "…"
	}
	return fmt.Sprintf("(%q)", s)
}
