package web_test

import (
	"encoding/json"
	"testing"
)

// shippingWithStripeNode makes a shipping rate with stripe-node, a session
// with address collection, that rate and an inline one, a customer-facing
// custom field, tax ID collection and an adjustable quantity, then archives
// the rate and lists the active ones, and prints what stripe-node made of
// each answer and of a refused rate.
const shippingWithStripeNode = `
const Stripe = require('stripe');
const u = new URL(process.env.TILL_URL);
const stripe = new Stripe(process.env.TILL_KEY, {host: u.hostname, port: u.port, protocol: 'http', maxNetworkRetries: 0});
(async () => {
  const rate = await stripe.shippingRates.create({
    display_name: 'Ground', type: 'fixed_amount', fixed_amount: {amount: 500, currency: 'usd'},
    delivery_estimate: {minimum: {unit: 'business_day', value: 3}, maximum: {unit: 'business_day', value: 5}},
    metadata: {carrier: 'post'},
  });
  const session = await stripe.checkout.sessions.create({
    mode: 'payment', success_url: 'https://shop.example/ok',
    line_items: [{quantity: 2, adjustable_quantity: {enabled: true, minimum: 1, maximum: 5},
      price_data: {currency: 'usd', unit_amount: 1999, product_data: {name: 'T-shirt'}}}],
    shipping_address_collection: {allowed_countries: ['US', 'CA']},
    shipping_options: [{shipping_rate: rate.id}, {shipping_rate_data: {display_name: 'Express', type: 'fixed_amount',
      fixed_amount: {amount: 1500, currency: 'usd'}}}],
    custom_fields: [{key: 'engraving', label: {type: 'custom', custom: 'Engraving'}, type: 'text', optional: true}],
    tax_id_collection: {enabled: true},
  });
  const archived = await stripe.shippingRates.update(rate.id, {active: false});
  const active = await stripe.shippingRates.list({active: true});
  let refused = null;
  try { await stripe.shippingRates.create({display_name: 'Nothing', type: 'fixed_amount'}); } catch (e) {
    refused = {type: e.type, code: e.code, param: e.param, status: e.statusCode};
  }
  console.log(JSON.stringify({rate, session, archived, active: active.data.map((r) => r.id), refused}));
})().catch((e) => { console.error(e); process.exit(1); });
`

// Shipping rates, and a session with shipping, a custom field, tax ID
// collection and an adjustable quantity, through stripe-node, as a
// merchant's Node backend makes them.
func TestShippingStripeNode(t *testing.T) {
	node, modules := stripeNode(t)
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	out := runStripeNode(t, node, modules, shippingWithStripeNode, srv, acct)
	var got struct {
		Rate struct {
			ID, Object       string
			DisplayName      string `json:"display_name"`
			Active           bool
			FixedAmount      struct{ Amount int64 } `json:"fixed_amount"`
			DeliveryEstimate struct {
				Maximum struct {
					Unit  string
					Value int
				}
			} `json:"delivery_estimate"`
			Metadata map[string]string
		}
		Session struct {
			AmountTotal               int64 `json:"amount_total"`
			ShippingAddressCollection struct {
				AllowedCountries []string `json:"allowed_countries"`
			} `json:"shipping_address_collection"`
			ShippingOptions []struct {
				ShippingAmount int64 `json:"shipping_amount"`
			} `json:"shipping_options"`
			CustomFields    []struct{ Key, Type string } `json:"custom_fields"`
			TaxIDCollection struct{ Enabled bool }       `json:"tax_id_collection"`
			ShippingCost    struct {
				AmountTotal int64 `json:"amount_total"`
			} `json:"shipping_cost"`
			Status        string
			PaymentStatus string `json:"payment_status"`
		}
		Archived struct{ Active bool }
		Active   []string
		Refused  *struct {
			Type, Code, Param string
			Status            int
		}
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("stripe-node printed %s: %v", out, err)
	}
	if r := got.Rate; r.Object != "shipping_rate" || !r.Active || r.DisplayName != "Ground" || r.FixedAmount.Amount != 500 ||
		r.DeliveryEstimate.Maximum.Unit != "business_day" || r.DeliveryEstimate.Maximum.Value != 5 || r.Metadata["carrier"] != "post" {
		t.Errorf("rate = %+v", r)
	}
	s := got.Session
	// The first option is chosen until the shopper picks another.
	if s.Status != "open" || s.PaymentStatus != "unpaid" || s.AmountTotal != 2*1999+500 || s.ShippingCost.AmountTotal != 500 || len(s.ShippingAddressCollection.AllowedCountries) != 2 ||
		len(s.ShippingOptions) != 2 || s.ShippingOptions[1].ShippingAmount != 1500 || len(s.CustomFields) != 1 ||
		s.CustomFields[0].Key != "engraving" || !s.TaxIDCollection.Enabled {
		t.Errorf("session = %+v", s)
	}
	if got.Archived.Active {
		t.Error("the rate is active after archiving")
	}
	for _, id := range got.Active {
		if id == got.Rate.ID {
			t.Errorf("the archived rate is listed as active: %v", got.Active)
		}
	}
	if r := got.Refused; r == nil || r.Type != "StripeInvalidRequestError" || r.Status != 400 || r.Param == "" {
		t.Errorf("refused rate: %+v", r)
	}
}
