package emulator

import (
	"strings"
	"testing"
)

// TestTokenCanonical checks that a token decodes only in the spelling it
// was issued in: the base64 decoder skips CR and LF even in strict mode, so
// without the length check a token with line breaks inserted would resume
// the walk like the real one.
func TestTokenCanonical(t *testing.T) {
	codec := newTokenCodec([]byte("test token key"))
	binding := []byte("account|region|filters")
	good := codec.encode(binding, "sg-bp1aaaaaaaaaaaaaaaa1")
	if id, ok := codec.decode(binding, good); !ok || id != "sg-bp1aaaaaaaaaaaaaaaa1" {
		t.Fatalf("the issued token does not decode: %q %v", id, ok)
	}
	for _, bad := range []string{
		good[:5] + "\r\n" + good[5:],
		good[:5] + "\n" + good[5:],
		good[:5] + "\r" + good[5:],
		"\n" + good,
		good + "\r\n",
		strings.Join(strings.Split(good, ""), "\n"),
		good + "=",
		good + "==",
		good[:len(good)-1] + string(good[len(good)-1]^1),
		strings.ReplaceAll(good, "-", "+"),
		" " + good,
		good + " ",
	} {
		if bad == good {
			continue // the token holds no character the edit changes
		}
		if id, ok := codec.decode(binding, bad); ok {
			t.Errorf("decode(%q) = %q, true; want false (not the issued spelling)", bad, id)
		}
	}
}
