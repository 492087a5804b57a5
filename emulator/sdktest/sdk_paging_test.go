package sdktest_test

import (
	"testing"

	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/ecs-conformance/ecs-conformance/emulator"
)

// TestSDKNextTokenWalk follows NextToken at the default page size through
// the whole fixture region: each group once, by ID descending, full pages
// until the last, which carries no token.
func TestSDKNextTokenWalk(t *testing.T) {
	lb := serve(t, emulator.Options{})
	want := expected(t, wire("RegionId", region))
	size := contract.Paging.NextToken.DefaultSize
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			c := sdkClient(t, lb, m, defaultKey)
			pages := walkTokens(t, c, &ecs.DescribeSecurityGroupsRequest{RegionId: dara.String(region), MaxResults: dara.Int32(int32(size))})
			if wantPages := (len(want) + size - 1) / size; len(pages) != wantPages {
				t.Errorf("%d pages of %d, want %d for %d groups", len(pages), size, wantPages, len(want))
			}
			requestIDs := map[string]bool{}
			for i, p := range pages {
				n := len(p.SecurityGroups.SecurityGroup)
				if last := i == len(pages)-1; !last && n != size {
					t.Errorf("page %d holds %d groups; only the last may hold fewer than %d", i+1, n, size)
				}
				id := dara.StringValue(p.RequestId)
				if requestIDs[id] {
					t.Errorf("page %d repeats RequestId %q", i+1, id)
				}
				requestIDs[id] = true
			}
			// compareGroups checks each group once, in the contract's order.
			compareGroups(t, groupsOf(pages), want, false)
		})
	}
}

// TestSDKPageNumberWalk walks the legacy page-number mode at its largest
// PageSize: TotalCount, PageNumber and PageSize on every page, no NextToken,
// and a page past the end that is empty with the same TotalCount.
func TestSDKPageNumberWalk(t *testing.T) {
	lb := serve(t, emulator.Options{})
	want := expected(t, wire("RegionId", region))
	size := contract.Paging.PageNumber.MaxSize
	pagesWanted := (len(want) + size - 1) / size
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			c := sdkClient(t, lb, m, defaultKey)
			var got []*ecs.DescribeSecurityGroupsResponseBodySecurityGroupsSecurityGroup
			for n := 1; n <= pagesWanted+1; n++ { // one page past the end
				body, err := describe(c, &ecs.DescribeSecurityGroupsRequest{
					RegionId: dara.String(region), PageNumber: dara.Int32(int32(n)), PageSize: dara.Int32(int32(size)),
				})
				if err != nil {
					t.Fatalf("page %d: %s", n, describeErr(err))
				}
				if tc := dara.Int32Value(body.TotalCount); body.TotalCount == nil || int(tc) != len(want) {
					t.Errorf("page %d: TotalCount %v, want %d", n, ptr(body.TotalCount), len(want))
				}
				if pn := body.PageNumber; pn == nil || int(*pn) != n {
					t.Errorf("page %d: PageNumber %v", n, ptr(pn))
				}
				if ps := body.PageSize; ps == nil || int(*ps) != size {
					t.Errorf("page %d: PageSize %v, want %d", n, ptr(ps), size)
				}
				if body.NextToken != nil {
					t.Errorf("page %d: NextToken %q in page-number mode", n, *body.NextToken)
				}
				if body.SecurityGroups == nil {
					t.Fatalf("page %d: no SecurityGroups", n)
				}
				groups := body.SecurityGroups.SecurityGroup
				wantLen := min(size, max(len(want)-(n-1)*size, 0))
				if len(groups) != wantLen {
					t.Errorf("page %d holds %d groups, want %d", n, len(groups), wantLen)
				}
				got = append(got, groups...)
			}
			compareGroups(t, got, want, false)
		})
	}
}

// TestSDKDryRun checks that a valid DryRun request comes back as the SDK's
// error DryRunOperation, 400, with the contract's message.
func TestSDKDryRun(t *testing.T) {
	lb := serve(t, emulator.Options{})
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			c := sdkClient(t, lb, m, defaultKey)
			_, err := describe(c, &ecs.DescribeSecurityGroupsRequest{RegionId: dara.String(region), DryRun: dara.Bool(true)})
			wantAPIError(t, err, "DryRunOperation", m)
			// DryRun=false runs the request.
			body, err := describe(c, &ecs.DescribeSecurityGroupsRequest{RegionId: dara.String(region), DryRun: dara.Bool(false), MaxResults: dara.Int32(1)})
			if err != nil {
				t.Fatalf("DryRun=false: %s", describeErr(err))
			}
			if n := len(body.SecurityGroups.SecurityGroup); n != 1 {
				t.Errorf("DryRun=false with MaxResults 1 returned %d groups", n)
			}
		})
	}
}
