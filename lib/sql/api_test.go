// Tests of the API the backend uses: parameters, result descriptions,
// plan reuse and cancellation.

package sql_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql"
	"github.com/gpostgres/gpostgres/lib/types"
)

func prepare(t *testing.T, env sql.Env, q string, paramTypes []uint32) *sql.Plan {
	t.Helper()
	stmts, err := sql.Parse(q)
	if err != nil {
		t.Fatal(err)
	}
	p, err := sql.Prepare(env, stmts[0], paramTypes)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func collect(t *testing.T, env sql.Env, p *sql.Plan, params ...types.Datum) ([]string, string) {
	t.Helper()
	var rows []string
	tag, err := p.Execute(context.Background(), env, params, func(row []types.Datum) error {
		var vals []string
		for i, d := range row {
			vals = append(vals, types.FormatText(p.Columns()[i].TypeOID, d, nil))
		}
		rows = append(rows, strings.Join(vals, ","))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return rows, tag
}

func TestParameters(t *testing.T) {
	env := newTestEnv()
	p := prepare(t, env, "SELECT $1 + 1, $2 || 'x', $3::numeric(5,1)", []uint32{0, types.OidVarchar})
	want := []uint32{types.OidInt4, types.OidVarchar, types.OidNumeric}
	for i, typ := range p.ParamTypes() {
		if typ != want[i] {
			t.Fatalf("parameter types %v, want %v", p.ParamTypes(), want)
		}
	}
	n, _ := types.ParseText(types.OidNumeric, -1, "2.25", nil)
	rows, tag := collect(t, env, p, types.Int(41), types.Text("a"), n)
	if len(rows) != 1 || rows[0] != "42,ax,2.3" || tag != "SELECT 1" {
		t.Fatalf("got %v %q", rows, tag)
	}
	// NULL parameters and re-execution of the same plan.
	rows, _ = collect(t, env, p, types.Null, types.Text("b"), types.Null)
	if rows[0] != ",bx," {
		t.Fatalf("got %v", rows)
	}
	if _, err := p.Execute(context.Background(), env, nil, func([]types.Datum) error { return nil }); err == nil {
		t.Fatal("executing without the parameters must fail")
	}
}

func TestSimpleProtocolRejectsParameters(t *testing.T) {
	stmts, _ := sql.Parse("SELECT $1")
	_, err := sql.PrepareSimple(newTestEnv(), stmts[0])
	if pgerr.CodeOf(err) != pgerr.UndefinedParameter {
		t.Fatalf("got %v", err)
	}
}

func TestColumns(t *testing.T) {
	f := newFrontEnd()
	f.relation("rel", []column{{"a", types.OidInt4}, {"b", types.OidText}}, [][]string{{"1", "x"}, {"2", "y"}})
	p := prepare(t, f.env, "SELECT b, a + 1 AS c, 'x'::varchar(5) FROM rel ORDER BY a DESC", nil)
	cols := p.Columns()
	if len(cols) != 3 || cols[0].Name != "b" || cols[0].TableOID != 90000 || cols[0].AttNum != 2 ||
		cols[1].Name != "c" || cols[1].TableOID != 0 || cols[1].TypeLen != 4 ||
		cols[2].TypeOID != types.OidVarchar || cols[2].TypeMod != 9 || cols[2].TypeLen != -1 {
		t.Fatalf("columns %+v", cols)
	}
	rows, tag := collect(t, f.env, p)
	if strings.Join(rows, ";") != "y,3,x;x,2,x" || tag != "SELECT 2" {
		t.Fatalf("got %v %q", rows, tag)
	}
}

func TestNotSupported(t *testing.T) {
	stmts, _ := sql.Parse("CREATE TEXT SEARCH CONFIGURATION c (PARSER = default)")
	if _, err := sql.Prepare(newTestEnv(), stmts[0], nil); pgerr.CodeOf(err) != pgerr.FeatureNotSupported {
		t.Fatalf("got %v", err)
	}
	// Without storage, table statements fail when they run.
	stmts, _ = sql.Parse("CREATE TABLE t (a int)")
	p, err := sql.Prepare(newTestEnv(), stmts[0], nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Execute(context.Background(), newTestEnv(), nil, nil); pgerr.CodeOf(err) != pgerr.FeatureNotSupported {
		t.Fatalf("got %v", err)
	}
}

func TestConcurrentExecution(t *testing.T) {
	env := newTestEnv()
	p := prepare(t, env, "SELECT CASE $1 WHEN 1 THEN 'one' ELSE 'other' END, $1 IN (1, 2, 3)", []uint32{types.OidInt4})
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				v := int64((g + i) % 5)
				var got string
				_, err := p.Execute(context.Background(), env, []types.Datum{types.Int(v)}, func(row []types.Datum) error {
					got = row[0].Text()
					return nil
				})
				if err != nil || (v == 1) != (got == "one") {
					t.Errorf("%d: got %q, %v", v, got, err)
					return
				}
			}
		}(g)
	}
	wg.Wait()
}

func sleepPlan(t *testing.T) (sql.Env, *sql.Plan) {
	env := newTestEnv()
	return env, prepare(t, env, "SELECT pg_sleep(60)", nil)
}

func TestCancelSleep(t *testing.T) {
	env, p := sleepPlan(t)
	cause := pgerr.New(pgerr.QueryCanceled, "canceling statement due to user request")
	ctx, cancel := context.WithCancelCause(context.Background())
	time.AfterFunc(50*time.Millisecond, func() { cancel(cause) })
	start := time.Now()
	_, err := p.Execute(ctx, env, nil, func([]types.Datum) error { return nil })
	if !errors.Is(err, cause) {
		t.Fatalf("got %v, want the context's cause", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("pg_sleep took %v to notice the cancel", d)
	}
	// A termination request travels as a FATAL cause.
	fatal := pgerr.Fatalf(pgerr.AdminShutdown, "terminating connection due to administrator command")
	ctx, cancel = context.WithCancelCause(context.Background())
	cancel(fatal)
	if _, err := p.Execute(ctx, env, nil, func([]types.Datum) error { return nil }); !errors.Is(err, fatal) {
		t.Fatalf("got %v", err)
	}
	// A plain cancel reports query_canceled.
	ctx, cancel2 := context.WithCancel(context.Background())
	cancel2()
	if _, err := p.Execute(ctx, env, nil, func([]types.Datum) error { return nil }); pgerr.CodeOf(err) != pgerr.QueryCanceled {
		t.Fatalf("got %v", err)
	}
}

func TestEmitError(t *testing.T) {
	env := newTestEnv()
	p := prepare(t, env, "SELECT 1", nil)
	stop := errors.New("client went away")
	if _, err := p.Execute(context.Background(), env, nil, func([]types.Datum) error { return stop }); !errors.Is(err, stop) {
		t.Fatalf("got %v", err)
	}
}
