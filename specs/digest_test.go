package specs

import (
	"regexp"
	"testing"
)

func TestDigest(t *testing.T) {
	d := Digest()
	if !regexp.MustCompile(`^sha256:[0-9a-f]{64}$`).MatchString(d) {
		t.Fatalf("Digest() = %q, want sha256:<64 hex digits>", d)
	}
	if Digest() != d {
		t.Error("Digest changes between calls")
	}
}
