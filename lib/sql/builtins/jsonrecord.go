// This file implements json(b)_to_record and json(b)_to_recordset: the
// members of JSON objects as the columns of the call's column
// definition list, converted as PostgreSQL's populate_record_field does
// (JSON null is NULL, strings are read by the column type's input
// function, other values by their JSON text, arrays element by element).

package builtins

import (
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// populateField converts v (nil when the key is missing) to a value of
// column c.
func populateField(ec *expr.EvalContext, c expr.RecordColumn, v *types.JSON, fromJSON bool) (types.Datum, error) {
	if v == nil || v.Kind == types.JSONNull {
		return types.Null, nil
	}
	if err := ec.CheckCancel(); err != nil {
		return types.Null, err
	}
	switch c.Type {
	case types.OidJSONB:
		j, err := types.ToJSONB(v)
		if err != nil {
			return types.Null, err
		}
		return types.JSONBDatum(j), nil
	case types.OidJSON:
		if fromJSON && v.Kind != types.JSONString {
			return types.Text(v.Raw), nil
		}
		return types.Text(string(types.AppendJSONB(nil, v))), nil
	}
	if t := types.ByOID(c.Type); t != nil && t.IsArray() && v.Kind != types.JSONString {
		return populateArray(ec, c, t.Elem, v, fromJSON)
	}
	var s string
	switch {
	case v.Kind == types.JSONString:
		s = v.Str
	case fromJSON:
		s = v.Raw
	default:
		s = string(types.AppendJSONB(nil, v))
	}
	return types.ParseText(c.Type, c.Mod, s, ec.Format)
}

// populateArray is populate_array: a JSON array (of arrays, for more
// dimensions) as a SQL array.
func populateArray(ec *expr.EvalContext, c expr.RecordColumn, elem uint32, v *types.JSON, fromJSON bool) (types.Datum, error) {
	if v.Kind != types.JSONArray {
		return types.Null, pgerr.New(pgerr.InvalidParameterValue, "expected JSON array").
			WithHint("See the value of key \"%s\".", c.Name)
	}
	var dims []int32
	for x := v; ; {
		dims = append(dims, int32(len(x.Elems)))
		if len(x.Elems) == 0 || x.Elems[0].Kind != types.JSONArray {
			break
		}
		x = x.Elems[0]
	}
	malformed := func() error {
		return pgerr.New(pgerr.InvalidTextRepresentation, "malformed JSON array").
			WithDetail("Multidimensional arrays must have sub-arrays with matching dimensions.")
	}
	var elems []types.Datum
	var walk func(x *types.JSON, level int) error
	walk = func(x *types.JSON, level int) error {
		if x.Kind != types.JSONArray || int32(len(x.Elems)) != dims[level] {
			return malformed()
		}
		for _, e := range x.Elems {
			if level+1 < len(dims) {
				if err := walk(e, level+1); err != nil {
					return err
				}
				continue
			}
			if e.Kind == types.JSONArray {
				return malformed()
			}
			d, err := populateField(ec, expr.RecordColumn{Name: c.Name, Type: elem, Mod: c.Mod}, e, fromJSON)
			if err != nil {
				return err
			}
			if len(elems) >= maxArrayElems {
				return errArraySize()
			}
			elems = append(elems, d)
		}
		return nil
	}
	if err := walk(v, 0); err != nil {
		return types.Null, err
	}
	if len(elems) == 0 {
		return types.ArrayDatum(&types.Array{Elem: elem}), nil
	}
	lb := make([]int32, len(dims))
	for i := range lb {
		lb[i] = 1
	}
	return types.ArrayDatum(&types.Array{Elem: elem, Dims: dims, Lbound: lb, Elems: elems}), nil
}

func populateRow(ec *expr.EvalContext, obj *types.JSON, cols []expr.RecordColumn, fromJSON bool) ([]types.Datum, error) {
	row := make([]types.Datum, len(cols))
	for i, c := range cols {
		d, err := populateField(ec, c, obj.Field(c.Name), fromJSON)
		if err != nil {
			return nil, err
		}
		row[i] = d
	}
	return row, nil
}

// populateRecord is json(b)_populate_record: the fields of base's row
// type from obj's members, base's values (or NULL) for the others.
func populateRecord(ec *expr.EvalContext, rowType uint32, base types.Datum, obj *types.JSON, fromJSON bool) (types.Datum, error) {
	var desc *types.RowDesc
	if base.IsRecord() {
		desc = base.Record().Desc
	} else if ec.Catalog != nil {
		d, err := ec.Catalog.Syscache().RowDesc(rowType)
		if err != nil {
			return types.Null, err
		}
		desc = d
	}
	if desc == nil {
		return types.Null, pgerr.New(pgerr.FeatureNotSupported, "could not determine row type for result of json_populate_record").
			WithHint("Provide a non-null record argument, or call the function in the FROM clause using a column definition list.")
	}
	switch obj.Kind {
	case types.JSONObject:
	case types.JSONArray:
		return types.Null, errInvalidParam("cannot call populate_composite on an array")
	default:
		return types.Null, errInvalidParam("cannot call populate_composite on a scalar")
	}
	vals := make([]types.Datum, len(desc.Names))
	for i, name := range desc.Names {
		v := obj.Field(name)
		if v == nil {
			if base.IsRecord() {
				vals[i] = base.Record().Values[i]
			}
			continue
		}
		d, err := populateField(ec, expr.RecordColumn{Name: name, Type: desc.Types[i], Mod: desc.Mods[i]}, v, fromJSON)
		if err != nil {
			return types.Null, err
		}
		vals[i] = d
	}
	return types.RecordDatum(&types.Record{Desc: desc, Values: vals}), nil
}

func addJSONPopulateImpls(m map[string]implEntry) {
	for _, t := range []uint32{types.OidJSON, types.OidJSONB} {
		t := t
		name := "json_populate_record"
		if t == types.OidJSONB {
			name = "jsonb_populate_record"
		}
		m[name] = implEntry{bind: func(argTypes []uint32, _ uint32) expr.Impl {
			return func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
				if a[1].IsNull() {
					return a[0], nil
				}
				v, err := jsonArg(t, a[1])
				if err != nil {
					return types.Null, err
				}
				return populateRecord(ec, argTypes[0], a[0], v, t == types.OidJSON)
			}
		}}
	}
}

func recordFuncImpls() map[string]expr.RecordFuncImpl {
	m := map[string]expr.RecordFuncImpl{}
	for _, t := range []uint32{types.OidJSON, types.OidJSONB} {
		t := t
		p := "json"
		if t == types.OidJSONB {
			p = "jsonb"
		}
		fromJSON := t == types.OidJSON
		m[p+"_to_record"] = func(ec *expr.EvalContext, a []types.Datum, cols []expr.RecordColumn) (func() ([]types.Datum, bool, error), error) {
			if a[0].IsNull() {
				// Not strict: a NULL document gives a NULL record, a row
				// of NULLs in FROM.
				return expr.OneRow(make([]types.Datum, len(cols))), nil
			}
			v, err := jsonArg(t, a[0])
			if err != nil {
				return nil, err
			}
			switch v.Kind {
			case types.JSONObject:
			case types.JSONArray:
				return nil, errInvalidParam("cannot call populate_composite on an array")
			default:
				return nil, errInvalidParam("cannot call populate_composite on a scalar")
			}
			row, err := populateRow(ec, v, cols, fromJSON)
			if err != nil {
				return nil, err
			}
			return expr.OneRow(row), nil
		}
		name := p + "_to_recordset"
		m[name] = func(ec *expr.EvalContext, a []types.Datum, cols []expr.RecordColumn) (func() ([]types.Datum, bool, error), error) {
			if a[0].IsNull() {
				// Not strict: a NULL document gives no rows.
				return func() ([]types.Datum, bool, error) { return nil, false, nil }, nil
			}
			v, err := jsonArg(t, a[0])
			if err != nil {
				return nil, err
			}
			if v.Kind != types.JSONArray {
				switch {
				case t == types.OidJSONB:
					return nil, errInvalidParam("cannot call %s on a non-array", name)
				case v.Kind == types.JSONObject:
					return nil, errInvalidParam("cannot call %s on an object", name)
				}
				return nil, errInvalidParam("cannot call %s on a scalar", name)
			}
			for _, e := range v.Elems {
				if e.Kind != types.JSONObject {
					return nil, errInvalidParam("argument of %s must be an array of objects", name)
				}
			}
			i := 0
			return func() ([]types.Datum, bool, error) {
				if i >= len(v.Elems) {
					return nil, false, nil
				}
				i++
				row, err := populateRow(ec, v.Elems[i-1], cols, fromJSON)
				return row, err == nil, err
			}, nil
		}
	}
	return m
}

// bindSRFImpls are json(b)_populate_recordset: one record of the base
// argument's row type per object of the array.
func bindSRFImpls() map[string]func(argTypes []uint32) expr.SRFImpl {
	m := map[string]func(argTypes []uint32) expr.SRFImpl{}
	for _, t := range []uint32{types.OidJSON, types.OidJSONB} {
		t := t
		name := "json_populate_recordset"
		if t == types.OidJSONB {
			name = "jsonb_populate_recordset"
		}
		m[name] = func(argTypes []uint32) expr.SRFImpl {
			return func(ec *expr.EvalContext, a []types.Datum) (func() (types.Datum, bool, error), error) {
				if a[1].IsNull() {
					return none, nil
				}
				v, err := jsonArg(t, a[1])
				if err != nil {
					return nil, err
				}
				if v.Kind != types.JSONArray {
					switch {
					case t == types.OidJSONB:
						return nil, errInvalidParam("cannot call %s on a non-array", name)
					case v.Kind == types.JSONObject:
						return nil, errInvalidParam("cannot call %s on an object", name)
					}
					return nil, errInvalidParam("cannot call %s on a scalar", name)
				}
				for _, e := range v.Elems {
					if e.Kind != types.JSONObject {
						return nil, errInvalidParam("argument of %s must be an array of objects", name)
					}
				}
				i := 0
				return func() (types.Datum, bool, error) {
					if i >= len(v.Elems) {
						return types.Null, false, nil
					}
					i++
					d, err := populateRecord(ec, argTypes[0], a[0], v.Elems[i-1], t == types.OidJSON)
					return d, err == nil, err
				}, nil
			}
		}
	}
	return m
}
