package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"
	"github.com/onsi/gomega"

	"github.com/ecs-conformance/ecs-conformance/runner"
	"github.com/ecs-conformance/ecs-conformance/specs"
	"github.com/ecs-conformance/ecs-conformance/suites"
	"github.com/ecs-conformance/ecs-conformance/wiring"
)

// suiteName is the description Ginkgo prints and puts in its reports.
const suiteName = "ECS conformance"

// env is built before the specs run; Register resolves it as each spec
// starts, and its summary hook reads ResultsFile from it.
var env *suites.Env

var _ = suites.Register(func() *suites.Env { return env })

// lastReport keeps the report of the run for the caller of RunSpecs:
// coverage judges the error codes on it.
var lastReport types.Report

var _ = ginkgo.ReportAfterSuite("keep the report for cmd/conformance", func(r types.Report) { lastReport = r })

// ginkgoAliases are the Ginkgo flags offered without their "ginkgo." prefix,
// the ones a user of the binary reaches for; every -ginkgo.* flag works too.
var ginkgoAliases = []string{"focus", "skip", "label-filter", "json-report", "junit-report", "v", "vv", "fail-fast", "no-color", "dry-run"}

// ginkgoFlags registers Ginkgo's own flags on fs. Ginkgo binds them to
// flag.CommandLine at init (types.BuildTestSuiteFlagSet) and RunSpecs reads
// the configuration they point at; sharing each flag.Value makes a flag set
// on fs set Ginkgo's configuration, without parsing flag.CommandLine.
func ginkgoFlags(fs *flag.FlagSet) {
	flag.CommandLine.VisitAll(func(f *flag.Flag) {
		if strings.HasPrefix(f.Name, "ginkgo.") {
			fs.Var(f.Value, f.Name, f.Usage)
		}
	})
	for _, name := range ginkgoAliases {
		if f := flag.CommandLine.Lookup("ginkgo." + name); f != nil {
			fs.Var(f.Value, name, f.Usage)
		}
	}
}

// newFlagSet returns a flag set whose usage lists the flags without the
// "ginkgo." prefix: Ginkgo has some sixty, which would drown ours.
func newFlagSet(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("conformance "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: conformance %s [flags]\n\n%s\n\nFlags:\n", name, synopsis)
		var names []string
		fs.VisitAll(func(f *flag.Flag) {
			if !strings.HasPrefix(f.Name, "ginkgo.") {
				names = append(names, f.Name)
			}
		})
		sort.Strings(names)
		for _, n := range names {
			f := fs.Lookup(n)
			def := ""
			if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "[]" {
				def = fmt.Sprintf(" (default %q)", f.DefValue)
			}
			fmt.Fprintf(stderr, "  -%s\n    \t%s%s\n", n, oneLine(f.Usage), def)
		}
		fmt.Fprintln(stderr, "\nEvery -ginkgo.* flag of Ginkgo is accepted too; see conformance -h for the environment.")
	}
	return fs
}

// parse parses args and refuses positional arguments.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q: %s takes flags only", fs.Arg(0), fs.Name())
	}
	return nil
}

// flagError reports a bad command line; -h has already printed the usage,
// and asking for it is no error.
func flagError(err error, name string, stderr io.Writer) int {
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	fmt.Fprintf(stderr, "conformance %s: %v\n", name, err)
	return exitUsage
}

// suiteConfig reads the configuration of a suite run: the defaults, then the
// environment, then flags (registered by the caller on fs).
func suiteConfig() runner.Config {
	return runner.Defaults().FromEnv(os.Getenv)
}

// cmdRun runs the suite against the configured target; the summary is
// printed by the ReportAfterSuite that suites.Register declares.
func cmdRun(args []string, stderr io.Writer) int {
	cfg := suiteConfig()
	fs := newFlagSet("run", "Runs the conformance suite: against an in-process emulator by default,\na live endpoint (-mode live -endpoint URL), or cassettes (-mode replay).", stderr)
	cfg.BindFlags(fs)
	ginkgoFlags(fs)
	if err := parse(fs, args); err != nil {
		return flagError(err, "run", stderr)
	}
	// Built before RunSpecs rather than in a BeforeSuite, so a configuration
	// mistake is a usage error with its own message, not a failed suite.
	e, err := wiring.Env(cfg, time.Now())
	if err != nil {
		fmt.Fprintf(stderr, "conformance run: %v\n", err)
		return exitUsage
	}
	env = e
	if err := runner.Preflight(context.Background(), cfg, e); err != nil {
		fmt.Fprintf(stderr, "conformance run: the target is not ready, so no spec ran.\n%v\n", err)
		return exitNotReady
	}
	passed := runSpecs()
	if sel := suites.EmptySelection(lastReport); sel != nil {
		// The closing report has printed the message already.
		return exitEmpty
	}
	if !passed {
		return exitFail
	}
	return exitOK
}

// cmdCoverage walks the spec tree in dry-run mode — nothing is sent — and
// reports, per operation of the contract set, which behaviours and error
// codes have specs. It fails when an error code of some operation's
// catalogue has none, naming the operation; an operation with no specs at
// all fails the same way, with every code named.
func cmdCoverage(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("coverage", "Lists the contract coverage of the suite, per operation, without sending anything\n(a Ginkgo dry run); exits 1 when an error code of an operation's catalogue has no spec.", stderr)
	ginkgoFlags(fs)
	if err := parse(fs, args); err != nil {
		return flagError(err, "coverage", stderr)
	}
	if err := flag.CommandLine.Set("ginkgo.dry-run", "true"); err != nil {
		fmt.Fprintf(stderr, "conformance coverage: %v\n", err)
		return exitFail
	}
	// A dry run passes unless the tree itself is broken.
	if !runSpecs() {
		return exitFail
	}
	if !writeCoverage(stdout, runner.Coverage(lastReport, specs.Operations())) {
		return exitFail
	}
	return exitOK
}

// writeCoverage prints one line per operation, then every operation whose
// catalogue has codes without a spec; it reports whether there was none.
func writeCoverage(w io.Writer, ops []runner.OperationCoverage) bool {
	fmt.Fprintln(w, "\ncontract coverage per operation (specs labelled op:<Action>):")
	width, codes := 0, 0
	for _, c := range ops {
		width = max(width, len(c.Operation))
		codes += c.Errors.Total
	}
	for _, c := range ops {
		fmt.Fprintf(w, "  %-*s  %4d specs  behaviours %d/%d have specs  error codes %d/%d have specs\n",
			width, c.Operation, c.Specs, len(c.Behaviours.Covered), c.Behaviours.Total, len(c.Errors.Covered), c.Errors.Total)
	}
	complete := true
	for _, c := range ops {
		switch {
		case len(c.Errors.Gaps) == 0:
		case c.Specs == 0:
			complete = false
			fmt.Fprintf(w, "%s: no spec is labelled op:%s, so none of its %d error codes has one; register its specs in suites.Register\n", c.Operation, c.Operation, c.Errors.Total)
		default:
			complete = false
			fmt.Fprintf(w, "%s: error codes without a spec: %s\n", c.Operation, strings.Join(c.Errors.Gaps, ", "))
		}
	}
	if complete {
		fmt.Fprintf(w, "every error code of every operation's catalogue has a spec (%d codes in %d %s)\n", codes, len(ops), plural(len(ops), "operation"))
	}
	return complete
}

// failRecorder is the GinkgoTestingT of a binary: RunSpecs only needs to
// tell it that the suite failed.
type failRecorder struct{ failed bool }

func (f *failRecorder) Fail() { f.failed = true }

// runSpecs runs the registered specs once; Ginkgo allows one run per process.
func runSpecs() bool {
	gomega.RegisterFailHandler(ginkgo.Fail)
	t := &failRecorder{}
	passed := ginkgo.RunSpecs(t, suiteName)
	return passed && !t.failed
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
