package api

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"till"
)

// PaymentChanges captures, cancels and refunds payments: the domain's
// service (till.Payments).
type PaymentChanges interface {
	Capture(ctx context.Context, accountID, id string, p till.CaptureParams, ev till.EventSource) (*till.PaymentIntent, error)
	Cancel(ctx context.Context, accountID, id string, reason *string, ev till.EventSource) (*till.PaymentIntent, error)
	Refund(ctx context.Context, accountID string, target till.RefundTarget, p till.RefundParams, ev till.EventSource) (*till.Refund, error)
	UpdateRefund(ctx context.Context, accountID, id string, metadata map[string]string, ev till.EventSource) (*till.Refund, error)
	CancelRefund(ctx context.Context, accountID, id string, ev till.EventSource) (*till.Refund, error)
}

// UsePaymentChanges gives the handler the service its captures, cancels
// and refunds go through; like UsePayments, it renders its events with the
// handler's EventRenderers, so it is set after New.
func (h *Handler) UsePaymentChanges(p PaymentChanges) { h.changes = p }

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
	pi, err := h.changes.Capture(r.ctx, r.accountID(), c.Params("id"),
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
	pi, err := h.changes.Cancel(r.ctx, r.accountID(), c.Params("id"), p.CancellationReason, r.eventSource())
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

var paymentIntentExpandable = []string{"customer", "latest_charge"}

func (h *Handler) paymentIntentJSONExpanded(r request, pi *till.PaymentIntent, exp expansions) (*paymentIntentObject, error) {
	o := h.paymentIntentJSON(pi)
	if exp["customer"] && pi.CustomerID != nil {
		cust, err := h.store.FindCustomer(r.ctx, pi.AccountID, *pi.CustomerID)
		if err != nil {
			return nil, err
		}
		o.Customer = customerJSON(cust)
	}
	if exp["latest_charge"] && pi.LatestChargeID != nil {
		ch, err := h.store.FindCharge(r.ctx, pi.AccountID, *pi.LatestChargeID)
		if err != nil {
			return nil, err
		}
		o.LatestCharge = h.chargeJSON(ch)
	}
	return o, nil
}

// PaymentIntentRetrieve handles "GET /v1/payment_intents/:id".
func (h *Handler) PaymentIntentRetrieve(c *fiber.Ctx) error {
	r := newRequest(c)
	var p struct {
		retrieveParams
		ClientSecret *string `form:"client_secret"`
	}
	if err := decode(c, &p); err != nil {
		return err
	}
	exp, err := parseExpand(p.Expand, false, paymentIntentExpandable...)
	if err != nil {
		return err
	}
	pi, err := h.store.FindPaymentIntent(r.ctx, r.accountID(), c.Params("id"))
	if err != nil {
		return err
	}
	return h.renderPaymentIntent(c, r, pi, exp)
}

type paymentIntentListParams struct {
	till.ListParams
	Customer *string `form:"customer"`
}

// PaymentIntentList handles "GET /v1/payment_intents".
func (h *Handler) PaymentIntentList(c *fiber.Ctx) error {
	r := newRequest(c)
	var p paymentIntentListParams
	page, exp, err := decodeList(c, &p, &p.ListParams, paymentIntentExpandable...)
	if err != nil {
		return err
	}
	intents, more, err := h.store.ListPaymentIntents(r.ctx, r.info.Caller, p.Customer, page)
	if err != nil {
		return err
	}
	data := make([]*paymentIntentObject, len(intents))
	for i, pi := range intents {
		if data[i], err = h.paymentIntentJSONExpanded(r, pi, exp); err != nil {
			return err
		}
	}
	return writeJSON(c, fiber.StatusOK, newList("/v1/payment_intents", data, more))
}
