package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
	"github.com/pressly/goose/v3"
)

// sealSecretsVersion is the migration that encrypts the webhook signing
// secrets kept in clear before it. It is Go, not SQL, because the key it
// encrypts with is outside the database.
const sealSecretsVersion = 7

// sealSecretsMigration encrypts, in one transaction, every endpoint's
// secrets and every webhook secret in a recorded idempotent response.
// Without keys (a migrator only asked whether the schema is current) it
// refuses to run.
func sealSecretsMigration(keys *Keys) *goose.Migration {
	return goose.NewGoMigration(sealSecretsVersion, &goose.GoFunc{RunTx: func(ctx context.Context, tx *sql.Tx) error {
		if keys == nil {
			return errors.New("db: sealing webhook secrets needs the instance key")
		}
		sl, err := newSealer(*keys)
		if err != nil {
			return err
		}
		if _, err := sealWebhookSecrets(ctx, tx, sl); err != nil {
			return err
		}
		return sealRecordedSecrets(ctx, tx, sl)
	}}, nil)
}

// execQuerier is a transaction or a pool.
type execQuerier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// webhookSecretsAt is where an endpoint's secrets are sealed (the sealer's
// additional data): bound to the endpoint, so that a roll, which moves the
// secret to previous_secret within the row, keeps it readable.
func webhookSecretsAt(endpointID string) string { return "webhook_endpoints.secret:" + endpointID }

// sealWebhookSecrets makes every endpoint's secrets sealed under the current
// key: those in clear (before the migration) and those sealed under the
// previous key (after a rotation). It returns how many endpoints changed.
// Its SQL is inline: a migration must keep meaning what it meant when it
// was written, whatever the named queries become.
func sealWebhookSecrets(ctx context.Context, q execQuerier, sl sealer) (int, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, secret, previous_secret FROM webhook_endpoints ORDER BY id FOR UPDATE`)
	if err != nil {
		return 0, fmt.Errorf("db: seal webhook secrets: %w", err)
	}
	type endpoint struct {
		id       string
		secret   string
		previous sql.NullString
	}
	var all []endpoint
	for rows.Next() {
		var e endpoint
		if err := rows.Scan(&e.id, &e.secret, &e.previous); err != nil {
			rows.Close()
			return 0, fmt.Errorf("db: seal webhook secrets: %w", err)
		}
		all = append(all, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("db: seal webhook secrets: %w", err)
	}
	changed := 0
	for _, e := range all {
		at := webhookSecretsAt(e.id)
		secret, moved, err := resealed(sl, e.secret, at)
		if err != nil {
			return changed, fmt.Errorf("db: webhook endpoint %s: %w", e.id, err)
		}
		previous, movedPrevious := e.previous, false
		if e.previous.Valid {
			if previous.String, movedPrevious, err = resealed(sl, e.previous.String, at); err != nil {
				return changed, fmt.Errorf("db: webhook endpoint %s: %w", e.id, err)
			}
		}
		if !moved && !movedPrevious {
			continue
		}
		if _, err := q.ExecContext(ctx, `UPDATE webhook_endpoints SET secret = $2, previous_secret = $3 WHERE id = $1`,
			e.id, secret, previous); err != nil {
			return changed, fmt.Errorf("db: seal webhook secrets: %w", err)
		}
		changed++
	}
	return changed, nil
}

// resealed returns value sealed under the current key, and whether that
// changed it: a value in clear is sealed, one under the previous key is
// sealed again, one under the current key stays.
func resealed(sl sealer, value, at string) (string, bool, error) {
	plain, current, err := sl.open(value, at)
	switch {
	case errors.Is(err, errNotSealed):
		return sl.seal(value, at), true, nil
	case err != nil:
		return "", false, err
	case current:
		return value, false, nil
	}
	return sl.seal(plain, at), true, nil
}

// sealRecordedSecrets seals the webhook secrets of the responses recorded
// for idempotent replay before secrets were sealed there too.
func sealRecordedSecrets(ctx context.Context, tx *sql.Tx, sl sealer) error {
	rows, err := tx.QueryContext(ctx, `SELECT account_id, livemode, key, response_body FROM idempotency_keys
		WHERE position(convert_to('whsec_', 'UTF8') IN response_body) > 0 FOR UPDATE`)
	if err != nil {
		return fmt.Errorf("db: seal recorded secrets: %w", err)
	}
	type record struct {
		account  string
		livemode bool
		key      string
		body     []byte
	}
	var all []record
	for rows.Next() {
		var r record
		if err := rows.Scan(&r.account, &r.livemode, &r.key, &r.body); err != nil {
			rows.Close()
			return fmt.Errorf("db: seal recorded secrets: %w", err)
		}
		all = append(all, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("db: seal recorded secrets: %w", err)
	}
	for _, r := range all {
		if _, err := tx.ExecContext(ctx, `UPDATE idempotency_keys SET response_body = $4
			WHERE account_id = $1 AND livemode = $2 AND key = $3`, r.account, r.livemode, r.key, sealWebhookSecretsIn(sl, r.body)); err != nil {
			return fmt.Errorf("db: seal recorded secrets: %w", err)
		}
	}
	return nil
}

// LegacyInstanceKey returns the instance key an installation kept in its
// database before the key moved out of it, or nil when there is none (a new
// installation, or one already migrated). The caller moves it into the key
// file before migrating, so that the client secrets and form tokens already
// issued keep working; the migration then drops it from the database.
func LegacyInstanceKey(ctx context.Context, conn *sqlx.DB) ([]byte, error) {
	var key []byte
	err := conn.GetContext(ctx, &key, `SELECT key FROM instance_keys WHERE name = 'client_secret'`)
	var pqErr *pq.Error
	switch {
	case errors.Is(err, sql.ErrNoRows), errors.As(err, &pqErr) && pqErr.Code == "42P01": // undefined_table
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("db: legacy instance key: %w", err)
	}
	return key, nil
}

// HoldsSealedSecrets reports whether the database holds webhook signing
// secrets, which only the key they were sealed with can open: a new key
// must not be made for such a database.
func HoldsSealedSecrets(ctx context.Context, conn *sqlx.DB) (bool, error) {
	var holds bool
	err := conn.GetContext(ctx, &holds, `SELECT EXISTS (SELECT 1 FROM webhook_endpoints)`)
	var pqErr *pq.Error
	if errors.As(err, &pqErr) && pqErr.Code == "42P01" { // undefined_table: a new database
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("db: sealed secrets: %w", err)
	}
	return holds, nil
}
