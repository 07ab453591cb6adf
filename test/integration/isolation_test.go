package integration

import (
	"context"
	"errors"
	"testing"
	"time"

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
