package suites

import (
	"strconv"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/ecs-conformance/ecs-conformance/specs"
	"github.com/ecs-conformance/ecs-conformance/suites/matchers"
)

func describePagination(op *specs.Operation, s func() *session) {
	nt, pn := op.Paging.NextToken, op.Paging.PageNumber

	Describe("pagination", Label("area:pagination"), func() {
		When("walking NextToken from the first page to the last", func() {
			It("yields every group once, in descending ID order, in full pages until the last", behaviours(op, "paging.walk-complete", "paging.order-by-id-descending", "paging.max-results-default", "paging.next-token-while-more", "paging.last-page-has-no-next-token", "paging.page-fields-echoed"), func() {
				const size = 7
				pages := s().walkTokens(s().base(), size)
				Expect(allIDs(pages)).To(matchers.BeStrictlyDescending())
				for i, p := range pages {
					last := i == len(pages)-1
					if !last {
						Expect(p.items).To(HaveLen(size), "page %d of %d is short but carries a NextToken", i+1, len(pages))
						Expect(p.hasToken).To(BeTrue())
					} else {
						Expect(len(p.items)).To(BeNumerically("<=", size))
						Expect(p.hasToken).To(BeFalse(), "the last page carries NextToken %q", p.nextToken)
					}
				}
			})

			It("answers without TotalCount, PageNumber or PageSize", behaviours(op, "paging.next-token-mode"), func() {
				p := s().page(s().base().With(nt.SizeParam, "5"))
				for _, f := range nt.AbsentFields {
					Expect(p.raw).NotTo(HaveKey(f), "token paging answered %s", f)
				}
			})

			It("matches the page-number walk group for group, in full pages of the maxima", behaviours(op, "paging.walk-complete", "paging.page-number-walk-complete", "paging.total-count-consistent", "paging.max-results-default", "paging.page-size-honoured"), func() {
				byToken := allIDs(s().walkTokens(s().base(), nt.MaxSize))
				pages := s().walkPageNumbers(s().base(), pn.MaxSize)
				Expect(allIDs(pages)).To(Equal(byToken))
				for i, p := range pages {
					Expect(p.total).NotTo(BeNil(), "page %d has no TotalCount", i+1)
					Expect(int(*p.total)).To(Equal(len(byToken)), "TotalCount of page %d", i+1)
				}
			})

			It("answers the same page again for the same token", behaviours(op, "paging.token-replayable"), func() {
				first := s().page(s().base().With(nt.SizeParam, "2"))
				if !first.hasToken {
					Skip("the region holds at most 2 groups: no second page to replay")
				}
				again := s().base().With(nt.SizeParam, "2").With(nt.TokenParam, first.nextToken)
				Expect(s().page(again).ids).To(Equal(s().page(again).ids))
			})

			It("accepts a different MaxResults on a later page and holds the default of 10 without it", behaviours(op, "paging.max-results-default", "paging.walk-complete"), func() {
				all := allIDs(s().walkTokens(s().base(), nt.MaxSize))
				if len(all) < 2 {
					Skip("needs at least 2 groups in the region")
				}
				first := s().page(s().base().With(nt.SizeParam, "1"))
				Expect(first.ids).To(Equal(all[:1]))
				next := s().page(s().base().With(nt.TokenParam, first.nextToken))
				want := min(nt.DefaultSize, len(all)-1)
				Expect(next.ids).To(Equal(all[1:1+want]), "a token page without MaxResults holds %d groups", nt.DefaultSize)
			})
		})

		When("walking PageNumber", func() {
			It("reports PageNumber 1 and PageSize 10 when neither is sent", behaviours(op, "paging.page-number-mode-default", "paging.page-size-default", "paging.page-number-default"), func() {
				p := s().page(s().base())
				Expect(p.raw).NotTo(HaveKey(nt.TokenField), "page-number paging answered a NextToken")
				Expect(p.number).NotTo(BeNil(), "no PageNumber")
				Expect(p.size).NotTo(BeNil(), "no PageSize")
				Expect(p.total).NotTo(BeNil(), "no TotalCount")
				Expect(*p.number).To(BeEquivalentTo(pn.DefaultNumber))
				Expect(*p.size).To(BeEquivalentTo(pn.DefaultSize))
				Expect(len(p.items)).To(Equal(min(pn.DefaultSize, int(*p.total))))
				first := s().page(s().base().With(nt.SizeParam, strconv.Itoa(pn.DefaultSize)))
				Expect(p.ids).To(Equal(first.ids), "without PageNumber the answer is not the first page")
			})

			DescribeTable("holds PageSize groups on every page but the short last one, which echoes its paging as the others do",
				func(size int) {
					byToken := allIDs(s().walkTokens(s().base(), nt.MaxSize))
					pages := s().walkPageNumbers(s().base(), size)
					Expect(allIDs(pages)).To(Equal(byToken), "the page-number walk with PageSize=%d does not list what the token walk lists", size)
				},
				Entry("at PageSize 7", behaviours(op, "paging.page-size-honoured", "paging.page-fields-echoed", "paging.page-number-walk-complete", "paging.total-count-consistent"), 7),
				Entry("at the maximum PageSize", behaviours(op, "paging.page-size-honoured", "paging.page-fields-echoed", "paging.page-number-walk-complete", "paging.total-count-consistent"), pn.MaxSize),
			)

			It("echoes the default PageNumber and PageSize on a walk that sends only PageNumber", behaviours(op, "paging.page-fields-echoed", "paging.page-size-default"), func() {
				for n := 1; ; n++ {
					c := s().base().With(pn.NumberParam, strconv.Itoa(n))
					p := s().page(c)
					s().checkEchoes(c, p, n)
					if len(p.items) < pn.DefaultSize || n >= maxPages {
						break
					}
				}
			})

			It("answers an empty page with the same TotalCount past the last page", behaviours(op, "paging.page-beyond-end-empty", "paging.total-count-consistent"), func() {
				first := s().page(s().base().With(pn.SizeParam, strconv.Itoa(pn.MaxSize)))
				beyond := int(*first.total)/pn.MaxSize + 2
				p := s().page(s().base().With(pn.SizeParam, strconv.Itoa(pn.MaxSize)).With(pn.NumberParam, strconv.Itoa(beyond)))
				Expect(p.items).To(BeEmpty())
				Expect(*p.total).To(Equal(*first.total))
			})
		})

		When("a NextToken was not issued for this query", func() {
			var token string
			BeforeEach(func() {
				first := s().page(s().base().With(nt.SizeParam, "1"))
				if !first.hasToken {
					Skip("needs at least 2 groups in the region to obtain a NextToken")
				}
				token = first.nextToken
			})
			invalid := op.Error("InValidParameter.NextToken")

			DescribeTable("answers InValidParameter.NextToken",
				func(tamper func(string) string, other func(*call) *call) {
					c := s().base().With(nt.SizeParam, "1").With(nt.TokenParam, tamper(token))
					if other != nil {
						c = other(c)
					}
					Expect(s().send(c)).To(s().failWith(invalid.Code))
				},
				Entry("InValidParameter.NextToken for a truncated token", errorLabel(op, invalid.Code), behaviours(op, "paging.token-forged-rejected"),
					func(t string) string { return t[:len(t)-1] }, nil),
				Entry("InValidParameter.NextToken for a token with one character changed", errorLabel(op, invalid.Code), behaviours(op, "paging.token-forged-rejected"),
					flipMiddle, nil),
				Entry("InValidParameter.NextToken for a token that was never issued", errorLabel(op, invalid.Code), behaviours(op, "paging.token-forged-rejected"),
					func(string) string { return "e71d8a535bd9cc11" }, nil),
				Entry("InValidParameter.NextToken for a token reused with another filter", errorLabel(op, invalid.Code), behaviours(op, "paging.token-bound-to-query"),
					same, func(c *call) *call { return c.With("SecurityGroupType", "enterprise") }),
			)

			It("answers InValidParameter.NextToken for a token reused in another region", errorLabel(op, invalid.Code), behaviours(op, "paging.token-bound-to-query"), func() {
				if s().env.OtherRegion == "" {
					Skip("the Env names no second region (OtherRegion)")
				}
				c := s().base().With("RegionId", s().env.OtherRegion).With(nt.SizeParam, "1").With(nt.TokenParam, token)
				Expect(s().send(c)).To(s().failWith(invalid.Code))
			})

			It("answers InValidParameter.NextToken for a token replayed by another account", errorLabel(op, invalid.Code), behaviours(op, "paging.token-bound-to-query", "filter.account-isolation"), func() {
				if s().env.OtherAccount == nil {
					Skip("the Env has no second account (fixture targets only)")
				}
				c := s().base().With(nt.SizeParam, "1").With(nt.TokenParam, token)
				c.as = s().env.OtherAccount
				Expect(s().send(c)).To(s().failWith(invalid.Code))
			})
		})

		DescribeTable("rejects paging modes mixed in one request",
			func(extra map[string]string) {
				c := s().base()
				for k, v := range extra {
					c = c.With(k, v)
				}
				Expect(s().send(c)).To(s().failWith(op.Paging.MixedError))
			},
			Entry("NotSupported.PageNumberAndPageSize for PageSize with MaxResults", errorLabel(op, op.Paging.MixedError), behaviours(op, "paging.modes-mixed-rejected"),
				map[string]string{nt.SizeParam: "10", pn.SizeParam: "10"}),
			Entry("NotSupported.PageNumberAndPageSize for PageNumber with MaxResults", errorLabel(op, op.Paging.MixedError), behaviours(op, "paging.modes-mixed-rejected"),
				map[string]string{nt.SizeParam: "10", pn.NumberParam: "1"}),
			Entry("NotSupported.PageNumberAndPageSize for PageNumber with a NextToken", errorLabel(op, op.Paging.MixedError), behaviours(op, "paging.modes-mixed-rejected"),
				map[string]string{nt.TokenParam: "e71d8a535bd9cc11", pn.NumberParam: "2"}),
		)
	})
}

func same(t string) string { return t }

// flipMiddle changes one character in the middle of a token, keeping its
// alphabet so only the content, not the syntax, is wrong.
func flipMiddle(t string) string {
	i := len(t) / 2
	b := []byte(t)
	switch {
	case b[i] == 'A':
		b[i] = 'B'
	case strings.IndexByte("0123456789", b[i]) >= 0 && b[i] != '0':
		b[i] = '0'
	default:
		b[i] = 'A'
	}
	return string(b)
}
