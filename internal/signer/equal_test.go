package signer

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"testing"
)

func TestEqualHexAndBase64(t *testing.T) {
	sum256 := hmac.New(sha256.New, []byte("k")).Sum(nil)
	sum1 := hmac.New(sha1.New, []byte("k")).Sum(nil)
	good := hex.EncodeToString(sum256)
	if !EqualHex(good, sum256) || EqualHex(good[:62], sum256) || EqualHex(good[:63]+"x", sum256) {
		t.Error("EqualHex")
	}
	upper := []byte(good)
	for i, c := range upper {
		if 'a' <= c && c <= 'f' {
			upper[i] = c - 32
			break
		}
	}
	if EqualHex(string(upper), sum256) {
		t.Error("EqualHex accepts upper-case hex, which ParseAuthorization refuses anyway")
	}
	b64 := base64.StdEncoding.EncodeToString(sum1)
	flipped := []byte(b64)
	flipped[3] ^= 1
	if !EqualBase64(b64, sum1) || EqualBase64(b64[:27], sum1) || EqualBase64(string(flipped), sum1) {
		t.Error("EqualBase64")
	}
	if !EqualBase64(base64.StdEncoding.EncodeToString(make([]byte, 100)), make([]byte, 100)) {
		t.Error("EqualBase64 of a long sum")
	}
	if n := testing.AllocsPerRun(100, func() { EqualHex(good, sum256); EqualBase64(b64, sum1) }); n != 0 {
		t.Errorf("%v allocations", n)
	}
}
