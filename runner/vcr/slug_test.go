package vcr

import (
	"strings"
	"testing"
)

func TestSlug(t *testing.T) {
	long := "DescribeSecurityGroups when walking NextToken pages " + strings.Repeat("with a very long description ", 5)
	tests := []struct{ text, want string }{
		{"DescribeSecurityGroups paging walks every group once", "describesecuritygroups-paging-walks-every-group-once"},
		{"  Error: InvalidParameter.MaxResults (MaxResults=0) ", "error-invalidparameter-maxresults-maxresults-0"},
		{"Tag.N.Key ✓ accepts ünïcode / slashes", "tag-n-key-accepts-n-code-slashes"},
		{"", "spec-e3b0c442"},
		{"!!!", "spec-e84c538e"},
		{long, "describesecuritygroups-when-walking-nexttoken-pages-with-a-very-long-de-7bc62b1f"},
	}
	for _, tt := range tests {
		got := Slug(tt.text)
		if got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.text, got, tt.want)
		}
		if len(got) > maxSlugLength || strings.Trim(got, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" || strings.HasPrefix(got, "-") || strings.HasSuffix(got, "-") {
			t.Errorf("Slug(%q) = %q is not a bounded, file-system-safe name", tt.text, got)
		}
	}
}

func TestSlugIsStableAndSeparatesLongTexts(t *testing.T) {
	prefix := strings.Repeat("DescribeSecurityGroups returns every documented field ", 3)
	a, b := Slug(prefix+"for normal groups"), Slug(prefix+"for enterprise groups")
	if a == b {
		t.Errorf("long texts with a shared prefix share the slug %q", a)
	}
	if Slug(prefix) != Slug(prefix) {
		t.Error("Slug is not deterministic")
	}
	// Pinned: a change here renames every recorded cassette.
	if got, want := Slug(prefix+"for normal groups"), "describesecuritygroups-returns-every-documented-field-describesecurityg-f06b7076"; got != want {
		t.Errorf("Slug = %q, want %q", got, want)
	}
}
