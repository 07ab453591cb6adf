// Session locks: locks a process keeps across its transactions
// (PostgreSQL's LockRelationIdForSession), for the commands that commit
// in the middle of their work — CREATE INDEX CONCURRENTLY and friends —
// and must keep the table from changing between their transactions.

package lmgr

import "context"

// LockAcquireSession takes tag in mode until LockReleaseSession, across
// transaction ends (ReleaseTransactionLocks keeps it). An abort releases
// it with everything else (LockReleaseAll), as PostgreSQL's abort does.
func (l *Locker) LockAcquireSession(ctx context.Context, tag LockTag, mode LockMode) error {
	if _, err := l.LockAcquire(ctx, tag, mode, false); err != nil {
		return err
	}
	l.session[localKey{tag, mode}]++
	return nil
}

// LockReleaseSession releases one session acquisition of tag in mode; it
// reports false when the process holds none.
func (l *Locker) LockReleaseSession(tag LockTag, mode LockMode) bool {
	key := localKey{tag, mode}
	n := l.session[key]
	if n == 0 {
		return false
	}
	if n == 1 {
		delete(l.session, key)
	} else {
		l.session[key] = n - 1
	}
	return l.LockRelease(tag, mode)
}

// ReleaseTransactionLocks releases what a committing transaction holds:
// every lock but the session locks (LockReleaseAll with allLocks false).
func (l *Locker) ReleaseTransactionLocks() {
	if len(l.session) == 0 {
		l.LockReleaseAll()
		return
	}
	l.lt.releaseAll(l.o, l.procIndex, l.session)
	clear(l.local)
	for k, n := range l.session {
		l.local[k] = n
	}
}
