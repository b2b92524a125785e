// Package db keeps all of Till's state in PostgreSQL: the embedded
// migrations, the named queries (prepared at start-up so a broken query
// fails the boot rather than a request), transactions, and the translation
// of driver errors into till errors.
package db

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// MigrationsFS is the embedded migration files, exported so test support can
// key its template database on their content.
func MigrationsFS() fs.FS {
	sub, _ := fs.Sub(migrationFiles, "migrations")
	return sub
}

// Connect opens a pool to dsn and checks that the server answers.
//
// Its connections are bounded in time, so that a database that is down,
// restarting or stuck turns a request into a quick error instead of a hang:
// see sessionDefaults. The dsn may override each of them.
func Connect(ctx context.Context, dsn string) (*sqlx.DB, error) {
	cfg, err := pq.NewConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("db: open: %w", err)
	}
	connector, err := pq.NewConnectorConfig(sessionDefaults(cfg))
	if err != nil {
		return nil, fmt.Errorf("db: open: %w", err)
	}
	conn := sqlx.NewDb(sql.OpenDB(connector), "postgres")
	conn.SetMaxOpenConns(20)
	conn.SetMaxIdleConns(20)
	conn.SetConnMaxIdleTime(5 * time.Minute)
	pingCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := conn.PingContext(pingCtx); err != nil {
		conn.Close()
		return nil, fmt.Errorf("db: connect: %w", err)
	}
	return conn, nil
}

// sessionDefaults fills in what cfg leaves unset:
//
//   - connect_timeout: a server that does not answer fails a new connection
//     after 5 s;
//   - statement_timeout (5 s) and lock_timeout (3 s): no request waits
//     longer than that on one statement or one lock, which keeps every answer
//     inside 10 s. A migration that needs longer sets its own
//     (SET LOCAL statement_timeout) in its transaction;
//   - idle_in_transaction_session_timeout (10 s): the server ends a
//     transaction whose client stopped talking, and releases its locks;
//   - application_name "till", by which operators (and the fault tests)
//     find Till's connections in pg_stat_activity.
func sessionDefaults(cfg pq.Config) pq.Config {
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = 5 * time.Second
	}
	if cfg.ApplicationName == "" {
		cfg.ApplicationName = "till"
	}
	runtime := map[string]string{"statement_timeout": "5s", "lock_timeout": "3s",
		"idle_in_transaction_session_timeout": "10s"}
	for k, v := range cfg.Runtime {
		runtime[k] = v
	}
	cfg.Runtime = runtime
	return cfg
}

// migrator returns the migrations: the SQL files, and the one in Go that
// seals webhook secrets with keys (nil when only asked what is pending).
func migrator(conn *sql.DB, keys *Keys) (*goose.Provider, error) {
	// A session lock makes concurrent `till migrate` runs (several replicas
	// starting with --migrate) apply each migration once.
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		return nil, err
	}
	return goose.NewProvider(goose.DialectPostgres, conn, MigrationsFS(), goose.WithSessionLocker(locker),
		goose.WithGoMigrations(sealSecretsMigration(keys)))
}

// Migrate applies pending migrations and returns how many ran. keys are the
// instance's, which the migration sealing webhook secrets encrypts with.
func Migrate(ctx context.Context, conn *sqlx.DB, keys Keys) (int, error) {
	if err := keys.check(); err != nil {
		return 0, err
	}
	p, err := migrator(conn.DB, &keys)
	if err != nil {
		return 0, fmt.Errorf("db: migrate: %w", err)
	}
	res, err := p.Up(ctx)
	if err != nil {
		return 0, fmt.Errorf("db: migrate: %w", err)
	}
	return len(res), nil
}

// SchemaCurrent reports whether every migration has been applied.
func SchemaCurrent(ctx context.Context, conn *sqlx.DB) (bool, error) {
	p, err := migrator(conn.DB, nil)
	if err != nil {
		return false, fmt.Errorf("db: schema: %w", err)
	}
	pending, err := p.HasPending(ctx)
	if err != nil {
		return false, fmt.Errorf("db: schema: %w", err)
	}
	return !pending, nil
}

// EnsureDatabase creates the database named in dsn when the server answers
// but the database does not exist yet, so a fresh PostgreSQL needs no manual
// step. It connects to the server's "postgres" database to do so.
func EnsureDatabase(ctx context.Context, dsn string) error {
	conn, err := Connect(ctx, dsn)
	if err == nil {
		return conn.Close()
	}
	var pqErr *pq.Error
	if !errors.As(err, &pqErr) || pqErr.Code != "3D000" { // invalid_catalog_name
		return err
	}
	u, perr := url.Parse(dsn)
	if perr != nil {
		return err
	}
	name := strings.TrimPrefix(u.Path, "/")
	u.Path = "/postgres"
	admin, aerr := Connect(ctx, u.String())
	if aerr != nil {
		return fmt.Errorf("db: create database %s: %w", name, aerr)
	}
	defer admin.Close()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+pq.QuoteIdentifier(name)); err != nil {
		return fmt.Errorf("db: create database %s: %w", name, err)
	}
	return nil
}
