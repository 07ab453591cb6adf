package integration

import (
	"context"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// TestTempTables: a temporary table lives in its session's local
// buffers (here fewer than its pages, so pages are written out and read
// back, checksummed when checksums are on) and its t<N>_<relfilenode>
// file; another session cannot read it; it vanishes, rows and file, when
// the session ends; a killed session's leftovers are cleaned by the next
// session that takes the same temporary schema, and its orphaned files by
// the next server start.
func TestTempTables(t *testing.T) {
	bothChecksumModes(t, tempTables)
}

// tempRelation describes a temporary table of the session: its schema
// and its main file's path in the data directory.
func tempRelation(t *testing.T, conn *pgx.Conn, table string) (schema, path string) {
	t.Helper()
	var db, node uint32
	err := conn.QueryRow(context.Background(), `SELECT d.oid, c.relfilenode, n.nspname
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, pg_database d
		WHERE c.relname = $1 AND c.relnamespace = pg_my_temp_schema() AND d.datname = current_database()`, table).
		Scan(&db, &node, &schema)
	if err != nil {
		t.Fatalf("temporary table %s: %v", table, err)
	}
	backend := strings.TrimPrefix(schema, "pg_temp_")
	return schema, filepath.Join("base", itoa(int(db)), "t"+backend+"_"+itoa(int(node)))
}

func tempTables(t *testing.T, initArgs []string) {
	c := newClusterArgs(t, initArgs, "temp_buffers = 800kB")
	c.start()
	ctx := context.Background()

	// Session a: about 150 pages through 100 local buffers.
	a := c.connect()
	mustExec(t, a, "CREATE TEMP TABLE tt (id int, pad text)")
	mustExec(t, a, "INSERT INTO tt SELECT g, repeat(md5(g::text), 6) FROM generate_series(1, 5000) g")
	mustExec(t, a, "UPDATE tt SET pad = upper(pad) WHERE id % 7 = 0")
	if n := count(t, a, "SELECT count(*) FROM tt WHERE pad = upper(pad)"); n != 714 {
		t.Fatalf("%d updated rows read back, want 714", n)
	}
	if n := count(t, a, "SELECT sum(id) FROM tt"); n != 5000*5001/2 {
		t.Fatalf("sum %d", n)
	}
	schema, path := tempRelation(t, a, "tt")
	full := filepath.Join(c.dataDir, path)
	if !fileExists(full) {
		t.Fatalf("no file %s for the temporary table", path)
	}

	// Session b sees the catalog row but not the table.
	b := c.connect()
	if n := count(t, b, "SELECT count(*) FROM pg_class WHERE relname = 'tt'"); n != 1 {
		t.Fatalf("%d pg_class rows for tt seen by another session", n)
	}
	if _, err := b.Exec(ctx, "SELECT * FROM tt"); err == nil || !strings.Contains(err.Error(), `relation "tt" does not exist`) {
		t.Fatalf("another session reading tt unqualified: %v", err)
	}
	if _, err := b.Exec(ctx, "SELECT count(*) FROM "+schema+".tt"); err == nil || !strings.Contains(err.Error(), "cannot access temporary tables of other sessions") {
		t.Fatalf("another session reading %s.tt: %v", schema, err)
	}

	// Session a ends: rows and file go.
	a.Close(ctx)
	waitFor(t, 5*time.Second, path+" removed at session end", func() bool { return !fileExists(full) })
	waitFor(t, 5*time.Second, "tt's pg_class row removed at session end", func() bool {
		return count(t, b, "SELECT count(*) FROM pg_class WHERE relname = 'tt'") == 0
	})
	b.Close(ctx)

	// Session k is killed with a committed temporary table and one in an
	// open transaction.
	k := c.connect()
	var pid int
	if err := k.QueryRow(ctx, "SELECT pg_backend_pid()").Scan(&pid); err != nil {
		t.Fatal(err)
	}
	mustExec(t, k, "CREATE TEMP TABLE kept (x int)")
	mustExec(t, k, "INSERT INTO kept SELECT generate_series(1, 1000)")
	kSchema, keptPath := tempRelation(t, k, "kept")
	mustExec(t, k, "BEGIN")
	mustExec(t, k, "CREATE TEMP TABLE orphan (x int)")
	mustExec(t, k, "INSERT INTO orphan SELECT generate_series(1, 1000)")
	_, orphanPath := tempRelation(t, k, "orphan")
	// The pages are written out (local buffers are private) so that the
	// files hold something: a table larger than temp_buffers.
	mustExec(t, k, "INSERT INTO orphan SELECT g FROM generate_series(1, 200000) g")
	syscall.Kill(pid, syscall.SIGKILL)
	waitFor(t, 5*time.Second, "the killed backend to exit", func() bool { return syscall.Kill(pid, 0) != nil })
	for _, p := range []string{keptPath, orphanPath} {
		if !fileExists(filepath.Join(c.dataDir, p)) {
			t.Fatalf("%s vanished with the killed backend", p)
		}
	}

	// The next session with the same temporary schema drops the
	// leftover table (and its file) when it first uses the schema.
	n := c.connect()
	mustExec(t, n, "CREATE TEMP TABLE fresh (x int)")
	if nSchema, _ := tempRelation(t, n, "fresh"); nSchema == kSchema {
		if got := count(t, n, "SELECT count(*) FROM pg_class WHERE relname = 'kept'"); got != 0 {
			t.Fatalf("leftover table kept still in pg_class after %s was taken over", kSchema)
		}
		if fileExists(filepath.Join(c.dataDir, keptPath)) {
			t.Fatalf("%s left after %s was taken over", keptPath, kSchema)
		}
	} else {
		t.Logf("the new session got %s, not %s: takeover not exercised", nSchema, kSchema)
	}
	n.Close(ctx)

	// A restart removes the orphaned files.
	c.stop("immediate")
	c.start()
	for _, p := range []string{keptPath, orphanPath} {
		if fileExists(filepath.Join(c.dataDir, p)) {
			t.Fatalf("%s survived a restart", p)
		}
	}
	r := c.connect()
	if got := count(t, r, "SELECT count(*) FROM pg_class WHERE relname = 'orphan'"); got != 0 {
		t.Fatalf("rolled-back temporary table orphan in pg_class")
	}
}
