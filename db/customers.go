package db

import (
	"context"
	"database/sql"

	"till"
)

// CreateCustomer writes a customer and its customer.created event.
func (s *Store) CreateCustomer(ctx context.Context, c *till.Customer, ev till.EventSource, render func(*till.Customer) ([]byte, error)) error {
	return s.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.named(s.q.CreateCustomer).ExecContext(ctx, customerToRow(c)); err != nil {
			return translate(err)
		}
		data, err := render(c)
		if err != nil {
			return err
		}
		return s.insertEvents(tx, ev, outboxEvent{till.EventCustomerCreated, c.AccountID, c.Livemode, c.ID, data})
	})
}

// FindCustomer returns one of the account's customers; a deleted one comes
// back with Deleted set, as Stripe answers retrieves of deleted customers.
func (s *Store) FindCustomer(ctx context.Context, accountID, id string) (*till.Customer, error) {
	var r customerRow
	if err := s.stmt(ctx, s.q.FindCustomer).GetContext(ctx, &r, accountID, id); err != nil {
		return nil, notFound(err, "customer", id, "id")
	}
	return r.customer(), nil
}

// UpdateCustomer reads a live customer, lets apply change it, and writes it back.
func (s *Store) UpdateCustomer(ctx context.Context, accountID, id string, apply func(*till.Customer) error) (*till.Customer, error) {
	var c *till.Customer
	err := s.inTx(ctx, func(tx *Tx) error {
		var r customerRow
		err := tx.stmt(s.q.FindCustomer).GetContext(ctx, &r, accountID, id)
		if err == nil && r.Deleted {
			err = sql.ErrNoRows
		}
		if err != nil {
			return notFound(err, "customer", id, "id")
		}
		c = r.customer()
		if err := apply(c); err != nil {
			return err
		}
		_, err = tx.named(s.q.UpdateCustomer).ExecContext(ctx, customerToRow(c))
		return translate(err)
	})
	return c, err
}

// DeleteCustomer marks a customer deleted; sessions that named it keep the ID.
func (s *Store) DeleteCustomer(ctx context.Context, accountID, id string) error {
	var got string
	if err := s.stmt(ctx, s.q.DeleteCustomer).GetContext(ctx, &got, accountID, id); err != nil {
		return notFound(err, "customer", id, "id")
	}
	return nil
}

// ListCustomers returns a page of the account's live customers, newest first.
func (s *Store) ListCustomers(ctx context.Context, caller till.Caller, email *string, page till.Page) ([]*till.Customer, bool, error) {
	after, before, err := s.cursors(ctx, s.q.CustomerSeq, caller.AccountID, page, "customer")
	if err != nil {
		return nil, false, err
	}
	var rows []customerRow
	err = s.stmt(ctx, s.q.ListCustomers).SelectContext(ctx, &rows, caller.AccountID, caller.Livemode, email,
		page.CreatedGt, page.CreatedGte, page.CreatedLt, page.CreatedLte, after, before, page.Limit+1)
	if err != nil {
		return nil, false, translate(err)
	}
	out, more := pageOf(rows, page, customerRow.customer)
	return out, more, nil
}

// FindPaymentIntent returns one of the account's payment intents.
func (s *Store) FindPaymentIntent(ctx context.Context, accountID, id string) (*till.PaymentIntent, error) {
	var r paymentIntentRow
	if err := s.stmt(ctx, s.q.FindPaymentIntent).GetContext(ctx, &r, accountID, id); err != nil {
		return nil, notFound(err, "payment_intent", id, "intent")
	}
	return r.paymentIntent(), nil
}

// ListPaymentIntents returns a page of the account's payment intents, newest first.
func (s *Store) ListPaymentIntents(ctx context.Context, caller till.Caller, customerID *string, page till.Page) ([]*till.PaymentIntent, bool, error) {
	after, before, err := s.cursors(ctx, s.q.PaymentIntentSeq, caller.AccountID, page, "payment_intent")
	if err != nil {
		return nil, false, err
	}
	var rows []paymentIntentRow
	err = s.stmt(ctx, s.q.ListPaymentIntents).SelectContext(ctx, &rows, caller.AccountID, caller.Livemode, customerID,
		page.CreatedGt, page.CreatedGte, page.CreatedLt, page.CreatedLte, after, before, page.Limit+1)
	if err != nil {
		return nil, false, translate(err)
	}
	out, more := pageOf(rows, page, paymentIntentRow.paymentIntent)
	return out, more, nil
}

// FindCharge returns one of the account's charges.
func (s *Store) FindCharge(ctx context.Context, accountID, id string) (*till.Charge, error) {
	var r chargeRow
	if err := s.stmt(ctx, s.q.FindCharge).GetContext(ctx, &r, accountID, id); err != nil {
		return nil, notFound(err, "charge", id, "id")
	}
	return r.charge(), nil
}

// ListCharges returns a page of the account's charges, newest first, of a
// customer or a PaymentIntent when given.
func (s *Store) ListCharges(ctx context.Context, caller till.Caller, customerID, paymentIntentID *string, page till.Page) ([]*till.Charge, bool, error) {
	after, before, err := s.cursors(ctx, s.q.ChargeSeq, caller.AccountID, page, "charge")
	if err != nil {
		return nil, false, err
	}
	var rows []chargeRow
	err = s.stmt(ctx, s.q.ListCharges).SelectContext(ctx, &rows, caller.AccountID, caller.Livemode, customerID,
		paymentIntentID, page.CreatedGt, page.CreatedGte, page.CreatedLt, page.CreatedLte, after, before, page.Limit+1)
	if err != nil {
		return nil, false, translate(err)
	}
	out, more := pageOf(rows, page, chargeRow.charge)
	return out, more, nil
}
