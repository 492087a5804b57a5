package replayserver

import (
	"fmt"
	"strings"

	"github.com/ecs-conformance/ecs-conformance/runner/vcr"
)

// Defaults of the bounds in Options. No recorded DescribeSecurityGroups
// request comes near them: its contract has some twenty parameters, 40 for
// twenty tags, and a dozen common ones.
const (
	DefaultMaxBodyBytes = 1 << 20
	DefaultMaxParams    = 256
)

// Bounds of an unmatched request's diagnosis: the closest recording and
// what differs, not the request echoed back whole.
const (
	maxShownKey   = 512 // bytes of the request's key shown
	maxShownDiffs = 10  // differences listed
	maxShownDiff  = 200 // bytes of each difference
)

// countParams returns an upper bound of the parameters in a query or form
// body, without decoding it: one more than its separators.
func countParams(raw string) int {
	if raw == "" {
		return 0
	}
	return strings.Count(raw, "&") + 1
}

// clipDiffs keeps the first maxShownDiffs differences, each clipped.
func clipDiffs(diff []string) string {
	shown := make([]string, 0, min(len(diff), maxShownDiffs)+1)
	for i, d := range diff {
		if i == maxShownDiffs {
			shown = append(shown, fmt.Sprintf("and %d more", len(diff)-i))
			break
		}
		shown = append(shown, vcr.Clip(d, maxShownDiff))
	}
	return strings.Join(shown, "; ")
}
