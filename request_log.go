package till

import "time"

// APIRequest is one API request of an account as its request log keeps it:
// what was asked and answered, never a body (which may hold anything a
// merchant sends, and whose answers hold secrets: a webhook endpoint's).
type APIRequest struct {
	AccountID      string
	Livemode       bool
	RequestID      string
	Method         string
	Path           string
	Status         int
	IdempotencyKey string // empty when the request sent none
	Created        int64
}

// RequestLogRetention is how long an account's requests are kept.
const RequestLogRetention = 7 * 24 * time.Hour
