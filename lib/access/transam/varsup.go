// Assignment of transaction ids and OIDs: PostgreSQL's varsup.c.

package transam

import (
	"encoding/binary"
	"sync/atomic"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/shmem"
	"github.com/gpostgres/gpostgres/lib/waitevent"
)

// AssignTransactionId gives the process at procIndex a new transaction id
// (GetNewTransactionId): under XidGenLock it extends the commit log when
// the id starts a new page (WAL-logging CLOG_ZEROPAGE), advances nextXid
// and publishes the id in the proc array, so that any snapshot taken from
// then on sees it as running. A process that already has an id gets it
// back. The caller must then take the lock on the id
// (lmgr's XactLockTableInsert) before letting it reach any tuple.
func (m *Manager) AssignTransactionId(o *shmem.Owner, procIndex int) (TransactionId, error) {
	m.checkProc(procIndex)
	p := &m.procs[procIndex]
	if x := TransactionId(atomic.LoadUint32(&p.xid)); x.IsValid() {
		return x, nil
	}
	if m.inRecovery {
		return 0, pgerr.New(pgerr.InternalError, "cannot assign TransactionIds during recovery")
	}
	v := m.vars
	v.xidGenLock.LockNamed(o, uint32(waitevent.LWLockXidGen))
	full := FullTransactionId(atomic.LoadUint64(&v.nextXid))
	xid := full.Xid()
	if err := m.extendLogs(o, xid); err != nil {
		v.xidGenLock.Unlock(o)
		return 0, err
	}
	atomic.StoreUint64(&v.nextXid, uint64(full.Advance()))
	// Any multixact the transaction joins from now on is at least the
	// next one (MultiXactIdSetOldestMember).
	m.setOldestMember(procIndex)
	// Publish while still holding XidGenLock: no later id can be handed
	// out, let alone finish, before this one is visible as running.
	atomic.StoreUint32(&p.xid, uint32(xid))
	v.xidGenLock.Unlock(o)
	return xid, nil
}

// extendLogs makes the pg_xact and pg_subtrans pages for xid exist.
// Called with XidGenLock held.
func (m *Manager) extendLogs(o *shmem.Owner, xid TransactionId) error {
	if err := m.extendCLOG(o, xid); err != nil {
		return err
	}
	return m.extendSUBTRANS(o, xid)
}

// AssignSubTransactionId gives a subtransaction of the process at
// procIndex a new transaction id (GetNewTransactionId with isSubXact, and
// the SubTransSetParent of xact.c's AssignTransactionId). parent is the
// id of the enclosing level: the top-level xid, or an enclosing
// subtransaction's; it must already be assigned, so the process has a
// top-level xid. Under XidGenLock, like AssignTransactionId, it extends
// pg_xact and pg_subtrans, records parent in pg_subtrans, advances
// nextXid and publishes the id in the process's subxid cache — or, when
// the cache holds PGProcMaxCachedSubxids ids already, marks it
// overflowed, so that others look the id up in pg_subtrans (which is why
// the parent is recorded before publication). The caller then takes the
// lock on the id (lmgr's XactLockTableInsert), as for a top-level xid.
func (m *Manager) AssignSubTransactionId(o *shmem.Owner, procIndex int, parent TransactionId) (TransactionId, error) {
	m.checkProc(procIndex)
	p := &m.procs[procIndex]
	if m.inRecovery {
		return 0, pgerr.New(pgerr.InternalError, "cannot assign TransactionIds during recovery")
	}
	top := TransactionId(atomic.LoadUint32(&p.xid))
	if !top.IsNormal() || !parent.IsNormal() || TransactionIdPrecedes(parent, top) {
		return 0, pgerr.Newf(pgerr.InternalError, "cannot assign a subtransaction id under parent %d: the transaction's id is %d", uint32(parent), uint32(top))
	}
	v := m.vars
	v.xidGenLock.LockNamed(o, uint32(waitevent.LWLockXidGen))
	full := FullTransactionId(atomic.LoadUint64(&v.nextXid))
	xid := full.Xid()
	if err := m.extendLogs(o, xid); err != nil {
		v.xidGenLock.Unlock(o)
		return 0, err
	}
	if err := m.subTransSetParent(o, xid, parent); err != nil {
		v.xidGenLock.Unlock(o)
		return 0, err
	}
	atomic.StoreUint64(&v.nextXid, uint64(full.Advance()))
	sc := &m.subx[procIndex]
	if n := atomic.LoadUint32(&sc.nsubxids); n < PGProcMaxCachedSubxids {
		atomic.StoreUint32(&sc.subxids[n], uint32(xid))
		atomic.StoreUint32(&sc.nsubxids, n+1)
	} else {
		atomic.StoreUint32(&sc.overflowed, 1)
	}
	atomic.StoreUint32(&sc.lastSubxid, uint32(xid))
	v.xidGenLock.Unlock(o)
	return xid, nil
}

// ReadNextFullTransactionId returns the next id to be assigned.
func (m *Manager) ReadNextFullTransactionId() FullTransactionId {
	return FullTransactionId(atomic.LoadUint64(&m.vars.nextXid))
}

// SetNextXid sets nextXid (from pg_control's checkpoint at startup) and
// latestCompletedXid to the id before it. No process may be running
// transactions.
func (m *Manager) SetNextXid(o *shmem.Owner, next FullTransactionId) {
	v := m.vars
	v.xidGenLock.LockNamed(o, uint32(waitevent.LWLockXidGen))
	atomic.StoreUint64(&v.nextXid, uint64(next))
	v.xidGenLock.Unlock(o)
	v.procArrayLock.Lock(o)
	atomic.StoreUint64(&v.latestCompletedXid, uint64(next.Retreat()))
	v.procArrayLock.Unlock(o)
}

// AdvanceNextFullTransactionIdPastXid moves nextXid past xid if it is not
// already, keeping the epoch right across wraparound. The redo loop calls
// it for every record's xid (only the startup process changes nextXid
// this way).
func (m *Manager) AdvanceNextFullTransactionIdPastXid(o *shmem.Owner, xid TransactionId) {
	v := m.vars
	next := FullTransactionId(atomic.LoadUint64(&v.nextXid))
	if !xid.IsNormal() || !TransactionIdFollowsOrEquals(xid, next.Xid()) {
		return
	}
	epoch := next.Epoch()
	nx := TransactionIdAdvance(xid)
	if nx < next.Xid() {
		epoch++
	}
	v.xidGenLock.LockNamed(o, uint32(waitevent.LWLockXidGen))
	atomic.StoreUint64(&v.nextXid, uint64(FullTransactionIdFromEpochAndXid(epoch, nx)))
	v.xidGenLock.Unlock(o)
	v.procArrayLock.Lock(o)
	if lc := FullTransactionIdFromEpochAndXid(epoch, nx).Retreat(); uint64(lc) > atomic.LoadUint64(&v.latestCompletedXid) {
		atomic.StoreUint64(&v.latestCompletedXid, uint64(lc))
	}
	v.procArrayLock.Unlock(o)
}

// SetOldestXid records the oldest xid still present in any database
// (pg_control's oldestXid), for later wraparound limits.
func (m *Manager) SetOldestXid(xid TransactionId) { atomic.StoreUint32(&m.vars.oldestXid, uint32(xid)) }

// SetTransactionIdLimit records oldest, the oldest datfrozenxid of any
// database (db's), and the limits derived from it (varsup.c's
// SetTransactionIdLimit): half the xid space past it is where its rows
// would seem to be in the future (wrap); 3 million before that new xids
// are refused (stop), 40 million before it every new xid warns (warn),
// and past oldest + autovacuum_freeze_max_age anti-wraparound vacuums
// are due (vac).
func (m *Manager) SetTransactionIdLimit(oldest TransactionId, db uint32, freezeMaxAge int64) {
	v := m.vars
	wrap := oldest + TransactionId(MaxTransactionId>>1)
	if wrap < FirstNormalTransactionId {
		wrap += FirstNormalTransactionId
	}
	stop := wrap - 3000000
	if stop < FirstNormalTransactionId {
		stop -= FirstNormalTransactionId
	}
	warn := wrap - 40000000
	if warn < FirstNormalTransactionId {
		warn -= FirstNormalTransactionId
	}
	vac := oldest + TransactionId(freezeMaxAge)
	if vac < FirstNormalTransactionId {
		vac += FirstNormalTransactionId
	}
	atomic.StoreUint32(&v.oldestXid, uint32(oldest))
	atomic.StoreUint32(&v.oldestXidDB, db)
	atomic.StoreUint32(&v.xidVacLimit, uint32(vac))
	atomic.StoreUint32(&v.xidWarnLimit, uint32(warn))
	atomic.StoreUint32(&v.xidStopLimit, uint32(stop))
	atomic.StoreUint32(&v.xidWrapLimit, uint32(wrap))
}

// OldestXidDB is the database SetTransactionIdLimit named.
func (m *Manager) OldestXidDB() uint32 { return atomic.LoadUint32(&m.vars.oldestXidDB) }

// WraparoundState says where the next xid stands against the limits:
// past the stop limit (no more xids), past the warning limit (remaining
// is how many are left before wraparound), past the vacuum limit
// (anti-wraparound vacuums are due), and the database to vacuum.
type WraparoundState struct {
	Stop, Warn, VacuumDue bool
	Remaining             uint32
	Database              uint32
}

// Wraparound checks the next xid against the limits (the test at the
// start of GetNewTransactionId). Limits not yet set (all zero) never
// trip.
func (m *Manager) Wraparound() WraparoundState {
	v := m.vars
	vac := TransactionId(atomic.LoadUint32(&v.xidVacLimit))
	if !vac.IsValid() {
		return WraparoundState{}
	}
	xid := FullTransactionId(atomic.LoadUint64(&v.nextXid)).Xid()
	if !TransactionIdFollowsOrEquals(xid, vac) {
		return WraparoundState{}
	}
	st := WraparoundState{VacuumDue: true, Database: atomic.LoadUint32(&v.oldestXidDB)}
	wrap := atomic.LoadUint32(&v.xidWrapLimit)
	st.Remaining = wrap - uint32(xid)
	st.Stop = TransactionIdFollowsOrEquals(xid, TransactionId(atomic.LoadUint32(&v.xidStopLimit)))
	st.Warn = TransactionIdFollowsOrEquals(xid, TransactionId(atomic.LoadUint32(&v.xidWarnLimit)))
	return st
}

// OldestXid returns what SetOldestXid recorded.
func (m *Manager) OldestXid() TransactionId {
	return TransactionId(atomic.LoadUint32(&m.vars.oldestXid))
}

// GetNewObjectId returns a new OID (varsup.c's GetNewObjectId). OIDs are
// handed out from FirstNormalObjectId up and wrap around to it; every
// VarOidPrefetch of them, an XLOG_NEXTOID record saying how far the
// prefetch reaches is inserted (not flushed: any OID that reaches disk is
// part of a later record). Uniqueness within a catalog is the caller's
// business (GetNewOidWithIndex).
func (m *Manager) GetNewObjectId(o *shmem.Owner) (uint32, error) {
	if m.inRecovery {
		return 0, pgerr.New(pgerr.InternalError, "cannot assign OIDs during recovery")
	}
	v := m.vars
	v.oidGenLock.Lock(o)
	defer v.oidGenLock.Unlock(o)
	if v.nextOid < FirstNormalObjectId {
		if !m.standalone || v.nextOid < FirstGenbkiObjectId {
			v.nextOid = FirstNormalObjectId
			v.oidCount = 0
		}
	}
	if v.oidCount == 0 {
		if m.wal != nil {
			if _, err := m.wal.Insert(RmgrXLOG, XLogNextOid, 0, le32(v.nextOid+VarOidPrefetch)); err != nil {
				return 0, err
			}
		}
		v.oidCount = VarOidPrefetch
	}
	oid := v.nextOid
	v.nextOid++
	v.oidCount--
	return oid, nil
}

// SetNextOid sets the next OID to assign (from pg_control at startup),
// forcing a NEXTOID record before the next assignment.
func (m *Manager) SetNextOid(o *shmem.Owner, oid uint32) {
	v := m.vars
	v.oidGenLock.Lock(o)
	v.nextOid = oid
	v.oidCount = 0
	v.oidGenLock.Unlock(o)
}

// CheckpointNextOid is the nextOid a checkpoint record stores: for an
// online checkpoint, past every OID already covered by a NEXTOID record.
func (m *Manager) CheckpointNextOid(o *shmem.Owner, shutdown bool) uint32 {
	v := m.vars
	v.oidGenLock.Lock(o)
	defer v.oidGenLock.Unlock(o)
	if shutdown {
		return v.nextOid
	}
	return v.nextOid + v.oidCount
}

// RedoNextOid replays XLOG_NEXTOID (part of xlog_redo in PostgreSQL).
func (m *Manager) RedoNextOid(o *shmem.Owner, data []byte) error {
	if len(data) < 4 {
		return pgerr.New(pgerr.DataCorrupted, "nextoid record too short")
	}
	m.SetNextOid(o, binary.LittleEndian.Uint32(data))
	return nil
}
