package api

import "till"

// EventRenderers renders the objects events carry, in the API version events
// are stamped with, for every state change that writes an event: the API's
// own, the checkout pages completing a session, the expiry sweeper.
func (h *Handler) EventRenderers() till.Renderers {
	return till.Renderers{
		Session:       func(s *till.Session) ([]byte, error) { return eventJSON(h.sessionEventJSON(s)) },
		Customer:      func(c *till.Customer) ([]byte, error) { return eventJSON(customerJSON(c)) },
		PaymentIntent: func(pi *till.PaymentIntent) ([]byte, error) { return eventJSON(h.paymentIntentJSON(pi)) },
		Charge:        func(ch *till.Charge) ([]byte, error) { return eventJSON(h.chargeJSON(ch)) },
		Refund:        func(r *till.Refund) ([]byte, error) { return eventJSON(refundJSON(r)) },
	}
}

// storedEventVersion is the version events' objects are stored in: each is
// rendered in its event's version, or its webhook endpoint's, when read.
const storedEventVersion = till.DefaultAPIVersion

// sessionEventJSON renders a session as events carry it: in
// storedEventVersion, and without its client_secret, which opens the session to
// whoever holds it and so has no place in a stored event or a webhook.
func (h *Handler) sessionEventJSON(s *till.Session) *sessionObject {
	o := h.sessionJSON(s, storedEventVersion)
	o.ClientSecret = nil
	return o
}
