// The session's transaction: what PostgreSQL's xact.c does for one backend
// — a lazily assigned xid, command ids, per-statement snapshots, commit and
// abort through the transaction manager, lock release and the actions that
// wait for the outcome (file removal after DROP, file cleanup after a
// rolled-back CREATE).

package backend

import (
	"context"
	"strings"

	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/engine"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/postmaster"
	"github.com/gpostgres/gpostgres/lib/sql"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/lmgr"
)

// transaction is the storage side of the current transaction. The
// session's txState ('I', 'T', 'E') and implicit flag say whether one is
// open; this holds what it did.
type transaction struct {
	s        *session
	xid      transam.TransactionId
	cid      uint32
	snapshot *transam.Snapshot
	onCommit []func()
	onAbort  []func()
	// ctx is the running statement's context, for lock waits.
	ctx context.Context
}

var _ sql.Transaction = (*transaction)(nil)

func (t *transaction) eng() *engine.Engine { return t.s.eng }

// Xid assigns the transaction's id on first use and takes the lock on it
// that lets other transactions wait for this one.
func (t *transaction) Xid() (transam.TransactionId, error) {
	if t.xid != transam.InvalidTransactionId {
		return t.xid, nil
	}
	e := t.eng()
	xid, err := e.Xact.AssignTransactionId(e.Owner, e.ProcIndex)
	if err != nil {
		return 0, err
	}
	if err := e.Locker.XactLockTableInsert(uint32(xid)); err != nil {
		return 0, err
	}
	t.xid = xid
	return xid, nil
}

func (t *transaction) CommandID() uint32        { return t.cid }
func (t *transaction) CommandCounterIncrement() { t.cid++ }

// Snapshot is the statement's snapshot, taken at its start (READ COMMITTED).
func (t *transaction) Snapshot() *transam.Snapshot {
	if t.snapshot == nil {
		t.snapshot = t.CatalogSnapshot()
	}
	return t.snapshot
}

// CatalogSnapshot takes a fresh snapshot.
func (t *transaction) CatalogSnapshot() *transam.Snapshot {
	e := t.eng()
	return e.Xact.GetSnapshot(e.Owner, e.ProcIndex)
}

func (t *transaction) LockRelation(relOID uint32, mode lmgr.LockMode) error {
	ctx := t.ctx
	if ctx == nil {
		ctx = context.Background()
	}
	return t.eng().Locker.LockRelationOid(ctx, t.s.dbOID, relOID, mode)
}

func (t *transaction) AtCommit(f func()) { t.onCommit = append(t.onCommit, f) }
func (t *transaction) AtAbort(f func())  { t.onAbort = append(t.onAbort, f) }

// endStatement forgets the statement's snapshot so the next statement
// sees what committed meanwhile.
func (t *transaction) endStatement() {
	if t.snapshot != nil {
		t.snapshot = nil
		if t.xid == transam.InvalidTransactionId {
			t.eng().Xact.ResetXmin(t.eng().ProcIndex)
		}
	}
}

// finish commits or aborts. A failure to make a commit durable is a PANIC:
// the process exits and the postmaster restarts everything, and recovery
// decides from the WAL whether the commit happened.
func (t *transaction) finish(commit bool) error {
	e := t.eng()
	// A transaction without an xid logs nothing; the calls still leave
	// the proc array and count the transaction.
	var err error
	if commit {
		_, err = e.Xact.CommitTransaction(e.Owner, e.ProcIndex, t.xid, synchronousCommit(t.s))
	} else {
		err = e.Xact.AbortTransaction(e.Owner, e.ProcIndex, t.xid)
	}
	if postmaster.IsPanic(err) {
		// The outcome may be half recorded: only recovery can tell.
		t.s.child.Panic(err, t.s.slot)
	}
	// Outcome actions (file removal, invalidation messages) run before the
	// locks go, so a backend that was waiting for one of them finds their
	// effects when it gets the lock.
	actions := t.onAbort
	if commit && err == nil {
		actions = t.onCommit
	}
	for _, f := range actions {
		f()
	}
	e.Heap.EndTransaction()
	e.Locker.LockReleaseAll()
	*t = transaction{s: t.s}
	return err
}

// synchronousCommit reads synchronous_commit: every setting but off waits
// for the local WAL flush (there are no standbys yet).
func synchronousCommit(s *session) bool {
	return !strings.EqualFold(s.child.Settings.String("synchronous_commit"), "off")
}

// Storage gives statements the session's storage (sql.StorageEnv).
func (s *session) Storage() sql.Storage {
	if s.eng == nil {
		return nil
	}
	return sessionStorage{s}
}

type sessionStorage struct{ s *session }

func (st sessionStorage) DatabaseOID() uint32     { return st.s.dbOID }
func (st sessionStorage) Txn() sql.Transaction    { return &st.s.xact }
func (st sessionStorage) Heap() any               { return st.s.eng.Heap }
func (st sessionStorage) Catalog() *catalog.Cache { return st.s.catalogCache() }

func (st sessionStorage) CreateRelationStorage(rel storage.RelFileLocator) error {
	return st.s.eng.CreateRelationStorage(rel)
}

func (st sessionStorage) DropRelationStorage(rel storage.RelFileLocator) error {
	return st.s.eng.DropRelationStorage(rel)
}

// catalogCache is the backend's catalog cache, made on first use.
func (s *session) catalogCache() *catalog.Cache {
	if s.catalog == nil {
		s.catalog = catalog.NewCache(s.dbOID, s.eng.AttachInval())
		// A relation dropped or truncated elsewhere: close our descriptors
		// of its old files.
		s.catalog.OnSmgrInvalidation("smgr", s.eng.Smgr.Close)
	}
	return s.catalog
}

// Notice sends a NOTICE or WARNING to the client (sql.Notifier).
func (s *session) Notice(e *pgerr.Error) { s.notice(e) }

// checkpoint is the CHECKPOINT command: ask the checkpointer for an
// immediate checkpoint and wait for it (RequestCheckpoint).
func (s *session) checkpoint(ctx context.Context) error {
	if !s.superuser {
		return pgerr.New(pgerr.InsufficientPrivilege, "must be superuser to do CHECKPOINT")
	}
	return s.child.RequestCheckpoint(ctx, uint32(engine.CkptImmediate|engine.CkptForce|engine.CkptWait), true)
}
