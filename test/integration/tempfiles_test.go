// Temporary files: a statement that spills beyond work_mem leaves no file
// in base/pgsql_tmp once it ends, whether it finished, was canceled or its
// backend died; log_temp_files logs each file as PostgreSQL does; stale
// files are removed when the server starts.

package integration

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"syscall"
	"testing"
	"time"
)

// spillingSort sorts enough rows that work_mem = 64kB makes it write runs
// for a while before it returns anything; shortSort spills too but ends
// sooner.
const (
	spillingSort = "select x from generate_series(1::int8, 3000000) x order by (x * 7919) % 3000017 desc offset 2999999"
	shortSort    = "select x from generate_series(1::int8, 200000) x order by (x * 7919) % 200003 desc offset 199999"
)

func tempFilesIn(t *testing.T, dataDir string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(dataDir, "base", "pgsql_tmp"))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// waitTempFiles waits until some temporary file exists.
func waitTempFiles(t *testing.T, dataDir string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for len(tempFilesIn(t, dataDir)) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the statement wrote no temporary file")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestTempFiles(t *testing.T) {
	c := newCluster(t, "log_temp_files = 0", "work_mem = '64kB'")
	// A file left by a backend of an earlier run goes at start.
	stale := filepath.Join(c.dataDir, "base", "pgsql_tmp")
	if err := os.MkdirAll(stale, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(stale, "pgsql_tmp999999.0"), []byte("stale"), 0o600); err != nil {
		t.Fatal(err)
	}
	c.start()
	if left := tempFilesIn(t, c.dataDir); len(left) > 0 {
		t.Fatalf("stale temporary files after start: %v", left)
	}
	ctx := context.Background()
	a := c.connect()
	pid := pidOf(t, a)

	t.Run("finished", func(t *testing.T) {
		var x int64
		if err := a.QueryRow(ctx, shortSort).Scan(&x); err != nil {
			t.Fatal(err)
		}
		if left := tempFilesIn(t, c.dataDir); len(left) > 0 {
			t.Fatalf("temporary files after the statement: %v", left)
		}
		// As PostgreSQL: the LOG line, then the statement (LOG ranks
		// above log_min_error_statement's default, error).
		re := regexp.MustCompile(`LOG:  temporary file: path "base/pgsql_tmp/pgsql_tmp` + itoa(pid) + `\.\d+", size \d+\n.*STATEMENT:  ` + regexp.QuoteMeta(shortSort) + `\n`)
		if !re.MatchString(c.log()) {
			t.Fatalf("log_temp_files logged nothing like %s:\n%s", re, c.log())
		}
	})

	// Nodes other than sorts and hashes that spill: a window's partition
	// and an aggregate's DISTINCT / ORDER BY input (neither query has a
	// Sort node or a hash table of its own).
	t.Run("window and aggregate input", func(t *testing.T) {
		for _, q := range []string{
			"select count(*), sum(c) from (select count(*) over () c from generate_series(1, 100000) x) s",
			"select count(distinct x), sum(x order by x desc) from generate_series(1, 100000) x",
		} {
			var n, sum int64
			if err := a.QueryRow(ctx, q).Scan(&n, &sum); err != nil {
				t.Fatal(err)
			}
			if n != 100000 || sum != 100000*100000 && sum != 100000*100001/2 {
				t.Fatalf("%s: %d, %d", q, n, sum)
			}
			if left := tempFilesIn(t, c.dataDir); len(left) > 0 {
				t.Fatalf("temporary files after the statement: %v", left)
			}
			re := regexp.MustCompile(`LOG:  temporary file: path "base/pgsql_tmp/pgsql_tmp` + itoa(pid) + `\.\d+", size \d+\n.*STATEMENT:  ` + regexp.QuoteMeta(q) + `\n`)
			if !re.MatchString(c.log()) {
				t.Fatalf("no temporary file logged for %s", q)
			}
		}
		// A cancel reaches a window spooling its partition.
		errc := make(chan error, 1)
		go func() {
			_, err := a.Exec(ctx, "select sum(c) from (select count(*) over () c from generate_series(1, 3000000) x) s")
			errc <- err
		}()
		waitTempFiles(t, c.dataDir)
		a.PgConn().CancelRequest(ctx)
		if pe := pgErr(t, <-errc, "57014"); pe.Message != "canceling statement due to user request" {
			t.Fatal(pe.Message)
		}
		if left := tempFilesIn(t, c.dataDir); len(left) > 0 {
			t.Fatalf("temporary files after the cancel: %v", left)
		}
	})

	t.Run("temp_file_limit", func(t *testing.T) {
		if _, err := a.Exec(ctx, "set temp_file_limit = '100kB'"); err != nil {
			t.Fatal(err)
		}
		_, err := a.Exec(ctx, shortSort)
		if pe := pgErr(t, err, "53400"); pe.Message != "temporary file size exceeds temp_file_limit (100kB)" {
			t.Fatal(pe.Message)
		}
		a.Exec(ctx, "reset temp_file_limit")
		if left := tempFilesIn(t, c.dataDir); len(left) > 0 {
			t.Fatalf("temporary files after the error: %v", left)
		}
	})

	t.Run("canceled", func(t *testing.T) {
		errc := make(chan error, 1)
		go func() { _, err := a.Exec(ctx, spillingSort); errc <- err }()
		waitTempFiles(t, c.dataDir)
		a.PgConn().CancelRequest(ctx)
		err := <-errc
		if pe := pgErr(t, err, "57014"); pe.Message != "canceling statement due to user request" {
			t.Fatal(pe.Message)
		}
		if left := tempFilesIn(t, c.dataDir); len(left) > 0 {
			t.Fatalf("temporary files after the cancel: %v", left)
		}
		var one int
		if err := a.QueryRow(ctx, "select 1").Scan(&one); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("backend killed", func(t *testing.T) {
		b := c.connect()
		bpid := pidOf(t, b)
		errc := make(chan error, 1)
		go func() { _, err := b.Exec(ctx, spillingSort); errc <- err }()
		waitTempFiles(t, c.dataDir)
		if err := syscall.Kill(bpid, syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		if err := <-errc; err == nil {
			t.Fatal("the statement of a killed backend succeeded")
		}
		// The postmaster cleans up after the backend that died (alone,
		// or with a restart of everything) and removes its files.
		deadline := time.Now().Add(30 * time.Second)
		for len(tempFilesIn(t, c.dataDir)) > 0 {
			if time.Now().After(deadline) {
				t.Fatalf("temporary files left after the backend was killed: %v", tempFilesIn(t, c.dataDir))
			}
			time.Sleep(50 * time.Millisecond)
		}
		d := c.connect()
		defer d.Close(ctx)
		var one int
		if err := d.QueryRow(ctx, "select 1").Scan(&one); err != nil {
			t.Fatal(err)
		}
	})
}
