package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/stripe/stripe-go/v82"

	"till"
)

// These tests read a charge's receipt_url as a merchant's backend does and
// open it as the shopper would, with no key.

// receiptPath is the path of a receipt_url on srv, failing the test when
// the URL is not under the server's.
func receiptPath(t *testing.T, srv *testServer, receiptURL string) string {
	t.Helper()
	path, ok := strings.CutPrefix(receiptURL, srv.URL)
	if !ok || !strings.HasPrefix(path, "/receipts/payment/") || len(path) <= len("/receipts/payment/") {
		t.Fatalf("receipt_url %q is not a receipt under %s", receiptURL, srv.URL)
	}
	return path
}

// openReceipt GETs a receipt page without a key and parses it.
func openReceipt(t *testing.T, srv *testServer, path string, headers ...string) (response, *goquery.Document) {
	t.Helper()
	r := srv.do(t, http.MethodGet, path, "", "", headers...)
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(r.Body))
	if err != nil {
		t.Fatal(err)
	}
	return r, doc
}

func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

// A succeeded charge's receipt_url is the same on every read and in its
// charge.succeeded event, and opens, with no login, a page in the
// merchant's colours with the amount, the card and what was bought.
func TestChargeReceiptURL(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	a, err := srv.Store.FindAccount(context.Background(), acct.ID)
	if err != nil {
		t.Fatal(err)
	}
	a.DisplayName, a.AccentColor = stripe.String("Corner Shop"), stripe.String("#0A7C59")
	if err := srv.Store.UpdateAccount(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	s := paySession(t, srv, acct, false, goodCard)
	_, ch := latestCharge(t, acct, s.PaymentIntent.ID)
	path := receiptPath(t, srv, ch.ReceiptURL)
	for range 2 {
		got, err := acct.Stripe.V1Charges.Retrieve(bg, ch.ID, nil)
		if err != nil || got.ReceiptURL != ch.ReceiptURL {
			t.Errorf("retrieve: receipt_url %q, %v; want %q", got.ReceiptURL, err, ch.ReceiptURL)
		}
	}
	if list := chargesOf(t, acct, s.PaymentIntent.ID); len(list) != 1 || list[0].ReceiptURL != ch.ReceiptURL {
		t.Errorf("listed charge's receipt_url differs")
	}
	var events int
	for _, ev := range listEvents(t, acct, nil) {
		if ev.Type == "charge.succeeded" {
			events++
			if got := ev.Data.Object["receipt_url"]; got != ch.ReceiptURL {
				t.Errorf("charge.succeeded receipt_url = %v, want %q", got, ch.ReceiptURL)
			}
		}
	}
	if events != 1 {
		t.Errorf("%d charge.succeeded events", events)
	}

	r, doc := openReceipt(t, srv, path)
	if r.Status != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("receipt: %d %s\n%s", r.Status, r.Header.Get("Content-Type"), r.Body)
	}
	if r.Header.Get("Cache-Control") != "no-store" || !strings.Contains(r.Header.Get("Content-Security-Policy"), "default-src 'none'") ||
		r.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Errorf("receipt headers: %v", r.Header)
	}
	for sel, want := range map[string]string{
		`[data-testid="receipt-title"]`:          "Receipt from Corner Shop",
		`[data-testid="merchant-name"]`:          "Corner Shop",
		`[data-testid="receipt-amount"]`:         "$39.98",
		`[data-testid="receipt-payment-method"]`: "Visa ending in 4242",
		`[data-testid="line-item-name"]`:         "T-shirt",
		`[data-testid="line-item-qty"]`:          "Qty 2",
		`[data-testid="line-item-amount"]`:       "$39.98",
		`[data-testid="test-mode"]`:              "Test mode",
	} {
		if got := squash(doc.Find(sel).Text()); got != want {
			t.Errorf("%s: got %q, want %q", sel, got, want)
		}
	}
	if got, _ := doc.Find(`[data-testid="receipt-date"] time`).Attr("datetime"); len(got) != len("2006-01-02") {
		t.Errorf("date paid: datetime %q", got)
	}
	if !strings.Contains(strings.ToLower(doc.Find("head style").Text()), "--accent:#0a7c59") {
		t.Errorf("accent colour: %q", doc.Find("head style").Text())
	}
	if doc.Find(`[data-testid="receipt-refunded"]`).Length() != 0 {
		t.Error("a receipt shows a refund that was not made")
	}

	// In the shopper's language, the session having left its locale unset.
	_, de := openReceipt(t, srv, path, "Accept-Language", "de-DE,de;q=0.9")
	if got := squash(de.Find(`[data-testid="receipt-title"]`).Text()); got != "Beleg von Corner Shop" {
		t.Errorf("German title: %q", got)
	}
	if got := squash(de.Find(`[data-testid="receipt-amount"]`).Text()); got != squash(till.FormatAmount(3998, "usd", "de")) {
		t.Errorf("German amount: %q", got)
	}

	// A partial refund shows on the receipt, which stays where it was.
	if _, err := acct.Stripe.V1Refunds.Create(bg, &stripe.RefundCreateParams{Charge: stripe.String(ch.ID), Amount: stripe.Int64(1000)}); err != nil {
		t.Fatal(err)
	}
	got, err := acct.Stripe.V1Charges.Retrieve(bg, ch.ID, nil)
	if err != nil || got.ReceiptURL != ch.ReceiptURL {
		t.Errorf("after a refund: receipt_url %q, %v", got.ReceiptURL, err)
	}
	if _, doc := openReceipt(t, srv, path); squash(doc.Find(`[data-testid="receipt-refunded"]`).Text()) != "$10.00" {
		t.Errorf("refunded: %q", squash(doc.Find(`[data-testid="receipt-refunded"]`).Text()))
	}
}

// A token that was not made by Till, or names another charge, is not found,
// with the pages' not-found page.
func TestChargeReceiptForged(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	s := paySession(t, srv, acct, false, goodCard)
	_, ch := latestCharge(t, acct, s.PaymentIntent.ID)
	path := receiptPath(t, srv, ch.ReceiptURL)
	token := strings.TrimPrefix(path, "/receipts/payment/")
	id, mac, _ := strings.Cut(token, ".")
	flip := "A"
	if strings.HasSuffix(mac, "A") {
		flip = "B"
	}
	other := paySession(t, srv, acct, false, goodCard)
	_, otherCh := latestCharge(t, acct, other.PaymentIntent.ID)
	for name, bad := range map[string]string{
		"TamperedMAC":   id + "." + mac[:len(mac)-1] + flip,
		"OtherCharge":   otherCh.ID + "." + mac,
		"NoMAC":         id,
		"UnknownCharge": till.ReceiptToken("ch_nosuchcharge", srv.Store.Sign),
		"OtherPurpose":  id + "." + srv.Store.Sign("checkout.session.url", id),
	} {
		r, doc := openReceipt(t, srv, "/receipts/payment/"+bad)
		if r.Status != http.StatusNotFound || doc.Find(`[data-testid="result-not_found"]`).Length() != 1 {
			t.Errorf("%s: %d\n%s", name, r.Status, r.Body)
		}
		if strings.Contains(r.Body, "$39.98") {
			t.Errorf("%s: the not-found page shows the charge", name)
		}
	}
}

// A declined charge has no receipt: receipt_url is null, and its token, were
// one made, opens nothing.
func TestChargeReceiptDeclined(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	s := paySession(t, srv, acct, false, declinedCard)
	_, ch := latestCharge(t, acct, s.PaymentIntent.ID)
	if ch.Status != stripe.ChargeStatusFailed || ch.ReceiptURL != "" {
		t.Fatalf("declined charge: %s, receipt_url %q", ch.Status, ch.ReceiptURL)
	}
	raw := object(t, srv.do(t, http.MethodGet, "/v1/charges/"+ch.ID, acct.SecretKey, ""))
	if v, ok := raw["receipt_url"]; !ok || v != nil {
		t.Errorf("receipt_url = %v (present %v), want null", v, ok)
	}
	for _, ev := range listEvents(t, acct, nil) {
		if ev.Type == "charge.failed" && ev.Data.Object["receipt_url"] != nil {
			t.Errorf("charge.failed receipt_url = %v", ev.Data.Object["receipt_url"])
		}
	}
	if r, _ := openReceipt(t, srv, "/receipts/payment/"+till.ReceiptToken(ch.ID, srv.Store.Sign)); r.Status != http.StatusNotFound {
		t.Errorf("a declined charge's receipt: %d", r.Status)
	}
}
