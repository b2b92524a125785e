package worker_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"sync"
	"testing"
	"time"

	"till"
	"till/handlers/api"
	"till/worker"
)

// oneDelivery hands out one delivery and keeps the outcome it gets.
type oneDelivery struct {
	mu      sync.Mutex
	del     *till.Delivery
	outcome *till.DeliveryOutcome
}

func (s *oneDelivery) ClaimDeliveries(context.Context, int, time.Duration) ([]till.Delivery, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.del == nil {
		return nil, nil
	}
	d := *s.del
	s.del = nil
	return []till.Delivery{d}, nil
}

func (s *oneDelivery) FinishDelivery(_ context.Context, _ till.Delivery, _ till.DeliveryAttempt, o till.DeliveryOutcome) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.outcome = &o
	return nil
}

// TestRetryAfterHonoured: a 429 or 503 with Retry-After (seconds or a date)
// puts the retry off that long, within MaxRetryAfter, and never brings it
// sooner than the schedule; other statuses' Retry-After is ignored.
func TestRetryAfterHonoured(t *testing.T) {
	now := time.Date(2026, 11, 27, 6, 0, 0, 0, time.UTC)
	const step = time.Minute // the schedule's first wait: a retry comes in [30 s, 60 s)
	for _, tc := range []struct {
		name       string
		status     int
		retryAfter string
		min, max   time.Duration
	}{
		{"429Seconds", 429, "120", 120 * time.Second, 120 * time.Second},
		{"503Date", 503, now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, 90 * time.Second},
		{"Bounded", 503, "999999999999", 10 * time.Minute, 10 * time.Minute},
		{"NeverSooner", 429, "1", step / 2, step},
		{"PastDate", 503, now.Add(-time.Hour).Format(http.TimeFormat), step / 2, step},
		{"Malformed", 503, "soon", step / 2, step},
		{"Absent", 503, "", step / 2, step},
		{"Not429Or503", 500, "120", step / 2, step},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tc.retryAfter != "" {
					w.Header().Set("Retry-After", tc.retryAfter)
				}
				w.WriteHeader(tc.status)
			}))
			defer recv.Close()
			store := &oneDelivery{del: &till.Delivery{ID: 1, Attempt: 1, EndpointID: "we_1", URL: recv.URL,
				Secret: "whsec_x", APIVersion: till.DefaultAPIVersion,
				Event: till.Event{ID: "evt_1", Type: till.EventCustomerCreated, Data: []byte(`{}`)}}}
			d := worker.NewDeliverer(worker.DelivererConfig{Store: store, RenderEvent: api.RenderEvent,
				Guard:    worker.NewGuard([]netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}),
				Schedule: []time.Duration{step, step}, MaxRetryAfter: 10 * time.Minute,
				Now: func() time.Time { return now }})
			if n, err := d.RunOnce(bg); n != 1 || err != nil {
				t.Fatalf("RunOnce = %d, %v", n, err)
			}
			o := store.outcome
			if o == nil || o.Status != till.DeliveryPending || o.RetryIn < tc.min || o.RetryIn > tc.max {
				t.Errorf("outcome %+v, want pending with a retry in [%s, %s]", o, tc.min, tc.max)
			}
		})
	}
}
