// Package sql is gpostgres's SQL front end: the counterpart of
// PostgreSQL's parser/, optimizer/ and executor/ for the statements the
// server runs itself. The backend (lib/backend) calls it in three steps:
//
//	stmts, err := sql.Parse(query)              // split and parse (pg_query, PostgreSQL's grammar)
//	plan, err := sql.Prepare(env, stmts[i], ts)  // analyze and plan; sql.PrepareSimple for the simple protocol
//	tag, err := plan.Execute(ctx, env, params, emit)
//
// Statements the backend handles itself (SET, RESET, SHOW, BEGIN, COMMIT,
// ROLLBACK, ...) are recognized with Statement.Kind and their parse trees
// are available from Statement.Node; Prepare only accepts SELECT.
//
// # Layers
//
// The subpackages form a pipeline with no cycles, each usable on its own
// by the executor of the next milestone:
//
//   - types: data types, the Datum value representation, text and binary
//     I/O, comparison, numeric arithmetic.
//   - parser: splitting, parse errors as PostgreSQL reports them,
//     statement kinds and command tags.
//   - expr: the typed expression tree, the function and operator
//     descriptors, and compilation of trees into closures.
//   - builtins: the catalog of built-in functions, operators and casts
//     (generated from PostgreSQL 15's pg_proc, pg_operator and pg_cast)
//     and their implementations.
//   - analyze: name and type resolution from pg_query nodes to a typed
//     plan.Query, with PostgreSQL's coercion and overload rules.
//   - plan: the analyzed query, the plan node tree and the planner.
//   - exec: iterators that run a plan tree.
//
// # Lifecycle
//
// A Plan is immutable and may be cached and executed any number of times,
// from any goroutine. Each Execute compiles the plan's expressions into
// fresh closures, so executions share no mutable state.
//
// # Compatibility
//
// Output formats, result types, column names, error codes, messages,
// positions, details and hints follow PostgreSQL 15; the tests in
// testdata/ were recorded from a PostgreSQL 15 server. Known differences
// are listed in README.md.
package sql
