package web_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stripe/stripe-go/v82"
)

// TestIdempotency covers Idempotency-Key as Stripe documents it (reference
// "Idempotency", tests ID-1, ID-2, ID-3, ID-6, ID-8 and ID-10).
func TestIdempotency(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	post := func(t *testing.T, path, key, body string, headers ...string) response {
		t.Helper()
		return srv.do(t, "POST", path, acct.SecretKey, body, append([]string{"Idempotency-Key", key}, headers...)...)
	}
	countSessions := func(t *testing.T) int {
		t.Helper()
		return len(sdkIDs(t, acct.Stripe.V1CheckoutSessions.List(bg, nil), sessionID))
	}

	t.Run("OKReplay", func(t *testing.T) {
		before := countSessions(t)
		first := post(t, "/v1/checkout/sessions", "replay-1", rawSession())
		m := object(t, first)
		if first.Header.Get("Idempotent-Replayed") != "" {
			t.Errorf("first answer has Idempotent-Replayed: %q", first.Header.Get("Idempotent-Replayed"))
		}
		second := post(t, "/v1/checkout/sessions", "replay-1", rawSession())
		if second.Status != first.Status || second.Body != first.Body {
			t.Fatalf("replay = %d %q, want %d and the first body byte for byte", second.Status, second.Body, first.Status)
		}
		if got := second.Header.Get("Idempotent-Replayed"); got != "true" {
			t.Errorf("Idempotent-Replayed = %q, want true", got)
		}
		if got := second.Header.Get("Idempotency-Key"); got != "replay-1" {
			t.Errorf("Idempotency-Key echoed as %q", got)
		}
		firstID, secondID := first.Header.Get("Request-Id"), second.Header.Get("Request-Id")
		if !requestIDPattern.MatchString(secondID) || secondID == firstID {
			t.Errorf("Request-Id of the replay = %q (first %q), want a new id", secondID, firstID)
		}
		if got := second.Header.Get("Original-Request"); got != firstID {
			t.Errorf("Original-Request = %q, want the first request's %q", got, firstID)
		}
		if got := countSessions(t); got != before+1 {
			t.Errorf("sessions = %d, want %d: a replay must not create one", got, before+1)
		}
		if _, err := acct.Stripe.V1CheckoutSessions.Retrieve(bg, m["id"].(string), nil); err != nil {
			t.Errorf("the replayed session does not exist: %v", err)
		}
	})

	t.Run("OKReplayEmbeddedKeepsClientSecret", func(t *testing.T) {
		body := form("mode", "payment", "ui_mode", "embedded", "return_url", "https://shop.example/r",
			"line_items[0][price_data][currency]", "usd", "line_items[0][price_data][unit_amount]", "1999",
			"line_items[0][price_data][product_data][name]", "T-shirt", "line_items[0][quantity]", "1")
		first := post(t, "/v1/checkout/sessions", "replay-embedded", body)
		second := post(t, "/v1/checkout/sessions", "replay-embedded", body)
		if second.Body != first.Body || second.Header.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("replay differs:\n%s\n%s", first.Body, second.Body)
		}
		if m := object(t, second); !strings.Contains(m["client_secret"].(string), "_secret_") {
			t.Errorf("client_secret = %v", m["client_secret"])
		}
	})

	t.Run("OKReplaySDK", func(t *testing.T) {
		p := basicSession()
		p.SetIdempotencyKey("sdk-key-1")
		a, err := acct.Stripe.V1CheckoutSessions.Create(bg, p)
		if err != nil {
			t.Fatal(err)
		}
		p = basicSession()
		p.SetIdempotencyKey("sdk-key-1")
		b, err := acct.Stripe.V1CheckoutSessions.Create(bg, p)
		if err != nil {
			t.Fatal(err)
		}
		if a.ID != b.ID || string(a.LastResponse.RawJSON) != string(b.LastResponse.RawJSON) {
			t.Errorf("replay gave %s, want %s", b.ID, a.ID)
		}
		if b.LastResponse.Header.Get("Idempotent-Replayed") != "true" || b.LastResponse.IdempotencyKey != "sdk-key-1" {
			t.Errorf("replay headers = %v", b.LastResponse.Header)
		}
	})

	t.Run("OKReplayReorderedParams", func(t *testing.T) {
		kv := []string{"mode", "payment", "success_url", "https://shop.example/s", "metadata[a]", "1", "metadata[b]", "2",
			"line_items[0][price_data][currency]", "usd", "line_items[0][price_data][unit_amount]", "700",
			"line_items[0][price_data][product_data][name]", "Cap", "line_items[0][quantity]", "1"}
		var reordered []string
		for i := len(kv) - 2; i >= 0; i -= 2 {
			reordered = append(reordered, kv[i], kv[i+1])
		}
		first := post(t, "/v1/checkout/sessions", "reorder-1", form(kv...))
		second := post(t, "/v1/checkout/sessions", "reorder-1", form(reordered...))
		if second.Status != 200 || second.Body != first.Body || second.Header.Get("Idempotent-Replayed") != "true" {
			t.Errorf("reordered retry = %d %s, want a replay of %s", second.Status, second.Body, first.Body)
		}
	})

	t.Run("OKReplayOtherEndpoints", func(t *testing.T) {
		s := object(t, srv.do(t, "POST", "/v1/checkout/sessions", acct.SecretKey, rawSession()))
		id := s["id"].(string)
		for _, tc := range []struct{ name, path, body string }{
			{"customer", "/v1/customers", form("email", "idem@example.com")},
			{"product", "/v1/products", form("name", "Idempotent product")},
			{"update", "/v1/checkout/sessions/" + id, form("metadata[n]", "1")},
			{"expire", "/v1/checkout/sessions/" + id + "/expire", ""},
		} {
			key := "other-endpoint-" + tc.name
			first := post(t, tc.path, key, tc.body)
			object(t, first)
			second := post(t, tc.path, key, tc.body)
			if second.Status != 200 || second.Body != first.Body || second.Header.Get("Idempotent-Replayed") != "true" {
				t.Errorf("%s: retry = %d %s, want a replay of %s", tc.name, second.Status, second.Body, first.Body)
			}
		}
		custIDs := sdkIDs(t, acct.Stripe.V1Customers.List(bg, &stripe.CustomerListParams{Email: stripe.String("idem@example.com")}),
			func(c *stripe.Customer) string { return c.ID })
		if len(custIDs) != 1 {
			t.Errorf("customers created = %d, want 1", len(custIDs))
		}
	})

	t.Run("ErrSameKeyOtherParams", func(t *testing.T) {
		first := post(t, "/v1/checkout/sessions", "mismatch-1", rawSession())
		object(t, first)
		before := countSessions(t)
		res := post(t, "/v1/checkout/sessions", "mismatch-1", rawSession("client_reference_id", "other"))
		e := wantRawErr(t, res, 400, "idempotency_error", "", "")
		const want = "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than 'mismatch-1' if you meant to execute a different request."
		if e.Message != want {
			t.Errorf("message = %q, want %q", e.Message, want)
		}
		if got := countSessions(t); got != before {
			t.Errorf("sessions = %d, want %d", got, before)
		}
		// stripe-go maps it to its typed error.
		p := basicSession()
		p.SetIdempotencyKey("mismatch-1")
		_, err := acct.Stripe.V1CheckoutSessions.Create(bg, p)
		se := wantErr(t, err, 400, stripe.ErrorTypeIdempotency, "", "", "Keys for idempotent requests can only be used with the same parameters")
		if _, ok := se.Err.(*stripe.IdempotencyError); !ok {
			t.Errorf("typed error = %T, want *stripe.IdempotencyError", se.Err)
		}
		// The first answer is still what the key replays.
		again := post(t, "/v1/checkout/sessions", "mismatch-1", rawSession())
		if again.Body != first.Body {
			t.Errorf("after a mismatch the key replays %s, want %s", again.Body, first.Body)
		}
	})

	t.Run("ErrSameKeyOtherEndpoint", func(t *testing.T) {
		object(t, post(t, "/v1/checkout/sessions", "endpoint-1", rawSession()))
		res := post(t, "/v1/customers", "endpoint-1", form("email", "x@example.com"))
		e := wantRawErr(t, res, 400, "idempotency_error", "", "")
		if !strings.HasPrefix(e.Message, "Keys for idempotent requests can only be used for the same endpoint they were first used for") {
			t.Errorf("message = %q", e.Message)
		}
		custIDs := sdkIDs(t, acct.Stripe.V1Customers.List(bg, &stripe.CustomerListParams{Email: stripe.String("x@example.com")}),
			func(c *stripe.Customer) string { return c.ID })
		if len(custIDs) != 0 {
			t.Errorf("a customer was created: %v", custIDs)
		}
	})

	t.Run("ErrSameKeyOtherEndpointMessage", func(t *testing.T) {
		object(t, post(t, "/v1/checkout/sessions", "endpoint-2", rawSession()))
		res := post(t, "/v1/customers", "endpoint-2", form("email", "y@example.com"))
		e := wantRawErr(t, res, 400, "idempotency_error", "", "")
		const want = "Keys for idempotent requests can only be used for the same endpoint they were first used for ('/v1/checkout/sessions' vs '/v1/customers'). Try using a key other than 'endpoint-2' if you meant to execute a different request."
		if e.Message != want {
			t.Errorf("message = %q, want %q", e.Message, want)
		}
	})

	t.Run("OKKey255", func(t *testing.T) {
		object(t, post(t, "/v1/checkout/sessions", repeat("k", 255), rawSession()))
	})

	t.Run("ErrKeyTooLong", func(t *testing.T) {
		before := countSessions(t)
		res := post(t, "/v1/checkout/sessions", repeat("k", 256), rawSession())
		decodeErr(t, res)
		if res.Status != 400 {
			t.Errorf("status = %d, want 400", res.Status)
		}
		if got := countSessions(t); got != before {
			t.Errorf("sessions = %d, want %d", got, before)
		}
	})

	t.Run("ErrEmptyKey", func(t *testing.T) {
		res := post(t, "/v1/checkout/sessions", "", rawSession())
		decodeErr(t, res)
		if res.Status != 400 {
			t.Errorf("status = %d, want 400", res.Status)
		}
	})

	t.Run("OKValidationFailureNotStored", func(t *testing.T) {
		bad := post(t, "/v1/checkout/sessions", "fix-me", rawSession("foo", "1"))
		wantRawErr(t, bad, 400, "invalid_request_error", "parameter_unknown", "foo")
		fixed := post(t, "/v1/checkout/sessions", "fix-me", rawSession())
		object(t, fixed)
		if fixed.Header.Get("Idempotent-Replayed") != "" {
			t.Error("the corrected request was answered as a replay")
		}
		again := post(t, "/v1/checkout/sessions", "fix-me", rawSession())
		if again.Body != fixed.Body || again.Header.Get("Idempotent-Replayed") != "true" {
			t.Errorf("the corrected request was not recorded: %s", again.Body)
		}
	})

	t.Run("OKRuleFailureNotStored", func(t *testing.T) {
		bad := post(t, "/v1/checkout/sessions", "fix-amount", rawSession("line_items[1][price_data][currency]", "eur",
			"line_items[1][price_data][unit_amount]", "100", "line_items[1][price_data][product_data][name]", "x", "line_items[1][quantity]", "1"))
		decodeErr(t, bad)
		if bad.Status != 400 {
			t.Fatalf("status = %d, want 400", bad.Status)
		}
		fixed := post(t, "/v1/checkout/sessions", "fix-amount", rawSession())
		object(t, fixed)
		if fixed.Header.Get("Idempotent-Replayed") != "" {
			t.Error("the corrected request was answered as a replay")
		}
	})

	t.Run("OKNotFoundNotStored", func(t *testing.T) {
		res := post(t, "/v1/checkout/sessions/cs_test_nope/expire", "expire-missing", "")
		wantRawErr(t, res, 404, "invalid_request_error", "resource_missing", "session")
		res = post(t, "/v1/checkout/sessions/cs_test_nope/expire", "expire-missing", "")
		if res.Header.Get("Idempotent-Replayed") != "" {
			t.Error("a 404 was recorded for the key")
		}
	})

	t.Run("OKScopedPerAccount", func(t *testing.T) {
		other := srv.newAccount(t)
		a := post(t, "/v1/checkout/sessions", "shared-key", rawSession())
		b := srv.do(t, "POST", "/v1/checkout/sessions", other.SecretKey, rawSession(), "Idempotency-Key", "shared-key")
		ma, mb := object(t, a), object(t, b)
		if ma["id"] == mb["id"] || b.Header.Get("Idempotent-Replayed") != "" {
			t.Fatalf("account B got account A's answer: %v", mb["id"])
		}
		if strings.Contains(b.Body, ma["id"].(string)) {
			t.Error("account B's answer names account A's session")
		}
		if n := len(sdkIDs(t, other.Stripe.V1CheckoutSessions.List(bg, nil), sessionID)); n != 1 {
			t.Errorf("account B has %d sessions, want 1", n)
		}
	})
}

// TestIdempotencyConcurrent sends 20 requests with one Idempotency-Key at
// once (ID-4): exactly one session is created; every answer is that
// session, byte for byte, or a 409 idempotency_key_in_use.
func TestIdempotencyConcurrent(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	const n = 20
	body := rawSession("metadata[run]", "concurrent")

	type answer struct {
		status int
		body   string
		err    error
	}
	answers := make([]answer, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		req, err := http.NewRequest("POST", srv.URL+"/v1/checkout/sessions", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+acct.SecretKey)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Idempotency-Key", "one-key-for-all")
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				answers[i].err = err
				return
			}
			defer res.Body.Close()
			b, err := io.ReadAll(res.Body)
			answers[i] = answer{status: res.StatusCode, body: string(b), err: err}
		}()
	}
	close(start)
	wg.Wait()

	var ok, conflicts int
	var okBody string
	for i, a := range answers {
		switch {
		case a.err != nil:
			t.Errorf("request %d: %v", i, a.err)
		case a.status == 200:
			ok++
			if okBody == "" {
				okBody = a.body
			} else if a.body != okBody {
				t.Errorf("request %d: a second 200 body differs:\n%s\n%s", i, a.body, okBody)
			}
		case a.status == 409:
			conflicts++
			var env struct {
				Error apiError `json:"error"`
			}
			if err := json.Unmarshal([]byte(a.body), &env); err != nil || env.Error.Code != "idempotency_key_in_use" {
				t.Errorf("request %d: 409 body %s, want code idempotency_key_in_use", i, a.body)
			}
		default:
			t.Errorf("request %d: status %d %s, want 200 or 409", i, a.status, a.body)
		}
	}
	if ok == 0 {
		t.Fatalf("no request succeeded (%d conflicts)", conflicts)
	}
	ids := sdkIDs(t, acct.Stripe.V1CheckoutSessions.List(bg, nil), sessionID)
	if len(ids) != 1 {
		t.Fatalf("sessions = %v, want exactly one", ids)
	}
	if !strings.Contains(okBody, fmt.Sprintf("%q", ids[0])) {
		t.Errorf("the 200 answers name another session than %s", ids[0])
	}
	t.Logf("%d × 200, %d × 409", ok, conflicts)
}

// TestIdempotencyKeyInUse holds a key's lock the way a request still running
// holds it, and checks that another request with the key gets Stripe's 409
// at once, on the one-statement create and on the other POSTs alike, and
// runs normally once the key is free.
func TestIdempotencyKeyInUse(t *testing.T) {
	srv, raw := newTestServerDB(t)
	acct := srv.newAccount(t)
	for _, tc := range []struct{ name, path, body string }{
		{"SessionCreate", "/v1/checkout/sessions", rawSession()},
		{"CustomerCreate", "/v1/customers", form("email", "ada@example.com")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			key := "in-flight-" + tc.name
			conn, err := raw.Connx(bg)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			lock := acct.ID + "/false/" + key
			if _, err := conn.ExecContext(bg, `SELECT pg_advisory_lock(hashtextextended($1, 0))`, lock); err != nil {
				t.Fatal(err)
			}
			res := srv.do(t, "POST", tc.path, acct.SecretKey, tc.body, "Idempotency-Key", key)
			e := wantRawErr(t, res, 409, "invalid_request_error", "idempotency_key_in_use", "")
			if !strings.Contains(e.Message, key) || res.Header.Get("Stripe-Should-Retry") != "true" {
				t.Errorf("409 = %q, Stripe-Should-Retry %q", e.Message, res.Header.Get("Stripe-Should-Retry"))
			}
			if _, err := conn.ExecContext(bg, `SELECT pg_advisory_unlock(hashtextextended($1, 0))`, lock); err != nil {
				t.Fatal(err)
			}
			if res := srv.do(t, "POST", tc.path, acct.SecretKey, tc.body, "Idempotency-Key", key); res.Status != 200 {
				t.Fatalf("after the key was freed: %d %s", res.Status, res.Body)
			}
		})
	}
}
