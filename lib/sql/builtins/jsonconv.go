// This file converts SQL values to JSON, as PostgreSQL's datum_to_json
// and datum_to_jsonb do for to_json, to_jsonb, json(b)_build_*, the
// json(b) aggregates and array_to_json: booleans and numbers as JSON
// literals (NaN and infinities as strings), dates and timestamps in ISO
// 8601 form, json and jsonb as themselves, arrays as nested arrays, and
// everything else as the string of its text output.

package builtins

import (
	"strings"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// jsonCategory is json_categorize_type's answer.
type jsonCategory uint8

const (
	jcOther jsonCategory = iota
	jcNull
	jcBool
	jcNumeric
	jcDate
	jcTimestamp
	jcTimestamptz
	jcJSON
	jcJSONB
	jcArray
	jcComposite
)

func categorizeJSON(t uint32) jsonCategory {
	switch t {
	case types.OidBool:
		return jcBool
	case types.OidInt2, types.OidInt4, types.OidInt8, types.OidFloat4, types.OidFloat8, types.OidNumeric:
		return jcNumeric
	case types.OidDate:
		return jcDate
	case types.OidTimestamp:
		return jcTimestamp
	case types.OidTimestamptz:
		return jcTimestamptz
	case types.OidJSON:
		return jcJSON
	case types.OidJSONB:
		return jcJSONB
	case types.OidRecord:
		return jcComposite
	}
	if types.ElemType(t) != 0 { // also arrays of the types users create
		return jcArray
	}
	return jcOther
}

// errJSONKeyNotScalar is the error for an array, composite or json key.
func errJSONKeyNotScalar() error {
	return pgerr.New(pgerr.InvalidParameterValue, "key value must be scalar, not array, composite, or json")
}

// validJSONNumber is IsValidJsonNumber: whether a number's text output
// is a JSON number literal (not NaN or Infinity).
func validJSONNumber(s string) bool {
	if s == "" {
		return false
	}
	switch strings.TrimPrefix(s, "-") {
	case "NaN", "Infinity":
		return false
	}
	return true
}

// jsonDateTime is JsonEncodeDateTime: the ISO 8601 (XSD) form of a date,
// timestamp or timestamptz, infinities as "infinity".
func jsonDateTime(ec *expr.EvalContext, t uint32, d types.Datum) string {
	var opts types.FormatOptions
	if ec.Format != nil {
		opts = *ec.Format
	}
	opts.DateStyle = types.StyleISO
	s := string(types.AppendText(nil, t, d, &opts))
	if t == types.OidDate || strings.Contains(s, "infinity") {
		return s
	}
	bc := strings.HasSuffix(s, " BC")
	s = strings.TrimSuffix(s, " BC")
	s = strings.Replace(s, " ", "T", 1)
	if t == types.OidTimestamptz {
		// The ISO style prints the zone as +hh, +hh:mm or +hh:mm:ss; XSD
		// wants at least +hh:mm.
		i := strings.LastIndexAny(s, "+-")
		if i > 10 && len(s)-i == 3 {
			s += ":00"
		}
	}
	if bc {
		s += " BC"
	}
	return s
}

// appendToJSON appends the json text of d, a value of type t, to dst
// (datum_to_json). keyScalar asks for an object key: always a string,
// refusing arrays, composites and json.
func appendToJSON(ec *expr.EvalContext, dst []byte, t uint32, d types.Datum, keyScalar bool) ([]byte, error) {
	if d.IsNull() {
		return append(dst, "null"...), nil
	}
	cat := categorizeJSON(t)
	if d.IsRecord() {
		cat = jcComposite
	}
	if keyScalar && (cat == jcArray || cat == jcComposite || cat == jcJSON || cat == jcJSONB) {
		return nil, errJSONKeyNotScalar()
	}
	if err := ec.CheckCancel(); err != nil {
		return nil, err
	}
	switch cat {
	case jcArray:
		return appendArrayToJSON(ec, dst, d.Array(), false)
	case jcComposite:
		return appendRecordToJSON(ec, dst, d, false)
	case jcBool:
		if keyScalar {
			return types.AppendJSONString(dst, boolText(d.Bool())), nil
		}
		return append(dst, boolText(d.Bool())...), nil
	case jcNumeric:
		s := types.FormatText(t, d, ec.Format)
		if !keyScalar && validJSONNumber(s) {
			return append(dst, s...), nil
		}
		return types.AppendJSONString(dst, s), nil
	case jcDate, jcTimestamp, jcTimestamptz:
		return types.AppendJSONString(dst, jsonDateTime(ec, t, d)), nil
	case jcJSON:
		return append(dst, d.Text()...), nil
	case jcJSONB:
		return types.AppendJSONB(dst, d.JSONB()), nil
	}
	return types.AppendJSONString(dst, types.FormatText(t, d, ec.Format)), nil
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// appendArrayToJSON is array_to_json: nested arrays by dimension, ","
// between elements, and with pretty a line feed and a space between the
// elements of the first dimension.
func appendArrayToJSON(ec *expr.EvalContext, dst []byte, a *types.Array, pretty bool) ([]byte, error) {
	if len(a.Dims) == 0 {
		return append(dst, "[]"...), nil
	}
	pos := 0
	var dim func(dst []byte, level int) ([]byte, error)
	dim = func(dst []byte, level int) ([]byte, error) {
		dst = append(dst, '[')
		for i := int32(0); i < a.Dims[level]; i++ {
			if i > 0 {
				dst = append(dst, ',')
				if pretty && level == 0 {
					dst = append(dst, "\n "...)
				}
			}
			var err error
			if level+1 == len(a.Dims) {
				dst, err = appendToJSON(ec, dst, a.Elem, a.Elems[pos], false)
				pos++
			} else {
				dst, err = dim(dst, level+1)
			}
			if err != nil {
				return nil, err
			}
		}
		return append(dst, ']'), nil
	}
	return dim(dst, 0)
}

// toJSONB converts d, a value of type t, to a jsonb value
// (datum_to_jsonb). keyScalar asks for an object key.
func toJSONB(ec *expr.EvalContext, t uint32, d types.Datum, keyScalar bool) (*types.JSON, error) {
	if d.IsNull() {
		return types.JSONNullValue(), nil
	}
	cat := categorizeJSON(t)
	if d.IsRecord() {
		cat = jcComposite
	}
	if keyScalar && (cat == jcArray || cat == jcComposite || cat == jcJSON || cat == jcJSONB) {
		return nil, errJSONKeyNotScalar()
	}
	if err := ec.CheckCancel(); err != nil {
		return nil, err
	}
	switch cat {
	case jcArray:
		return arrayToJSONB(ec, d.Array())
	case jcComposite:
		if !d.IsRecord() {
			return nil, pgerr.New(pgerr.FeatureNotSupported, "composite values in JSON are not supported yet")
		}
		r := d.Record()
		keys := make([]string, len(r.Values))
		vals := make([]*types.JSON, len(r.Values))
		for i, v := range r.Values {
			j, err := toJSONB(ec, r.Desc.Types[i], v, false)
			if err != nil {
				return nil, err
			}
			keys[i], vals[i] = r.Desc.Names[i], j
		}
		return types.NewJSONObject(keys, vals), nil
	case jcBool:
		if keyScalar {
			return types.JSONStringValue(boolText(d.Bool())), nil
		}
		return types.JSONBoolValue(d.Bool()), nil
	case jcNumeric:
		s := types.FormatText(t, d, ec.Format)
		if keyScalar || !validJSONNumber(s) {
			return types.JSONStringValue(s), nil
		}
		if t == types.OidNumeric {
			return types.JSONNumberValue(d.Numeric()), nil
		}
		x, err := types.ParseNumeric(s)
		if err != nil {
			return nil, err
		}
		return types.JSONNumberValue(x), nil
	case jcDate, jcTimestamp, jcTimestamptz:
		return types.JSONStringValue(jsonDateTime(ec, t, d)), nil
	case jcJSON:
		tree, err := types.ParseJSONTree(d.Text())
		if err != nil {
			return nil, err
		}
		return types.ToJSONB(tree)
	case jcJSONB:
		return d.JSONB(), nil
	}
	return types.JSONStringValue(types.FormatText(t, d, ec.Format)), nil
}

func arrayToJSONB(ec *expr.EvalContext, a *types.Array) (*types.JSON, error) {
	if len(a.Dims) == 0 {
		return &types.JSON{Kind: types.JSONArray}, nil
	}
	pos := 0
	var dim func(level int) (*types.JSON, error)
	dim = func(level int) (*types.JSON, error) {
		out := &types.JSON{Kind: types.JSONArray, Elems: make([]*types.JSON, 0, a.Dims[level])}
		for i := int32(0); i < a.Dims[level]; i++ {
			var e *types.JSON
			var err error
			if level+1 == len(a.Dims) {
				e, err = toJSONB(ec, a.Elem, a.Elems[pos], false)
				pos++
			} else {
				e, err = dim(level + 1)
			}
			if err != nil {
				return nil, err
			}
			out.Elems = append(out.Elems, e)
		}
		return out, nil
	}
	return dim(0)
}

// jsonKeyText is the text of an object key given as a SQL value: its
// text output (booleans as true/false).
func jsonKeyText(ec *expr.EvalContext, t uint32, d types.Datum) (string, error) {
	v, err := toJSONB(ec, t, d, true)
	if err != nil {
		return "", err
	}
	return v.Str, nil
}

// appendRecordToJSON is composite_to_json: {"name":value,...} with ","
// between fields, ",\n " with pretty (row_to_json's second argument).
func appendRecordToJSON(ec *expr.EvalContext, dst []byte, d types.Datum, pretty bool) ([]byte, error) {
	if !d.IsRecord() {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "composite values in JSON are not supported yet")
	}
	r := d.Record()
	dst = append(dst, '{')
	for i, v := range r.Values {
		if i > 0 {
			if pretty {
				dst = append(dst, ",\n "...)
			} else {
				dst = append(dst, ',')
			}
		}
		dst = types.AppendJSONString(dst, r.Desc.Names[i])
		dst = append(dst, ':')
		var err error
		if dst, err = appendToJSON(ec, dst, r.Desc.Types[i], v, false); err != nil {
			return nil, err
		}
	}
	return append(dst, '}'), nil
}
