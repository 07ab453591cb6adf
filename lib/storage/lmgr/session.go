// Session locks: locks a process keeps across its transactions. Two
// kinds use them: the commands that commit in the middle of their work —
// CREATE INDEX CONCURRENTLY and friends, PostgreSQL's
// LockRelationIdForSession — which must keep the table from changing
// between their transactions and lose their locks if they fail; and
// session-level advisory locks (pg_advisory_lock), of the user lock
// method, which only an unlock or the end of the session releases.

package lmgr

import "context"

// LockAcquireSession takes tag in mode until LockReleaseSession, across
// transaction ends (ReleaseTransactionLocks keeps it). An abort
// (ReleaseAbortedTransactionLocks) keeps it too if tag is of the user
// lock method (an advisory lock) and releases it otherwise, as
// PostgreSQL's abort does.
func (l *Locker) LockAcquireSession(ctx context.Context, tag LockTag, mode LockMode) error {
	_, err := l.lockAcquireSession(ctx, tag, mode, false)
	return err
}

// ConditionalLockAcquireSession is LockAcquireSession without waiting:
// it reports false, holding nothing more, when the lock is not free
// (pg_try_advisory_lock).
func (l *Locker) ConditionalLockAcquireSession(tag LockTag, mode LockMode) (bool, error) {
	return l.lockAcquireSession(context.Background(), tag, mode, true)
}

func (l *Locker) lockAcquireSession(ctx context.Context, tag LockTag, mode LockMode, dontWait bool) (bool, error) {
	ok, err := l.LockAcquire(ctx, tag, mode, dontWait)
	if err != nil || !ok {
		return false, err
	}
	l.session[localKey{tag, mode}]++
	return true, nil
}

// LockReleaseSession releases one session acquisition of tag in mode; it
// reports false when the process holds none (an acquisition by the
// transaction does not count: PostgreSQL's LockRelease with sessionLock
// true).
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

// LockReleaseSessionMethod releases every session acquisition of the
// locks of lock method method (PostgreSQL's LockReleaseSession, which
// pg_advisory_unlock_all calls for the user lock method); what the
// transaction acquired stays.
func (l *Locker) LockReleaseSessionMethod(method uint8) {
	for key, n := range l.session {
		if key.tag.Method != method {
			continue
		}
		delete(l.session, key)
		for ; n > 0; n-- {
			l.LockRelease(key.tag, key.mode)
		}
	}
}

// ReleaseTransactionLocks releases what a committing transaction holds:
// every lock but the session locks (LockReleaseAll with allLocks false).
func (l *Locker) ReleaseTransactionLocks() {
	l.releaseKeeping(l.session)
}

// ReleaseAbortedTransactionLocks releases what an aborting transaction
// holds: every lock, session locks included, except the session locks of
// the user lock method — advisory locks taken by pg_advisory_lock survive
// an abort, as PostgreSQL's ProcReleaseLocks (LockReleaseAll of the
// default method with allLocks, of the user method without) leaves them.
func (l *Locker) ReleaseAbortedTransactionLocks() {
	for key := range l.session {
		if key.tag.Method != UserLockMethod {
			delete(l.session, key)
		}
	}
	l.releaseKeeping(l.session)
}

// releaseKeeping releases every lock of the process but the modes keep
// counts, which remain held keep's number of times.
func (l *Locker) releaseKeeping(keep map[localKey]int) {
	if len(keep) == 0 {
		l.LockReleaseAll()
		return
	}
	l.lt.releaseAll(l.o, l.procIndex, keep)
	clear(l.local)
	for k, n := range keep {
		l.local[k] = n
	}
}
