// Tables, MVCC across processes, durability and corruption detection.

package integration

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

func mustExec(t *testing.T, conn *pgx.Conn, sql string, args ...any) {
	t.Helper()
	if _, err := conn.Exec(context.Background(), sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func count(t *testing.T, conn *pgx.Conn, sql string) int {
	t.Helper()
	var n int
	if err := conn.QueryRow(context.Background(), sql).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

func TestVisibilityAcrossSessions(t *testing.T) {
	c := newCluster(t)
	c.start()
	a, b := c.connect(), c.connect()
	mustExec(t, a, "CREATE TABLE v (x int)")
	mustExec(t, a, "BEGIN")
	mustExec(t, a, "INSERT INTO v VALUES (1), (2)")
	if n := count(t, b, "SELECT count(*) FROM v"); n != 0 {
		t.Fatalf("uncommitted rows visible to another session: %d", n)
	}
	if n := count(t, a, "SELECT count(*) FROM v"); n != 2 {
		t.Fatalf("own uncommitted rows not visible: %d", n)
	}
	mustExec(t, a, "COMMIT")
	if n := count(t, b, "SELECT count(*) FROM v"); n != 2 {
		t.Fatalf("committed rows not visible to a later statement: %d", n)
	}
	// A rolled-back delete changes nothing for anyone.
	mustExec(t, a, "BEGIN")
	mustExec(t, a, "DELETE FROM v")
	mustExec(t, a, "ROLLBACK")
	if n := count(t, b, "SELECT count(*) FROM v"); n != 2 {
		t.Fatalf("rolled-back delete visible: %d", n)
	}
}

func TestConcurrentUpdateWaitsThenApplies(t *testing.T) {
	c := newCluster(t)
	c.start()
	a, b := c.connect(), c.connect()
	mustExec(t, a, "CREATE TABLE acct (id int, balance int)")
	mustExec(t, a, "INSERT INTO acct VALUES (1, 100)")
	mustExec(t, a, "BEGIN")
	mustExec(t, a, "UPDATE acct SET balance = balance + 10 WHERE id = 1")
	done := make(chan error, 1)
	go func() {
		_, err := b.Exec(context.Background(), "UPDATE acct SET balance = balance * 2 WHERE id = 1")
		done <- err
	}()
	select {
	case err := <-done:
		t.Fatalf("second UPDATE did not wait for the first transaction: %v", err)
	case <-time.After(300 * time.Millisecond):
	}
	mustExec(t, a, "COMMIT")
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("second UPDATE still waiting after the first committed")
	}
	// READ COMMITTED: the second update applied to the first's result.
	if n := count(t, a, "SELECT balance FROM acct WHERE id = 1"); n != 220 {
		t.Fatalf("balance %d, want (100+10)*2 = 220", n)
	}
	if n := count(t, a, "SELECT count(*) FROM acct"); n != 1 {
		t.Fatalf("%d visible versions of one row", n)
	}
}

// bothChecksumModes runs a test on a cluster without and one with data
// checksums (gpinitdb -k), the two configurations users choose.
func bothChecksumModes(t *testing.T, test func(t *testing.T, initArgs []string)) {
	t.Run("plain", func(t *testing.T) { test(t, nil) })
	t.Run("checksums", func(t *testing.T) { test(t, []string{"-k"}) })
}

func TestTableLargerThanSharedBuffers(t *testing.T) {
	bothChecksumModes(t, tableLargerThanSharedBuffers)
}

func tableLargerThanSharedBuffers(t *testing.T, initArgs []string) {
	c := newClusterArgs(t, initArgs, "shared_buffers = 1MB")
	c.start()
	conn := c.connect()
	mustExec(t, conn, "CREATE TABLE big (id int, pad text)")
	// About 12 MB of rows: twelve times the buffer pool.
	mustExec(t, conn, "INSERT INTO big SELECT g, repeat('y', 200) || g FROM generate_series(1, 50000) g")
	if n := count(t, conn, "SELECT count(*) FROM big"); n != 50000 {
		t.Fatalf("count %d", n)
	}
	if n := count(t, conn, "SELECT sum(id) FROM big WHERE pad LIKE 'yyy%'"); n != 50000*50001/2 {
		t.Fatalf("sum %d", n)
	}
	var written int
	conn.QueryRow(context.Background(), "SELECT buffers_backend + buffers_clean + buffers_checkpoint FROM pg_stat_bgwriter").Scan(&written)
	if written == 0 {
		t.Fatal("no buffer writes counted although the table is larger than the pool")
	}
	// Restart: everything comes back from disk.
	c.stop("fast")
	c.start()
	conn2 := c.connect()
	if n := count(t, conn2, "SELECT count(*) FROM big"); n != 50000 {
		t.Fatalf("after restart: count %d", n)
	}
}

func TestCheckpointAndRestart(t *testing.T) {
	bothChecksumModes(t, checkpointAndRestart)
}

func checkpointAndRestart(t *testing.T, initArgs []string) {
	c := newClusterArgs(t, initArgs)
	c.start()
	conn := c.connect()
	mustExec(t, conn, "CREATE TABLE cp (x int)")
	mustExec(t, conn, "INSERT INTO cp SELECT g FROM generate_series(1, 1000) g")
	mustExec(t, conn, "CHECKPOINT")
	mustExec(t, conn, "INSERT INTO cp VALUES (1001)")
	var req int
	conn.QueryRow(context.Background(), "SELECT checkpoints_req FROM pg_stat_bgwriter").Scan(&req)
	if req < 1 {
		t.Fatalf("checkpoints_req = %d after CHECKPOINT", req)
	}
	c.stop("immediate")
	c.start()
	if !strings.Contains(c.log(), "redo starts at") {
		t.Errorf("no redo after immediate stop:\n%s", c.log())
	}
	if n := count(t, c.connect(), "SELECT count(*) FROM cp"); n != 1001 {
		t.Fatalf("after crash recovery: %d rows, want 1001", n)
	}
}

func TestRolledBackDDLLeavesNothing(t *testing.T) {
	c := newCluster(t)
	c.start()
	conn := c.connect()
	before := relationFiles(t, c)
	mustExec(t, conn, "BEGIN")
	mustExec(t, conn, "CREATE TABLE gone (x int)")
	mustExec(t, conn, "INSERT INTO gone VALUES (1)")
	mustExec(t, conn, "ROLLBACK")
	_, err := conn.Exec(context.Background(), "SELECT * FROM gone")
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "42P01" {
		t.Fatalf("rolled-back table still exists: %v", err)
	}
	mustExec(t, conn, "CHECKPOINT")
	after := relationFiles(t, c)
	for f := range after {
		if !before[f] {
			t.Errorf("file %s left behind by a rolled-back CREATE TABLE", f)
		}
	}
	// DROP removes the files (after the next checkpoint, as PostgreSQL).
	mustExec(t, conn, "CREATE TABLE dropped (x int)")
	mustExec(t, conn, "INSERT INTO dropped VALUES (1)")
	mid := relationFiles(t, c)
	mustExec(t, conn, "DROP TABLE dropped")
	mustExec(t, conn, "CHECKPOINT")
	end := relationFiles(t, c)
	for f := range mid {
		if !before[f] && end[f] {
			t.Errorf("file %s of a dropped table still there after a checkpoint", f)
		}
	}
}

func relationFiles(t *testing.T, c *cluster) map[string]bool {
	files := map[string]bool{}
	dir := filepath.Join(c.dataDir, "base", "5")
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		// Only the files of relations the test makes: a catalog that
		// grows (pg_attribute, pg_class) may gain a free space map.
		num, _, _ := strings.Cut(e.Name(), "_")
		num, _, _ = strings.Cut(num, ".")
		if n, err := strconv.Atoi(num); err == nil && n < 16384 {
			continue
		}
		files[e.Name()] = true
	}
	return files
}

func TestLargeValues(t *testing.T) {
	c := newCluster(t)
	c.start()
	conn := c.connect()
	mustExec(t, conn, "CREATE TABLE blobs (id int, t text, b bytea)")
	for _, size := range []int{3000, 1 << 20, 100 << 20} {
		text := strings.Repeat("abcdefghij", size/10)
		raw := make([]byte, size)
		for i := range raw {
			raw[i] = byte(i * 7919 >> 3)
		}
		mustExec(t, conn, "INSERT INTO blobs VALUES ($1, $2, $3)", size, text, raw)
		var gotT string
		var gotB []byte
		if err := conn.QueryRow(context.Background(), "SELECT t, b FROM blobs WHERE id = $1", size).Scan(&gotT, &gotB); err != nil {
			t.Fatalf("%d bytes: %v", size, err)
		}
		if gotT != text || sha256.Sum256(gotB) != sha256.Sum256(raw) {
			t.Fatalf("%d-byte values did not round-trip (text %d bytes, bytea %d bytes)", size, len(gotT), len(gotB))
		}
	}
}

func TestChecksumFailureIsAnError(t *testing.T) {
	c := newClusterArgs(t, []string{"-k"})
	c.start()
	conn := c.connect()
	mustExec(t, conn, "CREATE TABLE victim (x int, pad text)")
	mustExec(t, conn, "INSERT INTO victim SELECT g, repeat('z', 100) FROM generate_series(1, 100) g")
	var path string
	if err := conn.QueryRow(context.Background(), "SELECT 'base/5/' || relfilenode FROM pg_class WHERE relname = 'victim'").Scan(&path); err != nil {
		t.Fatal(err)
	}
	c.stop("fast")
	f, err := os.OpenFile(filepath.Join(c.dataDir, path), os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteAt([]byte("garbage"), 4000)
	f.Close()
	c.start()
	_, err = c.connect().Exec(context.Background(), "SELECT count(*) FROM victim")
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "XX001" || pe.Message != fmt.Sprintf("invalid page in block 0 of relation %s", path) {
		t.Fatalf("corrupt page read: %v", err)
	}
	if !strings.Contains(c.log(), "WARNING:  page verification failed, calculated checksum") {
		t.Errorf("the log does not report the checksum mismatch:\n%s", c.log())
	}
	// ignore_checksum_failure lets a superuser read what is left.
	conn = c.connect()
	mustExec(t, conn, "SET ignore_checksum_failure = on")
	if n := count(t, conn, "SELECT count(*) FROM victim"); n != 100 {
		t.Fatalf("with ignore_checksum_failure: %d rows, want 100", n)
	}
}

// TestHintBitsAndChecksums: the first hint-bit change of a page after a
// checkpoint is WAL-logged as a full-page image when the cluster has data
// checksums (a torn write of the page could not be repaired otherwise) or
// wal_log_hints, and only then; otherwise hints dirty pages without WAL.
// Either way the hints are kept: after a restart, reading sets none.
func TestHintBitsAndChecksums(t *testing.T) {
	for _, tc := range []struct {
		name    string
		args    []string
		conf    []string
		logHint bool
	}{
		{"plain", nil, nil, false},
		{"checksums", []string{"-k"}, nil, true},
		{"wal_log_hints", nil, []string{"wal_log_hints = on"}, true},
	} {
		checksums := len(tc.args) > 0
		t.Run(tc.name, func(t *testing.T) {
			c := newClusterArgs(t, tc.args, tc.conf...)
			c.start()
			conn := c.connect()
			mustExec(t, conn, "CREATE TABLE hinted (x int, pad text)")
			mustExec(t, conn, "INSERT INTO hinted SELECT g, repeat('h', 200) FROM generate_series(1, 2000) g")
			var pages int
			if err := conn.QueryRow(context.Background(), "SELECT pg_relation_size('hinted') / 8192").Scan(&pages); err != nil {
				t.Fatal(err)
			}
			mustExec(t, conn, "CHECKPOINT")
			fpi := func() int64 {
				var n int64
				if err := conn.QueryRow(context.Background(), "SELECT wal_fpi FROM pg_stat_wal").Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}
			written := func() int64 {
				var n int64
				if err := conn.QueryRow(context.Background(), "SELECT buffers_checkpoint FROM pg_stat_bgwriter").Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}
			before, wrote := fpi(), written()
			mustExec(t, conn, "SELECT count(*) FROM hinted")
			first := fpi() - before
			mustExec(t, conn, "SELECT count(*) FROM hinted")
			second := fpi() - before - first
			if tc.logHint && first < int64(pages) {
				t.Errorf("first read after a checkpoint logged %d page images for %d pages whose hints it set", first, pages)
			}
			if !tc.logHint && first != 0 {
				t.Errorf("setting hints logged %d page images", first)
			}
			if second != 0 {
				t.Errorf("a second read logged %d more page images", second)
			}
			// Setting the hints dirtied the pages: the checkpoint writes them.
			mustExec(t, conn, "CHECKPOINT")
			if n := written() - wrote; n < int64(pages) {
				t.Errorf("the checkpoint after setting hints on %d pages wrote %d: hints do not dirty pages", pages, n)
			}
			// The hints reached the disk: after a clean restart, reading
			// dirties nothing and logs nothing.
			c.stop("fast")
			if bad := verifyDataPages(t, c.dataDir, checksums); len(bad) > 0 {
				t.Fatalf("pages that do not verify:\n%s", strings.Join(bad, "\n"))
			}
			c.start()
			conn = c.connect()
			mustExec(t, conn, "CHECKPOINT")
			before, wrote = fpi(), written()
			mustExec(t, conn, "SELECT count(*) FROM hinted")
			if n := fpi() - before; n != 0 {
				t.Errorf("after a restart reading set hints again (%d page images): they were not kept", n)
			}
			mustExec(t, conn, "CHECKPOINT")
			if n := written() - wrote; n >= int64(pages) {
				t.Errorf("after a restart reading dirtied %d pages of %d: their hints were not kept", n, pages)
			}
		})
	}
}

func TestCorruptControlFile(t *testing.T) {
	c := newCluster(t)
	p := filepath.Join(c.dataDir, "global", "pg_control")
	b, _ := os.ReadFile(p)
	b[20] ^= 0xff
	os.WriteFile(p, b, 0600)
	out, err := c.gpctl("-l", c.logFile, "-w", "-t", "10", "start")
	if err == nil {
		t.Fatalf("server started on a corrupt control file: %s", out)
	}
	if !strings.Contains(c.log(), "incorrect checksum in control file") {
		t.Fatalf("log does not name the problem:\n%s", c.log())
	}
}

func TestAsyncCommitFlushedByWalwriter(t *testing.T) {
	c := newCluster(t, "synchronous_commit = off", "wal_writer_delay = 50ms")
	c.start()
	conn := c.connect()
	mustExec(t, conn, "CREATE TABLE async (x int)")
	mustExec(t, conn, "INSERT INTO async VALUES (1)")
	// The commit returned before its WAL was flushed; the walwriter
	// flushes it within wal_writer_delay.
	time.Sleep(500 * time.Millisecond)
	pm := c.postmasterPID()
	for _, pid := range append([]int{pm}, c.processes()...) {
		syscall.Kill(pid, syscall.SIGKILL)
	}
	c.waitNoProcesses(2 * time.Second)
	waitGone(t, pm)
	c.start()
	if n := count(t, c.connect(), "SELECT count(*) FROM async"); n != 1 {
		t.Fatalf("asynchronously committed row lost although the walwriter had time to flush it: %d", n)
	}
}

func TestMissingWALSegment(t *testing.T) {
	c := newCluster(t)
	c.start()
	c.stop("fast")
	entries, _ := os.ReadDir(filepath.Join(c.dataDir, "pg_wal"))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "0000000") {
			os.Rename(filepath.Join(c.dataDir, "pg_wal", e.Name()), filepath.Join(c.dataDir, e.Name()+".moved"))
		}
	}
	if out, err := c.gpctl("-l", c.logFile, "-w", "-t", "10", "start"); err == nil {
		t.Fatalf("started without its WAL: %s", out)
	}
	for _, want := range []string{"PANIC:  could not locate a valid checkpoint record", "aborting startup due to startup process failure"} {
		if !strings.Contains(c.log(), want) {
			t.Fatalf("log lacks %q:\n%s", want, c.log())
		}
	}
}

// TestDataChecksumsSetting: SHOW data_checksums reports what gpinitdb
// chose, read from pg_control (on with -k), in every session.
func TestDataChecksumsSetting(t *testing.T) {
	bothChecksumModes(t, func(t *testing.T, initArgs []string) {
		c := newClusterArgs(t, initArgs)
		c.start()
		want := "off"
		if len(initArgs) > 0 {
			want = "on"
		}
		var got, src string
		if err := c.connect().QueryRow(context.Background(), "SELECT setting, source FROM pg_settings WHERE name = 'data_checksums'").Scan(&got, &src); err != nil || got != want || src != "default" {
			t.Fatalf("data_checksums %q (source %q), %v; want %q", got, src, err, want)
		}
	})
}
