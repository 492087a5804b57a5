package gen

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

// The patterns the generator writes are read by two engines: Go's RE2
// (gojsonschema here, the emulator) and ECMA-262, the dialect JSON Schema
// and OpenAPI define for pattern and that ajv-based tools (Spectral, Prism)
// compile, in Unicode mode (the u flag). So every pattern stays inside what
// both read the same way: the contract's own patterns are checked for it,
// and the generator's case-insensitive patterns spell out each letter's
// cases ([nN]) instead of RE2's (?i), which ECMA-262 has no syntax for.

// letterEscapes are the escapes written with a letter that mean the same in
// RE2 and in ECMA-262's Unicode mode. \p and \P are checked separately.
const letterEscapes = "dDwWsSbBnrtfv"

// ecmaIdentityEscapes are the punctuation characters ECMA-262's Unicode
// mode lets a backslash escape outside a character class; RE2 accepts any
// punctuation there, so \- or \_ would compile in Go and fail in ajv.
const ecmaIdentityEscapes = `^$\.*+?()[]{}|/`

// portablePattern returns an error naming the first construct of p that RE2
// and ECMA-262 read differently, or that only one of them reads, with how
// to write it instead; nil when p is portable.
func portablePattern(p string) error {
	inClass := false
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '\\':
			if i+1 == len(p) {
				return fmt.Errorf("pattern %q ends in a lone backslash", p)
			}
			e := p[i+1]
			switch {
			case e == 'p' || e == 'P':
				if i+2 >= len(p) || p[i+2] != '{' {
					return fmt.Errorf(`pattern %q: write \%c{Name} with braces; ECMA-262 has no one-letter \%cL form`, p, e, e)
				}
			case e == 'x':
				if i+2 < len(p) && p[i+2] == '{' {
					return fmt.Errorf(`pattern %q: \x{...} is RE2 only; write the character itself, or \xHH for one below 0x100`, p)
				}
			case isASCIILetter(e) || isASCIIDigit(e):
				if !strings.ContainsRune(letterEscapes, rune(e)) {
					return fmt.Errorf(`pattern %q: \%c is not read alike by RE2 and ECMA-262 (OpenAPI tools); use a character class or ^ and $`, p, e)
				}
			case !strings.ContainsRune(ecmaIdentityEscapes, rune(e)) && !(inClass && e == '-'):
				return fmt.Errorf(`pattern %q: \%c is an error in ECMA-262's Unicode mode (OpenAPI tools); write %c unescaped`, p, e, e)
			}
			i++
		case c == '[' && !inClass:
			if strings.HasPrefix(p[i:], "[[:") {
				return fmt.Errorf("pattern %q: POSIX classes like [[:alpha:]] are RE2 only; write the ranges, e.g. [a-zA-Z]", p)
			}
			inClass = true
			if strings.HasPrefix(p[i:], "[^]") || strings.HasPrefix(p[i:], "[]") {
				return fmt.Errorf("pattern %q: a ] first in a class is literal in RE2 and closes the class in ECMA-262; escape it as \\]", p)
			}
		case c == ']' && inClass:
			inClass = false
		case c == '(' && !inClass && strings.HasPrefix(p[i:], "(?") && !strings.HasPrefix(p[i:], "(?:"):
			return fmt.Errorf("pattern %q: flags and named groups such as (?i) or (?P<name>) are not read alike by RE2 and ECMA-262 (OpenAPI tools); spell out the letter cases ([aA]) and use (?:...)", p)
		}
	}
	return nil
}

// foldedAlternatives is a group matching any of values in any letter case:
// each letter becomes the class of its two cases ([nN]), the rest is quoted.
// Only the ASCII cases are spelled out, not every rune a letter folds to
// (the long s for s, the Kelvin sign for k), though RE2's (?i) includes
// them: the values are ASCII words no client spells otherwise, and Prism
// puts a pattern it reports into an HTTP header, which must be Latin-1, and
// fails the request when it is not.
func foldedAlternatives(values []string) string {
	alts := make([]string, len(values))
	for i, v := range values {
		var b strings.Builder
		for _, r := range v {
			upper, lower := unicode.ToUpper(r), unicode.ToLower(r)
			if upper == lower || upper > unicode.MaxASCII || lower > unicode.MaxASCII {
				b.WriteString(regexp.QuoteMeta(string(r)))
				continue
			}
			b.WriteString("[" + string(lower) + string(upper) + "]")
		}
		alts[i] = b.String()
	}
	return "(?:" + strings.Join(alts, "|") + ")"
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
func isASCIIDigit(c byte) bool  { return c >= '0' && c <= '9' }
