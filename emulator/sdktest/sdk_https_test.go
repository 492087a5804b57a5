package sdktest_test

import (
	"crypto/x509"
	"encoding/pem"
	"io"
	"log"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	openapiutil "github.com/alibabacloud-go/darabonba-openapi/v2/utils"
	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/ecs-conformance/ecs-conformance/emulator"
	"github.com/ecs-conformance/ecs-conformance/internal/httpserve"
)

// serveTLS serves a fresh emulator over HTTPS on a loopback port, through
// internal/httpserve as ecsemu does, with the certificate tls chooses.
func serveTLS(t *testing.T, flags httpserve.TLSFlags) string {
	t.Helper()
	conf, _, err := flags.Config("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	emu, err := emulator.New(emulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The refused handshakes of the untrusting client are expected.
	quiet := log.New(io.Discard, "", 0)
	srv, err := httpserve.Listen(httpserve.Config{Addr: "127.0.0.1:0", Handler: emu.Handler(), TLS: conf, ErrorLog: quiet})
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve()
	t.Cleanup(func() { srv.Close() })
	return srv.Addr().String()
}

// givenCertificate writes a certificate and key for 127.0.0.1 to files, as
// a user's own PKI would hand them to -tls-cert and -tls-key, and returns
// the flags and the PEM of the CA that issued them.
func givenCertificate(t *testing.T) (httpserve.TLSFlags, string) {
	t.Helper()
	dir := t.TempDir()
	cert, caPath, err := httpserve.SelfSigned(filepath.Join(dir, "pki"), []string{"127.0.0.1"}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	var chain []byte
	for _, der := range cert.Certificate {
		chain = append(chain, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})...)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(cert.PrivateKey)
	if err != nil {
		t.Fatal(err)
	}
	f := httpserve.TLSFlags{CertFile: filepath.Join(dir, "cert.pem"), KeyFile: filepath.Join(dir, "key.pem")}
	os.WriteFile(f.CertFile, chain, 0o644)
	os.WriteFile(f.KeyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600)
	ca, _ := os.ReadFile(caPath)
	return f, string(ca)
}

// httpsClient is an SDK client left at its default protocol, HTTPS,
// trusting ca (PEM) through Config.Ca; ca "" trusts only the system store.
func httpsClient(t *testing.T, hostPort, ca string, m mode) *ecs.Client {
	t.Helper()
	cfg := &openapiutil.Config{
		AccessKeyId:     dara.String(emulator.DefaultAccessKeyID),
		AccessKeySecret: dara.String(emulator.DefaultAccessKeySecret),
		Endpoint:        dara.String(hostPort),
		RegionId:        dara.String(region),
	}
	if ca != "" {
		cfg.Ca = dara.String(ca)
	}
	if m.algorithm != "" {
		cfg.SignatureAlgorithm = dara.String(m.algorithm)
	}
	c, err := ecs.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestSDKOverHTTPS drives the Go SDK v7 with its default protocol against
// the emulator over HTTPS, with a given certificate and with a self-signed
// one, in both signature schemes; a client that does not trust the CA
// must fail its handshake.
func TestSDKOverHTTPS(t *testing.T) {
	given, givenCA := givenCertificate(t)
	selfDir := filepath.Join(t.TempDir(), "tls")
	for _, tt := range []struct {
		name  string
		flags httpserve.TLSFlags
		ca    func() string
	}{
		{"given certificate", given, func() string { return givenCA }},
		{"self-signed", httpserve.TLSFlags{SelfSignedDir: selfDir}, func() string {
			ca, err := os.ReadFile(filepath.Join(selfDir, httpserve.CAFile))
			if err != nil {
				t.Fatal(err)
			}
			return string(ca)
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			// The SDK keeps one transport per endpoint for the process, with
			// the CA of the first client that used it (Config.Ca is not part
			// of its cache key); so the client without the CA gets an
			// endpoint of its own, first.
			untrusted := serveTLS(t, tt.flags)
			_, err := describe(httpsClient(t, untrusted, "", modes[0]), &ecs.DescribeSecurityGroupsRequest{RegionId: dara.String(region)})
			if err == nil || !strings.Contains(err.Error(), "certificate") {
				t.Fatalf("a client without the CA: %v; want a certificate error", err)
			}
			hostPort := serveTLS(t, tt.flags)
			ca := tt.ca()
			for _, m := range modes {
				body, err := describe(httpsClient(t, hostPort, ca, m), &ecs.DescribeSecurityGroupsRequest{RegionId: dara.String(region), MaxResults: dara.Int32(5)})
				if err != nil {
					t.Fatalf("%s over HTTPS: %v", m.name, err)
				}
				if n := len(body.SecurityGroups.SecurityGroup); n != 5 || dara.StringValue(body.NextToken) == "" {
					t.Fatalf("%s over HTTPS: %d groups, NextToken %q", m.name, n, dara.StringValue(body.NextToken))
				}
			}
		})
	}
}
