package main

import (
	"crypto/sha256"
	"crypto/tls"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"strings"
	"time"

	"till/web"
	"till/web/localca"
)

// openCA opens the local CA under the data directory, making it on first use.
func openCA(cfg config) (*localca.CA, error) {
	return localca.Open(filepath.Join(cfg.DataDir, "ca"))
}

// listenStripeHosts listens on TILL_STRIPE_HOSTS_ADDR with TLS, with a
// certificate for Stripe's hostnames issued now from the local CA, and
// returns the listener and the CA certificate's path.
func listenStripeHosts(cfg config) (net.Listener, string, error) {
	ca, err := openCA(cfg)
	if err != nil {
		return nil, "", err
	}
	cert, err := ca.Issue(time.Now(), web.StripeHostNames...)
	if err != nil {
		return nil, "", err
	}
	ln, err := net.Listen("tcp", cfg.StripeHostsAddr)
	if err != nil {
		return nil, "", fmt.Errorf("--stripe-hosts: %w (TILL_STRIPE_HOSTS_ADDR; port 443 needs root or CAP_NET_BIND_SERVICE)", err)
	}
	// HTTP/1.1 only (no ALPN h2): what the server speaks.
	return tls.NewListener(web.Lingering(ln), &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}), ca.CertPath, nil
}

// printCA implements `till ca`: the CA certificate's absolute path on the
// first line (for scripts: `$(till ca | head -1)`), then how to make clients
// trust it and send Stripe's names to Till. The key is never printed.
func printCA(cfg config, stdout io.Writer) error {
	ca, err := openCA(cfg)
	if err != nil {
		return err
	}
	host, port, _ := net.SplitHostPort(cfg.StripeHostsAddr)
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	names := strings.Join(web.StripeHostNames, " ")
	sum := sha256.Sum256(ca.Certificate().RawSubjectPublicKeyInfo)
	spki := base64.StdEncoding.EncodeToString(sum[:])
	rule := "MAP *.stripe.com " + net.JoinHostPort(host, port)
	var extraHosts []string
	for _, n := range web.StripeHostNames {
		extraHosts = append(extraHosts, `"`+n+`:host-gateway"`)
	}
	fmt.Fprintf(stdout, `%[1]s

That is the certificate of Till's local CA (its key stays beside it, readable
by you only). It can certify names under %[2]s and nothing else.
till serve --stripe-hosts answers on %[3]s for: %[4]s

Trust it, per program:
  Node (stripe-node, fetch):  NODE_EXTRA_CA_CERTS=%[1]s
  Go, curl, OpenSSL, Ruby:    SSL_CERT_FILE=%[1]s
                              (it replaces the system bundle; to keep both:
                               cat /etc/ssl/certs/ca-certificates.crt %[1]s > bundle.pem)
  Python (requests):          REQUESTS_CA_BUNDLE=%[1]s
  The system store:           Debian/Ubuntu: sudo cp %[1]s /usr/local/share/ca-certificates/till.crt && sudo update-ca-certificates
                              macOS: sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain %[1]s

Send Stripe's names to Till:
  A hosts entry (/etc/hosts), with TILL_STRIPE_HOSTS_ADDR on port 443:
    %[5]s %[4]s
  A container (compose), Till on the host's port 443:
    extra_hosts: [%[6]s]
  Chromium and Chrome, no hosts file needed (any port):
    --host-resolver-rules="%[7]s"
    and trust the CA, or accept certificates from this CA only (a test harness):
    --ignore-certificate-errors-spki-list=%[8]s
`, ca.CertPath, localca.PermittedDomain, cfg.StripeHostsAddr, names, host, strings.Join(extraHosts, ", "), rule, spki)
	return nil
}
