package suites

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/ecs-conformance/ecs-conformance/specs"
	"github.com/ecs-conformance/ecs-conformance/suites/matchers"
)

// What DescribeSecurityGroupAttribute's meaning adds to the specs its contract
// alone derives: rule paging, the Direction and NicType filters, and the
// agreement of one group's attributes and rules with what DescribeSecurityGroups
// reports for it. Groups are chosen from the target's own listing, so the
// invariants hold on any data.
func init() { semantics["DescribeSecurityGroupAttribute"] = describeSecurityGroupAttribute }

// Parameters and fields of DescribeSecurityGroupAttribute the specs read.
const (
	attrGroup     = "SecurityGroupId"
	attrDirection = "Direction"
	attrNicType   = "NicType"
	attrMax       = "MaxResults"
	attrToken     = "NextToken"
	attrAttribute = "Attribute"
	// maxRulesPage is the largest MaxResults, so one answer holds every rule
	// of the fixture's groups.
	maxRulesPage = 1000
	// countedGroups bounds how many groups the count specs compare, so a
	// large account (and its recordings) stay small.
	countedGroups = 8
	// invalidParamter is the page's own spelling of its generic code.
	invalidParamter = "InvalidParamter"
)

// groupFields are the group's own fields, which every page repeats.
var groupFields = []string{"SecurityGroupId", "SecurityGroupName", "Description", "VpcId", "InnerAccessPolicy"}

func describeSecurityGroupAttribute(op *specs.Operation, s func() *session) {
	// groups lists the region's groups with DescribeSecurityGroups, once per
	// spec and only in the specs that choose a group.
	var listed []map[string]any
	BeforeEach(func() { listed = nil })
	groups := func() []map[string]any {
		GinkgoHelper()
		if listed == nil {
			listed = s().listGroups()
		}
		return listed
	}
	// pick returns the listed group that best satisfies better, or skips.
	pick := func(why string, ok func(g map[string]any) bool, better func(a, b map[string]any) bool) map[string]any {
		GinkgoHelper()
		var best map[string]any
		for _, g := range groups() {
			if ok(g) && (best == nil || (better != nil && better(g, best))) {
				best = g
			}
		}
		if best == nil {
			Skip("the region holds no group " + why)
		}
		return best
	}
	// fewest picks the group with the fewest rules among those ok accepts:
	// the specs need a few rules, and small answers keep recordings small.
	fewest := func(why string, ok func(g map[string]any) bool) map[string]any {
		GinkgoHelper()
		return pick(why, ok, func(a, b map[string]any) bool { return intOf(a, "RuleCount") < intOf(b, "RuleCount") })
	}
	withRules := func(n int) func(g map[string]any) bool {
		return func(g map[string]any) bool { return intOf(g, "RuleCount") > n }
	}
	// fewRules is a group with rules of both directions likely: at least four.
	fewRules := func() map[string]any {
		GinkgoHelper()
		return fewest("with at least four rules", withRules(3))
	}
	// pageful is a group whose rules take more than one page of 10.
	pageful := func() map[string]any {
		GinkgoHelper()
		return fewest("with more than 10 rules", withRules(10))
	}
	vpcGroup := func() map[string]any {
		GinkgoHelper()
		return fewest("in a VPC with rules", func(g map[string]any) bool { return str(g, "VpcId") != "" && intOf(g, "RuleCount") > 0 })
	}
	request := func(group map[string]any) *call { return s().base().With(attrGroup, str(group, "SecurityGroupId")) }

	Describe("pagination", Label("area:pagination"), func() {
		It("answers at most 500 rules without MaxResults", behaviours(op, "paging.max-results-default"), func() {
			Expect(len(s().attribute(request(fewRules())).rules)).To(BeNumerically("<=", 500))
		})

		It("answers at most MaxResults rules, with a NextToken while more remain", behaviours(op, "paging.max-results-honoured", "paging.next-token-while-more"), func() {
			g := pageful()
			a := s().attribute(request(g).With(attrMax, "10"))
			Expect(a.rules).To(HaveLen(10), "group %s has %d rules", str(g, "SecurityGroupId"), intOf(g, "RuleCount"))
			Expect(a.nextToken).NotTo(BeEmpty(), "rules remain after the first 10 but the answer has no NextToken")
		})

		It("yields every rule exactly once when NextToken is followed, and ends without one", behaviours(op, "paging.walk-complete", "paging.last-page-has-no-next-token", "paging.group-fields-every-page"), func() {
			g := pageful()
			whole := s().attribute(request(g).With(attrMax, strconv.Itoa(maxRulesPage)))
			pages := s().walkRules(request(g).With(attrMax, "10"))
			var walked []string
			for i, p := range pages {
				walked = append(walked, ruleKeys(p.rules)...)
				for _, f := range groupFields {
					Expect(p.raw[f]).To(Equal(pages[0].raw[f]), "page %d has another %s than the first", i+1, f)
				}
			}
			Expect(pages[len(pages)-1].nextToken).To(BeEmpty(), "the last page carries a NextToken")
			Expect(walked).To(ConsistOf(ruleKeys(whole.rules)), "the walk differs from the whole list of rules")
		})

		It("answers the same rules in the same order to the same request", behaviours(op, "paging.order-stable"), func() {
			c := request(fewRules())
			Expect(s().send(c)).To(matchers.MatchAnswer(s().send(c)))
		})

		It("answers InvalidParamter for a NextToken it did not issue", errorLabel(op, invalidParamter), behaviours(op, "paging.token-forged-rejected"), func() {
			g := pageful()
			tok := s().attribute(request(g).With(attrMax, "10")).nextToken
			Expect(tok).NotTo(BeEmpty())
			for _, forged := range []string{flipMiddle(tok), tok[:len(tok)/2], "AAAAAdDWBF2"} {
				Expect(s().send(request(g).With(attrMax, "10").With(attrToken, forged))).To(s().failWith(invalidParamter), "token %q", forged)
			}
		})

		It("answers InvalidParamter for a NextToken sent with another query", errorLabel(op, invalidParamter), behaviours(op, "paging.token-bound-to-query"), func() {
			g := pageful()
			other := pick("besides the one with rules over a page", func(o map[string]any) bool { return str(o, "SecurityGroupId") != str(g, "SecurityGroupId") }, nil)
			tok := s().attribute(request(g).With(attrMax, "10")).nextToken
			Expect(tok).NotTo(BeEmpty())
			Expect(s().send(request(other).With(attrMax, "10").With(attrToken, tok))).To(s().failWith(invalidParamter), "another group")
			Expect(s().send(request(g).With(attrMax, "10").With(attrDirection, "ingress").With(attrToken, tok))).To(s().failWith(invalidParamter), "another Direction")
		})
	})

	Describe("filtering", Label("area:filtering"), func() {
		It("answers only the rules of the Direction asked, and ingress and egress make up all", behaviours(op, "filter.direction-egress", "filter.direction-ingress", "filter.direction-all", "filter.direction-partition"), func() {
			g := fewRules()
			c := request(g).With(attrMax, strconv.Itoa(maxRulesPage))
			all := s().attribute(c)
			Expect(s().send(c.With(attrDirection, "all"))).To(matchers.MatchAnswer(s().send(c)), "Direction all differs from no Direction")
			var parts []string
			for _, dir := range []string{"ingress", "egress"} {
				got := s().attribute(c.With(attrDirection, dir))
				for _, r := range got.rules {
					Expect(str(r, "Direction")).To(Equal(dir), "Direction %s answered a rule of another direction: %v", dir, r)
				}
				var want []string
				for _, r := range all.rules {
					if str(r, "Direction") == dir {
						want = append(want, ruleKey(r))
					}
				}
				Expect(ruleKeys(got.rules)).To(ConsistOf(want), "Direction %s misses rules of that direction", dir)
				parts = append(parts, ruleKeys(got.rules)...)
			}
			Expect(parts).To(ConsistOf(ruleKeys(all.rules)), "ingress and egress together differ from all")
		})

		It("answers a VPC group's intranet rules whatever NicType says", behaviours(op, "filter.nic-type-vpc-intranet"), func() {
			c := request(vpcGroup()).With(attrMax, strconv.Itoa(maxRulesPage))
			want := s().send(c)
			for _, r := range s().attribute(c).rules {
				Expect(str(r, "NicType")).To(Equal("intranet"), "a VPC group answered a rule of NicType %q", str(r, "NicType"))
			}
			for _, nic := range []string{"internet", "intranet"} {
				Expect(s().send(c.With(attrNicType, nic))).To(matchers.MatchAnswer(want), "NicType %s", nic)
			}
		})

		It("answers a classic-network group's rules of the NicType asked, internet by default", behaviours(op, "filter.nic-type-classic"), func() {
			g := fewest("of the classic network with rules", func(g map[string]any) bool { return str(g, "VpcId") == "" && intOf(g, "RuleCount") > 0 })
			c := request(g).With(attrMax, strconv.Itoa(maxRulesPage))
			// A fixed order, so recordings are byte-stable.
			for _, nc := range []struct {
				nic string
				req *call
			}{{"internet", c}, {"intranet", c.With(attrNicType, "intranet")}} {
				nic, got := nc.nic, s().attribute(nc.req)
				for _, r := range got.rules {
					Expect(str(r, "NicType")).To(Equal(nic), "asked for %s, got a rule of NicType %q", nic, str(r, "NicType"))
				}
			}
			Expect(s().send(c.With(attrNicType, "internet"))).To(matchers.MatchAnswer(s().send(c)), "NicType internet differs from no NicType")
		})

		It("answers as many rules, and group-to-group rules, as DescribeSecurityGroups counts", behaviours(op, "filter.rule-count", "filter.group-to-group-rule-count"), func() {
			var vpc []map[string]any
			for _, g := range groups() {
				if str(g, "VpcId") != "" {
					vpc = append(vpc, g)
				}
			}
			// The groups with the fewest rules, and the one with the most.
			vpc = byRuleCount(vpc)
			if len(vpc) > countedGroups {
				vpc = append(vpc[:countedGroups-1], vpc[len(vpc)-1])
			}
			counted := 0
			for _, g := range vpc {
				counted++
				id := str(g, "SecurityGroupId")
				rules := s().attribute(request(g).With(attrMax, strconv.Itoa(maxRulesPage))).rules
				Expect(rules).To(HaveLen(intOf(g, "RuleCount")), "group %s: rules against its RuleCount", id)
				toGroups := 0
				for _, r := range rules {
					if str(r, "SourceGroupId") != "" || str(r, "DestGroupId") != "" {
						toGroups++
					}
				}
				Expect(toGroups).To(Equal(intOf(g, "GroupToGroupRuleCount")), "group %s: rules naming a group against its GroupToGroupRuleCount", id)
			}
			if counted == 0 {
				Skip("the region holds no VPC group")
			}
		})

		It("answers InvalidSecurityGroupId.NotFound to another account for the caller's group", errorLabel(op, "InvalidSecurityGroupId.NotFound"), behaviours(op, "filter.account-isolation"), func() {
			if s().env.OtherAccount == nil {
				Skip("the Env has no second account (fixture targets only)")
			}
			c := s().base()
			c.as = s().env.OtherAccount
			Expect(s().send(c)).To(s().failWith("InvalidSecurityGroupId.NotFound"))
		})

		It("answers InvalidSecurityGroupId.NotFound for a group of another region", errorLabel(op, "InvalidSecurityGroupId.NotFound"), behaviours(op, "filter.region-scoped"), func() {
			if s().env.OtherRegion == "" {
				Skip("the Env names no second region")
			}
			Expect(s().send(s().base().With(regionParam, s().env.OtherRegion))).To(s().failWith("InvalidSecurityGroupId.NotFound"))
		})
	})

	Describe("validation", Label("area:validation"), func() {
		It("accepts the hidden parameters without changing the answer", behaviours(op, "validation.hidden-accepted"), func() {
			want := s().send(s().base())
			req := s().base()
			for _, p := range op.Parameters {
				if p.Hidden {
					req = req.With(p.Name, sample(p))
				}
			}
			Expect(s().send(req)).To(matchers.MatchAnswer(want))
		})

		It("reads NicType and Direction in any letter case, and Attribute only as documented", errorLabel(op, "InvalidParameter.AttributeNotSupported"), behaviours(op, "validation.enum-letter-case"), func() {
			c := request(fewRules()).With(attrMax, strconv.Itoa(maxRulesPage))
			Expect(s().send(c.With(attrDirection, "INGRESS"))).To(matchers.MatchAnswer(s().send(c.With(attrDirection, "ingress"))))
			Expect(s().send(c.With(attrDirection, "All"))).To(matchers.MatchAnswer(s().send(c)))
			Expect(s().send(c.With(attrNicType, "Intranet")).StatusCode).To(Equal(http.StatusOK))
			Expect(s().send(c.With(attrAttribute, "SnapshotPolicyIds"))).To(s().failWith("InvalidParameter.AttributeNotSupported"))
		})
	})

	Describe("response shape", Label("area:schema"), func() {
		It("echoes the request and agrees with DescribeSecurityGroups on the group", behaviours(op, "schema.echo-request", "schema.echo-describe-security-groups", "schema.inner-access-policy"), func() {
			for _, g := range firstN(byRuleCount(groups()), countedGroups) {
				a := s().attribute(request(g))
				id := str(g, "SecurityGroupId")
				Expect(str(a.raw, "SecurityGroupId")).To(Equal(id))
				Expect(str(a.raw, "RegionId")).To(Equal(s().env.Region), "group %s", id)
				for _, f := range []string{"SecurityGroupName", "Description", "VpcId"} {
					Expect(str(a.raw, f)).To(Equal(str(g, f)), "group %s: %s differs from DescribeSecurityGroups'", id, f)
				}
				Expect(str(a.raw, "InnerAccessPolicy")).To(BeElementOf("Accept", "Drop"), "group %s", id)
			}
		})

		It("carries every rule's Direction, protocol, ports, policy, NIC type, priority and UTC CreateTime", behaviours(op, "schema.rule-shape", "schema.create-time-utc"), func() {
			for _, r := range s().attribute(request(fewRules()).With(attrMax, strconv.Itoa(maxRulesPage))).rules {
				for _, f := range []string{"Direction", "IpProtocol", "PortRange", "Policy", "NicType", "Priority", "CreateTime"} {
					Expect(r).To(HaveKeyWithValue(f, Not(BeEmpty())), "a rule lacks %s: %v", f, r)
				}
				Expect(str(r, "Direction")).To(BeElementOf("ingress", "egress"))
				Expect(str(r, "NicType")).To(BeElementOf("internet", "intranet"))
				Expect(str(r, "CreateTime")).To(MatchRegexp(creationTime.String()))
			}
		})

		It("carries Permissions.Permission as an array when no rule matches", behaviours(op, "schema.wrappers-present"), func() {
			// A group without rules, or else a direction some group has no
			// rule in: the groups with the fewest rules are the likeliest.
			for _, g := range firstN(byRuleCount(groups()), countedGroups) {
				for _, dir := range []string{"", "ingress", "egress"} {
					c := request(g).With(attrMax, strconv.Itoa(maxRulesPage))
					if dir != "" {
						c = c.With(attrDirection, dir)
					}
					if a := s().attribute(c); len(a.rules) == 0 {
						Expect(a.raw).To(HaveKeyWithValue("Permissions", HaveKeyWithValue("Permission", BeEmpty())),
							"group %s, Direction %q: no rule matches, and the answer has no empty Permissions.Permission", str(g, "SecurityGroupId"), dir)
						return
					}
				}
			}
			Skip("every group tried has rules in both directions")
		})

		It("carries SnapshotPolicyIds only when Attribute asks for them", behaviours(op, "schema.snapshot-policy-ids-on-request"), func() {
			c := request(fewRules())
			Expect(s().attribute(c).raw).NotTo(HaveKey("SnapshotPolicyIds"))
			Expect(s().attribute(c.With(attrAttribute, "snapshotPolicyIds")).raw).To(
				HaveKeyWithValue("SnapshotPolicyIds", HaveKeyWithValue("SnapshotPolicyId", BeAssignableToTypeOf([]any{}))))
		})
	})
}

// attribute is a decoded DescribeSecurityGroupAttribute answer.
type attribute struct {
	raw       map[string]any
	rules     []map[string]any
	nextToken string
}

// attribute sends c and expects a 200 with the group and its rules.
func (s *session) attribute(c *call) *attribute {
	GinkgoHelper()
	resp := s.send(c)
	Expect(resp.StatusCode).To(Equal(http.StatusOK), "expected the group's attributes, got %d: %s", resp.StatusCode, resp.Body)
	var raw map[string]any
	Expect(json.Unmarshal(resp.Body, &raw)).To(Succeed())
	a := &attribute{raw: raw, nextToken: str(raw, "NextToken")}
	if perms, ok := raw["Permissions"].(map[string]any); ok {
		list, _ := perms["Permission"].([]any)
		for _, r := range list {
			if m, ok := r.(map[string]any); ok {
				a.rules = append(a.rules, m)
			}
		}
	}
	return a
}

// walkRules follows NextToken from c's first page to its last.
func (s *session) walkRules(c *call) []*attribute {
	GinkgoHelper()
	var pages []*attribute
	seen := map[string]bool{}
	for range maxPages {
		p := s.attribute(c)
		pages = append(pages, p)
		if p.nextToken == "" {
			return pages
		}
		Expect(seen[p.nextToken]).To(BeFalse(), "NextToken %q was returned twice: the walk would never end", p.nextToken)
		seen[p.nextToken] = true
		c = c.With(attrToken, p.nextToken)
	}
	Fail("the walk of the rules did not end")
	return nil
}

// listedGroups is how many groups the specs choose from: one page, enough to
// find groups of every kind they need on most accounts, and small enough to
// keep recordings small.
const listedGroups = 50

// listGroups reads the first groups of the region with DescribeSecurityGroups,
// to choose groups from.
func (s *session) listGroups() []map[string]any {
	GinkgoHelper()
	dsg := specs.Lookup("DescribeSecurityGroups")
	Expect(dsg).NotTo(BeNil(), "DescribeSecurityGroupAttribute's specs choose groups with DescribeSecurityGroups, which is not in the contract set")
	sub := s.other(dsg)
	return sub.page(sub.base().With(dsg.Paging.NextToken.SizeParam, strconv.Itoa(listedGroups))).items
}

func firstN[T any](list []T, n int) []T { return list[:min(len(list), n)] }

// byRuleCount sorts a copy of groups by RuleCount, fewest first: small
// answers keep the specs fast and their recordings small.
func byRuleCount(groups []map[string]any) []map[string]any {
	out := slices.Clone(groups)
	slices.SortStableFunc(out, func(a, b map[string]any) int { return intOf(a, "RuleCount") - intOf(b, "RuleCount") })
	return out
}

// ruleKey identifies a rule by its whole content, so rules compare as
// multisets whether or not the target gives them IDs.
func ruleKey(r map[string]any) string {
	b, _ := json.Marshal(r) // map keys marshal sorted
	return string(b)
}

func ruleKeys(rules []map[string]any) []string {
	keys := make([]string, 0, len(rules))
	for _, r := range rules {
		keys = append(keys, ruleKey(r))
	}
	return slices.Clip(keys)
}

// intOf reads a JSON number field of a decoded item (0 when absent).
func intOf(it map[string]any, field string) int {
	switch v := it[field].(type) {
	case json.Number:
		n, _ := v.Int64()
		return int(n)
	case float64:
		return int(v)
	}
	return 0
}
