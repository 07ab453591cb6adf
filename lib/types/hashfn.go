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
	_, c := hashBytesSeeded(k, 0)
	return c
}

// HashBytesExtended is hash_bytes_extended (hash_any_extended) of k with
// seed: the 64-bit hash the _extended support functions return.
func HashBytesExtended(k []byte, seed uint64) uint64 {
	b, c := hashBytesSeeded(k, seed)
	return uint64(b)<<32 | uint64(c)
}

// hashBytesSeeded is the body of hash_bytes and hash_bytes_extended: a
// seed other than 0 is mixed into the initial state first (0 leaves the
// state as hash_bytes has it). It returns the final b and c.
func hashBytesSeeded(k []byte, seed uint64) (uint32, uint32) {
	n := uint32(len(k))
	a := 0x9e3779b9 + n + 3923095
	b, c := a, a
	if seed != 0 {
		a += uint32(seed >> 32)
		b += uint32(seed)
		a, b, c = hashMix(a, b, c)
	}
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

// HashUint32 is hash_uint32: the hash of one 32-bit word (hashint4,
// hashoid and hashint8's folded value use it).
func HashUint32(k uint32) uint32 {
	_, c := HashUint32Seeded(k, 0)
	return c
}

// HashUint32Extended is hash_uint32_extended of k with seed.
func HashUint32Extended(k uint32, seed uint64) uint64 {
	b, c := HashUint32Seeded(k, seed)
	return uint64(b)<<32 | uint64(c)
}

// HashUint32Seeded is hash_bytes_uint32(_extended)'s body; it returns
// the final b and c.
func HashUint32Seeded(k uint32, seed uint64) (uint32, uint32) {
	a := uint32(0x9e3779b9 + 4 + 3923095)
	b, c := a, a
	if seed != 0 {
		a += uint32(seed >> 32)
		b += uint32(seed)
		a, b, c = hashMix(a, b, c)
	}
	a += k
	return hashFinal(a, b, c)
}

// HashInt8 is hashint8: the value folded to 32 bits so that an int8
// equal to an int4 hashes as hashint4 does.
func HashInt8(v int64) uint32 {
	return HashUint32(foldInt8(v))
}

// HashInt8Extended is hashint8extended.
func HashInt8Extended(v int64, seed uint64) uint64 {
	return HashUint32Extended(foldInt8(v), seed)
}

func foldInt8(v int64) uint32 {
	lo, hi := uint32(v), uint32(uint64(v)>>32)
	if v >= 0 {
		return lo ^ hi
	}
	return lo ^ ^hi
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

// hashFinal is lookup3's final mix; it returns b and c (hash_bytes
// reports c, the _extended forms b and c).
func hashFinal(a, b, c uint32) (uint32, uint32) {
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
	return b, c
}
