package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/stripe/stripe-go/v82"
)

var (
	webhookEndpointIDPattern = regexp.MustCompile(`^we_[A-Za-z0-9]{24}$`)
	webhookSecretPattern     = regexp.MustCompile(`^whsec_[A-Za-z0-9]{32,}$`)
)

func endpointParams(url string, events ...string) *stripe.WebhookEndpointCreateParams {
	return &stripe.WebhookEndpointCreateParams{URL: stripe.String(url), EnabledEvents: stripe.StringSlice(events)}
}

func TestWebhookEndpointLifecycle(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	p := endpointParams("https://shop.example/webhook", "checkout.session.completed", "checkout.session.expired")
	p.Description = stripe.String("orders")
	p.AddMetadata("team", "fulfilment")
	we, err := acct.Stripe.V1WebhookEndpoints.Create(bg, p)
	if err != nil {
		t.Fatal(err)
	}
	if !webhookEndpointIDPattern.MatchString(we.ID) || we.Object != "webhook_endpoint" {
		t.Errorf("id %q object %q, want we_ and 24 characters, webhook_endpoint", we.ID, we.Object)
	}
	if !webhookSecretPattern.MatchString(we.Secret) {
		t.Errorf("secret = %q, want whsec_…", we.Secret)
	}
	if we.Status != "enabled" || we.URL != "https://shop.example/webhook" || we.Description != "orders" ||
		we.Metadata["team"] != "fulfilment" || we.APIVersion != "" || we.Livemode || we.Created == 0 ||
		strings.Join(we.EnabledEvents, ",") != "checkout.session.completed,checkout.session.expired" {
		t.Errorf("created endpoint = %+v", we)
	}

	got, err := acct.Stripe.V1WebhookEndpoints.Retrieve(bg, we.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got.Secret != "" {
		t.Error("retrieve shows the secret; only the create answer may")
	}
	if got.ID != we.ID || got.URL != we.URL {
		t.Errorf("retrieved %+v", got)
	}

	up, err := acct.Stripe.V1WebhookEndpoints.Update(bg, we.ID, &stripe.WebhookEndpointUpdateParams{
		URL: stripe.String("https://shop.example/hooks"), EnabledEvents: stripe.StringSlice([]string{"*"}),
		Disabled: stripe.Bool(true), Description: stripe.String(""),
	})
	if err != nil {
		t.Fatal(err)
	}
	if up.URL != "https://shop.example/hooks" || up.Status != "disabled" || up.Description != "" ||
		strings.Join(up.EnabledEvents, ",") != "*" || up.Secret != "" || up.Metadata["team"] != "fulfilment" {
		t.Errorf("updated endpoint = %+v", up)
	}
	up, err = acct.Stripe.V1WebhookEndpoints.Update(bg, we.ID, &stripe.WebhookEndpointUpdateParams{Disabled: stripe.Bool(false)})
	if err != nil || up.Status != "enabled" {
		t.Fatalf("re-enable: %v, status %q", err, up.Status)
	}

	second, err := acct.Stripe.V1WebhookEndpoints.Create(bg, endpointParams("http://shop.example/other", "*"))
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	for e, err := range acct.Stripe.V1WebhookEndpoints.List(bg, &stripe.WebhookEndpointListParams{}) {
		if err != nil {
			t.Fatal(err)
		}
		if e.Secret != "" {
			t.Error("list shows a secret")
		}
		listed = append(listed, e.ID)
	}
	equalIDs(t, "listed", listed, []string{second.ID, we.ID})

	del, err := acct.Stripe.V1WebhookEndpoints.Delete(bg, we.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !del.Deleted || del.ID != we.ID {
		t.Errorf("delete answer = %+v", del)
	}
	_, err = acct.Stripe.V1WebhookEndpoints.Retrieve(bg, we.ID, nil)
	wantErr(t, err, http.StatusNotFound, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeResourceMissing, "id", "No such webhook_endpoint")
}

func TestWebhookEndpointAPIVersion(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	p := endpointParams("https://shop.example/webhook", "*")
	p.APIVersion = stripe.String(basilVersion)
	we, err := acct.Stripe.V1WebhookEndpoints.Create(bg, p)
	if err != nil {
		t.Fatal(err)
	}
	if we.APIVersion != basilVersion {
		t.Errorf("api_version = %q, want %q", we.APIVersion, basilVersion)
	}
}

func TestWebhookEndpointCreateErrors(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	for _, tc := range []struct {
		name        string
		params      *stripe.WebhookEndpointCreateParams
		code, param string
	}{
		{"ErrMissingURL", &stripe.WebhookEndpointCreateParams{EnabledEvents: stripe.StringSlice([]string{"*"})}, "parameter_missing", "url"},
		{"ErrMissingEvents", &stripe.WebhookEndpointCreateParams{URL: stripe.String("https://shop.example/w")}, "parameter_missing", "enabled_events"},
		{"ErrRelativeURL", endpointParams("/webhook", "*"), "url_invalid", "url"},
		{"ErrFTPURL", endpointParams("ftp://shop.example/webhook", "*"), "url_invalid", "url"},
		{"ErrUnknownEvent", endpointParams("https://shop.example/w", "*", "no.such_event"), "invalid_request", "enabled_events[1]"},
		{"ErrAPIVersion", &stripe.WebhookEndpointCreateParams{URL: stripe.String("https://shop.example/w"),
			EnabledEvents: stripe.StringSlice([]string{"*"}), APIVersion: stripe.String("basil")}, "invalid_request", "api_version"},
		{"ErrUnknownAPIVersion", &stripe.WebhookEndpointCreateParams{URL: stripe.String("https://shop.example/w"),
			EnabledEvents: stripe.StringSlice([]string{"*"}), APIVersion: stripe.String("2099-01-01.zzz")}, "invalid_request", "api_version"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := acct.Stripe.V1WebhookEndpoints.Create(bg, tc.params)
			wantErr(t, err, http.StatusBadRequest, stripe.ErrorTypeInvalidRequest, stripe.ErrorCode(tc.code), tc.param, "")
		})
	}
}

func TestWebhookEndpointOtherAccount(t *testing.T) {
	srv := newTestServer(t)
	a, b := srv.newAccount(t), srv.newAccount(t)
	we, err := a.Stripe.V1WebhookEndpoints.Create(bg, endpointParams("https://shop.example/w", "*"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = b.Stripe.V1WebhookEndpoints.Retrieve(bg, we.ID, nil)
	wantErr(t, err, http.StatusNotFound, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeResourceMissing, "id", "")
	_, err = b.Stripe.V1WebhookEndpoints.Update(bg, we.ID, &stripe.WebhookEndpointUpdateParams{Disabled: stripe.Bool(true)})
	wantErr(t, err, http.StatusNotFound, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeResourceMissing, "id", "")
	_, err = b.Stripe.V1WebhookEndpoints.Delete(bg, we.ID, nil)
	wantErr(t, err, http.StatusNotFound, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeResourceMissing, "id", "")
	for e, err := range b.Stripe.V1WebhookEndpoints.List(bg, &stripe.WebhookEndpointListParams{}) {
		t.Errorf("account b lists %v (%v)", e, err)
	}
	if got, err := a.Stripe.V1WebhookEndpoints.Retrieve(bg, we.ID, nil); err != nil || got.Status != "enabled" {
		t.Errorf("account a's endpoint after b's attempts: %v, %+v", err, got)
	}
}
