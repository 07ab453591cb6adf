// xid8, pg_snapshot and txid_snapshot (PostgreSQL's utils/adt/xid.c and
// xid8funcs.c): a 64-bit transaction id (epoch in the high half) held by
// value, and a snapshot of full transaction ids held as its send format.
// txid_snapshot is pg_snapshot under its old name: same values, same I/O.

package types

import (
	"encoding/binary"
	"strconv"
	"strings"
)

// OIDs of the 64-bit transaction id and snapshot types.
const (
	OidXid8               uint32 = 5069
	OidXid8Array          uint32 = 271
	OidPgSnapshot         uint32 = 5038
	OidPgSnapshotArray    uint32 = 5039
	OidTxidSnapshot       uint32 = 2970
	OidTxidSnapshotArray  uint32 = 2949
	pgSnapshotMaxNxip            = (1<<30 - 1 - 20) / 8 // PG_SNAPSHOT_MAX_NXIP: MaxAllocSize's worth
	pgSnapshotHeaderBytes        = 4 + 8 + 8
)

// Xid8 is the Datum of a full transaction id.
func Xid8(v uint64) Datum { return Int(int64(v)) }

// strtoull reads an unsigned number as C's strtoull does: leading white
// space, an optional sign (a minus negates, wrapping), the base's digits
// (base 0: a 0x prefix for hex, a leading 0 for octal); a value too large
// is the maximum. It returns the value and the rest of s; no digit read
// leaves s whole.
func strtoull(s string, base int) (uint64, string) {
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] >= '\t' && s[i] <= '\r') {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	if (base == 0 || base == 16) && i+1 < len(s) && s[i] == '0' && (s[i+1] == 'x' || s[i+1] == 'X') &&
		i+2 < len(s) && jsonHexVal(s[i+2]) >= 0 {
		i += 2
		base = 16
	} else if base == 0 {
		base = 10
		if i < len(s) && s[i] == '0' {
			base = 8
		}
	}
	start := i
	var v uint64
	overflow := false
	for ; i < len(s); i++ {
		d := jsonHexVal(s[i])
		if d < 0 || d >= base {
			break
		}
		if v > (^uint64(0)-uint64(d))/uint64(base) {
			overflow = true
		}
		v = v*uint64(base) + uint64(d)
	}
	if i == start {
		return 0, s
	}
	if overflow {
		return ^uint64(0), s[i:]
	}
	if neg {
		v = -v
	}
	return v, s[i:]
}

// parseXid8 is xid8in: strtoull with base 0 and no check at all, as
// PostgreSQL 15 does (garbage reads as 0).
func parseXid8(s string) Datum {
	v, _ := strtoull(s, 0)
	return Xid8(v)
}

// Snapshot is a pg_snapshot value: transactions below Xmin are finished,
// those from Xmax on had not started, and Xip (sorted, without
// duplicates) were running in between.
type Snapshot struct {
	Xmin, Xmax uint64
	Xip        []uint64
}

// SnapshotDatum makes the Datum of a snapshot whose Xip is sorted and
// without duplicates.
func SnapshotDatum(s Snapshot) Datum {
	b := make([]byte, 0, pgSnapshotHeaderBytes+8*len(s.Xip))
	b = binary.BigEndian.AppendUint32(b, uint32(len(s.Xip)))
	b = binary.BigEndian.AppendUint64(b, s.Xmin)
	b = binary.BigEndian.AppendUint64(b, s.Xmax)
	for _, x := range s.Xip {
		b = binary.BigEndian.AppendUint64(b, x)
	}
	return Bytes(b)
}

// SnapshotOf reads a snapshot Datum.
func SnapshotOf(d Datum) Snapshot {
	b := d.Text()
	n := int(binary.BigEndian.Uint32([]byte(b[:4])))
	s := Snapshot{Xmin: binary.BigEndian.Uint64([]byte(b[4:12])), Xmax: binary.BigEndian.Uint64([]byte(b[12:20]))}
	s.Xip = make([]uint64, n)
	for i := range s.Xip {
		s.Xip[i] = binary.BigEndian.Uint64([]byte(b[20+8*i:]))
	}
	return s
}

// Visible is is_visible_txid: whether the snapshot sees transaction x as
// finished.
func (s Snapshot) Visible(x uint64) bool {
	switch {
	case x < s.Xmin:
		return true
	case x >= s.Xmax:
		return false
	}
	lo, hi := 0, len(s.Xip)
	for lo < hi {
		m := (lo + hi) / 2
		switch {
		case s.Xip[m] == x:
			return false
		case s.Xip[m] < x:
			lo = m + 1
		default:
			hi = m
		}
	}
	return true
}

func appendSnapshot(dst []byte, d Datum) []byte {
	s := SnapshotOf(d)
	dst = strconv.AppendUint(dst, s.Xmin, 10)
	dst = append(dst, ':')
	dst = strconv.AppendUint(dst, s.Xmax, 10)
	dst = append(dst, ':')
	for i, x := range s.Xip {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = strconv.AppendUint(dst, x, 10)
	}
	return dst
}

// parseSnapshot is parse_snapshot: "xmin:xmax:xip,...", every id read by
// strtoull, xip ascending within [xmin, xmax), duplicates dropped. Its
// error names pg_snapshot for txid_snapshot too, as PostgreSQL's does.
func parseSnapshot(str string) (Datum, error) {
	bad := func() (Datum, error) {
		return Null, InvalidSyntax("pg_snapshot", str)
	}
	xmin, rest := strtoull(str, 10)
	if !strings.HasPrefix(rest, ":") {
		return bad()
	}
	xmax, rest := strtoull(rest[1:], 10)
	if !strings.HasPrefix(rest, ":") {
		return bad()
	}
	rest = rest[1:]
	if xmin == 0 || xmax == 0 || xmax < xmin {
		return bad()
	}
	s := Snapshot{Xmin: xmin, Xmax: xmax}
	var last uint64
	for rest != "" {
		var v uint64
		v, rest = strtoull(rest, 10)
		if v < xmin || v >= xmax || v < last {
			return bad()
		}
		if v != last {
			s.Xip = append(s.Xip, v)
		}
		last = v
		switch {
		case strings.HasPrefix(rest, ","):
			rest = rest[1:]
		case rest != "":
			return bad()
		}
		if len(s.Xip) > pgSnapshotMaxNxip {
			return bad()
		}
	}
	return SnapshotDatum(s), nil
}

// recvSnapshot is pg_snapshot_recv: the send format checked as the text
// is, duplicates dropped.
func recvSnapshot(b []byte) (Datum, error) {
	bad := func() (Datum, error) { return Null, invalidBinary("invalid external pg_snapshot data") }
	if len(b) < pgSnapshotHeaderBytes {
		return bad()
	}
	n := int32(binary.BigEndian.Uint32(b))
	if n < 0 || n > pgSnapshotMaxNxip || len(b) != pgSnapshotHeaderBytes+8*int(n) {
		return bad()
	}
	s := Snapshot{Xmin: binary.BigEndian.Uint64(b[4:]), Xmax: binary.BigEndian.Uint64(b[12:])}
	if s.Xmin == 0 || s.Xmax == 0 || s.Xmax < s.Xmin {
		return bad()
	}
	var last uint64
	for i := 0; i < int(n); i++ {
		cur := binary.BigEndian.Uint64(b[pgSnapshotHeaderBytes+8*i:])
		if cur < last || cur < s.Xmin || s.Xmax < cur {
			return bad()
		}
		if i == 0 || cur != last {
			s.Xip = append(s.Xip, cur)
		}
		last = cur
	}
	return SnapshotDatum(s), nil
}
