// The shared proc array.

package proc

import (
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/gpostgres/gpostgres/lib/shmem"
)

// Role is the kind of process occupying a slot.
type Role int32

const (
	RoleNone Role = iota
	RoleBackend
	RoleCheckpointer
	RoleBgWriter
	RoleWalWriter
	RoleAutovacuumLauncher
	RoleLogger
	RoleStartup
	RoleArchiver
	RoleAutovacuumWorker
)

// Titles are the process titles PostgreSQL gives each role, after "gpostgres:".
var roleTitles = map[Role]string{
	RoleBackend:            "client backend",
	RoleCheckpointer:       "checkpointer",
	RoleBgWriter:           "background writer",
	RoleWalWriter:          "walwriter",
	RoleAutovacuumLauncher: "autovacuum launcher",
	RoleLogger:             "logger",
	RoleStartup:            "startup",
	RoleArchiver:           "archiver",
	RoleAutovacuumWorker:   "autovacuum worker",
}

// Title is the role's name as ps, pg_stat_activity.backend_type and log
// messages show it.
func (r Role) Title() string { return roleTitles[r] }

// RoleByTitle is the inverse of Title.
func RoleByTitle(s string) (Role, bool) {
	for r, t := range roleTitles {
		if t == s {
			return r, true
		}
	}
	return RoleNone, false
}

// Backend states as pg_stat_activity.state shows them.
const (
	StateStarting int32 = iota
	StateIdle
	StateActive
	StateIdleInTransaction
	StateIdleInTransactionAborted
)

// StateName is pg_stat_activity.state's text for a state.
func StateName(s int32) string {
	switch s {
	case StateIdle:
		return "idle"
	case StateActive:
		return "active"
	case StateIdleInTransaction:
		return "idle in transaction"
	case StateIdleInTransactionAborted:
		return "idle in transaction (aborted)"
	}
	return ""
}

const (
	nameSize  = 64
	hostSize  = 48
	QuerySize = 1024 // track_activity_query_size's default
	// AuxSlots is the number of slots reserved for background processes.
	AuxSlots = 8
)

// Slot is one process's entry in the proc array. It lives in shared memory:
// fixed-size fields only.
type Slot struct {
	Owner       shmem.Owner
	Role        Role
	CancelKey   int32
	DatabaseOID uint32
	UserOID     uint32
	Superuser   int32
	State       int32
	ClientPort  int32
	ChangeCount uint32

	BackendStart int64 // unix microseconds
	XactStart    int64
	QueryStart   int64
	StateChange  int64

	UserName    [nameSize]byte
	Database    [nameSize]byte
	Application [nameSize]byte
	ClientAddr  [hostSize]byte
	Query       [QuerySize]byte

	// The progress of the command the process runs (st_progress_command,
	// st_progress_command_target, st_progress_param), written under
	// ChangeCount like the rest (lib/pgstat's progress API).
	ProgressCommand int32
	ProgressTarget  uint32
	ProgressParam   [ProgressParams]int64
}

// ProgressParams is the number of progress parameters a command can
// report (PGSTAT_NUM_PROGRESS_PARAM).
const ProgressParams = 20

// Array is a process's view of the shared proc array: maxBackends
// client backend slots, then workers autovacuum worker slots, then
// AuxSlots for the other background processes.
type Array struct {
	slots       []Slot
	maxBackends int
	workers     int
}

// NumSlots is the size of the proc array for max_connections and
// autovacuum_max_workers: what every per-process table in shared memory
// must hold.
func NumSlots(maxConnections, autovacuumWorkers int64) int {
	return int(maxConnections+autovacuumWorkers) + AuxSlots
}

const regionName = "proc array"

// ArraySize is the bytes the proc array needs for maxBackends backends
// and workers autovacuum workers.
func ArraySize(maxBackends, workers int) int {
	return (maxBackends + workers + AuxSlots) * int(unsafe.Sizeof(Slot{}))
}

// CreateArray allocates the proc array in seg (postmaster only), without
// autovacuum worker slots.
func CreateArray(seg *shmem.Segment, maxBackends int) (*Array, error) {
	return CreateArrayWithWorkers(seg, maxBackends, 0)
}

// CreateArrayWithWorkers allocates the proc array in seg with workers
// autovacuum worker slots (postmaster only).
func CreateArrayWithWorkers(seg *shmem.Segment, maxBackends, workers int) (*Array, error) {
	region, err := seg.Alloc(regionName, ArraySize(maxBackends, workers)+16)
	if err != nil {
		return nil, err
	}
	*shmem.At[int64](region, 0) = int64(maxBackends)
	*shmem.At[int64](region, 8) = int64(workers)
	return arrayFrom(region), nil
}

// AttachArray finds the proc array the postmaster created.
func AttachArray(seg *shmem.Segment) *Array {
	return arrayFrom(seg.MustLookup(regionName))
}

func arrayFrom(region []byte) *Array {
	maxBackends := int(*shmem.At[int64](region, 0))
	workers := int(*shmem.At[int64](region, 8))
	n := maxBackends + workers + AuxSlots
	slots := unsafe.Slice(shmem.At[Slot](region, 16), n)
	return &Array{slots: slots, maxBackends: maxBackends, workers: workers}
}

// MaxBackends is the number of client backend slots (max_connections).
func (a *Array) MaxBackends() int { return a.maxBackends }

// Slots returns every slot, backends first, for readers such as
// pg_stat_activity and the postmaster.
func (a *Array) Slots() []Slot { return a.slots }

// ClaimBackend takes a free backend slot for pid. It returns nil when every
// slot is taken ("sorry, too many clients already"), and otherwise also
// the number of backend slots still free after this one.
func (a *Array) ClaimBackend(pid int32) (*Slot, int) {
	var mine *Slot
	free := 0
	for i := 0; i < a.maxBackends; i++ {
		s := &a.slots[i]
		if mine == nil && atomic.CompareAndSwapInt32(&s.Owner.Pid, 0, pid) {
			mine = s
			continue
		}
		if atomic.LoadInt32(&s.Owner.Pid) == 0 {
			free++
		}
	}
	if mine != nil {
		mine.init(RoleBackend)
	}
	return mine, free
}

// ClaimAutovacuumWorker takes a free autovacuum worker slot, or returns
// nil when all autovacuum_max_workers are taken.
func (a *Array) ClaimAutovacuumWorker(pid int32) *Slot {
	for i := a.maxBackends; i < a.maxBackends+a.workers; i++ {
		s := &a.slots[i]
		if atomic.CompareAndSwapInt32(&s.Owner.Pid, 0, pid) {
			s.init(RoleAutovacuumWorker)
			return s
		}
	}
	return nil
}

// ClaimAux takes a free auxiliary slot for a background process.
func (a *Array) ClaimAux(pid int32, role Role) *Slot {
	for i := a.maxBackends + a.workers; i < len(a.slots); i++ {
		s := &a.slots[i]
		if atomic.CompareAndSwapInt32(&s.Owner.Pid, 0, pid) {
			s.init(role)
			return s
		}
	}
	return nil
}

func (s *Slot) init(role Role) {
	atomic.StoreUint32(&s.Owner.WaitEvent, 0)
	s.BeginWrite()
	s.Role = role
	s.CancelKey, s.DatabaseOID, s.UserOID, s.Superuser, s.ClientPort = 0, 0, 0, 0, 0
	s.State = StateStarting
	now := time.Now().UnixMicro()
	s.BackendStart, s.StateChange = now, now
	s.XactStart, s.QueryStart = 0, 0
	clear(s.UserName[:])
	clear(s.Database[:])
	clear(s.Application[:])
	clear(s.ClientAddr[:])
	clear(s.Query[:])
	s.ProgressCommand, s.ProgressTarget = 0, 0
	clear(s.ProgressParam[:])
	s.EndWrite()
}

// FindByPid returns the slot of a live process, or nil.
func (a *Array) FindByPid(pid int32) *Slot {
	if pid == 0 {
		return nil
	}
	for i := range a.slots {
		if atomic.LoadInt32(&a.slots[i].Owner.Pid) == pid {
			return &a.slots[i]
		}
	}
	return nil
}

// Release frees a slot. The owner calls it on a clean exit, the postmaster
// after the owner died outside any critical state.
func (s *Slot) Release() {
	atomic.StoreInt32((*int32)(&s.Role), 0)
	atomic.StoreInt32(&s.Owner.LocksHeld, 0)
	atomic.StoreInt32(&s.Owner.CritSections, 0)
	atomic.StoreUint32(&s.Owner.WaitEvent, 0)
	atomic.StoreInt32(&s.Owner.Pid, 0)
}

// BeginWrite and EndWrite bracket changes to the slot's text fields.
func (s *Slot) BeginWrite() { atomic.AddUint32(&s.ChangeCount, 1) }

// EndWrite ends a change begun with BeginWrite.
func (s *Slot) EndWrite() { atomic.AddUint32(&s.ChangeCount, 1) }

// SetText copies v into a fixed-size field, truncating on a UTF-8 boundary.
func SetText(dst []byte, v string) {
	n := len(v)
	if n > len(dst)-1 {
		n = len(dst) - 1
		for n > 0 && v[n]&0xC0 == 0x80 {
			n--
		}
	}
	copy(dst, v[:n])
	clear(dst[n:])
}

// Text reads a field written with SetText.
func Text(b []byte) string {
	for i, c := range b {
		if c == 0 {
			return string(b[:i])
		}
	}
	return string(b)
}

// Snapshot is a consistent copy of a slot, for readers.
type Snapshot struct {
	Pid                                     int32
	Role                                    Role
	DatabaseOID, UserOID                    uint32
	State                                   int32
	ClientPort                              int32
	BackendStart, XactStart, QueryStart     int64
	StateChange                             int64
	UserName, Database, Application, Client string
	Query                                   string
}

// Read copies the slot, retrying while its owner is writing it.
func (s *Slot) Read() (Snapshot, bool) {
	for tries := 0; tries < 1000; tries++ {
		before := atomic.LoadUint32(&s.ChangeCount)
		if before&1 != 0 {
			continue
		}
		snap := Snapshot{
			Pid: atomic.LoadInt32(&s.Owner.Pid), Role: Role(atomic.LoadInt32((*int32)(&s.Role))),
			DatabaseOID: s.DatabaseOID, UserOID: s.UserOID, State: atomic.LoadInt32(&s.State),
			ClientPort: s.ClientPort, BackendStart: s.BackendStart, XactStart: s.XactStart,
			QueryStart: s.QueryStart, StateChange: s.StateChange,
			UserName: Text(s.UserName[:]), Database: Text(s.Database[:]),
			Application: Text(s.Application[:]), Client: Text(s.ClientAddr[:]), Query: Text(s.Query[:]),
		}
		if atomic.LoadUint32(&s.ChangeCount) == before {
			return snap, snap.Pid != 0
		}
	}
	return Snapshot{}, false
}

// Index is a slot's position in the array: other subsystems keep
// per-process shared state in dense arrays indexed the same way
// (PostgreSQL's pgprocno).
func (a *Array) Index(s *Slot) int {
	return int((uintptr(unsafe.Pointer(s)) - uintptr(unsafe.Pointer(&a.slots[0]))) / unsafe.Sizeof(Slot{}))
}

// Len is the number of slots, backends and auxiliary processes together.
func (a *Array) Len() int { return len(a.slots) }

// Progress is what a process reports of its running command.
type Progress struct {
	Pid         int32
	DatabaseOID uint32
	UserOID     uint32
	Command     int32
	Target      uint32
	Param       [ProgressParams]int64
}

// ReadProgress copies the slot's progress report, retrying while its
// owner is writing it; ok is false for a free slot.
func (s *Slot) ReadProgress() (Progress, bool) {
	for tries := 0; tries < 1000; tries++ {
		before := atomic.LoadUint32(&s.ChangeCount)
		if before&1 != 0 {
			continue
		}
		p := Progress{Pid: atomic.LoadInt32(&s.Owner.Pid), DatabaseOID: s.DatabaseOID, UserOID: s.UserOID,
			Command: s.ProgressCommand, Target: s.ProgressTarget, Param: s.ProgressParam}
		if atomic.LoadUint32(&s.ChangeCount) == before {
			return p, p.Pid != 0
		}
	}
	return Progress{}, false
}
