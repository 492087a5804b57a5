package emulator

import (
	"encoding/json"
	"testing"
	"time"
)

// TestAppendJSONString checks the hand-written JSON string encoder against
// encoding/json on awkward input.
func TestAppendJSONString(t *testing.T) {
	for _, s := range []string{"", "plain", `"quoted" \ back`, "tab\tnew\nline\r", "\x00\x01\x1f\x7f", "é中文🙂", "\xff\xfe bad", "\u2028\u2029", "<&>"} {
		out := appendJSONString(nil, s)
		var back string
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("%q encodes to invalid JSON %s: %v", s, out, err)
		}
		want, _ := json.Marshal(s)
		var wantBack string
		json.Unmarshal(want, &wantBack)
		if back != wantBack {
			t.Errorf("%q round-trips to %q, encoding/json gives %q", s, back, wantBack)
		}
	}
}

// TestAppendTime checks the fast time format against the standard one.
func TestAppendTime(t *testing.T) {
	for _, tm := range []time.Time{
		time.Date(2021, 8, 31, 3, 12, 29, 0, time.UTC),
		time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 999, time.UTC),
		time.Date(2024, 2, 29, 12, 0, 0, 0, time.FixedZone("x", 8*3600)),
		time.Date(12345, 1, 1, 0, 0, 0, 0, time.UTC),
	} {
		if got, want := string(appendTime(nil, tm)), tm.UTC().Format(CreationTimeLayout); got != want {
			t.Errorf("%v: %s, want %s", tm, got, want)
		}
	}
}
