package pages_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/gofiber/fiber/v2"

	"till"
	"till/db"
	"till/db/dbtest"
	"till/handlers/pages"
)

func ptr[T any](v T) *T { return &v }

type fixture struct {
	app    *fiber.App
	store  *db.Store
	caller till.Caller
	now    time.Time
}

func renderers() till.Renderers {
	return till.Renderers{
		Session:       func(s *till.Session) ([]byte, error) { return []byte(`{}`), nil },
		Customer:      func(c *till.Customer) ([]byte, error) { return []byte(`{}`), nil },
		PaymentIntent: func(pi *till.PaymentIntent) ([]byte, error) { return []byte(`{}`), nil },
		Charge:        func(ch *till.Charge) ([]byte, error) { return []byte(`{}`), nil },
		Refund:        func(r *till.Refund) ([]byte, error) { return []byte(`{}`), nil },
	}
}

type noMetrics struct{}

func (noMetrics) SessionCompleted() {}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	t.Parallel()
	f := &fixture{now: time.Now()}
	f.store = dbtest.NewStore(t, func() time.Time { return f.now })
	acct, err := f.store.CreateAccount(context.Background(), "Corner Shop")
	if err != nil {
		t.Fatal(err)
	}
	f.caller, _, _ = f.store.Authenticate(context.Background(), acct.SecretKey)
	payments := till.NewCheckoutService(till.CheckoutConfig{Store: f.store, Processor: till.TestCardProcessor{}, Renderers: renderers()})
	h := pages.New(pages.Config{Store: f.store, Payments: payments, Metrics: noMetrics{},
		ClientIP: func(c *fiber.Ctx) string { return c.IP() }})
	f.app = fiber.New(fiber.Config{ErrorHandler: h.RenderError})
	f.app.Use(pages.Secure)
	f.app.Get("/c/pay/:id", h.PayShow)
	f.app.Post("/c/pay/:id", h.PaySubmit)
	return f
}

func (f *fixture) session(t *testing.T, mutate func(*till.CreateSessionParams)) *till.Session {
	t.Helper()
	p := &till.CreateSessionParams{
		Mode:       ptr("payment"),
		SuccessURL: ptr("https://shop.example/thanks?session_id={CHECKOUT_SESSION_ID}"),
		CancelURL:  ptr("https://shop.example/cart"),
		LineItems: []till.LineItemParams{{Quantity: ptr(int64(2)), PriceData: &till.PriceDataParams{
			Currency: ptr("usd"), UnitAmount: ptr(int64(1999)), ProductData: &till.ProductDataParams{Name: ptr("T-shirt")}}}},
	}
	if mutate != nil {
		mutate(p)
	}
	if err := till.CheckCreateSession(p, "2025-08-27.basil", f.store.Now()); err != nil {
		t.Fatal(err)
	}
	s, _, _, err := f.store.CreateSession(context.Background(), f.caller, p, "2025-08-27.basil", nil, renderers().Session)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

type page struct {
	status int
	header http.Header
	body   string
	doc    *goquery.Document
}

func (f *fixture) do(t *testing.T, req *http.Request) page {
	t.Helper()
	res, err := f.app.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(string(b)))
	return page{res.StatusCode, res.Header, string(b), doc}
}

func (f *fixture) get(t *testing.T, path string, lang string) page {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	if lang != "" {
		req.Header.Set("Accept-Language", lang)
	}
	return f.do(t, req)
}

// submit posts the form of a freshly rendered page with the given fields.
func (f *fixture) submit(t *testing.T, s *till.Session, fields map[string]string) page {
	t.Helper()
	form := f.get(t, "/c/pay/"+s.ID, "")
	token, _ := form.doc.Find(`input[name="csrf_token"]`).Attr("value")
	return f.submitWith(t, s, token, fields)
}

// submitWith posts the form with a token from an earlier render.
func (f *fixture) submitWith(t *testing.T, s *till.Session, token string, fields map[string]string) page {
	t.Helper()
	vals := url.Values{"csrf_token": {token}}
	for k, v := range fields {
		vals.Set(k, v)
	}
	req := httptest.NewRequest(http.MethodPost, "/c/pay/"+s.ID, strings.NewReader(vals.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return f.do(t, req)
}

func goodCard() map[string]string {
	return map[string]string{"email": "ada@example.com", "cardNumber": "4242 4242 4242 4242", "cardExpiry": "12 / 34",
		"cardCvc": "123", "billingName": "Ada Lovelace", "billingCountry": "US", "billingPostalCode": "94107"}
}

// submitText is the submit button's text as it reads: its verb and amount
// elements with the markup's line breaks between them collapsed (and the
// amount's no-break spaces kept).
func submitText(button *goquery.Selection) string {
	return strings.Join(strings.FieldsFunc(button.Text(), func(r rune) bool { return r == ' ' || r == '\n' || r == '\t' }), " ")
}

func TestPayShowOpen(t *testing.T) {
	f := newFixture(t)
	s := f.session(t, nil)
	p := f.get(t, "/c/pay/"+s.ID, "")
	if p.status != http.StatusOK {
		t.Fatalf("status = %d", p.status)
	}
	button := p.doc.Find(`button.SubmitButton[data-testid="hosted-payment-submit-button"]`)
	if got := submitText(button); got != "Pay $39.98" {
		t.Errorf("pay button = %q, want Pay $39.98", got)
	}
	if got := button.Find(".SubmitButton-Text--current").Text(); got != "Pay" {
		t.Errorf("the button's verb element says %q, want exactly Pay", got)
	}
	if p.doc.Find(`[data-testid="test-mode"]`).Length() != 1 {
		t.Error("no test mode badge")
	}
	if href, _ := p.doc.Find(`[data-testid="business-link"]`).Attr("href"); href != "https://shop.example/cart" {
		t.Errorf("back link = %q", href)
	}
	// Stripe's ids and names, which tests written for Stripe's page select.
	for _, id := range []string{"email", "cardNumber", "cardExpiry", "cardCvc", "billingName", "billingCountry", "billingPostalCode"} {
		if p.doc.Find(`label[for="`+id+`"]`).Length() != 1 || p.doc.Find("#"+id+`[name="`+id+`"]`).Length() != 1 {
			t.Errorf("field %s has no input with a label", id)
		}
	}
	if p.doc.Find(`[data-testid="card-accordion-item"] input[name="payment-method-accordion-item-title"][value="card"][checked]`).Length() != 1 {
		t.Error("no checked card radio in the card's accordion item")
	}
	save := p.doc.Find(`input#enableStripePass[type="checkbox"]`)
	if _, on := save.Attr("checked"); save.Length() != 1 || on {
		t.Error("no unchecked #enableStripePass box")
	}
	if got := p.doc.Find(`label[for="enableStripePass"]`).Text(); got != "Save my information for faster checkout" {
		t.Errorf("#enableStripePass label = %q", got)
	}
	csp := p.header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") ||
		!strings.Contains(csp, "form-action 'self' https://shop.example") {
		t.Errorf("CSP = %q", csp)
	}
	if p.header.Get("X-Frame-Options") != "DENY" || p.header.Get("Referrer-Policy") != "no-referrer" || p.header.Get("Cache-Control") != "no-store" {
		t.Errorf("headers = %v", p.header)
	}
}

func TestPaySuccessOnce(t *testing.T) {
	f := newFixture(t)
	s := f.session(t, nil)
	token, _ := f.get(t, "/c/pay/"+s.ID, "").doc.Find(`input[name="csrf_token"]`).Attr("value")
	p := f.submitWith(t, s, token, goodCard())
	want := "https://shop.example/thanks?session_id=" + s.ID
	if p.status != http.StatusSeeOther || p.header.Get("Location") != want {
		t.Fatalf("pay = %d %q, want 303 to %s", p.status, p.header.Get("Location"), want)
	}
	done, _ := f.store.FindSession(context.Background(), f.caller.AccountID, s.ID)
	if done.Status != till.SessionComplete || done.PaymentStatus != till.PaymentPaid || *done.CustomerDetails.Email != "ada@example.com" {
		t.Fatalf("session = %+v", done)
	}
	// A second submit of the same form (double click, back button) lands on
	// success too and pays nothing; the page itself now says "already paid".
	if p := f.submitWith(t, s, token, goodCard()); p.status != http.StatusSeeOther || p.header.Get("Location") != want {
		t.Errorf("second submit = %d %q", p.status, p.header.Get("Location"))
	}
	if p := f.get(t, "/c/pay/"+s.ID, ""); p.doc.Find(`[data-testid="result-complete"]`).Length() != 1 {
		t.Errorf("page of a paid session: %s", p.body)
	}
	intents, _, _ := f.store.ListPaymentIntents(context.Background(), f.caller, nil, till.Page{Limit: 10})
	if len(intents) != 1 {
		t.Errorf("%d payment intents, want 1", len(intents))
	}
}

func TestPayFormErrorsKeepInputButNotCard(t *testing.T) {
	f := newFixture(t)
	s := f.session(t, nil)
	fields := goodCard()
	fields["email"] = "not-an-email"
	fields["cardNumber"] = "4242 4242 4242 4241"
	p := f.submit(t, s, fields)
	if p.status != http.StatusUnprocessableEntity {
		t.Fatalf("status = %d, want 422", p.status)
	}
	if p.doc.Find(`[data-testid="error-summary"] a[href="#email"]`).Length() != 1 ||
		p.doc.Find(`[data-testid="error-summary"] a[href="#cardNumber"]`).Length() != 1 {
		t.Error("error summary does not link the email and card number fields")
	}
	// An empty form: every problem links to its input by the page's id.
	empty := f.submit(t, s, map[string]string{})
	links := empty.doc.Find(`[data-testid="error-summary"] a`)
	if links.Length() < 6 {
		t.Errorf("an empty form lists %d problems, want one per field", links.Length())
	}
	links.Each(func(_ int, a *goquery.Selection) {
		href, _ := a.Attr("href")
		input := empty.doc.Find(href)
		if described, _ := input.Attr("aria-describedby"); input.Length() != 1 || !strings.Contains(described, strings.TrimPrefix(href, "#")+"-error") {
			t.Errorf("error link %s: %d inputs, described by %q", href, input.Length(), described)
		}
	})
	if v, _ := p.doc.Find("#email").Attr("value"); v != "not-an-email" {
		t.Errorf("email value = %q, want what was typed", v)
	}
	if inv, _ := p.doc.Find("#email").Attr("aria-invalid"); inv != "true" {
		t.Error("email not marked invalid")
	}
	if strings.Contains(p.body, "4241") || strings.Contains(p.body, `value="123"`) {
		t.Error("the card number or CVC came back in the HTML")
	}
}

func TestPayDeclineThenSuccess(t *testing.T) {
	f := newFixture(t)
	s := f.session(t, nil)
	fields := goodCard()
	fields["cardNumber"] = "4000 0000 0000 9995"
	p := f.submit(t, s, fields)
	if p.status != http.StatusPaymentRequired || !strings.Contains(p.doc.Find(`[data-testid="card-error"]`).Text(), "Your card has insufficient funds.") {
		t.Fatalf("decline = %d %q", p.status, p.doc.Find(`[data-testid="card-error"]`).Text())
	}
	open, _ := f.store.FindSession(context.Background(), f.caller.AccountID, s.ID)
	if open.Status != till.SessionOpen {
		t.Fatalf("session after decline is %s", open.Status)
	}
	if p := f.submit(t, s, goodCard()); p.status != http.StatusSeeOther {
		t.Fatalf("pay after decline = %d", p.status)
	}
}

func TestPayExpired(t *testing.T) {
	f := newFixture(t)
	s := f.session(t, nil)
	f.now = f.now.Add(25 * time.Hour) // past expires_at; no sweeper has run
	p := f.get(t, "/c/pay/"+s.ID, "")
	if p.doc.Find(`[data-testid="result-expired"]`).Length() != 1 {
		t.Fatalf("GET of an expired session: %s", p.body)
	}
	if p := f.submit(t, s, goodCard()); p.status == http.StatusSeeOther {
		t.Fatal("an expired session took a payment")
	}
}

func TestPayRefusesMissingToken(t *testing.T) {
	f := newFixture(t)
	s := f.session(t, nil)
	vals := url.Values{}
	for k, v := range goodCard() {
		vals.Set(k, v)
	}
	req := httptest.NewRequest(http.MethodPost, "/c/pay/"+s.ID, strings.NewReader(vals.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if p := f.do(t, req); p.status != http.StatusForbidden {
		t.Fatalf("status = %d, want 403", p.status)
	}
}

func TestPayUnknownSession(t *testing.T) {
	f := newFixture(t)
	p := f.get(t, "/c/pay/cs_test_nope", "")
	if p.status != http.StatusNotFound || p.doc.Find(`[data-testid="result-not_found"]`).Length() != 1 {
		t.Fatalf("unknown session = %d", p.status)
	}
}

func TestPayLocale(t *testing.T) {
	f := newFixture(t)
	s := f.session(t, func(p *till.CreateSessionParams) {
		p.Locale = ptr("auto")
		p.LineItems[0].PriceData.Currency = ptr("eur")
	})
	p := f.get(t, "/c/pay/"+s.ID, "de-DE,de;q=0.9")
	if lang, _ := p.doc.Find("html").Attr("lang"); lang != "de" {
		t.Errorf("html lang = %q, want de", lang)
	}
	if got := submitText(p.doc.Find(`[data-testid="hosted-payment-submit-button"]`)); got != "Bezahlen 39,98\u00a0€" {
		t.Errorf("pay button = %q", got)
	}
	jp := f.session(t, func(p *till.CreateSessionParams) {
		p.Locale = ptr("ja")
		p.SubmitType = ptr("donate")
		p.LineItems[0].PriceData.Currency = ptr("jpy")
		p.LineItems[0].PriceData.UnitAmount = ptr(int64(500))
	})
	p = f.get(t, "/c/pay/"+jp.ID, "")
	if got := submitText(p.doc.Find(`[data-testid="hosted-payment-submit-button"]`)); got != "寄付する ￥1,000" {
		t.Errorf("pay button = %q", got)
	}
}

func TestPayNothingDue(t *testing.T) {
	f := newFixture(t)
	s := f.session(t, func(p *till.CreateSessionParams) { p.LineItems[0].PriceData.UnitAmount = ptr(int64(0)) })
	p := f.get(t, "/c/pay/"+s.ID, "")
	if p.doc.Find("#cardNumber").Length() != 0 {
		t.Error("a session with nothing to pay asks for a card")
	}
	if p := f.submit(t, s, map[string]string{"email": "ada@example.com", "billingCountry": "US", "billingPostalCode": "94107"}); p.status != http.StatusSeeOther {
		t.Fatalf("submit = %d: %s", p.status, p.doc.Find(`[data-testid="error-summary"]`).Text())
	}
	done, _ := f.store.FindSession(context.Background(), f.caller.AccountID, s.ID)
	if done.Status != till.SessionComplete || done.PaymentStatus != till.PaymentNoPaymentRequired || done.PaymentIntentID != nil {
		t.Errorf("session = %s/%s pi=%v, want complete/no_payment_required without a payment intent", done.Status, done.PaymentStatus, done.PaymentIntentID)
	}
}

func TestResultPagesInTwoLocales(t *testing.T) {
	f := newFixture(t)
	s := f.session(t, func(p *till.CreateSessionParams) { p.Locale = ptr("auto") })
	f.now = f.now.Add(25 * time.Hour)
	for lang, want := range map[string]string{"en-US": "This checkout session has expired", "fr-FR": "Cette session de paiement a expiré"} {
		p := f.get(t, "/c/pay/"+s.ID, lang)
		if got := p.doc.Find("h1").Text(); !strings.Contains(got, want) {
			t.Errorf("%s: heading = %q, want %q", lang, got, want)
		}
	}
	for lang, want := range map[string]string{"en": "Checkout session not found", "de": "Bezahlsitzung nicht gefunden"} {
		if p := f.get(t, "/c/pay/cs_test_missing", lang); !strings.Contains(p.doc.Find("h1").Text(), want) {
			t.Errorf("%s: not-found heading = %q", lang, p.doc.Find("h1").Text())
		}
	}
}
