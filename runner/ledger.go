package runner

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
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
	Target     string        `yaml:"target"`
	Deviations []ledgerEntry `yaml:"deviations"`
}

// ledgerEntry is one deviation of a ledgerFile.
type ledgerEntry struct {
	Behaviour string `yaml:"behaviour"`
	Reason    string `yaml:"reason"`
	Expires   string `yaml:"expires"`
}

// LoadLedger reads a deviation ledger strictly: unknown keys, unknown
// behaviours, missing reasons and bad dates are errors naming the entry. A
// behaviour may belong to any operation of ops, the contract set the suite
// runs (specs.Operations()).
func LoadLedger(path string, ops []*specs.Operation, today time.Time) (suites.Ledger, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return suites.Ledger{}, fmt.Errorf("reading the deviation ledger: %w", err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var f ledgerFile
	if err := dec.Decode(&f); err != nil {
		return suites.Ledger{}, ledgerYAMLError(path, err) // ledger_yaml.go: sentences, not Go types
	}
	l := suites.Ledger{Target: f.Target, Today: today}
	var errs []error
	for i, d := range f.Deviations {
		where := fmt.Sprintf("%s: deviations[%d] (%s)", path, i, d.Behaviour)
		if err := knownBehaviour(ops, d.Behaviour); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", where, err))
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

// knownBehaviour says whether id is a behaviour of some operation of ops,
// and where to find the right ID when it is not. IDs start with their
// operation's name, which tells which file to look in.
func knownBehaviour(ops []*specs.Operation, id string) error {
	names := make([]string, len(ops))
	for i, op := range ops {
		if op.Behaviour(id) != nil {
			return nil
		}
		names[i] = op.Operation
	}
	for _, op := range ops {
		if strings.HasPrefix(id, op.Operation+".") {
			return fmt.Errorf("behaviour is not in the contract of %s; copy its ID from specs/%s/%s.yaml", op.Operation, specs.Dir, op.Operation)
		}
	}
	return fmt.Errorf("behaviour names no operation of the contract (%s); an ID starts with its operation: copy it from specs/%s/<Operation>.yaml",
		strings.Join(names, ", "), specs.Dir)
}
