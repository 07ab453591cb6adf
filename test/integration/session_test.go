// Sessions: limits, cancel, reload, shutdown modes, psql.

package integration

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

func sqlstate(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

func TestConnectionLimit(t *testing.T) {
	c := newCluster(t, "max_connections = 3", "superuser_reserved_connections = 0")
	c.start()
	ctx := context.Background()
	conns := []*pgx.Conn{c.connect(), c.connect(), c.connect()}
	_, err := pgx.Connect(ctx, c.connString(""))
	if err == nil || sqlstate(err) != "53300" || !strings.Contains(err.Error(), "sorry, too many clients already") {
		t.Fatalf("fourth connection: got %v, want FATAL 53300 sorry, too many clients already", err)
	}
	for i, conn := range conns {
		var n int
		if err := conn.QueryRow(ctx, "SELECT 1").Scan(&n); err != nil {
			t.Fatalf("session %d broken by the refused connection: %v", i, err)
		}
	}
	conns[0].Close(ctx)
	// The freed slot is usable again (the backend exits asynchronously).
	deadline := time.Now().Add(5 * time.Second)
	for {
		conn, err := pgx.Connect(ctx, c.connString(""))
		if err == nil {
			conn.Close(ctx)
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("slot not freed: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestCancelWithPgx(t *testing.T) {
	c := newCluster(t)
	c.start()
	conn := c.connect()
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := conn.Exec(ctx, "SELECT pg_sleep(60)")
	if err == nil {
		t.Fatal("pg_sleep(60) was not canceled")
	}
	if time.Since(start) > 10*time.Second {
		t.Fatalf("cancel took %v", time.Since(start))
	}
}

// TestCancelWithPsql sends SIGINT to psql, as Ctrl-C does, and expects
// PostgreSQL's message.
func TestCancelWithPsql(t *testing.T) {
	c := newCluster(t)
	c.start()
	cmd := exec.Command("psql", "-X", "-h", c.sockDir, "-p", strconv.Itoa(c.port), "-U", c.user, "-d", "postgres", "-c", "SELECT pg_sleep(60)")
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait until the backend is running the statement.
	deadline := time.Now().Add(10 * time.Second)
	for {
		o, _ := c.psql("-At", "-c", "SELECT 1")
		_ = o
		found := false
		for _, pid := range childrenOf(c.postmasterPID()) {
			if strings.HasSuffix(cmdline(pid), " SELECT") {
				found = true
			}
		}
		if found {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("statement never started")
		}
		time.Sleep(50 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGINT)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatal("psql did not finish after SIGINT")
	}
	if !strings.Contains(out.String(), "ERROR:  canceling statement due to user request") {
		t.Fatalf("psql output: %q", out.String())
	}
}

func TestReload(t *testing.T) {
	c := newCluster(t)
	c.start()
	ctx := context.Background()
	conn := c.connect()
	show := func(name string) string {
		var v string
		if err := conn.QueryRow(ctx, "SHOW "+name).Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	if v := show("work_mem"); v != "4MB" {
		t.Fatalf("work_mem = %q before reload", v)
	}
	appendConf(t, c, "work_mem = '8MB'", "port = 1")
	out, err := c.gpctl("reload")
	if err != nil || !strings.Contains(out, "server signaled") {
		t.Fatalf("gpctl reload: %v %s", err, out)
	}
	deadline := time.Now().Add(5 * time.Second)
	for show("work_mem") != "8MB" {
		if time.Now().After(deadline) {
			t.Fatalf("running session did not pick up work_mem after reload\nlog:\n%s", c.log())
		}
		time.Sleep(50 * time.Millisecond)
	}
	// A new session sees it too; the postmaster-only parameter is not
	// applied and the log says why.
	conn2 := c.connect()
	var wm string
	conn2.QueryRow(ctx, "SHOW work_mem").Scan(&wm)
	if wm != "8MB" {
		t.Fatalf("new session work_mem = %q", wm)
	}
	if !strings.Contains(c.log(), `parameter "port" cannot be changed without restarting the server`) {
		t.Errorf("log lacks the restart-required message:\n%s", c.log())
	}
	// pg_reload_conf() works the same way.
	appendConf(t, c, "work_mem = '16MB'")
	var ok bool
	if err := conn.QueryRow(ctx, "SELECT pg_reload_conf()").Scan(&ok); err != nil || !ok {
		t.Fatalf("pg_reload_conf: %v %v", ok, err)
	}
	deadline = time.Now().Add(5 * time.Second)
	for show("work_mem") != "16MB" {
		if time.Now().After(deadline) {
			t.Fatal("pg_reload_conf() did not reach the session")
		}
		time.Sleep(50 * time.Millisecond)
	}
	// New sessions start with the postmaster's settings, not with what
	// postgresql.conf says now: the port the server listens on, not the
	// pending one...
	newSession := func() *pgx.Conn {
		t.Helper()
		cn, err := pgx.Connect(ctx, c.connString(""))
		if err != nil {
			t.Fatalf("new session: %v\nlog:\n%s", err, c.log())
		}
		t.Cleanup(func() { cn.Close(ctx) })
		return cn
	}
	var port string
	var pending bool
	if err := newSession().QueryRow(ctx, "SELECT setting, pending_restart FROM pg_settings WHERE name = 'port'").Scan(&port, &pending); err != nil {
		t.Fatal(err)
	}
	if port != strconv.Itoa(c.port) || !pending {
		t.Errorf("new session: port %s pending_restart %v, want %d true", port, pending, c.port)
	}
	// ... no edit that was not reloaded (once the reload has settled: a
	// child that was starting when the SIGHUP came reads the file when it
	// catches up, as a PostgreSQL child does when its blocked SIGHUP is
	// delivered) ...
	time.Sleep(time.Second)
	appendConf(t, c, "work_mem = '32MB'")
	if err := newSession().QueryRow(ctx, "SHOW work_mem").Scan(&wm); err != nil || wm != "16MB" {
		t.Errorf("new session after an edit without reload: work_mem %q (%v), want 16MB", wm, err)
	}
	// ... and a broken file, once reloaded, changes nothing and keeps the
	// server open to new sessions.
	appendConf(t, c, "work_mem = 'abc'", "this line is not valid")
	if out, err := c.gpctl("reload"); err != nil {
		t.Fatalf("gpctl reload: %v %s", err, out)
	}
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(c.log(), "contains errors"); {
		if time.Now().After(deadline) {
			t.Fatalf("the log does not report the broken file:\n%s", c.log())
		}
		time.Sleep(50 * time.Millisecond)
	}
	for i := 0; i < 3; i++ {
		if err := newSession().QueryRow(ctx, "SHOW work_mem").Scan(&wm); err != nil || wm != "16MB" {
			t.Errorf("new session after reloading a broken file: work_mem %q (%v), want 16MB", wm, err)
		}
	}
}

func appendConf(t *testing.T, c *cluster, lines ...string) {
	f, err := os.OpenFile(filepath.Join(c.dataDir, "postgresql.conf"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(strings.Join(lines, "\n") + "\n")
	f.Close()
}

func TestSmartShutdownWaitsForClients(t *testing.T) {
	c := newCluster(t)
	c.start()
	conn := c.connect()
	done := make(chan string, 1)
	go func() {
		out, _ := c.gpctl("-m", "smart", "-w", "-t", "30", "stop")
		done <- out
	}()
	time.Sleep(500 * time.Millisecond)
	select {
	case out := <-done:
		t.Fatalf("smart shutdown finished while a client was connected: %s", out)
	default:
	}
	// The existing session still works; new ones are refused.
	var n int
	if err := conn.QueryRow(context.Background(), "SELECT 1").Scan(&n); err != nil {
		t.Fatalf("session broken during smart shutdown: %v", err)
	}
	_, err := pgx.Connect(context.Background(), c.connString(""))
	if sqlstate(err) != "57P03" {
		t.Fatalf("new connection during smart shutdown: %v", err)
	}
	conn.Close(context.Background())
	select {
	case out := <-done:
		if !strings.Contains(out, "server stopped") {
			t.Fatalf("gpctl stop: %s", out)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("smart shutdown did not finish after the client left")
	}
}

func TestFastShutdownTerminatesSessions(t *testing.T) {
	c := newCluster(t)
	c.start()
	conn := c.connect()
	c.stop("fast")
	_, err := conn.Exec(context.Background(), "SELECT 1")
	if err == nil {
		t.Fatal("session survived fast shutdown")
	}
	log := c.log()
	for _, want := range []string{"received fast shutdown request", "terminating connection due to administrator command", "database system is shut down"} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %q:\n%s", want, log)
		}
	}
	// psql sees the FATAL too.
	c.start()
	cmd := exec.Command("psql", "-X", "-h", c.sockDir, "-p", strconv.Itoa(c.port), "-U", c.user, "-d", "postgres")
	stdin, _ := cmd.StdinPipe()
	var out lockedBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.Start()
	stdin.Write([]byte("SELECT 1;\n"))
	// Stop only once psql is connected and has its answer.
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(out.String(), "(1 row)") {
		if time.Now().After(deadline) {
			t.Fatalf("psql did not answer SELECT 1: %q", out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	c.stop("fast")
	stdin.Write([]byte("SELECT 2;\n"))
	stdin.Close()
	cmd.Wait()
	if !strings.Contains(out.String(), "FATAL:  terminating connection due to administrator command") {
		t.Errorf("psql output after fast shutdown: %q", out.String())
	}
}

func TestImmediateShutdownThenRecovery(t *testing.T) {
	c := newCluster(t)
	c.start()
	c.connect()
	c.stop("immediate")
	if left := c.waitNoProcesses(2 * time.Second); len(left) > 0 {
		t.Fatalf("processes left after immediate stop: %v", left)
	}
	if _, err := os.Stat(filepath.Join(c.dataDir, "postmaster.pid")); err == nil {
		t.Fatal("postmaster.pid left after immediate stop")
	}
	c.start()
	if !strings.Contains(c.log(), "database system was not properly shut down; automatic recovery in progress") {
		t.Errorf("no recovery after immediate stop:\n%s", c.log())
	}
	c.stop("fast")
	c.start()
	// Once after gpinitdb, once after the fast stop.
	if strings.Count(c.log(), "database system was shut down at") != 2 {
		t.Errorf("clean restart not reported:\n%s", c.log())
	}
}

func TestPsqlBasics(t *testing.T) {
	c := newCluster(t)
	c.start()
	out, err := c.psql("-c", "SELECT 1 AS one, 'x' || 'y' AS s")
	want := " one | s  \n-----+----\n   1 | xy\n(1 row)\n\n"
	if err != nil || out != want {
		t.Fatalf("psql: %v\n got %q\nwant %q", err, out, want)
	}
	out, _ = c.psql("-c", "SELEC 1")
	if !strings.Contains(out, "ERROR:  syntax error at or near \"SELEC\"\nLINE 1: SELEC 1\n        ^") {
		t.Fatalf("psql syntax error output: %q", out)
	}
	out, err = c.psql("-At", "-c", "SHOW server_version_num")
	if err != nil || strings.TrimSpace(out) != "150018" {
		t.Fatalf("server_version_num: %q %v", out, err)
	}
}

// lockedBuffer collects a process's output while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestReloadWhileConnecting sends reloads while clients connect: a SIGHUP
// reaching a child before it handles SIGHUP (a pre-started backend handing
// over to its session, a process still starting) must not kill it, and a
// child that missed the signal still ends up with the new settings.
func TestReloadWhileConnecting(t *testing.T) {
	c := newCluster(t)
	c.start()
	ctx := context.Background()
	pid := c.postmasterPID()
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			default:
			}
			syscall.Kill(pid, syscall.SIGHUP)
			time.Sleep(2 * time.Millisecond)
		}
	}()
	for i := 0; i < 60; i++ {
		cn, err := pgx.Connect(ctx, c.connString(""))
		if err != nil {
			close(stop)
			<-done
			t.Fatalf("connection %d: %v\n%s", i, err, c.log())
		}
		var one int
		if err := cn.QueryRow(ctx, "SELECT 1").Scan(&one); err != nil {
			close(stop)
			<-done
			t.Fatalf("query on connection %d: %v\n%s", i, err, c.log())
		}
		cn.Close(ctx)
	}
	close(stop)
	<-done
	if strings.Contains(c.log(), "terminated by signal 1") {
		t.Fatalf("a child died of SIGHUP:\n%s", c.log())
	}
	// The last reload's settings reach every new session.
	appendConf(t, c, "work_mem = '24MB'")
	syscall.Kill(pid, syscall.SIGHUP)
	time.Sleep(300 * time.Millisecond)
	for i := 0; i < 5; i++ {
		cn := c.connect()
		var wm string
		if err := cn.QueryRow(ctx, "SHOW work_mem").Scan(&wm); err != nil || wm != "24MB" {
			t.Errorf("session %d: work_mem %q (%v), want 24MB", i, wm, err)
		}
		cn.Close(ctx)
	}
}
