// The session's access to sequences, for nextval and friends.

package expr

import "github.com/gpostgres/gpostgres/lib/types"

// Sequences is implemented by the catalog access of sessions with storage
// (EvalContext.Catalog); the sequence functions use it and fail with
// feature_not_supported without it.
type Sequences interface {
	// Nextval advances the sequence and returns its new value.
	Nextval(relid uint32) (int64, error)
	// Currval is the value nextval last returned in this session.
	Currval(relid uint32) (int64, error)
	// Setval sets the sequence's current value (isCalled: the next
	// nextval returns the following value) and returns value.
	Setval(relid uint32, value int64, isCalled bool) (int64, error)
	// Lastval is the value of this session's most recent nextval.
	Lastval() (int64, error)
	// SequenceLastValue is pg_sequence_last_value: the sequence's
	// last_value if nextval was ever called on it, else ok is false.
	SequenceLastValue(relid uint32) (value int64, ok bool, err error)
	// SerialSequence is pg_get_serial_sequence: the qualified name of the
	// sequence a serial or identity column uses, ok false if none.
	SerialSequence(table, column string) (name string, ok bool, err error)
}

// ViewDefiner is implemented by the catalog access of sessions with
// storage: pg_get_viewdef uses it.
type ViewDefiner interface {
	// ViewDefinition is the text of view relid's query as pg_get_viewdef
	// prints it (pretty: only the parentheses precedence needs; wrap:
	// the wrap column of the target list); found is false when relid is
	// not a view.
	ViewDefinition(relid uint32, pretty bool, wrap int) (text string, found bool, err error)
	// ViewDefinitionByName resolves the (possibly qualified) name first.
	ViewDefinitionByName(name string, pretty bool) (text string, found bool, err error)
	// FunctionSQLBody is pg_get_function_sqlbody: the SQL-standard body
	// of function oid as PostgreSQL prints it; found is false when it
	// has none.
	FunctionSQLBody(oid uint32) (text string, found bool, err error)
}

// Updatability is implemented by the catalog access of sessions with
// storage: pg_relation_is_updatable and pg_column_is_updatable use it.
type Updatability interface {
	// RelationUpdatable is relation_is_updatable: a mask of 1<<CMD_UPDATE
	// (4), 1<<CMD_INSERT (8) and 1<<CMD_DELETE (16) for the changes
	// relation relid accepts, INSERT and UPDATE counting only columns
	// among cols (attnums) when given. Views count only when automatically
	// updatable (gpostgres has no INSTEAD triggers or rules on views).
	RelationUpdatable(relid uint32, cols []int16) (int32, error)
}

// ConstraintDefiner is implemented by the catalog access of sessions with
// storage: pg_get_constraintdef uses it.
type ConstraintDefiner interface {
	// ConstraintDefinition is the definition of constraint oid as
	// PostgreSQL prints it ("CHECK (a > 0)"); found is false for an
	// unknown constraint.
	ConstraintDefinition(oid uint32, pretty bool) (text string, found bool, err error)
}

// TriggerDefiner is implemented by the catalog access of sessions with
// storage: pg_get_triggerdef uses it.
type TriggerDefiner interface {
	// TriggerDefinition is trigger oid's CREATE TRIGGER statement;
	// found is false for an unknown trigger.
	TriggerDefinition(oid uint32, pretty bool) (text string, found bool, err error)
}

// IndexDefiner is implemented by the catalog access of sessions with
// storage: pg_get_indexdef uses it.
type IndexDefiner interface {
	// IndexDefinition is index oid's CREATE INDEX statement, or with
	// column > 0 that column's definition; found is false for an unknown
	// index or column.
	IndexDefinition(oid uint32, column int, pretty bool) (text string, found bool, err error)
}

// Commenter is implemented by the catalog access of sessions with
// storage: obj_description and col_description use it.
type Commenter interface {
	// Description is the pg_description text of (objoid, classoid,
	// subid); classoid 0 matches any class.
	Description(objoid, classoid uint32, subid int32) (text string, found bool, err error)
	// SharedDescription is the pg_shdescription text of (objoid,
	// classoid).
	SharedDescription(objoid, classoid uint32) (text string, found bool, err error)
	// CatalogOID is the OID of the system catalog name, 0 if none.
	CatalogOID(name string) (uint32, error)
}

// ObjectDescriber is implemented by the catalog access of sessions with
// storage: pg_describe_object uses it.
type ObjectDescriber interface {
	// DescribeObject names an object as PostgreSQL's messages do
	// ("table t", "column a of table t", "sequence s").
	DescribeObject(classID, objID uint32, subID int32) (string, error)
}

// Transactions is implemented by the catalog access of sessions with
// storage: the transaction id and snapshot functions (xid8funcs.c) use
// it.
type Transactions interface {
	// CurrentXactID is the top-level transaction's full id; with assign,
	// one is assigned if it has none (GetTopFullTransactionId), else ok
	// is false then.
	CurrentXactID(assign bool) (fxid uint64, ok bool, err error)
	// XactStatus is pg_xact_status of a full transaction id.
	XactStatus(fxid uint64) (status string, ok bool, err error)
	// CurrentSnapshot is the statement's snapshot in full ids.
	CurrentSnapshot() (types.Snapshot, error)
	// ExportSnapshot is pg_export_snapshot: it saves the statement's
	// snapshot for SET TRANSACTION SNAPSHOT and returns its identifier.
	ExportSnapshot() (string, error)
	// StableLatestXid is the id age(xid) counts from, the same for the
	// whole transaction (GetStableLatestTransactionId).
	StableLatestXid() uint32
}

// MultiXacts is what pg_get_multixact_members and mxid_age need of the
// session: a multixact's members and the next multixact id to assign.
type MultiXacts interface {
	// MultiXactMembers lists a multixact's members with their lock mode
	// names (keysh, sh, fornokeyupd, forupd, nokeyupd, upd).
	MultiXactMembers(multi uint32) (xids []uint32, modes []string, err error)
	// NextMultiXactID is ReadNextMultiXactId.
	NextMultiXactID() uint32
}
