package web_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// captureWithStripeNode captures one manual-capture PaymentIntent (part of
// it) and cancels another with stripe-node, then captures the canceled one,
// and prints what stripe-node made of each answer.
const captureWithStripeNode = `
const Stripe = require('stripe');
const u = new URL(process.env.TILL_URL);
const stripe = new Stripe(process.env.TILL_KEY, {host: u.hostname, port: u.port, protocol: 'http', maxNetworkRetries: 0});
(async () => {
  const captured = await stripe.paymentIntents.capture(process.env.CAPTURE_ID, {amount_to_capture: 1000});
  const canceled = await stripe.paymentIntents.cancel(process.env.CANCEL_ID, {cancellation_reason: 'abandoned'});
  let refused = null;
  try { await stripe.paymentIntents.capture(process.env.CANCEL_ID); } catch (e) {
    refused = {type: e.type, code: e.code, status: e.statusCode};
  }
  console.log(JSON.stringify({captured, canceled, refused}));
})().catch((e) => { console.error(e); process.exit(1); });
`

// Capture and cancel through stripe-node: its types and errors as it
// shapes them for a merchant's Node backend.
func TestCaptureStripeNode(t *testing.T) {
	node, modules := stripeNode(t)
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	captureID, cancelID := manualCapturePayment(t, srv, acct), manualCapturePayment(t, srv, acct)
	out := runStripeNode(t, node, modules, captureWithStripeNode, srv, acct, "CAPTURE_ID="+captureID, "CANCEL_ID="+cancelID)
	var got struct {
		Captured struct {
			Status           string `json:"status"`
			AmountReceived   int64  `json:"amount_received"`
			AmountCapturable int64  `json:"amount_capturable"`
		}
		Canceled struct {
			Status             string `json:"status"`
			CancellationReason string `json:"cancellation_reason"`
			CanceledAt         int64  `json:"canceled_at"`
		}
		Refused *struct {
			Type   string `json:"type"`
			Code   string `json:"code"`
			Status int    `json:"status"`
		}
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("stripe-node printed %s: %v", out, err)
	}
	if c := got.Captured; c.Status != "succeeded" || c.AmountReceived != 1000 || c.AmountCapturable != 0 {
		t.Errorf("captured = %+v, want succeeded, 1000 received, nothing capturable", c)
	}
	if c := got.Canceled; c.Status != "canceled" || c.CancellationReason != "abandoned" || c.CanceledAt == 0 {
		t.Errorf("canceled = %+v, want canceled as abandoned, with canceled_at", c)
	}
	if r := got.Refused; r == nil || r.Type != "StripeInvalidRequestError" || r.Code != "payment_intent_unexpected_state" || r.Status != 400 {
		t.Errorf("capture of a canceled intent: %+v, want StripeInvalidRequestError payment_intent_unexpected_state 400", r)
	}
}

// stripeNode finds node and the stripe-node package that
// web/testdata/ensure-npm-tools.sh installs, before a test sets anything up.
func stripeNode(t *testing.T) (node, modules string) {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		missing(t, "node not found on PATH: run web/testdata/ensure-npm-tools.sh")
	}
	modules, _ = filepath.Abs("../.data/npm/stripe-node/node_modules")
	if _, err := os.Stat(filepath.Join(modules, "stripe", "package.json")); err != nil {
		missing(t, "stripe-node not installed: run web/testdata/ensure-npm-tools.sh")
	}
	return node, modules
}

// runStripeNode runs a stripe-node script against srv as acct (TILL_URL,
// TILL_KEY, and env besides) and returns what it printed.
func runStripeNode(t *testing.T, node, modules, script string, srv *testServer, acct *account, env ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "-e", script)
	cmd.Env = append(append(os.Environ(), "NODE_PATH="+modules, "TILL_URL="+srv.URL, "TILL_KEY="+acct.SecretKey), env...)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("stripe-node: %v\n%s", err, out)
	}
	return out
}
