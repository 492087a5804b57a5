package suites

import (
	"fmt"
	"time"

	. "github.com/onsi/ginkgo/v2"
)

// Ledger lists the behaviours known to deviate on one target. Specs of a
// listed behaviour report as known deviations (skipped with the reason)
// instead of failures until the entry expires; an expired entry fails them,
// so a deviation cannot be forgotten.
type Ledger struct {
	Target     string
	Deviations []Deviation
	// Today is the date expiry is judged against (set by the runner, so no
	// spec reads the clock).
	Today time.Time
}

// Deviation is one entry of a Ledger.
type Deviation struct {
	Behaviour string
	Reason    string
	Expires   time.Time
}

// KnownDeviationPrefix starts the skip message of a known deviation, so
// reports can count them apart from other skips.
const KnownDeviationPrefix = "known deviation"

func (l Ledger) find(id string) *Deviation {
	for i := range l.Deviations {
		if l.Deviations[i].Behaviour == id {
			return &l.Deviations[i]
		}
	}
	return nil
}

// applyLedger skips or fails the running spec according to the ledger.
func applyLedger(env *Env) {
	for _, id := range specBehaviours() {
		d := env.Deviations.find(id)
		if d == nil {
			continue
		}
		if !env.Deviations.Today.IsZero() && !env.Deviations.Today.Before(d.Expires) {
			Fail(fmt.Sprintf("the deviation ledger of %s lists %s as a known deviation until %s, which has passed: fix the target or renew the entry (reason given: %s)",
				env.Deviations.Target, id, d.Expires.Format(time.DateOnly), d.Reason))
		}
		Skip(fmt.Sprintf("%s of %s (until %s): %s", KnownDeviationPrefix, id, d.Expires.Format(time.DateOnly), d.Reason))
	}
}
