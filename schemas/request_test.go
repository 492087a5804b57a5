package schemas_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ecs-conformance/ecs-conformance/schemas"
	"github.com/ecs-conformance/ecs-conformance/specs"
)

// fullRequest sends every parameter of the contract except those of the
// other paging mode: sending both modes is itself a violation.
func fullRequest(mode string) map[string]any {
	p := map[string]any{
		"RegionId":             "cn-hangzhou",
		"SecurityGroupId":      "sg-bp67acfmxazb4p****",
		"SecurityGroupIds":     []string{"sg-bp1aaaaaaaaaaaaaaaa1", "sg-bp1bbbbbbbbbbbbbbbb2"},
		"SecurityGroupType":    "normal",
		"SecurityGroupName":    "SGTestName",
		"NetworkType":          "vpc",
		"VpcId":                "vpc-bp67acfmxazb4p****",
		"ResourceGroupId":      "rg-bp67acfmxazb4p****",
		"Tag":                  []map[string]any{{"Key": "env", "Value": "prod"}, {"key": "team name", "value": "a*b~c/d"}, {"Key": "only-key"}},
		"ServiceManaged":       false,
		"IsQueryEcsCount":      true,
		"FuzzyQuery":           false,
		"DryRun":               true,
		"OwnerId":              "1234567890123456",
		"ResourceOwnerId":      "1234567890123456",
		"OwnerAccount":         "owner",
		"ResourceOwnerAccount": "resource-owner",
	}
	if mode == specs.ModeNextToken {
		p["MaxResults"], p["NextToken"] = 100, "e71d8a535bd9cc11"
	} else {
		p["PageNumber"], p["PageSize"] = 3, 50
	}
	return p
}

func TestFullRequestsValidate(t *testing.T) {
	op := specs.Lookup("DescribeSecurityGroups")
	for _, mode := range []string{specs.ModeNextToken, specs.ModePageNumber} {
		t.Run(mode, func(t *testing.T) {
			p := fullRequest(mode)
			res, err := schemas.Request(dsg, p)
			if err != nil {
				t.Fatal(err)
			}
			if !res.OK() {
				t.Fatalf("want valid, got:\n%s", res)
			}
			// Every parameter of the contract is sent but those of the
			// other mode, so a new parameter cannot go untested.
			other := map[string]bool{}
			if mode == specs.ModeNextToken {
				other[op.Paging.PageNumber.NumberParam], other[op.Paging.PageNumber.SizeParam] = true, true
			} else {
				for _, n := range op.Paging.NextToken.SelectedBy {
					other[n] = true
				}
			}
			for _, param := range op.Parameters {
				if _, sent := p[param.Name]; !sent && !other[param.Name] {
					t.Errorf("the full request does not send %s", param.Name)
				}
			}
		})
	}
}

func TestBadRequests(t *testing.T) {
	ids := make([]string, 101)
	for i := range ids {
		ids[i] = fmt.Sprintf("sg-%03d", i)
	}
	tags := make([]map[string]any, 21)
	for i := range tags {
		tags[i] = map[string]any{"Key": fmt.Sprintf("k%d", i)}
	}
	tests := []struct {
		name       string
		change     map[string]any // nil value deletes
		path, rule string
		alsoRules  []string // other rules expected at the same path
	}{
		{name: "RegionId missing", change: map[string]any{"RegionId": nil}, path: "RegionId", rule: "required"},
		{name: "RegionId malformed", change: map[string]any{"RegionId": "Hangzhou"}, path: "RegionId", rule: "pattern"},
		{name: "101 IDs", change: map[string]any{"SecurityGroupIds": ids}, path: "SecurityGroupIds", rule: "maxItems"},
		{name: "an ID without sg-", change: map[string]any{"SecurityGroupIds": []string{"sg-a", "vpc-b"}}, path: "SecurityGroupIds.1", rule: "pattern"},
		{name: "IDs not an array", change: map[string]any{"SecurityGroupIds": "sg-a"}, path: "SecurityGroupIds", rule: "type"},
		{name: "SecurityGroupId malformed", change: map[string]any{"SecurityGroupId": "vpc-notagroup"}, path: "SecurityGroupId", rule: "pattern"},
		{name: "MaxResults 0", change: map[string]any{"MaxResults": 0}, path: "MaxResults", rule: "minimum"},
		{name: "MaxResults 101", change: map[string]any{"MaxResults": 101}, path: "MaxResults", rule: "maximum"},
		{name: "MaxResults a string", change: map[string]any{"MaxResults": "10"}, path: "MaxResults", rule: "type"},
		{name: "21 tags", change: map[string]any{"Tag": tags}, path: "Tag", rule: "maxItems"},
		{name: "tag key empty", change: map[string]any{"Tag": []map[string]any{{"Key": ""}}}, path: "Tag.0.Key", rule: "minLength"},
		{name: "tag value too long", change: map[string]any{"Tag": []map[string]any{{"Key": "k", "Value": strings.Repeat("v", 129)}}}, path: "Tag.0.Value", rule: "maxLength"},
		{name: "Key and key in one tag", change: map[string]any{"Tag": []map[string]any{{"Key": "a"}, {"Key": "k", "key": "k"}}}, path: "Tag.1", rule: "not"},
		{name: "Value and value in one tag", change: map[string]any{"Tag": []map[string]any{{"Key": "k", "Value": "v", "value": "v"}}}, path: "Tag.0", rule: "not"},
		{name: "name http://x", change: map[string]any{"SecurityGroupName": "http://x"}, path: "SecurityGroupName", rule: "not", alsoRules: []string{"pattern"}},
		{name: "name HTTPS://x", change: map[string]any{"SecurityGroupName": "HTTPS://x"}, path: "SecurityGroupName", rule: "not", alsoRules: []string{"pattern"}},
		{name: "name of one letter", change: map[string]any{"SecurityGroupName": "a"}, path: "SecurityGroupName", rule: "minLength"},
		{name: "name of 129 letters", change: map[string]any{"SecurityGroupName": strings.Repeat("a", 129)}, path: "SecurityGroupName", rule: "maxLength"},
		{name: "name starting with a digit", change: map[string]any{"SecurityGroupName": "1web"}, path: "SecurityGroupName", rule: "pattern"},
		{name: "SecurityGroupType x", change: map[string]any{"SecurityGroupType": "x"}, path: "SecurityGroupType", rule: "enum"},
		{name: "NetworkType vswitch", change: map[string]any{"NetworkType": "vswitch"}, path: "NetworkType", rule: "enum"},
		{name: "DryRun a string", change: map[string]any{"DryRun": "true"}, path: "DryRun", rule: "type"},
		{name: "PageSize 51", change: map[string]any{"MaxResults": nil, "NextToken": nil, "PageSize": 51}, path: "PageSize", rule: "maximum"},
		{name: "PageNumber 0", change: map[string]any{"MaxResults": nil, "NextToken": nil, "PageNumber": 0}, path: "PageNumber", rule: "minimum"},
		{name: "both paging modes", change: map[string]any{"PageSize": 10}, path: "", rule: "not"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := fullRequest(specs.ModeNextToken)
			for k, v := range tt.change {
				if v == nil {
					delete(p, k)
				} else {
					p[k] = v
				}
			}
			res, err := schemas.Request(dsg, p)
			if err != nil {
				t.Fatal(err)
			}
			expectOnly(t, res, tt.path, tt.rule)
			for _, r := range tt.alsoRules {
				if !has(res, tt.path, r) {
					t.Errorf("want also %q at %q, got:\n%s", r, tt.path, res)
				}
			}
			if want := 1 + len(tt.alsoRules); len(res.Violations) != want {
				t.Errorf("want %d violations, got:\n%s", want, res)
			}
		})
	}
}

func TestUnknownParametersAreAllowed(t *testing.T) {
	p := fullRequest(specs.ModeNextToken)
	p["Action"], p["SignatureNonce"], p["Whatever"] = "DescribeSecurityGroups", "n", []int{1}
	res, err := schemas.Request(dsg, p)
	if err != nil {
		t.Fatal(err)
	}
	if !res.OK() {
		t.Fatalf("want valid, got:\n%s", res)
	}
}

func TestRequestThatIsNotJSONIsAnError(t *testing.T) {
	if _, err := schemas.Request(dsg, map[string]any{"RegionId": make(chan int)}); err == nil {
		t.Fatal("want an error for a value JSON cannot hold")
	}
}

func TestBoundsAreWrittenAsIntegers(t *testing.T) {
	res, err := schemas.Request(dsg, map[string]any{"RegionId": "cn-hangzhou", "MaxResults": 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Violations) != 1 || res.Violations[0].Message != "must be at most 100" {
		t.Fatalf("want one violation saying \"must be at most 100\", got:\n%s", res)
	}
}
