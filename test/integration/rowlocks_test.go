// Row locks with real sessions: SELECT ... FOR UPDATE SKIP LOCKED job
// queue workers, NOWAIT, the READ COMMITTED recheck of a row updated
// while a FOR UPDATE waited for it, lock_timeout and cancel during the
// wait, and share-lockers sharing rows through multixacts.

package integration

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// pgCode is the SQLSTATE of err ("" when it is not a server error).
func pgCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// rowsOf runs query and returns its rows as "id:v" strings.
func rowsOf(conn *pgx.Conn, query string) ([]string, error) {
	rows, err := conn.Query(context.Background(), query)
	if err != nil {
		return nil, err
	}
	var out []string
	for rows.Next() {
		var id, v int
		if err := rows.Scan(&id, &v); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, fmt.Sprintf("%d:%d", id, v))
	}
	rows.Close()
	return out, rows.Err()
}

// queryAsync runs query on conn in another goroutine.
func queryAsync(conn *pgx.Conn, query string) chan asyncResult {
	ch := make(chan asyncResult, 1)
	go func() {
		rows, err := rowsOf(conn, query)
		ch <- asyncResult{rows, err}
	}()
	return ch
}

type asyncResult struct {
	rows []string
	err  error
}

// queryStillWaiting fails unless the query behind ch is still running.
func queryStillWaiting(t *testing.T, ch chan asyncResult) {
	t.Helper()
	select {
	case r := <-ch:
		t.Fatalf("statement did not wait: %v %v", r.rows, r.err)
	case <-time.After(400 * time.Millisecond):
	}
}

func queryResult(t *testing.T, ch chan asyncResult) asyncResult {
	t.Helper()
	select {
	case r := <-ch:
		return r
	case <-time.After(30 * time.Second):
		t.Fatal("statement still waiting")
	}
	return asyncResult{}
}

func TestSkipLockedWorkersTakeEachJobOnce(t *testing.T) {
	c := newCluster(t)
	c.start()
	setup := c.connect()
	const jobs, workers = 150, 4
	mustExec(t, setup, "CREATE TABLE jobs (id int PRIMARY KEY, done bool NOT NULL DEFAULT false)")
	mustExec(t, setup, fmt.Sprintf("INSERT INTO jobs SELECT g FROM generate_series(1, %d) g", jobs))
	// A job taken twice breaks the primary key.
	mustExec(t, setup, "CREATE TABLE taken (id int PRIMARY KEY, worker int)")
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	perWorker := make([]int, workers)
	for w := 0; w < workers; w++ {
		conn := c.connect()
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			ctx := context.Background()
			for {
				tx, err := conn.Begin(ctx)
				if err != nil {
					errs <- err
					return
				}
				var id int
				err = tx.QueryRow(ctx, "SELECT id FROM jobs WHERE NOT done ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED").Scan(&id)
				if errors.Is(err, pgx.ErrNoRows) {
					// Rows others hold are skipped: done only when
					// none is left undone.
					tx.Rollback(ctx)
					var left int
					if err := conn.QueryRow(ctx, "SELECT count(*) FROM jobs WHERE NOT done").Scan(&left); err != nil {
						errs <- err
						return
					}
					if left == 0 {
						return
					}
					continue
				}
				if err == nil {
					_, err = tx.Exec(ctx, "INSERT INTO taken VALUES ($1, $2)", id, w)
				}
				if err == nil {
					// Hold the job a moment, as a worker does.
					_, err = tx.Exec(ctx, "SELECT pg_sleep(0.002)")
				}
				if err == nil {
					_, err = tx.Exec(ctx, "UPDATE jobs SET done = true WHERE id = $1", id)
				}
				if err == nil {
					err = tx.Commit(ctx)
				}
				if err != nil {
					errs <- fmt.Errorf("worker %d, job %d: %w", w, id, err)
					return
				}
				perWorker[w]++
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if t.Failed() {
		return
	}
	if n := count(t, setup, "SELECT count(*) FROM taken"); n != jobs {
		t.Fatalf("%d jobs taken, want %d", n, jobs)
	}
	if n := count(t, setup, "SELECT count(*) FROM jobs WHERE NOT done"); n != 0 {
		t.Fatalf("%d jobs left undone", n)
	}
	busy := 0
	for _, n := range perWorker {
		if n > 0 {
			busy++
		}
	}
	if busy < 2 {
		t.Fatalf("jobs per worker %v: the workers did not run side by side", perWorker)
	}
}

func TestForUpdateNowaitAndSkipLocked(t *testing.T) {
	c := newCluster(t)
	c.start()
	ctx := context.Background()
	a, b := c.connect(), c.connect()
	mustExec(t, a, "CREATE TABLE acct (id int PRIMARY KEY, v int)")
	mustExec(t, a, "INSERT INTO acct VALUES (1, 10), (2, 20), (3, 30)")
	mustExec(t, a, "BEGIN")
	if got, err := rowsOf(a, "SELECT id, v FROM acct WHERE id = 2 FOR UPDATE"); err != nil || fmt.Sprint(got) != "[2:20]" {
		t.Fatalf("FOR UPDATE: %v %v", got, err)
	}
	for _, q := range []string{
		"SELECT id, v FROM acct WHERE id = 2 FOR UPDATE NOWAIT",
		"SELECT id, v FROM acct FOR KEY SHARE NOWAIT",
		"SELECT id, v FROM acct FOR SHARE OF acct NOWAIT",
	} {
		_, err := rowsOf(b, q)
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || pe.Code != "55P03" || pe.Message != `could not obtain lock on row in relation "acct"` {
			t.Fatalf("%s: %v", q, err)
		}
	}
	got, err := rowsOf(b, "SELECT id, v FROM acct ORDER BY id FOR UPDATE SKIP LOCKED")
	if err != nil || fmt.Sprint(got) != "[1:10 3:30]" {
		t.Fatalf("SKIP LOCKED: %v %v", got, err)
	}
	// b's rows 1 and 3 were locked by a statement outside a transaction
	// block: released. a's lock is kept until a ends.
	mustExec(t, b, "BEGIN")
	if got, err := rowsOf(b, "SELECT id, v FROM acct WHERE id <> 2 FOR NO KEY UPDATE NOWAIT"); err != nil || fmt.Sprint(got) != "[1:10 3:30]" {
		t.Fatalf("NOWAIT on free rows: %v %v", got, err)
	}
	// Now a finds 1 and 3 held: an UPDATE waits for them.
	ch := make(chan error, 1)
	go func() {
		_, err := a.Exec(ctx, "UPDATE acct SET v = v + 1 WHERE id = 1")
		ch <- err
	}()
	select {
	case err := <-ch:
		t.Fatalf("UPDATE of a row locked elsewhere did not wait: %v", err)
	case <-time.After(400 * time.Millisecond):
	}
	mustExec(t, b, "COMMIT")
	if err := <-ch; err != nil {
		t.Fatal(err)
	}
	mustExec(t, a, "COMMIT")
	if got, err := rowsOf(b, "SELECT id, v FROM acct ORDER BY id"); err != nil || fmt.Sprint(got) != "[1:11 2:20 3:30]" {
		t.Fatalf("after: %v %v", got, err)
	}

	// Through a view: the rows of its table, and only those the outer
	// WHERE keeps.
	mustExec(t, a, "CREATE VIEW acct_v AS SELECT id, v FROM acct WHERE v > 5")
	mustExec(t, a, "BEGIN")
	if got, err := rowsOf(a, "SELECT id, v FROM acct_v WHERE id = 1 FOR UPDATE"); err != nil || fmt.Sprint(got) != "[1:11]" {
		t.Fatalf("FOR UPDATE through a view: %v %v", got, err)
	}
	if got, err := rowsOf(b, "SELECT id, v FROM acct_v WHERE id = 3 FOR UPDATE NOWAIT"); err != nil || fmt.Sprint(got) != "[3:30]" {
		t.Fatalf("another row of the view: %v %v", got, err)
	}
	if _, err := rowsOf(b, "SELECT id, v FROM acct WHERE id = 1 FOR UPDATE NOWAIT"); pgCode(err) != "55P03" {
		t.Fatalf("the view's row in its table: %v", err)
	}
	mustExec(t, a, "COMMIT")
}

// TestForUpdateRechecksNewestVersion: a FOR UPDATE that waited for a
// concurrent update locks the newest version and tests its WHERE clause
// (and join conditions) again; deleted rows are skipped; after a
// rollback, the row as first seen is returned.
func TestForUpdateRechecksNewestVersion(t *testing.T) {
	c := newCluster(t)
	c.start()
	a, b := c.connect(), c.connect()
	mustExec(t, a, "CREATE TABLE acct (id int PRIMARY KEY, v int)")
	mustExec(t, a, "INSERT INTO acct VALUES (1, 1), (2, 2), (3, 3), (4, 4)")
	mustExec(t, a, "CREATE TABLE tag (id int, v int)")
	mustExec(t, a, "INSERT INTO tag VALUES (1, 1), (2, 2), (3, 3), (4, 40)")

	mustExec(t, a, "BEGIN")
	mustExec(t, a, "UPDATE acct SET v = 100 WHERE id = 2") // no longer qualifies
	mustExec(t, a, "UPDATE acct SET v = 30 WHERE id = 3")  // still qualifies, new value
	mustExec(t, a, "DELETE FROM acct WHERE id = 1")        // gone
	ch := queryAsync(b, "SELECT id, v FROM acct WHERE v < 50 ORDER BY id FOR UPDATE")
	queryStillWaiting(t, ch)
	mustExec(t, a, "COMMIT")
	if r := queryResult(t, ch); r.err != nil || fmt.Sprint(r.rows) != "[3:30 4:4]" {
		t.Fatalf("after the concurrent changes: %v %v", r.rows, r.err)
	}

	// A join: the locked row's new version must still meet the join
	// condition with the other table's row.
	mustExec(t, a, "UPDATE tag SET v = 30 WHERE id = 3")
	mustExec(t, a, "BEGIN")
	mustExec(t, a, "UPDATE acct SET v = 31 WHERE id = 3")
	ch = queryAsync(b, "SELECT acct.id, tag.v FROM acct JOIN tag ON tag.id = acct.id AND tag.v = acct.v ORDER BY acct.id FOR UPDATE OF acct")
	queryStillWaiting(t, ch)
	mustExec(t, a, "COMMIT")
	if r := queryResult(t, ch); r.err != nil || len(r.rows) != 0 {
		t.Fatalf("join recheck after the row stopped joining: %v %v", r.rows, r.err)
	}

	// An outer join: a row whose join condition now fails is
	// null-extended, as running the join again gives; the WHERE clause
	// is tested after that.
	mustExec(t, a, "CREATE TABLE lt (id int PRIMARY KEY, k int, v int)")
	mustExec(t, a, "INSERT INTO lt VALUES (1, 1, 1), (2, 2, 2), (3, 3, 3)")
	mustExec(t, a, "CREATE TABLE lu (k int, w int)")
	mustExec(t, a, "INSERT INTO lu VALUES (1, 10), (2, 20), (3, 30), (9, 90)")
	mustExec(t, a, "BEGIN")
	mustExec(t, a, "UPDATE lt SET k = 9 WHERE id = 1")  // joined 1, joins 9 now: null-extended all the same
	mustExec(t, a, "UPDATE lt SET k = 7 WHERE id = 2")  // joins nothing now
	mustExec(t, a, "UPDATE lt SET v = 30 WHERE id = 3") // fails the WHERE now
	ch = queryAsync(b, "SELECT lt.id, coalesce(lu.w, -1) FROM lt LEFT JOIN lu ON lu.k = lt.k WHERE lt.v < 10 OR lu.w IS NULL ORDER BY lt.id FOR UPDATE OF lt")
	queryStillWaiting(t, ch)
	mustExec(t, a, "COMMIT")
	if r := queryResult(t, ch); r.err != nil || fmt.Sprint(r.rows) != "[1:-1 2:-1]" {
		t.Fatalf("outer join recheck: %v %v", r.rows, r.err)
	}

	// A correlated subquery in WHERE reads the newest version's column
	// (one the targets do not hold).
	mustExec(t, a, "BEGIN")
	mustExec(t, a, "UPDATE lt SET v = 25 WHERE id = 1") // 25 is no lu.w
	mustExec(t, a, "UPDATE lt SET v = 30 WHERE id = 2") // 30 is
	ch = queryAsync(b, "SELECT id, id FROM lt WHERE EXISTS (SELECT 1 FROM lu WHERE lu.w = lt.v + 0 OFFSET 0) OR lt.v < 3 ORDER BY id FOR SHARE")
	queryStillWaiting(t, ch)
	mustExec(t, a, "COMMIT")
	if r := queryResult(t, ch); r.err != nil || fmt.Sprint(r.rows) != "[2:2 3:3]" {
		t.Fatalf("recheck through a correlated subquery: %v %v", r.rows, r.err)
	}

	// EXISTS: a row whose update left the tested columns alone still
	// qualifies.
	mustExec(t, a, "BEGIN")
	mustExec(t, a, "UPDATE lt SET v = v + 1 WHERE id IN (1, 3)")
	ch = queryAsync(b, "SELECT id, id FROM lt WHERE EXISTS (SELECT 1 FROM lu WHERE lu.k = lt.k AND lu.w > lt.id) ORDER BY id FOR UPDATE")
	queryStillWaiting(t, ch)
	mustExec(t, a, "COMMIT")
	if r := queryResult(t, ch); r.err != nil || fmt.Sprint(r.rows) != "[1:1 3:3]" {
		t.Fatalf("recheck of EXISTS: %v %v", r.rows, r.err)
	}

	// A rollback: the row as the statement saw it.
	mustExec(t, a, "BEGIN")
	mustExec(t, a, "UPDATE acct SET v = 1000 WHERE id = 4")
	ch = queryAsync(b, "SELECT id, v FROM acct WHERE id = 4 FOR SHARE")
	queryStillWaiting(t, ch)
	mustExec(t, a, "ROLLBACK")
	if r := queryResult(t, ch); r.err != nil || fmt.Sprint(r.rows) != "[4:4]" {
		t.Fatalf("after a rollback: %v %v", r.rows, r.err)
	}

	// The row the recheck locked is held: an UPDATE from a waits.
	mustExec(t, b, "BEGIN")
	mustExec(t, a, "BEGIN")
	mustExec(t, a, "UPDATE acct SET v = 41 WHERE id = 4")
	ch = queryAsync(b, "SELECT id, v FROM acct WHERE id = 4 FOR UPDATE")
	queryStillWaiting(t, ch)
	mustExec(t, a, "COMMIT")
	if r := queryResult(t, ch); r.err != nil || fmt.Sprint(r.rows) != "[4:41]" {
		t.Fatalf("recheck locking the new version: %v %v", r.rows, r.err)
	}
	_, err := a.Exec(context.Background(), "SET lock_timeout = '200ms'; UPDATE acct SET v = 0 WHERE id = 4")
	if pgCode(err) != "55P03" {
		t.Fatalf("the newest version was not locked: %v", err)
	}
	mustExec(t, b, "COMMIT")
}

// TestForUpdateWaitObeysTimeoutAndCancel: a FOR UPDATE waiting for a row
// ends with lock_timeout (55P03) and with a cancel request (57014), and
// the session is usable afterwards.
func TestForUpdateWaitObeysTimeoutAndCancel(t *testing.T) {
	c := newCluster(t)
	c.start()
	a, b := c.connect(), c.connect()
	mustExec(t, a, "CREATE TABLE acct (id int PRIMARY KEY, v int)")
	mustExec(t, a, "INSERT INTO acct VALUES (1, 1)")
	mustExec(t, a, "BEGIN")
	mustExec(t, a, "SELECT * FROM acct FOR UPDATE")

	mustExec(t, b, "SET lock_timeout = '300ms'")
	start := time.Now()
	_, err := rowsOf(b, "SELECT id, v FROM acct FOR UPDATE")
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "55P03" || pe.Message != "canceling statement due to lock timeout" {
		t.Fatalf("lock_timeout: %v", err)
	}
	if d := time.Since(start); d < 250*time.Millisecond || d > 10*time.Second {
		t.Fatalf("lock_timeout after %v", d)
	}
	mustExec(t, b, "RESET lock_timeout")

	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start = time.Now()
	_, err = b.Exec(ctx, "SELECT * FROM acct FOR SHARE")
	if err == nil || time.Since(start) > 10*time.Second {
		t.Fatalf("cancel: %v after %v", err, time.Since(start))
	}
	if b.IsClosed() {
		// pgx closes the connection when the context ends; reconnect.
		b = c.connect()
	}
	mustExec(t, a, "COMMIT")
	if got, err := rowsOf(b, "SELECT id, v FROM acct FOR UPDATE NOWAIT"); err != nil || fmt.Sprint(got) != "[1:1]" {
		t.Fatalf("after the waits: %v %v", got, err)
	}
}

// TestShareLockersShareRows: locks that do not conflict are held by
// several transactions at once (a multixact in xmax), so a second
// share-locker neither waits nor is skipped under SKIP LOCKED, while a
// conflicting mode is refused (NOWAIT) or skipped as in PostgreSQL.
func TestShareLockersShareRows(t *testing.T) {
	c := newCluster(t)
	c.start()
	a, b := c.connect(), c.connect()
	mustExec(t, a, "CREATE TABLE acct (id int PRIMARY KEY, v int)")
	mustExec(t, a, "INSERT INTO acct VALUES (1, 1), (2, 2)")
	mustExec(t, a, "BEGIN")
	mustExec(t, a, "SELECT * FROM acct WHERE id = 1 FOR SHARE")
	for q, want := range map[string]string{
		"SELECT id, v FROM acct ORDER BY id FOR SHARE SKIP LOCKED":             "[1:1 2:2]",
		"SELECT id, v FROM acct WHERE id = 1 FOR KEY SHARE NOWAIT":             "[1:1]",
		"SELECT id, v FROM acct ORDER BY id FOR NO KEY UPDATE SKIP LOCKED":     "[2:2]",
		"SELECT id, v FROM acct ORDER BY id FOR UPDATE SKIP LOCKED":            "[2:2]",
		"SELECT id, v FROM acct WHERE id = 1 FOR SHARE NOWAIT":                 "[1:1]",
		"SELECT id, v FROM acct ORDER BY id FOR KEY SHARE OF acct SKIP LOCKED": "[1:1 2:2]",
	} {
		if got, err := rowsOf(b, q); err != nil || fmt.Sprint(got) != want {
			t.Fatalf("%s: %v %v, want %s", q, got, err, want)
		}
	}
	for _, q := range []string{
		"SELECT id, v FROM acct WHERE id = 1 FOR UPDATE NOWAIT",
		"SELECT id, v FROM acct WHERE id = 1 FOR NO KEY UPDATE NOWAIT",
	} {
		if _, err := rowsOf(b, q); pgCode(err) != "55P03" {
			t.Fatalf("%s of a share-locked row: %v", q, err)
		}
	}
	// Two holders: both xids are members of the row's multixact.
	mustExec(t, b, "BEGIN")
	if got, err := rowsOf(b, "SELECT id, v FROM acct ORDER BY id FOR SHARE"); err != nil || fmt.Sprint(got) != "[1:1 2:2]" {
		t.Fatalf("second sharer: %v %v", got, err)
	}
	var n int
	if err := b.QueryRow(context.Background(), "SELECT count(*) FROM acct, pg_get_multixact_members(acct.xmax) m "+
		"WHERE id = 1 AND m.mode = 'sh' AND m.xid IN (pg_current_xact_id()::xid, (SELECT backend_xid FROM pg_stat_activity WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid()))").Scan(&n); err != nil || n != 2 {
		t.Fatalf("members of the shared lock: %d %v", n, err)
	}
	// An update must wait for both sharers.
	cconn := c.connect()
	ch := make(chan error, 1)
	go func() {
		_, err := cconn.Exec(context.Background(), "UPDATE acct SET v = 10 WHERE id = 1")
		ch <- err
	}()
	select {
	case err := <-ch:
		t.Fatalf("UPDATE of a row two transactions share-lock did not wait: %v", err)
	case <-time.After(300 * time.Millisecond):
	}
	// It waits on a member transaction (the first that conflicts), as
	// pg_locks and pg_blocking_pids show it: a ShareLock on a's xid,
	// a's process blocking.
	var apid int
	var axid string
	if err := a.QueryRow(context.Background(), "SELECT pg_backend_pid(), pg_current_xact_id()::text").Scan(&apid, &axid); err != nil {
		t.Fatal(err)
	}
	cpid := int(cconn.PgConn().PID())
	var waits int
	var blockers string
	if err := b.QueryRow(context.Background(), "SELECT count(*) FROM pg_locks WHERE locktype = 'transactionid' AND NOT granted AND mode = 'ShareLock' AND pid = $1 AND transactionid::text = $2", cpid, axid).Scan(&waits); err != nil || waits != 1 {
		t.Fatalf("pg_locks wait of the UPDATE on a's xid %s: %d %v", axid, waits, err)
	}
	if err := b.QueryRow(context.Background(), "SELECT pg_blocking_pids($1)::text", cpid).Scan(&blockers); err != nil || blockers != fmt.Sprintf("{%d}", apid) {
		t.Fatalf("pg_blocking_pids of the UPDATE: %s %v, want a's %d", blockers, err, apid)
	}
	mustExec(t, a, "COMMIT")
	select {
	case err := <-ch:
		t.Fatalf("UPDATE did not wait for the second sharer: %v", err)
	case <-time.After(300 * time.Millisecond):
	}
	mustExec(t, b, "COMMIT")
	if err := <-ch; err != nil {
		t.Fatal(err)
	}
}

// TestShareLocksInOppositeOrders: two transactions share-locking the
// same rows in opposite orders do not deadlock (they used to, each
// waiting for the other's lone share lock).
func TestShareLocksInOppositeOrders(t *testing.T) {
	c := newCluster(t)
	c.start()
	a, b := c.connect(), c.connect()
	mustExec(t, a, "CREATE TABLE acct (id int PRIMARY KEY, v int)")
	mustExec(t, a, "INSERT INTO acct VALUES (1, 1), (2, 2)")
	mustExec(t, a, "BEGIN")
	mustExec(t, b, "BEGIN")
	mustExec(t, a, "SELECT * FROM acct WHERE id = 1 FOR SHARE")
	mustExec(t, b, "SELECT * FROM acct WHERE id = 2 FOR SHARE")
	ch := queryAsync(a, "SELECT id, v FROM acct WHERE id = 2 FOR SHARE")
	if got, err := rowsOf(b, "SELECT id, v FROM acct WHERE id = 1 FOR SHARE"); err != nil || fmt.Sprint(got) != "[1:1]" {
		t.Fatalf("b: %v %v", got, err)
	}
	if r := queryResult(t, ch); r.err != nil || fmt.Sprint(r.rows) != "[2:2]" {
		t.Fatalf("a: %v %v", r.rows, r.err)
	}
	mustExec(t, a, "COMMIT")
	mustExec(t, b, "COMMIT")
}

// TestSkipLockedUpdateReturning is the one-statement job queue: UPDATE
// ... WHERE id = (SELECT ... FOR UPDATE SKIP LOCKED) RETURNING, by
// several sessions at once, outside transaction blocks, while another
// transaction holds the first job: no job is taken twice, and the held
// one is skipped rather than waited for.
func TestSkipLockedUpdateReturning(t *testing.T) {
	c := newCluster(t)
	c.start()
	setup, holder := c.connect(), c.connect()
	const jobs, workers = 120, 4
	mustExec(t, setup, "CREATE TABLE queue (id int PRIMARY KEY, state text NOT NULL DEFAULT 'new', worker int)")
	mustExec(t, setup, fmt.Sprintf("INSERT INTO queue (id) SELECT g FROM generate_series(1, %d) g", jobs))
	mustExec(t, holder, "BEGIN")
	mustExec(t, holder, "SELECT * FROM queue WHERE id = 1 FOR NO KEY UPDATE")
	var wg sync.WaitGroup
	var mu sync.Mutex
	taken := map[int]int{}
	errs := make(chan error, workers)
	for w := 0; w < workers; w++ {
		conn := c.connect()
		// A statement waiting for the held job fails the test.
		mustExec(t, conn, "SET statement_timeout = '10s'")
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			ctx := context.Background()
			for {
				var id int
				// The pg_sleep keeps the row locked a moment, as a
				// worker's longer statement would.
				err := conn.QueryRow(ctx, `UPDATE queue SET state = 'taken', worker = (SELECT $1::int FROM pg_sleep(0.002))
					WHERE id = (SELECT id FROM queue WHERE state = 'new' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
					RETURNING id`, w).Scan(&id)
				if errors.Is(err, pgx.ErrNoRows) {
					var left int
					if err := conn.QueryRow(ctx, "SELECT count(*) FROM queue WHERE state = 'new'").Scan(&left); err != nil {
						errs <- err
						return
					}
					if left == 1 { // the held one
						return
					}
					continue
				}
				if err != nil {
					errs <- fmt.Errorf("worker %d: %w", w, err)
					return
				}
				mu.Lock()
				if other, dup := taken[id]; dup {
					mu.Unlock()
					errs <- fmt.Errorf("job %d taken by workers %d and %d", id, other, w)
					return
				}
				taken[id] = w
				mu.Unlock()
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	mustExec(t, holder, "COMMIT")
	if t.Failed() {
		return
	}
	if _, ok := taken[1]; ok || len(taken) != jobs-1 {
		t.Fatalf("%d jobs taken (want %d), the held one among them: %v", len(taken), jobs-1, ok)
	}
	for id, w := range taken {
		var got int
		if err := setup.QueryRow(context.Background(), "SELECT worker FROM queue WHERE id = $1", id).Scan(&got); err != nil || got != w {
			t.Fatalf("job %d: worker %d in the table, %d returned it (%v)", id, got, w, err)
		}
	}
}
