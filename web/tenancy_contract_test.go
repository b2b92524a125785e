package web_test

import (
	"strings"
	"testing"

	"github.com/stripe/stripe-go/v82"
)

// TestTenantIsolation checks every endpoint with account B's key against
// account A's objects: a 404 resource_missing that reveals nothing, never a
// 403 and never A's data; and B's lists hold none of A's objects.
func TestTenantIsolation(t *testing.T) {
	srv := newTestServer(t)
	a, b := srv.newAccount(t), srv.newAccount(t)

	const secret = "tenant-a-secret-marker"
	prod, err := a.Stripe.V1Products.Create(bg, &stripe.ProductCreateParams{Name: stripe.String(secret),
		Metadata: map[string]string{"m": secret}})
	if err != nil {
		t.Fatal(err)
	}
	price, err := a.Stripe.V1Prices.Create(bg, &stripe.PriceCreateParams{Currency: stripe.String("usd"),
		UnitAmount: stripe.Int64(4242), Product: stripe.String(prod.ID), Nickname: stripe.String(secret)})
	if err != nil {
		t.Fatal(err)
	}
	cust, err := a.Stripe.V1Customers.Create(bg, &stripe.CustomerCreateParams{Email: stripe.String("a@example.com"),
		Name: stripe.String(secret)})
	if err != nil {
		t.Fatal(err)
	}
	sp := basicSession()
	sp.Customer = stripe.String(cust.ID)
	sp.Metadata = map[string]string{"m": secret}
	sess, err := a.Stripe.V1CheckoutSessions.Create(bg, sp)
	if err != nil {
		t.Fatal(err)
	}
	lineItems := sdkIDs(t, a.Stripe.V1CheckoutSessions.ListLineItems(bg, &stripe.CheckoutSessionListLineItemsParams{Session: stripe.String(sess.ID)}),
		func(li *stripe.LineItem) string { return li.ID })
	// B has objects of its own, so its lists are not trivially empty.
	bSession, err := b.Stripe.V1CheckoutSessions.Create(bg, basicSession())
	if err != nil {
		t.Fatal(err)
	}
	bProd, err := b.Stripe.V1Products.Create(bg, &stripe.ProductCreateParams{Name: stripe.String("B's")})
	if err != nil {
		t.Fatal(err)
	}

	noLeak := func(t *testing.T, res response) {
		t.Helper()
		for _, s := range []string{secret, "a@example.com", "checkout.session\"", "\"object\": \"product\""} {
			if strings.Contains(res.Body, s) {
				t.Errorf("answer to B contains %q: %s", s, res.Body)
			}
		}
	}
	for _, tc := range []struct {
		name, method, path, body, object, param string
	}{
		{"ErrRetrieveSession", "GET", "/v1/checkout/sessions/" + sess.ID, "", "checkout.session", "session"},
		{"ErrRetrieveSessionExpanded", "GET", "/v1/checkout/sessions/" + sess.ID + "?expand[]=line_items&expand[]=customer", "", "checkout.session", "session"},
		{"ErrUpdateSession", "POST", "/v1/checkout/sessions/" + sess.ID, form("metadata[m]", "b"), "checkout.session", "session"},
		{"ErrExpireSession", "POST", "/v1/checkout/sessions/" + sess.ID + "/expire", "", "checkout.session", "session"},
		{"ErrLineItems", "GET", "/v1/checkout/sessions/" + sess.ID + "/line_items", "", "checkout.session", "session"},
		{"ErrRetrieveProduct", "GET", "/v1/products/" + prod.ID, "", "product", "id"},
		{"ErrUpdateProduct", "POST", "/v1/products/" + prod.ID, form("name", "stolen"), "product", "id"},
		{"ErrRetrievePrice", "GET", "/v1/prices/" + price.ID, "", "price", "price"},
		{"ErrUpdatePrice", "POST", "/v1/prices/" + price.ID, form("nickname", "stolen"), "price", "price"},
		{"ErrRetrieveCustomer", "GET", "/v1/customers/" + cust.ID, "", "customer", "id"},
		{"ErrUpdateCustomer", "POST", "/v1/customers/" + cust.ID, form("name", "stolen"), "customer", "id"},
		{"ErrDeleteCustomer", "DELETE", "/v1/customers/" + cust.ID, "", "customer", "id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := srv.do(t, tc.method, tc.path, b.SecretKey, tc.body)
			e := wantRawErr(t, res, 404, "invalid_request_error", "resource_missing", tc.param)
			if !strings.HasPrefix(e.Message, "No such "+tc.object+": '") {
				t.Errorf("message = %q", e.Message)
			}
			noLeak(t, res)
		})
	}

	t.Run("OKAUnchanged", func(t *testing.T) {
		s, err := a.Stripe.V1CheckoutSessions.Retrieve(bg, sess.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		if s.Status != stripe.CheckoutSessionStatusOpen || s.Metadata["m"] != secret {
			t.Errorf("A's session after B's attempts = %s %v", s.Status, s.Metadata)
		}
		p, err := a.Stripe.V1Products.Retrieve(bg, prod.ID, nil)
		if err != nil || p.Name != secret {
			t.Errorf("A's product = %+v, %v", p, err)
		}
		pr, err := a.Stripe.V1Prices.Retrieve(bg, price.ID, nil)
		if err != nil || pr.Nickname != secret {
			t.Errorf("A's price = %+v, %v", pr, err)
		}
		c, err := a.Stripe.V1Customers.Retrieve(bg, cust.ID, nil)
		if err != nil || c.Deleted || c.Name != secret {
			t.Errorf("A's customer = %+v, %v", c, err)
		}
	})

	t.Run("OKListsHoldOnlyOwnObjects", func(t *testing.T) {
		aIDs := map[string]bool{sess.ID: true, prod.ID: true, price.ID: true, cust.ID: true}
		for _, tc := range []struct {
			path string
			want string // an object of B's the list must hold, if any
		}{
			{"/v1/checkout/sessions?limit=100", bSession.ID},
			{"/v1/checkout/sessions?customer=" + cust.ID, ""},
			{"/v1/checkout/sessions?status=open", bSession.ID},
			{"/v1/checkout/sessions?limit=100&expand[]=data.line_items&expand[]=data.customer", bSession.ID},
			{"/v1/products?limit=100", bProd.ID},
			{"/v1/prices?limit=100&expand[]=data.product", ""},
			{"/v1/prices?product=" + prod.ID, ""},
			{"/v1/customers?limit=100", ""},
			{"/v1/customers?email=a@example.com", ""},
			{"/v1/payment_intents?limit=100", ""},
		} {
			res := srv.do(t, "GET", tc.path, b.SecretKey, "")
			got, _ := listIDs(t, res)
			found := tc.want == ""
			for _, id := range got {
				if aIDs[id] {
					t.Errorf("%s: B's list holds A's %s", tc.path, id)
				}
				found = found || id == tc.want
			}
			if !found {
				t.Errorf("%s = %v, want B's %s in it", tc.path, got, tc.want)
			}
			if strings.Contains(res.Body, secret) || strings.Contains(res.Body, "a@example.com") {
				t.Errorf("%s: B's list shows A's data: %s", tc.path, res.Body)
			}
		}
		if got, _ := listIDs(t, srv.do(t, "GET", "/v1/prices?product="+prod.ID, b.SecretKey, "")); len(got) != 0 {
			t.Errorf("prices of A's product listed to B: %v", got)
		}
	})

	t.Run("ErrCursorFromOtherAccount", func(t *testing.T) {
		for _, path := range []string{
			"/v1/checkout/sessions?starting_after=" + sess.ID,
			"/v1/products?ending_before=" + prod.ID,
			"/v1/customers?starting_after=" + cust.ID,
			"/v1/checkout/sessions/" + bSession.ID + "/line_items?starting_after=" + lineItems[0],
		} {
			res := srv.do(t, "GET", path, b.SecretKey, "")
			decodeErr(t, res)
			if res.Status != 400 && res.Status != 404 {
				t.Errorf("%s: status %d, want 400 or 404", path, res.Status)
			}
			noLeak(t, res)
		}
	})

	t.Run("ErrReferencesInCreate", func(t *testing.T) {
		p := basicSession()
		p.Customer = stripe.String(cust.ID)
		_, err := b.Stripe.V1CheckoutSessions.Create(bg, p)
		wantErr(t, err, 400, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeResourceMissing, "customer", "No such customer: '"+cust.ID+"'")

		p = basicSession()
		p.LineItems = []*stripe.CheckoutSessionCreateLineItemParams{{Price: stripe.String(price.ID), Quantity: stripe.Int64(1)}}
		_, err = b.Stripe.V1CheckoutSessions.Create(bg, p)
		wantErr(t, err, 400, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeResourceMissing, "line_items[0][price]", "No such price: '"+price.ID+"'")

		p = basicSession()
		p.LineItems[0].PriceData.ProductData = nil
		p.LineItems[0].PriceData.Product = stripe.String(prod.ID)
		_, err = b.Stripe.V1CheckoutSessions.Create(bg, p)
		wantErr(t, err, 400, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeResourceMissing, "line_items[0][price_data][product]", "No such product: '"+prod.ID+"'")

		_, err = b.Stripe.V1Prices.Create(bg, &stripe.PriceCreateParams{Currency: stripe.String("usd"), UnitAmount: stripe.Int64(100),
			Product: stripe.String(prod.ID)})
		wantErr(t, err, 400, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeResourceMissing, "product", "No such product: '"+prod.ID+"'")

		_, err = b.Stripe.V1Products.Update(bg, bProd.ID, &stripe.ProductUpdateParams{DefaultPrice: stripe.String(price.ID)})
		wantErr(t, err, 400, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeResourceMissing, "default_price", "No such price: '"+price.ID+"'")
	})
}
