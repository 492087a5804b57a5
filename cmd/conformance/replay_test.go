package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	openapiutil "github.com/alibabacloud-go/darabonba-openapi/v2/utils"
	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/alibabacloud-go/tea/tea"

	"github.com/ecs-conformance/ecs-conformance/emulator"
	"github.com/ecs-conformance/ecs-conformance/internal/client"
	"github.com/ecs-conformance/ecs-conformance/runner"
	"github.com/ecs-conformance/ecs-conformance/runner/vcr"
)

// committedCassettes is the repository's cassette tree, when recorded.
const committedCassettes = "../../cassettes"

// sdkCall is a recorded request the Go SDK can repeat: only RegionId and
// MaxResults, signed with V3 (the SDK's default), answered 200.
type sdkCall struct {
	region     string
	maxResults int32
	body       string // the recorded answer
}

// findSDKCall looks for such a request among the V3 recordings under root
// (<root>/<target>/v3; parsing the RPC half too would double the cost of a
// large tree). A candidate must have the key of the suite's own V3 client
// sending the same parameters, which is the key the SDK's request has (the
// premise of the replay server); that also rules out, say, an STS request.
func findSDKCall(t *testing.T, root string) (sdkCall, bool) {
	t.Helper()
	dirs, err := filepath.Glob(filepath.Join(root, "*", "v3"))
	if err != nil {
		t.Fatal(err)
	}
	var recorded []vcr.Recorded
	for _, dir := range dirs {
		in, err := vcr.Interactions(dir)
		if err != nil {
			t.Fatal(err)
		}
		recorded = append(recorded, in...)
	}
	for _, rec := range recorded {
		k, err := rec.Key()
		if err != nil {
			t.Fatal(err)
		}
		p := k.Params()
		if len(p) != 2 || !p.Has("RegionId") || !p.Has("MaxResults") || rec.Interaction.Response.Code != 200 {
			continue
		}
		n, err := strconv.ParseInt(p.Get("MaxResults"), 10, 32)
		if err != nil || !k.Equal(v3Key(t, p)) {
			continue
		}
		return sdkCall{region: p.Get("RegionId"), maxResults: int32(n), body: rec.Interaction.Response.Body}, true
	}
	return sdkCall{}, false
}

// v3Key is the canonical key of a plain V3 request with these parameters.
func v3Key(t *testing.T, params url.Values) vcr.Key {
	t.Helper()
	c, err := client.New(client.Config{Endpoint: "http://127.0.0.1", AccessKeyID: "LTAI5tKeyOfAnyone", AccessKeySecret: "SecretOfAnyone", Scheme: client.SchemeV3})
	if err != nil {
		t.Fatal(err)
	}
	req, err := c.NewHTTPRequest(context.Background(), client.Request{Action: "DescribeSecurityGroups", Params: params})
	if err != nil {
		t.Fatal(err)
	}
	k, err := vcr.CanonicalKey(req, nil)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// recordForSDK records, into a temporary tree, the request the SDK will send
// and an error answer besides, from a deterministic emulator signed by the
// suite's client with a fixed clock and nonces.
func recordForSDK(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	emu, err := emulator.New(emulator.Options{Deterministic: true})
	if err != nil {
		t.Fatal(err)
	}
	rec, err := vcr.Open(vcr.Options{Mode: vcr.Record, Dir: dir, Name: "emulator/v3/sdk-check", RealTransport: runner.HandlerTransport{Handler: emu.Handler()}})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	c, err := client.New(client.Config{
		Endpoint:        runner.InProcessEndpoint,
		AccessKeyID:     emulator.DefaultAccessKeyID,
		AccessKeySecret: emulator.DefaultAccessKeySecret,
		Scheme:          client.SchemeV3,
		HTTPClient:      rec.Client(),
		Clock:           func() time.Time { return emulator.DeterministicTime },
		Nonce:           func() string { n++; return fmt.Sprintf("replay-server-test-nonce-%d", n) },
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, params := range []url.Values{
		{"RegionId": {"cn-hangzhou"}, "MaxResults": {"10"}},
		{"RegionId": {"cn-hangzhou"}, "SecurityGroupType": {"other"}},
	} {
		resp, err := c.Do(context.Background(), client.Request{Action: "DescribeSecurityGroups", Params: params})
		if err != nil {
			t.Fatal(err)
		}
		if params.Has("MaxResults") && resp.StatusCode != 200 {
			t.Fatalf("recording %v: %d %s", params, resp.StatusCode, resp.Body)
		}
	}
	if err := rec.Stop(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// syncBuffer collects the server's log from its goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestReplayServerServesTheGoSDK starts replay-server on the committed
// cassettes when they hold a request the SDK can repeat, else on a fresh
// recording, and calls it with the official Go SDK: the recorded answer
// decodes into the SDK's types, and requests nothing recorded get the
// server's own errors.
func TestReplayServerServesTheGoSDK(t *testing.T) {
	clearConfigEnv(t)
	dir := committedCassettes
	call, ok := sdkCall{}, false
	if _, err := os.Stat(dir); err == nil {
		call, ok = findSDKCall(t, dir)
	}
	if !ok {
		t.Logf("no V3 recording of RegionId+MaxResults under %s; recording one", committedCassettes)
		dir = recordForSDK(t)
		if call, ok = findSDKCall(t, dir); !ok {
			t.Fatal("the fresh recording holds no request the SDK can repeat")
		}
	}
	var want struct {
		RequestId      string
		SecurityGroups struct {
			SecurityGroup []struct{ SecurityGroupId string }
		}
	}
	if err := json.Unmarshal([]byte(call.body), &want); err != nil {
		t.Fatalf("recorded body is not JSON: %v", err)
	}

	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	pr, pw := io.Pipe()
	var stderr syncBuffer
	exit := make(chan int, 1)
	go func() {
		exit <- run(ctx, []string{"replay-server", "-cassettes", dir, "-listen", "127.0.0.1:0"}, pw, &stderr)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("no address printed: %v; stderr: %s", err, stderr.String())
	}
	go io.Copy(io.Discard, pr)
	addr, ok := strings.CutPrefix(strings.TrimSpace(line), "replay-server listening on http://")
	if !ok || !strings.HasPrefix(addr, "127.0.0.1:") {
		t.Fatalf("printed %q", line)
	}

	sdk, err := ecs.NewClient(&openapiutil.Config{
		// Replay compares no signatures, so any key signs.
		AccessKeyId:     dara.String("LTAI5tReplayServerSDKKey"),
		AccessKeySecret: dara.String("ReplayServerSDKSecret0123456789"),
		Endpoint:        dara.String(addr),
		Protocol:        dara.String("HTTP"),
		RegionId:        dara.String(call.region),
	})
	if err != nil {
		t.Fatal(err)
	}
	describe := func(req *ecs.DescribeSecurityGroupsRequest) (*ecs.DescribeSecurityGroupsResponseBody, error) {
		resp, err := sdk.DescribeSecurityGroupsWithOptions(req, &dara.RuntimeOptions{})
		if err != nil {
			return nil, err
		}
		return resp.Body, nil
	}

	body, err := describe(&ecs.DescribeSecurityGroupsRequest{RegionId: dara.String(call.region), MaxResults: dara.Int32(call.maxResults)})
	if err != nil {
		t.Fatalf("the SDK's recorded request failed: %v\nserver log:\n%s", err, stderr.String())
	}
	var got []string
	if body.SecurityGroups != nil {
		for _, g := range body.SecurityGroups.SecurityGroup {
			got = append(got, dara.StringValue(g.SecurityGroupId))
		}
	}
	var wantIDs []string
	for _, g := range want.SecurityGroups.SecurityGroup {
		wantIDs = append(wantIDs, g.SecurityGroupId)
	}
	if dara.StringValue(body.RequestId) != want.RequestId || !slices.Equal(got, wantIDs) || len(got) == 0 {
		t.Errorf("the SDK decoded RequestId %q and groups %q, want the recorded %q and %q", dara.StringValue(body.RequestId), got, want.RequestId, wantIDs)
	}

	tests := []struct {
		name   string
		req    *ecs.DescribeSecurityGroupsRequest
		status int
		code   string
		says   string
	}{
		{"a valid request nothing recorded", &ecs.DescribeSecurityGroupsRequest{RegionId: dara.String(call.region), MaxResults: dara.Int32(call.maxResults), VpcId: dara.String("vpc-replayservertestunrecorded")},
			404, "Conformance.NoRecordedInteraction", "VpcId"},
		{"an invalid request nothing recorded", &ecs.DescribeSecurityGroupsRequest{RegionId: dara.String(call.region), SecurityGroupType: dara.String("replay-server-test")},
			400, "Conformance.InvalidRequest", "SecurityGroupType"},
	}
	for _, tt := range tests {
		_, err := describe(tt.req)
		var ce *tea.SDKError
		if !errors.As(err, &ce) {
			t.Errorf("%s: err = %v, want the SDK's *tea.SDKError", tt.name, err)
			continue
		}
		if dara.IntValue(ce.StatusCode) != tt.status || dara.StringValue(ce.Code) != tt.code || !strings.Contains(dara.StringValue(ce.Message), tt.says) {
			t.Errorf("%s: %d %s %q, want %d %s naming %s", tt.name, dara.IntValue(ce.StatusCode), dara.StringValue(ce.Code), dara.StringValue(ce.Message), tt.status, tt.code, tt.says)
		}
	}

	stop()
	if code := <-exit; code != 0 {
		t.Fatalf("exit %d; stderr: %s", code, stderr.String())
	}
	log := stderr.String()
	if strings.Count(log, "msg=request ") != 3 || !strings.Contains(log, "status=404") || !strings.Contains(log, "interaction=") || strings.Contains(log, "ReplayServerSDKSecret") {
		t.Errorf("log:\n%s", log)
	}
}

// The replay server checks each request against the contract of the
// operation it calls, and says so when there is none.
func TestValidateRequest(t *testing.T) {
	tests := []struct {
		name   string
		action string
		params url.Values
		want   string // "" when valid
	}{
		{"valid", "DescribeSecurityGroups", url.Values{"RegionId": {"cn-hangzhou"}, "MaxResults": {"10"}}, ""},
		{"breaks the operation's schema", "DescribeSecurityGroups", url.Values{"RegionId": {"cn-hangzhou"}, "MaxResults": {"1000"}}, "MaxResults: maximum"},
		{"an action without a contract", "DescribeNothing", url.Values{"RegionId": {"cn-hangzhou"}}, `action "DescribeNothing" has no contract in this build; the contracts are `},
		{"no action", "", url.Values{"RegionId": {"cn-hangzhou"}}, "names no operation"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := validateRequest(tt.action, tt.params)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("want valid, got %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}
