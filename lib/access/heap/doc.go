// Package heap is the heap access method: PostgreSQL 15's
// src/backend/access/heap (heapam.c, heapam_visibility.c, hio.c,
// heaptoast.c, heapam_handler.c's tuple locking, the heap redo routines)
// and utils/time/combocid.c, over gpostgres's shared buffer pool, WAL,
// commit log and lock manager. Pages, tuples, WAL records and TOAST data
// are byte-compatible with PostgreSQL's.
//
// # Layers
//
//   - Env (env.go) is one process's context: its buffer pool handle,
//     storage manager, transaction manager, lock manager handle, WAL
//     handle, lock owner and proc index, plus private state: the combo
//     command ids of the running transaction, each relation's insertion
//     target block, TOAST caches. Relation names a table (OID, files, row
//     type, name, TOAST table); TID a tuple; Snapshot an MVCC snapshot with
//     the looking transaction's xid and command id.
//   - Visibility (visibility.go, combocid.go): HeapTupleSatisfiesMVCC,
//     ...Update, ...Dirty and ...Toast, setting hint bits (never a commit
//     hint whose commit record might not be flushed).
//   - Placement (hio.go): the page for a new tuple — the relation's cached
//     target block, else the free space map's choice (lib/storage/freespace),
//     else its last block; a candidate found too full is recorded in the
//     map, which offers the next; when none fits, a new block from
//     buffer.Pool.ExtendRelation.
//   - Visibility map (visibilitymap.go): two bits per heap block in the
//     `_vm` fork, set by SetVisible (XLOG_HEAP2_VISIBLE, for VACUUM),
//     cleared by every change that clears PD_ALL_VISIBLE, read by
//     index-only scans (PageAllVisible) and counted for relallvisible;
//     TruncateMaps cuts both maps with the heap.
//   - Operations (heapam.go): Insert, Delete, Update, LockTuple, Fetch and
//     the catalog-style SimpleDelete/SimpleUpdate. Row locks that do not
//     conflict are shared through a multixact in xmax (multixact.go). Each change is made
//     under the page's exclusive content lock inside a critical section and
//     logged as XLOG_HEAP_INSERT / DELETE / UPDATE / LOCK (wal.go).
//     BulkInsert (multiinsert.go, heap_multi_insert) stores the rows of a
//     bulk INSERT ... SELECT a page at a time, one XLOG_HEAP2_MULTI_INSERT
//     record per page.
//   - Scans (scan.go): a sequential scan, page at a time, copying visible
//     tuples out under a share lock and decoding them afterwards.
//   - TOAST (heaptoast.go, formats in lib/access/toast): long values are
//     compressed (pglz or lz4) and, when the table has a TOAST table, moved out
//     of line in 1996-byte chunks, entered in the TOAST table's B-tree
//     index (lib/access/nbtree) and found through it; reading detoasts
//     transparently.
//   - Redo (redo.go): the Heap and Heap2 resource managers for
//     lib/access/xlog (RegisterRedo), idempotent, with full-page images; pages come from
//     buffer.RedoSource, which extends relations as needed.
//
// # Lifecycle
//
//	process start:   env := &heap.Env{Pool, Files, Xact, Locks, WAL, Btree, Owner, ProcIndex}
//	startup process: heap.RegisterRedo(rmgrTable, pageSource) before xlog's Recover
//	per statement:   snap := &heap.Snapshot{Snapshot: xact.GetSnapshot(...), Cur: ownXids, CurCid: cid}
//	                 s := heap.BeginScan(env, rel, snap); for { tid, vals, ok, err := s.Next() ... }; s.Close()
//	                 heap.Insert / Update / Delete / LockTuple / Fetch, or for many
//	                 rows b := heap.NewBulkInsert(...); b.Add(values)...; b.Flush() (COPY FREEZE:
//	                 InsertFrozen, b.Freeze(), for a file new in the subtransaction) (writes take the
//	                 transaction's own ids, transam.CurrentXids, and the xid to write:
//	                 the current subtransaction's, or the top-level one)
//	READ COMMITTED:  Update or Delete says TMUpdated: LockTuple(..., LockFlagFindLastVersion)
//	                 locks and returns the newest version; re-check the quals; Update that TID
//	REPEATABLE READ: TMUpdated / TMDeleted is a serialization failure (the caller's 40001);
//	                 crosscheck (the transaction snapshot) for a query run under a newer one
//	transaction end: env.EndTransaction() (forgets combo command ids)
//	file replaced:   env.ForgetRelation(locator) (TRUNCATE, on smgr invalidation)
//	VACUUM (lead):   VisibilityMapPin before locking a page; SetVisible with it locked;
//	                 env.FreeSpaceMap().RecordPageWithFreeSpace, then .Vacuum / .VacuumRange;
//	                 VisibilityMapCount for relallvisible; TruncateMaps before cutting the heap
//
// The caller assigns the transaction id (transam AssignTransactionId plus
// lmgr XactLockTableInsert) before the first change, and advances the
// command id between statements (CommandCounterIncrement).
//
// # Caveats
//
//   - Freezing a multixact xmax follows FreezeMultiXactId (freeze.go);
//     a multixact older than the cutoff with a running member (which
//     PostgreSQL reports as corruption) is rebuilt from its live members.
//   - HOT, pruning and lazy VACUUM (pruneheap.go, vacuumlazy.go) as in
//     PostgreSQL 15. HOT is decided from Relation.HotAttrs, which the SQL
//     layer fills from all of the table's indexes. The free space map
//     learns of a page when an insertion finds it too full (and from redo
//     of nearly full pages) and from VACUUM; the visibility map's bits
//     are set by VACUUM (ScanPage, VacuumPage). Insertions leave the room
//     Relation.FillFactor keeps free.
//   - Freezing (freeze.go) sets HEAP_XMIN_FROZEN and keeps the raw xmin,
//     as PostgreSQL does.
//   - An UPDATE's key columns are compared as stored (after TOAST only on
//     the old side): a key value stored compressed counts as changed, so
//     the update takes FOR UPDATE strength (more waiting, never less).
//   - A TOAST table made before TOAST tables had an index has none: its
//     values' chunks are found by scanning it from where this process last
//     saw the value, and value IDs are not checked for uniqueness in it.
//     The index's build (IndexToastChunks, for REINDEX and VACUUM FULL)
//     enters chunks one by one, as PostgreSQL's VACUUM FULL does, not by a
//     sorted bulk build.
//   - A failure inside a critical section (a WAL insert error, a corrupt
//     page) returns a PANIC-severity error and leaves the critical section
//     open: the process must exit and the postmaster restart everything.
//   - Update-record prefix/suffix compression is replayed but never
//     written.
package heap
