package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"

	"till"
)

// createBody is a typical create request: one inline line item, URLs,
// metadata and an expansion-free response, as a merchant's backend sends it.
// stripe-mock accepts every parameter of it, so Till and stripe-mock are
// sent the same request.
var createBody = url.Values{
	"mode":                                   {"payment"},
	"success_url":                            {"https://shop.example/success?session_id={CHECKOUT_SESSION_ID}"},
	"cancel_url":                             {"https://shop.example/cart"},
	"line_items[0][price_data][currency]":    {"usd"},
	"line_items[0][price_data][unit_amount]": {"1999"},
	"line_items[0][price_data][product_data][name]":        {"T-shirt"},
	"line_items[0][price_data][product_data][description]": {"Organic cotton, size M"},
	"line_items[0][quantity]":                              {"2"},
	"metadata[order_id]":                                   {"6735"},
	"payment_method_types[0]":                              {"card"},
}.Encode()

// creates is a run of session creates and the url of each session created.
type creates struct {
	exchange
	// urls are each worker's sessions' urls, in the order created.
	urls [][]string
}

// newCreates makes session-create requests to target, each with its own
// Idempotency-Key and a Stripe-Version as the SDKs send (the version pins
// the account's, as at Stripe): one rendered request whose key's last
// characters are rewritten in place for each. Every answer's url is kept
// (by a scan, not a JSON decode): Till's sessions are the ones the page
// views and payments then use, and stripe-mock's answers are read the same
// way so that both servers see the same client.
func newCreates(target, key string, workers int) *creates {
	const keyPlaceholder = "bench-0000000000000000"
	template := rawRequest(http.MethodPost, target, map[string]string{
		"Authorization":   "Bearer " + key,
		"Content-Type":    "application/x-www-form-urlencoded",
		"Idempotency-Key": keyPlaceholder,
		"Stripe-Version":  till.DefaultAPIVersion,
	}, createBody)
	at := bytes.Index(template, []byte(keyPlaceholder)) + len("bench-")
	run := till.RandomString(4)
	c := &creates{urls: make([][]string, workers)}
	c.exchange = exchange{
		want: http.StatusOK,
		next: func(w, i int) ([]byte, bool) {
			req := slices.Clone(template)
			copy(req[at:], fmt.Sprintf("%s%03d%09d", run, w, i))
			return req, true
		},
		read: func(w, _ int, body []byte) {
			if u := sessionURL(body); u != "" {
				c.urls[w] = append(c.urls[w], u)
			}
		},
	}
	return c
}

// all is every session's url, the workers' lists one after the other.
func (c *creates) all() []string { return slices.Concat(c.urls...) }

// sessionURL is the "url" of a checkout session's JSON, or "" if it has
// none (or null). It is the last "url" key: top-level fields are in
// alphabetical order and url comes after every nested object that has one.
func sessionURL(session []byte) string {
	const key = `"url":`
	at := bytes.LastIndex(session, []byte(key))
	if at < 0 {
		return ""
	}
	value := bytes.TrimLeft(session[at+len(key):], " \t\r\n")
	if len(value) == 0 || value[0] != '"' {
		return ""
	}
	if end := bytes.IndexByte(value[1:], '"'); end >= 0 && bytes.IndexByte(value[1:1+end], '\\') < 0 {
		return string(value[1 : 1+end])
	}
	// An escaped character: the string ends at the first unescaped quote.
	var u string
	if err := json.NewDecoder(bytes.NewReader(value)).Decode(&u); err != nil {
		return ""
	}
	return u
}
