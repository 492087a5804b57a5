package proxy

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/ecs-conformance/ecs-conformance/internal/httpserve"
	"github.com/ecs-conformance/ecs-conformance/runner/vcr"
)

// hopHeaders are connection-level headers (RFC 9110 §7.6.1) a proxy does
// not forward, plus Accept-Encoding: left to Go's transport, it asks for
// gzip and decompresses, so cassettes and contract checks see JSON text.
var hopHeaders = []string{
	"Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "Proxy-Connection",
	"Te", "Trailer", "Transfer-Encoding", "Upgrade", "Accept-Encoding",
}

// recordedHost stands for a loopback upstream in recorded URLs: its port
// changes from run to run, and a cassette must not.
const recordedHost = "upstream.local"

// outgoing builds the request the upstream gets: the client's method, path,
// query, body and headers, without hop-by-hop headers and the proxy's own
// (X-Conformance-Recording, X-Conformance-Context). The URL's host is what
// goes into a cassette: the upstream's, or recordedHost for a loopback one;
// the forwarder dials the real upstream. The CaseHeader stays: the recorder
// keys on it and strips it before sending.
func (p *Proxy) outgoing(r *http.Request, body []byte) *http.Request {
	u := &url.URL{Scheme: p.opts.Upstream.Scheme, Host: p.opts.Upstream.Host, Path: r.URL.Path, RawPath: r.URL.RawPath, RawQuery: r.URL.RawQuery}
	if p.loopbackUpstream {
		u.Host = recordedHost
	}
	out, _ := http.NewRequestWithContext(r.Context(), r.Method, u.String(), bytes.NewReader(body))
	out.Header = r.Header.Clone()
	for _, h := range hopHeaders {
		out.Header.Del(h)
	}
	// Headers named by Connection are hop-by-hop too.
	for _, v := range r.Header.Values("Connection") {
		for _, name := range strings.Split(v, ",") {
			out.Header.Del(strings.TrimSpace(name))
		}
	}
	out.Header.Del(RecordingHeader)
	out.Header.Del(vcr.ContextHeader)
	out.Header.Del("Content-Length") // the transport sets it from the body
	out.Host = r.Host
	out.ContentLength = int64(len(body))
	if len(body) == 0 {
		out.Body = http.NoBody
	}
	out.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	return out
}

// forwarder is the transport to the upstream: it points the request at the
// real upstream, decides its Host and re-signs V3 when the Host changes.
type forwarder struct {
	p    *Proxy
	next http.RoundTripper
}

func (f forwarder) RoundTrip(r *http.Request) (*http.Response, error) {
	out := r.Clone(r.Context())
	out.URL.Scheme, out.URL.Host = f.p.opts.Upstream.Scheme, f.p.opts.Upstream.Host
	clientHost := r.Host
	if f.p.hostPolicy == HostUpstream {
		out.Host = f.p.opts.Upstream.Host
		if f.p.opts.Credentials != nil && clientHost != out.Host {
			body, err := readAll(out)
			if err != nil {
				return nil, err
			}
			resignV3(out, clientHost, body, *f.p.opts.Credentials)
		}
	}
	return f.next.RoundTrip(out)
}

// readAll reads a request's body and puts a fresh copy back.
func readAll(r *http.Request) ([]byte, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	body, err := io.ReadAll(r.Body)
	r.Body.Close()
	if err != nil {
		return nil, err
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	return body, nil
}

// hostPolicyFor resolves HostAuto for an upstream.
func hostPolicyFor(policy HostPolicy, upstream *url.URL) HostPolicy {
	if policy != HostAuto {
		return policy
	}
	if upstream != nil && isLoopbackHost(upstream.Host) {
		return HostClient
	}
	return HostUpstream
}

// isLoopbackHost reports whether a host[:port] is a loopback address or
// localhost.
func isLoopbackHost(hostport string) bool {
	if _, _, err := net.SplitHostPort(hostport); err != nil {
		hostport = net.JoinHostPort(strings.Trim(hostport, "[]"), "0")
	}
	return httpserve.IsLoopback(hostport)
}
