package till

import "time"

// Delivery is a claimed attempt to send one event to one endpoint. Attempt
// counts this try (1 for the first).
type Delivery struct {
	ID         int64
	Attempt    int
	EndpointID string
	URL        string
	Secret     string
	// PreviousSecret is the secret a roll replaced while its overlap
	// lasts, else empty; deliveries are signed with it too.
	PreviousSecret string
	APIVersion     string // the endpoint's, else the event's own (its account's)
	Event          Event
}

// DeliveryAttempt is what happened when a delivery was tried.
type DeliveryAttempt struct {
	At         time.Time
	StatusCode int // 0 when no answer came
	Duration   time.Duration
	Response   []byte // the start of the answer's body
	Err        error  // why no answer came
}

// Delivery statuses, as a DeliveryOutcome settles them.
const (
	DeliveryDelivered = "delivered"
	DeliveryPending   = "pending" // to be retried
	DeliveryFailed    = "failed"  // given up
)

// DeliveryOutcome settles a delivery after an attempt: its new status, when
// to try again (for pending), and whether the endpoint asked to be disabled.
type DeliveryOutcome struct {
	Status          string
	RetryIn         time.Duration
	DisableEndpoint bool
}
