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

// TestDemoStoreCustom: the third button opens the custom form, which loads
// till.js and uses initCheckout and the card element; its secret comes
// from a ui_mode=custom session created with the secret key.
func TestDemoStoreCustom(t *testing.T) {
	t.Parallel()
	var got []string
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if user, _, _ := r.BasicAuth(); user != "sk_test_demo" {
			t.Errorf("API call without the secret key: %q", user)
		}
		r.ParseForm()
		got = append(got, r.PostForm.Get("ui_mode")+" "+r.PostForm.Get("return_url"))
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id":"cs_test_1","url":null,"client_secret":"cs_test_1_secret_abc"}`)
	}))
	defer api.Close()
	d := newDemoStore(api.URL, "http://till.example", "http://shop.example", accountKeys{SecretKey: "sk_test_demo", PublishableKey: "pk_test_demo"},
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	serve := func(method, path string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		d.handler.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
		return rec
	}
	if body := serve("GET", "/").Body.String(); !strings.Contains(body, `href="/custom"`) {
		t.Errorf("home has no custom form button:\n%s", body)
	}
	body := serve("GET", "/custom").Body.String()
	for _, want := range []string{`src="http://till.example/js/till.js"`, "pk_test_demo", "initCheckout", "createPaymentElement", `id="email"`, `id="pay"`} {
		if !strings.Contains(body, want) {
			t.Errorf("custom page lacks %q", want)
		}
	}
	if strings.Contains(body, "sk_test_demo") {
		t.Error("custom page shows the secret key")
	}
	rec := serve("POST", "/checkout/custom")
	var secret struct{ ClientSecret string }
	if json.Unmarshal(rec.Body.Bytes(), &secret); secret.ClientSecret != "cs_test_1_secret_abc" {
		t.Errorf("custom secret: %d %s", rec.Code, rec.Body.String())
	}
	if strings.Join(got, "\n") != "custom http://shop.example/done?session_id={CHECKOUT_SESSION_ID}" {
		t.Errorf("API calls: %q", got)
	}
}
