// Late fetching for ORDER BY ... LIMIT n over one table. A bounded sort
// of a million rows keeps a handful, yet every row's output columns would
// be decoded and copied out of the heap to be compared and dropped. When
// the output columns are plain columns, the plan sorts only the sort
// keys and each row's location (ctid), and reads the few rows that make
// the cut again by location, under the same snapshot, before projecting
// them (Refetch). The result is the same rows in the same order: the
// projection is of plain columns, which cannot fail or differ when
// computed later, and the sort keys are computed once per row as before.

package plan

import (
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// Refetch reads again, for each input row, the table row whose location
// is the input's column TID, into a level row of width Level holding the
// table's columns at Offset (every other value NULL). The row was seen by
// the statement's snapshot, which still sees it.
type Refetch struct {
	Input         Node
	Table         *Table
	TID           int
	Offset, Level int
}

// Width is the level row's.
func (n *Refetch) Width() int { return n.Level }

// lateFetchMaxRows bounds the LIMIT (plus OFFSET) for which the rows are
// fetched again: each costs a buffer lookup, worth it only when few.
const lateFetchMaxRows = 10000

// lateFetch returns the plan of ORDER BY sort, LIMIT lim (with its
// offset) over scan, projecting exprs, as a sort of keys and locations
// followed by a Refetch and the projection; nil when the query is not of
// that shape or nothing would be saved.
func lateFetch(q *Query, scan *TableScan, exprs []expr.Expr) Node {
	if q.Limit == nil || len(q.Sort) == 0 || scan.Sys || scan.Sample != nil || scan.ForUpdate ||
		scan.Level != scan.Offset+len(scan.Table.Columns) {
		return nil
	}
	bound, ok := constRows(q.Limit)
	if !ok {
		return nil
	}
	if q.Offset != nil {
		off, ok := constRows(q.Offset)
		if !ok {
			return nil
		}
		bound += off
	}
	if bound > lateFetchMaxRows {
		return nil
	}
	keyCol := map[int]bool{}
	for _, k := range q.Sort {
		if v, ok := exprs[k.Target].(*expr.Var); ok {
			keyCol[v.Index] = true
		}
	}
	saves := false
	for _, e := range exprs {
		switch v := e.(type) {
		case *expr.Var:
			if v.LevelsUp != 0 || v.Index < scan.Offset || v.Index >= scan.Level {
				return nil
			}
			// A variable-length column that is not a sort key is what a
			// late fetch spares the sort from copying.
			c := scan.Table.Columns[v.Index-scan.Offset]
			saves = saves || c.TypeLen < 0 && !keyCol[v.Index]
		case *expr.Const:
		default:
			return nil
		}
	}
	if !saves {
		return nil
	}
	// The scan gains room for its system columns, after the level row.
	level := scan.Level
	keyed := *scan
	keyed.Sys, keyed.SysOffset, keyed.Level = true, level, level+NumSysColumns
	var keyExprs []expr.Expr
	var keyTypes []uint32
	keys := make([]SortKey, len(q.Sort))
	for i, k := range q.Sort {
		e := exprs[k.Target]
		keyExprs = append(keyExprs, e)
		keyTypes = append(keyTypes, e.Type())
		keys[i] = SortKey{Target: i, Desc: k.Desc, NullsFirst: k.NullsFirst}
	}
	tidCol := len(keyExprs)
	keyExprs = append(keyExprs, &expr.Var{Index: level + SysCtid, Typ: types.OidTid, Mod: -1, Loc: -1})
	keyTypes = append(keyTypes, types.OidTid)
	var n Node = &Project{Input: &keyed, Exprs: keyExprs}
	n = &Sort{Input: n, Keys: keys, Types: keyTypes}
	lim := &Limit{Input: n, Count: q.Limit, Offset: q.Offset}
	if q.LimitWithTies {
		lim.WithTies, lim.TieKeys, lim.Types = true, keys, keyTypes
	}
	n = &Refetch{Input: lim, Table: scan.Table, TID: tidCol, Offset: scan.Offset, Level: level}
	return &Project{Input: n, Exprs: exprs}
}

// constRows is the value of a LIMIT or OFFSET that is a non-negative
// integer constant, possibly under its implicit cast to bigint (which
// cannot change an integer's value).
func constRows(e expr.Expr) (int64, bool) {
	if f, ok := e.(*expr.FuncExpr); ok && f.Format == expr.CallImplicitCast && len(f.Args) == 1 && f.Typ == types.OidInt8 {
		e = f.Args[0]
	}
	c, ok := e.(*expr.Const)
	if !ok || c.Value.IsNull() {
		return 0, false
	}
	switch c.Typ {
	case types.OidInt2, types.OidInt4, types.OidInt8:
	default:
		return 0, false
	}
	v := c.Value.Int()
	return v, v >= 0
}
