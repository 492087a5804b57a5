package client

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
)

// omitSet tracks Tamper.Omit so that a name that matched nothing is reported.
type omitSet struct {
	names []string
	used  []bool
}

func newOmitSet(names []string) *omitSet {
	return &omitSet{names: names, used: make([]bool, len(names))}
}

// dropParams deletes the named parameters (exact names) from each set.
func (o *omitSet) dropParams(sets ...url.Values) {
	for i, name := range o.names {
		for _, set := range sets {
			if _, ok := set[name]; ok {
				delete(set, name)
				o.used[i] = true
			}
		}
	}
}

// dropHeaders deletes the named headers (any case) from h.
func (o *omitSet) dropHeaders(h http.Header) {
	for i, name := range o.names {
		key := http.CanonicalHeaderKey(name)
		if _, ok := h[key]; ok {
			delete(h, key)
			o.used[i] = true
		}
	}
}

// late reports whether name (compared without case) is to be omitted after
// signing, and marks it used.
func (o *omitSet) late(name string) bool {
	found := false
	for i, n := range o.names {
		if strings.EqualFold(n, name) {
			o.used[i] = true
			found = true
		}
	}
	return found
}

// check returns an error naming the first entry that matched nothing.
func (o *omitSet) check(scheme Scheme, sent []string) error {
	for i, name := range o.names {
		if o.used[i] {
			continue
		}
		if strings.EqualFold(name, "Host") {
			return errors.New("client: Tamper.Omit: Host cannot be omitted, HTTP/1.1 always sends it; use Tamper.Header to change it")
		}
		return fmt.Errorf("client: Tamper.Omit: the %s request carries no %q; it sends %s", scheme, name, strings.Join(sent, ", "))
	}
	return nil
}

// sentNames lists what a request carries, for Tamper.Omit's error message.
func sentNames(h http.Header, query, form url.Values, late string) []string {
	var names []string
	for name := range query {
		names = append(names, name)
	}
	for name := range form {
		names = append(names, name)
	}
	for name := range h {
		names = append(names, name)
	}
	sort.Strings(names)
	return append(names, late)
}
