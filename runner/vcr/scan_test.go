package vcr

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/dnaeon/go-vcr.v2/cassette"

	"github.com/ecs-conformance/ecs-conformance/internal/signer"
)

// cleanInteraction is a sanitized RPC interaction.
func cleanInteraction(t *testing.T) *cassette.Interaction {
	t.Helper()
	in := interactionOf(t, call{inBody: true}, 200, `{"RequestId":"0"}`)
	if err := Sanitize(in); err != nil {
		t.Fatal(err)
	}
	return in
}

func TestScanSecretsFindsEachKind(t *testing.T) {
	const literal = "MyVerySecretValue/+="
	tests := []struct {
		name      string
		plant     func(in *cassette.Interaction)
		field     string
		kind      SecretKind
		forbidden string // must not appear in the finding's text
	}{
		{"a given secret in the response body", func(in *cassette.Interaction) { in.Response.Body = `{"x":"` + literal + `"}` },
			"response.body", KindLiteral, literal},
		{"a given secret percent-encoded in the URL", func(in *cassette.Interaction) { in.Request.URL += "&Note=" + signer.PercentEncode(literal) },
			"request.url", KindLiteral, literal},
		{"an AccessKey ID in a response header", func(in *cassette.Interaction) { in.Response.Headers.Set("X-Owner", "LTAI5tSomeOtherKey1234") },
			"response.headers.X-Owner", KindAccessKeyID, "LTAI5tSomeOtherKey1234"},
		{"an AccessKey ID twice encoded in an echoed string-to-sign", func(in *cassette.Interaction) {
			in.Response.Body = `{"Message":"server string to sign is:` + signer.RPCStringToSign("POST", url.Values{"AccessKeyId": {"LTAI5tEchoedKey123456"}}) + `"}`
		}, "response.body", KindAccessKeyID, "LTAI5tEchoedKey123456"},
		{"an STS token in its header", func(in *cassette.Interaction) { in.Request.Headers.Set("X-Acs-Security-Token", testSTSToken) },
			"request.headers.X-Acs-Security-Token", KindSTSToken, testSTSToken},
		{"a credential header not redacted", func(in *cassette.Interaction) { in.Request.Headers.Set("X-Acs-Accesskey-Id", "STS.NSomething") },
			"request.headers.X-Acs-Accesskey-Id", KindUnredacted, "STS.NSomething"},
		{"Signature= in the URL not redacted", func(in *cassette.Interaction) {
			in.Request.URL = strings.Replace(in.Request.URL, "Signature=REDACTED", "Signature=bUDcn6PADwgpw5aNSaO4Vc0oDYg%3D", 1)
		}, "request.url", KindSignature, "bUDcn6PADwgpw5aNSaO4Vc0oDYg"},
		{"Credential= in Authorization not redacted", func(in *cassette.Interaction) {
			in.Request.Headers.Set("Authorization", "ACS3-HMAC-SHA256 Credential=someone,SignedHeaders=host,Signature=REDACTED")
		}, "request.headers.Authorization", KindCredential, "someone"},
		{"a hex MAC in a signature header", func(in *cassette.Interaction) {
			in.Request.Headers.Set("X-Custom-Signature", "6217a0f1d443fd8bf17430f16553db496b7f4e80bfbb82a38501fb6cbb2dd52a")
		}, "request.headers.X-Custom-Signature", KindSignature, "6217a0f1d443"},
		{"a base64 MAC in the Signature form field", func(in *cassette.Interaction) { in.Request.Form.Set("Signature", "bUDcn6PADwgpw5aNSaO4Vc0oDYg=") },
			"request.form.Signature", KindSignature, "bUDcn6PADwgpw5aNSaO4Vc0oDYg"},
		{"an AccessKeyId parameter not redacted", func(in *cassette.Interaction) {
			in.Request.URL = strings.Replace(in.Request.URL, "AccessKeyId=REDACTED", "AccessKeyId=plainid", 1)
		}, "request.url.AccessKeyId", KindUnredacted, "plainid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			planted := cleanInteraction(t)
			tt.plant(planted)
			writeCassette(t, filepath.Join(dir, "target", "op", "spec.yaml"), cleanInteraction(t), planted)
			writeCassette(t, filepath.Join(dir, "target", "op", "clean.yaml"), cleanInteraction(t))

			findings, err := ScanSecrets(dir, literal, testSecret)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, f := range findings {
				if f.File != "target/op/spec.yaml" || f.Interaction != 1 {
					t.Errorf("finding outside the planted interaction: %v", f)
				}
				if f.Field == tt.field && f.Kind == tt.kind {
					found = true
				}
				if strings.Contains(f.String(), tt.forbidden) {
					t.Errorf("finding %q shows the secret", f)
				}
			}
			if !found {
				t.Errorf("no %q finding in %s; got %v", tt.kind, tt.field, findings)
			}
		})
	}
}

func TestScanSecretsPassesCleanCassettes(t *testing.T) {
	dir := t.TempDir()
	writeCassette(t, filepath.Join(dir, "a.yaml"), cleanInteraction(t), cleanInteraction(t))
	writeCassette(t, filepath.Join(dir, "sub", "b.yaml"))
	findings, err := ScanSecrets(dir, testSecret, testAccessKeyID)
	if err != nil {
		t.Fatal(err)
	}
	if len(findings) != 0 {
		t.Errorf("findings in clean cassettes: %v", findings)
	}
}

func TestScanSecretsReportsUnreadableCassettes(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "broken.yaml"), []byte("interactions: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ScanSecrets(dir)
	if err == nil || !strings.Contains(err.Error(), "broken.yaml") {
		t.Errorf("ScanSecrets error = %v, want one naming broken.yaml", err)
	}
}
