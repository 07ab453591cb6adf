package integration

// pg_stat_io (PostgreSQL 16's view): its row set and NULL cells follow
// PostgreSQL 16's pgstat_tracks_io_object/pgstat_tracks_io_op; inserts
// count as a client backend's extends, repeated scans as hits, a scan
// after a restart as reads (timed under track_io_timing), a CHECKPOINT
// as the checkpointer's writes and fsyncs, a temporary table bigger
// than temp_buffers as temp relation writes and evictions;
// pg_stat_reset_shared('io') zeroes everything and sets stats_reset;
// the counts survive a clean restart and not an immediate stop.

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// ioRow is one row of pg_stat_io: NULL counts and times read as -1.
type ioRow struct {
	reads, writes, writebacks, extends, hits, evictions, reuses, fsyncs int64
	readTime, writeTime, writebackTime, extendTime, fsyncTime           float64
	opBytes                                                             int64
	statsReset                                                          time.Time
}

func readIO(t *testing.T, conn *pgx.Conn, backendType, object, ioContext string) ioRow {
	t.Helper()
	var r ioRow
	if err := conn.QueryRow(context.Background(), `SELECT coalesce(reads, -1), coalesce(writes, -1), coalesce(writebacks, -1),
		coalesce(extends, -1), coalesce(hits, -1), coalesce(evictions, -1), coalesce(reuses, -1), coalesce(fsyncs, -1),
		coalesce(read_time, -1), coalesce(write_time, -1), coalesce(writeback_time, -1), coalesce(extend_time, -1),
		coalesce(fsync_time, -1), op_bytes, stats_reset
		FROM pg_stat_io WHERE backend_type = $1 AND object = $2 AND context = $3`, backendType, object, ioContext).
		Scan(&r.reads, &r.writes, &r.writebacks, &r.extends, &r.hits, &r.evictions, &r.reuses, &r.fsyncs,
			&r.readTime, &r.writeTime, &r.writebackTime, &r.extendTime, &r.fsyncTime, &r.opBytes, &r.statsReset); err != nil {
		t.Fatalf("reading pg_stat_io row %s/%s/%s: %v", backendType, object, ioContext, err)
	}
	return r
}

// pg16IORows is PostgreSQL 16's pg_stat_io row set, worked out by hand
// from pgstat_io.c: each row with the operations that are not NULL
// (R reads, W writes, B writebacks, X extends, H hits, E evictions,
// U reuses, F fsyncs).
var pg16IORows = []string{
	"autovacuum launcher|relation|bulkread|RWBHEU",
	"autovacuum launcher|relation|normal|RWBHEF",
	"autovacuum worker|relation|bulkread|RWBHEU",
	"autovacuum worker|relation|normal|RWBXHEF",
	"autovacuum worker|relation|vacuum|RWBXHEU",
	"client backend|relation|bulkread|RWBHEU",
	"client backend|relation|bulkwrite|RWBXHEU",
	"client backend|relation|normal|RWBXHEF",
	"client backend|relation|vacuum|RWBXHEU",
	"client backend|temp relation|normal|RWXHE",
	"background worker|relation|bulkread|RWBHEU",
	"background worker|relation|bulkwrite|RWBXHEU",
	"background worker|relation|normal|RWBXHEF",
	"background worker|relation|vacuum|RWBXHEU",
	"background worker|temp relation|normal|RWXHE",
	"background writer|relation|normal|WBF",
	"checkpointer|relation|normal|WBF",
	"standalone backend|relation|bulkread|RWBHEU",
	"standalone backend|relation|bulkwrite|RWBXHEU",
	"standalone backend|relation|normal|RWBXHEF",
	"standalone backend|relation|vacuum|RWBXHEU",
	"startup|relation|bulkread|RWBHEU",
	"startup|relation|bulkwrite|RWBXHEU",
	"startup|relation|normal|RWBXHEF",
	"startup|relation|vacuum|RWBXHEU",
	"walsender|relation|bulkread|RWBHEU",
	"walsender|relation|bulkwrite|RWBXHEU",
	"walsender|relation|normal|RWBXHEF",
	"walsender|relation|vacuum|RWBXHEU",
	"walsender|temp relation|normal|RWXHE",
}

func TestPgStatIORowSet(t *testing.T) {
	c := newCluster(t)
	c.start()
	conn := c.connect()
	ctx := context.Background()
	// A time column is NULL exactly when its count is; op_bytes is
	// BLCKSZ on every row.
	rows, err := conn.Query(ctx, `SELECT backend_type, object, context,
		concat(CASE WHEN reads IS NOT NULL THEN 'R' END, CASE WHEN writes IS NOT NULL THEN 'W' END,
		       CASE WHEN writebacks IS NOT NULL THEN 'B' END, CASE WHEN extends IS NOT NULL THEN 'X' END,
		       CASE WHEN hits IS NOT NULL THEN 'H' END, CASE WHEN evictions IS NOT NULL THEN 'E' END,
		       CASE WHEN reuses IS NOT NULL THEN 'U' END, CASE WHEN fsyncs IS NOT NULL THEN 'F' END),
		(reads IS NULL) = (read_time IS NULL) AND (writes IS NULL) = (write_time IS NULL)
		  AND (writebacks IS NULL) = (writeback_time IS NULL) AND (extends IS NULL) = (extend_time IS NULL)
		  AND (fsyncs IS NULL) = (fsync_time IS NULL),
		op_bytes, stats_reset IS NOT NULL
		FROM pg_stat_io`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var bt, obj, ioctx, ops string
		var timesMatch, resetSet bool
		var opBytes int64
		if err := rows.Scan(&bt, &obj, &ioctx, &ops, &timesMatch, &opBytes, &resetSet); err != nil {
			t.Fatal(err)
		}
		if !timesMatch || opBytes != 8192 || !resetSet {
			t.Errorf("%s/%s/%s: times NULL like counts %v, op_bytes %d, stats_reset set %v", bt, obj, ioctx, timesMatch, opBytes, resetSet)
		}
		got = append(got, strings.Join([]string{bt, obj, ioctx, ops}, "|"))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if g, w := strings.Join(got, "\n"), strings.Join(pg16IORows, "\n"); g != w {
		t.Fatalf("pg_stat_io rows:\n%s\nwant (PostgreSQL 16):\n%s", g, w)
	}
}

func TestPgStatIOCounts(t *testing.T) {
	c := newCluster(t, "autovacuum = off")
	c.start()
	ctx := context.Background()
	a := c.connect()
	start := readIO(t, a, "client backend", "relation", "normal")
	if start.readTime != 0 || start.writeTime != 0 || start.extendTime != 0 {
		t.Fatalf("times without track_io_timing: %+v", start)
	}

	// Inserts extend the table page by page.
	mustExec(t, a, "CREATE TABLE io (a int, b text)")
	mustExec(t, a, "INSERT INTO io SELECT g, repeat('x', 100) FROM generate_series(1, 20000) g")
	pages := int64(count(t, a, "SELECT pg_relation_size('io') / 8192"))
	if pages < 100 {
		t.Fatalf("io has %d pages", pages)
	}
	flushStats(t, a)
	ins := readIO(t, a, "client backend", "relation", "normal")
	if ins.extends-start.extends < pages {
		t.Fatalf("extends went from %d to %d for a table of %d pages", start.extends, ins.extends, pages)
	}
	if ins.extendTime != 0 {
		t.Fatalf("extend_time %v without track_io_timing", ins.extendTime)
	}

	// Scans of a table in the buffer pool are hits.
	count(t, a, "SELECT count(*) FROM io")
	count(t, a, "SELECT count(*) FROM io")
	flushStats(t, a)
	hit := readIO(t, a, "client backend", "relation", "normal")
	if hit.hits-ins.hits < 2*pages {
		t.Fatalf("hits went from %d to %d after two scans of %d pages", ins.hits, hit.hits, pages)
	}

	// A checkpoint writes the dirty pages and fsyncs the table's file.
	ckBefore := readIO(t, a, "checkpointer", "relation", "normal")
	mustExec(t, a, "CHECKPOINT")
	ck := readIO(t, a, "checkpointer", "relation", "normal")
	if ck.writes-ckBefore.writes < pages || ck.fsyncs-ckBefore.fsyncs < 1 {
		t.Fatalf("checkpointer after CHECKPOINT: %+v, before %+v (table of %d pages)", ck, ckBefore, pages)
	}
	if ck.reads != -1 || ck.hits != -1 || ck.extends != -1 || ck.evictions != -1 || ck.writeTime != 0 {
		t.Fatalf("checkpointer row: %+v", ck)
	}

	// A temporary table larger than temp_buffers is written out and
	// evicted from local buffers.
	mustExec(t, a, "SET temp_buffers = 100")
	mustExec(t, a, "CREATE TEMP TABLE tio AS SELECT * FROM io")
	count(t, a, "SELECT count(*) FROM tio")
	flushStats(t, a)
	tmp := readIO(t, a, "client backend", "temp relation", "normal")
	if tmp.extends < pages || tmp.writes <= 0 || tmp.evictions <= 0 || tmp.reads <= 0 || tmp.fsyncs != -1 || tmp.writebacks != -1 {
		t.Fatalf("temp relation row after a %d-page temp table with 100 temp buffers: %+v", pages, tmp)
	}
	a.Close(ctx)

	// A clean restart keeps the counts and stats_reset.
	c.stop("fast")
	c.start()
	b := c.connect()
	kept := readIO(t, b, "client backend", "relation", "normal")
	if kept.extends < hit.extends || kept.hits < hit.hits || !kept.statsReset.Equal(start.statsReset) {
		t.Fatalf("after a clean restart: %+v, before %+v", kept, hit)
	}

	// The buffer pool is cold now: a scan reads the table, timed.
	mustExec(t, b, "SET track_io_timing = on")
	count(t, b, "SELECT count(*) FROM io")
	flushStats(t, b)
	cold := readIO(t, b, "client backend", "relation", "normal")
	if cold.reads-kept.reads < pages || cold.readTime <= kept.readTime {
		t.Fatalf("after a cold scan of %d pages: reads %d -> %d, read_time %v -> %v", pages, kept.reads, cold.reads, kept.readTime, cold.readTime)
	}

	// Reset: every row zero, stats_reset now.
	before := time.Now().Add(-time.Second)
	mustExec(t, b, "SELECT pg_stat_reset_shared('io')")
	var nonzero, stale int
	if err := b.QueryRow(ctx, `SELECT count(*) FILTER (WHERE coalesce(reads, 0) + coalesce(writes, 0) + coalesce(writebacks, 0)
			+ coalesce(extends, 0) + coalesce(hits, 0) + coalesce(evictions, 0) + coalesce(reuses, 0) + coalesce(fsyncs, 0) <> 0
			OR coalesce(read_time, 0) + coalesce(write_time, 0) + coalesce(extend_time, 0) + coalesce(fsync_time, 0) <> 0),
		count(*) FILTER (WHERE stats_reset < $1) FROM pg_stat_io`, before).Scan(&nonzero, &stale); err != nil {
		t.Fatal(err)
	}
	if nonzero != 0 || stale != 0 {
		t.Fatalf("after pg_stat_reset_shared('io'): %d rows not zero, %d with an old stats_reset", nonzero, stale)
	}
	reset := readIO(t, b, "client backend", "relation", "normal")
	b.Close(ctx)

	// An immediate stop is a crash: counts start again, with a new
	// stats_reset.
	r := c.connect()
	count(t, r, "SELECT count(*) FROM io")
	flushStats(t, r)
	r.Close(ctx)
	c.stop("immediate")
	c.start()
	r = c.connect()
	crashed := readIO(t, r, "client backend", "relation", "normal")
	if crashed.hits != 0 || crashed.reads != 0 || !crashed.statsReset.After(reset.statsReset) {
		t.Fatalf("after an immediate stop: %+v (reset at %v)", crashed, reset.statsReset)
	}
}
