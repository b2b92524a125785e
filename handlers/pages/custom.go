package pages

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/limiter"

	"till"
	"till/static"
	"till/views"
)

// The client endpoints of custom checkout (ui_mode=custom), what till.js's
// initCheckout talks to. Each is a POST with a JSON (or form) body holding
// the session's client_secret (never a query string) and the account's
// publishable key (Authorization: Bearer pk_… or the body's "key"):
//
//	POST /c/api/custom/:id/session  the session as the browser sees it
//	POST /c/api/custom/:id/update   checks email, phone, billing and
//	                                shipping address and answers the session
//	                                with them (and the taxes of the address
//	                                that chooses them); the browser library
//	                                keeps them and sends them to confirm
//	POST /c/api/custom/:id/shipping_option  stores the shipping option
//	                                chosen (shipping_rate) and answers the
//	                                session with its new total
//	POST /c/api/custom/:id/promotion_code   applies or removes a code
//	POST /c/api/custom/:id/line_item_quantity  a line's new quantity
//	                                (line_item, quantity), as the pages'
//	                                steppers change it
//	POST /c/api/custom/:id/confirm  the card fields (from Till's card iframe)
//	                                with the rest: {type:"success", session}
//	                                or {type:"error", error:{code, message}}
//	GET  /c/custom/:id/card         the card iframe, holding nothing of the
//	                                session (the secret is in its fragment)
//
// The JSON endpoints sit under a prefix of their own, apart from the pages,
// so that every error there is JSON in one shape (RenderCustomError).
//
// A wrong, truncated or other session's secret, or a key of another
// account, gets a 404 that names nothing. CORS answers the request's origin
// when the account names no embed origins or names that one.

// customBody is what the client endpoints read, from JSON or a form.
type customBody struct {
	Key          string `json:"key" form:"key"`
	ClientSecret string `json:"client_secret" form:"client_secret"`
	Email        string `json:"email" form:"email"`
	Phone        string `json:"phone" form:"phone"`
	Name         string `json:"name" form:"name"`
	Country      string `json:"country" form:"country"`
	Line1        string `json:"line1" form:"line1"`
	Line2        string `json:"line2" form:"line2"`
	City         string `json:"city" form:"city"`
	State        string `json:"state" form:"state"`
	PostalCode   string `json:"postal_code" form:"postal_code"`
	CardNumber   string `json:"card_number" form:"card_number"`
	CardExpiry   string `json:"card_expiry" form:"card_expiry"`
	CardCVC      string `json:"card_cvc" form:"card_cvc"`
	CardName     string `json:"card_name" form:"card_name"`
	// TermsOfService is "accepted" once the shopper ticked the Terms
	// Element's box.
	TermsOfService string `json:"terms_of_service" form:"terms_of_service"`
	// The business's name and tax ID (updateTaxIdInfo).
	BusinessName string `json:"business_name" form:"business_name"`
	TaxIDType    string `json:"tax_id_type" form:"tax_id_type"`
	TaxID        string `json:"tax_id" form:"tax_id"`
	// PromotionCode is applyPromotionCode's code ("" removes it).
	PromotionCode string `json:"promotion_code" form:"promotion_code"`
	// The shipping name and address (updateShippingAddress), and the
	// shipping option chosen (updateShippingOption).
	ShippingName       string `json:"shipping_name" form:"shipping_name"`
	ShippingCountry    string `json:"shipping_country" form:"shipping_country"`
	ShippingLine1      string `json:"shipping_line1" form:"shipping_line1"`
	ShippingLine2      string `json:"shipping_line2" form:"shipping_line2"`
	ShippingCity       string `json:"shipping_city" form:"shipping_city"`
	ShippingState      string `json:"shipping_state" form:"shipping_state"`
	ShippingPostalCode string `json:"shipping_postal_code" form:"shipping_postal_code"`
	ShippingRate       string `json:"shipping_rate" form:"shipping_rate"`
	// LineItem and Quantity are updateLineItemQuantity's.
	LineItem string `json:"line_item" form:"line_item"`
	Quantity *int64 `json:"quantity" form:"quantity"`
}

func (b customBody) form() till.CheckoutForm {
	name := b.CardName
	if name == "" {
		name = b.Name
	}
	return till.CheckoutForm{Email: b.Email, Phone: b.Phone, CardNumber: b.CardNumber, CardExpiry: b.CardExpiry,
		CardCVC: b.CardCVC, CardName: name, Country: b.Country, Line1: b.Line1, Line2: b.Line2, City: b.City,
		State: b.State, PostalCode: b.PostalCode,
		TermsAccepted: b.TermsOfService == "accepted", Business: b.TaxID != "" || b.BusinessName != "",
		BusinessName: b.BusinessName, TaxIDType: b.TaxIDType, TaxIDValue: b.TaxID,
		Shipping: till.ShippingForm{Name: b.ShippingName, Country: b.ShippingCountry, Line1: b.ShippingLine1,
			Line2: b.ShippingLine2, City: b.ShippingCity, State: b.ShippingState, PostalCode: b.ShippingPostalCode}}
}

// CustomLimiter limits the client endpoints per client address (clientIP
// knows the proxies) and session.
func CustomLimiter(max int, window time.Duration, clientIP func(*fiber.Ctx) string) fiber.Handler {
	return limiter.New(limiter.Config{
		Max:        max,
		Expiration: window,
		KeyGenerator: func(c *fiber.Ctx) string {
			return clientIP(c) + "|" + c.Params("id")
		},
		// The limit applies before the session is known, so the 429 is
		// readable from any origin: it tells nothing of a session, and
		// till.js can then show it rather than a network error.
		LimitReached: func(c *fiber.Ctx) error {
			customCORS(c, nil)
			return customError(c, http.StatusTooManyRequests, "rate_limited", "Too many requests. Try again in a minute.")
		},
	})
}

// customError writes the one error shape of the client endpoints,
// {"type":"error","error":{"code","message"}}: the shape of Stripe.js's
// confirm() errors, which till.js hands the merchant's code as it is.
func customError(c *fiber.Ctx, status int, code, message string) error {
	return c.Status(status).JSON(customErrorBody(code, message))
}

// customErrorBody is confirm()'s {type:"error"} answer; an empty code is
// null, as in Stripe.js's errors that have none of their own (a quantity
// refused by updateLineItemQuantity, for one).
func customErrorBody(code, message string) fiber.Map {
	var c any
	if code != "" {
		c = code
	}
	return fiber.Map{"type": "error", "error": fiber.Map{"code": c, "message": message}}
}

// CustomHeaders sets the headers of every answer of the client endpoints:
// nothing cached (they show a shopper's data), no sniffing of the JSON, no
// referrer.
func CustomHeaders(c *fiber.Ctx) error {
	setCustomHeaders(c)
	return c.Next()
}

func setCustomHeaders(c *fiber.Ctx) {
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	c.Set(fiber.HeaderReferrerPolicy, "no-referrer")
}

// customCodeOf is the code an error of each kind answers with when it is
// not one a handler wrote itself.
var customCodeOf = map[till.ErrorKind]string{
	till.KindInvalid:      "invalid_request",
	till.KindUnauthorized: "invalid_key",
	till.KindForbidden:    "forbidden",
	till.KindNotFound:     "not_found",
	till.KindConflict:     "conflict",
	till.KindTooLarge:     "request_too_large",
	till.KindRateLimited:  "rate_limited",
	till.KindUnavailable:  "unavailable",
}

// RenderCustomError answers an error of the client endpoints (a handler's,
// a recovered panic, an oversized body, an unknown route) in customError's
// shape, with status for its kind and its own code when it has one. An
// internal error's text stays in the log: the shopper gets a generic line.
// The answer is readable cross-origin, as it names nothing of a session,
// except a refusal of the origin itself.
func RenderCustomError(c *fiber.Ctx, status int, err *till.Error) error {
	c.Response().ResetBody()
	setCustomHeaders(c)
	if err.Code != codeOriginNotAllowed {
		customCORS(c, nil)
	}
	code, message := err.Code, err.Message
	if code == "" {
		code = customCodeOf[err.Kind]
	}
	if code == "" || err.Kind == till.KindInternal {
		code, message = "internal_error", "Something went wrong on our side. Try again in a moment."
	}
	return customError(c, status, code, message)
}

const codeOriginNotAllowed = "origin_not_allowed"

// errCustomNotFound names nothing: an unknown session, another mode's, a
// wrong secret or another account's key all get it.
func errCustomNotFound() error {
	return &till.Error{Kind: till.KindNotFound, Code: "not_found", Message: "No such checkout session."}
}

// originAllowed reports whether a browser page of origin may call the
// client endpoints of an account.
func originAllowed(origins []string, origin string) bool {
	return len(origins) == 0 || slices.Contains(origins, origin)
}

// customCORS answers CORS for an account (nil: the session is unknown, so
// there is nothing to protect and the 404 may be read). It reports false
// when the request's origin is not allowed.
func customCORS(c *fiber.Ctx, a *till.Account) bool {
	origin := c.Get(fiber.HeaderOrigin)
	if origin == "" || origin == c.BaseURL() {
		return true // not a cross-origin browser request (the card iframe is Till's own)
	}
	c.Vary(fiber.HeaderOrigin)
	if a != nil && !originAllowed(a.EmbedOrigins, origin) {
		return false
	}
	c.Set(fiber.HeaderAccessControlAllowOrigin, origin)
	return true
}

// CustomPreflight answers "OPTIONS /c/api/custom/:id/…".
func (h *Handler) CustomPreflight(c *fiber.Ctx) error {
	var a *till.Account
	co, err := h.load(c, till.UIModeCustom, false)
	switch {
	case err == nil:
		a = co.Account
	case till.ErrorKindOf(err) != till.KindNotFound:
		return err // not an unknown session: an answer here could be wrong
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	if !customCORS(c, a) {
		return c.SendStatus(http.StatusForbidden)
	}
	c.Set(fiber.HeaderAccessControlAllowMethods, "POST")
	c.Set(fiber.HeaderAccessControlAllowHeaders, "Authorization, Content-Type")
	c.Set(fiber.HeaderAccessControlMaxAge, "600")
	return c.SendStatus(http.StatusNoContent)
}

// loadCustom checks a client request: the session (custom only), the CORS
// origin, the client secret and the publishable key of its account. With
// forPayment, the client's recent declines come along.
func (h *Handler) loadCustom(c *fiber.Ctx, forPayment bool) (*checkout, *customBody, error) {
	c.Set(fiber.HeaderCacheControl, "no-store")
	var body customBody
	if err := c.BodyParser(&body); err != nil {
		return nil, nil, &till.Error{Kind: till.KindInvalid, Code: "invalid_request", Message: "The request body could not be read."}
	}
	co, err := h.load(c, till.UIModeCustom, forPayment)
	if err != nil {
		if till.ErrorKindOf(err) == till.KindNotFound {
			return nil, nil, errCustomNotFound()
		}
		return nil, nil, err
	}
	if !customCORS(c, co.Account) {
		return nil, nil, &till.Error{Kind: till.KindForbidden, Code: codeOriginNotAllowed, Message: "This origin may not use this checkout."}
	}
	key := body.Key
	if auth := c.Get(fiber.HeaderAuthorization); strings.HasPrefix(auth, "Bearer ") {
		key = strings.TrimPrefix(auth, "Bearer ")
	}
	if !strings.HasPrefix(key, "pk_") {
		return nil, nil, &till.Error{Kind: till.KindUnauthorized, Code: "invalid_key", Message: "A publishable key (pk_…) is required."}
	}
	caller, found, err := h.store.Authenticate(c.UserContext(), key)
	if err != nil {
		return nil, nil, err
	}
	if !found || caller.KeyKind != till.KeyPublishable {
		return nil, nil, &till.Error{Kind: till.KindUnauthorized, Code: "invalid_key", Message: "Invalid publishable key."}
	}
	if id, ok := h.store.SessionIDFromClientSecret(body.ClientSecret); !ok || id != co.Session.ID || caller.AccountID != co.Session.AccountID {
		return nil, nil, errCustomNotFound()
	}
	return co, &body, nil
}

// CustomSession handles "POST /c/api/custom/:id/session".
func (h *Handler) CustomSession(c *fiber.Ctx) error {
	co, body, err := h.loadCustom(c, false)
	if err != nil {
		return err
	}
	return c.JSON(h.customSession(co, body))
}

// CustomUpdate handles "POST /c/api/custom/:id/update": the email, phone,
// billing address and a business's name and tax ID (updateTaxIdInfo) as
// the shopper typed them, checked; the session with them.
func (h *Handler) CustomUpdate(c *fiber.Ctx) error {
	co, body, err := h.loadCustom(c, false)
	if err != nil {
		return err
	}
	form := body.form()
	if form.Business && !co.Session.TaxIDCollection {
		return customError(c, http.StatusUnprocessableEntity, "", "This Checkout Session does not collect tax IDs.")
	}
	_, payment, problems := till.CheckCheckoutForm(co.Session, form, time.Unix(h.store.Now(), 0))
	for _, f := range problems.Fields() {
		switch {
		case (f == "email" && body.Email != "") || (f == "phone" && body.Phone != ""):
			return customError(c, http.StatusUnprocessableEntity, "invalid_"+f, co.t(problems.Get(f)))
		case f == "business_name" || f == "tax_id_type" || f == "tax_id":
			// updateTaxIdInfo's error (Stripe.js's invalidTaxId).
			return customError(c, http.StatusUnprocessableEntity, "invalidTaxId", co.t(problems.Get(f)))
		}
	}
	if a := co.Session.TaxAddress(payment); a != nil && h.closedKind(co) == "" {
		// The address (the shipping one on a session that collects it, else
		// the billing one) may choose the line items' dynamic tax rates:
		// the session answered has the totals they make.
		next, err := h.payments.ApplyTaxAddress(c.UserContext(), co.Checkout, a)
		if err != nil {
			return err
		}
		co.Checkout = next
	}
	return c.JSON(h.customSession(co, body))
}

// CustomPromotionCode handles "POST /c/api/custom/:id/promotion_code":
// applyPromotionCode(code) and removePromotionCode() (an empty code),
// answered with the session and its new totals, or Stripe.js's error for a
// code that cannot be applied.
func (h *Handler) CustomPromotionCode(c *fiber.Ctx) error {
	co, body, err := h.loadCustom(c, false)
	if err != nil {
		return err
	}
	code := strings.TrimSpace(body.PromotionCode)
	reason, err := h.applyPromotion(c, co, code, code == "")
	switch {
	case err != nil:
		return err
	case reason != "":
		return customError(c, http.StatusBadRequest, "invalidCode", co.t(reason))
	}
	return c.JSON(fiber.Map{"type": "success", "session": h.customSession(co, body)})
}

// CustomLineItemQuantity handles "POST /c/api/custom/:id/line_item_quantity":
// updateLineItemQuantity({lineItem, quantity}), through the pages' stepper
// rule; the session with its new totals, or Stripe.js's error for a
// quantity the line cannot take.
func (h *Handler) CustomLineItemQuantity(c *fiber.Ctx) error {
	co, body, err := h.loadCustom(c, false)
	if err != nil {
		return err
	}
	ch := till.QuantityChange{LineItemID: body.LineItem, Quantity: -1}
	if body.Quantity != nil {
		ch.Quantity = *body.Quantity
	}
	refused, err := h.changeQuantity(c, co, ch)
	switch {
	case err != nil:
		return err
	case refused != "":
		return customError(c, http.StatusUnprocessableEntity, "", refused)
	}
	return c.JSON(fiber.Map{"type": "success", "session": h.customSession(co, body)})
}

// CustomShippingOption handles "POST /c/api/custom/:id/shipping_option":
// the shipping option the shopper chose, stored as the hosted page stores
// it; the session with its new total.
func (h *Handler) CustomShippingOption(c *fiber.Ctx) error {
	co, body, err := h.loadCustom(c, false)
	if err != nil {
		return err
	}
	if co.Session.ShippingOptionOf(body.ShippingRate) == nil {
		return customError(c, http.StatusBadRequest, "invalid_shipping_rate", "This checkout offers no such shipping option.")
	}
	if err := h.chooseShipping(c, co, body.ShippingRate); err != nil {
		return err
	}
	return c.JSON(h.customSession(co, body))
}

// CustomConfirm handles "POST /c/api/custom/:id/confirm": the pages'
// payment core, answered as Stripe.js's confirm() result (customAnswer).
func (h *Handler) CustomConfirm(c *fiber.Ctx) error {
	co, body, err := h.loadCustom(c, true)
	if err != nil {
		return err
	}
	var sub *submission
	if h.closedKind(co) == "" {
		sub, err = h.submit(c, co, body.form(), false)
	}
	status, answer, err := h.customAnswer(co, sub, err)
	if err != nil {
		return err
	}
	return c.Status(status).JSON(answer)
}

// customAnswer is confirm()'s answer to an attempt (sub; nil when the
// session could not take one) and its status: a success, {type:
// "requires_action"} with the page where the shopper authenticates, or
// {type:"error"} for a decline or a failed authentication (402), the
// fields' problems (422), an expired session (410) or a refused attempt
// (429 locked or rate limited, 409 busy). An error it cannot answer so
// comes back as err.
func (h *Handler) customAnswer(co *checkout, sub *submission, err error) (int, any, error) {
	if kind, status, ok := refusal(err); ok {
		return status, customErrorBody(till.AsError(err).Code, co.t(kind+"_message")), nil
	}
	switch {
	case err != nil:
		return 0, nil, err
	case sub == nil:
	case sub.result == nil:
		fields := fiber.Map{}
		for _, f := range sub.problems.Fields() {
			fields[f] = co.t(sub.problems.Get(f))
		}
		first := sub.problems.Fields()[0]
		return http.StatusUnprocessableEntity, fiber.Map{"type": "error", "error": fiber.Map{
			"code": "invalid_" + first, "message": co.t(sub.problems.Get(first)), "fields": fields}}, nil
	case sub.declined():
		decline := sub.result.Decline
		return http.StatusPaymentRequired, fiber.Map{"type": "error", "error": fiber.Map{
			"code": "paymentFailed", "message": declineMessage(co.t, decline),
			"paymentFailed": fiber.Map{"declineCode": decline.DeclineCode, "code": decline.Code}}}, nil
	case sub.result.RequiresAction:
		return http.StatusOK, fiber.Map{"type": "requires_action",
			"url": authenticationPath(co.Session.ID, co.Intent.ID)}, nil
	case sub.result.TotalChanged:
		return http.StatusConflict, customErrorBody("totalChanged", totalChanged(co)), nil
	}
	status, answer := h.customClosed(co)
	return status, answer, nil
}

// customClosed is the answer to a confirm of a session that cannot be
// paid, or was just paid: a paid one with its success (as the winner of a
// race got), an expired or locked one with an error.
func (h *Handler) customClosed(co *checkout) (int, any) {
	switch kind := h.closedKind(co); kind {
	case "complete":
		res := fiber.Map{"type": "success", "session": h.customSession(co, nil)}
		// Where till.js sends the shopper unless confirm() was given
		// redirect: "if_required" (Stripe's default is to redirect).
		if s := co.Session; s.ReturnURL != nil && (s.RedirectOnCompletion == nil || *s.RedirectOnCompletion != "never") {
			res["returnUrl"] = s.Filled(s.ReturnURL)
		}
		return http.StatusOK, res
	case "locked":
		return closedStatus(kind), customErrorBody(till.CodeTooManyDeclines, co.t("locked_message"))
	default:
		return closedStatus(kind), customErrorBody("sessionExpired", co.t("expired_message"))
	}
}

// customSession is the session as checkout.session() shows it, with what
// the shopper gave till.js so far (typed; nil for nothing): till.js keeps
// it until confirm() and sends it with every call.
func (h *Handler) customSession(co *checkout, typed *customBody) views.CustomSession {
	s := co.Session
	if typed == nil {
		typed = &customBody{}
	}
	email := strings.TrimSpace(typed.Email)
	amount := func(v int64) views.CustomAmount {
		return views.CustomAmount{Amount: till.FormatAmount(v, s.Currency, co.locale), MinorUnitsAmount: v}
	}
	status := s.Status
	if status == till.SessionOpen && s.Payable(h.store.Now()) != nil {
		status = till.SessionExpired
	}
	vm := views.CustomSession{ID: s.ID, Status: views.CustomStatus{Type: status, PaymentStatus: s.PaymentStatus},
		Currency: s.Currency, Livemode: s.Livemode, CanConfirm: h.closedKind(co) == "", LineItems: []views.CustomLineItem{},
		Total: views.CustomTotal{Subtotal: amount(s.AmountSubtotal), Discount: amount(s.AmountDiscount),
			Total: amount(s.AmountTotal)}, DiscountAmounts: []views.CustomDiscount{},
		ShippingOptions: []views.CustomShippingOption{}}
	for _, o := range s.ShippingOptions {
		opt := views.CustomShippingOption{ID: o.Rate.ID, DisplayName: o.Rate.DisplayName, Amount: amount(o.Amount),
			DeliveryEstimate: deliveryEstimate(co.t, o.Rate.DeliveryEstimate)}
		vm.ShippingOptions = append(vm.ShippingOptions, opt)
		if s.ShippingRateID != nil && *s.ShippingRateID == o.Rate.ID {
			vm.Shipping = &views.CustomShipping{ShippingOption: opt}
			shipping := amount(s.AmountShipping)
			vm.Total.ShippingRate = &shipping
		}
	}
	var exclusive, inclusive int64
	for _, li := range co.Items {
		for _, t := range li.Taxes {
			if t.Inclusive {
				inclusive += t.Amount
			} else {
				exclusive += t.Amount
			}
		}
	}
	vm.Total.TaxExclusive, vm.Total.TaxInclusive = amount(exclusive), amount(inclusive)
	if d := s.Discount; d != nil {
		cd := views.CustomDiscount{Amount: till.FormatAmount(s.AmountDiscount, s.Currency, co.locale), DisplayName: d.Label}
		if d.PromotionCodeID != nil {
			cd.PromotionCode = &d.Label
		}
		vm.DiscountAmounts = append(vm.DiscountAmounts, cd)
	}
	switch {
	case s.CustomerDetails != nil && s.CustomerDetails.Email != nil:
		vm.Email = s.CustomerDetails.Email
	case s.CustomerEmail != nil:
		vm.Email = s.CustomerEmail
	case email != "":
		vm.Email = &email
	}
	if d := s.CustomerDetails; d != nil && len(d.TaxIDs) > 0 && d.BusinessName != nil {
		vm.TaxIDInfo = &views.CustomTaxIDInfo{BusinessName: *d.BusinessName, TaxID: views.CustomTaxID(d.TaxIDs[0])}
	} else if s.TaxIDCollection && typed.TaxID != "" {
		vm.TaxIDInfo = &views.CustomTaxIDInfo{BusinessName: strings.TrimSpace(typed.BusinessName),
			TaxID: views.CustomTaxID{Type: typed.TaxIDType, Value: till.NormalizeTaxID(typed.TaxID)}}
	}
	if vm.TaxIDInfo != nil {
		vm.BusinessName = &vm.TaxIDInfo.BusinessName
	}
	for _, li := range co.Items {
		row := views.CustomLineItem{ID: li.ID, Quantity: li.Quantity, Subtotal: amount(li.AmountSubtotal), Total: amount(li.AmountTotal)}
		if aq := li.AdjustableQuantity; aq != nil && aq.Enabled {
			row.AdjustableQuantity = &views.CustomAdjustableQuantity{Maximum: aq.Maximum, Minimum: aq.Minimum}
		}
		if u := li.Price.UnitAmountRat(); u.IsInt() {
			row.UnitAmount = amount(u.Num().Int64())
		}
		if li.Description != nil {
			row.Name = *li.Description
		}
		vm.LineItems = append(vm.LineItems, row)
	}
	return vm
}

// CustomCard handles "GET /c/custom/:id/card": the card fields' iframe.
// It holds nothing of the session; framing follows the account's embed
// origins as for the embedded page.
func (h *Handler) CustomCard(c *fiber.Ctx) error {
	var origins []string
	co, err := h.load(c, till.UIModeCustom, false)
	switch {
	case err == nil:
		origins = co.Account.EmbedOrigins
	case till.ErrorKindOf(err) != till.KindNotFound:
		return err
	}
	AllowFraming(c, origins)
	locale := pageLocale(nil, c.Get(fiber.HeaderAcceptLanguage))
	t := translator(locale)
	return Render(c, http.StatusOK, views.CustomCardView(views.CustomCard{
		Lang: locale, Stylesheet: static.URL("css/checkout.css"), Script: static.URL("js/card.js"),
		ConfirmAction: "/c/api/custom/" + c.Params("id") + "/confirm",
		CardNumber:    t("card_number"), Expiry: t("card_expiry"), CVC: t("card_cvc"), Name: t("card_name"),
		Country: t("country"), PostalCode: t("postal_code"), DefaultCountry: defaultCountry(c),
	}))
}
