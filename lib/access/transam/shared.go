// Shared memory layout of transam and the per-process Manager: the
// variables of PostgreSQL's ShmemVariableCache (varsup.c), the proc array's
// xid/xmin arrays (procarray.c) and the CLOG SLRU (clog.c, slru.c).

package transam

import (
	"fmt"
	"path/filepath"
	"sync/atomic"
	"unsafe"

	"github.com/gpostgres/gpostgres/lib/config"
	"github.com/gpostgres/gpostgres/lib/proc"
	"github.com/gpostgres/gpostgres/lib/shmem"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/waitevent"
)

const (
	varsRegion     = "transam"
	clogRegion     = "pg_xact"
	subtransRegion = "pg_subtrans"
	multiRegion    = "pg_multixact"
	mxOffRegion    = "pg_multixact/offsets"
	mxMemRegion    = "pg_multixact/members"
)

// PGProcMaxCachedSubxids is how many subtransaction ids a process's
// proc-array entry holds (PGPROC_MAX_CACHED_SUBXIDS); beyond that the
// entry is marked overflowed and the rest are found through pg_subtrans.
const PGProcMaxCachedSubxids = 64

// varsShared is the "transam" region's header.
type varsShared struct {
	// XidGenLock protects nextXid (readers may load it atomically) and
	// orders xid assignment with publication in the proc array.
	xidGenLock shmem.LWLock
	// OidGenLock protects nextOid and oidCount.
	oidGenLock shmem.LWLock
	// ProcArrayLock protects latestCompletedXid and the clearing of other
	// processes' xids; see README.md.
	procArrayLock shmem.RWLock

	nProcs   int32
	nextOid  uint32
	oidCount uint32

	nextXid            uint64 // FullTransactionId
	latestCompletedXid uint64 // FullTransactionId
	oldestXid          uint32
	// The wraparound limits SetTransactionIdLimit derives from oldestXid
	// (VariableCacheData's xidVacLimit ... xidWrapLimit) and the database
	// holding it.
	oldestXidDB                                           uint32
	xidVacLimit, xidWarnLimit, xidStopLimit, xidWrapLimit uint32
	// subtransOldest is the oldest xid whose pg_subtrans entry is kept
	// (atomic; see subtrans.go).
	subtransOldest uint32
	// oldestClogXid is the oldest xid whose commit status pg_xact still
	// keeps (ShmemVariableCache's oldestClogXid), protected by
	// xactTruncationLock (XactTruncationLock): TruncateCLOG moves it
	// exclusively before removing segments, and pg_xact_status holds it
	// shared across its check and lookup.
	oldestClogXid, oldestClogXidDB uint32
	xactTruncationLock             shmem.RWLock
	// wrapLimitsVacuumLock (WrapLimitsVacuumLock) lets one VACUUM at a
	// time compute the databases' oldest datfrozenxid and datminmxid and
	// truncate from them.
	wrapLimitsVacuumLock shmem.LWLock

	xactCommit   uint64
	xactRollback uint64
}

// procXact is one process's entry of the proc array, indexed by its proc
// slot index (lib/proc Array.Index). Only the owner sets xid (under
// XidGenLock) and xmin; EndTransaction clears both under ProcArrayLock.
// The entries are small and dense, so that a snapshot's scan of every
// xid touches few cache lines; the subxid caches live apart (subxidCache).
type procXact struct {
	xid  uint32
	xmin uint32
	// inVacuum is 1 while the owner runs a lazy VACUUM of one table
	// (PostgreSQL's PROC_IN_VACUUM): GetOldestXmin passes over its xid
	// and xmin, so that a long VACUUM of one table does not keep others'
	// dead rows from being pruned. Set and cleared by the owner
	// (SetInVacuum); EndTransaction and ClearProc clear it too.
	inVacuum uint32
	// delayCkpt is 1 from just before the owner inserts a commit record
	// until the commit log shows the commit (PostgreSQL's
	// DELAY_CHKPT_START); delayCkptDone counts the ends of such windows.
	// Both are atomics written by the owner only (WaitForCommitsInFlight).
	delayCkpt     uint32
	delayCkptDone uint32
	// oldestMulti is the next multixact id when the transaction took its
	// first snapshot or xid (setOldestMember), 0 outside transactions;
	// an atomic written by the owner (cleared by ClearProc too).
	oldestMulti uint32
	// db is the database the owner is connected to (SetProcDatabase),
	// 0 for a process that has none or has not said: its xid and xmin
	// then hold back every database's horizon.
	db uint32
}

// subxidCache is one process's cache of its running subtransaction ids
// (PGPROC's subxids and XidCacheStatus), indexed like procXact. The owner
// appends a new id under XidGenLock, storing the entry before the count
// (atomics), so that readers holding ProcArrayLock in either mode see only
// complete entries; entries are removed and the cache cleared only under
// ProcArrayLock exclusive. When the cache is full, overflowed is set
// instead and the id is found via pg_subtrans. lastSubxid is the newest
// subtransaction id assigned to the transaction (cached or not), for
// latestCompletedXid when it ends.
type subxidCache struct {
	nsubxids   uint32
	overflowed uint32
	lastSubxid uint32
	subxids    [PGProcMaxCachedSubxids]uint32
}

// Manager is one process's view of transam's shared state. Build it once
// per process with CreateShared (postmaster) or AttachShared (children).
// Its methods may be called from several goroutines; the process-local
// settings (SetWAL, SetInRecovery) must be set before that.
type Manager struct {
	vars     *varsShared
	procs    []procXact
	subx     []subxidCache // parallel to procs
	clog     *slru
	subtrans *slru
	// multi, mxOffsets and mxMembers are the multixact state and SLRUs
	// (multixact.go); multiCache the process's cache of member sets.
	multi      *multiShared
	mxOffsets  *slru
	mxMembers  *slru
	multiCache multiCache

	wal        WAL
	inRecovery bool
	standalone bool

	// lastFetch caches the last final (committed/aborted) status looked
	// up: xid<<8 | status. PostgreSQL's cachedFetchXid.
	lastFetch atomic.Uint64
}

// numProcs is the number of proc slots lib/proc allocates for the settings.
func numProcs(s *config.Settings) int {
	return proc.NumSlots(s.Int("max_connections"), s.Int("autovacuum_max_workers"))
}

// CLOGBuffers is the number of clog page buffers for the settings:
// PostgreSQL 15's Min(128, Max(4, NBuffers / 512)).
func CLOGBuffers(s *config.Settings) int {
	n := int(s.Int("shared_buffers")) / 512
	return min(128, max(4, n))
}

func varsSize(nprocs int) int {
	return int(alignUp(unsafe.Sizeof(varsShared{}))) + int(alignUp(uintptr(nprocs)*unsafe.Sizeof(procXact{}))) +
		nprocs*int(unsafe.Sizeof(subxidCache{}))
}

// ShmemSize is the number of shared memory bytes transam needs, including
// the alignment slack of its regions.
func ShmemSize(s *config.Settings) int {
	return varsSize(numProcs(s)) + slruSize(CLOGBuffers(s), clogLSNsPerPage) +
		slruSize(SubtransBuffers, 0) + multiVarsSize() + slruSize(MultiXactOffsetBuffers, 0) +
		slruSize(MultiXactMemberBuffers, 0) + 6*64
}

// CreateShared allocates and initialises transam's shared memory: nextXid
// is FirstNormalTransactionId and nextOid FirstNormalObjectId until the
// startup code sets them from pg_control (SetNextXid, SetNextOid). The CLOG
// files live in pg_xact and the subtransaction parents in pg_subtrans under
// the data_directory setting.
func CreateShared(seg *shmem.Segment, s *config.Settings) (*Manager, error) {
	nprocs := numProcs(s)
	vb, err := seg.Alloc(varsRegion, varsSize(nprocs))
	if err != nil {
		return nil, err
	}
	v := shmem.At[varsShared](vb, 0)
	v.nProcs = int32(nprocs)
	v.nextOid = FirstNormalObjectId
	v.nextXid = uint64(FirstNormalFullTransactionId)
	v.latestCompletedXid = uint64(FirstNormalFullTransactionId.Retreat())
	v.oldestXid = uint32(FirstNormalTransactionId)
	v.subtransOldest = uint32(FirstNormalTransactionId)
	v.oldestClogXid = uint32(FirstNormalTransactionId)
	v.procArrayLock.SetWaitEvent(uint32(waitevent.LWLockProcArray))

	dir := filepath.Join(s.String("data_directory"), "pg_xact")
	sdir := filepath.Join(s.String("data_directory"), "pg_subtrans")
	if len(sdir) >= maxDirLen {
		return nil, fmt.Errorf("data directory path %q is too long", dir)
	}
	cb, err := seg.Alloc(clogRegion, slruSize(CLOGBuffers(s), clogLSNsPerPage))
	if err != nil {
		return nil, err
	}
	initSlru(cb, CLOGBuffers(s), clogLSNsPerPage, dir)
	sb, err := seg.Alloc(subtransRegion, slruSize(SubtransBuffers, 0))
	if err != nil {
		return nil, err
	}
	initSlru(sb, SubtransBuffers, 0, sdir)
	mb, err := seg.Alloc(multiRegion, multiVarsSize())
	if err != nil {
		return nil, err
	}
	mv := shmem.At[multiShared](mb, 0)
	mv.nextMulti, mv.oldestMulti = uint32(FirstMultiXactId), uint32(FirstMultiXactId)
	mob, err := seg.Alloc(mxOffRegion, slruSize(MultiXactOffsetBuffers, 0))
	if err != nil {
		return nil, err
	}
	initSlru(mob, MultiXactOffsetBuffers, 0, filepath.Join(s.String("data_directory"), "pg_multixact", "offsets"))
	mmb, err := seg.Alloc(mxMemRegion, slruSize(MultiXactMemberBuffers, 0))
	if err != nil {
		return nil, err
	}
	initSlru(mmb, MultiXactMemberBuffers, 0, filepath.Join(s.String("data_directory"), "pg_multixact", "members"))
	m := attach(vb, cb, sb)
	m.attachMulti(mb, mob, mmb)
	return m, nil
}

func (m *Manager) attachMulti(mb, mob, mmb []byte) {
	m.multi = shmem.At[multiShared](mb, 0)
	m.mxOffsets = attachSlru(mob, "MultiXactOffset", multiOffsetPagePrecedes)
	m.mxOffsets.inRecovery = func() bool { return m.inRecovery }
	m.mxMembers = attachSlru(mmb, "MultiXactMember", multiMemberPagePrecedes)
	m.mxMembers.inRecovery = func() bool { return m.inRecovery }
}

// AttachShared finds the regions the postmaster created.
func AttachShared(seg *shmem.Segment) *Manager {
	m := attach(seg.MustLookup(varsRegion), seg.MustLookup(clogRegion), seg.MustLookup(subtransRegion))
	m.attachMulti(seg.MustLookup(multiRegion), seg.MustLookup(mxOffRegion), seg.MustLookup(mxMemRegion))
	return m
}

func attach(vb, cb, sb []byte) *Manager {
	v := shmem.At[varsShared](vb, 0)
	off := alignUp(unsafe.Sizeof(varsShared{}))
	procs := unsafe.Slice(shmem.At[procXact](vb, off), v.nProcs)
	off = alignUp(off + uintptr(v.nProcs)*unsafe.Sizeof(procXact{}))
	subx := unsafe.Slice(shmem.At[subxidCache](vb, off), v.nProcs)
	m := &Manager{vars: v, procs: procs, subx: subx}
	m.clog = attachSlru(cb, "Xact", clogPagePrecedes)
	m.clog.flush = m.flushWAL
	m.clog.inRecovery = func() bool { return m.inRecovery }
	m.subtrans = attachSlru(sb, "Subtrans", subtransPagePrecedes)
	m.subtrans.noSync = true
	return m
}

// SetWAL gives the manager the process's WAL. Without one (tests,
// bootstrap) nothing is logged and nothing is flushed.
func (m *Manager) SetWAL(w WAL) { m.wal = w }

// SetInRecovery marks the process as the startup process replaying WAL:
// a missing pg_xact segment then reads as zeroes, and clog status changes
// that are impossible in normal running are tolerated.
func (m *Manager) SetInRecovery(on bool) { m.inRecovery = on }

// SetStandalone marks a bootstrap or single-user process: OIDs below
// FirstNormalObjectId may then be assigned (PostgreSQL's
// !IsPostmasterEnvironment).
func (m *Manager) SetStandalone(on bool) { m.standalone = on }

// NumProcs is the length of the proc array (proc.Array.Len()).
func (m *Manager) NumProcs() int { return len(m.procs) }

func (m *Manager) flushWAL(lsn storage.LSN) error {
	if m.wal == nil {
		return nil
	}
	return m.wal.Flush(lsn)
}

// Counters returns the number of transactions ended by commit and by
// rollback since shared memory was created (pg_stat_database's
// xact_commit and xact_rollback, summed over databases).
func (m *Manager) Counters() (commits, rollbacks uint64) {
	return atomic.LoadUint64(&m.vars.xactCommit), atomic.LoadUint64(&m.vars.xactRollback)
}

func alignUp(n uintptr) uintptr { return (n + 63) &^ 63 }

func (m *Manager) checkProc(procIndex int) {
	if procIndex < 0 || procIndex >= len(m.procs) {
		panic(fmt.Sprintf("transam: proc index %d out of range [0,%d)", procIndex, len(m.procs)))
	}
}

// SlruStats reads the counters of pg_xact, pg_subtrans and
// pg_multixact's two SLRUs (pg_stat_slru's rows Xact, Subtrans,
// MultiXactOffset, MultiXactMember).
func (m *Manager) SlruStats() []SlruStats {
	return []SlruStats{m.mxMembers.statsSnapshot(), m.mxOffsets.statsSnapshot(),
		m.subtrans.statsSnapshot(), m.clog.statsSnapshot()}
}

// ResetSlruStats zeroes the counters of the SLRU called name (as
// pg_stat_slru names it), or of all four for "": false when none is
// called name.
func (m *Manager) ResetSlruStats(name string) bool {
	found := false
	for _, s := range []*slru{m.clog, m.subtrans, m.mxOffsets, m.mxMembers} {
		if name == "" || name == s.name {
			s.resetStats()
			found = true
		}
	}
	return found
}
