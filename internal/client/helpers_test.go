package client

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ecs-conformance/ecs-conformance/internal/signer"
)

const (
	testAK     = "LTAI5tTESTACCESSKEYID"
	testSecret = "TestAccessKeySecret0123456789"
)

var testTime = time.Date(2026, 11, 26, 20, 20, 7, 0, time.UTC)

// received is a request as the test server saw it.
type received struct {
	Method string
	Path   string
	Query  url.Values
	Host   string
	Header http.Header
	Body   []byte
}

// recorder is an httptest server that keeps the requests it receives and
// answers each with a fixed status and body.
type recorder struct {
	*httptest.Server
	mu     sync.Mutex
	got    []received
	status int
	body   string
}

func newRecorder(t *testing.T) *recorder {
	t.Helper()
	rec := &recorder{status: http.StatusOK, body: `{"RequestId":"R"}`}
	rec.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rec.mu.Lock()
		rec.got = append(rec.got, received{r.Method, r.URL.Path, r.URL.Query(), r.Host, r.Header.Clone(), body})
		status, answer := rec.status, rec.body
		rec.mu.Unlock()
		w.Header().Set("Content-Type", "application/json;charset=utf-8")
		w.WriteHeader(status)
		io.WriteString(w, answer)
	}))
	t.Cleanup(rec.Close)
	return rec
}

func (rec *recorder) last(t *testing.T) received {
	t.Helper()
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.got) == 0 {
		t.Fatal("the server received no request")
	}
	return rec.got[len(rec.got)-1]
}

func fixedNonce(n string) func() string { return func() string { return n } }
func fixedClock(t time.Time) func() time.Time {
	return func() time.Time { return t }
}

// newTestClient returns a client aimed at rec with a fixed clock and nonce.
func newTestClient(t *testing.T, rec *recorder, scheme Scheme, token string) *Client {
	t.Helper()
	c, err := New(Config{
		Endpoint: rec.URL, AccessKeyID: testAK, AccessKeySecret: testSecret, SecurityToken: token,
		Scheme: scheme, Clock: fixedClock(testTime), Nonce: fixedNonce("0123456789abcdef0123456789abcdef"),
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// rpcParams merges the query and, for a form POST, the body: every
// parameter the RPC signature covers.
func (r received) rpcParams(t *testing.T) url.Values {
	t.Helper()
	params := url.Values{}
	for name, values := range r.Query {
		params[name] = append(params[name], values...)
	}
	if len(r.Body) > 0 {
		if ct := r.Header.Get("Content-Type"); ct != "application/x-www-form-urlencoded" {
			t.Fatalf("a body with content-type %q", ct)
		}
		form, err := url.ParseQuery(string(r.Body))
		if err != nil {
			t.Fatalf("body: %v", err)
		}
		for name, values := range form {
			params[name] = append(params[name], values...)
		}
	}
	return params
}

// verifyRPC recomputes the RPC signature of r from what the server received
// and reports whether the sent Signature matches.
func verifyRPC(t *testing.T, r received, secret string) bool {
	t.Helper()
	params := r.rpcParams(t)
	want := signer.RPCSign(secret, signer.RPCStringToSign(r.Method, params))
	return signer.Equal(want, params.Get("Signature"))
}

// verifyV3 recomputes the V3 signature of r from what the server received,
// as an emulator would, and reports whether it matches. It also fails the
// test when the request breaks the scheme's structural rules: an unparsable
// Authorization, a wrong body hash, or a host, content-type or x-acs-*
// header left unsigned.
func verifyV3(t *testing.T, r received, secret string) bool {
	t.Helper()
	auth, err := signer.ParseAuthorization(r.Header.Get("Authorization"))
	if err != nil {
		t.Fatalf("Authorization: %v", err)
	}
	payload := signer.HashPayload(r.Body)
	if got := r.Header.Get("x-acs-content-sha256"); got != payload {
		t.Errorf("x-acs-content-sha256 = %q, the body hashes to %s", got, payload)
	}
	signed := map[string]bool{}
	for _, name := range auth.SignedHeaders {
		signed[name] = true
	}
	for name := range r.Header {
		lower := strings.ToLower(name)
		if (lower == "content-type" || strings.HasPrefix(lower, "x-acs-")) && !signed[lower] {
			t.Errorf("header %s is sent but not signed (SignedHeaders=%s)", lower, strings.Join(auth.SignedHeaders, ";"))
		}
	}
	if !signed["host"] {
		t.Errorf("host is not signed")
	}
	cr := signer.CanonicalRequest(r.Method, r.Path, r.Query, r.Header, r.Host, auth.SignedHeaders, payload)
	return signer.Equal(signer.V3Sign(secret, signer.V3StringToSign(cr)), auth.Signature)
}

func verify(t *testing.T, scheme Scheme, r received, secret string) bool {
	t.Helper()
	if scheme == SchemeRPC {
		return verifyRPC(t, r, secret)
	}
	return verifyV3(t, r, secret)
}

func (rec *recorder) count() int {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return len(rec.got)
}
