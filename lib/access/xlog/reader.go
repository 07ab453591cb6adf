// Reading WAL records back from the segment files (XLogReadRecord,
// XLogDecodeNextRecord, ValidXLogRecordHeader and ValidXLogRecord of
// xlogreader.c, with XLogPageRead's file access). The Reader is private
// to its caller and touches no shared memory, so it serves recovery,
// tests and tools alike.

package xlog

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"

	"github.com/gpostgres/gpostgres/lib/datadir"
	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// ErrEndOfWAL is matched (errors.Is) by every error that means "no valid
// record here": zeros, a bad CRC, a torn record, a broken prev-link, a
// missing segment. Recovery treats it as the end of the log.
var ErrEndOfWAL = errors.New("end of valid WAL")

// InvalidRecordError reports where and why valid WAL ends. Message is
// PostgreSQL's text, e.g. "invalid record length at 0/1500A90: wanted 24,
// got 0".
type InvalidRecordError struct {
	LSN            LSN // the record the reader tried to read
	Message        string
	MissingSegment bool // the segment file does not exist
}

func (e *InvalidRecordError) Error() string { return e.Message }

// Is makes errors.Is(err, ErrEndOfWAL) true.
func (e *InvalidRecordError) Is(target error) bool { return target == ErrEndOfWAL }

// ReaderOptions configure a Reader.
type ReaderOptions struct {
	// SystemID is the expected xlp_sysid of long page headers; 0 accepts
	// the first one seen and then insists on it.
	SystemID uint64
	// Timeline names the segment files to read (1 when 0).
	Timeline uint32
}

// Reader returns the records of a WAL directory one at a time.
type Reader struct {
	dir   string
	sysid uint64
	tli   uint32

	next       LSN // where the next record starts
	prev       LSN // start of the last record returned (for xl_prev)
	randAccess bool
	lastEnd    LSN // EndRecPtr of the last record returned

	segFile *os.File
	segNo   uint64
	segOK   bool // the open segment's first page was validated
	page    []byte
	pageAt  LSN // address of the page in page, or 1 when none
}

// NewReader returns a reader of the segments in walDir that will start at
// start, which must be the start of a record (or of a page, when the page
// begins with a record).
func NewReader(walDir string, start LSN, opts ReaderOptions) *Reader {
	r := &Reader{dir: walDir, sysid: opts.SystemID, tli: opts.Timeline, page: make([]byte, PageSize), pageAt: 1}
	if r.tli == 0 {
		r.tli = 1
	}
	r.Seek(start)
	return r
}

// Seek makes the next ReadRecord read the record at lsn. Its prev-link can
// then only be checked for being below lsn.
func (r *Reader) Seek(lsn LSN) {
	r.next = lsn
	r.prev = 0
	r.randAccess = true
}

// Close releases the open segment file.
func (r *Reader) Close() error {
	if r.segFile != nil {
		err := r.segFile.Close()
		r.segFile = nil
		return err
	}
	return nil
}

// EndLSN is the end of the last record returned (EndRecPtr): where the
// next one starts and where insertion continues after recovery.
func (r *Reader) EndLSN() LSN { return r.lastEnd }

// LastLSN is the start of the last record returned (ReadRecPtr).
func (r *Reader) LastLSN() LSN { return r.prev }

func (r *Reader) invalid(lsn LSN, format string, args ...any) error {
	return &InvalidRecordError{LSN: lsn, Message: decodeErrorf(format, args...).Error()}
}

// readPage loads and validates the page at addr.
func (r *Reader) readPage(addr LSN, recPtr LSN) error {
	if r.pageAt == addr {
		return nil
	}
	segno := SegNo(addr)
	if r.segFile == nil || r.segNo != segno {
		r.Close()
		name := FileName(r.tli, segno)
		f, err := os.Open(filepath.Join(r.dir, name))
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return &InvalidRecordError{LSN: recPtr, MissingSegment: true,
					Message: "could not open file \"" + filepath.Join(datadir.WALDir, name) + "\": " + datadir.Strerror(err)}
			}
			return pgerr.Newf(pgerr.CodeForFileAccess(err), "could not open file \"%s\": %s", filepath.Join(datadir.WALDir, name), datadir.Strerror(err))
		}
		r.segFile, r.segNo, r.segOK = f, segno, false
		r.pageAt = 1
	}
	if !r.segOK && segOffset(addr) != 0 {
		// Check the segment's long header before trusting any page of it.
		if err := r.loadPage(SegmentStart(segno), recPtr); err != nil {
			return err
		}
	}
	if err := r.loadPage(addr, recPtr); err != nil {
		return err
	}
	return nil
}

func (r *Reader) loadPage(addr LSN, recPtr LSN) error {
	r.pageAt = 1
	n, err := r.segFile.ReadAt(r.page, int64(segOffset(addr)))
	if err != nil && !(errors.Is(err, io.EOF) && n == PageSize) {
		if errors.Is(err, io.EOF) {
			return r.invalid(recPtr, "could not read from log segment %s, offset %d: read %d of %d",
				FileName(r.tli, SegNo(addr)), segOffset(addr), n, PageSize)
		}
		return pgerr.Newf(pgerr.CodeForFileAccess(err), "could not read from log segment %s, offset %d: %s",
			FileName(r.tli, SegNo(addr)), segOffset(addr), datadir.Strerror(err))
	}
	if err := validatePageHeader(r.page, addr, r.tli, r.sysid); err != nil {
		return &InvalidRecordError{LSN: recPtr, Message: err.Error()}
	}
	if segOffset(addr) == 0 {
		if r.sysid == 0 {
			r.sysid = binary.LittleEndian.Uint64(r.page[24:])
		}
		r.segOK = true
	}
	r.pageAt = addr
	return nil
}

// ReadRecord returns the next record. At the end of valid WAL the error
// matches ErrEndOfWAL (and is an *InvalidRecordError); other errors are
// I/O failures. The record's slices stay valid after later calls.
func (r *Reader) ReadRecord() (*DecodedRecord, error) {
	recPtr := r.next
	randAccess := r.randAccess
	if recPtr == 0 {
		return nil, r.invalid(0, "invalid record offset at %s", recPtr)
	}
	pageAddr := pageStart(recPtr)
	if err := r.readPage(pageAddr, recPtr); err != nil {
		return nil, err
	}
	ph := ParsePageHeader(r.page)
	hdrSize := ph.Size()
	off := int(recPtr - pageAddr)
	if off == 0 {
		recPtr += LSN(hdrSize)
		off = hdrSize
	} else if off < hdrSize {
		return nil, r.invalid(recPtr, "invalid record offset at %s", recPtr)
	}
	if ph.Info&XLPFirstIsContRecord != 0 && off == hdrSize {
		return nil, r.invalid(recPtr, "contrecord is requested by %s", recPtr)
	}

	avail := PageSize - off
	totLen := binary.LittleEndian.Uint32(r.page[off:])
	gotHeader := false
	if avail >= RecordHeaderSize {
		if err := r.validHeader(r.page[off:off+RecordHeaderSize], recPtr, randAccess); err != nil {
			return nil, err
		}
		gotHeader = true
	} else if totLen < RecordHeaderSize {
		return nil, r.invalid(recPtr, "invalid record length at %s: wanted %d, got %d", recPtr, RecordHeaderSize, totLen)
	}
	if totLen > MaxRecordSize {
		return nil, r.invalid(recPtr, "record length %d at %s too long", totLen, recPtr)
	}

	var raw []byte
	var end LSN
	if int(totLen) <= avail {
		raw = make([]byte, totLen)
		copy(raw, r.page[off:])
		end = recPtr + LSN(maxAlignUp(uint64(totLen)))
	} else {
		// Grow with the pages actually read: a garbage xl_tot_len must
		// not make us allocate a gigabyte.
		raw = make([]byte, 0, min(totLen, 64<<10))
		raw = append(raw, r.page[off:]...)
		for uint32(len(raw)) < totLen {
			pageAddr += PageSize
			if err := r.readPage(pageAddr, recPtr); err != nil {
				return nil, err
			}
			ph = ParsePageHeader(r.page)
			if ph.Info&XLPFirstIsContRecord == 0 {
				return nil, r.invalid(recPtr, "there is no contrecord flag at %s", recPtr)
			}
			want := totLen - uint32(len(raw))
			if ph.RemLen == 0 || ph.RemLen != want {
				return nil, r.invalid(recPtr, "invalid contrecord length %d (expected %d) at %s", ph.RemLen, want, recPtr)
			}
			hs := ph.Size()
			n := min(int(want), PageSize-hs)
			raw = append(raw, r.page[hs:hs+n]...)
			if !gotHeader && len(raw) >= RecordHeaderSize {
				if err := r.validHeader(raw[:RecordHeaderSize], recPtr, randAccess); err != nil {
					return nil, err
				}
				gotHeader = true
			}
			if uint32(len(raw)) == totLen {
				end = pageAddr + LSN(hs) + LSN(maxAlignUp(uint64(ph.RemLen)))
			}
		}
	}
	// ValidXLogRecord: the CRC covers the payload, then the header up to
	// xl_crc.
	crc := crc32.Update(0, crcTable, raw[RecordHeaderSize:])
	crc = crc32.Update(crc, crcTable, raw[:recordCRCOffset])
	if crc != binary.LittleEndian.Uint32(raw[recordCRCOffset:]) {
		return nil, r.invalid(recPtr, "incorrect resource manager data checksum in record at %s", recPtr)
	}
	rec, err := decodeRecord(raw, recPtr)
	if err != nil {
		return nil, &InvalidRecordError{LSN: recPtr, Message: err.Error()}
	}
	rec.EndLSN = end
	r.prev = recPtr
	r.lastEnd = end
	r.randAccess = false
	r.next = end
	if rec.Header.Rmid == RmgrXLOG && rec.Header.Info&XLRRmgrInfoMask == InfoSwitch {
		// The rest of the segment is padding.
		r.next = SegmentStart(SegNo(end-1) + 1)
		r.lastEnd = r.next
		rec.EndLSN = r.next
	}
	return rec, nil
}

// validHeader is ValidXLogRecordHeader.
func (r *Reader) validHeader(b []byte, recPtr LSN, randAccess bool) error {
	h := parseHeader(b)
	if h.TotLen < RecordHeaderSize {
		return r.invalid(recPtr, "invalid record length at %s: wanted %d, got %d", recPtr, RecordHeaderSize, h.TotLen)
	}
	if !validRmgrID(h.Rmid) {
		return r.invalid(recPtr, "invalid resource manager ID %d at %s", h.Rmid, recPtr)
	}
	if randAccess {
		// The prev-link cannot be checked exactly, but it must point back.
		if !(h.Prev < recPtr) {
			return r.invalid(recPtr, "record with incorrect prev-link %s at %s", h.Prev, recPtr)
		}
	} else if h.Prev != r.prev {
		return r.invalid(recPtr, "record with incorrect prev-link %s at %s", h.Prev, recPtr)
	}
	return nil
}

// pageBytes returns the validated page at addr (for recovery's copy of the
// last, partly filled page).
func (r *Reader) pageBytes(addr LSN) ([]byte, error) {
	if err := r.readPage(addr, addr); err != nil {
		return nil, err
	}
	out := make([]byte, PageSize)
	copy(out, r.page)
	return out, nil
}
