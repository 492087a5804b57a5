// Package fastslog is a log/slog handler that writes the lines of
// slog.NewTextHandler and slog.NewJSONHandler (with nil options), byte for
// byte, but formats the common record itself: one at a standard level whose
// message, keys and string values are plain words (letters, digits and
// "-._:/+@"), and whose values are strings, integers, booleans or durations.
// Any other record, and every record of a handler derived by WithAttrs or
// WithGroup, goes to the standard handler, which writes to the same writer.
//
// Why: ecsemu logs a line per request. slog's own handlers spend more on
// that line than the emulator spends verifying the request's signature
// (quoting checks per byte, a generic walk of the attributes, a lock), and
// under load the line showed as the largest single cost of the handler.
package fastslog

import (
	"context"
	"io"
	"log/slog"
	"strconv"
	"sync"
	"time"
)

// Handler is the handler of the package documentation.
type Handler struct {
	json bool
	out  io.Writer
	std  slog.Handler
}

// New returns a handler writing text lines (as slog.NewTextHandler(w, nil))
// or, with json, JSON lines (as slog.NewJSONHandler(w, nil)). Each record
// is one Write to w, and w must be safe for concurrent use (ecsemu's
// batching log writer is): the fast path takes no lock of its own, where
// a second one per line, around the writer's, was contended by every
// request of a loaded server.
func New(w io.Writer, json bool) *Handler {
	var std slog.Handler = slog.NewTextHandler(w, nil)
	if json {
		std = slog.NewJSONHandler(w, nil)
	}
	return &Handler{json: json, out: w, std: std}
}

// Enabled reports what the standard handler with nil options does: Info and
// above.
func (h *Handler) Enabled(ctx context.Context, l slog.Level) bool { return h.std.Enabled(ctx, l) }

// WithAttrs returns the standard handler's: derived loggers are rare here
// and keep the standard formatting of their attributes.
func (h *Handler) WithAttrs(as []slog.Attr) slog.Handler { return h.std.WithAttrs(as) }

// WithGroup returns the standard handler's, as WithAttrs.
func (h *Handler) WithGroup(name string) slog.Handler { return h.std.WithGroup(name) }

// Handle writes r, itself when it can, through the standard handler when not.
func (h *Handler) Handle(ctx context.Context, r slog.Record) error {
	buf := getBuf()
	defer putBuf(buf)
	b, ok := h.appendRecord(buf.b[:0], r)
	if !ok {
		return h.std.Handle(ctx, r)
	}
	buf.b = b
	_, err := h.out.Write(b)
	return err
}

// appendRecord formats r, or reports false when it is not a record the fast
// path writes exactly as the standard handler.
func (h *Handler) appendRecord(b []byte, r slog.Record) ([]byte, bool) {
	level, ok := levelName(r.Level)
	if r.Time.IsZero() || !ok || !plain(r.Message) {
		return b, false
	}
	if h.json {
		b = append(b, `{"time":"`...)
		if y := r.Time.Year(); y < 0 || y >= 10000 {
			return b, false // the standard handler appends an error
		}
		b = r.Time.AppendFormat(b, time.RFC3339Nano)
		b = append(b, `","level":"`...)
		b = append(b, level...)
		b = append(b, `","msg":"`...)
		b = append(b, r.Message...)
		b = append(b, '"')
	} else {
		b = append(b, "time="...)
		b = appendRFC3339Millis(b, r.Time)
		b = append(b, " level="...)
		b = append(b, level...)
		b = append(b, " msg="...)
		b = append(b, r.Message...)
	}
	ok = true
	r.Attrs(func(a slog.Attr) bool {
		b, ok = h.appendAttr(b, a)
		return ok
	})
	if !ok {
		return b, false
	}
	if h.json {
		b = append(b, '}')
	}
	return append(b, '\n'), true
}

// appendAttr formats one attribute, or reports false.
func (h *Handler) appendAttr(b []byte, a slog.Attr) ([]byte, bool) {
	if !plain(a.Key) {
		return b, false // an empty key is dropped by the standard handler
	}
	v := a.Value
	if h.json {
		b = append(b, `,"`...)
		b = append(b, a.Key...)
		b = append(b, `":`...)
	} else {
		b = append(b, ' ')
		b = append(b, a.Key...)
		b = append(b, '=')
	}
	switch v.Kind() {
	case slog.KindString:
		s := v.String()
		switch {
		case s == "":
			b = append(b, `""`...)
		case !plain(s):
			return b, false
		case h.json:
			b = append(b, '"')
			b = append(b, s...)
			b = append(b, '"')
		default:
			b = append(b, s...)
		}
	case slog.KindInt64:
		b = strconv.AppendInt(b, v.Int64(), 10)
	case slog.KindUint64:
		b = strconv.AppendUint(b, v.Uint64(), 10)
	case slog.KindBool:
		b = strconv.AppendBool(b, v.Bool())
	case slog.KindDuration:
		if h.json {
			b = strconv.AppendInt(b, int64(v.Duration()), 10)
		} else {
			b = append(b, v.Duration().String()...)
		}
	default:
		return b, false
	}
	return b, true
}

// levelName is the text of the four standard levels; others (INFO+2 and
// the like) are left to the standard handler.
func levelName(l slog.Level) (string, bool) {
	switch l {
	case slog.LevelDebug, slog.LevelInfo, slog.LevelWarn, slog.LevelError:
		return l.String(), true
	}
	return "", false
}

// plainByte marks the bytes of a plain word: each is written as it is by
// both standard handlers, unquoted in text and unescaped in JSON.
var plainByte = func() (t [256]bool) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = true, true
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for _, c := range "-._:/+@" {
		t[c] = true
	}
	return t
}()

// plain reports whether s is a non-empty plain word.
func plain(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !plainByte[s[i]] {
			return false
		}
	}
	return true
}

// appendRFC3339Millis is the text handler's time: RFC 3339 with exactly
// three digits of milliseconds, truncated.
func appendRFC3339Millis(b []byte, t time.Time) []byte {
	const prefixLen = len("2006-01-02T15:04:05.000")
	n := len(b)
	// RFC3339Nano trims trailing zeros; a tenth of a millisecond added to
	// the truncated time keeps four digits, and the fourth is dropped.
	t = t.Truncate(time.Millisecond).Add(time.Millisecond / 10)
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b[:n+prefixLen], b[n+prefixLen+1:]...)
}

type buffer struct{ b []byte }

var bufPool = sync.Pool{New: func() any { return &buffer{b: make([]byte, 0, 512)} }}

func getBuf() *buffer { return bufPool.Get().(*buffer) }

// putBuf returns a buffer to the pool unless one long record grew it.
func putBuf(b *buffer) {
	if cap(b.b) <= 16<<10 {
		bufPool.Put(b)
	}
}
