package signer

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecs-conformance/ecs-conformance/internal/signer/signertest"
)

// capture is one entry of testdata/captures/captures.json.
type capture struct {
	File         string   `json:"file"`
	Client       string   `json:"client"`
	Scheme       string   `json:"scheme"`
	Secret       string   `json:"secret"`
	Recomputed   string   `json:"recomputed"`
	StringToSign []string `json:"stringToSign"`
}

// readCapture parses a captured request the way a server would: from its
// raw bytes, with the query decoded by net/url (so '+' becomes a space and a
// raw '*' stays '*').
func readCapture(t *testing.T, name string) (*http.Request, []byte) {
	return signertest.ReadCapture(t, filepath.Join("testdata", "captures"), name)
}

func TestCaptures(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "captures", "captures.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cs []capture
	if err := json.Unmarshal(data, &cs); err != nil {
		t.Fatal(err)
	}
	// The two the brief names: the v7 V3 request to 127.0.0.1:34157 with a
	// signed x-acs-credentials-provider, and npm's %20 and raw '*'.
	required := map[string]bool{"v7-v3-full.http": false, "npm-v3-full.http": false}
	for _, c := range cs {
		if _, ok := required[c.File]; ok {
			required[c.File] = true
		}
	}
	for file, ok := range required {
		if !ok {
			t.Errorf("capture %s is missing from captures.json", file)
		}
	}
	for _, c := range cs {
		t.Run(strings.TrimSuffix(c.File, ".http"), func(t *testing.T) {
			r, body := readCapture(t, c.File)
			switch c.Scheme {
			case "rpc":
				checkRPCCapture(t, c, r, body)
			case "v3":
				checkV3Capture(t, c, r, body)
			default:
				t.Fatalf("unknown scheme %q", c.Scheme)
			}
		})
	}
}

func checkRPCCapture(t *testing.T, c capture, r *http.Request, body []byte) {
	params := r.URL.Query()
	// Form-body parameters are signed too (the terraform/tea-rpc layout).
	if len(body) > 0 && strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		form, err := url.ParseQuery(string(body))
		if err != nil {
			t.Fatalf("body: %v", err)
		}
		for name, values := range form {
			params[name] = append(params[name], values...)
		}
	}
	sts := RPCStringToSign(r.Method, params)
	if want := strings.Join(c.StringToSign, "\n"); sts != want {
		t.Errorf("string to sign:\n got %s\nwant %s", sts, want)
	}
	sig := RPCSign(c.Secret, sts)
	if sig != c.Recomputed {
		t.Errorf("signature = %s, want recomputed=%s", sig, c.Recomputed)
	}
	if sent := params.Get("Signature"); !Equal(sig, sent) {
		t.Errorf("signature = %s, the client sent %s", sig, sent)
	}
}

func checkV3Capture(t *testing.T, c capture, r *http.Request, body []byte) {
	auth, err := ParseAuthorization(r.Header.Get("Authorization"))
	if err != nil {
		t.Fatalf("ParseAuthorization: %v", err)
	}
	payload := HashPayload(body)
	if got := r.Header.Get("x-acs-content-sha256"); got != payload {
		t.Errorf("x-acs-content-sha256 = %s, body hashes to %s", got, payload)
	}
	cr := CanonicalRequest(r.Method, r.URL.Path, r.URL.Query(), r.Header, r.Host, auth.SignedHeaders, payload)
	sts := V3StringToSign(cr)
	if want := strings.Join(c.StringToSign, "\n"); sts != want {
		t.Errorf("string to sign:\n got %q\nwant %q\ncanonical request:\n%s", sts, want, cr)
	}
	sig := V3Sign(c.Secret, sts)
	if sig != c.Recomputed {
		t.Errorf("signature = %s, want recomputed=%s", sig, c.Recomputed)
	}
	if !Equal(sig, auth.Signature) {
		t.Errorf("signature = %s, the client sent %s", sig, auth.Signature)
	}
}

// TestCaptureSignedHeadersAreTheDefault checks that DefaultSignedHeaders
// chooses what the SDKs chose on the wire, including the
// x-acs-credentials-provider header the v7 SDK adds.
func TestCaptureSignedHeadersAreTheDefault(t *testing.T) {
	for _, name := range []string{"v7-v3-full.http", "v7-v3-sts.http", "npm-v3-full.http"} {
		r, _ := readCapture(t, name)
		auth, err := ParseAuthorization(r.Header.Get("Authorization"))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		h := r.Header.Clone()
		h.Del("Authorization")
		got := strings.Join(DefaultSignedHeaders(h), ";")
		if want := strings.Join(auth.SignedHeaders, ";"); got != want {
			t.Errorf("%s: DefaultSignedHeaders = %s, the client signed %s", name, got, want)
		}
	}
}
