// Package wiring joins the emulator to the runner for the entry points, the
// only places allowed to: cmd/ (conformance) and the suite's test entry point
// (suites/suites_test.go). It turns a runner.Config into a suites.Env,
// building an in-process emulator when the mode needs one and describing the
// emulator's published identities. The runner takes the emulator as an
// http.Handler and the suite knows neither; this package is what hands one to
// the other, so no library package may import it (internal/layering checks).
// It sits outside internal/, whose packages (the signer, the client) are
// helpers below every layer and import none of the emulator, the runner or
// the suite: wiring imports all three.
package wiring

import (
	"fmt"
	"strings"
	"time"

	"github.com/ecs-conformance/ecs-conformance/emulator"
	"github.com/ecs-conformance/ecs-conformance/runner"
	"github.com/ecs-conformance/ecs-conformance/suites"
)

// Facts are the emulator's default identities; they hold for any target
// started with the default keys and the default fixture (ecsemu without key
// flags, or the in-process emulator).
func Facts() *runner.Facts {
	id := func(k, s, tok, acct string) *suites.Identity {
		return &suites.Identity{AccessKeyID: k, AccessKeySecret: s, SecurityToken: tok, Account: acct}
	}
	return &runner.Facts{
		Caller:       *id(emulator.DefaultAccessKeyID, emulator.DefaultAccessKeySecret, "", emulator.DefaultAccount),
		OtherAccount: id(emulator.SecondAccessKeyID, emulator.SecondAccessKeySecret, "", emulator.SecondAccount),
		Denied:       id(emulator.DeniedAccessKeyID, emulator.DeniedAccessKeySecret, "", emulator.DefaultAccount),
		Inactive:     id(emulator.DisabledAccessKeyID, emulator.DisabledAccessKeySecret, "", emulator.DefaultAccount),
		STS:          id(emulator.STSAccessKeyID, emulator.STSAccessKeySecret, emulator.STSSecurityToken, emulator.DefaultAccount),
		OtherRegion:  "cn-shanghai",
		Clock:        func() time.Time { return emulator.DeterministicTime },
	}
}

// Env builds the suite's Env for cfg. Recording without an endpoint records
// a deterministic in-process emulator, so re-recording is byte-stable.
func Env(cfg runner.Config, today time.Time) (*suites.Env, error) {
	o := runner.Options{Config: cfg, Today: today}
	needEmulator := cfg.Mode == runner.ModeEmulator || (cfg.Mode == runner.ModeRecord && cfg.Endpoint == "")
	if needEmulator {
		// The in-process endpoint's name is no loopback address; the
		// control plane must accept it to inject the fault specs' faults.
		inProcessHost := strings.TrimPrefix(runner.InProcessEndpoint, "http://")
		srv, err := emulator.New(emulator.Options{Deterministic: cfg.Mode == runner.ModeRecord,
			Control: emulator.ControlOptions{Hosts: []string{inProcessHost}}})
		if err != nil {
			return nil, fmt.Errorf("starting the in-process emulator: %w", err)
		}
		o.Emulator = srv.Handler()
	}
	if needEmulator || cfg.Mode == runner.ModeReplay || cfg.Fixtures == "default" {
		o.Facts = Facts()
	}
	return runner.NewEnv(o)
}
