package web_test

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v82"
	"github.com/stripe/stripe-go/v82/webhook"

	"till/worker"
)

// rawDelivery is one delivery as it arrived: the body and its signature.
type rawDelivery struct {
	Body      []byte
	Signature string
}

// rawReceiver keeps every delivery unverified, so a test can verify it with
// whichever secrets it likes.
type rawReceiver struct {
	URL string
	mu  sync.Mutex
	got []rawDelivery
}

func newRawReceiver(t *testing.T) *rawReceiver {
	t.Helper()
	r := &rawReceiver{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.got = append(r.got, rawDelivery{body, req.Header.Get("Stripe-Signature")})
		r.mu.Unlock()
	}))
	t.Cleanup(srv.Close)
	r.URL = srv.URL + "/webhook"
	return r
}

// next waits for the delivery after the first n and returns it.
func (r *rawReceiver) next(t *testing.T, n int) rawDelivery {
	t.Helper()
	waitFor(t, "delivery "+strconv.Itoa(n+1), func() bool {
		r.mu.Lock()
		defer r.mu.Unlock()
		return len(r.got) > n
	})
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.got[n]
}

// rolledEndpoint is the answer to a roll: the endpoint with its new secret.
type rolledEndpoint struct {
	ID     string  `json:"id"`
	Object string  `json:"object"`
	Secret string  `json:"secret"`
	URL    string  `json:"url"`
	Status string  `json:"status"`
	Leaked *string `json:"previous_secret"` // the replaced secret is never shown
}

func rollSecret(t *testing.T, srv *testServer, acct *account, id, body string) rolledEndpoint {
	t.Helper()
	res := srv.do(t, "POST", "/v1/webhook_endpoints/"+id+"/roll_secret", acct.SecretKey, body)
	if res.Status != http.StatusOK {
		t.Fatalf("roll_secret = %d %s", res.Status, res.Body)
	}
	var e rolledEndpoint
	if err := json.Unmarshal([]byte(res.Body), &e); err != nil {
		t.Fatal(err)
	}
	return e
}

var v1Pattern = regexp.MustCompile(`v1=[0-9a-f]{64}`)

// TestWebhookSecretRollOverlap: after a roll, deliveries carry two v1
// signatures, the new secret's first, and verify with either secret until
// the overlap ends; after it, with the new secret only.
func TestWebhookSecretRollOverlap(t *testing.T) {
	srv, raw := newTestServerDB(t)
	acct := srv.newAccount(t)
	recv := newRawReceiver(t)
	we, err := acct.Stripe.V1WebhookEndpoints.Create(bg, endpointParams(recv.URL, "customer.created"))
	if err != nil {
		t.Fatal(err)
	}
	oldSecret := we.Secret
	rolled := rollSecret(t, srv, acct, we.ID, form("expires_in", "3600"))
	newSecret := rolled.Secret
	if !webhookSecretPattern.MatchString(newSecret) || newSecret == oldSecret {
		t.Fatalf("rolled secret %q (old %q), want a new whsec_…", newSecret, oldSecret)
	}
	if rolled.ID != we.ID || rolled.Object != "webhook_endpoint" || rolled.URL != recv.URL || rolled.Status != "enabled" || rolled.Leaked != nil {
		t.Errorf("roll answer = %+v", rolled)
	}
	if got, err := acct.Stripe.V1WebhookEndpoints.Retrieve(bg, we.ID, nil); err != nil || got.Secret != "" {
		t.Errorf("retrieve after a roll: secret %q (%v), want none shown", got.Secret, err)
	}
	startDeliverer(t, srv.Store, loopbackOnly)

	customer := func() {
		t.Helper()
		if _, err := acct.Stripe.V1Customers.Create(bg, &stripe.CustomerCreateParams{Email: stripe.String("a@example.com")}); err != nil {
			t.Fatal(err)
		}
	}
	customer()
	d := recv.next(t, 0)
	if n := len(v1Pattern.FindAllString(d.Signature, -1)); n != 2 || !regexp.MustCompile(`^t=\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$`).MatchString(d.Signature) {
		t.Errorf("signature during the overlap = %q, want t=…,v1=…,v1=…", d.Signature)
	}
	ts, _ := strconv.ParseInt(strings.TrimPrefix(strings.Split(d.Signature, ",")[0], "t="), 10, 64)
	if want := worker.Sign(newSecret, time.Unix(ts, 0), d.Body, oldSecret); d.Signature != want {
		t.Errorf("signature = %q, want the new secret's first: %q", d.Signature, want)
	}
	for name, secret := range map[string]string{"new": newSecret, "old": oldSecret} {
		if _, err := webhook.ConstructEvent(d.Body, d.Signature, secret); err != nil {
			t.Errorf("during the overlap the %s secret does not verify: %v", name, err)
		}
	}

	// The overlap ends (by the database's clock, which the workers use).
	if _, err := raw.Exec(`UPDATE webhook_endpoints SET previous_secret_expires_at = now() - interval '1 second' WHERE id = $1`, we.ID); err != nil {
		t.Fatal(err)
	}
	customer()
	d = recv.next(t, 1)
	if !signaturePattern.MatchString(d.Signature) {
		t.Errorf("signature after the overlap = %q, want one v1", d.Signature)
	}
	if _, err := webhook.ConstructEvent(d.Body, d.Signature, newSecret); err != nil {
		t.Errorf("after the overlap the new secret does not verify: %v", err)
	}
	if _, err := webhook.ConstructEvent(d.Body, d.Signature, oldSecret); !errors.Is(err, webhook.ErrNoValidSignature) {
		t.Errorf("after the overlap the old secret: %v, want ErrNoValidSignature", err)
	}

	// expires_in=0 retires the replaced secret at once.
	newest := rollSecret(t, srv, acct, we.ID, form("expires_in", "0")).Secret
	customer()
	d = recv.next(t, 2)
	if !signaturePattern.MatchString(d.Signature) {
		t.Errorf("signature after an immediate roll = %q, want one v1", d.Signature)
	}
	if _, err := webhook.ConstructEvent(d.Body, d.Signature, newest); err != nil {
		t.Errorf("the newest secret does not verify: %v", err)
	}
	if _, err := webhook.ConstructEvent(d.Body, d.Signature, newSecret); !errors.Is(err, webhook.ErrNoValidSignature) {
		t.Errorf("the secret retired at once: %v, want ErrNoValidSignature", err)
	}
}

// TestWebhookSecretRollDefaultsAndErrors: the replaced secret lasts a day
// unless told otherwise; overlaps out of range, unknown endpoints and other
// accounts' endpoints are refused.
func TestWebhookSecretRollDefaultsAndErrors(t *testing.T) {
	srv, raw := newTestServerDB(t)
	acct := srv.newAccount(t)
	other := srv.newAccount(t)
	we, err := acct.Stripe.V1WebhookEndpoints.Create(bg, endpointParams("https://shop.example/webhook", "*"))
	if err != nil {
		t.Fatal(err)
	}
	// The secret is sealed at rest; a roll moves it, sealed, to previous_secret.
	var sealed string
	if err := raw.Get(&sealed, `SELECT secret FROM webhook_endpoints WHERE id = $1`, we.ID); err != nil {
		t.Fatal(err)
	}
	rollSecret(t, srv, acct, we.ID, "")
	var previous string
	var hours float64
	err = raw.QueryRow(`SELECT previous_secret, extract(epoch FROM previous_secret_expires_at - now()) / 3600
		FROM webhook_endpoints WHERE id = $1`, we.ID).Scan(&previous, &hours)
	if err != nil {
		t.Fatal(err)
	}
	if previous != sealed || hours < 23.9 || hours > 24 {
		t.Errorf("after a default roll the previous secret is %q for %.2f h, want the old one for 24 h", previous, hours)
	}
	for _, tc := range []struct {
		name, key, id, body string
		status              int
		param               string
	}{
		{"Negative", acct.SecretKey, we.ID, form("expires_in", "-1"), 400, "expires_in"},
		{"OverAWeek", acct.SecretKey, we.ID, form("expires_in", "604801"), 400, "expires_in"},
		{"NotAnInteger", acct.SecretKey, we.ID, form("expires_in", "soon"), 400, "expires_in"},
		{"Unknown", acct.SecretKey, "we_nope", "", 404, "id"},
		{"OtherAccount", other.SecretKey, we.ID, "", 404, "id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := srv.do(t, "POST", "/v1/webhook_endpoints/"+tc.id+"/roll_secret", tc.key, tc.body)
			var e struct {
				Error struct {
					Param string `json:"param"`
				} `json:"error"`
			}
			json.Unmarshal([]byte(res.Body), &e)
			if res.Status != tc.status || e.Error.Param != tc.param {
				t.Errorf("roll = %d %s, want %d on %s", res.Status, res.Body, tc.status, tc.param)
			}
		})
	}
	// A refused roll changed nothing: the secret of the default roll stays.
	var still string
	if err := raw.Get(&still, `SELECT previous_secret FROM webhook_endpoints WHERE id = $1`, we.ID); err != nil || still != sealed {
		t.Errorf("previous secret after refused rolls = %q (%v)", still, err)
	}
}
