// A consistent picture of every lock held or awaited, for pg_locks
// (PostgreSQL's GetLockStatusData).

package lmgr

import (
	"sync/atomic"

	"github.com/gpostgres/gpostgres/lib/shmem"
)

// LockStatus is one row of pg_locks: a process holding or awaiting one
// mode of one lock.
type LockStatus struct {
	Tag       LockTag
	Mode      LockMode
	Granted   bool
	Pid       int32
	ProcIndex int
	// VirtualXid is the holder's virtual transaction (pg_locks'
	// virtualtransaction): its backend id, and local id 0 between its
	// transactions (a session lock held while idle shows as "3/0", as in
	// PostgreSQL).
	VirtualXid VirtualXid
	// WaitStart is not tracked yet.
}

// Status lists every granted mode and every pending request, holding all
// partition locks at once so that the picture is consistent.
func (lt *LockTable) Status(o *shmem.Owner) []LockStatus {
	for p := 0; p < NumLockPartitions; p++ {
		lt.partLock(p).RLock(o)
	}
	defer func() {
		for p := NumLockPartitions - 1; p >= 0; p-- {
			lt.partLock(p).RUnlock(o)
		}
	}()
	var out []LockStatus
	for i := range lt.procs {
		pe := &lt.procs[i]
		pid := atomic.LoadInt32(&pe.pid)
		vxid := VirtualXid{BackendID: int32(i) + 1, LocalXid: atomic.LoadUint32(&pe.vxidLocal)}
		for part := 0; part < NumLockPartitions; part++ {
			for pr := pe.myProcLocks[part]; pr != 0; pr = lt.procLock(pr).procNext {
				ple := lt.procLock(pr)
				tag := lt.lock(ple.lock).tag
				for m := AccessShareLock; m <= MaxLockMode; m++ {
					if ple.holdMask&bit(m) != 0 {
						out = append(out, LockStatus{Tag: tag, Mode: m, Granted: true, Pid: pid, ProcIndex: i, VirtualXid: vxid})
					}
				}
			}
		}
		if pe.waitLock != 0 && atomic.LoadUint32(&pe.waitStatus) == waitWaiting {
			out = append(out, LockStatus{Tag: lt.lock(pe.waitLock).tag, Mode: pe.waitMode, Pid: pid, ProcIndex: i, VirtualXid: vxid})
		}
	}
	return out
}
