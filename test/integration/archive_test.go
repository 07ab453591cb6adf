// WAL archiving: the archiver process, archive_command, segments kept
// until archived, archive_timeout, pg_stat_archiver.

package integration

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// archiveSetup makes an archive directory and a file the archive command
// appends each archived name to, so the order can be checked.
func archiveSetup(t *testing.T) (archDir, orderFile, command string) {
	base := t.TempDir()
	archDir = filepath.Join(base, "arch")
	if err := os.Mkdir(archDir, 0o700); err != nil {
		t.Fatal(err)
	}
	orderFile = filepath.Join(base, "order")
	// As the PostgreSQL documentation recommends: never overwrite.
	command = fmt.Sprintf("test ! -f %s/%%f && cp %%p %s/%%f && echo %%f >> %s", archDir, archDir, orderFile)
	return
}

func waitFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func archived(t *testing.T, archDir string) []string {
	t.Helper()
	ents, err := os.ReadDir(archDir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	sort.Strings(out)
	return out
}

// archiveOrder is the names in the order the command archived them.
func archiveOrder(t *testing.T, orderFile string) []string {
	b, err := os.ReadFile(orderFile)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return strings.Fields(string(b))
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

func segName(seg int) string { return fmt.Sprintf("%08X%08X%08X", 1, seg/256, seg%256) }

// checkConsecutive fails unless names are segments 1, 2, ... n in order.
func checkConsecutive(t *testing.T, names []string) {
	t.Helper()
	for i, n := range names {
		if n != segName(i+1) {
			t.Fatalf("archived out of order or with a gap at %d: %v", i, names)
		}
	}
}

func switchWAL(t *testing.T, conn *pgx.Conn) string {
	t.Helper()
	var name string
	if err := conn.QueryRow(context.Background(), "SELECT pg_walfile_name(pg_switch_wal())").Scan(&name); err != nil {
		t.Fatal(err)
	}
	return name
}

func archiverPID(c *cluster) int {
	for _, pid := range childrenOf(c.postmasterPID()) {
		if strings.HasPrefix(cmdline(pid), "gpostgres: archiver") {
			return pid
		}
	}
	return 0
}

func statusFile(c *cluster, name, suffix string) bool {
	_, err := os.Stat(filepath.Join(c.dataDir, "pg_wal", "archive_status", name+suffix))
	return err == nil
}

func TestArchiveCommand(t *testing.T) {
	archDir, orderFile, command := archiveSetup(t)
	c := newCluster(t, "archive_mode = on", "archive_command = '"+command+"'")
	c.start()
	conn := c.connect()
	ctx := context.Background()
	mustExec(t, conn, "CREATE TABLE t (id int, pad text)")
	var names []string
	for i := 0; i < 3; i++ {
		mustExec(t, conn, "INSERT INTO t SELECT g, repeat('x', 200) FROM generate_series(1, 2000) g")
		names = append(names, switchWAL(t, conn))
	}
	last := names[len(names)-1]
	waitFor(t, 10*time.Second, "segments archived", func() bool { return len(archiveOrder(t, orderFile)) >= len(names) })
	order := archiveOrder(t, orderFile)
	checkConsecutive(t, order)
	if order[len(order)-1] != last {
		t.Fatalf("archived %v, last switched %s", order, last)
	}
	for _, n := range order {
		got, err1 := os.ReadFile(filepath.Join(archDir, n))
		want, err2 := os.ReadFile(filepath.Join(c.dataDir, "pg_wal", n))
		if err1 != nil || err2 != nil || !bytes.Equal(got, want) {
			t.Fatalf("archived %s differs from pg_wal's (%v, %v)", n, err1, err2)
		}
		if !statusFile(c, n, ".done") || statusFile(c, n, ".ready") {
			t.Fatalf("%s: no .done or a .ready left", n)
		}
	}
	// PostgreSQL's pg_waldump reads an archived segment up to its switch.
	if waldump := "/usr/lib/postgresql/15/bin/pg_waldump"; fileExists(waldump) {
		out, err := exec.Command(waldump, filepath.Join(archDir, last)).CombinedOutput()
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		if err != nil || !strings.Contains(lines[len(lines)-1], "rmgr: XLOG") || !strings.HasSuffix(strings.TrimSpace(lines[len(lines)-1]), "desc: SWITCH") {
			t.Fatalf("pg_waldump %s: %v\n%s", last, err, lines[len(lines)-1])
		}
	}
	pid := archiverPID(c)
	if pid == 0 {
		t.Fatalf("no archiver among the postmaster's children")
	}
	waitTitle(t, pid, "gpostgres: archiver", "last was "+last)

	var count, failed int64
	var lastWal string
	if err := conn.QueryRow(ctx, "SELECT archived_count, last_archived_wal, failed_count FROM pg_stat_archiver").Scan(&count, &lastWal, &failed); err != nil {
		t.Fatal(err)
	}
	if count != int64(len(order)) || lastWal != last || failed != 0 {
		t.Fatalf("pg_stat_archiver: archived %d, last %s, failed %d; want %d, %s, 0", count, lastWal, failed, len(order), last)
	}

	// A killed archiver is restarted and goes on.
	syscall.Kill(pid, syscall.SIGKILL)
	waitFor(t, 5*time.Second, "a new archiver", func() bool { p := archiverPID(c); return p != 0 && p != pid })
	mustExec(t, conn, "INSERT INTO t VALUES (1, 'after restart')")
	next := switchWAL(t, conn)
	waitFor(t, 10*time.Second, "archiving after a restart", func() bool { return statusFile(c, next, ".done") })

	// At shutdown the archiver's last round takes what is ready.
	mustExec(t, conn, "INSERT INTO t VALUES (2, 'before shutdown')")
	final := switchWAL(t, conn)
	conn.Close(ctx)
	c.stop("fast")
	order = archiveOrder(t, orderFile)
	checkConsecutive(t, order)
	if order[len(order)-1] != final {
		t.Fatalf("after shutdown archived %v, want up to %s\nlog:\n%s", order, final, c.log())
	}
}

func TestArchiveFailureKeepsSegments(t *testing.T) {
	archDir, orderFile, command := archiveSetup(t)
	c := newCluster(t, "archive_mode = on", "archive_command = 'exit 1'",
		"min_wal_size = 32MB", "max_wal_size = 64MB")
	c.start()
	conn := c.connect()
	ctx := context.Background()
	mustExec(t, conn, "CREATE TABLE t (id int)")
	var names []string
	for i := 0; i < 4; i++ {
		mustExec(t, conn, "INSERT INTO t SELECT generate_series(1, 100)")
		names = append(names, switchWAL(t, conn))
		mustExec(t, conn, "CHECKPOINT")
		for _, n := range names {
			if _, err := os.Stat(filepath.Join(c.dataDir, "pg_wal", n)); err != nil {
				t.Fatalf("unarchived segment %s removed by a checkpoint: %v", n, err)
			}
			if !statusFile(c, n, ".ready") {
				t.Fatalf("no .ready for %s", n)
			}
		}
	}
	waitFor(t, 10*time.Second, "the archiver to give up a round", func() bool {
		return strings.Contains(c.log(), "WARNING:  archiving write-ahead log file \""+names[0]+"\" failed too many times, will try again later")
	})
	log := c.log()
	for _, want := range []string{"LOG:  archive command failed with exit code 1", "DETAIL:  The failed archive command was: exit 1"} {
		if !strings.Contains(log, want) {
			t.Fatalf("log lacks %q:\n%s", want, log)
		}
	}
	var failed int64
	var lastFailed string
	if err := conn.QueryRow(ctx, "SELECT failed_count, last_failed_wal FROM pg_stat_archiver").Scan(&failed, &lastFailed); err != nil {
		t.Fatal(err)
	}
	if failed < 3 || lastFailed != names[0] {
		t.Fatalf("pg_stat_archiver: failed %d, last failed %s", failed, lastFailed)
	}
	if got := archived(t, archDir); len(got) != 0 {
		t.Fatalf("archived with a failing command: %v", got)
	}

	// Shutdown does not wait long for a failing archiver's last round,
	// and the backlog survives a restart.
	conn.Close(ctx)
	began := time.Now()
	c.stop("fast")
	if d := time.Since(began); d > 10*time.Second {
		t.Fatalf("fast shutdown took %s", d)
	}
	c.start()
	conn = c.connect()
	for _, n := range names {
		if !statusFile(c, n, ".ready") {
			t.Fatalf("no .ready for %s after a restart", n)
		}
	}

	// A working command after a reload archives the backlog in order.
	appendConf(t, c, "archive_command = '"+command+"'")
	if out, err := c.gpctl("reload"); err != nil {
		t.Fatalf("reload: %v\n%s", err, out)
	}
	waitFor(t, 15*time.Second, "the backlog archived", func() bool { return statusFile(c, names[len(names)-1], ".done") })
	checkConsecutive(t, archiveOrder(t, orderFile))
	// Now a checkpoint may remove them, and their status files go too.
	mustExec(t, conn, "CHECKPOINT")
	for _, n := range names[:len(names)-1] {
		if _, err := os.Stat(filepath.Join(c.dataDir, "pg_wal", n)); err == nil {
			t.Fatalf("archived segment %s still in pg_wal after a checkpoint", n)
		}
		if statusFile(c, n, ".done") || statusFile(c, n, ".ready") {
			t.Fatalf("status file of removed segment %s left", n)
		}
	}
}

func TestArchiveTimeout(t *testing.T) {
	_, orderFile, command := archiveSetup(t)
	c := newCluster(t, "archive_mode = on", "archive_command = '"+command+"'", "archive_timeout = 1")
	c.start()
	conn := c.connect()
	ctx := context.Background()
	mustExec(t, conn, "CREATE TABLE t (id int)")
	var seg string
	if err := conn.QueryRow(ctx, "SELECT pg_walfile_name(pg_current_wal_insert_lsn())").Scan(&seg); err != nil {
		t.Fatal(err)
	}
	// Nobody switches: archive_timeout must.
	waitFor(t, 10*time.Second, "archive_timeout to switch segments", func() bool {
		o := archiveOrder(t, orderFile)
		return len(o) > 0 && o[len(o)-1] >= seg
	})
	// An idle server does not go on switching.
	time.Sleep(500 * time.Millisecond)
	n := len(archiveOrder(t, orderFile))
	time.Sleep(2500 * time.Millisecond)
	if m := len(archiveOrder(t, orderFile)); m > n+1 {
		t.Fatalf("an idle server archived %d more segments", m-n)
	}
	checkConsecutive(t, archiveOrder(t, orderFile))
}

// TestArchiveUnderLoad archives while several clients insert and segments
// fill up by themselves: every segment arrives, in order, intact.
func TestArchiveUnderLoad(t *testing.T) {
	archDir, orderFile, command := archiveSetup(t)
	c := newCluster(t, "archive_mode = on", "archive_command = '"+command+"'", "synchronous_commit = off")
	c.start()
	setup := c.connect()
	mustExec(t, setup, "CREATE TABLE load (client int, i int, pad text)")
	const clients, rounds = 4, 40
	var wg sync.WaitGroup
	errs := make(chan error, clients)
	for k := 0; k < clients; k++ {
		conn := c.connect()
		wg.Add(1)
		go func(k int, conn *pgx.Conn) {
			defer wg.Done()
			for r := 0; r < rounds; r++ {
				if _, err := conn.Exec(context.Background(),
					"INSERT INTO load SELECT $1, g, repeat('p', 600) FROM generate_series(1, 500) g", k); err != nil {
					errs <- err
					return
				}
			}
		}(k, conn)
	}
	// A few switches in the middle of the load too.
	for i := 0; i < 3; i++ {
		time.Sleep(100 * time.Millisecond)
		switchWAL(t, setup)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	last := switchWAL(t, setup)
	waitFor(t, 30*time.Second, "every segment archived", func() bool { return statusFile(c, last, ".done") })
	order := archiveOrder(t, orderFile)
	checkConsecutive(t, order)
	// The load writes about 54 MB of WAL (160 statements of some 340 kB),
	// so it fills at least segments 1 to 4 even when every switch above
	// came before anything was written (a switch of an empty segment does
	// nothing).
	if order[len(order)-1] != last || len(order) < 4 {
		t.Fatalf("archived %v, last switched %s", order, last)
	}
	for _, n := range order {
		got, err1 := os.ReadFile(filepath.Join(archDir, n))
		want, err2 := os.ReadFile(filepath.Join(c.dataDir, "pg_wal", n))
		if err2 != nil {
			continue // removed by a checkpoint after it was archived
		}
		if err1 != nil || !bytes.Equal(got, want) {
			t.Fatalf("archived %s differs from pg_wal's (%v)", n, err1)
		}
	}
}

func TestArchiveSettingsRefused(t *testing.T) {
	c := newCluster(t, "archive_mode = on", "wal_level = minimal", "max_wal_senders = 0")
	out, err := c.gpctl("-l", c.logFile, "-w", "-t", "10", "start")
	if err == nil {
		t.Fatalf("started with archive_mode on and wal_level minimal:\n%s", out)
	}
	if !strings.Contains(c.log(), "WAL archival cannot be enabled when wal_level is \"minimal\"") {
		t.Fatalf("log:\n%s", c.log())
	}

	// No logical decoding: wal_level = logical is refused, not ignored.
	cl := newCluster(t, "wal_level = logical")
	if out, err := cl.gpctl("-l", cl.logFile, "-w", "-t", "10", "start"); err == nil {
		t.Fatalf("started with wal_level logical:\n%s", out)
	}
	if !strings.Contains(cl.log(), "wal_level \"logical\" is not supported") {
		t.Fatalf("log:\n%s", cl.log())
	}

	c2 := newCluster(t, "archive_library = 'basic_archive'")
	if out, err := c2.gpctl("-l", c2.logFile, "-w", "-t", "10", "start"); err == nil {
		t.Fatalf("started with archive_library set:\n%s", out)
	}
	if !strings.Contains(c2.log(), "archive_library") {
		t.Fatalf("log:\n%s", c2.log())
	}

	// Without archive_mode nothing is marked ready and no archiver runs.
	c3 := newCluster(t)
	c3.start()
	conn := c3.connect()
	name := switchWAL(t, conn)
	if statusFile(c3, name, ".ready") || archiverPID(c3) != 0 {
		t.Fatal("archiving without archive_mode")
	}
}

// TestArchiveCommandNotFound: a command the shell cannot run is FATAL for
// the archiver, which the postmaster starts again; an orphan .ready is
// dropped.
func TestArchiveCommandNotFound(t *testing.T) {
	_, orderFile, command := archiveSetup(t)
	c := newCluster(t, "archive_mode = on", "archive_command = 'no_such_command_gpostgres %p'")
	c.start()
	conn := c.connect()
	mustExec(t, conn, "CREATE TABLE t (id int)")
	name := switchWAL(t, conn)
	waitFor(t, 10*time.Second, "the FATAL and the restart", func() bool {
		l := c.log()
		return strings.Contains(l, "FATAL:  archive command failed with exit code 127") &&
			strings.Contains(l, "archiver process (PID") && archiverPID(c) != 0
	})
	if !strings.Contains(c.log(), "DETAIL:  The failed archive command was: no_such_command_gpostgres pg_wal/"+name) {
		t.Fatalf("log:\n%s", c.log())
	}
	orphan := filepath.Join(c.dataDir, "pg_wal", "archive_status", segName(0)+".ready")
	if err := os.WriteFile(orphan, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	appendConf(t, c, "archive_command = '"+command+"'")
	if out, err := c.gpctl("reload"); err != nil {
		t.Fatalf("reload: %v\n%s", err, out)
	}
	waitFor(t, 10*time.Second, "archiving after the fix", func() bool { return statusFile(c, name, ".done") })
	if _, err := os.Stat(orphan); err == nil {
		t.Fatal("orphan .ready not removed")
	}
	if !strings.Contains(c.log(), "WARNING:  removed orphan archive status file \"pg_wal/archive_status/"+segName(0)+".ready\"") {
		t.Fatalf("log:\n%s", c.log())
	}
	checkConsecutive(t, archiveOrder(t, orderFile))
}
