// This file turns type names and modifiers into text and back:
// format_type's spellings ("character varying(3)", "timestamp with time
// zone") and the typmod encodings of each type's typmodin function.

package types

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// sqlNames are the SQL-standard spellings format_type prints.
var sqlNames = map[uint32]string{
	OidBool:        "boolean",
	OidInt2:        "smallint",
	OidInt4:        "integer",
	OidInt8:        "bigint",
	OidFloat4:      "real",
	OidFloat8:      "double precision",
	OidBpchar:      "character",
	OidVarchar:     "character varying",
	OidTime:        "time without time zone",
	OidTimestamp:   "timestamp without time zone",
	OidTimestamptz: "timestamp with time zone",
	OidTimetz:      "time with time zone",
	OidVarbit:      "bit varying",
	OidChar:        `"char"`,
	OidAny:         `"any"`,
}

// FormatType is format_type(oid, typmod) with typmod -1 meaning "no
// modifier given", as regtype output and error messages spell types.
func FormatType(oid uint32, typmod int32) string {
	t := ByOID(oid)
	if t == nil {
		return "???"
	}
	if t.IsArray() && oid != OidOidVector && oid != OidInt2Vector {
		return FormatType(t.Elem, typmod) + "[]"
	}
	if typmod < 0 {
		if n, ok := sqlNames[oid]; ok {
			return n
		}
		return t.Name
	}
	switch oid {
	case OidBpchar, OidVarchar:
		return sqlNames[oid] + "(" + strconv.Itoa(int(typmod-4)) + ")"
	case OidBit:
		return "bit(" + strconv.Itoa(int(typmod)) + ")"
	case OidVarbit:
		return "bit varying(" + strconv.Itoa(int(typmod)) + ")"
	case OidNumeric:
		if typmod < 4 {
			return "numeric"
		}
		p, s := numericTypmodParts(typmod)
		return "numeric(" + strconv.Itoa(int(p)) + "," + strconv.Itoa(int(s)) + ")"
	case OidTime:
		return "time(" + strconv.Itoa(int(typmod)) + ") without time zone"
	case OidTimestamp:
		return "timestamp(" + strconv.Itoa(int(typmod)) + ") without time zone"
	case OidTimetz:
		return "time(" + strconv.Itoa(int(typmod)) + ") with time zone"
	case OidTimestamptz:
		return "timestamp(" + strconv.Itoa(int(typmod)) + ") with time zone"
	case OidInterval:
		return "interval" + intervalTypmodOut(typmod)
	}
	if n, ok := sqlNames[oid]; ok {
		return n
	}
	return t.Name
}

// intervalTypmodOut is intervaltypmodout.
func intervalTypmodOut(typmod int32) string {
	precision, rng := intervalTypmodParts(typmod)
	var fields string
	switch rng {
	case IntervalYear:
		fields = " year"
	case IntervalMonth:
		fields = " month"
	case IntervalDay:
		fields = " day"
	case IntervalHour:
		fields = " hour"
	case IntervalMinute:
		fields = " minute"
	case IntervalSecond:
		fields = " second"
	case IntervalYear | IntervalMonth:
		fields = " year to month"
	case IntervalDay | IntervalHour:
		fields = " day to hour"
	case IntervalDay | IntervalHour | IntervalMinute:
		fields = " day to minute"
	case IntervalDay | IntervalHour | IntervalMinute | IntervalSecond:
		fields = " day to second"
	case IntervalHour | IntervalMinute:
		fields = " hour to minute"
	case IntervalHour | IntervalMinute | IntervalSecond:
		fields = " hour to second"
	case IntervalMinute | IntervalSecond:
		fields = " minute to second"
	}
	if precision != IntervalFullPrecision {
		return fields + "(" + strconv.Itoa(int(precision)) + ")"
	}
	return fields
}

// MakeTypmod is the typmodin function of type oid applied to the integer
// modifiers written after a type name, such as varchar(3) or
// numeric(10,2). It returns PostgreSQL's errors for invalid modifiers.
// A time, timestamp or interval precision above 6 is reduced to 6 with
// the WARNING PostgreSQL's typmodin raises, which the caller reports.
func MakeTypmod(oid uint32, mods []int32) (typmod int32, warning *pgerr.Error, err error) {
	typmod, err = makeTypmod(oid, mods)
	if err != nil {
		return 0, nil, err
	}
	if len(mods) > 0 {
		switch oid {
		case OidTime, OidTimetz, OidTimestamp, OidTimestamptz:
			if mods[0] > MaxTimePrecision {
				warning = pgerr.Newf(pgerr.Warning, "%s precision reduced to maximum allowed, %d", fmt.Sprintf(timePrecisionLabel(oid), mods[0]), MaxTimePrecision).WithSeverity(pgerr.SeverityWarning)
			}
		case OidInterval:
			if len(mods) == 2 && mods[1] > MaxTimePrecision {
				warning = pgerr.Newf(pgerr.Warning, "INTERVAL(%d) precision reduced to maximum allowed, %d", mods[1], MaxTimePrecision).WithSeverity(pgerr.SeverityWarning)
			}
		}
	}
	return typmod, warning, nil
}

// MaxTimePrecision is MAX_TIME_PRECISION, MAX_TIMESTAMP_PRECISION and
// MAX_INTERVAL_PRECISION: microseconds.
const MaxTimePrecision = 6

// timePrecisionLabel is how the typmodin functions of the time types
// name their type in messages, with a %d for the precision.
func timePrecisionLabel(oid uint32) string {
	switch oid {
	case OidTimestamptz:
		return "TIMESTAMP(%d) WITH TIME ZONE"
	case OidTimestamp:
		return "TIMESTAMP(%d)"
	case OidTimetz:
		return "TIME(%d) WITH TIME ZONE"
	}
	return "TIME(%d)"
}

func makeTypmod(oid uint32, mods []int32) (int32, error) {
	if len(mods) == 0 {
		return -1, nil
	}
	t := ByOID(oid)
	name := "?"
	if t != nil {
		name = t.Name
	}
	switch oid {
	case OidVarchar, OidBpchar:
		if len(mods) != 1 {
			return 0, pgerr.New(pgerr.InvalidParameterValue, "invalid type modifier")
		}
		n := mods[0]
		if oid == OidBpchar {
			name = "char" // bpchartypmodin's spelling
		}
		if n < 1 {
			return 0, pgerr.Newf(pgerr.InvalidParameterValue, "length for type %s must be at least 1", name)
		}
		if n > 10485760 {
			return 0, pgerr.Newf(pgerr.InvalidParameterValue, "length for type %s cannot exceed %d", name, 10485760)
		}
		return CharTypmod(n), nil
	case OidNumeric:
		if len(mods) > 2 {
			return 0, pgerr.New(pgerr.InvalidParameterValue, "invalid NUMERIC type modifier")
		}
		p := mods[0]
		if p < 1 || p > numericMaxPrecision {
			return 0, pgerr.Newf(pgerr.InvalidParameterValue, "NUMERIC precision %d must be between 1 and %d", p, numericMaxPrecision)
		}
		s := int32(0)
		if len(mods) == 2 {
			s = mods[1]
			if s < -1000 || s > 1000 {
				return 0, pgerr.Newf(pgerr.InvalidParameterValue, "NUMERIC scale %d must be between %d and %d", s, -1000, 1000)
			}
		}
		return NumericTypmod(p, s), nil
	case OidTime, OidTimetz, OidTimestamp, OidTimestamptz:
		if len(mods) != 1 {
			return 0, pgerr.New(pgerr.InvalidParameterValue, "invalid type modifier")
		}
		p := mods[0]
		if p < 0 {
			return 0, pgerr.Newf(pgerr.InvalidParameterValue, timePrecisionLabel(oid)+" precision must not be negative", p)
		}
		if p > MaxTimePrecision {
			p = MaxTimePrecision
		}
		return p, nil
	case OidInterval:
		rng := mods[0]
		precision := int32(IntervalFullPrecision)
		if len(mods) == 2 {
			precision = mods[1]
			if precision < 0 {
				return 0, pgerr.Newf(pgerr.InvalidParameterValue, "INTERVAL(%d) precision must not be negative", precision)
			}
			if precision > MaxTimePrecision {
				precision = MaxTimePrecision
			}
		} else if len(mods) > 2 {
			return 0, pgerr.New(pgerr.InvalidParameterValue, "invalid INTERVAL type modifier")
		}
		return IntervalTypmod(precision, rng), nil
	case OidBit, OidVarbit:
		return bitTypmod(oid, mods)
	}
	return 0, pgerr.Newf(pgerr.SyntaxError, "type modifier is not allowed for type \"%s\"", name)
}

// intervalFieldRanges are the range masks of interval's field
// specifications (the grammar's opt_interval).
var intervalFieldRanges = map[string]int32{
	"year": IntervalYear, "month": IntervalMonth, "day": IntervalDay,
	"hour": IntervalHour, "minute": IntervalMinute, "second": IntervalSecond,
	"year to month":    IntervalYear | IntervalMonth,
	"day to hour":      IntervalDay | IntervalHour,
	"day to minute":    IntervalDay | IntervalHour | IntervalMinute,
	"day to second":    IntervalDay | IntervalHour | IntervalMinute | IntervalSecond,
	"hour to minute":   IntervalHour | IntervalMinute,
	"hour to second":   IntervalHour | IntervalMinute | IntervalSecond,
	"minute to second": IntervalMinute | IntervalSecond,
}

// typeAliases maps SQL spellings accepted by regtype input to typnames.
var typeAliases = map[string]string{
	"integer": "int4", "int": "int4", "smallint": "int2", "bigint": "int8",
	"real": "float4", "float": "float8", "double precision": "float8",
	"boolean": "bool", "decimal": "numeric", "dec": "numeric",
	"character": "bpchar", "char": "bpchar", "character varying": "varchar",
	"char varying": "varchar", "time without time zone": "time",
	"timestamp without time zone": "timestamp", "timestamp with time zone": "timestamptz",
	"time with time zone": "timetz", `"char"`: "char", `"any"`: "any",
	"bit varying": "varbit",
}

// LookupTypeName resolves a type name written as text, as regtype input
// and format_type output spell it: "integer", "character varying(10)",
// "pg_catalog.int4", "text[]", "timestamp(3) with time zone".
func LookupTypeName(s string) (*Type, int32, error) {
	t, typmod, _, err := lookupTypeName(s)
	return t, typmod, err
}

// RegtypeInputWarning is the WARNING reading s as regtype input raises
// (a time precision above 6 reduced), nil when there is none.
func RegtypeInputWarning(s string) *pgerr.Error {
	_, _, warning, _ := lookupTypeName(s)
	return warning
}

func lookupTypeName(s string) (*Type, int32, *pgerr.Error, error) {
	orig := s
	n := strings.TrimSpace(strings.ToLower(s))
	array := false
	for strings.HasSuffix(n, "[]") {
		array = true
		n = strings.TrimSpace(strings.TrimSuffix(n, "[]"))
	}
	n = strings.TrimPrefix(n, "pg_catalog.")
	var mods []int32
	if i := strings.IndexByte(n, '('); i >= 0 {
		j := strings.IndexByte(n, ')')
		if j < i {
			return nil, 0, nil, pgerr.Newf(pgerr.SyntaxError, "invalid type name \"%s\"", orig)
		}
		for _, p := range strings.Split(n[i+1:j], ",") {
			v, err := strconv.Atoi(strings.TrimSpace(p))
			if err != nil {
				return nil, 0, nil, pgerr.Newf(pgerr.SyntaxError, "invalid type name \"%s\"", orig)
			}
			mods = append(mods, int32(v))
		}
		n = strings.TrimSpace(n[:i] + n[j+1:])
	}
	n = strings.Join(strings.Fields(n), " ")
	if a, ok := typeAliases[n]; ok {
		n = a
	}
	if rest, ok := strings.CutPrefix(n, "interval "); ok {
		// interval's fields: the range mask comes before the precision.
		rng, ok := intervalFieldRanges[rest]
		if !ok || len(mods) > 0 && rng&IntervalSecond == 0 {
			return nil, 0, nil, pgerr.Newf(pgerr.SyntaxError, "invalid type name \"%s\"", orig)
		}
		n, mods = "interval", append([]int32{rng}, mods...)
	} else if n == "interval" && len(mods) > 0 {
		mods = append([]int32{IntervalFullRange}, mods...)
	}
	t := ByName(n)
	if t == nil {
		// TypeNameToString: the name without its modifiers.
		name := strings.TrimSpace(strings.ToLower(orig))
		for {
			i, j := strings.IndexByte(name, '('), strings.IndexByte(name, ')')
			if i < 0 || j < i {
				break
			}
			name = name[:i] + name[j+1:]
		}
		return nil, 0, nil, pgerr.Newf(pgerr.UndefinedObject, "type \"%s\" does not exist", strings.Join(strings.Fields(name), " "))
	}
	typmod, warning, err := MakeTypmod(t.OID, mods)
	if err != nil {
		return nil, 0, nil, err
	}
	if array {
		if t.Array == 0 {
			return nil, 0, nil, pgerr.Newf(pgerr.UndefinedObject, "type \"%s\" does not exist", strings.TrimSpace(orig))
		}
		t = ByOID(t.Array)
	}
	return t, typmod, warning, nil
}

// ErrShellType is the error for a shell type (CREATE TYPE name) where a
// type is needed (typenameTypeId): it has no I/O functions, no array
// type, no values.
func ErrShellType(name string) *pgerr.Error {
	return pgerr.Newf(pgerr.UndefinedObject, "type \"%s\" is only a shell", name)
}

// IsShellTypeError reports whether err is ErrShellType's, which shares
// its SQLSTATE with "does not exist".
func IsShellTypeError(err error) bool {
	pe := pgerr.As(err)
	return pe != nil && pe.Code == pgerr.UndefinedObject && strings.HasSuffix(pe.Message, "\" is only a shell")
}
