package client

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ecs-conformance/ecs-conformance/internal/signer"
)

// TestTamper checks that each Tamper field has the intended effect on the
// wire, and only that effect: unless a tamper is meant to break the
// signature, the request must still verify, so that an endpoint's answer can
// be blamed on the one fault.
func TestTamper(t *testing.T) {
	stale := testTime.Add(-time.Hour)
	tests := []struct {
		name     string
		scheme   Scheme
		tamper   Tamper
		verifies bool   // with the secret below
		secret   string // testSecret when empty
		check    func(t *testing.T, got received)
	}{
		{"rpc corrupt signature", SchemeRPC, Tamper{CorruptSignature: true}, false, "", func(t *testing.T, got received) {
			sig := got.Query.Get("Signature")
			if len(sig) != 28 || !strings.HasSuffix(sig, "=") {
				t.Errorf("corrupted signature %q no longer looks like base64 HMAC-SHA1", sig)
			}
		}},
		{"v3 corrupt signature", SchemeV3, Tamper{CorruptSignature: true}, false, "", func(t *testing.T, got received) {
			if _, err := signer.ParseAuthorization(got.Header.Get("Authorization")); err != nil {
				t.Errorf("corrupted Authorization is malformed, want well-formed: %v", err)
			}
		}},
		{"v3 malformed authorization", SchemeV3, Tamper{MalformedAuthorization: "ACS3-HMAC-SHA256 Credential=x"}, false, "", func(t *testing.T, got received) {
			if h := got.Header.Get("Authorization"); h != "ACS3-HMAC-SHA256 Credential=x" {
				t.Errorf("Authorization = %q, want it verbatim", h)
			}
		}},
		{"rpc stale timestamp", SchemeRPC, Tamper{Timestamp: &stale}, true, "", func(t *testing.T, got received) {
			if v := got.Query.Get("Timestamp"); v != "2026-11-26T19:20:07Z" {
				t.Errorf("Timestamp = %q", v)
			}
		}},
		{"v3 stale timestamp", SchemeV3, Tamper{Timestamp: &stale}, true, "", func(t *testing.T, got received) {
			if v := got.Header.Get("x-acs-date"); v != "2026-11-26T19:20:07Z" {
				t.Errorf("x-acs-date = %q", v)
			}
		}},
		{"rpc garbled timestamp", SchemeRPC, Tamper{RawTimestamp: "yesterday"}, true, "", func(t *testing.T, got received) {
			if v := got.Query.Get("Timestamp"); v != "yesterday" {
				t.Errorf("Timestamp = %q", v)
			}
		}},
		{"v3 garbled timestamp", SchemeV3, Tamper{RawTimestamp: "2026-11-26 20:20:07"}, true, "", func(t *testing.T, got received) {
			if v := got.Header.Get("x-acs-date"); v != "2026-11-26 20:20:07" {
				t.Errorf("x-acs-date = %q", v)
			}
		}},
		{"rpc replayed nonce", SchemeRPC, Tamper{Nonce: "replayed"}, true, "", func(t *testing.T, got received) {
			if v := got.Query.Get("SignatureNonce"); v != "replayed" {
				t.Errorf("SignatureNonce = %q", v)
			}
		}},
		{"v3 replayed nonce", SchemeV3, Tamper{Nonce: "replayed"}, true, "", func(t *testing.T, got received) {
			if v := got.Header.Get("x-acs-signature-nonce"); v != "replayed" {
				t.Errorf("x-acs-signature-nonce = %q", v)
			}
		}},
		{"rpc omit common parameters", SchemeRPC, Tamper{Omit: []string{"Timestamp", "SignatureNonce", "AccessKeyId"}}, true, "", func(t *testing.T, got received) {
			for _, name := range []string{"Timestamp", "SignatureNonce", "AccessKeyId"} {
				if got.Query.Has(name) {
					t.Errorf("%s still sent", name)
				}
			}
		}},
		{"rpc omit business parameter", SchemeRPC, Tamper{Omit: []string{"RegionId"}}, true, "", func(t *testing.T, got received) {
			if got.Query.Has("RegionId") {
				t.Error("RegionId still sent")
			}
		}},
		{"rpc omit signature", SchemeRPC, Tamper{Omit: []string{"Signature"}}, false, "", func(t *testing.T, got received) {
			if got.Query.Has("Signature") {
				t.Error("Signature still sent")
			}
		}},
		{"v3 omit headers", SchemeV3, Tamper{Omit: []string{"x-acs-date", "X-ACS-SIGNATURE-NONCE"}}, true, "", func(t *testing.T, got received) {
			for _, name := range []string{"x-acs-date", "x-acs-signature-nonce"} {
				if got.Header.Get(name) != "" {
					t.Errorf("%s still sent", name)
				}
				if strings.Contains(got.Header.Get("Authorization"), name) {
					t.Errorf("%s still signed", name)
				}
			}
		}},
		{"v3 omit authorization", SchemeV3, Tamper{Omit: []string{"Authorization"}}, false, "", func(t *testing.T, got received) {
			if _, ok := got.Header["Authorization"]; ok {
				t.Error("Authorization still sent")
			}
		}},
		{"rpc other signer", SchemeRPC, Tamper{AccessKeyID: "LTAIother", Secret: "other-secret"}, true, "other-secret", func(t *testing.T, got received) {
			if v := got.Query.Get("AccessKeyId"); v != "LTAIother" {
				t.Errorf("AccessKeyId = %q", v)
			}
			if verifyRPC(t, got, testSecret) {
				t.Error("verifies with the configured secret too")
			}
		}},
		{"v3 other signer", SchemeV3, Tamper{AccessKeyID: "LTAIother", Secret: "other-secret"}, true, "other-secret", func(t *testing.T, got received) {
			if !strings.Contains(got.Header.Get("Authorization"), "Credential=LTAIother,") {
				t.Errorf("Authorization = %q", got.Header.Get("Authorization"))
			}
			if verifyV3(t, got, testSecret) {
				t.Error("verifies with the configured secret too")
			}
		}},
		{"rpc version and action", SchemeRPC, Tamper{Version: "2099-01-01", Action: "NoSuchAction"}, true, "", func(t *testing.T, got received) {
			if got.Query.Get("Version") != "2099-01-01" || got.Query.Get("Action") != "NoSuchAction" {
				t.Errorf("Version=%q Action=%q", got.Query.Get("Version"), got.Query.Get("Action"))
			}
		}},
		{"v3 version and action", SchemeV3, Tamper{Version: "2099-01-01", Action: "NoSuchAction"}, true, "", func(t *testing.T, got received) {
			if got.Header.Get("x-acs-version") != "2099-01-01" || got.Header.Get("x-acs-action") != "NoSuchAction" {
				t.Errorf("x-acs-version=%q x-acs-action=%q", got.Header.Get("x-acs-version"), got.Header.Get("x-acs-action"))
			}
		}},
		{"rpc format", SchemeRPC, Tamper{Format: "XML"}, true, "", func(t *testing.T, got received) {
			if v := got.Query["Format"]; len(v) != 1 || v[0] != "XML" {
				t.Errorf("Format = %q, want [XML]", v)
			}
		}},
		{"v3 unsigned extra header", SchemeV3, Tamper{Header: http.Header{"X-Extra": {"1"}}}, true, "", func(t *testing.T, got received) {
			if got.Header.Get("X-Extra") != "1" {
				t.Error("X-Extra not sent")
			}
		}},
		{"v3 header altered after signing", SchemeV3, Tamper{Header: http.Header{"x-acs-date": {"2000-01-01T00:00:00Z"}}}, false, "", func(t *testing.T, got received) {
			if v := got.Header.Values("x-acs-date"); len(v) != 1 || v[0] != "2000-01-01T00:00:00Z" {
				t.Errorf("x-acs-date = %q", v)
			}
		}},
		{"v3 host altered after signing", SchemeV3, Tamper{Header: http.Header{"Host": {"ecs.example.com"}}}, false, "", func(t *testing.T, got received) {
			if got.Host != "ecs.example.com" {
				t.Errorf("Host = %q", got.Host)
			}
		}},
		{"rpc unsigned header", SchemeRPC, Tamper{Header: http.Header{"X-Extra": {"1"}}}, true, "", func(t *testing.T, got received) {
			if got.Header.Get("X-Extra") != "1" {
				t.Error("X-Extra not sent")
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := newRecorder(t)
			c := newTestClient(t, rec, tt.scheme, "")
			_, err := c.Do(context.Background(), Request{
				Action: "DescribeSecurityGroups", Params: url.Values{"RegionId": {"cn-hangzhou"}}, Tamper: tt.tamper,
			})
			if err != nil {
				t.Fatal(err)
			}
			got := rec.last(t)
			secret := tt.secret
			if secret == "" {
				secret = testSecret
			}
			// Without a parsable Authorization there is no signature to
			// verify; the check says enough.
			noAuth := tt.tamper.MalformedAuthorization != "" || slices.Contains(tt.tamper.Omit, "Authorization")
			if !noAuth {
				if ok := verify(t, tt.scheme, got, secret); ok != tt.verifies {
					t.Errorf("signature verifies = %v, want %v", ok, tt.verifies)
				}
			}
			tt.check(t, got)
		})
	}
}

func TestTamperNonceReplaysAcrossRequests(t *testing.T) {
	rec := newRecorder(t)
	c, err := New(Config{Endpoint: rec.URL, AccessKeyID: testAK, AccessKeySecret: testSecret})
	if err != nil {
		t.Fatal(err)
	}
	first, err := c.NewHTTPRequest(context.Background(), Request{Action: "DescribeSecurityGroups"})
	if err != nil {
		t.Fatal(err)
	}
	nonce := first.Header.Get("x-acs-signature-nonce")
	second, err := c.NewHTTPRequest(context.Background(), Request{Action: "DescribeSecurityGroups", Tamper: Tamper{Nonce: nonce}})
	if err != nil {
		t.Fatal(err)
	}
	if got := second.Header.Get("x-acs-signature-nonce"); got != nonce {
		t.Errorf("second nonce %q, want the first %q", got, nonce)
	}
}

func TestInvalidRequests(t *testing.T) {
	now := testTime
	tests := []struct {
		name    string
		scheme  Scheme
		r       Request
		wantErr string
	}{
		{"no action", SchemeV3, Request{}, "Request.Action is empty"},
		{"body with GET", SchemeRPC, Request{Action: "A", Method: "GET", InBody: true}, "InBody needs method POST"},
		{"two timestamps", SchemeV3, Request{Action: "A", Tamper: Tamper{Timestamp: &now, RawTimestamp: "x"}}, "not both"},
		{"malformed authorization with rpc", SchemeRPC, Request{Action: "A", Tamper: Tamper{MalformedAuthorization: "x"}}, "v3 scheme only"},
		{"format with v3", SchemeV3, Request{Action: "A", Tamper: Tamper{Format: "XML"}}, "rpc scheme only"},
		{"omit what rpc does not send", SchemeRPC, Request{Action: "A", Tamper: Tamper{Omit: []string{"x-acs-date"}}}, `carries no "x-acs-date"`},
		{"omit what v3 does not send", SchemeV3, Request{Action: "A", Tamper: Tamper{Omit: []string{"Timestamp"}}}, `carries no "Timestamp"`},
		{"omit host", SchemeV3, Request{Action: "A", Tamper: Tamper{Omit: []string{"Host"}}}, "Host cannot be omitted"},
		{"invalid method", SchemeV3, Request{Action: "A", Method: "BAD METHOD"}, "invalid method"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := newRecorder(t)
			c := newTestClient(t, rec, tt.scheme, "")
			_, err := c.Do(context.Background(), tt.r)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
			}
			if n := rec.count(); n != 0 {
				t.Errorf("an invalid request was sent (%d received)", n)
			}
		})
	}
}

// TestTamperBodyAndSignedHeaders checks the two V3 envelope tampers whose
// requests the structural checks of verifyV3 refuse by design: a body
// swapped after signing still carries the original's hash and signature,
// and an unsigned header is sent but verifies without it.
func TestTamperBodyAndSignedHeaders(t *testing.T) {
	params := url.Values{"RegionId": {"cn-hangzhou"}, "MaxResults": {"10"}}
	swapped := []byte("MaxResults=20&RegionId=cn-hangzhou")
	t.Run("v3 body swapped after signing", func(t *testing.T) {
		rec := newRecorder(t)
		c := newTestClient(t, rec, SchemeV3, "")
		if _, err := c.Do(context.Background(), Request{Action: "DescribeSecurityGroups", Params: params, InBody: true, Tamper: Tamper{Body: swapped}}); err != nil {
			t.Fatal(err)
		}
		got := rec.last(t)
		if string(got.Body) != string(swapped) {
			t.Errorf("body %q, want the swapped one", got.Body)
		}
		if h := got.Header.Get("x-acs-content-sha256"); h != signer.HashPayload([]byte(params.Encode())) {
			t.Errorf("x-acs-content-sha256 = %s, want the hash of the signed body", h)
		}
		auth, err := signer.ParseAuthorization(got.Header.Get("Authorization"))
		if err != nil {
			t.Fatal(err)
		}
		cr := signer.CanonicalRequest(got.Method, got.Path, got.Query, got.Header, got.Host, auth.SignedHeaders, got.Header.Get("x-acs-content-sha256"))
		if !signer.Equal(signer.V3Sign(testSecret, signer.V3StringToSign(cr)), auth.Signature) {
			t.Error("the signature does not verify over the declared hash: only the body should be wrong")
		}
	})
	t.Run("rpc body swapped after signing", func(t *testing.T) {
		rec := newRecorder(t)
		c := newTestClient(t, rec, SchemeRPC, "")
		if _, err := c.Do(context.Background(), Request{Action: "DescribeSecurityGroups", Params: params, InBody: true, Tamper: Tamper{Body: swapped}}); err != nil {
			t.Fatal(err)
		}
		got := rec.last(t)
		if string(got.Body) != string(swapped) {
			t.Errorf("body %q, want the swapped one", got.Body)
		}
		if verifyRPC(t, got, testSecret) {
			t.Error("a swapped form body still verifies")
		}
	})
	t.Run("v3 header left unsigned", func(t *testing.T) {
		rec := newRecorder(t)
		c := newTestClient(t, rec, SchemeV3, "")
		if _, err := c.Do(context.Background(), Request{Action: "DescribeSecurityGroups", Params: params, Tamper: Tamper{Unsigned: []string{"X-Acs-Signature-Nonce"}}}); err != nil {
			t.Fatal(err)
		}
		got := rec.last(t)
		if got.Header.Get("x-acs-signature-nonce") == "" {
			t.Error("the unsigned header was not sent")
		}
		auth, err := signer.ParseAuthorization(got.Header.Get("Authorization"))
		if err != nil {
			t.Fatal(err)
		}
		if slices.Contains(auth.SignedHeaders, "x-acs-signature-nonce") {
			t.Errorf("SignedHeaders %v still lists it", auth.SignedHeaders)
		}
		cr := signer.CanonicalRequest(got.Method, got.Path, got.Query, got.Header, got.Host, auth.SignedHeaders, signer.HashPayload(got.Body))
		if !signer.Equal(signer.V3Sign(testSecret, signer.V3StringToSign(cr)), auth.Signature) {
			t.Error("the signature does not verify over the headers it lists")
		}
	})
	for _, tt := range []struct {
		name    string
		scheme  Scheme
		r       Request
		wantErr string
	}{
		{"unsigned with rpc", SchemeRPC, Request{Action: "A", Tamper: Tamper{Unsigned: []string{"x-acs-date"}}}, "v3 scheme only"},
		{"unsigned header not signed", SchemeV3, Request{Action: "A", Tamper: Tamper{Unsigned: []string{"accept"}}}, `signs no "accept"`},
		{"body without InBody", SchemeV3, Request{Action: "A", Tamper: Tamper{Body: []byte("x")}}, "set Request.InBody"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := newRecorder(t)
			c := newTestClient(t, rec, tt.scheme, "")
			if _, err := c.Do(context.Background(), tt.r); err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}
