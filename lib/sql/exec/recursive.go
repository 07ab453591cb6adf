// WITH RECURSIVE (PostgreSQL's nodeRecursiveunion.c and
// nodeWorktablescan.c): the non-recursive term's rows, then the recursive
// term run again and again over the rows of the previous run (the work
// table) until a run produces none. Rows stream out as they are produced,
// so a reader that stops early (LIMIT) stops the recursion.

package exec

import (
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// maxWithQueryBytes bounds the rows the WITH queries of one execution
// hold in memory, together: recursive queries' work tables and, for
// UNION, the rows they have produced; materialized WITH queries' buffers
// of rows. With temporary files the work tables and buffers spill beyond
// work_mem (tuplestore.go) and only a recursive UNION's keys count here;
// without, they stay in memory and the statement stops past this size
// (an estimate; the Go heap needs about four times as much at its peak)
// instead of letting the backend grow until the system kills it.
const maxWithQueryBytes = 256 << 20

// datumOverhead is what a Datum costs besides the bytes it points at;
// rowOverhead what a kept row costs besides its Datums (its slice, the
// slice header where it is kept, allocation rounding); keyOverhead what
// a key in a Go map costs besides its bytes.
const (
	datumOverhead = 16
	rowOverhead   = 48
	keyOverhead   = 48
)

// errWithQueryMemory is the error for a WITH query past maxWithQueryBytes.
func errWithQueryMemory(name string) *pgerr.Error {
	return pgerr.Newf(pgerr.ProgramLimitExceeded, "WITH query \"%s\" needs more than %d MB of memory for its rows", name, maxWithQueryBytes>>20).
		WithDetail("gpostgres keeps the rows of WITH queries in memory and does not spill them to disk.")
}

// chargeWithMemory accounts for n more bytes held by WITH query name
// (n < 0 when rows are released), failing past maxWithQueryBytes.
func (x *executor) chargeWithMemory(name string, n int64) error {
	x.withBytes += n
	if x.withBytes > maxWithQueryBytes {
		return errWithQueryMemory(name)
	}
	return nil
}

// rowSize estimates the memory a row of the given column types holds, by
// the length of its hash key (which holds each value's bytes); key is a
// scratch buffer, returned for reuse.
func rowSize(colTypes []uint32, row []types.Datum, key []byte) (int64, []byte) {
	key = key[:0]
	for i, t := range colTypes {
		if i < len(row) {
			key = types.AppendKey(key, t, row[i])
		}
	}
	return int64(len(key)) + datumOverhead*int64(len(row)) + rowOverhead, key
}

// recursiveUnionIter runs a RecursiveUnion.
type recursiveUnionIter struct {
	x    *executor
	ec   *expr.EvalContext
	node *plan.RecursiveUnion
	// cur is the term being read: the non-recursive term, then one run
	// of the recursive term after another; nil between runs.
	cur     iterator
	started bool // the non-recursive term has been read
	// work is the work table the recursive term reads, next the rows
	// of the run going on; in memory up to work_mem (tuplestore.go).
	work      *rowStore
	next      *rowStore
	nextBytes int64
	workBytes int64
	// seen holds the key of every row produced, for UNION without ALL.
	seen map[string]struct{}
	key  []byte
	done bool
}

func (x *executor) buildRecursiveUnion(n *plan.RecursiveUnion) (iterator, error) {
	r := &recursiveUnionIter{x: x, ec: x.ec, node: n, next: newRowStore(x.files, n.Types)}
	if !n.All {
		r.seen = map[string]struct{}{}
	}
	return r, nil
}

func (r *recursiveUnionIter) Next() ([]types.Datum, bool, error) {
	for !r.done {
		if r.cur == nil {
			if err := r.ec.CheckCancel(); err != nil {
				return nil, false, err
			}
			if err := r.startTerm(); err != nil || r.done {
				return nil, false, err
			}
		}
		row, ok, err := r.cur.Next()
		if err != nil {
			return nil, false, err
		}
		if !ok {
			r.cur = nil
			continue
		}
		var size int64
		size, r.key = rowSize(r.node.Types, row, r.key)
		if r.x.files.enabled() {
			// The row is bounded by work_mem; only the key is charged.
			size = 0
		}
		if r.seen != nil {
			k := string(r.key)
			if _, dup := r.seen[k]; dup {
				continue
			}
			r.seen[k] = struct{}{}
			size += int64(len(k)) + keyOverhead
		}
		if _, err := r.next.add(row); err != nil {
			return nil, false, err
		}
		r.nextBytes += size
		if err := r.x.chargeWithMemory(r.node.CTE.Name, size); err != nil {
			return nil, false, err
		}
		return row, true, nil
	}
	return nil, false, nil
}

// startTerm starts the non-recursive term, or the next run of the
// recursive term over the rows the last run produced; with none, the
// recursion is done.
func (r *recursiveUnionIter) startTerm() error {
	x := r.x
	if !r.started {
		r.started = true
		it, err := x.build(r.node.NonRecursive)
		r.cur = it
		return err
	}
	// The last work table is done with.
	if err := x.chargeWithMemory(r.node.CTE.Name, -r.workBytes); err != nil {
		return err
	}
	if r.work != nil {
		r.work.close()
	}
	if r.next.len() == 0 {
		r.done = true
		r.work, r.workBytes = nil, 0
		return nil
	}
	r.work, r.workBytes = r.next, r.nextBytes
	r.next, r.nextBytes = newRowStore(x.files, r.node.Types), 0
	if x.workTables == nil {
		x.workTables = map[*plan.CTE]*rowStore{}
	}
	x.workTables[r.node.CTE] = r.work
	it, err := x.build(r.node.Recursive)
	r.cur = it
	return err
}

// workTableIter reads the work table as it was when the recursive term's
// run started.
type workTableIter struct {
	ec            *expr.EvalContext
	rows          *storeReader
	offset, level int
}

func (x *executor) buildWorkTableScan(n *plan.WorkTableScan) (iterator, error) {
	rows, ok := x.workTables[n.CTE]
	if !ok {
		return nil, pgerr.Newf(pgerr.InternalError, "work table of recursive query \"%s\" is not in scope", n.CTE.Name)
	}
	return &workTableIter{ec: x.ec, rows: rows.reader(), offset: n.Offset, level: n.Level}, nil
}

func (w *workTableIter) Next() ([]types.Datum, bool, error) {
	if err := w.ec.CheckCancel(); err != nil {
		return nil, false, err
	}
	row, ok, err := w.rows.next()
	if err != nil || !ok {
		return nil, false, err
	}
	out := make([]types.Datum, w.level)
	copy(out[w.offset:], row)
	return out, true, nil
}
