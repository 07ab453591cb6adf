// pg_serial: for each serializable transaction summarized out of the
// predicate lock manager's table, the commit sequence number of the
// earliest transaction it had an rw-conflict out to (PostgreSQL 15's
// SerialAdd and SerialGetMinConflictCommitSeqNo in predicate.c, on the
// generic SLRU). Only transactions that overlap a running serializable
// transaction are ever asked about, so nothing is WAL-logged or fsynced:
// the directory is emptied when shared memory is created, the range of
// valid entries follows the oldest xmin of the running serializable
// transactions (SetActiveXmin), and checkpoints remove the pages before
// it (CheckPoint).

package transam

import (
	"encoding/binary"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"unsafe"

	"github.com/gpostgres/gpostgres/lib/config"
	"github.com/gpostgres/gpostgres/lib/datadir"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/shmem"
)

const (
	serialRegion        = "pg_serial"
	serialControlRegion = "pg_serial control"
	// serialBuffers is NUM_SERIAL_BUFFERS.
	serialBuffers = 16
	// serialEntriesPerPage: one 8-byte sequence number per xid.
	serialEntriesPerPage = slruPageSize / 8
	// serialMaxPage is the page of the largest xid: pages wrap around
	// with the xids.
	serialMaxPage = int32(MaxTransactionId / serialEntriesPerPage)
)

// SerialNoConflict is stored for a summarized transaction that had no
// rw-conflict out to a transaction committed before it (PostgreSQL's
// InvalidSerCommitSeqNo); 0 is what a transaction never summarized
// reads as.
const SerialNoConflict = ^uint64(0)

// serialControl is SerialControlData: the page holding headXid (-1 when
// the SLRU is not in use), and the range [tailXid, headXid] of xids whose
// entries are meaningful (both invalid when no serializable transaction
// runs). Guarded by the SLRU's control lock, held exclusive.
type serialControl struct {
	headPage         int32
	headXid, tailXid uint32
}

// Serial is one process's view of pg_serial.
type Serial struct {
	s   *slru
	ctl *serialControl
}

func serialPage(xid TransactionId) int32 { return int32(uint32(xid) / serialEntriesPerPage) }
func serialEntry(xid TransactionId) int  { return int(uint32(xid)%serialEntriesPerPage) * 8 }

func serialNextPage(p int32) int32 {
	if p >= serialMaxPage {
		return 0
	}
	return p + 1
}

// serialPagePrecedes orders pages the way their xids compare
// (SerialPagePrecedesLogically).
func serialPagePrecedes(a, b int32) bool {
	xa := TransactionId(uint32(a)*serialEntriesPerPage) + FirstNormalTransactionId + 1
	xb := TransactionId(uint32(b)*serialEntriesPerPage) + FirstNormalTransactionId + 1
	return TransactionIdPrecedes(xa, xb) && TransactionIdPrecedes(xa, xb+serialEntriesPerPage-1)
}

// SerialShmemSize is the shared memory pg_serial needs, alignment
// included.
func SerialShmemSize() int {
	return slruSize(serialBuffers, 0) + int(alignUp(unsafe.Sizeof(serialControl{}))) + 2*64
}

// CreateSerial allocates pg_serial's buffers (postmaster only) and
// empties its directory under data_directory: entries of a previous
// server life describe no running transaction. An empty data_directory
// (tests) keeps the directory relative to the working directory, which
// is only touched if pages are written out.
func CreateSerial(seg *shmem.Segment, s *config.Settings) (*Serial, error) {
	dir := filepath.Join(s.String("data_directory"), "pg_serial")
	if len(dir) >= maxDirLen {
		return nil, errors.New("data directory path is too long")
	}
	b, err := seg.Alloc(serialRegion, slruSize(serialBuffers, 0))
	if err != nil {
		return nil, err
	}
	initSlru(b, serialBuffers, 0, dir)
	cb, err := seg.Alloc(serialControlRegion, int(alignUp(unsafe.Sizeof(serialControl{}))))
	if err != nil {
		return nil, err
	}
	c := shmem.At[serialControl](cb, 0)
	*c = serialControl{headPage: -1}
	if s.String("data_directory") != "" {
		if err := resetSerialDir(dir); err != nil {
			return nil, err
		}
	}
	return attachSerial(b, cb), nil
}

// resetSerialDir removes the segment files a previous server life left.
func resetSerialDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return pgerr.Wrap(nil, pgerr.CodeForFileAccess(err), "could not create directory \"%s\": %s", dir, datadir.Strerror(err))
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return pgerr.Wrap(nil, pgerr.CodeForFileAccess(err), "could not open directory \"%s\": %s", dir, datadir.Strerror(err))
	}
	for _, ent := range entries {
		if _, ok := parseSegmentName(ent.Name()); !ok {
			continue
		}
		path := filepath.Join(dir, ent.Name())
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return pgerr.Wrap(nil, pgerr.CodeForFileAccess(err), "could not remove file \"%s\": %s", path, datadir.Strerror(err))
		}
	}
	return nil
}

// AttachSerial finds the regions CreateSerial made.
func AttachSerial(seg *shmem.Segment) *Serial {
	return attachSerial(seg.MustLookup(serialRegion), seg.MustLookup(serialControlRegion))
}

func attachSerial(b, cb []byte) *Serial {
	s := attachSlru(b, "Serial", serialPagePrecedes)
	s.noSync = true
	return &Serial{s: s, ctl: shmem.At[serialControl](cb, 0)}
}

// Add records minConflict (a commit sequence number, or
// SerialNoConflict) for xid, a transaction being summarized (SerialAdd).
// Pages entering the range from the tail to xid are zeroed first.
func (sr *Serial) Add(o *shmem.Owner, xid TransactionId, minConflict uint64) error {
	s, c := sr.s, sr.ctl
	target := serialPage(xid)
	s.hdr.ctl.Lock(o)
	defer s.hdr.ctl.Unlock(o)
	var firstZero int32
	var newPage bool
	switch {
	case c.headPage < 0 && TransactionId(c.tailXid).IsValid():
		firstZero, newPage = serialPage(TransactionId(c.tailXid)), true
	case c.headPage < 0:
		firstZero, newPage = target, true
	default:
		firstZero, newPage = serialNextPage(c.headPage), serialPagePrecedes(c.headPage, target)
	}
	if !TransactionId(c.headXid).IsValid() || TransactionIdFollows(xid, TransactionId(c.headXid)) {
		c.headXid = uint32(xid)
	}
	if !TransactionId(c.tailXid).IsValid() {
		// No running serializable transaction was announced: the
		// entry is valid from itself on.
		c.tailXid = uint32(xid)
	}
	var slot int
	var err error
	if newPage {
		c.headPage = target
		for ; firstZero != target; firstZero = serialNextPage(firstZero) {
			if _, err := s.zeroPage(o, firstZero); err != nil {
				return err
			}
		}
		slot, err = s.zeroPage(o, target)
	} else {
		slot, err = s.readPage(o, target, true, xid)
	}
	if err != nil {
		return err
	}
	binary.LittleEndian.PutUint64(s.page(slot)[serialEntry(xid):], minConflict)
	s.slots[slot].dirty = 1
	return nil
}

// MinConflictCommitSeqNo is what Add recorded for xid, or 0 when xid is
// outside the range of valid entries (never summarized, or older than
// every running serializable transaction) (SerialGetMinConflictCommitSeqNo).
func (sr *Serial) MinConflictCommitSeqNo(o *shmem.Owner, xid TransactionId) (uint64, error) {
	s, c := sr.s, sr.ctl
	s.hdr.ctl.Lock(o)
	defer s.hdr.ctl.Unlock(o)
	head, tail := TransactionId(c.headXid), TransactionId(c.tailXid)
	if !head.IsValid() || !tail.IsValid() || TransactionIdPrecedes(xid, tail) || TransactionIdFollows(xid, head) {
		return 0, nil
	}
	slot, err := s.readPage(o, serialPage(xid), true, xid)
	if err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint64(s.page(slot)[serialEntry(xid):]), nil
}

// SetActiveXmin moves the tail to xid, the oldest xmin of the running
// serializable transactions, or empties the range when xid is invalid
// (none runs) (SerialSetActiveSerXmin). The head page stays, so that a
// new tail landing on it does not zero it again.
func (sr *Serial) SetActiveXmin(o *shmem.Owner, xid TransactionId) {
	s, c := sr.s, sr.ctl
	s.hdr.ctl.Lock(o)
	defer s.hdr.ctl.Unlock(o)
	if !xid.IsValid() {
		c.tailXid, c.headXid = 0, 0
		return
	}
	c.tailXid = uint32(xid)
}

// CheckPoint removes the pages before the tail's, or all of them up to
// the head when no serializable transaction runs, and writes the dirty
// rest (CheckPointPredicate). The writes are not needed for correctness
// (nothing survives a restart); PostgreSQL makes them too.
func (sr *Serial) CheckPoint(o *shmem.Owner) error {
	s, c := sr.s, sr.ctl
	s.hdr.ctl.Lock(o)
	if c.headPage < 0 {
		s.hdr.ctl.Unlock(o)
		return nil
	}
	var cutoff int32
	if TransactionId(c.tailXid).IsValid() {
		cutoff = serialPage(TransactionId(c.tailXid))
	} else {
		cutoff = c.headPage
		c.headPage = -1
	}
	s.hdr.ctl.Unlock(o)
	if err := s.truncate(o, cutoff); err != nil {
		return err
	}
	return s.writeAll(o)
}

// SlruStats reads pg_serial's counters (pg_stat_slru's row Serial).
func (sr *Serial) SlruStats() SlruStats { return sr.s.statsSnapshot() }

// ResetSlruStats zeroes pg_serial's counters.
func (sr *Serial) ResetSlruStats() { sr.s.resetStats() }
