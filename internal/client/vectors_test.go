package client

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ecs-conformance/ecs-conformance/internal/signer"
	"github.com/ecs-conformance/ecs-conformance/internal/signer/signertest"
)

// The client must reproduce the signer's vectors from the same inputs;
// reading the signer's files keeps one copy of the facts.
type signerVector = signertest.Vector

func loadSignerVectors(t *testing.T) []signerVector {
	return signertest.Load(t, filepath.Join("..", "signer", "testdata", "vectors"))
}

// roundTripFunc lets a test stand in for the network.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// capture sends c's request to a transport that keeps it and answers 200.
func capture(t *testing.T, cfg Config, r Request) (*http.Request, []byte) {
	t.Helper()
	var sent *http.Request
	var body []byte
	cfg.HTTPClient = &http.Client{Transport: roundTripFunc(func(req *http.Request) (*http.Response, error) {
		sent = req
		if req.Body != nil {
			body, _ = io.ReadAll(req.Body)
		}
		return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader("{}")), Header: http.Header{}}, nil
	})}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Do(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	return sent, body
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	ts, err := time.Parse(signer.RPCTimestampLayout, s)
	if err != nil {
		t.Fatal(err)
	}
	return ts
}

// TestClientReproducesVectors pins the client to the SDK-computed vectors:
// given the same parameters, clock, nonce and credentials, it must put the
// same signature — and for RPC the very same query string — on the wire.
func TestClientReproducesVectors(t *testing.T) {
	for _, v := range loadSignerVectors(t) {
		t.Run(v.Name, func(t *testing.T) {
			if v.Scheme == "rpc" {
				checkRPCVectorClient(t, v)
			} else {
				checkV3VectorClient(t, v)
			}
		})
	}
}

func checkRPCVectorClient(t *testing.T, v signerVector) {
	cfg := Config{Endpoint: "https://ecs.aliyuncs.com", Scheme: SchemeRPC, AccessKeySecret: v.Secret}
	r := Request{Method: v.Method, Params: url.Values{}}
	for _, p := range v.Params {
		name, value := p[0], p[1]
		switch name {
		case "AccessKeyId":
			cfg.AccessKeyID = value
		case "Action":
			r.Action = value
		case "Version":
			cfg.Version = value
		case "Timestamp":
			cfg.Clock = fixedClock(mustTime(t, value))
		case "SignatureNonce":
			cfg.Nonce = fixedNonce(value)
		case "Format", "SignatureMethod", "SignatureVersion":
			// Constants of the client; the wire query comparison checks them.
		default:
			r.Params.Add(name, value)
		}
	}
	sent, body := capture(t, cfg, r)
	if sent.Method != v.Method {
		t.Errorf("method %s, want %s", sent.Method, v.Method)
	}
	if sent.URL.RawQuery != v.WireQuery {
		t.Errorf("query:\n got %s\nwant %s", sent.URL.RawQuery, v.WireQuery)
	}
	if got := sent.URL.Query().Get("Signature"); got != v.Signature {
		t.Errorf("Signature = %s, want %s", got, v.Signature)
	}
	if len(body) != 0 {
		t.Errorf("unexpected body %q", body)
	}
}

func checkV3VectorClient(t *testing.T, v signerVector) {
	h := http.Header{}
	for _, kv := range v.Headers {
		h.Add(kv[0], kv[1])
	}
	cfg := Config{
		Endpoint: "https://" + v.Host, AccessKeyID: v.AccessKeyID, AccessKeySecret: v.Secret,
		SecurityToken: h.Get("x-acs-security-token"), Version: h.Get("x-acs-version"),
		Clock: fixedClock(mustTime(t, h.Get("x-acs-date"))), Nonce: fixedNonce(h.Get("x-acs-signature-nonce")),
	}
	r := Request{Method: v.Method, Action: h.Get("x-acs-action"), Params: url.Values{}}
	for _, p := range v.Query {
		r.Params.Add(p[0], p[1])
	}
	if v.Body != "" {
		form, err := url.ParseQuery(v.Body)
		if err != nil {
			t.Fatal(err)
		}
		r.Params, r.InBody = form, true
	}
	sent, body := capture(t, cfg, r)
	if got := sent.Header.Get("Authorization"); got != v.Authorization {
		t.Errorf("Authorization:\n got %s\nwant %s", got, v.Authorization)
	}
	if string(body) != v.Body {
		t.Errorf("body %q, want %q", body, v.Body)
	}
	if sent.Host != v.Host {
		t.Errorf("Host %q, want %q", sent.Host, v.Host)
	}
	for name := range h {
		if got, want := sent.Header.Get(name), h.Get(name); got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
}
