// Time zone abbreviations: the "Default" timezone_abbreviations set
// (tzabbrev_default.go) and the meaning of a dynamic abbreviation, one
// defined by a zone's rules rather than a fixed offset, at an instant
// (PostgreSQL's DetermineTimeZoneAbbrevOffsetInternal and
// pg_interpret_timezone_abbrev).

package types

import (
	"sort"
	"strings"
	"time"
)

// ZoneAbbrev is one abbreviation of a timezone_abbreviations set: a fixed
// offset (seconds east of UTC) and daylight-saving flag, or, when Zone is
// set, the zone whose rules give its meaning at each instant.
type ZoneAbbrev struct {
	Abbrev string // lower case
	Offset int
	DST    bool
	Zone   string
}

// DefaultZoneAbbrevs returns the Default set sorted by abbreviation, as
// pg_timezone_abbrevs lists it. The slice is shared and must not be
// modified.
func DefaultZoneAbbrevs() []ZoneAbbrev { return defaultZoneAbbrevs }

// lookupZoneAbbrev finds an abbreviation (lower case) in the Default set.
func lookupZoneAbbrev(abbrev string) (*ZoneAbbrev, bool) {
	i := sort.Search(len(defaultZoneAbbrevs), func(i int) bool { return defaultZoneAbbrevs[i].Abbrev >= abbrev })
	if i < len(defaultZoneAbbrevs) && defaultZoneAbbrevs[i].Abbrev == abbrev {
		return &defaultZoneAbbrevs[i], true
	}
	return nil, false
}

// OffsetAt returns the abbreviation's offset (seconds east of UTC) and
// daylight-saving flag at instant t. A dynamic abbreviation means what
// its zone used it for in the latest period that began at or before t,
// else in the earliest period after t; when the zone never used it, the
// zone's own offset at t. ok is false when the zone cannot be loaded.
func (z *ZoneAbbrev) OffsetAt(t time.Time) (east int, dst, ok bool) {
	if z.Zone == "" {
		return z.Offset, z.DST, true
	}
	loc, err := time.LoadLocation(z.Zone)
	if err != nil {
		return 0, false, false
	}
	east, dst = zoneAbbrevOffset(t.In(loc), strings.ToUpper(z.Abbrev))
	return east, dst, true
}

// zoneAbbrevOffset walks t's zone periods backwards from t, then forwards,
// for one called abbrev; without one, t's own offset.
func zoneAbbrevOffset(t time.Time, abbrev string) (int, bool) {
	for cur := t; ; {
		if name, off := cur.Zone(); name == abbrev {
			return off, cur.IsDST()
		}
		start, _ := cur.ZoneBounds()
		if start.IsZero() {
			break
		}
		cur = start.Add(-time.Second)
	}
	for _, end := t.ZoneBounds(); !end.IsZero(); {
		if name, off := end.Zone(); name == abbrev {
			return off, end.IsDST()
		}
		_, next := end.ZoneBounds()
		// Zone files list transitions up to 2037 and a rule beyond;
		// the rule only repeats periods already seen.
		if !next.After(end) || next.Year() > 2037 {
			break
		}
		end = next
	}
	_, off := t.Zone()
	return off, t.IsDST()
}

// localOffset is DetermineTimeZoneAbbrevOffset: the offset of a dynamic
// abbreviation for a local time (microseconds since 2000-01-01 as if
// UTC), probed at the instant that local time is in the abbreviation's
// zone. A zone that cannot be loaded gives the placeholder offset.
func (z *ZoneAbbrev) localOffset(local int64) int {
	loc, err := time.LoadLocation(z.Zone)
	if err != nil {
		return z.Offset
	}
	east, _ := zoneAbbrevOffset(TimestampToTime(LocalToUTC(local, loc)).In(loc), strings.ToUpper(z.Abbrev))
	return east
}
