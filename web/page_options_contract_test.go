package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stripe/stripe-go/v82"
)

// setTermsURL publishes an account's terms of service, as the operator does
// with `till accounts update --terms-url`.
func setTermsURL(t *testing.T, srv *testServer, acct *account, u string) {
	t.Helper()
	a, err := srv.Store.FindAccount(bg, acct.ID)
	if err != nil {
		t.Fatal(err)
	}
	a.TermsURL = &u
	if err := srv.Store.UpdateAccount(bg, a); err != nil {
		t.Fatal(err)
	}
}

// optionsParams is basicSession with a custom field of each type, the
// terms of service to accept, tax ID collection and every custom text.
func optionsParams() *stripe.CheckoutSessionCreateParams {
	p := basicSession()
	p.CustomFields = []*stripe.CheckoutSessionCreateCustomFieldParams{
		{Key: stripe.String("engraving"), Type: stripe.String("text"),
			Label: &stripe.CheckoutSessionCreateCustomFieldLabelParams{Type: stripe.String("custom"), Custom: stripe.String("Engraving")},
			Text:  &stripe.CheckoutSessionCreateCustomFieldTextParams{MinimumLength: stripe.Int64(2), MaximumLength: stripe.Int64(20)}},
		{Key: stripe.String("floor"), Type: stripe.String("numeric"), Optional: stripe.Bool(true),
			Label:   &stripe.CheckoutSessionCreateCustomFieldLabelParams{Type: stripe.String("custom"), Custom: stripe.String("Floor")},
			Numeric: &stripe.CheckoutSessionCreateCustomFieldNumericParams{DefaultValue: stripe.String("1")}},
		{Key: stripe.String("size"), Type: stripe.String("dropdown"),
			Label: &stripe.CheckoutSessionCreateCustomFieldLabelParams{Type: stripe.String("custom"), Custom: stripe.String("Size")},
			Dropdown: &stripe.CheckoutSessionCreateCustomFieldDropdownParams{DefaultValue: stripe.String("M"),
				Options: []*stripe.CheckoutSessionCreateCustomFieldDropdownOptionParams{
					{Label: stripe.String("Small"), Value: stripe.String("S")}, {Label: stripe.String("Medium"), Value: stripe.String("M")}}}},
	}
	p.ConsentCollection = &stripe.CheckoutSessionCreateConsentCollectionParams{TermsOfService: stripe.String("required"),
		Promotions: stripe.String("auto")}
	p.TaxIDCollection = &stripe.CheckoutSessionCreateTaxIDCollectionParams{Enabled: stripe.Bool(true)}
	p.CustomText = &stripe.CheckoutSessionCreateCustomTextParams{
		Submit:                   &stripe.CheckoutSessionCreateCustomTextSubmitParams{Message: stripe.String("Ships **tomorrow**.")},
		AfterSubmit:              &stripe.CheckoutSessionCreateCustomTextAfterSubmitParams{Message: stripe.String("Questions? [Ask us](https://shop.example/help).")},
		ShippingAddress:          &stripe.CheckoutSessionCreateCustomTextShippingAddressParams{Message: stripe.String("No PO boxes.")},
		TermsOfServiceAcceptance: &stripe.CheckoutSessionCreateCustomTextTermsOfServiceAcceptanceParams{Message: stripe.String("I agree to the [terms](https://shop.example/terms).")},
	}
	return p
}

func TestCustomFieldsCreate(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	setTermsURL(t, srv, acct, "https://shop.example/terms")
	s, err := acct.Stripe.V1CheckoutSessions.Create(bg, optionsParams())
	if err != nil {
		t.Fatal(err)
	}
	got, err := acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.CustomFields) != 3 {
		t.Fatalf("custom_fields = %d, want 3", len(got.CustomFields))
	}
	text, num, drop := got.CustomFields[0], got.CustomFields[1], got.CustomFields[2]
	if text.Key != "engraving" || text.Type != "text" || text.Optional || text.Label.Type != "custom" || text.Label.Custom != "Engraving" ||
		text.Text == nil || text.Text.MinimumLength != 2 || text.Text.MaximumLength != 20 || text.Text.Value != "" || text.Numeric != nil {
		t.Errorf("text field = %+v %+v", text, text.Text)
	}
	if num.Type != "numeric" || !num.Optional || num.Numeric == nil || num.Numeric.DefaultValue != "1" {
		t.Errorf("numeric field = %+v", num)
	}
	if drop.Type != "dropdown" || drop.Dropdown == nil || len(drop.Dropdown.Options) != 2 || drop.Dropdown.Options[1].Label != "Medium" ||
		drop.Dropdown.DefaultValue != "M" || drop.Text != nil {
		t.Errorf("dropdown field = %+v", drop)
	}
	if c := got.ConsentCollection; c == nil || c.TermsOfService != "required" || c.Promotions != "auto" {
		t.Errorf("consent_collection = %+v", c)
	}
	if got.Consent != nil {
		t.Errorf("consent of an open session = %+v, want null", got.Consent)
	}
	if !got.TaxIDCollection.Enabled {
		t.Error("tax_id_collection.enabled = false")
	}
	ct := got.CustomText
	if ct.Submit == nil || ct.Submit.Message != "Ships **tomorrow**." || ct.AfterSubmit == nil || ct.ShippingAddress == nil ||
		ct.ShippingAddress.Message != "No PO boxes." || ct.TermsOfServiceAcceptance == nil {
		t.Errorf("custom_text = %+v", ct)
	}
	plain, err := acct.Stripe.V1CheckoutSessions.Create(bg, basicSession())
	if err != nil {
		t.Fatal(err)
	}
	raw := srv.do(t, "GET", "/v1/checkout/sessions/"+plain.ID, acct.SecretKey, "")
	var m map[string]any
	if err := json.Unmarshal([]byte(raw.Body), &m); err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{"custom_fields": `[]`, "consent": `null`, "consent_collection": `null`,
		"custom_text":       `{"after_submit":null,"shipping_address":null,"submit":null,"terms_of_service_acceptance":null}`,
		"tax_id_collection": `{"enabled":false,"required":"never"}`} {
		if got, _ := json.Marshal(m[key]); string(got) != want {
			t.Errorf("%s of a session without options = %s, want %s", key, got, want)
		}
	}
}

func TestCustomFieldErrors(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	base := form("mode", "payment", "success_url", "https://shop.example/ok", "line_items[0][quantity]", "1",
		"line_items[0][price_data][currency]", "usd", "line_items[0][price_data][unit_amount]", "1000",
		"line_items[0][price_data][product_data][name]", "Shirt")
	field := func(i, key, typ string, extra ...string) string {
		p := "custom_fields[" + i + "]"
		kv := []string{p + "[key]", key, p + "[type]", typ, p + "[label][type]", "custom", p + "[label][custom]", "Label"}
		for j := 0; j+1 < len(extra); j += 2 {
			kv = append(kv, p+extra[j], extra[j+1])
		}
		return form(kv...)
	}
	drop := []string{"[dropdown][options][0][label]", "Small", "[dropdown][options][0][value]", "S"}
	for _, tc := range []struct {
		name, extra, code, param string
	}{
		{"FourFields", field("0", "a", "text") + "&" + field("1", "b", "text") + "&" + field("2", "c", "text") + "&" + field("3", "d", "text"),
			"invalid_request", "custom_fields"},
		{"DuplicateKeys", field("0", "a", "text") + "&" + field("1", "a", "numeric"), "invalid_request", "custom_fields[1][key]"},
		{"KeyNotAlphanumeric", field("0", "gift-note", "text"), "invalid_request", "custom_fields[0][key]"},
		{"KeyTooLong", field("0", strings.Repeat("k", 201), "text"), "invalid_request", "custom_fields[0][key]"},
		{"NoKey", form("custom_fields[0][type]", "text", "custom_fields[0][label][type]", "custom", "custom_fields[0][label][custom]", "L"),
			"parameter_missing", "custom_fields[0][key]"},
		{"NoLabel", form("custom_fields[0][key]", "a", "custom_fields[0][type]", "text"), "parameter_missing", "custom_fields[0][label]"},
		{"LabelTooLong", field("0", "a", "text", "[label][custom]", strings.Repeat("l", 51)), "invalid_request", "custom_fields[0][label][custom]"},
		{"LabelType", field("0", "a", "text", "[label][type]", "standard"), "invalid_request", "custom_fields[0][label][type]"},
		{"BadType", field("0", "a", "date"), "invalid_request", "custom_fields[0][type]"},
		{"DropdownWithoutOptions", field("0", "a", "dropdown"), "parameter_missing", "custom_fields[0][dropdown][options]"},
		{"DropdownOnText", field("0", "a", "text", drop...), "invalid_request", "custom_fields[0][dropdown]"},
		{"DropdownDefaultNotAnOption", field("0", "a", "dropdown", append(drop, "[dropdown][default_value]", "L")...),
			"invalid_request", "custom_fields[0][dropdown][default_value]"},
		{"DuplicateOptions", field("0", "a", "dropdown", append(drop, "[dropdown][options][1][label]", "Small too",
			"[dropdown][options][1][value]", "S")...), "invalid_request", "custom_fields[0][dropdown][options][1][value]"},
		{"MinAboveMax", field("0", "a", "text", "[text][minimum_length]", "10", "[text][maximum_length]", "5"),
			"invalid_request", "custom_fields[0][text][minimum_length]"},
		{"MaxTooLarge", field("0", "a", "numeric", "[numeric][maximum_length]", "256"), "invalid_request", "custom_fields[0][numeric][maximum_length]"},
		{"UnknownParameter", field("0", "a", "text", "[text][pattern]", "x"), "parameter_unknown", "custom_fields[0][text][pattern]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := srv.do(t, "POST", "/v1/checkout/sessions", acct.SecretKey, base+"&"+tc.extra)
			wantRawErr(t, res, http.StatusBadRequest, "invalid_request_error", tc.code, tc.param)
		})
	}
}

func TestConsentCollection(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	p := basicSession()
	p.ConsentCollection = &stripe.CheckoutSessionCreateConsentCollectionParams{TermsOfService: stripe.String("required")}
	_, err := acct.Stripe.V1CheckoutSessions.Create(bg, p)
	e := stripeErr(t, err)
	if e.Param != "consent_collection[terms_of_service]" || !strings.HasPrefix(e.Msg,
		"You cannot collect consent to your terms of service unless a URL is set in the Stripe Dashboard.") {
		t.Errorf("without a terms URL: %+v", e)
	}
	p.ConsentCollection.TermsOfService = stripe.String("none")
	p.ConsentCollection.Promotions = stripe.String("none")
	if s, err := acct.Stripe.V1CheckoutSessions.Create(bg, p); err != nil || s.ConsentCollection.TermsOfService != "none" ||
		s.ConsentCollection.Promotions != "none" {
		t.Errorf("terms_of_service=none: %v %+v", err, s)
	}
	setTermsURL(t, srv, acct, "https://shop.example/terms")
	p.ConsentCollection.TermsOfService = stripe.String("required")
	if _, err := acct.Stripe.V1CheckoutSessions.Create(bg, p); err != nil {
		t.Errorf("with a terms URL: %v", err)
	}
	for _, tc := range []struct{ name, body, param string }{
		{"Terms", "consent_collection[terms_of_service]=always", "consent_collection[terms_of_service]"},
		{"Promotions", "consent_collection[promotions]=yes", "consent_collection[promotions]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := srv.do(t, "POST", "/v1/checkout/sessions", acct.SecretKey, form("mode", "payment", "success_url",
				"https://shop.example/ok", "line_items[0][quantity]", "1", "line_items[0][price_data][currency]", "usd",
				"line_items[0][price_data][unit_amount]", "1000", "line_items[0][price_data][product_data][name]", "Shirt")+"&"+tc.body)
			wantRawErr(t, res, http.StatusBadRequest, "invalid_request_error", "invalid_request", tc.param)
		})
	}
}

func TestTaxIDCollectionAndCustomTextErrors(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	base := form("mode", "payment", "success_url", "https://shop.example/ok", "line_items[0][quantity]", "1",
		"line_items[0][price_data][currency]", "usd", "line_items[0][price_data][unit_amount]", "1000",
		"line_items[0][price_data][product_data][name]", "Shirt")
	for _, tc := range []struct{ name, extra, code, param string }{
		{"TaxIDWithoutEnabled", form("tax_id_collection[required]", "never"), "parameter_missing", "tax_id_collection[enabled]"},
		{"TaxIDRequired", form("tax_id_collection[enabled]", "true", "tax_id_collection[required]", "if_supported"),
			"invalid_request", "tax_id_collection[required]"},
		{"CustomTextTooLong", form("custom_text[submit][message]", strings.Repeat("x", 1201)), "invalid_request", "custom_text[submit][message]"},
		{"CustomTextWithoutMessage", form("custom_text[after_submit][foo]", "x"), "parameter_unknown", "custom_text[after_submit][foo]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := srv.do(t, "POST", "/v1/checkout/sessions", acct.SecretKey, base+"&"+tc.extra)
			wantRawErr(t, res, http.StatusBadRequest, "invalid_request_error", tc.code, tc.param)
		})
	}
}

// The shopper's answers are on the completed session, and in its
// checkout.session.completed event.
func TestCustomFieldsConsentTaxIDCompleted(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	setTermsURL(t, srv, acct, "https://shop.example/terms")
	s, err := acct.Stripe.V1CheckoutSessions.Create(bg, optionsParams())
	if err != nil {
		t.Fatal(err)
	}
	body := url.Values{"csrf_token": {formToken(t, srv, s.ID)}, "email": {"ada@example.com"}, "cardNumber": {"4242424242424242"},
		"cardExpiry": {"12 / 34"}, "cardCvc": {"123"}, "billingName": {"Ada Lovelace"}, "billingCountry": {"US"},
		"billingPostalCode": {"94107"}, "custom_fields[engraving]": {"For Ada"}, "custom_fields[size]": {"S"},
		"termsOfServiceConsentCheckbox": {"accepted"}, "businessPurchase": {"1"}, "businessName": {"Engines Ltd"},
		"taxIdType": {"gb_vat"}, "taxId": {"GB 123 4567 89"}}.Encode()
	req, _ := http.NewRequest("POST", srv.URL+"/c/pay/"+s.ID, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := noRedirects.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit = %d", res.StatusCode)
	}
	done, err := acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	events := listEvents(t, acct, &stripe.EventListParams{Type: stripe.String("checkout.session.completed")})
	if len(events) != 1 {
		t.Fatalf("%d completed events", len(events))
	}
	var fromEvent stripe.CheckoutSession
	if err := json.Unmarshal(events[0].Data.Raw, &fromEvent); err != nil {
		t.Fatal(err)
	}
	for name, cs := range map[string]*stripe.CheckoutSession{"retrieved": done, "event": &fromEvent} {
		f := cs.CustomFields
		if len(f) != 3 || f[0].Text.Value != "For Ada" || f[1].Numeric.Value != "" || f[2].Dropdown.Value != "S" {
			t.Errorf("%s custom_fields = %+v %+v %+v", name, f[0].Text, f[1].Numeric, f[2].Dropdown)
		}
		if cs.Consent == nil || cs.Consent.TermsOfService != "accepted" || cs.Consent.Promotions != "" {
			t.Errorf("%s consent = %+v", name, cs.Consent)
		}
		d := cs.CustomerDetails
		if d == nil || len(d.TaxIDs) != 1 || d.TaxIDs[0].Type != "gb_vat" || d.TaxIDs[0].Value != "GB123456789" ||
			d.TaxExempt != "none" || d.Name != "Engines Ltd" {
			t.Errorf("%s customer_details = %+v", name, d)
		}
	}
}

// Custom sessions refuse custom fields and custom text, as Stripe's API
// reference says ("You can't set this parameter if ui_mode is custom"):
// Stripe.js gives the merchant's form no way to show or fill them.
func TestCustomModeRefusesCustomFields(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	setTermsURL(t, srv, acct, "https://shop.example/terms")
	withUIMode := func(mode string) *stripe.CheckoutSessionCreateParams {
		p := optionsParams()
		p.SuccessURL, p.CancelURL = nil, nil
		p.UIMode, p.ReturnURL = stripe.String(mode), stripe.String("https://shop.example/return")
		return p
	}
	p := withUIMode("custom")
	p.CustomText = nil
	_, err := acct.Stripe.V1CheckoutSessions.Create(bg, p)
	wantErr(t, err, http.StatusBadRequest, stripe.ErrorTypeInvalidRequest, "invalid_request", "custom_fields",
		"The following parameters are not supported with 'ui_mode: custom': custom_fields.")
	p = withUIMode("custom")
	p.CustomFields = nil
	_, err = acct.Stripe.V1CheckoutSessions.Create(bg, p)
	wantErr(t, err, http.StatusBadRequest, stripe.ErrorTypeInvalidRequest, "invalid_request", "custom_text",
		"The following parameters are not supported with 'ui_mode: custom': custom_text.")

	// In dahlia's spelling, both named at once.
	res := srv.do(t, "POST", "/v1/checkout/sessions", acct.SecretKey, form("mode", "payment", "ui_mode", "elements",
		"return_url", "https://shop.example/return", "line_items[0][price_data][currency]", "usd",
		"line_items[0][price_data][unit_amount]", "1999", "line_items[0][price_data][product_data][name]", "T-shirt",
		"line_items[0][quantity]", "1", "custom_fields[0][key]", "engraving", "custom_fields[0][type]", "text",
		"custom_fields[0][label][type]", "custom", "custom_fields[0][label][custom]", "Engraving",
		"custom_text[submit][message]", "Thanks"), "Stripe-Version", dahliaVersion)
	if e := wantRawErr(t, res, http.StatusBadRequest, "invalid_request_error", "invalid_request", "custom_fields"); e.Message !=
		"The following parameters are not supported with 'ui_mode: elements': custom_fields, custom_text." {
		t.Errorf("dahlia message = %q", e.Message)
	}

	// The embedded page shows them, as the hosted one does.
	if _, err := acct.Stripe.V1CheckoutSessions.Create(bg, withUIMode("embedded")); err != nil {
		t.Errorf("embedded session with custom fields and text: %v", err)
	}
}

// customOptionsSession is a custom session asking for consent to the
// terms of service and offering tax ID collection: what custom mode takes
// of the page options.
func customOptionsSession(t *testing.T, acct *account) *stripe.CheckoutSession {
	t.Helper()
	p := basicSession()
	p.SuccessURL, p.CancelURL, p.UIMode = nil, nil, stripe.String("custom")
	p.ReturnURL = stripe.String("https://shop.example/return")
	p.ConsentCollection = &stripe.CheckoutSessionCreateConsentCollectionParams{TermsOfService: stripe.String("required")}
	p.TaxIDCollection = &stripe.CheckoutSessionCreateTaxIDCollectionParams{Enabled: stripe.Bool(true)}
	s, err := acct.Stripe.V1CheckoutSessions.Create(bg, p)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Custom mode's Terms Element: a frame that shows nothing of the session
// until its client secret is posted, then the box linking to the account's
// terms; nothing for a session that asks for no consent.
func TestCustomTermsElement(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	setTermsURL(t, srv, acct, "https://shop.example/terms")
	s := customOptionsSession(t, acct)
	path := "/c/custom/" + s.ID + "/terms"
	shell := srv.do(t, "GET", path, "", "")
	if shell.Status != http.StatusOK || !strings.Contains(shell.Body, `action="`+path+`"`) ||
		strings.Contains(shell.Body, "shop.example") || !strings.Contains(frameAncestors(shell), "*") {
		t.Errorf("shell: %d %s %.300s", shell.Status, frameAncestors(shell), shell.Body)
	}
	for name, secret := range map[string]string{"missing": "", "wrong": s.ID + "_secret_" + strings.Repeat("A", 43)} {
		if r := srv.do(t, "POST", path, "", form("client_secret", secret), sameOriginHeaders...); r.Status != http.StatusNotFound ||
			strings.Contains(r.Body, "shop.example") {
			t.Errorf("%s secret: %d", name, r.Status)
		}
	}
	if r := srv.do(t, "POST", path, "", form("client_secret", s.ClientSecret), "Sec-Fetch-Site", "cross-site"); r.Status != http.StatusForbidden {
		t.Errorf("cross-site post: %d", r.Status)
	}
	r := srv.do(t, "POST", path, "", form("client_secret", s.ClientSecret), sameOriginHeaders...)
	if r.Status != http.StatusOK || !strings.Contains(r.Body, `id="termsOfServiceConsentCheckbox"`) ||
		!strings.Contains(r.Body, `href="https://shop.example/terms"`) || strings.Contains(r.Body, " checked") {
		t.Errorf("the box: %d %.500s", r.Status, r.Body)
	}
	plain := customSession(t, acct)
	if r := srv.do(t, "POST", "/c/custom/"+plain.ID+"/terms", "", form("client_secret", plain.ClientSecret), sameOriginHeaders...); r.Status != http.StatusOK ||
		strings.Contains(r.Body, "termsOfServiceConsentCheckbox") {
		t.Errorf("a session without consent: %d", r.Status)
	}
	if r := srv.do(t, "GET", "/c/custom/"+browserSessionAt(t, acct).ID+"/terms", "", ""); r.Status != http.StatusNotFound {
		t.Errorf("a hosted session's Terms Element: %d", r.Status)
	}
}

// Custom mode's updateTaxIdInfo and Terms Element reach the completed
// session: the tax ID checked by update (Stripe.js's invalidTaxId), shown
// as session().taxIdInfo, and sent with the box's consent to confirm,
// which refuses the payment without it.
func TestCustomTaxIDAndConsent(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	setTermsURL(t, srv, acct, "https://shop.example/terms")
	s := customOptionsSession(t, acct)
	update := "/c/api/custom/" + s.ID + "/update"

	r := srv.doJSON(t, update, acct.PublishableKey, customJSON("client_secret", s.ClientSecret, "business_name", "Engines Ltd",
		"tax_id_type", "gb_vat", "tax_id", "12"))
	if e, _ := decodeJSON(t, r)["error"].(map[string]any); r.Status != http.StatusUnprocessableEntity || e["code"] != "invalidTaxId" {
		t.Errorf("an invalid tax ID: %d %s", r.Status, r.Body)
	}
	tax := []string{"business_name", "Engines Ltd", "tax_id_type", "gb_vat", "tax_id", "GB 123 4567 89"}
	r = srv.doJSON(t, update, acct.PublishableKey, customJSON(append([]string{"client_secret", s.ClientSecret}, tax...)...))
	m := decodeJSON(t, r)
	info, _ := m["taxIdInfo"].(map[string]any)
	if id, _ := info["taxId"].(map[string]any); r.Status != http.StatusOK || m["businessName"] != "Engines Ltd" ||
		info["businessName"] != "Engines Ltd" || id["type"] != "gb_vat" || id["value"] != "GB123456789" {
		t.Errorf("updateTaxIdInfo: %d %s", r.Status, r.Body)
	}
	if m := decodeJSON(t, srv.doJSON(t, update, acct.PublishableKey, customJSON("client_secret", s.ClientSecret))); m["taxIdInfo"] != nil || m["businessName"] != nil {
		t.Errorf("updateTaxIdInfo(null): %v %v", m["taxIdInfo"], m["businessName"])
	}
	plain := customSession(t, acct)
	r = srv.doJSON(t, "/c/api/custom/"+plain.ID+"/update", acct.PublishableKey, customJSON(append([]string{"client_secret", plain.ClientSecret}, tax...)...))
	if e, _ := decodeJSON(t, r)["error"].(map[string]any); r.Status != http.StatusUnprocessableEntity || e["code"] != nil {
		t.Errorf("a tax ID on a session without tax ID collection: %d %s", r.Status, r.Body)
	}

	card := func(extra ...string) string {
		return customJSON(append([]string{"client_secret", s.ClientSecret, "email", testEmail, "card_number", goodCard,
			"card_expiry", "12 / 34", "card_cvc", "123", "card_name", testCardholder, "country", "GB", "postal_code", "SW1A 1AA"}, extra...)...)
	}
	confirm := "/c/api/custom/" + s.ID + "/confirm"
	r = srv.doJSON(t, confirm, acct.PublishableKey, card(tax...))
	e, _ := decodeJSON(t, r)["error"].(map[string]any)
	if fields, _ := e["fields"].(map[string]any); r.Status != http.StatusUnprocessableEntity || fields["terms_of_service"] == nil {
		t.Fatalf("confirm without consent: %d %s", r.Status, r.Body)
	}
	r = srv.doJSON(t, confirm, acct.PublishableKey, card(append(tax, "terms_of_service", "accepted")...))
	m = decodeJSON(t, r)
	if session, _ := m["session"].(map[string]any); r.Status != http.StatusOK || session["taxIdInfo"] == nil {
		t.Fatalf("confirm: %d %s", r.Status, r.Body)
	}
	done, err := acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if done.Status != "complete" || done.Consent == nil || done.Consent.TermsOfService != "accepted" {
		t.Errorf("completed session: %s consent %+v", done.Status, done.Consent)
	}
	if d := done.CustomerDetails; d == nil || len(d.TaxIDs) != 1 || d.TaxIDs[0].Type != "gb_vat" || d.TaxIDs[0].Value != "GB123456789" ||
		d.Name != "Engines Ltd" {
		t.Errorf("customer_details = %+v", d)
	}
}

// A session that ships and asks for a custom field and the terms of
// service (its custom_text[shipping_address] under the shipping address), paid on the hosted page with the billing address the shipping
// one: the completed session has the shipping details, the field's value
// and the consent, and its total the chosen option's shipping.
func TestPageOptionsWithShipping(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	setTermsURL(t, srv, acct, "https://shop.example/terms")
	p, ground := shippingSession(t, acct)
	p.ShippingOptions = p.ShippingOptions[:1]
	p.CustomFields = []*stripe.CheckoutSessionCreateCustomFieldParams{
		{Key: stripe.String("engraving"), Type: stripe.String("text"),
			Label: &stripe.CheckoutSessionCreateCustomFieldLabelParams{Type: stripe.String("custom"), Custom: stripe.String("Engraving")}},
	}
	p.ConsentCollection = &stripe.CheckoutSessionCreateConsentCollectionParams{TermsOfService: stripe.String("required")}
	p.CustomText = &stripe.CheckoutSessionCreateCustomTextParams{
		ShippingAddress: &stripe.CheckoutSessionCreateCustomTextShippingAddressParams{Message: stripe.String("No **PO boxes**.")}}
	s, err := acct.Stripe.V1CheckoutSessions.Create(bg, p)
	if err != nil {
		t.Fatal(err)
	}
	if s.AmountTotal != 3998+500 || s.TotalDetails.AmountShipping != 500 {
		t.Fatalf("created: total %d shipping %d", s.AmountTotal, s.TotalDetails.AmountShipping)
	}
	page := srv.do(t, "GET", "/c/pay/"+s.ID, "", "")
	for _, want := range []string{`id="shippingName"`, `name="shippingRate" value="` + ground.ID + `" checked`,
		`name="custom_fields[engraving]"`, `id="termsOfServiceConsentCheckbox"`, `data-testid="total">$44.98<`, `data-testid="custom-text-shipping-address">`, `No <strong>PO boxes</strong>.`} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	shopper := url.Values{"csrf_token": {csrfPattern.FindStringSubmatch(page.Body)[1]}, "email": {"ada@example.com"},
		"cardNumber": {goodCard}, "cardExpiry": {"12 / 34"}, "cardCvc": {"123"}, "billingName": {"Ada Lovelace"},
		"shippingName": {"Ada Lovelace"}, "shippingCountry": {"US"}, "shippingAddressLine1": {"1 Market St"},
		"shippingLocality": {"San Francisco"}, "shippingAdministrativeArea": {"CA"}, "shippingPostalCode": {"94107"},
		"sameAsShipping": {"on"}, "shippingRate": {ground.ID}}

	// Without the field's value and the consent, the page says so, and the
	// shipping address stays as typed.
	res := postPage(t, srv, "/c/pay/"+s.ID, pairs(shopper)...)
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `href="#customField-engraving"`) ||
		!strings.Contains(res.Body, `href="#termsOfServiceConsentCheckbox"`) || !strings.Contains(res.Body, `value="1 Market St"`) {
		t.Fatalf("without the field and the consent: %d", res.Status)
	}

	shopper.Set("custom_fields[engraving]", "For Ada")
	shopper.Set("termsOfServiceConsentCheckbox", "accepted")
	if res := postPage(t, srv, "/c/pay/"+s.ID, pairs(shopper)...); res.Status != http.StatusSeeOther {
		t.Fatalf("pay: %d %s", res.Status, res.Body)
	}
	paid, err := acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if paid.Status != "complete" || paid.AmountTotal != 4498 || paid.TotalDetails.AmountShipping != 500 ||
		paid.ShippingCost == nil || paid.ShippingCost.ShippingRate.ID != ground.ID {
		t.Errorf("paid: %s total %d shipping %+v", paid.Status, paid.AmountTotal, paid.ShippingCost)
	}
	if d := paid.CollectedInformation.ShippingDetails; d == nil || d.Name != "Ada Lovelace" || d.Address.Line1 != "1 Market St" ||
		d.Address.PostalCode != "94107" {
		t.Errorf("shipping details %+v", d)
	}
	if a := paid.CustomerDetails.Address; a == nil || a.Country != "US" || a.PostalCode != "94107" {
		t.Errorf("billing address %+v, want the shipping one", a)
	}
	if f := paid.CustomFields; len(f) != 1 || f[0].Text == nil || f[0].Text.Value != "For Ada" {
		t.Errorf("custom_fields = %+v", f)
	}
	if paid.Consent == nil || paid.Consent.TermsOfService != "accepted" {
		t.Errorf("consent = %+v", paid.Consent)
	}
	if pi, _ := latestCharge(t, acct, paid.PaymentIntent.ID); pi.Amount != 4498 || pi.Shipping == nil || pi.Shipping.Name != "Ada Lovelace" {
		t.Errorf("payment intent: amount %d shipping %+v", pi.Amount, pi.Shipping)
	}
}
