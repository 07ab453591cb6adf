// Decoding a record read from the WAL into its header, block references
// and main data (DecodeXLogRecord in xlogreader.c), and restoring a block
// from its full-page image (RestoreBlockImage). Error texts are
// PostgreSQL's, since they end up in the server log when recovery stops.

package xlog

import (
	"encoding/binary"
	"fmt"

	"github.com/gpostgres/gpostgres/lib/storage"
)

// RecordHeader is XLogRecord.
type RecordHeader struct {
	TotLen uint32 // xl_tot_len
	XID    uint32 // xl_xid
	Prev   LSN    // xl_prev
	Info   uint8  // xl_info
	Rmid   RmgrID // xl_rmid
	CRC    uint32 // xl_crc
}

// BlockRef is one decoded block reference (DecodedBkpBlock).
type BlockRef struct {
	InUse     bool
	ID        uint8
	Rel       storage.RelFileLocator
	Fork      storage.ForkNumber
	Block     storage.BlockNumber
	ForkFlags uint8 // fork number and BKPBLOCK_* flags as stored

	HasImage   bool
	ApplyImage bool  // BKPIMAGE_APPLY: redo restores the page from Image
	BimgInfo   uint8 // BKPIMAGE_* flags
	HoleOffset uint16
	HoleLength uint16
	Image      []byte // the page without its hole

	HasData bool
	Data    []byte
}

// WillInit reports whether redo re-initializes the page (BKPBLOCK_WILL_INIT).
func (b *BlockRef) WillInit() bool { return b.ForkFlags&BkpBlockWillInit != 0 }

// DecodedRecord is one record as the Reader returns it.
type DecodedRecord struct {
	LSN    LSN // where the record starts (ReadRecPtr)
	EndLSN LSN // where the next record starts (EndRecPtr); what redo sets pd_lsn to
	Header RecordHeader

	// Blocks is indexed by block id, up to the highest id used; entries
	// whose InUse is false are gaps.
	Blocks      []BlockRef
	MainData    []byte
	OriginID    uint16 // replication origin, 0 when none
	TopLevelXID uint32 // top-level xid, 0 when none
	Raw         []byte // the whole record as stored, header included
}

// Rmid and Info are shorthands for the header fields.
func (r *DecodedRecord) Rmid() RmgrID { return r.Header.Rmid }

// Info returns xl_info.
func (r *DecodedRecord) Info() uint8 { return r.Header.Info }

// Block returns block reference id, or nil when the record has none.
func (r *DecodedRecord) Block(id uint8) *BlockRef {
	if int(id) >= len(r.Blocks) || !r.Blocks[id].InUse {
		return nil
	}
	return &r.Blocks[id]
}

// HasBlockImages reports whether any block carries a full-page image.
func (r *DecodedRecord) HasBlockImages() bool {
	for i := range r.Blocks {
		if r.Blocks[i].InUse && r.Blocks[i].HasImage {
			return true
		}
	}
	return false
}

// decodeError is an invalid record found while decoding.
type decodeError struct{ msg string }

func (e *decodeError) Error() string { return e.msg }

func decodeErrorf(format string, args ...any) error {
	return &decodeError{msg: fmt.Sprintf(format, args...)}
}

// parseHeader reads the 24-byte XLogRecord header.
func parseHeader(b []byte) RecordHeader {
	le := binary.LittleEndian
	return RecordHeader{
		TotLen: le.Uint32(b[0:]),
		XID:    le.Uint32(b[4:]),
		Prev:   LSN(le.Uint64(b[8:])),
		Info:   b[16],
		Rmid:   RmgrID(b[17]),
		CRC:    le.Uint32(b[20:]),
	}
}

// decodeRecord splits raw (a whole record whose CRC was verified) into its
// parts; the returned slices point into raw.
func decodeRecord(raw []byte, lsn LSN) (*DecodedRecord, error) {
	le := binary.LittleEndian
	rec := &DecodedRecord{LSN: lsn, Header: parseHeader(raw), Raw: raw}
	remaining := int(rec.Header.TotLen) - RecordHeaderSize
	if remaining < 0 || int(rec.Header.TotLen) > len(raw) {
		return nil, decodeErrorf("invalid record length at %s", lsn)
	}
	p := raw[RecordHeaderSize:rec.Header.TotLen]
	pos := 0
	short := func() error {
		return decodeErrorf("record with invalid length at %s", lsn)
	}
	take := func(n int) ([]byte, bool) {
		if pos+n > len(p) {
			return nil, false
		}
		s := p[pos : pos+n]
		pos += n
		return s, true
	}
	datatotal := 0
	mainLen := 0
	maxID := -1
	var dataLens, imgLens [XLRMaxBlockID + 1]int
	var lastRel *storage.RelFileLocator
	for remaining-pos > datatotal {
		idb, ok := take(1)
		if !ok {
			return nil, short()
		}
		id := idb[0]
		switch {
		case id == XLRBlockIDDataShort:
			l, ok := take(1)
			if !ok {
				return nil, short()
			}
			mainLen = int(l[0])
			datatotal += mainLen
		case id == XLRBlockIDDataLong:
			l, ok := take(4)
			if !ok {
				return nil, short()
			}
			mainLen = int(le.Uint32(l))
			datatotal += mainLen
		case id == XLRBlockIDOrigin:
			v, ok := take(2)
			if !ok {
				return nil, short()
			}
			rec.OriginID = le.Uint16(v)
			continue
		case id == XLRBlockIDTopLevelXID:
			v, ok := take(4)
			if !ok {
				return nil, short()
			}
			rec.TopLevelXID = le.Uint32(v)
			continue
		case id <= XLRMaxBlockID:
			if int(id) <= maxID {
				return nil, decodeErrorf("out-of-order block_id %d at %s", id, lsn)
			}
			maxID = int(id)
			for len(rec.Blocks) <= int(id) {
				rec.Blocks = append(rec.Blocks, BlockRef{})
			}
			blk := &rec.Blocks[id]
			blk.InUse, blk.ID = true, id
			h, ok := take(3)
			if !ok {
				return nil, short()
			}
			blk.ForkFlags = h[0]
			blk.Fork = storage.ForkNumber(h[0] & BkpBlockForkMask)
			blk.HasImage = h[0]&BkpBlockHasImage != 0
			blk.HasData = h[0]&BkpBlockHasData != 0
			dataLen := int(le.Uint16(h[1:]))
			if blk.HasData && dataLen == 0 {
				return nil, decodeErrorf("BKPBLOCK_HAS_DATA set, but no data included at %s", lsn)
			}
			if !blk.HasData && dataLen != 0 {
				return nil, decodeErrorf("BKPBLOCK_HAS_DATA not set, but data length is %d at %s", dataLen, lsn)
			}
			datatotal += dataLen
			dataLens[id] = dataLen
			if blk.HasImage {
				ih, ok := take(blockImageHeaderSize)
				if !ok {
					return nil, short()
				}
				bimgLen := int(le.Uint16(ih[0:]))
				blk.HoleOffset = le.Uint16(ih[2:])
				blk.BimgInfo = ih[4]
				blk.ApplyImage = blk.BimgInfo&BkpImageApply != 0
				compressed := blk.BimgInfo&bkpImageCompressedAny != 0
				if compressed {
					if blk.BimgInfo&BkpImageHasHole != 0 {
						hl, ok := take(2)
						if !ok {
							return nil, short()
						}
						blk.HoleLength = le.Uint16(hl)
					}
				} else {
					blk.HoleLength = uint16(BlockSize - bimgLen)
				}
				datatotal += bimgLen
				hasHole := blk.BimgInfo&BkpImageHasHole != 0
				if hasHole && (blk.HoleOffset == 0 || blk.HoleLength == 0 || bimgLen == BlockSize) {
					return nil, decodeErrorf("BKPIMAGE_HAS_HOLE set, but hole offset %d length %d block image length %d at %s",
						blk.HoleOffset, blk.HoleLength, bimgLen, lsn)
				}
				if !hasHole && (blk.HoleOffset != 0 || blk.HoleLength != 0) {
					return nil, decodeErrorf("BKPIMAGE_HAS_HOLE not set, but hole offset %d length %d at %s",
						blk.HoleOffset, blk.HoleLength, lsn)
				}
				if compressed && bimgLen == BlockSize {
					return nil, decodeErrorf("BKPIMAGE_COMPRESSED set, but block image length %d at %s", bimgLen, lsn)
				}
				if !hasHole && !compressed && bimgLen != BlockSize {
					return nil, decodeErrorf("neither BKPIMAGE_HAS_HOLE nor BKPIMAGE_COMPRESSED set, but block image length is %d at %s", bimgLen, lsn)
				}
				imgLens[id] = bimgLen
			}
			if h[0]&BkpBlockSameRel == 0 {
				r, ok := take(relFileLocatorSize)
				if !ok {
					return nil, short()
				}
				blk.Rel = storage.RelFileLocator{Spc: le.Uint32(r[0:]), DB: le.Uint32(r[4:]), Rel: le.Uint32(r[8:])}
				lastRel = &blk.Rel
			} else {
				if lastRel == nil {
					return nil, decodeErrorf("BKPBLOCK_SAME_REL set but no previous rel at %s", lsn)
				}
				blk.Rel = *lastRel
			}
			bn, ok := take(4)
			if !ok {
				return nil, short()
			}
			blk.Block = storage.BlockNumber(le.Uint32(bn))
			continue
		default:
			return nil, decodeErrorf("invalid block_id %d at %s", id, lsn)
		}
		break // main data header: by convention the last fragment header
	}
	if remaining-pos != datatotal {
		return nil, short()
	}
	// The payloads follow in block order, then the main data.
	for i := range rec.Blocks {
		blk := &rec.Blocks[i]
		if !blk.InUse {
			continue
		}
		if blk.HasImage {
			n := imgLens[i]
			blk.Image = p[pos : pos+n : pos+n]
			pos += n
		}
		if blk.HasData {
			n := dataLens[i]
			blk.Data = p[pos : pos+n : pos+n]
			pos += n
		}
	}
	if mainLen > 0 {
		rec.MainData = p[pos : pos+mainLen : pos+mainLen]
		pos += mainLen
	}
	if pos != len(p) {
		return nil, short()
	}
	return rec, nil
}

// RestoreBlockImage writes ref's full-page image into dst (a BlockSize
// page), zero-filling the hole. Compressed images are not supported
// (gpostgres never writes them).
func RestoreBlockImage(ref *BlockRef, dst []byte) error {
	if ref == nil || !ref.InUse {
		return fmt.Errorf("could not restore image with invalid block specified")
	}
	if !ref.HasImage {
		return fmt.Errorf("could not restore image with invalid state, block %d", ref.ID)
	}
	if len(dst) != BlockSize {
		return fmt.Errorf("could not restore image: destination page has %d bytes", len(dst))
	}
	if ref.BimgInfo&bkpImageCompressedAny != 0 {
		return fmt.Errorf("could not restore image: compressed block images are not supported, block %d", ref.ID)
	}
	off, hl := int(ref.HoleOffset), int(ref.HoleLength)
	if len(ref.Image)+hl != BlockSize || off > len(ref.Image) {
		return fmt.Errorf("could not restore image: invalid image length %d with hole offset %d length %d, block %d", len(ref.Image), off, hl, ref.ID)
	}
	if hl == 0 {
		copy(dst, ref.Image)
		return nil
	}
	copy(dst[:off], ref.Image[:off])
	clear(dst[off : off+hl])
	copy(dst[off+hl:], ref.Image[off:])
	return nil
}

// RestoreBlockImage restores block id of r into dst (PostgreSQL's
// RestoreBlockImage(record, block_id, page)).
func (r *DecodedRecord) RestoreBlockImage(id uint8, dst []byte) error {
	b := r.Block(id)
	if b == nil {
		return fmt.Errorf("could not restore image at %s with invalid block %d specified", r.LSN, id)
	}
	if !b.HasImage {
		return fmt.Errorf("could not restore image at %s with invalid state, block %d", r.LSN, id)
	}
	return RestoreBlockImage(b, dst)
}
