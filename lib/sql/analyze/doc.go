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
// Supported for this milestone: SELECT with a target list, at most one
// FROM item naming a session relation, WHERE, DISTINCT, ORDER BY, LIMIT
// and OFFSET. Joins, subqueries, grouping, aggregates, window functions,
// set operations and VALUES report feature_not_supported.
package analyze
