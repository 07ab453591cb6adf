package integration

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestShapePlansAndParseMessages sends queries that differ only in an
// integer literal, as text (simple protocol: after a few the server runs
// one plan for their shape) and in Parse messages (extended protocol,
// which must always run the statement with its own literal), and checks
// every answer. A Parse of a text whose shape has a plan once got the
// template's statement with the template's values.
func TestShapePlansAndParseMessages(t *testing.T) {
	c := newCluster(t)
	c.start()
	conn := c.connect()
	ctx := context.Background()
	pc := conn.PgConn()
	simple := func(q string) string {
		t.Helper()
		res, err := pc.Exec(ctx, q).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		var rows [][][]byte
		for _, r := range res {
			rows = append(rows, r.Rows...)
		}
		return joinRows(rows)
	}
	extended := func(q string) string {
		t.Helper()
		r := pc.ExecParams(ctx, q, nil, nil, nil, nil).Read()
		if r.Err != nil {
			t.Fatalf("%s: %v", q, r.Err)
		}
		return joinRows(r.Rows)
	}
	simple("CREATE TABLE sp (a int PRIMARY KEY, b text)")
	simple("INSERT INTO sp SELECT g, 'v' || g FROM generate_series(1, 1000) g")
	for round := 0; round < 3; round++ {
		for i := 1; i <= 40; i++ {
			k := i*7 + round
			want := fmt.Sprintf("%d|v%d", k, k)
			q := fmt.Sprintf("SELECT a, b FROM sp WHERE a = %d", k)
			if got := simple(q); got != want {
				t.Fatalf("simple %q: %q, want %q", q, got, want)
			}
			q = fmt.Sprintf("SELECT a, b FROM sp WHERE a = %d", k+1)
			want = fmt.Sprintf("%d|v%d", k+1, k+1)
			if got := extended(q); got != want {
				t.Fatalf("extended %q: %q, want %q", q, got, want)
			}
			q = fmt.Sprintf("UPDATE sp SET b = b || '' WHERE a = %d RETURNING a, b", k+2)
			want = fmt.Sprintf("%d|v%d", k+2, k+2)
			if got := simple(q); got != want {
				t.Fatalf("simple %q: %q, want %q", q, got, want)
			}
		}
		// A table that grows a lot gets its queries planned again; the
		// answers stay right either way.
		simple(fmt.Sprintf("INSERT INTO sp SELECT g, 'v' || g FROM generate_series(%d, %d) g", 1001+round*20000, 20000+round*20000))
	}
}

// joinRows prints text-format rows as "a|b;c|d".
func joinRows(rows [][][]byte) string {
	out := make([]string, len(rows))
	for i, row := range rows {
		cells := make([]string, len(row))
		for j, v := range row {
			cells[j] = string(v)
		}
		out[i] = strings.Join(cells, "|")
	}
	return strings.Join(out, ";")
}
