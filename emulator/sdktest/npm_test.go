package sdktest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/ecs-conformance/ecs-conformance/emulator"
	"github.com/ecs-conformance/ecs-conformance/emulator/store"
)

// npmDir holds describe.js, its package.json and package-lock.json, and,
// once installed, node_modules.
const npmDir = "npm"

// npmInstall is the command that installs what TestNPMSDK needs, from the
// repository root.
const npmInstall = "npm ci --ignore-scripts --prefix emulator/sdktest/npm"

// npmSummary is what describe.js prints, per signing mode.
type npmSummary map[string]struct {
	First struct {
		SecurityGroupID       string `json:"securityGroupId"`
		SecurityGroupName     string `json:"securityGroupName"`
		Description           string `json:"description"`
		SecurityGroupType     string `json:"securityGroupType"`
		VpcID                 string `json:"vpcId"`
		CreationTime          string `json:"creationTime"`
		ResourceGroupID       string `json:"resourceGroupId"`
		ServiceManaged        bool   `json:"serviceManaged"`
		ServiceID             int64  `json:"serviceID"`
		RuleCount             int32  `json:"ruleCount"`
		GroupToGroupRuleCount int32  `json:"groupToGroupRuleCount"`
		Tags                  []struct {
			Key   string `json:"key"`
			Value string `json:"value"`
		} `json:"tags"`
	} `json:"first"`
	Walk struct {
		IDs              []string `json:"ids"`
		Pages            int      `json:"pages"`
		RequestIDs       []string `json:"requestIds"`
		PageNumberFields int      `json:"pageNumberFields"`
		RegionID         string   `json:"regionId"`
		StatusCode       int      `json:"statusCode"`
	} `json:"walk"`
	Error struct {
		Name       string `json:"name"`
		Code       string `json:"code"`
		StatusCode int    `json:"statusCode"`
		Message    string `json:"message"`
		RequestID  string `json:"requestId"`
	} `json:"error"`
}

// requireNode returns the path of node, or skips the test when node or the
// installed SDK is missing. With CI=true a missing piece fails the test
// instead: CI installs both, so their absence there is a broken pipeline,
// not a reason to pass.
func requireNode(t *testing.T) string {
	t.Helper()
	missing := func(what string) {
		t.Helper()
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s; CI must install it: %s", what, npmInstall)
		}
		t.Skipf("%s; to run this test: %s", what, npmInstall)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		missing("node is not on PATH")
	}
	for _, pkg := range []string{"@alicloud/ecs20140526", "@alicloud/openapi-core", "@darabonba/typescript"} {
		if _, err := os.Stat(filepath.Join(npmDir, "node_modules", pkg, "package.json")); err != nil {
			missing(pkg + " is not installed in emulator/sdktest/npm/node_modules")
		}
	}
	return node
}

// TestNPMSDK runs describe.js, the npm SDK in both signing modes, against
// an emulator on loopback, and checks its summary against the fixture: a
// complete NextToken walk in order, the first group with a tag field by
// field, and the SDK's ClientError for an invalid SecurityGroupType.
func TestNPMSDK(t *testing.T) {
	node := requireNode(t)
	lb := serve(t, emulator.Options{})

	// A bound, not a speed check: a wedged node process must not hang the
	// test run.
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "describe.js")
	cmd.Dir = npmDir
	cmd.Env = append(os.Environ(),
		"ENDPOINT="+lb.HostPort, "REGION="+region, "TAG_KEY="+store.FixtureTagKey, "TAG_VALUE="+store.FixtureTagValue,
		"AK="+emulator.DefaultAccessKeyID, "SK="+emulator.DefaultAccessKeySecret)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("node describe.js: %v\nstderr:\n%s", err, stderr.Bytes())
	}
	var summary npmSummary
	if err := json.Unmarshal(stdout.Bytes(), &summary); err != nil {
		t.Fatalf("describe.js printed no JSON summary (%v):\n%s", err, stdout.Bytes())
	}

	want := expected(t, wire("RegionId", region))
	tagged := expected(t, wire("RegionId", region, "Tag.1.Key", store.FixtureTagKey, "Tag.1.Value", store.FixtureTagValue))
	errEntry := contract.Error("InvalidParameter.SecurityGroupType")
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			s, ok := summary[m.name]
			if !ok {
				t.Fatalf("the summary has no %q part: %s", m.name, stdout.Bytes())
			}
			w := s.Walk
			if !slices.Equal(w.IDs, ids(want)) {
				t.Errorf("the walk got %d groups %v\nwant %d %v", len(w.IDs), w.IDs, len(want), ids(want))
			}
			if wantPages := (len(want) + 49) / 50; w.Pages != wantPages {
				t.Errorf("the walk took %d pages of 50, want %d", w.Pages, wantPages)
			}
			if w.PageNumberFields != 0 {
				t.Errorf("%d token pages carried TotalCount, PageNumber or PageSize", w.PageNumberFields)
			}
			if w.RegionID != region || w.StatusCode != 200 {
				t.Errorf("last page: RegionId %q, status %d", w.RegionID, w.StatusCode)
			}
			if slices.Contains(w.RequestIDs, "") || len(slices.Compact(slices.Sorted(slices.Values(w.RequestIDs)))) != len(w.RequestIDs) {
				t.Errorf("RequestIds not all present and distinct: %v", w.RequestIDs)
			}

			f, g := s.First, rowOfFixture(tagged[0], false)
			var tags []store.Tag
			for _, tag := range f.Tags {
				tags = append(tags, store.Tag{Key: tag.Key, Value: tag.Value})
			}
			got := row{
				ID: f.SecurityGroupID, Name: f.SecurityGroupName, Description: f.Description, Type: f.SecurityGroupType,
				VpcID: f.VpcID, CreationTime: f.CreationTime, ResourceGroupID: f.ResourceGroupID,
				ServiceManaged: f.ServiceManaged, ServiceID: f.ServiceID, RuleCount: f.RuleCount,
				GroupToGroupRules: f.GroupToGroupRuleCount, Tags: sortedTags(tags),
			}
			if !rowsEqual(got, g) {
				t.Errorf("first group tagged %s=%s as the npm SDK decoded it:\n got %+v\nwant %+v", store.FixtureTagKey, store.FixtureTagValue, got, g)
			}

			e := s.Error
			if e.Name != "ClientError" || e.Code != errEntry.Code || e.StatusCode != errEntry.Status {
				t.Errorf("SecurityGroupType other raised %s %s %d, want ClientError %s %d", e.Name, e.Code, e.StatusCode, errEntry.Code, errEntry.Status)
			}
			if !messagePattern(errEntry.Message).MatchString(e.Message) || e.RequestID == "" {
				t.Errorf("error message %q (RequestId %q) does not carry the contract's %q", e.Message, e.RequestID, errEntry.Message)
			}
		})
	}
}
