// The session side of the advisory lock functions (PostgreSQL's
// lockfuncs.c): the lock tags, and which acquisitions belong to the
// session and which to the transaction.

package sql

import (
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/storage/lmgr"
)

func (n names) advisoryTag(key expr.AdvisoryKey) (lmgr.LockTag, error) {
	if n.s.tx == nil {
		return lmgr.LockTag{}, pgerr.New(pgerr.FeatureNotSupported, "advisory locks are not available in this session")
	}
	return lmgr.AdvisoryTag(n.s.db, key.Hi, key.Lo, key.Kind), nil
}

func advisoryMode(shared bool) lmgr.LockMode {
	if shared {
		return lmgr.ShareLock
	}
	return lmgr.ExclusiveLock
}

// AdvisoryLock implements the pg_advisory_lock family.
func (n names) AdvisoryLock(key expr.AdvisoryKey, shared, xact, wait bool) (bool, error) {
	tag, err := n.advisoryTag(key)
	if err != nil {
		return false, err
	}
	if xact {
		return n.s.tx.LockObject(tag, advisoryMode(shared), !wait)
	}
	return n.s.tx.LockSession(tag, advisoryMode(shared), !wait)
}

// AdvisoryUnlock implements pg_advisory_unlock and
// pg_advisory_unlock_shared: only a session-level acquisition can be
// released; without one the result is false, with LockRelease's WARNING.
func (n names) AdvisoryUnlock(key expr.AdvisoryKey, shared bool) (bool, error) {
	tag, err := n.advisoryTag(key)
	if err != nil {
		return false, err
	}
	mode := advisoryMode(shared)
	if n.s.eng.Locker.LockReleaseSession(tag, mode) {
		return true, nil
	}
	if nt, ok := n.s.env.(Notifier); ok {
		nt.Notice(pgerr.Newf(pgerr.Warning, "you don't own a lock of type %s", mode).WithSeverity(pgerr.SeverityWarning))
	}
	return false, nil
}

// AdvisoryUnlockAll implements pg_advisory_unlock_all.
func (n names) AdvisoryUnlockAll() error {
	if _, err := n.advisoryTag(expr.AdvisoryKey{}); err != nil {
		return err
	}
	n.s.eng.Locker.LockReleaseSessionMethod(lmgr.UserLockMethod)
	return nil
}
