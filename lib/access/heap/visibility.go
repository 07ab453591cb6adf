// Tuple visibility: PostgreSQL 15's heapam_visibility.c, for a plain
// transaction id or a multixact (multixact.go) in xmax: of a multixact,
// the updating member decides visibility; lockers only matter to
// HeapTupleSatisfiesUpdate, which reports them as TMBeingModified. "Current transaction"
// is a set of ids (transam.CurrentXids: the top-level xid and the live
// subtransactions'), as in TransactionIdIsCurrentTransactionId. Each
// function reads a tuple header in a shared buffer whose content lock the
// caller holds (share is enough) and may set hint bits in it.
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

func (e *Env) inProgress(xid transam.TransactionId) (bool, error) {
	return e.Xact.TransactionIdIsInProgress(e.Owner, xid)
}

// inSnapshot is XidInMVCCSnapshot through the process's manager.
func (e *Env) inSnapshot(xid transam.TransactionId, snap *transam.Snapshot) (bool, error) {
	return e.Xact.XidInMVCCSnapshot(e.Owner, xid, snap)
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
		case snap.Cur.Contains(xmin):
			if e.cmin(h) >= snap.CurCid {
				return false, nil // inserted after scan started
			}
			if m&tuple.XmaxInvalid != 0 {
				return true, nil
			}
			if xmaxIsLockedOnly(m) {
				return true, nil
			}
			if xmaxIsMulti(m) {
				xmax, err := e.updateXidErr(h)
				if err != nil || !snap.Cur.Contains(xmax) {
					return err == nil, err // updating subtransaction must have aborted
				}
				return e.cmax(h) >= snap.CurCid, nil
			}
			if !snap.Cur.Contains(rawXmax(h)) {
				// deleting subtransaction must have aborted
				e.setHintBits(h, buf, tuple.XmaxInvalid, transam.InvalidTransactionId)
				return true, nil
			}
			return e.cmax(h) >= snap.CurCid, nil // deleted after (true) or before (false) scan started
		default:
			running, err := e.inSnapshot(xmin, snap.Snapshot)
			if err != nil || running {
				return false, err
			}
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
	} else if !xminFrozen(h) {
		// xmin is committed, but maybe not according to our snapshot
		if running, err := e.inSnapshot(rawXmin(h), snap.Snapshot); err != nil || running {
			return false, err
		}
	}

	// By here, the inserting transaction has committed.
	m = h.Infomask()
	if m&tuple.XmaxInvalid != 0 {
		return true, nil
	}
	if xmaxIsLockedOnly(m) {
		return true, nil
	}
	if xmaxIsMulti(m) {
		// The updating member decides; lockers do not matter here.
		xmax, err := e.updateXidErr(h)
		if err != nil || !xmax.IsValid() {
			return err == nil, err
		}
		if snap.Cur.Contains(xmax) {
			return e.cmax(h) >= snap.CurCid, nil
		}
		if running, err := e.inSnapshot(xmax, snap.Snapshot); err != nil || running {
			return err == nil, err
		}
		committed, err := e.didCommit(xmax)
		return !committed && err == nil, err
	}
	xmax := rawXmax(h)
	if m&tuple.XmaxCommitted == 0 {
		if snap.Cur.Contains(xmax) {
			return e.cmax(h) >= snap.CurCid, nil
		}
		if running, err := e.inSnapshot(xmax, snap.Snapshot); err != nil || running {
			return err == nil, err
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
	} else if running, err := e.inSnapshot(xmax, snap.Snapshot); err != nil || running {
		// xmax is committed, but maybe not according to our snapshot
		return err == nil, err
	}
	return false, nil
}

// satisfiesUpdate is HeapTupleSatisfiesUpdate: can the command curCid of
// the transaction whose own ids are cur update or delete the tuple at
// self? TMOk: yes; TMBeingModified: a running transaction (maybe ours, as a locker) holds
// xmax; TMUpdated/TMDeleted: a committed transaction changed it;
// TMSelfModified: we changed it in this or a later command; TMInvisible:
// we cannot see it at all.
func (e *Env) satisfiesUpdate(h tuple.Header, self TID, buf buffer.Buffer, cur transam.CurrentXids, curCid CommandId) (TMResult, error) {
	m := h.Infomask()
	if !xminCommitted(h) {
		if xminInvalid(h) {
			return TMInvisible, nil
		}
		xmin := rawXmin(h)
		switch {
		case m&heapMoved != 0:
			return TMInvisible, nil
		case cur.Contains(xmin):
			if e.cmin(h) >= curCid {
				return TMInvisible, nil // inserted after scan started
			}
			if m&tuple.XmaxInvalid != 0 {
				return TMOk, nil
			}
			if xmaxIsLockedOnly(m) {
				// Even a tuple we inserted may be locked by others, if its
				// previous version was key-share locked when we updated it.
				var running bool
				var err error
				if xmaxIsMulti(m) {
					running, err = e.multiIsRunning(transam.MultiXactId(rawXmax(h)), cur)
				} else {
					running, err = e.inProgress(rawXmax(h))
				}
				if err != nil || !running {
					return TMOk, err
				}
				return TMBeingModified, nil
			}
			if xmaxIsMulti(m) {
				xmax, err := e.updateXidErr(h)
				if err != nil {
					return 0, err
				}
				if !cur.Contains(xmax) {
					// updating subtransaction must have aborted
					running, err := e.multiIsRunning(transam.MultiXactId(rawXmax(h)), cur)
					if err != nil || !running {
						return TMOk, err
					}
					return TMBeingModified, nil
				}
				if e.cmax(h) >= curCid {
					return TMSelfModified, nil
				}
				return TMInvisible, nil
			}
			if !cur.Contains(rawXmax(h)) {
				// deleting subtransaction must have aborted
				e.setHintBits(h, buf, tuple.XmaxInvalid, transam.InvalidTransactionId)
				return TMOk, nil
			}
			if e.cmax(h) >= curCid {
				return TMSelfModified, nil // updated after scan started
			}
			return TMInvisible, nil // updated before scan started
		default:
			if running, err := e.inProgress(xmin); err != nil || running {
				return TMInvisible, err
			}
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
	if xmaxIsMulti(m) {
		return e.satisfiesUpdateMulti(h, self, buf, cur, curCid)
	}
	xmax := rawXmax(h)
	if cur.Contains(xmax) {
		if xmaxIsLockedOnly(m) {
			return TMBeingModified, nil
		}
		if e.cmax(h) >= curCid {
			return TMSelfModified, nil
		}
		return TMInvisible, nil
	}
	if running, err := e.inProgress(xmax); err != nil || running {
		return TMBeingModified, err
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

// satisfiesUpdateMulti is HeapTupleSatisfiesUpdate's part for a
// committed inserter and a multixact xmax.
func (e *Env) satisfiesUpdateMulti(h tuple.Header, self TID, buf buffer.Buffer, cur transam.CurrentXids, curCid CommandId) (TMResult, error) {
	multi := transam.MultiXactId(rawXmax(h))
	if xmaxIsLockedOnly(h.Infomask()) {
		running, err := e.multiIsRunning(multi, cur)
		if err != nil || running {
			return TMBeingModified, err
		}
		e.setHintBits(h, buf, tuple.XmaxInvalid, transam.InvalidTransactionId)
		return TMOk, nil
	}
	xmax, err := e.updateXidErr(h)
	if err != nil {
		return 0, err
	}
	if cur.Contains(xmax) {
		if e.cmax(h) >= curCid {
			return TMSelfModified, nil
		}
		return TMInvisible, nil
	}
	running, err := e.multiIsRunning(multi, cur)
	if err != nil || running {
		return TMBeingModified, err
	}
	committed, err := e.didCommit(xmax)
	if err != nil {
		return 0, err
	}
	if committed {
		return updatedOrDeleted(h, self), nil
	}
	// The update aborted and no member runs any more.
	e.setHintBits(h, buf, tuple.XmaxInvalid, transam.InvalidTransactionId)
	return TMOk, nil
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
func (e *Env) satisfiesDirty(h tuple.Header, buf buffer.Buffer, cur transam.CurrentXids) (bool, dirtyResult, error) {
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
		case cur.Contains(xmin):
			if m&tuple.XmaxInvalid != 0 || xmaxIsLockedOnly(m) {
				return true, d, nil
			}
			if xmaxIsMulti(m) {
				xmax, err := e.updateXidErr(h)
				if err != nil {
					return false, d, err
				}
				return !cur.Contains(xmax), d, nil
			}
			if !cur.Contains(rawXmax(h)) {
				e.setHintBits(h, buf, tuple.XmaxInvalid, transam.InvalidTransactionId)
				return true, d, nil
			}
			return false, d, nil
		default:
			running, err := e.inProgress(xmin)
			if err != nil {
				return false, d, err
			}
			if running {
				d.xmin = xmin
				return true, d, nil // in insertion by other
			}
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
	if xmaxIsMulti(m) {
		if xmaxIsLockedOnly(m) {
			return true, d, nil
		}
		xmax, err := e.updateXidErr(h)
		if err != nil || cur.Contains(xmax) {
			return false, d, err
		}
		running, committed, err := e.xidStatus(xmax)
		switch {
		case err != nil:
			return false, d, err
		case running:
			d.xmax = xmax
			return true, d, nil
		}
		return !committed, d, nil
	}
	xmax := rawXmax(h)
	if cur.Contains(xmax) {
		return xmaxIsLockedOnly(m), d, nil
	}
	running, err := e.inProgress(xmax)
	if err != nil {
		return false, d, err
	}
	if running {
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
// inserter did not abort is valid, whatever its xmax. PostgreSQL only
// rejects hinted-invalid xmins; this one also rejects chunks of
// transactions the commit log shows as aborted or that crashed, which
// matters for a TOAST table without an index (scanned, where a value ID
// may have been reused after such a failure) and costs nothing otherwise.
func (e *Env) satisfiesToast(h tuple.Header, buf buffer.Buffer, cur transam.CurrentXids) (bool, error) {
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
	if cur.Contains(xmin) {
		return true, nil
	}
	if running, err := e.inProgress(xmin); err != nil || running {
		return err == nil, err
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
