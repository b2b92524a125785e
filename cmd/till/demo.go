package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// The demo store: a small merchant site on its own port (TILL_DEMO_ADDR, so
// a genuinely different origin from Till's) that sells one basket three
// ways: on Till's hosted page, in the embedded checkout, and with a custom
// form (initCheckout and Till's card element). It does what a
// merchant's server does: creates each session through Till's API with the
// demo account's secret key, server-side. `till serve --demo-keys FILE`
// (what `make run` starts) runs it.

// demoStore is the demo site's state: where Till's API answers (this
// process's own listener), the origin shoppers reach Till at, and the keys.
type demoStore struct {
	api     string // base URL of Till's API, server-side
	public  string // Till's public URL, for the browser (till.js)
	self    string // the demo's own origin
	keys    accountKeys
	client  *http.Client
	log     *slog.Logger
	handler http.Handler
}

// startDemo serves the demo store on addr until ctx ends. Failing to listen
// is reported and leaves Till serving: the demo is a convenience.
func startDemo(ctx context.Context, addr, apiBase, publicURL string, keys accountKeys, stdout io.Writer, log *slog.Logger) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		log.Error("demo store not started", "addr", addr, "error", err)
		return
	}
	d := newDemoStore(apiBase, publicURL, "http://"+ln.Addr().String(), keys, log)
	srv := &http.Server{Handler: d.handler, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stdout, "Demo store (another origin, buying through Till's API): %s\n\n", d.self)
	go srv.Serve(ln)
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(shutdown)
	}()
}

func newDemoStore(apiBase, publicURL, self string, keys accountKeys, log *slog.Logger) *demoStore {
	d := &demoStore{api: apiBase, public: publicURL, self: self, keys: keys, log: log,
		client: &http.Client{Timeout: 15 * time.Second}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", d.home)
	mux.HandleFunc("POST /checkout/hosted", d.hosted)
	mux.HandleFunc("GET /embedded", d.embedded)
	mux.HandleFunc("POST /checkout/embedded", d.embeddedSecret)
	mux.HandleFunc("GET /custom", d.custom)
	mux.HandleFunc("POST /checkout/custom", d.customSecret)
	mux.HandleFunc("GET /done", d.done)
	d.handler = mux
	return d
}

// demoBasket is what the demo sells: two T-shirts.
var demoBasket = url.Values{
	"mode":                                                 {"payment"},
	"line_items[0][quantity]":                              {"2"},
	"line_items[0][price_data][currency]":                  {"usd"},
	"line_items[0][price_data][unit_amount]":               {"1999"},
	"line_items[0][price_data][product_data][name]":        {"Till T-shirt"},
	"line_items[0][price_data][product_data][description]": {"Organic cotton, printed with the till logo"},
}

// demoSession is what the demo reads of a Checkout Session.
type demoSession struct {
	ID              string  `json:"id"`
	URL             *string `json:"url"`
	ClientSecret    *string `json:"client_secret"`
	Status          string  `json:"status"`
	PaymentStatus   string  `json:"payment_status"`
	AmountTotal     int64   `json:"amount_total"`
	Currency        string  `json:"currency"`
	CustomerDetails *struct {
		Email string `json:"email"`
	} `json:"customer_details"`
	Error *struct {
		Message string `json:"message"`
	} `json:"error"`
}

// call sends one API request with the demo account's secret key.
func (d *demoStore) call(ctx context.Context, method, path string, form url.Values) (*demoSession, error) {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, d.api+path, body)
	if err != nil {
		return nil, err
	}
	req.SetBasicAuth(d.keys.SecretKey, "")
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	res, err := d.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	var s demoSession
	if err := json.NewDecoder(io.LimitReader(res.Body, 1<<20)).Decode(&s); err != nil {
		return nil, err
	}
	if s.Error != nil {
		return nil, errors.New(s.Error.Message)
	}
	return &s, nil
}

func (d *demoStore) createSession(ctx context.Context, extra url.Values) (*demoSession, error) {
	form := url.Values{}
	for k, v := range demoBasket {
		form[k] = v
	}
	for k, v := range extra {
		form[k] = v
	}
	return d.call(ctx, http.MethodPost, "/v1/checkout/sessions", form)
}

func (d *demoStore) fail(w http.ResponseWriter, err error) {
	d.log.Error("demo store", "error", err)
	http.Error(w, "The demo store could not reach Till: "+err.Error(), http.StatusBadGateway)
}

func (d *demoStore) home(w http.ResponseWriter, r *http.Request) {
	d.render(w, "home", nil)
}

// hosted creates a hosted session and sends the shopper to its url.
func (d *demoStore) hosted(w http.ResponseWriter, r *http.Request) {
	s, err := d.createSession(r.Context(), url.Values{
		"success_url": {d.self + "/done?session_id={CHECKOUT_SESSION_ID}"},
		"cancel_url":  {d.self + "/"},
	})
	if err != nil {
		d.fail(w, err)
		return
	}
	if s.URL == nil {
		d.fail(w, errors.New("the session has no url"))
		return
	}
	http.Redirect(w, r, *s.URL, http.StatusSeeOther)
}

// embedded is the page that mounts the embedded checkout with till.js.
func (d *demoStore) embedded(w http.ResponseWriter, r *http.Request) {
	d.render(w, "embedded", map[string]string{"TillJS": d.public + "/js/till.js", "PublishableKey": d.keys.PublishableKey})
}

// embeddedSecret creates an embedded session and answers its client secret,
// what fetchClientSecret asks for.
func (d *demoStore) embeddedSecret(w http.ResponseWriter, r *http.Request) {
	d.clientSecret(w, r, "embedded")
}

// custom is the page with the merchant's own form: initCheckout, Till's
// card element, an email field and a Pay button.
func (d *demoStore) custom(w http.ResponseWriter, r *http.Request) {
	d.render(w, "custom", map[string]string{"TillJS": d.public + "/js/till.js", "PublishableKey": d.keys.PublishableKey})
}

// customSecret creates a custom-mode session and answers its client secret.
func (d *demoStore) customSecret(w http.ResponseWriter, r *http.Request) {
	d.clientSecret(w, r, "custom")
}

func (d *demoStore) clientSecret(w http.ResponseWriter, r *http.Request, uiMode string) {
	s, err := d.createSession(r.Context(), url.Values{
		"ui_mode":    {uiMode},
		"return_url": {d.self + "/done?session_id={CHECKOUT_SESSION_ID}"},
	})
	if err != nil {
		d.fail(w, err)
		return
	}
	if s.ClientSecret == nil {
		d.fail(w, errors.New("the session has no client_secret"))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]string{"clientSecret": *s.ClientSecret})
}

// done is success_url and return_url: it retrieves the session, as a
// merchant's page should, rather than trusting the redirect.
func (d *demoStore) done(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("session_id")
	if !strings.HasPrefix(id, "cs_") || strings.ContainsAny(id, "/?#") {
		http.Error(w, "no session", http.StatusBadRequest)
		return
	}
	s, err := d.call(r.Context(), http.MethodGet, "/v1/checkout/sessions/"+id, nil)
	if err != nil {
		d.fail(w, err)
		return
	}
	email := ""
	if s.CustomerDetails != nil {
		email = s.CustomerDetails.Email
	}
	d.render(w, "done", map[string]any{"Session": s, "Paid": s.PaymentStatus == "paid", "Email": email,
		"Total": fmt.Sprintf("%s %.2f", strings.ToUpper(s.Currency), float64(s.AmountTotal)/100)})
}

func (d *demoStore) render(w http.ResponseWriter, name string, data any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := demoPages.ExecuteTemplate(w, name, data); err != nil {
		d.log.Error("demo store page", "page", name, "error", err)
	}
}

var demoPages = template.Must(template.New("").Parse(`
{{define "head"}}<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Demo Store</title>
<style>
body{margin:0;font:16px/1.5 system-ui,sans-serif;color:#1a1f36;background:#f6f8fa}
main{max-width:720px;margin:0 auto;padding:24px 16px}
h1{font-size:1.5rem;margin:0 0 16px}
.card{background:#fff;border:1px solid #e3e8ee;border-radius:8px;padding:20px;margin-bottom:16px}
.row{display:flex;justify-content:space-between;gap:12px}
.buttons{display:flex;flex-wrap:wrap;gap:12px;margin-top:16px}
button,.button{font:inherit;padding:10px 16px;border-radius:6px;border:0;background:#3d4eac;color:#fff;cursor:pointer;text-decoration:none}
.secondary{background:#fff;color:#3d4eac;border:1px solid #3d4eac}
.muted{color:#4f566b;font-size:.9rem}
</style></head><body><main>{{end}}
{{define "foot"}}</main></body></html>{{end}}

{{define "home"}}{{template "head"}}
<h1>Demo Store</h1>
<section class="card" aria-label="Basket">
  <div class="row"><span>Till T-shirt × 2</span><strong>$39.98</strong></div>
  <p class="muted">Organic cotton, printed with the till logo. Test mode: pay with 4242 4242 4242 4242, any future date, any CVC.</p>
  <div class="buttons">
    <form method="post" action="/checkout/hosted"><button type="submit" data-testid="hosted">Checkout on Till's page</button></form>
    <a class="button secondary" href="/embedded" data-testid="embedded">Checkout here (embedded)</a>
    <a class="button secondary" href="/custom" data-testid="custom">Checkout here (custom form)</a>
  </div>
</section>
<p class="muted">This site runs on another port than Till, so it is another origin, as a merchant's site would be.
Each button creates a Checkout Session through Till's API with the demo account's secret key.</p>
{{template "foot"}}{{end}}

{{define "embedded"}}{{template "head"}}
<h1>Checkout</h1>
<p><a href="/">← Back to the basket</a></p>
<div class="card"><div id="checkout" data-testid="checkout"></div></div>
<script src="{{.TillJS}}"></script>
<script>
// The same code as with Stripe.js: only the script above comes from Till.
(async () => {
  const stripe = Stripe({{.PublishableKey}});
  const checkout = await stripe.initEmbeddedCheckout({
    fetchClientSecret: () => fetch("/checkout/embedded", { method: "POST" })
      .then((r) => r.json()).then((j) => j.clientSecret),
  });
  checkout.mount("#checkout");
})();
</script>
{{template "foot"}}{{end}}

{{define "custom"}}{{template "head"}}
<h1>Checkout</h1>
<p><a href="/">← Back to the basket</a></p>
<section class="card" aria-label="Order">
  <div id="lines" data-testid="lines"></div>
  <div class="row"><strong>Total</strong><strong id="total" data-testid="total"></strong></div>
</section>
<form class="card" id="pay-form" novalidate>
  <label for="email">Email</label><br>
  <input id="email" type="email" autocomplete="email" required style="width:100%;font:inherit;padding:8px;margin:4px 0 12px;box-sizing:border-box">
  <div id="payment-element" data-testid="payment-element"></div>
  <p id="message" role="alert" data-testid="message" style="color:#df1b41"></p>
  <button type="submit" id="pay" data-testid="pay" disabled>Pay</button>
</form>
<script src="{{.TillJS}}"></script>
<script>
// Stripe's custom Checkout, unchanged: only the script above comes from
// Till. The card fields are Till's iframe; this page never sees them.
(async () => {
  const stripe = Stripe({{.PublishableKey}});
  const checkout = await stripe.initCheckout({
    fetchClientSecret: () => fetch("/checkout/custom", { method: "POST" })
      .then((r) => r.json()).then((j) => j.clientSecret),
  });
  const show = (session) => {
    const lines = document.getElementById("lines");
    lines.textContent = "";
    for (const li of session.lineItems) {
      const row = document.createElement("div");
      row.className = "row";
      row.append(Object.assign(document.createElement("span"), { textContent: li.name + " × " + li.quantity }),
        Object.assign(document.createElement("span"), { textContent: li.total.amount }));
      lines.append(row);
    }
    document.getElementById("total").textContent = session.total.total.amount;
    document.getElementById("pay").textContent = "Pay " + session.total.total.amount;
  };
  show(checkout.session());
  checkout.on("change", show);
  checkout.createPaymentElement().mount("#payment-element");
  const pay = document.getElementById("pay"), message = document.getElementById("message");
  pay.disabled = false;
  document.getElementById("pay-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    pay.disabled = true;
    message.textContent = "";
    const email = await checkout.updateEmail(document.getElementById("email").value);
    const result = email.type === "error" ? email : await checkout.confirm();
    if (result.type === "error") {
      message.textContent = result.error.message;
      pay.disabled = false;
    }
    // On success confirm() takes the shopper to the return_url.
  });
})();
</script>
{{template "foot"}}{{end}}

{{define "done"}}{{template "head"}}
{{if .Paid}}<h1>Thank you!</h1>{{else}}<h1>Not paid yet</h1>{{end}}
<section class="card">
  <div class="row"><span>Session</span><code>{{.Session.ID}}</code></div>
  <div class="row"><span>Status</span><span data-testid="status">{{.Session.Status}} / {{.Session.PaymentStatus}}</span></div>
  <div class="row"><span>Total</span><span>{{.Total}}</span></div>
  {{if .Email}}<div class="row"><span>Receipt to</span><span>{{.Email}}</span></div>{{end}}
</section>
<p><a href="/">Back to the store</a></p>
{{template "foot"}}{{end}}
`))
