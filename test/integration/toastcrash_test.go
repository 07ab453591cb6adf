// Crash recovery of TOAST tables' indexes: values stored out of line,
// updated, deleted and vacuumed while the process family is killed; after
// recovery every acknowledged value reads back whole (its chunks are
// found through the index), the index holds exactly the chunks the table
// holds, and every page verifies, with and without data checksums.

package integration

import (
	"context"
	"fmt"
	"math/rand"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// toastValue is the SQL for the value row k holds at version v: about
// 6 kB of hexadecimal digits that pglz cannot shrink below the TOAST
// threshold, so it is stored out of line in 4 chunks.
func toastValue(k, v string) string {
	return "(SELECT string_agg(md5(" + k + "::text || '/' || " + v + "::text || '/' || i::text), '') FROM generate_series(1, 190) i)"
}

func TestCrashToastIndex(t *testing.T) {
	for _, cfg := range []struct {
		name     string
		initArgs []string
	}{{"plain", nil}, {"checksums", []string{"-k"}}} {
		t.Run(cfg.name, func(t *testing.T) {
			c := newClusterArgs(t, cfg.initArgs)
			c.start()
			toastCrashRounds(t, c, len(cfg.initArgs) > 0)
		})
	}
}

// toastRow is what a client knows of one row: the version its last
// acknowledged statement left (0: deleted or never inserted), and the
// version a statement that got no answer would have left.
type toastRow struct {
	acked, maybe int
	uncertain    bool
}

func toastCrashRounds(t *testing.T, c *cluster, checksums bool) {
	ctx := context.Background()
	setup := c.connect()
	for _, q := range []string{
		"CREATE TABLE toasty (k int PRIMARY KEY, v int NOT NULL, doc text)",
		"CHECKPOINT",
	} {
		if _, err := setup.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	setup.Close(ctx)

	const clients, keysPerClient = 3, 40
	rows := make([][]toastRow, clients)
	for i := range rows {
		rows[i] = make([]toastRow, keysPerClient)
	}
	for round := 0; round < crashRounds(); round++ {
		var wg sync.WaitGroup
		stop := make(chan struct{})
		for _, q := range []string{"CHECKPOINT", "VACUUM toasty"} {
			wg.Add(1)
			go clientLoop(c, &wg, stop, func(conn *pgx.Conn) bool {
				time.Sleep(40 * time.Millisecond)
				_, err := conn.Exec(ctx, q)
				return err == nil
			})
		}
		for cl := 0; cl < clients; cl++ {
			wg.Add(1)
			rng := rand.New(rand.NewSource(int64(round*clients + cl)))
			go clientLoop(c, &wg, stop, func(conn *pgx.Conn) bool {
				i := rng.Intn(keysPerClient)
				r := &rows[cl][i]
				if r.uncertain {
					// A statement before the last crash got no answer:
					// find out what it left (verified below).
					return true
				}
				k := cl*keysPerClient + i
				var q string
				next := r.acked + 1
				switch {
				case r.acked == 0:
					q = fmt.Sprintf("INSERT INTO toasty VALUES (%d, %d, %s)", k, next, toastValue("$1::int", "$2::int"))
				case rng.Intn(4) == 0:
					q, next = "DELETE FROM toasty WHERE k = $1 AND v = $2 - 1", 0
				default:
					q = "UPDATE toasty SET v = $2, doc = " + toastValue("$1::int", "$2::int") + " WHERE k = $1"
				}
				r.maybe, r.uncertain = next, true
				_, err := conn.Exec(ctx, q, k, r.acked+1)
				if err != nil {
					return false
				}
				r.acked, r.uncertain = next, false
				return true
			})
		}
		time.Sleep(time.Duration(400+rand.Intn(1000)) * time.Millisecond)
		pm := c.postmasterPID()
		for _, pid := range append([]int{pm}, c.processes()...) {
			syscall.Kill(pid, syscall.SIGKILL)
		}
		close(stop)
		wg.Wait()
		if left := c.waitNoProcesses(2 * time.Second); len(left) > 0 {
			t.Fatalf("round %d: processes survived SIGKILL: %v", round, left)
		}
		waitGone(t, pm)
		c.start()
		if err := verifyToasty(c, rows, keysPerClient); err != nil {
			t.Fatalf("round %d: %v\nlog:\n%s", round, err, c.log())
		}
		c.stop("fast")
		if bad := verifyDataPages(t, c.dataDir, checksums); len(bad) > 0 {
			t.Fatalf("round %d: pages that do not verify:\n%s\nlog:\n%s", round, strings.Join(bad, "\n"), c.log())
		}
		c.start()
	}
	c.stop("fast")
}

// verifyToasty checks every row against what its client knows (settling
// the rows whose last statement got no answer), reads every value back
// whole, and compares the TOAST table's chunks read through its index
// with those a sequential scan reads.
func verifyToasty(c *cluster, rows [][]toastRow, keysPerClient int) error {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, c.connString(""))
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	got := map[int]int{}
	res, err := conn.Query(ctx, "SELECT k, v, doc = "+toastValue("k", "v")+", length(doc) FROM toasty")
	if err != nil {
		return err
	}
	for res.Next() {
		var k, v, n int
		var same bool
		if err := res.Scan(&k, &v, &same, &n); err != nil {
			res.Close()
			return err
		}
		if !same || n != 190*32 {
			res.Close()
			return fmt.Errorf("row %d version %d reads back wrong (%d characters)", k, v, n)
		}
		got[k] = v
	}
	res.Close()
	if err := res.Err(); err != nil {
		return fmt.Errorf("reading toasty: %w", err)
	}
	for cl := range rows {
		for i := range rows[cl] {
			r := &rows[cl][i]
			k := cl*keysPerClient + i
			v := got[k]
			switch {
			case v == r.acked:
			case r.uncertain && v == r.maybe:
				r.acked = v
			default:
				return fmt.Errorf("row %d has version %d, acknowledged %d (unanswered: %v, %d)", k, v, r.acked, r.uncertain, r.maybe)
			}
			r.uncertain = false
		}
	}
	var toast string
	if err := conn.QueryRow(ctx, "SELECT reltoastrelid::regclass::text FROM pg_class WHERE relname = 'toasty'").Scan(&toast); err != nil {
		return err
	}
	chunks := "SELECT count(*), coalesce(sum(chunk_id::bigint * 7 + chunk_seq), 0) FROM " + toast + " WHERE chunk_id > 0"
	var viaIndex, viaHeap [2]int64
	for _, pass := range []struct {
		settings, want string
		into           *[2]int64
	}{
		{"SET enable_seqscan = off; SET enable_bitmapscan = off", "_index", &viaIndex},
		{"SET enable_indexscan = off; SET enable_indexonlyscan = off; SET enable_bitmapscan = off", "Seq Scan", &viaHeap},
	} {
		if _, err := conn.Exec(ctx, pass.settings); err != nil {
			return err
		}
		var lines []string
		r, err := conn.Query(ctx, "EXPLAIN (COSTS OFF) "+chunks)
		if err != nil {
			return err
		}
		for r.Next() {
			var line string
			if err := r.Scan(&line); err != nil {
				r.Close()
				return err
			}
			lines = append(lines, line)
		}
		r.Close()
		if !strings.Contains(strings.Join(lines, "\n"), pass.want) {
			return fmt.Errorf("%s read without %s:\n%s", toast, pass.want, strings.Join(lines, "\n"))
		}
		if err := conn.QueryRow(ctx, chunks).Scan(&pass.into[0], &pass.into[1]); err != nil {
			return err
		}
		if _, err := conn.Exec(ctx, "RESET ALL"); err != nil {
			return err
		}
	}
	if viaIndex != viaHeap {
		return fmt.Errorf("%s through its index: %d chunks (sum %d), in the table: %d (sum %d)", toast, viaIndex[0], viaIndex[1], viaHeap[0], viaHeap[1])
	}
	return nil
}
