// This file holds the calendar arithmetic and output of date, time,
// timestamp and timestamptz, in PostgreSQL's representation: days and
// microseconds counted from 2000-01-01, with the extreme values standing for
// -infinity and infinity.

package types

import (
	"math"
	"strconv"
	"time"
)

// Representation constants from PostgreSQL's datatype/timestamp.h.
const (
	UsecsPerSec  int64 = 1000000
	UsecsPerMin        = 60 * UsecsPerSec
	UsecsPerHour       = 60 * UsecsPerMin
	UsecsPerDay        = 24 * UsecsPerHour
	SecsPerDay   int64 = 86400

	// PostgresEpochJDate is the Julian day of 2000-01-01, day zero of
	// date and timestamp values.
	PostgresEpochJDate = 2451545
	// UnixEpochJDate is the Julian day of 1970-01-01.
	UnixEpochJDate = 2440588

	// DateNoBegin and DateNoEnd are -infinity and infinity for date.
	DateNoBegin int64 = math.MinInt32
	DateNoEnd   int64 = math.MaxInt32
	// TimestampNoBegin and TimestampNoEnd are -infinity and infinity for
	// timestamp and timestamptz.
	TimestampNoBegin int64 = math.MinInt64
	TimestampNoEnd   int64 = math.MaxInt64

	// Range limits (datatype/timestamp.h): Julian day 0 is 4714-11-24 BC.
	datetimeMinJulian  = 0
	dateEndJulian      = 2147483494 // first Julian day after the date range
	timestampEndJulian = 109203528  // 294277-01-01

	// MinTimestamp and EndTimestamp bound finite timestamps.
	MinTimestamp int64 = -211813488000000000
	EndTimestamp int64 = 9223371331200000000
)

// DateToJulian is date2j: the Julian day number of a proleptic Gregorian
// date (year 0 is 1 BC).
func DateToJulian(y, m, d int) int {
	if m > 2 {
		m++
		y += 4800
	} else {
		m += 13
		y += 4799
	}
	century := y / 100
	julian := y*365 - 32167
	julian += y/4 - century + century/4
	julian += 7834*m/256 + d
	return julian
}

// JulianToDate is j2date, the inverse of DateToJulian.
func JulianToDate(jd int) (y, m, d int) {
	julian := uint32(jd) + 32044
	quad := julian / 146097
	extra := (julian-quad*146097)*4 + 3
	julian += 60 + quad*3 + extra/146097
	quad = julian / 1461
	julian -= quad * 1461
	yy := int(julian * 4 / 1461)
	var jul uint32
	if yy != 0 {
		jul = (julian+305)%365 + 123
	} else {
		jul = (julian+306)%366 + 123
	}
	y = yy + int(quad)*4 - 4800
	quad = jul * 2141 / 65536
	d = int(jul - 7834*quad/256)
	m = int((quad+10)%12 + 1)
	return
}

// daysInMonth returns the length of month m of year y (proleptic
// Gregorian, astronomical year numbering).
func daysInMonth(y, m int) int {
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

// Fields is a broken-down date and time, PostgreSQL's struct pg_tm plus
// fractional seconds. Year uses astronomical numbering (0 is 1 BC).
type Fields struct {
	Year, Month, Day int
	Hour, Min, Sec   int
	Usec             int // microseconds, 0..999999
	Offset           int // seconds east of UTC, for timestamptz output
}

// DateFields splits a date (days from 2000-01-01) into year, month, day.
func DateFields(days int64) (y, m, d int) {
	return JulianToDate(int(days) + PostgresEpochJDate)
}

// TimestampFields splits microseconds since 2000-01-01 into fields.
func TimestampFields(ts int64) Fields {
	days := ts / UsecsPerDay
	rem := ts % UsecsPerDay
	if rem < 0 {
		rem += UsecsPerDay
		days--
	}
	var f Fields
	f.Year, f.Month, f.Day = JulianToDate(int(days) + PostgresEpochJDate)
	f.Hour = int(rem / UsecsPerHour)
	rem %= UsecsPerHour
	f.Min = int(rem / UsecsPerMin)
	rem %= UsecsPerMin
	f.Sec = int(rem / UsecsPerSec)
	f.Usec = int(rem % UsecsPerSec)
	return f
}

// FieldsToTimestamp joins fields into microseconds since 2000-01-01,
// ignoring Offset. ok is false when the result is outside the timestamp
// range.
func FieldsToTimestamp(f Fields) (int64, bool) {
	jd := DateToJulian(f.Year, f.Month, f.Day)
	if jd < datetimeMinJulian || jd >= timestampEndJulian {
		return 0, false
	}
	days := int64(jd - PostgresEpochJDate)
	t := int64(f.Hour)*UsecsPerHour + int64(f.Min)*UsecsPerMin + int64(f.Sec)*UsecsPerSec + int64(f.Usec)
	ts := days*UsecsPerDay + t
	if ts < MinTimestamp || ts >= EndTimestamp {
		return 0, false
	}
	return ts, true
}

// pgEpochUnix is 2000-01-01 00:00:00 UTC in Unix seconds.
const pgEpochUnix = 946684800

// TimestampToTime converts a finite timestamptz to a Go time.
func TimestampToTime(ts int64) time.Time {
	sec := ts / UsecsPerSec
	usec := ts % UsecsPerSec
	if usec < 0 {
		usec += UsecsPerSec
		sec--
	}
	return time.Unix(sec+pgEpochUnix, usec*1000).UTC()
}

// TimeToTimestamp converts a Go time to microseconds since 2000-01-01,
// truncating to microseconds.
func TimeToTimestamp(t time.Time) int64 {
	return (t.Unix()-pgEpochUnix)*UsecsPerSec + int64(t.Nanosecond()/1000)
}

// offsetAt returns the UTC offset in seconds of loc at the instant ts.
func offsetAt(ts int64, loc *time.Location) int {
	if loc == nil || loc == time.UTC {
		return 0
	}
	_, off := TimestampToTime(ts).In(loc).Zone()
	return off
}

// LocalFields breaks a timestamptz into local fields in loc, with Offset
// set.
func LocalFields(ts int64, loc *time.Location) Fields {
	off := offsetAt(ts, loc)
	f := TimestampFields(ts + int64(off)*UsecsPerSec)
	f.Offset = off
	return f
}

// LocalToUTC converts a local wall-clock timestamp (microseconds since
// 2000-01-01 as if in UTC) in loc to a UTC instant. Local times skipped or
// repeated by a transition resolve as PostgreSQL's
// DetermineTimeZoneOffset does: to the later instant.
func LocalToUTC(local int64, loc *time.Location) int64 {
	if loc == nil || loc == time.UTC {
		return local
	}
	const day = 86400 * UsecsPerSec
	offA := int64(offsetAt(local-day, loc)) * UsecsPerSec
	offB := int64(offsetAt(local+day, loc)) * UsecsPerSec
	if offA == offB {
		u := local - offA
		if off := int64(offsetAt(u, loc)) * UsecsPerSec; off != offA {
			// A transition pair within the two days: trust the
			// offset at the candidate itself.
			return local - off
		}
		return u
	}
	u1, u2 := local-offA, local-offB
	v1 := int64(offsetAt(u1, loc))*UsecsPerSec == offA
	v2 := int64(offsetAt(u2, loc))*UsecsPerSec == offB
	switch {
	case v1 && !v2:
		return u1
	case v2 && !v1:
		return u2
	}
	return max(u1, u2)
}

func appendPad(dst []byte, v int, width int) []byte {
	var buf [24]byte
	s := strconv.AppendInt(buf[:0], int64(v), 10)
	for i := len(s); i < width; i++ {
		dst = append(dst, '0')
	}
	return append(dst, s...)
}

// appendSeconds is AppendSeconds with fillzeros: two-digit seconds and,
// if non-zero, the fraction without trailing zeros.
func appendSeconds(dst []byte, sec, usec int) []byte {
	return appendSecondsWidth(dst, sec, usec, 2)
}

// appendSecondsWidth is AppendSeconds, the seconds padded to width digits
// (1: not padded), signs left to the caller.
func appendSecondsWidth(dst []byte, sec, usec, width int) []byte {
	if sec < 0 {
		sec = -sec
	}
	if usec < 0 {
		usec = -usec
	}
	dst = appendPad(dst, sec, width)
	if usec != 0 {
		dst = append(dst, '.')
		frac := appendPad(nil, usec, 6)
		for len(frac) > 0 && frac[len(frac)-1] == '0' {
			frac = frac[:len(frac)-1]
		}
		dst = append(dst, frac...)
	}
	return dst
}

func appendYMD(dst []byte, y, m, d int) []byte {
	if y <= 0 {
		y = 1 - y
	}
	dst = appendPad(dst, y, 4)
	dst = append(dst, '-')
	dst = appendPad(dst, m, 2)
	dst = append(dst, '-')
	return appendPad(dst, d, 2)
}

// appendDate is date_out (EncodeDateOnly) in the given DateStyle.
func appendDate(dst []byte, days int64, style DateStyle, order DateOrder) []byte {
	switch days {
	case DateNoBegin:
		return append(dst, "-infinity"...)
	case DateNoEnd:
		return append(dst, "infinity"...)
	}
	y, m, d := DateFields(days)
	switch style {
	case StyleISO:
		dst = appendYMD(dst, y, m, d)
	case StyleSQL:
		dst = appendDayMonth(dst, m, d, order, '/')
		dst = append(dst, '/')
		dst = appendYear(dst, y)
	case StyleGerman:
		dst = appendDayMonth(dst, m, d, OrderDMY, '.')
		dst = append(dst, '.')
		dst = appendYear(dst, y)
	default: // Postgres
		dst = appendDayMonth(dst, m, d, order, '-')
		dst = append(dst, '-')
		dst = appendYear(dst, y)
	}
	if y <= 0 {
		dst = append(dst, " BC"...)
	}
	return dst
}

// appendYear prints a year as PostgreSQL does, BC years counted from 1.
func appendYear(dst []byte, y int) []byte {
	if y <= 0 {
		y = 1 - y
	}
	return appendPad(dst, y, 4)
}

// appendDayMonth prints "DD<sep>MM" for DMY, else "MM<sep>DD".
func appendDayMonth(dst []byte, m, d int, order DateOrder, sep byte) []byte {
	first, second := m, d
	if order == OrderDMY {
		first, second = d, m
	}
	dst = appendPad(dst, first, 2)
	dst = append(dst, sep)
	return appendPad(dst, second, 2)
}

var (
	dayAbbrevs   = [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
	monthAbbrevs = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
)

func appendTimeOfDay(dst []byte, usecs int64) []byte {
	h := usecs / UsecsPerHour
	usecs -= h * UsecsPerHour
	m := usecs / UsecsPerMin
	usecs -= m * UsecsPerMin
	s := usecs / UsecsPerSec
	usecs -= s * UsecsPerSec
	dst = appendPad(dst, int(h), 2)
	dst = append(dst, ':')
	dst = appendPad(dst, int(m), 2)
	dst = append(dst, ':')
	return appendSeconds(dst, int(s), int(usecs))
}

// appendOffset is EncodeTimezone: +HH, +HH:MM or +HH:MM:SS.
func appendOffset(dst []byte, east int) []byte {
	if east >= 0 {
		dst = append(dst, '+')
	} else {
		dst = append(dst, '-')
		east = -east
	}
	h, m, s := east/3600, east/60%60, east%60
	dst = appendPad(dst, h, 2)
	if s != 0 {
		dst = append(dst, ':')
		dst = appendPad(dst, m, 2)
		dst = append(dst, ':')
		return appendPad(dst, s, 2)
	}
	if m != 0 {
		dst = append(dst, ':')
		dst = appendPad(dst, m, 2)
	}
	return dst
}

// appendTimestamp is timestamp_out and timestamptz_out (EncodeDateTime)
// in the given DateStyle; loc is nil for timestamp without time zone. The
// ISO style prints a time zone as an offset; the others print the zone's
// abbreviation (UTC, CET, +05), as PostgreSQL does.
func appendTimestamp(dst []byte, ts int64, withTZ bool, loc *time.Location, style DateStyle, order DateOrder) []byte {
	switch ts {
	case TimestampNoBegin:
		return append(dst, "-infinity"...)
	case TimestampNoEnd:
		return append(dst, "infinity"...)
	}
	var f Fields
	if withTZ {
		f = LocalFields(ts, loc)
	} else {
		f = TimestampFields(ts)
	}
	appendClock := func(dst []byte) []byte {
		dst = appendPad(dst, f.Hour, 2)
		dst = append(dst, ':')
		dst = appendPad(dst, f.Min, 2)
		dst = append(dst, ':')
		return appendSeconds(dst, f.Sec, f.Usec)
	}
	zoneName := func(dst []byte) []byte {
		if !withTZ {
			return dst
		}
		if loc == nil {
			loc = time.UTC
		}
		// PostgreSQL prints the abbreviation even when the zone has
		// none (a POSIX zone such as "<>-05"): then only the space.
		name, _ := TimestampToTime(ts).In(loc).Zone()
		dst = append(dst, ' ')
		return append(dst, name...)
	}
	switch style {
	case StyleISO:
		dst = appendYMD(dst, f.Year, f.Month, f.Day)
		dst = append(dst, ' ')
		dst = appendClock(dst)
		if withTZ {
			dst = appendOffset(dst, f.Offset)
		}
	case StyleSQL, StyleGerman:
		sep, ord := byte('/'), order
		if style == StyleGerman {
			sep, ord = '.', OrderDMY
		}
		dst = appendDayMonth(dst, f.Month, f.Day, ord, sep)
		dst = append(dst, sep)
		dst = appendYear(dst, f.Year)
		dst = append(dst, ' ')
		dst = appendClock(dst)
		dst = zoneName(dst)
	default: // Postgres: "Sun Dec 06 10:00:00 2026 UTC"
		wday := (DateToJulian(f.Year, f.Month, f.Day) + 1) % 7
		dst = append(dst, dayAbbrevs[wday]...)
		dst = append(dst, ' ')
		if order == OrderDMY {
			dst = appendPad(dst, f.Day, 2)
			dst = append(dst, ' ')
			dst = append(dst, monthAbbrevs[f.Month-1]...)
		} else {
			dst = append(dst, monthAbbrevs[f.Month-1]...)
			dst = append(dst, ' ')
			dst = appendPad(dst, f.Day, 2)
		}
		dst = append(dst, ' ')
		dst = appendClock(dst)
		dst = append(dst, ' ')
		dst = appendYear(dst, f.Year)
		dst = zoneName(dst)
	}
	if f.Year <= 0 {
		dst = append(dst, " BC"...)
	}
	return dst
}

// Interval is PostgreSQL's interval: months, days and microseconds kept
// apart because their lengths vary.
type Interval struct {
	Micros int64
	Days   int32
	Months int32
}

// appendIntervalPart is AddPostgresIntPart.
func appendIntervalPart(dst []byte, v int64, unit string, isZero, isBefore *bool) []byte {
	if v == 0 {
		return dst
	}
	if !*isZero {
		dst = append(dst, ' ')
	}
	if *isBefore && v > 0 {
		dst = append(dst, '+')
	}
	dst = strconv.AppendInt(dst, v, 10)
	dst = append(dst, ' ')
	dst = append(dst, unit...)
	if v != 1 {
		dst = append(dst, 's')
	}
	*isBefore = v < 0
	*isZero = false
	return dst
}

// appendInterval is interval_out (EncodeInterval) in the given
// IntervalStyle.
func appendInterval(dst []byte, iv Interval, style IntervalStyle) []byte {
	switch style {
	case IntervalSQLStandard:
		return appendIntervalSQL(dst, iv)
	case IntervalISO8601:
		return appendIntervalISO(dst, iv)
	case IntervalPostgresVerbose:
		return appendIntervalVerbose(dst, iv)
	}
	year := int64(iv.Months / 12)
	mon := int64(iv.Months % 12)
	isZero, isBefore := true, false
	dst = appendIntervalPart(dst, year, "year", &isZero, &isBefore)
	dst = appendIntervalPart(dst, mon, "mon", &isZero, &isBefore)
	dst = appendIntervalPart(dst, int64(iv.Days), "day", &isZero, &isBefore)
	t := iv.Micros
	hour := t / UsecsPerHour
	t -= hour * UsecsPerHour
	min := t / UsecsPerMin
	t -= min * UsecsPerMin
	sec := t / UsecsPerSec
	fsec := t - sec*UsecsPerSec
	if isZero || hour != 0 || min != 0 || sec != 0 || fsec != 0 {
		minus := hour < 0 || min < 0 || sec < 0 || fsec < 0
		if !isZero {
			dst = append(dst, ' ')
		}
		if minus {
			dst = append(dst, '-')
		} else if isBefore {
			dst = append(dst, '+')
		}
		if hour < 0 {
			hour = -hour
		}
		if min < 0 {
			min = -min
		}
		if hour < 10 {
			dst = append(dst, '0')
		}
		dst = strconv.AppendInt(dst, hour, 10)
		dst = append(dst, ':')
		dst = appendPad(dst, int(min), 2)
		dst = append(dst, ':')
		dst = appendSeconds(dst, int(sec), int(fsec))
	}
	return dst
}

// intervalFields splits an interval as interval2itm does.
func intervalFields(iv Interval) (year, mon, mday, hour, min, sec, fsec int64) {
	year, mon, mday = int64(iv.Months/12), int64(iv.Months%12), int64(iv.Days)
	t := iv.Micros
	hour = t / UsecsPerHour
	t -= hour * UsecsPerHour
	min = t / UsecsPerMin
	t -= min * UsecsPerMin
	sec = t / UsecsPerSec
	fsec = t - sec*UsecsPerSec
	return
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// appendIntervalSQL is EncodeInterval's INTSTYLE_SQL_STANDARD: "1-2",
// "3 4:05:06", or every field signed when the value mixes signs or mixes
// year-month with day-time fields.
func appendIntervalSQL(dst []byte, iv Interval) []byte {
	year, mon, mday, hour, min, sec, fsec := intervalFields(iv)
	hasNeg := year < 0 || mon < 0 || mday < 0 || hour < 0 || min < 0 || sec < 0 || fsec < 0
	hasPos := year > 0 || mon > 0 || mday > 0 || hour > 0 || min > 0 || sec > 0 || fsec > 0
	hasYearMonth := year != 0 || mon != 0
	hasDayTime := mday != 0 || hour != 0 || min != 0 || sec != 0 || fsec != 0
	standard := !(hasNeg && hasPos) && !(hasYearMonth && hasDayTime)
	if hasNeg && standard {
		dst = append(dst, '-')
		year, mon, mday, hour, min, sec, fsec = -year, -mon, -mday, -hour, -min, -sec, -fsec
	}
	clock := func(dst []byte) []byte {
		dst = strconv.AppendInt(dst, abs64(hour), 10)
		dst = append(dst, ':')
		dst = appendPad(dst, int(abs64(min)), 2)
		dst = append(dst, ':')
		return appendSeconds(dst, int(sec), int(fsec))
	}
	switch {
	case !hasNeg && !hasPos:
		return append(dst, '0')
	case !standard:
		sign := func(neg bool) byte {
			if neg {
				return '-'
			}
			return '+'
		}
		dst = append(dst, sign(year < 0 || mon < 0))
		dst = strconv.AppendInt(dst, abs64(year), 10)
		dst = append(dst, '-')
		dst = strconv.AppendInt(dst, abs64(mon), 10)
		dst = append(dst, ' ', sign(mday < 0))
		dst = strconv.AppendInt(dst, abs64(mday), 10)
		dst = append(dst, ' ', sign(hour < 0 || min < 0 || sec < 0 || fsec < 0))
		return clock(dst)
	case hasYearMonth:
		dst = strconv.AppendInt(dst, year, 10)
		dst = append(dst, '-')
		return strconv.AppendInt(dst, mon, 10)
	case mday != 0:
		dst = strconv.AppendInt(dst, mday, 10)
		dst = append(dst, ' ')
		return clock(dst)
	}
	return clock(dst)
}

// appendIntervalISO is INTSTYLE_ISO_8601: "P1Y2M3DT4H5M6.5S".
func appendIntervalISO(dst []byte, iv Interval) []byte {
	year, mon, mday, hour, min, sec, fsec := intervalFields(iv)
	if year == 0 && mon == 0 && mday == 0 && hour == 0 && min == 0 && sec == 0 && fsec == 0 {
		return append(dst, "PT0S"...)
	}
	part := func(dst []byte, v int64, unit byte) []byte {
		if v == 0 {
			return dst
		}
		return append(strconv.AppendInt(dst, v, 10), unit)
	}
	dst = append(dst, 'P')
	dst = part(dst, year, 'Y')
	dst = part(dst, mon, 'M')
	dst = part(dst, mday, 'D')
	if hour != 0 || min != 0 || sec != 0 || fsec != 0 {
		dst = append(dst, 'T')
	}
	dst = part(dst, hour, 'H')
	dst = part(dst, min, 'M')
	if sec != 0 || fsec != 0 {
		if sec < 0 || fsec < 0 {
			dst = append(dst, '-')
		}
		dst = appendSecondsWidth(dst, int(sec), int(fsec), 1)
		dst = append(dst, 'S')
	}
	return dst
}

// appendIntervalVerbose is INTSTYLE_POSTGRES_VERBOSE: "@ 1 year 2 mons
// 3 days 4 hours 5 mins 6.5 secs", negative values as "... ago".
func appendIntervalVerbose(dst []byte, iv Interval) []byte {
	year, mon, mday, hour, min, sec, fsec := intervalFields(iv)
	isZero, isBefore := true, false
	part := func(v int64, unit string) {
		if v == 0 {
			return
		}
		if isZero {
			isBefore = v < 0
			v = abs64(v)
		} else if isBefore {
			v = -v
		}
		dst = append(dst, ' ')
		dst = strconv.AppendInt(dst, v, 10)
		dst = append(dst, ' ')
		dst = append(dst, unit...)
		if v != 1 {
			dst = append(dst, 's')
		}
		isZero = false
	}
	dst = append(dst, '@')
	part(year, "year")
	part(mon, "mon")
	part(mday, "day")
	part(hour, "hour")
	part(min, "min")
	if sec != 0 || fsec != 0 {
		dst = append(dst, ' ')
		if sec < 0 || (sec == 0 && fsec < 0) {
			if isZero {
				isBefore = true
			} else if !isBefore {
				dst = append(dst, '-')
			}
		} else if isBefore {
			dst = append(dst, '-')
		}
		dst = appendSecondsWidth(dst, int(sec), int(fsec), 1)
		dst = append(dst, " sec"...)
		if abs64(sec) != 1 || fsec != 0 {
			dst = append(dst, 's')
		}
		isZero = false
	}
	if isZero {
		dst = append(dst, " 0"...)
	}
	if isBefore {
		dst = append(dst, " ago"...)
	}
	return dst
}
