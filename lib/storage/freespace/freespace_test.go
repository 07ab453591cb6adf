// Tests of the free space map: page trees and searches against trees
// worked out by hand, the map's address arithmetic, propagation by
// Vacuum, truncation, damaged pages, concurrent users, and a map
// written by PostgreSQL 15 read byte for byte.

package freespace

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/gpostgres/gpostgres/lib/config"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/shmem"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/buffer"
	"github.com/gpostgres/gpostgres/lib/storage/page"
	"github.com/gpostgres/gpostgres/lib/storage/smgr"
)

var testRel = storage.RelFileLocator{Spc: storage.DefaultTablespace, DB: 5, Rel: 16384}

// testCluster is a data directory and a shared buffer pool; each map
// gets its own pool handle (a "process").
type testCluster struct {
	t         *testing.T
	dir       string
	sh        *buffer.Shared
	nextIdx   int
	checksums bool
	warnings  []string
	mu        sync.Mutex
}

func newTestCluster(t *testing.T, checksums bool) *testCluster {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "base", "5"), 0o700); err != nil {
		t.Fatal(err)
	}
	s := config.New()
	for k, v := range map[string]string{"max_connections": "8", "shared_buffers": "1MB"} {
		if err := s.Set(k, v, config.ContextPostmaster, config.SourceCommandLine); err != nil {
			t.Fatal(err)
		}
	}
	seg, err := shmem.Create(int64(buffer.ShmemSize(s)) + 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { seg.Close() })
	sh, err := buffer.CreateShared(seg, s)
	if err != nil {
		t.Fatal(err)
	}
	return &testCluster{t: t, dir: dir, sh: sh, checksums: checksums}
}

type testMap struct {
	*Map
	files *smgr.Manager
	owner *shmem.Owner
}

func (c *testCluster) newMap() *testMap {
	c.t.Helper()
	files := smgr.New(c.dir, nil)
	cfg := buffer.Config{Files: files, Warn: func(e *pgerr.Error) {
		c.mu.Lock()
		c.warnings = append(c.warnings, e.Message)
		c.mu.Unlock()
	}}
	if c.checksums {
		cfg.SetChecksum = func(p []byte, blk storage.BlockNumber) { page.Page(p).SetChecksum(blk) }
		cfg.VerifyChecksum = func(p []byte, blk storage.BlockNumber) (bool, *pgerr.Error) {
			return page.Page(p).Verify(blk, page.VerifyChecksums)
		}
	}
	owner := &shmem.Owner{Pid: int32(7000 + c.nextIdx)}
	pool, err := c.sh.NewPool(owner, c.nextIdx, cfg)
	if err != nil {
		c.t.Fatal(err)
	}
	c.nextIdx++
	m := &testMap{Map: &Map{Pool: pool, Files: files}, files: files, owner: owner}
	c.t.Cleanup(func() {
		if n := pool.Close(); n != 0 {
			c.t.Errorf("map leaked %d pins", n)
		}
		files.CloseAll()
	})
	return m
}

func TestCategories(t *testing.T) {
	for _, c := range []struct{ avail, cat int }{{0, 0}, {31, 0}, {32, 1}, {100, 3}, {8127, 253}, {8128, 254}, {8159, 254}, {8160, 255}, {8191, 255}} {
		if got := AvailToCategory(c.avail); int(got) != c.cat {
			t.Errorf("AvailToCategory(%d) = %d, want %d", c.avail, got, c.cat)
		}
	}
	for _, c := range []struct{ needed, cat int }{{0, 1}, {1, 1}, {32, 1}, {33, 2}, {8000, 250}, {8160, 255}} {
		if got, err := neededToCategory(c.needed); err != nil || int(got) != c.cat {
			t.Errorf("neededToCategory(%d) = %d, %v, want %d", c.needed, got, err, c.cat)
		}
	}
	if _, err := neededToCategory(8161); err == nil || !strings.Contains(err.Error(), "invalid FSM request size 8161") {
		t.Errorf("neededToCategory(8161): %v", err)
	}
	if CategoryToAvail(255) != 8160 || CategoryToAvail(3) != 96 {
		t.Errorf("CategoryToAvail: %d %d", CategoryToAvail(255), CategoryToAvail(3))
	}
}

// TestAddresses: pages are laid out depth first, as
// fsm_logical_to_physical numbers them.
func TestAddresses(t *testing.T) {
	if SlotsPerPage != 4069 || nodesPerPage != 8164 || nonLeafNodesPerPage != 4095 {
		t.Fatalf("page geometry %d %d %d", SlotsPerPage, nodesPerPage, nonLeafNodesPerPage)
	}
	for _, c := range []struct {
		addr address
		blk  storage.BlockNumber
	}{
		{rootAddress, 0},
		{address{1, 0}, 1},
		{address{0, 0}, 2},
		{address{0, 1}, 3},
		{address{0, 4068}, 4070},
		{address{1, 1}, 4071},
		{address{0, 4069}, 4072},
		{address{0, 4070}, 4073},
		{address{1, 2}, 4071 + 4070},
	} {
		if got := physical(c.addr); got != c.blk {
			t.Errorf("physical(%+v) = %d, want %d", c.addr, got, c.blk)
		}
	}
	addr, slot := location(4069*3 + 7)
	if addr != (address{0, 3}) || slot != 7 || heapBlock(addr, slot) != 4069*3+7 {
		t.Errorf("location: %+v %d", addr, slot)
	}
	up, upSlot := parent(addr)
	if up != (address{1, 0}) || upSlot != 3 || child(up, upSlot) != addr {
		t.Errorf("parent: %+v %d", up, upSlot)
	}
}

// checkTree verifies that every upper node of a page is the maximum of
// its children.
func checkTree(t *testing.T, p fsmPage) {
	t.Helper()
	copyPage := append(fsmPage(nil), p...)
	if copyPage.rebuild() {
		t.Fatalf("page tree inconsistent: root %d", p.maxAvail())
	}
}

func newPage() fsmPage {
	p := make(fsmPage, storage.BlockSize)
	initPage(p)
	return p
}

func TestPageTree(t *testing.T) {
	p := newPage()
	if !p.setAvail(5, 10) || !p.setAvail(100, 20) || !p.setAvail(4000, 30) {
		t.Fatal("setAvail reported no change")
	}
	checkTree(t, p)
	if p.maxAvail() != 30 || p.avail(100) != 20 {
		t.Fatalf("root %d, slot 100 %d", p.maxAvail(), p.avail(100))
	}
	// The leaf of slot 100 is node 4195, its parent 2097 holds 20, its
	// grandparent 1048 too, and node 0 the maximum.
	n := p.nodes()
	if n[nonLeafNodesPerPage+100] != 20 || n[parentOf(nonLeafNodesPerPage+100)] != 20 || n[0] != 30 {
		t.Fatalf("nodes: leaf %d parent %d root %d", n[nonLeafNodesPerPage+100], n[parentOf(nonLeafNodesPerPage+100)], n[0])
	}
	if p.setAvail(5, 10) {
		t.Error("setting the same value changed the page")
	}
	none := func() { t.Fatal("relock on a sound page") }
	// Searches start at fp_next_slot and move on, wrapping around.
	for i, want := range []int{100, 4000, 100, 4000} {
		if got := p.search(15, true, true, none, func() {}); got != want {
			t.Fatalf("search %d: slot %d, want %d", i, got, want)
		}
	}
	if got := p.nextSlot(); got != 4001 {
		t.Fatalf("fp_next_slot %d", got)
	}
	// Without advancing, the same slot again.
	p.setNextSlot(0)
	if p.search(25, false, true, none, func() {}) != 4000 || p.search(25, false, true, none, func() {}) != 4000 {
		t.Fatal("search without advance moved on")
	}
	if p.search(31, true, true, none, func() {}) != -1 {
		t.Fatal("search found more than the root holds")
	}
	// Lowering the maximum lowers the root.
	p.setAvail(4000, 0)
	checkTree(t, p)
	if p.maxAvail() != 20 {
		t.Fatalf("root %d after clearing slot 4000", p.maxAvail())
	}
	// Truncation clears slots from 50 on.
	if !p.truncateAvail(50) || p.maxAvail() != 10 || p.avail(100) != 0 {
		t.Fatalf("truncate: root %d slot 100 %d", p.maxAvail(), p.avail(100))
	}
	checkTree(t, p)
	// The last slot, whose leaf has no sibling in the array.
	p.setAvail(SlotsPerPage-1, 77)
	checkTree(t, p)
	if p.search(70, true, true, none, func() {}) != SlotsPerPage-1 {
		t.Fatal("last slot not found")
	}
}

// TestPageRepairsCorruptTree: a root promising what no leaf holds is
// fixed by a search under a share lock, which upgrades it first.
func TestPageRepairsCorruptTree(t *testing.T) {
	p := newPage()
	p.setAvail(7, 40)
	p.nodes()[0] = 200 // a torn write, say
	relocked, dirtied := 0, 0
	if got := p.search(100, true, false, func() { relocked++ }, func() { dirtied++ }); got != -1 {
		t.Fatalf("search found slot %d", got)
	}
	if relocked != 1 || dirtied != 1 || p.maxAvail() != 40 {
		t.Fatalf("relocked %d dirtied %d root %d", relocked, dirtied, p.maxAvail())
	}
	// A root smaller than a value set under an ancestor that already
	// held more (so propagation stops early): setAvail rebuilds the page.
	p.nodes()[0] = 10
	p.setAvail(3, 30)
	checkTree(t, p)
	if p.maxAvail() != 40 {
		t.Fatalf("root %d", p.maxAvail())
	}
}

func TestMapRecordVacuumSearch(t *testing.T) {
	for _, checksums := range []bool{false, true} {
		t.Run(fmt.Sprintf("checksums=%v", checksums), func(t *testing.T) {
			c := newTestCluster(t, checksums)
			m := c.newMap()
			createMain(t, m)
			if ok, err := m.Exists(testRel); err != nil || ok {
				t.Fatalf("Exists before use: %v %v", ok, err)
			}
			// Nothing recorded: no page, and no fork made by asking.
			if blk, err := m.GetPageWithFreeSpace(testRel, 100); err != nil || blk != storage.InvalidBlock {
				t.Fatalf("empty map: %d %v", blk, err)
			}
			if ok, _ := m.Exists(testRel); ok {
				t.Fatal("a search created the fork")
			}
			// Blocks on two bottom pages. Searches stay on one bottom page
			// while it has room, going round it.
			record := map[storage.BlockNumber]int{3: 200, 10: 4000, 4069 + 5: 8000, 4069 + 6: 100}
			for blk, avail := range record {
				if err := m.RecordPageWithFreeSpace(testRel, blk, avail); err != nil {
					t.Fatal(err)
				}
			}
			if n, err := m.files.NBlocks(testRel, storage.FSMFork); err != nil || n != 4 {
				t.Fatalf("fork length %d %v, want 4 (root, level 1, two leaves)", n, err)
			}
			for blk, avail := range record {
				if got, err := m.GetRecordedFreeSpace(testRel, blk); err != nil || got != avail/CatStep*CatStep {
					t.Fatalf("recorded for %d: %d %v", blk, got, err)
				}
			}
			// The upper levels do not know yet.
			if blk, _ := m.GetPageWithFreeSpace(testRel, 100); blk != storage.InvalidBlock {
				t.Fatalf("found %d before vacuum", blk)
			}
			if err := m.Vacuum(testRel, nil); err != nil {
				t.Fatal(err)
			}
			// Expected trees: the level-1 page has slots 0 and 1 at the
			// maxima of the two leaves, the root slot 0 their maximum.
			expectSlots(t, m, address{1, 0}, map[int]uint8{0: AvailToCategory(4000), 1: AvailToCategory(8000)})
			expectSlots(t, m, rootAddress, map[int]uint8{0: AvailToCategory(8000)})
			for _, c := range []struct {
				need int
				want storage.BlockNumber
			}{{100, 3}, {100, 10}, {100, 3}, {5000, 4069 + 5}, {8160, storage.InvalidBlock}} {
				blk, err := m.GetPageWithFreeSpace(testRel, c.need)
				if err != nil || blk != c.want {
					t.Fatalf("GetPageWithFreeSpace(%d) = %d %v, want %d", c.need, blk, err, c.want)
				}
			}
			// Block 10 turns out full: another one is offered, on the same
			// leaf page first.
			if err := m.RecordPageWithFreeSpace(testRel, 3, 3000); err != nil {
				t.Fatal(err)
			}
			blk, err := m.RecordAndGetPageWithFreeSpace(testRel, 10, 20, 2000)
			if err != nil || blk != 3 {
				t.Fatalf("RecordAndGet: %d %v", blk, err)
			}
			if got, _ := m.GetRecordedFreeSpace(testRel, 10); got != 0 {
				t.Fatalf("block 10 still has %d", got)
			}
			// Nothing on the first leaf: the search goes through the root.
			blk, err = m.RecordAndGetPageWithFreeSpace(testRel, 3, 0, 7000)
			if err != nil || blk != 4069+5 {
				t.Fatalf("RecordAndGet across pages: %d %v", blk, err)
			}
			if len(c.warnings) != 0 {
				t.Fatalf("warnings: %v", c.warnings)
			}
		})
	}
}

func createMain(t *testing.T, m *testMap) {
	t.Helper()
	if err := m.files.Create(testRel, storage.MainFork, false); err != nil {
		t.Fatal(err)
	}
}

// expectSlots checks the listed slots of the page at addr (others 0).
func expectSlots(t *testing.T, m *testMap, addr address, want map[int]uint8) {
	t.Helper()
	buf, err := m.readBuf(testRel, addr, false)
	if err != nil || !buf.Valid() {
		t.Fatalf("page %+v: %v", addr, err)
	}
	defer m.Pool.Release(buf)
	p := fsmPage(m.Pool.Page(buf))
	checkTree(t, p)
	for slot := 0; slot < SlotsPerPage; slot++ {
		if p.avail(slot) != want[slot] {
			t.Fatalf("page %+v slot %d = %d, want %d", addr, slot, p.avail(slot), want[slot])
		}
	}
}

// TestSearchFixesStaleUpperLevels: an upper entry promising more than
// the page below is corrected by the search that was misled.
func TestSearchFixesStaleUpperLevels(t *testing.T) {
	c := newTestCluster(t, false)
	m := c.newMap()
	createMain(t, m)
	if err := m.RecordPageWithFreeSpace(testRel, 4069+1, 8000); err != nil {
		t.Fatal(err)
	}
	if err := m.Vacuum(testRel, nil); err != nil {
		t.Fatal(err)
	}
	// The page fills up, and its entry is cleared only at the bottom:
	// the upper levels still promise 8000.
	leaf, slot := location(4069 + 1)
	if _, err := m.setAndSearch(testRel, leaf, slot, 0, 0); err != nil {
		t.Fatal(err)
	}
	if blk, err := m.GetPageWithFreeSpace(testRel, 5000); err != nil || blk != storage.InvalidBlock {
		t.Fatalf("found %d %v", blk, err)
	}
	expectSlots(t, m, address{1, 0}, map[int]uint8{})
	expectSlots(t, m, rootAddress, map[int]uint8{})
}

func TestTruncate(t *testing.T) {
	c := newTestCluster(t, false)
	m := c.newMap()
	createMain(t, m)
	for blk := storage.BlockNumber(0); blk < 9000; blk += 7 {
		if err := m.RecordPageWithFreeSpace(testRel, blk, 1000+int(blk%5000)); err != nil {
			t.Fatal(err)
		}
	}
	if err := m.Vacuum(testRel, nil); err != nil {
		t.Fatal(err)
	}
	if n, _ := m.files.NBlocks(testRel, storage.FSMFork); n != 5 {
		t.Fatalf("fork of %d pages, want 5", n)
	}
	// Cut the heap to 4100 blocks: the second leaf page keeps 31 slots.
	if err := m.TruncateRel(m.files, testRel, 4100, false); err != nil {
		t.Fatal(err)
	}
	if n, _ := m.files.NBlocks(testRel, storage.FSMFork); n != 4 {
		t.Fatalf("fork of %d pages after truncation, want 4", n)
	}
	for _, blk := range []storage.BlockNumber{4095, 4102, 4200} {
		got, err := m.GetRecordedFreeSpace(testRel, blk)
		want := 0
		if blk < 4100 && blk%7 == 0 {
			want = (1000 + int(blk%5000)) / CatStep * CatStep
		}
		if err != nil || got != want {
			t.Fatalf("block %d: %d %v, want %d", blk, got, err, want)
		}
	}
	// The upper level was fixed: no search leads past the new end.
	for i := 0; i < 2000; i++ {
		blk, err := m.GetPageWithFreeSpace(testRel, 1000)
		if err != nil || blk >= 4100 {
			t.Fatalf("search gave %d %v", blk, err)
		}
	}
	expectMax := AvailToCategory(1000 + 4095%5000)
	buf, _ := m.readBuf(testRel, address{1, 0}, false)
	if got := fsmPage(m.Pool.Page(buf)).avail(1); got != expectMax {
		t.Fatalf("level-1 entry of the cut leaf %d, want %d", got, expectMax)
	}
	m.Pool.Release(buf)
	// Cut at a page boundary: the leaf page goes entirely.
	if err := m.TruncateRel(m.files, testRel, 4069, false); err != nil {
		t.Fatal(err)
	}
	if n, _ := m.files.NBlocks(testRel, storage.FSMFork); n != 3 {
		t.Fatalf("fork of %d pages after truncation at a page boundary, want 3", n)
	}
	// Nothing to do when the map is already shorter.
	if nb, err := m.PrepareTruncateRel(testRel, 5000, false); err != nil || nb != storage.InvalidBlock {
		t.Fatalf("PrepareTruncateRel past the end: %d %v", nb, err)
	}
}

// TestDamagedPagesAreZeroed: with checksums, a page that fails
// verification reads as empty, with a warning, instead of an error; a
// zeroed page is initialised.
func TestDamagedPagesAreZeroed(t *testing.T) {
	c := newTestCluster(t, true)
	m := c.newMap()
	createMain(t, m)
	if err := m.RecordPageWithFreeSpace(testRel, 12, 4000); err != nil {
		t.Fatal(err)
	}
	if err := m.Vacuum(testRel, nil); err != nil {
		t.Fatal(err)
	}
	if err := m.Pool.FlushRelationBuffers(testRel); err != nil {
		t.Fatal(err)
	}
	for f := storage.MainFork; f <= storage.VisibilityMapFork; f++ {
		if err := m.Pool.DropRelationBuffers(testRel, f, 0); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(c.dir, testRel.Path(storage.FSMFork, 0))
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	data[2*storage.BlockSize+nodesOffset+nonLeafNodesPerPage+12] ^= 0xFF // flip the leaf of block 12
	data[0*storage.BlockSize+nodesOffset] = 0                            // and zero... the root's top node
	for i := storage.BlockSize; i < 2*storage.BlockSize; i++ {           // level 1 page: all zeroes
		data[i] = 0
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if got, err := m.GetRecordedFreeSpace(testRel, 12); err != nil || got != 0 {
		t.Fatalf("damaged leaf: %d %v", got, err)
	}
	if !slices.Contains(c.warnings, "invalid page in block 2 of relation base/5/16384_fsm; zeroing out page") {
		t.Fatalf("warnings %q", c.warnings)
	}
	// The map works again: record, vacuum, find.
	if err := m.RecordPageWithFreeSpace(testRel, 12, 4000); err != nil {
		t.Fatal(err)
	}
	if err := m.Vacuum(testRel, nil); err != nil {
		t.Fatal(err)
	}
	if blk, err := m.GetPageWithFreeSpace(testRel, 3000); err != nil || blk != 12 {
		t.Fatalf("after repair: %d %v", blk, err)
	}
}

// TestConcurrentMaps: several processes record and search at once; the
// map ends consistent and every search result was a block that had room
// recorded at some point.
func TestConcurrentMaps(t *testing.T) {
	c := newTestCluster(t, false)
	maps := []*testMap{c.newMap(), c.newMap(), c.newMap(), c.newMap()}
	createMain(t, maps[0])
	var wg sync.WaitGroup
	errs := make(chan error, len(maps))
	for i, m := range maps {
		wg.Add(1)
		go func(i int, m *testMap) {
			defer wg.Done()
			for j := 0; j < 400; j++ {
				blk := storage.BlockNumber((j*4 + i) % 692 * 13)
				if err := m.RecordPageWithFreeSpace(testRel, blk, 4096); err != nil {
					errs <- err
					return
				}
				if j%50 == 0 {
					if err := m.Vacuum(testRel, nil); err != nil {
						errs <- err
						return
					}
				}
				got, err := m.GetPageWithFreeSpace(testRel, 2000)
				if err != nil {
					errs <- err
					return
				}
				if got != storage.InvalidBlock && got%13 != 0 {
					errs <- fmt.Errorf("search gave block %d, never recorded", got)
					return
				}
			}
		}(i, m)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	m := maps[0]
	if err := m.Vacuum(testRel, nil); err != nil {
		t.Fatal(err)
	}
	n, _ := m.files.NBlocks(testRel, storage.FSMFork)
	for blk := storage.BlockNumber(0); blk < n; blk++ {
		buf, err := m.Pool.ReadBuffer(testRel, storage.FSMFork, blk)
		if err != nil {
			t.Fatal(err)
		}
		checkTree(t, fsmPage(m.Pool.Page(buf)))
		m.Pool.Release(buf)
	}
}

// TestReadsPostgreSQLMap: testdata/pg15_t_fsm is the free space map of
// a 406-page table after PostgreSQL 15's VACUUM and some updates
// (capture_pg15_maps.sh); pg15_t_fsm.expected is pg_freespace() of it.
// Every block's recorded space matches, every page's tree is sound, and
// our Vacuum leaves the leaves alone and the upper levels at their
// children's maxima.
func TestReadsPostgreSQLMap(t *testing.T) {
	data, err := os.ReadFile("testdata/pg15_t_fsm")
	if err != nil {
		t.Fatal(err)
	}
	want := readExpected(t, "testdata/pg15_t_fsm.expected")
	if len(data) != 3*storage.BlockSize || len(want) != 406 {
		t.Fatalf("reference: %d bytes, %d blocks", len(data), len(want))
	}
	for blk := 0; blk < 3; blk++ {
		p := fsmPage(data[blk*storage.BlockSize : (blk+1)*storage.BlockSize])
		if hp := page.Page(p); hp.Lower() != page.HeaderSize || hp.Upper() != storage.BlockSize || hp.Special() != storage.BlockSize || hp.PageSize() != storage.BlockSize || hp.LayoutVersion() != page.LayoutVersion {
			t.Fatalf("page %d header: %v", blk, hp)
		}
		checkTree(t, p)
	}
	leaf := fsmPage(data[2*storage.BlockSize:])
	for blk, avail := range want {
		if got := CategoryToAvail(leaf.avail(blk)); got != avail {
			t.Fatalf("block %d: category %d reads %d, pg_freespace says %d", blk, leaf.avail(blk), got, avail)
		}
	}
	// The same through a map over a data directory holding the file.
	c := newTestCluster(t, false)
	m := c.newMap()
	createMain(t, m)
	if err := os.WriteFile(filepath.Join(c.dir, testRel.Path(storage.FSMFork, 0)), data, 0o600); err != nil {
		t.Fatal(err)
	}
	for blk, avail := range want {
		if got, err := m.GetRecordedFreeSpace(testRel, storage.BlockNumber(blk)); err != nil || got != avail {
			t.Fatalf("block %d: %d %v, want %d", blk, got, err, avail)
		}
	}
	if err := m.Vacuum(testRel, nil); err != nil {
		t.Fatal(err)
	}
	leafMax := leaf.maxAvail()
	expectSlots(t, m, address{1, 0}, map[int]uint8{0: leafMax})
	expectSlots(t, m, rootAddress, map[int]uint8{0: leafMax})
	buf, _ := m.readBuf(testRel, address{0, 0}, false)
	got := fsmPage(m.Pool.Page(buf))
	for i := 0; i < nodesPerPage; i++ {
		if got.nodes()[i] != leaf.nodes()[i] {
			t.Fatalf("vacuum changed leaf page node %d", i)
		}
	}
	m.Pool.Release(buf)
	// A search finds the first block with the room asked for.
	first := -1
	for blk, avail := range want {
		if avail >= 8000 {
			first = blk
			break
		}
	}
	if blk, err := m.GetPageWithFreeSpace(testRel, 8000); err != nil || int(blk) != first {
		t.Fatalf("GetPageWithFreeSpace(8000) = %d %v, want %d", blk, err, first)
	}

	// Written by us: the same free space recorded in a fresh map gives
	// the same leaf page as PostgreSQL's (header and tree; fp_next_slot
	// is a search's hint), and the pages above hold its maximum.
	rel2 := storage.RelFileLocator{Spc: testRel.Spc, DB: testRel.DB, Rel: testRel.Rel + 1}
	if err := m.files.Create(rel2, storage.MainFork, false); err != nil {
		t.Fatal(err)
	}
	for blk, avail := range want {
		if err := m.RecordPageWithFreeSpace(rel2, storage.BlockNumber(blk), avail); err != nil {
			t.Fatal(err)
		}
	}
	if err := m.Vacuum(rel2, nil); err != nil {
		t.Fatal(err)
	}
	if err := m.Pool.FlushRelationBuffers(rel2); err != nil {
		t.Fatal(err)
	}
	ours, err := os.ReadFile(filepath.Join(c.dir, rel2.Path(storage.FSMFork, 0)))
	if err != nil || len(ours) != len(data) {
		t.Fatalf("our map: %d bytes, %v", len(ours), err)
	}
	theirs := data[2*storage.BlockSize : 3*storage.BlockSize]
	mine := ours[2*storage.BlockSize : 3*storage.BlockSize]
	if !bytes.Equal(mine[8:nextSlotOffset], theirs[8:nextSlotOffset]) || !bytes.Equal(mine[nodesOffset:], theirs[nodesOffset:]) {
		t.Fatal("our leaf page differs from PostgreSQL's")
	}
	for blk := 0; blk < 2; blk++ {
		p := fsmPage(ours[blk*storage.BlockSize : (blk+1)*storage.BlockSize])
		if p.avail(0) != leaf.maxAvail() || p.maxAvail() != leaf.maxAvail() || !bytes.Equal(p[8:nextSlotOffset], theirs[8:nextSlotOffset]) {
			t.Fatalf("our upper page %d: slot 0 %d root %d", blk, p.avail(0), p.maxAvail())
		}
	}
}

// readExpected reads "blkno|avail" lines.
func readExpected(t *testing.T, path string) []int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []int
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		parts := strings.Split(sc.Text(), "|")
		blk, _ := strconv.Atoi(parts[0])
		avail, err := strconv.Atoi(parts[1])
		if err != nil || blk != len(out) {
			t.Fatalf("bad line %q", sc.Text())
		}
		out = append(out, avail)
	}
	return out
}
