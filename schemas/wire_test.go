package schemas_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"reflect"
	"testing"

	"github.com/ecs-conformance/ecs-conformance/schemas"
)

// capturedQuery is the query of the v7 SDK's full-parameter request in
// ../shared/wire/wire_captures.txt (§2.5 of the wire reference).
const capturedQuery = `DryRun=true&MaxResults=20&NextToken=e71d8a535bd9cc11&RegionId=cn-hangzhou&SecurityGroupIds=%5B%22sg-bp1aaaaaaaaaaaaaaaa1%22%2C%22sg-bp1bbbbbbbbbbbbbbbb2%22%5D&Tag.1.Key=env&Tag.1.Value=prod&Tag.2.Key=team+name&Tag.2.Value=a%2Ab~c%2Fd&VpcId=vpc-bp1xxxxxxxxxxxxxxxx`

// legacyQuery is the legacy SDK's RPC request from the same captures, with
// the common parameters the schema must ignore.
const legacyQuery = `AccessKeyId=LTAI5tTESTACCESSKEYID&Action=DescribeSecurityGroups&DryRun=true&Format=JSON&MaxResults=20&NextToken=e71d8a535bd9cc11&RegionId=cn-hangzhou&SecurityGroupIds=%5B%22sg-bp1aaaaaaaaaaaaaaaa1%22%2C%22sg-bp1bbbbbbbbbbbbbbbb2%22%5D&Signature=R8Aa%2By6HrQgV%2FRPlPGUuQcS9Qj0%3D&SignatureMethod=HMAC-SHA1&SignatureNonce=2a88311563da4e596e08d75e83755c6c&SignatureType=&SignatureVersion=1.0&Tag.1.Key=env&Tag.1.Value=prod&Tag.2.Key=team+name&Tag.2.Value=a%2Ab~c%2Fd&Timestamp=2026-11-26T20%3A22%3A57Z&Version=2014-05-26&VpcId=vpc-bp1xxxxxxxxxxxxxxxx`

func query(t *testing.T, q string) url.Values {
	t.Helper()
	v, err := url.ParseQuery(q)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestDecodeWireShapes(t *testing.T) {
	params, violations := schemas.DecodeWire(dsg, query(t, capturedQuery+"&Tag.10.key=ten&PageNumber=&IsQueryEcsCount=True"))
	if len(violations) > 0 {
		t.Fatalf("unexpected violations: %v", violations)
	}
	want := map[string]any{
		"DryRun":           true,
		"IsQueryEcsCount":  true,
		"MaxResults":       int64(20),
		"NextToken":        "e71d8a535bd9cc11",
		"RegionId":         "cn-hangzhou",
		"SecurityGroupIds": []any{"sg-bp1aaaaaaaaaaaaaaaa1", "sg-bp1bbbbbbbbbbbbbbbb2"},
		// In order of N as a number: 10 after 2.
		"Tag": []any{
			map[string]any{"Key": "env", "Value": "prod"},
			map[string]any{"Key": "team name", "Value": "a*b~c/d"},
			map[string]any{"key": "ten"},
		},
		"VpcId": "vpc-bp1xxxxxxxxxxxxxxxx",
	}
	if !reflect.DeepEqual(params, want) {
		got, _ := json.MarshalIndent(params, "", " ")
		t.Fatalf("decoded:\n%s", got)
	}
}

func TestCapturedRequestsValidate(t *testing.T) {
	for name, q := range map[string]string{"v7": capturedQuery, "legacy": legacyQuery} {
		if res := schemas.WireRequest(dsg, query(t, q)); !res.OK() {
			t.Errorf("%s: want valid, got:\n%s", name, res)
		}
	}
}

func TestBadWireRequests(t *testing.T) {
	tags21 := "RegionId=cn-hangzhou"
	for n := 1; n <= 21; n++ {
		tags21 += fmt.Sprintf("&Tag.%d.Key=k%d", n, n)
	}
	tests := []struct {
		name, query, path, rule string
	}{
		{"MaxResults abc", "RegionId=cn-hangzhou&MaxResults=abc", "MaxResults", "type"},
		{"MaxResults 101", "RegionId=cn-hangzhou&MaxResults=101", "MaxResults", "maximum"},
		{"MaxResults 0", "RegionId=cn-hangzhou&MaxResults=0", "MaxResults", "minimum"},
		{"MaxResults beyond int64", "RegionId=cn-hangzhou&MaxResults=99999999999999999999", "MaxResults", "type"},
		{"MaxResults sent twice", "RegionId=cn-hangzhou&MaxResults=10&MaxResults=20", "MaxResults", "duplicate"},
		{"DryRun maybe", "RegionId=cn-hangzhou&DryRun=maybe", "DryRun", "type"},
		{"RegionId empty", "RegionId=&MaxResults=10", "RegionId", "required"},
		{"RegionId absent", "MaxResults=10", "RegionId", "required"},
		{"SecurityGroupIds not JSON", "RegionId=cn-hangzhou&SecurityGroupIds=sg-a,sg-b", "SecurityGroupIds", "type"},
		{"SecurityGroupIds an object", "RegionId=cn-hangzhou&SecurityGroupIds=%7B%7D", "SecurityGroupIds", "type"},
		{"SecurityGroupIds with a number", `RegionId=cn-hangzhou&SecurityGroupIds=["sg-a",5]`, "SecurityGroupIds.1", "type"},
		{"21 tags", tags21, "Tag.21.Key", "index"},
		{"Tag.0", "RegionId=cn-hangzhou&Tag.0.Key=k", "Tag.0.Key", "index"},
		{"Tag.x", "RegionId=cn-hangzhou&Tag.x.Key=k", "Tag.x.Key", "index"},
		{"Tag.+1", "RegionId=cn-hangzhou&Tag.%2B1.Key=k", "Tag.+1.Key", "index"},
		{"Tag without N", "RegionId=cn-hangzhou&Tag=k", "Tag", "syntax"},
		{"Key and key for one N", "RegionId=cn-hangzhou&Tag.1.Key=a&Tag.7.Key=k&Tag.7.key=k", "Tag.7", "not"},
		{"tag key too long", "RegionId=cn-hangzhou&Tag.4.Key=" + fmt.Sprintf("%0129d", 0), "Tag.4.Key", "maxLength"},
		{"name http://x", "RegionId=cn-hangzhou&SecurityGroupName=http://x", "SecurityGroupName", "not"},
		{"SecurityGroupType x", "RegionId=cn-hangzhou&SecurityGroupType=x", "SecurityGroupType", "enum"},
		{"PageSize 51", "RegionId=cn-hangzhou&PageSize=51", "PageSize", "maximum"},
		{"both paging modes", "RegionId=cn-hangzhou&PageSize=10&NextToken=abc", "", "not"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := schemas.WireRequest(dsg, query(t, tt.query))
			if !has(res, tt.path, tt.rule) {
				t.Fatalf("want a %q violation at %q, got:\n%s", tt.rule, tt.path, orValid(res))
			}
			for _, v := range res.Violations {
				if v.Path != tt.path {
					t.Errorf("unexpected violation elsewhere: %s", v)
				}
			}
		})
	}
}

// A parameter the decoder could not read is reported once, by the decoder,
// not again by the schema as missing.
func TestDecodeFailureReportedOnce(t *testing.T) {
	res := schemas.WireRequest(dsg, query(t, "RegionId=cn-hangzhou&MaxResults=abc"))
	if len(res.Violations) != 1 || res.Violations[0].Value != "abc" {
		t.Fatalf("want one violation carrying \"abc\", got:\n%s", res)
	}
	_, violations := schemas.DecodeWire(dsg, query(t, "RegionId=cn-hangzhou&MaxResults=abc"))
	if len(violations) != 1 || violations[0].Path != "MaxResults" {
		t.Fatalf("DecodeWire: want the MaxResults violation, got %v", violations)
	}
}
