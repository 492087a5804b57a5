package signer

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

const (
	goodSig  = "6217a0f1d443fd8bf17430f16553db496b7f4e80bfbb82a38501fb6cbb2dd52a"
	goodAuth = "ACS3-HMAC-SHA256 Credential=LTAI5tEXAMPLEKEYID,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=" + goodSig
)

func TestParseAuthorization(t *testing.T) {
	want := Authorization{
		Algorithm:     AlgorithmV3,
		Credential:    "LTAI5tEXAMPLEKEYID",
		SignedHeaders: []string{"host", "x-acs-action", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce", "x-acs-version"},
		Signature:     goodSig,
	}
	tests := []struct {
		name string
		in   string
		want Authorization
	}{
		{"as the SDK sends it", goodAuth, want},
		{"fields in another order",
			"ACS3-HMAC-SHA256 Signature=" + goodSig + ",Credential=LTAI5tEXAMPLEKEYID,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version", want},
		{"spaces after commas", strings.ReplaceAll(goodAuth, ",", ", "), want},
		{"signed headers kept as sent",
			"ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=X-Acs-Date;Host,Signature=" + goodSig,
			Authorization{Algorithm: AlgorithmV3, Credential: "AK", SignedHeaders: []string{"X-Acs-Date", "Host"}, Signature: goodSig}},
		{"STS credential", "ACS3-HMAC-SHA256 Credential=STS.NExampleTempKeyId,SignedHeaders=host,Signature=" + goodSig,
			Authorization{Algorithm: AlgorithmV3, Credential: "STS.NExampleTempKeyId", SignedHeaders: []string{"host"}, Signature: goodSig}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseAuthorization(tt.in)
			if err != nil {
				t.Fatalf("ParseAuthorization: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestParseAuthorizationErrors(t *testing.T) {
	sig := ",Signature=" + goodSig
	tests := []struct {
		name, in, wantMsg string
		unsupported       bool
	}{
		{"empty", "", "the header is empty", false},
		{"blank", "   ", "the header is empty", false},
		{"other algorithm", "ACS3-HMAC-SM3 Credential=AK,SignedHeaders=host" + sig, `"ACS3-HMAC-SM3"; only ACS3-HMAC-SHA256`, true},
		{"RPC-looking", "HMAC-SHA1 abc", `"HMAC-SHA1"`, true},
		{"lower-case algorithm", "acs3-hmac-sha256 Credential=AK,SignedHeaders=host" + sig, "unsupported", true},
		{"algorithm only", "ACS3-HMAC-SHA256", "nothing follows", false},
		{"algorithm and space", "ACS3-HMAC-SHA256 ", "nothing follows", false},
		{"no separating space", "ACS3-HMAC-SHA256,Credential=AK", "unsupported", true},
		{"missing Credential", "ACS3-HMAC-SHA256 SignedHeaders=host" + sig, "Credential is missing", false},
		{"missing SignedHeaders", "ACS3-HMAC-SHA256 Credential=AK" + sig, "SignedHeaders is missing", false},
		{"missing Signature", "ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=host", "Signature is missing", false},
		{"empty Credential", "ACS3-HMAC-SHA256 Credential=,SignedHeaders=host" + sig, "Credential is empty", false},
		{"empty SignedHeaders", "ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=" + sig, "SignedHeaders is empty", false},
		{"empty Signature", "ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=host,Signature=", "Signature is empty", false},
		{"duplicate Credential", "ACS3-HMAC-SHA256 Credential=AK,Credential=AK,SignedHeaders=host" + sig, "Credential appears twice", false},
		{"duplicate Signature", goodAuth + sig, "Signature appears twice", false},
		{"unknown field", goodAuth + ",Region=cn-hangzhou", `unknown field "Region"`, false},
		{"lower-case field name", "ACS3-HMAC-SHA256 credential=AK,SignedHeaders=host" + sig, `unknown field "credential"`, false},
		{"field without =", "ACS3-HMAC-SHA256 Credential,SignedHeaders=host" + sig, `"Credential" has no '='`, false},
		{"trailing comma", goodAuth + ",", `"" has no '='`, false},
		{"space inside a value", "ACS3-HMAC-SHA256 Credential=A K,SignedHeaders=host" + sig, "Credential contains white space", false},
		{"empty signed header", "ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=host;;x-acs-date" + sig, "empty name at position 2", false},
		{"trailing semicolon", "ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=host;" + sig, "empty name at position 2", false},
		{"repeated signed header", "ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=host;Host" + sig, `lists "Host" twice`, false},
		{"invalid header name", "ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=host:x" + sig, `"host:x" is not a valid header name`, false},
		{"short signature", "ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=host,Signature=abc", "not 64 lower-case hex", false},
		{"upper-case signature", "ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=host,Signature=" + strings.ToUpper(goodSig), "not 64 lower-case hex", false},
		{"base64 signature", "ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=host,Signature=bUDcn6PADwgpw5aNSaO4Vc0oDYg=", "not 64 lower-case hex", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseAuthorization(tt.in)
			if err == nil {
				t.Fatalf("ParseAuthorization(%q) succeeded, want an error containing %q", tt.in, tt.wantMsg)
			}
			if !errors.Is(err, ErrMalformedAuthorization) {
				t.Errorf("error %q does not wrap ErrMalformedAuthorization", err)
			}
			if got := errors.Is(err, ErrUnsupportedAlgorithm); got != tt.unsupported {
				t.Errorf("errors.Is(err, ErrUnsupportedAlgorithm) = %v, want %v (err %q)", got, tt.unsupported, err)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("error %q does not say %q", err, tt.wantMsg)
			}
		})
	}
}

func TestAuthorizationStringRoundTrip(t *testing.T) {
	a, err := ParseAuthorization(goodAuth)
	if err != nil {
		t.Fatal(err)
	}
	if got := a.String(); got != goodAuth {
		t.Errorf("String() = %s, want %s", got, goodAuth)
	}
	a.Algorithm = ""
	if got := a.String(); got != goodAuth {
		t.Errorf("String() with empty Algorithm = %s, want %s", got, goodAuth)
	}
}
