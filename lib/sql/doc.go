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
// are available from Statement.Node. Prepare accepts SELECT (and VALUES),
// INSERT, UPDATE, DELETE, MERGE, COPY, CREATE TABLE, DROP TABLE and
// TRUNCATE, among others. COPY FROM STDIN and TO STDOUT need an Env that
// implements CopyEnv, through which the backend carries the client's data.
//
// # Storage
//
// An Env that implements StorageEnv gives statements the session's
// transaction, heap access context and catalog cache (Storage, in
// storage.go). Relation names resolve through the catalog cache with the
// search path (pg_catalog first), relations are locked as PostgreSQL
// locks them (AccessShareLock to read, RowExclusiveLock to change,
// AccessExclusiveLock for DROP and TRUNCATE), rows are read and written
// through lib/access/heap under the statement's snapshot and command id,
// and a statement that wrote ends with a command counter increment. DDL
// writes the catalog rows PostgreSQL writes, creates and removes relation
// files through the Storage, and queues the invalidation messages other
// backends' caches need. Without storage, table statements report
// feature_not_supported and SELECT reads only session relations.
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
//   - exec: iterators that run a plan tree, including INSERT, UPDATE,
//     DELETE and MERGE with READ COMMITTED's re-check of concurrently
//     updated rows (REPEATABLE READ's serialization failures instead are
//     raised by the root package's TableStore, isolation.go).
//
// The root package adds the storage side: session.go (catalog cache
// reader, search path, relation locks), table.go (the executor's
// TableStore over the heap), ddl.go (CREATE/DROP/TRUNCATE) and names.go
// (catalog lookups for functions and reg* types).
//
// # Lifecycle
//
// A Plan may be cached and executed any number of times, from any
// goroutine. Each Execute compiles the plan's expressions into fresh
// closures, so executions share no mutable state. Each Execute also locks
// the plan's tables and checks that the catalog cache still holds the
// descriptors the plan was made from; a stale plan is analyzed again
// (PostgreSQL's plancache).
//
// # Compatibility
//
// Output formats, result types, column names, error codes, messages,
// positions, details and hints follow PostgreSQL 15; the tests in
// testdata/ were recorded from a PostgreSQL 15 server. Known differences
// are listed in README.md.
package sql
