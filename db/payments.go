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
		var err error
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
		// A declined attempt may have made the session's PaymentIntent
		// already; this payment settles it, otherwise a new one is made.
		var pi *till.PaymentIntent
		existing := sess.PaymentIntentID != nil
		if existing {
			if pi, err = s.findPaymentIntent(tx, accountID, *sess.PaymentIntentID); err != nil {
				return err
			}
			settled := till.NewCheckoutPaymentIntent(sess, sess.CustomerID, now)
			pi.Status, pi.AmountReceived, pi.CustomerID, pi.LastPaymentError = settled.Status, settled.AmountReceived, sess.CustomerID, nil
		} else if sess.AmountTotal > 0 {
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
			write := s.q.CreatePaymentIntent
			if existing {
				write = s.q.SettlePaymentIntent
			}
			if _, err := tx.named(write).ExecContext(ctx, paymentIntentToRow(pi, &pay.Card)); err != nil {
				return translate(err)
			}
			render := func() ([]byte, error) { return r.PaymentIntent(pi) }
			if !existing {
				events = append(events, pendingEvent{till.EventPaymentIntentCreated, pi.ID, render})
			}
			if pi.Status == till.PaymentIntentSucceeded {
				events = append(events, pendingEvent{till.EventPaymentIntentSucceeded, pi.ID, render})
			}
		}
		events = append(events, pendingEvent{till.EventCheckoutSessionCompleted, sess.ID, func() ([]byte, error) { return r.Session(sess) }})
		return s.insertPendingEvents(tx, ev, sess, events)
	})
	if err != nil {
		return nil, err
	}
	return sess, nil
}

// FailPayment records a declined payment attempt: the session stays open,
// and its PaymentIntent (made now on the first attempt) carries the decline
// as last_payment_error, with the payment_intent.payment_failed event.
func (s *Store) FailPayment(ctx context.Context, accountID, id string, decline *till.Error, card till.Card, ev EventSource, r Renderers) (*till.PaymentIntent, error) {
	var pi *till.PaymentIntent
	err := s.inTx(ctx, func(tx *Tx) error {
		var row sessionRow
		if err := tx.stmt(s.q.FindSession).GetContext(ctx, &row, accountID, id); err != nil {
			return notFound(err, "checkout.session", id, "session")
		}
		sess := row.session()
		now := s.Now()
		if err := sessionPayable(sess, now); err != nil {
			return err
		}
		var events []pendingEvent
		var err error
		if sess.PaymentIntentID != nil {
			if pi, err = s.findPaymentIntent(tx, accountID, *sess.PaymentIntentID); err != nil {
				return err
			}
		} else {
			pi = till.NewCheckoutPaymentIntent(sess, sess.CustomerID, now)
			pi.Status, pi.AmountReceived = till.PaymentIntentRequiresPaymentMethod, 0
			if _, err := tx.named(s.q.CreatePaymentIntent).ExecContext(ctx, paymentIntentToRow(pi, nil)); err != nil {
				return translate(err)
			}
			res, err := tx.stmt(s.q.AttachPaymentIntent).ExecContext(ctx, accountID, id, pi.ID)
			if err != nil {
				return translate(err)
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return errSessionNotOpen
			}
			events = append(events, pendingEvent{till.EventPaymentIntentCreated, pi.ID, func() ([]byte, error) { return r.PaymentIntent(pi) }})
		}
		pi.Status, pi.LastPaymentError = till.PaymentIntentRequiresPaymentMethod, till.PaymentErrorOf(decline)
		if _, err := tx.named(s.q.SettlePaymentIntent).ExecContext(ctx, paymentIntentToRow(pi, &card)); err != nil {
			return translate(err)
		}
		events = append(events, pendingEvent{till.EventPaymentIntentFailed, pi.ID, func() ([]byte, error) { return r.PaymentIntent(pi) }})
		return s.insertPendingEvents(tx, ev, sess, events)
	})
	return pi, err
}

func (s *Store) findPaymentIntent(tx *Tx, accountID, id string) (*till.PaymentIntent, error) {
	var r paymentIntentRow
	if err := tx.stmt(s.q.FindPaymentIntent).GetContext(tx.ctx, &r, accountID, id); err != nil {
		return nil, notFound(err, "payment_intent", id, "intent")
	}
	return r.paymentIntent(), nil
}

// insertPendingEvents renders a payment's events, now that their objects
// are final, and writes them in its transaction.
func (s *Store) insertPendingEvents(tx *Tx, ev EventSource, sess *till.Session, events []pendingEvent) error {
	out := make([]outboxEvent, len(events))
	for i, e := range events {
		data, err := e.render()
		if err != nil {
			return err
		}
		out[i] = outboxEvent{e.typ, sess.AccountID, sess.Livemode, e.objectID, data}
	}
	return s.insertEvents(tx, ev, out...)
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
