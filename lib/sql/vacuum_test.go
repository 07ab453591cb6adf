package sql_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/sql/internal/sqltest"
)

// vacuumTuples runs VACUUM VERBOSE on table and returns its report's
// "tuples:" numbers: removed, remaining, dead but not yet removable.
func vacuumTuples(t *testing.T, s *sqltest.Session, table string) [3]int {
	t.Helper()
	rs := s.MustRun("VACUUM VERBOSE " + table)
	re := regexp.MustCompile(`tuples: (\d+) removed, (\d+) remain, (\d+) are dead but not yet removable`)
	for _, n := range rs[0].Notices {
		if !strings.Contains(n, "finished vacuuming \"sqltest.public."+table+"\"") && !strings.Contains(n, "public."+table+"\"") {
			continue
		}
		if m := re.FindStringSubmatch(n); m != nil {
			var out [3]int
			for i := range out {
				out[i], _ = strconv.Atoi(m[i+1])
			}
			return out
		}
	}
	t.Fatalf("no VACUUM VERBOSE report for %s in %q", table, rs[0].Notices)
	return [3]int{}
}

// TestVacuumRemovesDeadRowsAndEntries: VACUUM removes the row versions
// dead to everyone and their index entries, frees their line pointers
// for new rows, keeps what an open snapshot may still read, and cuts
// empty pages off the end.
func TestVacuumRemovesDeadRowsAndEntries(t *testing.T) {
	c := sqltest.NewCluster(t)
	a, b := c.NewSession(t), c.NewSession(t)
	expect(t, a, "CREATE TABLE vt (k int, pad text)", "(CREATE TABLE)")
	expect(t, a, "CREATE INDEX vt_k ON vt (k)", "(CREATE INDEX)")
	expect(t, a, "INSERT INTO vt SELECT g, repeat('p', 100) FROM generate_series(1, 2000) g", "(INSERT 0 2000)")
	expect(t, a, "DELETE FROM vt WHERE k % 2 = 0", "(DELETE 1000)")
	if got := vacuumTuples(t, a, "vt"); got != [3]int{1000, 1000, 0} {
		t.Fatalf("first VACUUM: removed, remain, not yet removable = %v", got)
	}
	// The index lost the entries of the removed rows, and nothing else.
	if r := checkIntIndex(t, a, "vt_k"); r.LeafTuples != 1000 {
		t.Fatalf("index holds %d entries after VACUUM, want 1000", r.LeafTuples)
	}
	expect(t, a, "SELECT relpages > 0, reltuples FROM pg_class WHERE relname = 'vt'", "?column?:boolean|reltuples:real\nt|1000\n(SELECT 1)")
	expect(t, a, "SELECT reltuples FROM pg_class WHERE relname = 'vt_k'", "reltuples:real\n1000\n(SELECT 1)")

	expect(t, a, "INSERT INTO vt SELECT g, repeat('q', 100) FROM generate_series(2001, 2900) g", "(INSERT 0 900)")
	// Index and heap agree on every row.
	for _, settings := range []string{"SET enable_indexscan = off; SET enable_bitmapscan = off", "SET enable_seqscan = off; SET enable_bitmapscan = off", "SET enable_seqscan = off; SET enable_indexscan = off"} {
		a.MustRun(settings)
		expect(t, a, "SELECT count(*), sum(k) FROM vt WHERE k > 0", "count:bigint|sum:bigint\n1900|3205450\n(SELECT 1)")
		a.MustRun("RESET ALL")
	}

	// A snapshot that may still see deleted rows keeps them.
	expect(t, b, "BEGIN ISOLATION LEVEL REPEATABLE READ", "(BEGIN)")
	expect(t, b, "SELECT count(*) FROM vt", "count:bigint\n1900\n(SELECT 1)")
	expect(t, a, "DELETE FROM vt WHERE k > 1000", "(DELETE 1400)")
	if got := vacuumTuples(t, a, "vt"); got != [3]int{0, 500, 1400} {
		t.Fatalf("VACUUM beside an open snapshot: removed, remain, not yet removable = %v", got)
	}
	expect(t, b, "SELECT count(*) FROM vt", "count:bigint\n1900\n(SELECT 1)")
	b.MustRun("SET enable_seqscan = off")
	expect(t, b, "SELECT count(*) FROM vt WHERE k > 1000", "count:bigint\n1400\n(SELECT 1)")
	expect(t, b, "COMMIT", "(COMMIT)")
	if got := vacuumTuples(t, a, "vt"); got != [3]int{1400, 500, 0} {
		t.Fatalf("VACUUM after the snapshot ended: removed, remain, not yet removable = %v", got)
	}
	// Everything is gone: the empty pages at the end are cut off.
	expect(t, a, "DELETE FROM vt", "(DELETE 500)")
	a.MustRun("VACUUM vt")
	expect(t, a, "SELECT pg_relation_size('vt'), relpages, reltuples FROM pg_class WHERE relname = 'vt'",
		"pg_relation_size:bigint|relpages:integer|reltuples:real\n0|0|0\n(SELECT 1)")
	if r := checkIntIndex(t, a, "vt_k"); r.LeafTuples != 0 {
		t.Fatalf("index holds %d entries after everything was vacuumed", r.LeafTuples)
	}
	expect(t, a, "INSERT INTO vt VALUES (7, 'x')", "(INSERT 0 1)")
	a.MustRun("SET enable_seqscan = off")
	expect(t, a, "SELECT k, pad FROM vt WHERE k = 7", "k:integer|pad:text\n7|x\n(SELECT 1)")
}

// TestVacuumStatementRules: VACUUM's errors and refusals are
// PostgreSQL's.
func TestVacuumStatementRules(t *testing.T) {
	c := sqltest.NewCluster(t)
	a := c.NewSession(t)
	expect(t, a, "CREATE TABLE vr (k int)", "(CREATE TABLE)")
	expect(t, a, "BEGIN", "(BEGIN)")
	expect(t, a, "VACUUM vr", "ERROR 25001: VACUUM cannot run inside a transaction block")
	expect(t, a, "ROLLBACK", "(ROLLBACK)")
	expect(t, a, "VACUUM vr (k)", "ERROR 0A000: ANALYZE option must be specified when a column list is provided")
	expect(t, a, "VACUUM (FULL) vr", "(VACUUM)")
	expect(t, a, "VACUUM FULL", "(VACUUM)")
	expect(t, a, "VACUUM FULL pg_class", "(VACUUM)")
	expect(t, a, "VACUUM (FREEZE) vr", "(VACUUM)")
	expect(t, a, "VACUUM nosuch", "ERROR 42P01: relation \"nosuch\" does not exist")
	expect(t, a, "VACUUM (INDEX_CLEANUP off, TRUNCATE false, PROCESS_TOAST false, SKIP_LOCKED, DISABLE_PAGE_SKIPPING, PARALLEL 2) vr", "(VACUUM)")
	expect(t, a, "VACUUM (ANALYZE) vr (k)", "(VACUUM)")
	expect(t, a, "VACUUM", "(VACUUM)")
}

// TestVacuumFullCatalogSessions: after one session's VACUUM FULL moves
// pg_class (mapped) and pg_depend (not mapped) to new files, a session
// open since before reads and writes the new files, and a blocked
// catalog change waits for the rewrite instead of going to the old file.
func TestVacuumFullCatalogSessions(t *testing.T) {
	c := sqltest.NewCluster(t)
	a, b := c.NewSession(t), c.NewSession(t)
	files := func(s *sqltest.Session) string {
		return s.Run("SELECT pg_relation_filenode('pg_class') <> 1259, pg_relation_filenode('pg_depend') = relfilenode, " +
			"pg_relation_filenode('pg_class')::text || ' ' || relfilenode::text FROM pg_class WHERE oid = 'pg_depend'::regclass")
	}
	expect(t, b, "CREATE TABLE before_vf (k int)", "(CREATE TABLE)")
	before := files(b)
	expect(t, a, "VACUUM FULL pg_class, pg_depend", "(VACUUM)")
	after := files(a)
	if after == before || files(b) != after || !strings.Contains(after, "t|t|") {
		t.Fatalf("files before %q, after in a %q, in b %q", before, after, files(b))
	}
	expect(t, a, "SELECT relfilenode FROM pg_class WHERE relname = 'pg_class'", "relfilenode:oid\n0\n(SELECT 1)")

	// b's CREATE TABLE waits for a's rewrite of pg_class, then lands in
	// the new file.
	expect(t, a, "BEGIN", "(BEGIN)")
	expect(t, a, "LOCK TABLE pg_class IN ACCESS EXCLUSIVE MODE", "(LOCK TABLE)")
	ch := async(b, "CREATE TABLE during_vf (k int)")
	blocked(t, ch)
	expect(t, a, "COMMIT", "(COMMIT)")
	if got := <-ch; got != "(CREATE TABLE)" {
		t.Fatalf("CREATE TABLE: %s", got)
	}
	expect(t, a, "VACUUM FULL pg_class", "(VACUUM)")
	expect(t, b, "SELECT relname FROM pg_class WHERE relname LIKE '%_vf' ORDER BY 1", "relname:name\nbefore_vf\nduring_vf\n(SELECT 2)")
	expect(t, a, "SELECT count(*) FROM during_vf", "count:bigint\n0\n(SELECT 1)")
}

// TestPruneOnAccess: a page whose dead rows every transaction has
// forgotten is pruned by the next reader once it is short of room, so
// repeated updates of one wide row keep reusing its page's space
// without VACUUM.
func TestPruneOnAccess(t *testing.T) {
	c := sqltest.NewCluster(t)
	a := c.NewSession(t)
	expect(t, a, "CREATE TABLE po (k int, pad text)", "(CREATE TABLE)")
	expect(t, a, "INSERT INTO po VALUES (1, repeat('x', 500))", "(INSERT 0 1)")
	for i := 0; i < 200; i++ {
		expect(t, a, "UPDATE po SET k = k + 1", "(UPDATE 1)")
	}
	// 200 versions of 500 bytes would take 13 pages without pruning;
	// PostgreSQL keeps them in one.
	got := a.Run("SELECT pg_relation_size('po') / 8192 = 1")
	if got != "?column?:boolean\nt\n(SELECT 1)" {
		t.Fatalf("pages of a row updated 200 times: %s (%s)", got, a.Run("SELECT pg_relation_size('po') / 8192"))
	}
	expect(t, a, "SELECT k, length(pad) FROM po", "k:integer|length:integer\n201|500\n(SELECT 1)")
}

// TestHotUpdates: an UPDATE that changes no indexed column and fits on
// its page is heap-only: no new index entry, yet every access path finds
// the version its snapshot sees through the chain (index, bitmap and
// index-only scans, uniqueness checks, ON CONFLICT), and indexes built
// later index the chain's live version under its root.
func TestHotUpdates(t *testing.T) {
	c := sqltest.NewCluster(t)
	a, b := c.NewSession(t), c.NewSession(t)
	expect(t, a, "CREATE TABLE hu (k int PRIMARY KEY, v int, w int)", "(CREATE TABLE)")
	expect(t, a, "INSERT INTO hu SELECT g, 0, g FROM generate_series(1, 20) g", "(INSERT 0 20)")
	// b's snapshot keeps the first versions visible.
	expect(t, b, "BEGIN ISOLATION LEVEL REPEATABLE READ", "(BEGIN)")
	expect(t, b, "SELECT sum(v) FROM hu", "sum:bigint\n0\n(SELECT 1)")
	for i := 0; i < 5; i++ {
		expect(t, a, "UPDATE hu SET v = v + 1", "(UPDATE 20)")
	}
	if r := checkIntIndex(t, a, "hu_pkey"); r.LeafTuples != 20 {
		t.Fatalf("heap-only updates added index entries: %d, want 20", r.LeafTuples)
	}
	paths := []string{
		"SET enable_seqscan = off; SET enable_bitmapscan = off; SET enable_indexonlyscan = off",
		"SET enable_seqscan = off; SET enable_indexscan = off; SET enable_indexonlyscan = off",
		"SET enable_indexscan = off; SET enable_bitmapscan = off",
	}
	for _, p := range paths {
		a.MustRun(p)
		expect(t, a, "SELECT count(*), sum(v) FROM hu WHERE k BETWEEN 1 AND 20", "count:bigint|sum:bigint\n20|100\n(SELECT 1)")
		expect(t, a, "SELECT k, v FROM hu WHERE k = 7", "k:integer|v:integer\n7|5\n(SELECT 1)")
		b.MustRun(p)
		expect(t, b, "SELECT count(*), sum(v) FROM hu WHERE k BETWEEN 1 AND 20", "count:bigint|sum:bigint\n20|0\n(SELECT 1)")
		a.MustRun("RESET ALL")
		b.MustRun("RESET ALL")
	}
	b.MustRun("SET enable_seqscan = off")
	expect(t, b, "SELECT count(*) FROM hu WHERE k >= 1", "count:bigint\n20\n(SELECT 1)")
	b.MustRun("RESET ALL")
	// The versions' ctid is where they are, not the chain's root.
	a.MustRun("SET enable_seqscan = off; SET enable_bitmapscan = off")
	got := a.Run("SELECT ctid = (SELECT ctid FROM hu h2 WHERE h2.k + 0 = 3) FROM hu WHERE k = 3")
	if got != "?column?:boolean\nt\n(SELECT 1)" {
		t.Fatalf("ctid through the index differs from the heap's: %s", got)
	}
	expect(t, a, "UPDATE hu SET w = w + 100 WHERE k = 3 RETURNING k, v, w", "k:integer|v:integer|w:integer\n3|5|103\n(UPDATE 1)")
	a.MustRun("RESET ALL")
	// Keys are still unique, and ON CONFLICT finds the live version.
	expect(t, a, "INSERT INTO hu VALUES (5, 0, 0)", "ERROR 23505: duplicate key value violates unique constraint \"hu_pkey\"\nDETAIL Key (k)=(5) already exists.")
	expect(t, a, "INSERT INTO hu VALUES (5, 0, 0) ON CONFLICT (k) DO UPDATE SET v = hu.v + 10 RETURNING v", "v:integer\n15\n(INSERT 0 1)")
	// An index built now: w changed along the chains (a broken chain for
	// it), the entries point at the roots and find the live versions.
	expect(t, a, "UPDATE hu SET w = -w WHERE k > 10", "(UPDATE 10)")
	expect(t, a, "CREATE INDEX hu_w ON hu (w)", "(CREATE INDEX)")
	a.MustRun("SET enable_seqscan = off; SET enable_bitmapscan = off")
	expect(t, a, "SELECT k FROM hu WHERE w = -15", "k:integer\n15\n(SELECT 1)")
	expect(t, a, "SELECT count(*) FROM hu WHERE w < 0", "count:bigint\n10\n(SELECT 1)")
	expect(t, a, "SELECT count(*) FROM hu WHERE w > 15", "count:bigint\n1\n(SELECT 1)")
	a.MustRun("RESET ALL")
	// Changing an indexed column is not heap-only.
	expect(t, a, "UPDATE hu SET k = k + 1000 WHERE k = 1", "(UPDATE 1)")
	if r := checkIntIndex(t, a, "hu_pkey"); r.LeafTuples != 21 {
		t.Fatalf("an update of the key added %d entries, want 21 in all", r.LeafTuples)
	}
	expect(t, b, "COMMIT", "(COMMIT)")
	// VACUUM prunes the chains (redirects) and keeps every row reachable.
	a.MustRun("VACUUM hu")
	if r := checkIntIndex(t, a, "hu_pkey"); r.LeafTuples != 20 {
		t.Fatalf("after VACUUM the primary key has %d entries, want 20", r.LeafTuples)
	}
	for _, p := range paths {
		a.MustRun(p)
		expect(t, a, "SELECT count(*), sum(v) FROM hu WHERE k BETWEEN 1 AND 2000", "count:bigint|sum:bigint\n20|110\n(SELECT 1)")
		a.MustRun("RESET ALL")
	}
	for i := 0; i < 3; i++ {
		expect(t, a, "UPDATE hu SET v = v + 1", "(UPDATE 20)")
	}
	a.MustRun("SET enable_seqscan = off; SET enable_bitmapscan = off")
	expect(t, a, "SELECT k, v FROM hu WHERE k = 1001", "k:integer|v:integer\n1001|8\n(SELECT 1)")
	expect(t, a, "SELECT sum(v) FROM hu WHERE w > -1000", "sum:bigint\n170\n(SELECT 1)")
}

// TestVacuumFull: VACUUM FULL rewrites the table without the versions
// dead to all, keeps those an open snapshot still sees (with their
// transaction ids), rebuilds the indexes, and sets pg_class's sizes.
func TestVacuumFull(t *testing.T) {
	c := sqltest.NewCluster(t)
	a, b := c.NewSession(t), c.NewSession(t)
	expect(t, a, "CREATE TABLE vf (k int PRIMARY KEY, pad text)", "(CREATE TABLE)")
	expect(t, a, "INSERT INTO vf SELECT g, repeat('f', 100) FROM generate_series(1, 3000) g", "(INSERT 0 3000)")
	expect(t, a, "DELETE FROM vf WHERE k <= 1000", "(DELETE 1000)")
	expect(t, b, "BEGIN ISOLATION LEVEL REPEATABLE READ", "(BEGIN)")
	expect(t, b, "SELECT 1", "?column?:integer\n1\n(SELECT 1)")
	expect(t, a, "DELETE FROM vf WHERE k > 2000", "(DELETE 1000)")
	size := a.Run("SELECT pg_relation_size('vf')")
	expect(t, a, "VACUUM FULL vf", "(VACUUM)")
	if got := a.Run("SELECT pg_relation_size('vf')"); got == size {
		t.Fatalf("VACUUM FULL left the table at %s", got)
	}
	// The first 1000 deleted rows are gone; the next 1000 are copied, as
	// b's snapshot sees them.
	expect(t, b, "SELECT count(*), min(k), max(k) FROM vf", "count:bigint|min:integer|max:integer\n2000|1001|3000\n(SELECT 1)")
	b.MustRun("SET enable_seqscan = off")
	expect(t, b, "SELECT count(*) FROM vf WHERE k > 0", "count:bigint\n2000\n(SELECT 1)")
	expect(t, b, "COMMIT", "(COMMIT)")
	expect(t, a, "SELECT relpages > 0, reltuples FROM pg_class WHERE relname = 'vf'", "?column?:boolean|reltuples:real\nt|1000\n(SELECT 1)")
	for _, p := range []string{"SET enable_indexscan = off; SET enable_bitmapscan = off", "SET enable_seqscan = off; SET enable_bitmapscan = off"} {
		a.MustRun(p)
		expect(t, a, "SELECT count(*), sum(k) FROM vf WHERE k > 0", "count:bigint|sum:bigint\n1000|1500500\n(SELECT 1)")
		a.MustRun("RESET ALL")
	}
	expect(t, a, "INSERT INTO vf VALUES (1500, 'dup')", "ERROR 23505: duplicate key value violates unique constraint \"vf_pkey\"\nDETAIL Key (k)=(1500) already exists.")
	expect(t, a, "VACUUM FULL vf", "(VACUUM)")
	if r := checkIntIndex(t, a, "vf_pkey"); r.LeafTuples != 1000 {
		t.Fatalf("after a second VACUUM FULL the primary key has %d entries, want 1000", r.LeafTuples)
	}
}

// scalar runs a query of one row and one column and returns its value
// as text.
func scalar(t *testing.T, s *sqltest.Session, query string) string {
	t.Helper()
	lines := strings.Split(s.Run(query), "\n")
	if len(lines) != 3 || lines[2] != "(SELECT 1)" {
		t.Fatalf("%s: %q", query, lines)
	}
	return lines[1]
}

// TestVacuumVerboseAggressive: VACUUM VERBOSE says "aggressively
// vacuuming" when it must visit every page not all-frozen (FREEZE,
// DISABLE_PAGE_SKIPPING, old relfrozenxid), as PostgreSQL 15 does.
func TestVacuumVerboseAggressive(t *testing.T) {
	c := sqltest.NewCluster(t)
	a := c.NewSession(t)
	a.MustRun("CREATE TABLE va (k int)")
	for q, want := range map[string]string{
		"VACUUM VERBOSE va":                          "NOTICE 00000: vacuuming ",
		"VACUUM (VERBOSE, FREEZE) va":                "NOTICE 00000: aggressively vacuuming ",
		"VACUUM (VERBOSE, DISABLE_PAGE_SKIPPING) va": "NOTICE 00000: aggressively vacuuming ",
	} {
		rs := a.MustRun(q)
		if len(rs[0].Notices) == 0 || !strings.HasPrefix(rs[0].Notices[0], want) {
			t.Errorf("%s: first notice %q, want prefix %q", q, rs[0].Notices, want)
		}
	}
}

// TestVacuumFullToast: VACUUM FULL rewrites the TOAST table too, keeping
// the values an open snapshot still reads, and a VACUUM FULL of the TOAST
// table alone leaves other sessions reading the table's values.
func TestVacuumFullToast(t *testing.T) {
	c := sqltest.NewCluster(t)
	a, b := c.NewSession(t), c.NewSession(t)
	toastSize := func() int {
		t.Helper()
		n, err := strconv.Atoi(scalar(t, a, "SELECT pg_relation_size(reltoastrelid) FROM pg_class WHERE relname = 'vt'"))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	// Each value is 6400 bytes of md5 text: stored out of line, barely
	// compressible.
	expect(t, a, "CREATE TABLE vt (k int, v text)", "(CREATE TABLE)")
	expect(t, a, "INSERT INTO vt SELECT g, (SELECT string_agg(md5(g::text || x::text), '') FROM generate_series(1, 200) x) FROM generate_series(1, 100) g", "(INSERT 0 100)")
	start := toastSize()
	expect(t, a, "UPDATE vt SET v = v || 'x'", "(UPDATE 100)")
	expect(t, a, "UPDATE vt SET v = v || 'y'", "(UPDATE 100)")
	expect(t, b, "BEGIN ISOLATION LEVEL REPEATABLE READ", "(BEGIN)")
	expect(t, b, "SELECT 1", "?column?:integer\n1\n(SELECT 1)")
	expect(t, a, "UPDATE vt SET v = v || 'z'", "(UPDATE 100)")
	expect(t, a, "VACUUM FULL vt", "(VACUUM)")
	// b's snapshot still sees the second versions: their values stay.
	expect(t, b, "SELECT sum(length(v)), count(*) FROM vt", "sum:bigint|count:bigint\n640200|100\n(SELECT 1)")
	expect(t, b, "COMMIT", "(COMMIT)")
	if got := toastSize(); got > 2*start+start/2 {
		t.Fatalf("with one older version kept, the TOAST table takes %d bytes, want about %d", got, 2*start)
	}
	expect(t, a, "VACUUM FULL vt", "(VACUUM)")
	if got := toastSize(); got > start+start/4 {
		t.Fatalf("after VACUUM FULL the TOAST table takes %d bytes, want about %d", got, start)
	}
	expect(t, a, "SELECT relpages, reltuples FROM pg_class WHERE oid = (SELECT reltoastrelid FROM pg_class WHERE relname = 'vt')",
		"relpages:integer|reltuples:real\n0|-1\n(SELECT 1)")
	// The TOAST table on its own: b's cached view of vt must follow.
	expect(t, b, "SELECT sum(length(v)) FROM vt", "sum:bigint\n640300\n(SELECT 1)")
	expect(t, a, "UPDATE vt SET v = v || 'w'", "(UPDATE 100)")
	toast := scalar(t, a, "SELECT reltoastrelid::regclass FROM pg_class WHERE relname = 'vt'")
	expect(t, a, "VACUUM FULL "+toast, "(VACUUM)")
	if got := toastSize(); got > start+start/4 {
		t.Fatalf("after VACUUM FULL of %s it takes %d bytes, want about %d", toast, got, start)
	}
	expect(t, b, "SELECT sum(length(v)), count(*) FROM vt", "sum:bigint|count:bigint\n640400|100\n(SELECT 1)")
	expect(t, a, "SELECT relpages > 0, reltuples FROM pg_class WHERE oid = (SELECT reltoastrelid FROM pg_class WHERE relname = 'vt')",
		"?column?:boolean|reltuples:real\nt|400\n(SELECT 1)")
	// REINDEX builds the TOAST index with the chunks an older snapshot
	// still reads too.
	expect(t, b, "BEGIN ISOLATION LEVEL REPEATABLE READ", "(BEGIN)")
	expect(t, b, "SELECT 1", "?column?:integer\n1\n(SELECT 1)")
	expect(t, a, "UPDATE vt SET v = v || 'v'", "(UPDATE 100)")
	expect(t, a, "REINDEX TABLE vt", "(REINDEX)")
	expect(t, b, "SELECT sum(length(v)), count(*) FROM vt", "sum:bigint|count:bigint\n640400|100\n(SELECT 1)")
	expect(t, b, "COMMIT", "(COMMIT)")
	expect(t, a, "SELECT sum(length(v)), count(*) FROM vt", "sum:bigint|count:bigint\n640500|100\n(SELECT 1)")
}

// TestVacuumVisibilityMap: VACUUM marks pages all-visible (relallvisible,
// index-only scans that skip the heap), a later VACUUM passes over them,
// and a change clears the bit so that index-only scans look again.
func TestVacuumVisibilityMap(t *testing.T) {
	c := sqltest.NewCluster(t)
	a := c.NewSession(t)
	// A page is all-visible only once its rows' commit hint bits are set,
	// which waits for the commit record's flush.
	expect(t, a, "SET synchronous_commit = on", "(SET)")
	expect(t, a, "CREATE TABLE vv (k int PRIMARY KEY, pad text)", "(CREATE TABLE)")
	expect(t, a, "INSERT INTO vv SELECT g, repeat('v', 200) FROM generate_series(1, 3000) g", "(INSERT 0 3000)")
	a.MustRun("VACUUM vv")
	expect(t, a, "SELECT relpages > 64, relallvisible = relpages FROM pg_class WHERE relname = 'vv'", "?column?:boolean|?column?:boolean\nt|t\n(SELECT 1)")
	fetches := func() string {
		a.MustRun("SET enable_seqscan = off; SET enable_bitmapscan = off")
		defer a.MustRun("RESET ALL")
		out := a.Run("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT k FROM vv WHERE k < 100")
		for _, l := range strings.Split(out, "\n") {
			if strings.Contains(l, "Heap Fetches") {
				return strings.Trim(strings.TrimSpace(l), "\" ")
			}
		}
		return out
	}
	if f := fetches(); f != "Heap Fetches: 0" {
		t.Fatalf("index-only scan after VACUUM: %s", f)
	}
	expect(t, a, "UPDATE vv SET pad = 'x' WHERE k = 5", "(UPDATE 1)")
	if f := fetches(); f == "Heap Fetches: 0" {
		t.Fatal("an updated page still reads as all-visible")
	}
	rs := a.MustRun("VACUUM VERBOSE vv")
	report := strings.Join(rs[0].Notices, "\n")
	if !strings.Contains(report, "2 scanned") {
		t.Fatalf("a second VACUUM read more than the changed and the last page:\n%s", report)
	}
	if f := fetches(); f != "Heap Fetches: 0" {
		t.Fatalf("index-only scan after the second VACUUM: %s", f)
	}
	expect(t, a, "SELECT count(*) FROM vv WHERE pad = 'x'", "count:bigint\n1\n(SELECT 1)")
}
