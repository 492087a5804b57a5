package sdktest_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ecs-conformance/ecs-conformance/emulator"
	"github.com/ecs-conformance/ecs-conformance/emulator/store"
	"github.com/ecs-conformance/ecs-conformance/specs"
)

// contract is the operation every expectation is read from.
var contract = specs.Lookup("DescribeSecurityGroups")

// region is the fixture region of the default account: more groups than two
// pages of the largest MaxResults.
const region = store.FixtureRegion

// expected returns the groups of the default account in the region of
// params that the filters in params select, by the match rules of the
// contract's filters list, in the contract's order. params are wire
// parameters (SecurityGroupIds as its JSON array, Tag.N.Key, Tag.N.Value).
// It fails the test when the contract names a filter or field it does not
// know, so that a new filter cannot be silently ignored here.
func expected(t testing.TB, params url.Values) []store.Group {
	t.Helper()
	var out []store.Group
	for _, g := range store.Default() {
		if g.Account != emulator.DefaultAccount || g.Region != params.Get("RegionId") {
			continue
		}
		if selects(t, params, &g) {
			out = append(out, g)
		}
	}
	sortByContract(t, out)
	return out
}

// selects reports whether every filter of the contract that params use
// keeps g.
func selects(t testing.TB, params url.Values, g *store.Group) bool {
	t.Helper()
	for i := range contract.Filters {
		f := &contract.Filters[i]
		if f.Match == specs.MatchAllTags {
			if want := tagFilters(t, params, f.Param); len(want) > 0 && !carriesAll(g, want) {
				return false
			}
			continue
		}
		v := params.Get(f.Param)
		if v == "" { // the contract treats an empty value as not sent
			continue
		}
		got := field(t, g, f.Field)
		switch f.Match {
		case specs.MatchExact:
			if got != v {
				return false
			}
		case specs.MatchAnyOf:
			var ids []string
			if err := json.Unmarshal([]byte(v), &ids); err != nil {
				t.Fatalf("oracle: %s=%q is not a JSON array: %v", f.Param, v, err)
			}
			if !slices.Contains(ids, got) {
				return false
			}
		case specs.MatchPresence:
			switch f.Values[v] {
			case "present":
				if got == "" {
					return false
				}
			case "absent":
				if got != "" {
					return false
				}
			default:
				t.Fatalf("oracle: the contract gives no presence rule for %s=%q", f.Param, v)
			}
		case specs.MatchBoolean:
			want, err := strconv.ParseBool(v)
			if err != nil {
				t.Fatalf("oracle: %s=%q is not a boolean", f.Param, v)
			}
			if got != strconv.FormatBool(want) {
				return false
			}
		default:
			t.Fatalf("oracle: filter %s has match rule %q, which this test does not know", f.Name, f.Match)
		}
	}
	return true
}

// field returns the value of a group's field by its name in the response,
// as the wire would spell it.
func field(t testing.TB, g *store.Group, name string) string {
	t.Helper()
	switch name {
	case "SecurityGroupId":
		return g.ID
	case "SecurityGroupName":
		return g.Name
	case "SecurityGroupType":
		return g.Type
	case "VpcId":
		return g.VpcID
	case "ResourceGroupId":
		return g.ResourceGroupID
	case "ServiceManaged":
		return strconv.FormatBool(g.ServiceManaged)
	}
	t.Fatalf("oracle: the contract filters on field %q, which this test does not know", name)
	return ""
}

// tagFilter is one Tag.N of a request; a nil Value means any value.
type tagFilter struct {
	Key   string
	Value *string
}

var tagParam = regexp.MustCompile(`^([A-Za-z]+)\.(\d+)\.(Key|Value)$`)

// tagFilters collects list.N.Key and list.N.Value from params.
func tagFilters(t testing.TB, params url.Values, list string) []tagFilter {
	t.Helper()
	byN := map[int]*tagFilter{}
	for name, vals := range params {
		m := tagParam.FindStringSubmatch(name)
		if m == nil || m[1] != list {
			continue
		}
		n, _ := strconv.Atoi(m[2])
		if byN[n] == nil {
			byN[n] = &tagFilter{}
		}
		v := vals[0]
		if v == "" { // the contract treats an empty value as not sent
			continue
		}
		if m[3] == "Key" {
			byN[n].Key = v
		} else {
			byN[n].Value = &v
		}
	}
	out := make([]tagFilter, 0, len(byN))
	for _, f := range byN {
		if f.Key == "" && f.Value == nil {
			continue
		}
		if f.Key == "" {
			t.Fatalf("oracle: %s.N.Value without a key in %v", list, params)
		}
		out = append(out, *f)
	}
	return out
}

func carriesAll(g *store.Group, want []tagFilter) bool {
	for _, w := range want {
		i := slices.IndexFunc(g.Tags, func(tag store.Tag) bool { return tag.Key == w.Key })
		if i < 0 || (w.Value != nil && g.Tags[i].Value != *w.Value) {
			return false
		}
	}
	return true
}

// sortByContract orders groups as the contract's paging section says.
func sortByContract(t testing.TB, groups []store.Group) {
	t.Helper()
	if contract.Paging.OrderBy != "SecurityGroupId" {
		t.Fatalf("oracle: the contract orders by %q; this test only knows SecurityGroupId", contract.Paging.OrderBy)
	}
	slices.SortFunc(groups, func(a, b store.Group) int { return strings.Compare(a.ID, b.ID) })
	switch contract.Paging.Order {
	case "descending":
		slices.Reverse(groups)
	case "ascending":
	default:
		t.Fatalf("oracle: the contract's order %q is unknown", contract.Paging.Order)
	}
}

// ids lists the IDs of groups, for messages and comparisons.
func ids(groups []store.Group) []string {
	out := make([]string, len(groups))
	for i := range groups {
		out[i] = groups[i].ID
	}
	return out
}

// wire builds wire parameters from name, value pairs.
func wire(kv ...string) url.Values {
	if len(kv)%2 != 0 {
		panic(fmt.Sprintf("wire: odd number of arguments %q", kv))
	}
	v := url.Values{}
	for i := 0; i < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

// TestOracleMatchesFixtureFacts pins the oracle to the counts the fixture
// generator plants: if the oracle misread a match rule, a filter test would
// compare the emulator with a wrong expectation and could pass by accident.
func TestOracleMatchesFixtureFacts(t *testing.T) {
	tests := []struct {
		name   string
		params url.Values
		want   int
	}{
		{"region", wire("RegionId", region), store.FixtureRegionGroups},
		{"region without the default account's groups", wire("RegionId", store.FixtureRegionWithoutDefault), 0},
		{"exact name, not its longer siblings", wire("RegionId", region, "SecurityGroupName", store.FixtureNameMid), store.FixtureNameMidCount},
		{"shortest name", wire("RegionId", region, "SecurityGroupName", store.FixtureNameShort), store.FixtureNameShortCount},
		{"classic network", wire("RegionId", region, "NetworkType", "classic"), store.FixtureClassicGroups},
		{"vpc network", wire("RegionId", region, "NetworkType", "vpc"), store.FixtureRegionGroups - store.FixtureClassicGroups},
		{"managed", wire("RegionId", region, "ServiceManaged", "true"), store.FixtureManagedGroups},
		{"unmanaged", wire("RegionId", region, "ServiceManaged", "false"), store.FixtureRegionGroups - store.FixtureManagedGroups},
		{"another account's group by ID", wire("RegionId", region, "SecurityGroupId", store.SecondAccountGroupID), 0},
		{"one group by ID", wire("RegionId", region, "SecurityGroupId", store.FixtureGroupID), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := len(expected(t, tt.params)); got != tt.want {
				t.Errorf("oracle selects %d groups for %v; the fixture facts say %d", got, tt.params, tt.want)
			}
		})
	}
}
