package selftest_test

import (
	"flag"
	"fmt"
	"net/http/httptest"
	"os"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ecs-conformance/ecs-conformance/emulator"
	"github.com/ecs-conformance/ecs-conformance/runner"
	"github.com/ecs-conformance/ecs-conformance/selftest/mutant"
	"github.com/ecs-conformance/ecs-conformance/specs"
)

var (
	mutantSet = flag.String("mutants", "sample", "which generated mutants to run: sample (CI), all (make mutants) or none")
	mutantRun = flag.String("mutant", "", "run only the mutants whose name matches this regular expression")
	reportOut = flag.String("mutants-report", "", "also write the kill-rate report to this file")
)

// TestGeneratedMutants runs the suite against every mutant the contract
// generates (a fixed sample in CI, all with -mutants=all), against every
// benign variant, and against the hand-written deviations: each mutant must
// be killed unless it is declared equivalent, each benign variant must pass.
func TestGeneratedMutants(t *testing.T) {
	if testing.Short() || *mutantSet == "none" {
		t.Skip("builds the suite and runs it once per mutant")
	}
	var set []mutant.Mutant
	for _, op := range specs.Operations() {
		set = append(set, mutant.Generate(op)...)
		set = append(set, mutant.Benign(op)...)
	}
	set = append(set, handWritten()...)
	if err := mutant.Check(set); err != nil {
		t.Fatal(err)
	}
	if *mutantSet == "sample" {
		set = sample(set)
	}
	if *mutantRun != "" {
		re := regexp.MustCompile(*mutantRun)
		set = slices.DeleteFunc(set, func(m mutant.Mutant) bool { return !re.MatchString(m.Name) })
	}

	// The baseline: the suite must pass, in both schemes, against the proxy
	// with a mutation that changes nothing, and nothing may count as fired.
	base := runMutant(t, mutant.Mutant{Name: "baseline", Class: mutant.ClassBenign, Mutate: func(*mutant.Exchange) {}})
	if !base.passed() || base.fired != 0 {
		t.Fatalf("the suite does not pass against the unmutated emulator (fired %d); no mutant can be judged:\n%s", base.fired, base.detail)
	}

	start := time.Now()
	results := make([]outcome, len(set))
	slots := make(chan struct{}, min(2, runtime.GOMAXPROCS(0)))
	var wg sync.WaitGroup
	for i, m := range set {
		wg.Add(1)
		go func() {
			defer wg.Done()
			slots <- struct{}{}
			defer func() { <-slots }()
			results[i] = runMutant(t, m)
			r := results[i]
			t.Logf("%-9s %s (%d runs, %d answers changed) %s", verdict(r), m.Name, r.runs, r.fired, strings.Join(first(r.killers, 1), ""))
		}()
	}
	wg.Wait()

	report := killReport(results, time.Since(start))
	fmt.Print(report)
	if *reportOut != "" {
		if err := os.WriteFile(*reportOut, []byte(report), 0o644); err != nil {
			t.Error(err)
		}
	}
	for _, r := range results {
		switch {
		case r.m.Class == mutant.ClassBenign && !r.passed():
			t.Errorf("FALSE ALARM: the suite fails against the benign variant %s (%s):\n%s", r.m.Name, r.m.Breaks, r.detail)
		case r.m.Class != mutant.ClassBenign && r.m.Equivalent == "" && !r.killed:
			t.Errorf("SURVIVED: %s (%s), %d answers changed", r.m.Name, r.m.Breaks, r.fired)
			if r.failed {
				t.Logf("%s: the suite failed without a spec failing:\n%s", r.m.Name, r.detail)
			}
		case r.m.Class != mutant.ClassBenign && r.m.Equivalent != "" && r.killed:
			t.Errorf("%s is declared equivalent (%s) but was killed by %s: the declaration is wrong", r.m.Name, r.m.Equivalent, strings.Join(r.killers, "; "))
		}
	}
}

// outcome is what the suite did against one mutant.
type outcome struct {
	m       mutant.Mutant
	killed  bool
	failed  bool // some run failed (for a benign variant: a false alarm)
	killers []string
	fired   int64
	runs    int
	detail  string
}

func (o outcome) passed() bool { return !o.failed }

// runMutant starts a fresh emulator behind the proxy with m's mutation on a
// loopback listener and runs the suite against it: first only the specs of
// m's hint, failing fast; then, if they did not kill it, the whole suite, in
// each scheme m applies to. A benign variant always gets the whole suite.
func runMutant(t *testing.T, m mutant.Mutant) outcome {
	t.Helper()
	emu, err := emulator.New(emulator.Options{})
	if err != nil {
		t.Fatalf("starting the emulator: %v", err)
	}
	var keys []mutant.Key
	for _, k := range emulator.DefaultKeys() {
		keys = append(keys, mutant.Key{ID: k.ID, Secret: k.Secret, SecurityToken: k.SecurityToken})
	}
	p := &mutant.Proxy{Upstream: emu.Handler(), Keys: keys, Mutate: m.Mutate}
	srv := httptest.NewServer(p)
	defer srv.Close()
	schemes := m.Schemes
	if len(schemes) == 0 {
		schemes = []string{"v3", "rpc"}
	}
	o := outcome{m: m}
	run := func(scheme string, args ...string) bool {
		o.runs++
		res := runSuiteArgs(t, srv.URL, []string{runner.EnvSignature + "=" + scheme}, append([]string{"-ginkgo.fail-fast"}, args...))
		killers, others := splitFailures(res.failed)
		if res.exitCode == 0 {
			return false
		}
		o.failed = true
		if len(killers) == 0 {
			o.detail += fmt.Sprintf("[%s] exit %d, no spec failed (setup: %v)\n%s\n", scheme, res.exitCode, names(others), tail(res.output))
			return false
		}
		for _, k := range names(killers) {
			o.killers = append(o.killers, "["+scheme+"] "+k)
		}
		o.detail += fmt.Sprintf("[%s] failed: %s\n%s\n", scheme, strings.Join(names(killers), "; "), tail(res.output))
		return true
	}
	if m.Class == mutant.ClassBenign {
		for _, s := range schemes {
			run(s)
		}
		o.fired = p.Fired()
		return o
	}
	if m.Hint != "" {
		for _, s := range schemes {
			if o.killed = run(s, "-ginkgo.label-filter="+m.Hint); o.killed {
				break
			}
		}
	}
	for _, s := range schemes {
		if o.killed {
			break
		}
		o.killed = run(s)
	}
	o.fired = p.Fired()
	return o
}

// sample is the fixed subset CI runs: per class the first mutant and then
// every fiftieth, the benign variants that exercise the transport, the
// tokens and the optional members, and every hand-written mutant. The
// choice depends on the generated order only, so it is the same every run.
// Every fiftieth (not every twenty-fifth) keeps the run near a minute now
// that both operations' element mutants are in it; make mutants runs all.
// Mutants declared equivalent are left to make mutants, which holds each
// declaration to the whole suite: one costs four whole-suite runs.
func sample(set []mutant.Mutant) []mutant.Mutant {
	benign := []string{"gzip", "opaque-tokens", "zero-optionals-omitted"}
	seen := map[string]int{}
	var out []mutant.Mutant
	for _, m := range set {
		if m.Equivalent != "" {
			continue
		}
		n := seen[m.Class]
		seen[m.Class]++
		switch {
		case m.Class == mutant.ClassHand:
			out = append(out, m)
		case m.Class == mutant.ClassBenign:
			for _, b := range benign {
				if strings.HasSuffix(m.Name, "."+b) {
					out = append(out, m)
				}
			}
		case n%50 == 0:
			out = append(out, m)
		}
	}
	return out
}

// killReport is the table make mutants prints: per class the mutants run,
// killed and surviving, the kill rate (of the non-equivalent ones), then
// every survivor with its reason, and the benign variants.
func killReport(results []outcome, took time.Duration) string {
	var b strings.Builder
	type tally struct{ n, killed, equivalent, survived int }
	by := map[string]*tally{}
	var total tally
	for _, r := range results {
		if r.m.Class == mutant.ClassBenign {
			continue
		}
		t := by[r.m.Class]
		if t == nil {
			t = &tally{}
			by[r.m.Class] = t
		}
		for _, x := range []*tally{t, &total} {
			x.n++
			switch {
			case r.killed:
				x.killed++
			case r.m.Equivalent != "":
				x.equivalent++
			default:
				x.survived++
			}
		}
	}
	rate := func(t tally) string {
		if t.n == 0 {
			return "-"
		}
		return fmt.Sprintf("%.1f%% (%.1f%% of non-equivalent)", 100*float64(t.killed)/float64(t.n), 100*float64(t.killed)/float64(max(1, t.n-t.equivalent)))
	}
	fmt.Fprintf(&b, "\nmutants: %d run in %s\n%-12s %6s %7s %11s %9s  %s\n", len(results), took.Round(time.Second), "class", "total", "killed", "equivalent", "survived", "kill rate")
	for _, c := range mutant.Classes {
		if t := by[c]; t != nil {
			fmt.Fprintf(&b, "%-12s %6d %7d %11d %9d  %s\n", c, t.n, t.killed, t.equivalent, t.survived, rate(*t))
		}
	}
	fmt.Fprintf(&b, "%-12s %6d %7d %11d %9d  %s\n", "total", total.n, total.killed, total.equivalent, total.survived, rate(total))
	var surv, benign []string
	for _, r := range results {
		switch {
		case r.m.Class == mutant.ClassBenign:
			state := "passed"
			if !r.passed() {
				state = "FALSE ALARM: " + strings.Join(r.killers, "; ")
			}
			benign = append(benign, fmt.Sprintf("  %-70s %s (%d answers changed)", r.m.Name, state, r.fired))
		case !r.killed:
			why := r.m.Equivalent
			if why == "" {
				why = fmt.Sprintf("NOT KILLED (%d answers changed)", r.fired)
			} else {
				why = "equivalent: " + why
			}
			surv = append(surv, fmt.Sprintf("  %s — %s\n      %s", r.m.Name, r.m.Breaks, why))
		}
	}
	sort.Strings(surv)
	fmt.Fprintf(&b, "survivors: %d\n%s\n", len(surv), strings.Join(surv, "\n"))
	fmt.Fprintf(&b, "benign variants: %d\n%s\n", len(benign), strings.Join(benign, "\n"))
	return b.String()
}

// verdict names an outcome for the progress log.
func verdict(o outcome) string {
	switch {
	case o.m.Class == mutant.ClassBenign && o.passed():
		return "passed"
	case o.m.Class == mutant.ClassBenign:
		return "ALARM"
	case o.killed:
		return "killed"
	case o.m.Equivalent != "":
		return "equiv"
	}
	return "SURVIVED"
}

func first(s []string, n int) []string { return s[:min(n, len(s))] }
