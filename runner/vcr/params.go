package vcr

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// pair is one decoded parameter, in the order it was sent.
type pair struct{ name, value string }

// paramsOf returns the query parameters followed by the form-body ones.
func paramsOf(w wireRequest) ([]pair, error) {
	pairs, err := parseForm(w.rawQuery)
	if err != nil {
		return nil, fmt.Errorf("vcr: query string: %w", err)
	}
	switch {
	case len(w.body) > 0 && isForm(w.header):
		more, err := parseForm(string(w.body))
		if err != nil {
			return nil, fmt.Errorf("vcr: form body: %w", err)
		}
		pairs = append(pairs, more...)
	case len(w.body) == 0 && len(w.form) > 0:
		// A recorded request whose body was lost but whose parsed form was
		// kept: use the form, in name order since a map has no other.
		names := make([]string, 0, len(w.form))
		for name := range w.form {
			names = append(names, name)
		}
		slices.Sort(names)
		for _, name := range names {
			for _, v := range w.form[name] {
				pairs = append(pairs, pair{name, v})
			}
		}
	}
	return pairs, nil
}

// parseForm decodes application/x-www-form-urlencoded text, keeping the
// order of pairs: "+" and "%20" both decode to a space, "*" and "%2A" to a
// star. Unlike url.ParseQuery it treats ';' as an ordinary character, as the
// Alibaba gateway does.
func parseForm(raw string) ([]pair, error) {
	var pairs []pair
	for _, token := range strings.Split(raw, "&") {
		if token == "" {
			continue
		}
		rawName, rawValue, _ := strings.Cut(token, "=")
		name, err := url.QueryUnescape(rawName)
		if err != nil {
			return nil, fmt.Errorf("parameter name %q is not valid percent-encoding: %w", rawName, err)
		}
		value, err := url.QueryUnescape(rawValue)
		if err != nil {
			return nil, fmt.Errorf("parameter %s: value %q is not valid percent-encoding: %w", name, rawValue, err)
		}
		pairs = append(pairs, pair{name, value})
	}
	return pairs, nil
}

// normalizeJSONArray re-marshals a JSON array of strings compactly, items in
// their order, without HTML escaping, so `["a", "b"]`, `["a","b"]` and
// `["\u0061","b"]` compare equal. Other valid JSON is only compacted; text
// that is not JSON (a deliberately malformed value) is kept as sent.
func normalizeJSONArray(v string) string {
	var items []string
	if err := json.Unmarshal([]byte(v), &items); err == nil && items != nil {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(items); err == nil {
			return strings.TrimSuffix(b.String(), "\n")
		}
	}
	var b bytes.Buffer
	if err := json.Compact(&b, []byte(v)); err == nil {
		return b.String()
	}
	return v
}
