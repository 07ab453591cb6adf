// parse.go turns the text of a value into a typed value exactly as guc.c
// does (parse_bool, parse_int, parse_real, the unit tables, enum lookup),
// including its C library quirks: strtol's octal and hex, strtod's forms,
// and where whitespace is allowed.

package config

import (
	"math"
	"strconv"
	"strings"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// BLCKSZ and XLOG_BLCKSZ.
const blockSize = 8192

const (
	memoryUnitsHint = "Valid units for this parameter are \"B\", \"kB\", \"MB\", \"GB\", and \"TB\"."
	timeUnitsHint   = "Valid units for this parameter are \"us\", \"ms\", \"s\", \"min\", \"h\", and \"d\"."
)

type unitConversion struct {
	unit       string
	multiplier float64 // from unit to the base unit
}

// The conversion tables of guc.c, per base unit, greatest unit first.
var unitTables = map[Unit][]unitConversion{
	UnitBytes: {{"TB", 1024.0 * 1024.0 * 1024.0 * 1024.0}, {"GB", 1024.0 * 1024.0 * 1024.0},
		{"MB", 1024.0 * 1024.0}, {"kB", 1024.0}, {"B", 1.0}},
	UnitKB: {{"TB", 1024.0 * 1024.0 * 1024.0}, {"GB", 1024.0 * 1024.0}, {"MB", 1024.0},
		{"kB", 1.0}, {"B", 1.0 / 1024.0}},
	UnitMB: {{"TB", 1024.0 * 1024.0}, {"GB", 1024.0}, {"MB", 1.0}, {"kB", 1.0 / 1024.0},
		{"B", 1.0 / (1024.0 * 1024.0)}},
	UnitBlocks: {{"TB", (1024.0 * 1024.0 * 1024.0) / (blockSize / 1024)},
		{"GB", (1024.0 * 1024.0) / (blockSize / 1024)}, {"MB", 1024.0 / (blockSize / 1024)},
		{"kB", 1.0 / (blockSize / 1024)}, {"B", 1.0 / blockSize}},
	UnitMS: {{"d", 1000 * 60 * 60 * 24}, {"h", 1000 * 60 * 60}, {"min", 1000 * 60},
		{"s", 1000}, {"ms", 1}, {"us", 1.0 / 1000}},
	UnitS: {{"d", 60 * 60 * 24}, {"h", 60 * 60}, {"min", 60}, {"s", 1},
		{"ms", 1.0 / 1000}, {"us", 1.0 / (1000 * 1000)}},
	UnitMin: {{"d", 60 * 24}, {"h", 60}, {"min", 1}, {"s", 1.0 / 60},
		{"ms", 1.0 / (1000 * 60)}, {"us", 1.0 / (1000 * 1000 * 60)}},
}

func isCSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// convertToBase is convert_to_base_unit: unit is the rest of the input
// after the number and any whitespace.
func convertToBase(val float64, unit string, base Unit) (float64, bool) {
	// Only the first three characters can be the unit; then only spaces.
	n := 0
	for n < len(unit) && !isCSpace(unit[n]) && n < 3 {
		n++
	}
	u := unit[:n]
	rest := unit[n:]
	for len(rest) > 0 && isCSpace(rest[0]) {
		rest = rest[1:]
	}
	if rest != "" {
		return 0, false
	}
	table := unitTables[base]
	for i, c := range table {
		if c.unit == u {
			cv := val * c.multiplier
			// A fraction like 30.1GB is rounded to the next smaller unit.
			if i+1 < len(table) {
				next := table[i+1].multiplier
				cv = math.RoundToEven(cv/next) * next
			}
			return cv, true
		}
	}
	return 0, false
}

// parseBool is parse_bool: on/off, true/false, yes/no, 1/0 and unique
// prefixes of them, in any case, without surrounding spaces.
func parseBool(s string) (bool, bool) {
	if s == "" {
		return false, false
	}
	prefixOf := func(word string, min int) bool {
		return len(s) >= min && len(s) <= len(word) && strings.EqualFold(s, word[:len(s)])
	}
	switch s[0] {
	case 't', 'T':
		if prefixOf("true", 1) {
			return true, true
		}
	case 'f', 'F':
		if prefixOf("false", 1) {
			return false, true
		}
	case 'y', 'Y':
		if prefixOf("yes", 1) {
			return true, true
		}
	case 'n', 'N':
		if prefixOf("no", 1) {
			return false, true
		}
	case 'o', 'O':
		// "o" alone is ambiguous.
		if prefixOf("on", 2) {
			return true, true
		}
		if prefixOf("off", 2) {
			return false, true
		}
	case '1':
		if len(s) == 1 {
			return true, true
		}
	case '0':
		if len(s) == 1 {
			return false, true
		}
	}
	return false, false
}

// parseInt is parse_int: a C long (decimal, 0x hex or 0 octal), or a
// float when followed by '.' or 'e', then an optional unit.
func parseInt(s string, unit Unit) (int64, string, bool) {
	// As in C, a failed strtol leaves rest at the whole input, and only a
	// '.', 'e' or overflow sends the input to strtod.
	val, rest, rangeErr, ok := strtol(s)
	var f float64
	if !rangeErr && !(rest != "" && (rest[0] == '.' || rest[0] == 'e' || rest[0] == 'E')) {
		if !ok {
			return 0, "", false
		}
		f = float64(val)
	} else {
		var okf bool
		f, rest, rangeErr, okf = strtod(s)
		if !okf || rangeErr {
			return 0, "", false
		}
	}
	if math.IsNaN(f) {
		return 0, "", false
	}
	for len(rest) > 0 && isCSpace(rest[0]) {
		rest = rest[1:]
	}
	if rest != "" {
		if unit == UnitNone {
			return 0, "", false
		}
		cv, ok := convertToBase(f, rest, unit)
		if !ok {
			return 0, unitsHint(unit), false
		}
		f = cv
	}
	f = math.RoundToEven(f)
	if f > math.MaxInt32 || f < math.MinInt32 {
		return 0, "Value exceeds integer range.", false
	}
	return int64(f), "", true
}

func unitsHint(u Unit) string {
	if u.IsMemory() {
		return memoryUnitsHint
	}
	return timeUnitsHint
}

// parseReal is parse_real: strtod, then an optional unit.
func parseReal(s string, unit Unit) (float64, string, bool) {
	f, rest, rangeErr, ok := strtod(s)
	if !ok || rangeErr || math.IsNaN(f) {
		return 0, "", false
	}
	for len(rest) > 0 && isCSpace(rest[0]) {
		rest = rest[1:]
	}
	if rest != "" {
		if unit == UnitNone {
			return 0, "", false
		}
		cv, ok := convertToBase(f, rest, unit)
		if !ok {
			return 0, unitsHint(unit), false
		}
		f = cv
	}
	return f, "", true
}

// strtol mimics C's strtol(s, &end, 0) for a 64-bit long: it returns the
// value, the unparsed rest, whether it overflowed, and whether any digits
// were converted.
func strtol(s string) (int64, string, bool, bool) {
	i := 0
	for i < len(s) && isCSpace(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	base := uint64(10)
	if i+1 < len(s) && s[i] == '0' && (s[i+1] == 'x' || s[i+1] == 'X') && i+2 < len(s) && hexVal(s[i+2]) >= 0 {
		base = 16
		i += 2
	} else if i < len(s) && s[i] == '0' {
		base = 8
	}
	start := i
	var acc uint64
	overflow := false
	limit := uint64(math.MaxInt64)
	if neg {
		limit++
	}
	for i < len(s) {
		d := hexVal(s[i])
		if d < 0 || uint64(d) >= base {
			break
		}
		if acc > (limit-uint64(d))/base {
			overflow = true
		} else {
			acc = acc*base + uint64(d)
		}
		i++
	}
	if i == start {
		return 0, s, false, false
	}
	if overflow {
		if neg {
			return math.MinInt64, s[i:], true, true
		}
		return math.MaxInt64, s[i:], true, true
	}
	if neg {
		return -int64(acc), s[i:], false, true
	}
	return int64(acc), s[i:], false, true
}

func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// strtod mimics glibc's strtod: leading space, sign, decimal or hex
// mantissa with exponent, inf/infinity/nan. It returns the value, the
// unparsed rest, whether the result is out of range (ERANGE), and whether
// anything was converted.
func strtod(s string) (float64, string, bool, bool) {
	i := 0
	for i < len(s) && isCSpace(s[i]) {
		i++
	}
	start := i
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	rest := strings.ToLower(s[i:])
	switch {
	case strings.HasPrefix(rest, "infinity"):
		i += 8
		f, _ := strconv.ParseFloat(s[start:i], 64)
		return f, s[i:], false, true
	case strings.HasPrefix(rest, "inf"):
		i += 3
		f, _ := strconv.ParseFloat(s[start:i], 64)
		return f, s[i:], false, true
	case strings.HasPrefix(rest, "nan"):
		i += 3
		if j := strings.IndexByte(s[i:], ')'); i < len(s) && s[i] == '(' && j > 0 {
			ok := true
			for _, c := range s[i+1 : i+j] {
				if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_') {
					ok = false
				}
			}
			if ok {
				i += j + 1
			}
		}
		return math.NaN(), s[i:], false, true
	}
	hex := i+1 < len(s) && s[i] == '0' && (s[i+1] == 'x' || s[i+1] == 'X')
	digits := func(isDigit func(byte) bool) int {
		n := 0
		for i < len(s) && isDigit(s[i]) {
			i++
			n++
		}
		return n
	}
	isDec := func(c byte) bool { return c >= '0' && c <= '9' }
	isHex := func(c byte) bool { return hexVal(c) >= 0 }
	mantStart := i
	nonzero := false
	if hex {
		save := i
		i += 2
		n := digits(isHex)
		if i < len(s) && s[i] == '.' {
			i++
			n += digits(isHex)
		}
		if n == 0 {
			// Just the "0" before the x is a number.
			i = save + 1
			hex = false
		}
	}
	if !hex {
		i = mantStart
		n := digits(isDec)
		if i < len(s) && s[i] == '.' {
			i++
			n += digits(isDec)
		}
		if n == 0 {
			return 0, s, false, false
		}
	}
	for _, c := range s[mantStart:i] {
		if c != '0' && c != '.' && c != 'x' && c != 'X' {
			nonzero = true
		}
	}
	mantEnd := i
	expMark := byte('e')
	if hex {
		expMark = 'p'
	}
	if i < len(s) && (s[i]|0x20) == expMark {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		k := j
		for k < len(s) && isDec(s[k]) {
			k++
		}
		if k > j {
			i = k
		}
	}
	text := s[start:i]
	if hex && i == mantEnd {
		text += "p0" // Go requires the binary exponent C treats as optional
	}
	f, err := strconv.ParseFloat(text, 64)
	rangeErr := false
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			rangeErr = true
		} else {
			return 0, s, false, false
		}
	}
	if f == 0 && nonzero {
		rangeErr = true // underflow
	}
	if f != 0 && math.Abs(f) < 2.2250738585072014e-308 {
		rangeErr = true // glibc reports denormal results as ERANGE too
	}
	return f, s[i:], rangeErr, true
}

// formatG is C's printf("%g").
func formatG(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case math.IsNaN(f):
		return "nan"
	}
	return strconv.FormatFloat(f, 'g', 6, 64)
}

// parseValue converts text to a typed value without any check hook.
// name is the spelling the caller used, which guc.c puts in messages.
func parseValue(p *Param, name, s string) (value, *pgerr.Error) {
	switch p.Type {
	case TypeBool:
		b, ok := parseBool(s)
		if !ok {
			return value{}, pgerr.Newf(pgerr.InvalidParameterValue,
				"parameter \"%s\" requires a Boolean value", name)
		}
		return value{b: b}, nil
	case TypeInt:
		i, hint, ok := parseInt(s, p.Unit)
		if !ok {
			e := pgerr.Newf(pgerr.InvalidParameterValue, "invalid value for parameter \"%s\": \"%s\"", name, s)
			if hint != "" {
				e = e.WithHint("%s", hint)
			}
			return value{}, e
		}
		if float64(i) < p.Min || float64(i) > p.Max {
			return value{}, pgerr.Newf(pgerr.InvalidParameterValue,
				"%d%s is outside the valid range for parameter \"%s\" (%d .. %d)",
				i, unitSuffix(p.Unit), name, int64(p.Min), int64(p.Max))
		}
		return value{i: i}, nil
	case TypeReal:
		f, hint, ok := parseReal(s, p.Unit)
		if !ok {
			e := pgerr.Newf(pgerr.InvalidParameterValue, "invalid value for parameter \"%s\": \"%s\"", name, s)
			if hint != "" {
				e = e.WithHint("%s", hint)
			}
			return value{}, e
		}
		if f < p.Min || f > p.Max {
			return value{}, pgerr.Newf(pgerr.InvalidParameterValue,
				"%s%s is outside the valid range for parameter \"%s\" (%s .. %s)",
				formatG(f), unitSuffix(p.Unit), name, formatG(p.Min), formatG(p.Max))
		}
		return value{f: f}, nil
	case TypeEnum:
		if shown, ok := enumLookup(p, s); ok {
			return value{s: shown}, nil
		}
		return value{}, pgerr.Newf(pgerr.InvalidParameterValue, "invalid value for parameter \"%s\": \"%s\"", name, s).
			WithHint("Available values: %s.", strings.Join(p.EnumVals, ", "))
	default:
		return value{s: s}, nil
	}
}

func unitSuffix(u Unit) string {
	if u == UnitNone {
		return ""
	}
	return " " + u.String()
}

// enumLookup is config_enum_lookup_by_name followed by lookup by value:
// it returns the spelling SHOW uses for an accepted input.
func enumLookup(p *Param, s string) (string, bool) {
	for _, a := range p.EnumAliases {
		if strings.EqualFold(a.Input, s) {
			return a.Shown, true
		}
	}
	for _, e := range p.EnumVals {
		if strings.EqualFold(e, s) {
			return e, true
		}
	}
	return "", false
}

// parseAndValidate is parse_and_validate_value: parse, range check,
// identifier truncation, then the check hooks.
func (s *Settings) parseAndValidate(v *variable, name, text string, src Source) (value, *pgerr.Error) {
	nv, err := parseValue(v.p, name, text)
	if err != nil {
		return value{}, err
	}
	if v.p.Type == TypeString && v.p.Has(FlagIsName) {
		nv.s = s.truncateIdentifier(nv.s)
	}
	if err := s.check(v, &nv, src); err != nil {
		return value{}, err
	}
	return nv, nil
}

// truncateIdentifier is truncate_identifier(..., warn=true) for UTF-8.
func (s *Settings) truncateIdentifier(id string) string {
	if len(id) <= maxIdentifierLength {
		return id
	}
	n := maxIdentifierLength
	for n > 0 && id[n]&0xC0 == 0x80 { // do not split a character
		n--
	}
	t := id[:n]
	s.notice(LogMessage{Severity: pgerr.SeverityNotice, Code: pgerr.NameTooLong,
		Message: "identifier \"" + id + "\" will be truncated to \"" + t + "\""})
	return t
}
