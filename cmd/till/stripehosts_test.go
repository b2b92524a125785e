package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v82"

	"till/db/dbtest"
)

// stripeHostsClient is an http.Client that reaches *.stripe.com:443 at addr
// instead (inside this process only) and trusts the CA certificate in caPath,
// as a machine set up by `till ca`'s instructions would.
func stripeHostsClient(t *testing.T, addr, caPath string) *http.Client {
	t.Helper()
	pem, err := os.ReadFile(caPath)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(pem) {
		t.Fatalf("%s holds no certificate", caPath)
	}
	var dialer net.Dialer
	return &http.Client{Timeout: 20 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Transport: &http.Transport{
			TLSClientConfig: &tls.Config{RootCAs: roots},
			DialContext: func(ctx context.Context, network, hostport string) (net.Conn, error) {
				if host, port, _ := net.SplitHostPort(hostport); strings.HasSuffix(host, ".stripe.com") && port == "443" {
					hostport = addr
				} else {
					t.Errorf("the client dialled %s, not one of Stripe's names", hostport)
				}
				return dialer.DialContext(ctx, network, hostport)
			},
		}}
}

// TestServeStripeHosts runs `serve --stripe-hosts` and talks to it as an
// unchanged integration would: stripe-go with its default backend URL, the
// browser's requests to checkout.stripe.com and js.stripe.com, all over TLS
// with the CA `till ca` names. The ordinary listener keeps answering.
func TestServeStripeHosts(t *testing.T) {
	t.Parallel()
	addr, tlsAddr := freeAddr(t), freeAddr(t)
	dataDir := filepath.Join(t.TempDir(), "data")
	vars := map[string]string{"DATABASE_URL": dbtest.New(t), "TILL_ADDR": addr, "TILL_PUBLIC_URL": "http://" + addr,
		"TILL_STRIPE_HOSTS_ADDR": tlsAddr, "TILL_DATA_DIR": dataDir}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	out, err := runCmd(t, ctx, vars, "ca")
	if err != nil {
		t.Fatal(err, out)
	}
	caPath := strings.SplitN(out, "\n", 2)[0]
	if want := filepath.Join(dataDir, "ca", "ca.pem"); caPath != want {
		t.Errorf("till ca's first line = %q, want %q", caPath, want)
	}
	for _, want := range []string{"NODE_EXTRA_CA_CERTS=" + caPath, "SSL_CERT_FILE=", "REQUESTS_CA_BUNDLE=", "update-ca-certificates",
		"extra_hosts", `--host-resolver-rules="MAP *.stripe.com ` + tlsAddr + `"`, "--ignore-certificate-errors-spki-list=", "api.stripe.com checkout.stripe.com js.stripe.com"} {
		if !strings.Contains(out, want) {
			t.Errorf("till ca does not say %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "PRIVATE KEY") {
		t.Error("till ca printed the key")
	}
	if fi, err := os.Stat(filepath.Join(dataDir, "ca", "ca-key.pem")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("CA key file: %v, %v; want mode 0600", fi, err)
	}

	out, err = runCmd(t, ctx, vars, "accounts", "create", "--name", "Shop", "--json")
	if err != nil {
		t.Fatal(err, out)
	}
	key := out[strings.Index(out, "sk_test_") : strings.Index(out, "sk_test_")+40]
	go run(ctx, []string{"serve", "--stripe-hosts"}, env(vars), nil, io.Discard, io.Discard)
	waitFor(t, "http://"+addr+"/healthz")
	client := stripeHostsClient(t, tlsAddr, caPath)
	poll(t, "the TLS listener", 10*time.Second, func() bool {
		res, err := client.Get("https://api.stripe.com/v1/checkout/sessions")
		if err == nil {
			res.Body.Close()
		}
		return err == nil
	})

	// No URL in the backend config: stripe-go's own https://api.stripe.com.
	sc := stripe.NewClient(key, stripe.WithBackends(stripe.NewBackendsWithConfig(&stripe.BackendConfig{
		HTTPClient: client, MaxNetworkRetries: stripe.Int64(0), LeveledLogger: &stripe.LeveledLogger{Level: stripe.LevelNull}})))
	s, err := sc.V1CheckoutSessions.Create(ctx, &stripe.CheckoutSessionCreateParams{
		Mode: stripe.String("payment"), SuccessURL: stripe.String("https://shop.example/ok"),
		LineItems: []*stripe.CheckoutSessionCreateLineItemParams{{Quantity: stripe.Int64(1),
			PriceData: &stripe.CheckoutSessionCreateLineItemPriceDataParams{Currency: stripe.String("usd"), UnitAmount: stripe.Int64(1999),
				ProductData: &stripe.CheckoutSessionCreateLineItemPriceDataProductDataParams{Name: stripe.String("T-shirt")}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	urlPattern := regexp.MustCompile(`^https://checkout\.stripe\.com/c/pay/` + s.ID + `#[A-Za-z0-9_-]+$`)
	if !urlPattern.MatchString(s.URL) {
		t.Errorf("session.url = %q, want https://checkout.stripe.com/c/pay/%s#…", s.URL, s.ID)
	}
	got, err := sc.V1CheckoutSessions.Retrieve(ctx, s.ID, nil)
	if err != nil || got.URL != s.URL {
		t.Errorf("retrieved url = %q (%v), want %q", got.URL, err, s.URL)
	}

	// A session made through the ordinary listener is on checkout.stripe.com too.
	plain := stripe.NewClient(key, stripe.WithBackends(stripe.NewBackendsWithConfig(&stripe.BackendConfig{
		URL: stripe.String("http://" + addr), LeveledLogger: &stripe.LeveledLogger{Level: stripe.LevelNull}})))
	if viaPlain, err := plain.V1CheckoutSessions.Retrieve(ctx, s.ID, nil); err != nil || viaPlain.URL != s.URL {
		t.Errorf("url through TILL_ADDR = %q (%v), want %q", viaPlain.URL, err, s.URL)
	}

	get := func(u string) (int, string, http.Header) {
		t.Helper()
		res, err := client.Get(u)
		if err != nil {
			t.Fatalf("GET %s: %v", u, err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b), res.Header
	}
	if status, body, _ := get(s.URL); status != http.StatusOK || !strings.Contains(body, `name="csrf_token"`) {
		t.Errorf("GET %s = %d, want the checkout form", s.URL, status)
	}
	if res, err := http.Get("http://" + addr + "/c/pay/" + s.ID); err != nil || res.StatusCode != http.StatusOK {
		t.Errorf("the page through TILL_ADDR: %v %v", res, err)
	} else {
		res.Body.Close()
	}
	for _, path := range []string{"/v3/", "/v3", "/basil/stripe.js", "/clover/stripe.js", "/dahlia/stripe.js", "/endive/stripe.js", "/fennel/stripe.js"} {
		status, body, h := get("https://js.stripe.com" + path)
		if status != http.StatusOK || !strings.Contains(h.Get("Content-Type"), "javascript") || !strings.Contains(body, "initEmbeddedCheckout") {
			t.Errorf("GET js.stripe.com%s = %d %s, want till.js", path, status, h.Get("Content-Type"))
		}
	}
}
