package api

import "till"

// EventRenderers renders the objects events carry, in the API version events
// are stamped with, for every state change that writes an event: the API's
// own, the checkout pages completing a session, the expiry sweeper.
func (h *Handler) EventRenderers() till.Renderers {
	return till.Renderers{
		Session:       func(s *till.Session) ([]byte, error) { return eventJSON(h.sessionEventJSON(s)) },
		Customer:      func(c *till.Customer) ([]byte, error) { return eventJSON(customerJSON(c)) },
		PaymentIntent: func(pi *till.PaymentIntent) ([]byte, error) { return eventJSON(paymentIntentJSON(pi)) },
	}
}

// sessionEventJSON renders a session as events carry it: in the default API
// version, and without its client_secret, which opens the session to
// whoever holds it and so has no place in a stored event or a webhook.
func (h *Handler) sessionEventJSON(s *till.Session) *sessionObject {
	o := h.sessionJSON(s, till.DefaultAPIVersion)
	o.ClientSecret = nil
	return o
}
