package main

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/stripe/stripe-go/v82"

	"till/worker"
)

// listen implements `till listen`, Till's `stripe listen`: it follows the
// account's events through the API (GET /v1/events, newest first, polled)
// and forwards each one to a local endpoint, signed as Till's webhooks are,
// with a signing secret that stays the same for that account and target
// between runs.
func listen(ctx context.Context, cfg config, args []string, getenv func(string) string, stdout io.Writer) error {
	fs := flag.NewFlagSet("listen", flag.ContinueOnError)
	forwardTo := fs.String("forward-to", "", "the URL to forward events to, e.g. http://localhost:3000/webhook")
	events := fs.String("events", "", "comma-separated event types to forward (default: all)")
	apiKey := fs.String("api-key", getenv("TILL_API_KEY"), "the account's secret key (default: $TILL_API_KEY)")
	apiBase := fs.String("api-base", cfg.PublicURL, "the Till API to follow")
	interval := fs.Duration("interval", time.Second, "how often to poll for new events")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *forwardTo == "" || *apiKey == "" {
		return errors.New("usage: till listen --forward-to URL [--events type,…] [--api-key sk_test_…]")
	}
	var only []string
	for _, t := range strings.Split(*events, ",") {
		if t = strings.TrimSpace(t); t != "" {
			only = append(only, t)
		}
	}
	backends := stripe.NewBackendsWithConfig(&stripe.BackendConfig{URL: stripe.String(*apiBase),
		HTTPClient:    &http.Client{Timeout: 30 * time.Second, Transport: withoutStripeVersion{http.DefaultTransport}},
		LeveledLogger: &stripe.LeveledLogger{Level: stripe.LevelNull}})
	sc := stripe.NewClient(*apiKey, stripe.WithBackends(backends))

	// Start from the newest event: like stripe listen, forward what
	// happens from now on.
	last := ""
	for e, err := range sc.V1Events.List(ctx, &stripe.EventListParams{ListParams: stripe.ListParams{Limit: stripe.Int64(1), Single: true}}) {
		if err != nil {
			return fmt.Errorf("listen: %w", err)
		}
		last = e.ID
	}
	secret := listenSecret(*apiKey, *forwardTo)
	fmt.Fprintf(stdout, "Ready! Your webhook signing secret is %s (^C to quit)\n", secret)
	client := &http.Client{Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	tick := time.NewTicker(*interval)
	defer tick.Stop()
	for {
		fresh, err := eventsSince(ctx, sc, last)
		if err != nil && ctx.Err() == nil {
			fmt.Fprintf(stdout, "listen: %v\n", err)
		}
		for _, e := range fresh {
			last = e.ID
			if len(only) > 0 && !slices.Contains(only, string(e.Type)) {
				continue
			}
			forward(ctx, client, stdout, *forwardTo, secret, e)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
	}
}

// withoutStripeVersion drops the Stripe-Version stripe-go puts on every
// request: listen follows the account in the account's own version, and a
// version sent would pin an account that has none yet to stripe-go's.
type withoutStripeVersion struct{ http.RoundTripper }

func (t withoutStripeVersion) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Del("Stripe-Version")
	return t.RoundTripper.RoundTrip(r)
}

// eventsSince returns the events newer than the one with ID last, oldest
// first.
func eventsSince(ctx context.Context, sc *stripe.Client, last string) ([]*stripe.Event, error) {
	params := &stripe.EventListParams{ListParams: stripe.ListParams{Limit: stripe.Int64(100)}}
	if last != "" {
		params.EndingBefore = stripe.String(last)
	}
	// With ending_before set, stripe-go's iterator pages towards the newest
	// event and yields each page oldest first, the order they happened;
	// without it (the account had no event yet) the list runs newest first.
	var out []*stripe.Event
	for e, err := range sc.V1Events.List(ctx, params) {
		if err != nil {
			if last == "" {
				return nil, err // a partial newest-first list would skip the older events
			}
			return out, err
		}
		out = append(out, e)
	}
	if last == "" {
		slices.Reverse(out)
	}
	return out, nil
}

// forward POSTs one event, signed, and prints a line out and a line back.
func forward(ctx context.Context, client *http.Client, stdout io.Writer, target, secret string, e *stripe.Event) {
	fmt.Fprintf(stdout, "--> %s [%s]\n", e.Type, e.ID)
	// The event as the API sent it, byte for byte, is what gets signed.
	var body []byte
	if e.LastResponse != nil {
		body = e.LastResponse.RawJSON
	}
	if len(body) == 0 {
		body, _ = json.Marshal(e)
	}
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Stripe-Signature", worker.Sign(secret, time.Now(), body))
	res, err := client.Do(req)
	if err != nil {
		fmt.Fprintf(stdout, "<-- [ERR] POST %s [%s]: %v\n", target, e.ID, err)
		return
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	fmt.Fprintf(stdout, "<-- [%d] POST %s [%s]\n", res.StatusCode, target, e.ID)
}

// listenSecret derives the signing secret of an account's key and a target:
// the same between runs, so a receiver configured once keeps verifying.
func listenSecret(apiKey, target string) string {
	m := hmac.New(sha256.New, []byte(apiKey))
	m.Write([]byte("till listen\x00" + target))
	return "whsec_" + hex.EncodeToString(m.Sum(nil))[:32]
}
