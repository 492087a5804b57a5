package mutant

import (
	"fmt"
	"sync"
	"time"

	"github.com/ecs-conformance/ecs-conformance/specs"
)

// Auth mutants: every authentication check of the catalogue skipped; the
// timestamp window narrowed or widened at each edge, in both directions;
// the V3 body hash trusted without hashing the body; each signed header
// left unchecked; nonces remembered across keys.

// window is the contract's timestamp window (InvalidTimeStamp.Expired).
const window = 15 * time.Minute

// v3Signed are the headers a V3 request carries that must be signed.
var v3Signed = []string{"host", "x-acs-action", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce", "x-acs-version"}

func authMutants(op *specs.Operation) []Mutant {
	var out []Mutant
	add := func(subject, deviation, breaks string, schemes []string, f func(x *Exchange)) {
		out = append(out, Mutant{
			Name:    fmt.Sprintf("%s/%s.%s/%s", ClassAuth, op.Operation, subject, deviation),
			Class:   ClassAuth,
			Breaks:  breaks,
			Schemes: schemes,
			Hint:    "area:auth",
			Mutate:  anyAction(op, f),
		})
	}
	for i := range op.Errors {
		e := &op.Errors[i]
		if e.Trigger.Auth == "" {
			continue
		}
		add(e.Code, "check-skipped", fmt.Sprintf("skips the check behind %s and answers the request", e.Code), nil, func(x *Exchange) {
			if x.Code() == e.Code {
				x.KeyID = x.P.Keys[0].ID
				x.AcceptAs(x.Business())
			}
		})
	}
	skew := func(x *Exchange) (time.Duration, bool) {
		t, ok := x.Timestamp()
		return t.Sub(time.Now()), ok
	}
	narrow := func(lo, hi time.Duration) func(x *Exchange) {
		return func(x *Exchange) {
			if d, ok := skew(x); ok && x.OK() && d >= lo && d <= hi {
				x.Refuse("InvalidTimeStamp.Expired", "")
			}
		}
	}
	widen := func(lo, hi time.Duration) func(x *Exchange) {
		return func(x *Exchange) {
			if d, ok := skew(x); ok && x.Code() == "InvalidTimeStamp.Expired" && d >= lo && d <= hi && x.SignatureVerifies() {
				x.AcceptAs(x.Business())
			}
		}
	}
	add("timestamp", "past-window-14m", "refuses requests signed more than 14 minutes ago", nil, narrow(-window, -14*time.Minute))
	add("timestamp", "future-window-14m", "refuses requests signed more than 14 minutes ahead", nil, narrow(14*time.Minute, window))
	add("timestamp", "past-window-16m", "accepts requests signed up to 16 minutes ago", nil, widen(-16*time.Minute, -window))
	add("timestamp", "future-window-16m", "accepts requests signed up to 16 minutes ahead", nil, widen(window, 16*time.Minute))
	add("timestamp", "future-refused", "refuses any request signed ahead of its clock", nil, narrow(5*time.Second, window))
	add("timestamp", "window-5m", "holds requests to a 5-minute window", nil, func(x *Exchange) {
		narrow(-window, -5*time.Minute)(x)
		narrow(5*time.Minute, window)(x)
	})
	add("x-acs-content-sha256", "body-unhashed", "trusts x-acs-content-sha256 without hashing the body", []string{"v3"}, func(x *Exchange) {
		if x.Scheme == "v3" && x.Code() == "SignatureDoesNotMatch" && !x.BodyMatchesHash() && x.SignatureVerifies() {
			x.AcceptAs(x.Business())
		}
	})
	for _, h := range v3Signed {
		add(h, "unsigned-accepted", fmt.Sprintf("accepts a V3 request that leaves %s out of SignedHeaders", h), []string{"v3"}, func(x *Exchange) {
			if x.Scheme != "v3" || x.Code() != "IncompleteSignature" {
				return
			}
			if u := x.Unsigned(v3Signed); len(u) == 1 && u[0] == h && x.SignatureVerifies() {
				x.AcceptAs(x.Business())
			}
		})
	}
	add("nonce", "shared-across-keys", "remembers nonces across access keys, refusing one key's nonce from another", nil, func(x *Exchange) {
		type seen struct {
			mu  sync.Mutex
			key map[string]string
		}
		s := State(x.P, "nonces", func() *seen { return &seen{key: map[string]string{}} })
		nonce := x.Params.Get("SignatureNonce")
		if x.Scheme == "v3" {
			nonce = x.Req.Header.Get("x-acs-signature-nonce")
		}
		if nonce == "" || (!x.OK() && authCode(x.Op, x.Code())) {
			return // refused before the nonce was looked at
		}
		s.mu.Lock()
		first, used := s.key[nonce]
		if !used {
			s.key[nonce] = x.KeyID
		}
		s.mu.Unlock()
		if used && first != x.KeyID {
			x.Refuse("SignatureNonceUsed", "")
		}
	})
	return out
}

// authCode says the contract files code under authentication: its trigger
// tampers with the signed envelope.
func authCode(op *specs.Operation, code string) bool {
	e := op.Error(code)
	return e != nil && e.Trigger.Auth != ""
}
