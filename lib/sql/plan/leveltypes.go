// This file tells the executor the types of a query level's row values,
// which it needs to write level rows to temporary files (a hash join's
// batches, a window's partition).

package plan

import "github.com/gpostgres/gpostgres/lib/types"

// levelTypes returns the type of each value of q's level rows: each FROM
// item's columns at its offset; system columns and the values of items
// without columns of their own are 0 (the spill encoding then goes by the
// values' representation).
func levelTypes(q *Query) []uint32 {
	out := make([]uint32, q.Width)
	for _, r := range q.RTEs {
		for i, c := range r.Columns {
			if i < r.Width && r.Offset+i < len(out) {
				out[r.Offset+i] = c.TypeOID
			}
		}
	}
	return out
}

// nodeTypes returns the type of each value of the rows n, a node of q's
// level below its WindowAggs, produces: the level row's, or the grouped
// row's (keys, aggregates, GROUPING values), with the values of
// set-returning functions and of earlier windows after them.
func nodeTypes(q *Query, n Node) []uint32 {
	switch n := n.(type) {
	case *Filter:
		return nodeTypes(q, n.Input)
	case *ProjectSet:
		out := nodeTypes(q, n.Input)
		for _, f := range n.SRFs {
			out = append(out, f.Type())
		}
		return out
	case *WindowAgg:
		out := append([]uint32{}, n.Types...)
		for _, f := range n.Funcs {
			out = append(out, f.Type())
		}
		return out
	case *Agg:
		out := make([]uint32, 0, n.Width())
		for _, g := range n.GroupBy {
			out = append(out, g.Type())
		}
		for _, a := range n.Aggs {
			out = append(out, a.Type())
		}
		for range n.Groupings {
			out = append(out, types.OidInt4)
		}
		return out
	case *HashSetOp:
		return append([]uint32{}, n.Types...)
	case *RecursiveUnion:
		return append([]uint32{}, n.Types...)
	}
	out := levelTypes(q)
	for len(out) < n.Width() {
		out = append(out, 0)
	}
	return out[:n.Width()]
}
