package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"till/db/dbtest"
)

// TestRaceTaxAddressVsPayment races a shopper's payment at the GB total
// their page showed against address changes to the US and back (POST
// …/address, each stored under the totals guard) on both servers: the
// payment is made at its own address's total or refused with a conflict,
// an address change that meets the payment's claim is a conflict, none is
// a 5xx, and a paid session's total is the GB one it was charged.
func TestRaceTaxAddressVsPayment(t *testing.T) {
	srvs, raw := paymentServers(t, 2, raceConfig)
	acct := srvs[0].newAccount(t)
	for round := range raceRounds {
		s, _, gb := liveTaxSession(t, acct, false, nil)
		tokens := []string{formToken(t, srvs[0], s.ID), formToken(t, srvs[1], s.ID)}
		address := func(srv int, country string) func() response {
			return func() response {
				return postForm(t, srvs[srv], "/c/pay/"+s.ID+"/address", url.Values{"csrf_token": {tokens[srv]},
					"billingCountry": {country}}, true)
			}
		}
		if a := decodeTaxAnswer(t, address(0, "GB")()); a.TaxChoice != gb {
			t.Fatalf("round %d: GB answer %+v", round, a)
		}
		got := race(
			func() response {
				return postForm(t, srvs[1], "/c/pay/"+s.ID, cardForm(tokens[1], "GB", "SW1A 1AA", gb), false)
			},
			address(0, "US"), address(1, "GB"), address(0, "US"))
		wantStatuses(t, round, got[:1], http.StatusSeeOther, http.StatusConflict)
		// 303: the session was paid before the change was read.
		wantStatuses(t, round, got[1:], http.StatusOK, http.StatusConflict, http.StatusSeeOther)
		var stored struct {
			Status string `db:"status"`
			Total  int64  `db:"amount_total"`
			Tax    int64  `db:"amount_tax"`
		}
		if err := raw.Get(&stored, `SELECT status, amount_total, amount_tax FROM checkout_sessions WHERE id = $1`, s.ID); err != nil {
			t.Fatal(err)
		}
		if paid := got[0].Status == http.StatusSeeOther; paid != (stored.Status == "complete") ||
			paid && (stored.Total != 4798 || stored.Tax != 800) {
			t.Errorf("round %d: pay %d, session %s with total %d and tax %d", round, got[0].Status, stored.Status, stored.Total, stored.Tax)
		}
	}
	dbtest.CheckPaymentInvariants(t, raw)
}
