package suites

import (
	"regexp"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/ecs-conformance/ecs-conformance/suites/matchers"
)

var creationTime = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?Z$`)

func describeSchema(s func() *session) {
	Describe("response shape", Label("area:schema"), func() {
		It("matches the token-paging schema", behaviours("schema.response"), func() {
			Expect(s().send(s().base().With("MaxResults", "10"))).To(matchers.MatchSchema(matchers.SchemaNextTokenPage))
		})

		It("matches the page-number schema", behaviours("schema.response"), func() {
			Expect(s().send(s().base())).To(matchers.MatchSchema(matchers.SchemaPageNumberPage))
		})

		It("matches the error schema with a code of the catalogue", behaviours("schema.error"), func() {
			Expect(s().send(s().base().With("MaxResults", "0"))).To(matchers.MatchSchema(matchers.SchemaError))
		})

		It("carries the wrappers as arrays and CreationTime in UTC for every group", behaviours("schema.wrappers-present", "schema.creation-time-utc"), func() {
			items := allItems(s().walkTokens(s().base(), op.Paging.NextToken.MaxSize))
			for _, it := range items {
				id := str(it, "SecurityGroupId")
				Expect(it).To(HaveKeyWithValue("Tags", HaveKeyWithValue("Tag", BeAssignableToTypeOf([]any{}))), "group %s has no Tags.Tag array", id)
				Expect(str(it, "CreationTime")).To(MatchRegexp(creationTime.String()), "group %s", id)
			}
		})
	})
}
