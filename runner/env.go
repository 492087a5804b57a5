package runner

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"path"
	"strings"
	"sync/atomic"
	"time"

	"github.com/ecs-conformance/ecs-conformance/internal/client"
	"github.com/ecs-conformance/ecs-conformance/runner/vcr"
	"github.com/ecs-conformance/ecs-conformance/specs"
	"github.com/ecs-conformance/ecs-conformance/suites"
)

// Facts are what the caller knows of a target loaded with the default
// fixture: the identities it accepts, a second region, and the clock it runs
// on when deterministic. cmd/ and test entry points fill them from the
// emulator's published defaults.
type Facts struct {
	Caller                              suites.Identity
	OtherAccount, Denied, Inactive, STS *suites.Identity
	OtherRegion                         string
	// Clock is the emulator's clock in deterministic mode; requests that are
	// recorded are signed with it so that recordings are byte-stable.
	Clock func() time.Time
}

// Options build an Env.
type Options struct {
	Config Config
	// Emulator is the in-process target of ModeEmulator, and of ModeRecord
	// when no endpoint is configured. For recording it must be deterministic.
	Emulator http.Handler
	// Facts describe the emulator, or a live target with the default fixture.
	Facts *Facts
	// Today judges the deviation ledger's expiry dates.
	Today time.Time
}

// NewEnv builds the suite's Env for the configured mode.
func NewEnv(o Options) (*suites.Env, error) {
	c := o.Config
	if err := c.Validate(); err != nil {
		return nil, err
	}
	env := &suites.Env{
		Region:       c.Region,
		Scheme:       client.Scheme(c.Signature),
		Control:      c.Control,
		ControlToken: c.ControlToken,
		Fixture:      c.Fixtures == "default",
	}
	if c.Signature == "" || c.Signature == "both" {
		// Both schemes in one run, unless cassettes are involved: they are
		// recorded and replayed per scheme.
		c.Signature, env.Scheme = "v3", client.SchemeV3
		if c.Mode == ModeEmulator || c.Mode == ModeLive {
			env.Schemes = []client.Scheme{client.SchemeV3, client.SchemeRPC}
		}
	}
	env.ResultsFile, env.HTMLReport, env.MarkdownReport = c.Results, c.HTMLReport, c.MarkdownReport
	if c.Ledger != "" {
		l, err := LoadLedger(c.Ledger, specs.Operations(), o.Today)
		if err != nil {
			return nil, err
		}
		env.Deviations = l
	}
	inProcess := c.Mode == ModeEmulator || c.Mode == ModeReplay || (c.Mode == ModeRecord && c.Endpoint == "")
	if inProcess {
		if o.Facts == nil {
			return nil, errors.New("runner: an in-process or replayed target needs Options.Facts (the emulator's identities)")
		}
		env.Fixture, env.Control = true, true
	}
	if env.Fixture && o.Facts != nil {
		f := o.Facts
		env.OtherAccount, env.Denied, env.Inactive, env.STS, env.OtherRegion = f.OtherAccount, f.Denied, f.Inactive, f.STS, f.OtherRegion
	}
	env.Caller = suites.Identity{AccessKeyID: c.AccessKeyID, AccessKeySecret: c.AccessKeySecret, SecurityToken: c.SecurityToken}
	if inProcess || (env.Caller.AccessKeyID == "" && o.Facts != nil) {
		env.Caller = o.Facts.Caller
	}

	switch c.Mode {
	case ModeEmulator:
		if o.Emulator == nil {
			return nil, errors.New("runner: mode emulator needs Options.Emulator, the emulator's http.Handler")
		}
		env.Endpoint = InProcessEndpoint
		rt := HandlerTransport{Handler: o.Emulator}
		env.Open = func(string) (suites.SpecTarget, error) { return suites.SpecTarget{Transport: rt}, nil }
	case ModeLive:
		env.Endpoint = c.Endpoint
	case ModeRecord, ModeReplay:
		var real http.RoundTripper = http.DefaultTransport
		env.Endpoint = c.Endpoint
		if c.Endpoint == "" {
			if c.Mode == ModeRecord && o.Emulator == nil {
				return nil, errors.New("runner: recording without CONFORMANCE_ENDPOINT records the in-process emulator: pass Options.Emulator")
			}
			env.Endpoint = InProcessEndpoint
			if o.Emulator != nil {
				real = HandlerTransport{Handler: o.Emulator}
			}
			if o.Facts != nil && o.Facts.Clock != nil {
				env.Clock = o.Facts.Clock
			}
		}
		mode := vcr.Record
		if c.Mode == ModeReplay {
			mode = vcr.Replay
		}
		env.Open = cassetteOpener(c, mode, real)
	}
	env.Run = runInfo(c, env.Endpoint, o.Today)
	return env, nil
}

// CassetteName is the cassette of one spec: <target>/<scheme>/<slug>. The
// slug, from the spec's full text, starts with the operation's name, so the
// operation needs no folder of its own; the scheme does, because it changes
// every request's envelope.
func CassetteName(c Config, specText string) string {
	return path.Join(c.Target, c.Signature, vcr.Slug(specText))
}

// specNonces derives a spec's nonces from its text and a counter.
func specNonces(scheme, specText string) func() string {
	var n atomic.Uint64
	seed := sha256.Sum256([]byte(scheme + "\x00" + specText))
	return func() string {
		var b [8]byte
		binary.BigEndian.PutUint64(b[:], n.Add(1))
		h := sha256.Sum256(append(seed[:], b[:]...))
		return hex.EncodeToString(h[:16])
	}
}

// cassetteOpener gives each spec its own cassette and deterministic nonces
// derived from the spec's text, so two recordings are byte-identical.
func cassetteOpener(c Config, mode vcr.Mode, real http.RoundTripper) func(string) (suites.SpecTarget, error) {
	return func(specText string) (suites.SpecTarget, error) {
		name := CassetteName(c, specText)
		rec, err := vcr.Open(vcr.Options{
			Mode:          mode,
			Dir:           c.Cassettes,
			Name:          name,
			RealTransport: real,
			RecordCommand: fmt.Sprintf("make record, or CONFORMANCE_MODE=record CONFORMANCE_SIGNATURE=%s go tool ginkgo --focus %q ./suites", c.Signature, strings.TrimSpace(specText)),
		})
		if err != nil {
			return suites.SpecTarget{}, err
		}
		t := suites.SpecTarget{Transport: rec, Close: rec.Stop}
		if _, inProcess := real.(HandlerTransport); inProcess || mode == vcr.Replay {
			// A live endpoint remembers nonces across runs, so only an
			// in-process recording (and its replay) may derive them.
			t.Nonce = specNonces(c.Signature, specText)
		}
		return t, nil
	}
}
