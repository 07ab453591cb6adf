// The shared state of Serializable Snapshot Isolation: the table of
// serializable transactions (PostgreSQL's PredXactList of
// SERIALIZABLEXACTs), their rw-conflict sets, their SIREAD relation
// locks and the relations they wrote, all in one shared memory region
// guarded by one LWLock.

package predicate

import (
	"sync/atomic"
	"unsafe"

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
	// flagReadAll: more relations were read than a slot records: the
	// transaction counts as reading every relation of its database.
	flagReadAll
	// flagWroteAll: likewise for relations written.
	flagWroteAll
)

// header is the start of the region.
type header struct {
	// lock guards everything in the region (PostgreSQL's
	// SerializableXactHashLock, SerializableFinishedListLock and the
	// predicate lock partitions in one).
	lock shmem.LWLock
	// nSlots is the number of transaction slots; words the length of
	// each conflict bit set in uint64s; relsPerSlot the number of
	// relations a slot records read, and as many written.
	nSlots, words, relsPerSlot int32
	// lastCommitSeq is the last commit (or prepare) sequence number
	// given out (PredXact->LastSxactCommitSeqNo).
	lastCommitSeq uint64
}

// slot is one serializable transaction (SERIALIZABLEXACT).
type slot struct {
	flags     uint32
	pid       int32
	procIndex int32
	db        uint32
	vxid      lmgr.VirtualXid
	topXid    uint32
	nReads    int32
	nWrites   int32
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
	// reads and writes hold relsPerSlot relation OIDs per slot.
	reads, writes []uint32
}

type layout struct {
	nSlots, words, rels                          int
	slots, in, out, unsafe, reads, writes, total uintptr
}

func align(n uintptr) uintptr { return (n + 63) &^ 63 }

func computeLayout(nSlots, rels int) layout {
	l := layout{nSlots: nSlots, words: (nSlots + 63) / 64, rels: rels}
	l.slots = align(unsafe.Sizeof(header{}))
	sets := uintptr(nSlots*l.words) * 8
	l.in = align(l.slots + uintptr(nSlots)*unsafe.Sizeof(slot{}))
	l.out = align(l.in + sets)
	l.unsafe = align(l.out + sets)
	l.reads = align(l.unsafe + sets)
	relBytes := uintptr(nSlots*rels) * 4
	l.writes = align(l.reads + relBytes)
	l.total = l.writes + relBytes
	return l
}

// NumSlots is the number of serializable transactions the table holds
// for the settings.
func NumSlots(s *config.Settings) int {
	return slotsPerProcess * proc.NumSlots(s.Int("max_connections"), s.Int("autovacuum_max_workers"))
}

func layoutFor(s *config.Settings) layout {
	return computeLayout(NumSlots(s), int(s.Int("max_pred_locks_per_transaction")))
}

// ShmemSize is the shared memory the region needs.
func ShmemSize(s *config.Settings) int { return int(layoutFor(s).total) + 64 }

// CreateShared allocates the region (postmaster only).
func CreateShared(seg *shmem.Segment, s *config.Settings) (*Shared, error) {
	l := layoutFor(s)
	b, err := seg.Alloc(regionName, int(l.total))
	if err != nil {
		return nil, err
	}
	h := shmem.At[header](b, 0)
	h.nSlots, h.words, h.relsPerSlot = int32(l.nSlots), int32(l.words), int32(l.rels)
	return attach(b), nil
}

// AttachShared finds the region the postmaster made.
func AttachShared(seg *shmem.Segment) *Shared { return attach(seg.MustLookup(regionName)) }

func attach(b []byte) *Shared {
	h := shmem.At[header](b, 0)
	l := computeLayout(int(h.nSlots), int(h.relsPerSlot))
	sets := l.nSlots * l.words
	return &Shared{
		hdr:    h,
		slots:  unsafe.Slice(shmem.At[slot](b, l.slots), l.nSlots),
		in:     unsafe.Slice(shmem.At[uint64](b, l.in), sets),
		out:    unsafe.Slice(shmem.At[uint64](b, l.out), sets),
		unsafe: unsafe.Slice(shmem.At[uint64](b, l.unsafe), sets),
		reads:  unsafe.Slice(shmem.At[uint32](b, l.reads), l.nSlots*l.rels),
		writes: unsafe.Slice(shmem.At[uint32](b, l.writes), l.nSlots*l.rels),
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

func (sh *Shared) relList(rels []uint32, i int, n int32) []uint32 {
	r := int(sh.hdr.relsPerSlot)
	return rels[i*r : i*r+int(n)]
}

// readsRel reports whether slot i holds a SIREAD lock on rel.
func (sh *Shared) readsRel(i int, rel uint32) bool {
	if sh.has(i, flagReadAll) {
		return true
	}
	for _, r := range sh.relList(sh.reads, i, sh.slots[i].nReads) {
		if r == rel {
			return true
		}
	}
	return false
}

// wroteRel reports whether slot i wrote rel.
func (sh *Shared) wroteRel(i int, rel uint32) bool {
	if sh.has(i, flagWroteAll) {
		return true
	}
	for _, r := range sh.relList(sh.writes, i, sh.slots[i].nWrites) {
		if r == rel {
			return true
		}
	}
	return false
}

// addRel records rel in slot i's list, or sets all when the list is full.
func (sh *Shared) addRel(rels []uint32, n *int32, i int, rel uint32, all uint32) {
	if int(*n) < int(sh.hdr.relsPerSlot) {
		rels[i*int(sh.hdr.relsPerSlot)+int(*n)] = rel
		*n++
		return
	}
	sh.setFlags(i, all)
}

// freeSlot forgets slot i: its rw-conflicts, in both directions, and its
// place in the unsafe sets of read-only transactions.
func (sh *Shared) freeSlot(i int) {
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
// conflicts can take part in no dangerous structure any more.
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
