package emulator

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/ecs-conformance/ecs-conformance/emulator/store"
	"github.com/ecs-conformance/ecs-conformance/specs"
)

// Accounts of the embedded fixture (store.Default) that the default keys are
// bound to.
const (
	DefaultAccount = store.DefaultAccount
	SecondAccount  = store.SecondAccount
)

// The documented default keys. They are fakes, published on purpose so that
// tests, suites and the README can sign requests to an emulator started
// without key flags. Never reuse them anywhere real.
const (
	// DefaultAccessKeyID and DefaultAccessKeySecret: the pair of DefaultAccount.
	DefaultAccessKeyID     = "LTAI5tEmulatorDefault0001"
	DefaultAccessKeySecret = "EmulatorDefaultSecret0000000000001"
	// SecondAccessKeyID signs for SecondAccount, to check account isolation.
	SecondAccessKeyID     = "LTAI5tEmulatorSecond00002"
	SecondAccessKeySecret = "EmulatorSecondSecret00000000000002"
	// DisabledAccessKeyID is known but disabled: InvalidAccessKeyId.Inactive.
	DisabledAccessKeyID     = "LTAI5tEmulatorDisabled003"
	DisabledAccessKeySecret = "EmulatorDisabledSecret000000000003"
	// DeniedAccessKeyID authenticates, but its RAM policy denies the action:
	// 403 Forbidden.RAM with an AccessDeniedDetail.
	DeniedAccessKeyID     = "LTAI5tEmulatorDenied00004"
	DeniedAccessKeySecret = "EmulatorDeniedSecret00000000000004"
	// STSAccessKeyID is a temporary key: requests must carry STSSecurityToken
	// (RPC parameter SecurityToken, V3 header x-acs-security-token).
	STSAccessKeyID     = "STS.EmulatorTemporaryKey0005"
	STSAccessKeySecret = "EmulatorTemporarySecret00000000005"
	STSSecurityToken   = "CAIS.EmulatorSecurityToken+/=0005"
)

// DeterministicTime is the clock of Options.Deterministic when no Clock is given.
var DeterministicTime = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

// Defaults of Options.
const (
	DefaultHostID       = "ecs.aliyuncs.com"
	DefaultTimeWindow   = 15 * time.Minute
	DefaultMaxBodyBytes = 1 << 20
	// MaxQueryBytes bounds the raw query string; longer is RequestTooLarge.
	MaxQueryBytes = 64 << 10
	// MaxNonceBytes bounds SignatureNonce and x-acs-signature-nonce; longer
	// is IncompleteSignature. Clients send 32 or 64 hex digits or a UUID
	// (36), so 128 leaves room without letting one remembered nonce cost
	// more than a few hundred bytes.
	MaxNonceBytes = 128
)

// deterministicTokenKey signs page tokens in deterministic mode, so that
// recorded tokens replay. It protects nothing and is not meant to.
var deterministicTokenKey = []byte("ecs-conformance deterministic page-token key")

// AccessKey is one credential the emulator accepts, bound to an account: a
// caller sees only that account's groups.
type AccessKey struct {
	ID, Secret, Account string
	// SecurityToken, when set, makes this an STS key: each request must carry
	// this token, otherwise the key is unknown (InvalidAccessKeyId.NotFound),
	// as a temporary key is worthless without its token.
	SecurityToken string
	// Disabled keys answer InvalidAccessKeyId.Inactive.
	Disabled bool
	// Denied keys authenticate, then answer 403 Forbidden.RAM.
	Denied bool
}

// DefaultKeys returns the documented default keys: the default pair and a
// key of SecondAccount, then a disabled, a denied and an STS key of
// DefaultAccount.
func DefaultKeys() []AccessKey {
	return []AccessKey{
		{ID: DefaultAccessKeyID, Secret: DefaultAccessKeySecret, Account: DefaultAccount},
		{ID: SecondAccessKeyID, Secret: SecondAccessKeySecret, Account: SecondAccount},
		{ID: DisabledAccessKeyID, Secret: DisabledAccessKeySecret, Account: DefaultAccount, Disabled: true},
		{ID: DeniedAccessKeyID, Secret: DeniedAccessKeySecret, Account: DefaultAccount, Denied: true},
		{ID: STSAccessKeyID, Secret: STSAccessKeySecret, Account: DefaultAccount, SecurityToken: STSSecurityToken},
	}
}

// Faults are injected after authentication, before the operation runs. Each
// request that gets there waits Latency, then draws one number from a PRNG
// seeded with Seed: below Throttle it is throttled (Throttling.User), below
// Throttle+InternalError it fails (InternalError), below
// Throttle+InternalError+Unavailable it is refused (ServiceUnavailable).
// The sequence is per server and depends only on the order of requests
// reaching this step, so the same seed and the same requests give the same
// faults.
type Faults struct {
	Seed                                 int64
	Throttle, InternalError, Unavailable float64 // rates, each 0..1, summing to at most 1
	Latency                              time.Duration
}

// MaxLatency bounds Faults.Latency so that a typo cannot hang every request.
const MaxLatency = time.Minute

// Validate reports what is wrong with f, if anything.
func (f Faults) Validate() error {
	var errs []error
	for _, r := range []struct {
		name string
		v    float64
	}{{"throttle", f.Throttle}, {"internalError", f.InternalError}, {"unavailable", f.Unavailable}} {
		if !(r.v >= 0 && r.v <= 1) { // also rejects NaN
			errs = append(errs, fmt.Errorf("fault rate %s=%v is outside 0..1", r.name, r.v))
		}
	}
	if sum := f.Throttle + f.InternalError + f.Unavailable; sum > 1 {
		errs = append(errs, fmt.Errorf("fault rates add up to %v; they must add up to at most 1", sum))
	}
	if f.Latency < 0 || f.Latency > MaxLatency {
		errs = append(errs, fmt.Errorf("fault latency %v is outside 0..%v", f.Latency, MaxLatency))
	}
	return errors.Join(errs...)
}

// Options configure a Server. The zero value is a working emulator: every
// operation of the embedded contract set, the default keys, the embedded
// fixture, the real clock.
type Options struct {
	// Operations are the contracts answered, each by its Action; nil means
	// specs.Operations(). Every one must be implemented by this package.
	// An Action not among them is InvalidAction.NotFound.
	Operations []*specs.Operation
	// Keys accepted; nil means DefaultKeys().
	Keys []AccessKey
	// DisableAuth makes a plain mock: no signature, key, timestamp or nonce
	// checks, every caller is DefaultAccount, and Version may be omitted.
	DisableAuth bool
	// Fixture is the data of a fresh emulator, which POST /_emulator/reset
	// puts back; nil means store.Default(), the embedded fixture.
	Fixture []store.Group
	// Store holds the groups; nil means an in-memory store loaded with
	// Fixture. A given Store keeps its content at New unless Fixture is set
	// too, but reset replaces its content with Fixture all the same.
	Store store.Store
	// Clock is the time used for timestamp windows and throttling headers;
	// nil means time.Now (or DeterministicTime when Deterministic).
	Clock func() time.Time
	// Deterministic fixes the clock (unless Clock is given) and the page-token
	// key, and derives RequestIds from the request (method, action, business
	// parameters, nonce), so that the same request gives the same bytes.
	Deterministic bool
	// TokenKey is the HMAC key of page tokens; nil means random per server
	// (a fixed key when Deterministic). Tokens survive a restart only with a
	// fixed key.
	TokenKey []byte
	// Faults injected from the start.
	Faults Faults
	// HostID is the HostId of error answers; "" means DefaultHostID.
	HostID string
	// Logger receives one line per request (method, action, scheme, status,
	// code, duration, request id), never a secret, signature or token.
	// nil means no logging.
	Logger *slog.Logger
	// NoRequestLog keeps the Logger for control calls only: no line per
	// API request.
	NoRequestLog bool
	// TimeWindow is how far a request's timestamp may be from Clock; 0 means
	// DefaultTimeWindow. Nonces are remembered as long.
	TimeWindow time.Duration
	// MaxBodyBytes bounds a request body; 0 means DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// Control protects the control endpoints (or removes them); the zero
	// value serves them to loopback callers that are not web pages.
	Control ControlOptions
	// NonceCap bounds the nonces remembered per key; 0 means DefaultNonceCap.
	// When full, the oldest is forgotten (and could be replayed within its
	// window): an emulator must not let one busy client exhaust its memory.
	NonceCap int
}

// DefaultNonceCap is the number of nonces remembered per key by default:
// 262,144, about 13 MiB per key at the cap (52 bytes a nonce, whatever its
// length), a quarter of a million requests of one key inside its window.
const DefaultNonceCap = 1 << 18

// withDefaults returns o with every zero field given its default, or an
// error saying which field is wrong.
func (o Options) withDefaults() (Options, error) {
	if o.Keys == nil {
		o.Keys = DefaultKeys()
	}
	seen := map[string]bool{}
	for i, k := range o.Keys {
		switch {
		case k.ID == "" || k.Secret == "" || k.Account == "":
			return o, fmt.Errorf("emulator: Keys[%d] (%q) needs an ID, a Secret and an Account", i, k.ID)
		case seen[k.ID]:
			return o, fmt.Errorf("emulator: Keys[%d]: access key ID %q is listed twice; give each key once", i, k.ID)
		}
		seen[k.ID] = true
	}
	// A nil Fixture stays nil (Reset puts back store.Default()): the
	// default fixture's store is shared until replaced, which keeps New
	// cheap, and a copy of its thousands of rules per Server would not be.
	fixtureGiven := o.Fixture != nil
	switch {
	case o.Store == nil && !fixtureGiven:
		o.Store = store.NewDefault()
	case o.Store == nil:
		m, err := store.NewMemory(o.Fixture)
		if err != nil {
			return o, fmt.Errorf("emulator: Fixture does not load: %w", err)
		}
		o.Store = m
	case fixtureGiven:
		if err := o.Store.Replace(o.Fixture); err != nil {
			return o, fmt.Errorf("emulator: Fixture does not load into Store: %w", err)
		}
	}
	if o.Clock == nil {
		o.Clock = time.Now
		if o.Deterministic {
			o.Clock = func() time.Time { return DeterministicTime }
		}
	}
	if o.TokenKey == nil && o.Deterministic {
		o.TokenKey = deterministicTokenKey
	}
	if err := o.Faults.Validate(); err != nil {
		return o, fmt.Errorf("emulator: Faults: %w", err)
	}
	if o.HostID == "" {
		o.HostID = DefaultHostID
	}
	if o.TimeWindow == 0 {
		o.TimeWindow = DefaultTimeWindow
	}
	if o.TimeWindow < 0 {
		return o, fmt.Errorf("emulator: TimeWindow %v is negative; give a positive duration or 0 for %v", o.TimeWindow, DefaultTimeWindow)
	}
	if o.MaxBodyBytes == 0 {
		o.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if o.MaxBodyBytes < 0 {
		return o, fmt.Errorf("emulator: MaxBodyBytes %d is negative; give a positive size or 0 for %d", o.MaxBodyBytes, DefaultMaxBodyBytes)
	}
	if o.NonceCap == 0 {
		o.NonceCap = DefaultNonceCap
	}
	if o.NonceCap < 0 {
		return o, fmt.Errorf("emulator: NonceCap %d is negative; give a positive count or 0 for %d", o.NonceCap, DefaultNonceCap)
	}
	return o, nil
}
