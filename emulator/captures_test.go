package emulator

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/ecs-conformance/ecs-conformance/internal/signer/signertest"
)

// Credentials the captured clients signed with (see the README beside the captures).
const (
	captureKeyID  = "LTAI5tTESTACCESSKEYID"
	captureSecret = "TestAccessKeySecret0123456789"
	captureToken  = "STS.TOKEN+/="
)

// readCapture parses a request captured from an official client. The
// captures live once, with the signer that was checked against them
// (internal/signer/testdata/captures, described in its README).
func readCapture(t *testing.T, name string) *http.Request {
	t.Helper()
	r, _ := signertest.ReadCapture(t, filepath.Join("..", filepath.FromSlash(signertest.CapturesDir)), name)
	return r
}

// TestCapturesVerify has the emulator verify requests signed by the official
// clients: each passes authentication and gets its business answer.
func TestCapturesVerify(t *testing.T) {
	tests := []struct {
		file   string
		sts    bool
		status int
		code   string // "" for a 200 page
	}{
		// The v7 and npm full requests send the documentation's example
		// NextToken, which this emulator never issued: passing the
		// signature, they get the NextToken error, not SignatureDoesNotMatch.
		{file: "v7-v3-full.http", status: 400, code: "InValidParameter.NextToken"},
		{file: "v7-rpc-full.http", status: 400, code: "InValidParameter.NextToken"},
		{file: "npm-v3-full.http", status: 400, code: "InValidParameter.NextToken"},
		{file: "tearpc-rpc-form-body.http", status: 200},
		{file: "cli-rpc-get.http", status: 200},
		{file: "v7-v3-sts.http", sts: true, status: 200},
		{file: "v7-rpc-sts.http", sts: true, status: 200},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			key := AccessKey{ID: captureKeyID, Secret: captureSecret, Account: DefaultAccount}
			if tt.sts {
				key.SecurityToken = captureToken
			}
			s := newTestServer(t, func(o *Options) { o.Keys = []AccessKey{key} })
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, readCapture(t, tt.file))
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, rec.Body)
			}
			var body struct{ Code string }
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
				t.Fatalf("answer is not JSON: %v", err)
			}
			if body.Code != tt.code {
				t.Fatalf("code %q, want %q: %s", body.Code, tt.code, rec.Body)
			}

			// The same bytes with another secret must fail the signature:
			// the check above is not passing by accident.
			key.Secret = "AnotherSecret"
			s = newTestServer(t, func(o *Options) { o.Keys = []AccessKey{key} })
			rec = httptest.NewRecorder()
			s.ServeHTTP(rec, readCapture(t, tt.file))
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || body.Code != "SignatureDoesNotMatch" {
				t.Fatalf("with a wrong secret: %d %s", rec.Code, rec.Body)
			}
		})
	}
}
