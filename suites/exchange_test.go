package suites

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

type answerFunc func(*http.Request) (*http.Response, error)

func (f answerFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestExchangeLog: the log keeps the last exchange with secrets redacted
// and bodies cut, and hands both bodies on intact.
func TestExchangeLog(t *testing.T) {
	long := strings.Repeat("g", maxExcerpt+10)
	var seen string
	l := &exchangeLog{next: answerFunc(func(r *http.Request) (*http.Response, error) {
		b, _ := io.ReadAll(r.Body)
		seen = string(b)
		rec := httptest.NewRecorder()
		rec.Header().Set("Content-Type", "application/json")
		rec.WriteHeader(400)
		rec.WriteString(long)
		return rec.Result(), nil
	})}
	req, _ := http.NewRequest("POST", "http://127.0.0.1:8080/?AccessKeyId=LTAIkey&Signature=sig&RegionId=cn-hangzhou", strings.NewReader("AccessKeyId=LTAIkey&Signature=sig&PageSize=10"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "ACS3-HMAC-SHA256 Credential=LTAIkey,Signature=sig")
	resp, err := l.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	if string(body) != long || !strings.Contains(seen, "LTAIkey") {
		t.Fatalf("the bodies did not reach their readers intact (request %q, answer of %d bytes)", seen, len(body))
	}
	ex := l.last
	all := ex.Request.URL + ex.Request.Body + strings.Join(ex.Request.Header["Authorization"], "")
	if strings.Contains(all, "LTAIkey") || strings.Contains(all, "sig&") || !strings.Contains(ex.Request.Body, "PageSize=10") {
		t.Errorf("the kept request is not redacted, or lost what is no secret: %+v", ex.Request)
	}
	if ex.Response == nil || ex.Response.Status != 400 || len(ex.Response.Body) != maxExcerpt || !ex.Response.BodyTruncated {
		t.Errorf("the kept answer is not a %d-byte excerpt of the 400: %+v", maxExcerpt, ex.Response)
	}
}
