package web_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/stripe/stripe-go/v82"
)

func TestSessionRetrieve(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	s, err := acct.Stripe.V1CheckoutSessions.Create(bg, basicSession())
	if err != nil {
		t.Fatal(err)
	}

	t.Run("OK", func(t *testing.T) {
		got, err := acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != s.ID || got.Object != "checkout.session" || got.AmountTotal != 3998 || got.LineItems != nil {
			t.Errorf("retrieved = %+v", got)
		}
	})

	t.Run("OKExpandLineItems", func(t *testing.T) {
		p := &stripe.CheckoutSessionRetrieveParams{}
		p.AddExpand("line_items")
		got, err := acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, p)
		if err != nil {
			t.Fatal(err)
		}
		if got.LineItems == nil || len(got.LineItems.Data) != 1 || got.LineItems.Data[0].Quantity != 2 ||
			got.LineItems.Data[0].Description != "T-shirt" || got.LineItems.Data[0].Price.UnitAmount != 1999 {
			t.Errorf("line_items = %+v", got.LineItems)
		}
	})

	t.Run("OKExpandPaymentIntentNull", func(t *testing.T) {
		p := &stripe.CheckoutSessionRetrieveParams{}
		p.AddExpand("payment_intent")
		p.AddExpand("customer")
		got, err := acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, p)
		if err != nil {
			t.Fatal(err)
		}
		if got.PaymentIntent != nil || got.Customer != nil {
			t.Errorf("payment_intent %v customer %v, want null before payment", got.PaymentIntent, got.Customer)
		}
	})

	t.Run("ErrExpandUnknown", func(t *testing.T) {
		p := &stripe.CheckoutSessionRetrieveParams{}
		p.AddExpand("subscription")
		_, err := acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, p)
		wantErrCode(t, err, 400, stripe.ErrorTypeInvalidRequest, anyCode, "expand[0]", "")
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		id := "cs_test_a1" + repeat("x", 56)
		_, err := acct.Stripe.V1CheckoutSessions.Retrieve(bg, id, nil)
		se := wantErr(t, err, 404, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeResourceMissing, "session", "")
		if se.Msg != "No such checkout.session: '"+id+"'" {
			t.Errorf("message = %q", se.Msg)
		}
	})
}

func TestSessionList(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	cust, err := acct.Stripe.V1Customers.Create(bg, &stripe.CustomerCreateParams{Email: stripe.String("list@example.com")})
	if err != nil {
		t.Fatal(err)
	}
	ids := createSessions(t, acct, 4)
	withCustomer := basicSession()
	withCustomer.Customer = stripe.String(cust.ID)
	cs, err := acct.Stripe.V1CheckoutSessions.Create(bg, withCustomer)
	if err != nil {
		t.Fatal(err)
	}
	ids = append(ids, cs.ID)
	if _, err := acct.Stripe.V1CheckoutSessions.Expire(bg, ids[1], nil); err != nil {
		t.Fatal(err)
	}
	newest := reversed(ids) // ids[4] … ids[0]
	first, err := acct.Stripe.V1CheckoutSessions.Retrieve(bg, ids[0], nil)
	if err != nil {
		t.Fatal(err)
	}
	last, err := acct.Stripe.V1CheckoutSessions.Retrieve(bg, ids[4], nil)
	if err != nil {
		t.Fatal(err)
	}
	list := func(t *testing.T, query string) ([]string, bool) {
		t.Helper()
		return listIDs(t, srv.do(t, "GET", "/v1/checkout/sessions?"+query, acct.SecretKey, ""))
	}

	t.Run("OKNewestFirst", func(t *testing.T) {
		got := sdkIDs(t, acct.Stripe.V1CheckoutSessions.List(bg, nil), sessionID)
		equalIDs(t, "sdk list", got, newest)
		raw, more := list(t, "")
		equalIDs(t, "raw list", raw, newest)
		if more {
			t.Error("has_more = true for the whole list")
		}
		m := object(t, srv.do(t, "GET", "/v1/checkout/sessions", acct.SecretKey, ""))
		if m["url"] != "/v1/checkout/sessions" {
			t.Errorf("url = %v", m["url"])
		}
	})

	t.Run("OKLimit", func(t *testing.T) {
		got, more := list(t, "limit=2")
		equalIDs(t, "limit=2", got, newest[:2])
		if !more {
			t.Error("has_more = false with more sessions left")
		}
		got, more = list(t, "limit=5")
		equalIDs(t, "limit=5", got, newest)
		if more {
			t.Error("has_more = true on the last page")
		}
		p := &stripe.CheckoutSessionListParams{}
		p.Limit = stripe.Int64(3)
		p.Single = true
		equalIDs(t, "sdk single page", sdkIDs(t, acct.Stripe.V1CheckoutSessions.List(bg, p), sessionID), newest[:3])
	})

	t.Run("OKAutoPagination", func(t *testing.T) {
		p := &stripe.CheckoutSessionListParams{}
		p.Limit = stripe.Int64(2)
		equalIDs(t, "sdk pages of 2", sdkIDs(t, acct.Stripe.V1CheckoutSessions.List(bg, p), sessionID), newest)
	})

	t.Run("OKStartingAfter", func(t *testing.T) {
		got, more := list(t, "limit=2&starting_after="+newest[1])
		equalIDs(t, "starting_after", got, newest[2:4])
		if !more {
			t.Error("has_more = false with one more older session")
		}
		got, more = list(t, "starting_after="+newest[3])
		equalIDs(t, "starting_after the second oldest", got, newest[4:])
		if more {
			t.Error("has_more = true on the oldest page")
		}
	})

	t.Run("OKEndingBefore", func(t *testing.T) {
		got, more := list(t, "limit=2&ending_before="+newest[4])
		equalIDs(t, "ending_before", got, newest[2:4])
		if !more {
			t.Error("has_more = false with newer sessions left")
		}
		got, _ = list(t, "ending_before="+newest[2])
		equalIDs(t, "ending_before all", got, newest[:2])
		p := &stripe.CheckoutSessionListParams{}
		p.EndingBefore = stripe.String(newest[4])
		p.Limit = stripe.Int64(2)
		// stripe-go walks backwards: nearest to the cursor first.
		equalIDs(t, "sdk ending_before", sdkIDs(t, acct.Stripe.V1CheckoutSessions.List(bg, p), sessionID), reversed(newest[:4]))
	})

	t.Run("OKStatus", func(t *testing.T) {
		got, _ := list(t, "status=expired")
		equalIDs(t, "status=expired", got, []string{ids[1]})
		p := &stripe.CheckoutSessionListParams{Status: stripe.String("open")}
		want := []string{ids[4], ids[3], ids[2], ids[0]}
		equalIDs(t, "status=open", sdkIDs(t, acct.Stripe.V1CheckoutSessions.List(bg, p), sessionID), want)
		got, _ = list(t, "status=complete")
		equalIDs(t, "status=complete", got, nil)
	})

	t.Run("OKCustomer", func(t *testing.T) {
		p := &stripe.CheckoutSessionListParams{Customer: stripe.String(cust.ID)}
		equalIDs(t, "customer", sdkIDs(t, acct.Stripe.V1CheckoutSessions.List(bg, p), sessionID), []string{cs.ID})
		got, _ := list(t, "customer=cus_none")
		equalIDs(t, "unknown customer", got, nil)
		got, _ = list(t, "payment_intent=pi_none")
		equalIDs(t, "payment_intent before any payment", got, nil)
	})

	t.Run("OKCreated", func(t *testing.T) {
		for _, tc := range []struct {
			query string
			want  []string
		}{
			{fmt.Sprintf("created[gte]=%d", first.Created), newest},
			{fmt.Sprintf("created[gt]=%d", last.Created), nil},
			{fmt.Sprintf("created[lte]=%d", last.Created), newest},
			{fmt.Sprintf("created[lt]=%d", first.Created), nil},
			{fmt.Sprintf("created[gte]=%d&created[lte]=%d", first.Created, last.Created), newest},
			{fmt.Sprintf("created[gte]=%d", last.Created+1), nil},
		} {
			got, _ := list(t, tc.query)
			equalIDs(t, tc.query, got, tc.want)
		}
		// created=N is an exact match: the sessions of each second.
		bySecond := map[int64][]string{}
		for s, err := range acct.Stripe.V1CheckoutSessions.List(bg, nil) {
			if err != nil {
				t.Fatal(err)
			}
			bySecond[s.Created] = append(bySecond[s.Created], s.ID)
		}
		for sec, want := range bySecond {
			got, _ := list(t, fmt.Sprintf("created=%d", sec))
			equalIDs(t, fmt.Sprintf("created=%d", sec), got, want)
		}
		got, _ := list(t, fmt.Sprintf("created=%d", first.Created-1))
		equalIDs(t, "created= a second before", got, nil)

		p := &stripe.CheckoutSessionListParams{CreatedRange: &stripe.RangeQueryParams{GreaterThanOrEqual: first.Created}}
		equalIDs(t, "sdk created[gte]", sdkIDs(t, acct.Stripe.V1CheckoutSessions.List(bg, p), sessionID), newest)
		p = &stripe.CheckoutSessionListParams{Created: stripe.Int64(last.Created + 3600)}
		equalIDs(t, "sdk created=", sdkIDs(t, acct.Stripe.V1CheckoutSessions.List(bg, p), sessionID), nil)
	})

	t.Run("OKExpandData", func(t *testing.T) {
		p := &stripe.CheckoutSessionListParams{}
		p.AddExpand("data.line_items")
		p.Limit = stripe.Int64(1)
		p.Single = true
		for s, err := range acct.Stripe.V1CheckoutSessions.List(bg, p) {
			if err != nil {
				t.Fatal(err)
			}
			if s.LineItems == nil || len(s.LineItems.Data) != 1 {
				t.Errorf("data.line_items not expanded: %+v", s.LineItems)
			}
		}
	})

	for _, tc := range []struct {
		name, query string
		code        stripe.ErrorCode
		param       string
	}{
		{"ErrLimitZero", "limit=0", anyCode, "limit"},
		{"ErrLimit101", "limit=101", anyCode, "limit"},
		{"ErrLimitNotInteger", "limit=ten", stripe.ErrorCodeParameterInvalidInteger, "limit"},
		{"ErrBothCursors", "starting_after=" + ids[0] + "&ending_before=" + ids[1], stripe.ErrorCodeParametersExclusive, "starting_after"},
		{"ErrStatusUnknown", "status=paid", anyCode, "status"},
		{"ErrCreatedNotInteger", "created[gte]=yesterday", stripe.ErrorCodeParameterInvalidInteger, "created[gte]"},
		{"ErrExpandWithoutData", "expand[]=line_items", anyCode, "expand[0]"},
		{"ErrUnknownFilter", "colour=red", stripe.ErrorCodeParameterUnknown, "colour"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := srv.do(t, "GET", "/v1/checkout/sessions?"+tc.query, acct.SecretKey, "")
			e := decodeErr(t, res)
			if res.Status != 400 || e.Type != "invalid_request_error" || e.Param != tc.param || (tc.code != anyCode && e.Code != string(tc.code)) {
				t.Errorf("status %d error %+v, want 400 code %q param %q", res.Status, e, tc.code, tc.param)
			}
		})
	}

	t.Run("ErrUnknownCursor", func(t *testing.T) {
		p := &stripe.CheckoutSessionListParams{}
		p.StartingAfter = stripe.String("cs_test_a1" + repeat("z", 56))
		for _, err := range acct.Stripe.V1CheckoutSessions.List(bg, p) {
			wantErr(t, err, 400, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeResourceMissing, "starting_after", "No such checkout.session")
		}
	})
}

func TestSessionUpdate(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	p := basicSession()
	p.Metadata = map[string]string{"a": "1", "b": "2"}
	s, err := acct.Stripe.V1CheckoutSessions.Create(bg, p)
	if err != nil {
		t.Fatal(err)
	}
	update := func(t *testing.T, p *stripe.CheckoutSessionUpdateParams) map[string]string {
		t.Helper()
		got, err := acct.Stripe.V1CheckoutSessions.Update(bg, s.ID, p)
		if err != nil {
			t.Fatal(err)
		}
		again, err := acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(again.Metadata) != fmt.Sprint(got.Metadata) {
			t.Errorf("retrieved metadata %v != updated %v", again.Metadata, got.Metadata)
		}
		return got.Metadata
	}

	t.Run("OKSet", func(t *testing.T) {
		up := &stripe.CheckoutSessionUpdateParams{}
		up.AddMetadata("c", "3")
		up.AddMetadata("a", "one")
		if got := update(t, up); fmt.Sprint(got) != "map[a:one b:2 c:3]" {
			t.Errorf("metadata = %v", got)
		}
	})

	t.Run("OKUnsetOneKey", func(t *testing.T) {
		up := &stripe.CheckoutSessionUpdateParams{}
		up.AddMetadata("b", "")
		if got := update(t, up); fmt.Sprint(got) != "map[a:one c:3]" {
			t.Errorf("metadata = %v", got)
		}
	})

	t.Run("OKExpandLineItems", func(t *testing.T) {
		up := &stripe.CheckoutSessionUpdateParams{}
		up.AddExpand("line_items")
		got, err := acct.Stripe.V1CheckoutSessions.Update(bg, s.ID, up)
		if err != nil {
			t.Fatal(err)
		}
		if got.LineItems == nil || len(got.LineItems.Data) != 1 || fmt.Sprint(got.Metadata) != "map[a:one c:3]" {
			t.Errorf("update with only expand: line_items %+v metadata %v", got.LineItems, got.Metadata)
		}
	})

	t.Run("OKClearAll", func(t *testing.T) {
		m := object(t, srv.do(t, "POST", "/v1/checkout/sessions/"+s.ID, acct.SecretKey, "metadata="))
		if md, ok := m["metadata"].(map[string]any); !ok || len(md) != 0 {
			t.Errorf("metadata = %v, want {}", m["metadata"])
		}
		got, err := acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Metadata) != 0 {
			t.Errorf("retrieved metadata = %v, want none", got.Metadata)
		}
	})

	t.Run("ErrTooManyKeys", func(t *testing.T) {
		up := &stripe.CheckoutSessionUpdateParams{Metadata: manyMetadata(51)}
		_, err := acct.Stripe.V1CheckoutSessions.Update(bg, s.ID, up)
		wantErrCode(t, err, 400, stripe.ErrorTypeInvalidRequest, anyCode, "metadata", "")
	})

	t.Run("ErrKeysAddUpPastLimit", func(t *testing.T) {
		if _, err := acct.Stripe.V1CheckoutSessions.Update(bg, s.ID, &stripe.CheckoutSessionUpdateParams{Metadata: manyMetadata(30)}); err != nil {
			t.Fatal(err)
		}
		more := map[string]string{}
		for i := range 21 {
			more["extra"+strconv.Itoa(i)] = "v"
		}
		_, err := acct.Stripe.V1CheckoutSessions.Update(bg, s.ID, &stripe.CheckoutSessionUpdateParams{Metadata: more})
		wantErrCode(t, err, 400, stripe.ErrorTypeInvalidRequest, anyCode, "metadata", "")
		got, err := acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Metadata) != 30 {
			t.Errorf("metadata has %d keys after a refused update, want 30", len(got.Metadata))
		}
	})

	t.Run("ErrUnknownParam", func(t *testing.T) {
		res := srv.do(t, "POST", "/v1/checkout/sessions/"+s.ID, acct.SecretKey, form("success_url", "https://x.example"))
		wantRawErr(t, res, 400, "invalid_request_error", "parameter_unknown", "success_url")
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		up := &stripe.CheckoutSessionUpdateParams{}
		up.AddMetadata("a", "b")
		_, err := acct.Stripe.V1CheckoutSessions.Update(bg, "cs_test_nope", up)
		wantErr(t, err, 404, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeResourceMissing, "session", "No such checkout.session: 'cs_test_nope'")
	})
}

func TestSessionExpire(t *testing.T) {
	srv, raw := newTestServerDB(t)
	acct := srv.newAccount(t)
	ids := createSessions(t, acct, 2)
	const msg = "Only Checkout Sessions with a status in [\"open\"] can be expired. This Checkout Session has a status of `%s`."

	t.Run("OK", func(t *testing.T) {
		s, err := acct.Stripe.V1CheckoutSessions.Expire(bg, ids[0], nil)
		if err != nil {
			t.Fatal(err)
		}
		if s.Status != stripe.CheckoutSessionStatusExpired || s.URL != "" || s.ID != ids[0] {
			t.Errorf("expired session = status %q url %q", s.Status, s.URL)
		}
		m := object(t, srv.do(t, "GET", "/v1/checkout/sessions/"+ids[0], acct.SecretKey, ""))
		if m["status"] != "expired" || m["url"] != nil {
			t.Errorf("retrieved status %v url %v, want expired and null", m["status"], m["url"])
		}
	})

	t.Run("ErrAlreadyExpired", func(t *testing.T) {
		_, err := acct.Stripe.V1CheckoutSessions.Expire(bg, ids[0], nil)
		wantErrCode(t, err, 400, stripe.ErrorTypeInvalidRequest, anyCode, "", fmt.Sprintf(msg, "expired"))
	})

	t.Run("ErrComplete", func(t *testing.T) {
		markComplete(t, raw, ids[1])
		_, err := acct.Stripe.V1CheckoutSessions.Expire(bg, ids[1], nil)
		wantErrCode(t, err, 400, stripe.ErrorTypeInvalidRequest, anyCode, "", fmt.Sprintf(msg, "complete"))
		got, err := acct.Stripe.V1CheckoutSessions.Retrieve(bg, ids[1], nil)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != stripe.CheckoutSessionStatusComplete {
			t.Errorf("status = %q after a refused expire, want complete", got.Status)
		}
	})

	t.Run("ErrUnknownParam", func(t *testing.T) {
		s, err := acct.Stripe.V1CheckoutSessions.Create(bg, basicSession())
		if err != nil {
			t.Fatal(err)
		}
		res := srv.do(t, "POST", "/v1/checkout/sessions/"+s.ID+"/expire", acct.SecretKey, form("metadata[a]", "b"))
		wantRawErr(t, res, 400, "invalid_request_error", "parameter_unknown", "metadata")
		got, err := acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != stripe.CheckoutSessionStatusOpen {
			t.Errorf("status = %q after a refused expire, want open", got.Status)
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := acct.Stripe.V1CheckoutSessions.Expire(bg, "cs_test_nope", nil)
		wantErr(t, err, 404, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeResourceMissing, "session", "No such checkout.session: 'cs_test_nope'")
	})
}

func TestSessionLineItems(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	p := basicSession()
	for i := range 4 {
		p.LineItems = append(p.LineItems, &stripe.CheckoutSessionCreateLineItemParams{Quantity: stripe.Int64(int64(i + 1)),
			PriceData: &stripe.CheckoutSessionCreateLineItemPriceDataParams{Currency: stripe.String("usd"), UnitAmount: stripe.Int64(100),
				ProductData: &stripe.CheckoutSessionCreateLineItemPriceDataProductDataParams{Name: stripe.String(fmt.Sprintf("Item %d", i))}}})
	}
	s, err := acct.Stripe.V1CheckoutSessions.Create(bg, p)
	if err != nil {
		t.Fatal(err)
	}
	path := "/v1/checkout/sessions/" + s.ID + "/line_items"
	all, more := listIDs(t, srv.do(t, "GET", path, acct.SecretKey, ""))
	if len(all) != 5 || more {
		t.Fatalf("line items = %v (has_more %v), want 5", all, more)
	}
	lineID := func(li *stripe.LineItem) string { return li.ID }

	t.Run("OK", func(t *testing.T) {
		lp := &stripe.CheckoutSessionListLineItemsParams{Session: stripe.String(s.ID)}
		var descs []string
		for li, err := range acct.Stripe.V1CheckoutSessions.ListLineItems(bg, lp) {
			if err != nil {
				t.Fatal(err)
			}
			descs = append(descs, li.Description)
			if li.Object != "item" || li.Price == nil || li.Price.Object != "price" || li.Currency != "usd" ||
				li.AmountTotal != li.Price.UnitAmount*li.Quantity {
				t.Errorf("line item = %+v", li)
			}
		}
		if strings.Join(descs, ",") != "T-shirt,Item 0,Item 1,Item 2,Item 3" {
			t.Errorf("line items in order %v, want the order sent", descs)
		}
		m := object(t, srv.do(t, "GET", path, acct.SecretKey, ""))
		if m["url"] != path {
			t.Errorf("url = %v, want %s", m["url"], path)
		}
	})

	t.Run("OKPages", func(t *testing.T) {
		got, more := listIDs(t, srv.do(t, "GET", path+"?limit=2", acct.SecretKey, ""))
		equalIDs(t, "limit=2", got, all[:2])
		if !more {
			t.Error("has_more = false on the first page")
		}
		got, more = listIDs(t, srv.do(t, "GET", path+"?limit=2&starting_after="+all[1], acct.SecretKey, ""))
		equalIDs(t, "second page", got, all[2:4])
		if !more {
			t.Error("has_more = false on the second page")
		}
		got, more = listIDs(t, srv.do(t, "GET", path+"?limit=2&starting_after="+all[3], acct.SecretKey, ""))
		equalIDs(t, "last page", got, all[4:])
		if more {
			t.Error("has_more = true on the last page")
		}
		got, _ = listIDs(t, srv.do(t, "GET", path+"?ending_before="+all[2], acct.SecretKey, ""))
		equalIDs(t, "ending_before", got, all[:2])
		lp := &stripe.CheckoutSessionListLineItemsParams{Session: stripe.String(s.ID)}
		lp.Limit = stripe.Int64(2)
		equalIDs(t, "sdk pages of 2", sdkIDs(t, acct.Stripe.V1CheckoutSessions.ListLineItems(bg, lp), lineID), all)
	})

	t.Run("ErrUnknownCursor", func(t *testing.T) {
		res := srv.do(t, "GET", path+"?starting_after=li_nope", acct.SecretKey, "")
		wantRawErr(t, res, 400, "invalid_request_error", "resource_missing", "starting_after")
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		lp := &stripe.CheckoutSessionListLineItemsParams{Session: stripe.String("cs_test_nope")}
		for _, err := range acct.Stripe.V1CheckoutSessions.ListLineItems(bg, lp) {
			wantErr(t, err, 404, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeResourceMissing, "session", "No such checkout.session: 'cs_test_nope'")
		}
	})
}
