// This file implements the set-returning json and jsonb functions
// (json(b)_array_elements[_text], json(b)_object_keys, json(b)_each[_text])
// and the json and jsonb aggregates (json(b)_agg, json(b)_object_agg).

package builtins

import (
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// listSRF returns the values of vals one by one.
func listSRF(vals []types.Datum) func() (types.Datum, bool, error) {
	i := 0
	return func() (types.Datum, bool, error) {
		if i >= len(vals) {
			return types.Null, false, nil
		}
		i++
		return vals[i-1], true, nil
	}
}

func addJSONSRFs(m map[string]expr.SRFImpl) {
	for _, t := range []uint32{types.OidJSON, types.OidJSONB} {
		t := t
		p := "json"
		if t == types.OidJSONB {
			p = "jsonb"
		}
		for _, asText := range []bool{false, true} {
			asText := asText
			name := p + "_array_elements"
			if asText {
				name += "_text"
			}
			m[name] = func(_ *expr.EvalContext, a []types.Datum) (func() (types.Datum, bool, error), error) {
				v, err := jsonArg(t, a[0])
				if err != nil {
					return nil, err
				}
				if v.Kind != types.JSONArray {
					switch {
					case t == types.OidJSON && v.Kind == types.JSONObject:
						return nil, errInvalidParam("cannot call %s on a non-array", name)
					case t == types.OidJSON:
						return nil, errInvalidParam("cannot call %s on a scalar", name)
					case v.Kind == types.JSONObject:
						return nil, errInvalidParam("cannot extract elements from an object")
					}
					return nil, errInvalidParam("cannot extract elements from a scalar")
				}
				out := make([]types.Datum, len(v.Elems))
				for i, e := range v.Elems {
					if asText {
						out[i] = jsonTextResult(e)
					} else {
						out[i] = jsonResult(t, e)
					}
				}
				return listSRF(out), nil
			}
		}
		m[p+"_object_keys"] = func(_ *expr.EvalContext, a []types.Datum) (func() (types.Datum, bool, error), error) {
			v, err := jsonArg(t, a[0])
			if err != nil {
				return nil, err
			}
			switch v.Kind {
			case types.JSONObject:
			case types.JSONArray:
				return nil, errInvalidParam("cannot call %s_object_keys on an array", p)
			default:
				return nil, errInvalidParam("cannot call %s_object_keys on a scalar", p)
			}
			out := make([]types.Datum, len(v.Keys))
			for i, k := range v.Keys {
				out[i] = types.Text(k)
			}
			return listSRF(out), nil
		}
	}
	addJSONPathSRFs(m)
}

func rowSRFImpls() map[string]expr.RowSRFImpl {
	m := map[string]expr.RowSRFImpl{"pg_get_multixact_members": multiXactMembers}
	for _, t := range []uint32{types.OidJSON, types.OidJSONB} {
		t := t
		p := "json"
		if t == types.OidJSONB {
			p = "jsonb"
		}
		for _, asText := range []bool{false, true} {
			asText := asText
			name := p + "_each"
			if asText {
				name += "_text"
			}
			m[name] = func(_ *expr.EvalContext, a []types.Datum) (func() ([]types.Datum, bool, error), error) {
				v, err := jsonArg(t, a[0])
				if err != nil {
					return nil, err
				}
				if v.Kind != types.JSONObject {
					switch {
					case t == types.OidJSONB:
						return nil, errInvalidParam("cannot call %s on a non-object", name)
					case v.Kind == types.JSONArray:
						return nil, errInvalidParam("cannot deconstruct an array as an object")
					}
					return nil, errInvalidParam("cannot deconstruct a scalar")
				}
				i := 0
				return func() ([]types.Datum, bool, error) {
					if i >= len(v.Keys) {
						return nil, false, nil
					}
					i++
					val := jsonResult(t, v.Vals[i-1])
					if asText {
						val = jsonTextResult(v.Vals[i-1])
					}
					return []types.Datum{types.Text(v.Keys[i-1]), val}, true, nil
				}, nil
			}
		}
	}
	return m
}

// newJSONAgg returns the accumulators of the json and jsonb aggregates,
// by their transition functions, or nil.
func newJSONAgg(trans string, argTypes []uint32) func() AggAcc {
	switch trans {
	case "json_agg_transfn":
		return func() AggAcc { return &jsonAggAcc{typ: argTypes[0]} }
	case "jsonb_agg_transfn":
		return func() AggAcc { return &jsonAggAcc{typ: argTypes[0], jsonb: true} }
	case "json_object_agg_transfn":
		return func() AggAcc { return &jsonAggAcc{typ: argTypes[1], keyTyp: argTypes[0], object: true} }
	case "jsonb_object_agg_transfn":
		return func() AggAcc { return &jsonAggAcc{typ: argTypes[1], keyTyp: argTypes[0], object: true, jsonb: true} }
	}
	return nil
}

// jsonAggAcc builds json_agg's and json_object_agg's text as PostgreSQL's
// transition functions do, or the jsonb aggregates' trees.
type jsonAggAcc struct {
	typ, keyTyp   uint32
	object, jsonb bool
	have          bool
	buf           []byte
	keys          []string
	vals          []*types.JSON
	size          int64
}

func (a *jsonAggAcc) Add(ec *expr.EvalContext, args []types.Datum) error {
	val := args[0]
	if a.object {
		if args[0].IsNull() {
			return errInvalidParam("field name must not be null")
		}
		val = args[1]
	}
	if a.jsonb {
		var key string
		if a.object {
			k, err := jsonKeyText(ec, a.keyTyp, args[0])
			if err != nil {
				return err
			}
			key = k
		}
		v, err := toJSONB(ec, a.typ, val, false)
		if err != nil {
			return err
		}
		if len(a.vals) >= maxArrayElems {
			return errArraySize()
		}
		a.have = true
		a.keys, a.vals = append(a.keys, key), append(a.vals, v)
		return nil
	}
	start := len(a.buf)
	switch {
	case !a.have && a.object:
		a.buf = append(a.buf, "{ "...)
	case !a.have:
		a.buf = append(a.buf, '[')
	default:
		a.buf = append(a.buf, ", "...)
		if !a.object && !val.IsNull() {
			if c := categorizeJSON(a.typ); c == jcArray || c == jcComposite || val.IsRecord() {
				a.buf = append(a.buf, "\n "...)
			}
		}
	}
	a.have = true
	var err error
	if a.object {
		if a.buf, err = appendToJSON(ec, a.buf, a.keyTyp, args[0], true); err != nil {
			return err
		}
		a.buf = append(a.buf, " : "...)
	}
	if a.buf, err = appendToJSON(ec, a.buf, a.typ, val, false); err != nil {
		return err
	}
	return checkAppend(int64(start), int64(len(a.buf)-start))
}

func (a *jsonAggAcc) Result(*expr.EvalContext) (types.Datum, error) {
	if !a.have {
		return types.Null, nil
	}
	if a.jsonb {
		if a.object {
			return types.JSONBDatum(types.NewJSONObject(a.keys, a.vals)), nil
		}
		return types.JSONBDatum(&types.JSON{Kind: types.JSONArray, Elems: append([]*types.JSON(nil), a.vals...)}), nil
	}
	end := "]"
	if a.object {
		end = " }"
	}
	return types.Text(string(a.buf) + end), nil
}
