package worker

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"time"

	"till"
)

// DeliveryStore is what delivering needs from storage; *db.Store implements it.
type DeliveryStore interface {
	ClaimDeliveries(ctx context.Context, n int, lease time.Duration) ([]till.Delivery, error)
	FinishDelivery(ctx context.Context, d till.Delivery, a till.DeliveryAttempt, o till.DeliveryOutcome) error
}

// DefaultSchedule is how long a failed delivery waits before each retry:
// about three days in all, as Stripe retries in live mode. After the last
// one the delivery is given up.
var DefaultSchedule = []time.Duration{
	time.Minute, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour, 5 * time.Hour,
	10 * time.Hour, 14 * time.Hour, 20 * time.Hour, 24 * time.Hour,
}

// UserAgent is the User-Agent of deliveries, Stripe's.
const UserAgent = "Stripe/1.0 (+https://stripe.com/docs/webhooks)"

// DelivererConfig configures a Deliverer; zero fields take the defaults.
type DelivererConfig struct {
	Store DeliveryStore
	// RenderEvent renders an event's JSON, stamped with an API version.
	RenderEvent func(ev *till.Event, apiVersion string) ([]byte, error)
	// Guard refuses internal addresses; nil allows only public ones.
	Guard *Guard
	// Schedule is the wait before each retry (DefaultSchedule).
	Schedule []time.Duration
	// Timeout bounds one attempt (10 s).
	Timeout time.Duration
	// Lease is how long a claimed delivery stays out of other workers'
	// reach (60 s); it must exceed Timeout, so that no delivery is attempted
	// twice at once.
	Lease time.Duration
	// Batch is how many deliveries one claim takes (20); they are sent
	// concurrently.
	Batch int
	// Poll is how often an idle worker looks for due deliveries (1 s).
	Poll time.Duration
	// MaxRetryAfter bounds how long a Retry-After on a 429 or 503 answer
	// may put the next attempt off (1 h), so that one answer cannot park a
	// delivery for days.
	MaxRetryAfter time.Duration
	// Faults lets a fault test stop a delivery between its POST's answer
	// and the recording of its outcome (nil: never).
	Faults till.Faults
	Log    *slog.Logger
	// Now is the clock of the signatures' timestamps (time.Now).
	Now func() time.Time
}

// Deliverer sends due webhook deliveries: it claims them, POSTs each signed
// event outside any transaction, and records the attempt. Several
// deliverers, in one process or many, share the queue safely.
type Deliverer struct {
	cfg    DelivererConfig
	client *http.Client
}

// NewDeliverer returns a deliverer with cfg's defaults filled in.
func NewDeliverer(cfg DelivererConfig) *Deliverer {
	if cfg.Guard == nil {
		cfg.Guard = NewGuard(nil)
	}
	if cfg.Schedule == nil {
		cfg.Schedule = DefaultSchedule
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 10 * time.Second
	}
	if cfg.Lease == 0 {
		cfg.Lease = 60 * time.Second
	}
	if cfg.Lease <= cfg.Timeout {
		cfg.Lease = cfg.Timeout + 30*time.Second
	}
	if cfg.Batch == 0 {
		cfg.Batch = 20
	}
	if cfg.Poll == 0 {
		cfg.Poll = time.Second
	}
	if cfg.MaxRetryAfter == 0 {
		cfg.MaxRetryAfter = time.Hour
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	transport := &http.Transport{
		// Never a proxy from the environment: the guard must see the
		// address really dialled.
		Proxy:                 nil,
		DialContext:           cfg.Guard.Dialer().DialContext,
		TLSHandshakeTimeout:   5 * time.Second,
		ResponseHeaderTimeout: cfg.Timeout,
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       90 * time.Second,
		ForceAttemptHTTP2:     true,
	}
	client := &http.Client{
		Transport: transport,
		Timeout:   cfg.Timeout,
		// A redirect is an answer, not an instruction: following it could
		// lead anywhere, past the URL the merchant registered.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return &Deliverer{cfg: cfg, client: client}
}

// Run delivers until ctx is done, then finishes the attempts in flight and
// returns.
func (d *Deliverer) Run(ctx context.Context) {
	for {
		n, err := d.RunOnce(ctx)
		if err != nil && ctx.Err() == nil {
			d.cfg.Log.Error("webhook deliveries: claim", "error", err)
		}
		if n == d.cfg.Batch && err == nil {
			continue // more are probably due
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(d.cfg.Poll):
		}
	}
}

// RunOnce claims one batch of due deliveries and attempts them all,
// returning how many it claimed. Attempts already started finish even when
// ctx is cancelled: an interrupted attempt would only be retried later.
func (d *Deliverer) RunOnce(ctx context.Context) (int, error) {
	if ctx.Err() != nil {
		return 0, ctx.Err()
	}
	batch, err := d.cfg.Store.ClaimDeliveries(ctx, d.cfg.Batch, d.cfg.Lease)
	if err != nil {
		return 0, err
	}
	work := context.WithoutCancel(ctx)
	var wg sync.WaitGroup
	for _, del := range batch {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d.deliver(work, del)
		}()
	}
	wg.Wait()
	return len(batch), nil
}

// Sign returns the Stripe-Signature header of body sent at t: the
// timestamp and the HMAC-SHA256 of "t.body" under the endpoint's secret, in
// hex, without spaces (Stripe's SDKs split the header on "," and "=" as is).
// Each of also (the secret a roll replaced, during its overlap) adds one
// more v1 signature after the first, as Stripe does: the SDKs accept a
// header when any v1 matches, so a receiver verifies with either secret.
func Sign(secret string, t time.Time, body []byte, also ...string) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	header := "t=" + ts
	for _, s := range append([]string{secret}, also...) {
		mac := hmac.New(sha256.New, []byte(s))
		mac.Write([]byte(ts))
		mac.Write([]byte{'.'})
		mac.Write(body)
		header += ",v1=" + hex.EncodeToString(mac.Sum(nil))
	}
	return header
}

// maxRead bounds how much of an answer is read; only its first KiB is kept.
const maxRead = 64 << 10

// deliver makes one attempt and records it with its outcome.
func (d *Deliverer) deliver(ctx context.Context, del till.Delivery) {
	log := d.cfg.Log.With("event", del.Event.ID, "type", del.Event.Type, "endpoint", del.EndpointID,
		"attempt", del.Attempt)
	body, err := d.cfg.RenderEvent(&del.Event, del.APIVersion)
	if err != nil {
		log.Error("webhook delivery: render event", "error", err)
		return // the lease runs out and another attempt renders again
	}
	start := d.cfg.Now()
	a := till.DeliveryAttempt{At: start}
	var retryAfter time.Duration
	a.StatusCode, a.Response, retryAfter, a.Err = d.post(ctx, del, body, start)
	a.Duration = d.cfg.Now().Sub(start)
	till.Reach(d.cfg.Faults, till.FaultDeliveryPosted)

	var o till.DeliveryOutcome
	switch {
	case a.Err == nil && a.StatusCode >= 200 && a.StatusCode <= 299:
		o.Status = till.DeliveryDelivered
	case a.StatusCode == http.StatusGone:
		// The endpoint says it is gone for good: stop calling it.
		o.Status, o.DisableEndpoint = till.DeliveryFailed, true
	case del.Attempt > len(d.cfg.Schedule):
		o.Status = till.DeliveryFailed
	default:
		o.Status, o.RetryIn = till.DeliveryPending, jitter(d.cfg.Schedule[del.Attempt-1])
		// A receiver that is overloaded or limiting us may say when to
		// come back: never sooner than the schedule, never later than
		// the bound.
		if retryAfter > o.RetryIn {
			o.RetryIn = min(retryAfter, d.cfg.MaxRetryAfter)
		}
	}
	if err := d.cfg.Store.FinishDelivery(ctx, del, a, o); err != nil {
		log.Error("webhook delivery: record attempt", "error", err)
		return
	}
	if o.Status != till.DeliveryDelivered {
		log.Warn("webhook delivery failed", "url", del.URL, "status", a.StatusCode, "error", a.Err,
			"outcome", o.Status, "retry_in", o.RetryIn, "endpoint_disabled", o.DisableEndpoint)
	}
}

// post sends the event and returns the answer's status, the start of its
// body and the wait a 429 or 503 asked for with Retry-After, or why no
// answer came.
func (d *Deliverer) post(ctx context.Context, del till.Delivery, body []byte, at time.Time) (int, []byte, time.Duration, error) {
	ctx, cancel := context.WithTimeout(ctx, d.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, del.URL, bytes.NewReader(body))
	if err != nil {
		return 0, nil, 0, err
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("User-Agent", UserAgent)
	var also []string
	if del.PreviousSecret != "" {
		also = append(also, del.PreviousSecret)
	}
	req.Header.Set("Stripe-Signature", Sign(del.Secret, at, body, also...))
	res, err := d.client.Do(req)
	if err != nil {
		return 0, nil, 0, err
	}
	defer res.Body.Close()
	var retryAfter time.Duration
	if res.StatusCode == http.StatusTooManyRequests || res.StatusCode == http.StatusServiceUnavailable {
		retryAfter = parseRetryAfter(res.Header.Get("Retry-After"), d.cfg.Now())
	}
	b, err := io.ReadAll(io.LimitReader(res.Body, maxRead))
	if err != nil && !errors.Is(err, context.DeadlineExceeded) {
		err = nil // the status is the answer; a broken body does not change it
	}
	if len(b) > 1024 {
		b = b[:1024]
	}
	return res.StatusCode, b, retryAfter, err
}

// parseRetryAfter reads a Retry-After header, delay-seconds or an HTTP
// date, as a wait from now; 0 when absent, malformed or already past.
func parseRetryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		// Clamp before converting: a huge value must not overflow.
		return time.Duration(min(secs, int64(30*24*time.Hour/time.Second))) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// jitter spreads retries over [d/2, d), so that deliveries that failed
// together (an endpoint down) do not all come back at once.
func jitter(d time.Duration) time.Duration {
	return time.Duration(float64(d) * 0.5 * (1 + rand.Float64()))
}
