package proxy

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"strings"
)

// Mode says what the proxy does with traffic.
type Mode string

// Modes.
const (
	ModeRecord   Mode = "record"
	ModePlayback Mode = "playback"
	ModeLive     Mode = "live"
)

// ParseMode reads a -mode flag value.
func ParseMode(s string) (Mode, error) {
	switch m := Mode(s); m {
	case ModeRecord, ModePlayback, ModeLive:
		return m, nil
	}
	return "", fmt.Errorf("mode %q: use record, playback or live", s)
}

// HostPolicy says which Host the upstream sees.
type HostPolicy string

// Host policies; see the package doc.
const (
	// HostAuto is HostClient for a loopback upstream, else HostUpstream.
	HostAuto HostPolicy = "auto"
	// HostClient forwards the Host the client sent (and signed).
	HostClient HostPolicy = "client"
	// HostUpstream sends the upstream's host, re-signing V3 requests when
	// Options.Credentials are set.
	HostUpstream HostPolicy = "upstream"
)

// Credentials re-sign V3 requests for the upstream's host.
type Credentials struct {
	AccessKeyID, AccessKeySecret string
}

// Headers and paths of the proxy.
const (
	// RecordingHeader names the recording a request belongs to; it is
	// stripped before forwarding.
	RecordingHeader = "X-Conformance-Recording"
	// ControlPrefix is the proxy's own control path, never forwarded.
	ControlPrefix = "/_conformance/"
	// InteractionHeader, on a playback answer, names the recorded
	// interaction that gave it ("<recording>.yaml#<index>").
	InteractionHeader = "X-Conformance-Interaction"
)

// Defaults of Options.
const (
	DefaultMaxBodyBytes = 1 << 20
	DefaultMaxParams    = 256
	// MaxReportEntries bounds each list of a report; more are counted.
	MaxReportEntries = 1000
)

// Options configure New.
type Options struct {
	Mode Mode
	// Cassettes is the folder of recordings: recording NAME is the cassette
	// Cassettes/NAME.yaml.
	Cassettes string
	// Reports is the folder of client-conformance reports (NAME.json);
	// "" writes none (the summary line is still returned).
	Reports string
	// Recording is the recording of a request without RecordingHeader; ""
	// means such a request is refused.
	Recording string
	// Upstream is where record and live forward: scheme and host, e.g.
	// https://ecs.cn-hangzhou.aliyuncs.com or http://127.0.0.1:8080.
	Upstream *url.URL
	// Transport carries forwarded requests; nil means a clone of
	// http.DefaultTransport (system roots for HTTPS). Playback never uses it.
	Transport http.RoundTripper
	// Host decides the Host the upstream sees; "" means HostAuto.
	Host HostPolicy
	// Credentials, when set, re-sign V3 requests forwarded with the
	// upstream's Host.
	Credentials *Credentials
	// ControlHosts are Host values the control path accepts besides
	// loopback ones (the listen address, when it is not loopback).
	ControlHosts []string
	// MaxBodyBytes bounds a request body (0: DefaultMaxBodyBytes).
	MaxBodyBytes int64
	// MaxParams bounds the parameters of a request, query and body
	// together (0: DefaultMaxParams); more is refused before any work.
	MaxParams int
	// Logger gets one line per request and per recording stopped; nil
	// logs nothing.
	Logger *slog.Logger
}

// check validates o and fills its defaults.
func (o *Options) check() error {
	var errs []error
	switch o.Mode {
	case ModeRecord, ModeLive:
		if o.Upstream == nil || o.Upstream.Host == "" || (o.Upstream.Scheme != "http" && o.Upstream.Scheme != "https") {
			errs = append(errs, fmt.Errorf("proxy: mode %s needs an upstream URL such as https://ecs.cn-hangzhou.aliyuncs.com or http://127.0.0.1:8080 (-upstream)", o.Mode))
		}
	case ModePlayback:
		if o.Upstream != nil {
			errs = append(errs, errors.New("proxy: playback never dials; drop the upstream (-upstream)"))
		}
	default:
		errs = append(errs, fmt.Errorf("proxy: mode %q: use record, playback or live", o.Mode))
	}
	if o.Mode != ModeLive && o.Cassettes == "" {
		errs = append(errs, fmt.Errorf("proxy: mode %s needs the folder of recordings (-cassettes)", o.Mode))
	}
	if o.Recording != "" {
		if err := checkName(o.Recording); err != nil {
			errs = append(errs, err)
		}
	}
	switch o.Host {
	case "":
		o.Host = HostAuto
	case HostAuto, HostClient, HostUpstream:
	default:
		errs = append(errs, fmt.Errorf("proxy: host policy %q: use auto, client or upstream", o.Host))
	}
	if o.MaxBodyBytes < 0 || o.MaxParams < 0 {
		errs = append(errs, fmt.Errorf("proxy: MaxBodyBytes %d and MaxParams %d must not be negative (0 keeps the defaults)", o.MaxBodyBytes, o.MaxParams))
	}
	if o.MaxBodyBytes == 0 {
		o.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if o.MaxParams == 0 {
		o.MaxParams = DefaultMaxParams
	}
	return errors.Join(errs...)
}

// namePattern is what a recording name may hold: a cassette path under the
// recordings folder, so nothing a shell or a file system treats specially.
var namePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*$`)

// checkName says what is wrong with a recording name.
func checkName(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("proxy: the recording has no name; send %s: NAME or start the proxy with a default (-recording)", RecordingHeader)
	case len(name) > 200:
		return fmt.Errorf("proxy: recording name of %d bytes; use at most 200", len(name))
	case strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml"):
		return fmt.Errorf("proxy: recording name %q ends in a YAML extension; leave it out, the proxy adds .yaml", name)
	case !namePattern.MatchString(name) || !fs.ValidPath(name) || path.Clean(name) != name:
		return fmt.Errorf("proxy: recording name %q: use letters, digits, '.', '_', '-' and '/' between path elements (e.g. sdk-go/describe-plain), not starting with '.' or '/'", name)
	}
	return nil
}
