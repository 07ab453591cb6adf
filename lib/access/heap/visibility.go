// Tuple visibility: PostgreSQL 15's heapam_visibility.c for tuples whose
// xmax is a plain transaction id (no multixacts) and transactions without
// subtransactions. Each function reads a tuple header in a shared buffer
// whose content lock the caller holds (share is enough) and may set hint
// bits in it.
//
// The rules, in short: a tuple is visible when its inserter (xmin)
// committed before the snapshot and its deleter (xmax), if any, did not;
// a transaction sees its own insertions made by earlier commands (cmin <
// curcid) and not its own deletions made by earlier commands (cmax <
// curcid). Hint bits cache a transaction's final status in t_infomask so
// that the commit log is consulted once per tuple, not once per look.

package heap

import (
	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/access/tuple"
	"github.com/gpostgres/gpostgres/lib/storage/buffer"
)

// didCommit is TransactionIdDidCommit through the process's manager.
func (e *Env) didCommit(xid transam.TransactionId) (bool, error) {
	return e.Xact.TransactionIdDidCommit(e.Owner, xid)
}

func (e *Env) inProgress(xid transam.TransactionId) bool {
	return e.Xact.TransactionIdIsInProgress(e.Owner, xid)
}

// satisfiesMVCC is HeapTupleSatisfiesMVCC: is the tuple visible to snap?
func (e *Env) satisfiesMVCC(h tuple.Header, buf buffer.Buffer, snap *Snapshot) (bool, error) {
	m := h.Infomask()
	if !xminCommitted(h) {
		if xminInvalid(h) {
			return false, nil
		}
		xmin := rawXmin(h)
		switch {
		case m&heapMoved != 0:
			// Pre-9.0 VACUUM FULL marks: never written by this server and
			// not supported in pg_upgrade'd data either.
			return false, nil
		case isCurrent(snap.CurXid, xmin):
			if e.cmin(h) >= snap.CurCid {
				return false, nil // inserted after scan started
			}
			if m&tuple.XmaxInvalid != 0 {
				return true, nil
			}
			if xmaxIsLockedOnly(m) {
				return true, nil
			}
			if !isCurrent(snap.CurXid, rawXmax(h)) {
				// deleting subtransaction must have aborted
				e.setHintBits(h, buf, tuple.XmaxInvalid, transam.InvalidTransactionId)
				return true, nil
			}
			return e.cmax(h) >= snap.CurCid, nil // deleted after (true) or before (false) scan started
		case transam.XidInMVCCSnapshot(xmin, snap.Snapshot):
			return false, nil
		default:
			committed, err := e.didCommit(xmin)
			if err != nil {
				return false, err
			}
			if !committed {
				// it must have aborted or crashed
				e.setHintBits(h, buf, tuple.XminInvalid, transam.InvalidTransactionId)
				return false, nil
			}
			e.setHintBits(h, buf, tuple.XminCommitted, xmin)
		}
	} else if !xminFrozen(h) && transam.XidInMVCCSnapshot(rawXmin(h), snap.Snapshot) {
		// xmin is committed, but maybe not according to our snapshot
		return false, nil
	}

	// By here, the inserting transaction has committed.
	m = h.Infomask()
	if m&tuple.XmaxInvalid != 0 {
		return true, nil
	}
	if xmaxIsLockedOnly(m) {
		return true, nil
	}
	xmax := rawXmax(h)
	if m&tuple.XmaxCommitted == 0 {
		if isCurrent(snap.CurXid, xmax) {
			return e.cmax(h) >= snap.CurCid, nil
		}
		if transam.XidInMVCCSnapshot(xmax, snap.Snapshot) {
			return true, nil
		}
		committed, err := e.didCommit(xmax)
		if err != nil {
			return false, err
		}
		if !committed {
			e.setHintBits(h, buf, tuple.XmaxInvalid, transam.InvalidTransactionId)
			return true, nil
		}
		e.setHintBits(h, buf, tuple.XmaxCommitted, xmax)
	} else if transam.XidInMVCCSnapshot(xmax, snap.Snapshot) {
		// xmax is committed, but maybe not according to our snapshot
		return true, nil
	}
	return false, nil
}

// satisfiesUpdate is HeapTupleSatisfiesUpdate: can the command curCid of
// transaction curXid update or delete the tuple at self? TMOk: yes;
// TMBeingModified: a running transaction (maybe ours, as a locker) holds
// xmax; TMUpdated/TMDeleted: a committed transaction changed it;
// TMSelfModified: we changed it in this or a later command; TMInvisible:
// we cannot see it at all.
func (e *Env) satisfiesUpdate(h tuple.Header, self TID, buf buffer.Buffer, curXid transam.TransactionId, curCid CommandId) (TMResult, error) {
	m := h.Infomask()
	if !xminCommitted(h) {
		if xminInvalid(h) {
			return TMInvisible, nil
		}
		xmin := rawXmin(h)
		switch {
		case m&heapMoved != 0:
			return TMInvisible, nil
		case isCurrent(curXid, xmin):
			if e.cmin(h) >= curCid {
				return TMInvisible, nil // inserted after scan started
			}
			if m&tuple.XmaxInvalid != 0 {
				return TMOk, nil
			}
			if xmaxIsLockedOnly(m) {
				// Our own tuple may be locked by someone else only through
				// a multixact, which we never create: the locker is us or
				// gone.
				if !e.inProgress(rawXmax(h)) {
					return TMOk, nil
				}
				return TMBeingModified, nil
			}
			if !isCurrent(curXid, rawXmax(h)) {
				// deleting subtransaction must have aborted
				e.setHintBits(h, buf, tuple.XmaxInvalid, transam.InvalidTransactionId)
				return TMOk, nil
			}
			if e.cmax(h) >= curCid {
				return TMSelfModified, nil // updated after scan started
			}
			return TMInvisible, nil // updated before scan started
		case e.inProgress(xmin):
			return TMInvisible, nil
		default:
			committed, err := e.didCommit(xmin)
			if err != nil {
				return 0, err
			}
			if !committed {
				e.setHintBits(h, buf, tuple.XminInvalid, transam.InvalidTransactionId)
				return TMInvisible, nil
			}
			e.setHintBits(h, buf, tuple.XminCommitted, xmin)
		}
	}

	// By here, the inserting transaction has committed.
	m = h.Infomask()
	if m&tuple.XmaxInvalid != 0 {
		return TMOk, nil
	}
	if m&tuple.XmaxCommitted != 0 {
		if xmaxIsLockedOnly(m) {
			return TMOk, nil
		}
		return updatedOrDeleted(h, self), nil
	}
	xmax := rawXmax(h)
	if isCurrent(curXid, xmax) {
		if xmaxIsLockedOnly(m) {
			return TMBeingModified, nil
		}
		if e.cmax(h) >= curCid {
			return TMSelfModified, nil
		}
		return TMInvisible, nil
	}
	if e.inProgress(xmax) {
		return TMBeingModified, nil
	}
	committed, err := e.didCommit(xmax)
	if err != nil {
		return 0, err
	}
	if !committed {
		e.setHintBits(h, buf, tuple.XmaxInvalid, transam.InvalidTransactionId)
		return TMOk, nil
	}
	if xmaxIsLockedOnly(m) {
		e.setHintBits(h, buf, tuple.XmaxInvalid, transam.InvalidTransactionId)
		return TMOk, nil
	}
	e.setHintBits(h, buf, tuple.XmaxCommitted, xmax)
	return updatedOrDeleted(h, self), nil
}

// updatedOrDeleted tells an update (t_ctid points elsewhere) from a
// delete (t_ctid points at the tuple itself).
func updatedOrDeleted(h tuple.Header, self TID) TMResult {
	if ctid(h) != self {
		return TMUpdated
	}
	return TMDeleted
}

// dirtyResult is what HeapTupleSatisfiesDirty reports besides
// visibility, in PostgreSQL through the snapshot's xmin and xmax fields:
// the running transaction that inserted the tuple, and the running
// transaction that is deleting or updating it.
type dirtyResult struct {
	xmin, xmax transam.TransactionId
}

// satisfiesDirty is HeapTupleSatisfiesDirty: visible if its inserter
// committed or is still running (then reported in xmin), and not deleted
// by a committed transaction or our own; a running deleter is reported
// in xmax. Used to follow update chains and by uniqueness checks.
func (e *Env) satisfiesDirty(h tuple.Header, buf buffer.Buffer, curXid transam.TransactionId) (bool, dirtyResult, error) {
	var d dirtyResult
	m := h.Infomask()
	if !xminCommitted(h) {
		if xminInvalid(h) {
			return false, d, nil
		}
		xmin := rawXmin(h)
		switch {
		case m&heapMoved != 0:
			return false, d, nil
		case isCurrent(curXid, xmin):
			if m&tuple.XmaxInvalid != 0 || xmaxIsLockedOnly(m) {
				return true, d, nil
			}
			if !isCurrent(curXid, rawXmax(h)) {
				e.setHintBits(h, buf, tuple.XmaxInvalid, transam.InvalidTransactionId)
				return true, d, nil
			}
			return false, d, nil
		case e.inProgress(xmin):
			d.xmin = xmin
			return true, d, nil // in insertion by other
		default:
			committed, err := e.didCommit(xmin)
			if err != nil {
				return false, d, err
			}
			if !committed {
				e.setHintBits(h, buf, tuple.XminInvalid, transam.InvalidTransactionId)
				return false, d, nil
			}
			e.setHintBits(h, buf, tuple.XminCommitted, xmin)
		}
	}
	m = h.Infomask()
	if m&tuple.XmaxInvalid != 0 {
		return true, d, nil
	}
	if m&tuple.XmaxCommitted != 0 {
		return xmaxIsLockedOnly(m), d, nil
	}
	xmax := rawXmax(h)
	if isCurrent(curXid, xmax) {
		return xmaxIsLockedOnly(m), d, nil
	}
	if e.inProgress(xmax) {
		if !xmaxIsLockedOnly(m) {
			d.xmax = xmax
		}
		return true, d, nil
	}
	committed, err := e.didCommit(xmax)
	if err != nil {
		return false, d, err
	}
	if !committed {
		e.setHintBits(h, buf, tuple.XmaxInvalid, transam.InvalidTransactionId)
		return true, d, nil
	}
	if xmaxIsLockedOnly(m) {
		e.setHintBits(h, buf, tuple.XmaxInvalid, transam.InvalidTransactionId)
		return true, d, nil
	}
	e.setHintBits(h, buf, tuple.XmaxCommitted, xmax)
	return false, d, nil // updated by other
}

// satisfiesToast is HeapTupleSatisfiesToast, made stricter: a TOAST chunk
// is reachable only through a pointer in a visible row, so any chunk whose
// inserter did not abort is valid, whatever its xmax. PostgreSQL looks the
// chunks up through the TOAST index and only rejects hinted-invalid
// xmins; this server finds them by scanning, so it also rejects chunks of
// transactions the commit log shows as aborted or that crashed, in case
// a value id was reused after such a failure.
func (e *Env) satisfiesToast(h tuple.Header, buf buffer.Buffer, curXid transam.TransactionId) (bool, error) {
	if xminCommitted(h) {
		return true, nil
	}
	if xminInvalid(h) {
		return false, nil
	}
	xmin := rawXmin(h)
	if !xmin.IsValid() {
		return false, nil
	}
	if isCurrent(curXid, xmin) || e.inProgress(xmin) {
		return true, nil
	}
	committed, err := e.didCommit(xmin)
	if err != nil {
		return false, err
	}
	if !committed {
		e.setHintBits(h, buf, tuple.XminInvalid, transam.InvalidTransactionId)
		return false, nil
	}
	e.setHintBits(h, buf, tuple.XminCommitted, xmin)
	return true, nil
}
