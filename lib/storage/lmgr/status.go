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
	// WaitStart is when a pending request began to wait (unix
	// microseconds); 0 for a granted mode, and possibly for an instant
	// after a wait began, as PostgreSQL's waitstart.
	WaitStart int64
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
			out = append(out, LockStatus{Tag: lt.lock(pe.waitLock).tag, Mode: pe.waitMode, Pid: pid, ProcIndex: i, VirtualXid: vxid,
				WaitStart: atomic.LoadInt64(&pe.waitStart)})
		}
	}
	return out
}

// BlockingPids lists the processes that keep the process pid waiting for
// its lock (PostgreSQL's pg_blocking_pids): those holding a mode that
// conflicts with the mode it asks for, and those ahead of it in the
// lock's wait queue asking for a conflicting mode. Holders come first, in
// the order they joined the lock, then the waiters. A process that is not
// waiting for a lock has none.
func (lt *LockTable) BlockingPids(o *shmem.Owner, pid int32) []int32 {
	for p := 0; p < NumLockPartitions; p++ {
		lt.partLock(p).RLock(o)
	}
	defer func() {
		for p := NumLockPartitions - 1; p >= 0; p-- {
			lt.partLock(p).RUnlock(o)
		}
	}()
	blocked := -1
	for i := range lt.procs {
		pe := &lt.procs[i]
		if atomic.LoadInt32(&pe.pid) == pid && pe.waitLock != 0 && atomic.LoadUint32(&pe.waitStatus) == waitWaiting {
			blocked = i
			break
		}
	}
	if blocked < 0 {
		return nil
	}
	me := &lt.procs[blocked]
	r := me.waitLock
	lk := lt.lock(r)
	conflicts := conflictTab[me.waitMode]
	// The processes queued ahead of the blocked one.
	ahead := map[int]bool{}
	for q := lk.waitHead; q != 0 && int(q-1) != blocked; q = lt.procs[q-1].waitNext {
		ahead[int(q-1)] = true
	}
	// The holder list is newest first; PostgreSQL's is oldest first.
	var entries []int32
	for pr := lk.procLocks; pr != 0; pr = lt.procLock(pr).lockNext {
		entries = append(entries, pr)
	}
	var out []int32
	for k := len(entries) - 1; k >= 0; k-- {
		ple := lt.procLock(entries[k])
		idx := int(ple.proc - 1)
		if idx == blocked {
			continue
		}
		pe := &lt.procs[idx]
		switch {
		case conflicts&ple.holdMask != 0:
		case pe.waitLock == r && atomic.LoadUint32(&pe.waitStatus) == waitWaiting &&
			conflicts&bit(pe.waitMode) != 0 && ahead[idx]:
		default:
			continue
		}
		out = append(out, atomic.LoadInt32(&pe.pid))
	}
	return out
}

// BackendPid is the pid of the process with backend id backendID (a
// VirtualXid's BackendID), 0 if none: CREATE INDEX CONCURRENTLY reports
// the locker it waits for (pg_stat_progress_create_index).
func (lt *LockTable) BackendPid(backendID int32) int32 {
	if backendID < 1 || int(backendID) > len(lt.procs) {
		return 0
	}
	return atomic.LoadInt32(&lt.procs[backendID-1].pid)
}
