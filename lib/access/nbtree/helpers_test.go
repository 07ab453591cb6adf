// Test scaffolding, after lib/access/heap's: a data directory with a
// bootstrapped WAL, one shared memory segment (proc array, buffer pool,
// transam, lock table, WAL) and "backends", goroutines each with its own
// proc slot, Owner, pool handle, storage manager, WAL handle and Env.

package nbtree

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/access/tuple"
	"github.com/gpostgres/gpostgres/lib/access/xlog"
	"github.com/gpostgres/gpostgres/lib/config"
	"github.com/gpostgres/gpostgres/lib/datadir"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/proc"
	"github.com/gpostgres/gpostgres/lib/shmem"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/buffer"
	"github.com/gpostgres/gpostgres/lib/storage/lmgr"
	"github.com/gpostgres/gpostgres/lib/storage/page"
	"github.com/gpostgres/gpostgres/lib/storage/smgr"
	"github.com/gpostgres/gpostgres/lib/types"
)

var testLocs = []storage.RelFileLocator{
	{Spc: storage.DefaultTablespace, DB: 5, Rel: 16400},
	{Spc: storage.DefaultTablespace, DB: 5, Rel: 16401},
	{Spc: storage.DefaultTablespace, DB: 5, Rel: 16402},
	{Spc: storage.DefaultTablespace, DB: 5, Rel: 16403},
}

func intCmp(a, b types.Datum) int  { return types.Compare(types.OidInt4, a, b) }
func textCmp(a, b types.Datum) int { return types.Compare(types.OidText, a, b) }

// intIndex is a one-column int4 index.
func intIndex(loc storage.RelFileLocator, desc, nullsFirst bool) *Index {
	return &Index{Locator: loc, Name: "i_int", HeapName: "t",
		Desc: &tuple.Desc{Attrs: []tuple.Attr{tuple.AttrFor("k", types.OidInt4, -1)}},
		Keys: []KeyColumn{{Compare: intCmp, Desc: desc, NullsFirst: nullsFirst}}}
}

// pairIndex is (k int4 ASC NULLS LAST, s text DESC NULLS FIRST).
func pairIndex(loc storage.RelFileLocator) *Index {
	return &Index{Locator: loc, Name: "i_pair", HeapName: "t",
		Desc: &tuple.Desc{Attrs: []tuple.Attr{tuple.AttrFor("k", types.OidInt4, -1), tuple.AttrFor("s", types.OidText, -1)}},
		Keys: []KeyColumn{{Compare: intCmp}, {Compare: textCmp, Desc: true, NullsFirst: true}}}
}

func clusterSettings(t testing.TB, dir string) *config.Settings {
	s := config.New()
	for _, kv := range [][2]string{{"max_connections", "24"}, {"shared_buffers", "4MB"}, {"wal_buffers", "1MB"},
		{"fsync", "off"}, {"data_directory", dir}, {"deadlock_timeout", "100ms"}} {
		if err := s.Set(kv[0], kv[1], config.ContextPostmaster, config.SourceCommandLine); err != nil {
			t.Fatalf("set %s: %v", kv[0], err)
		}
	}
	return s
}

type cluster struct {
	t        testing.TB
	dir      string
	settings *config.Settings
	seg      *shmem.Segment
	wal      *xlog.WAL
	nextPid  atomic.Int32
	backends []*backend
}

func newCluster(t testing.TB) *cluster {
	t.Helper()
	dir := t.TempDir()
	for _, d := range []string{"global", "pg_wal", "pg_xact", "pg_subtrans", "base/5"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	os.Chmod(dir, 0o700)
	cf, err := datadir.NewControlFile(time.Now(), false)
	if err != nil {
		t.Fatal(err)
	}
	if err := xlog.Bootstrap(dir, cf); err != nil {
		t.Fatal(err)
	}
	m := smgr.New(dir, nil)
	for _, loc := range testLocs {
		if err := m.Create(loc, storage.MainFork, false); err != nil {
			t.Fatal(err)
		}
	}
	m.CloseAll()
	c := &cluster{t: t, dir: dir}
	c.nextPid.Store(7000)
	c.start(nil)
	return c
}

func shmemSize(s *config.Settings) int64 {
	n := int(s.Int("max_connections"))
	return int64(proc.ArraySize(n, 0)+buffer.ShmemSize(s)+transam.ShmemSize(s)+lmgr.ShmemSize(s)+xlog.ShmemSize(s)) + 1<<20
}

// start creates shared memory (at start and after a "crash") and
// recovers the WAL with the rmgrs table makes (nil: nothing to replay).
func (c *cluster) start(rmgrs func(b *backend) *xlog.RmgrTable) {
	t := c.t
	t.Helper()
	if c.seg != nil {
		for _, b := range c.backends {
			if !b.closed {
				b.closed = true
				b.wal.Close()
				b.files.CloseAll()
			}
		}
		c.backends = nil
		c.seg.Close()
	}
	c.settings = clusterSettings(t, c.dir)
	seg, err := shmem.Create(shmemSize(c.settings))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { seg.Close() })
	c.seg = seg
	if _, err = proc.CreateArray(seg, int(c.settings.Int("max_connections"))); err != nil {
		t.Fatal(err)
	}
	if _, err := buffer.CreateShared(seg, c.settings); err != nil {
		t.Fatal(err)
	}
	if _, err := transam.CreateShared(seg, c.settings); err != nil {
		t.Fatal(err)
	}
	if _, err := lmgr.CreateShared(seg, c.settings); err != nil {
		t.Fatal(err)
	}
	xsh, err := xlog.CreateShared(seg, c.settings)
	if err != nil {
		t.Fatal(err)
	}
	startup := c.backend()
	table := xlog.NewRmgrTable()
	if rmgrs != nil {
		table = rmgrs(startup)
	}
	c.wal = xsh.Open(xlog.Options{DataDir: c.dir, Owner: &shmem.Owner{Pid: 1}, Settings: c.settings, Rmgrs: table})
	startup.wal = c.wal
	res, err := c.wal.Recover(context.Background())
	if err != nil {
		t.Fatalf("recover: %v", err)
	}
	startup.xact.SetNextXid(startup.owner, transam.FullTransactionId(res.NextFullXID))
	if err := startup.xact.StartupSUBTRANS(startup.owner, transam.InvalidTransactionId); err != nil {
		t.Fatal(err)
	}
	startup.close()
}

type xactWAL struct{ w *xlog.WAL }

func (a xactWAL) Insert(rmgr, info uint8, xid uint32, data []byte) (storage.LSN, error) {
	b := xlog.NewRecord(xlog.RmgrID(rmgr), info)
	b.SetXID(xid)
	b.SetMainData(data)
	return a.w.Insert(b)
}

func (a xactWAL) Flush(lsn storage.LSN) error { return a.w.Flush(lsn) }

type walFlusher struct{ b *backend }

func (f walFlusher) Flush(lsn storage.LSN) error {
	if f.b.wal == nil {
		return nil
	}
	return f.b.wal.Flush(lsn)
}

type backend struct {
	t      testing.TB
	slot   *proc.Slot
	owner  *shmem.Owner
	idx    int
	files  *smgr.Manager
	wal    *xlog.WAL
	xact   *transam.Manager
	locks  *lmgr.Locker
	pool   *buffer.Pool
	env    *Env
	xid    transam.TransactionId
	closed bool
}

func (c *cluster) backend() *backend {
	c.t.Helper()
	b, err := attachBackend(c.t, c.seg, c.dir, c.settings, c.nextPid.Add(1))
	if err != nil {
		c.t.Fatal(err)
	}
	c.t.Cleanup(b.close)
	c.backends = append(c.backends, b)
	return b
}

// attachBackend sets up a backend over an attached segment (in the test
// process, or in a child process, where t is nil).
func attachBackend(t testing.TB, seg *shmem.Segment, dir string, settings *config.Settings, pid int32) (*backend, error) {
	procs := proc.AttachArray(seg)
	slot, _ := procs.ClaimBackend(pid)
	if slot == nil {
		return nil, fmt.Errorf("no free proc slot")
	}
	b := &backend{t: t, slot: slot, owner: &slot.Owner, idx: procs.Index(slot)}
	b.files = smgr.New(dir, nil)
	b.xact = transam.AttachShared(seg)
	b.locks = lmgr.AttachShared(seg).NewLocker(b.owner, b.idx)
	b.locks.Configure(settings)
	b.locks.XidInProgress = func(xid uint32) (bool, error) {
		return b.xact.TransactionIdIsInProgress(b.owner, transam.TransactionId(xid))
	}
	b.locks.XidTopmost = func(xid uint32) (uint32, error) { return xid, nil }
	cfg := buffer.Config{Files: b.files, WAL: walFlusher{b},
		SetChecksum: func(p []byte, blk storage.BlockNumber) { page.Page(p).SetChecksum(blk) },
		VerifyChecksum: func(p []byte, blk storage.BlockNumber) (bool, *pgerr.Error) {
			return page.Page(p).Verify(blk, page.VerifyChecksums)
		}}
	pool, err := buffer.AttachShared(seg).NewPool(b.owner, b.idx, cfg)
	if err != nil {
		return nil, err
	}
	b.pool = pool
	b.wal = xlog.AttachShared(seg).Open(xlog.Options{DataDir: dir, Owner: b.owner, Settings: settings})
	b.xact.SetWAL(xactWAL{b.wal})
	b.env = &Env{Pool: pool, Files: b.files, WAL: b.wal, Owner: b.owner}
	return b, nil
}

// close checks that the backend let go of everything.
func (b *backend) close() {
	if b.closed {
		return
	}
	b.closed = true
	if n := b.pool.Close(); n != 0 {
		b.t.Errorf("backend %d leaked %d buffer pins", b.idx, n)
	}
	if b.owner.LocksHeld != 0 || b.owner.CritSections != 0 {
		b.t.Errorf("backend %d ends holding %d LWLocks, %d critical sections", b.idx, b.owner.LocksHeld, b.owner.CritSections)
	}
	b.wal.Close()
	b.files.CloseAll()
	b.slot.Release()
}

func (b *backend) begin() {
	b.t.Helper()
	xid, err := b.xact.AssignTransactionId(b.owner, b.idx)
	if err != nil {
		b.t.Fatal(err)
	}
	if err := b.locks.XactLockTableInsert(uint32(xid)); err != nil {
		b.t.Fatal(err)
	}
	b.xid = xid
}

func (b *backend) commit() {
	b.t.Helper()
	if _, err := b.xact.CommitTransaction(b.owner, b.idx, b.xid, nil, true); err != nil {
		b.t.Fatal(err)
	}
	b.locks.LockReleaseAll()
	b.xid = 0
}

func (b *backend) abort() {
	b.t.Helper()
	if err := b.xact.AbortTransaction(b.owner, b.idx, b.xid, nil); err != nil {
		b.t.Fatal(err)
	}
	b.locks.LockReleaseAll()
	b.xid = 0
}

// pages copies every page of a relation through the pool.
func (b *backend) pages(loc storage.RelFileLocator) []page.Page {
	b.t.Helper()
	nb, err := b.files.NBlocks(loc, storage.MainFork)
	if err != nil {
		b.t.Fatal(err)
	}
	var out []page.Page
	for blk := storage.BlockNumber(0); blk < nb; blk++ {
		buf, err := b.pool.ReadBuffer(loc, storage.MainFork, blk)
		if err != nil {
			b.t.Fatal(err)
		}
		b.pool.LockBuffer(buf, buffer.Share)
		out = append(out, page.Page(bytes.Clone(b.pool.Page(buf))))
		b.pool.UnlockRelease(buf)
	}
	return out
}

// entry is one index entry of a test.
type entry struct {
	vals []types.Datum
	tid  TID
}

func (en entry) String() string {
	s := ""
	for i, v := range en.vals {
		if i > 0 {
			s += ","
		}
		if v.IsNull() {
			s += "NULL"
		} else if v.Text() != "" && i > 0 {
			s += v.Text()
		} else {
			s += fmt.Sprint(v.Int())
		}
	}
	return fmt.Sprintf("(%s)%v", s, en.tid)
}

// less orders entries as ix does.
func less(ix *Index, a, b entry) bool {
	if r := ix.CompareKeys(a.vals, b.vals); r != 0 {
		return r < 0
	}
	return CompareTIDs(a.tid, b.tid) < 0
}

// tidOf numbers synthetic heap TIDs.
func tidOf(i int) TID {
	return TID{Block: storage.BlockNumber(i / 200), Offset: page.OffsetNumber(i%200 + 1)}
}

// scanTIDs runs a scan and returns the TIDs it yields.
func scanTIDs(t testing.TB, e *Env, ix *Index, keys []ScanKey, dir Direction) []TID {
	t.Helper()
	sc, err := BeginScan(e, ix, keys, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer sc.Close()
	var out []TID
	for {
		tid, ok, err := sc.Next()
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			return out
		}
		out = append(out, tid)
	}
}

func mustCheck(t testing.TB, e *Env, ix *Index) CheckResult {
	t.Helper()
	res, err := Check(e, ix)
	if err != nil {
		t.Fatalf("check: %v", err)
	}
	return res
}

// createEmpty makes an empty index (a metapage without root), as
// btbuildempty does, through Build with no entries.
func createEmpty(t testing.TB, e *Env, ix *Index) {
	t.Helper()
	if err := Build(e, ix, func() ([]types.Datum, TID, bool, bool, error) { return nil, TID{}, false, false, nil }); err != nil {
		t.Fatal(err)
	}
}

// buildFrom builds ix from entries already in index order.
func buildFrom(t testing.TB, e *Env, ix *Index, sorted []entry) {
	t.Helper()
	i := 0
	if err := Build(e, ix, func() ([]types.Datum, TID, bool, bool, error) {
		if i == len(sorted) {
			return nil, TID{}, false, false, nil
		}
		i++
		return sorted[i-1].vals, sorted[i-1].tid, true, true, nil
	}); err != nil {
		t.Fatal(err)
	}
}

// inserterState is what a uniqueness check learns of a row inserted (and
// never deleted) by xid: live if b's transaction or committed, in
// progress, or dead if aborted.
func (b *backend) inserterState(xid transam.TransactionId) (HeapState, uint32, error) {
	if xid == b.xid {
		return HeapLive, 0, nil
	}
	running, err := b.xact.TransactionIdIsInProgress(b.owner, xid)
	if err != nil || running {
		return HeapInProgress, uint32(xid), err
	}
	committed, err := b.xact.TransactionIdDidCommit(b.owner, xid)
	if committed {
		return HeapLive, 0, err
	}
	return HeapDead, 0, err
}

// gather fails on the first error the workers reported and returns all
// the entries they inserted.
func gather(t testing.TB, errs chan error, all [][]entry) []entry {
	t.Helper()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	var es []entry
	for _, a := range all {
		es = append(es, a...)
	}
	return es
}

// randomLetters is n random lowercase letters, which pglz cannot
// compress.
func randomLetters(rng *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('a' + rng.IntN(26))
	}
	return string(b)
}

// twoColumnIndex is an index on (int4, text) or (text, int4), both
// ascending, as the reference tests create them.
func twoColumnIndex(loc storage.RelFileLocator, name string, textFirst bool) *Index {
	ix := &Index{Locator: loc, Name: name, HeapName: "t", AllEqualImage: true,
		Desc: &tuple.Desc{Attrs: []tuple.Attr{tuple.AttrFor("k", types.OidInt4, -1), tuple.AttrFor("s", types.OidText, -1)}},
		Keys: []KeyColumn{{Compare: intCmp}, {Compare: textCmp}}}
	if textFirst {
		ix.Desc.Attrs[0], ix.Desc.Attrs[1] = ix.Desc.Attrs[1], ix.Desc.Attrs[0]
		ix.Keys[0], ix.Keys[1] = ix.Keys[1], ix.Keys[0]
	}
	return ix
}

// mustScanAll checks that a full forward scan returns exactly es, in
// index order.
func mustScanAll(t testing.TB, e *Env, ix *Index, es []entry) {
	t.Helper()
	if d := diffTIDs(scanTIDs(t, e, ix, nil, Forward), tidsOf(sortedCopy(ix, es))); d != "" {
		t.Fatal(d)
	}
}
