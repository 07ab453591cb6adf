// Package sqltest runs the SQL layer against real storage inside one test
// process: a data directory made by gpinitdb, shared memory with the proc
// array, the storage engine (buffers, WAL, transaction manager, lock
// table) and the shared invalidation queue, and "sessions" that each
// play a backend: a proc slot, engine handles, a heap Env, a catalog
// cache, a sinval reader, and a transaction with PostgreSQL's order at
// its end (commit record, then invalidations and commit actions, then
// lock release). Sessions run on goroutines, so tests can make them wait
// for each other's locks.
//
// It stands in for lib/backend, which the server wires the same way, so
// that lib/sql's tests need no server.
package sqltest

import (
	"context"
	"io"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gpostgres/gpostgres/lib/config"
	"github.com/gpostgres/gpostgres/lib/elog"
	"github.com/gpostgres/gpostgres/lib/engine"
	"github.com/gpostgres/gpostgres/lib/initdb"
	"github.com/gpostgres/gpostgres/lib/proc"
	"github.com/gpostgres/gpostgres/lib/shmem"
	"github.com/gpostgres/gpostgres/lib/storage/predicate"
	"github.com/gpostgres/gpostgres/lib/storage/sinval"
)

// Cluster is a data directory with its shared memory: what the
// postmaster owns.
type Cluster struct {
	Dir      string
	Settings *config.Settings
	Seg      *shmem.Segment
	Procs    *proc.Array
	Storage  *engine.Shared
	Sinval   *sinval.Queue
	Log      *elog.Logger
	nextPid  atomic.Int32
}

// User is the bootstrap superuser's name.
const User = "pgref"

// NewCluster runs gpinitdb in a temporary directory, creates shared
// memory and recovers (as the startup process does).
func NewCluster(t testing.TB, kv ...string) *Cluster {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "data")
	if err := initdb.Run(initdb.Options{DataDir: dir, NoSync: true, Username: User, Encoding: "UTF8", Locale: "C.UTF-8",
		NoInstructions: true, Stdout: io.Discard, Stderr: io.Discard}); err != nil {
		t.Fatalf("gpinitdb: %v", err)
	}
	s := config.New()
	set := func(name, val string) {
		if err := s.Set(name, val, config.ContextPostmaster, config.SourceCommandLine); err != nil {
			t.Fatalf("set %s=%s: %v", name, val, err)
		}
	}
	set("data_directory", dir)
	set("max_connections", "12")
	set("shared_buffers", "16MB")
	set("wal_buffers", "1MB")
	set("fsync", "off")
	set("synchronous_commit", "off")
	for i := 0; i+1 < len(kv); i += 2 {
		set(kv[i], kv[i+1])
	}
	maxConn := int(s.Int("max_connections"))
	size := proc.ArraySize(maxConn, 0) + engine.ShmemSize(s) + 1<<20
	seg, err := shmem.Create(int64(size))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { seg.Close() })
	c := &Cluster{Dir: dir, Settings: s, Seg: seg, Log: elog.New(io.Discard)}
	c.nextPid.Store(20000)
	if c.Procs, err = proc.CreateArray(seg, maxConn); err != nil {
		t.Fatal(err)
	}
	if c.Storage, err = engine.CreateShared(seg, s, dir); err != nil {
		t.Fatal(err)
	}
	c.Sinval = c.Storage.Inval
	// The startup process.
	slot := c.Procs.ClaimAux(c.nextPid.Add(1), proc.RoleStartup)
	if slot == nil {
		t.Fatal("no auxiliary slot for the startup process")
	}
	e, err := c.Storage.Open(dir, s, c.Log, &slot.Owner, c.Procs.Index(slot))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Recover(context.Background()); err != nil {
		t.Fatalf("recovery: %v", err)
	}
	e.Close()
	slot.Release()
	c.startCheckpointer(t)
	return c
}

// startCheckpointer runs a checkpointer's absorption of fsync requests
// (which otherwise fill the shared queue and make writers wait) until
// the test ends.
func (c *Cluster) startCheckpointer(t testing.TB) {
	slot := c.Procs.ClaimAux(c.nextPid.Add(1), proc.RoleCheckpointer)
	if slot == nil {
		t.Fatal("no auxiliary slot for the checkpointer")
	}
	e, err := engine.AttachShared(c.Seg).Open(c.Dir, c.Settings, c.Log, &slot.Owner, c.Procs.Index(slot))
	if err != nil {
		t.Fatal(err)
	}
	ckpt := e.NewCheckpointer()
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				ckpt.Absorb()
			}
		}
	}()
	t.Cleanup(func() {
		close(stop)
		<-done
		e.Close()
		slot.Release()
	})
}

// PredicateSlotsInUse is the number of serializable transactions the
// shared SSI table records, running or committed and still needed.
func (c *Cluster) PredicateSlotsInUse() int { return c.Storage.Pred.InUse(&shmem.Owner{}) }

// SIReadLocks lists the SIREAD locks the shared SSI table holds (what
// pg_locks shows of them).
func (c *Cluster) SIReadLocks() []predicate.LockStatus { return c.Storage.Pred.Status(&shmem.Owner{}) }
