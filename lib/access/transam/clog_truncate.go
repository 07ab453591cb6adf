// Truncation of the commit log (PostgreSQL 15's TruncateCLOG and the
// CLOG_TRUNCATE redo of clog.c) and the step of VACUUM that drives it
// and the multixact truncation (the end of vacuum.c's vac_truncate_clog):
// once every database's datfrozenxid has passed an xid, no row holds an
// unfrozen reference to an older one, so the pg_xact segments wholly
// before the oldest datfrozenxid's page can go. The segment holding that
// page stays. oldestClogXid, the oldest xid whose status is still kept,
// moves first, so that pg_xact_status (the only caller that may ask
// about arbitrary old ids) answers NULL instead of failing on a missing
// file; the CLOG_TRUNCATE record is flushed before any file is removed,
// and its redo repeats the removal.

package transam

import (
	"encoding/binary"
	"fmt"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/shmem"
)

// sizeOfCLOGTruncate is sizeof(xl_clog_truncate): pageno (int32),
// oldestXact, oldestXactDb.
const sizeOfCLOGTruncate = 12

// clogTruncate is xl_clog_truncate.
type clogTruncate struct {
	pageno     int32
	oldestXact TransactionId
	oldestDB   uint32
}

func (r clogTruncate) encode() []byte {
	b := make([]byte, sizeOfCLOGTruncate)
	binary.LittleEndian.PutUint32(b, uint32(r.pageno))
	binary.LittleEndian.PutUint32(b[4:], uint32(r.oldestXact))
	binary.LittleEndian.PutUint32(b[8:], r.oldestDB)
	return b
}

func decodeCLOGTruncate(b []byte) (clogTruncate, bool) {
	if len(b) < sizeOfCLOGTruncate {
		return clogTruncate{}, false
	}
	le := binary.LittleEndian
	return clogTruncate{pageno: int32(le.Uint32(b)), oldestXact: TransactionId(le.Uint32(b[4:])), oldestDB: le.Uint32(b[8:])}, true
}

// DescribeCLOG is clog_desc: what pg_waldump shows for a CLOG record.
func DescribeCLOG(info uint8, data []byte) string {
	switch info & 0xF0 {
	case CLOGZeroPage:
		if len(data) >= 4 {
			return fmt.Sprintf("page %d", int32(binary.LittleEndian.Uint32(data)))
		}
	case CLOGTruncate:
		if r, ok := decodeCLOGTruncate(data); ok {
			return fmt.Sprintf("page %d; oldestXact %d", r.pageno, uint32(r.oldestXact))
		}
	}
	return ""
}

// advanceOldestClogXid moves oldestClogXid forward to xid, the oldest
// datfrozenxid, in database db (AdvanceOldestClogXid), under
// XactTruncationLock exclusive: a pg_xact_status lookup holding it
// shared either finished before or sees the new value.
func (m *Manager) advanceOldestClogXid(o *shmem.Owner, xid TransactionId, db uint32) {
	if !xid.IsNormal() {
		return
	}
	v := m.vars
	v.xactTruncationLock.Lock(o)
	if cur := TransactionId(v.oldestClogXid); !cur.IsNormal() || TransactionIdPrecedes(cur, xid) {
		v.oldestClogXid, v.oldestClogXidDB = uint32(xid), db
	}
	v.xactTruncationLock.Unlock(o)
}

// SetOldestClogXid sets the oldest xid whose commit status is kept, and
// the database whose datfrozenxid it is, from the checkpoint recovery
// starts at (StartupXLOG's AdvanceOldestClogXid of checkPoint.oldestXid):
// replayed truncations move it on.
func (m *Manager) SetOldestClogXid(o *shmem.Owner, xid TransactionId, db uint32) {
	v := m.vars
	v.xactTruncationLock.Lock(o)
	v.oldestClogXid, v.oldestClogXidDB = uint32(xid), db
	v.xactTruncationLock.Unlock(o)
}

// OldestClogXid is the oldest xid whose commit status is kept and the
// database that set it. After recovery it may be newer than the
// checkpoint's oldest xid (a truncation was replayed): the wraparound
// limits start from the newer one, and so does the next checkpoint.
func (m *Manager) OldestClogXid(o *shmem.Owner) (TransactionId, uint32) {
	v := m.vars
	v.xactTruncationLock.RLock(o)
	defer v.xactTruncationLock.RUnlock(o)
	return TransactionId(v.oldestClogXid), v.oldestClogXidDB
}

// TruncateCLOG removes the pg_xact segments wholly before the page of
// oldestXact, the oldest datfrozenxid of all databases (db holds it)
// (TruncateCLOG). When no segment is that old nothing is logged. The
// caller guarantees that no row anywhere holds an unfrozen xid older
// than oldestXact and that no other truncation runs (WrapLimitsVacuumLock).
func (m *Manager) TruncateCLOG(o *shmem.Owner, oldestXact TransactionId, db uint32) error {
	if !oldestXact.IsNormal() {
		return nil
	}
	cutoff := xidToPage(oldestXact)
	found, err := m.clog.hasSegmentBefore(cutoff)
	if err != nil || !found {
		return err
	}
	m.advanceOldestClogXid(o, oldestXact, db)
	rec := clogTruncate{pageno: cutoff, oldestXact: oldestXact, oldestDB: db}
	if m.wal != nil {
		lsn, err := m.wal.Insert(RmgrCLOG, CLOGTruncate, 0, rec.encode())
		if err != nil {
			return err
		}
		// Durable before any file goes: after a crash, no commit status
		// older than the record's xid can have been lost without redo
		// knowing it.
		if err := m.wal.Flush(lsn); err != nil {
			return err
		}
	}
	return m.clog.truncate(o, cutoff)
}

// redoCLOGTruncate replays CLOG_TRUNCATE. In recovery the SLRU may not
// know its newest page yet: it is at least the cutoff page.
func (m *Manager) redoCLOGTruncate(o *shmem.Owner, data []byte) error {
	rec, ok := decodeCLOGTruncate(data)
	if !ok {
		return pgerr.New(pgerr.DataCorrupted, "clog truncate record too short")
	}
	m.advanceOldestClogXid(o, rec.oldestXact, rec.oldestDB)
	s := m.clog
	s.hdr.ctl.Lock(o)
	if s.pagePrecedes(s.hdr.latestPage, rec.pageno) {
		s.hdr.latestPage = rec.pageno
	}
	s.hdr.ctl.Unlock(o)
	return s.truncate(o, rec.pageno)
}

// FrozenLimits are the oldest datfrozenxid and datminmxid of all
// databases, the databases holding them, and the settings the
// wraparound limits derive from (autovacuum_freeze_max_age and
// autovacuum_multixact_freeze_max_age).
type FrozenLimits struct {
	OldestXid         TransactionId
	OldestXidDB       uint32
	OldestMulti       MultiXactId
	OldestMultiDB     uint32
	FreezeMaxAge      int64
	MultiFreezeMaxAge int64
}

// LockWrapLimits takes WrapLimitsVacuumLock: one VACUUM at a time reads
// the databases' datfrozenxid and datminmxid and truncates from them, so
// that a slower one cannot act on older values after a faster one.
func (m *Manager) LockWrapLimits(o *shmem.Owner) { m.vars.wrapLimitsVacuumLock.Lock(o) }

// UnlockWrapLimits releases WrapLimitsVacuumLock.
func (m *Manager) UnlockWrapLimits(o *shmem.Owner) { m.vars.wrapLimitsVacuumLock.Unlock(o) }

// TruncateFrozen is the end of vac_truncate_clog, with
// WrapLimitsVacuumLock held: pg_xact and pg_multixact lose what precedes
// the databases' oldest datfrozenxid and datminmxid, then the xid and
// multixact wraparound limits are set from them (only after the
// truncation, as PostgreSQL orders it). An invalid xid or multixact
// leaves that side alone.
func (m *Manager) TruncateFrozen(o *shmem.Owner, l FrozenLimits) error {
	if l.OldestXid.IsNormal() {
		if err := m.TruncateCLOG(o, l.OldestXid, l.OldestXidDB); err != nil {
			return err
		}
	}
	if l.OldestMulti.IsValid() {
		if err := m.TruncateMultiXact(o, l.OldestMulti, l.OldestMultiDB); err != nil {
			return err
		}
	}
	if l.OldestXid.IsNormal() {
		m.SetTransactionIdLimit(l.OldestXid, l.OldestXidDB, l.FreezeMaxAge)
	}
	if l.OldestMulti.IsValid() {
		m.SetMultiXactIdLimit(o, l.OldestMulti, l.OldestMultiDB, l.MultiFreezeMaxAge)
	}
	return nil
}
