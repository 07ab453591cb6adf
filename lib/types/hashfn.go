// PostgreSQL's hash_bytes (common/hashfn.c, Bob Jenkins' lookup3 hash as
// PostgreSQL adapted it) and hashfloat8: their values are visible where
// PostgreSQL hashes (hashtext(), TABLESAMPLE's choice of blocks and
// tuples), so they must match bit for bit. The key's words are read
// little-endian, as PostgreSQL reads them on the little-endian machines
// the reference runs on.

package types

import (
	"encoding/binary"
	"math"
	"math/bits"
)

// HashBytes is hash_bytes (hash_any) of k.
func HashBytes(k []byte) uint32 {
	n := uint32(len(k))
	a := 0x9e3779b9 + n + 3923095
	b, c := a, a
	for len(k) >= 12 {
		a += binary.LittleEndian.Uint32(k)
		b += binary.LittleEndian.Uint32(k[4:])
		c += binary.LittleEndian.Uint32(k[8:])
		a, b, c = hashMix(a, b, c)
		k = k[12:]
	}
	// The last 11 bytes; the lowest byte of c is reserved for the
	// length, so c takes bytes 8 to 10 from its second byte on.
	switch len(k) {
	case 11:
		c += uint32(k[10]) << 24
		fallthrough
	case 10:
		c += uint32(k[9]) << 16
		fallthrough
	case 9:
		c += uint32(k[8]) << 8
		fallthrough
	case 8:
		b += binary.LittleEndian.Uint32(k[4:])
		a += binary.LittleEndian.Uint32(k)
	case 7:
		b += uint32(k[6]) << 16
		fallthrough
	case 6:
		b += uint32(k[5]) << 8
		fallthrough
	case 5:
		b += uint32(k[4])
		fallthrough
	case 4:
		a += binary.LittleEndian.Uint32(k)
	case 3:
		a += uint32(k[2]) << 16
		fallthrough
	case 2:
		a += uint32(k[1]) << 8
		fallthrough
	case 1:
		a += uint32(k[0])
	}
	return hashFinal(a, b, c)
}

// HashUint32s is hash_any over an array of uint32 (as TABLESAMPLE's
// methods hash block numbers, offsets and the seed).
func HashUint32s(words ...uint32) uint32 {
	buf := make([]byte, 4*len(words))
	for i, w := range words {
		binary.LittleEndian.PutUint32(buf[4*i:], w)
	}
	return HashBytes(buf)
}

// HashFloat8 is hashfloat8: zero (either sign) hashes to 0 and every NaN
// as the one NaN C's NAN is; other values by their eight bytes.
func HashFloat8(f float64) uint32 {
	if f == 0 {
		return 0
	}
	u := math.Float64bits(f)
	if f != f {
		u = 0x7ff8000000000000
	}
	var buf [8]byte
	binary.LittleEndian.PutUint64(buf[:], u)
	return HashBytes(buf[:])
}

func hashMix(a, b, c uint32) (uint32, uint32, uint32) {
	a -= c
	a ^= bits.RotateLeft32(c, 4)
	c += b
	b -= a
	b ^= bits.RotateLeft32(a, 6)
	a += c
	c -= b
	c ^= bits.RotateLeft32(b, 8)
	b += a
	a -= c
	a ^= bits.RotateLeft32(c, 16)
	c += b
	b -= a
	b ^= bits.RotateLeft32(a, 19)
	a += c
	c -= b
	c ^= bits.RotateLeft32(b, 4)
	b += a
	return a, b, c
}

func hashFinal(a, b, c uint32) uint32 {
	c ^= b
	c -= bits.RotateLeft32(b, 14)
	a ^= c
	a -= bits.RotateLeft32(c, 11)
	b ^= a
	b -= bits.RotateLeft32(a, 25)
	c ^= b
	c -= bits.RotateLeft32(b, 16)
	a ^= c
	a -= bits.RotateLeft32(c, 4)
	b ^= a
	b -= bits.RotateLeft32(a, 14)
	c ^= b
	c -= bits.RotateLeft32(b, 24)
	return c
}
