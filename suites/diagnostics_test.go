package suites

import (
	"fmt"
	"net"
	"strings"
	"testing"

	"github.com/onsi/gomega/format"
)

// TestErrorsPrintAsTheirMessage: what HaveOccurred shows for a refused
// connection is its message, not a dump of net.OpError's fields.
func TestErrorsPrintAsTheirMessage(t *testing.T) {
	readableErrors()
	err := fmt.Errorf("client: POST http://127.0.0.1:1/: %w", &net.OpError{Op: "dial", Net: "tcp", Addr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 1}, Err: fmt.Errorf("connect: connection refused")})
	got := format.Object(err, 1)
	if !strings.Contains(got, "dial tcp 127.0.0.1:1: connect: connection refused") {
		t.Errorf("the message is missing:\n%s", got)
	}
	for _, dump := range []string{"Op:", "Addr:", "IP: [", "Zone:", "{"} {
		if strings.Contains(got, dump) {
			t.Errorf("the error is dumped as a Go value (%q):\n%s", dump, got)
		}
	}
}
