package integration

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// TestWraparound moves the transaction id counter past 2^31 (the test
// hook that does what pg_resetwal -x does) and shows PostgreSQL's
// protection at work: near wraparound new transaction ids are refused
// (54000), anti-wraparound autovacuum freezes every database (template0
// included) so that they are accepted again, and rows written two
// billion transactions ago stay visible because they were frozen.
func TestWraparound(t *testing.T) {
	c := newCluster(t, "autovacuum = off", "autovacuum_naptime = 1s", "autovacuum_freeze_max_age = 100000",
		"log_autovacuum_min_duration = 0")
	c.start()
	ctx := context.Background()
	conn := c.connect()
	for _, q := range []string{
		"CREATE TABLE wrap (id int PRIMARY KEY, v text)",
		"INSERT INTO wrap SELECT g, 'old ' || g FROM generate_series(1, 1000) g",
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	conn.Close(ctx)
	c.stop("fast")

	// Past the stop limit: 3 million before wraparound of the oldest
	// datfrozenxid (3, as gpinitdb leaves every database).
	t.Setenv("GPOSTGRES_TEST_NEXT_XID", "2145483648")
	c.start()
	conn = c.connect()
	_, err := conn.Exec(ctx, "INSERT INTO wrap VALUES (0, 'refused')")
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "54000" || !strings.Contains(pe.Message, "to avoid wraparound data loss in database") {
		t.Fatalf("an xid past the stop limit: %v", err)
	}
	expectCount(t, conn, "SELECT count(*) FROM wrap", 1000)

	// Anti-wraparound autovacuum, turned on, freezes every database.
	conf := filepath.Join(c.dataDir, "postgresql.conf")
	b, _ := os.ReadFile(conf)
	os.WriteFile(conf, append(b, "\nautovacuum = on\n"...), 0o600)
	if _, err := conn.Exec(ctx, "SELECT pg_reload_conf()"); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(90 * time.Second)
	for {
		_, err := conn.Exec(ctx, "INSERT INTO wrap VALUES (1001, 'new')")
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("writes still refused after anti-wraparound autovacuum: %v\nlog:\n%s", err, c.log())
		}
		time.Sleep(500 * time.Millisecond)
	}
	var frozen int64
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM pg_database WHERE datfrozenxid::text::bigint > 2000000000").Scan(&frozen); err != nil || frozen != 3 {
		t.Fatalf("databases with a datfrozenxid near the counter: %d (%v), want all 3", frozen, err)
	}
	conn.Close(ctx)
	c.stop("fast")

	// Past 2^31 transactions after the first rows were written: without
	// freezing they would look like rows of the future.
	t.Setenv("GPOSTGRES_TEST_NEXT_XID", "2167483648")
	c.start()
	conn = c.connect()
	expectCount(t, conn, "SELECT count(*) FROM wrap", 1001)
	expectCount(t, conn, "SELECT count(*) FROM wrap WHERE v LIKE 'old %'", 1000)
	if _, err := conn.Exec(ctx, "SET enable_seqscan = off"); err != nil {
		t.Fatal(err)
	}
	expectCount(t, conn, "SELECT count(*) FROM wrap WHERE id BETWEEN 1 AND 1000", 1000)
	if _, err := conn.Exec(ctx, "UPDATE wrap SET v = 'updated' WHERE id = 7"); err != nil {
		t.Fatal(err)
	}
	expectCount(t, conn, "SELECT count(*) FROM wrap WHERE v = 'updated'", 1)
	var xid int64
	if err := conn.QueryRow(ctx, "SELECT txid_current() % 4294967296").Scan(&xid); err != nil || xid < 2167483648 {
		t.Fatalf("transaction id after the jump: %d, %v", xid, err)
	}
}

// expectCount runs a count query and checks its answer.
func expectCount(t *testing.T, conn *pgx.Conn, q string, want int64) {
	t.Helper()
	var n int64
	if err := conn.QueryRow(context.Background(), q).Scan(&n); err != nil || n != want {
		t.Fatalf("%s: %d, %v; want %d", q, n, err, want)
	}
}
