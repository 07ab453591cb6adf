// Deadlock detection: after deadlock_timeout of waiting, a process looks
// for a cycle through itself in the wait-for graph, holding every
// partition lock (a simple form of PostgreSQL's deadlock.c).

package lmgr

import (
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// deadlockInfo is one edge of a cycle: pid waits for mode on tag
// (DEADLOCK_INFO).
type deadlockInfo struct {
	tag  LockTag
	mode LockMode
	pid  int32
}

// deadlockError is DeadLockReport's client message: each process of the
// cycle, what it waits for and who blocks it.
func deadlockError(cycle []deadlockInfo) *pgerr.Error {
	var b strings.Builder
	for i, d := range cycle {
		if i > 0 {
			b.WriteByte('\n')
		}
		next := cycle[(i+1)%len(cycle)].pid
		fmt.Fprintf(&b, "Process %d waits for %s on %s; blocked by process %d.", d.pid, d.mode, d.tag, next)
	}
	e := pgerr.New(pgerr.TRDeadlockDetected, "deadlock detected")
	e.Detail = b.String()
	return e.WithHint("See server log for query details.")
}

// checkDeadlock runs the check for the calling process. If it is part of
// a cycle it leaves the wait queue and returns the deadlock error.
func (l *Locker) checkDeadlock() error {
	lt, o := l.lt, l.o
	for p := 0; p < NumLockPartitions; p++ {
		lt.partLock(p).Lock(o)
	}
	defer func() {
		for p := NumLockPartitions - 1; p >= 0; p-- {
			lt.partLock(p).Unlock(o)
		}
	}()
	if atomic.LoadUint32(&lt.procs[l.procIndex].waitStatus) != waitWaiting {
		return nil // granted meanwhile
	}
	cycle := lt.findCycle(l.procIndex)
	if cycle == nil {
		return nil
	}
	lt.removeFromWaitQueue(o, l.procIndex)
	return deadlockError(cycle)
}

// findCycle searches the wait-for graph, depth first, for a path from
// start back to itself. A waiting process has an edge to every other
// process holding a mode that conflicts with the one it waits for (hard
// edge) and to every process ahead of it in the same queue waiting for a
// conflicting mode (soft edge). PostgreSQL tries to break cycles made only
// of soft edges by reordering the queue; here every cycle is a deadlock.
// Every partition lock must be held.
func (lt *LockTable) findCycle(start int) []deadlockInfo {
	visited := make([]bool, len(lt.procs))
	var path []deadlockInfo
	var visit func(p int) bool
	visit = func(p int) bool {
		if p == start && len(path) > 0 {
			return true
		}
		if visited[p] {
			return false
		}
		visited[p] = true
		pe := &lt.procs[p]
		if pe.waitLock == 0 || atomic.LoadUint32(&pe.waitStatus) != waitWaiting {
			return false
		}
		lk := lt.lock(pe.waitLock)
		cm := conflictTab[pe.waitMode]
		path = append(path, deadlockInfo{tag: lk.tag, mode: pe.waitMode, pid: pe.pid})
		for pr := lk.procLocks; pr != 0; pr = lt.procLock(pr).lockNext {
			ple := lt.procLock(pr)
			q := int(ple.proc - 1)
			if q != p && ple.holdMask&cm != 0 && visit(q) {
				return true
			}
		}
		for q := lk.waitHead; q != 0 && int(q-1) != p; q = lt.procs[q-1].waitNext {
			if cm&bit(lt.procs[q-1].waitMode) != 0 && visit(int(q-1)) {
				return true
			}
		}
		path = path[:len(path)-1]
		return false
	}
	if visit(start) {
		return path
	}
	return nil
}
