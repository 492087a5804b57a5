package sdktest_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	openapiutil "github.com/alibabacloud-go/darabonba-openapi/v2/utils"
	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/alibabacloud-go/tea/tea"

	"github.com/ecs-conformance/ecs-conformance/emulator"
)

// errorCase provokes one error code of the contract the way an SDK user
// could: with a parameter, a credential, or an emulator that is configured
// to misbehave (clock, faults).
type errorCase struct {
	name string
	code string
	// opts configures a dedicated emulator; nil shares the default one.
	opts *emulator.Options
	key  *key // nil: the default key
	// edit changes a valid request (RegionId set); nil sends it unchanged.
	edit func(*ecs.DescribeSecurityGroupsRequest)
	// call replaces the plain describe call when provoking needs more.
	call func(t *testing.T, c *ecs.Client) error
	// check inspects the decoded error further.
	check func(t *testing.T, e *tea.SDKError, m mode)
}

// notProvokable lists the contract's codes that the official SDKs cannot
// be made to provoke: they build the signed envelope themselves. The suites
// cover them with internal/client, which can break requests on purpose.
var notProvokable = map[string]string{
	"IncompleteSignature":     "the SDK always writes a well-formed Authorization header",
	"InvalidTimeStamp.Format": "the SDK formats the timestamp itself",
	"SignatureNonceUsed":      "the SDK draws a fresh nonce for every request",
	"MissingTimestamp":        "the SDK always sends the timestamp",
	"MissingAccessKeyId":      "without an access key the SDK fails locally with InvalidCredentials and sends nothing",
	"MissingSignatureNonce":   "the SDK always sends a nonce",
}

// faults returns options whose faults always answer with one code.
func faults(f emulator.Faults) *emulator.Options { return &emulator.Options{Faults: f} }

// callAction sends DescribeSecurityGroups' parameters through the SDK's
// generic CallApi (what its own operation methods call) under another
// action or version, as a user of the generic client can.
func callAction(action, version string) func(t *testing.T, c *ecs.Client) error {
	return func(t *testing.T, c *ecs.Client) error {
		params := &openapiutil.Params{
			Action: dara.String(action), Version: dara.String(version), Protocol: dara.String("HTTPS"),
			Pathname: dara.String("/"), Method: dara.String("POST"), AuthType: dara.String("AK"),
			Style: dara.String("RPC"), ReqBodyType: dara.String("formData"), BodyType: dara.String("json"),
		}
		req := &openapiutil.OpenApiRequest{Query: map[string]*string{"RegionId": dara.String(region)}}
		_, err := c.CallApi(params, req, &dara.RuntimeOptions{})
		return err
	}
}

func errorCases() []errorCase {
	oneHourAhead := &emulator.Options{Clock: func() time.Time { return time.Now().Add(time.Hour) }}
	return []errorCase{
		{name: "paging modes mixed", code: "NotSupported.PageNumberAndPageSize", edit: func(r *ecs.DescribeSecurityGroupsRequest) {
			r.MaxResults, r.PageSize = dara.Int32(10), dara.Int32(10)
		}},
		{name: "forged NextToken", code: "InValidParameter.NextToken", edit: func(r *ecs.DescribeSecurityGroupsRequest) {
			r.NextToken, r.MaxResults = dara.String("not-a-token-0000"), dara.Int32(10)
		}},
		{name: "NextToken of another query", code: "InValidParameter.NextToken", call: func(t *testing.T, c *ecs.Client) error {
			first, err := describe(c, &ecs.DescribeSecurityGroupsRequest{RegionId: dara.String(region), MaxResults: dara.Int32(10)})
			if err != nil || dara.StringValue(first.NextToken) == "" {
				t.Fatalf("first page: %v, NextToken %v", describeErr(err), first)
			}
			_, err = describe(c, &ecs.DescribeSecurityGroupsRequest{
				RegionId: dara.String(region), MaxResults: dara.Int32(10), NextToken: first.NextToken,
				SecurityGroupType: dara.String("enterprise"),
			})
			return err
		}},
		{name: "no RegionId", code: "MissingParameter.RegionId", edit: func(r *ecs.DescribeSecurityGroupsRequest) { r.RegionId = nil }},
		{name: "SecurityGroupType other", code: "InvalidParameter.SecurityGroupType", edit: func(r *ecs.DescribeSecurityGroupsRequest) {
			r.SecurityGroupType = dara.String("other")
		}},
		{name: "SecurityGroupId not sg-", code: "InvalidSecurityGroupId.Malformed", edit: func(r *ecs.DescribeSecurityGroupsRequest) {
			r.SecurityGroupId = dara.String("vpc-notagroup")
		}},
		{name: "SecurityGroupIds item not sg-", code: "InvalidSecurityGroupId.Malformed", edit: func(r *ecs.DescribeSecurityGroupsRequest) {
			r.SecurityGroupIds = dara.String(`["sg-bp1aaaaaaaaaaaaaaaaa","vpc-notagroup"]`)
		}},
		{name: "SecurityGroupName URL", code: "InvalidSecurityGroupName.Malformed", edit: func(r *ecs.DescribeSecurityGroupsRequest) {
			r.SecurityGroupName = dara.String("http://x")
		}},
		{name: "MaxResults 101", code: "InvalidParameter.MaxResults", edit: func(r *ecs.DescribeSecurityGroupsRequest) { r.MaxResults = dara.Int32(101) }},
		{name: "PageSize 51", code: "InvalidParameter.PageSize", edit: func(r *ecs.DescribeSecurityGroupsRequest) { r.PageSize = dara.Int32(51) }},
		{name: "PageNumber 0", code: "InvalidParameter.PageNumber", edit: func(r *ecs.DescribeSecurityGroupsRequest) { r.PageNumber = dara.Int32(0) }},
		{name: "NetworkType vswitch", code: "InvalidParameter.NetworkType", edit: func(r *ecs.DescribeSecurityGroupsRequest) {
			r.NetworkType = dara.String("vswitch")
		}},
		{name: "tag value without key", code: "InvalidParameter", edit: func(r *ecs.DescribeSecurityGroupsRequest) {
			r.Tag = []*ecs.DescribeSecurityGroupsRequestTag{{Value: dara.String("prod")}}
		}},
		{name: "unknown region", code: "InvalidRegionId.NotFound", edit: func(r *ecs.DescribeSecurityGroupsRequest) {
			r.RegionId = dara.String("xx-nowhere-1")
		}},
		{name: "DryRun", code: "DryRunOperation", edit: func(r *ecs.DescribeSecurityGroupsRequest) { r.DryRun = dara.Bool(true) }},
		{name: "query over 64 KiB", code: "RequestTooLarge", edit: func(r *ecs.DescribeSecurityGroupsRequest) {
			r.SecurityGroupName = dara.String("n" + strings.Repeat("a", emulator.MaxQueryBytes))
		}},
		{name: "wrong secret", code: "SignatureDoesNotMatch",
			key: &key{id: emulator.DefaultAccessKeyID, secret: "NotTheSecret0000000000000000000001"},
			check: func(t *testing.T, e *tea.SDKError, m mode) {
				// The message carries the server's string-to-sign, which
				// starts as the scheme's own: the algorithm for V3, the
				// method and path for RPC.
				start := map[string]string{"v3": "[ACS3-HMAC-SHA256\n", "rpc": "is:POST&%2F&"}[m.scheme]
				if !strings.Contains(dara.StringValue(e.Message), start) {
					t.Errorf("the message carries no %s string-to-sign starting %q: %q", m.scheme, start, dara.StringValue(e.Message))
				}
			}},
		{name: "unknown access key", code: "InvalidAccessKeyId.NotFound", key: &key{id: "LTAI5tNobodyHasThisKey0", secret: emulator.DefaultAccessKeySecret}},
		{name: "STS key without its token", code: "InvalidAccessKeyId.NotFound", key: &key{id: emulator.STSAccessKeyID, secret: emulator.STSAccessKeySecret}},
		{name: "disabled key", code: "InvalidAccessKeyId.Inactive", key: &key{id: emulator.DisabledAccessKeyID, secret: emulator.DisabledAccessKeySecret}},
		{name: "RAM denies", code: "Forbidden.RAM", key: &key{id: emulator.DeniedAccessKeyID, secret: emulator.DeniedAccessKeySecret},
			check: func(t *testing.T, e *tea.SDKError, _ mode) {
				d := e.AccessDeniedDetail
				if d["AuthAction"] != "ecs:DescribeSecurityGroups" || d["NoPermissionType"] == nil {
					t.Errorf("AccessDeniedDetail %v, want AuthAction ecs:DescribeSecurityGroups and a NoPermissionType", d)
				}
			}},
		{name: "clock one hour apart", code: "InvalidTimeStamp.Expired", opts: oneHourAhead},
		{name: "unknown action", code: "InvalidAction.NotFound", call: callAction("DescribeSecurityGroupz", "2014-05-26")},
		{name: "unknown version", code: "InvalidVersion", call: callAction("DescribeSecurityGroups", "2099-01-01")},
		{name: "throttled", code: "Throttling.User", opts: faults(emulator.Faults{Throttle: 1})},
		{name: "server fault", code: "InternalError", opts: faults(emulator.Faults{InternalError: 1})},
		{name: "outage", code: "ServiceUnavailable", opts: faults(emulator.Faults{Unavailable: 1})},
	}
}

// TestSDKErrors provokes each error code through the official Go SDK in
// both signing modes and checks what the SDK decodes: *tea.SDKError with
// the code, the HTTP status and the message of the contract.
func TestSDKErrors(t *testing.T) {
	shared := serve(t, emulator.Options{})
	for _, tc := range errorCases() {
		lb := shared
		if tc.opts != nil {
			lb = serve(t, *tc.opts)
		}
		for _, m := range modes {
			t.Run(m.name+"/"+tc.code+"/"+tc.name, func(t *testing.T) {
				k := defaultKey
				if tc.key != nil {
					k = *tc.key
				}
				c := sdkClient(t, lb, m, k)
				var err error
				if tc.call != nil {
					err = tc.call(t, c)
				} else {
					req := &ecs.DescribeSecurityGroupsRequest{RegionId: dara.String(region)}
					if tc.edit != nil {
						tc.edit(req)
					}
					_, err = describe(c, req)
				}
				e := wantAPIError(t, err, tc.code, m)
				if tc.check != nil {
					tc.check(t, e, m)
				}
			})
		}
	}
}

// TestSDKErrorCatalogueCovered keeps TestSDKErrors complete: every code of
// the contract is provoked there or listed as beyond an SDK's reach, and
// nothing is listed that the contract does not have.
func TestSDKErrorCatalogueCovered(t *testing.T) {
	provoked := map[string]bool{}
	for _, tc := range errorCases() {
		provoked[tc.code] = true
	}
	var contractCodes []string
	for _, e := range contract.Errors {
		contractCodes = append(contractCodes, e.Code)
		_, skipped := notProvokable[e.Code]
		switch {
		case provoked[e.Code] && skipped:
			t.Errorf("%s is both provoked and listed as not provokable", e.Code)
		case !provoked[e.Code] && !skipped:
			t.Errorf("the contract's error %s is neither provoked through the SDK nor listed in notProvokable with a reason", e.Code)
		}
	}
	for code := range provoked {
		if !slices.Contains(contractCodes, code) {
			t.Errorf("a case provokes %s, which the contract does not list", code)
		}
	}
	for code := range notProvokable {
		if !slices.Contains(contractCodes, code) {
			t.Errorf("notProvokable lists %s, which the contract does not list", code)
		}
	}
}

// TestSDKThrottlingErrorType checks the error types the SDK builds for
// Throttling.User before it wraps them: *openapi.ThrottlingError, carrying
// the retry delay it read from the x-ratelimit headers. With its default
// settings the SDK flattens every error into *tea.SDKError, which
// TestSDKErrors checks; DisableSDKError keeps the typed error.
func TestSDKThrottlingErrorType(t *testing.T) {
	lb := serve(t, emulator.Options{Faults: emulator.Faults{Throttle: 1}})
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			c := sdkClient(t, lb, m, defaultKey)
			c.Client.DisableSDKError = dara.Bool(true) // the embedded openapi client's switch
			_, err := describe(c, &ecs.DescribeSecurityGroupsRequest{RegionId: dara.String(region)})
			var te *openapi.ThrottlingError
			if !errors.As(err, &te) {
				t.Fatalf("got %T (%v), want *openapi.ThrottlingError", err, err)
			}
			if got := dara.StringValue(te.Code); got != "Throttling.User" {
				t.Errorf("Code %q, want Throttling.User", got)
			}
			if got := dara.IntValue(te.StatusCode); got != contract.Error("Throttling.User").Status {
				t.Errorf("StatusCode %d", got)
			}
			// The emulator's x-ratelimit headers say TimeLeft:2000 (ms).
			if got := dara.Int64Value(te.RetryAfter); got != 2000 {
				t.Errorf("RetryAfter %d ms, want the 2000 the x-ratelimit headers announce", got)
			}
		})
	}
}

// TestSDKSecurityToken checks that the emulator's STS key, with its token,
// is accepted in both modes and sees the default account's groups.
func TestSDKSecurityToken(t *testing.T) {
	lb := serve(t, emulator.Options{})
	sts := key{id: emulator.STSAccessKeyID, secret: emulator.STSAccessKeySecret, token: emulator.STSSecurityToken}
	want := expected(t, wire("RegionId", region))[:5]
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			c := sdkClient(t, lb, m, sts)
			body, err := describe(c, &ecs.DescribeSecurityGroupsRequest{RegionId: dara.String(region), MaxResults: dara.Int32(5)})
			if err != nil {
				t.Fatalf("STS request: %s", describeErr(err))
			}
			compareGroups(t, body.SecurityGroups.SecurityGroup, want, false)
		})
	}
}
