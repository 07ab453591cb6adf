// What pg_locks shows of SIREAD locks, and
// pg_safe_snapshot_blocking_pids.

package predicate

import (
	"github.com/gpostgres/gpostgres/lib/shmem"
	"github.com/gpostgres/gpostgres/lib/storage/lmgr"
)

// LockStatus is one SIREAD lock (GetPredicateLockStatusData): on a
// relation, a page (Block set) or a tuple (Offset set too). Write
// targets are the table's own bookkeeping and are not listed, as
// PostgreSQL has nothing like them.
type LockStatus struct {
	Database uint32
	Target
	Vxid lmgr.VirtualXid
	Pid  int32
}

// Status lists the SIREAD locks held, by transactions running or
// committed and still overlapping a running one.
func (sh *Shared) Status(o *shmem.Owner) []LockStatus {
	sh.hdr.lock.Lock(o)
	defer sh.hdr.lock.Unlock(o)
	var out []LockStatus
	for i := range sh.slots {
		if !sh.has(i, flagInUse) {
			continue
		}
		s := &sh.slots[i]
		for e := s.reads; e != 0; e = sh.entries[e-1].next {
			out = append(out, LockStatus{Database: s.db, Target: sh.entries[e-1].target, Vxid: s.vxid, Pid: s.pid})
		}
	}
	// The summarized transactions' locks belong to no process: PostgreSQL
	// shows its dummy transaction's invalid vxid, -1/0, and no pid.
	for e := sh.hdr.oldReads; e != 0; e = sh.entries[e-1].next {
		en := &sh.entries[e-1]
		out = append(out, LockStatus{Database: en.db, Target: en.target, Vxid: lmgr.VirtualXid{BackendID: -1}})
	}
	return out
}

// SafeSnapshotBlockingPids is pg_safe_snapshot_blocking_pids: the
// processes running the read-write serializable transactions that the
// READ ONLY DEFERRABLE transaction of process pid waits for; nil when
// pid does not wait for a safe snapshot.
func (sh *Shared) SafeSnapshotBlockingPids(o *shmem.Owner, pid int32) []int32 {
	sh.hdr.lock.Lock(o)
	defer sh.hdr.lock.Unlock(o)
	var out []int32
	for i := range sh.slots {
		if !sh.active(i) || sh.slots[i].pid != pid || !sh.has(i, flagDeferrableWaiting) {
			continue
		}
		eachBit(sh.set(sh.unsafe, i), func(j int) bool {
			out = append(out, sh.slots[j].pid)
			return true
		})
	}
	return out
}

// InUse counts the slots in use, for tests.
func (sh *Shared) InUse(o *shmem.Owner) int {
	sh.hdr.lock.Lock(o)
	defer sh.hdr.lock.Unlock(o)
	n := 0
	for i := range sh.slots {
		if sh.has(i, flagInUse) {
			n++
		}
	}
	return n
}
