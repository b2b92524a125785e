package db

import (
	"context"

	"till"
)

// HomeVolume returns the account's succeeded payments in the period, by
// currency: each day's (days with none left out) and the whole period's.
func (s *Store) HomeVolume(ctx context.Context, accountID string, p till.HomePeriod) (days, totals []till.PaymentVolume, err error) {
	var rows []struct {
		Day      *int64 `db:"day"`
		Currency string `db:"currency"`
		Gross    int64  `db:"gross"`
		Count    int64  `db:"count"`
	}
	if err := s.stmt(ctx, s.q.HomeVolume).SelectContext(ctx, &rows, accountID, p.From, p.To); err != nil {
		return nil, nil, translate(err)
	}
	for _, r := range rows {
		v := till.PaymentVolume{Currency: r.Currency, Gross: r.Gross, Count: r.Count}
		if r.Day == nil {
			totals = append(totals, v)
			continue
		}
		v.Day = *r.Day
		days = append(days, v)
	}
	return days, totals, nil
}

// HomeSessions counts the account's sessions created today and in the
// whole period, and how many of each have completed.
func (s *Store) HomeSessions(ctx context.Context, accountID string, p till.HomePeriod) (today, period till.SessionCounts, err error) {
	err = s.stmt(ctx, s.q.HomeSessions).QueryRowContext(ctx, accountID, p.From, p.Today, p.To).
		Scan(&today.Created, &today.Completed, &period.Created, &period.Completed)
	return today, period, translate(err)
}
