package db

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"till"
)

// The storage of payments: the checkout's one read, an attempt's claim and
// the record of its outcome. The checkout service (till.CheckoutService)
// decides; these store what it decided, each in one statement.

// checkoutSessionRow is a session row with its attempt state, as
// find-checkout reads it.
type checkoutSessionRow struct {
	sessionRow
	PaymentVersion int64  `db:"payment_version" json:"payment_version"`
	AttemptUntil   *int64 `db:"attempt_until" json:"attempt_until"`
	Declines       int    `db:"declines" json:"declines"`
	Awaiting       jsonb  `db:"awaiting" json:"awaiting"`
	RedemptionHeld bool   `db:"redemption_held" json:"redemption_held"`
}

type accountRow struct {
	ID           string         `db:"id"`
	Name         string         `db:"name"`
	Created      int64          `db:"created"`
	DisplayName  *string        `db:"display_name"`
	LogoURL      *string        `db:"logo_url"`
	AccentColor  *string        `db:"accent_color"`
	EmbedOrigins pq.StringArray `db:"embed_origins"`
	TermsURL     *string        `db:"terms_url"`
}

func (r accountRow) account() *till.Account {
	return &till.Account{ID: r.ID, Name: r.Name, Created: r.Created, EmbedOrigins: r.EmbedOrigins, TermsURL: r.TermsURL,
		Branding: till.Branding{DisplayName: r.DisplayName, LogoURL: r.LogoURL, AccentColor: r.AccentColor}}
}

// checkoutRow is find-checkout's row: the session and account as columns,
// the few line items and the intent as JSON.
type checkoutRow struct {
	checkoutSessionRow
	Account        accountRow `db:"account"`
	Items          []byte     `db:"items"`
	Intent         []byte     `db:"intent"`
	ClientDeclines int        `db:"client_declines"`
}

type checkoutItemRow struct {
	Item    lineItemRow `json:"item"`
	Price   priceRow    `json:"price"`
	Product *productRow `json:"product"`
}

// FindCheckout returns a session of any account with its account, line
// items (and their products), PaymentIntent and attempt state, in one round
// trip: the checkout page's lookup. With a client address, the address's
// declines since the given time come along.
func (s *Store) FindCheckout(ctx context.Context, id, client string, since int64) (*till.Checkout, error) {
	var r checkoutRow
	if err := s.q.FindCheckout.QueryRowxContext(ctx, id, client, since).StructScan(&r); err != nil {
		return nil, notFound(err, "checkout.session", id, "session")
	}
	var items []checkoutItemRow
	if err := json.Unmarshal(r.Items, &items); err != nil {
		return nil, translate(err)
	}
	co := &till.Checkout{Session: r.session(), Account: r.Account.account(), Items: make([]till.CheckoutItem, len(items)),
		Attempts: till.AttemptState{Version: r.PaymentVersion, Declines: r.Declines, ClientDeclines: r.ClientDeclines,
			Awaiting: jsonPtr[till.Payment](r.Awaiting), RedemptionHeld: r.RedemptionHeld}}
	if r.AttemptUntil != nil {
		co.Attempts.ClaimedUntil = *r.AttemptUntil
	}
	for i, it := range items {
		it.Item.Price = it.Price
		co.Items[i].LineItem = it.Item.lineItem()
		if it.Product != nil {
			co.Items[i].Product = it.Product.product()
		}
	}
	if r.Intent != nil {
		var pr paymentIntentRow
		if err := json.Unmarshal(r.Intent, &pr); err != nil {
			return nil, translate(err)
		}
		co.Intent = pr.paymentIntent()
	}
	return co, nil
}

// ClaimSession claims the checkout's session for an attempt (token) until
// the given time, if its attempt state is still the one co was read with.
//
// A discounted session's claim also takes one redemption of its coupon and
// promotion code, in the same transaction, unless an earlier claim's is
// still held; when none is left the claim is not made and the attempt is
// refused (till.ErrDiscountUnavailable).
func (s *Store) ClaimSession(ctx context.Context, co *till.Checkout, token string, until int64) (bool, error) {
	d := co.Session.Discount
	if d == nil || co.Attempts.RedemptionHeld {
		return s.claim(ctx, s.q.ClaimSession, co, token, until)
	}
	claimed := false
	err := s.inTx(ctx, func(tx *Tx) error {
		var err error
		if claimed, err = s.claim(ctx, tx.stmt(s.q.ClaimSession), co, token, until); err != nil || !claimed {
			return err
		}
		var held int
		err = tx.stmt(s.q.HoldRedemption).GetContext(ctx, &held, co.Session.AccountID, co.Session.ID, token,
			d.CouponID, d.PromotionCodeID, s.Now())
		if err == nil && held != 1 {
			claimed, err = false, till.ErrDiscountUnavailable()
		}
		return translate(err)
	})
	return claimed, err
}

func (s *Store) claim(ctx context.Context, stmt *sqlx.Stmt, co *till.Checkout, token string, until int64) (bool, error) {
	res, err := stmt.ExecContext(ctx, co.Session.AccountID, co.Session.ID, token, until, co.Attempts.Version)
	if err != nil {
		return false, translate(err)
	}
	n, err := res.RowsAffected()
	return n == 1, translate(err)
}

// releaseRedemptions gives back the redemptions the sessions of an account
// hold and will not use (they expired).
func (s *Store) releaseRedemptions(ctx context.Context, tx *Tx, accountID string, sessionIDs []string) error {
	var n int
	return translate(tx.stmt(s.q.ReleaseRedemptions).GetContext(ctx, &n, accountID, pq.StringArray(sessionIDs)))
}

// errClaimLost is a record whose attempt no longer holds its session: its
// lease ran out and another attempt or an expiry took the session.
var errClaimLost = &till.Error{Kind: till.KindConflict, Code: till.CodePaymentInProgress,
	Message: "This payment attempt took too long and was abandoned; try again."}

// recordedSessionRow is what a payment's record changes of its session, as
// record-payments takes it (JSON for jsonb_populate_record): not the whole
// row, which would be rendered and parsed only to be dropped.
type recordedSessionRow struct {
	Status          string  `json:"status"`
	PaymentStatus   string  `json:"payment_status"`
	CompletedAt     *int64  `json:"completed_at"`
	CustomerDetails jsonb   `json:"customer_details"`
	CustomerID      *string `json:"customer_id"`
	CustomFields    jsonb   `json:"custom_fields"`
	Consent         jsonb   `json:"consent"`
	PaymentIntentID *string `json:"payment_intent_id"`
	Declines        int     `json:"declines"`
	Awaiting        jsonb   `json:"awaiting"`
	ShippingDetails jsonb   `json:"shipping_details"`
}

// RecordPayment writes an attempt's outcome and its events in one
// statement, while the attempt's claim (token) holds the session, and
// releases the claim. client is the shopper's address, kept with a decline.
// The statement is shared with the records that arrive alongside
// (payment_batch.go); it is answered once committed, whatever ctx does
// meanwhile, so that the answer says whether the payment was recorded.
func (s *Store) RecordPayment(_ context.Context, co *till.Checkout, token, client string, out *till.PaymentOutcome, events []till.NewEvent) error {
	sess := out.Session
	var customer, intent, charge []byte
	if out.Customer != nil {
		customer = toJSON(customerToRow(out.Customer))
	}
	if out.Intent != nil {
		intent = toJSON(paymentIntentToRow(out.Intent))
	}
	if out.Charge != nil {
		charge = toJSON(chargeToRow(out.Charge))
	}
	row := fmt.Appendf(nil, `{"account_id":%s,"session_id":%s,"token":%s,"client":%s,"created":%d,"declined":%t,`,
		toJSON(sess.AccountID), toJSON(sess.ID), toJSON(token), toJSON(client), s.Now(), out.Decline != nil)
	row = fmt.Appendf(row, `"session":%s,"customer":%s,"intent":%s,"charge":%s}`,
		toJSON(recordedSessionRow{Status: sess.Status, PaymentStatus: sess.PaymentStatus, CompletedAt: sess.CompletedAt,
			CustomerDetails: nullableJSON(sess.CustomerDetails), CustomerID: sess.CustomerID,
			CustomFields: customFieldsJSON(sess.CustomFields), Consent: nullableJSON(sess.Consent),
			PaymentIntentID: sess.PaymentIntentID, Declines: out.Declines, Awaiting: nullableJSON(out.Awaiting),
			ShippingDetails: nullableJSON(sess.ShippingDetails)}),
		rawJSON(customer), rawJSON(intent), rawJSON(charge))
	recorded, err := s.payments.do(&paymentRecord{sessionID: sess.ID, row: row,
		events: s.eventRowsJSON(till.EventSource{}, outboxOf(sess.AccountID, sess.Livemode, events))})
	if err != nil {
		return err
	}
	if !recorded {
		return errClaimLost
	}
	return nil
}

// PruneDeclines forgets the declines older than before: they count for no
// limit any more.
func (s *Store) PruneDeclines(ctx context.Context, before int64) error {
	_, err := s.q.PruneDeclines.ExecContext(ctx, before)
	return translate(err)
}

// UpdateSessionTotals stores a session's discount, subtotal and amounts,
// and its line items' (with their quantities), if it is still open, as co
// read it, and unclaimed.
func (s *Store) UpdateSessionTotals(ctx context.Context, co *till.Checkout, sess *till.Session) error {
	items := make([]lineItemRow, len(sess.LineItems))
	for i := range sess.LineItems {
		items[i] = lineItemToRow(&sess.LineItems[i])
	}
	var updated int
	err := s.q.UpdateSessionTotals.GetContext(ctx, &updated, sess.AccountID, sess.ID, co.Attempts.Version,
		nullableJSON(sess.Discount), sess.AmountDiscount, sess.AmountTax, sess.AmountTotal, s.Now(), toJSON(items),
		sess.AmountSubtotal)
	if err != nil {
		return translate(err)
	}
	if updated != 1 {
		return &till.Error{Kind: till.KindConflict, Code: till.CodePaymentInProgress,
			Message: "This Checkout Session changed meanwhile; reload it and try again."}
	}
	return nil
}
