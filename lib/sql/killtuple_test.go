package sql_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/access/nbtree"
	"github.com/gpostgres/gpostgres/lib/access/tuple"
	"github.com/gpostgres/gpostgres/lib/sql/internal/sqltest"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/types"
)

// checkIntIndex runs the access method's checker on index name, a
// one-column int4 B-tree.
func checkIntIndex(t *testing.T, s *sqltest.Session, name string) nbtree.CheckResult {
	t.Helper()
	row := strings.Split(s.Run("SELECT relfilenode, (SELECT oid FROM pg_database WHERE datname = current_database()) FROM pg_class WHERE relname = '"+name+"'"), "\n")[1]
	f := strings.Split(row, "|")
	rel, _ := strconv.Atoi(f[0])
	db, _ := strconv.Atoi(f[1])
	ix := &nbtree.Index{Locator: storage.RelFileLocator{Spc: storage.DefaultTablespace, DB: uint32(db), Rel: uint32(rel)},
		Name: name, HeapName: "t", Desc: &tuple.Desc{Attrs: []tuple.Attr{tuple.AttrFor("k", types.OidInt4, -1)}},
		Keys: []nbtree.KeyColumn{{Compare: func(x, y types.Datum) int { return types.Compare(types.OidInt4, x, y) }}}}
	// The process's B-tree access, without the last statement's
	// interrupt check.
	env := *s.Transaction().Engine().Btree
	env.Interrupt = nil
	res, err := nbtree.Check(&env, ix)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestIndexScanKillsDeadEntries: an index scan marks LP_DEAD the entries
// of row versions dead to every transaction (kill_prior_tuple), so that
// the next scans skip them without visiting the heap, and leaves those an
// open transaction may still see; a uniqueness check does the same for
// the equal keys it looks at; an insertion into a full leaf removes the
// marked entries before splitting it.
func TestIndexScanKillsDeadEntries(t *testing.T) {
	c := sqltest.NewCluster(t)
	a, b := c.NewSession(t), c.NewSession(t)
	expect(t, a, "CREATE TABLE kd (k int, v int)", "(CREATE TABLE)")
	expect(t, a, "CREATE INDEX kd_k ON kd (k)", "(CREATE INDEX)")
	// v indexed too, so that its updates are not heap-only: each version
	// gets its own entry in kd_k.
	expect(t, a, "CREATE INDEX kd_v ON kd (v)", "(CREATE INDEX)")
	expect(t, a, "CREATE TABLE other (x int)", "(CREATE TABLE)")
	expect(t, a, "INSERT INTO kd VALUES (1, 0), (2, 0)", "(INSERT 0 2)")
	expect(t, a, "SET enable_seqscan = off", "(SET)")
	// Bitmap scans mark nothing, as PostgreSQL's do not.
	expect(t, a, "SET enable_bitmapscan = off", "(SET)")
	update := func(table string, n int) {
		for i := 0; i < n; i++ {
			expect(t, a, "UPDATE "+table+" SET v = v + 1 WHERE k = 1", "(UPDATE 1)")
		}
	}
	dead := func() int { return checkIntIndex(t, a, "kd_k").DeadTuples }
	// Hint bits, which the test of "surely dead" reads, wait for the
	// commit record to be flushed (SetHintBits): commit synchronously.
	expect(t, a, "SET synchronous_commit = on", "(SET)")
	expect(t, b, "SET synchronous_commit = on", "(SET)")

	// The updates' own scans cannot mark what they pass: the entry they
	// add changes the page under them.
	update("kd", 30)
	if n := dead(); n != 0 {
		t.Fatalf("%d entries dead before any scan", n)
	}
	expect(t, a, "SELECT v FROM kd WHERE k = 1", "v:integer\n30\n(SELECT 1)")
	if n := dead(); n != 30 {
		t.Fatalf("after a scan, %d entries marked dead, want the 30 old versions", n)
	}

	// A transaction that started before the next updates holds them back.
	expect(t, b, "BEGIN", "(BEGIN)")
	expect(t, b, "INSERT INTO other VALUES (1)", "(INSERT 0 1)")
	update("kd", 10)
	expect(t, a, "SELECT v FROM kd WHERE k = 1", "v:integer\n40\n(SELECT 1)")
	if n := dead(); n != 30 {
		t.Fatalf("with a transaction open, %d entries marked dead: only the 30 versions deleted before it began may be", n)
	}
	expect(t, b, "COMMIT", "(COMMIT)")
	expect(t, a, "SELECT v FROM kd WHERE k = 1", "v:integer\n40\n(SELECT 1)")
	if n := dead(); n != 40 {
		t.Fatalf("after the transaction ended, %d entries marked dead, want 40", n)
	}
	expect(t, a, "SELECT k, v FROM kd WHERE k IN (1, 2) ORDER BY k", "k:integer|v:integer\n1|40\n2|0\n(SELECT 2)")

	// An insertion into a full leaf removes the dead entries first
	// (simple deletion) instead of splitting it: a thousand versions of
	// one row, scanned now and then, fit one leaf of a few hundred.
	for i := 0; i < 40; i++ {
		update("kd", 25)
		expect(t, a, "SELECT count(*) FROM kd WHERE k = 1", "count:bigint\n1\n(SELECT 1)")
	}
	if res := checkIntIndex(t, a, "kd_k"); res.Pages != 1 || res.LeafTuples > 500 {
		t.Fatalf("after 1040 versions of a row: %+v, want one leaf holding less than 500 entries", res)
	}
	expect(t, a, "SELECT k, v FROM kd ORDER BY k", "k:integer|v:integer\n1|1040\n2|0\n(SELECT 2)")

	// A unique index: each update's uniqueness check passes the key's
	// older versions and marks those dead to everyone, with no scan of
	// the index at all (the updates read the table).
	expect(t, a, "RESET enable_seqscan", "(RESET)")
	expect(t, a, "SET enable_indexscan = off", "(SET)")
	expect(t, a, "CREATE TABLE ku (k int PRIMARY KEY, v int)", "(CREATE TABLE)")
	expect(t, a, "CREATE INDEX ku_v ON ku (v)", "(CREATE INDEX)")
	expect(t, a, "INSERT INTO ku VALUES (1, 0), (2, 0)", "(INSERT 0 2)")
	update("ku", 1000)
	if res := checkIntIndex(t, a, "ku_pkey"); res.Pages != 1 || res.LeafTuples > 500 || res.DeadTuples == 0 {
		t.Fatalf("after 1000 updates of a primary key's row: %+v, want one leaf, dead entries marked and removed", res)
	}
	expect(t, a, "RESET enable_indexscan", "(RESET)")
	expect(t, a, "SET enable_seqscan = off", "(SET)")
	expect(t, a, "SELECT k, v FROM ku WHERE k = 1", "k:integer|v:integer\n1|1000\n(SELECT 1)")
}
