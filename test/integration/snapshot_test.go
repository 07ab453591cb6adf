// Exported snapshots between sessions: pg_export_snapshot in one
// transaction, SET TRANSACTION SNAPSHOT in another, the importer seeing
// exactly the exporter's rows; the files in pg_snapshots/ living only as
// long as the exporting transaction (its end, a killed backend, a crash
// and restart remove them); the importer's xmin holding back VACUUM once
// the exporter has ended.

package integration

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// intColumn runs a query of one int column and returns its values.
func intColumn(t *testing.T, conn *pgx.Conn, sql string) []int {
	t.Helper()
	rows, err := conn.Query(context.Background(), sql)
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[int])
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return out
}

func exportSnapshot(t *testing.T, conn *pgx.Conn) string {
	t.Helper()
	var id string
	if err := conn.QueryRow(context.Background(), "SELECT pg_export_snapshot()").Scan(&id); err != nil {
		t.Fatalf("pg_export_snapshot: %v", err)
	}
	return id
}

func snapshotFiles(t *testing.T, c *cluster) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(c.dataDir, "pg_snapshots"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestExportedSnapshots(t *testing.T) {
	c := newCluster(t, "autovacuum = off")
	c.start()
	ctx := context.Background()
	exporter, importer, other := c.connect(), c.connect(), c.connect()
	mustExec(t, other, "CREATE TABLE snap (a int); INSERT INTO snap SELECT generate_series(1, 3)")

	// The exporter's own uncommitted row is invisible to the importer;
	// rows committed and deleted after the export are as they were.
	mustExec(t, exporter, "BEGIN ISOLATION LEVEL REPEATABLE READ")
	mustExec(t, exporter, "INSERT INTO snap VALUES (100)")
	id := exportSnapshot(t, exporter)
	if files := snapshotFiles(t, c); !slices.Equal(files, []string{id}) {
		t.Fatalf("pg_snapshots holds %v, want [%s]", files, id)
	}
	body, err := os.ReadFile(filepath.Join(c.dataDir, "pg_snapshots", id))
	if err != nil {
		t.Fatal(err)
	}
	for _, field := range []string{"vxid:", "pid:", "dbid:5\n", "iso:2\n", "ro:0\n", "xmin:", "xmax:", "xcnt:", "sof:0\n", "sxcnt:0\n", "rec:0\n"} {
		if !strings.Contains(string(body), field) {
			t.Errorf("snapshot file lacks %q:\n%s", field, body)
		}
	}
	mustExec(t, other, "INSERT INTO snap VALUES (4); DELETE FROM snap WHERE a = 1")
	mustExec(t, importer, "BEGIN ISOLATION LEVEL REPEATABLE READ")
	mustExec(t, importer, "SET TRANSACTION SNAPSHOT '"+id+"'")
	if got := intColumn(t, importer, "SELECT a FROM snap ORDER BY a"); !slices.Equal(got, []int{1, 2, 3}) {
		t.Errorf("the importer sees %v, want [1 2 3]", got)
	}
	if got := intColumn(t, exporter, "SELECT a FROM snap ORDER BY a"); !slices.Equal(got, []int{1, 2, 3, 100}) {
		t.Errorf("the exporter sees %v, want [1 2 3 100]", got)
	}
	mustExec(t, importer, "COMMIT")
	mustExec(t, exporter, "COMMIT")
	if files := snapshotFiles(t, c); len(files) != 0 {
		t.Fatalf("pg_snapshots holds %v after the exporter's commit", files)
	}
	_, err = importer.Exec(ctx, "BEGIN ISOLATION LEVEL REPEATABLE READ; SET TRANSACTION SNAPSHOT '"+id+"'")
	if got := sqlState(err); got != `22023: invalid snapshot identifier: "`+id+`"` {
		t.Errorf("importing an ended transaction's snapshot: %s", got)
	}
	mustExec(t, importer, "ROLLBACK")

	// A READ COMMITTED exporter whose xid is older than its statement
	// snapshot's xmax lists it as running, with its released savepoint.
	mustExec(t, exporter, "BEGIN")
	mustExec(t, exporter, "SAVEPOINT s; INSERT INTO snap VALUES (101); RELEASE s; INSERT INTO snap VALUES (102)")
	var xid, sub string
	if err := exporter.QueryRow(ctx, "SELECT pg_current_xact_id()::text").Scan(&xid); err != nil {
		t.Fatal(err)
	}
	mustExec(t, other, "INSERT INTO snap VALUES (5)")
	id = exportSnapshot(t, exporter)
	body, err = os.ReadFile(filepath.Join(c.dataDir, "pg_snapshots", id))
	if err != nil {
		t.Fatal(err)
	}
	// The savepoint's xid came right after its parent's.
	if n, err := strconv.Atoi(xid); err == nil {
		sub = strconv.Itoa(n + 1)
	}
	for _, field := range []string{"iso:1\n", "xcnt:1\nxip:" + xid + "\n", "sxcnt:1\nsxp:" + sub + "\n"} {
		if !strings.Contains(string(body), field) {
			t.Errorf("snapshot file lacks %q:\n%s", field, body)
		}
	}
	mustExec(t, importer, "BEGIN ISOLATION LEVEL REPEATABLE READ")
	mustExec(t, importer, "SET TRANSACTION SNAPSHOT '"+id+"'")
	if got := intColumn(t, importer, "SELECT a FROM snap ORDER BY a"); !slices.Equal(got, []int{2, 3, 4, 5, 100}) {
		t.Errorf("the importer sees %v, want [2 3 4 5 100]", got)
	}
	mustExec(t, importer, "COMMIT")
	mustExec(t, exporter, "ROLLBACK")

	// A READ COMMITTED exporter keeps the exported snapshot's xmin to its
	// end, and the importer keeps it after that: VACUUM must not remove
	// rows the imported snapshot sees.
	mustExec(t, exporter, "BEGIN")
	id = exportSnapshot(t, exporter)
	mustExec(t, other, "DELETE FROM snap")
	mustExec(t, exporter, "SELECT 1") // a later statement's snapshot
	mustExec(t, importer, "BEGIN ISOLATION LEVEL REPEATABLE READ")
	mustExec(t, importer, "SET TRANSACTION SNAPSHOT '"+id+"'")
	mustExec(t, exporter, "COMMIT")
	mustExec(t, other, "VACUUM snap")
	if got := intColumn(t, importer, "SELECT a FROM snap ORDER BY a"); !slices.Equal(got, []int{2, 3, 4, 5, 100}) {
		t.Errorf("after VACUUM the importer sees %v, want [2 3 4 5 100]", got)
	}
	mustExec(t, importer, "COMMIT")

	// SERIALIZABLE: only from a serializable exporter.
	mustExec(t, exporter, "BEGIN ISOLATION LEVEL REPEATABLE READ")
	id = exportSnapshot(t, exporter)
	mustExec(t, importer, "BEGIN ISOLATION LEVEL SERIALIZABLE")
	_, err = importer.Exec(ctx, "SET TRANSACTION SNAPSHOT '"+id+"'")
	if got := sqlState(err); got != "0A000: a serializable transaction cannot import a snapshot from a non-serializable transaction" {
		t.Errorf("serializable from repeatable read: %s", got)
	}
	mustExec(t, importer, "ROLLBACK")
	mustExec(t, exporter, "COMMIT")
	mustExec(t, other, "INSERT INTO snap VALUES (7)")
	mustExec(t, exporter, "BEGIN ISOLATION LEVEL SERIALIZABLE")
	id = exportSnapshot(t, exporter)
	mustExec(t, other, "INSERT INTO snap VALUES (8)")
	mustExec(t, importer, "BEGIN ISOLATION LEVEL SERIALIZABLE")
	mustExec(t, importer, "SET TRANSACTION SNAPSHOT '"+id+"'")
	if got := intColumn(t, importer, "SELECT a FROM snap ORDER BY a"); !slices.Equal(got, []int{7}) {
		t.Errorf("the serializable importer sees %v, want [7]", got)
	}
	var n int
	if err := importer.QueryRow(ctx, "SELECT count(*) FROM pg_locks WHERE mode = 'SIReadLock' AND pid = pg_backend_pid()").Scan(&n); err != nil || n == 0 {
		t.Errorf("the serializable importer holds %d SIREAD locks (%v), want some", n, err)
	}
	mustExec(t, importer, "COMMIT")
	mustExec(t, exporter, "COMMIT")

	// Another database's snapshot cannot protect this one's rows: the
	// file says which database it was taken in.
	mustExec(t, exporter, "BEGIN ISOLATION LEVEL REPEATABLE READ")
	id = exportSnapshot(t, exporter)
	path := filepath.Join(c.dataDir, "pg_snapshots", id)
	body, err = os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	forged := strings.Replace(string(body), "dbid:5\n", "dbid:1\n", 1)
	if forged == string(body) {
		t.Fatalf("the snapshot file does not name database 5:\n%s", body)
	}
	forgedID := strings.TrimSuffix(id, "-1") + "-9"
	if err := os.WriteFile(filepath.Join(c.dataDir, "pg_snapshots", forgedID), []byte(forged), 0o600); err != nil {
		t.Fatal(err)
	}
	mustExec(t, importer, "BEGIN ISOLATION LEVEL REPEATABLE READ")
	_, err = importer.Exec(ctx, "SET TRANSACTION SNAPSHOT '"+forgedID+"'")
	if got := sqlState(err); got != "0A000: cannot import a snapshot from a different database" {
		t.Errorf("a snapshot of another database: %s", got)
	}
	mustExec(t, importer, "ROLLBACK")
	os.Remove(filepath.Join(c.dataDir, "pg_snapshots", forgedID))

	// A file whose exporter has gone (a backend killed alone takes its
	// files with it, so copy one aside first): the importer refuses it.
	stale := strings.TrimSuffix(id, "-1") + "-8"
	if err := os.WriteFile(filepath.Join(c.dataDir, "pg_snapshots", stale), body, 0o600); err != nil {
		t.Fatal(err)
	}
	exporterPID := backendPID(t, exporter)
	if err := syscall.Kill(exporterPID, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for len(snapshotFiles(t, c)) != 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if files := snapshotFiles(t, c); len(files) != 0 {
		t.Fatalf("pg_snapshots holds %v after its exporter was killed", files)
	}
	if err := os.WriteFile(filepath.Join(c.dataDir, "pg_snapshots", stale), body, 0o600); err != nil {
		t.Fatal(err)
	}
	mustExec(t, importer, "BEGIN ISOLATION LEVEL REPEATABLE READ")
	_, err = importer.Exec(ctx, "SET TRANSACTION SNAPSHOT '"+stale+"'")
	if got := sqlState(err); got != "55000: could not import the requested snapshot" {
		t.Errorf("a snapshot whose exporter is gone: %s", got)
	}
	mustExec(t, importer, "ROLLBACK")

	// A crash and restart (and a plain start) empties pg_snapshots.
	exporter = c.connect()
	mustExec(t, exporter, "BEGIN ISOLATION LEVEL REPEATABLE READ")
	exportSnapshot(t, exporter)
	c.stop("immediate")
	c.start()
	if files := snapshotFiles(t, c); len(files) != 0 {
		t.Fatalf("pg_snapshots holds %v after a restart", files)
	}
}
