// CREATE INDEX CONCURRENTLY, DROP INDEX CONCURRENTLY and REINDEX
// CONCURRENTLY with other sessions writing and reading the table
// meanwhile: nobody waits for the command, the command waits for them
// at each step, and the index ends up with exactly the table's rows.

package sql_test

import (
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gpostgres/gpostgres/lib/sql/internal/sqltest"
)

// writerLoad keeps sessions inserting, updating and deleting rows of
// t(id, v) until stop is closed, counting their writes and recording
// their errors.
type writerLoad struct {
	stop    chan struct{}
	stopped sync.Once
	wg      sync.WaitGroup
	writes  atomic.Int64
	mu      sync.Mutex
	errs    []string
}

func startWriters(c *sqltest.Cluster, t *testing.T, n int, firstID int) *writerLoad {
	w := &writerLoad{stop: make(chan struct{})}
	// Registered after the sessions' own cleanups, so run before them
	// when a check fails.
	defer t.Cleanup(func() {
		w.stopped.Do(func() { close(w.stop) })
		w.wg.Wait()
	})
	for i := 0; i < n; i++ {
		s := c.NewSession(t)
		rng := rand.New(rand.NewSource(int64(i)))
		next := firstID + i*1_000_000
		w.wg.Add(1)
		go func() {
			defer w.wg.Done()
			for j := 0; ; j++ {
				select {
				case <-w.stop:
					return
				default:
				}
				var q string
				switch j % 3 {
				case 0:
					next++
					q = fmt.Sprintf("INSERT INTO t VALUES (%d, %d)", next, next%5000)
				case 1:
					q = fmt.Sprintf("UPDATE t SET v = v + 1 WHERE id = %d", rng.Intn(3000))
				default:
					q = fmt.Sprintf("DELETE FROM t WHERE id = %d", rng.Intn(3000))
				}
				r := s.Run(q)
				if strings.HasPrefix(r, "ERROR") {
					w.mu.Lock()
					w.errs = append(w.errs, q+": "+r)
					w.mu.Unlock()
					return
				}
				w.writes.Add(1)
			}
		}()
	}
	return w
}

// waitForWrites waits until the writers have made n more writes (a
// writer that fails ends the wait: finish reports it).
func (w *writerLoad) waitForWrites(t *testing.T, n int64) {
	t.Helper()
	target := w.writes.Load() + n
	deadline := time.Now().Add(30 * time.Second)
	for w.writes.Load() < target {
		w.mu.Lock()
		failed := len(w.errs) > 0
		w.mu.Unlock()
		if failed {
			w.finish(t)
		}
		if time.Now().After(deadline) {
			t.Fatalf("writers made %d of %d writes in 30 s: they are blocked", n-(target-w.writes.Load()), n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (w *writerLoad) finish(t *testing.T) {
	t.Helper()
	w.stopped.Do(func() { close(w.stop) })
	w.wg.Wait()
	if len(w.errs) > 0 {
		t.Fatalf("writers failed: %v", w.errs)
	}
}

// rowPairs runs a query returning (v, id) rows.
func rowPairs(t *testing.T, s *sqltest.Session, query string) [][2]int64 {
	t.Helper()
	var out [][2]int64
	for _, r := range s.MustRun(query) {
		for _, row := range r.Rows {
			out = append(out, [2]int64{row[0].Int(), row[1].Int()})
		}
	}
	return out
}

// checkIndexMatchesTable reads t's rows through index (an Index Scan in
// key order) and from the table itself: the index must return every
// live row once, in key order (an entry under a wrong key or missing,
// or one row twice, shows).
func checkIndexMatchesTable(t *testing.T, s *sqltest.Session, index string) {
	t.Helper()
	s.MustRun("SET enable_seqscan = off; SET enable_bitmapscan = off")
	// The LIMIT makes the planner read the index in order.
	const q = "SELECT v, id FROM t WHERE v > -1000000 ORDER BY v LIMIT 100000000"
	plan := s.Run("EXPLAIN (COSTS OFF) " + q)
	if !strings.Contains(plan, "Index Scan using "+index+" on t") || strings.Contains(plan, "Sort") {
		t.Fatalf("not read through %s:\n%s", index, plan)
	}
	viaIndex := rowPairs(t, s, q)
	s.MustRun("RESET enable_seqscan; RESET enable_bitmapscan; SET enable_indexscan = off")
	viaTable := rowPairs(t, s, "SELECT v, id FROM t ORDER BY v, id")
	s.MustRun("RESET enable_indexscan")
	for i := 1; i < len(viaIndex); i++ {
		if viaIndex[i][0] < viaIndex[i-1][0] {
			t.Fatalf("index %s returns key %d after %d", index, viaIndex[i][0], viaIndex[i-1][0])
		}
	}
	slices.SortFunc(viaIndex, func(a, b [2]int64) int {
		if a[0] != b[0] {
			return int(a[0] - b[0])
		}
		return int(a[1] - b[1])
	})
	if !slices.Equal(viaIndex, viaTable) {
		t.Fatalf("index %s has %d rows, the table %d", index, len(viaIndex), len(viaTable))
	}
}

func newIndexedTable(t *testing.T, c *sqltest.Cluster) *sqltest.Session {
	s := c.NewSession(t)
	s.MustRun("CREATE TABLE t (id int, v int)")
	s.MustRun("INSERT INTO t SELECT g, g % 5000 FROM generate_series(1, 30000) g")
	return s
}

// indexState is pg_index's indisvalid and indisready of an index, or
// "none".
func indexState(s *sqltest.Session, name string) string {
	r := s.Exec("SELECT indisvalid, indisready FROM pg_index WHERE indexrelid = (SELECT oid FROM pg_class WHERE relname = '" + name + "')")
	if len(r) == 0 || r[0].Err != nil || len(r[0].Rows) == 0 {
		return "none"
	}
	return fmt.Sprintf("valid=%v ready=%v", r[0].Rows[0][0].Bool(), r[0].Rows[0][1].Bool())
}

// waitForState polls until the index reaches state.
func waitForState(t *testing.T, s *sqltest.Session, name, state string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for indexState(s, name) != state {
		if time.Now().After(deadline) {
			t.Fatalf("index %s never reached %s (now %s)", name, state, indexState(s, name))
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestCreateIndexConcurrentlyWithWriters: sessions keep writing while
// the index is built, and afterwards the index holds exactly the live
// rows (without the validation step it misses the rows stored between
// the build's snapshot and the moment every writer knew the index).
// That the build blocks no writer is checked by its causes, not by
// timing: two open transactions hold the build in its two waits (for
// the writers that do not know the index yet, then for those that do
// not know it is ready), and the writers must go on meanwhile, holding
// its lock.
func TestCreateIndexConcurrentlyWithWriters(t *testing.T) {
	c := sqltest.NewCluster(t)
	s := newIndexedTable(t, c)
	w := startWriters(c, t, 2, 100000)
	early, late, cic := c.NewSession(t), c.NewSession(t), c.NewSession(t)
	expect(t, early, "BEGIN", "(BEGIN)")
	expect(t, early, "INSERT INTO t VALUES (-1, -1)", "(INSERT 0 1)")
	ch := async(cic, "CREATE INDEX CONCURRENTLY t_v_idx ON t (v)")
	waitForState(t, s, "t_v_idx", "valid=false ready=false")
	w.waitForWrites(t, 20)
	expect(t, late, "BEGIN", "(BEGIN)")
	expect(t, late, "INSERT INTO t VALUES (-2, -2)", "(INSERT 0 1)")
	expect(t, early, "COMMIT", "(COMMIT)")
	waitForState(t, s, "t_v_idx", "valid=false ready=true")
	blocked(t, ch)
	w.waitForWrites(t, 20)
	expect(t, late, "COMMIT", "(COMMIT)")
	wait(t, ch, "(CREATE INDEX)")
	w.waitForWrites(t, 20)
	w.finish(t)
	expect(t, s, "SELECT indisvalid, indisready FROM pg_index WHERE indexrelid = 't_v_idx'::regclass",
		"indisvalid:boolean|indisready:boolean\nt|t\n(SELECT 1)")
	checkIndexMatchesTable(t, s, "t_v_idx")
}

// TestCreateIndexConcurrentlyWaits walks the steps one by one: the
// build waits for a transaction that wrote before the index existed, the
// validation for one that wrote before the index was ready (its row, not
// visible to the build, is found by the validation), and the index
// becomes valid only once an older snapshot is gone.
func TestCreateIndexConcurrentlyWaits(t *testing.T) {
	c := sqltest.NewCluster(t)
	s := newIndexedTable(t, c)
	early, late, old, cic := c.NewSession(t), c.NewSession(t), c.NewSession(t), c.NewSession(t)
	expect(t, early, "BEGIN", "(BEGIN)")
	expect(t, early, "INSERT INTO t VALUES (-1, -1)", "(INSERT 0 1)")
	ch := async(cic, "CREATE INDEX CONCURRENTLY t_v_idx ON t (v)")
	// The catalog entry is committed, the build waits for early.
	waitForState(t, s, "t_v_idx", "valid=false ready=false")
	blocked(t, ch)
	// late writes now: it knows the index but not as ready, so its row
	// has no entry; the build's snapshot will not see it either.
	expect(t, late, "BEGIN", "(BEGIN)")
	expect(t, late, "INSERT INTO t VALUES (-2, -2)", "(INSERT 0 1)")
	expect(t, early, "COMMIT", "(COMMIT)")
	waitForState(t, s, "t_v_idx", "valid=false ready=true")
	// The validation waits for late.
	blocked(t, ch)
	// A statement whose snapshot is older than the validation's.
	slow := async(old, "SELECT pg_sleep(1.5)::text, v FROM t WHERE id = 1")
	time.Sleep(200 * time.Millisecond)
	expect(t, late, "COMMIT", "(COMMIT)")
	// Validated, not valid while the old snapshot lives.
	blocked(t, ch)
	if st := indexState(s, "t_v_idx"); st != "valid=false ready=true" {
		t.Fatalf("index is %s while an older snapshot lives", st)
	}
	wait(t, slow, "pg_sleep:text|v:integer\n\"\"|1\n(SELECT 1)")
	wait(t, ch, "(CREATE INDEX)")
	checkIndexMatchesTable(t, s, "t_v_idx")
	s.MustRun("SET enable_seqscan = off")
	expect(t, s, "SELECT id FROM t WHERE v = -2", "id:integer\n-2\n(SELECT 1)")
	expect(t, s, "SELECT id FROM t WHERE v = -1", "id:integer\n-1\n(SELECT 1)")
}

// TestCreateUniqueIndexConcurrentlyDuplicates: a duplicate stored while
// a unique index is built makes either the insert or the build fail; a
// valid index never covers duplicates.
func TestCreateUniqueIndexConcurrentlyDuplicates(t *testing.T) {
	c := sqltest.NewCluster(t)
	s := c.NewSession(t)
	s.MustRun("CREATE TABLE u (k int)")
	s.MustRun("INSERT INTO u SELECT g FROM generate_series(1, 30000) g")
	writer := c.NewSession(t)
	stop := make(chan struct{})
	var insertErrs atomic.Int64
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 1; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			writer.Run(fmt.Sprintf("INSERT INTO u VALUES (%d)", 100000+i))
			r := writer.Run(fmt.Sprintf("INSERT INTO u VALUES (%d)", 1+i%30000))
			if strings.HasPrefix(r, "ERROR 23505: duplicate key value violates unique constraint \"u_k_idx\"") {
				insertErrs.Add(1)
			} else if r != "(INSERT 0 1)" {
				panic(r)
			}
		}
	}()
	time.Sleep(20 * time.Millisecond)
	r := s.Run("CREATE UNIQUE INDEX CONCURRENTLY u_k_idx ON u (k)")
	close(stop)
	<-done
	dups := s.Run("SELECT count(*) FROM (SELECT k FROM u GROUP BY k HAVING count(*) > 1) d")
	switch {
	case r == "(CREATE INDEX)":
		if dups != "count:bigint\n0\n(SELECT 1)" {
			t.Fatalf("a valid unique index over duplicates: %s", dups)
		}
	case strings.HasPrefix(r, "ERROR 23505:"):
		if st := indexState(s, "u_k_idx"); st == "none" || strings.HasPrefix(st, "valid=true") {
			t.Fatalf("a failed build left the index %s", st)
		}
		if dups == "count:bigint\n0\n(SELECT 1)" {
			t.Fatalf("the build failed without duplicates: %s", r)
		}
		expect(t, s, "DROP INDEX u_k_idx", "(DROP INDEX)")
	default:
		t.Fatal(r)
	}
	t.Logf("build: %s; inserts refused: %d", r, insertErrs.Load())
}

// TestDropIndexConcurrently: readers that use the index and writers go
// on; the drop waits for the transactions that might use the index.
func TestDropIndexConcurrently(t *testing.T) {
	c := sqltest.NewCluster(t)
	s := newIndexedTable(t, c)
	s.MustRun("CREATE INDEX t_v_idx ON t (v)")
	reader, holder, writer, dic := c.NewSession(t), c.NewSession(t), c.NewSession(t), c.NewSession(t)
	reader.MustRun("SET enable_seqscan = off")
	var readErrs []string
	stopReads := make(chan struct{})
	readsDone := make(chan struct{})
	go func() {
		defer close(readsDone)
		for i := 0; ; i++ {
			select {
			case <-stopReads:
				return
			default:
			}
			if r := reader.Run(fmt.Sprintf("SELECT count(*) FROM t WHERE v = %d", i%5000)); strings.HasPrefix(r, "ERROR") {
				readErrs = append(readErrs, r)
				return
			}
		}
	}()
	w := startWriters(c, t, 2, 100000)
	expect(t, holder, "BEGIN", "(BEGIN)")
	expect(t, holder, "SELECT count(*) FROM t WHERE id = 5", "count:bigint\n1\n(SELECT 1)")
	ch := async(dic, "DROP INDEX CONCURRENTLY t_v_idx")
	waitForState(t, s, "t_v_idx", "valid=false ready=true")
	// It waits for the transaction that might still read the index.
	blocked(t, ch)
	// A writer that knows the index ready inserts into it.
	expect(t, writer, "BEGIN", "(BEGIN)")
	expect(t, writer, "INSERT INTO t VALUES (-1, -1)", "(INSERT 0 1)")
	expect(t, holder, "COMMIT", "(COMMIT)")
	// No longer ready; the drop waits for the writer.
	waitForState(t, s, "t_v_idx", "valid=false ready=false")
	blocked(t, ch)
	expect(t, writer, "INSERT INTO t VALUES (-2, -2)", "(INSERT 0 1)")
	expect(t, writer, "COMMIT", "(COMMIT)")
	wait(t, ch, "(DROP INDEX)")
	close(stopReads)
	<-readsDone
	w.finish(t)
	if len(readErrs) > 0 {
		t.Fatal(readErrs)
	}
	expect(t, s, "SELECT count(*) FROM pg_class WHERE relname = 't_v_idx'", "count:bigint\n0\n(SELECT 1)")
}

// TestReindexConcurrently rebuilds a primary key's index and a plain
// one while sessions write: same names, valid, the constraint on the new
// index, no leftovers, and the indexes hold exactly the table's rows.
func TestReindexConcurrently(t *testing.T) {
	c := sqltest.NewCluster(t)
	s := newIndexedTable(t, c)
	s.MustRun("DELETE FROM t WHERE id > 3000; ALTER TABLE t ADD PRIMARY KEY (id); CREATE INDEX t_v_idx ON t (v)")
	oldOID := s.MustRun("SELECT 't_pkey'::regclass::oid")[0].Rows[0][0].Int()
	w := startWriters(c, t, 2, 100000)
	time.Sleep(50 * time.Millisecond)
	before := w.writes.Load()
	expect(t, s, "REINDEX TABLE CONCURRENTLY t", "(REINDEX)")
	during := w.writes.Load() - before
	w.finish(t)
	if during < 5 {
		t.Fatalf("only %d writes during the reindex", during)
	}
	expect(t, s, "SELECT c.relname, i.indisvalid, i.indisready, i.indisprimary FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = 't'::regclass ORDER BY 1",
		"relname:name|indisvalid:boolean|indisready:boolean|indisprimary:boolean\nt_pkey|t|t|t\nt_v_idx|t|t|f\n(SELECT 2)")
	if s.MustRun("SELECT 't_pkey'::regclass::oid")[0].Rows[0][0].Int() == oldOID {
		t.Fatal("the primary key's index was not replaced")
	}
	expect(t, s, "SELECT conname, conindid::regclass FROM pg_constraint WHERE conrelid = 't'::regclass",
		"conname:name|conindid:regclass\nt_pkey|t_pkey\n(SELECT 1)")
	expect(t, s, "INSERT INTO t VALUES (100001, 0)", "ERROR 23505: duplicate key value violates unique constraint \"t_pkey\"\nDETAIL Key (id)=(100001) already exists.")
	checkIndexMatchesTable(t, s, "t_v_idx")
	// The new index is part of the constraint; the old one left nothing.
	expect(t, s, "SELECT deptype FROM pg_depend WHERE refobjid = 't_pkey'::regclass OR objid = 't_pkey'::regclass",
		"deptype:\"char\"\ni\n(SELECT 1)")
	expect(t, s, fmt.Sprintf("SELECT count(*) FROM pg_depend WHERE refobjid = %d OR objid = %d", oldOID, oldOID),
		"count:bigint\n0\n(SELECT 1)")
}

// TestConcurrentIndexCanceled: a CREATE INDEX CONCURRENTLY or REINDEX
// CONCURRENTLY canceled while it waits leaves an invalid index, which
// REINDEX repairs and DROP INDEX removes.
func TestConcurrentIndexCanceled(t *testing.T) {
	c := sqltest.NewCluster(t)
	s := newIndexedTable(t, c)
	holder, cic := c.NewSession(t), c.NewSession(t)
	expect(t, holder, "BEGIN", "(BEGIN)")
	expect(t, holder, "INSERT INTO t VALUES (-1, -1)", "(INSERT 0 1)")
	cic.Timeout = 400 * time.Millisecond
	expect(t, cic, "CREATE INDEX CONCURRENTLY t_v_idx ON t (v)", "ERROR 57014: canceling statement due to statement timeout")
	expect(t, holder, "COMMIT", "(COMMIT)")
	if st := indexState(s, "t_v_idx"); st != "valid=false ready=false" {
		t.Fatalf("canceled build left %s", st)
	}
	// Writers ignore it, the planner too.
	expect(t, s, "INSERT INTO t VALUES (-2, -2)", "(INSERT 0 1)")
	expect(t, s, "REINDEX INDEX t_v_idx", "(REINDEX)")
	if st := indexState(s, "t_v_idx"); st != "valid=true ready=true" {
		t.Fatalf("REINDEX left %s", st)
	}
	checkIndexMatchesTable(t, s, "t_v_idx")

	// REINDEX CONCURRENTLY canceled while it waits to build the copy.
	expect(t, holder, "BEGIN", "(BEGIN)")
	expect(t, holder, "INSERT INTO t VALUES (-3, -3)", "(INSERT 0 1)")
	expect(t, cic, "REINDEX INDEX CONCURRENTLY t_v_idx", "ERROR 57014: canceling statement due to statement timeout")
	expect(t, holder, "COMMIT", "(COMMIT)")
	if st := indexState(s, "t_v_idx_ccnew"); st != "valid=false ready=false" {
		t.Fatalf("canceled reindex left the copy %s", st)
	}
	checkIndexMatchesTable(t, s, "t_v_idx")
	expect(t, s, "DROP INDEX t_v_idx_ccnew", "(DROP INDEX)")

	// Canceled after the swap, while it waits for a reader of the old
	// index: the new index has the name, the old one is t_v_idx_ccold.
	oldOID := s.MustRun("SELECT 't_v_idx'::regclass::oid")[0].Rows[0][0].Int()
	expect(t, holder, "BEGIN", "(BEGIN)")
	expect(t, holder, "SELECT count(*) FROM t WHERE id = 1", "count:bigint\n1\n(SELECT 1)")
	cic.Timeout = 3 * time.Second
	expect(t, cic, "REINDEX INDEX CONCURRENTLY t_v_idx", "ERROR 57014: canceling statement due to statement timeout")
	expect(t, holder, "COMMIT", "(COMMIT)")
	if st := indexState(s, "t_v_idx_ccold"); st != "valid=false ready=true" {
		t.Fatalf("canceled reindex left the old index %s", st)
	}
	if got := s.MustRun("SELECT 't_v_idx_ccold'::regclass::oid")[0].Rows[0][0].Int(); got != oldOID {
		t.Fatalf("t_v_idx_ccold is %d, the old index was %d", got, oldOID)
	}
	checkIndexMatchesTable(t, s, "t_v_idx")
	expect(t, s, "DROP INDEX CONCURRENTLY t_v_idx_ccold", "(DROP INDEX)")
	cic.Timeout = time.Minute
	expect(t, cic, "DROP INDEX CONCURRENTLY t_v_idx", "(DROP INDEX)")
	expect(t, s, "SELECT count(*) FROM pg_index WHERE indrelid = 't'::regclass", "count:bigint\n0\n(SELECT 1)")
}

// TestTwoConcurrentIndexBuilds: two builds on two tables at once do not
// wait for each other's snapshots (each holds none while it waits), so
// neither deadlocks.
func TestTwoConcurrentIndexBuilds(t *testing.T) {
	c := sqltest.NewCluster(t)
	s := newIndexedTable(t, c)
	s.MustRun("CREATE TABLE t2 AS SELECT * FROM t")
	a, b := c.NewSession(t), c.NewSession(t)
	for i := 0; i < 3; i++ {
		ca := async(a, "CREATE INDEX CONCURRENTLY t_v_idx ON t (v)")
		cb := async(b, "CREATE INDEX CONCURRENTLY t2_v_idx ON t2 (v)")
		wait(t, ca, "(CREATE INDEX)")
		wait(t, cb, "(CREATE INDEX)")
		checkIndexMatchesTable(t, s, "t_v_idx")
		ca = async(a, "DROP INDEX CONCURRENTLY t_v_idx")
		cb = async(b, "REINDEX INDEX CONCURRENTLY t2_v_idx")
		wait(t, ca, "(DROP INDEX)")
		wait(t, cb, "(REINDEX)")
		s.MustRun("DROP INDEX t2_v_idx")
	}
}
