package integration

// COPY through a real driver: pgx's binary CopyFrom, pgconn's text
// CopyFrom and CopyTo, CopyFail, a bad row, a cancel during a long COPY
// FROM, COPY in the extended protocol, a client that disappears in
// the middle of a COPY FROM STDIN, and COPY FREEZE across a crash.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"
)

func TestCopyThroughPgx(t *testing.T) {
	c := newCluster(t)
	c.start()
	ctx := context.Background()
	conn := c.connect()
	mustExec(t, conn, "CREATE TABLE cp (id int PRIMARY KEY, name text, amount numeric(8,2), at timestamptz, tags text[], d int DEFAULT 7)")

	// pgx.CopyFrom sends the binary format.
	at := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	rows := [][]any{
		{1, "one", "1.50", at, []string{"a", "b"}},
		{2, nil, nil, nil, nil},
		{3, "tab\there", "-3", at.Add(time.Hour), []string{}},
	}
	n, err := conn.CopyFrom(ctx, pgx.Identifier{"cp"}, []string{"id", "name", "amount", "at", "tags"}, pgx.CopyFromRows(rows))
	if err != nil {
		t.Fatalf("pgx.CopyFrom: %v", err)
	}
	if n != 3 {
		t.Fatalf("pgx.CopyFrom copied %d rows, want 3", n)
	}
	var got string
	if err := conn.QueryRow(ctx, `SELECT string_agg(concat_ws('|', id, name, amount, at AT TIME ZONE 'UTC', tags, d), ';' ORDER BY id) FROM cp`).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if want := "1|one|1.50|2024-05-06 07:08:09|{a,b}|7;2|7;3|tab\there|-3.00|2024-05-06 08:08:09|{}|7"; got != want {
		t.Fatalf("after binary COPY: %q, want %q", got, want)
	}

	// Text COPY FROM STDIN through pgconn, then COPY TO STDOUT.
	tag, err := conn.PgConn().CopyFrom(ctx, strings.NewReader("4,\"x,y\",4.25,,{q}\n5,,,,\n"), "COPY cp (id, name, amount, at, tags) FROM STDIN (FORMAT csv)")
	if err != nil {
		t.Fatalf("CopyFrom csv: %v", err)
	}
	if tag.String() != "COPY 2" {
		t.Fatalf("CopyFrom tag %q", tag.String())
	}
	var out bytes.Buffer
	tag, err = conn.PgConn().CopyTo(ctx, &out, "COPY (SELECT id, name, amount, tags FROM cp WHERE id >= 3 ORDER BY id) TO STDOUT")
	if err != nil {
		t.Fatalf("CopyTo: %v", err)
	}
	if want := "3\ttab\\there\t-3.00\t{}\n4\tx,y\t4.25\t{q}\n5\t\\N\t\\N\t\\N\n"; out.String() != want || tag.String() != "COPY 3" {
		t.Fatalf("CopyTo gave %q (%s), want %q", out.String(), tag, want)
	}

	// A bad row loads nothing; the error names the line and column.
	_, err = conn.PgConn().CopyFrom(ctx, strings.NewReader("10\tten\n11\televen\nxx\tbad\n"), "COPY cp (id, name) FROM STDIN")
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "22P02" || pe.Where != `COPY cp, line 3, column id: "xx"` {
		t.Fatalf("bad row: %v (where %q)", err, whereOf(err))
	}
	// A duplicate key is found as the row goes in.
	_, err = conn.PgConn().CopyFrom(ctx, strings.NewReader("10\tten\n1\tdup\n"), "COPY cp (id, name) FROM STDIN")
	if !errors.As(err, &pe) || pe.Code != "23505" || pe.Where != "COPY cp, line 2" {
		t.Fatalf("duplicate key: %v (where %q)", err, whereOf(err))
	}
	// The client gives up: CopyFail.
	_, err = conn.PgConn().CopyFrom(ctx, io.MultiReader(strings.NewReader("20\tx\n"), failingReader{}), "COPY cp (id, name) FROM STDIN")
	if !errors.As(err, &pe) || pe.Code != "57014" || !strings.HasPrefix(pe.Message, "COPY from stdin failed: ") {
		t.Fatalf("CopyFail: %v", err)
	}
	var count int
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM cp").Scan(&count); err != nil || count != 5 {
		t.Fatalf("after failed copies: %d rows, %v", count, err)
	}
}

// TestCopyFreeze: rows COPY FREEZE loads are stored frozen, so a
// REPEATABLE READ snapshot taken before the loading transaction committed
// sees them (the MVCC exception PostgreSQL documents for FREEZE), where
// rows loaded without it stay invisible to that snapshot.
func TestCopyFreeze(t *testing.T) {
	c := newCluster(t)
	c.start()
	ctx := context.Background()
	loader, reader := c.connect(), c.connect()
	mustExec(t, reader, "BEGIN ISOLATION LEVEL REPEATABLE READ")
	mustExec(t, reader, "SELECT 1")
	for _, freeze := range []bool{true, false} {
		table := map[bool]string{true: "frozen", false: "plain"}[freeze]
		mustExec(t, loader, "BEGIN")
		mustExec(t, loader, "CREATE TABLE "+table+" (a int)")
		opts := ""
		if freeze {
			opts = " (FREEZE)"
		}
		if _, err := loader.PgConn().CopyFrom(ctx, strings.NewReader("1\n2\n3\n"), "COPY "+table+" FROM STDIN"+opts); err != nil {
			t.Fatalf("COPY %s: %v", table, err)
		}
		var n int
		if err := loader.QueryRow(ctx, "SELECT count(*) FROM "+table).Scan(&n); err != nil || n != 3 {
			t.Fatalf("%s in its own transaction: %d rows, %v", table, n, err)
		}
		mustExec(t, loader, "COMMIT")
		want := map[bool]int{true: 3, false: 0}[freeze]
		if err := reader.QueryRow(ctx, "SELECT count(*) FROM "+table).Scan(&n); err != nil || n != want {
			t.Fatalf("older snapshot sees %d rows of %s, want %d (%v)", n, table, want, err)
		}
	}
	mustExec(t, reader, "COMMIT")
}

// TestCopyFreezeSurvivesCrash: rows COPY FREEZE stored, and the
// all-visible, all-frozen marks it left on their pages and in the
// visibility map, are rebuilt by recovery after a kill, with and
// without data checksums: every row comes back, VACUUM then finds every
// page all-visible, and every page on disk verifies.
func TestCopyFreezeSurvivesCrash(t *testing.T) {
	bothChecksumModes(t, copyFreezeSurvivesCrash)
}

func copyFreezeSurvivesCrash(t *testing.T, initArgs []string) {
	c := newClusterArgs(t, initArgs)
	c.start()
	ctx := context.Background()
	conn := c.connect()
	// A checkpoint first: with checksums the first change of each page
	// after it carries the page's image.
	mustExec(t, conn, "CREATE TABLE loaded (id int, note text)")
	mustExec(t, conn, "CHECKPOINT")
	const rows = 20000
	var text strings.Builder
	for i := 1; i <= rows; i++ {
		fmt.Fprintf(&text, "%d\trow number %d\n", i, i)
	}
	// Two loads in one transaction: the second continues on the page
	// where the first ended, which must stay all-frozen.
	mustExec(t, conn, "BEGIN")
	mustExec(t, conn, "TRUNCATE loaded")
	for range 2 {
		if _, err := conn.PgConn().CopyFrom(ctx, strings.NewReader(text.String()), "COPY loaded FROM STDIN (FREEZE)"); err != nil {
			t.Fatalf("COPY FREEZE: %v", err)
		}
	}
	mustExec(t, conn, "COMMIT")
	conn.Close(ctx)

	c.stop("immediate")
	c.start()
	conn = c.connect()
	if got := count(t, conn, "SELECT count(*) FROM loaded"); got != 2*rows {
		t.Fatalf("%d rows after recovery, want %d", got, 2*rows)
	}
	if got := count(t, conn, "SELECT count(DISTINCT id) FROM loaded WHERE note = 'row number ' || id"); got != rows {
		t.Fatalf("%d distinct intact rows after recovery, want %d", got, rows)
	}
	conn.Close(ctx)
	// The visibility map came back: VACUUM reads only the last page
	// (which it always reads), and counts every page all-visible.
	out, err := c.psql("-c", "VACUUM (VERBOSE) loaded", "-c", "SELECT relpages, relallvisible FROM pg_class WHERE relname = 'loaded'")
	if err != nil {
		t.Fatalf("VACUUM VERBOSE: %v\n%s", err, out)
	}
	if !strings.Contains(out, " remain, 1 scanned (") {
		t.Fatalf("VACUUM after recovery read more than the last page:\n%s", out)
	}
	var pages, allVisible int
	for _, line := range strings.Split(out, "\n") {
		if n, _ := fmt.Sscanf(strings.TrimSpace(line), "%d | %d", &pages, &allVisible); n == 2 {
			break
		}
	}
	if pages < 100 || allVisible != pages {
		t.Fatalf("after recovery and VACUUM: %d pages, %d all-visible; want all\n%s", pages, allVisible, out)
	}
	c.stop("fast")
	if bad := verifyDataPages(t, c.dataDir, len(initArgs) > 0); len(bad) > 0 {
		t.Fatalf("pages that do not verify:\n%s\nlog:\n%s", strings.Join(bad, "\n"), c.log())
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("client gave up") }

func whereOf(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Where
	}
	return ""
}

// endlessRows produces COPY text rows until stop is closed or limit rows
// were produced (a bound, so that a test that fails cannot run forever).
type endlessRows struct {
	next, limit int
	pending     []byte
}

func (r *endlessRows) Read(p []byte) (int, error) {
	for len(r.pending) < len(p) && r.next < r.limit {
		r.next++
		r.pending = fmt.Appendf(r.pending, "%d\tsome text for row %d\n", r.next, r.next)
	}
	if len(r.pending) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.pending)
	r.pending = r.pending[n:]
	return n, nil
}

// TestCopyCancel: pg_cancel_backend ends a long COPY FROM STDIN with
// 57014 and the line it reached; nothing is loaded and the session goes
// on. statement_timeout ends one the same way.
func TestCopyCancel(t *testing.T) {
	c := newCluster(t)
	c.start()
	ctx := context.Background()
	conn, other := c.connect(), c.connect()
	mustExec(t, conn, "CREATE TABLE big (id int, t text)")
	pid := backendPID(t, conn)

	done := make(chan error, 1)
	go func() {
		_, err := conn.PgConn().CopyFrom(ctx, &endlessRows{limit: 50_000_000}, "COPY big FROM STDIN")
		done <- err
	}()
	// Let it load a while, then cancel.
	deadline := time.Now().Add(20 * time.Second)
	for {
		var active bool
		if err := other.QueryRow(ctx, "SELECT count(*) > 0 FROM pg_stat_activity WHERE pid = $1 AND query LIKE 'COPY big%' AND state = 'active'", pid).Scan(&active); err != nil {
			t.Fatal(err)
		}
		if active || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
	mustExec(t, other, "SELECT pg_cancel_backend($1)", pid)
	var err error
	select {
	case err = <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("COPY FROM was not canceled")
	}
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "57014" || pe.Message != "canceling statement due to user request" || !strings.HasPrefix(pe.Where, "COPY big, line ") {
		t.Fatalf("canceled COPY: %v (where %q)", err, whereOf(err))
	}
	var count int
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM big").Scan(&count); err != nil || count != 0 {
		t.Fatalf("after the canceled COPY: %d rows, %v", count, err)
	}

	mustExec(t, conn, "SET statement_timeout = '300ms'")
	_, err = conn.PgConn().CopyFrom(ctx, &endlessRows{limit: 50_000_000}, "COPY big FROM STDIN")
	if !errors.As(err, &pe) || pe.Code != "57014" || pe.Message != "canceling statement due to statement timeout" {
		t.Fatalf("timed-out COPY: %v", err)
	}
}

// TestCopyExtendedProtocol: COPY TO STDOUT and COPY FROM STDIN through
// Parse/Bind/Execute, with Flush and Sync sent during the copy-in (as
// client libraries do), which are ignored; then a client that leaves in
// the middle of a COPY FROM ends only its own session.
func TestCopyExtendedProtocol(t *testing.T) {
	c := newCluster(t)
	c.start()
	ctx := context.Background()
	conn := c.connect()
	mustExec(t, conn, "CREATE TABLE ext (a int, b text)")
	mustExec(t, conn, "INSERT INTO ext VALUES (1, 'x'), (2, NULL)")

	hc, err := c.connect().PgConn().Hijack()
	if err != nil {
		t.Fatal(err)
	}
	defer hc.Conn.Close()
	fe := hc.Frontend
	hc.Conn.SetDeadline(time.Now().Add(30 * time.Second))
	receive := func() pgproto3.BackendMessage {
		t.Helper()
		msg, err := fe.Receive()
		if err != nil {
			t.Fatal(err)
		}
		return msg
	}
	send := func(msgs ...pgproto3.FrontendMessage) {
		t.Helper()
		for _, m := range msgs {
			fe.Send(m)
		}
		if err := fe.Flush(); err != nil {
			t.Fatal(err)
		}
	}

	send(&pgproto3.Parse{Query: "COPY ext TO STDOUT (FORMAT csv)"}, &pgproto3.Bind{}, &pgproto3.Describe{ObjectType: 'P'}, &pgproto3.Execute{}, &pgproto3.Sync{})
	var trace []string
	for {
		switch m := receive().(type) {
		case *pgproto3.CopyOutResponse:
			trace = append(trace, fmt.Sprintf("CopyOutResponse %d %v", m.OverallFormat, m.ColumnFormatCodes))
		case *pgproto3.CopyData:
			trace = append(trace, "CopyData "+string(m.Data))
		case *pgproto3.ReadyForQuery:
			trace = append(trace, "ReadyForQuery")
		default:
			trace = append(trace, fmt.Sprintf("%T", m)[len("*pgproto3."):])
		}
		if trace[len(trace)-1] == "ReadyForQuery" {
			break
		}
	}
	if got, want := strings.Join(trace, "; "), "ParseComplete; BindComplete; NoData; CopyOutResponse 0 [0 0]; CopyData 1,x\n; CopyData 2,\n; CopyDone; CommandComplete; ReadyForQuery"; got != want {
		t.Fatalf("extended COPY TO:\n got %s\nwant %s", got, want)
	}

	send(&pgproto3.Parse{Query: "COPY ext FROM STDIN"}, &pgproto3.Bind{}, &pgproto3.Execute{}, &pgproto3.Flush{})
	for {
		m := receive()
		if r, ok := m.(*pgproto3.CopyInResponse); ok {
			if r.OverallFormat != 0 || len(r.ColumnFormatCodes) != 2 {
				t.Fatalf("CopyInResponse %+v", r)
			}
			break
		}
	}
	send(&pgproto3.CopyData{Data: []byte("3\tthree\n4\t")}, &pgproto3.Flush{}, &pgproto3.Sync{}, &pgproto3.CopyData{Data: []byte("four\n")}, &pgproto3.CopyDone{}, &pgproto3.Sync{})
	trace = nil
	for {
		m := receive()
		switch m := m.(type) {
		case *pgproto3.CommandComplete:
			trace = append(trace, string(m.CommandTag))
		case *pgproto3.ErrorResponse:
			t.Fatalf("extended COPY FROM: %s", m.Message)
		}
		if _, ok := m.(*pgproto3.ReadyForQuery); ok {
			break
		}
	}
	if strings.Join(trace, ";") != "COPY 2" {
		t.Fatalf("extended COPY FROM completed with %v", trace)
	}

	// A client gone mid-COPY: its session ends, the rows are not loaded,
	// and the server goes on.
	send(&pgproto3.Query{String: "COPY ext FROM STDIN"})
	for {
		if _, ok := receive().(*pgproto3.CopyInResponse); ok {
			break
		}
	}
	send(&pgproto3.CopyData{Data: []byte("5\tfive\n")})
	hc.Conn.Close()
	var count int
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM ext").Scan(&count); err != nil || count != 4 {
		t.Fatalf("after the client left: %d rows, %v", count, err)
	}

	// pg_terminate_backend reaches a session waiting for COPY data.
	idle := c.connect()
	idlePID := backendPID(t, idle)
	ih, err := idle.PgConn().Hijack()
	if err != nil {
		t.Fatal(err)
	}
	defer ih.Conn.Close()
	ih.Conn.SetDeadline(time.Now().Add(30 * time.Second))
	ih.Frontend.Send(&pgproto3.Query{String: "COPY ext FROM STDIN"})
	if err := ih.Frontend.Flush(); err != nil {
		t.Fatal(err)
	}
	for {
		m, err := ih.Frontend.Receive()
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := m.(*pgproto3.CopyInResponse); ok {
			break
		}
	}
	mustExec(t, conn, "SELECT pg_terminate_backend($1)", idlePID)
	var fatal string
	for fatal == "" {
		m, err := ih.Frontend.Receive()
		if err != nil {
			t.Fatalf("terminated session: no FATAL before %v", err)
		}
		if e, ok := m.(*pgproto3.ErrorResponse); ok {
			fatal = e.Severity + " " + e.Code + " " + e.Message
		}
	}
	if fatal != "FATAL 57P01 terminating connection due to administrator command" {
		t.Fatalf("terminated session got %q", fatal)
	}

	if strings.Contains(c.log(), "PANIC") || strings.Contains(c.log(), "panic:") {
		t.Fatalf("server log:\n%s", c.log())
	}
}

// COPY into a table with indexes keeps each batch's values until the
// batch is stored; large values make batches smaller, and every row's
// index entries and TOASTed value come out right.
func TestCopyLargeValuesIndexed(t *testing.T) {
	c := newCluster(t)
	c.start()
	conn := c.connect()
	ctx := context.Background()
	mustExec(t, conn, "CREATE TABLE big (id int PRIMARY KEY, body text, tag text)")
	mustExec(t, conn, "CREATE INDEX big_tag ON big (tag)")
	var in strings.Builder
	for i := 1; i <= 200; i++ {
		fmt.Fprintf(&in, "%d\t%s\tt%d\n", i, strings.Repeat(string(rune('a'+i%26)), 100_000+i), i%7)
	}
	if _, err := conn.PgConn().CopyFrom(ctx, strings.NewReader(in.String()), "COPY big FROM STDIN"); err != nil {
		t.Fatal(err)
	}
	mustExec(t, conn, "SET enable_seqscan = off")
	var n, total int
	if err := conn.QueryRow(ctx, "SELECT count(*), sum(length(body)) FROM big WHERE tag = 't3'").Scan(&n, &total); err != nil {
		t.Fatal(err)
	}
	wantN, wantTotal := 0, 0
	for i := 1; i <= 200; i++ {
		if i%7 == 3 {
			wantN++
			wantTotal += 100_000 + i
		}
	}
	if n != wantN || total != wantTotal {
		t.Fatalf("tag t3: %d rows, %d bytes; want %d, %d", n, total, wantN, wantTotal)
	}
	var body string
	if err := conn.QueryRow(ctx, "SELECT body FROM big WHERE id = 150").Scan(&body); err != nil || body != strings.Repeat(string(rune('a'+150%26)), 100_150) {
		t.Fatalf("row 150 through the primary key: %d bytes, %v", len(body), err)
	}
}

// TestCopyIndexedSurvivesCrash: a COPY into a table with a primary key
// and a second index (rows stored a page at a time, index entries added
// per row, leaves split along the way) is cut by an immediate stop,
// after an earlier COPY committed. Recovery brings back exactly the
// committed rows, both indexes find each of them and nothing else, the
// primary key still refuses a duplicate, and every page on disk
// verifies, with and without data checksums.
func TestCopyIndexedSurvivesCrash(t *testing.T) {
	bothChecksumModes(t, func(t *testing.T, initArgs []string) { copyIndexedSurvivesCrash(t, initArgs, true) })
}

// TestCopyAppendRunSurvivesCrash is TestCopyIndexedSurvivesCrash for a
// table whose primary key is its only index: its entries go in by append
// runs (the rightmost leaf kept locked over a batch's rows and logged as
// a full-page image), so recovery replays those images.
func TestCopyAppendRunSurvivesCrash(t *testing.T) {
	bothChecksumModes(t, func(t *testing.T, initArgs []string) { copyIndexedSurvivesCrash(t, initArgs, false) })
}

func copyIndexedSurvivesCrash(t *testing.T, initArgs []string, textIndex bool) {
	c := newClusterArgs(t, initArgs)
	c.start()
	ctx := context.Background()
	conn, other := c.connect(), c.connect()
	mustExec(t, conn, "CREATE TABLE keyed (id int PRIMARY KEY, t text)")
	if textIndex {
		mustExec(t, conn, "CREATE INDEX keyed_t ON keyed (t)")
	}
	// With checksums, the first change of each page after a checkpoint
	// carries the page's image.
	mustExec(t, conn, "CHECKPOINT")
	const committed = 30_000
	if _, err := conn.PgConn().CopyFrom(ctx, &endlessRows{limit: committed}, "COPY keyed FROM STDIN"); err != nil {
		t.Fatalf("first COPY: %v", err)
	}
	pid := backendPID(t, conn)
	done := make(chan error, 1)
	go func() {
		// Keys above the committed ones: the insertions take the
		// rightmost-leaf fastpath and split the rightmost leaves.
		rows := &endlessRows{next: committed, limit: 50_000_000}
		_, err := conn.PgConn().CopyFrom(ctx, rows, "COPY keyed FROM STDIN")
		done <- err
	}()
	deadline := time.Now().Add(20 * time.Second)
	for {
		var active bool
		if err := other.QueryRow(ctx, "SELECT count(*) > 0 FROM pg_stat_activity WHERE pid = $1 AND query LIKE 'COPY keyed%' AND state = 'active'", pid).Scan(&active); err != nil {
			t.Fatal(err)
		}
		if active || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond)
	other.Close(ctx)
	c.stop("immediate")
	if err := <-done; err == nil {
		t.Fatal("the COPY cut by the immediate stop succeeded")
	}
	c.start()
	conn = c.connect()
	if got := count(t, conn, "SELECT count(*) FROM keyed"); got != committed {
		t.Fatalf("%d rows after recovery, want %d", got, committed)
	}
	mustExec(t, conn, "SET enable_seqscan = off")
	mustExec(t, conn, "SET enable_bitmapscan = off")
	for _, q := range []string{
		"SELECT count(*) FROM keyed WHERE id > 0",
		"SELECT count(*) FROM keyed WHERE t > ''",
		// Each row through the primary key, and through the text index.
		"SELECT count(*) FROM generate_series(1, 40000) g WHERE EXISTS (SELECT 1 FROM keyed WHERE id = g)",
		"SELECT count(*) FROM generate_series(1, 40000) g WHERE EXISTS (SELECT 1 FROM keyed WHERE t = 'some text for row ' || g)",
	} {
		if !textIndex && strings.Contains(q, "WHERE t ") {
			continue // no text index to check
		}
		if got := count(t, conn, q); got != committed {
			t.Fatalf("%s: %d after recovery, want %d", q, got, committed)
		}
	}
	_, err := conn.Exec(ctx, "INSERT INTO keyed VALUES (17, 'again')")
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "23505" {
		t.Fatalf("duplicate key after recovery: %v", err)
	}
	mustExec(t, conn, "INSERT INTO keyed SELECT g, 'later ' || g FROM generate_series(40001, 45000) g")
	if got := count(t, conn, "SELECT count(*) FROM keyed WHERE id > 40000"); got != 5000 {
		t.Fatalf("%d rows inserted after recovery found through the key, want 5000", got)
	}
	conn.Close(ctx)
	c.stop("fast")
	if bad := verifyDataPages(t, c.dataDir, len(initArgs) > 0); len(bad) > 0 {
		t.Fatalf("pages that do not verify:\n%s\nlog:\n%s", strings.Join(bad, "\n"), c.log())
	}
}
