package web_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stripe/stripe-go/v82"
)

// quantityParams is a hosted session of an adjustable line (1 to 5 mugs of
// $12.00, one to start, with a 10 % exclusive tax) and a fixed one (two
// T-shirts of $19.99): $13.20 + $39.98 = $53.18 to start.
func quantityParams(t *testing.T, acct *account) *stripe.CheckoutSessionCreateParams {
	t.Helper()
	rate, err := acct.Stripe.V1TaxRates.Create(bg, &stripe.TaxRateCreateParams{DisplayName: stripe.String("VAT"),
		Percentage: stripe.Float64(10), Inclusive: stripe.Bool(false)})
	if err != nil {
		t.Fatal(err)
	}
	p := basicSession()
	p.LineItems = append([]*stripe.CheckoutSessionCreateLineItemParams{{
		Quantity: stripe.Int64(1), TaxRates: []*string{stripe.String(rate.ID)},
		AdjustableQuantity: &stripe.CheckoutSessionCreateLineItemAdjustableQuantityParams{Enabled: stripe.Bool(true),
			Minimum: stripe.Int64(1), Maximum: stripe.Int64(5)},
		PriceData: &stripe.CheckoutSessionCreateLineItemPriceDataParams{Currency: stripe.String("usd"), UnitAmount: stripe.Int64(1200),
			ProductData: &stripe.CheckoutSessionCreateLineItemPriceDataProductDataParams{Name: stripe.String("Mug")}},
	}}, p.LineItems...)
	return p
}

// quantitySession is quantityParams' session, hosted with successURL.
func quantitySession(t *testing.T, acct *account, successURL string) *stripe.CheckoutSession {
	t.Helper()
	p := quantityParams(t, acct)
	p.SuccessURL = stripe.String(successURL)
	s, err := acct.Stripe.V1CheckoutSessions.Create(bg, p)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// embeddedQuantitySession is quantityParams' session in the embedded
// page, paid without a redirect.
func embeddedQuantitySession(t *testing.T, acct *account) *stripe.CheckoutSession {
	t.Helper()
	p := quantityParams(t, acct)
	p.SuccessURL, p.CancelURL, p.UIMode = nil, nil, stripe.String("embedded")
	p.RedirectOnCompletion = stripe.String("never")
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

// The embedded page's stepper: the same rule and amounts as the hosted
// one's, its form carrying the client secret; without JavaScript the
// answer is the iframe's form again with the new totals.
func TestQuantityEmbedded(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	s := embeddedQuantitySession(t, acct)
	mug, shirt := lineItems(t, acct, s.ID)[0].ID, lineItems(t, acct, s.ID)[1].ID
	path := "/c/embed/" + s.ID + "/quantity"
	open := srv.do(t, "POST", "/c/embed/"+s.ID+"/open", "", form("client_secret", s.ClientSecret), sameOriginHeaders...)
	token := csrfPattern.FindStringSubmatch(open.Body)[1]
	if !strings.Contains(open.Body, `action="`+path+`"`) || !strings.Contains(open.Body, `id="quantity-`+mug+`"`) ||
		strings.Contains(open.Body, `id="quantity-`+shirt+`"`) {
		t.Fatalf("the embedded form has no stepper posting to %s, or one for the fixed line", path)
	}
	post := func(secret, tok, line, quantity string, headers ...string) response {
		t.Helper()
		return srv.do(t, "POST", path, "", form("client_secret", secret, "csrf_token", tok, "line_item", line, "quantity", quantity),
			append(sameOriginHeaders, headers...)...)
	}
	asJSON := []string{"Accept", "application/json"}

	// Without JavaScript: the form again, with the new totals and the
	// client secret for the next post.
	r := post(s.ClientSecret, token, mug, "3")
	if r.Status != http.StatusOK || !strings.Contains(r.Body, `data-testid="total">$79.58<`) ||
		!strings.Contains(r.Body, `id="quantity-`+mug+`"`) || !strings.Contains(r.Body, `name="client_secret" value="`+s.ClientSecret+`"`) {
		t.Fatalf("update = %d %.300s", r.Status, r.Body)
	}
	if got, _ := acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil); got.AmountTotal != 3600+360+3998 {
		t.Errorf("total after the update = %d", got.AmountTotal)
	}
	// With JavaScript: the hosted stepper's JSON.
	r = post(s.ClientSecret, token, mug, "2", asJSON...)
	if r.Status != http.StatusOK || !strings.Contains(r.Body, `"total":"$66.38"`) || !strings.Contains(r.Body, `"amount":"$24.00"`) {
		t.Errorf("JSON update = %d %s", r.Status, r.Body)
	}
	for _, tc := range []struct{ name, line, quantity string }{
		{"AboveMaximum", mug, "6"}, {"BelowMinimum", mug, "0"}, {"NotANumber", mug, ""}, {"FixedLine", shirt, "3"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if r := post(s.ClientSecret, token, tc.line, tc.quantity); r.Status != http.StatusUnprocessableEntity ||
				!strings.Contains(r.Body, `data-testid="error-summary"`) || (tc.line == mug && !strings.Contains(r.Body, "Enter a quantity from 1 to 5.")) {
				t.Errorf("quantity %q: %d", tc.quantity, r.Status)
			}
			if r := post(s.ClientSecret, token, tc.line, tc.quantity, asJSON...); r.Status != http.StatusUnprocessableEntity ||
				decodeJSON(t, r)["type"] != "error" {
				t.Errorf("JSON quantity %q: %d %s", tc.quantity, r.Status, r.Body)
			}
		})
	}
	// The client secret and the form token are the iframe's other forms'.
	for name, r := range map[string]response{
		"no secret":    post("", token, mug, "4"),
		"wrong secret": post(s.ID+"_secret_"+strings.Repeat("A", 43), token, mug, "4"),
		"bad token":    post(s.ClientSecret, "1.x", mug, "4"),
	} {
		if want := map[bool]int{true: http.StatusForbidden, false: http.StatusNotFound}[name == "bad token"]; r.Status != want {
			t.Errorf("%s: %d, want %d", name, r.Status, want)
		}
	}
	if li := lineItems(t, acct, s.ID)[0]; li.Quantity != 2 {
		t.Errorf("after refused changes the quantity is %d, want 2", li.Quantity)
	}

	// Paid at the new total; the stepper of the paid session answers with
	// the paid page, changing nothing.
	pay := srv.do(t, "POST", "/c/embed/"+s.ID+"/pay", "", form("client_secret", s.ClientSecret, "csrf_token", token,
		"email", testEmail, "cardNumber", goodCard, "cardExpiry", "12 / 34", "cardCvc", "123", "billingName", testCardholder,
		"billingCountry", "US", "billingPostalCode", "94107"), sameOriginHeaders...)
	if pay.Status != http.StatusOK || !strings.Contains(pay.Body, "data-till-complete") {
		t.Fatalf("pay = %d", pay.Status)
	}
	if pis := paymentIntents(t, acct); len(pis) != 1 || pis[0].Amount != 2400+240+3998 {
		t.Errorf("payment intents = %+v", pis)
	}
	if r := post(s.ClientSecret, token, mug, "1"); r.Status != http.StatusOK || !strings.Contains(r.Body, `data-testid="result-complete"`) {
		t.Errorf("a paid session's stepper: %d", r.Status)
	}
	if li := lineItems(t, acct, s.ID)[0]; li.Quantity != 2 {
		t.Errorf("a paid session's quantity changed to %d", li.Quantity)
	}
}

// While an attempt awaits its 3-D Secure authentication, the stepper is
// refused as a promotion code is (409), with and without JavaScript, in
// the hosted and embedded pages: the attempt is authorizing the total.
func TestQuantityWhileAuthenticating(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	hosted := quantitySession(t, acct, "https://shop.example/ok")
	token := formToken(t, srv, hosted.ID)
	if r := submitCard(t, srv, hosted.ID, token, authCard, ""); r.Status != http.StatusSeeOther {
		t.Fatalf("3-D Secure card: %d", r.Status)
	}
	mug := lineItems(t, acct, hosted.ID)[0].ID
	if status, _, _ := postQuantity(t, srv, hosted.ID, mug, "3", ""); status != http.StatusConflict {
		t.Errorf("hosted stepper while authenticating: %d, want 409", status)
	}
	if status, _, body := postQuantity(t, srv, hosted.ID, mug, "3", "application/json"); status != http.StatusConflict ||
		!strings.Contains(body, `"code":"checkout_session_payment_in_progress"`) {
		t.Errorf("hosted JSON stepper while authenticating: %d %s", status, body)
	}

	s := embeddedQuantitySession(t, acct)
	open := srv.do(t, "POST", "/c/embed/"+s.ID+"/open", "", form("client_secret", s.ClientSecret), sameOriginHeaders...)
	token = csrfPattern.FindStringSubmatch(open.Body)[1]
	pay := srv.do(t, "POST", "/c/embed/"+s.ID+"/pay", "", form("client_secret", s.ClientSecret, "csrf_token", token,
		"email", testEmail, "cardNumber", authCard, "cardExpiry", "12 / 34", "cardCvc", "123", "billingName", testCardholder,
		"billingCountry", "US", "billingPostalCode", "94107"), sameOriginHeaders...)
	if !strings.Contains(pay.Body, `id="test-source-authorize-3ds"`) {
		t.Fatalf("embedded 3-D Secure card: %d", pay.Status)
	}
	mug = lineItems(t, acct, s.ID)[0].ID
	body := form("client_secret", s.ClientSecret, "csrf_token", token, "line_item", mug, "quantity", "3")
	if r := srv.do(t, "POST", "/c/embed/"+s.ID+"/quantity", "", body, sameOriginHeaders...); r.Status != http.StatusConflict {
		t.Errorf("embedded stepper while authenticating: %d, want 409", r.Status)
	}
	if r := srv.do(t, "POST", "/c/embed/"+s.ID+"/quantity", "", body, append(sameOriginHeaders, "Accept", "application/json")...); r.Status != http.StatusConflict {
		t.Errorf("embedded JSON stepper while authenticating: %d, want 409", r.Status)
	}
	for _, id := range []string{hosted.ID, s.ID} {
		if got, _ := acct.Stripe.V1CheckoutSessions.Retrieve(bg, id, nil); got.AmountTotal != 1320+3998 {
			t.Errorf("%s total after the refused changes: %d", id, got.AmountTotal)
		}
	}
}

// customQuantitySession is quantityParams' session in custom mode.
func customQuantitySession(t *testing.T, acct *account, promotionCodes bool) *stripe.CheckoutSession {
	t.Helper()
	p := quantityParams(t, acct)
	p.SuccessURL, p.CancelURL, p.UIMode = nil, nil, stripe.String("custom")
	p.ReturnURL, p.AllowPromotionCodes = stripe.String("https://shop.example/return"), stripe.Bool(promotionCodes)
	s, err := acct.Stripe.V1CheckoutSessions.Create(bg, p)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// minor is an amount of a custom session's JSON in minor units.
func minor(v any) any { return v.(map[string]any)["minorUnitsAmount"] }

// Custom mode's updateLineItemQuantity: the session shows each line's
// quantity and, for the adjustable one, Stripe.js's adjustableQuantity;
// a change answers the session with its new totals, a quantity the line
// cannot take Stripe.js's error (code null), and confirm pays the new total.
func TestCustomLineItemQuantity(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	s := customQuantitySession(t, acct, false)
	items := lineItems(t, acct, s.ID)
	mug, shirt := items[0].ID, items[1].ID
	path := "/c/api/custom/" + s.ID + "/line_item_quantity"
	change := func(secret, key, body string) (response, map[string]any) {
		t.Helper()
		r := srv.doJSON(t, path, key, `{"client_secret":"`+secret+`",`+body+`}`)
		return r, decodeJSON(t, r)
	}

	r := srv.doJSON(t, "/c/api/custom/"+s.ID+"/session", acct.PublishableKey, customJSON("client_secret", s.ClientSecret))
	lines := decodeJSON(t, r)["lineItems"].([]any)
	first, second := lines[0].(map[string]any), lines[1].(map[string]any)
	if aq, _ := first["adjustableQuantity"].(map[string]any); first["quantity"] != 1.0 || aq["minimum"] != 1.0 || aq["maximum"] != 5.0 {
		t.Errorf("adjustable line: %v", first)
	}
	if v, ok := second["adjustableQuantity"]; second["quantity"] != 2.0 || !ok || v != nil {
		t.Errorf("fixed line: %v", second)
	}

	r, m := change(s.ClientSecret, acct.PublishableKey, `"line_item":"`+mug+`","quantity":3`)
	session, _ := m["session"].(map[string]any)
	if r.Status != http.StatusOK || m["type"] != "success" || session == nil {
		t.Fatalf("updateLineItemQuantity: %d %s", r.Status, r.Body)
	}
	total := session["total"].(map[string]any)
	line := session["lineItems"].([]any)[0].(map[string]any)
	if minor(total["total"]) != 7958.0 || minor(total["subtotal"]) != 7598.0 || minor(total["taxExclusive"]) != 360.0 ||
		line["quantity"] != 3.0 || minor(line["subtotal"]) != 3600.0 {
		t.Errorf("session after the change: total %v line %v", total, line)
	}

	for _, tc := range []struct{ name, body string }{
		{"AboveMaximum", `"line_item":"` + mug + `","quantity":6`},
		{"BelowMinimum", `"line_item":"` + mug + `","quantity":0`},
		{"NoQuantity", `"line_item":"` + mug + `"`},
		{"FixedLine", `"line_item":"` + shirt + `","quantity":3`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, m := change(s.ClientSecret, acct.PublishableKey, tc.body)
			e, _ := m["error"].(map[string]any)
			if code, ok := e["code"]; r.Status != http.StatusUnprocessableEntity || m["type"] != "error" || !ok || code != nil || e["message"] == "" {
				t.Errorf("%d %s", r.Status, r.Body)
			}
			if tc.name == "AboveMaximum" && e["message"] != "Enter a quantity from 1 to 5." {
				t.Errorf("message %v", e["message"])
			}
		})
	}
	other := srv.newAccount(t)
	for name, want := range map[string]struct {
		secret, key, body string
		status            int
	}{
		"UnknownLine":  {s.ClientSecret, acct.PublishableKey, `"line_item":"li_nope","quantity":2`, http.StatusNotFound},
		"NotANumber":   {s.ClientSecret, acct.PublishableKey, `"line_item":"` + mug + `","quantity":"2"`, http.StatusBadRequest},
		"WrongSecret":  {s.ID + "_secret_" + strings.Repeat("A", 43), acct.PublishableKey, `"line_item":"` + mug + `","quantity":2`, http.StatusNotFound},
		"OtherAccount": {s.ClientSecret, other.PublishableKey, `"line_item":"` + mug + `","quantity":2`, http.StatusNotFound},
		"SecretKey":    {s.ClientSecret, acct.SecretKey, `"line_item":"` + mug + `","quantity":2`, http.StatusUnauthorized},
	} {
		if r, m := change(want.secret, want.key, want.body); r.Status != want.status || m["type"] != "error" {
			t.Errorf("%s: %d %s, want %d", name, r.Status, r.Body, want.status)
		}
	}
	if li := lineItems(t, acct, s.ID)[0]; li.Quantity != 3 {
		t.Errorf("after refused changes the quantity is %d, want 3", li.Quantity)
	}

	// confirm pays the new total; a paid session's quantity stays.
	if r := srv.doJSON(t, "/c/api/custom/"+s.ID+"/confirm", acct.PublishableKey, cardFields(s.ClientSecret, goodCard)); r.Status != http.StatusOK {
		t.Fatalf("confirm: %d %s", r.Status, r.Body)
	}
	checkQuantityPaid(t, acct, s.ID, 3, 7958)
	if r, m := change(s.ClientSecret, acct.PublishableKey, `"line_item":"`+mug+`","quantity":1`); r.Status != http.StatusConflict ||
		m["error"].(map[string]any)["code"] != "checkout_session_complete" {
		t.Errorf("a paid session's change: %d %s", r.Status, r.Body)
	}
	if li := lineItems(t, acct, s.ID)[0]; li.Quantity != 3 {
		t.Errorf("a paid session's quantity changed to %d", li.Quantity)
	}
}

// While confirm's attempt awaits its 3-D Secure authentication,
// updateLineItemQuantity is refused as applyPromotionCode is.
func TestCustomLineItemQuantityWhileAuthenticating(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	promotionCoupon(t, acct)
	s := customQuantitySession(t, acct, true)
	mug := lineItems(t, acct, s.ID)[0].ID
	confirm := srv.doJSON(t, "/c/api/custom/"+s.ID+"/confirm", acct.PublishableKey, cardFields(s.ClientSecret, authCard))
	if m := decodeJSON(t, confirm); m["type"] != "requires_action" {
		t.Fatalf("confirm of a 3-D Secure card: %d %v", confirm.Status, m)
	}
	quantity := srv.doJSON(t, "/c/api/custom/"+s.ID+"/line_item_quantity", acct.PublishableKey,
		`{"client_secret":"`+s.ClientSecret+`","line_item":"`+mug+`","quantity":3}`)
	promotion := srv.doJSON(t, "/c/api/custom/"+s.ID+"/promotion_code", acct.PublishableKey,
		customJSON("client_secret", s.ClientSecret, "promotion_code", "SPRING"))
	q, p := decodeJSON(t, quantity)["error"].(map[string]any), decodeJSON(t, promotion)["error"].(map[string]any)
	if quantity.Status != http.StatusConflict || quantity.Status != promotion.Status || q["code"] != p["code"] ||
		q["code"] != "checkout_session_payment_in_progress" {
		t.Errorf("while authenticating: quantity %d %s, promotion code %d %s", quantity.Status, quantity.Body, promotion.Status, promotion.Body)
	}
	if got, _ := acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil); got.AmountTotal != 1320+3998 {
		t.Errorf("total after the refused change: %d", got.AmountTotal)
	}
}
