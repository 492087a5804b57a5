package sdktest_test

import (
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	openapiutil "github.com/alibabacloud-go/darabonba-openapi/v2/utils"
	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/alibabacloud-go/tea/tea"

	"github.com/ecs-conformance/ecs-conformance/emulator"
	"github.com/ecs-conformance/ecs-conformance/emulator/store"
)

// mode is one way the Go SDK v7 signs: its default, V3, or RPC.
type mode struct {
	name string
	// algorithm is Config.SignatureAlgorithm: "" keeps the default
	// (ACS3-HMAC-SHA256), "v2" selects RPC HMAC-SHA1.
	algorithm string
	// scheme names the contract's message variant ("v3" or "rpc").
	scheme string
}

var modes = []mode{
	{name: "v3", scheme: "v3"},
	{name: "rpc", algorithm: "v2", scheme: "rpc"},
}

// key is a credential to configure the SDK with.
type key struct{ id, secret, token string }

var defaultKey = key{id: emulator.DefaultAccessKeyID, secret: emulator.DefaultAccessKeySecret}

// sdkClient returns an SDK client that signs with k in mode m and talks to
// lb over plain HTTP, as §8.1 of the wire reference describes.
func sdkClient(t testing.TB, lb *loopback, m mode, k key) *ecs.Client {
	t.Helper()
	cfg := &openapiutil.Config{
		AccessKeyId:     dara.String(k.id),
		AccessKeySecret: dara.String(k.secret),
		Endpoint:        dara.String(lb.HostPort), // host:port only: the SDK adds the scheme
		Protocol:        dara.String("HTTP"),
		RegionId:        dara.String(region),
	}
	if k.token != "" {
		cfg.SecurityToken = dara.String(k.token)
	}
	if m.algorithm != "" {
		cfg.SignatureAlgorithm = dara.String(m.algorithm)
	}
	c, err := ecs.NewClient(cfg)
	if err != nil {
		t.Fatalf("ecs.NewClient: %v", err)
	}
	return c
}

// describe sends one request with no retries beyond the SDK's default (none).
func describe(c *ecs.Client, req *ecs.DescribeSecurityGroupsRequest) (*ecs.DescribeSecurityGroupsResponseBody, error) {
	resp, err := c.DescribeSecurityGroupsWithOptions(req, &dara.RuntimeOptions{})
	if err != nil {
		return nil, err
	}
	if resp == nil || resp.Body == nil {
		return nil, errors.New("the SDK returned no body and no error")
	}
	return resp.Body, nil
}

// maxWalk bounds every page walk: the fixture region needs 27 pages of 10.
const maxWalk = 100

// walkTokens follows NextToken from the first page of req until a page
// carries none, and returns the pages. It fails the test on any error, on a
// page in the wrong paging mode, or when the walk does not end.
func walkTokens(t testing.TB, c *ecs.Client, req *ecs.DescribeSecurityGroupsRequest) []*ecs.DescribeSecurityGroupsResponseBody {
	t.Helper()
	var pages []*ecs.DescribeSecurityGroupsResponseBody
	req.NextToken = nil
	for range maxWalk {
		body, err := describe(c, req)
		if err != nil {
			t.Fatalf("page %d of %v: %v", len(pages)+1, wireOf(req), err)
		}
		if body.TotalCount != nil || body.PageNumber != nil || body.PageSize != nil {
			t.Fatalf("page %d: token paging answered TotalCount %v, PageNumber %v, PageSize %v; the contract says none of them",
				len(pages)+1, ptr(body.TotalCount), ptr(body.PageNumber), ptr(body.PageSize))
		}
		pages = append(pages, body)
		next := dara.StringValue(body.NextToken)
		if next == "" {
			return pages
		}
		if next == dara.StringValue(req.NextToken) {
			t.Fatalf("page %d: NextToken %q is the token just sent", len(pages), next)
		}
		req.NextToken = dara.String(next)
	}
	t.Fatalf("the walk of %v did not end within %d pages", wireOf(req), maxWalk)
	return nil
}

// groupsOf concatenates the groups of pages.
func groupsOf(pages []*ecs.DescribeSecurityGroupsResponseBody) []*ecs.DescribeSecurityGroupsResponseBodySecurityGroupsSecurityGroup {
	var out []*ecs.DescribeSecurityGroupsResponseBodySecurityGroupsSecurityGroup
	for _, p := range pages {
		if p.SecurityGroups != nil {
			out = append(out, p.SecurityGroups.SecurityGroup...)
		}
	}
	return out
}

// row is a group as the tests compare it: every field of the response, in
// plain values, with the tags sorted (the contract gives them no order).
type row struct {
	ID, Name, Description, Type, VpcID, CreationTime, ResourceGroupID string
	ServiceManaged                                                    bool
	ServiceID                                                         int64
	EcsCount, AvailableInstanceAmount, RuleCount, GroupToGroupRules   int32
	Tags                                                              []store.Tag
}

// rowOfSDK converts a group as the SDK decoded it.
func rowOfSDK(g *ecs.DescribeSecurityGroupsResponseBodySecurityGroupsSecurityGroup) row {
	r := row{
		ID: dara.StringValue(g.SecurityGroupId), Name: dara.StringValue(g.SecurityGroupName),
		Description: dara.StringValue(g.Description), Type: dara.StringValue(g.SecurityGroupType),
		VpcID: dara.StringValue(g.VpcId), CreationTime: dara.StringValue(g.CreationTime),
		ResourceGroupID: dara.StringValue(g.ResourceGroupId), ServiceManaged: dara.BoolValue(g.ServiceManaged),
		ServiceID: dara.Int64Value(g.ServiceID), EcsCount: dara.Int32Value(g.EcsCount),
		AvailableInstanceAmount: dara.Int32Value(g.AvailableInstanceAmount),
		RuleCount:               dara.Int32Value(g.RuleCount), GroupToGroupRules: dara.Int32Value(g.GroupToGroupRuleCount),
	}
	var tags []store.Tag
	if g.Tags != nil {
		for _, tag := range g.Tags.Tag {
			tags = append(tags, store.Tag{Key: dara.StringValue(tag.TagKey), Value: dara.StringValue(tag.TagValue)})
		}
	}
	r.Tags = sortedTags(tags)
	return r
}

// sortedTags returns a sorted copy of tags, never nil, so that "no tags"
// compares equal however a decoder spells it.
func sortedTags(tags []store.Tag) []store.Tag {
	out := append([]store.Tag{}, tags...)
	slices.SortFunc(out, func(a, b store.Tag) int { return strings.Compare(a.Key, b.Key) })
	return out
}

func rowsEqual(a, b row) bool { return reflect.DeepEqual(a, b) }

// rowOfFixture converts a fixture group as the contract says it is
// reported. EcsCount and AvailableInstanceAmount carry real figures only
// when the request asked with IsQueryEcsCount.
func rowOfFixture(g store.Group, ecsCount bool) row {
	r := row{
		ID: g.ID, Name: g.Name, Description: g.Description, Type: g.Type, VpcID: g.VpcID,
		CreationTime: g.CreationTime.UTC().Format("2006-01-02T15:04:05Z"), ResourceGroupID: g.ResourceGroupID,
		ServiceManaged: g.ServiceManaged, ServiceID: g.ServiceID,
		RuleCount: g.RuleCount, GroupToGroupRules: g.GroupToGroupRuleCount,
		Tags: sortedTags(g.Tags),
	}
	if ecsCount {
		r.EcsCount, r.AvailableInstanceAmount = g.EcsCount, g.AvailableInstanceAmount
	}
	return r
}

// compareGroups fails the test unless got holds exactly want, in order,
// field by field; it names the first difference.
func compareGroups(t testing.TB, got []*ecs.DescribeSecurityGroupsResponseBodySecurityGroupsSecurityGroup, want []store.Group, ecsCount bool) {
	t.Helper()
	gotIDs := make([]string, len(got))
	for i, g := range got {
		gotIDs[i] = dara.StringValue(g.SecurityGroupId)
	}
	if !slices.Equal(gotIDs, ids(want)) {
		t.Fatalf("got %d groups %v\nwant %d groups %v", len(gotIDs), gotIDs, len(want), ids(want))
	}
	for i := range got {
		if g, w := rowOfSDK(got[i]), rowOfFixture(want[i], ecsCount); !rowsEqual(g, w) {
			t.Fatalf("group %d (%s) differs from the fixture:\n got %+v\nwant %+v", i, w.ID, g, w)
		}
	}
}

// wireOf returns the business parameters an SDK request puts on the wire,
// by the wire names of the contract, for the oracle and for messages.
func wireOf(req *ecs.DescribeSecurityGroupsRequest) url.Values {
	v := url.Values{}
	set := func(name string, p *string) {
		if p != nil {
			v.Set(name, *p)
		}
	}
	set("RegionId", req.RegionId)
	set("SecurityGroupId", req.SecurityGroupId)
	set("SecurityGroupIds", req.SecurityGroupIds)
	set("VpcId", req.VpcId)
	set("SecurityGroupType", req.SecurityGroupType)
	set("SecurityGroupName", req.SecurityGroupName)
	set("NetworkType", req.NetworkType)
	set("ResourceGroupId", req.ResourceGroupId)
	set("NextToken", req.NextToken)
	if req.ServiceManaged != nil {
		v.Set("ServiceManaged", strconv.FormatBool(*req.ServiceManaged))
	}
	if req.MaxResults != nil {
		v.Set("MaxResults", strconv.Itoa(int(*req.MaxResults)))
	}
	for i, tag := range req.Tag {
		n := strconv.Itoa(i + 1)
		set("Tag."+n+".Key", tag.Key)
		set("Tag."+n+".Value", tag.Value)
	}
	return v
}

func ptr[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

// sdkError returns err as the SDK's default error type, *tea.SDKError, or
// fails the test.
func sdkError(t testing.TB, err error) *tea.SDKError {
	t.Helper()
	var e *tea.SDKError
	if !errors.As(err, &e) {
		t.Fatalf("got %T (%v), want *tea.SDKError", err, err)
	}
	return e
}

// messagePattern turns a contract message into a regular expression: each
// {Placeholder} matches any text, the rest literally.
func messagePattern(msg string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString(`(?s)`) // a string-to-sign spans lines
	for {
		i := strings.IndexByte(msg, '{')
		j := strings.IndexByte(msg, '}')
		if i < 0 || j < i {
			b.WriteString(regexp.QuoteMeta(msg))
			break
		}
		b.WriteString(regexp.QuoteMeta(msg[:i]))
		b.WriteString(`.*`)
		msg = msg[j+1:]
	}
	return regexp.MustCompile(b.String())
}

// wantAPIError checks that err is the SDK's decoding of the contract's
// error code: *tea.SDKError with that Code and HTTP status, and a Message
// that carries the contract's message for the scheme of m.
func wantAPIError(t testing.TB, err error, code string, m mode) *tea.SDKError {
	t.Helper()
	if err == nil {
		t.Fatalf("got success, want error %s", code)
	}
	entry := contract.Error(code)
	if entry == nil {
		t.Fatalf("the contract lists no error %s", code)
	}
	e := sdkError(t, err)
	if got := dara.StringValue(e.Code); got != code {
		t.Fatalf("Code %q, want %q (message %q)", got, code, dara.StringValue(e.Message))
	}
	if got := dara.IntValue(e.StatusCode); got != entry.Status {
		t.Errorf("StatusCode %d, want %d for %s", got, entry.Status, code)
	}
	msg := entry.Message
	if m.scheme == "v3" && entry.V3Message != "" {
		msg = entry.V3Message
	}
	if got := dara.StringValue(e.Message); !messagePattern(msg).MatchString(got) {
		t.Errorf("Message %q does not carry the contract's %q", got, msg)
	}
	return e
}

// describeErr is a short way to write the error of one call in a message.
func describeErr(err error) string {
	var e *tea.SDKError
	if errors.As(err, &e) {
		return fmt.Sprintf("%s (%d): %s", dara.StringValue(e.Code), dara.IntValue(e.StatusCode), dara.StringValue(e.Message))
	}
	return fmt.Sprint(err)
}
