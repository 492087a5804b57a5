package signer

import (
	"errors"
	"reflect"
	"testing"
)

// FuzzParseAuthorization checks that ParseAuthorization never panics, that
// every failure wraps ErrMalformedAuthorization, and that whatever it accepts
// is well-formed and survives a String/Parse round trip. CI runs it on the
// seed corpus only (f.Add below plus testdata/fuzz/FuzzParseAuthorization).
func FuzzParseAuthorization(f *testing.F) {
	for _, seed := range []string{
		goodAuth,
		"",
		"ACS3-HMAC-SHA256",
		"ACS3-HMAC-SHA256 ",
		"ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=host,Signature=",
		"ACS3-HMAC-SHA256 Credential=AK, SignedHeaders=host;x-acs-date, Signature=" + goodSig,
		"ACS3-HMAC-SHA256 Credential=AK,Credential=AK",
		"ACS3-HMAC-SHA256 =,=,=",
		"ACS3-HMAC-SHA256 ,,,",
		"ACS3-HMAC-SHA256 Credential==,SignedHeaders=;,Signature==",
		"ACS3-HMAC-SM3 Credential=AK,SignedHeaders=host,Signature=" + goodSig,
		"ACS3-HMAC-SHA256 Credential=\xff\xfe,SignedHeaders=h\x00,Signature=" + goodSig,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, h string) {
		a, err := ParseAuthorization(h)
		if err != nil {
			if !errors.Is(err, ErrMalformedAuthorization) {
				t.Fatalf("error %q does not wrap ErrMalformedAuthorization", err)
			}
			if !reflect.DeepEqual(a, Authorization{}) {
				t.Fatalf("failed parse returned a non-zero Authorization %+v", a)
			}
			return
		}
		if a.Algorithm != AlgorithmV3 || a.Credential == "" || len(a.SignedHeaders) == 0 || !isLowerHex(a.Signature, 64) {
			t.Fatalf("accepted %q as an incomplete %+v", h, a)
		}
		b, err := ParseAuthorization(a.String())
		if err != nil {
			t.Fatalf("String() of an accepted header does not parse: %q: %v", a.String(), err)
		}
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("round trip changed %+v into %+v", a, b)
		}
	})
}
