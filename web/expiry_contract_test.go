package web_test

import (
	"testing"
	"time"

	"github.com/stripe/stripe-go/v82"

	"till/handlers/api"
	"till/worker"
)

// TestSweeperExpiresSession: a session past expires_at is expired by the
// sweeper, with url null and one checkout.session.expired event that no
// request caused, rendered as the API renders sessions.
func TestSweeperExpiresSession(t *testing.T) {
	srv, raw := newTestServerDB(t)
	acct := srv.newAccount(t)
	ids := createSessions(t, acct, 2)
	if _, err := raw.Exec(`UPDATE checkout_sessions SET expires_at = $2 WHERE id = $1`, ids[0], time.Now().Unix()-1); err != nil {
		t.Fatal(err)
	}
	sw := worker.NewSweeper(worker.SweeperConfig{Store: srv.Store,
		Renderers: api.New(srv.Store, nil, srv.URL).EventRenderers()})
	for range 2 {
		if _, err := sw.Sweep(bg); err != nil {
			t.Fatal(err)
		}
	}
	s, err := acct.Stripe.V1CheckoutSessions.Retrieve(bg, ids[0], nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Status != stripe.CheckoutSessionStatusExpired || s.URL != "" {
		t.Errorf("swept session: status %q url %q, want expired and null", s.Status, s.URL)
	}
	if s, _ := acct.Stripe.V1CheckoutSessions.Retrieve(bg, ids[1], nil); s.Status != stripe.CheckoutSessionStatusOpen {
		t.Errorf("unexpired session status = %q", s.Status)
	}
	events := listEvents(t, acct, &stripe.EventListParams{Type: stripe.String("checkout.session.expired")})
	if len(events) != 1 {
		t.Fatalf("%d expired events, want 1", len(events))
	}
	ev := events[0]
	if ev.Request == nil || ev.Request.ID != "" || ev.Request.IdempotencyKey != "" {
		t.Errorf("request = %+v, want id and idempotency_key null", ev.Request)
	}
	if ev.Data.Object["id"] != ids[0] || ev.Data.Object["status"] != "expired" || ev.Data.Object["url"] != nil ||
		ev.Data.Object["object"] != "checkout.session" {
		t.Errorf("data.object = %v", ev.Data.Object)
	}
	_, err = acct.Stripe.V1CheckoutSessions.Expire(bg, ids[0], nil)
	if err == nil {
		t.Error("expiring a swept session succeeded")
	}
}
