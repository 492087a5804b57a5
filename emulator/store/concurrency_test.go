package store

import (
	"fmt"
	"sync"
	"testing"
	"time"
)

// TestReplaceUnderConcurrentReaders swaps two data sets for as long as
// readers query. Each reader goes on until it has seen both sets, so the
// swaps are sure to interleave with reads; every answer must come wholly
// from one set, in order. Run it with -race.
func TestReplaceUnderConcurrentReaders(t *testing.T) {
	a := Default()
	// Most groups lose their rules (keeping their counts): building the
	// thousands of rules would make each swap slow, not the test stronger.
	// FixtureGroupID keeps its own, which Get must return whole or not at all.
	for i := range a {
		if a[i].ID != FixtureGroupID {
			a[i].Rules = nil
		}
	}
	b := make([]Group, 40)
	for i := range b {
		b[i] = Group{Account: DefaultAccount, Region: FixtureRegion, ID: fmt.Sprintf("sg-bp1zzzz%012d", i),
			Type: TypeNormal, Description: "set b", CreationTime: time.Unix(1.7e9, 0)}
	}
	totalA := len(reference(a, home(Query{})))
	m, err := NewMemory(a)
	if err != nil {
		t.Fatal(err)
	}
	const readers, minReads = 4, 200
	errs := make(chan error, readers)
	var wg sync.WaitGroup
	for range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			seenA, seenB := false, false
			for n := 0; n < minReads || !seenA || !seenB; n++ {
				page, total := m.Slice(home(Query{}), 0, 50)
				fromB := len(page) > 0 && page[0].Description == "set b"
				seenA, seenB = seenA || !fromB, seenB || fromB
				want := totalA
				if fromB {
					want = len(b)
				}
				if total != want {
					errs <- fmt.Errorf("a page of set b=%v with total %d; want %d", fromB, total, want)
					return
				}
				for _, g := range page {
					if (g.Description == "set b") != fromB {
						errs <- fmt.Errorf("one answer mixes both data sets: %s", g.ID)
						return
					}
				}
				// Set a holds the group with its rules, set b not at all.
				if g, ok := m.Get(DefaultAccount, FixtureRegion, FixtureGroupID); ok && (int32(len(g.Rules)) != g.RuleCount || g.RuleCount == 0) {
					errs <- fmt.Errorf("Get of %s: %d rules of %d", FixtureGroupID, len(g.Rules), g.RuleCount)
					return
				}
				pg, _ := m.Page(home(Query{}), "", 5)
				for j := 1; j < len(pg); j++ {
					if pg[j-1].ID <= pg[j].ID || pg[j].Account != DefaultAccount {
						errs <- fmt.Errorf("a page out of order or scope: %v", ids(pg))
						return
					}
				}
			}
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	for i := 0; ; i++ {
		select {
		case <-done:
			close(errs)
			for err := range errs {
				t.Error(err)
			}
			return
		default:
		}
		set := a
		if i%2 == 0 {
			set = b
		}
		if err := m.Replace(set); err != nil {
			t.Fatal(err)
		}
	}
}
