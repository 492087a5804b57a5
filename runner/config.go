package runner

import (
	"errors"
	"flag"
	"fmt"
	"strings"
)

// Modes of a run.
const (
	ModeEmulator = "emulator" // an in-process emulator (the default)
	ModeLive     = "live"     // CONFORMANCE_ENDPOINT, nothing recorded
	ModeRecord   = "record"   // CONFORMANCE_ENDPOINT (or the in-process emulator) recorded into cassettes
	ModeReplay   = "replay"   // cassettes only; nothing on the network
)

// Config is what a run is told. Secrets come only from the environment.
type Config struct {
	Mode      string
	Endpoint  string
	Region    string
	Signature string // "v3" or "rpc"; "" or "both" signs with both (v3 alone where cassettes are per scheme)
	Cassettes string // the cassette root
	Target    string // names the cassette folder and the ledger: cassettes/<Target>/<Signature>/...
	Fixtures  string // "default" when the target holds our default fixture
	Ledger    string // path of the deviation ledger YAML; "" for none
	Results   string // path of the per-behaviour result file; "" for none
	Control   bool   // the target serves /_emulator/ control endpoints
	// ControlToken is the bearer token of the target's control endpoints
	// (ecsemu -control-token); a secret, so only from the environment.
	ControlToken string

	AccessKeyID, AccessKeySecret string
}

// Environment variable names; the flags of cmd/conformance mirror them.
const (
	EnvMode         = "CONFORMANCE_MODE"
	EnvEndpoint     = "CONFORMANCE_ENDPOINT"
	EnvRegion       = "CONFORMANCE_REGION"
	EnvSignature    = "CONFORMANCE_SIGNATURE"
	EnvCassettes    = "CONFORMANCE_CASSETTES"
	EnvTarget       = "CONFORMANCE_TARGET"
	EnvFixtures     = "CONFORMANCE_FIXTURES"
	EnvLedger       = "CONFORMANCE_LEDGER"
	EnvResults      = "CONFORMANCE_RESULTS"
	EnvControl      = "CONFORMANCE_CONTROL"
	EnvControlToken = "CONFORMANCE_CONTROL_TOKEN"
	EnvKeyID        = "ALIBABA_CLOUD_ACCESS_KEY_ID"
	EnvKeySecret    = "ALIBABA_CLOUD_ACCESS_KEY_SECRET"
)

// Defaults returns the configuration of a run with nothing set.
func Defaults() Config {
	return Config{Mode: ModeEmulator, Region: "cn-hangzhou", Cassettes: "cassettes", Target: "emulator"}
}

// FromEnv overlays the environment on c. getenv is os.Getenv in production.
func (c Config) FromEnv(getenv func(string) string) Config {
	set := func(dst *string, name string) {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			*dst = v
		}
	}
	set(&c.Mode, EnvMode)
	set(&c.Endpoint, EnvEndpoint)
	set(&c.Region, EnvRegion)
	set(&c.Signature, EnvSignature)
	set(&c.Cassettes, EnvCassettes)
	set(&c.Target, EnvTarget)
	set(&c.Fixtures, EnvFixtures)
	set(&c.Ledger, EnvLedger)
	set(&c.Results, EnvResults)
	set(&c.AccessKeyID, EnvKeyID)
	set(&c.AccessKeySecret, EnvKeySecret)
	set(&c.ControlToken, EnvControlToken)
	if v := strings.ToLower(strings.TrimSpace(getenv(EnvControl))); v == "1" || v == "true" {
		c.Control = true
	}
	return c
}

// BindFlags registers flags that mirror the environment (never the secret).
func (c *Config) BindFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.Mode, "mode", c.Mode, "emulator | live | record | replay ("+EnvMode+")")
	fs.StringVar(&c.Endpoint, "endpoint", c.Endpoint, "base URL of the target, e.g. http://127.0.0.1:8080 ("+EnvEndpoint+")")
	fs.StringVar(&c.Region, "region", c.Region, "region to query ("+EnvRegion+")")
	fs.StringVar(&c.Signature, "signature", c.Signature, "signature scheme: v3 | rpc; empty for both ("+EnvSignature+")")
	fs.StringVar(&c.Cassettes, "cassettes", c.Cassettes, "cassette root folder ("+EnvCassettes+")")
	fs.StringVar(&c.Target, "target", c.Target, "target name for cassettes and the ledger ("+EnvTarget+")")
	fs.StringVar(&c.Fixtures, "fixtures", c.Fixtures, "\"default\" when the target holds the default fixture ("+EnvFixtures+")")
	fs.StringVar(&c.Ledger, "ledger", c.Ledger, "deviation ledger YAML ("+EnvLedger+")")
	fs.StringVar(&c.Results, "results", c.Results, "write per-behaviour results as JSON here ("+EnvResults+")")
	fs.BoolVar(&c.Control, "control", c.Control, "the target serves /_emulator/ control endpoints ("+EnvControl+")")
	fs.StringVar(&c.AccessKeyID, "access-key-id", c.AccessKeyID, "access key ID ("+EnvKeyID+"; the secret only from "+EnvKeySecret+")")
}

// Validate says what is wrong with c and how to fix it.
func (c Config) Validate() error {
	var errs []error
	switch c.Mode {
	case ModeEmulator, ModeReplay:
	case ModeLive:
		if c.Endpoint == "" {
			errs = append(errs, fmt.Errorf("mode live needs %s (e.g. http://127.0.0.1:8080)", EnvEndpoint))
		}
	case ModeRecord:
	default:
		errs = append(errs, fmt.Errorf("%s=%q: use emulator, live, record or replay", EnvMode, c.Mode))
	}
	if c.Signature != "" && c.Signature != "both" && c.Signature != "v3" && c.Signature != "rpc" {
		errs = append(errs, fmt.Errorf("%s=%q: use v3 or rpc, or leave it unset for both", EnvSignature, c.Signature))
	}
	if c.Fixtures != "" && c.Fixtures != "default" {
		errs = append(errs, fmt.Errorf("%s=%q: the only fixture set the suite knows is \"default\"", EnvFixtures, c.Fixtures))
	}
	if c.Endpoint != "" && !strings.HasPrefix(c.Endpoint, "http://") && !strings.HasPrefix(c.Endpoint, "https://") {
		errs = append(errs, fmt.Errorf("%s=%q: give a URL with its scheme, e.g. http://%s", EnvEndpoint, c.Endpoint, c.Endpoint))
	}
	if c.Mode == ModeLive || (c.Mode == ModeRecord && c.Endpoint != "") {
		if c.AccessKeyID == "" || c.AccessKeySecret == "" {
			errs = append(errs, fmt.Errorf("mode %s needs credentials: set %s and %s", c.Mode, EnvKeyID, EnvKeySecret))
		}
	}
	return errors.Join(errs...)
}
