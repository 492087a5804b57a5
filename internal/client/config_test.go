package client

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestNewValidates(t *testing.T) {
	ok := Config{Endpoint: "http://127.0.0.1:8080", AccessKeyID: "ak", AccessKeySecret: "sk"}
	tests := []struct {
		name    string
		edit    func(*Config)
		wantErr string
	}{
		{"empty endpoint", func(c *Config) { c.Endpoint = "" }, "Endpoint is empty"},
		{"host only", func(c *Config) { c.Endpoint = "127.0.0.1:8080" }, `has no scheme; write it as a URL, e.g. "http://127.0.0.1:8080"`},
		{"other scheme", func(c *Config) { c.Endpoint = "ftp://example.com" }, `scheme "ftp"`},
		{"no host", func(c *Config) { c.Endpoint = "http:///" }, "has no host"},
		{"path", func(c *Config) { c.Endpoint = "http://127.0.0.1:8080/ecs" }, `has path "/ecs"`},
		{"query", func(c *Config) { c.Endpoint = "http://127.0.0.1:8080/?a=b" }, "query or fragment"},
		{"user info", func(c *Config) { c.Endpoint = "http://ak:secret@127.0.0.1:8080" }, "carries user information"},
		{"no access key id", func(c *Config) { c.AccessKeyID = "" }, "AccessKeyID is empty"},
		{"no secret", func(c *Config) { c.AccessKeySecret = "" }, "AccessKeySecret is empty"},
		{"unknown scheme", func(c *Config) { c.Scheme = "v4" }, `Scheme "v4" is unknown`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := ok
			tt.edit(&cfg)
			_, err := New(cfg)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("New: %v, want an error containing %q", err, tt.wantErr)
			}
			if strings.Contains(err.Error(), "secret@") {
				t.Errorf("error repeats user information: %v", err)
			}
		})
	}
	for _, endpoint := range []string{"http://127.0.0.1:8080", "https://ecs.cn-hangzhou.aliyuncs.com/", "http://[::1]:9"} {
		cfg := ok
		cfg.Endpoint = endpoint
		if _, err := New(cfg); err != nil {
			t.Errorf("New(%q): %v", endpoint, err)
		}
	}
}

func TestNewDefaults(t *testing.T) {
	c, err := New(Config{Endpoint: "http://127.0.0.1:8080", AccessKeyID: "ak", AccessKeySecret: "sk"})
	if err != nil {
		t.Fatal(err)
	}
	if c.cfg.Scheme != SchemeV3 || c.cfg.Version != "2014-05-26" || c.cfg.UserAgent != DefaultUserAgent {
		t.Errorf("defaults: scheme %q version %q user agent %q", c.cfg.Scheme, c.cfg.Version, c.cfg.UserAgent)
	}
	if c.cfg.HTTPClient == nil || c.cfg.HTTPClient.Timeout != DefaultTimeout {
		t.Errorf("default HTTP client %+v", c.cfg.HTTPClient)
	}
	if err := c.cfg.HTTPClient.CheckRedirect(nil, nil); err != http.ErrUseLastResponse {
		t.Errorf("the default client follows redirects (CheckRedirect = %v)", err)
	}
	if d := time.Since(c.cfg.Clock()); d < 0 || d > time.Minute {
		t.Errorf("default clock is off by %v", d)
	}
	if n := c.cfg.Nonce(); len(n) != 32 {
		t.Errorf("default nonce %q", n)
	}
	if c.base.String() != "http://127.0.0.1:8080/" {
		t.Errorf("base URL %s", c.base)
	}
}
