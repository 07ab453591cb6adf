// This file holds smaller functions of PostgreSQL's timestamp.c, date.c,
// varlena.c and dbsize.c: OVERLAPS, make_timestamptz, date_bin,
// string_to_table, parse_ident, pg_size_pretty(numeric), pg_size_bytes
// pg_column_size of fixed-length values and pg_column_compression.

package builtins

import (
	"math"
	"strings"
	"time"
	"unsafe"

	"github.com/cockroachdb/apd/v3"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

func addMiscImpls(m map[string]implEntry) {
	// pg_column_size: a fixed-length type's length, a cstring's (and an
	// unknown literal's) bytes and terminator. A variable-length value's
	// size depends on how it is held (a short header or a compressed form
	// when read from a table, a full header when computed), which values
	// here do not record: refused rather than guessed.
	m["pg_column_size"] = implEntry{bind: func(argTypes []uint32, _ uint32) expr.Impl {
		typ := types.DomainBase(argTypes[0])
		return func(_ *expr.EvalContext, a []types.Datum) (types.Datum, error) {
			if a[0].IsEnum() {
				return types.Int(4), nil
			}
			if typ == types.OidUnknown || typ == types.OidCstring {
				return types.Int(int64(len(a[0].Text()) + 1)), nil
			}
			if t := types.ByOID(typ); t != nil && t.Len > 0 {
				return types.Int(int64(t.Len)), nil
			}
			return types.Null, pgerr.Newf(pgerr.FeatureNotSupported, "pg_column_size of a value of type %s is not supported yet", types.FormatType(argTypes[0], -1))
		}
	}}
	// pg_column_compression: NULL for a fixed-length value; for a value of
	// a type whose values are their stored bytes, the method ("pglz",
	// "lz4") when the session read it compressed. Other types'
	// values are decoded when read, so how they were stored is not known.
	m["pg_column_compression"] = implEntry{bind: func(argTypes []uint32, _ uint32) expr.Impl {
		typ := types.DomainBase(argTypes[0])
		return func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
			t := types.ByOID(typ)
			if a[0].IsEnum() || t != nil && t.Len != -1 {
				return types.Null, nil
			}
			ci, ok := ec.Session.(expr.CompressionInspector)
			if !ok {
				return types.Null, pgerr.New(pgerr.FeatureNotSupported, "pg_column_compression is not available in this session")
			}
			switch typ {
			case types.OidText, types.OidVarchar, types.OidBpchar, types.OidBytea, types.OidJSON:
			default:
				// Nothing read compressed yet: no value can be.
				if ci.ReadNoneCompressed() {
					return types.Null, nil
				}
				return types.Null, pgerr.Newf(pgerr.FeatureNotSupported, "pg_column_compression of a value of type %s is not supported yet", types.FormatType(argTypes[0], -1))
			}
			s := a[0].Text()
			method, known := ci.StoredCompressed(unsafe.Slice(unsafe.StringData(s), len(s)))
			switch {
			case !known:
				return types.Null, pgerr.New(pgerr.FeatureNotSupported, "pg_column_compression cannot tell how this copy of a stored value was stored")
			case method != "":
				return types.Text(method), nil
			}
			return types.Null, nil
		}
	}}
	// OVERLAPS on two periods of timestamps or times (not strict: a NULL
	// end leaves the answer unknown only where it matters).
	m["overlaps_timestamp"] = textN(func(a []types.Datum) (types.Datum, error) { return overlaps(a[0], a[1], a[2], a[3]), nil })
	m["overlaps_time"] = m["overlaps_timestamp"]
	m["overlaps_timetz"] = textN(func(a []types.Datum) (types.Datum, error) {
		return overlapsBy(func(x, y types.Datum) int { return types.CompareTimeTZ(types.TimeTZOf(x), types.TimeTZOf(y)) }, a[0], a[1], a[2], a[3]), nil
	})
	// The forms with an interval for an end: start + interval, as the SQL
	// functions of pg_proc compute it.
	plus := func(add string) func(ec *expr.EvalContext, start, iv types.Datum) (types.Datum, error) {
		return func(ec *expr.EvalContext, start, iv types.Datum) (types.Datum, error) {
			if start.IsNull() || iv.IsNull() {
				return types.Null, nil
			}
			return m[add].impl(ec, []types.Datum{start, iv})
		}
	}
	overlapsWith := func(add string, firstIv, secondIv bool) implEntry {
		p := plus(add)
		return implEntry{impl: func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
			e1, e2 := a[1], a[3]
			var err error
			if firstIv {
				if e1, err = p(ec, a[0], a[1]); err != nil {
					return types.Null, err
				}
			}
			if secondIv {
				if e2, err = p(ec, a[2], a[3]); err != nil {
					return types.Null, err
				}
			}
			return overlaps(a[0], e1, a[2], e2), nil
		}}
	}
	m["sql_overlaps_1305"] = overlapsWith("timestamptz_pl_interval", true, true)
	m["sql_overlaps_1306"] = overlapsWith("timestamptz_pl_interval", false, true)
	m["sql_overlaps_1307"] = overlapsWith("timestamptz_pl_interval", true, false)
	m["sql_overlaps_1309"] = overlapsWith("time_pl_interval", true, true)
	m["sql_overlaps_1310"] = overlapsWith("time_pl_interval", false, true)
	m["sql_overlaps_1311"] = overlapsWith("time_pl_interval", true, false)
	m["sql_overlaps_2042"] = overlapsWith("timestamp_pl_interval", true, true)
	m["sql_overlaps_2043"] = overlapsWith("timestamp_pl_interval", false, true)
	m["sql_overlaps_2044"] = overlapsWith("timestamp_pl_interval", true, false)

	makeTS := m["make_timestamp"].impl
	m["make_timestamptz"] = implEntry{impl: func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		local, err := makeTS(ec, a)
		if err != nil {
			return types.Null, err
		}
		return types.Int(types.LocalToUTC(local.Int(), location(ec))), nil
	}}
	m["make_timestamptz_at_timezone"] = implEntry{impl: func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		local, err := makeTS(ec, a[:6])
		if err != nil {
			return types.Null, err
		}
		loc, err := saneTimezone(a[6].Text())
		if err != nil {
			return types.Null, err
		}
		return types.Int(types.LocalToUTC(local.Int(), loc)), nil
	}}

	bin := textN(func(a []types.Datum) (types.Datum, error) {
		stride, ts, origin := a[0].Interval(), a[1].Int(), a[2].Int()
		if isInfTS(ts) {
			return a[1], nil
		}
		if isInfTS(origin) {
			return types.Null, pgerr.New(pgerr.DatetimeValueOutOfRange, "origin out of range")
		}
		if stride.Months != 0 {
			return types.Null, pgerr.New(pgerr.FeatureNotSupported, "timestamps cannot be binned into intervals containing months or years")
		}
		strideUsecs := int64(stride.Days)*types.UsecsPerDay + stride.Micros
		if strideUsecs <= 0 {
			return types.Null, pgerr.New(pgerr.DatetimeValueOutOfRange, "stride must be greater than zero")
		}
		diff := ts - origin
		// PostgreSQL 15 truncates toward zero, so with an origin after
		// the timestamp the result is the end of its bin, not the start
		// (later versions changed this).
		return types.Int(origin + diff - diff%strideUsecs), nil
	})
	m["timestamp_bin"], m["timestamptz_bin"] = bin, bin

	m["parse_ident"] = textN(func(a []types.Datum) (types.Datum, error) {
		parts, err := parseIdent(a[0].Text(), a[1].Bool())
		if err != nil {
			return types.Null, err
		}
		elems := make([]types.Datum, len(parts))
		for i, p := range parts {
			elems[i] = types.Text(p)
		}
		return types.ArrayDatum(types.NewArray1(types.OidText, elems)), nil
	})
	m["pg_size_pretty_numeric"] = textN(func(a []types.Datum) (types.Datum, error) {
		return types.Text(sizePrettyNumeric(a[0].Numeric())), nil
	})
	m["pg_size_bytes"] = textN(func(a []types.Datum) (types.Datum, error) { return sizeBytes(a[0].Text()) })
}

// addMiscSRFs adds string_to_table, which splits as string_to_array does.
func addMiscSRFs(r *registry) {
	for srf, arr := range map[string]string{"text_to_table": "text_to_array", "text_to_table_null": "text_to_array_null"} {
		split := r.impls[arr].impl
		r.srfs[srf] = func(ec *expr.EvalContext, a []types.Datum) (next, error) {
			d, err := split(ec, a)
			if err != nil || d.IsNull() {
				return none, err
			}
			return unnest(ec, []types.Datum{d})
		}
	}
}

// overlaps is overlaps_timestamp, for any type ordered as an integer.
func overlaps(ts1, te1, ts2, te2 types.Datum) types.Datum {
	return overlapsBy(func(a, b types.Datum) int { return types.Compare(types.OidInt8, a, b) }, ts1, te1, ts2, te2)
}

// overlapsBy is OVERLAPS over values ordered by cmp (overlaps_timetz
// compares timetz values as timetz_cmp does).
func overlapsBy(cmp func(a, b types.Datum) int, ts1, te1, ts2, te2 types.Datum) types.Datum {
	// Order each period, a NULL end taken as the missing one.
	order := func(s, e types.Datum) (types.Datum, types.Datum, bool) {
		if s.IsNull() {
			if e.IsNull() {
				return s, e, false
			}
			return e, types.Null, true
		}
		if !e.IsNull() && cmp(s, e) > 0 {
			s, e = e, s
		}
		return s, e, true
	}
	var ok bool
	if ts1, te1, ok = order(ts1, te1); !ok {
		return types.Null
	}
	if ts2, te2, ok = order(ts2, te2); !ok {
		return types.Null
	}
	switch {
	case cmp(ts1, ts2) > 0:
		if te2.IsNull() {
			return types.Null
		}
		if cmp(ts1, te2) < 0 {
			return types.Bool(true)
		}
		if te1.IsNull() {
			return types.Null
		}
		return types.Bool(false)
	case cmp(ts1, ts2) < 0:
		if te1.IsNull() {
			return types.Null
		}
		if cmp(ts2, te1) < 0 {
			return types.Bool(true)
		}
		if te2.IsNull() {
			return types.Null
		}
		return types.Bool(false)
	}
	if te1.IsNull() || te2.IsNull() {
		return types.Null
	}
	return types.Bool(true)
}

// saneTimezone is parse_sane_timezone, make_timestamptz's zone argument:
// a numeric offset with a sign, an abbreviation, then a zone name.
func saneTimezone(name string) (*time.Location, error) {
	if name != "" && name[0] >= '0' && name[0] <= '9' {
		return nil, pgerr.Newf(pgerr.InvalidParameterValue, "invalid input syntax for type %s: \"%s\"", "numeric time zone", name).
			WithHint("Numeric time zones must have \"-\" or \"+\" as first character.")
	}
	if name != "" && (name[0] == '+' || name[0] == '-') {
		east, ok, overflow := types.ParseZoneOffset(name)
		if overflow {
			return nil, pgerr.Newf(pgerr.InvalidParameterValue, "numeric time zone \"%s\" out of range", name)
		}
		if ok {
			return time.FixedZone(name, east), nil
		}
	}
	return zoneLocation(name)
}

// parseIdent is parse_ident: the parts of a qualified name, quoted parts
// as written, the others lower-cased.
func parseIdent(s string, strict bool) ([]string, error) {
	invalid := func(detail string) error {
		e := pgerr.Newf(pgerr.InvalidParameterValue, "string is not a valid identifier: \"%s\"", s)
		if detail != "" {
			e = e.WithDetail("%s", detail)
		}
		return e
	}
	isSpace := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' }
	isStart := func(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80 }
	isCont := func(c byte) bool { return isStart(c) || c >= '0' && c <= '9' || c == '$' }
	var parts []string
	i, afterDot := 0, false
	for {
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		missing := true
		switch {
		case i < len(s) && s[i] == '"':
			var b strings.Builder
			j := i + 1
			for {
				k := strings.IndexByte(s[j:], '"')
				if k < 0 {
					return nil, invalid("String has unclosed double quotes.")
				}
				b.WriteString(s[j : j+k])
				j += k + 1
				if j < len(s) && s[j] == '"' {
					b.WriteByte('"')
					j++
					continue
				}
				break
			}
			if b.Len() == 0 {
				return nil, invalid("Quoted identifier must not be empty.")
			}
			parts, missing, i = append(parts, b.String()), false, j
		case i < len(s) && isStart(s[i]):
			j := i + 1
			for j < len(s) && isCont(s[j]) {
				j++
			}
			parts, missing, i = append(parts, types.LowerASCII(s[i:j])), false, j
		}
		if missing {
			switch {
			case i < len(s) && s[i] == '.':
				return nil, invalid("No valid identifier before \".\".")
			case afterDot:
				return nil, invalid("No valid identifier after \".\".")
			}
			return nil, invalid("")
		}
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		if i < len(s) && s[i] == '.' {
			afterDot = true
			i++
			for i < len(s) && isSpace(s[i]) {
				i++
			}
			continue
		}
		if i >= len(s) {
			return parts, nil
		}
		if strict {
			return nil, invalid("")
		}
		return parts, nil
	}
}

// sizePrettyNumeric is pg_size_pretty_numeric: sizePretty's units with
// numeric arithmetic, so that no size overflows.
func sizePrettyNumeric(x *apd.Decimal) string {
	c := apd.BaseContext.WithPrecision(1000)
	size := new(apd.Decimal).Set(x)
	for i, u := range sizePrettyUnits {
		var abs apd.Decimal
		abs.Abs(size)
		if i == len(sizePrettyUnits)-1 || abs.Cmp(apd.New(u.limit, 0)) < 0 {
			if u.round {
				// numeric_half_rounded: away from zero, then truncated.
				one := apd.New(1, 0)
				if size.Negative {
					c.Sub(size, size, one)
				} else {
					c.Add(size, size, one)
				}
				c.QuoInteger(size, size, apd.New(2, 0))
			}
			var whole apd.Decimal
			c.Quantize(&whole, size, 0)
			return types.NumericString(&whole) + " " + u.name
		}
		c.QuoInteger(size, size, apd.New(int64(1)<<shiftToNext(i), 0))
	}
	return ""
}

// sizeBytes is pg_size_bytes: a number with an optional fraction and
// exponent, then an optional unit (bytes, kB, MB, GB, TB, PB).
func sizeBytes(in string) (types.Datum, error) {
	s := strings.TrimSpace(in)
	invalid := func() error {
		return pgerr.Newf(pgerr.InvalidParameterValue, "invalid size: \"%s\"", in)
	}
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := i
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	haveDigits := i > digits
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			haveDigits = true
		}
	}
	if !haveDigits {
		return types.Null, invalid()
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		k := j
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		if k > j {
			i = k
		}
	}
	num, err := types.ParseNumeric(s[:i])
	if err != nil {
		return types.Null, invalid()
	}
	unit := strings.TrimSpace(s[i:])
	if unit != "" {
		mult := int64(0)
		switch strings.ToLower(unit) {
		case "bytes":
			mult = 1
		case "kb":
			mult = 1 << 10
		case "mb":
			mult = 1 << 20
		case "gb":
			mult = 1 << 30
		case "tb":
			mult = 1 << 40
		case "pb":
			mult = 1 << 50
		default:
			return types.Null, pgerr.Newf(pgerr.InvalidParameterValue, "invalid size: \"%s\"", in).
				WithDetail("Invalid size unit: \"%s\".", unit).
				WithHint("Valid units are \"bytes\", \"kB\", \"MB\", \"GB\", \"TB\", and \"PB\".")
		}
		if _, err := apd.BaseContext.WithPrecision(1000).Mul(num, num, apd.New(mult, 0)); err != nil {
			return types.Null, err
		}
	}
	// numeric_int8 rounds half away from zero and checks the range.
	var r apd.Decimal
	c := apd.BaseContext.WithPrecision(1000)
	c.Rounding = apd.RoundHalfUp
	c.Quantize(&r, num, 0)
	v, err := r.Int64()
	if err != nil || v > math.MaxInt64 || v < math.MinInt64 {
		return types.Null, pgerr.New(pgerr.NumericValueOutOfRange, "bigint out of range")
	}
	return types.Int(v), nil
}
