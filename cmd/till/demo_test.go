package main

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestDemoStore: each button creates a session through the API with the
// demo account's secret key; the embedded page loads Till's till.js.
func TestDemoStore(t *testing.T) {
	t.Parallel()
	var got []string
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if user, _, _ := r.BasicAuth(); user != "sk_test_demo" {
			t.Errorf("API call without the secret key: %q", user)
		}
		r.ParseForm()
		got = append(got, r.Method+" "+r.URL.Path+" "+r.PostForm.Get("ui_mode")+" "+r.PostForm.Get("return_url")+r.PostForm.Get("success_url"))
		w.Header().Set("Content-Type", "application/json")
		if r.PostForm.Get("ui_mode") == "embedded" {
			io.WriteString(w, `{"id":"cs_test_1","url":null,"client_secret":"cs_test_1_secret_abc"}`)
			return
		}
		io.WriteString(w, `{"id":"cs_test_1","url":"http://till.example/c/pay/cs_test_1","status":"complete","payment_status":"paid","amount_total":3998,"currency":"usd"}`)
	}))
	defer api.Close()
	d := newDemoStore(api.URL, "http://till.example", "http://shop.example", accountKeys{SecretKey: "sk_test_demo", PublishableKey: "pk_test_demo"},
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	noRedirect := func(method, path string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		d.handler.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
		return rec
	}

	if rec := noRedirect("GET", "/"); rec.Code != 200 || !strings.Contains(rec.Body.String(), `action="/checkout/hosted"`) {
		t.Errorf("home: %d", rec.Code)
	}
	if rec := noRedirect("POST", "/checkout/hosted"); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "http://till.example/c/pay/cs_test_1" {
		t.Errorf("hosted: %d to %q", rec.Code, rec.Header().Get("Location"))
	}
	if rec := noRedirect("GET", "/embedded"); !strings.Contains(rec.Body.String(), `src="http://till.example/js/till.js"`) ||
		!strings.Contains(rec.Body.String(), "pk_test_demo") || strings.Contains(rec.Body.String(), "sk_test_demo") {
		t.Errorf("embedded page:\n%s", rec.Body.String())
	}
	rec := noRedirect("POST", "/checkout/embedded")
	var secret struct{ ClientSecret string }
	if json.Unmarshal(rec.Body.Bytes(), &secret); secret.ClientSecret != "cs_test_1_secret_abc" {
		t.Errorf("embedded secret: %d %s", rec.Code, rec.Body.String())
	}
	if rec := noRedirect("GET", "/done?session_id=cs_test_1"); !strings.Contains(rec.Body.String(), "Thank you") {
		t.Errorf("done page:\n%s", rec.Body.String())
	}
	want := []string{
		"POST /v1/checkout/sessions  http://shop.example/done?session_id={CHECKOUT_SESSION_ID}",
		"POST /v1/checkout/sessions embedded http://shop.example/done?session_id={CHECKOUT_SESSION_ID}",
		"GET /v1/checkout/sessions/cs_test_1  ",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("API calls:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
