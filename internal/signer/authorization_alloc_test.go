package signer

import "testing"

// TestParseAuthorizationAllocations pins the verifier's cost of parsing:
// one allocation, the SignedHeaders slice.
func TestParseAuthorizationAllocations(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { ParseAuthorization(goodAuth) }); n > 1 {
		t.Errorf("%v allocations, want 1", n)
	}
}
