// Package plan defines the analyzed form of a query (Query, with its
// range table and join tree) and the plan tree the executor runs (Node),
// with Build as the planner. The relations of a FROM list and its inner
// joins are joined in the order a search finds cheapest by the cost
// estimates EXPLAIN shows (joinsearch.go: dynamic programming over the
// sets of relations, greedy from geqo_threshold on, within
// from_collapse_limit and join_collapse_limit), each join a hash join, a
// merge join over inputs in key order (mergejoin.go: index scans, merge
// joins below, Sorts, with a Materialize over the inner side where
// PostgreSQL puts one), a nested loop or a nested loop over an inner
// index scan, the last with or without a Memoize that keeps the inner
// rows of each outer key value (memoize.go); outer joins and LATERAL
// references keep the written order (a LEFT JOIN may run as a merge
// RIGHT join, sides swapped). EXISTS, NOT EXISTS and IN subqueries among
// WHERE's AND-ed conditions become semi and anti joins, their relations
// pulled up into the query and placed by the join search where the
// relations their conditions read are joined (semijoin.go: hash, merge
// or nested loop semi/anti joins, or inner joins over the subquery's
// distinct rows). Outer joins that WHERE's conditions make inner,
// one-sided or anti joins are rewritten so first (outerjoin.go).
// Simple subqueries in FROM (views, WITH queries inlined, LATERAL
// subqueries over tables, subqueries without FROM) are merged into the
// query reading them before that, their relations joined with the
// query's (pullup.go, PostgreSQL's is_simple_subquery rules; without
// PlaceHolderVars, one on the nullable side of an outer join only when
// the columns read of it are NULL in NULL-extended rows). The others are planned
// on their own, and the WHERE conditions that read only their columns
// move into them under PostgreSQL's rules, only leakproof ones into a
// security_barrier view (pushdown.go). WHERE and ON conditions
// that read one FROM item are pushed down to its scan where outer joins
// allow it. Conditions are split at AND and ordered by estimated cost, as
// PostgreSQL orders quals, since which one runs first can decide whether
// an error is raised. Above the joins come the Agg node (hashed grouping,
// once per grouping set with GROUPING SETS, ROLLUP and CUBE; or sorted
// grouping over rows in group order from an index or a Sort, when that
// costs less, groupagg.go; a query's only min() and max() read from the
// ends of indexes instead, minmax.go), a WindowAgg
// for each window that window functions use (window.go), ProjectSet for
// set-returning functions in the target list, the projection, sort,
// unique, LockRows for FOR UPDATE / FOR SHARE (lockrows.go: the locked
// tables' ctids and what a recheck reads ride along as junk columns),
// limit and a final trim of junk columns; ModifyTable runs
// INSERT, UPDATE, DELETE and MERGE (merge.go: over the join of source and
// target, with its WHEN clauses as MergeActions). A materialized WITH query (CTE.Materialized)
// is planned once, under a CTEScope at the level that defines it, and its
// references become CTEScans sharing that one run. A recursive WITH
// query is always materialized: its UNION is a RecursiveUnion whose
// recursive term reads the previous iteration's rows through a
// WorkTableScan (recursive.go). A data-modifying WITH query is always
// materialized too, referenced or not; its ModifyTable is Auxiliary (its
// rows do not count in the command tag).
//
// A finished plan records in each TableScan the columns something above
// it reads (columns.go), so that the scan decodes no others. ORDER BY ...
// LIMIT over one table whose output is plain columns sorts only the keys
// and each row's ctid and reads the winning rows again (latefetch.go,
// Refetch). An index scan that reads only columns its index holds is
// then made index-only (indexonly.go).
//
// Plans describe relations by their cache entries (Table) and read their
// rows only when executed.
package plan
