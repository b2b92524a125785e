// Package pages serves the shopper's side of Till: the hosted checkout page
// at session.url, the form it posts, and the pages about sessions that can
// no longer be paid. Handlers return errors; RenderError shows them as pages.
package pages

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/a-h/templ"
	"github.com/gofiber/fiber/v2"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"till"
	"till/db"
	"till/static"
	"till/views"
)

// Store is what the pages need from storage; *db.Store implements it.
type Store interface {
	Now() int64
	FindSessionByID(ctx context.Context, id string) (*till.Session, error)
	FindAccount(ctx context.Context, id string) (*till.Account, error)
	FindProduct(ctx context.Context, accountID, id string) (*till.Product, error)
	ListLineItems(ctx context.Context, sessionID string, page till.Page) ([]till.LineItem, bool, error)
	CompleteSession(ctx context.Context, accountID, id string, pay till.Payment, ev db.EventSource, r db.Renderers) (*till.Session, error)
	FailPayment(ctx context.Context, accountID, id string, decline *till.Error, card till.Card, ev db.EventSource, r db.Renderers) (*till.PaymentIntent, error)
	Sign(purpose, message string) string
	Verify(purpose, message, mac string) bool
	SessionIDFromClientSecret(secret string) (string, bool)
}

// Metrics counts completed sessions.
type Metrics interface {
	SessionCompleted()
}

// Handler serves the checkout pages.
type Handler struct {
	store     Store
	renderers db.Renderers
	metrics   Metrics
	// countries caches the sorted country list per locale: naming and
	// sorting 237 countries is the costliest part of rendering the page.
	countries sync.Map // locale → []views.Option
}

// New returns the pages handler; renderers give the JSON of the objects the
// completion events carry.
func New(store Store, renderers db.Renderers, metrics Metrics) *Handler {
	return &Handler{store: store, renderers: renderers, metrics: metrics}
}

// Render writes a templ component as the response, with the request's
// context (which carries the CSP nonce).
func Render(c *fiber.Ctx, status int, comp templ.Component) error {
	c.Status(status)
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return comp.Render(c.UserContext(), c.Response().BodyWriter())
}

// checkout is one session with what its page needs, loaded once per request.
type checkout struct {
	session *till.Session
	account *till.Account
	locale  string
	t       func(string) string
}

// load finds a hosted session and its account; any other session is not
// found here (embedded sessions have their own page).
func (h *Handler) load(c *fiber.Ctx) (*checkout, error) {
	id := c.Params("id")
	s, err := h.store.FindSessionByID(c.UserContext(), id)
	if err != nil {
		return nil, err
	}
	if s.UIMode != till.UIModeHosted {
		return nil, till.NotFound("checkout.session", id, "session")
	}
	a, err := h.store.FindAccount(c.UserContext(), s.AccountID)
	if err != nil {
		return nil, err
	}
	if s.SuccessURL != nil {
		allowFormTarget(c, strings.ReplaceAll(*s.SuccessURL, "{CHECKOUT_SESSION_ID}", s.ID))
	}
	locale := pageLocale(s.Locale, c.Get(fiber.HeaderAcceptLanguage))
	return &checkout{session: s, account: a, locale: locale, t: translator(locale)}, nil
}

// PayShow handles "GET /c/pay/:id": the form of an open session, or the page
// saying why it cannot be paid.
func (h *Handler) PayShow(c *fiber.Ctx) error {
	co, err := h.load(c)
	if err != nil {
		return err
	}
	if page := h.closedPage(co); page != nil {
		return Render(c, http.StatusOK, views.ResultPageView(*page))
	}
	vm, err := h.payPage(c, co, till.CheckoutForm{Country: defaultCountry(c)}, till.FieldErrors{}, "")
	if err != nil {
		return err
	}
	return Render(c, http.StatusOK, views.PayPageView(vm))
}

// PaySubmit handles "POST /c/pay/:id": it validates the form, charges the
// card with the test processor, and completes the session at most once.
// Success is a 303 to success_url; a failed check or a decline renders the
// form again with the messages, keeping what was typed except the card
// number and security code.
func (h *Handler) PaySubmit(c *fiber.Ctx) error {
	co, err := h.load(c)
	if err != nil {
		return err
	}
	if !h.validToken(co.session.ID, c.FormValue("csrf_token")) {
		return &till.Error{Kind: till.KindForbidden, Message: "invalid form token"}
	}
	if answered, err := h.hostedClosed(c, co); answered {
		return err
	}
	done, again, err := h.submitPayment(c, co)
	switch {
	case err != nil:
		return h.afterConflict(c, co, err, h.hostedClosed)
	case again != nil:
		return h.renderForm(c, co, again.form, again.problems, again.cardError, again.status)
	}
	return h.redirectToSuccess(c, done)
}

// formAgain is a submitted form to show again: with the problems found, or
// with a decline by the card field.
type formAgain struct {
	form      till.CheckoutForm
	problems  till.FieldErrors
	cardError string
	status    int
	decline   *till.Error // the processor's decline, nil for form problems
}

// submitPayment runs a submitted checkout form, hosted or embedded: the
// checks, the test processor, and the exactly-once completion. It returns
// the completed session, or the form to show again; a payment that lost a
// race to another submit, the sweeper or an expire call is a conflict error.
func (h *Handler) submitPayment(c *fiber.Ctx, co *checkout) (*till.Session, *formAgain, error) {
	form := till.CheckoutForm{
		Email: c.FormValue("email"), Phone: c.FormValue("phone"), CardNumber: c.FormValue("card_number"),
		CardExpiry: c.FormValue("card_expiry"), CardCVC: c.FormValue("card_cvc"), CardName: c.FormValue("card_name"),
		Country: c.FormValue("country"), Line1: c.FormValue("line1"), Line2: c.FormValue("line2"),
		City: c.FormValue("city"), State: c.FormValue("state"), PostalCode: c.FormValue("postal_code"),
	}
	return h.pay(c.UserContext(), co, form)
}

// pay is the payment core shared by the pages and the custom checkout's
// confirm endpoint: CheckCheckoutForm, the test processor (a decline is
// recorded with FailPayment and keeps the session open), and the
// exactly-once CompleteSession.
func (h *Handler) pay(ctx context.Context, co *checkout, form till.CheckoutForm) (*till.Session, *formAgain, error) {
	card, payment, problems := till.CheckCheckoutForm(co.session, form, time.Unix(h.store.Now(), 0))
	if !problems.Empty() {
		return nil, &formAgain{form, problems, "", http.StatusUnprocessableEntity, nil}, nil
	}
	if co.session.AmountTotal > 0 {
		charged, declined := till.ChargeTestCard(card)
		payment.Card = charged
		if declined != nil {
			decline := till.AsError(declined)
			if _, err := h.store.FailPayment(ctx, co.session.AccountID, co.session.ID, decline, charged, db.EventSource{}, h.renderers); err != nil {
				return nil, nil, err
			}
			return nil, &formAgain{form, problems, declineMessage(co.t, decline), http.StatusPaymentRequired, decline}, nil
		}
	}
	done, err := h.store.CompleteSession(ctx, co.session.AccountID, co.session.ID, payment, db.EventSource{}, h.renderers)
	if err != nil {
		return nil, nil, err
	}
	h.metrics.SessionCompleted()
	return done, nil, nil
}

// afterConflict answers a payment that lost a race to a concurrent
// payment, the expiry sweeper or an expire call: with the session reloaded,
// closed answers it as that page answers a closed session (the winner's
// answer for a paid one, the expired page or error otherwise). Any other
// error, or a session still open, stands as it is.
func (h *Handler) afterConflict(c *fiber.Ctx, co *checkout, err error, closed func(*fiber.Ctx, *checkout) (bool, error)) error {
	if till.ErrorKindOf(err) != till.KindConflict {
		return err
	}
	s, ferr := h.store.FindSessionByID(c.UserContext(), co.session.ID)
	if ferr != nil {
		return ferr
	}
	co.session = s
	if answered, rerr := closed(c, co); answered {
		return rerr
	}
	return err
}

// hostedClosed answers a submit of a closed session on the hosted page: a
// paid one goes to success_url (as the payment that won did), an expired
// one gets its page; it reports false for an open session.
func (h *Handler) hostedClosed(c *fiber.Ctx, co *checkout) (bool, error) {
	if co.session.Status == till.SessionComplete {
		return true, h.redirectToSuccess(c, co.session)
	}
	if page := h.closedPage(co); page != nil {
		return true, Render(c, http.StatusGone, views.ResultPageView(*page))
	}
	return false, nil
}

func (h *Handler) redirectToSuccess(c *fiber.Ctx, s *till.Session) error {
	target := ""
	if s.SuccessURL != nil {
		target = strings.ReplaceAll(*s.SuccessURL, "{CHECKOUT_SESSION_ID}", s.ID)
	}
	return c.Redirect(target, http.StatusSeeOther)
}

func (h *Handler) renderForm(c *fiber.Ctx, co *checkout, form till.CheckoutForm, problems till.FieldErrors, cardError string, status int) error {
	vm, err := h.payPage(c, co, form, problems, cardError)
	if err != nil {
		return err
	}
	return Render(c, status, views.PayPageView(vm))
}

// csrfTokenTTL outlives any session (24 h at most), so a token never expires
// under a shopper who is still allowed to pay.
const csrfTokenTTL = 25 * time.Hour

// formToken binds a form to its session and the time it was rendered; it
// needs no cookie, so it also works in a third-party iframe.
func (h *Handler) formToken(sessionID string) string {
	ts := strconv.FormatInt(h.store.Now(), 10)
	return ts + "." + h.store.Sign("checkout-form", sessionID+"|"+ts)
}

func (h *Handler) validToken(sessionID, token string) bool {
	ts, mac, ok := strings.Cut(token, ".")
	if !ok {
		return false
	}
	issued, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || h.store.Now()-issued > int64(csrfTokenTTL/time.Second) {
		return false
	}
	return h.store.Verify("checkout-form", sessionID+"|"+ts, mac)
}

// closedPage is the page of a session that cannot take a payment now, nil
// for an open one. Expiry counts from expires_at, before any sweeper ran.
func (h *Handler) closedPage(co *checkout) *views.ResultPage {
	s := co.session
	page := &views.ResultPage{Page: h.basePage(co)}
	switch {
	case s.Status == till.SessionComplete:
		page.Kind, page.Heading, page.Message = "complete", co.t("complete_title"), co.t("complete_message")
		if s.SuccessURL != nil {
			page.LinkURL, page.LinkLabel = strings.ReplaceAll(*s.SuccessURL, "{CHECKOUT_SESSION_ID}", s.ID), co.t("continue")
		}
	case s.Status == till.SessionExpired || h.store.Now() >= s.ExpiresAt:
		page.Kind, page.Heading, page.Message = "expired", co.t("expired_title"), co.t("expired_message")
		if s.CancelURL != nil {
			page.LinkURL, page.LinkLabel = *s.CancelURL, co.t("return_to_merchant")
		}
	default:
		return nil
	}
	page.Title = page.Heading
	return page
}

func (h *Handler) basePage(co *checkout) views.Page {
	accent := till.DefaultAccentColor
	if co.account.AccentColor != nil {
		accent = *co.account.AccentColor
	}
	p := views.Page{Lang: co.locale, Title: co.t("page_title") + " – " + co.account.ShownName(), T: co.t,
		MerchantName: co.account.ShownName(), AccentColor: accent, AccentText: till.TextOn(accent),
		TestMode: !co.session.Livemode, Stylesheet: static.URL("css/checkout.css"), Script: static.URL("js/checkout.js")}
	if co.account.LogoURL != nil {
		p.LogoURL = *co.account.LogoURL
	}
	if co.session.CancelURL != nil && co.session.Status == till.SessionOpen {
		p.BackURL = *co.session.CancelURL
	}
	return p
}

// payPage builds the form's view model: the order summary, and the fields
// with what the shopper typed and the problems found.
func (h *Handler) payPage(c *fiber.Ctx, co *checkout, form till.CheckoutForm, problems till.FieldErrors, cardError string) (views.PayPage, error) {
	s, t := co.session, co.t
	money := func(amount int64) string { return till.FormatAmount(amount, s.Currency, co.locale) }
	items, _, err := h.store.ListLineItems(c.UserContext(), s.ID, till.Page{Limit: till.MaxLineItems})
	if err != nil {
		return views.PayPage{}, err
	}
	vm := views.PayPage{Page: h.basePage(co), FormAction: "/c/pay/" + s.ID, CSRFToken: h.formToken(s.ID),
		CardError: cardError, ProcessingLabel: t("processing"), CollectCard: s.AmountTotal > 0}
	for _, li := range items {
		row := views.LineItem{Quantity: li.Quantity, UnitAmount: money(li.Price.UnitAmountRat().Num().Int64()), Amount: money(li.AmountTotal)}
		if !li.Price.UnitAmountRat().IsInt() {
			row.UnitAmount = ""
		}
		if li.Description != nil {
			row.Name = *li.Description
		}
		if p, err := h.store.FindProduct(c.UserContext(), s.AccountID, li.Price.ProductID); err == nil {
			if p.Description != nil {
				row.Description = *p.Description
			}
			if len(p.Images) > 0 {
				row.ImageURL = p.Images[0]
			}
		}
		vm.Summary.Items = append(vm.Summary.Items, row)
	}
	vm.Summary.Subtotal, vm.Summary.Total = money(s.AmountSubtotal), money(s.AmountTotal)

	field := func(id, labelKey, value, autocomplete string) views.Field {
		f := views.Field{ID: id, Label: t(labelKey), Value: value, Autocomplete: autocomplete, Type: "text", Required: true}
		if key := problems.Get(id); key != "" {
			f.Error = t(key)
		}
		return f
	}
	vm.Email = field("email", "email", form.Email, "email")
	vm.Email.Type, vm.Email.InputMode = "email", "email"
	if s.CustomerEmail != nil {
		vm.Email.Value, vm.Email.ReadOnly = *s.CustomerEmail, true
	}
	if s.PhoneNumberCollection {
		phone := field("phone", "phone", form.Phone, "tel")
		phone.Type, phone.InputMode = "tel", "tel"
		vm.Phone = &phone
	}
	// The card number and security code are never sent back to the browser.
	vm.CardNumber = field("card_number", "card_number", "", "cc-number")
	vm.CardNumber.InputMode, vm.CardNumber.Placeholder, vm.CardNumber.MaxLength = "numeric", "1234 1234 1234 1234", 23
	vm.CardExpiry = field("card_expiry", "card_expiry", form.CardExpiry, "cc-exp")
	vm.CardExpiry.InputMode, vm.CardExpiry.Placeholder, vm.CardExpiry.MaxLength = "numeric", "MM / YY", 7
	vm.CardCVC = field("card_cvc", "card_cvc", "", "cc-csc")
	vm.CardCVC.InputMode, vm.CardCVC.Placeholder, vm.CardCVC.MaxLength = "numeric", "CVC", 4
	vm.CardName = field("card_name", "card_name", form.CardName, "cc-name")

	country := strings.ToUpper(form.Country)
	if !till.IsCountry(country) {
		country = "US"
	}
	countryField := field("country", "country", country, "billing country")
	countryField.Options = h.countryOptions(co.locale, country)
	vm.Address = append(vm.Address, countryField)
	format := till.AddressFormatOf(country)
	values := map[till.AddressField]string{till.FieldLine1: form.Line1, till.FieldLine2: form.Line2,
		till.FieldCity: form.City, till.FieldState: form.State, till.FieldPostalCode: form.PostalCode}
	autocomplete := map[till.AddressField]string{till.FieldLine1: "billing address-line1", till.FieldLine2: "billing address-line2",
		till.FieldCity: "billing address-level2", till.FieldState: "billing address-level1", till.FieldPostalCode: "billing postal-code"}
	for _, part := range till.CheckoutFields(s, country) {
		label := string(part)
		switch part {
		case till.FieldPostalCode:
			label = format.PostalLabel
		case till.FieldState:
			if format.StateLabel != "" {
				label = format.StateLabel
			}
		}
		f := field(string(part), label, values[part], autocomplete[part])
		f.Required = format.Required[part]
		vm.Address = append(vm.Address, f)
	}

	for _, id := range problems.Fields() {
		vm.Errors = append(vm.Errors, views.ErrorLink{FieldID: id, Message: t(problems.Get(id))})
	}
	if cardError != "" {
		vm.Errors = append(vm.Errors, views.ErrorLink{FieldID: "card_number", Message: cardError})
	}
	verb := "pay"
	if s.SubmitType != nil && (*s.SubmitType == "donate" || *s.SubmitType == "book") {
		verb = *s.SubmitType
	}
	vm.PayLabel = t(verb) + " " + vm.Summary.Total
	return vm, nil
}

// declineMessage is the shopper's message for a decline, in their language.
func declineMessage(t func(string) string, decline *till.Error) string {
	switch decline.DeclineCode {
	case "insufficient_funds", "expired_card", "incorrect_cvc", "processing_error":
		return t("decline_" + decline.DeclineCode)
	}
	return t("decline_generic")
}

// defaultCountry guesses the shopper's country from Accept-Language.
func defaultCountry(c *fiber.Ctx) string {
	tags, _, err := language.ParseAcceptLanguage(c.Get(fiber.HeaderAcceptLanguage))
	if err == nil {
		for _, tag := range tags {
			if region, conf := tag.Region(); conf == language.Exact && till.IsCountry(region.String()) {
				return region.String()
			}
		}
	}
	return "US"
}

// countryOptions lists the countries named in the page's language, sorted,
// with selected marked.
func (h *Handler) countryOptions(locale, selected string) []views.Option {
	cached, ok := h.countries.Load(locale)
	if !ok {
		cached, _ = h.countries.LoadOrStore(locale, namedCountries(locale))
	}
	opts := slices.Clone(cached.([]views.Option))
	for i := range opts {
		opts[i].Selected = opts[i].Value == selected
	}
	return opts
}

func namedCountries(locale string) []views.Option {
	namer := display.Regions(language.Make(locale))
	opts := make([]views.Option, 0, len(till.Countries))
	for _, code := range till.Countries {
		name := code
		if r, err := language.ParseRegion(code); err == nil {
			if n := namer.Name(r); n != "" {
				name = n
			}
		}
		opts = append(opts, views.Option{Value: code, Label: name})
	}
	slices.SortFunc(opts, func(a, b views.Option) int { return strings.Compare(a.Label, b.Label) })
	return opts
}
