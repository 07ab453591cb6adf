// Building a WAL record: the RecordBuilder callers fill in (PostgreSQL's
// XLogBeginInsert / XLogRegisterBuffer / XLogRegisterBufData /
// XLogRegisterData) and the assembly into the on-disk format with the
// full-page-image decision (XLogRecordAssemble in xloginsert.c).
//
// Assembly does not copy page images or data: it produces a small header
// buffer and a list of chunks pointing at the caller's slices, which the
// insertion code copies straight into the WAL buffers. The caller must
// therefore keep the pages locked and the data unchanged until Insert
// returns, as in PostgreSQL.

package xlog

import (
	"encoding/binary"
	"hash/crc32"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage"
)

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// regBuf is one registered block reference.
type regBuf struct {
	inUse   bool
	rel     storage.RelFileLocator
	fork    storage.ForkNumber
	block   storage.BlockNumber
	page    []byte
	flags   uint8
	data    [][]byte
	dataLen int
}

// RecordBuilder collects one record's parts before Insert. It is not safe
// for concurrent use; Reset lets a caller reuse one without allocating.
type RecordBuilder struct {
	rmid     RmgrID
	info     uint8
	xid      uint32
	blocks   [XLRMaxBlockID + 1]regBuf
	maxBlock int // highest registered id, -1 when none
	main     [][]byte
	mainLen  int
	err      error
}

// NewRecord starts a record of resource manager rmid with xl_info info
// (the rmgr's high four bits, plus optionally XLRSpecialRelUpdate or
// XLRCheckConsistency).
func NewRecord(rmid RmgrID, info uint8) *RecordBuilder {
	b := &RecordBuilder{}
	b.Reset(rmid, info)
	return b
}

// Reset empties b and starts a new record.
func (b *RecordBuilder) Reset(rmid RmgrID, info uint8) {
	for i := 0; i <= b.maxBlock; i++ {
		b.blocks[i] = regBuf{data: b.blocks[i].data[:0]}
	}
	b.rmid, b.info, b.xid = rmid, info, 0
	b.maxBlock = -1
	b.main = b.main[:0]
	b.mainLen = 0
	b.err = nil
	if info&^(XLRRmgrInfoMask|XLRSpecialRelUpdate|XLRCheckConsistency) != 0 {
		b.err = pgerr.Newf(pgerr.InternalError, "invalid xlog info mask %02X", info).WithSeverity(pgerr.SeverityPanic)
	}
}

// SetXID sets xl_xid, the transaction the record belongs to (0 for none).
func (b *RecordBuilder) SetXID(xid uint32) { b.xid = xid }

// RegisterBuffer adds block reference id for block of rel's fork. page is
// the buffer's current content, locked by the caller; it is read (for its
// LSN and, when a full-page image is needed, copied) but never changed.
// It may be nil only with RegBufNoImage (or RegBufWillInit).
func (b *RecordBuilder) RegisterBuffer(id uint8, rel storage.RelFileLocator, fork storage.ForkNumber, block storage.BlockNumber, page []byte, flags uint8) {
	if b.err != nil {
		return
	}
	if id > XLRMaxBlockID {
		b.err = pgerr.Newf(pgerr.InternalError, "too many registered buffers")
		return
	}
	if b.blocks[id].inUse {
		b.err = pgerr.Newf(pgerr.InternalError, "block reference %d registered twice", id)
		return
	}
	if page != nil && len(page) != BlockSize {
		b.err = pgerr.Newf(pgerr.InternalError, "registered page of block %d has %d bytes, want %d", id, len(page), BlockSize)
		return
	}
	if page == nil && flags&RegBufNoImage == 0 {
		b.err = pgerr.Newf(pgerr.InternalError, "block reference %d needs its page unless registered with REGBUF_NO_IMAGE", id)
		return
	}
	r := &b.blocks[id]
	r.inUse, r.rel, r.fork, r.block, r.page, r.flags = true, rel, fork, block, page, flags
	r.data, r.dataLen = r.data[:0], 0
	if int(id) > b.maxBlock {
		b.maxBlock = int(id)
	}
}

// RegisterBufData appends data to block reference id's payload, which redo
// uses when the block was not restored from a full-page image.
func (b *RecordBuilder) RegisterBufData(id uint8, data []byte) {
	if b.err != nil {
		return
	}
	if id > XLRMaxBlockID || !b.blocks[id].inUse {
		b.err = pgerr.Newf(pgerr.InternalError, "no block with id %d registered with WAL insertion", id)
		return
	}
	r := &b.blocks[id]
	if r.dataLen+len(data) > 0xFFFF {
		b.err = pgerr.Newf(pgerr.ProgramLimitExceeded, "too much WAL data").
			WithDetail("Registering more than maximum %d bytes allowed to block %d: current %d bytes, adding %d bytes.", 0xFFFF, id, r.dataLen, len(data))
		return
	}
	r.data = append(r.data, data)
	r.dataLen += len(data)
}

// SetMainData replaces the record's main data.
func (b *RecordBuilder) SetMainData(data []byte) {
	b.main = b.main[:0]
	b.mainLen = 0
	b.AppendMainData(data)
}

// AppendMainData appends to the record's main data (XLogRegisterData).
func (b *RecordBuilder) AppendMainData(data []byte) {
	if b.err != nil || len(data) == 0 {
		return
	}
	b.main = append(b.main, data)
	b.mainLen += len(data)
}

// assembled is a record ready to be copied into the WAL: hdr holds the
// XLogRecord header (xl_prev and xl_crc still to fill in) and every
// fragment header; chunks follow it. crc covers everything but the
// header's first 20 bytes.
type assembled struct {
	hdr    []byte
	chunks [][]byte
	totLen uint32
	crc    uint32
	// fpwLSN is the lowest LSN of a page that could have had a full-page
	// image but did not get one: if the redo point moves to or past it
	// before the record is positioned, the record must be assembled again.
	fpwLSN LSN
	nFPI   int
}

// pageLSN reads pd_lsn (PageXLogRecPtr: xlogid then xrecoff).
func pageLSN(page []byte) LSN {
	return LSN(uint64(binary.LittleEndian.Uint32(page[0:]))<<32 | uint64(binary.LittleEndian.Uint32(page[4:])))
}

// assemble builds b's on-disk form, deciding for each block whether it
// carries a full-page image: with RegBufForceImage always, with
// RegBufNoImage never, otherwise when page writes are on and the page's
// LSN is at or before the redo point (the page has not been logged since
// the checkpoint began). a's buffers are reused.
func (b *RecordBuilder) assemble(a *assembled, redo LSN, doPageWrites bool) error {
	if b.err != nil {
		return b.err
	}
	hdr := a.hdr[:0]
	hdr = append(hdr, make([]byte, RecordHeaderSize)...)
	a.chunks = a.chunks[:0]
	a.fpwLSN, a.nFPI = 0, 0
	total := uint64(0)
	var prevRel *storage.RelFileLocator
	le := binary.LittleEndian

	for id := 0; id <= b.maxBlock; id++ {
		r := &b.blocks[id]
		if !r.inUse {
			continue
		}
		needsBackup := false
		switch {
		case r.flags&RegBufForceImage != 0:
			needsBackup = true
		case r.flags&RegBufNoImage != 0:
		case !doPageWrites:
		default:
			lsn := pageLSN(r.page)
			needsBackup = lsn <= redo
			if !needsBackup && (a.fpwLSN == 0 || lsn < a.fpwLSN) {
				a.fpwLSN = lsn
			}
		}
		needsData := r.dataLen > 0 && (r.flags&RegBufKeepData != 0 || !needsBackup)

		forkFlags := uint8(r.fork) & BkpBlockForkMask
		if r.flags&RegBufWillInit == RegBufWillInit {
			forkFlags |= BkpBlockWillInit
		}
		var imgHdr [blockImageHeaderSize]byte
		if needsBackup {
			forkFlags |= BkpBlockHasImage
			holeOff, holeLen := 0, 0
			if r.flags&RegBufStandard != 0 {
				lower := int(le.Uint16(r.page[12:]))
				upper := int(le.Uint16(r.page[14:]))
				if lower >= pageHeaderDataSize && upper > lower && upper <= BlockSize {
					holeOff, holeLen = lower, upper-lower
				}
			}
			info := uint8(BkpImageApply)
			if holeLen > 0 {
				info |= BkpImageHasHole
			}
			le.PutUint16(imgHdr[0:], uint16(BlockSize-holeLen))
			le.PutUint16(imgHdr[2:], uint16(holeOff))
			imgHdr[4] = info
			if holeLen > 0 {
				a.chunks = append(a.chunks, r.page[:holeOff], r.page[holeOff+holeLen:])
			} else {
				a.chunks = append(a.chunks, r.page)
			}
			total += uint64(BlockSize - holeLen)
			a.nFPI++
		}
		if needsData {
			forkFlags |= BkpBlockHasData
			a.chunks = append(a.chunks, r.data...)
			total += uint64(r.dataLen)
		}
		sameRel := prevRel != nil && *prevRel == r.rel
		if sameRel {
			forkFlags |= BkpBlockSameRel
		}
		prevRel = &r.rel

		hdr = append(hdr, uint8(id), forkFlags, 0, 0)
		if needsData {
			le.PutUint16(hdr[len(hdr)-2:], uint16(r.dataLen))
		}
		if needsBackup {
			hdr = append(hdr, imgHdr[:]...)
		}
		if !sameRel {
			hdr = le.AppendUint32(hdr, r.rel.Spc)
			hdr = le.AppendUint32(hdr, r.rel.DB)
			hdr = le.AppendUint32(hdr, r.rel.Rel)
		}
		hdr = le.AppendUint32(hdr, uint32(r.block))
	}
	if b.mainLen > 0 {
		if b.mainLen > 255 {
			hdr = append(hdr, XLRBlockIDDataLong)
			hdr = le.AppendUint32(hdr, uint32(b.mainLen))
		} else {
			hdr = append(hdr, XLRBlockIDDataShort, uint8(b.mainLen))
		}
		a.chunks = append(a.chunks, b.main...)
		total += uint64(b.mainLen)
	}
	total += uint64(len(hdr))
	if total > MaxRecordSize {
		return pgerr.Newf(pgerr.ProgramLimitExceeded, "oversized WAL record").
			WithDetail("WAL record would be %d bytes (of maximum %d bytes); rmid %d flags %d.", total, MaxRecordSize, b.rmid, b.info)
	}

	le.PutUint32(hdr[0:], uint32(total))
	le.PutUint32(hdr[4:], b.xid)
	le.PutUint64(hdr[8:], 0) // xl_prev, set once the record is positioned
	hdr[16] = b.info
	hdr[17] = uint8(b.rmid)
	hdr[18], hdr[19] = 0, 0
	le.PutUint32(hdr[20:], 0)

	crc := crc32.Update(0, crcTable, hdr[RecordHeaderSize:])
	for _, c := range a.chunks {
		crc = crc32.Update(crc, crcTable, c)
	}
	a.hdr, a.totLen, a.crc = hdr, uint32(total), crc
	return nil
}

// finish sets xl_prev and xl_crc: the CRC runs over the payload and then
// over the header up to xl_crc, as XLogInsertRecord computes it.
func (a *assembled) finish(prev LSN) {
	binary.LittleEndian.PutUint64(a.hdr[8:], uint64(prev))
	crc := crc32.Update(a.crc, crcTable, a.hdr[:recordCRCOffset])
	binary.LittleEndian.PutUint32(a.hdr[recordCRCOffset:], crc)
}

// pageHeaderDataSize is SizeOfPageHeaderData of a relation page: a hole
// can only start after it.
const pageHeaderDataSize = 24

// recordBytes returns the whole record as one slice (for Bootstrap and
// tests; the insertion path copies the pieces directly).
func (a *assembled) recordBytes() []byte {
	out := make([]byte, 0, a.totLen)
	out = append(out, a.hdr...)
	for _, c := range a.chunks {
		out = append(out, c...)
	}
	return out
}
