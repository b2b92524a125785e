package web_test

import (
	"encoding/json"
	"testing"
)

// discountsWithStripeNode makes a coupon, a promotion code and a tax rate
// with stripe-node, a session with the code and the rate, and prints what
// stripe-node made of each answer, and of a refused coupon.
const discountsWithStripeNode = `
const Stripe = require('stripe');
const u = new URL(process.env.TILL_URL);
const stripe = new Stripe(process.env.TILL_KEY, {host: u.hostname, port: u.port, protocol: 'http', maxNetworkRetries: 0});
(async () => {
  const coupon = await stripe.coupons.create({percent_off: 20, duration: 'once', name: 'Launch'});
  const code = await stripe.promotionCodes.create({coupon: coupon.id, code: 'LAUNCH20'});
  const rate = await stripe.taxRates.create({display_name: 'VAT', percentage: 20, inclusive: true, country: 'FR'});
  const session = await stripe.checkout.sessions.create({
    mode: 'payment', success_url: 'https://shop.example/ok',
    line_items: [{quantity: 1, tax_rates: [rate.id],
      price_data: {currency: 'eur', unit_amount: 1200, product_data: {name: 'Book'}}}],
    discounts: [{promotion_code: code.id}],
    expand: ['line_items', 'total_details.breakdown'],
  });
  let refused = null;
  try { await stripe.coupons.create({percent_off: 10, amount_off: 100, currency: 'eur'}); } catch (e) {
    refused = {type: e.type, code: e.code, param: e.param, status: e.statusCode};
  }
  const codes = await stripe.promotionCodes.list({code: 'launch20'});
  console.log(JSON.stringify({coupon, code, rate, session, refused, listed: codes.data.map((c) => c.id)}));
})().catch((e) => { console.error(e); process.exit(1); });
`

// Coupons, promotion codes, tax rates and a discounted, taxed session
// through stripe-node, as a merchant's Node backend makes them.
func TestDiscountsStripeNode(t *testing.T) {
	node, modules := stripeNode(t)
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	out := runStripeNode(t, node, modules, discountsWithStripeNode, srv, acct)
	var got struct {
		Coupon struct {
			ID, Object, Name string
			PercentOff       float64 `json:"percent_off"`
			Valid            bool
		}
		Code struct {
			ID, Code string
			Coupon   struct{ ID string }
		}
		Rate struct {
			ID        string
			Inclusive bool
		}
		Session struct {
			AmountSubtotal int64 `json:"amount_subtotal"`
			AmountTotal    int64 `json:"amount_total"`
			TotalDetails   struct {
				AmountDiscount int64 `json:"amount_discount"`
				AmountTax      int64 `json:"amount_tax"`
				Breakdown      struct {
					Discounts []struct{ Amount int64 }
					Taxes     []struct {
						Amount int64
						Rate   struct{ ID string }
					}
				}
			} `json:"total_details"`
			Discounts []struct {
				PromotionCode string `json:"promotion_code"`
			}
		}
		Refused *struct {
			Type, Code, Param string
			Status            int
		}
		Listed []string
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("stripe-node printed %s: %v", out, err)
	}
	if c := got.Coupon; c.Object != "coupon" || c.PercentOff != 20 || !c.Valid || c.Name != "Launch" {
		t.Errorf("coupon = %+v", c)
	}
	if c := got.Code; c.Code != "LAUNCH20" || c.Coupon.ID != got.Coupon.ID || len(got.Listed) != 1 || got.Listed[0] != c.ID {
		t.Errorf("code = %+v, listed %v", c, got.Listed)
	}
	// 1200 − 20 % = 960, of which the inclusive 20 % VAT is 160.
	s := got.Session
	if s.AmountSubtotal != 1200 || s.AmountTotal != 960 || s.TotalDetails.AmountDiscount != 240 || s.TotalDetails.AmountTax != 160 ||
		len(s.Discounts) != 1 || s.Discounts[0].PromotionCode != got.Code.ID || len(s.TotalDetails.Breakdown.Taxes) != 1 ||
		s.TotalDetails.Breakdown.Taxes[0].Rate.ID != got.Rate.ID || s.TotalDetails.Breakdown.Discounts[0].Amount != 240 {
		t.Errorf("session = %+v", s)
	}
	if r := got.Refused; r == nil || r.Type != "StripeInvalidRequestError" || r.Code != "parameters_exclusive" || r.Status != 400 {
		t.Errorf("refused coupon: %+v", r)
	}
}
