package client

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
)

func TestAPIError(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		want   *ErrorBody
	}{
		{"JSON", 400,
			`{"RequestId":"11111111-2222-3333-4444-555555555555","HostId":"ecs.aliyuncs.com","Code":"DryRunOperation","Message":"Request validation has been passed with DryRun flag set.","Recommend":"https://api.aliyun.com/troubleshoot?q=DryRunOperation&product=Ecs"}`,
			&ErrorBody{RequestID: "11111111-2222-3333-4444-555555555555", HostID: "ecs.aliyuncs.com", Code: "DryRunOperation",
				Message: "Request validation has been passed with DryRun flag set.", Recommend: "https://api.aliyun.com/troubleshoot?q=DryRunOperation&product=Ecs"}},
		{"RAM denial", 403,
			`{"RequestId":"R","Code":"Forbidden.RAM","Message":"m","AccessDeniedDetail":{"AuthAction":"ecs:DescribeSecurityGroups","NoPermissionType":"ImplicitDeny"}}`,
			&ErrorBody{RequestID: "R", Code: "Forbidden.RAM", Message: "m",
				AccessDeniedDetail: map[string]any{"AuthAction": "ecs:DescribeSecurityGroups", "NoPermissionType": "ImplicitDeny"}}},
		{"XML", 404,
			`<?xml version='1.0' encoding='UTF-8'?><Error><RequestId>R</RequestId><HostId>ecs.aliyuncs.com</HostId><Code>InvalidAccessKeyId.NotFound</Code><Message>Specified access key is not found.</Message><Recommend><![CDATA[https://api.aliyun.com/troubleshoot?q=x&product=Ecs]]></Recommend></Error>`,
			&ErrorBody{RequestID: "R", HostID: "ecs.aliyuncs.com", Code: "InvalidAccessKeyId.NotFound",
				Message: "Specified access key is not found.", Recommend: "https://api.aliyun.com/troubleshoot?q=x&product=Ecs"}},
		{"success", 200, `{"RequestId":"R","Code":"ignored"}`, nil},
		{"not JSON", 502, `<html>Bad Gateway</html>`, nil},
		{"no code", 500, `{"RequestId":"R"}`, nil},
		{"empty", 503, ``, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &Response{StatusCode: tt.status, Body: []byte(tt.body)}
			got, ok := r.APIError()
			if ok != (tt.want != nil) {
				t.Fatalf("ok = %v, want %v (got %+v)", ok, tt.want != nil, got)
			}
			if tt.want == nil {
				return
			}
			if got.RequestID != tt.want.RequestID || got.HostID != tt.want.HostID || got.Code != tt.want.Code ||
				got.Message != tt.want.Message || got.Recommend != tt.want.Recommend ||
				len(got.AccessDeniedDetail) != len(tt.want.AccessDeniedDetail) {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
			for k, v := range tt.want.AccessDeniedDetail {
				if got.AccessDeniedDetail[k] != v {
					t.Errorf("AccessDeniedDetail[%s] = %v, want %v", k, got.AccessDeniedDetail[k], v)
				}
			}
			if !strings.Contains(got.Error(), tt.want.Code) {
				t.Errorf("Error() = %q does not name the code", got.Error())
			}
		})
	}
}

func TestDoReturnsErrorStatusesAsResponses(t *testing.T) {
	rec := newRecorder(t)
	rec.status, rec.body = http.StatusForbidden, `{"RequestId":"R","Code":"Forbidden.RAM","Message":"m"}`
	c := newTestClient(t, rec, SchemeRPC, "STS.secret-token")
	resp, err := c.Do(context.Background(), Request{Action: "DescribeSecurityGroups"})
	if err != nil {
		t.Fatalf("Do returned an error for an HTTP 403: %v", err)
	}
	if resp.StatusCode != 403 || resp.Header.Get("Content-Type") != "application/json;charset=utf-8" {
		t.Errorf("status %d, content-type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if e, ok := resp.APIError(); !ok || e.Code != "Forbidden.RAM" {
		t.Errorf("APIError() = %+v, %v", e, ok)
	}
	for _, secret := range []string{testAK, "STS.secret-token", rec.last(t).Query.Get("Signature")} {
		if strings.Contains(resp.RequestURL, secret) || strings.Contains(resp.RequestURL, strings.ReplaceAll(secret, "+", "%2B")) {
			t.Errorf("RequestURL %s leaks %q", resp.RequestURL, secret)
		}
	}
	if !strings.HasPrefix(resp.RequestURL, rec.URL+"/?") || !strings.Contains(resp.RequestURL, "AccessKeyId=REDACTED") {
		t.Errorf("RequestURL = %s", resp.RequestURL)
	}
}

func TestDoTransportErrorDoesNotLeakCredentials(t *testing.T) {
	rec := newRecorder(t)
	c := newTestClient(t, rec, SchemeRPC, "")
	rec.Close() // nothing listens any more
	_, err := c.Do(context.Background(), Request{Action: "DescribeSecurityGroups"})
	if err == nil {
		t.Fatal("Do succeeded against a closed server")
	}
	if strings.Contains(err.Error(), testAK) || strings.Contains(err.Error(), "Signature=") && !strings.Contains(err.Error(), "Signature=REDACTED") {
		t.Errorf("error leaks credentials: %v", err)
	}
}

func TestDoHonoursContext(t *testing.T) {
	rec := newRecorder(t)
	c := newTestClient(t, rec, SchemeV3, "")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.Do(ctx, Request{Action: "DescribeSecurityGroups"})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
}

func TestDecodeJSON(t *testing.T) {
	var v struct{ RequestId string }
	ok := &Response{StatusCode: 200, Body: []byte(`{"RequestId":"R"}`)}
	if err := ok.DecodeJSON(&v); err != nil || v.RequestId != "R" {
		t.Errorf("DecodeJSON = %v, %+v", err, v)
	}
	bad := &Response{StatusCode: 502, Body: []byte("<html>Bad Gateway</html>")}
	err := bad.DecodeJSON(&v)
	if err == nil || !strings.Contains(err.Error(), "HTTP 502") || !strings.Contains(err.Error(), "Bad Gateway") {
		t.Errorf("DecodeJSON error %v should quote the status and body", err)
	}
}
