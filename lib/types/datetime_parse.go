// This file parses the text forms of date, time, timestamp, timestamptz and
// interval, after PostgreSQL's ParseDateTime/DecodeDateTime/DecodeInterval
// (utils/adt/datetime.c): the input is split into typed fields and the
// fields are then decoded in context. It accepts the formats people and
// drivers write (ISO 8601, SQL, "Mon DD YYYY", Julian days, zone names and
// common abbreviations); rarer legacy forms are rejected with PostgreSQL's
// error texts.

package types

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

type dtErrKind int

const (
	dtBadFormat dtErrKind = iota
	dtFieldOverflow
	dtMDFieldOverflow
	dtIntervalOverflow
	dtIntervalRange
	dtTZDispOverflow
	dtBadZone
)

// dtError is a parse failure before it is turned into a client error,
// which needs the whole input and the type name.
type dtError struct {
	kind dtErrKind
	zone string
}

// toPg is DateTimeParseError.
func (e *dtError) toPg(input, sqlName string) *pgerr.Error {
	switch e.kind {
	case dtFieldOverflow:
		return pgerr.Newf(pgerr.DatetimeFieldOverflow, "date/time field value out of range: \"%s\"", input)
	case dtMDFieldOverflow:
		return pgerr.Newf(pgerr.DatetimeFieldOverflow, "date/time field value out of range: \"%s\"", input).
			WithHint("Perhaps you need a different \"datestyle\" setting.")
	case dtIntervalOverflow:
		return pgerr.Newf(pgerr.IntervalFieldOverflow, "interval field value out of range: \"%s\"", input)
	case dtIntervalRange:
		return pgerr.New(pgerr.DatetimeValueOutOfRange, "interval out of range")
	case dtTZDispOverflow:
		return pgerr.Newf(pgerr.InvalidTimeZoneDisplacementValue, "time zone displacement out of range: \"%s\"", input)
	case dtBadZone:
		return pgerr.Newf(pgerr.InvalidParameterValue, "time zone \"%s\" not recognized", e.zone)
	}
	return pgerr.Newf(pgerr.InvalidDatetimeFormat, "invalid input syntax for type %s: \"%s\"", sqlName, input)
}

var (
	errBadFormat     = &dtError{kind: dtBadFormat}
	errFieldOverflow = &dtError{kind: dtFieldOverflow}
	errMDOverflow    = &dtError{kind: dtMDFieldOverflow}
	errIvOverflow    = &dtError{kind: dtIntervalOverflow}
	errIvRange       = &dtError{kind: dtIntervalRange}
	errTZOverflow    = &dtError{kind: dtTZDispOverflow}
)

type fieldKind int

const (
	fkNumber  fieldKind = iota // digits, maybe with a fraction
	fkDate                     // digits or a month name joined by - / .
	fkTime                     // h:m[:s[.f]]
	fkString                   // a word
	fkSigned                   // +/- then digits, colons, dots: a zone offset or signed number
	fkSpecial                  // +/- then a word, like -infinity
)

type field struct {
	kind fieldKind
	s    string // lower-cased text
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// splitFields is ParseDateTime.
func splitFields(in string) ([]field, *dtError) {
	s := strings.ToLower(in)
	var out []field
	i := 0
	for i < len(s) {
		c := s[i]
		start := i
		switch {
		case isSpace(c):
			i++
			continue
		case isDigit(c):
			for i < len(s) && isDigit(s[i]) {
				i++
			}
			switch {
			case i < len(s) && s[i] == ':':
				for i < len(s) && (isDigit(s[i]) || s[i] == ':' || s[i] == '.') {
					i++
				}
				out = append(out, field{fkTime, s[start:i]})
			case i < len(s) && (s[i] == '-' || s[i] == '/'):
				delim := s[i]
				i++
				if i < len(s) && isDigit(s[i]) {
					// All-digit fields: letters after them start a
					// new field (the T of ISO 8601).
					for i < len(s) && (isDigit(s[i]) || s[i] == delim) {
						i++
					}
				} else {
					for i < len(s) && (isDigit(s[i]) || isAlpha(s[i]) || s[i] == delim) {
						i++
					}
				}
				out = append(out, field{fkDate, s[start:i]})
			case i < len(s) && s[i] == '.':
				i++
				for i < len(s) && isDigit(s[i]) {
					i++
				}
				if i < len(s) && s[i] == '.' {
					for i < len(s) && (isDigit(s[i]) || s[i] == '.') {
						i++
					}
					out = append(out, field{fkDate, s[start:i]})
				} else {
					out = append(out, field{fkNumber, s[start:i]})
				}
			default:
				out = append(out, field{fkNumber, s[start:i]})
			}
		case c == '.':
			i++
			for i < len(s) && isDigit(s[i]) {
				i++
			}
			out = append(out, field{fkNumber, s[start:i]})
		case isAlpha(c):
			for i < len(s) && isAlpha(s[i]) {
				i++
			}
			if i < len(s) && (s[i] == '/' || s[i] == '_') {
				// A zone name such as america/new_york.
				for i < len(s) && (isAlpha(s[i]) || isDigit(s[i]) || s[i] == '/' || s[i] == '_' || s[i] == '+' || s[i] == '-') {
					i++
				}
			} else if i < len(s) && (s[i] == '-' || s[i] == '.') && i+1 < len(s) && isDigit(s[i+1]) && isMonth(s[start:i]) {
				// A date with a leading month name: jan-08-1999.
				delim := s[i]
				for i < len(s) && (isDigit(s[i]) || isAlpha(s[i]) || s[i] == delim) {
					i++
				}
				out = append(out, field{fkDate, s[start:i]})
				continue
			} else if i < len(s) && (s[i] == '+' || s[i] == '-' || isDigit(s[i])) && !dateKeywords[s[start:i]] {
				// A zone name with a POSIX offset or rules after it
				// (utc+3, gmt-2, est5edt), as ParseDateTime reads
				// letters followed by a digit or a sign that are no
				// date keyword.
				for i < len(s) && (isAlpha(s[i]) || isDigit(s[i]) || strings.IndexByte("+-/_.:", s[i]) >= 0) {
					i++
				}
			}
			out = append(out, field{fkString, s[start:i]})
		case c == '+' || c == '-':
			i++
			for i < len(s) && isSpace(s[i]) {
				i++
			}
			switch {
			case i < len(s) && (isDigit(s[i]) || s[i] == '.'):
				// As ParseDateTime's DTK_TZ: a zone offset, a signed
				// number, or a signed year-month ("-1-2").
				for i < len(s) && (isDigit(s[i]) || s[i] == ':' || s[i] == '.' || s[i] == '-') {
					i++
				}
				out = append(out, field{fkSigned, string(c) + strings.TrimLeft(s[start+1:i], " \t\n\r\v\f")})
			case i < len(s) && isAlpha(s[i]):
				for i < len(s) && isAlpha(s[i]) {
					i++
				}
				out = append(out, field{fkSpecial, string(c) + strings.TrimLeft(s[start+1:i], " \t\n\r\v\f")})
			default:
				return nil, errBadFormat
			}
		case c == ',' || c == '@' || c == '\'' || c == '"' || c == ';':
			// Punctuation separates fields and is otherwise ignored.
			i++
		default:
			return nil, errBadFormat
		}
	}
	return out, nil
}

var monthNames = map[string]int{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
	"apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
	"aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10,
	"october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}

var dayNames = map[string]bool{
	"sun": true, "sunday": true, "mon": true, "monday": true, "tue": true,
	"tues": true, "tuesday": true, "wed": true, "wednesday": true,
	"thu": true, "thur": true, "thurs": true, "thursday": true, "fri": true,
	"friday": true, "sat": true, "saturday": true,
}

func isMonth(s string) bool { _, ok := monthNames[s]; return ok }

// dateKeywords are the words of PostgreSQL's datetktbl (date and time
// keywords, not zone abbreviations): letters followed by a digit start
// a zone name unless they are one of these.
var dateKeywords = map[string]bool{
	"ad": true, "allballs": true, "am": true, "apr": true, "april": true, "at": true, "aug": true, "august": true,
	"bc": true, "d": true, "dec": true, "december": true, "dow": true, "doy": true, "dst": true, "epoch": true,
	"feb": true, "february": true, "fri": true, "friday": true, "h": true, "infinity": true, "isodow": true,
	"isoyear": true, "j": true, "jan": true, "january": true, "jd": true, "jul": true, "julian": true, "july": true,
	"jun": true, "june": true, "m": true, "mar": true, "march": true, "may": true, "mm": true, "mon": true,
	"monday": true, "nov": true, "november": true, "now": true, "oct": true, "october": true, "on": true,
	"pm": true, "s": true, "sat": true, "saturday": true, "sep": true, "sept": true, "september": true,
	"sun": true, "sunday": true, "t": true, "thu": true, "thur": true, "thurs": true, "thursday": true,
	"today": true, "tomorrow": true, "tue": true, "tues": true, "tuesday": true, "wed": true, "wednesday": true,
	"weds": true, "y": true, "yesterday": true,
}

// special date/time words.
type dtSpecial int

const (
	spNone dtSpecial = iota
	spEpoch
	spInfinity
	spNegInfinity
	spNow
	spToday
	spTomorrow
	spYesterday
	spAllballs
)

// dtResult is a decoded date/time string.
type dtResult struct {
	f                  Fields
	haveDate, haveTime bool
	special            dtSpecial
	dayOffset          int // today/tomorrow/yesterday
	tzOffset           *int
	tzLoc              *time.Location
	// tzAbbrev is a dynamic zone abbreviation (tzOffset is then only a
	// placeholder): its offset depends on the instant, known at the end.
	tzAbbrev *ZoneAbbrev
	// twoDigitYear is set when the year was written with at most two
	// digits; unless BC follows, it then means a year near 2000.
	twoDigitYear bool
}

// year records a year field written with the given number of digits.
func (r *dtResult) year(v int, digits int) int {
	r.twoDigitYear = digits <= 2
	return v
}

// ParseZoneOffset reads a numeric time zone as DecodeTimezone does
// ("+5", "-05:30", "+0530"): the offset in seconds east of UTC, ok false
// for another syntax and overflow for an offset out of range.
func ParseZoneOffset(s string) (east int, ok, overflow bool) {
	if s == "" || s[0] != '+' && s[0] != '-' {
		return 0, false, false
	}
	off, err := parseZoneOffset(s)
	if err != nil {
		return 0, false, err == errTZOverflow
	}
	return off, true, false
}

// parseZoneOffset is DecodeTimezone: +h, +hh, +hhmm, +hh:mm, +hh:mm:ss.
// The result is seconds east of UTC.
func parseZoneOffset(s string) (int, *dtError) {
	sign := 1
	if s[0] == '-' {
		sign = -1
	}
	body := s[1:]
	var h, m, sec int
	var err error
	if strings.Contains(body, ":") {
		parts := strings.Split(body, ":")
		if len(parts) > 3 {
			return 0, errBadFormat
		}
		vals := make([]int, 3)
		for i, p := range parts {
			if p == "" || strings.Contains(p, ".") {
				return 0, errBadFormat
			}
			if vals[i], err = strconv.Atoi(p); err != nil {
				return 0, errBadFormat
			}
		}
		h, m, sec = vals[0], vals[1], vals[2]
	} else {
		if body == "" || strings.Contains(body, ".") {
			return 0, errBadFormat
		}
		v, err := strconv.Atoi(body)
		if err != nil {
			return 0, errBadFormat
		}
		switch {
		case len(body) > 4:
			h, m, sec = v/10000, v/100%100, v%100
		case len(body) > 2:
			h, m = v/100, v%100
		default:
			h = v
		}
	}
	if h < 0 || h > 15 || m < 0 || m >= 60 || sec < 0 || sec >= 60 {
		return 0, errTZOverflow
	}
	return sign * (h*3600 + m*60 + sec), nil
}

// parseTimeField decodes h:m[:s[.frac]] into r.f.
func parseTimeField(s string, f *Fields) *dtError {
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return errBadFormat
	}
	var err error
	if f.Hour, err = strconv.Atoi(parts[0]); err != nil {
		return errBadFormat
	}
	minPart := parts[1]
	secPart := ""
	if len(parts) == 3 {
		secPart = parts[2]
	} else if strings.IndexByte(minPart, '.') >= 0 {
		// As PostgreSQL's DecodeTime, two fields of which the second
		// has a fraction are minutes and seconds: "05:06.7".
		secPart, minPart, f.Hour = minPart, parts[0], 0
	}
	if f.Min, err = strconv.Atoi(minPart); err != nil {
		return errBadFormat
	}
	f.Sec, f.Usec = 0, 0
	if secPart != "" {
		whole, frac, _ := strings.Cut(secPart, ".")
		if whole == "" {
			whole = "0"
		}
		if f.Sec, err = strconv.Atoi(whole); err != nil {
			return errBadFormat
		}
		if frac != "" {
			for _, c := range []byte(frac) {
				if !isDigit(c) {
					return errBadFormat
				}
			}
			fv, _ := strconv.ParseFloat("0."+frac, 64)
			f.Usec = int(math.RoundToEven(fv * 1e6))
			if f.Usec >= 1000000 {
				f.Usec -= 1000000
				f.Sec++
			}
		}
	}
	if f.Hour < 0 || f.Min < 0 || f.Min > 59 || f.Sec < 0 || f.Sec > 60 ||
		f.Hour > 24 || (f.Hour == 24 && (f.Min > 0 || f.Sec > 0 || f.Usec > 0)) {
		return errFieldOverflow
	}
	return nil
}

// twoDigitYear is AdjustYears for years written with one or two digits.
func twoDigitYear(y int, digits int) int {
	if digits > 2 {
		return y
	}
	if y < 70 {
		return y + 2000
	}
	if y < 100 {
		return y + 1900
	}
	return y
}

// decodeDateField is DecodeDate for a field like 2020-01-02, 01/02/2020,
// 2020.01.02 or 08-jan-1999.
func decodeDateField(s string, order DateOrder, r *dtResult) *dtError {
	delim := byte(0)
	for i := 0; i < len(s); i++ {
		if s[i] == '-' || s[i] == '/' || s[i] == '.' {
			delim = s[i]
			break
		}
	}
	parts := strings.Split(s, string(delim))
	if len(parts) == 2 && delim == '.' && len(parts[0]) >= 3 && len(parts[1]) == 3 {
		// year.day-of-year
		y, err1 := strconv.Atoi(parts[0])
		doy, err2 := strconv.Atoi(parts[1])
		if err1 != nil || err2 != nil {
			return errBadFormat
		}
		if doy < 1 || doy > 366 {
			return errFieldOverflow
		}
		r.f.Year, r.f.Month, r.f.Day = JulianToDate(DateToJulian(y, 1, 1) + doy - 1)
		r.haveDate = true
		return nil
	}
	if len(parts) != 3 {
		return errBadFormat
	}
	month := 0
	var nums []string
	for _, p := range parts {
		if p == "" {
			return errBadFormat
		}
		if isAlpha(p[0]) {
			m, ok := monthNames[p]
			if !ok || month != 0 {
				return errBadFormat
			}
			month = m
			continue
		}
		for _, c := range []byte(p) {
			if !isDigit(c) {
				return errBadFormat
			}
		}
		nums = append(nums, p)
	}
	atoi := func(p string) int { v, _ := strconv.Atoi(p); return v }
	f := &r.f
	if month != 0 {
		// One of day and year is the long or the > 31 one.
		a, b := nums[0], nums[1]
		if len(a) >= 3 || (order == OrderYMD && len(b) <= 2) {
			f.Year, f.Day = r.year(atoi(a), len(a)), atoi(b)
		} else {
			f.Day, f.Year = atoi(a), r.year(atoi(b), len(b))
		}
		f.Month = month
	} else if len(parts[0]) >= 3 {
		f.Year, f.Month, f.Day = r.year(atoi(parts[0]), len(parts[0])), atoi(parts[1]), atoi(parts[2])
	} else {
		switch order {
		case OrderDMY:
			f.Day, f.Month, f.Year = atoi(parts[0]), atoi(parts[1]), r.year(atoi(parts[2]), len(parts[2]))
		case OrderYMD:
			f.Year, f.Month, f.Day = r.year(atoi(parts[0]), len(parts[0])), atoi(parts[1]), atoi(parts[2])
		default:
			f.Month, f.Day, f.Year = atoi(parts[0]), atoi(parts[1]), r.year(atoi(parts[2]), len(parts[2]))
		}
	}
	r.haveDate = true
	return nil
}

// decodeDateTime is DecodeDateTime/DecodeTimeOnly.
func decodeDateTime(in string, opts *FormatOptions, timeOnly bool) (*dtResult, *dtError) {
	fields, err := splitFields(in)
	if err != nil {
		return nil, err
	}
	if len(fields) == 0 || timeOnly && !timeOnlyFieldsOK(fields) {
		return nil, errBadFormat
	}
	if timeOnly {
		fields = splitTimeZoneFields(fields)
	}
	r := &dtResult{}
	var (
		haveMonth, haveDay, haveYear bool
		ampm                         string
		bc, ad                       bool
		julian                       bool
		others                       int // fields other than special words
	)
	for i, fl := range fields {
		if fl.kind != fkString && fl.kind != fkSpecial {
			others++
		}
		switch fl.kind {
		case fkDate:
			if r.haveDate {
				return nil, errBadFormat
			}
			if err := decodeDateField(fl.s, opts.dateOrder(), r); err != nil {
				return nil, err
			}
			haveMonth, haveDay, haveYear = true, true, true
		case fkTime:
			if r.haveTime {
				return nil, errBadFormat
			}
			if err := parseTimeField(fl.s, &r.f); err != nil {
				return nil, err
			}
			r.haveTime = true
		case fkSigned:
			if r.tzOffset != nil || r.tzLoc != nil {
				return nil, errBadFormat
			}
			off, err := parseZoneOffset(fl.s)
			if err != nil {
				return nil, err
			}
			r.tzOffset = &off
		case fkNumber:
			v, err := strconv.Atoi(fl.s)
			if julian {
				if err != nil || v < 0 {
					return nil, errBadFormat
				}
				r.f.Year, r.f.Month, r.f.Day = JulianToDate(v)
				r.haveDate = true
				haveMonth, haveDay, haveYear = true, true, true
				julian = false
				continue
			}
			if err != nil && !timeOnly && len(fl.s) >= 6 && allDigits(fl.s) && !r.haveDate && !haveMonth && !haveDay && !haveYear {
				// Too long for an integer: DecodeNumberField still
				// takes the last two digits as the day and the two
				// before as the month, and the year is out of range.
				if mon := (fl.s[len(fl.s)-4]-'0')*10 + fl.s[len(fl.s)-3] - '0'; mon < 1 || mon > 12 {
					return nil, errMDOverflow
				}
				return nil, errFieldOverflow
			}
			if err != nil {
				// A decimal number: year.day-of-year, the only form
				// with a point left once time fields took theirs.
				if y, doy, ok := strings.Cut(fl.s, "."); ok && !r.haveDate && len(y) >= 3 && len(doy) == 3 {
					if derr := decodeDateField(fl.s, opts.dateOrder(), r); derr != nil {
						return nil, derr
					}
					haveMonth, haveDay, haveYear = true, true, true
					continue
				}
				return nil, errBadFormat
			}
			switch {
			case !r.haveTime && (len(fl.s) == 4 || len(fl.s) == 6) && (r.haveDate || timeOnly && !haveMonth):
				// hhmm or hhmmss after a date, or in a time.
				if len(fl.s) == 4 {
					r.f.Hour, r.f.Min = v/100, v%100
				} else {
					r.f.Hour, r.f.Min, r.f.Sec = v/10000, v/100%100, v%100
				}
				if r.f.Hour > 24 || r.f.Min > 59 || r.f.Sec > 60 {
					return nil, errFieldOverflow
				}
				r.haveTime = true
			case !r.haveDate && !haveMonth && !haveDay && !haveYear && (len(fl.s) == 8 || len(fl.s) == 6):
				// YYYYMMDD or YYMMDD.
				if len(fl.s) == 8 {
					r.f.Year, r.f.Month, r.f.Day = v/10000, v/100%100, v%100
				} else {
					r.f.Year, r.f.Month, r.f.Day = r.year(v/10000, 2), v/100%100, v%100
				}
				r.haveDate = true
				haveMonth, haveDay, haveYear = true, true, true
			case haveMonth && !haveDay && len(fl.s) <= 2:
				r.f.Day = v
				haveDay = true
			case !haveYear && (haveMonth || len(fl.s) >= 3):
				r.f.Year = r.year(v, len(fl.s))
				haveYear = true
			case !haveDay && !haveMonth && len(fl.s) <= 2:
				r.f.Day = v
				haveDay = true
			default:
				return nil, errBadFormat
			}
			if haveMonth && haveDay && haveYear {
				r.haveDate = true
			}
		case fkSpecial:
			switch fl.s {
			case "-infinity":
				r.special = spNegInfinity
			case "+infinity":
				r.special = spInfinity
			default:
				return nil, errBadFormat
			}
		case fkString:
			w := fl.s
			if m, ok := monthNames[w]; ok && !haveMonth {
				r.f.Month = m
				haveMonth = true
				if haveDay && haveYear {
					r.haveDate = true
				}
				continue
			}
			if dayNames[w] {
				continue
			}
			switch w {
			case "am", "a.m.", "pm", "p.m.":
				ampm = w[:1]
				continue
			case "bc":
				bc = true
				continue
			case "ad":
				ad = true
				continue
			case "t":
				// ISO 8601 date/time separator.
				continue
			case "j":
				julian = true
				continue
			case "epoch":
				r.special = spEpoch
				continue
			case "infinity":
				r.special = spInfinity
				continue
			case "now":
				r.special = spNow
				continue
			case "today", "tomorrow", "yesterday":
				r.special = spToday
				r.dayOffset = map[string]int{"today": 0, "tomorrow": 1, "yesterday": -1}[w]
				continue
			case "allballs":
				r.special = spAllballs
				continue
			}
			if z, ok := lookupZoneAbbrev(w); ok {
				if r.tzOffset != nil || r.tzLoc != nil {
					return nil, errBadFormat
				}
				off := z.Offset
				r.tzOffset = &off
				if z.Zone != "" {
					r.tzAbbrev = z
				}
				// An abbreviation may be followed by nothing else but
				// another offset in POSIX style; keep it simple.
				continue
			}
			if strings.ContainsAny(w, "+-0123456789") && !strings.ContainsAny(w, "/_") && !r.haveDate && !timeOnly {
				// DecodeDateTime takes such a field for a zone only
				// after the date; before, it is a malformed date.
				return nil, errBadFormat
			}
			if strings.ContainsAny(w, "/_+-0123456789") || i == len(fields)-1 && len(w) > 3 {
				loc, lerr := opts.zone(in[indexFold(in, w):][:len(w)])
				if lerr != nil {
					if strings.ContainsAny(w, "/_+-0123456789") {
						return nil, &dtError{kind: dtBadZone, zone: w}
					}
					return nil, errBadFormat
				}
				r.tzLoc = loc
				continue
			}
			return nil, errBadFormat
		}
	}
	if julian || (bc && ad) {
		return nil, errBadFormat
	}
	if r.special != spNone {
		switch r.special {
		case spNow, spEpoch, spInfinity, spNegInfinity, spAllballs:
			// These stand for a whole value and mix with nothing.
			if others > 0 || r.tzOffset != nil || r.tzLoc != nil || len(fields) > 1 {
				return nil, errBadFormat
			}
		case spToday:
			if r.haveDate {
				return nil, errBadFormat
			}
		}
		if r.haveDate || (r.haveTime && r.special != spToday) || r.tzOffset != nil && r.special != spToday {
			if r.special == spInfinity || r.special == spNegInfinity || r.special == spEpoch {
				return nil, errBadFormat
			}
		}
		return r, nil
	}
	// Partial dates are errors unless this is a time-only input.
	if (haveMonth || haveDay || haveYear) && !r.haveDate {
		if !(haveMonth && haveDay && haveYear) {
			return nil, errBadFormat
		}
	}
	if r.haveDate {
		if bc {
			if r.f.Year <= 0 {
				return nil, errFieldOverflow
			}
			r.f.Year = 1 - r.f.Year
		} else if r.twoDigitYear {
			r.f.Year = twoDigitYear(r.f.Year, 2)
		} else if r.f.Year == 0 {
			return nil, errFieldOverflow
		}
		if r.f.Month < 1 || r.f.Month > 12 || r.f.Day < 1 || r.f.Day > 31 {
			return nil, errMDOverflow
		}
		if r.f.Day > daysInMonth(r.f.Year, r.f.Month) {
			return nil, errFieldOverflow
		}
	} else if bc {
		return nil, errBadFormat
	}
	if ampm != "" {
		if !r.haveTime || r.f.Hour < 0 || r.f.Hour > 12 {
			return nil, errFieldOverflow
		}
		if ampm == "p" && r.f.Hour < 12 {
			r.f.Hour += 12
		} else if ampm == "a" && r.f.Hour == 12 {
			r.f.Hour = 0
		}
	}
	if r.haveTime && r.f.Hour == 24 && (r.f.Min != 0 || r.f.Sec != 0 || r.f.Usec != 0) {
		return nil, errFieldOverflow
	}
	if timeOnly && r.tzLoc != nil && !r.haveDate && !singleOffset(r.tzLoc) {
		// As DecodeTimeOnly: a zone whose offset changes over time
		// needs a date to say which offset applies.
		return nil, errBadFormat
	}
	return r, nil
}

// indexFold finds the lower-cased word w in in, so that a zone name keeps
// its original spelling for time.LoadLocation.
func indexFold(in, w string) int {
	i := strings.Index(strings.ToLower(in), w)
	if i < 0 {
		return 0
	}
	return i
}

// LoadZone resolves a time zone name as the TimeZone setting and zone
// fields in timestamps accept it: IANA names case-insensitively for the
// usual spellings, and UTC aliases.
func LoadZone(name string) (*time.Location, error) {
	switch strings.ToLower(name) {
	case "utc", "gmt", "z", "zulu", "uct", "etc/utc", "etc/gmt", "universal":
		return time.UTC, nil
	}
	if loc, err := time.LoadLocation(name); err == nil {
		return loc, nil
	}
	// Try the conventional capitalisation: america/new_york ->
	// America/New_York.
	parts := strings.Split(name, "/")
	for i, p := range parts {
		sub := strings.Split(p, "_")
		for j, s := range sub {
			if len(s) > 0 {
				sub[j] = strings.ToUpper(s[:1]) + strings.ToLower(s[1:])
			}
		}
		parts[i] = strings.Join(sub, "_")
	}
	return time.LoadLocation(strings.Join(parts, "/"))
}

// timeOfDay returns the microseconds since midnight of decoded fields.
func timeOfDay(f Fields) int64 {
	return int64(f.Hour)*UsecsPerHour + int64(f.Min)*UsecsPerMin + int64(f.Sec)*UsecsPerSec + int64(f.Usec)
}

// now returns the transaction start that 'now', 'today', 'tomorrow' and
// 'yesterday' read, noting the read in NowRead.
func (o *FormatOptions) now() time.Time {
	if o == nil {
		return time.Now()
	}
	if o.NowRead != nil {
		*o.NowRead = true
	}
	if o.Now.IsZero() {
		return time.Now()
	}
	return o.Now
}

// parseTimestamp is timestamp_in (withTZ false) and timestamptz_in.
func parseTimestamp(s string, withTZ bool, typmod int32, opts *FormatOptions) (Datum, error) {
	sqlName := "timestamp"
	if withTZ {
		sqlName = "timestamp with time zone"
	}
	r, derr := decodeDateTime(s, opts, false)
	if derr != nil {
		return Null, derr.toPg(s, sqlName)
	}
	loc := opts.location()
	switch r.special {
	case spInfinity:
		return Int(TimestampNoEnd), nil
	case spNegInfinity:
		return Int(TimestampNoBegin), nil
	case spEpoch:
		return Int(-pgEpochUnix * UsecsPerSec), nil
	case spNow:
		ts := TimeToTimestamp(opts.now())
		if !withTZ {
			ts += int64(offsetAt(ts, loc)) * UsecsPerSec
		}
		return Int(ts), nil
	case spToday:
		now := TimeToTimestamp(opts.now())
		local := now + int64(offsetAt(now, loc))*UsecsPerSec
		day := floorDiv(local, UsecsPerDay) + int64(r.dayOffset)
		ts := day*UsecsPerDay + timeOfDay(r.f)
		if withTZ {
			ts = LocalToUTC(ts, loc)
		}
		return Int(ts), nil
	case spAllballs:
		return Null, errBadFormat.toPg(s, sqlName)
	}
	if !r.haveDate {
		return Null, errBadFormat.toPg(s, sqlName)
	}
	ts, ok := FieldsToTimestamp(r.f)
	if !ok {
		return Null, pgerr.Newf(pgerr.DatetimeValueOutOfRange, "timestamp out of range: \"%s\"", s)
	}
	if withTZ {
		switch {
		case r.tzAbbrev != nil:
			ts -= int64(r.tzAbbrev.localOffset(ts)) * UsecsPerSec
		case r.tzOffset != nil:
			ts -= int64(*r.tzOffset) * UsecsPerSec
		case r.tzLoc != nil:
			ts = LocalToUTC(ts, r.tzLoc)
		default:
			ts = LocalToUTC(ts, loc)
		}
		if ts < MinTimestamp || ts >= EndTimestamp {
			return Null, pgerr.Newf(pgerr.DatetimeValueOutOfRange, "timestamp out of range: \"%s\"", s)
		}
	}
	ts, err := AdjustTimestampTypmod(ts, typmod)
	if err != nil {
		return Null, err
	}
	return Int(ts), nil
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// AdjustTimestampTypmod rounds a timestamp to the precision typmod (0-6)
// half away from zero, as AdjustTimestampForTypmod does.
func AdjustTimestampTypmod(ts int64, typmod int32) (int64, error) {
	if typmod < 0 || typmod >= 6 || ts == TimestampNoBegin || ts == TimestampNoEnd {
		return ts, nil
	}
	scale := int64(math.Pow10(6 - int(typmod)))
	off := scale / 2
	if ts >= 0 {
		return (ts + off) / scale * scale, nil
	}
	return -((-ts + off) / scale * scale), nil
}

// parseDate is date_in.
func parseDate(s string, opts *FormatOptions) (Datum, error) {
	r, derr := decodeDateTime(s, opts, false)
	if derr != nil {
		return Null, derr.toPg(s, "date")
	}
	switch r.special {
	case spInfinity:
		return Int(DateNoEnd), nil
	case spNegInfinity:
		return Int(DateNoBegin), nil
	case spEpoch:
		return Int(int64(UnixEpochJDate - PostgresEpochJDate)), nil
	case spNow, spToday:
		now := TimeToTimestamp(opts.now())
		local := now + int64(offsetAt(now, opts.location()))*UsecsPerSec
		return Int(floorDiv(local, UsecsPerDay) + int64(r.dayOffset)), nil
	case spAllballs:
		return Null, errBadFormat.toPg(s, "date")
	}
	if !r.haveDate {
		return Null, errBadFormat.toPg(s, "date")
	}
	jd := DateToJulian(r.f.Year, r.f.Month, r.f.Day)
	if jd < datetimeMinJulian || jd >= dateEndJulian {
		return Null, pgerr.Newf(pgerr.DatetimeValueOutOfRange, "date out of range: \"%s\"", s)
	}
	return Int(int64(jd - PostgresEpochJDate)), nil
}

// parseTime is time_in.
func parseTime(s string, typmod int32, opts *FormatOptions) (Datum, error) {
	r, derr := decodeDateTime(s, opts, true)
	if derr != nil {
		return Null, derr.toPg(s, "time")
	}
	switch r.special {
	case spAllballs:
		return Int(0), nil
	case spNow:
		now := TimeToTimestamp(opts.now())
		local := now + int64(offsetAt(now, opts.location()))*UsecsPerSec
		return Int(local - floorDiv(local, UsecsPerDay)*UsecsPerDay), nil
	case spNone:
	default:
		return Null, errBadFormat.toPg(s, "time")
	}
	if !r.haveTime {
		return Null, errBadFormat.toPg(s, "time")
	}
	t := timeOfDay(r.f)
	t, _ = AdjustTimestampTypmod(t, typmod)
	return Int(t), nil
}

// singleOffset reports whether loc has had one UTC offset at all times
// (pg_get_timezone_offset), following its transitions until a second
// offset shows up.
func singleOffset(loc *time.Location) bool {
	t := time.Date(-4713, 1, 1, 0, 0, 0, 0, loc)
	_, first := t.Zone()
	for i := 0; i < 10000; i++ {
		_, end := t.ZoneBounds()
		if end.IsZero() {
			return true
		}
		t = end
		if _, off := t.Zone(); off != first {
			return false
		}
	}
	return false
}

// ZoneAbbrevOffset returns the UTC offset (seconds east) of a time zone
// abbreviation of the Default set such as "pst", given in lower case; a
// dynamic one's as it is now.
func ZoneAbbrevOffset(abbrev string) (int, bool) {
	z, ok := lookupZoneAbbrev(abbrev)
	if !ok {
		return 0, false
	}
	off, _, ok := z.OffsetAt(time.Now())
	return off, ok
}

// allDigits reports whether s is a non-empty run of ASCII digits.
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

// timeOnlyDateAllowed is DecodeTimeOnly's condition for reading field i,
// a date-like field, as a date: the first of several fields, followed
// by a time or with a date or zone name last.
func timeOnlyDateAllowed(fields []field, i int) bool {
	n := len(fields)
	last := fields[n-1]
	lastDateLike := last.kind == fkDate || last.kind == fkString && strings.ContainsAny(last.s, "/_")
	return i == 0 && n >= 2 && (lastDateLike || fields[1].kind == fkTime)
}

// splitTimeZoneFields reads, as DecodeTimeOnly does, a digit-led field
// with a '-' that may not be a date as a concatenated time and a zone
// offset: "040506-08" is 04:05:06 at -08.
func splitTimeZoneFields(fields []field) []field {
	var out []field
	for i, f := range fields {
		if f.kind == fkDate && isDigit(f.s[0]) && !timeOnlyDateAllowed(fields, i) {
			if num, zone, ok := strings.Cut(f.s, "-"); ok {
				if out == nil {
					out = append([]field(nil), fields[:i]...)
				}
				out = append(out, field{fkNumber, num}, field{fkSigned, "-" + zone})
				continue
			}
		}
		if out != nil {
			out = append(out, f)
		}
	}
	if out == nil {
		return fields
	}
	return out
}

// timeOnlyFieldsOK applies DecodeTimeOnly's limits on what may come with
// a time: a date only as the first of several fields, followed by the
// time or ending with a date or zone name; no month or day names; plain
// numbers only as hhmm or hhmmss.
func timeOnlyFieldsOK(fields []field) bool {
	n := len(fields)
	dateLike := func(f field) bool {
		return f.kind == fkDate || f.kind == fkString && strings.ContainsAny(f.s, "/_")
	}
	for i, f := range fields {
		switch f.kind {
		case fkDate:
			if timeOnlyDateAllowed(fields, i) {
				continue
			}
			// Else a time and zone ("040506-08", splitTimeZoneFields),
			// which no time may precede.
			if !isDigit(f.s[0]) || !strings.Contains(f.s, "-") {
				return false
			}
			for _, g := range fields[:i] {
				if g.kind == fkTime || g.kind == fkNumber {
					return false
				}
			}
		case fkString:
			if isMonth(f.s) || dayNames[f.s] {
				return false
			}
		case fkNumber:
			if i > 0 && fields[i-1].s == "j" {
				// A Julian day number.
				continue
			}
			if strings.Contains(f.s, ".") {
				whole, _, _ := strings.Cut(f.s, ".")
				if !(i == 0 && n >= 2 && dateLike(fields[n-1])) && len(whole) <= 2 {
					return false
				}
			} else if len(f.s) != 4 && len(f.s) != 6 {
				return false
			}
		}
	}
	return true
}
