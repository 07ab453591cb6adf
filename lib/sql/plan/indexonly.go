// Index-only scans (PostgreSQL's indxpath.c check_index_only, the
// IndexOnlyScan of createplan.c, cost_index's allvisfrac): an index scan
// whose plan reads from its table only columns the index holds takes
// their values from the index entries. The heap is still visited for
// every entry whose page the visibility map does not show all-visible,
// to tell whether the statement sees the row (the executor counts those
// visits as EXPLAIN ANALYZE's Heap Fetches).
//
// The choice is made once the plan is finished, when TableScan.Need
// says which columns the plan reads from each scan (its outputs and all
// its conditions, those that are not index keys included): PostgreSQL
// builds the index path index-only whenever check_index_only allows, so
// the question is only whether the index holds those columns. A B-tree
// returns its plain key columns and its INCLUDE columns; an expression
// column returns nothing here, as check_index_only ignores index
// expressions. The cost differs from the plain index scan's only by the
// heap pages the visibility map spares (cost.go heapIOCost, allvisfrac
// from pg_class.relallvisible). Without a visibility map (relallvisible
// is 0 until VACUUM sets it) the two cost the same; when some pages are
// all-visible, the planner costs each index holding the columns the
// query reads from the table (indexOnlyColumns) as index-only while it
// chooses among the sequential, index and bitmap scans, as PostgreSQL
// builds that index's path index-only. The inner index scans of nested
// loops (paramIndexJoin) are still costed as plain ones.
//
// A partial index's scan does not test the conditions its predicate
// implies (create_indexscan_plan drops them from the scan's qual, and
// check_index_only does not count the columns they read), since every
// row the index holds passes them: dropPredicateImplied removes them
// before the columns are counted. Not in the plan of an UPDATE, DELETE
// or MERGE, whose rows may be checked again in a newer version that the
// index does not hold (EvalPlanQual; PostgreSQL keeps them for the
// result relation and the relations with row marks, which in those
// commands are all the others).

package plan

import "github.com/gpostgres/gpostgres/lib/sql/expr"

// markIndexOnly makes index-only the index scans of the plan rooted at
// n whose index holds every column the plan reads from them, unless
// enable_indexonlyscan is off. markScanColumns must have run.
func markIndexOnly(n Node, opts PlannerOptions) {
	if opts.NoIndexOnlyScan {
		return
	}
	eachTableScan(n, func(s *TableScan) {
		s.IndexOnly = s.Index != nil && indexCovers(s)
	})
}

// eachTableScan calls f with every table scan of the plan rooted at n.
func eachTableScan(n Node, f func(*TableScan)) {
	if s, ok := n.(*TableScan); ok {
		f(s)
	}
	for _, in := range Inputs(n) {
		eachTableScan(in, f)
	}
}

// indexCovers reports whether scan s can read every column its plan
// needs from its index's entries (check_index_only): no system column,
// no row lock or sampling, and each user column read is a plain key or
// INCLUDE column of the index.
func indexCovers(s *TableScan) bool {
	if s.Bitmap != nil || s.Sample != nil || s.ForUpdate || s.Table == nil || s.RTE != nil && s.RTE.InLockingLevel {
		return false
	}
	natts := len(s.Table.Columns)
	if s.Need == nil && s.Sys {
		// Every column, system columns included.
		return false
	}
	for i := natts; i < len(s.Need); i++ {
		if s.Need[i] {
			return false
		}
	}
	need := s.Need
	if need == nil {
		need = make([]bool, natts)
		for i, c := range s.Table.Columns {
			// A dropped column: nothing reads it.
			need[i] = c.Name != ""
		}
	}
	return indexHolds(s.Index.Index, need[:natts])
}

// indexHolds reports whether index ti returns every table column read
// names (read[i] for column i): each is a plain key or INCLUDE column.
func indexHolds(ti *TableIndex, read []bool) bool {
	held := make([]bool, len(read))
	for _, c := range ti.Columns {
		if c >= 0 && c < len(held) {
			held[c] = true
		}
	}
	for i, r := range read {
		if r && !held[i] {
			return false
		}
	}
	return true
}

// indexOnlyColumns are the columns of r's table that q reads, for
// costing its index scans as index-only while the planner chooses among
// them, before the finished plan tells (markIndexOnly): nil when that
// cannot change the choice (no page of the table is known all-visible,
// so an index-only scan costs what the index scan costs; or
// enable_indexonlyscan is off) or cannot be told simply (not a SELECT, a
// system column, a subquery reading this level's rows).
func indexOnlyColumns(q *Query, r *RTE) []bool {
	if r.Table == nil || r.Table.AllVisibleFrac <= 0 || planner(q).NoIndexOnlyScan {
		return nil
	}
	return queryColumns(q, r, nil)
}

// queryColumns are the columns of table entry r that q's expressions
// read (for a SELECT whose row no correlated subquery or LATERAL item
// reads, and that reads no system column of r), nil when that cannot be
// told simply. The AND-ed conditions of WHERE and ON in skip do not
// count.
func queryColumns(q *Query, r *RTE, skip []expr.Expr) []bool {
	t := r.Table
	if t == nil || q.Command != CmdSelect || r.SysUsed {
		return nil
	}
	read := make([]bool, len(t.Columns))
	known := true
	mark := func(e expr.Expr) {
		if e == nil {
			return
		}
		Walk(e, func(x expr.Expr) bool {
			switch v := x.(type) {
			case *expr.Var:
				if v.LevelsUp == 0 && v.Index >= r.Offset && v.Index < r.Offset+len(read) {
					read[v.Index-r.Offset] = true
				}
			case *expr.SubLink:
				known = known && !v.Correlated
			}
			return known
		})
	}
	// The expressions over the level's row: with grouping, the targets,
	// HAVING and the windows read the Agg's row instead.
	markConds := func(e expr.Expr) {
		if e == nil {
			return
		}
	conds:
		for _, c := range flattenAnd(e, nil) {
			for _, sk := range skip {
				if c == sk {
					continue conds
				}
			}
			mark(c)
		}
	}
	markConds(q.Where)
	for _, it := range q.From {
		walkFromQuals(it, markConds)
	}
	if q.Grouped {
		for _, e := range q.GroupBy {
			mark(e)
		}
		for _, a := range q.Aggs {
			mark(a)
		}
	} else {
		for _, tg := range q.Targets {
			mark(tg.Expr)
		}
		for _, w := range q.Windows {
			w.walk(mark)
		}
	}
	for _, e := range q.RTEs {
		// A LATERAL subquery reads this level's rows as an outer level's.
		known = known && !(e.Kind == RTESubquery && e.Lateral)
	}
	if !known {
		return nil
	}
	return read
}

// dropPredicateImplied removes from each scan of a partial index the
// conditions its predicate implies, other than those that made its
// keys: they hold for every row the index has. They are kept aside for
// the estimate of the scan's rows (TableScan.PredImplied).
func dropPredicateImplied(n Node) {
	eachTableScan(n, func(s *TableScan) {
		if s.Index == nil || s.Bitmap != nil || s.Index.Index.Pred == nil || s.RTE != nil && s.RTE.InLockingLevel {
			return
		}
		keys := map[expr.Expr]bool{}
		for _, q := range keySources(s.Index, s.Quals) {
			keys[q] = true
		}
		var kept []expr.Expr
		for _, q := range s.Quals {
			if !keys[q] && !hasMutable(q) && ImpliedByPredicate(q, s.Index.Index.Pred, s.Offset) {
				s.PredImplied = append(s.PredImplied, q)
				continue
			}
			kept = append(kept, q)
		}
		if len(kept) < len(s.Quals) {
			s.Quals = kept
		}
	})
}

// hasMutable reports whether e calls a function that is not immutable
// (contain_mutable_functions), or holds a subquery: predicate proofs
// assume the condition's value is fixed.
func hasMutable(e expr.Expr) bool {
	found := false
	Walk(e, func(x expr.Expr) bool {
		switch f := x.(type) {
		case *expr.FuncExpr:
			if f.Func != nil && f.Func.Volatility != expr.Immutable {
				found = true
			}
		case *expr.SubLink:
			found = true
		}
		return !found
	})
	return found
}
