package web_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/stripe/stripe-go/v82"

	"till/db"
	"till/db/dbtest"
	"till/web"
)

// Helpers shared by the contract tests (files *_contract_test.go). They sit
// beside the harness of harness_test.go and only add what the contract
// needs: error assertions with the code, JSON access for raw answers, and a
// raw database handle for states no API call can reach yet.

var (
	bg               = context.Background()
	requestIDPattern = regexp.MustCompile(`^req_[A-Za-z0-9]{14}$`)
)

const (
	basilVersion  = "2025-08-27.basil"
	dahliaVersion = "2026-03-25.dahlia"
)

// wantErr asserts err is a *stripe.Error with the given status, type, code
// and param; a non-empty msg must be contained in the message.
func wantErr(t *testing.T, err error, status int, typ stripe.ErrorType, code stripe.ErrorCode, param, msg string) *stripe.Error {
	t.Helper()
	var se *stripe.Error
	if !errors.As(err, &se) {
		t.Fatalf("err = %v (%T), want *stripe.Error", err, err)
	}
	if se.HTTPStatusCode != status || se.Type != typ || se.Code != code || se.Param != param {
		t.Fatalf("error = status %d type %q code %q param %q (%s), want %d %q %q %q",
			se.HTTPStatusCode, se.Type, se.Code, se.Param, se.Msg, status, typ, code, param)
	}
	if msg != "" && !strings.Contains(se.Msg, msg) {
		t.Fatalf("message = %q, want it to contain %q", se.Msg, msg)
	}
	if !requestIDPattern.MatchString(se.RequestID) {
		t.Errorf("error request id = %q, want req_ and 14 alphanumerics", se.RequestID)
	}
	return se
}

// anyCode leaves an error's code unchecked where Stripe's code for a rule is
// not known (the reference gives the message, type and param only).
const anyCode stripe.ErrorCode = "<any>"

// wantErrCode is wantErr that leaves the code unchecked for anyCode rows.
func wantErrCode(t *testing.T, err error, status int, typ stripe.ErrorType, code stripe.ErrorCode, param, msg string) {
	t.Helper()
	if code != anyCode {
		wantErr(t, err, status, typ, code, param, msg)
		return
	}
	se, ok := err.(*stripe.Error)
	if !ok {
		t.Fatalf("err = %v (%T), want *stripe.Error", err, err)
	}
	wantErr(t, err, status, typ, se.Code, param, msg)
}

// apiError is Stripe's error envelope as a raw client reads it.
type apiError struct {
	Type    string `json:"type"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Param   string `json:"param"`
}

// wantRawErr asserts a raw response is a Stripe error: the status, a JSON
// body with the envelope, a Request-Id, and the type, code and param.
func wantRawErr(t *testing.T, res response, status int, typ, code, param string) apiError {
	t.Helper()
	if res.Status != status {
		t.Fatalf("status = %d, want %d; body %s", res.Status, status, res.Body)
	}
	e := decodeErr(t, res)
	if e.Type != typ || e.Code != code || e.Param != param {
		t.Fatalf("error = type %q code %q param %q (%s), want %q %q %q", e.Type, e.Code, e.Param, e.Message, typ, code, param)
	}
	return e
}

// decodeErr checks the shape every error answer has and returns the error.
func decodeErr(t *testing.T, res response) apiError {
	t.Helper()
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	if id := res.Header.Get("Request-Id"); !requestIDPattern.MatchString(id) {
		t.Errorf("Request-Id = %q, want req_ and 14 alphanumerics", id)
	}
	var env struct {
		Error *apiError `json:"error"`
	}
	if err := json.Unmarshal([]byte(res.Body), &env); err != nil || env.Error == nil {
		t.Fatalf("body is not a Stripe error envelope (%v): %s", err, res.Body)
	}
	if env.Error.Type == "" || env.Error.Message == "" {
		t.Errorf("error without type or message: %s", res.Body)
	}
	return *env.Error
}

// object decodes a raw JSON object answer, failing unless the status is 200.
func object(t *testing.T, res response) map[string]any {
	t.Helper()
	if res.Status != http.StatusOK {
		t.Fatalf("status = %d, want 200; body %s", res.Status, res.Body)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(res.Body), &m); err != nil {
		t.Fatalf("body is not a JSON object: %v: %s", err, res.Body)
	}
	return m
}

// listIDs returns the ids of a raw list answer, and its has_more.
func listIDs(t *testing.T, res response) ([]string, bool) {
	t.Helper()
	m := object(t, res)
	if m["object"] != "list" {
		t.Fatalf("object = %v, want list: %s", m["object"], res.Body)
	}
	data, ok := m["data"].([]any)
	if !ok {
		t.Fatalf("data is not an array: %s", res.Body)
	}
	ids := make([]string, len(data))
	for i, d := range data {
		ids[i], _ = d.(map[string]any)["id"].(string)
	}
	more, _ := m["has_more"].(bool)
	return ids, more
}

// sdkIDs collects the ids an SDK list iterator yields.
func sdkIDs[T any](t *testing.T, seq stripe.Seq2[T, error], id func(T) string) []string {
	t.Helper()
	var ids []string
	for v, err := range seq {
		if err != nil {
			t.Fatalf("list: %v", err)
		}
		ids = append(ids, id(v))
	}
	return ids
}

func sessionID(s *stripe.CheckoutSession) string { return s.ID }

// equalIDs reports a difference between two id lists.
func equalIDs(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

// createSessions creates n basic sessions and returns their ids in order of
// creation (oldest first).
func createSessions(t *testing.T, acct *account, n int) []string {
	t.Helper()
	ids := make([]string, n)
	for i := range ids {
		s, err := acct.Stripe.V1CheckoutSessions.Create(bg, basicSession())
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = s.ID
	}
	return ids
}

// reversed returns ids newest first.
func reversed(ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[len(ids)-1-i] = id
	}
	return out
}

// rawSession is a hosted session as curl would send it, with extra pairs.
func rawSession(extra ...string) string {
	kv := append([]string{
		"mode", "payment",
		"success_url", "https://shop.example/success",
		"line_items[0][price_data][currency]", "usd",
		"line_items[0][price_data][unit_amount]", "1999",
		"line_items[0][price_data][product_data][name]", "T-shirt",
		"line_items[0][quantity]", "2",
	}, extra...)
	return form(kv...)
}

// newTestServerDB is newTestServer with a second handle on the same
// database, for fixtures that no API call can produce yet (a completed
// session before the payment flow is exposed).
func newTestServerDB(t *testing.T) (*testServer, *sqlx.DB) {
	t.Helper()
	t.Parallel()
	url := dbtest.New(t)
	conn, err := db.Connect(bg, url)
	if err != nil {
		t.Fatal(err)
	}
	store, err := db.NewStore(conn, dbtest.Keys(), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	raw, err := sqlx.Connect("postgres", url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	app := web.New(web.Config{PublicURL: base}, store, slog.New(slog.NewTextHandler(io.Discard, nil)), web.NewMetrics())
	go app.Listener(ln)
	t.Cleanup(func() { app.ShutdownWithTimeout(5 * time.Second) })
	return &testServer{URL: base, Store: store}, raw
}

// markComplete puts a session in the complete state directly in the
// database, as a successful payment would.
func markComplete(t *testing.T, raw *sqlx.DB, id string) {
	t.Helper()
	res, err := raw.Exec(`UPDATE checkout_sessions SET status = 'complete', payment_status = 'paid', completed_at = $2 WHERE id = $1`,
		id, time.Now().Unix())
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		t.Fatalf("markComplete(%s): %d rows", id, n)
	}
}

func ptrs(s ...string) []*string {
	out := make([]*string, len(s))
	for i := range s {
		out[i] = &s[i]
	}
	return out
}

func repeat(c string, n int) string { return strings.Repeat(c, n) }

func manyMetadata(n int) map[string]string {
	m := make(map[string]string, n)
	for i := range n {
		m[fmt.Sprintf("k%d", i)] = "v"
	}
	return m
}
