package worker_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/stripe/stripe-go/v82/webhook"

	"till"
	"till/db"
	"till/db/dbtest"
	"till/handlers/api"
	"till/worker"
)

var bg = context.Background()

func ptr[T any](v T) *T { return &v }

// clock is a store clock tests move forward.
type clock struct{ offset atomic.Int64 }

func (c *clock) Now() time.Time          { return time.Now().Add(time.Duration(c.offset.Load())) }
func (c *clock) Advance(d time.Duration) { c.offset.Add(int64(d)) }
func renderJSON(s *till.Session) ([]byte, error) {
	return json.Marshal(map[string]string{"id": s.ID, "status": s.Status})
}

// twoStores returns two stores on one fresh database, as two processes
// would have, and a raw handle for assertions.
func twoStores(t *testing.T, now func() time.Time) (*db.Store, *db.Store, *sqlx.DB) {
	t.Helper()
	t.Parallel()
	url := dbtest.New(t)
	var stores [2]*db.Store
	for i := range stores {
		conn, err := db.Connect(bg, url)
		if err != nil {
			t.Fatal(err)
		}
		if stores[i], err = db.NewStore(conn, dbtest.Keys(), now); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { stores[i].Close() })
	}
	raw, err := sqlx.Connect("postgres", url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return stores[0], stores[1], raw
}

func newCaller(t *testing.T, store *db.Store) till.Caller {
	t.Helper()
	acct, err := store.CreateAccount(bg, "Shop")
	if err != nil {
		t.Fatal(err)
	}
	caller, _, err := store.Authenticate(bg, acct.SecretKey)
	if err != nil {
		t.Fatal(err)
	}
	return caller
}

func createSession(t *testing.T, store *db.Store, caller till.Caller) *till.Session {
	t.Helper()
	p := &till.CreateSessionParams{
		Mode:       ptr("payment"),
		SuccessURL: ptr("https://example.com/ok"),
		LineItems: []till.LineItemParams{{Quantity: ptr(int64(1)), PriceData: &till.PriceDataParams{
			Currency: ptr("usd"), UnitAmount: ptr(int64(500)), ProductData: &till.ProductDataParams{Name: ptr("Mug")}}}},
	}
	if err := till.CheckCreateSession(p, till.DefaultAPIVersion, store.Now()); err != nil {
		t.Fatal(err)
	}
	s, _, _, err := store.CreateSession(bg, caller, p, till.DefaultAPIVersion, nil, renderJSON)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestSweepersRace runs two sweepers, on two stores as two processes would,
// over the same expired sessions: each session expires once, with one event.
func TestSweepersRace(t *testing.T) {
	var clk clock
	a, b, raw := twoStores(t, clk.Now)
	caller := newCaller(t, a)
	const n = 60
	for range n {
		createSession(t, a, caller)
	}
	open := createSession(t, a, caller)
	// Past every expires_at but the last session's, made later.
	clk.Advance(25 * time.Hour)
	if _, err := raw.Exec(`UPDATE checkout_sessions SET expires_at = $2 WHERE id = $1`, open.ID, clk.Now().Unix()+3600); err != nil {
		t.Fatal(err)
	}
	var total atomic.Int64
	var wg sync.WaitGroup
	for _, store := range []*db.Store{a, b} {
		for range 2 {
			sw := worker.NewSweeper(worker.SweeperConfig{Store: store, Renderers: till.Renderers{Session: renderJSON}, Batch: 7})
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					k, err := sw.Sweep(bg)
					if err != nil {
						t.Error(err)
						return
					}
					total.Add(int64(k))
					if k == 0 {
						return
					}
				}
			}()
		}
	}
	wg.Wait()
	if total.Load() != n {
		t.Errorf("sweepers expired %d sessions, want %d", total.Load(), n)
	}
	var counts []int
	if err := raw.Select(&counts, `SELECT count(*) FROM events WHERE type = 'checkout.session.expired' GROUP BY object_id`); err != nil {
		t.Fatal(err)
	}
	if len(counts) != n {
		t.Errorf("%d sessions have an expired event, want %d", len(counts), n)
	}
	for _, c := range counts {
		if c != 1 {
			t.Errorf("a session has %d expired events", c)
		}
	}
	var expired int
	raw.Get(&expired, `SELECT count(*) FROM checkout_sessions WHERE status = 'expired'`)
	if expired != n {
		t.Errorf("%d sessions expired, want %d", expired, n)
	}
	if s, err := a.FindSession(bg, caller.AccountID, open.ID); err != nil || s.Status != till.SessionOpen {
		t.Errorf("the unexpired session: %v, %+v", err, s)
	}
}

func TestSignVerifiesWithStripeGo(t *testing.T) {
	ev := &till.Event{ID: "evt_123", Type: till.EventCustomerCreated, Data: []byte(`{"id":"cus_1","object":"customer"}`), Created: time.Now().Unix()}
	body, err := api.RenderEvent(ev, till.DefaultAPIVersion)
	if err != nil {
		t.Fatal(err)
	}
	const secret = "whsec_test"
	header := worker.Sign(secret, time.Now(), body)
	got, err := webhook.ConstructEvent(body, header, secret)
	if err != nil {
		t.Fatalf("ConstructEvent: %v", err)
	}
	if got.ID != "evt_123" || got.Data.Object["id"] != "cus_1" {
		t.Errorf("event = %+v", got)
	}
	tampered := append([]byte(nil), body...)
	tampered[len(tampered)-3] = ' '
	if _, err := webhook.ConstructEvent(tampered, header, secret); !errors.Is(err, webhook.ErrNoValidSignature) {
		t.Errorf("tampered body: %v, want ErrNoValidSignature", err)
	}
	old := worker.Sign(secret, time.Now().Add(-301*time.Second), body)
	if _, err := webhook.ConstructEvent(body, old, secret); !errors.Is(err, webhook.ErrTooOld) {
		t.Errorf("old timestamp: %v, want ErrTooOld", err)
	}
	if _, err := webhook.ConstructEvent(body, header, "whsec_other"); !errors.Is(err, webhook.ErrNoValidSignature) {
		t.Errorf("other secret: %v, want ErrNoValidSignature", err)
	}
}

// TestDeliverersShareQueue runs two deliverers on two stores against one
// receiver that always answers 200: every event arrives exactly once.
func TestDeliverersShareQueue(t *testing.T) {
	a, b, _ := twoStores(t, time.Now)
	caller := newCaller(t, a)
	var mu sync.Mutex
	got := map[string]int{}
	secret := "whsec_" + till.RandomString(32)
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		ev, err := webhook.ConstructEvent(body, r.Header.Get("Stripe-Signature"), secret)
		if err != nil {
			t.Errorf("delivery does not verify: %v", err)
		}
		mu.Lock()
		got[ev.ID]++
		mu.Unlock()
	}))
	defer recv.Close()
	err := a.CreateWebhookEndpoint(bg, &till.WebhookEndpoint{ID: "we_" + till.RandomString(24), AccountID: caller.AccountID,
		URL: recv.URL + "/hook", EnabledEvents: []string{"*"}, Metadata: map[string]string{}, Secret: secret,
		Status: till.WebhookEndpointEnabled, Created: time.Now().Unix()})
	if err != nil {
		t.Fatal(err)
	}
	const n = 40
	for range n {
		c := &till.Customer{ID: till.NewCustomerID(), AccountID: caller.AccountID, Metadata: map[string]string{}, Created: time.Now().Unix()}
		if err := a.CreateCustomer(bg, c, till.EventSource{}, func(c *till.Customer) ([]byte, error) { return json.Marshal(map[string]string{"id": c.ID}) }); err != nil {
			t.Fatal(err)
		}
	}
	loopback := worker.NewGuard([]netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")})
	ctx, cancel := context.WithCancel(bg)
	var wg sync.WaitGroup
	for _, store := range []*db.Store{a, b, a, b} {
		d := worker.NewDeliverer(worker.DelivererConfig{Store: store, RenderEvent: api.RenderEvent, Guard: loopback,
			Batch: 3, Poll: 10 * time.Millisecond})
		wg.Add(1)
		go func() { defer wg.Done(); d.Run(ctx) }()
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		mu.Lock()
		k := len(got)
		mu.Unlock()
		if k == n || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	if len(got) != n {
		t.Fatalf("%d events delivered, want %d", len(got), n)
	}
	for id, c := range got {
		if c != 1 {
			t.Errorf("event %s delivered %d times, want once", id, c)
		}
	}
}

// crashingStore loses every attempt's record, as a process killed between
// the POST and recording it would.
type crashingStore struct{ *db.Store }

func (crashingStore) FinishDelivery(context.Context, till.Delivery, till.DeliveryAttempt, till.DeliveryOutcome) error {
	return errors.New("killed before recording")
}

// TestCrashBeforeRecordRedelivers: a delivery whose worker dies after the
// POST is delivered again, with the same event id, once its lease ends.
func TestCrashBeforeRecordRedelivers(t *testing.T) {
	a, b, raw := twoStores(t, time.Now)
	caller := newCaller(t, a)
	var mu sync.Mutex
	var ids []string
	secret := "whsec_" + till.RandomString(32)
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		ev, err := webhook.ConstructEvent(body, r.Header.Get("Stripe-Signature"), secret)
		if err != nil {
			t.Errorf("delivery does not verify: %v", err)
		}
		mu.Lock()
		ids = append(ids, ev.ID)
		mu.Unlock()
	}))
	defer recv.Close()
	err := a.CreateWebhookEndpoint(bg, &till.WebhookEndpoint{ID: "we_" + till.RandomString(24), AccountID: caller.AccountID,
		URL: recv.URL, EnabledEvents: []string{"*"}, Metadata: map[string]string{}, Secret: secret,
		Status: till.WebhookEndpointEnabled, Created: time.Now().Unix()})
	if err != nil {
		t.Fatal(err)
	}
	c := &till.Customer{ID: till.NewCustomerID(), AccountID: caller.AccountID, Metadata: map[string]string{}, Created: time.Now().Unix()}
	if err := a.CreateCustomer(bg, c, till.EventSource{}, func(c *till.Customer) ([]byte, error) { return json.Marshal(map[string]string{"id": c.ID}) }); err != nil {
		t.Fatal(err)
	}
	loopback := worker.NewGuard([]netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")})
	cfg := worker.DelivererConfig{RenderEvent: api.RenderEvent, Guard: loopback, Timeout: 2 * time.Second, Lease: 5 * time.Second}
	cfg.Store = crashingStore{a}
	if n, err := worker.NewDeliverer(cfg).RunOnce(bg); n != 1 || err != nil {
		t.Fatalf("crashing worker claimed %d (%v), want 1", n, err)
	}
	cfg.Store = b
	survivor := worker.NewDeliverer(cfg)
	// Within the lease, the survivor must not touch the delivery.
	if n, err := survivor.RunOnce(bg); n != 0 || err != nil {
		t.Fatalf("survivor claimed %d (%v) within the lease, want 0", n, err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		n, err := survivor.RunOnce(bg)
		if err != nil {
			t.Fatal(err)
		}
		if n == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the delivery was never claimed again")
		}
		time.Sleep(50 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(ids) != 2 || ids[0] != ids[1] {
		t.Errorf("received %v, want the same event twice", ids)
	}
	var status string
	var attempts int
	if err := raw.QueryRow(`SELECT status, attempts FROM webhook_deliveries`).Scan(&status, &attempts); err != nil {
		t.Fatal(err)
	}
	if status != "delivered" || attempts != 2 {
		t.Errorf("delivery status %q attempts %d, want delivered after 2", status, attempts)
	}
}
