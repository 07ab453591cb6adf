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

// TestIndexScanKillsDeadEntries: an index scan marks LP_DEAD the entries
// of row versions dead to every transaction (kill_prior_tuple), so that
// the next scans skip them without visiting the heap, and leaves those an
// open transaction may still see.
func TestIndexScanKillsDeadEntries(t *testing.T) {
	c := sqltest.NewCluster(t)
	a, b := c.NewSession(t), c.NewSession(t)
	expect(t, a, "CREATE TABLE kd (k int PRIMARY KEY, v int)", "(CREATE TABLE)")
	expect(t, a, "CREATE TABLE other (x int)", "(CREATE TABLE)")
	expect(t, a, "INSERT INTO kd VALUES (1, 0), (2, 0)", "(INSERT 0 2)")
	expect(t, a, "SET enable_seqscan = off", "(SET)")
	var pkCheck func() nbtree.CheckResult
	update := func(n int) {
		for i := 0; i < n; i++ {
			expect(t, a, "UPDATE kd SET v = v + 1 WHERE k = 1", "(UPDATE 1)")
		}
	}
	// The primary key's entries, checked with the access method's own
	// checker.
	pkDead := func() int { return pkCheck().DeadTuples }
	pkCheck = func() nbtree.CheckResult {
		t.Helper()
		row := strings.Split(a.Run("SELECT relfilenode, (SELECT oid FROM pg_database WHERE datname = current_database()) FROM pg_class WHERE relname = 'kd_pkey'"), "\n")[1]
		f := strings.Split(row, "|")
		rel, _ := strconv.Atoi(f[0])
		db, _ := strconv.Atoi(f[1])
		ix := &nbtree.Index{Locator: storage.RelFileLocator{Spc: storage.DefaultTablespace, DB: uint32(db), Rel: uint32(rel)},
			Name: "kd_pkey", HeapName: "kd", Desc: &tuple.Desc{Attrs: []tuple.Attr{tuple.AttrFor("k", types.OidInt4, -1)}},
			Keys: []nbtree.KeyColumn{{Compare: func(x, y types.Datum) int { return types.Compare(types.OidInt4, x, y) }}}}
		// The process's B-tree access, without the last statement's
		// interrupt check.
		env := *a.Transaction().Engine().Btree
		env.Interrupt = nil
		res, err := nbtree.Check(&env, ix)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}

	update(30)
	if n := pkDead(); n != 0 {
		t.Fatalf("%d entries dead before any scan", n)
	}
	// The newest dead version may wait for its deleter's commit record
	// to be flushed before its hint bit, which the test of "surely dead"
	// reads, is set (SetHintBits); the older ones are all marked.
	expect(t, a, "SELECT v FROM kd WHERE k = 1", "v:integer\n30\n(SELECT 1)")
	if n := pkDead(); n < 29 || n > 30 {
		t.Fatalf("after a scan, %d entries marked dead, want the 30 old versions (29 at least)", n)
	}

	// A transaction that started before the next updates holds them back.
	expect(t, b, "BEGIN", "(BEGIN)")
	expect(t, b, "INSERT INTO other VALUES (1)", "(INSERT 0 1)")
	update(10)
	expect(t, a, "SELECT v FROM kd WHERE k = 1", "v:integer\n40\n(SELECT 1)")
	if n := pkDead(); n > 30 {
		t.Fatalf("with a transaction open, %d entries marked dead: only the 30 versions deleted before it began may be", n)
	}
	expect(t, b, "COMMIT", "(COMMIT)")
	expect(t, a, "SELECT v FROM kd WHERE k = 1", "v:integer\n40\n(SELECT 1)")
	if n := pkDead(); n < 39 {
		t.Fatalf("after the transaction ended, %d entries marked dead, want 39 or 40", n)
	}
	expect(t, a, "SELECT k, v FROM kd WHERE k IN (1, 2) ORDER BY k", "k:integer|v:integer\n1|40\n2|0\n(SELECT 2)")

	// An insertion into a full leaf removes the dead entries first
	// (simple deletion) instead of splitting it: a thousand versions of
	// one row, scanned now and then, fit one leaf of a few hundred.
	for i := 0; i < 40; i++ {
		update(25)
		expect(t, a, "SELECT count(*) FROM kd WHERE k = 1", "count:bigint\n1\n(SELECT 1)")
	}
	if res := pkCheck(); res.Pages != 1 || res.LeafTuples > 500 {
		t.Fatalf("after 1040 versions of a row: %+v, want one leaf holding less than 500 entries", res)
	}
	expect(t, a, "SELECT k, v FROM kd ORDER BY k", "k:integer|v:integer\n1|1040\n2|0\n(SELECT 2)")
}
