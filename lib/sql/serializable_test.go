// SERIALIZABLE (Serializable Snapshot Isolation, lib/storage/predicate)
// with several sessions over the same storage: the anomalies REPEATABLE
// READ lets through fail with 40001, with PostgreSQL 15's texts; what
// cannot form a cycle commits. Each scenario was run against
// PostgreSQL 15 with the same sessions and statements.

package sql_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gpostgres/gpostgres/lib/sql/internal/sqltest"
)

const errPivotAtCommit = "ERROR 40001: could not serialize access due to read/write dependencies among transactions\n" +
	"DETAIL Reason code: Canceled on identification as a pivot, during commit attempt.\n" +
	"HINT The transaction might succeed if retried."

// TestSerializableWriteSkew is the doctors on call: each transaction
// reads how many are on call and takes itself off. REPEATABLE READ lets
// both commit, leaving nobody; SERIALIZABLE fails the second commit.
func TestSerializableWriteSkew(t *testing.T) {
	c := sqltest.NewCluster(t)
	a, b := c.NewSession(t), c.NewSession(t)
	a.MustRun("CREATE TABLE doctors (name text PRIMARY KEY, on_call bool)")
	reset := func() {
		a.MustRun("DELETE FROM doctors; INSERT INTO doctors VALUES ('alice', true), ('bob', true)")
	}
	count := "count:bigint\n2\n(SELECT 1)"

	reset()
	for _, s := range []*sqltest.Session{a, b} {
		expect(t, s, "BEGIN ISOLATION LEVEL REPEATABLE READ", "(BEGIN)")
		expect(t, s, "SELECT count(*) FROM doctors WHERE on_call", count)
	}
	expect(t, a, "UPDATE doctors SET on_call = false WHERE name = 'alice'", "(UPDATE 1)")
	expect(t, b, "UPDATE doctors SET on_call = false WHERE name = 'bob'", "(UPDATE 1)")
	expect(t, a, "COMMIT", "(COMMIT)")
	expect(t, b, "COMMIT", "(COMMIT)")
	expect(t, a, "SELECT count(*) FROM doctors WHERE on_call", "count:bigint\n0\n(SELECT 1)")

	reset()
	for _, s := range []*sqltest.Session{a, b} {
		expect(t, s, "BEGIN ISOLATION LEVEL SERIALIZABLE", "(BEGIN)")
		expect(t, s, "SELECT count(*) FROM doctors WHERE on_call", count)
	}
	expect(t, a, "UPDATE doctors SET on_call = false WHERE name = 'alice'", "(UPDATE 1)")
	expect(t, b, "UPDATE doctors SET on_call = false WHERE name = 'bob'", "(UPDATE 1)")
	expect(t, a, "COMMIT", "(COMMIT)")
	expect(t, b, "COMMIT", errPivotAtCommit)
	expect(t, a, "SELECT name FROM doctors WHERE on_call", "name:text\nbob\n(SELECT 1)")
	// Retried, it sees alice's change and keeps bob on call.
	expect(t, b, "BEGIN ISOLATION LEVEL SERIALIZABLE", "(BEGIN)")
	expect(t, b, "SELECT count(*) FROM doctors WHERE on_call", "count:bigint\n1\n(SELECT 1)")
	expect(t, b, "COMMIT", "(COMMIT)")

	// The same through default_transaction_isolation, with the writer
	// failing at its write: the reader committed first with an
	// rw-conflict out to it.
	reset()
	for _, s := range []*sqltest.Session{a, b} {
		s.MustRun("SET default_transaction_isolation = serializable")
		expect(t, s, "BEGIN", "(BEGIN)")
		expect(t, s, "SELECT count(*) FROM doctors WHERE on_call", count)
	}
	expect(t, a, "UPDATE doctors SET on_call = false WHERE name = 'alice'", "(UPDATE 1)")
	expect(t, a, "COMMIT", "(COMMIT)")
	expect(t, b, "UPDATE doctors SET on_call = false WHERE name = 'bob'",
		"ERROR 40001: could not serialize access due to read/write dependencies among transactions\n"+
			"DETAIL Reason code: Canceled on identification as a pivot, during write.\n"+
			"HINT The transaction might succeed if retried.")
	expect(t, b, "ROLLBACK", "(ROLLBACK)")
	for _, s := range []*sqltest.Session{a, b} {
		s.MustRun("RESET default_transaction_isolation")
	}
}

// TestSerializableReadOnlyAnomaly is the receipts example of the SSI
// paper: a report that reads the closed batch, then its receipts, must
// not miss a receipt that a still-running transaction adds to it.
func TestSerializableReadOnlyAnomaly(t *testing.T) {
	c := sqltest.NewCluster(t)
	t1, t2, t3 := c.NewSession(t), c.NewSession(t), c.NewSession(t)
	t1.MustRun("CREATE TABLE ctl (k text PRIMARY KEY, deposit_date date); INSERT INTO ctl VALUES ('receipt', '2008-12-22')")
	t1.MustRun("CREATE TABLE receipt (receipt_no int, deposit_date date, amount numeric)")
	t1.MustRun("INSERT INTO receipt VALUES (1, '2008-12-22', 1.00), (2, '2008-12-22', 2.00)")

	// t2 (new receipt) reads the batch date; t1 (close the batch)
	// moves it on and commits; t3 (report) reads the new date and the
	// old batch's receipts, without t2's.
	expect(t, t2, "BEGIN ISOLATION LEVEL SERIALIZABLE", "(BEGIN)")
	expect(t, t2, "SELECT deposit_date FROM ctl WHERE k = 'receipt'", "deposit_date:date\n2008-12-22\n(SELECT 1)")
	expect(t, t1, "BEGIN ISOLATION LEVEL SERIALIZABLE", "(BEGIN)")
	expect(t, t1, "UPDATE ctl SET deposit_date = '2008-12-23' WHERE k = 'receipt'", "(UPDATE 1)")
	expect(t, t1, "COMMIT", "(COMMIT)")
	expect(t, t2, "INSERT INTO receipt VALUES (3, (SELECT deposit_date FROM ctl WHERE k = 'receipt'), 4.00)", "(INSERT 0 1)")
	expect(t, t3, "BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY", "(BEGIN)")
	expect(t, t3, "SELECT deposit_date FROM ctl WHERE k = 'receipt'", "deposit_date:date\n2008-12-23\n(SELECT 1)")
	expect(t, t3, "SELECT count(*) FROM receipt WHERE deposit_date = '2008-12-22'", "count:bigint\n2\n(SELECT 1)")
	expect(t, t3, "COMMIT", "(COMMIT)")
	expect(t, t2, "COMMIT", errPivotAtCommit)

	// Under REPEATABLE READ the report commits having missed receipt 3,
	// which then commits into the closed batch.
	t1.MustRun("UPDATE ctl SET deposit_date = '2008-12-22'")
	expect(t, t2, "BEGIN ISOLATION LEVEL REPEATABLE READ", "(BEGIN)")
	expect(t, t2, "SELECT deposit_date FROM ctl WHERE k = 'receipt'", "deposit_date:date\n2008-12-22\n(SELECT 1)")
	t1.MustRun("UPDATE ctl SET deposit_date = '2008-12-23' WHERE k = 'receipt'")
	expect(t, t2, "INSERT INTO receipt VALUES (3, '2008-12-22', 4.00)", "(INSERT 0 1)")
	expect(t, t3, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", "(BEGIN)")
	expect(t, t3, "SELECT count(*) FROM receipt WHERE deposit_date = '2008-12-22'", "count:bigint\n2\n(SELECT 1)")
	expect(t, t3, "COMMIT", "(COMMIT)")
	expect(t, t2, "COMMIT", "(COMMIT)")
}

// TestSerializableNoFalseCycle: a transaction that only reads and one
// that only writes do not fail, nor do two that write disjoint tables,
// nor one whose partner rolled back.
func TestSerializableNoFalseCycle(t *testing.T) {
	c := sqltest.NewCluster(t)
	a, b := c.NewSession(t), c.NewSession(t)
	a.MustRun("CREATE TABLE t (x int); INSERT INTO t VALUES (1); CREATE TABLE u (y int); INSERT INTO u VALUES (1)")

	// Reader and writer of the same table, either commit order.
	for _, readerFirst := range []bool{true, false} {
		expect(t, a, "BEGIN ISOLATION LEVEL SERIALIZABLE", "(BEGIN)")
		expect(t, a, "SELECT count(*) FROM t", "count:bigint\n1\n(SELECT 1)")
		expect(t, b, "BEGIN ISOLATION LEVEL SERIALIZABLE", "(BEGIN)")
		expect(t, b, "UPDATE t SET x = x + 1", "(UPDATE 1)")
		first, second := a, b
		if !readerFirst {
			first, second = b, a
		}
		expect(t, first, "COMMIT", "(COMMIT)")
		expect(t, second, "COMMIT", "(COMMIT)")
	}

	// Disjoint tables, each read and updated by one transaction.
	expect(t, a, "BEGIN ISOLATION LEVEL SERIALIZABLE", "(BEGIN)")
	expect(t, b, "BEGIN ISOLATION LEVEL SERIALIZABLE", "(BEGIN)")
	expect(t, a, "UPDATE t SET x = x + 1 WHERE x > 0", "(UPDATE 1)")
	expect(t, b, "UPDATE u SET y = y + 1 WHERE y > 0", "(UPDATE 1)")
	expect(t, a, "COMMIT", "(COMMIT)")
	expect(t, b, "COMMIT", "(COMMIT)")

	// Write skew whose first writer rolls back: the other commits.
	expect(t, a, "BEGIN ISOLATION LEVEL SERIALIZABLE", "(BEGIN)")
	expect(t, b, "BEGIN ISOLATION LEVEL SERIALIZABLE", "(BEGIN)")
	expect(t, a, "SELECT count(*) FROM u", "count:bigint\n1\n(SELECT 1)")
	expect(t, b, "SELECT count(*) FROM t", "count:bigint\n1\n(SELECT 1)")
	expect(t, a, "UPDATE t SET x = x + 1", "(UPDATE 1)")
	expect(t, b, "UPDATE u SET y = y + 1", "(UPDATE 1)")
	expect(t, a, "ROLLBACK", "(ROLLBACK)")
	expect(t, b, "COMMIT", "(COMMIT)")

	// Nothing is left in the table once no serializable transaction runs.
	if n := c.PredicateSlotsInUse(); n != 0 {
		t.Fatalf("%d serializable transactions still recorded", n)
	}
}

// TestSerializableDeferrable: a READ ONLY DEFERRABLE transaction waits
// until the read-write serializable transactions that overlap its
// snapshot end, pg_safe_snapshot_blocking_pids names them meanwhile, and
// a cancel ends the wait.
func TestSerializableDeferrable(t *testing.T) {
	c := sqltest.NewCluster(t)
	a, b, obs := c.NewSession(t), c.NewSession(t), c.NewSession(t)
	a.MustRun("CREATE TABLE t (x int); INSERT INTO t VALUES (1)")

	expect(t, a, "BEGIN ISOLATION LEVEL SERIALIZABLE", "(BEGIN)")
	expect(t, a, "UPDATE t SET x = 2", "(UPDATE 1)")
	expect(t, b, "BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY DEFERRABLE", "(BEGIN)")
	ch := async(b, "SELECT x FROM t")
	blocked(t, ch)
	want := "pids:integer[]\n{" + a.Pid() + "}\n(SELECT 1)"
	expect(t, obs, "SELECT pg_safe_snapshot_blocking_pids("+b.Pid()+") AS pids", want)
	expect(t, a, "COMMIT", "(COMMIT)")
	// The snapshot it waited on was taken before a committed: safe, as
	// a wrote without an rw-conflict out.
	wait(t, ch, "x:integer\n1\n(SELECT 1)")
	expect(t, b, "COMMIT", "(COMMIT)")

	// Without a concurrent writer it does not wait, and sees the latest.
	expect(t, b, "START TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ ONLY, DEFERRABLE", "(START TRANSACTION)")
	expect(t, b, "SELECT x FROM t", "x:integer\n2\n(SELECT 1)")
	expect(t, b, "COMMIT", "(COMMIT)")

	// The wait can be canceled.
	expect(t, a, "BEGIN ISOLATION LEVEL SERIALIZABLE", "(BEGIN)")
	expect(t, a, "UPDATE t SET x = 3", "(UPDATE 1)")
	b.MustRun("SET default_transaction_isolation = serializable; SET default_transaction_read_only = on; SET default_transaction_deferrable = on")
	ch = async(b, "SELECT x FROM t")
	blocked(t, ch)
	b.Cancel()
	select {
	case got := <-ch:
		if !strings.HasPrefix(got, "ERROR 57014") {
			t.Fatalf("canceled wait: %s", got)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the wait for a safe snapshot did not end at cancel")
	}
	b.MustRun("RESET default_transaction_isolation; RESET default_transaction_read_only; RESET default_transaction_deferrable")

	// Canceled inside a savepoint, the wait leaves the transaction
	// without a snapshot: after ROLLBACK TO the next statement waits
	// again, then runs.
	expect(t, b, "BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY DEFERRABLE", "(BEGIN)")
	expect(t, b, "SAVEPOINT s", "(SAVEPOINT)")
	ch = async(b, "SELECT x FROM t")
	blocked(t, ch)
	b.Cancel()
	wait(t, ch, "ERROR 57014: canceling statement due to user request")
	expect(t, b, "ROLLBACK TO s", "(ROLLBACK)")
	ch = async(b, "SELECT x FROM t")
	blocked(t, ch)
	expect(t, a, "COMMIT", "(COMMIT)")
	wait(t, ch, "x:integer\n2\n(SELECT 1)")
	expect(t, b, "SET TRANSACTION ISOLATION LEVEL READ COMMITTED", "ERROR 25001: SET TRANSACTION ISOLATION LEVEL must be called before any query")
	expect(t, b, "ROLLBACK", "(ROLLBACK)")
}

// TestSerializableInvariantUnderLoad: sessions withdraw concurrently
// from two accounts whose sum must stay non-negative, each checking the
// sum before withdrawing from one of them — write skew whenever two pick
// different accounts. Under SERIALIZABLE, retrying on 40001, the sum
// never goes negative however the statements interleave (under
// REPEATABLE READ this test fails about one run in three).
func TestSerializableInvariantUnderLoad(t *testing.T) {
	c := sqltest.NewCluster(t)
	setup := c.NewSession(t)
	setup.MustRun("CREATE TABLE acct (id int PRIMARY KEY, bal int); INSERT INTO acct VALUES (1, 50), (2, 50)")
	const workers, rounds = 4, 15
	sessions := make([]*sqltest.Session, workers)
	for i := range sessions {
		sessions[i] = c.NewSession(t)
		sessions[i].MustRun("SET default_transaction_isolation = serializable")
	}
	errs := make(chan string, workers)
	for w := range workers {
		go func(s *sqltest.Session, w int) {
			for r := range rounds {
				id := 1 + (w+r)%2
				for attempt := 0; ; attempt++ {
					q := "BEGIN; " +
						"SELECT sum(bal) FROM acct; " +
						"UPDATE acct SET bal = bal - 30 WHERE id = " + strconv.Itoa(id) + " AND (SELECT sum(bal) FROM acct) >= 30; " +
						"COMMIT"
					got := s.Run(q)
					if !strings.Contains(got, "ERROR") {
						break
					}
					s.Run("ROLLBACK")
					if !strings.Contains(got, "ERROR 40001") || attempt > 50 {
						errs <- got
						return
					}
				}
			}
			errs <- ""
		}(sessions[w], w)
	}
	for range workers {
		if e := <-errs; e != "" {
			t.Fatal(e)
		}
	}
	expect(t, setup, "SELECT sum(bal) >= 0 AS ok FROM acct", "ok:boolean\nt\n(SELECT 1)")
	if n := c.PredicateSlotsInUse(); n != 0 {
		t.Fatalf("%d serializable transactions still recorded", n)
	}
}

// TestSerializableTruncateAndDropAreWrites: TRUNCATE and DROP TABLE
// write every row of the table, for the serializable transactions that
// read it (CheckTableForSerializableConflictIn).
func TestSerializableTruncateAndDropAreWrites(t *testing.T) {
	c := sqltest.NewCluster(t)
	a, b := c.NewSession(t), c.NewSession(t)
	const duringWrite = "ERROR 40001: could not serialize access due to read/write dependencies among transactions\n" +
		"DETAIL Reason code: Canceled on identification as a pivot, during write.\n" +
		"HINT The transaction might succeed if retried."
	for _, ddl := range []string{"TRUNCATE d1", "DROP TABLE d1"} {
		a.MustRun("DROP TABLE IF EXISTS d1, d2; CREATE TABLE d1 (x int); CREATE TABLE d2 (x int)")
		expect(t, a, "BEGIN ISOLATION LEVEL SERIALIZABLE", "(BEGIN)")
		expect(t, b, "BEGIN ISOLATION LEVEL SERIALIZABLE", "(BEGIN)")
		expect(t, a, "SELECT count(*) FROM d1", "count:bigint\n0\n(SELECT 1)")
		expect(t, b, "SELECT count(*) FROM d2", "count:bigint\n0\n(SELECT 1)")
		expect(t, a, "INSERT INTO d2 VALUES (1)", "(INSERT 0 1)")
		ch := async(b, ddl)
		blocked(t, ch)
		expect(t, a, "COMMIT", "(COMMIT)")
		wait(t, ch, duringWrite)
		expect(t, b, "ROLLBACK", "(ROLLBACK)")
	}
	a.MustRun("DROP TABLE d1, d2")
}
