package fastslog

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// both formats one record with the fast handler and with the standard one.
func both(t testing.TB, json bool, r slog.Record) (fast, std string) {
	t.Helper()
	var f, s bytes.Buffer
	if err := New(&f, json).Handle(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	var h slog.Handler = slog.NewTextHandler(&s, nil)
	if json {
		h = slog.NewJSONHandler(&s, nil)
	}
	if err := h.Handle(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	return f.String(), s.String()
}

func record(at time.Time, level slog.Level, msg string, attrs ...slog.Attr) slog.Record {
	r := slog.NewRecord(at, level, msg, 0)
	r.AddAttrs(attrs...)
	return r
}

// TestSameBytes: every record, fast or not, is written as the standard
// handlers write it.
func TestSameBytes(t *testing.T) {
	at := time.Date(2026, 12, 2, 3, 9, 42, 859_999_999, time.UTC)
	east := time.FixedZone("east", 8*3600)
	request := []slog.Attr{
		slog.String("method", "POST"), slog.String("action", "DescribeSecurityGroups"),
		slog.String("scheme", "v3"), slog.Int("status", 200), slog.String("code", ""),
		slog.Duration("duration", 315990*time.Nanosecond),
		slog.String("requestId", "9EC47C14-6260-4433-BD67-411BC7C5A30E"),
	}
	for _, tt := range []struct {
		name string
		r    slog.Record
		// fast: which formats the fast path writes ("text json", "text":
		// the JSON handler refuses such a year, with an error in the line)
		fast string
	}{
		{"request line", record(at, slog.LevelInfo, "request", request...), "text json"},
		{"other zone, whole second", record(time.Date(2026, 1, 2, 3, 4, 5, 0, east), slog.LevelWarn, "w"), "text json"},
		{"every standard level", record(at, slog.LevelError, "e", slog.Bool("ok", false), slog.Uint64("n", 7)), "text json"},
		{"debug", record(at, slog.LevelDebug, "d"), "text json"},
		{"negative and long durations", record(at, slog.LevelInfo, "m", slog.Duration("d", -3*time.Hour-time.Nanosecond), slog.Int64("i", -9)), "text json"},
		{"error code with a dot", record(at, slog.LevelInfo, "request", slog.String("code", "InvalidParameter.Malformed")), "text json"},
		{"value with a space", record(at, slog.LevelInfo, "request", slog.String("action", "Describe Groups")), ""},
		{"value with a quote", record(at, slog.LevelInfo, "m", slog.String("a", `x"y`)), ""},
		{"value with an equals sign", record(at, slog.LevelInfo, "m", slog.String("a", "x=y")), ""},
		{"value not UTF-8", record(at, slog.LevelInfo, "m", slog.String("a", "\xff")), ""},
		{"value with a control byte", record(at, slog.LevelInfo, "m", slog.String("a", "a\nb")), ""},
		{"value non-ASCII", record(at, slog.LevelInfo, "m", slog.String("a", "µs")), ""},
		{"message with a space", record(at, slog.LevelInfo, "control call", slog.String("path", "/_emulator/reset")), ""},
		{"empty message", record(at, slog.LevelInfo, ""), ""},
		{"empty key", record(at, slog.LevelInfo, "m", slog.String("", "v")), ""},
		{"float", record(at, slog.LevelInfo, "m", slog.Float64("f", 1.5)), ""},
		{"time value", record(at, slog.LevelInfo, "m", slog.Time("t", at)), ""},
		{"any value", record(at, slog.LevelInfo, "m", slog.Any("err", io.EOF)), ""},
		{"group", record(at, slog.LevelInfo, "m", slog.Group("g", slog.Int("a", 1))), ""},
		{"level between", record(at, slog.LevelInfo+2, "m"), ""},
		{"zero time", record(time.Time{}, slog.LevelInfo, "m"), ""},
		{"year past 9999", record(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), slog.LevelInfo, "m"), "text"},
	} {
		for _, json := range []bool{false, true} {
			name := tt.name + map[bool]string{false: "/text", true: "/json"}[json]
			t.Run(name, func(t *testing.T) {
				fast, std := both(t, json, tt.r)
				if fast != std {
					t.Fatalf("fast handler wrote\n%q\nthe standard one\n%q", fast, std)
				}
				if _, ok := New(io.Discard, json).appendRecord(nil, tt.r); ok != strings.Contains(tt.fast, map[bool]string{false: "text", true: "json"}[json]) {
					t.Errorf("fast path taken: %v, want the opposite (the case no longer tests the path it names)", ok)
				}
			})
		}
	}
}

// TestSameBytesRandom: records of random words, drawn from plain bytes and
// the bytes that need quoting or escaping, agree with the standard handlers.
func TestSameBytesRandom(t *testing.T) {
	const alphabet = "aZ09-._:/+@ =\"\\\n\x00\x7fµ\xff"
	rng := rand.New(rand.NewPCG(1, 2))
	word := func() string {
		var sb strings.Builder
		for range rng.IntN(6) {
			sb.WriteByte(alphabet[rng.IntN(len(alphabet))])
		}
		return sb.String()
	}
	at := time.Date(2026, 12, 2, 3, 9, 42, 1_000_000, time.UTC)
	fastCount := 0
	for i := range 3000 {
		var attrs []slog.Attr
		for range rng.IntN(8) {
			switch rng.IntN(4) {
			case 0:
				attrs = append(attrs, slog.Int(word(), rng.IntN(1000)-500))
			case 1:
				attrs = append(attrs, slog.Duration(word(), time.Duration(rng.Int64N(1e12))))
			default:
				attrs = append(attrs, slog.String(word(), word()))
			}
		}
		r := record(at.Add(time.Duration(rng.Int64N(1e12))), slog.LevelInfo, word(), attrs...)
		for _, json := range []bool{false, true} {
			fast, std := both(t, json, r)
			if fast != std {
				t.Fatalf("record %d (json %v): fast handler wrote\n%q\nthe standard one\n%q", i, json, fast, std)
			}
			if _, ok := New(io.Discard, json).appendRecord(nil, r); ok {
				fastCount++
			}
		}
	}
	if fastCount == 0 {
		t.Fatal("no random record took the fast path: the comparison tested only the standard handler")
	}
}

// TestDerived: a derived handler keeps its attributes and group, and
// writes through the same writer.
func TestDerived(t *testing.T) {
	var f, s bytes.Buffer
	at := time.Date(2026, 12, 2, 3, 9, 42, 0, time.UTC)
	r := record(at, slog.LevelInfo, "m", slog.Int("a", 1))
	New(&f, false).WithAttrs([]slog.Attr{slog.String("k", "v")}).WithGroup("g").Handle(context.Background(), r)
	slog.NewTextHandler(&s, nil).WithAttrs([]slog.Attr{slog.String("k", "v")}).WithGroup("g").Handle(context.Background(), r)
	if f.String() != s.String() {
		t.Fatalf("derived handler wrote %q, the standard one %q", f.String(), s.String())
	}
}

// BenchmarkRequestLine: the request log line of ecsemu, fast and standard.
//
//	go test -run '^$' -bench RequestLine -benchmem ./internal/fastslog/
func BenchmarkRequestLine(b *testing.B) {
	start := time.Now()
	for _, tt := range []struct {
		name string
		h    slog.Handler
	}{{"fast", New(io.Discard, false)}, {"standard", slog.NewTextHandler(io.Discard, nil)}} {
		b.Run(tt.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				r := slog.NewRecord(time.Now(), slog.LevelInfo, "request", 0)
				r.AddAttrs(slog.String("method", "POST"), slog.String("action", "DescribeSecurityGroups"),
					slog.String("scheme", "v3"), slog.Int("status", 200), slog.String("code", ""),
					slog.Duration("duration", time.Since(start)), slog.String("requestId", "9EC47C14-6260-4433-BD67-411BC7C5A30E"))
				tt.h.Handle(context.Background(), r)
			}
		})
	}
}
