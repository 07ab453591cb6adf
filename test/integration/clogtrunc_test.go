package integration

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// clogXactsPerSegment is how many transaction ids one pg_xact segment
// file holds: 32 pages of 8192 bytes, 4 ids a byte.
const clogXactsPerSegment = 32 * 8192 * 4

// TestCLOGTruncation fills four pg_xact segments (the test hook moves
// the xid counter a segment on at each restart, as pg_resetwal -x does),
// with rows written in each: never read (no hint bits), deleted by an
// aborted transaction, updated, inserted by a subtransaction. VACUUM
// FREEZE of the databases that accept connections removes nothing while
// template0's datfrozenxid still needs segment 0000; once anti-wraparound
// autovacuum has frozen template0 too, the segments wholly before the
// oldest datfrozenxid are gone, the one holding it stays, the rows are
// all there, and pg_xact_status of a removed id is NULL. A kill -9 with
// a removed segment put back (a crash between the CLOG_TRUNCATE record
// and the unlink) recovers by replaying the truncation, and a clean
// restart after that keeps working.
func TestCLOGTruncation(t *testing.T) {
	c := newCluster(t, "autovacuum = off", "autovacuum_naptime = 1s", "autovacuum_freeze_max_age = 100000",
		"log_autovacuum_min_duration = 0", "checkpoint_timeout = 1h", "log_checkpoints = on")
	ctx := context.Background()
	xactDir := filepath.Join(c.dataDir, "pg_xact")
	segments := func() []string {
		t.Helper()
		ents, err := os.ReadDir(xactDir)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		return names
	}
	var oldXids []int64 // one committed writer per segment
	for seg := 0; seg < 4; seg++ {
		if seg > 0 {
			c.stop("fast")
			t.Setenv("GPOSTGRES_TEST_NEXT_XID", itoa(seg*clogXactsPerSegment+50000))
		}
		c.start()
		conn := c.connect()
		if seg == 0 {
			mustExec(t, conn, "CREATE TABLE ct (id int PRIMARY KEY, seg int, v text)")
		}
		if seg == 3 {
			conn.Close(ctx)
			break
		}
		base := seg * 1000
		mustExec(t, conn, "BEGIN")
		mustExec(t, conn, "INSERT INTO ct SELECT g, $1, 'row ' || g FROM generate_series($2::int, $3::int) g", seg, base+1, base+100)
		var xid int64
		if err := conn.QueryRow(ctx, "SELECT txid_current()").Scan(&xid); err != nil {
			t.Fatal(err)
		}
		mustExec(t, conn, "COMMIT")
		oldXids = append(oldXids, xid)
		// An aborted insert, a delete that aborted, an update, and a
		// subtransaction's insert.
		mustExec(t, conn, "BEGIN")
		mustExec(t, conn, "INSERT INTO ct VALUES ($1, $2, 'aborted')", base+500, seg)
		mustExec(t, conn, "DELETE FROM ct WHERE id BETWEEN $1 AND $2", base+1, base+10)
		mustExec(t, conn, "ROLLBACK")
		mustExec(t, conn, "UPDATE ct SET v = 'updated' WHERE id = $1", base+20)
		mustExec(t, conn, "BEGIN")
		mustExec(t, conn, "SAVEPOINT s")
		mustExec(t, conn, "INSERT INTO ct VALUES ($1, $2, 'sub')", base+600, seg)
		mustExec(t, conn, "RELEASE s")
		mustExec(t, conn, "COMMIT")
		conn.Close(ctx)
	}
	if got := segments(); !slices.Equal(got, []string{"0000", "0001", "0002", "0003"}) {
		t.Fatalf("pg_xact before VACUUM: %v", got)
	}
	conn := c.connect()
	var status string
	if err := conn.QueryRow(ctx, "SELECT pg_xact_status($1::xid8)", itoa(int(oldXids[0]))).Scan(&status); err != nil || status != "committed" {
		t.Fatalf("pg_xact_status(%d) before truncation: %q %v", oldXids[0], status, err)
	}

	// VACUUM FREEZE where connections are allowed: template0 (datfrozenxid
	// 3, as gpinitdb leaves it) still needs segment 0000.
	mustExec(t, conn, "VACUUM FREEZE")
	t1 := c.connect("dbname=template1")
	mustExec(t, t1, "VACUUM FREEZE")
	t1.Close(ctx)
	present := segments()
	var template0 int64
	if err := conn.QueryRow(ctx, "SELECT datfrozenxid::text::bigint FROM pg_database WHERE datname = 'template0'").Scan(&template0); err != nil {
		t.Fatal(err)
	}
	if template0 < clogXactsPerSegment && !slices.Contains(present, "0000") {
		t.Fatalf("segment 0000 removed while template0's datfrozenxid is %d: %v", template0, present)
	}
	// Segment 0001 is kept for a crash below: one removed by the
	// truncation, put back as if the unlink had not happened.
	seg1, err := os.ReadFile(filepath.Join(xactDir, "0001"))
	if err != nil {
		t.Fatal(err)
	}
	checkpoints := strings.Count(c.log(), "checkpoint starting")

	// Anti-wraparound autovacuum, turned on, freezes template0 too.
	conf := filepath.Join(c.dataDir, "postgresql.conf")
	cb, _ := os.ReadFile(conf)
	os.WriteFile(conf, append(cb, "\nautovacuum = on\n"...), 0o600)
	mustExec(t, conn, "SELECT pg_reload_conf()")
	for deadline := time.Now().Add(90 * time.Second); ; {
		if got := segments(); slices.Equal(got, []string{"0003"}) {
			break
		} else if time.Now().After(deadline) {
			t.Fatalf("pg_xact after anti-wraparound autovacuum: %v\nlog:\n%s", got, c.log())
		}
		time.Sleep(200 * time.Millisecond)
	}
	// Every datfrozenxid lies in the segment kept.
	var oldest int64
	if err := conn.QueryRow(ctx, "SELECT min(datfrozenxid::text::bigint) FROM pg_database").Scan(&oldest); err != nil ||
		oldest < 3*clogXactsPerSegment || oldest >= 4*clogXactsPerSegment {
		t.Fatalf("oldest datfrozenxid %d (%v), want in segment 0003", oldest, err)
	}
	checkCLOGTruncationData(t, c, oldXids, "")
	// No checkpoint since the truncation's record: recovery replays it.
	replay := strings.Count(c.log(), "checkpoint starting") == checkpoints
	mustExec(t, conn, "UPDATE ct SET v = 'after truncation' WHERE id = 1")
	conn.Close(ctx)

	// kill -9 of every process, postmaster first.
	pm := c.postmasterPID()
	for _, pid := range append([]int{pm}, c.processes()...) {
		syscall.Kill(pid, syscall.SIGKILL)
	}
	if left := c.waitNoProcesses(5 * time.Second); len(left) > 0 {
		t.Fatalf("processes survived SIGKILL: %v", left)
	}
	waitGone(t, pm)
	if replay {
		if err := os.WriteFile(filepath.Join(xactDir, "0001"), seg1, 0o600); err != nil {
			t.Fatal(err)
		}
	} else {
		t.Log("a checkpoint ran after the truncation: its redo is not exercised")
	}
	c.start()
	if got := segments(); !slices.Equal(got, []string{"0003"}) {
		t.Fatalf("pg_xact after crash recovery: %v\nlog:\n%s", got, c.log())
	}
	checkCLOGTruncationData(t, c, oldXids, "after truncation")

	// A clean restart.
	c.stop("fast")
	c.start()
	checkCLOGTruncationData(t, c, oldXids, "after truncation")
	if got := segments(); !slices.Equal(got, []string{"0003"}) {
		t.Fatalf("pg_xact after a restart: %v", got)
	}
}

// checkCLOGTruncationData checks TestCLOGTruncation's rows (row 1's
// value when row1 is set), by sequential and index scans, then that
// pg_xact_status of the writers whose segments were removed is NULL and that new
// transactions commit.
func checkCLOGTruncationData(t *testing.T, c *cluster, oldXids []int64, row1 string) {
	t.Helper()
	ctx := context.Background()
	conn := c.connect()
	defer conn.Close(ctx)
	for _, scan := range []string{"on", "off"} {
		mustExec(t, conn, "SET enable_seqscan = "+scan)
		expectCount(t, conn, "SELECT count(*) FROM ct", 3*101)
		expectCount(t, conn, "SELECT count(*) FROM ct WHERE v = 'aborted'", 0)
		expectCount(t, conn, "SELECT count(*) FROM ct WHERE v = 'updated' AND id IN (20, 1020, 2020)", 3)
		expectCount(t, conn, "SELECT count(*) FROM ct WHERE v = 'sub' AND id IN (600, 1600, 2600)", 3)
		expectCount(t, conn, "SELECT count(*) FROM ct WHERE id BETWEEN 1 AND 10 OR id BETWEEN 1001 AND 1010 OR id BETWEEN 2001 AND 2010", 30)
	}
	if row1 != "" {
		expectCount(t, conn, "SELECT count(*) FROM ct WHERE id = 1 AND v = '"+row1+"'", 1)
	}
	for _, x := range oldXids {
		var status *string
		if err := conn.QueryRow(ctx, "SELECT pg_xact_status($1::xid8)", itoa(int(x))).Scan(&status); err != nil || status != nil {
			t.Fatalf("pg_xact_status(%d) of a truncated id: %v %v\nlog:\n%s", x, status, err, c.log())
		}
	}
	var mine int64
	var status string
	tx, err := conn.BeginTx(ctx, pgx.TxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.QueryRow(ctx, "INSERT INTO ct VALUES (-1, 9, 'new') RETURNING txid_current()").Scan(&mine); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if err := conn.QueryRow(ctx, "SELECT pg_xact_status($1::xid8)", itoa(int(mine))).Scan(&status); err != nil || status != "committed" {
		t.Fatalf("pg_xact_status(%d) of a new transaction: %q %v", mine, status, err)
	}
	mustExec(t, conn, "DELETE FROM ct WHERE id = -1")
}
