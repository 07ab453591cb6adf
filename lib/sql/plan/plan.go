// This file defines the analyzed form of a query (Query, PostgreSQL's
// Query node) and the tree of plan nodes the executor runs (PostgreSQL's
// Plan nodes), plus the descriptors of relations and result columns they
// share.

package plan

import (
	"sort"

	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/types"
)

// Column describes one column of a relation or of a result, with the
// fields a RowDescription message carries.
type Column struct {
	Name     string
	TypeOID  uint32
	TypeLen  int16
	TypeMod  int32
	TableOID uint32 // 0 unless the column is a plain reference to a table column
	AttNum   int16  // 0 unless TableOID is set
}

// Relation is a set of rows the session can produce on demand: for now
// the views the backend computes itself (pg_settings and friends). Rows
// is called once per scan; each row has one Datum per column, in the
// column's type.
type Relation struct {
	Columns []Column
	Rows    func() ([][]types.Datum, error)
}

// RangeRef is the relation a query reads.
type RangeRef struct {
	Schema, Name string // as resolved: the name the Catalog knows it by
	Alias        string // the name the query refers to it by
	Columns      []Column
	Loc          int32
}

// Target is one entry of a query's target list. Junk entries are computed
// only to sort by and are not returned.
type Target struct {
	Expr expr.Expr
	Name string
	Junk bool
}

// SortKey orders by one target list entry.
type SortKey struct {
	Target     int
	Desc       bool
	NullsFirst bool
}

// Query is an analyzed SELECT: names resolved, types known, every
// expression typed.
type Query struct {
	Targets  []Target
	From     *RangeRef // nil when there is no FROM clause
	Where    expr.Expr // nil when there is no WHERE clause
	Distinct bool
	Sort     []SortKey
	Limit    expr.Expr // int8, nil for no LIMIT
	Offset   expr.Expr // int8, nil for no OFFSET
}

// Node is a plan node. Every node produces rows of a fixed width.
type Node interface {
	// Width is the number of Datums in each row the node produces.
	Width() int
}

// Result produces one empty row: the input of a SELECT without FROM.
type Result struct{}

// Scan reads every row of a session relation.
type Scan struct {
	Schema, Name string
	Columns      []Column
}

// Filter passes the input rows for which every qual is true. Quals are
// evaluated in order, cheapest first, and evaluation stops at the first
// that is not true.
type Filter struct {
	Input Node
	Quals []expr.Expr
}

// Project computes Exprs over each input row.
type Project struct {
	Input Node
	Exprs []expr.Expr
}

// Sort orders its input.
type Sort struct {
	Input Node
	Keys  []SortKey // Target is a column of the input row
	Types []uint32  // type of each input column
}

// Unique drops rows equal to the previous one (its input is sorted on all
// columns), for SELECT DISTINCT.
type Unique struct {
	Input Node
	Types []uint32
}

// Limit skips Offset rows and stops after Count rows; either may be nil.
type Limit struct {
	Input         Node
	Count, Offset expr.Expr
}

// Trim keeps the first N columns of each row, dropping junk columns.
type Trim struct {
	Input Node
	N     int
}

func (*Result) Width() int    { return 0 }
func (n *Scan) Width() int    { return len(n.Columns) }
func (n *Filter) Width() int  { return n.Input.Width() }
func (n *Project) Width() int { return len(n.Exprs) }
func (n *Sort) Width() int    { return n.Input.Width() }
func (n *Unique) Width() int  { return n.Input.Width() }
func (n *Limit) Width() int   { return n.Input.Width() }
func (n *Trim) Width() int    { return n.N }

// Build turns an analyzed query into a plan: scan, filter, project, sort,
// unique, limit, trim, in the order PostgreSQL's planner stacks them for
// a single-relation query.
func Build(q *Query) Node {
	var n Node = &Result{}
	if q.From != nil {
		n = &Scan{Schema: q.From.Schema, Name: q.From.Name, Columns: q.From.Columns}
	}
	if q.Where != nil {
		n = &Filter{Input: n, Quals: orderQuals(flattenAnd(q.Where, nil))}
	}
	exprs := make([]expr.Expr, len(q.Targets))
	colTypes := make([]uint32, len(q.Targets))
	visible := 0
	for i, t := range q.Targets {
		exprs[i] = t.Expr
		colTypes[i] = t.Expr.Type()
		if !t.Junk {
			visible++
		}
	}
	n = &Project{Input: n, Exprs: exprs}
	if q.Distinct {
		// Sort on the requested keys first, then on every visible
		// column, so equal rows are adjacent.
		keys := append([]SortKey{}, q.Sort...)
		for i := 0; i < visible; i++ {
			keys = append(keys, SortKey{Target: i})
		}
		n = &Sort{Input: n, Keys: keys, Types: colTypes}
		n = &Unique{Input: n, Types: colTypes[:visible]}
	} else if len(q.Sort) > 0 {
		n = &Sort{Input: n, Keys: q.Sort, Types: colTypes}
	}
	if q.Limit != nil || q.Offset != nil {
		n = &Limit{Input: n, Count: q.Limit, Offset: q.Offset}
	}
	if visible < len(q.Targets) {
		n = &Trim{Input: n, N: visible}
	}
	return n
}

// flattenAnd splits a condition into its AND-ed parts, as PostgreSQL's
// planner makes a WHERE clause an implicit-AND list.
func flattenAnd(e expr.Expr, out []expr.Expr) []expr.Expr {
	if b, ok := e.(*expr.BoolExpr); ok && b.Op == expr.And {
		for _, a := range b.Args {
			out = flattenAnd(a, out)
		}
		return out
	}
	return append(out, e)
}

// orderQuals sorts quals by estimated evaluation cost, keeping the
// written order among equals (order_qual_clauses). Which qual runs first
// is visible: a cheap test can spare an expensive one that would fail.
func orderQuals(quals []expr.Expr) []expr.Expr {
	sort.SliceStable(quals, func(i, j int) bool { return Cost(quals[i]) < Cost(quals[j]) })
	return quals
}

// Cost estimates the per-row cost of evaluating e in units of one
// function call, as cost_qual_eval does with every built-in's procost of
// 1: function and operator calls cost 1, conversions through text 2
// (an output and an input function), ANY over a list half a call per
// element.
func Cost(e expr.Expr) float64 {
	var c float64
	var walk func(expr.Expr)
	walk = func(e expr.Expr) {
		switch x := e.(type) {
		case *expr.FuncExpr:
			c++
			for _, a := range x.Args {
				walk(a)
			}
		case *expr.CoerceViaIO:
			c += 2
			walk(x.Arg)
		case *expr.CoerceToTypmod:
			c++
			walk(x.Arg)
		case *expr.RelabelType:
			walk(x.Arg)
		case *expr.BoolExpr:
			for _, a := range x.Args {
				walk(a)
			}
		case *expr.NullTest:
			walk(x.Arg)
		case *expr.BoolTest:
			walk(x.Arg)
		case *expr.CaseExpr:
			if x.Arg != nil {
				walk(x.Arg)
			}
			for _, w := range x.Whens {
				walk(w.Cond)
				walk(w.Result)
			}
			walk(x.Else)
		case *expr.CoalesceExpr:
			for _, a := range x.Args {
				walk(a)
			}
		case *expr.MinMaxExpr:
			c += float64(len(x.Args))
			for _, a := range x.Args {
				walk(a)
			}
		case *expr.DistinctExpr:
			c++
			walk(x.Args[0])
			walk(x.Args[1])
		case *expr.NullIfExpr:
			c++
			walk(x.Args[0])
			walk(x.Args[1])
		case *expr.ScalarArrayOpExpr:
			walk(x.Left)
			n := float64(len(x.Right))
			if x.Array != nil {
				walk(x.Array)
				n = 100
			}
			for _, a := range x.Right {
				walk(a)
			}
			c += n * 0.5
		case *expr.ArrayExpr:
			for _, a := range x.Elems {
				walk(a)
			}
		case *expr.ArrayCoerceExpr:
			walk(x.Arg)
			walk(x.ElemExpr)
		}
	}
	walk(e)
	return c
}
