package web_test

import (
	"encoding/base64"
	"net/http"
	"strings"
	"testing"

	"github.com/stripe/stripe-go/v82"
)

// TestErrorClasses drives each class of Stripe error through stripe-go and
// checks what a merchant's code switches on: *stripe.Error's Type, Code,
// Param and HTTPStatusCode, and the typed error behind it.
func TestErrorClasses(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)

	t.Run("ErrParameterUnknown", func(t *testing.T) {
		p := basicSession()
		p.AddExtra("foo", "bar")
		_, err := acct.Stripe.V1CheckoutSessions.Create(bg, p)
		se := wantErr(t, err, 400, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeParameterUnknown, "foo", "Received unknown parameter: foo")
		if _, ok := se.Err.(*stripe.InvalidRequestError); !ok {
			t.Errorf("typed error = %T, want *stripe.InvalidRequestError", se.Err)
		}
		if se.DocURL != "https://stripe.com/docs/error-codes/parameter-unknown" {
			t.Errorf("doc_url = %q", se.DocURL)
		}
	})

	t.Run("ErrParameterUnknownNested", func(t *testing.T) {
		const param = "line_items[0][price_data][foo]"
		res := srv.do(t, "POST", "/v1/checkout/sessions", acct.SecretKey, rawSession(param, "1"))
		e := wantRawErr(t, res, 400, "invalid_request_error", "parameter_unknown", param)
		if e.Message != "Received unknown parameter: "+param {
			t.Errorf("message = %q", e.Message)
		}
		p := basicSession()
		p.AddExtra("line_items[0][price_data][product_data][colour]", "blue")
		_, err := acct.Stripe.V1CheckoutSessions.Create(bg, p)
		wantErr(t, err, 400, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeParameterUnknown,
			"line_items[0][price_data][product_data][colour]", "Received unknown parameter: line_items[0][price_data][product_data][colour]")
	})

	t.Run("ErrParameterMissing", func(t *testing.T) {
		p := basicSession()
		p.LineItems = nil
		_, err := acct.Stripe.V1CheckoutSessions.Create(bg, p)
		wantErr(t, err, 400, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeParameterMissing, "line_items", "Missing required param: line_items.")
	})

	t.Run("ErrParametersExclusive", func(t *testing.T) {
		p := basicSession()
		p.Customer = stripe.String("cus_x")
		p.CustomerEmail = stripe.String("a@example.com")
		_, err := acct.Stripe.V1CheckoutSessions.Create(bg, p)
		wantErr(t, err, 400, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeParametersExclusive, "customer",
			"You may only specify one of these parameters: customer, customer_email.")
	})

	t.Run("ErrParameterInvalidInteger", func(t *testing.T) {
		body := strings.Replace(rawSession(), "line_items%5B0%5D%5Bquantity%5D=2", "line_items%5B0%5D%5Bquantity%5D=two", 1)
		res := srv.do(t, "POST", "/v1/checkout/sessions", acct.SecretKey, body)
		e := wantRawErr(t, res, 400, "invalid_request_error", "parameter_invalid_integer", "line_items[0][quantity]")
		if e.Message != "Invalid integer: two" {
			t.Errorf("message = %q", e.Message)
		}
		p := basicSession()
		p.AddExtra("expires_at", "soon")
		_, err := acct.Stripe.V1CheckoutSessions.Create(bg, p)
		wantErr(t, err, 400, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeParameterInvalidInteger, "expires_at", "Invalid integer: soon")
	})

	t.Run("ErrParameterInvalidEmpty", func(t *testing.T) {
		res := srv.do(t, "POST", "/v1/checkout/sessions", acct.SecretKey, rawSession("customer_email", ""))
		wantRawErr(t, res, 400, "invalid_request_error", "parameter_invalid_empty", "customer_email")
	})

	t.Run("ErrResourceMissing", func(t *testing.T) {
		id := "cs_test_a1" + repeat("0", 56)
		_, err := acct.Stripe.V1CheckoutSessions.Retrieve(bg, id, nil)
		se := wantErr(t, err, 404, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeResourceMissing, "session", "")
		if se.Msg != "No such checkout.session: '"+id+"'" {
			t.Errorf("message = %q", se.Msg)
		}
	})

	t.Run("ErrUnknownRoute", func(t *testing.T) {
		res := srv.do(t, "GET", "/v1/foo", acct.SecretKey, "")
		e := wantRawErr(t, res, 404, "invalid_request_error", "", "")
		if !strings.HasPrefix(e.Message, "Unrecognized request URL (GET: /v1/foo). ") {
			t.Errorf("message = %q", e.Message)
		}
		res = srv.do(t, "POST", "/v1/checkout/sessions/cs_x/cancel", acct.SecretKey, "")
		e = wantRawErr(t, res, 404, "invalid_request_error", "", "")
		if !strings.HasPrefix(e.Message, "Unrecognized request URL (POST: /v1/checkout/sessions/cs_x/cancel). ") {
			t.Errorf("message = %q", e.Message)
		}
		// Through the SDK's backend, as a merchant calling a newer endpoint would.
		b := stripe.GetBackendWithConfig(stripe.APIBackend, &stripe.BackendConfig{URL: stripe.String(srv.URL),
			MaxNetworkRetries: stripe.Int64(0), LeveledLogger: &stripe.LeveledLogger{Level: stripe.LevelNull}})
		var v stripe.CheckoutSession
		err := b.Call(http.MethodGet, "/v1/foo", acct.SecretKey, &stripe.Params{}, &v)
		wantErr(t, err, 404, stripe.ErrorTypeInvalidRequest, "", "", "Unrecognized request URL (GET: /v1/foo).")
	})

	t.Run("ErrWrongMethod", func(t *testing.T) {
		res := srv.do(t, "DELETE", "/v1/checkout/sessions", acct.SecretKey, "")
		if res.Status < 400 || res.Status >= 500 {
			t.Fatalf("status = %d, want 4xx", res.Status)
		}
		decodeErr(t, res)
	})
}

// TestAuth covers the ways a key reaches Till and the 401s in Stripe's shape.
func TestAuth(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	s, err := acct.Stripe.V1CheckoutSessions.Create(bg, basicSession())
	if err != nil {
		t.Fatal(err)
	}
	path := "/v1/checkout/sessions/" + s.ID
	basic := func(user, pass string) string {
		return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))
	}

	t.Run("OKBearer", func(t *testing.T) {
		res := srv.do(t, "GET", path, "", "", "Authorization", "Bearer "+acct.SecretKey)
		if m := object(t, res); m["id"] != s.ID {
			t.Errorf("id = %v", m["id"])
		}
	})

	t.Run("OKBasic", func(t *testing.T) {
		// curl -u sk_test_…: sends the key as the user name and no password.
		res := srv.do(t, "GET", path, "", "", "Authorization", basic(acct.SecretKey, ""))
		if m := object(t, res); m["id"] != s.ID {
			t.Errorf("id = %v", m["id"])
		}
		res = srv.do(t, "POST", "/v1/checkout/sessions", "", rawSession(), "Authorization", basic(acct.SecretKey, ""))
		object(t, res)
	})

	t.Run("ErrNoKey", func(t *testing.T) {
		res := srv.do(t, "GET", path, "", "")
		e := wantRawErr(t, res, 401, "invalid_request_error", "", "")
		if !strings.HasPrefix(e.Message, "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').") {
			t.Errorf("message = %q", e.Message)
		}
		if !strings.HasPrefix(res.Header.Get("WWW-Authenticate"), "Basic") {
			t.Errorf("WWW-Authenticate = %q", res.Header.Get("WWW-Authenticate"))
		}
	})

	t.Run("ErrBadKey", func(t *testing.T) {
		bad := stripe.NewClient("sk_test_"+repeat("Z", 28)+"abcd", stripe.WithBackends(stripe.NewBackendsWithConfig(&stripe.BackendConfig{
			URL: stripe.String(srv.URL), MaxNetworkRetries: stripe.Int64(0), LeveledLogger: &stripe.LeveledLogger{Level: stripe.LevelNull}})))
		_, err := bad.V1CheckoutSessions.Retrieve(bg, s.ID, nil)
		se, ok := err.(*stripe.Error)
		if !ok {
			t.Fatalf("err = %v (%T)", err, err)
		}
		if se.HTTPStatusCode != 401 || se.Type != stripe.ErrorTypeInvalidRequest || se.Msg != "Invalid API Key provided: sk_test_********abcd" {
			t.Errorf("error = %d %q %q", se.HTTPStatusCode, se.Type, se.Msg)
		}
		if strings.Contains(se.Msg, repeat("Z", 28)) {
			t.Errorf("message leaks the key: %q", se.Msg)
		}
	})

	t.Run("ErrPublishableKey", func(t *testing.T) {
		res := srv.do(t, "GET", path, acct.PublishableKey, "")
		e := wantRawErr(t, res, 401, "invalid_request_error", "", "")
		if !strings.Contains(e.Message, "publishable API key") || strings.Contains(res.Body, "checkout.session") {
			t.Errorf("answer to a publishable key = %s", res.Body)
		}
		res = srv.do(t, "POST", "/v1/checkout/sessions", acct.PublishableKey, rawSession())
		wantRawErr(t, res, 401, "invalid_request_error", "", "")
		res = srv.do(t, "GET", path, "", "", "Authorization", basic(acct.PublishableKey, ""))
		wantRawErr(t, res, 401, "invalid_request_error", "", "")
	})

	for _, tc := range []struct{ name, header string }{
		{"ErrBasicWithPasswordOnly", basic("", acct.SecretKey)},
		{"ErrEmptyBearer", "Bearer "},
		{"ErrUnknownScheme", "Token " + acct.SecretKey},
		{"ErrBasicNotBase64", "Basic !!!"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := srv.do(t, "GET", path, "", "", "Authorization", tc.header)
			wantRawErr(t, res, 401, "invalid_request_error", "", "")
		})
	}
}

// TestHeaders covers the headers every answer carries.
func TestHeaders(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	s, err := acct.Stripe.V1CheckoutSessions.Create(bg, basicSession())
	if err != nil {
		t.Fatal(err)
	}

	t.Run("OKRequestIdFromSDK", func(t *testing.T) {
		if s.LastResponse == nil || !requestIDPattern.MatchString(s.LastResponse.RequestID) {
			t.Errorf("LastResponse.RequestID = %v", s.LastResponse)
		}
		got, err := acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got.LastResponse.RequestID == s.LastResponse.RequestID {
			t.Errorf("two requests share the id %s", got.LastResponse.RequestID)
		}
	})

	// Every answer, successful or not, carries a Request-Id; errors are JSON.
	for _, tc := range []struct {
		name, method, path, key, body string
		status                        int
	}{
		{"OKRetrieve", "GET", "/v1/checkout/sessions/" + s.ID, acct.SecretKey, "", 200},
		{"OKList", "GET", "/v1/checkout/sessions", acct.SecretKey, "", 200},
		{"OKCreate", "POST", "/v1/checkout/sessions", acct.SecretKey, rawSession(), 200},
		{"Err400", "POST", "/v1/checkout/sessions", acct.SecretKey, rawSession("foo", "1"), 400},
		{"Err401", "GET", "/v1/checkout/sessions", "", "", 401},
		{"Err401BadKey", "GET", "/v1/checkout/sessions", "sk_test_nope", "", 401},
		{"Err404", "GET", "/v1/checkout/sessions/cs_test_nope", acct.SecretKey, "", 404},
		{"Err404Route", "GET", "/v1/nothing/here", acct.SecretKey, "", 404},
		{"Err404OutsideAPI", "GET", "/nothing/here", "", "", 404},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := srv.do(t, tc.method, tc.path, tc.key, tc.body)
			if res.Status != tc.status {
				t.Fatalf("status = %d, want %d: %s", res.Status, tc.status, res.Body)
			}
			if id := res.Header.Get("Request-Id"); !requestIDPattern.MatchString(id) {
				t.Errorf("Request-Id = %q", id)
			}
			if !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
				t.Errorf("Content-Type = %q", res.Header.Get("Content-Type"))
			}
			if got := res.Header.Get("Cache-Control"); strings.HasPrefix(tc.path, "/v1/") && got != "no-cache, no-store" {
				t.Errorf("Cache-Control = %q, want no-cache, no-store", got)
			}
			if tc.status >= 400 {
				decodeErr(t, res)
			}
		})
	}

	t.Run("OKStripeVersionDefault", func(t *testing.T) {
		res := srv.do(t, "GET", "/v1/checkout/sessions/"+s.ID, acct.SecretKey, "")
		if got := res.Header.Get("Stripe-Version"); got != basilVersion {
			t.Errorf("Stripe-Version = %q, want %q", got, basilVersion)
		}
	})

	t.Run("OKStripeVersionEchoed", func(t *testing.T) {
		if got := s.LastResponse.Header.Get("Stripe-Version"); got != stripe.APIVersion {
			t.Errorf("Stripe-Version = %q, want the SDK's %q", got, stripe.APIVersion)
		}
		for _, v := range []string{"2025-03-31.basil", dahliaVersion} {
			res := srv.do(t, "GET", "/v1/checkout/sessions/"+s.ID, acct.SecretKey, "", "Stripe-Version", v)
			if got := res.Header.Get("Stripe-Version"); got != v || res.Status != 200 {
				t.Errorf("Stripe-Version = %q (status %d), want %q", got, res.Status, v)
			}
		}
		res := srv.do(t, "GET", "/v1/checkout/sessions/nope", acct.SecretKey, "", "Stripe-Version", dahliaVersion)
		if got := res.Header.Get("Stripe-Version"); got != dahliaVersion || res.Status != 404 {
			t.Errorf("on an error: Stripe-Version = %q (status %d)", got, res.Status)
		}
	})

	t.Run("ErrStripeVersionInvalid", func(t *testing.T) {
		res := srv.do(t, "GET", "/v1/checkout/sessions/"+s.ID, acct.SecretKey, "", "Stripe-Version", "yesterday")
		wantRawErr(t, res, 400, "invalid_request_error", "", "")
	})
}
