package db_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"till"
	"till/db"
	"till/db/dbtest"
)

func ptr[T any](v T) *T { return &v }

func newStore(t *testing.T) (*db.Store, till.Caller) {
	t.Helper()
	t.Parallel()
	store := dbtest.NewStore(t, time.Now)
	acct, err := store.CreateAccount(context.Background(), "Test shop")
	if err != nil {
		t.Fatal(err)
	}
	caller, ok, err := store.Authenticate(context.Background(), acct.SecretKey)
	if err != nil || !ok {
		t.Fatalf("Authenticate = %v, %v", ok, err)
	}
	return store, caller
}

func TestAuthenticate(t *testing.T) {
	store, caller := newStore(t)
	if caller.KeyKind != till.KeySecret || caller.Livemode {
		t.Errorf("caller = %+v, want a test secret key", caller)
	}
	if _, ok, err := store.Authenticate(context.Background(), "sk_test_nope"); ok || err != nil {
		t.Errorf("unknown key: ok=%v err=%v", ok, err)
	}
}

func TestCreateSession(t *testing.T) {
	store, caller := newStore(t)
	ctx := context.Background()
	p := &till.CreateSessionParams{
		Mode:       ptr("payment"),
		SuccessURL: ptr("https://example.com/ok?id={CHECKOUT_SESSION_ID}"),
		LineItems: []till.LineItemParams{{
			Quantity: ptr(int64(2)),
			PriceData: &till.PriceDataParams{Currency: ptr("usd"), UnitAmount: ptr(int64(1999)),
				ProductData: &till.ProductDataParams{Name: ptr("T-shirt")}},
		}},
	}
	if err := till.CheckCreateSession(p, "2025-08-27.basil", store.Now()); err != nil {
		t.Fatal(err)
	}
	sess, _, _, err := store.CreateSession(ctx, caller, p, "2025-08-27.basil", nil, jsonRenderers().Session)
	if err != nil {
		t.Fatal(err)
	}
	got, err := store.FindSession(ctx, caller.AccountID, sess.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.AmountTotal != 3998 || got.Currency != "usd" || got.Status != till.SessionOpen {
		t.Errorf("session = %+v", got)
	}
	items, more, err := store.ListLineItems(ctx, sess.ID, till.Page{Limit: 10})
	if err != nil || more || len(items) != 1 {
		t.Fatalf("line items = %v, %v, %v", items, more, err)
	}
	if items[0].Price.UnitAmountDecimal != "1999" || *items[0].Description != "T-shirt" {
		t.Errorf("line item = %+v price %+v", items[0], items[0].Price)
	}
	if _, err := store.FindSession(ctx, "acct_other", sess.ID); till.ErrorKindOf(err) != till.KindNotFound {
		t.Errorf("other account: err = %v, want not found", err)
	}
}

func jsonRenderers() till.Renderers {
	return till.Renderers{
		Session:       func(s *till.Session) ([]byte, error) { return []byte(`{"id":"` + s.ID + `"}`), nil },
		Customer:      func(c *till.Customer) ([]byte, error) { return []byte(`{"id":"` + c.ID + `"}`), nil },
		PaymentIntent: func(pi *till.PaymentIntent) ([]byte, error) { return []byte(`{"id":"` + pi.ID + `"}`), nil },
		Charge:        func(ch *till.Charge) ([]byte, error) { return []byte(`{"id":"` + ch.ID + `"}`), nil },
		Refund:        func(r *till.Refund) ([]byte, error) { return []byte(`{"id":"` + r.ID + `"}`), nil },
	}
}

func createSession(t *testing.T, store *db.Store, caller till.Caller, mutate func(*till.CreateSessionParams)) *till.Session {
	t.Helper()
	p := &till.CreateSessionParams{
		Mode:       ptr("payment"),
		SuccessURL: ptr("https://example.com/ok"),
		LineItems: []till.LineItemParams{{Quantity: ptr(int64(1)), PriceData: &till.PriceDataParams{
			Currency: ptr("usd"), UnitAmount: ptr(int64(500)), ProductData: &till.ProductDataParams{Name: ptr("Mug")}}}},
	}
	if mutate != nil {
		mutate(p)
	}
	if err := till.CheckCreateSession(p, "2025-08-27.basil", store.Now()); err != nil {
		t.Fatal(err)
	}
	s, _, _, err := store.CreateSession(context.Background(), caller, p, "2025-08-27.basil", nil, jsonRenderers().Session)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestCreateSessionIdempotently(t *testing.T) {
	store, caller := newStore(t)
	ctx := context.Background()
	p := &till.CreateSessionParams{Mode: ptr("payment"), SuccessURL: ptr("https://example.com/ok"),
		LineItems: []till.LineItemParams{{Quantity: ptr(int64(1)), PriceData: &till.PriceDataParams{
			Currency: ptr("eur"), UnitAmount: ptr(int64(900)), ProductData: &till.ProductDataParams{Name: ptr("Book")}}}}}
	idem := &till.IdempotencyRequest{AccountID: caller.AccountID, Key: "k1", Method: "POST", Path: "/v1/checkout/sessions",
		Fingerprint: "f1", RequestID: "req_1"}
	sess, body, replay, err := store.CreateSession(ctx, caller, p, "2025-08-27.basil", idem, jsonRenderers().Session)
	if err != nil || sess == nil || replay != nil {
		t.Fatalf("first create = %v, %v, %v", sess, replay, err)
	}
	again := *idem
	again.RequestID = "req_2"
	sess2, _, replay, err := store.CreateSession(ctx, caller, p, "2025-08-27.basil", &again, jsonRenderers().Session)
	if err != nil || sess2 != nil || replay == nil || string(replay.Body) != string(body) || replay.RequestID != "req_1" {
		t.Fatalf("retry = %v, %+v, %v; want the first response replayed", sess2, replay, err)
	}
	other := *idem
	other.Fingerprint = "f2"
	if _, _, _, err := store.CreateSession(ctx, caller, p, "2025-08-27.basil", &other, jsonRenderers().Session); till.ErrorKindOf(err) != till.KindIdempotency {
		t.Fatalf("other parameters: err = %v, want an idempotency error", err)
	}
	sessions, _, err := store.ListSessions(ctx, caller, till.SessionFilter{}, till.Page{Limit: 10})
	if err != nil || len(sessions) != 1 {
		t.Fatalf("sessions = %d (%v), want 1", len(sessions), err)
	}
}

func TestPruneIdempotencyRecords(t *testing.T) {
	t.Parallel()
	now := time.Now()
	store := dbtest.NewStore(t, func() time.Time { return now })
	ctx := context.Background()
	acct, _ := store.CreateAccount(ctx, "Shop")
	caller, _, _ := store.Authenticate(ctx, acct.SecretKey)
	p := &till.CreateSessionParams{Mode: ptr("payment"), SuccessURL: ptr("https://example.com/ok"),
		LineItems: []till.LineItemParams{{Quantity: ptr(int64(1)), PriceData: &till.PriceDataParams{
			Currency: ptr("usd"), UnitAmount: ptr(int64(900)), ProductData: &till.ProductDataParams{Name: ptr("Book")}}}}}
	idem := &till.IdempotencyRequest{AccountID: caller.AccountID, Key: "k", Method: "POST", Path: "/v1/checkout/sessions", Fingerprint: "f", RequestID: "req_1"}
	if _, _, _, err := store.CreateSession(ctx, caller, p, "2025-08-27.basil", idem, jsonRenderers().Session); err != nil {
		t.Fatal(err)
	}
	replayed := func() bool {
		_, _, replay, err := store.CreateSession(ctx, caller, p, "2025-08-27.basil", idem, jsonRenderers().Session)
		if err != nil {
			t.Fatal(err)
		}
		return replay != nil
	}
	// A record is kept at least 24 hours, as Stripe promises.
	now = now.Add(23*time.Hour + 59*time.Minute)
	if n, _ := store.PruneIdempotencyRecords(ctx, 48*time.Hour); n != 0 || !replayed() {
		t.Fatalf("at 23h59m: pruned %d, replayed %v; want the record kept", n, replayed())
	}
	now = now.Add(25 * time.Hour)
	if n, err := store.PruneIdempotencyRecords(ctx, 48*time.Hour); n != 1 || err != nil {
		t.Fatalf("past 48h: pruned %d (%v), want 1", n, err)
	}
	if replayed() {
		t.Fatal("a pruned key was replayed; it should run as a new request")
	}
}

// A batch's statement fails as a whole; then each create is written alone,
// so only the one at fault fails.
func TestSessionBatchFailureStaysWithItsCreate(t *testing.T) {
	store, caller := newStore(t)
	ctx := context.Background()
	ps := make([]*till.CreateSessionParams, 3)
	for i := range ps {
		ps[i] = &till.CreateSessionParams{Mode: ptr("payment"), SuccessURL: ptr("https://example.com/ok"),
			LineItems: []till.LineItemParams{{Quantity: ptr(int64(1)), PriceData: &till.PriceDataParams{
				Currency: ptr("usd"), UnitAmount: ptr(int64(500 + i)), ProductData: &till.ProductDataParams{Name: ptr("Mug")}}}}}
		if err := till.CheckCreateSession(ps[i], "2025-08-27.basil", store.Now()); err != nil {
			t.Fatal(err)
		}
	}
	sessions, errs := store.WriteSessionsAsOneBatch(ctx, caller, ps, 1)
	if errs[0] != nil || errs[2] != nil || errs[1] == nil {
		t.Fatalf("errors = %v; want only the second create to fail", errs)
	}
	for i, want := range []bool{true, false, true} {
		_, err := store.FindSession(ctx, caller.AccountID, sessions[i].ID)
		if found := err == nil; found != want {
			t.Errorf("session %d stored = %v (%v), want %v", i, found, err, want)
		}
	}
}

// Concurrent creates are written in batches; each gets its own answer, and
// each key's retry replays its own response.
func TestConcurrentCreatesBatched(t *testing.T) {
	store, caller := newStore(t)
	ctx := context.Background()
	const n = 40
	bodies := make([][]byte, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			p := &till.CreateSessionParams{Mode: ptr("payment"), SuccessURL: ptr("https://example.com/ok"),
				LineItems: []till.LineItemParams{{Quantity: ptr(int64(1)), PriceData: &till.PriceDataParams{
					Currency: ptr("usd"), UnitAmount: ptr(int64(100 + i)), ProductData: &till.ProductDataParams{Name: ptr("Pen")}}}}}
			if errs[i] = till.CheckCreateSession(p, "2025-08-27.basil", store.Now()); errs[i] != nil {
				return
			}
			var idem *till.IdempotencyRequest
			if i%2 == 0 {
				idem = &till.IdempotencyRequest{AccountID: caller.AccountID, Key: fmt.Sprint("key-", i), Method: "POST",
					Path: "/v1/checkout/sessions", Fingerprint: "f", RequestID: fmt.Sprint("req_", i)}
			}
			_, bodies[i], _, errs[i] = store.CreateSession(ctx, caller, p, "2025-08-27.basil", idem, jsonRenderers().Session)
		})
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("create %d: %v", i, errs[i])
		}
	}
	sessions, _, err := store.ListSessions(ctx, caller, till.SessionFilter{}, till.Page{Limit: 100})
	if err != nil || len(sessions) != n {
		t.Fatalf("sessions = %d (%v), want %d", len(sessions), err, n)
	}
	for i := 0; i < n; i += 2 {
		p := &till.CreateSessionParams{Mode: ptr("payment"), SuccessURL: ptr("https://example.com/ok")}
		idem := &till.IdempotencyRequest{AccountID: caller.AccountID, Key: fmt.Sprint("key-", i), Method: "POST",
			Path: "/v1/checkout/sessions", Fingerprint: "f", RequestID: "req_retry"}
		_, _, replay, err := store.CreateSession(ctx, caller, p, "2025-08-27.basil", idem, jsonRenderers().Session)
		if err != nil || replay == nil || string(replay.Body) != string(bodies[i]) {
			t.Errorf("key-%d replays %+v (%v), want %s", i, replay, err, bodies[i])
		}
	}
}
