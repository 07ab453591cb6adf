// This file analyzes unnest with several arguments in FROM
// (parse_clause.c's transformRangeFunction): unnest(a, b, ...) is
// ROWS FROM (unnest(a), unnest(b), ...), one column per array, the
// shorter arrays padded with NULLs.

package analyze

import (
	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// multiArgUnnest returns the call of unnest(a, b, ...) in FROM, nil if
// fc is another call.
func (s *state) multiArgUnnest(fc *pg_query.FuncCall, names []string, rf *pg_query.RangeFunction) (*plan.FuncCall, error) {
	if names[len(names)-1] != "unnest" || len(names) == 2 && names[0] != "pg_catalog" ||
		len(fc.Args) < 2 || len(rf.Coldeflist) > 0 || fc.AggStar || fc.AggDistinct || fc.FuncVariadic ||
		len(fc.AggOrder) > 0 || fc.AggFilter != nil || fc.Over != nil {
		return nil, nil
	}
	var args []expr.Expr
	var outNames []string
	var outTypes []uint32
	// PostgreSQL calls pg_catalog.unnest for each array.
	qualified := []*pg_query.Node{pg_query.MakeStrNode("pg_catalog"), pg_query.MakeStrNode("unnest")}
	for _, a := range fc.Args {
		one := &pg_query.FuncCall{Funcname: qualified, Args: []*pg_query.Node{a}, Location: fc.Location}
		e, err := s.transformFuncCallSRF(one)
		if err != nil {
			return nil, err
		}
		f := e.(*expr.FuncExpr)
		args = append(args, f.Args[0])
		outNames = append(outNames, "unnest")
		outTypes = append(outTypes, f.Typ)
	}
	zip := &expr.Func{Name: "unnest", RetSet: true, Volatility: expr.Immutable, Ret: types.OidRecord,
		OutNames: outNames, OutTypes: outTypes, RowSRF: unnestZip}
	return &plan.FuncCall{Func: zip, Args: args, Ordinality: rf.Ordinality}, nil
}

// unnestZip reads the arrays side by side until the longest ends; a
// NULL array has no elements.
func unnestZip(_ *expr.EvalContext, args []types.Datum) (func() ([]types.Datum, bool, error), error) {
	arrays := make([]*types.Array, len(args))
	longest := 0
	for i, a := range args {
		if !a.IsNull() {
			arrays[i] = a.Array()
			longest = max(longest, len(arrays[i].Elems))
		}
	}
	k := 0
	return func() ([]types.Datum, bool, error) {
		if k >= longest {
			return nil, false, nil
		}
		row := make([]types.Datum, len(arrays))
		for i, a := range arrays {
			if a != nil && k < len(a.Elems) {
				row[i] = a.Elems[k]
			}
		}
		k++
		return row, true, nil
	}, nil
}
