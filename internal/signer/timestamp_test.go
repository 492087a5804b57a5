package signer

import (
	"math/rand/v2"
	"testing"
	"time"
)

// reference is what the emulator accepted before ParseTimestamp:
// time.Parse with the layout, at the layout's exact length.
func reference(s string) (time.Time, bool) {
	t, err := time.Parse(RPCTimestampLayout, s)
	return t, err == nil && len(s) == len(RPCTimestampLayout)
}

func agree(t *testing.T, s string) {
	t.Helper()
	want, wantOK := reference(s)
	got, err := ParseTimestamp(s)
	if (err == nil) != wantOK || !got.Equal(want) || (err == nil && got.Location() != time.UTC) {
		t.Fatalf("ParseTimestamp(%q) = %v, %v; time.Parse accepts: %v, %v", s, got, err, wantOK, want)
	}
}

func TestParseTimestamp(t *testing.T) {
	for _, s := range []string{
		"2026-12-02T03:09:42Z", "2024-02-29T23:59:59Z", "2023-02-29T00:00:00Z", "2000-02-29T00:00:00Z",
		"1900-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-12-31T00:00:00Z", "0000-01-01T00:00:00Z",
		"9999-12-31T23:59:59Z", "2026-00-10T00:00:00Z", "2026-13-10T00:00:00Z", "2026-01-00T00:00:00Z",
		"2026-01-10T24:00:00Z", "2026-01-10T23:60:00Z", "2026-01-10T23:59:60Z", "2026-01-10t23:59:59Z",
		"2026-01-10T23:59:59z", "2026-01-10T23:59:59", "2026-01-10T23:59:59ZZ", "+026-01-10T23:59:59Z",
		"2026-1-10T23:59:59Z0", "2026-01-10 23:59:59Z", "２026-01-10T23:59:5Z", "", "2026-01-10T23:59:5\x00Z",
	} {
		agree(t, s)
	}
}

// TestParseTimestampRandom: strings one to three bytes away from valid
// timestamps agree with time.Parse.
func TestParseTimestampRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const bytes = "0123456789-:TZ +x"
	base := time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC)
	accepted := 0
	for range 200000 {
		b := []byte(base.Add(time.Duration(rng.Int64N(40*365*24)) * time.Hour).Add(time.Duration(rng.IntN(3600)) * time.Second).Format(RPCTimestampLayout))
		for range rng.IntN(4) {
			b[rng.IntN(len(b))] = bytes[rng.IntN(len(bytes))]
		}
		if _, ok := reference(string(b)); ok {
			accepted++
		}
		agree(t, string(b))
	}
	if accepted == 0 {
		t.Fatal("no random timestamp was valid: the comparison never covered an accepted one")
	}
}

func BenchmarkParseTimestamp(b *testing.B) {
	for _, tt := range []struct {
		name  string
		parse func(string) (time.Time, error)
	}{{"ParseTimestamp", ParseTimestamp}, {"time.Parse", func(s string) (time.Time, error) { return time.Parse(RPCTimestampLayout, s) }}} {
		b.Run(tt.name, func(b *testing.B) {
			for b.Loop() {
				tt.parse("2026-12-02T03:09:42Z")
			}
		})
	}
}
