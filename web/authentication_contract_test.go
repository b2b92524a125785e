package web_test

import (
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stripe/stripe-go/v82"

	"till/db/dbtest"
)

// These tests take 3-D Secure payments over HTTP as a browser would, in
// every mode: the issuer asks for authentication, the shopper passes or
// fails it on Till's test page, and the session ends as Stripe's would.

const (
	authCard         = "4000002760003184" // always authenticates
	authThenDecline  = "4000008400001629" // authenticates, then declines
	authNotRequired  = "4000000000003055" // supports 3-D Secure, does not ask
	authLookupFailed = "4000008400001280" // its authentication fails to start
)

var sameOriginHeaders = []string{"Sec-Fetch-Site", "same-origin"}

// authenticationPage opens the page a 303 or requires_action answer points
// to and returns its form token.
func authenticationPage(t *testing.T, srv *testServer, path string) string {
	t.Helper()
	r := srv.do(t, "GET", path, "", "")
	m := csrfPattern.FindStringSubmatch(r.Body)
	if r.Status != http.StatusOK || m == nil || !strings.Contains(r.Body, `id="test-source-authorize-3ds"`) ||
		!strings.Contains(r.Body, `id="test-source-fail-3ds"`) {
		t.Fatalf("authentication page %s: %d %.300s", path, r.Status, r.Body)
	}
	return m[1]
}

// authenticate posts the shopper's result from the authentication page.
func authenticate(t *testing.T, srv *testServer, sessionID, intentID, token, result string, extra ...string) response {
	t.Helper()
	return postPage(t, srv, "/c/authenticate/"+sessionID, append([]string{"csrf_token", token,
		"payment_intent", intentID, "result", result}, extra...)...)
}

// postPage posts a form of one of Till's pages as its page would (from
// its origin), its fields given as name, value pairs, without following a
// redirect.
func postPage(t *testing.T, srv *testServer, path string, fields ...string) response {
	t.Helper()
	body := url.Values{}
	for i := 0; i+1 < len(fields); i += 2 {
		body.Set(fields[i], fields[i+1])
	}
	return postForm(t, srv, path, body, false)
}

// postForm posts a page's form fields to path from the page's origin
// (asking for JSON when json, as checkout.js does) and returns the answer
// without following a redirect.
func postForm(t *testing.T, srv *testServer, path string, body url.Values, json bool) response {
	t.Helper()
	req, _ := http.NewRequest("POST", srv.URL+path, strings.NewReader(body.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", srv.URL)
	if json {
		req.Header.Set("Accept", "application/json")
	}
	res, err := noRedirects.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{Status: res.StatusCode, Header: res.Header, Body: string(b)}
}

// accountEvents lists the types of the account's events, oldest first.
func accountEvents(t *testing.T, acct *account) []string {
	t.Helper()
	var order []string
	for _, ev := range listEvents(t, acct, nil) {
		order = append([]string{string(ev.Type)}, order...)
	}
	return order
}

// A card that always authenticates: the pay page sends the shopper to the
// test page, the PaymentIntent awaits the action, and completing it pays
// the session once, with the authentication on its charge.
func TestAuthenticationHosted(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	s, err := acct.Stripe.V1CheckoutSessions.Create(bg, basicSession())
	if err != nil {
		t.Fatal(err)
	}
	r := submitCard(t, srv, s.ID, formToken(t, srv, s.ID), authCard, "")
	loc := r.Header.Get("Location")
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(loc, "/c/authenticate/"+s.ID+"?payment_intent=pi_") {
		t.Fatalf("submit of a 3-D Secure card: %d to %q", r.Status, loc)
	}
	piID := strings.TrimPrefix(loc, "/c/authenticate/"+s.ID+"?payment_intent=")
	pi, err := acct.Stripe.V1PaymentIntents.Retrieve(bg, piID, nil)
	if err != nil || pi.Status != stripe.PaymentIntentStatusRequiresAction || pi.NextAction == nil ||
		pi.NextAction.Type != "redirect_to_url" || !strings.HasSuffix(pi.NextAction.RedirectToURL.URL, loc) || pi.LatestCharge != nil {
		t.Fatalf("intent awaiting authentication = %+v, %v", pi, err)
	}
	if got, _ := acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil); got.Status != stripe.CheckoutSessionStatusOpen {
		t.Errorf("session while authenticating: %s", got.Status)
	}
	token := authenticationPage(t, srv, loc)
	done := authenticate(t, srv, s.ID, piID, token, "complete")
	if done.Status != http.StatusSeeOther || done.Header.Get("Location") != "https://shop.example/success?session_id="+s.ID {
		t.Fatalf("complete: %d to %q: %.300s", done.Status, done.Header.Get("Location"), done.Body)
	}
	again := authenticate(t, srv, s.ID, piID, token, "complete")
	if again.Status != http.StatusSeeOther || again.Header.Get("Location") != done.Header.Get("Location") {
		t.Errorf("the result posted again: %d to %q", again.Status, again.Header.Get("Location"))
	}
	pi, ch := latestCharge(t, acct, piID)
	tds := ch.PaymentMethodDetails.Card.ThreeDSecure
	if pi.Status != stripe.PaymentIntentStatusSucceeded || pi.NextAction != nil || ch.Status != stripe.ChargeStatusSucceeded ||
		tds == nil || tds.Result != "authenticated" || tds.AuthenticationFlow != "challenge" {
		t.Errorf("after authenticating: intent %s, charge %s, three_d_secure %+v", pi.Status, ch.Status, tds)
	}
	if got, _ := acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil); got.Status != stripe.CheckoutSessionStatusComplete ||
		got.CustomerDetails == nil || got.CustomerDetails.Email != "ada@example.com" || got.CustomerDetails.Address.PostalCode != "94107" {
		t.Errorf("session after authenticating: %s %+v", got.Status, got.CustomerDetails)
	}
	want := []string{"payment_intent.created", "payment_intent.requires_action", "charge.succeeded",
		"payment_intent.succeeded", "checkout.session.completed"}
	if got := accountEvents(t, acct); !slices.Equal(got, want) {
		t.Errorf("events = %v, want %v", got, want)
	}
}

// Failing the authentication leaves the session open with Stripe's
// error, no charge, and the form to try another card, which pays.
func TestAuthenticationFails(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	s, err := acct.Stripe.V1CheckoutSessions.Create(bg, basicSession())
	if err != nil {
		t.Fatal(err)
	}
	loc := submitCard(t, srv, s.ID, formToken(t, srv, s.ID), authCard, "").Header.Get("Location")
	piID := strings.TrimPrefix(loc, "/c/authenticate/"+s.ID+"?payment_intent=")
	failed := authenticate(t, srv, s.ID, piID, authenticationPage(t, srv, loc), "fail")
	if failed.Status != http.StatusPaymentRequired || !strings.Contains(html.UnescapeString(failed.Body), "We are unable to authenticate your payment method.") ||
		!strings.Contains(failed.Body, `value="ada@example.com"`) {
		t.Fatalf("fail: %d %.300s", failed.Status, failed.Body)
	}
	pi, err := acct.Stripe.V1PaymentIntents.Retrieve(bg, piID, nil)
	if err != nil || pi.Status != stripe.PaymentIntentStatusRequiresPaymentMethod || pi.LastPaymentError == nil ||
		pi.LastPaymentError.Code != "payment_intent_authentication_failure" || pi.LastPaymentError.Type != "invalid_request_error" || pi.LatestCharge != nil {
		t.Fatalf("intent after a failed authentication = %+v, %v", pi, err)
	}
	if r := submitCard(t, srv, s.ID, formToken(t, srv, s.ID), goodCard, ""); r.Status != http.StatusSeeOther ||
		!strings.HasPrefix(r.Header.Get("Location"), "https://shop.example/success") {
		t.Fatalf("another card after the failure: %d to %q", r.Status, r.Header.Get("Location"))
	}
	want := []string{"payment_intent.created", "payment_intent.requires_action", "payment_intent.payment_failed",
		"charge.succeeded", "payment_intent.succeeded", "checkout.session.completed"}
	if got := accountEvents(t, acct); !slices.Equal(got, want) {
		t.Errorf("events = %v, want %v", got, want)
	}
}

// Stripe's other 3-D Secure cards: one declines after authenticating, one
// supports it but is not asked, one fails before any challenge.
func TestAuthenticationTestCards(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	s, _ := acct.Stripe.V1CheckoutSessions.Create(bg, basicSession())
	loc := submitCard(t, srv, s.ID, formToken(t, srv, s.ID), authThenDecline, "").Header.Get("Location")
	piID := strings.TrimPrefix(loc, "/c/authenticate/"+s.ID+"?payment_intent=")
	declined := authenticate(t, srv, s.ID, piID, authenticationPage(t, srv, loc), "complete")
	if declined.Status != http.StatusPaymentRequired || !strings.Contains(declined.Body, "Your card was declined.") {
		t.Fatalf("4000 0084 0000 1629 after authenticating: %d %.200s", declined.Status, declined.Body)
	}
	_, ch := latestCharge(t, acct, piID)
	if ch.Status != stripe.ChargeStatusFailed || ch.FailureCode != "card_declined" || ch.PaymentMethodDetails.Card.ThreeDSecure == nil {
		t.Errorf("its charge = %s %s %+v", ch.Status, ch.FailureCode, ch.PaymentMethodDetails.Card.ThreeDSecure)
	}

	s2, _ := acct.Stripe.V1CheckoutSessions.Create(bg, basicSession())
	if r := submitCard(t, srv, s2.ID, formToken(t, srv, s2.ID), authNotRequired, ""); r.Status != http.StatusSeeOther ||
		!strings.HasPrefix(r.Header.Get("Location"), "https://shop.example/success") {
		t.Errorf("4000 0000 0000 3055: %d to %q, want paid without a challenge", r.Status, r.Header.Get("Location"))
	}
	s3, _ := acct.Stripe.V1CheckoutSessions.Create(bg, basicSession())
	if r := submitCard(t, srv, s3.ID, formToken(t, srv, s3.ID), authLookupFailed, ""); r.Status != http.StatusPaymentRequired ||
		!strings.Contains(r.Body, "An error occurred while processing your card.") {
		t.Errorf("4000 0084 0000 1280: %d %.200s, want a processing error", r.Status, r.Body)
	}
}

// A page or result for an intent the session no longer awaits goes back
// to the pay page; a result without the page's token is refused.
func TestAuthenticationStale(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	s, _ := acct.Stripe.V1CheckoutSessions.Create(bg, basicSession())
	if r, err := noRedirects.Get(srv.URL + "/c/authenticate/" + s.ID + "?payment_intent=pi_nothing"); err != nil ||
		r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/c/pay/"+s.ID {
		t.Errorf("page of no authentication: %v %v", r, err)
	} else {
		r.Body.Close()
	}
	loc := submitCard(t, srv, s.ID, formToken(t, srv, s.ID), authCard, "").Header.Get("Location")
	piID := strings.TrimPrefix(loc, "/c/authenticate/"+s.ID+"?payment_intent=")
	if r := authenticate(t, srv, s.ID, piID, "1.forged", "complete"); r.Status != http.StatusForbidden {
		t.Errorf("result with a forged token: %d", r.Status)
	}
	if r := authenticate(t, srv, s.ID, "pi_other", authenticationPage(t, srv, loc), "complete"); r.Status != http.StatusSeeOther ||
		r.Header.Get("Location") != "/c/pay/"+s.ID {
		t.Errorf("result for another intent: %d to %q", r.Status, r.Header.Get("Location"))
	}
	if got, _ := acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil); got.Status != stripe.CheckoutSessionStatusOpen {
		t.Errorf("session after refused results: %s", got.Status)
	}
}

// The embedded page shows the challenge in its own frame and the paid page
// after it, the client secret carried through.
func TestAuthenticationEmbedded(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	s := embeddedSession(t, acct, "https://shop.example/return", "")
	open := srv.do(t, "POST", "/c/embed/"+s.ID+"/open", "", form("client_secret", s.ClientSecret), sameOriginHeaders...)
	m := csrfPattern.FindStringSubmatch(open.Body)
	if m == nil {
		t.Fatalf("embedded form: %d", open.Status)
	}
	pay := srv.do(t, "POST", "/c/embed/"+s.ID+"/pay", "", form("client_secret", s.ClientSecret, "csrf_token", m[1],
		"email", "ada@example.com", "cardNumber", authCard, "cardExpiry", "12 / 34", "cardCvc", "123",
		"billingName", "Ada Lovelace", "billingCountry", "US", "billingPostalCode", "94107"), sameOriginHeaders...)
	if pay.Status != http.StatusOK || !strings.Contains(pay.Body, `id="test-source-authorize-3ds"`) ||
		!strings.Contains(pay.Body, `name="client_secret" value="`+s.ClientSecret+`"`) || !strings.Contains(pay.Body, "embed.") {
		t.Fatalf("embedded submit of a 3-D Secure card: %d %.300s", pay.Status, pay.Body)
	}
	if csp := pay.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors *") {
		t.Errorf("the challenge may not be framed: %s", csp)
	}
	piID := regexp.MustCompile(`name="payment_intent" value="(pi_[^"]+)"`).FindStringSubmatch(pay.Body)[1]
	token := csrfPattern.FindStringSubmatch(pay.Body)[1]
	if r := authenticate(t, srv, s.ID, piID, token, "complete"); r.Status != http.StatusNotFound {
		t.Errorf("embedded result without the client secret: %d", r.Status)
	}
	done := authenticate(t, srv, s.ID, piID, token, "complete", "client_secret", s.ClientSecret)
	if done.Status != http.StatusOK || !strings.Contains(done.Body, "data-till-complete") {
		t.Fatalf("embedded complete: %d %.300s", done.Status, done.Body)
	}
	if got, _ := acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil); got.Status != stripe.CheckoutSessionStatusComplete {
		t.Errorf("embedded session after authenticating: %s", got.Status)
	}
}

// Custom mode's confirm answers requires_action with the page for its
// modal; the page, opened for the merchant's origin, hands confirm()'s
// answer to that origin.
func TestAuthenticationCustom(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	s := customSession(t, acct)
	confirm := srv.doJSON(t, "/c/api/custom/"+s.ID+"/confirm", acct.PublishableKey, cardFields(s.ClientSecret, authCard))
	m := decodeJSON(t, confirm)
	path, _ := m["url"].(string)
	if confirm.Status != http.StatusOK || m["type"] != "requires_action" || !strings.HasPrefix(path, "/c/authenticate/"+s.ID+"?payment_intent=pi_") {
		t.Fatalf("confirm of a 3-D Secure card: %d %v", confirm.Status, m)
	}
	if r := srv.do(t, "GET", path+"&origin=javascript:alert(1)", "", ""); r.Status != http.StatusForbidden {
		t.Errorf("page for a bad origin: %d", r.Status)
	}
	page := srv.do(t, "GET", path+"&origin="+url.QueryEscape("https://shop.example"), "", "")
	if !strings.Contains(page.Body, `name="origin" value="https://shop.example"`) {
		t.Fatalf("custom challenge: %d %.300s", page.Status, page.Body)
	}
	token := csrfPattern.FindStringSubmatch(page.Body)[1]
	piID := strings.TrimPrefix(path, "/c/authenticate/"+s.ID+"?payment_intent=")
	done := authenticate(t, srv, s.ID, piID, token, "complete", "origin", "https://shop.example")
	res := regexp.MustCompile(`data-result="([^"]*)"`).FindStringSubmatch(done.Body)
	if done.Status != http.StatusOK || res == nil || !strings.Contains(done.Body, `data-origin="https://shop.example"`) {
		t.Fatalf("custom complete: %d %.300s", done.Status, done.Body)
	}
	var answer map[string]any
	if err := json.Unmarshal([]byte(html.UnescapeString(res[1])), &answer); err != nil || answer["type"] != "success" {
		t.Errorf("confirm()'s answer after authenticating = %v, %v", answer, err)
	}
}

// The shopper's results racing on two servers (a double click, a second
// tab), with a new card besides: the session is paid at most once, each
// loser gets the winner's answer or a clear refusal, never a 5xx.
func TestRaceAuthentication(t *testing.T) {
	srvs, raw := paymentServers(t, 2, raceConfig)
	acct := srvs[0].newAccount(t)
	for range raceRounds {
		s, err := acct.Stripe.V1CheckoutSessions.Create(bg, basicSession())
		if err != nil {
			t.Fatal(err)
		}
		loc := submitCard(t, srvs[0], s.ID, formToken(t, srvs[0], s.ID), authCard, "").Header.Get("Location")
		piID := strings.TrimPrefix(loc, "/c/authenticate/"+s.ID+"?payment_intent=")
		token := authenticationPage(t, srvs[0], loc)
		payToken := formToken(t, srvs[1], s.ID)
		got := race(
			func() response { return authenticate(t, srvs[0], s.ID, piID, token, "complete") },
			func() response { return authenticate(t, srvs[1], s.ID, piID, token, "complete") },
			func() response { return authenticate(t, srvs[1], s.ID, piID, token, "fail") },
			func() response { return submitCard(t, srvs[0], s.ID, payToken, goodCard, "") },
		)
		for i, r := range got {
			if r.Status >= 500 {
				t.Errorf("call %d got %d: %.200s", i, r.Status, r.Body)
			}
		}
	}
	dbtest.CheckPaymentInvariants(t, raw)
}
