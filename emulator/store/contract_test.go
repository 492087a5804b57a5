package store

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/ecs-conformance/ecs-conformance/specs"
)

// TestAgreesWithTheContract pins what the store takes from the contract, so
// that a change to specs/ecs/DescribeSecurityGroups.yaml that the store
// does not follow fails here rather than in a conformance run.
func TestAgreesWithTheContract(t *testing.T) {
	op := specs.Lookup("DescribeSecurityGroups")
	if op.Paging.OrderBy != "SecurityGroupId" || op.Paging.Order != "descending" {
		t.Errorf("the contract orders by %s %s; the store orders by SecurityGroupId descending", op.Paging.OrderBy, op.Paging.Order)
	}
	param := func(name string) specs.Parameter {
		i := slices.IndexFunc(op.Parameters, func(p specs.Parameter) bool { return p.Name == name })
		if i < 0 {
			t.Fatalf("the contract has no parameter %s", name)
		}
		return op.Parameters[i]
	}
	if got := param("NetworkType").Constraints.Enum; !slices.Equal(got, []string{NetworkVPC, NetworkClassic}) {
		t.Errorf("NetworkType enum %v; the store knows %s and %s", got, NetworkVPC, NetworkClassic)
	}
	if got := param("SecurityGroupType").Constraints.Enum; !slices.Equal(got, []string{TypeNormal, TypeEnterprise}) {
		t.Errorf("SecurityGroupType enum %v; the store knows %s and %s", got, TypeNormal, TypeEnterprise)
	}
	filters := map[string]string{}
	for _, f := range op.Filters {
		filters[f.Param] = f.Match
	}
	for param, match := range map[string]string{
		"SecurityGroupId": specs.MatchExact, "SecurityGroupIds": specs.MatchAnyOf, "VpcId": specs.MatchExact,
		"SecurityGroupType": specs.MatchExact, "SecurityGroupName": specs.MatchExact, "NetworkType": specs.MatchPresence,
		"ResourceGroupId": specs.MatchExact, "Tag": specs.MatchAllTags, "ServiceManaged": specs.MatchBoolean,
	} {
		if filters[param] != match {
			t.Errorf("filter %s matches %q in the contract; the store implements %q", param, filters[param], match)
		}
		delete(filters, param)
	}
	if len(filters) > 0 {
		t.Errorf("the contract has filters the store does not implement: %v", filters)
	}

	// Every ID the store accepts must be one a caller can ask for, and
	// region checks must agree with the RegionId pattern.
	idPattern := regexp.MustCompile(param("SecurityGroupId").Constraints.Pattern)
	regionPattern := regexp.MustCompile(param("RegionId").Constraints.Pattern)
	for _, id := range []string{"sg-a", "sg-bp1g6zv0vk2x4r7owe3d", "sg-" + strings.Repeat("a", 61), "sg-" + strings.Repeat("a", 62), "sg-", "sg-A1", "sg-a*", "sgx-a"} {
		if validGroupID(id) && !idPattern.MatchString(id) {
			t.Errorf("the store accepts %q, which the contract's SecurityGroupId pattern rejects", id)
		}
	}
	for _, r := range []string{"cn-hangzhou", "ap-southeast-1", "us-east-1", "c-x", "cn-", "-a", "cn_hangzhou", "CN-hangzhou", "cn-hang zhou", "cn--", "abc-1-2-"} {
		if validRegion(r) != regionPattern.MatchString(r) {
			t.Errorf("region %q: the store says %v, the contract's pattern %v", r, validRegion(r), regionPattern.MatchString(r))
		}
	}
	for _, g := range Default() {
		if !idPattern.MatchString(g.ID) || !regionPattern.MatchString(g.Region) {
			t.Errorf("fixture group %s in %s does not match the contract's patterns", g.ID, g.Region)
		}
	}
}
