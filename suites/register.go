package suites

import (
	"fmt"
	"strings"

	"github.com/ecs-conformance/ecs-conformance/internal/client"
	"github.com/ecs-conformance/ecs-conformance/specs"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

// Register declares the specs of every operation of the contract set. envFn
// is called as each spec starts, never at registration, so callers may build
// the Env in a BeforeSuite. It returns true so it can initialise a package
// variable:
//
//	var _ = suites.Register(func() *suites.Env { return env })
func Register(envFn func() *Env) bool {
	readableErrors() // diagnostics.go
	for _, op := range specs.Operations() {
		registerOperation(op, envFn)
	}
	// The summary closes every run of the suite, whoever runs it (report.go).
	ReportAfterSuite("conformance summary", func(r Report) { closingReport(r, envFn()) })
	return true
}

// semantics holds, per action, the specs an operation's meaning adds to what
// its contract alone derives; each operation's file registers its own.
var semantics = map[string]func(op *specs.Operation, s func() *session){}

// oracles holds, per action, the fixture specs that compare what the
// operation answers with the default fixture's records.
var oracles = map[string]func(op *specs.Operation, s func() *session){}

// schemes are the signature schemes every operation's specs are declared
// in: each spec runs once signed with ACS3-HMAC-SHA256 and once with RPC
// HMAC-SHA1, under a container named for the scheme and labelled
// scheme:<v3|rpc>, unless the Env restricts the run to one.
var schemes = []client.Scheme{client.SchemeV3, client.SchemeRPC}

// registerOperation declares one operation's specs under Describe(<Action>),
// labelled op:<Action>, once per signature scheme: first those every
// contract yields (validation values, the error catalogue, authentication,
// response shape, DryRun where the operation has it), then its own semantics.
func registerOperation(op *specs.Operation, envFn func() *Env) {
	Describe(op.Operation, Label("op:"+op.Operation), func() {
		for _, scheme := range schemes {
			Describe(string(scheme), Label(schemePrefix+string(scheme)), func() {
				var s *session
				BeforeEach(func() {
					env := envFn()
					Expect(env.Validate()).To(Succeed())
					if !env.Runs(scheme) {
						Skip(fmt.Sprintf("the run is restricted to %s (CONFORMANCE_SIGNATURE)", env.schemes()[0]))
					}
					applyLedger(env)
					if !env.Fixture && hasLabel("fixture") {
						Skip("needs the default fixture: run against the emulator, or set CONFORMANCE_FIXTURES=default for a target loaded with it")
					}
					s = newSession(env, op, scheme)
				})
				get := func() *session { return s }
				describeValidation(op, get)
				describeErrors(op, get)
				describeAuth(op, get)
				describeSchema(op, get)
				if op.Parameter(dryRunParam) != nil {
					describeDryRun(op, get)
				}
				if add := semantics[op.Operation]; add != nil {
					add(op, get)
				}
				if add := oracles[op.Operation]; add != nil {
					add(op, get)
				}
			})
		}
	})
}

// behaviours labels a spec with the contract behaviours it checks, plus
// "assumed" and "fixture" when any of them is. An unknown ID panics while the
// tree is built, so a typo cannot produce a spec that checks nothing.
func behaviours(op *specs.Operation, ids ...string) Labels {
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
func errorLabel(op *specs.Operation, code string) Labels {
	if op.Error(code) == nil {
		panic(fmt.Sprintf("suites: error %q is not in the contract", code))
	}
	return Labels{"error:" + code}
}

// hasLabel says whether the running spec carries the label.
func hasLabel(label string) bool {
	for _, l := range CurrentSpecReport().Labels() {
		if l == label {
			return true
		}
	}
	return false
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

// has says whether the operation's contract states a behaviour (its ID
// without the operation's prefix), for specs only some operations have.
func has(op *specs.Operation, id string) bool {
	return op.Behaviour(op.Operation+"."+id) != nil
}
