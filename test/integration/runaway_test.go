// Runaway statements: one statement must never hang a backend, eat all
// memory or kill it (bounded numeric power, the stack depth limit), and
// every way of stopping a long statement works: cancel requests,
// statement_timeout, lock_timeout, the idle timeouts, pg_cancel_backend
// and pg_terminate_backend, a client that goes away, fast shutdown.

package integration

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// longQuery runs for minutes unless interrupted, checking for interrupts
// between rows as PostgreSQL does.
const longQuery = "select count(*) from generate_series(1, 10000000000) x where x::numeric ^ 3 > 0"

func pgErr(t *testing.T, err error, code string) *pgconn.PgError {
	t.Helper()
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		t.Fatalf("want SQLSTATE %s, got %v", code, err)
	}
	if pe.Code != code {
		t.Fatalf("want SQLSTATE %s, got %s: %s", code, pe.Code, pe.Message)
	}
	return pe
}

func pidOf(t *testing.T, c *pgx.Conn) int {
	t.Helper()
	var pid int
	if err := c.QueryRow(context.Background(), "select pg_backend_pid()").Scan(&pid); err != nil {
		t.Fatal(err)
	}
	return pid
}

// waitActive waits until backend pid runs a statement (pg_stat_activity
// state 'active'), so that a cancel is not sent before the statement it
// is meant for.
func waitActive(t *testing.T, c *cluster, pid int) {
	t.Helper()
	watcher, err := pgx.Connect(context.Background(), c.connString(""))
	if err != nil {
		t.Fatal(err)
	}
	defer watcher.Close(context.Background())
	deadline := time.Now().Add(10 * time.Second)
	for {
		var state string
		err := watcher.QueryRow(context.Background(), "select coalesce(state, '') from pg_stat_activity where pid = $1", pid).Scan(&state)
		if err == nil && state == "active" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("backend %d did not become active (state %q, %v)", pid, state, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// backendGone waits for a process to exit (or become a zombie).
func backendGone(pid int, d time.Duration) bool {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if syscall.Kill(pid, 0) != nil {
			return true
		}
		if st := readStat(pid); strings.Contains(st, ") Z ") {
			return true
		}
		time.Sleep(20 * time.Millisecond)
	}
	return false
}

// logEventually waits for the server log to contain s: the logger
// process writes it after the backend has gone.
func logEventually(c *cluster, s string) bool {
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(c.log(), s) {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
	return true
}

func readStat(pid int) string {
	b, _ := os.ReadFile("/proc/" + itoa(pid) + "/stat")
	return string(b)
}

func TestRunaway(t *testing.T) {
	c := newCluster(t)
	c.start()
	ctx := context.Background()
	a := c.connect()

	t.Run("power", func(t *testing.T) {
		start := time.Now()
		var s string
		if err := a.QueryRow(ctx, "select ((-1.0) ^ 2147483646)::text").Scan(&s); err != nil {
			t.Fatal(err)
		}
		if s != "1.0000000000000000" || time.Since(start) > 5*time.Second {
			t.Fatalf("got %s in %v", s, time.Since(start))
		}
		_, err := a.Exec(ctx, "select 10.0 ^ 131072")
		if pe := pgErr(t, err, "22003"); pe.Message != "value overflows numeric format" {
			t.Fatal(pe.Message)
		}
	})

	t.Run("statement_timeout", func(t *testing.T) {
		if _, err := a.Exec(ctx, "set statement_timeout = '300ms'"); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		_, err := a.Exec(ctx, longQuery)
		if pe := pgErr(t, err, "57014"); pe.Message != "canceling statement due to statement timeout" {
			t.Fatal(pe.Message)
		}
		if time.Since(start) > 3*time.Second {
			t.Fatalf("timeout took %v", time.Since(start))
		}
		a.Exec(ctx, "reset statement_timeout")
	})

	t.Run("cancel request", func(t *testing.T) {
		apid := pidOf(t, a)
		errc := make(chan error, 1)
		start := time.Now()
		go func() { _, err := a.Exec(ctx, longQuery); errc <- err }()
		waitActive(t, c, apid)
		a.PgConn().CancelRequest(ctx)
		err := <-errc
		if pe := pgErr(t, err, "57014"); pe.Message != "canceling statement due to user request" {
			t.Fatal(pe.Message)
		}
		if time.Since(start) > 5*time.Second {
			t.Fatalf("cancel took %v", time.Since(start))
		}
		if _, err := a.Exec(ctx, "select 1"); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("stack depth", func(t *testing.T) {
		for _, q := range []string{
			"select " + strings.Repeat("1+", 100000) + "1",
			"select " + strings.Repeat("(", 100000) + "1" + strings.Repeat(")", 100000),
			"select 1" + strings.Repeat("::int", 100000),
		} {
			_, err := a.Exec(ctx, q)
			var pe *pgconn.PgError
			if !errors.As(err, &pe) {
				t.Fatalf("got %v", err)
			}
			if pe.Code == "54001" && !strings.Contains(pe.Hint, `"max_stack_depth" (currently 2048kB)`) {
				t.Fatalf("hint %q", pe.Hint)
			}
			if pe.Code != "54001" && pe.Code != "42601" {
				t.Fatalf("got %s %s", pe.Code, pe.Message)
			}
		}
		// What PostgreSQL accepts still works, and the session survived.
		var n int
		if err := a.QueryRow(ctx, "select "+strings.Repeat("1+", 4000)+"1").Scan(&n); err != nil || n != 4001 {
			t.Fatalf("got %d, %v", n, err)
		}
		if err := a.QueryRow(ctx, "select "+strings.Repeat("(", 5000)+"1"+strings.Repeat(")", 5000)).Scan(&n); err != nil || n != 1 {
			t.Fatalf("got %d, %v", n, err)
		}
		// The limit follows max_stack_depth.
		if _, err := a.Exec(ctx, "set max_stack_depth = '100kB'"); err != nil {
			t.Fatal(err)
		}
		_, err := a.Exec(ctx, "select "+strings.Repeat("1+", 3000)+"2")
		if pe := pgErr(t, err, "54001"); !strings.Contains(pe.Hint, "(currently 100kB)") {
			t.Fatal(pe.Hint)
		}
		if _, err := a.Exec(ctx, "reset max_stack_depth"); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("pg_cancel_backend", func(t *testing.T) {
		b := c.connect()
		pid := pidOf(t, b)
		errc := make(chan error, 1)
		go func() { _, err := b.Exec(ctx, "select pg_sleep(30)"); errc <- err }()
		waitActive(t, c, pid)
		var ok bool
		if err := a.QueryRow(ctx, "select pg_cancel_backend($1)", pid).Scan(&ok); err != nil || !ok {
			t.Fatalf("got %v, %v", ok, err)
		}
		select {
		case err := <-errc:
			if pe := pgErr(t, err, "57014"); pe.Message != "canceling statement due to user request" {
				t.Fatal(pe.Message)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("statement not canceled")
		}
		if _, err := b.Exec(ctx, "select 1"); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("pg_terminate_backend", func(t *testing.T) {
		b := c.connect()
		pid := pidOf(t, b)
		errc := make(chan error, 1)
		go func() { _, err := b.Exec(ctx, longQuery); errc <- err }()
		waitActive(t, c, pid)
		var ok bool
		if err := a.QueryRow(ctx, "select pg_terminate_backend($1, 5000)", pid).Scan(&ok); err != nil || !ok {
			t.Fatalf("got %v, %v", ok, err)
		}
		select {
		case err := <-errc:
			if pe := pgErr(t, err, "57P01"); pe.Severity != "FATAL" || pe.Message != "terminating connection due to administrator command" {
				t.Fatal(pe.Severity, pe.Message)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("backend not terminated")
		}
		// One argument (the timeout defaults to 0), a pid that is no
		// backend, a negative timeout.
		var notice string
		cfg, _ := pgx.ParseConfig(c.connString(""))
		cfg.OnNotice = func(_ *pgconn.PgConn, n *pgconn.Notice) { notice = n.Severity + " " + n.Message }
		w, err := pgx.ConnectConfig(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close(ctx)
		if err := w.QueryRow(ctx, "select pg_terminate_backend(1)").Scan(&ok); err != nil || ok {
			t.Fatalf("got %v, %v", ok, err)
		}
		if notice != "WARNING PID 1 is not a PostgreSQL backend process" {
			t.Fatalf("notice %q", notice)
		}
		// Canceling oneself cancels the statement that asked.
		_, err = w.Exec(ctx, "select pg_cancel_backend(pg_backend_pid())")
		if pe := pgErr(t, err, "57014"); pe.Message != "canceling statement due to user request" {
			t.Fatal(pe.Message)
		}
		_, err = w.Exec(ctx, "select pg_terminate_backend(1, -1)")
		if pe := pgErr(t, err, "22023"); pe.Message != `"timeout" must not be negative` {
			t.Fatal(pe.Message)
		}
	})

	t.Run("idle_in_transaction_session_timeout", func(t *testing.T) {
		b := c.connect("idle_in_transaction_session_timeout=200")
		pid := pidOf(t, b)
		if _, err := b.Exec(ctx, "begin"); err != nil {
			t.Fatal(err)
		}
		time.Sleep(600 * time.Millisecond)
		_, err := b.Exec(ctx, "select 1")
		var pe *pgconn.PgError
		if errors.As(err, &pe) {
			if pe.Code != "25P03" || pe.Message != "terminating connection due to idle-in-transaction timeout" {
				t.Fatalf("got %s %s", pe.Code, pe.Message)
			}
		} else if err == nil {
			t.Fatal("session survived the idle timeout")
		}
		if !backendGone(pid, 3*time.Second) {
			t.Fatal("backend still running")
		}
		if !logEventually(c, "terminating connection due to idle-in-transaction timeout") {
			t.Fatal("not logged")
		}
	})

	t.Run("idle_session_timeout", func(t *testing.T) {
		b := c.connect("idle_session_timeout=200")
		pid := pidOf(t, b)
		if !backendGone(pid, 3*time.Second) {
			t.Fatal("backend still running")
		}
		if !logEventually(c, "terminating connection due to idle-session timeout") {
			t.Fatal("not logged")
		}
	})

	t.Run("lock_timeout", func(t *testing.T) {
		if _, err := a.Exec(ctx, "create table lt (a int)"); err != nil {
			t.Fatal(err)
		}
		b := c.connect()
		if _, err := b.Exec(ctx, "begin; truncate lt"); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Exec(ctx, "set lock_timeout = '200ms'"); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		_, err := a.Exec(ctx, "select * from lt")
		if pe := pgErr(t, err, "55P03"); pe.Message != "canceling statement due to lock timeout" {
			t.Fatal(pe.Message)
		}
		if time.Since(start) > 3*time.Second {
			t.Fatalf("took %v", time.Since(start))
		}
		b.Exec(ctx, "rollback")
		a.Exec(ctx, "reset lock_timeout")
	})

	t.Run("client disconnect", func(t *testing.T) {
		if _, err := a.Exec(ctx, "create table cd (a int)"); err != nil {
			t.Fatal(err)
		}
		// A client killed outright (drivers send a CancelRequest when
		// their connection breaks; psql killed with SIGKILL does not).
		cmd := exec.Command("psql", "-X", "-h", c.sockDir, "-p", strconv.Itoa(c.port), "-U", c.user, "-d", "postgres",
			"-c", "begin; truncate cd; select pg_sleep(60) /* disconnect */;")
		cmd.Env = append(os.Environ(), "PGOPTIONS=-c client_connection_check_interval=100")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		defer cmd.Wait()
		var pid int
		deadline := time.Now().Add(5 * time.Second)
		for pid == 0 && time.Now().Before(deadline) {
			a.QueryRow(ctx, "select pid from pg_stat_activity where state = 'active' and query like '%/* disconnect */%' and pid <> pg_backend_pid()").Scan(&pid)
			time.Sleep(20 * time.Millisecond)
		}
		if pid == 0 {
			cmd.Process.Kill()
			t.Fatal("statement never started")
		}
		cmd.Process.Kill()
		if !backendGone(pid, 5*time.Second) {
			t.Fatal("backend still running after its client left")
		}
		// Its lock on cd is gone.
		if _, err := a.Exec(ctx, "set lock_timeout = '2s'"); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Exec(ctx, "select * from cd"); err != nil {
			t.Fatal(err)
		}
		a.Exec(ctx, "reset lock_timeout")
		if !logEventually(c, "connection to client lost") {
			l := c.log()
			t.Fatalf("not logged:\n%s", l[max(0, len(l)-2000):])
		}
	})

	t.Run("fast shutdown", func(t *testing.T) {
		b := c.connect()
		pid := pidOf(t, b)
		go b.Exec(ctx, longQuery)
		waitActive(t, c, pid)
		start := time.Now()
		c.stop("fast")
		if d := time.Since(start); d > 10*time.Second {
			t.Fatalf("fast shutdown took %v", d)
		}
		if left := c.waitNoProcesses(5 * time.Second); len(left) > 0 {
			t.Fatalf("processes left: %v", left)
		}
	})
}
