package selftest_test

import (
	"bytes"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecs-conformance/ecs-conformance/emulator"
	"github.com/ecs-conformance/ecs-conformance/runner"
)

// TestLedgerTurnsKnownDeviationsIntoReports runs the suite against a target
// with one deviation (TotalCount one too high): listed in a ledger that has
// not expired, the run passes and reports the deviation; once the entry has
// expired, the run fails again.
func TestLedgerTurnsKnownDeviationsIntoReports(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole suite twice")
	}
	m := mutantNamed(t, "TotalCount one too high")
	cases := []struct {
		name     string
		expires  string
		wantExit bool // true: the run must fail
		wantText string
	}{
		{"current entry", "2999-12-31", false, "known deviation of DescribeSecurityGroups.paging.total-count-consistent"},
		{"expired entry", "2000-01-01", true, "which has passed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ledger := filepath.Join(t.TempDir(), "ledger.yaml")
			body := "target: selftest\ndeviations:\n" +
				"  - behaviour: DescribeSecurityGroups.paging.total-count-consistent\n" +
				"    reason: the selftest mutant counts one group too many\n" +
				"    expires: " + c.expires + "\n"
			if err := os.WriteFile(ledger, []byte(body), 0o600); err != nil {
				t.Fatal(err)
			}
			emu, err := emulator.New(emulator.Options{})
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(&mutatingProxy{upstream: emu.Handler(), mutate: m.mutate})
			defer srv.Close()
			res := runSuite(t, srv.URL, runner.EnvLedger+"="+ledger, runner.EnvSignature+"=v3")
			if failed := res.exitCode != 0; failed != c.wantExit {
				t.Fatalf("exit %d with %d failed specs; want failure=%v\n%s", res.exitCode, len(res.failed), c.wantExit, tail(res.output))
			}
			said := bytes.Contains(res.output, []byte(c.wantText))
			for _, msg := range res.skips {
				said = said || strings.Contains(msg, c.wantText)
			}
			if !said {
				t.Errorf("neither the output nor a skipped spec says %q\n%s", c.wantText, tail(res.output))
			}
		})
	}
}
