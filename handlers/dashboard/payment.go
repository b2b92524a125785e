package dashboard

import (
	"context"
	"net/http"
	"strings"

	"github.com/gofiber/fiber/v2"

	"till"
	"till/views"
)

// PaymentShow handles "GET /dashboard/payments/:id": one PaymentIntent of
// the account (another account's is not found) with its amounts, customer,
// the Checkout Session it came from, its charges and refunds, its metadata
// and the events of it, its charges and refunds, newest first; and a form
// for each change the API would make of it now (refund, capture, cancel).
func (h *Handler) PaymentShow(c *fiber.Ctx) error {
	s := signedIn(c)
	ctx := c.UserContext()
	pi, err := h.store.FindPaymentIntent(ctx, s.AccountID, c.Params("id"))
	if err != nil {
		return err
	}
	charges, _, err := h.store.ListCharges(ctx, caller(s), nil, &pi.ID, till.Page{Limit: 100})
	if err != nil {
		return err
	}
	refunds, _, err := h.store.ListRefunds(ctx, caller(s), nil, &pi.ID, till.Page{Limit: 100})
	if err != nil {
		return err
	}
	sess, err := h.store.FindSession(ctx, s.AccountID, pi.CheckoutSessionID)
	if err != nil {
		return err
	}
	var latest *till.Charge
	objects := []string{pi.ID}
	for _, ch := range charges {
		if pi.LatestChargeID != nil && ch.ID == *pi.LatestChargeID {
			latest = ch
		}
		objects = append(objects, ch.ID)
	}
	page := paymentsPath + "/" + pi.ID
	shown := till.PaymentShownStatus(pi, latest)
	vm := views.DashboardPaymentDetail{Frame: h.frame(c, "payments", pi.ID), ID: pi.ID, Status: shown,
		StatusLabel: label(shown), Amount: amount(pi.Amount, pi.Currency), ListURL: paymentsPath,
		Charges: h.chargeViews(charges), Metadata: metadataFields(pi.Metadata)}
	lastError := ""
	if e := pi.LastPaymentError; e != nil {
		lastError = e.Message
	}
	vm.Summary = fields("Status", pi.Status, "Amount", amount(pi.Amount, pi.Currency),
		"Received", amount(pi.AmountReceived, pi.Currency), "Capturable", nonZero(pi.AmountCapturable, pi.Currency),
		"Refunded", nonZero(latest.MoneyRefunded(), pi.Currency), "Capture method", pi.CaptureMethod,
		"Description", deref(pi.Description), "Created", formatTime(pi.Created), "Canceled", optionalTime(pi.CanceledAt),
		"Cancellation reason", deref(pi.CancellationReason), "Last payment error", lastError)
	vm.Summary = append(vm.Summary, views.DashboardField{Label: "Checkout Session", Value: sess.ID, URL: sessionsPath + "/" + sess.ID})
	vm.Customer = fields("Email", deref(shopperEmail(sess)))
	if pi.CustomerID != nil {
		vm.Customer = append(vm.Customer, views.DashboardField{Label: "Customer", Value: *pi.CustomerID,
			URL: customersPath + "/" + *pi.CustomerID})
	}
	for _, r := range refunds {
		objects = append(objects, r.ID)
		reason := label(deref(r.Reason))
		if r.Reversal && reason == "" {
			reason = "Authorization released"
		}
		vm.Refunds = append(vm.Refunds, views.DashboardRefund{ID: r.ID, Amount: amount(r.Amount, r.Currency),
			Status: r.Status, Reason: reason, Created: formatTime(r.Created)})
	}
	currency := strings.ToUpper(pi.Currency)
	if till.CanRefund(pi, latest) {
		vm.Refund = &views.DashboardRefundForm{Form: h.form(c, page+"/refund"), Currency: currency,
			Left: amount(latest.Unrefunded(), pi.Currency), Reasons: options(till.RefundReasons)}
	}
	if till.CanCapture(pi, latest) {
		vm.Capture = &views.DashboardCaptureForm{Form: h.form(c, page+"/capture"), Currency: currency,
			Capturable: amount(pi.AmountCapturable, pi.Currency)}
	}
	if till.CanCancel(pi, latest, h.store.Now()) {
		vm.Cancel = &views.DashboardCancelForm{Form: h.form(c, page+"/cancel"), Reasons: options(till.CancellationReasons)}
	}
	if vm.Events, err = h.timeline(ctx, s.AccountID, objects); err != nil {
		return err
	}
	return render(c, http.StatusOK, views.DashboardPaymentPage(vm))
}

// PaymentRefund handles "POST /dashboard/payments/:id/refund": a refund of
// the payment, as `POST /v1/refunds` with payment_intent makes it (its
// events and webhooks too): all that is left of its charge, or the amount
// typed in the currency's major units, with the reason chosen.
func (h *Handler) PaymentRefund(c *fiber.Ctx) error {
	return h.changePayment(c, "refund.create", func(ctx context.Context, pi *till.PaymentIntent, ev till.EventSource) error {
		p := till.RefundParams{Reason: optional(c.FormValue("reason"))}
		var err error
		if p.Amount, err = majorAmount(c.FormValue("amount"), pi.Currency, "amount"); err != nil {
			return err
		}
		_, err = h.payments.Refund(ctx, pi.AccountID, till.RefundTarget{PaymentIntentID: &pi.ID}, p, ev)
		return err
	})
}

// PaymentCapture handles "POST /dashboard/payments/:id/capture": the
// capture of an authorized payment, as `POST
// /v1/payment_intents/:id/capture` makes it: all that is capturable, or the
// smaller amount typed (amount_to_capture), releasing the rest.
func (h *Handler) PaymentCapture(c *fiber.Ctx) error {
	return h.changePayment(c, "payment_intent.capture", func(ctx context.Context, pi *till.PaymentIntent, ev till.EventSource) error {
		var p till.CaptureParams
		var err error
		if p.AmountToCapture, err = majorAmount(c.FormValue("amount_to_capture"), pi.Currency, "amount_to_capture"); err != nil {
			return err
		}
		_, err = h.payments.Capture(ctx, pi.AccountID, pi.ID, p, ev)
		return err
	})
}

// PaymentCancel handles "POST /dashboard/payments/:id/cancel": the cancel of
// an authorized payment, as `POST /v1/payment_intents/:id/cancel` makes it,
// with the cancellation_reason chosen.
func (h *Handler) PaymentCancel(c *fiber.Ctx) error {
	return h.changePayment(c, "payment_intent.cancel", func(ctx context.Context, pi *till.PaymentIntent, ev till.EventSource) error {
		_, err := h.payments.Cancel(ctx, pi.AccountID, pi.ID, optional(c.FormValue("cancellation_reason")), ev)
		return err
	})
}

// changePayment runs a change of the account's payment the request names
// as an action (once per form, in the audit log as name), and shows the
// payment's page after.
func (h *Handler) changePayment(c *fiber.Ctx, name string, change func(ctx context.Context, pi *till.PaymentIntent, ev till.EventSource) error) error {
	s, id := signedIn(c), c.Params("id")
	page := paymentsPath + "/" + id
	return h.act(c, action{name: name, objectID: id, back: page,
		do: func(ctx context.Context, ev till.EventSource) (string, error) {
			pi, err := h.store.FindPaymentIntent(ctx, s.AccountID, id)
			if err != nil {
				return "", err
			}
			return page, change(ctx, pi, ev)
		}})
}

// majorAmount is an amount field typed in the currency's major units, nil
// when left empty (all of it).
func majorAmount(v, currency, param string) (*int64, error) {
	if strings.TrimSpace(v) == "" {
		return nil, nil
	}
	n, err := till.ParseMajorAmount(v, currency, param)
	if err != nil {
		return nil, err
	}
	return &n, nil
}

// optional is a form's choice, nil when none was made.
func optional(v string) *string {
	if v == "" {
		return nil
	}
	return &v
}
