// PostgreSQL's LZ compressor, pglz (src/common/pg_lzcompress.c),
// ported byte for byte: the same history table, hash function, match
// search and strategy, so that Compress produces exactly the bytes
// PostgreSQL 15 produces for the same input, and Decompress reads
// anything PostgreSQL wrote.
//
// The compressed stream is a sequence of groups: one control byte, then up
// to eight items, bit i of the control byte (from the least significant)
// saying whether item i is a literal byte (0) or a back-reference tag (1).
// A tag is two bytes, high nibble of the first plus the second giving the
// offset (1..4095) back into the output, low nibble the length minus 3;
// a low nibble of 15 means a third byte adds 0..255 to a length of 18.

package toast

import "github.com/gpostgres/gpostgres/lib/pgerr"

// Strategy is PGLZ_Strategy: when compression is attempted and when it is
// abandoned.
type Strategy struct {
	MinInputSize   int // inputs shorter than this are not compressed
	MaxInputSize   int // nor longer than this
	MinCompRate    int // percent the output must save, or give up
	FirstSuccessBy int // give up if nothing matched within this many output bytes
	MatchSizeGood  int // stop searching the history at a match this long
	MatchSizeDrop  int // lower MatchSizeGood by this percent per history entry visited
}

// DefaultStrategy is PGLZ_strategy_default, the one TOAST uses.
var DefaultStrategy = Strategy{
	MinInputSize:   32,
	MaxInputSize:   1<<31 - 1,
	MinCompRate:    25,
	FirstSuccessBy: 1024,
	MatchSizeGood:  128,
	MatchSizeDrop:  10,
}

const (
	pglzMaxHistoryLists = 8192 // PGLZ_MAX_HISTORY_LISTS
	pglzHistorySize     = 4096 // PGLZ_HISTORY_SIZE
	pglzMaxMatch        = 273  // PGLZ_MAX_MATCH
	noPrev              = -1   // a history entry at the head of its list (prev == NULL)
)

// PGLZMaxOutput is PGLZ_MAX_OUTPUT: the largest output Compress can
// produce for n input bytes (four bytes of slack for the last item).
func PGLZMaxOutput(n int) int { return n + 4 }

// histEntry is PGLZ_HistEntry with indexes instead of pointers: next is
// the entry index of the next (older) entry with the same hash, 0 ending
// the list (INVALID_ENTRY); prev is the newer neighbour, noPrev for the
// list head; pos is the input position the entry stands for.
type histEntry struct {
	next, prev int16
	hindex     int32
	pos        int32
}

// pglzState holds the history of one compression (PostgreSQL keeps it in
// static arrays).
type pglzState struct {
	start   [pglzMaxHistoryLists]int16
	entries [pglzHistorySize + 1]histEntry
}

// histIdx is pglz_hist_idx: the list for the next four bytes at s. The
// bytes are read as C's (signed) char, as PostgreSQL does on x86-64.
func histIdx(src []byte, s int, mask int) int {
	if len(src)-s < 4 {
		return int(int8(src[s])) & mask
	}
	return (int(int8(src[s]))<<6 ^ int(int8(src[s+1]))<<4 ^ int(int8(src[s+2]))<<2 ^ int(int8(src[s+3]))) & mask
}

// add is pglz_hist_add: enter position s in the history, recycling the
// oldest entry once all are used.
func (st *pglzState) add(src []byte, s int, next *int, recycle *bool, mask int) {
	hindex := histIdx(src, s, mask)
	he := &st.entries[*next]
	if *recycle {
		if he.prev == noPrev {
			st.start[he.hindex] = he.next
		} else {
			st.entries[he.prev].next = he.next
		}
		// he.next is never NULL in PostgreSQL (the list ends at entry 0,
		// which may be scribbled on).
		st.entries[he.next].prev = he.prev
	}
	head := st.start[hindex]
	he.next = head
	he.prev = noPrev
	he.hindex = int32(hindex)
	he.pos = int32(s)
	st.entries[head].prev = int16(*next)
	st.start[hindex] = int16(*next)
	if *next++; *next >= pglzHistorySize+1 {
		*next = 1
		*recycle = true
	}
}

// findMatch is pglz_find_match: the longest match (at least 3 bytes) of
// src[s:] in the history, walking the list until a match is good enough.
func (st *pglzState) findMatch(src []byte, s int, goodMatch, goodDrop, mask int) (length, offset int, ok bool) {
	end := len(src)
	hent := st.start[histIdx(src, s, mask)]
	for hent != 0 {
		hp := int(st.entries[hent].pos)
		thisoff := s - hp
		if thisoff >= 0x0fff {
			break
		}
		thislen := 0
		if length >= 16 {
			if string(src[s:s+length]) == string(src[hp:hp+length]) {
				thislen = length
				for ip, h := s+length, hp+length; ip < end && src[ip] == src[h] && thislen < pglzMaxMatch; ip, h = ip+1, h+1 {
					thislen++
				}
			}
		} else {
			for ip, h := s, hp; ip < end && src[ip] == src[h] && thislen < pglzMaxMatch; ip, h = ip+1, h+1 {
				thislen++
			}
		}
		if thislen > length {
			length, offset = thislen, thisoff
		}
		hent = st.entries[hent].next
		if hent != 0 {
			if length >= goodMatch {
				break
			}
			goodMatch -= goodMatch * goodDrop / 100
		}
	}
	if length > 2 {
		return length, offset, true
	}
	return 0, 0, false
}

// PGLZCompress compresses src with strategy s (pglz_compress). It
// returns the compressed bytes, or ok false when the strategy says the
// result is not worth having (too short or long an input, too little
// saved, nothing compressible early enough).
func PGLZCompress(src []byte, s *Strategy) (out []byte, ok bool) {
	if s == nil {
		s = &DefaultStrategy
	}
	slen := len(src)
	if s.MatchSizeGood <= 0 || slen < s.MinInputSize || slen > s.MaxInputSize {
		return nil, false
	}
	goodMatch := min(max(s.MatchSizeGood, 17), pglzMaxMatch)
	goodDrop := min(max(s.MatchSizeDrop, 0), 100)
	needRate := min(max(s.MinCompRate, 0), 99)
	var resultMax int
	if slen > (1<<31-1)/100 {
		resultMax = (slen / 100) * (100 - needRate)
	} else {
		resultMax = slen * (100 - needRate) / 100
	}
	var hashsz int
	switch {
	case slen < 128:
		hashsz = 512
	case slen < 256:
		hashsz = 1024
	case slen < 512:
		hashsz = 2048
	case slen < 1024:
		hashsz = 4096
	default:
		hashsz = 8192
	}
	mask := hashsz - 1
	st := new(pglzState)

	buf := make([]byte, PGLZMaxOutput(slen))
	bp := 0
	ctrlp := -1 // -1: PostgreSQL's ctrl_dummy
	var ctrlb, ctrl byte
	outCtrl := func() {
		if ctrl == 0 {
			if ctrlp >= 0 {
				buf[ctrlp] = ctrlb
			}
			ctrlp = bp
			bp++
			ctrlb = 0
			ctrl = 1
		}
	}
	histNext, recycle := 1, false
	foundMatch := false
	dp := 0
	for dp < slen {
		if bp >= resultMax {
			return nil, false
		}
		if !foundMatch && bp >= s.FirstSuccessBy {
			return nil, false
		}
		if mlen, moff, found := st.findMatch(src, dp, goodMatch, goodDrop, mask); found {
			outCtrl()
			ctrlb |= ctrl
			ctrl <<= 1
			if mlen > 17 {
				buf[bp] = byte((moff&0xf00)>>4 | 0x0f)
				buf[bp+1] = byte(moff & 0xff)
				buf[bp+2] = byte(mlen - 18)
				bp += 3
			} else {
				buf[bp] = byte((moff&0xf00)>>4 | (mlen - 3))
				buf[bp+1] = byte(moff & 0xff)
				bp += 2
			}
			for ; mlen > 0; mlen-- {
				st.add(src, dp, &histNext, &recycle, mask)
				dp++
			}
			foundMatch = true
		} else {
			outCtrl()
			buf[bp] = src[dp]
			bp++
			ctrl <<= 1
			st.add(src, dp, &histNext, &recycle, mask)
			dp++
		}
	}
	if ctrlp >= 0 {
		buf[ctrlp] = ctrlb
	}
	if bp >= resultMax {
		return nil, false
	}
	return buf[:bp:bp], true
}

// PGLZDecompress expands src into rawsize bytes (pglz_decompress). With
// checkComplete, the input must be consumed exactly and produce exactly
// rawsize bytes. Corrupt input is "compressed pglz data is corrupt"
// (XX001), never a panic or an endless loop.
func PGLZDecompress(src []byte, rawsize int, checkComplete bool) ([]byte, error) {
	dst := make([]byte, rawsize)
	sp, dp := 0, 0
	srcend := len(src)
	for sp < srcend && dp < rawsize {
		ctrl := src[sp]
		sp++
		for ctrlc := 0; ctrlc < 8 && sp < srcend && dp < rawsize; ctrlc++ {
			if ctrl&1 != 0 {
				if sp+1 >= srcend {
					return nil, corruptPGLZ()
				}
				length := int(src[sp]&0x0f) + 3
				off := int(src[sp]&0xf0)<<4 | int(src[sp+1])
				sp += 2
				if length == 18 {
					if sp >= srcend {
						return nil, corruptPGLZ()
					}
					length += int(src[sp])
					sp++
				}
				if sp > srcend || off == 0 || off > dp {
					return nil, corruptPGLZ()
				}
				length = min(length, rawsize-dp)
				// The areas may overlap (a run): copy forwards byte by
				// byte in effect, in chunks of at most off bytes.
				for length > 0 {
					n := copy(dst[dp:dp+min(length, off)], dst[dp-off:])
					dp += n
					length -= n
				}
			} else {
				dst[dp] = src[sp]
				dp++
				sp++
			}
			ctrl >>= 1
		}
	}
	if checkComplete && (dp != rawsize || sp != srcend) {
		return nil, corruptPGLZ()
	}
	return dst[:dp], nil
}

func corruptPGLZ() error {
	return pgerr.New(pgerr.DataCorrupted, "compressed pglz data is corrupt")
}
