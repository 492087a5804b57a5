package matchers

import (
	"fmt"

	"github.com/onsi/gomega/gcustom"
	"github.com/onsi/gomega/types"
)

// BeStrictlyDescending succeeds when a []string is in strictly descending
// byte order — so it also proves there is no duplicate.
func BeStrictlyDescending() types.GomegaMatcher {
	return gcustom.MakeMatcher(func(ids []string) (bool, error) {
		for i := 1; i < len(ids); i++ {
			if ids[i-1] <= ids[i] {
				return false, fmt.Errorf("position %d (%q) does not sort after position %d (%q)", i-1, ids[i-1], i, ids[i])
			}
		}
		return true, nil
	}).WithTemplate("Expected IDs in strictly descending order, but {{.Failure}}")
}
