package vcr

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gopkg.in/dnaeon/go-vcr.v2/cassette"
	"gopkg.in/yaml.v3"

	"github.com/ecs-conformance/ecs-conformance/internal/signer"
)

// interactionOf builds the interaction go-vcr would record for c, answered
// with status and body.
func interactionOf(t *testing.T, c call, status int, respBody string) *cassette.Interaction {
	t.Helper()
	req := c.request(t, "http://127.0.0.1:8080")
	body, err := readBody(req)
	if err != nil {
		t.Fatal(err)
	}
	form := url.Values{}
	if c.inBody {
		form, _ = url.ParseQuery(string(body))
	}
	return &cassette.Interaction{
		Request: cassette.Request{Body: string(body), Form: form, Headers: req.Header, URL: req.URL.String(), Method: req.Method},
		Response: cassette.Response{
			Body: respBody,
			Headers: http.Header{
				"Content-Type":      {"application/json;charset=utf-8"},
				"Date":              {"Thu, 26 Nov 2026 20:20:07 GMT"},
				"X-Echo-Access-Key": {testAccessKeyID},
			},
			Status:   http.StatusText(status),
			Code:     status,
			Duration: 123 * time.Millisecond,
		},
	}
}

// rpcMismatchBody is the SignatureDoesNotMatch answer to c, quoting the
// server's string-to-sign as the real service does.
func rpcMismatchBody(c call) string {
	all := url.Values{"AccessKeyId": {testAccessKeyID}, "Action": {"DescribeSecurityGroups"}, "SignatureNonce": {c.nonce}, "Timestamp": {c.timestamp}}
	if c.sts {
		all.Set("SecurityToken", testSTSToken)
	}
	return `{"Code":"SignatureDoesNotMatch","Message":"Specified signature is not matched with our calculation. server string to sign is:` +
		signer.RPCStringToSign("POST", all) + `","RequestId":"0"}`
}

// secretForms returns every value that must not survive Sanitize, in the
// encodings it may appear in.
func secretForms(c call) []string {
	var out []string
	for _, s := range []string{testAccessKeyID, testSTSKeyID, testSTSToken, c.nonce, c.timestamp} {
		once := signer.PercentEncode(s)
		out = append(out, s, url.QueryEscape(s), once, signer.PercentEncode(once))
	}
	return out
}

func TestSanitizeClearsEverySecretAndStillMatches(t *testing.T) {
	nonce, ts := "9f8e7d6c5b4a39281706f5e4d3c2b1a0", "2026-11-26T21:22:23Z"
	tests := []struct {
		name   string
		c      call
		status int
		body   string
	}{
		{"RPC in query, Go encoding", call{}, 200, `{"SecurityGroups":{"SecurityGroup":[]},"RequestId":"0"}`},
		{"RPC in form body", call{inBody: true}, 200, `{}`},
		{"RPC with STS, npm encoding", call{sts: true, npm: true}, 200, `{}`},
		{"RPC SignatureDoesNotMatch echoing the string-to-sign", call{sts: true}, 400, ""},
		{"V3", call{style: StyleV3}, 200, `{}`},
		{"V3 with STS, lower-case headers", call{style: StyleV3, sts: true, lowerHeaders: true}, 200, `{}`},
		{"V3 form body, error echoing the AccessKey ID", call{style: StyleV3, inBody: true}, 400, `{"Code":"InvalidAccessKeyId.NotFound","Message":"key ` + testAccessKeyID + ` not found"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.c.nonce, tt.c.timestamp = nonce, ts
			if tt.body == "" {
				tt.body = rpcMismatchBody(tt.c)
			}
			in := interactionOf(t, tt.c, tt.status, tt.body)
			before, err := RecordedKey(in.Request)
			if err != nil {
				t.Fatal(err)
			}
			liveHeaders := in.Request.Headers
			liveAuth := strings.Join(liveHeaders.Values("Authorization"), "")

			if err := Sanitize(in); err != nil {
				t.Fatalf("Sanitize: %v", err)
			}
			out, err := yaml.Marshal(in)
			if err != nil {
				t.Fatal(err)
			}
			text := string(out)
			for _, s := range secretForms(tt.c) {
				if strings.Contains(text, s) {
					t.Errorf("sanitized interaction still holds %q:\n%s", s, text)
				}
			}
			if _, ok := in.Response.Headers["Date"]; ok || in.Response.Duration != 0 {
				t.Errorf("volatile response fields survive (Date header or duration %v):\n%s", in.Response.Duration, text)
			}
			after, err := RecordedKey(in.Request)
			if err != nil {
				t.Fatal(err)
			}
			if !after.Equal(before) {
				t.Errorf("sanitized request no longer matches the original: %q", after.Diff(before))
			}
			if got := strings.Join(liveHeaders.Values("Authorization"), ""); got != liveAuth {
				t.Errorf("Sanitize changed the live request's headers: Authorization is now %q", got)
			}
			if err := Sanitize(in); err != nil {
				t.Fatal(err)
			}
			if again, _ := yaml.Marshal(in); string(again) != text {
				t.Errorf("Sanitize is not idempotent:\n%s\nthen\n%s", text, again)
			}
			dir := t.TempDir()
			writeCassette(t, filepath.Join(dir, "c.yaml"), in)
			findings, err := ScanSecrets(dir, testSecret, testAccessKeyID, testSTSToken)
			if err != nil {
				t.Fatal(err)
			}
			if len(findings) > 0 {
				t.Errorf("ScanSecrets finds secrets in a sanitized cassette: %v\n%s", findings, text)
			}
		})
	}
}

func TestSanitizeKeepsWhatIsNotSecret(t *testing.T) {
	in := interactionOf(t, call{style: StyleV3, npm: true}, 200, `{"RequestId":"0"}`)
	rawQuery := in.Request.URL[strings.Index(in.Request.URL, "?")+1:]
	if err := Sanitize(in); err != nil {
		t.Fatal(err)
	}
	if got := in.Request.URL[strings.Index(in.Request.URL, "?")+1:]; got != rawQuery {
		t.Errorf("V3 query (business parameters only) changed:\n got %s\nwant %s", got, rawQuery)
	}
	auth := in.Request.Headers.Get("Authorization")
	if !strings.HasPrefix(auth, "ACS3-HMAC-SHA256 Credential=REDACTED,SignedHeaders=host;x-acs-action;") || !strings.HasSuffix(auth, ",Signature=REDACTED") {
		t.Errorf("Authorization = %q, want the algorithm and SignedHeaders kept, Credential and Signature redacted", auth)
	}
	if got := in.Request.Headers.Get("x-acs-content-sha256"); got != signer.EmptyPayloadHash {
		t.Errorf("x-acs-content-sha256 = %q, want it kept", got)
	}

	rpc := interactionOf(t, call{npm: true}, 200, `{}`)
	if err := Sanitize(rpc); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Tag.1.Key=team%20name", "Tag.1.Value=a*b~c%2Fd", "Signature=REDACTED", "AccessKeyId=REDACTED", "Action=DescribeSecurityGroups"} {
		if !strings.Contains(rpc.Request.URL, want) {
			t.Errorf("sanitized RPC URL %s lacks %s", rpc.Request.URL, want)
		}
	}
}

func TestRedactAuthorization(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ACS3-HMAC-SHA256 Credential=LTAIx,SignedHeaders=host;x-acs-date,Signature=abc", "ACS3-HMAC-SHA256 Credential=REDACTED,SignedHeaders=host;x-acs-date,Signature=REDACTED"},
		{"ACS3-HMAC-SHA256 Credential=a, SignedHeaders=host, Signature=b, Extra=c", "ACS3-HMAC-SHA256 Credential=REDACTED,SignedHeaders=host,Signature=REDACTED,Extra=REDACTED"},
		{"Bearer sometoken", "Bearer REDACTED"},
		{"Bearer SignedHeaders=x,part=y", "Bearer REDACTED"}, // a control token may hold '=' and ','
		{"baretoken", Redacted},
		{"", ""},
	}
	for _, tt := range tests {
		if got := redactAuthorization(tt.in); got != tt.want {
			t.Errorf("redactAuthorization(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// writeCassette writes interactions as a go-vcr v2 cassette file.
func writeCassette(t *testing.T, path string, interactions ...*cassette.Interaction) {
	t.Helper()
	data, err := yaml.Marshal(cassetteFile{Version: cassetteVersion, Interactions: interactions})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, append([]byte("---\n"), data...), 0o644); err != nil {
		t.Fatal(err)
	}
}
