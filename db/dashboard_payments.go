package db

import (
	"context"
	"strings"

	"till"
)

// paymentSummaryRow is a payment as the dashboard's list reads it: the
// intent, its latest charge as JSON and the shopper's email.
type paymentSummaryRow struct {
	paymentIntentRow
	LatestCharge jsonb   `db:"latest_charge"`
	Email        *string `db:"email"`
}

func (r paymentSummaryRow) summary() till.PaymentSummary {
	p := till.PaymentSummary{Intent: r.paymentIntent(), Email: r.Email}
	if cr := jsonPtr[chargeRow](r.LatestCharge); cr != nil {
		p.LatestCharge = cr.charge()
	}
	return p
}

// DashboardPayments returns a page of the account's payments that match f,
// newest first, with their latest charges, and whether more follow. page's
// cursors are PaymentIntent ids of the account.
func (s *Store) DashboardPayments(ctx context.Context, accountID string, f till.DashboardPaymentFilter, page till.Page) ([]till.PaymentSummary, bool, error) {
	after, before, err := s.cursors(ctx, s.q.PaymentIntentSeq, accountID, page, "payment_intent")
	if err != nil {
		return nil, false, err
	}
	var rows []paymentSummaryRow
	if q := strings.TrimSpace(f.Search); q != "" {
		err = s.stmt(ctx, s.q.SearchPaymentIntents).SelectContext(ctx, &rows, accountID, q, f.Status, f.CustomerID,
			after, before, page.Limit+1)
	} else {
		err = s.stmt(ctx, s.q.DashboardPaymentIntents).SelectContext(ctx, &rows, accountID, f.Status, f.CustomerID,
			after, before, page.Limit+1)
	}
	if err != nil {
		return nil, false, translate(err)
	}
	out, more := pageOf(rows, page, paymentSummaryRow.summary)
	return out, more, nil
}

// DashboardCustomers returns a page of the account's live customers that
// match a search (an exact id, cus_…, or an email whatever its case; all
// when empty), newest first, and whether more follow.
func (s *Store) DashboardCustomers(ctx context.Context, accountID, search string, page till.Page) ([]*till.Customer, bool, error) {
	q := strings.TrimSpace(search)
	switch {
	case q == "":
		return s.ListCustomers(ctx, till.Caller{AccountID: accountID}, nil, page)
	case strings.HasPrefix(q, "cus_"):
		c, err := s.FindCustomer(ctx, accountID, q)
		if till.ErrorKindOf(err) == till.KindNotFound || (err == nil && c.Deleted) {
			return nil, false, nil
		}
		if err != nil {
			return nil, false, err
		}
		return []*till.Customer{c}, false, nil
	}
	after, before, err := s.cursors(ctx, s.q.CustomerSeq, accountID, page, "customer")
	if err != nil {
		return nil, false, err
	}
	var rows []customerRow
	if err := s.stmt(ctx, s.q.SearchCustomers).SelectContext(ctx, &rows, accountID, q, after, before, page.Limit+1); err != nil {
		return nil, false, translate(err)
	}
	out, more := pageOf(rows, page, customerRow.customer)
	return out, more, nil
}
