package db

import (
	"context"
	"database/sql"
	"errors"

	"github.com/jmoiron/sqlx"

	"till"
)

// txLookup resolves a create request's references inside its transaction,
// scoped to the caller's account.
type txLookup struct {
	ctx    context.Context
	s      *Store
	tx     *Tx
	caller till.Caller
}

func (l txLookup) Price(id string) (*till.Price, error) {
	var r priceRow
	if err := l.tx.stmt(l.s.q.FindPrice).GetContext(l.ctx, &r, l.caller.AccountID, id); err != nil {
		return nil, notFound(err, "price", id, "price")
	}
	return r.price(), nil
}

func (l txLookup) Product(id string) (*till.Product, error) {
	var r productRow
	if err := l.tx.stmt(l.s.q.FindProduct).GetContext(l.ctx, &r, l.caller.AccountID, id); err != nil {
		return nil, notFound(err, "product", id, "product")
	}
	return r.product(), nil
}

func (l txLookup) Customer(id string) (*till.Customer, error) {
	var r customerRow
	err := l.tx.stmt(l.s.q.FindCustomer).GetContext(l.ctx, &r, l.caller.AccountID, id)
	if err == nil && r.Deleted {
		err = sql.ErrNoRows
	}
	if err != nil {
		if e := notFound(err, "customer", id, "customer"); till.ErrorKindOf(e) == till.KindNotFound {
			// A missing customer named in a parameter is a 400, as at Stripe.
			te := till.AsError(e)
			te.Kind = till.KindInvalid
			return nil, te
		}
		return nil, translate(err)
	}
	return r.customer(), nil
}

// CreateSession checks the references of p, plans the session and writes it
// with its line items and inline prices and products in one transaction.
func (s *Store) CreateSession(ctx context.Context, caller till.Caller, p *till.CreateSessionParams, apiVersion string) (*till.Session, error) {
	var sess *till.Session
	err := s.inTx(ctx, func(tx *Tx) error {
		plan, err := till.PlanSession(p, caller, apiVersion, s.Now(), txLookup{ctx, s, tx, caller})
		if err != nil {
			return err
		}
		for _, prod := range plan.NewProducts {
			if _, err := tx.named(s.q.CreateProduct).ExecContext(ctx, productToRow(prod)); err != nil {
				return translate(err)
			}
		}
		for _, price := range plan.NewPrices {
			if _, err := tx.named(s.q.CreatePrice).ExecContext(ctx, priceToRow(price)); err != nil {
				return translate(err)
			}
		}
		if _, err := tx.named(s.q.CreateSession).ExecContext(ctx, sessionToRow(plan.Session)); err != nil {
			return translate(err)
		}
		for i := range plan.Session.LineItems {
			if _, err := tx.named(s.q.CreateLineItem).ExecContext(ctx, lineItemToRow(&plan.Session.LineItems[i])); err != nil {
				return translate(err)
			}
		}
		sess = plan.Session
		return nil
	})
	return sess, err
}

// FindSession returns a session of the account, without its line items.
func (s *Store) FindSession(ctx context.Context, accountID, id string) (*till.Session, error) {
	var r sessionRow
	if err := s.q.FindSession.GetContext(ctx, &r, accountID, id); err != nil {
		return nil, notFound(err, "checkout.session", id, "session")
	}
	return r.session(), nil
}

// SessionFilter narrows a session list.
type SessionFilter struct {
	Status          *string
	CustomerID      *string
	PaymentIntentID *string
}

// ListSessions returns a page of the account's sessions, newest first, and
// whether more follow.
func (s *Store) ListSessions(ctx context.Context, caller till.Caller, f SessionFilter, page till.Page) ([]*till.Session, bool, error) {
	after, before, err := s.cursors(ctx, s.q.SessionSeq, caller.AccountID, page, "checkout.session")
	if err != nil {
		return nil, false, err
	}
	var rows []sessionRow
	err = s.q.ListSessions.SelectContext(ctx, &rows, caller.AccountID, caller.Livemode, f.Status, f.CustomerID,
		f.PaymentIntentID, page.CreatedGt, page.CreatedGte, page.CreatedLt, page.CreatedLte, after, before, page.Limit+1)
	if err != nil {
		return nil, false, translate(err)
	}
	rows, more := trimPage(rows, page)
	out := make([]*till.Session, len(rows))
	for i, r := range rows {
		out[i] = r.session()
	}
	return out, more, nil
}

// UpdateSessionMetadata applies a metadata update (empty values unset keys;
// an empty, non-nil map with clear=true unsets all) and returns the session.
func (s *Store) UpdateSessionMetadata(ctx context.Context, accountID, id string, update map[string]string, clear bool) (*till.Session, error) {
	var sess *till.Session
	err := s.inTx(ctx, func(tx *Tx) error {
		var r sessionRow
		if err := tx.stmt(s.q.FindSession).GetContext(ctx, &r, accountID, id); err != nil {
			return notFound(err, "checkout.session", id, "session")
		}
		sess = r.session()
		sess.Metadata = till.MergeMetadata(sess.Metadata, update, clear)
		if err := till.CheckMetadata("metadata", sess.Metadata); err != nil {
			return err
		}
		_, err := tx.stmt(s.q.UpdateSessionMetadata).ExecContext(ctx, accountID, id, metadataJSON(sess.Metadata))
		return translate(err)
	})
	return sess, err
}

// ExpireSession expires an open session and writes its
// checkout.session.expired event in the same transaction; render gives the
// event's data.object for the expired session.
func (s *Store) ExpireSession(ctx context.Context, accountID, id string, ev EventSource, render func(*till.Session) ([]byte, error)) (*till.Session, error) {
	var sess *till.Session
	err := s.inTx(ctx, func(tx *Tx) error {
		var got string
		err := tx.stmt(s.q.ExpireSession).GetContext(ctx, &got, accountID, id)
		var r sessionRow
		if ferr := tx.stmt(s.q.FindSession).GetContext(ctx, &r, accountID, id); ferr != nil {
			return notFound(ferr, "checkout.session", id, "session")
		}
		sess = r.session()
		if errors.Is(err, sql.ErrNoRows) {
			return till.Invalid(till.CodeInvalidRequest, "", "Only Checkout Sessions with a status in [\"open\"] can be expired. This Checkout Session has a status of `%s`.", sess.Status)
		}
		if err != nil {
			return translate(err)
		}
		data, err := render(sess)
		if err != nil {
			return err
		}
		return s.insertEvent(tx, ev, till.EventCheckoutSessionExpired, sess.AccountID, sess.Livemode, sess.ID, data)
	})
	return sess, err
}

// ListLineItems returns a page of a session's line items in their order.
func (s *Store) ListLineItems(ctx context.Context, sessionID string, page till.Page) ([]till.LineItem, bool, error) {
	var after, before *int
	for _, c := range []struct {
		id  string
		dst **int
	}{{page.StartingAfter, &after}, {page.EndingBefore, &before}} {
		if c.id == "" {
			continue
		}
		var pos int
		if err := s.q.LineItemPosition.GetContext(ctx, &pos, sessionID, c.id); err != nil {
			return nil, false, badCursor(err, "item", c.id)
		}
		*c.dst = &pos
	}
	var rows []lineItemRow
	if err := s.q.ListLineItems.SelectContext(ctx, &rows, sessionID, after, before, page.Limit+1); err != nil {
		return nil, false, translate(err)
	}
	rows, more := trimPage(rows, page)
	out := make([]till.LineItem, len(rows))
	for i, r := range rows {
		out[i] = r.lineItem()
	}
	return out, more, nil
}

// cursors turns starting_after/ending_before object IDs into seq bounds.
func (s *Store) cursors(ctx context.Context, seqStmt *sqlx.Stmt, accountID string, page till.Page, objectType string) (after, before *int64, err error) {
	for _, c := range []struct {
		id  string
		dst **int64
	}{{page.StartingAfter, &after}, {page.EndingBefore, &before}} {
		if c.id == "" {
			continue
		}
		var seq int64
		if err := seqStmt.GetContext(ctx, &seq, accountID, c.id); err != nil {
			return nil, nil, badCursor(err, objectType, c.id)
		}
		*c.dst = &seq
	}
	return after, before, nil
}

func badCursor(err error, objectType, id string) error {
	if errors.Is(err, sql.ErrNoRows) {
		e := till.NotFound(objectType, id, "starting_after")
		e.Kind = till.KindInvalid
		return e
	}
	return translate(err)
}

// trimPage drops the extra row fetched to learn whether more follow, and
// restores newest-first order for ending_before pages, which are read
// oldest-first from the cursor.
func trimPage[T any](rows []T, page till.Page) ([]T, bool) {
	more := len(rows) > page.Limit
	if more {
		rows = rows[:page.Limit]
	}
	if page.EndingBefore != "" {
		for i, j := 0, len(rows)-1; i < j; i, j = i+1, j-1 {
			rows[i], rows[j] = rows[j], rows[i]
		}
	}
	return rows, more
}
