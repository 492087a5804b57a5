package emulator

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ecs-conformance/ecs-conformance/internal/client"
)

// TestValidation sends each parameter's edge values, valid and invalid, and
// checks the code of the answer ("" for a 200 page).
func TestValidation(t *testing.T) {
	ids := func(n int) string {
		items := make([]string, n)
		for i := range items {
			items[i] = fmt.Sprintf("%q", fmt.Sprintf("sg-%d", i))
		}
		return "[" + strings.Join(items, ",") + "]"
	}
	tests := []struct {
		name  string
		kv    []string // after RegionId=cn-hangzhou unless it sets RegionId
		code  string
		param string // the parameter InvalidParameter must name
	}{
		{"region missing", []string{"RegionId", ""}, "MissingParameter.RegionId", ""},
		{"region unknown", []string{"RegionId", "xx-nowhere-1"}, "InvalidRegionId.NotFound", ""},
		{"region upper case", []string{"RegionId", "CN-HANGZHOU"}, "InvalidRegionId.NotFound", ""},
		{"region without groups of the caller", []string{"RegionId", "ap-southeast-1"}, "", ""},
		{"region twice", []string{"RegionId", "cn-hangzhou", "RegionId", "cn-hangzhou"}, "InvalidParameter", "RegionId"},
		{"max results 0", []string{"MaxResults", "0"}, "InvalidParameter.MaxResults", ""},
		{"max results 101", []string{"MaxResults", "101"}, "InvalidParameter.MaxResults", ""},
		{"max results -1", []string{"MaxResults", "-1"}, "InvalidParameter.MaxResults", ""},
		{"max results 1e3", []string{"MaxResults", "1e3"}, "InvalidParameter.MaxResults", ""},
		{"max results +5", []string{"MaxResults", "+5"}, "InvalidParameter.MaxResults", ""},
		{"max results huge", []string{"MaxResults", "99999999999999999999"}, "InvalidParameter.MaxResults", ""},
		{"max results 1", []string{"MaxResults", "1"}, "", ""},
		{"max results 100", []string{"MaxResults", "100"}, "", ""},
		{"next token forged", []string{"NextToken", "e71d8a535bd9cc11"}, "InValidParameter.NextToken", ""},
		{"page number 0", []string{"PageNumber", "0"}, "InvalidParameter.PageNumber", ""},
		{"page number text", []string{"PageNumber", "one"}, "InvalidParameter.PageNumber", ""},
		{"page number far", []string{"PageNumber", "999999999999"}, "", ""},
		{"page size 51", []string{"PageSize", "51"}, "InvalidParameter.PageSize", ""},
		{"page size 50", []string{"PageSize", "50"}, "", ""},
		{"group id not sg", []string{"SecurityGroupId", "vpc-notagroup"}, "InvalidSecurityGroupId.Malformed", ""},
		{"group id upper case", []string{"SecurityGroupId", "sg-ABC"}, "InvalidSecurityGroupId.Malformed", ""},
		{"group id unknown", []string{"SecurityGroupId", "sg-doesnotexist"}, "", ""},
		{"group ids not json", []string{"SecurityGroupIds", "sg-a,sg-b"}, "InvalidSecurityGroupId.Malformed", ""},
		{"group ids object", []string{"SecurityGroupIds", `{"a":"sg-a"}`}, "InvalidSecurityGroupId.Malformed", ""},
		{"group ids numbers", []string{"SecurityGroupIds", `[1,2]`}, "InvalidSecurityGroupId.Malformed", ""},
		{"group ids null", []string{"SecurityGroupIds", `null`}, "InvalidSecurityGroupId.Malformed", ""},
		{"group ids bad item", []string{"SecurityGroupIds", `["sg-a","vpc-b"]`}, "InvalidSecurityGroupId.Malformed", ""},
		{"group ids 101", []string{"SecurityGroupIds", ids(101)}, "InvalidSecurityGroupId.Malformed", ""},
		{"group ids 100", []string{"SecurityGroupIds", ids(100)}, "", ""},
		{"group ids empty array", []string{"SecurityGroupIds", `[]`}, "", ""},
		{"type other", []string{"SecurityGroupType", "other"}, "InvalidParameter.SecurityGroupType", ""},
		{"type capitalised", []string{"SecurityGroupType", "Normal"}, "InvalidParameter.SecurityGroupType", ""},
		{"name one letter", []string{"SecurityGroupName", "a"}, "InvalidSecurityGroupName.Malformed", ""},
		{"name digit first", []string{"SecurityGroupName", "1web"}, "InvalidSecurityGroupName.Malformed", ""},
		{"name url", []string{"SecurityGroupName", "http://x"}, "InvalidSecurityGroupName.Malformed", ""},
		{"name url upper case", []string{"SecurityGroupName", "HTTPS://x"}, "InvalidSecurityGroupName.Malformed", ""},
		{"name 129 runes", []string{"SecurityGroupName", strings.Repeat("é", 129)}, "InvalidSecurityGroupName.Malformed", ""},
		{"name 128 runes", []string{"SecurityGroupName", strings.Repeat("é", 128)}, "", ""},
		{"name space", []string{"SecurityGroupName", "web prod"}, "InvalidSecurityGroupName.Malformed", ""},
		{"network vswitch", []string{"NetworkType", "vswitch"}, "InvalidParameter.NetworkType", ""},
		{"tag index 21", []string{"Tag.21.Key", "env"}, "InvalidParameter", "Tag.21.Key"},
		{"tag index 0", []string{"Tag.0.Key", "env"}, "InvalidParameter", "Tag.0.Key"},
		{"tag index x", []string{"Tag.x.Key", "env"}, "InvalidParameter", "Tag.x.Key"},
		{"tag index huge", []string{"Tag.999999999.Key", "env"}, "InvalidParameter", "Tag.999999999.Key"},
		{"tag index 10 digits", []string{"Tag.1000000000.Key", "env"}, "InvalidParameter", "Tag.1000000000.Key"},
		{"tag no field", []string{"Tag.1", "env"}, "InvalidParameter", "Tag.1"},
		{"tag unknown field", []string{"Tag.1.Color", "red"}, "InvalidParameter", "Tag.1.Color"},
		{"tag value without key", []string{"Tag.1.Value", "prod"}, "InvalidParameter", "Tag.1.Value"},
		{"tag key and alias", []string{"Tag.1.Key", "env", "Tag.1.key", "env"}, "InvalidParameter", "Tag.1.key"},
		{"tag key too long", []string{"Tag.1.Key", strings.Repeat("k", 129)}, "InvalidParameter", "Tag.1.Key"},
		{"tag key twice", []string{"Tag.1.Key", "env", "Tag.1.Key", "env"}, "InvalidParameter", "Tag.1.Key"},
		{"tag alias alone", []string{"Tag.1.key", "env", "Tag.1.value", "prod"}, "", ""},
		{"tag 20", []string{"Tag.20.Key", "env"}, "", ""},
		{"service managed yes", []string{"ServiceManaged", "yes"}, "InvalidParameter", "ServiceManaged"},
		{"service managed TRUE", []string{"ServiceManaged", "TRUE"}, "", ""},
		{"ecs count 1", []string{"IsQueryEcsCount", "1"}, "InvalidParameter", "IsQueryEcsCount"},
		{"fuzzy maybe", []string{"FuzzyQuery", "maybe"}, "InvalidParameter", "FuzzyQuery"},
		{"dry run False", []string{"DryRun", "False"}, "", ""},
		{"dry run TRUE", []string{"DryRun", "TRUE"}, "DryRunOperation", ""},
		{"hidden parameters", []string{"OwnerId", "x", "ResourceOwnerId", "y", "OwnerAccount", "z", "ResourceOwnerAccount", "w"}, "", ""},
		{"unknown parameter", []string{"Colour", "blue", "tag.1.Key", "x"}, "", ""},
		{"empty values absent", []string{"MaxResults", "", "SecurityGroupType", "", "DryRun", ""}, "", ""},
		{"modes mixed", []string{"MaxResults", "10", "PageSize", "10"}, "NotSupported.PageNumberAndPageSize", ""},
		{"modes mixed by token", []string{"NextToken", "x", "PageNumber", "2"}, "NotSupported.PageNumberAndPageSize", ""},
		// Precedence: contract order, then mix, then token, then DryRun.
		{"max results before type", []string{"SecurityGroupType", "bad", "MaxResults", "0"}, "InvalidParameter.MaxResults", ""},
		{"name before network", []string{"NetworkType", "bad", "SecurityGroupName", "1"}, "InvalidSecurityGroupName.Malformed", ""},
		{"region before all", []string{"RegionId", "", "MaxResults", "0"}, "MissingParameter.RegionId", ""},
		{"tag before service managed", []string{"ServiceManaged", "x", "Tag.0.Key", "k"}, "InvalidParameter", "Tag.0.Key"},
		{"invalid beats DryRun", []string{"DryRun", "true", "PageSize", "99"}, "InvalidParameter.PageSize", ""},
		{"mix beats token", []string{"NextToken", "forged", "PageSize", "5"}, "NotSupported.PageNumberAndPageSize", ""},
		{"token beats DryRun", []string{"NextToken", "forged", "DryRun", "true"}, "InValidParameter.NextToken", ""},
	}
	s := newTestServer(t, nil)
	for _, sc := range []client.Scheme{client.SchemeRPC, client.SchemeV3} {
		c := defaultClient(t, s, sc)
		for _, tt := range tests {
			t.Run(string(sc)+"/"+tt.name, func(t *testing.T) {
				p := params(tt.kv...)
				if _, ok := p["RegionId"]; !ok {
					p.Set("RegionId", "cn-hangzhou")
				}
				resp := do(t, c, client.Request{Params: p})
				if tt.code == "" {
					wantPage(t, resp)
					return
				}
				e := wantError(t, resp, tt.code)
				if tt.param != "" {
					if want := "The specified parameter " + tt.param + " is not valid."; e.Message != want {
						t.Errorf("message %q, want %q", e.Message, want)
					}
				}
			})
		}
	}
}
