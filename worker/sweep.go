package worker

import (
	"context"
	"log/slog"
	"time"

	"till"
)

// SweepStore is what expiring sessions needs from storage; *db.Store
// implements it.
type SweepStore interface {
	ExpireDueSessions(ctx context.Context, limit int, renderers till.Renderers) ([]*till.Session, error)
}

// DuePayments makes the payment changes that come due (till.Payments):
// refunds settling, authorizations expiring.
type DuePayments interface {
	SweepDue(ctx context.Context, limit int) (int, error)
}

// SweeperConfig configures a Sweeper; zero fields take the defaults.
type SweeperConfig struct {
	Store SweepStore
	// Payments makes the payment changes that come due; nil for none.
	Payments DuePayments
	// Renderers render the events' objects: the expired sessions, and the
	// PaymentIntents their expiry cancels.
	Renderers till.Renderers
	// Interval is the pause between sweeps that found little to do (10 s).
	// Paying is refused after expires_at whether or not a sweep ran, so
	// the interval only delays the event.
	Interval time.Duration
	// Batch is how many sessions one transaction expires (500).
	Batch int
	// Expired is told how many sessions each sweep expired (metrics).
	Expired func(n int)
	Log     *slog.Logger
}

// Sweeper expires open sessions whose expires_at has passed, each exactly
// once with its checkout.session.expired event, and makes the payment
// changes that came due, safely alongside other sweepers on the same
// database.
type Sweeper struct {
	cfg SweeperConfig
}

// NewSweeper returns a sweeper with cfg's defaults filled in.
func NewSweeper(cfg SweeperConfig) *Sweeper {
	if cfg.Interval == 0 {
		cfg.Interval = 10 * time.Second
	}
	if cfg.Batch == 0 {
		cfg.Batch = 500
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	return &Sweeper{cfg: cfg}
}

// Run sweeps until ctx is done.
func (s *Sweeper) Run(ctx context.Context) {
	for {
		n, err := s.Sweep(ctx)
		if err != nil && ctx.Err() == nil {
			s.cfg.Log.Error("expire sessions", "error", err)
		}
		if s.cfg.Payments != nil {
			if m, err := s.cfg.Payments.SweepDue(ctx, s.cfg.Batch); err != nil && ctx.Err() == nil {
				s.cfg.Log.Error("due payment changes", "error", err)
			} else if m > 0 {
				s.cfg.Log.Info("due payment changes", "count", m)
			}
		}
		if n == s.cfg.Batch && err == nil {
			continue // a backlog: keep going
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(s.cfg.Interval):
		}
	}
}

// Sweep expires one batch of due sessions and returns how many it expired.
func (s *Sweeper) Sweep(ctx context.Context) (int, error) {
	if ctx.Err() != nil {
		return 0, ctx.Err()
	}
	sessions, err := s.cfg.Store.ExpireDueSessions(ctx, s.cfg.Batch, s.cfg.Renderers)
	if err != nil {
		return 0, err
	}
	if n := len(sessions); n > 0 {
		s.cfg.Log.Info("expired sessions", "count", n)
		if s.cfg.Expired != nil {
			s.cfg.Expired(n)
		}
	}
	return len(sessions), nil
}
