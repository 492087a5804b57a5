package suites

import (
	"fmt"
	"strconv"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/ecs-conformance/ecs-conformance/fixtures"
	"github.com/ecs-conformance/ecs-conformance/specs"
)

// The fixture oracle of DescribeSecurityGroupAttribute: the groups of the
// caller's region are asked for (a fifth of the VPC ones, every classic one), and the answer compared with its record and
// its recorded rules, field by field. Its other specs compare the answer with
// DescribeSecurityGroups and with itself; only the records see a rule's
// field dropped or changed on every answer.
func init() { oracles["DescribeSecurityGroupAttribute"] = describeAttributeFixture }

func describeAttributeFixture(op *specs.Operation, s func() *session) {
	Describe("the default fixture", Label("area:schema"), func() {
		It("answers every group of the region with its record and exactly its recorded rules", behaviours(op, "schema.items-match-fixture"), func() {
			byID := map[string]fixtures.Group{}
			for _, g := range fixtures.Default() {
				byID[g.SecurityGroupId] = g
			}
			permissions := op.Response.Lookup("Permissions.Permission")
			Expect(permissions).NotTo(BeNil(), "the contract of %s has no Permissions.Permission", op.Operation)
			max := "1000"
			if p := op.Parameter("MaxResults"); p != nil && p.Constraints.Maximum != nil {
				max = strconv.FormatInt(*p.Constraints.Maximum, 10)
			}
			var problems []string
			for i, rec := range fixtures.Of(s().callerAccount(), s().env.Region) {
				// Every fifth group and every classic one (whose rules two
				// NIC types split) keep the spec's time to a few seconds.
				if i%5 != 0 && rec.VpcId != "" {
					continue
				}
				// NicType selects the rules answered (a VPC group has intranet
				// rules only): each value is asked for, and compared with the
				// recorded rules of that NIC type.
				for _, nic := range nicTypes(op, rec) {
					c := s().base().With("SecurityGroupId", rec.SecurityGroupId).With("MaxResults", max).With("NicType", nic)
					var got []any
					var top map[string]any
					for range maxPages {
						p := s().page(c)
						top = p.raw
						list, _ := lookupList(p.raw, "Permissions.Permission")
						got = append(got, list...)
						tok, _ := p.raw["NextToken"].(string)
						if tok == "" {
							break
						}
						c = c.With("NextToken", tok)
					}
					sub := rec
					sub.Rules = nil
					for _, r := range rec.Rules {
						if fmt.Sprint(r["NicType"]) == nic {
							sub.Rules = append(sub.Rules, r)
						}
					}
					want := recordMap(rec)
					for _, f := range op.Response.Fields {
						if _, recorded := want[f.Name]; recorded && f.Type == specs.ElemString {
							if p := fieldProblem(f, top, want); p != "" {
								problems = append(problems, fmt.Sprintf("%s %s: %s", rec.SecurityGroupId, f.Name, p))
							}
						}
					}
					problems = append(problems, ruleProblems(sub, got, permissions.Items, byID)...)
				}
			}
			Expect(problems).To(BeEmpty(), "%d fields differ from the fixture's records (first 20):\n%s", len(problems), strings.Join(first(problems, 20), "\n"))
		})
	})
}

// ruleProblems compares a group's answered rules with its recorded ones,
// matched by SecurityGroupRuleId (the documentation orders none).
func ruleProblems(rec fixtures.Group, got []any, item *specs.Element, byID map[string]fixtures.Group) []string {
	var out []string
	answered := map[string]map[string]any{}
	for _, g := range got {
		m, _ := g.(map[string]any)
		id, _ := m["SecurityGroupRuleId"].(string)
		answered[id] = m
	}
	if len(answered) != len(rec.Rules) || len(got) != len(rec.Rules) {
		out = append(out, fmt.Sprintf("%s: %d rules answered (%d distinct IDs), %d recorded", rec.SecurityGroupId, len(got), len(answered), len(rec.Rules)))
	}
	for _, r := range rec.Rules {
		id := fmt.Sprint(r["SecurityGroupRuleId"])
		a, ok := answered[id]
		if !ok {
			out = append(out, fmt.Sprintf("%s: rule %s is not answered", rec.SecurityGroupId, id))
			continue
		}
		for _, f := range item.Fields {
			want, recorded := r[f.Name]
			if ref, derived := fixtures.RuleDerived[f.Name]; derived && !recorded {
				want = ""
				if g, ok := byID[fmt.Sprint(r[ref.Ref])]; ok && r[ref.Ref] != nil {
					want = map[string]string{"SecurityGroupName": g.SecurityGroupName, "AccountId": g.AccountId}[ref.Of]
				}
			}
			gotV, present := a[f.Name]
			w, g := fmt.Sprint(or2(want)), fmt.Sprint(or2(gotV))
			if f.Format == "date-time" && sameInstant(g, w) {
				continue
			}
			if (present || w != "") && g != w {
				out = append(out, fmt.Sprintf("%s rule %s %s: %q, the record holds %q", rec.SecurityGroupId, id, f.Name, g, w))
			}
		}
	}
	return out
}

// or2 reads an absent member as empty.
func or2(v any) any {
	if v == nil {
		return ""
	}
	return v
}

// lookupList follows a dotted path to an array of a decoded answer.
func lookupList(m map[string]any, path string) ([]any, bool) {
	var cur any = m
	for _, part := range splitPath(path) {
		obj, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		cur = obj[part]
	}
	list, ok := cur.([]any)
	return list, ok
}

// nicTypes are the NicType values to ask a group for: intranet alone for a
// VPC group, every value of the contract's enum for a classic one.
func nicTypes(op *specs.Operation, g fixtures.Group) []string {
	p := op.Parameter("NicType")
	if p == nil {
		return []string{""}
	}
	if g.VpcId != "" {
		return []string{"intranet"}
	}
	return p.Constraints.Enum
}
