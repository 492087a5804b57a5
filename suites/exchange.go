package suites

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"unicode/utf8"

	. "github.com/onsi/ginkgo/v2"

	"github.com/ecs-conformance/ecs-conformance/internal/client"
	"github.com/ecs-conformance/ecs-conformance/report"
)

// exchangeEntry names the report entry that carries a failed spec's last
// exchange; NewDocument reads it back.
const exchangeEntry = "conformance-exchange"

// maxExcerpt bounds each body in a report: enough for an error envelope or
// a page's first groups, never a whole walk.
const maxExcerpt = 4096

// exchangeLog is the spec's transport, wrapped: it remembers the last
// request and answer, redacted, so that a failed spec's report can show what
// went over the wire.
type exchangeLog struct {
	next http.RoundTripper
	mu   sync.Mutex
	last *report.Exchange
}

// recordExchanges wraps t and, once the spec is over, attaches the last
// exchange to the report of a spec that failed. The entry is never printed:
// Ginkgo's failure output already says what went wrong, the reports show it.
func recordExchanges(t http.RoundTripper) http.RoundTripper {
	l := &exchangeLog{next: t}
	DeferCleanup(func() {
		l.mu.Lock()
		last := l.last
		l.mu.Unlock()
		if last != nil && CurrentSpecReport().Failed() {
			data, err := json.Marshal(last)
			if err == nil {
				AddReportEntry(exchangeEntry, string(data), ReportEntryVisibilityNever)
			}
		}
	})
	return l
}

// RoundTrip implements http.RoundTripper.
func (l *exchangeLog) RoundTrip(req *http.Request) (*http.Response, error) {
	ex := &report.Exchange{Request: report.Request{
		Method: req.Method,
		URL:    client.RedactURL(req.URL),
		Header: client.RedactHeader(req.Header),
	}}
	if req.Body != nil && req.Body != http.NoBody {
		body, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		req.Body = io.NopCloser(bytes.NewReader(body))
		ex.Request.Body, ex.Request.BodyTruncated = excerpt(client.RedactForm(body, req.Header.Get("Content-Type")))
	}
	resp, err := l.next.RoundTrip(req)
	if err != nil {
		ex.Error = err.Error()
	} else {
		body, rerr := io.ReadAll(resp.Body)
		resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(body))
		if rerr != nil {
			// Hand the error on as the client would have met it.
			resp.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), errReader{rerr}))
		}
		ex.Response = &report.Response{Status: resp.StatusCode, Header: client.RedactHeader(resp.Header)}
		ex.Response.Body, ex.Response.BodyTruncated = excerpt(body)
	}
	l.mu.Lock()
	l.last = ex
	l.mu.Unlock()
	return resp, err
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// excerpt is the start of a body as text, and whether it was cut.
func excerpt(b []byte) (string, bool) {
	cut := len(b) > maxExcerpt
	if cut {
		b = b[:maxExcerpt]
	}
	s := string(b)
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return s, cut
}
