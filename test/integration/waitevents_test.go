// Wait events and pg_blocking_pids across real server processes: what
// pg_stat_activity shows for sessions blocked on a table lock, a row and
// an advisory lock, for idle and sleeping sessions and for the background
// processes, as PostgreSQL 15 shows it.

package integration

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// activityRow is what pg_stat_activity says about one process.
type activityRow struct {
	waitType, waitEvent, state, backendType string
	hasXid, hasXmin                         bool
	blockedBy                               []int32
}

func (r activityRow) String() string {
	return fmt.Sprintf("%s/%s state=%q type=%q xid=%v xmin=%v blocked by %v",
		r.waitType, r.waitEvent, r.state, r.backendType, r.hasXid, r.hasXmin, r.blockedBy)
}

func activityOf(t *testing.T, watcher *pgx.Conn, pid int) (activityRow, bool) {
	t.Helper()
	var r activityRow
	err := watcher.QueryRow(context.Background(), `
		SELECT coalesce(wait_event_type, ''), coalesce(wait_event, ''), coalesce(state, ''),
		       coalesce(backend_type, ''), backend_xid IS NOT NULL, backend_xmin IS NOT NULL,
		       pg_blocking_pids(pid)
		FROM pg_stat_activity WHERE pid = $1`, pid).
		Scan(&r.waitType, &r.waitEvent, &r.state, &r.backendType, &r.hasXid, &r.hasXmin, &r.blockedBy)
	if err == pgx.ErrNoRows {
		return r, false
	}
	if err != nil {
		t.Fatal(err)
	}
	return r, true
}

// awaitActivity polls pg_stat_activity until pid shows the wait event
// (waitType/waitEvent) and returns its row; it fails after ten seconds
// with the last row seen.
func awaitActivity(t *testing.T, watcher *pgx.Conn, pid int, waitType, waitEvent string) activityRow {
	t.Helper()
	var last activityRow
	deadline := time.Now().Add(10 * time.Second)
	for {
		r, ok := activityOf(t, watcher, pid)
		if ok && r.waitType == waitType && r.waitEvent == waitEvent {
			return r
		}
		last = r
		if time.Now().After(deadline) {
			t.Fatalf("pid %d never showed %s/%s; last: %v", pid, waitType, waitEvent, last)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestWaitEventsOfLockWaits: a session waiting for a table lock, a row
// (the updater of a row waits for the transaction that changed it, the
// next one for the tuple lock the first holds) and an advisory lock shows
// wait_event_type Lock with the lock type as wait_event, and
// pg_blocking_pids names the sessions it waits for; the holder, idle in
// its transaction, shows Client/ClientRead.
func TestWaitEventsOfLockWaits(t *testing.T) {
	c := newCluster(t)
	c.start()
	holder, waiter, second, watcher := c.connect(), c.connect(), c.connect(), c.connect()
	hPid, wPid, sPid := backendPID(t, holder), backendPID(t, waiter), backendPID(t, second)
	mustExec(t, holder, "CREATE TABLE jobs (id int PRIMARY KEY, n int)")
	mustExec(t, holder, "INSERT INTO jobs VALUES (1, 0), (2, 0)")

	// An idle session waits for its client.
	if r := awaitActivity(t, watcher, hPid, "Client", "ClientRead"); r.state != "idle" || r.backendType != "client backend" || len(r.blockedBy) != 0 {
		t.Fatalf("idle session: %v", r)
	}

	t.Run("table lock", func(t *testing.T) {
		mustExec(t, holder, "BEGIN")
		mustExec(t, holder, "LOCK TABLE jobs IN ACCESS EXCLUSIVE MODE")
		done := execAsync(waiter, "SELECT count(*) FROM jobs")
		r := awaitActivity(t, watcher, wPid, "Lock", "relation")
		if r.state != "active" || !slices.Equal(r.blockedBy, []int32{int32(hPid)}) || !r.hasXmin {
			t.Fatalf("waiter: %v (holder %d)", r, hPid)
		}
		if h := awaitActivity(t, watcher, hPid, "Client", "ClientRead"); h.state != "idle in transaction" || len(h.blockedBy) != 0 {
			t.Fatalf("holder: %v", h)
		}
		// pg_locks shows when the wait began, and no time for held locks.
		var waiting, started, heldWithTime int
		if err := watcher.QueryRow(context.Background(), `
			SELECT count(*) FILTER (WHERE NOT granted AND pid = $1),
			       count(*) FILTER (WHERE NOT granted AND pid = $1 AND waitstart <= clock_timestamp()),
			       count(*) FILTER (WHERE granted AND waitstart IS NOT NULL)
			FROM pg_locks WHERE relation = 'jobs'::regclass`, wPid).Scan(&waiting, &started, &heldWithTime); err != nil {
			t.Fatal(err)
		}
		if waiting != 1 || started != 1 || heldWithTime != 0 {
			t.Fatalf("pg_locks: %d waiting, %d with a wait start, %d held with a wait start", waiting, started, heldWithTime)
		}
		mustExec(t, holder, "COMMIT")
		if err := finished(t, done, "the reader"); err != nil {
			t.Fatal(err)
		}
		awaitActivity(t, watcher, wPid, "Client", "ClientRead")
	})

	t.Run("row", func(t *testing.T) {
		mustExec(t, holder, "BEGIN")
		mustExec(t, holder, "UPDATE jobs SET n = n + 1 WHERE id = 1")
		first := execAsync(waiter, "UPDATE jobs SET n = n + 10 WHERE id = 1")
		r := awaitActivity(t, watcher, wPid, "Lock", "transactionid")
		if !slices.Equal(r.blockedBy, []int32{int32(hPid)}) {
			t.Fatalf("first updater: %v (holder %d)", r, hPid)
		}
		// The first waiter holds the tuple lock: the next updater of the
		// row queues for it behind the first.
		next := execAsync(second, "UPDATE jobs SET n = n + 100 WHERE id = 1")
		r = awaitActivity(t, watcher, sPid, "Lock", "tuple")
		if !slices.Equal(r.blockedBy, []int32{int32(wPid)}) {
			t.Fatalf("second updater: %v (first %d)", r, wPid)
		}
		if h, _ := activityOf(t, watcher, hPid); !h.hasXid || h.state != "idle in transaction" {
			t.Fatalf("holder: %v", h)
		}
		mustExec(t, holder, "COMMIT")
		for _, ch := range []chan error{first, next} {
			if err := finished(t, ch, "an updater"); err != nil {
				t.Fatal(err)
			}
		}
		var n int
		if err := watcher.QueryRow(context.Background(), "SELECT n FROM jobs WHERE id = 1").Scan(&n); err != nil || n != 111 {
			t.Fatalf("n = %d, %v", n, err)
		}
	})

	t.Run("advisory", func(t *testing.T) {
		mustExec(t, holder, "SELECT pg_advisory_lock(42)")
		shared := execAsync(waiter, "SELECT pg_advisory_lock_shared(42)")
		r := awaitActivity(t, watcher, wPid, "Lock", "advisory")
		if !slices.Equal(r.blockedBy, []int32{int32(hPid)}) {
			t.Fatalf("shared waiter: %v (holder %d)", r, hPid)
		}
		// An exclusive request conflicts with the holder and with the
		// shared request queued ahead of it.
		exclusive := execAsync(second, "SELECT pg_advisory_lock(42)")
		r = awaitActivity(t, watcher, sPid, "Lock", "advisory")
		if !slices.Equal(r.blockedBy, []int32{int32(hPid), int32(wPid)}) {
			t.Fatalf("exclusive waiter: %v (holder %d, shared waiter %d)", r, hPid, wPid)
		}
		mustExec(t, holder, "SELECT pg_advisory_unlock(42)")
		if err := finished(t, shared, "the shared waiter"); err != nil {
			t.Fatal(err)
		}
		r = awaitActivity(t, watcher, sPid, "Lock", "advisory")
		if !slices.Equal(r.blockedBy, []int32{int32(wPid)}) {
			t.Fatalf("exclusive waiter after the unlock: %v (shared holder %d)", r, wPid)
		}
		mustExec(t, waiter, "SELECT pg_advisory_unlock_all()")
		if err := finished(t, exclusive, "the exclusive waiter"); err != nil {
			t.Fatal(err)
		}
		mustExec(t, second, "SELECT pg_advisory_unlock_all()")
	})

	t.Run("sleep", func(t *testing.T) {
		sleeping := execAsync(waiter, "SELECT pg_sleep(60)")
		r := awaitActivity(t, watcher, wPid, "Timeout", "PgSleep")
		if r.state != "active" || len(r.blockedBy) != 0 {
			t.Fatalf("sleeper: %v", r)
		}
		mustExec(t, watcher, fmt.Sprintf("SELECT pg_cancel_backend(%d)", wPid))
		if err := finished(t, sleeping, "the sleeper"); sqlState(err) != "57014: canceling statement due to user request" {
			t.Fatalf("sleeper: %v", sqlState(err))
		}
		awaitActivity(t, watcher, wPid, "Client", "ClientRead")
	})

	var blocking, safe []int32
	if err := watcher.QueryRow(context.Background(),
		"SELECT pg_blocking_pids(pg_backend_pid()), pg_safe_snapshot_blocking_pids($1)", hPid).Scan(&blocking, &safe); err != nil {
		t.Fatal(err)
	}
	if blocking == nil || len(blocking) != 0 || safe == nil || len(safe) != 0 {
		t.Fatalf("pg_blocking_pids = %v, pg_safe_snapshot_blocking_pids = %v; want empty arrays", blocking, safe)
	}
}

// TestWaitEventsOfBackgroundProcesses: every background process has its
// backend_type and shows its idle wait event while it sleeps, as
// PostgreSQL 15 names them.
func TestWaitEventsOfBackgroundProcesses(t *testing.T) {
	c := newCluster(t, "archive_mode = on", "archive_command = '/bin/true'")
	c.start()
	watcher := c.connect()
	want := map[string][]string{
		"checkpointer":        {"CheckpointerMain"},
		"walwriter":           {"WalWriterMain"},
		"background writer":   {"BgWriterMain", "BgWriterHibernate"},
		"autovacuum launcher": {"AutoVacuumMain"},
		"archiver":            {"ArchiverMain"},
	}
	seen := map[string]string{}
	waitFor(t, 10*time.Second, "background processes' idle wait events", func() bool {
		rows, err := watcher.Query(context.Background(), `
			SELECT coalesce(backend_type, ''), coalesce(wait_event_type, ''), coalesce(wait_event, ''),
			       datname IS NULL AND state IS NULL AND backend_xid IS NULL
			FROM pg_stat_activity WHERE pid <> pg_backend_pid()`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var typ, waitType, waitEvent string
			var bare bool
			if err := rows.Scan(&typ, &waitType, &waitEvent, &bare); err != nil {
				t.Fatal(err)
			}
			events, known := want[typ]
			if !known {
				t.Fatalf("unexpected process in pg_stat_activity: %q (%s/%s)", typ, waitType, waitEvent)
			}
			if !bare {
				t.Fatalf("%s shows a database, state or xid", typ)
			}
			if waitType == "Activity" && slices.Contains(events, waitEvent) {
				seen[typ] = waitEvent
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return len(seen) == len(want)
	})
}
