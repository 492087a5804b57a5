package signer

import (
	"crypto/subtle"
	"encoding/base64"
)

// Equal reports whether two signatures are the same, in time that depends
// only on their lengths, so that a verifier does not tell an attacker how many
// leading bytes of a forged signature were right.
func Equal(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

const lowerHex = "0123456789abcdef"

// EqualHex reports whether sig is the lower-case hex of sum (a V3
// Signature against the HMAC the verifier computed), in time that depends
// only on the lengths, without encoding sum into a string first.
func EqualHex(sig string, sum []byte) bool {
	if len(sig) != 2*len(sum) {
		return false
	}
	var diff byte
	for i, b := range sum {
		diff |= sig[2*i] ^ lowerHex[b>>4]
		diff |= sig[2*i+1] ^ lowerHex[b&0x0f]
	}
	return diff == 0
}

// EqualBase64 reports whether sig is the padded standard base64 of sum (an
// RPC Signature against the HMAC the verifier computed, 20 bytes of SHA-1
// at most as this scheme uses it), in time that depends only on the lengths.
func EqualBase64(sig string, sum []byte) bool {
	var buf [64]byte
	n := base64.StdEncoding.EncodedLen(len(sum))
	if n > len(buf) {
		return Equal(sig, base64.StdEncoding.EncodeToString(sum))
	}
	base64.StdEncoding.Encode(buf[:n], sum)
	if len(sig) != n {
		return false
	}
	var diff byte
	for i := range n {
		diff |= sig[i] ^ buf[i]
	}
	return diff == 0
}
