// pg_subtrans: the parent of every subtransaction id, four bytes per
// xid in an SLRU (PostgreSQL 15's subtrans.c). Top-level transactions have
// parent InvalidTransactionId. Only the parents of transactions that are
// still running are ever needed, so nothing is WAL-logged or fsynced:
// at startup the current pages are zeroed (StartupSUBTRANS) and at each
// checkpoint the pages before the oldest xmin are removed
// (TruncateSUBTRANS).

package transam

import (
	"encoding/binary"
	"os"
	"sync/atomic"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/shmem"
)

// pg_subtrans geometry and size (subtrans.c).
const (
	// SubtransXactsPerPage is the number of parent entries on an 8 kB page.
	SubtransXactsPerPage = slruPageSize / 4 // 2048
	// SubtransBuffers is the number of page buffers (NUM_SUBTRANS_BUFFERS).
	SubtransBuffers = 32
)

func subtransPage(xid TransactionId) int32 { return int32(uint32(xid) / SubtransXactsPerPage) }
func subtransEntry(xid TransactionId) int  { return int(uint32(xid) % SubtransXactsPerPage) }

// subtransPagePrecedes orders page numbers the way their xids compare
// (SubTransPagePrecedes).
func subtransPagePrecedes(a, b int32) bool {
	xa := TransactionId(uint32(a)*SubtransXactsPerPage) + FirstNormalTransactionId + 1
	xb := TransactionId(uint32(b)*SubtransXactsPerPage) + FirstNormalTransactionId + 1
	return TransactionIdPrecedes(xa, xb) && TransactionIdPrecedes(xa, xb+SubtransXactsPerPage-1)
}

// subtransHorizon is the oldest xid whose pg_subtrans entry is kept: set
// by StartupSUBTRANS and raised by TruncateSUBTRANS. Entries before it may
// be gone; SubTransGetParent answers InvalidTransactionId for them.
func (m *Manager) subtransHorizon() TransactionId {
	return TransactionId(atomic.LoadUint32(&m.vars.subtransOldest))
}

// extendSUBTRANS zeroes a new pg_subtrans page when xid is its first id
// (ExtendSUBTRANS). Called with XidGenLock held, before nextXid passes xid,
// for every xid assigned. Not WAL-logged.
func (m *Manager) extendSUBTRANS(o *shmem.Owner, xid TransactionId) error {
	if subtransEntry(xid) != 0 && xid != FirstNormalTransactionId {
		return nil
	}
	s := m.subtrans
	s.hdr.ctl.Lock(o)
	defer s.hdr.ctl.Unlock(o)
	_, err := s.zeroPage(o, subtransPage(xid))
	return err
}

// subTransSetParent records parent as xid's parent (SubTransSetParent).
// The page exists: xid was assigned after the page was extended.
func (m *Manager) subTransSetParent(o *shmem.Owner, xid, parent TransactionId) error {
	s := m.subtrans
	s.hdr.ctl.Lock(o)
	defer s.hdr.ctl.Unlock(o)
	slot, err := s.readPage(o, subtransPage(xid), true, xid)
	if err != nil {
		return err
	}
	p := s.page(slot)[subtransEntry(xid)*4:]
	if TransactionId(binary.LittleEndian.Uint32(p)) != parent {
		binary.LittleEndian.PutUint32(p, uint32(parent))
		s.slots[slot].dirty = 1
	}
	return nil
}

// SubTransGetParent returns xid's parent: InvalidTransactionId for a
// top-level transaction, for a special id, and for an xid older than what
// pg_subtrans still keeps (older than the oldest xmin at the last
// checkpoint, or than nextXid at startup). The question only makes sense
// for transactions that may still be running.
func (m *Manager) SubTransGetParent(o *shmem.Owner, xid TransactionId) (TransactionId, error) {
	if !xid.IsNormal() || TransactionIdPrecedes(xid, m.subtransHorizon()) {
		return InvalidTransactionId, nil
	}
	s := m.subtrans
	pageno := subtransPage(xid)
	off := subtransEntry(xid) * 4
	s.hdr.ctl.RLock(o)
	if slot := s.findValid(pageno); slot >= 0 {
		s.count(SlruBlksHit)
		parent := TransactionId(binary.LittleEndian.Uint32(s.page(slot)[off:]))
		s.recentlyUsed(slot)
		s.hdr.ctl.RUnlock(o)
		return parent, nil
	}
	s.hdr.ctl.RUnlock(o)
	s.hdr.ctl.Lock(o)
	defer s.hdr.ctl.Unlock(o)
	slot, err := s.readPage(o, pageno, true, xid)
	if err != nil {
		return InvalidTransactionId, err
	}
	return TransactionId(binary.LittleEndian.Uint32(s.page(slot)[off:])), nil
}

// SubTransGetTopmostTransaction follows xid's parents to its top-level
// transaction (xid itself if it is one). The walk stops at an id older
// than what pg_subtrans keeps, which is then the answer.
func (m *Manager) SubTransGetTopmostTransaction(o *shmem.Owner, xid TransactionId) (TransactionId, error) {
	return m.topmost(o, xid, InvalidTransactionId)
}

// topmost is SubTransGetTopmostTransaction stopping at the first id that
// precedes floor (PostgreSQL stops at TransactionXmin): ids before it are
// known not to be running, so their parents do not matter.
func (m *Manager) topmost(o *shmem.Owner, xid, floor TransactionId) (TransactionId, error) {
	cur := xid
	for {
		if floor.IsValid() && TransactionIdPrecedes(cur, floor) {
			return cur, nil
		}
		parent, err := m.SubTransGetParent(o, cur)
		if err != nil {
			return InvalidTransactionId, err
		}
		if !parent.IsValid() {
			return cur, nil
		}
		// Parents are assigned before their children: anything else is
		// a corrupt entry that could loop forever.
		if !TransactionIdPrecedes(parent, cur) {
			return InvalidTransactionId, pgerr.Newf(pgerr.DataCorrupted, "pg_subtrans contains invalid entry: xid %d points to parent xid %d", uint32(cur), uint32(parent))
		}
		cur = parent
	}
}

// StartupSUBTRANS zeroes the pg_subtrans pages from oldestActiveXid's to
// nextXid's and makes the latter the latest page (StartupSUBTRANS). After
// a crash or restart no transaction of the previous life is running, so
// their parents are not needed. Without prepared transactions,
// oldestActiveXid is nextXid. Called after recovery, before any xid is
// assigned.
func (m *Manager) StartupSUBTRANS(o *shmem.Owner, oldestActiveXid TransactionId) error {
	next := m.ReadNextFullTransactionId().Xid()
	if !oldestActiveXid.IsNormal() || TransactionIdFollows(oldestActiveXid, next) {
		oldestActiveXid = next
	}
	if err := os.MkdirAll(m.subtrans.dir, 0o700); err != nil {
		return pgerr.Newf(pgerr.CodeForFileAccess(err), "could not create directory \"%s\": %s", m.subtrans.dir, err)
	}
	s := m.subtrans
	s.hdr.ctl.Lock(o)
	defer s.hdr.ctl.Unlock(o)
	last := subtransPage(MaxTransactionId)
	end := subtransPage(next)
	for p := subtransPage(oldestActiveXid); ; {
		if _, err := s.zeroPage(o, p); err != nil {
			return err
		}
		if p == end {
			break
		}
		if p++; p > last {
			p = 0
		}
	}
	atomic.StoreUint32(&m.vars.subtransOldest, uint32(oldestActiveXid))
	return nil
}

// CheckPointSUBTRANS writes the dirty pg_subtrans pages, without fsync:
// not for durability (nothing in it survives a restart) but so that
// backends rarely have to write pages themselves.
func (m *Manager) CheckPointSUBTRANS(o *shmem.Owner) error {
	return m.subtrans.writeAll(o)
}

// TruncateSUBTRANS removes the pg_subtrans segments wholly before
// oldestXact's page (TruncateSUBTRANS). oldestXact must be no newer than
// every running transaction's xid and every snapshot's xmin
// (GetOldestXmin): their subtransactions' parents are never asked about.
// The checkpointer calls it after the checkpoint, outside recovery.
func (m *Manager) TruncateSUBTRANS(o *shmem.Owner, oldestXact TransactionId) error {
	if !oldestXact.IsNormal() {
		return nil
	}
	// The horizon moves first, so nobody reads a page about to go.
	for {
		cur := atomic.LoadUint32(&m.vars.subtransOldest)
		if !TransactionIdPrecedes(TransactionId(cur), oldestXact) {
			break
		}
		if atomic.CompareAndSwapUint32(&m.vars.subtransOldest, cur, uint32(oldestXact)) {
			break
		}
	}
	// One id back, so that the cutoff page exists even when oldestXact is
	// nextXid and the first id of a page not yet created.
	return m.subtrans.truncate(o, subtransPage(TransactionIdRetreat(oldestXact)))
}
