// MERGE in READ COMMITTED against a concurrent transaction, as
// PostgreSQL 15 runs it (checked side by side with it): a target row
// updated concurrently is fetched in its newest version and the WHEN
// MATCHED clauses are tried again from the first; a row that no longer
// matches the join condition, or was deleted, makes the source row NOT
// MATCHED.

package sql_test

import (
	"testing"

	"github.com/gpostgres/gpostgres/lib/sql/internal/sqltest"
)

func TestConcurrentMergeRechecksNewestVersion(t *testing.T) {
	c := sqltest.NewCluster(t)
	a, b := c.NewSession(t), c.NewSession(t)
	a.MustRun("CREATE TABLE cm (id int, v int); INSERT INTO cm VALUES (1, 1), (2, 2), (3, 3), (4, 4)")

	expect(t, a, "BEGIN", "(BEGIN)")
	expect(t, a, "UPDATE cm SET v = v + 1 WHERE id = 1", "(UPDATE 1)")
	expect(t, a, "UPDATE cm SET id = 20 WHERE id = 2", "(UPDATE 1)")
	expect(t, a, "DELETE FROM cm WHERE id = 3", "(DELETE 1)")
	expect(t, a, "UPDATE cm SET v = 40 WHERE id = 4", "(UPDATE 1)")
	ch := async(b, `MERGE INTO cm USING (VALUES (1), (2), (3), (4)) s(id) ON cm.id = s.id
		WHEN MATCHED AND cm.v = 4 THEN UPDATE SET v = -4
		WHEN MATCHED THEN UPDATE SET v = cm.v * 10
		WHEN NOT MATCHED THEN INSERT VALUES (s.id, -s.id)`)
	blocked(t, ch)
	expect(t, a, "COMMIT", "(COMMIT)")
	wait(t, ch, "(MERGE 4)")
	expect(t, a, "SELECT * FROM cm ORDER BY id",
		"id:integer|v:integer\n1|20\n2|-2\n3|-3\n4|400\n20|2\n(SELECT 5)")

	// If the other transaction rolls back, the row it held is changed.
	expect(t, a, "BEGIN", "(BEGIN)")
	expect(t, a, "DELETE FROM cm WHERE id = 1", "(DELETE 1)")
	ch = async(b, "MERGE INTO cm USING (VALUES (1)) s(id) ON cm.id = s.id WHEN MATCHED THEN DELETE")
	blocked(t, ch)
	expect(t, a, "ROLLBACK", "(ROLLBACK)")
	wait(t, ch, "(MERGE 1)")
	expect(t, a, "SELECT count(*) FROM cm WHERE id = 1", "count:bigint\n0\n(SELECT 1)")
}
