// This file implements the date/time half of PostgreSQL's formatting.c:
// the template parser shared with the number formats (numformat.go) and
// to_char of timestamps, timestamps with time zone and intervals. The
// parsing direction (to_date, to_timestamp) is in formatting_parse.go.
// Locale-dependent output (the TM prefix, D and G in numbers) follows the
// C locale, which is the only lc_time and lc_numeric gpostgres has.

package builtins

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// dchKey identifies a date/time template pattern.
type dchKey int

const (
	dchADdot dchKey = iota + 1 // A.D.
	dchAMdot                   // A.M.
	dchAD
	dchAM
	dchBCdot
	dchBC
	dchCC
	dchDAY
	dchDDD
	dchDD
	dchDY
	dchDayCap
	dchDyCap
	dchD
	dchFF1
	dchFF2
	dchFF3
	dchFF4
	dchFF5
	dchFF6
	dchFX
	dchHH24
	dchHH12
	dchHH
	dchIDDD
	dchID
	dchIW
	dchIYYY
	dchIYY
	dchIY
	dchI
	dchJ
	dchMI
	dchMM
	dchMONTH
	dchMON
	dchMS
	dchMonthCap
	dchMonCap
	dchOF
	dchPMdot
	dchPM
	dchQ
	dchRM
	dchSSSSS
	dchSSSS
	dchSS
	dchTZH
	dchTZM
	dchTZ
	dchUS
	dchWW
	dchW
	dchYcommaYYY
	dchYYYY
	dchYYY
	dchYY
	dchY
	dchadDot
	dchamDot
	dchad
	dcham
	dchbcDot
	dchbc
	dchday
	dchdy
	dchmonth
	dchmon
	dchpmDot
	dchpm
	dchrm
	dchtz
)

// templateKeyword is a pattern of a template: its text and id. isDigit
// marks the patterns whose input is digits: to_timestamp reads a
// numeric field followed by one of them with its fixed width, and
// otherwise as many digits as there are (is_next_separator).
type templateKeyword struct {
	name    string
	id      int
	isDigit bool
}

// dchKeywords lists the date/time patterns. Lower-case spellings of the
// numeric patterns mean the same as the upper-case ones.
var dchKeywords = func() []templateKeyword {
	k := func(name string, id dchKey, digit bool) templateKeyword {
		return templateKeyword{name: name, id: int(id), isDigit: digit}
	}
	list := []templateKeyword{
		k("A.D.", dchADdot, false), k("A.M.", dchAMdot, false), k("AD", dchAD, false), k("AM", dchAM, false),
		k("B.C.", dchBCdot, false), k("BC", dchBC, false), k("CC", dchCC, true), k("DAY", dchDAY, false),
		k("DDD", dchDDD, true), k("DD", dchDD, true), k("DY", dchDY, false), k("Day", dchDayCap, false),
		k("Dy", dchDyCap, false), k("D", dchD, true), k("FF1", dchFF1, true), k("FF2", dchFF2, true),
		k("FF3", dchFF3, true), k("FF4", dchFF4, true), k("FF5", dchFF5, true), k("FF6", dchFF6, true),
		k("FX", dchFX, false), k("HH24", dchHH24, true), k("HH12", dchHH12, true), k("HH", dchHH, true),
		k("IDDD", dchIDDD, true), k("ID", dchID, true), k("IW", dchIW, true), k("IYYY", dchIYYY, true),
		k("IYY", dchIYY, true), k("IY", dchIY, true), k("I", dchI, true), k("J", dchJ, true),
		k("MI", dchMI, true), k("MM", dchMM, true), k("MONTH", dchMONTH, false), k("MON", dchMON, false),
		k("MS", dchMS, true), k("Month", dchMonthCap, false), k("Mon", dchMonCap, false), k("OF", dchOF, false),
		k("P.M.", dchPMdot, false), k("PM", dchPM, false), k("Q", dchQ, true), k("RM", dchRM, false),
		k("SSSSS", dchSSSSS, true), k("SSSS", dchSSSS, true), k("SS", dchSS, true), k("TZH", dchTZH, false),
		k("TZM", dchTZM, true), k("TZ", dchTZ, false), k("US", dchUS, true), k("WW", dchWW, true),
		k("W", dchW, true), k("Y,YYY", dchYcommaYYY, true), k("YYYY", dchYYYY, true), k("YYY", dchYYY, true),
		k("YY", dchYY, true), k("Y", dchY, true),
		k("a.d.", dchadDot, false), k("a.m.", dchamDot, false), k("ad", dchad, false), k("am", dcham, false),
		k("b.c.", dchbcDot, false), k("bc", dchbc, false), k("cc", dchCC, true), k("day", dchday, false),
		k("ddd", dchDDD, true), k("dd", dchDD, true), k("dy", dchdy, false), k("d", dchD, true),
		k("ff1", dchFF1, true), k("ff2", dchFF2, true), k("ff3", dchFF3, true), k("ff4", dchFF4, true),
		k("ff5", dchFF5, true), k("ff6", dchFF6, true), k("fx", dchFX, false), k("hh24", dchHH24, true),
		k("hh12", dchHH12, true), k("hh", dchHH, true), k("iddd", dchIDDD, true), k("id", dchID, true),
		k("iw", dchIW, true), k("iyyy", dchIYYY, true), k("iyy", dchIYY, true), k("iy", dchIY, true),
		k("i", dchI, true), k("j", dchJ, true), k("mi", dchMI, true), k("mm", dchMM, true),
		k("month", dchmonth, false), k("mon", dchmon, false), k("ms", dchMS, true), k("of", dchOF, false),
		k("p.m.", dchpmDot, false), k("pm", dchpm, false), k("q", dchQ, true), k("rm", dchrm, false),
		k("sssss", dchSSSSS, true), k("ssss", dchSSSS, true), k("ss", dchSS, true), k("tzh", dchTZH, false),
		k("tzm", dchTZM, true), k("tz", dchtz, false), k("us", dchUS, true), k("ww", dchWW, true),
		k("w", dchW, true), k("y,yyy", dchYcommaYYY, true), k("yyyy", dchYYYY, true), k("yyy", dchYYY, true),
		k("yy", dchYY, true), k("y", dchY, true),
	}
	return list
}()

// Suffix flags of a date/time pattern.
const (
	sufFM = 1 << iota // fill mode: no padding
	sufTH             // upper-case ordinal suffix
	sufth             // lower-case ordinal suffix
	sufSP             // spell mode (not implemented, as in PostgreSQL)
	sufTM             // translation mode
)

// templateNodeKind is what one node of a parsed template is.
type templateNodeKind uint8

const (
	nodeAction templateNodeKind = iota
	nodeChar
	nodeSeparator
	nodeSpace
)

// templateNode is one node of a parsed template: a pattern with its
// suffixes, or one literal character, which it holds as its place in
// the template so that a node takes 16 bytes, as PostgreSQL's
// FormatNode does (a template of 60 million characters takes a
// gigabyte).
type templateNode struct {
	key     *templateKeyword
	start   uint32 // the literal character's offset in the template
	kind    templateNodeKind
	suffix  uint8
	textLen uint8
}

// text returns the literal character of a node of template src.
func (n *templateNode) text(src string) string {
	return src[n.start : n.start+uint32(n.textLen)]
}

// checkTemplateNodes is palloc's refusal of the nodes of a template of
// n bytes (PostgreSQL allocates 16 bytes a character).
func checkTemplateNodes(n int) error {
	if size := (int64(n) + 1) * 16; size > maxAllocSize {
		return errAllocSize(size)
	}
	return nil
}

// keywordIndex lists, for each first byte, the keywords starting with
// it (formatting.c's DCH_index and NUM_index), so that parsing a
// template costs a few comparisons a character.
type keywordIndex [256][]*templateKeyword

func newKeywordIndex(kws []templateKeyword) *keywordIndex {
	var idx keywordIndex
	for i := range kws {
		c := kws[i].name[0]
		idx[c] = append(idx[c], &kws[i])
	}
	return &idx
}

var (
	dchIndex = newKeywordIndex(dchKeywords)
	numIndex = newKeywordIndex(numKeywords)
)

// match returns the longest keyword that s starts with (the keyword
// tables list longer patterns before their prefixes, so this is
// PostgreSQL's first match).
func (idx *keywordIndex) match(s string) *templateKeyword {
	var best *templateKeyword
	for _, k := range idx[s[0]] {
		if strings.HasPrefix(s, k.name) && (best == nil || len(k.name) > len(best.name)) {
			best = k
		}
	}
	return best
}

// isSeparatorChar is formatting.c's is_separator_char: printable ASCII
// that is neither a letter nor a digit.
func isSeparatorChar(c byte) bool {
	return c > 0x20 && c < 0x7f && !(c >= 'A' && c <= 'Z') && !(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9')
}

func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// charLen is pg_mblen for UTF-8.
func charLen(s string) int {
	c := s[0]
	switch {
	case c < 0x80:
		return 1
	case c&0xe0 == 0xc0:
		return min(2, len(s))
	case c&0xf0 == 0xe0:
		return min(3, len(s))
	case c&0xf8 == 0xf0:
		return min(4, len(s))
	}
	return 1
}

// parseTemplate is parse_format: keywords (with the FM/TM prefixes and
// TH/th/SP postfixes for date/time templates), double-quoted literals
// in which a backslash quotes the next character, and single
// characters. kws are the date/time or number keywords; prepare, when
// given, sees each keyword (NUMDesc_prepare) and may fail.
func parseTemplate(s string, kws *keywordIndex, dateTime bool, prepare func(*templateNode) error) ([]templateNode, error) {
	if err := checkTemplateNodes(len(s)); err != nil {
		return nil, err
	}
	var nodes []templateNode
	full := len(s)
	for len(s) > 0 {
		suffix := 0
		if dateTime {
			switch {
			case strings.HasPrefix(s, "FM"), strings.HasPrefix(s, "fm"):
				suffix |= sufFM
				s = s[2:]
			case strings.HasPrefix(s, "TM"), strings.HasPrefix(s, "tm"):
				suffix |= sufTM
				s = s[2:]
			}
		}
		if len(s) > 0 {
			if k := kws.match(s); k != nil {
				n := templateNode{kind: nodeAction, key: k, suffix: uint8(suffix)}
				s = s[len(k.name):]
				if prepare != nil {
					if err := prepare(&n); err != nil {
						return nil, err
					}
				}
				if dateTime && len(s) > 0 {
					switch {
					case strings.HasPrefix(s, "TH"):
						n.suffix |= sufTH
						s = s[2:]
					case strings.HasPrefix(s, "th"):
						n.suffix |= sufth
						s = s[2:]
					case strings.HasPrefix(s, "SP"):
						n.suffix |= sufSP
						s = s[2:]
					}
				}
				nodes = append(nodes, n)
				continue
			}
		}
		if len(s) == 0 {
			break
		}
		if s[0] == '"' {
			s = s[1:]
			for len(s) > 0 {
				if s[0] == '"' {
					s = s[1:]
					break
				}
				if s[0] == '\\' && len(s) > 1 {
					s = s[1:]
				}
				l := charLen(s)
				nodes = append(nodes, templateNode{kind: nodeChar, start: uint32(full - len(s)), textLen: uint8(l)})
				s = s[l:]
			}
			continue
		}
		if s[0] == '\\' && len(s) > 1 && s[1] == '"' {
			s = s[1:]
		}
		l := charLen(s)
		kind := nodeChar
		switch {
		case dateTime && isSeparatorChar(s[0]):
			kind = nodeSeparator
		case isSpaceByte(s[0]):
			kind = nodeSpace
		}
		nodes = append(nodes, templateNode{kind: kind, start: uint32(full - len(s)), textLen: uint8(l)})
		s = s[l:]
	}
	return nodes, nil
}

var (
	monthsFull  = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	monthsShort = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	daysFull    = []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
	daysShort   = []string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
	// romanMonthsUpper lists the Roman numerals of the months from
	// December down to January, as formatting.c's rm_months_upper.
	romanMonthsUpper = []string{"XII", "XI", "X", "IX", "VIII", "VII", "VI", "V", "IV", "III", "II", "I"}
	romanMonthsLower = []string{"xii", "xi", "x", "ix", "viii", "vii", "vi", "v", "iv", "iii", "ii", "i"}
)

// dchValue is the broken-down value to_char formats: pg_tm with the
// fractional seconds, the zone abbreviation and whether it is an
// interval (whose hour may exceed a day and whose fields may be
// negative).
type dchValue struct {
	year, mon, mday int64
	hour, min, sec  int64
	fsec            int64 // microseconds
	yday, wday      int64
	gmtoff          int64 // seconds east of UTC
	tzn             string
	hasTZN          bool
	interval        bool
}

func errInvalidForInterval() error {
	return pgerr.New(pgerr.InvalidDatetimeFormat, "invalid format specification for an interval value").
		WithHint("Intervals are not tied to specific calendar dates.")
}

// ordinalSuffix is get_th: the English ordinal suffix of the number
// that s ends with.
func ordinalSuffix(s string, upper bool) (string, error) {
	if s == "" || s[len(s)-1] < '0' || s[len(s)-1] > '9' {
		return "", pgerr.Newf(pgerr.InvalidTextRepresentation, "\"%s\" is not a number", s)
	}
	last := s[len(s)-1]
	if len(s) > 1 && s[len(s)-2] == '1' {
		last = 0
	}
	var suf string
	switch last {
	case '1':
		suf = "st"
	case '2':
		suf = "nd"
	case '3':
		suf = "rd"
	default:
		suf = "th"
	}
	if upper {
		suf = strings.ToUpper(suf)
	}
	return suf, nil
}

// zeroPad is sprintf("%0*lld", width, v).
func zeroPad(v int64, width int) string {
	s := strconv.FormatInt(v, 10)
	neg := v < 0
	if neg {
		s = s[1:]
		width--
	}
	if len(s) < width {
		s = strings.Repeat("0", width-len(s)) + s
	}
	if neg {
		s = "-" + s
	}
	return s
}

// padRight is sprintf("%-*s", width, s).
func padRight(s string, width int) string {
	if len(s) < width {
		return s + strings.Repeat(" ", width-len(s))
	}
	return s
}

// adjustYear is ADJUST_YEAR: BC years count from 1 backwards, except in
// intervals.
func adjustYear(y int64, interval bool) int64 {
	if !interval && y <= 0 {
		return -(y - 1)
	}
	return y
}

// j2day is PostgreSQL's j2day: the day of the week of a Julian day,
// 0 for Sunday.
func j2day(jd int) int {
	d := (jd + 1) % 7
	if d < 0 {
		d += 7
	}
	return d
}

// isoWeek1Monday is isoweek2j(year, 1): the Julian day of the Monday of
// ISO week 1 of year.
func isoWeek1Monday(year int) int {
	day4 := types.DateToJulian(year, 1, 4)
	return day4 - j2day(day4-1)
}

// isoWeekAndYear is date2isoweek and date2isoyear, written as
// PostgreSQL writes them so that the fields of an interval (negative
// months and days) give the same numbers.
func isoWeekAndYear(year, mon, mday int) (week, isoYear int) {
	dayn := types.DateToJulian(year, mon, mday)
	start := isoWeek1Monday(year)
	isoYear = year
	if dayn < start {
		start = isoWeek1Monday(year - 1)
		isoYear--
	}
	week = (dayn-start)/7 + 1
	if week >= 52 {
		if next := isoWeek1Monday(isoYear + 1); dayn >= next {
			week = (dayn-next)/7 + 1
			isoYear++
		}
	}
	return week, isoYear
}

// isoYearDay is date2isoyearday: the day of the ISO year.
func isoYearDay(y, m, d int) int64 {
	_, iy := isoWeekAndYear(y, m, d)
	return int64(types.DateToJulian(y, m, d)-isoWeek1Monday(iy)) + 1
}

// dchFormat is DCH_to_char: the template nodes applied to v.
func dchFormat(ec *expr.EvalContext, src string, nodes []templateNode, v *dchValue) (string, error) {
	var b strings.Builder
	fm := func(n *templateNode) bool { return n.suffix&sufFM != 0 }
	width := func(n *templateNode, w int, val int64) int {
		if fm(n) {
			return 0
		}
		if val < 0 {
			return w + 1
		}
		return w
	}
	for i := range nodes {
		if i&0xfff == 0xfff {
			if err := ec.CheckCancel(); err != nil {
				return "", err
			}
		}
		n := &nodes[i]
		if n.kind != nodeAction {
			b.WriteString(n.text(src))
			continue
		}
		var s string
		// ordinal: whether TH/th may follow (the numeric patterns).
		ordinal := true
		pm := v.hour%24 >= 12
		bc := v.year <= 0
		y := v.year
		switch dchKey(n.key.id) {
		case dchAMdot, dchPMdot:
			s, ordinal = pick(pm, "P.M.", "A.M."), false
		case dchAM, dchPM:
			s, ordinal = pick(pm, "PM", "AM"), false
		case dchamDot, dchpmDot:
			s, ordinal = pick(pm, "p.m.", "a.m."), false
		case dcham, dchpm:
			s, ordinal = pick(pm, "pm", "am"), false
		case dchHH, dchHH12:
			h := v.hour % 12
			if h == 0 {
				h = 12
			}
			s = zeroPad(h, width(n, 2, v.hour))
		case dchHH24:
			s = zeroPad(v.hour, width(n, 2, v.hour))
		case dchMI:
			s = zeroPad(v.min, width(n, 2, v.min))
		case dchSS:
			s = zeroPad(v.sec, width(n, 2, v.sec))
		case dchFF1:
			s = zeroPad(v.fsec/100000, 1)
		case dchFF2:
			s = zeroPad(v.fsec/10000, 2)
		case dchFF3, dchMS:
			s = zeroPad(v.fsec/1000, 3)
		case dchFF4:
			s = zeroPad(v.fsec/100, 4)
		case dchFF5:
			s = zeroPad(v.fsec/10, 5)
		case dchFF6, dchUS:
			s = zeroPad(v.fsec, 6)
		case dchSSSS, dchSSSSS:
			s = strconv.FormatInt(v.hour*3600+v.min*60+v.sec, 10)
		case dchtz, dchTZ:
			if v.interval {
				return "", errInvalidForInterval()
			}
			ordinal = false
			if v.hasTZN {
				s = v.tzn
				if dchKey(n.key.id) == dchtz {
					s = strings.ToLower(s)
				}
			}
		case dchTZH:
			if v.interval {
				return "", errInvalidForInterval()
			}
			s, ordinal = fmt.Sprintf("%c%02d", pick(v.gmtoff >= 0, '+', '-'), abs64(v.gmtoff)/3600), false
		case dchTZM:
			if v.interval {
				return "", errInvalidForInterval()
			}
			s, ordinal = fmt.Sprintf("%02d", abs64(v.gmtoff)%3600/60), false
		case dchOF:
			if v.interval {
				return "", errInvalidForInterval()
			}
			ordinal = false
			w := 2
			if fm(n) {
				w = 0
			}
			s = string(pick(v.gmtoff >= 0, '+', '-')) + zeroPad(abs64(v.gmtoff)/3600, w)
			if abs64(v.gmtoff)%3600 != 0 {
				s += fmt.Sprintf(":%02d", abs64(v.gmtoff)%3600/60)
			}
		case dchADdot, dchBCdot:
			if v.interval {
				return "", errInvalidForInterval()
			}
			s, ordinal = pick(bc, "B.C.", "A.D."), false
		case dchAD, dchBC:
			if v.interval {
				return "", errInvalidForInterval()
			}
			s, ordinal = pick(bc, "BC", "AD"), false
		case dchadDot, dchbcDot:
			if v.interval {
				return "", errInvalidForInterval()
			}
			s, ordinal = pick(bc, "b.c.", "a.d."), false
		case dchad, dchbc:
			if v.interval {
				return "", errInvalidForInterval()
			}
			s, ordinal = pick(bc, "bc", "ad"), false
		case dchMONTH, dchMonthCap, dchmonth, dchMON, dchMonCap, dchmon:
			if v.interval {
				return "", errInvalidForInterval()
			}
			ordinal = false
			if v.mon == 0 {
				break
			}
			key := dchKey(n.key.id)
			full := key == dchMONTH || key == dchMonthCap || key == dchmonth
			name := monthsShort[v.mon-1]
			if full {
				name = monthsFull[v.mon-1]
			}
			s = caseAs(name, key == dchMONTH || key == dchMON, key == dchmonth || key == dchmon)
			if full && !fm(n) && n.suffix&sufTM == 0 {
				s = padRight(s, 9)
			}
		case dchMM:
			s = zeroPad(v.mon, width(n, 2, v.mon))
		case dchDAY, dchDayCap, dchday, dchDY, dchDyCap, dchdy:
			if v.interval {
				return "", errInvalidForInterval()
			}
			ordinal = false
			key := dchKey(n.key.id)
			full := key == dchDAY || key == dchDayCap || key == dchday
			name := daysShort[v.wday]
			if full {
				name = daysFull[v.wday]
			}
			s = caseAs(name, key == dchDAY || key == dchDY, key == dchday || key == dchdy)
			if full && !fm(n) && n.suffix&sufTM == 0 {
				s = padRight(s, 9)
			}
		case dchDDD:
			s = zeroPad(v.yday, pick(fm(n), 0, 3))
		case dchIDDD:
			s = zeroPad(isoYearDay(int(v.year), int(v.mon), int(v.mday)), pick(fm(n), 0, 3))
		case dchDD:
			s = zeroPad(v.mday, pick(fm(n), 0, 2))
		case dchD:
			if v.interval {
				return "", errInvalidForInterval()
			}
			s = strconv.FormatInt(v.wday+1, 10)
		case dchID:
			if v.interval {
				return "", errInvalidForInterval()
			}
			s = strconv.FormatInt(pick(v.wday == 0, 7, v.wday), 10)
		case dchWW:
			s = zeroPad((v.yday-1)/7+1, pick(fm(n), 0, 2))
		case dchIW:
			w, _ := isoWeekAndYear(int(v.year), int(v.mon), int(v.mday))
			s = zeroPad(int64(w), pick(fm(n), 0, 2))
		case dchQ:
			if v.mon == 0 {
				ordinal = false
				break
			}
			s = strconv.FormatInt((v.mon-1)/3+1, 10)
		case dchCC:
			var c int64
			switch {
			case v.interval:
				c = y / 100
			case y > 0:
				c = (y-1)/100 + 1
			default:
				c = y/100 - 1
			}
			if c <= 99 && c >= -99 {
				s = zeroPad(c, width(n, 2, c))
			} else {
				s = strconv.FormatInt(c, 10)
			}
		case dchYcommaYYY:
			ay := adjustYear(y, v.interval)
			th := ay / 1000
			s = fmt.Sprintf("%d,%03d", th, ay-th*1000)
		case dchYYYY, dchIYYY, dchYYY, dchIYY, dchYY, dchIY, dchY, dchI:
			key := dchKey(n.key.id)
			ay := adjustYear(y, v.interval)
			val := ay
			if key == dchIYYY || key == dchIYY || key == dchIY || key == dchI {
				_, iy := isoWeekAndYear(int(v.year), int(v.mon), int(v.mday))
				val = adjustYear(int64(iy), v.interval)
			}
			neg := ay < 0
			switch key {
			case dchYYYY, dchIYYY:
				s = zeroPad(val, pick(fm(n), 0, pick(neg, 5, 4)))
			case dchYYY, dchIYY:
				s = zeroPad(val%1000, pick(fm(n), 0, pick(neg, 4, 3)))
			case dchYY, dchIY:
				s = zeroPad(val%100, pick(fm(n), 0, pick(neg, 3, 2)))
			default:
				s = strconv.FormatInt(val%10, 10)
			}
		case dchRM, dchrm:
			ordinal = false
			if v.mon == 0 && v.year == 0 {
				break
			}
			var idx int64
			switch {
			case v.mon == 0:
				idx = pick(v.year >= 0, 0, int64(11))
			case v.mon < 0:
				idx = -(v.mon + 1)
			default:
				idx = 12 - v.mon
			}
			names := romanMonthsUpper
			if dchKey(n.key.id) == dchrm {
				names = romanMonthsLower
			}
			s = names[idx]
			if !fm(n) {
				s = padRight(s, 4)
			}
		case dchW:
			s = strconv.FormatInt((v.mday-1)/7+1, 10)
		case dchJ:
			s = strconv.Itoa(types.DateToJulian(int(v.year), int(v.mon), int(v.mday)))
		default:
			// FX only affects parsing.
			ordinal = false
		}
		if ordinal && n.suffix&(sufTH|sufth) != 0 {
			suf, err := ordinalSuffix(s, n.suffix&sufTH != 0)
			if err != nil {
				return "", err
			}
			s += suf
		}
		b.WriteString(s)
	}
	return b.String(), nil
}

func pick[T any](cond bool, a, b T) T {
	if cond {
		return a
	}
	return b
}

// caseAs spells an English name in upper case, lower case or as it is
// (capitalized).
func caseAs(name string, upper, lower bool) string {
	switch {
	case upper:
		return strings.ToUpper(name)
	case lower:
		return strings.ToLower(name)
	}
	return name
}

// dchMaxItemSize is DCH_MAX_ITEM_SIZ: the most bytes one pattern
// prints, which sizes PostgreSQL's result buffer.
const dchMaxItemSize = 12

// dchTemplate parses a date/time template, refusing one whose result
// buffer palloc could not allocate.
func dchTemplate(fmtText string) ([]templateNode, error) {
	if n := int64(len(fmtText))*dchMaxItemSize + 1; n > maxAllocSize {
		return nil, errAllocSize(n)
	}
	return parseTemplate(fmtText, dchIndex, true, nil)
}

// timestampDCH fills a dchValue from a finite timestamp (in local time
// for timestamptz, with the zone's offset and abbreviation).
func timestampDCH(ec *expr.EvalContext, ts int64, withTZ bool) *dchValue {
	var f types.Fields
	v := &dchValue{}
	if withTZ {
		loc := location(ec)
		f = types.LocalFields(ts, loc)
		v.gmtoff = int64(f.Offset)
		v.tzn, _ = types.TimestampToTime(ts).In(loc).Zone()
		v.hasTZN = true
	} else {
		f = types.TimestampFields(ts)
	}
	v.year, v.mon, v.mday = int64(f.Year), int64(f.Month), int64(f.Day)
	v.hour, v.min, v.sec, v.fsec = int64(f.Hour), int64(f.Min), int64(f.Sec), int64(f.Usec)
	jd := int64(types.DateToJulian(f.Year, f.Month, f.Day))
	v.yday = jd - int64(types.DateToJulian(f.Year, 1, 1)) + 1
	v.wday = (jd + 1) % 7
	return v
}

// intervalDCH fills a dchValue from an interval as interval2tm does.
func intervalDCH(iv types.Interval) *dchValue {
	v := &dchValue{interval: true}
	v.year = int64(iv.Months / 12)
	v.mon = int64(iv.Months % 12)
	v.mday = int64(iv.Days)
	t := iv.Micros
	v.hour = t / types.UsecsPerHour
	t -= v.hour * types.UsecsPerHour
	v.min = t / types.UsecsPerMin
	t -= v.min * types.UsecsPerMin
	v.sec = t / types.UsecsPerSec
	v.fsec = t - v.sec*types.UsecsPerSec
	// wday is meaningless, yday approximates the total span in days.
	v.yday = (v.year*12+v.mon)*30 + v.mday
	return v
}

func addFormattingImpls(m map[string]implEntry) {
	tsToChar := func(withTZ bool) implEntry {
		return implEntry{impl: func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
			ts, f := a[0].Int(), a[1].Text()
			if isInfTS(ts) || f == "" {
				return types.Null, nil
			}
			nodes, err := dchTemplate(f)
			if err != nil {
				return types.Null, err
			}
			s, err := dchFormat(ec, f, nodes, timestampDCH(ec, ts, withTZ))
			if err != nil {
				return types.Null, err
			}
			return textResult(s)
		}}
	}
	m["timestamp_to_char"] = tsToChar(false)
	m["timestamptz_to_char"] = tsToChar(true)
	m["interval_to_char"] = implEntry{impl: func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		f := a[1].Text()
		if f == "" {
			return types.Null, nil
		}
		nodes, err := dchTemplate(f)
		if err != nil {
			return types.Null, err
		}
		s, err := dchFormat(ec, f, nodes, intervalDCH(a[0].Interval()))
		if err != nil {
			return types.Null, err
		}
		return textResult(s)
	}}
}
