// Lock tags: what a heavyweight lock is on (PostgreSQL's LOCKTAG and the
// SET_LOCKTAG_* macros of lock.h), and their descriptions in messages
// (lmgr.c's DescribeLockTag).

package lmgr

import "fmt"

// LockTagType says what kind of object a tag names.
type LockTagType uint8

// Lock tag types, numbered as PostgreSQL 15 numbers them.
const (
	LockTagRelation           LockTagType = iota // whole relation
	LockTagRelationExtend                        // the right to extend a relation
	LockTagDatabaseFrozenIds                     // pg_database.datfrozenxid of a database
	LockTagPage                                  // one page of a relation
	LockTagTuple                                 // one physical tuple
	LockTagTransaction                           // a transaction (to wait for it to finish)
	LockTagVirtualTransaction                    // a virtual transaction id
	LockTagSpeculativeToken                      // a speculative insertion
	LockTagObject                                // a non-relation database object
	LockTagUserlock                              // reserved for old contrib code
	LockTagAdvisory                              // an advisory lock
)

var tagTypeNames = [...]string{
	"relation", "extend", "frozenid", "page", "tuple", "transactionid",
	"virtualxid", "spectoken", "object", "userlock", "advisory",
}

// String is the type's name as pg_locks.locktype shows it.
func (t LockTagType) String() string {
	if int(t) < len(tagTypeNames) {
		return tagTypeNames[t]
	}
	return fmt.Sprintf("unknown %d", t)
}

// Lock methods.
const (
	DefaultLockMethod uint8 = 1
	UserLockMethod    uint8 = 2 // advisory locks
)

// LockTag identifies a lockable object: PostgreSQL's 16-byte LOCKTAG. The
// meaning of the fields depends on Type; use the constructors.
type LockTag struct {
	Field1 uint32
	Field2 uint32
	Field3 uint32
	Field4 uint16
	Type   LockTagType
	Method uint8
}

// RelationTag names a relation of a database (database 0 for a shared
// catalog).
func RelationTag(db, rel uint32) LockTag {
	return LockTag{Field1: db, Field2: rel, Type: LockTagRelation, Method: DefaultLockMethod}
}

// RelationExtendTag names the right to extend a relation.
func RelationExtendTag(db, rel uint32) LockTag {
	return LockTag{Field1: db, Field2: rel, Type: LockTagRelationExtend, Method: DefaultLockMethod}
}

// DatabaseFrozenIdsTag names a database's datfrozenxid.
func DatabaseFrozenIdsTag(db uint32) LockTag {
	return LockTag{Field1: db, Type: LockTagDatabaseFrozenIds, Method: DefaultLockMethod}
}

// PageTag names a page of a relation.
func PageTag(db, rel, block uint32) LockTag {
	return LockTag{Field1: db, Field2: rel, Field3: block, Type: LockTagPage, Method: DefaultLockMethod}
}

// TupleTag names a tuple by its physical position.
func TupleTag(db, rel, block uint32, offset uint16) LockTag {
	return LockTag{Field1: db, Field2: rel, Field3: block, Field4: offset, Type: LockTagTuple, Method: DefaultLockMethod}
}

// TransactionTag names a transaction id.
func TransactionTag(xid uint32) LockTag {
	return LockTag{Field1: xid, Type: LockTagTransaction, Method: DefaultLockMethod}
}

// VirtualTransactionTag names a virtual transaction (backend id, local xid).
func VirtualTransactionTag(backendID int32, localXid uint32) LockTag {
	return LockTag{Field1: uint32(backendID), Field2: localXid, Type: LockTagVirtualTransaction, Method: DefaultLockMethod}
}

// SpeculativeTokenTag names a speculative insertion of a transaction.
func SpeculativeTokenTag(xid, token uint32) LockTag {
	return LockTag{Field1: xid, Field2: token, Type: LockTagSpeculativeToken, Method: DefaultLockMethod}
}

// ObjectTag names a non-relation object (database 0 for shared objects).
func ObjectTag(db, classID, objID uint32, objSubID uint16) LockTag {
	return LockTag{Field1: db, Field2: classID, Field3: objID, Field4: objSubID, Type: LockTagObject, Method: DefaultLockMethod}
}

// AdvisoryTag names an advisory lock: id4 is 1 for a bigint key split in
// two halves (id2 high, id3 low), 2 for a pair of int4 keys.
func AdvisoryTag(db, id2, id3 uint32, id4 uint16) LockTag {
	return LockTag{Field1: db, Field2: id2, Field3: id3, Field4: id4, Type: LockTagAdvisory, Method: UserLockMethod}
}

// String describes the object as PostgreSQL's DescribeLockTag does, e.g.
// "relation 16384 of database 5" or "transaction 731".
func (t LockTag) String() string {
	switch t.Type {
	case LockTagRelation:
		return fmt.Sprintf("relation %d of database %d", t.Field2, t.Field1)
	case LockTagRelationExtend:
		return fmt.Sprintf("extension of relation %d of database %d", t.Field2, t.Field1)
	case LockTagDatabaseFrozenIds:
		return fmt.Sprintf("pg_database.datfrozenxid of database %d", t.Field1)
	case LockTagPage:
		return fmt.Sprintf("page %d of relation %d of database %d", t.Field3, t.Field2, t.Field1)
	case LockTagTuple:
		return fmt.Sprintf("tuple (%d,%d) of relation %d of database %d", t.Field3, t.Field4, t.Field2, t.Field1)
	case LockTagTransaction:
		return fmt.Sprintf("transaction %d", t.Field1)
	case LockTagVirtualTransaction:
		return fmt.Sprintf("virtual transaction %d/%d", int32(t.Field1), t.Field2)
	case LockTagSpeculativeToken:
		return fmt.Sprintf("speculative token %d of transaction %d", t.Field2, t.Field1)
	case LockTagObject:
		return fmt.Sprintf("object %d of class %d of database %d", t.Field3, t.Field2, t.Field1)
	case LockTagUserlock:
		return fmt.Sprintf("user lock [%d,%d,%d]", t.Field1, t.Field2, t.Field3)
	case LockTagAdvisory:
		return fmt.Sprintf("advisory lock [%d,%d,%d,%d]", t.Field1, t.Field2, t.Field3, t.Field4)
	}
	return fmt.Sprintf("unrecognized locktag type %d", t.Type)
}

// hash is FNV-1a over the tag's 16 bytes; its low bits choose the
// partition, the rest the bucket.
func (t LockTag) hash() uint32 {
	h := uint32(2166136261)
	mix := func(v uint32, n int) {
		for i := 0; i < n; i++ {
			h ^= v & 0xFF
			h *= 16777619
			v >>= 8
		}
	}
	mix(t.Field1, 4)
	mix(t.Field2, 4)
	mix(t.Field3, 4)
	mix(uint32(t.Field4), 2)
	mix(uint32(t.Type), 1)
	mix(uint32(t.Method), 1)
	return h
}
