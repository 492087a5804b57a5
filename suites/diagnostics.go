package suites

import (
	"github.com/onsi/gomega/format"
)

// readableErrors makes Gomega print an error by its message alone. By
// default it follows the message with a dump of the error's Go value
// (<*net.OpError | 0x...>{Op: "dial", ...}), dozens of lines per failure
// that say nothing the message does not, cut off at format.MaxLength: the
// closest-interaction diagnosis of a replay miss disappeared in that cut.
// The message itself is printed whole before the dump, so nothing is lost.
func readableErrors() {
	format.RegisterCustomFormatter(func(v any) (string, bool) {
		if _, ok := v.(error); ok {
			return "", true
		}
		return "", false
	})
}
