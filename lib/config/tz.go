// tz.go validates TimeZone and log_timezone as PostgreSQL's pg_tzset does
// with a system tz database: names are found case-insensitively and shown
// in the database's spelling, numeric hour offsets become POSIX zones like
// "<-08>+08", and POSIX TZ specifications ("EST5EDT", "UTC+3") are accepted.

package config

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// tzDirs are the system tz databases, as Debian's PostgreSQL uses
// (--with-system-tzdata), first found wins.
var tzDirs = []string{"/usr/share/zoneinfo", "/usr/lib/zoneinfo", "/usr/share/lib/zoneinfo"}

func tzDir() string {
	for _, d := range tzDirs {
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			return d
		}
	}
	return ""
}

// TimeZoneName resolves a time zone setting to PostgreSQL's canonical name
// (what SHOW TimeZone prints), or ok false if PostgreSQL would reject it.
// leap reports a zone rejected for using leap seconds.
func TimeZoneName(name string) (canon string, leap, ok bool) {
	if r, hit := zoneNames.Load(name); hit {
		z := r.(zoneName)
		return z.canon, z.leap, z.ok
	}
	canon, leap, ok = lookupTimeZoneName(name)
	if ok || leap {
		// Like pg_tzset's timezone_cache, a zone found is remembered for
		// the process's life: a pooled backend resets its settings for
		// every session, and each reset validates TimeZone and
		// log_timezone again. Names not found are looked up each time.
		zoneNames.Store(name, zoneName{canon, leap, ok})
	}
	return canon, leap, ok
}

// zoneName is a remembered TimeZoneName answer.
type zoneName struct {
	canon    string
	leap, ok bool
}

// zoneNames maps setting strings to TimeZoneName's answers.
var zoneNames sync.Map

// zoneLocations maps canonical zone names to the locations loaded from
// the tz database.
var zoneLocations sync.Map

func lookupTimeZoneName(name string) (canon string, leap, ok bool) {
	const tzStrLenMax = 255
	if len(name) > tzStrLenMax {
		return "", false, false
	}
	upper := strings.ToUpper(name)
	if upper == "GMT" {
		return "GMT", false, true
	}
	if dir := tzDir(); dir != "" {
		if c, found := findZoneFile(dir, name); found {
			hasLeaps, valid := tzifInfo(filepath.Join(dir, c))
			if valid {
				if hasLeaps {
					return c, true, false
				}
				return c, false, true
			}
		}
	}
	if upper != "" && upper[0] != ':' && validPosixTZ(upper) {
		return upper, false, true
	}
	return "", false, false
}

// findZoneFile is pg_open_tzfile: each path component is matched
// case-insensitively, skipping dot files.
func findZoneFile(dir, name string) (string, bool) {
	if name == "" || strings.HasPrefix(name, "/") {
		return "", false
	}
	var canon []string
	cur := dir
	for _, part := range strings.Split(name, "/") {
		if part == "" {
			return "", false
		}
		entries, err := os.ReadDir(cur)
		if err != nil {
			return "", false
		}
		found := ""
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), ".") {
				continue
			}
			if strings.EqualFold(e.Name(), part) {
				found = e.Name()
				break
			}
		}
		if found == "" {
			return "", false
		}
		canon = append(canon, found)
		cur = filepath.Join(cur, found)
	}
	return strings.Join(canon, "/"), true
}

// tzifInfo reads a TZif header: valid is false for anything that is not a
// zone file (a directory, a text file), leaps is true when it lists leap
// seconds.
func tzifInfo(path string) (leaps, valid bool) {
	f, err := os.Open(path)
	if err != nil {
		return false, false
	}
	defer f.Close()
	hdr := make([]byte, 44)
	if n, err := f.Read(hdr); err != nil || n < 44 || !bytes.Equal(hdr[:4], []byte("TZif")) {
		return false, false
	}
	leapcnt := uint32(hdr[28])<<24 | uint32(hdr[29])<<16 | uint32(hdr[30])<<8 | uint32(hdr[31])
	return leapcnt > 0, true
}

// validPosixTZ is the syntax check of tzparse(): std offset [dst [offset]
// [,rule]], with <quoted> abbreviations allowed.
func validPosixTZ(s string) bool {
	p := &tzParser{s: s}
	if !p.stdName() {
		return false
	}
	if p.eof() {
		return false // an abbreviation alone is not a zone
	}
	if !p.offset() {
		return false
	}
	if p.eof() {
		return true
	}
	if !p.name() {
		return false
	}
	if !p.eof() && p.peek() != ',' && p.peek() != ';' {
		if !p.offset() {
			return false
		}
	}
	if p.eof() {
		return true
	}
	if p.peek() != ',' && p.peek() != ';' {
		return false
	}
	p.i++
	if !p.rule() {
		return false
	}
	if p.eof() || p.peek() != ',' {
		return false
	}
	p.i++
	if !p.rule() {
		return false
	}
	return p.eof()
}

type tzParser struct {
	s string
	i int
}

func (p *tzParser) eof() bool  { return p.i >= len(p.s) }
func (p *tzParser) peek() byte { return p.s[p.i] }

// name reads a zone abbreviation: <...> or a run of non-digits other than
// ',', '-', '+'. It must not be empty.
func (p *tzParser) name() bool {
	if !p.eof() && p.peek() == '<' {
		start := p.i + 1
		j := start
		for j < len(p.s) && p.s[j] != '>' {
			j++
		}
		if j >= len(p.s) {
			return false
		}
		p.i = j + 1
		return true
	}
	start := p.i
	for !p.eof() {
		c := p.peek()
		if c >= '0' && c <= '9' || c == ',' || c == '-' || c == '+' {
			break
		}
		p.i++
	}
	return p.i > start
}

// stdName reads the standard-time abbreviation, which PostgreSQL's tzparse
// (unlike IANA's) allows to be empty: "+5" and "-09:30" are zones.
func (p *tzParser) stdName() bool {
	return p.name() || !p.eof() && p.peek() != '<'
}

// num reads an unsigned decimal in [min, max].
func (p *tzParser) num(min, max int) bool {
	if p.eof() || p.peek() < '0' || p.peek() > '9' {
		return false
	}
	n := 0
	for !p.eof() && p.peek() >= '0' && p.peek() <= '9' {
		n = n*10 + int(p.peek()-'0')
		if n > max {
			return false
		}
		p.i++
	}
	return n >= min
}

// secs reads hh[:mm[:ss]] with hours below a week, as getsecs does.
func (p *tzParser) secs() bool {
	if !p.num(0, 24*7-1) {
		return false
	}
	if !p.eof() && p.peek() == ':' {
		p.i++
		if !p.num(0, 59) {
			return false
		}
		if !p.eof() && p.peek() == ':' {
			p.i++
			if !p.num(0, 60) {
				return false
			}
		}
	}
	return true
}

func (p *tzParser) offset() bool {
	if !p.eof() && (p.peek() == '+' || p.peek() == '-') {
		p.i++
	}
	return p.secs()
}

// rule reads Jn, n or Mm.w.d, then an optional /time.
func (p *tzParser) rule() bool {
	if p.eof() {
		return false
	}
	switch c := p.peek(); {
	case c == 'J':
		p.i++
		if !p.num(1, 365) {
			return false
		}
	case c == 'M':
		p.i++
		if !p.num(1, 12) || p.eof() || p.peek() != '.' {
			return false
		}
		p.i++
		if !p.num(1, 5) || p.eof() || p.peek() != '.' {
			return false
		}
		p.i++
		if !p.num(0, 6) {
			return false
		}
	case c >= '0' && c <= '9':
		if !p.num(0, 365) {
			return false
		}
	default:
		return false
	}
	if !p.eof() && p.peek() == '/' {
		p.i++
		return p.offset()
	}
	return true
}

// offsetZoneName is pg_tzset_offset's name for a fixed zone gmtoffset
// seconds east of Greenwich, written in POSIX's inverted sign convention
// ("<-08>+08" is eight hours west).
func offsetZoneName(gmtoffset int64) string {
	abs := gmtoffset
	if abs < 0 {
		abs = -abs
	}
	off := fmt.Sprintf("%02d", abs/3600)
	abs %= 3600
	if abs != 0 {
		off += fmt.Sprintf(":%02d", abs/60)
		abs %= 60
		if abs != 0 {
			off += fmt.Sprintf(":%02d", abs)
		}
	}
	if gmtoffset > 0 {
		return "<-" + off + ">+" + off
	}
	return "<+" + off + ">-" + off
}

// checkTimezone is check_timezone: an "interval '...'" offset, a number of
// hours (SQL sign convention: -8 is west), or a zone name.
func checkTimezone(s *Settings, v *variable, nv *value, src Source) *checkFailure {
	var name string
	if len(nv.s) >= 8 && strings.EqualFold(nv.s[:8], "interval") {
		secs, ok := parseIntervalOffset(nv.s[8:])
		if !ok {
			return &checkFailure{}
		}
		name = offsetZoneName(-secs)
	} else if hours, rest, _, ok := strtod(nv.s); ok && rest == "" && !math.IsInf(hours, 0) && !math.IsNaN(hours) {
		name = offsetZoneName(int64(-hours * 3600))
	} else {
		canon, leap, ok := TimeZoneName(nv.s)
		if leap {
			return &checkFailure{msg: fmt.Sprintf("time zone \"%s\" appears to use leap seconds", nv.s),
				detail: "PostgreSQL does not support leap seconds."}
		}
		if !ok {
			return &checkFailure{}
		}
		nv.show = canon
		return nil
	}
	canon, _, ok := TimeZoneName(name)
	if !ok {
		return fail("UTC timezone offset is out of range.")
	}
	nv.show = canon
	return nil
}

// parseIntervalOffset reads the quoted interval of SET TIME ZONE INTERVAL
// '...' in its common forms: '[+-]hh[:mm[:ss]]' or a number of hours, with
// an optional trailing field restriction such as HOUR TO MINUTE.
func parseIntervalOffset(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if len(s) < 2 || s[0] != '\'' {
		return 0, false
	}
	end := strings.IndexByte(s[1:], '\'')
	if end < 0 {
		return 0, false
	}
	lit := strings.TrimSpace(s[1 : end+1])
	neg := false
	if lit != "" && (lit[0] == '+' || lit[0] == '-') {
		neg = lit[0] == '-'
		lit = lit[1:]
	}
	lit = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(lit, "hours"), "hour"), " ")
	parts := strings.Split(lit, ":")
	if len(parts) > 3 {
		return 0, false
	}
	var secs int64
	mult := []int64{3600, 60, 1}
	for i, part := range parts {
		n, rest, _, ok := strtol(strings.TrimSpace(part))
		if !ok || rest != "" || n < 0 {
			return 0, false
		}
		secs += n * mult[i]
	}
	if neg {
		secs = -secs
	}
	return secs, true
}

// checkLogTimezone is check_log_timezone: only zone names.
func checkLogTimezone(s *Settings, v *variable, nv *value, src Source) *checkFailure {
	canon, leap, ok := TimeZoneName(nv.s)
	if leap {
		return &checkFailure{msg: fmt.Sprintf("time zone \"%s\" appears to use leap seconds", nv.s),
			detail: "PostgreSQL does not support leap seconds."}
	}
	if !ok {
		return &checkFailure{}
	}
	nv.show = canon
	return nil
}

// gmtLocation is the GMT zone: UTC under the abbreviation GMT.
var gmtLocation = time.FixedZone("GMT", 0)

// LoadLocation returns the Go location for a TimeZone or log_timezone
// setting as PostgreSQL would interpret it: zone names in any case,
// numeric and "<+05>-05"-style fixed offsets. POSIX specifications with
// daylight-saving rules that are not also zone files are not supported.
func LoadLocation(setting string) (*time.Location, error) {
	nv := value{s: setting}
	if f := checkTimezone(nil, nil, &nv, SourceSession); f != nil {
		return nil, fmt.Errorf("config: invalid time zone %q", setting)
	}
	return locationOf(nv.show, setting)
}

// ZoneByName is pg_tzset: a zone file's name in any case or a POSIX
// time zone specification ("UTC+5", "<+0330>-3:30"), as AT TIME ZONE and
// date_trunc's zone argument read it after the abbreviations; ok is false
// for anything else, numeric offsets included.
func ZoneByName(name string) (loc *time.Location, ok bool, err error) {
	canon, _, found := TimeZoneName(name)
	if !found {
		return nil, false, nil
	}
	loc, err = locationOf(canon, name)
	return loc, err == nil, err
}

// locationOf loads the location of canon, a name TimeZoneName or
// checkTimezone accepted.
func locationOf(canon, setting string) (*time.Location, error) {
	if canon == "GMT" {
		// A zone of its own, not time.UTC: timestamptz output and
		// to_char's TZ print its abbreviation, GMT.
		return gmtLocation, nil
	}
	if loc, hit := zoneLocations.Load(canon); hit {
		return loc.(*time.Location), nil
	}
	if dir := tzDir(); dir != "" {
		if _, err := os.Stat(filepath.Join(dir, canon)); err == nil {
			loc, err := time.LoadLocation(canon)
			if err == nil {
				zoneLocations.Store(canon, loc)
			}
			return loc, err
		}
	}
	p := &tzParser{s: canon}
	start := p.i
	if !p.stdName() {
		return nil, fmt.Errorf("config: unsupported time zone %q", setting)
	}
	name := strings.Trim(canon[start:p.i], "<>")
	offStart := p.i
	if !p.offset() || !p.eof() {
		return nil, fmt.Errorf("config: unsupported time zone %q", setting)
	}
	secs, err := posixOffsetSeconds(canon[offStart:p.i])
	if err != nil {
		return nil, err
	}
	// POSIX offsets count hours west of Greenwich.
	return time.FixedZone(name, -secs), nil
}

func posixOffsetSeconds(s string) (int, error) {
	sign := 1
	if s != "" && (s[0] == '+' || s[0] == '-') {
		if s[0] == '-' {
			sign = -1
		}
		s = s[1:]
	}
	total := 0
	mult := []int{3600, 60, 1}
	for i, part := range strings.Split(s, ":") {
		if i >= len(mult) {
			return 0, fmt.Errorf("config: bad offset %q", s)
		}
		n, err := strconv.Atoi(part)
		if err != nil {
			return 0, fmt.Errorf("config: bad offset %q", s)
		}
		total += n * mult[i]
	}
	return sign * total, nil
}

// ZoneNames lists the zones of the system tz database as
// pg_tzenumerate_next does for pg_timezone_names: every zone file below
// the directory, dot files skipped, files that are no zone and zones
// that count leap seconds left out; sorted.
func ZoneNames() []string {
	dir := tzDir()
	if dir == "" {
		return nil
	}
	var names []string
	var walk func(rel string)
	walk = func(rel string) {
		entries, err := os.ReadDir(filepath.Join(dir, rel))
		if err != nil {
			return
		}
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), ".") {
				continue
			}
			name := filepath.Join(rel, e.Name())
			path := filepath.Join(dir, name)
			if st, err := os.Stat(path); err == nil && st.IsDir() {
				walk(name)
				continue
			}
			if leaps, valid := tzifInfo(path); valid && !leaps {
				names = append(names, name)
			}
		}
	}
	walk("")
	sort.Strings(names)
	return names
}
