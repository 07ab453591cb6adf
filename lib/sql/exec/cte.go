// Materialized WITH queries (PostgreSQL's nodeCtescan.c): one run of the
// query is shared by all its references, each reading the rows at its own
// pace from a buffer that grows as far as the furthest reader needs.

package exec

import (
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// cteState is one run of a materialized WITH query.
type cteState struct {
	input plan.Node
	// outer are the enclosing queries' rows when the defining level
	// started: the WITH query is evaluated in that context, whichever
	// reference pulls its next row.
	outer [][]types.Datum
	it    iterator // nil until the first row is wanted
	// rows holds the rows read so far, in memory up to work_mem
	// (tuplestore.go).
	rows *rowStore
	done bool
	err  error
	// name and colTypes are for the bound on the memory the buffer of
	// rows holds (maxWithQueryBytes).
	name     string
	colTypes []uint32
	key      []byte
	// streamable is set for a WITH query with one reference that always
	// gives the same rows (plan.CTE.Streamable). Once its buffer passes
	// streamAfterBytes with a single reader, it streams: the rows are
	// not kept, and a reader built later gets a run of its own.
	streamable bool
	streaming  bool
	readers    int
	bufBytes   int64
	// spills is set when the rows beyond work_mem go to a temporary
	// file; they are then not charged to maxWithQueryBytes. filesMark
	// owns the run's files (spillFiles.keep).
	spills    bool
	filesMark int64
}

// streamAfterBytes is the buffer a streamable WITH query keeps before it
// lets its rows go.
const streamAfterBytes = 8 << 20

// fresh is a new run of the same WITH query.
func (st *cteState) fresh() *cteState {
	return &cteState{input: st.input, outer: st.outer, name: st.name, colTypes: st.colTypes, streamable: st.streamable,
		rows: newRowStore(st.rows.files, st.colTypes), spills: st.spills, filesMark: st.filesMark}
}

// buildCTEScope starts a run of each WITH query the level defines, then
// builds the level, whose CTE scans (and those of subqueries built while
// it runs) read the runs.
func (x *executor) buildCTEScope(n *plan.CTEScope) (iterator, error) {
	if x.ctes == nil {
		x.ctes = map[*plan.CTE]*cteState{}
	}
	outer := append([][]types.Datum(nil), x.ec.Outer...)
	for i, c := range n.CTEs {
		st := &cteState{input: n.Inputs[i], outer: outer, name: c.Name, streamable: c.Streamable()}
		if c.Query != nil {
			targets := c.Query.Targets
			if c.Modifying {
				targets = c.Query.Returning
			}
			for _, t := range targets {
				if !t.Junk {
					st.colTypes = append(st.colTypes, t.Expr.Type())
				}
			}
		}
		st.rows = newRowStore(x.files, st.colTypes)
		st.spills = x.files.enabled()
		st.filesMark = x.files.mark()
		x.ctes[c] = st
	}
	in, err := x.build(n.Input)
	if err != nil {
		return nil, err
	}
	return x.withModifyingCTEs(n, in), nil
}

func (x *executor) buildCTEScan(n *plan.CTEScan) (iterator, error) {
	st := x.ctes[n.CTE]
	if st == nil {
		return nil, pgerr.Newf(pgerr.InternalError, "WITH query \"%s\" is not in scope", n.CTE.Name)
	}
	if st.streaming {
		// The run's rows are gone with its first reader.
		st = st.fresh()
		st.filesMark = x.files.mark()
		x.ctes[n.CTE] = st
	}
	st.readers++
	return &placeIter{ec: x.ec, in: &cteReader{x: x, st: st, rd: st.rows.reader()}, offset: n.Offset, level: n.Level}, nil
}

// cteReader is one reference's position in a run.
type cteReader struct {
	x  *executor
	st *cteState
	rd *storeReader
}

func (r *cteReader) Next() ([]types.Datum, bool, error) {
	st := r.st
	row, ok, err := r.rd.next()
	if err != nil || ok {
		return row, ok, err
	}
	if st.done {
		return nil, false, st.err
	}
	ec := r.x.ec
	saved := ec.Outer
	ec.Outer = st.outer
	// The run's files (its sorts', its rows') outlive the reference that
	// happens to pull, which may be in a subquery.
	err = r.x.files.keep(st.filesMark, func() error {
		var perr error
		row, ok, perr = r.pull()
		return perr
	})
	ec.Outer = saved
	if err != nil || !ok {
		st.done, st.err = true, err
		return nil, false, err
	}
	var size int64
	size, st.key = rowSize(st.colTypes, row, st.key)
	if st.streamable && st.readers == 1 && (st.streaming || st.bufBytes+size > streamAfterBytes) {
		// Its only reader reads on; nobody will read the row again.
		st.streaming = true
		return row, true, nil
	}
	st.bufBytes += size
	if !st.spills {
		if err := r.x.chargeWithMemory(st.name, size); err != nil {
			st.done, st.err = true, err
			return nil, false, err
		}
	}
	var where appended
	err = r.x.files.keep(st.filesMark, func() error {
		var aerr error
		where, aerr = st.rows.add(row)
		return aerr
	})
	if err == nil {
		err = r.rd.skipAppended(where)
	}
	if err != nil {
		st.done, st.err = true, err
		return nil, false, err
	}
	return row, true, nil
}

func (r *cteReader) pull() ([]types.Datum, bool, error) {
	st := r.st
	if st.it == nil {
		it, err := r.x.build(st.input)
		if err != nil {
			return nil, false, err
		}
		st.it = it
	}
	return st.it.Next()
}
