package integration

// The cumulative statistics across sessions: row changes, rollbacks and
// savepoints of several sessions give PostgreSQL's n_tup_*, n_live_tup
// and n_dead_tup; scans, commits, rollbacks, killed sessions and
// deadlocks are counted; CREATE INDEX CONCURRENTLY reports its wait in
// pg_stat_progress_create_index; the counts survive a clean restart and
// are gone after an immediate stop (crash recovery).

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// tableStats are the counts of one table that the test compares.
type tableStats struct {
	seqScan, idxScan, ins, upd, del, live, dead, modSinceAnalyze, insSinceVacuum int64
}

func readTableStats(t *testing.T, conn *pgx.Conn, table string) tableStats {
	t.Helper()
	var s tableStats
	if err := conn.QueryRow(context.Background(), `SELECT seq_scan, coalesce(idx_scan, 0), n_tup_ins, n_tup_upd, n_tup_del,
		n_live_tup, n_dead_tup, n_mod_since_analyze, n_ins_since_vacuum FROM pg_stat_user_tables WHERE relname = $1`, table).
		Scan(&s.seqScan, &s.idxScan, &s.ins, &s.upd, &s.del, &s.live, &s.dead, &s.modSinceAnalyze, &s.insSinceVacuum); err != nil {
		t.Fatalf("reading pg_stat_user_tables: %v", err)
	}
	return s
}

// flushStats makes conn's pending counts reach the shared table: the
// forced flush happens at the end of the statement's transaction.
func flushStats(t *testing.T, conns ...*pgx.Conn) {
	t.Helper()
	for _, c := range conns {
		mustExec(t, c, "SELECT pg_stat_force_next_flush()")
	}
}

type dbStats struct{ commits, rollbacks, sessions, killed, deadlocks int64 }

func readDBStats(t *testing.T, conn *pgx.Conn) dbStats {
	t.Helper()
	var s dbStats
	if err := conn.QueryRow(context.Background(), `SELECT xact_commit, xact_rollback, sessions, sessions_killed, deadlocks
		FROM pg_stat_database WHERE datname = current_database()`).Scan(&s.commits, &s.rollbacks, &s.sessions, &s.killed, &s.deadlocks); err != nil {
		t.Fatalf("reading pg_stat_database: %v", err)
	}
	return s
}

func TestCumulativeStats(t *testing.T) {
	c := newCluster(t)
	c.start()
	ctx := context.Background()
	// r counts transactions: with the simple protocol each statement is
	// one Query message, with no Parse of its own.
	a, b, r := c.connect(), c.connect(), c.connect("default_query_exec_mode=simple_protocol")
	mustExec(t, a, "CREATE TABLE st (a int PRIMARY KEY, b int) WITH (autovacuum_enabled = off)")
	mustExec(t, a, "INSERT INTO st SELECT g, g FROM generate_series(1, 100) g")
	mustExec(t, b, "UPDATE st SET b = -b WHERE a <= 10")
	// A rolled-back insert: its rows are dead.
	mustExec(t, r, "BEGIN")
	mustExec(t, r, "INSERT INTO st SELECT g, g FROM generate_series(201, 205) g")
	mustExec(t, r, "ROLLBACK")
	// A savepoint rolled back inside a committed transaction.
	mustExec(t, b, "BEGIN")
	mustExec(t, b, "DELETE FROM st WHERE a > 95")
	mustExec(t, b, "SAVEPOINT s")
	mustExec(t, b, "INSERT INTO st VALUES (301, 1), (302, 2), (303, 3)")
	mustExec(t, b, "ROLLBACK TO s")
	mustExec(t, b, "COMMIT")
	flushStats(t, a, b, r)
	before := readTableStats(t, r, "st")
	want := tableStats{ins: 108, upd: 10, del: 5, live: 95, dead: 23, modSinceAnalyze: 115, insSinceVacuum: 108}
	got := before
	got.seqScan, got.idxScan = 0, 0
	if got != want {
		t.Fatalf("after the changes: %+v, want %+v", got, want)
	}

	// One sequential scan, one index scan.
	mustExec(t, a, "SELECT count(*) FROM st")
	mustExec(t, a, "SET enable_seqscan = off")
	mustExec(t, a, "SET enable_bitmapscan = off")
	mustExec(t, a, "SELECT b FROM st WHERE a = 7")
	flushStats(t, a)
	after := readTableStats(t, r, "st")
	if after.seqScan != before.seqScan+1 || after.idxScan != before.idxScan+1 {
		t.Fatalf("scans: seq %d -> %d, idx %d -> %d; want one more of each", before.seqScan, after.seqScan, before.idxScan, after.idxScan)
	}
	var idxScan, idxTupFetch int64
	if err := r.QueryRow(ctx, "SELECT idx_scan, idx_tup_fetch FROM pg_stat_user_indexes WHERE indexrelname = 'st_pkey'").Scan(&idxScan, &idxTupFetch); err != nil {
		t.Fatal(err)
	}
	if idxScan != after.idxScan || idxTupFetch < 1 {
		t.Fatalf("st_pkey: idx_scan %d idx_tup_fetch %d, table idx_scan %d", idxScan, idxTupFetch, after.idxScan)
	}

	// Commits and rollbacks of one session, the others quiet.
	flushStats(t, r)
	db1 := readDBStats(t, r)
	for i := 0; i < 3; i++ {
		mustExec(t, r, "BEGIN")
		mustExec(t, r, "SELECT 1")
		mustExec(t, r, "COMMIT")
	}
	for i := 0; i < 2; i++ {
		mustExec(t, r, "BEGIN")
		mustExec(t, r, "SELECT 1")
		mustExec(t, r, "ROLLBACK")
	}
	flushStats(t, r)
	db2 := readDBStats(t, r)
	// The first read's transaction, three commits and the flush's.
	if db2.commits-db1.commits != 5 || db2.rollbacks-db1.rollbacks != 2 {
		t.Fatalf("xact_commit %d -> %d, xact_rollback %d -> %d: want +5 and +2", db1.commits, db2.commits, db1.rollbacks, db2.rollbacks)
	}

	// A session killed by pg_terminate_backend, and a deadlock.
	victim := c.connect()
	var victimPID int
	if err := victim.QueryRow(ctx, "SELECT pg_backend_pid()").Scan(&victimPID); err != nil {
		t.Fatal(err)
	}
	mustExec(t, r, "SELECT pg_terminate_backend($1, 10000)", victimPID)
	mustExec(t, a, "SET deadlock_timeout = '100ms'")
	mustExec(t, b, "SET deadlock_timeout = '60s'")
	mustExec(t, a, "BEGIN")
	mustExec(t, b, "BEGIN")
	mustExec(t, a, "UPDATE st SET b = 0 WHERE a = 1")
	mustExec(t, b, "UPDATE st SET b = 0 WHERE a = 2")
	ch := execAsync(b, "UPDATE st SET b = 0 WHERE a = 1")
	stillWaiting(t, ch, "b's update of a row a holds")
	if _, err := a.Exec(ctx, "UPDATE st SET b = 0 WHERE a = 2"); sqlState(err) != "40P01: deadlock detected" {
		t.Fatalf("deadlock: %v", err)
	}
	mustExec(t, a, "ROLLBACK")
	if err := finished(t, ch, "b's update after the deadlock"); err != nil {
		t.Fatal(err)
	}
	mustExec(t, b, "ROLLBACK")
	flushStats(t, a, b, r)
	db3 := readDBStats(t, r)
	if db3.killed != db2.killed+1 || db3.deadlocks != db2.deadlocks+1 {
		t.Fatalf("sessions_killed %d -> %d, deadlocks %d -> %d: want one more of each", db2.killed, db3.killed, db2.deadlocks, db3.deadlocks)
	}
	if db3.sessions < 4 {
		t.Fatalf("sessions = %d, want at least the 4 connections made", db3.sessions)
	}
	base := readTableStats(t, r, "st")

	// CREATE INDEX CONCURRENTLY waits for a's open transaction, which
	// pg_stat_progress_create_index shows.
	var pidA int
	if err := a.QueryRow(ctx, "SELECT pg_backend_pid()").Scan(&pidA); err != nil {
		t.Fatal(err)
	}
	mustExec(t, a, "BEGIN")
	mustExec(t, a, "INSERT INTO st VALUES (1000, 1000)")
	cic := execAsync(b, "CREATE INDEX CONCURRENTLY st_b ON st (b)")
	var command, phase string
	var lockersTotal, lockerPID int64
	var relname string
	deadline := time.Now().Add(20 * time.Second)
	for {
		err := r.QueryRow(ctx, `SELECT relid::regclass::text, command, phase, lockers_total, current_locker_pid
			FROM pg_stat_progress_create_index`).Scan(&relname, &command, &phase, &lockersTotal, &lockerPID)
		if err == nil && phase == "waiting for writers before build" && lockerPID != 0 {
			break
		}
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			t.Fatal(err)
		}
		if time.Now().After(deadline) {
			t.Fatalf("no progress report of the waiting CREATE INDEX CONCURRENTLY (last: %q %q, %v)", command, phase, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if relname != "st" || command != "CREATE INDEX CONCURRENTLY" || lockersTotal != 1 || lockerPID != int64(pidA) {
		t.Fatalf("progress: %s %q %q lockers_total %d current_locker_pid %d (a is %d)", relname, command, phase, lockersTotal, lockerPID, pidA)
	}
	mustExec(t, a, "COMMIT")
	if err := finished(t, cic, "CREATE INDEX CONCURRENTLY"); err != nil {
		t.Fatal(err)
	}
	if n := count(t, r, "SELECT count(*) FROM pg_stat_progress_create_index"); n != 0 {
		t.Fatalf("%d progress reports after CREATE INDEX CONCURRENTLY ended", n)
	}
	flushStats(t, a, b)
	base = readTableStats(t, r, "st")
	if base.ins != want.ins+1 || base.live != want.live+1 {
		t.Fatalf("after one more insert: %+v", base)
	}
	a.Close(ctx)
	b.Close(ctx)
	r.Close(ctx)

	// A clean restart keeps the counts; the file is read and removed.
	statsFile := filepath.Join(c.dataDir, "pg_stat", "pgstat.stat")
	c.stop("fast")
	if _, err := os.Stat(statsFile); err != nil {
		t.Fatalf("no statistics file after a clean shutdown: %v", err)
	}
	c.start()
	if _, err := os.Stat(statsFile); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("statistics file still there after start: %v", err)
	}
	r = c.connect("default_query_exec_mode=simple_protocol")
	kept := readTableStats(t, r, "st")
	if kept != base {
		t.Fatalf("after a clean restart: %+v, want %+v", kept, base)
	}
	if db := readDBStats(t, r); db.commits < db3.commits || db.deadlocks != db3.deadlocks || db.killed != db3.killed {
		t.Fatalf("database counts after a clean restart: %+v, before %+v", db, db3)
	}
	r.Close(ctx)

	// An immediate stop is a crash: the counts start from zero.
	c.stop("immediate")
	c.start()
	r = c.connect()
	if got := readTableStats(t, r, "st"); got != (tableStats{}) {
		t.Fatalf("after an immediate stop: %+v, want zeroes", got)
	}
	if db := readDBStats(t, r); db.deadlocks != 0 || db.killed != 0 {
		t.Fatalf("database counts after an immediate stop: %+v", db)
	}
}

// TestChecksumFailuresCounted: a page whose checksum does not match
// counts in pg_stat_database.checksum_failures of its database, with
// the time; without data checksums the columns are NULL.
func TestChecksumFailuresCounted(t *testing.T) {
	c := newClusterArgs(t, []string{"-k"})
	c.start()
	ctx := context.Background()
	conn := c.connect()
	var failures int64
	var last *time.Time
	if err := conn.QueryRow(ctx, "SELECT checksum_failures, checksum_last_failure FROM pg_stat_database WHERE datname = 'postgres'").
		Scan(&failures, &last); err != nil || failures != 0 || last != nil {
		t.Fatalf("before any failure: %d %v %v", failures, last, err)
	}
	mustExec(t, conn, "CREATE TABLE victim (x int, pad text)")
	mustExec(t, conn, "INSERT INTO victim SELECT g, repeat('z', 100) FROM generate_series(1, 100) g")
	var path string
	if err := conn.QueryRow(ctx, "SELECT 'base/5/' || relfilenode FROM pg_class WHERE relname = 'victim'").Scan(&path); err != nil {
		t.Fatal(err)
	}
	c.stop("fast")
	f, err := os.OpenFile(filepath.Join(c.dataDir, path), os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteAt([]byte("garbage"), 4000)
	f.Close()
	c.start()
	conn = c.connect()
	if _, err := conn.Exec(ctx, "SELECT count(*) FROM victim"); err == nil {
		t.Fatal("a corrupt page was read without error")
	}
	if err := conn.QueryRow(ctx, "SELECT checksum_failures, checksum_last_failure FROM pg_stat_database WHERE datname = 'postgres'").
		Scan(&failures, &last); err != nil || failures != 1 || last == nil {
		t.Fatalf("after a checksum failure: %d %v %v", failures, last, err)
	}

	plain := newCluster(t)
	plain.start()
	var nf *int64
	if err := plain.connect().QueryRow(ctx, "SELECT checksum_failures, checksum_last_failure FROM pg_stat_database WHERE datname = 'postgres'").
		Scan(&nf, &last); err != nil || nf != nil || last != nil {
		t.Fatalf("without data checksums: %v %v %v", nf, last, err)
	}
}
