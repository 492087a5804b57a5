package suites

import (
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/ecs-conformance/ecs-conformance/specs"
)

// picker chooses filter parameters from the region's unfiltered groups, so a
// spec holds on any data; ok is false when the data offers no candidate.
type picker func(op *specs.Operation, all []map[string]any) (params url.Values, ok bool)

func describeFiltering(op *specs.Operation, s func() *session) {
	Describe("filtering", Label("area:filtering"), func() {
		var all []map[string]any
		BeforeEach(func() {
			all = allItems(s().walkTokens(s().base(), op.Paging.NextToken.MaxSize))
		})

		// filtered walks with params and compares with the oracle.
		check := func(params url.Values) []string {
			GinkgoHelper()
			c := s().base()
			for k, v := range params {
				c = c.With(k, v[0])
			}
			got := allIDs(s().walkTokens(c, op.Paging.NextToken.MaxSize))
			want, err := expected(op, all, params)
			Expect(err).NotTo(HaveOccurred())
			Expect(got).To(Equal(want), "filter %v: the endpoint's answer differs from the unfiltered walk filtered by the contract's rules", params)
			return got
		}

		DescribeTable("returns exactly the groups the contract's rule selects",
			func(pick picker) {
				params, ok := pick(op, all)
				if !ok {
					Skip("the region's data offers no value for this filter")
				}
				check(params)
			},
			Entry("SecurityGroupId", behaviours(op, "filter.security-group-id"), byField("SecurityGroupId")),
			Entry("SecurityGroupIds with one ID", behaviours(op, "filter.security-group-ids"), idsPicker(1, 0)),
			Entry("SecurityGroupIds with three IDs", behaviours(op, "filter.security-group-ids"), idsPicker(3, 0)),
			Entry("SecurityGroupIds with 100 IDs, some unknown", behaviours(op, "filter.security-group-ids", "filter.no-match-empty"), idsPicker(90, 10)),
			Entry("VpcId", behaviours(op, "filter.vpc-id"), byField("VpcId")),
			Entry("SecurityGroupType normal", behaviours(op, "filter.security-group-type"), fixed("SecurityGroupType", "normal")),
			Entry("SecurityGroupType enterprise", behaviours(op, "filter.security-group-type"), fixed("SecurityGroupType", "enterprise")),
			Entry("SecurityGroupName that is a prefix of another name", behaviours(op, "filter.security-group-name"), prefixName),
			Entry("SecurityGroupName", behaviours(op, "filter.security-group-name"), byField("SecurityGroupName")),
			Entry("NetworkType vpc", behaviours(op, "filter.network-type"), fixed("NetworkType", "vpc")),
			Entry("NetworkType classic", behaviours(op, "filter.network-type"), fixed("NetworkType", "classic")),
			Entry("ResourceGroupId", behaviours(op, "filter.resource-group-id"), byField("ResourceGroupId")),
			Entry("one tag by key and value", behaviours(op, "filter.tags-all-match"), tagPicker(1, false, false)),
			Entry("two tags of one group, all required", behaviours(op, "filter.tags-all-match"), tagPicker(2, false, false)),
			Entry("a tag key without a value", behaviours(op, "filter.tag-key-only"), tagPicker(1, true, false)),
			Entry("a tag by the deprecated lower-case key and value", behaviours(op, "filter.tag-lowercase-aliases"), tagPicker(1, false, true)),
			Entry("ServiceManaged true", behaviours(op, "filter.service-managed"), fixed("ServiceManaged", "true")),
			Entry("ServiceManaged false", behaviours(op, "filter.service-managed"), fixed("ServiceManaged", "false")),
			Entry("VpcId, SecurityGroupType and a tag together", behaviours(op, "filter.combined-and"), combined),
			Entry("NetworkType classic with a VpcId", behaviours(op, "filter.combined-and", "filter.no-match-empty"), classicWithVpc),
		)

		DescribeTable("selects by the whole value, in its letter case",
			func(pick picker) {
				params, ok := pick(op, all)
				if !ok {
					Skip("the region's data offers no value with a variant the parameter accepts")
				}
				check(params)
			},
			wholeValueEntries(op),
		)

		It("answers an empty list for an ID that does not exist", behaviours(op, "filter.no-match-empty", "schema.wrappers-present"), func() {
			p := s().page(s().base().With("SecurityGroupId", "sg-doesnotexist0000000"))
			Expect(p.items).To(BeEmpty())
			Expect(p.raw).To(HaveKeyWithValue("SecurityGroups", HaveKeyWithValue("SecurityGroup", BeEmpty())),
				"an empty result still carries the SecurityGroups.SecurityGroup array")
		})

		It("ignores FuzzyQuery", behaviours(op, "filter.fuzzy-query-ignored"), func() {
			params, ok := prefixName(op, all)
			if !ok {
				if params, ok = byField("SecurityGroupName")(op, all); !ok {
					Skip("no named group in the region")
				}
			}
			exact := check(params)
			params.Set("FuzzyQuery", "true")
			Expect(check(params)).To(Equal(exact))
		})

		It("lists only the region's groups and echoes the region", behaviours(op, "filter.region-scoped"), func() {
			p := s().page(s().base().With(op.Paging.NextToken.SizeParam, "10"))
			Expect(p.regionID).To(Equal(s().env.Region))
			if s().env.OtherRegion == "" {
				return // one region known: the echo is all that can be checked
			}
			other := s().base().With("RegionId", s().env.OtherRegion)
			theirs := allItems(s().walkTokens(other, op.Paging.NextToken.MaxSize))
			Expect(s().page(other.With(op.Paging.NextToken.SizeParam, "10")).regionID).To(Equal(s().env.OtherRegion))
			if len(theirs) > 0 && len(all) > 0 {
				Expect(idsOf(op, theirs)).NotTo(ContainElement(BeElementOf(idsOf(op, all))),
					"%s and %s share groups: the region is not applied", s().env.Region, s().env.OtherRegion)
			}
		})

		It("shows a second account none of the caller's groups", behaviours(op, "filter.account-isolation"), func() {
			if s().env.OtherAccount == nil {
				Skip("the Env has no second account (fixture targets only)")
			}
			c := s().base().With(op.Paging.NextToken.SizeParam, "100")
			c.as = s().env.OtherAccount
			theirs := s().page(c).ids
			mine := idsOf(op, all)
			Expect(theirs).NotTo(ContainElement(BeElementOf(mine)), "the second account sees the caller's groups")
			if len(mine) > 0 {
				c = c.With("SecurityGroupId", mine[0])
				Expect(s().page(c).items).To(BeEmpty(), "the second account reads the caller's group %s by ID", mine[0])
			}
		})
	})
}

func idsOf(op *specs.Operation, items []map[string]any) []string {
	out := make([]string, 0, len(items))
	for _, it := range items {
		out = append(out, str(it, op.Paging.OrderBy))
	}
	return out
}

func fixed(name, value string) picker {
	return func(*specs.Operation, []map[string]any) (url.Values, bool) { return url.Values{name: {value}}, true }
}

// byField filters by the most common value of the response field that the
// parameter of the same name constrains.
func byField(name string) picker {
	return func(op *specs.Operation, all []map[string]any) (url.Values, bool) {
		f := op.Filter(name)
		v := mostCommon(all, f.Field)
		return url.Values{name: {v}}, v != ""
	}
}

// idsPicker asks for total IDs: up to total-unknown known ones (spread
// through the region), the rest IDs that exist nowhere.
func idsPicker(total, unknown int) picker {
	return func(_ *specs.Operation, all []map[string]any) (url.Values, bool) {
		if len(all) == 0 {
			return nil, false
		}
		known := min(total-unknown, len(all))
		step := max(1, len(all)/known)
		var ids []string
		for i := 0; i < len(all) && len(ids) < known; i += step {
			ids = append(ids, str(all[i], "SecurityGroupId"))
		}
		for i := 0; len(ids) < total; i++ {
			ids = append(ids, fmt.Sprintf("sg-unknown%012d", i))
		}
		b, _ := json.Marshal(ids)
		return url.Values{"SecurityGroupIds": {string(b)}}, true
	}
}

// prefixName picks a name that is a proper prefix of another group's name,
// the case where fuzzy or prefix matching would show.
func prefixName(_ *specs.Operation, all []map[string]any) (url.Values, bool) {
	names := map[string]bool{}
	for _, it := range all {
		if n := str(it, "SecurityGroupName"); n != "" {
			names[n] = true
		}
	}
	sorted := make([]string, 0, len(names))
	for n := range names {
		sorted = append(sorted, n)
	}
	sort.Strings(sorted)
	for i := 0; i+1 < len(sorted); i++ {
		if strings.HasPrefix(sorted[i+1], sorted[i]) && len(sorted[i]) >= 2 {
			return url.Values{"SecurityGroupName": {sorted[i]}}, true
		}
	}
	return nil, false
}

// tagPicker picks n tags of the group with the most tags.
func tagPicker(n int, keyOnly, lowercase bool) picker {
	return func(op *specs.Operation, all []map[string]any) (url.Values, bool) {
		field := op.Filter("Tag").Field
		var best [][2]string
		for _, it := range all {
			if t := tagsOf(it, field); len(t) > len(best) {
				best = t
			}
		}
		if len(best) < n {
			return nil, false
		}
		k, v := "Key", "Value"
		if lowercase {
			k, v = "key", "value"
		}
		p := url.Values{}
		for i, t := range best[:n] {
			p.Set(fmt.Sprintf("Tag.%d.%s", i+1, k), t[0])
			if !keyOnly {
				p.Set(fmt.Sprintf("Tag.%d.%s", i+1, v), t[1])
			}
		}
		return p, true
	}
}

// combined takes VpcId, type and one tag of a tagged VPC group.
func combined(op *specs.Operation, all []map[string]any) (url.Values, bool) {
	field := op.Filter("Tag").Field
	for _, it := range all {
		tags := tagsOf(it, field)
		if str(it, "VpcId") == "" || len(tags) == 0 {
			continue
		}
		return url.Values{
			"VpcId":             {str(it, "VpcId")},
			"SecurityGroupType": {str(it, "SecurityGroupType")},
			"Tag.1.Key":         {tags[0][0]},
			"Tag.1.Value":       {tags[0][1]},
		}, true
	}
	return nil, false
}

func classicWithVpc(_ *specs.Operation, all []map[string]any) (url.Values, bool) {
	v := mostCommon(all, "VpcId")
	return url.Values{"NetworkType": {"classic"}, "VpcId": {v}}, v != ""
}
