package emulator

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ecs-conformance/ecs-conformance/internal/client"
	"github.com/ecs-conformance/ecs-conformance/specs"
)

// TestContractTriggers provokes every error of every operation's catalogue
// with its own trigger, by both schemes, and checks status, code, message
// and envelope: the catalogues and the emulator cannot drift apart.
func TestContractTriggers(t *testing.T) {
	for _, contract := range specs.Operations() {
		t.Run(contract.Operation, func(t *testing.T) { contractTriggers(t, contract) })
	}
}

func contractTriggers(t *testing.T, contract *specs.Operation) {
	valid := validRequest(t, newTestServer(t, nil), contract)
	for _, e := range contract.Errors {
		for _, sc := range []client.Scheme{client.SchemeRPC, client.SchemeV3} {
			t.Run(string(sc)+"/"+e.Code, func(t *testing.T) {
				s := newTestServer(t, nil)
				tr := e.Trigger
				if tr.Wire == specs.WireOversizeBody {
					rec := serveRaw(t, s, rawRequest{method: "POST", target: "/?Action=" + contract.Operation,
						contentType: formContentType, body: "RegionId=cn-hangzhou&x=" + strings.Repeat("a", 2<<20)})
					checkRaw(t, e.Code, rec, e.Status, e.Code)
					return
				}
				id, secret, token := DefaultAccessKeyID, DefaultAccessKeySecret, ""
				req := client.Request{Action: contract.Operation, Params: url.Values{}}
				for k, v := range valid.Params {
					req.Params[k] = append([]string(nil), v...)
				}
				for k, v := range tr.Set {
					req.Params.Set(k, v)
				}
				for _, k := range tr.Omit {
					req.Params.Del(k)
				}
				switch tr.Fault {
				case specs.FaultThrottling:
					s.SetFaults(Faults{Throttle: 1})
				case specs.FaultInternal:
					s.SetFaults(Faults{InternalError: 1})
				case specs.FaultUnavailable:
					s.SetFaults(Faults{Unavailable: 1})
				}
				omit := map[client.Scheme]map[string]string{
					client.SchemeRPC: {specs.AuthMissingTimestamp: "Timestamp", specs.AuthMissingKey: "AccessKeyId", specs.AuthMissingNonce: "SignatureNonce"},
					client.SchemeV3:  {specs.AuthMissingTimestamp: "x-acs-date", specs.AuthMissingNonce: "x-acs-signature-nonce"},
				}
				switch tr.Auth {
				case "":
				case specs.AuthBadSignature:
					req.Tamper.CorruptSignature = true
				case specs.AuthMalformedAuth:
					if sc == client.SchemeRPC {
						req.Tamper.Omit = []string{"Signature"}
					} else {
						req.Tamper.MalformedAuthorization = "ACS3-HMAC-SHA256 Credential=" + id + ",SignedHeaders=host"
					}
				case specs.AuthUnknownKey:
					req.Tamper.AccessKeyID, req.Tamper.Secret = "LTAI5tUnknownKey", "x"
				case specs.AuthSkewedTimestamp:
					req.Tamper.Timestamp = at(-time.Hour)
				case specs.AuthGarbledTimestamp:
					req.Tamper.RawTimestamp = "yesterday"
				case specs.AuthReplayNonce:
					req.Tamper.Nonce = "the-same-nonce"
					wantOK(t, do(t, newClient(t, s, sc, id, secret, token), req))
				case specs.AuthMissingTimestamp, specs.AuthMissingNonce:
					req.Tamper.Omit = []string{omit[sc][tr.Auth]}
				case specs.AuthMissingKey:
					if sc == client.SchemeRPC {
						req.Tamper.Omit = []string{"AccessKeyId"}
					} else {
						req.Tamper.MalformedAuthorization = "ACS3-HMAC-SHA256 SignedHeaders=host,Signature=" + strings.Repeat("0", 64)
					}
				case specs.AuthUnknownAction:
					req.Tamper.Action = "DescribeNothingAtAll"
				case specs.AuthBadVersion:
					req.Tamper.Version = "2099-01-01"
				case specs.AuthDeniedKey:
					id, secret = DeniedAccessKeyID, DeniedAccessKeySecret
				case specs.AuthInactiveKey:
					id, secret = DisabledAccessKeyID, DisabledAccessKeySecret
				default:
					t.Fatalf("trigger auth %q has no tampering in this test", tr.Auth)
				}
				resp := do(t, newClient(t, s, sc, id, secret, token), req)
				got := wantErrorOf(t, contract, resp, e.Code)
				if e.Code == string(CodeThrottling) {
					for _, h := range []string{"X-Ratelimit-User-Api", "X-Ratelimit-User"} {
						if v := resp.Header.Get(h); !strings.HasPrefix(v, "Limit:1,Remain:0,TimeLeft:2000,Reset:") {
							t.Errorf("%s: %q", h, v)
						}
					}
				}
				if strings.Contains(e.Message, "{Parameter}") && !namesAny(got.Message, tr.Set, tr.Omit) {
					t.Errorf("%s does not name the parameter its trigger sets or omits: %q", e.Code, got.Message)
				}
			})
		}
	}
}

// namesAny reports whether msg names one of the parameters set or omitted.
func namesAny(msg string, set map[string]string, omit []string) bool {
	for k := range set {
		if strings.Contains(msg, k) {
			return true
		}
	}
	for _, k := range omit {
		if strings.Contains(msg, k) {
			return true
		}
	}
	return false
}
