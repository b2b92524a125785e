package db

import (
	"context"

	"till"
)

type shippingRateRow struct {
	ID               string  `db:"id" json:"id"`
	AccountID        string  `db:"account_id" json:"account_id"`
	Livemode         bool    `db:"livemode" json:"livemode"`
	DisplayName      string  `db:"display_name" json:"display_name"`
	Amount           int64   `db:"amount" json:"amount"`
	Currency         string  `db:"currency" json:"currency"`
	CurrencyOptions  jsonb   `db:"currency_options" json:"currency_options"`
	DeliveryEstimate jsonb   `db:"delivery_estimate" json:"delivery_estimate"`
	TaxBehavior      string  `db:"tax_behavior" json:"tax_behavior"`
	TaxCode          *string `db:"tax_code" json:"tax_code"`
	Active           bool    `db:"active" json:"active"`
	Metadata         jsonb   `db:"metadata" json:"metadata"`
	Created          int64   `db:"created" json:"created"`
}

func shippingRateToRow(r *till.ShippingRate) shippingRateRow {
	opts := r.CurrencyOptions
	if opts == nil {
		opts = map[string]till.ShippingCurrencyOption{}
	}
	return shippingRateRow{ID: r.ID, AccountID: r.AccountID, Livemode: r.Livemode, DisplayName: r.DisplayName,
		Amount: r.Amount, Currency: r.Currency, CurrencyOptions: toJSON(opts),
		DeliveryEstimate: nullableJSON(r.DeliveryEstimate), TaxBehavior: r.TaxBehavior, TaxCode: r.TaxCode,
		Active: r.Active, Metadata: metadataJSON(r.Metadata), Created: r.Created}
}

func (r shippingRateRow) shippingRate() *till.ShippingRate {
	rate := &till.ShippingRate{ID: r.ID, AccountID: r.AccountID, Livemode: r.Livemode, DisplayName: r.DisplayName,
		Amount: r.Amount, Currency: r.Currency, CurrencyOptions: map[string]till.ShippingCurrencyOption{},
		DeliveryEstimate: jsonPtr[till.DeliveryEstimate](r.DeliveryEstimate), TaxBehavior: r.TaxBehavior,
		TaxCode: r.TaxCode, Active: r.Active, Metadata: metadataFrom(r.Metadata), Created: r.Created}
	fromJSON(r.CurrencyOptions, &rate.CurrencyOptions)
	return rate
}

// CreateShippingRate stores a new shipping rate.
func (s *Store) CreateShippingRate(ctx context.Context, r *till.ShippingRate) error {
	_, err := s.named(ctx, s.q.CreateShippingRate).ExecContext(ctx, shippingRateToRow(r))
	return translate(err)
}

// FindShippingRate returns one of the account's shipping rates.
func (s *Store) FindShippingRate(ctx context.Context, accountID, id string) (*till.ShippingRate, error) {
	var r shippingRateRow
	if err := s.stmt(ctx, s.q.FindShippingRate).GetContext(ctx, &r, accountID, id); err != nil {
		return nil, notFound(err, "shipping_rate", id, "shipping_rate")
	}
	return r.shippingRate(), nil
}

// UpdateShippingRate reads a rate, lets apply change it, and writes it
// back in one transaction.
func (s *Store) UpdateShippingRate(ctx context.Context, accountID, id string, apply func(*till.ShippingRate) error) (*till.ShippingRate, error) {
	var rate *till.ShippingRate
	err := s.inTx(ctx, func(tx *Tx) error {
		var r shippingRateRow
		if err := tx.stmt(s.q.FindShippingRate).GetContext(ctx, &r, accountID, id); err != nil {
			return notFound(err, "shipping_rate", id, "shipping_rate")
		}
		rate = r.shippingRate()
		if err := apply(rate); err != nil {
			return err
		}
		_, err := tx.named(s.q.UpdateShippingRate).ExecContext(ctx, shippingRateToRow(rate))
		return translate(err)
	})
	return rate, err
}

// ListShippingRates returns a page of the account's shipping rates, newest
// first.
func (s *Store) ListShippingRates(ctx context.Context, caller till.Caller, f till.ShippingRateFilter, page till.Page) ([]*till.ShippingRate, bool, error) {
	after, before, err := s.cursors(ctx, s.q.ShippingRateSeq, caller.AccountID, page, "shipping_rate")
	if err != nil {
		return nil, false, err
	}
	var rows []shippingRateRow
	err = s.stmt(ctx, s.q.ListShippingRates).SelectContext(ctx, &rows, caller.AccountID, caller.Livemode, f.Active,
		f.Currency, page.CreatedGt, page.CreatedGte, page.CreatedLt, page.CreatedLte, after, before, page.Limit+1)
	if err != nil {
		return nil, false, translate(err)
	}
	out, more := pageOf(rows, page, shippingRateRow.shippingRate)
	return out, more, nil
}

// ChooseShippingRate writes the shipping option a shopper chose on co's
// session, with the totals it makes, while the session's attempt state is
// still the one co was read with; otherwise it writes nothing and reports
// false.
func (s *Store) ChooseShippingRate(ctx context.Context, co *till.Checkout) (bool, error) {
	sess := co.Session
	res, err := s.q.ChooseShippingRate.ExecContext(ctx, sess.AccountID, sess.ID, sess.ShippingRateID, sess.AmountShipping,
		sess.AmountTotal, s.Now(), co.Attempts.Version)
	if err != nil {
		return false, translate(err)
	}
	n, err := res.RowsAffected()
	return n == 1, translate(err)
}
