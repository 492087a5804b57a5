package emulator

import (
	"strconv"
	"sync"
	"time"
	"unicode/utf8"
)

// out writes one answer as JSON or XML without reflection, in the field order
// the caller gives (the order of the documented example). Arrays are JSON
// arrays; in XML they are repeated elements inside their wrapper, which is
// how Alibaba's XML answers carry lists.
type out struct {
	buf   []byte
	xml   bool
	first bool // JSON: the next member opens its container, no comma
}

// outBufSize is the initial capacity of a pooled answer buffer: a default
// page of ten groups with a few tags each (about 5 KB) fits without growing.
const outBufSize = 16 << 10

var outPool = sync.Pool{New: func() any { return &out{buf: make([]byte, 0, outBufSize)} }}

func getOut(xml bool) *out {
	o := outPool.Get().(*out)
	o.buf, o.xml, o.first = o.buf[:0], xml, true
	return o
}

func putOut(o *out) {
	if cap(o.buf) <= 1<<20 { // do not keep the buffer of a huge answer alive
		outPool.Put(o)
	}
}

const xmlHeader = `<?xml version="1.0" encoding="UTF-8"?>`

// root opens the answer's root element.
func (o *out) root(name string) {
	if o.xml {
		o.buf = append(o.buf, xmlHeader...)
		o.tag(name, false)
		return
	}
	o.buf = append(o.buf, '{')
	o.first = true
}

func (o *out) endRoot(name string) {
	if o.xml {
		o.tag(name, true)
		return
	}
	o.buf = append(o.buf, '}')
}

// key writes the separator and, in JSON, the member name.
func (o *out) key(name string) {
	if !o.first {
		o.buf = append(o.buf, ',')
	}
	o.first = false
	if name != "" {
		// Member names are the emulator's own ASCII constants: no escaping.
		o.buf = append(o.buf, '"')
		o.buf = append(o.buf, name...)
		o.buf = append(o.buf, '"', ':')
	}
}

func (o *out) tag(name string, closing bool) {
	o.buf = append(o.buf, '<')
	if closing {
		o.buf = append(o.buf, '/')
	}
	o.buf = append(o.buf, name...)
	o.buf = append(o.buf, '>')
}

// object opens a member object (in JSON) or element (in XML).
func (o *out) object(name string) {
	if o.xml {
		o.tag(name, false)
		return
	}
	o.key(name)
	o.buf = append(o.buf, '{')
	o.first = true
}

func (o *out) endObject(name string) {
	if o.xml {
		o.tag(name, true)
		return
	}
	o.buf = append(o.buf, '}')
	o.first = false
}

// array opens a member array; its items are opened with item.
func (o *out) array(name string) {
	if o.xml {
		return
	}
	o.key(name)
	o.buf = append(o.buf, '[')
	o.first = true
}

func (o *out) endArray() {
	if o.xml {
		return
	}
	o.buf = append(o.buf, ']')
	o.first = false
}

// item opens one object of an array; name is its XML element.
func (o *out) item(name string) {
	if o.xml {
		o.tag(name, false)
		return
	}
	o.key("")
	o.buf = append(o.buf, '{')
	o.first = true
}

func (o *out) endItem(name string) { o.endObject(name) }

func (o *out) str(name, v string) {
	if o.xml {
		o.tag(name, false)
		o.buf = appendXMLText(o.buf, v)
		o.tag(name, true)
		return
	}
	o.key(name)
	o.buf = appendJSONString(o.buf, v)
}

func (o *out) int(name string, v int64) {
	if o.xml {
		o.tag(name, false)
		o.buf = strconv.AppendInt(o.buf, v, 10)
		o.tag(name, true)
		return
	}
	o.key(name)
	o.buf = strconv.AppendInt(o.buf, v, 10)
}

func (o *out) bool(name string, v bool) {
	if o.xml {
		o.tag(name, false)
		o.buf = strconv.AppendBool(o.buf, v)
		o.tag(name, true)
		return
	}
	o.key(name)
	o.buf = strconv.AppendBool(o.buf, v)
}

// CreationTimeLayout is how answers write CreationTime: UTC, seconds.
const CreationTimeLayout = "2006-01-02T15:04:05Z"

func (o *out) time(name string, t time.Time) {
	if o.xml {
		o.tag(name, false)
		o.buf = appendTime(o.buf, t)
		o.tag(name, true)
		return
	}
	o.key(name)
	o.buf = append(o.buf, '"')
	o.buf = appendTime(o.buf, t)
	o.buf = append(o.buf, '"')
}

// appendTime appends t in CreationTimeLayout; it is what
// t.UTC().AppendFormat(b, CreationTimeLayout) gives for years 0 to 9999,
// several times faster, as every group of every page needs it.
func appendTime(b []byte, t time.Time) []byte {
	// Civil date from the count of days since 1970-01-01 (proleptic
	// Gregorian, as package time), without the calendar tables of t.Date.
	secs := t.Unix()
	days := secs / 86400
	rem := secs % 86400
	if rem < 0 {
		rem += 86400
		days--
	}
	year, month, day := civilFromDays(days)
	if year < 0 || year > 9999 {
		return t.UTC().AppendFormat(b, CreationTimeLayout)
	}
	hour, minute, sec := int(rem/3600), int(rem/60%60), int(rem%60)
	two := func(b []byte, v int) []byte { return append(b, byte('0'+v/10), byte('0'+v%10)) }
	b = two(b, year/100)
	b = two(b, year%100)
	b = append(b, '-')
	b = two(b, int(month))
	b = append(b, '-')
	b = two(b, day)
	b = append(b, 'T')
	b = two(b, hour)
	b = append(b, ':')
	b = two(b, minute)
	b = append(b, ':')
	b = two(b, sec)
	return append(b, 'Z')
}

// civilFromDays converts days since 1970-01-01 to year, month (1-12) and
// day (1-31) of the proleptic Gregorian calendar (H. Hinnant's algorithm).
func civilFromDays(z int64) (year, month, day int) {
	z += 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097                                  // [0, 146096]
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365 // [0, 399]
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100) // [0, 365]
	mp := (5*doy + 2) / 153                  // [0, 11]
	d := doy - (153*mp+2)/5 + 1              // [1, 31]
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return int(y), int(m), int(d)
}

const hexDigits = "0123456789abcdef"

// jsonSafe marks the ASCII bytes a JSON string carries as they are.
var jsonSafe = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// appendJSONString appends s as a JSON string. Invalid UTF-8 becomes U+FFFD,
// as encoding/json does; control characters, U+2028 and U+2029 are escaped.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	i := jsonSafePrefix(s)
	if i == len(s) {
		b = append(b, s...)
		return append(b, '"')
	}
	start := 0
	for i < len(s) {
		c := s[i]
		if jsonSafe[c] {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// jsonSafePrefix returns how many leading bytes of s a JSON string carries as
// they are (jsonSafe), testing eight bytes at a time, then one by one.
func jsonSafePrefix(s string) int {
	const (
		lo = 0x0101010101010101
		hi = 0x8080808080808080
	)
	// safe8 reports whether the 8 bytes at s[i:] are all safe: a byte below
	// 0x20, a zero byte of q or bs, or a byte with its high bit set
	// (non-ASCII) sets the high bit of its lane (or of a lane above it), so
	// the test is exact for the word as a whole.
	//
	// The word is read from an 8-byte slice of s, whose length the compiler
	// then knows: one load, without a bounds check per byte (these were
	// most of the instructions of an answer's strings).
	safe8 := func(i int) bool {
		w := s[i : i+8]
		x := uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
			uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
		q := x ^ ('"' * lo)   // zero byte where x has '"'
		bs := x ^ ('\\' * lo) // zero byte where x has '\\'
		return ((x-0x20*lo)&^x|(q-lo)&^q|(bs-lo)&^bs|x)&hi == 0
	}
	i := 0
	for i+8 <= len(s) && safe8(i) {
		i += 8
	}
	// When only a partial word is left, the 8 bytes ending the string
	// overlap bytes already found safe.
	if i+8 > len(s) && i < len(s) && i >= 8 && safe8(len(s)-8) {
		return len(s)
	}
	for i < len(s) && jsonSafe[s[i]] {
		i++
	}
	return i
}

// appendXMLText appends s as XML character data. Characters XML 1.0 cannot
// carry (NUL and most C0 controls) and invalid UTF-8 become U+FFFD, so the
// document stays well-formed whatever the request echoed.
func appendXMLText(b []byte, s string) []byte {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '<':
			b = append(b, "&lt;"...)
		case r == '>':
			b = append(b, "&gt;"...)
		case r == '&':
			b = append(b, "&amp;"...)
		case r == '"':
			b = append(b, "&#34;"...)
		case r == '\'':
			b = append(b, "&#39;"...)
		case r == '\t', r == '\n':
			b = append(b, byte(r))
		case r == '\r':
			b = append(b, "&#xD;"...)
		case r < 0x20, r == utf8.RuneError && size == 1, r == 0xFFFE, r == 0xFFFF:
			b = append(b, "\uFFFD"...)
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return b
}
