// Package exec runs plan trees. Each plan node becomes a pull iterator
// (PostgreSQL's executor nodes) when an execution starts; expressions are
// compiled at that point. Run drives an execution to its end; a SQL
// cursor's is driven a row at a time by its caller (cursor.go: Start,
// Execution, and the RowStore a scrollable or held cursor keeps). Tables are read and changed through the
// TableStore the caller provides (the SQL layer's, over the heap); the
// executor enforces NOT NULL, computes RETURNING, runs MERGE's WHEN
// clauses (merge.go) and, for UPDATE, DELETE and MERGE, re-checks rows that a concurrent transaction updated
// (EvalPlanQual). LockRows (lockrows.go) locks the rows SELECT ... FOR
// UPDATE / FOR SHARE returns through the store's RowLocker, and under
// READ COMMITTED tests a row updated meanwhile again on its newest
// version. An INSERT the plan marks Bulk hands its rows to the
// store's BulkInserter (BulkInsertStore), which stores them a page at a
// time, the last ones when the input ends. WindowAgg (window.go) sorts its input, buffers one
// partition at a time (windowstore.go) and computes window functions and
// window aggregates over each row's frame with cursors that move with the
// current row. A merge join (mergejoin.go) keeps the inner rows of the
// current key, in a tuplestore, for each further outer row of that key
// (PostgreSQL's mark and restore of its inner side). A Sort under a Limit with a row count
// is a bounded sort that keeps only the rows the Limit can return
// (topn.go). A table scan with a bitmap (bitmapscan.go) collects the
// row locations its index scans find into a TID bitmap (tidbitmap.go:
// exact pages, or whole pages once it would outgrow work_mem), ANDed and
// ORed, then reads those pages in block order and tests its conditions
// again on every row. An index-only scan (indexonlyscan.go) takes its
// values from the index entries through the TableStore, which checks
// each row's visibility. Scans and the one-row result check for cancellation on
// every row (a table scan on every 64th, microseconds apart), so a
// canceled statement stops within a few rows or inside the function that
// is waiting. A table scan under a node that keeps no row slice (a
// projection, an aggregate, a bounded sort, a hash join's outer side)
// lends its rows: one reused row slice, whose Datums stay valid
// (borrowRows); every other iterator returns fresh rows. A materialized WITH query runs once per run
// of the query level that defines it (cte.go): its references read one
// shared buffer of rows, filled as far as the furthest reader needs. A
// recursive one streams its rows, iteration after iteration, until an
// iteration produces none (recursive.go); a data-modifying one is run to
// completion after the main query of its level (modifying.go). The rows
// WITH queries hold are bounded (maxWithQueryBytes); one read by a single
// reference that always gives the same rows stops keeping them past
// streamAfterBytes, and a reader built later runs it again. A nested
// loop with a Memoize (memoize.go) keeps the inner rows of each outer key
// value within work_mem × hash_mem_multiplier, evicting the least
// recently used, and runs its inner scan only for values not kept.
//
// Memory: given a WorkMem with temporary files (WorkMemSource), the Sort
// node (sortspill.go), hashed aggregation (aggspill.go), an aggregate's
// ORDER BY / DISTINCT input (agg.go, through the Sort's external sort;
// one integer-like argument sorts its values alone, intsort.go),
// hash joins (joinspill.go), hashed set operations (setopspill.go),
// nested loops' inner sides (nestloopspill.go), a window's partition
// (windowstore.go) and the rows of WITH queries (tuplestore.go) hold at
// most work_mem (hash tables work_mem × hash_mem_multiplier) and write
// the rest to row files (spill.go), giving the same rows as in memory.
// Still in memory: the keys a recursive UNION has seen (as in
// PostgreSQL, whose RecursiveUnion hash table does not spill either: each
// row must be known new when it is produced), bounded by
// maxWithQueryBytes. An ordered-set aggregate (WITHIN GROUP) reads its
// sorted group once, in order, from its sort.
// Run deletes every file of the execution when it returns, whatever
// happened.
package exec
