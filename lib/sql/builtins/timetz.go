// This file implements the functions and operators of time with time
// zone (PostgreSQL's date.c): conversions from and to time and
// timestamptz, arithmetic with intervals, AT TIME ZONE, extract and
// date_part. Comparisons use lib/types' CompareTimeTZ.

package builtins

import (
	"strings"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// wrapTimeOfDay brings a time back into [0, 24:00) as timetz_pl_interval
// does.
func wrapTimeOfDay(t int64) int64 {
	t -= t / types.UsecsPerDay * types.UsecsPerDay
	if t < 0 {
		t += types.UsecsPerDay
	}
	return t
}

// timetzAtZone is the shared end of timetz_zone and timetz_izone: the
// same instant shown with the zone east seconds east of UTC.
func timetzAtZone(v types.TimeTZ, east int) types.Datum {
	tz := int32(-east)
	t := (v.Time + (int64(v.Zone)-int64(tz))*types.UsecsPerSec) % types.UsecsPerDay
	if t < 0 {
		t += types.UsecsPerDay
	}
	return types.TimeTZDatum(types.TimeTZ{Time: t, Zone: tz})
}

func addTimeTZImpls(m map[string]implEntry) {
	tz := func(d types.Datum) types.TimeTZ { return types.TimeTZOf(d) }
	m["timetz_cmp"] = textN(func(a []types.Datum) (types.Datum, error) {
		return types.Int(int64(types.CompareTimeTZ(tz(a[0]), tz(a[1])))), nil
	})
	plus := func(v types.TimeTZ, iv types.Interval, sign int64) types.Datum {
		v.Time = wrapTimeOfDay(v.Time + sign*iv.Micros)
		return types.TimeTZDatum(v)
	}
	m["timetz_pl_interval"] = textN(func(a []types.Datum) (types.Datum, error) {
		return plus(tz(a[0]), a[1].Interval(), 1), nil
	})
	m["timetz_mi_interval"] = textN(func(a []types.Datum) (types.Datum, error) {
		return plus(tz(a[0]), a[1].Interval(), -1), nil
	})
	m["sql_interval_pl_timetz_2547"] = textN(func(a []types.Datum) (types.Datum, error) {
		return plus(tz(a[1]), a[0].Interval(), 1), nil
	})
	m["timetz_time"] = textN(func(a []types.Datum) (types.Datum, error) { return types.Int(tz(a[0]).Time), nil })
	m["time_timetz"] = implEntry{impl: func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		return types.TimeTZDatum(types.TimeToTimeTZ(a[0].Int(), ec.Session.TransactionStart(), location(ec))), nil
	}}
	m["timestamptz_timetz"] = implEntry{impl: func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		if isInfTS(a[0].Int()) {
			return types.Null, nil
		}
		return types.TimeTZDatum(types.TimestamptzToTimeTZ(a[0].Int(), location(ec))), nil
	}}
	dateTimeTZ := func(date int64, v types.TimeTZ) (types.Datum, error) {
		switch date {
		case types.DateNoBegin:
			return types.Int(types.TimestampNoBegin), nil
		case types.DateNoEnd:
			return types.Int(types.TimestampNoEnd), nil
		}
		outOfRange := pgerr.New(pgerr.DatetimeValueOutOfRange, "date out of range for timestamp")
		if date >= types.EndTimestamp/types.UsecsPerDay {
			return types.Null, outOfRange
		}
		ts := date*types.UsecsPerDay + v.Time + int64(v.Zone)*types.UsecsPerSec
		if ts < types.MinTimestamp || ts >= types.EndTimestamp {
			return types.Null, outOfRange
		}
		return types.Int(ts), nil
	}
	m["datetimetz_timestamptz"] = textN(func(a []types.Datum) (types.Datum, error) { return dateTimeTZ(a[0].Int(), tz(a[1])) })
	m["sql_timetzdate_pl_1298"] = textN(func(a []types.Datum) (types.Datum, error) { return dateTimeTZ(a[1].Int(), tz(a[0])) })
	// AT TIME ZONE: a zone name takes its offset at the transaction's
	// start; an interval gives the offset itself.
	m["timetz_zone"] = implEntry{impl: func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		loc, err := zoneLocation(a[0].Text())
		if err != nil {
			return types.Null, err
		}
		now := types.TimeToTimestamp(ec.Session.TransactionStart())
		return timetzAtZone(tz(a[1]), types.LocalFields(now, loc).Offset), nil
	}}
	m["timetz_izone"] = textN(func(a []types.Datum) (types.Datum, error) {
		iv := a[0].Interval()
		if iv.Months != 0 || iv.Days != 0 {
			return types.Null, pgerr.Newf(pgerr.InvalidParameterValue, "interval time zone \"%s\" must not include months or days",
				types.FormatText(types.OidInterval, a[0], nil))
		}
		return timetzAtZone(tz(a[1]), int(iv.Micros/types.UsecsPerSec)), nil
	})
	m["timetz_scale"] = implEntry{impl: func(_ *expr.EvalContext, args []types.Datum) (types.Datum, error) {
		return expr.ApplyTypmod(types.OidTimetz, int32(args[1].Int()), args[0], false)
	}}
	m["extract_timetz"] = textN(func(a []types.Datum) (types.Datum, error) { return extractTimeTZ(a[0].Text(), tz(a[1])) })
	m["timetz_part"] = textN(func(a []types.Datum) (types.Datum, error) {
		return asFloat8(extractTimeTZ(a[0].Text(), tz(a[1])))
	})
}

// extractTimeTZ is timetz_part_common: the time's fields, the zone's,
// and the epoch of the UTC time of day.
func extractTimeTZ(unitIn string, v types.TimeTZ) (types.Datum, error) {
	unit, known := unitNames[strings.ToLower(unitIn)]
	if !known {
		return types.Null, errUnit(unitIn, types.OidTimetz, false)
	}
	east := -int64(v.Zone)
	switch unit {
	case "timezone":
		return types.NumericFromInt(east), nil
	case "timezone_minute":
		return types.NumericFromInt(east / 60 % 60), nil
	case "timezone_hour":
		return types.NumericFromInt(east / 3600), nil
	case "epoch":
		return scaled(v.Time+int64(v.Zone)*types.UsecsPerSec, 6), nil
	case "microseconds", "milliseconds", "second", "minute", "hour":
		return extractTime(unitIn, v.Time)
	}
	return types.Null, errUnit(unitIn, types.OidTimetz, true)
}
