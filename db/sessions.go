package db

import (
	"context"
	"database/sql"
	"errors"
	"slices"

	"github.com/jmoiron/sqlx"

	"till"
)

// connLookup resolves a create request's references, scoped to the caller's
// account. It reads outside the create statement: a price deactivated in
// between is a race Stripe has too, and harmless.
type connLookup struct {
	ctx    context.Context
	s      *Store
	caller till.Caller
}

func (l connLookup) Price(id string) (*till.Price, error) {
	var r priceRow
	if err := l.s.stmt(l.ctx, l.s.q.FindPrice).GetContext(l.ctx, &r, l.caller.AccountID, id); err != nil {
		return nil, notFound(err, "price", id, "price")
	}
	return r.price(), nil
}

func (l connLookup) Product(id string) (*till.Product, error) {
	var r productRow
	if err := l.s.stmt(l.ctx, l.s.q.FindProduct).GetContext(l.ctx, &r, l.caller.AccountID, id); err != nil {
		return nil, notFound(err, "product", id, "product")
	}
	return r.product(), nil
}

func (l connLookup) Customer(id string) (*till.Customer, error) {
	var r customerRow
	err := l.s.stmt(l.ctx, l.s.q.FindCustomer).GetContext(l.ctx, &r, l.caller.AccountID, id)
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

func (l connLookup) Coupon(id string) (*till.Coupon, error) {
	return l.s.FindCoupon(l.ctx, l.caller.AccountID, id)
}

func (l connLookup) PromotionCode(id string) (*till.PromotionCode, error) {
	return l.s.FindPromotionCode(l.ctx, l.caller.AccountID, id)
}

func (l connLookup) CustomerHasPaid(customerID string) (bool, error) {
	return l.s.CustomerHasPaid(l.ctx, l.caller.AccountID, customerID)
}

func (l connLookup) TaxRate(id string) (*till.TaxRate, error) {
	return l.s.FindTaxRate(l.ctx, l.caller.AccountID, id)
}

func (l connLookup) TermsURL() (*string, error) {
	var u *string
	if err := l.s.stmt(l.ctx, l.s.q.FindAccountTermsURL).GetContext(l.ctx, &u, l.caller.AccountID); err != nil {
		return nil, notFound(err, "account", l.caller.AccountID, "account")
	}
	return u, nil
}

func (l connLookup) ShippingRate(id string) (*till.ShippingRate, error) {
	return l.s.FindShippingRate(l.ctx, l.caller.AccountID, id)
}

// CreateSession plans the session p describes (resolving the prices,
// products and customer it names) and writes it with its line items and
// inline prices and products, in one statement with the creates that arrive
// alongside (session_batch.go). render gives the response body. With an
// idempotency request, the same statement claims the key and records
// that body, so the session and its record commit together; when the key was
// used before, the stored response comes back instead (or the idempotency
// error), and while another request holds the key, a 409.
func (s *Store) CreateSession(ctx context.Context, caller till.Caller, p *till.CreateSessionParams, apiVersion string,
	idem *till.IdempotencyRequest, render func(*till.Session) ([]byte, error)) (*till.Session, []byte, *till.StoredResponse, error) {
	plan, err := till.PlanSession(p, caller, apiVersion, s.Now(), connLookup{ctx, s, caller})
	if err != nil {
		return nil, nil, nil, err
	}
	body, err := render(plan.Session)
	if err != nil {
		return nil, nil, nil, err
	}
	res, err := s.sessions.do(s.newSessionCreate(plan, idem, body))
	if err != nil {
		return nil, nil, nil, err
	}
	locked, created := res.locked, res.created
	switch {
	case !locked:
		return nil, nil, nil, errKeyInUse(idem.Key)
	case !created:
		replay, err := s.findIdempotentResponse(ctx, *idem)
		return nil, nil, replay, err
	}
	return plan.Session, body, nil, nil
}

// newSessionCreate renders a planned session's rows for create-sessions, with
// the idempotency record and the response body to store when idem is set.
func (s *Store) newSessionCreate(plan *till.SessionPlan, idem *till.IdempotencyRequest, body []byte) *sessionCreate {
	c := &sessionCreate{session: rowJSON(sessionToRow(plan.Session))}
	if idem != nil {
		name := lockName(*idem)
		c.lock = &name
		c.record = toJSON(idempotencyRecordRow{AccountID: idem.AccountID, Livemode: idem.Livemode, Key: idem.Key,
			Method: idem.Method, Path: idem.Path, Fingerprint: idem.Fingerprint, RequestID: idem.RequestID,
			ResponseStatus: 200, CreatedAt: s.now()})
		c.body = s.redactSecrets(body)
	}
	products := make([]productRow, len(plan.NewProducts))
	for i, prod := range plan.NewProducts {
		products[i] = productToRow(prod)
	}
	prices := make([]priceRow, len(plan.NewPrices))
	for i, price := range plan.NewPrices {
		prices[i] = priceToRow(price)
	}
	items := make([]lineItemRow, len(plan.Session.LineItems))
	for i := range plan.Session.LineItems {
		items[i] = lineItemToRow(&plan.Session.LineItems[i])
	}
	rates := make([]shippingRateRow, len(plan.NewShippingRates))
	for i, r := range plan.NewShippingRates {
		rates[i] = shippingRateToRow(r)
	}
	c.products, c.prices, c.items, c.shippingRates = rowsJSON(products), rowsJSON(prices), rowsJSON(items), rowsJSON(rates)
	return c
}

// FindSession returns a session of the account, without its line items.
func (s *Store) FindSession(ctx context.Context, accountID, id string) (*till.Session, error) {
	var r sessionRow
	if err := s.stmt(ctx, s.q.FindSession).GetContext(ctx, &r, accountID, id); err != nil {
		return nil, notFound(err, "checkout.session", id, "session")
	}
	return r.session(), nil
}

// ListSessions returns a page of the account's sessions, newest first, and
// whether more follow.
func (s *Store) ListSessions(ctx context.Context, caller till.Caller, f till.SessionFilter, page till.Page) ([]*till.Session, bool, error) {
	after, before, err := s.cursors(ctx, s.q.SessionSeq, caller.AccountID, page, "checkout.session")
	if err != nil {
		return nil, false, err
	}
	var rows []sessionRow
	err = s.stmt(ctx, s.q.ListSessions).SelectContext(ctx, &rows, caller.AccountID, caller.Livemode, f.Status, f.CustomerID,
		f.PaymentIntentID, page.CreatedGt, page.CreatedGte, page.CreatedLt, page.CreatedLte, after, before, page.Limit+1)
	if err != nil {
		return nil, false, translate(err)
	}
	out, more := pageOf(rows, page, sessionRow.session)
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
func (s *Store) ExpireSession(ctx context.Context, accountID, id string, ev till.EventSource, renderers till.Renderers) (*till.Session, error) {
	var sess *till.Session
	err := s.inTx(ctx, func(tx *Tx) error {
		var got string
		err := tx.stmt(s.q.ExpireSession).GetContext(ctx, &got, accountID, id, s.Now())
		var r sessionRow
		if ferr := tx.stmt(s.q.FindSession).GetContext(ctx, &r, accountID, id); ferr != nil {
			return notFound(ferr, "checkout.session", id, "session")
		}
		sess = r.session()
		switch {
		case errors.Is(err, sql.ErrNoRows) && sess.Status == till.SessionOpen:
			// Open, yet not expired: a payment attempt holds it.
			return &till.Error{Kind: till.KindConflict, Code: till.CodePaymentInProgress,
				Message: "A payment for this Checkout Session is in progress; try again once it has finished."}
		case errors.Is(err, sql.ErrNoRows):
			return till.Invalid(till.CodeInvalidRequest, "", "Only Checkout Sessions with a status in [\"open\"] can be expired. This Checkout Session has a status of `%s`.", sess.Status)
		}
		if err != nil {
			return translate(err)
		}
		if err := s.abandonIntent(ctx, tx, sess, ev, renderers); err != nil {
			return err
		}
		data, err := renderers.Session(sess)
		if err != nil {
			return err
		}
		return s.insertEvents(tx, ev, outboxEvent{till.EventCheckoutSessionExpired, sess.AccountID, sess.Livemode, sess.ID, data})
	})
	return sess, err
}

// abandonIntent cancels the PaymentIntent of a session that just expired
// in tx, if it still awaited its payment (till.AbandonPaymentIntent), with
// its event before the session's: a declined attempt leaves one behind. A
// redemption of its discount that a dead attempt held goes back.
func (s *Store) abandonIntent(ctx context.Context, tx *Tx, sess *till.Session, ev till.EventSource, renderers till.Renderers) error {
	if sess.Discount != nil {
		if err := s.releaseRedemptions(ctx, tx, sess.AccountID, []string{sess.ID}); err != nil {
			return err
		}
	}
	if sess.PaymentIntentID == nil {
		return nil
	}
	var r paymentIntentRow
	if err := tx.stmt(s.q.LockPaymentIntent).GetContext(ctx, &r, sess.AccountID, *sess.PaymentIntentID); err != nil {
		return translate(err)
	}
	c := till.AbandonPaymentIntent(r.paymentIntent(), s.Now())
	if c == nil {
		return nil
	}
	events, err := renderers.RenderAll(c.Events)
	if err != nil {
		return err
	}
	return s.writePaymentChange(ctx, tx, ev, c, events)
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
		if err := s.stmt(ctx, s.q.LineItemPosition).GetContext(ctx, &pos, sessionID, c.id); err != nil {
			return nil, false, badCursor(err, "item", c.id)
		}
		*c.dst = &pos
	}
	var rows []lineItemRow
	if err := s.stmt(ctx, s.q.ListLineItems).SelectContext(ctx, &rows, sessionID, after, before, page.Limit+1); err != nil {
		return nil, false, translate(err)
	}
	out, more := pageOf(rows, page, lineItemRow.lineItem)
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
		if err := s.stmt(ctx, seqStmt).GetContext(ctx, &seq, accountID, c.id); err != nil {
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
		slices.Reverse(rows)
	}
	return rows, more
}

// pageOf is a page of rows, trimmed as trimPage does, as the domain's
// values: every list reads its rows and converts each the same way.
func pageOf[R, T any](rows []R, page till.Page, value func(R) T) ([]T, bool) {
	rows, more := trimPage(rows, page)
	out := make([]T, len(rows))
	for i, r := range rows {
		out[i] = value(r)
	}
	return out, more
}
