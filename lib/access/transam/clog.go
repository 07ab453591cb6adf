// The commit log, pg_xact: two status bits per transaction id in an SLRU
// (PostgreSQL 15's clog.c), with per-group LSNs for asynchronous commits.

package transam

import (
	"encoding/binary"
	"os"
	"slices"
	"sync/atomic"
	"time"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/shmem"
	"github.com/gpostgres/gpostgres/lib/storage"
)

// XidStatus is a transaction's state in the commit log.
type XidStatus uint8

// Commit log states (TRANSACTION_STATUS_*).
const (
	StatusInProgress   XidStatus = 0
	StatusCommitted    XidStatus = 1
	StatusAborted      XidStatus = 2
	StatusSubCommitted XidStatus = 3
)

func (s XidStatus) String() string {
	switch s {
	case StatusInProgress:
		return "in progress"
	case StatusCommitted:
		return "committed"
	case StatusAborted:
		return "aborted"
	}
	return "sub-committed"
}

// CLOG geometry (clog.c).
const (
	clogBitsPerXact   = 2
	clogXactsPerByte  = 4
	ClogXactsPerPage  = slruPageSize * clogXactsPerByte // 32768
	clogXactBitmask   = 1<<clogBitsPerXact - 1
	clogXactsPerGroup = 32 // CLOG_XACTS_PER_LSN_GROUP
	clogLSNsPerPage   = ClogXactsPerPage / clogXactsPerGroup
)

func xidToPage(xid TransactionId) int32   { return int32(uint32(xid) / ClogXactsPerPage) }
func xidToPgIndex(xid TransactionId) int  { return int(uint32(xid) % ClogXactsPerPage) }
func xidToByte(xid TransactionId) int     { return xidToPgIndex(xid) / clogXactsPerByte }
func xidToBIndex(xid TransactionId) uint  { return uint(uint32(xid) % clogXactsPerByte) }
func xidToLSNGroup(xid TransactionId) int { return xidToPgIndex(xid) / clogXactsPerGroup }

// clogPagePrecedes orders page numbers the way their first xids compare
// (CLOGPagePrecedes).
func clogPagePrecedes(a, b int32) bool {
	xa := TransactionId(uint32(a)*ClogXactsPerPage) + FirstNormalTransactionId + 1
	xb := TransactionId(uint32(b)*ClogXactsPerPage) + FirstNormalTransactionId + 1
	return TransactionIdPrecedes(xa, xb) && TransactionIdPrecedes(xa, xb+ClogXactsPerPage-1)
}

// TransactionIdGetStatus reads xid's status from the commit log, with the
// LSN of its group: a committed status whose LSN is not yet flushed came
// from an asynchronous commit, and hint bits must not be set for it until
// WAL is flushed that far (PostgreSQL's rule). Special xids are not
// interpreted here; see TransactionIdDidCommit.
func (m *Manager) TransactionIdGetStatus(o *shmem.Owner, xid TransactionId) (XidStatus, storage.LSN, error) {
	s := m.clog
	pageno := xidToPage(xid)
	s.hdr.ctl.RLock(o)
	if slot := s.findValid(pageno); slot >= 0 {
		s.count(SlruBlksHit)
		st, lsn := m.readStatus(slot, xid)
		s.recentlyUsed(slot)
		s.hdr.ctl.RUnlock(o)
		return st, lsn, nil
	}
	s.hdr.ctl.RUnlock(o)
	s.hdr.ctl.Lock(o)
	defer s.hdr.ctl.Unlock(o)
	slot, err := s.readPage(o, pageno, true, xid)
	if err != nil {
		return 0, 0, err
	}
	st, lsn := m.readStatus(slot, xid)
	return st, lsn, nil
}

func (m *Manager) readStatus(slot int, xid TransactionId) (XidStatus, storage.LSN) {
	b := m.clog.page(slot)[xidToByte(xid)]
	st := XidStatus(b >> (xidToBIndex(xid) * clogBitsPerXact) & clogXactBitmask)
	lsn := atomic.LoadUint64(&m.clog.groupLSNs(slot)[xidToLSNGroup(xid)])
	return st, storage.LSN(lsn)
}

// TransactionIdSetStatus records xid's final (or sub-committed) status.
// lsn is the commit record's end for an asynchronous commit (0 when the
// record is already flushed): the page is not written before WAL is
// flushed past it, and TransactionIdGetStatus reports it to hint-bit
// setters. Changing a committed transaction to aborted or the reverse is
// refused outside recovery.
func (m *Manager) TransactionIdSetStatus(o *shmem.Owner, xid TransactionId, status XidStatus, lsn storage.LSN) error {
	return m.setPageStatus(o, xidToPage(xid), xid, nil, status, lsn)
}

// setStatusBit changes one xid's status in the buffer at slot. Called
// with the control lock held exclusive.
func (m *Manager) setStatusBit(slot int, xid TransactionId, status XidStatus, lsn storage.LSN) error {
	s := m.clog
	p := &s.page(slot)[xidToByte(xid)]
	shift := xidToBIndex(xid) * clogBitsPerXact
	cur := XidStatus(*p >> shift & clogXactBitmask)
	if m.inRecovery && status == StatusSubCommitted && cur == StatusCommitted {
		return nil
	}
	if !m.inRecovery && !(cur == StatusInProgress || (cur == StatusSubCommitted && status != StatusInProgress) || cur == status) {
		return pgerr.Newf(pgerr.InternalError, "cannot mark transaction %d %s, it is already %s", uint32(xid), status, cur)
	}
	*p = *p&^(clogXactBitmask<<shift) | byte(status)<<shift
	if lsn != 0 {
		g := &s.groupLSNs(slot)[xidToLSNGroup(xid)]
		if atomic.LoadUint64(g) < uint64(lsn) {
			atomic.StoreUint64(g, uint64(lsn))
		}
	}
	s.slots[slot].dirty = 1
	return nil
}

// setPageStatus sets the status of xid (if valid) and of subs, all on
// page pageno, under one hold of the control lock
// (TransactionIdSetPageStatus): for a commit the subtransactions on the
// page are marked sub-committed before xid is marked committed, so that a
// torn page write cannot show a committed top with uncommitted children.
func (m *Manager) setPageStatus(o *shmem.Owner, pageno int32, xid TransactionId, subs []TransactionId, status XidStatus, lsn storage.LSN) error {
	s := m.clog
	s.hdr.ctl.Lock(o)
	defer s.hdr.ctl.Unlock(o)
	named := xid
	if !named.IsValid() && len(subs) > 0 {
		named = subs[0]
	}
	slot, err := s.readPage(o, pageno, true, named)
	if err != nil {
		return err
	}
	if xid.IsValid() {
		if status == StatusCommitted {
			for _, sub := range subs {
				if err := m.setStatusBit(slot, sub, StatusSubCommitted, lsn); err != nil {
					return err
				}
			}
		}
		if err := m.setStatusBit(slot, xid, status, lsn); err != nil {
			return err
		}
	}
	for _, sub := range subs {
		if err := m.setStatusBit(slot, sub, status, lsn); err != nil {
			return err
		}
	}
	return nil
}

// setTreeStatus records the final status of a transaction and its
// (committed) subtransactions (TransactionIdSetTreeStatus). When they all
// share xid's clog page it is one atomic change of that page. Otherwise,
// for a commit, the subtransactions on other pages are first marked
// sub-committed, then xid and the subtransactions on its page are set,
// then the other pages: a reader never sees a child committed while its
// top-level transaction is not, and a sub-committed child resolves
// through pg_subtrans to its parent (TransactionIdDidCommit).
func (m *Manager) setTreeStatus(o *shmem.Owner, xid TransactionId, subxids []TransactionId, status XidStatus, lsn storage.LSN) error {
	pageno := xidToPage(xid)
	var same, other []TransactionId
	for _, sub := range subxids {
		if xidToPage(sub) == pageno {
			same = append(same, sub)
		} else {
			other = append(other, sub)
		}
	}
	if len(other) == 0 {
		return m.setPageStatus(o, pageno, xid, same, status, lsn)
	}
	slices.SortFunc(other, func(a, b TransactionId) int { return int(xidToPage(a)) - int(xidToPage(b)) })
	byPage := func(st XidStatus) error {
		for i := 0; i < len(other); {
			j := i + 1
			for j < len(other) && xidToPage(other[j]) == xidToPage(other[i]) {
				j++
			}
			if err := m.setPageStatus(o, xidToPage(other[i]), InvalidTransactionId, other[i:j], st, lsn); err != nil {
				return err
			}
			i = j
		}
		return nil
	}
	if status == StatusCommitted {
		if err := byPage(StatusSubCommitted); err != nil {
			return err
		}
	}
	if err := m.setPageStatus(o, pageno, xid, same, status, lsn); err != nil {
		return err
	}
	return byPage(status)
}

// extendCLOG zeroes a new clog page when xid is its first id, logging
// CLOG_ZEROPAGE. Called with XidGenLock held, before nextXid passes xid.
func (m *Manager) extendCLOG(o *shmem.Owner, xid TransactionId) error {
	if xidToPgIndex(xid) != 0 && xid != FirstNormalTransactionId {
		return nil
	}
	pageno := xidToPage(xid)
	s := m.clog
	s.hdr.ctl.Lock(o)
	defer s.hdr.ctl.Unlock(o)
	if _, err := s.zeroPage(o, pageno); err != nil {
		return err
	}
	if m.wal != nil {
		if _, err := m.wal.Insert(RmgrCLOG, CLOGZeroPage, 0, le32(uint32(pageno))); err != nil {
			return err
		}
	}
	return nil
}

// ZeroCLOGPageFor creates the commit log page holding xid, WAL-logged,
// for a counter moved forward by hand (pg_resetwal -x leaves this to the
// administrator; the test hook does it).
func (m *Manager) ZeroCLOGPageFor(o *shmem.Owner, xid TransactionId) error {
	pageno := xidToPage(xid)
	s := m.clog
	s.hdr.ctl.Lock(o)
	defer s.hdr.ctl.Unlock(o)
	if _, err := s.zeroPage(o, pageno); err != nil {
		return err
	}
	if m.wal != nil {
		if _, err := m.wal.Insert(RmgrCLOG, CLOGZeroPage, 0, le32(uint32(pageno))); err != nil {
			return err
		}
	}
	return nil
}

// BootStrapCLOG creates pg_xact and its first page on disk, for
// gpinitdb (PostgreSQL's BootStrapCLOG).
func (m *Manager) BootStrapCLOG(o *shmem.Owner) error {
	if err := os.MkdirAll(m.clog.dir, 0o700); err != nil {
		return pgerr.Newf(pgerr.CodeForFileAccess(err), "could not create directory \"%s\": %s", m.clog.dir, err)
	}
	s := m.clog
	s.hdr.ctl.Lock(o)
	defer s.hdr.ctl.Unlock(o)
	slot, err := s.zeroPage(o, 0)
	if err != nil {
		return err
	}
	return s.writePage(o, slot, InvalidTransactionId)
}

// StartupCLOG sets the latest page from nextXid, at the start of recovery
// or of normal running.
func (m *Manager) StartupCLOG(o *shmem.Owner) {
	xid := m.ReadNextFullTransactionId().Xid()
	m.clog.hdr.ctl.Lock(o)
	m.clog.hdr.latestPage = xidToPage(xid)
	m.clog.hdr.ctl.Unlock(o)
}

// TrimCLOG zeroes the statuses of the current page's ids from nextXid on,
// at the end of recovery: a previous life may have recorded statuses (an
// abort, a dead backend's cleanup) for ids that recovery will hand out
// again, because neither writes a flushed WAL record.
func (m *Manager) TrimCLOG(o *shmem.Owner) error {
	xid := m.ReadNextFullTransactionId().Xid()
	pageno := xidToPage(xid)
	s := m.clog
	s.hdr.ctl.Lock(o)
	defer s.hdr.ctl.Unlock(o)
	s.hdr.latestPage = pageno
	if xidToPgIndex(xid) == 0 {
		return nil
	}
	slot, err := s.readPage(o, pageno, false, xid)
	if err != nil {
		return err
	}
	page := s.page(slot)
	b := xidToByte(xid)
	page[b] &= byte(1)<<(xidToBIndex(xid)*clogBitsPerXact) - 1
	clear(page[b+1:])
	s.slots[slot].dirty = 1
	return nil
}

// CheckPointCLOG writes every dirty clog page and fsyncs the segment files
// written since the previous checkpoint, and pg_xact itself. The
// checkpointer calls it before writing the checkpoint record.
//
// The caller has taken the checkpoint's redo point. Commits whose record
// may lie before it but which have not yet set their status are waited
// for first (PostgreSQL's wait for DELAY_CHKPT_START), so the pages written
// hold every commit recovery will not replay. Only commits in flight now
// are waited for: new ones cannot starve the checkpoint, and a process
// that dies in the window is inside a critical section, which makes the
// postmaster reinitialize shared memory.
func (m *Manager) CheckPointCLOG(o *shmem.Owner) error {
	m.waitForCommitsInFlight()
	return m.clog.writeAll(o)
}

func (m *Manager) waitForCommitsInFlight() {
	type inFlight struct {
		pe   *procXact
		done uint32
	}
	var waiting []inFlight
	for i := range m.procs {
		pe := &m.procs[i]
		done := atomic.LoadUint32(&pe.delayCkptDone)
		if atomic.LoadUint32(&pe.delayCkpt) != 0 {
			waiting = append(waiting, inFlight{pe, done})
		}
	}
	for _, w := range waiting {
		for atomic.LoadUint32(&w.pe.delayCkpt) != 0 && atomic.LoadUint32(&w.pe.delayCkptDone) == w.done {
			time.Sleep(100 * time.Microsecond)
		}
	}
}

// RedoCLOG replays a CLOG record: CLOG_ZEROPAGE zeroes the page and writes
// it at once, as PostgreSQL does; CLOG_TRUNCATE removes the segments
// before its page again (clog_truncate.go).
func (m *Manager) RedoCLOG(o *shmem.Owner, info uint8, data []byte) error {
	switch info & 0xF0 {
	case CLOGZeroPage:
		if len(data) < 4 {
			return pgerr.Newf(pgerr.DataCorrupted, "clog zeropage record too short")
		}
		pageno := int32(binary.LittleEndian.Uint32(data))
		s := m.clog
		s.hdr.ctl.Lock(o)
		defer s.hdr.ctl.Unlock(o)
		slot, err := s.zeroPage(o, pageno)
		if err != nil {
			return err
		}
		return s.writePage(o, slot, InvalidTransactionId)
	case CLOGTruncate:
		return m.redoCLOGTruncate(o, data)
	}
	return pgerr.Newf(pgerr.InternalError, "clog_redo: unknown op code %d", info)
}
