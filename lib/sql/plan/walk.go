// Rewriting expression trees.

package plan

import "github.com/gpostgres/gpostgres/lib/sql/expr"

// MapChildren returns a copy of e with f applied to each direct
// subexpression.
func MapChildren(e expr.Expr, f func(expr.Expr) expr.Expr) expr.Expr {
	all := func(es []expr.Expr) []expr.Expr {
		out := make([]expr.Expr, len(es))
		for i, x := range es {
			out[i] = f(x)
		}
		return out
	}
	switch x := e.(type) {
	case *expr.FuncExpr:
		cp := *x
		cp.Args = all(x.Args)
		return &cp
	case *expr.BoolExpr:
		cp := *x
		cp.Args = all(x.Args)
		return &cp
	case *expr.NullTest:
		cp := *x
		cp.Arg = f(x.Arg)
		return &cp
	case *expr.BoolTest:
		cp := *x
		cp.Arg = f(x.Arg)
		return &cp
	case *expr.CaseExpr:
		cp := *x
		if x.Arg != nil {
			cp.Arg = f(x.Arg)
		}
		cp.Whens = make([]expr.CaseWhen, len(x.Whens))
		for i, w := range x.Whens {
			cp.Whens[i] = expr.CaseWhen{Cond: f(w.Cond), Result: f(w.Result)}
		}
		cp.Else = f(x.Else)
		return &cp
	case *expr.CoalesceExpr:
		cp := *x
		cp.Args = all(x.Args)
		return &cp
	case *expr.MinMaxExpr:
		cp := *x
		cp.Args = all(x.Args)
		return &cp
	case *expr.DistinctExpr:
		cp := *x
		cp.Args = [2]expr.Expr{f(x.Args[0]), f(x.Args[1])}
		return &cp
	case *expr.NullIfExpr:
		cp := *x
		cp.Args = [2]expr.Expr{f(x.Args[0]), f(x.Args[1])}
		return &cp
	case *expr.ScalarArrayOpExpr:
		cp := *x
		cp.Left = f(x.Left)
		cp.Right = all(x.Right)
		if x.Array != nil {
			cp.Array = f(x.Array)
		}
		return &cp
	case *expr.RelabelType:
		cp := *x
		cp.Arg = f(x.Arg)
		return &cp
	case *expr.CoerceViaIO:
		cp := *x
		cp.Arg = f(x.Arg)
		return &cp
	case *expr.CoerceToDomain:
		// The checks read their own one-column row: only the argument
		// is part of the enclosing expression.
		cp := *x
		cp.Arg = f(x.Arg)
		return &cp
	case *expr.CoerceToTypmod:
		cp := *x
		cp.Arg = f(x.Arg)
		return &cp
	case *expr.ArrayExpr:
		cp := *x
		cp.Elems = all(x.Elems)
		return &cp
	case *expr.ArrayCoerceExpr:
		cp := *x
		cp.Arg = f(x.Arg)
		return &cp
	case *expr.WindowFunc:
		cp := *x
		cp.Args = all(x.Args)
		if x.Filter != nil {
			cp.Filter = f(x.Filter)
		}
		return &cp
	case *expr.RowExpr:
		cp := *x
		cp.Args = all(x.Args)
		if x.NullWhen != nil {
			cp.NullWhen = f(x.NullWhen)
		}
		return &cp
	case *expr.RowCompareExpr:
		cp := *x
		cp.Left = all(x.Left)
		cp.Right = all(x.Right)
		return &cp
	case *expr.FieldSelect:
		cp := *x
		cp.Arg = f(x.Arg)
		return &cp
	case *expr.MultiAssignRef:
		cp := *x
		if x.Source != nil {
			cp.Source = f(x.Source)
		}
		return &cp
	case *expr.SubscriptExpr:
		cp := *x
		cp.Arg = f(x.Arg)
		cp.Indexes = allOptional(x.Indexes, f)
		cp.Lower = allOptional(x.Lower, f)
		if x.Value != nil {
			cp.Value = f(x.Value)
		}
		return &cp
	}
	return e
}

// allOptional applies f to the expressions of a list with omitted
// (nil) entries, such as a slice's bounds.
func allOptional(es []expr.Expr, f func(expr.Expr) expr.Expr) []expr.Expr {
	if es == nil {
		return nil
	}
	out := make([]expr.Expr, len(es))
	for i, x := range es {
		if x != nil {
			out[i] = f(x)
		}
	}
	return out
}
