// timetz, time with time zone (utils/adt/date.c): a time of day and a
// fixed UTC offset, input through the date/time decoder, printed as the
// time followed by the offset (+HH, +HH:MM or +HH:MM:SS) in every
// DateStyle, as EncodeTimeOnly prints it.

package types

import (
	"encoding/binary"
	"time"
	"unsafe"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// OID of timetz and its array type.
const (
	OidTimetz      uint32 = 1266
	OidTimetzArray uint32 = 1270
)

// TimeTZ is a timetz value: microseconds since midnight (0 to 24:00:00
// inclusive) and the zone as PostgreSQL keeps it, in seconds west of UTC
// (so +02 is -7200).
type TimeTZ struct {
	Time int64
	Zone int32
}

// timetz values are by-value Datums: the time in the high bits of the
// value word, the zone biased to be non-negative in the low 20 bits
// (input allows |zone| < 2^16; the time fits in 37 bits). The larger
// zones AT TIME ZONE with an interval can give (any int32, as in
// PostgreSQL) are kept in a *TimeTZ instead.
const (
	timetzZoneBits = 20
	timetzZoneBias = 1 << (timetzZoneBits - 1)
)

// TimeTZDatum makes a timetz Datum.
func TimeTZDatum(v TimeTZ) Datum {
	if v.Zone <= -timetzZoneBias || v.Zone >= timetzZoneBias {
		return Datum{p: unsafe.Pointer(&v)}
	}
	return byVal(uint64(v.Time)<<timetzZoneBits | uint64(int64(v.Zone)+timetzZoneBias))
}

// TimeTZOf reads a timetz Datum.
func TimeTZOf(d Datum) TimeTZ {
	if d.p != unsafe.Pointer(&marker) {
		return *(*TimeTZ)(d.p)
	}
	return TimeTZ{Time: int64(d.n >> timetzZoneBits), Zone: int32(int64(d.n&(1<<timetzZoneBits-1)) - timetzZoneBias)}
}

// timetzKey is the value's equality key: time and zone.
func timetzKey(dst []byte, d Datum) []byte {
	v := TimeTZOf(d)
	dst = binary.LittleEndian.AppendUint64(dst, uint64(v.Time))
	return binary.LittleEndian.AppendUint32(dst, uint32(v.Zone))
}

// CompareTimeTZ is timetz_cmp_internal: by the UTC instant, then by the
// zone, so that equal values have equal times and zones.
func CompareTimeTZ(a, b TimeTZ) int {
	t1 := a.Time + int64(a.Zone)*UsecsPerSec
	t2 := b.Time + int64(b.Zone)*UsecsPerSec
	switch {
	case t1 > t2:
		return 1
	case t1 < t2:
		return -1
	case a.Zone > b.Zone:
		return 1
	case a.Zone < b.Zone:
		return -1
	}
	return 0
}

// appendTimeTZ is timetz_out.
func appendTimeTZ(dst []byte, v TimeTZ) []byte {
	dst = appendTimeOfDay(dst, v.Time)
	return appendOffset(dst, -int(v.Zone))
}

// parseTimeTZ is timetz_in (DecodeTimeOnly): a time, optionally a date,
// and a zone: a numeric offset or abbreviation; a full zone name only
// with a date (its offset depends on it) unless the zone never changes
// offset; no zone means the session's time zone on that date (or today).
func parseTimeTZ(s string, typmod int32, opts *FormatOptions) (Datum, error) {
	const sqlName = "time with time zone"
	r, derr := decodeDateTime(s, opts, true)
	if derr != nil {
		return Null, derr.toPg(s, sqlName)
	}
	switch r.special {
	case spAllballs:
		return TimeTZDatum(TimeTZ{}), nil
	case spNow:
		now := TimeToTimestamp(opts.now())
		return TimeTZDatum(TimestamptzToTimeTZ(now, opts.location())), nil
	case spNone:
	default:
		return Null, errBadFormat.toPg(s, sqlName)
	}
	if !r.haveTime {
		return Null, errBadFormat.toPg(s, sqlName)
	}
	t := timeOfDay(r.f)
	var east int
	switch {
	case r.tzAbbrev != nil:
		// As DecodeTimeOnly: at that time on the date given, else today.
		f := r.f
		if !r.haveDate {
			f = LocalFields(TimeToTimestamp(opts.now()), opts.location())
		}
		east = r.tzAbbrev.localOffset(int64(DateToJulian(f.Year, f.Month, f.Day)-PostgresEpochJDate)*UsecsPerDay + t)
	case r.tzOffset != nil:
		east = *r.tzOffset
	case r.tzLoc != nil:
		// Without a date, decodeDateTime accepted only a zone that
		// never changed its offset (singleOffset).
		if r.haveDate {
			east = localOffset(r.f, t, r.tzLoc)
		} else {
			_, east = time.Now().In(r.tzLoc).Zone()
		}
	default:
		f := r.f
		if !r.haveDate {
			f = LocalFields(TimeToTimestamp(opts.now()), opts.location())
		}
		east = localOffset(f, t, opts.location())
	}
	t, _ = AdjustTimestampTypmod(t, typmod)
	return TimeTZDatum(TimeTZ{Time: t, Zone: int32(-east)}), nil
}

// localOffset is DetermineTimeZoneOffset: the UTC offset (seconds east)
// of loc at the local date of f and time of day t.
func localOffset(f Fields, t int64, loc *time.Location) int {
	jd := DateToJulian(f.Year, f.Month, f.Day)
	local := int64(jd-PostgresEpochJDate)*UsecsPerDay + t
	return int((local - LocalToUTC(local, loc)) / UsecsPerSec)
}

// TimestamptzToTimeTZ is timestamptz_timetz: the local time of day in
// loc and loc's offset at that instant.
func TimestamptzToTimeTZ(ts int64, loc *time.Location) TimeTZ {
	f := LocalFields(ts, loc)
	return TimeTZ{Time: timeOfDay(f), Zone: int32(-f.Offset)}
}

// TimeToTimeTZ is time_timetz: the time with the session zone's offset
// on the current date.
func TimeToTimeTZ(t int64, now time.Time, loc *time.Location) TimeTZ {
	f := LocalFields(TimeToTimestamp(now), loc)
	return TimeTZ{Time: t, Zone: int32(-localOffset(f, t, loc))}
}

func sendTimeTZ(dst []byte, v TimeTZ) []byte {
	dst = binary.BigEndian.AppendUint64(dst, uint64(v.Time))
	return binary.BigEndian.AppendUint32(dst, uint32(v.Zone))
}

// recvTimeTZ is timetz_recv.
func recvTimeTZ(b []byte, typmod int32) (Datum, error) {
	if len(b) != 12 {
		return Null, errBinaryLength()
	}
	v := TimeTZ{Time: int64(binary.BigEndian.Uint64(b)), Zone: int32(binary.BigEndian.Uint32(b[8:]))}
	if v.Time < 0 || v.Time > UsecsPerDay {
		return Null, pgerr.New(pgerr.InvalidDatetimeFormat, "time out of range")
	}
	// PostgreSQL refuses |zone| >= TZDISP_LIMIT (15:59) here, although
	// its text input accepts up to 15:59:59 and AT TIME ZONE with an
	// interval makes any zone; tables store this format, so every zone
	// comes back.
	v.Time, _ = AdjustTimestampTypmod(v.Time, typmod)
	return TimeTZDatum(v), nil
}
