package transam

import (
	"strconv"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/shmem"
)

// XactStatus is pg_xact_status: "in progress", "committed" or "aborted"
// for a transaction of the recent past, ok false when the id is invalid
// or too old for the commit log to tell (TransactionIdInRecentPast): more
// than one epoch back, or before oldestClogXid, whose pg_xact segment
// VACUUM may have removed. An id not yet assigned is an error.
// XactTruncationLock is held shared from the check to the lookup, so no
// truncation removes the page in between.
func (m *Manager) XactStatus(o *shmem.Owner, fxid FullTransactionId) (status string, ok bool, err error) {
	xid := fxid.Xid()
	if !xid.IsValid() {
		return "", false, nil
	}
	v := m.vars
	v.xactTruncationLock.RLock(o)
	defer v.xactTruncationLock.RUnlock(o)
	if xid.IsNormal() {
		now := m.ReadNextFullTransactionId()
		if fxid >= now {
			return "", false, pgerr.Newf(pgerr.InvalidParameterValue, "transaction ID %s is in the future",
				strconv.FormatUint(uint64(fxid), 10))
		}
		if fxid.Epoch()+1 < now.Epoch() || fxid.Epoch()+1 == now.Epoch() && xid < now.Xid() ||
			TransactionIdPrecedes(xid, TransactionId(v.oldestClogXid)) {
			return "", false, nil
		}
	}
	// In progress is asked first: a transaction that is committing may
	// have set its commit log bit before leaving the proc array.
	running, err := m.TransactionIdIsInProgress(o, xid)
	if err != nil {
		return "", false, err
	}
	if running {
		return "in progress", true, nil
	}
	committed, err := m.TransactionIdDidCommit(o, xid)
	if err != nil {
		return "", false, err
	}
	if committed {
		return "committed", true, nil
	}
	return "aborted", true, nil
}
