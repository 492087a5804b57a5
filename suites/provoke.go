package suites

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/ecs-conformance/ecs-conformance/internal/client"
	"github.com/ecs-conformance/ecs-conformance/specs"
)

// provoke sends the request the contract's trigger describes for e and
// returns the answer (for a replayed nonce, the answer to the replay).
func (s *session) provoke(e *specs.ErrorCode) *client.Response {
	GinkgoHelper()
	t := e.Trigger
	c := s.base()
	for k, v := range t.Set {
		c = c.With(k, v)
	}
	for _, k := range t.Omit {
		delete(c.params, k)
	}
	if t.Fault != "" {
		s.injectFault(t.Fault)
	}
	if t.Wire == specs.WireOversizeBody {
		c = c.With("Padding", strings.Repeat("x", 2<<20))
		c.inBody = true
	}
	if t.Auth == "" {
		return s.send(c)
	}
	c.caseName = t.Auth
	v3 := s.scheme == client.SchemeV3
	switch t.Auth {
	case specs.AuthBadSignature:
		c.tamper.CorruptSignature = true
	case specs.AuthMalformedAuth:
		if v3 {
			c.tamper.MalformedAuthorization = "ACS3-HMAC-SHA256 Credential=" + s.env.Caller.AccessKeyID + ",SignedHeaders=host"
		} else {
			c.tamper.Omit = []string{"Signature"}
		}
	case specs.AuthUnknownKey:
		c.tamper.AccessKeyID, c.tamper.Secret = "LTAI5tConformanceNoSuchKey", "conformance-unknown-secret"
	case specs.AuthSkewedTimestamp:
		at := s.now().Add(-time.Hour)
		c.tamper.Timestamp = &at
	case specs.AuthGarbledTimestamp:
		c.tamper.RawTimestamp = "26/11/2026 20:20"
	case specs.AuthMissingTimestamp:
		c.tamper.Omit = []string{pick(v3, "x-acs-date", "Timestamp")}
	case specs.AuthMissingNonce:
		c.tamper.Omit = []string{pick(v3, "x-acs-signature-nonce", "SignatureNonce")}
	case specs.AuthMissingKey:
		if v3 {
			// V3 carries the key as Credential= inside Authorization.
			c.tamper.MalformedAuthorization = "ACS3-HMAC-SHA256 SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=" + strings.Repeat("0", 64)
		} else {
			c.tamper.Omit = []string{"AccessKeyId"}
		}
	case specs.AuthUnknownAction:
		c.tamper.Action = "DescribeNoSuchThing"
	case specs.AuthBadVersion:
		c.tamper.Version = "2099-01-01"
	case specs.AuthDeniedKey:
		c.as = s.identity(s.env.Denied, "a key whose policy denies the action")
	case specs.AuthInactiveKey:
		c.as = s.identity(s.env.Inactive, "a disabled key")
	case specs.AuthReplayNonce:
		c.tamper.Nonce = s.freshNonce()
		first := s.send(c)
		Expect(first.StatusCode).To(Equal(http.StatusOK), "the first use of the nonce was refused: %s", first.Body)
	default:
		Fail(fmt.Sprintf("the suite does not know how to send trigger auth %q", t.Auth))
	}
	return s.send(c)
}

func pick(cond bool, yes, no string) string {
	if cond {
		return yes
	}
	return no
}

func (s *session) identity(id *Identity, what string) *Identity {
	if id == nil {
		Skip(fmt.Sprintf("the target's Env has no %s (fixture targets only)", what))
	}
	return id
}

// now is the time requests are signed with.
func (s *session) now() time.Time {
	if s.env.Clock != nil {
		return s.env.Clock()
	}
	return time.Now()
}

// freshNonce is deterministic while recording, random otherwise.
func (s *session) freshNonce() string {
	if s.nonce != nil {
		return s.nonce()
	}
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// faultRates is the body of the emulator's /_emulator/faults endpoint.
type faultRates struct {
	Seed          int64   `json:"seed"`
	Throttle      float64 `json:"throttle"`
	InternalError float64 `json:"internalError"`
	Unavailable   float64 `json:"unavailable"`
}

// injectFault makes every request fail with the fault until the spec ends.
func (s *session) injectFault(fault string) {
	GinkgoHelper()
	if !s.env.controlPlane(s.transport) {
		Skip("the target answers no control plane (GET /_emulator/health), so it cannot be told to inject faults")
	}
	rates := faultRates{Seed: 1}
	switch fault {
	case specs.FaultThrottling:
		rates.Throttle = 1
	case specs.FaultInternal:
		rates.InternalError = 1
	case specs.FaultUnavailable:
		rates.Unavailable = 1
	}
	s.postFaults(rates)
	DeferCleanup(func() { s.postFaults(faultRates{}) })
}

func (s *session) postFaults(r faultRates) {
	GinkgoHelper()
	body, _ := json.Marshal(r)
	req, err := http.NewRequest(http.MethodPost, strings.TrimRight(s.env.Endpoint, "/")+"/_emulator/faults", bytes.NewReader(body))
	Expect(err).NotTo(HaveOccurred())
	req.Header.Set("Content-Type", "application/json")
	if s.env.ControlToken != "" {
		req.Header.Set("Authorization", "Bearer "+s.env.ControlToken)
	}
	resp, err := (&http.Client{Transport: s.transport, Timeout: 10 * time.Second}).Do(req)
	Expect(err).NotTo(HaveOccurred(), "setting faults on the target")
	defer resp.Body.Close()
	Expect(resp.StatusCode).To(Equal(http.StatusOK), "the target refused the fault settings")
}

// apiError is the part of an error body specs read.
type apiError struct{ RequestId, HostId, Code, Message, Recommend string }

func decodeError(r *client.Response) apiError {
	GinkgoHelper()
	var e apiError
	Expect(json.Unmarshal(r.Body, &e)).To(Succeed(), "decoding the error body %s", r.Body)
	return e
}
