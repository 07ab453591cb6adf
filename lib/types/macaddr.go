// macaddr and macaddr8 (utils/adt/mac.c, mac8.c): 6- and 8-byte MAC
// addresses, kept as their bytes, compared byte by byte.

package types

import (
	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// OIDs of the MAC address types and their arrays.
const (
	OidMacaddr       uint32 = 829
	OidMacaddrArray  uint32 = 1040
	OidMacaddr8      uint32 = 774
	OidMacaddr8Array uint32 = 775
)

// MacaddrDatum makes a macaddr or macaddr8 Datum of its bytes (copied).
func MacaddrDatum(b []byte) Datum { return Bytes(append([]byte(nil), b...)) }

// scanHex is scanf's %x (width 0 for none): leading white space, an
// optional sign and 0x prefix, hex digits; the value as scanf stores it
// in an int, and the rest of s. ok is false when no digit matched.
func scanHex(s string, width int) (v int64, rest string, ok bool) {
	for len(s) > 0 && isSpace(s[0]) {
		s = s[1:]
	}
	if width == 0 {
		width = len(s) + 1
	}
	i, neg := 0, false
	if i < len(s) && i < width && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	if i+2 < len(s) && i+2 < width && s[i] == '0' && (s[i+1] == 'x' || s[i+1] == 'X') && isHex(s[i+2]) {
		i += 2
	}
	start := i
	var u uint32
	for i < len(s) && i < width && isHex(s[i]) {
		h, _ := hexDigit(s[i])
		u = u<<4 | uint32(h)
		i++
	}
	if i == start {
		return 0, s, false
	}
	if neg {
		u = -u
	}
	return int64(int32(u)), s[i:], true
}

// scanMac matches one of macaddr_in's sscanf formats: six %x (width w)
// with the given separators after each, then only white space.
func scanMac(s string, w int, seps string) ([6]int64, bool) {
	var out [6]int64
	for i := 0; i < 6; i++ {
		v, rest, ok := scanHex(s, w)
		if !ok {
			return out, false
		}
		out[i] = v
		s = rest
		if i < 5 && seps[i] != ' ' {
			if len(s) == 0 || s[0] != seps[i] {
				return out, false
			}
			s = s[1:]
		}
	}
	for len(s) > 0 && isSpace(s[0]) {
		s = s[1:]
	}
	return out, s == ""
}

// parseMacaddr is macaddr_in.
func parseMacaddr(s string) (Datum, error) {
	formats := []struct {
		width int
		seps  string
	}{
		{0, ":::::"}, {0, "-----"}, {2, "  :  "}, {2, "  -  "}, {2, " . . "}, {2, " - - "}, {2, "     "},
	}
	for _, f := range formats {
		v, ok := scanMac(s, f.width, f.seps)
		if !ok {
			continue
		}
		var b [6]byte
		for i, x := range v {
			if x < 0 || x > 255 {
				return Null, pgerr.Newf(pgerr.NumericValueOutOfRange, "invalid octet value in \"macaddr\" value: \"%s\"", s)
			}
			b[i] = byte(x)
		}
		return MacaddrDatum(b[:]), nil
	}
	return Null, pgerr.Newf(pgerr.InvalidTextRepresentation, "invalid input syntax for type %s: \"%s\"", "macaddr", s)
}

// parseMacaddr8 is macaddr8_in: 6 or 8 pairs of hex digits, optionally
// separated by one kind of ':', '-' or '.'; a 6-byte address gets FF:FE
// in its middle.
func parseMacaddr8(s string) (Datum, error) {
	bad := func() (Datum, error) {
		return Null, pgerr.Newf(pgerr.InvalidTextRepresentation, "invalid input syntax for type %s: \"%s\"", "macaddr8", s)
	}
	p := 0
	for p < len(s) && isSpace(s[p]) {
		p++
	}
	var b [8]byte
	count := 0
	var spacer byte
	for p+1 < len(s) {
		count++
		if count > 8 {
			return bad()
		}
		hi, ok1 := hexDigit(s[p])
		lo, ok2 := hexDigit(s[p+1])
		if !ok1 || !ok2 {
			return bad()
		}
		b[count-1] = hi<<4 | lo
		p += 2
		if p < len(s) && (s[p] == ':' || s[p] == '-' || s[p] == '.') {
			if spacer == 0 {
				spacer = s[p]
			} else if spacer != s[p] {
				return bad()
			}
			p++
		}
		if (count == 6 || count == 8) && p < len(s) && isSpace(s[p]) {
			for p < len(s) && isSpace(s[p]) {
				p++
			}
			if p < len(s) {
				return bad()
			}
		}
	}
	switch count {
	case 6:
		b = [8]byte{b[0], b[1], b[2], 0xff, 0xfe, b[3], b[4], b[5]}
	case 8:
	default:
		return bad()
	}
	return MacaddrDatum(b[:]), nil
}

// appendMacaddr is macaddr_out and macaddr8_out.
func appendMacaddr(dst []byte, d Datum) []byte {
	const hex = "0123456789abcdef"
	b := d.Text()
	for i := 0; i < len(b); i++ {
		if i > 0 {
			dst = append(dst, ':')
		}
		dst = append(dst, hex[b[i]>>4], hex[b[i]&15])
	}
	return dst
}

// recvMacaddr is macaddr_recv and macaddr8_recv (which also takes a
// 6-byte address).
func recvMacaddr(oid uint32, b []byte) (Datum, error) {
	switch {
	case oid == OidMacaddr && len(b) == 6, oid == OidMacaddr8 && len(b) == 8:
		return MacaddrDatum(b), nil
	case oid == OidMacaddr8 && len(b) == 6:
		return MacaddrDatum([]byte{b[0], b[1], b[2], 0xff, 0xfe, b[3], b[4], b[5]}), nil
	}
	return Null, errBinaryLength()
}
