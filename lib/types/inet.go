// inet and cidr (utils/adt/network.c, inet_net_pton.c, inet_net_ntop.c,
// inet_cidr_ntop.c): an IPv4 or IPv6 address with a netmask length.
// Both types share one representation, as in PostgreSQL, where cidr
// converts to inet without a function (a binary-coercible cast): a cidr
// value is an inet value whose bits right of the mask are zero.

package types

import (
	"strconv"
	"strings"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// The address families as PostgreSQL numbers them (PGSQL_AF_INET and
// PGSQL_AF_INET6): the first byte of the binary format.
const (
	InetFamily4 byte = 2
	InetFamily6 byte = 3
)

// Inet is an inet or cidr value: the family, the netmask length and the
// address in network byte order (4 or 16 bytes used).
type Inet struct {
	Family byte
	Bits   byte
	Addr   [16]byte
}

// Size is the number of address bytes: 4 for IPv4, 16 for IPv6.
func (v *Inet) Size() int {
	if v.Family == InetFamily6 {
		return 16
	}
	return 4
}

// MaxBits is the address width in bits: 32 or 128.
func (v *Inet) MaxBits() int { return v.Size() * 8 }

// Bytes is the used part of the address.
func (v *Inet) Bytes() []byte { return v.Addr[:v.Size()] }

// InetDatum makes a Datum of an inet or cidr value: the family, the bits
// and the address bytes, so that equal values have equal bytes (hashing
// and hash joins use them).
func InetDatum(v Inet) Datum {
	b := make([]byte, 0, 2+v.Size())
	b = append(b, v.Family, v.Bits)
	b = append(b, v.Bytes()...)
	return Bytes(b)
}

// InetOf reads an inet or cidr Datum.
func InetOf(d Datum) Inet {
	s := d.Text()
	var v Inet
	v.Family, v.Bits = s[0], s[1]
	copy(v.Addr[:], s[2:])
	return v
}

// parseInet is network_in: IPv6 when the text has a colon, else IPv4,
// each with an optional /bits; cidr input may abbreviate an IPv4
// network ("10.1/16", "10") and must have no bits set right of its mask.
func parseInet(s string, isCidr bool) (Datum, error) {
	typ := "inet"
	if isCidr {
		typ = "cidr"
	}
	var v Inet
	v.Family = InetFamily4
	if strings.IndexByte(s, ':') >= 0 {
		v.Family = InetFamily6
	}
	var bits int
	switch {
	case v.Family == InetFamily6:
		bits = parseInet6(s, &v.Addr)
	case isCidr:
		bits = parseCidr4(s, &v.Addr)
	default:
		bits = parseInet4(s, &v.Addr)
	}
	if bits < 0 || bits > v.MaxBits() {
		return Null, pgerr.Newf(pgerr.InvalidTextRepresentation, "invalid input syntax for type %s: \"%s\"", typ, s)
	}
	v.Bits = byte(bits)
	if isCidr && !v.maskedOK() {
		return Null, pgerr.Newf(pgerr.InvalidTextRepresentation, "invalid cidr value: \"%s\"", s).
			WithDetail("Value has bits set to right of mask.")
	}
	return InetDatum(v), nil
}

// maskedOK is addressOK: no bit right of the mask is set.
func (v *Inet) maskedOK() bool {
	m := v.Masked()
	return m.Addr == v.Addr
}

// Masked returns v with the bits right of its mask cleared (inet_to_cidr).
func (v Inet) Masked() Inet {
	n := v.Size()
	for i := 0; i < n; i++ {
		v.Addr[i] &= maskByte(int(v.Bits), i)
	}
	return v
}

// maskByte is byte i of a netmask of the given length.
func maskByte(bits, i int) byte {
	switch {
	case bits >= (i+1)*8:
		return 0xff
	case bits <= i*8:
		return 0
	}
	return byte(0xff << (8 - (bits - i*8)))
}

// parseInet4 is inet_net_pton_ipv4: four decimal octets (or fewer with
// a /bits that they cover), -1 when the text is not such an address.
func parseInet4(s string, dst *[16]byte) int {
	i, n := 0, 0
	for i < len(s) && isDigit(s[i]) {
		v := 0
		for i < len(s) && isDigit(s[i]) {
			v = v*10 + int(s[i]-'0')
			if v > 255 {
				return -1
			}
			i++
		}
		if n == 4 {
			return -1
		}
		dst[n] = byte(v)
		n++
		if i == len(s) || s[i] == '/' {
			break
		}
		if s[i] != '.' {
			return -1
		}
		i++
	}
	bits := -1
	if i < len(s) && s[i] == '/' && i+1 < len(s) && isDigit(s[i+1]) && n > 0 {
		i++
		bits = 0
		for i < len(s) && isDigit(s[i]) {
			bits = bits*10 + int(s[i]-'0')
			if bits > 32 {
				return -1
			}
			i++
		}
	}
	if i != len(s) || n == 0 {
		return -1
	}
	if bits == -1 {
		if n != 4 {
			return -1
		}
		bits = 32
	}
	if bits/8 > n {
		return -1
	}
	return bits
}

// parseCidr4 is inet_cidr_pton_ipv4: dotted decimal octets or a 0x hex
// string, any number of them up to four, with a /bits or else a width
// taken from the address class.
func parseCidr4(s string, dst *[16]byte) int {
	n := 0
	i := 0
	switch {
	case len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && isHex(s[2]):
		i = 2
		dirty, tmp := 0, 0
		for i < len(s) && isHex(s[i]) {
			h, _ := hexDigit(s[i])
			i++
			if dirty == 0 {
				tmp = int(h)
			} else {
				tmp = tmp<<4 | int(h)
			}
			dirty++
			if dirty == 2 {
				if n == 4 {
					return -1
				}
				dst[n] = byte(tmp)
				n++
				dirty = 0
			}
		}
		if dirty != 0 {
			if n == 4 {
				return -1
			}
			dst[n] = byte(tmp << 4)
			n++
		}
	case len(s) > 0 && isDigit(s[0]):
		for {
			v := 0
			for i < len(s) && isDigit(s[i]) {
				v = v*10 + int(s[i]-'0')
				if v > 255 {
					return -1
				}
				i++
			}
			if n == 4 {
				return -1
			}
			dst[n] = byte(v)
			n++
			if i == len(s) || s[i] == '/' {
				break
			}
			if s[i] != '.' {
				return -1
			}
			i++
			if i == len(s) || !isDigit(s[i]) {
				return -1
			}
		}
	default:
		return -1
	}
	bits := -1
	if i < len(s) && s[i] == '/' && i+1 < len(s) && isDigit(s[i+1]) && n > 0 {
		i++
		bits = 0
		for i < len(s) && isDigit(s[i]) {
			bits = bits*10 + int(s[i]-'0')
			if bits > 32 {
				return -1
			}
			i++
		}
	}
	if i != len(s) || n == 0 {
		return -1
	}
	if bits == -1 {
		switch first := dst[0]; {
		case first >= 240: // class E
			bits = 32
		case first >= 224: // class D
			bits = 8
		case first >= 192: // class C
			bits = 24
		case first >= 128: // class B
			bits = 16
		default: // class A
			bits = 8
		}
		if bits < n*8 {
			bits = n * 8
		}
		if bits == 8 && dst[0] == 224 {
			bits = 4
		}
	}
	for bits > n*8 {
		if n == 4 {
			return -1
		}
		dst[n] = 0
		n++
	}
	return bits
}

func isHex(c byte) bool { _, ok := hexDigit(c); return ok }

// inet6Bits is getbits: a decimal mask length of at most 128 without
// leading zeros, -1 otherwise.
func inet6Bits(s string) int {
	if s == "" {
		return -1
	}
	v := 0
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) || i > 0 && v == 0 {
			return -1
		}
		v = v*10 + int(s[i]-'0')
		if v > 128 {
			return -1
		}
	}
	return v
}

// inet6V4 is getv4: the dotted IPv4 tail of an IPv6 address, with an
// optional /bits; ok is false when it is not one.
func inet6V4(s string, dst []byte) (bits int, ok bool) {
	bits = -1
	n, v, digits := 0, 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isDigit(c):
			if digits > 0 && v == 0 {
				return 0, false // no leading zeros
			}
			digits++
			v = v*10 + int(c-'0')
			if v > 255 {
				return 0, false
			}
		case c == '.' || c == '/':
			if n > 3 {
				return 0, false
			}
			dst[n] = byte(v)
			n++
			if c == '/' {
				b := inet6Bits(s[i+1:])
				return b, b >= 0
			}
			v, digits = 0, 0
		default:
			return 0, false
		}
	}
	if digits == 0 || n > 3 {
		return 0, false
	}
	dst[n] = byte(v)
	return bits, true
}

// parseInet6 is inet_cidr_pton_ipv6: eight groups of up to four hex
// digits, one "::" standing for a run of zero groups, an optional IPv4
// tail and /bits (128 by default).
func parseInet6(s string, dst *[16]byte) int {
	var tmp [16]byte
	tp, colonp := 0, -1
	i := 0
	if i < len(s) && s[i] == ':' {
		i++
		if i >= len(s) || s[i] != ':' {
			return -1
		}
	}
	curtok := i
	sawDigit := false
	val, digits := 0, 0
	bits := -1
loop:
	for i < len(s) {
		c := s[i]
		i++
		if h, ok := hexDigit(c); ok {
			val = val<<4 | int(h)
			digits++
			if digits > 4 {
				return -1
			}
			sawDigit = true
			continue
		}
		switch {
		case c == ':':
			curtok = i
			if !sawDigit {
				if colonp >= 0 {
					return -1
				}
				colonp = tp
				continue
			} else if i == len(s) {
				return -1
			}
			if tp+2 > 16 {
				return -1
			}
			tmp[tp], tmp[tp+1] = byte(val>>8), byte(val)
			tp += 2
			sawDigit, digits, val = false, 0, 0
			continue
		case c == '.' && tp+4 <= 16:
			if b, ok := inet6V4(s[curtok:], tmp[tp:tp+4]); ok {
				bits = b
				tp += 4
				sawDigit = false
				break loop
			}
		case c == '/':
			if b := inet6Bits(s[i:]); b >= 0 {
				bits = b
				break loop
			}
		}
		return -1
	}
	if sawDigit {
		if tp+2 > 16 {
			return -1
		}
		tmp[tp], tmp[tp+1] = byte(val>>8), byte(val)
		tp += 2
	}
	if bits == -1 {
		bits = 128
	}
	if colonp >= 0 {
		if tp == 16 {
			return -1
		}
		n := tp - colonp
		for k := 1; k <= n; k++ {
			tmp[16-k] = tmp[colonp+n-k]
			tmp[colonp+n-k] = 0
		}
		tp = 16
	}
	if tp != 16 {
		return -1
	}
	*dst = tmp
	return bits
}

// AppendInet is pg_inet_net_ntop: the whole address, then /bits unless
// the mask covers it (cidr output always shows /bits).
func AppendInet(dst []byte, v *Inet, isCidr bool) []byte {
	dst = appendInetAddr(dst, v)
	if isCidr || int(v.Bits) != v.MaxBits() {
		dst = append(dst, '/')
		dst = strconv.AppendUint(dst, uint64(v.Bits), 10)
	}
	return dst
}

// appendInetAddr prints the address alone: IPv4 dotted decimal, IPv6 as
// inet_net_ntop_ipv6 does (the longest run of two or more zero groups
// as "::", IPv4-compatible and -mapped addresses with a dotted tail).
func appendInetAddr(dst []byte, v *Inet) []byte {
	if v.Family != InetFamily6 {
		return appendDotted(dst, v.Addr[:4])
	}
	var words [8]int
	for i := 0; i < 16; i++ {
		words[i/2] |= int(v.Addr[i]) << ((1 - i%2) * 8)
	}
	bestBase, bestLen, curBase, curLen := -1, 0, -1, 0
	for i := 0; i < 8; i++ {
		if words[i] == 0 {
			if curBase == -1 {
				curBase, curLen = i, 1
			} else {
				curLen++
			}
		} else if curBase != -1 {
			if bestBase == -1 || curLen > bestLen {
				bestBase, bestLen = curBase, curLen
			}
			curBase = -1
		}
	}
	if curBase != -1 && (bestBase == -1 || curLen > bestLen) {
		bestBase, bestLen = curBase, curLen
	}
	if bestBase != -1 && bestLen < 2 {
		bestBase = -1
	}
	for i := 0; i < 8; i++ {
		if bestBase != -1 && i >= bestBase && i < bestBase+bestLen {
			if i == bestBase {
				dst = append(dst, ':')
			}
			continue
		}
		if i != 0 {
			dst = append(dst, ':')
		}
		if i == 6 && bestBase == 0 && (bestLen == 6 || bestLen == 7 && words[7] != 1 || bestLen == 5 && words[5] == 0xffff) {
			return appendDotted(dst, v.Addr[12:16])
		}
		dst = strconv.AppendUint(dst, uint64(words[i]), 16)
	}
	if bestBase != -1 && bestBase+bestLen == 8 {
		dst = append(dst, ':')
	}
	return dst
}

func appendDotted(dst []byte, b []byte) []byte {
	for i, c := range b {
		if i > 0 {
			dst = append(dst, '.')
		}
		dst = strconv.AppendUint(dst, uint64(c), 10)
	}
	return dst
}

// AppendCidrAbbrev is pg_inet_cidr_ntop, abbrev(cidr): only the octets
// (IPv4) or groups (IPv6) the mask covers, then /bits.
func AppendCidrAbbrev(dst []byte, v *Inet) []byte {
	bits := int(v.Bits)
	if v.Family != InetFamily6 {
		start := len(dst)
		if bits == 0 {
			dst = append(dst, '0')
		}
		for b := 0; b < bits/8; b++ {
			if b > 0 {
				dst = append(dst, '.')
			}
			dst = strconv.AppendUint(dst, uint64(v.Addr[b]), 10)
		}
		if b := bits % 8; b > 0 {
			if len(dst) != start {
				dst = append(dst, '.')
			}
			m := byte(((1 << b) - 1) << (8 - b))
			dst = strconv.AppendUint(dst, uint64(v.Addr[bits/8]&m), 10)
		}
	} else if bits == 0 {
		dst = append(dst, ':', ':')
	} else {
		dst = appendCidr6(dst, v)
	}
	dst = append(dst, '/')
	return strconv.AppendUint(dst, uint64(bits), 10)
}

// appendCidr6 is inet_cidr_ntop_ipv6's address part, quirks included
// (its zero-run search keeps counting across a shorter run).
func appendCidr6(dst []byte, v *Inet) []byte {
	bits := int(v.Bits)
	s := v.Masked().Addr
	words := (bits + 15) / 16
	if words == 1 {
		words = 2
	}
	zeroS, zeroL, tmpS, tmpL := 0, 0, 0, 0
	for i := 0; i < words*2; i += 2 {
		if s[i]|s[i+1] == 0 {
			if tmpL == 0 {
				tmpS = i / 2
			}
			tmpL++
		} else if tmpL != 0 && zeroL < tmpL {
			zeroS, zeroL, tmpL = tmpS, tmpL, 0
		}
	}
	if tmpL != 0 && zeroL < tmpL {
		zeroS, zeroL = tmpS, tmpL
	}
	isV4 := zeroL != words && zeroS == 0 && (zeroL == 6 || zeroL == 5 && s[10] == 0xff && s[11] == 0xff || zeroL == 7 && s[14] != 0 && s[15] != 1)
	start := len(dst)
	k := 0
	for p := 0; p < words; p++ {
		if zeroL != 0 && p >= zeroS && p < zeroS+zeroL {
			if p == zeroS {
				dst = append(dst, ':')
			}
			if p == words-1 {
				dst = append(dst, ':')
			}
			k += 2
			continue
		}
		if isV4 && p > 5 {
			if p == 6 {
				dst = append(dst, ':')
			} else {
				dst = append(dst, '.')
			}
			dst = strconv.AppendUint(dst, uint64(s[k]), 10)
			k++
			if p != 7 || bits > 120 {
				dst = append(dst, '.')
				dst = strconv.AppendUint(dst, uint64(s[k]), 10)
				k++
			}
		} else {
			if len(dst) != start {
				dst = append(dst, ':')
			}
			dst = strconv.AppendUint(dst, uint64(int(s[k])*256+int(s[k+1])), 16)
			k += 2
		}
	}
	return dst
}

// AppendInetHost is host(): the address without a mask.
func AppendInetHost(dst []byte, v *Inet) []byte { return appendInetAddr(dst, v) }

// AppendInetShow is text(inet): the address and always /bits.
func AppendInetShow(dst []byte, v *Inet) []byte { return AppendInet(dst, v, true) }

// sendInet is network_send: family, bits, is_cidr, address length,
// address bytes.
func sendInet(dst []byte, d Datum, isCidr bool) []byte {
	v := InetOf(d)
	c := byte(0)
	if isCidr {
		c = 1
	}
	dst = append(dst, v.Family, v.Bits, c, byte(v.Size()))
	return append(dst, v.Bytes()...)
}

// recvInet is network_recv.
func recvInet(b []byte, isCidr bool) (Datum, error) {
	typ := "inet"
	if isCidr {
		typ = "cidr"
	}
	if len(b) < 4 {
		return Null, errBinaryLength()
	}
	var v Inet
	v.Family = b[0]
	if v.Family != InetFamily4 && v.Family != InetFamily6 {
		return Null, invalidBinary("invalid address family in external \"%s\" value", typ)
	}
	if int(b[1]) > v.MaxBits() {
		return Null, invalidBinary("invalid bits in external \"%s\" value", typ)
	}
	v.Bits = b[1]
	// b[2], is_cidr, is ignored as PostgreSQL does.
	if int(b[3]) != v.Size() {
		return Null, invalidBinary("invalid length in external \"%s\" value", typ)
	}
	if len(b) != 4+v.Size() {
		return Null, errBinaryLength()
	}
	copy(v.Addr[:], b[4:])
	if isCidr && !v.maskedOK() {
		return Null, pgerr.New(pgerr.InvalidBinaryRepresentation, "invalid external \"cidr\" value").
			WithDetail("Value has bits set to right of mask.")
	}
	return InetDatum(v), nil
}

// bitnCmp is bitncmp: compares the first n bits of two addresses, the
// whole bytes as memcmp does (the difference of the first differing
// bytes), then the remaining bits as 1 or -1.
func bitnCmp(l, r []byte, n int) int {
	b := n / 8
	for i := 0; i < b; i++ {
		if l[i] != r[i] {
			return int(l[i]) - int(r[i])
		}
	}
	if n%8 == 0 {
		return 0
	}
	lb, rb := l[b], r[b]
	for k := n % 8; k > 0; k-- {
		if lb&0x80 != rb&0x80 {
			if lb&0x80 != 0 {
				return 1
			}
			return -1
		}
		lb <<= 1
		rb <<= 1
	}
	return 0
}

// CompareInet is network_cmp_internal: by family, then the common
// network bits, then the mask length, then the whole address. The
// result is PostgreSQL's, not only its sign (network_cmp returns it).
func CompareInet(a, b *Inet) int {
	if a.Family != b.Family {
		return int(a.Family) - int(b.Family)
	}
	if c := bitnCmp(a.Bytes(), b.Bytes(), int(min(a.Bits, b.Bits))); c != 0 {
		return c
	}
	if c := int(a.Bits) - int(b.Bits); c != 0 {
		return c
	}
	return bitnCmp(a.Bytes(), b.Bytes(), a.MaxBits())
}

// InetContains reports whether network outer contains inner: the same
// family, a shorter (or, with orEqual, equal) mask, and the same network
// bits (network_sup, network_supeq).
func InetContains(outer, inner *Inet, orEqual bool) bool {
	if outer.Family != inner.Family {
		return false
	}
	if outer.Bits > inner.Bits || outer.Bits == inner.Bits && !orEqual {
		return false
	}
	return bitnCmp(outer.Bytes(), inner.Bytes(), int(outer.Bits)) == 0
}

// InetOverlaps is network_overlap: either network contains the other.
func InetOverlaps(a, b *Inet) bool {
	if a.Family != b.Family {
		return false
	}
	return bitnCmp(a.Bytes(), b.Bytes(), int(min(a.Bits, b.Bits))) == 0
}

// InetCommonBits is bitncommon: how many leading bits of the first n the
// two addresses share.
func InetCommonBits(a, b *Inet, n int) int {
	l, r := a.Bytes(), b.Bytes()
	nbits := n % 8
	i := 0
	for ; i < n/8; i++ {
		if l[i] != r[i] {
			nbits = 7 // some bit of this byte differs
			break
		}
	}
	if nbits != 0 {
		diff := uint(l[i] ^ r[i])
		for diff>>(8-nbits) != 0 {
			nbits--
		}
	}
	return 8*i + nbits
}

// InetAdd is internal_inetpl: the address plus addend, keeping the mask;
// 22003 when the result leaves the address space.
func InetAdd(v *Inet, addend int64) (Inet, error) {
	r := Inet{Family: v.Family, Bits: v.Bits}
	carry := 0
	for nb := v.Size() - 1; nb >= 0; nb-- {
		carry = int(v.Addr[nb]) + int(addend&0xff) + carry
		r.Addr[nb] = byte(carry)
		carry >>= 8
		addend &^= 0xff
		addend /= 0x100
	}
	if !(addend == 0 && carry == 0 || addend == -1 && carry == 1) {
		return Inet{}, pgerr.New(pgerr.NumericValueOutOfRange, "result is out of range")
	}
	return r, nil
}

// InetSub is inetmi: the difference of two addresses of one family as
// an int8; 22003 when it does not fit.
func InetSub(a, b *Inet) (int64, error) {
	if a.Family != b.Family {
		return 0, pgerr.New(pgerr.InvalidParameterValue, "cannot subtract inet values of different sizes")
	}
	var res int64
	carry := 1
	byteN := 0
	for nb := a.Size() - 1; nb >= 0; nb-- {
		carry = int(a.Addr[nb]) + int(^b.Addr[nb]) + carry
		lo := carry & 0xff
		if byteN < 8 {
			res |= int64(lo) << (byteN * 8)
		} else if res < 0 && lo != 0xff || res >= 0 && lo != 0 {
			return 0, pgerr.New(pgerr.NumericValueOutOfRange, "result is out of range")
		}
		carry >>= 8
		byteN++
	}
	if carry == 0 && byteN < 8 {
		res |= int64(-1) << (byteN * 8)
	}
	return res, nil
}
