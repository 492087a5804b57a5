package gen

import (
	"regexp"
	"strings"
	"testing"
)

func TestPortablePattern(t *testing.T) {
	tests := []struct {
		pattern string
		refused string // part of the error; empty: portable
	}{
		{`^sg-[0-9a-z*]{1,61}$`, ""},
		{`^\p{L}[\p{L}\p{N}._-]*$`, ""},
		{`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?Z$`, ""},
		{`^a\.b\*c\/d$`, ""},
		{`^[\-x\]]+$`, ""},
		{`^\x41$`, ""},
		{`(?i)^normal$`, "(?i)"},
		{`^(?P<id>sg-.*)$`, "named groups"},
		{`\Asg-`, `\A`},
		{`sg-\z`, `\z`},
		{`^\Q.\E$`, `\Q`},
		{`^[[:alpha:]]+$`, "POSIX classes"},
		{`^\pL+$`, "with braces"},
		{`^\x{41}$`, `\x{...} is RE2 only`},
		{`^a\-b$`, "Unicode mode"},
		{`^a\_b$`, "Unicode mode"},
		{`^[]a]$`, "closes the class"},
		{`^a\`, "lone backslash"},
	}
	for _, tt := range tests {
		err := portablePattern(tt.pattern)
		switch {
		case tt.refused == "" && err != nil:
			t.Errorf("portablePattern(%q) = %v, want portable", tt.pattern, err)
		case tt.refused != "" && (err == nil || !strings.Contains(err.Error(), tt.refused)):
			t.Errorf("portablePattern(%q) = %v, want an error containing %q", tt.pattern, err, tt.refused)
		}
	}
}

// A folded group matches its values in any ASCII letter case and nothing
// else, and is itself portable.
func TestFoldedAlternatives(t *testing.T) {
	tests := []struct {
		values     []string
		want       string
		match, not []string
	}{
		{[]string{"normal", "enterprise"}, `(?:[nN][oO][rR][mM][aA][lL]|[eE][nN][tT][eE][rR][pP][rR][iI][sS][eE])`,
			[]string{"normal", "NORMAL", "Enterprise"}, []string{"normals", "norm", "other"}},
		{[]string{"http://", "https://"}, `(?:[hH][tT][tT][pP]://|[hH][tT][tT][pP][sS]://)`,
			[]string{"HTTP://", "hTTpS://"}, []string{"ftp://", "http:/"}},
		{[]string{"a.b"}, `(?:[aA]\.[bB])`, []string{"A.b"}, []string{"axb"}},
	}
	for _, tt := range tests {
		got := foldedAlternatives(tt.values)
		if got != tt.want {
			t.Errorf("foldedAlternatives(%q) = %q, want %q", tt.values, got, tt.want)
		}
		if err := portablePattern(got); err != nil {
			t.Errorf("foldedAlternatives(%q) is not portable: %v", tt.values, err)
		}
		re := regexp.MustCompile("^" + got + "$")
		for _, s := range tt.match {
			if !re.MatchString(s) {
				t.Errorf("%s does not match %q", got, s)
			}
		}
		for _, s := range tt.not {
			if re.MatchString(s) {
				t.Errorf("%s matches %q", got, s)
			}
		}
	}
}
