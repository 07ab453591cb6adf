// The per-process context of the B-tree access method (Env), the index
// description its callers pass (Index, KeyColumn) and heap tuple
// addresses (TID).

package nbtree

import (
	"fmt"

	"github.com/gpostgres/gpostgres/lib/access/tuple"
	"github.com/gpostgres/gpostgres/lib/access/xlog"
	"github.com/gpostgres/gpostgres/lib/shmem"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/buffer"
	"github.com/gpostgres/gpostgres/lib/storage/freespace"
	"github.com/gpostgres/gpostgres/lib/storage/page"
	"github.com/gpostgres/gpostgres/lib/types"
)

// TID is a heap tuple's address (ItemPointerData): what an index entry
// points to, and the last key column of every entry (BTREE_VERSION 4).
type TID struct {
	Block  storage.BlockNumber
	Offset page.OffsetNumber
}

func (t TID) String() string { return fmt.Sprintf("(%d,%d)", t.Block, t.Offset) }

// compareTID is ItemPointerCompare.
func compareTID(a, b TID) int {
	switch {
	case a.Block < b.Block:
		return -1
	case a.Block > b.Block:
		return 1
	case a.Offset < b.Offset:
		return -1
	case a.Offset > b.Offset:
		return 1
	}
	return 0
}

// KeyColumn is one key column's ordering: the type's comparison function
// (the btree opclass's support function 1, given by the caller: this
// package knows nothing of types) and the column's DESC and NULLS FIRST
// options (indoption). Compare is never called with a NULL.
type KeyColumn struct {
	Compare    func(a, b types.Datum) int
	Desc       bool
	NullsFirst bool
}

// compare orders a before b in index order: the type's order reversed
// for DESC, NULLs before or after every value as NullsFirst says (NULLS
// FIRST is about index order, so DESC does not flip it).
func (c *KeyColumn) compare(a, b types.Datum) int {
	an, bn := a.IsNull(), b.IsNull()
	if an || bn {
		switch {
		case an && bn:
			return 0
		case an == c.NullsFirst:
			return -1
		}
		return 1
	}
	r := c.Compare(a, b)
	if c.Desc {
		switch {
		case r < 0:
			return 1
		case r > 0:
			return -1
		}
	}
	return r
}

// Index describes a B-tree index: its file, its name (for messages), the
// key columns' row type (a tuple descriptor, used to store and read the
// keys exactly as heap tuples store values) and their ordering. Unique
// makes Insert check uniqueness (with Options.Unique); NullsNotDistinct
// makes NULL keys conflict with each other (UNIQUE NULLS NOT DISTINCT).
// The package never changes an Index: one may serve several processes.
type Index struct {
	Locator storage.RelFileLocator
	// OID is the index's pg_class OID, naming its pages in SIREAD
	// locks (0 where none are taken: bootstrap, tests).
	OID      uint32
	Name     string
	HeapName string // the table, for messages
	// Desc describes the entries' attributes: the key columns (Keys, in
	// order), then any INCLUDE columns.
	Desc             *tuple.Desc
	Keys             []KeyColumn
	Unique           bool
	NullsNotDistinct bool
	// AllEqualImage is recorded in the metapage (btm_allequalimage): every
	// key column's opclass says equal values are image-equal (support
	// function 4), which PostgreSQL needs for deduplication.
	AllEqualImage bool
	// FillFactor for leaf pages built by Build and for splits of the
	// rightmost leaf; 0 means DefaultFillFactor (90).
	FillFactor int
	// Unlogged says the index belongs to an unlogged table
	// (relpersistence 'u'): changes to its main fork are not WAL-logged;
	// crash recovery replaces it with its init fork (an empty metapage).
	Unlogged bool
}

func (ix *Index) nkeys() int { return len(ix.Keys) }

// natts is the number of attributes of a leaf entry: the key columns,
// then the INCLUDE columns (Desc's attributes beyond the keys), which
// pivot tuples never carry and comparisons never read.
func (ix *Index) natts() int {
	if ix.Desc != nil && len(ix.Desc.Attrs) > len(ix.Keys) {
		return len(ix.Desc.Attrs)
	}
	return len(ix.Keys)
}

func (ix *Index) fillFactor() int {
	if ix.FillFactor == 0 {
		return DefaultFillFactor
	}
	return ix.FillFactor
}

// PredicateLocks is what the tree tells Serializable Snapshot Isolation
// (lib/storage/predicate) whatever transaction changes it, with both
// pages locked: a leaf split moves part of old's key range to new
// (PredicateLockPageSplit); a deleted leaf's key range goes to its right
// sibling (PredicateLockPageCombine).
type PredicateLocks interface {
	PageSplit(ix *Index, old, new storage.BlockNumber)
	PageCombine(ix *Index, old, new storage.BlockNumber)
}

// WAL is what the B-tree needs of the write-ahead log; *xlog.WAL
// provides it.
type WAL interface {
	Insert(b *xlog.RecordBuilder) (storage.LSN, error)
}

// Files gives a relation's length (smgr); *smgr.Manager provides it.
type Files interface {
	NBlocks(rel storage.RelFileLocator, fork storage.ForkNumber) (storage.BlockNumber, error)
}

// Env is one process's context: its buffer pool handle, storage manager,
// WAL handle and lock owner (critical sections). It is used by one
// goroutine at a time.
type Env struct {
	Pool  *buffer.Pool
	Files Files
	WAL   WAL // nil: nothing is WAL-logged (bootstrap, tests)
	Owner *shmem.Owner
	// Interrupt, if set, is called by loops that can run long (Build,
	// the moves right of a descent); an error from it ends the operation.
	Interrupt func() error
	// FSM records the index's recyclable pages (RecordFreeIndexPage,
	// GetFreeIndexPage); nil: VACUUM records none and new pages always
	// extend the file.
	FSM *freespace.Map
	// NextFullXid is ReadNextFullTransactionId, stamped on a deleted
	// page (its safexid); nil gives 0.
	NextFullXid func() uint64
	// RemovableFullXid is GlobalVisCheckRemovableFullXid: whether no
	// running transaction or snapshot may still see fxid as running, so
	// that a page deleted with that safexid may be recycled; nil: never.
	RemovableFullXid func(fxid uint64) bool
	// PredicateLocks, if set, keeps serializable transactions' SIREAD
	// locks and write targets on leaf pages right as the tree changes.
	PredicateLocks PredicateLocks

	rec *xlog.RecordBuilder
	// roots remembers each index's fast root (rootBuf).
	roots map[storage.RelFileLocator]cachedRoot
	// fastpathHits counts insertions that used the cached leaf (tests).
	fastpathHits int
	// inserters keeps Insert's searcher of each index, whose decoder
	// (deformers, scratch space) would otherwise be built again for
	// every row; emptied when it grows past maxInserters (Index values
	// are replaced when the catalog cache reloads them).
	inserters map[*Index]*searcher
	// run is InsertAppending's open append run, if any (appendrun.go).
	run appendRun
}

const maxInserters = 64

// inserter returns the searcher Insert uses for ix. Insert is never
// re-entered for an index (its callbacks insert into no index), so one
// searcher per index suffices.
func (e *Env) inserter(ix *Index) *searcher {
	if s, ok := e.inserters[ix]; ok {
		return s
	}
	if e.inserters == nil || len(e.inserters) >= maxInserters {
		e.inserters = map[*Index]*searcher{}
	}
	s := newSearcher(e, ix)
	e.inserters[ix] = s
	return s
}

// needsWAL is RelationNeedsWAL: not without a WAL, nor for a temporary
// index, whose files do not survive a crash, nor for an unlogged one,
// which crash recovery empties.
func (e *Env) needsWAL(ix *Index) bool { return e.WAL != nil && !ix.Locator.IsTemp() && !ix.Unlogged }

func (e *Env) record(rmid xlog.RmgrID, info uint8) *xlog.RecordBuilder {
	if e.rec == nil {
		e.rec = xlog.NewRecord(rmid, info)
	} else {
		e.rec.Reset(rmid, info)
	}
	return e.rec
}

func (e *Env) interrupt() error {
	if e.Interrupt != nil {
		return e.Interrupt()
	}
	return nil
}

// CompareKeys orders two rows of key values as the index does (each
// column's order, DESC and NULLS FIRST applied): what a caller sorting
// entries for Build must use, with CompareTIDs to break ties.
func (ix *Index) CompareKeys(a, b []types.Datum) int {
	for i := range ix.Keys {
		if r := ix.Keys[i].compare(a[i], b[i]); r != 0 {
			return r
		}
	}
	return 0
}

// CompareTIDs orders heap TIDs (ItemPointerCompare), the last key column.
func CompareTIDs(a, b TID) int { return compareTID(a, b) }
