// Assignment through jsonb subscripts (jsonbsubs.c's
// jsonb_subscript_assign, with jsonfuncs.c's setPath under
// JB_PATH_CREATE | JB_PATH_FILL_GAPS | JB_PATH_CONSISTENT_POSITION):
// UPDATE t SET j['a'][2] = '1' replaces the value at the path, creating
// the objects and arrays missing on the way and padding arrays with
// nulls up to the index.

package builtins

import (
	"strconv"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// JSONBSubscriptAssign computes the new value of a jsonb column assigned
// through subscripts of types subTypes (int4 or text): its arguments are
// the column's current value, the value assigned and the subscripts. It
// takes NULL arguments: a NULL column is an empty array when the first
// subscript is an integer and an empty object otherwise, a NULL value is
// JSON null, and a NULL subscript is an error.
func JSONBSubscriptAssign(subTypes []uint32) expr.Impl {
	return func(_ *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		path := make([]string, len(subTypes))
		for i, t := range subTypes {
			d := a[2+i]
			if d.IsNull() {
				return types.Null, pgerr.New(pgerr.NullValueNotAllowed, "jsonb subscript in assignment must not be null")
			}
			if t == types.OidText {
				path[i] = d.Text()
			} else {
				path[i] = strconv.FormatInt(d.Int(), 10)
			}
		}
		val := &types.JSON{Kind: types.JSONNull}
		if !a[1].IsNull() {
			val = a[1].JSONB()
		}
		var cur *types.JSON
		switch {
		case !a[0].IsNull():
			cur = a[0].JSONB()
		case subTypes[0] == types.OidText:
			cur = types.NewJSONObject(nil, nil)
		default:
			cur = &types.JSON{Kind: types.JSONArray}
		}
		out, err := assignPath(cur, path, 0, val)
		if err != nil {
			return types.Null, err
		}
		return types.JSONBDatum(out), nil
	}
}

// assignPath returns v with the value at path[level:] replaced by val.
func assignPath(v *types.JSON, path []string, level int, val *types.JSON) (*types.JSON, error) {
	last := level == len(path)-1
	// below is the value to put where path[level] leads when nothing is
	// there yet; replace the one to put in place of old, which is there.
	below := func() (*types.JSON, error) {
		if last {
			return val, nil
		}
		return newPath(path, level+1, val)
	}
	replace := func(old *types.JSON) (*types.JSON, error) {
		if last {
			return val, nil
		}
		return assignPath(old, path, level+1, val)
	}
	switch v.Kind {
	case types.JSONObject:
		key := path[level]
		for i, k := range v.Keys {
			if k != key {
				continue
			}
			c, err := replace(v.Vals[i])
			if err != nil {
				return nil, err
			}
			out := &types.JSON{Kind: types.JSONObject, Keys: v.Keys, Vals: append([]*types.JSON(nil), v.Vals...)}
			out.Vals[i] = c
			return out, nil
		}
		child, err := below()
		if err != nil {
			return nil, err
		}
		keys := append(append([]string(nil), v.Keys...), key)
		return types.NewJSONObject(keys, append(append([]*types.JSON(nil), v.Vals...), child)), nil
	case types.JSONArray:
		idx, ok := pathIndex(path[level])
		if !ok {
			return nil, pgerr.Newf(pgerr.InvalidTextRepresentation, "path element at position %d is not an integer: \"%s\"", level+1, path[level])
		}
		n := int64(len(v.Elems))
		if idx < 0 {
			if -idx > n {
				return nil, pgerr.Newf(pgerr.InvalidParameterValue, "path element at position %d is out of range: %d", level+1, idx)
			}
			idx += n
		}
		out := &types.JSON{Kind: types.JSONArray, Elems: append([]*types.JSON(nil), v.Elems...)}
		if idx < n {
			c, err := replace(v.Elems[idx])
			if err != nil {
				return nil, err
			}
			out.Elems[idx] = c
			return out, nil
		}
		if err := checkArrayGap(idx - n); err != nil {
			return nil, err
		}
		child, err := below()
		if err != nil {
			return nil, err
		}
		for int64(len(out.Elems)) < idx {
			out.Elems = append(out.Elems, jsonNull)
		}
		out.Elems = append(out.Elems, child)
		return out, nil
	}
	return nil, pgerr.New(pgerr.InvalidParameterValue, "cannot replace existing key").
		WithDetail("The path assumes key is a composite object, but it is a scalar value.")
}

// newPath builds the containers path[level:] leads through, val at the
// end: an array for a step that reads as an integer (nulls before the
// index), an object otherwise (push_path).
func newPath(path []string, level int, val *types.JSON) (*types.JSON, error) {
	child := val
	if level < len(path)-1 {
		var err error
		if child, err = newPath(path, level+1, val); err != nil {
			return nil, err
		}
	}
	idx, ok := pathIndex(path[level])
	if !ok {
		return types.NewJSONObject([]string{path[level]}, []*types.JSON{child}), nil
	}
	if err := checkArrayGap(idx); err != nil {
		return nil, err
	}
	out := &types.JSON{Kind: types.JSONArray}
	for int64(len(out.Elems)) < idx {
		out.Elems = append(out.Elems, jsonNull)
	}
	out.Elems = append(out.Elems, child)
	return out, nil
}

// jsonNull pads arrays; JSON values are never changed in place.
var jsonNull = &types.JSON{Kind: types.JSONNull}

// maxJSONBArrayElems is how many elements a stored jsonb array can
// have: each takes a 4-byte entry, and their total is bounded by
// JENTRY_OFFLENMASK (268435455 bytes).
const maxJSONBArrayElems = 268435455 / 4

// checkArrayGap refuses to pad an array with more nulls than a jsonb
// array can hold, before allocating them.
func checkArrayGap(gap int64) error {
	if gap > maxJSONBArrayElems {
		return pgerr.Newf(pgerr.ProgramLimitExceeded, "total size of jsonb array elements exceeds the maximum of %d bytes", 268435455)
	}
	return nil
}
