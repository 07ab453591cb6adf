// This file evaluates subqueries used as expressions (PostgreSQL's
// nodeSubplan.c): EXISTS, scalar subqueries, ARRAY(SELECT ...), and the
// ANY/ALL comparisons that IN (SELECT ...) becomes; an uncorrelated
// "x = ANY" whose equality hashes looks x up in a hash table of the
// subquery's values (compileHashedAny).

package expr

import (
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/types"
)

func compileSubLink(e *SubLink) (Evaluator, error) {
	var test Evaluator
	if e.Test != nil {
		var err error
		if test, err = Compile(e.Test); err != nil {
			return nil, err
		}
	}
	plan, kind, correlated := e.Plan, e.Kind, e.Correlated
	var elem uint32
	if kind == ArraySubLink {
		elem = types.ElemType(e.Typ)
	}
	// An uncorrelated subquery gives the same rows every time: run it
	// once per execution (an initplan) and keep its rows.
	var cached [][]types.Datum
	have := false
	rows := func(ec *EvalContext, outer []types.Datum, limit int) ([][]types.Datum, error) {
		if !correlated && have {
			return cached, nil
		}
		if ec.Subqueries == nil {
			return nil, pgerr.New(pgerr.FeatureNotSupported, "subqueries are not supported here")
		}
		var out [][]types.Datum
		if !correlated {
			limit = -1
		}
		err := ec.Subqueries.RunSubquery(ec, plan, outer, func(row []types.Datum) (bool, error) {
			out = append(out, row)
			return limit < 0 || len(out) < limit, nil
		})
		if err != nil {
			return nil, err
		}
		if !correlated {
			cached, have = out, true
		}
		return out, nil
	}
	switch kind {
	case ExistsSubLink:
		return func(ec *EvalContext, row []types.Datum) (types.Datum, error) {
			rs, err := rows(ec, row, 1)
			if err != nil {
				return types.Null, err
			}
			return types.Bool(len(rs) > 0), nil
		}, nil
	case ExprSubLink:
		return func(ec *EvalContext, row []types.Datum) (types.Datum, error) {
			rs, err := rows(ec, row, 2)
			if err != nil {
				return types.Null, err
			}
			switch len(rs) {
			case 0:
				return types.Null, nil
			case 1:
				return rs[0][0], nil
			}
			return types.Null, pgerr.New(pgerr.CardinalityViolation, "more than one row returned by a subquery used as an expression")
		}, nil
	case ArraySubLink:
		multidims := e.Multidims
		return func(ec *EvalContext, row []types.Datum) (types.Datum, error) {
			rs, err := rows(ec, row, -1)
			if err != nil {
				return types.Null, err
			}
			if multidims {
				var subs types.SubArrays
				for _, r := range rs {
					if err := subs.Add(r[0]); err != nil {
						return types.Null, err
					}
				}
				if subs.Empty() {
					return types.ArrayDatum(&types.Array{Elem: elem}), nil
				}
				return types.ArrayDatum(subs.Result()), nil
			}
			vals := make([]types.Datum, len(rs))
			for i, r := range rs {
				vals[i] = r[0]
			}
			if len(vals) == 0 {
				return types.ArrayDatum(&types.Array{Elem: elem}), nil
			}
			return types.ArrayDatum(types.NewArray1(elem, vals)), nil
		}, nil
	}
	if kind == MultiExprSubLink {
		return func(ec *EvalContext, row []types.Datum) (types.Datum, error) {
			rs, err := rows(ec, row, 2)
			if err != nil {
				return types.Null, err
			}
			switch len(rs) {
			case 0:
				return types.Null, nil
			case 1:
				return types.RecordDatum(&types.Record{Values: rs[0]}), nil
			}
			return types.Null, pgerr.New(pgerr.CardinalityViolation, "more than one row returned by a subquery used as an expression")
		}, nil
	}
	if kind == RowCompareSubLink {
		return func(ec *EvalContext, row []types.Datum) (types.Datum, error) {
			rs, err := rows(ec, row, 2)
			if err != nil {
				return types.Null, err
			}
			switch len(rs) {
			case 0:
				return types.Null, nil
			case 1:
				saved := ec.subRow
				defer func() { ec.subRow = saved }()
				ec.subRow = rs[0]
				return test(ec, row)
			}
			return types.Null, pgerr.New(pgerr.CardinalityViolation, "more than one row returned by a subquery used as an expression")
		}, nil
	}
	any := kind == AnySubLink
	if any && !correlated && e.HashType != 0 && e.HashOuter != nil {
		return compileHashedAny(e, rows)
	}
	if e.NullIsFalse {
		return nil, pgerr.New(pgerr.InternalError, "EXISTS rewritten as ANY without its hash table")
	}
	return func(ec *EvalContext, row []types.Datum) (types.Datum, error) {
		rs, err := rows(ec, row, -1)
		if err != nil {
			return types.Null, err
		}
		saved := ec.subRow
		defer func() { ec.subRow = saved }()
		sawNull := false
		for _, r := range rs {
			ec.subRow = r
			v, err := test(ec, row)
			if err != nil {
				return types.Null, err
			}
			switch {
			case v.IsNull():
				sawNull = true
			case v.Bool() == any:
				return types.Bool(any), nil
			}
		}
		if sawNull {
			return types.Null, nil
		}
		return types.Bool(!any), nil
	}, nil
}

// compileHashedAny is "x = ANY (SELECT y ...)" over an uncorrelated
// subquery with a hash table of its values (ExecHashSubPlan): built once
// from the subquery's rows, then looked up for each x. The answer is the
// comparisons': true when some y equals x, else NULL when x is NULL or
// some y is NULL (and the subquery gave rows), else false.
func compileHashedAny(e *SubLink, rows func(*EvalContext, []types.Datum, int) ([][]types.Datum, error)) (Evaluator, error) {
	outer, err := Compile(e.HashOuter)
	if err != nil {
		return nil, err
	}
	keyType := e.HashType
	unknown := types.Null
	if e.NullIsFalse {
		unknown = types.Bool(false)
	}
	var set map[string]struct{}
	sawNull, empty, built := false, false, false
	var key []byte
	return func(ec *EvalContext, row []types.Datum) (types.Datum, error) {
		if !built {
			rs, err := rows(ec, row, -1)
			if err != nil {
				return types.Null, err
			}
			set = make(map[string]struct{}, len(rs))
			for i, r := range rs {
				if i&0xFFFF == 0xFFFF {
					if err := ec.CheckCancel(); err != nil {
						return types.Null, err
					}
				}
				if r[0].IsNull() {
					sawNull = true
					continue
				}
				key = types.AppendKey(key[:0], keyType, r[0])
				set[string(key)] = struct{}{}
			}
			empty, built = len(rs) == 0, true
		}
		if empty {
			return types.Bool(false), nil
		}
		x, err := outer(ec, row)
		if err != nil {
			return types.Null, err
		}
		if x.IsNull() {
			return unknown, nil
		}
		key = types.AppendKey(key[:0], keyType, x)
		if _, ok := set[string(key)]; ok {
			return types.Bool(true), nil
		}
		if sawNull {
			return unknown, nil
		}
		return types.Bool(false), nil
	}, nil
}
