package suites

import (
	"regexp"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/ecs-conformance/ecs-conformance/specs"
)

// What DescribeSecurityGroups' meaning adds to the specs its contract alone
// derives: both paging modes, the filters and their oracle, and the few
// rules of its own about parameters and shape.
func init() { semantics["DescribeSecurityGroups"] = describeSecurityGroups }

var creationTime = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?Z$`)

func describeSecurityGroups(op *specs.Operation, s func() *session) {
	describePagination(op, s)
	describeFiltering(op, s)
	describeFixtureOracle(op, s)

	Describe("validation", Label("area:validation"), func() {
		It("accepts the deprecated and hidden parameters", behaviours(op, "validation.deprecated-accepted"), func() {
			req := s().base().With("MaxResults", "20")
			want := s().page(req).ids
			for _, p := range op.Parameters {
				if p.Hidden || p.Ignored {
					req = req.With(p.Name, sample(p))
				}
			}
			req = req.With("IsQueryEcsCount", "true")
			Expect(s().page(req).ids).To(Equal(want))
		})

		It("answers InvalidParameter for a parameter sent twice", errorLabel(op, "InvalidParameter"), behaviours(op, "validation.parameter-syntax"), func() {
			req := s().base()
			req.params["VpcId"] = []string{"vpc-a000000000000000a", "vpc-b000000000000000b"}
			Expect(s().send(req)).To(s().failWith("InvalidParameter"))
		})
	})

	Describe("response shape", Label("area:schema"), func() {
		It("carries the wrappers as arrays and CreationTime in UTC for every group", behaviours(op, "schema.wrappers-present", "schema.creation-time-utc"), func() {
			items := allItems(s().walkTokens(s().base(), op.Paging.NextToken.MaxSize))
			for _, it := range items {
				id := str(it, "SecurityGroupId")
				Expect(it).To(HaveKeyWithValue("Tags", HaveKeyWithValue("Tag", BeAssignableToTypeOf([]any{}))), "group %s has no Tags.Tag array", id)
				Expect(str(it, "CreationTime")).To(MatchRegexp(creationTime.String()), "group %s", id)
			}
		})
	})
}
