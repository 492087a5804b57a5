package layering

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

const module = "github.com/ecs-conformance/ecs-conformance"

// rules: for each package pattern, import paths (prefixes) it must not
// depend on, directly or not.
var rules = []struct {
	pkg       string
	forbidden []string
	why       string
}{
	{"./specs", []string{module + "/", "github.com/onsi/", "gopkg.in/dnaeon/", "github.com/xeipuuv/"}, "the contract is data: stdlib and a YAML library only"},
	{"./fixtures", []string{module + "/", "gopkg.in/", "github.com/"}, "the fixture is data: stdlib only"},
	{"./internal/signer", []string{module + "/", "gopkg.in/", "github.com/"}, "the signer is stdlib only, pinned by the vectors"},
	{"./schemas", []string{module + "/emulator", module + "/runner", module + "/suites", "github.com/onsi/", "gopkg.in/dnaeon/"}, "schemas derive from the contract alone"},
	{"./emulator/...", []string{"github.com/onsi/", "gopkg.in/dnaeon/", module + "/suites", module + "/runner", module + "/internal/client"}, "the emulator never knows the suite, the runner or go-vcr"},
	{"./suites", []string{module + "/runner", module + "/emulator", "gopkg.in/dnaeon/", module + "/internal/wiring"}, "the suite does not know where its traffic goes"},
	{"./suites/matchers", []string{module + "/runner", module + "/emulator", "gopkg.in/dnaeon/"}, "matchers belong to the suite"},
	{"./runner/...", []string{module + "/emulator", module + "/cmd"}, "the runner takes the emulator as an http.Handler handed to it"},
}

func TestImportsFlowOneWay(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rules {
		cmd := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "list", "-deps", "-f", "{{.ImportPath}}", r.pkg)
		cmd.Dir = root
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", r.pkg, err)
		}
		self := strings.TrimPrefix(r.pkg, ".")
		self = strings.TrimSuffix(module+self, "/...")
		for _, dep := range strings.Fields(string(out)) {
			if strings.HasPrefix(dep, self) {
				continue // the package itself and its subpackages
			}
			for _, f := range r.forbidden {
				if strings.HasPrefix(dep, f) {
					t.Errorf("%s depends on %s: %s", r.pkg, dep, r.why)
				}
			}
		}
	}
}
