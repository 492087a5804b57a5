package vcr

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"gopkg.in/dnaeon/go-vcr.v2/cassette"
)

// control builds a recorded control call answered with body.
func control(method, name, reqBody, respBody string) *cassette.Interaction {
	return &cassette.Interaction{
		Request:  cassette.Request{Method: method, URL: "http://emulator.local" + ControlPrefix + name, Body: reqBody, Headers: http.Header{"Content-Type": {"application/json"}}},
		Response: cassette.Response{Code: 200, Status: "200 OK", Body: respBody},
	}
}

func TestParseContext(t *testing.T) {
	for in, want := range map[string]Context{
		"":                            "",
		"internalError":               "internalError",
		" throttle, internalError ":   "internalError,throttle",
		"throttle,throttle":           "throttle",
		"fixtures internalError\tabc": "abc,fixtures,internalError",
	} {
		if got := ParseContext(in); got != want {
			t.Errorf("ParseContext(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestContextsFollowControlCalls(t *testing.T) {
	api := func() *cassette.Interaction { return interactionOf(t, call{}, 200, "{}") }
	failed := control("POST", "faults", `{"throttle":1}`, `{"error":"bad"}`)
	failed.Response.Code = 400
	steps := []struct {
		in           *cassette.Interaction
		during, then Context
	}{
		{api(), "", ""},
		{control("POST", "faults", `{"seed":1,"internalError":1}`, `{"seed":1,"throttle":0,"internalError":1,"unavailable":0,"latencyMs":0}`), "", "internalError"},
		{api(), "internalError", "internalError"},
		{control("GET", "faults", "", `{"throttle":1}`), "internalError", "internalError"}, // a read changes nothing
		{failed, "internalError", "internalError"},                                         // nor a refused call
		{control("POST", "fixtures", "groups: []", `{"status":"ok"}`), "internalError", "fixtures,internalError"},
		{control("POST", "faults", `{"latencyMs":5}`, `{"throttle":0,"internalError":0,"unavailable":0,"latencyMs":5}`), "fixtures,internalError", "fixtures"},
		{control("POST", "faults", `{"throttle":0.5,"unavailable":1}`, `{"throttle":0.5,"internalError":0,"unavailable":1,"latencyMs":0}`), "fixtures", "fixtures,throttle,unavailable"},
		{api(), "fixtures,throttle,unavailable", "fixtures,throttle,unavailable"},
		{control("POST", "reset", "", `{"status":"ok"}`), "fixtures,throttle,unavailable", ""},
		{api(), "", ""},
	}
	var in []*cassette.Interaction
	for _, s := range steps {
		in = append(in, s.in)
	}
	during, after := Contexts(in)
	for i, s := range steps {
		if during[i] != s.during || after[i] != s.then {
			t.Errorf("interaction %d (%s %s): during %q after %q, want %q and %q", i, s.in.Request.Method, s.in.Request.URL, during[i], after[i], s.during, s.then)
		}
	}
}

// faultTree is a fault spec's cassette followed by an ordinary one, as the
// committed cassettes hold them: the same plain request answered once with
// an injected InternalError and once with data.
func faultTree(t *testing.T) []Recorded {
	t.Helper()
	var out []Recorded
	add := func(file string, ins ...*cassette.Interaction) {
		for i, in := range ins {
			out = append(out, Recorded{File: file, Index: i, Interaction: in})
		}
	}
	add("a-fault.yaml",
		control("POST", "faults", `{"seed":1,"internalError":1}`, `{"seed":1,"throttle":0,"internalError":1,"unavailable":0,"latencyMs":0}`),
		interactionOf(t, call{}, 500, `{"Code":"InternalError"}`),
		control("POST", "faults", `{"seed":0}`, `{"seed":0,"throttle":0,"internalError":0,"unavailable":0,"latencyMs":0}`),
	)
	add("b-plain.yaml",
		interactionOf(t, call{}, 200, `{"SecurityGroups":{}}`),
		interactionOf(t, call{kase: "bad-signature"}, 400, `{"Code":"SignatureDoesNotMatch"}`),
		interactionOf(t, call{params: with("MaxResults", "20")}, 200, `{}`),
	)
	return out
}

func TestIndexServesFaultsOnlyOnRequest(t *testing.T) {
	ix, err := NewIndex(faultTree(t))
	if err != nil {
		t.Fatal(err)
	}
	plain := keyOfCall(t, call{})
	names := func(idx []int) []string {
		var out []string
		for _, i := range idx {
			out = append(out, ix.Entry(i).Recorded.String())
		}
		return out
	}
	if got := names(ix.Matches(plain, "")); !slices.Equal(got, []string{"b-plain.yaml#0"}) {
		t.Errorf("a plain client is offered %q, want only the data answer", got)
	}
	if got := names(ix.Matches(plain, ContextInternalError)); !slices.Equal(got, []string{"a-fault.yaml#1"}) {
		t.Errorf("a client asking for internalError is offered %q, want the fault", got)
	}
	faults, err := CanonicalKey(newRequest(t, "POST", "http://127.0.0.1:1/_emulator/faults", `{"seed":1,"internalError":1}`), []byte(`{"seed":1,"internalError":1}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := names(ix.Matches(faults, "")); !slices.Equal(got, []string{"a-fault.yaml#0"}) {
		t.Errorf("the control call is offered %q, want its recording", got)
	}
	if e := ix.Entry(0); !e.Control || e.After != ContextInternalError {
		t.Errorf("entry 0: control %v after %q", e.Control, e.After)
	}
}

func TestDiagnose(t *testing.T) {
	rpcOnly, err := NewIndex(faultTree(t))
	if err != nil {
		t.Fatal(err)
	}
	many := make([][2]string, 0, 300)
	for i := range 300 {
		many = append(many, [2]string{"Tag." + strings.Repeat("9", 1+i%3) + ".Key" + string(rune('a'+i%26)) + string(rune('a'+i/26)), "v"})
	}
	tests := []struct {
		name   string
		c      call
		ctx    Context
		reason string
		// closest is the interaction named, "" for none; inMessage and
		// inDiff are substrings of the message and of one difference.
		closest, inMessage, inDiff string
	}{
		{"another parameter value", call{params: with("MaxResults", "30")}, "", ReasonParameters, "b-plain.yaml#0", "in the parameters", "MaxResults: recorded 10, sent 30"},
		{"the other scheme", call{style: StyleV3}, "", ReasonScheme, "b-plain.yaml#0", "signature scheme", ""},
		{"the other scheme with another filter", call{style: StyleV3, params: with("VpcId", "vpc-1")}, "", ReasonScheme, "b-plain.yaml#0", "signed RPC and never signed V3", "VpcId: recorded (absent), sent vpc-1"},
		{"an action never recorded", call{action: "DescribeInstances"}, "", ReasonAction, "", "DescribeInstances is not recorded", ""},
		{"a case never recorded", call{kase: "skewed-clock"}, "", ReasonCase, "b-plain.yaml#0", CaseHeader, "recorded (absent), sent skewed-clock"},
		{"recorded only under a fault", call{}, ContextThrottle, ReasonContext, "b-plain.yaml#0", "outside any context", ""},
		{"bounded however many parameters", call{params: many}, "", ReasonParameters, "", "in the parameters", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := rpcOnly.Diagnose(keyOfCall(t, tt.c), tt.ctx)
			if d.Reason != tt.reason {
				t.Errorf("reason %q, want %q: %s", d.Reason, tt.reason, d)
			}
			if tt.closest != "" && (d.Closest < 0 || rpcOnly.Entry(d.Closest).Recorded.String() != tt.closest) {
				t.Errorf("closest %d, want %s: %s", d.Closest, tt.closest, d)
			}
			if d.Closest >= 0 && rpcOnly.Entry(d.Closest).Control {
				t.Errorf("an API request is told the closest is a control call: %s", d)
			}
			if !strings.Contains(d.Message, tt.inMessage) {
				t.Errorf("message %q does not say %q", d.Message, tt.inMessage)
			}
			if tt.inDiff != "" && !slices.ContainsFunc(d.Diff, func(s string) bool { return strings.Contains(s, tt.inDiff) }) {
				t.Errorf("diff %q has no %q", d.Diff, tt.inDiff)
			}
			if len(d.Diff) > MaxShownDiffs || len(d.String()) > 4<<10 {
				t.Errorf("diagnosis unbounded: %d differences, %d bytes", len(d.Diff), len(d.String()))
			}
		})
	}
	// Recorded under a fault only: the header that gets it is named.
	only := append(faultTree(t)[:3:3], Recorded{File: "c.yaml", Interaction: interactionOf(t, call{params: with("MaxResults", "20")}, 200, "{}")})
	ix, err := NewIndex(only)
	if err != nil {
		t.Fatal(err)
	}
	d := ix.Diagnose(keyOfCall(t, call{}), "")
	if d.Reason != ReasonContext || !strings.Contains(d.Message, ContextHeader+": internalError") || ix.Entry(d.Closest).Recorded.String() != "a-fault.yaml#1" {
		t.Errorf("a plain request recorded only under a fault: %s", d)
	}
	many300 := rpcOnly.Diagnose(keyOfCall(t, call{params: many}), "")
	if many300.Omitted == 0 || len(many300.Diff) != MaxShownDiffs {
		t.Errorf("300 differences: %d shown, %d omitted", len(many300.Diff), many300.Omitted)
	}
}

func TestDiagnoseControlCalls(t *testing.T) {
	ix, err := NewIndex(faultTree(t))
	if err != nil {
		t.Fatal(err)
	}
	get, err := CanonicalKey(newRequest(t, "GET", "http://127.0.0.1:1/_emulator/faults", ""), nil)
	if err != nil {
		t.Fatal(err)
	}
	d := ix.Diagnose(get, "")
	if d.Closest < 0 || !ix.Entry(d.Closest).Control || !strings.Contains(d.String(), "method: recorded POST, sent GET") {
		t.Errorf("a control call is compared with control calls: %s", d)
	}
}

// BenchmarkDiagnose300Params is the cost of explaining one unmatched
// request of 300 parameters against the committed cassettes of both
// schemes, the work an unmatched request costs the replay server or the
// proxy.
func BenchmarkDiagnose300Params(b *testing.B) {
	recorded, err := Interactions("../../cassettes")
	if err != nil {
		b.Fatal(err)
	}
	ix, err := NewIndex(recorded)
	if err != nil {
		b.Fatal(err)
	}
	params := make([][2]string, 0, 300)
	for i := range 300 {
		params = append(params, [2]string{"Tag." + string(rune('a'+i%26)) + string(rune('a'+i/26)) + ".Key", "v"})
	}
	k := keyOfCall(b, call{style: StyleV3, params: params})
	b.ReportAllocs()
	for b.Loop() {
		if d := ix.Diagnose(k, ""); d.Closest < 0 {
			b.Fatal(d)
		}
	}
}
