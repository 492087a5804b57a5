package vcr

import (
	"net/http"
	"slices"
	"strings"
)

// headerValues returns every value of the header called name, matching the
// name case-insensitively: the map may hold canonical and lower-case
// spellings side by side when a client writes to it directly. Keys are
// visited in sorted order so the result is stable.
func headerValues(h http.Header, name string) []string {
	var keys []string
	for k := range h {
		if strings.EqualFold(k, name) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var out []string
	for _, k := range keys {
		for _, v := range h[k] {
			out = append(out, strings.TrimSpace(v))
		}
	}
	return out
}

// authAlgorithm returns the algorithm named by the Authorization header: its
// first word when something follows it, else Redacted (the whole value might
// be a bare token). ok is false when there is no Authorization header.
func authAlgorithm(h http.Header) (alg string, ok bool) {
	vs := headerValues(h, "Authorization")
	if len(vs) == 0 {
		return "", false
	}
	alg, rest, found := strings.Cut(vs[0], " ")
	if !found || strings.TrimSpace(rest) == "" {
		return presence(vs[0]), true
	}
	return alg, true
}
