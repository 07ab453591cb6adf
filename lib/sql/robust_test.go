// A robustness test: every built-in function and operator is called with
// assorted arguments; errors are fine, panics are not.

package sql_test

import (
	"context"
	"fmt"
	"os"
	"sort"
	"testing"
	"time"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/sql"
	"github.com/gpostgres/gpostgres/lib/sql/builtins"
	"github.com/gpostgres/gpostgres/lib/types"
)

var sampleArgs = []string{
	"NULL", "0", "-1", "2147483647", "1.5", "'nan'::float8", "'-infinity'::numeric", "'a'", "''", "true",
	"now()", "interval '-1 day'", "ARRAY[1, NULL]", "'{}'::text[]", "date 'infinity'", "'\\x00ff'::bytea",
	"time '24:00'", "'x'::char(3)", "9223372036854775807", "-32768::int2", "1e300::float8", "'é'::name",
}

// run executes one query and reports a panic as a test failure, and a
// call that runs away (seconds where it should take microseconds; the
// bound leaves room for a loaded machine's pauses).
func runNoPanic(t *testing.T, env sql.Env, q string) {
	start := time.Now()
	defer func() {
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%s: took %v", q, d)
		}
		if r := recover(); r != nil {
			t.Errorf("%s: panic: %v", q, r)
		}
	}()
	stmts, err := sql.Parse(q)
	if err != nil {
		return
	}
	p, err := sql.PrepareSimple(env, stmts[0])
	if err != nil {
		return
	}
	opts := sql.FormatOptions(env)
	_, _ = p.Execute(context.Background(), env, nil, func(row []types.Datum) error {
		for i, d := range row {
			if !d.IsNull() {
				types.AppendText(nil, p.Columns()[i].TypeOID, d, opts)
				if _, err := types.AppendBinary(nil, p.Columns()[i].TypeOID, d); err != nil {
					t.Errorf("%s: send: %v", q, err)
				}
			}
		}
		return nil
	})
}

func TestNoPanics(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	env := newTestEnv()
	names := map[string]bool{}
	for _, n := range builtinNames() {
		names[n] = true
	}
	var sorted []string
	for n := range names {
		switch n {
		case "pg_sleep", "pg_sleep_for", "pg_sleep_until", "pg_terminate_backend", "pg_cancel_backend", "pg_switch_wal":
			// Waits, signals processes, or changes the server.
		case "generate_series":
			// Unbounded results (generate_series(1, 2147483647)).
		default:
			sorted = append(sorted, n)
		}
	}
	sort.Strings(sorted)
	// Pairs of arguments multiply the run time; the full cross product
	// (a few minutes) runs with GPOSTGRES_FULL_ROBUST=1.
	second := sampleArgs[:4]
	if os.Getenv("GPOSTGRES_FULL_ROBUST") != "" {
		second = sampleArgs
	}
	for _, n := range sorted {
		runNoPanic(t, env, fmt.Sprintf("SELECT %s()", n))
		for _, a := range sampleArgs {
			runNoPanic(t, env, fmt.Sprintf("SELECT %s(%s)", n, a))
			for _, b := range second {
				runNoPanic(t, env, fmt.Sprintf("SELECT %s(%s, %s)", n, a, b))
			}
		}
	}
	for _, op := range []string{"+", "-", "*", "/", "%", "^", "||", "<", "=", "<>", ">=", "~~", "~", "&", "|", "#", "<<", ">>", "@", "|/", "||/", "~*"} {
		for _, a := range sampleArgs {
			runNoPanic(t, env, fmt.Sprintf("SELECT %s %s", op, a))
			for _, b := range sampleArgs {
				runNoPanic(t, env, fmt.Sprintf("SELECT %s %s %s", a, op, b))
				runNoPanic(t, env, fmt.Sprintf("SELECT %s IN (%s, %s), COALESCE(%s, %s), GREATEST(%s, %s), NULLIF(%s, %s), %s IS DISTINCT FROM %s",
					a, a, b, a, b, a, b, a, b, a, b))
			}
		}
	}
	for _, a := range sampleArgs {
		for _, typ := range []string{"int2", "int4", "int8", "float4", "float8", "numeric(5,2)", "text", "varchar(2)", "char(2)", "name", "bool",
			"date", "time", "timestamp", "timestamptz", "interval", "bytea", "oid", "regtype", `"char"`, "int4[]", "text[]"} {
			runNoPanic(t, env, fmt.Sprintf("SELECT (%s)::%s", a, typ))
		}
	}
}

// builtinNames lists the function names to try: those of the built-in
// pg_proc rows that have an implementation.
func builtinNames() []string {
	seen := map[string]bool{}
	var out []string
	for row := 0; row < catalog.NumBuiltinProcs; row++ {
		p := catalog.BuiltinProcAt(row)
		if p.Kind != 'f' || seen[p.Name] {
			continue
		}
		seen[p.Name] = true
		fs, _ := builtins.Funcs(catalog.Syscache{}, p.Name)
		for _, f := range fs {
			if f.Implemented() {
				out = append(out, p.Name)
				break
			}
		}
	}
	return out
}
