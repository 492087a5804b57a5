package layering

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
)

const module = "github.com/ecs-conformance/ecs-conformance"

// rules: for each package pattern (a package, or a folder and everything
// below it with "/..."), import paths (prefixes) it must not depend on,
// directly or not, outside its own tests. Each line of design.md's "Which
// package may import which" is one rule here, or one of the rules of
// TestEntryPointsAreImportedByNoLibrary.
var rules = []struct {
	pkg       string
	forbidden []string
	why       string
}{
	{"./specs", []string{module + "/", "github.com/onsi/", "gopkg.in/dnaeon/", "github.com/xeipuuv/"}, "the contract is data: stdlib and a YAML library only"},
	{"./fixtures", []string{module + "/", "gopkg.in/", "github.com/"}, "the fixture is data: stdlib only"},
	{"./cassettes", []string{module + "/", "github.com/", "gopkg.in/"}, "cassettes are data: the package holds no code, only its tests read the recordings"},
	{"./internal/signer", []string{module + "/", "gopkg.in/", "github.com/"}, "the signer is stdlib only, pinned by the vectors"},
	{"./internal/...", []string{module + "/emulator", module + "/runner", module + "/suites", module + "/wiring"}, "internal/ holds helpers below every layer (signer, client): they know nothing of the emulator, the runner, the suite or their wiring"},
	{"./schemas/...", []string{module + "/emulator", module + "/runner", module + "/suites", "github.com/onsi/", "gopkg.in/dnaeon/"}, "schemas derive from the contract alone"},
	{"./emulator/...", []string{"github.com/onsi/", "gopkg.in/dnaeon/", module + "/suites", module + "/runner", module + "/internal/client"}, "the emulator never knows the suite, the runner or go-vcr"},
	{"./suites", []string{module + "/runner", module + "/emulator", "gopkg.in/dnaeon/", module + "/wiring"}, "the suite does not know where its traffic goes"},
	{"./suites/matchers", []string{module + "/runner", module + "/emulator", "gopkg.in/dnaeon/"}, "matchers belong to the suite"},
	{"./runner/...", []string{module + "/emulator", module + "/cmd"}, "the runner takes the emulator as an http.Handler handed to it"},
	{"./report", []string{module + "/suites", module + "/runner", module + "/emulator", module + "/wiring", "github.com/onsi/", "gopkg.in/dnaeon/"}, "reports only render a Document: the suite builds it, so they know neither Ginkgo nor the targets"},
}

// deps maps each package of the module to its dependencies, direct or not,
// without those of its tests: one go list for the whole module.
func deps(t *testing.T) map[string][]string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "list", "-f", "{{.ImportPath}}{{range .Deps}} {{.}}{{end}}", "./...")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list ./...: %v", err)
	}
	m := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		m[f[0]] = f[1:]
	}
	return m
}

// matches reports whether the import path pkg is selected by pattern, a
// relative package path that may end in "/...".
func matches(pattern, pkg string) bool {
	base := module + strings.TrimPrefix(pattern, ".")
	if b, ok := strings.CutSuffix(base, "/..."); ok {
		return pkg == b || strings.HasPrefix(pkg, b+"/")
	}
	return pkg == base
}

func TestImportsFlowOneWay(t *testing.T) {
	all := deps(t)
	for _, r := range rules {
		selected := 0
		for pkg, ds := range all {
			if !matches(r.pkg, pkg) {
				continue
			}
			selected++
			for _, dep := range ds {
				if matches(r.pkg, dep) {
					continue // the package itself and its subpackages
				}
				for _, f := range r.forbidden {
					if strings.HasPrefix(dep, f) {
						t.Errorf("%s depends on %s: %s", pkg, dep, r.why)
					}
				}
			}
		}
		if selected == 0 {
			t.Errorf("rule for %s selects no package; it was moved or renamed: update the rule", r.pkg)
		}
	}
}

// The entry points are the only importers of what joins the layers: wiring
// (the emulator handed to the runner) is imported only by cmd/... and by
// test files (the suite's entry point, suites/suites_test.go), and nothing
// imports cmd/.
func TestEntryPointsAreImportedByNoLibrary(t *testing.T) {
	all := deps(t)
	entryOnly := []struct {
		pkg, why string
		// isPackage: pkg must exist, so that moving it cannot turn the
		// rule off unnoticed (cmd is a folder of packages, not one).
		isPackage bool
	}{
		{module + "/wiring", "only cmd/... and test entry points wire the emulator into the runner", true},
		{module + "/cmd", "cmd/ holds mains; nothing imports them", false},
	}
	var pkgs []string
	for pkg := range all {
		pkgs = append(pkgs, pkg)
	}
	sort.Strings(pkgs)
	for _, e := range entryOnly {
		if _, ok := all[e.pkg]; e.isPackage && !ok {
			t.Errorf("%s is not a package of the module; update this rule to where the wiring lives", e.pkg)
		}
		for _, pkg := range pkgs {
			if matches("./cmd/...", pkg) || pkg == e.pkg || strings.HasPrefix(pkg, e.pkg+"/") {
				continue
			}
			for _, dep := range all[pkg] {
				if dep == e.pkg || strings.HasPrefix(dep, e.pkg+"/") {
					t.Errorf("%s depends on %s: %s", pkg, dep, e.why)
				}
			}
		}
	}
}
