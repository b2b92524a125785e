package db_test

import (
	"context"
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
	sess, err := store.CreateSession(ctx, caller, p, "2025-08-27.basil")
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
