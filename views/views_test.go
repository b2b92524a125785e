package views

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/a-h/templ"
)

// fakeT shows the key itself, so tests see which text went where.
func fakeT(key string) string { return "[" + key + "]" }

// recordingT is fakeT that also notes every key asked for.
func recordingT(keys map[string]bool) T {
	return func(key string) string {
		keys[key] = true
		return fakeT(key)
	}
}

func samplePage() Page {
	return Page{
		Lang:         "en",
		Title:        "Pay Acme Coffee",
		T:            fakeT,
		MerchantName: "Acme Coffee",
		LogoURL:      "https://cdn.acme.test/logo.png",
		AccentColor:  "#635bff",
		AccentText:   "white",
		TestMode:     true,
		BackURL:      "https://acme.test/cart",
		Stylesheet:   "/static/css/checkout.0123456789ab.css",
		Script:       "/static/js/checkout.0123456789ab.js",
	}
}

func samplePayPage() PayPage {
	return PayPage{
		Page:        samplePage(),
		CollectCard: true,
		Summary: Summary{
			Items: []LineItem{
				{Name: "Espresso beans", Description: "1 kg, dark roast", ImageURL: "https://cdn.acme.test/beans.png", Quantity: 2, UnitAmount: "$19.99", Amount: "$39.98"},
				{Name: "Gift wrap", Quantity: 1, UnitAmount: "$0.00", Amount: "$0.00"},
			},
			Subtotal: "$39.98",
			Total:    "$39.98",
		},
		FormAction: "/c/pay/cs_test_123",
		CSRFToken:  "tok_abc",
		Email:      Field{ID: "email", Label: "Email", Type: "email", InputMode: "email", Autocomplete: "email", Required: true, MaxLength: 254},
		CardNumber: Field{ID: "cardNumber", Label: "Card number", Autocomplete: "cc-number", Required: true, MaxLength: 23, Placeholder: "1234 1234 1234 1234"},
		CardExpiry: Field{ID: "cardExpiry", Label: "Expiration (MM / YY)", Autocomplete: "cc-exp", InputMode: "numeric", Required: true, MaxLength: 7, Placeholder: "MM / YY"},
		CardCVC:    Field{ID: "cardCvc", Label: "Security code (CVC)", Autocomplete: "cc-csc", InputMode: "numeric", Required: true, MaxLength: 4, Placeholder: "CVC"},
		CardName:   Field{ID: "billingName", Label: "Cardholder name", Autocomplete: "cc-name", Required: true},
		Address: AddressFields{
			Lead: []Field{{ID: "billingCountry", Label: "Country or region", Autocomplete: "billing country", Required: true, Options: RenderOptions([]Option{
				{Value: "DE", Label: "Germany"},
				{Value: "US", Label: "United States"},
			}).Select("US")}},
			Parts: []Field{{ID: "billingPostalCode", Label: "ZIP", Autocomplete: "billing postal-code", Required: true, MaxLength: 16}},
		},
		SubmitVerb:      "Pay",
		ProcessingLabel: "Processing payment…",
	}
}

func render(t *testing.T, ctx context.Context, c templ.Component) (*goquery.Document, string) {
	t.Helper()
	var buf bytes.Buffer
	if err := c.Render(ctx, &buf); err != nil {
		t.Fatalf("render: %v", err)
	}
	html := buf.String()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(html))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return doc, html
}

func one(t *testing.T, doc *goquery.Document, selector string) *goquery.Selection {
	t.Helper()
	s := doc.Find(selector)
	if s.Length() != 1 {
		t.Fatalf("%s: got %d elements, want 1", selector, s.Length())
	}
	return s
}

func attr(t *testing.T, s *goquery.Selection, name string) string {
	t.Helper()
	v, ok := s.Attr(name)
	if !ok {
		t.Fatalf("%s has no %s attribute", goquery.NodeName(s), name)
	}
	return v
}

func text(s *goquery.Selection) string {
	return strings.Join(strings.Fields(s.Text()), " ")
}

// checkCommon asserts what every page must have: the language, first-party
// assets, the accent colours, and no inline style attributes or handlers.
func checkCommon(t *testing.T, doc *goquery.Document, p Page) {
	t.Helper()
	if got := attr(t, one(t, doc, "html"), "lang"); got != p.Lang {
		t.Errorf("html lang: got %q, want %q", got, p.Lang)
	}
	if got := text(one(t, doc, "title")); got != p.Title {
		t.Errorf("title: got %q, want %q", got, p.Title)
	}
	if got := attr(t, one(t, doc, `link[rel="stylesheet"]`), "href"); got != p.Stylesheet {
		t.Errorf("stylesheet: got %q, want %q", got, p.Stylesheet)
	}
	script := one(t, doc, "script")
	if got := attr(t, script, "src"); got != p.Script {
		t.Errorf("script src: got %q, want %q", got, p.Script)
	}
	if _, ok := script.Attr("defer"); !ok {
		t.Error("script is not deferred")
	}
	one(t, doc, `meta[charset="utf-8"]`)
	one(t, doc, `meta[name="viewport"]`)
	if n := doc.Find("[style]").Length(); n != 0 {
		t.Errorf("%d elements carry a style attribute; the CSP forbids them", n)
	}
	doc.Find("*").Each(func(_ int, s *goquery.Selection) {
		for _, a := range s.Nodes[0].Attr {
			if strings.HasPrefix(strings.ToLower(a.Key), "on") {
				t.Errorf("<%s> has an inline handler %s=%q", goquery.NodeName(s), a.Key, a.Val)
			}
		}
	})
	// Scripts and stylesheets are first-party: same-origin paths only.
	doc.Find("script[src], link[href]").Each(func(_ int, s *goquery.Selection) {
		u := s.AttrOr("src", s.AttrOr("href", ""))
		if !strings.HasPrefix(u, "/") || strings.HasPrefix(u, "//") {
			t.Errorf("third-party asset %q", u)
		}
	})
}

func TestLayout(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		p := samplePage()
		doc, _ := render(t, context.Background(), ResultPageView(ResultPage{Page: p, Heading: "h", Kind: "expired"}))
		checkCommon(t, doc, p)

		style := text(one(t, doc, "head style"))
		if want := ":root{--accent:#635bff;--accent-text:white;}"; style != want {
			t.Errorf("style: got %q, want %q", style, want)
		}
		logo := one(t, doc, "img.merchant-logo")
		if got := attr(t, logo, "alt"); got != "Acme Coffee" {
			t.Errorf("logo alt: got %q", got)
		}
		if got := attr(t, logo, "src"); got != p.LogoURL {
			t.Errorf("logo src: got %q", got)
		}
		if got := text(one(t, doc, `[data-testid="merchant-name"]`)); got != "Acme Coffee" {
			t.Errorf("merchant name: got %q", got)
		}
		if got := text(one(t, doc, `[data-testid="test-mode"]`)); got != "[test_mode]" {
			t.Errorf("test badge: got %q", got)
		}
		back := one(t, doc, `a[data-testid="business-link"]`)
		if got := attr(t, back, "href"); got != p.BackURL {
			t.Errorf("back href: got %q", got)
		}
		if got := text(back); got != "[back_to] Acme Coffee" {
			t.Errorf("back link accessible name: got %q", got)
		}
		if got := attr(t, back.Find("svg"), "aria-hidden"); got != "true" {
			t.Errorf("back icon aria-hidden: got %q", got)
		}
	})

	t.Run("Minimal", func(t *testing.T) {
		p := samplePage()
		p.LogoURL, p.BackURL, p.TestMode = "", "", false
		doc, _ := render(t, context.Background(), ResultPageView(ResultPage{Page: p, Heading: "h", Kind: "expired"}))
		for _, sel := range []string{"img.merchant-logo", `[data-testid="test-mode"]`, `[data-testid="business-link"]`} {
			if n := doc.Find(sel).Length(); n != 0 {
				t.Errorf("%s: got %d, want none", sel, n)
			}
		}
		one(t, doc, `[data-testid="merchant-name"]`)
	})

	t.Run("AccentColours", func(t *testing.T) {
		tests := []struct {
			name, accent, text, want string
		}{
			{"Hex", "#0A2540", "#FFFFFF", ":root{--accent:#0a2540;--accent-text:#ffffff;}"},
			{"Black", "#ffde92", "black", ":root{--accent:#ffde92;--accent-text:black;}"},
			{"BreakOut", "red;}</style><script>alert(1)</script>", "white", ":root{--accent:#0a2540;--accent-text:white;}"},
			{"Expression", "#fff;background:url(//evil.test)", "expression(alert(1))", ":root{--accent:#0a2540;--accent-text:#ffffff;}"},
			{"Empty", "", "", ":root{--accent:#0a2540;--accent-text:#ffffff;}"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				p := samplePage()
				p.AccentColor, p.AccentText = tt.accent, tt.text
				doc, html := render(t, context.Background(), Layout(p))
				// The allow-list keeps the case it was given.
				got := text(one(t, doc, "style"))
				if !strings.EqualFold(got, tt.want) {
					t.Errorf("got %q, want %q", got, tt.want)
				}
				if strings.Contains(html, "alert(1)") || strings.Contains(html, "evil.test") {
					t.Errorf("hostile colour reached the page:\n%s", html)
				}
				if n := doc.Find("script").Length(); n != 1 {
					t.Errorf("got %d scripts, want 1", n)
				}
			})
		}
	})
}

func TestNonce(t *testing.T) {
	t.Run("WithNonce", func(t *testing.T) {
		ctx := templ.WithNonce(context.Background(), "r4nd0m")
		for name, c := range map[string]templ.Component{
			"pay":    PayPageView(samplePayPage()),
			"result": ResultPageView(ResultPage{Page: samplePage(), Heading: "h", Kind: "complete"}),
		} {
			t.Run(name, func(t *testing.T) {
				doc, _ := render(t, ctx, c)
				if got := attr(t, one(t, doc, "script"), "nonce"); got != "r4nd0m" {
					t.Errorf("script nonce: got %q", got)
				}
				if got := attr(t, one(t, doc, "style"), "nonce"); got != "r4nd0m" {
					t.Errorf("style nonce: got %q", got)
				}
			})
		}
	})
	t.Run("EscapedNonce", func(t *testing.T) {
		ctx := templ.WithNonce(context.Background(), `x" onload="alert(1)`)
		doc, _ := render(t, ctx, PayPageView(samplePayPage()))
		for _, sel := range []string{"script", "style"} {
			s := one(t, doc, sel)
			if got := attr(t, s, "nonce"); got != `x" onload="alert(1)` {
				t.Errorf("%s nonce: got %q", sel, got)
			}
			if _, ok := s.Attr("onload"); ok {
				t.Errorf("%s nonce broke out of its attribute", sel)
			}
		}
	})
	t.Run("WithoutNonce", func(t *testing.T) {
		doc, _ := render(t, context.Background(), PayPageView(samplePayPage()))
		if n := doc.Find("[nonce]").Length(); n != 0 {
			t.Errorf("got %d nonce attributes without a nonce in the context", n)
		}
	})
}

func TestPayPageOpen(t *testing.T) {
	vm := samplePayPage()
	doc, _ := render(t, context.Background(), PayPageView(vm))
	checkCommon(t, doc, vm.Page)

	t.Run("Summary", func(t *testing.T) {
		summary := one(t, doc, `[data-testid="product-summary"]`)
		if got := text(summary.Find("h2")); got != "[order_summary]" {
			t.Errorf("summary heading: got %q", got)
		}
		items := summary.Find(`[data-testid="line-item"]`)
		if items.Length() != 2 {
			t.Fatalf("line items: got %d, want 2", items.Length())
		}
		first := items.Eq(0)
		for sel, want := range map[string]string{
			`[data-testid="line-item-name"]`:        "Espresso beans",
			`.line-item-description`:                "1 kg, dark roast",
			`[data-testid="line-item-qty"]`:         "[qty] 2",
			`[data-testid="line-item-unit-amount"]`: "$19.99",
			`[data-testid="line-item-amount"]`:      "$39.98",
		} {
			if got := text(first.Find(sel)); got != want {
				t.Errorf("first item %s: got %q, want %q", sel, got, want)
			}
		}
		img := first.Find("img")
		if got := attr(t, img, "src"); got != vm.Summary.Items[0].ImageURL {
			t.Errorf("item image: got %q", got)
		}
		if got := attr(t, img, "alt"); got != "" {
			t.Errorf("item image is decorative beside its name, alt: got %q", got)
		}
		second := items.Eq(1)
		if second.Find("img").Length() != 0 || second.Find(".line-item-description").Length() != 0 {
			t.Error("second item has an image or description it was not given")
		}
		if got := text(one(t, doc, `[data-testid="subtotal"]`)); got != "$39.98" {
			t.Errorf("subtotal: got %q", got)
		}
		total := one(t, doc, `[data-testid="total"]`)
		if got := text(total); got != "$39.98" {
			t.Errorf("total: got %q", got)
		}
		if got := text(total.Prev()); got != "[total]" {
			t.Errorf("total label: got %q", got)
		}
	})

	t.Run("Form", func(t *testing.T) {
		form := one(t, doc, "form")
		if got := attr(t, form, "method"); got != "post" {
			t.Errorf("method: got %q", got)
		}
		if got := attr(t, form, "action"); got != vm.FormAction {
			t.Errorf("action: got %q", got)
		}
		if got := attr(t, form, "data-processing-label"); got != vm.ProcessingLabel {
			t.Errorf("data-processing-label: got %q", got)
		}
		csrf := one(t, doc, `form input[type="hidden"][name="csrf_token"]`)
		if got := attr(t, csrf, "value"); got != "tok_abc" {
			t.Errorf("csrf_token: got %q", got)
		}
		if n := doc.Find(`[data-testid="error-summary"], [data-testid="card-error"], [aria-invalid]`).Length(); n != 0 {
			t.Errorf("a fresh form shows %d error elements", n)
		}
	})

	t.Run("Fieldsets", func(t *testing.T) {
		var legends []string
		doc.Find("form fieldset").Each(func(_ int, s *goquery.Selection) {
			legend := s.ChildrenFiltered("legend")
			if legend.Length() != 1 {
				t.Errorf("fieldset %d has %d legends", len(legends), legend.Length())
			}
			legends = append(legends, text(legend))
		})
		want := []string{"[contact]", "[payment]", "[billing_address]"}
		if !slices.Equal(legends, want) {
			t.Errorf("legends: got %q, want %q", legends, want)
		}
		// Each field sits in its group.
		for sel, legend := range map[string]string{
			"#email": "[contact]", "#cardNumber": "[payment]", "#billingName": "[payment]", "#billingCountry": "[billing_address]",
		} {
			if got := text(doc.Find(sel).Closest("fieldset").ChildrenFiltered("legend")); got != legend {
				t.Errorf("%s is in %q, want %q", sel, got, legend)
			}
		}
	})

	t.Run("Labels", func(t *testing.T) {
		// The card's radio is named after Stripe's accordion, not its id.
		controls := doc.Find(`form input:not([type="hidden"]):not([type="radio"]), form select, form textarea`)
		if controls.Length() != 8 {
			t.Errorf("got %d controls, want 8 (email, card ×4, country, postal code, save my information)", controls.Length())
		}
		controls.Each(func(_ int, s *goquery.Selection) {
			id := s.AttrOr("id", "")
			if id == "" {
				t.Errorf("<%s name=%q> has no id", goquery.NodeName(s), s.AttrOr("name", ""))
				return
			}
			if got := s.AttrOr("name", ""); got != id {
				t.Errorf("#%s: name %q, want the id", id, got)
			}
			label := doc.Find(`label[for="` + id + `"]`)
			if label.Length() != 1 || text(label) == "" {
				t.Errorf("#%s: %d labels", id, label.Length())
			}
		})
	})

	t.Run("Inputs", func(t *testing.T) {
		tests := []struct {
			sel                                  string
			typ, inputmode, autocomplete, maxlen string
		}{
			{"#email", "email", "email", "email", "254"},
			{"#cardNumber", "text", "numeric", "cc-number", "23"},
			{"#cardExpiry", "text", "numeric", "cc-exp", "7"},
			{"#cardCvc", "text", "numeric", "cc-csc", "4"},
			{"#billingName", "text", "", "cc-name", ""},
			{"#billingPostalCode", "text", "", "billing postal-code", "16"},
		}
		for _, tt := range tests {
			s := one(t, doc, tt.sel)
			for name, want := range map[string]string{
				"type": tt.typ, "inputmode": tt.inputmode, "autocomplete": tt.autocomplete, "maxlength": tt.maxlen,
			} {
				got, ok := s.Attr(name)
				if want == "" && ok {
					t.Errorf("%s %s: got %q, want none", tt.sel, name, got)
				} else if want != "" && got != want {
					t.Errorf("%s %s: got %q, want %q", tt.sel, name, got, want)
				}
			}
			if _, ok := s.Attr("required"); !ok {
				t.Errorf("%s is not required", tt.sel)
			}
		}
		if got := attr(t, one(t, doc, "#cardNumber"), "placeholder"); got != "1234 1234 1234 1234" {
			t.Errorf("card number placeholder: got %q", got)
		}
		for sel, key := range map[string]string{
			"#cardNumber": "[card_number_invalid]", "#cardExpiry": "[expiry_invalid]", "#cardCvc": "[cvc_invalid]",
		} {
			if got := attr(t, one(t, doc, sel), "data-msg-invalid"); got != key {
				t.Errorf("%s data-msg-invalid: got %q, want %q", sel, got, key)
			}
		}
		if _, ok := one(t, doc, "#email").Attr("readonly"); ok {
			t.Error("email is read-only without a prefilled address")
		}
	})

	t.Run("Select", func(t *testing.T) {
		sel := one(t, doc, "select#billingCountry")
		if got := attr(t, sel, "autocomplete"); got != "billing country" {
			t.Errorf("autocomplete: got %q", got)
		}
		opts := sel.Find("option")
		if opts.Length() != 2 {
			t.Fatalf("options: got %d", opts.Length())
		}
		if got := attr(t, sel.Find("option[selected]"), "value"); got != "US" {
			t.Errorf("selected: got %q", got)
		}
		// The address keeps the order it was given.
		var ids []string
		doc.Find("fieldset").Last().Find("input, select").Each(func(_ int, s *goquery.Selection) {
			ids = append(ids, s.AttrOr("id", ""))
		})
		if want := []string{"billingCountry", "billingPostalCode"}; !slices.Equal(ids, want) {
			t.Errorf("address order: got %q, want %q", ids, want)
		}
	})

	t.Run("StripeSelectors", func(t *testing.T) {
		item := one(t, doc, `[data-testid="card-accordion-item"]`)
		radio := one(t, doc, `input[name="payment-method-accordion-item-title"][value="card"]`)
		if _, ok := radio.Attr("checked"); !ok || attr(t, radio, "type") != "radio" || radio.Closest(`[data-testid="card-accordion-item"]`).Length() != 1 {
			t.Error("the card's radio is not a checked radio inside the card's accordion item")
		}
		if got := text(one(t, doc, `label[for="`+attr(t, radio, "id")+`"][data-testid="card-accordion-item-button"]`)); got != "[card]" {
			t.Errorf("radio label: got %q", got)
		}
		if item.Find("#cardNumber, #cardExpiry, #cardCvc, #billingName").Length() != 4 {
			t.Error("the card's fields are not in its accordion item")
		}
		box := one(t, doc, `input#enableStripePass[type="checkbox"][name="enableStripePass"]`)
		if _, on := box.Attr("checked"); on {
			t.Error("#enableStripePass starts checked")
		}
		if got := text(one(t, doc, `label[for="enableStripePass"]`)); got != "[save_information]" {
			t.Errorf("#enableStripePass label: got %q", got)
		}
		if got := attr(t, one(t, doc, `[data-testid="total"]`), "class"); got != "CurrencyAmount" {
			t.Errorf("total class: got %q", got)
		}
	})

	t.Run("PayButton", func(t *testing.T) {
		button := one(t, doc, `button[data-testid="hosted-payment-submit-button"]`)
		if got := attr(t, button, "type"); got != "submit" {
			t.Errorf("type: got %q", got)
		}
		if got := attr(t, button, "class"); got != "SubmitButton SubmitButton--complete" {
			t.Errorf("class: got %q", got)
		}
		if got := text(button); got != "Pay $39.98" {
			t.Errorf("label: got %q", got)
		}
		if got := button.Find(".SubmitButton-Text--current").Text(); got != "Pay" {
			t.Errorf("verb element: got %q, want exactly Pay", got)
		}
		if button.Closest("form").Length() != 1 {
			t.Error("pay button is outside the form")
		}
		status := one(t, doc, "#processing-status")
		if got := attr(t, status, "aria-live"); got != "polite" {
			t.Errorf("aria-live: got %q", got)
		}
		if !status.HasClass("visually-hidden") || text(status) != "" {
			t.Error("processing status should start empty and visually hidden")
		}
	})
}

func TestPayPageOptionalFields(t *testing.T) {
	vm := samplePayPage()
	vm.Email.Value = "jenny@example.com"
	vm.Email.ReadOnly = true
	vm.Phone = &Field{ID: "phoneNumber", Label: "Phone number", Autocomplete: "tel", Required: true}
	vm.Address = AddressFields{}
	doc, _ := render(t, context.Background(), PayPageView(vm))

	email := one(t, doc, "#email")
	if _, ok := email.Attr("readonly"); !ok {
		t.Error("prefilled email is not read-only")
	}
	if got := attr(t, email, "value"); got != "jenny@example.com" {
		t.Errorf("email value: got %q", got)
	}
	phone := one(t, doc, "#phoneNumber")
	if got := attr(t, phone, "type"); got != "tel" {
		t.Errorf("phone type: got %q", got)
	}
	if got := text(phone.Closest("fieldset").ChildrenFiltered("legend")); got != "[contact]" {
		t.Errorf("phone is in %q", got)
	}
	one(t, doc, `label[for="phoneNumber"]`)
	if n := doc.Find("fieldset").Length(); n != 2 {
		t.Errorf("fieldsets without an address: got %d, want 2", n)
	}
}

func TestPayPageErrors(t *testing.T) {
	vm := samplePayPage()
	vm.Errors = []ErrorLink{
		{FieldID: "email", Message: "Your email address is incomplete or invalid."},
		{FieldID: "cardExpiry", Message: "Your card's expiration year is in the past."},
		{FieldID: "billingPostalCode", Message: "Your postal code is invalid."},
	}
	vm.Email.Value = "jenny@"
	vm.Email.Error = vm.Errors[0].Message
	vm.CardExpiry.Value = "01 / 20"
	vm.CardExpiry.Error = vm.Errors[1].Message
	vm.CardName.Value = "Jenny Rosen"
	vm.Address.Parts[0].Value = "9410"
	vm.Address.Parts[0].Error = vm.Errors[2].Message
	doc, _ := render(t, context.Background(), PayPageView(vm))

	t.Run("Summary", func(t *testing.T) {
		summary := one(t, doc, "#error-summary")
		for name, want := range map[string]string{
			"role": "alert", "tabindex": "-1", "data-testid": "error-summary",
		} {
			if got := attr(t, summary, name); got != want {
				t.Errorf("%s: got %q, want %q", name, got, want)
			}
		}
		heading := one(t, doc, "#"+attr(t, summary, "aria-labelledby"))
		if got := text(heading); got != "[error_summary_title]" {
			t.Errorf("heading: got %q", got)
		}
		if summary.Closest("form").Length() != 1 || summary.Prev().AttrOr("name", "") != "csrf_token" {
			t.Error("error summary is not at the top of the form")
		}
		links := summary.Find("a")
		if links.Length() != 3 {
			t.Fatalf("links: got %d, want 3", links.Length())
		}
		links.Each(func(i int, a *goquery.Selection) {
			href := attr(t, a, "href")
			if want := "#" + vm.Errors[i].FieldID; href != want {
				t.Errorf("link %d: got %q, want %q", i, href, want)
			}
			if doc.Find(href).Length() != 1 {
				t.Errorf("link %d points at %s, which is not on the page", i, href)
			}
			if got := text(a); got != vm.Errors[i].Message {
				t.Errorf("link %d text: got %q", i, got)
			}
		})
	})

	t.Run("Fields", func(t *testing.T) {
		for _, f := range []Field{vm.Email, vm.CardExpiry, vm.Address.Parts[0]} {
			input := one(t, doc, "#"+f.ID)
			if got := attr(t, input, "aria-invalid"); got != "true" {
				t.Errorf("#%s aria-invalid: got %q", f.ID, got)
			}
			if got := attr(t, input, "value"); got != f.Value {
				t.Errorf("#%s kept %q, want %q", f.ID, got, f.Value)
			}
			ids := strings.Fields(attr(t, input, "aria-describedby"))
			if len(ids) != 1 {
				t.Fatalf("#%s aria-describedby: got %q", f.ID, ids)
			}
			msg := one(t, doc, "#"+ids[0])
			if got := text(msg); got != "[error_prefix] "+f.Error {
				t.Errorf("#%s message: got %q", f.ID, got)
			}
			if !msg.Find("span").HasClass("visually-hidden") || text(msg.Find("span")) != "[error_prefix]" {
				t.Errorf("#%s message lacks a visually hidden prefix", f.ID)
			}
			if !input.Parent().HasClass("field-invalid") {
				t.Errorf("#%s: field not marked invalid", f.ID)
			}
		}
		// Fields without an error stay unmarked and keep their value.
		name := one(t, doc, "#billingName")
		if _, ok := name.Attr("aria-invalid"); ok {
			t.Error("#billingName is marked invalid")
		}
		if _, ok := name.Attr("aria-describedby"); ok {
			t.Error("#billingName is described by a message")
		}
		if got := attr(t, name, "value"); got != "Jenny Rosen" {
			t.Errorf("#billingName kept %q", got)
		}
		if n := doc.Find("[aria-invalid]").Length(); n != 3 {
			t.Errorf("aria-invalid on %d elements, want 3", n)
		}
		// Every aria-describedby and aria-labelledby id exists.
		doc.Find("[aria-describedby], [aria-labelledby]").Each(func(_ int, s *goquery.Selection) {
			for _, a := range []string{"aria-describedby", "aria-labelledby"} {
				for _, id := range strings.Fields(s.AttrOr(a, "")) {
					if doc.Find("#"+id).Length() != 1 {
						t.Errorf("%s=%q: no element #%s", a, s.AttrOr(a, ""), id)
					}
				}
			}
		})
	})

	t.Run("SelectError", func(t *testing.T) {
		vm := samplePayPage()
		vm.Address.Lead[0].Error = "Choose a country or region."
		vm.Errors = []ErrorLink{{FieldID: "billingCountry", Message: vm.Address.Lead[0].Error}}
		doc, _ := render(t, context.Background(), PayPageView(vm))
		sel := one(t, doc, "select#billingCountry")
		if got := attr(t, sel, "aria-invalid"); got != "true" {
			t.Errorf("aria-invalid: got %q", got)
		}
		if got := text(one(t, doc, "#"+attr(t, sel, "aria-describedby"))); got != "[error_prefix] Choose a country or region." {
			t.Errorf("message: got %q", got)
		}
	})
}

func TestPayPageCardDecline(t *testing.T) {
	vm := samplePayPage()
	vm.CardError = "Your card was declined."
	vm.Errors = []ErrorLink{{FieldID: "cardNumber", Message: vm.CardError}}
	vm.Email.Value = "jenny@example.com"
	doc, _ := render(t, context.Background(), PayPageView(vm))

	cardErr := one(t, doc, `[data-testid="card-error"]`)
	if got := attr(t, cardErr, "role"); got != "alert" {
		t.Errorf("role: got %q", got)
	}
	if got := text(cardErr); got != "[error_prefix] Your card was declined." {
		t.Errorf("message: got %q", got)
	}
	if got := text(cardErr.Closest("fieldset").ChildrenFiltered("legend")); got != "[payment]" {
		t.Errorf("decline message is in %q, want beside the card fields", got)
	}
	number := one(t, doc, "#cardNumber")
	ids := strings.Fields(attr(t, number, "aria-describedby"))
	if !slices.Contains(ids, attr(t, cardErr, "id")) {
		t.Errorf("card number aria-describedby %q does not include the decline message", ids)
	}
	if got := attr(t, number, "value"); got != "" {
		t.Errorf("card number was not cleared: %q", got)
	}
	if got := attr(t, one(t, doc, "#error-summary a"), "href"); got != "#cardNumber" {
		t.Errorf("summary link: got %q", got)
	}
	if got := attr(t, one(t, doc, "#email"), "value"); got != "jenny@example.com" {
		t.Errorf("email kept %q", got)
	}
}

func TestResultPages(t *testing.T) {
	tests := []struct {
		name string
		vm   ResultPage
	}{
		{"Expired", ResultPage{Heading: "This checkout session has expired", Message: "Nothing was charged.", LinkURL: "https://acme.test/cart", LinkLabel: "Return to the merchant", Kind: "expired"}},
		{"Complete", ResultPage{Heading: "This checkout session is already paid", Message: "Your payment went through.", LinkURL: "https://acme.test/thanks?session_id=cs_test_123", LinkLabel: "Continue", Kind: "complete"}},
		{"NotFound", ResultPage{Heading: "Checkout session not found", Message: "The link may be mistyped.", Kind: "not_found"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vm := tt.vm
			vm.Page = samplePage()
			vm.Title = vm.Heading
			if vm.Kind == "not_found" {
				vm.BackURL, vm.MerchantName, vm.LogoURL = "", "", ""
			}
			doc, _ := render(t, context.Background(), ResultPageView(vm))
			checkCommon(t, doc, vm.Page)
			result := one(t, doc, `[data-testid="result-`+vm.Kind+`"]`)
			if got := text(result.Find("h1")); got != vm.Heading {
				t.Errorf("heading: got %q", got)
			}
			if n := doc.Find("h1").Length(); n != 1 {
				t.Errorf("got %d h1, want 1", n)
			}
			if got := text(result.Find(".result-message")); got != vm.Message {
				t.Errorf("message: got %q", got)
			}
			link := doc.Find(`[data-testid="result-link"]`)
			if vm.LinkURL == "" {
				if link.Length() != 0 {
					t.Error("link without a LinkURL")
				}
			} else {
				if got := attr(t, link, "href"); got != vm.LinkURL {
					t.Errorf("link href: got %q", got)
				}
				if got := text(link); got != vm.LinkLabel {
					t.Errorf("link label: got %q", got)
				}
			}
			if doc.Find("form").Length() != 0 {
				t.Error("a result page has a form")
			}
		})
	}
}

const (
	hostileScript = `<script>alert(1)</script>`
	hostileAttr   = `"><img src=x onerror=alert(1)>`
)

func TestEscaping(t *testing.T) {
	vm := samplePayPage()
	vm.Title = hostileScript
	vm.MerchantName = hostileScript + hostileAttr
	vm.Summary.Items[0].Name = hostileScript
	vm.Summary.Items[0].Description = hostileAttr
	vm.Summary.Items[0].UnitAmount = hostileAttr
	vm.Email.Value = hostileAttr
	vm.Email.Error = hostileScript
	vm.CardName.Value = hostileScript + hostileAttr
	vm.Address.Parts[0].Value = hostileAttr
	vm.Address.Lead[0].Options = RenderOptions([]Option{{Value: hostileAttr, Label: hostileScript}}).Select(hostileAttr)
	vm.Errors = []ErrorLink{{FieldID: hostileAttr, Message: hostileScript}}
	vm.CardError = hostileScript
	vm.SubmitVerb = hostileAttr
	vm.ProcessingLabel = hostileAttr
	vm.CSRFToken = hostileAttr
	vm.BackURL = "javascript:alert(1)"
	vm.LogoURL = "javascript:alert(1)"
	vm.Summary.Items[0].ImageURL = "javascript:alert(1)"
	vm.FormAction = "javascript:alert(1)"
	vm.T = func(key string) string { return hostileAttr + key }

	doc, html := render(t, context.Background(), PayPageView(vm))

	if n := doc.Find("script").Length(); n != 1 {
		t.Errorf("got %d script elements, want only the page's own", n)
	}
	if n := doc.Find("img[onerror], [onerror]").Length(); n != 0 {
		t.Errorf("got %d elements with an onerror handler", n)
	}
	if strings.Contains(html, hostileScript) || strings.Contains(html, hostileAttr) {
		t.Error("hostile string reached the HTML unescaped")
	}
	if !strings.Contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("hostile text was not shown escaped")
	}
	// The strings come back intact as text and attribute values.
	if got := text(one(t, doc, `[data-testid="merchant-name"]`)); got != strings.Join(strings.Fields(vm.MerchantName), " ") {
		t.Errorf("merchant name: got %q", got)
	}
	if got := attr(t, one(t, doc, "#email"), "value"); got != hostileAttr {
		t.Errorf("email value: got %q", got)
	}
	if got := text(one(t, doc, "title")); got != hostileScript {
		t.Errorf("title: got %q", got)
	}

	const failed = "about:invalid#TemplFailedSanitizationURL"
	for sel, name := range map[string]string{
		`[data-testid="business-link"]`: "href",
		"img.merchant-logo":             "src",
		".line-item-image":              "src",
		"form":                          "action",
	} {
		if got := attr(t, one(t, doc, sel), name); got != failed {
			t.Errorf("%s %s: got %q, want %q", sel, name, got, failed)
		}
	}
	doc.Find("[href], [src], [action]").Each(func(_ int, s *goquery.Selection) {
		for _, a := range []string{"href", "src", "action"} {
			if v, ok := s.Attr(a); ok && strings.HasPrefix(strings.ToLower(strings.TrimSpace(v)), "javascript:") {
				t.Errorf("<%s %s=%q>", goquery.NodeName(s), a, v)
			}
		}
	})

	t.Run("ResultPage", func(t *testing.T) {
		p := samplePage()
		p.MerchantName = hostileAttr
		doc, html := render(t, context.Background(), ResultPageView(ResultPage{
			Page: p, Heading: hostileScript, Message: hostileAttr,
			LinkURL: "javascript:alert(1)", LinkLabel: hostileScript, Kind: `x" onclick="alert(1)`,
		}))
		if n := doc.Find("script").Length(); n != 1 {
			t.Errorf("got %d script elements", n)
		}
		if strings.Contains(html, hostileScript) || strings.Contains(html, hostileAttr) {
			t.Error("hostile string reached the HTML unescaped")
		}
		if n := doc.Find("[onclick], [onerror]").Length(); n != 0 {
			t.Errorf("got %d elements with handlers", n)
		}
		if got := attr(t, one(t, doc, `[data-testid="result-link"]`), "href"); got != failed {
			t.Errorf("link href: got %q", got)
		}
		if got := text(one(t, doc, "h1")); got != hostileScript {
			t.Errorf("heading: got %q", got)
		}
	})
}

// TestTranslationKeys pins the keys the templates ask T for, so the
// handler's catalogue can be checked against them.
func TestTranslationKeys(t *testing.T) {
	keys := map[string]bool{}
	vm := samplePayPage()
	vm.T = recordingT(keys)
	vm.Errors = []ErrorLink{{FieldID: "email", Message: "m"}}
	vm.Email.Error = "m"
	vm.CardError = "declined"
	render(t, context.Background(), PayPageView(vm))
	render(t, context.Background(), ResultPageView(ResultPage{Page: vm.Page, Heading: "h", Kind: "expired"}))

	var got []string
	for k := range keys {
		got = append(got, k)
	}
	slices.Sort(got)
	want := []string{
		"back_to", "billing_address", "card", "card_number_invalid", "contact", "cvc_invalid", "error_prefix",
		"error_summary_title", "expiry_invalid", "order_summary", "payment", "qty", "save_information", "subtotal",
		"test_mode", "total",
	}
	if !slices.Equal(got, want) {
		t.Errorf("keys:\n got %q\nwant %q", got, want)
	}
}

func sampleReceipt() ReceiptPage {
	p := samplePage()
	p.BackURL, p.Title = "", "Receipt from Acme Coffee"
	return ReceiptPage{Page: p, Heading: "Receipt from Acme Coffee", AmountPaid: "$39.98",
		DatePaid: "Mar 5, 2026", DateTime: "2026-03-05", PaymentMethod: "Visa ending in 4242",
		Items: []LineItem{
			{Name: "Espresso beans", Quantity: 2, UnitAmount: "$19.99", Amount: "$39.98"},
			{Name: "Gift wrap", Quantity: 1, UnitAmount: "$0.00", Amount: "$0.00"},
		},
		AmountRefunded: "$10.00"}
}

func TestReceiptPage(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		vm := sampleReceipt()
		doc, _ := render(t, context.Background(), ReceiptPageView(vm))
		checkCommon(t, doc, vm.Page)
		receipt := one(t, doc, `[data-testid="receipt"]`)
		if n := doc.Find("h1").Length(); n != 1 || text(receipt.Find("h1")) != vm.Heading {
			t.Errorf("h1: %d, %q", n, text(doc.Find("h1")))
		}
		for sel, want := range map[string]string{
			`[data-testid="receipt-amount"]`:         "$39.98",
			`[data-testid="receipt-date"]`:           "Mar 5, 2026",
			`[data-testid="receipt-payment-method"]`: "Visa ending in 4242",
			`[data-testid="receipt-total"]`:          "$39.98",
			`[data-testid="receipt-refunded"]`:       "$10.00",
			`#receipt-summary-title`:                 "[receipt_summary]",
		} {
			if got := text(one(t, doc, sel)); got != want {
				t.Errorf("%s: got %q, want %q", sel, got, want)
			}
		}
		if got := attr(t, one(t, doc, `[data-testid="receipt-date"] time`), "datetime"); got != "2026-03-05" {
			t.Errorf("datetime: got %q", got)
		}
		items := doc.Find(`[data-testid="line-item"]`)
		if items.Length() != 2 || text(items.Eq(0).Find(`[data-testid="line-item-name"]`)) != "Espresso beans" ||
			text(items.Eq(0).Find(`[data-testid="line-item-qty"]`)) != "[qty] 2" ||
			text(items.Eq(0).Find(`[data-testid="line-item-amount"]`)) != "$39.98" {
			t.Errorf("line items: %q", text(items))
		}
		if doc.Find("form").Length() != 0 {
			t.Error("a receipt has a form")
		}
	})

	t.Run("NothingRefundedNoItems", func(t *testing.T) {
		vm := sampleReceipt()
		vm.AmountRefunded, vm.Items = "", nil
		doc, _ := render(t, context.Background(), ReceiptPageView(vm))
		for _, sel := range []string{`[data-testid="receipt-refunded"]`, `[data-testid="line-item"]`, "ul.line-items"} {
			if n := doc.Find(sel).Length(); n != 0 {
				t.Errorf("%s: got %d, want none", sel, n)
			}
		}
		one(t, doc, `[data-testid="receipt-total"]`)
	})

	t.Run("Escaping", func(t *testing.T) {
		vm := sampleReceipt()
		vm.Heading, vm.MerchantName, vm.PaymentMethod = hostileScript, hostileAttr, hostileScript
		vm.Items[0].Name, vm.DateTime = hostileScript, hostileAttr
		doc, html := render(t, context.Background(), ReceiptPageView(vm))
		if strings.Contains(html, hostileScript) || strings.Contains(html, hostileAttr) {
			t.Error("hostile string reached the HTML unescaped")
		}
		if n := doc.Find("script").Length(); n != 1 {
			t.Errorf("got %d script elements", n)
		}
		if got := text(one(t, doc, "h1")); got != hostileScript {
			t.Errorf("heading: got %q", got)
		}
	})

	t.Run("TranslationKeys", func(t *testing.T) {
		keys := map[string]bool{}
		vm := sampleReceipt()
		vm.T = recordingT(keys)
		render(t, context.Background(), ReceiptPageView(vm))
		var got []string
		for k := range keys {
			got = append(got, k)
		}
		slices.Sort(got)
		want := []string{"payment", "qty", "receipt_amount_paid", "receipt_date_paid", "receipt_refunded", "receipt_summary", "test_mode"}
		if !slices.Equal(got, want) {
			t.Errorf("keys:\n got %q\nwant %q", got, want)
		}
	})
}
