package web_test

import (
	"html"
	"net/http"
	"strings"
	"testing"

	"github.com/stripe/stripe-go/v82"
)

// TestTaxRates: create, retrieve, update and list, through stripe-go; the
// percentage and inclusive cannot change.
func TestTaxRates(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	vat, err := acct.Stripe.V1TaxRates.Create(bg, &stripe.TaxRateCreateParams{DisplayName: stripe.String("VAT"),
		Percentage: stripe.Float64(20), Inclusive: stripe.Bool(true), Country: stripe.String("GB"), TaxType: stripe.String("vat")})
	if err != nil {
		t.Fatal(err)
	}
	if vat.Object != "tax_rate" || vat.Percentage != 20 || !vat.Inclusive || !vat.Active || vat.Country != "GB" ||
		vat.TaxType != "vat" || vat.EffectivePercentage != 20 {
		t.Errorf("tax rate = %+v", vat)
	}
	upd, err := acct.Stripe.V1TaxRates.Update(bg, vat.ID, &stripe.TaxRateUpdateParams{Active: stripe.Bool(false),
		Description: stripe.String("UK VAT")})
	if err != nil || upd.Active || upd.Description != "UK VAT" {
		t.Errorf("update = %+v, %v", upd, err)
	}
	if r := srv.do(t, "POST", "/v1/tax_rates/"+vat.ID, acct.SecretKey, form("percentage", "10")); r.Status != 400 {
		t.Errorf("update of percentage: %d", r.Status)
	}
	for _, body := range []string{form("percentage", "5", "inclusive", "false"), form("display_name", "X", "inclusive", "false"),
		form("display_name", "X", "percentage", "5"), form("display_name", "X", "percentage", "101", "inclusive", "false"),
		form("display_name", "X", "percentage", "5", "inclusive", "false", "tax_type", "magic")} {
		if r := srv.do(t, "POST", "/v1/tax_rates", acct.SecretKey, body); r.Status != 400 {
			t.Errorf("create %s: %d", body, r.Status)
		}
	}
	var active int
	for range acct.Stripe.V1TaxRates.List(bg, &stripe.TaxRateListParams{Active: stripe.Bool(true)}) {
		active++
	}
	if active != 0 {
		t.Errorf("%d active rates listed, want none", active)
	}
}

// Line items with tax rates: exclusive ones add to the total, inclusive
// ones are in it already; both show in amount_tax, and the payment takes
// the total. automatic_tax is answered as an account without Stripe Tax.
func TestSessionTaxes(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	sales, _ := acct.Stripe.V1TaxRates.Create(bg, &stripe.TaxRateCreateParams{DisplayName: stripe.String("Sales tax"),
		Percentage: stripe.Float64(8.875), Inclusive: stripe.Bool(false)})
	vat, _ := acct.Stripe.V1TaxRates.Create(bg, &stripe.TaxRateCreateParams{DisplayName: stripe.String("VAT"),
		Percentage: stripe.Float64(20), Inclusive: stripe.Bool(true)})
	p := basicSession() // two T-shirts of 19.99
	p.LineItems[0].TaxRates = []*string{stripe.String(sales.ID)}
	p.LineItems = append(p.LineItems, &stripe.CheckoutSessionCreateLineItemParams{Quantity: stripe.Int64(1),
		TaxRates: []*string{stripe.String(vat.ID)},
		PriceData: &stripe.CheckoutSessionCreateLineItemPriceDataParams{Currency: stripe.String("usd"), UnitAmount: stripe.Int64(1200),
			ProductData: &stripe.CheckoutSessionCreateLineItemPriceDataProductDataParams{Name: stripe.String("Mug")}}})
	p.AddExpand("line_items")
	s, err := acct.Stripe.V1CheckoutSessions.Create(bg, p)
	if err != nil {
		t.Fatal(err)
	}
	// 3998 × 8.875 % = 354.82 → 355 added; 1200 holds 1200 × 20/120 = 200.
	if s.AmountSubtotal != 5198 || s.TotalDetails.AmountTax != 555 || s.AmountTotal != 5553 ||
		s.LineItems.Data[0].AmountTax != 355 || s.LineItems.Data[0].AmountTotal != 4353 ||
		s.LineItems.Data[1].AmountTax != 200 || s.LineItems.Data[1].AmountTotal != 1200 {
		t.Errorf("taxed session: subtotal %d tax %d total %d; lines %d/%d and %d/%d", s.AmountSubtotal, s.TotalDetails.AmountTax,
			s.AmountTotal, s.LineItems.Data[0].AmountTax, s.LineItems.Data[0].AmountTotal, s.LineItems.Data[1].AmountTax,
			s.LineItems.Data[1].AmountTotal)
	}
	if r := submitCard(t, srv, s.ID, formToken(t, srv, s.ID), goodCard, ""); r.Status != http.StatusSeeOther {
		t.Fatalf("pay: %d", r.Status)
	}
	got, _ := acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil)
	if pi, _ := latestCharge(t, acct, got.PaymentIntent.ID); pi.Amount != 5553 {
		t.Errorf("paid %d, want the taxed total 5553", pi.Amount)
	}

	bad := form("mode", "payment", "success_url", "https://shop.example/ok", "line_items[0][quantity]", "1",
		"line_items[0][price_data][currency]", "usd", "line_items[0][price_data][unit_amount]", "1000",
		"line_items[0][price_data][product_data][name]", "Shirt")
	res := srv.do(t, "POST", "/v1/checkout/sessions", acct.SecretKey, bad+"&line_items[0][tax_rates][0]=txr_nope")
	wantRawErr(t, res, http.StatusBadRequest, "invalid_request_error", "resource_missing", "line_items[0][tax_rates][0]")
	acct.Stripe.V1TaxRates.Update(bg, sales.ID, &stripe.TaxRateUpdateParams{Active: stripe.Bool(false)})
	res = srv.do(t, "POST", "/v1/checkout/sessions", acct.SecretKey, bad+"&line_items[0][tax_rates][0]="+sales.ID)
	wantRawErr(t, res, http.StatusBadRequest, "invalid_request_error", "invalid_request", "line_items[0][tax_rates][0]")
	res = srv.do(t, "POST", "/v1/checkout/sessions", acct.SecretKey, bad+"&automatic_tax[enabled]=true")
	if e := wantRawErr(t, res, http.StatusBadRequest, "invalid_request_error", "invalid_request", ""); e.Message !=
		"Stripe Tax has not been activated on your account. Please visit https://stripe.com/docs/tax/set-up to get started." {
		t.Errorf("automatic_tax: %q", e.Message)
	}
	if r := srv.do(t, "POST", "/v1/checkout/sessions", acct.SecretKey, bad+"&automatic_tax[enabled]=false"); r.Status != 200 {
		t.Errorf("automatic_tax[enabled]=false: %d %s", r.Status, r.Body)
	}
}

// total_details.breakdown, when expanded: the discount with its coupon,
// and the taxes summed by rate with what they were taken on.
func TestSessionBreakdown(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	sales, _ := acct.Stripe.V1TaxRates.Create(bg, &stripe.TaxRateCreateParams{DisplayName: stripe.String("Sales tax"),
		Percentage: stripe.Float64(10), Inclusive: stripe.Bool(false)})
	coupon, _ := acct.Stripe.V1Coupons.Create(bg, &stripe.CouponCreateParams{AmountOff: stripe.Int64(998), Currency: stripe.String("usd")})
	p := basicSession()
	p.LineItems[0].TaxRates = []*string{stripe.String(sales.ID)}
	p.Discounts = []*stripe.CheckoutSessionCreateDiscountParams{{Coupon: stripe.String(coupon.ID)}}
	s, err := acct.Stripe.V1CheckoutSessions.Create(bg, p)
	if err != nil {
		t.Fatal(err)
	}
	rp := &stripe.CheckoutSessionRetrieveParams{}
	rp.AddExpand("total_details.breakdown")
	got, err := acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, rp)
	if err != nil {
		t.Fatal(err)
	}
	// 3998 − 998 = 3000, 10 % of it added.
	b := got.TotalDetails.Breakdown
	if got.AmountTotal != 3300 || b == nil || len(b.Discounts) != 1 || b.Discounts[0].Amount != 998 ||
		b.Discounts[0].Discount.Coupon.ID != coupon.ID || len(b.Taxes) != 1 || b.Taxes[0].Amount != 300 ||
		b.Taxes[0].TaxableAmount != 3000 || b.Taxes[0].Rate.ID != sales.ID {
		t.Errorf("total %d, breakdown %+v", got.AmountTotal, b)
	}
	if plain, _ := acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil); plain.TotalDetails.Breakdown != nil {
		t.Errorf("breakdown without expand")
	}
}

// Dynamic tax rates: the rate of the shopper's address applies, on the
// hosted page once the address is known (a form that does not say which
// taxes its page showed stops once for the shopper to check the new total;
// TestLiveTaxes has the page's own) and in custom mode as the billing
// address is updated.
func TestSessionDynamicTaxes(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	ca, us, gb := taxRate(t, acct, "CA sales tax", 10, "US", "CA"), taxRate(t, acct, "US sales tax", 5, "US", ""),
		taxRate(t, acct, "VAT", 20, "GB", "")
	p := basicSession()
	p.LineItems[0].DynamicTaxRates = []*string{stripe.String(ca), stripe.String(us), stripe.String(gb)}
	s, err := acct.Stripe.V1CheckoutSessions.Create(bg, p)
	if err != nil {
		t.Fatal(err)
	}
	if s.AmountTotal != 3998 || s.TotalDetails.AmountTax != 0 {
		t.Errorf("before an address: total %d tax %d", s.AmountTotal, s.TotalDetails.AmountTax)
	}
	first := submitCard(t, srv, s.ID, formToken(t, srv, s.ID), goodCard, "")
	if first.Status != http.StatusConflict || !strings.Contains(html.UnescapeString(first.Body), "changed your total to $41.98") {
		t.Fatalf("first submit with a US address: %d %.300s", first.Status, first.Body)
	}
	if r := submitCard(t, srv, s.ID, formToken(t, srv, s.ID), goodCard, ""); r.Status != http.StatusSeeOther {
		t.Fatalf("second submit: %d %.200s", r.Status, r.Body)
	}
	got, _ := acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil)
	pi, _ := latestCharge(t, acct, got.PaymentIntent.ID)
	if got.AmountTotal != 4198 || got.TotalDetails.AmountTax != 200 || pi.Amount != 4198 {
		t.Errorf("paid with US tax: total %d tax %d intent %d", got.AmountTotal, got.TotalDetails.AmountTax, pi.Amount)
	}

	bad := form("mode", "payment", "success_url", "https://shop.example/ok", "line_items[0][quantity]", "1",
		"line_items[0][price_data][currency]", "usd", "line_items[0][price_data][unit_amount]", "1000",
		"line_items[0][price_data][product_data][name]", "Shirt")
	res := srv.do(t, "POST", "/v1/checkout/sessions", acct.SecretKey, bad+"&line_items[0][tax_rates][0]="+us+"&line_items[0][dynamic_tax_rates][0]="+gb)
	wantRawErr(t, res, http.StatusBadRequest, "invalid_request_error", "parameters_exclusive", "line_items[0][tax_rates]")
	nowhere, _ := acct.Stripe.V1TaxRates.Create(bg, &stripe.TaxRateCreateParams{DisplayName: stripe.String("X"),
		Percentage: stripe.Float64(1), Inclusive: stripe.Bool(false)})
	res = srv.do(t, "POST", "/v1/checkout/sessions", acct.SecretKey, bad+"&line_items[0][dynamic_tax_rates][0]="+nowhere.ID)
	wantRawErr(t, res, http.StatusBadRequest, "invalid_request_error", "invalid_request", "line_items[0][dynamic_tax_rates][0]")
}
