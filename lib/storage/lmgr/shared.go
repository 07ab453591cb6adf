// The shared lock table: its size, layout in shared memory, hash chains,
// free lists and the per-process lists of held locks (PostgreSQL's
// LockMethodLockHash, LockMethodProcLockHash and PGPROC.myProcLocks).

package lmgr

import (
	"unsafe"

	"github.com/gpostgres/gpostgres/lib/config"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/proc"
	"github.com/gpostgres/gpostgres/lib/shmem"
	"github.com/gpostgres/gpostgres/lib/waitevent"
)

// NumLockPartitions is the number of lock table partitions
// (NUM_LOCK_PARTITIONS); a tag's hash chooses its partition.
const NumLockPartitions = 16

const regionName = "lock table"

// Wait states of a process (PROC_WAIT_STATUS_*).
const (
	waitOK uint32 = iota
	waitWaiting
	waitError
)

type partition struct {
	lock shmem.RWLock
	_    [64 - unsafe.Sizeof(shmem.RWLock{})]byte
}

type tableHeader struct {
	// freeLock protects the two free lists; it is taken while holding a
	// partition lock, never the other way round.
	freeLock shmem.LWLock

	nLocks, nProcLocks, nProcs, nBuckets int32
	freeLocks, freeProcLocks             int32 // list heads (index+1)
	usedLocks, usedProcLocks             int32

	partitions [NumLockPartitions]partition
}

// lockEnt is a lockable object with at least one holder or waiter
// (PostgreSQL's LOCK). Every field but next is protected by the lock
// partition of tag; next (hash chain or free list) by that partition or,
// while free, by freeLock. References to entries are index+1, 0 for none.
type lockEnt struct {
	tag        LockTag
	next       int32
	partition  int32
	grantMask  lockMask
	waitMask   lockMask
	nRequested int32
	nGranted   int32
	requested  [MaxLockMode + 1]int32
	granted    [MaxLockMode + 1]int32
	procLocks  int32 // head of the holders list (procLockEnt.lockNext)
	waitHead   int32 // wait queue of processes (index+1), FIFO
	waitTail   int32
	nWaiting   int32
}

// procLockEnt is one process's interest in one lock (PROCLOCK): the modes
// it holds, and its place in the lock's and the process's lists.
type procLockEnt struct {
	lock               int32
	proc               int32
	holdMask           lockMask
	lockNext, lockPrev int32
	procNext, procPrev int32
}

// procEnt is a process's lock state, indexed by its proc slot index. The
// wait fields are protected by the partition of the lock waited for;
// sem and waitStatus are also read without it (atomically).
type procEnt struct {
	sem          uint32 // futex word, bumped to wake the process
	waitStatus   uint32
	pid          int32
	waitLock     int32
	waitProcLock int32
	waitMode     LockMode
	waitNext     int32
	waitPrev     int32
	heldLocks    lockMask // modes held on waitLock when the wait began
	// myProcLocks[p] heads the list of this process's procLockEnts in
	// partition p, protected by that partition's lock.
	myProcLocks [NumLockPartitions]int32
	// vxidLocal is the local id of the virtual transaction the process
	// runs (0 between transactions), published with atomics by the
	// owner only (vxid.go); nextLxid is the slot's counter of local
	// ids, kept across the backends that use the slot, so that a
	// virtual transaction id is not used twice.
	vxidLocal uint32
	nextLxid  uint32
	// waitStart is when the current wait began (unix microseconds, 0
	// while not waiting), for pg_locks.waitstart; written by the owner
	// with atomics.
	waitStart int64
}

// LockTable is one process's view of the shared lock table.
type LockTable struct {
	hdr       *tableHeader
	buckets   []int32
	locks     []lockEnt
	procLocks []procLockEnt
	procs     []procEnt
}

// MaxBackends is PostgreSQL's MaxBackends for the settings:
// max_connections + autovacuum_max_workers + 1 + max_worker_processes +
// max_wal_senders.
func MaxBackends(s *config.Settings) int {
	return int(s.Int("max_connections") + s.Int("autovacuum_max_workers") + 1 +
		s.Int("max_worker_processes") + s.Int("max_wal_senders"))
}

// NumLockEntries is the capacity of the lock table, PostgreSQL's
// NLOCKENTS(): max_locks_per_transaction * (MaxBackends +
// max_prepared_transactions). There is room for twice as many
// (process, lock) pairs.
func NumLockEntries(s *config.Settings) int {
	return int(s.Int("max_locks_per_transaction")) * (MaxBackends(s) + int(s.Int("max_prepared_transactions")))
}

type layout struct {
	nLocks, nProcLocks, nProcs, nBuckets    int
	buckets, locks, procLocks, procs, total uintptr
}

func align(n uintptr) uintptr { return (n + 63) &^ 63 }

func computeLayout(nLocks, nProcs int) layout {
	l := layout{nLocks: nLocks, nProcLocks: 2 * nLocks, nProcs: nProcs}
	l.nBuckets = 16
	for l.nBuckets*NumLockPartitions < nLocks {
		l.nBuckets *= 2
	}
	l.buckets = align(unsafe.Sizeof(tableHeader{}))
	l.locks = align(l.buckets + uintptr(NumLockPartitions*l.nBuckets)*4)
	l.procLocks = align(l.locks + uintptr(l.nLocks)*unsafe.Sizeof(lockEnt{}))
	l.procs = align(l.procLocks + uintptr(l.nProcLocks)*unsafe.Sizeof(procLockEnt{}))
	l.total = l.procs + uintptr(nProcs)*unsafe.Sizeof(procEnt{})
	return l
}

func layoutFor(s *config.Settings) layout {
	return computeLayout(NumLockEntries(s), proc.NumSlots(s.Int("max_connections"), s.Int("autovacuum_max_workers")))
}

// ShmemSize is the number of shared memory bytes the lock table needs.
func ShmemSize(s *config.Settings) int { return int(layoutFor(s).total) + 64 }

// CreateShared allocates the lock table (postmaster only).
func CreateShared(seg *shmem.Segment, s *config.Settings) (*LockTable, error) {
	l := layoutFor(s)
	b, err := seg.Alloc(regionName, int(l.total))
	if err != nil {
		return nil, err
	}
	h := shmem.At[tableHeader](b, 0)
	h.nLocks, h.nProcLocks, h.nProcs, h.nBuckets = int32(l.nLocks), int32(l.nProcLocks), int32(l.nProcs), int32(l.nBuckets)
	lt := attach(b)
	for i := range lt.locks {
		lt.locks[i].next = int32(i + 2)
	}
	lt.locks[len(lt.locks)-1].next = 0
	h.freeLocks = 1
	for i := range lt.procLocks {
		lt.procLocks[i].lockNext = int32(i + 2)
	}
	lt.procLocks[len(lt.procLocks)-1].lockNext = 0
	h.freeProcLocks = 1
	for p := 0; p < NumLockPartitions; p++ {
		lt.partLock(p).SetWaitEvent(uint32(waitevent.LWLockLockManager))
	}
	return lt, nil
}

// AttachShared finds the lock table the postmaster created.
func AttachShared(seg *shmem.Segment) *LockTable { return attach(seg.MustLookup(regionName)) }

func attach(b []byte) *LockTable {
	h := shmem.At[tableHeader](b, 0)
	l := computeLayout(int(h.nLocks), int(h.nProcs))
	return &LockTable{
		hdr:       h,
		buckets:   unsafe.Slice(shmem.At[int32](b, l.buckets), NumLockPartitions*l.nBuckets),
		locks:     unsafe.Slice(shmem.At[lockEnt](b, l.locks), l.nLocks),
		procLocks: unsafe.Slice(shmem.At[procLockEnt](b, l.procLocks), l.nProcLocks),
		procs:     unsafe.Slice(shmem.At[procEnt](b, l.procs), l.nProcs),
	}
}

// Capacity returns the number of lock entries and (process, lock) entries.
func (lt *LockTable) Capacity() (locks, procLocks int) {
	return int(lt.hdr.nLocks), int(lt.hdr.nProcLocks)
}

// InUse returns how many lock and (process, lock) entries are in use.
func (lt *LockTable) InUse(o *shmem.Owner) (locks, procLocks int) {
	lt.hdr.freeLock.Lock(o)
	defer lt.hdr.freeLock.Unlock(o)
	return int(lt.hdr.usedLocks), int(lt.hdr.usedProcLocks)
}

func (lt *LockTable) lock(ref int32) *lockEnt         { return &lt.locks[ref-1] }
func (lt *LockTable) procLock(ref int32) *procLockEnt { return &lt.procLocks[ref-1] }
func (lt *LockTable) partLock(p int) *shmem.RWLock    { return &lt.hdr.partitions[p].lock }

func partitionOf(h uint32) int { return int(h % NumLockPartitions) }

func (lt *LockTable) bucket(h uint32) *int32 {
	n := uint32(lt.hdr.nBuckets)
	return &lt.buckets[uint32(partitionOf(h))*n+(h/NumLockPartitions)%n]
}

func errOutOfSharedMemory() *pgerr.Error {
	return pgerr.New(pgerr.OutOfMemory, "out of shared memory").
		WithHint("You might need to increase max_locks_per_transaction.")
}

// findLock looks tag up; its partition must be held.
func (lt *LockTable) findLock(tag LockTag, h uint32) int32 {
	for r := *lt.bucket(h); r != 0; r = lt.lock(r).next {
		if lt.lock(r).tag == tag {
			return r
		}
	}
	return 0
}

// findOrCreateLock returns tag's entry, creating an empty one.
func (lt *LockTable) findOrCreateLock(o *shmem.Owner, tag LockTag, h uint32) (int32, error) {
	if r := lt.findLock(tag, h); r != 0 {
		return r, nil
	}
	hdr := lt.hdr
	hdr.freeLock.Lock(o)
	r := hdr.freeLocks
	if r != 0 {
		hdr.freeLocks = lt.lock(r).next
		hdr.usedLocks++
	}
	hdr.freeLock.Unlock(o)
	if r == 0 {
		return 0, errOutOfSharedMemory()
	}
	lk := lt.lock(r)
	*lk = lockEnt{tag: tag, partition: int32(partitionOf(h))}
	b := lt.bucket(h)
	lk.next = *b
	*b = r
	return r, nil
}

// removeLock unlinks an unused entry from its chain and frees it.
func (lt *LockTable) removeLock(o *shmem.Owner, r int32) {
	lk := lt.lock(r)
	p := lt.bucket(lk.tag.hash())
	for *p != r {
		p = &lt.lock(*p).next
	}
	*p = lk.next
	hdr := lt.hdr
	hdr.freeLock.Lock(o)
	lk.next = hdr.freeLocks
	hdr.freeLocks = r
	hdr.usedLocks--
	hdr.freeLock.Unlock(o)
}

// findProcLock finds the process's entry for lock r in partition part.
func (lt *LockTable) findProcLock(procIndex, part int, r int32) int32 {
	for pr := lt.procs[procIndex].myProcLocks[part]; pr != 0; pr = lt.procLock(pr).procNext {
		if lt.procLock(pr).lock == r {
			return pr
		}
	}
	return 0
}

func (lt *LockTable) createProcLock(o *shmem.Owner, procIndex, part int, r int32) (int32, error) {
	hdr := lt.hdr
	hdr.freeLock.Lock(o)
	pr := hdr.freeProcLocks
	if pr != 0 {
		hdr.freeProcLocks = lt.procLock(pr).lockNext
		hdr.usedProcLocks++
	}
	hdr.freeLock.Unlock(o)
	if pr == 0 {
		return 0, errOutOfSharedMemory()
	}
	pl := lt.procLock(pr)
	lk := lt.lock(r)
	pe := &lt.procs[procIndex]
	*pl = procLockEnt{lock: r, proc: int32(procIndex + 1)}
	pl.lockNext = lk.procLocks
	if lk.procLocks != 0 {
		lt.procLock(lk.procLocks).lockPrev = pr
	}
	lk.procLocks = pr
	pl.procNext = pe.myProcLocks[part]
	if pe.myProcLocks[part] != 0 {
		lt.procLock(pe.myProcLocks[part]).procPrev = pr
	}
	pe.myProcLocks[part] = pr
	return pr, nil
}

func (lt *LockTable) removeProcLock(o *shmem.Owner, pr int32) {
	pl := lt.procLock(pr)
	lk := lt.lock(pl.lock)
	pe := &lt.procs[pl.proc-1]
	if pl.lockPrev != 0 {
		lt.procLock(pl.lockPrev).lockNext = pl.lockNext
	} else {
		lk.procLocks = pl.lockNext
	}
	if pl.lockNext != 0 {
		lt.procLock(pl.lockNext).lockPrev = pl.lockPrev
	}
	if pl.procPrev != 0 {
		lt.procLock(pl.procPrev).procNext = pl.procNext
	} else {
		pe.myProcLocks[lk.partition] = pl.procNext
	}
	if pl.procNext != 0 {
		lt.procLock(pl.procNext).procPrev = pl.procPrev
	}
	hdr := lt.hdr
	hdr.freeLock.Lock(o)
	*pl = procLockEnt{lockNext: hdr.freeProcLocks}
	hdr.freeProcLocks = pr
	hdr.usedProcLocks--
	hdr.freeLock.Unlock(o)
}

// Wait queue of a lock: a doubly linked list of processes.

func (lt *LockTable) queueInsertBefore(lk *lockEnt, procIndex int, before int32) {
	me := int32(procIndex + 1)
	pe := &lt.procs[procIndex]
	if before == 0 {
		pe.waitPrev, pe.waitNext = lk.waitTail, 0
		if lk.waitTail != 0 {
			lt.procs[lk.waitTail-1].waitNext = me
		} else {
			lk.waitHead = me
		}
		lk.waitTail = me
	} else {
		b := &lt.procs[before-1]
		pe.waitPrev, pe.waitNext = b.waitPrev, before
		if b.waitPrev != 0 {
			lt.procs[b.waitPrev-1].waitNext = me
		} else {
			lk.waitHead = me
		}
		b.waitPrev = me
	}
	lk.nWaiting++
}

func (lt *LockTable) queueRemove(lk *lockEnt, procIndex int) {
	pe := &lt.procs[procIndex]
	if pe.waitPrev != 0 {
		lt.procs[pe.waitPrev-1].waitNext = pe.waitNext
	} else {
		lk.waitHead = pe.waitNext
	}
	if pe.waitNext != 0 {
		lt.procs[pe.waitNext-1].waitPrev = pe.waitPrev
	} else {
		lk.waitTail = pe.waitPrev
	}
	pe.waitNext, pe.waitPrev = 0, 0
	lk.nWaiting--
}
