package db

import (
	"context"
	"time"

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

// LatestFailingDeliveries returns up to limit of the account's newest
// webhook deliveries whose latest attempt failed, newest first.
func (s *Store) LatestFailingDeliveries(ctx context.Context, accountID string, limit int) ([]till.FailingDelivery, error) {
	var rows []struct {
		EventID     string    `db:"event_id"`
		EventType   string    `db:"event_type"`
		EndpointID  string    `db:"endpoint_id"`
		URL         string    `db:"url"`
		Status      string    `db:"status"`
		Attempts    int       `db:"attempts"`
		LastAttempt time.Time `db:"attempted_at"`
		StatusCode  int       `db:"status_code"`
		Error       string    `db:"error"`
		NextAttempt time.Time `db:"next_attempt_at"`
	}
	if err := s.stmt(ctx, s.q.LatestFailingDeliveries).SelectContext(ctx, &rows, accountID, limit); err != nil {
		return nil, translate(err)
	}
	out := make([]till.FailingDelivery, len(rows))
	for i, r := range rows {
		out[i] = till.FailingDelivery(r)
	}
	return out, nil
}
