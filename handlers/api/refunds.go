package api

import (
	"github.com/gofiber/fiber/v2"

	"till"
)

type refundCardDestination struct {
	Reference       *string `json:"reference"`
	ReferenceStatus string  `json:"reference_status"`
	ReferenceType   string  `json:"reference_type"`
	Type            string  `json:"type"`
}

type refundDestination struct {
	Card refundCardDestination `json:"card"`
	Type string                `json:"type"`
}

type refundObject struct {
	ID                        string            `json:"id"`
	Object                    string            `json:"object"`
	Amount                    int64             `json:"amount"`
	BalanceTransaction        *string           `json:"balance_transaction"`
	Charge                    any               `json:"charge"`
	Created                   int64             `json:"created"`
	Currency                  string            `json:"currency"`
	Description               *string           `json:"description,omitempty"`
	DestinationDetails        refundDestination `json:"destination_details"`
	FailureBalanceTransaction *string           `json:"failure_balance_transaction,omitempty"`
	FailureReason             *string           `json:"failure_reason,omitempty"`
	Metadata                  map[string]string `json:"metadata"`
	PaymentIntent             any               `json:"payment_intent"`
	PendingReason             *string           `json:"pending_reason,omitempty"`
	Reason                    *string           `json:"reason"`
	ReceiptNumber             *string           `json:"receipt_number"`
	SourceTransferReversal    *string           `json:"source_transfer_reversal"`
	Status                    string            `json:"status"`
	TransferReversal          *string           `json:"transfer_reversal"`
}

// refundJSON renders a refund as Stripe's card refund: a refund of an
// authorization nobody took from is a reversal, whose reference is at once
// final; money that did go back gets its reference from the card network
// later, which test mode never does.
func refundJSON(r *till.Refund) *refundObject {
	o := &refundObject{ID: r.ID, Object: "refund", Amount: r.Amount, Charge: r.ChargeID, Created: r.Created,
		Currency: r.Currency, Metadata: r.Metadata, PaymentIntent: r.PaymentIntentID, Reason: r.Reason,
		Status: r.Status, FailureReason: r.FailureReason,
		DestinationDetails: refundDestination{Type: "card", Card: refundCardDestination{
			ReferenceStatus: "pending", ReferenceType: "acquirer_reference_number", Type: "refund"}}}
	if r.Reversal {
		o.DestinationDetails.Card = refundCardDestination{ReferenceStatus: "available", Type: "reversal"}
	}
	if r.Status == till.RefundPending {
		pending := "processing"
		o.PendingReason = &pending
	}
	return o
}

var refundExpandable = []string{"charge", "payment_intent"}

func (h *Handler) refundJSONExpanded(r request, ref *till.Refund, exp expansions) (*refundObject, error) {
	o := refundJSON(ref)
	if exp["charge"] {
		ch, err := h.store.FindCharge(r.ctx, ref.AccountID, ref.ChargeID)
		if err != nil {
			return nil, err
		}
		o.Charge = h.chargeJSON(ch)
	}
	if exp["payment_intent"] {
		pi, err := h.store.FindPaymentIntent(r.ctx, ref.AccountID, ref.PaymentIntentID)
		if err != nil {
			return nil, err
		}
		o.PaymentIntent = h.paymentIntentJSON(pi)
	}
	return o, nil
}

func (h *Handler) renderRefund(c *fiber.Ctx, r request, ref *till.Refund, exp expansions) error {
	o, err := h.refundJSONExpanded(r, ref, exp)
	if err != nil {
		return err
	}
	return writeJSON(c, fiber.StatusOK, o)
}

type refundCreateParams struct {
	Charge            *string           `form:"charge"`
	PaymentIntent     *string           `form:"payment_intent"`
	Amount            *int64            `form:"amount"`
	Reason            *string           `form:"reason"`
	Metadata          map[string]string `form:"metadata"`
	InstructionsEmail *string           `form:"instructions_email"`
	Origin            *string           `form:"origin"`
	Expand            []string          `form:"expand"`
}

// RefundCreate handles "POST /v1/refunds". Till refunds to the card that
// paid: an origin other than customer_balance's absence is refused, as
// Stripe refuses it for card payments.
func (h *Handler) RefundCreate(c *fiber.Ctx) error {
	r := newRequest(c)
	var p refundCreateParams
	if err := decode(c, &p); err != nil {
		return err
	}
	exp, err := parseExpand(p.Expand, false, refundExpandable...)
	if err != nil {
		return err
	}
	if p.Origin != nil {
		return till.Invalid(till.CodeInvalidRequest, "origin", "Invalid origin: refunds of card payments go back to the card; origin is for customer balance refunds only.")
	}
	ref, err := h.changes.Refund(r.ctx, r.accountID(), till.RefundTarget{ChargeID: p.Charge, PaymentIntentID: p.PaymentIntent},
		till.RefundParams{Amount: p.Amount, Reason: p.Reason, Metadata: p.Metadata}, r.eventSource())
	if err != nil {
		return err
	}
	return h.renderRefund(c, r, ref, exp)
}

// RefundRetrieve handles "GET /v1/refunds/:id".
func (h *Handler) RefundRetrieve(c *fiber.Ctx) error {
	r := newRequest(c)
	var p retrieveParams
	if err := decode(c, &p); err != nil {
		return err
	}
	exp, err := parseExpand(p.Expand, false, refundExpandable...)
	if err != nil {
		return err
	}
	ref, err := h.store.FindRefund(r.ctx, r.accountID(), c.Params("id"))
	if err != nil {
		return err
	}
	return h.renderRefund(c, r, ref, exp)
}

type refundUpdateParams struct {
	Metadata map[string]string `form:"metadata"`
	Expand   []string          `form:"expand"`
}

// RefundUpdate handles "POST /v1/refunds/:id": only its metadata changes.
func (h *Handler) RefundUpdate(c *fiber.Ctx) error {
	r := newRequest(c)
	var p refundUpdateParams
	if err := decode(c, &p); err != nil {
		return err
	}
	exp, err := parseExpand(p.Expand, false, refundExpandable...)
	if err != nil {
		return err
	}
	ref, err := h.changes.UpdateRefund(r.ctx, r.accountID(), c.Params("id"), p.Metadata, r.eventSource())
	if err != nil {
		return err
	}
	return h.renderRefund(c, r, ref, exp)
}

// RefundCancel handles "POST /v1/refunds/:id/cancel".
func (h *Handler) RefundCancel(c *fiber.Ctx) error {
	r := newRequest(c)
	var p struct {
		Expand []string `form:"expand"`
	}
	if err := decode(c, &p); err != nil {
		return err
	}
	exp, err := parseExpand(p.Expand, false, refundExpandable...)
	if err != nil {
		return err
	}
	ref, err := h.changes.CancelRefund(r.ctx, r.accountID(), c.Params("id"), r.eventSource())
	if err != nil {
		return err
	}
	return h.renderRefund(c, r, ref, exp)
}

type refundListParams struct {
	till.ListParams
	Charge        *string `form:"charge"`
	PaymentIntent *string `form:"payment_intent"`
}

// RefundList handles "GET /v1/refunds".
func (h *Handler) RefundList(c *fiber.Ctx) error {
	r := newRequest(c)
	var p refundListParams
	page, exp, err := decodeList(c, &p, &p.ListParams, refundExpandable...)
	if err != nil {
		return err
	}
	refunds, more, err := h.store.ListRefunds(r.ctx, r.info.Caller, p.Charge, p.PaymentIntent, page)
	if err != nil {
		return err
	}
	data := make([]*refundObject, len(refunds))
	for i, ref := range refunds {
		if data[i], err = h.refundJSONExpanded(r, ref, exp); err != nil {
			return err
		}
	}
	return writeJSON(c, fiber.StatusOK, newList("/v1/refunds", data, more))
}
