package suites

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/ecs-conformance/ecs-conformance/specs"
	"github.com/ecs-conformance/ecs-conformance/suites/matchers"
)

// describeSchema checks the shape of answers against the operation's
// generated schemas: the response schema of each paging mode it has (or its
// one response schema), and the error envelope.
func describeSchema(op *specs.Operation, s func() *session) {
	Describe("response shape", Label("area:schema"), func() {
		if op.Paging != nil {
			size := op.Paging.NextToken.SizeParam
			It("matches the token-paging schema", behaviours(op, "schema.response"), func() {
				Expect(s().send(s().base().With(size, "10"))).To(matchers.MatchSchema(op, matchers.SchemaNextTokenPage))
			})

			It("matches the page-number schema", behaviours(op, "schema.response"), func() {
				Expect(s().send(s().base())).To(matchers.MatchSchema(op, matchers.SchemaPageNumberPage))
			})
		} else {
			It("matches the response schema", behaviours(op, "schema.response"), func() {
				Expect(s().send(s().base())).To(matchers.MatchSchema(op, matchers.SchemaAnyPage))
			})
		}

		It("matches the error schema with a code of the catalogue", behaviours(op, "schema.error"), func() {
			c, _ := s().invalid()
			Expect(s().send(c)).To(matchers.MatchSchema(op, matchers.SchemaError))
		})
	})
}
