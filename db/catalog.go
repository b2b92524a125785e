package db

import (
	"context"

	"till"

	"github.com/lib/pq"
)

// CreateProduct writes a new product; a custom ID already in use is a 400.
func (s *Store) CreateProduct(ctx context.Context, p *till.Product) error {
	_, err := s.named(ctx, s.q.CreateProduct).ExecContext(ctx, productToRow(p))
	if isUniqueViolation(err) {
		return till.Invalid("resource_already_exists", "id", "Product already exists.")
	}
	return translate(err)
}

// FindProduct returns one of the account's products.
func (s *Store) FindProduct(ctx context.Context, accountID, id string) (*till.Product, error) {
	var r productRow
	if err := s.stmt(ctx, s.q.FindProduct).GetContext(ctx, &r, accountID, id); err != nil {
		return nil, notFound(err, "product", id, "id")
	}
	return r.product(), nil
}

// UpdateProduct reads a product, lets apply change it, and writes it back,
// all in one transaction.
func (s *Store) UpdateProduct(ctx context.Context, accountID, id string, apply func(*till.Product) error) (*till.Product, error) {
	var p *till.Product
	err := s.inTx(ctx, func(tx *Tx) error {
		var r productRow
		if err := tx.stmt(s.q.FindProduct).GetContext(ctx, &r, accountID, id); err != nil {
			return notFound(err, "product", id, "id")
		}
		p = r.product()
		if err := apply(p); err != nil {
			return err
		}
		_, err := tx.named(s.q.UpdateProduct).ExecContext(ctx, productToRow(p))
		return translate(err)
	})
	return p, err
}

// ListProducts returns a page of the account's products, newest first.
func (s *Store) ListProducts(ctx context.Context, caller till.Caller, active *bool, page till.Page) ([]*till.Product, bool, error) {
	after, before, err := s.cursors(ctx, s.q.ProductSeq, caller.AccountID, page, "product")
	if err != nil {
		return nil, false, err
	}
	var rows []productRow
	err = s.stmt(ctx, s.q.ListProducts).SelectContext(ctx, &rows, caller.AccountID, caller.Livemode, active,
		page.CreatedGt, page.CreatedGte, page.CreatedLt, page.CreatedLte, after, before, page.Limit+1)
	if err != nil {
		return nil, false, translate(err)
	}
	out, more := pageOf(rows, page, productRow.product)
	return out, more, nil
}

// CreatePrice writes a price, and the product it made from product_data if
// any, in one transaction; a referenced product must belong to the account.
func (s *Store) CreatePrice(ctx context.Context, price *till.Price, newProduct *till.Product) error {
	return s.inTx(ctx, func(tx *Tx) error {
		if newProduct != nil {
			if _, err := tx.named(s.q.CreateProduct).ExecContext(ctx, productToRow(newProduct)); err != nil {
				return translate(err)
			}
		} else {
			var r productRow
			if err := tx.stmt(s.q.FindProduct).GetContext(ctx, &r, price.AccountID, price.ProductID); err != nil {
				return withKind(notFound(err, "product", price.ProductID, "product"), till.KindInvalid)
			}
		}
		_, err := tx.named(s.q.CreatePrice).ExecContext(ctx, priceToRow(price))
		return translate(err)
	})
}

// FindPrice returns one of the account's prices.
func (s *Store) FindPrice(ctx context.Context, accountID, id string) (*till.Price, error) {
	var r priceRow
	if err := s.stmt(ctx, s.q.FindPrice).GetContext(ctx, &r, accountID, id); err != nil {
		return nil, notFound(err, "price", id, "price")
	}
	return r.price(), nil
}

// UpdatePrice reads a price, lets apply change it, and writes it back.
func (s *Store) UpdatePrice(ctx context.Context, accountID, id string, apply func(*till.Price) error) (*till.Price, error) {
	var p *till.Price
	err := s.inTx(ctx, func(tx *Tx) error {
		var r priceRow
		if err := tx.stmt(s.q.FindPrice).GetContext(ctx, &r, accountID, id); err != nil {
			return notFound(err, "price", id, "price")
		}
		p = r.price()
		if err := apply(p); err != nil {
			return err
		}
		_, err := tx.named(s.q.UpdatePrice).ExecContext(ctx, priceToRow(p))
		return translate(err)
	})
	return p, err
}

// ListPrices returns a page of the account's prices, newest first.
func (s *Store) ListPrices(ctx context.Context, caller till.Caller, f till.PriceFilter, page till.Page) ([]*till.Price, bool, error) {
	after, before, err := s.cursors(ctx, s.q.PriceSeq, caller.AccountID, page, "price")
	if err != nil {
		return nil, false, err
	}
	var rows []priceRow
	err = s.stmt(ctx, s.q.ListPrices).SelectContext(ctx, &rows, caller.AccountID, caller.Livemode, f.Active, f.Currency, f.ProductID,
		page.CreatedGt, page.CreatedGte, page.CreatedLt, page.CreatedLte, after, before, page.Limit+1)
	if err != nil {
		return nil, false, translate(err)
	}
	out, more := pageOf(rows, page, priceRow.price)
	return out, more, nil
}

func isUniqueViolation(err error) bool {
	pqErr, ok := err.(*pq.Error)
	return ok && pqErr.Code == "23505"
}

// withKind changes the kind of a till error, e.g. a missing object named in a
// parameter is a 400 rather than a 404.
func withKind(err error, kind till.ErrorKind) error {
	if e, ok := err.(*till.Error); ok {
		c := *e
		c.Kind = kind
		return &c
	}
	return err
}
