// This file is the executor's instrumentation for EXPLAIN ANALYZE
// (PostgreSQL's executor/instrument.c): when an execution is given an
// Instrumentation, every iterator built is wrapped to count the rows it
// returns, how often it was started (loops) and, with timing, the time
// spent in it until its first row and in all. Executions without one
// build their iterators unwrapped, so counting costs them nothing.

package exec

import (
	"time"

	"github.com/gpostgres/gpostgres/lib/sql/plan"
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
	// Rechecked counts the rows a bitmap heap scan's recheck of its
	// index conditions rejected (Rows Removed by Index Recheck);
	// ExactPages and LossyPages the pages it read (Heap Blocks).
	Rechecked, ExactPages, LossyPages int64
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
	nodes  map[plan.Node]*NodeCounts
}

// NewInstrumentation returns an empty Instrumentation; timing says
// whether to measure time (EXPLAIN's TIMING option).
func NewInstrumentation(timing bool) *Instrumentation {
	return &Instrumentation{timing: timing, nodes: map[plan.Node]*NodeCounts{}}
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
	it, err := x.buildNode(n)
	if err != nil {
		return nil, err
	}
	c := x.instr.counts(n)
	c.Loops++
	switch t := it.(type) {
	case *tableScanIter:
		t.filtered = &c.Filtered
	case *bitmapHeapIter:
		t.counts = c
	case *nestLoopIter:
		t.filtered = &c.Filtered
	case *hashJoinIter:
		t.filtered = &c.Filtered
	case *modifyIter:
		t.conflicts, t.conflictFiltered = &c.Filtered, &c.ConflictFiltered
	}
	return &instrIter{in: it, c: c, timing: x.instr.timing}, nil
}

// instrIter counts the rows of the iterator it wraps.
type instrIter struct {
	in      iterator
	c       *NodeCounts
	timing  bool
	started bool
}

func (it *instrIter) Next() ([]types.Datum, bool, error) {
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
