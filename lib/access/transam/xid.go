// Transaction ids, full (epoch-extended) transaction ids, OIDs and their
// modulo-2^32 arithmetic: PostgreSQL's access/transam.h and transam.c.

package transam

// TransactionId is PostgreSQL's 32-bit transaction id. Normal ids are
// compared modulo 2^32 (TransactionIdPrecedes), so every normal id has
// about two billion ids "before" it and two billion "after" it.
type TransactionId uint32

// Special transaction ids, as in PostgreSQL.
const (
	InvalidTransactionId     TransactionId = 0
	BootstrapTransactionId   TransactionId = 1
	FrozenTransactionId      TransactionId = 2
	FirstNormalTransactionId TransactionId = 3
	MaxTransactionId         TransactionId = 0xFFFFFFFF
)

// IsValid reports whether x is not InvalidTransactionId.
func (x TransactionId) IsValid() bool { return x != InvalidTransactionId }

// IsNormal reports whether x is an ordinary id (not invalid, bootstrap or
// frozen).
func (x TransactionId) IsNormal() bool { return x >= FirstNormalTransactionId }

// TransactionIdPrecedes reports whether a is logically before b. Special
// ids precede every normal id and compare numerically among themselves;
// normal ids compare modulo 2^32.
func TransactionIdPrecedes(a, b TransactionId) bool {
	if !a.IsNormal() || !b.IsNormal() {
		return a < b
	}
	return int32(a-b) < 0
}

// TransactionIdPrecedesOrEquals is a <= b in transaction-id order.
func TransactionIdPrecedesOrEquals(a, b TransactionId) bool {
	if !a.IsNormal() || !b.IsNormal() {
		return a <= b
	}
	return int32(a-b) <= 0
}

// TransactionIdFollows is a > b in transaction-id order.
func TransactionIdFollows(a, b TransactionId) bool {
	if !a.IsNormal() || !b.IsNormal() {
		return a > b
	}
	return int32(a-b) > 0
}

// TransactionIdFollowsOrEquals is a >= b in transaction-id order.
func TransactionIdFollowsOrEquals(a, b TransactionId) bool {
	if !a.IsNormal() || !b.IsNormal() {
		return a >= b
	}
	return int32(a-b) >= 0
}

// TransactionIdAdvance returns the id after x, skipping the special ids on
// wraparound.
func TransactionIdAdvance(x TransactionId) TransactionId {
	x++
	if x < FirstNormalTransactionId {
		x = FirstNormalTransactionId
	}
	return x
}

// TransactionIdRetreat returns the id before x, skipping the special ids on
// wraparound.
func TransactionIdRetreat(x TransactionId) TransactionId {
	x--
	for x < FirstNormalTransactionId {
		x--
	}
	return x
}

// FullTransactionId is a 64-bit transaction id: epoch<<32 | xid. It never
// wraps, so it compares with plain integer comparison.
type FullTransactionId uint64

// Special full transaction ids.
const (
	InvalidFullTransactionId     FullTransactionId = 0
	FirstNormalFullTransactionId FullTransactionId = FullTransactionId(FirstNormalTransactionId)
)

// FullTransactionIdFromEpochAndXid builds a full id.
func FullTransactionIdFromEpochAndXid(epoch uint32, xid TransactionId) FullTransactionId {
	return FullTransactionId(uint64(epoch)<<32 | uint64(xid))
}

// Epoch is the number of times the 32-bit id has wrapped around.
func (f FullTransactionId) Epoch() uint32 { return uint32(f >> 32) }

// Xid is the 32-bit id stored in tuples and WAL records.
func (f FullTransactionId) Xid() TransactionId { return TransactionId(f) }

// IsValid reports whether f is not InvalidFullTransactionId.
func (f FullTransactionId) IsValid() bool { return f != InvalidFullTransactionId }

// Advance returns the next full id whose xid is normal (PostgreSQL's
// FullTransactionIdAdvance): the special xids 0, 1 and 2 are skipped in
// every epoch but the first.
func (f FullTransactionId) Advance() FullTransactionId {
	f++
	if f < FirstNormalFullTransactionId {
		return f
	}
	for f.Xid() < FirstNormalTransactionId {
		f++
	}
	return f
}

// Retreat is the inverse of Advance.
func (f FullTransactionId) Retreat() FullTransactionId {
	f--
	if f < FirstNormalFullTransactionId {
		return f
	}
	for f.Xid() < FirstNormalTransactionId {
		f--
	}
	return f
}

// FullXidRelativeTo widens xid to a full id, given a full id rel known to be
// within 2^31 of it (PostgreSQL's FullXidRelativeTo).
func FullXidRelativeTo(rel FullTransactionId, xid TransactionId) FullTransactionId {
	return FullTransactionId(uint64(int64(rel) + int64(int32(xid-rel.Xid()))))
}

// OID ranges (PostgreSQL's access/transam.h).
const (
	InvalidOid            uint32 = 0
	FirstGenbkiObjectId   uint32 = 10000
	FirstUnpinnedObjectId uint32 = 12000
	FirstNormalObjectId   uint32 = 16384
	// VarOidPrefetch is how many OIDs one NEXTOID WAL record covers.
	VarOidPrefetch uint32 = 8192
)
