// This file implements the helper functions of information_schema
// (lib/catalog/postbootstrap.bki has their pg_proc rows; PostgreSQL
// defines them in SQL in information_schema.sql): the data-type facts the
// views report about a column's type OID and typmod, and
// _pg_expandarray, which drivers (JDBC's DatabaseMetaData) also call.
// _pg_truetypid, _pg_truetypmod and _pg_index_position, which take whole
// catalog rows or read pg_index, have no implementation: a call reports
// them not implemented (the views compute the same inline).

package builtins

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// Type OIDs the helpers distinguish (pg_type.dat).
const (
	oidInt2, oidInt4, oidInt8       = 21, 23, 20
	oidFloat4, oidFloat8, oidNumber = 700, 701, 1700
	oidText, oidBpchar, oidVarchar  = 25, 1042, 1043
	oidBit, oidVarbit               = 1560, 1562
	oidDate, oidTime, oidTimestamp  = 1082, 1083, 1114
	oidTimestamptz, oidTimetz       = 1184, 1266
	oidInterval                     = 1186
)

// typmodFunc is a helper of (type OID, typmod) that returns an integer or
// NULL (ok false). The pg_proc rows are strict: NULL arguments never get
// here.
func typmodFunc(f func(typ uint32, mod int32) (int64, bool)) implEntry {
	return implEntry{impl: func(_ *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		if v, ok := f(uint32(a[0].Int()), int32(a[1].Int())); ok {
			return types.Int(v), nil
		}
		return types.Null, nil
	}}
}

// charMaxLength is the declared length of a character or bit string type.
func charMaxLength(typ uint32, mod int32) (int64, bool) {
	if mod == -1 {
		return 0, false
	}
	switch typ {
	case oidBpchar, oidVarchar:
		return int64(mod) - 4, true
	case oidBit, oidVarbit:
		return int64(mod), true
	}
	return 0, false
}

func addInfoSchemaImpls(m map[string]implEntry) {
	addUpdatableImpls(m)
	// nameconcatoid(name, oid): name_oid, the name cut (at a character
	// boundary) so that the whole fits in a name (63 bytes).
	m["nameconcatoid"] = implEntry{impl: func(_ *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		name, suffix := a[0].Text(), "_"+strconv.FormatUint(uint64(uint32(a[1].Int())), 10)
		if room := 63 - len(suffix); len(name) > room {
			for room > 0 && !utf8.RuneStart(name[room]) {
				room--
			}
			name = name[:room]
		}
		return types.Text(name + suffix), nil
	}}
	m["sql__pg_char_max_length_13212"] = typmodFunc(charMaxLength)
	// The longest value in bytes: four per character in UTF8, the
	// largest possible field (1 GB) when the length is not declared.
	m["sql__pg_char_octet_length_13213"] = typmodFunc(func(typ uint32, mod int32) (int64, bool) {
		switch typ {
		case oidText, oidBpchar, oidVarchar:
			if mod == -1 {
				return 1 << 30, true
			}
			n, ok := charMaxLength(typ, mod)
			return 4 * n, ok
		}
		return 0, false
	})
	// Precision in bits for the binary types, in digits for numeric.
	m["sql__pg_numeric_precision_13215"] = typmodFunc(func(typ uint32, mod int32) (int64, bool) {
		switch typ {
		case oidInt2:
			return 16, true
		case oidInt4:
			return 32, true
		case oidInt8:
			return 64, true
		case oidFloat4:
			return 24, true
		case oidFloat8:
			return 53, true
		case oidNumber:
			if mod == -1 {
				return 0, false
			}
			return int64(((mod - 4) >> 16) & 0xffff), true
		}
		return 0, false
	})
	m["sql__pg_numeric_precision_radix_13216"] = typmodFunc(func(typ uint32, mod int32) (int64, bool) {
		switch typ {
		case oidInt2, oidInt4, oidInt8, oidFloat4, oidFloat8:
			return 2, true
		case oidNumber:
			return 10, true
		}
		return 0, false
	})
	m["sql__pg_numeric_scale_13217"] = typmodFunc(func(typ uint32, mod int32) (int64, bool) {
		switch typ {
		case oidInt2, oidInt4, oidInt8:
			return 0, true
		case oidNumber:
			if mod == -1 {
				return 0, false
			}
			return int64((mod - 4) & 0xffff), true
		}
		return 0, false
	})
	// Fractional digits of seconds: 6 unless declared.
	m["sql__pg_datetime_precision_13218"] = typmodFunc(func(typ uint32, mod int32) (int64, bool) {
		switch typ {
		case oidDate:
			return 0, true
		case oidTime, oidTimestamp, oidTimestamptz, oidTimetz:
			if mod < 0 {
				return 6, true
			}
			return int64(mod), true
		case oidInterval:
			if mod < 0 || mod&0xffff == 0xffff {
				return 6, true
			}
			return int64(mod & 0xffff), true
		}
		return 0, false
	})
	// The fields of an interval type ("DAY TO SECOND(3)"), NULL when it
	// declares none: what format_type prints after "interval".
	m["sql__pg_interval_type_13219"] = implEntry{impl: func(_ *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		if uint32(a[0].Int()) != oidInterval {
			return types.Null, nil
		}
		rest := strings.TrimPrefix(types.FormatType(oidInterval, int32(a[1].Int())), "interval")
		if i := strings.IndexByte(rest, ' '); i >= 0 && strings.Trim(rest[:i], "()0123456789") == "" {
			return types.Text(strings.ToUpper(rest[i+1:])), nil
		}
		return types.Null, nil
	}}
}

// expandArray is _pg_expandarray(anyarray): each element x of a
// one-dimensional array with its position n counted from 1, whatever the
// lower bound (as generate_series over array_lower..array_upper does;
// the other dimensions of a multidimensional array are not walked).
func expandArray(ec *expr.EvalContext, a []types.Datum) (func() ([]types.Datum, bool, error), error) {
	arr := a[0].Array()
	n := 0
	if len(arr.Dims) > 0 {
		n = int(arr.Dims[0])
	}
	stride := 1
	for _, d := range arr.Dims[min(1, len(arr.Dims)):] {
		stride *= int(d)
	}
	i := 0
	return func() ([]types.Datum, bool, error) {
		if i >= n {
			return nil, false, nil
		}
		if err := ec.CheckCancel(); err != nil {
			return nil, false, err
		}
		i++
		if stride != 1 {
			// $1[i] of a multidimensional array is NULL.
			return []types.Datum{types.Null, types.Int(int64(i))}, true, nil
		}
		return []types.Datum{arr.Elems[i-1], types.Int(int64(i))}, true, nil
	}, nil
}

// addUpdatableImpls adds pg_relation_is_updatable(regclass, bool) and
// pg_column_is_updatable(regclass, int2, bool). Their include_triggers
// argument changes nothing: no view has INSTEAD OF triggers or rules.
func addUpdatableImpls(m map[string]implEntry) {
	updatable := func(ec *expr.EvalContext, relid uint32, cols []int16) (int32, error) {
		u, ok := ec.Catalog.(expr.Updatability)
		if !ok {
			return 0, pgerr.New(pgerr.FeatureNotSupported, "the catalogs cannot be read in this session")
		}
		return u.RelationUpdatable(relid, cols)
	}
	m["pg_relation_is_updatable"] = sess(func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		events, err := updatable(ec, uint32(a[0].Int()), nil)
		return types.Int(int64(events)), err
	})
	// A column is updatable when UPDATE and DELETE through it work (as
	// PostgreSQL asks of relation_is_updatable).
	m["pg_column_is_updatable"] = sess(func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		attnum := int16(a[1].Int())
		if attnum <= 0 {
			// System columns cannot be changed.
			return types.Bool(false), nil
		}
		events, err := updatable(ec, uint32(a[0].Int()), []int16{attnum})
		const required = 1<<2 | 1<<4
		return types.Bool(events&required == required), err
	})
	// pg_get_function_arg_default(func, n): the default of the n-th
	// parameter (counting all, OUT ones too), NULL for OUT parameters
	// and inputs without one.
	m["pg_get_function_arg_default"] = sess(func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		sc, _ := procLookup(ec)
		f, err := sc.ProcByOID(uint32(a[0].Int()))
		if err != nil || f == nil {
			return types.Null, err
		}
		all := f.ArgTypes
		if f.AllArgTypes != nil {
			all = f.AllArgTypes
		}
		n := int(a[1].Int())
		if n < 1 || n > len(all) {
			return types.Null, nil
		}
		mode := func(i int) byte {
			if i < len(f.ArgModes) {
				return f.ArgModes[i]
			}
			return 'i'
		}
		if m := mode(n - 1); m == 'o' || m == 't' {
			return types.Null, nil
		}
		input := 0
		for i := 0; i < n; i++ {
			if m := mode(i); m != 'o' && m != 't' {
				input++
			}
		}
		defaults := sqlArgDefaults(f)
		if k := input - 1 - (len(f.ArgTypes) - len(defaults)); k >= 0 && k < len(defaults) {
			return types.Text(defaults[k]), nil
		}
		return types.Null, nil
	})
}
