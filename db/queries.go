package db

import (
	"bufio"
	"embed"
	"fmt"
	"io/fs"
	"reflect"
	"strings"

	"github.com/jmoiron/sqlx"
)

//go:embed queries/*.sql
var queryFiles embed.FS

// loadQueries reads every `-- name: some-query` block of queries/*.sql.
func loadQueries() (map[string]string, error) {
	out := map[string]string{}
	err := fs.WalkDir(queryFiles, "queries", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, err := queryFiles.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		var name string
		var body strings.Builder
		flush := func() error {
			if name == "" {
				return nil
			}
			if _, dup := out[name]; dup {
				return fmt.Errorf("%s: query %q defined twice", path, name)
			}
			out[name] = strings.TrimSpace(body.String())
			body.Reset()
			return nil
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			line := sc.Text()
			if n, ok := strings.CutPrefix(strings.TrimSpace(line), "-- name:"); ok {
				if err := flush(); err != nil {
					return err
				}
				name = strings.TrimSpace(n)
				continue
			}
			// Comments document the SQL files but are not sent: a colon in
			// one would read as a named parameter.
			if strings.HasPrefix(strings.TrimSpace(line), "--") {
				continue
			}
			body.WriteString(line)
			body.WriteByte('\n')
		}
		if err := sc.Err(); err != nil {
			return err
		}
		return flush()
	})
	return out, err
}

// QueryText is the SQL of one named query as the store prepares it, for a
// tool that measures a query on its own: tillbench runs the checkout page's
// read under pgbench, to tell the database's share of a page view apart
// from Till's.
func QueryText(name string) (string, error) {
	texts, err := loadQueries()
	if err != nil {
		return "", err
	}
	text, ok := texts[name]
	if !ok {
		return "", fmt.Errorf("db: no query %q in queries/*.sql", name)
	}
	return text, nil
}

// prepareQueries fills every field of dst (a pointer to a struct of
// *sqlx.Stmt and *sqlx.NamedStmt fields tagged `query:"name"`) with the
// prepared statement of that name. A missing, unused or broken query is an
// error at start-up.
func prepareQueries(conn *sqlx.DB, dst any) error {
	texts, err := loadQueries()
	if err != nil {
		return fmt.Errorf("db: load queries: %w", err)
	}
	used := map[string]bool{}
	v := reflect.ValueOf(dst).Elem()
	for i := 0; i < v.NumField(); i++ {
		f := v.Type().Field(i)
		name := f.Tag.Get("query")
		text, ok := texts[name]
		if !ok {
			return fmt.Errorf("db: query %q (field %s) not found in queries/*.sql", name, f.Name)
		}
		used[name] = true
		switch f.Type {
		case reflect.TypeFor[*sqlx.Stmt]():
			stmt, err := conn.Preparex(text)
			if err != nil {
				return fmt.Errorf("db: prepare %q: %w", name, err)
			}
			v.Field(i).Set(reflect.ValueOf(stmt))
		case reflect.TypeFor[*sqlx.NamedStmt]():
			stmt, err := conn.PrepareNamed(text)
			if err != nil {
				return fmt.Errorf("db: prepare %q: %w", name, err)
			}
			v.Field(i).Set(reflect.ValueOf(stmt))
		default:
			return fmt.Errorf("db: field %s has unsupported type %s", f.Name, f.Type)
		}
	}
	for name := range texts {
		if !used[name] {
			return fmt.Errorf("db: query %q is not used by any statement field", name)
		}
	}
	return nil
}

// queries holds every prepared statement of the store, one per named query
// in queries/*.sql.
type queries struct {
	CreateAccount           *sqlx.Stmt      `query:"create-account"`
	FindAccount             *sqlx.Stmt      `query:"find-account"`
	UpdateAccount           *sqlx.NamedStmt `query:"update-account"`
	LockAccount             *sqlx.Stmt      `query:"lock-account"`
	FindAccountTermsURL     *sqlx.Stmt      `query:"find-account-terms-url"`
	CreateAPIKey            *sqlx.Stmt      `query:"create-api-key"`
	FindCallerByKeyHash     *sqlx.Stmt      `query:"find-caller-by-key-hash"`
	PinAPIVersion           *sqlx.Stmt      `query:"pin-api-version"`
	TryIdempotencyLock      *sqlx.Stmt      `query:"try-idempotency-lock"`
	WaitIdempotencyLock     *sqlx.Stmt      `query:"wait-idempotency-lock"`
	FindIdempotencyRecord   *sqlx.Stmt      `query:"find-idempotency-record"`
	CreateIdempotencyRecord *sqlx.Stmt      `query:"create-idempotency-record"`
	PruneIdempotencyRecords *sqlx.Stmt      `query:"prune-idempotency-records"`

	CreateProduct *sqlx.NamedStmt `query:"create-product"`
	UpdateProduct *sqlx.NamedStmt `query:"update-product"`
	FindProduct   *sqlx.Stmt      `query:"find-product"`
	ListProducts  *sqlx.Stmt      `query:"list-products"`
	ProductSeq    *sqlx.Stmt      `query:"product-seq"`
	CreatePrice   *sqlx.NamedStmt `query:"create-price"`
	UpdatePrice   *sqlx.NamedStmt `query:"update-price"`
	FindPrice     *sqlx.Stmt      `query:"find-price"`
	ListPrices    *sqlx.Stmt      `query:"list-prices"`
	PriceSeq      *sqlx.Stmt      `query:"price-seq"`

	DashboardProducts *sqlx.Stmt `query:"dashboard-products"`
	HomeVolume        *sqlx.Stmt `query:"home-volume"`
	HomeSessions      *sqlx.Stmt `query:"home-sessions"`

	CreateCustomer *sqlx.NamedStmt `query:"create-customer"`
	UpdateCustomer *sqlx.NamedStmt `query:"update-customer"`
	FindCustomer   *sqlx.Stmt      `query:"find-customer"`
	DeleteCustomer *sqlx.Stmt      `query:"delete-customer"`
	ListCustomers  *sqlx.Stmt      `query:"list-customers"`
	CustomerSeq    *sqlx.Stmt      `query:"customer-seq"`

	FindPaymentIntent   *sqlx.Stmt `query:"find-payment-intent"`
	ListPaymentIntents  *sqlx.Stmt `query:"list-payment-intents"`
	PaymentIntentSeq    *sqlx.Stmt `query:"payment-intent-seq"`
	LockPaymentIntent   *sqlx.Stmt `query:"lock-payment-intent"`
	CustomerHasPaid     *sqlx.Stmt `query:"customer-has-paid"`
	FindPaymentParts    *sqlx.Stmt `query:"find-payment-parts"`
	ChangePaymentIntent *sqlx.Stmt `query:"change-payment-intent"`

	FindCharge  *sqlx.Stmt `query:"find-charge"`
	ListCharges *sqlx.Stmt `query:"list-charges"`
	ChargeSeq   *sqlx.Stmt `query:"charge-seq"`
	FindReceipt *sqlx.Stmt `query:"find-receipt"`

	CreateCoupon        *sqlx.NamedStmt `query:"create-coupon"`
	FindCoupon          *sqlx.Stmt      `query:"find-coupon"`
	LockCoupon          *sqlx.Stmt      `query:"lock-coupon"`
	UpdateCoupon        *sqlx.NamedStmt `query:"update-coupon"`
	DeleteCoupon        *sqlx.Stmt      `query:"delete-coupon"`
	ListCoupons         *sqlx.Stmt      `query:"list-coupons"`
	CouponSeq           *sqlx.Stmt      `query:"coupon-seq"`
	CreatePromotionCode *sqlx.NamedStmt `query:"create-promotion-code"`
	FindPromotionCode   *sqlx.Stmt      `query:"find-promotion-code"`
	UpdatePromotionCode *sqlx.NamedStmt `query:"update-promotion-code"`
	ListPromotionCodes  *sqlx.Stmt      `query:"list-promotion-codes"`
	PromotionCodeSeq    *sqlx.Stmt      `query:"promotion-code-seq"`

	CreateTaxRate *sqlx.NamedStmt `query:"create-tax-rate"`
	FindTaxRate   *sqlx.Stmt      `query:"find-tax-rate"`
	UpdateTaxRate *sqlx.NamedStmt `query:"update-tax-rate"`
	ListTaxRates  *sqlx.Stmt      `query:"list-tax-rates"`
	TaxRateSeq    *sqlx.Stmt      `query:"tax-rate-seq"`

	CreateShippingRate *sqlx.NamedStmt `query:"create-shipping-rate"`
	FindShippingRate   *sqlx.Stmt      `query:"find-shipping-rate"`
	UpdateShippingRate *sqlx.NamedStmt `query:"update-shipping-rate"`
	ListShippingRates  *sqlx.Stmt      `query:"list-shipping-rates"`
	ShippingRateSeq    *sqlx.Stmt      `query:"shipping-rate-seq"`
	ChooseShippingRate *sqlx.Stmt      `query:"choose-shipping-rate"`

	FindRefund  *sqlx.Stmt `query:"find-refund"`
	ListRefunds *sqlx.Stmt `query:"list-refunds"`
	RefundSeq   *sqlx.Stmt `query:"refund-seq"`
	DuePayments *sqlx.Stmt `query:"due-payments"`

	CreateSessions        *sqlx.Stmt `query:"create-sessions"`
	FindSession           *sqlx.Stmt `query:"find-session"`
	ListSessions          *sqlx.Stmt `query:"list-sessions"`
	SessionSeq            *sqlx.Stmt `query:"session-seq"`
	UpdateSessionMetadata *sqlx.Stmt `query:"update-session-metadata"`
	ExpireSession         *sqlx.Stmt `query:"expire-session"`
	ListLineItems         *sqlx.Stmt `query:"list-line-items"`
	LineItemPosition      *sqlx.Stmt `query:"line-item-position"`

	FindCheckout        *sqlx.Stmt `query:"find-checkout"`
	ClaimSession        *sqlx.Stmt `query:"claim-session"`
	RecordPayments      *sqlx.Stmt `query:"record-payments"`
	HoldRedemption      *sqlx.Stmt `query:"hold-redemption"`
	UpdateSessionTotals *sqlx.Stmt `query:"update-session-totals"`
	ReleaseRedemptions  *sqlx.Stmt `query:"release-redemptions"`
	PruneDeclines       *sqlx.Stmt `query:"prune-declines"`

	FindEvent  *sqlx.Stmt `query:"find-event"`
	ListEvents *sqlx.Stmt `query:"list-events"`
	EventSeq   *sqlx.Stmt `query:"event-seq"`

	CreateWebhookEndpoint  *sqlx.NamedStmt `query:"create-webhook-endpoint"`
	FindWebhookEndpoint    *sqlx.Stmt      `query:"find-webhook-endpoint"`
	UpdateWebhookEndpoint  *sqlx.NamedStmt `query:"update-webhook-endpoint"`
	DeleteWebhookEndpoint  *sqlx.Stmt      `query:"delete-webhook-endpoint"`
	ListWebhookEndpoints   *sqlx.Stmt      `query:"list-webhook-endpoints"`
	WebhookEndpointSeq     *sqlx.Stmt      `query:"webhook-endpoint-seq"`
	RollWebhookSecret      *sqlx.Stmt      `query:"roll-webhook-secret"`
	CreateEvents           *sqlx.Stmt      `query:"create-events"`
	CreateDelivery         *sqlx.Stmt      `query:"create-delivery"`
	ClaimDeliveries        *sqlx.Stmt      `query:"claim-deliveries"`
	FinishDelivery         *sqlx.Stmt      `query:"finish-delivery"`
	CreateWebhookAttempt   *sqlx.Stmt      `query:"create-webhook-attempt"`
	DisableWebhookEndpoint *sqlx.Stmt      `query:"disable-webhook-endpoint"`

	ExpireDueSessions *sqlx.Stmt `query:"expire-due-sessions"`

	CreateStripeCLISession  *sqlx.Stmt `query:"create-stripecli-session"`
	FindStripeCLISession    *sqlx.Stmt `query:"find-stripecli-session"`
	StripeCLIPendingEvents  *sqlx.Stmt `query:"stripecli-pending-events"`
	CreateStripeCLIDelivery *sqlx.Stmt `query:"create-stripecli-delivery"`

	CreatePaymentMethod *sqlx.NamedStmt `query:"create-payment-method"`
	FindPaymentMethod   *sqlx.Stmt      `query:"find-payment-method"`

	CreateDashboardUser    *sqlx.Stmt `query:"create-dashboard-user"`
	ResetDashboardUser     *sqlx.Stmt `query:"reset-dashboard-user"`
	FindDashboardUser      *sqlx.Stmt `query:"find-dashboard-user"`
	CountSignInFailures    *sqlx.Stmt `query:"count-sign-in-failures"`
	RecordSignInFailure    *sqlx.Stmt `query:"record-sign-in-failure"`
	CreateDashboardSession *sqlx.Stmt `query:"create-dashboard-session"`
	FindDashboardSession   *sqlx.Stmt `query:"find-dashboard-session"`
	TouchDashboardSession  *sqlx.Stmt `query:"touch-dashboard-session"`
	DeleteDashboardSession *sqlx.Stmt `query:"delete-dashboard-session"`
	PruneDashboard         *sqlx.Stmt `query:"prune-dashboard"`
	DashboardSessions      *sqlx.Stmt `query:"dashboard-sessions"`
	SearchSessions         *sqlx.Stmt `query:"search-sessions"`
	ListObjectEvents       *sqlx.Stmt `query:"list-object-events"`
	RecordAudit            *sqlx.Stmt `query:"record-audit"`
	ListAudit              *sqlx.Stmt `query:"list-audit"`

	DashboardPaymentIntents *sqlx.Stmt `query:"dashboard-payment-intents"`
	SearchPaymentIntents    *sqlx.Stmt `query:"search-payment-intents"`
	SearchCustomers         *sqlx.Stmt `query:"search-customers"`
	// The dashboard's Developers pages.
	TouchAPIKey        *sqlx.Stmt `query:"touch-api-key"`
	APIKeyExpired      *sqlx.Stmt `query:"api-key-expired"`
	ListAPIKeys        *sqlx.Stmt `query:"list-api-keys"`
	LockAPIKey         *sqlx.Stmt `query:"lock-api-key"`
	ExpireAPIKey       *sqlx.Stmt `query:"expire-api-key"`
	EventDeliveries    *sqlx.Stmt `query:"event-deliveries"`
	EndpointDeliveries *sqlx.Stmt `query:"endpoint-deliveries"`
	FailedDeliveries   *sqlx.Stmt `query:"failed-deliveries"`
	CreateTestEvent    *sqlx.Stmt `query:"create-test-event"`
	RecordAPIRequests  *sqlx.Stmt `query:"record-api-requests"`
	APIRequestSeq      *sqlx.Stmt `query:"api-request-seq"`
	ListAPIRequests    *sqlx.Stmt `query:"list-api-requests"`
	SearchAPIRequests  *sqlx.Stmt `query:"search-api-requests"`
	PruneAPIRequests   *sqlx.Stmt `query:"prune-api-requests"`
	CreateReveal       *sqlx.Stmt `query:"create-reveal"`
	TakeReveal         *sqlx.Stmt `query:"take-reveal"`
	PruneReveals       *sqlx.Stmt `query:"prune-reveals"`
}
