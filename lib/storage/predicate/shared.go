// The shared state of Serializable Snapshot Isolation: the table of
// serializable transactions (PostgreSQL's PredXactList of
// SERIALIZABLEXACTs), their rw-conflict sets, and the lock table of
// their SIREAD locks and write targets on relations, pages and tuples,
// all in one shared memory region guarded by one LWLock.

package predicate

import (
	"sync/atomic"
	"unsafe"

	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/config"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/proc"
	"github.com/gpostgres/gpostgres/lib/shmem"
	"github.com/gpostgres/gpostgres/lib/storage/lmgr"
)

const regionName = "predicate locks"

// slotsPerProcess is how many serializable transactions the table holds
// per process slot: committed ones stay until no active serializable
// transaction overlaps them (PostgreSQL sizes PredXactList the same way,
// ten per backend).
const slotsPerProcess = 10

// Flags of a serializable transaction (PostgreSQL's SXACT_FLAG_*). They
// change only under the table lock, with atomic stores, so that a
// process may read its own with an atomic load without the lock.
const (
	flagInUse uint32 = 1 << iota
	// flagCommitted: the transaction committed (commitSeq is set).
	flagCommitted
	// flagPrepared: the transaction passed its pre-commit check
	// (prepareSeq is set) and can no longer be canceled.
	flagPrepared
	// flagDoomed: the transaction must fail at its next read, write or
	// commit, a pivot that another chose to cancel.
	flagDoomed
	// flagReadOnly: declared READ ONLY, or committed without writing.
	flagReadOnly
	// flagDidWrite: the transaction wrote a relation.
	flagDidWrite
	// flagConflictOut: committed with an rw-conflict out to a
	// transaction that committed before it (earliestOutConflictCommit
	// is that transaction's prepareSeq).
	flagConflictOut
	// flagROSafe: a read-only transaction that no concurrent read-write
	// transaction can make part of an anomaly; it needs no more SIREAD
	// locks.
	flagROSafe
	// flagROUnsafe: a read-only transaction that a concurrent
	// transaction's committed rw-conflict may make part of an anomaly.
	flagROUnsafe
	// flagDeferrableWaiting: a READ ONLY DEFERRABLE transaction waiting
	// for its snapshot to become safe or unsafe.
	flagDeferrableWaiting
	// flagSummaryConflictIn: a summarized transaction had an rw-conflict
	// into this one (read what it wrote), or still may through the
	// summarized SIREAD locks.
	flagSummaryConflictIn
	// flagSummaryConflictOut: this transaction has an rw-conflict out to
	// a summarized transaction, which committed first.
	flagSummaryConflictOut
)

// header is the start of the region.
type header struct {
	// lock guards everything in the region (PostgreSQL's
	// SerializableXactHashLock, SerializableFinishedListLock and the
	// predicate lock partitions in one).
	lock shmem.LWLock
	// nSlots is the number of transaction slots; words the length of
	// each conflict bit set in uint64s; nEntries the size of the lock
	// table; perXact max_pred_locks_per_transaction.
	nSlots, words, nEntries, perXact int32
	// free is the head of the free list of lock entries (index + 1, 0
	// when the table is full).
	free int32
	// lastCommitSeq is the last commit (or prepare) sequence number
	// given out (PredXact->LastSxactCommitSeqNo).
	lastCommitSeq uint64
	// oldReads and oldWrites head the lists of the summarized
	// transactions (PostgreSQL's dummy OldCommittedSxact): their SIREAD
	// locks and write targets, each entry naming its database and the
	// latest commit it stands for (see summary.go); oldReadRels and
	// oldWriteRels are their relation masks.
	oldReads, oldWrites       int32
	oldReadRels, oldWriteRels uint64
	// serialXmin is the oldest xmin of the running serializable
	// transactions, as last told to pg_serial (SxactGlobalXmin).
	serialXmin uint32
}

// slot is one serializable transaction (SERIALIZABLEXACT).
type slot struct {
	flags     uint32
	pid       int32
	procIndex int32
	db        uint32
	vxid      lmgr.VirtualXid
	topXid    uint32
	// xmin is the snapshot's xmin: the oldest one among running
	// transactions bounds the pg_serial entries still needed.
	xmin uint32
	// reads and writes head the slot's lists of SIREAD locks and of
	// write targets in the lock table (entry index + 1, 0: none).
	reads, writes int32
	// readRels and writeRels have bit rel%64 set for every relation
	// the lists name: a cheap test before walking them.
	readRels, writeRels uint64
	// lastCommitBeforeSnapshot is lastCommitSeq when the transaction took
	// its snapshot: a transaction whose commitSeq is larger is concurrent
	// with it.
	lastCommitBeforeSnapshot uint64
	prepareSeq, commitSeq    uint64
	// earliestOutConflictCommit is, with flagConflictOut, the smallest
	// prepareSeq of the committed transactions this one has an
	// rw-conflict out to, found when it committed.
	earliestOutConflictCommit uint64
}

// InvalidBlock in a Target's Block makes it a relation target.
const InvalidBlock = ^uint32(0)

// Target is what a lock covers (PREDICATELOCKTARGETTAG within the
// transaction's database): a whole relation (Block is InvalidBlock), a
// page (Offset 0) or one tuple (heap TID) of a relation. Index pages
// are page targets of the index.
type Target struct {
	Rel    uint32
	Block  uint32
	Offset uint16
}

// RelationTarget covers every page and tuple of rel.
func RelationTarget(rel uint32) Target { return Target{Rel: rel, Block: InvalidBlock} }

// PageTarget covers page blk of rel and its tuples.
func PageTarget(rel, blk uint32) Target { return Target{Rel: rel, Block: blk} }

// TupleTarget covers the tuple at (blk, off) of rel.
func TupleTarget(rel, blk uint32, off uint16) Target {
	return Target{Rel: rel, Block: blk, Offset: off}
}

func (t Target) isRelation() bool { return t.Block == InvalidBlock }
func (t Target) isPage() bool     { return t.Block != InvalidBlock && t.Offset == 0 }
func (t Target) isTuple() bool    { return t.Block != InvalidBlock && t.Offset != 0 }

// parent is the next coarser target (a tuple's page, a page's relation).
func (t Target) parent() Target {
	if t.isTuple() {
		return PageTarget(t.Rel, t.Block)
	}
	return RelationTarget(t.Rel)
}

// overlaps reports whether a and b share a tuple: one covers the other.
func overlaps(a, b Target) bool {
	if a.Rel != b.Rel {
		return false
	}
	if a.isRelation() || b.isRelation() {
		return true
	}
	if a.Block != b.Block {
		return false
	}
	return a.Offset == 0 || b.Offset == 0 || a.Offset == b.Offset
}

// covers reports whether a contains every tuple of b.
func covers(a, b Target) bool {
	if a.Rel != b.Rel {
		return false
	}
	switch {
	case a.isRelation():
		return true
	case a.isPage():
		return !b.isRelation() && a.Block == b.Block
	}
	return a == b
}

func relBit(rel uint32) uint64 { return 1 << (rel % 64) }

// lockEntry is one SIREAD lock or one write target of a transaction
// (PREDICATELOCK with its target), linked in its slot's list. The
// remaining fields serve only the entries of summarized transactions:
// db their database; seq the latest commit sequence number among the
// transactions the entry stands for (PREDICATELOCK.commitSeqNo); for a
// write target, xid the writer (the latest one, when merged) and
// conflict, 0 while the entry stands for xid alone (pg_serial has its
// conflict), else the smallest pg_serial value of the writers merged
// into it.
type lockEntry struct {
	next     int32
	target   Target
	db       uint32
	xid      uint32
	seq      uint64
	conflict uint64
}

// Shared is one process's view of the region.
type Shared struct {
	hdr   *header
	slots []slot
	// in[i], out[i], unsafe[i] are bit sets over slot indexes: in, the
	// transactions with an rw-conflict into slot i (they read what i
	// wrote, without seeing it); out, those slot i has an rw-conflict
	// to; unsafe, for a read-only slot i, the read-write transactions
	// active when it took its snapshot and still undecided
	// (possibleUnsafeConflicts).
	in, out, unsafe []uint64
	// entries is the lock table, shared by every slot's lists.
	entries []lockEntry
	// serial is pg_serial, where summarized transactions leave their
	// earliest conflict out.
	serial *transam.Serial
}

type layout struct {
	nSlots, words, nEntries                int
	slots, in, out, unsafe, entries, total uintptr
}

func align(n uintptr) uintptr { return (n + 63) &^ 63 }

func computeLayout(nSlots, nEntries int) layout {
	l := layout{nSlots: nSlots, words: (nSlots + 63) / 64, nEntries: nEntries}
	l.slots = align(unsafe.Sizeof(header{}))
	sets := uintptr(nSlots*l.words) * 8
	l.in = align(l.slots + uintptr(nSlots)*unsafe.Sizeof(slot{}))
	l.out = align(l.in + sets)
	l.unsafe = align(l.out + sets)
	l.entries = align(l.unsafe + sets)
	l.total = l.entries + uintptr(nEntries)*unsafe.Sizeof(lockEntry{})
	return l
}

// NumSlots is the number of serializable transactions the table holds
// for the settings.
func NumSlots(s *config.Settings) int {
	return slotsPerProcess * proc.NumSlots(s.Int("max_connections"), s.Int("autovacuum_max_workers"))
}

// NumLocks is the size of the lock table, SIREAD locks and write
// targets together: max_pred_locks_per_transaction for each process
// that may run a transaction (PostgreSQL's NPREDICATELOCKTARGETENTS,
// over MaxBackends + max_prepared_xacts).
func NumLocks(s *config.Settings) int {
	return int(s.Int("max_pred_locks_per_transaction")) *
		(proc.NumSlots(s.Int("max_connections"), s.Int("autovacuum_max_workers")) + int(s.Int("max_prepared_transactions")))
}

func layoutFor(s *config.Settings) layout {
	return computeLayout(NumSlots(s), NumLocks(s))
}

// ShmemSize is the shared memory the region needs.
func ShmemSize(s *config.Settings) int {
	return int(layoutFor(s).total) + 64 + transam.SerialShmemSize()
}

// CreateShared allocates the region (postmaster only).
func CreateShared(seg *shmem.Segment, s *config.Settings) (*Shared, error) {
	l := layoutFor(s)
	b, err := seg.Alloc(regionName, int(l.total))
	if err != nil {
		return nil, err
	}
	h := shmem.At[header](b, 0)
	h.nSlots, h.words, h.nEntries = int32(l.nSlots), int32(l.words), int32(l.nEntries)
	h.perXact = int32(s.Int("max_pred_locks_per_transaction"))
	sh := attach(b)
	if sh.serial, err = transam.CreateSerial(seg, s); err != nil {
		return nil, err
	}
	for i := range sh.entries {
		sh.entries[i].next = int32(i + 2)
	}
	if n := len(sh.entries); n > 0 {
		sh.entries[n-1].next = 0
		h.free = 1
	}
	return sh, nil
}

// AttachShared finds the region the postmaster made.
func AttachShared(seg *shmem.Segment) *Shared {
	sh := attach(seg.MustLookup(regionName))
	sh.serial = transam.AttachSerial(seg)
	return sh
}

func attach(b []byte) *Shared {
	h := shmem.At[header](b, 0)
	l := computeLayout(int(h.nSlots), int(h.nEntries))
	sets := l.nSlots * l.words
	return &Shared{
		hdr:     h,
		slots:   unsafe.Slice(shmem.At[slot](b, l.slots), l.nSlots),
		in:      unsafe.Slice(shmem.At[uint64](b, l.in), sets),
		out:     unsafe.Slice(shmem.At[uint64](b, l.out), sets),
		unsafe:  unsafe.Slice(shmem.At[uint64](b, l.unsafe), sets),
		entries: unsafe.Slice(shmem.At[lockEntry](b, l.entries), l.nEntries),
	}
}

// ---- helpers; all but flagsOf need the table lock ----

func (sh *Shared) flagsOf(i int) uint32 { return atomic.LoadUint32(&sh.slots[i].flags) }

func (sh *Shared) has(i int, f uint32) bool { return sh.flagsOf(i)&f != 0 }

func (sh *Shared) setFlags(i int, f uint32) {
	atomic.StoreUint32(&sh.slots[i].flags, sh.slots[i].flags|f)
}

func (sh *Shared) active(i int) bool {
	f := sh.flagsOf(i)
	return f&flagInUse != 0 && f&flagCommitted == 0
}

func (sh *Shared) set(sets []uint64, i int) []uint64 {
	w := int(sh.hdr.words)
	return sets[i*w : (i+1)*w]
}

func bitTest(s []uint64, j int) bool { return s[j/64]&(1<<(j%64)) != 0 }
func bitSet(s []uint64, j int)       { s[j/64] |= 1 << (j % 64) }
func bitClear(s []uint64, j int)     { s[j/64] &^= 1 << (j % 64) }

func bitEmpty(s []uint64) bool {
	for _, w := range s {
		if w != 0 {
			return false
		}
	}
	return true
}

// eachBit calls f for each set bit of s until f returns false.
func eachBit(s []uint64, f func(j int) bool) {
	for wi, w := range s {
		for w != 0 {
			b := 0
			for w&(1<<b) == 0 {
				b++
			}
			if !f(wi*64 + b) {
				return
			}
			w &^= 1 << b
		}
	}
}

// list is one of a slot's two lock lists: its head and relation mask.
type list struct {
	head *int32
	rels *uint64
}

func (sh *Shared) readList(i int) list  { return list{&sh.slots[i].reads, &sh.slots[i].readRels} }
func (sh *Shared) writeList(i int) list { return list{&sh.slots[i].writes, &sh.slots[i].writeRels} }

// find reports whether some entry of l satisfies f.
func (sh *Shared) find(l list, rel uint32, f func(t Target) bool) bool {
	if *l.rels&relBit(rel) == 0 {
		return false
	}
	for e := *l.head; e != 0; e = sh.entries[e-1].next {
		if f(sh.entries[e-1].target) {
			return true
		}
	}
	return false
}

// anyOverlap reports whether an entry of l shares a tuple with t.
func (sh *Shared) anyOverlap(l list, t Target) bool {
	return sh.find(l, t.Rel, func(e Target) bool { return overlaps(e, t) })
}

// anyCovers reports whether an entry of l covers t.
func (sh *Shared) anyCovers(l list, t Target) bool {
	return sh.find(l, t.Rel, func(e Target) bool { return covers(e, t) })
}

// add links a new entry for t at the head of l; false when the table is
// full.
func (sh *Shared) add(l list, t Target) bool {
	e := sh.hdr.free
	if e == 0 {
		return false
	}
	sh.hdr.free = sh.entries[e-1].next
	sh.entries[e-1] = lockEntry{next: *l.head, target: t}
	*l.head = e
	*l.rels |= relBit(t.Rel)
	return true
}

// removeIf unlinks and frees the entries of l that satisfy f.
func (sh *Shared) removeIf(l list, f func(t Target) bool) {
	sh.removeEntriesIf(l, func(e *lockEntry) bool { return f(e.target) })
}

// removeEntriesIf is removeIf testing whole entries.
func (sh *Shared) removeEntriesIf(l list, f func(e *lockEntry) bool) {
	prev := l.head
	for e := *prev; e != 0; {
		next := sh.entries[e-1].next
		if f(&sh.entries[e-1]) {
			*prev = next
			sh.entries[e-1] = lockEntry{next: sh.hdr.free}
			sh.hdr.free = e
		} else {
			prev = &sh.entries[e-1].next
		}
		e = next
	}
}

// count is the number of entries of l that satisfy f.
func (sh *Shared) count(l list, rel uint32, f func(t Target) bool) int {
	n := 0
	if *l.rels&relBit(rel) == 0 {
		return 0
	}
	for e := *l.head; e != 0; e = sh.entries[e-1].next {
		if f(sh.entries[e-1].target) {
			n++
		}
	}
	return n
}

// freeEntries gives every entry of l back to the table.
func (sh *Shared) freeEntries(l list) {
	sh.removeIf(l, func(Target) bool { return true })
	*l.rels = 0
}

// freeSlot forgets slot i: its rw-conflicts, in both directions, and its
// place in the unsafe sets of read-only transactions.
func (sh *Shared) freeSlot(i int) {
	sh.freeEntries(sh.readList(i))
	sh.freeEntries(sh.writeList(i))
	eachBit(sh.set(sh.in, i), func(j int) bool { bitClear(sh.set(sh.out, j), i); return true })
	eachBit(sh.set(sh.out, i), func(j int) bool { bitClear(sh.set(sh.in, j), i); return true })
	clear(sh.set(sh.in, i))
	clear(sh.set(sh.out, i))
	clear(sh.set(sh.unsafe, i))
	if sh.has(i, flagCommitted) {
		// Its commit already took it out of every unsafe set
		// (releaseLocked).
		sh.slots[i] = slot{}
		return
	}
	for j := range sh.slots {
		if sh.active(j) && bitTest(sh.set(sh.unsafe, j), i) {
			bitClear(sh.set(sh.unsafe, j), i)
			if bitEmpty(sh.set(sh.unsafe, j)) && !sh.has(j, flagROUnsafe) {
				sh.setFlags(j, flagROSafe)
			}
		}
	}
	sh.slots[i] = slot{}
}

// clearOld frees the committed transactions that no active serializable
// transaction overlaps (ClearOldPredicateLocks): their SIREAD locks and
// conflicts can take part in no dangerous structure any more. So go the
// summarized transactions' entries that stand only for such commits.
func (sh *Shared) clearOld() {
	oldest := ^uint64(0)
	for i := range sh.slots {
		if sh.active(i) && sh.slots[i].lastCommitBeforeSnapshot < oldest {
			oldest = sh.slots[i].lastCommitBeforeSnapshot
		}
	}
	for i := range sh.slots {
		if sh.has(i, flagCommitted) && sh.slots[i].commitSeq <= oldest {
			sh.freeSlot(i)
		}
	}
	for _, l := range []list{sh.oldReadList(), sh.oldWriteList()} {
		sh.removeEntriesIf(l, func(e *lockEntry) bool { return e.seq <= oldest })
		if *l.head == 0 {
			*l.rels = 0
		}
	}
}

func errOutOfSharedMemory() *pgerr.Error {
	return pgerr.New(pgerr.OutOfMemory, "out of shared memory").
		WithHint("You might need to increase max_pred_locks_per_transaction.")
}

// serializationError is the 40001 of a dangerous structure, with
// PostgreSQL's reason code as DETAIL.
func serializationError(reason string) *pgerr.Error {
	return pgerr.New(pgerr.TRSerializationFailure, "could not serialize access due to read/write dependencies among transactions").
		WithDetail("Reason code: %s", reason).
		WithHint("The transaction might succeed if retried.")
}

// Serial is pg_serial, for pg_stat_slru.
func (sh *Shared) Serial() *transam.Serial { return sh.serial }
