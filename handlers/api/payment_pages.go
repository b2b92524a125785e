package api

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"

	"till"
)

// Payment pages are the API behind Stripe's hosted checkout page, which
// the Stripe CLI's `stripe trigger checkout.session.completed` drives to
// pay the session its fixture made: GET /v1/payment_pages/{cs}, a
// PaymentMethod from a test token, then POST /v1/payment_pages/{cs}/confirm.

// paymentPageObject is what a payment page shows of its session.
type paymentPageObject struct {
	ID                 string   `json:"id"`
	Object             string   `json:"object"`
	AmountSubtotal     int64    `json:"amount_subtotal"`
	AmountTotal        int64    `json:"amount_total"`
	CancelURL          *string  `json:"cancel_url"`
	Currency           string   `json:"currency"`
	CustomerEmail      *string  `json:"customer_email"`
	ExpiresAt          int64    `json:"expires_at"`
	Livemode           bool     `json:"livemode"`
	Mode               string   `json:"mode"`
	PaymentIntent      *string  `json:"payment_intent"`
	PaymentMethodTypes []string `json:"payment_method_types"`
	PaymentStatus      string   `json:"payment_status"`
	SessionID          string   `json:"session_id"`
	Status             string   `json:"status"`
	SuccessURL         *string  `json:"success_url"`
	UIMode             string   `json:"ui_mode"`
}

func paymentPageJSON(s *till.Session) *paymentPageObject {
	return &paymentPageObject{ID: s.ID, Object: "payment_page", AmountSubtotal: s.AmountSubtotal,
		AmountTotal: s.AmountTotal, CancelURL: s.CancelURL, Currency: s.Currency, CustomerEmail: s.CustomerEmail,
		ExpiresAt: s.ExpiresAt, Livemode: s.Livemode, Mode: s.Mode, PaymentIntent: s.PaymentIntentID,
		PaymentMethodTypes: s.PaymentMethodTypes, PaymentStatus: s.PaymentStatus, SessionID: s.ID,
		Status: s.Status, SuccessURL: s.SuccessURL, UIMode: s.UIMode}
}

// PaymentPageRetrieve handles "GET /v1/payment_pages/:id", the payment page
// of one of the account's Checkout Sessions.
func (h *Handler) PaymentPageRetrieve(c *fiber.Ctx) error {
	r := newRequest(c)

	if _, err := decodeRetrieve(c); err != nil {
		return err
	}
	s, err := h.store.FindSession(r.ctx, r.accountID(), c.Params("id"))
	if err != nil {
		return err
	}
	return writeJSON(c, fiber.StatusOK, paymentPageJSON(s))
}

type paymentPageConfirmParams struct {
	PaymentMethod  *string  `form:"payment_method"`
	ExpectedAmount *int64   `form:"expected_amount"`
	Expand         []string `form:"expand"`
}

// Payments pays sessions: the checkout service every payment of Till goes
// through (till.CheckoutService).
type Payments interface {
	Find(ctx context.Context, sessionID, client string) (*till.Checkout, error)
	Pay(ctx context.Context, co *till.Checkout, a till.PaymentAttempt) (*till.PaymentResult, error)
}

// PaymentPageConfirm handles "POST /v1/payment_pages/:id/confirm": it pays
// the session with a PaymentMethod through the checkout service, as a
// shopper's submit of the page would. expected_amount, when sent, must be
// the total the page showed; a decline is Stripe's 402 card_error and
// leaves the session open. The caller is the merchant's server (a secret
// key), not a shopper, so no client address counts towards the decline
// limit; the session's own limit applies.
func (h *Handler) PaymentPageConfirm(c *fiber.Ctx) error {
	r := newRequest(c)

	var p paymentPageConfirmParams
	if err := decode(c, &p); err != nil {
		return err
	}
	if _, err := parseExpand(p.Expand, false); err != nil {
		return err
	}
	if p.PaymentMethod == nil || *p.PaymentMethod == "" {
		return till.Missing("payment_method")
	}
	id := c.Params("id")
	co, err := h.payments.Find(r.ctx, id, "")
	if err != nil {
		return err
	}
	if co.Session.AccountID != r.accountID() || co.Session.Livemode != r.info.Caller.Livemode {
		return till.NotFound("checkout.session", id, "session")
	}
	if p.ExpectedAmount != nil && *p.ExpectedAmount != co.Session.AmountTotal {
		return till.Invalid(till.CodeInvalidRequest, "expected_amount",
			"The expected_amount (%d) does not match this Checkout Session's amount_total (%d): its total has changed since the page was loaded.",
			*p.ExpectedAmount, co.Session.AmountTotal)
	}
	pm, err := h.paymentMethod(r, *p.PaymentMethod, "payment_method")
	if err != nil {
		return err
	}
	res, err := h.payments.Pay(r.ctx, co, paymentAttemptOf(pm))
	switch {
	case err != nil:
		return err
	case res.Decline != nil:
		return res.Decline
	case !res.Completed:
		// Another attempt completed the session, or it expired.
		if err := res.Checkout.Session.Payable(h.store.Now()); err != nil {
			return err
		}
	default:
		h.metrics.SessionCompleted()
	}
	return writeJSON(c, fiber.StatusOK, paymentPageJSON(res.Checkout.Session))
}

// paymentAttemptOf is a payment with a PaymentMethod: its billing details
// as the shopper's, and its test card as what the shopper typed.
func paymentAttemptOf(pm *till.PaymentMethod) till.PaymentAttempt {
	b := pm.BillingDetails
	details := till.Payment{Email: b.Email, Name: b.Name, Phone: b.Phone}
	if b.Address != (till.Address{}) {
		details.Address = &b.Address
	}
	return till.PaymentAttempt{Details: details, Card: till.TestCardInput(pm.TestCard, time.Unix(pm.Created, 0).UTC(), b.Name)}
}
