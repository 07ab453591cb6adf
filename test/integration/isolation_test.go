package integration

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// TestRepeatableReadOverTheWire: two client connections (the extended
// protocol, as pgx speaks it) to a running server. A REPEATABLE READ
// transaction keeps the snapshot of its first statement, and its update
// of a row another transaction changed meanwhile waits for that one and
// then fails with 40001; a connection whose default_transaction_isolation
// (a startup parameter) is repeatable read gets the same.
func TestRepeatableReadOverTheWire(t *testing.T) {
	c := newCluster(t)
	c.start()
	ctx := context.Background()
	a, b := c.connect(), c.connect()
	mustExec(t, a, "CREATE TABLE rr (id int PRIMARY KEY, v int)")
	mustExec(t, a, "INSERT INTO rr VALUES (1, 0)")

	mustExec(t, a, "BEGIN ISOLATION LEVEL REPEATABLE READ")
	if n := count(t, a, "SELECT count(*) FROM rr"); n != 1 {
		t.Fatalf("%d rows at the start", n)
	}
	mustExec(t, b, "INSERT INTO rr VALUES (2, 0)")
	if n := count(t, a, "SELECT count(*) FROM rr"); n != 1 {
		t.Fatalf("REPEATABLE READ saw a row committed after its snapshot: %d rows", n)
	}
	mustExec(t, b, "BEGIN")
	mustExec(t, b, "UPDATE rr SET v = v + 1 WHERE id = 1")
	done := make(chan error, 1)
	go func() {
		_, err := a.Exec(ctx, "UPDATE rr SET v = v + 10 WHERE id = 1")
		done <- err
	}()
	select {
	case err := <-done:
		t.Fatalf("the update did not wait for the concurrent one: %v", err)
	case <-time.After(300 * time.Millisecond):
	}
	mustExec(t, b, "COMMIT")
	var err error
	select {
	case err = <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("the update still waits after the other transaction committed")
	}
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "40001" || pe.Message != "could not serialize access due to concurrent update" {
		t.Fatalf("update of a concurrently updated row: %v", err)
	}
	mustExec(t, a, "ROLLBACK")
	if n := count(t, a, "SELECT v FROM rr WHERE id = 1"); n != 1 {
		t.Fatalf("v = %d, want 1 (the lost update was refused)", n)
	}

	d := c.connect("default_transaction_isolation='repeatable read'")
	var level string
	if err := d.QueryRow(ctx, "SHOW transaction_isolation").Scan(&level); err != nil || level != "repeatable read" {
		t.Fatalf("transaction_isolation = %q, %v", level, err)
	}
	mustExec(t, d, "BEGIN")
	if n := count(t, d, "SELECT count(*) FROM rr"); n != 2 {
		t.Fatalf("%d rows at the start", n)
	}
	mustExec(t, b, "INSERT INTO rr VALUES (3, 0)")
	if n := count(t, d, "SELECT count(*) FROM rr"); n != 2 {
		t.Fatalf("default_transaction_isolation was not honoured: %d rows", n)
	}
	mustExec(t, d, "COMMIT")
	if n := count(t, d, "SELECT count(*) FROM rr"); n != 3 {
		t.Fatalf("%d rows after the commit", n)
	}
}

// TestSerializableOverTheWire: SERIALIZABLE between backend processes
// sharing the SSI table in shared memory. Write skew fails the second
// commit with PostgreSQL's 40001 texts; a READ ONLY DEFERRABLE
// transaction waits for the read-write one, pg_safe_snapshot_blocking_pids
// names it, and pg_cancel_backend ends the wait.
func TestSerializableOverTheWire(t *testing.T) {
	c := newCluster(t)
	c.start()
	ctx := context.Background()
	a, b, obs := c.connect(), c.connect(), c.connect()
	mustExec(t, a, "CREATE TABLE oncall (name text PRIMARY KEY, on_call bool)")
	mustExec(t, a, "INSERT INTO oncall VALUES ('alice', true), ('bob', true)")

	for _, conn := range []*pgx.Conn{a, b} {
		mustExec(t, conn, "BEGIN ISOLATION LEVEL SERIALIZABLE")
		if n := count(t, conn, "SELECT count(*) FROM oncall WHERE on_call"); n != 2 {
			t.Fatalf("%d on call", n)
		}
	}
	mustExec(t, a, "UPDATE oncall SET on_call = false WHERE name = 'alice'")
	mustExec(t, b, "UPDATE oncall SET on_call = false WHERE name = 'bob'")
	mustExec(t, a, "COMMIT")
	_, err := b.Exec(ctx, "COMMIT")
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "40001" ||
		pe.Message != "could not serialize access due to read/write dependencies among transactions" ||
		pe.Detail != "Reason code: Canceled on identification as a pivot, during commit attempt." ||
		pe.Hint != "The transaction might succeed if retried." {
		t.Fatalf("second commit of the write skew: %v", err)
	}
	if n := count(t, a, "SELECT count(*) FROM oncall WHERE on_call"); n != 1 {
		t.Fatalf("%d on call after the write skew, want 1", n)
	}

	mustExec(t, a, "BEGIN ISOLATION LEVEL SERIALIZABLE")
	mustExec(t, a, "UPDATE oncall SET on_call = true")
	var aPid, bPid int
	if err := a.QueryRow(ctx, "SELECT pg_backend_pid()").Scan(&aPid); err != nil {
		t.Fatal(err)
	}
	if err := b.QueryRow(ctx, "SELECT pg_backend_pid()").Scan(&bPid); err != nil {
		t.Fatal(err)
	}
	mustExec(t, b, "BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY DEFERRABLE")
	done := make(chan error, 1)
	go func() {
		_, err := b.Exec(ctx, "SELECT count(*) FROM oncall")
		done <- err
	}()
	time.Sleep(300 * time.Millisecond)
	var blocking []int32
	if err := obs.QueryRow(ctx, "SELECT pg_safe_snapshot_blocking_pids($1)", bPid).Scan(&blocking); err != nil {
		t.Fatal(err)
	}
	if len(blocking) != 1 || int(blocking[0]) != aPid {
		t.Fatalf("blocking pids %v, want [%d]", blocking, aPid)
	}
	mustExec(t, obs, "SELECT pg_cancel_backend("+strconv.Itoa(bPid)+")")
	select {
	case err = <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("the wait for a safe snapshot outlived its cancel")
	}
	if !errors.As(err, &pe) || pe.Code != "57014" {
		t.Fatalf("canceled wait: %v", err)
	}
	mustExec(t, b, "ROLLBACK")
	mustExec(t, a, "COMMIT")
	if n := count(t, a, "SELECT count(*) FROM pg_locks WHERE mode = 'SIReadLock'"); n != 0 {
		t.Fatalf("%d SIREAD locks left after every transaction ended", n)
	}
}

// TestSerializableSummarizesCommitted: a serializable transaction stays
// open while far more short serializable read-write transactions commit
// than the table of serializable transactions holds (10 per process
// slot). None fails with 53200: the oldest committed ones are summarized
// (their SIREAD locks kept by no process, their conflicts in pg_serial).
// A write skew with a summarized transaction still fails with 40001, as
// PostgreSQL 15 reports it; pg_serial is written at a checkpoint and
// emptied by a restart.
func TestSerializableSummarizesCommitted(t *testing.T) {
	c := newCluster(t, "max_connections = 10")
	c.start()
	ctx := context.Background()
	setup, long, short, filler := c.connect(), c.connect(), c.connect(), c.connect()
	mustExec(t, setup, "CREATE TABLE skew (id int PRIMARY KEY, v int)")
	mustExec(t, setup, "INSERT INTO skew VALUES (1, 0), (2, 0)")
	mustExec(t, setup, "CREATE TABLE busy (id int PRIMARY KEY, v int)")
	mustExec(t, setup, "INSERT INTO busy SELECT g, 0 FROM generate_series(1, 100) g")
	mustExec(t, setup, "CREATE TABLE other (id int)")

	fill := func() {
		t.Helper()
		for i := range 500 {
			if _, err := filler.Exec(ctx, "BEGIN ISOLATION LEVEL SERIALIZABLE"); err != nil {
				t.Fatal(err)
			}
			if _, err := filler.Exec(ctx, "UPDATE busy SET v = v + 1 WHERE id = "+itoa(i%100+1)); err != nil {
				t.Fatalf("short transaction %d: %v", i, err)
			}
			if _, err := filler.Exec(ctx, "COMMIT"); err != nil {
				t.Fatalf("commit of short transaction %d: %v", i, err)
			}
		}
	}
	wantReason := func(err error, prefix string) {
		t.Helper()
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || pe.Code != "40001" ||
			pe.Message != "could not serialize access due to read/write dependencies among transactions" ||
			!strings.HasPrefix(pe.Detail, "Reason code: "+prefix) {
			t.Fatalf("got %v, want 40001 with reason %q", err, prefix)
		}
	}

	// long writes x; short reads x (an rw-conflict into long) and writes
	// y, and commits; 500 commits later it is summarized, and long reads
	// y: long is a pivot with a conflict out to a committed transaction.
	mustExec(t, long, "BEGIN ISOLATION LEVEL SERIALIZABLE")
	mustExec(t, long, "SELECT count(*) FROM other")
	mustExec(t, long, "UPDATE skew SET v = 1 WHERE id = 1")
	mustExec(t, short, "BEGIN ISOLATION LEVEL SERIALIZABLE")
	mustExec(t, short, "SELECT v FROM skew WHERE id = 1")
	mustExec(t, short, "UPDATE skew SET v = 1 WHERE id = 2")
	mustExec(t, short, "COMMIT")
	fill()
	if n := count(t, setup, "SELECT count(*) FROM pg_locks WHERE mode = 'SIReadLock' AND pid IS NULL AND virtualtransaction = '-1/0'"); n == 0 {
		t.Fatal("no SIREAD lock of a summarized transaction")
	}
	mustExec(t, setup, "CHECKPOINT")
	if files, err := os.ReadDir(filepath.Join(c.dataDir, "pg_serial")); err != nil || len(files) == 0 {
		t.Fatalf("pg_serial after a checkpoint: %v %v", files, err)
	}
	_, err := long.Exec(ctx, "SELECT v FROM skew WHERE id = 2")
	wantReason(err, "Canceled on identification as a pivot, with conflict out to old committed transaction ")
	mustExec(t, long, "ROLLBACK")
	if n := count(t, setup, "SELECT count(*) FROM pg_locks WHERE mode = 'SIReadLock'"); n != 0 {
		t.Fatalf("%d SIREAD locks left after every serializable transaction ended", n)
	}

	// The same write skew with long's write after the summarization:
	// short's summarized SIREAD lock on x still meets it. (PostgreSQL 15
	// lets long commit here, an anomaly: its summarized locks never
	// conflict. gpostgres refuses, as it does without summarization.)
	mustExec(t, setup, "UPDATE skew SET v = 0")
	mustExec(t, long, "BEGIN ISOLATION LEVEL SERIALIZABLE")
	mustExec(t, long, "SELECT count(*) FROM other")
	mustExec(t, short, "BEGIN ISOLATION LEVEL SERIALIZABLE")
	mustExec(t, short, "SELECT v FROM skew WHERE id = 1")
	mustExec(t, short, "UPDATE skew SET v = 1 WHERE id = 2")
	mustExec(t, short, "COMMIT")
	fill()
	if n := count(t, long, "SELECT v FROM skew WHERE id = 2"); n != 0 {
		t.Fatalf("long read %d, want the value before short's update", n)
	}
	_, err = long.Exec(ctx, "UPDATE skew SET v = 2 WHERE id = 1")
	wantReason(err, "Canceled on identification as a pivot, during write.")
	mustExec(t, long, "ROLLBACK")

	c.stop("fast")
	c.start()
	if files, err := os.ReadDir(filepath.Join(c.dataDir, "pg_serial")); err != nil || len(files) != 0 {
		t.Fatalf("pg_serial after a restart: %v %v", files, err)
	}
}
