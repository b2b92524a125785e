package api

import (
	"till"
	"till/db"
)

// EventRenderers renders the objects events carry, in the API version events
// are stamped with, for state changes made outside the API (the checkout
// pages completing a session).
func (h *Handler) EventRenderers() till.Renderers {
	return till.Renderers{
		Session: func(s *till.Session) ([]byte, error) {
			return eventJSON(h.sessionJSON(s, db.DefaultAPIVersion))
		},
		Customer:      func(c *till.Customer) ([]byte, error) { return eventJSON(customerJSON(c)) },
		PaymentIntent: func(pi *till.PaymentIntent) ([]byte, error) { return eventJSON(paymentIntentJSON(pi)) },
	}
}
