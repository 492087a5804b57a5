package suites

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/ecs-conformance/ecs-conformance/specs"
	"github.com/ecs-conformance/ecs-conformance/suites/matchers"
)

// describeDryRun checks DryRun for an operation that has the parameter.
func describeDryRun(op *specs.Operation, s func() *session) {
	Describe("DryRun", Label("area:dryrun"), func() {
		const dry = "DryRunOperation"
		invalid := op.Requests.Invalid.Code

		It("answers DryRunOperation for a valid request", errorLabel(op, dry), behaviours(op, "dryrun.passes-with-dry-run-operation"), func() {
			Expect(s().send(s().base().With(dryRunParam, "true"))).To(s().failWith(dry))
		})

		It("answers "+invalid+", not DryRunOperation, for an invalid request", errorLabel(op, invalid), errorLabel(op, dry), behaviours(op, "dryrun.validation-first"), func() {
			c, code := s().invalid()
			Expect(s().send(c.With(dryRunParam, "true"))).To(s().failWith(code))
		})

		It("answers SignatureDoesNotMatch, not DryRunOperation, for a badly signed request", errorLabel(op, "SignatureDoesNotMatch"), errorLabel(op, dry), behaviours(op, "dryrun.authentication-first"), func() {
			c := s().base().With(dryRunParam, "true")
			c.tamper.CorruptSignature = true
			c.caseName = "bad-signature-dry-run"
			Expect(s().send(c)).To(s().failWith("SignatureDoesNotMatch"))
		})

		It("answers as if DryRun were absent when it is false", behaviours(op, "dryrun.false-runs"), func() {
			want := s().send(s().base())
			Expect(s().send(s().base().With(dryRunParam, "false"))).To(matchers.MatchAnswer(want))
		})
	})
}
