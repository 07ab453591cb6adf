// Materialized views across a crash: what CREATE MATERIALIZED VIEW and
// REFRESH committed after the last checkpoint comes back from WAL alone,
// and a REFRESH in progress at the crash leaves the old contents. A
// REFRESH ... CONCURRENTLY's deletes and inserts come back from WAL too.

package integration

import (
	"context"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

func TestMatViewCrashRecovery(t *testing.T) {
	for _, cfg := range []struct {
		name     string
		initArgs []string
	}{{"plain", nil}, {"checksums", []string{"-k"}}} {
		t.Run(cfg.name, func(t *testing.T) {
			c := newClusterArgs(t, cfg.initArgs)
			c.start()
			ctx := context.Background()
			conn := c.connect()
			for _, q := range []string{
				"CREATE TABLE base (id int, pad text)",
				"INSERT INTO base SELECT g, repeat('p', 200) FROM generate_series(1, 2000) g",
				"CREATE MATERIALIZED VIEW mv_pending AS SELECT id FROM base",
				"CREATE MATERIALIZED VIEW mv_concurrent AS SELECT id, pad FROM base",
				"CREATE UNIQUE INDEX mv_concurrent_id ON mv_concurrent (id)",
				"CHECKPOINT",
				// Everything below is only in WAL when the crash comes.
				"CREATE MATERIALIZED VIEW mv_made AS SELECT id, pad FROM base WHERE id % 2 = 0",
				"CREATE MATERIALIZED VIEW mv_refreshed AS SELECT id FROM base WITH NO DATA",
				"CREATE MATERIALIZED VIEW mv_emptied AS SELECT id FROM base",
				// Values stored out of line, in the TOAST table that REFRESH
				// gives new storage too.
				`CREATE MATERIALIZED VIEW mv_toast AS SELECT id,
				   (SELECT string_agg(md5(i::text || '-' || id::text), '') FROM generate_series(1, 200) i) AS big
				   FROM base WHERE id <= 20`,
				"DELETE FROM base WHERE id > 1000",
				"REFRESH MATERIALIZED VIEW mv_refreshed",
				"REFRESH MATERIALIZED VIEW mv_emptied WITH NO DATA",
				"REFRESH MATERIALIZED VIEW mv_toast",
				// In place: deletes and inserts, WAL-logged as such.
				"UPDATE base SET pad = 'changed' WHERE id <= 10",
				"REFRESH MATERIALIZED VIEW CONCURRENTLY mv_concurrent",
			} {
				mustExec(t, conn, q)
			}
			conn.Close(ctx)
			// A refresh in progress at the crash: its transaction never
			// commits.
			pending := c.connect()
			mustExec(t, pending, "BEGIN")
			mustExec(t, pending, "DELETE FROM base WHERE id > 10")
			mustExec(t, pending, "REFRESH MATERIALIZED VIEW mv_pending")
			if n := count(t, pending, "SELECT count(*) FROM mv_pending"); n != 10 {
				t.Fatalf("mv_pending inside its refresh: %d rows, want 10", n)
			}

			pm := c.postmasterPID()
			for _, pid := range append([]int{pm}, c.processes()...) {
				syscall.Kill(pid, syscall.SIGKILL)
			}
			pending.Close(ctx)
			if left := c.waitNoProcesses(2 * time.Second); len(left) > 0 {
				t.Fatalf("processes survived SIGKILL: %v", left)
			}
			waitGone(t, pm)
			c.start()

			conn = c.connect()
			defer conn.Close(ctx)
			for q, want := range map[string]int{
				"SELECT count(*) FROM mv_made":                                             1000,
				"SELECT count(*) FROM mv_made WHERE id % 2 = 0 AND pad = repeat('p', 200)": 1000,
				"SELECT count(*) FROM mv_refreshed":                                        1000,
				"SELECT max(id) FROM mv_refreshed":                                         1000,
				"SELECT count(*) FROM mv_pending":                                          2000,
				"SELECT count(*) FROM base":                                                1000,
				"SELECT count(*) FROM mv_toast":                                            20,
				`SELECT count(*) FROM mv_toast
				   WHERE big = (SELECT string_agg(md5(i::text || '-' || id::text), '') FROM generate_series(1, 200) i)`: 20,
				"SELECT count(*) FROM mv_concurrent":                                   1000,
				"SELECT count(*) FROM mv_concurrent WHERE pad = 'changed'":             10,
				"SELECT count(*) FROM pg_class WHERE relkind = 'm' AND relispopulated": 5,
			} {
				if n := count(t, conn, q); n != want {
					t.Errorf("%s: %d, want %d\nlog:\n%s", q, n, want, c.log())
				}
			}
			_, err := conn.Exec(ctx, "SELECT count(*) FROM mv_emptied")
			if pe, ok := err.(*pgconn.PgError); !ok || pe.Code != "55000" {
				t.Errorf("scanning mv_emptied after recovery: %v, want 55000", err)
			}
			mustExec(t, conn, "REFRESH MATERIALIZED VIEW mv_emptied")
			if n := count(t, conn, "SELECT count(*) FROM mv_emptied"); n != 1000 {
				t.Errorf("mv_emptied after a refresh: %d rows, want 1000", n)
			}
			// The view's unique index followed the refresh's changes.
			mustExec(t, conn, "SET enable_seqscan = off")
			if n := count(t, conn, "SELECT count(*) FROM mv_concurrent WHERE id = 5 AND pad = 'changed'"); n != 1 {
				t.Errorf("mv_concurrent's row 5 through its index: %d rows, want 1", n)
			}
			if n := count(t, conn, "SELECT count(*) FROM mv_concurrent WHERE id = 1500"); n != 0 {
				t.Errorf("mv_concurrent's row 1500 through its index: %d rows, want 0", n)
			}
			mustExec(t, conn, "RESET enable_seqscan")
			if err := readEveryRelation(c); err != nil {
				t.Fatalf("%v\nlog:\n%s", err, c.log())
			}
			conn.Close(ctx)
			c.stop("fast")
			if bad := verifyDataPages(t, c.dataDir, len(cfg.initArgs) > 0); len(bad) > 0 {
				t.Fatalf("pages that do not verify:\n%s\nlog:\n%s", strings.Join(bad, "\n"), c.log())
			}
		})
	}
}
