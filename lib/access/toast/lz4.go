// The LZ4 block format and its fast compressor (LZ4_compress_default,
// acceleration 1), which PostgreSQL 15's lz4 compression method calls on
// a whole value: ported step for step from liblz4 1.9's
// LZ4_compress_generic (the same hash tables, hash functions, match
// search and skipping), so that LZ4Compress produces the bytes liblz4
// produces and a value takes the room it takes in PostgreSQL;
// LZ4Decompress reads any LZ4 block (LZ4_decompress_safe).
//
// A block is a sequence of sequences: a token byte (literal length in
// the high nibble, match length minus 4 in the low one, 15 meaning more
// length bytes follow, each adding up to 255), the literals, a 2-byte
// little-endian offset back into the output, the match's extra length
// bytes. The last sequence has literals only: the last 5 bytes are
// always literals and no match starts within the last 12.

package toast

import (
	"encoding/binary"
	"math/bits"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

const (
	lz4MinMatch     = 4
	lz4MFLimit      = 12
	lz4LastLiterals = 5
	lz4MinLength    = lz4MFLimit + 1
	lz4SkipTrigger  = 6
	lz4HashLog      = 12 // LZ4_MEMORY_USAGE 14
	lz4DistanceMax  = 65535
	lz4MLBits       = 4
	lz4MLMask       = 1<<lz4MLBits - 1
	lz4RunMask      = 1<<(8-lz4MLBits) - 1
	// lz4Limit64K: shorter inputs index their positions in 16 bits
	// (byU16), in a table of twice the entries; longer ones in 32 bits
	// (byU32), hashed from 5 bytes.
	lz4Limit64K = 64*1024 + lz4MFLimit - 1
)

// LZ4CompressBound is LZ4_compressBound: the largest output of an input
// of n bytes.
func LZ4CompressBound(n int) int { return n + n/255 + 16 }

// lz4Hasher is LZ4_hashPosition for one table type.
type lz4Hasher struct {
	src   []byte
	small bool // byU16
}

func (h lz4Hasher) hash(p int) uint32 {
	if h.small {
		// LZ4_hash4 with LZ4_HASHLOG + 1 bits.
		return (binary.LittleEndian.Uint32(h.src[p:]) * 2654435761) >> (32 - (lz4HashLog + 1))
	}
	// LZ4_hash5 of an 8-byte little-endian read.
	const prime5bytes = 889523592379
	return uint32(((binary.LittleEndian.Uint64(h.src[p:]) << 24) * prime5bytes) >> (64 - lz4HashLog))
}

// read8 is an 8-byte read at p for hash5, the bytes past the input's end
// (read only while p is below the match search limit, as in liblz4)
// being the input's own.
func lz4Read32(b []byte, p int) uint32 { return binary.LittleEndian.Uint32(b[p:]) }

// LZ4Compress compresses src as LZ4_compress_default does with an output
// buffer of LZ4CompressBound(len(src)) bytes (never too small).
func LZ4Compress(src []byte) []byte {
	n := len(src)
	out := make([]byte, 0, LZ4CompressBound(n))
	anchor := 0
	if n >= lz4MinLength {
		out, anchor = lz4CompressBody(src, out)
	}
	// The last literals.
	lastRun := n - anchor
	if lastRun >= lz4RunMask {
		out = append(out, lz4RunMask<<lz4MLBits)
		acc := lastRun - lz4RunMask
		for ; acc >= 255; acc -= 255 {
			out = append(out, 255)
		}
		out = append(out, byte(acc))
	} else {
		out = append(out, byte(lastRun<<lz4MLBits))
	}
	return append(out, src[anchor:]...)
}

// lz4CompressBody is the main loop of LZ4_compress_generic for an input
// of at least lz4MinLength bytes: the sequences before the last
// literals, and where those begin.
func lz4CompressBody(src, out []byte) ([]byte, int) {
	n := len(src)
	small := n < lz4Limit64K
	h := lz4Hasher{src: src, small: small}
	var table []uint32
	if small {
		table = make([]uint32, 1<<(lz4HashLog+1))
	} else {
		table = make([]uint32, 1<<lz4HashLog)
	}
	mflimitPlusOne := n - lz4MFLimit + 1
	matchLimit := n - lz4LastLiterals
	// In liblz4 the 8-byte reads of hash5 may look past matchLimit but
	// never past the input: positions hashed are below mflimitPlusOne.
	ip, anchor := 0, 0

	table[h.hash(ip)] = uint32(ip)
	ip++
	forwardH := h.hash(ip)

	for {
		var match int
		// Find a match.
		{
			forwardIp := ip
			step := 1
			searchMatchNb := 1 << lz4SkipTrigger
			for {
				hv := forwardH
				current := forwardIp
				matchIndex := int(table[hv])
				ip = forwardIp
				forwardIp += step
				step = searchMatchNb >> lz4SkipTrigger
				searchMatchNb++
				if forwardIp > mflimitPlusOne {
					return out, anchor
				}
				match = matchIndex
				forwardH = h.hash(forwardIp)
				table[hv] = uint32(current)
				if !small && matchIndex+lz4DistanceMax < current {
					continue // too far
				}
				if lz4Read32(src, match) == lz4Read32(src, ip) {
					break
				}
			}
		}
		// Catch up.
		for ip > anchor && match > 0 && src[ip-1] == src[match-1] {
			ip--
			match--
		}
		// Literals.
		litLength := ip - anchor
		tokenPos := len(out)
		if litLength >= lz4RunMask {
			out = append(out, lz4RunMask<<lz4MLBits)
			l := litLength - lz4RunMask
			for ; l >= 255; l -= 255 {
				out = append(out, 255)
			}
			out = append(out, byte(l))
		} else {
			out = append(out, byte(litLength<<lz4MLBits))
		}
		out = append(out, src[anchor:ip]...)

		for {
			// The match: offset, then length.
			off := ip - match
			out = append(out, byte(off), byte(off>>8))
			matchCode := lz4Count(src, ip+lz4MinMatch, match+lz4MinMatch, matchLimit)
			ip += matchCode + lz4MinMatch
			if matchCode >= lz4MLMask {
				out[tokenPos] += lz4MLMask
				matchCode -= lz4MLMask
				for ; matchCode >= 255; matchCode -= 255 {
					out = append(out, 255)
				}
				out = append(out, byte(matchCode))
			} else {
				out[tokenPos] += byte(matchCode)
			}
			anchor = ip
			if ip >= mflimitPlusOne {
				return out, anchor
			}
			// Fill the table, then test the next position at once.
			table[h.hash(ip-2)] = uint32(ip - 2)
			hv := h.hash(ip)
			current := ip
			matchIndex := int(table[hv])
			table[hv] = uint32(current)
			if (small || matchIndex+lz4DistanceMax >= current) && lz4Read32(src, matchIndex) == lz4Read32(src, ip) {
				match = matchIndex
				tokenPos = len(out)
				out = append(out, 0)
				continue
			}
			break
		}
		ip++
		forwardH = h.hash(ip)
	}
}

// lz4Count is LZ4_count: how many bytes from p equal those from m,
// stopping at limit.
func lz4Count(src []byte, p, m, limit int) int {
	start := p
	for p+8 <= limit {
		diff := binary.LittleEndian.Uint64(src[p:]) ^ binary.LittleEndian.Uint64(src[m:])
		if diff != 0 {
			return p - start + bits.TrailingZeros64(diff)/8
		}
		p += 8
		m += 8
	}
	for p < limit && src[p] == src[m] {
		p++
		m++
	}
	return p - start
}

// errLZ4Corrupt is toast_decompress_datum's error for a block liblz4
// refuses.
func errLZ4Corrupt() *pgerr.Error {
	return pgerr.New(pgerr.DataCorrupted, "compressed lz4 data is corrupt")
}

// LZ4Decompress expands an LZ4 block into at most rawsize bytes, as
// LZ4_decompress_safe does: a block that reads or writes out of bounds is
// corrupt.
func LZ4Decompress(src []byte, rawsize int) ([]byte, error) {
	dst := make([]byte, 0, rawsize)
	sp := 0
	for {
		if sp >= len(src) {
			return nil, errLZ4Corrupt()
		}
		token := src[sp]
		sp++
		// Literals.
		lit := int(token >> lz4MLBits)
		if lit == lz4RunMask {
			for {
				if sp >= len(src) {
					return nil, errLZ4Corrupt()
				}
				b := src[sp]
				sp++
				lit += int(b)
				if b != 255 {
					break
				}
			}
		}
		if lit > len(src)-sp || lit > rawsize-len(dst) {
			return nil, errLZ4Corrupt()
		}
		dst = append(dst, src[sp:sp+lit]...)
		sp += lit
		if sp == len(src) {
			// The last sequence: literals only.
			return dst, nil
		}
		// The match.
		if len(src)-sp < 2 {
			return nil, errLZ4Corrupt()
		}
		off := int(src[sp]) | int(src[sp+1])<<8
		sp += 2
		ml := int(token & lz4MLMask)
		if ml == lz4MLMask {
			for {
				if sp >= len(src) {
					return nil, errLZ4Corrupt()
				}
				b := src[sp]
				sp++
				ml += int(b)
				if b != 255 {
					break
				}
			}
		}
		ml += lz4MinMatch
		if off == 0 || off > len(dst) || ml > rawsize-len(dst) {
			return nil, errLZ4Corrupt()
		}
		// Byte by byte: the match may overlap what it copies.
		from := len(dst) - off
		for i := 0; i < ml; i++ {
			dst = append(dst, dst[from+i])
		}
	}
}
