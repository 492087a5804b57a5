package runner

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/ecs-conformance/ecs-conformance/specs"
	"github.com/ecs-conformance/ecs-conformance/suites"
)

// ledgerFile is the YAML form of a deviation ledger:
//
//	target: my-mock
//	deviations:
//	  - behaviour: DescribeSecurityGroups.paging.token-bound-to-query
//	    reason: tokens are plain offsets in our mock (ticket MOCK-12)
//	    expires: 2027-03-31
type ledgerFile struct {
	Target     string `yaml:"target"`
	Deviations []struct {
		Behaviour string `yaml:"behaviour"`
		Reason    string `yaml:"reason"`
		Expires   string `yaml:"expires"`
	} `yaml:"deviations"`
}

// LoadLedger reads a deviation ledger strictly: unknown keys, unknown
// behaviours, missing reasons and bad dates are errors naming the entry.
func LoadLedger(path string, today time.Time) (suites.Ledger, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return suites.Ledger{}, fmt.Errorf("reading the deviation ledger: %w", err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var f ledgerFile
	if err := dec.Decode(&f); err != nil {
		return suites.Ledger{}, fmt.Errorf("%s: %w", path, err)
	}
	op := specs.Lookup("DescribeSecurityGroups")
	l := suites.Ledger{Target: f.Target, Today: today}
	var errs []error
	for i, d := range f.Deviations {
		where := fmt.Sprintf("%s: deviations[%d] (%s)", path, i, d.Behaviour)
		if op.Behaviour(d.Behaviour) == nil {
			errs = append(errs, fmt.Errorf("%s: behaviour is not in the contract; copy its ID from specs/ecs/DescribeSecurityGroups.yaml", where))
		}
		if d.Reason == "" {
			errs = append(errs, fmt.Errorf("%s: give a reason, so the next reader knows why it deviates", where))
		}
		exp, err := time.Parse(time.DateOnly, d.Expires)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: expires %q is not a date like 2027-03-31", where, d.Expires))
		}
		l.Deviations = append(l.Deviations, suites.Deviation{Behaviour: d.Behaviour, Reason: d.Reason, Expires: exp})
	}
	return l, errors.Join(errs...)
}
