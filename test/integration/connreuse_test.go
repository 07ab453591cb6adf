// Reuse of backend processes between sessions (lib/backend/reuse.go):
// nothing of one session may reach the next, and a backend whose session
// did not end cleanly is never reused.

package integration

import (
	"context"
	"errors"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// reuseCluster starts a server whose pool keeps one fresh backend, so
// that a backend whose session ended is the likely next choice.
func reuseCluster(t *testing.T) *cluster {
	c := newCluster(t, "gpostgres.prestarted_backends = 1", "gpostgres.max_pooled_backends = 4")
	c.start()
	return c
}

// leaveState runs a session that leaves behind everything a session can:
// settings (from SET and from the start-up packet), a prepared
// statement, a temporary table, an advisory lock, a LISTEN, a held cursor
// where cursors exist. It ends with Terminate and returns its pid.
func leaveState(t *testing.T, c *cluster) int {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, c.connString("application_name=leaky options='-c geqo_threshold=5'"))
	if err != nil {
		t.Fatal(err)
	}
	var pid int
	if err := conn.QueryRow(ctx, "SELECT pg_backend_pid()").Scan(&pid); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		"SET work_mem = '7MB'",
		"SET myapp.tenant = 'acme'",
		"SET search_path = pg_catalog, public",
		"SELECT set_config('statement_timeout', '123s', false)",
		"PREPARE leak_stmt AS SELECT 42",
		"CREATE TEMP TABLE leak_tmp (a int)",
		"INSERT INTO leak_tmp VALUES (1)",
		"SELECT pg_advisory_lock(4242)",
		"LISTEN leak_chan",
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	// A held cursor outlives its transaction, not its session.
	if _, err := conn.Exec(ctx, "BEGIN; DECLARE leak_cur CURSOR WITH HOLD FOR SELECT 1; COMMIT"); err != nil {
		t.Fatalf("DECLARE ... WITH HOLD: %v", err)
	}
	if err := conn.Close(ctx); err != nil { // sends Terminate
		t.Fatal(err)
	}
	return pid
}

// checkFresh verifies that a session sees nothing of earlier ones and
// returns its pid and cancel key.
func checkFresh(t *testing.T, c *cluster, after time.Time) (int, string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, c.connString(""))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	one := func(q string) string {
		t.Helper()
		var v string
		if err := conn.QueryRow(ctx, q).Scan(&v); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return v
	}
	checks := []struct{ query, want string }{
		{"SHOW work_mem", "4MB"},
		{"SHOW search_path", `"$user", public`},
		{"SHOW statement_timeout", "0"},
		{"SHOW application_name", ""},
		{"SHOW geqo_threshold", "12"},
		{"SELECT coalesce(current_setting('myapp.tenant', true), '<unset>')", "<unset>"},
		{"SELECT count(*)::text FROM pg_prepared_statements WHERE name = 'leak_stmt'", "0"},
		{"SELECT count(*)::text FROM pg_class WHERE relname = 'leak_tmp'", "0"},
		{"SELECT count(*)::text FROM pg_locks WHERE locktype = 'advisory'", "0"},
		{"SELECT count(*)::text FROM pg_listening_channels()", "0"},
		{"SELECT count(*)::text FROM pg_stat_activity WHERE pid = pg_backend_pid() AND application_name = '' AND state = 'active' AND client_port IS NOT NULL", "1"},
	}
	for _, ck := range checks {
		if got := one(ck.query); got != ck.want {
			t.Errorf("%s = %q, want %q", ck.query, got, ck.want)
		}
	}
	var start time.Time
	if err := conn.QueryRow(ctx, "SELECT backend_start FROM pg_stat_activity WHERE pid = pg_backend_pid()").Scan(&start); err != nil {
		t.Fatal(err)
	}
	if start.Before(after) {
		t.Errorf("backend_start %v is before the connection was made (%v)", start, after)
	}
	if _, err := conn.Exec(ctx, "EXECUTE leak_stmt"); err == nil {
		t.Error("the previous session's prepared statement still runs")
	}
	if _, err := conn.Exec(ctx, "FETCH leak_cur"); err == nil {
		t.Error("the previous session's held cursor is still open")
	}
	// The advisory lock is free for anyone.
	if one("SELECT pg_try_advisory_lock(4242)::text") != "true" {
		t.Error("the advisory lock of an earlier session is still held")
	}
	// The temporary table can be made again (the schema was emptied).
	if _, err := conn.Exec(ctx, "CREATE TEMP TABLE leak_tmp (a int)"); err != nil {
		t.Errorf("temporary table again: %v", err)
	}
	pid, _ := strconv.Atoi(one("SELECT pg_backend_pid()::text"))
	if int(conn.PgConn().PID()) != pid {
		t.Errorf("BackendKeyData pid %d, pg_backend_pid() %d", conn.PgConn().PID(), pid)
	}
	return pid, string(conn.PgConn().SecretKey())
}

func TestBackendReuseLeavesNothing(t *testing.T) {
	c := reuseCluster(t)
	seen := map[int]bool{}
	keys := map[string]bool{}
	reused := 0
	for i := 0; i < 12; i++ {
		pid := leaveState(t, c)
		if seen[pid] {
			reused++
		}
		seen[pid] = true
		// A session's teardown runs after the client has gone, in
		// PostgreSQL too: wait for it before looking.
		waitPooledOrGone(t, pid)
		before := time.Now().Add(-time.Millisecond)
		pid, key := checkFresh(t, c, before)
		if seen[pid] {
			reused++
		}
		seen[pid] = true
		if keys[key] {
			t.Errorf("cancel key %x given to two sessions", key)
		}
		keys[key] = true
	}
	if reused == 0 {
		t.Fatalf("no backend process served two sessions (pids %v)", seen)
	}
	t.Logf("%d of 24 sessions ran in a reused process", reused)
}

// A cancel request reaches the session that holds the key, also in a
// reused process, and an old session's key cancels nothing.
func TestBackendReuseCancelKey(t *testing.T) {
	c := reuseCluster(t)
	ctx := context.Background()
	first, err := pgx.Connect(ctx, c.connString(""))
	if err != nil {
		t.Fatal(err)
	}
	oldPID, oldKey := first.PgConn().PID(), first.PgConn().SecretKey()
	first.Close(ctx)
	for i := 0; i < 5; i++ {
		waitPooledOrGone(t, int(oldPID))
		conn, err := pgx.Connect(ctx, c.connString(""))
		if err != nil {
			t.Fatal(err)
		}
		if conn.PgConn().PID() != oldPID {
			oldPID, oldKey = conn.PgConn().PID(), conn.PgConn().SecretKey()
			conn.Close(ctx)
			continue
		}
		if string(conn.PgConn().SecretKey()) == string(oldKey) {
			t.Fatal("a reused process kept its previous session's cancel key")
		}
		// The old key must not cancel the new session's statement.
		done := make(chan error, 1)
		go func() {
			_, err := conn.Exec(ctx, "SELECT pg_sleep(1)")
			done <- err
		}()
		time.Sleep(200 * time.Millisecond)
		sendCancel(t, c, oldPID, oldKey)
		if err := <-done; err != nil {
			t.Fatalf("the previous session's cancel key canceled the new session: %v", err)
		}
		// Its own key does: sent until the statement, once it runs, ends.
		go func() {
			_, err := conn.Exec(ctx, "SELECT pg_sleep(30)")
			done <- err
		}()
		var pe *pgconn.PgError
		var result error
	wait:
		for {
			select {
			case result = <-done:
				break wait
			case <-time.After(200 * time.Millisecond):
				sendCancel(t, c, conn.PgConn().PID(), conn.PgConn().SecretKey())
			}
		}
		if !errors.As(result, &pe) || pe.Code != "57014" {
			t.Fatalf("cancel with the session's key: %v", result)
		}
		conn.Close(ctx)
		return
	}
	t.Fatal("the first session's process was never reused")
}

// sendCancel sends a CancelRequest for pid and key on a new connection.
func sendCancel(t *testing.T, c *cluster, pid uint32, key []byte) {
	t.Helper()
	cfg, err := pgconn.ParseConfig(c.connString(""))
	if err != nil {
		t.Fatal(err)
	}
	nc, err := cfg.DialFunc(context.Background(), "tcp", "127.0.0.1:"+strconv.Itoa(c.port))
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	buf := make([]byte, 16)
	put := func(off int, v uint32) {
		buf[off], buf[off+1], buf[off+2], buf[off+3] = byte(v>>24), byte(v>>16), byte(v>>8), byte(v)
	}
	put(0, 16)
	put(4, 80877102)
	put(8, pid)
	copy(buf[12:], key)
	if _, err := nc.Write(buf); err != nil {
		t.Fatal(err)
	}
	nc.SetReadDeadline(time.Now().Add(time.Second))
	nc.Read(buf[:1]) // the server closes the connection
}

// waitPooledOrGone waits until the backend pid has finished its session:
// it waits in the pool again (its title says so) or has exited.
func waitPooledOrGone(t *testing.T, pid int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if !alive(pid) || cmdline(pid) == "gpostgres: pre-started backend" {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("backend %d neither exited nor went back to the pool", pid)
}

// alive reports whether pid still runs (a zombie does not).
func alive(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	s := string(b)
	for i := len(s) - 1; i > 0; i-- {
		if s[i] == ')' {
			return i+2 >= len(s) || s[i+2] != 'Z'
		}
	}
	return true
}

// waitExit waits up to five seconds for pid to exit.
func waitExit(pid int) bool {
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if !alive(pid) {
			return true
		}
		time.Sleep(20 * time.Millisecond)
	}
	return false
}

// A session that does not end cleanly takes its process with it.
func TestBackendNotReusedAfterUncleanEnd(t *testing.T) {
	c := reuseCluster(t)
	ctx := context.Background()
	cases := []struct {
		name string
		end  func(conn *pgx.Conn)
	}{
		{"client vanished without Terminate", func(conn *pgx.Conn) {
			conn.PgConn().Conn().Close()
		}},
		{"transaction block open at Terminate", func(conn *pgx.Conn) {
			if _, err := conn.Exec(ctx, "BEGIN"); err != nil {
				t.Fatal(err)
			}
			conn.Close(ctx)
		}},
		{"failed transaction block at Terminate", func(conn *pgx.Conn) {
			conn.Exec(ctx, "BEGIN")
			conn.Exec(ctx, "SELECT 1/0")
			conn.Close(ctx)
		}},
		{"FATAL: terminated by pg_terminate_backend", func(conn *pgx.Conn) {
			conn.Exec(ctx, "SELECT pg_terminate_backend(pg_backend_pid())")
			conn.Close(ctx)
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			conn, err := pgx.Connect(ctx, c.connString(""))
			if err != nil {
				t.Fatal(err)
			}
			pid := int(conn.PgConn().PID())
			tc.end(conn)
			if !waitExit(pid) {
				t.Fatalf("backend %d still runs after an unclean session end", pid)
			}
		})
	}
	// A clean end, for contrast, keeps the process.
	conn, err := pgx.Connect(ctx, c.connString(""))
	if err != nil {
		t.Fatal(err)
	}
	pid := int(conn.PgConn().PID())
	conn.Close(ctx)
	time.Sleep(300 * time.Millisecond)
	if !alive(pid) {
		t.Fatalf("backend %d exited after a clean session end; it should wait in the pool", pid)
	}
}

// A reused process that is killed mid-session is cleaned up like any
// backend: the others carry on, without a crash restart.
func TestReusedBackendKilled(t *testing.T) {
	c := reuseCluster(t)
	ctx := context.Background()
	other := c.connect()
	var pid uint32
	for i := 0; i < 20 && pid == 0; i++ {
		conn, err := pgx.Connect(ctx, c.connString(""))
		if err != nil {
			t.Fatal(err)
		}
		first := conn.PgConn().PID()
		conn.Close(ctx)
		waitPooledOrGone(t, int(first))
		conn, err = pgx.Connect(ctx, c.connString(""))
		if err != nil {
			t.Fatal(err)
		}
		if conn.PgConn().PID() != first {
			conn.Close(ctx)
			continue
		}
		pid = first
		if _, err := conn.Exec(ctx, "BEGIN; CREATE TABLE killed_in (a int); SELECT pg_advisory_lock(7)"); err != nil {
			t.Fatal(err)
		}
		syscall.Kill(int(pid), syscall.SIGKILL)
		conn.Close(ctx)
	}
	if pid == 0 {
		t.Fatal("no process was reused")
	}
	if !waitExit(int(pid)) {
		t.Fatal("killed backend still runs")
	}
	// The other session is untouched, and the dead one's lock is free.
	var got bool
	deadline := time.Now().Add(5 * time.Second)
	for {
		err := other.QueryRow(ctx, "SELECT pg_try_advisory_lock(7)").Scan(&got)
		if err != nil {
			t.Fatalf("surviving session: %v\n%s", err, c.log())
		}
		if got || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !got {
		t.Fatal("the killed session's advisory lock is still held")
	}
	if err := other.QueryRow(ctx, "SELECT to_regclass('killed_in') IS NULL").Scan(&got); err != nil || !got {
		t.Fatalf("the killed session's uncommitted table is visible (%v, %v)", got, err)
	}
	log := c.log()
	if want := "server process (PID " + strconv.Itoa(int(pid)) + ") was terminated by signal 9"; !strings.Contains(log, want) {
		t.Errorf("log lacks %q:\n%s", want, log)
	}
	if strings.Contains(log, "terminating any other active server processes") {
		t.Errorf("a killed idle-locked backend caused a crash restart:\n%s", log)
	}
}

// A reused process keeps its catalog cache for the next session of the
// same database, and the invalidations other sessions sent while it
// waited in the pool reach that cache.
func TestReusedBackendSeesCatalogChanges(t *testing.T) {
	c := reuseCluster(t)
	ctx := context.Background()
	ddl := c.connect()
	if _, err := ddl.Exec(ctx, "CREATE TABLE reuse_t (a int); INSERT INTO reuse_t VALUES (1)"); err != nil {
		t.Fatal(err)
	}
	columns := func(conn *pgx.Conn) int {
		rows, err := conn.Query(ctx, "SELECT * FROM reuse_t")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		return len(rows.FieldDescriptions())
	}
	reused := 0
	for i := 0; i < 6; i++ {
		conn, err := pgx.Connect(ctx, c.connString(""))
		if err != nil {
			t.Fatal(err)
		}
		pid := conn.PgConn().PID()
		if got := columns(conn); got != i+1 {
			t.Fatalf("session %d sees %d columns of reuse_t, want %d", i, got, i+1)
		}
		conn.Close(ctx)
		waitPooledOrGone(t, int(pid))
		// Changed while the process that cached it waits in the pool.
		if _, err := ddl.Exec(ctx, "ALTER TABLE reuse_t ADD COLUMN c"+strconv.Itoa(i)+" int"); err != nil {
			t.Fatal(err)
		}
		next, err := pgx.Connect(ctx, c.connString(""))
		if err != nil {
			t.Fatal(err)
		}
		if next.PgConn().PID() == pid {
			reused++
		}
		next.Close(ctx)
		waitPooledOrGone(t, int(next.PgConn().PID()))
	}
	if reused == 0 {
		t.Fatal("no process was reused")
	}
}

// Sessions of different databases may run one after another in one
// process; none sees the other database's catalog. Bursts of three
// sessions alternate between the databases, so that the pool, holding
// one fresh backend, must give some a backend of the other database.
func TestReusedBackendOtherDatabase(t *testing.T) {
	c := reuseCluster(t)
	ctx := context.Background()
	setup := c.connect()
	if _, err := setup.Exec(ctx, "CREATE TABLE only_in_postgres (a int)"); err != nil {
		t.Fatal(err)
	}
	lastDB := map[uint32]string{}
	crossed := 0
	for round := 0; round < 6; round++ {
		db := "postgres"
		if round%2 == 1 {
			db = "template1"
		}
		var conns []*pgx.Conn
		for j := 0; j < 3; j++ {
			conn, err := pgx.Connect(ctx, c.connString("dbname="+db))
			if err != nil {
				t.Fatal(err)
			}
			conns = append(conns, conn)
			pid := conn.PgConn().PID()
			if prev, ok := lastDB[pid]; ok && prev != db {
				crossed++
			}
			lastDB[pid] = db
			var current string
			var visible bool
			if err := conn.QueryRow(ctx, "SELECT current_database(), to_regclass('only_in_postgres') IS NOT NULL").Scan(&current, &visible); err != nil {
				t.Fatal(err)
			}
			if current != db || visible != (db == "postgres") {
				t.Fatalf("session in %s (pid %d): current_database %s, only_in_postgres visible: %v", db, pid, current, visible)
			}
			var datname string
			if err := conn.QueryRow(ctx, "SELECT datname FROM pg_stat_activity WHERE pid = pg_backend_pid()").Scan(&datname); err != nil || datname != db {
				t.Fatalf("pg_stat_activity.datname %q (%v), want %s", datname, err, db)
			}
		}
		for _, conn := range conns {
			pid := conn.PgConn().PID()
			conn.Close(ctx)
			waitPooledOrGone(t, int(pid))
		}
	}
	if crossed == 0 {
		t.Fatalf("no process served sessions of both databases: %v", lastDB)
	}
	t.Logf("%d sessions ran in a process that served the other database before", crossed)
}

// A reused process starts each session with the server's settings as
// last reloaded: a reload reaches it, an edit not yet reloaded does not.
func TestReusedBackendSettingsFollowReload(t *testing.T) {
	c := reuseCluster(t)
	ctx := context.Background()
	conf := c.dataDir + "/postgresql.conf"
	appendConf := func(line string) {
		f, err := os.OpenFile(conf, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		f.WriteString(line + "\n")
		f.Close()
	}
	session := func(set string) (int, string) {
		conn, err := pgx.Connect(ctx, c.connString(""))
		if err != nil {
			t.Fatal(err)
		}
		pid := int(conn.PgConn().PID())
		var v string
		if err := conn.QueryRow(ctx, "SHOW work_mem").Scan(&v); err != nil {
			t.Fatal(err)
		}
		if set != "" {
			if _, err := conn.Exec(ctx, set); err != nil {
				t.Fatal(err)
			}
		}
		conn.Close(ctx)
		waitPooledOrGone(t, pid)
		return pid, v
	}
	seen := map[int]bool{}
	reused := false
	for i := 0; i < 3; i++ {
		pid, v := session("SET work_mem = '9MB'")
		reused = reused || seen[pid]
		seen[pid] = true
		if v != "4MB" {
			t.Fatalf("work_mem %q before the reload, want 4MB", v)
		}
	}
	appendConf("work_mem = '5MB'")
	for i := 0; i < 3; i++ {
		pid, v := session("")
		reused = reused || seen[pid]
		seen[pid] = true
		if v != "4MB" {
			t.Fatalf("work_mem %q: an edit not reloaded reached a session", v)
		}
	}
	if out, err := c.gpctl("reload"); err != nil {
		t.Fatalf("reload: %v\n%s", err, out)
	}
	time.Sleep(300 * time.Millisecond)
	for i := 0; i < 3; i++ {
		pid, v := session("SET work_mem = '9MB'")
		reused = reused || seen[pid]
		seen[pid] = true
		if v != "5MB" {
			t.Fatalf("work_mem %q after the reload, want 5MB", v)
		}
	}
	if !reused {
		t.Fatal("no process was reused")
	}
}

// A burst larger than the pool is served by backends started for its
// connections; they join the pool afterwards too, up to
// gpostgres.max_pooled_backends (4 here), and the rest exit.
func TestBurstBackendsJoinPool(t *testing.T) {
	c := reuseCluster(t)
	ctx := context.Background()
	var conns []*pgx.Conn
	for i := 0; i < 6; i++ {
		conn, err := pgx.Connect(ctx, c.connString(""))
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, conn)
	}
	var pids []int
	for _, conn := range conns {
		pids = append(pids, int(conn.PgConn().PID()))
		conn.Close(ctx)
	}
	for _, pid := range pids {
		waitPooledOrGone(t, pid)
	}
	time.Sleep(300 * time.Millisecond)
	pooled := 0
	for _, pid := range pids {
		if alive(pid) {
			pooled++
		}
	}
	if pooled < 3 || pooled > 4 {
		t.Fatalf("%d of the burst's 6 backends wait in the pool, want 3 or 4 (the pool's bound is 4, one place may hold a fresh backend)", pooled)
	}
	// The pool serves the next connection without starting a process:
	// a backend of the burst or a pre-started one (the postmaster
	// prefers one warm for the database only when the start-up packet
	// has arrived by the time it hands the connection over).
	before := map[int]bool{}
	for _, pid := range c.processes() {
		before[pid] = true
	}
	conn, err := pgx.Connect(ctx, c.connString(""))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if pid := int(conn.PgConn().PID()); !before[pid] {
		t.Errorf("the next connection went to a new process %d, not to one of the pool's %v", pid, pids)
	}
}

// gpostgres.max_pooled_backends = 0 turns reuse off: every session ends
// its process, as in PostgreSQL.
func TestBackendReuseOff(t *testing.T) {
	c := newCluster(t, "gpostgres.max_pooled_backends = 0")
	c.start()
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		conn, err := pgx.Connect(ctx, c.connString(""))
		if err != nil {
			t.Fatal(err)
		}
		pid := int(conn.PgConn().PID())
		conn.Close(ctx)
		if !waitExit(pid) {
			t.Fatalf("backend %d still runs after its session with reuse off", pid)
		}
	}
}

// A backend killed while it waits in the pool (holding no proc slot) is
// only dropped from it: no crash restart, and the next connections are
// served.
func TestPooledBackendKilledWhileIdle(t *testing.T) {
	c := reuseCluster(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, c.connString(""))
	if err != nil {
		t.Fatal(err)
	}
	pid := int(conn.PgConn().PID())
	conn.Close(ctx)
	waitPooledOrGone(t, pid)
	if !alive(pid) {
		t.Fatalf("backend %d did not go back to the pool", pid)
	}
	syscall.Kill(pid, syscall.SIGKILL)
	if !waitExit(pid) {
		t.Fatal("killed backend still runs")
	}
	for i := 0; i < 5; i++ {
		conn, err := pgx.Connect(ctx, c.connString(""))
		if err != nil {
			t.Fatalf("connection %d after the kill: %v\n%s", i, err, c.log())
		}
		var one int
		if err := conn.QueryRow(ctx, "SELECT 1").Scan(&one); err != nil {
			t.Fatal(err)
		}
		conn.Close(ctx)
	}
	if strings.Contains(c.log(), "terminating any other active server processes") {
		t.Errorf("killing an idle pooled backend caused a crash restart:\n%s", c.log())
	}
}
