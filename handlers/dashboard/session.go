package dashboard

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"till"
	"till/views"
)

// timelineLength is how many of a session's events its page shows.
const timelineLength = 100

// SessionShow handles "GET /dashboard/checkout/sessions/:id": one session of
// the account (another account's is not found) with its amounts, customer,
// line items, PaymentIntent and charges, metadata, and the events of the
// session and its PaymentIntent, newest first.
func (h *Handler) SessionShow(c *fiber.Ctx) error {
	s := signedIn(c)
	ctx := c.UserContext()
	sess, err := h.store.FindSession(ctx, s.AccountID, c.Params("id"))
	if err != nil {
		return err
	}
	items, _, err := h.store.ListLineItems(ctx, sess.ID, till.Page{Limit: 100})
	if err != nil {
		return err
	}
	vm := views.DashboardSessionDetail{Frame: h.frame(c, "sessions", sess.ID), ID: sess.ID, Status: sess.Status,
		Total: amount(sess.AmountTotal, sess.Currency), ListURL: sessionsPath}
	vm.Summary = fields(
		"Status", sess.Status, "Payment status", sess.PaymentStatus, "Mode", sess.Mode, "UI mode", sess.UIMode,
		"Created", formatTime(sess.Created), "Expires", formatTime(sess.ExpiresAt), "Completed", optionalTime(sess.CompletedAt),
		"Client reference ID", deref(sess.ClientReferenceID), "Customer", deref(sess.CustomerID))
	vm.Amounts = fields("Subtotal", amount(sess.AmountSubtotal, sess.Currency),
		"Discount", nonZero(sess.AmountDiscount, sess.Currency), "Tax", nonZero(sess.AmountTax, sess.Currency),
		"Shipping", nonZero(sess.AmountShipping, sess.Currency),
		"Total", amount(sess.AmountTotal, sess.Currency))
	vm.Customer = customer(sess)
	if sess.Status == till.SessionOpen {
		f := h.form(c, sessionsPath+"/"+sess.ID+"/expire")
		vm.Expire = &f
	}
	for _, li := range items {
		unit := ""
		if li.Price != nil && li.Price.UnitAmount != nil {
			unit = amount(*li.Price.UnitAmount, li.Currency)
		}
		vm.LineItems = append(vm.LineItems, views.DashboardLineItem{Description: deref(li.Description),
			Quantity: strconv.FormatInt(li.Quantity, 10), UnitPrice: unit, Amount: amount(li.AmountTotal, li.Currency)})
	}
	objects := []string{sess.ID}
	if sess.PaymentIntentID != nil {
		if vm.Payment, err = h.payment(c, s, *sess.PaymentIntentID); err != nil {
			return err
		}
		objects = append(objects, *sess.PaymentIntentID)
	}
	vm.Metadata = metadataFields(sess.Metadata)
	events, err := h.store.ListObjectEvents(ctx, s.AccountID, objects, timelineLength)
	if err != nil {
		return err
	}
	for _, e := range events {
		vm.Events = append(vm.Events, views.DashboardEvent{ID: e.ID, Type: e.Type, ObjectID: e.ObjectID, Created: formatTime(e.Created)})
	}
	return render(c, http.StatusOK, views.DashboardSessionPage(vm))
}

// payment is the session's PaymentIntent with its charges, newest first.
func (h *Handler) payment(c *fiber.Ctx, s *till.DashboardSession, id string) (*views.DashboardPayment, error) {
	pi, err := h.store.FindPaymentIntent(c.UserContext(), s.AccountID, id)
	if err != nil {
		return nil, err
	}
	charges, _, err := h.store.ListCharges(c.UserContext(), caller(s), nil, &pi.ID, till.Page{Limit: 100})
	if err != nil {
		return nil, err
	}
	p := &views.DashboardPayment{ID: pi.ID, Status: pi.Status, Amount: amount(pi.Amount, pi.Currency),
		Received: amount(pi.AmountReceived, pi.Currency)}
	for _, ch := range charges {
		card := ""
		if ch.Card.Last4 != "" {
			card = ch.Card.Brand + " •••• " + ch.Card.Last4
		}
		p.Charges = append(p.Charges, views.DashboardCharge{ID: ch.ID, Status: ch.Status,
			Amount: amount(ch.Amount, ch.Currency), Refunded: nonZero(ch.AmountRefunded, ch.Currency), Card: card,
			Created: formatTime(ch.Created)})
	}
	return p, nil
}

// customer is what the shopper gave at checkout.
func customer(sess *till.Session) []views.DashboardField {
	d := sess.CustomerDetails
	if d == nil {
		return fields("Email", deref(sess.CustomerEmail))
	}
	address := ""
	if a := d.Address; a != nil {
		var parts []string
		for _, p := range []*string{a.Line1, a.Line2, a.City, a.State, a.PostalCode, a.Country} {
			if v := deref(p); v != "" {
				parts = append(parts, v)
			}
		}
		address = strings.Join(parts, ", ")
	}
	return fields("Name", deref(d.Name), "Email", deref(shopperEmail(sess)), "Phone", deref(d.Phone), "Address", address)
}

// fields pairs labels with values, leaving out the empty ones.
func fields(labelValue ...string) []views.DashboardField {
	var out []views.DashboardField
	for i := 0; i+1 < len(labelValue); i += 2 {
		if labelValue[i+1] != "" {
			out = append(out, views.DashboardField{Label: labelValue[i], Value: labelValue[i+1]})
		}
	}
	return out
}

// SessionExpire handles "POST /dashboard/checkout/sessions/:id/expire": the
// open session expires as `POST /v1/checkout/sessions/:id/expire` expires
// it, with its checkout.session.expired event, and the page shows it.
func (h *Handler) SessionExpire(c *fiber.Ctx) error {
	s, id := signedIn(c), c.Params("id")
	page := sessionsPath + "/" + id
	return h.act(c, action{name: "checkout.session.expire", objectID: id, back: page,
		do: func(ctx context.Context, ev till.EventSource) (string, error) {
			if _, err := h.store.ExpireSession(ctx, s.AccountID, id, ev, h.renderers); err != nil {
				return "", err
			}
			h.metrics.SessionExpired()
			return page, nil
		}})
}
