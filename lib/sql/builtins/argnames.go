// This file gives what calls with named arguments need of a function:
// the names of its input arguments and the defaults of its trailing
// ones.

package builtins

import (
	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// systemArgNames are the argument names that PostgreSQL's initdb gives
// with system_functions.sql (with the defaults in argDefaults), which
// the bootstrap rows lack, by prosrc name.
var systemArgNames = map[string][]string{
	"pg_terminate_backend":      {"pid", "timeout"},
	"parse_ident":               {"str", "strict"},
	"jsonb_set":                 {"jsonb_in", "path", "replacement", "create_if_missing"},
	"jsonb_insert":              {"jsonb_in", "path", "replacement", "insert_after"},
	"json_populate_record":      {"base", "from_json", "use_json_as_text"},
	"json_populate_recordset":   {"base", "from_json", "use_json_as_text"},
	"jsonb_set_lax":             {"jsonb_in", "path", "replacement", "create_if_missing", "null_value_treatment"},
	"jsonb_path_exists":         jsonpathArgNames,
	"jsonb_path_match":          jsonpathArgNames,
	"jsonb_path_query":          jsonpathArgNames,
	"jsonb_path_query_array":    jsonpathArgNames,
	"jsonb_path_query_first":    jsonpathArgNames,
	"jsonb_path_exists_tz":      jsonpathArgNames,
	"jsonb_path_match_tz":       jsonpathArgNames,
	"jsonb_path_query_tz":       jsonpathArgNames,
	"jsonb_path_query_array_tz": jsonpathArgNames,
	"jsonb_path_query_first_tz": jsonpathArgNames,
}

var jsonpathArgNames = []string{"target", "path", "vars", "silent"}

// InArgNames is proargnames restricted to the input arguments (IN,
// INOUT and VARIADIC), nil when none has a name.
func InArgNames(p *catalog.Proc) []string {
	if len(p.ArgNames) == 0 {
		if names := systemArgNames[p.Src]; len(names) == len(p.ArgTypes) && p.OID < catalog.FirstNormalOID {
			return names
		}
		return nil
	}
	if p.ArgModes == nil {
		return p.ArgNames
	}
	var out []string
	named := false
	for i, m := range p.ArgModes {
		if m != 'i' && m != 'b' && m != 'v' || i >= len(p.ArgNames) {
			continue
		}
		out = append(out, p.ArgNames[i])
		named = named || p.ArgNames[i] != ""
	}
	if !named {
		return nil
	}
	return out
}

// NumArgDefaults is how many trailing arguments of the built-in f have
// defaults (argDefaults).
func NumArgDefaults(f *expr.Func) int {
	if f.SQL {
		return len(f.SQLArgDefaults)
	}
	return min(len(argDefaults[f.Src]), len(f.Args))
}

// ArgDefault is the default value of argument i of the built-in f; ok
// is false when it has none.
func ArgDefault(f *expr.Func, i int) (v types.Datum, ok bool) {
	n := NumArgDefaults(f)
	first := len(f.Args) - n
	if f.SQL || i < first || i >= len(f.Args) {
		return types.Null, false
	}
	defs := argDefaults[f.Src]
	return defs[len(defs)-n+(i-first)], true
}

// sqlArgDefaults reads the proargdefaults that CREATE FUNCTION writes
// for a SQL function: the defaults' SQL texts as a text[] literal.
func sqlArgDefaults(p *catalog.Proc) []string {
	if p.ArgDefaults == "" || p.NArgDefaults == 0 {
		return nil
	}
	d, err := types.ParseText(types.OidTextArray, -1, p.ArgDefaults, &types.FormatOptions{})
	if err != nil || d.IsNull() {
		return nil
	}
	var out []string
	for _, e := range d.Array().Elems {
		out = append(out, e.Text())
	}
	return out
}

// InArgTypes are the types of a routine's input arguments (IN, INOUT and
// VARIADIC), in order: what a call passes and its body's $n are.
func InArgTypes(p *catalog.Proc) []uint32 {
	if p.ArgModes == nil {
		return p.ArgTypes
	}
	var out []uint32
	for i, m := range p.ArgModes {
		if (m == 'i' || m == 'b' || m == 'v') && i < len(p.AllArgTypes) {
			out = append(out, p.AllArgTypes[i])
		}
	}
	return out
}
