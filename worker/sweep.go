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
	ExpireDueSessions(ctx context.Context, limit int, render func(*till.Session) ([]byte, error)) ([]*till.Session, error)
}

// SweeperConfig configures a Sweeper; zero fields take the defaults.
type SweeperConfig struct {
	Store SweepStore
	// RenderSession renders the data.object of checkout.session.expired.
	RenderSession func(*till.Session) ([]byte, error)
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
// once with its checkout.session.expired event, safely alongside other
// sweepers on the same database.
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
	sessions, err := s.cfg.Store.ExpireDueSessions(ctx, s.cfg.Batch, s.cfg.RenderSession)
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
