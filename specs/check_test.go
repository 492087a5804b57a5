package specs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const dsgFile = "DescribeSecurityGroups.yaml"

// contractSet reads the contract set from disk, file name → content.
func contractSet(t *testing.T) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(Dir)
	if err != nil {
		t.Fatal(err)
	}
	set := map[string][]byte{}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".yaml") {
			if set[e.Name()], err = os.ReadFile(filepath.Join(Dir, e.Name())); err != nil {
				t.Fatal(err)
			}
		}
	}
	return set
}

// mutate returns the contract set with one textual replacement in one file,
// failing the test if the text to replace is not there (so a table row cannot
// silently test nothing).
func mutate(t *testing.T, file, old, new string) map[string][]byte {
	t.Helper()
	set := contractSet(t)
	s := string(set[file])
	if !strings.Contains(s, old) {
		t.Fatalf("%s no longer contains %q; update this test", file, old)
	}
	set[file] = []byte(strings.Replace(s, old, new, 1))
	return set
}

func TestParseRejectsBrokenContracts(t *testing.T) {
	cases := []struct {
		name     string
		file     string // dsgFile when empty
		old, new string
		want     []string // every fragment must appear in the error
	}{
		{"unknown key names file and line", "", "operation: DescribeSecurityGroups\n", "operation: DescribeSecurityGroups\nflavour: vanilla\n",
			[]string{"DescribeSecurityGroups.yaml", "line", "flavour"}},
		{"missing required key names line and key", "", "  - name: VpcId\n    type: string\n", "  - name: VpcId\n",
			[]string{"DescribeSecurityGroups.yaml:", "parameters[", `"type"`}},
		{"missing top-level key", "", "summary: Lists", "summery: Lists",
			[]string{`"summary"`}},
		{"duplicate behaviour ID", "", "id: DescribeSecurityGroups.paging.page-size-default", "id: DescribeSecurityGroups.paging.next-token-mode",
			[]string{"defined twice"}},
		{"label-unsafe ID", "", "id: DescribeSecurityGroups.paging.page-size-default", "id: DescribeSecurityGroups.paging/page(size)",
			[]string{"Ginkgo labels"}},
		{"dangling behaviour reference", "", "behaviour: DescribeSecurityGroups.filter.vpc-id", "behaviour: DescribeSecurityGroups.filter.nowhere",
			[]string{"nowhere", "not defined"}},
		{"error without trigger", "", "      description: SecurityGroupType outside the enum.\n      set: {SecurityGroupType: other}", "      description: SecurityGroupType outside the enum.",
			[]string{"InvalidParameter.SecurityGroupType", "trigger changes nothing"}},
		{"filter on a field that does not exist", "", "    field: ResourceGroupId\n", "    field: ResourceGroupName\n",
			[]string{"ResourceGroupName", "not in a result item"}},
		{"unknown error code in a parameter", "", "invalid_error: InvalidParameter.NetworkType", "invalid_error: InvalidParameter.Nope",
			[]string{"InvalidParameter.Nope", "not in the errors catalogue"}},
		{"bad pattern", "", `pattern: '^[a-z]{2,}-[a-z0-9-]+$'`, `pattern: '^[a-z'`,
			[]string{"does not compile"}},
		{"invalid sample that the pattern accepts", "", "invalid: [1abc, \"ab cd\"]", "invalid: [abc]",
			[]string{`invalid sample "abc" matches`}},
		{"pattern without samples", "", "    samples: {valid: [cn-hangzhou], invalid: [CN_HANGZHOU]}\n", "",
			[]string{"needs samples"}},
		{"assumed without reason", "", "    reason: The page gives no matching rule; FuzzyQuery once switched to fuzzy matching, so the default is exact.\n", "",
			[]string{"add a reason"}},
		{"status that is not an error", CommonFile, "status: 503", "status: 200",
			[]string{"not an HTTP error status"}},
		{"unknown auth tampering", CommonFile, "auth: replayed-nonce", "auth: replay",
			[]string{`"replay"`}},
		{"scalar where a mapping belongs", "", "paging:\n  order_by", "paging: nope\npaging2:\n  order_by",
			[]string{"paging must be a mapping"}},
		{"shared file: unknown key names common.yaml and line", CommonFile, "product: Ecs\n", "product: Ecs\nflavour: vanilla\n",
			[]string{"common.yaml", "line", "flavour"}},
		{"shared file: missing required key", CommonFile, "error_envelope:", "error_envelop:",
			[]string{"common.yaml", `"error_envelope"`}},
		{"shared code also in the operation", "", "  - code: InvalidParameter.NetworkType\n", "  - code: Throttling.User\n",
			[]string{"DescribeSecurityGroups.yaml", `"Throttling.User"`, "also in common.yaml"}},
		{"shared error naming a behaviour that is not defined", CommonFile, `behaviour: "{operation}.auth.inactive-key"`, `behaviour: "{operation}.auth.nowhere"`,
			[]string{"DescribeSecurityGroups.auth.nowhere", "not defined"}},
		{"invalid request answering a code not in the catalogue", "", "    code: InvalidParameter.SecurityGroupType\n", "    code: InvalidParameter.Nope\n",
			[]string{"requests.invalid", "InvalidParameter.Nope"}},
		{"invalid request setting an unknown parameter", "", "    set: {SecurityGroupType: other}\n    code:", "    set: {Flavour: other}\n    code:",
			[]string{"requests.invalid", `"Flavour"`}},
		{"operation in a file named otherwise", "", "operation: DescribeSecurityGroups\n", "operation: DescribeSecurityGroupz\n",
			[]string{"name the file DescribeSecurityGroupz.yaml"}},
		{"product differs from the shared file", "", "product: Ecs\n", "product: Vpc\n",
			[]string{"product Vpc", "one product"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			file := c.file
			if file == "" {
				file = dsgFile
			}
			_, err := ParseSet(mutate(t, file, c.old, c.new))
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
	set := contractSet(t)
	set["Empty.yaml"] = nil
	if _, err := ParseSet(set); err == nil || !strings.Contains(err.Error(), "Empty.yaml: the file is empty") {
		t.Errorf("empty file: %v", err)
	}
	set = contractSet(t)
	set[dsgFile] = append(set[dsgFile], []byte("\n---\noperation: Again\n")...)
	if _, err := ParseSet(set); err == nil || !strings.Contains(err.Error(), "one contract per file") {
		t.Errorf("two documents: %v", err)
	}
}

func TestParseSetNeedsTheSharedFileAndAnOperation(t *testing.T) {
	set := contractSet(t)
	delete(set, CommonFile)
	if _, err := ParseSet(set); err == nil || !strings.Contains(err.Error(), "has no common.yaml") {
		t.Errorf("without the shared file: %v", err)
	}
	if _, err := ParseSet(map[string][]byte{CommonFile: contractSet(t)[CommonFile]}); err == nil || !strings.Contains(err.Error(), "holds only common.yaml") {
		t.Errorf("without operations: %v", err)
	}
}
