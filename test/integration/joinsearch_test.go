package integration

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// TestJoinSearchCanceled: an exhaustive join order search over many
// connected relations (geqo off, high collapse limits) grows
// combinatorially; statement_timeout must still end the statement while
// it plans, and the session must stay usable.
func TestJoinSearchCanceled(t *testing.T) {
	c := newCluster(t)
	c.start()
	conn := c.connect()
	ctx := context.Background()
	const n = 20
	var from, conds []string
	for i := 0; i < n; i++ {
		mustExec(t, conn, fmt.Sprintf("CREATE TEMP TABLE j%d (a int)", i))
		from = append(from, fmt.Sprintf("j%d", i))
		for k := i + 1; k < n; k++ {
			conds = append(conds, fmt.Sprintf("j%d.a = j%d.a", i, k))
		}
	}
	mustExec(t, conn, "SET geqo = off")
	mustExec(t, conn, "SET join_collapse_limit = 30")
	mustExec(t, conn, "SET from_collapse_limit = 30")
	mustExec(t, conn, "SET statement_timeout = '1s'")
	start := time.Now()
	qctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	_, err := conn.Exec(qctx, "SELECT count(*) FROM "+strings.Join(from, ", ")+" WHERE "+strings.Join(conds, " AND "))
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "57014" || pe.Message != "canceling statement due to statement timeout" {
		t.Fatalf("got %v after %v, want the statement timeout", err, time.Since(start))
	}
	if d := time.Since(start); d > 15*time.Second {
		t.Fatalf("the timeout took %v", d)
	}
	mustExec(t, conn, "RESET statement_timeout")
	var one int
	if err := conn.QueryRow(ctx, "SELECT 1").Scan(&one); err != nil || one != 1 {
		t.Fatalf("session after the timeout: %v", err)
	}
}
