// The eight table-level lock modes and PostgreSQL's conflict table
// (lock.c's LockConflicts, lockdefs.h).

package lmgr

// LockMode is a heavyweight lock mode, numbered as PostgreSQL numbers them.
type LockMode int32

// Lock modes (lockdefs.h).
const (
	NoLock                   LockMode = 0
	AccessShareLock          LockMode = 1 // SELECT
	RowShareLock             LockMode = 2 // SELECT FOR UPDATE/FOR SHARE
	RowExclusiveLock         LockMode = 3 // INSERT, UPDATE, DELETE
	ShareUpdateExclusiveLock LockMode = 4 // VACUUM (non-FULL), ANALYZE, CREATE INDEX CONCURRENTLY
	ShareLock                LockMode = 5 // CREATE INDEX (without CONCURRENTLY)
	ShareRowExclusiveLock    LockMode = 6 // like EXCLUSIVE MODE, but allows ROW SHARE
	ExclusiveLock            LockMode = 7 // blocks ROW SHARE/SELECT...FOR UPDATE
	AccessExclusiveLock      LockMode = 8 // ALTER TABLE, DROP TABLE, VACUUM FULL, and unqualified LOCK TABLE

	MaxLockMode = AccessExclusiveLock
)

var lockModeNames = [...]string{
	"INVALID",
	"AccessShareLock",
	"RowShareLock",
	"RowExclusiveLock",
	"ShareUpdateExclusiveLock",
	"ShareLock",
	"ShareRowExclusiveLock",
	"ExclusiveLock",
	"AccessExclusiveLock",
}

// String is the mode's name as pg_locks and error messages print it.
func (m LockMode) String() string {
	if m < 0 || m > MaxLockMode {
		return "INVALID"
	}
	return lockModeNames[m]
}

// LockModeByName is the inverse of String.
func LockModeByName(name string) (LockMode, bool) {
	for i := AccessShareLock; i <= MaxLockMode; i++ {
		if lockModeNames[i] == name {
			return i, true
		}
	}
	return NoLock, false
}

// lockMask has bit m set for each mode m (LOCKBIT_ON).
type lockMask uint32

func bit(m LockMode) lockMask { return 1 << uint(m) }

// conflictTab[m] is the set of modes that conflict with m.
var conflictTab = [MaxLockMode + 1]lockMask{
	0,
	// AccessShareLock
	bit(AccessExclusiveLock),
	// RowShareLock
	bit(ExclusiveLock) | bit(AccessExclusiveLock),
	// RowExclusiveLock
	bit(ShareLock) | bit(ShareRowExclusiveLock) | bit(ExclusiveLock) | bit(AccessExclusiveLock),
	// ShareUpdateExclusiveLock
	bit(ShareUpdateExclusiveLock) | bit(ShareLock) | bit(ShareRowExclusiveLock) |
		bit(ExclusiveLock) | bit(AccessExclusiveLock),
	// ShareLock
	bit(RowExclusiveLock) | bit(ShareUpdateExclusiveLock) |
		bit(ShareRowExclusiveLock) | bit(ExclusiveLock) | bit(AccessExclusiveLock),
	// ShareRowExclusiveLock
	bit(RowExclusiveLock) | bit(ShareUpdateExclusiveLock) |
		bit(ShareLock) | bit(ShareRowExclusiveLock) | bit(ExclusiveLock) | bit(AccessExclusiveLock),
	// ExclusiveLock
	bit(RowShareLock) | bit(RowExclusiveLock) | bit(ShareUpdateExclusiveLock) |
		bit(ShareLock) | bit(ShareRowExclusiveLock) | bit(ExclusiveLock) | bit(AccessExclusiveLock),
	// AccessExclusiveLock
	bit(AccessShareLock) | bit(RowShareLock) | bit(RowExclusiveLock) | bit(ShareUpdateExclusiveLock) |
		bit(ShareLock) | bit(ShareRowExclusiveLock) | bit(ExclusiveLock) | bit(AccessExclusiveLock),
}

// Conflicts reports whether a lock in mode a and one in mode b on the same
// object cannot be held by two different transactions at once. The table
// is symmetric.
func Conflicts(a, b LockMode) bool {
	if a <= NoLock || a > MaxLockMode || b <= NoLock || b > MaxLockMode {
		return false
	}
	return conflictTab[a]&bit(b) != 0
}
