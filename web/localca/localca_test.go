package localca_test

import (
	"bytes"
	"crypto/x509"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"till/web/localca"
)

func TestOpenCreatesOnceAndKeeps(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data", "ca")
	// Several processes starting at once must end up with one CA.
	cas := make([]*localca.CA, 4)
	var wg sync.WaitGroup
	for i := range cas {
		wg.Go(func() {
			ca, err := localca.Open(dir)
			if err != nil {
				t.Error(err)
			}
			cas[i] = ca
		})
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	for _, ca := range cas[1:] {
		if !bytes.Equal(ca.Certificate().Raw, cas[0].Certificate().Raw) {
			t.Fatal("concurrent opens made different CAs")
		}
	}
	if want := filepath.Join(dir, localca.CertFile); cas[0].CertPath != want || !filepath.IsAbs(cas[0].CertPath) {
		t.Errorf("CertPath = %q, want %q", cas[0].CertPath, want)
	}
	key, err := os.Stat(filepath.Join(dir, localca.KeyFile))
	if err != nil {
		t.Fatal(err)
	}
	if key.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %o, want 0600", key.Mode().Perm())
	}
	entries, _ := os.ReadDir(filepath.Dir(dir))
	if len(entries) != 1 {
		t.Errorf("data directory holds %d entries, want only the CA's (no temporary directories left)", len(entries))
	}

	again, err := localca.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.Certificate().Raw, cas[0].Certificate().Raw) {
		t.Error("a second start made a new CA instead of keeping the first")
	}
}

func TestIssue(t *testing.T) {
	ca, err := localca.Open(filepath.Join(t.TempDir(), "ca"))
	if err != nil {
		t.Fatal(err)
	}
	pem, err := os.ReadFile(ca.CertPath)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(pem) {
		t.Fatal("the CA file holds no certificate")
	}
	now := time.Now()
	cert, err := ca.Issue(now, "api.stripe.com", "checkout.stripe.com")
	if err != nil {
		t.Fatal(err)
	}
	if len(cert.Certificate) != 2 {
		t.Errorf("chain of %d certificates, want the leaf and the CA", len(cert.Certificate))
	}
	for _, name := range []string{"api.stripe.com", "checkout.stripe.com"} {
		if _, err := cert.Leaf.Verify(x509.VerifyOptions{DNSName: name, Roots: roots, CurrentTime: now}); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := cert.Leaf.Verify(x509.VerifyOptions{DNSName: "js.stripe.com", Roots: roots}); err == nil {
		t.Error("verified for a name it was not issued for")
	}

	// The name constraint: a certificate for anything outside stripe.com
	// does not verify, whoever holds the CA's key.
	other, err := ca.Issue(now, "bank.example")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Leaf.Verify(x509.VerifyOptions{DNSName: "bank.example", Roots: roots}); err == nil {
		t.Error("the CA certified a name outside " + localca.PermittedDomain)
	}
}

func TestOpenRefusesAnotherDirectory(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, localca.CertFile), []byte("not a certificate"), 0o644)
	if _, err := localca.Open(dir); err == nil {
		t.Error("opened a directory without a CA")
	}
}
