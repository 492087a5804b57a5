package client

import (
	"net/http"
	"net/url"
	"strings"
)

// Redacted is what replaces a secret in anything a person or a file sees.
const Redacted = "REDACTED"

// secretParams are the query and form parameters that identify or
// authenticate the caller (RPC signing).
var secretParams = []string{"AccessKeyId", "SecurityToken", "Signature"}

// secretHeaders are the headers that do (V3 signing, the control plane's
// bearer token, cookies a proxy may add).
var secretHeaders = []string{"Authorization", "X-Acs-Security-Token", "X-Acs-Accesskey-Id", "Cookie", "Set-Cookie", "Proxy-Authorization"}

// RedactURL returns u as text with the caller's key, token and signature
// replaced, and any user information too, so it can go into reports.
func RedactURL(u *url.URL) string {
	c := *u
	if c.User != nil {
		c.User = url.User(Redacted)
	}
	return redactURL(&c)
}

// RedactHeader returns a copy of h with the values of the headers that
// carry credentials, tokens or signatures replaced.
func RedactHeader(h http.Header) http.Header {
	out := h.Clone()
	if out == nil {
		out = http.Header{}
	}
	for _, name := range secretHeaders {
		if _, ok := out[name]; ok {
			out[name] = []string{Redacted}
		}
	}
	return out
}

// RedactForm returns a form-encoded body with the values of the
// parameters that identify or authenticate the caller replaced; a body
// that is not a form is returned as it is.
func RedactForm(body []byte, contentType string) []byte {
	if !strings.HasPrefix(strings.ToLower(contentType), "application/x-www-form-urlencoded") {
		return body
	}
	q, err := url.ParseQuery(string(body))
	if err != nil {
		return body
	}
	changed := false
	for _, name := range secretParams {
		if _, ok := q[name]; ok {
			q.Set(name, Redacted)
			changed = true
		}
	}
	if !changed {
		return body
	}
	return []byte(q.Encode())
}
