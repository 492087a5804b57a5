package clients_test

import (
	"errors"
	"testing"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
)

// legacy drives the legacy Go SDK (github.com/aliyun/alibaba-cloud-sdk-go),
// RPC only, by GET or by POST (all parameters in the query either way).
func legacy(name, method string) client {
	// The SDK reports InvalidAccessKeySecret instead when the server's
	// string-to-sign equals its own (signature_does_not_match_wrapper.go).
	return client{name: name, wrongSecretCodes: []string{"SignatureDoesNotMatch", "InvalidAccessKeySecret"}, run: func(t *testing.T, endpoint string, steps []string, f fixtureValues) []result {
		sdk := func(sk string) *ecs.Client {
			c, err := ecs.NewClientWithAccessKey(region, keyID, sk)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		good, wrong := sdk(secret), sdk(wrongSecret)
		var out []result
		for _, step := range steps {
			c := good
			req := ecs.CreateDescribeSecurityGroupsRequest()
			req.Scheme, req.Domain, req.Method = "http", endpoint, method
			req.RegionId = region
			switch step {
			case stepNextToken:
				req.MaxResults = requests.NewInteger(50)
			case stepPageNumber:
				req.PageSize = requests.NewInteger(50)
			case stepVpcFilter:
				req.VpcId = f.VpcID
			case stepTagFilter:
				req.Tag = &[]ecs.DescribeSecurityGroupsTag{{Key: f.TagKey, Value: f.TagValue}}
			case stepNameFilter:
				req.SecurityGroupName, req.MaxResults = "web", requests.NewInteger(100)
			case stepError:
				req.SecurityGroupType = "other"
			case stepDryRun:
				req.DryRun = requests.NewBoolean(true)
			case stepWrongSecret:
				c = wrong
			}
			out = append(out, legacyWalk(t, c, step, req))
		}
		return out
	}}
}

func legacyWalk(t *testing.T, c *ecs.Client, step string, req *ecs.DescribeSecurityGroupsRequest) result {
	r := result{Step: step, IDs: []string{}}
	for page := 1; page <= 50; page++ {
		if step == stepPageNumber {
			req.PageNumber = requests.NewInteger(page)
		}
		resp, err := c.DescribeSecurityGroups(req)
		if err != nil {
			var e *sdkerrors.ServerError
			if !errors.As(err, &e) {
				t.Fatalf("%s: %v", step, err)
			}
			r.Status, r.Code = e.HttpStatus(), e.ErrorCode()
			return r
		}
		r.Status, r.Pages = resp.GetHttpStatus(), r.Pages+1
		r.RequestIDs = append(r.RequestIDs, resp.RequestId)
		for _, g := range resp.SecurityGroups.SecurityGroup {
			r.IDs = append(r.IDs, g.SecurityGroupId)
		}
		switch {
		case step == stepNextToken && resp.NextToken != "":
			req.NextToken = resp.NextToken
		case step == stepPageNumber && len(resp.SecurityGroups.SecurityGroup) == 50:
		default:
			return r
		}
	}
	t.Fatalf("%s did not end within 50 pages", step)
	return r
}

func TestLegacySDKGet(t *testing.T)  { recordAndPlay(t, legacy("legacy-sdk-get", requests.GET)) }
func TestLegacySDKPost(t *testing.T) { recordAndPlay(t, legacy("legacy-sdk-post", requests.POST)) }

func TestLegacySDKFromCommittedCassettes(t *testing.T) {
	host := committedServer(t)
	servedFromCommitted(t, legacy("legacy-sdk-get", requests.GET), host)
	servedFromCommitted(t, legacy("legacy-sdk-post", requests.POST), host)
}
