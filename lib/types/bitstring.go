// bit(n) and bit varying(n) (utils/adt/varbit.c): strings of bits kept
// as their send format, the bit count (4 bytes, big-endian) followed by
// the bits packed from the high bit of the first byte, with the unused
// low bits of the last byte zero. Equal values so have equal bytes, the
// send format and what tables store are the Datum's bytes as they are,
// and only ordering needs its own comparison (bitcmp).

package types

import (
	"encoding/binary"
	"unicode/utf8"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// OIDs of the bit string types and their arrays.
const (
	OidBit         uint32 = 1560
	OidBitArray    uint32 = 1561
	OidVarbit      uint32 = 1562
	OidVarbitArray uint32 = 1563
)

// MaxBitLen is VARBITMAXLEN, the most bits a bit string may hold.
const MaxBitLen = 1<<31 - 1 - 8 + 1

// MaxBitTypmod is the largest length bit(n) and bit varying(n) accept:
// MaxAttrSize bytes of bits.
const MaxBitTypmod = 10 * 1024 * 1024 * 8

// bitHeader is the size of the bit count in front of the bits.
const bitHeader = 4

// BitBytes is the number of bytes n bits occupy.
func BitBytes(n int) int { return (n + 7) / 8 }

// NewBits returns a zeroed bit string buffer of n bits: the header
// filled in, the bits all zero. Set bits with SetBit, then make it a
// Datum with Bytes.
func NewBits(n int) []byte {
	b := make([]byte, bitHeader+BitBytes(n))
	binary.BigEndian.PutUint32(b, uint32(n))
	return b
}

// BitLen is the number of bits of a bit or bit varying Datum.
func BitLen(d Datum) int { return int(binary.BigEndian.Uint32([]byte(d.Text()[:bitHeader]))) }

// BitData is the packed bits of a bit or bit varying Datum.
func BitData(d Datum) string { return d.Text()[bitHeader:] }

// BitAt reports bit i (0 the leftmost) of packed bits.
func BitAt(data string, i int) bool { return data[i/8]&(0x80>>(i%8)) != 0 }

// SetBit sets bit i (0 the leftmost) of buffer b made by NewBits.
func SetBit(b []byte, i int, on bool) {
	if on {
		b[bitHeader+i/8] |= 0x80 >> (i % 8)
	} else {
		b[bitHeader+i/8] &^= 0x80 >> (i % 8)
	}
}

// BitsOf copies bits [from, from+n) of d into a new buffer of n bits.
func BitsOf(d Datum, from, n int) []byte {
	b := NewBits(n)
	data := BitData(d)
	if from%8 == 0 {
		copy(b[bitHeader:], data[from/8:])
		padBits(b)
		return b
	}
	for i := 0; i < n; i++ {
		if BitAt(data, from+i) {
			SetBit(b, i, true)
		}
	}
	return b
}

// padBits clears the unused low bits of the last byte of buffer b
// (VARBIT_PAD).
func padBits(b []byte) {
	n := int(binary.BigEndian.Uint32(b))
	if r := n % 8; r != 0 {
		b[len(b)-1] &= byte(0xff << (8 - r))
	}
}

// PadBits is padBits for buffers the SQL layer computed bytewise.
func PadBits(b []byte) { padBits(b) }

// bitTypeName is how typmod errors name the two types.
func bitTypeName(oid uint32) string {
	if oid == OidBit {
		return "bit"
	}
	return "bit varying"
}

// errBitLengthMismatch is bit's error for a value of the wrong length.
func errBitLengthMismatch(n int, typmod int32) error {
	return pgerr.Newf(pgerr.StringDataLengthMismatch, "bit string length %d does not match type bit(%d)", n, typmod)
}

// errBitTooLong is bit varying's error for a value over its length.
func errBitTooLong(typmod int32) error {
	return pgerr.Newf(pgerr.StringDataRightTruncation, "bit string too long for type bit varying(%d)", typmod)
}

// parseBit is bit_in and varbit_in: binary digits, or after a leading
// x or X hexadecimal ones (a leading b or B is optional). A bit value
// must have exactly typmod bits, a bit varying one at most typmod.
func parseBit(oid uint32, typmod int32, s string) (Datum, error) {
	hex := false
	switch {
	case s != "" && (s[0] == 'b' || s[0] == 'B'):
		s = s[1:]
	case s != "" && (s[0] == 'x' || s[0] == 'X'):
		hex = true
		s = s[1:]
	}
	n := len(s)
	if hex {
		if n > MaxBitLen/4 {
			return Null, pgerr.Newf(pgerr.ProgramLimitExceeded, "bit string length exceeds the maximum allowed (%d)", MaxBitLen)
		}
		n *= 4
	}
	if typmod > 0 {
		if oid == OidBit && n != int(typmod) {
			return Null, errBitLengthMismatch(n, typmod)
		}
		if oid == OidVarbit && n > int(typmod) {
			return Null, errBitTooLong(typmod)
		}
	}
	b := NewBits(n)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !hex {
			switch c {
			case '1':
				SetBit(b, i, true)
			case '0':
			default:
				return Null, pgerr.Newf(pgerr.InvalidTextRepresentation, "\"%s\" is not a valid binary digit", firstChar(s[i:]))
			}
			continue
		}
		v, ok := hexDigit(c)
		if !ok {
			return Null, pgerr.Newf(pgerr.InvalidTextRepresentation, "\"%s\" is not a valid hexadecimal digit", firstChar(s[i:]))
		}
		if i%2 == 0 {
			b[bitHeader+i/2] |= v << 4
		} else {
			b[bitHeader+i/2] |= v
		}
	}
	return Bytes(b), nil
}

// firstChar is the first (multibyte) character of s, as the digit
// errors quote it.
func firstChar(s string) string {
	_, size := utf8.DecodeRuneInString(s)
	return s[:size]
}

// appendBit is bit_out and varbit_out: one 0 or 1 per bit.
func appendBit(dst []byte, d Datum) []byte {
	n, data := BitLen(d), BitData(d)
	for i := 0; i < n; i++ {
		if BitAt(data, i) {
			dst = append(dst, '1')
		} else {
			dst = append(dst, '0')
		}
	}
	return dst
}

// recvBit is bit_recv and varbit_recv: the bit count, then the packed
// bits; padding bits that are set are cleared.
func recvBit(oid uint32, typmod int32, b []byte) (Datum, error) {
	if len(b) < bitHeader {
		return Null, errBinaryLength()
	}
	n := int64(int32(binary.BigEndian.Uint32(b)))
	if n < 0 || n > MaxBitLen {
		return Null, pgerr.New(pgerr.InvalidBinaryRepresentation, "invalid length in external bit string")
	}
	if typmod > 0 {
		if oid == OidBit && n != int64(typmod) {
			return Null, errBitLengthMismatch(int(n), typmod)
		}
		if oid == OidVarbit && n > int64(typmod) {
			return Null, errBitTooLong(typmod)
		}
	}
	if int64(len(b)) != bitHeader+int64(BitBytes(int(n))) {
		return Null, errBinaryLength()
	}
	out := append([]byte(nil), b...)
	padBits(out)
	return Bytes(out), nil
}

// CompareBits is bitcmp: the bytes in common first, then the shorter
// string first.
func CompareBits(a, b Datum) int {
	x, y := BitData(a), BitData(b)
	m := min(len(x), len(y))
	for i := 0; i < m; i++ {
		if x[i] != y[i] {
			if x[i] < y[i] {
				return -1
			}
			return 1
		}
	}
	return cmpInt(int64(BitLen(a)), int64(BitLen(b)))
}

// CoerceBit is the length coercion function of bit and bit varying
// (bit() and varbit()). Outside an explicit cast a bit value must have
// exactly typmod bits and a bit varying one at most typmod; an explicit
// cast pads bit with zeros on the right or truncates.
func CoerceBit(oid uint32, d Datum, typmod int32, explicit bool) (Datum, error) {
	n := BitLen(d)
	if typmod <= 0 || typmod > MaxBitLen || int(typmod) == n || oid == OidVarbit && int(typmod) > n {
		return d, nil
	}
	if !explicit {
		if oid == OidBit {
			return Null, errBitLengthMismatch(n, typmod)
		}
		return Null, errBitTooLong(typmod)
	}
	b := NewBits(int(typmod))
	copy(b[bitHeader:], BitData(d))
	padBits(b)
	return Bytes(b), nil
}

// bitTypmod is bittypmodin and varbittypmodin (anybit_typmodin).
func bitTypmod(oid uint32, mods []int32) (int32, error) {
	name := "bit"
	if oid == OidVarbit {
		name = "varbit"
	}
	if len(mods) != 1 {
		return 0, pgerr.New(pgerr.InvalidParameterValue, "invalid type modifier")
	}
	if mods[0] < 1 {
		return 0, pgerr.Newf(pgerr.InvalidParameterValue, "length for type %s must be at least 1", name)
	}
	if mods[0] > MaxBitTypmod {
		return 0, pgerr.Newf(pgerr.InvalidParameterValue, "length for type %s cannot exceed %d", name, MaxBitTypmod)
	}
	return mods[0], nil
}
