// The process family: parents, titles, state changes, death of members.

package integration

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

func TestProcessTree(t *testing.T) {
	c := newCluster(t)
	c.start()
	pm := c.postmasterPID()
	if pm == 0 {
		t.Fatal("no postmaster.pid after start")
	}
	want := []string{
		"gpostgres: autovacuum launcher",
		"gpostgres: background writer",
		"gpostgres: checkpointer",
		"gpostgres: pre-started backend",
		"gpostgres: pre-started backend",
		"gpostgres: walwriter",
	}
	var got []string
	deadline := time.Now().Add(5 * time.Second)
	for {
		got = got[:0]
		for _, pid := range childrenOf(pm) {
			got = append(got, cmdline(pid))
		}
		sort.Strings(got)
		if strings.Join(got, "|") == strings.Join(want, "|") || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("children of the postmaster:\n got %q\nwant %q", got, want)
	}
	// comm must name the binary, not "exe".
	comm, _ := os.ReadFile("/proc/" + itoa(childrenOf(pm)[0]) + "/comm")
	if strings.TrimSpace(string(comm)) != "gpostgres" {
		t.Fatalf("child comm = %q", comm)
	}
	// postmaster.pid: PostgreSQL's line layout.
	b, _ := os.ReadFile(filepath.Join(c.dataDir, "postmaster.pid"))
	lines := strings.Split(string(b), "\n")
	if len(lines) < 8 || lines[1] != c.dataDir || lines[3] != itoa(c.port) || lines[4] != c.sockDir ||
		lines[5] != "127.0.0.1" || strings.TrimSpace(lines[7]) != "ready" {
		t.Fatalf("postmaster.pid:\n%s", b)
	}
	c.stop("fast")
	if left := c.waitNoProcesses(2 * time.Second); len(left) > 0 {
		t.Fatalf("processes left after stop: %v", left)
	}
	for _, f := range []string{filepath.Join(c.dataDir, "postmaster.pid"), filepath.Join(c.sockDir, ".s.PGSQL."+itoa(c.port)), filepath.Join(c.sockDir, ".s.PGSQL."+itoa(c.port)+".lock")} {
		if _, err := os.Stat(f); err == nil {
			t.Errorf("%s left behind after stop", f)
		}
	}
}

func TestBackendTitleAndState(t *testing.T) {
	c := newCluster(t)
	c.start()
	conn := c.connect()
	ctx := context.Background()
	var pid int
	if err := conn.QueryRow(ctx, "SELECT pg_backend_pid()").Scan(&pid); err != nil {
		t.Fatal(err)
	}
	parent := ppidOf(pid)
	if parent != c.postmasterPID() {
		t.Fatalf("backend %d has parent %d, postmaster is %d", pid, parent, c.postmasterPID())
	}
	prefix := "gpostgres: " + c.user + " postgres 127.0.0.1("
	waitTitle(t, pid, prefix, ") idle")
	if _, err := conn.Exec(ctx, "BEGIN"); err != nil {
		t.Fatal(err)
	}
	waitTitle(t, pid, prefix, ") idle in transaction")
	if _, err := conn.Exec(ctx, "SELECT 1/0"); err == nil {
		t.Fatal("division by zero succeeded")
	}
	waitTitle(t, pid, prefix, ") idle in transaction (aborted)")
	if _, err := conn.Exec(ctx, "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := conn.Exec(ctx, "SELECT pg_sleep(1)")
		done <- err
	}()
	waitTitle(t, pid, prefix, ") SELECT")
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	waitTitle(t, pid, prefix, ") idle")
}

func waitTitle(t *testing.T, pid int, prefix, suffix string) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for {
		title := cmdline(pid)
		if strings.HasPrefix(title, prefix) && strings.HasSuffix(title, suffix) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("title of %d is %q, want %q...%q", pid, title, prefix, suffix)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func ppidOf(pid int) int {
	b, err := os.ReadFile("/proc/" + itoa(pid) + "/stat")
	if err != nil {
		return 0
	}
	s := string(b)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	p, _ := atoi(fields[1])
	return p
}

func TestPostmasterDeathEndsChildren(t *testing.T) {
	c := newCluster(t)
	c.start()
	conn := c.connect()
	var backend int
	conn.QueryRow(context.Background(), "SELECT pg_backend_pid()").Scan(&backend)
	pm := c.postmasterPID()
	kids := childrenOf(pm)
	// Four background processes and our backend; pre-started backends
	// may still be starting.
	if len(kids) < 5 {
		t.Fatalf("expected at least 5 children, got %v", kids)
	}
	syscall.Kill(pm, syscall.SIGKILL)
	if left := c.waitNoProcesses(time.Second); len(left) > 0 {
		t.Fatalf("children still alive one second after the postmaster died: %v", left)
	}
	// The next start replaces the stale pid file and recovers.
	waitGone(t, pm)
	c.start()
	if !strings.Contains(c.log(), "database system was not properly shut down") {
		t.Errorf("restart after a crash did not report recovery:\n%s", c.log())
	}
	c.stop("fast")
}

func TestKilledBackendLeavesOthersRunning(t *testing.T) {
	c := newCluster(t)
	c.start()
	ctx := context.Background()
	victim, survivor := c.connect(), c.connect()
	var vpid, spid int
	victim.QueryRow(ctx, "SELECT pg_backend_pid()").Scan(&vpid)
	survivor.QueryRow(ctx, "SELECT pg_backend_pid()").Scan(&spid)
	syscall.Kill(vpid, syscall.SIGKILL)
	time.Sleep(300 * time.Millisecond)
	var one int
	if err := survivor.QueryRow(ctx, "SELECT 1").Scan(&one); err != nil || one != 1 {
		t.Fatalf("surviving session broken after another backend was killed: %v\nlog:\n%s", err, c.log())
	}
	var again int
	if err := survivor.QueryRow(ctx, "SELECT pg_backend_pid()").Scan(&again); err != nil || again != spid {
		t.Fatalf("survivor reconnected or failed: pid %d→%d, %v", spid, again, err)
	}
	// New connections work too, and the log names the killed process.
	c.connect()
	if !strings.Contains(c.log(), "server process (PID "+itoa(vpid)+") was terminated by signal 9: Killed") {
		t.Errorf("log does not report the killed backend:\n%s", c.log())
	}
}

func TestBackgroundProcessRestarted(t *testing.T) {
	c := newCluster(t)
	c.start()
	pm := c.postmasterPID()
	var bgwriter int
	for _, pid := range childrenOf(pm) {
		if cmdline(pid) == "gpostgres: background writer" {
			bgwriter = pid
		}
	}
	if bgwriter == 0 {
		t.Fatal("no background writer")
	}
	syscall.Kill(bgwriter, syscall.SIGKILL)
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		for _, pid := range childrenOf(pm) {
			if pid != bgwriter && cmdline(pid) == "gpostgres: background writer" {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("background writer not restarted; children: %v\nlog:\n%s", childrenOf(pm), c.log())
}

// killBackendInCriticalSection SIGKILLs busy backends until one dies inside
// a critical section (holding a buffer content lock or inserting WAL), which
// makes the postmaster treat the death as a crash of the whole family, and
// returns the log text that follows the kill. A backend that dies outside
// one is cleaned up alone and the next try begins.
func killBackendInCriticalSection(t *testing.T, c *cluster) {
	t.Helper()
	ctx := context.Background()
	setup := c.connect()
	mustExec(t, setup, "CREATE TABLE IF NOT EXISTS crashload (a int, pad text)")
	setup.Close(ctx)
	for try := 0; try < 40; try++ {
		conn, err := pgx.Connect(ctx, c.connString(""))
		if err != nil {
			t.Fatalf("try %d: %v\nlog:\n%s", try, err, c.log())
		}
		var pid int
		conn.QueryRow(ctx, "SELECT pg_backend_pid()").Scan(&pid)
		done := make(chan struct{})
		go func() {
			conn.Exec(ctx, "INSERT INTO crashload SELECT g, repeat('x', 200) FROM generate_series(1, 5000000) g")
			close(done)
		}()
		time.Sleep(time.Duration(100+try*7) * time.Millisecond)
		syscall.Kill(pid, syscall.SIGKILL)
		<-done
		conn.Close(ctx)
		deadline := time.Now().Add(5 * time.Second)
		for time.Now().Before(deadline) {
			if strings.Contains(c.log(), "terminating any other active server processes") {
				return
			}
			if strings.Contains(c.log(), "server process (PID "+itoa(pid)+")") && cleanedUpAlone(ctx, c) {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	t.Fatalf("no backend died inside a critical section in 40 tries\nlog:\n%s", c.log())
}

// cleanedUpAlone tells, once the postmaster has logged a backend's death,
// whether it cleaned the backend up alone: the postmaster decides right
// after that line, and a new connection is then served, or refused while
// the whole family restarts (in which case "terminating any other
// active server processes" is in the log too).
func cleanedUpAlone(ctx context.Context, c *cluster) bool {
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		if strings.Contains(c.log(), "terminating any other active server processes") {
			return false
		}
		conn, err := pgx.Connect(ctx, c.connString(""))
		if err == nil {
			conn.Close(ctx)
			return !strings.Contains(c.log(), "terminating any other active server processes")
		}
		var pe *pgconn.PgError
		if errors.As(err, &pe) && pe.Code == "57P03" {
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
	return false
}

// TestCrashRestart: a backend that dies inside a critical section makes the
// postmaster stop every process, reinitialize shared memory and recover.
func TestCrashRestart(t *testing.T) {
	bothChecksumModes(t, func(t *testing.T, initArgs []string) {
		crashRestart(t, newClusterArgs(t, initArgs))
	})
}

func crashRestart(t *testing.T, c *cluster) {
	c.start()
	pm := c.postmasterPID()
	killBackendInCriticalSection(t, c)
	// Clients are refused while the family restarts and recovers.
	deadline := time.Now().Add(30 * time.Second)
	var n int
	for {
		conn, err := pgx.Connect(context.Background(), c.connString(""))
		if err == nil {
			err = conn.QueryRow(context.Background(), "SELECT count(*) FROM crashload").Scan(&n)
			conn.Close(context.Background())
			if err == nil {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no recovery after the crash: %v\nlog:\n%s", err, c.log())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if c.postmasterPID() != pm {
		t.Fatalf("the postmaster changed: %d -> %d", pm, c.postmasterPID())
	}
	for _, want := range []string{"all server processes terminated; reinitializing", "database system was interrupted"} {
		if !strings.Contains(c.log(), want) {
			t.Errorf("log lacks %q:\n%s", want, c.log())
		}
	}
}

// TestRestartAfterCrashOff: with restart_after_crash = off the postmaster
// exits after such a crash instead of reinitializing, as PostgreSQL's does
// (for clusterware that restarts the server itself); the next start
// recovers.
func TestRestartAfterCrashOff(t *testing.T) {
	c := newCluster(t, "restart_after_crash = off")
	c.start()
	pm := c.postmasterPID()
	killBackendInCriticalSection(t, c)
	waitGone(t, pm)
	if left := c.waitNoProcesses(5 * time.Second); len(left) > 0 {
		t.Fatalf("processes left after the postmaster exited: %v", left)
	}
	log := c.log()
	if !strings.Contains(log, "shutting down because restart_after_crash is off") || strings.Contains(log, "reinitializing") {
		t.Fatalf("log:\n%s", log)
	}
	c.start()
	var n int
	if err := c.connect().QueryRow(context.Background(), "SELECT count(*) FROM crashload").Scan(&n); err != nil {
		t.Fatalf("after restarting: %v\nlog:\n%s", err, c.log())
	}
}
