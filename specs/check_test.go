package specs

import (
	"os"
	"strings"
	"testing"
)

// mutate returns the embedded contract with one textual replacement, failing
// the test if the text to replace is not there (so a table row cannot
// silently test nothing).
func mutate(t *testing.T, old, new string) []byte {
	t.Helper()
	data, err := os.ReadFile(DescribeSecurityGroupsFile)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	if !strings.Contains(s, old) {
		t.Fatalf("the contract no longer contains %q; update this test", old)
	}
	return []byte(strings.Replace(s, old, new, 1))
}

func TestParseRejectsBrokenContracts(t *testing.T) {
	cases := []struct {
		name     string
		old, new string
		want     []string // every fragment must appear in the error
	}{
		{"unknown key names file and line", "operation: DescribeSecurityGroups\n", "operation: DescribeSecurityGroups\nflavour: vanilla\n",
			[]string{"ecs/DescribeSecurityGroups.yaml", "line", "flavour"}},
		{"missing required key names line and key", "  - name: VpcId\n    type: string\n", "  - name: VpcId\n",
			[]string{"ecs/DescribeSecurityGroups.yaml:", "parameters[", `"type"`}},
		{"missing top-level key", "summary: Lists", "summery: Lists",
			[]string{`"summary"`}},
		{"duplicate behaviour ID", "id: DescribeSecurityGroups.paging.page-size-default", "id: DescribeSecurityGroups.paging.next-token-mode",
			[]string{"defined twice"}},
		{"label-unsafe ID", "id: DescribeSecurityGroups.paging.page-size-default", "id: DescribeSecurityGroups.paging/page(size)",
			[]string{"Ginkgo labels"}},
		{"dangling behaviour reference", "behaviour: DescribeSecurityGroups.filter.vpc-id", "behaviour: DescribeSecurityGroups.filter.nowhere",
			[]string{"nowhere", "not defined"}},
		{"error without trigger", "      description: SecurityGroupType outside the enum.\n      set: {SecurityGroupType: other}", "      description: SecurityGroupType outside the enum.",
			[]string{"InvalidParameter.SecurityGroupType", "trigger changes nothing"}},
		{"filter on a field that does not exist", "    field: ResourceGroupId\n", "    field: ResourceGroupName\n",
			[]string{"ResourceGroupName", "not in a result item"}},
		{"unknown error code in a parameter", "invalid_error: InvalidParameter.NetworkType", "invalid_error: InvalidParameter.Nope",
			[]string{"InvalidParameter.Nope", "not in the errors catalogue"}},
		{"bad pattern", `pattern: '^[a-z]{2,}-[a-z0-9-]+$'`, `pattern: '^[a-z'`,
			[]string{"does not compile"}},
		{"invalid sample that the pattern accepts", "invalid: [1abc, \"ab cd\"]", "invalid: [abc]",
			[]string{`invalid sample "abc" matches`}},
		{"pattern without samples", "    samples: {valid: [cn-hangzhou], invalid: [CN_HANGZHOU]}\n", "",
			[]string{"needs samples"}},
		{"assumed without reason", "    reason: The page gives no matching rule; FuzzyQuery once switched to fuzzy matching, so the default is exact.\n", "",
			[]string{"add a reason"}},
		{"status that is not an error", "status: 503", "status: 200",
			[]string{"not an HTTP error status"}},
		{"unknown auth tampering", "auth: replayed-nonce", "auth: replay",
			[]string{`"replay"`}},
		{"scalar where a mapping belongs", "paging:\n  order_by", "paging: nope\npaging2:\n  order_by",
			[]string{"paging must be a mapping"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse(DescribeSecurityGroupsFile, mutate(t, c.old, c.new))
			if err == nil {
				t.Fatal("the broken contract loaded without error")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not mention %q:\n%v", w, err)
				}
			}
		})
	}
}

func TestParseRejectsEmptyAndMultiDocument(t *testing.T) {
	if _, err := Parse("empty.yaml", nil); err == nil || !strings.Contains(err.Error(), "empty") {
		t.Errorf("empty file: %v", err)
	}
	data := mutate(t, "operation: DescribeSecurityGroups\n", "operation: DescribeSecurityGroups\n")
	data = append(data, []byte("\n---\noperation: Again\n")...)
	if _, err := Parse("two.yaml", data); err == nil || !strings.Contains(err.Error(), "one contract per file") {
		t.Errorf("two documents: %v", err)
	}
}
