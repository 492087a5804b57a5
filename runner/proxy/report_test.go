package proxy

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ecs-conformance/ecs-conformance/internal/client"
)

// TestReportNamesParameterRuleAndValue sends requests that break the
// request contract, in every mode, and reads the client-conformance
// report: each violation with its parameter, rule and value.
func TestReportNamesParameterRuleAndValue(t *testing.T) {
	type violation struct{ parameter, rule, value string }
	sent := []url.Values{
		{"RegionId": {"cn-hangzhou"}, "MaxResults": {"0"}},
		{"RegionId": {"cn-hangzhou"}, "SecurityGroupIds": {"sg-bp1aaaaaaaaaaaaaaaa1,sg-bp1bbbbbbbbbbbbbbbb2"}},
		{"RegionId": {"cn-hangzhou"}},
	}
	want := []violation{
		{"MaxResults", "minimum", "0"},
		{"SecurityGroupIds", "type", "sg-bp1aaaaaaaaaaaaaaaa1,sg-bp1bbbbbbbbbbbbbbbb2"},
	}
	for _, mode := range []Mode{ModeRecord, ModeLive, ModePlayback} {
		t.Run(string(mode), func(t *testing.T) {
			dir := t.TempDir()
			opts := Options{Mode: mode, Cassettes: dir, Reports: filepath.Join(dir, "reports"), Recording: "contract"}
			if mode == ModePlayback {
				// Record first, then play back with the upstream gone.
				emu := emulatorServer(t)
				rp, rsrv := newProxy(t, Options{Mode: ModeRecord, Cassettes: dir, Upstream: mustURL(t, emu.URL), Recording: "contract"})
				c := signed(t, rsrv.URL, client.SchemeV3, nil, realisticSecret)
				for _, p := range sent {
					describe(t, c, client.Request{Params: p})
				}
				rp.Close()
				emu.Close()
			} else {
				opts.Upstream = mustURL(t, emulatorServer(t).URL)
			}
			p, srv := newProxy(t, opts)
			c := signed(t, srv.URL, client.SchemeV3, nil, realisticSecret)
			for _, params := range sent {
				describe(t, c, client.Request{Params: params})
			}
			reports, err := p.Close()
			if err != nil || len(reports) != 1 {
				t.Fatalf("Close: %v %v", reports, err)
			}
			r := reports[0]
			var got []violation
			for _, v := range r.RequestViolations {
				got = append(got, violation{v.Parameter, v.Rule, v.Value})
			}
			for _, w := range want {
				if !slices.Contains(got, w) {
					t.Errorf("the report lacks %+v; it has %+v", w, got)
				}
			}
			if r.Requests != 3 || r.BrokenRequests != 2 || r.Drifted != 0 || r.Unmatched != 0 {
				t.Errorf("report counts: %+v", r)
			}
			if s := r.Summary(); !strings.Contains(s, "3 requests, 2 broke the request contract") || !strings.Contains(s, "minimum MaxResults=0") || !strings.Contains(s, "contract.json") {
				t.Errorf("summary %q", s)
			}
			data, err := os.ReadFile(filepath.Join(dir, "reports", "contract.json"))
			if err != nil {
				t.Fatal(err)
			}
			var file Report
			if err := json.Unmarshal(data, &file); err != nil || len(file.RequestViolations) != len(r.RequestViolations) || file.RequestViolations[0].Request != 1 {
				t.Errorf("report file: %v %s", err, data)
			}
		})
	}
}

// TestReportNamesResponseDrift puts the proxy in front of an upstream that
// answers outside the response schemas.
func TestReportNamesResponseDrift(t *testing.T) {
	upstream := loopback(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Query().Get("SecurityGroupType") != "" {
			w.WriteHeader(400)
			io.WriteString(w, `{"RequestId":"r","HostId":"h","Code":"InvalidParameter.SecurityGroupType","Message":"m"}`)
			return
		}
		io.WriteString(w, `{"RequestId":"r","RegionId":"cn-hangzhou","TotalCount":"many","SecurityGroups":{"SecurityGroup":[]}}`)
	}))
	p, srv := newProxy(t, Options{Mode: ModeLive, Upstream: mustURL(t, upstream.URL), Recording: "drift"})
	c := signed(t, srv.URL, client.SchemeRPC, nil, "any")
	describe(t, c, client.Request{Params: url.Values{"RegionId": {"cn-hangzhou"}}})
	describe(t, c, client.Request{Params: url.Values{"RegionId": {"cn-hangzhou"}, "SecurityGroupType": {"other"}}})
	reports, _ := p.Close()
	r := reports[0]
	var got []string
	for _, v := range r.ResponseDrift {
		got = append(got, v.Parameter+" "+v.Rule)
	}
	if r.Drifted != 2 || !slices.Contains(got, "TotalCount type") || !slices.Contains(got, "Recommend required") {
		t.Errorf("drift %d: %q", r.Drifted, got)
	}
}
