package till

// EventSource is the API request that caused an event, if any; events that
// Till causes by itself (expiry, a shopper's payment) have an empty one.
type EventSource struct {
	RequestID      string
	IdempotencyKey string
}

// StoredEvent is an event as the API shows it: the outbox entry, and how
// many of its deliveries are still to be made.
type StoredEvent struct {
	Event
	PendingWebhooks int64
}
