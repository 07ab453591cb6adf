// The session side of the transaction id and snapshot functions
// (pg_current_xact_id, pg_xact_status, pg_current_snapshot,
// pg_export_snapshot): full
// transaction ids are the epoch the transaction manager keeps with
// nextXid (FullTransactionId) and the 32-bit id.

package sql

import (
	"slices"

	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// CurrentXactID implements pg_current_xact_id (assign) and
// pg_current_xact_id_if_assigned: the top-level transaction's id,
// widened with the epoch of nextXid, which is within 2^31 of it.
func (n names) CurrentXactID(assign bool) (uint64, bool, error) {
	s := n.s
	xid := s.tx.TopXid()
	if assign && !xid.IsValid() {
		var err error
		if xid, err = s.tx.TopXidAssign(); err != nil {
			return 0, false, err
		}
	}
	if !xid.IsValid() {
		return 0, false, nil
	}
	x := s.eng.Xact
	return uint64(transam.FullXidRelativeTo(x.ReadNextFullTransactionId(), xid)), true, nil
}

// XactStatus implements pg_xact_status.
func (n names) XactStatus(fxid uint64) (string, bool, error) {
	e := n.s.eng
	return e.Xact.XactStatus(e.Owner, transam.FullTransactionId(fxid))
}

// CurrentSnapshot implements pg_current_snapshot: the statement's
// snapshot, its top-level running ids sorted and without duplicates.
func (n names) CurrentSnapshot() (types.Snapshot, error) {
	s := n.s
	snap := s.tx.Snapshot()
	next := s.eng.Xact.ReadNextFullTransactionId()
	full := func(x transam.TransactionId) uint64 { return uint64(transam.FullXidRelativeTo(next, x)) }
	xip := make([]uint64, len(snap.Xip))
	for i, x := range snap.Xip {
		xip[i] = full(x)
	}
	// The 32-bit ids were sorted modulo 2^32; their full ids may sort
	// differently across a wraparound.
	slices.Sort(xip)
	return types.Snapshot{Xmin: full(snap.Xmin), Xmax: full(snap.Xmax), Xip: slices.Compact(xip)}, nil
}

// ExportSnapshot implements pg_export_snapshot (lib/xact's
// snapshotexport.go).
func (n names) ExportSnapshot() (string, error) { return n.s.tx.ExportSnapshot() }

// StableLatestXid implements age(xid)'s starting point.
func (n names) StableLatestXid() uint32 { return uint32(n.s.tx.StableLatestXid()) }

// MultiXactMembers implements pg_get_multixact_members.
func (n names) MultiXactMembers(multi uint32) ([]uint32, []string, error) {
	e := n.s.eng
	if transam.MultiXactId(multi) < transam.FirstMultiXactId {
		return nil, nil, pgerr.Newf(pgerr.InvalidParameterValue, "invalid MultiXactId: %d", multi)
	}
	members, err := e.Xact.GetMultiXactIdMembers(e.Owner, transam.MultiXactId(multi))
	if err != nil {
		return nil, nil, err
	}
	xids, modes := make([]uint32, len(members)), make([]string, len(members))
	for i, m := range members {
		xids[i], modes[i] = uint32(m.Xid), m.Status.String()
	}
	return xids, modes, nil
}

// NextMultiXactID implements mxid_age's reading of the next multixact id.
func (n names) NextMultiXactID() uint32 {
	e := n.s.eng
	next, _ := e.Xact.ReadNextMultiXactId(e.Owner)
	return uint32(next)
}
