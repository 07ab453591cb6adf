// Benchmarks of the front end's per-statement and per-row costs.

package sql_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/gpostgres/gpostgres/lib/sql"
	"github.com/gpostgres/gpostgres/lib/types"
)

func BenchmarkParsePrepareExecute(b *testing.B) {
	env := newTestEnv()
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		stmts, err := sql.Parse("SELECT 1 + 1, 'abc' || 'def', now()")
		if err != nil {
			b.Fatal(err)
		}
		p, err := sql.PrepareSimple(env, stmts[0])
		if err != nil {
			b.Fatal(err)
		}
		if _, err := p.Execute(ctx, env, nil, func([]types.Datum) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFilterSort(b *testing.B) {
	f := newFrontEnd()
	var rows [][]string
	for i := 0; i < 1000; i++ {
		rows = append(rows, []string{strconv.Itoa(i * 7919 % 1000), "name" + strconv.Itoa(i)})
	}
	f.relation("r", []column{{"a", types.OidInt4}, {"b", types.OidText}}, rows)
	stmts, _ := sql.Parse("SELECT b, a * 2 FROM r WHERE a % 3 = 0 AND b LIKE 'name%' ORDER BY a DESC LIMIT 100")
	p, err := sql.PrepareSimple(f.env, stmts[0])
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := p.Execute(ctx, f.env, nil, func([]types.Datum) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}
