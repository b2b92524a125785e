package pages

import (
	"errors"
	"net/http"
	"time"

	"github.com/gofiber/fiber/v2"

	"till"
)

// submission is what became of a submitted checkout form: its problems
// (result nil), or the payment's result (paid, declined, or the closed
// session another attempt or an expiry left).
type submission struct {
	form     till.CheckoutForm
	problems till.FieldErrors
	result   *till.PaymentResult
	// updated marks a form sent to update its total, not to pay.
	updated bool
}

// declined reports a submission whose card was refused.
func (s *submission) declined() bool { return s.result != nil && s.result.Decline != nil }

// formStatus is the status of the form shown again: 200 after an update,
// 422 with the problems of an attempt.
func (s *submission) formStatus() int {
	if s.updated {
		return http.StatusOK
	}
	return http.StatusUnprocessableEntity
}

// submit is the payment core of every mode: the shipping option chosen
// (stored when it changed), the form's checks, then one attempt through the
// checkout service. With update, it stops after the choice: the form is
// shown again with its new total. On return co is the checkout after the
// attempt. A refused attempt (another in flight, a decline limit) is an
// error, which refusal names.
func (h *Handler) submit(c *fiber.Ctx, co *checkout, form till.CheckoutForm, update bool) (*submission, error) {
	if err := h.chooseShipping(c, co, form.ShippingRate); err != nil {
		return nil, err
	}
	if update {
		return &submission{form: form, updated: true}, nil
	}
	card, payment, problems := till.CheckCheckoutForm(co.Session, form, time.Unix(h.store.Now(), 0))
	if !problems.Empty() {
		return &submission{form: form, problems: problems}, nil
	}
	res, err := h.payments.Pay(c.UserContext(), co.Checkout, till.PaymentAttempt{Details: payment, Card: card, Client: h.clientIP(c),
		ShownTaxChoice: c.FormValue(inputTaxChoice)})
	if err != nil {
		return nil, err
	}
	if res.Completed {
		h.metrics.SessionCompleted()
	}
	co.Checkout = res.Checkout
	return &submission{form: form, problems: problems, result: res}, nil
}

// chooseShipping stores the shopper's choice of shipping option when it
// is not the session's already; on return co has it.
func (h *Handler) chooseShipping(c *fiber.Ctx, co *checkout, rateID string) error {
	s := co.Session
	if rateID == "" || s.ShippingRateID == nil || *s.ShippingRateID == rateID {
		return nil
	}
	chosen, err := h.payments.ChooseShipping(c.UserContext(), co.Checkout, rateID, h.clientIP(c))
	if err != nil {
		return err
	}
	co.Checkout = chosen
	return nil
}

// refusal is the page text of an attempt the service refused, with its
// status; ok is false for any other error.
func refusal(err error) (kind string, status int, ok bool) {
	var te *till.Error
	if !errors.As(err, &te) {
		return "", 0, false
	}
	switch te.Code {
	case till.CodeTooManyDeclines:
		return "locked", http.StatusTooManyRequests, true
	case till.CodeRateLimit:
		return "rate_limited", http.StatusTooManyRequests, true
	case till.CodePaymentInProgress:
		return "busy", http.StatusConflict, true
	}
	return "", 0, false
}

// totalChanged is the message of an attempt the shopper's address stopped
// by changing the taxes: the new total, to check before paying.
func totalChanged(co *checkout) string {
	s := co.Session
	return fill(co.t("total_changed"), "{amount}", till.FormatAmount(s.AmountTotal, s.Currency, co.locale))
}

// declineMessage is the shopper's message for a decline, in their language.
func declineMessage(t func(string) string, decline *till.Error) string {
	if decline.Code == till.CodeAuthenticationFailure {
		return t("decline_authentication")
	}
	switch decline.DeclineCode {
	case "insufficient_funds", "expired_card", "incorrect_cvc", "processing_error":
		return t("decline_" + decline.DeclineCode)
	}
	return t("decline_generic")
}
