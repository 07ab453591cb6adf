// pgx, the Go driver, against the server: binary formats of every common
// type, a Batch, pipeline mode, CopyFrom, a transaction that rolls back, a
// nested transaction (a savepoint) and a unique violation as
// *pgconn.PgError.

package clients

import (
	"context"
	"errors"
	"math/big"
	"net/netip"
	"reflect"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
)

func testPgx(t *testing.T, connString string) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, connString)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	exec := func(sql string, args ...any) {
		t.Helper()
		if _, err := conn.Exec(ctx, sql, args...); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	exec("drop table if exists gx_types, gx_items")
	exec(`create table gx_types (id int primary key, c_int2 int2, c_int4 int4, c_int8 int8,
		c_numeric numeric(20,5), c_float4 float4, c_float8 float8, c_bool bool, c_text text,
		c_varchar varchar(10), c_bytea bytea, c_date date, c_time time, c_timestamp timestamp,
		c_timestamptz timestamptz, c_interval interval, c_uuid uuid, c_jsonb jsonb, c_json json,
		c_int_array int4[], c_text_array text[], c_inet inet)`)
	exec("create table gx_items (id int primary key, name text unique not null, n int8)")

	// Every type, sent and received in binary (pgx's default for the
	// types it knows, through the extended protocol).
	ts := time.Date(2001, 2, 3, 4, 5, 6, 789000000, time.UTC)
	num := pgtype.Numeric{Int: big.NewInt(1234567891), Exp: -5, Valid: true}
	uuid := [16]byte{0xa0, 0xee, 0xbc, 0x99, 0x9c, 0x0b, 0x4e, 0xf8, 0xbb, 0x6d, 0x6b, 0xb9, 0xbd, 0x38, 0x0a, 0x11}
	in := []any{int16(32767), int32(-2147483648), int64(9223372036854775807), num, float32(1.5), -2.25e100,
		true, "héllo 'q'", "short", []byte{0, 1, 0xfe, 0xff}, time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC),
		pgtype.Time{Microseconds: (23*3600+59*60+58)*1e6 + 123456, Valid: true}, ts, ts,
		pgtype.Interval{Months: 14, Days: 3, Microseconds: 4 * 3600e6, Valid: true}, uuid,
		map[string]any{"a": []any{1.0, "x"}}, map[string]any{"b": nil}, []int32{1, 2, 3}, []string{"a", "b c", "d,e"},
		netip.MustParsePrefix("10.1.2.3/16")}
	exec(`insert into gx_types values (1, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,
		$16, $17, $18, $19, $20, $21)`, in...)
	exec("insert into gx_types (id) values (2)")
	var (
		i2       int16
		i4       int32
		i8       int64
		n        pgtype.Numeric
		f4       float32
		f8       float64
		b        bool
		txt, vc  string
		by       []byte
		d        time.Time
		tm       pgtype.Time
		tsp, tsz time.Time
		iv       pgtype.Interval
		u        [16]byte
		jb, js   map[string]any
		ia       []int32
		ta       []string
		inet     netip.Prefix
	)
	err = conn.QueryRow(ctx, "select c_int2, c_int4, c_int8, c_numeric, c_float4, c_float8, c_bool, c_text, c_varchar, c_bytea, c_date, c_time, c_timestamp, c_timestamptz, c_interval, c_uuid, c_jsonb, c_json, c_int_array, c_text_array, c_inet from gx_types where id = 1").
		Scan(&i2, &i4, &i8, &n, &f4, &f8, &b, &txt, &vc, &by, &d, &tm, &tsp, &tsz, &iv, &u, &jb, &js, &ia, &ta, &inet)
	if err != nil {
		t.Fatal(err)
	}
	out := []any{i2, i4, i8, n, f4, f8, b, txt, vc, by, d, tm, tsp, tsz.UTC(), iv, u, jb, js, ia, ta, inet}
	for k := range in {
		if !reflect.DeepEqual(out[k], in[k]) {
			t.Errorf("parameter $%d: got %#v, want %#v", k+1, out[k], in[k])
		}
	}
	var nulls []any
	rows, _ := conn.Query(ctx, "select * from gx_types where id = 2")
	for rows.Next() {
		nulls, err = rows.Values()
	}
	if err != nil || rows.Err() != nil {
		t.Fatal(err, rows.Err())
	}
	for k, v := range nulls[1:] {
		if v != nil {
			t.Errorf("column %d of the NULL row: %#v", k+2, v)
		}
	}
	// The text format on request, for comparison.
	var asText string
	if err := conn.QueryRow(ctx, "select c_interval from gx_types where id = 1", pgx.QueryResultFormats{pgx.TextFormatCode}).Scan(&asText); err != nil || asText != "1 year 2 mons 3 days 04:00:00" {
		t.Errorf("interval as text: %q, %v", asText, err)
	}

	// bit and bit varying in binary (pgtype.Bits); money, which pgx has
	// no codec for, as text.
	var bit5, varbit, roundTrip pgtype.Bits
	var money string
	err = conn.QueryRow(ctx, "select B'10110'::bit(5), X'ABC'::varbit, $1::varbit(20), '-1234.5'::money",
		pgtype.Bits{Bytes: []byte{0xff, 0xe0}, Len: 11, Valid: true}).Scan(&bit5, &varbit, &roundTrip, &money)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(bit5, pgtype.Bits{Bytes: []byte{0xb0}, Len: 5, Valid: true}) ||
		!reflect.DeepEqual(varbit, pgtype.Bits{Bytes: []byte{0xab, 0xc0}, Len: 12, Valid: true}) ||
		!reflect.DeepEqual(roundTrip, pgtype.Bits{Bytes: []byte{0xff, 0xe0}, Len: 11, Valid: true}) || money != "-$1,234.50" {
		t.Errorf("bit strings and money: %#v %#v %#v %q", bit5, varbit, roundTrip, money)
	}

	// CopyFrom (binary COPY).
	src := make([][]any, 1000)
	for k := range src {
		src[k] = []any{int32(k), "item" + string(rune('a'+k%26)) + string(rune('0'+k/26%10)) + string(rune('0'+k/260)), int64(k)}
	}
	copied, err := conn.CopyFrom(ctx, pgx.Identifier{"gx_items"}, []string{"id", "name", "n"}, pgx.CopyFromRows(src))
	if err != nil || copied != 1000 {
		t.Fatalf("CopyFrom: %d rows, %v", copied, err)
	}
	var sum int64
	if err := conn.QueryRow(ctx, "select sum(n) from gx_items").Scan(&sum); err != nil || sum != 499500 {
		t.Fatalf("sum after CopyFrom: %d, %v", sum, err)
	}

	// A Batch: several statements in one round trip.
	batch := &pgx.Batch{}
	batch.Queue("update gx_items set n = n + 1 where id < $1", 10)
	batch.Queue("select count(*) from gx_items where n > id")
	batch.Queue("select name from gx_items where id = $1", 0)
	br := conn.SendBatch(ctx, batch)
	tag, err := br.Exec()
	if err != nil || tag.RowsAffected() != 10 {
		t.Fatalf("batch update: %v, %v", tag, err)
	}
	var cnt int64
	if err := br.QueryRow().Scan(&cnt); err != nil || cnt != 10 {
		t.Fatalf("batch count: %d, %v", cnt, err)
	}
	var name string
	if err := br.QueryRow().Scan(&name); err != nil || name != "itema00" {
		t.Fatalf("batch name: %q, %v", name, err)
	}
	if err := br.Close(); err != nil {
		t.Fatal(err)
	}

	// Pipeline mode: Parse/Describe/Bind/Execute of several statements
	// before one Sync, then their results in order.
	p := conn.PgConn().StartPipeline(ctx)
	p.SendPrepare("gx_stmt", "select n from gx_items where id = $1", nil)
	p.SendQueryPrepared("gx_stmt", [][]byte{[]byte("5")}, nil, nil)
	p.SendQueryParams("select $1::text || 'y'", [][]byte{[]byte("x")}, nil, nil, nil)
	if err := p.Sync(); err != nil {
		t.Fatal(err)
	}
	res, err := p.GetResults()
	if sd, ok := res.(*pgconn.StatementDescription); err != nil || !ok || len(sd.ParamOIDs) != 1 || sd.ParamOIDs[0] != 23 {
		t.Fatalf("pipeline prepare: %#v, %v", res, err)
	}
	for _, want := range []string{"6", "xy"} {
		res, err = p.GetResults()
		rr, ok := res.(*pgconn.ResultReader)
		if err != nil || !ok {
			t.Fatalf("pipeline result: %#v, %v", res, err)
		}
		r := rr.Read()
		if r.Err != nil || len(r.Rows) != 1 || string(r.Rows[0][0]) != want {
			t.Fatalf("pipeline rows: %q, %v; want %s", r.Rows, r.Err, want)
		}
	}
	if res, err = p.GetResults(); err != nil {
		t.Fatal(err)
	} else if _, ok := res.(*pgconn.PipelineSync); !ok {
		t.Fatalf("pipeline end: %#v", res)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}

	// A transaction that rolls back, and a nested one (a savepoint).
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, "delete from gx_items"); err != nil {
		t.Fatal(err)
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	err = pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "insert into gx_items values (2000, 'kept', 0)"); err != nil {
			return err
		}
		inner := pgx.BeginFunc(ctx, tx, func(sp pgx.Tx) error {
			if _, err := sp.Exec(ctx, "insert into gx_items values (2001, 'undone', 0)"); err != nil {
				return err
			}
			_, err := sp.Exec(ctx, "insert into gx_items values ($1, $2, 0)", 2002, "kept")
			return err
		})
		var pe *pgconn.PgError
		if !errors.As(inner, &pe) {
			t.Fatalf("duplicate name: %v", inner)
		}
		want := pgconn.PgError{Severity: "ERROR", Code: "23505",
			Message:    `duplicate key value violates unique constraint "gx_items_name_key"`,
			Detail:     "Key (name)=(kept) already exists.",
			SchemaName: "public", TableName: "gx_items", ConstraintName: "gx_items_name_key"}
		got := pgconn.PgError{Severity: pe.Severity, Code: pe.Code, Message: pe.Message, Detail: pe.Detail,
			SchemaName: pe.SchemaName, TableName: pe.TableName, ConstraintName: pe.ConstraintName}
		if got != want {
			t.Errorf("unique violation:\n got %+v\nwant %+v", got, want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := conn.QueryRow(ctx, "select count(*) from gx_items").Scan(&cnt); err != nil || cnt != 1001 {
		t.Fatalf("rows after rollback and savepoint: %d, %v", cnt, err)
	}
	exec("drop table gx_types, gx_items")
}
