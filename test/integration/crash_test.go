// Durability: kill -9 the whole process family in the middle of a write
// load, restart, and find every acknowledged commit and nothing else.

package integration

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/page"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// crashRounds is how many kill/restart cycles the test runs; the benchmark
// folder's crash loop runs many more (GPOSTGRES_CRASH_ROUNDS).
func crashRounds() int {
	if n, err := strconv.Atoi(os.Getenv("GPOSTGRES_CRASH_ROUNDS")); err == nil && n > 0 {
		return n
	}
	return 3
}

type clientLog struct {
	acked  map[int]bool // seq values whose INSERT returned success
	maybe  map[int]bool // sent, but the connection died before an answer
	broken bool
}

// crashConfigs are the configurations users choose that the crash test
// runs in: with and without data checksums (gpinitdb -k), with the default
// shared_buffers and with one so small that backends evict dirty pages
// and the big table never fits.
var crashConfigs = []struct {
	name     string
	initArgs []string
	conf     []string
}{
	{"plain", nil, nil},
	{"plain_small_buffers", nil, []string{"shared_buffers = 2MB"}},
	{"checksums", []string{"-k"}, nil},
	{"checksums_small_buffers", []string{"-k"}, []string{"shared_buffers = 2MB"}},
}

func TestCrashKeepsAcknowledgedCommits(t *testing.T) {
	for _, cfg := range crashConfigs {
		t.Run(cfg.name, func(t *testing.T) {
			c := newClusterArgs(t, cfg.initArgs, cfg.conf...)
			c.start()
			crashRoundsOn(t, c, len(cfg.initArgs) > 0)
		})
	}
}

// crashRoundsOn loads c with concurrent commits (single rows, and
// batches of INSERT ... SELECT from one client), kills the whole
// process family in the middle, restarts, and checks that every
// acknowledged commit and nothing else survived, that every relation is
// readable, and (after a clean stop) that every page on disk verifies.
func crashRoundsOn(t *testing.T, c *cluster, checksums bool) {
	setup := c.connect()
	ctx := context.Background()
	for _, q := range []string{
		"CREATE TABLE crash (client int, seq int, pad text)",
		// The single-row commits also go into a table with a primary key,
		// so that B-tree insertions and splits are cut by the kill too.
		"CREATE TABLE crash_keys (client int, seq int, PRIMARY KEY (client, seq))",
		// Each single-row commit also adds one to its client's counter:
		// updates leave dead versions whose index entries scans mark
		// LP_DEAD and insertions into the full leaf delete, so that index
		// deletion records are cut by the kill too.
		"CREATE TABLE crash_counters (client int PRIMARY KEY, n int NOT NULL)",
		"INSERT INTO crash_counters SELECT g, 0 FROM generate_series(0, 2) g",
		// A table larger than the small shared_buffers, whose hint bits the
		// count below sets after the checkpoint that follows its load.
		"CREATE TABLE big (id int, pad text)",
		"INSERT INTO big SELECT g, repeat('b', 500) FROM generate_series(1, 20000) g",
		"CHECKPOINT",
		"SELECT count(*) FROM big",
		// A rolled-back relation: its file is created, then unlinked.
		"BEGIN", "CREATE TABLE ghost (a int)", "ROLLBACK",
		// Rows deleted and inserted again while VACUUM runs beside: its
		// pruning, index cleanup, line pointer freeing and truncation
		// are cut by the kill too (verifyChurn).
		"CREATE TABLE churn (id int PRIMARY KEY, v int NOT NULL)",
		"INSERT INTO churn SELECT g, 0 FROM generate_series(0, 199) g",
	} {
		if _, err := setup.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	setup.Close(ctx)

	const clients, bulkRows = 4, 150
	logs := make([]*clientLog, clients)
	for i := range logs {
		logs[i] = &clientLog{acked: map[int]bool{}, maybe: map[int]bool{}}
	}
	next := make([]int, clients)
	for round := 0; round < crashRounds(); round++ {
		var wg sync.WaitGroup
		stop := make(chan struct{})
		// Checkpoints and readers that set hint bits run beside the
		// writers, so that the kill can fall between a commit record and
		// its commit-log update while a checkpoint runs, or between a
		// hint's page image and its buffer's dirty flag.
		for _, q := range []string{"CHECKPOINT", "SELECT count(*) FROM crash", "VACUUM churn, crash_counters",
			"DELETE FROM churn WHERE id >= 150", "INSERT INTO churn SELECT g, 1 FROM generate_series(150, 199) g ON CONFLICT (id) DO UPDATE SET v = churn.v + 1",
			"UPDATE churn SET v = v + 1 WHERE id = (random() * 149)::int",
			// Two share-lockers of the same rows beside the updates: their
			// locks meet in multixacts, whose creation (pg_multixact
			// pages, CREATE_ID records) is cut by the kill too.
			"SELECT count(*) FROM (SELECT id FROM churn WHERE id < 40 FOR SHARE) s",
			"SELECT count(*) FROM (SELECT id FROM churn WHERE id < 40 FOR KEY SHARE) s"} {
			wg.Add(1)
			go clientLoop(c, &wg, stop, func(conn *pgx.Conn) bool {
				time.Sleep(50 * time.Millisecond)
				_, err := conn.Exec(ctx, q)
				return err == nil
			})
		}
		for cl := 0; cl < clients; cl++ {
			wg.Add(1)
			indexOnly := false
			go clientLoop(c, &wg, stop, func(conn *pgx.Conn) bool {
				if !indexOnly {
					// The counters' updates find their row through the
					// index, whose scans mark dead entries.
					if _, err := conn.Exec(ctx, "SET enable_seqscan = off"); err != nil {
						return false
					}
					indexOnly = true
				}
				// The last client commits bulkRows rows at a time, which
				// INSERT ... SELECT stores a page at a time
				// (XLOG_HEAP2_MULTI_INSERT records).
				n := 1
				if cl == clients-1 {
					n = bulkRows
				}
				seq := next[cl]
				next[cl] += n
				var err error
				if n == 1 {
					_, err = conn.Exec(ctx, "WITH k AS (INSERT INTO crash_keys VALUES ($1, $2) RETURNING client, seq), "+
						"u AS (UPDATE crash_counters SET n = n + 1 WHERE client = $1) "+
						"INSERT INTO crash SELECT client, seq, repeat('x', 100) FROM k", cl, seq)
				} else {
					_, err = conn.Exec(ctx, "INSERT INTO crash SELECT $1, g, repeat('x', 100) FROM generate_series($2::int, $3::int) g", cl, seq, seq+n-1)
				}
				for s := seq; s < seq+n; s++ {
					if err != nil {
						logs[cl].maybe[s] = true
					} else {
						logs[cl].acked[s] = true
					}
				}
				return err == nil
			})
		}
		time.Sleep(time.Duration(300+rand.Intn(1200)) * time.Millisecond)
		// SIGKILL every process of the cluster at once, postmaster first.
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
		if err := verifyCrashTable(c, logs, next); err != nil {
			t.Fatalf("round %d: %v\nlog:\n%s", round, err, c.log())
		}
		if err := verifyCrashKeys(c, clients-1); err != nil {
			t.Fatalf("round %d: %v\nlog:\n%s", round, err, c.log())
		}
		if err := verifyChurn(c); err != nil {
			t.Fatalf("round %d: %v\nlog:\n%s", round, err, c.log())
		}
		if err := readEveryRelation(c); err != nil {
			t.Fatalf("round %d: %v\nlog:\n%s", round, err, c.log())
		}
		// Every page that recovery, its checkpoint and the reads above
		// wrote must verify on disk.
		c.stop("fast")
		if bad := verifyDataPages(t, c.dataDir, checksums); len(bad) > 0 {
			t.Fatalf("round %d: pages that do not verify:\n%s\nlog:\n%s", round, strings.Join(bad, "\n"), c.log())
		}
		c.start()
	}
	c.stop("fast")
}

// clientLoop connects to c and calls step until stop is closed or step
// reports failure (the server was killed).
func clientLoop(c *cluster, wg *sync.WaitGroup, stop <-chan struct{}, step func(*pgx.Conn) bool) {
	defer wg.Done()
	conn, err := pgx.Connect(context.Background(), c.connString(""))
	if err != nil {
		return
	}
	defer conn.Close(context.Background())
	for {
		select {
		case <-stop:
			return
		default:
		}
		if !step(conn) {
			return
		}
	}
}

// readEveryRelation reads every table of the database, the catalogs
// included, from the first page to the last.
func readEveryRelation(c *cluster) error {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, c.connString(""))
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, "SELECT c.oid::regclass::text FROM pg_class c WHERE c.relkind IN ('r', 't') ORDER BY 1")
	if err != nil {
		return err
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	for _, n := range names {
		var count int64
		if err := conn.QueryRow(ctx, "SELECT count(*) FROM "+n).Scan(&count); err != nil {
			return fmt.Errorf("reading %s: %w", n, err)
		}
	}
	return nil
}

// verifyDataPages checks every page of every relation file of a stopped
// cluster as a read does (header sanity, and the checksum when the
// cluster has them) and returns the pages that fail.
func verifyDataPages(t *testing.T, dataDir string, checksums bool) []string {
	t.Helper()
	flags := page.VerifyFlags(0)
	if checksums {
		flags = page.VerifyChecksums
	}
	var bad []string
	pages := 0
	err := filepath.WalkDir(dataDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dataDir, path)
		dir := filepath.Dir(rel)
		if d.IsDir() || (dir != "global" && filepath.Dir(dir) != "base") {
			return nil
		}
		// Relation files: 16384, 16384_fsm, 16384.1 (the second GB).
		name := d.Name()
		segno := 0
		if i := strings.IndexByte(name, '.'); i >= 0 {
			if segno, err = strconv.Atoi(name[i+1:]); err != nil {
				return nil
			}
			name = name[:i]
		}
		if j := strings.IndexByte(name, '_'); j >= 0 {
			name = name[:j]
		}
		if _, err := strconv.ParseUint(name, 10, 32); err != nil {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if len(bad) > 20 {
			return nil
		}
		if len(b)%storage.BlockSize != 0 {
			bad = append(bad, fmt.Sprintf("%s: size %d is not a multiple of the block size", rel, len(b)))
		}
		for off := 0; off+storage.BlockSize <= len(b); off += storage.BlockSize {
			blk := storage.BlockNumber(segno*storage.SegmentBlocks + off/storage.BlockSize)
			pages++
			if ok, warn := page.Page(b[off:off+storage.BlockSize]).Verify(blk, flags); !ok || warn != nil {
				bad = append(bad, fmt.Sprintf("%s block %d: %v", rel, blk, warn))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages == 0 {
		t.Fatalf("no relation pages found under %s", dataDir)
	}
	return bad
}

func verifyCrashTable(c *cluster, logs []*clientLog, next []int) error {
	conn, err := pgx.Connect(context.Background(), c.connString(""))
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	rows, err := conn.Query(context.Background(), "SELECT client, seq FROM crash")
	if err != nil {
		return err
	}
	found := make([]map[int]bool, len(logs))
	for i := range found {
		found[i] = map[int]bool{}
	}
	for rows.Next() {
		var cl, seq int
		if err := rows.Scan(&cl, &seq); err != nil {
			return err
		}
		if cl < 0 || cl >= len(logs) {
			return fmt.Errorf("row from unknown client %d", cl)
		}
		if found[cl][seq] {
			return fmt.Errorf("client %d seq %d present twice", cl, seq)
		}
		found[cl][seq] = true
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for cl, l := range logs {
		for seq := range l.acked {
			if !found[cl][seq] {
				return fmt.Errorf("acknowledged commit lost: client %d seq %d", cl, seq)
			}
		}
		for seq := range found[cl] {
			if !l.acked[seq] && !l.maybe[seq] {
				return fmt.Errorf("row never sent or sent after the crash: client %d seq %d", cl, seq)
			}
			if seq >= next[cl] {
				return fmt.Errorf("row from the future: client %d seq %d", cl, seq)
			}
		}
		// What survived the crash counts as acknowledged from now on; what
		// did not was never acknowledged and must stay absent.
		for seq := range l.maybe {
			if found[cl][seq] {
				l.acked[seq] = true
			}
		}
		l.maybe = map[int]bool{}
	}
	return nil
}

// verifyCrashKeys checks the primary key of crash_keys after a crash:
// the table holds exactly the rows of crash from the single-row clients
// (below client singleClients), and its index finds them: inserting a
// sample of the keys again fails with a unique violation, and keys never
// inserted can be.
func verifyCrashKeys(c *cluster, singleClients int) error {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, c.connString(""))
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	var missing, extra int64
	if err := conn.QueryRow(ctx, "SELECT (SELECT count(*) FROM (SELECT client, seq FROM crash WHERE client < $1 "+
		"EXCEPT ALL SELECT client, seq FROM crash_keys) m), (SELECT count(*) FROM (SELECT client, seq FROM crash_keys "+
		"EXCEPT ALL SELECT client, seq FROM crash WHERE client < $1) e)", singleClients).Scan(&missing, &extra); err != nil {
		return err
	}
	if missing != 0 || extra != 0 {
		return fmt.Errorf("crash_keys differs from crash: %d rows missing, %d extra", missing, extra)
	}
	// Each counter counts its client's keys, and its index finds it.
	for cl := 0; cl < singleClients; cl++ {
		var n, keys, found int64
		if err := conn.QueryRow(ctx, "SELECT n, (SELECT count(*) FROM crash_keys WHERE client = $1) FROM crash_counters WHERE client + 0 = $1", cl).Scan(&n, &keys); err != nil {
			return fmt.Errorf("counter of client %d: %w", cl, err)
		}
		if n != keys {
			return fmt.Errorf("counter of client %d is %d, its keys %d", cl, n, keys)
		}
		if _, err := conn.Exec(ctx, "SET enable_seqscan = off"); err != nil {
			return err
		}
		err := conn.QueryRow(ctx, "SELECT count(*) FROM crash_counters WHERE client = $1", cl).Scan(&found)
		if _, rerr := conn.Exec(ctx, "RESET enable_seqscan"); err == nil {
			err = rerr
		}
		if err != nil || found != 1 {
			return fmt.Errorf("client %d's counter through its index: %d rows, %v", cl, found, err)
		}
	}
	// Every row is found through the index and every index entry has
	// its row: the keys read in index order (each entry's heap row
	// checked, as an index-only scan does) are the table's keys.
	if err := sameThroughIndex(ctx, conn); err != nil {
		return err
	}
	rows, err := conn.Query(ctx, "SELECT client, seq FROM crash_keys ORDER BY random() LIMIT 100")
	if err != nil {
		return err
	}
	type key struct{ client, seq int }
	keys, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (key, error) {
		var k key
		err := r.Scan(&k.client, &k.seq)
		return k, err
	})
	if err != nil {
		return err
	}
	for _, k := range keys {
		_, err := conn.Exec(ctx, "INSERT INTO crash_keys VALUES ($1, $2)", k.client, k.seq)
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || pe.Code != "23505" {
			return fmt.Errorf("inserting key (%d, %d) again: %v, want a unique violation: the index lost it", k.client, k.seq, err)
		}
		tx, err := conn.Begin(ctx)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, "INSERT INTO crash_keys VALUES ($1, $2)", k.client, -1-k.seq)
		tx.Rollback(ctx)
		if err != nil {
			return fmt.Errorf("inserting new key (%d, %d): %v", k.client, -1-k.seq, err)
		}
	}
	return nil
}

// waitGone waits until pid has exited (or is a zombie nobody reaps): a
// process killed a moment ago may still be tearing down its memory, and a
// new postmaster would rightly refuse a data directory whose lock file
// names a live process.
func waitGone(t *testing.T, pid int) {
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			return
		}
		s := string(b)
		if i := strings.LastIndexByte(s, ')'); i >= 0 && i+2 < len(s) && s[i+2] == 'Z' {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("process %d still alive 5 s after SIGKILL", pid)
}

// verifyChurn checks the table VACUUM ran on during the crash: ids 0 to
// 149 are never deleted, each id is there at most once, and its index
// finds exactly the rows a sequential scan finds (an index entry whose
// row VACUUM freed, or a row whose entry it removed, would differ).
func verifyChurn(c *cluster) error {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, c.connString(""))
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	const q = "SELECT count(*), count(DISTINCT id), coalesce(sum(id), 0), count(*) FILTER (WHERE id < 150) FROM churn WHERE id >= 0"
	var viaHeap, viaIndex [4]int64
	if _, err := conn.Exec(ctx, "SET enable_indexscan = off; SET enable_bitmapscan = off; SET enable_indexonlyscan = off"); err != nil {
		return err
	}
	if err := conn.QueryRow(ctx, q).Scan(&viaHeap[0], &viaHeap[1], &viaHeap[2], &viaHeap[3]); err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, "RESET ALL; SET enable_seqscan = off; SET enable_bitmapscan = off"); err != nil {
		return err
	}
	if err := conn.QueryRow(ctx, q).Scan(&viaIndex[0], &viaIndex[1], &viaIndex[2], &viaIndex[3]); err != nil {
		return err
	}
	if viaHeap != viaIndex || viaHeap[0] != viaHeap[1] || viaHeap[3] != 150 {
		return fmt.Errorf("churn through the heap (rows, distinct ids, sum, kept ids) %v, through its index %v", viaHeap, viaIndex)
	}
	// The share-lockers died with the server: every row, whatever
	// multixact its xmax holds, can be locked exclusively at once, which
	// reads the members of each (so they must be readable after redo).
	var locked int64
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM (SELECT id FROM churn WHERE id < 40 FOR UPDATE NOWAIT) s").Scan(&locked); err != nil {
		return fmt.Errorf("locking the share-locked rows after the crash: %w", err)
	}
	if locked != 40 {
		return fmt.Errorf("locked %d of the 40 share-locked rows after the crash", locked)
	}
	return nil
}

// sameThroughIndex compares the keys of crash_keys read through its
// primary key index, in index order, with those a sequential scan reads:
// their count and a sum over them.
func sameThroughIndex(ctx context.Context, conn *pgx.Conn) error {
	const keys = "SELECT count(*), coalesce(sum(client::bigint * 1000003 + seq), 0) FROM (SELECT client, seq FROM crash_keys ORDER BY client, seq) s"
	var viaIndex, viaHeap [2]int64
	for _, pass := range []struct {
		settings, want string
		into           *[2]int64
	}{
		{"SET enable_seqscan = off; SET enable_bitmapscan = off; SET enable_sort = off", "crash_keys_pkey", &viaIndex},
		{"SET enable_indexscan = off; SET enable_indexonlyscan = off; SET enable_bitmapscan = off", "Seq Scan", &viaHeap},
	} {
		if _, err := conn.Exec(ctx, pass.settings); err != nil {
			return err
		}
		var plan strings.Builder
		rows, err := conn.Query(ctx, "EXPLAIN (COSTS OFF) "+keys)
		if err != nil {
			return err
		}
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				rows.Close()
				return err
			}
			plan.WriteString(line + "\n")
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if !strings.Contains(plan.String(), pass.want) {
			return fmt.Errorf("crash_keys read without %s:\n%s", pass.want, plan.String())
		}
		if err := conn.QueryRow(ctx, keys).Scan(&pass.into[0], &pass.into[1]); err != nil {
			return err
		}
		if _, err := conn.Exec(ctx, "RESET ALL"); err != nil {
			return err
		}
	}
	if viaIndex != viaHeap {
		return fmt.Errorf("crash_keys through its index: %d rows (sum %d), in the table: %d rows (sum %d)", viaIndex[0], viaIndex[1], viaHeap[0], viaHeap[1])
	}
	return nil
}
