package signer

import (
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecs-conformance/ecs-conformance/internal/signer/signertest"
)

type vector = signertest.Vector

func loadVectors(t *testing.T) []vector {
	return signertest.Load(t, filepath.Join("testdata", "vectors"))
}

var pairs = signertest.Pairs

func TestVectors(t *testing.T) {
	seen := map[string]bool{}
	for _, v := range loadVectors(t) {
		seen[v.Name] = true
		t.Run(v.Name, func(t *testing.T) {
			switch v.Scheme {
			case "rpc":
				checkRPCVector(t, v)
			case "v3":
				checkV3Vector(t, v)
			default:
				t.Fatalf("unknown scheme %q", v.Scheme)
			}
		})
	}
	for _, name := range []string{"V1-A", "V1-B", "V1-C", "V1-D", "V3-A", "V3-B", "V3-C", "V3-D"} {
		if !seen[name] {
			t.Errorf("vector %s is missing from testdata/vectors", name)
		}
	}
}

func checkRPCVector(t *testing.T, v vector) {
	params := pairs(v.Params)
	if got := CanonicalQueryString(params); got != v.CanonicalizedQuery {
		t.Errorf("canonicalized query:\n got %s\nwant %s", got, v.CanonicalizedQuery)
	}
	want := v.StringToSign(t)
	sts := RPCStringToSign(v.Method, params)
	if sts != want {
		t.Errorf("string to sign:\n got %s\nwant %s", sts, want)
	}
	if got := RPCSign(v.Secret, sts); got != v.Signature {
		t.Errorf("signature = %s, want %s", got, v.Signature)
	}
	// The wire form is plain url.Values.Encode; checking it here keeps the
	// vector file honest about what a Go client sends.
	params.Set("Signature", v.Signature)
	if got := params.Encode(); got != v.WireQuery {
		t.Errorf("wire query:\n got %s\nwant %s", got, v.WireQuery)
	}
}

func checkV3Vector(t *testing.T, v vector) {
	h := http.Header{}
	for _, kv := range v.Headers {
		h.Add(kv[0], kv[1])
	}
	payload := HashPayload([]byte(v.Body))
	if got := h.Get("x-acs-content-sha256"); got != payload {
		t.Errorf("HashPayload(body) = %s, vector header says %s", payload, got)
	}
	signed := DefaultSignedHeaders(h)
	cr := CanonicalRequest(v.Method, v.URI, pairs(v.Query), h, v.Host, signed, payload)
	if want := strings.Join(v.CanonicalRequest, "\n"); cr != want {
		t.Errorf("canonical request:\n got %q\nwant %q", cr, want)
	}
	sts := V3StringToSign(cr)
	if want := v.StringToSign(t); sts != want {
		t.Errorf("string to sign:\n got %q\nwant %q", sts, want)
	}
	if !strings.HasSuffix(sts, "\n"+v.HashedCanonical) {
		t.Errorf("string to sign %q does not end with the hashed canonical request %s", sts, v.HashedCanonical)
	}
	auth := Authorization{Credential: v.AccessKeyID, SignedHeaders: signed, Signature: V3Sign(v.Secret, sts)}
	if got := auth.String(); got != v.Authorization {
		t.Errorf("authorization:\n got %s\nwant %s", got, v.Authorization)
	}
	parsed, err := ParseAuthorization(v.Authorization)
	if err != nil {
		t.Fatalf("ParseAuthorization(vector): %v", err)
	}
	if !Equal(parsed.Signature, auth.Signature) {
		t.Errorf("parsed signature %s != computed %s", parsed.Signature, auth.Signature)
	}
}
