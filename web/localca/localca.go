// Package localca is the certificate authority Till keeps on the machine it
// runs on, so that `till serve --stripe-hosts` can answer for Stripe's own
// hostnames over TLS to clients told to trust it. The CA is made on first
// use and kept as two PEM files; server certificates are issued from it at
// each start and live only in memory.
package localca

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"time"
)

// The files of a CA's directory. The key is readable by its owner only.
const (
	CertFile = "ca.pem"
	KeyFile  = "ca-key.pem"
)

// PermittedDomain is the only domain the CA can certify (an X.509 name
// constraint, enforced by clients): a copy of its key that leaked could
// impersonate Stripe's names to the machines that trust it, and nothing else.
const PermittedDomain = "stripe.com"

const (
	caLifetime   = 10 * 365 * 24 * time.Hour
	leafLifetime = 365 * 24 * time.Hour
)

// CA is a certificate authority kept in a directory.
type CA struct {
	// CertPath is the absolute path of the CA certificate, the file clients
	// are told to trust.
	CertPath string
	cert     *x509.Certificate
	key      *ecdsa.PrivateKey
}

// Open returns the CA kept in dir, creating it first when dir does not exist.
// Processes starting together agree on one CA: each writes a new one to a
// directory of its own and renames that into place, which only the first
// rename does; the others load the winner's.
func Open(dir string) (*CA, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("localca: %w", err)
	}
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		if err := create(dir); err != nil {
			return nil, err
		}
	}
	return load(dir)
}

func create(dir string) error {
	if err := os.MkdirAll(filepath.Dir(dir), 0o700); err != nil {
		return fmt.Errorf("localca: %w", err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), "."+filepath.Base(dir)+"-")
	if err != nil {
		return fmt.Errorf("localca: %w", err)
	}
	defer os.RemoveAll(tmp) // left over only when the rename did not happen
	certPEM, keyPEM, err := newCA(time.Now())
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(tmp, KeyFile), keyPEM, 0o600); err != nil {
		return fmt.Errorf("localca: %w", err)
	}
	if err := os.WriteFile(filepath.Join(tmp, CertFile), certPEM, 0o644); err != nil {
		return fmt.Errorf("localca: %w", err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil { // MkdirTemp's 0700 would hide the certificate
		return fmt.Errorf("localca: %w", err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		if _, statErr := os.Stat(dir); statErr == nil {
			return nil // another process made it first
		}
		return fmt.Errorf("localca: %w", err)
	}
	return nil
}

// newCA returns a new self-signed CA certificate and its key, in PEM.
func newCA(now time.Time) (certPEM, keyPEM []byte, err error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, fmt.Errorf("localca: %w", err)
	}
	host, _ := os.Hostname()
	tmpl := &x509.Certificate{
		SerialNumber:                serial(),
		Subject:                     pkix.Name{Organization: []string{"Till (development)"}, CommonName: "Till local CA " + host},
		NotBefore:                   now.Add(-time.Hour),
		NotAfter:                    now.Add(caLifetime),
		KeyUsage:                    x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid:       true,
		IsCA:                        true,
		MaxPathLenZero:              true,
		PermittedDNSDomainsCritical: true,
		PermittedDNSDomains:         []string{PermittedDomain},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, fmt.Errorf("localca: %w", err)
	}
	pkcs8, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, nil, fmt.Errorf("localca: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8}), nil
}

func load(dir string) (*CA, error) {
	certPath := filepath.Join(dir, CertFile)
	certPEM, err := os.ReadFile(certPath)
	if err != nil {
		return nil, fmt.Errorf("localca: %w", err)
	}
	keyPEM, err := os.ReadFile(filepath.Join(dir, KeyFile))
	if err != nil {
		return nil, fmt.Errorf("localca: %w", err)
	}
	pair, err := tls.X509KeyPair(certPEM, keyPEM) // also checks the key is the certificate's
	if err != nil {
		return nil, fmt.Errorf("localca: %s: %w", dir, err)
	}
	key, ok := pair.PrivateKey.(*ecdsa.PrivateKey)
	if !ok || !pair.Leaf.IsCA {
		return nil, fmt.Errorf("localca: %s does not hold a CA made by Till", dir)
	}
	if time.Now().After(pair.Leaf.NotAfter) {
		return nil, fmt.Errorf("localca: the CA in %s expired on %s: remove the directory to make a new one (and trust that)",
			dir, pair.Leaf.NotAfter.Format(time.DateOnly))
	}
	return &CA{CertPath: certPath, cert: pair.Leaf, key: key}, nil
}

// Issue returns a server certificate for names, valid from now for a year
// (or until the CA expires), with a new key that is never written anywhere.
// Its chain includes the CA certificate.
func (ca *CA) Issue(now time.Time, names ...string) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("localca: %w", err)
	}
	notAfter := now.Add(leafLifetime)
	if notAfter.After(ca.cert.NotAfter) {
		notAfter = ca.cert.NotAfter
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial(),
		Subject:      pkix.Name{Organization: []string{"Till (development)"}, CommonName: names[0]},
		DNSNames:     names,
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     notAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("localca: %w", err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("localca: %w", err)
	}
	return tls.Certificate{Certificate: [][]byte{der, ca.cert.Raw}, PrivateKey: key, Leaf: leaf}, nil
}

// Certificate is the CA's certificate, for a client that trusts it.
func (ca *CA) Certificate() *x509.Certificate { return ca.cert }

// serial is a random 128-bit serial number, as RFC 5280 asks for.
func serial() *big.Int {
	n, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	return n
}
