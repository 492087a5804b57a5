package store

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// home is the default account's home-region scope of the default fixture.
func home(q Query) Query {
	q.Account, q.Region = DefaultAccount, FixtureRegion
	return q
}

// queryCases are the filters of the contract one at a time and combined,
// over the default fixture. want is the exact number of matches where the
// fixture pins it, or -1 where it only has to agree with the reference.
var queryCases = []struct {
	name string
	q    Query
	want int
}{
	{"no filter", home(Query{}), FixtureRegionGroups},
	{"other region", Query{Account: DefaultAccount, Region: "cn-shanghai"}, 30},
	{"region without the account's groups", Query{Account: DefaultAccount, Region: FixtureRegionWithoutDefault}, 0},
	{"unserved region", Query{Account: DefaultAccount, Region: "eu-central-1"}, 0},
	{"no account", Query{Region: FixtureRegion}, 0},
	{"second account", Query{Account: SecondAccount, Region: FixtureRegion}, 5},

	{"ID", home(Query{ID: FixtureGroupID}), 1},
	{"ID of another account", home(Query{ID: SecondAccountGroupID}), 0},
	{"ID that does not exist", home(Query{ID: "sg-bp1doesnotexist0000"}), 0},
	{"IDs with a duplicate and a stranger", home(Query{IDs: []string{FixtureGroupID, SecondAccountGroupID, FixtureGroupID, "sg-nothere"}}), 1},
	{"IDs empty", home(Query{IDs: []string{}}), 0},
	{"ID within IDs", home(Query{ID: FixtureGroupID, IDs: []string{"sg-nothere", FixtureGroupID}}), 1},
	{"ID outside IDs", home(Query{ID: FixtureGroupID, IDs: []string{"sg-nothere"}}), 0},

	{"VpcID", home(Query{VpcID: FixtureVPC}), -1},
	{"VpcID unknown", home(Query{VpcID: "vpc-nothere"}), 0},
	{"ResourceGroupID unknown", home(Query{ResourceGroupID: "rg-nothere"}), 0},
	{"Type normal", home(Query{Type: TypeNormal}), -1},
	{"Type enterprise", home(Query{Type: TypeEnterprise}), -1},
	{"Type outside the enum", home(Query{Type: "other"}), 0},
	{"Name short", home(Query{Name: FixtureNameShort}), FixtureNameShortCount},
	{"Name mid", home(Query{Name: FixtureNameMid}), FixtureNameMidCount},
	{"Name long", home(Query{Name: FixtureNameLong}), FixtureNameLongCount},
	{"Name prefix of a name", home(Query{Name: "we"}), 0},
	{"Name in another case", home(Query{Name: "WEB"}), 0},
	{"ResourceGroupID", home(Query{ResourceGroupID: FixtureResourceGroup}), -1},
	{"Network vpc", home(Query{Network: NetworkVPC}), FixtureRegionGroups - FixtureClassicGroups},
	{"Network classic", home(Query{Network: NetworkClassic}), FixtureClassicGroups},
	{"Network outside the enum", home(Query{Network: "other"}), 0},
	{"ServiceManaged true", home(Query{ServiceManaged: ptr(true)}), FixtureManagedGroups},
	{"ServiceManaged false", home(Query{ServiceManaged: ptr(false)}), FixtureRegionGroups - FixtureManagedGroups},

	{"tag key and value", home(Query{Tags: []TagFilter{{Key: FixtureTagKey, Value: FixtureTagValue}}}), -1},
	{"tag key only", home(Query{Tags: []TagFilter{{Key: FixtureTagKey, AnyValue: true}}}), -1},
	{"tag key only, empty value carried", home(Query{Tags: []TagFilter{{Key: FixtureEmptyValueTagKey, AnyValue: true}}}), -1},
	{"tag with an empty value", home(Query{Tags: []TagFilter{{Key: FixtureEmptyValueTagKey, Value: ""}}}), -1},
	{"tag value under another key", home(Query{Tags: []TagFilter{{Key: FixtureSameValueTagKey, Value: FixtureTagValue}}}), -1},
	{"tag value no group has under that key", home(Query{Tags: []TagFilter{{Key: "team", Value: FixtureTagValue}}}), 0},
	{"tag value nobody has", home(Query{Tags: []TagFilter{{Key: FixtureTagKey, Value: "nothere"}}}), 0},
	{"tag key nobody has", home(Query{Tags: []TagFilter{{Key: "nothere", AnyValue: true}}}), 0},
	{"tag key in another case", home(Query{Tags: []TagFilter{{Key: "ENV", AnyValue: true}}}), 0},
	{"tag empty key", home(Query{Tags: []TagFilter{{Key: "", AnyValue: true}}}), 0},
	{"two tags ANDed", home(Query{Tags: []TagFilter{{Key: FixtureTagKey, Value: FixtureTagValue}, {Key: FixtureSameValueTagKey, Value: FixtureTagValue}}}), -1},
	{"tag and key-only tag", home(Query{Tags: []TagFilter{{Key: FixtureTagKey, Value: FixtureTagValue}, {Key: "team", AnyValue: true}}}), -1},
	{"same key twice, two values", home(Query{Tags: []TagFilter{{Key: FixtureTagKey, Value: "prod"}, {Key: FixtureTagKey, Value: "test"}}}), 0},

	{"VPC, type and tag", home(Query{VpcID: FixtureVPC, Type: TypeNormal, Tags: []TagFilter{{Key: FixtureTagKey, Value: FixtureTagValue}}}), -1},
	{"name and type", home(Query{Name: FixtureNameMid, Type: TypeEnterprise}), 1},
	{"classic and enterprise", home(Query{Network: NetworkClassic, Type: TypeEnterprise}), 0},
	{"classic and VPC", home(Query{Network: NetworkClassic, VpcID: FixtureVPC}), 0},
	{"managed and tag", home(Query{ServiceManaged: ptr(true), Tags: []TagFilter{{Key: "ack.aliyun.com", AnyValue: true}}}), FixtureManagedGroups},
	{"unmanaged, resource group, network", home(Query{ServiceManaged: ptr(false), ResourceGroupID: FixtureResourceGroup, Network: NetworkVPC}), -1},
	{"ID and a filter it fails", home(Query{ID: FixtureGroupID, Type: TypeEnterprise}), 0},
	{"IDs and a name that prefixes theirs", home(Query{IDs: ids(reference(Default(), home(Query{VpcID: FixtureVPC}))), Name: FixtureNameShort}), FixtureNameShortCount},
	{"IDs and a filter", home(Query{IDs: []string{FixtureGroupID, SecondAccountGroupID}, Name: FixtureNameShort}), 1},
	{"second account by name", Query{Account: SecondAccount, Region: FixtureRegion, Name: FixtureNameShort}, 1},
	{"second account by tag", Query{Account: SecondAccount, Region: FixtureRegion, Tags: []TagFilter{{Key: FixtureTagKey, Value: FixtureTagValue}}}, 5},
}

func TestQueriesMatchTheReference(t *testing.T) {
	m, all := defaultMemory(t)
	unfiltered := len(reference(all, home(Query{})))
	for _, tc := range queryCases {
		t.Run(tc.name, func(t *testing.T) {
			want := reference(all, tc.q)
			if tc.want >= 0 && len(want) != tc.want {
				t.Fatalf("the fixture gives %d matches, the case expects %d: fix the case or the fixture", len(want), tc.want)
			}
			if tc.want < 0 && (len(want) == 0 || len(want) == unfiltered) {
				t.Fatalf("the fixture gives %d matches of %d; a case without a pinned count must narrow the set", len(want), unfiltered)
			}
			for _, limit := range []int{1, 7, 100} {
				if got := walk(t, m, tc.q, limit); !slices.Equal(ids(got), ids(want)) {
					t.Errorf("Page walk with limit %d:\n got %v\nwant %v", limit, ids(got), ids(want))
				}
			}
			got, total := m.Slice(tc.q, 0, 1000)
			if total != len(want) || !slices.Equal(ids(got), ids(want)) {
				t.Errorf("Slice(0, 1000): total %d, %v\nwant total %d, %v", total, ids(got), len(want), ids(want))
			}
			for _, g := range got {
				if g.Account != tc.q.Account || g.Region != tc.q.Region {
					t.Errorf("%s belongs to account %s in %s, outside the query's scope", g.ID, g.Account, g.Region)
				}
			}
		})
	}
}

func TestPageReturnsWholeGroups(t *testing.T) {
	m, all := defaultMemory(t)
	page, _ := m.Page(home(Query{ID: FixtureGroupID}), "", 10)
	i := slices.IndexFunc(all, func(g Group) bool { return g.ID == FixtureGroupID })
	if len(page) != 1 || i < 0 {
		t.Fatalf("the fixture group %s: page %v, index %d", FixtureGroupID, ids(page), i)
	}
	want := all[i]
	want.Rules = nil // a list carries no rules; Get does
	if got, want := fmt.Sprintf("%+v", page[0]), fmt.Sprintf("%+v", want); got != want {
		t.Errorf("Page returned\n%s\nthe fixture holds\n%s", got, want)
	}
}

func TestPageAfter(t *testing.T) {
	m, all := defaultMemory(t)
	q := home(Query{})
	want := ids(reference(all, q))
	mid := want[len(want)/2]
	between := mid + "0" // sorts just above mid: the groups after it start with mid
	cases := []struct {
		name     string
		after    string
		limit    int
		want     []string
		wantMore bool
	}{
		{"from the top", "", 3, want[:3], true},
		{"after an existing ID", mid, 2, want[len(want)/2+1 : len(want)/2+3], true},
		{"after an ID no group has", between, 2, want[len(want)/2 : len(want)/2+2], true},
		{"after an ID above every group", "sg-zzzz", 2, want[:2], true},
		{"after an ID below every group", "sg-", 2, nil, false},
		{"after the last ID", want[len(want)-1], 5, nil, false},
		{"the last page exactly full", want[len(want)-4], 3, want[len(want)-3:], false},
		{"limit 0 with more to come", mid, 0, nil, true},
		{"limit 0 at the end", want[len(want)-1], 0, nil, false},
		{"negative limit", "", -5, nil, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, more := m.Page(q, tc.after, tc.limit)
			if !slices.Equal(ids(got), tc.want) || more != tc.wantMore {
				t.Errorf("Page(after=%q, limit=%d) = %v, more=%v; want %v, more=%v", tc.after, tc.limit, ids(got), more, tc.want, tc.wantMore)
			}
		})
	}
}

// TestPageIntoReusesItsBuffer checks that one buffer, reused page after
// page and between Page and Slice, gives what fresh memory gives, and that
// Reset leaves nothing of the last page in it.
func TestPageIntoReusesItsBuffer(t *testing.T) {
	m, _ := defaultMemory(t)
	var buf PageBuffer
	for _, tc := range []struct {
		q     Query
		after string
		limit int
	}{{home(Query{}), "", 10}, {home(Query{}), "", 2}, {home(Query{Tags: []TagFilter{{Key: "env", AnyValue: true}}}), "", 10}, {home(Query{}), "sg-", 5}, {home(Query{}), "", 20}} {
		want, wantMore := m.Page(tc.q, tc.after, tc.limit)
		more := m.PageInto(&buf, tc.q, tc.after, tc.limit)
		same := func(a, b []Group) bool { return len(a) == len(b) && (len(a) == 0 || reflect.DeepEqual(a, b)) }
		if !same(buf.Groups, want) || more != wantMore {
			t.Fatalf("PageInto(after=%q, limit=%d) = %v, %v; Page: %v, %v", tc.after, tc.limit, ids(buf.Groups), more, ids(want), wantMore)
		}
		wantSlice, wantTotal := m.Slice(tc.q, 1, tc.limit)
		if total := m.SliceInto(&buf, tc.q, 1, tc.limit); !same(buf.Groups, wantSlice) || total != wantTotal {
			t.Fatalf("SliceInto(1, %d) = %v, %d; Slice: %v, %d", tc.limit, ids(buf.Groups), total, ids(wantSlice), wantTotal)
		}
	}
	buf.Reset()
	for _, g := range buf.Groups[:cap(buf.Groups)] {
		if g.ID != "" || g.Tags != nil {
			t.Fatalf("Reset left %+v in the buffer", g)
		}
	}
	for _, tag := range buf.tags[:cap(buf.tags)] {
		if tag != (Tag{}) {
			t.Fatalf("Reset left tag %+v in the buffer", tag)
		}
	}
}

// TestRowKeys: a page's groups come with one key each; a key names one
// group, the same group keeps its key from page to page, and a store
// replaced with the same groups gives them keys never seen before (what is
// kept under an old key must not answer for new data).
func TestRowKeys(t *testing.T) {
	m, all := defaultMemory(t)
	var buf PageBuffer
	seen := map[RowKey]string{}
	collect := func() {
		if len(buf.Keys) != len(buf.Groups) {
			t.Fatalf("%d keys for %d groups", len(buf.Keys), len(buf.Groups))
		}
		for i, k := range buf.Keys {
			if id, ok := seen[k]; ok && id != buf.Groups[i].ID {
				t.Fatalf("key %#x names %s and %s", k, id, buf.Groups[i].ID)
			}
			seen[k] = buf.Groups[i].ID
		}
	}
	for _, limit := range []int{3, 7, 100} {
		m.PageInto(&buf, home(Query{}), "", limit)
		collect()
		m.SliceInto(&buf, home(Query{}), 2, limit)
		collect()
	}
	if err := m.Replace(all); err != nil {
		t.Fatal(err)
	}
	m.PageInto(&buf, home(Query{}), "", 100)
	for i, k := range buf.Keys {
		if id, ok := seen[k]; ok {
			t.Fatalf("after Replace, %s has the key %#x that %s had before", buf.Groups[i].ID, k, id)
		}
	}
	if len(buf.Keys) == 0 {
		t.Fatal("no group in the home region: the test compared nothing")
	}
}

func TestSlice(t *testing.T) {
	m, all := defaultMemory(t)
	for _, q := range []Query{
		home(Query{}),
		home(Query{Tags: []TagFilter{{Key: FixtureTagKey, Value: FixtureTagValue}}}),
		home(Query{Type: TypeEnterprise}),
		home(Query{IDs: ids(all[:40])}),
	} {
		want := ids(reference(all, q))
		n := len(want)
		cases := []struct{ offset, limit, from, to int }{
			{0, 10, 0, 10},
			{10, 10, 10, 20},
			{n - 3, 10, n - 3, n},
			{n, 10, n, n},
			{n + 50, 10, n, n},
			{-4, 5, 0, 5},
			{5, 0, 5, 5},
			{5, -1, 5, 5},
			{0, n + 10, 0, n},
		}
		for _, c := range cases {
			got, total := m.Slice(q, c.offset, c.limit)
			if total != n || !slices.Equal(ids(got), want[c.from:c.to]) {
				t.Errorf("query %+v: Slice(%d, %d) = total %d, %v; want total %d, %v", q, c.offset, c.limit, total, ids(got), n, want[c.from:c.to])
			}
		}
	}
}

func TestSliceWalkEqualsPageWalk(t *testing.T) {
	m, _ := defaultMemory(t)
	q := home(Query{Network: NetworkVPC})
	var bySlice []Group
	for offset := 0; ; offset += 50 {
		page, total := m.Slice(q, offset, 50)
		bySlice = append(bySlice, page...)
		if offset+50 >= total {
			break
		}
	}
	if got, want := ids(bySlice), ids(walk(t, m, q, 13)); !slices.Equal(got, want) {
		t.Errorf("page-number walk and token walk differ:\n%v\n%v", got, want)
	}
}

func TestEveryGroupOnceAcrossAllScopes(t *testing.T) {
	m, all := defaultMemory(t)
	seen := map[string]int{}
	accounts := []string{DefaultAccount, SecondAccount}
	for _, a := range accounts {
		for _, r := range m.Regions() {
			for _, g := range walk(t, m, Query{Account: a, Region: r}, 17) {
				seen[g.ID]++
			}
		}
	}
	if len(seen) != len(all) || m.Len() != len(all) {
		t.Errorf("walks of every scope saw %d groups and Len is %d; the fixture holds %d", len(seen), m.Len(), len(all))
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("%s seen %d times", id, n)
		}
	}
}

func TestRegions(t *testing.T) {
	m, _ := defaultMemory(t)
	want := []string{"ap-southeast-1", "cn-beijing", "cn-hangzhou", "cn-shanghai"}
	if got := m.Regions(); !slices.Equal(got, want) {
		t.Errorf("Regions() = %v, want %v", got, want)
	}
	for _, r := range []struct {
		region string
		want   bool
	}{{"cn-hangzhou", true}, {FixtureRegionWithoutDefault, true}, {"eu-central-1", false}, {"", false}, {"CN-HANGZHOU", false}} {
		if got := m.HasRegion(r.region); got != r.want {
			t.Errorf("HasRegion(%q) = %v, want %v", r.region, got, r.want)
		}
	}
	var zero Memory
	if zero.Len() != 0 || zero.HasRegion("cn-hangzhou") || len(zero.Regions()) != 0 {
		t.Errorf("the zero Memory is not empty")
	}
	if g, more := zero.Page(home(Query{}), "", 10); g != nil || more {
		t.Errorf("the zero Memory pages %v, %v", ids(g), more)
	}
}

func TestReturnedGroupsAreCopies(t *testing.T) {
	input := Default()
	m, err := NewMemory(input)
	if err != nil {
		t.Fatal(err)
	}
	q := home(Query{ID: FixtureGroupID})
	before, _ := m.Page(q, "", 1)
	// Scribble over the input and over what was returned.
	for i := range input {
		input[i].Name = "changed"
		for j := range input[i].Tags {
			input[i].Tags[j].Value = "changed"
		}
	}
	before[0].Tags[0].Value = "changed"
	after, _ := m.Slice(q, 0, 1)
	if after[0].Name != FixtureNameShort || after[0].Tags[0].Value != FixtureTagValue {
		t.Errorf("the store's data changed through a caller's slice: %+v", after[0])
	}
	// The tags of one page share a backing array; appending to one group's
	// must not overwrite the next group's.
	page, _ := m.Page(home(Query{Tags: []TagFilter{{Key: FixtureTagKey, AnyValue: true}}}), "", 2)
	next := slices.Clone(page[1].Tags)
	_ = append(page[0].Tags, Tag{Key: "appended"})
	if !slices.Equal(page[1].Tags, next) {
		t.Errorf("appending to one group's tags changed the next group's: %v", page[1].Tags)
	}
	if d := Default(); d[0].Name == "changed" {
		t.Errorf("Default() returned shared data")
	}
}

func TestReplace(t *testing.T) {
	m, all := defaultMemory(t)
	valid := Group{Account: DefaultAccount, Region: "eu-central-1", ID: "sg-gw8aaaaaaaaaaaaaaaaa", Type: TypeNormal,
		CreationTime: time.Date(2024, 1, 2, 3, 4, 5, 6789, time.FixedZone("CST", 8*3600))}
	if err := m.Replace([]Group{valid}); err != nil {
		t.Fatalf("Replace: %v", err)
	}
	if m.Len() != 1 || m.HasRegion("cn-hangzhou") || !m.HasRegion("eu-central-1") {
		t.Fatalf("after Replace: Len %d, regions %v", m.Len(), m.Regions())
	}
	got, _ := m.Page(Query{Account: DefaultAccount, Region: "eu-central-1"}, "", 1)
	if loc := got[0].CreationTime.Location(); loc != time.UTC || !got[0].CreationTime.Equal(valid.CreationTime) {
		t.Errorf("CreationTime %v in %v; want the same instant in UTC", got[0].CreationTime, loc)
	}
	bad := slices.Clone(all)
	bad[7].Type = "other"
	if err := m.Replace(bad); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("groups[7] (%s): SecurityGroupType \"other\"", bad[7].ID)) {
		t.Errorf("Replace with a bad group: error %v", err)
	}
	if m.Len() != 1 {
		t.Errorf("a failed Replace changed the store: Len %d", m.Len())
	}
	if err := m.Replace(nil); err != nil || m.Len() != 0 || len(m.Regions()) != 0 {
		t.Errorf("Replace(nil): %v, Len %d, regions %v", err, m.Len(), m.Regions())
	}
}

func TestGroupValidation(t *testing.T) {
	ok := Group{Account: DefaultAccount, Region: "cn-hangzhou", ID: "sg-bp1abc", Type: TypeNormal,
		CreationTime: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), RuleCount: 3}
	manyTags := make([]Tag, 21)
	for i := range manyTags {
		manyTags[i] = Tag{Key: fmt.Sprint("k", i)}
	}
	cases := []struct {
		name   string
		change func(*Group)
		want   string // "" for valid
	}{
		{"valid", func(*Group) {}, ""},
		{"valid classic managed", func(g *Group) { g.ServiceManaged, g.ServiceID = true, 1<<40 }, ""},
		{"no ID", func(g *Group) { g.ID = "" }, "SecurityGroupId is required"},
		{"ID without sg-", func(g *Group) { g.ID = "vpc-bp1abc" }, `SecurityGroupId "vpc-bp1abc" is not sg-`},
		{"ID with capitals", func(g *Group) { g.ID = "sg-BP1" }, `SecurityGroupId "sg-BP1"`},
		{"ID masked as in the docs", func(g *Group) { g.ID = "sg-bp67acfmxazb4p****" }, "lowercase letters and digits"},
		{"ID too long", func(g *Group) { g.ID = "sg-" + strings.Repeat("a", 62) }, "1 to 61"},
		{"no account", func(g *Group) { g.Account = "" }, "AccountId is required"},
		{"account not digits", func(g *Group) { g.Account = "acct-1" }, `AccountId "acct-1"`},
		{"no region", func(g *Group) { g.Region = "" }, "RegionId is required"},
		{"bad region", func(g *Group) { g.Region = "Hangzhou" }, `RegionId "Hangzhou"`},
		{"no type", func(g *Group) { g.Type = "" }, "SecurityGroupType is required"},
		{"bad type", func(g *Group) { g.Type = "Normal" }, `SecurityGroupType "Normal" is not normal or enterprise`},
		{"no time", func(g *Group) { g.CreationTime = time.Time{} }, "CreationTime is required"},
		{"long name", func(g *Group) { g.Name = strings.Repeat("n", 129) }, "SecurityGroupName is 129 characters"},
		{"long description", func(g *Group) { g.Description = strings.Repeat("描", 257) }, "Description is 257 characters"},
		{"bad VPC", func(g *Group) { g.VpcID = "bp1abc" }, `VpcId "bp1abc"`},
		{"bad resource group", func(g *Group) { g.ResourceGroupID = "rg_1" }, `ResourceGroupId "rg_1"`},
		{"negative service ID", func(g *Group) { g.ServiceManaged, g.ServiceID = true, -1 }, "ServiceID -1 is negative"},
		{"service ID unmanaged", func(g *Group) { g.ServiceID = 5 }, "ServiceManaged is false"},
		{"inner access Drop", func(g *Group) { g.InnerAccessPolicy = InnerDrop }, ""},
		{"inner access in lower case", func(g *Group) { g.InnerAccessPolicy = "accept" }, `InnerAccessPolicy "accept" is not Accept or Drop`},
		{"negative count", func(g *Group) { g.EcsCount = -1 }, "EcsCount -1 is negative"},
		{"group rules above rules", func(g *Group) { g.GroupToGroupRuleCount = 4 }, "GroupToGroupRuleCount 4 exceeds RuleCount 3"},
		{"too many tags", func(g *Group) { g.Tags = manyTags }, "at most 20"},
		{"empty tag key", func(g *Group) { g.Tags = []Tag{{Key: "a"}, {Value: "v"}} }, "Tags[1].TagKey is required"},
		{"repeated tag key", func(g *Group) { g.Tags = []Tag{{Key: "a"}, {Key: "a", Value: "v"}} }, `Tags[1].TagKey "a" repeats Tags[0]`},
		{"long tag value", func(g *Group) { g.Tags = []Tag{{Key: "a", Value: strings.Repeat("v", 129)}} }, "Tags[0].TagValue is longer than 128"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			g := ok
			tc.change(&g)
			_, err := NewMemory([]Group{g})
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("NewMemory: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("NewMemory: error %v; want one containing %q", err, tc.want)
			}
		})
	}
}

func TestIDsUniqueAcrossScopes(t *testing.T) {
	g := Group{Account: DefaultAccount, Region: "cn-hangzhou", ID: "sg-bp1abc", Type: TypeNormal, CreationTime: time.Unix(1e9, 0)}
	other := g
	other.Account, other.Region = SecondAccount, "cn-shanghai"
	_, err := NewMemory([]Group{g, other})
	if err == nil || !strings.Contains(err.Error(), "groups[1] (sg-bp1abc): SecurityGroupId duplicates groups[0]") {
		t.Errorf("two accounts sharing an ID: error %v", err)
	}
}

func TestManyErrorsAreCapped(t *testing.T) {
	groups := make([]Group, 50)
	_, err := NewMemory(groups)
	if err == nil {
		t.Fatal("no error for 50 empty groups")
	}
	msg := err.Error()
	if n := strings.Count(msg, "SecurityGroupId is required"); n != maxReported || !strings.Contains(msg, "and 30 more errors") {
		t.Errorf("%d errors listed, then %q", n, msg[strings.LastIndexByte(msg, '\n')+1:])
	}
}

// TestNewDefault checks that stores of the default fixture hold it and
// stay independent although they start from one snapshot.
func TestNewDefault(t *testing.T) {
	a, b := NewDefault(), NewDefault()
	want := reference(Default(), home(Query{}))
	if got, total := a.Slice(home(Query{}), 0, 1000); total != len(want) || !slices.Equal(ids(got), ids(want)) {
		t.Fatalf("NewDefault holds %d groups of the home region; the fixture %d", total, len(want))
	}
	if err := a.Replace(nil); err != nil {
		t.Fatal(err)
	}
	if a.Len() != 0 || b.Len() != len(Default()) || NewDefault().Len() != len(Default()) {
		t.Errorf("replacing one default store changed another: Len %d, %d, %d", a.Len(), b.Len(), NewDefault().Len())
	}
	if g, ok := b.Get(DefaultAccount, FixtureRegion, FixtureGroupID); !ok || int32(len(g.Rules)) != g.RuleCount {
		t.Errorf("Get(%s) from a default store: %v, %d rules of %d", FixtureGroupID, ok, len(g.Rules), g.RuleCount)
	}
}

// TestReplaceDefault checks that ReplaceDefault puts back what
// Replace(Default()) would, after other content.
func TestReplaceDefault(t *testing.T) {
	m := NewDefault()
	if err := m.Replace(nil); err != nil {
		t.Fatal(err)
	}
	m.ReplaceDefault()
	want, err := NewMemory(Default())
	if err != nil {
		t.Fatal(err)
	}
	q := home(Query{})
	got, total := m.Slice(q, 0, 1000)
	exp, wantTotal := want.Slice(q, 0, 1000)
	if m.Len() != want.Len() || total != wantTotal || !reflect.DeepEqual(got, exp) {
		t.Fatalf("after ReplaceDefault: %d groups, %d in the home region; Replace(Default()): %d, %d", m.Len(), total, want.Len(), wantTotal)
	}
}
