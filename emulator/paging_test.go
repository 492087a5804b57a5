package emulator

import (
	"net/url"
	"slices"
	"strconv"
	"testing"

	"github.com/ecs-conformance/ecs-conformance/emulator/store"
	"github.com/ecs-conformance/ecs-conformance/internal/client"
)

// walkTokens follows NextToken from the first page to the last and returns
// the IDs, checking every token-mode page on the way.
func walkTokens(t *testing.T, c *client.Client, p url.Values, size int) []string {
	t.Helper()
	var ids []string
	sent := ""
	for pages := 0; ; pages++ {
		if pages > 1000 {
			t.Fatal("the walk does not end")
		}
		q := url.Values{}
		for k, v := range p {
			q[k] = v
		}
		q.Set("MaxResults", strconv.Itoa(size))
		if sent != "" {
			q.Set("NextToken", sent)
		}
		pg := wantPage(t, do(t, c, client.Request{Params: q}))
		if pg.TotalCount != nil || pg.PageNumber != nil || pg.PageSize != nil {
			t.Fatalf("token page carries page-number fields: %+v", pg)
		}
		got := pg.ids()
		if len(got) > size {
			t.Fatalf("page of %d groups, MaxResults %d", len(got), size)
		}
		ids = append(ids, got...)
		if pg.NextToken == nil || *pg.NextToken == "" {
			return ids
		}
		if len(got) != size {
			t.Fatalf("short page (%d of %d) with a NextToken", len(got), size)
		}
		if *pg.NextToken == sent {
			t.Fatalf("NextToken %q repeats the one sent", sent)
		}
		sent = *pg.NextToken
	}
}

// walkPages walks page-number paging until a short page.
func walkPages(t *testing.T, c *client.Client, p url.Values, size int) []string {
	t.Helper()
	var ids []string
	total := -1
	for n := 1; ; n++ {
		q := url.Values{}
		for k, v := range p {
			q[k] = v
		}
		q.Set("PageNumber", strconv.Itoa(n))
		q.Set("PageSize", strconv.Itoa(size))
		pg := wantPage(t, do(t, c, client.Request{Params: q}))
		if pg.NextToken != nil || pg.TotalCount == nil || *pg.PageNumber != n || *pg.PageSize != size {
			t.Fatalf("page-number page fields wrong: %+v", pg)
		}
		if total >= 0 && *pg.TotalCount != total {
			t.Fatalf("TotalCount changed from %d to %d", total, *pg.TotalCount)
		}
		total = *pg.TotalCount
		ids = append(ids, pg.ids()...)
		if len(pg.ids()) < size {
			if len(ids) != total {
				t.Fatalf("walk yielded %d groups, TotalCount %d", len(ids), total)
			}
			return ids
		}
	}
}

func expected(gs []store.Group, keep func(*store.Group) bool) []string {
	var ids []string
	for i := range gs {
		if keep(&gs[i]) {
			ids = append(ids, gs[i].ID)
		}
	}
	return ids
}

func hasTag(g *store.Group, k, v string, any bool) bool {
	for _, t := range g.Tags {
		if t.Key == k && (any || t.Value == v) {
			return true
		}
	}
	return false
}

// TestFilters walks every filter in both paging modes and compares the
// result with the fixture filtered by hand.
func TestFilters(t *testing.T) {
	s := newTestServer(t, nil)
	all := allGroups(t, s, DefaultAccount, store.FixtureRegion)
	if len(all) != store.FixtureRegionGroups {
		t.Fatalf("fixture: %d groups, want %d", len(all), store.FixtureRegionGroups)
	}
	tests := []struct {
		name string
		kv   []string
		keep func(*store.Group) bool
	}{
		{"none", nil, func(*store.Group) bool { return true }},
		{"id", []string{"SecurityGroupId", store.FixtureGroupID}, func(g *store.Group) bool { return g.ID == store.FixtureGroupID }},
		{"id of another account", []string{"SecurityGroupId", store.SecondAccountGroupID}, func(*store.Group) bool { return false }},
		{"ids", []string{"SecurityGroupIds", `["` + all[3].ID + `","` + all[7].ID + `","` + all[3].ID + `","sg-nothere"]`}, func(g *store.Group) bool { return g.ID == all[3].ID || g.ID == all[7].ID }},
		{"vpc", []string{"VpcId", store.FixtureVPC}, func(g *store.Group) bool { return g.VpcID == store.FixtureVPC }},
		{"type enterprise", []string{"SecurityGroupType", "enterprise"}, func(g *store.Group) bool { return g.Type == "enterprise" }},
		{"name exact", []string{"SecurityGroupName", store.FixtureNameMid}, func(g *store.Group) bool { return g.Name == store.FixtureNameMid }},
		{"network vpc", []string{"NetworkType", "vpc"}, func(g *store.Group) bool { return g.VpcID != "" }},
		{"network classic", []string{"NetworkType", "classic"}, func(g *store.Group) bool { return g.VpcID == "" }},
		{"resource group", []string{"ResourceGroupId", store.FixtureResourceGroup}, func(g *store.Group) bool { return g.ResourceGroupID == store.FixtureResourceGroup }},
		{"tag key and value", []string{"Tag.1.Key", store.FixtureTagKey, "Tag.1.Value", store.FixtureTagValue}, func(g *store.Group) bool { return hasTag(g, store.FixtureTagKey, store.FixtureTagValue, false) }},
		{"tag key only", []string{"Tag.1.Key", store.FixtureSameValueTagKey}, func(g *store.Group) bool { return hasTag(g, store.FixtureSameValueTagKey, "", true) }},
		{"tag aliases", []string{"Tag.3.key", store.FixtureTagKey, "Tag.3.value", store.FixtureTagValue}, func(g *store.Group) bool { return hasTag(g, store.FixtureTagKey, store.FixtureTagValue, false) }},
		{"two tags", []string{"Tag.1.Key", store.FixtureTagKey, "Tag.1.Value", store.FixtureTagValue, "Tag.2.Key", store.FixtureSameValueTagKey}, func(g *store.Group) bool {
			return hasTag(g, store.FixtureTagKey, store.FixtureTagValue, false) && hasTag(g, store.FixtureSameValueTagKey, "", true)
		}},
		{"managed", []string{"ServiceManaged", "true"}, func(g *store.Group) bool { return g.ServiceManaged }},
		{"unmanaged", []string{"ServiceManaged", "false"}, func(g *store.Group) bool { return !g.ServiceManaged }},
		{"fuzzy ignored", []string{"SecurityGroupName", store.FixtureNameShort, "FuzzyQuery", "true"}, func(g *store.Group) bool { return g.Name == store.FixtureNameShort }},
		{"combined", []string{"VpcId", store.FixtureVPC, "SecurityGroupType", "normal", "Tag.1.Key", store.FixtureTagKey}, func(g *store.Group) bool {
			return g.VpcID == store.FixtureVPC && g.Type == "normal" && hasTag(g, store.FixtureTagKey, "", true)
		}},
	}
	c := defaultClient(t, s, client.SchemeV3)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := params(append([]string{"RegionId", store.FixtureRegion}, tt.kv...)...)
			want := expected(all, tt.keep)
			if got := walkTokens(t, c, p, 100); !slices.Equal(got, want) {
				t.Errorf("token walk: %d groups %v…, want %d", len(got), head(got), len(want))
			}
			if got := walkPages(t, c, p, 50); !slices.Equal(got, want) {
				t.Errorf("page walk: %d groups %v…, want %d", len(got), head(got), len(want))
			}
		})
	}
}

func head(ids []string) []string { return ids[:min(3, len(ids))] }

// TestWalks walks the whole region at several sizes: each group once, by ID
// descending, with the documented defaults.
func TestWalks(t *testing.T) {
	s := newTestServer(t, nil)
	want := expected(allGroups(t, s, DefaultAccount, store.FixtureRegion), func(*store.Group) bool { return true })
	if !slices.IsSortedFunc(want, func(a, b string) int { return -cmpString(a, b) }) {
		t.Fatal("the store is not ordered by ID descending")
	}
	c := defaultClient(t, s, client.SchemeRPC)
	for _, size := range []int{1, 7, 10, 100} {
		if got := walkTokens(t, c, region, size); !slices.Equal(got, want) {
			t.Errorf("token walk at %d: %d groups, want %d", size, len(got), len(want))
		}
	}
	for _, size := range []int{3, 50} {
		if got := walkPages(t, c, region, size); !slices.Equal(got, want) {
			t.Errorf("page walk at %d: %d groups, want %d", size, len(got), len(want))
		}
	}
	// Defaults: token mode with only NextToken uses 10; page mode reports 1 and 10.
	pg := wantPage(t, do(t, c, client.Request{Params: region}))
	if *pg.PageNumber != 1 || *pg.PageSize != 10 || len(pg.ids()) != 10 || *pg.TotalCount != len(want) {
		t.Errorf("page-number defaults: %v %v %d %v", *pg.PageNumber, *pg.PageSize, len(pg.ids()), *pg.TotalCount)
	}
	first := wantPage(t, do(t, c, client.Request{Params: params("RegionId", "cn-hangzhou", "MaxResults", "3")}))
	next := wantPage(t, do(t, c, client.Request{Params: params("RegionId", "cn-hangzhou", "NextToken", *first.NextToken)}))
	if len(next.ids()) != 10 || next.ids()[0] != want[3] {
		t.Errorf("NextToken alone: %d groups from %v", len(next.ids()), head(next.ids()))
	}
	// Beyond the end: empty, same TotalCount.
	far := wantPage(t, do(t, c, client.Request{Params: params("RegionId", "cn-hangzhou", "PageNumber", "1000")}))
	if len(far.ids()) != 0 || *far.TotalCount != len(want) {
		t.Errorf("page beyond the end: %d groups, total %d", len(far.ids()), *far.TotalCount)
	}
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// TestTokens checks that a token resumes where it should with any page size,
// replays, and is refused when forged, cut, altered, or presented with other
// filters, another region or another account.
func TestTokens(t *testing.T) {
	s := newTestServer(t, nil)
	c := defaultClient(t, s, client.SchemeV3)
	base := params("RegionId", "cn-hangzhou", "VpcId", store.FixtureVPC, "MaxResults", "2")
	first := wantPage(t, do(t, c, client.Request{Params: base}))
	if first.NextToken == nil {
		t.Fatal("no NextToken on a first page of 2")
	}
	tok := *first.NextToken
	with := func(kv ...string) url.Values {
		q := url.Values{}
		for k, v := range base {
			q[k] = v
		}
		q.Set("NextToken", tok)
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i+1] == "" {
				q.Del(kv[i])
			} else {
				q.Set(kv[i], kv[i+1])
			}
		}
		return q
	}
	a := wantPage(t, do(t, c, client.Request{Params: with()}))
	b := wantPage(t, do(t, c, client.Request{Params: with()}))
	if !slices.Equal(a.ids(), b.ids()) || len(a.ids()) != 2 {
		t.Errorf("replayed token gave %v then %v", a.ids(), b.ids())
	}
	bigger := wantPage(t, do(t, c, client.Request{Params: with("MaxResults", "5")}))
	if !slices.Equal(bigger.ids()[:2], a.ids()) {
		t.Errorf("a bigger page after the same token starts elsewhere: %v vs %v", bigger.ids(), a.ids())
	}
	flip := []byte(tok)
	flip[len(flip)/2] ^= 1
	refused := []struct {
		name string
		q    url.Values
		c    *client.Client
	}{
		{"forged", with("NextToken", "AXNnLWZvcmdlZAAAAAAAAAAAAAAAAAAAAAA"), c},
		{"truncated", with("NextToken", tok[:len(tok)-3]), c},
		{"altered byte", with("NextToken", string(flip)), c},
		{"padded", with("NextToken", tok+"="), c},
		{"other filter", with("VpcId", "vpc-other"), c},
		{"filter dropped", with("VpcId", ""), c},
		{"filter added", with("SecurityGroupType", "normal"), c},
		{"other region", with("RegionId", store.FixtureRegionWithoutDefault), c},
		{"other account", with(), newClient(t, s, client.SchemeV3, SecondAccessKeyID, SecondAccessKeySecret, "")},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			wantError(t, do(t, tt.c, client.Request{Params: tt.q}), "InValidParameter.NextToken")
		})
	}
	// A server with another key does not accept this one's tokens.
	other := newTestServer(t, nil)
	wantError(t, do(t, defaultClient(t, other, client.SchemeV3), client.Request{Params: with()}), "InValidParameter.NextToken")
}

// TestAccountIsolation checks that no filter lets a caller see another
// account's groups.
func TestAccountIsolation(t *testing.T) {
	s := newTestServer(t, nil)
	mine := allGroups(t, s, DefaultAccount, store.FixtureRegion)
	theirs := allGroups(t, s, SecondAccount, store.FixtureRegion)
	if len(theirs) == 0 {
		t.Fatal("the fixture gives the second account no group in the region")
	}
	def := defaultClient(t, s, client.SchemeRPC)
	sec := newClient(t, s, client.SchemeRPC, SecondAccessKeyID, SecondAccessKeySecret, "")
	tests := []struct {
		name string
		c    *client.Client
		kv   []string
		want []string
	}{
		{"theirs by id", def, []string{"SecurityGroupId", store.SecondAccountGroupID}, nil},
		{"theirs by ids", def, []string{"SecurityGroupIds", `["` + store.SecondAccountGroupID + `"]`}, nil},
		{"mine by id from them", sec, []string{"SecurityGroupId", mine[0].ID}, nil},
		{"their name", def, []string{"SecurityGroupName", store.FixtureNameShort}, []string{store.FixtureGroupID}},
		{"all of theirs", sec, nil, expected(theirs, func(*store.Group) bool { return true })},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := params(append([]string{"RegionId", store.FixtureRegion}, tt.kv...)...)
			if got := walkTokens(t, tt.c, p, 100); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", head(got), head(tt.want))
			}
		})
	}
}

// TestEcsCount checks that capacity figures are real only on request.
func TestEcsCount(t *testing.T) {
	s := newTestServer(t, nil)
	all := allGroups(t, s, DefaultAccount, store.FixtureRegion)
	var withCount *store.Group
	for i := range all {
		if all[i].EcsCount > 0 || all[i].AvailableInstanceAmount > 0 {
			withCount = &all[i]
			break
		}
	}
	if withCount == nil {
		t.Skip("the fixture has no group with capacity figures")
	}
	c := defaultClient(t, s, client.SchemeV3)
	for _, ask := range []string{"", "false", "true"} {
		pg := wantPage(t, do(t, c, client.Request{Params: params("RegionId", store.FixtureRegion, "SecurityGroupId", withCount.ID, "IsQueryEcsCount", ask)}))
		g := pg.SecurityGroups.SecurityGroup[0]
		real := ask == "true"
		if (g.EcsCount == int(withCount.EcsCount) && g.AvailableInstanceAmount == int(withCount.AvailableInstanceAmount)) != real ||
			(!real && (g.EcsCount != 0 || g.AvailableInstanceAmount != 0)) {
			t.Errorf("IsQueryEcsCount=%q: EcsCount %d, AvailableInstanceAmount %d (store %d, %d)", ask, g.EcsCount, g.AvailableInstanceAmount, withCount.EcsCount, withCount.AvailableInstanceAmount)
		}
	}
}
