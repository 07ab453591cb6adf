// Test scaffolding: a data directory with a bootstrapped WAL, one shared
// memory segment holding the proc array, the buffer pool, transam, the
// lock table and the WAL, and "backends": goroutines or re-executed child
// processes, each with its own proc slot, Owner, buffer pool handle,
// storage manager, WAL handle, lock table handle and heap Env.

package heap

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
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

const (
	envChild = "HEAP_TEST_CHILD"
	envDir   = "HEAP_TEST_DIR"
	envArgs  = "HEAP_TEST_ARGS"
)

func TestMain(m *testing.M) {
	if mode := os.Getenv(envChild); mode != "" {
		os.Exit(childMain(mode))
	}
	os.Exit(m.Run())
}

// The test relations: t (k int4, v int8, s text) with TOAST table
// pg_toast_16384, and b (k int4, data bytea) with pg_toast_16390.
var (
	testLoc       = storage.RelFileLocator{Spc: storage.DefaultTablespace, DB: 5, Rel: 16384}
	testToastLoc  = storage.RelFileLocator{Spc: storage.DefaultTablespace, DB: 5, Rel: 16385}
	byteaLoc      = storage.RelFileLocator{Spc: storage.DefaultTablespace, DB: 5, Rel: 16390}
	byteaToastLoc = storage.RelFileLocator{Spc: storage.DefaultTablespace, DB: 5, Rel: 16391}
)

func byteaRelation() *Relation {
	return &Relation{
		OID: 16390, Locator: byteaLoc, Name: "b",
		Desc: &tuple.Desc{Attrs: []tuple.Attr{
			tuple.AttrFor("k", types.OidInt4, -1),
			tuple.AttrFor("data", types.OidBytea, -1),
		}},
		Toast: &Relation{OID: 16391, Locator: byteaToastLoc, Name: "pg_toast_16390", Desc: ToastDesc()},
	}
}

func testRelation() *Relation {
	return &Relation{
		OID: 16384, Locator: testLoc, Name: "t",
		Desc: &tuple.Desc{Attrs: []tuple.Attr{
			tuple.AttrFor("k", types.OidInt4, -1),
			tuple.AttrFor("v", types.OidInt8, -1),
			tuple.AttrFor("s", types.OidText, -1),
		}},
		Toast: &Relation{OID: 16385, Locator: testToastLoc, Name: "pg_toast_16384", Desc: ToastDesc()},
	}
}

func clusterSettings(t testing.TB, dir string, kv ...string) *config.Settings {
	s := config.New()
	set := func(name, val string) {
		if err := s.Set(name, val, config.ContextPostmaster, config.SourceCommandLine); err != nil {
			t.Fatalf("set %s=%s: %v", name, val, err)
		}
	}
	set("max_connections", "12")
	set("shared_buffers", "2MB")
	set("wal_buffers", "1MB")
	set("fsync", "off")
	set("data_directory", dir)
	for i := 0; i+1 < len(kv); i += 2 {
		set(kv[i], kv[i+1])
	}
	return s
}

// cluster is the postmaster's part: the directory and the segment.
type cluster struct {
	t        testing.TB
	dir      string
	kv       []string
	settings *config.Settings
	seg      *shmem.Segment
	procs    *proc.Array
	pm       *shmem.Owner
	wal      *xlog.WAL // the "startup process" handle
	nextPid  atomic.Int32
	checksum bool
	// hintWAL makes backends log hint-bit changes as full-page images
	// (data checksums in earnest: XLogHintBitIsNeeded).
	hintWAL  bool
	backends []*backend
}

func newDataDir(t testing.TB) string {
	dir := t.TempDir()
	for _, d := range []string{"global", "pg_wal", "pg_xact", "pg_subtrans", "pg_multixact/offsets", "pg_multixact/members", "base/5"} {
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
	return dir
}

// newCluster makes a data directory with the test relations' files and
// starts shared memory on it.
func newCluster(t testing.TB, kv ...string) *cluster {
	t.Helper()
	c := &cluster{t: t, dir: newDataDir(t), kv: kv, checksum: true}
	c.nextPid.Store(5000)
	m := smgr.New(c.dir, nil)
	for _, loc := range []storage.RelFileLocator{testLoc, testToastLoc, byteaLoc, byteaToastLoc} {
		if err := m.Create(loc, storage.MainFork, false); err != nil {
			t.Fatal(err)
		}
	}
	m.CloseAll()
	c.start(nil)
	return c
}

func shmemSize(s *config.Settings) int64 {
	n := int(s.Int("max_connections"))
	return int64(proc.ArraySize(n, 0)+buffer.ShmemSize(s)+transam.ShmemSize(s)+lmgr.ShmemSize(s)+xlog.ShmemSize(s)) + 1<<20
}

// start creates shared memory (as the postmaster does at start and after
// a crash) and recovers the WAL with rmgrs (nil: nothing to replay).
func (c *cluster) start(rmgrs func(b *backend) *xlog.RmgrTable) *xlog.RecoveryResult {
	t := c.t
	t.Helper()
	if c.seg != nil {
		// A crash restart: every process of the old segment is gone.
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
	c.settings = clusterSettings(t, c.dir, c.kv...)
	seg, err := shmem.Create(shmemSize(c.settings))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { seg.Close() })
	c.seg = seg
	maxConn := int(c.settings.Int("max_connections"))
	if c.procs, err = proc.CreateArray(seg, maxConn); err != nil {
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
	c.pm = &shmem.Owner{Pid: 1}
	// Recovery runs in a "startup process" that has a proc slot and a
	// pool, as gpostgres's does.
	startup := c.backend()
	table := xlog.NewRmgrTable()
	if rmgrs != nil {
		table = rmgrs(startup)
	}
	c.wal = xsh.Open(xlog.Options{DataDir: c.dir, Owner: c.pm, Settings: c.settings, Rmgrs: table})
	startup.wal = c.wal
	res, err := c.wal.Recover(context.Background())
	if err != nil {
		t.Fatalf("recover: %v", err)
	}
	startup.xact.SetNextXid(startup.owner, transam.FullTransactionId(res.NextFullXID))
	if err := startup.xact.StartupSUBTRANS(startup.owner, transam.InvalidTransactionId); err != nil {
		t.Fatal(err)
	}
	if res.NextOID != 0 {
		startup.xact.SetNextOid(startup.owner, res.NextOID)
	}
	startup.close()
	return res
}

// xactWAL adapts *xlog.WAL to transam.WAL.
type xactWAL struct{ w *xlog.WAL }

func (a xactWAL) Insert(rmgr, info uint8, xid uint32, data []byte) (storage.LSN, error) {
	b := xlog.NewRecord(xlog.RmgrID(rmgr), info)
	b.SetXID(xid)
	b.SetMainData(data)
	return a.w.Insert(b)
}

func (a xactWAL) Flush(lsn storage.LSN) error { return a.w.Flush(lsn) }

// backend is one "process": everything a backend would set up.
type backend struct {
	t      testing.TB
	seg    *shmem.Segment
	slot   *proc.Slot
	owner  *shmem.Owner
	idx    int
	files  *smgr.Manager
	wal    *xlog.WAL
	xact   *transam.Manager
	locks  *lmgr.Locker
	pool   *buffer.Pool
	env    *Env
	rel    *Relation
	top    transam.TransactionId   // the top-level xid
	xid    transam.TransactionId   // the xid written: the current level's
	subs   []transam.TransactionId // live subtransaction ids, ascending
	levels []subLevel              // open savepoints, innermost last
	cid    CommandId
	closed bool
}

// subLevel is an open savepoint of a test backend: the xid of the level
// it was started from and where its ids start in backend.subs.
type subLevel struct {
	parentXid transam.TransactionId
	start     int
}

type walFlusher struct{ b *backend }

func (f walFlusher) Flush(lsn storage.LSN) error {
	if f.b.wal == nil {
		return nil
	}
	return f.b.wal.Flush(lsn)
}

func setChecksum(p []byte, blk storage.BlockNumber) { page.Page(p).SetChecksum(blk) }
func verifyChecksum(p []byte, blk storage.BlockNumber) (bool, *pgerr.Error) {
	return page.Page(p).Verify(blk, page.VerifyChecksums)
}

// attachBackend builds a backend over an attached segment.
func attachBackend(t testing.TB, seg *shmem.Segment, dir string, settings *config.Settings, pid int32, checksums, hintWAL bool) (*backend, error) {
	procs := proc.AttachArray(seg)
	slot, _ := procs.ClaimBackend(pid)
	if slot == nil {
		return nil, fmt.Errorf("no free proc slot")
	}
	b := &backend{t: t, seg: seg, slot: slot, owner: &slot.Owner, idx: procs.Index(slot), rel: testRelation()}
	b.files = smgr.New(dir, nil)
	b.xact = transam.AttachShared(seg)
	b.locks = lmgr.AttachShared(seg).NewLocker(b.owner, b.idx)
	b.locks.Configure(settings)
	b.locks.XidInProgress = func(xid uint32) (bool, error) {
		return b.xact.TransactionIdIsInProgress(b.owner, transam.TransactionId(xid))
	}
	b.locks.XidTopmost = func(xid uint32) (uint32, error) {
		top, err := b.xact.SubTransGetTopmostTransaction(b.owner, transam.TransactionId(xid))
		return uint32(top), err
	}
	cfg := buffer.Config{Files: b.files, WAL: walFlusher{b}}
	if checksums {
		cfg.SetChecksum, cfg.VerifyChecksum = setChecksum, verifyChecksum
	}
	if hintWAL {
		cfg.LogHint = func(tag buffer.BufferTag, p []byte) (storage.LSN, bool, error) { return logHintForTest(b.wal, tag, p) }
	}
	pool, err := buffer.AttachShared(seg).NewPool(b.owner, b.idx, cfg)
	if err != nil {
		return nil, err
	}
	b.pool = pool
	b.wal = xlog.AttachShared(seg).Open(xlog.Options{DataDir: dir, Owner: b.owner, Settings: settings})
	b.xact.SetWAL(xactWAL{b.wal})
	b.env = &Env{Pool: pool, Files: b.files, Xact: b.xact, Locks: b.locks, WAL: b.wal, Owner: b.owner, ProcIndex: b.idx}
	return b, nil
}

// logHintForTest is the engine's logHint (XLogSaveBufferForHint): an
// XLOG_FPI_FOR_HINT image of a page not logged since the redo point,
// whole for a free space map page.
func logHintForTest(w *xlog.WAL, tag buffer.BufferTag, p []byte) (storage.LSN, bool, error) {
	if w == nil || buffer.PageLSN(p) > w.RedoPoint() {
		return 0, true, nil
	}
	flags := uint8(xlog.RegBufForceImage | xlog.RegBufStandard)
	if tag.Fork == storage.FSMFork {
		flags = xlog.RegBufForceImage
	}
	rec := xlog.NewRecord(xlog.RmgrXLOG, xlog.InfoFPIForHint)
	rec.RegisterBuffer(0, tag.Rel, tag.Fork, tag.Block, p, flags)
	lsn, err := w.Insert(rec)
	return lsn, err == nil, err
}

// backend starts a goroutine-backend in the test process.
func (c *cluster) backend() *backend {
	c.t.Helper()
	b, err := attachBackend(c.t, c.seg, c.dir, c.settings, c.nextPid.Add(1), c.checksum, c.hintWAL)
	if err != nil {
		c.t.Fatal(err)
	}
	c.t.Cleanup(b.close)
	c.backends = append(c.backends, b)
	return b
}

func (b *backend) close() {
	if b.closed {
		return
	}
	b.closed = true
	if b.top.IsValid() {
		b.abort()
	}
	if n := b.pool.Close(); n != 0 {
		b.t.Errorf("backend %d leaked %d buffer pins", b.idx, n)
	}
	if b.owner.LocksHeld != 0 || b.owner.CritSections != 0 {
		b.t.Errorf("backend %d ends holding %d LWLocks, %d critical sections", b.idx, b.owner.LocksHeld, b.owner.CritSections)
	}
	if b.wal != nil {
		b.wal.Close()
	}
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
	b.top, b.xid, b.cid = xid, xid, FirstCommandId
}

// cur is the transaction's own ids (TransactionIdIsCurrentTransactionId).
func (b *backend) cur() transam.CurrentXids {
	return transam.CurrentXids{Top: b.top, Subs: slices.Clone(b.subs)}
}

// savepoint starts a subtransaction and gives it an xid at once.
func (b *backend) savepoint() transam.TransactionId {
	b.t.Helper()
	sub, err := b.xact.AssignSubTransactionId(b.owner, b.idx, b.xid)
	if err != nil {
		b.t.Fatal(err)
	}
	if err := b.locks.XactLockTableInsert(uint32(sub)); err != nil {
		b.t.Fatal(err)
	}
	b.levels = append(b.levels, subLevel{parentXid: b.xid, start: len(b.subs)})
	b.subs = append(b.subs, sub)
	b.xid = sub
	b.next()
	return sub
}

// release is RELEASE SAVEPOINT of the innermost level: its ids stay the
// transaction's own.
func (b *backend) release() {
	lv := b.levels[len(b.levels)-1]
	b.levels = b.levels[:len(b.levels)-1]
	b.xid = lv.parentXid
	b.next()
}

// rollbackTo is ROLLBACK TO SAVEPOINT of the innermost level (without
// restarting it): its xid and its released children abort.
func (b *backend) rollbackTo() {
	b.t.Helper()
	lv := b.levels[len(b.levels)-1]
	b.levels = b.levels[:len(b.levels)-1]
	ids := b.subs[lv.start:]
	if err := b.xact.AbortSubTransaction(b.owner, b.idx, ids[0], slices.Clone(ids[1:])); err != nil {
		b.t.Fatal(err)
	}
	for _, x := range ids {
		b.locks.XactLockTableDelete(uint32(x))
	}
	b.subs = b.subs[:lv.start]
	b.xid = lv.parentXid
	b.next()
}

// snap takes a fresh snapshot (READ COMMITTED: one per statement) for the
// current command.
func (b *backend) snap() *Snapshot {
	return &Snapshot{Snapshot: b.xact.GetSnapshot(b.owner, b.idx), Cur: b.cur(), CurCid: b.cid}
}

// next is CommandCounterIncrement.
func (b *backend) next() { b.cid++ }

func (b *backend) commit() {
	b.t.Helper()
	if _, err := b.xact.CommitTransaction(b.owner, b.idx, b.top, b.subs, true); err != nil {
		b.t.Fatal(err)
	}
	b.endXact()
}

func (b *backend) abort() {
	b.t.Helper()
	if err := b.xact.AbortTransaction(b.owner, b.idx, b.top, b.subs); err != nil {
		b.t.Fatal(err)
	}
	b.endXact()
}

func (b *backend) endXact() {
	b.locks.LockReleaseAll()
	b.env.EndTransaction()
	b.pool.ReleaseAll()
	b.top, b.xid, b.cid, b.subs, b.levels = 0, 0, 0, nil, nil
}

func row(k int, v int64, s string) []types.Datum {
	return []types.Datum{types.Int(int64(k)), types.Int(v), types.Text(s)}
}

func (b *backend) insert(k int, v int64, s string) TID {
	b.t.Helper()
	tid, err := Insert(b.env, b.rel, row(k, v, s), b.xid, b.cid)
	if err != nil {
		b.t.Fatal(err)
	}
	return tid
}

// rowVal is a decoded test row.
type rowVal struct {
	tid TID
	k   int
	v   int64
	s   string
}

func (r rowVal) String() string {
	s := r.s
	if len(s) > 20 {
		s = fmt.Sprintf("%s...(%d bytes)", s[:10], len(s))
	}
	return fmt.Sprintf("%v k=%d v=%d s=%q", r.tid, r.k, r.v, s)
}

// scanAll returns every row visible to snap, sorted by k.
func (b *backend) scanAll(snap *Snapshot) []rowVal {
	b.t.Helper()
	rows, err := scanRows(b.env, b.rel, snap)
	if err != nil {
		b.t.Fatal(err)
	}
	return rows
}

func scanRows(env *Env, rel *Relation, snap *Snapshot) ([]rowVal, error) {
	s := BeginScan(env, rel, snap)
	defer s.Close()
	var out []rowVal
	for {
		tid, vals, ok, err := s.Next()
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		out = append(out, rowVal{tid: tid, k: int(vals[0].Int()), v: vals[1].Int(), s: strings.Clone(vals[2].Text())})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].k < out[j].k })
	return out, nil
}

func (b *backend) find(snap *Snapshot, k int) (rowVal, bool) {
	for _, r := range b.scanAll(snap) {
		if r.k == k {
			return r, true
		}
	}
	return rowVal{}, false
}

func keysOf(rows []rowVal) []int {
	var ks []int
	for _, r := range rows {
		ks = append(ks, r.k)
	}
	return ks
}

// waitFor polls cond for up to ten seconds.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// waitingOn reports whether the backend at idx waits for a lock of type typ.
func (c *cluster) waitingOn(idx int, typ lmgr.LockTagType) bool {
	for _, s := range lmgr.AttachShared(c.seg).Status(c.pm) {
		if s.ProcIndex == idx && !s.Granted && s.Tag.Type == typ {
			return true
		}
	}
	return false
}

func ctx() context.Context { return context.Background() }
