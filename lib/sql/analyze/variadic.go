// This file analyzes calls that give a variadic function's variadic
// arguments as one array, f(a, VARIADIC arr) (parse_func.c's
// ParseFuncOrColumn with func_variadic): only the unexpanded forms of
// the functions are candidates, a VARIADIC "any" argument must be an
// array, and a built-in receives the array's elements as its
// arguments. VARIADIC on a function that is not variadic is ignored,
// as PostgreSQL ignores it.

package analyze

import (
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// unexpandedCandidates lists the overloads of a name taking nargs
// arguments as declared, the variadic array as the last one.
func unexpandedCandidates(fns []*expr.Func, nargs int) []candidate {
	var out []candidate
	for _, f := range fns {
		if len(f.Args) == nargs {
			out = append(out, candidate{fn: f, args: f.Args})
		}
	}
	return out
}

// buildVariadicArrayCall is buildCall for f(..., VARIADIC arr).
func (s *state) buildVariadicArrayCall(c candidate, args []expr.Expr, inputs []uint32, loc int32, name string, srf bool) (expr.Expr, error) {
	f := c.fn
	if f.Variadic == 0 || len(args) == 0 {
		return s.buildCall(c, args, inputs, loc, name, srf)
	}
	last := args[len(args)-1]
	elem := f.Variadic
	if f.Variadic == types.OidAny {
		if elem = s.elemOf(s.baseType(last.Type())); elem == 0 {
			return nil, s.errorAt(pgerr.New(pgerr.DatatypeMismatch, "VARIADIC argument must be an array"), expr.Location(last))
		}
	}
	if f.SQL || !f.Implemented() {
		// A SQL function's variadic parameter is the array itself.
		return s.buildCall(c, args, inputs, loc, name, srf)
	}
	if f.RetSet || f.RowSRF != nil || f.RecordFunc != nil {
		return nil, s.errorAt(notSupported("VARIADIC calls of set-returning functions"), loc)
	}
	c.fn = expr.VariadicArrayCall(f, elem, f.Src == "text_format")
	return s.buildCall(c, args, inputs, loc, name, srf)
}

// arrangeCallArgs puts a call's analyzed arguments in the form the
// function takes: named arguments in the parameters' order with the
// defaults filled in (namedargs.go), and a SQL function called with
// its variadic arguments listed receives them as one array
// (make_fn_arguments' ArrayExpr).
func (s *state) arrangeCallArgs(c candidate, fe *expr.FuncExpr) (expr.Expr, error) {
	f := c.fn
	if c.argNumbers != nil {
		args, err := s.namedCallArgs(c, fe.Args)
		if err != nil {
			return nil, err
		}
		fe.Args = args
		return fe, nil
	}
	if !f.SQL || f.Variadic == 0 || len(c.args) == len(f.Args) && c.args[len(c.args)-1] == f.Args[len(f.Args)-1] {
		return fe, nil
	}
	fixed := len(f.Args) - 1
	arr := &expr.ArrayExpr{Elems: append([]expr.Expr(nil), fe.Args[fixed:]...), ElemType: f.Variadic, Typ: f.Args[fixed]}
	fe.Args = append(fe.Args[:fixed:fixed], arr)
	return fe, nil
}
