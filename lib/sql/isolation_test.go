// REPEATABLE READ with two sessions over the same storage: one snapshot
// per transaction, taken at its first statement; serialization failures
// (40001) where READ COMMITTED would re-check a concurrently changed row;
// the rules of SET TRANSACTION ISOLATION LEVEL. Each behaviour was
// compared with PostgreSQL 15 running the same two sessions.

package sql_test

import (
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/sql/internal/sqltest"
)

const (
	errConcurrentUpdate = "ERROR 40001: could not serialize access due to concurrent update"
	errConcurrentDelete = "ERROR 40001: could not serialize access due to concurrent delete"
)

func TestRepeatableReadSnapshotPerTransaction(t *testing.T) {
	c := sqltest.NewCluster(t)
	a, b := c.NewSession(t), c.NewSession(t)
	a.MustRun("CREATE TABLE t (x int); INSERT INTO t VALUES (1)")

	// READ COMMITTED: the second statement sees b's commit.
	expect(t, a, "BEGIN", "(BEGIN)")
	expect(t, a, "SELECT count(*) FROM t", "count:bigint\n1\n(SELECT 1)")
	expect(t, b, "INSERT INTO t VALUES (2)", "(INSERT 0 1)")
	expect(t, a, "SELECT count(*) FROM t", "count:bigint\n2\n(SELECT 1)")
	expect(t, a, "COMMIT", "(COMMIT)")

	// REPEATABLE READ: it does not, in plain statements, in a SQL
	// function, or after a savepoint's rollback.
	a.MustRun("CREATE FUNCTION t_count() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM t $$")
	expect(t, a, "BEGIN ISOLATION LEVEL REPEATABLE READ", "(BEGIN)")
	expect(t, a, "SELECT count(*) FROM t", "count:bigint\n2\n(SELECT 1)")
	expect(t, b, "INSERT INTO t VALUES (3)", "(INSERT 0 1)")
	expect(t, a, "SELECT count(*), t_count() FROM t", "count:bigint|t_count:bigint\n2|2\n(SELECT 1)")
	expect(t, a, "SAVEPOINT s", "(SAVEPOINT)")
	expect(t, a, "SELECT 1/0", "ERROR 22012: division by zero")
	expect(t, a, "ROLLBACK TO s", "(ROLLBACK)")
	expect(t, b, "DELETE FROM t WHERE x = 1", "(DELETE 1)")
	expect(t, a, "SELECT x FROM t ORDER BY x", "x:integer\n1\n2\n(SELECT 2)")
	// Its own changes it sees.
	expect(t, a, "INSERT INTO t VALUES (10)", "(INSERT 0 1)")
	expect(t, a, "SELECT x FROM t ORDER BY x", "x:integer\n1\n2\n10\n(SELECT 3)")
	expect(t, a, "COMMIT", "(COMMIT)")
	expect(t, a, "SELECT x FROM t ORDER BY x", "x:integer\n2\n3\n10\n(SELECT 3)")

	// The snapshot is taken by the first statement, not by BEGIN; even
	// one that reads no table fixes it.
	expect(t, a, "BEGIN ISOLATION LEVEL REPEATABLE READ", "(BEGIN)")
	expect(t, b, "INSERT INTO t VALUES (4)", "(INSERT 0 1)")
	expect(t, a, "SELECT 1 AS one", "one:integer\n1\n(SELECT 1)")
	expect(t, b, "INSERT INTO t VALUES (5)", "(INSERT 0 1)")
	expect(t, a, "SELECT count(*) FROM t", "count:bigint\n4\n(SELECT 1)")
	expect(t, a, "COMMIT", "(COMMIT)")

	// LOCK TABLE and SHOW take none.
	expect(t, a, "START TRANSACTION ISOLATION LEVEL REPEATABLE READ", "(START TRANSACTION)")
	expect(t, a, "LOCK TABLE t IN ACCESS SHARE MODE", "(LOCK TABLE)")
	expect(t, a, "SHOW transaction_isolation", "transaction_isolation:text\nrepeatable read\n(SHOW)")
	expect(t, b, "INSERT INTO t VALUES (6)", "(INSERT 0 1)")
	expect(t, a, "SELECT count(*) FROM t", "count:bigint\n6\n(SELECT 1)")
	expect(t, b, "INSERT INTO t VALUES (7)", "(INSERT 0 1)")
	expect(t, a, "SELECT count(*) FROM t", "count:bigint\n6\n(SELECT 1)")
	expect(t, a, "COMMIT", "(COMMIT)")
}

func TestRepeatableReadLostUpdate(t *testing.T) {
	c := sqltest.NewCluster(t)
	a, b := c.NewSession(t), c.NewSession(t)
	a.MustRun("CREATE TABLE acct (id int PRIMARY KEY, bal int); INSERT INTO acct VALUES (1, 100), (2, 100), (3, 100)")

	// a's update waits for b's, then fails once b commits.
	expect(t, a, "BEGIN ISOLATION LEVEL REPEATABLE READ", "(BEGIN)")
	expect(t, a, "SELECT bal FROM acct WHERE id = 1", "bal:integer\n100\n(SELECT 1)")
	expect(t, b, "BEGIN", "(BEGIN)")
	expect(t, b, "UPDATE acct SET bal = bal + 10 WHERE id = 1", "(UPDATE 1)")
	ch := async(a, "UPDATE acct SET bal = bal - 10 WHERE id = 1")
	blocked(t, ch)
	expect(t, b, "COMMIT", "(COMMIT)")
	wait(t, ch, errConcurrentUpdate)
	expect(t, a, "ROLLBACK", "(ROLLBACK)")
	expect(t, a, "SELECT bal FROM acct WHERE id = 1", "bal:integer\n110\n(SELECT 1)")

	// If b rolls back, a's update goes through.
	expect(t, a, "BEGIN ISOLATION LEVEL REPEATABLE READ", "(BEGIN)")
	expect(t, a, "SELECT bal FROM acct WHERE id = 1", "bal:integer\n110\n(SELECT 1)")
	expect(t, b, "BEGIN", "(BEGIN)")
	expect(t, b, "UPDATE acct SET bal = bal + 10 WHERE id = 1", "(UPDATE 1)")
	ch = async(a, "UPDATE acct SET bal = bal - 10 WHERE id = 1")
	blocked(t, ch)
	expect(t, b, "ROLLBACK", "(ROLLBACK)")
	wait(t, ch, "(UPDATE 1)")
	expect(t, a, "COMMIT", "(COMMIT)")
	expect(t, a, "SELECT bal FROM acct WHERE id = 1", "bal:integer\n100\n(SELECT 1)")

	// A row updated and committed after the snapshot, without waiting;
	// READ COMMITTED applies the update to the new version instead.
	expect(t, a, "BEGIN ISOLATION LEVEL REPEATABLE READ", "(BEGIN)")
	expect(t, a, "SELECT count(*) FROM acct", "count:bigint\n3\n(SELECT 1)")
	expect(t, b, "UPDATE acct SET bal = 1 WHERE id = 2", "(UPDATE 1)")
	expect(t, a, "DELETE FROM acct WHERE id = 2", errConcurrentUpdate)
	expect(t, a, "ROLLBACK", "(ROLLBACK)")
	expect(t, a, "BEGIN", "(BEGIN)")
	expect(t, a, "SELECT count(*) FROM acct", "count:bigint\n3\n(SELECT 1)")
	expect(t, b, "UPDATE acct SET bal = 2 WHERE id = 2", "(UPDATE 1)")
	expect(t, a, "UPDATE acct SET bal = bal * 10 WHERE id = 2 RETURNING bal", "bal:integer\n20\n(UPDATE 1)")
	expect(t, a, "COMMIT", "(COMMIT)")

	// A row deleted after the snapshot: "concurrent delete", for UPDATE
	// and DELETE; MERGE too.
	expect(t, a, "BEGIN ISOLATION LEVEL REPEATABLE READ", "(BEGIN)")
	expect(t, a, "SELECT count(*) FROM acct", "count:bigint\n3\n(SELECT 1)")
	expect(t, b, "DELETE FROM acct WHERE id = 3", "(DELETE 1)")
	expect(t, a, "UPDATE acct SET bal = 0 WHERE id = 3", errConcurrentDelete)
	expect(t, a, "ROLLBACK", "(ROLLBACK)")
	b.MustRun("INSERT INTO acct VALUES (3, 100)")
	expect(t, a, "BEGIN ISOLATION LEVEL REPEATABLE READ", "(BEGIN)")
	expect(t, a, "SELECT count(*) FROM acct", "count:bigint\n3\n(SELECT 1)")
	expect(t, b, "DELETE FROM acct WHERE id = 3", "(DELETE 1)")
	expect(t, a, "DELETE FROM acct WHERE id = 3", errConcurrentDelete)
	expect(t, a, "ROLLBACK", "(ROLLBACK)")
	expect(t, a, "BEGIN ISOLATION LEVEL REPEATABLE READ", "(BEGIN)")
	expect(t, a, "SELECT count(*) FROM acct", "count:bigint\n2\n(SELECT 1)")
	expect(t, b, "UPDATE acct SET bal = 5 WHERE id = 1", "(UPDATE 1)")
	expect(t, a, "MERGE INTO acct USING (VALUES (1)) v(id) ON acct.id = v.id WHEN MATCHED THEN UPDATE SET bal = 0", errConcurrentUpdate)
	expect(t, a, "ROLLBACK", "(ROLLBACK)")
}

// TestRepeatableReadWriteSkew: two transactions each read both rows and
// change a different one. Snapshot isolation lets both commit (only
// SERIALIZABLE would refuse one), as PostgreSQL's REPEATABLE READ does.
func TestRepeatableReadWriteSkew(t *testing.T) {
	c := sqltest.NewCluster(t)
	a, b := c.NewSession(t), c.NewSession(t)
	a.MustRun("CREATE TABLE oncall (doctor text PRIMARY KEY, on_call bool); INSERT INTO oncall VALUES ('alice', true), ('bob', true)")
	for _, s := range []*sqltest.Session{a, b} {
		expect(t, s, "BEGIN ISOLATION LEVEL REPEATABLE READ", "(BEGIN)")
		expect(t, s, "SELECT count(*) FROM oncall WHERE on_call", "count:bigint\n2\n(SELECT 1)")
	}
	expect(t, a, "UPDATE oncall SET on_call = false WHERE doctor = 'alice'", "(UPDATE 1)")
	expect(t, b, "UPDATE oncall SET on_call = false WHERE doctor = 'bob'", "(UPDATE 1)")
	expect(t, a, "COMMIT", "(COMMIT)")
	expect(t, b, "COMMIT", "(COMMIT)")
	expect(t, a, "SELECT count(*) FROM oncall WHERE on_call", "count:bigint\n0\n(SELECT 1)")
}

func TestRepeatableReadOnConflict(t *testing.T) {
	c := sqltest.NewCluster(t)
	a, b := c.NewSession(t), c.NewSession(t)
	a.MustRun("CREATE TABLE u (k int PRIMARY KEY, v int)")

	// The conflicting row was committed after the snapshot: DO NOTHING
	// and DO UPDATE cannot decide under it.
	expect(t, a, "BEGIN ISOLATION LEVEL REPEATABLE READ", "(BEGIN)")
	expect(t, a, "SELECT count(*) FROM u", "count:bigint\n0\n(SELECT 1)")
	expect(t, b, "INSERT INTO u VALUES (1, 1)", "(INSERT 0 1)")
	expect(t, a, "INSERT INTO u VALUES (1, 2) ON CONFLICT DO NOTHING", errConcurrentUpdate)
	expect(t, a, "ROLLBACK", "(ROLLBACK)")
	expect(t, a, "BEGIN ISOLATION LEVEL REPEATABLE READ", "(BEGIN)")
	expect(t, a, "SELECT count(*) FROM u", "count:bigint\n1\n(SELECT 1)")
	expect(t, b, "INSERT INTO u VALUES (2, 1)", "(INSERT 0 1)")
	expect(t, a, "INSERT INTO u VALUES (2, 2) ON CONFLICT (k) DO UPDATE SET v = excluded.v", errConcurrentUpdate)
	expect(t, a, "ROLLBACK", "(ROLLBACK)")

	// The row is visible but was updated after the snapshot.
	expect(t, a, "BEGIN ISOLATION LEVEL REPEATABLE READ", "(BEGIN)")
	expect(t, a, "SELECT count(*) FROM u", "count:bigint\n2\n(SELECT 1)")
	expect(t, b, "UPDATE u SET v = 5 WHERE k = 1", "(UPDATE 1)")
	expect(t, a, "INSERT INTO u VALUES (1, 2) ON CONFLICT (k) DO UPDATE SET v = excluded.v", errConcurrentUpdate)
	expect(t, a, "ROLLBACK", "(ROLLBACK)")

	// Rows the transaction inserted itself are no serialization failure;
	// a visible unchanged row is updated.
	expect(t, a, "BEGIN ISOLATION LEVEL REPEATABLE READ", "(BEGIN)")
	expect(t, a, "INSERT INTO u VALUES (7, 1), (7, 2) ON CONFLICT (k) DO NOTHING", "(INSERT 0 1)")
	expect(t, a, "INSERT INTO u VALUES (7, 3) ON CONFLICT (k) DO UPDATE SET v = excluded.v", "(INSERT 0 1)")
	expect(t, a, "INSERT INTO u VALUES (2, 9) ON CONFLICT (k) DO UPDATE SET v = excluded.v", "(INSERT 0 1)")
	expect(t, a, "COMMIT", "(COMMIT)")
	expect(t, a, "SELECT * FROM u ORDER BY k", "k:integer|v:integer\n1|5\n2|9\n7|3\n(SELECT 3)")
}

func TestRepeatableReadForeignKeys(t *testing.T) {
	c := sqltest.NewCluster(t)
	a, b := c.NewSession(t), c.NewSession(t)
	a.MustRun("CREATE TABLE pk (id int PRIMARY KEY, v int); CREATE TABLE fk (id int REFERENCES pk ON DELETE CASCADE, w int)")
	a.MustRun("INSERT INTO pk VALUES (1, 0), (2, 0), (3, 0), (4, 0)")

	// The referenced key is looked up under the transaction's snapshot:
	// a row committed after it is not there.
	expect(t, a, "BEGIN ISOLATION LEVEL REPEATABLE READ", "(BEGIN)")
	expect(t, a, "SELECT 1 AS one", "one:integer\n1\n(SELECT 1)")
	expect(t, b, "INSERT INTO pk VALUES (10, 0)", "(INSERT 0 1)")
	expect(t, a, "INSERT INTO fk VALUES (10, 1)", "ERROR 23503: insert or update on table \"fk\" violates foreign key constraint \"fk_id_fkey\"\n"+
		"DETAIL Key (id)=(10) is not present in table \"pk\".")
	expect(t, a, "ROLLBACK", "(ROLLBACK)")

	// A referenced row updated after the snapshot with its key kept can
	// still be referenced; one deleted cannot.
	expect(t, a, "BEGIN ISOLATION LEVEL REPEATABLE READ", "(BEGIN)")
	expect(t, a, "SELECT 1 AS one", "one:integer\n1\n(SELECT 1)")
	expect(t, b, "UPDATE pk SET v = 1 WHERE id = 1", "(UPDATE 1)")
	expect(t, a, "INSERT INTO fk VALUES (1, 1)", "(INSERT 0 1)")
	expect(t, a, "ROLLBACK", "(ROLLBACK)")
	expect(t, a, "BEGIN ISOLATION LEVEL REPEATABLE READ", "(BEGIN)")
	expect(t, a, "SELECT 1 AS one", "one:integer\n1\n(SELECT 1)")
	expect(t, b, "UPDATE pk SET id = 20 WHERE id = 2", "(UPDATE 1)")
	expect(t, a, "INSERT INTO fk VALUES (2, 1)", errConcurrentUpdate)
	expect(t, a, "ROLLBACK", "(ROLLBACK)")
	expect(t, a, "BEGIN ISOLATION LEVEL REPEATABLE READ", "(BEGIN)")
	expect(t, a, "SELECT 1 AS one", "one:integer\n1\n(SELECT 1)")
	expect(t, b, "DELETE FROM pk WHERE id = 3", "(DELETE 1)")
	expect(t, a, "INSERT INTO fk VALUES (3, 1)", errConcurrentUpdate)
	expect(t, a, "ROLLBACK", "(ROLLBACK)")

	// The cascade runs under a newer snapshot and finds the referencing
	// row b added, which a's snapshot does not see.
	expect(t, a, "BEGIN ISOLATION LEVEL REPEATABLE READ", "(BEGIN)")
	expect(t, a, "SELECT count(*) FROM fk", "count:bigint\n0\n(SELECT 1)")
	expect(t, b, "INSERT INTO fk VALUES (4, 1)", "(INSERT 0 1)")
	expect(t, a, "DELETE FROM pk WHERE id = 4", errConcurrentUpdate)
	expect(t, a, "ROLLBACK", "(ROLLBACK)")
	// Under READ COMMITTED it deletes it.
	expect(t, a, "DELETE FROM pk WHERE id = 4", "(DELETE 1)")
	expect(t, a, "SELECT count(*) FROM fk", "count:bigint\n0\n(SELECT 1)")
}

func TestSetTransactionIsolation(t *testing.T) {
	c := sqltest.NewCluster(t)
	a, b := c.NewSession(t), c.NewSession(t)
	a.MustRun("CREATE TABLE t (x int)")

	// Before the first query it can change; after, or in a savepoint,
	// it cannot.
	expect(t, a, "BEGIN", "(BEGIN)")
	expect(t, a, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", "(SET)")
	expect(t, a, "SHOW transaction_isolation", "transaction_isolation:text\nrepeatable read\n(SHOW)")
	expect(t, a, "SAVEPOINT s", "(SAVEPOINT)")
	expect(t, a, "SET TRANSACTION ISOLATION LEVEL READ COMMITTED", "ERROR 25001: SET TRANSACTION ISOLATION LEVEL must not be called in a subtransaction")
	expect(t, a, "ROLLBACK TO s", "(ROLLBACK)")
	expect(t, a, "SELECT count(*) FROM t", "count:bigint\n0\n(SELECT 1)")
	expect(t, a, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", "(SET)")
	expect(t, a, "SET TRANSACTION ISOLATION LEVEL READ COMMITTED", "ERROR 25001: SET TRANSACTION ISOLATION LEVEL must be called before any query")
	expect(t, a, "ROLLBACK", "(ROLLBACK)")

	// SERIALIZABLE follows the same rules.
	expect(t, a, "BEGIN ISOLATION LEVEL SERIALIZABLE", "(BEGIN)")
	expect(t, a, "SELECT count(*) FROM t", "count:bigint\n0\n(SELECT 1)")
	expect(t, a, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", "ERROR 25001: SET TRANSACTION ISOLATION LEVEL must be called before any query")
	expect(t, a, "ROLLBACK", "(ROLLBACK)")
	expect(t, a, "BEGIN", "(BEGIN)")
	expect(t, a, "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", "(SET)")
	expect(t, a, "SHOW transaction_isolation", "transaction_isolation:text\nserializable\n(SHOW)")
	expect(t, a, "ROLLBACK", "(ROLLBACK)")
	expect(t, a, "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE", "(SET)")
	expect(t, a, "SHOW default_transaction_isolation", "default_transaction_isolation:text\nserializable\n(SHOW)")
	expect(t, a, "RESET default_transaction_isolation", "(RESET)")

	// A snapshot one session exported, another imports: it sees no row
	// committed since. An unknown identifier is refused.
	expect(t, a, "BEGIN ISOLATION LEVEL REPEATABLE READ", "(BEGIN)")
	expect(t, a, "SET TRANSACTION SNAPSHOT '00000003-00000002-1'", `ERROR 22023: invalid snapshot identifier: "00000003-00000002-1"`)
	expect(t, a, "ROLLBACK", "(ROLLBACK)")
	expect(t, a, "CREATE TABLE snap_rows (x int)", "(CREATE TABLE)")
	expect(t, a, "BEGIN ISOLATION LEVEL REPEATABLE READ", "(BEGIN)")
	id := strings.Split(a.Run("SELECT pg_export_snapshot() AS id"), "\n")[1]
	expect(t, b, "INSERT INTO snap_rows VALUES (1)", "(INSERT 0 1)")
	expect(t, b, "BEGIN ISOLATION LEVEL REPEATABLE READ", "(BEGIN)")
	expect(t, b, "SET TRANSACTION SNAPSHOT '"+id+"'", "(SET)")
	expect(t, b, "SELECT count(*) AS n FROM snap_rows", "n:bigint\n0\n(SELECT 1)")
	expect(t, b, "COMMIT", "(COMMIT)")
	expect(t, a, "COMMIT", "(COMMIT)")
	expect(t, b, "BEGIN ISOLATION LEVEL REPEATABLE READ", "(BEGIN)")
	expect(t, b, "SET TRANSACTION SNAPSHOT '"+id+"'", `ERROR 22023: invalid snapshot identifier: "`+id+`"`)
	expect(t, b, "ROLLBACK", "(ROLLBACK)")
	expect(t, a, "DROP TABLE snap_rows", "(DROP TABLE)")
}

func TestDefaultTransactionIsolation(t *testing.T) {
	c := sqltest.NewCluster(t)
	a, b := c.NewSession(t), c.NewSession(t)
	a.MustRun("CREATE TABLE t (x int)")

	for _, set := range []string{
		"SET default_transaction_isolation = 'repeatable read'",
		"SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL REPEATABLE READ",
	} {
		expect(t, a, set, "(SET)")
		expect(t, a, "BEGIN", "(BEGIN)")
		expect(t, a, "SELECT current_setting('transaction_isolation')", "current_setting:text\nrepeatable read\n(SELECT 1)")
		expect(t, a, "SELECT count(*) > 0 AS any FROM t", "any:boolean\nf\n(SELECT 1)")
		expect(t, b, "INSERT INTO t VALUES (1)", "(INSERT 0 1)")
		expect(t, a, "SELECT count(*) > 0 AS any FROM t", "any:boolean\nf\n(SELECT 1)")
		expect(t, a, "COMMIT", "(COMMIT)")
		expect(t, a, "SELECT count(*) > 0 AS any FROM t", "any:boolean\nt\n(SELECT 1)")
		expect(t, a, "RESET default_transaction_isolation", "(RESET)")
		b.MustRun("DELETE FROM t")
	}
	// BEGIN's own level wins over the default.
	expect(t, a, "SET default_transaction_isolation = 'repeatable read'", "(SET)")
	expect(t, a, "BEGIN ISOLATION LEVEL READ COMMITTED", "(BEGIN)")
	expect(t, a, "SELECT count(*) FROM t", "count:bigint\n0\n(SELECT 1)")
	expect(t, b, "INSERT INTO t VALUES (1)", "(INSERT 0 1)")
	expect(t, a, "SELECT count(*) FROM t", "count:bigint\n1\n(SELECT 1)")
	expect(t, a, "COMMIT", "(COMMIT)")
}

// TestRepeatableReadDDLReadsCurrentRows: an index build, a table rewrite
// and a constraint's validation in a REPEATABLE READ transaction read the
// rows committed after its snapshot too, as PostgreSQL's do (latest
// snapshot): under the transaction's snapshot the index would miss them,
// the rewrite lose them, the check pass them.
func TestRepeatableReadDDLReadsCurrentRows(t *testing.T) {
	c := sqltest.NewCluster(t)
	a, b := c.NewSession(t), c.NewSession(t)
	a.MustRun("CREATE TABLE d (x int, y text)")
	expect(t, a, "BEGIN ISOLATION LEVEL REPEATABLE READ", "(BEGIN)")
	expect(t, a, "SELECT count(*) FROM d", "count:bigint\n0\n(SELECT 1)")
	b.MustRun("INSERT INTO d SELECT g, 'v' || g FROM generate_series(1, 500) g")
	expect(t, a, "ALTER TABLE d ADD CONSTRAINT small CHECK (x < 100)",
		"ERROR 23514: check constraint \"small\" of relation \"d\" is violated by some row")
	expect(t, a, "ROLLBACK", "(ROLLBACK)")

	expect(t, a, "BEGIN ISOLATION LEVEL REPEATABLE READ", "(BEGIN)")
	expect(t, a, "SELECT count(*) FROM d", "count:bigint\n500\n(SELECT 1)")
	b.MustRun("INSERT INTO d VALUES (5000, 'late')")
	expect(t, a, "CREATE INDEX d_x ON d (x)", "(CREATE INDEX)")
	expect(t, a, "ALTER TABLE d ALTER COLUMN y TYPE varchar(20)", "(ALTER TABLE)")
	expect(t, a, "COMMIT", "(COMMIT)")
	expect(t, b, "SET enable_seqscan = off", "(SET)")
	expect(t, b, "SELECT x, y FROM d WHERE x = 5000", "x:integer|y:character varying(20)\n5000|late\n(SELECT 1)")
	expect(t, b, "SELECT count(*) FROM d", "count:bigint\n501\n(SELECT 1)")
}

// TestRepeatableReadNewIndex: an index built after a REPEATABLE READ
// transaction's snapshot has no entries for rows deleted before the
// build that the snapshot still sees, so the transaction's plans do not
// read it (a wrong answer otherwise); it still enforces uniqueness and
// is an ON CONFLICT arbiter.
func TestRepeatableReadNewIndex(t *testing.T) {
	c := sqltest.NewCluster(t)
	a, b := c.NewSession(t), c.NewSession(t)
	a.MustRun("CREATE TABLE n (x int, y text); INSERT INTO n SELECT g, 'v' FROM generate_series(1, 1000) g")
	expect(t, a, "BEGIN ISOLATION LEVEL REPEATABLE READ", "(BEGIN)")
	expect(t, a, "SET LOCAL enable_seqscan = off", "(SET)")
	expect(t, a, "SELECT count(*) FROM n", "count:bigint\n1000\n(SELECT 1)")
	b.MustRun("DELETE FROM n WHERE x = 5")
	b.MustRun("UPDATE n SET y = 'w' WHERE x = 6")
	b.MustRun("CREATE UNIQUE INDEX n_x ON n (x)")
	expect(t, a, "SELECT x, y FROM n WHERE x IN (5, 6) ORDER BY x", "x:integer|y:text\n5|v\n6|v\n(SELECT 2)")
	expect(t, a, "INSERT INTO n VALUES (7, 'dup')", "ERROR 23505: duplicate key value violates unique constraint \"n_x\"\nDETAIL Key (x)=(7) already exists.")
	expect(t, a, "ROLLBACK", "(ROLLBACK)")
	expect(t, a, "BEGIN ISOLATION LEVEL REPEATABLE READ", "(BEGIN)")
	expect(t, a, "SELECT count(*) FROM n", "count:bigint\n999\n(SELECT 1)")
	b.MustRun("REINDEX INDEX n_x")
	expect(t, a, "INSERT INTO n VALUES (2000, 'new') ON CONFLICT (x) DO NOTHING", "(INSERT 0 1)")
	expect(t, a, "INSERT INTO n VALUES (8, 'dup') ON CONFLICT (x) DO UPDATE SET y = 'upd'", "(INSERT 0 1)")
	expect(t, a, "COMMIT", "(COMMIT)")
	// Later transactions read the index.
	expect(t, a, "SET enable_seqscan = off", "(SET)")
	expect(t, a, "BEGIN ISOLATION LEVEL REPEATABLE READ", "(BEGIN)")
	expect(t, a, "SELECT x, y FROM n WHERE x IN (5, 6, 8, 2000) ORDER BY x", "x:integer|y:text\n6|w\n8|upd\n2000|new\n(SELECT 3)")
	expect(t, a, "COMMIT", "(COMMIT)")
}

// TestReadCommittedSnapshotAfterLockWait: a READ COMMITTED statement
// takes its snapshot once it has its locks, so one that waited for a
// TRUNCATE sees the rows the truncating transaction stored (as in
// PostgreSQL, whose execution snapshot comes after the locks). A
// prepared plan takes its locks again when it runs, after the point
// where a REPEATABLE READ transaction takes its snapshot.
func TestReadCommittedSnapshotAfterLockWait(t *testing.T) {
	c := sqltest.NewCluster(t)
	a, b := c.NewSession(t), c.NewSession(t)
	a.MustRun("CREATE TABLE w (x int); INSERT INTO w VALUES (1)")
	p := b.Prepare("SELECT x FROM w")
	for _, run := range []func() string{
		func() string { return b.Run("SELECT x FROM w") },
		func() string { return b.ExecPrepared(p).Text() },
	} {
		expect(t, a, "BEGIN", "(BEGIN)")
		expect(t, a, "TRUNCATE w", "(TRUNCATE TABLE)")
		expect(t, a, "INSERT INTO w VALUES (9)", "(INSERT 0 1)")
		ch := make(chan string, 1)
		go func() { ch <- run() }()
		blocked(t, ch)
		expect(t, a, "COMMIT", "(COMMIT)")
		wait(t, ch, "x:integer\n9\n(SELECT 1)")
	}
}

// TestRepeatableReadForUpdate: SELECT ... FOR UPDATE in REPEATABLE READ
// fails with 40001 on a row another transaction updated or deleted
// after the snapshot (at once, or after waiting for it to commit), where
// READ COMMITTED locks the newest version; it locks the row when the
// other transaction rolls back.
func TestRepeatableReadForUpdate(t *testing.T) {
	c := sqltest.NewCluster(t)
	a, b := c.NewSession(t), c.NewSession(t)
	a.MustRun("CREATE TABLE jobs (id int PRIMARY KEY, state text); INSERT INTO jobs VALUES (1, 'new'), (2, 'new'), (3, 'new')")

	expect(t, a, "BEGIN ISOLATION LEVEL REPEATABLE READ", "(BEGIN)")
	expect(t, a, "SELECT count(*) FROM jobs", "count:bigint\n3\n(SELECT 1)")
	expect(t, b, "UPDATE jobs SET state = 'done' WHERE id = 1", "(UPDATE 1)")
	expect(t, a, "SELECT id FROM jobs WHERE id = 1 FOR UPDATE", errConcurrentUpdate)
	expect(t, a, "ROLLBACK", "(ROLLBACK)")

	expect(t, a, "BEGIN ISOLATION LEVEL REPEATABLE READ", "(BEGIN)")
	expect(t, a, "SELECT count(*) FROM jobs", "count:bigint\n3\n(SELECT 1)")
	expect(t, b, "DELETE FROM jobs WHERE id = 3", "(DELETE 1)")
	expect(t, a, "SELECT id FROM jobs WHERE id = 3 FOR SHARE", errConcurrentUpdate)
	expect(t, a, "ROLLBACK", "(ROLLBACK)")

	// Waiting for the other transaction: its commit fails the lock, its
	// rollback lets it through.
	expect(t, a, "BEGIN ISOLATION LEVEL REPEATABLE READ", "(BEGIN)")
	expect(t, a, "SELECT count(*) FROM jobs", "count:bigint\n2\n(SELECT 1)")
	expect(t, b, "BEGIN", "(BEGIN)")
	expect(t, b, "UPDATE jobs SET state = 'taken' WHERE id = 2", "(UPDATE 1)")
	ch := async(a, "SELECT id, state FROM jobs WHERE id = 2 FOR UPDATE")
	blocked(t, ch)
	expect(t, b, "ROLLBACK", "(ROLLBACK)")
	wait(t, ch, "id:integer|state:text\n2|new\n(SELECT 1)")
	expect(t, a, "COMMIT", "(COMMIT)")

	expect(t, a, "BEGIN ISOLATION LEVEL REPEATABLE READ", "(BEGIN)")
	expect(t, a, "SELECT count(*) FROM jobs", "count:bigint\n2\n(SELECT 1)")
	expect(t, b, "BEGIN", "(BEGIN)")
	expect(t, b, "UPDATE jobs SET state = 'taken' WHERE id = 2", "(UPDATE 1)")
	ch = async(a, "SELECT id FROM jobs WHERE id = 2 FOR UPDATE")
	blocked(t, ch)
	expect(t, b, "COMMIT", "(COMMIT)")
	wait(t, ch, errConcurrentUpdate)
	expect(t, a, "ROLLBACK", "(ROLLBACK)")

	// READ COMMITTED locks the newest version instead.
	expect(t, a, "BEGIN", "(BEGIN)")
	expect(t, a, "SELECT count(*) FROM jobs", "count:bigint\n2\n(SELECT 1)")
	expect(t, b, "UPDATE jobs SET state = 'again' WHERE id = 2", "(UPDATE 1)")
	expect(t, a, "SELECT id, state FROM jobs WHERE id = 2 FOR UPDATE", "id:integer|state:text\n2|again\n(SELECT 1)")
	expect(t, a, "COMMIT", "(COMMIT)")
}
