// This file implements the comparison operators (=, <>, <, >, <=, >=) of
// every built-in type, including PostgreSQL's cross-type ones (int4 vs
// int8, date vs timestamptz, name vs text), from one comparison routine
// per pair of type families.

package builtins

import (
	"strings"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

type cmpKind int8

const (
	cmpEq cmpKind = iota
	cmpNe
	cmpLt
	cmpGt
	cmpLe
	cmpGe
)

// cmpKinds maps the comparison operators' names to their kinds. The
// pattern operators (~<~ and friends of text_pattern_ops and
// bpchar_pattern_ops) compare bytes, as every collation gpostgres
// accepts does, so they are the plain comparisons.
var cmpKinds = map[string]cmpKind{"=": cmpEq, "<>": cmpNe, "<": cmpLt, ">": cmpGt, "<=": cmpLe, ">=": cmpGe,
	"~<~": cmpLt, "~>~": cmpGt, "~<=~": cmpLe, "~>=~": cmpGe}

func (k cmpKind) test(c int) bool {
	switch k {
	case cmpEq:
		return c == 0
	case cmpNe:
		return c != 0
	case cmpLt:
		return c < 0
	case cmpGt:
		return c > 0
	case cmpLe:
		return c <= 0
	}
	return c >= 0
}

// Comparator compares two non-NULL values of possibly different types.
type Comparator func(ec *expr.EvalContext, a, b types.Datum) int

func family(t uint32) byte {
	switch t {
	case types.OidInt2, types.OidInt4, types.OidInt8:
		return 'i'
	case types.OidOid, types.OidRegclass, types.OidRegtype, types.OidRegproc:
		return 'o'
	case types.OidFloat4, types.OidFloat8:
		return 'f'
	case types.OidText, types.OidVarchar, types.OidName, types.OidUnknown:
		return 's'
	case types.OidDate, types.OidTimestamp, types.OidTimestamptz:
		return 'd'
	}
	return 0
}

func asFloat(t uint32, d types.Datum) float64 {
	if t == types.OidFloat4 {
		return float64(d.Float4())
	}
	return d.Float8()
}

// dateToTimestamp widens a date to a timestamp, keeping infinities.
func dateToTimestamp(days int64) int64 {
	switch days {
	case types.DateNoBegin:
		return types.TimestampNoBegin
	case types.DateNoEnd:
		return types.TimestampNoEnd
	}
	return days * types.UsecsPerDay
}

// toTimestamptz converts a date or timestamp to an instant in the
// session's time zone.
func toTimestamptz(ec *expr.EvalContext, t uint32, d types.Datum) int64 {
	v := d.Int()
	if t == types.OidDate {
		v = dateToTimestamp(v)
	}
	if t == types.OidTimestamptz || v == types.TimestampNoBegin || v == types.TimestampNoEnd {
		return v
	}
	return types.LocalToUTC(v, location(ec))
}

// NewComparator returns the comparison of a value of type lt with one of
// type rt, or nil when the types are not comparable.
func NewComparator(lt, rt uint32) Comparator {
	fl, fr := family(lt), family(rt)
	switch {
	case lt == rt && lt == types.OidBpchar:
		return func(_ *expr.EvalContext, a, b types.Datum) int {
			return strings.Compare(types.BpcharTrimmed(a.Text()), types.BpcharTrimmed(b.Text()))
		}
	case fl == 'i' && fr == 'i', fl == 'o' && fr == 'o':
		return func(_ *expr.EvalContext, a, b types.Datum) int { return types.Compare(types.OidInt8, a, b) }
	case fl == 'f' && fr == 'f':
		return func(_ *expr.EvalContext, a, b types.Datum) int {
			return types.CompareFloat(asFloat(lt, a), asFloat(rt, b))
		}
	case fl == 's' && fr == 's':
		return func(_ *expr.EvalContext, a, b types.Datum) int { return strings.Compare(a.Text(), b.Text()) }
	case fl == 'd' && fr == 'd':
		if lt == rt {
			return func(_ *expr.EvalContext, a, b types.Datum) int { return types.Compare(types.OidInt8, a, b) }
		}
		if lt != types.OidTimestamptz && rt != types.OidTimestamptz {
			// date versus timestamp.
			conv := func(t uint32, d types.Datum) int64 {
				if t == types.OidDate {
					return dateToTimestamp(d.Int())
				}
				return d.Int()
			}
			return func(_ *expr.EvalContext, a, b types.Datum) int {
				return types.Compare(types.OidInt8, types.Int(conv(lt, a)), types.Int(conv(rt, b)))
			}
		}
		return func(ec *expr.EvalContext, a, b types.Datum) int {
			return types.Compare(types.OidInt8, types.Int(toTimestamptz(ec, lt, a)), types.Int(toTimestamptz(ec, rt, b)))
		}
	case lt == rt:
		// Types users created (enums, their arrays) compare by the
		// representation their values carry.
		if t := types.ByOID(lt); t != nil || lt >= catalog.FirstNormalOID {
			return func(_ *expr.EvalContext, a, b types.Datum) int { return types.Compare(lt, a, b) }
		}
	}
	return nil
}

func compareBinder(k cmpKind) expr.Binder {
	return comparatorBinder(func(cmp Comparator) expr.Impl {
		return func(ec *expr.EvalContext, args []types.Datum) (types.Datum, error) {
			return types.Bool(k.test(cmp(ec, args[0], args[1]))), nil
		}
	})
}

// comparatorBinder binds a function of two arguments to the comparator
// of their types (NewComparator): impl makes the call's implementation
// from it. No comparator, or not two arguments: no implementation.
func comparatorBinder(impl func(cmp Comparator) expr.Impl) expr.Binder {
	return func(argTypes []uint32, _ uint32) expr.Impl {
		if len(argTypes) != 2 {
			return nil
		}
		cmp := NewComparator(argTypes[0], argTypes[1])
		if cmp == nil {
			return nil
		}
		return impl(cmp)
	}
}

func addCompareImpls(m map[string]implEntry) {
	// The comparison procs are bound from their operators in
	// buildRegistry; the btree support functions live here.
	// uuid_cmp is memcmp: PostgreSQL returns glibc's difference of the
	// first differing bytes.
	m["uuid_cmp"] = sess(func(_ *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		x, y := a[0].Text(), a[1].Text()
		for i := 0; i < len(x) && i < len(y); i++ {
			if x[i] != y[i] {
				return types.Int(int64(x[i]) - int64(y[i])), nil
			}
		}
		return types.Int(0), nil
	})
	for _, name := range []string{"btint4cmp", "btint8cmp", "bttextcmp"} {
		m[name] = implEntry{bind: func(argTypes []uint32, _ uint32) expr.Impl {
			cmp := NewComparator(argTypes[0], argTypes[1])
			return func(ec *expr.EvalContext, args []types.Datum) (types.Datum, error) {
				return types.Int(int64(cmp(ec, args[0], args[1]))), nil
			}
		}}
	}
}
