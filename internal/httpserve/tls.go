package httpserve

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// TLSFlags choose how a server speaks HTTPS: with a certificate and key
// given as files, or with a certificate it makes itself, signed by a CA
// kept in SelfSignedDir so that clients can trust it. Neither means HTTP.
type TLSFlags struct {
	CertFile, KeyFile string
	SelfSignedDir     string
}

// Files written to TLSFlags.SelfSignedDir.
const (
	// CAFile is the CA certificate (PEM) clients trust: the Go SDK's
	// Config.Ca, NODE_EXTRA_CA_CERTS, SSL_CERT_FILE, the system store.
	CAFile = "ca.pem"
	// CAKeyFile is the CA's private key (mode 0600). It is kept so that a
	// restarted server issues its new certificate from the same CA, which
	// clients already trust.
	CAKeyFile = "ca-key.pem"
)

// BindFlags registers -tls-cert, -tls-key and -tls-self-signed on fs.
func (t *TLSFlags) BindFlags(fs *flag.FlagSet) {
	fs.StringVar(&t.CertFile, "tls-cert", t.CertFile, "serve HTTPS with this certificate (PEM; with -tls-key)")
	fs.StringVar(&t.KeyFile, "tls-key", t.KeyFile, "private key (PEM) of -tls-cert")
	fs.StringVar(&t.SelfSignedDir, "tls-self-signed", t.SelfSignedDir, "serve HTTPS with a certificate made for the listen address, 127.0.0.1 and localhost, issued by a CA whose certificate is written to DIR/"+CAFile+" (and reused from there)")
}

// Enabled reports whether any TLS flag is set.
func (t TLSFlags) Enabled() bool { return t.CertFile != "" || t.KeyFile != "" || t.SelfSignedDir != "" }

// Validate says which TLS flags do not go together.
func (t TLSFlags) Validate() error {
	switch {
	case (t.CertFile == "") != (t.KeyFile == ""):
		return errors.New("-tls-cert and -tls-key go together: give both or neither")
	case t.CertFile != "" && t.SelfSignedDir != "":
		return errors.New("-tls-self-signed makes its own certificate: give it or -tls-cert/-tls-key, not both")
	}
	return nil
}

// Config returns the server's TLS configuration for a server listening on
// addr, or nil when no TLS flag is set. With SelfSignedDir it also returns
// the path of the CA file clients should trust.
func (t TLSFlags) Config(addr string) (*tls.Config, string, error) {
	if err := t.Validate(); err != nil {
		return nil, "", err
	}
	var cert tls.Certificate
	var caPath string
	var err error
	switch {
	case t.CertFile != "":
		if cert, err = tls.LoadX509KeyPair(t.CertFile, t.KeyFile); err != nil {
			return nil, "", fmt.Errorf("-tls-cert %s / -tls-key %s: %w", t.CertFile, t.KeyFile, err)
		}
	case t.SelfSignedDir != "":
		if cert, caPath, err = SelfSigned(t.SelfSignedDir, hostsFor(addr), time.Now()); err != nil {
			return nil, "", fmt.Errorf("-tls-self-signed %s: %w", t.SelfSignedDir, err)
		}
	default:
		return nil, "", nil
	}
	return &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}, caPath, nil
}

// hostsFor names what a certificate for a server on addr must cover:
// loopback always, and the listen host when it is a specific one.
func hostsFor(addr string) []string {
	hosts := []string{"127.0.0.1", "::1", "localhost"}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if ip := net.ParseIP(host); host != "" && (ip == nil || !ip.IsUnspecified()) && !slices.Contains(hosts, host) {
		hosts = append(hosts, host)
	}
	return hosts
}

// SelfSigned returns a server certificate for hosts (IP addresses and DNS
// names), valid from now for a year, issued by the CA kept in dir: read
// from CAFile and CAKeyFile when both are there, made and written there
// otherwise. It returns the CA file's path too.
func SelfSigned(dir string, hosts []string, now time.Time) (tls.Certificate, string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return tls.Certificate{}, "", err
	}
	caPath := filepath.Join(dir, CAFile)
	ca, caKey, err := loadCA(caPath, filepath.Join(dir, CAKeyFile))
	if errors.Is(err, os.ErrNotExist) {
		ca, caKey, err = newCA(caPath, filepath.Join(dir, CAKeyFile), now)
	}
	if err != nil {
		return tls.Certificate{}, "", err
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, "", err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial(),
		Subject:      pkix.Name{CommonName: hosts[0]},
		NotBefore:    now.Add(-time.Hour), // tolerate a client clock a little behind
		NotAfter:     now.AddDate(1, 0, 0),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		return tls.Certificate{}, "", err
	}
	return tls.Certificate{Certificate: [][]byte{der, ca.Raw}, PrivateKey: key}, caPath, nil
}

// newCA makes a CA valid for ten years and writes its certificate and key.
func newCA(certPath, keyPath string, now time.Time) (*x509.Certificate, *ecdsa.PrivateKey, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial(),
		Subject:               pkix.Name{CommonName: "ecs-conformance local CA", Organization: []string{"ecs-conformance"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.AddDate(10, 0, 0),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, err
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return nil, nil, err
	}
	// The key first, private: a CA file without its key would be replaced
	// on the next start, and clients would distrust the new one.
	if err := os.WriteFile(keyPath, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		return nil, nil, err
	}
	if err := os.WriteFile(certPath, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		return nil, nil, err
	}
	cert, err := x509.ParseCertificate(der)
	return cert, key, err
}

// loadCA reads a CA written by newCA. os.ErrNotExist means there is none
// yet (neither file); anything else, a damaged one, is an error to fix by
// hand rather than a CA to overwrite.
func loadCA(certPath, keyPath string) (*x509.Certificate, *ecdsa.PrivateKey, error) {
	certPEM, errCert := os.ReadFile(certPath)
	keyPEM, errKey := os.ReadFile(keyPath)
	switch {
	case errors.Is(errCert, os.ErrNotExist) && errors.Is(errKey, os.ErrNotExist):
		return nil, nil, os.ErrNotExist
	case errCert != nil:
		return nil, nil, fmt.Errorf("reading the CA certificate: %w (delete %s and %s to make a new CA)", errCert, certPath, keyPath)
	case errKey != nil:
		return nil, nil, fmt.Errorf("reading the CA key: %w (delete %s and %s to make a new CA)", errKey, certPath, keyPath)
	}
	pair, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return nil, nil, fmt.Errorf("%s and %s do not make a CA: %w (delete both to make a new one)", certPath, keyPath, err)
	}
	cert, err := x509.ParseCertificate(pair.Certificate[0])
	if err != nil {
		return nil, nil, err
	}
	key, ok := pair.PrivateKey.(*ecdsa.PrivateKey)
	if !ok || !cert.IsCA {
		return nil, nil, fmt.Errorf("%s is not a CA made by -tls-self-signed (delete it and %s to make a new one)", certPath, keyPath)
	}
	return cert, key, nil
}

func serial() *big.Int {
	n, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	return n
}
