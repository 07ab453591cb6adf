// Values on the wire: what a client stores is what it reads back.

package integration

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// TestEmptyValuesAreNotNull round-trips zero-length values (empty text,
// varchar, bytea, an empty string inside an array, void) through psql,
// gpsql and pgx in the simple protocol (text format), the extended protocol
// with binary results, and as Bind parameters. A zero-length field and a
// NULL differ on the wire by one length word; an empty string must never
// arrive as NULL.
func TestEmptyValuesAreNotNull(t *testing.T) {
	c := newCluster(t)
	c.start()
	ctx := context.Background()

	const query = `SELECT '', '' || '', split_part('42', ',', 2), ''::varchar, ''::bytea, ARRAY['']::text[], pg_sleep(0), NULL::text`
	const want = `||||\x|{""}||NULL`
	for _, tool := range []string{"psql", "gpsql"} {
		out, err := c.runClient(tool, "-X", "-A", "-t", "-P", "null=NULL", "-c", query)
		if err != nil {
			t.Fatalf("%s: %v\n%s", tool, err, out)
		}
		if got := strings.TrimSpace(out); got != want {
			t.Errorf("%s printed %q, want %q", tool, got, want)
		}
	}

	conn := c.connect()
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `CREATE TABLE empties (t text, v varchar(5), b bytea, a text[])`); err != nil {
		t.Fatal(err)
	}
	// Stored through Bind parameters (text and binary formats chosen by pgx).
	if _, err := conn.Exec(ctx, `INSERT INTO empties VALUES ($1, $2, $3, $4)`, "", "", []byte{}, []string{""}); err != nil {
		t.Fatal(err)
	}
	// Stored through literals in the simple protocol.
	if _, err := conn.Exec(ctx, `INSERT INTO empties VALUES ('', '', '', '{""}')`, pgx.QueryExecModeSimpleProtocol); err != nil {
		t.Fatal(err)
	}
	for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeSimpleProtocol, pgx.QueryExecModeDescribeExec, pgx.QueryExecModeCacheStatement} {
		rows, err := conn.Query(ctx, `SELECT t, v, b, a, t IS NULL OR v IS NULL OR b IS NULL FROM empties`, mode)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for rows.Next() {
			n++
			var tv, vv *string
			var bv []byte
			var av []*string
			var anyNull bool
			if err := rows.Scan(&tv, &vv, &bv, &av, &anyNull); err != nil {
				t.Fatalf("mode %v: %v", mode, err)
			}
			if anyNull {
				t.Fatalf("mode %v: the server stored NULL for an empty value", mode)
			}
			if tv == nil || *tv != "" || vv == nil || *vv != "" || bv == nil || len(bv) != 0 {
				t.Errorf("mode %v: row %d read back t=%v v=%v b=%v, want three empty non-NULL values", mode, n, tv, vv, bv)
			}
			if len(av) != 1 || av[0] == nil || *av[0] != "" {
				t.Errorf("mode %v: row %d read back array %v, want one empty string", mode, n, av)
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		if n != 2 {
			t.Fatalf("mode %v: %d rows, want 2", mode, n)
		}
	}
	// An empty parameter compared on the server is an empty string too.
	var isNull, isEmpty bool
	if err := conn.QueryRow(ctx, `SELECT $1::text IS NULL, $1::text = ''`, "").Scan(&isNull, &isEmpty); err != nil {
		t.Fatal(err)
	}
	if isNull || !isEmpty {
		t.Errorf("empty parameter: IS NULL %v, = '' %v; want false, true", isNull, isEmpty)
	}
}
