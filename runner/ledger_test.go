package runner

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ecs-conformance/ecs-conformance/specs"
)

func TestLoadLedger(t *testing.T) {
	// The set holds a second operation, so a behaviour of either loads.
	dsg := specs.Lookup("DescribeSecurityGroups")
	other := &specs.Operation{Operation: "DescribeOther", Behaviours: []specs.Behaviour{{ID: "DescribeOther.paging.stable"}}}
	ops := []*specs.Operation{dsg, other}
	entry := func(behaviour, reason, expires string) string {
		return "target: t\ndeviations:\n  - behaviour: " + behaviour + "\n    reason: " + reason + "\n    expires: " + expires + "\n"
	}
	const id = "DescribeSecurityGroups.paging.total-count-consistent"
	cases := []struct {
		name, body string
		wantErr    string // "" for a ledger that loads
	}{
		{"valid", entry(id, "counts one too many", "2027-03-31"), ""},
		{"another operation's behaviour", entry("DescribeOther.paging.stable", "x", "2027-03-31"), ""},
		{"unknown behaviour", entry("DescribeSecurityGroups.paging.nope", "x", "2027-03-31"), "not in the contract of DescribeSecurityGroups; copy its ID from specs/ecs/DescribeSecurityGroups.yaml"},
		{"unknown behaviour of the other", entry("DescribeOther.paging.nope", "x", "2027-03-31"), "not in the contract of DescribeOther; copy its ID from specs/ecs/DescribeOther.yaml"},
		{"unknown operation", entry("DescribeNothing.paging.stable", "x", "2027-03-31"), "names no operation of the contract (DescribeSecurityGroups, DescribeOther)"},
		{"no reason", entry(id, `""`, "2027-03-31"), "give a reason"},
		{"bad date", entry(id, "x", "31/03/2027"), "not a date"},
		{"unknown key", "target: t\nflavour: x\n", `line 2: unknown key "flavour": a ledger has the keys target and deviations`},
		{"unknown key of an entry", entry(id, "x", "2027-03-31") + "    ticket: 12\n", `line 6: unknown key "ticket": each deviation has the keys behaviour, reason and expires`},
		{"deviations not a list", "target: t\ndeviations: oops\n", `line 2: expected deviations to be a list of entries (- behaviour: ...; reason: ...; expires: ...), found text "oops"`},
		{"an entry not a mapping", "target: t\ndeviations:\n  - oops\n", `line 3: expected each deviation to be a mapping`},
		{"not YAML", "target: [t\n", "is not valid YAML: line 1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "ledger.yaml")
			if err := os.WriteFile(path, []byte(c.body), 0o600); err != nil {
				t.Fatal(err)
			}
			today := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
			l, err := LoadLedger(path, ops, today)
			if c.wantErr == "" {
				if err != nil {
					t.Fatalf("valid ledger refused: %v", err)
				}
				if len(l.Deviations) != 1 || l.Deviations[0].Behaviour == "" || !strings.Contains(c.body, l.Deviations[0].Behaviour) || !l.Today.Equal(today) ||
					l.Deviations[0].Expires.Format(time.DateOnly) != "2027-03-31" {
					t.Fatalf("loaded %+v", l)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Fatalf("error %v, want one mentioning %q", err, c.wantErr)
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("the error does not name the file: %v", err)
			}
			// Go's words must not reach the user: type names, struct tags.
			for _, leak := range []string{"runner.", "struct {", `yaml:\"`, "!!", "unmarshal"} {
				if strings.Contains(err.Error(), leak) {
					t.Errorf("the error leaks %q: %v", leak, err)
				}
			}
		})
	}
}
