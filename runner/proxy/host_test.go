package proxy

import (
	"net/url"
	"testing"

	"github.com/ecs-conformance/ecs-conformance/internal/client"
)

// TestHostPolicyAndResigning forwards to an emulator, which verifies V3
// against the Host it receives, under each Host policy: the client's Host
// keeps a V3 signature valid; the upstream's needs a re-signature, which
// only a request signed right with the proxy's own credentials gets.
func TestHostPolicyAndResigning(t *testing.T) {
	emu := emulatorServer(t)
	creds := &Credentials{AccessKeyID: realisticKeyID, AccessKeySecret: realisticSecret}
	tests := []struct {
		name   string
		policy HostPolicy
		creds  *Credentials
		scheme client.Scheme
		secret string
		code   string // "" for a 200
	}{
		{"auto on loopback forwards the client's Host", HostAuto, nil, client.SchemeV3, realisticSecret, ""},
		{"the upstream's Host breaks a V3 signature", HostUpstream, nil, client.SchemeV3, realisticSecret, "SignatureDoesNotMatch"},
		{"the upstream's Host with credentials: re-signed", HostUpstream, creds, client.SchemeV3, realisticSecret, ""},
		{"a wrong secret is not re-signed", HostUpstream, creds, client.SchemeV3, "wrong-secret-0000000000000000", "SignatureDoesNotMatch"},
		{"RPC does not sign the Host", HostUpstream, nil, client.SchemeRPC, realisticSecret, ""},
		{"the client's Host keeps a wrong secret wrong", HostClient, creds, client.SchemeV3, "wrong-secret-0000000000000000", "SignatureDoesNotMatch"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, srv := newProxy(t, Options{Mode: ModeLive, Upstream: mustURL(t, emu.URL), Host: tt.policy, Credentials: tt.creds, Recording: "host"})
			resp := describe(t, signed(t, srv.URL, tt.scheme, nil, tt.secret), client.Request{Params: url.Values{"RegionId": {"cn-hangzhou"}}})
			code := ""
			if e, ok := resp.APIError(); ok {
				code = e.Code
			}
			if code != tt.code {
				t.Errorf("%d %s, want code %q", resp.StatusCode, resp.Body, tt.code)
			}
		})
	}
}

func TestHostPolicyFor(t *testing.T) {
	for _, tt := range []struct {
		upstream string
		want     HostPolicy
	}{
		{"http://127.0.0.1:8080", HostClient},
		{"http://localhost:8080", HostClient},
		{"http://[::1]:8080", HostClient},
		{"https://ecs.cn-hangzhou.aliyuncs.com", HostUpstream},
		{"http://192.0.2.1:8080", HostUpstream},
	} {
		if got := hostPolicyFor(HostAuto, mustURL(t, tt.upstream)); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.upstream, got, tt.want)
		}
	}
}
