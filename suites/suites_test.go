package suites_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/ecs-conformance/ecs-conformance/runner"
	"github.com/ecs-conformance/ecs-conformance/suites"
	"github.com/ecs-conformance/ecs-conformance/wiring"
)

// env is built once, before any spec, from CONFORMANCE_* and the access key
// variables; with none set the suite runs against the in-process emulator.
var env *suites.Env

var _ = suites.Register(func() *suites.Env { return env })

var _ = BeforeSuite(func() {
	defaults := runner.Defaults()
	// go test runs in this package's folder; the cassettes live at the root.
	defaults.Cassettes = filepath.Join("..", "cassettes")
	cfg := defaults.FromEnv(os.Getenv)
	var err error
	env, err = wiring.Env(cfg, time.Now())
	Expect(err).NotTo(HaveOccurred())
})

func TestConformance(t *testing.T) {
	RegisterFailHandler(Fail)
	RunSpecs(t, "DescribeSecurityGroups conformance")
}
