package emulator

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/ecs-conformance/ecs-conformance/emulator/store"
)

// The fast paths of the JSON writer are checked byte for byte against the
// straightforward code they replace.

// appendJSONStringRef is appendJSONString as first written, one byte at a time.
func appendJSONStringRef(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
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

func TestAppendJSONStringMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", "Z", "0", " ", "~", "\x7f", "\x80", "\xff", "\x00", "\x1f", "\x20", "\"", "\\", "\n", "\t", "é", "中", "🙂", "\u2028", "\u2029", "<", "&", "\xe2\x80"}
	check := func(s string) {
		if got, want := appendJSONString([]byte("x"), s), appendJSONStringRef([]byte("x"), s); !bytes.Equal(got, want) {
			t.Fatalf("%q: %s, want %s", s, got, want)
		}
	}
	for n := 0; n < 40; n++ {
		for c := 0; c < 256; c++ {
			for _, at := range []int{0, n / 2, n - 1} {
				if n == 0 {
					continue
				}
				s := []byte(string(bytes.Repeat([]byte("a"), n)))
				s[at] = byte(c)
				check(string(s))
			}
		}
	}
	for range 20000 {
		var s []byte
		for range rng.IntN(40) {
			s = append(s, alphabet[rng.IntN(len(alphabet))]...)
		}
		check(string(s))
	}
}

func FuzzAppendJSONString(f *testing.F) {
	f.Add("plain ASCII text of some length")
	f.Add("\"\\\x00\xff\u2028")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := appendJSONString(nil, s), appendJSONStringRef(nil, s); !bytes.Equal(got, want) {
			t.Fatalf("%q: %s, want %s", s, got, want)
		}
	})
}

func TestAppendTimeMatchesFormat(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	lo := time.Date(-2, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	hi := time.Date(10001, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	zones := []*time.Location{time.UTC, time.FixedZone("e", 8*3600), time.FixedZone("w", -11*3600-1800)}
	check := func(tm time.Time) {
		if got, want := string(appendTime(nil, tm)), tm.UTC().Format(CreationTimeLayout); got != want {
			t.Fatalf("%v (%d): %s, want %s", tm, tm.Unix(), got, want)
		}
	}
	for range 200000 {
		check(time.Unix(lo+rng.Int64N(hi-lo), rng.Int64N(1e9)).In(zones[rng.IntN(len(zones))]))
	}
	for _, y := range []int{-1, 0, 1, 1600, 1900, 1969, 1970, 2000, 2100, 2400, 9999, 10000} {
		for _, m := range []time.Month{1, 2, 3, 12} {
			for _, d := range []int{1, 28, 29, 30, 31} {
				for _, s := range []int{0, 1, 86399} {
					check(time.Date(y, m, d, 0, 0, s, 0, time.UTC))
					check(time.Date(y, m, d, 0, 0, s, 999999999, time.UTC))
				}
			}
		}
	}
	check(time.Time{})
}

// TestWriteGroupsJSONMatchesOut compares the JSON fast path with the generic
// writer on the embedded fixture and on groups with awkward text.
func TestWriteGroupsJSONMatchesOut(t *testing.T) {
	groups := store.Default()
	groups = append(groups,
		store.Group{ID: "sg-\"x\"", Name: "\x00\xff\u2028", Description: "é中🙂", Tags: []store.Tag{{Key: "k\\", Value: ""}}, ServiceID: -1, CreationTime: time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)},
		store.Group{},
	)
	for _, page := range [][]store.Group{nil, {}, groups[:1], groups[:10], groups} {
		for _, ecs := range []bool{false, true} {
			for _, prefix := range []bool{false, true} {
				a, b := &out{first: true}, &out{first: true}
				for _, o := range []*out{a, b} {
					o.root("R")
					if prefix {
						o.str("RequestId", "id")
					}
				}
				writeGroupsJSON(a, page, ecs, nil, nil)
				writeGroupsOut(b, page, ecs)
				for _, o := range []*out{a, b} {
					o.int("TotalCount", 3)
					o.endRoot("R")
				}
				if !bytes.Equal(a.buf, b.buf) {
					t.Fatalf("%d groups, ecs %v:\n%s\nwant\n%s", len(page), ecs, a.buf, b.buf)
				}
			}
		}
	}
}

// queryBindingRef is queryBinding as first written, with fmt.
func queryBindingRef(q *store.Query) []byte {
	h := sha256.New()
	var n [binary.MaxVarintLen64]byte
	write := func(s string) {
		h.Write(n[:binary.PutUvarint(n[:], uint64(len(s)))])
		h.Write([]byte(s))
	}
	write(q.Account)
	write(q.Region)
	write(q.ID)
	ids := slices.Clone(q.IDs)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	write(fmt.Sprint(len(ids), q.IDs != nil))
	for _, id := range ids {
		write(id)
	}
	write(q.VpcID)
	write(q.Type)
	write(q.Name)
	write(q.ResourceGroupID)
	write(q.Network)
	tags := make([]string, len(q.Tags))
	for i, t := range q.Tags {
		any := "="
		if t.AnyValue {
			any = "*"
		}
		tags[i] = fmt.Sprintf("%d:%s%s%s", len(t.Key), t.Key, any, t.Value)
	}
	slices.Sort(tags)
	tags = slices.Compact(tags)
	write(fmt.Sprint(len(tags)))
	for _, t := range tags {
		write(t)
	}
	switch {
	case q.ServiceManaged == nil:
		write("")
	case *q.ServiceManaged:
		write("true")
	default:
		write("false")
	}
	return h.Sum(nil)
}

func TestQueryBindingMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	words := []string{"", "a", "b", "sg-1", "sg-2", "env", "prod", "é", strings.Repeat("x", 200), strings.Repeat("y", 300)}
	pick := func() string { return words[rng.IntN(len(words))] }
	for range 20000 {
		q := store.Query{Account: pick(), Region: pick(), ID: pick(), VpcID: pick(), Type: pick(), Name: pick(), ResourceGroupID: pick(), Network: pick()}
		if rng.IntN(3) > 0 {
			q.IDs = []string{}
			for range rng.IntN(6) {
				q.IDs = append(q.IDs, pick())
			}
		}
		for range rng.IntN(12) {
			q.Tags = append(q.Tags, store.TagFilter{Key: pick(), Value: pick(), AnyValue: rng.IntN(2) == 0})
		}
		if b := rng.IntN(3); b < 2 {
			v := b == 1
			q.ServiceManaged = &v
		}
		ids := slices.Clone(q.IDs)
		if got, want := queryBinding(&q), queryBindingRef(&q); !bytes.Equal(got, want) {
			t.Fatalf("%+v: %x, want %x", q, got, want)
		}
		if !slices.Equal(ids, q.IDs) {
			t.Fatalf("queryBinding changed the query's IDs")
		}
	}
}
