// This file implements the json and jsonb functions and operators:
// field and element access (-> ->> #> #>>), containment and existence
// (@> <@ ? ?| ?&), concatenation and deletion (|| - #-), jsonb_set,
// jsonb_insert, the builders (json(b)_build_object/array,
// json(b)_object, to_json(b), array_to_json), json(b)_typeof,
// json(b)_array_length, jsonb_pretty, json(b)_strip_nulls and the casts
// from jsonb to numbers and booleans, with PostgreSQL 15's results and
// errors.

package builtins

import (
	"strconv"
	"strings"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// jsonArg returns the tree of a json or jsonb argument of type t: json
// text is parsed (keeping duplicate keys and source text), jsonb is
// its tree.
func jsonArg(t uint32, d types.Datum) (*types.JSON, error) {
	if t == types.OidJSON {
		return types.ParseJSONTree(d.Text())
	}
	return d.JSONB(), nil
}

// jsonResult makes the result of type t (json or jsonb) of v: for json,
// the source text of v (or its jsonb-style text when built).
func jsonResult(t uint32, v *types.JSON) types.Datum {
	if v == nil {
		return types.Null
	}
	if t == types.OidJSON {
		if v.Raw != "" {
			return types.Text(v.Raw)
		}
		return types.Text(string(types.AppendJSONB(nil, v)))
	}
	return types.JSONBDatum(v)
}

// jsonTextResult is ->>'s result: a string's value, NULL for null, else
// the value's text.
func jsonTextResult(v *types.JSON) types.Datum {
	switch {
	case v == nil || v.Kind == types.JSONNull:
		return types.Null
	case v.Kind == types.JSONString:
		return types.Text(v.Str)
	case v.Raw != "":
		return types.Text(v.Raw)
	}
	return types.Text(string(types.AppendJSONB(nil, v)))
}

// arrayIndex returns element i of array v, counting from the end when
// negative, or nil.
func arrayIndex(v *types.JSON, i int64) *types.JSON {
	if v.Kind != types.JSONArray {
		return nil
	}
	n := int64(len(v.Elems))
	if i < 0 {
		i += n
	}
	if i < 0 || i >= n {
		return nil
	}
	return v.Elems[i]
}

// pathIndex parses a path element as an array index as PostgreSQL does
// (strtol over the whole string); ok is false when it is not an integer.
func pathIndex(s string) (int64, bool) {
	t := strings.TrimLeft(s, " \t\n\r\v\f")
	if t == "" {
		return 0, false
	}
	n, err := strconv.ParseInt(t, 10, 32)
	if err != nil {
		return 0, false
	}
	return n, true
}

// extractPath follows path from v (get_path_all); nil when a step is
// missing or a path element is NULL.
func extractPath(v *types.JSON, path []types.Datum) *types.JSON {
	for _, p := range path {
		if p.IsNull() || v == nil {
			return nil
		}
		switch v.Kind {
		case types.JSONObject:
			v = v.Field(p.Text())
		case types.JSONArray:
			i, ok := pathIndex(p.Text())
			if !ok {
				return nil
			}
			v = arrayIndex(v, i)
		default:
			return nil
		}
	}
	return v
}

// pathArgs returns the path elements of a call: the text[] argument of
// the #> operators, or the variadic text arguments of
// json(b)_extract_path.
func pathArgs(argTypes []uint32, args []types.Datum) []types.Datum {
	if len(argTypes) == 2 && argTypes[1] == types.OidTextArray {
		return args[1].Array().Elems
	}
	path := args[1:]
	copied := false
	for i, t := range argTypes[1:] {
		if t == types.OidInt4 && !path[i].IsNull() {
			// An integer jsonb subscript (j[0]) is the text path
			// element of its value.
			if !copied {
				path, copied = append([]types.Datum(nil), path...), true
			}
			path[i] = types.Text(strconv.FormatInt(path[i].Int(), 10))
		}
	}
	return path
}

func jsonBind(f func(ec *expr.EvalContext, argTypes []uint32, args []types.Datum) (types.Datum, error)) implEntry {
	return implEntry{bind: func(argTypes []uint32, _ uint32) expr.Impl {
		return func(ec *expr.EvalContext, args []types.Datum) (types.Datum, error) { return f(ec, argTypes, args) }
	}}
}

// jsonFn implements a function of a json or jsonb first argument of type
// t, on its tree.
func jsonFn(t uint32, f func(ec *expr.EvalContext, v *types.JSON, args []types.Datum) (types.Datum, error)) implEntry {
	return implEntry{impl: func(ec *expr.EvalContext, args []types.Datum) (types.Datum, error) {
		v, err := jsonArg(t, args[0])
		if err != nil {
			return types.Null, err
		}
		return f(ec, v, args)
	}}
}

func errInvalidParam(format string, a ...any) error {
	return pgerr.Newf(pgerr.InvalidParameterValue, format, a...)
}

func addJSONAccessImpls(m map[string]implEntry) {
	for _, t := range []uint32{types.OidJSON, types.OidJSONB} {
		t := t
		p := "json"
		if t == types.OidJSONB {
			p = "jsonb"
		}
		m[p+"_object_field"] = jsonFn(t, func(_ *expr.EvalContext, v *types.JSON, a []types.Datum) (types.Datum, error) {
			return jsonResult(t, v.Field(a[1].Text())), nil
		})
		m[p+"_object_field_text"] = jsonFn(t, func(_ *expr.EvalContext, v *types.JSON, a []types.Datum) (types.Datum, error) {
			return jsonTextResult(v.Field(a[1].Text())), nil
		})
		elem := func(v *types.JSON, i int64) *types.JSON {
			if t == types.OidJSONB && v.IsScalar() {
				// jsonb stores a top-level scalar as a one-element
				// array, which -> with an index reads.
				v = &types.JSON{Kind: types.JSONArray, Elems: []*types.JSON{v}}
			}
			return arrayIndex(v, i)
		}
		m[p+"_array_element"] = jsonFn(t, func(_ *expr.EvalContext, v *types.JSON, a []types.Datum) (types.Datum, error) {
			return jsonResult(t, elem(v, a[1].Int())), nil
		})
		m[p+"_array_element_text"] = jsonFn(t, func(_ *expr.EvalContext, v *types.JSON, a []types.Datum) (types.Datum, error) {
			return jsonTextResult(elem(v, a[1].Int())), nil
		})
		m[p+"_extract_path"] = jsonBind(func(_ *expr.EvalContext, at []uint32, a []types.Datum) (types.Datum, error) {
			v, err := jsonArg(t, a[0])
			if err != nil {
				return types.Null, err
			}
			return jsonResult(t, extractPath(v, pathArgs(at, a))), nil
		})
		m[p+"_extract_path_text"] = jsonBind(func(_ *expr.EvalContext, at []uint32, a []types.Datum) (types.Datum, error) {
			v, err := jsonArg(t, a[0])
			if err != nil {
				return types.Null, err
			}
			return jsonTextResult(extractPath(v, pathArgs(at, a))), nil
		})
		m[p+"_typeof"] = jsonFn(t, func(_ *expr.EvalContext, v *types.JSON, _ []types.Datum) (types.Datum, error) {
			return types.Text(types.JSONTypeName(v.Kind)), nil
		})
		m[p+"_array_length"] = jsonFn(t, func(_ *expr.EvalContext, v *types.JSON, _ []types.Datum) (types.Datum, error) {
			switch v.Kind {
			case types.JSONArray:
				return types.Int(int64(len(v.Elems))), nil
			case types.JSONObject:
				return types.Null, errInvalidParam("cannot get array length of a non-array")
			}
			return types.Null, errInvalidParam("cannot get array length of a scalar")
		})
		m[p+"_strip_nulls"] = jsonFn(t, func(_ *expr.EvalContext, v *types.JSON, _ []types.Datum) (types.Datum, error) {
			s := stripNulls(v)
			if t == types.OidJSON {
				return types.Text(string(appendCompactJSON(nil, s))), nil
			}
			return types.JSONBDatum(s), nil
		})
	}
	m["jsonb_pretty"] = jsonFn(types.OidJSONB, func(_ *expr.EvalContext, v *types.JSON, _ []types.Datum) (types.Datum, error) {
		return types.Text(string(types.AppendJSONBPretty(nil, v))), nil
	})
}

// stripNulls drops object members whose value is null, at every level.
func stripNulls(v *types.JSON) *types.JSON {
	switch v.Kind {
	case types.JSONArray:
		out := &types.JSON{Kind: types.JSONArray, Elems: make([]*types.JSON, len(v.Elems))}
		for i, e := range v.Elems {
			out.Elems[i] = stripNulls(e)
		}
		return out
	case types.JSONObject:
		out := &types.JSON{Kind: types.JSONObject}
		for i, k := range v.Keys {
			if v.Vals[i].Kind == types.JSONNull {
				continue
			}
			out.Keys = append(out.Keys, k)
			out.Vals = append(out.Vals, stripNulls(v.Vals[i]))
		}
		return out
	}
	return v
}

// appendCompactJSON prints a json tree without whitespace, strings
// re-escaped and numbers as written (json_strip_nulls' output).
func appendCompactJSON(dst []byte, v *types.JSON) []byte {
	switch v.Kind {
	case types.JSONArray:
		dst = append(dst, '[')
		for i, e := range v.Elems {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendCompactJSON(dst, e)
		}
		return append(dst, ']')
	case types.JSONObject:
		dst = append(dst, '{')
		for i, k := range v.Keys {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = types.AppendJSONString(dst, k)
			dst = append(dst, ':')
			dst = appendCompactJSON(dst, v.Vals[i])
		}
		return append(dst, '}')
	}
	return types.AppendJSONScalar(dst, v)
}

// jsonbScalarEqual is equalsJsonbScalarValue.
func jsonbScalarEqual(a, b *types.JSON) bool {
	if a.Kind != b.Kind {
		return false
	}
	switch a.Kind {
	case types.JSONString:
		return a.Str == b.Str
	case types.JSONNumber:
		return types.NumericCmp(a.Num, b.Num) == 0
	case types.JSONBool:
		return a.Bool == b.Bool
	}
	return true
}

// jsonbContains is JsonbDeepContains: whether a contains b.
func jsonbContains(a, b *types.JSON, top bool) bool {
	if top {
		// Top-level scalars are one-element arrays: an array may contain
		// a scalar, a scalar never an array.
		if a.IsScalar() && b.Kind == types.JSONArray {
			return false
		}
		if a.IsScalar() {
			a = &types.JSON{Kind: types.JSONArray, Elems: []*types.JSON{a}}
		}
		if b.IsScalar() {
			b = &types.JSON{Kind: types.JSONArray, Elems: []*types.JSON{b}}
		}
	}
	if a.Kind != b.Kind {
		return false
	}
	switch a.Kind {
	case types.JSONObject:
		if len(b.Keys) > len(a.Keys) {
			return false
		}
		for i, k := range b.Keys {
			av := a.Field(k)
			if av == nil {
				return false
			}
			bv := b.Vals[i]
			if bv.IsScalar() {
				if !jsonbScalarEqual(av, bv) {
					return false
				}
			} else if av.Kind != bv.Kind || !jsonbContains(av, bv, false) {
				return false
			}
		}
		return true
	case types.JSONArray:
		for _, bv := range b.Elems {
			found := false
			for _, av := range a.Elems {
				if bv.IsScalar() {
					if av.IsScalar() && jsonbScalarEqual(av, bv) {
						found = true
					}
				} else if av.Kind == bv.Kind && jsonbContains(av, bv, false) {
					found = true
				}
				if found {
					break
				}
			}
			if !found {
				return false
			}
		}
		return true
	}
	return jsonbScalarEqual(a, b)
}

// jsonbExists is the ? operator: a top-level key, or a string element
// of an array (or a top-level string scalar).
func jsonbExists(v *types.JSON, key string) bool {
	switch v.Kind {
	case types.JSONObject:
		return v.Field(key) != nil
	case types.JSONArray:
		for _, e := range v.Elems {
			if e.Kind == types.JSONString && e.Str == key {
				return true
			}
		}
		return false
	case types.JSONString:
		return v.Str == key
	}
	return false
}

// asArray returns the elements of v as jsonb's iterator sees them: a
// scalar is a one-element array.
func asArray(v *types.JSON) []*types.JSON {
	if v.Kind == types.JSONArray {
		return v.Elems
	}
	return []*types.JSON{v}
}

// jsonbConcat is jsonb's || (IteratorConcat).
func jsonbConcat(a, b *types.JSON) *types.JSON {
	if a.Kind == types.JSONObject && b.Kind == types.JSONObject {
		keys := append(append([]string(nil), a.Keys...), b.Keys...)
		vals := append(append([]*types.JSON(nil), a.Vals...), b.Vals...)
		return types.NewJSONObject(keys, vals)
	}
	if (a.Kind == types.JSONObject) == (b.Kind == types.JSONObject) {
		// Both arrays or scalars; an empty array gives the other back.
		if a.Kind == types.JSONArray && len(a.Elems) == 0 && !b.IsScalar() {
			return b
		}
		if b.Kind == types.JSONArray && len(b.Elems) == 0 && !a.IsScalar() {
			return a
		}
	}
	var elems []*types.JSON
	if a.Kind == types.JSONObject {
		elems = append(elems, a)
	} else {
		elems = append(elems, asArray(a)...)
	}
	if b.Kind == types.JSONObject {
		elems = append(elems, b)
	} else {
		elems = append(elems, asArray(b)...)
	}
	return &types.JSON{Kind: types.JSONArray, Elems: elems}
}

func errDeleteScalar() error { return errInvalidParam("cannot delete from scalar") }

// jsonbDeleteKeys removes keys from an object, or string elements equal
// to one of them from an array.
func jsonbDeleteKeys(v *types.JSON, keys []types.Datum) (*types.JSON, error) {
	match := func(s string) bool {
		for _, k := range keys {
			if !k.IsNull() && k.Text() == s {
				return true
			}
		}
		return false
	}
	switch v.Kind {
	case types.JSONObject:
		out := &types.JSON{Kind: types.JSONObject}
		for i, k := range v.Keys {
			if !match(k) {
				out.Keys = append(out.Keys, k)
				out.Vals = append(out.Vals, v.Vals[i])
			}
		}
		return out, nil
	case types.JSONArray:
		out := &types.JSON{Kind: types.JSONArray}
		for _, e := range v.Elems {
			if !(e.Kind == types.JSONString && match(e.Str)) {
				out.Elems = append(out.Elems, e)
			}
		}
		return out, nil
	}
	return nil, errDeleteScalar()
}

// pathStep parses path element pos (1-based) for an array step.
func pathStep(path []types.Datum, pos int) (int64, error) {
	s := path[pos].Text()
	i, ok := pathIndex(s)
	if !ok {
		return 0, errInvalidParam("path element at position %d is not an integer: \"%s\"", pos+1, s)
	}
	return i, nil
}

func checkPathNulls(path []types.Datum) error {
	for i, p := range path {
		if p.IsNull() {
			return pgerr.Newf(pgerr.NullValueNotAllowed, "path element at position %d is null", i+1)
		}
	}
	return nil
}

// Operations of setPath (jsonb_set, jsonb_insert, #-).
const (
	pathSet = iota
	pathInsertBefore
	pathInsertAfter
	pathDelete
)

// setPath is PostgreSQL's setPath: replace, insert or delete the value at
// path under v, creating the last step when create is set.
func setPath(v *types.JSON, path []types.Datum, level int, newVal *types.JSON, op int, create bool) (*types.JSON, error) {
	if level >= len(path) {
		return v, nil
	}
	last := level == len(path)-1
	switch v.Kind {
	case types.JSONObject:
		key := path[level].Text()
		out := &types.JSON{Kind: types.JSONObject, Keys: append([]string(nil), v.Keys...), Vals: append([]*types.JSON(nil), v.Vals...)}
		for i, k := range v.Keys {
			if k != key {
				continue
			}
			if last {
				switch op {
				case pathDelete:
					out.Keys = append(out.Keys[:i], out.Keys[i+1:]...)
					out.Vals = append(out.Vals[:i], out.Vals[i+1:]...)
				case pathInsertBefore, pathInsertAfter:
					return nil, errInvalidParam("cannot replace existing key").(*pgerr.Error).WithHint("Try using the function jsonb_set to replace key value.")
				default:
					out.Vals[i] = newVal
				}
				return out, nil
			}
			c, err := setPath(v.Vals[i], path, level+1, newVal, op, create)
			if err != nil {
				return nil, err
			}
			out.Vals[i] = c
			return out, nil
		}
		if last && create && op != pathDelete {
			return types.NewJSONObject(append(out.Keys, key), append(out.Vals, newVal)), nil
		}
		return out, nil
	case types.JSONArray:
		idx, err := pathStep(path, level)
		if err != nil {
			return nil, err
		}
		n := int64(len(v.Elems))
		if idx < 0 {
			if -idx > n {
				idx = -1 // before the first element
			} else {
				idx += n
			}
		}
		out := &types.JSON{Kind: types.JSONArray, Elems: append([]*types.JSON(nil), v.Elems...)}
		if idx >= 0 && idx < n {
			if last {
				switch op {
				case pathDelete:
					out.Elems = append(out.Elems[:idx], out.Elems[idx+1:]...)
				case pathSet:
					out.Elems[idx] = newVal
				case pathInsertBefore:
					out.Elems = insertJSON(out.Elems, int(idx), newVal)
				case pathInsertAfter:
					out.Elems = insertJSON(out.Elems, int(idx)+1, newVal)
				}
				return out, nil
			}
			c, err := setPath(v.Elems[idx], path, level+1, newVal, op, create)
			if err != nil {
				return nil, err
			}
			out.Elems[idx] = c
			return out, nil
		}
		if last && op != pathDelete && (create || op != pathSet) {
			if idx < 0 {
				out.Elems = insertJSON(out.Elems, 0, newVal)
			} else {
				out.Elems = append(out.Elems, newVal)
			}
		}
		return out, nil
	}
	return v, nil
}

func insertJSON(s []*types.JSON, at int, v *types.JSON) []*types.JSON {
	s = append(s, nil)
	copy(s[at+1:], s[at:])
	s[at] = v
	return s
}

func jsonbCastErr(v *types.JSON, typ string) error {
	name := map[types.JSONKind]string{types.JSONNull: "null", types.JSONString: "string", types.JSONNumber: "numeric",
		types.JSONBool: "boolean", types.JSONArray: "array", types.JSONObject: "object"}[v.Kind]
	return errInvalidParam("cannot cast jsonb %s to type %s", name, typ)
}

// jsonbNumber is JsonbExtractScalar for the numeric casts.
func jsonbNumber(d types.Datum, typ string) (*types.JSON, error) {
	v := d.JSONB()
	if v.Kind != types.JSONNumber {
		return nil, jsonbCastErr(v, typ)
	}
	return v, nil
}

func addJSONBOperatorImpls(m map[string]implEntry) {
	jb := func(f func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error)) implEntry {
		return implEntry{impl: f}
	}
	m["jsonb_contains"] = jb(func(_ *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		return types.Bool(jsonbContains(a[0].JSONB(), a[1].JSONB(), true)), nil
	})
	m["jsonb_contained"] = jb(func(_ *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		return types.Bool(jsonbContains(a[1].JSONB(), a[0].JSONB(), true)), nil
	})
	m["jsonb_exists"] = jb(func(_ *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		return types.Bool(jsonbExists(a[0].JSONB(), a[1].Text())), nil
	})
	exists := func(all bool) implEntry {
		return jb(func(_ *expr.EvalContext, a []types.Datum) (types.Datum, error) {
			v := a[0].JSONB()
			for _, k := range a[1].Array().Elems {
				if k.IsNull() {
					continue
				}
				if jsonbExists(v, k.Text()) != all {
					return types.Bool(!all), nil
				}
			}
			return types.Bool(all), nil
		})
	}
	m["jsonb_exists_any"], m["jsonb_exists_all"] = exists(false), exists(true)
	m["jsonb_concat"] = jb(func(_ *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		return types.JSONBDatum(jsonbConcat(a[0].JSONB(), a[1].JSONB())), nil
	})
	m["jsonb_delete"] = jb(func(_ *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		v, err := jsonbDeleteKeys(a[0].JSONB(), a[1:2])
		return types.JSONBDatum(v), err
	})
	m["jsonb_delete_array"] = jsonBind(func(_ *expr.EvalContext, at []uint32, a []types.Datum) (types.Datum, error) {
		v, err := jsonbDeleteKeys(a[0].JSONB(), pathArgs(at, a))
		return types.JSONBDatum(v), err
	})
	m["jsonb_delete_idx"] = jb(func(_ *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		v := a[0].JSONB()
		switch v.Kind {
		case types.JSONObject:
			return types.Null, errInvalidParam("cannot delete from object using integer index")
		case types.JSONArray:
		default:
			return types.Null, errDeleteScalar()
		}
		i := a[1].Int()
		n := int64(len(v.Elems))
		if i < 0 {
			i += n
		}
		if i < 0 || i >= n {
			return a[0], nil
		}
		out := &types.JSON{Kind: types.JSONArray, Elems: append(append([]*types.JSON(nil), v.Elems[:i]...), v.Elems[i+1:]...)}
		return types.JSONBDatum(out), nil
	})
	m["jsonb_delete_path"] = jb(func(_ *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		v := a[0].JSONB()
		path := a[1].Array().Elems
		if v.IsScalar() {
			return types.Null, errInvalidParam("cannot delete path in scalar")
		}
		if err := checkPathNulls(path); err != nil {
			return types.Null, err
		}
		out, err := setPath(v, path, 0, nil, pathDelete, false)
		return types.JSONBDatum(out), err
	})
	m["jsonb_set"] = jb(func(_ *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		v := a[0].JSONB()
		path := a[1].Array().Elems
		if v.IsScalar() {
			return types.Null, errInvalidParam("cannot set path in scalar")
		}
		if err := checkPathNulls(path); err != nil {
			return types.Null, err
		}
		out, err := setPath(v, path, 0, a[2].JSONB(), pathSet, a[3].Bool())
		return types.JSONBDatum(out), err
	})
	m["jsonb_set_lax"] = jb(func(_ *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		if a[0].IsNull() || a[1].IsNull() || a[3].IsNull() {
			return types.Null, nil
		}
		errTreatment := errInvalidParam("null_value_treatment must be \"delete_key\", \"return_target\", \"use_json_null\", or \"raise_exception\"")
		if a[4].IsNull() {
			return types.Null, errTreatment
		}
		v := a[0].JSONB()
		path := a[1].Array().Elems
		newVal := a[2]
		op := pathSet
		if newVal.IsNull() {
			switch a[4].Text() {
			case "raise_exception":
				return types.Null, pgerr.New(pgerr.NullValueNotAllowed, "JSON value must not be null").
					WithDetail("Exception was raised because null_value_treatment is \"raise_exception\".").
					WithHint("To avoid, either change the null_value_treatment argument or ensure that an SQL NULL is not passed.")
			case "use_json_null":
				newVal = types.JSONBDatum(types.JSONNullValue())
			case "delete_key":
				op = pathDelete
			case "return_target":
				return a[0], nil
			default:
				return types.Null, errTreatment
			}
		}
		if v.IsScalar() {
			if op == pathDelete {
				return types.Null, errInvalidParam("cannot delete path in scalar")
			}
			return types.Null, errInvalidParam("cannot set path in scalar")
		}
		if err := checkPathNulls(path); err != nil {
			return types.Null, err
		}
		var nv *types.JSON
		if op == pathSet {
			nv = newVal.JSONB()
		}
		out, err := setPath(v, path, 0, nv, op, a[3].Bool())
		return types.JSONBDatum(out), err
	})
	m["jsonb_insert"] = jb(func(_ *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		v := a[0].JSONB()
		path := a[1].Array().Elems
		if v.IsScalar() {
			return types.Null, errInvalidParam("cannot set path in scalar")
		}
		if err := checkPathNulls(path); err != nil {
			return types.Null, err
		}
		op := pathInsertBefore
		if a[3].Bool() {
			op = pathInsertAfter
		}
		out, err := setPath(v, path, 0, a[2].JSONB(), op, true)
		return types.JSONBDatum(out), err
	})
	m["jsonb_cmp"] = jb(func(_ *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		return types.Int(int64(types.CompareJSONB(a[0].JSONB(), a[1].JSONB()))), nil
	})
	m["jsonb_bool"] = fn1(func(d types.Datum) (types.Datum, error) {
		v := d.JSONB()
		if v.Kind != types.JSONBool {
			return types.Null, jsonbCastErr(v, "boolean")
		}
		return types.Bool(v.Bool), nil
	})
	m["jsonb_numeric"] = fn1(func(d types.Datum) (types.Datum, error) {
		v, err := jsonbNumber(d, "numeric")
		if err != nil {
			return types.Null, err
		}
		return types.Numeric(v.Num), nil
	})
	for _, c := range []struct {
		src, name string
		oid       uint32
	}{{"jsonb_int2", "smallint", types.OidInt2}, {"jsonb_int4", "integer", types.OidInt4}, {"jsonb_int8", "bigint", types.OidInt8}} {
		c := c
		m[c.src] = fn1(func(d types.Datum) (types.Datum, error) {
			v, err := jsonbNumber(d, c.name)
			if err != nil {
				return types.Null, err
			}
			n, err := types.NumericToInt(v.Num, c.oid)
			return types.Int(n), err
		})
	}
	m["jsonb_float8"] = fn1(func(d types.Datum) (types.Datum, error) {
		v, err := jsonbNumber(d, "double precision")
		if err != nil {
			return types.Null, err
		}
		f, err := types.NumericToFloat(v.Num, 64)
		return types.Float8(f), err
	})
	m["jsonb_float4"] = fn1(func(d types.Datum) (types.Datum, error) {
		v, err := jsonbNumber(d, "real")
		if err != nil {
			return types.Null, err
		}
		f, err := types.NumericToFloat(v.Num, 32)
		return types.Float4(float32(f)), err
	})
}

// buildArgs checks json(b)_build_object's argument count.
func buildObjectArgs(name string, n int) error {
	if n%2 != 0 {
		return errInvalidParam("argument list must have even number of elements").(*pgerr.Error).WithHint("The arguments of %s() must consist of alternating keys and values.", name)
	}
	return nil
}

func errNullKey(i int) error {
	return errInvalidParam("argument %d cannot be null", i+1).(*pgerr.Error).WithHint("Object keys should be text.")
}

func addJSONBuildImpls(m map[string]implEntry) {
	m["json_build_object"] = jsonBind(func(ec *expr.EvalContext, at []uint32, a []types.Datum) (types.Datum, error) {
		if err := buildObjectArgs("json_build_object", len(a)); err != nil {
			return types.Null, err
		}
		buf := []byte{'{'}
		for i := 0; i < len(a); i += 2 {
			if i > 0 {
				buf = append(buf, ", "...)
			}
			if a[i].IsNull() {
				return types.Null, errNullKey(i)
			}
			var err error
			if buf, err = appendToJSON(ec, buf, at[i], a[i], true); err != nil {
				return types.Null, err
			}
			buf = append(buf, " : "...)
			if buf, err = appendToJSON(ec, buf, at[i+1], a[i+1], false); err != nil {
				return types.Null, err
			}
		}
		return types.Text(string(append(buf, '}'))), nil
	})
	m["json_build_object_noargs"] = textN(func([]types.Datum) (types.Datum, error) { return types.Text("{}"), nil })
	m["json_build_array"] = jsonBind(func(ec *expr.EvalContext, at []uint32, a []types.Datum) (types.Datum, error) {
		buf := []byte{'['}
		for i := range a {
			if i > 0 {
				buf = append(buf, ", "...)
			}
			var err error
			if buf, err = appendToJSON(ec, buf, at[i], a[i], false); err != nil {
				return types.Null, err
			}
		}
		return types.Text(string(append(buf, ']'))), nil
	})
	m["json_build_array_noargs"] = textN(func([]types.Datum) (types.Datum, error) { return types.Text("[]"), nil })
	m["jsonb_build_object"] = jsonBind(func(ec *expr.EvalContext, at []uint32, a []types.Datum) (types.Datum, error) {
		if err := buildObjectArgs("jsonb_build_object", len(a)); err != nil {
			return types.Null, err
		}
		var keys []string
		var vals []*types.JSON
		for i := 0; i < len(a); i += 2 {
			if a[i].IsNull() {
				return types.Null, errInvalidParam("argument %d: key must not be null", i+1)
			}
			k, err := jsonKeyText(ec, at[i], a[i])
			if err != nil {
				return types.Null, err
			}
			v, err := toJSONB(ec, at[i+1], a[i+1], false)
			if err != nil {
				return types.Null, err
			}
			keys, vals = append(keys, k), append(vals, v)
		}
		return types.JSONBDatum(types.NewJSONObject(keys, vals)), nil
	})
	m["jsonb_build_object_noargs"] = textN(func([]types.Datum) (types.Datum, error) {
		return types.JSONBDatum(&types.JSON{Kind: types.JSONObject}), nil
	})
	m["jsonb_build_array"] = jsonBind(func(ec *expr.EvalContext, at []uint32, a []types.Datum) (types.Datum, error) {
		out := &types.JSON{Kind: types.JSONArray}
		for i := range a {
			v, err := toJSONB(ec, at[i], a[i], false)
			if err != nil {
				return types.Null, err
			}
			out.Elems = append(out.Elems, v)
		}
		return types.JSONBDatum(out), nil
	})
	m["jsonb_build_array_noargs"] = textN(func([]types.Datum) (types.Datum, error) {
		return types.JSONBDatum(&types.JSON{Kind: types.JSONArray}), nil
	})
	m["to_json"] = jsonBind(func(ec *expr.EvalContext, at []uint32, a []types.Datum) (types.Datum, error) {
		buf, err := appendToJSON(ec, nil, at[0], a[0], false)
		return types.Text(string(buf)), err
	})
	m["to_jsonb"] = jsonBind(func(ec *expr.EvalContext, at []uint32, a []types.Datum) (types.Datum, error) {
		v, err := toJSONB(ec, at[0], a[0], false)
		if err != nil {
			return types.Null, err
		}
		return types.JSONBDatum(v), nil
	})
	arrayToJSON := implEntry{impl: func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		pretty := len(a) > 1 && a[1].Bool()
		buf, err := appendArrayToJSON(ec, nil, a[0].Array(), pretty)
		return types.Text(string(buf)), err
	}}
	m["array_to_json"], m["array_to_json_pretty"] = arrayToJSON, arrayToJSON
	rowToJSON := implEntry{impl: func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		pretty := len(a) > 1 && a[1].Bool()
		buf, err := appendRecordToJSON(ec, nil, a[0], pretty)
		return types.Text(string(buf)), err
	}}
	m["row_to_json"], m["row_to_json_pretty"] = rowToJSON, rowToJSON
	for _, jsonb := range []bool{false, true} {
		jsonb := jsonb
		name := "json_object"
		if jsonb {
			name = "jsonb_object"
		}
		m[name] = textN(func(a []types.Datum) (types.Datum, error) {
			keys, vals, err := objectFromArray(a[0].Array())
			if err != nil {
				return types.Null, err
			}
			return objectResult(jsonb, keys, vals), nil
		})
		m[name+"_two_arg"] = textN(func(a []types.Datum) (types.Datum, error) {
			ka, va := a[0].Array(), a[1].Array()
			if len(ka.Dims) > 1 || len(va.Dims) > 1 {
				return types.Null, pgerr.New(pgerr.ArraySubscriptError, "wrong number of array subscripts")
			}
			if len(ka.Elems) != len(va.Elems) {
				return types.Null, pgerr.New(pgerr.ArraySubscriptError, "mismatched array dimensions")
			}
			for _, k := range ka.Elems {
				if k.IsNull() {
					return types.Null, pgerr.New(pgerr.NullValueNotAllowed, "null value not allowed for object key")
				}
			}
			return objectResult(jsonb, ka.Elems, va.Elems), nil
		})
	}
}

// objectFromArray reads json_object's one-argument forms: a flat array
// of alternating keys and values, or an array of two-element arrays.
func objectFromArray(a *types.Array) (keys, vals []types.Datum, err error) {
	switch len(a.Dims) {
	case 0:
	case 1:
		if len(a.Elems)%2 != 0 {
			return nil, nil, pgerr.New(pgerr.ArraySubscriptError, "array must have even number of elements")
		}
	case 2:
		if a.Dims[1] != 2 {
			return nil, nil, pgerr.New(pgerr.ArraySubscriptError, "array must have two columns")
		}
	default:
		return nil, nil, pgerr.New(pgerr.ArraySubscriptError, "wrong number of array subscripts")
	}
	for i := 0; i < len(a.Elems); i += 2 {
		if a.Elems[i].IsNull() {
			return nil, nil, pgerr.New(pgerr.NullValueNotAllowed, "null value not allowed for object key")
		}
		keys, vals = append(keys, a.Elems[i]), append(vals, a.Elems[i+1])
	}
	return keys, vals, nil
}

// objectResult builds json_object's result: values are strings, NULL
// becomes null.
func objectResult(jsonb bool, keys, vals []types.Datum) types.Datum {
	if jsonb {
		ks := make([]string, len(keys))
		vs := make([]*types.JSON, len(keys))
		for i := range keys {
			ks[i] = keys[i].Text()
			if vals[i].IsNull() {
				vs[i] = types.JSONNullValue()
			} else {
				vs[i] = types.JSONStringValue(vals[i].Text())
			}
		}
		return types.JSONBDatum(types.NewJSONObject(ks, vs))
	}
	buf := []byte{'{'}
	for i := range keys {
		if i > 0 {
			buf = append(buf, ", "...)
		}
		buf = types.AppendJSONString(buf, keys[i].Text())
		buf = append(buf, " : "...)
		if vals[i].IsNull() {
			buf = append(buf, "null"...)
		} else {
			buf = types.AppendJSONString(buf, vals[i].Text())
		}
	}
	return types.Text(string(append(buf, '}')))
}

func addJSONImpls(m map[string]implEntry) {
	addJSONAccessImpls(m)
	addJSONBOperatorImpls(m)
	addJSONBuildImpls(m)
	addJSONPathImpls(m)
	addJSONPopulateImpls(m)
}
