// Unlogged tables across a crash and a clean restart: after kill -9 of
// the whole process family, in the middle of writes to it, an unlogged table (its indexes, TOAST table
// and sequences) comes back empty and usable while a logged table beside
// it keeps every row; after a clean stop both keep their rows. And
// writing to an unlogged table writes almost no WAL.

package integration

import (
	"context"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// unloggedSetup creates an unlogged and a logged table with rows (some
// of them TOASTed), indexes and sequences, and changes rows after a
// checkpoint, so that both the checkpoint and the WAL after it have seen
// them.
var unloggedSetup = []string{
	"CREATE UNLOGGED TABLE ul (id serial PRIMARY KEY, v int NOT NULL, pad text)",
	"CREATE INDEX ul_v ON ul (v)",
	"CREATE UNLOGGED SEQUENCE ul_seq",
	"CREATE TABLE lg (id int PRIMARY KEY, v int NOT NULL, pad text)",
	"CREATE INDEX lg_v ON lg (v)",
	"INSERT INTO ul (v, pad) SELECT g % 100, repeat('u', 200) FROM generate_series(1, 20000) g",
	"INSERT INTO ul (v, pad) SELECT -g, (SELECT string_agg(md5(g::text || i::text), '') FROM generate_series(1, 200) i) FROM generate_series(1, 20) g",
	"INSERT INTO lg SELECT g, g % 100, repeat('l', 200) FROM generate_series(1, 20000) g",
	"SELECT nextval('ul_seq') FROM generate_series(1, 50)",
	"CHECKPOINT",
	// Hint bits set after the checkpoint (with checksums, their page
	// images are logged for the logged table only).
	"SELECT count(*) FROM ul",
	"SELECT count(*) FROM lg",
	"UPDATE ul SET v = v + 1 WHERE id % 10 = 0",
	"DELETE FROM ul WHERE id % 7 = 0",
	"UPDATE lg SET v = v + 1 WHERE id % 10 = 0",
	"DELETE FROM lg WHERE id % 7 = 0",
	// Persistence changed both ways, and a truncated unlogged table
	// (new files, new init forks).
	"CREATE UNLOGGED TABLE to_logged (a int PRIMARY KEY, pad text)",
	"INSERT INTO to_logged SELECT g, repeat('t', 100) FROM generate_series(1, 1000) g",
	"ALTER TABLE to_logged SET LOGGED",
	"INSERT INTO to_logged VALUES (1001, 'after')",
	"CREATE TABLE to_unlogged (a int PRIMARY KEY, pad text)",
	"INSERT INTO to_unlogged SELECT g, repeat('t', 100) FROM generate_series(1, 1000) g",
	"ALTER TABLE to_unlogged SET UNLOGGED",
	"CREATE UNLOGGED TABLE truncated (a int PRIMARY KEY)",
	"INSERT INTO truncated SELECT generate_series(1, 1000)",
	"TRUNCATE truncated",
	"INSERT INTO truncated SELECT generate_series(1, 10)",
}

func execStatements(t *testing.T, c *cluster, stmts []string) {
	t.Helper()
	ctx := context.Background()
	conn := c.connect()
	defer conn.Close(ctx)
	for _, q := range stmts {
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v\nlog:\n%s", q, err, c.log())
		}
	}
}

// queryInts runs q, which returns one row of integers.
func queryInts(t *testing.T, conn *pgx.Conn, q string, n int) []int64 {
	t.Helper()
	vals := make([]int64, n)
	ptrs := make([]any, n)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := conn.QueryRow(context.Background(), q).Scan(ptrs...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return vals
}

// queryIntsIndexed is queryInts with sequential scans off.
func queryIntsIndexed(t *testing.T, conn *pgx.Conn, q string, n int) []int64 {
	t.Helper()
	ctx := context.Background()
	if _, err := conn.Exec(ctx, "SET enable_seqscan = off"); err != nil {
		t.Fatal(err)
	}
	defer conn.Exec(ctx, "RESET enable_seqscan")
	return queryInts(t, conn, q, n)
}

// indexScanned runs q with sequential scans off and checks that its plan
// uses index.
func indexScanned(t *testing.T, conn *pgx.Conn, q, index string) {
	t.Helper()
	ctx := context.Background()
	if _, err := conn.Exec(ctx, "SET enable_seqscan = off"); err != nil {
		t.Fatal(err)
	}
	defer conn.Exec(ctx, "RESET enable_seqscan")
	rows, err := conn.Query(ctx, "EXPLAIN (COSTS OFF) "+q)
	if err != nil {
		t.Fatal(err)
	}
	var plan []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, line)
	}
	rows.Close()
	if !strings.Contains(strings.Join(plan, "\n"), index) {
		t.Fatalf("%s does not use %s:\n%s", q, index, strings.Join(plan, "\n"))
	}
}

// The logged table's contents, the same before and after a crash.
const lgSummary = "SELECT count(*), sum(id), sum(v) FROM lg"

func TestUnloggedCrashReset(t *testing.T) {
	for _, cfg := range crashConfigs {
		t.Run(cfg.name, func(t *testing.T) {
			checksums := len(cfg.initArgs) > 0
			c := newClusterArgs(t, cfg.initArgs, cfg.conf...)
			c.start()
			execStatements(t, c, unloggedSetup)
			conn := c.connect()
			ctx := context.Background()
			want := queryInts(t, conn, lgSummary, 3)
			if got := queryInts(t, conn, "SELECT count(*) FROM ul", 1)[0]; got == 0 {
				t.Fatal("the unlogged table is empty before the crash")
			}
			conn.Close(ctx)

			// Writers to the unlogged table and checkpoints run while the
			// family is killed: its files are being extended, its dirty
			// pages evicted (small shared_buffers) and skipped by the
			// checkpoints.
			var wg sync.WaitGroup
			stop := make(chan struct{})
			for _, q := range []string{
				"INSERT INTO ul (v, pad) SELECT g % 100, repeat('w', 300) FROM generate_series(1, 500) g",
				"UPDATE ul SET v = v + 1 WHERE id % 13 = 0",
				"CHECKPOINT",
			} {
				wg.Add(1)
				go clientLoop(c, &wg, stop, func(conn *pgx.Conn) bool {
					_, err := conn.Exec(ctx, q)
					return err == nil
				})
			}
			time.Sleep(500 * time.Millisecond)
			pm := c.postmasterPID()
			for _, pid := range append([]int{pm}, c.processes()...) {
				syscall.Kill(pid, syscall.SIGKILL)
			}
			close(stop)
			wg.Wait()
			if left := c.waitNoProcesses(2 * time.Second); len(left) > 0 {
				t.Fatalf("processes survived SIGKILL: %v", left)
			}
			waitGone(t, pm)
			c.start()

			conn = c.connect()
			defer func() { conn.Close(ctx) }()
			if got := queryInts(t, conn, lgSummary, 3); got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
				t.Fatalf("logged table after the crash: %v, before: %v", got, want)
			}
			indexScanned(t, conn, "SELECT count(*) FROM lg WHERE id = 4242", "lg_pkey")
			if got := queryInts(t, conn, "SELECT count(*) FROM ul", 1)[0]; got != 0 {
				t.Fatalf("the unlogged table has %d rows after the crash\nlog:\n%s", got, c.log())
			}
			indexScanned(t, conn, "SELECT count(*) FROM ul WHERE id > 0", "ul_pkey")
			if got := queryIntsIndexed(t, conn, "SELECT count(*) FROM ul WHERE id > 0", 1)[0]; got != 0 {
				t.Fatalf("the unlogged table's index finds %d rows after the crash", got)
			}
			for _, check := range []struct {
				q     string
				index string
				want  int64
			}{
				{"SELECT count(*) FROM to_logged WHERE a > 0", "to_logged_pkey", 1001},
				{"SELECT count(*) FROM to_unlogged WHERE a > 0", "to_unlogged_pkey", 0},
				{"SELECT count(*) FROM truncated WHERE a > 0", "truncated_pkey", 0},
			} {
				indexScanned(t, conn, check.q, check.index)
				if got := queryIntsIndexed(t, conn, check.q, 1)[0]; got != check.want {
					t.Fatalf("%s: %d after the crash, want %d", check.q, got, check.want)
				}
			}
			if _, err := conn.Exec(ctx, "INSERT INTO truncated SELECT generate_series(1, 10)"); err != nil {
				t.Fatal(err)
			}
			// Its sequences start over from their init forks.
			if got := queryInts(t, conn, "SELECT nextval('ul_seq')", 1)[0]; got != 1 {
				t.Fatalf("the unlogged sequence restarts at %d", got)
			}
			// Usable: rows go in, the indexes find them, TOAST works.
			for _, q := range []string{
				"INSERT INTO ul (v, pad) SELECT g % 50, repeat('n', 100) FROM generate_series(1, 5000) g",
				"INSERT INTO ul (v, pad) VALUES (-1, (SELECT string_agg(md5(i::text), '') FROM generate_series(1, 200) i))",
			} {
				if _, err := conn.Exec(ctx, q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			if got := queryInts(t, conn, "SELECT min(id), max(id), count(*) FROM ul", 3); got[0] != 1 || got[1] != 5001 || got[2] != 5001 {
				t.Fatalf("after the crash the serial column gave ids %d..%d for %d rows", got[0], got[1], got[2])
			}
			indexScanned(t, conn, "SELECT count(*) FROM ul WHERE v = 7", "ul_v")
			if got := queryIntsIndexed(t, conn, "SELECT count(*) FROM ul WHERE v = 7", 1)[0]; got != 100 {
				t.Fatalf("index scan of ul_v finds %d rows, want 100", got)
			}
			if got := queryIntsIndexed(t, conn, "SELECT length(pad) FROM ul WHERE id = 5001", 1)[0]; got != 200*32 {
				t.Fatalf("TOASTed value reads back with %d characters", got)
			}
			conn.Close(ctx)

			// A clean stop keeps what was written since, and every page
			// on disk verifies.
			c.stop("fast")
			if bad := verifyDataPages(t, c.dataDir, checksums); len(bad) > 0 {
				t.Fatalf("pages that do not verify:\n%s", strings.Join(bad, "\n"))
			}
			c.start()
			conn = c.connect()
			if got := queryInts(t, conn, "SELECT count(*), max(id) FROM ul", 2); got[0] != 5001 || got[1] != 5001 {
				t.Fatalf("after a clean restart the unlogged table has %d rows (max id %d), want 5001", got[0], got[1])
			}
			c.stop("fast")
		})
	}
}

func TestUnloggedSurvivesCleanRestart(t *testing.T) {
	c := newCluster(t)
	c.start()
	execStatements(t, c, unloggedSetup)
	ctx := context.Background()
	summary := "SELECT count(*), sum(id), sum(v), sum(length(pad)) FROM ul"
	conn := c.connect()
	want := queryInts(t, conn, summary, 4)
	wantSeq := queryInts(t, conn, "SELECT last_value FROM ul_seq", 1)[0]
	conn.Close(ctx)
	for _, mode := range []string{"fast", "smart"} {
		c.stop(mode)
		c.start()
		conn = c.connect()
		if got := queryInts(t, conn, summary, 4); got[0] != want[0] || got[1] != want[1] || got[2] != want[2] || got[3] != want[3] {
			t.Fatalf("after a %s restart: %v, before: %v", mode, got, want)
		}
		indexScanned(t, conn, "SELECT count(*) FROM ul WHERE v = 7", "ul_v")
		if got := queryInts(t, conn, "SELECT last_value FROM ul_seq", 1)[0]; got != wantSeq {
			t.Fatalf("after a %s restart the unlogged sequence is at %d, was %d", mode, got, wantSeq)
		}
		conn.Close(ctx)
	}
	c.stop("fast")
}

// TestUnloggedWritesNoWAL: 100,000 rows into an unlogged table with an
// index write almost no WAL (the catalog changes of CREATE and the
// commit record), the same rows into a logged table several megabytes.
func TestUnloggedWritesNoWAL(t *testing.T) {
	c := newCluster(t)
	c.start()
	execStatements(t, c, []string{
		"CREATE UNLOGGED TABLE ulw (a int PRIMARY KEY, b text)",
		"CREATE TABLE lgw (a int PRIMARY KEY, b text)",
	})
	conn := c.connect()
	defer conn.Close(context.Background())
	walOf := func(q string) int64 {
		var before string
		if err := conn.QueryRow(context.Background(), "SELECT pg_current_wal_lsn()::text").Scan(&before); err != nil {
			t.Fatal(err)
		}
		if _, err := conn.Exec(context.Background(), q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return queryInts(t, conn, "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '"+before+"')::bigint", 1)[0]
	}
	unlogged := walOf("INSERT INTO ulw SELECT g, 'row ' || g FROM generate_series(1, 100000) g")
	logged := walOf("INSERT INTO lgw SELECT g, 'row ' || g FROM generate_series(1, 100000) g")
	if unlogged > 8192 {
		t.Errorf("100000 rows into an unlogged table wrote %d bytes of WAL", unlogged)
	}
	if logged < 1<<20 {
		t.Errorf("100000 rows into a logged table wrote only %d bytes of WAL", logged)
	}
	t.Logf("WAL written: unlogged %d bytes, logged %d bytes", unlogged, logged)
}
