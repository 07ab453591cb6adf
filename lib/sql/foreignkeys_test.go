// Foreign keys under concurrency: a row inserted into a referencing
// table locks the referenced row FOR KEY SHARE (RI_FKey_check), so a
// concurrent DELETE of the referenced row waits for the inserting
// transaction and then sees its row, and an insert waits for a
// concurrent DELETE of the row it references: no orphan is left either
// way.

package sql_test

import (
	"testing"

	"github.com/gpostgres/gpostgres/lib/sql/internal/sqltest"
)

func TestForeignKeyConcurrentDeleteLeavesNoOrphan(t *testing.T) {
	c := sqltest.NewCluster(t)
	a, b := c.NewSession(t), c.NewSession(t)
	a.MustRun("CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (pid int REFERENCES p); INSERT INTO p VALUES (1), (2)")
	orphans := "SELECT count(*) FROM c WHERE pid NOT IN (SELECT id FROM p)"

	// The child first: its lock on p's row makes the DELETE wait, which
	// then finds the committed child.
	expect(t, b, "BEGIN", "(BEGIN)")
	expect(t, b, "INSERT INTO c VALUES (1)", "(INSERT 0 1)")
	ch := async(a, "DELETE FROM p WHERE id = 1")
	blocked(t, ch)
	expect(t, b, "COMMIT", "(COMMIT)")
	wait(t, ch, "ERROR 23503: update or delete on table \"p\" violates foreign key constraint \"c_pid_fkey\" on table \"c\"\n"+
		"DETAIL Key (id)=(1) is still referenced from table \"c\".")

	// The parent's DELETE first: the insert's check waits for it, then
	// finds the row gone.
	expect(t, a, "BEGIN", "(BEGIN)")
	expect(t, a, "DELETE FROM p WHERE id = 2", "(DELETE 1)")
	ch = async(b, "INSERT INTO c VALUES (2)")
	blocked(t, ch)
	expect(t, a, "COMMIT", "(COMMIT)")
	wait(t, ch, "ERROR 23503: insert or update on table \"c\" violates foreign key constraint \"c_pid_fkey\"\n"+
		"DETAIL Key (pid)=(2) is not present in table \"p\".")

	// A DELETE rolled back leaves the row for the waiting insert.
	a.MustRun("INSERT INTO p VALUES (3)")
	expect(t, a, "BEGIN", "(BEGIN)")
	expect(t, a, "DELETE FROM p WHERE id = 3", "(DELETE 1)")
	ch = async(b, "INSERT INTO c VALUES (3)")
	blocked(t, ch)
	expect(t, a, "ROLLBACK", "(ROLLBACK)")
	wait(t, ch, "(INSERT 0 1)")

	// A key UPDATE is a DELETE of the old key for the references.
	a.MustRun("INSERT INTO p VALUES (4), (5)")
	expect(t, b, "BEGIN", "(BEGIN)")
	expect(t, b, "INSERT INTO c VALUES (4)", "(INSERT 0 1)")
	ch = async(a, "UPDATE p SET id = 40 WHERE id = 4")
	blocked(t, ch)
	expect(t, b, "COMMIT", "(COMMIT)")
	wait(t, ch, "ERROR 23503: update or delete on table \"p\" violates foreign key constraint \"c_pid_fkey\" on table \"c\"\n"+
		"DETAIL Key (id)=(4) is still referenced from table \"c\".")
	expect(t, a, "BEGIN", "(BEGIN)")
	expect(t, a, "UPDATE p SET id = 50 WHERE id = 5", "(UPDATE 1)")
	ch = async(b, "INSERT INTO c VALUES (5)")
	blocked(t, ch)
	expect(t, a, "COMMIT", "(COMMIT)")
	wait(t, ch, "ERROR 23503: insert or update on table \"c\" violates foreign key constraint \"c_pid_fkey\"\n"+
		"DETAIL Key (pid)=(5) is not present in table \"p\".")

	expect(t, a, orphans, "count:bigint\n0\n(SELECT 1)")
}

// TestForeignKeyCascadeChainIsALoop: a cascade down a chain of rows
// much longer than max_stack_depth allows statements to nest is fired
// by one loop over the queue (RI queries run with fire_triggers off in
// PostgreSQL), not by statements nested in statements.
func TestForeignKeyCascadeChainIsALoop(t *testing.T) {
	c := sqltest.NewCluster(t)
	s := c.NewSession(t)
	s.MustRun("SET max_stack_depth = '100kB'")
	s.MustRun("CREATE TABLE chain (id int PRIMARY KEY, parent int REFERENCES chain ON DELETE CASCADE)")
	s.MustRun("INSERT INTO chain SELECT g, nullif(g - 1, 0) FROM generate_series(1, 600) g")
	expect(t, s, "DELETE FROM chain WHERE id = 1", "(DELETE 1)")
	expect(t, s, "SELECT count(*) FROM chain", "count:bigint\n0\n(SELECT 1)")
}

// TestForeignKeyReachesOtherSessions: a key added or dropped in one
// session is enforced, or no longer, in another whose caches knew the
// tables before.
func TestForeignKeyReachesOtherSessions(t *testing.T) {
	c := sqltest.NewCluster(t)
	a, b := c.NewSession(t), c.NewSession(t)
	a.MustRun("CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (pid int); INSERT INTO p VALUES (1)")
	expect(t, b, "INSERT INTO c VALUES (7)", "(INSERT 0 1)")
	expect(t, b, "DELETE FROM c", "(DELETE 1)")
	expect(t, b, "INSERT INTO c VALUES (1)", "(INSERT 0 1)")
	a.MustRun("ALTER TABLE c ADD FOREIGN KEY (pid) REFERENCES p")
	expect(t, b, "INSERT INTO c VALUES (7)", "ERROR 23503: insert or update on table \"c\" violates foreign key constraint \"c_pid_fkey\"\n"+
		"DETAIL Key (pid)=(7) is not present in table \"p\".")
	expect(t, b, "DELETE FROM p", "ERROR 23503: update or delete on table \"p\" violates foreign key constraint \"c_pid_fkey\" on table \"c\"\n"+
		"DETAIL Key (id)=(1) is still referenced from table \"c\".")
	a.MustRun("ALTER TABLE c DROP CONSTRAINT c_pid_fkey")
	expect(t, b, "INSERT INTO c VALUES (7)", "(INSERT 0 1)")
	expect(t, b, "DELETE FROM p", "(DELETE 1)")
}
