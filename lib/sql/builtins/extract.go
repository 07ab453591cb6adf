// This file implements extract(), date_part() and date_trunc(): the
// field names PostgreSQL accepts, the numeric scales of extract's results
// and the truncation rules for each type.

package builtins

import (
	"strings"

	"github.com/cockroachdb/apd/v3"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// unitNames maps the spellings of date/time units to canonical names, as
// PostgreSQL's deltatktbl and datetktbl do for EXTRACT.
var unitNames = map[string]string{
	"microsecond": "microseconds", "microseconds": "microseconds", "microsecon": "microseconds", "us": "microseconds", "usec": "microseconds", "usecs": "microseconds", "useconds": "microseconds",
	"millisecond": "milliseconds", "milliseconds": "milliseconds", "millisecon": "milliseconds", "ms": "milliseconds", "msec": "milliseconds", "msecs": "milliseconds", "mseconds": "milliseconds",
	"second": "second", "seconds": "second", "s": "second", "sec": "second", "secs": "second",
	"minute": "minute", "minutes": "minute", "m": "minute", "min": "minute", "mins": "minute",
	"hour": "hour", "hours": "hour", "h": "hour", "hr": "hour", "hrs": "hour",
	"day": "day", "days": "day", "d": "day",
	"week": "week", "weeks": "week", "w": "week",
	"month": "month", "months": "month", "mon": "month", "mons": "month",
	"quarter": "quarter", "qtr": "quarter",
	"year": "year", "years": "year", "y": "year", "yr": "year", "yrs": "year",
	"decade": "decade", "decades": "decade", "dec": "decade", "decs": "decade",
	"century": "century", "centuries": "century", "c": "century", "cent": "century",
	"millennium": "millennium", "millennia": "millennium", "mil": "millennium", "mils": "millennium",
	"epoch": "epoch", "dow": "dow", "doy": "doy", "isodow": "isodow", "isoyear": "isoyear",
	"julian": "julian", "j": "julian", "timezone": "timezone", "timezone_h": "timezone_hour",
	"timezone_hour": "timezone_hour", "timezone_m": "timezone_minute", "timezone_minute": "timezone_minute",
}

func errUnit(unit string, typ uint32, recognized bool) error {
	if recognized {
		return pgerr.Newf(pgerr.FeatureNotSupported, "unit \"%s\" not supported for type %s", unit, types.FormatType(typ, -1))
	}
	return pgerr.Newf(pgerr.InvalidParameterValue, "unit \"%s\" not recognized for type %s", unit, types.FormatType(typ, -1))
}

// scaled returns v / 10^scale as a numeric with that display scale.
func scaled(v int64, scale int32) types.Datum {
	return types.Numeric(&apd.Decimal{Coeff: *apd.NewBigInt(abs64(v)), Exponent: -scale, Negative: v < 0})
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

func isoWeek(y, m, d int) (year, week int) {
	// ISO 8601: weeks start on Monday; week 1 contains January 4th.
	j := types.DateToJulian(y, m, d)
	dow := (j + 1) % 7 // 0 = Sunday
	isoDow := dow
	if isoDow == 0 {
		isoDow = 7
	}
	thursday := j - isoDow + 4
	ty, _, _ := types.JulianToDate(thursday)
	jan1 := types.DateToJulian(ty, 1, 1)
	return ty, (thursday-jan1)/7 + 1
}

func yearOut(y int) int64 {
	if y > 0 {
		return int64(y)
	}
	return int64(y) - 1
}

// dateFieldValue computes the date-derived units of fields f.
func dateFieldValue(unit string, f types.Fields) (int64, bool) {
	y := f.Year
	switch unit {
	case "day":
		return int64(f.Day), true
	case "month":
		return int64(f.Month), true
	case "quarter":
		return int64((f.Month-1)/3 + 1), true
	case "week":
		_, w := isoWeek(f.Year, f.Month, f.Day)
		return int64(w), true
	case "year":
		return yearOut(y), true
	case "decade":
		if y >= 0 {
			return int64(y / 10), true
		}
		return -int64((8 - (y - 1)) / 10), true
	case "century":
		if y > 0 {
			return int64((y + 99) / 100), true
		}
		return -int64((99 - (y - 1)) / 100), true
	case "millennium":
		if y > 0 {
			return int64((y + 999) / 1000), true
		}
		return -int64((999 - (y - 1)) / 1000), true
	case "dow":
		return int64((types.DateToJulian(f.Year, f.Month, f.Day) + 1) % 7), true
	case "isodow":
		d := (types.DateToJulian(f.Year, f.Month, f.Day) + 1) % 7
		if d == 0 {
			d = 7
		}
		return int64(d), true
	case "doy":
		return int64(types.DateToJulian(f.Year, f.Month, f.Day) - types.DateToJulian(f.Year, 1, 1) + 1), true
	case "isoyear":
		iy, _ := isoWeek(f.Year, f.Month, f.Day)
		return yearOut(iy), true
	}
	return 0, false
}

// extractTimestamp is timestamp_part_common / timestamptz_part_common with
// numeric results.
func extractTimestamp(ec *expr.EvalContext, unitIn string, ts int64, typ uint32) (types.Datum, error) {
	unit, known := unitNames[strings.ToLower(unitIn)]
	if !known {
		return types.Null, errUnit(unitIn, typ, false)
	}
	withTZ := typ == types.OidTimestamptz
	if isInfTS(ts) {
		switch unit {
		case "epoch", "julian", "year", "decade", "century", "millennium", "isoyear":
			neg := ts == types.TimestampNoBegin
			return types.Numeric(&apd.Decimal{Form: apd.Infinite, Negative: neg}), nil
		}
		return types.Null, nil
	}
	f := tsFields(ec, ts, withTZ)
	if v, ok := dateFieldValue(unit, f); ok {
		return types.NumericFromInt(v), nil
	}
	micros := int64(f.Sec)*types.UsecsPerSec + int64(f.Usec)
	switch unit {
	case "microseconds":
		return types.NumericFromInt(micros), nil
	case "milliseconds":
		return scaled(micros, 3), nil
	case "second":
		return scaled(micros, 6), nil
	case "minute":
		return types.NumericFromInt(int64(f.Min)), nil
	case "hour":
		return types.NumericFromInt(int64(f.Hour)), nil
	case "epoch":
		return scaled(ts+946684800*types.UsecsPerSec, 6), nil
	case "julian":
		day := types.NumericFromInt(int64(types.DateToJulian(f.Year, f.Month, f.Day)))
		frac, err := types.NumericDiv(types.NumericFromInt(((int64(f.Hour)*60+int64(f.Min))*60)*types.UsecsPerSec+micros).Numeric(),
			types.NumericFromInt(86400*types.UsecsPerSec).Numeric())
		if err != nil {
			return types.Null, err
		}
		return types.NumericAdd(day.Numeric(), frac.Numeric())
	case "timezone", "timezone_hour", "timezone_minute":
		if !withTZ {
			return types.Null, errUnit(unitIn, typ, true)
		}
		switch unit {
		case "timezone":
			return types.NumericFromInt(int64(f.Offset)), nil
		case "timezone_hour":
			return types.NumericFromInt(int64(f.Offset / 3600)), nil
		}
		return types.NumericFromInt(int64(f.Offset / 60 % 60)), nil
	}
	return types.Null, errUnit(unitIn, typ, true)
}

func extractDate(unitIn string, days int64) (types.Datum, error) {
	unit, known := unitNames[strings.ToLower(unitIn)]
	if !known {
		return types.Null, errUnit(unitIn, types.OidDate, false)
	}
	if isInfDate(days) {
		switch unit {
		case "epoch", "julian", "year", "decade", "century", "millennium", "isoyear":
			return types.Numeric(&apd.Decimal{Form: apd.Infinite, Negative: days == types.DateNoBegin}), nil
		case "day", "month", "quarter", "week", "dow", "isodow", "doy":
			return types.Null, nil
		}
		return types.Null, errUnit(unitIn, types.OidDate, true)
	}
	var f types.Fields
	f.Year, f.Month, f.Day = types.DateFields(days)
	if v, ok := dateFieldValue(unit, f); ok {
		return types.NumericFromInt(v), nil
	}
	switch unit {
	case "epoch":
		return types.NumericFromInt((days + 10957) * 86400), nil
	case "julian":
		return types.NumericFromInt(days + types.PostgresEpochJDate), nil
	}
	return types.Null, errUnit(unitIn, types.OidDate, true)
}

func extractTime(unitIn string, t int64) (types.Datum, error) {
	unit, known := unitNames[strings.ToLower(unitIn)]
	if !known {
		return types.Null, errUnit(unitIn, types.OidTime, false)
	}
	f := types.TimestampFields(t)
	if t == types.UsecsPerDay {
		f = types.Fields{Hour: 24}
	}
	micros := int64(f.Sec)*types.UsecsPerSec + int64(f.Usec)
	switch unit {
	case "microseconds":
		return types.NumericFromInt(micros), nil
	case "milliseconds":
		return scaled(micros, 3), nil
	case "second":
		return scaled(micros, 6), nil
	case "minute":
		return types.NumericFromInt(int64(f.Min)), nil
	case "hour":
		return types.NumericFromInt(int64(f.Hour)), nil
	case "epoch":
		return scaled(t, 6), nil
	}
	return types.Null, errUnit(unitIn, types.OidTime, true)
}

func extractInterval(unitIn string, iv types.Interval) (types.Datum, error) {
	unit, known := unitNames[strings.ToLower(unitIn)]
	if !known {
		return types.Null, errUnit(unitIn, types.OidInterval, false)
	}
	year := int64(iv.Months / 12)
	mon := int64(iv.Months % 12)
	t := iv.Micros
	hour := t / types.UsecsPerHour
	t -= hour * types.UsecsPerHour
	min := t / types.UsecsPerMin
	t -= min * types.UsecsPerMin
	switch unit {
	case "microseconds":
		return types.NumericFromInt(t), nil
	case "milliseconds":
		return scaled(t, 3), nil
	case "second":
		return scaled(t, 6), nil
	case "minute":
		return types.NumericFromInt(min), nil
	case "hour":
		return types.NumericFromInt(hour), nil
	case "day":
		return types.NumericFromInt(int64(iv.Days)), nil
	case "month":
		return types.NumericFromInt(mon), nil
	case "quarter":
		return types.NumericFromInt(mon/3 + 1), nil
	case "year":
		return types.NumericFromInt(year), nil
	case "decade":
		return types.NumericFromInt(year / 10), nil
	case "century":
		return types.NumericFromInt(year / 100), nil
	case "millennium":
		return types.NumericFromInt(year / 1000), nil
	case "epoch":
		secs := int64(31557600)*(int64(iv.Months)/12) + int64(2592000)*(int64(iv.Months)%12) + 86400*int64(iv.Days)
		return types.NumericAdd(scaled(iv.Micros, 6).Numeric(), types.NumericFromInt(secs).Numeric())
	}
	return types.Null, errUnit(unitIn, types.OidInterval, true)
}

// asFloat8 converts an extract() result to date_part()'s float8.
func asFloat8(d types.Datum, err error) (types.Datum, error) {
	if err != nil || d.IsNull() {
		return d, err
	}
	f, err := types.NumericToFloat(d.Numeric(), 64)
	return types.Float8(f), err
}

// truncFields truncates fields to unit for date_trunc.
func truncFields(f types.Fields, unit string) (types.Fields, bool) {
	switch unit {
	case "millennium":
		if f.Year > 0 {
			f.Year = ((f.Year+999)/1000)*1000 - 999
		} else {
			f.Year = -((999-(f.Year-1))/1000)*1000 + 1
		}
		f.Month, f.Day = 1, 1
	case "century":
		if f.Year > 0 {
			f.Year = ((f.Year+99)/100)*100 - 99
		} else {
			f.Year = -((99-(f.Year-1))/100)*100 + 1
		}
		f.Month, f.Day = 1, 1
	case "decade":
		if f.Year > 0 {
			f.Year = (f.Year / 10) * 10
		} else {
			f.Year = -((8 - (f.Year - 1)) / 10) * 10
		}
		f.Month, f.Day = 1, 1
	case "year":
		f.Month, f.Day = 1, 1
	case "quarter":
		f.Month = 3*((f.Month-1)/3) + 1
		f.Day = 1
	case "month":
		f.Day = 1
	case "week":
		j := types.DateToJulian(f.Year, f.Month, f.Day)
		dow := (j + 1) % 7
		isoDow := dow
		if isoDow == 0 {
			isoDow = 7
		}
		f.Year, f.Month, f.Day = types.JulianToDate(j - isoDow + 1)
	case "day":
	case "hour", "minute", "second", "milliseconds", "microseconds":
	default:
		return f, false
	}
	switch unit {
	case "millennium", "century", "decade", "year", "quarter", "month", "week", "day":
		f.Hour = 0
		fallthrough
	case "hour":
		f.Min = 0
		fallthrough
	case "minute":
		f.Sec = 0
		fallthrough
	case "second":
		f.Usec = 0
	case "milliseconds":
		f.Usec = f.Usec / 1000 * 1000
	}
	return f, true
}

func dateTrunc(ec *expr.EvalContext, unitIn string, ts int64, typ uint32) (types.Datum, error) {
	unit, known := unitNames[strings.ToLower(unitIn)]
	if !known {
		return types.Null, errUnit(unitIn, typ, false)
	}
	if isInfTS(ts) {
		return types.Int(ts), nil
	}
	withTZ := typ == types.OidTimestamptz
	f, ok := truncFields(tsFields(ec, ts, withTZ), unit)
	if !ok {
		return types.Null, errUnit(unitIn, typ, true)
	}
	r, err := fieldsToTS(ec, f, withTZ)
	return types.Int(r), err
}

func addExtractImpls(m map[string]implEntry) {
	m["extract_timestamp"] = implEntry{impl: func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		return extractTimestamp(ec, a[0].Text(), a[1].Int(), types.OidTimestamp)
	}}
	m["extract_timestamptz"] = implEntry{impl: func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		return extractTimestamp(ec, a[0].Text(), a[1].Int(), types.OidTimestamptz)
	}}
	m["extract_date"] = textN(func(a []types.Datum) (types.Datum, error) { return extractDate(a[0].Text(), a[1].Int()) })
	m["extract_time"] = textN(func(a []types.Datum) (types.Datum, error) { return extractTime(a[0].Text(), a[1].Int()) })
	m["extract_interval"] = textN(func(a []types.Datum) (types.Datum, error) { return extractInterval(a[0].Text(), a[1].Interval()) })
	m["timestamp_part"] = implEntry{impl: func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		return asFloat8(extractTimestamp(ec, a[0].Text(), a[1].Int(), types.OidTimestamp))
	}}
	m["timestamptz_part"] = implEntry{impl: func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		return asFloat8(extractTimestamp(ec, a[0].Text(), a[1].Int(), types.OidTimestamptz))
	}}
	m["sql_date_part_1384"] = implEntry{impl: func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		ts, err := dateToTS(a[1].Int())
		if err != nil {
			return types.Null, err
		}
		return asFloat8(extractTimestamp(ec, a[0].Text(), ts, types.OidTimestamp))
	}}
	m["time_part"] = textN(func(a []types.Datum) (types.Datum, error) { return asFloat8(extractTime(a[0].Text(), a[1].Int())) })
	m["interval_part"] = textN(func(a []types.Datum) (types.Datum, error) {
		return asFloat8(extractInterval(a[0].Text(), a[1].Interval()))
	})
	m["timestamp_trunc"] = implEntry{impl: func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		return dateTrunc(ec, a[0].Text(), a[1].Int(), types.OidTimestamp)
	}}
	m["timestamptz_trunc"] = implEntry{impl: func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		return dateTrunc(ec, a[0].Text(), a[1].Int(), types.OidTimestamptz)
	}}
	m["timestamptz_trunc_zone"] = implEntry{impl: func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		loc, err := zoneLocation(a[2].Text())
		if err != nil {
			return types.Null, err
		}
		sub := *ec
		sub.Format = &types.FormatOptions{Location: loc}
		return dateTrunc(&sub, a[0].Text(), a[1].Int(), types.OidTimestamptz)
	}}
	m["interval_trunc"] = textN(func(a []types.Datum) (types.Datum, error) {
		unitIn := a[0].Text()
		unit, known := unitNames[strings.ToLower(unitIn)]
		if !known {
			return types.Null, errUnit(unitIn, types.OidInterval, false)
		}
		iv := a[1].Interval()
		year, mon := iv.Months/12, iv.Months%12
		t := iv.Micros
		hour := t / types.UsecsPerHour
		t -= hour * types.UsecsPerHour
		min := t / types.UsecsPerMin
		t -= min * types.UsecsPerMin
		day := iv.Days
		switch unit {
		case "millennium":
			year = year / 1000 * 1000
			mon, day, hour, min, t = 0, 0, 0, 0, 0
		case "century":
			year = year / 100 * 100
			mon, day, hour, min, t = 0, 0, 0, 0, 0
		case "decade":
			year = year / 10 * 10
			mon, day, hour, min, t = 0, 0, 0, 0, 0
		case "year":
			mon, day, hour, min, t = 0, 0, 0, 0, 0
		case "quarter":
			mon = 3 * (mon / 3)
			day, hour, min, t = 0, 0, 0, 0
		case "month":
			day, hour, min, t = 0, 0, 0, 0
		case "day":
			hour, min, t = 0, 0, 0
		case "hour":
			min, t = 0, 0
		case "minute":
			t = 0
		case "second":
			t = t / types.UsecsPerSec * types.UsecsPerSec
		case "milliseconds":
			t = t / 1000 * 1000
		case "microseconds":
		case "week":
			return types.Null, pgerr.Newf(pgerr.FeatureNotSupported, "unit \"%s\" not supported for type interval", unitIn).
				WithDetail("Months usually have fractional weeks.")
		default:
			return types.Null, errUnit(unitIn, types.OidInterval, true)
		}
		return types.IntervalDatum(types.Interval{Months: year*12 + mon, Days: day, Micros: hour*types.UsecsPerHour + min*types.UsecsPerMin + t}), nil
	})
}
