package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stripe/stripe-go/v82"
)

func TestProducts(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	prodID := func(p *stripe.Product) string { return p.ID }

	p, err := acct.Stripe.V1Products.Create(bg, &stripe.ProductCreateParams{
		Name: stripe.String("Mug"), Description: stripe.String("Stoneware, 350 ml"),
		Images: ptrs("https://img.example/mug.png"), Metadata: map[string]string{"sku": "MUG-1"},
	})
	if err != nil {
		t.Fatal(err)
	}

	t.Run("OKCreate", func(t *testing.T) {
		if !strings.HasPrefix(p.ID, "prod_") || len(p.ID) != len("prod_")+14 || p.Object != "product" || !p.Active ||
			p.Name != "Mug" || p.Description != "Stoneware, 350 ml" || strings.Join(p.Images, ",") != "https://img.example/mug.png" ||
			p.Metadata["sku"] != "MUG-1" || p.Livemode || p.Created == 0 {
			t.Errorf("product = %+v", p)
		}
	})

	t.Run("OKRetrieve", func(t *testing.T) {
		got, err := acct.Stripe.V1Products.Retrieve(bg, p.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != p.ID || got.Name != "Mug" || got.Metadata["sku"] != "MUG-1" {
			t.Errorf("retrieved = %+v", got)
		}
	})

	t.Run("OKUpdate", func(t *testing.T) {
		up := &stripe.ProductUpdateParams{Name: stripe.String("Big mug"), Active: stripe.Bool(false)}
		up.AddMetadata("colour", "blue")
		got, err := acct.Stripe.V1Products.Update(bg, p.ID, up)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "Big mug" || got.Active || got.Metadata["sku"] != "MUG-1" || got.Metadata["colour"] != "blue" ||
			got.Description != "Stoneware, 350 ml" {
			t.Errorf("updated = %+v", got)
		}
		again, err := acct.Stripe.V1Products.Retrieve(bg, p.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		if again.Name != "Big mug" || again.Active {
			t.Errorf("retrieved after update = %+v", again)
		}
	})

	t.Run("OKList", func(t *testing.T) {
		q, err := acct.Stripe.V1Products.Create(bg, &stripe.ProductCreateParams{Name: stripe.String("Plate")})
		if err != nil {
			t.Fatal(err)
		}
		equalIDs(t, "products", sdkIDs(t, acct.Stripe.V1Products.List(bg, nil), prodID), []string{q.ID, p.ID})
		active := &stripe.ProductListParams{Active: stripe.Bool(true)}
		equalIDs(t, "active products", sdkIDs(t, acct.Stripe.V1Products.List(bg, active), prodID), []string{q.ID})
		got, more := listIDs(t, srv.do(t, "GET", "/v1/products?limit=1", acct.SecretKey, ""))
		equalIDs(t, "limit=1", got, []string{q.ID})
		if !more {
			t.Error("has_more = false")
		}
	})

	t.Run("ErrMissingName", func(t *testing.T) {
		_, err := acct.Stripe.V1Products.Create(bg, &stripe.ProductCreateParams{Description: stripe.String("x")})
		wantErr(t, err, 400, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeParameterMissing, "name", "Missing required param: name.")
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := acct.Stripe.V1Products.Retrieve(bg, "prod_nope", nil)
		wantErr(t, err, 404, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeResourceMissing, "id", "No such product: 'prod_nope'")
		_, err = acct.Stripe.V1Products.Update(bg, "prod_nope", &stripe.ProductUpdateParams{Name: stripe.String("x")})
		wantErr(t, err, 404, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeResourceMissing, "id", "No such product: 'prod_nope'")
	})
}

func TestPrices(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	priceID := func(p *stripe.Price) string { return p.ID }
	prod, err := acct.Stripe.V1Products.Create(bg, &stripe.ProductCreateParams{Name: stripe.String("Mug")})
	if err != nil {
		t.Fatal(err)
	}

	var byProduct, inline, decimal *stripe.Price
	t.Run("OKWithProduct", func(t *testing.T) {
		byProduct, err = acct.Stripe.V1Prices.Create(bg, &stripe.PriceCreateParams{Currency: stripe.String("usd"),
			UnitAmount: stripe.Int64(1200), Product: stripe.String(prod.ID), Nickname: stripe.String("Standard"),
			Metadata: map[string]string{"tier": "std"}})
		if err != nil {
			t.Fatal(err)
		}
		p := byProduct
		if !strings.HasPrefix(p.ID, "price_") || len(p.ID) != len("price_")+24 || p.Object != "price" || !p.Active ||
			p.Currency != "usd" || p.UnitAmount != 1200 || p.UnitAmountDecimal != 1200 || p.Product.ID != prod.ID ||
			p.Type != stripe.PriceTypeOneTime || p.BillingScheme != stripe.PriceBillingSchemePerUnit ||
			p.Nickname != "Standard" || p.Metadata["tier"] != "std" || p.Recurring != nil {
			t.Errorf("price = %+v", p)
		}
		m := object(t, srv.do(t, "GET", "/v1/prices/"+p.ID, acct.SecretKey, ""))
		if m["unit_amount_decimal"] != "1200" || m["product"] != prod.ID {
			t.Errorf("raw price: unit_amount_decimal %#v product %#v, want \"1200\" and the product id", m["unit_amount_decimal"], m["product"])
		}
	})

	t.Run("OKProductDataInline", func(t *testing.T) {
		pp := &stripe.PriceCreateParams{Currency: stripe.String("eur"), UnitAmount: stripe.Int64(900),
			ProductData: &stripe.PriceCreateProductDataParams{Name: stripe.String("Poster"), Metadata: map[string]string{"size": "A2"}}}
		pp.AddExpand("product")
		inline, err = acct.Stripe.V1Prices.Create(bg, pp)
		if err != nil {
			t.Fatal(err)
		}
		if inline.Product == nil || !strings.HasPrefix(inline.Product.ID, "prod_") || inline.Product.Name != "Poster" ||
			inline.Product.Metadata["size"] != "A2" || inline.Currency != "eur" || inline.UnitAmount != 900 {
			t.Errorf("price with product_data = %+v, product %+v", inline, inline.Product)
		}
		got, err := acct.Stripe.V1Products.Retrieve(bg, inline.Product.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "Poster" {
			t.Errorf("inline product = %+v", got)
		}
	})

	t.Run("OKUnitAmountDecimal", func(t *testing.T) {
		decimal, err = acct.Stripe.V1Prices.Create(bg, &stripe.PriceCreateParams{Currency: stripe.String("usd"),
			UnitAmountDecimal: stripe.Float64(12.5), Product: stripe.String(prod.ID)})
		if err != nil {
			t.Fatal(err)
		}
		if decimal.UnitAmountDecimal != 12.5 || decimal.UnitAmount != 0 {
			t.Errorf("decimal price = %v / %d", decimal.UnitAmountDecimal, decimal.UnitAmount)
		}
		m := object(t, srv.do(t, "GET", "/v1/prices/"+decimal.ID, acct.SecretKey, ""))
		if m["unit_amount_decimal"] != "12.5" || m["unit_amount"] != nil {
			t.Errorf("raw: unit_amount_decimal %#v unit_amount %#v, want \"12.5\" and null", m["unit_amount_decimal"], m["unit_amount"])
		}
		s := basicSession()
		s.LineItems = []*stripe.CheckoutSessionCreateLineItemParams{{Price: stripe.String(decimal.ID), Quantity: stripe.Int64(4)}}
		sess, err := acct.Stripe.V1CheckoutSessions.Create(bg, s)
		if err != nil {
			t.Fatal(err)
		}
		if sess.AmountTotal != 50 {
			t.Errorf("4 × 12.5 = %d, want 50", sess.AmountTotal)
		}
	})

	t.Run("OKRetrieveExpandProduct", func(t *testing.T) {
		rp := &stripe.PriceRetrieveParams{}
		rp.AddExpand("product")
		got, err := acct.Stripe.V1Prices.Retrieve(bg, byProduct.ID, rp)
		if err != nil {
			t.Fatal(err)
		}
		if got.Product == nil || got.Product.ID != prod.ID || got.Product.Name != "Mug" {
			t.Errorf("expanded product = %+v", got.Product)
		}
		m := object(t, srv.do(t, "GET", "/v1/prices/"+byProduct.ID+"?expand[]=product", acct.SecretKey, ""))
		if pm, ok := m["product"].(map[string]any); !ok || pm["object"] != "product" {
			t.Errorf("raw expand[]=product: %v", m["product"])
		}
	})

	t.Run("OKUpdate", func(t *testing.T) {
		up := &stripe.PriceUpdateParams{Nickname: stripe.String("Sale"), Active: stripe.Bool(false)}
		up.AddMetadata("tier", "")
		up.AddMetadata("promo", "yes")
		got, err := acct.Stripe.V1Prices.Update(bg, byProduct.ID, up)
		if err != nil {
			t.Fatal(err)
		}
		if got.Nickname != "Sale" || got.Active || fmt.Sprint(got.Metadata) != "map[promo:yes]" || got.UnitAmount != 1200 {
			t.Errorf("updated = %+v", got)
		}
	})

	t.Run("OKList", func(t *testing.T) {
		all := sdkIDs(t, acct.Stripe.V1Prices.List(bg, nil), priceID)
		equalIDs(t, "prices", all, []string{decimal.ID, inline.ID, byProduct.ID})
		ofProduct := &stripe.PriceListParams{Product: stripe.String(prod.ID)}
		equalIDs(t, "prices of product", sdkIDs(t, acct.Stripe.V1Prices.List(bg, ofProduct), priceID), []string{decimal.ID, byProduct.ID})
		eur := &stripe.PriceListParams{Currency: stripe.String("eur")}
		equalIDs(t, "eur prices", sdkIDs(t, acct.Stripe.V1Prices.List(bg, eur), priceID), []string{inline.ID})
		active := &stripe.PriceListParams{Active: stripe.Bool(false)}
		equalIDs(t, "inactive prices", sdkIDs(t, acct.Stripe.V1Prices.List(bg, active), priceID), []string{byProduct.ID})
		lp := &stripe.PriceListParams{}
		lp.AddExpand("data.product")
		for p, err := range acct.Stripe.V1Prices.List(bg, lp) {
			if err != nil {
				t.Fatal(err)
			}
			if p.Product == nil || p.Product.Name == "" {
				t.Errorf("data.product not expanded on %s: %+v", p.ID, p.Product)
			}
		}
	})

	t.Run("ErrInactivePriceInSession", func(t *testing.T) {
		s := basicSession()
		s.LineItems = []*stripe.CheckoutSessionCreateLineItemParams{{Price: stripe.String(byProduct.ID), Quantity: stripe.Int64(1)}}
		_, err := acct.Stripe.V1CheckoutSessions.Create(bg, s)
		wantErrCode(t, err, 400, stripe.ErrorTypeInvalidRequest, anyCode, "line_items[0][price]", "inactive")
	})

	for _, tc := range []struct {
		name  string
		p     *stripe.PriceCreateParams
		code  stripe.ErrorCode
		param string
	}{
		{"ErrMissingCurrency", &stripe.PriceCreateParams{UnitAmount: stripe.Int64(100), Product: stripe.String(prod.ID)},
			stripe.ErrorCodeParameterMissing, "currency"},
		{"ErrProductAndProductData", &stripe.PriceCreateParams{Currency: stripe.String("usd"), UnitAmount: stripe.Int64(100),
			Product: stripe.String(prod.ID), ProductData: &stripe.PriceCreateProductDataParams{Name: stripe.String("x")}},
			stripe.ErrorCodeParametersExclusive, "product"},
		{"ErrUnitAmountAndDecimal", &stripe.PriceCreateParams{Currency: stripe.String("usd"), UnitAmount: stripe.Int64(100),
			UnitAmountDecimal: stripe.Float64(1.5), Product: stripe.String(prod.ID)},
			stripe.ErrorCodeParametersExclusive, "unit_amount"},
		{"ErrUnknownProduct", &stripe.PriceCreateParams{Currency: stripe.String("usd"), UnitAmount: stripe.Int64(100),
			Product: stripe.String("prod_nope")}, stripe.ErrorCodeResourceMissing, "product"},
		{"ErrAmountTooLarge", &stripe.PriceCreateParams{Currency: stripe.String("usd"), UnitAmount: stripe.Int64(100000000),
			Product: stripe.String(prod.ID)}, stripe.ErrorCodeAmountTooLarge, "unit_amount"},
		{"ErrRecurring", &stripe.PriceCreateParams{Currency: stripe.String("usd"), UnitAmount: stripe.Int64(100),
			Product: stripe.String(prod.ID), Recurring: &stripe.PriceCreateRecurringParams{Interval: stripe.String("month")}},
			anyCode, "recurring"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := acct.Stripe.V1Prices.Create(bg, tc.p)
			wantErrCode(t, err, 400, stripe.ErrorTypeInvalidRequest, tc.code, tc.param, "")
		})
	}

	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := acct.Stripe.V1Prices.Retrieve(bg, "price_nope", nil)
		wantErr(t, err, 404, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeResourceMissing, "price", "No such price: 'price_nope'")
	})
}

func TestCustomers(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	custID := func(c *stripe.Customer) string { return c.ID }

	c, err := acct.Stripe.V1Customers.Create(bg, &stripe.CustomerCreateParams{
		Email: stripe.String("jenny@example.com"), Name: stripe.String("Jenny Rosen"), Phone: stripe.String("+15555550100"),
		Description: stripe.String("VIP"), Metadata: map[string]string{"crm": "42"},
		Address: &stripe.AddressParams{Line1: stripe.String("1 Main St"), City: stripe.String("Springfield"), Country: stripe.String("US")},
	})
	if err != nil {
		t.Fatal(err)
	}

	t.Run("OKCreate", func(t *testing.T) {
		if !strings.HasPrefix(c.ID, "cus_") || len(c.ID) != len("cus_")+14 || c.Object != "customer" ||
			c.Email != "jenny@example.com" || c.Name != "Jenny Rosen" || c.Phone != "+15555550100" || c.Description != "VIP" ||
			c.Metadata["crm"] != "42" || c.Address == nil || c.Address.City != "Springfield" || c.Livemode || c.Deleted {
			t.Errorf("customer = %+v", c)
		}
	})

	t.Run("OKRetrieve", func(t *testing.T) {
		got, err := acct.Stripe.V1Customers.Retrieve(bg, c.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != c.ID || got.Email != c.Email || got.Address == nil || got.Address.Line1 != "1 Main St" {
			t.Errorf("retrieved = %+v", got)
		}
	})

	t.Run("OKUpdate", func(t *testing.T) {
		up := &stripe.CustomerUpdateParams{Name: stripe.String("Jenny R."), Description: stripe.String("")}
		up.AddMetadata("tier", "gold")
		got, err := acct.Stripe.V1Customers.Update(bg, c.ID, up)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "Jenny R." || got.Description != "" || got.Email != "jenny@example.com" || fmt.Sprint(got.Metadata) != "map[crm:42 tier:gold]" {
			t.Errorf("updated = %+v", got)
		}
	})

	var second *stripe.Customer
	t.Run("OKList", func(t *testing.T) {
		second, err = acct.Stripe.V1Customers.Create(bg, &stripe.CustomerCreateParams{Email: stripe.String("other@example.com")})
		if err != nil {
			t.Fatal(err)
		}
		equalIDs(t, "customers", sdkIDs(t, acct.Stripe.V1Customers.List(bg, nil), custID), []string{second.ID, c.ID})
		byEmail := &stripe.CustomerListParams{Email: stripe.String("jenny@example.com")}
		equalIDs(t, "by email", sdkIDs(t, acct.Stripe.V1Customers.List(bg, byEmail), custID), []string{c.ID})
		got, more := listIDs(t, srv.do(t, "GET", "/v1/customers?limit=1&starting_after="+second.ID, acct.SecretKey, ""))
		equalIDs(t, "second page", got, []string{c.ID})
		if more {
			t.Error("has_more = true on the last page")
		}
	})

	t.Run("OKDelete", func(t *testing.T) {
		got, err := acct.Stripe.V1Customers.Delete(bg, second.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != second.ID || !got.Deleted {
			t.Errorf("delete = %+v", got)
		}
		m := object(t, srv.do(t, "GET", "/v1/customers/"+second.ID, acct.SecretKey, ""))
		if m["id"] != second.ID || m["object"] != "customer" || m["deleted"] != true || len(m) != 3 {
			t.Errorf("retrieve after delete = %v, want {id, object, deleted:true}", m)
		}
		again, err := acct.Stripe.V1Customers.Retrieve(bg, second.ID, nil)
		if err != nil || !again.Deleted {
			t.Errorf("sdk retrieve after delete = %+v, %v", again, err)
		}
		equalIDs(t, "customers after delete", sdkIDs(t, acct.Stripe.V1Customers.List(bg, nil), custID), []string{c.ID})
	})

	t.Run("ErrDeleteUnknownParam", func(t *testing.T) {
		res := srv.do(t, "DELETE", "/v1/customers/"+c.ID+"?expand[]=sources", acct.SecretKey, "")
		wantRawErr(t, res, 400, "invalid_request_error", "parameter_unknown", "expand")
		got, err := acct.Stripe.V1Customers.Retrieve(bg, c.ID, nil)
		if err != nil || got.Deleted {
			t.Errorf("customer after a refused delete = %+v, %v", got, err)
		}
	})

	t.Run("ErrDeleteTwice", func(t *testing.T) {
		_, err := acct.Stripe.V1Customers.Delete(bg, second.ID, nil)
		wantErr(t, err, 404, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeResourceMissing, "id", "No such customer: '"+second.ID+"'")
	})

	t.Run("ErrUpdateDeleted", func(t *testing.T) {
		_, err := acct.Stripe.V1Customers.Update(bg, second.ID, &stripe.CustomerUpdateParams{Name: stripe.String("x")})
		wantErr(t, err, 404, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeResourceMissing, "id", "No such customer: '"+second.ID+"'")
	})

	t.Run("ErrEmailInvalid", func(t *testing.T) {
		_, err := acct.Stripe.V1Customers.Create(bg, &stripe.CustomerCreateParams{Email: stripe.String("not an email")})
		wantErr(t, err, 400, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeEmailInvalid, "email", "")
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := acct.Stripe.V1Customers.Retrieve(bg, "cus_nope", nil)
		wantErr(t, err, 404, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeResourceMissing, "id", "No such customer: 'cus_nope'")
	})
}

func TestPaymentIntents(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	createSessions(t, acct, 1)

	t.Run("OKEmptyList", func(t *testing.T) {
		ids := sdkIDs(t, acct.Stripe.V1PaymentIntents.List(bg, nil), func(p *stripe.PaymentIntent) string { return p.ID })
		if len(ids) != 0 {
			t.Errorf("payment intents before any payment = %v", ids)
		}
		got, more := listIDs(t, srv.do(t, "GET", "/v1/payment_intents?limit=3", acct.SecretKey, ""))
		if len(got) != 0 || more {
			t.Errorf("raw list = %v has_more %v", got, more)
		}
		m := object(t, srv.do(t, "GET", "/v1/payment_intents", acct.SecretKey, ""))
		if m["url"] != "/v1/payment_intents" {
			t.Errorf("url = %v", m["url"])
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		id := "pi_" + repeat("x", 24)
		_, err := acct.Stripe.V1PaymentIntents.Retrieve(bg, id, nil)
		wantErrCode(t, err, 404, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeResourceMissing, "intent", "No such payment_intent: '"+id+"'")
	})

	t.Run("ErrUnknownFilter", func(t *testing.T) {
		res := srv.do(t, "GET", "/v1/payment_intents?status=succeeded", acct.SecretKey, "")
		wantRawErr(t, res, 400, "invalid_request_error", "parameter_unknown", "status")
	})
}
