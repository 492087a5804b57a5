package client

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"time"
)

// Scheme selects how requests are signed.
type Scheme string

const (
	// SchemeV3 signs with ACS3-HMAC-SHA256 in the Authorization header, and
	// sends Action, Version, date and nonce as x-acs-* headers. The default.
	SchemeV3 Scheme = "v3"
	// SchemeRPC signs with HMAC-SHA1 (SignatureVersion 1.0) and sends every
	// common parameter, and the Signature, in the query.
	SchemeRPC Scheme = "rpc"
)

// Defaults applied by New.
const (
	DefaultVersion = "2014-05-26"
	DefaultTimeout = 30 * time.Second
)

// DefaultUserAgent is sent when Config.UserAgent is empty.
var DefaultUserAgent = "ecs-conformance (Go " + runtime.Version() + ")"

// Config describes where requests go and whose credentials sign them.
type Config struct {
	// Endpoint is the base URL, scheme included, e.g. "http://127.0.0.1:8080"
	// or "https://ecs.cn-hangzhou.aliyuncs.com". Requests go to its path "/".
	Endpoint string

	// AccessKeyID and AccessKeySecret are required. Against a replaying
	// target any placeholder works, since signatures are not compared there.
	AccessKeyID, AccessKeySecret string
	// SecurityToken, when set, makes the requests STS requests.
	SecurityToken string

	Scheme  Scheme // SchemeV3 when empty
	Version string // DefaultVersion when empty

	// HTTPClient sends the requests. When nil, New uses a client with
	// DefaultTimeout that does not follow redirects, so a suite sees exactly
	// what the endpoint answered. Suites pass a client whose Transport is an
	// in-process handler or a recorder.
	HTTPClient *http.Client
	// Clock gives the signing time (time.Now when nil).
	Clock func() time.Time
	// Nonce gives each request's signature nonce (32 random hex characters,
	// as the Go SDKs send, when nil).
	Nonce func() string

	UserAgent string // DefaultUserAgent when empty
}

// Client signs and sends requests. It is safe for concurrent use when
// Config.HTTPClient, Clock and Nonce are.
type Client struct {
	cfg  Config
	base *url.URL
}

// New checks cfg, fills in its defaults and returns a Client.
func New(cfg Config) (*Client, error) {
	base, err := parseEndpoint(cfg.Endpoint)
	if err != nil {
		return nil, err
	}
	if cfg.AccessKeyID == "" {
		return nil, errors.New("client: Config.AccessKeyID is empty; set the AccessKey ID to sign with (any placeholder will do against a replaying target)")
	}
	if cfg.AccessKeySecret == "" {
		return nil, errors.New("client: Config.AccessKeySecret is empty; set the AccessKey secret to sign with (any placeholder will do against a replaying target)")
	}
	switch cfg.Scheme {
	case "":
		cfg.Scheme = SchemeV3
	case SchemeV3, SchemeRPC:
	default:
		return nil, fmt.Errorf("client: Config.Scheme %q is unknown; use %q or %q", cfg.Scheme, SchemeV3, SchemeRPC)
	}
	if cfg.Version == "" {
		cfg.Version = DefaultVersion
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{
			Timeout: DefaultTimeout,
			CheckRedirect: func(*http.Request, []*http.Request) error {
				return http.ErrUseLastResponse
			},
		}
	}
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	if cfg.Nonce == nil {
		cfg.Nonce = randomNonce
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = DefaultUserAgent
	}
	return &Client{cfg: cfg, base: base}, nil
}

func parseEndpoint(endpoint string) (*url.URL, error) {
	const example = "http://127.0.0.1:8080"
	if endpoint == "" {
		return nil, fmt.Errorf("client: Config.Endpoint is empty; set the base URL of the endpoint, e.g. %q", example)
	}
	if !strings.Contains(endpoint, "://") {
		return nil, fmt.Errorf("client: Config.Endpoint %q has no scheme; write it as a URL, e.g. %q", endpoint, "http://"+endpoint)
	}
	u, err := url.Parse(endpoint)
	if err != nil {
		return nil, fmt.Errorf("client: Config.Endpoint %q is not a URL (%v); use a base URL such as %q", endpoint, err, example)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("client: Config.Endpoint %q has scheme %q; use http or https", endpoint, u.Scheme)
	case u.Host == "":
		return nil, fmt.Errorf("client: Config.Endpoint %q has no host; use a base URL such as %q", endpoint, example)
	case u.User != nil:
		return nil, fmt.Errorf("client: Config.Endpoint %q carries user information; credentials belong in Config.AccessKeyID and AccessKeySecret", redactUser(u))
	case u.Path != "" && u.Path != "/":
		return nil, fmt.Errorf("client: Config.Endpoint %q has path %q; the RPC API is served at \"/\", so give the base URL only", endpoint, u.Path)
	case u.RawQuery != "" || u.Fragment != "":
		return nil, fmt.Errorf("client: Config.Endpoint %q has a query or fragment; give the base URL only", endpoint)
	}
	return &url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/"}, nil
}

// randomNonce returns 32 random hex characters, the form the Go SDKs send.
func randomNonce() string {
	var b [16]byte
	rand.Read(b[:]) // never fails: crypto/rand.Read aborts the program instead
	return hex.EncodeToString(b[:])
}
