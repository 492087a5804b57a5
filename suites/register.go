package suites

import (
	"fmt"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

// Register declares every spec of the suite. envFn is called as each spec
// starts, never at registration, so callers may build the Env in a
// BeforeSuite. It returns true so it can initialise a package variable:
//
//	var _ = suites.Register(func() *suites.Env { return env })
func Register(envFn func() *Env) bool {
	Describe(op.Operation, Label("op:"+op.Operation), func() {
		var s *session
		BeforeEach(func() {
			env := envFn()
			Expect(env.Validate()).To(Succeed())
			applyLedger(env)
			s = newSession(env)
		})
		get := func() *session { return s }
		describePagination(get)
		describeFiltering(get)
		describeValidation(get)
		describeErrors(get)
		describeDryRun(get)
		describeAuth(get)
		describeSchema(get)
	})
	// The summary closes every run of the suite, whoever runs it (report.go).
	ReportAfterSuite("conformance summary", func(r Report) { closingReport(r, envFn()) })
	return true
}

// behaviours labels a spec with the contract behaviours it checks, plus
// "assumed" and "fixture" when any of them is. An unknown ID panics while the
// tree is built, so a typo cannot produce a spec that checks nothing.
func behaviours(ids ...string) Labels {
	var l Labels
	assumed, fixture := false, false
	for _, id := range ids {
		full := op.Operation + "." + id
		b := op.Behaviour(full)
		if b == nil {
			panic(fmt.Sprintf("suites: behaviour %q is not in the contract", full))
		}
		l = append(l, "behaviour:"+full)
		assumed = assumed || b.Assumed
		fixture = fixture || b.Fixture
	}
	if assumed {
		l = append(l, "assumed")
	}
	if fixture {
		l = append(l, "fixture")
	}
	return l
}

// errorLabel labels a spec with the error code it provokes.
func errorLabel(code string) Labels {
	if op.Error(code) == nil {
		panic(fmt.Sprintf("suites: error %q is not in the contract", code))
	}
	return Labels{"error:" + code}
}

// specBehaviours reads the behaviour IDs off the running spec's labels.
func specBehaviours() []string {
	var ids []string
	for _, l := range CurrentSpecReport().Labels() {
		if id, ok := strings.CutPrefix(l, "behaviour:"); ok {
			ids = append(ids, id)
		}
	}
	return ids
}

// needsFixture skips a spec on targets that do not hold our seed data.
func needsFixture(s *session) {
	if !s.env.Fixture {
		Skip("needs the default fixture: run against the emulator or set CONFORMANCE_FIXTURES=default for a target loaded with it")
	}
}
