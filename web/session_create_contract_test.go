package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v82"
)

// TestSessionCreateEveryParameter creates one session with every parameter
// of the seed through stripe-go and reads each back.
func TestSessionCreateEveryParameter(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)

	prod, err := acct.Stripe.V1Products.Create(bg, &stripe.ProductCreateParams{Name: stripe.String("Mug")})
	if err != nil {
		t.Fatal(err)
	}
	price, err := acct.Stripe.V1Prices.Create(bg, &stripe.PriceCreateParams{
		Currency: stripe.String("usd"), UnitAmount: stripe.Int64(1000), Product: stripe.String(prod.ID)})
	if err != nil {
		t.Fatal(err)
	}
	expiresAt := time.Now().Add(2 * time.Hour).Unix()
	ref := repeat("r", 200)
	p := &stripe.CheckoutSessionCreateParams{
		Mode:       stripe.String("payment"),
		SuccessURL: stripe.String("https://shop.example/ok?id={CHECKOUT_SESSION_ID}"),
		CancelURL:  stripe.String("https://shop.example/cart"),
		UIMode:     stripe.String("hosted"),
		LineItems: []*stripe.CheckoutSessionCreateLineItemParams{
			{Price: stripe.String(price.ID), Quantity: stripe.Int64(1)},
			{Quantity: stripe.Int64(3), PriceData: &stripe.CheckoutSessionCreateLineItemPriceDataParams{
				Currency: stripe.String("usd"), UnitAmount: stripe.Int64(500), Product: stripe.String(prod.ID)}},
			{Quantity: stripe.Int64(1),
				AdjustableQuantity: &stripe.CheckoutSessionCreateLineItemAdjustableQuantityParams{
					Enabled: stripe.Bool(true), Minimum: stripe.Int64(1), Maximum: stripe.Int64(10)},
				PriceData: &stripe.CheckoutSessionCreateLineItemPriceDataParams{
					Currency: stripe.String("usd"), UnitAmount: stripe.Int64(1999),
					ProductData: &stripe.CheckoutSessionCreateLineItemPriceDataProductDataParams{
						Name:        stripe.String("T-shirt"),
						Description: stripe.String("Organic cotton, size M"),
						Images:      ptrs("https://img.example/1.png", "https://img.example/2.png"),
						Metadata:    map[string]string{"sku": "TS-M"},
					}}},
			{Quantity: stripe.Int64(2), PriceData: &stripe.CheckoutSessionCreateLineItemPriceDataParams{
				Currency: stripe.String("usd"), UnitAmountDecimal: stripe.Float64(12.5),
				ProductData: &stripe.CheckoutSessionCreateLineItemPriceDataProductDataParams{Name: stripe.String("Sticker")}}},
		},
		CustomerEmail:            stripe.String("jenny@example.com"),
		CustomerCreation:         stripe.String("always"),
		BillingAddressCollection: stripe.String("required"),
		ClientReferenceID:        stripe.String(ref),
		PaymentIntentData: &stripe.CheckoutSessionCreatePaymentIntentDataParams{
			Description:               stripe.String("Order 42"),
			Metadata:                  map[string]string{"order": "42"},
			CaptureMethod:             stripe.String("manual"),
			ReceiptEmail:              stripe.String("receipts@example.com"),
			StatementDescriptor:       stripe.String("SHOP EXAMPLE"),
			StatementDescriptorSuffix: stripe.String("ORDER 42"),
			SetupFutureUsage:          stripe.String("off_session"),
			Shipping: &stripe.ShippingDetailsParams{Name: stripe.String("Jenny Rosen"), Phone: stripe.String("+15555550100"),
				Address: &stripe.AddressParams{Line1: stripe.String("1 Main St"), City: stripe.String("Springfield"),
					PostalCode: stripe.String("12345"), Country: stripe.String("US")}},
		},
		Currency:              stripe.String("usd"),
		ExpiresAt:             stripe.Int64(expiresAt),
		Metadata:              map[string]string{"cart": "c_1", "a b": "c&d"},
		Locale:                stripe.String("fr"),
		SubmitType:            stripe.String("donate"),
		PhoneNumberCollection: &stripe.CheckoutSessionCreatePhoneNumberCollectionParams{Enabled: stripe.Bool(true)},
		PaymentMethodTypes:    ptrs("card"),
	}
	p.AddExpand("line_items")
	s, err := acct.Stripe.V1CheckoutSessions.Create(bg, p)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("OK", func(t *testing.T) {
		const total = 1000 + 3*500 + 1999 + 25
		if s.AmountSubtotal != total || s.AmountTotal != total || s.Currency != "usd" {
			t.Errorf("amounts = %d/%d %s, want %d usd", s.AmountSubtotal, s.AmountTotal, s.Currency, total)
		}
		if s.TotalDetails == nil || s.TotalDetails.AmountDiscount != 0 || s.TotalDetails.AmountTax != 0 {
			t.Errorf("total_details = %+v", s.TotalDetails)
		}
		if s.Mode != stripe.CheckoutSessionModePayment || s.UIMode != stripe.CheckoutSessionUIModeHosted ||
			s.Status != stripe.CheckoutSessionStatusOpen || s.PaymentStatus != stripe.CheckoutSessionPaymentStatusUnpaid {
			t.Errorf("mode/ui_mode/status = %s/%s/%s/%s", s.Mode, s.UIMode, s.Status, s.PaymentStatus)
		}
		if s.SuccessURL != *p.SuccessURL || s.CancelURL != *p.CancelURL || !sessionURLPattern(srv.URL, s.ID).MatchString(s.URL) || s.ClientSecret != "" {
			t.Errorf("urls = success %q cancel %q url %q secret %q", s.SuccessURL, s.CancelURL, s.URL, s.ClientSecret)
		}
		if s.CustomerEmail != "jenny@example.com" || s.CustomerCreation != "always" || s.Customer != nil {
			t.Errorf("customer = %q %q %v", s.CustomerEmail, s.CustomerCreation, s.Customer)
		}
		if s.BillingAddressCollection != "required" || s.ClientReferenceID != ref || s.Locale != "fr" ||
			s.SubmitType != "donate" || s.PhoneNumberCollection == nil || !s.PhoneNumberCollection.Enabled {
			t.Errorf("options = %q %q %q %q %+v", s.BillingAddressCollection, s.ClientReferenceID, s.Locale, s.SubmitType, s.PhoneNumberCollection)
		}
		if s.ExpiresAt != expiresAt || s.Livemode {
			t.Errorf("expires_at = %d, want %d; livemode %v", s.ExpiresAt, expiresAt, s.Livemode)
		}
		if len(s.Metadata) != 2 || s.Metadata["cart"] != "c_1" || s.Metadata["a b"] != "c&d" {
			t.Errorf("metadata = %v", s.Metadata)
		}
		if strings.Join(s.PaymentMethodTypes, ",") != "card" || s.PaymentIntent != nil {
			t.Errorf("payment_method_types = %v, payment_intent = %v", s.PaymentMethodTypes, s.PaymentIntent)
		}
	})

	t.Run("OKLineItems", func(t *testing.T) {
		if s.LineItems == nil || len(s.LineItems.Data) != 4 || s.LineItems.HasMore ||
			s.LineItems.URL != "/v1/checkout/sessions/"+s.ID+"/line_items" {
			t.Fatalf("line_items = %+v", s.LineItems)
		}
		want := []struct {
			desc       string
			qty, total int64
		}{{"Mug", 1, 1000}, {"Mug", 3, 1500}, {"T-shirt", 1, 1999}, {"Sticker", 2, 25}}
		for i, li := range s.LineItems.Data {
			if li.Object != "item" || !strings.HasPrefix(li.ID, "li_") || li.Description != want[i].desc ||
				li.Quantity != want[i].qty || li.AmountSubtotal != want[i].total || li.AmountTotal != want[i].total ||
				li.Currency != "usd" || li.Price == nil {
				t.Errorf("line %d = %+v, want %+v", i, li, want[i])
			}
		}
		if got := s.LineItems.Data[0].Price; got.ID != price.ID || got.Product.ID != prod.ID {
			t.Errorf("line 0 price = %s of %s, want %s of %s", got.ID, got.Product.ID, price.ID, prod.ID)
		}
		if got := s.LineItems.Data[1].Price; got.ID == price.ID || got.Product.ID != prod.ID || got.UnitAmount != 500 {
			t.Errorf("line 1 price = %+v, want a new price of %s", got, prod.ID)
		}
		if got := s.LineItems.Data[3].Price; got.UnitAmountDecimal != 12.5 || got.Currency != "usd" {
			t.Errorf("line 3 unit_amount_decimal = %v %s, want 12.5 usd", got.UnitAmountDecimal, got.Currency)
		}
	})

	t.Run("OKInlineProduct", func(t *testing.T) {
		id := s.LineItems.Data[2].Price.Product.ID
		got, err := acct.Stripe.V1Products.Retrieve(bg, id, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "T-shirt" || got.Description != "Organic cotton, size M" ||
			strings.Join(got.Images, " ") != "https://img.example/1.png https://img.example/2.png" || got.Metadata["sku"] != "TS-M" {
			t.Errorf("product_data became %+v", got)
		}
	})

	t.Run("OKRetrieve", func(t *testing.T) {
		got, err := acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got.AmountTotal != s.AmountTotal || got.ClientReferenceID != ref || got.Metadata["a b"] != "c&d" ||
			got.ExpiresAt != expiresAt || got.LineItems != nil {
			t.Errorf("retrieved = %+v", got)
		}
	})
}

func TestSessionCreateOptions(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	other := srv.newAccount(t)
	cust, err := acct.Stripe.V1Customers.Create(bg, &stripe.CustomerCreateParams{Email: stripe.String("c@example.com"), Name: stripe.String("C")})
	if err != nil {
		t.Fatal(err)
	}

	t.Run("OKCustomer", func(t *testing.T) {
		p := basicSession()
		p.Customer = stripe.String(cust.ID)
		s, err := acct.Stripe.V1CheckoutSessions.Create(bg, p)
		if err != nil {
			t.Fatal(err)
		}
		if s.Customer == nil || s.Customer.ID != cust.ID {
			t.Fatalf("customer = %+v, want %s", s.Customer, cust.ID)
		}
		rp := &stripe.CheckoutSessionRetrieveParams{}
		rp.AddExpand("customer")
		got, err := acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, rp)
		if err != nil {
			t.Fatal(err)
		}
		if got.Customer == nil || got.Customer.ID != cust.ID || got.Customer.Email != "c@example.com" || got.Customer.Name != "C" {
			t.Errorf("expanded customer = %+v", got.Customer)
		}
	})

	t.Run("OKExpandWithoutCustomerOrPayment", func(t *testing.T) {
		p := basicSession()
		p.AddExpand("customer")
		p.AddExpand("payment_intent")
		p.AddExpand("line_items")
		s, err := acct.Stripe.V1CheckoutSessions.Create(bg, p)
		if err != nil {
			t.Fatal(err)
		}
		if s.Customer != nil || s.PaymentIntent != nil || s.LineItems == nil || len(s.LineItems.Data) != 1 {
			t.Errorf("customer %v payment_intent %v line_items %+v", s.Customer, s.PaymentIntent, s.LineItems)
		}
	})

	t.Run("OKCustomerCreationIfRequired", func(t *testing.T) {
		p := basicSession()
		p.CustomerCreation = stripe.String("if_required")
		p.BillingAddressCollection = stripe.String("auto")
		p.SubmitType = stripe.String("pay")
		p.Locale = stripe.String("auto")
		s, err := acct.Stripe.V1CheckoutSessions.Create(bg, p)
		if err != nil {
			t.Fatal(err)
		}
		if s.CustomerCreation != "if_required" || s.BillingAddressCollection != "auto" || s.SubmitType != "pay" || s.Locale != "auto" {
			t.Errorf("session = %q %q %q %q", s.CustomerCreation, s.BillingAddressCollection, s.SubmitType, s.Locale)
		}
	})

	t.Run("OKDefaults", func(t *testing.T) {
		res := srv.do(t, "POST", "/v1/checkout/sessions", acct.SecretKey, rawSession())
		m := object(t, res)
		for _, k := range []string{"client_secret", "customer", "customer_email", "payment_intent", "locale",
			"submit_type", "client_reference_id", "cancel_url", "billing_address_collection"} {
			if v, ok := m[k]; !ok || v != nil {
				t.Errorf("%s = %v (present %v), want null", k, v, ok)
			}
		}
		if m["customer_creation"] != "if_required" || m["ui_mode"] != "hosted" || m["livemode"] != false {
			t.Errorf("defaults: customer_creation %v ui_mode %v livemode %v", m["customer_creation"], m["ui_mode"], m["livemode"])
		}
		if created, expires := m["created"].(float64), m["expires_at"].(float64); expires-created != 24*60*60 {
			t.Errorf("expires_at - created = %v, want 24 h", expires-created)
		}
		if md, ok := m["metadata"].(map[string]any); !ok || len(md) != 0 {
			t.Errorf("metadata = %v, want {}", m["metadata"])
		}
	})

	for _, tc := range []struct {
		name, uiMode, redirect, returnURL string
	}{
		{"OKEmbedded", "embedded", "", "https://shop.example/return?id={CHECKOUT_SESSION_ID}"},
		{"OKEmbeddedAlways", "embedded", "always", "https://shop.example/return"},
		{"OKEmbeddedIfRequired", "embedded", "if_required", "https://shop.example/return"},
		{"OKEmbeddedNever", "embedded", "never", ""},
		{"OKCustom", "custom", "", "https://shop.example/return"},
		{"OKCustomNever", "custom", "never", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := basicSession()
			p.SuccessURL, p.CancelURL = nil, nil
			p.UIMode = stripe.String(tc.uiMode)
			if tc.redirect != "" {
				p.RedirectOnCompletion = stripe.String(tc.redirect)
			}
			if tc.returnURL != "" {
				p.ReturnURL = stripe.String(tc.returnURL)
			}
			s, err := acct.Stripe.V1CheckoutSessions.Create(bg, p)
			if err != nil {
				t.Fatal(err)
			}
			wantRedirect := tc.redirect
			if wantRedirect == "" {
				wantRedirect = "always"
			}
			if string(s.UIMode) != tc.uiMode || s.ReturnURL != tc.returnURL || string(s.RedirectOnCompletion) != wantRedirect {
				t.Errorf("ui_mode %q return_url %q redirect_on_completion %q", s.UIMode, s.ReturnURL, s.RedirectOnCompletion)
			}
			secret, ok := strings.CutPrefix(s.ClientSecret, s.ID+"_secret_")
			if !ok || secret == "" {
				t.Errorf("client_secret = %q, want %s_secret_…", s.ClientSecret, s.ID)
			}
			raw := object(t, srv.do(t, "GET", "/v1/checkout/sessions/"+s.ID, acct.SecretKey, ""))
			if v, ok := raw["url"]; !ok || v != nil {
				t.Errorf("url = %v (present %v), want null", v, ok)
			}
			if v, ok := raw["success_url"]; !ok || v != nil {
				t.Errorf("success_url = %v, want null", v)
			}
			if raw["client_secret"] != s.ClientSecret {
				t.Errorf("retrieved client_secret = %v, want %s", raw["client_secret"], s.ClientSecret)
			}
		})
	}

	t.Run("OKPaymentMethodTypesCard", func(t *testing.T) {
		p := basicSession()
		p.PaymentMethodTypes = ptrs("card")
		s, err := acct.Stripe.V1CheckoutSessions.Create(bg, p)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(s.PaymentMethodTypes, ",") != "card" {
			t.Errorf("payment_method_types = %v", s.PaymentMethodTypes)
		}
	})

	t.Run("ErrCustomerOfOtherAccount", func(t *testing.T) {
		p := basicSession()
		p.Customer = stripe.String(cust.ID)
		_, err := other.Stripe.V1CheckoutSessions.Create(bg, p)
		wantErr(t, err, 400, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeResourceMissing, "customer", "No such customer: '"+cust.ID+"'")
	})

	t.Run("ErrDeletedCustomer", func(t *testing.T) {
		c, err := acct.Stripe.V1Customers.Create(bg, &stripe.CustomerCreateParams{Email: stripe.String("gone@example.com")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := acct.Stripe.V1Customers.Delete(bg, c.ID, nil); err != nil {
			t.Fatal(err)
		}
		p := basicSession()
		p.Customer = stripe.String(c.ID)
		_, err = acct.Stripe.V1CheckoutSessions.Create(bg, p)
		wantErr(t, err, 400, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeResourceMissing, "customer", "No such customer: '"+c.ID+"'")
	})
}

// TestSessionCreateErrors covers the create rules, each with the SDK's
// encoding of a basic hosted session changed in one place.
func TestSessionCreateErrors(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	prod, err := acct.Stripe.V1Products.Create(bg, &stripe.ProductCreateParams{Name: stripe.String("Mug")})
	if err != nil {
		t.Fatal(err)
	}
	price, err := acct.Stripe.V1Prices.Create(bg, &stripe.PriceCreateParams{
		Currency: stripe.String("usd"), UnitAmount: stripe.Int64(1000), Product: stripe.String(prod.ID)})
	if err != nil {
		t.Fatal(err)
	}
	pd := func(p *stripe.CheckoutSessionCreateParams) *stripe.CheckoutSessionCreateLineItemPriceDataParams {
		return p.LineItems[0].PriceData
	}
	embedded := func(p *stripe.CheckoutSessionCreateParams, mode string) {
		p.SuccessURL, p.CancelURL = nil, nil
		p.UIMode = stripe.String(mode)
		p.ReturnURL = stripe.String("https://shop.example/return")
	}
	now := time.Now()
	const invalid = stripe.ErrorTypeInvalidRequest
	for _, tc := range []struct {
		name   string
		change func(p *stripe.CheckoutSessionCreateParams)
		code   stripe.ErrorCode
		param  string
		msg    string
	}{
		{"ErrMissingLineItems", func(p *stripe.CheckoutSessionCreateParams) { p.LineItems = nil },
			stripe.ErrorCodeParameterMissing, "line_items", "Missing required param: line_items."},
		{"ErrMissingMode", func(p *stripe.CheckoutSessionCreateParams) { p.Mode = nil },
			stripe.ErrorCodeParameterMissing, "mode", "Missing required param: mode."},
		{"ErrModeSetup", func(p *stripe.CheckoutSessionCreateParams) { p.Mode = stripe.String("setup") },
			anyCode, "mode", "mode=payment"},
		{"ErrModeSubscription", func(p *stripe.CheckoutSessionCreateParams) { p.Mode = stripe.String("subscription") },
			anyCode, "mode", "mode=payment"},
		{"ErrModeUnknown", func(p *stripe.CheckoutSessionCreateParams) { p.Mode = stripe.String("rental") },
			anyCode, "mode", ""},
		{"ErrHostedWithoutSuccessURL", func(p *stripe.CheckoutSessionCreateParams) { p.SuccessURL = nil },
			stripe.ErrorCodeParameterMissing, "success_url", "Missing required param: success_url."},
		{"ErrHostedWithReturnURL", func(p *stripe.CheckoutSessionCreateParams) { p.ReturnURL = stripe.String("https://shop.example/r") },
			anyCode, "return_url", "not supported with 'ui_mode: hosted'"},
		{"ErrCustomWithSuccessURL", func(p *stripe.CheckoutSessionCreateParams) {
			embedded(p, "custom")
			p.SuccessURL = stripe.String("https://shop.example/ok")
		}, anyCode, "success_url", "The following parameters are not supported with 'ui_mode: custom': success_url."},
		{"ErrCustomWithSuccessAndCancelURL", func(p *stripe.CheckoutSessionCreateParams) {
			embedded(p, "custom")
			p.SuccessURL = stripe.String("https://shop.example/ok")
			p.CancelURL = stripe.String("https://shop.example/cart")
		}, anyCode, "cancel_url", "The following parameters are not supported with 'ui_mode: custom': cancel_url, success_url."},
		{"ErrEmbeddedWithSuccessURL", func(p *stripe.CheckoutSessionCreateParams) {
			embedded(p, "embedded")
			p.SuccessURL = stripe.String("https://shop.example/ok")
		}, anyCode, "success_url", "not supported with 'ui_mode: embedded'"},
		{"ErrEmbeddedWithoutReturnURL", func(p *stripe.CheckoutSessionCreateParams) {
			embedded(p, "embedded")
			p.ReturnURL = nil
		}, stripe.ErrorCodeParameterMissing, "return_url", "Missing required param: return_url."},
		{"ErrEmbeddedIfRequiredWithoutReturnURL", func(p *stripe.CheckoutSessionCreateParams) {
			embedded(p, "embedded")
			p.ReturnURL = nil
			p.RedirectOnCompletion = stripe.String("if_required")
		}, stripe.ErrorCodeParameterMissing, "return_url", "Missing required param: return_url."},
		{"ErrEmbeddedNeverWithReturnURL", func(p *stripe.CheckoutSessionCreateParams) {
			embedded(p, "embedded")
			p.RedirectOnCompletion = stripe.String("never")
		}, anyCode, "return_url", ""},
		{"ErrRedirectOnCompletionUnknown", func(p *stripe.CheckoutSessionCreateParams) {
			embedded(p, "embedded")
			p.RedirectOnCompletion = stripe.String("sometimes")
		}, anyCode, "redirect_on_completion", ""},
		{"ErrUIModeUnknown", func(p *stripe.CheckoutSessionCreateParams) { p.UIMode = stripe.String("popup") },
			anyCode, "ui_mode", ""},
		{"ErrCustomerAndCustomerEmail", func(p *stripe.CheckoutSessionCreateParams) {
			p.Customer = stripe.String("cus_123")
			p.CustomerEmail = stripe.String("a@example.com")
		}, stripe.ErrorCodeParametersExclusive, "customer", "You may only specify one of these parameters: customer, customer_email."},
		{"ErrCustomerAndCustomerCreation", func(p *stripe.CheckoutSessionCreateParams) {
			p.Customer = stripe.String("cus_123")
			p.CustomerCreation = stripe.String("always")
		}, stripe.ErrorCodeParametersExclusive, "customer", "You may only specify one of these parameters: customer, customer_creation."},
		{"ErrUnknownCustomer", func(p *stripe.CheckoutSessionCreateParams) { p.Customer = stripe.String("cus_nope") },
			stripe.ErrorCodeResourceMissing, "customer", "No such customer: 'cus_nope'"},
		{"ErrPriceAndPriceData", func(p *stripe.CheckoutSessionCreateParams) { p.LineItems[0].Price = stripe.String(price.ID) },
			stripe.ErrorCodeParametersExclusive, "line_items[0][price]", "You may only specify one of these parameters: line_items[0][price], line_items[0][price_data]."},
		{"ErrNeitherPriceNorPriceData", func(p *stripe.CheckoutSessionCreateParams) { p.LineItems[0].PriceData = nil },
			stripe.ErrorCodeParameterMissing, "line_items[0]", ""},
		{"ErrUnknownPrice", func(p *stripe.CheckoutSessionCreateParams) {
			p.LineItems[0].PriceData = nil
			p.LineItems[0].Price = stripe.String("price_nope")
		}, stripe.ErrorCodeResourceMissing, "line_items[0][price]", "No such price: 'price_nope'"},
		{"ErrUnitAmountAndDecimal", func(p *stripe.CheckoutSessionCreateParams) { pd(p).UnitAmountDecimal = stripe.Float64(12.5) },
			stripe.ErrorCodeParametersExclusive, "line_items[0][price_data][unit_amount]",
			"You may only specify one of these parameters: line_items[0][price_data][unit_amount], line_items[0][price_data][unit_amount_decimal]."},
		{"ErrProductAndProductData", func(p *stripe.CheckoutSessionCreateParams) { pd(p).Product = stripe.String(prod.ID) },
			stripe.ErrorCodeParametersExclusive, "line_items[0][price_data][product]",
			"You may only specify one of these parameters: line_items[0][price_data][product], line_items[0][price_data][product_data]."},
		{"ErrUnknownProduct", func(p *stripe.CheckoutSessionCreateParams) {
			pd(p).ProductData = nil
			pd(p).Product = stripe.String("prod_nope")
		}, stripe.ErrorCodeResourceMissing, "line_items[0][price_data][product]", "No such product: 'prod_nope'"},
		{"ErrMissingProductName", func(p *stripe.CheckoutSessionCreateParams) {
			pd(p).ProductData.Name = nil
			pd(p).ProductData.Description = stripe.String("Nameless")
		},
			stripe.ErrorCodeParameterMissing, "line_items[0][price_data][product_data][name]", ""},
		{"ErrMissingCurrency", func(p *stripe.CheckoutSessionCreateParams) { pd(p).Currency = nil },
			stripe.ErrorCodeParameterMissing, "line_items[0][price_data][currency]", ""},
		{"ErrMissingQuantity", func(p *stripe.CheckoutSessionCreateParams) { p.LineItems[0].Quantity = nil },
			stripe.ErrorCodeParameterMissing, "line_items[0][quantity]", ""},
		{"ErrQuantityOutsideAdjustableRange", func(p *stripe.CheckoutSessionCreateParams) {
			p.LineItems[0].AdjustableQuantity = &stripe.CheckoutSessionCreateLineItemAdjustableQuantityParams{
				Enabled: stripe.Bool(true), Minimum: stripe.Int64(3), Maximum: stripe.Int64(5)}
		}, anyCode, "line_items[0][quantity]", ""},
		{"ErrRecurringPriceInPaymentMode", func(p *stripe.CheckoutSessionCreateParams) {
			pd(p).Recurring = &stripe.CheckoutSessionCreateLineItemPriceDataRecurringParams{Interval: stripe.String("month")}
		}, anyCode, "line_items[0][price_data][recurring]", ""},
		{"ErrClientReferenceIDTooLong", func(p *stripe.CheckoutSessionCreateParams) { p.ClientReferenceID = stripe.String(repeat("r", 201)) },
			anyCode, "client_reference_id", ""},
		{"ErrExpiresAtTooSoon", func(p *stripe.CheckoutSessionCreateParams) {
			p.ExpiresAt = stripe.Int64(now.Add(29 * time.Minute).Unix())
		},
			anyCode, "expires_at", ""},
		{"ErrExpiresAtTooLate", func(p *stripe.CheckoutSessionCreateParams) {
			p.ExpiresAt = stripe.Int64(now.Add(25 * time.Hour).Unix())
		},
			anyCode, "expires_at", ""},
		{"ErrMetadataTooManyKeys", func(p *stripe.CheckoutSessionCreateParams) { p.Metadata = manyMetadata(51) },
			anyCode, "metadata", ""},
		{"ErrMetadataKeyTooLong", func(p *stripe.CheckoutSessionCreateParams) { p.Metadata = map[string]string{repeat("k", 41): "v"} },
			anyCode, "metadata[" + repeat("k", 41) + "]", ""},
		{"ErrMetadataValueTooLong", func(p *stripe.CheckoutSessionCreateParams) { p.Metadata = map[string]string{"k": repeat("v", 501)} },
			anyCode, "metadata[k]", ""},
		{"ErrLocaleUnknown", func(p *stripe.CheckoutSessionCreateParams) { p.Locale = stripe.String("xx") },
			anyCode, "locale", ""},
		{"ErrSubmitTypeUnknown", func(p *stripe.CheckoutSessionCreateParams) { p.SubmitType = stripe.String("buy") },
			anyCode, "submit_type", ""},
		{"ErrCustomerCreationUnknown", func(p *stripe.CheckoutSessionCreateParams) { p.CustomerCreation = stripe.String("never") },
			anyCode, "customer_creation", ""},
		{"ErrBillingAddressCollectionUnknown", func(p *stripe.CheckoutSessionCreateParams) { p.BillingAddressCollection = stripe.String("maybe") },
			anyCode, "billing_address_collection", ""},
		{"ErrCustomerEmailInvalid", func(p *stripe.CheckoutSessionCreateParams) { p.CustomerEmail = stripe.String("not an email") },
			stripe.ErrorCodeEmailInvalid, "customer_email", ""},
		{"ErrPaymentMethodTypeKlarna", func(p *stripe.CheckoutSessionCreateParams) { p.PaymentMethodTypes = ptrs("card", "klarna") },
			anyCode, "payment_method_types[1]", ""},
		{"ErrPaymentMethodTypeIdeal", func(p *stripe.CheckoutSessionCreateParams) { p.PaymentMethodTypes = ptrs("ideal") },
			anyCode, "payment_method_types[0]", ""},
		{"ErrCaptureMethodUnknown", func(p *stripe.CheckoutSessionCreateParams) {
			p.PaymentIntentData = &stripe.CheckoutSessionCreatePaymentIntentDataParams{CaptureMethod: stripe.String("later")}
		}, anyCode, "payment_intent_data[capture_method]", ""},
		{"ErrSetupFutureUsageUnknown", func(p *stripe.CheckoutSessionCreateParams) {
			p.PaymentIntentData = &stripe.CheckoutSessionCreatePaymentIntentDataParams{SetupFutureUsage: stripe.String("always")}
		}, anyCode, "payment_intent_data[setup_future_usage]", ""},
		{"ErrStatementDescriptorTooLong", func(p *stripe.CheckoutSessionCreateParams) {
			p.PaymentIntentData = &stripe.CheckoutSessionCreatePaymentIntentDataParams{StatementDescriptor: stripe.String(repeat("S", 23))}
		}, anyCode, "payment_intent_data[statement_descriptor]", ""},
		{"ErrStatementDescriptorSuffixTooLong", func(p *stripe.CheckoutSessionCreateParams) {
			p.PaymentIntentData = &stripe.CheckoutSessionCreatePaymentIntentDataParams{StatementDescriptorSuffix: stripe.String(repeat("S", 23))}
		}, anyCode, "payment_intent_data[statement_descriptor_suffix]", ""},
		{"ErrReceiptEmailInvalid", func(p *stripe.CheckoutSessionCreateParams) {
			p.PaymentIntentData = &stripe.CheckoutSessionCreatePaymentIntentDataParams{ReceiptEmail: stripe.String("nope")}
		}, stripe.ErrorCodeEmailInvalid, "payment_intent_data[receipt_email]", ""},
		{"ErrShippingWithoutName", func(p *stripe.CheckoutSessionCreateParams) {
			p.PaymentIntentData = &stripe.CheckoutSessionCreatePaymentIntentDataParams{Shipping: &stripe.ShippingDetailsParams{
				Address: &stripe.AddressParams{Line1: stripe.String("1 Main St")}}}
		}, stripe.ErrorCodeParameterMissing, "payment_intent_data[shipping][name]", ""},
		{"ErrShippingWithoutLine1", func(p *stripe.CheckoutSessionCreateParams) {
			p.PaymentIntentData = &stripe.CheckoutSessionCreatePaymentIntentDataParams{Shipping: &stripe.ShippingDetailsParams{
				Name: stripe.String("Jenny"), Address: &stripe.AddressParams{City: stripe.String("Springfield")}}}
		}, stripe.ErrorCodeParameterMissing, "payment_intent_data[shipping][address][line1]", ""},
		{"ErrCurrencyMismatch", func(p *stripe.CheckoutSessionCreateParams) { p.Currency = stripe.String("eur") },
			anyCode, "currency", ""},
		{"ErrCurrencyUnsupported", func(p *stripe.CheckoutSessionCreateParams) { p.Currency = stripe.String("xyz") },
			anyCode, "currency", ""},
		{"ErrSuccessURLInvalid", func(p *stripe.CheckoutSessionCreateParams) { p.SuccessURL = stripe.String("javascript:alert(1)") },
			stripe.ErrorCodeURLInvalid, "success_url", ""},
		{"ErrExpandUnknown", func(p *stripe.CheckoutSessionCreateParams) { p.AddExpand("line_items"); p.AddExpand("invoice") },
			anyCode, "expand[1]", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := basicSession()
			tc.change(p)
			_, err := acct.Stripe.V1CheckoutSessions.Create(bg, p)
			wantErrCode(t, err, http.StatusBadRequest, invalid, tc.code, tc.param, tc.msg)
		})
	}

	t.Run("ErrNothingWritten", func(t *testing.T) {
		// None of the refused requests above left a session behind.
		ids := sdkIDs(t, acct.Stripe.V1CheckoutSessions.List(bg, nil), sessionID)
		if len(ids) != 0 {
			t.Errorf("sessions after refused creates = %v, want none", ids)
		}
	})
}

// TestSessionCreateAmounts covers Stripe's currency rules.
func TestSessionCreateAmounts(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	session := func(items ...*stripe.CheckoutSessionCreateLineItemParams) *stripe.CheckoutSessionCreateParams {
		p := basicSession()
		p.LineItems = items
		return p
	}
	item := func(cur string, amount, qty int64) *stripe.CheckoutSessionCreateLineItemParams {
		return &stripe.CheckoutSessionCreateLineItemParams{Quantity: stripe.Int64(qty),
			PriceData: &stripe.CheckoutSessionCreateLineItemPriceDataParams{Currency: stripe.String(cur), UnitAmount: stripe.Int64(amount),
				ProductData: &stripe.CheckoutSessionCreateLineItemPriceDataProductDataParams{Name: stripe.String("Thing")}}}
	}
	decimal := func(cur string, amount float64, qty int64) *stripe.CheckoutSessionCreateLineItemParams {
		li := item(cur, 0, qty)
		li.PriceData.UnitAmount = nil
		li.PriceData.UnitAmountDecimal = stripe.Float64(amount)
		return li
	}

	for _, tc := range []struct {
		name  string
		p     *stripe.CheckoutSessionCreateParams
		cur   string
		total int64
	}{
		{"OKZeroDecimalJPY", session(item("jpy", 500, 3)), "jpy", 1500},
		{"OKThreeDecimalKWD", session(item("kwd", 1230, 1)), "kwd", 1230},
		{"OKMaximumAmount", session(item("usd", 99999999, 1)), "usd", 99999999},
		{"OKMinimumUSD", session(item("usd", 50, 1)), "usd", 50},
		{"OKFree", session(item("usd", 0, 1)), "usd", 0},
		{"OKDecimalRoundsHalfUp", session(decimal("usd", 12.5, 1), item("usd", 100, 1)), "usd", 113},
		{"OKSubCentDecimal", session(decimal("usd", 0.333, 300)), "usd", 100},
		{"OKSameCurrencyLines", session(item("eur", 300, 1), item("eur", 200, 2)), "eur", 700},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := acct.Stripe.V1CheckoutSessions.Create(bg, tc.p)
			if err != nil {
				t.Fatal(err)
			}
			if string(s.Currency) != tc.cur || s.AmountSubtotal != tc.total || s.AmountTotal != tc.total {
				t.Errorf("session = %d/%d %s, want %d %s", s.AmountSubtotal, s.AmountTotal, s.Currency, tc.total, tc.cur)
			}
		})
	}

	const unitAmount = "line_items[0][price_data][unit_amount]"
	for _, tc := range []struct {
		name  string
		p     *stripe.CheckoutSessionCreateParams
		code  stripe.ErrorCode
		param string
		msg   string
	}{
		{"ErrKWDNotMultipleOf10", session(item("kwd", 1234, 1)), anyCode, unitAmount, "multiple of 10"},
		{"ErrAmountTooLarge", session(item("usd", 100000000, 1)), stripe.ErrorCodeAmountTooLarge, unitAmount, ""},
		{"ErrDecimalTooLarge", session(decimal("usd", 100000000.5, 1)), stripe.ErrorCodeAmountTooLarge, "line_items[0][price_data][unit_amount_decimal]", ""},
		{"ErrNegativeAmount", session(item("usd", -1, 1)), stripe.ErrorCodeAmountTooSmall, unitAmount, ""},
		{"ErrLineTotalTooLarge", session(item("usd", 99999999, 2)), stripe.ErrorCodeAmountTooLarge, "line_items[0]", ""},
		{"ErrSessionTotalTooLarge", session(item("usd", 99999999, 1), item("usd", 1, 1)), stripe.ErrorCodeAmountTooLarge, "line_items", ""},
		{"ErrUnderMinimumUSD", session(item("usd", 49, 1)), stripe.ErrorCodeAmountTooSmall, "",
			"The Checkout Session's total amount due must add up to at least $0.50 usd"},
		{"ErrUnderMinimumEUR", session(item("eur", 10, 2)), stripe.ErrorCodeAmountTooSmall, "", "at least €0.50 eur"},
		{"ErrUnderMinimumJPY", session(item("jpy", 49, 1)), stripe.ErrorCodeAmountTooSmall, "", "jpy"},
		{"ErrMixedCurrencies", session(item("usd", 1000, 1), item("eur", 1000, 1)), anyCode, "line_items[1]", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := acct.Stripe.V1CheckoutSessions.Create(bg, tc.p)
			wantErrCode(t, err, http.StatusBadRequest, stripe.ErrorTypeInvalidRequest, tc.code, tc.param, tc.msg)
		})
	}
}

// TestSessionCreateDahlia covers the ui_mode names of the dahlia API
// versions, which stripe-go v82 cannot send: raw requests with the header.
func TestSessionCreateDahlia(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	embedded := func(uiMode string) string {
		return form("mode", "payment", "ui_mode", uiMode, "return_url", "https://shop.example/return",
			"line_items[0][price_data][currency]", "usd", "line_items[0][price_data][unit_amount]", "1999",
			"line_items[0][price_data][product_data][name]", "T-shirt", "line_items[0][quantity]", "1")
	}

	var id string
	t.Run("OKEmbeddedPage", func(t *testing.T) {
		res := srv.do(t, "POST", "/v1/checkout/sessions", acct.SecretKey, embedded("embedded_page"), "Stripe-Version", dahliaVersion)
		m := object(t, res)
		if got := res.Header.Get("Stripe-Version"); got != dahliaVersion {
			t.Errorf("Stripe-Version = %q, want %q", got, dahliaVersion)
		}
		id, _ = m["id"].(string)
		if m["ui_mode"] != "embedded_page" || m["url"] != nil || !strings.HasPrefix(m["client_secret"].(string), id+"_secret_") {
			t.Errorf("ui_mode %v url %v client_secret %v", m["ui_mode"], m["url"], m["client_secret"])
		}
	})

	t.Run("OKSpelledForCallerVersion", func(t *testing.T) {
		s, err := acct.Stripe.V1CheckoutSessions.Retrieve(bg, id, nil)
		if err != nil {
			t.Fatal(err)
		}
		if s.UIMode != stripe.CheckoutSessionUIModeEmbedded {
			t.Errorf("basil ui_mode = %q, want embedded", s.UIMode)
		}
		m := object(t, srv.do(t, "GET", "/v1/checkout/sessions/"+id, acct.SecretKey, "", "Stripe-Version", dahliaVersion))
		if m["ui_mode"] != "embedded_page" {
			t.Errorf("dahlia ui_mode = %v, want embedded_page", m["ui_mode"])
		}
	})

	t.Run("OKElementsAndHostedPage", func(t *testing.T) {
		m := object(t, srv.do(t, "POST", "/v1/checkout/sessions", acct.SecretKey, embedded("elements"), "Stripe-Version", dahliaVersion))
		if m["ui_mode"] != "elements" {
			t.Errorf("ui_mode = %v, want elements", m["ui_mode"])
		}
		m = object(t, srv.do(t, "POST", "/v1/checkout/sessions", acct.SecretKey, rawSession("ui_mode", "hosted_page"), "Stripe-Version", dahliaVersion))
		if m["ui_mode"] != "hosted_page" || m["url"] == nil {
			t.Errorf("ui_mode = %v url = %v, want hosted_page with a url", m["ui_mode"], m["url"])
		}
	})

	t.Run("OKDahliaNameFromBasilCaller", func(t *testing.T) {
		// A newer SDK's constant against a basil-pinned version is read,
		// and answered in the caller's (basil) spelling.
		res := srv.do(t, "POST", "/v1/checkout/sessions", acct.SecretKey, embedded("embedded_page"), "Stripe-Version", basilVersion)
		if m := object(t, res); m["ui_mode"] != "embedded" {
			t.Errorf("ui_mode = %v, want embedded", m["ui_mode"])
		}
	})

	for _, name := range []string{"embedded", "custom", "hosted"} {
		t.Run("ErrBasilName_"+name, func(t *testing.T) {
			body := embedded(name)
			if name == "hosted" {
				body = rawSession("ui_mode", "hosted")
			}
			res := srv.do(t, "POST", "/v1/checkout/sessions", acct.SecretKey, body, "Stripe-Version", dahliaVersion)
			e := decodeErr(t, res)
			if res.Status != 400 || e.Type != "invalid_request_error" || e.Param != "ui_mode" {
				t.Errorf("status %d error %+v, want 400 on ui_mode", res.Status, e)
			}
			if res.Header.Get("Stripe-Version") != dahliaVersion {
				t.Errorf("Stripe-Version = %q on the error", res.Header.Get("Stripe-Version"))
			}
		})
	}

	t.Run("ErrDahliaCustomWithSuccessURL", func(t *testing.T) {
		res := srv.do(t, "POST", "/v1/checkout/sessions", acct.SecretKey,
			embedded("elements")+"&"+form("success_url", "https://shop.example/ok"), "Stripe-Version", dahliaVersion)
		e := decodeErr(t, res)
		if res.Status != 400 || e.Param != "success_url" || !strings.Contains(e.Message, "'ui_mode: elements'") {
			t.Errorf("status %d error %+v, want 400 on success_url naming ui_mode elements", res.Status, e)
		}
	})
}
