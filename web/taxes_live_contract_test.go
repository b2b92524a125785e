package web_test

import (
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stripe/stripe-go/v82"
)

// taxRate makes an exclusive rate of a country (and state, when given).
func taxRate(t *testing.T, acct *account, name string, pct float64, country, state string) string {
	t.Helper()
	p := &stripe.TaxRateCreateParams{DisplayName: stripe.String(name), Percentage: stripe.Float64(pct),
		Inclusive: stripe.Bool(false), Country: stripe.String(country)}
	if state != "" {
		p.State = stripe.String(state)
	}
	r, err := acct.Stripe.V1TaxRates.Create(bg, p)
	if err != nil {
		t.Fatal(err)
	}
	return r.ID
}

// liveTaxSession is basicSession (two T-shirts of 19.99) taxed by the
// shopper's country: 5 % in the US, 20 % VAT in Great Britain; with ship,
// it ships to both (one option of $5.00). It returns the session and the
// two rates.
func liveTaxSession(t *testing.T, acct *account, ship bool, edit func(*stripe.CheckoutSessionCreateParams)) (s *stripe.CheckoutSession, us, gb string) {
	t.Helper()
	us, gb = taxRate(t, acct, "US sales tax", 5, "US", ""), taxRate(t, acct, "VAT", 20, "GB", "")
	p := basicSession()
	p.LineItems[0].DynamicTaxRates = []*string{stripe.String(us), stripe.String(gb)}
	if ship {
		p.ShippingAddressCollection = &stripe.CheckoutSessionCreateShippingAddressCollectionParams{
			AllowedCountries: []*string{stripe.String("US"), stripe.String("GB")}}
		p.ShippingOptions = []*stripe.CheckoutSessionCreateShippingOptionParams{{ShippingRateData: &stripe.CheckoutSessionCreateShippingOptionShippingRateDataParams{
			DisplayName: stripe.String("Post"), Type: stripe.String("fixed_amount"),
			FixedAmount: &stripe.CheckoutSessionCreateShippingOptionShippingRateDataFixedAmountParams{
				Amount: stripe.Int64(500), Currency: stripe.String("usd")}}}}
	}
	if edit != nil {
		edit(p)
	}
	s, err := acct.Stripe.V1CheckoutSessions.Create(bg, p)
	if err != nil {
		t.Fatal(err)
	}
	return s, us, gb
}

var taxChoicePattern = regexp.MustCompile(`name="taxChoice" value="([^"]*)"`)

// taxChoiceOf is the taxChoice a page's form carries, "" for none.
func taxChoiceOf(page string) string {
	if m := taxChoicePattern.FindStringSubmatch(page); m != nil {
		return m[1]
	}
	return ""
}

// taxAnswer is the JSON of POST …/address.
type taxAnswer struct {
	Tax             string                                 `json:"tax"`
	TaxLabel        string                                 `json:"tax_label"`
	TaxChoice       string                                 `json:"tax_choice"`
	Total           string                                 `json:"total"`
	ShippingOptions []struct{ ID, Shipping, Total string } `json:"shipping_options"`
}

// decodeTaxAnswer reads an address answer, which must be a 200.
func decodeTaxAnswer(t *testing.T, r response) taxAnswer {
	t.Helper()
	var a taxAnswer
	if r.Status != http.StatusOK || json.Unmarshal([]byte(r.Body), &a) != nil {
		t.Fatalf("address answer: %d %.300s", r.Status, r.Body)
	}
	return a
}

// cardForm is the hosted form of a shopper paying with a good card from a
// billing country (and postal code), with the taxChoice of the totals the
// page showed them.
func cardForm(token, country, postal, choice string) url.Values {
	return url.Values{"csrf_token": {token}, "email": {testEmail}, "cardNumber": {goodCard}, "cardExpiry": {"12 / 34"},
		"cardCvc": {"123"}, "billingName": {testCardholder}, "billingCountry": {country}, "billingPostalCode": {postal},
		"taxChoice": {choice}}
}

// TestLiveTaxes: the hosted page shows the totals of the address its form
// holds; as the shopper changes the country, POST …/address stores and
// answers the totals there, and the payment that follows is at that total
// with no "check the new total" stop. A payment whose address changes what
// the page showed stops once with the new total (the page without
// JavaScript), and pays on the next submit.
func TestLiveTaxes(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	s, us, gb := liveTaxSession(t, acct, false, nil)
	page := srv.do(t, "GET", "/c/pay/"+s.ID, "", "")
	body := html.UnescapeString(page.Body)
	if taxChoiceOf(body) != us || !strings.Contains(body, "data-tax-pending") || !strings.Contains(body, "US sales tax (5%)") ||
		!strings.Contains(body, `data-testid="total">$41.98`) || !strings.Contains(body, `data-tax-action="/c/pay/`+s.ID+`/address"`) {
		t.Fatalf("the page does not show the US totals of its form: %.2000s", body)
	}
	if got, _ := acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil); got.AmountTotal != 3998 {
		t.Errorf("a page view stored a total: %d", got.AmountTotal)
	}
	token := formToken(t, srv, s.ID)
	a := decodeTaxAnswer(t, postForm(t, srv, "/c/pay/"+s.ID+"/address", url.Values{"csrf_token": {token},
		"billingCountry": {"GB"}, "billingPostalCode": {"SW1A 1AA"}}, true))
	if a.Tax != "$8.00" || a.TaxLabel != "VAT (20%)" || a.Total != "$47.98" || a.TaxChoice != gb {
		t.Errorf("GB totals = %+v", a)
	}
	if got, _ := acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil); got.AmountTotal != 4798 || got.TotalDetails.AmountTax != 800 {
		t.Errorf("stored at GB: total %d tax %d, want 4798 and 800", got.AmountTotal, got.TotalDetails.AmountTax)
	}
	if a := decodeTaxAnswer(t, postForm(t, srv, "/c/pay/"+s.ID+"/address", url.Values{"csrf_token": {token},
		"billingCountry": {"FR"}}, true)); a.TaxLabel != "" || a.Total != "$39.98" || a.TaxChoice != "-" {
		t.Errorf("a country with no rate: %+v", a)
	}
	decodeTaxAnswer(t, postForm(t, srv, "/c/pay/"+s.ID+"/address", url.Values{"csrf_token": {token}, "billingCountry": {"GB"}}, true))
	if r := postForm(t, srv, "/c/pay/"+s.ID, cardForm(token, "GB", "SW1A 1AA", gb), false); r.Status != http.StatusSeeOther {
		t.Fatalf("pay at the GB total shown: %d %.300s", r.Status, r.Body)
	}
	paid := checkPaid(t, acct, s.ID)
	if pi, _ := latestCharge(t, acct, paid.PaymentIntent.ID); pi.Amount != 4798 || paid.TotalDetails.AmountTax != 800 {
		t.Errorf("charged %d with tax %d, want 4798 and 800", pi.Amount, paid.TotalDetails.AmountTax)
	}
	if r := postForm(t, srv, "/c/pay/"+s.ID+"/address", url.Values{"csrf_token": {token}, "billingCountry": {"US"}}, true); r.Status != http.StatusSeeOther {
		t.Errorf("the address of a paid session: %d, want its success_url", r.Status)
	}

	// Without JavaScript: the address the page came with pays at once; one
	// that changes the taxes shown stops once, with the new total.
	s, us, gb = liveTaxSession(t, acct, false, nil)
	token = formToken(t, srv, s.ID)
	first := postForm(t, srv, "/c/pay/"+s.ID, cardForm(token, "GB", "SW1A 1AA", us), false)
	if first.Status != http.StatusConflict || !strings.Contains(html.UnescapeString(first.Body), "changed your total to $47.98") ||
		taxChoiceOf(first.Body) != gb {
		t.Fatalf("a GB address on a page that showed the US taxes: %d %.300s", first.Status, first.Body)
	}
	if r := postForm(t, srv, "/c/pay/"+s.ID, cardForm(token, "GB", "SW1A 1AA", gb), false); r.Status != http.StatusSeeOther {
		t.Fatalf("the second submit: %d", r.Status)
	}
	s, us, _ = liveTaxSession(t, acct, false, nil)
	token = formToken(t, srv, s.ID)
	if r := postForm(t, srv, "/c/pay/"+s.ID, cardForm(token, "US", "94107", us), false); r.Status != http.StatusSeeOther {
		t.Fatalf("the US address the page showed: %d %.300s", r.Status, r.Body)
	}
	if paid := checkPaid(t, acct, s.ID); paid.AmountTotal != 4198 || paid.TotalDetails.AmountTax != 200 {
		t.Errorf("paid at the US total: %d tax %d", paid.AmountTotal, paid.TotalDetails.AmountTax)
	}

	plain, _ := acct.Stripe.V1CheckoutSessions.Create(bg, basicSession())
	if page := srv.do(t, "GET", "/c/pay/"+plain.ID, "", ""); taxChoiceOf(page.Body) != "" || strings.Contains(page.Body, "data-tax-action") {
		t.Error("a session without dynamic rates asks for its taxes")
	}
}

// TestLiveTaxesShipping: on a session that ships, the shipping address
// chooses the rate whatever the billing one, as Stripe's Checkout taxes by
// the shipping address when it collects one; the shipping option's total
// follows, and shipping itself is not taxed.
func TestLiveTaxesShipping(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	s, _, gb := liveTaxSession(t, acct, true, nil)
	rate := s.ShippingOptions[0].ShippingRate.ID
	token := formToken(t, srv, s.ID)
	fields := url.Values{"csrf_token": {token}, "shippingName": {testCardholder}, "shippingCountry": {"GB"},
		"shippingAddressLine1": {"10 Downing St"}, "shippingLocality": {"London"}, "shippingPostalCode": {"SW1A 2AA"},
		"billingCountry": {"US"}, "billingPostalCode": {"94107"}, "shippingRate": {rate}}
	a := decodeTaxAnswer(t, postForm(t, srv, "/c/pay/"+s.ID+"/address", fields, true))
	// 3998 + 20 % of 3998 + 500 of shipping, untaxed.
	if a.Tax != "$8.00" || a.Total != "$52.98" || len(a.ShippingOptions) != 1 || a.ShippingOptions[0].Total != "$52.98" || a.TaxChoice != gb {
		t.Errorf("shipping to GB, billing in the US: %+v", a)
	}
	for k, v := range cardForm(token, "US", "94107", gb) {
		fields[k] = v
	}
	fields.Set("email", testEmail)
	if r := postForm(t, srv, "/c/pay/"+s.ID, fields, false); r.Status != http.StatusSeeOther {
		t.Fatalf("pay: %d %.500s", r.Status, html.UnescapeString(r.Body))
	}
	paid := checkPaid(t, acct, s.ID)
	if c := paid.ShippingCost; paid.AmountTotal != 5298 || paid.TotalDetails.AmountTax != 800 || c == nil || c.AmountTax != 0 {
		t.Errorf("paid: total %d tax %d shipping %+v", paid.AmountTotal, paid.TotalDetails.AmountTax, c)
	}
}

// TestLiveTaxesEmbedded: the iframe's form asks the same with its client
// secret; another secret is not found.
func TestLiveTaxesEmbedded(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	s, _, gb := liveTaxSession(t, acct, false, func(p *stripe.CheckoutSessionCreateParams) {
		p.SuccessURL, p.CancelURL, p.UIMode, p.ReturnURL = nil, nil, stripe.String("embedded"), stripe.String("https://shop.example/return")
	})
	open := srv.do(t, "POST", "/c/embed/"+s.ID+"/open", "", form("client_secret", s.ClientSecret), "Sec-Fetch-Site", "same-origin")
	m := csrfPattern.FindStringSubmatch(open.Body)
	if open.Status != http.StatusOK || m == nil || !strings.Contains(open.Body, `data-tax-action="/c/embed/`+s.ID+`/address"`) {
		t.Fatalf("open: %d %.500s", open.Status, open.Body)
	}
	fields := url.Values{"csrf_token": {m[1]}, "client_secret": {s.ClientSecret}, "billingCountry": {"GB"}}
	if a := decodeTaxAnswer(t, postForm(t, srv, "/c/embed/"+s.ID+"/address", fields, true)); a.Total != "$47.98" || a.TaxChoice != gb {
		t.Errorf("GB totals in the iframe: %+v", a)
	}
	fields.Set("client_secret", s.ClientSecret+"x")
	if r := postForm(t, srv, "/c/embed/"+s.ID+"/address", fields, true); r.Status != http.StatusNotFound {
		t.Errorf("another secret: %d", r.Status)
	}
}

// TestCustomModeRefusesDynamicTaxRates: Stripe's reference says of
// line_items[].dynamic_tax_rates "You can't set this parameter if ui_mode
// is custom" (the merchant's own form shows its taxes); embedded mode takes
// them.
func TestCustomModeRefusesDynamicTaxRates(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	vat := taxRate(t, acct, "VAT", 20, "GB", "")
	p := basicSession()
	p.SuccessURL, p.CancelURL, p.UIMode, p.ReturnURL = nil, nil, stripe.String("custom"), stripe.String("https://shop.example/return")
	p.LineItems[0].DynamicTaxRates = []*string{stripe.String(vat)}
	_, err := acct.Stripe.V1CheckoutSessions.Create(bg, p)
	wantErr(t, err, http.StatusBadRequest, stripe.ErrorTypeInvalidRequest, "invalid_request", "line_items[0][dynamic_tax_rates]",
		"The following parameters are not supported with 'ui_mode: custom': line_items[0][dynamic_tax_rates].")
	p.UIMode = stripe.String("embedded")
	if _, err := acct.Stripe.V1CheckoutSessions.Create(bg, p); err != nil {
		t.Errorf("embedded session with dynamic tax rates: %v", err)
	}
}

// TestShippingUntaxed pins what Stripe documents: a Checkout Session's tax
// rates are its line items' (line_items[].tax_rates, dynamic_tax_rates),
// and a shipping rate's taxes come from Stripe Tax only (its tax_behavior
// and tax_code), so with tax rates and no automatic tax the shipping cost
// carries no tax.
func TestShippingUntaxed(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	vat, _ := acct.Stripe.V1TaxRates.Create(bg, &stripe.TaxRateCreateParams{DisplayName: stripe.String("VAT"),
		Percentage: stripe.Float64(20), Inclusive: stripe.Bool(false)})
	p, _ := shippingSession(t, acct)
	p.LineItems[0].TaxRates = []*string{stripe.String(vat.ID)}
	p.ShippingOptions[0] = &stripe.CheckoutSessionCreateShippingOptionParams{ShippingRateData: &stripe.CheckoutSessionCreateShippingOptionShippingRateDataParams{
		DisplayName: stripe.String("Taxable post"), Type: stripe.String("fixed_amount"), TaxBehavior: stripe.String("exclusive"),
		FixedAmount: &stripe.CheckoutSessionCreateShippingOptionShippingRateDataFixedAmountParams{
			Amount: stripe.Int64(500), Currency: stripe.String("usd")}}}
	s, err := acct.Stripe.V1CheckoutSessions.Create(bg, p)
	if err != nil {
		t.Fatal(err)
	}
	raw := srv.do(t, "GET", "/v1/checkout/sessions/"+s.ID, acct.SecretKey, "")
	var got struct {
		AmountTotal  int64 `json:"amount_total"`
		TotalDetails struct {
			AmountTax int64 `json:"amount_tax"`
		} `json:"total_details"`
		ShippingCost struct {
			AmountTax   int64 `json:"amount_tax"`
			AmountTotal int64 `json:"amount_total"`
			Taxes       []any `json:"taxes"`
		} `json:"shipping_cost"`
	}
	if err := json.Unmarshal([]byte(raw.Body), &got); err != nil {
		t.Fatal(err)
	}
	// 20 % of the shirts' 3998 only, and the 500 of shipping as it is.
	if c := got.ShippingCost; got.TotalDetails.AmountTax != 800 || got.AmountTotal != 3998+800+500 || c.AmountTax != 0 ||
		c.AmountTotal != 500 || c.Taxes == nil || len(c.Taxes) != 0 {
		t.Errorf("taxes %d total %d, shipping_cost %+v", got.TotalDetails.AmountTax, got.AmountTotal, c)
	}
}
