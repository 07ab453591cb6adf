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

// ivAccum sums interval fields. Integer parts are added exactly; a
// fraction cascades down as in PostgreSQL: a fractional month becomes
// days (30 per month), a fractional day microseconds.
type ivAccum struct {
	// years are kept apart from months, as PostgreSQL's tm_year and
	// tm_mon are: each must fit in 32 bits (else "interval field value
	// out of range"), and only their sum in months can overflow as
	// "interval out of range".
	years, months, days, micros int64
	overflow                    bool
}

func (a *ivAccum) addInt(p *int64, v int64) {
	s := *p + v
	if (v > 0 && s < *p) || (v < 0 && s > *p) {
		a.overflow = true
	}
	*p = s
}

func (a *ivAccum) mulAdd(p *int64, v int64, unit int64) {
	if v != 0 && (v > math.MaxInt64/unit || v < math.MinInt64/unit) {
		a.overflow = true
		return
	}
	a.addInt(p, v*unit)
}

// add adds whole + frac units, where whole and frac come from splitting a
// decimal number (frac has the number's sign).
func (a *ivAccum) add(whole int64, frac float64, u ivUnit) {
	switch {
	case u.months != 0:
		if m := int64(u.months); m%12 == 0 {
			a.mulAdd(&a.years, whole, m/12)
		} else {
			a.mulAdd(&a.months, whole, m)
		}
		fm := frac * u.months
		wm := math.Trunc(fm)
		a.addInt(&a.months, int64(wm))
		a.addDays(0, (fm-wm)*30)
	case u.days != 0:
		a.addDays(whole*int64(u.days), frac*u.days)
	default:
		a.mulAdd(&a.micros, whole, int64(u.micros))
		a.addInt(&a.micros, int64(math.Round(frac*u.micros)))
	}
}

func (a *ivAccum) addDays(whole int64, frac float64) {
	a.addInt(&a.days, whole)
	wd := math.Trunc(frac)
	a.addInt(&a.days, int64(wd))
	a.addInt(&a.micros, int64(math.Round((frac-wd)*float64(UsecsPerDay))))
}

// fieldOverflow reports whether a field no longer fits in 32 bits (or
// the time in 64).
func (a *ivAccum) fieldOverflow() bool {
	fits := func(v int64) bool { return v >= math.MinInt32 && v <= math.MaxInt32 }
	return a.overflow || !fits(a.years) || !fits(a.months) || !fits(a.days)
}

func (a *ivAccum) result() (Interval, *dtError) {
	if a.fieldOverflow() {
		return Interval{}, errIvOverflow
	}
	months := a.years*12 + a.months
	if months < math.MinInt32 || months > math.MaxInt32 {
		return Interval{}, errIvRange
	}
	return Interval{Months: int32(months), Days: int32(a.days), Micros: a.micros}, nil
}

// splitNumber splits a decimal number into its integer part and its
// signed fraction.
func splitNumber(s string) (int64, float64, bool) {
	neg := strings.HasPrefix(s, "-")
	body := strings.TrimLeft(s, "+-")
	ip, fp, _ := strings.Cut(body, ".")
	if ip == "" && fp == "" {
		return 0, 0, false
	}
	var whole int64
	if ip != "" {
		v, err := strconv.ParseInt(ip, 10, 64)
		if err != nil {
			return 0, 0, false
		}
		whole = v
	}
	var frac float64
	if fp != "" {
		for _, c := range []byte(fp) {
			if c < '0' || c > '9' {
				return 0, 0, false
			}
		}
		f, _ := strconv.ParseFloat("0."+fp, 64)
		frac = f
	}
	if neg {
		whole, frac = -whole, -frac
	}
	return whole, frac, true
}

// parseIntervalTime reads [+-]h:m[:s[.f]] into microseconds, exactly.
// As PostgreSQL's DecodeTime, two fields are minutes and seconds instead
// when the second has a fraction ("05:06.7") or the interval's range is
// MINUTE TO SECOND, and a second may be 60.
func parseIntervalTime(s string, minuteToSecond bool) (int64, *dtError) {
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, errBadFormat
	}
	if len(parts) == 2 && (minuteToSecond || strings.Contains(parts[1], ".")) {
		parts = []string{"0", parts[0], parts[1]}
	}
	h, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil {
		return 0, errBadFormat
	}
	var acc ivAccum
	acc.mulAdd(&acc.micros, h, UsecsPerHour)
	mw, mf, ok := splitNumber(parts[1])
	if !ok || mw < 0 || mw >= 60 {
		if ok {
			return 0, errFieldOverflow
		}
		return 0, errBadFormat
	}
	if len(parts) == 3 && mf != 0 {
		return 0, errBadFormat
	}
	acc.add(mw, mf, ivUnit{micros: 60e6})
	if len(parts) == 3 {
		sw, sf, ok := splitNumber(parts[2])
		if !ok || strings.ContainsAny(parts[2], "+-") {
			return 0, errBadFormat
		}
		if sw < 0 || sw > 60 {
			return 0, errFieldOverflow
		}
		acc.add(sw, sf, ivUnit{micros: 1e6})
	}
	if acc.overflow {
		return 0, errIvOverflow
	}
	if neg {
		return -acc.micros, nil
	}
	return acc.micros, nil
}

// ivFields are the fields of interval input, each of which may appear
// once.
type ivFields uint16

const (
	ivMicrosecond ivFields = 1 << iota
	ivMillisecond
	ivSecond
	ivMinute
	ivHour
	ivDay
	ivWeek
	ivMonth
	ivYear
	ivDecade
	ivCentury
	ivMillennium
)

// fieldOf is the field a unit sets.
func fieldOf(u ivUnit) ivFields {
	switch {
	case u.months == 1:
		return ivMonth
	case u.months == 12:
		return ivYear
	case u.months == 120:
		return ivDecade
	case u.months == 1200:
		return ivCentury
	case u.months != 0:
		return ivMillennium
	case u.days == 1:
		return ivDay
	case u.days != 0:
		return ivWeek
	case u.micros == 1:
		return ivMicrosecond
	case u.micros == 1000:
		return ivMillisecond
	case u.micros == 1e6:
		return ivSecond
	case u.micros == 60e6:
		return ivMinute
	}
	return ivHour
}

// decodeInterval is DecodeInterval for IntervalStyle postgres, plus the
// ISO 8601 "P..." forms.
func decodeInterval(in string, rng int32) (Interval, *dtError) {
	if strings.HasPrefix(in, "P") {
		// ISO 8601 designators are upper case and nothing surrounds
		// them; decodeISOInterval reads them lowered, so a lower-case
		// letter becomes one it refuses.
		return decodeISOInterval(strings.Map(func(r rune) rune {
			switch {
			case r >= 'a' && r <= 'z':
				return '?'
			case r >= 'A' && r <= 'Z':
				return r + 'a' - 'A'
			}
			return r
		}, in[1:]))
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
	// seen holds the fields given so far: each may be given once, as
	// DecodeInterval's fmask checks.
	var seen ivFields
	mark := func(f ivFields) *dtError {
		if seen&f != 0 {
			return errBadFormat
		}
		seen |= f
		return nil
	}
	flush := func(u ivUnit) *dtError {
		whole, frac, ok := splitNumber(pending)
		if !ok {
			if int, _, _ := strings.Cut(strings.TrimLeft(pending, "+-"), "."); allDigits(int) {
				// Digits too many for a field.
				return errIvOverflow
			}
			return errBadFormat
		}
		f := fieldOf(u)
		if f == ivSecond && frac != 0 {
			f |= ivMillisecond | ivMicrosecond
		}
		// A field that overflows is reported before a repeated one, as
		// DecodeInterval adds each field before checking the mask.
		acc.add(whole, frac, u)
		if acc.fieldOverflow() {
			return errIvOverflow
		}
		if err := mark(f); err != nil {
			return err
		}
		havePending = false
		return nil
	}
	// addTime adds an "h:m:s" field; a number before it is days (the SQL
	// standard "d h:m:s").
	addTime := func(s string) *dtError {
		if havePending {
			if err := flush(intervalUnits["day"]); err != nil {
				return err
			}
		}
		us, err := parseIntervalTime(s, rng == IntervalMinute|IntervalSecond)
		if err != nil {
			return err
		}
		if err := mark(ivHour | ivMinute | ivSecond); err != nil {
			return err
		}
		acc.addInt(&acc.micros, us)
		sawAny = true
		return nil
	}
	addYearMonth := func(s string) *dtError {
		if havePending {
			return errBadFormat
		}
		// PostgreSQL counts "y-m" as the month field only: "1 year 1-2"
		// is accepted, "1-2 1 month" is not.
		if err := mark(ivMonth); err != nil {
			return err
		}
		months, err := yearMonth(s)
		if err != nil {
			return err
		}
		acc.addInt(&acc.months, months)
		sawAny = true
		return nil
	}
	for i, f := range fields {
		switch f.kind {
		case fkNumber, fkSigned:
			if f.kind == fkSigned && strings.Contains(f.s[1:], "-") {
				// A signed SQL-standard year-month: "-1-2".
				if err := addYearMonth(f.s); err != nil {
					return Interval{}, err
				}
				continue
			}
			if f.kind == fkSigned && strings.Contains(f.s, ":") {
				if err := addTime(f.s); err != nil {
					return Interval{}, err
				}
				continue
			}
			if havePending {
				// As DecodeInterval, which reads right to left: a bare
				// last number taken as hours (the range ends in HOUR)
				// makes the bare number before it days: '10 11' DAY
				// TO HOUR. Any other run of bare numbers is an error.
				if i != len(fields)-1 || defaultUnit() != intervalUnits["hour"] {
					return Interval{}, errBadFormat
				}
				if err := flush(intervalUnits["day"]); err != nil {
					return Interval{}, err
				}
			}
			pending, havePending = f.s, true
			sawAny = true
		case fkTime:
			if err := addTime(f.s); err != nil {
				return Interval{}, err
			}
		case fkDate:
			// SQL standard year-month: "1-2".
			if !strings.Contains(f.s, "-") {
				return Interval{}, errBadFormat
			}
			if err := addYearMonth(f.s); err != nil {
				return Interval{}, err
			}
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

// decodeISOInterval reads the part after "P" of an ISO 8601 duration
// (lower-cased), as PostgreSQL's DecodeISO8601Interval: the format with
// designators, PnYnMnDTnHnMnS or PnW, and the alternative formats,
// basic (P00030405T060708) and extended (P0003-04-05T06:07:08).
func decodeISOInterval(s string) (Interval, *dtError) {
	var acc ivAccum
	if s == "" {
		return Interval{}, errBadFormat
	}
	datePart, haveField := true, false
	// number reads the next number of s; a field of the alternative
	// formats must be one.
	number := func() (int64, float64, *dtError) {
		whole, frac, rest, err := isoNumber(s)
		s = rest
		return whole, frac, err
	}
	add := func(whole int64, frac float64, unit string) {
		acc.add(whole, frac, intervalUnits[unit])
	}
	for s != "" {
		if s[0] == 't' {
			datePart, haveField = false, false
			s = s[1:]
			continue
		}
		width := isoIntegerWidth(s)
		whole, frac, err := number()
		if err != nil {
			return Interval{}, err
		}
		unit := byte(0)
		if s != "" {
			unit, s = s[0], s[1:]
		}
		if datePart {
			switch unit {
			case 'y':
				add(whole, frac, "year")
			case 'm':
				add(whole, frac, "month")
			case 'w':
				add(whole, frac, "week")
			case 'd':
				add(whole, frac, "day")
			case 't', 0, '-':
				if unit != '-' && width == 8 && !haveField {
					// Basic alternative format: yyyymmdd.
					add(whole/10000, 0, "year")
					add(whole/100%100, 0, "month")
					add(whole%100, frac, "day")
					if unit == 0 {
						return acc.result()
					}
					datePart, haveField = false, false
					continue
				}
				// Extended alternative format: yyyy-mm-dd.
				if haveField {
					return Interval{}, errBadFormat
				}
				add(whole, frac, "year")
				if unit == 0 {
					return acc.result()
				}
				if unit == 't' {
					datePart, haveField = false, false
					continue
				}
				if whole, frac, err = number(); err != nil {
					return Interval{}, err
				}
				add(whole, frac, "month")
				if s == "" {
					return acc.result()
				}
				if s[0] == 't' {
					datePart, haveField, s = false, false, s[1:]
					continue
				}
				if s[0] != '-' {
					return Interval{}, errBadFormat
				}
				s = s[1:]
				if whole, frac, err = number(); err != nil {
					return Interval{}, err
				}
				add(whole, frac, "day")
				if s == "" {
					return acc.result()
				}
				if s[0] == 't' {
					datePart, haveField, s = false, false, s[1:]
					continue
				}
				return Interval{}, errBadFormat
			default:
				return Interval{}, errBadFormat
			}
		} else {
			switch unit {
			case 'h':
				add(whole, frac, "hour")
			case 'm':
				add(whole, frac, "minute")
			case 's':
				add(whole, frac, "second")
			case 0, ':':
				if unit == 0 && width == 6 && !haveField {
					// Basic alternative format: hhmmss.
					add(whole/10000, 0, "hour")
					add(whole/100%100, 0, "minute")
					add(whole%100, frac, "second")
					return acc.result()
				}
				// Extended alternative format: hh:mm:ss.
				if haveField {
					return Interval{}, errBadFormat
				}
				add(whole, frac, "hour")
				if unit == 0 {
					return acc.result()
				}
				if whole, frac, err = number(); err != nil {
					return Interval{}, err
				}
				add(whole, frac, "minute")
				if s == "" {
					return acc.result()
				}
				if s[0] != ':' {
					return Interval{}, errBadFormat
				}
				s = s[1:]
				if whole, frac, err = number(); err != nil {
					return Interval{}, err
				}
				add(whole, frac, "second")
				if s == "" {
					return acc.result()
				}
				return Interval{}, errBadFormat
			default:
				return Interval{}, errBadFormat
			}
		}
		haveField = true
	}
	return acc.result()
}

// isoNumber is ParseISO8601Number: a number with an optional leading
// minus and fraction at the start of s, and what follows it.
func isoNumber(s string) (whole int64, frac float64, rest string, err *dtError) {
	j := 0
	if j < len(s) && s[j] == '-' {
		j++
	}
	digits := j
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	if j < len(s) && s[j] == '.' {
		j++
		for j < len(s) && isDigit(s[j]) {
			j++
		}
	}
	if j == digits || s[digits:j] == "." {
		return 0, 0, s, errBadFormat
	}
	whole, frac, ok := splitNumber(s[:j])
	if !ok {
		return 0, 0, s, errBadFormat
	}
	if whole < math.MinInt32 || whole > math.MaxInt32 {
		return 0, 0, s, errFieldOverflow
	}
	return whole, frac, s[j:], nil
}

// isoIntegerWidth is ISO8601IntegerWidth: the number of digits of the
// integer part at the start of s, after an optional minus.
func isoIntegerWidth(s string) int {
	s = strings.TrimPrefix(s, "-")
	n := 0
	for n < len(s) && isDigit(s[n]) {
		n++
	}
	return n
}

// yearMonth reads an SQL-standard year-month field, "1-2" or "-1-2" (the
// sign applies to both parts), as months.
func yearMonth(s string) (int64, *dtError) {
	sign := int64(1)
	if s != "" && (s[0] == '-' || s[0] == '+') {
		if s[0] == '-' {
			sign = -1
		}
		s = s[1:]
	}
	y, m, ok := strings.Cut(s, "-")
	yv, err1 := strconv.Atoi(y)
	mv, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || yv < 0 || mv < 0 {
		return 0, errBadFormat
	}
	if mv > 11 {
		return 0, errFieldOverflow
	}
	return sign * (int64(yv)*12 + int64(mv)), nil
}

// parseInterval is interval_in.
func parseInterval(s string, typmod int32, style IntervalStyle) (Datum, error) {
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
	if style == IntervalSQLStandard && sqlStandardLeadingSign(s) {
		iv = negatePositiveParts(iv)
	}
	iv, err := AdjustIntervalTypmod(iv, typmod)
	if err != nil {
		return Null, err
	}
	return IntervalDatum(iv), nil
}

// sqlStandardLeadingSign reports DecodeInterval's IntervalStyle
// sql_standard rule: '-1 1:00:00' means minus one day and minus one hour
// when the leading minus is the only explicit sign in the input.
func sqlStandardLeadingSign(s string) bool {
	fields := strings.Fields(s)
	if len(fields) == 0 || !strings.HasPrefix(fields[0], "-") {
		return false
	}
	for _, f := range fields[1:] {
		if strings.HasPrefix(f, "-") || strings.HasPrefix(f, "+") {
			return false
		}
	}
	return true
}

// negatePositiveParts makes every positive part of iv negative.
func negatePositiveParts(iv Interval) Interval {
	if iv.Months > 0 {
		iv.Months = -iv.Months
	}
	if iv.Days > 0 {
		iv.Days = -iv.Days
	}
	if iv.Micros > 0 {
		iv.Micros = -iv.Micros
	}
	return iv
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
