package runner

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// answer is a canned answer of a fake endpoint.
func answer(status int, contentType, body string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		w.Write([]byte(body))
	})
}

func apiError(status int, code string) http.Handler {
	return answer(status, "application/json", `{"RequestId":"r","HostId":"h","Code":"`+code+`","Message":"m\nmore","Recommend":"x"}`)
}

func TestPreflightEndpoint(t *testing.T) {
	tests := []struct {
		name    string
		handler http.Handler // nil: nothing listens
		want    []string     // nil: ready
	}{
		{name: "a page", handler: answer(200, "application/json", `{"RequestId":"r"}`)},
		{name: "an error that is not about credentials", handler: apiError(400, "InvalidParameter.MaxResults")},
		{name: "nothing listens", want: []string{"nothing answers there", "connection refused", "start the target"}},
		{name: "a wrong secret", handler: apiError(400, "SignatureDoesNotMatch"), want: []string{"refused the credentials: SignatureDoesNotMatch", "check " + EnvKeyID}},
		{name: "an unknown key", handler: apiError(404, "InvalidAccessKeyId.NotFound"), want: []string{"refused the credentials: InvalidAccessKeyId.NotFound: m", EnvToken}},
		{name: "a key without the permission", handler: apiError(403, "Forbidden.RAM"), want: []string{"does not allow DescribeSecurityGroups", "grant the key ecs:DescribeSecurityGroups"}},
		{name: "a skewed clock", handler: apiError(400, "InvalidTimeStamp.Expired"), want: []string{"refused the request's time", "clock"}},
		{name: "not an ECS endpoint", handler: answer(404, "text/html", "<html>Not Found</html>"), want: []string{"HTTP 404", "not an ECS API error", "base URL"}},
		{name: "a 200 that is not JSON", handler: answer(200, "text/html", "<html>hi</html>"), want: []string{"not the JSON of an ECS API"}},
		{name: "a 200 of JSON that is no object", handler: answer(200, "application/json", `"hi"`), want: []string{"not the JSON of an ECS API"}},
		// How the endpoint labels or renders its answer is the specs' to judge.
		{name: "a page labelled text/plain", handler: answer(200, "text/plain", `{"RequestId":"r"}`)},
		{name: "a page in XML", handler: answer(200, "text/xml", `<?xml version="1.0" encoding="UTF-8"?><DescribeSecurityGroupsResponse><RequestId>r</RequestId></DescribeSecurityGroupsResponse>`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			endpoint := deadEndpoint(t)
			if tt.handler != nil {
				srv := httptest.NewServer(tt.handler)
				defer srv.Close()
				endpoint = srv.URL
			}
			c := Defaults()
			c.Mode, c.Endpoint, c.AccessKeyID, c.AccessKeySecret = ModeLive, endpoint, "id", "secret"
			env, err := NewEnv(Options{Config: c})
			if err != nil {
				t.Fatal(err)
			}
			err = Preflight(context.Background(), c, env)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Preflight = %v, want ready", err)
				}
				return
			}
			if err == nil {
				t.Fatal("Preflight = nil, want the reason the target is not ready")
			}
			msg := err.Error()
			for _, w := range append(tt.want, endpoint+" ("+EnvEndpoint+")") {
				if !strings.Contains(msg, w) {
					t.Errorf("message lacks %q:\n%s", w, msg)
				}
			}
			if n := strings.Count(msg, "\n") + 1; n > 2 {
				t.Errorf("message has %d lines, want at most 2:\n%s", n, msg)
			}
		})
	}
}

// deadEndpoint is the URL of a loopback port nothing listens on.
func deadEndpoint(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr
}

func TestPreflightCassettes(t *testing.T) {
	root := t.TempDir()
	mk := func(rel, content string) {
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if content != "-" {
			if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	mk("full/emulator/v3/a.yaml", "version: 1\n")
	mk("gzipped/emulator/v3/walk.yaml.gz", "gzip bytes")       // large cassettes are stored gzipped only
	mk("other-files/emulator/v3/notes.txt", "not a cassette")  // what is no cassette does not count
	mk("other-files/emulator/v3/.hidden.yaml", "version: 1\n") // nor a hidden one
	mk("empty/emulator/v3/-", "-")
	mk("file/emulator/v3", "not a folder")
	tests := []struct {
		root string
		want string // "": ready
	}{
		{"full", ""},
		{"gzipped", ""},
		{"other-files", "holds no cassette"},
		{"missing", "no cassette folder " + filepath.Join(root, "missing", "emulator", "v3")},
		{"empty", "holds no cassette"},
		{"file", "is a file, not a cassette folder"},
	}
	for _, tt := range tests {
		t.Run(tt.root, func(t *testing.T) {
			c := Defaults()
			c.Mode, c.Cassettes = ModeReplay, filepath.Join(root, tt.root)
			err := Preflight(context.Background(), c, nil)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("Preflight = %v, want ready", err)
			case tt.want == "":
			case err == nil:
				t.Fatal("Preflight = nil, want the reason")
			case !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), EnvCassettes):
				t.Errorf("message lacks %q or %s:\n%s", tt.want, EnvCassettes, err)
			}
		})
	}
}

// TestPreflightSendsTheSTSToken: a temporary key's token goes with the
// probe, as with every spec's request.
func TestPreflightSendsTheSTSToken(t *testing.T) {
	var got string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Get("x-acs-security-token")
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"RequestId":"r"}`))
	}))
	defer srv.Close()
	env := map[string]string{EnvMode: ModeLive, EnvEndpoint: srv.URL, EnvKeyID: "STS.id", EnvKeySecret: "s", EnvToken: "tok-1"}
	c := Defaults().FromEnv(func(k string) string { return env[k] })
	e, err := NewEnv(Options{Config: c})
	if err != nil {
		t.Fatal(err)
	}
	if err := Preflight(context.Background(), c, e); err != nil {
		t.Fatal(err)
	}
	if got != "tok-1" || e.Caller.SecurityToken != "tok-1" {
		t.Errorf("token sent %q, Env's %q; want tok-1 from %s", got, e.Caller.SecurityToken, EnvToken)
	}
}
