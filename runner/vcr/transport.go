package vcr

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
)

// offline is the real transport of a replaying recorder: replay must never
// reach the network, so any call is a wiring bug and fails loudly.
type offline struct{}

func (offline) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		r.Body.Close()
	}
	return nil, fmt.Errorf("vcr: replay mode tried to send %s %s to the network; replay must stay offline, so this is a bug in the recorder wiring (report it)", r.Method, r.URL.Redacted())
}

// stripCase removes CaseHeader before a request leaves for a live endpoint:
// it is a label for the cassette, not part of the API call. The recorder has
// already captured the request with the header.
type stripCase struct{ next http.RoundTripper }

func (s stripCase) RoundTrip(r *http.Request) (*http.Response, error) {
	if len(headerValues(r.Header, CaseHeader)) == 0 {
		return s.next.RoundTrip(r)
	}
	out := r.Clone(r.Context())
	for name := range out.Header {
		if http.CanonicalHeaderKey(name) == CaseHeader {
			delete(out.Header, name)
		}
	}
	return s.next.RoundTrip(out)
}

// readBody reads and closes a request body, returning its bytes.
func readBody(r *http.Request) ([]byte, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	defer r.Body.Close()
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, fmt.Errorf("vcr: reading the body of %s %s: %w", r.Method, r.URL.Redacted(), err)
	}
	return body, nil
}

// withBody returns a shallow copy of r with a fresh, re-readable body, so
// go-vcr can read it without consuming the caller's request.
func withBody(r *http.Request, body []byte) *http.Request {
	out := r.Clone(r.Context())
	if len(body) == 0 {
		out.Body = http.NoBody
		out.GetBody = func() (io.ReadCloser, error) { return http.NoBody, nil }
		return out
	}
	out.Body = io.NopCloser(bytes.NewReader(body))
	out.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	out.ContentLength = int64(len(body))
	return out
}
