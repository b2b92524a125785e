package till

import (
	"errors"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// numberedKeys returns n metadata keys prefix0…prefix(n-1), all set to "v".
func numberedKeys(prefix string, n int) map[string]string {
	m := make(map[string]string, n)
	for i := range n {
		m[prefix+strconv.Itoa(i)] = "v"
	}
	return m
}

func TestNewProduct(t *testing.T) {
	tests := []struct {
		name        string
		params      ProductParams
		code, param string
		msg         string
	}{
		{name: "OK", params: ProductParams{Name: ptr("T-shirt")}},
		{name: "OKCustomID", params: ProductParams{Name: ptr("T-shirt"), ID: ptr("shirt-1")}},
		{name: "OKCustomID250", params: ProductParams{Name: ptr("T-shirt"), ID: ptr(strings.Repeat("i", 250))}},
		{name: "ErrCustomID251", params: ProductParams{Name: ptr("T-shirt"), ID: ptr(strings.Repeat("i", 251))},
			code: CodeInvalidRequest, param: "id"},
		{name: "ErrNameMissing", params: ProductParams{Description: ptr("No name")},
			code: CodeParameterMissing, param: "name", msg: "Missing required param: name."},
		{name: "ErrNameTooLong", params: ProductParams{Name: ptr(strings.Repeat("n", 5001))},
			code: CodeInvalidRequest, param: "name", msg: "Invalid name: must be at most 5000 characters"},
		// default_price exists on update only; create takes default_price_data.
		{name: "ErrDefaultPrice", params: ProductParams{Name: ptr("T-shirt"), DefaultPrice: ptr("price_1")},
			code: CodeParameterUnknown, param: "default_price", msg: "Received unknown parameter: default_price"},
		{name: "OK8Images", params: ProductParams{Name: ptr("T-shirt"), Images: slices.Repeat([]string{"https://img.example/a.png"}, 8)}},
		{name: "Err9Images", params: ProductParams{Name: ptr("T-shirt"), Images: slices.Repeat([]string{"https://img.example/a.png"}, 9)},
			code: CodeInvalidRequest, param: "images"},
		{name: "ErrBadImage", params: ProductParams{Name: ptr("T-shirt"), Images: []string{"https://img.example/a.png", "/b.png"}},
			code: CodeURLInvalid, param: "images[1]", msg: "Not a valid URL"},
		{name: "ErrDescriptionTooLong", params: ProductParams{Name: ptr("T-shirt"), Description: ptr(strings.Repeat("d", 40001))},
			code: CodeInvalidRequest, param: "description", msg: "Invalid description: must be at most 40000 characters"},
		{name: "ErrUnitLabelTooLong", params: ProductParams{Name: ptr("T-shirt"), UnitLabel: ptr(strings.Repeat("u", 13))},
			code: CodeInvalidRequest, param: "unit_label"},
		{name: "ErrMetadataKeyTooLong", params: ProductParams{Name: ptr("T-shirt"), Metadata: map[string]string{strings.Repeat("k", 41): "v"}},
			code: CodeInvalidRequest, param: "metadata[" + strings.Repeat("k", 41) + "]"},
		{name: "ErrMetadata51Keys", params: ProductParams{Name: ptr("T-shirt"), Metadata: numberedKeys("k", 51)},
			code: CodeInvalidRequest, param: "metadata", msg: "Metadata can have up to 50 keys, but you've set 51."},
		{name: "ErrURL", params: ProductParams{Name: ptr("T-shirt"), URL: ptr("javascript:alert(1)")},
			code: CodeURLInvalid, param: "url"},
		{name: "OKURLEmpty", params: ProductParams{Name: ptr("T-shirt"), URL: ptr("")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prod, err := NewProduct(&tt.params, testCaller, testNow)
			checkErr(t, err, tt.code, tt.param, tt.msg)
			if err != nil {
				return
			}
			wantID := "prod_"
			if tt.params.ID != nil {
				wantID = *tt.params.ID
			}
			if !strings.HasPrefix(prod.ID, wantID) {
				t.Errorf("ID = %q, want %s…", prod.ID, wantID)
			}
			if prod.AccountID != testCaller.AccountID || prod.Livemode || !prod.Active {
				t.Errorf("product = {%q, livemode %v, active %v}, want {%q, false, true}", prod.AccountID, prod.Livemode, prod.Active, testCaller.AccountID)
			}
			if prod.Name != *tt.params.Name || prod.Created != testNow || prod.Updated != testNow {
				t.Errorf("product = {%q, created %d, updated %d}, want {%q, %d, %d}", prod.Name, prod.Created, prod.Updated, *tt.params.Name, testNow, testNow)
			}
			if prod.Images == nil || prod.Metadata == nil {
				t.Errorf("Images = %#v, Metadata = %#v, want non-nil", prod.Images, prod.Metadata)
			}
			if prod.URL != nil {
				t.Errorf("URL = %q, want nil", *prod.URL)
			}
		})
	}
}

func TestNewProductFields(t *testing.T) {
	p := ProductParams{Name: ptr("T-shirt"), Description: ptr("Cotton"), Images: []string{"https://img.example/a.png"},
		Metadata: map[string]string{"sku": "TS-1", "gone": ""}, TaxCode: ptr("txcd_99999999"), UnitLabel: ptr("shirt"),
		URL: ptr("https://shop.example/shirt"), Active: ptr(false)}
	prod, err := NewProduct(&p, testCaller, testNow)
	if err != nil {
		t.Fatalf("NewProduct: %v", err)
	}
	for _, f := range []struct {
		name      string
		got, want *string
	}{
		{"Description", prod.Description, p.Description}, {"TaxCode", prod.TaxCode, p.TaxCode},
		{"UnitLabel", prod.UnitLabel, p.UnitLabel}, {"URL", prod.URL, p.URL},
	} {
		if f.got == nil || *f.got != *f.want {
			t.Errorf("%s = %v, want %q", f.name, f.got, *f.want)
		}
	}
	if got, want := prod.Images, p.Images; !slices.Equal(got, want) {
		t.Errorf("Images = %v, want %v", got, want)
	}
	if got, want := prod.Metadata, map[string]string{"sku": "TS-1"}; !maps.Equal(got, want) {
		t.Errorf("Metadata = %v, want %v (empty values dropped)", got, want)
	}
	if prod.Active {
		t.Error("Active = true, want false as sent")
	}
}

// existingProduct is a stored product that the update tests change.
func existingProduct() *Product {
	return &Product{ID: "prod_1", AccountID: testCaller.AccountID, Active: true, Name: "Old", Description: ptr("Old desc"),
		Images: []string{"https://img.example/old.png"}, Metadata: map[string]string{"a": "1", "b": "2"},
		UnitLabel: ptr("unit"), URL: ptr("https://shop.example/old"), TaxCode: ptr("txcd_1"), Created: 1, Updated: 1}
}

func TestApplyProduct(t *testing.T) {
	tests := []struct {
		name        string
		params      ProductParams
		want        func(p *Product) // the expected product, from existingProduct
		code, param string
	}{
		{name: "OKNothingSent", want: func(p *Product) {}},
		{name: "OKName", params: ProductParams{Name: ptr("New")}, want: func(p *Product) { p.Name = "New" }},
		{name: "OKDescriptionSet", params: ProductParams{Description: ptr("New desc")},
			want: func(p *Product) { p.Description = ptr("New desc") }},
		{name: "OKDescriptionEmptyClears", params: ProductParams{Description: ptr("")},
			want: func(p *Product) { p.Description = nil }},
		{name: "OKUnitLabelEmptyClears", params: ProductParams{UnitLabel: ptr("")},
			want: func(p *Product) { p.UnitLabel = nil }},
		{name: "OKURLEmptyClears", params: ProductParams{URL: ptr("")}, want: func(p *Product) { p.URL = nil }},
		{name: "OKDefaultPrice", params: ProductParams{DefaultPrice: ptr("price_1")},
			want: func(p *Product) { p.DefaultPrice = ptr("price_1") }},
		{name: "OKInactive", params: ProductParams{Active: ptr(false)}, want: func(p *Product) { p.Active = false }},
		{name: "OKImagesReplaced", params: ProductParams{Images: []string{"https://img.example/new.png"}},
			want: func(p *Product) { p.Images = []string{"https://img.example/new.png"} }},
		{name: "OKImagesEmptyClears", params: ProductParams{Images: []string{}}, want: func(p *Product) { p.Images = []string{} }},
		{name: "OKMetadataMerged", params: ProductParams{Metadata: map[string]string{"b": "", "c": "3"}},
			want: func(p *Product) { p.Metadata = map[string]string{"a": "1", "c": "3"} }},
		{name: "OKMetadataEmptyClearsAll", params: ProductParams{Metadata: map[string]string{}},
			want: func(p *Product) { p.Metadata = map[string]string{} }},
		{name: "ErrBadURL", params: ProductParams{URL: ptr("//evil.example")}, code: CodeURLInvalid, param: "url"},
		{name: "ErrBadImage", params: ProductParams{Name: ptr("New"), Images: []string{"data:x"}}, code: CodeURLInvalid, param: "images[0]"},
		// Stripe's 50 keys hold for the product: 2 stored + 49 new is 51.
		{name: "ErrMetadataOver50AfterMerge", params: ProductParams{Name: ptr("New"), Metadata: numberedKeys("n", 49)},
			code: CodeInvalidRequest, param: "metadata"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prod := existingProduct()
			err := ApplyProduct(prod, &tt.params, testNow)
			checkErr(t, err, tt.code, tt.param, "")
			want := existingProduct()
			if err == nil {
				tt.want(want)
				want.Updated = testNow
			}
			if !reflect.DeepEqual(prod, want) {
				t.Errorf("product = %+v\nwant %+v", prod, want)
			}
		})
	}
	t.Run("OKMetadata50AfterMerge", func(t *testing.T) {
		prod := existingProduct()
		update := numberedKeys("n", 49) // 2 stored + 49 new would be 51 …
		update["a"] = ""                // … but unsetting one leaves 50
		if err := ApplyProduct(prod, &ProductParams{Metadata: update}, testNow); err != nil {
			t.Fatalf("ApplyProduct: %v", err)
		}
		if got, want := len(prod.Metadata), 50; got != want {
			t.Errorf("len(Metadata) = %d, want %d", got, want)
		}
	})
}

func TestNewPrice(t *testing.T) {
	product := func(p *PriceParams) *PriceParams { p.Product = ptr("prod_1"); return p }
	usd := func(amount int64) *PriceParams {
		return product(&PriceParams{Currency: ptr("usd"), UnitAmount: ptr(amount)})
	}
	tests := []struct {
		name        string
		params      *PriceParams
		code, param string
		msg         string
	}{
		{name: "OK", params: usd(2000)},
		{name: "OKZero", params: usd(0)},
		{name: "ErrCurrencyMissing", params: product(&PriceParams{UnitAmount: ptr(int64(2000))}),
			code: CodeParameterMissing, param: "currency", msg: "Missing required param: currency."},
		{name: "ErrCurrencyUnsupported", params: product(&PriceParams{Currency: ptr("usdx"), UnitAmount: ptr(int64(2000))}),
			code: CodeInvalidRequest, param: "currency", msg: "Invalid currency: usdx."},
		{name: "ErrProductAndProductData", params: product(&PriceParams{Currency: ptr("usd"), UnitAmount: ptr(int64(1)),
			ProductData: &ProductDataParams{Name: ptr("T-shirt")}}),
			code: CodeParametersExclusive, param: "product", msg: "You may only specify one of these parameters: product, product_data."},
		{name: "ErrNeitherProductNorProductData", params: &PriceParams{Currency: ptr("usd"), UnitAmount: ptr(int64(1))},
			code: CodeParameterMissing, param: "product_data", msg: "Missing required param: product_data."},
		{name: "ErrUnitAmountAndDecimal", params: product(&PriceParams{Currency: ptr("usd"), UnitAmount: ptr(int64(1)), UnitAmountDecimal: ptr("1.5")}),
			code: CodeParametersExclusive, param: "unit_amount",
			msg: "You may only specify one of these parameters: unit_amount, unit_amount_decimal."},
		{name: "ErrNeitherUnitAmountNorDecimal", params: product(&PriceParams{Currency: ptr("usd")}),
			code: CodeParameterMissing, param: "unit_amount", msg: "Missing required param: unit_amount."},
		{name: "ErrUnitAmountNegative", params: usd(-1), code: CodeAmountTooSmall, param: "unit_amount"},
		{name: "ErrUnitAmountTooLarge", params: usd(100000000), code: CodeAmountTooLarge, param: "unit_amount"},
		{name: "ErrDecimal13Places", params: product(&PriceParams{Currency: ptr("usd"), UnitAmountDecimal: ptr("0.1234567890123")}),
			code: CodeInvalidRequest, param: "unit_amount_decimal"},
		{name: "ErrDecimalEmpty", params: product(&PriceParams{Currency: ptr("usd"), UnitAmountDecimal: ptr("")}),
			code: CodeParameterInvalidEmpty, param: "unit_amount_decimal",
			msg: "You passed an empty string for 'unit_amount_decimal'. We assume empty values are an attempt to unset a parameter; however 'unit_amount_decimal' cannot be unset. You should remove 'unit_amount_decimal' from your request or supply a non-empty value."},
		{name: "ErrRecurring", params: func() *PriceParams {
			p := usd(1000)
			p.Recurring = &RecurringParams{Interval: ptr("month")}
			return p
		}(), code: CodeInvalidRequest, param: "recurring"},
		{name: "ErrProductDataNameMissing", params: &PriceParams{Currency: ptr("usd"), UnitAmount: ptr(int64(1)),
			ProductData: &ProductDataParams{Description: ptr("x")}},
			code: CodeParameterMissing, param: "product_data[name]", msg: "Missing required param: product_data[name]."},
		{name: "ErrProductDataBadImage", params: &PriceParams{Currency: ptr("usd"), UnitAmount: ptr(int64(1)),
			ProductData: &ProductDataParams{Name: ptr("T-shirt"), Images: []string{"ftp://img.example/a.png"}}},
			code: CodeURLInvalid, param: "product_data[images][0]"},
		{name: "ErrTaxBehavior", params: func() *PriceParams { p := usd(1); p.TaxBehavior = ptr("none"); return p }(),
			code: CodeInvalidRequest, param: "tax_behavior"},
		{name: "ErrLookupKey201", params: func() *PriceParams { p := usd(1); p.LookupKey = ptr(strings.Repeat("l", 201)); return p }(),
			code: CodeInvalidRequest, param: "lookup_key"},
		{name: "ErrMetadata51Keys", params: func() *PriceParams { p := usd(1); p.Metadata = numberedKeys("k", 51); return p }(),
			code: CodeInvalidRequest, param: "metadata"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			price, _, err := NewPrice(tt.params, testCaller, testNow)
			checkErr(t, err, tt.code, tt.param, tt.msg)
			if err != nil {
				return
			}
			if !strings.HasPrefix(price.ID, "price_") || !price.Active || price.Currency != "usd" || price.ProductID != "prod_1" {
				t.Errorf("price = {%q, active %v, %q, product %q}, want {price_…, true, usd, prod_1}", price.ID, price.Active, price.Currency, price.ProductID)
			}
			if price.UnitAmount == nil || *price.UnitAmount != *tt.params.UnitAmount {
				t.Errorf("UnitAmount = %v, want %d", price.UnitAmount, *tt.params.UnitAmount)
			}
			if got, want := price.UnitAmountDecimal, strconv.FormatInt(*tt.params.UnitAmount, 10); got != want {
				t.Errorf("UnitAmountDecimal = %q, want %q", got, want)
			}
		})
	}
}

func TestNewPriceAmounts(t *testing.T) {
	tests := []struct {
		name        string
		decimal     string
		wantAmount  *int64
		wantDecimal string
	}{
		{"OKFraction", "12.5", nil, "12.5"},
		{"OKSubCent", "0.000000000001", nil, "0.000000000001"},
		{"OKWholeFillsUnitAmount", "1200.00", ptr(int64(1200)), "1200"},
		{"OKWholeWithoutPoint", "7", ptr(int64(7)), "7"},
		{"OKTrailingZerosTrimmed", "12.50", nil, "12.5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			price, _, err := NewPrice(&PriceParams{Currency: ptr("usd"), UnitAmountDecimal: ptr(tt.decimal), Product: ptr("prod_1")}, testCaller, testNow)
			if err != nil {
				t.Fatalf("NewPrice: %v", err)
			}
			if got, want := price.UnitAmount, tt.wantAmount; (got == nil) != (want == nil) || got != nil && *got != *want {
				t.Errorf("UnitAmount = %v, want %v", got, want)
			}
			if got, want := price.UnitAmountDecimal, tt.wantDecimal; got != want {
				t.Errorf("UnitAmountDecimal = %q, want %q", got, want)
			}
		})
	}
}

func TestNewPriceProductData(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		p := &PriceParams{Currency: ptr("eur"), UnitAmount: ptr(int64(1500)), Nickname: ptr("Standard"), LookupKey: ptr("std"),
			Metadata:    map[string]string{"tier": "1", "gone": ""},
			ProductData: &ProductDataParams{Name: ptr("T-shirt"), Metadata: map[string]string{"sku": "TS-1", "gone": ""}}}
		price, prod, err := NewPrice(p, testCaller, testNow)
		if err != nil {
			t.Fatalf("NewPrice: %v", err)
		}
		if prod == nil {
			t.Fatal("product = nil, want the product made from product_data")
		}
		// Unlike a session's inline price_data, POST /v1/prices makes a
		// catalog product, active like any other.
		if !prod.Active || prod.Name != "T-shirt" || !strings.HasPrefix(prod.ID, "prod_") {
			t.Errorf("product = {%q, %q, active %v}, want {prod_…, T-shirt, true}", prod.ID, prod.Name, prod.Active)
		}
		if prod.Images == nil || len(prod.Images) != 0 {
			t.Errorf("Images = %#v, want an empty list", prod.Images)
		}
		if got, want := prod.Metadata, map[string]string{"sku": "TS-1"}; !maps.Equal(got, want) {
			t.Errorf("product Metadata = %v, want %v", got, want)
		}
		if price.ProductID != prod.ID {
			t.Errorf("ProductID = %q, want %q", price.ProductID, prod.ID)
		}
		if got, want := price.Metadata, map[string]string{"tier": "1"}; !maps.Equal(got, want) {
			t.Errorf("price Metadata = %v, want %v", got, want)
		}
		if price.Nickname == nil || *price.Nickname != "Standard" || price.LookupKey == nil || *price.LookupKey != "std" {
			t.Errorf("nickname, lookup_key = %v, %v, want Standard, std", price.Nickname, price.LookupKey)
		}
	})
	t.Run("OKProductID", func(t *testing.T) {
		_, prod, err := NewPrice(&PriceParams{Currency: ptr("usd"), UnitAmount: ptr(int64(1)), Product: ptr("prod_1")}, testCaller, testNow)
		if err != nil {
			t.Fatalf("NewPrice: %v", err)
		}
		if prod != nil {
			t.Errorf("product = %+v, want nil when product is given", prod)
		}
	})
}

func TestApplyPrice(t *testing.T) {
	existing := func() *Price {
		return &Price{ID: "price_1", Active: true, Currency: "usd", UnitAmount: ptr(int64(100)), UnitAmountDecimal: "100",
			Nickname: ptr("Old"), LookupKey: ptr("old"), Metadata: map[string]string{"a": "1"}}
	}
	tests := []struct {
		name        string
		params      PriceParams
		want        func(p *Price)
		code, param string
	}{
		{name: "OKNothingSent", want: func(p *Price) {}},
		{name: "OKInactive", params: PriceParams{Active: ptr(false)}, want: func(p *Price) { p.Active = false }},
		{name: "OKNicknameEmptyClears", params: PriceParams{Nickname: ptr("")}, want: func(p *Price) { p.Nickname = nil }},
		{name: "OKLookupKey", params: PriceParams{LookupKey: ptr("new")}, want: func(p *Price) { p.LookupKey = ptr("new") }},
		{name: "OKTaxBehavior", params: PriceParams{TaxBehavior: ptr("inclusive")}, want: func(p *Price) { p.TaxBehavior = ptr("inclusive") }},
		{name: "OKMetadataMerged", params: PriceParams{Metadata: map[string]string{"a": "", "b": "2"}},
			want: func(p *Price) { p.Metadata = map[string]string{"b": "2"} }},
		{name: "ErrTaxBehavior", params: PriceParams{TaxBehavior: ptr("x")}, code: CodeInvalidRequest, param: "tax_behavior"},
		{name: "ErrMetadataOver50AfterMerge", params: PriceParams{Active: ptr(false), Metadata: numberedKeys("n", 50)},
			code: CodeInvalidRequest, param: "metadata"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			price := existing()
			err := ApplyPrice(price, &tt.params)
			checkErr(t, err, tt.code, tt.param, "")
			want := existing()
			if err == nil {
				tt.want(want)
			}
			if !reflect.DeepEqual(price, want) {
				t.Errorf("price = %+v\nwant %+v", price, want)
			}
		})
	}
}

// existingCustomer is a stored customer that the update tests change.
func existingCustomer() *Customer {
	return &Customer{ID: "cus_1", AccountID: testCaller.AccountID, Email: ptr("old@example.com"), Name: ptr("Old"),
		Phone: ptr("+15550100"), Description: ptr("VIP"), Metadata: map[string]string{"a": "1"}}
}

func TestApplyCustomer(t *testing.T) {
	shipping := &Shipping{Name: ptr("Jane"), Address: Address{Line1: ptr("Main St 1"), Country: ptr("US")}}
	tests := []struct {
		name        string
		params      CustomerParams
		want        func(c *Customer)
		code, param string
		msg         string
	}{
		{name: "OKNothingSent", want: func(c *Customer) {}},
		{name: "OKEmail", params: CustomerParams{Email: ptr("jane@example.com")}, want: func(c *Customer) { c.Email = ptr("jane@example.com") }},
		{name: "OKEmailEmptyClears", params: CustomerParams{Email: ptr("")}, want: func(c *Customer) { c.Email = nil }},
		{name: "ErrEmailInvalid", params: CustomerParams{Email: ptr("nope")},
			code: "email_invalid", param: "email", msg: "Invalid email address: nope"},
		{name: "ErrEmailTooLong", params: CustomerParams{Email: ptr(strings.Repeat("a", 501) + "@example.com")},
			code: CodeInvalidRequest, param: "email"},
		{name: "OKName", params: CustomerParams{Name: ptr("Jane")}, want: func(c *Customer) { c.Name = ptr("Jane") }},
		{name: "OKNameEmptyClears", params: CustomerParams{Name: ptr("")}, want: func(c *Customer) { c.Name = nil }},
		{name: "OKPhoneEmptyClears", params: CustomerParams{Phone: ptr("")}, want: func(c *Customer) { c.Phone = nil }},
		{name: "OKDescriptionEmptyClears", params: CustomerParams{Description: ptr("")}, want: func(c *Customer) { c.Description = nil }},
		{name: "ErrNameTooLong", params: CustomerParams{Name: ptr(strings.Repeat("n", 257))}, code: CodeInvalidRequest, param: "name"},
		{name: "ErrPhoneTooLong", params: CustomerParams{Phone: ptr(strings.Repeat("1", 21))}, code: CodeInvalidRequest, param: "phone"},
		{name: "ErrDescriptionTooLong", params: CustomerParams{Description: ptr(strings.Repeat("d", 351))},
			code: CodeInvalidRequest, param: "description"},
		{name: "OKAddress", params: CustomerParams{Address: &Address{City: ptr("Berlin")}},
			want: func(c *Customer) { c.Address = &Address{City: ptr("Berlin")} }},
		{name: "OKShipping", params: CustomerParams{Shipping: shipping}, want: func(c *Customer) { c.Shipping = shipping }},
		{name: "ErrShippingWithoutName", params: CustomerParams{Shipping: &Shipping{Address: Address{Line1: ptr("Main St 1")}}},
			code: CodeParameterMissing, param: "shipping[name]", msg: "Missing required param: shipping[name]."},
		{name: "ErrShippingWithoutLine1", params: CustomerParams{Shipping: &Shipping{Name: ptr("Jane"), Address: Address{City: ptr("Berlin")}}},
			code: CodeParameterMissing, param: "shipping[address][line1]"},
		{name: "OKMetadataMerged", params: CustomerParams{Metadata: map[string]string{"b": "2"}},
			want: func(c *Customer) { c.Metadata = map[string]string{"a": "1", "b": "2"} }},
		{name: "OKMetadataEmptyClearsAll", params: CustomerParams{Metadata: map[string]string{}},
			want: func(c *Customer) { c.Metadata = map[string]string{} }},
		{name: "ErrMetadataValue501", params: CustomerParams{Metadata: map[string]string{"a": strings.Repeat("v", 501)}},
			code: CodeInvalidRequest, param: "metadata[a]"},
		{name: "ErrMetadataOver50AfterMerge", params: CustomerParams{Name: ptr("New"), Metadata: numberedKeys("n", 50)},
			code: CodeInvalidRequest, param: "metadata"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := existingCustomer()
			err := ApplyCustomer(c, &tt.params)
			checkErr(t, err, tt.code, tt.param, tt.msg)
			want := existingCustomer()
			if err == nil {
				tt.want(want)
			}
			if !reflect.DeepEqual(c, want) {
				t.Errorf("customer = %+v\nwant %+v", c, want)
			}
		})
	}
}

func TestSetOptional(t *testing.T) {
	tests := []struct {
		name      string
		dst, v    *string
		wantValue *string
	}{
		{"OKAbsentKeeps", ptr("old"), nil, ptr("old")},
		{"OKAbsentKeepsNil", nil, nil, nil},
		{"OKEmptyClears", ptr("old"), ptr(""), nil},
		{"OKSets", ptr("old"), ptr("new"), ptr("new")},
		{"OKSetsNil", nil, ptr("new"), ptr("new")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dst := tt.dst
			setOptional(&dst, tt.v)
			if (dst == nil) != (tt.wantValue == nil) || dst != nil && *dst != *tt.wantValue {
				t.Errorf("dst = %v, want %v", dst, tt.wantValue)
			}
			if tt.v != nil && dst == tt.v {
				t.Error("dst aliases the parameter; want a copy")
			}
		})
	}
}

func TestMergeMetadata(t *testing.T) {
	tests := []struct {
		name            string
		current, update map[string]string
		clear           bool
		want            map[string]string
	}{
		{"OKNothing", nil, nil, false, map[string]string{}},
		{"OKKeepsCurrent", map[string]string{"a": "1"}, nil, false, map[string]string{"a": "1"}},
		{"OKSetsAndOverrides", map[string]string{"a": "1", "b": "2"}, map[string]string{"b": "3", "c": "4"}, false,
			map[string]string{"a": "1", "b": "3", "c": "4"}},
		{"OKEmptyValueUnsets", map[string]string{"a": "1", "b": "2"}, map[string]string{"a": ""}, false,
			map[string]string{"b": "2"}},
		{"OKUnsetAbsentKey", map[string]string{"a": "1"}, map[string]string{"z": ""}, false, map[string]string{"a": "1"}},
		{"OKClear", map[string]string{"a": "1"}, map[string]string{}, true, map[string]string{}},
		{"OKClearThenSet", map[string]string{"a": "1"}, map[string]string{"b": "2"}, true, map[string]string{"b": "2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := maps.Clone(tt.current)
			got := MergeMetadata(tt.current, tt.update, tt.clear)
			if got == nil || !maps.Equal(got, tt.want) {
				t.Errorf("MergeMetadata = %#v, want %#v", got, tt.want)
			}
			if !maps.Equal(tt.current, before) {
				t.Errorf("current changed to %v, want %v untouched", tt.current, before)
			}
		})
	}
}

func TestCheckPage(t *testing.T) {
	tests := []struct {
		name        string
		params      ListParams
		want        Page
		code, param string
		msg         string
	}{
		{name: "OKDefaultLimit", want: Page{Limit: 10}},
		{name: "ErrLimit0", params: ListParams{Limit: ptr(int64(0))},
			code: CodeInvalidRequest, param: "limit", msg: "This value must be greater than or equal to 1."},
		{name: "ErrLimitNegative", params: ListParams{Limit: ptr(int64(-1))}, code: CodeInvalidRequest, param: "limit"},
		{name: "OKLimit1", params: ListParams{Limit: ptr(int64(1))}, want: Page{Limit: 1}},
		{name: "OKLimit100", params: ListParams{Limit: ptr(int64(100))}, want: Page{Limit: 100}},
		{name: "ErrLimit101", params: ListParams{Limit: ptr(int64(101))},
			code: CodeInvalidRequest, param: "limit", msg: "This value must be less than or equal to 100."},
		{name: "OKStartingAfter", params: ListParams{StartingAfter: ptr("cs_1")}, want: Page{Limit: 10, StartingAfter: "cs_1"}},
		{name: "OKEndingBefore", params: ListParams{EndingBefore: ptr("cs_1")}, want: Page{Limit: 10, EndingBefore: "cs_1"}},
		{name: "ErrStartingAfterAndEndingBefore", params: ListParams{StartingAfter: ptr("cs_1"), EndingBefore: ptr("cs_2")},
			code: CodeParametersExclusive, param: "starting_after",
			msg: "You may only specify one of these parameters: starting_after, ending_before."},
		{name: "OKCreatedEquals", params: ListParams{Created: &Range{Eq: ptr(int64(100))}},
			want: Page{Limit: 10, CreatedGte: ptr(int64(100)), CreatedLte: ptr(int64(100))}},
		{name: "OKCreatedRange", params: ListParams{Created: &Range{Gt: ptr(int64(100)), Lte: ptr(int64(200))}},
			want: Page{Limit: 10, CreatedGt: ptr(int64(100)), CreatedLte: ptr(int64(200))}},
		{name: "OKCreatedGteLt", params: ListParams{Created: &Range{Gte: ptr(int64(100)), Lt: ptr(int64(200))}},
			want: Page{Limit: 10, CreatedGte: ptr(int64(100)), CreatedLt: ptr(int64(200))}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page, err := tt.params.CheckPage()
			checkErr(t, err, tt.code, tt.param, tt.msg)
			if err == nil && !reflect.DeepEqual(page, tt.want) {
				t.Errorf("page = %s, want %s", describePage(page), describePage(tt.want))
			}
		})
	}
}

func describePage(p Page) string {
	n := func(v *int64) string {
		if v == nil {
			return "nil"
		}
		return strconv.FormatInt(*v, 10)
	}
	return "{limit " + strconv.Itoa(p.Limit) + " after " + p.StartingAfter + " before " + p.EndingBefore +
		" gt " + n(p.CreatedGt) + " gte " + n(p.CreatedGte) + " lt " + n(p.CreatedLt) + " lte " + n(p.CreatedLte) + "}"
}

func TestStripPrefix(t *testing.T) {
	tests := []struct {
		name               string
		err                *Error
		prefix             string
		wantParam, wantMsg string
	}{
		{"OKOneLevel", Missing("product[name]"), "product", "name", "Missing required param: name."},
		{"OKKeepsTheRest", Invalid(CodeURLInvalid, "product[images][0]", "Not a valid URL"), "product", "images[0]", "Not a valid URL"},
		{"OKMetadataKey", Invalid(CodeInvalidRequest, "product[metadata][k]", "bad product[metadata][k]"), "product",
			"metadata[k]", "bad metadata[k]"},
		{"OKEveryNameInMessage", Exclusive("x[price_data][unit_amount]", "x[price_data][unit_amount_decimal]"), "x",
			"price_data[unit_amount]", "You may only specify one of these parameters: price_data[unit_amount], price_data[unit_amount_decimal]."},
		{"OKOnlyWholeNames", Invalid(CodeInvalidRequest, "x[a]", "x[a], max[b], tax_x[c], 'x[d]'"), "x",
			"a", "a, max[b], tax_x[c], 'd'"},
		{"OKOtherPrefixUntouched", Missing("name"), "product", "name", "Missing required param: name."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := *tt.err
			err := stripPrefix(tt.err, tt.prefix)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("err = %v, want *Error", err)
			}
			if e.Param != tt.wantParam || e.Message != tt.wantMsg {
				t.Errorf("error = {%q, %q}, want {%q, %q}", e.Param, e.Message, tt.wantParam, tt.wantMsg)
			}
			if e.Kind != before.Kind || e.Code != before.Code {
				t.Errorf("error = {%s %s}, want {%s %s}", e.Kind, e.Code, before.Kind, before.Code)
			}
			if *tt.err != before {
				t.Errorf("original error changed to %+v", *tt.err)
			}
		})
	}
	t.Run("OKNotAnError", func(t *testing.T) {
		plain := errors.New("boom")
		if got := stripPrefix(plain, "product"); got != plain {
			t.Errorf("stripPrefix = %v, want the same error", got)
		}
	})
}
