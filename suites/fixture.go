package suites

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/ecs-conformance/ecs-conformance/fixtures"
	"github.com/ecs-conformance/ecs-conformance/specs"
)

// The fixture oracle: where the target holds our default fixture, what it
// lists is known item by item, so every returned group is compared with its
// record field by field. The invariants cannot see a field dropped, emptied
// or altered consistently on every answer (a filtered walk still equals the
// unfiltered walk filtered); the records can.

// ecsCountFields are the item fields that carry figures only when
// IsQueryEcsCount=true is sent; without it the documentation allows any.
var ecsCountFields = []string{"EcsCount", "AvailableInstanceAmount"}

const ecsCountParam = "IsQueryEcsCount"

func describeFixtureOracle(op *specs.Operation, s func() *session) {
	Describe("the default fixture", Label("area:schema"), func() {
		nt, pn := op.Paging.NextToken, op.Paging.PageNumber

		It("lists exactly the caller's records of the region, each field as recorded, walking NextToken", behaviours(op, "schema.items-match-fixture", "paging.walk-complete"), func() {
			s().checkAgainstFixture(s().callerAccount(), s().env.Region, allItems(s().walkTokens(s().base(), nt.MaxSize)), false)
		})

		It("lists exactly the caller's records of the region, each field as recorded, walking PageNumber", behaviours(op, "schema.items-match-fixture", "paging.page-number-walk-complete", "paging.total-count-consistent"), func() {
			s().checkAgainstFixture(s().callerAccount(), s().env.Region, allItems(s().walkPageNumbers(s().base(), pn.MaxSize)), false)
		})

		It("lists the records of a second region and of a second account as recorded", behaviours(op, "schema.items-match-fixture", "filter.region-scoped", "filter.account-isolation"), func() {
			if s().env.OtherRegion != "" {
				other := s().base().With(regionParam, s().env.OtherRegion)
				s().checkAgainstFixture(s().callerAccount(), s().env.OtherRegion, allItems(s().walkTokens(other, nt.MaxSize)), false)
			}
			if id := s().env.OtherAccount; id != nil {
				c := s().base()
				c.as = id
				s().checkAgainstFixture(or(id.Account, fixtures.SecondAccount), s().env.Region, allItems(s().walkTokens(c, nt.MaxSize)), false)
			}
		})

		It("carries each group's recorded EcsCount and AvailableInstanceAmount with IsQueryEcsCount=true", behaviours(op, "schema.ecs-count-on-request", "schema.items-match-fixture"), func() {
			c := s().base().With(ecsCountParam, "true")
			s().checkAgainstFixture(s().callerAccount(), s().env.Region, allItems(s().walkTokens(c, nt.MaxSize)), true)
		})
	})
}

// callerAccount is the account the caller's key signs for: the Env's, or the
// fixture's default account, which the fixture's default key belongs to.
func (s *session) callerAccount() string { return or(s.env.Caller.Account, fixtures.CallerAccount) }

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// checkAgainstFixture compares a walk's items with the records of account in
// region: the same IDs in the same order, then every field of the item
// element the contract describes. ecsCount says the walk sent
// IsQueryEcsCount=true, so the capacity figures count too.
func (s *session) checkAgainstFixture(account, region string, items []map[string]any, ecsCount bool) {
	GinkgoHelper()
	records := fixtures.Of(account, region)
	want := make([]string, len(records))
	for i, r := range records {
		want[i] = r.SecurityGroupId
	}
	Expect(idsOf(s.op, items)).To(Equal(want), "account %s in %s: the walk does not list exactly the fixture's %d groups, by ID descending", account, region, len(want))
	item := s.op.Item()
	var problems []string
	for i, it := range items {
		rec := recordMap(records[i])
		for _, f := range item.Fields {
			if !ecsCount && contains(ecsCountFields, f.Name) {
				continue
			}
			if p := fieldProblem(f, it, rec); p != "" {
				problems = append(problems, fmt.Sprintf("%s %s: %s", records[i].SecurityGroupId, f.Name, p))
			}
		}
	}
	Expect(problems).To(BeEmpty(), "%d fields differ from the fixture's records (first 20):\n%s", len(problems), strings.Join(first(problems, 20), "\n"))
}

func first(s []string, n int) []string { return s[:min(n, len(s))] }

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// recordMap is a record in the shape of an answer's item.
func recordMap(g fixtures.Group) map[string]any {
	b, _ := json.Marshal(g)
	var m map[string]any
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.UseNumber()
	_ = dec.Decode(&m)
	tags, _ := m["Tags"].([]any)
	if tags == nil {
		tags = []any{}
	}
	m["Tags"] = map[string]any{"Tag": tags}
	return m
}

// fieldProblem says how the item's field f differs from the record's, or ""
// when it does not. A field the record lacks (a zero value) may be absent,
// empty or zero in the answer; one the record has must be there, equal.
func fieldProblem(f specs.Element, item, rec map[string]any) string {
	got, present := item[f.Name]
	want := rec[f.Name]
	if !present {
		if isZero(want) {
			return ""
		}
		return fmt.Sprintf("absent, the record holds %v", want)
	}
	switch f.Type {
	case specs.ElemString:
		g, _ := got.(string)
		w, _ := want.(string)
		if f.Format == "date-time" && sameInstant(g, w) {
			return ""
		}
		if g != w {
			return fmt.Sprintf("%q, the record holds %q", g, w)
		}
	case specs.ElemInteger, specs.ElemInt64, specs.ElemBoolean:
		if fmt.Sprint(got) != fmt.Sprint(zeroIfNil(want, f.Type)) {
			return fmt.Sprintf("%v, the record holds %v", got, zeroIfNil(want, f.Type))
		}
	case specs.ElemObject:
		if f.Name == "Tags" {
			if g, w := tagSet(got), tagSet(want); g != w {
				return fmt.Sprintf("%s, the record holds %s", g, w)
			}
		}
	}
	return ""
}

func zeroIfNil(v any, typ string) any {
	if v != nil {
		return v
	}
	if typ == specs.ElemBoolean {
		return false
	}
	return 0
}

func isZero(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case bool:
		return !x
	case json.Number:
		return x.String() == "0"
	case map[string]any:
		return tagSet(x) == "[]"
	}
	return false
}

// sameInstant compares two date-times of the documented format
// (yyyy-MM-ddThh:mm[:ss]Z): 18:05Z and 18:05:00Z are one instant.
func sameInstant(a, b string) bool {
	ta, err1 := parseCreationTime(a)
	tb, err2 := parseCreationTime(b)
	return err1 == nil && err2 == nil && ta.Equal(tb)
}

func parseCreationTime(v string) (time.Time, error) {
	if t, err := time.Parse("2006-01-02T15:04:05Z", v); err == nil {
		return t, nil
	}
	return time.Parse("2006-01-02T15:04Z", v)
}

// tagSet renders a Tags wrapper as its sorted key=value pairs: the
// documentation does not order a group's tags.
func tagSet(v any) string {
	m, _ := v.(map[string]any)
	list, _ := m["Tag"].([]any)
	pairs := make([]string, 0, len(list))
	for _, t := range list {
		tm, _ := t.(map[string]any)
		k, _ := tm["TagKey"].(string)
		val, _ := tm["TagValue"].(string)
		pairs = append(pairs, fmt.Sprintf("%q=%q", k, val))
	}
	sort.Strings(pairs)
	return "[" + strings.Join(pairs, " ") + "]"
}
