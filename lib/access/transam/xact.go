// The core of commit and abort (xact.c's RecordTransactionCommit and
// RecordTransactionAbort followed by ProcArrayEndTransaction), their WAL
// redo, and the commit-log questions of transam.c (TransactionIdDidCommit).

package transam

import (
	"sync/atomic"
	"time"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/shmem"
	"github.com/gpostgres/gpostgres/lib/storage"
)

// CommitTransaction makes the transaction of the process at procIndex
// durable and visible, in the order of docs/storage.md rule 4: insert the
// commit record (rmgr Transaction, XLOG_XACT_COMMIT, main data
// xl_xact_commit{xact_time} followed, when subxids is not empty, by
// xl_xact_xinfo{XACT_XINFO_HAS_SUBXACTS} and xl_xact_subxacts; xid in the
// record header), flush WAL to it when syncCommit (synchronous_commit is
// not off), set the commit log to committed for xid and subxids (with the
// record's LSN when not flushed, so hint bits wait for the WAL writer;
// see setTreeStatus for the order), then remove xid and every
// subtransaction id from the proc array. subxids are the transaction's
// committed subtransactions (those released into it, not those rolled
// back, which AbortSubTransaction ended). It returns the record's end LSN
// (0 when nothing was logged).
//
// A transaction without an xid writes nothing and only leaves the proc
// array; it cannot have subtransaction ids. The WAL-to-clog steps run in
// a critical section of o: if the process dies there, the postmaster must
// restart everything and recovery decides from WAL. If the flush or the
// commit-log update fails the returned error has severity PANIC and the
// critical section is left open: the caller must exit the process at
// once.
func (m *Manager) CommitTransaction(o *shmem.Owner, procIndex int, xid TransactionId, subxids []TransactionId, syncCommit bool) (storage.LSN, error) {
	m.checkProc(procIndex)
	if !xid.IsValid() {
		if len(subxids) > 0 {
			return 0, pgerr.New(pgerr.InternalError, "cannot commit subtransactions of a transaction without an xid")
		}
		m.EndTransaction(o, procIndex, xid, true)
		return 0, nil
	}
	var lsn storage.LSN
	o.EnterCritical()
	// A checkpoint whose redo point falls after the commit record must not
	// write the commit log before it has the commit: recovery would not
	// replay the record, and the commit would be lost.
	pe := &m.procs[procIndex]
	atomic.StoreUint32(&pe.delayCkpt, 1)
	defer func() {
		atomic.StoreUint32(&pe.delayCkpt, 0)
		atomic.AddUint32(&pe.delayCkptDone, 1)
	}()
	if m.wal != nil {
		var err error
		hasInfo, data := encodeXactRecord(TimestampTz(time.Now()), subxids)
		lsn, err = m.wal.Insert(RmgrXact, XLogXactCommit|hasInfo, uint32(xid), data)
		if err != nil {
			// Nothing was logged: the transaction can still abort.
			o.ExitCritical()
			return 0, err
		}
		if syncCommit {
			if err := m.wal.Flush(lsn); err != nil {
				return lsn, panicError(err)
			}
		}
	}
	clogLSN := lsn
	if syncCommit {
		clogLSN = 0
	}
	if err := m.setTreeStatus(o, xid, subxids, StatusCommitted, clogLSN); err != nil {
		return lsn, panicError(err)
	}
	o.ExitCritical()
	m.EndTransaction(o, procIndex, xid, true)
	return lsn, nil
}

// AbortTransaction ends the transaction of the process at procIndex by
// rollback: an XLOG_XACT_ABORT record listing subxids (not flushed:
// without it the transaction counts as aborted anyway), the commit log
// set to aborted for xid and subxids, then removal of xid and every
// subtransaction id from the proc array. subxids are the subtransactions
// not already ended by AbortSubTransaction. It refuses, with a PANIC
// error, to abort a transaction the commit log says committed.
func (m *Manager) AbortTransaction(o *shmem.Owner, procIndex int, xid TransactionId, subxids []TransactionId) error {
	m.checkProc(procIndex)
	if !xid.IsValid() {
		if len(subxids) > 0 {
			return pgerr.New(pgerr.InternalError, "cannot abort subtransactions of a transaction without an xid")
		}
		m.EndTransaction(o, procIndex, xid, false)
		return nil
	}
	st, _, err := m.TransactionIdGetStatus(o, xid)
	if err != nil {
		m.EndTransaction(o, procIndex, xid, false)
		return err
	}
	if st == StatusCommitted {
		return pgerr.Newf(pgerr.InternalError, "cannot abort transaction %d, it was already committed", uint32(xid)).
			WithSeverity(pgerr.SeverityPanic)
	}
	werr, err := m.recordAbort(o, xid, subxids)
	m.EndTransaction(o, procIndex, xid, false)
	if err != nil {
		return err
	}
	return werr
}

// AbortSubTransaction records the rollback of a subtransaction of the
// process at procIndex (RecordTransactionAbort for a subtransaction, then
// XidCacheRemoveRunningXids): an XLOG_XACT_ABORT record whose header xid
// is the subtransaction's xid, listing subxids (its own committed
// subtransactions), the commit log set to aborted for all of them, then
// their removal from the process's subxid cache, which advances
// latestCompletedXid past them. The top-level transaction keeps running.
// A subtransaction without an xid has nothing to record. The caller then
// releases the locks on the ids (lmgr's XactLockTableDelete).
func (m *Manager) AbortSubTransaction(o *shmem.Owner, procIndex int, xid TransactionId, subxids []TransactionId) error {
	m.checkProc(procIndex)
	if !xid.IsValid() {
		if len(subxids) > 0 {
			return pgerr.New(pgerr.InternalError, "cannot abort children of a subtransaction without an xid")
		}
		return nil
	}
	if top := m.MyXid(procIndex); !top.IsValid() || xid == top {
		return pgerr.Newf(pgerr.InternalError, "%d is not a subtransaction id of the running transaction", uint32(xid))
	}
	st, _, err := m.TransactionIdGetStatus(o, xid)
	if err != nil {
		return err
	}
	if st == StatusCommitted {
		return pgerr.Newf(pgerr.InternalError, "cannot abort transaction %d, it was already committed", uint32(xid)).
			WithSeverity(pgerr.SeverityPanic)
	}
	werr, err := m.recordAbort(o, xid, subxids)
	m.xidCacheRemoveRunningXids(o, procIndex, xid, subxids)
	if err != nil {
		return err
	}
	return werr
}

// recordAbort inserts the abort record and marks xid and subxids aborted
// (RecordTransactionAbort), in a critical section. A failed insert is
// returned as werr after the commit log is updated anyway.
func (m *Manager) recordAbort(o *shmem.Owner, xid TransactionId, subxids []TransactionId) (werr, err error) {
	o.EnterCritical()
	if m.wal != nil {
		hasInfo, data := encodeXactRecord(TimestampTz(time.Now()), subxids)
		_, werr = m.wal.Insert(RmgrXact, XLogXactAbort|hasInfo, uint32(xid), data)
	}
	err = m.setTreeStatus(o, xid, subxids, StatusAborted, 0)
	o.ExitCritical()
	return werr, err
}

func panicError(err error) *pgerr.Error {
	pe := pgerr.As(err)
	cp := *pe
	cp.Severity = pgerr.SeverityPanic
	return &cp
}

// RedoXact replays a Transaction record: a commit (XLOG_XACT_COMMIT)
// marks xid and its subtransactions committed, with the record's end LSN
// as their group LSN; an abort marks them aborted. Both move nextXid past
// the newest id. Assignment and invalidation records are no-ops here;
// prepared transactions are not supported.
func (m *Manager) RedoXact(o *shmem.Owner, info uint8, xid TransactionId, data []byte, lsn storage.LSN) error {
	op := info & XLogXactOpmask
	switch op {
	case XLogXactCommit, XLogXactAbort:
	case XLogXactAssignment, XLogXactInvalidations:
		return nil
	default:
		return pgerr.Newf(pgerr.InternalError, "xact_redo: unknown op code %d", op)
	}
	rec, err := DecodeXactRecord(info, data)
	if err != nil {
		return pgerr.Wrap(err, pgerr.DataCorrupted, "invalid transaction record")
	}
	status := StatusCommitted
	if op == XLogXactAbort {
		status = StatusAborted
		lsn = 0
	}
	latest := xid
	for _, sub := range rec.Subxacts {
		if TransactionIdPrecedes(latest, sub) {
			latest = sub
		}
	}
	if err := m.setTreeStatus(o, xid, rec.Subxacts, status, lsn); err != nil {
		return err
	}
	m.AdvanceNextFullTransactionIdPastXid(o, latest)
	return nil
}

// transactionLogFetch is TransactionLogFetch: the status of xid, special
// ids answered without the commit log, final answers cached.
func (m *Manager) transactionLogFetch(o *shmem.Owner, xid TransactionId) (XidStatus, error) {
	if !xid.IsNormal() {
		if xid == BootstrapTransactionId || xid == FrozenTransactionId {
			return StatusCommitted, nil
		}
		return StatusAborted, nil
	}
	if c := m.lastFetch.Load(); c != 0 && TransactionId(c>>8) == xid {
		return XidStatus(c & 0xFF), nil
	}
	st, _, err := m.TransactionIdGetStatus(o, xid)
	if err != nil {
		return 0, err
	}
	if st == StatusCommitted || st == StatusAborted {
		m.lastFetch.Store(uint64(xid)<<8 | uint64(st))
	}
	return st, nil
}

// TransactionIdDidCommit reports whether the commit log says xid
// committed (transam.c). Bootstrap and frozen ids count as committed. A
// sub-committed id — a subtransaction whose top-level transaction is in
// the middle of committing — is as committed as its parent, found through
// pg_subtrans; without a parent entry (too old for pg_subtrans, which
// only happens when the committer crashed) it did not commit.
func (m *Manager) TransactionIdDidCommit(o *shmem.Owner, xid TransactionId) (bool, error) {
	for {
		st, err := m.transactionLogFetch(o, xid)
		if err != nil || st != StatusSubCommitted {
			return st == StatusCommitted, err
		}
		parent, err := m.SubTransGetParent(o, xid)
		if err != nil || !parent.IsValid() || !TransactionIdPrecedes(parent, xid) {
			return false, err
		}
		xid = parent
	}
}

// TransactionIdDidAbort reports whether the commit log says xid aborted.
// A sub-committed id aborted if its parent did (or has no pg_subtrans
// entry any more). A transaction that crashed may never be marked:
// callers decide "not in progress and not committed" means aborted, as
// PostgreSQL's visibility code does.
func (m *Manager) TransactionIdDidAbort(o *shmem.Owner, xid TransactionId) (bool, error) {
	for {
		st, err := m.transactionLogFetch(o, xid)
		if err != nil || st != StatusSubCommitted {
			return st == StatusAborted, err
		}
		parent, err := m.SubTransGetParent(o, xid)
		if err != nil {
			return false, err
		}
		if !parent.IsValid() || !TransactionIdPrecedes(parent, xid) {
			return true, nil
		}
		xid = parent
	}
}
