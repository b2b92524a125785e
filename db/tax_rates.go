package db

import (
	"context"

	"till"
)

type taxRateRow struct {
	ID           string  `db:"id" json:"id"`
	AccountID    string  `db:"account_id" json:"account_id"`
	Livemode     bool    `db:"livemode" json:"livemode"`
	DisplayName  string  `db:"display_name" json:"display_name"`
	Description  *string `db:"description" json:"description"`
	Percentage   float64 `db:"percentage" json:"percentage"`
	Inclusive    bool    `db:"inclusive" json:"inclusive"`
	Active       bool    `db:"active" json:"active"`
	Country      *string `db:"country" json:"country"`
	State        *string `db:"state" json:"state"`
	Jurisdiction *string `db:"jurisdiction" json:"jurisdiction"`
	TaxType      *string `db:"tax_type" json:"tax_type"`
	Metadata     jsonb   `db:"metadata" json:"metadata"`
	Created      int64   `db:"created" json:"created"`
}

func taxRateToRow(r *till.TaxRate) taxRateRow {
	return taxRateRow{ID: r.ID, AccountID: r.AccountID, Livemode: r.Livemode, DisplayName: r.DisplayName,
		Description: r.Description, Percentage: r.Percentage, Inclusive: r.Inclusive, Active: r.Active,
		Country: r.Country, State: r.State, Jurisdiction: r.Jurisdiction, TaxType: r.TaxType,
		Metadata: metadataJSON(r.Metadata), Created: r.Created}
}

func (r taxRateRow) taxRate() *till.TaxRate {
	return &till.TaxRate{ID: r.ID, AccountID: r.AccountID, Livemode: r.Livemode, DisplayName: r.DisplayName,
		Description: r.Description, Percentage: r.Percentage, Inclusive: r.Inclusive, Active: r.Active,
		Country: r.Country, State: r.State, Jurisdiction: r.Jurisdiction, TaxType: r.TaxType,
		Metadata: metadataFrom(r.Metadata), Created: r.Created}
}

// CreateTaxRate stores a new tax rate.
func (s *Store) CreateTaxRate(ctx context.Context, r *till.TaxRate) error {
	_, err := s.named(ctx, s.q.CreateTaxRate).ExecContext(ctx, taxRateToRow(r))
	return translate(err)
}

// FindTaxRate returns one of the account's tax rates.
func (s *Store) FindTaxRate(ctx context.Context, accountID, id string) (*till.TaxRate, error) {
	var r taxRateRow
	if err := s.stmt(ctx, s.q.FindTaxRate).GetContext(ctx, &r, accountID, id); err != nil {
		return nil, notFound(err, "tax_rate", id, "tax_rate")
	}
	return r.taxRate(), nil
}

// UpdateTaxRate reads a rate, lets apply change it, and writes it back in
// one transaction.
func (s *Store) UpdateTaxRate(ctx context.Context, accountID, id string, apply func(*till.TaxRate) error) (*till.TaxRate, error) {
	var rate *till.TaxRate
	err := s.inTx(ctx, func(tx *Tx) error {
		var r taxRateRow
		if err := tx.stmt(s.q.FindTaxRate).GetContext(ctx, &r, accountID, id); err != nil {
			return notFound(err, "tax_rate", id, "tax_rate")
		}
		rate = r.taxRate()
		if err := apply(rate); err != nil {
			return err
		}
		_, err := tx.named(s.q.UpdateTaxRate).ExecContext(ctx, taxRateToRow(rate))
		return translate(err)
	})
	return rate, err
}

// ListTaxRates returns a page of the account's tax rates, newest first.
func (s *Store) ListTaxRates(ctx context.Context, caller till.Caller, active, inclusive *bool, page till.Page) ([]*till.TaxRate, bool, error) {
	after, before, err := s.cursors(ctx, s.q.TaxRateSeq, caller.AccountID, page, "tax_rate")
	if err != nil {
		return nil, false, err
	}
	var rows []taxRateRow
	err = s.stmt(ctx, s.q.ListTaxRates).SelectContext(ctx, &rows, caller.AccountID, caller.Livemode, active, inclusive,
		page.CreatedGt, page.CreatedGte, page.CreatedLt, page.CreatedLte, after, before, page.Limit+1)
	if err != nil {
		return nil, false, translate(err)
	}
	out, more := pageOf(rows, page, taxRateRow.taxRate)
	return out, more, nil
}
