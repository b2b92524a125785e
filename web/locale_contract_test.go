package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/stripe/stripe-go/v82"

	"till"
)

// A session created with one of Stripe's locales that the pages once left
// to English (ko) speaks it on every page the shopper sees, whatever the
// browser asks for: the hosted page, its errors, and the receipt, with the
// locale in <html lang>, CLDR's money and Korean's date.
func TestSessionLocaleKorean(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	p := basicSession()
	p.Locale = stripe.String("ko")
	s, err := acct.Stripe.V1CheckoutSessions.Create(bg, p)
	if err != nil {
		t.Fatal(err)
	}
	english := []string{"Accept-Language", "en-US,en;q=0.9"}
	parse := func(r response) *goquery.Document {
		t.Helper()
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(r.Body))
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}

	page := srv.do(t, http.MethodGet, "/c/pay/"+s.ID, "", "", english...)
	doc := parse(page)
	if page.Status != http.StatusOK {
		t.Fatalf("page: %d\n%s", page.Status, page.Body)
	}
	if lang, _ := doc.Find("html").Attr("lang"); lang != "ko" {
		t.Errorf("html lang = %q, want ko", lang)
	}
	for sel, want := range map[string]string{
		"title":                         "결제",
		".SubmitButton-Text":            "결제",
		`[data-testid="total"]`:         till.FormatAmount(3998, "usd", "ko"), // CLDR's "US$39.98"
		`label[for="email"]`:            "이메일",
		`[data-testid="line-item-qty"]`: "수량 2",
	} {
		if got := squash(doc.Find(sel).First().Text()); !strings.Contains(got, want) {
			t.Errorf("%s: %q, want %q", sel, got, want)
		}
	}
	if got := till.FormatAmount(3998, "usd", "ko"); got != "US$39.98" {
		t.Errorf("Korean amount %q, want US$39.98", got)
	}

	// A form with mistakes comes back with Korean messages.
	bad := submitCard(t, srv, s.ID, csrfPattern.FindStringSubmatch(page.Body)[1], "4242", "")
	if got := squash(parse(bad).Find(`[data-testid="error-summary"]`).Text()); !strings.Contains(got, "카드 번호가 유효하지 않습니다.") {
		t.Errorf("error summary = %q", got)
	}

	// Paid, its receipt is Korean too, dated as Korean writes a date.
	if r := submitCard(t, srv, s.ID, formToken(t, srv, s.ID), goodCard, ""); r.Status != http.StatusSeeOther {
		t.Fatalf("pay: %d\n%s", r.Status, r.Body)
	}
	paid, err := acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil)
	if err != nil || paid.PaymentIntent == nil {
		t.Fatalf("after paying: %v, %+v", err, paid)
	}
	_, ch := latestCharge(t, acct, paid.PaymentIntent.ID)
	r, receipt := openReceipt(t, srv, receiptPath(t, srv, ch.ReceiptURL), english...)
	if lang, _ := receipt.Find("html").Attr("lang"); r.Status != http.StatusOK || lang != "ko" {
		t.Errorf("receipt: %d, html lang %q", r.Status, lang)
	}
	if got := squash(receipt.Find(`[data-testid="receipt-title"]`).Text()); !strings.HasSuffix(got, " 영수증") {
		t.Errorf("receipt title = %q", got)
	}
	date := squash(receipt.Find(`[data-testid="receipt-date"] time`).Text())
	if !regexp.MustCompile(`^\d{4}년 \d{1,2}월 \d{1,2}일$`).MatchString(date) {
		t.Errorf("receipt date = %q, want 2006년 1월 2일's form", date)
	}
	if got := squash(receipt.Find(`[data-testid="receipt-payment-method"]`).Text()); got != "Visa 끝자리 4242" {
		t.Errorf("receipt card = %q", got)
	}
}
