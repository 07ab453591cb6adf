package integration

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestAutovacuum: the launcher starts workers that vacuum and analyze
// the tables whose counted changes pass the thresholds, honour
// autovacuum_enabled = false, log what they did under
// log_autovacuum_min_duration = 0, and no launcher runs with
// autovacuum = off.
func TestAutovacuum(t *testing.T) {
	c := newCluster(t, "autovacuum_naptime = 1s", "log_autovacuum_min_duration = 0")
	c.start()
	ctx := context.Background()
	conn := c.connect()
	for _, q := range []string{
		"CREATE TABLE av_on (id int PRIMARY KEY, v int)",
		"CREATE TABLE av_off (id int PRIMARY KEY, v int) WITH (autovacuum_enabled = false)",
		"INSERT INTO av_on SELECT g, 0 FROM generate_series(1, 5000) g",
		"INSERT INTO av_off SELECT g, 0 FROM generate_series(1, 5000) g",
		"UPDATE av_on SET v = 1 WHERE id <= 3000",
		"UPDATE av_off SET v = 1 WHERE id <= 3000",
		"SELECT pg_stat_force_next_flush()",
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		var vac, anl, dead int64
		if err := conn.QueryRow(ctx, "SELECT autovacuum_count, autoanalyze_count, n_dead_tup FROM pg_stat_user_tables WHERE relname = 'av_on'").Scan(&vac, &anl, &dead); err != nil {
			t.Fatal(err)
		}
		if vac > 0 && anl > 0 {
			if dead != 0 {
				t.Fatalf("n_dead_tup after autovacuum: %d", dead)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("av_on not autovacuumed: %d vacuums, %d analyzes\nlog:\n%s", vac, anl, c.log())
		}
		time.Sleep(300 * time.Millisecond)
		conn.Exec(ctx, "SELECT pg_stat_clear_snapshot()")
	}
	var vacOff, deadOff int64
	if err := conn.QueryRow(ctx, "SELECT autovacuum_count, n_dead_tup FROM pg_stat_user_tables WHERE relname = 'av_off'").Scan(&vacOff, &deadOff); err != nil {
		t.Fatal(err)
	}
	if vacOff != 0 || deadOff == 0 {
		t.Fatalf("av_off (autovacuum_enabled = false): %d autovacuums, %d dead rows", vacOff, deadOff)
	}
	// The dead versions are gone: the table's index scans and pages agree.
	var n int64
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM av_on WHERE v = 1").Scan(&n); err != nil || n != 3000 {
		t.Fatalf("rows after autovacuum: %d, %v", n, err)
	}
	if !strings.Contains(c.log(), `automatic vacuum of table "postgres.public.av_on": index scans: 1`) {
		t.Fatalf("no autovacuum report in the log:\n%s", c.log())
	}
	conn.Close(ctx)

	// autovacuum = off: the launcher stops, and none starts again.
	conf := filepath.Join(c.dataDir, "postgresql.conf")
	b, _ := os.ReadFile(conf)
	os.WriteFile(conf, append(b, "\nautovacuum = off\n"...), 0o600)
	conn = c.connect()
	if _, err := conn.Exec(ctx, "SELECT pg_reload_conf()"); err != nil {
		t.Fatal(err)
	}
	deadline = time.Now().Add(10 * time.Second)
	for {
		launcher := false
		for _, pid := range c.processes() {
			if strings.Contains(cmdline(pid), "autovacuum launcher") {
				launcher = true
			}
		}
		if !launcher {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the autovacuum launcher still runs with autovacuum = off")
		}
		time.Sleep(200 * time.Millisecond)
	}
	c.stop("fast")
	c.start()
	time.Sleep(2 * time.Second)
	for _, pid := range c.processes() {
		if strings.Contains(cmdline(pid), "autovacuum") {
			t.Fatalf("process %q runs with autovacuum = off", cmdline(pid))
		}
	}
}

// TestVacuumDoesNotHoldBackPruning: while a slow VACUUM of a big table
// runs, its snapshot does not keep another table's dead row versions
// from being pruned (PostgreSQL's PROC_IN_VACUUM). Without that, under
// pgbench's load, the small, busy tables bloated to many pages during
// each autovacuum of the big one.
func TestVacuumDoesNotHoldBackPruning(t *testing.T) {
	c := newCluster(t, "autovacuum = off")
	c.start()
	ctx := context.Background()
	conn := c.connect()
	defer conn.Close(ctx)
	for _, q := range []string{
		"CREATE TABLE big (k int, pad text)",
		"INSERT INTO big SELECT g, repeat('x', 200) FROM generate_series(1, 60000) g",
		"DELETE FROM big WHERE k % 10 = 0",
		"CREATE TABLE small (k int, pad text)",
		"INSERT INTO small VALUES (1, repeat('y', 500))",
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	// About 1800 pages, each over the cost limit: a VACUUM of several
	// seconds, canceled once the updates below are done.
	vac := c.connect()
	defer vac.Close(ctx)
	var vacPid int
	if err := vac.QueryRow(ctx, "SELECT pg_backend_pid()").Scan(&vacPid); err != nil {
		t.Fatal(err)
	}
	if _, err := vac.Exec(ctx, "SET vacuum_cost_delay = '10ms'; SET vacuum_cost_limit = 1"); err != nil {
		t.Fatal(err)
	}
	vacDone := make(chan error, 1)
	go func() {
		_, err := vac.Exec(ctx, "VACUUM big")
		vacDone <- err
	}()
	// Wait until the VACUUM advertises an xmin: the one it would hold
	// everyone else's pruning back to.
	deadline := time.Now().Add(20 * time.Second)
	for {
		var xmin *string
		if err := conn.QueryRow(ctx, "SELECT backend_xmin::text FROM pg_stat_activity WHERE pid = $1", vacPid).Scan(&xmin); err != nil {
			t.Fatal(err)
		}
		if xmin != nil {
			break
		}
		select {
		case err := <-vacDone:
			t.Fatalf("VACUUM ended early: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("the VACUUM never advertised an xmin")
		}
		time.Sleep(20 * time.Millisecond)
	}
	// 200 versions of 500 bytes would take 13 pages without pruning.
	for i := 0; i < 200; i++ {
		if _, err := conn.Exec(ctx, "UPDATE small SET k = k + 1"); err != nil {
			t.Fatal(err)
		}
	}
	select {
	case err := <-vacDone:
		t.Fatalf("the VACUUM ended before the updates did (%v): the test proves nothing", err)
	default:
	}
	var pages int64
	if err := conn.QueryRow(ctx, "SELECT pg_relation_size('small') / 8192").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	// PostgreSQL keeps it at one page, and so does gpostgres on an idle
	// machine, but pruning is opportunistic: it is skipped while another
	// process (the background writer, a checkpoint) pins the page, and
	// the next version then moves to another page. Under the load of the
	// whole suite that happened up to 3 times. Held back, the versions
	// took 14 pages.
	if pages > 6 {
		t.Fatalf("a row updated 200 times during a VACUUM of another table takes %d pages, want at most 6", pages)
	}
	if _, err := conn.Exec(ctx, "SELECT pg_cancel_backend($1)", vacPid); err != nil {
		t.Fatal(err)
	}
	if err := <-vacDone; err == nil || !strings.Contains(err.Error(), "canceling statement due to user request") {
		t.Fatalf("canceled VACUUM: %v", err)
	}
}

// TestVacuumHorizonIsPerDatabase: a snapshot held in another database
// does not keep this database's dead rows (PostgreSQL 14's per-database
// horizons), while one held in the same database does.
func TestVacuumHorizonIsPerDatabase(t *testing.T) {
	c := newCluster(t, "autovacuum = off")
	c.start()
	ctx := context.Background()
	conn := c.connect()
	defer conn.Close(ctx)
	pages := func() int64 {
		t.Helper()
		var n int64
		if err := conn.QueryRow(ctx, "SELECT pg_relation_size('hz') / 8192").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	fill := func() {
		t.Helper()
		mustExec(t, conn, "INSERT INTO hz SELECT g, repeat('h', 100) FROM generate_series(1, 1000) g")
		mustExec(t, conn, "DELETE FROM hz")
	}
	mustExec(t, conn, "CREATE TABLE hz (k int, pad text)")

	// A repeatable-read snapshot in template1, taken before the rows die.
	other := c.connect("dbname=template1")
	defer other.Close(ctx)
	mustExec(t, other, "BEGIN ISOLATION LEVEL REPEATABLE READ")
	mustExec(t, other, "SELECT 1")
	fill()
	mustExec(t, conn, "VACUUM hz")
	if n := pages(); n != 0 {
		t.Fatalf("a snapshot in template1 kept %d pages of dead rows in postgres", n)
	}

	// The same in this database keeps them.
	same := c.connect()
	defer same.Close(ctx)
	mustExec(t, same, "BEGIN ISOLATION LEVEL REPEATABLE READ")
	mustExec(t, same, "SELECT 1")
	fill()
	mustExec(t, conn, "VACUUM hz")
	if n := pages(); n == 0 {
		t.Fatal("a snapshot in the same database did not keep the dead rows")
	}
	mustExec(t, same, "COMMIT")

	mustExec(t, other, "COMMIT")
}
