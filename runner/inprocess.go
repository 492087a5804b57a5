package runner

import (
	"net/http"
	"net/http/httptest"
)

// InProcessEndpoint is the base URL of an in-process target. Nothing listens
// there: HandlerTransport answers it without a socket.
const InProcessEndpoint = "http://emulator.local"

// HandlerTransport carries requests straight into h, with no listener, the
// way fake-gcs-server serves its in-process clients. The handler sees the
// request as a server would (Host, RequestURI, a non-nil Body).
type HandlerTransport struct{ Handler http.Handler }

// RoundTrip implements http.RoundTripper.
func (t HandlerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	in := req.Clone(req.Context())
	if in.Body == nil {
		in.Body = http.NoBody
	}
	in.RequestURI = in.URL.RequestURI()
	if in.Host == "" {
		in.Host = in.URL.Host
	}
	in.RemoteAddr = "127.0.0.1:0"
	rec := httptest.NewRecorder()
	t.Handler.ServeHTTP(rec, in)
	resp := rec.Result()
	resp.Request = req
	return resp, nil
}
