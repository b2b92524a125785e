package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/stripe/stripe-go/v82"
)

// Products and prices from the dashboard: made and changed through the
// API's own rules (seen back through stripe-go), refused with the API's
// messages and a way back to what was typed, once per form, in the audit
// log, and never another account's.

// signedInAs is a dashboard client signed in as a new user of the account.
func signedInAs(t *testing.T, srv *testServer, acct *account, email string) *browserless {
	t.Helper()
	email, password := dashboardUser(t, srv, acct, email)
	c := &browserless{t: t, srv: srv}
	c.signIn(email, password, "")
	return c
}

// submit sends the form sel finds on the page at path, with its hidden
// fields and those of set in place of its own, and returns the answer.
func (b *browserless) submit(path, sel string, set url.Values) (*http.Response, string) {
	b.t.Helper()
	action, fields := formOf(b.t, b.page(path, http.StatusOK), sel)
	for k, v := range set {
		fields[k] = v
	}
	return b.do("POST", action, fields)
}

// post submits a form as submit does and returns the answer and its page.
func (b *browserless) post(path, sel string, set url.Values) (*http.Response, *goquery.Document) {
	b.t.Helper()
	res, body := b.submit(path, sel, set)
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		b.t.Fatal(err)
	}
	return res, doc
}

// changed posts a form as post does and wants the 303 it answers, to where.
func (b *browserless) changed(path, sel string, set url.Values) string {
	b.t.Helper()
	res, doc := b.post(path, sel, set)
	if res.StatusCode != http.StatusSeeOther {
		b.t.Fatalf("%s %s: %d %s", path, sel, res.StatusCode, doc.Find(`[data-testid="dashboard-error-message"]`).Text())
	}
	return res.Header.Get("Location")
}

// refused posts a form as post does and wants a 400 with the message, and
// returns the page its Back link leads to.
func (b *browserless) refused(path, sel string, set url.Values, message string) *goquery.Document {
	b.t.Helper()
	res, doc := b.post(path, sel, set)
	got := strings.TrimSpace(doc.Find(`[data-testid="dashboard-error-message"]`).Text())
	if res.StatusCode != http.StatusBadRequest || got != message {
		b.t.Fatalf("%s with %v: %d %q, want 400 %q", path, set, res.StatusCode, got, message)
	}
	back, ok := doc.Find(`[data-testid="dashboard-error-back"]`).Attr("href")
	if !ok {
		b.t.Fatal("no way back from the refusal")
	}
	return b.page(back, http.StatusOK)
}

// apiMessage is the message of the API's refusal of a request.
func apiMessage(t *testing.T, srv *testServer, acct *account, path, body string) string {
	t.Helper()
	r := srv.do(t, "POST", path, acct.SecretKey, body)
	var e struct {
		Error struct{ Message string } `json:"error"`
	}
	if err := json.Unmarshal([]byte(r.Body), &e); err != nil || r.Status != http.StatusBadRequest || e.Error.Message == "" {
		t.Fatalf("POST %s %s: %d %s", path, body, r.Status, r.Body)
	}
	return e.Error.Message
}

// productIDs are the product ids of a list page, in order.
func productIDs(doc *goquery.Document) []string {
	return doc.Find(`tr[data-testid="product-row"]`).Map(func(_ int, s *goquery.Selection) string { return s.AttrOr("data-id", "") })
}

func TestDashboardProducts(t *testing.T) {
	srv, _ := dashboardServer(t)
	a := srv.newAccount(t)
	c := signedInAs(t, srv, a, "owner@a.example")
	const newForm, productForm = "/dashboard/products/new", `form[data-testid="product-form"]`

	// The create form sent twice at once and once more: one product, and
	// each answer goes to its page.
	action, fields := formOf(t, c.page(newForm, http.StatusOK), productForm)
	fields.Set("name", "Mug")
	fields.Set("description", "Stoneware, 350 ml")
	fields.Set("active", "true")
	locations := make([]string, 3)
	var wg sync.WaitGroup
	for i := range 2 {
		wg.Go(func() {
			res, _ := c.do("POST", action, fields)
			locations[i] = res.Header.Get("Location")
		})
	}
	wg.Wait()
	res, _ := c.do("POST", action, fields)
	locations[2] = res.Header.Get("Location")
	page := locations[0]
	id := strings.TrimPrefix(page, "/dashboard/products/")
	if !strings.HasPrefix(id, "prod_") || locations[1] != page || locations[2] != page {
		t.Fatalf("creates answered %q", locations)
	}
	var n int
	for _, err := range a.Stripe.V1Products.List(bg, nil) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	prod, err := a.Stripe.V1Products.Retrieve(bg, id, nil)
	if err != nil || n != 1 || prod.Name != "Mug" || prod.Description != "Stoneware, 350 ml" || !prod.Active {
		t.Fatalf("%d products; %+v %v", n, prod, err)
	}
	doc := c.page(page, http.StatusOK)
	if got := doc.Find(`[data-testid="product-name"]`).Text() + " " + doc.Find(`[data-testid="product-status"]`).Text(); got != "Mug active" {
		t.Errorf("the product's page says %q", got)
	}

	// Edit: the form is filled in with the product; an empty description
	// clears it.
	edit := doc.Find(`[data-testid="edit-product"]`).AttrOr("href", "")
	editing := c.page(edit, http.StatusOK)
	if editing.Find("#name").AttrOr("value", "") != "Mug" || editing.Find("#description").Text() != "Stoneware, 350 ml" ||
		editing.Find("#active-true[checked]").Length() != 1 {
		t.Error("the edit form is not filled in with the product")
	}
	if loc := c.changed(edit, productForm, url.Values{"name": {"Big mug"}, "description": {""}, "active": {"false"}}); loc != page {
		t.Errorf("edit goes to %q", loc)
	}
	prod, _ = a.Stripe.V1Products.Retrieve(bg, id, nil)
	if prod.Name != "Big mug" || prod.Description != "" || prod.Active {
		t.Errorf("after the edit: %q %q active %v", prod.Name, prod.Description, prod.Active)
	}
	for _, want := range []bool{true, false, true} {
		c.changed(page, `form[action$="/archive"], form[action$="/unarchive"]`, nil)
		if prod, _ = a.Stripe.V1Products.Retrieve(bg, id, nil); prod.Active != want {
			t.Errorf("archive button: active %v, want %v", prod.Active, want)
		}
	}

	// Prices, in major units by the currency's decimals.
	const priceForm = `form[data-testid="add-price-form"]`
	usdLoc := c.changed(page, priceForm, url.Values{"unit_amount": {"12.50"}, "currency": {"usd"}})
	jpyLoc := c.changed(page, priceForm, url.Values{"unit_amount": {" 500 "}, "currency": {"jpy"}})
	usdID, jpyID := strings.TrimPrefix(usdLoc, page+"#"), strings.TrimPrefix(jpyLoc, page+"#")
	for _, want := range []struct {
		id, cur string
		amount  int64
	}{{usdID, "usd", 1250}, {jpyID, "jpy", 500}} {
		p, err := a.Stripe.V1Prices.Retrieve(bg, want.id, nil)
		if err != nil || p.UnitAmount != want.amount || string(p.Currency) != want.cur || p.Product.ID != id || !p.Active ||
			p.Type != stripe.PriceTypeOneTime {
			t.Errorf("price %s: %+v %v, want %d %s", want.id, p, err, want.amount, want.cur)
		}
	}
	doc = c.page(page, http.StatusOK)
	if got := texts(doc.Find(`[data-testid="price-amount"]`)); strings.Join(got, " ") != "¥500 $12.50" {
		t.Errorf("prices shown %q", got)
	}
	if got := doc.Find(`#currency option[selected]`).AttrOr("value", ""); got != "jpy" {
		t.Errorf("the next price's currency is %q, want the newest price's", got)
	}
	toggle := `tr[data-id="` + usdID + `"] form`
	for _, want := range []bool{false, true} {
		if loc := c.changed(page, toggle, nil); loc != page+"#"+usdID {
			t.Errorf("price toggle goes to %q", loc)
		}
		if p, _ := a.Stripe.V1Prices.Retrieve(bg, usdID, nil); p.Active != want {
			t.Errorf("price toggle: active %v, want %v", p.Active, want)
		}
	}
	if res, _ := c.do("GET", "/dashboard/prices/"+usdID, nil); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != page+"#"+usdID {
		t.Errorf("a price's address: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}

	// Refusals: the API's message, nothing made, and the form again with
	// what was typed.
	back := c.refused(newForm, productForm, url.Values{"name": {""}, "description": {"kept"}},
		apiMessage(t, srv, a, "/v1/products", "name=&description=kept"))
	if back.Find("#name").AttrOr("value", "x") != "" || back.Find("#description").Text() != "kept" {
		t.Error("the create form lost what was typed")
	}
	back = c.refused(page, priceForm, url.Values{"unit_amount": {"12.345"}, "currency": {"usd"}},
		"Invalid amount: 12.345. USD amounts have at most 2 decimal places.")
	if back.Find("#unit_amount").AttrOr("value", "") != "12.345" || back.Find(`#currency option[selected]`).AttrOr("value", "") != "usd" {
		t.Error("the price form lost what was typed")
	}
	c.refused(page, priceForm, url.Values{"unit_amount": {"5.5"}, "currency": {"jpy"}}, "Invalid amount: 5.5. JPY amounts are whole numbers.")
	c.refused(page, priceForm, url.Values{"unit_amount": {"1000000"}, "currency": {"usd"}}, "This value must be less than or equal to $999,999.99.")
	c.refused(page, priceForm, url.Values{"unit_amount": {""}, "currency": {"usd"}},
		apiMessage(t, srv, a, "/v1/prices", form("currency", "usd", "product", id)))
	// Prices are one-time (the API refuses recurring[interval]): the form
	// offers no billing period to be refused for.
	if doc.Find(priceForm+` [name="interval"]`).Length() != 0 {
		t.Error("the price form offers a billing period")
	}
	n = 0
	for _, err := range a.Stripe.V1Prices.List(bg, &stripe.PriceListParams{Product: stripe.String(id)}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 2 {
		t.Errorf("%d prices after the refusals, want 2", n)
	}

	// The list: active ones by default, archived or all, searched by a
	// part of the name or an id, wildcards being only characters.
	poster, err := a.Stripe.V1Products.Create(bg, &stripe.ProductCreateParams{Name: stripe.String("Poster 50%_off")})
	if err != nil {
		t.Fatal(err)
	}
	plate, err := a.Stripe.V1Products.Create(bg, &stripe.ProductCreateParams{Name: stripe.String("Plate"), Active: stripe.Bool(false)})
	if err != nil {
		t.Fatal(err)
	}
	list := func(query string) []string {
		t.Helper()
		return productIDs(c.page("/dashboard/products"+query, http.StatusOK))
	}
	same := func(what string, got []string, want ...string) {
		t.Helper()
		sameIDs(t, what, got, want...)
	}
	same("active", list(""), poster.ID, id)
	same("archived", list("?status=archived"), plate.ID)
	same("all", list("?status=all"), plate.ID, poster.ID, id)
	same("a part of the name, any case", list("?q=MUG"), id)
	same("an id", list("?status=all&q="+plate.ID), plate.ID)
	same("a percent sign", list("?q=%25_"), poster.ID)
	same("an underscore alone", list("?q=l_"))
	same("nothing known", list("?q=teapot"))
	c.page("/dashboard/products?status=deleted", http.StatusBadRequest)
	link := func(doc *goquery.Document, which string) string {
		return doc.Find(`[data-testid="`+which+`"]`).AttrOr("href", "")
	}
	first := c.page("/dashboard/products?status=all&limit=2", http.StatusOK)
	same("page 1", productIDs(first), plate.ID, poster.ID)
	second := c.page(link(first, "older"), http.StatusOK)
	same("page 2", productIDs(second), id)
	if link(second, "older") != "" {
		t.Error("the last page links to an older one")
	}
	same("page 1 again", productIDs(c.page(link(second, "newer"), http.StatusOK)), plate.ID, poster.ID)

	want := []string{"price.update " + usdID, "price.update " + usdID, "price.create " + jpyID, "price.create " + usdID,
		"product.update " + id, "product.update " + id, "product.update " + id, "product.update " + id, "product.create " + id}
	for i := range want {
		want[i] += " owner@a.example"
	}
	if got := auditActions(c); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("audit log\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestDashboardCatalogTenantIsolation(t *testing.T) {
	srv, _ := dashboardServer(t)
	a, b := srv.newAccount(t), srv.newAccount(t)
	c := signedInAs(t, srv, a, "owner@a.example")
	prod, err := b.Stripe.V1Products.Create(bg, &stripe.ProductCreateParams{Name: stripe.String("Theirs")})
	if err != nil {
		t.Fatal(err)
	}
	price, err := b.Stripe.V1Prices.Create(bg, &stripe.PriceCreateParams{Product: stripe.String(prod.ID),
		Currency: stripe.String("usd"), UnitAmount: stripe.Int64(1000)})
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{
		"/dashboard/products/" + prod.ID,
		"/dashboard/products/" + prod.ID + "/edit",
		"/dashboard/prices/" + price.ID,
		"/dashboard/products?starting_after=" + prod.ID,
		"/dashboard/products?ending_before=" + prod.ID,
		"/dashboard/products/prod_unknown",
		"/dashboard/prices/price_unknown",
	} {
		if doc := c.page(path, http.StatusNotFound); strings.Contains(doc.Find("main").Text(), "Theirs") {
			t.Errorf("%s shows the other account's product", path)
		}
	}
	if ids := productIDs(c.page("/dashboard/products?status=all&q="+prod.ID, http.StatusOK)); len(ids) != 0 {
		t.Errorf("a search for the other account's id finds %v", ids)
	}
	_, fields := formOf(t, c.page("/dashboard/products/new", http.StatusOK), `form[data-testid="product-form"]`)
	for i, path := range []string{
		"/dashboard/products/" + prod.ID,
		"/dashboard/products/" + prod.ID + "/archive",
		"/dashboard/products/" + prod.ID + "/unarchive",
		"/dashboard/products/" + prod.ID + "/prices",
		"/dashboard/prices/" + price.ID + "/archive",
		"/dashboard/prices/" + price.ID + "/unarchive",
	} {
		fields.Set("_key", "theirs-"+string(rune('a'+i)))
		body := url.Values{"name": {"Mine now"}, "active": {"false"}, "unit_amount": {"1"}, "currency": {"usd"},
			"_csrf": fields["_csrf"], "_key": fields["_key"]}
		if res, _ := c.do("POST", path, body); res.StatusCode != http.StatusNotFound {
			t.Errorf("POST %s: %d, want 404", path, res.StatusCode)
		}
	}
	got, _ := b.Stripe.V1Products.Retrieve(bg, prod.ID, nil)
	gotPrice, _ := b.Stripe.V1Prices.Retrieve(bg, price.ID, nil)
	if got.Name != "Theirs" || !got.Active || !gotPrice.Active {
		t.Errorf("the other account's product %q active %v, price active %v", got.Name, got.Active, gotPrice.Active)
	}
	n := 0
	for _, err := range b.Stripe.V1Prices.List(bg, nil) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 1 {
		t.Errorf("the other account has %d prices", n)
	}
	if rows := auditActions(c); len(rows) != 0 {
		t.Errorf("audit log %q", rows)
	}
}
