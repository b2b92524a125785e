package db_test

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"till"
	"till/db"
	"till/db/dbtest"
)

// These tests drive the checkout service over the real store: the domain
// decides, the store keeps what it decided.

func newService(store *db.Store, limits till.DeclineLimits) *till.CheckoutService {
	return till.NewCheckoutService(till.CheckoutConfig{Store: store, Processor: till.TestCardProcessor{},
		Renderers: jsonRenderers(), Limits: limits})
}

// pay reads the session and makes one attempt with the card number.
func pay(t *testing.T, svc *till.CheckoutService, sessionID, number, client string) (*till.PaymentResult, error) {
	t.Helper()
	co, err := svc.Find(context.Background(), sessionID, client)
	if err != nil {
		t.Fatal(err)
	}
	return svc.Pay(context.Background(), co, till.PaymentAttempt{
		Details: till.Payment{Email: ptr("ada@example.com"), Name: ptr("Ada")},
		Card:    till.CardInput{Number: number, ExpMonth: 12, ExpYear: 2040, CVC: "123"}, Client: client})
}

func TestPaymentCompletesSession(t *testing.T) {
	store, caller := newStore(t)
	ctx := context.Background()
	sess := createSession(t, store, caller, func(p *till.CreateSessionParams) {
		p.CustomerCreation = ptr("always")
		p.PaymentIntentData = &till.PaymentIntentDataParams{Description: ptr("Order 42"), Metadata: map[string]string{"order": "42"}}
	})
	endpoint := &till.WebhookEndpoint{ID: "we_1", AccountID: caller.AccountID, URL: "https://hooks.example/",
		EnabledEvents: []string{till.EventCheckoutSessionCompleted, till.EventPaymentIntentSucceeded},
		Metadata:      map[string]string{}, Secret: "whsec_test", Status: till.WebhookEndpointEnabled, Created: store.Now()}
	if err := store.CreateWebhookEndpoint(ctx, endpoint); err != nil {
		t.Fatal(err)
	}
	svc := newService(store, till.DeclineLimits{})
	res, err := pay(t, svc, sess.ID, "4242424242424242", "")
	if err != nil {
		t.Fatal(err)
	}
	done := res.Checkout.Session
	if !res.Completed || done.Status != till.SessionComplete || done.PaymentStatus != till.PaymentPaid || done.PaymentIntentID == nil || done.CustomerID == nil {
		t.Fatalf("completed = %+v", done)
	}
	// The payment's events, newest first, in the order they happened, each
	// with a delivery to the endpoint when it listens for its type.
	events, _, err := store.ListEvents(ctx, caller, till.EventFilter{}, till.Page{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		typ      string
		objectID string
		pending  int64
	}{
		{till.EventCheckoutSessionCompleted, sess.ID, 1},
		{till.EventPaymentIntentSucceeded, *done.PaymentIntentID, 1},
		{till.EventChargeSucceeded, "", 0},
		{till.EventPaymentIntentCreated, *done.PaymentIntentID, 0},
		{till.EventCustomerCreated, *done.CustomerID, 0},
	}
	if len(events) != len(want) {
		t.Fatalf("%d events, want %d", len(events), len(want))
	}
	pi, err := store.FindPaymentIntent(ctx, caller.AccountID, *done.PaymentIntentID)
	if err != nil {
		t.Fatal(err)
	}
	for i, w := range want {
		ev := events[i]
		if w.typ == till.EventChargeSucceeded {
			w.objectID = *pi.LatestChargeID
		}
		if ev.Type != w.typ || ev.ObjectID != w.objectID || ev.PendingWebhooks != w.pending {
			t.Errorf("event %d = %s %s pending %d, want %s %s pending %d", i, ev.Type, ev.ObjectID, ev.PendingWebhooks, w.typ, w.objectID, w.pending)
		}
	}
	if pi.Status != till.PaymentIntentSucceeded || pi.Amount != 500 || pi.AmountReceived != 500 || *pi.Description != "Order 42" ||
		pi.Metadata["order"] != "42" || *pi.CustomerID != *done.CustomerID || pi.Card == nil || pi.Card.Last4 != "4242" {
		t.Errorf("payment intent = %+v", pi)
	}
	ch, err := store.FindCharge(ctx, caller.AccountID, *pi.LatestChargeID)
	if err != nil {
		t.Fatal(err)
	}
	if ch.Status != till.ChargeSucceeded || !ch.Captured || ch.Amount != 500 || ch.AmountCaptured != 500 ||
		ch.PaymentIntentID != pi.ID || *ch.CustomerID != *done.CustomerID || ch.Metadata["order"] != "42" ||
		*ch.BillingDetails.Email != "ada@example.com" || ch.Card.Last4 != "4242" || ch.Card.Funding != "credit" ||
		ch.Outcome.Type != "authorized" || ch.Card.Checks.CVCCheck == nil || *ch.Card.Checks.CVCCheck != "pass" {
		t.Errorf("charge = %+v", ch)
	}
	// A second attempt gets the completed session, as the first left it.
	again, err := pay(t, svc, sess.ID, "4242424242424242", "")
	if err != nil || again.Completed || again.Checkout.Session.Status != till.SessionComplete {
		t.Errorf("second attempt = %+v, %v; want the completed session", again, err)
	}
}

func TestPaymentConcurrently(t *testing.T) {
	store, caller := newStore(t)
	sess := createSession(t, store, caller, nil)
	// Two services: two processes' worth of attempts, which only the
	// claim in the database keeps apart.
	services := []*till.CheckoutService{newService(store, till.DeclineLimits{}), newService(store, till.DeclineLimits{})}
	const n = 20
	var wg sync.WaitGroup
	var mu sync.Mutex
	completed := 0
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			res, err := pay(t, services[i%2], sess.ID, "4242424242424242", "")
			switch {
			case err == nil && res.Checkout.Session.Status == till.SessionComplete:
				if res.Completed {
					mu.Lock()
					completed++
					mu.Unlock()
				}
			case till.AsError(err).Code != till.CodePaymentInProgress:
				t.Errorf("attempt: %+v, %v; want the completed session or a conflict", res, err)
			}
		})
	}
	close(start)
	wg.Wait()
	if completed != 1 {
		t.Fatalf("%d attempts completed the session, want exactly 1", completed)
	}
	intents, _, err := store.ListPaymentIntents(context.Background(), caller, nil, till.Page{Limit: 100})
	if err != nil || len(intents) != 1 || intents[0].Status != till.PaymentIntentSucceeded {
		t.Fatalf("payment intents = %+v (%v), want 1 succeeded", intents, err)
	}
}

func TestPaymentOfExpiredSession(t *testing.T) {
	t.Parallel()
	now := time.Now()
	store := dbtest.NewStore(t, func() time.Time { return now })
	acct, _ := store.CreateAccount(context.Background(), "Shop")
	caller, _, _ := store.Authenticate(context.Background(), acct.SecretKey)
	sess := createSession(t, store, caller, nil)
	now = now.Add(25 * time.Hour) // past expires_at, before any sweeper ran
	res, err := pay(t, newService(store, till.DeclineLimits{}), sess.ID, "4242424242424242", "")
	if err != nil || res.Completed || res.Checkout.Session.Payable(store.Now()) == nil {
		t.Fatalf("attempt = %+v, %v; want the expired session unpaid", res, err)
	}
	if got, _ := store.FindSession(context.Background(), caller.AccountID, sess.ID); got.Status != till.SessionOpen || got.PaymentIntentID != nil {
		t.Fatalf("session = %+v, want it open and untouched", got)
	}
}

func TestDeclineThenSuccess(t *testing.T) {
	store, caller := newStore(t)
	ctx := context.Background()
	sess := createSession(t, store, caller, nil)
	svc := newService(store, till.DeclineLimits{})
	res, err := pay(t, svc, sess.ID, "4000000000009995", "")
	if err != nil {
		t.Fatal(err)
	}
	pi := res.Checkout.Intent
	if res.Decline == nil || pi.Status != till.PaymentIntentRequiresPaymentMethod || pi.LastPaymentError == nil || pi.LastPaymentError.DeclineCode != "insufficient_funds" {
		t.Fatalf("after decline: %+v", pi)
	}
	open, _ := store.FindSession(ctx, caller.AccountID, sess.ID)
	if open.Status != till.SessionOpen || open.PaymentIntentID == nil || *open.PaymentIntentID != pi.ID {
		t.Fatalf("session after decline = %+v", open)
	}
	res, err = pay(t, svc, sess.ID, "4242424242424242", "")
	if err != nil {
		t.Fatal(err)
	}
	if done := res.Checkout.Session; *done.PaymentIntentID != pi.ID {
		t.Errorf("completion made a new payment intent %s, want %s settled", *done.PaymentIntentID, pi.ID)
	}
	settled, _ := store.FindPaymentIntent(ctx, caller.AccountID, pi.ID)
	if settled.Status != till.PaymentIntentSucceeded || settled.LastPaymentError != nil || settled.AmountReceived != 500 {
		t.Errorf("settled = %+v", settled)
	}
}

func TestDeclineLimits(t *testing.T) {
	store, caller := newStore(t)
	svc := newService(store, till.DeclineLimits{PerSession: 3, PerClient: 5, Window: time.Hour})
	locked := createSession(t, store, caller, nil)
	for range 3 {
		if res, err := pay(t, svc, locked.ID, "4000000000000002", "10.0.0.1"); err != nil || res.Decline == nil {
			t.Fatalf("decline = %+v, %v", res, err)
		}
	}
	// The session refuses every further attempt, a good card included.
	if _, err := pay(t, svc, locked.ID, "4242424242424242", "10.0.0.2"); till.AsError(err).Code != till.CodeTooManyDeclines {
		t.Fatalf("attempt on a locked session: err = %v, want %s", err, till.CodeTooManyDeclines)
	}
	// The address has two declines left, on any session.
	other := createSession(t, store, caller, nil)
	for range 2 {
		if res, err := pay(t, svc, other.ID, "4000000000000002", "10.0.0.1"); err != nil || res.Decline == nil {
			t.Fatalf("decline = %+v, %v", res, err)
		}
	}
	if _, err := pay(t, svc, other.ID, "4242424242424242", "10.0.0.1"); till.AsError(err).Code != till.CodeRateLimit {
		t.Fatalf("attempt from a limited address: err = %v, want %s", err, till.CodeRateLimit)
	}
	// Another address pays.
	if res, err := pay(t, svc, other.ID, "4242424242424242", "10.0.0.3"); err != nil || !res.Completed {
		t.Fatalf("attempt from another address = %+v, %v; want it paid", res, err)
	}
}

// A batch of payment records is written in one statement; when it fails,
// each record is written alone, so only the one at fault fails, and a
// record whose claim was lost meanwhile writes nothing while the others are
// recorded, each session's events in their order.
func TestPaymentRecordsBatched(t *testing.T) {
	t.Parallel()
	var later atomic.Int64 // how far the store's clock is ahead
	store := dbtest.NewStore(t, func() time.Time { return time.Now().Add(time.Duration(later.Load())) })
	ctx := context.Background()
	acct, err := store.CreateAccount(ctx, "Test shop")
	if err != nil {
		t.Fatal(err)
	}
	caller, _, err := store.Authenticate(ctx, acct.SecretKey)
	if err != nil {
		t.Fatal(err)
	}
	svc := newService(store, till.DeclineLimits{})
	sessions := make([]*till.Session, 4)
	for i := range sessions {
		sessions[i] = createSession(t, store, caller, nil)
	}
	expired, broken, declined := sessions[1].ID, sessions[2].ID, sessions[3].ID

	queued, release := store.HoldPaymentRecords()
	results := make([]*till.PaymentResult, len(sessions))
	errs := make([]error, len(sessions))
	var wg sync.WaitGroup
	for i, sess := range sessions {
		number := "4242424242424242"
		if sess.ID == declined {
			number = "4000000000000002"
		}
		wg.Go(func() { results[i], errs[i] = pay(t, svc, sess.ID, number, "192.0.2.1") })
	}
	// Every attempt has claimed its session and waits for its record.
	for deadline := time.Now().Add(10 * time.Second); queued() < len(sessions); runtime.Gosched() {
		if time.Now().After(deadline) {
			t.Fatalf("%d records queued, want %d", queued(), len(sessions))
		}
	}
	// The second session's claim lapses and the session expires; the
	// third's record names a customer that does not exist.
	later.Store(int64(time.Hour))
	if _, err := store.ExpireSession(ctx, caller.AccountID, expired, till.EventSource{}, jsonRenderers()); err != nil {
		t.Fatal(err)
	}
	release(func(sessionID string, session map[string]any) {
		if sessionID == broken {
			session["customer_id"] = "cus_missing"
		}
	})
	wg.Wait()

	for i, sess := range sessions {
		got, err := store.FindSession(ctx, caller.AccountID, sess.ID)
		if err != nil {
			t.Fatal(err)
		}
		switch sess.ID {
		case expired:
			if till.AsError(errs[i]).Code != till.CodePaymentInProgress || got.Status != till.SessionExpired || got.PaymentIntentID != nil {
				t.Errorf("expired under its claim: %v, session %s, intent %v; want the claim lost and nothing recorded", errs[i], got.Status, got.PaymentIntentID)
			}
		case broken:
			if errs[i] == nil || got.Status != till.SessionOpen || got.PaymentIntentID != nil {
				t.Errorf("broken record: %v, session %s; want its own error and nothing recorded", errs[i], got.Status)
			}
		case declined:
			if errs[i] != nil || results[i].Decline == nil || got.Status != till.SessionOpen || got.PaymentIntentID == nil {
				t.Errorf("declined: %+v, %v, session %s; want the decline recorded", results[i], errs[i], got.Status)
			}
		default:
			if errs[i] != nil || !results[i].Completed || got.Status != till.SessionComplete {
				t.Errorf("paid: %+v, %v, session %s; want it complete", results[i], errs[i], got.Status)
			}
		}
	}
	// The recorded payments' events, and only theirs, each in the order
	// it happened.
	events, _, err := store.ListEvents(ctx, caller, till.EventFilter{}, till.Page{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	at := map[string]int{} // type and object → position, oldest first
	for i, e := range events {
		at[e.Type+" "+e.ObjectID] = len(events) - i
	}
	intents := 0
	for i, sess := range sessions {
		if errs[i] != nil {
			continue
		}
		intents++
		pi := *results[i].Checkout.Session.PaymentIntentID
		last := till.EventPaymentIntentSucceeded
		if sess.ID == declined {
			last = till.EventPaymentIntentFailed
		}
		created, done := at[till.EventPaymentIntentCreated+" "+pi], at[last+" "+pi]
		if created == 0 || done <= created {
			t.Errorf("session %d: %s at %d, %s at %d; want both, in that order", i, till.EventPaymentIntentCreated, created, last, done)
		}
		if sess.ID != declined && at[till.EventCheckoutSessionCompleted+" "+sess.ID] <= done {
			t.Errorf("session %d: completed before its intent succeeded", i)
		}
	}
	n := 0
	for _, e := range events {
		if e.Type == till.EventPaymentIntentCreated {
			n++
		}
	}
	if n != intents {
		t.Errorf("%d intents created, want %d: one per recorded payment", n, intents)
	}
}
