package emulator

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/ecs-conformance/ecs-conformance/emulator/store"
)

// FuzzDecodeRequest feeds arbitrary methods, paths, content types, queries
// and bodies to an emulator with authentication on and one with it off (so
// that decoding and validation are reached too). Every answer must be a
// contract code below 500, in a bounded JSON or XML body; nothing may panic.
func FuzzDecodeRequest(f *testing.F) {
	f.Add("GET", "/", "", "Action=DescribeSecurityGroups&RegionId=cn-hangzhou", "")
	f.Add("POST", "/", formContentType, "Action=DescribeSecurityGroups", "RegionId=cn-hangzhou&MaxResults=5&Tag.1.Key=env")
	f.Add("POST", "/", "application/json", "Action=DescribeSecurityGroups", `{"RegionId":"cn-hangzhou"}`)
	f.Add("GET", "/", "", "Action=DescribeSecurityGroups&RegionId=cn-hangzhou&SecurityGroupIds=%5B%22sg-a%22%5D&NextToken=AQ", "")
	f.Add("GET", "/", "", "Action=DescribeSecurityGroups&RegionId=cn-hangzhou&Tag.0.Key=%zz&Format=XML", "")
	f.Add("PUT", "/x", "text/plain", "%ff=%00", "\x00\xff")
	f.Add("GET", "/", "", "AccessKeyId="+DefaultAccessKeyID+"&Action=DescribeSecurityGroups&Version=2014-05-26&Timestamp=2026-11-26T20:20:07Z&SignatureNonce=1&Signature=x&RegionId=cn-hangzhou", "")
	f.Add("POST", "/", formContentType+"; charset=UTF-8", "Action=DescribeSecurityGroups&PageNumber=99999999999&PageSize=50", "RegionId=cn-hangzhou&ServiceManaged=TRUE&NetworkType=classic")
	servers := []*Server{
		newTestServer(f, nil),
		newTestServer(f, func(o *Options) { o.DisableAuth = true }),
	}
	f.Fuzz(func(t *testing.T, method, path, contentType, rawQuery, body string) {
		r := &http.Request{
			Method: method, URL: &url.URL{Path: path, RawQuery: rawQuery}, Host: "127.0.0.1:8080",
			Header: http.Header{}, Body: http.NoBody, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		}
		if contentType != "" {
			r.Header.Set("Content-Type", contentType)
		}
		if body != "" {
			r.Body = httpBody(body)
			r.ContentLength = int64(len(body))
		}
		if strings.HasPrefix(path, controlPrefix) {
			return // the control endpoints are not the API
		}
		for _, s := range servers {
			if body != "" {
				r.Body = httpBody(body)
			}
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, r)
			checkFuzzAnswer(t, rec)
		}
	})
}

func httpBody(s string) *bodyReader { return &bodyReader{strings.NewReader(s)} }

type bodyReader struct{ *strings.Reader }

func (bodyReader) Close() error { return nil }

// checkFuzzAnswer checks one answer of FuzzDecodeRequest.
func checkFuzzAnswer(t *testing.T, rec *httptest.ResponseRecorder) {
	t.Helper()
	if rec.Code >= 500 {
		t.Fatalf("server error %d: %s", rec.Code, rec.Body)
	}
	if rec.Body.Len() > 1<<20 {
		t.Fatalf("answer of %d bytes", rec.Body.Len())
	}
	if strings.HasPrefix(rec.Header().Get("Content-Type"), "text/xml") {
		if err := xmlWellFormed(rec.Body.Bytes()); err != nil {
			t.Fatalf("XML answer is not well-formed: %v\n%s", err, rec.Body)
		}
		return
	}
	var e errorBody
	if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil {
		t.Fatalf("answer is not JSON: %v: %s", err, rec.Body)
	}
	if rec.Code == 200 {
		return
	}
	entry := op().Error(e.Code)
	if entry == nil || entry.Status != rec.Code {
		t.Fatalf("answer %d %q is not a contract code with its status", rec.Code, e.Code)
	}
}

// FuzzDecodeToken checks page-token decoding: it never panics, accepts only
// the exact tokens it issued for the query, and rejects every mutation of a
// valid token.
func FuzzDecodeToken(f *testing.F) {
	codec := newTokenCodec([]byte("fuzz key"))
	binding := queryBinding(&store.Query{Account: DefaultAccount, Region: "cn-hangzhou", VpcID: "vpc-1"})
	other := queryBinding(&store.Query{Account: DefaultAccount, Region: "cn-hangzhou", VpcID: "vpc-2"})
	valid := codec.encode(binding, "sg-bp1zq1aw66d3ym32nb0v")
	f.Add(valid, 0, byte('A'))
	f.Add(valid, len(valid)-1, byte('B'))
	f.Add("", 0, byte(0))
	f.Add("AQ", 1, byte('='))
	f.Add("e71d8a535bd9cc11", 3, byte('x'))
	f.Add(strings.Repeat("A", 600), 10, byte('-'))
	f.Add(valid, 5, byte('\n'))
	f.Add(valid, 0, byte('\r'))
	f.Fuzz(func(t *testing.T, token string, at int, b byte) {
		if id, ok := codec.decode(binding, token); ok {
			if again := codec.encode(binding, id); again != token {
				t.Fatalf("accepted %q, which is not the token issued for %q (%q)", token, id, again)
			}
			if _, ok := codec.decode(other, token); ok {
				t.Fatalf("token %q accepted for another query", token)
			}
		}
		id := "sg-" + strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, token)
		if len(id) > 64 {
			id = id[:64]
		}
		good := codec.encode(binding, id)
		if got, ok := codec.decode(binding, good); !ok || got != id {
			t.Fatalf("own token for %q decodes to %q, %v", id, got, ok)
		}
		mutated := []byte(good)
		mutated[int(uint(at)%uint(len(mutated)))] = b
		if string(mutated) != good {
			if _, ok := codec.decode(binding, string(mutated)); ok {
				t.Fatalf("mutated token %q accepted (from %q)", mutated, good)
			}
		}
		if _, ok := codec.decode(binding, good[:int(uint(at)%uint(len(good)))]); ok {
			t.Fatalf("truncated token accepted")
		}
		// A byte inserted anywhere (CR and LF, which the base64 decoder
		// skips, included) makes another spelling: never accepted.
		pos := int(uint(at) % uint(len(good)+1))
		if _, ok := codec.decode(binding, good[:pos]+string(b)+good[pos:]); ok {
			t.Fatalf("token with %q inserted at %d accepted (from %q)", b, pos, good)
		}
	})
}
