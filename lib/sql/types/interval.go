// This file implements interval input (PostgreSQL's DecodeInterval and
// DecodeISO8601Interval), typmod coercion and the binary format.

package types

import (
	"encoding/binary"
	"math"
	"strconv"
	"strings"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// Interval typmod range bits (utils/datetime.h) and the packing of
// INTERVAL_TYPMOD.
const (
	IntervalMonth  = 1 << 1
	IntervalYear   = 1 << 2
	IntervalDay    = 1 << 3
	IntervalHour   = 1 << 10
	IntervalMinute = 1 << 11
	IntervalSecond = 1 << 12

	IntervalFullRange     = 0x7FFF
	IntervalFullPrecision = 0xFFFF
)

// IntervalTypmod packs a range mask and a precision.
func IntervalTypmod(precision, rng int32) int32 {
	return (rng&0x7FFF)<<16 | precision&0xFFFF
}

func intervalTypmodParts(typmod int32) (precision, rng int32) {
	return typmod & 0xFFFF, (typmod >> 16) & 0x7FFF
}

// unitMicros and unitMonths give the length of each interval unit.
type ivUnit struct {
	months float64 // months per unit, for year-like units
	days   float64 // days per unit
	micros float64 // microseconds per unit
}

var intervalUnits = func() map[string]ivUnit {
	m := map[string]ivUnit{}
	add := func(u ivUnit, names ...string) {
		for _, n := range names {
			m[n] = u
		}
	}
	add(ivUnit{micros: 1}, "microsecond", "microseconds", "microsecon", "us", "usec", "usecs", "useconds")
	add(ivUnit{micros: 1000}, "millisecond", "milliseconds", "millisecon", "ms", "msec", "msecs", "mseconds")
	add(ivUnit{micros: 1e6}, "second", "seconds", "s", "sec", "secs")
	add(ivUnit{micros: 60e6}, "minute", "minutes", "m", "min", "mins")
	add(ivUnit{micros: 3600e6}, "hour", "hours", "h", "hr", "hrs")
	add(ivUnit{days: 1}, "day", "days", "d")
	add(ivUnit{days: 7}, "week", "weeks", "w")
	add(ivUnit{months: 1}, "month", "months", "mon", "mons")
	add(ivUnit{months: 12}, "year", "years", "y", "yr", "yrs")
	add(ivUnit{months: 120}, "decade", "decades", "dec", "decs")
	add(ivUnit{months: 1200}, "century", "centuries", "c", "cent")
	add(ivUnit{months: 12000}, "millennium", "millennia", "mil", "mils")
	return m
}()

// ivAccum adds fractional amounts with PostgreSQL's cascading of
// fractions: a fractional month becomes days (30 per month), a fractional
// day becomes microseconds.
type ivAccum struct {
	months, days float64
	micros       float64
}

func (a *ivAccum) add(v float64, u ivUnit) {
	if u.months != 0 {
		total := v * u.months
		whole := math.Trunc(total)
		a.months += whole
		a.addDays((total - whole) * 30)
		return
	}
	if u.days != 0 {
		a.addDays(v * u.days)
		return
	}
	a.micros += v * u.micros
}

func (a *ivAccum) addDays(d float64) {
	whole := math.Trunc(d)
	a.days += whole
	a.micros += (d - whole) * float64(UsecsPerDay)
}

func (a *ivAccum) result() (Interval, *dtError) {
	if math.Abs(a.months) > math.MaxInt32 || math.Abs(a.days) > math.MaxInt32 || math.Abs(a.micros) > math.MaxInt64/2 {
		return Interval{}, errIvOverflow
	}
	return Interval{Months: int32(a.months), Days: int32(a.days), Micros: int64(math.Round(a.micros))}, nil
}

// parseIntervalTime reads [+-]h:m[:s[.f]] into microseconds.
func parseIntervalTime(s string) (float64, *dtError) {
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, errBadFormat
	}
	h, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil {
		return 0, errBadFormat
	}
	var m float64
	var sec float64
	if len(parts) == 2 && strings.Contains(parts[1], ".") {
		// h:m.f is minutes and fractional... PostgreSQL reads mm:ss.f
		// only with three parts; with two, "1:2.5" is 1 hour 2.5 min.
		mv, err := strconv.ParseFloat(parts[1], 64)
		if err != nil {
			return 0, errBadFormat
		}
		m = mv
	} else {
		mv, err := strconv.ParseInt(parts[1], 10, 64)
		if err != nil {
			return 0, errBadFormat
		}
		m = float64(mv)
	}
	if len(parts) == 3 {
		if parts[2] == "" {
			return 0, errBadFormat
		}
		sv, err := strconv.ParseFloat(parts[2], 64)
		if err != nil || strings.ContainsAny(parts[2], "eE+-") {
			return 0, errBadFormat
		}
		sec = sv
	}
	if m < 0 || m >= 60 || sec < 0 || sec >= 60 {
		return 0, errFieldOverflow
	}
	v := float64(h)*3600e6 + m*60e6 + sec*1e6
	if neg {
		v = -v
	}
	return v, nil
}

// decodeInterval is DecodeInterval for IntervalStyle postgres, plus the
// ISO 8601 "P..." forms.
func decodeInterval(in string, rng int32) (Interval, *dtError) {
	t := strings.TrimSpace(strings.ToLower(in))
	if strings.HasPrefix(t, "p") {
		return decodeISOInterval(t[1:])
	}
	fields, err := splitFields(in)
	if err != nil {
		return Interval{}, err
	}
	if len(fields) == 0 {
		return Interval{}, errBadFormat
	}
	var acc ivAccum
	ago := false
	pending := "" // a number waiting for its unit
	havePending := false
	sawAny := false
	defaultUnit := func() ivUnit {
		// A bare number is seconds, or the lowest field of a declared
		// range: interval '5' minute.
		switch {
		case rng == IntervalYear:
			return intervalUnits["year"]
		case rng == IntervalMonth || rng == IntervalYear|IntervalMonth:
			return intervalUnits["month"]
		case rng == IntervalDay:
			return intervalUnits["day"]
		case rng == IntervalHour || rng == IntervalDay|IntervalHour:
			return intervalUnits["hour"]
		case rng == IntervalMinute || rng&IntervalMinute != 0 && rng&IntervalSecond == 0:
			return intervalUnits["minute"]
		}
		return intervalUnits["second"]
	}
	flush := func(u ivUnit) *dtError {
		v, err := strconv.ParseFloat(pending, 64)
		if err != nil {
			return errBadFormat
		}
		if math.Abs(v) > math.MaxInt32*12000.0 {
			return errIvOverflow
		}
		acc.add(v, u)
		havePending = false
		return nil
	}
	for i, f := range fields {
		switch f.kind {
		case fkNumber, fkSigned:
			if f.kind == fkSigned && strings.Contains(f.s, ":") {
				if havePending {
					if err := flush(intervalUnits["day"]); err != nil {
						return Interval{}, err
					}
				}
				us, err := parseIntervalTime(f.s)
				if err != nil {
					return Interval{}, err
				}
				acc.micros += us
				sawAny = true
				continue
			}
			if havePending {
				return Interval{}, errBadFormat
			}
			pending, havePending = f.s, true
			sawAny = true
		case fkTime:
			if havePending {
				// SQL standard "d h:m:s".
				if err := flush(intervalUnits["day"]); err != nil {
					return Interval{}, err
				}
			}
			us, err := parseIntervalTime(f.s)
			if err != nil {
				return Interval{}, err
			}
			acc.micros += us
			sawAny = true
		case fkDate:
			// SQL standard year-month: "1-2".
			if havePending || !strings.Contains(f.s, "-") {
				return Interval{}, errBadFormat
			}
			y, m, ok := strings.Cut(f.s, "-")
			yv, err1 := strconv.Atoi(y)
			mv, err2 := strconv.Atoi(m)
			if !ok || err1 != nil || err2 != nil {
				return Interval{}, errBadFormat
			}
			if mv > 11 {
				return Interval{}, errFieldOverflow
			}
			acc.months += float64(yv*12 + mv)
			sawAny = true
		case fkString:
			if f.s == "ago" {
				if i != len(fields)-1 {
					return Interval{}, errBadFormat
				}
				ago = true
				continue
			}
			u, ok := intervalUnits[f.s]
			if !ok || !havePending {
				return Interval{}, errBadFormat
			}
			if err := flush(u); err != nil {
				return Interval{}, err
			}
		default:
			return Interval{}, errBadFormat
		}
	}
	if havePending {
		if err := flush(defaultUnit()); err != nil {
			return Interval{}, err
		}
	}
	if !sawAny {
		return Interval{}, errBadFormat
	}
	iv, derr := acc.result()
	if derr != nil {
		return Interval{}, derr
	}
	if ago {
		iv = Interval{Months: -iv.Months, Days: -iv.Days, Micros: -iv.Micros}
	}
	return iv, nil
}

// decodeISOInterval reads the part after "P" of an ISO 8601 duration:
// PnYnMnDTnHnMnS or PnW.
func decodeISOInterval(s string) (Interval, *dtError) {
	var acc ivAccum
	inTime := false
	if s == "" {
		return Interval{}, errBadFormat
	}
	for len(s) > 0 {
		if s[0] == 't' {
			if inTime {
				return Interval{}, errBadFormat
			}
			inTime = true
			s = s[1:]
			continue
		}
		j := 0
		for j < len(s) && (isDigit(s[j]) || s[j] == '.' || s[j] == '-' || s[j] == '+') {
			j++
		}
		if j == 0 || j == len(s) {
			return Interval{}, errBadFormat
		}
		v, err := strconv.ParseFloat(s[:j], 64)
		if err != nil {
			return Interval{}, errBadFormat
		}
		var u string
		switch s[j] {
		case 'y':
			u = "year"
		case 'm':
			u = "month"
			if inTime {
				u = "minute"
			}
		case 'w':
			u = "week"
		case 'd':
			u = "day"
		case 'h':
			u = "hour"
		case 's':
			u = "second"
		default:
			return Interval{}, errBadFormat
		}
		if (inTime && (u == "year" || u == "week" || u == "day")) || (!inTime && (u == "hour" || u == "second")) {
			return Interval{}, errBadFormat
		}
		acc.add(v, intervalUnits[u])
		s = s[j+1:]
	}
	return acc.result()
}

// parseInterval is interval_in.
func parseInterval(s string, typmod int32) (Datum, error) {
	rng := int32(IntervalFullRange)
	if typmod >= 0 {
		_, rng = intervalTypmodParts(typmod)
	}
	iv, derr := decodeInterval(s, rng)
	if derr != nil {
		if derr == errFieldOverflow {
			derr = errIvOverflow
		}
		return Null, derr.toPg(s, "interval")
	}
	iv, err := AdjustIntervalTypmod(iv, typmod)
	if err != nil {
		return Null, err
	}
	return IntervalDatum(iv), nil
}

// AdjustIntervalTypmod applies an interval's declared fields and
// precision (AdjustIntervalForTypmod): lower fields are truncated away,
// fractional seconds rounded.
func AdjustIntervalTypmod(iv Interval, typmod int32) (Interval, error) {
	if typmod < 0 {
		return iv, nil
	}
	precision, rng := intervalTypmodParts(typmod)
	truncTo := func(unit int64) { iv.Micros = iv.Micros / unit * unit }
	switch rng {
	case IntervalFullRange:
	case IntervalYear:
		iv.Months = iv.Months / 12 * 12
		iv.Days, iv.Micros = 0, 0
	case IntervalMonth, IntervalYear | IntervalMonth:
		iv.Days, iv.Micros = 0, 0
	case IntervalDay:
		iv.Micros = 0
	case IntervalHour, IntervalDay | IntervalHour:
		truncTo(UsecsPerHour)
	case IntervalMinute, IntervalDay | IntervalHour | IntervalMinute, IntervalHour | IntervalMinute:
		truncTo(UsecsPerMin)
	}
	if precision != IntervalFullPrecision && precision >= 0 && precision < 6 {
		if precision > 6 {
			return iv, pgerr.Newf(pgerr.InvalidParameterValue, "interval(%d) precision must be between 0 and 6", precision)
		}
		scale := int64(math.Pow10(6 - int(precision)))
		off := scale / 2
		if iv.Micros >= 0 {
			iv.Micros = (iv.Micros + off) / scale * scale
		} else {
			iv.Micros = -((-iv.Micros + off) / scale * scale)
		}
	}
	return iv, nil
}

func sendInterval(dst []byte, iv Interval) []byte {
	dst = binary.BigEndian.AppendUint64(dst, uint64(iv.Micros))
	dst = binary.BigEndian.AppendUint32(dst, uint32(iv.Days))
	return binary.BigEndian.AppendUint32(dst, uint32(iv.Months))
}

func recvInterval(b []byte, typmod int32) (Datum, error) {
	if len(b) != 16 {
		return Null, errBinaryLength()
	}
	iv := Interval{
		Micros: int64(binary.BigEndian.Uint64(b)),
		Days:   int32(binary.BigEndian.Uint32(b[8:])),
		Months: int32(binary.BigEndian.Uint32(b[12:])),
	}
	iv, err := AdjustIntervalTypmod(iv, typmod)
	if err != nil {
		return Null, err
	}
	return IntervalDatum(iv), nil
}
