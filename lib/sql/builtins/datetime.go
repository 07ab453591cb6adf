// This file implements date, time, timestamp and interval functions and
// operators: arithmetic with PostgreSQL's month and day rules, extract and
// date_part, date_trunc, age, AT TIME ZONE and the constructors.

package builtins

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/gpostgres/gpostgres/lib/config"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

func location(ec *expr.EvalContext) *time.Location {
	if ec == nil || ec.Format == nil || ec.Format.Location == nil {
		return time.UTC
	}
	return ec.Format.Location
}

func errTimestampRange() error {
	return pgerr.New(pgerr.DatetimeValueOutOfRange, "timestamp out of range")
}

func errDateRange() error { return pgerr.New(pgerr.DatetimeValueOutOfRange, "date out of range") }

func errIntervalRange() error {
	return pgerr.New(pgerr.DatetimeValueOutOfRange, "interval out of range")
}

func isInfTS(v int64) bool { return v == types.TimestampNoBegin || v == types.TimestampNoEnd }

func isInfDate(v int64) bool { return v == types.DateNoBegin || v == types.DateNoEnd }

// tsFields returns fields of a timestamp, in local time for timestamptz.
func tsFields(ec *expr.EvalContext, v int64, withTZ bool) types.Fields {
	if withTZ {
		return types.LocalFields(v, location(ec))
	}
	return types.TimestampFields(v)
}

// fieldsToTS joins fields back, converting local time to UTC for
// timestamptz.
func fieldsToTS(ec *expr.EvalContext, f types.Fields, withTZ bool) (int64, error) {
	ts, ok := types.FieldsToTimestamp(f)
	if !ok {
		return 0, errTimestampRange()
	}
	if withTZ {
		ts = types.LocalToUTC(ts, location(ec))
	}
	return ts, nil
}

func daysIn(y, m int) int {
	switch m {
	case 4, 6, 9, 11:
		return 30
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	}
	return 31
}

// addInterval is timestamp_pl_interval and timestamptz_pl_interval.
func addInterval(ec *expr.EvalContext, ts int64, iv types.Interval, withTZ bool) (int64, error) {
	if isInfTS(ts) {
		return ts, nil
	}
	if iv.Months != 0 {
		f := tsFields(ec, ts, withTZ)
		mon := f.Month + int(iv.Months)
		if mon > 12 {
			f.Year += (mon - 1) / 12
			f.Month = (mon-1)%12 + 1
		} else if mon < 1 {
			f.Year += mon/12 - 1
			f.Month = mon%12 + 12
		} else {
			f.Month = mon
		}
		if d := daysIn(f.Year, f.Month); f.Day > d {
			f.Day = d
		}
		var err error
		if ts, err = fieldsToTS(ec, f, withTZ); err != nil {
			return 0, err
		}
	}
	if iv.Days != 0 {
		f := tsFields(ec, ts, withTZ)
		j := types.DateToJulian(f.Year, f.Month, f.Day) + int(iv.Days)
		f.Year, f.Month, f.Day = types.JulianToDate(j)
		var err error
		if ts, err = fieldsToTS(ec, f, withTZ); err != nil {
			return 0, err
		}
	}
	s, o := addOverflows(ts, iv.Micros)
	if o || s < types.MinTimestamp || s >= types.EndTimestamp {
		return 0, errTimestampRange()
	}
	return s, nil
}

func negInterval(iv types.Interval) (types.Interval, error) {
	if iv.Months == math.MinInt32 || iv.Days == math.MinInt32 || iv.Micros == math.MinInt64 {
		return iv, errIntervalRange()
	}
	return types.Interval{Months: -iv.Months, Days: -iv.Days, Micros: -iv.Micros}, nil
}

// justifyHours is interval_justify_hours.
func justifyHours(iv types.Interval) (types.Interval, error) {
	days := iv.Micros / types.UsecsPerDay
	iv.Micros -= days * types.UsecsPerDay
	d := int64(iv.Days) + days
	if d > math.MaxInt32 || d < math.MinInt32 {
		return iv, errIntervalRange()
	}
	iv.Days = int32(d)
	if iv.Days > 0 && iv.Micros < 0 {
		iv.Micros += types.UsecsPerDay
		iv.Days--
	} else if iv.Days < 0 && iv.Micros > 0 {
		iv.Micros -= types.UsecsPerDay
		iv.Days++
	}
	return iv, nil
}

// justifyDays is interval_justify_days.
func justifyDays(iv types.Interval) (types.Interval, error) {
	months := iv.Days / 30
	iv.Days -= months * 30
	m := int64(iv.Months) + int64(months)
	if m > math.MaxInt32 || m < math.MinInt32 {
		return iv, errIntervalRange()
	}
	iv.Months = int32(m)
	if iv.Months > 0 && iv.Days < 0 {
		iv.Days += 30
		iv.Months--
	} else if iv.Months < 0 && iv.Days > 0 {
		iv.Days -= 30
		iv.Months++
	}
	return iv, nil
}

// float8FitsInt32 is FLOAT8_FITS_IN_INT32: f truncates to an int32.
func float8FitsInt32(f float64) bool { return f >= math.MinInt32 && f < -math.MinInt32 }

func tsRound(f float64) float64 { return math.RoundToEven(f*1e6) / 1e6 }

// mulInterval is interval_mul with its cascading of fractional months
// and days.
func mulInterval(iv types.Interval, factor float64) (types.Interval, error) {
	if math.IsNaN(factor) {
		return iv, errIntervalRange()
	}
	var r types.Interval
	m := float64(iv.Months) * factor
	if math.IsNaN(m) || !float8FitsInt32(m) {
		return r, errIntervalRange()
	}
	r.Months = int32(m)
	d := float64(iv.Days) * factor
	if math.IsNaN(d) || !float8FitsInt32(d) {
		return r, errIntervalRange()
	}
	r.Days = int32(d)
	monthRem := tsRound((float64(iv.Months)*factor - float64(r.Months)) * 30)
	secRem := tsRound((float64(iv.Days)*factor - float64(r.Days) + monthRem - math.Trunc(monthRem)) * 86400)
	if math.Abs(secRem) >= 86400 {
		r.Days += int32(secRem / 86400)
		secRem -= math.Trunc(secRem/86400) * 86400
	}
	r.Days += int32(monthRem)
	t := math.RoundToEven(float64(iv.Micros)*factor + secRem*1e6)
	if math.IsNaN(t) || t >= 9.223372036854775807e18 || t < -9.223372036854775808e18 {
		return r, errIntervalRange()
	}
	r.Micros = int64(t)
	return r, nil
}

func divInterval(iv types.Interval, factor float64) (types.Interval, error) {
	if factor == 0 {
		return iv, types.ErrDivisionByZero()
	}
	var r types.Interval
	if math.IsNaN(factor) {
		return r, errIntervalRange()
	}
	m := float64(iv.Months) / factor
	if !float8FitsInt32(m) {
		return r, errIntervalRange()
	}
	r.Months = int32(m)
	d := float64(iv.Days) / factor
	if !float8FitsInt32(d) {
		return r, errIntervalRange()
	}
	r.Days = int32(d)
	monthRem := tsRound((float64(iv.Months)/factor - float64(r.Months)) * 30)
	secRem := tsRound((float64(iv.Days)/factor - float64(r.Days) + monthRem - math.Trunc(monthRem)) * 86400)
	if math.Abs(secRem) >= 86400 {
		r.Days += int32(secRem / 86400)
		secRem -= math.Trunc(secRem/86400) * 86400
	}
	r.Days += int32(monthRem)
	t := math.RoundToEven(float64(iv.Micros)/factor + secRem*1e6)
	if math.IsNaN(t) || t >= 9.223372036854775807e18 || t < -9.223372036854775808e18 {
		return r, errIntervalRange()
	}
	r.Micros = int64(t)
	return r, nil
}

func ivAdd(a, b types.Interval) (types.Interval, error) {
	m := int64(a.Months) + int64(b.Months)
	d := int64(a.Days) + int64(b.Days)
	t, o := addOverflows(a.Micros, b.Micros)
	if o || m > math.MaxInt32 || m < math.MinInt32 || d > math.MaxInt32 || d < math.MinInt32 {
		return a, errIntervalRange()
	}
	return types.Interval{Months: int32(m), Days: int32(d), Micros: t}, nil
}

func ivResult(iv types.Interval, err error) (types.Datum, error) {
	if err != nil {
		return types.Null, err
	}
	return types.IntervalDatum(iv), nil
}

func dateToTS(days int64) (int64, error) {
	if isInfDate(days) {
		return dateToTimestamp(days), nil
	}
	ts := days * types.UsecsPerDay
	if ts < types.MinTimestamp || ts >= types.EndTimestamp {
		return 0, pgerr.New(pgerr.DatetimeValueOutOfRange, "date out of range for timestamp")
	}
	return ts, nil
}

func tsToDate(ts int64) int64 {
	switch ts {
	case types.TimestampNoBegin:
		return types.DateNoBegin
	case types.TimestampNoEnd:
		return types.DateNoEnd
	}
	return floorDiv(ts, types.UsecsPerDay)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func timeOfDay(ts int64) int64 { return ts - floorDiv(ts, types.UsecsPerDay)*types.UsecsPerDay }

// localTS converts a timestamptz to the session's local wall-clock time.
func localTS(ec *expr.EvalContext, ts int64) int64 {
	if isInfTS(ts) {
		return ts
	}
	f := types.LocalFields(ts, location(ec))
	return ts + int64(f.Offset)*types.UsecsPerSec
}

// ageFields is timestamp_age on two sets of fields.
func ageFields(f1, f2 types.Fields, before bool) types.Interval {
	usec := f1.Usec - f2.Usec
	sec := f1.Sec - f2.Sec
	min := f1.Min - f2.Min
	hour := f1.Hour - f2.Hour
	mday := f1.Day - f2.Day
	mon := f1.Month - f2.Month
	year := f1.Year - f2.Year
	if before {
		usec, sec, min, hour, mday, mon, year = -usec, -sec, -min, -hour, -mday, -mon, -year
	}
	for usec < 0 {
		usec += 1000000
		sec--
	}
	for sec < 0 {
		sec += 60
		min--
	}
	for min < 0 {
		min += 60
		hour--
	}
	for hour < 0 {
		hour += 24
		mday--
	}
	for mday < 0 {
		if before {
			mday += daysIn(f1.Year, f1.Month)
		} else {
			mday += daysIn(f2.Year, f2.Month)
		}
		mon--
	}
	for mon < 0 {
		mon += 12
		year--
	}
	if before {
		usec, sec, min, hour, mday, mon, year = -usec, -sec, -min, -hour, -mday, -mon, -year
	}
	return types.Interval{
		Months: int32(year*12 + mon),
		Days:   int32(mday),
		Micros: ((int64(hour)*60+int64(min))*60+int64(sec))*types.UsecsPerSec + int64(usec),
	}
}

// zoneOffset resolves the zone argument of AT TIME ZONE and timezone():
// a zone name, an abbreviation, or a POSIX-style numeric offset (whose
// sign means hours west of Greenwich).
func zoneLocation(name string) (*time.Location, error) {
	// As PostgreSQL's timestamptz_zone: the abbreviations first (the zone
	// database has a few names that are also abbreviations of a fixed
	// offset, such as CET), then the zone names and POSIX specifications
	// (pg_tzset); a bare number is neither.
	if off, ok := types.ZoneAbbrevOffset(strings.ToLower(name)); ok {
		return time.FixedZone(name, off), nil
	}
	loc, ok, err := config.ZoneByName(name)
	if ok {
		return loc, nil
	}
	if err != nil {
		return nil, pgerr.Newf(pgerr.FeatureNotSupported, "time zone \"%s\" with daylight-saving rules that are not a zone file is not supported", name)
	}
	return nil, pgerr.Newf(pgerr.InvalidParameterValue, "time zone \"%s\" not recognized", name)
}

func addDatetimeImpls(m map[string]implEntry) {
	tz := func(t time.Time) (types.Datum, error) { return types.Int(types.TimeToTimestamp(t)), nil }
	m["now"] = implEntry{impl: func(ec *expr.EvalContext, _ []types.Datum) (types.Datum, error) {
		return tz(ec.Session.TransactionStart())
	}}
	m["statement_timestamp"] = implEntry{impl: func(ec *expr.EvalContext, _ []types.Datum) (types.Datum, error) {
		return tz(ec.Session.StatementStart())
	}}
	serverTime := func(f func(expr.ServerTimes) time.Time) implEntry {
		return sess(func(ec *expr.EvalContext, _ []types.Datum) (types.Datum, error) {
			st, ok := ec.Session.(expr.ServerTimes)
			if !ok {
				return types.Null, pgerr.New(pgerr.FeatureNotSupported, "server times are not available in this session")
			}
			return tz(f(st))
		})
	}
	m["pg_postmaster_start_time"] = serverTime(expr.ServerTimes.PostmasterStartTime)
	m["pg_conf_load_time"] = serverTime(expr.ServerTimes.ConfLoadTime)
	m["clock_timestamp"] = implEntry{impl: func(*expr.EvalContext, []types.Datum) (types.Datum, error) { return tz(time.Now()) }}
	m["timeofday"] = implEntry{impl: func(ec *expr.EvalContext, _ []types.Datum) (types.Datum, error) {
		t := time.Now().In(location(ec))
		s := t.Format("Mon Jan 02 15:04:05.000000 2006 MST")
		return types.Text(s), nil
	}}
	// date arithmetic
	m["date_pli"] = textN(func(a []types.Datum) (types.Datum, error) {
		d := a[0].Int()
		if isInfDate(d) {
			return a[0], nil
		}
		r := d + a[1].Int()
		if r < -2451545 || r >= 2147483494-2451545 {
			return types.Null, errDateRange()
		}
		return types.Int(r), nil
	})
	m["date_mii"] = textN(func(a []types.Datum) (types.Datum, error) {
		d := a[0].Int()
		if isInfDate(d) {
			return a[0], nil
		}
		r := d - a[1].Int()
		if r < -2451545 || r >= 2147483494-2451545 {
			return types.Null, errDateRange()
		}
		return types.Int(r), nil
	})
	m["sql_integer_pl_date_2550"] = textN(func(a []types.Datum) (types.Datum, error) {
		d := a[1].Int()
		if isInfDate(d) {
			return a[1], nil
		}
		return types.Int(d + a[0].Int()), nil
	})
	m["date_mi"] = textN(func(a []types.Datum) (types.Datum, error) {
		if isInfDate(a[0].Int()) || isInfDate(a[1].Int()) {
			return types.Null, pgerr.New(pgerr.DatetimeValueOutOfRange, "cannot subtract infinite dates")
		}
		return types.Int(a[0].Int() - a[1].Int()), nil
	})
	plIv := func(withTZ bool, dateArg bool, neg bool, swap bool) implEntry {
		return implEntry{impl: func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
			x, ivd := a[0], a[1]
			if swap {
				x, ivd = a[1], a[0]
			}
			ts := x.Int()
			if dateArg {
				var err error
				if ts, err = dateToTS(ts); err != nil {
					return types.Null, err
				}
			}
			iv := ivd.Interval()
			if neg {
				var err error
				if iv, err = negInterval(iv); err != nil {
					return types.Null, err
				}
			}
			r, err := addInterval(ec, ts, iv, withTZ)
			return types.Int(r), err
		}}
	}
	m["date_pl_interval"] = plIv(false, true, false, false)
	m["date_mi_interval"] = plIv(false, true, true, false)
	m["timestamp_pl_interval"] = plIv(false, false, false, false)
	m["timestamp_mi_interval"] = plIv(false, false, true, false)
	m["timestamptz_pl_interval"] = plIv(true, false, false, false)
	m["timestamptz_mi_interval"] = plIv(true, false, true, false)
	m["sql_interval_pl_date_2546"] = plIv(false, true, false, true)
	m["sql_interval_pl_timestamp_2548"] = plIv(false, false, false, true)
	m["sql_interval_pl_timestamptz_2549"] = plIv(true, false, false, true)
	m["datetime_timestamp"] = textN(func(a []types.Datum) (types.Datum, error) {
		ts, err := dateToTS(a[0].Int())
		if err != nil || isInfTS(ts) {
			return types.Int(ts), err
		}
		return types.Int(ts + a[1].Int()), nil
	})
	m["sql_timedate_pl_1296"] = textN(func(a []types.Datum) (types.Datum, error) {
		ts, err := dateToTS(a[1].Int())
		if err != nil || isInfTS(ts) {
			return types.Int(ts), err
		}
		return types.Int(ts + a[0].Int()), nil
	})
	m["sql_timestamptz_1176"] = implEntry{impl: func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		ts, err := dateToTS(a[0].Int())
		if err != nil || isInfTS(ts) {
			return types.Int(ts), err
		}
		return types.Int(types.LocalToUTC(ts+a[1].Int(), location(ec))), nil
	}}
	tsMi := textN(func(a []types.Datum) (types.Datum, error) {
		x, y := a[0].Int(), a[1].Int()
		if isInfTS(x) || isInfTS(y) {
			return types.Null, pgerr.New(pgerr.DatetimeValueOutOfRange, "cannot subtract infinite timestamps")
		}
		d, o := addOverflows(x, -y)
		if o {
			return types.Null, errIntervalRange()
		}
		return ivResult(justifyHours(types.Interval{Micros: d}))
	})
	m["timestamp_mi"] = tsMi
	m["time_pl_interval"] = textN(func(a []types.Datum) (types.Datum, error) {
		t := (a[0].Int() + a[1].Interval().Micros%types.UsecsPerDay) % types.UsecsPerDay
		if t < 0 {
			t += types.UsecsPerDay
		}
		return types.Int(t), nil
	})
	m["sql_interval_pl_time_1848"] = textN(func(a []types.Datum) (types.Datum, error) {
		t := (a[1].Int() + a[0].Interval().Micros%types.UsecsPerDay) % types.UsecsPerDay
		if t < 0 {
			t += types.UsecsPerDay
		}
		return types.Int(t), nil
	})
	m["time_mi_interval"] = textN(func(a []types.Datum) (types.Datum, error) {
		t := (a[0].Int() - a[1].Interval().Micros%types.UsecsPerDay) % types.UsecsPerDay
		if t < 0 {
			t += types.UsecsPerDay
		}
		return types.Int(t), nil
	})
	m["time_mi_time"] = textN(func(a []types.Datum) (types.Datum, error) {
		return types.IntervalDatum(types.Interval{Micros: a[0].Int() - a[1].Int()}), nil
	})
	m["interval_pl"] = textN(func(a []types.Datum) (types.Datum, error) { return ivResult(ivAdd(a[0].Interval(), a[1].Interval())) })
	m["interval_mi"] = textN(func(a []types.Datum) (types.Datum, error) {
		n, err := negInterval(a[1].Interval())
		if err != nil {
			return types.Null, err
		}
		return ivResult(ivAdd(a[0].Interval(), n))
	})
	m["interval_um"] = textN(func(a []types.Datum) (types.Datum, error) { return ivResult(negInterval(a[0].Interval())) })
	m["interval_mul"] = textN(func(a []types.Datum) (types.Datum, error) {
		return ivResult(mulInterval(a[0].Interval(), a[1].Float8()))
	})
	m["mul_d_interval"] = textN(func(a []types.Datum) (types.Datum, error) {
		return ivResult(mulInterval(a[1].Interval(), a[0].Float8()))
	})
	m["interval_div"] = textN(func(a []types.Datum) (types.Datum, error) {
		return ivResult(divInterval(a[0].Interval(), a[1].Float8()))
	})
	m["interval_justify_hours"] = textN(func(a []types.Datum) (types.Datum, error) {
		return ivResult(justifyHours(a[0].Interval()))
	})
	m["interval_justify_days"] = textN(func(a []types.Datum) (types.Datum, error) {
		return ivResult(justifyDays(a[0].Interval()))
	})
	m["interval_justify_interval"] = textN(func(a []types.Datum) (types.Datum, error) {
		iv := a[0].Interval()
		addMonths := func(n int32) error {
			m := int64(iv.Months) + int64(n)
			if m > math.MaxInt32 || m < math.MinInt32 {
				return errIntervalRange()
			}
			iv.Months = int32(m)
			return nil
		}
		// Days of the same sign as the time are justified into months
		// first, so that adding the time's whole days cannot overflow.
		if (iv.Days > 0 && iv.Micros > 0) || (iv.Days < 0 && iv.Micros < 0) {
			months := iv.Days / 30
			iv.Days -= months * 30
			if err := addMonths(months); err != nil {
				return types.Null, err
			}
		}
		days := iv.Micros / types.UsecsPerDay
		iv.Micros -= days * types.UsecsPerDay
		iv.Days += int32(days)
		months := iv.Days / 30
		iv.Days -= months * 30
		if err := addMonths(months); err != nil {
			return types.Null, err
		}
		if iv.Months > 0 && (iv.Days < 0 || (iv.Days == 0 && iv.Micros < 0)) {
			iv.Days += 30
			iv.Months--
		} else if iv.Months < 0 && (iv.Days > 0 || (iv.Days == 0 && iv.Micros > 0)) {
			iv.Days -= 30
			iv.Months++
		}
		if iv.Days > 0 && iv.Micros < 0 {
			iv.Micros += types.UsecsPerDay
			iv.Days--
		} else if iv.Days < 0 && iv.Micros > 0 {
			iv.Micros -= types.UsecsPerDay
			iv.Days++
		}
		return types.IntervalDatum(iv), nil
	})
	// conversions
	m["date_timestamp"] = textN(func(a []types.Datum) (types.Datum, error) {
		ts, err := dateToTS(a[0].Int())
		return types.Int(ts), err
	})
	m["date_timestamptz"] = implEntry{impl: func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		ts, err := dateToTS(a[0].Int())
		if err != nil || isInfTS(ts) {
			return types.Int(ts), err
		}
		return types.Int(types.LocalToUTC(ts, location(ec))), nil
	}}
	m["timestamp_date"] = textN(func(a []types.Datum) (types.Datum, error) { return types.Int(tsToDate(a[0].Int())), nil })
	m["timestamptz_date"] = implEntry{impl: func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		return types.Int(tsToDate(localTS(ec, a[0].Int()))), nil
	}}
	m["timestamp_timestamptz"] = implEntry{impl: func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		ts := a[0].Int()
		if isInfTS(ts) {
			return a[0], nil
		}
		return types.Int(types.LocalToUTC(ts, location(ec))), nil
	}}
	m["timestamptz_timestamp"] = implEntry{impl: func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		return types.Int(localTS(ec, a[0].Int())), nil
	}}
	m["timestamp_time"] = textN(func(a []types.Datum) (types.Datum, error) {
		if isInfTS(a[0].Int()) {
			return types.Null, nil
		}
		return types.Int(timeOfDay(a[0].Int())), nil
	})
	m["timestamptz_time"] = implEntry{impl: func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		if isInfTS(a[0].Int()) {
			return types.Null, nil
		}
		return types.Int(timeOfDay(localTS(ec, a[0].Int()))), nil
	}}
	m["interval_time"] = textN(func(a []types.Datum) (types.Datum, error) {
		t := a[0].Interval().Micros % types.UsecsPerDay
		if t < 0 {
			t += types.UsecsPerDay
		}
		return types.Int(t), nil
	})
	m["time_interval"] = textN(func(a []types.Datum) (types.Datum, error) {
		return types.IntervalDatum(types.Interval{Micros: a[0].Int()}), nil
	})
	// finite tests
	m["date_finite"] = textN(func(a []types.Datum) (types.Datum, error) { return types.Bool(!isInfDate(a[0].Int())), nil })
	m["timestamp_finite"] = textN(func(a []types.Datum) (types.Datum, error) { return types.Bool(!isInfTS(a[0].Int())), nil })
	m["interval_finite"] = textN(func(a []types.Datum) (types.Datum, error) { return types.Bool(true), nil })
	// constructors
	m["make_date"] = textN(func(a []types.Datum) (types.Datum, error) {
		y, mo, d := a[0].Int(), a[1].Int(), a[2].Int()
		yy := y
		if yy < 0 {
			yy++
		}
		if y == 0 || mo < 1 || mo > 12 || d < 1 || d > int64(daysIn(int(yy), int(mo))) {
			return types.Null, pgerr.Newf(pgerr.DatetimeFieldOverflow, "date field value out of range: %d-%02d-%02d", y, mo, d)
		}
		return types.Int(int64(types.DateToJulian(int(yy), int(mo), int(d)) - types.PostgresEpochJDate)), nil
	})
	m["make_time"] = textN(func(a []types.Datum) (types.Datum, error) {
		h, mi, s := a[0].Int(), a[1].Int(), a[2].Float8()
		if h < 0 || h > 24 || mi < 0 || mi > 59 || s < 0 || s > 60 || (h == 24 && (mi > 0 || s > 0)) {
			return types.Null, pgerr.Newf(pgerr.DatetimeFieldOverflow, "time field value out of range: %d:%02d:%s", h, mi, cFormatG02(s))
		}
		return types.Int(h*types.UsecsPerHour + mi*types.UsecsPerMin + int64(math.RoundToEven(s*1e6))), nil
	})
	m["make_timestamp"] = textN(func(a []types.Datum) (types.Datum, error) {
		y, mo, d, h, mi, s := a[0].Int(), a[1].Int(), a[2].Int(), a[3].Int(), a[4].Int(), a[5].Float8()
		yy := y
		if yy < 0 {
			yy++
		}
		if y == 0 || mo < 1 || mo > 12 || d < 1 || d > int64(daysIn(int(yy), int(mo))) {
			return types.Null, pgerr.Newf(pgerr.DatetimeFieldOverflow, "date field value out of range: %d-%02d-%02d", y, mo, d)
		}
		if h < 0 || h > 24 || mi < 0 || mi > 59 || s < 0 || s > 60 {
			return types.Null, pgerr.Newf(pgerr.DatetimeFieldOverflow, "time field value out of range: %d:%02d:%s", h, mi, cFormatG02(s))
		}
		days := int64(types.DateToJulian(int(yy), int(mo), int(d)) - types.PostgresEpochJDate)
		return types.Int(days*types.UsecsPerDay + h*types.UsecsPerHour + mi*types.UsecsPerMin + int64(math.RoundToEven(s*1e6))), nil
	})
	m["make_interval"] = textN(func(a []types.Datum) (types.Datum, error) {
		years, months, weeks, days, hours, mins := a[0].Int(), a[1].Int(), a[2].Int(), a[3].Int(), a[4].Int(), a[5].Int()
		secs := a[6].Float8()
		mo := years*12 + months
		dd := weeks*7 + days
		if mo > math.MaxInt32 || mo < math.MinInt32 || dd > math.MaxInt32 || dd < math.MinInt32 || math.IsInf(secs, 0) || math.IsNaN(secs) {
			return types.Null, errIntervalRange()
		}
		us := float64(hours)*3600e6 + float64(mins)*60e6 + math.RoundToEven(secs*1e6)
		return types.IntervalDatum(types.Interval{Months: int32(mo), Days: int32(dd), Micros: int64(us)}), nil
	})
	m["float8_timestamptz"] = textN(func(a []types.Datum) (types.Datum, error) {
		s := a[0].Float8()
		switch {
		case math.IsNaN(s):
			return types.Null, pgerr.New(pgerr.DatetimeValueOutOfRange, "timestamp cannot be NaN")
		case math.IsInf(s, 1):
			return types.Int(types.TimestampNoEnd), nil
		case math.IsInf(s, -1):
			return types.Int(types.TimestampNoBegin), nil
		}
		// As float8_timestamptz: the range check on the seconds, then
		// the shift to PostgreSQL's epoch before scaling and rounding
		// (the order decides the last microseconds of large values).
		outOfRange := pgerr.Newf(pgerr.DatetimeValueOutOfRange, "timestamp out of range: \"%s\"", strconv.FormatFloat(s, 'g', 6, 64))
		if s < 86400*float64(0-types.UnixEpochJDate) || s >= 86400*float64(109203528-types.UnixEpochJDate) {
			return types.Null, outOfRange
		}
		us := math.RoundToEven((s - 946684800) * 1e6)
		if us < float64(types.MinTimestamp) || us >= float64(types.EndTimestamp) {
			return types.Null, outOfRange
		}
		return types.Int(int64(us)), nil
	})
	// age
	age := func(withTZ bool) implEntry {
		return implEntry{impl: func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
			x, y := a[0].Int(), a[1].Int()
			if isInfTS(x) || isInfTS(y) {
				return types.Null, pgerr.New(pgerr.DatetimeValueOutOfRange, "cannot subtract infinite timestamps")
			}
			return types.IntervalDatum(ageFields(tsFields(ec, x, withTZ), tsFields(ec, y, withTZ), x < y)), nil
		}}
	}
	m["timestamp_age"] = age(false)
	m["timestamptz_age"] = age(true)
	ageNow := func(withTZ bool) implEntry {
		return implEntry{impl: func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
			now := types.TimeToTimestamp(ec.Session.TransactionStart())
			midnight := floorDiv(localTS(ec, now), types.UsecsPerDay) * types.UsecsPerDay
			if withTZ {
				midnight = types.LocalToUTC(midnight, location(ec))
			}
			y := a[0].Int()
			if isInfTS(y) {
				return types.Null, pgerr.New(pgerr.DatetimeValueOutOfRange, "cannot subtract infinite timestamps")
			}
			return types.IntervalDatum(ageFields(tsFields(ec, midnight, withTZ), tsFields(ec, y, withTZ), midnight < y)), nil
		}}
	}
	m["sql_age_1386"] = ageNow(true)
	m["sql_age_2059"] = ageNow(false)
	// AT TIME ZONE
	m["timestamp_zone"] = textN(func(a []types.Datum) (types.Datum, error) {
		loc, err := zoneLocation(a[0].Text())
		if err != nil {
			return types.Null, err
		}
		ts := a[1].Int()
		if isInfTS(ts) {
			return a[1], nil
		}
		return types.Int(types.LocalToUTC(ts, loc)), nil
	})
	m["timestamptz_zone"] = textN(func(a []types.Datum) (types.Datum, error) {
		loc, err := zoneLocation(a[0].Text())
		if err != nil {
			return types.Null, err
		}
		ts := a[1].Int()
		if isInfTS(ts) {
			return a[1], nil
		}
		f := types.LocalFields(ts, loc)
		return types.Int(ts + int64(f.Offset)*types.UsecsPerSec), nil
	})
	m["timestamp_izone"] = textN(func(a []types.Datum) (types.Datum, error) {
		iv := a[0].Interval()
		if iv.Months != 0 || iv.Days != 0 {
			return types.Null, pgerr.Newf(pgerr.InvalidParameterValue, "interval time zone \"%s\" must not include months or days", types.AppendText(nil, types.OidInterval, a[0], nil))
		}
		if isInfTS(a[1].Int()) {
			return a[1], nil
		}
		return types.Int(a[1].Int() - iv.Micros), nil
	})
	m["timestamptz_izone"] = textN(func(a []types.Datum) (types.Datum, error) {
		iv := a[0].Interval()
		if iv.Months != 0 || iv.Days != 0 {
			return types.Null, pgerr.Newf(pgerr.InvalidParameterValue, "interval time zone \"%s\" must not include months or days", types.AppendText(nil, types.OidInterval, a[0], nil))
		}
		if isInfTS(a[1].Int()) {
			return a[1], nil
		}
		return types.Int(a[1].Int() + iv.Micros), nil
	})
	addExtractImpls(m)
}
