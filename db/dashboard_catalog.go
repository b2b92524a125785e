package db

import (
	"context"
	"strings"

	"till"
)

// DashboardProducts returns a page of the account's products that match f,
// newest first, and whether more follow (beyond the page's end in the
// direction it was read). page's cursors are product ids of the account.
func (s *Store) DashboardProducts(ctx context.Context, accountID string, f till.DashboardProductFilter, page till.Page) ([]*till.Product, bool, error) {
	after, before, err := s.cursors(ctx, s.q.ProductSeq, accountID, page, "product")
	if err != nil {
		return nil, false, err
	}
	var search, pattern *string
	if q := strings.TrimSpace(f.Search); q != "" {
		like := "%" + likeEscaper.Replace(q) + "%"
		search, pattern = &q, &like
	}
	var rows []productRow
	err = s.stmt(ctx, s.q.DashboardProducts).SelectContext(ctx, &rows, accountID, f.Active, search, pattern, after, before, page.Limit+1)
	if err != nil {
		return nil, false, translate(err)
	}
	out, more := pageOf(rows, page, productRow.product)
	return out, more, nil
}

// likeEscaper makes a text match itself in a LIKE pattern (whose escape
// character is the backslash).
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
