// Package plan defines the analyzed form of a query (Query) and the plan
// tree the executor runs (Node), with Build as the planner. For a single
// relation the plan is a fixed stack: scan or one-row result, filter,
// projection, sort, unique, limit, and a final trim of sort-only columns.
// WHERE conditions are split at AND and ordered by estimated cost, as
// PostgreSQL orders quals, since which one runs first can decide whether
// an error is raised.
//
// Plans are immutable; they describe relations by name and read their
// rows only when executed.
package plan
