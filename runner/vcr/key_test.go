package vcr

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"gopkg.in/dnaeon/go-vcr.v2/cassette"
)

func TestCanonicalKeyIgnoresEncodingAndVolatileFields(t *testing.T) {
	rpc := call{}
	v3 := call{style: StyleV3}
	tests := []struct {
		name string
		a, b call
	}{
		{"npm encoding (%20, raw *, insertion order) vs Go encoding (+, %2A, sorted)", rpc, call{npm: true}},
		{"V3: npm encoding vs Go encoding", v3, call{style: StyleV3, npm: true}},
		{"query vs form body", rpc, call{inBody: true}},
		{"V3: query vs form body", v3, call{style: StyleV3, inBody: true}},
		{"another nonce and timestamp (so another signature)", rpc, call{nonce: "ffffffffffffffffffffffffffffffff", timestamp: "2030-01-01T00:00:00Z"}},
		{"V3: another nonce and date", v3, call{style: StyleV3, nonce: "0000", timestamp: "2030-01-01T00:00:00Z"}},
		{"V3: lower-case header names in the map", v3, call{style: StyleV3, lowerHeaders: true}},
		// The gateway answers an RPC-style operation alike by GET and POST.
		{"GET vs POST", rpc, call{method: http.MethodGet}},
		{"V3: GET vs POST", v3, call{style: StyleV3, method: http.MethodGet}},
		{"GET query vs POST form body", call{method: http.MethodGet}, call{inBody: true}},
		{"SecurityGroupIds spacing and escapes", call{params: with("SecurityGroupIds", `["sg-a","sg-b"]`)}, call{params: with("SecurityGroupIds", "[ \"sg-\\u0061\" , \"sg-b\" ]")}},
		{"V3: SecurityGroupIds spacing and escapes", call{style: StyleV3, params: with("SecurityGroupIds", `["sg-a","sg-b"]`)}, call{style: StyleV3, params: with("SecurityGroupIds", "[ \"sg-\\u0061\" , \"sg-b\" ]")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := keyOfCall(t, tt.a), keyOfCall(t, tt.b)
			if !a.Equal(b) {
				t.Errorf("keys differ, want equal:\n  %s\n  %s\ndiff: %q", a, b, a.Diff(b))
			}
			if d := a.Diff(b); d != nil {
				t.Errorf("Diff of equal keys = %q, want nil", d)
			}
		})
	}
}

func TestCanonicalKeyTellsRequestsApart(t *testing.T) {
	tests := []struct {
		name string
		a, b call
		// wantDiff is a substring of one line of a.Diff(b).
		wantDiff string
	}{
		{"a business parameter", call{}, call{params: with("MaxResults", "20")}, "MaxResults: recorded 10, sent 20"},
		{"an added parameter", call{}, call{params: with("VpcId", "vpc-1")}, "VpcId: recorded (absent), sent vpc-1"},
		{"a removed parameter", call{}, call{params: with("MaxResults", "-")}, "MaxResults: recorded 10, sent (absent)"},
		// Which parameters hold a JSON array is the contract of the action
		// called; an action without a contract has its parameters compared
		// as sent.
		{"SecurityGroupIds of an action without a contract", call{action: "DescribeNothing", params: with("SecurityGroupIds", `["sg-a","sg-b"]`)}, call{action: "DescribeNothing", params: with("SecurityGroupIds", `["sg-a", "sg-b"]`)}, `SecurityGroupIds: recorded "[\"sg-a\",\"sg-b\"]", sent "[\"sg-a\", \"sg-b\"]"`},
		{"V3: SecurityGroupIds of an action without a contract", call{style: StyleV3, action: "DescribeNothing", params: with("SecurityGroupIds", `["sg-a","sg-b"]`)}, call{style: StyleV3, action: "DescribeNothing", params: with("SecurityGroupIds", `["sg-a", "sg-b"]`)}, `SecurityGroupIds: recorded "[\"sg-a\",\"sg-b\"]", sent "[\"sg-a\", \"sg-b\"]"`},
		{"SecurityGroupIds order is kept", call{params: with("SecurityGroupIds", `["sg-a","sg-b"]`)}, call{params: with("SecurityGroupIds", `["sg-b","sg-a"]`)}, `SecurityGroupIds: recorded "[\"sg-a\",\"sg-b\"]", sent "[\"sg-b\",\"sg-a\"]"`},
		{"RPC Version (InvalidVersion spec)", call{}, call{version: "2099-01-01"}, "Version: recorded 2014-05-26, sent 2099-01-01"},
		{"V3 version header", call{style: StyleV3}, call{style: StyleV3, version: "2099-01-01"}, "header x-acs-version: recorded 2014-05-26, sent 2099-01-01"},
		{"signature style", call{}, call{style: StyleV3}, "signature style: recorded RPC, sent V3"},
		{"case header", call{}, call{kase: "bad-signature"}, "header X-Conformance-Case: recorded (absent), sent bad-signature"},
		{"STS token presence (RPC)", call{}, call{sts: true}, "SecurityToken: recorded (absent), sent REDACTED"},
		{"STS token presence (V3)", call{style: StyleV3}, call{style: StyleV3, sts: true}, "header x-acs-security-token: recorded (absent), sent REDACTED"},
		{"a case-sensitive name", call{params: with("Tag.1.Key", "x")}, call{params: append(with("Tag.1.Key", "-"), [2]string{"Tag.1.key", "x"})}, "Tag.1.Key: recorded x, sent (absent)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := keyOfCall(t, tt.a), keyOfCall(t, tt.b)
			if a.Equal(b) || a.String() == b.String() {
				t.Fatalf("keys are equal, want different: %s", a)
			}
			diff := a.Diff(b)
			if !slices.Contains(diff, tt.wantDiff) {
				t.Errorf("Diff = %q, want a line %q", diff, tt.wantDiff)
			}
		})
	}
}

// TestCanonicalKeyKeepsTheMethodOffTheAPI checks that the method still
// tells apart requests that are no API call of an RPC-style operation: a
// control call, a path other than "/", a request naming no action.
func TestCanonicalKeyKeepsTheMethodOffTheAPI(t *testing.T) {
	tests := []struct {
		name, target string
	}{
		{"a control call", "http://127.0.0.1:1/_emulator/faults"},
		{"an action at another path", "http://127.0.0.1:1/v1/groups?Action=DescribeSecurityGroups"},
		{"no action at /", "http://127.0.0.1:1/?RegionId=cn-hangzhou"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			get, err := CanonicalKey(newRequest(t, http.MethodGet, tt.target, ""), nil)
			if err != nil {
				t.Fatal(err)
			}
			post, err := CanonicalKey(newRequest(t, http.MethodPost, tt.target, ""), nil)
			if err != nil {
				t.Fatal(err)
			}
			if get.AnyMethod() || get.Equal(post) {
				t.Fatalf("GET and POST keys are equal: %s", get)
			}
			if d := post.Diff(get); !slices.Contains(d, "method: recorded POST, sent GET") {
				t.Errorf("Diff = %q, want the method named", d)
			}
		})
	}
}

func TestCanonicalKeyPresenceOfVolatileFields(t *testing.T) {
	good := keyOfCall(t, call{})
	req := call{}.request(t, "http://127.0.0.1:1")
	q := req.URL.Query()
	q.Del("Timestamp")
	req.URL.RawQuery = q.Encode()
	missing, err := CanonicalKey(req, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(good.Diff(missing), "Timestamp: recorded REDACTED, sent (absent)") {
		t.Errorf("a request without Timestamp matches one with it: diff %q", good.Diff(missing))
	}
	q.Set("Timestamp", "")
	req.URL.RawQuery = q.Encode()
	empty, err := CanonicalKey(req, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(good.Diff(empty), `Timestamp: recorded REDACTED, sent ""`) {
		t.Errorf("an empty Timestamp matches a set one: diff %q", good.Diff(empty))
	}
}

func TestKeyAccessors(t *testing.T) {
	tests := []struct {
		c                                   call
		style, action, version, method, cas string
	}{
		{call{}, StyleRPC, "DescribeSecurityGroups", "2014-05-26", "POST", ""},
		{call{style: StyleV3, method: http.MethodGet, kase: "x"}, StyleV3, "DescribeSecurityGroups", "2014-05-26", "GET", "x"},
	}
	for _, tt := range tests {
		k := keyOfCall(t, tt.c)
		got := []string{k.Style(), k.Action(), k.Version(), k.Method(), k.Case(), k.Path()}
		want := []string{tt.style, tt.action, tt.version, tt.method, tt.cas, "/"}
		if !slices.Equal(got, want) {
			t.Errorf("accessors of %s = %q, want %q", k, got, want)
		}
	}
	p := keyOfCall(t, call{}).Params()
	if got := p.Get("SecurityGroupIds"); got != `["sg-bp1aaaaaaaaaaaaaaaa1","sg-bp1bbbbbbbbbbbbbbbb2"]` {
		t.Errorf("normalized SecurityGroupIds = %s", got)
	}
	if got := p.Get("AccessKeyId"); got != Redacted {
		t.Errorf("AccessKeyId in key = %q, want %q", got, Redacted)
	}
}

func TestRecordedKeyEqualsLiveKey(t *testing.T) {
	for _, c := range []call{{}, {inBody: true}, {style: StyleV3}, {style: StyleV3, inBody: true, sts: true}} {
		req := c.request(t, "http://127.0.0.1:1")
		body, _ := readBody(req)
		live, err := CanonicalKey(req, body)
		if err != nil {
			t.Fatal(err)
		}
		recorded, err := RecordedKey(cassette.Request{URL: req.URL.String(), Method: req.Method, Headers: req.Header, Body: string(body)})
		if err != nil {
			t.Fatal(err)
		}
		if !live.Equal(recorded) {
			t.Errorf("recorded key differs from live key: %q", recorded.Diff(live))
		}
	}
}

func TestRecordedKeyUsesFormWhenBodyIsEmpty(t *testing.T) {
	withBody, err := RecordedKey(cassette.Request{URL: "http://h/?Action=A", Method: "POST", Body: "b=2&a=1",
		Headers: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}})
	if err != nil {
		t.Fatal(err)
	}
	withForm, err := RecordedKey(cassette.Request{URL: "http://h/?Action=A", Method: "POST", Form: url.Values{"a": {"1"}, "b": {"2"}}})
	if err != nil {
		t.Fatal(err)
	}
	if !withBody.Equal(withForm) {
		t.Errorf("form fallback differs: %q", withBody.Diff(withForm))
	}
}

func TestCanonicalKeyNonFormBody(t *testing.T) {
	mk := func(body string) Key {
		req := newRequest(t, "POST", "http://h/?Action=A", body)
		req.Header.Set("Content-Type", "application/json")
		k, err := CanonicalKey(req, []byte(body))
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	a, b := mk(`{"a":1}`), mk(`{"a":2}`)
	if a.Equal(b) {
		t.Fatal("JSON bodies that differ give equal keys")
	}
	if d := a.Diff(b); len(d) != 1 || !strings.HasPrefix(d[0], "request body (not a form): recorded sha256:") {
		t.Errorf("Diff = %q", d)
	}
}

func TestCanonicalKeyRejectsBadEncoding(t *testing.T) {
	tests := []struct{ query, want string }{
		{"MaxResults=%zz", "parameter MaxResults"},
		{"Max%zResults=1", "parameter name"},
	}
	for _, tt := range tests {
		req := newRequest(t, "GET", "http://h/", "")
		req.URL.RawQuery = tt.query
		_, err := CanonicalKey(req, nil)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("CanonicalKey(%q) error = %v, want one containing %q", tt.query, err, tt.want)
		}
	}
}

func TestKeyStringIsUnambiguous(t *testing.T) {
	// A separator inside a value must not make two keys print the same.
	a := keyOfCall(t, call{params: [][2]string{{"A", "1&B=2"}}})
	b := keyOfCall(t, call{params: [][2]string{{"A", "1"}, {"B", "2"}}})
	if a.String() == b.String() {
		t.Errorf("different keys print the same: %s", a)
	}
}

func TestBusinessParams(t *testing.T) {
	for _, c := range []call{{}, {inBody: true}, {style: StyleV3, sts: true}} {
		req := c.request(t, "http://127.0.0.1:1")
		body, _ := readBody(req)
		got, err := BusinessParams(req, body)
		if err != nil {
			t.Fatal(err)
		}
		want := url.Values{}
		for _, p := range baseParams {
			want.Add(p[0], p[1])
		}
		if got.Encode() != want.Encode() {
			t.Errorf("BusinessParams = %v, want %v", got, want)
		}
	}
}

func TestClosest(t *testing.T) {
	sent := keyOfCall(t, call{params: with("MaxResults", "20")})
	candidates := []Key{
		keyOfCall(t, call{style: StyleV3}),
		keyOfCall(t, call{params: with("MaxResults", "30")}),
		keyOfCall(t, call{params: with("MaxResults", "10")}),
	}
	i, diff := Closest(sent, candidates)
	if i != 1 || !slices.Equal(diff, []string{"MaxResults: recorded 30, sent 20"}) {
		t.Errorf("Closest = %d %q, want the first of the two one-field differences", i, diff)
	}
	if i, _ := Closest(sent, nil); i != -1 {
		t.Errorf("Closest of nothing = %d, want -1", i)
	}
}

func TestCanonicalKeyOfRawQueries(t *testing.T) {
	key := func(rawQuery string) Key {
		t.Helper()
		req := newRequest(t, "POST", "http://h/", "")
		req.URL.RawQuery = rawQuery
		k, err := CanonicalKey(req, nil)
		if err != nil {
			t.Fatalf("CanonicalKey(%q): %v", rawQuery, err)
		}
		return k
	}
	tests := []struct {
		a, b  string
		equal bool
	}{
		{"Action=A&Tag.1.Value=a*b", "Action=A&Tag.1.Value=a%2Ab", true},
		{"Action=A&Tag.1.Key=team+name", "Action=A&Tag.1.Key=team%20name", true},
		{"Action=A&B=1&C=2", "C=2&Action=A&B=1", true},
		{"Action=A&Format=json", "Action=A&Format=JSON", true},
		{"Action=A&SignatureType=", "Action=A", true},
		{"Action=A&Name=a;b", "Action=A&Name=a%3Bb", true},
		{"Action=A&SignatureType=BEARERTOKEN", "Action=A", false},
		{"Action=A&Format=XML", "Action=A&Format=JSON", false},
		{"Action=A&B=1&B=2", "Action=A&B=2&B=1", false},
		{"Action=A&Tag.1.Key=a+b", "Action=A&Tag.1.Key=a%2Bb", false},
	}
	for _, tt := range tests {
		a, b := key(tt.a), key(tt.b)
		if a.Equal(b) != tt.equal {
			t.Errorf("keys of %q and %q: equal = %v, want %v (diff %q)", tt.a, tt.b, a.Equal(b), tt.equal, a.Diff(b))
		}
	}
}
