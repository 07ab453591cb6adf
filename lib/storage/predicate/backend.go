// A process's serializable transaction: registration with its snapshot,
// SIREAD locks and conflict-out checks on reads, conflict-in checks on
// writes, the pre-commit check for dangerous structures, and release at
// the transaction's end (predicate.c's entry points).

package predicate

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/gpostgres/gpostgres/lib/config"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/shmem"
	"github.com/gpostgres/gpostgres/lib/storage/lmgr"
)

// Backend is one process's handle: its shared slot while a serializable
// transaction runs, and private caches of the relations it already
// locked or wrote (which only spare it the table lock).
type Backend struct {
	sh        *Shared
	o         *shmem.Owner
	procIndex int
	// my is the slot of the running serializable transaction, -1 when
	// there is none (not serializable, or read-only and safe).
	my     int
	read   map[Target]struct{}
	wrote  map[Target]struct{}
	db     uint32
	xidSet bool
	// Settings give the promotion thresholds (max_pred_locks_per_page,
	// max_pred_locks_per_relation), which a reload may change; nil: the
	// defaults.
	Settings *config.Settings
}

// NewBackend returns the process's handle.
func (sh *Shared) NewBackend(o *shmem.Owner, procIndex int) *Backend {
	return &Backend{sh: sh, o: o, procIndex: procIndex, my: -1}
}

// Active reports whether the process runs a serializable transaction
// that takes SIREAD locks.
func (b *Backend) Active() bool { return b != nil && b.my >= 0 }

// Transaction describes a serializable transaction being registered.
type Transaction struct {
	Database uint32
	Vxid     lmgr.VirtualXid
	Pid      int32
	ReadOnly bool
	// Deferrable (with ReadOnly) waits for a safe snapshot.
	Deferrable bool
	// TakeSnapshot takes the transaction's snapshot and returns its
	// xmin; Register calls it under the table lock, so that the snapshot
	// and the set of transactions it overlaps agree. An error (an
	// imported snapshot whose exporter has ended) fails the registration.
	TakeSnapshot func() (xmin uint32, err error)
}

// Register makes the transaction serializable and takes its snapshot
// (GetSerializableTransactionSnapshot). A read-only transaction that no
// active read-write serializable transaction overlaps is safe at once
// and takes no SIREAD locks; a DEFERRABLE one waits, interruptibly
// through ctx, until its snapshot is safe, taking a new one each time
// the last proved unsafe.
func (b *Backend) Register(ctx context.Context, t Transaction) error {
	for {
		if err := b.register(t); err != nil {
			return err
		}
		if b.my < 0 || !t.Deferrable {
			return nil
		}
		safe, err := b.waitSafe(ctx)
		if err != nil || safe {
			b.releaseSafe()
			return err
		}
		// Unsafe: give the slot back and try a fresh snapshot.
		b.Release(false)
	}
}

func (b *Backend) register(t Transaction) error {
	sh := b.sh
	sh.hdr.lock.Lock(b.o)
	defer sh.hdr.lock.Unlock(b.o)
	my := -1
	for pass := 0; my < 0; pass++ {
		if pass == 1 {
			sh.clearOld()
		} else if pass > 1 {
			// Every slot is taken: the oldest committed transaction
			// gives its slot up (SummarizeOldestCommittedSxact).
			summarized, err := sh.summarizeOldest(b.o)
			if err != nil {
				return err
			}
			if !summarized {
				return errOutOfSharedMemory().WithHint("You might need to increase max_connections.")
			}
		}
		for i := range sh.slots {
			if sh.flagsOf(i)&flagInUse == 0 {
				my = i
				break
			}
		}
	}
	s := &sh.slots[my]
	*s = slot{pid: t.Pid, procIndex: int32(b.procIndex), db: t.Database, vxid: t.Vxid,
		lastCommitBeforeSnapshot: sh.hdr.lastCommitSeq}
	flags := flagInUse
	if t.ReadOnly {
		flags |= flagReadOnly
	}
	xmin, err := t.TakeSnapshot()
	if err != nil {
		*s = slot{}
		return err
	}
	s.xmin = xmin
	if t.ReadOnly {
		unsafe := sh.set(sh.unsafe, my)
		for i := range sh.slots {
			if i != my && sh.active(i) && !sh.has(i, flagReadOnly) {
				bitSet(unsafe, i)
			}
		}
		if bitEmpty(unsafe) {
			// Safe from the start: no SIREAD locks needed.
			clear(unsafe)
			*s = slot{}
			b.reset()
			return nil
		}
		if t.Deferrable {
			flags |= flagDeferrableWaiting
		}
	}
	atomic.StoreUint32(&s.flags, flags)
	b.my, b.db = my, t.Database
	sh.noteActiveXmin(b.o)
	return nil
}

// waitSafe waits until the deferrable transaction's snapshot is known
// safe or unsafe. It polls: the read-write transactions it waits for
// decide it at their ends, and the wait is rare and long.
func (b *Backend) waitSafe(ctx context.Context) (safe bool, err error) {
	sh, my := b.sh, b.my
	for {
		f := sh.flagsOf(my)
		if f&flagROSafe != 0 {
			return true, nil
		}
		if f&flagROUnsafe != 0 {
			return false, nil
		}
		select {
		case <-ctx.Done():
			b.Release(false)
			if pe := pgerr.As(context.Cause(ctx)); pe != nil {
				return false, pe
			}
			return false, pgerr.New(pgerr.QueryCanceled, "canceling statement due to user request")
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// releaseSafe lets a read-only transaction that proved safe go on
// without SIREAD locks: it leaves the table (ReleasePredicateLocks with
// isReadOnlySafe).
func (b *Backend) releaseSafe() {
	if b.my < 0 {
		return
	}
	sh := b.sh
	sh.hdr.lock.Lock(b.o)
	sh.freeSlot(b.my)
	sh.clearOld()
	sh.noteActiveXmin(b.o)
	sh.hdr.lock.Unlock(b.o)
	b.reset()
}

func (b *Backend) reset() {
	b.my = -1
	b.read, b.wrote = nil, nil
	b.xidSet = false
}

// ReadRelation takes a SIREAD lock on the whole of relation rel
// (PredicateLockRelation): a sequential scan's, or any read that cannot
// tell which pages and tuples it depends on.
func (b *Backend) ReadRelation(rel uint32) error { return b.Read(RelationTarget(rel)) }

// beforeRead is the start of every read check: nothing to do for a
// transaction that is not serializable, or one found safe as read-only
// (whose locks it releases now); a doomed transaction fails.
func (b *Backend) beforeRead() (tracked bool, err error) {
	if b.my < 0 {
		return false, nil
	}
	f := b.sh.flagsOf(b.my)
	if f&flagDoomed != 0 {
		return false, serializationError("Canceled on identification as a pivot, during conflict out checking.")
	}
	if f&flagROSafe != 0 {
		b.releaseSafe()
		return false, nil
	}
	return true, nil
}

// Read takes a SIREAD lock on t for a read under the transaction's
// snapshot (PredicateLockRelation, PredicateLockPage, PredicateLockTID),
// and records an rw-conflict out to every concurrent serializable
// transaction that wrote something t covers, or something covering t
// (CheckForSerializableConflictOut, see doc.go for why writes are
// recorded rather than found from xmin and xmax). Too many locks on one
// page or relation are promoted to a lock on it.
func (b *Backend) Read(t Target) error {
	if tracked, err := b.beforeRead(); !tracked || err != nil {
		return err
	}
	sh := b.sh
	if cachedCover(b.read, t) {
		return nil
	}
	sh.hdr.lock.Lock(b.o)
	got, err := b.readLocked(t)
	sh.hdr.lock.Unlock(b.o)
	if err != nil {
		return err
	}
	if b.read == nil {
		b.read = map[Target]struct{}{}
	}
	b.read[t], b.read[got] = struct{}{}, struct{}{}
	return nil
}

// cachedCover reports whether the process knows it holds a lock
// covering t. Its locks only ever get coarser (promotion) or copied
// (page splits) while it runs, so what it took stays covered.
func cachedCover(m map[Target]struct{}, t Target) bool {
	if m == nil {
		return false
	}
	if _, ok := m[t]; ok {
		return true
	}
	if t.isRelation() {
		return false
	}
	if _, ok := m[RelationTarget(t.Rel)]; ok {
		return true
	}
	if t.isTuple() {
		_, ok := m[t.parent()]
		return ok
	}
	return false
}

// limits are the promotion thresholds (PredicateLockPromotionThreshold):
// more than perPage tuple locks on a page become a page lock, more than
// perRelation page and tuple locks on a relation a relation lock.
func (b *Backend) limits() (perRelation, perPage int) {
	perXact := int(b.sh.hdr.perXact)
	perRelation, perPage = perXact/2-1, 2
	if s := b.Settings; s != nil {
		perPage = int(s.Int("max_pred_locks_per_page"))
		if r := int(s.Int("max_pred_locks_per_relation")); r < 0 {
			perRelation = perXact/-r - 1
		} else {
			perRelation = r
		}
	}
	return perRelation, perPage
}

// acquire adds t to list l of slot me unless an entry covers it already,
// promoted as limits say, and removes the entries the new one covers.
// It returns the target added, or ok false when one covered t.
func (b *Backend) acquire(l list, t Target) (got Target, added bool, err error) {
	sh := b.sh
	if sh.anyCovers(l, t) {
		return t, false, nil
	}
	perRelation, perPage := b.limits()
	if t.isTuple() && sh.count(l, t.Rel, func(e Target) bool { return e.isTuple() && e.Rel == t.Rel && e.Block == t.Block })+1 > perPage {
		t = t.parent()
	}
	if !t.isRelation() && sh.count(l, t.Rel, func(e Target) bool { return e.Rel == t.Rel && !e.isRelation() && !covers(t, e) })+1 > perRelation {
		t = RelationTarget(t.Rel)
	}
	if !sh.add(l, t) {
		// Committed transactions no longer needed may hold the room,
		// or the summarized ones may do with coarser entries.
		sh.clearOld()
		if sh.hdr.free == 0 {
			sh.compactOld(b.o)
		}
		if !sh.add(l, t) {
			return t, false, errOutOfSharedMemory()
		}
	}
	// The new entry heads the list; the finer ones it covers go.
	sh.removeIf(list{head: &sh.entries[*l.head-1].next, rels: l.rels}, func(e Target) bool { return covers(t, e) })
	return t, true, nil
}

func (b *Backend) readLocked(t Target) (Target, error) {
	sh, my := b.sh, b.my
	if sh.has(my, flagDoomed) {
		return t, serializationError("Canceled on identification as a pivot, during conflict out checking.")
	}
	got, added, err := b.acquire(sh.readList(my), t)
	if err != nil || !added {
		// A lock covering t was there: the writes it overlaps were
		// found when it was taken, or found it since.
		return got, err
	}
	// What was read is t, even if the lock grew coarser: the writes
	// the lock's other tuples overlap were checked when those were
	// read, and later ones find the lock.
	return got, b.conflictsOutLocked(t)
}

// conflictsOutLocked records an rw-conflict out to every other
// transaction that wrote something overlapping t.
func (b *Backend) conflictsOutLocked(t Target) error {
	sh, my := b.sh, b.my
	db := sh.slots[my].db
	for w := range sh.slots {
		if w == my || !sh.has(w, flagInUse) || sh.slots[w].db != db || !sh.anyOverlap(sh.writeList(w), t) {
			continue
		}
		if err := b.conflictOut(w); err != nil {
			return err
		}
	}
	return b.conflictsOutOld(t)
}

// ReadInvisible is CheckForSerializableConflictOut for a tuple version
// the transaction came across and does not see (an index entry's row
// inserted, or a version made, by a transaction its snapshot does not
// see): an rw-conflict out to every concurrent writer of it, and no
// lock — PostgreSQL locks only the versions a read returns.
func (b *Backend) ReadInvisible(t Target) error {
	if tracked, err := b.beforeRead(); !tracked || err != nil {
		return err
	}
	sh := b.sh
	sh.hdr.lock.Lock(b.o)
	defer sh.hdr.lock.Unlock(b.o)
	if sh.has(b.my, flagDoomed) {
		return serializationError("Canceled on identification as a pivot, during conflict out checking.")
	}
	return b.conflictsOutLocked(t)
}

// conflictOut records that the running transaction read, without seeing
// it, what w wrote, unless w's write cannot matter.
func (b *Backend) conflictOut(w int) error {
	sh, me := b.sh, b.my
	ws, ms := &sh.slots[w], &sh.slots[me]
	if sh.has(w, flagDoomed) {
		return nil
	}
	committed := sh.has(w, flagCommitted)
	if committed && ws.commitSeq <= ms.lastCommitBeforeSnapshot {
		// The snapshot sees w's writes: no rw-conflict.
		return nil
	}
	if sh.has(w, flagSummaryConflictOut) {
		// w has a conflict out to a summarized transaction, which
		// committed first, at a time unknown relative to this
		// transaction's snapshot: one of the two must go.
		if !sh.has(w, flagPrepared) {
			sh.setFlags(w, flagDoomed)
			return nil
		}
		return serializationError("Canceled on conflict out to old pivot.")
	}
	if sh.has(me, flagReadOnly) && committed &&
		(!sh.has(w, flagConflictOut) || ms.lastCommitBeforeSnapshot < ws.earliestOutConflictCommit) {
		// The read-only transaction appears to run before w.
		return nil
	}
	if bitTest(sh.set(sh.out, me), w) {
		return nil
	}
	return b.flagConflict(me, w)
}

// WriteRelation records a write of the whole of relation rel (a
// TRUNCATE, a bulk load, a write that cannot name its tuples).
func (b *Backend) WriteRelation(rel uint32, topXid uint32) error {
	return b.Write(RelationTarget(rel), topXid)
}

// Write is called as the transaction inserts, updates or deletes the
// tuple t, inserts into index page t, or writes a whole relation
// (CheckForSerializableConflictIn): every concurrent serializable
// transaction holding a SIREAD lock overlapping t gets an rw-conflict
// into this one. The target stays recorded until the transaction leaves
// the table, so that later readers find it. topXid is the transaction's
// id (named in other transactions' errors).
func (b *Backend) Write(t Target, topXid uint32) error {
	return b.write(t, topXid, writeOverlapping)
}

// WriteTopLevel is Write from the top-level transaction (no savepoint
// open): its own SIREAD lock on the very tuple it writes goes, as in
// PostgreSQL (CheckTargetForConflictsIn) — a concurrent writer of the
// tuple fails on the row itself. Within a subtransaction, which may roll
// back, the lock stays.
func (b *Backend) WriteTopLevel(t Target, topXid uint32) error {
	if t.isTuple() {
		return b.write(t, topXid, writeOverlapping|writeDropOwnRead)
	}
	return b.write(t, topXid, writeOverlapping)
}

// WriteNewTuple records a tuple version the transaction created (an
// insertion, the new version of an update) for later readers to find,
// and checks only the SIREAD locks on the whole relation, as
// PostgreSQL's heap_insert does: a row nobody could have read has no
// finer readers.
func (b *Backend) WriteNewTuple(t Target, topXid uint32) error {
	return b.write(t, topXid, writeRelationReaders)
}

// WriteIndexPage is CheckForSerializableConflictIn for an entry going
// into index page t: the transactions holding a SIREAD lock on the page
// (or the whole index) — those that scanned the key range the entry
// falls in — get an rw-conflict into this one. Nothing is recorded:
// later readers find the entry's row (WriteNewTuple) if their scan
// reaches it.
func (b *Backend) WriteIndexPage(t Target, topXid uint32) error {
	return b.write(t, topXid, writeOverlapping|writeCheckOnly)
}

// Modes of write.
const (
	// writeOverlapping: conflict in from every SIREAD lock overlapping
	// the target.
	writeOverlapping = 1 << iota
	// writeRelationReaders: conflict in only from SIREAD locks on the
	// whole relation.
	writeRelationReaders
	// writeCheckOnly: check, record nothing.
	writeCheckOnly
	// writeDropOwnRead: drop the writer's own SIREAD lock on the tuple.
	writeDropOwnRead
)

func (b *Backend) write(t Target, topXid uint32, mode int) error {
	if b.my < 0 {
		return nil
	}
	sh := b.sh
	if sh.flagsOf(b.my)&flagDoomed != 0 {
		return serializationError("Canceled on identification as a pivot, during conflict in checking.")
	}
	if mode&writeDropOwnRead != 0 {
		if _, ok := b.read[t]; !ok {
			mode &^= writeDropOwnRead
		}
	}
	if mode&(writeCheckOnly|writeDropOwnRead) == 0 && b.xidSet && cachedCover(b.wrote, t) {
		// Recorded already: readers since found the record, and this
		// transaction's earlier check met those before.
		return nil
	}
	sh.hdr.lock.Lock(b.o)
	got, err := b.writeLocked(t, topXid, mode)
	if err == nil && mode&writeDropOwnRead != 0 {
		sh.removeIf(sh.readList(b.my), func(e Target) bool { return e == t })
		delete(b.read, t)
	}
	sh.hdr.lock.Unlock(b.o)
	if err != nil {
		return err
	}
	b.xidSet = topXid != 0
	if mode&writeCheckOnly != 0 {
		return nil
	}
	if b.wrote == nil {
		b.wrote = map[Target]struct{}{}
	}
	b.wrote[t], b.wrote[got] = struct{}{}, struct{}{}
	return nil
}

func (b *Backend) writeLocked(t Target, topXid uint32, mode int) (Target, error) {
	sh, me := b.sh, b.my
	if sh.has(me, flagDoomed) {
		return t, serializationError("Canceled on identification as a pivot, during conflict in checking.")
	}
	s := &sh.slots[me]
	if topXid != 0 {
		s.topXid = topXid
	}
	sh.setFlags(me, flagDidWrite)
	got := t
	if mode&writeCheckOnly == 0 {
		var added bool
		var err error
		got, added, err = b.acquire(sh.writeList(me), t)
		if err != nil || !added && mode&writeOverlapping != 0 {
			// A recorded write covering t met its readers already, and
			// later ones met it.
			return got, err
		}
	}
	readsIt := func(h int) bool { return sh.anyOverlap(sh.readList(h), t) }
	if mode&writeRelationReaders != 0 {
		rel := RelationTarget(t.Rel)
		readsIt = func(h int) bool {
			return sh.find(sh.readList(h), t.Rel, func(e Target) bool { return e == rel })
		}
	}
	for h := range sh.slots {
		if h == me || !sh.has(h, flagInUse) || sh.slots[h].db != s.db || !readsIt(h) {
			continue
		}
		hs := &sh.slots[h]
		if sh.has(h, flagDoomed) || sh.has(h, flagCommitted) && hs.commitSeq <= s.lastCommitBeforeSnapshot {
			continue
		}
		if sh.has(h, flagROSafe) || bitTest(sh.set(sh.out, h), me) {
			continue
		}
		if err := b.flagConflict(h, me); err != nil {
			return got, err
		}
	}
	oldReadsIt := func(e Target) bool { return overlaps(e, t) }
	if mode&writeRelationReaders != 0 {
		oldReadsIt = func(e Target) bool { return e == RelationTarget(t.Rel) }
	}
	return got, b.conflictInFromOld(t.Rel, oldReadsIt)
}

// PageSplit is PredicateLockPageSplit: an index page old of rel (in
// database db) split, moving part of its key range to the new page: the
// SIREAD locks and write targets on old are copied to it, so that an
// insertion there still meets the readers of the range and a reader of
// it the writers. With the lock table full, the locks on old widen to
// the whole relation instead.
func (sh *Shared) PageSplit(o *shmem.Owner, db, rel, oldBlk, newBlk uint32) {
	sh.transferPage(o, db, rel, oldBlk, newBlk, false)
}

// PageCombine is PredicateLockPageCombine: index page old was deleted
// and its key range now belongs to page new (its right sibling): the
// locks on old move there.
func (sh *Shared) PageCombine(o *shmem.Owner, db, rel, oldBlk, newBlk uint32) {
	sh.transferPage(o, db, rel, oldBlk, newBlk, true)
}

// TransferToRelation is TransferPredicateLocksToHeapRelation: rel (in
// database db) gets a new file whose pages and tuples are not the old
// ones (a rewrite, VACUUM FULL, CLUSTER, REINDEX, TRUNCATE): every page
// and tuple lock and write record on it becomes one on the whole
// relation, for every transaction. It never needs room: the finer
// entries it replaces are freed first.
func (sh *Shared) TransferToRelation(o *shmem.Owner, db, rel uint32) {
	sh.hdr.lock.Lock(o)
	defer sh.hdr.lock.Unlock(o)
	whole := RelationTarget(rel)
	for i := range sh.slots {
		if !sh.has(i, flagInUse) || sh.slots[i].db != db {
			continue
		}
		for _, l := range []list{sh.readList(i), sh.writeList(i)} {
			if sh.count(l, rel, func(e Target) bool { return e.Rel == rel && !e.isRelation() }) == 0 {
				continue
			}
			sh.removeIf(l, func(e Target) bool { return e.Rel == rel && !e.isRelation() })
			if !sh.find(l, rel, func(e Target) bool { return e == whole }) {
				sh.add(l, whole)
			}
		}
	}
	sh.rewriteOld(o, func(e *lockEntry) (Target, bool) {
		return whole, e.db == db && e.target.Rel == rel && !e.target.isRelation()
	}, false)
}

// TransferIndexToHeap is TransferPredicateLocksToHeapRelation for an
// index that stops receiving insertions (DROP INDEX, REINDEX
// CONCURRENTLY's old copy): its SIREAD locks, which no insertion will
// check any more, become locks on its whole table heap, so that the
// table's writers still meet their readers. Like TransferToRelation it
// frees before it adds.
func (sh *Shared) TransferIndexToHeap(o *shmem.Owner, db, index, heap uint32) {
	sh.hdr.lock.Lock(o)
	defer sh.hdr.lock.Unlock(o)
	whole := RelationTarget(heap)
	for i := range sh.slots {
		if !sh.has(i, flagInUse) || sh.slots[i].db != db {
			continue
		}
		l := sh.readList(i)
		if sh.count(l, index, func(e Target) bool { return e.Rel == index }) == 0 {
			continue
		}
		sh.removeIf(l, func(e Target) bool { return e.Rel == index })
		if !sh.anyCovers(l, whole) {
			sh.add(l, whole)
			// The finer locks on the heap are covered now.
			sh.removeIf(list{head: &sh.entries[*l.head-1].next, rels: l.rels}, func(e Target) bool { return covers(whole, e) })
		}
	}
	sh.rewriteOld(o, func(e *lockEntry) (Target, bool) {
		return whole, e.db == db && e.target.Rel == index
	}, false)
}

func (sh *Shared) transferPage(o *shmem.Owner, db, rel, oldBlk, newBlk uint32, removeOld bool) {
	sh.hdr.lock.Lock(o)
	defer sh.hdr.lock.Unlock(o)
	from, to := PageTarget(rel, oldBlk), PageTarget(rel, newBlk)
	for i := range sh.slots {
		if !sh.has(i, flagInUse) || sh.slots[i].db != db {
			continue
		}
		for _, l := range []list{sh.readList(i), sh.writeList(i)} {
			if !sh.find(l, rel, func(e Target) bool { return e == from }) {
				continue
			}
			if !sh.anyCovers(l, to) && !sh.add(l, to) {
				// No room: the relation covers both pages. Widening
				// the entry for old needs none.
				for e := *l.head; e != 0; e = sh.entries[e-1].next {
					if sh.entries[e-1].target == from {
						sh.entries[e-1].target = RelationTarget(rel)
					}
				}
				continue
			}
			if removeOld {
				sh.removeIf(l, func(e Target) bool { return e == from })
			}
		}
	}
	sh.transferOldPage(o, db, from, to, removeOld)
}

// transferOldPage is transferPage for the summarized entries: a combine
// moves them, a split copies them (each copy standing for the same
// commit and writer), or with no room widens them to the relation.
func (sh *Shared) transferOldPage(o *shmem.Owner, db uint32, from, to Target, removeOld bool) {
	isFrom := func(e *lockEntry) (Target, bool) { return to, e.db == db && e.target == from }
	if removeOld {
		sh.rewriteOld(o, isFrom, false)
		return
	}
	for _, l := range []list{sh.oldReadList(), sh.oldWriteList()} {
		for e := *l.head; e != 0; e = sh.entries[e-1].next {
			en := sh.entries[e-1]
			if _, ok := isFrom(&en); !ok || sh.findOld(l, db, to, en.xid, en.conflict != 0) != nil {
				continue
			}
			if !sh.add(l, to) {
				sh.rewriteOld(o, func(e *lockEntry) (Target, bool) {
					return RelationTarget(from.Rel), e.db == db && (e.target == from || e.target == to)
				}, false)
				return
			}
			copied := &sh.entries[*l.head-1]
			copied.db, copied.xid, copied.seq, copied.conflict = en.db, en.xid, en.seq, en.conflict
		}
	}
}

// flagConflict adds the rw-conflict reader → writer after checking that
// it completes no dangerous structure (FlagRWConflict).
func (b *Backend) flagConflict(reader, writer int) error {
	if err := b.onConflict(reader, writer); err != nil {
		return err
	}
	sh := b.sh
	bitSet(sh.set(sh.out, reader), writer)
	bitSet(sh.set(sh.in, writer), reader)
	return nil
}

// onConflict is OnConflict_CheckForSerializationFailure: with the new
// rw-conflict reader → writer, is there a pivot whose out-conflict
// committed first? The running transaction is the reader or the writer.
func (b *Backend) onConflict(reader, writer int) error {
	sh := b.sh
	rs, ws := &sh.slots[reader], &sh.slots[writer]
	failure := false
	// reader → writer → T2 with writer committed after T2; a
	// summarized T2 committed before writer, whatever writer's state.
	if sh.has(writer, flagCommitted) && sh.has(writer, flagConflictOut) || sh.has(writer, flagSummaryConflictOut) {
		failure = true
	}
	if !failure {
		eachBit(sh.set(sh.out, writer), func(t2 int) bool {
			ts := &sh.slots[t2]
			if sh.has(t2, flagPrepared) &&
				(!sh.has(reader, flagCommitted) || ts.prepareSeq <= rs.commitSeq) &&
				(!sh.has(writer, flagCommitted) || ts.prepareSeq <= ws.commitSeq) &&
				(!sh.has(reader, flagReadOnly) || ts.prepareSeq <= rs.lastCommitBeforeSnapshot) {
				failure = true
				return false
			}
			return true
		})
	}
	// T0 → reader → writer with writer already past its commit check.
	if !failure && sh.has(writer, flagPrepared) && !sh.has(reader, flagReadOnly) && sh.has(reader, flagSummaryConflictIn) {
		failure = true
	}
	if !failure && sh.has(writer, flagPrepared) && !sh.has(reader, flagReadOnly) {
		eachBit(sh.set(sh.in, reader), func(t0 int) bool {
			ts := &sh.slots[t0]
			if !sh.has(t0, flagDoomed) &&
				(!sh.has(t0, flagCommitted) || ts.commitSeq >= ws.prepareSeq) &&
				(!sh.has(t0, flagReadOnly) || ts.lastCommitBeforeSnapshot >= ws.prepareSeq) {
				failure = true
				return false
			}
			return true
		})
	}
	if !failure {
		return nil
	}
	if writer == b.my {
		return serializationError("Canceled on identification as a pivot, during write.")
	}
	if sh.has(writer, flagPrepared) {
		return serializationError(fmt.Sprintf("Canceled on conflict out to pivot %d, during read.", ws.topXid))
	}
	sh.setFlags(writer, flagDoomed)
	return nil
}

// PreCommit is PreCommit_CheckForSerializationFailure, the last check
// before the commit record: a doomed transaction fails; a concurrent
// pivot with an rw-conflict into this one, itself with an rw-conflict in
// from this one or from an active read-write transaction, is doomed so
// that this one can commit first. Past it the transaction counts as
// prepared: it will not be canceled.
func (b *Backend) PreCommit() error {
	if b.my < 0 {
		return nil
	}
	sh, me := b.sh, b.my
	sh.hdr.lock.Lock(b.o)
	defer sh.hdr.lock.Unlock(b.o)
	if sh.has(me, flagDoomed) {
		return serializationError("Canceled on identification as a pivot, during commit attempt.")
	}
	var err error
	eachBit(sh.set(sh.in, me), func(near int) bool {
		if sh.has(near, flagCommitted) || sh.has(near, flagDoomed) {
			return true
		}
		eachBit(sh.set(sh.in, near), func(far int) bool {
			if far == me || !sh.has(far, flagCommitted) && !sh.has(far, flagReadOnly) && !sh.has(far, flagDoomed) {
				if sh.has(near, flagPrepared) {
					err = serializationError("Canceled on commit attempt with conflict in from prepared pivot.")
					return false
				}
				sh.setFlags(near, flagDoomed)
				return false
			}
			return true
		})
		return err == nil
	})
	if err != nil {
		return err
	}
	sh.hdr.lastCommitSeq++
	sh.slots[me].prepareSeq = sh.hdr.lastCommitSeq
	sh.setFlags(me, flagPrepared)
	return nil
}

// Release ends the transaction's part in SSI once its end is visible in
// the proc array (ReleasePredicateLocks): an aborted transaction leaves
// at once; a committed one takes its commit sequence number and stays,
// with its SIREAD locks, while a serializable transaction overlaps it.
// Read-only transactions waiting on it learn whether they are safe.
func (b *Backend) Release(committed bool) {
	if b == nil {
		return
	}
	if b.my < 0 {
		b.reset()
		return
	}
	sh, me := b.sh, b.my
	sh.hdr.lock.Lock(b.o)
	defer sh.hdr.lock.Unlock(b.o)
	b.releaseLocked(me, committed)
	sh.clearOld()
	sh.noteActiveXmin(b.o)
	b.reset()
}

func (b *Backend) releaseLocked(me int, committed bool) {
	sh := b.sh
	s := &sh.slots[me]
	if !committed {
		sh.freeSlot(me)
		return
	}
	sh.hdr.lastCommitSeq++
	s.commitSeq = sh.hdr.lastCommitSeq
	didWrite := sh.has(me, flagDidWrite)
	flags := flagCommitted | flagPrepared
	if !didWrite {
		flags |= flagReadOnly
	}
	if s.prepareSeq == 0 {
		s.prepareSeq = s.commitSeq
	}
	if didWrite && sh.has(me, flagSummaryConflictOut) {
		// Which summarized transaction, and when it committed, is
		// unknown: the earliest possible.
		s.earliestOutConflictCommit = 1
		flags |= flagConflictOut
	}
	if didWrite {
		eachBit(sh.set(sh.out, me), func(t int) bool {
			if sh.has(t, flagCommitted) {
				if flags&flagConflictOut == 0 || sh.slots[t].prepareSeq < s.earliestOutConflictCommit {
					s.earliestOutConflictCommit = sh.slots[t].prepareSeq
				}
				flags |= flagConflictOut
			}
			return true
		})
	}
	sh.setFlags(me, flags)
	// Read-only transactions that overlapped this one learn their fate.
	for r := range sh.slots {
		if r == me || !sh.active(r) || !bitTest(sh.set(sh.unsafe, r), me) {
			continue
		}
		if didWrite && flags&flagConflictOut != 0 && s.earliestOutConflictCommit <= sh.slots[r].lastCommitBeforeSnapshot {
			sh.setFlags(r, flagROUnsafe)
			clear(sh.set(sh.unsafe, r))
			continue
		}
		bitClear(sh.set(sh.unsafe, r), me)
		if bitEmpty(sh.set(sh.unsafe, r)) && !sh.has(r, flagROUnsafe) {
			sh.setFlags(r, flagROSafe)
		}
	}
	clear(sh.set(sh.unsafe, me))
}

// ReleaseDeadProcess aborts the serializable transaction a process left
// when it died outside any critical state (the postmaster's cleanup).
func (sh *Shared) ReleaseDeadProcess(o *shmem.Owner, procIndex int) {
	sh.hdr.lock.Lock(o)
	defer sh.hdr.lock.Unlock(o)
	for i := range sh.slots {
		if sh.active(i) && int(sh.slots[i].procIndex) == procIndex {
			sh.freeSlot(i)
		}
	}
	sh.clearOld()
	sh.noteActiveXmin(o)
}
