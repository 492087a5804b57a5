package client

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestRedactWire(t *testing.T) {
	secrets := []string{"LTAIkey", "s3cret-sig", "sts-token", "bearer-xyz", "pass"}
	u, _ := url.Parse("http://user:pass@127.0.0.1:8080/?AccessKeyId=LTAIkey&Signature=s3cret-sig&SecurityToken=sts-token&RegionId=cn-hangzhou")
	h := http.Header{
		"Authorization":        {"ACS3-HMAC-SHA256 Credential=LTAIkey,SignedHeaders=host,Signature=s3cret-sig"},
		"X-Acs-Security-Token": {"sts-token"},
		"X-Acs-Action":         {"DescribeSecurityGroups"},
	}
	form := []byte("AccessKeyId=LTAIkey&Signature=s3cret-sig&RegionId=cn-hangzhou")
	tests := []struct {
		name string
		got  string
		keep string
	}{
		{"url", RedactURL(u), "RegionId=cn-hangzhou"},
		{"header", RedactHeader(h).Get("Authorization") + RedactHeader(h).Get("X-Acs-Security-Token") + RedactHeader(h).Get("X-Acs-Action"), "DescribeSecurityGroups"},
		{"form", string(RedactForm(form, "application/x-www-form-urlencoded; charset=utf-8")), "RegionId=cn-hangzhou"},
		{"bearer", RedactHeader(http.Header{"Authorization": {"Bearer bearer-xyz"}}).Get("Authorization"), Redacted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, s := range secrets {
				if strings.Contains(tt.got, s) {
					t.Errorf("%q still holds %q", tt.got, s)
				}
			}
			if !strings.Contains(tt.got, tt.keep) {
				t.Errorf("%q lost %q, which is no secret", tt.got, tt.keep)
			}
		})
	}
	if got := string(RedactForm([]byte(`{"a":1}`), "application/json")); got != `{"a":1}` {
		t.Errorf("a JSON body changed: %s", got)
	}
	if RedactHeader(nil) == nil {
		t.Error("RedactHeader(nil) is nil; reports need an object")
	}
}
