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

// DeliveryLog is one delivery of an event to an endpoint as the dashboard
// shows it: its event, its endpoint, how it stands and every attempt so
// far, oldest first.
type DeliveryLog struct {
	ID        int64
	EventID   string
	EventType string
	// TestEvent marks a test event's delivery ("Send test event"), whose
	// event is none of the account's.
	TestEvent       bool
	EndpointID      string
	EndpointURL     string
	EndpointDeleted bool
	Status          string // DeliveryDelivered, DeliveryPending or DeliveryFailed
	Created         int64
	Attempts        []AttemptLog
	// AttemptCount is how many attempts the delivery has had: those of
	// Attempts, unless a list gives the latest alone.
	AttemptCount int
	// NextAttempt is when the delivery's next attempt is due (Unix
	// seconds), which means something only while it is DeliveryPending.
	NextAttempt int64
}

// AttemptLog is one attempt of a delivery as it was recorded: when, the
// answer's status (0 when none came) or why none came, how long it took,
// and the start of the answer's body (at most 1 KiB).
type AttemptLog struct {
	At         int64  `json:"at"`
	StatusCode int    `json:"status_code"`
	DurationMS int64  `json:"duration_ms"`
	Response   string `json:"response"`
	Error      string `json:"error"`
}

// Latest is the delivery's latest attempt, nil before the first.
func (d *DeliveryLog) Latest() *AttemptLog {
	if len(d.Attempts) == 0 {
		return nil
	}
	return &d.Attempts[len(d.Attempts)-1]
}
