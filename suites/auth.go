package suites

import (
	"net/http"
	"regexp"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/ecs-conformance/ecs-conformance/internal/client"
	"github.com/ecs-conformance/ecs-conformance/specs"
	"github.com/ecs-conformance/ecs-conformance/suites/matchers"
)

func describeAuth(op *specs.Operation, s func() *session) {
	Describe("authentication", Label("area:auth"), func() {
		DescribeTable("answers alike however a valid request travels",
			func(method string, inBody bool) {
				want := s().send(s().base())
				Expect(want.StatusCode).To(Equal(http.StatusOK), "a valid request was refused: %s", want.Body)
				c := s().base()
				c.method, c.inBody = method, inBody
				c.caseName = method + map[bool]string{true: "-body", false: "-query"}[inBody]
				Expect(s().send(c)).To(matchers.MatchAnswer(want))
			},
			Entry("by POST with the parameters in the query", behaviours(op, "auth.both-schemes"), http.MethodPost, false),
			Entry("by POST with the parameters in a form body", behaviours(op, "auth.both-schemes"), http.MethodPost, true),
			Entry("by GET", behaviours(op, "auth.both-schemes"), http.MethodGet, false),
		)

		It("accepts a request signed with an STS security token", behaviours(op, "auth.security-token"), func() {
			c := s().base()
			c.as = s().identity(s().env.STS, "STS credentials")
			Expect(s().send(c).StatusCode).To(Equal(http.StatusOK))
		})

		It("puts its own string-to-sign in SignatureDoesNotMatch", errorLabel(op, "SignatureDoesNotMatch"), behaviours(op, "auth.signature-verified"), func() {
			c := s().base()
			c.tamper.CorruptSignature = true
			c.caseName = "bad-signature-string-to-sign"
			e := decodeError(s().send(c))
			Expect(e.Code).To(Equal("SignatureDoesNotMatch"))
			want := regexp.MustCompile(`server string to sign is:(GET|POST)&%2F&\S+`)
			if s().env.Scheme == client.SchemeV3 {
				want = regexp.MustCompile(`ACS3-HMAC-SHA256\n[0-9a-f]{64}`)
			}
			Expect(e.Message).To(MatchRegexp(want.String()), "the message does not carry a string-to-sign the caller could compare with its own")
		})
	})
}
