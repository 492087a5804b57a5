package vcr

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// maxSlugLength bounds a slug so that Dir/target/scheme/slug.yaml stays far
// below file-system name limits (255 bytes per element).
const maxSlugLength = 80

// slugHashLength is the number of hex digits of the hash suffix.
const slugHashLength = 8

// Slug turns a Ginkgo spec's full text into a stable, file-system-safe
// cassette name: lower-case ASCII letters and digits, every other run of
// characters becoming one dash, no leading or trailing dash. A slug longer
// than 80 characters is cut and ends in a dash and the first 8 hex digits of
// the SHA-256 of the full text, so long texts that share a prefix still get
// different names. The same text always gives the same slug; texts that
// differ only in case or punctuation share one, so keep spec texts distinct
// in their words.
func Slug(specText string) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(specText) {
		if 'a' <= c && c <= 'z' || '0' <= c && c <= '9' {
			b.WriteRune(c)
			dash = false
			continue
		}
		if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	slug := strings.TrimSuffix(b.String(), "-")
	sum := sha256.Sum256([]byte(specText))
	suffix := hex.EncodeToString(sum[:])[:slugHashLength]
	switch {
	case slug == "":
		return "spec-" + suffix
	case len(slug) > maxSlugLength:
		return strings.TrimSuffix(slug[:maxSlugLength-slugHashLength-1], "-") + "-" + suffix
	}
	return slug
}
