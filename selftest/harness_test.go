package selftest_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/ecs-conformance/ecs-conformance/emulator"
	"github.com/ecs-conformance/ecs-conformance/runner"
)

// buildDir holds the binaries built for this run; TestMain removes it.
var buildDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "ecs-conformance-selftest-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "selftest:", err)
		os.Exit(1)
	}
	buildDir = dir
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// binary is a program built at most once per test run, however many tests
// run it: building is what costs, running is cheap.
type binary struct {
	once      sync.Once
	name, pkg string
	goArgs    []string // the go subcommand and its flags, before -o
	path      string
	err       error
}

var (
	suiteBinary  = &binary{name: "suites.test", pkg: "./suites", goArgs: []string{"test", "-c"}}
	ecsemuBinary = &binary{name: "ecsemu", pkg: "./cmd/ecsemu", goArgs: []string{"build"}}
)

// get builds b from the current module's source the first time it is asked.
func (b *binary) get(t *testing.T) string {
	t.Helper()
	b.once.Do(func() {
		root, err := moduleRoot()
		if err != nil {
			b.err = err
			return
		}
		path := filepath.Join(buildDir, b.name)
		args := append(slices.Clone(b.goArgs), "-o", path, b.pkg)
		cmd := exec.Command(goBinary(), args...)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			b.err = fmt.Errorf("go %s: %w\n%s", strings.Join(args, " "), err, out)
			return
		}
		b.path = path
	})
	if b.err != nil {
		t.Fatalf("building %s: %v", b.pkg, b.err)
	}
	return b.path
}

// goBinary is the go command of the toolchain running this test, so the
// suite is built by the same Go that builds the test; PATH is the fallback.
func goBinary() string {
	exe := "go"
	if runtime.GOOS == "windows" {
		exe += ".exe"
	}
	p := filepath.Join(runtime.GOROOT(), "bin", exe)
	if _, err := os.Stat(p); err == nil {
		return p
	}
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return exe
}

// moduleRoot is the folder of this module's go.mod, from go env GOMOD.
func moduleRoot() (string, error) {
	out, err := exec.Command(goBinary(), "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", errors.New("go env GOMOD: not inside a module")
	}
	return filepath.Dir(gomod), nil
}

// suiteResult is what one run of the suite says.
type suiteResult struct {
	exitCode int
	passed   int          // specs (It nodes) that passed
	failed   []failedSpec // specs and setup nodes that failed
	skips    []string     // the messages of skipped specs
	output   []byte
}

// failedSpec is one spec (or setup node) that failed, named by its own
// text plus the behaviours and errors it checks.
type failedSpec struct {
	node  types.NodeType
	name  string
	areas []string // its area labels and the areas of its behaviours
}

// runSuite runs the whole suite in live mode against endpoint, which must
// hold the default fixture, accept the emulator's default keys and serve
// its control endpoints.
func runSuite(t *testing.T, endpoint string, extraEnv ...string) suiteResult {
	t.Helper()
	return runSuiteArgs(t, endpoint, extraEnv, nil)
}

// runSuiteArgs is runSuite with Ginkgo flags (a label filter, fail-fast).
func runSuiteArgs(t *testing.T, endpoint string, extraEnv, args []string) suiteResult {
	t.Helper()
	bin := suiteBinary.get(t)
	dir := t.TempDir()
	report := filepath.Join(dir, "report.json")
	cmd := exec.CommandContext(t.Context(), bin, append([]string{"-ginkgo.json-report=" + report, "-ginkgo.no-color"}, args...)...)
	// The live run writes nothing but the report; a folder of its own keeps
	// the module's tree clean whatever it does.
	cmd.Dir = dir
	cmd.Env = append(suiteEnv(endpoint), extraEnv...)
	out, err := cmd.CombinedOutput()
	res := suiteResult{output: out}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		res.exitCode = exit.ExitCode()
	case err != nil:
		t.Fatalf("running the suite: %v\n%s", err, out)
	}
	data, err := os.ReadFile(report)
	if err != nil {
		t.Fatalf("the suite wrote no JSON report (exit %d): %v\n%s", res.exitCode, err, tail(out))
	}
	var reports []types.Report
	if err := json.Unmarshal(data, &reports); err != nil {
		t.Fatalf("decoding the suite's JSON report: %v", err)
	}
	for _, r := range reports {
		for _, s := range r.SpecReports {
			switch {
			case s.State == types.SpecStatePassed && s.LeafNodeType == types.NodeTypeIt:
				res.passed++
			case s.State == types.SpecStateSkipped:
				res.skips = append(res.skips, s.Failure.Message)
			case s.State.Is(types.SpecStateFailureStates):
				res.failed = append(res.failed, describeFailure(s))
			}
		}
	}
	return res
}

// suiteEnv is the environment of a live run: the README's live command,
// which names neither a signature scheme (both run) nor the control plane
// (detected). Variables of the developer's shell that configure the suite
// are dropped: a CONFORMANCE_LEDGER, say, would turn the failures this
// package counts on into skips.
func suiteEnv(endpoint string) []string {
	env := slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return strings.HasPrefix(kv, "CONFORMANCE_") || strings.HasPrefix(kv, "ALIBABA_CLOUD_")
	})
	return append(env,
		runner.EnvMode+"="+runner.ModeLive,
		runner.EnvEndpoint+"="+endpoint,
		runner.EnvFixtures+"=default",
		runner.EnvKeyID+"="+emulator.DefaultAccessKeyID,
		runner.EnvKeySecret+"="+emulator.DefaultAccessKeySecret,
	)
}

func describeFailure(s types.SpecReport) failedSpec {
	f := failedSpec{node: s.LeafNodeType, name: s.LeafNodeText}
	if f.name == "" {
		f.name = s.LeafNodeType.String()
	}
	var ids []string
	for _, l := range s.Labels() {
		switch {
		case strings.HasPrefix(l, "behaviour:"):
			ids = append(ids, l)
			// A spec guards the area of each behaviour it checks, whatever
			// container it sits in (a wrapper check among the filters).
			if b := contract.Behaviour(strings.TrimPrefix(l, "behaviour:")); b != nil {
				f.areas = append(f.areas, b.Area)
			}
		case strings.HasPrefix(l, "error:"):
			ids = append(ids, l)
		case strings.HasPrefix(l, "area:"):
			f.areas = append(f.areas, strings.TrimPrefix(l, "area:"))
		}
	}
	if len(ids) > 0 {
		f.name += " [" + strings.Join(ids, ", ") + "]"
	}
	return f
}

// tail is the end of a long output, where Ginkgo summarizes.
func tail(out []byte) []byte {
	const keep = 6000
	if len(out) > keep {
		return out[len(out)-keep:]
	}
	return out
}
