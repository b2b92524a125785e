package web_test

import (
	"net/http"
	"strings"
	"testing"

	"till/db/dbtest"
)

// A capture and a cancel of one authorized PaymentIntent at once, on two
// servers sharing the database: exactly one wins, the other gets Stripe's
// payment_intent_unexpected_state, never a 5xx, and the intent ends in the
// winner's state with the winner's one event (and every session keeps the
// invariants of a payment, dbtest.CheckPaymentInvariants).
func TestRaceCaptureVsCancel(t *testing.T) {
	srvs, raw := paymentServers(t, 2, raceConfig)
	acct := srvs[0].newAccount(t)
	for round := range raceRounds {
		id := manualCapturePayment(t, srvs[0], acct)
		got := race(
			func() response {
				return srvs[0].do(t, "POST", "/v1/payment_intents/"+id+"/capture", acct.SecretKey, "")
			},
			func() response { return srvs[1].do(t, "POST", "/v1/payment_intents/"+id+"/cancel", acct.SecretKey, "") })
		wantStatuses(t, round, got, http.StatusOK, http.StatusBadRequest)
		if (got[0].Status == http.StatusOK) == (got[1].Status == http.StatusOK) {
			t.Errorf("round %d: capture %d, cancel %d: want exactly one to succeed", round, got[0].Status, got[1].Status)
			continue
		}
		winner, status, event := "capture", "succeeded", "payment_intent.succeeded"
		loser := got[1]
		if got[1].Status == http.StatusOK {
			winner, status, event, loser = "cancel", "canceled", "payment_intent.canceled", got[0]
		}
		if !strings.Contains(loser.Body, `"code":"payment_intent_unexpected_state"`) {
			t.Errorf("round %d: the loser of a %s answered %.300s", round, winner, loser.Body)
		}
		var state string
		var settled, events int
		raw.Get(&state, `SELECT status FROM payment_intents WHERE id = $1`, id)
		raw.Get(&settled, `SELECT count(*) FROM events WHERE object_id = $1
			AND type IN ('payment_intent.succeeded', 'payment_intent.canceled')`, id)
		raw.Get(&events, `SELECT count(*) FROM events WHERE object_id = $1 AND type = $2`, id, event)
		if state != status || settled != 1 || events != 1 {
			t.Errorf("round %d: %s won, intent %s with %d settling events (%d %s), want %s and one %s",
				round, winner, state, settled, events, event, status, event)
		}
	}
	dbtest.CheckPaymentInvariants(t, raw)
}
