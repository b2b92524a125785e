package web_test

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stripe/stripe-go/v82"
)

// addressParts is an expression that lists the fields of an address's box
// as "id:label", in order.
func addressParts(which string) string {
	return `Array.from(document.querySelectorAll('[data-address-parts="` + which + `"] .field')).map(f =>
		f.querySelector(".field-control").id + ":" + f.querySelector(".field-label").textContent.trim()).join(" ")`
}

// TestBrowserAddressLayout: on the hosted page of a session that requires
// the billing address, picking another country lays the address out as
// that country writes it (Germany: no state, the postal code before the
// city) with what was typed kept and the focus where it was, the page
// still passes axe-core, and the payment records the German address.
func TestBrowserAddressLayout(t *testing.T) {
	src := axeSource(t)
	bs := newBrowserSetup(t)
	tb := bs.tab
	p := basicSession()
	p.SuccessURL = stripe.String(bs.successPrefix() + "?session_id={CHECKOUT_SESSION_ID}")
	p.BillingAddressCollection = stripe.String("required")
	s, err := bs.acct.Stripe.V1CheckoutSessions.Create(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	tb.do("open session.url", chromedp.Navigate(s.URL), chromedp.WaitVisible(chromedp.CSS("#billingAddressLine1")))
	us := "billingAddressLine1:Address line 1 billingAddressLine2:Address line 2 (optional) billingLocality:City " +
		"billingAdministrativeArea:State billingPostalCode:ZIP"
	if got := get(tb, "US parts", chromedp.Evaluate[string](addressParts("billing"))); got != us {
		t.Errorf("the US address's parts are %q, want %q", got, us)
	}
	de := "billingAddressLine1:Address line 1 billingAddressLine2:Address line 2 (optional) billingPostalCode:Postal code billingLocality:City"
	tb.do("type a street, then pick Germany",
		chromedp.SendKeys(chromedp.CSS("#billingAddressLine1"), "Unter den Linden 1"),
		changeValue(nil, "#billingCountry", "DE"),
		chromedp.Poll[chromedp.Void](addressParts("billing")+` === "`+de+`"`))
	if got := get(tb, "street kept", chromedp.Evaluate[string](`document.getElementById("billingAddressLine1").value`)); got != "Unter den Linden 1" {
		t.Errorf("the street typed before is %q after the country changed", got)
	}
	// The street had the focus (the country was picked by script) and
	// keeps it, in the new parts.
	if focused := get(tb, "focus", chromedp.Evaluate[string](`document.activeElement.id`)); focused != "billingAddressLine1" {
		t.Errorf("the focus moved to %q", focused)
	}
	checkAxe(t, tb, src, "address laid out for Germany")

	tb.do("fill the rest and pay",
		chromedp.SendKeys(chromedp.CSS("#email"), testEmail),
		fillCard("4242424242424242"),
		chromedp.SendKeys(chromedp.CSS("#billingName"), testCardholder),
		chromedp.SendKeys(chromedp.CSS("#billingPostalCode"), "10117"),
		chromedp.SendKeys(chromedp.CSS("#billingLocality"), "Berlin"),
		chromedp.Click(chromedp.CSS(selPay)))
	tb.waitURL(bs.successPrefix())
	paid := checkPaid(t, bs.acct, s.ID)
	if a := paid.CustomerDetails.Address; a == nil || a.Country != "DE" || a.PostalCode != "10117" || a.City != "Berlin" ||
		a.Line1 != "Unter den Linden 1" || a.State != "" {
		t.Errorf("paid with address %+v, want the German one", a)
	}
}

// TestBrowserEmbeddedAddressLayout: in the embedded iframe, picking Canada
// as the shipping country relabels its parts (Province, Postal code) and
// leaves the billing address as it was.
func TestBrowserEmbeddedAddressLayout(t *testing.T) {
	es := newEmbedSetup(t, embedStatusErrors)
	p, _ := shippingSession(t, es.acct)
	_, frame := es.openNeverRedirecting(t, p, "#shippingName")
	tb := es.tab
	us := "shippingAdministrativeArea:State shippingPostalCode:ZIP"
	ca := "shippingAdministrativeArea:Province shippingPostalCode:Postal code"
	tb.do("the US's parts", inFrame(frame, `(us) => (`+addressParts("shipping")+`).endsWith(us)`, us))
	tb.do("pick Canada", changeValue(frame, "#shippingCountry", "CA"),
		inFrame(frame, `(ca) => (`+addressParts("shipping")+`).endsWith(ca)`, ca))
	// The billing address, hidden while it is the shipping one, keeps the
	// parts of its own country.
	tb.do("billing still the US's", inFrame(frame, `() => (`+addressParts("billing")+`).endsWith("billingPostalCode:ZIP")`))
}
