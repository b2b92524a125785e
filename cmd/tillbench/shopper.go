package main

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
)

// payFields are the checkout form's fields the bench fills in as a shopper
// would, each under the names the page may give it: today's first, then
// Stripe Checkout's ids, which the form may move to. readPayForm takes the
// one the page has, so a rename needs no change here; a new name goes at
// the end of its list.
var payFields = []struct {
	names []string
	value string
}{
	{[]string{"email"}, "shopper@example.com"},
	{[]string{"card_number", "cardNumber"}, "4242 4242 4242 4242"},
	{[]string{"card_expiry", "cardExpiry"}, "12 / 34"},
	{[]string{"card_cvc", "cardCvc"}, "123"},
	{[]string{"card_name", "billingName"}, "Ada Lovelace"},
	{[]string{"country", "billingCountry"}, "US"},
	{[]string{"postal_code", "billingPostalCode"}, "94107"},
}

// payForm is the checkout form as a page shows it: the names of its hidden
// fields, whose values (the form token) are each page's own, and the
// encoded fields the bench fills in, the same for every page.
type payForm struct {
	hidden []string
	filled string
}

var (
	formPattern   = regexp.MustCompile(`(?s)<form\b[^>]*\bmethod="post".*?</form>`)
	inputPattern  = regexp.MustCompile(`<input\b[^>]*>`)
	hiddenPattern = regexp.MustCompile(`\btype="hidden"`)
	namePattern   = regexp.MustCompile(`\bname="([^"]+)"`)
)

// readPayForm finds the payment form on a hosted page: once per round,
// outside the measurements, so the page views only pick out each page's
// hidden values.
func readPayForm(page []byte) (payForm, error) {
	form := formPattern.Find(page)
	if form == nil {
		return payForm{}, fmt.Errorf("no payment form on the page")
	}
	var f payForm
	for _, input := range inputPattern.FindAll(form, -1) {
		if m := namePattern.FindSubmatch(input); m != nil && hiddenPattern.Match(input) {
			f.hidden = append(f.hidden, html.UnescapeString(string(m[1])))
		}
	}
	if len(f.hidden) == 0 {
		return payForm{}, fmt.Errorf("the payment form has no form token")
	}
	names := map[string]bool{}
	for _, m := range namePattern.FindAllSubmatch(form, -1) {
		names[html.UnescapeString(string(m[1]))] = true
	}
	filled := url.Values{}
	for _, field := range payFields {
		i := slices.IndexFunc(field.names, func(n string) bool { return names[n] })
		if i < 0 {
			return payForm{}, fmt.Errorf("the payment form has none of the fields %s", strings.Join(field.names, ", "))
		}
		filled.Set(field.names[i], field.value)
	}
	f.filled = filled.Encode()
	return f, nil
}

// hiddenValues picks the hidden fields' values out of one page, encoded as
// a form body's start, or "" if one is missing. It searches bytes rather
// than parsing, as it runs in the page-view measurement.
func (f payForm) hiddenValues(page []byte) string {
	vals := url.Values{}
	for _, name := range f.hidden {
		at := bytes.Index(page, []byte(`name="`+name+`"`))
		if at < 0 {
			return ""
		}
		tag := page[at:]
		if end := bytes.IndexByte(tag, '>'); end >= 0 {
			tag = tag[:end]
		}
		const attr = `value="`
		v := bytes.Index(tag, []byte(attr))
		if v < 0 {
			return ""
		}
		value, _, _ := bytes.Cut(tag[v+len(attr):], []byte(`"`))
		vals.Set(name, html.UnescapeString(string(value)))
	}
	return vals.Encode()
}

// body is a submission of the form with one page's hidden values.
func (f payForm) body(hidden string) string { return hidden + "&" + f.filled }

// fetchPayForm reads the payment form from one session's page, with a
// plain client, outside the measurements.
func fetchPayForm(pageURL string) (payForm, error) {
	resp, err := http.Get(pageURL)
	if err != nil {
		return payForm{}, err
	}
	defer resp.Body.Close()
	page, err := io.ReadAll(resp.Body)
	if err != nil {
		return payForm{}, err
	}
	if resp.StatusCode != http.StatusOK {
		return payForm{}, fmt.Errorf("GET %s: status %d", pageURL, resp.StatusCode)
	}
	return readPayForm(page)
}

// pageViews is a run of hosted page views over a round's open sessions.
// Worker w views sessions w, w+workers, w+2·workers, … and starts over
// when it reaches the end; each session's first view keeps its hidden
// form values (hidden[k] for session k), for the payments that follow.
type pageViews struct {
	exchange
	hidden []string
}

func newPageViews(urls []string, form payForm, workers int) *pageViews {
	reqs := make([][]byte, len(urls))
	for k, u := range urls {
		reqs[k] = rawRequest(http.MethodGet, u, map[string]string{"Accept-Language": "en-US"}, "")
	}
	p := &pageViews{hidden: make([]string, len(urls))}
	p.exchange = exchange{
		want: http.StatusOK,
		next: func(w, i int) ([]byte, bool) { return reqs[(w+i*workers)%len(reqs)], true },
		read: func(w, i int, page []byte) {
			if k := w + i*workers; k < len(urls) {
				p.hidden[k] = form.hiddenValues(page)
			}
		},
	}
	return p
}

// newPayments submits the form once on each session whose page was viewed,
// with a test card that pays: a payment completes its session. The
// requests are rendered before the measurement.
func newPayments(urls, hidden []string, form payForm) (exchange, int) {
	var reqs [][]byte
	for k, h := range hidden {
		if h != "" {
			reqs = append(reqs, rawRequest(http.MethodPost, urls[k],
				map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, form.body(h)))
		}
	}
	var taken atomic.Int64
	return exchange{
		want: http.StatusSeeOther,
		next: func(int, int) ([]byte, bool) {
			k := int(taken.Add(1)) - 1
			if k >= len(reqs) {
				return nil, false
			}
			return reqs[k], true
		},
	}, len(reqs)
}
