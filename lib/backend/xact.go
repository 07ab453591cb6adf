// The session's storage as the SQL layer sees it (sql.StorageEnv): its
// transaction (lib/xact) and its catalog cache; and the CHECKPOINT command.

package backend

import (
	"context"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/engine"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/waitevent"
	"github.com/gpostgres/gpostgres/lib/xact"
)

// Transaction is the session's transaction (sql.StorageEnv).
func (s *session) Transaction() *xact.Transaction { return s.xact }

// Catalog is the backend's catalog cache, made on first use
// (sql.StorageEnv).
func (s *session) Catalog() *catalog.Cache {
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
	// PostgreSQL shows CheckpointStart until the checkpointer has begun,
	// then CheckpointDone; here the wait is one, shown as the longer part.
	s.ReportWait(waitevent.CheckpointDone)
	defer s.ReportWait(0)
	return s.child.RequestCheckpoint(ctx, uint32(engine.CkptImmediate|engine.CkptForce|engine.CkptWait), true)
}
