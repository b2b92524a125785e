package web_test

import (
	"encoding/json"
	"testing"
)

// refundWithStripeNode refunds part of a payment and then too much of it
// with stripe-node, lists the refunds, and prints what stripe-node made of
// each answer.
const refundWithStripeNode = `
const Stripe = require('stripe');
const u = new URL(process.env.TILL_URL);
const stripe = new Stripe(process.env.TILL_KEY, {host: u.hostname, port: u.port, protocol: 'http', maxNetworkRetries: 0});
(async () => {
  const refund = await stripe.refunds.create({payment_intent: process.env.PI_ID, amount: 1000, reason: 'duplicate'},
    {idempotencyKey: 'node-refund-1'});
  const again = await stripe.refunds.create({payment_intent: process.env.PI_ID, amount: 1000, reason: 'duplicate'},
    {idempotencyKey: 'node-refund-1'});
  let refused = null;
  try { await stripe.refunds.create({payment_intent: process.env.PI_ID, amount: 5000}); } catch (e) {
    refused = {type: e.type, param: e.param, message: e.message, status: e.statusCode};
  }
  const listed = await stripe.refunds.list({payment_intent: process.env.PI_ID}).autoPagingToArray({limit: 10});
  const charge = await stripe.charges.retrieve(refund.charge);
  console.log(JSON.stringify({refund, again, refused, listed: listed.map((r) => r.id), charge}));
})().catch((e) => { console.error(e); process.exit(1); });
`

// Refunds through stripe-node: a refund, its retry under the same
// Idempotency-Key, Stripe's error for too much, the list and the charge.
func TestRefundsStripeNode(t *testing.T) {
	node, modules := stripeNode(t)
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	s := paySession(t, srv, acct, false, goodCard)
	out := runStripeNode(t, node, modules, refundWithStripeNode, srv, acct, "PI_ID="+s.PaymentIntent.ID)
	var got struct {
		Refund struct {
			ID, Object, Status, Reason, Charge string
			Amount                             int64
		}
		Again   struct{ ID string }
		Refused *struct {
			Type, Param, Message string
			Status               int
		}
		Listed []string
		Charge struct {
			AmountRefunded int64 `json:"amount_refunded"`
			Refunded       bool
		}
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("stripe-node printed %s: %v", out, err)
	}
	if r := got.Refund; r.Object != "refund" || r.Status != "succeeded" || r.Amount != 1000 || r.Reason != "duplicate" || r.Charge == "" {
		t.Errorf("refund = %+v", r)
	}
	if got.Again.ID != got.Refund.ID || len(got.Listed) != 1 || got.Listed[0] != got.Refund.ID {
		t.Errorf("retry %s, listed %v; want the one refund %s", got.Again.ID, got.Listed, got.Refund.ID)
	}
	if r := got.Refused; r == nil || r.Type != "StripeInvalidRequestError" || r.Param != "amount" || r.Status != 400 ||
		r.Message != "Refund amount ($50.00) is greater than charge amount ($39.98)" {
		t.Errorf("refund of too much: %+v", r)
	}
	if c := got.Charge; c.AmountRefunded != 1000 || c.Refunded {
		t.Errorf("charge = %+v, want 1000 refunded of it", c)
	}
}
