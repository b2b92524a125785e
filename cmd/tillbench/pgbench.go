package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"till"
	"till/db"
)

// runPgbench measures single-row INSERT transactions of about the size of a
// session row, from as many connections, and returns transactions/s.
func runPgbench(ctx context.Context, dbURL string, cfg settings) (float64, error) {
	conn, err := db.Connect(ctx, dbURL)
	if err != nil {
		return 0, err
	}
	_, err = conn.ExecContext(ctx, `DROP TABLE IF EXISTS bench_rows;
		CREATE TABLE bench_rows (seq bigserial UNIQUE, id text PRIMARY KEY, account_id text NOT NULL,
			payload jsonb NOT NULL, created bigint NOT NULL)`)
	conn.Close()
	if err != nil {
		return 0, err
	}
	payload := strings.Repeat("x", 600)
	return runPgbenchScript(ctx, dbURL, cfg, "simple", fmt.Sprintf(
		"INSERT INTO bench_rows (id, account_id, payload, created) VALUES (md5(random()::text || clock_timestamp()::text), 'acct_bench', '{\"p\":\"%s\"}', extract(epoch from now())::bigint);\n", payload))
}

// runPgbenchScript runs a pgbench script from the settings' connections for
// their duration, and returns transactions/s. The protocol is pgbench's -M:
// the baseline has always been "simple"; a floor is "prepared", as Till
// prepares its queries.
func runPgbenchScript(ctx context.Context, dbURL string, cfg settings, protocol, script string) (float64, error) {
	bin, err := pgbenchPath()
	if err != nil {
		return 0, err
	}
	dir, err := os.MkdirTemp("", "tillbench")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "script.sql")
	if err := os.WriteFile(path, []byte(script), 0o644); err != nil {
		return 0, err
	}
	cmd := exec.CommandContext(ctx, bin, "-n", "-M", protocol, "-c", strconv.Itoa(cfg.connections), "-j", "2",
		"-T", strconv.Itoa(int(cfg.duration.Seconds())), "-f", path, dbURL)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return 0, fmt.Errorf("pgbench: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`tps = ([0-9.]+)`).FindSubmatch(out)
	if m == nil {
		return 0, fmt.Errorf("pgbench printed no tps:\n%s", out)
	}
	return strconv.ParseFloat(string(m[1]), 64)
}

func pgbenchPath() (string, error) {
	if p, err := exec.LookPath("pgbench"); err == nil {
		return p, nil
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pgbench")
	if len(matches) > 0 {
		slices.Sort(matches)
		return matches[len(matches)-1], nil
	}
	return "", fmt.Errorf("pgbench not found: install PostgreSQL's client programs (Debian: postgresql)")
}

// freshDatabase creates a database of the run's own on the server of
// adminURL, a name no other run uses (two benches on one server, as helpers
// sharing a machine run them, must not drop each other's), and returns its
// URL and the function that drops it.
func freshDatabase(ctx context.Context, adminURL string) (string, func(), error) {
	admin, err := db.Connect(ctx, adminURL)
	if err != nil {
		return "", nil, err
	}
	defer admin.Close()
	name := "till_bench_" + strings.ToLower(till.RandomString(10))
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		return "", nil, err
	}
	drop := func() {
		if admin, err := db.Connect(context.Background(), adminURL); err == nil {
			admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
			admin.Close()
		}
	}
	u, err := url.Parse(adminURL)
	if err != nil {
		drop()
		return "", nil, err
	}
	u.Path = "/" + name
	return u.String(), drop, nil
}
