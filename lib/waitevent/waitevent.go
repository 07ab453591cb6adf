// Package waitevent names what a process is waiting for, as
// pg_stat_activity's wait_event_type and wait_event show it (PostgreSQL
// 15's utils/activity/wait_event.c).
//
// An Event is PostgreSQL's wait_event_info: the class in the top byte and
// the event within the class in the low bits. A process publishes its
// current event in its proc slot's shmem.Owner (one atomic uint32, like
// PGPROC's wait_event_info), with Start before it blocks and End after;
// readers load the word without a lock, so a reader may see an event that
// has just ended, as in PostgreSQL. Publishing costs an atomic store, so it
// is done only around what blocks anyway: a heavyweight lock, the client,
// a sleep, a background process's idle wait, a system call doing I/O, the
// slow path of a named lightweight lock (shmem.RWLock.SetWaitEvent) —
// never on a lock's fast path or per row.
//
// Top-level waits use Start and End. Short waits that may happen inside
// another (I/O, lightweight locks), possibly on another goroutine of the
// process, use Swap and Restore, which put the outer event back.
//
// A heavyweight lock wait is ClassLock with the lock tag type as number;
// its wait_event text is the type's name, which lib/storage/lmgr knows
// (LockTagType.String), so Name leaves it to the caller.
package waitevent

import (
	"sync/atomic"

	"github.com/gpostgres/gpostgres/lib/shmem"
)

// Event is a wait event: its class in the top byte, its number within the
// class below. Zero is "not waiting".
type Event uint32

// Classes of wait events, numbered as PostgreSQL 15's PG_WAIT_* values.
const (
	ClassLWLock    Event = 0x01000000
	ClassLock      Event = 0x03000000
	ClassBufferPin Event = 0x04000000
	ClassActivity  Event = 0x05000000
	ClassClient    Event = 0x06000000
	ClassExtension Event = 0x07000000
	ClassIPC       Event = 0x08000000
	ClassTimeout   Event = 0x09000000
	ClassIO        Event = 0x0A000000

	classMask Event = 0xFF000000
)

// Activity: a background process idling in its main loop.
const (
	ArchiverMain Event = ClassActivity + iota
	AutoVacuumMain
	BgWriterHibernate
	BgWriterMain
	CheckpointerMain
	LogicalApplyMain
	LogicalLauncherMain
	RecoveryWalStream
	SysLoggerMain
	WalReceiverMain
	WalSenderMain
	WalWriterMain
)

// Client: waiting for the client.
const (
	ClientRead Event = ClassClient + iota
	ClientWrite
)

// Timeout: sleeping on purpose.
const (
	BaseBackupThrottle Event = ClassTimeout + iota
	CheckpointWriteDelay
	PgSleep
	RecoveryApplyDelay
	RecoveryRetrieveRetryInterval
	RegisterSyncRequest
	SpinDelay
	VacuumDelay
	VacuumTruncate
)

// LWLock: sleeping for a lightweight lock, named as PostgreSQL 15 names
// the lock or its tranche.
const (
	LWLockProcArray Event = ClassLWLock + iota
	LWLockWALWrite
	LWLockLockManager
	LWLockBufferMapping
	LWLockBufferContent
	LWLockWALInsert
	LWLockWALBufMapping
	LWLockXidGen
)

// IO: waiting for the kernel.
const (
	IODataFileExtend Event = ClassIO + iota
	IODataFileImmediateSync
	IODataFileRead
	IODataFileSync
	IODataFileWrite
	IOWALSync
	IOWALWrite
)

// BufferPin: waiting for the other pins of a buffer to go
// (LockBufferForCleanup).
const BufferPin Event = ClassBufferPin

// IPC: waiting for another process.
const (
	ArchiveCommand Event = ClassIPC + iota
	BackendTermination
	BufferIO
	CheckpointDone
	CheckpointStart
)

var names = map[Event]string{
	ArchiverMain: "ArchiverMain", AutoVacuumMain: "AutoVacuumMain",
	BgWriterHibernate: "BgWriterHibernate", BgWriterMain: "BgWriterMain",
	CheckpointerMain: "CheckpointerMain", LogicalApplyMain: "LogicalApplyMain",
	LogicalLauncherMain: "LogicalLauncherMain", RecoveryWalStream: "RecoveryWalStream",
	SysLoggerMain: "SysLoggerMain", WalReceiverMain: "WalReceiverMain",
	WalSenderMain: "WalSenderMain", WalWriterMain: "WalWriterMain",

	ClientRead: "ClientRead", ClientWrite: "ClientWrite",

	BaseBackupThrottle: "BaseBackupThrottle", CheckpointWriteDelay: "CheckpointWriteDelay",
	PgSleep: "PgSleep", RecoveryApplyDelay: "RecoveryApplyDelay",
	RecoveryRetrieveRetryInterval: "RecoveryRetrieveRetryInterval",
	RegisterSyncRequest:           "RegisterSyncRequest", SpinDelay: "SpinDelay",
	VacuumDelay: "VacuumDelay", VacuumTruncate: "VacuumTruncate",

	LWLockProcArray: "ProcArray", LWLockWALWrite: "WALWrite", LWLockLockManager: "LockManager",
	LWLockBufferMapping: "BufferMapping", LWLockBufferContent: "BufferContent",
	LWLockWALInsert: "WALInsert", LWLockWALBufMapping: "WALBufMapping", LWLockXidGen: "XidGen",

	IODataFileExtend: "DataFileExtend", IODataFileImmediateSync: "DataFileImmediateSync",
	IODataFileRead: "DataFileRead", IODataFileSync: "DataFileSync",
	IODataFileWrite: "DataFileWrite",
	IOWALSync:       "WALSync", IOWALWrite: "WALWrite",

	BufferPin: "BufferPin",

	ArchiveCommand: "ArchiveCommand", BackendTermination: "BackendTermination", BufferIO: "BufferIO",
	CheckpointDone: "CheckpointDone", CheckpointStart: "CheckpointStart",
}

var classNames = map[Event]string{
	ClassLWLock: "LWLock", ClassLock: "Lock", ClassBufferPin: "BufferPin",
	ClassActivity: "Activity", ClassClient: "Client", ClassExtension: "Extension",
	ClassIPC: "IPC", ClassTimeout: "Timeout", ClassIO: "IO",
}

// Lock is the event of a wait for a heavyweight lock whose tag has type
// tagType (lmgr.LockTagType): wait_event is the type's name, as
// pg_locks.locktype shows it.
func Lock(tagType uint8) Event { return ClassLock | Event(tagType) }

// Class is the event's class (ClassLock, ClassClient, ...).
func (e Event) Class() Event { return e & classMask }

// ID is the event's number within its class; for ClassLock, the lock tag
// type.
func (e Event) ID() uint32 { return uint32(e &^ classMask) }

// TypeName is wait_event_type's text for the event, "" for none.
func (e Event) TypeName() string { return classNames[e.Class()] }

// Name is wait_event's text for the event, "" when it is none or a lock
// wait (whose name is the lock tag type's: the caller knows those). An
// event with a known class but unknown number is "unknown wait event", as
// PostgreSQL says.
func (e Event) Name() string {
	if e == 0 || e.Class() == ClassLock {
		return ""
	}
	if n, ok := names[e]; ok {
		return n
	}
	return "unknown wait event"
}

// Start publishes e as what the process owning o waits for
// (pgstat_report_wait_start).
func Start(o *shmem.Owner, e Event) {
	if o != nil {
		atomic.StoreUint32(&o.WaitEvent, uint32(e))
	}
}

// End clears the process's wait event (pgstat_report_wait_end).
func End(o *shmem.Owner) {
	if o != nil {
		atomic.StoreUint32(&o.WaitEvent, 0)
	}
}

// Current reads the event the process owning o published.
func Current(o *shmem.Owner) Event { return Event(atomic.LoadUint32(&o.WaitEvent)) }

// Swap publishes e for a short wait that may happen inside another one
// (I/O, a lightweight lock) and returns the event it replaces, which
// Restore puts back. Several goroutines of a process share its event: a
// nested wait must not clear the one another has published.
func Swap(o *shmem.Owner, e Event) Event {
	if o == nil {
		return 0
	}
	return Event(atomic.SwapUint32(&o.WaitEvent, uint32(e)))
}

// Restore puts back the event Swap replaced.
func Restore(o *shmem.Owner, prev Event) {
	if o != nil {
		atomic.StoreUint32(&o.WaitEvent, uint32(prev))
	}
}
