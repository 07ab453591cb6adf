// This file shows a plan's expressions the way PostgreSQL's planner
// leaves them for EXPLAIN (eval_const_expressions and the negation of
// NOT over a comparison in canonicalize_qual): immutable calls of
// constants print as their value, an IN list of constants as one array
// constant, NOT (a < b) as a >= b, and the parameters of a custom plan
// as their values (plancache.go), as PostgreSQL folds them into it. The
// executor evaluates the expressions as written; the values are the
// same.

package sql

import (
	"github.com/gpostgres/gpostgres/lib/sql/builtins"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// folder simplifies expressions for display.
type folder struct {
	ec *expr.EvalContext
	// negator returns the negator of an operator, nil when it has none.
	negator func(oid uint32) *expr.Operator
	// params are the statement's parameter values: shown as constants,
	// as PostgreSQL shows the custom plan it makes for them.
	params []types.Datum
}

// eval computes a constant expression, false when it cannot (an error
// is left for execution to report).
func (f *folder) eval(e expr.Expr, typ uint32, mod int32) (expr.Expr, bool) {
	if f == nil || f.ec == nil {
		return e, false
	}
	ev, err := expr.Compile(e)
	if err != nil {
		return e, false
	}
	v, err := ev(f.ec, nil)
	if err != nil {
		return e, false
	}
	return &expr.Const{Typ: typ, Mod: mod, Value: v, Loc: -1}, true
}

func allConst(es []expr.Expr) bool {
	for _, a := range es {
		if _, ok := a.(*expr.Const); !ok {
			return false
		}
	}
	return true
}

// fold returns e simplified.
func (f *folder) fold(e expr.Expr) expr.Expr {
	if e == nil {
		return nil
	}
	if _, ok := e.(*expr.SubLink); ok {
		return e
	}
	e = plan.MapChildren(e, f.fold)
	switch x := e.(type) {
	case *expr.Param:
		if x.Index >= 0 && x.Index < len(f.params) {
			return &expr.Const{Typ: x.Typ, Mod: x.Mod, Value: f.params[x.Index], Loc: -1}
		}
	case *expr.FuncExpr:
		if x.Func != nil && !x.Func.RetSet && x.Func.Volatility == expr.Immutable && allConst(x.Args) && x.Format != expr.CallSQLSyntax {
			if c, ok := f.eval(x, x.Typ, x.Mod); ok {
				return c
			}
		}
		if b := boolComparison(x); b != nil {
			return b
		}
	case *expr.RelabelType:
		// A constant relabeled is a constant of the new type.
		if c, ok := x.Arg.(*expr.Const); ok {
			return &expr.Const{Typ: x.Typ, Mod: x.Mod, Value: c.Value, Loc: -1}
		}
	case *expr.CaseExpr:
		if x.Arg == nil {
			return foldCase(x)
		}
	case *expr.DistinctExpr:
		// a IS [NOT] DISTINCT FROM NULL is a NULL test.
		for i := range 2 {
			if c, ok := x.Args[i].(*expr.Const); ok && c.Value.IsNull() {
				return &expr.NullTest{Arg: x.Args[1-i], IsNot: !x.Not}
			}
		}
	case *expr.NullTest:
		// ROW(a, b) IS NULL tests each field (eval_const_expressions).
		if r, ok := x.Arg.(*expr.RowExpr); ok && x.ArgIsRow && !r.WholeRow && len(r.Args) > 0 {
			tests := make([]expr.Expr, len(r.Args))
			for i, a := range r.Args {
				tests[i] = &expr.NullTest{Arg: a, IsNot: x.IsNot}
			}
			if len(tests) == 1 {
				return tests[0]
			}
			return &expr.BoolExpr{Op: expr.And, Args: tests}
		}
	case *expr.ArrayExpr:
		if allConst(x.Elems) && !x.Multidims {
			if c, ok := f.eval(x, x.Typ, -1); ok {
				return c
			}
		}
	case *expr.ScalarArrayOpExpr:
		if x.Array == nil && len(x.Right) > 0 && allConst(x.Right) {
			elem := x.Right[0].Type()
			if t := types.ByOID(elem); t != nil && t.Array != 0 {
				arr := &expr.ArrayExpr{Elems: x.Right, ElemType: elem, Typ: t.Array}
				if c, ok := f.eval(arr, t.Array, -1); ok {
					return &expr.ScalarArrayOpExpr{Op: x.Op, UseOr: x.UseOr, Left: x.Left, Array: c}
				}
			}
		}
	case *expr.BoolExpr:
		if x.Op == expr.Not && len(x.Args) == 1 {
			if op, ok := x.Args[0].(*expr.FuncExpr); ok && op.Op != nil && op.Op.Negate != 0 && len(op.Args) == 2 && f.negator != nil {
				if neg := f.negator(op.Op.Negate); neg != nil && neg.Func != nil {
					return &expr.FuncExpr{Func: neg.Func, Args: op.Args, Typ: op.Typ, Mod: op.Mod, Op: neg, Format: op.Format}
				}
			}
		}
	}
	return e
}

// newFolder is the folder of a statement run in s with params.
func (s *sqlCtx) newFolder(params []types.Datum) *folder {
	f := &folder{ec: &expr.EvalContext{Ctx: s.ctx, Session: s.env, Format: s.formatOptions(), Params: params}, params: params}
	if s.hasStorage() {
		f.ec.Catalog = names{s}
	}
	sc := s.syscache()
	f.negator = func(oid uint32) *expr.Operator {
		op, err := builtins.OperatorByOID(sc, oid)
		if err != nil {
			return nil
		}
		return op
	}
	return f
}

// boolComparison is simplify_boolean_equality: "b = true" is b, "b =
// false" is NOT b (and the reverse for <>); nil when x is no such
// comparison.
func boolComparison(x *expr.FuncExpr) expr.Expr {
	if x.Op == nil || len(x.Args) != 2 || x.Args[0].Type() != types.OidBool || x.Args[1].Type() != types.OidBool {
		return nil
	}
	var eq bool
	switch x.Op.Name {
	case "=":
		eq = true
	case "<>":
	default:
		return nil
	}
	for i := range 2 {
		c, ok := x.Args[i].(*expr.Const)
		if !ok || c.Value.IsNull() {
			continue
		}
		other := x.Args[1-i]
		if c.Value.Bool() == eq {
			return other
		}
		return &expr.BoolExpr{Op: expr.Not, Args: []expr.Expr{other}}
	}
	return nil
}

// foldCase drops the WHEN clauses whose condition is a constant false
// or NULL, and gives the result of a first one that is constant true
// (eval_const_expressions on a CaseExpr without an argument).
func foldCase(x *expr.CaseExpr) expr.Expr {
	var whens []expr.CaseWhen
	for _, w := range x.Whens {
		c, ok := w.Cond.(*expr.Const)
		switch {
		case ok && (c.Value.IsNull() || !c.Value.Bool()):
			continue
		case ok && len(whens) == 0:
			return w.Result
		}
		whens = append(whens, w)
	}
	if len(whens) == 0 {
		return x.Else
	}
	if len(whens) == len(x.Whens) {
		return x
	}
	return &expr.CaseExpr{Whens: whens, Else: x.Else, Typ: x.Typ, Mod: x.Mod}
}
