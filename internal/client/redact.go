package client

import "net/url"

// redactURL returns u as text with the values of the parameters that
// identify or authenticate the caller replaced, so it can go into logs and
// failure messages.
func redactURL(u *url.URL) string {
	q := u.Query()
	for _, name := range []string{"AccessKeyId", "SecurityToken", "Signature"} {
		if _, ok := q[name]; ok {
			q.Set(name, "REDACTED")
		}
	}
	c := *u
	c.RawQuery = q.Encode()
	return c.String()
}

// redactUser returns u as text with its user information (which may hold a
// password) replaced.
func redactUser(u *url.URL) string {
	c := *u
	c.User = url.User("REDACTED")
	return c.String()
}
