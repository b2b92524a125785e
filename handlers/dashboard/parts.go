package dashboard

import (
	"context"
	"slices"
	"strings"

	"till"
	"till/views"
)

// timelineLength is how many events a page's timeline shows.
const timelineLength = 100

// timeline is the account's latest events of the objects a page shows (a
// session and its PaymentIntent; a payment, its charges and refunds),
// newest first.
func (h *Handler) timeline(ctx context.Context, accountID string, objectIDs []string) ([]views.DashboardEvent, error) {
	events, err := h.store.ListObjectEvents(ctx, accountID, objectIDs, timelineLength)
	if err != nil {
		return nil, err
	}
	out := make([]views.DashboardEvent, len(events))
	for i, e := range events {
		out[i] = views.DashboardEvent{ID: e.ID, Type: e.Type, ObjectID: e.ObjectID, Created: formatTime(e.Created)}
	}
	return out, nil
}

// chargeViews are a payment's charges as its pages show them: the card, how
// each was judged, and the receipt of each that has one (its public page,
// the receipt_url the API gives).
func (h *Handler) chargeViews(charges []*till.Charge) []views.DashboardCharge {
	out := make([]views.DashboardCharge, len(charges))
	for i, ch := range charges {
		v := views.DashboardCharge{ID: ch.ID, Status: ch.Status, Amount: amount(ch.Amount, ch.Currency),
			Refunded: nonZero(ch.AmountRefunded, ch.Currency), Outcome: ch.Outcome.SellerMessage, Created: formatTime(ch.Created)}
		if ch.Card.Last4 != "" {
			v.Card = label(ch.Card.Brand) + " •••• " + ch.Card.Last4
		}
		if ch.HasReceipt() {
			v.ReceiptURL = "/receipts/payment/" + till.ReceiptToken(ch.ID, h.store.Sign)
		}
		out[i] = v
	}
	return out
}

// metadataFields are an object's metadata, by key.
func metadataFields(m map[string]string) []views.DashboardField {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]views.DashboardField, len(keys))
	for i, k := range keys {
		out[i] = views.DashboardField{Label: k, Value: m[k]}
	}
	return out
}

// label is one of Stripe's enum values as words: "requested_by_customer"
// reads "Requested by customer".
func label(value string) string {
	if value == "" {
		return ""
	}
	words := strings.ReplaceAll(value, "_", " ")
	return strings.ToUpper(words[:1]) + words[1:]
}

// options are enum values as a select's choices.
func options(values []string) []views.DashboardOption {
	out := make([]views.DashboardOption, len(values))
	for i, v := range values {
		out[i] = views.DashboardOption{Value: v, Label: label(v)}
	}
	return out
}
