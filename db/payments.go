package db

import (
	"context"

	"till"
)

// Renderers give the JSON of the objects events carry as data.object. The
// API package owns Stripe's shapes; the store only stores the bytes.
type Renderers struct {
	Session       func(*till.Session) ([]byte, error)
	Customer      func(*till.Customer) ([]byte, error)
	PaymentIntent func(*till.PaymentIntent) ([]byte, error)
}

// CompleteSession records a successful payment of an open, unexpired session:
// in one transaction it marks the session complete, creates the Customer
// (customer_creation=always) and the PaymentIntent, and writes their events.
// It succeeds at most once per session: a second payment gets a conflict
// error, a payment after expires_at an "expired" one, and neither writes
// anything.
func (s *Store) CompleteSession(ctx context.Context, accountID, id string, pay till.Payment, ev EventSource, r Renderers) (*till.Session, error) {
	var sess *till.Session
	err := s.inTx(ctx, func(tx *Tx) error {
		var row sessionRow
		if err := tx.stmt(s.q.FindSession).GetContext(ctx, &row, accountID, id); err != nil {
			return notFound(err, "checkout.session", id, "session")
		}
		sess = row.session()
		now := s.Now()
		if err := sessionPayable(sess, now); err != nil {
			return err
		}
		var events []pendingEvent
		if sess.CustomerID == nil && sess.CustomerCreation != nil && *sess.CustomerCreation == "always" {
			c := &till.Customer{ID: till.NewCustomerID(), AccountID: sess.AccountID, Livemode: sess.Livemode,
				Email: pay.Email, Name: pay.Name, Phone: pay.Phone, Address: pay.Address,
				Metadata: map[string]string{}, Created: now}
			if _, err := tx.named(s.q.CreateCustomer).ExecContext(ctx, customerToRow(c)); err != nil {
				return translate(err)
			}
			sess.CustomerID = &c.ID
			events = append(events, pendingEvent{till.EventCustomerCreated, c.ID, func() ([]byte, error) { return r.Customer(c) }})
		}
		sess.Status, sess.PaymentStatus, sess.CompletedAt = till.SessionComplete, till.CompletionStatus(sess.AmountTotal), &now
		sess.CustomerDetails = &till.CustomerDetails{Address: pay.Address, Email: pay.Email, Name: pay.Name, Phone: pay.Phone}
		var pi *till.PaymentIntent
		if sess.AmountTotal > 0 {
			pi = till.NewCheckoutPaymentIntent(sess, sess.CustomerID, now)
			sess.PaymentIntentID = &pi.ID
		}
		res, err := tx.named(s.q.CompleteSession).ExecContext(ctx, completeSessionArgs{
			ID: sess.ID, AccountID: accountID, Now: now, PaymentStatus: sess.PaymentStatus,
			CustomerDetails: nullableJSON(sess.CustomerDetails), PaymentIntentID: sess.PaymentIntentID,
			CustomerID: sess.CustomerID})
		if err != nil {
			return translate(err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			// Another payment, the sweeper or an expire call won the race
			// since the read: nothing of this attempt may commit.
			return errSessionNotOpen
		}
		// The PaymentIntent is written only once the session is ours, so a
		// losing attempt never meets the one-intent-per-session constraint.
		if pi != nil {
			if _, err := tx.named(s.q.CreatePaymentIntent).ExecContext(ctx, paymentIntentToRow(pi, &pay.Card)); err != nil {
				return translate(err)
			}
			render := func() ([]byte, error) { return r.PaymentIntent(pi) }
			events = append(events, pendingEvent{till.EventPaymentIntentCreated, pi.ID, render})
			if pi.Status == till.PaymentIntentSucceeded {
				events = append(events, pendingEvent{till.EventPaymentIntentSucceeded, pi.ID, render})
			}
		}
		events = append(events, pendingEvent{till.EventCheckoutSessionCompleted, sess.ID, func() ([]byte, error) { return r.Session(sess) }})
		for _, e := range events {
			data, err := e.render()
			if err != nil {
				return err
			}
			if err := s.insertEvent(tx, ev, e.typ, sess.AccountID, sess.Livemode, e.objectID, data); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return sess, nil
}

type pendingEvent struct {
	typ      string
	objectID string
	render   func() ([]byte, error)
}

type completeSessionArgs struct {
	ID              string  `db:"id"`
	AccountID       string  `db:"account_id"`
	Now             int64   `db:"now"`
	PaymentStatus   string  `db:"payment_status"`
	CustomerDetails []byte  `db:"customer_details"`
	PaymentIntentID *string `db:"payment_intent_id"`
	CustomerID      *string `db:"customer_id"`
}

// Errors of a payment that cannot complete a session.
var (
	errSessionNotOpen = &till.Error{Kind: till.KindConflict, Code: "checkout_session_not_open",
		Message: "This Checkout Session is no longer open."}
)

// sessionPayable tells why a session cannot take a payment now, if it cannot.
func sessionPayable(s *till.Session, now int64) error {
	switch {
	case s.Status == till.SessionComplete:
		return &till.Error{Kind: till.KindConflict, Code: "checkout_session_complete",
			Message: "This Checkout Session is already complete."}
	case s.Status == till.SessionExpired || now >= s.ExpiresAt:
		return &till.Error{Kind: till.KindConflict, Code: "checkout_session_expired",
			Message: "This Checkout Session has expired."}
	case s.Status != till.SessionOpen:
		return errSessionNotOpen
	}
	return nil
}
