package proxy

import (
	"encoding/json"
	"net/http"
	"net/url"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/ecs-conformance/ecs-conformance/internal/client"
	"github.com/ecs-conformance/ecs-conformance/runner/vcr"
)

// scenario is what an SDK's test suite does, through one recording: a
// plain call, a NextToken walk, a filter, an error, DryRun, a wrong secret
// followed by the right one, a replayed nonce, and an injected fault
// between two control calls.
func scenario(t *testing.T, base string, scheme client.Scheme, name string) []outcome {
	t.Helper()
	hc := recordingClient(name)
	c := signed(t, base, scheme, hc, realisticSecret)
	var out []outcome
	add := func(r client.Request) *client.Response {
		resp := describe(t, c, r)
		out = append(out, outcomeOf(t, resp))
		return resp
	}
	add(client.Request{Params: url.Values{"RegionId": {"cn-hangzhou"}}})
	token := ""
	for range 20 {
		p := url.Values{"RegionId": {"cn-hangzhou"}, "MaxResults": {"50"}}
		if token != "" {
			p.Set("NextToken", token)
		}
		var page struct{ NextToken string }
		json.Unmarshal(add(client.Request{Params: p}).Body, &page)
		if token = page.NextToken; token == "" {
			break
		}
	}
	add(client.Request{Params: url.Values{"RegionId": {"cn-hangzhou"}, "VpcId": {"vpc-bp1fixture000000001"}}})
	add(client.Request{Params: url.Values{"RegionId": {"cn-hangzhou"}, "SecurityGroupType": {"other"}}})
	add(client.Request{Params: url.Values{"RegionId": {"cn-hangzhou"}, "DryRun": {"true"}}})
	wrong := signed(t, base, scheme, hc, "not-the-secret-at-all-00000000")
	out = append(out, outcomeOf(t, describe(t, wrong, client.Request{Action: "DescribeSecurityGroups", Params: url.Values{"RegionId": {"cn-hangzhou"}}})))
	add(client.Request{Params: url.Values{"RegionId": {"cn-hangzhou"}}})
	for range 2 {
		add(client.Request{Params: url.Values{"RegionId": {"cn-hangzhou"}, "PageSize": {"5"}}, Tamper: client.Tamper{Nonce: "nonce-sent-twice-" + name}})
	}
	if s := faults(t, hc, base, `{"seed":1,"internalError":1}`); s != 200 {
		t.Fatalf("setting a fault through the proxy: %d", s)
	}
	add(client.Request{Params: url.Values{"RegionId": {"cn-hangzhou"}}})
	faults(t, hc, base, `{"seed":0}`)
	add(client.Request{Params: url.Values{"RegionId": {"cn-hangzhou"}}})
	return out
}

func TestRecordThenPlaybackWithTheUpstreamGone(t *testing.T) {
	for _, scheme := range []client.Scheme{client.SchemeV3, client.SchemeRPC} {
		t.Run(string(scheme), func(t *testing.T) {
			dir := t.TempDir()
			emu := emulatorServer(t)
			rp, rsrv := newProxy(t, Options{Mode: ModeRecord, Cassettes: dir, Upstream: mustURL(t, emu.URL)})
			name := "sdk/" + string(scheme)
			recorded := scenario(t, rsrv.URL, scheme, name)
			if _, err := rp.Close(); err != nil {
				t.Fatal(err)
			}
			emu.Close()
			rsrv.Close()

			// The scenario's last nine calls, as the emulator answered them.
			tail := recorded[len(recorded)-9:]
			want := []outcome{{status: 200}, {400, "InvalidParameter.SecurityGroupType", ""}, {400, "DryRunOperation", ""}, {400, "SignatureDoesNotMatch", ""},
				{status: 200}, {status: 200}, {400, "SignatureNonceUsed", ""}, {500, "InternalError", ""}, {status: 200}}
			for i, w := range want {
				if tail[i].status != w.status || tail[i].code != w.code {
					t.Errorf("recorded call %d from the end: %d %s, want %d %s", 9-i, tail[i].status, tail[i].code, w.status, w.code)
				}
			}
			if len(recorded) < 12 {
				t.Errorf("the NextToken walk took %d pages; the fixture needs several", len(recorded)-10)
			}

			// A walk over the whole listing is large, so it is stored gzipped;
			// playback below must find it in that form.
			cassette := filepath.Join(dir, "sdk", string(scheme)+".yaml")
			stored, err := vcr.Find(cassette)
			if err != nil {
				t.Fatalf("no cassette written: %v", err)
			}
			if !strings.HasSuffix(stored, ".yaml.gz") {
				t.Errorf("the recording of a whole walk is stored as %s; past vcr.CompressAbove it is gzipped", stored)
			}
			findings, err := vcr.ScanSecrets(dir, realisticKeyID, realisticSecret)
			if err != nil || len(findings) > 0 {
				t.Fatalf("secret scan of the proxy's recording: %v %v", findings, err)
			}

			pp, psrv := newProxy(t, Options{Mode: ModePlayback, Cassettes: dir, Reports: filepath.Join(dir, "reports")})
			played := scenario(t, psrv.URL, scheme, name)
			if !reflect.DeepEqual(played, recorded) {
				t.Errorf("playback differs from the recording:\n got %+v\nwant %+v", played, recorded)
			}
			report := stopReport(t, psrv.URL, name)
			if report["unmatched"].(float64) != 0 || report["unplayed"] != nil {
				t.Errorf("playback report: %v", report)
			}
			pp.Close()
		})
	}
}

func TestPlaybackAnswersEachRecordingOnce(t *testing.T) {
	dir := t.TempDir()
	emu := emulatorServer(t)
	rp, rsrv := newProxy(t, Options{Mode: ModeRecord, Cassettes: dir, Upstream: mustURL(t, emu.URL), Recording: "once"})
	c := signed(t, rsrv.URL, client.SchemeRPC, nil, realisticSecret)
	plain := client.Request{Params: url.Values{"RegionId": {"cn-hangzhou"}}}
	describe(t, c, plain)
	rp.Close()

	_, psrv := newProxy(t, Options{Mode: ModePlayback, Cassettes: dir, Recording: "once"})
	c = signed(t, psrv.URL, client.SchemeRPC, nil, realisticSecret)
	if resp := describe(t, c, client.Request{Params: plain.Params, Method: http.MethodGet}); resp.StatusCode != 200 {
		t.Fatalf("the recorded POST played to a GET: %d %s", resp.StatusCode, resp.Body)
	}
	resp := describe(t, c, plain)
	e, ok := resp.APIError()
	if resp.StatusCode != 404 || !ok || e.Code != codeNoRecordedInteraction || !strings.Contains(e.Message, "recorded 1 times and has been answered 1 times") || e.Recommend == "" {
		t.Errorf("a second send of a request recorded once: %d %s", resp.StatusCode, resp.Body)
	}
	resp = describe(t, c, client.Request{Params: url.Values{"RegionId": {"cn-hangzhou"}, "MaxResults": {"7"}}})
	if e, _ := resp.APIError(); e == nil || !strings.Contains(e.Message, "MaxResults: recorded (absent), sent 7") {
		t.Errorf("an unrecorded request: %d %s", resp.StatusCode, resp.Body)
	}
	v3 := signed(t, psrv.URL, client.SchemeV3, nil, realisticSecret)
	if e, _ := describe(t, v3, plain).APIError(); e == nil || !strings.Contains(e.Message, "signature scheme") {
		t.Errorf("a V3 request to an RPC recording: %v", e)
	}
}

func TestPlaybackOfAMissingRecording(t *testing.T) {
	_, psrv := newProxy(t, Options{Mode: ModePlayback, Cassettes: t.TempDir()})
	resp := describe(t, signed(t, psrv.URL, client.SchemeV3, recordingClient("never-recorded"), "x"), client.Request{Params: url.Values{"RegionId": {"cn-hangzhou"}}})
	if e, _ := resp.APIError(); resp.StatusCode != 404 || e == nil || e.Code != codeNoRecording || !strings.Contains(e.Message, "never-recorded.yaml does not exist") {
		t.Errorf("%d %s", resp.StatusCode, resp.Body)
	}
	resp = describe(t, signed(t, psrv.URL, client.SchemeV3, nil, "x"), client.Request{Params: url.Values{"RegionId": {"cn-hangzhou"}}})
	if e, _ := resp.APIError(); resp.StatusCode != 400 || e == nil || !strings.Contains(e.Message, RecordingHeader) {
		t.Errorf("a request naming no recording: %d %s", resp.StatusCode, resp.Body)
	}
}
