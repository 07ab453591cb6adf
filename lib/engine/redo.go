// Recovery: reading pages for redo through the buffer pool, and the table
// of resource managers every redo dispatches to.

package engine

import (
	"encoding/binary"

	"github.com/gpostgres/gpostgres/lib/access/heap"
	"github.com/gpostgres/gpostgres/lib/access/nbtree"
	"github.com/gpostgres/gpostgres/lib/access/sequence"
	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/access/xlog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/buffer"
	"github.com/gpostgres/gpostgres/lib/storage/relmap"
	"github.com/gpostgres/gpostgres/lib/storage/smgr"
)

// Resource managers this package implements itself.
const (
	smgrCreate   = 0x10 // XLOG_SMGR_CREATE
	smgrTruncate = 0x20 // XLOG_SMGR_TRUNCATE
	// smgrUnlink is gpostgres's own: files of a dropped relation are
	// removed after the dropping transaction commits, and this record makes
	// redo remove them too. PostgreSQL lists them in the commit record.
	smgrUnlink = 0x30
)

// RegisterRedo fills the process's resource-manager table with every
// subsystem's redo function; redo reads its pages through the buffer pool
// (buffer.RedoSource).
func (e *Engine) RegisterRedo() error {
	o := e.Owner
	e.redo = &buffer.RedoSource{Pool: e.Pool, Files: e.Smgr}
	for _, m := range []xlog.Rmgr{
		{ID: xlog.RmgrXLOG, Name: "XLOG", Redo: func(rec *xlog.DecodedRecord) error {
			switch rec.Info() {
			case xlog.InfoFPI, xlog.InfoFPIForHint:
				return xlog.RedoFPI(rec, e.redo)
			case xlog.InfoNextOID:
				return e.Xact.RedoNextOid(o, rec.MainData)
			case xlog.InfoCheckpointShutdown, xlog.InfoCheckpointOnline:
				// The multixact counters as of the checkpoint
				// (xlog_redo's MultiXactSetNextMXact / MultiXactAdvanceNextMXact).
				if cp, ok := xlog.UnmarshalCheckPoint(rec.MainData); ok {
					e.Xact.MultiXactAdvanceNextMXact(o, transam.MultiXactId(cp.NextMulti), transam.MultiXactOffset(cp.NextMultiOffset))
				}
			}
			return nil
		}},
		{ID: xlog.RmgrXact, Name: "Transaction", Redo: func(rec *xlog.DecodedRecord) error {
			return e.Xact.RedoXact(o, rec.Info(), transam.TransactionId(rec.Header.XID), rec.MainData, rec.EndLSN)
		}},
		{ID: xlog.RmgrCLOG, Name: "CLOG", Redo: func(rec *xlog.DecodedRecord) error {
			return e.Xact.RedoCLOG(o, rec.Info(), rec.MainData)
		}},
		{ID: xlog.RmgrMultiXact, Name: "MultiXact", Redo: func(rec *xlog.DecodedRecord) error {
			return e.Xact.RedoMultiXact(o, rec.Info(), rec.MainData)
		}},
		{ID: xlog.RmgrSmgr, Name: "Storage", Redo: e.redoSmgr},
	} {
		if err := e.Rmgrs.Register(m); err != nil {
			return err
		}
	}
	if err := sequence.RegisterRedo(e.Rmgrs, e.redo); err != nil {
		return err
	}
	if err := nbtree.RegisterRedo(e.Rmgrs, e.redo); err != nil {
		return err
	}
	if err := relmap.RegisterRedo(e.Rmgrs, e.DataDir); err != nil {
		return err
	}
	return heap.RegisterRedo(e.Rmgrs, e.redo)
}

// Storage records carry a RelFileLocator (spc, db, rel) and a fork or a
// block count, little-endian as PostgreSQL's xl_smgr_create/truncate.
func encodeLocator(rel storage.RelFileLocator, extra uint32) []byte {
	b := make([]byte, 16)
	binary.LittleEndian.PutUint32(b[0:], rel.Spc)
	binary.LittleEndian.PutUint32(b[4:], rel.DB)
	binary.LittleEndian.PutUint32(b[8:], rel.Rel)
	binary.LittleEndian.PutUint32(b[12:], extra)
	return b
}

func decodeLocator(b []byte) (storage.RelFileLocator, uint32, error) {
	if len(b) < 16 {
		return storage.RelFileLocator{}, 0, pgerr.New(pgerr.DataCorrupted, "storage WAL record is too short")
	}
	le := binary.LittleEndian
	return storage.RelFileLocator{Spc: le.Uint32(b[0:]), DB: le.Uint32(b[4:]), Rel: le.Uint32(b[8:])}, le.Uint32(b[12:]), nil
}

func (e *Engine) redoSmgr(rec *xlog.DecodedRecord) error {
	if rec.Info()&0xF0 == smgrTruncate {
		t, err := decodeTruncate(rec.MainData)
		if err != nil {
			return err
		}
		e.redo.Forget(t.rel)
		return e.truncateFiles(t.rel, t.nblocks, t.flags, true, false)
	}
	rel, extra, err := decodeLocator(rec.MainData)
	if err != nil {
		return err
	}
	switch rec.Info() {
	case smgrCreate:
		e.redo.Forget(rel)
		return e.Smgr.Create(rel, storage.ForkNumber(extra), true)
	case smgrUnlink:
		e.redo.Forget(rel)
		for fork := storage.MainFork; fork <= storage.InitFork; fork++ {
			e.Pool.DropRelationBuffers(rel, fork, 0)
		}
		e.Smgr.Unlink(rel, smgr.AllForks, true)
		return nil
	}
	return nil
}

// CreateRelationStorage creates a relation's main fork and logs it, so that
// redo recreates the file (RelationCreateStorage). A temporary
// relation's is not logged: it does not survive a crash.
func (e *Engine) CreateRelationStorage(rel storage.RelFileLocator) error {
	if rel.IsTemp() {
		return e.Smgr.Create(rel, storage.MainFork, false)
	}
	b := xlog.NewRecord(xlog.RmgrSmgr, smgrCreate)
	b.SetMainData(encodeLocator(rel, uint32(storage.MainFork)))
	if _, err := e.WALH.Insert(b); err != nil {
		return err
	}
	return e.Smgr.Create(rel, storage.MainFork, false)
}

// DropRelationStorage forgets a relation's buffers and removes its files,
// logging the removal; the caller runs it after the dropping transaction
// committed.
func (e *Engine) DropRelationStorage(rel storage.RelFileLocator) error {
	if !rel.IsTemp() {
		b := xlog.NewRecord(xlog.RmgrSmgr, smgrUnlink)
		b.SetMainData(encodeLocator(rel, 0))
		if _, err := e.WALH.Insert(b); err != nil {
			return err
		}
	}
	for fork := storage.MainFork; fork <= storage.InitFork; fork++ {
		if err := e.Pool.DropRelationBuffers(rel, fork, 0); err != nil {
			return err
		}
	}
	if errs := e.Smgr.Unlink(rel, smgr.AllForks, false); len(errs) > 0 {
		return errs[0]
	}
	return nil
}

// Flags of XLOG_SMGR_TRUNCATE: which forks the truncation covers.
const (
	smgrTruncateHeap = 0x0001 // SMGR_TRUNCATE_HEAP
	smgrTruncateVM   = 0x0002 // SMGR_TRUNCATE_VM
	smgrTruncateFSM  = 0x0004 // SMGR_TRUNCATE_FSM
	smgrTruncateAll  = smgrTruncateHeap | smgrTruncateVM | smgrTruncateFSM
)

// truncateRecord is xl_smgr_truncate: blkno u32, the RelFileNode (spc,
// db, rel), flags i32.
type truncateRecord struct {
	nblocks storage.BlockNumber
	rel     storage.RelFileLocator
	flags   uint32
}

func decodeTruncate(b []byte) (truncateRecord, error) {
	if len(b) < 20 {
		return truncateRecord{}, pgerr.New(pgerr.DataCorrupted, "storage truncate WAL record is too short")
	}
	le := binary.LittleEndian
	return truncateRecord{
		nblocks: storage.BlockNumber(le.Uint32(b[0:])),
		rel:     storage.RelFileLocator{Spc: le.Uint32(b[4:]), DB: le.Uint32(b[8:]), Rel: le.Uint32(b[12:])},
		flags:   le.Uint32(b[16:]),
	}, nil
}

// truncateFiles cuts rel's main fork to nblocks, forgetting the buffers
// of the blocks cut off (smgrtruncate), and its visibility map and free
// space map to match, as flags say: their bits and entries for the
// removed blocks are cleared (so that pages added later do not inherit
// them) and the map forks shortened (visibilitymap_prepare_truncate,
// FreeSpaceMapPrepareTruncateRel, and FreeSpaceMapVacuumRange after).
// A fork that no longer exists (dropped later in the WAL, during redo)
// is left alone. inRedo says the truncation is being replayed, unlogged
// that the relation is unlogged (its map changes are not logged).
func (e *Engine) truncateFiles(rel storage.RelFileLocator, nblocks storage.BlockNumber, flags uint32, inRedo, unlogged bool) error {
	if flags&smgrTruncateVM != 0 {
		if err := heap.TruncateVisibilityMap(e.Heap, &heap.Relation{Locator: rel, Unlogged: unlogged}, nblocks, inRedo); err != nil {
			return err
		}
	}
	if flags&smgrTruncateFSM != 0 {
		if err := e.Heap.FreeSpaceMap().TruncateRel(e.Smgr, rel, nblocks, inRedo); err != nil {
			return err
		}
	}
	if flags&smgrTruncateHeap == 0 {
		return nil
	}
	if err := e.Pool.DropRelationBuffers(rel, storage.MainFork, nblocks); err != nil {
		return err
	}
	if ok, _ := e.Smgr.Exists(rel, storage.MainFork); !ok {
		return nil
	}
	return e.Smgr.Truncate(rel, storage.MainFork, nblocks)
}

// TruncateRelationStorage shortens a relation's main fork to nblocks
// pages (RelationTruncate, for VACUUM giving back empty pages at the
// end). The record is flushed before the file shrinks: the removal
// cannot be undone, so redo must know of it before anything can depend
// on it. The caller holds the relation's AccessExclusiveLock. Nothing
// is logged for an unlogged relation (crash recovery resets it).
func (e *Engine) TruncateRelationStorage(rel storage.RelFileLocator, nblocks storage.BlockNumber, unlogged bool) error {
	if !rel.IsTemp() && !unlogged {
		b := xlog.NewRecord(xlog.RmgrSmgr, smgrTruncate|xlog.XLRSpecialRelUpdate)
		data := make([]byte, 20)
		le := binary.LittleEndian
		le.PutUint32(data[0:], uint32(nblocks))
		le.PutUint32(data[4:], rel.Spc)
		le.PutUint32(data[8:], rel.DB)
		le.PutUint32(data[12:], rel.Rel)
		le.PutUint32(data[16:], smgrTruncateAll)
		b.SetMainData(data)
		lsn, err := e.WALH.Insert(b)
		if err != nil {
			return err
		}
		if err := e.WALH.Flush(lsn); err != nil {
			return err
		}
	}
	return e.truncateFiles(rel, nblocks, smgrTruncateAll, false, unlogged)
}
