package signer

import "crypto/subtle"

// Equal reports whether two signatures are the same, in time that depends
// only on their lengths, so that a verifier does not tell an attacker how many
// leading bytes of a forged signature were right.
func Equal(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}
