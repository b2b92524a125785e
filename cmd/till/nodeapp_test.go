package main

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v82"
)

// The stripe-node shop (testdata/node-shop/server.js) is an ordinary Stripe
// Checkout integration, unchanged: `new Stripe(key)` with stripe-node's
// default https://api.stripe.com, a 303 to session.url, webhooks verified
// with constructEvent. Only its process's name resolution is redirected: the
// preload testdata/redirect-stripe.js sends *.stripe.com:443 to Till's
// --stripe-hosts listener, as a hosts entry would for a machine, and
// NODE_EXTRA_CA_CERTS trusts the CA `till ca` names.

// stripeNodeModules is where web/testdata/ensure-npm-tools.sh (run by
// `make test`) installs the official stripe package.
const stripeNodeModules = "../../.data/npm/stripe-node/node_modules"

// checkoutURLPattern is what tests of Stripe Checkout integrations expect of
// session.url: Stripe's hosted page, a test session, and a fragment.
var checkoutURLPattern = regexp.MustCompile(`^https://checkout\.stripe\.com/c/pay/cs_test_[A-Za-z0-9]+#.+`)

// stripeNode is where the test finds Node and the stripe package.
type stripeNode struct{ node, modules string }

// findStripeNode skips the test when node or the stripe package is missing,
// and fails it in CI.
func findStripeNode(t *testing.T) stripeNode {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		missing(t, "node not found on PATH: run web/testdata/ensure-npm-tools.sh (as root it installs Debian's npm and nodejs)")
	}
	modules, _ := filepath.Abs(stripeNodeModules)
	if _, err := os.Stat(filepath.Join(modules, "stripe", "package.json")); err != nil {
		missing(t, fmt.Sprintf("stripe-node not installed (%v): run web/testdata/ensure-npm-tools.sh", err))
	}
	return stripeNode{node: node, modules: modules}
}

// startShop runs the shop on addr with the account's secret key and the
// endpoint's signing secret, its *.stripe.com:443 connections sent to
// stripeHostsAddr, waits until it listens, and returns its base URL.
func (sn stripeNode) startShop(t *testing.T, ctx context.Context, addr, stripeHostsAddr, caPath, secretKey, webhookSecret string) string {
	t.Helper()
	preload, _ := filepath.Abs("testdata/redirect-stripe.js")
	_, port, _ := net.SplitHostPort(addr)
	cmd := exec.CommandContext(ctx, sn.node, "testdata/node-shop/server.js")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "NODE_PATH=" + sn.modules,
		`NODE_OPTIONS=--require "` + preload + `"`, "TILL_STRIPE_HOSTS_ADDR=" + stripeHostsAddr,
		"NODE_EXTRA_CA_CERTS=" + caPath, "STRIPE_SECRET_KEY=" + secretKey, "STRIPE_WEBHOOK_SECRET=" + webhookSecret, "PORT=" + port}
	out := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-exited
		if t.Failed() {
			t.Logf("the node shop said:\n%s", out.String())
		}
	})
	poll(t, "the node shop", 10*time.Second, func() bool {
		select {
		case <-exited:
			t.Fatalf("the node shop exited:\n%s", out.String())
		default:
		}
		conn, err := net.Dial("tcp", addr)
		if err == nil {
			conn.Close()
		}
		return err == nil
	})
	return "http://" + addr
}

// roundTrip sends req with ctx (the test's deadline) and returns the answer's
// status, Location and body.
func roundTrip(ctx context.Context, client *http.Client, req *http.Request) (int, string, []byte, error) {
	res, err := client.Do(req.WithContext(ctx))
	if err != nil {
		return 0, "", nil, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Location"), body, err
}

// TestStripeNodeAppUnchanged: a stripe-node shop, unchanged, creates a
// session on Till's api.stripe.com, sends the shopper to checkout.stripe.com,
// who pays there; the shop's success page finds the session paid, and its
// webhook endpoint verifies checkout.session.completed.
func TestStripeNodeAppUnchanged(t *testing.T) {
	t.Parallel()
	sn := findStripeNode(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c := newCluster(t, map[string]string{"TILL_WEBHOOK_ALLOW_CIDRS": "127.0.0.0/8", "TILL_WEBHOOK_POLL": "50ms"})
	ca, err := c.command("ca").Output()
	if err != nil {
		t.Fatalf("till ca: %v", err)
	}
	caPath := strings.SplitN(string(ca), "\n", 2)[0]
	tlsAddr := freeAddr(t)
	p := c.serveWith(t, freeAddr(t), []string{"--stripe-hosts"}, "TILL_STRIPE_HOSTS_ADDR="+tlsAddr)
	stripeHosts := stripeHostsClient(t, tlsAddr, caPath)
	poll(t, "the TLS listener", 10*time.Second, func() bool {
		conn, err := net.Dial("tcp", tlsAddr)
		if err == nil {
			conn.Close()
		}
		return err == nil
	})

	// The merchant's webhook endpoint, set up as in the Dashboard, whose
	// signing secret the shop is started with.
	shopAddr := freeAddr(t)
	we, err := c.client(p).V1WebhookEndpoints.Create(ctx, &stripe.WebhookEndpointCreateParams{
		URL: stripe.String("http://" + shopAddr + "/webhook"), EnabledEvents: stripe.StringSlice([]string{"*"})})
	if err != nil {
		t.Fatal(err)
	}
	shop := sn.startShop(t, ctx, shopAddr, tlsAddr, caPath, c.keys.SecretKey, we.Secret)

	// The shopper's browser: the shop's checkout button, then Stripe's page.
	req, _ := http.NewRequest(http.MethodPost, shop+"/create-checkout-session", nil)
	status, payURL, body, err := roundTrip(ctx, shopper, req)
	if err != nil || status != http.StatusSeeOther || !checkoutURLPattern.MatchString(payURL) {
		t.Fatalf("POST /create-checkout-session = %d to %q (%v) %s, want a 303 to %s", status, payURL, err, body, checkoutURLPattern)
	}
	req, _ = http.NewRequest(http.MethodGet, payURL, nil)
	status, _, page, err := roundTrip(ctx, stripeHosts, req)
	m := csrfPattern.FindSubmatch(page)
	if err != nil || status != http.StatusOK || m == nil {
		t.Fatalf("GET %s = %d (%v), want the checkout form", payURL, status, err)
	}
	form := shopperForm(html.UnescapeString(string(m[1])))
	req, _ = http.NewRequest(http.MethodPost, payURL, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	status, successURL, _, err := roundTrip(ctx, stripeHosts, req)
	sessionID := strings.SplitN(strings.TrimPrefix(payURL, "https://checkout.stripe.com/c/pay/"), "#", 2)[0]
	if want := shop + "/success?session_id=" + sessionID; err != nil || status != http.StatusSeeOther || successURL != want {
		t.Fatalf("paying = %d to %q (%v), want a 303 to %s", status, successURL, err, want)
	}

	req, _ = http.NewRequest(http.MethodGet, successURL, nil)
	status, _, body, err = roundTrip(ctx, shopper, req)
	var session struct {
		ID, Status    string
		PaymentStatus string `json:"payment_status"`
		LineItems     struct {
			Data []struct {
				Description string
				AmountTotal int64 `json:"amount_total"`
			}
		} `json:"line_items"`
	}
	if err != nil || status != http.StatusOK || json.Unmarshal(body, &session) != nil {
		t.Fatalf("GET %s = %d (%v): %s", successURL, status, err, body)
	}
	if session.ID != sessionID || session.Status != "complete" || session.PaymentStatus != "paid" ||
		len(session.LineItems.Data) != 1 || session.LineItems.Data[0].Description != "Stubborn Attachments" ||
		session.LineItems.Data[0].AmountTotal != 2000 {
		t.Errorf("the success page's session = %+v, want %s complete and paid, with its one line item", session, sessionID)
	}

	var events []string
	poll(t, "checkout.session.completed at the shop's webhook", 20*time.Second, func() bool {
		req, _ := http.NewRequest(http.MethodGet, shop+"/events", nil)
		if _, _, body, err := roundTrip(ctx, shopper, req); err == nil {
			json.Unmarshal(body, &events)
		}
		return slices.Contains(events, "checkout.session.completed")
	})
	t.Logf("the shop verified %d events: %s", len(events), strings.Join(events, ", "))
}
