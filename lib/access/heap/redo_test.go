// WAL redo: the records of a workload replayed into empty relation files
// rebuild the same pages and the same visible rows, twice over
// (idempotence), with and without full-page images; crash recovery
// through xlog.Recover; and pg_waldump decodes the records as we do.

package heap

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/access/tuple"
	"github.com/gpostgres/gpostgres/lib/access/xlog"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/buffer"
	"github.com/gpostgres/gpostgres/lib/storage/page"
)

// workload runs a mix of transactions on c and returns after flushing
// the WAL. midway runs once, half-way through (e.g. to move the redo
// point). inFlight, if set, leaves one transaction with changes running.
func workload(t *testing.T, c *cluster, midway func(), inFlight bool) {
	t.Helper()
	a, b := c.backend(), c.backend()
	a.begin()
	var tids []TID
	for i := 0; i < 400; i++ {
		s := fmt.Sprintf("row %d %s", i, strings.Repeat("x", i%50))
		if i%100 == 7 {
			s = randomText(20000+i, uint64(i)) // external
		}
		if i%100 == 9 {
			s = strings.Repeat("compressible ", 400) // inline compressed
		}
		tids = append(tids, a.insert(i, int64(i), s))
	}
	a.commit()
	// A bulk insertion (MULTI_INSERT records): it starts on the partly
	// filled last page, fills fresh pages (+INIT) and has toasted rows.
	a.begin()
	a.bulkInsert(4000, 1500)
	a.commit()

	// Updates on the same page and across pages, deletes, row locks,
	// and a transaction that rolls back.
	a.begin()
	for i := 0; i < 400; i += 3 {
		s := "updated"
		if i%2 == 0 {
			s = strings.Repeat("grown ", 30)
		}
		res, _, _, err := Update(ctx(), a.env, a.rel, tids[i], row(i, int64(i)+1000, s), a.cur(), a.xid, a.cid, nil, true)
		if err != nil || res != TMOk {
			t.Fatalf("update %d: %v %v", i, res, err)
		}
	}
	a.next()
	for i := 1; i < 400; i += 10 {
		if i%3 == 0 {
			continue // updated above: that version is dead to us now
		}
		if res, _, err := Delete(ctx(), a.env, a.rel, tids[i], a.cur(), a.xid, a.cid, nil, true); err != nil || res != TMOk {
			t.Fatalf("delete %d: %v %v", i, res, err)
		}
	}
	a.commit()
	if midway != nil {
		midway()
	}
	// The first change to the last page after a checkpoint: an image.
	a.begin()
	a.bulkInsert(5000, 200)
	a.commit()
	b.begin()
	for i := 2; i < 400; i += 7 {
		if _, err := LockTuple(ctx(), b.env, b.rel, tids[i], b.cur(), b.xid, b.cid, LockTupleExclusive, LockWaitBlock, LockFlagFindLastVersion); err != nil {
			t.Fatal(err)
		}
	}
	b.insert(1000, 0, "rolled back")
	b.abort()
	a.begin()
	snap := a.snap()
	for _, r := range a.scanAll(snap) {
		if r.k%5 == 0 {
			res, _, _, err := Update(ctx(), a.env, a.rel, r.tid, row(r.k, r.v, r.s+"!"), a.cur(), a.xid, a.cid, nil, true)
			if err != nil || res != TMOk {
				t.Fatalf("second update of %d: %v %v", r.k, res, err)
			}
		}
	}
	// In-place overwrites of short rows' fixed-width column (what
	// ANALYZE does to pg_class): the same length, no new version.
	overwritten := 0
	for _, r := range a.scanAll(snap) {
		if r.k%5 == 0 || len(r.s) > 100 || overwritten == 5 {
			continue
		}
		tup, err := tuple.Form(a.rel.Desc, row(r.k, r.v+70000, r.s))
		if err != nil {
			t.Fatal(err)
		}
		if err := InplaceUpdate(a.env, a.rel, r.tid, tup); err != nil {
			t.Fatalf("in-place update of %d: %v", r.k, err)
		}
		overwritten++
	}
	if overwritten != 5 {
		t.Fatalf("%d rows overwritten in place", overwritten)
	}
	a.insert(2000, 0, randomText(100000, 99))
	// Rows taken back at once (ON CONFLICT's speculative insertions), one
	// of them with out-of-line values.
	for _, k := range []int{2500, 2501} {
		text := "speculative"
		if k == 2501 {
			text = randomText(50000, 7)
		}
		if err := AbortSpeculative(a.env, a.rel, a.insert(k, 0, text), a.cur(), a.xid, a.cid); err != nil {
			t.Fatalf("taking back %d: %v", k, err)
		}
	}
	a.commit()
	if inFlight {
		b.begin()
		b.insert(3000, 0, "never committed")
		b.bulkInsert(6000, 300)
		for _, r := range b.scanAll(b.snap())[:20] {
			if res, _, err := Delete(ctx(), b.env, b.rel, r.tid, b.cur(), b.xid, b.cid, nil, true); err != nil || res != TMOk {
				t.Fatal(res, err)
			}
		}
		if err := b.wal.Flush(b.wal.InsertEndLSN()); err != nil {
			t.Fatal(err)
		}
		return // b's transaction is still open when the test "crashes"
	}
	if err := a.wal.Flush(a.wal.InsertEndLSN()); err != nil {
		t.Fatal(err)
	}
}

// replayer applies records to a cluster like a startup process would.
type replayer struct {
	b   *backend
	src *buffer.RedoSource
}

func newReplayer(b *backend) *replayer {
	return &replayer{b: b, src: &buffer.RedoSource{Pool: b.pool, Files: b.files}}
}

// bulkInsert adds n rows with keys from k0 through a BulkInsert, as the
// current command of b's transaction: short and long text, some of it
// toasted.
func (b *backend) bulkInsert(k0, n int) {
	b.t.Helper()
	bi := NewBulkInsert(b.env, b.rel, b.xid, b.cid)
	for i := 0; i < n; i++ {
		s := fmt.Sprintf("bulk %d %s", i, strings.Repeat("y", i%90))
		if i%500 == 3 {
			s = randomText(9000+i, uint64(i)) // external
		}
		if err := bi.Add(row(k0+i, int64(i), s)); err != nil {
			b.t.Fatal(err)
		}
	}
	if err := bi.Flush(); err != nil {
		b.t.Fatal(err)
	}
}

func (r *replayer) apply(rec *xlog.DecodedRecord) error {
	switch rec.Rmid() {
	case xlog.RmgrXLOG:
		if info := rec.Info(); info == xlog.InfoFPI || info == xlog.InfoFPIForHint {
			return xlog.RedoFPI(rec, r.src)
		}
	case xlog.RmgrHeap:
		return Redo(rec, r.src)
	case xlog.RmgrHeap2:
		return RedoHeap2(rec, r.src)
	case xlog.RmgrXact:
		return r.b.xact.RedoXact(r.b.owner, rec.Info(), transam.TransactionId(rec.Header.XID), rec.MainData, rec.EndLSN)
	case xlog.RmgrCLOG:
		return r.b.xact.RedoCLOG(r.b.owner, rec.Info(), rec.MainData)
	case xlog.RmgrMultiXact:
		return r.b.xact.RedoMultiXact(r.b.owner, rec.Info(), rec.MainData)
	}
	return nil
}

func readRecords(t *testing.T, dir string, start storage.LSN) []*xlog.DecodedRecord {
	t.Helper()
	rd := xlog.NewReader(filepath.Join(dir, "pg_wal"), start, xlog.ReaderOptions{})
	defer rd.Close()
	var recs []*xlog.DecodedRecord
	for {
		rec, err := rd.ReadRecord()
		if err != nil {
			break
		}
		recs = append(recs, rec)
	}
	return recs
}

// pages returns copies of every page of a relation, through the pool.
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

// hintMask are the t_infomask bits that may differ between a page and
// its replay: hint bits and the combo flag (command ids are not logged).
const hintMask = tuple.XminCommitted | tuple.XminInvalid | tuple.XmaxCommitted | tuple.XmaxInvalid | tuple.ComboCid

// comparePages reports the first difference between two relations'
// pages that is not a hint bit (PD_PAGE_FULL included) or a command id.
func comparePages(want, got []page.Page) string {
	if len(want) != len(got) {
		return fmt.Sprintf("%d pages, want %d", len(got), len(want))
	}
	for blk := range want {
		w, g := want[blk], got[blk]
		if w.LSN() != g.LSN() || w.Lower() != g.Lower() || w.Upper() != g.Upper() || w.PruneXid() != g.PruneXid() || w.Flags()&^page.PageFull != g.Flags()&^page.PageFull {
			return fmt.Sprintf("block %d header: lsn %v/%v lower %d/%d upper %d/%d prune %d/%d flags %d/%d", blk,
				g.LSN(), w.LSN(), g.Lower(), w.Lower(), g.Upper(), w.Upper(), g.PruneXid(), w.PruneXid(), g.Flags(), w.Flags())
		}
		for off := page.FirstOffset; off <= w.MaxOffset(); off++ {
			if w.ItemId(off) != g.ItemId(off) {
				return fmt.Sprintf("block %d line pointer %d: %v, want %v", blk, off, g.ItemId(off), w.ItemId(off))
			}
			if !w.ItemId(off).HasStorage() {
				continue
			}
			wt, gt := tuple.Header(bytes.Clone(w.Item(off))), tuple.Header(bytes.Clone(g.Item(off)))
			for _, h := range []tuple.Header{wt, gt} {
				h.SetCid(0)
				h.ClearFlags(hintMask)
			}
			if !bytes.Equal(wt, gt) {
				return fmt.Sprintf("block %d tuple %d:\n got %x\nwant %x", blk, off, head(gt), head(wt))
			}
		}
	}
	return ""
}

func testRedo(t *testing.T, withFPI bool) {
	a := newCluster(t)
	start := a.wal.CurrentInsertLSN()
	var midway func()
	if withFPI {
		// A checkpoint starts: every page changed from now on is logged
		// whole the first time.
		midway = func() { a.wal.BeginCheckpoint() }
	}
	workload(t, a, midway, false)
	ab := a.backend()
	ab.begin()
	want := ab.scanAll(ab.snap())
	ab.commit()
	wantPages, wantToast := ab.pages(testLoc), ab.pages(testToastLoc)
	recs := readRecords(t, a.dir, start)
	fpis := 0
	multi, multiFPIs := 0, 0
	for _, rec := range recs {
		if (rec.Rmid() == xlog.RmgrHeap || rec.Rmid() == xlog.RmgrHeap2) && rec.HasBlockImages() {
			fpis++
		}
		if rec.Rmid() == xlog.RmgrHeap2 {
			multi++
			if rec.HasBlockImages() {
				multiFPIs++
			}
		}
	}
	if multi < 10 {
		t.Fatalf("%d MULTI_INSERT records", multi)
	}
	if withFPI != (multiFPIs > 0) {
		t.Fatalf("%d MULTI_INSERT records with full-page images", multiFPIs)
	}
	if withFPI != (fpis > 0) {
		t.Fatalf("%d heap records with full-page images", fpis)
	}

	b := newCluster(t)
	rp := newReplayer(b.backend())
	for pass := 1; pass <= 2; pass++ {
		for _, rec := range recs {
			if err := rp.apply(rec); err != nil {
				t.Fatalf("pass %d: redo of %s at %v: %v", pass, Identify(rec.Info()), rec.LSN, err)
			}
		}
		bb := b.backend()
		if d := comparePages(wantPages, bb.pages(testLoc)); d != "" {
			t.Fatalf("pass %d: table: %s", pass, d)
		}
		if d := comparePages(wantToast, bb.pages(testToastLoc)); d != "" {
			t.Fatalf("pass %d: TOAST table: %s", pass, d)
		}
		bb.begin()
		got := bb.scanAll(bb.snap())
		bb.commit()
		if !slices.EqualFunc(got, want, func(x, y rowVal) bool { return x == y }) {
			t.Fatalf("pass %d: %d rows after redo, want %d", pass, len(got), len(want))
		}
	}
	t.Logf("%d records replayed (%d heap records with images), %d rows", len(recs), fpis, len(want))
}

func TestRedoRebuildsRelation(t *testing.T)   { testRedo(t, false) }
func TestRedoWithFullPageImages(t *testing.T) { testRedo(t, true) }
func TestIdentifyNamesRecords(t *testing.T)   { identifyCases(t) }
func identifyCases(t *testing.T) {
	for info, want := range map[uint8]string{0x00: "INSERT", 0x80: "INSERT+INIT", 0x10: "DELETE", 0x20: "UPDATE", 0xA0: "UPDATE+INIT", 0x40: "HOT_UPDATE", 0x60: "LOCK"} {
		if got := Identify(info); got != want {
			t.Errorf("Identify(%#x) = %q, want %q", info, got, want)
		}
	}
	for info, want := range map[uint8]string{0x50: "MULTI_INSERT", 0xD0: "MULTI_INSERT+INIT", 0x10: "PRUNE"} {
		if got := IdentifyHeap2(info); got != want {
			t.Errorf("IdentifyHeap2(%#x) = %q, want %q", info, got, want)
		}
	}
}

// A crash: shared memory is lost with the dirty buffers, recovery
// replays the WAL through the registered resource managers, and exactly
// the committed state is there; the transaction in flight is gone.
func TestCrashRecovery(t *testing.T) {
	c := newCluster(t)
	workload(t, c, nil, false)
	ref := c.backend()
	ref.begin()
	want := ref.scanAll(ref.snap())
	ref.commit()
	ref.close()
	// Another transaction is in flight when the crash comes.
	workload(t, c, nil, true)
	fresh := c.backend()
	fresh.begin()
	want2 := fresh.scanAll(fresh.snap())
	fresh.commit()
	fresh.close()
	if len(want2) <= len(want) {
		t.Fatalf("second workload added nothing: %d rows, then %d", len(want), len(want2))
	}

	res := c.start(func(sb *backend) *xlog.RmgrTable {
		table := xlog.NewRmgrTable()
		rp := newReplayer(sb)
		sb.xact.SetInRecovery(true)
		if err := RegisterRedo(table, rp.src); err != nil {
			t.Fatal(err)
		}
		for _, id := range []xlog.RmgrID{xlog.RmgrXact, xlog.RmgrCLOG} {
			table.Register(xlog.Rmgr{ID: id, Redo: rp.apply})
		}
		return table
	})
	if !res.Replayed || res.Records == 0 {
		t.Fatalf("nothing replayed: %+v", res)
	}
	b := c.backend()
	b.begin()
	got := b.scanAll(b.snap())
	if !slices.EqualFunc(got, want2, func(x, y rowVal) bool { return x == y }) {
		t.Fatalf("%d rows after recovery, want %d", len(got), len(want2))
	}
	for _, r := range got {
		if r.k == 3000 {
			t.Fatal("uncommitted row survived the crash")
		}
	}
	// Life goes on: the rows the dead transaction deleted can be changed.
	for _, r := range got[:20] {
		if res, _, _, err := Update(context.Background(), b.env, b.rel, r.tid, row(r.k, -1, "after"), b.cur(), b.xid, b.cid, nil, true); err != nil || res != TMOk {
			t.Fatalf("update after recovery: %v %v", res, err)
		}
	}
	b.commit()
}

// pg_waldump (PostgreSQL 15) decodes our Heap records exactly as
// Identify and Describe do, with the same block references.
func TestPgWaldumpReadsHeapRecords(t *testing.T) {
	bin := "/usr/lib/postgresql/15/bin/pg_waldump"
	if _, err := exec.LookPath(bin); err != nil {
		t.Skip("pg_waldump not installed")
	}
	c := newCluster(t)
	start := c.wal.CurrentInsertLSN()
	workload(t, c, func() { c.wal.BeginCheckpoint() }, false)
	dumped := map[string]string{}
	for _, rmgr := range []string{"Heap", "Heap2"} {
		out, _ := exec.Command(bin, "-p", filepath.Join(c.dir, "pg_wal"), "-s", start.String(), "-r", rmgr).Output()
		line := regexp.MustCompile(`^rmgr: ` + rmgr + ` .*, lsn: ([0-9A-F]+)/([0-9A-F]+), prev .*, desc: (.*)$`)
		for _, l := range strings.Split(string(out), "\n") {
			if m := line.FindStringSubmatch(l); m != nil {
				dumped[m[1]+"/"+m[2]] = m[3]
			}
		}
	}
	n, multi := 0, 0
	for _, rec := range readRecords(t, c.dir, start) {
		var want string
		switch rec.Rmid() {
		case xlog.RmgrHeap:
			want = Identify(rec.Info()) + " " + Describe(rec.Info(), rec.MainData)
		case xlog.RmgrHeap2:
			want = IdentifyHeap2(rec.Info()) + " " + DescribeHeap2(rec.Info(), rec.MainData)
			multi++
		default:
			continue
		}
		n++
		desc, ok := dumped[fmt.Sprintf("%X/%08X", uint32(rec.LSN>>32), uint32(rec.LSN))]
		if !ok {
			t.Fatalf("pg_waldump did not show the record at %v", rec.LSN)
		}
		if !strings.HasPrefix(desc, want) {
			t.Fatalf("at %v pg_waldump says %q, we say %q", rec.LSN, desc, want)
		}
		blk := rec.Block(0)
		ref := fmt.Sprintf("blkref #0: rel %d/%d/%d blk %d", blk.Rel.Spc, blk.Rel.DB, blk.Rel.Rel, blk.Block)
		if !strings.Contains(desc, ref) {
			t.Fatalf("at %v pg_waldump says %q, want %q", rec.LSN, desc, ref)
		}
	}
	if multi < 10 {
		t.Fatalf("%d MULTI_INSERT records", multi)
	}
	if n < 500 || len(dumped) != n {
		t.Fatalf("%d heap records, pg_waldump showed %d", n, len(dumped))
	}
}
