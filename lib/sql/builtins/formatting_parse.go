// This file implements the parsing direction of PostgreSQL's
// formatting.c: to_timestamp(text, text) and to_date(text, text)
// (DCH_from_char and do_to_timestamp), with PostgreSQL's rules for
// skipping spaces and separators, fixed-width fields, FX mode and its
// error messages.

package builtins

import (
	"math"
	"strings"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// Date conventions a template may use; mixing them is an error.
const (
	dateModeNone = iota
	dateModeGregorian
	dateModeISOWeek
)

// dchDateMode is the convention a pattern belongs to.
func dchDateMode(k dchKey) int {
	switch k {
	case dchDDD, dchDD, dchD, dchMM, dchMONTH, dchMON, dchMonthCap, dchMonCap, dchmonth, dchmon,
		dchRM, dchrm, dchWW, dchW, dchYcommaYYY, dchYYYY, dchYYY, dchYY, dchY:
		return dateModeGregorian
	case dchIDDD, dchID, dchIW, dchIYYY, dchIYY, dchIY, dchI:
		return dateModeISOWeek
	}
	return dateModeNone
}

// tmFromChar is TmFromChar: the fields a template read, zero when not
// given.
type tmFromChar struct {
	mode                                 int
	hh, pm, mi, ss, ssss, d, dd, ddd, mm int
	ms, year, bc, ww, w, cc, j, us, yysz int
	clock12                              bool
	tzsign, tzh, tzm, ff                 int
}

var (
	ampmStrings     = []string{"am", "pm", "AM", "PM"}
	ampmStringsLong = []string{"a.m.", "p.m.", "A.M.", "P.M."}
	adbcStrings     = []string{"ad", "bc", "AD", "BC"}
	adbcStringsLong = []string{"a.d.", "b.c.", "A.D.", "B.C."}
)

// dchParser holds the state of DCH_from_char.
type dchParser struct {
	nodes []templateNode
	fmt   string // the template the nodes were parsed from
	in    string
	s     int // position in in
	out   tmFromChar
}

func (p *dchParser) ch(i int) byte {
	if i < 0 || i >= len(p.in) {
		return 0
	}
	return p.in[i]
}

// isNextSeparator is is_next_separator: whether the field after node i
// cannot start with a digit, so that node i may read as many digits as
// it finds.
func (p *dchParser) isNextSeparator(i int) bool {
	n := &p.nodes[i]
	if n.kind == nodeAction && n.suffix&(sufTH|sufth) != 0 {
		return true
	}
	if i+1 >= len(p.nodes) {
		return true
	}
	next := &p.nodes[i+1]
	if next.kind == nodeAction {
		return !next.key.isDigit
	}
	if t := next.text(p.fmt); len(t) == 1 && t[0] >= '0' && t[0] <= '9' {
		return false
	}
	return true
}

func errDatetimeFormat(format string, args ...any) *pgerr.Error {
	return pgerr.Newf(pgerr.InvalidDatetimeFormat, format, args...)
}

// setInt is from_char_set_int: a field may be given twice only with the
// same value.
func setInt(dest *int, value int, n *templateNode) error {
	if *dest != 0 && *dest != value {
		return errDatetimeFormat("conflicting values for \"%s\" field in formatting string", n.key.name).
			WithDetail("This value contradicts a previous setting for the same field type.")
	}
	*dest = value
	return nil
}

// strtol is C's strtol in base 10: leading white space, a sign and
// digits; it returns the value, the bytes consumed (0 when there are no
// digits) and whether it overflowed a 64-bit long.
func strtol(s string) (int64, int, bool) {
	i := 0
	for i < len(s) && isSpaceByte(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	start := i
	var v uint64
	overflow := false
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		d := uint64(s[i] - '0')
		if v > (math.MaxUint64-d)/10 {
			overflow = true
		} else {
			v = v*10 + d
		}
		i++
	}
	if i == start {
		return 0, 0, false
	}
	if neg {
		if v > 1<<63 {
			overflow = true
		}
		return -int64(v), i, overflow
	}
	if v > math.MaxInt64 {
		overflow = true
	}
	return int64(v), i, overflow
}

// parseIntLen is from_char_parse_int_len: an integer field of len
// characters (any number of them in FM mode or before a non-digit
// field), stored in dest unless dest is nil. It returns the number of
// bytes consumed, leading white space included.
func (p *dchParser) parseIntLen(dest *int, length int, i int) (int, error) {
	n := &p.nodes[i]
	init := p.s
	for p.s < len(p.in) && isSpaceByte(p.in[p.s]) {
		p.s++
	}
	rest := p.in[p.s:]
	used := len(rest)
	cp := rest
	if len(cp) > length {
		cp = cp[:length]
	}
	var result int64
	var overflow bool
	if n.suffix&sufFM != 0 || p.isNextSeparator(i) {
		var k int
		result, k, overflow = strtol(p.in[init:])
		if k == 0 {
			p.s = init
		} else {
			p.s = init + k
		}
	} else {
		if used < length {
			return 0, errDatetimeFormat("source string too short for \"%s\" formatting field", n.key.name).
				WithDetail("Field requires %d characters, but only %d remain.", length, used).
				WithHint(`If your source string is not fixed-width, try using the "FM" modifier.`)
		}
		var k int
		result, k, overflow = strtol(cp)
		if k > 0 && k < length {
			return 0, errDatetimeFormat("invalid value \"%s\" for \"%s\"", cp, n.key.name).
				WithDetail("Field requires %d characters, but only %d could be parsed.", length, k).
				WithHint(`If your source string is not fixed-width, try using the "FM" modifier.`)
		}
		p.s += k
	}
	if p.s == init {
		return 0, errDatetimeFormat("invalid value \"%s\" for \"%s\"", cp, n.key.name).
			WithDetail("Value must be an integer.")
	}
	if overflow || result < math.MinInt32 || result > math.MaxInt32 {
		return 0, pgerr.Newf(pgerr.DatetimeValueOutOfRange, "value for \"%s\" in source string is out of range", n.key.name).
			WithDetail("Value must be in the range %d to %d.", math.MinInt32, math.MaxInt32)
	}
	if dest != nil {
		if err := setInt(dest, int(result), n); err != nil {
			return 0, err
		}
	}
	return p.s - init, nil
}

func (p *dchParser) parseInt(dest *int, i int) (int, error) {
	return p.parseIntLen(dest, len(p.nodes[i].key.name), i)
}

// seqSearch is from_char_seq_search: the index of the first of words
// that the input starts with, ignoring ASCII case.
func (p *dchParser) seqSearch(dest *int, words []string, n *templateNode) error {
	rest := p.in[p.s:]
	for idx, w := range words {
		if len(rest) >= len(w) && strings.EqualFold(rest[:len(w)], w) && rest != "" {
			*dest = idx
			p.s += len(w)
			return nil
		}
	}
	cp := rest
	if i := strings.IndexAny(cp, " \t\n\r\f"); i >= 0 {
		cp = cp[:i]
	}
	return errDatetimeFormat("invalid value \"%s\" for \"%s\"", cp, n.key.name).
		WithDetail("The given value did not match any of the allowed values for this field.")
}

// skipTH skips the two characters of an ordinal suffix after a field
// with TH or th.
func (p *dchParser) skipTH(n *templateNode) {
	if n.suffix&(sufTH|sufth) == 0 {
		return
	}
	for k := 0; k < 2 && p.s < len(p.in); k++ {
		p.s += charLen(p.in[p.s:])
	}
}

// parse is DCH_from_char.
func (p *dchParser) parse(ec *expr.EvalContext) error {
	fx := false
	extraSkip := 0
	out := &p.out
	for i := 0; i < len(p.nodes) && p.s < len(p.in); i++ {
		if i&0xfff == 0xfff {
			if err := ec.CheckCancel(); err != nil {
				return err
			}
		}
		n := &p.nodes[i]
		if !fx && (n.kind != nodeAction || dchKey(n.key.id) != dchFX) && (n.kind == nodeAction || i == 0) {
			for p.s < len(p.in) && isSpaceByte(p.in[p.s]) {
				p.s++
				extraSkip++
			}
		}
		if n.kind == nodeSpace || n.kind == nodeSeparator {
			if !fx {
				extraSkip--
				if c := p.ch(p.s); isSpaceByte(c) || isSeparatorChar(c) {
					p.s++
					extraSkip++
				}
			} else if p.s < len(p.in) {
				p.s += charLen(p.in[p.s:])
			}
			continue
		} else if n.kind != nodeAction {
			if !fx {
				if extraSkip > 0 {
					extraSkip--
				} else if p.s < len(p.in) {
					p.s += charLen(p.in[p.s:])
				}
			} else if p.s < len(p.in) {
				p.s += charLen(p.in[p.s:])
			}
			continue
		}
		key := dchKey(n.key.id)
		if mode := dchDateMode(key); mode != dateModeNone {
			if out.mode == dateModeNone {
				out.mode = mode
			} else if out.mode != mode {
				return errDatetimeFormat("invalid combination of date conventions").
					WithHint("Do not mix Gregorian and ISO week date conventions in a formatting template.")
			}
		}
		var value int
		var err error
		var length int
		switch key {
		case dchFX:
			fx = true
		case dchAMdot, dchPMdot, dchamDot, dchpmDot:
			if err = p.seqSearch(&value, ampmStringsLong, n); err == nil {
				err = setInt(&out.pm, value%2, n)
				out.clock12 = true
			}
		case dchAM, dchPM, dcham, dchpm:
			if err = p.seqSearch(&value, ampmStrings, n); err == nil {
				err = setInt(&out.pm, value%2, n)
				out.clock12 = true
			}
		case dchHH, dchHH12:
			if _, err = p.parseIntLen(&out.hh, 2, i); err == nil {
				out.clock12 = true
				p.skipTH(n)
			}
		case dchHH24:
			if _, err = p.parseIntLen(&out.hh, 2, i); err == nil {
				p.skipTH(n)
			}
		case dchMI:
			if _, err = p.parseInt(&out.mi, i); err == nil {
				p.skipTH(n)
			}
		case dchSS:
			if _, err = p.parseInt(&out.ss, i); err == nil {
				p.skipTH(n)
			}
		case dchMS:
			if length, err = p.parseIntLen(&out.ms, 3, i); err == nil {
				out.ms *= pick(length == 1, 100, pick(length == 2, 10, 1))
				p.skipTH(n)
			}
		case dchFF1, dchFF2, dchFF3, dchFF4, dchFF5, dchFF6, dchUS:
			width := 6
			if key != dchUS {
				out.ff = int(key-dchFF1) + 1
				width = out.ff
			}
			if length, err = p.parseIntLen(&out.us, width, i); err == nil {
				scale := []int{1, 100000, 10000, 1000, 100, 10}
				if length >= 1 && length <= 5 {
					out.us *= scale[length]
				}
				p.skipTH(n)
			}
		case dchSSSS, dchSSSSS:
			if _, err = p.parseInt(&out.ssss, i); err == nil {
				p.skipTH(n)
			}
		case dchtz, dchTZ, dchOF:
			err = pgerr.Newf(pgerr.FeatureNotSupported, "formatting field \"%s\" is only supported in to_char", n.key.name)
		case dchTZH:
			// A minus sign may have been skipped as a separator.
			if c := p.ch(p.s); c == '+' || c == '-' || c == ' ' {
				out.tzsign = pick(c == '-', -1, 1)
				p.s++
			} else if extraSkip > 0 && p.ch(p.s-1) == '-' {
				out.tzsign = -1
			} else {
				out.tzsign = 1
			}
			_, err = p.parseIntLen(&out.tzh, 2, i)
		case dchTZM:
			if out.tzsign == 0 {
				out.tzsign = 1
			}
			_, err = p.parseIntLen(&out.tzm, 2, i)
		case dchADdot, dchBCdot, dchadDot, dchbcDot:
			if err = p.seqSearch(&value, adbcStringsLong, n); err == nil {
				err = setInt(&out.bc, value%2, n)
			}
		case dchAD, dchBC, dchad, dchbc:
			if err = p.seqSearch(&value, adbcStrings, n); err == nil {
				err = setInt(&out.bc, value%2, n)
			}
		case dchMONTH, dchMonthCap, dchmonth:
			if err = p.seqSearch(&value, monthsFull, n); err == nil {
				err = setInt(&out.mm, value+1, n)
			}
		case dchMON, dchMonCap, dchmon:
			if err = p.seqSearch(&value, monthsShort, n); err == nil {
				err = setInt(&out.mm, value+1, n)
			}
		case dchMM:
			if _, err = p.parseInt(&out.mm, i); err == nil {
				p.skipTH(n)
			}
		case dchDAY, dchDayCap, dchday:
			if err = p.seqSearch(&value, daysFull, n); err == nil {
				if err = setInt(&out.d, value, n); err == nil {
					out.d++
				}
			}
		case dchDY, dchDyCap, dchdy:
			if err = p.seqSearch(&value, daysShort, n); err == nil {
				if err = setInt(&out.d, value, n); err == nil {
					out.d++
				}
			}
		case dchDDD:
			if _, err = p.parseInt(&out.ddd, i); err == nil {
				p.skipTH(n)
			}
		case dchIDDD:
			if _, err = p.parseIntLen(&out.ddd, 3, i); err == nil {
				p.skipTH(n)
			}
		case dchDD:
			if _, err = p.parseInt(&out.dd, i); err == nil {
				p.skipTH(n)
			}
		case dchD:
			if _, err = p.parseInt(&out.d, i); err == nil {
				p.skipTH(n)
			}
		case dchID:
			if _, err = p.parseIntLen(&out.d, 1, i); err == nil {
				// Shift numbering to match Gregorian where Sunday = 1.
				out.d++
				if out.d > 7 {
					out.d = 1
				}
				p.skipTH(n)
			}
		case dchWW, dchIW:
			if _, err = p.parseInt(&out.ww, i); err == nil {
				p.skipTH(n)
			}
		case dchQ:
			// Q is read but ignored: which date of the quarter to use is
			// unclear.
			if _, err = p.parseInt(nil, i); err == nil {
				p.skipTH(n)
			}
		case dchCC:
			if _, err = p.parseInt(&out.cc, i); err == nil {
				p.skipTH(n)
			}
		case dchYcommaYYY:
			var years, consumed int
			if years, consumed, err = scanCommaYear(p.in[p.s:]); err == nil {
				if err = setInt(&out.year, years, n); err == nil {
					out.yysz = 4
					p.s += consumed
					p.skipTH(n)
				}
			}
		case dchYYYY, dchIYYY:
			if _, err = p.parseInt(&out.year, i); err == nil {
				out.yysz = 4
				p.skipTH(n)
			}
		case dchYYY, dchIYY, dchYY, dchIY, dchY, dchI:
			if length, err = p.parseInt(&out.year, i); err == nil {
				if length < 4 {
					out.year = adjustPartialYearTo2020(out.year)
				}
				out.yysz = len(n.key.name)
				p.skipTH(n)
			}
		case dchRM, dchrm:
			if err = p.seqSearch(&value, romanMonthsLower, n); err == nil {
				err = setInt(&out.mm, 12-value, n)
			}
		case dchW:
			if _, err = p.parseInt(&out.w, i); err == nil {
				p.skipTH(n)
			}
		case dchJ:
			if _, err = p.parseInt(&out.j, i); err == nil {
				p.skipTH(n)
			}
		}
		if err != nil {
			return err
		}
		if !fx {
			extraSkip = 0
			for p.s < len(p.in) && isSpaceByte(p.in[p.s]) {
				p.s++
				extraSkip++
			}
		}
	}
	return nil
}

// scanCommaYear is sscanf(s, "%d,%03d%n"): thousands, a comma and up to
// three more digits.
func scanCommaYear(s string) (int, int, error) {
	bad := errDatetimeFormat(`invalid input string for "Y,YYY"`)
	millennia, k, _ := strtol(s)
	if k == 0 || k >= len(s) || s[k] != ',' {
		return 0, 0, bad
	}
	i := k + 1
	for i < len(s) && isSpaceByte(s[i]) {
		i++
	}
	limit := min(len(s), i+3)
	years, k2, _ := strtol(s[i:limit])
	if k2 == 0 {
		return 0, 0, bad
	}
	return int(int32(millennia)*1000 + int32(years)), i + k2, nil
}

// adjustPartialYearTo2020 is adjust_partial_year_to_2020: two- and
// three-digit years are taken near 2020.
func adjustPartialYearTo2020(year int) int {
	switch {
	case year < 70:
		return year + 2000
	case year < 100:
		return year + 1900
	case year < 520:
		return year + 2000
	case year < 1000:
		return year + 1000
	}
	return year
}

// toTimestampResult is what do_to_timestamp returns.
type toTimestampResult struct {
	year, mon, mday int
	hour, min, sec  int
	fsec            int64
	hasTZ           bool
	gmtoffset       int // seconds west of UTC
	fprec           int
}

func errFieldOverflow(in string) error {
	return pgerr.Newf(pgerr.DatetimeFieldOverflow, "date/time field value out of range: \"%s\"", in)
}

var daysBeforeMonth = [2][13]int{
	{0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365},
	{0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366},
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

// doToTimestamp is do_to_timestamp: the template read from in and the
// fields combined into a date, a time and a zone.
func doToTimestamp(ec *expr.EvalContext, in, fmtText string) (*toTimestampResult, error) {
	r := &toTimestampResult{mon: 1, mday: 1}
	var tmfc tmFromChar
	if fmtText != "" {
		nodes, err := parseTemplate(fmtText, dchIndex, true, nil)
		if err != nil {
			return nil, err
		}
		p := &dchParser{nodes: nodes, fmt: fmtText, in: in}
		if err := p.parse(ec); err != nil {
			return nil, err
		}
		tmfc = p.out
	}
	dateFields := 0 // bits: 1 year, 2 month, 4 day
	if tmfc.ssss != 0 {
		x := tmfc.ssss
		r.hour = x / 3600
		x %= 3600
		r.min = x / 60
		r.sec = x % 60
	}
	if tmfc.ss != 0 {
		r.sec = tmfc.ss
	}
	if tmfc.mi != 0 {
		r.min = tmfc.mi
	}
	if tmfc.hh != 0 {
		r.hour = tmfc.hh
	}
	if tmfc.clock12 {
		if r.hour < 1 || r.hour > 12 {
			return nil, errDatetimeFormat("hour \"%d\" is invalid for the 12-hour clock", r.hour).
				WithHint("Use the 24-hour clock, or give an hour between 1 and 12.")
		}
		if tmfc.pm != 0 && r.hour < 12 {
			r.hour += 12
		} else if tmfc.pm == 0 && r.hour == 12 {
			r.hour = 0
		}
	}
	// PostgreSQL 15 computes these fields in C int arithmetic, which
	// wraps on overflow; the range checks below catch the results.
	wrap := func(v int64) int { return int(int32(v)) }
	if tmfc.year != 0 {
		if tmfc.cc != 0 && tmfc.yysz <= 2 {
			if tmfc.bc != 0 {
				tmfc.cc = -tmfc.cc
			}
			r.year = tmfc.year % 100
			if r.year != 0 {
				if tmfc.cc >= 0 {
					r.year = wrap(int64(r.year) + int64(wrap(int64(tmfc.cc-1)*100)))
				} else {
					r.year = wrap(int64(wrap(int64(tmfc.cc+1)*100)) - int64(r.year) + 1)
				}
			} else {
				r.year = wrap(int64(wrap(int64(tmfc.cc)*100)) + int64(pick(tmfc.cc >= 0, 0, 1)))
			}
		} else {
			r.year = tmfc.year
			if tmfc.bc != 0 {
				r.year = wrap(-int64(r.year))
			}
			if r.year < 0 {
				r.year++
			}
		}
		dateFields |= 1
	} else if tmfc.cc != 0 {
		if tmfc.bc != 0 {
			tmfc.cc = -tmfc.cc
		}
		if tmfc.cc >= 0 {
			r.year = wrap(int64(wrap(int64(tmfc.cc-1)*100)) + 1)
		} else {
			r.year = wrap(int64(wrap(int64(tmfc.cc)*100)) + 1)
		}
		dateFields |= 1
	}
	if tmfc.j != 0 {
		r.year, r.mon, r.mday = types.JulianToDate(tmfc.j)
		dateFields |= 7
	}
	if tmfc.ww != 0 {
		if tmfc.mode == dateModeISOWeek {
			jd := isoWeek1Monday(r.year) + (tmfc.ww-1)*7
			if tmfc.d != 0 {
				if tmfc.d > 1 {
					jd += tmfc.d - 2
				} else {
					jd += 6
				}
			}
			r.year, r.mon, r.mday = types.JulianToDate(jd)
			dateFields |= 7
		} else {
			tmfc.ddd = wrap(int64(wrap(int64(tmfc.ww-1)*7)) + 1)
		}
	}
	if tmfc.w != 0 {
		tmfc.dd = wrap(int64(wrap(int64(tmfc.w-1)*7)) + 1)
	}
	if tmfc.dd != 0 {
		r.mday = tmfc.dd
		dateFields |= 4
	}
	if tmfc.mm != 0 {
		r.mon = tmfc.mm
		dateFields |= 2
	}
	if tmfc.ddd != 0 && (r.mon <= 1 || r.mday <= 1) {
		if r.year == 0 && tmfc.bc == 0 {
			return nil, errDatetimeFormat("cannot calculate day of year without year information")
		}
		if tmfc.mode == dateModeISOWeek {
			j0 := isoWeek1Monday(r.year) - 1
			r.year, r.mon, r.mday = types.JulianToDate(j0 + tmfc.ddd)
			dateFields |= 7
		} else {
			y := daysBeforeMonth[pick(isLeap(r.year), 1, 0)]
			m := 1
			for ; m <= 12; m++ {
				if tmfc.ddd <= y[m] {
					break
				}
			}
			if r.mon <= 1 {
				r.mon = m
			}
			if r.mday <= 1 {
				r.mday = tmfc.ddd - y[min(m, 13)-1]
			}
			dateFields |= 6
		}
	}
	if tmfc.ms != 0 {
		r.fsec = int64(wrap(r.fsec + int64(wrap(int64(tmfc.ms)*1000))))
	}
	if tmfc.us != 0 {
		r.fsec = int64(wrap(r.fsec + int64(tmfc.us)))
	}
	r.fprec = tmfc.ff
	if dateFields != 0 {
		// ValidateDate with the year already adjusted for BC.
		if dateFields&2 != 0 && (r.mon < 1 || r.mon > 12) {
			return nil, errFieldOverflow(in)
		}
		if dateFields&4 != 0 && (r.mday < 1 || r.mday > 31) {
			return nil, errFieldOverflow(in)
		}
		if dateFields == 7 && r.mday > daysIn(r.year, r.mon) {
			return nil, errFieldOverflow(in)
		}
	}
	if r.hour < 0 || r.hour >= 24 || r.min < 0 || r.min >= 60 || r.sec < 0 || r.sec >= 60 ||
		r.fsec < 0 || r.fsec >= types.UsecsPerSec {
		return nil, errFieldOverflow(in)
	}
	if tmfc.tzsign != 0 {
		if tmfc.tzh < 0 || tmfc.tzh > 15 || tmfc.tzm < 0 || tmfc.tzm >= 60 {
			return nil, pgerr.Newf(pgerr.InvalidTimeZoneDisplacementValue, "time zone displacement out of range: \"%s\"", in)
		}
		r.hasTZ = true
		r.gmtoffset = (tmfc.tzh*60 + tmfc.tzm) * 60
		if tmfc.tzsign > 0 {
			r.gmtoffset = -r.gmtoffset
		}
	}
	return r, nil
}

// validJulian is IS_VALID_JULIAN: whether date2j may be applied.
func validJulian(y, m int) bool {
	return (y > -4713 || (y == -4713 && m >= 11)) && (y < 5874898 || (y == 5874898 && m < 6))
}

// timestampScales are the rounding steps of timestamp(0) to
// timestamp(6).
var timestampScales = []int64{1000000, 100000, 10000, 1000, 100, 10, 1}

func addFormattingParseImpls(m map[string]implEntry) {
	m["to_timestamp"] = implEntry{impl: func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		in := a[0].Text()
		r, err := doToTimestamp(ec, in, a[1].Text())
		if err != nil {
			return types.Null, err
		}
		if !validJulian(r.year, r.mon) {
			return types.Null, errTimestampRange()
		}
		days := int64(types.DateToJulian(r.year, r.mon, r.mday) - types.PostgresEpochJDate)
		t := (int64(r.hour)*3600+int64(r.min)*60+int64(r.sec))*types.UsecsPerSec + r.fsec
		hi, lo := math.MaxInt64/types.UsecsPerDay, math.MinInt64/types.UsecsPerDay
		if days > hi || days < lo {
			return types.Null, errTimestampRange()
		}
		local := days*types.UsecsPerDay + t
		if (local < 0 && days > 0) || (local > 0 && days < -1) {
			return types.Null, errTimestampRange()
		}
		var ts int64
		if r.hasTZ {
			ts = local + int64(r.gmtoffset)*types.UsecsPerSec
		} else {
			ts = types.LocalToUTC(local, location(ec))
		}
		if ts < types.MinTimestamp || ts >= types.EndTimestamp {
			return types.Null, errTimestampRange()
		}
		if r.fprec > 0 && r.fprec < 6 {
			s := timestampScales[r.fprec]
			if ts >= 0 {
				ts = (ts + s/2) / s * s
			} else {
				ts = -((-ts + s/2) / s * s)
			}
		}
		return types.Int(ts), nil
	}}
	m["to_date"] = implEntry{impl: func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		in := a[0].Text()
		r, err := doToTimestamp(ec, in, a[1].Text())
		if err != nil {
			return types.Null, err
		}
		bad := pgerr.Newf(pgerr.DatetimeValueOutOfRange, "date out of range: \"%s\"", in)
		if !validJulian(r.year, r.mon) {
			return types.Null, bad
		}
		d := int64(types.DateToJulian(r.year, r.mon, r.mday))
		if d < 0 || d >= 2147483494 {
			return types.Null, bad
		}
		return types.Int(d - types.PostgresEpochJDate), nil
	}}
}
