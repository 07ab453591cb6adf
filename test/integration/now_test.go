// 'now' and its relatives read the transaction start, through the backend's
// plan cache and both protocols.

package integration

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// TestNowIsTransactionStart checks that 'now', 'today' and friends are the
// transaction's start time, as in PostgreSQL: two statements of one
// transaction insert equal values, and the same query text sent again in a
// later transaction reads that transaction's start, not the one of the
// transaction that first planned the text.
func TestNowIsTransactionStart(t *testing.T) {
	c := newCluster(t)
	c.start()
	ctx := context.Background()
	conn := c.connect()
	defer conn.Close(ctx)
	simple := pgx.QueryExecModeSimpleProtocol

	// pgx sends a statement without arguments as a Query message
	// whatever the mode: the inserts take one, so that the extended
	// protocol (Parse, Bind, Execute) is exercised too.
	exec := func(q string, mode pgx.QueryExecMode, args ...any) {
		t.Helper()
		if _, err := conn.Exec(ctx, q, append([]any{mode}, args...)...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	queryBool := func(q string, mode pgx.QueryExecMode) bool {
		t.Helper()
		var b bool
		if err := conn.QueryRow(ctx, q, mode).Scan(&b); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return b
	}

	exec(`CREATE TABLE stamps (a timestamptz, b timestamp, c date, note text)`, simple)
	const insertLiteral = `INSERT INTO stamps VALUES (timestamptz 'now', timestamp 'now', date 'today', $1)`
	const insertCast = `INSERT INTO stamps VALUES ('now'::text::timestamptz, 'now'::text::timestamp, 'today'::text::date, $1)`
	const allEqual = `SELECT count(DISTINCT a) = 1 AND count(DISTINCT b) = 1 AND count(DISTINCT c) = 1 AND bool_and(a = now()) FROM stamps`
	for _, mode := range []pgx.QueryExecMode{simple, pgx.QueryExecModeDescribeExec} {
		for round := 0; round < 2; round++ {
			// The second round sends the same texts again, in a new
			// transaction that starts later.
			exec(`DELETE FROM stamps`, simple)
			time.Sleep(20 * time.Millisecond)
			exec(`BEGIN`, simple)
			exec(insertLiteral, mode, "literal")
			time.Sleep(20 * time.Millisecond)
			exec(insertCast, mode, "cast")
			time.Sleep(20 * time.Millisecond)
			exec(insertLiteral, mode, "literal again")
			if !queryBool(allEqual, mode) {
				t.Errorf("mode %v, round %d: rows inserted with 'now' in one transaction differ or are not now()", mode, round)
			}
			exec(`COMMIT`, simple)
		}
	}
	// Outside a block each Query message is a transaction of its own.
	// (With the extended protocol, Parse and Execute may be in different
	// implicit transactions, and PostgreSQL folds 'now' at Parse.)
	for i := 0; i < 3; i++ {
		if !queryBool(`SELECT timestamptz 'now' = now() AND timestamp 'now' = localtimestamp AND date 'today' = current_date`, simple) {
			t.Errorf("query %d: 'now' is not the start of the query's own transaction", i)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
