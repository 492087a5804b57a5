package selftest_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/ecs-conformance/ecs-conformance/emulator"
)

// TestSuiteKillsEveryMutant runs the whole suite against the emulator behind
// the proxy: once with an identity mutation, where it must pass, then once
// per mutant, where it must fail with at least one spec of the mutant's area.
func TestSuiteKillsEveryMutant(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the suite and runs it once per mutant")
	}
	checkMutantTable(t)

	// An identity mutation goes through every step of the proxy but the
	// change: a pass here shows the proxy is transparent, and zero fired
	// answers show that "fired" counts changes, not answers.
	identity := func(_ *http.Request, _ url.Values, st int, h http.Header, b []byte) (int, http.Header, []byte) {
		return st, h, b
	}
	base, fired := runMutated(t, identity)
	if base.exitCode != 0 || len(base.failed) > 0 || base.passed == 0 {
		t.Fatalf("the suite does not pass against the unmutated emulator (exit %d, %d passed, failed: %v); no mutant can be judged:\n%s",
			base.exitCode, base.passed, names(base.failed), tail(base.output))
	}
	if fired != 0 {
		t.Fatalf("the identity mutation changed %d answers: the proxy alters traffic by itself", fired)
	}
	t.Logf("baseline: %d specs passed, none failed", base.passed)

	// Two runs at a time: each is one suite process plus one emulator, and
	// the machines this runs on may have two cores to share.
	slots := make(chan struct{}, min(2, runtime.GOMAXPROCS(0)))
	for _, m := range mutants {
		t.Run(m.name, func(t *testing.T) {
			t.Parallel()
			slots <- struct{}{}
			defer func() { <-slots }()
			res, fired := runMutated(t, m.mutate)
			if fired == 0 {
				t.Fatalf("the mutation never fired: the suite sends nothing it applies to, so the result says nothing")
			}
			killers, others := splitFailures(res.failed)
			if len(others) > 0 {
				t.Errorf("setup nodes failed, not specs: %v\n%s", names(others), tail(res.output))
			}
			if res.exitCode == 0 || len(killers) == 0 {
				t.Fatalf("SURVIVED: the suite passes (exit %d, %d specs passed) against a target that deviates (%d answers changed)",
					res.exitCode, res.passed, fired)
			}
			t.Logf("killed by %d spec(s) (%d answers changed):\n\t%s", len(killers), fired, strings.Join(names(killers), "\n\t"))
			if !slices.ContainsFunc(killers, func(f failedSpec) bool { return slices.Contains(f.areas, m.area) }) {
				t.Errorf("no spec of area %s (by label or by behaviour) caught it, only specs of other areas", m.area)
			}
		})
	}
}

// runMutated starts a fresh emulator behind a proxy applying mutate, on a
// loopback listener, and runs the suite against it. It returns how many
// answers the mutation changed.
func runMutated(t *testing.T, mutate mutation) (suiteResult, int64) {
	t.Helper()
	emu, err := emulator.New(emulator.Options{})
	if err != nil {
		t.Fatalf("starting the emulator: %v", err)
	}
	p := &mutatingProxy{upstream: emu.Handler(), mutate: mutate}
	srv := httptest.NewServer(p) // 127.0.0.1, a free port
	defer srv.Close()
	res := runSuite(t, srv.URL)
	return res, p.fired.Load()
}

// checkMutantTable holds the table to its promises: distinct names (they
// name the subtests), a known area for each, every area covered.
func checkMutantTable(t *testing.T) {
	t.Helper()
	seen := map[string]bool{}
	covered := map[string]int{}
	for _, m := range mutants {
		if seen[m.name] {
			t.Errorf("mutant %q is listed twice", m.name)
		}
		seen[m.name] = true
		if !slices.Contains(areas, m.area) {
			t.Errorf("mutant %q: area %q is not one of %v", m.name, m.area, areas)
		}
		covered[m.area]++
	}
	for _, a := range areas {
		if covered[a] == 0 {
			t.Errorf("no mutant deviates in area %s", a)
		}
	}
	if len(mutants) < 15 {
		t.Errorf("%d mutants; the suite's power needs at least 15 deviations to show", len(mutants))
	}
}

// splitFailures separates failed specs from failed setup nodes
// (BeforeSuite and the like): only a failing spec shows the suite caught
// the deviation, as a broken setup fails every mutant alike.
func splitFailures(failed []failedSpec) (specs, others []failedSpec) {
	for _, f := range failed {
		if f.node == types.NodeTypeIt {
			specs = append(specs, f)
		} else {
			others = append(others, f)
		}
	}
	return specs, others
}

func names(fs []failedSpec) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.name
	}
	return out
}

// mutantNamed returns the mutant of the table with this name.
func mutantNamed(t *testing.T, name string) mutant {
	t.Helper()
	i := slices.IndexFunc(mutants, func(m mutant) bool { return m.name == name })
	if i < 0 {
		t.Fatalf("no mutant named %q", name)
	}
	return mutants[i]
}
