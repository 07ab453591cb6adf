// Which columns a table scan must decode. PostgreSQL's planner gives
// each scan a target list of the columns the plan above it uses, and its
// executor deforms a tuple only up to the last attribute it needs
// (slot_getsomeattrs); here markScanColumns walks a finished plan from
// its root down, carrying the set of each node's output columns that
// something above reads, and records in every TableScan the table
// columns that set, plus its own quals, names (TableScan.Need).
//
// The rule that keeps this safe: a node's input columns are demanded
// when any expression the node evaluates reads them (every expression is
// evaluated as written, demanded by its parent or not, so none may see a
// column left NULL), or when the node passes them through to a parent
// that demands them. Where that cannot be told (a correlated subquery
// reading the row, an expression node the walk does not know, a node
// whose rows it cannot follow) every column is demanded: leaving too
// many columns in costs time, leaving one out would be a wrong answer.

package plan

import "github.com/gpostgres/gpostgres/lib/sql/expr"

// demand is the set of a row's columns something reads: demand[i] for
// column i. A nil demand is every column.
type demand []bool

// markScanColumns sets Need in the table scans of the plan rooted at n,
// whose every output column is read.
func markScanColumns(n Node) { markDemand(n, nil) }

// markDemand propagates d, the columns of n's rows read above n, to n's
// inputs.
func markDemand(n Node, d demand) {
	switch n := n.(type) {
	case *TableScan:
		n.Output = nil
		if d != nil {
			n.Output = make([]bool, len(n.Table.Columns))
			for i := range n.Output {
				if j := n.Offset + i; j < len(d) {
					n.Output[i] = d[j]
				}
			}
		}
		d = withExprs(d, n.Level, n.Quals...)
		if d == nil {
			n.Need = nil
			return
		}
		// The user columns, then with Sys the system columns.
		natts := len(n.Table.Columns)
		width := natts
		if n.Sys {
			width += NumSysColumns
		}
		need := make([]bool, width)
		all := true
		for i := range need {
			j := n.Offset + i
			if i >= natts {
				j = n.SysOffset + i - natts
			}
			if j < len(d) {
				need[i] = d[j]
			}
			all = all && need[i]
		}
		if all {
			need = nil
		}
		n.Need = need
	case *Filter:
		markDemand(n.Input, withExprs(d, n.Input.Width(), n.Quals...))
	case *Project:
		markDemand(n.Input, withExprs(demand{}, n.Input.Width(), n.Exprs...))
	case *ProjectSet:
		es := make([]expr.Expr, len(n.SRFs))
		for i, f := range n.SRFs {
			es[i] = f
		}
		w := n.Input.Width()
		markDemand(n.Input, withExprs(d, w, es...))
	case *Agg:
		es := append([]expr.Expr(nil), n.GroupBy...)
		for _, a := range n.Aggs {
			es = append(es, a)
		}
		markDemand(n.Input, withExprs(demand{}, n.Input.Width(), es...))
	case *WindowAgg:
		var es []expr.Expr
		n.Window.walk(func(e expr.Expr) { es = append(es, e) })
		for _, f := range n.Funcs {
			es = append(es, f)
		}
		w := n.Input.Width()
		markDemand(n.Input, withExprs(d, w, es...))
	case *Sort:
		in := passThrough(d, n.Input.Width())
		for _, k := range n.Keys {
			in = withColumn(in, k.Target)
		}
		markDemand(n.Input, in)
	case *Unique:
		in := passThrough(d, n.Input.Width())
		if n.Cols == nil {
			for i := range n.Types {
				in = withColumn(in, i)
			}
		}
		for _, c := range n.Cols {
			in = withColumn(in, c)
		}
		markDemand(n.Input, in)
	case *Limit:
		w := n.Input.Width()
		in := withExprs(d, w, n.Count, n.Offset)
		for _, k := range n.TieKeys {
			in = withColumn(in, k.Target)
		}
		markDemand(n.Input, in)
	case *Trim:
		markDemand(n.Input, passThrough(d, n.Input.Width()))
	case *MergeJoin:
		n.Output = copyDemand(d)
		es := append(append([]expr.Expr(nil), n.Clauses...), n.Quals...)
		in := withExprs(d, n.Level, es...)
		markDemand(n.Outer, in)
		markDemand(n.Inner, in)
	case *Materialize:
		markDemand(n.Input, passThrough(d, n.Input.Width()))
	case *HashJoin:
		n.Output = copyDemand(d)
		// Both sides fill their own columns of one level row.
		es := append(append(append([]expr.Expr(nil), n.OuterKeys...), n.InnerKeys...), n.Quals...)
		in := withExprs(d, n.Level, es...)
		markDemand(n.Outer, in)
		markDemand(n.Inner, in)
	case *NestLoop:
		n.Output = copyDemand(d)
		if scan, ok := n.Inner.(*TableScan); ok && n.Lateral {
			// A table scanned again for each outer row: the outer row
			// gives it only the values of its index keys.
			es := append([]expr.Expr(nil), n.Quals...)
			if scan.Index != nil {
				for _, k := range scan.Index.Keys {
					es = append(es, k.Arg)
					es = append(es, k.List...)
				}
			}
			in := withExprs(d, n.Level, es...)
			markDemand(n.Outer, in)
			markDemand(n.Inner, in)
			return
		}
		if n.Lateral {
			// The inner side reads the outer row as its context.
			markDemand(n.Outer, nil)
			markDemand(n.Inner, nil)
			return
		}
		in := withExprs(d, n.Level, n.Quals...)
		markDemand(n.Outer, in)
		markDemand(n.Inner, in)
	case *SubqueryScan:
		// The subquery's row lands at Offset of the level row.
		w := n.Input.Width()
		if d == nil {
			markDemand(n.Input, nil)
			return
		}
		in := make(demand, w)
		for i := range in {
			if j := n.Offset + i; j < len(d) {
				in[i] = d[j]
			}
		}
		markDemand(n.Input, in)
	case *Refetch:
		// Its rows are read again whole; of the input, only the location.
		markDemand(n.Input, withColumn(make(demand, n.Input.Width()), n.TID))
	case *CTEScope:
		markDemand(n.Input, d)
		for _, in := range n.Inputs {
			markDemand(in, nil)
		}
	case *HashSetOp:
		markDemand(n.Left, nil)
		markDemand(n.Right, nil)
	case *ModifyTable:
		markDemand(n.Input, nil)
	case *LockRows:
		// A recheck reads every column it carries.
		markDemand(n.Input, nil)
	}
	// The other nodes are leaves, or nodes whose inputs keep every
	// column (a scan's Need is nil unless set here).
}

// copyDemand is a copy of d (nil stays nil: every column).
func copyDemand(d demand) []bool {
	if d == nil {
		return nil
	}
	return append([]bool(nil), d...)
}

// passThrough is the demand on an input of width w whose rows a node
// passes on as its own (extended or cut short).
func passThrough(d demand, w int) demand {
	if d == nil {
		return nil
	}
	in := make(demand, w)
	copy(in, d)
	return in
}

// withColumn adds column i to d.
func withColumn(d demand, i int) demand {
	if d == nil {
		return nil
	}
	if i < 0 || i >= len(d) {
		// Not a column of the row: something is not understood.
		return nil
	}
	d[i] = true
	return d
}

// withExprs adds to d, a demand on a row of width w, the columns the
// expressions read (nil entries are skipped); nil when that cannot be
// told.
func withExprs(d demand, w int, es ...expr.Expr) demand {
	if d == nil {
		return nil
	}
	d = passThrough(d, w)
	for _, e := range es {
		if e != nil && !readColumns(e, d) {
			return nil
		}
	}
	return d
}

// readColumns marks in d the columns of the current row that e reads.
// It returns false when e holds an expression whose reads it cannot
// tell: a subquery that reads enclosing rows, or a node it does not
// know.
func readColumns(e expr.Expr, d demand) bool {
	ok := true
	Walk(e, func(x expr.Expr) bool {
		if !ok {
			return false
		}
		switch v := x.(type) {
		case *expr.Var:
			if v.LevelsUp == 0 {
				if v.Index < 0 || v.Index >= len(d) {
					ok = false
					return false
				}
				d[v.Index] = true
			}
			return false
		case *expr.SubLink:
			// An uncorrelated subquery reads no row of this query; its
			// test reads this row (and the subquery's, as SubValues).
			if v.Correlated {
				ok = false
			}
			return ok
		case *expr.Const, *expr.Param, *expr.CaseTest, *expr.SubValue:
			return false
		case *expr.FuncExpr, *expr.BoolExpr, *expr.NullTest, *expr.BoolTest, *expr.CaseExpr,
			*expr.CoalesceExpr, *expr.MinMaxExpr, *expr.DistinctExpr, *expr.NullIfExpr,
			*expr.ScalarArrayOpExpr, *expr.RelabelType, *expr.CoerceViaIO, *expr.CoerceToDomain,
			*expr.CoerceToTypmod, *expr.ArrayExpr, *expr.ArrayCoerceExpr, *expr.RowExpr,
			*expr.RowCompareExpr, *expr.FieldSelect, *expr.Aggref, *expr.WindowFunc,
			*expr.GroupingFunc, *expr.SubscriptExpr:
			// Children lists every subexpression of these that reads
			// the row.
			return true
		default:
			// MultiAssignRef and anything newer: unknown reads.
			ok = false
			return false
		}
	})
	return ok
}
