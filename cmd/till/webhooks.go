package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// webhooks implements `till webhooks roll-secret`: it rolls an endpoint's
// signing secret through the API (POST /v1/webhook_endpoints/{id}/roll_secret),
// as the merchant's own key would, so the CLI needs no database access and
// the account's scope is checked as for any API call.
func webhooks(ctx context.Context, cfg config, args []string, getenv func(string) string, stdout io.Writer) error {
	const usage = "usage: till webhooks roll-secret ENDPOINT_ID [--overlap 24h] [--api-key sk_test_…]"
	if len(args) < 2 || args[0] != "roll-secret" || strings.HasPrefix(args[1], "-") {
		return errors.New(usage)
	}
	id := args[1]
	fs := flag.NewFlagSet("webhooks roll-secret", flag.ContinueOnError)
	overlap := fs.Duration("overlap", 24*time.Hour, "how long the old secret keeps signing deliveries (0: not at all)")
	apiKey := fs.String("api-key", getenv("TILL_API_KEY"), "the account's secret key (default: $TILL_API_KEY)")
	apiBase := fs.String("api-base", cfg.PublicURL, "the Till API")
	if err := fs.Parse(args[2:]); err != nil {
		return err
	}
	if *apiKey == "" {
		return errors.New(usage)
	}
	if *overlap < 0 || *overlap%time.Second != 0 {
		return fmt.Errorf("webhooks roll-secret: --overlap must be whole seconds, not negative, got %s", *overlap)
	}
	body := url.Values{"expires_in": {strconv.FormatInt(int64(*overlap/time.Second), 10)}}.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost,
		strings.TrimSuffix(*apiBase, "/")+"/v1/webhook_endpoints/"+url.PathEscape(id)+"/roll_secret", strings.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+*apiKey)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		return fmt.Errorf("webhooks roll-secret: %w", err)
	}
	defer res.Body.Close()
	var answer struct {
		Secret string `json:"secret"`
		Error  struct {
			Message string `json:"message"`
		} `json:"error"`
	}
	if err := json.NewDecoder(io.LimitReader(res.Body, 1<<20)).Decode(&answer); err != nil {
		return fmt.Errorf("webhooks roll-secret: %s: %w", res.Status, err)
	}
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("webhooks roll-secret: %s: %s", res.Status, answer.Error.Message)
	}
	fmt.Fprintf(stdout, "%s: new signing secret %s\n", id, answer.Secret)
	if *overlap > 0 {
		fmt.Fprintf(stdout, "the old secret keeps signing deliveries, alongside the new one, for %s\n", *overlap)
	} else {
		fmt.Fprintln(stdout, "the old secret no longer signs deliveries")
	}
	return nil
}
