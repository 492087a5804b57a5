package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/ecs-conformance/ecs-conformance/emulator"
	"github.com/ecs-conformance/ecs-conformance/emulator/store"
	"github.com/ecs-conformance/ecs-conformance/internal/httpserve"
)

// Environment variables ecsemu reads. Secrets belong here or in a file:
// a command line is visible to every user of the machine (ps,
// /proc/PID/cmdline).
const (
	EnvKeyID        = "ECSEMU_ACCESS_KEY_ID"
	EnvKeySecret    = "ECSEMU_ACCESS_KEY_SECRET"
	EnvControlToken = "ECSEMU_CONTROL_TOKEN"
)

// config is what the flags and the environment say.
type config struct {
	listen, keyID, keySecret, keySecretFile, fixtures, logFormat string
	pprof                                                        string
	noAuth, deterministic, requestLog, splitWrites               bool
	version                                                      bool
	faults                                                       emulator.Faults
	control                                                      bool
	controlToken                                                 string
	controlHosts                                                 []string
	limits                                                       httpserve.Limits
	tls                                                          httpserve.TLSFlags
}

// parseFlags reads args and the environment; errors say which flag was
// wrong, and warnings (a secret on the command line) go to stderr.
func parseFlags(args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	c := config{limits: httpserve.DefaultLimits()}
	fs := flag.NewFlagSet("ecsemu", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.listen, "listen", "127.0.0.1:8080", "address to listen on; port 0 picks a free one (a non-loopback address prints a warning)")
	fs.StringVar(&c.keyID, "access-key-id", "", "access key ID accepted for account "+emulator.DefaultAccount+" (or "+EnvKeyID+"; default: the documented default pair)")
	fs.StringVar(&c.keySecretFile, "access-key-secret-file", "", "file holding the secret of -access-key-id (one line); or set "+EnvKeySecret)
	fs.StringVar(&c.keySecret, "access-key-secret", "", "secret of -access-key-id; visible in ps: prefer "+EnvKeySecret+" or -access-key-secret-file")
	fs.StringVar(&c.fixtures, "fixtures", "", "fixture file (YAML or JSON) to serve instead of the embedded one")
	fs.BoolVar(&c.version, "version", false, "print the module version and VCS revision, and exit")
	fs.BoolVar(&c.noAuth, "no-auth", false, "accept unsigned requests, all as account "+emulator.DefaultAccount)
	fs.BoolVar(&c.deterministic, "deterministic", false, "fixed clock ("+emulator.DeterministicTime.Format(time.RFC3339)+"), token key and request-derived RequestIds")
	fs.StringVar(&c.logFormat, "log-format", "text", "request log format: text or json")
	fs.BoolVar(&c.requestLog, "request-log", true, "log one line per API request (false: control calls, warnings and errors only)")
	fs.BoolVar(&c.splitWrites, "split-writes", false, "leave answers to net/http's 4 KiB connection buffer (a longer answer goes out in several writes); default: each answer in one write")
	fs.StringVar(&c.pprof, "pprof", "", "serve net/http/pprof (CPU, heap, allocation profiles) on this loopback address, e.g. 127.0.0.1:6060; off when empty")
	fs.Float64Var(&c.faults.Throttle, "throttle", 0, "rate (0..1) of requests answered Throttling.User")
	fs.Float64Var(&c.faults.InternalError, "internal-error", 0, "rate (0..1) of requests answered InternalError")
	fs.Float64Var(&c.faults.Unavailable, "unavailable", 0, "rate (0..1) of requests answered ServiceUnavailable")
	fs.DurationVar(&c.faults.Latency, "latency", 0, "delay added to every authenticated request")
	fs.Int64Var(&c.faults.Seed, "fault-seed", 0, "seed of the fault sequence")
	fs.BoolVar(&c.control, "control", true, "serve the control endpoints under /_emulator/ (reset, fixtures, faults, health)")
	fs.StringVar(&c.controlToken, "control-token", "", "require \"Authorization: Bearer TOKEN\" on control calls; visible in ps: prefer "+EnvControlToken)
	fs.Func("control-hosts", "comma-separated Host values the control endpoints accept besides loopback and the listen address (e.g. the name a CI container is reached by)", func(v string) error {
		for _, h := range strings.Split(v, ",") {
			if h = strings.TrimSpace(h); h != "" {
				c.controlHosts = append(c.controlHosts, h)
			}
		}
		return nil
	})
	c.limits.BindFlags(fs)
	c.tls.BindFlags(fs)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: ecsemu [flags]\n\nServes ECS DescribeSecurityGroups as its contract says.\n\nEnvironment: %s, %s (secrets, instead of flags), %s.\n\n", EnvKeySecret, EnvControlToken, EnvKeyID)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return c, errUsagePrinted{err} // flag printed the message and the usage
	}
	if c.version {
		return c, nil // nothing else is read: -version must work whatever the rest says
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	err := c.resolve(fs, set, getenv, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "ecsemu: %v\n\n", err)
		fs.Usage()
	}
	return c, err
}

// errUsagePrinted wraps an error that the flag package already reported.
type errUsagePrinted struct{ error }

func (e errUsagePrinted) Unwrap() error { return e.error }

// resolve fills what the environment and files give, validates the flags
// together, and warns about secrets on the command line.
func (c *config) resolve(fs *flag.FlagSet, set map[string]bool, getenv func(string) string, stderr io.Writer) error {
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q: ecsemu takes flags only", fs.Arg(0))
	}
	if c.keyID == "" {
		c.keyID = strings.TrimSpace(getenv(EnvKeyID))
	}
	switch {
	case set["access-key-secret"] && set["access-key-secret-file"]:
		return errors.New("-access-key-secret and -access-key-secret-file both give the secret: give one")
	case set["access-key-secret"]:
		fmt.Fprintf(stderr, "ecsemu: warning: -access-key-secret is visible to every user of this machine (ps, /proc/PID/cmdline); set %s or use -access-key-secret-file instead\n", EnvKeySecret)
	case c.keySecretFile != "":
		data, err := os.ReadFile(c.keySecretFile)
		if err != nil {
			return fmt.Errorf("-access-key-secret-file: %w", err)
		}
		if c.keySecret = strings.TrimRight(string(data), "\r\n"); c.keySecret == "" || strings.ContainsAny(c.keySecret, "\r\n") {
			return fmt.Errorf("-access-key-secret-file %s: the file must hold the secret on one line", c.keySecretFile)
		}
	default:
		c.keySecret = getenv(EnvKeySecret)
	}
	if set["control-token"] {
		fmt.Fprintf(stderr, "ecsemu: warning: -control-token is visible to every user of this machine (ps, /proc/PID/cmdline); set %s instead\n", EnvControlToken)
	} else {
		c.controlToken = getenv(EnvControlToken)
	}
	switch {
	case (c.keyID == "") != (c.keySecret == ""):
		return fmt.Errorf("the access key ID (-access-key-id or %s) and its secret (%s, -access-key-secret-file or -access-key-secret) go together: give both or neither", EnvKeyID, EnvKeySecret)
	case c.logFormat != "text" && c.logFormat != "json":
		return fmt.Errorf("-log-format %q: use text or json", c.logFormat)
	case !c.control && c.controlToken != "":
		return fmt.Errorf("a control token (-control-token or %s) protects the control endpoints, which -control=false removes: give one or the other", EnvControlToken)
	}
	if err := c.faults.Validate(); err != nil {
		return fmt.Errorf("fault flags: %w", err)
	}
	if err := c.limits.Validate(); err != nil {
		return err
	}
	if c.limits.WriteTimeout > 0 && c.limits.WriteTimeout <= c.faults.Latency {
		return fmt.Errorf("-write-timeout %v does not exceed -latency %v: every answer would be cut off", c.limits.WriteTimeout, c.faults.Latency)
	}
	return c.tls.Validate()
}

// options turns the configuration into emulator options.
func (c config) options(logger *slog.Logger) (emulator.Options, error) {
	o := emulator.Options{DisableAuth: c.noAuth, Deterministic: c.deterministic, Faults: c.faults, Logger: logger,
		NoRequestLog: !c.requestLog,
		MaxBodyBytes: c.limits.MaxBodyBytes,
		Control:      emulator.ControlOptions{Disabled: !c.control, Token: c.controlToken}}
	if c.keyID != "" {
		keys := []emulator.AccessKey{{ID: c.keyID, Secret: c.keySecret, Account: emulator.DefaultAccount}}
		for _, k := range emulator.DefaultKeys()[1:] {
			if k.ID != c.keyID {
				keys = append(keys, k)
			}
		}
		o.Keys = keys
	}
	if c.fixtures != "" {
		groups, err := store.LoadFile(c.fixtures)
		if err != nil {
			return o, fmt.Errorf("-fixtures: %w", err)
		}
		o.Fixture = groups
	}
	return o, nil
}

// exposed names what other machines reach when ecsemu listens beyond
// loopback, for the warning.
func (c config) exposed() []string {
	api := "the ECS API, signed with the published default keys (anyone can sign)"
	switch {
	case c.noAuth:
		api = "the ECS API without authentication (-no-auth)"
	case c.keyID != "":
		api = "the ECS API, signed with your key (and the published second-account, denied and STS keys)"
	}
	control := "the control endpoints /_emulator/ (reset, fixtures, faults) without a token: add " + EnvControlToken + " or -control=false"
	switch {
	case !c.control:
		return []string{api}
	case c.controlToken != "":
		control = "the control endpoints /_emulator/ (reset, fixtures, faults), behind the control token"
	}
	proto := "over plain HTTP"
	if c.tls.Enabled() {
		proto = "over HTTPS"
	}
	return []string{api + " " + proto, control}
}
