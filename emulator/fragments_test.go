package emulator

import (
	"bytes"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ecs-conformance/ecs-conformance/emulator/store"
)

// TestFragmentsMatchEncoding: pages written from kept fragments, on a miss,
// on a hit, on a mix of both, with and without instance counts sharing one
// cache, and under a budget that forces it to start over, are byte for byte
// what the generic writer makes.
func TestFragmentsMatchEncoding(t *testing.T) {
	groups := append(store.Default(),
		store.Group{ID: "sg-\"x\"", Name: "\x00\xff\u2028", Description: "é中🙂", Tags: []store.Tag{{Key: "k\\", Value: ""}}, EcsCount: 3, CreationTime: time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)},
	)
	keys := make([]store.RowKey, len(groups))
	for i := range keys {
		keys[i] = store.RowKey(1000 + i)
	}
	pages := []struct{ from, to int }{{0, 5}, {0, 5}, {3, 9}, {0, len(groups)}, {len(groups) - 1, len(groups)}}
	for _, budget := range []int{0, 600} {
		f := &fragments{budget: budget}
		for _, pg := range pages {
			for _, ecs := range []bool{true, false} {
				page, pageKeys := groups[pg.from:pg.to], keys[pg.from:pg.to]
				got, want := &out{first: true}, &out{first: true}
				writeGroupsJSON(got, page, ecs, f, pageKeys)
				writeGroupsOut(want, page, ecs)
				if !bytes.Equal(got.buf, want.buf) {
					t.Fatalf("budget %d, groups %d..%d, ecs %v:\n%s\nwant\n%s", budget, pg.from, pg.to, ecs, got.buf, want.buf)
				}
				if limit := max(budget, fragmentBudget*min(budget, 1)); budget > 0 && f.bytes > limit {
					t.Fatalf("budget %d: %d bytes kept", budget, f.bytes)
				}
			}
		}
		if len(f.m) == 0 {
			t.Fatalf("budget %d: nothing kept", budget)
		}
	}
}

// TestFragmentsFollowReplacedFixtures: a store replaced with new data for
// the same IDs is answered with the new data, not the kept encoding.
func TestFragmentsFollowReplacedFixtures(t *testing.T) {
	groups := store.Default()
	mem, err := store.NewMemory(groups)
	if err != nil {
		t.Fatal(err)
	}
	s := newTestServer(t, func(o *Options) { o.DisableAuth = true; o.Store = mem })
	g := groups[0]
	target := "/?" + url.Values{"Action": {"DescribeSecurityGroups"}, "Version": {"2014-05-26"}, "RegionId": {g.Region},
		"MaxResults": {"10"}, "SecurityGroupId": {g.ID}}.Encode()
	// The groups of an answer: all of it but the RequestId before them.
	groupsOf := func() string {
		body := serveRaw(t, s, rawRequest{method: "GET", target: target}).Body.String()
		_, after, _ := strings.Cut(body, `"SecurityGroups":`)
		return after
	}
	first := groupsOf()
	if !strings.Contains(first, `"`+g.Name+`"`) || groupsOf() != first {
		t.Fatalf("the page changed between two reads of one store, or lacks %q:\n%s", g.Name, first)
	}
	renamed := append([]store.Group(nil), groups...)
	for i := range renamed {
		if renamed[i].ID == g.ID {
			renamed[i].Name = "renamed-after-reset"
		}
	}
	if err := mem.Replace(renamed); err != nil {
		t.Fatal(err)
	}
	after := groupsOf()
	if !strings.Contains(after, `"renamed-after-reset"`) {
		t.Fatalf("after Replace the answer still carries the old encoding:\n%s", after)
	}
}

// TestPlainStoreAnswersAlike: a store that only implements store.Store (its
// pages copied into the buffer, no row keys, no fragments) answers pages of
// both paging modes byte for byte as store.Memory does, twice in a row.
func TestPlainStoreAnswersAlike(t *testing.T) {
	mem := store.NewDefault()
	plain := struct{ store.Store }{mem} // hides PageInto and SliceInto
	if _, ok := pagesOf(plain).(copiedPages); !ok {
		t.Fatal("the wrapped store still offers PageInto: the test would not reach the copying path")
	}
	servers := map[string]*Server{
		"memory": newTestServer(t, func(o *Options) { o.DisableAuth = true; o.Store = mem }),
		"plain":  newTestServer(t, func(o *Options) { o.DisableAuth = true; o.Store = plain }),
	}
	region := store.Default()[0].Region
	for _, q := range []url.Values{
		{"MaxResults": {"7"}}, {"PageNumber": {"2"}, "PageSize": {"5"}}, {"MaxResults": {"3"}, "Tag.1.Key": {"env"}},
	} {
		q.Set("Action", "DescribeSecurityGroups")
		q.Set("Version", "2014-05-26")
		q.Set("RegionId", region)
		answers := map[string]string{}
		for name, s := range servers {
			for range 2 {
				body := serveRaw(t, s, rawRequest{method: "GET", target: "/?" + q.Encode()}).Body.String()
				_, after, ok := strings.Cut(body, `"SecurityGroups":`)
				if !ok {
					t.Fatalf("%s, %s: no groups in %s", name, q.Encode(), body)
				}
				answers[name] = after
			}
		}
		if answers["memory"] != answers["plain"] {
			t.Errorf("%s: store.Memory answered\n%s\na plain store\n%s", q.Encode(), answers["memory"], answers["plain"])
		}
	}
}
