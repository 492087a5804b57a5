package specs

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
)

// documented reads testdata/documented-<action>.txt into its sections: the
// names the operation's documentation page lists, copied as facts.
func documented(t *testing.T, action string) map[string][]string {
	t.Helper()
	f, err := os.Open("testdata/documented-" + action + ".txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string][]string{}
	section := ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "["):
			section = strings.Trim(line, "[]")
		default:
			out[section] = append(out[section], line)
		}
	}
	return out
}

// TestContractTranscribesEverythingDocumented holds every operation's
// contract to the names its page lists: each parameter, response element
// and error code, with the documented status.
func TestContractTranscribesEverythingDocumented(t *testing.T) {
	for _, op := range Operations() {
		t.Run(op.Operation, func(t *testing.T) {
			doc := documented(t, op.Operation)
			if len(doc["parameters"]) == 0 || len(doc["response"]) == 0 {
				t.Fatalf("testdata/documented-%s.txt lists no [parameters] or no [response]", op.Operation)
			}
			for _, name := range append(doc["parameters"], doc["hidden-parameters"]...) {
				if op.Parameter(name) == nil {
					t.Errorf("parameter %s is documented but not in the contract", name)
				}
			}
			for _, name := range doc["hidden-parameters"] {
				if p := op.Parameter(name); p != nil && !p.Hidden {
					t.Errorf("parameter %s is sent by SDKs but not documented: mark it hidden", name)
				}
			}
			for _, path := range doc["response"] {
				if op.Response.Lookup(path) == nil {
					t.Errorf("response element %s is documented but not in the contract", path)
				}
			}
			for _, line := range doc["errors"] {
				status, code, _ := strings.Cut(line, " ")
				e := op.Error(code)
				if e == nil {
					t.Errorf("error %s is documented but not in the contract", code)
					continue
				}
				if want, _ := strconv.Atoi(status); e.Status != want {
					t.Errorf("error %s: contract status %d, documented %d", code, e.Status, want)
				}
				if e.Source != SourceDocumented {
					t.Errorf("error %s is on the page: its source must be %q", code, SourceDocumented)
				}
			}
			for _, code := range doc["gateway-errors"] {
				if op.Error(code) == nil {
					t.Errorf("gateway error %s is not in the contract", code)
				}
			}
		})
	}
}

// TestDescribeSecurityGroupsPageFacts checks what only that page has: its
// parameter count (so the list above cannot shrink unnoticed) and the
// members of Tag.
func TestDescribeSecurityGroupsPageFacts(t *testing.T) {
	op := Lookup("DescribeSecurityGroups")
	doc := documented(t, op.Operation)
	if n := len(doc["parameters"]); n != 17 {
		t.Errorf("testdata lists %d documented parameters; the page has 17", n)
	}
	tag := op.Parameter("Tag")
	for _, f := range doc["tag-fields"] {
		found := false
		for _, pf := range tag.Fields {
			found = found || pf.Name == f
		}
		if !found {
			t.Errorf("Tag field %s is documented but not in the contract", f)
		}
	}
}

func TestContractFacts(t *testing.T) {
	op := Lookup("DescribeSecurityGroups")
	if n := len(op.Behaviours); n < 40 {
		t.Errorf("%d behaviours; the contract needs at least 40", n)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"MaxResults maximum", *op.Parameter("MaxResults").Constraints.Maximum, int64(100)},
		{"MaxResults default", op.Paging.NextToken.DefaultSize, 10},
		{"PageSize maximum", *op.Parameter("PageSize").Constraints.Maximum, int64(50)},
		{"SecurityGroupIds max items", *op.Parameter("SecurityGroupIds").Constraints.MaxItems, 100},
		{"SecurityGroupIds wire type", op.Parameter("SecurityGroupIds").Type, TypeJSONArray},
		{"Tag max index", *op.Parameter("Tag").Constraints.MaxIndex, 20},
		{"name min length", *op.Parameter("SecurityGroupName").Constraints.MinLength, 2},
		{"name max length", *op.Parameter("SecurityGroupName").Constraints.MaxLength, 128},
		{"order", op.Paging.Order, "descending"},
		{"ServiceID type", op.Item().Lookup("ServiceID").Type, ElemInt64},
		{"Tags.Tag type", op.Item().Lookup("Tags.Tag").Type, ElemArray},
		{"DryRunOperation status", op.Error("DryRunOperation").Status, 400},
		{"InvalidAccessKeyId.NotFound status", op.Error("InvalidAccessKeyId.NotFound").Status, 404},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
	// Every open question of the wire reference is an assumed behaviour.
	for _, id := range []string{
		"DescribeSecurityGroups.paging.max-results-bounds",
		"DescribeSecurityGroups.filter.security-group-name",
		"DescribeSecurityGroups.validation.security-group-ids-malformed",
		"DescribeSecurityGroups.paging.modes-mixed-rejected",
		"DescribeSecurityGroups.filter.service-managed",
		"DescribeSecurityGroups.validation.precedence",
	} {
		if b := op.Behaviour(id); b == nil || !b.Assumed {
			t.Errorf("behaviour %s must exist and be marked assumed", id)
		}
	}
}

// TestEveryBehaviourNamesItsCode keeps each error's behaviour sentence
// honest: the reader of a behaviour learns from it which code is answered.
func TestEveryBehaviourNamesItsCode(t *testing.T) {
	for _, op := range Operations() {
		for _, e := range op.Errors {
			b := op.Behaviour(e.Behaviour)
			if b == nil {
				t.Errorf("%s %s: behaviour %s is missing", op.Operation, e.Code, e.Behaviour)
				continue
			}
			if !strings.Contains(b.Must, e.Code) {
				t.Errorf("%s %s: behaviour %s does not name the code: %q", op.Operation, e.Code, b.ID, b.Must)
			}
		}
	}
}
