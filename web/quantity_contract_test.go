package web_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stripe/stripe-go/v82"
)

// quantitySession is a hosted session of an adjustable line (1 to 5 mugs of
// $12.00, one to start, with a 10 % exclusive tax) and a fixed one.
func quantitySession(t *testing.T, acct *account, successURL string) *stripe.CheckoutSession {
	t.Helper()
	rate, err := acct.Stripe.V1TaxRates.Create(bg, &stripe.TaxRateCreateParams{DisplayName: stripe.String("VAT"),
		Percentage: stripe.Float64(10), Inclusive: stripe.Bool(false)})
	if err != nil {
		t.Fatal(err)
	}
	p := basicSession()
	p.SuccessURL = stripe.String(successURL)
	p.LineItems = append([]*stripe.CheckoutSessionCreateLineItemParams{{
		Quantity: stripe.Int64(1), TaxRates: []*string{stripe.String(rate.ID)},
		AdjustableQuantity: &stripe.CheckoutSessionCreateLineItemAdjustableQuantityParams{Enabled: stripe.Bool(true),
			Minimum: stripe.Int64(1), Maximum: stripe.Int64(5)},
		PriceData: &stripe.CheckoutSessionCreateLineItemPriceDataParams{Currency: stripe.String("usd"), UnitAmount: stripe.Int64(1200),
			ProductData: &stripe.CheckoutSessionCreateLineItemPriceDataProductDataParams{Name: stripe.String("Mug")}},
	}}, p.LineItems...)
	s, err := acct.Stripe.V1CheckoutSessions.Create(bg, p)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// lineItems lists a session's line items through the API.
func lineItems(t *testing.T, acct *account, id string) []*stripe.LineItem {
	t.Helper()
	var out []*stripe.LineItem
	for li, err := range acct.Stripe.V1CheckoutSessions.ListLineItems(bg, &stripe.CheckoutSessionListLineItemsParams{Session: stripe.String(id)}) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, li)
	}
	return out
}

// postQuantity posts a line's quantity form as the page has it.
func postQuantity(t *testing.T, srv *testServer, sessionID, lineItem, quantity, accept string) (int, string, string) {
	t.Helper()
	return postQuantityWith(t, srv, sessionID, formToken(t, srv, sessionID), lineItem, quantity, accept)
}

// postQuantityWith is postQuantity with the form token of an earlier page.
func postQuantityWith(t *testing.T, srv *testServer, sessionID, token, lineItem, quantity, accept string) (int, string, string) {
	t.Helper()
	body := url.Values{"csrf_token": {token}, "line_item": {lineItem}, "quantity": {quantity}}.Encode()
	req, _ := http.NewRequest("POST", srv.URL+"/c/pay/"+sessionID+"/quantity", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	res, err := noRedirects.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Location"), string(b)
}

func TestQuantityUpdate(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	s := quantitySession(t, acct, "https://shop.example/ok")
	items := lineItems(t, acct, s.ID)
	mug, shirt := items[0].ID, items[1].ID
	page := srv.do(t, "GET", "/c/pay/"+s.ID, "", "")
	if !strings.Contains(page.Body, `id="quantity-`+mug+`"`) || strings.Contains(page.Body, `id="quantity-`+shirt+`"`) {
		t.Fatal("the page has no stepper for the adjustable line, or one for the fixed line")
	}

	// Without JavaScript: the form posts, and the page comes back with the totals.
	status, loc, _ := postQuantity(t, srv, s.ID, mug, "3", "")
	if status != http.StatusSeeOther || loc != "/c/pay/"+s.ID+"#summary-title" {
		t.Fatalf("update = %d %q, want 303 to the page", status, loc)
	}
	got, err := acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	// 3 × $12.00 + 10 % tax, and the shirts' 2 × $19.99.
	if got.AmountSubtotal != 3600+3998 || got.TotalDetails.AmountTax != 360 || got.AmountTotal != 3600+360+3998 {
		t.Errorf("totals = subtotal %d tax %d total %d", got.AmountSubtotal, got.TotalDetails.AmountTax, got.AmountTotal)
	}
	if li := lineItems(t, acct, s.ID)[0]; li.Quantity != 3 || li.AmountSubtotal != 3600 || li.AmountTax != 360 || li.AmountTotal != 3960 {
		t.Errorf("mug line = quantity %d subtotal %d tax %d total %d", li.Quantity, li.AmountSubtotal, li.AmountTax, li.AmountTotal)
	}

	// With JavaScript: JSON of the new amounts; a line's is its amount
	// before discount and tax, as the page shows it (the summary has their
	// own rows).
	status, _, body := postQuantity(t, srv, s.ID, mug, "2", "application/json")
	if status != http.StatusOK || !strings.Contains(body, `"total":"$66.38"`) || !strings.Contains(body, `"amount":"$24.00"`) {
		t.Errorf("JSON update = %d %s", status, body)
	}

	for _, tc := range []struct{ name, line, quantity string }{
		{"AboveMaximum", mug, "6"}, {"BelowMinimum", mug, "0"}, {"NotANumber", mug, "two"}, {"FixedLine", shirt, "3"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if status, _, body := postQuantity(t, srv, s.ID, tc.line, tc.quantity, ""); status != http.StatusUnprocessableEntity ||
				(tc.line == mug && !strings.Contains(body, "Enter a quantity from 1 to 5.")) {
				t.Errorf("quantity %s: %d", tc.quantity, status)
			}
			if status, _, _ := postQuantity(t, srv, s.ID, tc.line, tc.quantity, "application/json"); status != http.StatusUnprocessableEntity {
				t.Errorf("JSON quantity %s: %d", tc.quantity, status)
			}
		})
	}
	if li := lineItems(t, acct, s.ID)[0]; li.Quantity != 2 {
		t.Errorf("after refused changes the quantity is %d, want 2", li.Quantity)
	}

	// The payment takes the new total.
	token := formToken(t, srv, s.ID)
	paid := submitCard(t, srv, s.ID, token, "4242424242424242", "")
	if paid.Status != http.StatusSeeOther {
		t.Fatalf("pay = %d", paid.Status)
	}
	pis := paymentIntents(t, acct)
	if len(pis) != 1 || pis[0].Amount != 2400+240+3998 {
		t.Errorf("payment intents = %+v", pis)
	}
	if status, loc, _ := postQuantityWith(t, srv, s.ID, token, mug, "1", ""); status != http.StatusSeeOther || !strings.HasPrefix(loc, "https://shop.example/ok") {
		t.Errorf("a paid session's quantity form: %d %q, want its success_url", status, loc)
	}
	if li := lineItems(t, acct, s.ID)[0]; li.Quantity != 2 {
		t.Errorf("a paid session's quantity changed to %d", li.Quantity)
	}
}
