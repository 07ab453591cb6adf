// This file is the executor's instrumentation for EXPLAIN ANALYZE
// (PostgreSQL's executor/instrument.c): when an execution is given an
// Instrumentation, every iterator built is wrapped to count the rows it
// returns, how often it was started (loops), with timing the time
// spent in it until its first row and in all, and with buffers the pages
// it touched (the process's buffer usage counted while the node built
// and returned rows, its children's included, as InstrStartNode and
// InstrStopNode take it). Executions without one
// build their iterators unwrapped, so counting costs them nothing.

package exec

import (
	"time"

	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/types"
)

// NodeCounts are one plan node's counts over an execution.
type NodeCounts struct {
	// Loops is how many times the node was started (built), Rows the
	// rows it returned over all of them.
	Loops, Rows int64
	// Startup is the time to the first row, Total the time spent in the
	// node (children included), summed over the loops.
	Startup, Total time.Duration
	// Filtered counts the rows a table scan's own conditions, or a
	// join's conditions beyond its keys, rejected; for an INSERT ... ON
	// CONFLICT, the proposed rows that conflicted (Conflicting Tuples).
	Filtered int64
	// ConflictFiltered counts the existing rows ON CONFLICT DO UPDATE's
	// WHERE rejected.
	ConflictFiltered int64
	// Buffers are the pages the node touched, its children's included
	// (EXPLAIN's BUFFERS option).
	Buffers storage.BufferUsage
	// Sort is how a Sort (or the sort a WindowAgg does itself) sorted;
	// Hash the table a hash join built (its Hash node's line); Agg the
	// table a hashed aggregate built.
	Sort SortInfo
	Hash HashInfo
	Agg  AggInfo
	// Memo is a Memoize's cache (its Hits, Misses, ... line).
	Memo MemoInfo
	// Rechecked counts the rows a bitmap heap scan's recheck of its
	// index conditions rejected (Rows Removed by Index Recheck);
	// ExactPages and LossyPages the pages it read (Heap Blocks).
	Rechecked, ExactPages, LossyPages int64
	// HeapFetches counts the index entries an index-only scan checked
	// in the heap (Heap Fetches), over all its loops.
	HeapFetches int64
}

// SortInfo is what a sort reports to EXPLAIN ANALYZE (show_sort_info).
// Method is "" for a sort that never finished.
type SortInfo struct {
	// Method is "quicksort" (in memory), "top-N heapsort" (a bounded
	// sort in memory) or "external merge" (runs on disk merged).
	Method string
	// Space is the memory the rows held took, or with Disk the size of
	// the runs on disk, in bytes.
	Space int64
	Disk  bool
}

// HashInfo is a hash join's table (show_hash_info); Batches is 0 when
// it was never built.
type HashInfo struct {
	// Buckets is the number of buckets a chained table of the rows
	// needs (a power of two, at least 1024, as ExecChooseHashTableSize
	// sizes it).
	Buckets int64
	// Batches is the number of batches the inner rows were split into
	// (1: all in memory); the join starts with one.
	Batches int64
	// Peak is the most memory the inner rows took at once, in bytes.
	Peak int64
}

// AggInfo is a hashed aggregate's table (show_hashagg_info); Batches is
// 0 when it was never built.
type AggInfo struct {
	// Batches counts the passes over the input and its spilled
	// partitions (1: all groups in memory).
	Batches int64
	// Peak is the most memory the groups took at once, Disk the bytes
	// written to temporary files.
	Peak, Disk int64
}

// hashBuckets is the bucket count of a table of rows entries.
func hashBuckets(rows int64) int64 {
	n := int64(1024)
	for n < rows {
		n *= 2
	}
	return n
}

// RowsPerLoop is the rows per loop as EXPLAIN prints them.
func (c NodeCounts) RowsPerLoop() float64 {
	if c.Loops == 0 {
		return 0
	}
	return float64(c.Rows) / float64(c.Loops)
}

// StartupMs and TotalMs are the per-loop times in milliseconds.
func (c NodeCounts) StartupMs() float64 { return perLoopMs(c.Startup, c.Loops) }

// TotalMs is the total time per loop in milliseconds.
func (c NodeCounts) TotalMs() float64 { return perLoopMs(c.Total, c.Loops) }

func perLoopMs(d time.Duration, loops int64) float64 {
	if loops == 0 {
		return 0
	}
	return float64(d.Nanoseconds()) / 1e6 / float64(loops)
}

// Instrumentation collects the counts of one execution's nodes.
type Instrumentation struct {
	timing bool
	// usage is the process's live buffer usage counters, read around
	// each node's work; nil when buffers are not counted.
	usage *storage.BufferUsage
	nodes map[plan.Node]*NodeCounts
}

// NewInstrumentation returns an empty Instrumentation; timing says
// whether to measure time (EXPLAIN's TIMING option), usage (when not
// nil) is the process's buffer usage, whose growth is charged to the
// nodes (BUFFERS).
func NewInstrumentation(timing bool, usage *storage.BufferUsage) *Instrumentation {
	return &Instrumentation{timing: timing, usage: usage, nodes: map[plan.Node]*NodeCounts{}}
}

// Counts returns n's counts (zero when it never ran).
func (ins *Instrumentation) Counts(n plan.Node) NodeCounts {
	if ins == nil || n == nil {
		return NodeCounts{}
	}
	if c := ins.nodes[n]; c != nil {
		return *c
	}
	return NodeCounts{}
}

func (ins *Instrumentation) counts(n plan.Node) *NodeCounts {
	c := ins.nodes[n]
	if c == nil {
		c = &NodeCounts{}
		ins.nodes[n] = c
	}
	return c
}

// build builds n's iterator, wrapped for counting under EXPLAIN
// ANALYZE.
func (x *executor) build(n plan.Node) (iterator, error) {
	if x.instr == nil {
		return x.buildNode(n)
	}
	c := x.instr.counts(n)
	var before storage.BufferUsage
	if u := x.instr.usage; u != nil {
		before = *u
	}
	it, err := x.buildNode(n)
	if u := x.instr.usage; u != nil {
		// Starting a node may read pages already (a hash join's build
		// side, a scan's first page).
		c.Buffers.AddDiff(*u, before)
	}
	if err != nil {
		return nil, err
	}
	c.Loops++
	switch t := it.(type) {
	case *tableScanIter:
		t.filtered = &c.Filtered
	case *bitmapHeapIter:
		t.counts = c
	case *nestLoopIter:
		t.filtered = &c.Filtered
		if nl, ok := n.(*plan.NestLoop); ok && t.memo != nil {
			t.memo.instrument(x.instr.counts(nl.Memo))
		}
	case *hashJoinIter:
		t.filtered, t.info = &c.Filtered, &c.Hash
	case *mergeJoinIter:
		t.filtered = &c.Filtered
	case *modifyIter:
		t.conflicts, t.conflictFiltered = &c.Filtered, &c.ConflictFiltered
	case *sortIter:
		t.info = &c.Sort
	case *aggIter:
		t.info = &c.Agg
	case *windowIter:
		t.sortInfo = &c.Sort
	case *setOpIter:
		t.info = &c.Agg
	}
	return &instrIter{in: it, c: c, timing: x.instr.timing, usage: x.instr.usage}, nil
}

// instrIter counts the rows of the iterator it wraps.
type instrIter struct {
	in      iterator
	c       *NodeCounts
	timing  bool
	started bool
	usage   *storage.BufferUsage
}

func (it *instrIter) Next() ([]types.Datum, bool, error) {
	if it.usage != nil {
		before := *it.usage
		defer func() { it.c.Buffers.AddDiff(*it.usage, before) }()
	}
	if !it.timing {
		row, ok, err := it.in.Next()
		if ok {
			it.c.Rows++
		}
		return row, ok, err
	}
	start := time.Now()
	row, ok, err := it.in.Next()
	d := time.Since(start)
	it.c.Total += d
	if !it.started {
		it.started = true
		it.c.Startup += d
	}
	if ok {
		it.c.Rows++
	}
	return row, ok, err
}

// uninstrumented is where the iterator *it stands for is held: it, or
// the field of the counting wrapper around it. The executor's choices
// that look at the kind of an input (a bounded sort under a Limit, rows
// lent by a scan) see through the wrapper, so EXPLAIN ANALYZE runs the
// plan that runs without it.
func uninstrumented(it *iterator) *iterator {
	if w, ok := (*it).(*instrIter); ok {
		return &w.in
	}
	return it
}
