package signer

import (
	"errors"
	"time"
)

var errTimestamp = errors.New("timestamp is not of the layout " + RPCTimestampLayout)

// ParseTimestamp reads a Timestamp parameter or x-acs-date header: exactly
// RPCTimestampLayout, in UTC. It accepts what time.Parse with that layout
// accepts at that exact length (a real date, hours to 23, seconds to 59)
// and nothing else, without time.Parse's walk of the layout, which was a
// visible part of verifying a request.
func ParseTimestamp(s string) (time.Time, error) {
	if len(s) != len(RPCTimestampLayout) || s[4] != '-' || s[7] != '-' || s[10] != 'T' ||
		s[13] != ':' || s[16] != ':' || s[19] != 'Z' {
		return time.Time{}, errTimestamp
	}
	var bad bool
	num := func(i, n int) int {
		v := 0
		for _, c := range []byte(s[i : i+n]) {
			if c < '0' || c > '9' {
				bad = true
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	year, month, day := num(0, 4), num(5, 2), num(8, 2)
	hour, minute, sec := num(11, 2), num(14, 2), num(17, 2)
	if bad || month < 1 || month > 12 || day < 1 || day > daysIn(time.Month(month), year) ||
		hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, errTimestamp
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, 0, time.UTC), nil
}

// daysIn is the number of days of month in year (Gregorian).
func daysIn(m time.Month, year int) int {
	switch m {
	case time.February:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}
