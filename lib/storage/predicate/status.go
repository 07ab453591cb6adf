// What pg_locks shows of SIREAD locks, and
// pg_safe_snapshot_blocking_pids.

package predicate

import (
	"github.com/gpostgres/gpostgres/lib/shmem"
	"github.com/gpostgres/gpostgres/lib/storage/lmgr"
)

// LockStatus is one SIREAD lock (GetPredicateLockStatusData). Every lock
// is on a whole relation: gpostgres locks at relation granularity.
type LockStatus struct {
	Database, Relation uint32
	Vxid               lmgr.VirtualXid
	Pid                int32
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
		for _, rel := range sh.relList(sh.reads, i, s.nReads) {
			out = append(out, LockStatus{Database: s.db, Relation: rel, Vxid: s.vxid, Pid: s.pid})
		}
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
