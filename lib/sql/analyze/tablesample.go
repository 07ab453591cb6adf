// TABLESAMPLE (PostgreSQL 15's transformRangeTableSample): a table in
// FROM read through the SYSTEM or BERNOULLI sampling method, with the
// sample percentage as a real and REPEATABLE's seed as a double
// precision. The arguments see no FROM item of their query level.

package analyze

import (
	"strings"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// sampleMethods are the sampling methods, by their handler functions'
// names (the built-in ones: no extension adds more here).
var sampleMethods = map[string]plan.SampleMethod{
	"system":    plan.SampleSystem,
	"bernoulli": plan.SampleBernoulli,
}

func (s *state) rangeTableSample(ts *pg_query.RangeTableSample) (plan.FromItem, []nsItem, error) {
	rv := ts.Relation.GetRangeVar()
	if rv == nil {
		return nil, nil, notSupported("TABLESAMPLE on this FROM item")
	}
	idx, err := s.rangeVar(rv)
	if err != nil {
		return nil, nil, err
	}
	r := s.q.RTEs[idx]
	if r.Kind != plan.RTETable {
		return nil, nil, s.errorAt(pgerr.New(pgerr.FeatureNotSupported, "TABLESAMPLE clause can only be applied to tables and materialized views"), rv.Location)
	}
	names := nameList(ts.Method)
	method, ok := sampleMethods[names[len(names)-1]]
	if !ok || len(names) > 2 || len(names) == 2 && names[0] != "pg_catalog" {
		return nil, nil, s.errorAt(pgerr.Newf(pgerr.UndefinedObject, "tablesample method %s does not exist", strings.Join(names, ".")), ts.Location)
	}
	// Both methods take one argument.
	if len(ts.Args) != 1 {
		return nil, nil, s.errorAt(pgerr.Newf(pgerr.InvalidTablesampleArgument, "tablesample method %s requires 1 argument, not %d",
			strings.Join(names, "."), len(ts.Args)), ts.Location)
	}
	sample := &plan.TableSample{Method: method}
	savedNS, savedKind := s.ns, s.kind
	s.ns, s.kind = nil, exprFromFunction
	defer func() { s.ns, s.kind = savedNS, savedKind }()
	for _, a := range ts.Args {
		e, err := s.sampleArgument(a, types.OidFloat4, "TABLESAMPLE")
		if err != nil {
			return nil, nil, err
		}
		sample.Args = append(sample.Args, e)
	}
	if ts.Repeatable != nil {
		if sample.Repeatable, err = s.sampleArgument(ts.Repeatable, types.OidFloat8, "REPEATABLE"); err != nil {
			return nil, nil, err
		}
	}
	r.Sample = sample
	return &plan.RangeItem{RTE: idx}, []nsItem{{rte: idx, relVisible: true, colsVisible: true}}, nil
}

// sampleArgument analyzes an argument of TABLESAMPLE and converts it to
// typ (coerce_to_specific_type).
func (s *state) sampleArgument(n *pg_query.Node, typ uint32, construct string) (expr.Expr, error) {
	e, err := s.transformExpr(n)
	if err != nil {
		return nil, err
	}
	if e.Type() == typ {
		return e, nil
	}
	if !s.canCoerce([]uint32{e.Type()}, []uint32{typ}, ccAssignment) {
		return nil, s.errorAt(pgerr.Newf(pgerr.DatatypeMismatch, "argument of %s must be type %s, not type %s",
			construct, types.FormatType(typ, -1), s.typeName(e.Type())), expr.Location(e))
	}
	return s.coerceType(e, typ, -1, ccAssignment, expr.Location(e))
}
