package web_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/stripe/stripe-go/v82"
)

func TestSessionCreateAndRetrieve(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	ctx := context.Background()

	s, err := acct.Stripe.V1CheckoutSessions.Create(ctx, basicSession())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(s.ID, "cs_test_a1") || len(s.ID) != 66 {
		t.Errorf("id = %q, want cs_test_a1 and 66 characters", s.ID)
	}
	if s.Object != "checkout.session" || s.Status != stripe.CheckoutSessionStatusOpen ||
		s.PaymentStatus != stripe.CheckoutSessionPaymentStatusUnpaid || s.Mode != stripe.CheckoutSessionModePayment {
		t.Errorf("session = %+v", s)
	}
	if s.AmountSubtotal != 3998 || s.AmountTotal != 3998 || s.Currency != "usd" || s.Livemode {
		t.Errorf("amounts = %d/%d %s livemode=%v", s.AmountSubtotal, s.AmountTotal, s.Currency, s.Livemode)
	}
	if !sessionURLPattern(srv.URL, s.ID).MatchString(s.URL) || s.ClientSecret != "" {
		t.Errorf("url = %q client_secret = %q, want %s/c/pay/%s#fragment", s.URL, s.ClientSecret, srv.URL, s.ID)
	}
	if s.ExpiresAt-s.Created != 24*60*60 {
		t.Errorf("expires_at - created = %d, want 24 h", s.ExpiresAt-s.Created)
	}

	got, err := acct.Stripe.V1CheckoutSessions.Retrieve(ctx, s.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != s.ID || got.AmountTotal != 3998 || got.SuccessURL != *basicSession().SuccessURL {
		t.Errorf("retrieved = %+v", got)
	}
	if got.URL != s.URL {
		t.Errorf("retrieved url = %q, created %q: the fragment must not change", got.URL, s.URL)
	}
}

// sessionURLPattern matches a hosted session's url as Stripe shapes it: the
// page, then an opaque fragment (URL-safe, no "#" and not the id again).
func sessionURLPattern(base, id string) *regexp.Regexp {
	return regexp.MustCompile(`^` + regexp.QuoteMeta(base+"/c/pay/"+id) + `#[A-Za-z0-9_-]{20,}$`)
}
