package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ecs-conformance/ecs-conformance/emulator/store"
	"github.com/ecs-conformance/ecs-conformance/internal/client"
)

func control(t *testing.T, s *Server, method, path, contentType, body string) (int, map[string]any) {
	t.Helper()
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	r.Host = "127.0.0.1:8080" // httptest's example.com is no loopback Host
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, r)
	var v map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		t.Fatalf("%s %s: answer is not JSON: %v: %s", method, path, err, rec.Body)
	}
	return rec.Code, v
}

// TestControlEndpoints drives health, fixtures, reset and faults.
func TestControlEndpoints(t *testing.T) {
	s := newTestServer(t, nil)
	initial := s.Store().Len()
	code, v := control(t, s, "GET", "/_emulator/health", "", "")
	if code != 200 || v["status"] != "ok" || v["groups"] != float64(initial) {
		t.Fatalf("health: %d %v", code, v)
	}
	const fixture = `securityGroups:
  - SecurityGroupId: sg-only1
    RegionId: cn-hangzhou
    SecurityGroupType: normal
    CreationTime: 2024-01-02T03:04:05Z
`
	if code, v = control(t, s, "POST", "/_emulator/fixtures", "application/yaml", fixture); code != 200 || v["groups"] != float64(1) {
		t.Fatalf("fixtures: %d %v", code, v)
	}
	pg := wantPage(t, do(t, defaultClient(t, s, client.SchemeV3), client.Request{Params: region}))
	if ids := pg.ids(); len(ids) != 1 || ids[0] != "sg-only1" || pg.SecurityGroups.SecurityGroup[0].CreationTime != "2024-01-02T03:04:05Z" {
		t.Fatalf("after fixtures: %s", pg.ids())
	}
	if code, v = control(t, s, "POST", "/_emulator/fixtures", "application/json", `{"securityGroups":[{"SecurityGroupId":"sg-a","RegionId":"cn-hangzhou","SecurityGroupType":"other","CreationTime":"2024-01-02T03:04:05Z"}]}`); code != 400 ||
		!strings.Contains(v["error"].(string), "SecurityGroupType") || !strings.Contains(v["error"].(string), "sg-a") {
		t.Fatalf("bad fixture: %d %v", code, v)
	}
	if s.Store().Len() != 1 {
		t.Fatal("a rejected fixture changed the data")
	}
	if code, v = control(t, s, "POST", "/_emulator/faults", "application/json", `{"seed":7,"throttle":0.5,"latencyMs":3}`); code != 200 || v["seed"] != float64(7) || v["throttle"] != 0.5 || v["latencyMs"] != float64(3) {
		t.Fatalf("set faults: %d %v", code, v)
	}
	for _, bad := range []string{`{"throttle":1.5}`, `{"throttle":0.6,"unavailable":0.6}`, `{"internalError":-0.1}`, `{"latencyMs":-1}`, `{"throtle":0.1}`, `not json`,
		`{"latencyMs":60001}`, `{"latencyMs":18446744073769}`, `{"latencyMs":-9223372036854775808}`, `{"latencyMs":9223372036854775807}`} {
		if code, v = control(t, s, "POST", "/_emulator/faults", "application/json", bad); code != 400 || v["error"] == "" {
			t.Errorf("faults %s: %d %v", bad, code, v)
		}
	}
	if code, v = control(t, s, "GET", "/_emulator/faults", "", ""); code != 200 || v["throttle"] != 0.5 {
		t.Fatalf("get faults: %d %v", code, v)
	}
	if code, v = control(t, s, "POST", "/_emulator/reset", "application/json", ""); code != 200 || v["groups"] != float64(initial) {
		t.Fatalf("reset: %d %v", code, v)
	}
	if f := s.Faults(); f.Throttle != 0 || f.Latency != 0 {
		t.Fatalf("reset kept faults %+v", f)
	}
	for _, tt := range []struct{ method, path string }{{"POST", "/_emulator/health"}, {"GET", "/_emulator/reset"}, {"DELETE", "/_emulator/faults"}} {
		if code, _ = control(t, s, tt.method, tt.path, "", ""); code != http.StatusMethodNotAllowed {
			t.Errorf("%s %s: %d", tt.method, tt.path, code)
		}
	}
	if code, _ = control(t, s, "GET", "/_emulator/nothing", "", ""); code != 404 {
		t.Errorf("unknown control endpoint: %d", code)
	}
}

// faultSequence returns the codes of n requests under f.
func faultSequence(t *testing.T, f Faults, n int) []string {
	s := newTestServer(t, func(o *Options) { o.Faults = f })
	var slept time.Duration
	s.sleep = func(_ context.Context, d time.Duration) { slept += d }
	c := defaultClient(t, s, client.SchemeRPC)
	var codes []string
	for range n {
		resp := do(t, c, client.Request{Params: region})
		if resp.StatusCode == 200 {
			codes = append(codes, "")
			continue
		}
		var e errorBody
		json.Unmarshal(resp.Body, &e)
		checkEnvelope(t, resp.StatusCode, resp.Header, e)
		codes = append(codes, e.Code)
	}
	if slept != time.Duration(n)*f.Latency {
		t.Errorf("latency: slept %v over %d requests, want %v each", slept, n, f.Latency)
	}
	return codes
}

// TestFaultsReproducible checks that a seed fixes the fault sequence, that
// another seed changes it, and that the rates are honoured.
func TestFaultsReproducible(t *testing.T) {
	f := Faults{Seed: 42, Throttle: 0.2, InternalError: 0.2, Unavailable: 0.2, Latency: time.Millisecond}
	a, b := faultSequence(t, f, 60), faultSequence(t, f, 60)
	if strings.Join(a, ",") != strings.Join(b, ",") {
		t.Fatalf("same seed, different faults:\n%v\n%v", a, b)
	}
	f.Seed = 43
	if c := faultSequence(t, f, 60); strings.Join(a, ",") == strings.Join(c, ",") {
		t.Fatalf("seeds 42 and 43 give the same 60 faults")
	}
	seen := map[string]int{}
	for _, c := range a {
		seen[c]++
	}
	for _, c := range []string{"", "Throttling.User", "InternalError", "ServiceUnavailable"} {
		if seen[c] == 0 {
			t.Errorf("no %q in 60 requests at rate 0.2: %v", c, seen)
		}
	}
	if all := faultSequence(t, Faults{Unavailable: 1}, 3); strings.Join(all, ",") != "ServiceUnavailable,ServiceUnavailable,ServiceUnavailable" {
		t.Errorf("rate 1: %v", all)
	}
}

// TestDeterministic checks that the same request to two deterministic
// emulators gives the same bytes, and that another nonce another RequestId.
func TestDeterministic(t *testing.T) {
	answer := func(nonce string, p ...string) []byte {
		s := newTestServer(t, func(o *Options) { o.Deterministic = true; o.Clock = nil })
		q := signedRPC("GET", params(p...), nonce)
		q.Set("Timestamp", DeterministicTime.Format("2006-01-02T15:04:05Z"))
		q.Del("Signature")
		q = signedRPC("GET", q, nonce)
		rec := serveRaw(t, s, rawRequest{method: "GET", target: "/?" + q.Encode()})
		if rec.Code != 200 {
			t.Fatalf("%d %s", rec.Code, rec.Body)
		}
		return rec.Body.Bytes()
	}
	a := answer("n-1", "RegionId", "cn-hangzhou", "MaxResults", "3")
	b := answer("n-1", "RegionId", "cn-hangzhou", "MaxResults", "3")
	if !bytes.Equal(a, b) {
		t.Fatalf("same request, different bytes:\n%s\n%s", a, b)
	}
	c := answer("n-2", "RegionId", "cn-hangzhou", "MaxResults", "3")
	var pa, pc page
	json.Unmarshal(a, &pa)
	json.Unmarshal(c, &pc)
	if pa.RequestID == pc.RequestID || !uuidForm(pa.RequestID) {
		t.Fatalf("RequestIds %q and %q", pa.RequestID, pc.RequestID)
	}
	if *pa.NextToken != *pc.NextToken {
		t.Fatalf("deterministic tokens differ: %q %q", *pa.NextToken, *pc.NextToken)
	}
}

// TestRequestIDsUnique checks that two requests get two RequestIds.
func TestRequestIDsUnique(t *testing.T) {
	s := newTestServer(t, nil)
	c := defaultClient(t, s, client.SchemeV3)
	seen := map[string]bool{}
	for range 20 {
		id := wantPage(t, do(t, c, client.Request{Params: region})).RequestID
		if seen[id] || !uuidForm(id) {
			t.Fatalf("RequestId %q repeated or malformed", id)
		}
		seen[id] = true
	}
}

// TestXMLAnswers checks that Format=XML gives well-formed XML that decodes
// to the same content, for a page and for an error, and that V3 stays JSON.
func TestXMLAnswers(t *testing.T) {
	s := newTestServer(t, nil)
	rpc := defaultClient(t, s, client.SchemeRPC)
	resp := do(t, rpc, client.Request{Params: params("RegionId", "cn-hangzhou", "MaxResults", "3", "Format", "xml", "Tag.1.Key", store.FixtureTagKey)})
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/xml;charset=utf-8" {
		t.Fatalf("%d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	var x struct {
		XMLName   xml.Name `xml:"DescribeSecurityGroupsResponse"`
		RequestID string   `xml:"RequestId"`
		NextToken string
		Groups    []struct {
			ID   string                              `xml:"SecurityGroupId"`
			Tags []struct{ TagKey, TagValue string } `xml:"Tags>Tag"`
		} `xml:"SecurityGroups>SecurityGroup"`
	}
	if err := xml.Unmarshal(resp.Body, &x); err != nil {
		t.Fatalf("%v\n%s", err, resp.Body)
	}
	if len(x.Groups) != 3 || x.NextToken == "" || !uuidForm(x.RequestID) || len(x.Groups[0].Tags) == 0 {
		t.Fatalf("XML page decoded to %+v", x)
	}
	resp = do(t, rpc, client.Request{Params: params("RegionId", "cn-hangzhou", "Format", "XML", "Tag.1.Key", "<&>\"'", "MaxResults", "0")})
	var e struct {
		XMLName                            xml.Name `xml:"Error"`
		RequestID, HostID, Code, Recommend string
	}
	if err := xml.Unmarshal(resp.Body, &e); err != nil || e.Code != "InvalidParameter.MaxResults" || !strings.Contains(e.Recommend, "&product=Ecs") {
		t.Fatalf("XML error: %v %+v\n%s", err, e, resp.Body)
	}
	resp = do(t, defaultClient(t, s, client.SchemeV3), client.Request{Params: params("RegionId", "cn-hangzhou", "Format", "XML")})
	if !json.Valid(resp.Body) {
		t.Fatalf("V3 with Format=XML is not JSON: %s", resp.Body)
	}
	if err := xmlWellFormed(appendXMLText(nil, "a\x00b\xff<c>\r\n")); err != nil {
		t.Fatalf("escaped text: %v", err)
	}
}

// TestLogHasNoSecrets captures the request log and checks one line per
// request with the documented fields and nothing secret in it.
func TestLogHasNoSecrets(t *testing.T) {
	var buf bytes.Buffer
	s := newTestServer(t, func(o *Options) { o.Logger = slog.New(slog.NewJSONHandler(&buf, nil)) })
	sts := newClient(t, s, client.SchemeRPC, STSAccessKeyID, STSAccessKeySecret, STSSecurityToken)
	resp := do(t, sts, client.Request{Params: region})
	wantPage(t, resp)
	req, err := defaultClient(t, s, client.SchemeV3).NewHTTPRequest(context.Background(), client.Request{Action: "DescribeSecurityGroups", Params: region, Tamper: client.Tamper{CorruptSignature: true}})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := (&http.Client{Transport: handlerTransport{s}}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw.Body.Close()
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d log lines for 2 requests:\n%s", len(lines), buf.String())
	}
	var last map[string]any
	if err := json.Unmarshal([]byte(lines[1]), &last); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"method", "action", "scheme", "status", "code", "duration", "requestId"} {
		if _, ok := last[f]; !ok {
			t.Errorf("log line lacks %s: %s", f, lines[1])
		}
	}
	if last["code"] != "SignatureDoesNotMatch" || last["status"] != float64(400) {
		t.Errorf("log line: %s", lines[1])
	}
	sig := req.Header.Get("Authorization")
	sig = sig[strings.LastIndex(sig, "=")+1:]
	for _, secret := range []string{DefaultAccessKeySecret, STSAccessKeySecret, STSSecurityToken, "CAIS", sig, DefaultAccessKeyID, STSAccessKeyID} {
		if strings.Contains(buf.String(), secret) {
			t.Errorf("the log holds %q:\n%s", secret, buf.String())
		}
	}
}
