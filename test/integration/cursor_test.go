// SQL cursors beyond what the regression file can show: the extended
// protocol's Describe and Execute on a DECLAREd portal and the formats
// of FETCH's rows (message sequences recorded against PostgreSQL 15), a
// cursor's snapshot holding the process's xmin so that VACUUM keeps the
// rows it still reads, a canceled FETCH, and the temporary files of
// cursors that spill, gone with CLOSE, DISCARD ALL and the session.

package integration

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgproto3"
)

// exchange sends msgs (a Sync after them unless the first is a Query)
// and returns the backend's answer up to ReadyForQuery, one line a
// message.
func exchange(t *testing.T, fe *pgproto3.Frontend, msgs ...pgproto3.FrontendMessage) string {
	t.Helper()
	for _, m := range msgs {
		fe.Send(m)
	}
	if _, ok := msgs[0].(*pgproto3.Query); !ok {
		fe.Send(&pgproto3.Sync{})
	}
	if err := fe.Flush(); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for {
		m, err := fe.Receive()
		if err != nil {
			t.Fatal(err)
		}
		switch m := m.(type) {
		case *pgproto3.DataRow:
			fmt.Fprintf(&b, "DataRow %q\n", m.Values)
		case *pgproto3.RowDescription:
			for _, f := range m.Fields {
				fmt.Fprintf(&b, "RowDescription %s %d format %d\n", f.Name, f.DataTypeOID, f.Format)
			}
		case *pgproto3.ErrorResponse:
			fmt.Fprintf(&b, "Error %s %s\n", m.Code, m.Message)
		case *pgproto3.CommandComplete:
			fmt.Fprintf(&b, "CommandComplete %s\n", m.CommandTag)
		case *pgproto3.ReadyForQuery:
			fmt.Fprintf(&b, "ReadyForQuery %c\n", m.TxStatus)
			return b.String()
		case *pgproto3.ParameterStatus, *pgproto3.NoticeResponse:
		default:
			fmt.Fprintf(&b, "%T\n", m)
		}
	}
}

func TestCursors(t *testing.T) {
	c := newCluster(t, "work_mem = '64kB'")
	c.start()
	ctx := context.Background()

	t.Run("extended protocol", func(t *testing.T) {
		conn := c.connect()
		hj, err := conn.PgConn().Hijack()
		if err != nil {
			t.Fatal(err)
		}
		defer hj.Conn.Close()
		fe := hj.Frontend
		q := func(s string) string { return exchange(t, fe, &pgproto3.Query{String: s}) }
		steps := []struct {
			got, want string
		}{
			{q("begin"), "CommandComplete BEGIN\nReadyForQuery T\n"},
			{q("declare c binary cursor for select g, 'x'||g as t from generate_series(1,5) g"), "CommandComplete DECLARE CURSOR\nReadyForQuery T\n"},
			// Execute on the cursor's portal: text rows (the portal has
			// no result formats), PortalSuspended until its end.
			{exchange(t, fe, &pgproto3.Describe{ObjectType: 'P', Name: "c"}, &pgproto3.Execute{Portal: "c", MaxRows: 2},
				&pgproto3.Execute{Portal: "c", MaxRows: 2}, &pgproto3.Execute{Portal: "c"}),
				"RowDescription g 23 format 0\nRowDescription t 25 format 0\nDataRow [\"1\" \"x1\"]\nDataRow [\"2\" \"x2\"]\n" +
					"*pgproto3.PortalSuspended\nDataRow [\"3\" \"x3\"]\nDataRow [\"4\" \"x4\"]\n*pgproto3.PortalSuspended\n" +
					"DataRow [\"5\" \"x5\"]\nCommandComplete SELECT 1\nReadyForQuery T\n"},
			{exchange(t, fe, &pgproto3.Execute{Portal: "c", MaxRows: 1}), "CommandComplete SELECT 0\nReadyForQuery T\n"},
			{q("move absolute 0 in c"), "CommandComplete MOVE 0\nReadyForQuery T\n"},
			// FETCH through the extended protocol: the Bind's formats.
			{exchange(t, fe, &pgproto3.Parse{Query: "fetch 2 from c"}, &pgproto3.Bind{ResultFormatCodes: []int16{1}},
				&pgproto3.Describe{ObjectType: 'P'}, &pgproto3.Execute{}),
				"*pgproto3.ParseComplete\n*pgproto3.BindComplete\nRowDescription g 23 format 1\nRowDescription t 25 format 1\n" +
					"DataRow [\"\\x00\\x00\\x00\\x01\" \"x1\"]\nDataRow [\"\\x00\\x00\\x00\\x02\" \"x2\"]\nCommandComplete FETCH 2\nReadyForQuery T\n"},
			{exchange(t, fe, &pgproto3.Parse{Query: "fetch 2 from c"}, &pgproto3.Describe{ObjectType: 'S'}, &pgproto3.Bind{}, &pgproto3.Execute{}),
				"*pgproto3.ParseComplete\n*pgproto3.ParameterDescription\nRowDescription g 23 format 0\nRowDescription t 25 format 0\n" +
					"*pgproto3.BindComplete\nDataRow [\"3\" \"x3\"]\nDataRow [\"4\" \"x4\"]\nCommandComplete FETCH 2\nReadyForQuery T\n"},
			// A simple query's FETCH from a BINARY cursor: binary rows.
			{q("fetch 1 from c"), "RowDescription g 23 format 1\nRowDescription t 25 format 1\nDataRow [\"\\x00\\x00\\x00\\x05\" \"x5\"]\nCommandComplete FETCH 1\nReadyForQuery T\n"},
			{exchange(t, fe, &pgproto3.Parse{Name: "s", Query: "select 1"}, &pgproto3.Bind{PreparedStatement: "s", DestinationPortal: "c"}),
				"*pgproto3.ParseComplete\nError 42P03 cursor \"c\" already exists\nReadyForQuery E\n"},
			{q("rollback"), "CommandComplete ROLLBACK\nReadyForQuery I\n"},
			// DECLARE with a parameter; the Close message closes a cursor.
			{q("begin"), "CommandComplete BEGIN\nReadyForQuery T\n"},
			{exchange(t, fe, &pgproto3.Parse{Query: "declare p cursor for select $1::int + g from generate_series(1,3) g"},
				&pgproto3.Describe{ObjectType: 'S'}, &pgproto3.Bind{Parameters: [][]byte{[]byte("10")}}, &pgproto3.Execute{}),
				"*pgproto3.ParseComplete\n*pgproto3.ParameterDescription\n*pgproto3.NoData\n*pgproto3.BindComplete\nCommandComplete DECLARE CURSOR\nReadyForQuery T\n"},
			{q("fetch 2 from p"), "RowDescription ?column? 23 format 0\nDataRow [\"11\"]\nDataRow [\"12\"]\nCommandComplete FETCH 2\nReadyForQuery T\n"},
			{exchange(t, fe, &pgproto3.Close{ObjectType: 'P', Name: "p"}), "*pgproto3.CloseComplete\nReadyForQuery T\n"},
			{q("fetch p"), "Error 34000 cursor \"p\" does not exist\nReadyForQuery E\n"},
			{q("rollback"), "CommandComplete ROLLBACK\nReadyForQuery I\n"},
			// Outside a block: only WITH HOLD, which the Sync commits.
			{exchange(t, fe, &pgproto3.Parse{Query: "declare q cursor for select 1"}, &pgproto3.Bind{}, &pgproto3.Execute{}),
				"*pgproto3.ParseComplete\n*pgproto3.BindComplete\nError 25P01 DECLARE CURSOR can only be used in transaction blocks\nReadyForQuery I\n"},
			{exchange(t, fe, &pgproto3.Parse{Query: "declare q cursor with hold for select 1"}, &pgproto3.Bind{}, &pgproto3.Execute{}),
				"*pgproto3.ParseComplete\n*pgproto3.BindComplete\nCommandComplete DECLARE CURSOR\nReadyForQuery I\n"},
			{exchange(t, fe, &pgproto3.Describe{ObjectType: 'P', Name: "q"}, &pgproto3.Execute{Portal: "q", MaxRows: 1}),
				"RowDescription ?column? 23 format 0\nDataRow [\"1\"]\n*pgproto3.PortalSuspended\nReadyForQuery I\n"},
			// A portal Bind made lasts till the end of its transaction:
			// the Sync's outside a block, COMMIT's inside one.
			{exchange(t, fe, &pgproto3.Parse{Name: "gs", Query: "select g from generate_series(1,3) g"},
				&pgproto3.Bind{PreparedStatement: "gs", DestinationPortal: "np"}, &pgproto3.Execute{Portal: "np", MaxRows: 1}),
				"*pgproto3.ParseComplete\n*pgproto3.BindComplete\nDataRow [\"1\"]\n*pgproto3.PortalSuspended\nReadyForQuery I\n"},
			{exchange(t, fe, &pgproto3.Execute{Portal: "np", MaxRows: 1}), "Error 34000 portal \"np\" does not exist\nReadyForQuery I\n"},
			{exchange(t, fe, &pgproto3.Bind{PreparedStatement: "gs", DestinationPortal: "nx"}), "*pgproto3.BindComplete\nReadyForQuery I\n"},
			{exchange(t, fe, &pgproto3.Describe{ObjectType: 'P', Name: "nx"}), "Error 34000 portal \"nx\" does not exist\nReadyForQuery I\n"},
			{q("begin"), "CommandComplete BEGIN\nReadyForQuery T\n"},
			{exchange(t, fe, &pgproto3.Bind{PreparedStatement: "gs", DestinationPortal: "np"}, &pgproto3.Execute{Portal: "np", MaxRows: 1}),
				"*pgproto3.BindComplete\nDataRow [\"1\"]\n*pgproto3.PortalSuspended\nReadyForQuery T\n"},
			{exchange(t, fe, &pgproto3.Execute{Portal: "np", MaxRows: 1}), "DataRow [\"2\"]\n*pgproto3.PortalSuspended\nReadyForQuery T\n"},
			{q("commit"), "CommandComplete COMMIT\nReadyForQuery I\n"},
			{exchange(t, fe, &pgproto3.Execute{Portal: "np", MaxRows: 1}), "Error 34000 portal \"np\" does not exist\nReadyForQuery I\n"},
			{exchange(t, fe, &pgproto3.Execute{Portal: "q", MaxRows: 1}), "CommandComplete SELECT 0\nReadyForQuery I\n"},
		}
		for i, s := range steps {
			if s.got != s.want {
				t.Fatalf("step %d:\ngot:\n%s\nwant:\n%s", i, s.got, s.want)
			}
		}
	})

	t.Run("snapshot keeps xmin", func(t *testing.T) {
		a, b := c.connect(), c.connect()
		execAll(t, b, "create table cur_xmin (id int)", "insert into cur_xmin select generate_series(1, 5)")
		defer func() {
			// a's transaction holds the table until a goes.
			a.Close(ctx)
			b.Exec(ctx, "drop table cur_xmin")
		}()
		pid := pidOf(t, a)
		xmin := func() *int64 {
			var x *int64
			if err := b.QueryRow(ctx, "select backend_xmin::text::int8 from pg_stat_activity where pid = $1", pid).Scan(&x); err != nil {
				t.Fatal(err)
			}
			return x
		}
		execAll(t, a, "begin", "declare c cursor for select id from cur_xmin order by id", "select 1")
		if xmin() == nil {
			t.Fatal("no xmin while a cursor reads under its snapshot")
		}
		// The rows the cursor still sees survive a VACUUM.
		execAll(t, b, "delete from cur_xmin where id > 2", "vacuum cur_xmin")
		rows, err := a.Query(ctx, "fetch all from c")
		if err != nil {
			t.Fatal(err)
		}
		var got []int32
		for rows.Next() {
			var v int32
			rows.Scan(&v)
			got = append(got, v)
		}
		if rows.Err() != nil || fmt.Sprint(got) != "[1 2 3 4 5]" {
			t.Fatalf("cursor read %v (%v)", got, rows.Err())
		}
		execAll(t, a, "close c")
		if x := xmin(); x != nil {
			t.Fatalf("xmin %d kept after the cursor closed", *x)
		}
		execAll(t, a, "rollback")
	})

	t.Run("canceled fetch", func(t *testing.T) {
		a := c.connect()
		execAll(t, a, "set statement_timeout = '200ms'", "begin",
			"declare c cursor for select pg_sleep(0.01), g from generate_series(1, 100000) g", "savepoint s")
		_, err := a.Exec(ctx, "fetch all from c")
		if pe := pgErr(t, err, "57014"); pe.Message != "canceling statement due to statement timeout" {
			t.Fatal(pe.Message)
		}
		execAll(t, a, "rollback to s")
		_, err = a.Exec(ctx, "fetch c")
		if pe := pgErr(t, err, "55000"); pe.Message != `portal "c" cannot be run` {
			t.Fatal(pe.Message)
		}
		execAll(t, a, "rollback")

		// A WITH HOLD cursor is read to its end as its transaction
		// commits: statement_timeout does not stop that (PostgreSQL
		// disables it for the commit), a cancel request does, and the
		// transaction then rolls back.
		execAll(t, a, "begin", "declare h cursor with hold for select pg_sleep(0.001) from generate_series(1, 500)", "commit")
		var n int
		if err := a.QueryRow(ctx, "select count(*) from pg_cursors where name = 'h'").Scan(&n); err != nil || n != 1 {
			t.Fatalf("held cursor: %d (%v)", n, err)
		}
		execAll(t, a, "close h", "reset statement_timeout", "begin",
			"declare h cursor with hold for select pg_sleep(0.01) from generate_series(1, 100000)")
		errc := make(chan error, 1)
		go func() { _, err := a.Exec(ctx, "commit"); errc <- err }()
		time.Sleep(300 * time.Millisecond)
		a.PgConn().CancelRequest(ctx)
		if pe := pgErr(t, <-errc, "57014"); pe.Message != "canceling statement due to user request" {
			t.Fatal(pe.Message)
		}
		if err := a.QueryRow(ctx, "select count(*) from pg_cursors").Scan(&n); err != nil || n != 0 {
			t.Fatalf("cursors after the canceled commit: %d (%v)", n, err)
		}
	})

	t.Run("temporary files", func(t *testing.T) {
		a := c.connect()
		execAll(t, a, "begin", "declare big scroll cursor for select g, repeat('x', 200) from generate_series(1, 20000) g",
			"move forward all in big")
		if len(tempFilesIn(t, c.dataDir)) == 0 {
			t.Fatal("a scrollable cursor past work_mem wrote no temporary file")
		}
		var g int
		if err := a.QueryRow(ctx, "fetch absolute 7 from big").Scan(&g, new(string)); err != nil || g != 7 {
			t.Fatalf("row %d (%v)", g, err)
		}
		execAll(t, a, "close big")
		if left := tempFilesIn(t, c.dataDir); len(left) > 0 {
			t.Fatalf("temporary files after CLOSE: %v", left)
		}
		execAll(t, a, "declare h cursor with hold for select g, repeat('x', 200) from generate_series(1, 20000) g", "commit")
		if len(tempFilesIn(t, c.dataDir)) == 0 {
			t.Fatal("a held cursor past work_mem wrote no temporary file")
		}
		if err := a.QueryRow(ctx, "fetch absolute 19999 from h").Scan(&g, new(string)); err != nil || g != 19999 {
			t.Fatalf("row %d (%v)", g, err)
		}
		execAll(t, a, "discard all")
		if left := tempFilesIn(t, c.dataDir); len(left) > 0 {
			t.Fatalf("temporary files after DISCARD ALL: %v", left)
		}
		execAll(t, a, "declare h cursor with hold for select g, repeat('x', 200) from generate_series(1, 20000) g")
		if len(tempFilesIn(t, c.dataDir)) == 0 {
			t.Fatal("a held cursor past work_mem wrote no temporary file")
		}
		a.Close(ctx)
		deadline := time.Now().Add(10 * time.Second)
		for len(tempFilesIn(t, c.dataDir)) > 0 {
			if time.Now().After(deadline) {
				t.Fatalf("temporary files after the session ended: %v", tempFilesIn(t, c.dataDir))
			}
			time.Sleep(10 * time.Millisecond)
		}
	})
}

// execAll runs each statement in turn on conn.
func execAll(t *testing.T, conn *pgx.Conn, stmts ...string) {
	t.Helper()
	for _, s := range stmts {
		if _, err := conn.Exec(context.Background(), s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}
