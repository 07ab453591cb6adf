// This file implements the SQL/JSON path functions over lib/types'
// jsonpath evaluator: jsonb_path_exists, jsonb_path_match,
// jsonb_path_query (set-returning), jsonb_path_query_array,
// jsonb_path_query_first and the @? and @@ operators.

package builtins

import (
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// evalPath runs the path of a call: (target, path[, vars, silent]).
// ok is false when silent evaluation met an error.
func evalPath(ec *expr.EvalContext, a []types.Datum, silentOp bool) ([]*types.JSON, bool, error) {
	var vars *types.JSON
	silent := silentOp
	if len(a) > 2 {
		vars = a[2].JSONB()
		silent = a[3].Bool()
	}
	return types.EvalJSONPath(a[1].JSONPath(), a[0].JSONB(), vars, silent, ec.CheckCancel)
}

func pathExists(silentOp bool) implEntry {
	return implEntry{impl: func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		items, ok, err := evalPath(ec, a, silentOp)
		if err != nil || !ok {
			return types.Null, err
		}
		return types.Bool(len(items) > 0), nil
	}}
}

func pathMatch(silentOp bool) implEntry {
	return implEntry{impl: func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		items, _, err := evalPath(ec, a, silentOp)
		if err != nil {
			return types.Null, err
		}
		silent := silentOp || len(a) > 3 && a[3].Bool()
		if len(items) == 1 {
			switch items[0].Kind {
			case types.JSONBool:
				return types.Bool(items[0].Bool), nil
			case types.JSONNull:
				return types.Null, nil
			}
		}
		if silent {
			return types.Null, nil
		}
		return types.Null, pgerr.New(pgerr.SingletonSqlJsonItemRequired, "single boolean result is expected")
	}}
}

func addJSONPathImpls(m map[string]implEntry) {
	m["jsonb_path_exists"] = pathExists(false)
	m["jsonb_path_exists_opr"] = pathExists(true)
	m["jsonb_path_match"] = pathMatch(false)
	m["jsonb_path_match_opr"] = pathMatch(true)
	m["jsonb_path_query_array"] = implEntry{impl: func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		items, _, err := evalPath(ec, a, false)
		if err != nil {
			return types.Null, err
		}
		return types.JSONBDatum(&types.JSON{Kind: types.JSONArray, Elems: items}), nil
	}}
	m["jsonb_path_query_first"] = implEntry{impl: func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		items, _, err := evalPath(ec, a, false)
		if err != nil || len(items) == 0 {
			return types.Null, err
		}
		return types.JSONBDatum(items[0]), nil
	}}
	// The _tz variants differ only in time-zone-dependent datetime
	// comparisons, which need .datetime(): refused when the path is read.
	for _, name := range []string{"jsonb_path_exists", "jsonb_path_match", "jsonb_path_query_array", "jsonb_path_query_first"} {
		m[name+"_tz"] = m[name]
	}
}

func addJSONPathSRFs(m map[string]expr.SRFImpl) {
	m["jsonb_path_query"] = func(ec *expr.EvalContext, a []types.Datum) (func() (types.Datum, bool, error), error) {
		items, _, err := evalPath(ec, a, false)
		if err != nil {
			return nil, err
		}
		out := make([]types.Datum, len(items))
		for i, v := range items {
			out[i] = types.JSONBDatum(v)
		}
		return listSRF(out), nil
	}
	m["jsonb_path_query_tz"] = m["jsonb_path_query"]
}
