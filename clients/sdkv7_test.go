package clients_test

import (
	"errors"
	"testing"

	openapiutil "github.com/alibabacloud-go/darabonba-openapi/v2/utils"
	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/alibabacloud-go/tea/tea"
)

// v7 drives the Go SDK v7 (github.com/alibabacloud-go/ecs-20140526/v7),
// signing V3 (its default) or RPC ("v2").
func v7(name, algorithm string) client {
	return client{name: name, wrongSecretCodes: []string{"SignatureDoesNotMatch"}, run: func(t *testing.T, endpoint string, steps []string, f fixtureValues) []result {
		sdk := func(sk string) *ecs.Client {
			cfg := &openapiutil.Config{
				AccessKeyId: dara.String(keyID), AccessKeySecret: dara.String(sk),
				Endpoint: dara.String(endpoint), Protocol: dara.String("HTTP"), RegionId: dara.String(region),
			}
			if algorithm != "" {
				cfg.SignatureAlgorithm = dara.String(algorithm)
			}
			c, err := ecs.NewClient(cfg)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		good, wrong := sdk(secret), sdk(wrongSecret)
		var out []result
		for _, step := range steps {
			c := good
			req := &ecs.DescribeSecurityGroupsRequest{RegionId: dara.String(region)}
			switch step {
			case stepNextToken:
				req.MaxResults = dara.Int32(50)
			case stepPageNumber:
				req.PageSize = dara.Int32(50)
			case stepVpcFilter:
				req.VpcId = dara.String(f.VpcID)
			case stepTagFilter:
				req.Tag = []*ecs.DescribeSecurityGroupsRequestTag{{Key: dara.String(f.TagKey), Value: dara.String(f.TagValue)}}
			case stepNameFilter:
				req.SecurityGroupName, req.MaxResults = dara.String("web"), dara.Int32(100)
			case stepError:
				req.SecurityGroupType = dara.String("other")
			case stepDryRun:
				req.DryRun = dara.Bool(true)
			case stepWrongSecret:
				c = wrong
			}
			out = append(out, v7Walk(t, c, step, req))
		}
		return out
	}}
}

// v7Walk sends req and, for the walks, follows NextToken or PageNumber to
// the last page.
func v7Walk(t *testing.T, c *ecs.Client, step string, req *ecs.DescribeSecurityGroupsRequest) result {
	r := result{Step: step, IDs: []string{}}
	for page := int32(1); page <= 50; page++ {
		if step == stepPageNumber {
			req.PageNumber = dara.Int32(page)
		}
		resp, err := c.DescribeSecurityGroupsWithOptions(req, &dara.RuntimeOptions{})
		if err != nil {
			var e *tea.SDKError
			if !errors.As(err, &e) {
				t.Fatalf("%s: %v", step, err)
			}
			r.Status, r.Code = dara.IntValue(e.StatusCode), dara.StringValue(e.Code)
			return r
		}
		body := resp.Body
		r.Status, r.Pages = int(dara.Int32Value(resp.StatusCode)), r.Pages+1
		r.RequestIDs = append(r.RequestIDs, dara.StringValue(body.RequestId))
		n := 0
		if body.SecurityGroups != nil {
			for _, g := range body.SecurityGroups.SecurityGroup {
				r.IDs = append(r.IDs, dara.StringValue(g.SecurityGroupId))
				n++
			}
		}
		switch {
		case step == stepNextToken && dara.StringValue(body.NextToken) != "":
			req.NextToken = body.NextToken
		case step == stepPageNumber && n == 50:
		default:
			return r
		}
	}
	t.Fatalf("%s did not end within 50 pages", step)
	return r
}

func TestGoSDKv7V3(t *testing.T) { recordAndPlay(t, v7("go-sdk-v7-v3", "")) }
func TestGoSDKv7V2(t *testing.T) { recordAndPlay(t, v7("go-sdk-v7-v2", "v2")) }

func TestGoSDKv7FromCommittedCassettes(t *testing.T) {
	host := committedServer(t)
	servedFromCommitted(t, v7("go-sdk-v7-v3", ""), host)
	servedFromCommitted(t, v7("go-sdk-v7-v2", "v2"), host)
}
