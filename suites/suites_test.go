package suites_test

import (
	"context"
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

// env is built once per process, before any spec, from CONFORMANCE_* and
// the access key variables; with none set the suite runs against the
// in-process emulator.
var env *suites.Env

var _ = suites.Register(func() *suites.Env { return env })

// config reads the run's configuration. go test runs in this package's
// folder; the cassettes live at the root.
func config() runner.Config {
	defaults := runner.Defaults()
	defaults.Cassettes = filepath.Join("..", "cassettes")
	return defaults.FromEnv(os.Getenv)
}

// build builds the Env, or ends the suite with the configuration's own
// message: a Gomega assertion would wrap it in a dump of the error's Go
// value.
func build() {
	var err error
	if env, err = wiring.Env(config(), time.Now()); err != nil {
		AbortSuite("the configuration is wrong, so no spec ran:\n" + err.Error())
	}
}

// The first process checks that the target is ready (runner.Preflight)
// before any spec runs, once however many processes run (ginkgo -p): an
// unreachable endpoint, refused credentials or missing cassettes end the
// suite with one message instead of failing every spec. The exit code is
// then Ginkgo's (1), not the 3 of conformance run.
var _ = SynchronizedBeforeSuite(func() []byte {
	build()
	if err := runner.Preflight(context.Background(), config(), env); err != nil {
		AbortSuite("the target is not ready, so no spec ran:\n" + err.Error())
	}
	return nil
}, func([]byte) {
	if env == nil {
		build()
	}
})

func TestConformance(t *testing.T) {
	RegisterFailHandler(Fail)
	RunSpecs(t, "DescribeSecurityGroups conformance")
}
