package web_test

import (
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stripe/stripe-go/v82"
)

// keyExceptions are the keys of stripe-go's structs that Till's objects
// leave out, each for the reason Stripe's own objects do. A key is named by
// its object and its dotted path in it; "path.*" stands for every key under
// path. Besides these, an object lacks the keys of the payment methods it
// is not about (see methodException).
var keyExceptions = map[string]string{
	"checkout.session line_items":                       "only present when expanded",
	"checkout.session total_details.breakdown":          "only present when expanded",
	"checkout.session payment_method_options.card.*":    "Stripe sends only request_three_d_secure and the options the session sets",
	"payment_intent payment_method_options.card.*":      "Stripe sends installments, mandate_options, network, request_three_d_secure and the options set",
	"payment_intent amount_details.tip.amount":          "Stripe sends an empty tip when there was none",
	"customer cash_balance":                             "only present when expanded",
	"customer invoice_credit_balance":                   "only present when expanded",
	"customer sources":                                  "only present when expanded",
	"customer subscriptions":                            "only present when expanded",
	"customer tax":                                      "only present when expanded",
	"customer tax_ids":                                  "only present when expanded",
	"price currency_options":                            "only present when expanded",
	"price tiers":                                       "only present when expanded",
	"item discounts":                                    "only present when expanded (data.discounts)",
	"item taxes":                                        "only present when expanded (data.taxes)",
	"customer deleted":                                  "only in the answer to a delete",
	"product deleted":                                   "only in the answer to a delete",
	"price deleted":                                     "only in the answer to a delete",
	"webhook_endpoint deleted":                          "only in the answer to a delete",
	"webhook_endpoint secret":                           "only in the answer to a create",
	"event account":                                     "Connect only: the connected account the event happened on",
	"event context":                                     "Connect only: the account context of the event",
	"event data.previous_attributes":                    "only on *.updated events",
	"payment_method card.description":                   "stripe-go: for internal use, not in standard API requests",
	"payment_method card.iin":                           "stripe-go: for internal use, not in standard API requests",
	"payment_method card.issuer":                        "stripe-go: for internal use, not in standard API requests",
	"payment_method radar_options.session":              "only when the PaymentMethod was created with a Radar session",
	"coupon applies_to":                                 "only present when expanded",
	"coupon currency_options":                           "only present when expanded",
	"coupon deleted":                                    "only in the answer to a delete",
	"promotion_code restrictions.currency_options":      "only present when expanded",
	"charge refunds":                                    "only present when expanded",
	"charge level3":                                     "only for charges the merchant sent Level 3 data with",
	"charge presentment_details":                        "only with Adaptive Pricing, which Till does not offer",
	"charge transfer":                                   "Connect only: only on a destination charge",
	"charge payment_method_details.card.capture_before": "only on an authorization awaiting its capture",
	"charge payment_method_details.card.description":    "stripe-go: for internal use, not in standard API requests",
	"charge payment_method_details.card.iin":            "stripe-go: for internal use, not in standard API requests",
	"charge payment_method_details.card.issuer":         "stripe-go: for internal use, not in standard API requests",
	"charge fraud_details.*":                            "only when the merchant or Stripe reported the charge",
	"charge radar_options.session":                      "only when the payment came with a Radar session",
}

// hostedExceptions are the keys a hosted session lacks: the hosted sessions
// Stripe answered in 2024 and 2025 (basil and clover among them) that
// integrations keep as fixtures carry neither; embedded ones carry both.
var hostedExceptions = map[string]string{
	"redirect_on_completion": "embedded and custom sessions only: hosted ones redirect to success_url",
	"return_url":             "embedded and custom sessions only: hosted ones redirect to success_url",
}

// paymentMethodTypes are the keys naming a payment method type, the keys of
// stripe-go's PaymentIntent payment_method_options.
var paymentMethodTypes = jsonFields(reflect.TypeFor[stripe.PaymentIntentPaymentMethodOptions]())

// methodException reports whether the object o, of the named kind, may
// lack key (a path in it) because it names a payment method the object is
// not about.
func methodException(name string, o map[string]any, key string) bool {
	parent, method := "", key
	if i := strings.LastIndexByte(key, '.'); i >= 0 {
		parent, method = key[:i], key[i+1:]
	}
	if name == "charge" && parent == "payment_method_details" {
		// A charge has the details of the method that paid only.
		return o["payment_method_details"].(map[string]any)["type"] != method
	}
	if _, ok := paymentMethodTypes[method]; !ok {
		return false
	}
	switch parent {
	case "": // A PaymentMethod has the details of its own type only.
		return name == "payment_method" && o["type"] != method
	case "payment_method_options": // Only the methods in payment_method_types have options.
		return !slices.Contains(o["payment_method_types"].([]any), any(method))
	}
	return false
}

// objectTypes is the stripe-go struct for each object Till renders.
var objectTypes = map[string]reflect.Type{
	"checkout.session": reflect.TypeFor[stripe.CheckoutSession](),
	"payment_intent":   reflect.TypeFor[stripe.PaymentIntent](),
	"customer":         reflect.TypeFor[stripe.Customer](),
	"product":          reflect.TypeFor[stripe.Product](),
	"price":            reflect.TypeFor[stripe.Price](),
	"event":            reflect.TypeFor[stripe.Event](),
	"webhook_endpoint": reflect.TypeFor[stripe.WebhookEndpoint](),
	"item":             reflect.TypeFor[stripe.LineItem](),
	"payment_method":   reflect.TypeFor[stripe.PaymentMethod](),
	"charge":           reflect.TypeFor[stripe.Charge](),
	"coupon":           reflect.TypeFor[stripe.Coupon](),
	"promotion_code":   reflect.TypeFor[stripe.PromotionCode](),
	"shipping_rate":    reflect.TypeFor[stripe.ShippingRate](),
}

// TestObjectKeys checks that every object Till renders carries each key
// stripe-go's struct for it has (the JSON tags of the pinned stripe-go, read
// by reflection, down through the nested objects Till fills in), except the
// keys Stripe itself leaves out (keyExceptions), and that stripe-go decodes
// each object.
func TestObjectKeys(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	raw := func(path string, headers ...string) map[string]any {
		t.Helper()
		return object(t, srv.do(t, "GET", path, acct.SecretKey, "", headers...))
	}

	product := object(t, srv.do(t, "POST", "/v1/products", acct.SecretKey, form("name", "T-shirt")))
	price := object(t, srv.do(t, "POST", "/v1/prices", acct.SecretKey,
		form("product", product["id"].(string), "currency", "usd", "unit_amount", "1999")))
	customer := object(t, srv.do(t, "POST", "/v1/customers", acct.SecretKey,
		form("email", "jenny@example.com", "name", "Jenny Rosen")))
	coupon := object(t, srv.do(t, "POST", "/v1/coupons", acct.SecretKey, form("percent_off", "10")))
	code := object(t, srv.do(t, "POST", "/v1/promotion_codes", acct.SecretKey, form("coupon", coupon["id"].(string))))
	endpoint := object(t, srv.do(t, "POST", "/v1/webhook_endpoints", acct.SecretKey,
		form("url", "https://shop.example/webhook", "enabled_events[]", "*")))

	paid := object(t, srv.do(t, "POST", "/v1/checkout/sessions", acct.SecretKey, form(
		"mode", "payment", "success_url", "https://shop.example/success", "customer", customer["id"].(string),
		"line_items[0][price]", price["id"].(string), "line_items[0][quantity]", "2")))
	pm := object(t, srv.do(t, "POST", "/v1/payment_methods", acct.SecretKey, form("type", "card", "card[token]", "tok_visa",
		"billing_details[email]", "jenny@example.com", "billing_details[name]", "Jenny Rosen")))
	object(t, srv.do(t, "POST", "/v1/payment_pages/"+paid["id"].(string)+"/confirm", acct.SecretKey,
		form("payment_method", pm["id"].(string), "expected_amount", "3998")))
	paid = raw("/v1/checkout/sessions/" + paid["id"].(string))
	open := object(t, srv.do(t, "POST", "/v1/checkout/sessions", acct.SecretKey, form(
		"mode", "payment", "success_url", "https://shop.example/success",
		"line_items[0][price]", price["id"].(string), "line_items[0][quantity]", "1")))
	rate := object(t, srv.do(t, "POST", "/v1/shipping_rates", acct.SecretKey, form("display_name", "Ground",
		"fixed_amount[amount]", "500", "fixed_amount[currency]", "usd", "fixed_amount[currency_options][eur][amount]", "450",
		"delivery_estimate[minimum][unit]", "day", "delivery_estimate[minimum][value]", "2",
		"delivery_estimate[maximum][unit]", "week", "delivery_estimate[maximum][value]", "1")))
	shipped := object(t, srv.do(t, "POST", "/v1/checkout/sessions", acct.SecretKey, form(
		"mode", "payment", "success_url", "https://shop.example/success",
		"line_items[0][price]", price["id"].(string), "line_items[0][quantity]", "1",
		"shipping_address_collection[allowed_countries][0]", "US", "shipping_options[0][shipping_rate]", rate["id"].(string))))
	embedded := object(t, srv.do(t, "POST", "/v1/checkout/sessions", acct.SecretKey, form(
		"mode", "payment", "ui_mode", "embedded", "redirect_on_completion", "never",
		"line_items[0][price]", price["id"].(string), "line_items[0][quantity]", "1")))

	items := raw("/v1/checkout/sessions/" + paid["id"].(string) + "/line_items")["data"].([]any)
	pi, _ := paid["payment_intent"].(string)
	objects := []map[string]any{
		raw("/v1/products/" + product["id"].(string)),
		raw("/v1/prices/" + price["id"].(string)),
		raw("/v1/customers/" + customer["id"].(string)),
		raw("/v1/webhook_endpoints/" + endpoint["id"].(string)),
		raw("/v1/payment_methods/" + pm["id"].(string)),
		raw("/v1/payment_intents/" + pi),
		raw("/v1/coupons/" + coupon["id"].(string)),
		raw("/v1/promotion_codes/" + code["id"].(string)),
		raw("/v1/shipping_rates/" + rate["id"].(string)),
		paid, open, embedded, shipped,
		raw("/v1/checkout/sessions/"+open["id"].(string), "Stripe-Version", dahliaVersion),
		items[0].(map[string]any),
	}
	events := raw("/v1/events")["data"].([]any)
	for _, e := range events {
		ev := e.(map[string]any)
		objects = append(objects, ev, ev["data"].(map[string]any)["object"].(map[string]any))
	}

	seen, check := map[string]bool{}, &keyCheck{used: map[string]bool{}}
	for _, o := range objects {
		name, _ := o["object"].(string)
		typ, ok := objectTypes[name]
		if !ok {
			t.Fatalf("no stripe-go type for object %q: %v", name, o)
		}
		seen[name] = true
		for _, key := range check.unexcused(name, o) {
			t.Errorf("%s %v (ui_mode %v) lacks %q", name, o["id"], o["ui_mode"], key)
		}
		b, _ := json.Marshal(o)
		if err := json.Unmarshal(b, reflect.New(typ).Interface()); err != nil {
			t.Errorf("stripe-go cannot decode %s %v: %v", name, o["id"], err)
		}
	}
	for name := range objectTypes {
		if !seen[name] {
			t.Errorf("no %s was checked", name)
		}
	}
	for key := range keyExceptions {
		if !check.used[key] {
			t.Errorf("exception %q excused nothing: drop it", key)
		}
	}
}

// TestObjectKeysInEndpointVersion checks that sessions delivered to an
// endpoint on another API version than events are stored in (dahlia), and
// so decoded and rendered again, keep every key: a hosted session without
// return_url, an embedded one with it.
func TestObjectKeysInEndpointVersion(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	var mu sync.Mutex
	var got []map[string]any
	hooks := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		var ev struct {
			Data struct{ Object map[string]any } `json:"data"`
		}
		if err := json.NewDecoder(req.Body).Decode(&ev); err != nil {
			t.Errorf("delivery is not an event: %v", err)
		}
		mu.Lock()
		defer mu.Unlock()
		got = append(got, ev.Data.Object)
	}))
	t.Cleanup(hooks.Close)
	p := endpointParams(hooks.URL, "checkout.session.expired")
	p.APIVersion = stripe.String(dahliaVersion)
	if _, err := acct.Stripe.V1WebhookEndpoints.Create(bg, p); err != nil {
		t.Fatal(err)
	}
	startDeliverer(t, srv.Store, loopbackOnly)
	hosted := createSessions(t, acct, 1)[0]
	embedded := embeddedSession(t, acct, "https://shop.example/return", "").ID
	for _, id := range []string{hosted, embedded} {
		if _, err := acct.Stripe.V1CheckoutSessions.Expire(bg, id, nil); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, "both deliveries", func() bool { mu.Lock(); defer mu.Unlock(); return len(got) == 2 })
	mu.Lock()
	defer mu.Unlock()
	check := &keyCheck{used: map[string]bool{}}
	for _, o := range got {
		for _, key := range check.unexcused("checkout.session", o) {
			t.Errorf("delivered session %v (ui_mode %v) lacks %q", o["id"], o["ui_mode"], key)
		}
		if o["id"] == embedded && (o["ui_mode"] != "embedded_page" || o["return_url"] != "https://shop.example/return") {
			t.Errorf("embedded session delivered with ui_mode %v, return_url %v", o["ui_mode"], o["return_url"])
		}
	}
}

// TestSessionPaymentModeValues checks a fresh hosted payment session's
// fields for features Till does not offer against what Stripe's payment
// sessions carry (recorded answers of 2025's API versions): null where
// Stripe sends null, Stripe's defaults where it fills them in.
func TestSessionPaymentModeValues(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	id := createSessions(t, acct, 1)[0]
	o := object(t, srv.do(t, "GET", "/v1/checkout/sessions/"+id, acct.SecretKey, ""))
	for key, want := range map[string]string{
		"adaptive_pricing":             `{"enabled":false}`,
		"after_expiration":             `null`,
		"automatic_tax":                `{"enabled":false,"liability":null,"provider":null,"status":null}`,
		"collected_information":        `{"shipping_details":null}`,
		"consent":                      `null`,
		"consent_collection":           `null`,
		"currency_conversion":          `null`,
		"custom_fields":                `[]`,
		"custom_text":                  `{"after_submit":null,"shipping_address":null,"submit":null,"terms_of_service_acceptance":null}`,
		"discounts":                    `[]`,
		"invoice_creation":             `{"enabled":false,"invoice_data":{"account_tax_ids":null,"custom_fields":null,"description":null,"footer":null,"issuer":null,"metadata":{},"rendering_options":null}}`,
		"optional_items":               `null`,
		"payment_method_collection":    `"always"`,
		"payment_method_options":       `{"card":{"request_three_d_secure":"automatic"}}`,
		"permissions":                  `null`,
		"phone_number_collection":      `{"enabled":false}`,
		"presentment_details":          `null`,
		"saved_payment_method_options": `null`,
		"shipping_address_collection":  `null`,
		"shipping_cost":                `null`,
		"shipping_options":             `[]`,
		"tax_id_collection":            `{"enabled":false,"required":"never"}`,
		"total_details":                `{"amount_discount":0,"amount_shipping":0,"amount_tax":0}`,
		"ui_mode":                      `"hosted"`,
		"wallet_options":               `null`,
	} {
		if b, _ := json.Marshal(o[key]); string(b) != want {
			t.Errorf("%s = %s, want %s", key, b, want)
		}
	}
	for _, key := range []string{"return_url", "redirect_on_completion"} {
		if v, ok := o[key]; ok {
			t.Errorf("a hosted session has %s (%v); Stripe's have none", key, v)
		}
	}
	s, err := acct.Stripe.V1CheckoutSessions.Retrieve(bg, id, nil)
	if err != nil || s.TaxIDCollection == nil || s.TaxIDCollection.Required != "never" || s.CustomFields == nil ||
		s.PaymentMethodOptions == nil || s.PaymentMethodOptions.Card.RequestThreeDSecure != "automatic" {
		t.Errorf("stripe-go retrieve: %+v, %v", s, err)
	}
}

// keyCheck finds the keys Till's objects lack, and notes the exceptions
// that excused one.
type keyCheck struct{ used map[string]bool }

// unexcused lists, as dotted paths, the keys of o (an object of the named
// kind) that stripe-go's struct has and o lacks without an exception. A
// nested Stripe object (a line item's price) is held to its own kind's
// exceptions.
func (c *keyCheck) unexcused(name string, o map[string]any) []string {
	return c.missing(objectTypes[name], o, "", func(key string) bool { return c.excused(name, o, key) })
}

// excused reports whether an exception lets o, of the named kind, lack key.
func (c *keyCheck) excused(name string, o map[string]any, key string) bool {
	for k := range keyExceptions {
		object, path, _ := strings.Cut(k, " ")
		prefix, wild := strings.CutSuffix(path, ".*")
		if object == name && (path == key || wild && strings.HasPrefix(key, prefix+".")) {
			c.used[k] = true
			return true
		}
	}
	if _, ok := hostedExceptions[key]; ok && name == "checkout.session" && (o["ui_mode"] == "hosted" || o["ui_mode"] == "hosted_page") {
		return true
	}
	return methodException(name, o, key)
}

// missing lists, as dotted paths under path, the JSON keys of struct type t
// that obj lacks and excused does not excuse, descending into the objects
// and lists of objects obj has where t has a struct. An expandable field
// that obj renders as an id has nothing to descend into.
func (c *keyCheck) missing(t reflect.Type, obj map[string]any, path string, excused func(key string) bool) []string {
	var missing []string
	descend := func(t reflect.Type, v any, path string) {
		m, ok := v.(map[string]any)
		if !ok || t.Kind() != reflect.Struct {
			return
		}
		if name, ok := m["object"].(string); ok && objectTypes[name] != nil {
			for _, key := range c.unexcused(name, m) {
				missing = append(missing, path+key)
			}
			return
		}
		missing = append(missing, c.missing(t, m, path, excused)...)
	}
	for key, ft := range jsonFields(t) {
		v, ok := obj[key]
		switch {
		case !ok && !excused(path+key):
			missing = append(missing, path+key)
		case !ok:
		case ft.Kind() == reflect.Slice:
			list, _ := v.([]any)
			for _, el := range list {
				descend(structOf(ft.Elem()), el, path+key+".")
			}
		default:
			descend(structOf(ft), v, path+key+".")
		}
	}
	slices.Sort(missing)
	return slices.Compact(missing)
}

// structOf is t without its pointers, if that is a struct, else a struct
// without fields.
func structOf(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return reflect.TypeFor[struct{}]()
	}
	return t
}

// jsonFields is struct type t's JSON keys and their types, the fields of
// embedded structs (APIResource, ListMeta) included.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	fields := map[string]reflect.Type{}
	for f := range t.Fields() {
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch {
		case tag == "-":
		case f.Anonymous && tag == "":
			maps.Copy(fields, jsonFields(structOf(f.Type)))
		case f.IsExported():
			if tag == "" {
				tag = f.Name
			}
			fields[tag] = f.Type
		}
	}
	return fields
}
