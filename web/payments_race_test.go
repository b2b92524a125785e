package web_test

import (
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"till"
	"till/db/dbtest"
	"till/handlers/api"
	"till/web"
	"till/worker"
)

// These tests race payments against each other, the sweeper and the
// expire call, through the hosted page as shoppers do, on two servers that
// share one database (two processes' worth of attempts, which only the
// database keeps apart), and check after each round that every session was
// paid at most once and recorded consistently (dbtest.CheckPaymentInvariants)
// and that no answer was a 5xx.

// paymentServers starts n servers on one fresh database, with cfg.
func paymentServers(t *testing.T, n int, cfg web.Config) ([]*testServer, *sqlx.DB) {
	t.Helper()
	t.Parallel()
	dsn := dbtest.New(t)
	raw, err := sqlx.Connect("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	servers := make([]*testServer, n)
	for i := range servers {
		store := storeOn(t, connect(t, dsn))
		servers[i] = &testServer{URL: serve(t, cfg, store, nil), Store: store}
	}
	return servers, raw
}

// Cards the races pay with.
const (
	goodCard     = "4242424242424242"
	declinedCard = "4000000000000002"
)

var csrfPattern = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// formToken opens a session's hosted page as a shopper does and returns
// its form token.
func formToken(t *testing.T, srv *testServer, sessionID string) string {
	t.Helper()
	r := srv.do(t, "GET", "/c/pay/"+sessionID, "", "")
	m := csrfPattern.FindStringSubmatch(r.Body)
	if r.Status != http.StatusOK || m == nil {
		t.Fatalf("page of %s: %d, no form token", sessionID, r.Status)
	}
	return m[1]
}

// noRedirects answers a 303 as it is, so a test sees where it points.
var noRedirects = &http.Client{Timeout: 20 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// submitCard posts the hosted form with a card number, as the client at
// address xff when it is set (the server must trust the loopback proxy).
func submitCard(t *testing.T, srv *testServer, sessionID, token, number, xff string) response {
	t.Helper()
	body := url.Values{"csrf_token": {token}, "email": {"ada@example.com"}, "cardNumber": {number},
		"cardExpiry": {"12 / 34"}, "cardCvc": {"123"}, "billingName": {"Ada Lovelace"}, "billingCountry": {"US"},
		"billingPostalCode": {"94107"}}.Encode()
	req, err := http.NewRequest("POST", srv.URL+"/c/pay/"+sessionID, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", srv.URL)
	if xff != "" {
		req.Header.Set("X-Forwarded-For", xff)
	}
	res, err := noRedirects.Do(req)
	if err != nil {
		t.Errorf("submit: %v", err)
		return response{}
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{Status: res.StatusCode, Header: res.Header, Body: string(b)}
}

// race runs the calls together, released at once, and returns their
// answers in order.
func race(calls ...func() response) []response {
	out := make([]response, len(calls))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, call := range calls {
		wg.Go(func() {
			<-start
			out[i] = call()
		})
	}
	close(start)
	wg.Wait()
	return out
}

// wantStatuses fails on an answer outside allowed (a 5xx above all).
func wantStatuses(t *testing.T, round int, got []response, allowed ...int) {
	t.Helper()
	for i, r := range got {
		ok := false
		for _, a := range allowed {
			ok = ok || r.Status == a
		}
		if !ok {
			t.Errorf("round %d, call %d: status %d, want one of %v: %.200s", round, i, r.Status, allowed, r.Body)
		}
	}
}

const raceRounds = 15

// raceConfig keeps Till's limit of declines a session but lifts the limit
// an address has, as every round here comes from one.
var raceConfig = web.Config{DeclineLimits: till.DeclineLimits{PerSession: 5, PerClient: 1 << 20, Window: time.Minute}}

// A decline and a success at once on a fresh session (on main before the
// payment domain the success failed on the one-intent-per-session index
// and the shopper got a 500).
func TestRaceDeclineVsSuccess(t *testing.T) { raceDeclineAndSuccess(t, 0) }

// raceDeclineAndSuccess races a decline (on one server) and a good card
// (on the other) on fresh sessions, after priorDeclines declines of each.
func raceDeclineAndSuccess(t *testing.T, priorDeclines int) {
	srvs, raw := paymentServers(t, 2, raceConfig)
	acct := srvs[0].newAccount(t)
	for round := range raceRounds {
		id := createSessions(t, acct, 1)[0]
		tokens := []string{formToken(t, srvs[0], id), formToken(t, srvs[1], id)}
		for range priorDeclines {
			if r := submitCard(t, srvs[0], id, tokens[0], declinedCard, ""); r.Status != http.StatusPaymentRequired {
				t.Fatalf("decline before the race: %d", r.Status)
			}
		}
		got := race(
			func() response { return submitCard(t, srvs[0], id, tokens[0], declinedCard, "") },
			func() response { return submitCard(t, srvs[1], id, tokens[1], goodCard, "") })
		wantStatuses(t, round, got[:1], http.StatusPaymentRequired, http.StatusSeeOther, http.StatusConflict)
		wantStatuses(t, round, got[1:], http.StatusSeeOther, http.StatusConflict)
	}
	dbtest.CheckPaymentInvariants(t, raw)
}

// Two declines at once (on main before, one of them got a 500).
func TestRaceTwoDeclines(t *testing.T) {
	srvs, raw := paymentServers(t, 2, raceConfig)
	acct := srvs[0].newAccount(t)
	for round := range raceRounds {
		id := createSessions(t, acct, 1)[0]
		tokens := []string{formToken(t, srvs[0], id), formToken(t, srvs[1], id)}
		got := race(
			func() response { return submitCard(t, srvs[0], id, tokens[0], declinedCard, "") },
			func() response { return submitCard(t, srvs[1], id, tokens[1], declinedCard, "") })
		wantStatuses(t, round, got, http.StatusPaymentRequired, http.StatusConflict)
		var intents, failed int
		raw.Get(&intents, `SELECT count(*) FROM payment_intents WHERE checkout_session_id = $1 AND status = 'requires_payment_method' AND last_payment_error IS NOT NULL`, id)
		raw.Get(&failed, `SELECT count(*) FROM events WHERE type = 'payment_intent.payment_failed' AND object_id = (SELECT payment_intent_id FROM checkout_sessions WHERE id = $1)`, id)
		declined := 0
		for _, r := range got {
			if r.Status == http.StatusPaymentRequired {
				declined++
			}
		}
		if intents != 1 || failed != declined {
			t.Errorf("round %d: %d declined intents and %d payment_failed events for %d declines, want 1 and %d", round, intents, failed, declined, declined)
		}
	}
	dbtest.CheckPaymentInvariants(t, raw)
}

// A decline racing a success after an earlier decline (on main before,
// the session could end complete with its PaymentIntent unpaid and a
// payment_failed event after payment_intent.succeeded).
func TestRaceDeclineAfterDeclineVsSuccess(t *testing.T) { raceDeclineAndSuccess(t, 1) }

// A payment against POST …/expire on an open session, and the sweeper
// against POST …/expire on one past expires_at: each session ends in one
// terminal state with its one event, and an expire of a paid session is
// refused.
func TestRacePaymentVsExpiry(t *testing.T) {
	srvs, raw := paymentServers(t, 2, raceConfig)
	acct := srvs[0].newAccount(t)
	sweeper := worker.NewSweeper(worker.SweeperConfig{Store: srvs[1].Store,
		Renderers: api.New(srvs[1].Store, nil, srvs[1].URL).EventRenderers()})
	expire := func(id string) func() response {
		return func() response {
			return srvs[1].do(t, "POST", "/v1/checkout/sessions/"+id+"/expire", acct.SecretKey, "")
		}
	}
	for round := range raceRounds {
		id := createSessions(t, acct, 1)[0]
		token := formToken(t, srvs[0], id)
		got := race(func() response { return submitCard(t, srvs[0], id, token, goodCard, "") }, expire(id))
		var status string
		raw.Get(&status, `SELECT status FROM checkout_sessions WHERE id = $1`, id)
		switch status {
		case "complete":
			if got[0].Status != http.StatusSeeOther || got[1].Status == http.StatusOK {
				t.Errorf("round %d: paid, yet pay %d and expire %d", round, got[0].Status, got[1].Status)
			}
		case "expired":
			if got[1].Status != http.StatusOK || got[0].Status == http.StatusSeeOther {
				t.Errorf("round %d: expired, yet pay %d and expire %d", round, got[0].Status, got[1].Status)
			}
		default:
			t.Errorf("round %d: session %s after pay %d and expire %d", round, status, got[0].Status, got[1].Status)
		}
		wantStatuses(t, round, got, http.StatusOK, http.StatusSeeOther, http.StatusGone, http.StatusBadRequest, http.StatusConflict)

		due := createSessions(t, acct, 1)[0]
		if _, err := raw.Exec(`UPDATE checkout_sessions SET expires_at = $2 WHERE id = $1`, due, time.Now().Unix()-1); err != nil {
			t.Fatal(err)
		}
		got = race(expire(due), func() response {
			if _, err := sweeper.Sweep(bg); err != nil {
				t.Error(err)
			}
			return response{Status: http.StatusOK}
		})
		wantStatuses(t, round, got, http.StatusOK, http.StatusBadRequest)
		var expired int
		raw.Get(&expired, `SELECT count(*) FROM events WHERE object_id = $1 AND type = 'checkout.session.expired'`, due)
		if expired != 1 {
			t.Errorf("round %d: %d expired events for a swept and expired session, want 1", round, expired)
		}
	}
	dbtest.CheckPaymentInvariants(t, raw)
}

// Fifty submits of one session at once, half on each server: one payment,
// the others the winner's answer (303) or a conflict, never a 5xx. Then a
// storm of 25 declined and 25 good cards on a fresh session.
func TestRaceSubmitStorm(t *testing.T) {
	srvs, raw := paymentServers(t, 2, raceConfig)
	acct := srvs[0].newAccount(t)
	for _, storm := range []struct {
		name     string
		declined int
	}{{"GoodCards", 0}, {"HalfDeclined", 25}} {
		id := createSessions(t, acct, 1)[0]
		tokens := []string{formToken(t, srvs[0], id), formToken(t, srvs[1], id)}
		calls := make([]func() response, 50)
		for i := range calls {
			card := goodCard
			if i%2 == 0 && i/2 < storm.declined {
				card = declinedCard
			}
			calls[i] = func() response { return submitCard(t, srvs[i%2], id, tokens[i%2], card, "") }
		}
		got := race(calls...)
		wantStatuses(t, 0, got, http.StatusSeeOther, http.StatusPaymentRequired, http.StatusConflict, http.StatusTooManyRequests)
		paid := 0
		for _, r := range got {
			if r.Status == http.StatusSeeOther {
				paid++
			}
		}
		var status string
		raw.Get(&status, `SELECT status FROM checkout_sessions WHERE id = $1`, id)
		if storm.declined == 0 && (status != "complete" || paid == 0) {
			t.Errorf("%s: session %s with %d answers 303, want it complete", storm.name, status, paid)
		}
	}
	dbtest.CheckPaymentInvariants(t, raw)
}
