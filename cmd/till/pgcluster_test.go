package main

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// privatePostgres is a PostgreSQL cluster of one test's own, started from
// the machine's binaries under t.TempDir(), so that the test may crash and
// restart it: never the shared server the other tests use.
type privatePostgres struct {
	bin, data string
	port      int
	// asOwner runs a command as the cluster's owner: PostgreSQL refuses to
	// run as root, so under root (CI) the cluster belongs to postgres, as
	// db/dev/ensure-postgres.sh arranges.
	asOwner []string
}

// startPrivatePostgres initialises and starts a cluster on a free loopback
// port, durable as production is (fsync and synchronous_commit on, so an
// acknowledged commit survives a crash), and stops it when the test ends.
// It skips the test when the machine has no PostgreSQL binaries.
func startPrivatePostgres(t *testing.T) *privatePostgres {
	t.Helper()
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	if len(bins) == 0 {
		missing(t, "no PostgreSQL binaries under /usr/lib/postgresql/*/bin to start a private cluster with")
	}
	slices.SortFunc(bins, func(a, b string) int { return pgMajor(a) - pgMajor(b) })
	dir := t.TempDir()
	pg := &privatePostgres{bin: bins[len(bins)-1], data: filepath.Join(dir, "pg"), port: freePort(t)}
	if err := os.Mkdir(pg.data, 0o700); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() == 0 {
		owner, err := user.Lookup("postgres")
		if err != nil {
			missing(t, "running as root with no postgres user to own a private cluster")
		}
		uid, _ := strconv.Atoi(owner.Uid)
		// The owner must reach its directory through the test's own.
		for _, d := range []string{filepath.Dir(dir), dir} {
			if err := os.Chmod(d, 0o711); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.Chown(pg.data, uid, -1); err != nil {
			t.Fatal(err)
		}
		pg.asOwner = []string{"runuser", "-u", "postgres", "--"}
	}
	pg.run(t, "initdb", "-D", pg.data, "-U", "postgres", "--auth=trust", "--no-sync", "--no-instructions")
	conf := fmt.Sprintf("\nport = %d\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '%s'\n"+
		"fsync = on\nsynchronous_commit = on\nmax_connections = 60\n", pg.port, pg.data)
	f, err := os.OpenFile(filepath.Join(pg.data, "postgresql.conf"), os.O_APPEND|os.O_WRONLY, 0)
	if err == nil {
		_, err = f.WriteString(conf)
		f.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	pg.ctl(t, "start")
	t.Cleanup(func() {
		pg.command("pg_ctl", "-D", pg.data, "-m", "immediate", "-w", "stop").Run()
		if t.Failed() {
			log, _ := os.ReadFile(pg.log())
			t.Logf("private PostgreSQL's log:\n%s", log)
		}
	})
	return pg
}

// url is the URL of database name on the cluster.
func (pg *privatePostgres) url(name string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", pg.port, name)
}

// crashRestart stops the cluster as a crash would (immediate: no
// checkpoint, every backend killed, recovery from the WAL on start) and
// starts it again, returning once it accepts connections.
func (pg *privatePostgres) crashRestart(t *testing.T) {
	t.Helper()
	pg.ctl(t, "restart", "-m", "immediate")
}

func (pg *privatePostgres) ctl(t *testing.T, args ...string) {
	t.Helper()
	pg.run(t, "pg_ctl", append([]string{"-D", pg.data, "-l", pg.log(), "-w", "-t", "30"}, args...)...)
}

func (pg *privatePostgres) log() string { return filepath.Join(pg.data, "server.log") }

// command runs one of the cluster's binaries as its owner.
func (pg *privatePostgres) command(name string, args ...string) *exec.Cmd {
	argv := append(append(slices.Clone(pg.asOwner), filepath.Join(pg.bin, name)), args...)
	return exec.Command(argv[0], argv[1:]...)
}

func (pg *privatePostgres) run(t *testing.T, name string, args ...string) {
	t.Helper()
	cmd := pg.command(name, args...)
	if out, err := cmd.CombinedOutput(); err != nil {
		log, _ := os.ReadFile(pg.log())
		t.Fatalf("%s: %v\n%s\nserver log:\n%s", strings.Join(cmd.Args, " "), err, out, log)
	}
}

// pgMajor is the major version in a /usr/lib/postgresql/N/bin path.
func pgMajor(bin string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(bin)))
	return n
}

func freePort(t *testing.T) int {
	t.Helper()
	_, port, _ := net.SplitHostPort(freeAddr(t))
	n, _ := strconv.Atoi(port)
	return n
}
