package sdktest_test

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/ecs-conformance/ecs-conformance/emulator"
	"github.com/ecs-conformance/ecs-conformance/emulator/store"
	"github.com/ecs-conformance/ecs-conformance/internal/client"
)

// walker is one concurrent client of TestConcurrentClients: a scheme, a
// filter, a paging mode and a page size.
type walker struct {
	scheme     client.Scheme
	filter     url.Values
	pageNumber bool // page-number paging instead of NextToken
	size       int
}

// name describes w for failure messages.
func (w walker) name() string {
	mode := "token"
	if w.pageNumber {
		mode = "page-number"
	}
	return fmt.Sprintf("%s %s size %d %v", w.scheme, mode, w.size, w.filter)
}

// concurrentClients is the number of clients of TestConcurrentClients.
const concurrentClients = 32

// maxPagesPerWalk bounds each client's requests; walkers are chosen so that
// the largest walk (the whole region at 10 a page) stays under it.
const maxPagesPerWalk = 30

// walkers mixes schemes, filters, paging modes and sizes over the clients.
func walkers() []walker {
	filters := []url.Values{
		wire(),
		wire("VpcId", store.FixtureVPC),
		wire("SecurityGroupType", store.TypeEnterprise),
		wire("Tag.1.Key", store.FixtureTagKey, "Tag.1.Value", store.FixtureTagValue),
		wire("NetworkType", "classic"),
		wire("ServiceManaged", "false"),
		wire("ResourceGroupId", store.FixtureResourceGroup),
		wire("Tag.1.Key", store.FixtureSameValueTagKey, "SecurityGroupType", store.TypeNormal),
	}
	sizes := []int{10, 20, 50, 100}
	out := make([]walker, concurrentClients)
	for i := range out {
		w := walker{scheme: client.SchemeV3, filter: filters[i%len(filters)], size: sizes[i%len(sizes)]}
		if i%2 == 1 {
			w.scheme = client.SchemeRPC
		}
		if i%3 == 2 {
			w.pageNumber = true
			w.size = min(w.size, contract.Paging.PageNumber.MaxSize)
		}
		out[i] = w
	}
	return out
}

// page is the part of an answer a walk reads.
type page struct {
	NextToken      *string
	TotalCount     *int
	SecurityGroups struct {
		SecurityGroup []struct{ SecurityGroupId string }
	}
}

// walk pages through w's query and returns the IDs in the order received.
func (w walker) walk(ctx context.Context, c *client.Client) ([]string, error) {
	var got []string
	token := ""
	for n := 1; n <= maxPagesPerWalk; n++ {
		params := wire("RegionId", region)
		for k, v := range w.filter {
			params[k] = v
		}
		if w.pageNumber {
			params.Set("PageNumber", strconv.Itoa(n))
			params.Set("PageSize", strconv.Itoa(w.size))
		} else {
			params.Set("MaxResults", strconv.Itoa(w.size))
			if token != "" {
				params.Set("NextToken", token)
			}
		}
		resp, err := c.Do(ctx, client.Request{Action: "DescribeSecurityGroups", Params: params})
		if err != nil {
			return got, fmt.Errorf("page %d: %w", n, err)
		}
		if e, ok := resp.APIError(); ok {
			return got, fmt.Errorf("page %d: %v", n, e)
		}
		var p page
		if err := resp.DecodeJSON(&p); err != nil {
			return got, fmt.Errorf("page %d: %w", n, err)
		}
		for _, g := range p.SecurityGroups.SecurityGroup {
			got = append(got, g.SecurityGroupId)
		}
		if w.pageNumber {
			if p.TotalCount == nil {
				return got, fmt.Errorf("page %d: no TotalCount", n)
			}
			if len(got) >= *p.TotalCount || len(p.SecurityGroups.SecurityGroup) < w.size {
				return got, nil
			}
			continue
		}
		if p.NextToken == nil || *p.NextToken == "" {
			return got, nil
		}
		token = *p.NextToken
	}
	return got, fmt.Errorf("the walk did not end within %d pages", maxPagesPerWalk)
}

// TestConcurrentClients has 32 clients of both schemes page and filter
// through one emulator over loopback at once, while the fixture is reloaded
// a few times, and checks every walk for completeness and order. Run with
// -race, it checks the emulator's request path for data races.
func TestConcurrentClients(t *testing.T) {
	lb := serve(t, emulator.Options{})
	ws := walkers()
	want := make([][]string, len(ws))
	for i, w := range ws {
		params := wire("RegionId", region)
		for k, v := range w.filter {
			params[k] = v
		}
		want[i] = ids(expected(t, params))
		if pages := (len(want[i]) + w.size - 1) / w.size; pages >= maxPagesPerWalk {
			t.Fatalf("walker %s needs %d pages, over the bound of %d", w.name(), pages, maxPagesPerWalk)
		}
	}

	var wg sync.WaitGroup
	got := make([][]string, len(ws))
	errs := make([]error, len(ws))
	start := make(chan struct{})
	for i, w := range ws {
		c, err := client.New(client.Config{
			Endpoint: lb.URL, AccessKeyID: emulator.DefaultAccessKeyID, AccessKeySecret: emulator.DefaultAccessKeySecret, Scheme: w.scheme,
		})
		if err != nil {
			t.Fatal(err)
		}
		wg.Go(func() {
			<-start
			got[i], errs[i] = w.walk(t.Context(), c)
		})
	}
	// Reloading the same fixture swaps the store's snapshot under the
	// walkers; their answers must not change.
	wg.Go(func() {
		<-start
		for range 5 {
			if err := lb.emu.Reset(); err != nil {
				t.Errorf("Reset: %v", err)
			}
		}
	})
	close(start)
	wg.Wait()

	for i, w := range ws {
		if errs[i] != nil {
			t.Errorf("walker %d (%s): %v", i, w.name(), errs[i])
			continue
		}
		if !slices.Equal(got[i], want[i]) {
			t.Errorf("walker %d (%s) got %d groups %v\nwant %d %v", i, w.name(), len(got[i]), got[i], len(want[i]), want[i])
		}
	}
}
