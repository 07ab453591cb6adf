// Package analyze turns pg_query parse trees into typed queries, as
// PostgreSQL's parser/analyze.c and parse_*.c do: it resolves column and
// relation names, types literals and parameters, picks functions and
// operators with PostgreSQL's overload rules (exact match, implicit casts,
// preferred types, categories of unknown literals, polymorphic types),
// inserts the coercions, and names result columns.
//
// Errors carry PostgreSQL's SQLSTATEs, messages, hints and positions.
// Unknown-type literals are converted when their type is decided, so an
// invalid literal is reported at its position, as in PostgreSQL.
// Parameters without a declared type take the type their context implies
// (the extended protocol); AnalyzeFixed refuses undeclared parameters
// (the simple protocol).
//
// Statements: SELECT with its FROM clause (tables, session relations,
// system views, subqueries, VALUES, set-returning functions, WITH
// queries, recursive ones included (recursive.go; SEARCH and CYCLE,
// searchcycle.go), joins with ON, USING
// and NATURAL), WHERE, GROUP BY (with GROUPING SETS, ROLLUP, CUBE and
// DISTINCT, grouping.go), HAVING,
// aggregates (ORDER BY and DISTINCT inside, WITHIN GROUP; agg.go),
// window functions and the WINDOW clause (window.go),
// DISTINCT, ORDER BY, LIMIT, OFFSET, FOR UPDATE / FOR SHARE and their
// OF, NOWAIT and SKIP LOCKED (locking.go), UNION/INTERSECT/EXCEPT,
// subqueries in expressions (correlated ones read enclosing levels
// through Var.LevelsUp); INSERT, UPDATE and DELETE with RETURNING (dml.go),
// on tables and through automatically updatable views (viewtarget.go),
// also as WITH queries of the top level (modifying.go);
// and the expression parts of CREATE TABLE (column types, defaults), with
// Deparse printing stored expressions as pg_get_expr does and
// DeparseQuery printing a view's query as pg_get_viewdef does
// (querydeparse.go), and DeparseRoutineBody and DeparseRoutineReturn a
// SQL-standard function body's statements as pg_get_function_sqlbody
// does (querydeparse.go, dmldeparse.go). Name
// resolution follows parse_relation.c, including its hints for misspelled
// columns and misused table names. Tables are looked up, and locked,
// through the Catalog.
package analyze
