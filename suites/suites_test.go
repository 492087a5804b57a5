package suites_test

import (
	"os"
	"testing"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/ecs-conformance/ecs-conformance/internal/wiring"
	"github.com/ecs-conformance/ecs-conformance/runner"
	"github.com/ecs-conformance/ecs-conformance/suites"
)

// env is built once, before any spec, from CONFORMANCE_* and the access key
// variables; with none set the suite runs against the in-process emulator.
var env *suites.Env

var _ = suites.Register(func() *suites.Env { return env })

var _ = BeforeSuite(func() {
	cfg := runner.Defaults().FromEnv(os.Getenv)
	var err error
	env, err = wiring.Env(cfg, time.Now())
	Expect(err).NotTo(HaveOccurred())
})

func TestConformance(t *testing.T) {
	RegisterFailHandler(Fail)
	RunSpecs(t, "DescribeSecurityGroups conformance")
}
