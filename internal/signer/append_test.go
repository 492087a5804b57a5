package signer

import (
	"math/rand/v2"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
)

// The reference implementations below are the string-building versions
// the Append functions replaced; the tests hold the two to the same bytes.

func refCanonicalQueryString(q url.Values) string {
	names := make([]string, 0, len(q))
	for name := range q {
		names = append(names, name)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, name := range names {
		values := q[name]
		if len(values) > 1 {
			values = append([]string(nil), values...)
			sort.Strings(values)
		}
		for _, v := range values {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(PercentEncode(name))
			b.WriteByte('=')
			b.WriteString(PercentEncode(v))
		}
	}
	return b.String()
}

func refRPCStringToSign(method string, params url.Values) string {
	rest := make(url.Values, len(params))
	for name, values := range params {
		if name != "Signature" {
			rest[name] = values
		}
	}
	return method + "&%2F&" + PercentEncode(refCanonicalQueryString(rest))
}

func refCanonicalRequest(method, uri string, query url.Values, headers http.Header, host string, signedHeaders []string, payloadHash string) string {
	var b strings.Builder
	b.WriteString(method + "\n" + uri + "\n" + refCanonicalQueryString(query) + "\n")
	names := make([]string, len(signedHeaders))
	for i, name := range signedHeaders {
		name = strings.ToLower(name)
		names[i] = name
		var value string
		if name == "host" {
			value = strings.TrimSpace(host)
		} else {
			values := headers.Values(name)
			trimmed := make([]string, len(values))
			for i, v := range values {
				trimmed[i] = strings.TrimSpace(v)
			}
			sort.Strings(trimmed)
			value = strings.Join(trimmed, ",")
		}
		b.WriteString(name + ":" + value + "\n")
	}
	b.WriteString("\n" + strings.Join(names, ";") + "\n" + payloadHash)
	return b.String()
}

// randomText mixes unreserved bytes, reserved ones, spaces, '%', '*',
// '+', multi-byte UTF-8 and invalid bytes.
func randomText(r *rand.Rand) string {
	const alphabet = "aZ09-_.~ %*+=&/:;,\"\xff\x00"
	var b strings.Builder
	for range r.IntN(8) {
		if r.IntN(6) == 0 {
			b.WriteString("é中")
			continue
		}
		b.WriteByte(alphabet[r.IntN(len(alphabet))])
	}
	return b.String()
}

func randomValues(r *rand.Rand) url.Values {
	q := url.Values{}
	for range r.IntN(40) {
		name := randomText(r)
		if r.IntN(3) == 0 {
			name = []string{"Signature", "Action", "Tag.1.Key", "Tag.10.Key", "Tag.2.Key"}[r.IntN(5)]
		}
		q[name] = append(q[name], randomText(r))
	}
	return q
}

func TestAppendMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	names := []string{"host", "Host", "x-acs-date", "X-ACS-Action", "x-acs-multi", "x-acs-absent", "content-type", "x_odd", "bad name", "x-acs-\u212Aelvin"}
	for i := range 5000 {
		q := randomValues(r)
		if got, want := CanonicalQueryString(q), refCanonicalQueryString(q); got != want {
			t.Fatalf("case %d: CanonicalQueryString\n got %q\nwant %q", i, got, want)
		}
		if got, want := RPCStringToSign("POST", q), refRPCStringToSign("POST", q); got != want {
			t.Fatalf("case %d: RPCStringToSign\n got %q\nwant %q", i, got, want)
		}
		h := http.Header{}
		h.Set("X-Acs-Date", " 2026-11-26T12:00:00Z ")
		h.Set("X-Acs-Action", randomText(r))
		h.Add("X-Acs-Multi", "b ")
		h.Add("X-Acs-Multi", " a")
		h["bad name"] = []string{"raw"}
		h.Set("X_odd", randomText(r))
		var signed []string
		for _, n := range names {
			if r.IntN(2) == 0 {
				signed = append(signed, n)
			}
		}
		got := CanonicalRequest("GET", "/", q, h, " example.com:80 ", signed, EmptyPayloadHash)
		want := refCanonicalRequest("GET", "/", q, h, " example.com:80 ", signed, EmptyPayloadHash)
		if got != want {
			t.Fatalf("case %d: CanonicalRequest (signed %q)\n got %q\nwant %q", i, signed, got, want)
		}
	}
}

// TestAppendAllocatesNothing pins what the verifier relies on: with a
// buffer large enough, building a V3 canonical request of the SDK's shape
// or an RPC string-to-sign allocates nothing.
func TestAppendAllocatesNothing(t *testing.T) {
	q := url.Values{"RegionId": {"cn-hangzhou"}, "MaxResults": {"10"}, "Tag.1.Key": {"env prod"}}
	h := http.Header{}
	signed := []string{"host", "x-acs-action", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce", "x-acs-version"}
	for _, n := range signed[1:] {
		h.Set(n, "value")
	}
	buf := make([]byte, 0, 4096)
	if n := testing.AllocsPerRun(100, func() {
		buf = AppendCanonicalRequest(buf[:0], "POST", "/", q, h, "127.0.0.1:8080", signed, EmptyPayloadHash)
	}); n != 0 {
		t.Errorf("AppendCanonicalRequest: %v allocations", n)
	}
	rpc := url.Values{"Action": {"DescribeSecurityGroups"}, "Signature": {"x"}, "Timestamp": {"2026-11-26T12:00:00Z"}, "RegionId": {"cn-hangzhou"}}
	if n := testing.AllocsPerRun(100, func() { buf = AppendRPCStringToSign(buf[:0], "POST", rpc) }); n != 0 {
		t.Errorf("AppendRPCStringToSign: %v allocations", n)
	}
}
