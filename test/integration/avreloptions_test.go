package integration

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// enableAutovacuum turns autovacuum on in a running cluster started with
// it off (the tables' setup must not be vacuumed behind the test's back).
func enableAutovacuum(t *testing.T, c *cluster, conn *pgx.Conn) {
	t.Helper()
	conf := filepath.Join(c.dataDir, "postgresql.conf")
	b, _ := os.ReadFile(conf)
	if err := os.WriteFile(conf, append(b, "\nautovacuum = on\n"...), 0o600); err != nil {
		t.Fatal(err)
	}
	mustExec(t, conn, "SELECT pg_reload_conf()")
}

// waitAutovacuumed waits until every table named has been vacuumed by
// autovacuum at least once.
func waitAutovacuumed(t *testing.T, c *cluster, conn *pgx.Conn, tables ...string) {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for _, tbl := range tables {
		for {
			var n int64
			if err := conn.QueryRow(context.Background(), "SELECT autovacuum_count FROM pg_stat_user_tables WHERE relname = $1", tbl).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n > 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s not autovacuumed\nlog:\n%s", tbl, c.log())
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
}

func xidOf(t *testing.T, conn *pgx.Conn, q string) int64 {
	t.Helper()
	var x int64
	if err := conn.QueryRow(context.Background(), q).Scan(&x); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return x
}

// TestAutovacuumFreezeReloptions: a table's autovacuum_freeze_min_age,
// autovacuum_freeze_table_age and their multixact counterparts decide
// how autovacuum freezes it, in place of the vacuum_* settings.
func TestAutovacuumFreezeReloptions(t *testing.T) {
	c := newCluster(t, "autovacuum = off", "autovacuum_naptime = 1s")
	c.start()
	conn := c.connect()
	for _, q := range []string{
		// Small tables: min age 0 freezes every row left.
		"CREATE TABLE av_plain (id int PRIMARY KEY, pad text)",
		"CREATE TABLE av_fz (id int PRIMARY KEY, pad text) WITH (autovacuum_freeze_min_age = 0)",
		// Big tables, all-visible before autovacuum comes: only a table
		// age of 0 makes it read (and freeze) the all-visible pages.
		"CREATE TABLE av_lazy (id int PRIMARY KEY, pad text) WITH (autovacuum_freeze_min_age = 0)",
		"CREATE TABLE av_aggr (id int PRIMARY KEY, pad text) WITH (autovacuum_freeze_min_age = 0, autovacuum_freeze_table_age = 0)",
		// The same for multixacts: rows share-locked by two open
		// transactions keep a multixact.
		"CREATE TABLE av_mplain (id int PRIMARY KEY, pad text)",
		"CREATE TABLE av_mfz (id int PRIMARY KEY, pad text) WITH (autovacuum_multixact_freeze_min_age = 0)",
		"CREATE TABLE av_mlazy (id int PRIMARY KEY, pad text) WITH (autovacuum_multixact_freeze_min_age = 0)",
		"CREATE TABLE av_maggr (id int PRIMARY KEY, pad text) WITH (autovacuum_multixact_freeze_min_age = 0, autovacuum_multixact_freeze_table_age = 0)",
		"BEGIN",
		"INSERT INTO av_plain SELECT g, 'p' FROM generate_series(1, 1000) g",
		"INSERT INTO av_fz SELECT g, 'p' FROM generate_series(1, 1000) g",
		"INSERT INTO av_mplain SELECT g, 'p' FROM generate_series(1, 1000) g",
		"INSERT INTO av_mfz SELECT g, 'p' FROM generate_series(1, 1000) g",
		"COMMIT",
		"INSERT INTO av_lazy SELECT g, repeat('x', 100) FROM generate_series(1, 10000) g",
		"INSERT INTO av_aggr SELECT * FROM av_lazy",
		"INSERT INTO av_mlazy SELECT * FROM av_lazy",
		"INSERT INTO av_maggr SELECT * FROM av_lazy",
		"VACUUM av_lazy, av_aggr, av_mlazy, av_maggr",
	} {
		mustExec(t, conn, q)
	}
	// Multixacts on the small multixact tables that no transaction runs
	// in any more: a key-share locker that committed beside an updater
	// that rolled back (the row's xmax stays the multixact).
	a, b := c.connect(), c.connect()
	mustExec(t, a, "BEGIN")
	mustExec(t, b, "BEGIN")
	for _, tbl := range []string{"av_mplain", "av_mfz"} {
		mustExec(t, a, "SELECT id FROM "+tbl+" WHERE id <= 900 FOR KEY SHARE")
		mustExec(t, b, "UPDATE "+tbl+" SET pad = 'q' WHERE id <= 900")
	}
	mustExec(t, b, "ROLLBACK")
	mustExec(t, a, "COMMIT")
	lockedMulti := xidOf(t, conn, "SELECT max(xmax::text::bigint) FROM av_mplain WHERE id = 1")
	// Dead rows, for autovacuum to come: the small tables' last rows,
	// the big tables' last pages.
	for _, q := range []string{
		"DELETE FROM av_plain WHERE id > 900", "DELETE FROM av_fz WHERE id > 900",
		"DELETE FROM av_mplain WHERE id > 900", "DELETE FROM av_mfz WHERE id > 900",
		"DELETE FROM av_lazy WHERE id > 7000", "DELETE FROM av_aggr WHERE id > 7000",
		"DELETE FROM av_mlazy WHERE id > 7000", "DELETE FROM av_maggr WHERE id > 7000",
		"SELECT pg_stat_force_next_flush()",
	} {
		mustExec(t, conn, q)
	}
	insertXid := xidOf(t, conn, "SELECT xmin::text::bigint FROM av_plain WHERE id = 1")
	before := map[string]int64{}
	for _, tbl := range []string{"av_lazy", "av_aggr", "av_mlazy", "av_maggr"} {
		before[tbl] = xidOf(t, conn, "SELECT relfrozenxid::text::bigint FROM pg_class WHERE relname = '"+tbl+"'")
		before[tbl+"/m"] = xidOf(t, conn, "SELECT relminmxid::text::bigint FROM pg_class WHERE relname = '"+tbl+"'")
	}
	enableAutovacuum(t, c, conn)
	waitAutovacuumed(t, c, conn, "av_plain", "av_fz", "av_lazy", "av_aggr", "av_mplain", "av_mfz", "av_mlazy", "av_maggr")
	frozen := func(tbl string) int64 {
		return xidOf(t, conn, "SELECT relfrozenxid::text::bigint FROM pg_class WHERE relname = '"+tbl+"'")
	}
	minMulti := func(tbl string) int64 {
		return xidOf(t, conn, "SELECT relminmxid::text::bigint FROM pg_class WHERE relname = '"+tbl+"'")
	}
	// vacuum_freeze_min_age (50 million) freezes nothing; the table's 0
	// freezes every row.
	if got := frozen("av_plain"); got != insertXid {
		t.Errorf("av_plain relfrozenxid %d, want the rows' xmin %d", got, insertXid)
	}
	if got := frozen("av_fz"); got <= insertXid {
		t.Errorf("av_fz relfrozenxid %d, want past the rows' xmin %d", got, insertXid)
	}
	// Skipped all-visible pages keep relfrozenxid where it was, unless
	// the table age makes the vacuum aggressive.
	if got := frozen("av_lazy"); got != before["av_lazy"] {
		t.Errorf("av_lazy relfrozenxid %d, want unchanged %d", got, before["av_lazy"])
	}
	if got := frozen("av_aggr"); got <= before["av_aggr"] {
		t.Errorf("av_aggr relfrozenxid %d, want past %d", got, before["av_aggr"])
	}
	// vacuum_multixact_freeze_min_age (5 million) keeps the multixact;
	// the table's 0 replaces it by the (aborted) updater's xid.
	if got := minMulti("av_mplain"); got != lockedMulti {
		t.Errorf("av_mplain relminmxid %d, want the rows' multixact %d", got, lockedMulti)
	}
	if got := minMulti("av_mfz"); got <= lockedMulti {
		t.Errorf("av_mfz relminmxid %d, want past the rows' multixact %d", got, lockedMulti)
	}
	if got := minMulti("av_mlazy"); got != before["av_mlazy/m"] {
		t.Errorf("av_mlazy relminmxid %d, want unchanged %d", got, before["av_mlazy/m"])
	}
	if got := minMulti("av_maggr"); got <= before["av_maggr/m"] {
		t.Errorf("av_maggr relminmxid %d, want past %d", got, before["av_maggr/m"])
	}
	// The rolled-back update stays undone, and the rows can be changed.
	expectCount(t, conn, "SELECT count(*) FROM av_mfz WHERE pad = 'p'", 900)
	mustExec(t, conn, "UPDATE av_mfz SET pad = 'r' WHERE id <= 10")
	expectCount(t, conn, "SELECT count(*) FROM av_mfz WHERE pad = 'r'", 10)
}

// TestAutovacuumFreezeMaxAgeReloptions: a table whose relfrozenxid (or
// relminmxid) is older than its own autovacuum_freeze_max_age
// (autovacuum_multixact_freeze_max_age) is vacuumed although autovacuum
// is disabled for it, as for the server's settings; another is not.
func TestAutovacuumFreezeMaxAgeReloptions(t *testing.T) {
	c := newCluster(t, "autovacuum_naptime = 1s")
	c.start()
	conn := c.connect()
	for _, q := range []string{
		"CREATE TABLE av_off (id int) WITH (autovacuum_enabled = false)",
		"CREATE TABLE av_xmax (id int) WITH (autovacuum_enabled = false, autovacuum_freeze_max_age = 100000)",
		"CREATE TABLE av_mmax (id int) WITH (autovacuum_enabled = false, autovacuum_multixact_freeze_max_age = 10000)",
		"INSERT INTO av_off VALUES (1)", "INSERT INTO av_xmax VALUES (1)", "INSERT INTO av_mmax VALUES (1)",
	} {
		mustExec(t, conn, q)
	}
	next := xidOf(t, conn, "SELECT txid_current()")
	c.stop("fast")
	// 200000 transactions and 20000 multixacts later.
	t.Setenv("GPOSTGRES_TEST_NEXT_XID", strconv.FormatInt(next+200000, 10))
	c.start()
	conn = c.connect()
	waitAutovacuumed(t, c, conn, "av_xmax")
	c.stop("fast")
	t.Setenv("GPOSTGRES_TEST_NEXT_MULTI", "20001")
	c.start()
	conn = c.connect()
	waitAutovacuumed(t, c, conn, "av_mmax")
	// A later round has had its chance at av_off.
	time.Sleep(3 * time.Second)
	if n := count(t, conn, "SELECT autovacuum_count FROM pg_stat_user_tables WHERE relname = 'av_off'"); n != 0 {
		t.Fatalf("av_off autovacuumed %d times with autovacuum disabled and young ids", n)
	}
}

// TestAutovacuumCostLimitReloption: autovacuum_vacuum_cost_limit of a
// table replaces autovacuum's cost limit for it: a tiny one makes its
// vacuum sleep at every page.
func TestAutovacuumCostLimitReloption(t *testing.T) {
	c := newCluster(t, "autovacuum = off", "autovacuum_naptime = 1s", "autovacuum_vacuum_cost_delay = 100ms",
		"log_autovacuum_min_duration = 0")
	c.start()
	conn := c.connect()
	for _, q := range []string{
		"CREATE TABLE av_slow (id int, pad text) WITH (autovacuum_vacuum_cost_limit = 1)",
		"CREATE TABLE av_fast (id int, pad text) WITH (autovacuum_vacuum_cost_limit = 10000)",
		"INSERT INTO av_slow SELECT g, repeat('x', 100) FROM generate_series(1, 1500) g",
		"INSERT INTO av_fast SELECT * FROM av_slow",
		"DELETE FROM av_slow WHERE id > 500", "DELETE FROM av_fast WHERE id > 500",
		"SELECT pg_stat_force_next_flush()",
	} {
		mustExec(t, conn, q)
	}
	enableAutovacuum(t, c, conn)
	waitAutovacuumed(t, c, conn, "av_slow", "av_fast")
	elapsed := func(tbl string) float64 {
		m := regexp.MustCompile(`(?s)automatic vacuum of table "postgres\.public\.` + tbl + `".*?elapsed: ([0-9.]+) s`).FindStringSubmatch(c.log())
		if m == nil {
			t.Fatalf("no autovacuum report for %s\nlog:\n%s", tbl, c.log())
		}
		f, _ := strconv.ParseFloat(m[1], 64)
		return f
	}
	// About 25 pages: 25 sleeps of 400 ms (the delay's maximum of 4
	// times 100 ms) at a limit of 1; none at 10000.
	if slow, fast := elapsed("av_slow"), elapsed("av_fast"); slow < 3 || fast > 1.5 {
		t.Fatalf("elapsed: av_slow %.2f s (limit 1), av_fast %.2f s (limit 10000)", slow, fast)
	}
}
