package pages

import (
	"net/http"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"till"
	"till/views"
)

// ReceiptShow handles "GET /receipts/payment/:token": the receipt of a
// succeeded charge, to whoever holds its receipt_url, with no login, as at
// Stripe. A token whose MAC does not verify, and the token of a charge
// with no receipt (a failed one), are not found.
func (h *Handler) ReceiptShow(c *fiber.Ctx) error {
	id, ok := till.ReceiptChargeID(c.Params("token"), h.store.Verify)
	if !ok {
		return till.NotFound("receipt", c.Params("token"), "token")
	}
	rc, err := h.store.FindReceipt(c.UserContext(), id)
	if err != nil {
		return err
	}
	if !rc.Charge.HasReceipt() {
		return till.NotFound("receipt", c.Params("token"), "token")
	}
	locale := pageLocale(rc.Locale, c.Get(fiber.HeaderAcceptLanguage))
	return Render(c, http.StatusOK, views.ReceiptPageView(receiptPage(rc, locale, translator(locale))))
}

// receiptPage builds the receipt's view model: the account's branding, the
// charge's amount, date and card, and the line items it paid for.
func receiptPage(rc *till.Receipt, locale string, t func(string) string) views.ReceiptPage {
	ch := rc.Charge
	money := func(amount int64) string { return till.FormatAmount(amount, ch.Currency, locale) }
	vm := views.ReceiptPage{Page: brandedPage(rc.Account, locale, t, ch.Livemode), AmountPaid: money(ch.Amount)}
	vm.Heading = fill(t("receipt_title"), "{merchant}", rc.Account.ShownName())
	vm.Title = vm.Heading
	paid := time.Unix(ch.Created, 0).UTC()
	vm.DatePaid, vm.DateTime = paid.Format(t("date_format")), paid.Format(time.DateOnly)
	brand := till.CardBrandName(ch.Card.Brand)
	if brand == "" {
		brand = t("card")
	}
	vm.PaymentMethod = fill(t("receipt_card_ending"), "{brand}", brand, "{last4}", ch.Card.Last4)
	for _, li := range rc.Items {
		row := views.LineItem{Quantity: li.Quantity, Amount: money(li.AmountTotal)}
		if li.Description != nil {
			row.Name = *li.Description
		}
		if li.Price != nil && li.Price.UnitAmountRat().IsInt() {
			row.UnitAmount = money(li.Price.UnitAmountRat().Num().Int64())
		}
		vm.Items = append(vm.Items, row)
	}
	if ch.AmountRefunded > 0 {
		vm.AmountRefunded = money(ch.AmountRefunded)
	}
	return vm
}

// fill puts values in a text's {placeholders}: old, new pairs.
func fill(text string, oldnew ...string) string {
	return strings.NewReplacer(oldnew...).Replace(text)
}
