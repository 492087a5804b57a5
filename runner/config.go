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
	Results   string // path of the results document (JSON); "" for none
	Control   bool   // the target serves /_emulator/ control endpoints
	// ControlToken is the bearer token of the target's control endpoints
	// (ecsemu -control-token); a secret, so only from the environment.
	ControlToken string
	// HTMLReport and MarkdownReport are paths of the closing reports for
	// people (a browser, $GITHUB_STEP_SUMMARY); "" for none.
	HTMLReport, MarkdownReport string

	AccessKeyID, AccessKeySecret string
	// SecurityToken makes the caller's requests STS requests (a temporary
	// key pair comes with one); only from the environment.
	SecurityToken string

	// envErrs are values of the environment FromEnv could not read;
	// Validate reports them, so a typo is not silently a default.
	envErrs []error
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
	EnvHTMLReport   = "CONFORMANCE_HTML_REPORT"
	EnvMDReport     = "CONFORMANCE_MARKDOWN_REPORT"
	EnvControl      = "CONFORMANCE_CONTROL"
	EnvControlToken = "CONFORMANCE_CONTROL_TOKEN"
	EnvKeyID        = "ALIBABA_CLOUD_ACCESS_KEY_ID"
	EnvKeySecret    = "ALIBABA_CLOUD_ACCESS_KEY_SECRET"
	EnvToken        = "ALIBABA_CLOUD_SECURITY_TOKEN"
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
	set(&c.HTMLReport, EnvHTMLReport)
	set(&c.MarkdownReport, EnvMDReport)
	set(&c.AccessKeyID, EnvKeyID)
	set(&c.AccessKeySecret, EnvKeySecret)
	set(&c.SecurityToken, EnvToken)
	set(&c.ControlToken, EnvControlToken)
	// The documentation says "true"; "1" is what shell scripts often
	// write, so both mean the same and anything else is an error.
	switch v := strings.ToLower(strings.TrimSpace(getenv(EnvControl))); v {
	case "":
	case "true", "1":
		c.Control = true
	case "false", "0":
		c.Control = false
	default:
		c.envErrs = append(c.envErrs, fmt.Errorf("%s=%q: use true (or 1) when the target serves /_emulator/ control endpoints, false (or 0, or unset) when not", EnvControl, v))
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
	fs.StringVar(&c.Results, "results", c.Results, "write the results document (JSON: the run, per-behaviour results, the capability matrix) here ("+EnvResults+")")
	fs.StringVar(&c.HTMLReport, "html-report", c.HTMLReport, "write a self-contained HTML report here ("+EnvHTMLReport+")")
	fs.StringVar(&c.MarkdownReport, "markdown-report", c.MarkdownReport, "write a Markdown summary here, e.g. $GITHUB_STEP_SUMMARY ("+EnvMDReport+")")
	fs.BoolVar(&c.Control, "control", c.Control, "the target serves /_emulator/ control endpoints ("+EnvControl+")")
	fs.StringVar(&c.AccessKeyID, "access-key-id", c.AccessKeyID, "access key ID ("+EnvKeyID+"; the secret only from "+EnvKeySecret+", an STS token only from "+EnvToken+")")
}

// Validate says what is wrong with c and how to fix it.
func (c Config) Validate() error {
	errs := append([]error(nil), c.envErrs...)
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
