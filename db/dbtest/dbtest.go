// Package dbtest gives each test a fresh PostgreSQL database cloned from a
// template that holds the migrated schema. The template is built once per
// migration set (its name carries a hash of the migration files), so cloning
// costs tens of milliseconds and tests may run in parallel.
package dbtest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"till"
	"till/db"
)

// DefaultURL is the server the tests use when TEST_DATABASE_URL is unset:
// the local PostgreSQL that `make test` makes sure of.
const DefaultURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// AdminURL is the URL of the server tests create databases on.
func AdminURL() string {
	if u := os.Getenv("TEST_DATABASE_URL"); u != "" {
		return u
	}
	return DefaultURL
}

// New returns the URL of a fresh, migrated database that is dropped when the
// test ends (and kept, with its name logged, when the test failed).
func New(t testing.TB) string {
	t.Helper()
	ctx := context.Background()
	admin, err := sqlx.Connect("postgres", AdminURL())
	if err != nil {
		t.Fatalf("dbtest: connect to %s: %v (is PostgreSQL running? `make test` starts one)", AdminURL(), err)
	}
	defer admin.Close()
	template, err := ensureTemplate(ctx, admin)
	if err != nil {
		t.Fatalf("dbtest: template: %v", err)
	}
	name := "till_test_" + strings.ToLower(till.RandomString(12))
	// CREATE DATABASE … TEMPLATE fails while another session is connected to
	// the template; nothing stays connected to it, but a parallel clone may
	// overlap, so retry briefly.
	for attempt := 0; ; attempt++ {
		_, err = admin.ExecContext(ctx, fmt.Sprintf(`CREATE DATABASE %s TEMPLATE %s`, name, template))
		if err == nil || attempt == 50 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("dbtest: create database: %v", err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("dbtest: kept database %s for inspection", name)
			return
		}
		a, err := sqlx.Connect("postgres", AdminURL())
		if err != nil {
			return
		}
		defer a.Close()
		a.Exec(fmt.Sprintf(`DROP DATABASE IF EXISTS %s WITH (FORCE)`, name))
	})
	return withDatabase(AdminURL(), name)
}

// Keys are the instance keys of every store a test binary opens, so that
// two stores on one database agree as two processes sharing a key file do.
var Keys = sync.OnceValue(func() db.Keys { return db.Keys{Current: db.NewKey()} })

// NewStore returns a Store on a fresh database, closed when the test ends.
func NewStore(t testing.TB, now func() time.Time) *db.Store {
	t.Helper()
	conn, err := db.Connect(context.Background(), New(t))
	if err != nil {
		t.Fatal(err)
	}
	store, err := db.NewStore(conn, Keys(), now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	return store
}

func withDatabase(raw, name string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	u.Path = "/" + name
	return u.String()
}

// ensureTemplate creates and migrates the template database for the current
// migrations unless it exists. An advisory lock serialises test binaries of
// several packages that start at once.
func ensureTemplate(ctx context.Context, admin *sqlx.DB) (string, error) {
	h := sha256.New()
	err := fs.WalkDir(db.MigrationsFS(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(db.MigrationsFS(), path)
		h.Write([]byte(path))
		h.Write(b)
		return err
	})
	if err != nil {
		return "", err
	}
	name := "till_template_" + hex.EncodeToString(h.Sum(nil))[:16]

	conn, err := admin.Connx(ctx)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(8412001)`); err != nil {
		return "", err
	}
	defer conn.ExecContext(ctx, `SELECT pg_advisory_unlock(8412001)`)

	var exists bool
	if err := conn.GetContext(ctx, &exists, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1 AND datistemplate)`, name); err != nil {
		return "", err
	}
	if exists {
		return name, nil
	}
	// A half-built template from an interrupted run is dropped and rebuilt.
	if _, err := conn.ExecContext(ctx, fmt.Sprintf(`DROP DATABASE IF EXISTS %s WITH (FORCE)`, name)); err != nil {
		return "", err
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf(`CREATE DATABASE %s`, name)); err != nil {
		return "", err
	}
	tconn, err := db.Connect(ctx, withDatabase(AdminURL(), name))
	if err != nil {
		return "", err
	}
	_, err = db.Migrate(ctx, tconn, Keys())
	tconn.Close()
	if err != nil {
		return "", err
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf(`ALTER DATABASE %s WITH is_template = true`, name)); err != nil {
		return "", err
	}
	return name, nil
}
