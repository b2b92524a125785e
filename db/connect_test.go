package db_test

import (
	"context"
	"net/url"
	"testing"

	"till/db"
	"till/db/dbtest"
)

// TestConnectBoundsSessions: Till's connections carry the timeouts that
// turn an outage into quick errors and the application_name operators find
// them by, and a DATABASE_URL may override each.
func TestConnectBoundsSessions(t *testing.T) {
	t.Parallel()
	dsn := dbtest.New(t)
	for _, tc := range []struct {
		name  string
		query url.Values
		want  map[string]string
	}{
		{"Defaults", nil, map[string]string{"statement_timeout": "5s", "lock_timeout": "3s",
			"idle_in_transaction_session_timeout": "10s", "application_name": "till"}},
		{"Overridden", url.Values{"statement_timeout": {"1min"}, "application_name": {"till-worker"}}, map[string]string{
			"statement_timeout": "1min", "lock_timeout": "3s", "application_name": "till-worker"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u, err := url.Parse(dsn)
			if err != nil {
				t.Fatal(err)
			}
			q := u.Query()
			for k, v := range tc.query {
				q[k] = v
			}
			u.RawQuery = q.Encode()
			conn, err := db.Connect(context.Background(), u.String())
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			for setting, want := range tc.want {
				var got string
				if err := conn.Get(&got, "SELECT current_setting($1)", setting); err != nil || got != want {
					t.Errorf("%s = %q (%v), want %q", setting, got, err, want)
				}
			}
		})
	}
}
