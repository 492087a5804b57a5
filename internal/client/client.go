package client

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/ecs-conformance/ecs-conformance/internal/signer"
)

// Do signs r, sends it and returns the answer, whatever its HTTP status: a
// 4xx or 5xx is a *Response like any other, to be judged by the caller. Do
// returns an error only when r cannot be built (the message says which field
// is wrong) or when no HTTP answer arrived (connection refused, timeout,
// ctx done; errors.Is works on the cause).
func (c *Client) Do(ctx context.Context, r Request) (*Response, error) {
	req, err := c.NewHTTPRequest(ctx, r)
	if err != nil {
		return nil, err
	}
	logURL := redactURL(req.URL)
	resp, err := c.cfg.HTTPClient.Do(req)
	if err != nil {
		// *url.Error repeats the full URL, AccessKeyId and Signature
		// included; keep only its cause so the message can be logged.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("client: %s %s: %w", req.Method, logURL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("client: reading the %d answer to %s %s: %w", resp.StatusCode, req.Method, logURL, err)
	}
	return &Response{StatusCode: resp.StatusCode, Header: resp.Header, Body: body, RequestURL: logURL}, nil
}

// NewHTTPRequest builds the signed *http.Request that Do would send, without
// sending it. Suites rarely need it; it lets a test inspect or replay the
// exact request.
func (c *Client) NewHTTPRequest(ctx context.Context, r Request) (*http.Request, error) {
	k, err := c.resolve(r)
	if err != nil {
		return nil, err
	}
	var w wire
	switch c.cfg.Scheme {
	case SchemeRPC:
		w, err = k.rpc()
	default:
		w, err = k.v3(c.base.Host)
	}
	if err != nil {
		return nil, err
	}
	w.applyHeaderTamper(r.Tamper.Header)
	if r.Tamper.Body != nil {
		w.body = r.Tamper.Body
	}

	u := *c.base
	u.RawQuery = w.query.Encode()
	var body io.Reader
	if w.body != nil {
		body = bytes.NewReader(w.body)
	}
	req, err := http.NewRequestWithContext(ctx, k.method, u.String(), body)
	if err != nil {
		return nil, fmt.Errorf("client: building the %s request: %w", k.action, err)
	}
	req.Header = w.header
	req.Host = w.host
	return req, nil
}

// call is a Request with the Config and Tamper resolved into plain values.
type call struct {
	method, action, version string
	format                  string
	accessKeyID, secret     string
	securityToken           string
	timestamp, nonce        string
	userAgent               string
	params                  url.Values
	inBody                  bool
	header                  http.Header
	corrupt                 bool
	malformedAuthorization  string
	omit                    *omitSet
	unsigned                []string
}

func (c *Client) resolve(r Request) (*call, error) {
	t := r.Tamper
	k := &call{
		method:                 r.Method,
		action:                 or(t.Action, r.Action),
		version:                or(t.Version, c.cfg.Version),
		format:                 or(t.Format, "JSON"),
		accessKeyID:            or(t.AccessKeyID, c.cfg.AccessKeyID),
		secret:                 or(t.Secret, c.cfg.AccessKeySecret),
		securityToken:          c.cfg.SecurityToken,
		nonce:                  t.Nonce,
		userAgent:              c.cfg.UserAgent,
		params:                 cloneValues(r.Params),
		inBody:                 r.InBody,
		header:                 http.Header{},
		corrupt:                t.CorruptSignature,
		malformedAuthorization: t.MalformedAuthorization,
		omit:                   newOmitSet(t.Omit),
		unsigned:               t.Unsigned,
	}
	if k.method == "" {
		k.method = http.MethodPost
	}
	if k.action == "" {
		return nil, errors.New("client: Request.Action is empty; name the API to call, e.g. \"DescribeSecurityGroups\" (Tamper.Omit drops it on purpose)")
	}
	if k.inBody && k.method != http.MethodPost {
		return nil, fmt.Errorf("client: Request.InBody needs method POST, not %q", k.method)
	}
	if t.Timestamp != nil && t.RawTimestamp != "" {
		return nil, errors.New("client: set Tamper.Timestamp or Tamper.RawTimestamp, not both")
	}
	if t.MalformedAuthorization != "" && c.cfg.Scheme != SchemeV3 {
		return nil, errors.New("client: Tamper.MalformedAuthorization applies to the v3 scheme only; for rpc, corrupt the signature or omit it")
	}
	if len(t.Unsigned) > 0 && c.cfg.Scheme != SchemeV3 {
		return nil, errors.New("client: Tamper.Unsigned applies to the v3 scheme only; rpc signs parameters, not headers")
	}
	if t.Body != nil && !r.InBody {
		return nil, errors.New("client: Tamper.Body replaces a signed form body: set Request.InBody too")
	}
	if t.Format != "" && c.cfg.Scheme != SchemeRPC {
		return nil, errors.New("client: Tamper.Format applies to the rpc scheme only; v3 requests have no Format parameter (put one in Params to send it anyway)")
	}
	switch {
	case t.RawTimestamp != "":
		k.timestamp = t.RawTimestamp
	case t.Timestamp != nil:
		k.timestamp = t.Timestamp.UTC().Format(signer.RPCTimestampLayout)
	default:
		k.timestamp = c.cfg.Clock().UTC().Format(signer.RPCTimestampLayout)
	}
	if k.nonce == "" {
		k.nonce = c.cfg.Nonce()
	}
	for name, values := range r.Header {
		k.header[http.CanonicalHeaderKey(name)] = append([]string(nil), values...)
	}
	return k, nil
}

// wire is a signed request, ready to be put into an *http.Request.
type wire struct {
	query  url.Values
	body   []byte // nil: no body
	header http.Header
	host   string
}

func (w *wire) applyHeaderTamper(h http.Header) {
	for name, values := range h {
		key := http.CanonicalHeaderKey(name)
		if key == "Host" {
			if len(values) > 0 {
				w.host = values[0]
			}
			continue
		}
		w.header[key] = append([]string(nil), values...)
	}
}

// corruptSignature replaces the first character of sig by another character
// of the same alphabet, so that the result still looks like a signature.
func corruptSignature(sig string) string {
	if sig == "" {
		return "0"
	}
	repl := byte('0')
	if sig[0] == '0' {
		repl = '1'
	}
	return string(repl) + sig[1:]
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for name, values := range v {
		out[name] = append([]string(nil), values...)
	}
	return out
}
