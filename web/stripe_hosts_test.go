package web_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"till/db/dbtest"
	"till/web"
	"till/web/localca"
)

// stripeHostsServer is Till serving with StripeHosts on: its ordinary
// listener (testServer.URL) and a TLS one for Stripe's names, with a
// certificate from a CA of the test's own.
type stripeHostsServer struct {
	*testServer
	TLSAddr string
	CA      *localca.CA
}

func newStripeHostsServer(t *testing.T) *stripeHostsServer {
	t.Helper()
	t.Parallel()
	store := dbtest.NewStore(t, time.Now)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	tlsLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ca, err := localca.Open(filepath.Join(t.TempDir(), "ca"))
	if err != nil {
		t.Fatal(err)
	}
	cert, err := ca.Issue(time.Now(), web.StripeHostNames...)
	if err != nil {
		t.Fatal(err)
	}
	cfg := web.Config{PublicURL: "http://" + ln.Addr().String(), StripeHosts: true}
	app := web.New(cfg, store, slog.New(slog.NewTextHandler(io.Discard, nil)), web.NewMetrics())
	go app.Listener(web.Lingering(ln))
	go app.Listener(tls.NewListener(web.Lingering(tlsLn), &tls.Config{Certificates: []tls.Certificate{cert}}))
	t.Cleanup(func() { app.ShutdownWithTimeout(5 * time.Second) })
	return &stripeHostsServer{testServer: &testServer{URL: cfg.PublicURL, Store: store}, TLSAddr: tlsLn.Addr().String(), CA: ca}
}

// client reaches every *.stripe.com:443 at the TLS listener (inside this
// process only) and trusts the CA.
func (s *stripeHostsServer) client() *http.Client {
	roots := x509.NewCertPool()
	roots.AddCert(s.CA.Certificate())
	var dialer net.Dialer
	return &http.Client{Timeout: 20 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots},
			DialContext: func(ctx context.Context, network, hostport string) (net.Conn, error) {
				if host, _, _ := net.SplitHostPort(hostport); strings.HasSuffix(host, ".stripe.com") {
					hostport = s.TLSAddr
				}
				return dialer.DialContext(ctx, network, hostport)
			}}}
}

// TestStripeHostsRouting: each of Stripe's names answers with its own part
// of Till and nothing else; Stripe.js's reporting hosts get an empty 204
// that any page may read; other hosts reach the ordinary routes.
func TestStripeHostsRouting(t *testing.T) {
	srv := newStripeHostsServer(t)
	acct := srv.newAccount(t)
	client := srv.client()
	send := func(method, u string, headers ...string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest(method, u, nil)
		for i := 0; i+1 < len(headers); i += 2 {
			req.Header.Set(headers[i], headers[i+1])
		}
		res, err := client.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", method, u, err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res
	}
	s := browserSession(t, acct, merchant(t))
	_, ch := latestCharge(t, acct, paySession(t, srv.testServer, acct, false, goodCard).PaymentIntent.ID)
	if !strings.HasPrefix(ch.ReceiptURL, "https://checkout.stripe.com/receipts/payment/") {
		t.Errorf("receipt_url %q is not on Stripe's checkout host, as session.url is", ch.ReceiptURL)
	}
	cases := []struct {
		method, url string
		want        int
	}{
		{"GET", "https://api.stripe.com/v1/checkout/sessions/" + s.ID, http.StatusOK},
		{"GET", "https://api.stripe.com/c/pay/" + s.ID, http.StatusNotFound},
		{"GET", "https://api.stripe.com/js/till.js", http.StatusNotFound},
		{"GET", "https://checkout.stripe.com/c/pay/" + s.ID, http.StatusOK},
		{"GET", "https://checkout.stripe.com/v1/checkout/sessions/" + s.ID, http.StatusNotFound},
		{"GET", "https://checkout.stripe.com/healthz", http.StatusNotFound},
		{"GET", ch.ReceiptURL, http.StatusOK},
		{"GET", strings.Replace(ch.ReceiptURL, "https://checkout.", "https://api.", 1), http.StatusNotFound},
		{"GET", "https://js.stripe.com/v3/", http.StatusOK},
		{"GET", "https://js.stripe.com/dahlia/stripe.js", http.StatusOK},
		{"GET", "https://js.stripe.com/v2/", http.StatusNotFound},
		{"GET", "https://js.stripe.com/v1/checkout/sessions/" + s.ID, http.StatusNotFound},
		{"GET", "https://js.stripe.com/c/pay/" + s.ID, http.StatusNotFound},
		{"POST", "https://js.stripe.com/v3/", http.StatusNotFound},
		{"POST", "https://m.stripe.com/6", http.StatusNoContent},
		{"POST", "https://r.stripe.com/b", http.StatusNoContent},
		{"GET", "https://q.stripe.com/", http.StatusNoContent},
		{"GET", srv.URL + "/js/till.js", http.StatusOK},
	}
	for _, c := range cases {
		headers := []string{}
		if strings.HasPrefix(c.url, "https://api.") {
			headers = []string{"Authorization", "Bearer " + acct.SecretKey}
		}
		if res := send(c.method, c.url, headers...); res.StatusCode != c.want {
			t.Errorf("%s %s = %d, want %d", c.method, c.url, res.StatusCode, c.want)
		}
	}

	// Asked by address, not by one of Stripe's names: Till's own routes.
	byAddress := client.Transport.(*http.Transport).Clone()
	byAddress.TLSClientConfig.ServerName = "checkout.stripe.com" // what the certificate names
	if res, err := (&http.Client{Transport: byAddress}).Get("https://" + srv.TLSAddr + "/healthz"); err != nil || res.StatusCode != http.StatusOK {
		t.Errorf("GET /healthz by address: %v %v", res, err)
	} else {
		res.Body.Close()
	}

	pre := send("OPTIONS", "https://r.stripe.com/b", "Origin", "https://shop.example",
		"Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type")
	if pre.StatusCode != http.StatusNoContent || pre.Header.Get("Access-Control-Allow-Origin") != "https://shop.example" ||
		pre.Header.Get("Access-Control-Allow-Credentials") != "true" || pre.Header.Get("Access-Control-Allow-Headers") != "content-type" ||
		!strings.Contains(pre.Header.Get("Access-Control-Allow-Methods"), "POST") {
		t.Errorf("preflight to r.stripe.com = %d %v", pre.StatusCode, pre.Header)
	}
}
