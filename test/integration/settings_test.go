// Settings the server does not implement are refused, never accepted and
// ignored.

package integration

import (
	"context"
	"errors"
	"os"
	"os/user"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// startFails starts c expecting the server to refuse, and returns its log.
func startFails(t *testing.T, c *cluster) string {
	t.Helper()
	if out, err := c.gpctl("-l", c.logFile, "-w", "-t", "30", "start"); err == nil {
		t.Fatalf("the server started:\n%s\nlog:\n%s", out, c.log())
	}
	return c.log()
}

func TestUnimplementedSettingsRefused(t *testing.T) {
	// ssl = on: refused as by a PostgreSQL built without SSL.
	c := newCluster(t, "ssl = on")
	if log := startFails(t, c); !strings.Contains(log, "SSL is not supported by this build") {
		t.Fatalf("ssl = on: log:\n%s", log)
	}
	appendConf(t, c, "ssl = off")

	// recovery.signal / standby.signal: archive recovery and standby mode.
	for _, f := range []struct{ file, msg string }{
		{"recovery.signal", "FATAL:  archive recovery is not supported"},
		{"standby.signal", "FATAL:  standby mode is not supported"},
	} {
		path := filepath.Join(c.dataDir, f.file)
		if err := os.WriteFile(path, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		if log := startFails(t, c); !strings.Contains(log, f.msg) {
			t.Fatalf("%s: log:\n%s", f.file, log)
		}
		os.Remove(path)
	}

	c.start()
	conn := c.connect()
	ctx := context.Background()
	for _, set := range []string{
		"SET transform_null_equals = on",
		"SET wal_compression = on",
		"SET array_nulls = off",
		"SET geqo_seed = 0.5",
		"SET exit_on_error = on",
		"SET standard_conforming_strings = off",
	} {
		_, err := conn.Exec(ctx, set)
		if sqlstate(err) != "0A000" {
			t.Errorf("%s: %v, want 0A000", set, err)
		}
	}
	// The values gpostgres implements are accepted, as pg_dump sets them.
	for _, set := range []string{"SET transform_null_equals = off", "SET default_toast_compression = pglz", "SET default_toast_compression = lz4", "SET track_activities = on",
		"SET standard_conforming_strings = on"} {
		if _, err := conn.Exec(ctx, set); err != nil {
			t.Errorf("%s: %v", set, err)
		}
	}
}

// TestUnixSocketAccess: unix_socket_group and unix_socket_permissions are
// applied to the socket file.
func TestUnixSocketAccess(t *testing.T) {
	g, err := user.LookupGroup("nogroup")
	if err != nil {
		t.Skip("no group nogroup on this machine")
	}
	c := newCluster(t, "unix_socket_group = 'nogroup'", "unix_socket_permissions = 0770")
	c.start()
	fi, err := os.Stat(filepath.Join(c.sockDir, ".s.PGSQL."+strconv.Itoa(c.port)))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o770 {
		t.Errorf("socket mode %v, want 0770", fi.Mode().Perm())
	}
	if gid := fi.Sys().(*syscall.Stat_t).Gid; strconv.Itoa(int(gid)) != g.Gid {
		t.Errorf("socket group %d, want %s", gid, g.Gid)
	}
	// A group that does not exist leaves no socket to listen on.
	c2 := newCluster(t, "unix_socket_group = 'no_such_group_here'", "listen_addresses = ''")
	if log := startFails(t, c2); !strings.Contains(log, `group "no_such_group_here" does not exist`) {
		t.Fatalf("log:\n%s", log)
	}
}

func TestTablespaceAndLogSettings(t *testing.T) {
	c := newCluster(t, "log_destination = 'csvlog'")
	if log := startFails(t, c); !strings.Contains(log, `invalid value for parameter "log_destination": "csvlog"`) {
		t.Fatalf("log_destination = csvlog: log:\n%s", log)
	}
	appendConf(t, c, "log_destination = 'stderr'")
	c.start()
	conn := c.connect()
	ctx := context.Background()
	for _, tc := range []struct{ set, code string }{
		{"SET default_tablespace = ''", ""},
		{"SET default_tablespace = pg_default", ""},
		{"SET default_tablespace = nosuch", "22023"},
		{"SET default_tablespace = pg_global", "0A000"},
	} {
		if _, err := conn.Exec(ctx, tc.set); sqlstate(err) != tc.code {
			t.Errorf("%s: %v, want SQLSTATE %q", tc.set, err, tc.code)
		}
	}
}

// TestCheckpointWarning: checkpoints forced by WAL volume closer together
// than checkpoint_warning are logged with PostgreSQL's hint.
func TestCheckpointWarning(t *testing.T) {
	c := newCluster(t, "max_wal_size = 32MB", "min_wal_size = 32MB", "checkpoint_warning = 300s")
	c.start()
	conn := c.connect()
	mustExec(t, conn, "CREATE TABLE walfill (a int, pad text)")
	mustExec(t, conn, "INSERT INTO walfill SELECT g, repeat('w', 300) FROM generate_series(1, 120000) g")
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(c.log(), "seconds apart)") && !strings.Contains(c.log(), "(1 second apart)") {
		if time.Now().After(deadline) {
			t.Fatalf("no checkpoint_warning message:\n%s", c.log())
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !strings.Contains(c.log(), `HINT:  Consider increasing the configuration parameter "max_wal_size".`) {
		t.Errorf("no hint:\n%s", c.log())
	}
}

// TestStatementAndConnectionLogging compares the log lines of
// log_connections, log_disconnections, log_statement and
// log_min_duration_statement with the ones PostgreSQL 15 writes for the
// same session (recorded from it, durations masked).
func TestStatementAndConnectionLogging(t *testing.T) {
	c := newCluster(t, "log_connections = on", "log_disconnections = on", "log_statement = 'mod'",
		"log_min_duration_statement = 0", "log_line_prefix = ''")
	c.start()
	if out, err := c.psql("-q", "-c", "create table t(a int)", "-c", "insert into t values (1)", "-c", "select 1"); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	// psql returns before its backend has logged its disconnection: wait
	// for that line, so that the next session's lines come after it.
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(c.log(), "LOG:  disconnection: "); {
		if time.Now().After(deadline) {
			t.Fatalf("no disconnection logged for psql:\n%s", c.log())
		}
		time.Sleep(20 * time.Millisecond)
	}
	conn := c.connect("application_name=app")
	var v int
	if err := conn.QueryRow(context.Background(), "SELECT $1::int AS v", 7).Scan(&v); err != nil {
		t.Fatal(err)
	}
	conn.Close(context.Background())
	want := []string{
		`LOG:  connection received: host=[local]`,
		`LOG:  connection authorized: user=gpadmin database=postgres application_name=psql`,
		`LOG:  statement: create table t(a int)`,
		`LOG:  duration: #.### ms`,
		`LOG:  statement: insert into t values (1)`,
		`LOG:  duration: #.### ms`,
		`LOG:  duration: #.### ms  statement: select 1`,
		`LOG:  disconnection: session time: #:##:##.### user=gpadmin database=postgres host=[local]`,
		`LOG:  connection received: host=127.0.0.1 port=#`,
		`LOG:  connection authorized: user=gpadmin database=postgres application_name=app`,
		`LOG:  duration: #.### ms  parse stmtcache_#: SELECT $1::int AS v`,
		`LOG:  duration: #.### ms  bind stmtcache_#: SELECT $1::int AS v`,
		`DETAIL:  parameters: $1 = '7'`,
		`LOG:  duration: #.### ms  execute stmtcache_#: SELECT $1::int AS v`,
		`DETAIL:  parameters: $1 = '7'`,
		`LOG:  disconnection: session time: #:##:##.### user=gpadmin database=postgres host=127.0.0.1 port=#`,
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		var got []string
		for _, l := range strings.Split(c.log(), "\n") {
			if strings.HasPrefix(l, "LOG:  connection ") || strings.HasPrefix(l, "LOG:  disconnection") || strings.Contains(l, "statement:") || strings.Contains(l, "duration:") || strings.HasPrefix(l, "DETAIL:  parameters") {
				l = regexp.MustCompile(`duration: [0-9.]+ ms`).ReplaceAllString(l, "duration: #.### ms")
				l = regexp.MustCompile(`session time: [0-9:.]+`).ReplaceAllString(l, "session time: #:##:##.###")
				l = regexp.MustCompile(`port=[0-9]+`).ReplaceAllString(l, "port=#")
				l = regexp.MustCompile(`stmtcache_[0-9a-f]+`).ReplaceAllString(l, "stmtcache_#")
				got = append(got, l)
			}
		}
		if strings.Join(got, "\n") == strings.Join(want, "\n") {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("log lines:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestErrorLogging: log_min_error_statement decides whether an error's
// statement is logged with it; log_error_verbosity = terse drops DETAIL and
// HINT lines.
func TestErrorLogging(t *testing.T) {
	c := newCluster(t, "log_line_prefix = ''")
	c.start()
	conn := c.connect()
	ctx := context.Background()
	conn.Exec(ctx, "SELECT 1/0 AS first")
	conn.Exec(ctx, "SET default_tablespace = before_terse")
	mustExec(t, conn, "SET log_min_error_statement = fatal")
	conn.Exec(ctx, "SELECT 1/0 AS second")
	appendConf(t, c, "log_error_verbosity = terse")
	if out, err := c.gpctl("reload"); err != nil {
		t.Fatalf("reload: %v %s", err, out)
	}
	// New sessions start with the postmaster's settings once it reloaded.
	var conn2 *pgx.Conn
	for deadline := time.Now().Add(10 * time.Second); ; {
		conn2 = c.connect()
		var v string
		if err := conn2.QueryRow(ctx, "SHOW log_error_verbosity").Scan(&v); err != nil {
			t.Fatal(err)
		}
		if v == "terse" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("log_error_verbosity %q after reload", v)
		}
		time.Sleep(50 * time.Millisecond)
	}
	conn2.Exec(ctx, "SELECT 'x'::int")
	conn2.Exec(ctx, "SET default_tablespace = after_terse")
	log := c.log()
	if !strings.Contains(log, "STATEMENT:  SELECT 1/0 AS first") {
		t.Errorf("the error's statement is not logged by default:\n%s", log)
	}
	if strings.Contains(log, "AS second") {
		t.Errorf("log_min_error_statement = fatal still logs the statement of an ERROR:\n%s", log)
	}
	if !strings.Contains(log, `DETAIL:  Tablespace "before_terse" does not exist.`) {
		t.Errorf("the DETAIL of an error is not logged by default:\n%s", log)
	}
	if !strings.Contains(log, `ERROR:  invalid value for parameter "default_tablespace": "after_terse"`) ||
		strings.Contains(log, `DETAIL:  Tablespace "after_terse"`) {
		t.Errorf("log_error_verbosity = terse: the error without its DETAIL expected:\n%s", log)
	}
}

// TestReadOnlyAndIsolation: read-only transactions refuse writes as
// PostgreSQL's do; every isolation level is accepted, SERIALIZABLE
// included (its behaviour with several sessions is tested in lib/sql).
func TestReadOnlyAndIsolation(t *testing.T) {
	c := newCluster(t)
	c.start()
	conn := c.connect()
	ctx := context.Background()
	mustExec(t, conn, "CREATE TABLE rot (a int)")
	expect := func(q, code, msg string) {
		t.Helper()
		_, err := conn.Exec(ctx, q)
		var pe *pgconn.PgError
		if code == "" {
			if err != nil {
				t.Errorf("%s: %v", q, err)
			}
			return
		}
		if !errors.As(err, &pe) || pe.Code != code || (msg != "" && pe.Message != msg) {
			t.Errorf("%s: %v, want %s %s", q, err, code, msg)
		}
	}
	mustExec(t, conn, "SET default_transaction_read_only = on")
	expect("INSERT INTO rot VALUES (1)", "25006", "cannot execute INSERT in a read-only transaction")
	expect("CREATE TABLE rot2 (a int)", "25006", "cannot execute CREATE TABLE in a read-only transaction")
	expect("TRUNCATE rot", "25006", "cannot execute TRUNCATE TABLE in a read-only transaction")
	expect("SELECT count(*) FROM rot", "", "")
	expect("CHECKPOINT", "", "")
	mustExec(t, conn, "BEGIN READ WRITE")
	expect("INSERT INTO rot VALUES (1)", "", "")
	mustExec(t, conn, "COMMIT")
	mustExec(t, conn, "SET default_transaction_read_only = off")
	mustExec(t, conn, "BEGIN READ ONLY")
	expect("DELETE FROM rot", "25006", "cannot execute DELETE in a read-only transaction")
	mustExec(t, conn, "ROLLBACK")
	var n int
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM rot").Scan(&n); err != nil || n != 1 {
		t.Fatalf("rows %d (%v), want the one inserted read-write", n, err)
	}

	expect("SET default_transaction_isolation = 'serializable'", "", "")
	expect("SET default_transaction_isolation = 'repeatable read'", "", "")
	expect("RESET default_transaction_isolation", "", "")
	expect("BEGIN ISOLATION LEVEL SERIALIZABLE", "", "")
	expect("SELECT count(*) FROM rot", "", "")
	mustExec(t, conn, "COMMIT")
	mustExec(t, conn, "BEGIN ISOLATION LEVEL READ UNCOMMITTED")
	mustExec(t, conn, "COMMIT")
}

// TestStartupOptionsSuperuser: a superuser's start-up packet may set a
// superuser-only parameter (log_statement), as PostgreSQL's
// process_startup_options does with PGC_SU_BACKEND; pg_dump users pass
// PGOPTIONS="-c log_statement=all" so.
func TestStartupOptionsSuperuser(t *testing.T) {
	c := newCluster(t)
	c.start()
	conn := c.connect("options='-c log_statement=all'")
	var v string
	if err := conn.QueryRow(context.Background(), "SHOW log_statement").Scan(&v); err != nil || v != "all" {
		t.Fatalf("log_statement = %q (%v), want all", v, err)
	}
}
