// This file implements the functions of enum types (PostgreSQL's
// enum.c): comparison, hashing, min/max support, enum_first, enum_last
// and enum_range. Values carry their label and sort order
// (types.EnumLabel); the labels of a type come from the catalog through
// the evaluation context's format options.

package builtins

import (
	"hash/fnv"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

func addEnumImpls(m map[string]implEntry) {
	kinds := map[string]cmpKind{"enum_eq": cmpEq, "enum_ne": cmpNe, "enum_lt": cmpLt,
		"enum_gt": cmpGt, "enum_le": cmpLe, "enum_ge": cmpGe}
	for name, k := range kinds {
		m[name] = sess(func(_ *expr.EvalContext, a []types.Datum) (types.Datum, error) {
			return types.Bool(k.test(types.CompareEnum(a[0].Enum(), a[1].Enum()))), nil
		})
	}
	m["enum_cmp"] = sess(func(_ *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		return types.Int(int64(types.CompareEnum(a[0].Enum(), a[1].Enum()))), nil
	})
	m["enum_larger"] = sess(func(_ *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		if types.CompareEnum(a[0].Enum(), a[1].Enum()) > 0 {
			return a[0], nil
		}
		return a[1], nil
	})
	m["enum_smaller"] = sess(func(_ *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		if types.CompareEnum(a[0].Enum(), a[1].Enum()) < 0 {
			return a[0], nil
		}
		return a[1], nil
	})
	// hashenum hashes the label's OID (hash_uint32 in PostgreSQL; the
	// value differs, as all hash values here do).
	m["hashenum"] = sess(func(_ *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		h := fnv.New32a()
		o := a[0].Enum().OID
		h.Write([]byte{byte(o), byte(o >> 8), byte(o >> 16), byte(o >> 24)})
		return types.Int(int64(int32(h.Sum32()))), nil
	})
	m["enum_first"] = implEntry{bind: enumEndBinder(true)}
	m["enum_last"] = implEntry{bind: enumEndBinder(false)}
	m["enum_range_all"] = implEntry{bind: enumRangeBinder(false)}
	m["enum_range_bounds"] = implEntry{bind: enumRangeBinder(true)}
}

// enumLabelsOf returns the labels of enum type typ, the type of the
// argument (enum_first(NULL::t) is how the type is named).
func enumLabelsOf(ec *expr.EvalContext, typ uint32) ([]*types.EnumLabel, types.UserTypes, error) {
	var ut types.UserTypes
	if ec.Format != nil {
		ut = ec.Format.UserTypes
	}
	if ut == nil || typ == types.OidAnyEnum || typ == 0 {
		return nil, nil, pgerr.New(pgerr.InvalidParameterValue, "could not determine actual enum type")
	}
	labels, err := ut.EnumLabels(typ)
	return labels, ut, err
}

// enumEndBinder is enum_first (first) and enum_last.
func enumEndBinder(first bool) expr.Binder {
	return func(argTypes []uint32, _ uint32) expr.Impl {
		typ := argTypes[0]
		return func(ec *expr.EvalContext, _ []types.Datum) (types.Datum, error) {
			labels, ut, err := enumLabelsOf(ec, typ)
			if err != nil {
				return types.Null, err
			}
			if len(labels) == 0 {
				return types.Null, pgerr.Newf(pgerr.ObjectNotInPrerequisiteState, "enum %s contains no values", typeNameOf(ec, typ))
			}
			l := labels[len(labels)-1]
			if first {
				l = labels[0]
			}
			if err := ut.CheckEnumSafe(l); err != nil {
				return types.Null, err
			}
			return types.EnumDatum(l), nil
		}
	}
}

// enumRangeBinder is enum_range(anyenum) and, with bounds,
// enum_range(anyenum, anyenum): the labels in sort order as an array,
// from the first bound (or the first label when it is NULL) to the
// second (or the last).
func enumRangeBinder(bounds bool) expr.Binder {
	return func(argTypes []uint32, _ uint32) expr.Impl {
		typ := argTypes[0]
		return func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
			labels, ut, err := enumLabelsOf(ec, typ)
			if err != nil {
				return types.Null, err
			}
			var lo, hi *types.EnumLabel
			if bounds {
				if !a[0].IsNull() {
					lo = a[0].Enum()
				}
				if !a[1].IsNull() {
					hi = a[1].Enum()
				}
			}
			elems := make([]types.Datum, 0, len(labels))
			for _, l := range labels {
				if lo != nil && types.CompareEnum(l, lo) < 0 || hi != nil && types.CompareEnum(l, hi) > 0 {
					continue
				}
				if err := ut.CheckEnumSafe(l); err != nil {
					return types.Null, err
				}
				elems = append(elems, types.EnumDatum(l))
			}
			return types.ArrayDatum(types.NewArray1(typ, elems)), nil
		}
	}
}

// typeNameOf is format_type_be through the session's catalog.
func typeNameOf(ec *expr.EvalContext, typ uint32) string {
	if ec.Catalog != nil {
		if n, err := ec.Catalog.FormatType(typ, -1); err == nil {
			return n
		}
	}
	return types.FormatType(typ, -1)
}
