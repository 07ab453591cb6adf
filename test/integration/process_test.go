// The process family: parents, titles, state changes, death of members.

package integration

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"
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
