package runner

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLoadLedger(t *testing.T) {
	entry := func(behaviour, reason, expires string) string {
		return "target: t\ndeviations:\n  - behaviour: " + behaviour + "\n    reason: " + reason + "\n    expires: " + expires + "\n"
	}
	const id = "DescribeSecurityGroups.paging.total-count-consistent"
	cases := []struct {
		name, body string
		wantErr    string // "" for a ledger that loads
	}{
		{"valid", entry(id, "counts one too many", "2027-03-31"), ""},
		{"unknown behaviour", entry("DescribeSecurityGroups.paging.nope", "x", "2027-03-31"), "not in the contract"},
		{"no reason", entry(id, `""`, "2027-03-31"), "give a reason"},
		{"bad date", entry(id, "x", "31/03/2027"), "not a date"},
		{"unknown key", "target: t\nflavour: x\n", "flavour"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "ledger.yaml")
			if err := os.WriteFile(path, []byte(c.body), 0o600); err != nil {
				t.Fatal(err)
			}
			today := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
			l, err := LoadLedger(path, today)
			if c.wantErr == "" {
				if err != nil {
					t.Fatalf("valid ledger refused: %v", err)
				}
				if len(l.Deviations) != 1 || l.Deviations[0].Behaviour != id || !l.Today.Equal(today) ||
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
		})
	}
}
