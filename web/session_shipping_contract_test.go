package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stripe/stripe-go/v82"
)

// shippingSession is basicSession (two T-shirts of 19.99) shipping to the
// US and Canada, with a saved rate first and an inline one second.
func shippingSession(t *testing.T, acct *account) (*stripe.CheckoutSessionCreateParams, *stripe.ShippingRate) {
	t.Helper()
	ground, err := acct.Stripe.V1ShippingRates.Create(bg, &stripe.ShippingRateCreateParams{DisplayName: stripe.String("Ground"),
		FixedAmount: &stripe.ShippingRateCreateFixedAmountParams{Amount: stripe.Int64(500), Currency: stripe.String("usd")},
		DeliveryEstimate: &stripe.ShippingRateCreateDeliveryEstimateParams{
			Minimum: &stripe.ShippingRateCreateDeliveryEstimateMinimumParams{Unit: stripe.String("business_day"), Value: stripe.Int64(5)},
			Maximum: &stripe.ShippingRateCreateDeliveryEstimateMaximumParams{Unit: stripe.String("business_day"), Value: stripe.Int64(7)}}})
	if err != nil {
		t.Fatal(err)
	}
	p := basicSession()
	p.ShippingAddressCollection = &stripe.CheckoutSessionCreateShippingAddressCollectionParams{
		AllowedCountries: []*string{stripe.String("US"), stripe.String("CA")}}
	p.ShippingOptions = []*stripe.CheckoutSessionCreateShippingOptionParams{
		{ShippingRate: stripe.String(ground.ID)},
		{ShippingRateData: &stripe.CheckoutSessionCreateShippingOptionShippingRateDataParams{
			DisplayName: stripe.String("Next day air"), Type: stripe.String("fixed_amount"),
			FixedAmount: &stripe.CheckoutSessionCreateShippingOptionShippingRateDataFixedAmountParams{
				Amount: stripe.Int64(1500), Currency: stripe.String("usd")},
			DeliveryEstimate: &stripe.CheckoutSessionCreateShippingOptionShippingRateDataDeliveryEstimateParams{
				Minimum: &stripe.CheckoutSessionCreateShippingOptionShippingRateDataDeliveryEstimateMinimumParams{
					Unit: stripe.String("business_day"), Value: stripe.Int64(1)},
				Maximum: &stripe.CheckoutSessionCreateShippingOptionShippingRateDataDeliveryEstimateMaximumParams{
					Unit: stripe.String("business_day"), Value: stripe.Int64(1)}},
			Metadata: map[string]string{"carrier": "fedex"}}},
	}
	return p, ground
}

// TestSessionShipping: a session's shipping options, the first chosen,
// its amount in amount_total and total_details; an inline rate is a rate
// of its own; a retrieve shows the same.
func TestSessionShipping(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	p, ground := shippingSession(t, acct)
	s, err := acct.Stripe.V1CheckoutSessions.Create(bg, p)
	if err != nil {
		t.Fatal(err)
	}
	check := func(what string, s *stripe.CheckoutSession) {
		t.Helper()
		if s.AmountSubtotal != 3998 || s.AmountTotal != 4498 || s.TotalDetails.AmountShipping != 500 {
			t.Errorf("%s: subtotal %d total %d shipping %d, want 3998, 4498, 500", what, s.AmountSubtotal, s.AmountTotal,
				s.TotalDetails.AmountShipping)
		}
		if c := s.ShippingAddressCollection; c == nil || len(c.AllowedCountries) != 2 || c.AllowedCountries[1] != "CA" {
			t.Errorf("%s: shipping_address_collection = %+v", what, c)
		}
		if len(s.ShippingOptions) != 2 || s.ShippingOptions[0].ShippingRate.ID != ground.ID || s.ShippingOptions[0].ShippingAmount != 500 ||
			s.ShippingOptions[1].ShippingAmount != 1500 {
			t.Fatalf("%s: shipping_options = %+v", what, s.ShippingOptions)
		}
		if c := s.ShippingCost; c == nil || c.ShippingRate.ID != ground.ID || c.AmountSubtotal != 500 || c.AmountTotal != 500 || c.AmountTax != 0 {
			t.Errorf("%s: shipping_cost = %+v", what, c)
		}
		if s.CollectedInformation == nil || s.CollectedInformation.ShippingDetails != nil {
			t.Errorf("%s: collected_information = %+v before payment", what, s.CollectedInformation)
		}
	}
	check("create", s)
	got, err := acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	check("retrieve", got)
	inline, err := acct.Stripe.V1ShippingRates.Retrieve(bg, s.ShippingOptions[1].ShippingRate.ID, nil)
	if err != nil || inline.DisplayName != "Next day air" || inline.FixedAmount.Amount != 1500 || inline.Metadata["carrier"] != "fedex" ||
		inline.DeliveryEstimate.Maximum.Value != 1 {
		t.Errorf("inline rate = %+v, %v", inline, err)
	}

	plain, err := acct.Stripe.V1CheckoutSessions.Create(bg, basicSession())
	if err != nil || plain.ShippingCost != nil || plain.ShippingAddressCollection != nil || len(plain.ShippingOptions) != 0 ||
		plain.TotalDetails.AmountShipping != 0 || plain.AmountTotal != 3998 {
		t.Errorf("a session without shipping: %+v, %v", plain, err)
	}
}

// TestSessionShippingCurrency: an option's amount is the session's
// currency's, from the rate's currency or its currency_options; a rate
// with neither is refused.
func TestSessionShippingCurrency(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	euro, _ := acct.Stripe.V1ShippingRates.Create(bg, &stripe.ShippingRateCreateParams{DisplayName: stripe.String("Europe"),
		FixedAmount: &stripe.ShippingRateCreateFixedAmountParams{Amount: stripe.Int64(900), Currency: stripe.String("eur")}})
	p := basicSession()
	p.ShippingOptions = []*stripe.CheckoutSessionCreateShippingOptionParams{{ShippingRate: stripe.String(euro.ID)}}
	_, err := acct.Stripe.V1CheckoutSessions.Create(bg, p)
	if e := stripeErr(t, err); e.HTTPStatusCode != 400 || e.Param != "shipping_options[0][shipping_rate]" {
		t.Errorf("an eur rate on a usd session: %+v", e)
	}
	acct.Stripe.V1ShippingRates.Update(bg, euro.ID, &stripe.ShippingRateUpdateParams{FixedAmount: &stripe.ShippingRateUpdateFixedAmountParams{
		CurrencyOptions: map[string]*stripe.ShippingRateUpdateFixedAmountCurrencyOptionsParams{"usd": {Amount: stripe.Int64(1000)}}}})
	s, err := acct.Stripe.V1CheckoutSessions.Create(bg, p)
	if err != nil || s.ShippingOptions[0].ShippingAmount != 1000 || s.AmountTotal != 4998 {
		t.Errorf("with a usd option: %+v, %v", s, err)
	}
}

// TestSessionShippingErrors: Stripe's answers to bad shipping parameters.
func TestSessionShippingErrors(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	inactive, _ := acct.Stripe.V1ShippingRates.Create(bg, &stripe.ShippingRateCreateParams{DisplayName: stripe.String("Old"),
		FixedAmount: &stripe.ShippingRateCreateFixedAmountParams{Amount: stripe.Int64(100), Currency: stripe.String("usd")}})
	acct.Stripe.V1ShippingRates.Update(bg, inactive.ID, &stripe.ShippingRateUpdateParams{Active: stripe.Bool(false)})
	base := form("mode", "payment", "success_url", "https://shop.example/ok", "line_items[0][quantity]", "1",
		"line_items[0][price_data][currency]", "usd", "line_items[0][price_data][unit_amount]", "1000",
		"line_items[0][price_data][product_data][name]", "Shirt")
	inline := func(i string, kv ...string) string {
		out := []string{}
		for j := 0; j+1 < len(kv); j += 2 {
			out = append(out, "shipping_options["+i+"][shipping_rate_data]"+kv[j], kv[j+1])
		}
		return form(out...)
	}
	good := inline("0", "[display_name]", "Ground", "[fixed_amount][amount]", "500", "[fixed_amount][currency]", "usd")
	six := ""
	for _, i := range []string{"0", "1", "2", "3", "4", "5"} {
		six += "&" + inline(i, "[display_name]", "Ground", "[fixed_amount][amount]", "500", "[fixed_amount][currency]", "usd")
	}
	for _, c := range []struct {
		name, extra, code, param string
	}{
		{"NoAllowedCountries", "&shipping_address_collection[allowed_countries]=", "parameter_missing", "shipping_address_collection[allowed_countries]"},
		{"UnknownCountry", "&" + form("shipping_address_collection[allowed_countries][0]", "US", "shipping_address_collection[allowed_countries][1]", "XX"),
			"invalid_request", "shipping_address_collection[allowed_countries][1]"},
		{"CountryCheckoutDoesNotShipTo", "&" + form("shipping_address_collection[allowed_countries][0]", "KP"),
			"invalid_request", "shipping_address_collection[allowed_countries][0]"},
		{"SixOptions", six, "invalid_request", "shipping_options"},
		{"RateAndData", "&" + good + "&" + form("shipping_options[0][shipping_rate]", inactive.ID), "parameters_exclusive", "shipping_options[0][shipping_rate]"},
		{"Neither", "&" + form("shipping_options[0][shipping_rate]", ""), "", ""},
		{"UnknownRate", "&" + form("shipping_options[0][shipping_rate]", "shr_nope"), "resource_missing", "shipping_options[0][shipping_rate]"},
		{"InactiveRate", "&" + form("shipping_options[0][shipping_rate]", inactive.ID), "invalid_request", "shipping_options[0][shipping_rate]"},
		{"InlineWithoutName", "&" + inline("0", "[fixed_amount][amount]", "500", "[fixed_amount][currency]", "usd"),
			"parameter_missing", "shipping_options[0][shipping_rate_data][display_name]"},
		{"InlineWithoutCurrency", "&" + inline("0", "[display_name]", "Ground", "[fixed_amount][amount]", "500"),
			"parameter_missing", "shipping_options[0][shipping_rate_data][fixed_amount][currency]"},
		{"InlineBadUnit", "&" + good + "&" + inline("0", "[delivery_estimate][minimum][unit]", "year", "[delivery_estimate][minimum][value]", "1"),
			"invalid_request", "shipping_options[0][shipping_rate_data][delivery_estimate][minimum][unit]"},
		{"InlineOtherCurrency", "&" + inline("0", "[display_name]", "Ground", "[fixed_amount][amount]", "500", "[fixed_amount][currency]", "eur"),
			"invalid_request", "shipping_options[0][shipping_rate_data]"},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := srv.do(t, "POST", "/v1/checkout/sessions", acct.SecretKey, base+c.extra)
			if c.code == "" {
				if res.Status != http.StatusBadRequest {
					t.Fatalf("status %d: %s", res.Status, res.Body)
				}
				return
			}
			e := wantRawErr(t, res, http.StatusBadRequest, "invalid_request_error", c.code, c.param)
			if c.name == "CountryCheckoutDoesNotShipTo" && len(e.Message) < 40 {
				t.Errorf("message %q", e.Message)
			}
		})
	}
}

// shippingCountries is the options of the page's shipping country select.
var shippingCountries = regexp.MustCompile(`(?s)id="shippingCountry".*?>(.*?)</select>`)

// pairs is a form's fields as postPage takes them.
func pairs(v url.Values) []string {
	var out []string
	for k := range v {
		out = append(out, k, v.Get(k))
	}
	return out
}

// TestShippingPage: the hosted page asks for the shipping address (only
// the allowed countries) and offers the options; choosing another without
// script is a submit that shows the new total and stores the choice; a
// payment with the billing address the shipping one completes the session
// with its shipping details, on the session and its PaymentIntent.
func TestShippingPage(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	p, ground := shippingSession(t, acct)
	s, err := acct.Stripe.V1CheckoutSessions.Create(bg, p)
	if err != nil {
		t.Fatal(err)
	}
	air := s.ShippingOptions[1].ShippingRate.ID
	page := srv.do(t, "GET", "/c/pay/"+s.ID, "", "")
	for _, want := range []string{`id="shippingName"`, `id="shippingAddressLine1"`, `<option value="CA">Canada</option>`,
		`id="sameAsShipping" name="sameAsShipping" value="on" checked`, `name="shippingRate" value="` + ground.ID + `" checked`,
		`5–7 business days`, `1 business day`, `data-testid="shipping-amount">$5.00<`, `data-testid="total">$44.98<`,
		`name="action" value="update"`} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if m := shippingCountries.FindStringSubmatch(page.Body); m == nil || strings.Count(m[1], "<option") != 2 {
		t.Errorf("the shipping country select offers %v, want the two countries the session ships to", m)
	}
	token := csrfPattern.FindStringSubmatch(page.Body)[1]
	shopper := url.Values{"csrf_token": {token}, "email": {"ada@example.com"}, "cardNumber": {goodCard},
		"cardExpiry": {"12 / 34"}, "cardCvc": {"123"}, "billingName": {"Ada Lovelace"},
		"shippingName": {"Ada Lovelace"}, "shippingCountry": {"US"}, "shippingAddressLine1": {"1 Market St"},
		"shippingLocality": {"San Francisco"}, "shippingAdministrativeArea": {"CA"}, "shippingPostalCode": {"94107"},
		"sameAsShipping": {"on"}}

	update := url.Values{"action": {"update"}, "shippingRate": {air}}
	for k, v := range shopper {
		update[k] = v
	}
	res := postPage(t, srv, "/c/pay/"+s.ID, pairs(update)...)
	if res.Status != http.StatusOK || !strings.Contains(res.Body, `data-testid="total">$54.98<`) ||
		!strings.Contains(res.Body, `value="`+air+`" checked`) || !strings.Contains(res.Body, `value="1 Market St"`) {
		t.Fatalf("update: %d, want the page with $54.98, air chosen and the address kept", res.Status)
	}
	got, _ := acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil)
	if got.AmountTotal != 5498 || got.ShippingCost.ShippingRate.ID != air || got.TotalDetails.AmountShipping != 1500 {
		t.Errorf("after the update: total %d, rate %s", got.AmountTotal, got.ShippingCost.ShippingRate.ID)
	}

	missing := url.Values{}
	for k, v := range shopper {
		missing[k] = v
	}
	missing.Del("shippingName")
	missing.Set("shippingCountry", "FR")
	res = postPage(t, srv, "/c/pay/"+s.ID, pairs(missing)...)
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `href="#shippingName"`) ||
		!strings.Contains(res.Body, `href="#shippingCountry"`) {
		t.Errorf("no shipping name, a country not shipped to: %d", res.Status)
	}

	shopper.Set("shippingRate", ground.ID)
	if res := postPage(t, srv, "/c/pay/"+s.ID, pairs(shopper)...); res.Status != http.StatusSeeOther {
		t.Fatalf("pay: %d %s", res.Status, res.Body)
	}
	paid, _ := acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil)
	d := paid.CollectedInformation.ShippingDetails
	if paid.Status != "complete" || paid.AmountTotal != 4498 || d == nil || d.Name != "Ada Lovelace" ||
		d.Address.Line1 != "1 Market St" || d.Address.PostalCode != "94107" || d.Address.State != "CA" {
		t.Fatalf("paid session: %s total %d, shipping details %+v", paid.Status, paid.AmountTotal, d)
	}
	if a := paid.CustomerDetails.Address; a.Country != "US" || a.PostalCode != "94107" {
		t.Errorf("billing address %+v, want the shipping one", a)
	}
	pi, _ := latestCharge(t, acct, paid.PaymentIntent.ID)
	if pi.Amount != 4498 || pi.Shipping == nil || pi.Shipping.Name != "Ada Lovelace" || pi.Shipping.Address.City != "San Francisco" {
		t.Errorf("payment intent: amount %d shipping %+v", pi.Amount, pi.Shipping)
	}
}

// TestCustomShipping: custom mode's session shows the shipping options
// and the chosen one's amount; updateShippingOption's endpoint stores
// another, whose total the session then has; confirm takes the shipping
// address updateShippingAddress kept.
func TestCustomShipping(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	p, ground := shippingSession(t, acct)
	p.SuccessURL, p.CancelURL = nil, nil
	p.UIMode = stripe.String("custom")
	p.ReturnURL = stripe.String("https://shop.example/return")
	s, err := acct.Stripe.V1CheckoutSessions.Create(bg, p)
	if err != nil {
		t.Fatal(err)
	}
	air := s.ShippingOptions[1].ShippingRate.ID
	base := "/c/api/custom/" + s.ID + "/"
	m := decodeJSON(t, srv.doJSON(t, base+"session", acct.PublishableKey, customJSON("client_secret", s.ClientSecret)))
	opts, _ := m["shippingOptions"].([]any)
	chosen, _ := m["shipping"].(map[string]any)
	if len(opts) != 2 || chosen == nil || chosen["shippingOption"].(map[string]any)["id"] != ground.ID ||
		m["total"].(map[string]any)["total"].(map[string]any)["minorUnitsAmount"] != 4498.0 {
		t.Fatalf("session: %v", m)
	}
	if r := srv.doJSON(t, base+"shipping_option", acct.PublishableKey, customJSON("client_secret", s.ClientSecret,
		"shipping_rate", "shr_nope")); r.Status != http.StatusBadRequest {
		t.Errorf("an option the session does not offer: %d", r.Status)
	}
	m = decodeJSON(t, srv.doJSON(t, base+"shipping_option", acct.PublishableKey, customJSON("client_secret", s.ClientSecret,
		"shipping_rate", air)))
	if tot := m["total"].(map[string]any); tot["total"].(map[string]any)["minorUnitsAmount"] != 5498.0 ||
		tot["shippingRate"].(map[string]any)["minorUnitsAmount"] != 1500.0 {
		t.Errorf("after choosing air: %v", tot)
	}
	if got, _ := acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil); got.AmountTotal != 5498 {
		t.Errorf("stored total %d, want 5498", got.AmountTotal)
	}
	body := map[string]string{}
	json.Unmarshal([]byte(cardFields(s.ClientSecret, goodCard)), &body)
	for k, v := range map[string]string{"shipping_name": "Ada Lovelace", "shipping_country": "CA", "shipping_line1": "1 Bay St",
		"shipping_city": "Toronto", "shipping_state": "ON", "shipping_postal_code": "M5J 2N8"} {
		body[k] = v
	}
	b, _ := json.Marshal(body)
	if r := srv.doJSON(t, base+"confirm", acct.PublishableKey, string(b)); r.Status != http.StatusOK {
		t.Fatalf("confirm: %d %s", r.Status, r.Body)
	}
	paid, _ := acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil)
	if d := paid.CollectedInformation.ShippingDetails; paid.Status != "complete" || d == nil || d.Address.City != "Toronto" {
		t.Errorf("paid: %s, shipping %+v", paid.Status, d)
	}
}
