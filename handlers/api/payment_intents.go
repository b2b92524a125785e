package api

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"till"
)

// PaymentIntentChanges captures and cancels PaymentIntents: the domain's
// service (till.PaymentIntents).
type PaymentIntentChanges interface {
	Capture(ctx context.Context, accountID, id string, p till.CaptureParams, ev till.EventSource) (*till.PaymentIntent, error)
	Cancel(ctx context.Context, accountID, id string, reason *string, ev till.EventSource) (*till.PaymentIntent, error)
}

// UsePaymentIntents gives the handler the service its capture and cancel
// go through; like UsePayments, it renders its events with the handler's
// EventRenderers, so it is set after New.
func (h *Handler) UsePaymentIntents(p PaymentIntentChanges) { h.intents = p }

type paymentIntentCaptureParams struct {
	AmountToCapture *int64            `form:"amount_to_capture"`
	Metadata        map[string]string `form:"metadata"`
	Expand          []string          `form:"expand"`
}

// PaymentIntentCapture handles "POST /v1/payment_intents/:id/capture".
func (h *Handler) PaymentIntentCapture(c *fiber.Ctx) error {
	r := newRequest(c)
	var p paymentIntentCaptureParams
	if err := decode(c, &p); err != nil {
		return err
	}
	exp, err := parseExpand(p.Expand, false, paymentIntentExpandable...)
	if err != nil {
		return err
	}
	pi, err := h.intents.Capture(r.ctx, r.accountID(), c.Params("id"),
		till.CaptureParams{AmountToCapture: p.AmountToCapture, Metadata: p.Metadata}, r.eventSource())
	if err != nil {
		return err
	}
	return h.renderPaymentIntent(c, r, pi, exp)
}

type paymentIntentCancelParams struct {
	CancellationReason *string  `form:"cancellation_reason"`
	Expand             []string `form:"expand"`
}

// PaymentIntentCancel handles "POST /v1/payment_intents/:id/cancel".
func (h *Handler) PaymentIntentCancel(c *fiber.Ctx) error {
	r := newRequest(c)
	var p paymentIntentCancelParams
	if err := decode(c, &p); err != nil {
		return err
	}
	exp, err := parseExpand(p.Expand, false, paymentIntentExpandable...)
	if err != nil {
		return err
	}
	pi, err := h.intents.Cancel(r.ctx, r.accountID(), c.Params("id"), p.CancellationReason, r.eventSource())
	if err != nil {
		return err
	}
	return h.renderPaymentIntent(c, r, pi, exp)
}

// renderPaymentIntent renders an intent with its expansions.
func (h *Handler) renderPaymentIntent(c *fiber.Ctx, r request, pi *till.PaymentIntent, exp expansions) error {
	o, err := h.paymentIntentJSONExpanded(r, pi, exp)
	if err != nil {
		return err
	}
	return writeJSON(c, fiber.StatusOK, o)
}
