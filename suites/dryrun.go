package suites

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/ecs-conformance/ecs-conformance/suites/matchers"
)

func describeDryRun(s func() *session) {
	Describe("DryRun", Label("area:dryrun"), func() {
		dry := op.Error("DryRunOperation")

		It("answers DryRunOperation for a valid request", errorLabel(dry.Code), behaviours("dryrun.passes-with-dry-run-operation"), func() {
			Expect(s().send(s().base().With("DryRun", "true").With("MaxResults", "10"))).
				To(matchers.HaveAPIError(dry, string(s().env.Scheme)))
		})

		It("answers InvalidParameter.SecurityGroupType, not DryRunOperation, for an invalid request", errorLabel("InvalidParameter.SecurityGroupType"), errorLabel(dry.Code), behaviours("dryrun.validation-first"), func() {
			Expect(s().send(s().base().With("DryRun", "true").With("SecurityGroupType", "other"))).
				To(matchers.HaveAPIError(op.Error("InvalidParameter.SecurityGroupType"), string(s().env.Scheme)))
		})

		It("answers SignatureDoesNotMatch, not DryRunOperation, for a badly signed request", errorLabel("SignatureDoesNotMatch"), errorLabel(dry.Code), behaviours("dryrun.authentication-first"), func() {
			c := s().base().With("DryRun", "true")
			c.tamper.CorruptSignature = true
			c.caseName = "bad-signature-dry-run"
			Expect(s().send(c)).To(matchers.HaveAPIError(op.Error("SignatureDoesNotMatch"), string(s().env.Scheme)))
		})

		It("answers as if DryRun were absent when it is false", behaviours("dryrun.false-runs"), func() {
			want := s().page(s().base().With("MaxResults", "20")).ids
			Expect(s().page(s().base().With("MaxResults", "20").With("DryRun", "false")).ids).To(Equal(want))
		})
	})
}
