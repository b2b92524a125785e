package db

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/lib/pq"

	"till"
)

type storedEventRow struct {
	eventRow
	PendingWebhooks int64 `db:"pending_webhooks"`
}

func (r storedEventRow) storedEvent() *till.StoredEvent {
	return &till.StoredEvent{Event: r.event(), PendingWebhooks: r.PendingWebhooks}
}

// FindEvent returns one of the account's events.
func (s *Store) FindEvent(ctx context.Context, accountID, id string) (*till.StoredEvent, error) {
	var r storedEventRow
	if err := s.stmt(ctx, s.q.FindEvent).GetContext(ctx, &r, accountID, id); err != nil {
		return nil, notFound(err, "event", id, "id")
	}
	return r.storedEvent(), nil
}

// ListEvents returns a page of the account's events, newest first.
func (s *Store) ListEvents(ctx context.Context, caller till.Caller, f till.EventFilter, page till.Page) ([]*till.StoredEvent, bool, error) {
	after, before, err := s.cursors(ctx, s.q.EventSeq, caller.AccountID, page, "event")
	if err != nil {
		return nil, false, err
	}
	var types any
	if f.Types != nil {
		types = pq.Array(f.Types)
	}
	var rows []storedEventRow
	err = s.stmt(ctx, s.q.ListEvents).SelectContext(ctx, &rows, caller.AccountID, caller.Livemode, f.TypePattern, types,
		page.CreatedGt, page.CreatedGte, page.CreatedLt, page.CreatedLte, after, before, page.Limit+1, f.DeliverySuccess,
		f.ObjectID)
	if err != nil {
		return nil, false, translate(err)
	}
	out, more := pageOf(rows, page, storedEventRow.storedEvent)
	return out, more, nil
}

type webhookEndpointRow struct {
	ID            string         `db:"id"`
	AccountID     string         `db:"account_id"`
	Livemode      bool           `db:"livemode"`
	URL           string         `db:"url"`
	EnabledEvents pq.StringArray `db:"enabled_events"`
	Description   *string        `db:"description"`
	Metadata      []byte         `db:"metadata"`
	APIVersion    *string        `db:"api_version"`
	Secret        string         `db:"secret"`
	Status        string         `db:"status"`
	Created       int64          `db:"created"`
}

// endpointRow is an endpoint as stored: its secret sealed.
func (s *Store) endpointRow(e *till.WebhookEndpoint) webhookEndpointRow {
	return webhookEndpointRow{ID: e.ID, AccountID: e.AccountID, Livemode: e.Livemode, URL: e.URL,
		EnabledEvents: e.EnabledEvents, Description: e.Description, Metadata: metadataJSON(e.Metadata),
		APIVersion: e.APIVersion, Secret: s.sealer.seal(e.Secret, webhookSecretsAt(e.ID)), Status: e.Status, Created: e.Created}
}

// endpoint is a stored endpoint with its secret opened.
func (s *Store) endpoint(r webhookEndpointRow) (*till.WebhookEndpoint, error) {
	secret, _, err := s.sealer.open(r.Secret, webhookSecretsAt(r.ID))
	if err != nil {
		return nil, fmt.Errorf("db: webhook endpoint %s: %w", r.ID, err)
	}
	return &till.WebhookEndpoint{ID: r.ID, AccountID: r.AccountID, Livemode: r.Livemode, URL: r.URL,
		EnabledEvents: r.EnabledEvents, Description: r.Description, Metadata: metadataFrom(r.Metadata),
		APIVersion: r.APIVersion, Secret: secret, Status: r.Status, Created: r.Created}, nil
}

// ResealWebhookSecrets seals every endpoint's secrets under the current key
// that a rotation left under the previous one, so that the previous key can
// be retired; it returns how many endpoints it changed.
func (s *Store) ResealWebhookSecrets(ctx context.Context) (int, error) {
	var n int
	err := s.inTx(ctx, func(tx *Tx) error {
		var err error
		n, err = sealWebhookSecrets(ctx, tx, s.sealer)
		return err
	})
	return n, err
}

// CreateWebhookEndpoint writes a new endpoint.
func (s *Store) CreateWebhookEndpoint(ctx context.Context, e *till.WebhookEndpoint) error {
	return s.inTx(ctx, func(tx *Tx) error {
		_, err := tx.named(s.q.CreateWebhookEndpoint).ExecContext(ctx, s.endpointRow(e))
		return translate(err)
	})
}

// FindWebhookEndpoint returns one of the account's endpoints.
func (s *Store) FindWebhookEndpoint(ctx context.Context, accountID, id string) (*till.WebhookEndpoint, error) {
	var r webhookEndpointRow
	if err := s.stmt(ctx, s.q.FindWebhookEndpoint).GetContext(ctx, &r, accountID, id); err != nil {
		return nil, notFound(err, "webhook_endpoint", id, "id")
	}
	return s.endpoint(r)
}

// UpdateWebhookEndpoint reads an endpoint, lets apply change it, and writes
// it back.
func (s *Store) UpdateWebhookEndpoint(ctx context.Context, accountID, id string, apply func(*till.WebhookEndpoint) error) (*till.WebhookEndpoint, error) {
	var e *till.WebhookEndpoint
	err := s.inTx(ctx, func(tx *Tx) error {
		var r webhookEndpointRow
		if err := tx.stmt(s.q.FindWebhookEndpoint).GetContext(ctx, &r, accountID, id); err != nil {
			return notFound(err, "webhook_endpoint", id, "id")
		}
		var err error
		if e, err = s.endpoint(r); err != nil {
			return err
		}
		if err := apply(e); err != nil {
			return err
		}
		_, err = tx.named(s.q.UpdateWebhookEndpoint).ExecContext(ctx, s.endpointRow(e))
		return translate(err)
	})
	return e, err
}

// DeleteWebhookEndpoint deletes an endpoint and gives up its pending
// deliveries.
func (s *Store) DeleteWebhookEndpoint(ctx context.Context, accountID, id string) error {
	return s.inTx(ctx, func(tx *Tx) error {
		var got string
		if err := tx.stmt(s.q.DeleteWebhookEndpoint).GetContext(ctx, &got, accountID, id); err != nil {
			return notFound(err, "webhook_endpoint", id, "id")
		}
		return nil
	})
}

// RollWebhookSecret gives an endpoint the new signing secret and returns
// it. The secret it replaces keeps signing deliveries, alongside the new
// one, for overlap (by the database's clock, which the delivery workers of
// every process share); an overlap of 0 retires it at once.
func (s *Store) RollWebhookSecret(ctx context.Context, accountID, id, secret string, overlap time.Duration) (*till.WebhookEndpoint, error) {
	var e *till.WebhookEndpoint
	err := s.inTx(ctx, func(tx *Tx) error {
		var r webhookEndpointRow
		sealed := s.sealer.seal(secret, webhookSecretsAt(id))
		if err := tx.stmt(s.q.RollWebhookSecret).GetContext(ctx, &r, accountID, id, sealed, overlap.Seconds()); err != nil {
			return notFound(err, "webhook_endpoint", id, "id")
		}
		var err error
		e, err = s.endpoint(r)
		return err
	})
	return e, err
}

// ListWebhookEndpoints returns a page of the account's endpoints, newest first.
func (s *Store) ListWebhookEndpoints(ctx context.Context, caller till.Caller, page till.Page) ([]*till.WebhookEndpoint, bool, error) {
	after, before, err := s.cursors(ctx, s.q.WebhookEndpointSeq, caller.AccountID, page, "webhook_endpoint")
	if err != nil {
		return nil, false, err
	}
	var rows []webhookEndpointRow
	err = s.stmt(ctx, s.q.ListWebhookEndpoints).SelectContext(ctx, &rows, caller.AccountID, caller.Livemode, after, before, page.Limit+1)
	if err != nil {
		return nil, false, translate(err)
	}
	rows, more := trimPage(rows, page)
	out := make([]*till.WebhookEndpoint, len(rows))
	for i, r := range rows {
		if out[i], err = s.endpoint(r); err != nil {
			return nil, false, err
		}
	}
	return out, more, nil
}

// ResendEvent queues one more delivery of an event of the account to one of
// its endpoints, due now, whatever the endpoint's enabled_events say (the
// Stripe CLI's `events resend`).
func (s *Store) ResendEvent(ctx context.Context, accountID, eventID, endpointID string) (*till.StoredEvent, error) {
	var ev *till.StoredEvent
	err := s.inTx(ctx, func(tx *Tx) error {
		var r storedEventRow
		if err := tx.stmt(s.q.FindEvent).GetContext(ctx, &r, accountID, eventID); err != nil {
			return notFound(err, "event", eventID, "id")
		}
		var we webhookEndpointRow
		if err := tx.stmt(s.q.FindWebhookEndpoint).GetContext(ctx, &we, accountID, endpointID); err != nil {
			e := notFound(err, "webhook_endpoint", endpointID, "webhook_endpoint")
			if te, ok := e.(*till.Error); ok && te.Kind == till.KindNotFound {
				te.Kind = till.KindInvalid
			}
			return e
		}
		if _, err := tx.stmt(s.q.CreateDelivery).ExecContext(ctx, eventID, endpointID); err != nil {
			return translate(err)
		}
		r.PendingWebhooks++
		ev = r.storedEvent()
		return nil
	})
	return ev, err
}

type deliveryRow struct {
	ID                 int64   `db:"id"`
	Attempts           int     `db:"attempts"`
	EndpointID         string  `db:"endpoint_id"`
	URL                string  `db:"url"`
	Secret             string  `db:"secret"`
	PreviousSecret     *string `db:"previous_secret"`
	EndpointAPIVersion *string `db:"endpoint_api_version"`
	EventID            string  `db:"event_id"`
	eventRow
}

// ClaimDeliveries takes up to n due deliveries for lease: no other worker
// claims them until the lease ends, so one delivery is never attempted by
// two workers at once while the first is within its lease.
func (s *Store) ClaimDeliveries(ctx context.Context, n int, lease time.Duration) ([]till.Delivery, error) {
	var rows []deliveryRow
	if err := s.q.ClaimDeliveries.SelectContext(ctx, &rows, lease.Seconds(), n); err != nil {
		return nil, translate(err)
	}
	out := make([]till.Delivery, len(rows))
	for i, r := range rows {
		r.eventRow.ID = r.EventID
		version := r.APIVersion
		if r.EndpointAPIVersion != nil {
			version = *r.EndpointAPIVersion
		}
		secret, _, err := s.sealer.open(r.Secret, webhookSecretsAt(r.EndpointID))
		if err != nil {
			return nil, fmt.Errorf("db: webhook endpoint %s: %w", r.EndpointID, err)
		}
		out[i] = till.Delivery{ID: r.ID, Attempt: r.Attempts, EndpointID: r.EndpointID, URL: r.URL, Secret: secret,
			APIVersion: version, Event: r.event()}
		if r.PreviousSecret != nil {
			if out[i].PreviousSecret, _, err = s.sealer.open(*r.PreviousSecret, webhookSecretsAt(r.EndpointID)); err != nil {
				return nil, fmt.Errorf("db: webhook endpoint %s: %w", r.EndpointID, err)
			}
		}
	}
	return out, nil
}

// maxResponse is how much of an answer is kept per attempt.
const maxResponse = 1024

// FinishDelivery records an attempt and settles its delivery in one
// transaction.
func (s *Store) FinishDelivery(ctx context.Context, d till.Delivery, a till.DeliveryAttempt, o till.DeliveryOutcome) error {
	return s.inTx(ctx, func(tx *Tx) error {
		var status *int
		if a.StatusCode != 0 {
			status = &a.StatusCode
		}
		var errText *string
		if a.Err != nil {
			e := a.Err.Error()
			errText = &e
		}
		_, err := tx.stmt(s.q.CreateWebhookAttempt).ExecContext(ctx, d.ID, a.At, status, a.Duration.Milliseconds(),
			cleanText(a.Response, maxResponse), errText)
		if err != nil {
			return translate(err)
		}
		if _, err := tx.stmt(s.q.FinishDelivery).ExecContext(ctx, d.ID, d.Attempt, o.Status, o.RetryIn.Seconds()); err != nil {
			return translate(err)
		}
		if o.DisableEndpoint {
			_, err := tx.stmt(s.q.DisableWebhookEndpoint).ExecContext(ctx, d.EndpointID)
			return translate(err)
		}
		return nil
	})
}

// cleanText keeps at most n bytes of b as valid UTF-8 without NULs, which a
// text column refuses.
func cleanText(b []byte, n int) string {
	if len(b) > n {
		b = b[:n]
	}
	s := strings.ToValidUTF8(string(b), "\uFFFD")
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return strings.ReplaceAll(s, "\x00", "")
}

// ExpireDueSessions expires up to limit open sessions whose expires_at has
// passed by the store's clock, each with its checkout.session.expired event
// (no request caused it), in one transaction, and returns them. Several
// callers at once take disjoint batches.
func (s *Store) ExpireDueSessions(ctx context.Context, limit int, renderers till.Renderers) ([]*till.Session, error) {
	var out []*till.Session
	err := s.inTx(ctx, func(tx *Tx) error {
		var rows []sessionRow
		if err := tx.stmt(s.q.ExpireDueSessions).SelectContext(ctx, &rows, s.Now(), limit); err != nil {
			return translate(err)
		}
		out = make([]*till.Session, len(rows))
		events := make([]outboxEvent, len(rows))
		for i, r := range rows {
			sess := r.session()
			if err := s.abandonIntent(ctx, tx, sess, till.EventSource{}, renderers); err != nil {
				return err
			}
			data, err := renderers.Session(sess)
			if err != nil {
				return err
			}
			events[i] = outboxEvent{till.EventCheckoutSessionExpired, sess.AccountID, sess.Livemode, sess.ID, data}
			out[i] = sess
		}
		return s.insertEvents(tx, till.EventSource{}, events...)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
