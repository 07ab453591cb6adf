// Tests of the visibility map and of the heap's use of both maps: bits
// set by SetVisible and cleared by insert, bulk insert, update (same
// page and across pages), delete and row lock with the WAL flags
// PostgreSQL sets; the same map after replay into empty files and after
// a crash; pg_waldump reading the records; truncation; a map written by
// PostgreSQL 15; and insertions going where the free space map says.

package heap

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/access/xlog"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/buffer"
	"github.com/gpostgres/gpostgres/lib/storage/freespace"
	"github.com/gpostgres/gpostgres/lib/storage/page"
)

// setVisible marks block blk all-visible (plus flags) as VACUUM would:
// map page pinned first, heap page locked, SetVisible.
func (b *backend) setVisible(blk storage.BlockNumber, cutoff transam.TransactionId, flags uint8) {
	b.t.Helper()
	var vmbuf buffer.Buffer
	if err := VisibilityMapPin(b.env, b.rel, blk, &vmbuf); err != nil {
		b.t.Fatal(err)
	}
	buf, err := b.pool.ReadBuffer(testLoc, storage.MainFork, blk)
	if err != nil {
		b.t.Fatal(err)
	}
	b.pool.LockBuffer(buf, buffer.Exclusive)
	if err := SetVisible(b.env, b.rel, buf, vmbuf, blk, cutoff, flags); err != nil {
		b.t.Fatal(err)
	}
	b.pool.UnlockRelease(buf)
	b.pool.Release(vmbuf)
}

// vmStatus returns the map bits of blocks 0..n-1.
func (b *backend) vmStatus(n int) []uint8 {
	b.t.Helper()
	var vmbuf buffer.Buffer
	defer func() {
		if vmbuf.Valid() {
			b.pool.Release(vmbuf)
		}
	}()
	out := make([]uint8, n)
	for blk := range out {
		st, err := VisibilityMapGetStatus(b.env, b.rel, storage.BlockNumber(blk), &vmbuf)
		if err != nil {
			b.t.Fatal(err)
		}
		out[blk] = st
	}
	return out
}

// allVisibleFlags returns PD_ALL_VISIBLE of blocks 0..n-1.
func (b *backend) allVisibleFlags(n int) []bool {
	out := make([]bool, n)
	for blk, p := range b.pages(testLoc)[:n] {
		out[blk] = p.IsAllVisible()
	}
	return out
}

const vmBoth = VMAllVisible | VMAllFrozen

// vmScenario fills five pages, marks them all-visible and all-frozen,
// then changes rows on them one way each, re-marking pages in between,
// and returns the map bits it expects at the end (and checks them, and
// PD_ALL_VISIBLE, on the way).
func vmScenario(t *testing.T, c *cluster) []uint8 {
	t.Helper()
	a := c.backend()
	a.begin()
	var tids []TID
	for i := 0; i < 100; i++ {
		tids = append(tids, a.insert(i, int64(i), fmt.Sprintf("%03d%s", i, strings.Repeat("v", 297))))
	}
	cutoff := a.xid
	a.commit()
	if n, _ := a.files.NBlocks(testLoc, storage.MainFork); n != 5 {
		t.Fatalf("%d pages, want 5", n)
	}
	onBlock := func(blk storage.BlockNumber) TID {
		for _, tid := range tids {
			if tid.Block == blk {
				return tid
			}
		}
		t.Fatalf("no row on block %d", blk)
		return TID{}
	}
	check := func(step string, want []uint8) {
		t.Helper()
		if got := a.vmStatus(len(want)); !bytes.Equal(got, want) {
			t.Fatalf("%s: map bits %v, want %v", step, got, want)
		}
		for blk, vis := range a.allVisibleFlags(len(want)) {
			if vis != (want[blk] != 0) {
				t.Fatalf("%s: block %d PD_ALL_VISIBLE %v with map bits %d", step, blk, vis, want[blk])
			}
		}
	}
	// A checkpoint begins: the first VISIBLE record of each page carries
	// its image when hint changes need images.
	c.wal.BeginCheckpoint()
	for blk := storage.BlockNumber(0); blk < 5; blk++ {
		a.setVisible(blk, cutoff, vmBoth)
	}
	check("all set", []uint8{3, 3, 3, 3, 3})
	if v, f, err := VisibilityMapCount(a.env, a.rel); err != nil || v != 5 || f != 5 {
		t.Fatalf("count %d %d %v", v, f, err)
	}
	// Setting what is already set logs nothing.
	end := a.wal.InsertEndLSN()
	a.setVisible(2, cutoff, vmBoth)
	if a.wal.InsertEndLSN() != end {
		t.Fatal("setting bits already set wrote WAL")
	}

	// A row lock: still visible to all, no longer frozen.
	a.begin()
	if res, err := LockTuple(ctx(), a.env, a.rel, onBlock(0), a.cur(), a.xid, a.cid, LockTupleShare, LockWaitBlock, 0); err != nil || res.Result != TMOk {
		t.Fatalf("lock: %v %v", res.Result, err)
	}
	a.commit()
	check("lock", []uint8{1, 3, 3, 3, 3})

	// A delete clears both.
	a.begin()
	if res, _, err := Delete(ctx(), a.env, a.rel, onBlock(1), a.cur(), a.xid, a.cid, nil, true); err != nil || res != TMOk {
		t.Fatalf("delete: %v %v", res, err)
	}
	a.commit()
	check("delete", []uint8{1, 0, 3, 3, 3})

	// An update whose new version does not fit on its full page: it goes
	// to the last page, and both pages lose their bits.
	a.begin()
	res, _, newTid, err := Update(ctx(), a.env, a.rel, onBlock(2), row(2, 2, strings.Repeat("w", 300)), a.cur(), a.xid, a.cid, nil, true)
	if err != nil || res != TMOk || newTid.Block != 4 {
		t.Fatalf("update across pages: %v %v %v", res, newTid, err)
	}
	a.commit()
	check("update across pages", []uint8{1, 0, 0, 3, 0})

	// An update on the same page (a short new version fits on block 3).
	a.begin()
	res, _, newTid, err = Update(ctx(), a.env, a.rel, onBlock(3), row(3, 3, "u"), a.cur(), a.xid, a.cid, nil, true)
	if err != nil || res != TMOk || newTid.Block != 3 {
		t.Fatalf("update on the page: %v %v %v", res, newTid, err)
	}
	a.commit()
	check("update on the page", []uint8{1, 0, 0, 0, 0})

	// An insert, onto the last page, made all-visible again first.
	a.setVisible(4, a.xid, VMAllVisible)
	check("set again", []uint8{1, 0, 0, 0, 1})
	a.begin()
	if tid := a.insert(500, 0, "inserted"); tid.Block != 4 {
		t.Fatalf("insert went to %v", tid)
	}
	a.commit()
	check("insert", []uint8{1, 0, 0, 0, 0})

	// A bulk insert.
	a.setVisible(4, a.xid, vmBoth)
	a.begin()
	a.bulkInsert(600, 3)
	a.commit()
	check("bulk insert", []uint8{1, 0, 0, 0, 0})

	// Marked again at the end, with only ALL_VISIBLE for one.
	a.setVisible(1, a.xid, VMAllVisible)
	a.setVisible(2, a.xid, vmBoth)
	want := []uint8{1, 1, 3, 0, 0}
	check("end", want)
	if v, f, err := VisibilityMapCount(a.env, a.rel); err != nil || v != 3 || f != 1 {
		t.Fatalf("count %d %d %v", v, f, err)
	}
	if err := a.wal.Flush(a.wal.InsertEndLSN()); err != nil {
		t.Fatal(err)
	}
	return want
}

// vmPages returns copies of the relation's map pages.
func (b *backend) vmPages() [][]byte {
	b.t.Helper()
	n, ok, err := freespace.ForkBlocks(b.files, testLoc, storage.VisibilityMapFork)
	if err != nil || !ok {
		b.t.Fatalf("map fork: %v %v", ok, err)
	}
	var out [][]byte
	for blk := storage.BlockNumber(0); blk < n; blk++ {
		buf, err := b.pool.ReadBuffer(testLoc, storage.VisibilityMapFork, blk)
		if err != nil {
			b.t.Fatal(err)
		}
		out = append(out, bytes.Clone(b.pool.Page(buf)))
		b.pool.Release(buf)
	}
	return out
}

func TestVisibilityMap(t *testing.T) {
	for _, hints := range []bool{false, true} {
		t.Run(fmt.Sprintf("hintWAL=%v", hints), func(t *testing.T) {
			c := newCluster(t)
			c.hintWAL = hints
			start := c.wal.CurrentInsertLSN()
			// A checkpoint starts: the pages changed next are logged whole
			// the first time (the map pages in VISIBLE records, the heap
			// pages too when hint changes need images).
			c.wal.BeginCheckpoint()
			want := vmScenario(t, c)
			ref := c.backend()
			wantPages, wantVM := ref.pages(testLoc), ref.vmPages()
			ref.close()

			// The records carry the flags PostgreSQL sets.
			recs := readRecords(t, c.dir, start)
			counts := map[string]int{}
			vmImages, heapImages := 0, 0
			for _, rec := range recs {
				var name string
				switch rec.Rmid() {
				case xlog.RmgrHeap:
					name = Identify(rec.Info()) + " " + Describe(rec.Info(), rec.MainData)
				case xlog.RmgrHeap2:
					name = IdentifyHeap2(rec.Info()) + " " + DescribeHeap2(rec.Info(), rec.MainData)
					if rec.Info()&XLogHeapOpmask == XLogHeap2Visible {
						vm, heapBlk := rec.Block(0), rec.Block(1)
						if vm.Fork != storage.VisibilityMapFork || vm.Block != 0 || heapBlk.Fork != storage.MainFork {
							t.Fatalf("VISIBLE block references: vm fork %d block %d, heap fork %d", vm.Fork, vm.Block, heapBlk.Fork)
						}
						if vm.HasImage {
							vmImages++
							// The map page is logged whole: its bits are
							// where a standard page has its hole.
							if vm.HoleLength != 0 {
								t.Fatalf("map page image with a hole of %d bytes", vm.HoleLength)
							}
						}
						if heapBlk.HasImage {
							heapImages++
						}
						name = "VISIBLE"
					}
				default:
					continue
				}
				counts[name]++
			}
			for _, w := range []string{"MULTI_INSERT 3 tuples flags 0x03"} {
				found := false
				for name := range counts {
					found = found || strings.HasPrefix(name, w)
				}
				if !found {
					t.Errorf("no record %q among %v", w, counts)
				}
			}
			if counts["VISIBLE"] != 9 {
				t.Errorf("%d VISIBLE records, want 9", counts["VISIBLE"])
			}
			// Images: the map page's first change after each checkpoint
			// (two began); the heap pages' only when hint changes need
			// them, and then for the five pages first marked after the
			// second checkpoint.
			if vmImages != 1 || (hints && heapImages != 5) || (!hints && heapImages != 0) {
				t.Errorf("VISIBLE records with %d map page images, %d heap page images", vmImages, heapImages)
			}
			wantFlags := map[string]bool{"LOCK flags 0x01": false, "DELETE flags 0x01": false, "UPDATE flags 0x03": false, "UPDATE flags 0x01": false, "INSERT flags 0x01": false}
			for name := range counts {
				for w := range wantFlags {
					parts := strings.SplitN(w, " ", 2)
					if strings.HasPrefix(name, parts[0]) && strings.Contains(name, parts[1]) {
						wantFlags[w] = true
					}
				}
			}
			for w, ok := range wantFlags {
				if !ok {
					t.Errorf("no %s record among %v", w, counts)
				}
			}

			// Replayed into empty files, twice: the same heap pages, map
			// pages and bits; pages left nearly full are in the free space
			// map.
			b := newCluster(t)
			b.hintWAL = hints
			rp := newReplayer(b.backend())
			for pass := 1; pass <= 2; pass++ {
				for _, rec := range recs {
					if err := rp.apply(rec); err != nil {
						t.Fatalf("pass %d: redo at %v: %v", pass, rec.LSN, err)
					}
				}
				bb := b.backend()
				if d := comparePages(wantPages, bb.pages(testLoc)); d != "" {
					t.Fatalf("pass %d: heap: %s", pass, d)
				}
				got := bb.vmPages()
				if len(got) != len(wantVM) {
					t.Fatalf("pass %d: %d map pages, want %d", pass, len(got), len(wantVM))
				}
				for i := range got {
					if !bytes.Equal(got[i][8:], wantVM[i][8:]) || page.Page(got[i]).LSN() != page.Page(wantVM[i]).LSN() {
						t.Fatalf("pass %d: map page %d differs: lsn %v, want %v", pass, i, page.Page(got[i]).LSN(), page.Page(wantVM[i]).LSN())
					}
				}
				if st := bb.vmStatus(len(want)); !bytes.Equal(st, want) {
					t.Fatalf("pass %d: map bits %v, want %v", pass, st, want)
				}
				for blk, p := range bb.pages(testLoc) {
					recorded, err := bb.env.FreeSpaceMap().GetRecordedFreeSpace(testLoc, storage.BlockNumber(blk))
					if err != nil {
						t.Fatal(err)
					}
					// Recorded when an insert or update was replayed (not
					// when the page was restored from an image), so maybe
					// from before the page's last change.
					if free := p.HeapFreeSpace(); free < storage.BlockSize/5 && (recorded == 0 || recorded >= storage.BlockSize/5) {
						t.Fatalf("pass %d: block %d has %d free, the map says %d", pass, blk, free, recorded)
					}
				}
				bb.close()
			}

			// A crash: the dirty map pages are lost, recovery sets and
			// clears the bits again.
			c.start(func(sb *backend) *xlog.RmgrTable {
				table := xlog.NewRmgrTable()
				rp := newReplayer(sb)
				sb.xact.SetInRecovery(true)
				if err := RegisterRedo(table, rp.src); err != nil {
					t.Fatal(err)
				}
				for _, id := range []xlog.RmgrID{xlog.RmgrXact, xlog.RmgrCLOG, xlog.RmgrXLOG} {
					table.Register(xlog.Rmgr{ID: id, Redo: rp.apply})
				}
				return table
			})
			after := c.backend()
			if st := after.vmStatus(len(want)); !bytes.Equal(st, want) {
				t.Fatalf("after crash recovery: map bits %v, want %v", st, want)
			}
			// And the bits keep working: a delete on block 2 clears them.
			after.begin()
			rows := after.scanAll(after.snap())
			for _, r := range rows {
				if r.tid.Block == 2 {
					if res, _, err := Delete(ctx(), after.env, after.rel, r.tid, after.cur(), after.xid, after.cid, nil, true); err != nil || res != TMOk {
						t.Fatal(res, err)
					}
					break
				}
			}
			after.commit()
			if st := after.vmStatus(3); st[2] != 0 {
				t.Fatalf("block 2 bits %d after a delete", st[2])
			}
		})
	}
}

// TestPgWaldumpReadsVisibilityRecords: PostgreSQL 15's pg_waldump
// describes VISIBLE records and the heap records that clear map bits as
// Identify and Describe do, with the map page as block 0.
func TestPgWaldumpReadsVisibilityRecords(t *testing.T) {
	bin := "/usr/lib/postgresql/15/bin/pg_waldump"
	if _, err := exec.LookPath(bin); err != nil {
		t.Skip("pg_waldump not installed")
	}
	c := newCluster(t)
	start := c.wal.CurrentInsertLSN()
	vmScenario(t, c)
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
	visible := 0
	for _, rec := range readRecords(t, c.dir, start) {
		var want string
		switch rec.Rmid() {
		case xlog.RmgrHeap:
			want = Identify(rec.Info()) + " " + Describe(rec.Info(), rec.MainData)
		case xlog.RmgrHeap2:
			want = IdentifyHeap2(rec.Info()) + " " + DescribeHeap2(rec.Info(), rec.MainData)
		default:
			continue
		}
		desc, ok := dumped[fmt.Sprintf("%X/%08X", uint32(rec.LSN>>32), uint32(rec.LSN))]
		if !ok {
			t.Fatalf("pg_waldump did not show the record at %v", rec.LSN)
		}
		if !strings.HasPrefix(desc, want) {
			t.Fatalf("at %v pg_waldump says %q, we say %q", rec.LSN, desc, want)
		}
		if rec.Rmid() == xlog.RmgrHeap2 && rec.Info()&XLogHeapOpmask == XLogHeap2Visible {
			visible++
			ref := fmt.Sprintf("blkref #0: rel %d/%d/%d fork vm blk 0", testLoc.Spc, testLoc.DB, testLoc.Rel)
			if !strings.Contains(desc, ref) || !strings.Contains(desc, "blkref #1: rel") {
				t.Fatalf("at %v pg_waldump says %q, want %q and the heap page", rec.LSN, desc, ref)
			}
		}
	}
	if visible != 9 {
		t.Fatalf("%d VISIBLE records", visible)
	}
}

// TestVisibilityMapTruncation: cutting the maps with the heap clears the
// bits past the new end (so pages added later start clear) and shortens
// the forks.
func TestVisibilityMapTruncation(t *testing.T) {
	c := newCluster(t)
	a := c.backend()
	a.begin()
	for i := 0; i < 100; i++ {
		a.insert(i, 0, strings.Repeat("t", 300))
	}
	a.commit()
	for blk := storage.BlockNumber(0); blk < 5; blk++ {
		a.setVisible(blk, a.xid, vmBoth)
	}
	if err := a.env.FreeSpaceMap().RecordPageWithFreeSpace(testLoc, 4, 5000); err != nil {
		t.Fatal(err)
	}
	if err := TruncateMaps(a.env, a.rel, 3, false); err != nil {
		t.Fatal(err)
	}
	if st := a.vmStatus(6); !bytes.Equal(st, []uint8{3, 3, 3, 0, 0, 0}) {
		t.Fatalf("bits after truncation to 3 blocks: %v", st)
	}
	if got, _ := a.env.FreeSpaceMap().GetRecordedFreeSpace(testLoc, 4); got != 0 {
		t.Fatalf("free space of a removed block: %d", got)
	}
	if v, f, err := VisibilityMapCount(a.env, a.rel); err != nil || v != 3 || f != 3 {
		t.Fatalf("count %d %d %v", v, f, err)
	}
	// To nothing: the map page goes.
	if err := TruncateMaps(a.env, a.rel, 0, false); err != nil {
		t.Fatal(err)
	}
	if n, _, err := freespace.ForkBlocks(a.files, testLoc, storage.VisibilityMapFork); err != nil || n != 0 {
		t.Fatalf("map fork of %d pages: %v", n, err)
	}
	if st := a.vmStatus(3); !bytes.Equal(st, []uint8{0, 0, 0}) {
		t.Fatalf("bits after truncation to nothing: %v", st)
	}
}

// TestReadsPostgreSQLVisibilityMap: testdata/pg15_t_vm is the map of a
// 406-page table after PostgreSQL 15's VACUUM FREEZE, updates, a plain
// VACUUM and more updates (capture_pg15_maps.sh);
// pg15_t_vm.expected is pg_visibility_map() of it.
func TestReadsPostgreSQLVisibilityMap(t *testing.T) {
	data, err := os.ReadFile("testdata/pg15_t_vm")
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("testdata/pg15_t_vm.expected")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var want []uint8
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var blk int
		var vis, frozen string
		if _, err := fmt.Sscanf(strings.ReplaceAll(sc.Text(), "|", " "), "%d %s %s", &blk, &vis, &frozen); err != nil || blk != len(want) {
			t.Fatalf("bad line %q", sc.Text())
		}
		var st uint8
		if vis == "t" {
			st |= VMAllVisible
		}
		if frozen == "t" {
			st |= VMAllFrozen
		}
		want = append(want, st)
	}
	if len(want) != 406 || len(data) != storage.BlockSize {
		t.Fatalf("reference: %d blocks, %d bytes", len(want), len(data))
	}
	c := newCluster(t)
	c.checksum = false // the reference cluster has no checksums
	a := c.backend()
	if err := os.WriteFile(filepath.Join(c.dir, testLoc.Path(storage.VisibilityMapFork, 0)), data, 0o600); err != nil {
		t.Fatal(err)
	}
	if got := a.vmStatus(len(want) + 10); !bytes.Equal(got[:len(want)], want) || !bytes.Equal(got[len(want):], make([]uint8, 10)) {
		t.Fatalf("map bits differ from pg_visibility_map:\n got %v\nwant %v", got, want)
	}
	var wantVisible, wantFrozen storage.BlockNumber
	for _, st := range want {
		if st&VMAllVisible != 0 {
			wantVisible++
		}
		if st&VMAllFrozen != 0 {
			wantFrozen++
		}
	}
	if v, fr, err := VisibilityMapCount(a.env, a.rel); err != nil || v != wantVisible || fr != wantFrozen {
		t.Fatalf("count %d %d %v, want %d %d", v, fr, err, wantVisible, wantFrozen)
	}
	// The layout: header with pd_lower 24, pd_upper = pd_special = 8192.
	if p := page.Page(data); p.Lower() != page.HeaderSize || p.Upper() != storage.BlockSize || p.Special() != storage.BlockSize {
		t.Fatalf("reference header %v", p)
	}
}

// TestInsertUsesFreeSpaceMap: with no cached target, a row goes to the
// page the free space map offers rather than the last one; a page the
// map wrongly promises is corrected, and the row goes elsewhere.
func TestInsertUsesFreeSpaceMap(t *testing.T) {
	c := newCluster(t)
	a := c.backend()
	a.begin()
	for i := 0; i < 12; i++ {
		a.insert(i, 0, strings.Repeat("f", 1800)) // four to a page
	}
	a.commit()
	pages := a.pages(testLoc)
	if len(pages) != 3 {
		t.Fatalf("%d pages", len(pages))
	}
	free0 := pages[0].HeapFreeSpace()
	fsm := a.env.FreeSpaceMap()

	// Without the map: the last page.
	a.env.ForgetRelation(testLoc)
	a.begin()
	if tid := a.insert(100, 0, "small"); tid.Block != 2 {
		t.Fatalf("without the map the row went to %v", tid)
	}
	a.commit()

	// With page 0's room recorded (and propagated): page 0.
	if err := fsm.RecordPageWithFreeSpace(testLoc, 0, free0); err != nil {
		t.Fatal(err)
	}
	if err := fsm.Vacuum(testLoc, nil); err != nil {
		t.Fatal(err)
	}
	a.env.ForgetRelation(testLoc)
	a.begin()
	if tid := a.insert(101, 0, "small"); tid.Block != 0 {
		t.Fatalf("with the map the row went to %v", tid)
	}
	a.commit()

	// The map promises page 1 more than it has: the insertion tries it,
	// records what it really has, and extends the relation.
	if err := fsm.RecordPageWithFreeSpace(testLoc, 1, 8000); err != nil {
		t.Fatal(err)
	}
	if err := fsm.Vacuum(testLoc, nil); err != nil {
		t.Fatal(err)
	}
	a.env.ForgetRelation(testLoc)
	a.begin()
	if tid := a.insert(102, 0, strings.Repeat("g", 1800)); tid.Block != 3 {
		t.Fatalf("the big row went to %v", tid)
	}
	a.commit()
	got, err := fsm.GetRecordedFreeSpace(testLoc, 1)
	if want := pages[1].HeapFreeSpace() / freespace.CatStep * freespace.CatStep; err != nil || got != want {
		t.Fatalf("page 1 recorded as %d %v, want %d", got, err, want)
	}
	// An update whose new version needs another page also asks the map.
	if err := fsm.RecordPageWithFreeSpace(testLoc, 3, 6000); err != nil {
		t.Fatal(err)
	}
	if err := fsm.Vacuum(testLoc, nil); err != nil {
		t.Fatal(err)
	}
	a.env.ForgetRelation(testLoc)
	a.begin()
	rows := a.scanAll(a.snap())
	var onPage1 TID
	for _, r := range rows {
		if r.tid.Block == 1 {
			onPage1 = r.tid
		}
	}
	res, _, newTid, err := Update(ctx(), a.env, a.rel, onPage1, row(1, 1, strings.Repeat("h", 1800)), a.cur(), a.xid, a.cid, nil, true)
	if err != nil || res != TMOk || newTid.Block != 3 {
		t.Fatalf("update went to %v: %v %v", newTid, res, err)
	}
	a.commit()
}

// TestTemporaryRelationMaps: a temporary relation (local buffers, no
// WAL) gets its free space map and visibility map too, and loses them
// when truncated.
func TestTemporaryRelationMaps(t *testing.T) {
	c := newCluster(t)
	a := c.backend()
	a.pool.SetBackendID(3)
	a.pool.SetLocalBuffersSize(func() int { return 64 })
	tmp := testRelation()
	tmp.Toast = nil
	tmp.Locator.Backend = 3
	tmp.Locator.Rel = 17000
	if err := a.files.Create(tmp.Locator, storage.MainFork, false); err != nil {
		t.Fatal(err)
	}
	a.rel = tmp
	a.begin()
	for i := 0; i < 300; i++ {
		a.insert(i, 0, strings.Repeat("p", 200))
	}
	a.commit()
	n, _ := a.files.NBlocks(tmp.Locator, storage.MainFork)
	if n < 5 {
		t.Fatalf("%d pages", n)
	}
	var vmbuf buffer.Buffer
	if err := VisibilityMapPin(a.env, tmp, 1, &vmbuf); err != nil {
		t.Fatal(err)
	}
	buf, err := a.pool.ReadBuffer(tmp.Locator, storage.MainFork, 1)
	if err != nil {
		t.Fatal(err)
	}
	a.pool.LockBuffer(buf, buffer.Exclusive)
	if err := SetVisible(a.env, tmp, buf, vmbuf, 1, a.xid, vmBoth); err != nil {
		t.Fatal(err)
	}
	a.pool.UnlockRelease(buf)
	a.pool.Release(vmbuf)
	if v, f, err := VisibilityMapCount(a.env, tmp); err != nil || v != 1 || f != 1 {
		t.Fatalf("count %d %d %v", v, f, err)
	}
	// An update moving a row off the all-visible page clears its bits.
	a.begin()
	res, _, newTid, err := Update(ctx(), a.env, tmp, TID{Block: 1, Offset: 1}, row(1, 1, strings.Repeat("q", 1000)), a.cur(), a.xid, a.cid, nil, true)
	if err != nil || res != TMOk || newTid.Block == 1 {
		t.Fatalf("update: %v %v %v", res, newTid, err)
	}
	a.commit()
	if v, _, err := VisibilityMapCount(a.env, tmp); err != nil || v != 0 {
		t.Fatalf("count after update %d %v", v, err)
	}
	if err := a.env.FreeSpaceMap().RecordPageWithFreeSpace(tmp.Locator, 0, 3000); err != nil {
		t.Fatal(err)
	}
	if err := TruncateMaps(a.env, tmp, 0, false); err != nil {
		t.Fatal(err)
	}
	if v, _, err := VisibilityMapCount(a.env, tmp); err != nil || v != 0 {
		t.Fatalf("count after truncation %d %v", v, err)
	}
	if got, _ := a.env.FreeSpaceMap().GetRecordedFreeSpace(tmp.Locator, 0); got != 0 {
		t.Fatalf("free space after truncation %d", got)
	}
}

// TestFillFactorKeepsRoom: with fillfactor 50, insertions leave half of
// each page free (for later updates), as PostgreSQL's do.
func TestFillFactorKeepsRoom(t *testing.T) {
	c := newCluster(t)
	a := c.backend()
	a.rel.FillFactor = 50
	a.begin()
	for i := 0; i < 40; i++ {
		a.insert(i, 0, strings.Repeat("r", 500))
	}
	a.commit()
	pages := a.pages(testLoc)
	if len(pages) < 4 {
		t.Fatalf("%d pages", len(pages))
	}
	for blk, p := range pages {
		if free := p.HeapFreeSpace(); free < page.Size/2 {
			t.Fatalf("block %d has only %d bytes free", blk, free)
		}
	}
}
