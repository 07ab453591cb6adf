// Data page checksums: PostgreSQL's pg_checksum_page (checksum_impl.h),
// PageSetChecksumInplace/Copy and PageIsVerifiedExtended (bufpage.c).

package page

import (
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage"
)

const (
	nSums    = 32       // N_SUMS: checksums computed in parallel
	fnvPrime = 16777619 // FNV_PRIME
)

// checksumBaseOffsets are the initial values of the 32 parallel sums
// (checksumBaseOffsets in checksum_impl.h). Changing any of them changes
// every checksum.
var checksumBaseOffsets = [nSums]uint32{
	0x5B1F36E9, 0xB8525960, 0x02AB50AA, 0x1DE66D2A,
	0x79FF467A, 0x9BB9F8A3, 0x217E7CD2, 0x83E13D2C,
	0xF8D4474F, 0xE39EB970, 0x42C6AE16, 0x993216FA,
	0x7B093B5D, 0x98DAFF3C, 0xF718902A, 0x0B1C9CDB,
	0xE58F764B, 0x187636BC, 0x5D7B3BB1, 0xE73DE7DE,
	0x92BEC979, 0xCCA6C0B2, 0x304A0979, 0x85AA43D4,
	0x783125BB, 0x6CA8EAA2, 0xE407EAC6, 0x4B5CFC3E,
	0x9FBF8C76, 0x15CA20BE, 0xF2CA9FD3, 0x959BD756,
}

// checksumBlock is pg_checksum_block over the page with pd_checksum read
// as zero. The page is read as 2048 little-endian uint32 words, a 64 x 32
// array whose columns are summed separately with an FNV-1a-like step
// (hash = (hash ^ v) * FNV_PRIME ^ ((hash ^ v) >> 17)), then two rounds
// of zeros, then the 32 sums are xor-folded.
func checksumBlock(p Page) uint32 {
	sums := checksumBaseOffsets
	b := (*[Size]byte)(p[:Size])
	for row := 0; row < Size/(4*nSums); row++ {
		words := (*[4 * nSums]byte)(b[row*4*nSums:])
		for j := range nSums {
			v := le.Uint32(words[4*j:])
			t := sums[j] ^ v
			sums[j] = t*fnvPrime ^ t>>17
		}
		if row == 0 {
			// pd_checksum counts as zero. It is the low half of word 2
			// (pd_flags is the high half): redo that column's first step
			// with the half masked off.
			v := le.Uint32(words[offChecksum:]) &^ 0xFFFF
			t := checksumBaseOffsets[offChecksum/4] ^ v
			sums[offChecksum/4] = t*fnvPrime ^ t>>17
		}
	}
	var result uint32
	for j := range sums {
		for range 2 {
			t := sums[j]
			sums[j] = t*fnvPrime ^ t>>17
		}
		result ^= sums[j]
	}
	return result
}

// Checksum computes the page's checksum for block blkno
// (pg_checksum_page): the block checksum with pd_checksum taken as zero,
// xor the block number, reduced to (sum % 65535) + 1. It reads the page
// only, so it is safe on a shared buffer that holders of a share lock may
// be setting hint bits in — but then the result may not match the bytes
// that get written: checksum a private copy (CopyWithChecksum) for writing.
// The page must not be new.
func (p Page) Checksum(blkno storage.BlockNumber) uint16 {
	c := checksumBlock(p) ^ uint32(blkno)
	return uint16(c%65535 + 1)
}

// SetChecksum stores the checksum for block blkno in pd_checksum
// (PageSetChecksumInplace). A new page is left alone: it is all zeros and
// carries no checksum. Call it only when data checksums are enabled.
func (p Page) SetChecksum(blkno storage.BlockNumber) {
	if p.IsNew() {
		return
	}
	p.put16(offChecksum, p.Checksum(blkno))
}

// CopyWithChecksum copies src into dst and sets the checksum of the copy
// (PageSetChecksumCopy): the buffer manager writes dst, so hint-bit
// changes made to src meanwhile cannot make the written checksum wrong.
func CopyWithChecksum(dst, src Page, blkno storage.BlockNumber) {
	copy(dst[:Size], src[:Size])
	dst.SetChecksum(blkno)
}

// VerifyFlags select what Verify checks.
type VerifyFlags uint8

const (
	// VerifyChecksums checks pd_checksum (data checksums are enabled).
	VerifyChecksums VerifyFlags = 1 << iota
	// IgnoreChecksumFailure accepts a page whose checksum is wrong but whose
	// header is sane (the ignore_checksum_failure setting).
	IgnoreChecksumFailure
)

// Verify tells whether a page just read from block blkno may enter the
// buffer pool (PageIsVerifiedExtended). A page passes when its header is
// sane and, with VerifyChecksums, its checksum matches; an all-zero page
// always passes (a crash can leave one after an extension).
//
// warning is non-nil when the checksum did not match on a page that is not
// all zeros: PostgreSQL's WARNING "page verification failed, calculated
// checksum %u but expected %u" (XX001), for the caller to log and count
// as a checksum failure, whatever ok says. When ok is false the caller
// reports InvalidPage (or zeroes the page with zero_damaged_pages).
func (p Page) Verify(blkno storage.BlockNumber, flags VerifyFlags) (ok bool, warning *pgerr.Error) {
	p.check()
	checksumFailure, headerSane := false, false
	var sum uint16
	if !p.IsNew() {
		if flags&VerifyChecksums != 0 {
			sum = p.Checksum(blkno)
			checksumFailure = sum != p.StoredChecksum()
		}
		headerSane = p.headerSane()
		if headerSane && !checksumFailure {
			return true, nil
		}
	}
	if p.allZeros() {
		return true, nil
	}
	if checksumFailure {
		warning = pgerr.Newf(pgerr.DataCorrupted, "page verification failed, calculated checksum %d but expected %d",
			sum, p.StoredChecksum()).WithSeverity(pgerr.SeverityWarning)
		if headerSane && flags&IgnoreChecksumFailure != 0 {
			return true, warning
		}
	}
	return false, warning
}

func (p Page) allZeros() bool {
	for i := 0; i < Size; i += 8 {
		if le.Uint64(p[i:]) != 0 {
			return false
		}
	}
	return true
}

// InvalidPage is the error the buffer manager raises when Verify fails:
// "invalid page in block %u of relation %s" (XX001, bufmgr.c), relation
// being the fork's path as relpath() prints it, e.g. base/5/16384_fsm.
func InvalidPage(blkno storage.BlockNumber, rel storage.RelFileLocator, fork storage.ForkNumber) *pgerr.Error {
	return pgerr.Newf(pgerr.DataCorrupted, "invalid page in block %d of relation %s", blkno, rel.Path(fork, 0))
}

// InvalidPageZeroed is the WARNING logged instead when the page is zeroed
// (zero_damaged_pages, or a read mode that zeroes on error).
func InvalidPageZeroed(blkno storage.BlockNumber, rel storage.RelFileLocator, fork storage.ForkNumber) *pgerr.Error {
	return pgerr.Newf(pgerr.DataCorrupted, "invalid page in block %d of relation %s; zeroing out page",
		blkno, rel.Path(fork, 0)).WithSeverity(pgerr.SeverityWarning)
}
