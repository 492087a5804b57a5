package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// seen is what one fake server received.
type seen struct {
	mu                  sync.Mutex
	method, host, query string
	body                string
	hits                int
}

func fake(t *testing.T, s *seen) *url.URL {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.method, s.host, s.query, s.body = r.Method, r.Host, r.URL.RawQuery, string(b)
		s.hits++
		s.mu.Unlock()
	}))
	t.Cleanup(srv.Close)
	u, _ := url.Parse(srv.URL)
	return u
}

// Each request reaches the Prism of its operation, whole and with the Host
// it was sent with; control calls skip Prism.
func TestFrontRoutesByAction(t *testing.T) {
	var a, b, emu seen
	rs := routes{"DescribeA": fake(t, &a), "DescribeB": fake(t, &b)}
	front := httptest.NewServer(frontHandler(rs, fake(t, &emu)))
	defer front.Close()
	long := strings.Repeat("x", 2*peekBody)

	tests := []struct {
		name, method, path, query, ctype, header, body string
		want                                           *seen
	}{
		{"V3 header", "POST", "/", "RegionId=r", "", "DescribeB", "", &b},
		{"RPC query", "GET", "/", "Action=DescribeB&RegionId=r", "", "", "", &b},
		{"RPC form", "POST", "/", "", "application/x-www-form-urlencoded", "", "RegionId=r&Action=DescribeB", &b},
		{"form past the peek", "POST", "/", "Action=DescribeB", "application/x-www-form-urlencoded", "", "Padding=" + long, &b},
		{"unknown action", "GET", "/", "Action=DescribeNothing", "", "", "", &a},
		{"no action", "GET", "/", "RegionId=r", "", "", "", &a},
		{"control plane", "POST", "/_emulator/faults", "", "application/json", "", `{"seed":1}`, &emu},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := tt.want.hits
			req, _ := http.NewRequest(tt.method, front.URL+tt.path+"?"+tt.query, strings.NewReader(tt.body))
			if tt.ctype != "" {
				req.Header.Set("Content-Type", tt.ctype)
			}
			if tt.header != "" {
				req.Header.Set("x-acs-action", tt.header)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			got := tt.want
			if got.hits != before+1 {
				t.Fatalf("the request did not reach the expected server (a %d, b %d, emulator %d hits)", a.hits, b.hits, emu.hits)
			}
			if got.method != tt.method || got.query != tt.query || got.body != tt.body || got.host != req.URL.Host {
				t.Errorf("forwarded %s ?%s host %s body of %d bytes; want %s ?%s host %s body of %d bytes",
					got.method, got.query, got.host, len(got.body), tt.method, tt.query, req.URL.Host, len(tt.body))
			}
		})
	}
}

// Prism forwards with the upstream's Host; the back puts the signed one back.
func TestBackRestoresTheSignedHost(t *testing.T) {
	var emu seen
	back := httptest.NewServer(backHandler(fake(t, &emu), "127.0.0.1:4010"))
	defer back.Close()
	resp, err := http.Post(back.URL+"/?RegionId=r", "application/x-www-form-urlencoded", strings.NewReader("MaxResults=10"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if emu.host != "127.0.0.1:4010" || emu.query != "RegionId=r" || emu.body != "MaxResults=10" {
		t.Errorf("the endpoint saw host %q ?%s body %q; want the signed host 127.0.0.1:4010 and the request as sent", emu.host, emu.query, emu.body)
	}
}

func TestFlags(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-route", "A=http://127.0.0.1:1"}, "-upstream"},
		{[]string{"-upstream", "127.0.0.1:8080", "-route", "A=http://127.0.0.1:1"}, "not a base URL"},
		{[]string{"-upstream", "http://127.0.0.1:8080"}, "no -route"},
		{[]string{"-upstream", "http://127.0.0.1:8080", "-route", "A"}, "want Action=http://HOST:PORT"},
	}
	for _, tt := range tests {
		var out, errb strings.Builder
		if code := run(tt.args, &out, &errb); code != 2 || !strings.Contains(errb.String(), tt.want) {
			t.Errorf("run(%q) = %d, %q; want 2 and %q", tt.args, code, errb.String(), tt.want)
		}
	}
}
