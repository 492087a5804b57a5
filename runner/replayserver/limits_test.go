package replayserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecs-conformance/ecs-conformance/schemas"
	"github.com/ecs-conformance/ecs-conformance/specs"
)

// manyParams is an RPC request with n business parameters on top of the
// common ones.
func manyParams(n int, value string) *http.Request {
	var b strings.Builder
	b.WriteString("/?Action=DescribeSecurityGroups&Version=2014-05-26&Format=JSON&AccessKeyId=k&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&SignatureNonce=n&Timestamp=2026-11-26T20%3A20%3A07Z&Signature=s&RegionId=cn-hangzhou")
	for i := range n {
		fmt.Fprintf(&b, "&Tag.%d.Key=%s", i+1, value)
	}
	return httptest.NewRequest("POST", b.String(), nil)
}

// TestMissPathBounded checks that a request with more parameters than
// MaxParams is refused before matching, and that the diagnosis of a miss
// neither echoes the request whole nor lists every difference.
func TestMissPathBounded(t *testing.T) {
	s, err := New(Options{Dir: recordTree(t)})
	if err != nil {
		t.Fatal(err)
	}
	answer := func(r *http.Request) (int, string, string) {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, r)
		var env struct{ Code, Message string }
		if err := json.Unmarshal(rec.Body.Bytes(), &env); err != nil {
			t.Fatalf("answer is not JSON: %v: %.200s", err, rec.Body)
		}
		return rec.Code, env.Code, env.Message
	}
	status, code, msg := answer(manyParams(5000, "x"))
	if status != 400 || code != codeInvalidRequest || !strings.Contains(msg, "at most 256") {
		t.Fatalf("5000 parameters: %d %s %q", status, code, msg)
	}
	// A form body counts too.
	r := manyParams(200, "x")
	r.Body = io.NopCloser(strings.NewReader(strings.Repeat("Tag.1.Value=v&", 100)))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if status, _, msg = answer(r); status != 400 || !strings.Contains(msg, "at most 256") {
		t.Fatalf("300 parameters across query and body: %d %q", status, msg)
	}
	// Under the bound, a miss is diagnosed, within bounds.
	for _, tt := range []struct {
		name string
		r    *http.Request
	}{
		{"one huge value", manyParams(1, strings.Repeat("v", 60<<10))},
		{"many differences", manyParams(200, "x")},
	} {
		status, code, msg := answer(tt.r)
		if status != 404 || code != codeNoRecordedInteraction || !strings.Contains(msg, "closest:") {
			t.Fatalf("%s: %d %s %.300q", tt.name, status, code, msg)
		}
		if len(msg) > 4<<10 {
			t.Errorf("%s: the diagnosis is %d bytes: %.300q", tt.name, len(msg), msg)
		}
	}
	if _, _, msg := answer(manyParams(200, "x")); !strings.Contains(msg, "more") {
		t.Errorf("200 differences listed without saying some were left out: %.300q", msg)
	}
}

// BenchmarkMiss5000Params measures the CPU one unmatched request with 5,000
// parameters costs against the committed V3 cassettes, with the default
// bound and without one:
//
//	go test -run '^$' -bench Miss5000Params ./runner/replayserver/
func BenchmarkMiss5000Params(b *testing.B) {
	dir := filepath.Join("..", "..", "cassettes", "emulator", "v3")
	for _, bb := range []struct {
		name string
		max  int
	}{{"bounded", 0}, {"unbounded", 1 << 20}} {
		b.Run(bb.name, func(b *testing.B) {
			// The contract's request schema, as cmd/conformance validates.
			validate := func(action string, p url.Values) error {
				if res := schemas.WireRequest(specs.Lookup(action), p); !res.OK() {
					return errors.New(res.Error())
				}
				return nil
			}
			s, err := New(Options{Dir: dir, MaxParams: bb.max, Validate: validate})
			if err != nil {
				b.Fatal(err)
			}
			r := manyParams(5000, "x")
			for b.Loop() {
				rec := httptest.NewRecorder()
				s.ServeHTTP(rec, r)
				if rec.Code < 400 {
					b.Fatal(rec.Code)
				}
			}
		})
	}
}
