// The session's access to advisory locks, for pg_advisory_lock and
// friends.

package expr

// AdvisoryKey names an advisory lock of the current database as
// PostgreSQL's SET_LOCKTAG_ADVISORY does: a bigint key split into its
// high (Hi) and low (Lo) 32 bits with Kind 1, or two int4 keys with Kind
// 2. pg_locks shows Hi as classid, Lo as objid and Kind as objsubid.
type AdvisoryKey struct {
	Hi, Lo uint32
	Kind   uint16
}

// AdvisoryKeyInt8 is the key of the bigint forms of the functions.
func AdvisoryKeyInt8(key int64) AdvisoryKey {
	return AdvisoryKey{Hi: uint32(uint64(key) >> 32), Lo: uint32(key), Kind: 1}
}

// AdvisoryKeyInt4 is the key of the (int4, int4) forms.
func AdvisoryKeyInt4(key1, key2 int32) AdvisoryKey {
	return AdvisoryKey{Hi: uint32(key1), Lo: uint32(key2), Kind: 2}
}

// AdvisoryLocks is implemented by the catalog access of sessions with
// storage (EvalContext.Catalog); the advisory lock functions use it and
// fail with feature_not_supported without it.
type AdvisoryLocks interface {
	// AdvisoryLock takes the lock in ExclusiveLock (ShareLock if shared)
	// for the session (released by AdvisoryUnlock or the session's end)
	// or, with xact, for the transaction. With wait it waits for a
	// conflicting holder, obeying cancel, statement_timeout, lock_timeout
	// and the deadlock check; without, it reports false at once.
	AdvisoryLock(key AdvisoryKey, shared, xact, wait bool) (bool, error)
	// AdvisoryUnlock releases one session-level acquisition; when the
	// session holds none it sends PostgreSQL's WARNING and reports false.
	AdvisoryUnlock(key AdvisoryKey, shared bool) (bool, error)
	// AdvisoryUnlockAll releases every session-level advisory lock of the
	// session; transaction-level ones stay.
	AdvisoryUnlockAll() error
}
