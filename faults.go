package till

// Faults lets a fault test stop the process at a named point of a payment
// or a webhook delivery (to kill it exactly there). Production wiring passes
// nil: the points cost a nil check. Only a binary built with the
// "failpoints" tag can be given a Faults (cmd/till refuses TILL_FAILPOINTS
// otherwise).
type Faults interface {
	// Reach is called when the process reaches point; it may block.
	Reach(point string)
}

// The named points.
const (
	// FaultPaymentClaimed: an attempt has claimed its session, before the
	// processor is called.
	FaultPaymentClaimed = "payment-claimed"
	// FaultPaymentAuthorized: the processor has answered, before the
	// outcome is written.
	FaultPaymentAuthorized = "payment-authorized"
	// FaultPaymentCommitted: the outcome is committed, before the shopper
	// is answered.
	FaultPaymentCommitted = "payment-committed"
	// FaultDeliveryPosted: a webhook was POSTed and answered, before the
	// outcome is recorded.
	FaultDeliveryPosted = "delivery-posted"
)

// Reach calls f.Reach(point) when f is set.
func Reach(f Faults, point string) {
	if f != nil {
		f.Reach(point)
	}
}
