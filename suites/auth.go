package suites

import (
	"net/http"
	"net/url"
	"regexp"
	"time"

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

		// The edges of the window, probed 45 s inside and outside on either
		// side of the target's clock (which the suite's clock stands for).
		DescribeTable("holds the timestamp window to 15 minutes either side of its clock",
			func(offset time.Duration, accepted bool) {
				at := s().now().Add(offset)
				c := s().base()
				c.tamper.Timestamp = &at
				c.caseName = "timestamp-" + offset.String()
				resp := s().send(c)
				if accepted {
					Expect(resp.StatusCode).To(Equal(http.StatusOK), "a request signed %v from the clock is inside the window, but was refused: %s", offset, resp.Body)
					return
				}
				Expect(resp).To(s().failWith("InvalidTimeStamp.Expired"), "a request signed %v from the clock is outside the window", offset)
			},
			Entry("accepting a request signed 14m15s ago", behaviours(op, "auth.timestamp-window-edges"), -(timeWindow-windowMargin), true),
			Entry("accepting a request signed 14m15s ahead", behaviours(op, "auth.timestamp-window-edges"), timeWindow-windowMargin, true),
			Entry("answering InvalidTimeStamp.Expired for a request signed 15m45s ago", errorLabel(op, "InvalidTimeStamp.Expired"), behaviours(op, "auth.timestamp-window-edges", "auth.timestamp-window"), -(timeWindow+windowMargin), false),
			Entry("answering InvalidTimeStamp.Expired for a request signed 15m45s ahead", errorLabel(op, "InvalidTimeStamp.Expired"), behaviours(op, "auth.timestamp-window-edges", "auth.timestamp-window"), timeWindow+windowMargin, false),
		)

		It("answers SignatureDoesNotMatch for a form body changed after signing", errorLabel(op, "SignatureDoesNotMatch"), behaviours(op, "auth.body-verified"), func() {
			c := s().base()
			c.method, c.inBody = http.MethodPost, true
			swapped := url.Values{}
			for k, v := range c.params {
				swapped[k] = v
			}
			swapped.Set("NoSuchParameter", "swapped-after-signing")
			c.tamper.Body = []byte(swapped.Encode())
			c.caseName = "body-swapped-after-signing"
			Expect(s().send(c)).To(s().failWith("SignatureDoesNotMatch"))
		})

		DescribeTable("answers IncompleteSignature for a V3 request that leaves a header it carries unsigned",
			func(header string) {
				if s().scheme != client.SchemeV3 {
					Skip("RPC signs parameters, not headers")
				}
				c := s().base()
				c.tamper.Unsigned = []string{header}
				c.caseName = "unsigned-" + header
				Expect(s().send(c)).To(s().failWith("IncompleteSignature"))
			},
			signedHeaderEntries(op),
		)

		It("accepts one nonce from two access keys", behaviours(op, "auth.nonce-per-key"), func() {
			other := s().identity(s().env.OtherAccount, "second account")
			nonce := s().freshNonce()
			for _, id := range []*Identity{nil, other} {
				who := map[bool]string{true: "caller", false: "second-account"}[id == nil]
				// What this key is answered with a nonce of its own: a
				// parameter resolved for the caller may name nothing the
				// second account holds, which is not the point here.
				fresh := s().base()
				fresh.as, fresh.caseName = id, "own-nonce-"+who
				want := s().send(fresh)
				c := s().base()
				c.as, c.tamper.Nonce = id, nonce
				c.caseName = "shared-nonce-" + who
				Expect(s().send(c)).To(matchers.MatchAnswer(want), "nonce %s, used once by each key, was not answered as a nonce of its own", nonce)
			}
		})

		It("puts its own string-to-sign in SignatureDoesNotMatch", errorLabel(op, "SignatureDoesNotMatch"), behaviours(op, "auth.signature-verified"), func() {
			c := s().base()
			c.tamper.CorruptSignature = true
			c.caseName = "bad-signature-string-to-sign"
			e := decodeError(s().send(c))
			Expect(e.Code).To(Equal("SignatureDoesNotMatch"))
			want := regexp.MustCompile(`server string to sign is:(GET|POST)&%2F&\S+`)
			if s().scheme == client.SchemeV3 {
				want = regexp.MustCompile(`ACS3-HMAC-SHA256\n[0-9a-f]{64}`)
			}
			Expect(e.Message).To(MatchRegexp(want.String()), "the message does not carry a string-to-sign the caller could compare with its own")
		})
	})
}

// timeWindow is the contract's window (InvalidTimeStamp.Expired, common.yaml);
// windowMargin keeps the probes clear of the clock drift between the suite
// and a live target.
const (
	timeWindow   = 15 * time.Minute
	windowMargin = 45 * time.Second
)

// v3SignedHeaders are the headers every V3 request of the suite carries and
// signs: host and the common x-acs-* headers.
var v3SignedHeaders = []string{"host", "x-acs-action", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce", "x-acs-version"}

func signedHeaderEntries(op *specs.Operation) []TableEntry {
	var out []TableEntry
	for _, h := range v3SignedHeaders {
		out = append(out, Entry("IncompleteSignature when "+h+" is not signed", errorLabel(op, "IncompleteSignature"), behaviours(op, "auth.signed-headers-required"), h))
	}
	return out
}
