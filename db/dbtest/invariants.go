package dbtest

import (
	"fmt"
	"testing"

	"github.com/jmoiron/sqlx"

	"till"
)

// CheckPaymentInvariants reads a test's database after a race or a fault
// and reports every session that breaks what "paid once, recorded
// consistently" means:
//
//   - a complete session with an amount to pay has exactly one succeeded
//     PaymentIntent, with amount_received = amount_total, its
//     payment_intent_id names it, and it is paid; with manual capture,
//     exactly one authorized PaymentIntent instead (awaiting capture,
//     captured for at most amount_total, or canceled), and it is unpaid;
//   - a complete session with an amount to pay has exactly one succeeded
//     charge, its PaymentIntent's latest, for amount_total; any other
//     session has none;
//   - a complete session has exactly one checkout.session.completed event;
//   - a coupon's and a promotion code's times_redeemed count the sessions
//     that completed with them and those an attempt holds one for;
//   - an open or expired session has no succeeded PaymentIntent and no
//     completed event;
//   - the events of a session and of its PaymentIntents are in causal
//     order (see checkEventOrder).
//
// It is the one checker of these rules for every test that races or
// breaks payments.
func CheckPaymentInvariants(t testing.TB, conn *sqlx.DB) {
	t.Helper()
	var sessions []struct {
		ID              string  `db:"id"`
		Status          string  `db:"status"`
		PaymentStatus   string  `db:"payment_status"`
		AmountTotal     int64   `db:"amount_total"`
		PaymentIntentID *string `db:"payment_intent_id"`
		Succeeded       int     `db:"succeeded"`
		Settled         int     `db:"settled"`
		SettledID       *string `db:"settled_id"`
		Completed       int     `db:"completed"`
		Manual          bool    `db:"manual"`
		Authorized      int     `db:"authorized"`
		AuthorizedID    *string `db:"authorized_id"`
		Charged         int     `db:"charged"`
		LatestCharged   bool    `db:"latest_charged"`
	}
	err := conn.Select(&sessions, `
		SELECT s.id, s.status, s.payment_status, s.amount_total, s.payment_intent_id,
		       count(p.id) FILTER (WHERE p.status = 'succeeded') AS succeeded,
		       count(p.id) FILTER (WHERE p.status = 'succeeded' AND p.amount_received = s.amount_total) AS settled,
		       min(p.id) FILTER (WHERE p.status = 'succeeded') AS settled_id,
		       (SELECT count(*) FROM events e WHERE e.object_id = s.id AND e.type = 'checkout.session.completed') AS completed,
		       COALESCE(bool_or(p.capture_method = 'manual' AND p.id = s.payment_intent_id), false) AS manual,
		       count(p.id) FILTER (WHERE p.status IN ('requires_capture', 'canceled')
		           OR (p.status = 'succeeded' AND p.amount_received BETWEEN 1 AND s.amount_total)) AS authorized,
		       min(p.id) FILTER (WHERE p.status IN ('requires_capture', 'canceled', 'succeeded')) AS authorized_id,
		       (SELECT count(*) FROM charges c JOIN payment_intents cp ON cp.id = c.payment_intent_id
		         WHERE cp.checkout_session_id = s.id AND c.status = 'succeeded') AS charged,
		       COALESCE((SELECT c.status = 'succeeded' AND c.amount = s.amount_total FROM charges c
		         JOIN payment_intents cp ON cp.latest_charge_id = c.id WHERE cp.id = s.payment_intent_id), false) AS latest_charged
		FROM checkout_sessions s LEFT JOIN payment_intents p ON p.checkout_session_id = s.id
		GROUP BY s.id ORDER BY s.seq`)
	if err != nil {
		t.Fatalf("invariants: read sessions: %v", err)
	}
	var problems []string
	amounts := map[string]int64{}
	for _, s := range sessions {
		amounts[s.ID] = s.AmountTotal
		bad := func(format string, args ...any) {
			problems = append(problems, s.ID+" ("+s.Status+"): "+fmt.Sprintf(format, args...))
		}
		switch {
		case s.Status == string(till.SessionComplete) && s.AmountTotal > 0 && s.Manual:
			if s.Authorized != 1 {
				bad("%d authorized PaymentIntents for amount_total %d; want exactly one", s.Authorized, s.AmountTotal)
			} else if *s.PaymentIntentID != *s.AuthorizedID {
				bad("payment_intent_id %s, not its authorized PaymentIntent %s", *s.PaymentIntentID, *s.AuthorizedID)
			}
			if s.PaymentStatus != "unpaid" {
				bad("payment_status %s with manual capture, want unpaid", s.PaymentStatus)
			}
		case s.Status == string(till.SessionComplete) && s.AmountTotal > 0:
			if s.Succeeded != 1 || s.Settled != 1 {
				bad("%d succeeded PaymentIntents, %d of them for amount_total %d; want exactly one", s.Succeeded, s.Settled, s.AmountTotal)
			} else if s.PaymentIntentID == nil || *s.PaymentIntentID != *s.SettledID {
				bad("payment_intent_id %v, not its succeeded PaymentIntent %s", deref(s.PaymentIntentID), *s.SettledID)
			}
			if s.PaymentStatus != "paid" {
				bad("payment_status %s, want paid", s.PaymentStatus)
			}
		case s.Status == string(till.SessionComplete):
			if s.Succeeded != 0 {
				bad("nothing to pay, yet %d succeeded PaymentIntents", s.Succeeded)
			}
		default:
			if s.Succeeded != 0 {
				bad("%d succeeded PaymentIntents, want none", s.Succeeded)
			}
		}
		wantCharged := 0
		if s.Status == string(till.SessionComplete) && s.AmountTotal > 0 {
			wantCharged = 1
			if !s.LatestCharged {
				bad("its PaymentIntent's latest charge is not a succeeded one for amount_total %d", s.AmountTotal)
			}
		}
		if s.Charged != wantCharged {
			bad("%d succeeded charges, want %d", s.Charged, wantCharged)
		}
		wantCompleted := 0
		if s.Status == string(till.SessionComplete) {
			wantCompleted = 1
		}
		if s.Completed != wantCompleted {
			bad("%d checkout.session.completed events, want %d", s.Completed, wantCompleted)
		}
	}

	var events []sessionEvent
	err = conn.Select(&events, `
		SELECT object_id AS session_id, type, seq FROM events WHERE object_id LIKE 'cs\_%'
		UNION ALL
		SELECT p.checkout_session_id, e.type, e.seq FROM events e JOIN payment_intents p ON p.id = e.object_id
		ORDER BY session_id, seq`)
	if err != nil {
		t.Fatalf("invariants: read events: %v", err)
	}
	for start := 0; start < len(events); {
		end := start
		for end < len(events) && events[end].SessionID == events[start].SessionID {
			end++
		}
		if p := checkEventOrder(events[start:end], amounts[events[start].SessionID]); p != "" {
			problems = append(problems, events[start].SessionID+": "+p)
		}
		start = end
	}

	// A coupon's and a promotion code's redemptions are the sessions that
	// completed with them, and those an attempt holds one for right now.
	var miscounted []string
	err = conn.Select(&miscounted, `
		SELECT c.id FROM coupons c
		WHERE c.times_redeemed <> (SELECT count(*) FROM checkout_sessions s WHERE s.account_id = c.account_id
		    AND s.discount->>'coupon' = c.id AND (s.status = 'complete' OR s.redemption_held))
		UNION ALL
		SELECT p.id FROM promotion_codes p
		WHERE p.times_redeemed <> (SELECT count(*) FROM checkout_sessions s WHERE s.account_id = p.account_id
		    AND s.discount->>'promotion_code' = p.id AND (s.status = 'complete' OR s.redemption_held))`)
	if err != nil {
		t.Fatalf("invariants: read redemptions: %v", err)
	}
	for _, id := range miscounted {
		problems = append(problems, "of discount "+id+": times_redeemed is not its completed and held sessions")
	}

	const shown = 20
	for i, p := range problems {
		if i == shown {
			t.Errorf("invariants: … and %d more", len(problems)-shown)
			break
		}
		t.Errorf("invariants: session %s", p)
	}
}

// sessionEvent is one event of a session, or of one of its PaymentIntents.
type sessionEvent struct {
	SessionID string `db:"session_id"`
	Type      string `db:"type"`
	Seq       int64  `db:"seq"`
}

// checkEventOrder says what is out of causal order in one session's events
// (by seq), "" when nothing: a PaymentIntent is created before anything
// else happens to it; nothing fails it, or succeeds it again, once it has
// succeeded; a session that had something to pay completes only after its
// PaymentIntent succeeded or was authorized (manual capture); and a
// session's terminal event (completed or expired) is its only one and its
// last, but for the one capture or cancel of an authorized intent.
func checkEventOrder(events []sessionEvent, amountTotal int64) string {
	created, succeeded, authorized, terminal := false, false, false, ""
	for _, e := range events {
		settles := e.Type == till.EventPaymentIntentSucceeded || e.Type == till.EventPaymentIntentCanceled
		if terminal == till.EventCheckoutSessionCompleted && authorized && settles {
			authorized = false
			continue
		}
		if terminal != "" {
			return fmt.Sprintf("%s (seq %d) after %s", e.Type, e.Seq, terminal)
		}
		switch e.Type {
		case till.EventPaymentIntentCreated:
			if created {
				return fmt.Sprintf("a second %s (seq %d)", e.Type, e.Seq)
			}
			created = true
		case till.EventPaymentIntentSucceeded, till.EventPaymentIntentFailed:
			if !created {
				return fmt.Sprintf("%s (seq %d) before %s", e.Type, e.Seq, till.EventPaymentIntentCreated)
			}
			if succeeded {
				return fmt.Sprintf("%s (seq %d) after %s", e.Type, e.Seq, till.EventPaymentIntentSucceeded)
			}
			succeeded = e.Type == till.EventPaymentIntentSucceeded
		case till.EventPaymentIntentCapturable:
			if !created || succeeded || authorized {
				return fmt.Sprintf("%s (seq %d) out of order", e.Type, e.Seq)
			}
			authorized = true
		case till.EventCheckoutSessionCompleted:
			if amountTotal > 0 && !succeeded && !authorized {
				return fmt.Sprintf("%s (seq %d) without %s before it", e.Type, e.Seq, till.EventPaymentIntentSucceeded)
			}
			terminal = e.Type
		case till.EventCheckoutSessionExpired:
			if succeeded {
				return fmt.Sprintf("%s (seq %d) after %s", e.Type, e.Seq, till.EventPaymentIntentSucceeded)
			}
			terminal = e.Type
		}
	}
	return ""
}

func deref(s *string) string {
	if s == nil {
		return "null"
	}
	return *s
}
