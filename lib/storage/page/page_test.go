// Unit tests of the page layout, line pointers, AddItem's rules, free
// space and compaction.

package page

import (
	"bytes"
	"errors"
	"testing"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage"
)

func newPage(special int) Page {
	p := make(Page, Size)
	for i := range p {
		p[i] = 0xAA // Init must clear everything
	}
	p.Init(special)
	return p
}

func TestInitAndHeader(t *testing.T) {
	p := newPage(13)
	want := []byte{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 24, 0, 0xF0, 0x1F, 0xF0, 0x1F, 0x04, 0x20, 0, 0, 0, 0}
	if !bytes.Equal(p[:HeaderSize], want) {
		t.Fatalf("header % x, want % x", p[:HeaderSize], want)
	}
	if p.SpecialSize() != 16 || len(p.SpecialSpace()) != 16 || p.IsNew() || !p.IsEmpty() || p.MaxOffset() != 0 {
		t.Fatalf("special %d new %v empty %v max %d", p.SpecialSize(), p.IsNew(), p.IsEmpty(), p.MaxOffset())
	}
	for _, b := range p[HeaderSize:] {
		if b != 0 {
			t.Fatal("Init left garbage")
		}
	}
	p.SetLSN(storage.LSN(0x00000001_16B37480))
	if !bytes.Equal(p[0:8], []byte{1, 0, 0, 0, 0x80, 0x74, 0xB3, 0x16}) || p.LSN() != 0x116B37480 {
		t.Fatalf("pd_lsn bytes % x, LSN %s", p[0:8], p.LSN())
	}
	p.SetPruneXid(0x01020304)
	if !bytes.Equal(p[20:24], []byte{4, 3, 2, 1}) {
		t.Fatalf("pd_prune_xid % x", p[20:24])
	}
	p.SetAllVisible(true)
	p.SetFull(true)
	p.SetFull(false)
	if p.Flags() != AllVisible || !p.IsAllVisible() || p.IsFull() {
		t.Fatalf("flags %#x", p.Flags())
	}
	if !newPage(0).headerSane() {
		t.Fatal("fresh page not sane")
	}
	if make(Page, Size).IsNew() != true {
		t.Fatal("zero page not new")
	}
}

func TestItemIdLayout(t *testing.T) {
	// lp_off 8160, LP_NORMAL, lp_len 30, as read from a PostgreSQL page:
	// the word 0x003d9fe0 is 8160 | 1<<15 | 30<<17.
	id := MakeItemId(8160, LPNormal, 30)
	if uint32(id) != 8160|1<<15|30<<17 {
		t.Fatalf("%#x", uint32(id))
	}
	if id.Off() != 8160 || id.Len() != 30 || !id.IsNormal() || !id.IsUsed() || !id.HasStorage() {
		t.Fatal(id)
	}
	r := MakeItemId(7, LPRedirect, 0)
	if !r.IsRedirect() || r.RedirectTarget() != 7 || r.HasStorage() {
		t.Fatal(r)
	}
	if ItemId(0).IsUsed() || !MakeItemId(0, LPDead, 0).IsDead() {
		t.Fatal("unused/dead")
	}
	max := MakeItemId(0x7FFF, 3, 0x7FFF)
	if uint32(max) != 0xFFFFFFFF || max.Off() != 0x7FFF || max.Len() != 0x7FFF {
		t.Fatal(max)
	}
}

func item(n int, fill byte) []byte { return bytes.Repeat([]byte{fill}, n) }

func TestAddItemAppendAndAlign(t *testing.T) {
	p := newPage(0)
	off := p.AddItem(item(30, 'a'), InvalidOffset, false, true)
	if off != 1 || p.Lower() != 28 || p.Upper() != Size-32 {
		t.Fatalf("off %d lower %d upper %d", off, p.Lower(), p.Upper())
	}
	if id := p.ItemId(1); id.Off() != Size-32 || id.Len() != 30 || !id.IsNormal() {
		t.Fatal(id)
	}
	if !bytes.Equal(p.Item(1), item(30, 'a')) {
		t.Fatal("item bytes")
	}
	if p.AddItem(item(8, 'b'), InvalidOffset, false, true) != 2 || p.Upper() != Size-40 {
		t.Fatal("second item")
	}
	if p.FreeSpace() != Size-40-32-4 || p.ExactFreeSpace() != Size-40-32 {
		t.Fatalf("free %d exact %d", p.FreeSpace(), p.ExactFreeSpace())
	}
}

func TestAddItemNoRoomBoundary(t *testing.T) {
	p := newPage(0)
	// Leave exactly room for one line pointer and a 64-byte item.
	big := Size - HeaderSize - 4 - 4 - 64
	if p.AddItem(item(big, 'x'), InvalidOffset, false, false) != 1 {
		t.Fatal("big item refused")
	}
	if p.FreeSpace() != 64 {
		t.Fatalf("free space %d", p.FreeSpace())
	}
	before := bytes.Clone(p)
	if p.AddItem(item(65, 'y'), InvalidOffset, false, false) != InvalidOffset || !bytes.Equal(before, p) {
		t.Fatal("item larger than the free space accepted, or the refusal changed the page")
	}
	// 57 bytes take 64 with MAXALIGN: an exact fit.
	if p.AddItem(item(57, 'y'), InvalidOffset, false, false) != 2 || p.FreeSpace() != 0 || p.ExactFreeSpace() != 0 {
		t.Fatalf("exact fit refused; free %d", p.FreeSpace())
	}
}

func TestAddItemReuseAndOverwrite(t *testing.T) {
	p := newPage(0)
	for i := 0; i < 4; i++ {
		p.AddItem(item(16, byte('a'+i)), InvalidOffset, false, true)
	}
	p.SetUnused(2)
	// Without the hint the free line pointer is not looked for.
	if off := p.AddItem(item(8, 'e'), InvalidOffset, false, true); off != 5 {
		t.Fatalf("no hint: offset %d", off)
	}
	p.SetHasFreeLinePointers(true)
	if off := p.AddItem(item(8, 'f'), InvalidOffset, false, true); off != 2 {
		t.Fatalf("hint: offset %d", off)
	}
	// The hint is now wrong: the next add clears it and appends.
	if off := p.AddItem(item(8, 'g'), InvalidOffset, false, true); off != 6 || p.HasFreeLinePointers() {
		t.Fatalf("stale hint: offset %d flag %v", off, p.HasFreeLinePointers())
	}
	// Overwrite: refused on a used line pointer, allowed on an unused one
	// and one past the end, refused further out.
	if p.AddItem(item(8, 'h'), 3, true, true) != InvalidOffset {
		t.Fatal("overwrote a used line pointer")
	}
	p.SetUnused(3)
	if p.AddItem(item(8, 'h'), 3, true, true) != 3 || p.MaxOffset() != 6 {
		t.Fatal("overwrite of an unused line pointer")
	}
	if p.AddItem(item(8, 'i'), 7, true, true) != 7 || p.AddItem(item(8, 'j'), 9, true, true) != InvalidOffset {
		t.Fatal("overwrite at the end / beyond")
	}
	// A dead line pointer with storage may not be overwritten.
	p.MarkDead(7)
	if p.AddItem(item(8, 'k'), 7, true, true) != InvalidOffset {
		t.Fatal("overwrote a dead item with storage")
	}
}

func TestAddItemShuffle(t *testing.T) {
	p := newPage(16)
	p.AddItem([]byte("first..."), InvalidOffset, false, false)
	p.AddItem([]byte("third..."), InvalidOffset, false, false)
	if off := p.AddItem([]byte("second.."), 2, false, false); off != 2 {
		t.Fatalf("insert at 2 gave %d", off)
	}
	for i, want := range []string{"first...", "second..", "third..."} {
		if got := string(p.Item(OffsetNumber(i + 1))); got != want {
			t.Fatalf("item %d = %q, want %q", i+1, got, want)
		}
	}
	if p.Upper() != Size-16-24 || p.Lower() != HeaderSize+12 {
		t.Fatalf("lower %d upper %d", p.Lower(), p.Upper())
	}
}

func TestHeapLinePointerLimit(t *testing.T) {
	if MaxHeapTuplesPerPage != 291 || MaxIndexTuplesPerPage != 408 || MaxOffsetNumber != 2048 {
		t.Fatal(MaxHeapTuplesPerPage, MaxIndexTuplesPerPage, MaxOffsetNumber)
	}
	p := newPage(0)
	for i := 1; i <= MaxHeapTuplesPerPage; i++ {
		if off := p.AddItem(nil, InvalidOffset, false, true); int(off) != i {
			t.Fatalf("item %d got %d", i, off)
		}
	}
	if p.AddItem(nil, InvalidOffset, false, true) != InvalidOffset {
		t.Fatal("more than MaxHeapTuplesPerPage line pointers on a heap page")
	}
	if p.HeapFreeSpace() != 0 || p.FreeSpace() == 0 {
		t.Fatalf("heap free %d free %d", p.HeapFreeSpace(), p.FreeSpace())
	}
	p.SetUnused(100)
	if p.HeapFreeSpace() != 0 {
		t.Fatal("HeapFreeSpace ignored a clear PD_HAS_FREE_LINES")
	}
	p.SetHasFreeLinePointers(true)
	if p.HeapFreeSpace() != p.FreeSpace() {
		t.Fatal("free line pointer not seen")
	}
	if p.AddItem(nil, InvalidOffset, false, true) != 100 {
		t.Fatal("free line pointer not reused")
	}
	if p.HeapFreeSpace() != 0 {
		t.Fatal("wrong hint believed")
	}
	// Not a heap page: no such limit.
	if p.AddItem(nil, InvalidOffset, false, false) != MaxHeapTuplesPerPage+1 {
		t.Fatal("index page limited to MaxHeapTuplesPerPage")
	}
}

func TestAddItemCorruptPanics(t *testing.T) {
	p := newPage(0)
	p.SetLower(10)
	defer func() {
		var pe *pgerr.Error
		err, _ := recover().(error)
		if !errors.As(err, &pe) || pe.Severity != pgerr.SeverityPanic || pe.Code != pgerr.DataCorrupted ||
			pe.Message != "corrupted page pointers: lower = 10, upper = 8192, special = 8192" {
			t.Fatalf("recovered %v", err)
		}
	}()
	p.AddItem(item(8, 'a'), InvalidOffset, false, true)
}

func TestRepairFragmentation(t *testing.T) {
	p := newPage(0)
	for i := 0; i < 6; i++ {
		p.AddItem(item(10+i, byte('a'+i)), InvalidOffset, false, true)
	}
	p.SetUnused(2)
	p.SetDead(4)        // dead without storage
	p.SetRedirect(5, 3) // redirect: no storage
	p.SetUnused(6)      // trailing: cut from the array
	if err := p.RepairFragmentation(); err != nil {
		t.Fatal(err)
	}
	if p.MaxOffset() != 5 || !p.HasFreeLinePointers() {
		t.Fatalf("max %d hint %v", p.MaxOffset(), p.HasFreeLinePointers())
	}
	if p.Upper() != Size-16-16 {
		t.Fatalf("upper %d", p.Upper())
	}
	if !bytes.Equal(p.Item(1), item(10, 'a')) || !bytes.Equal(p.Item(3), item(12, 'c')) ||
		p.ItemId(1).Off() != Size-16 || p.ItemId(3).Off() != Size-32 {
		t.Fatal("live tuples not compacted in line pointer order")
	}
	if !p.ItemId(4).IsDead() || p.ItemId(5).RedirectTarget() != 3 {
		t.Fatal("dead/redirect line pointers changed")
	}

	// Tuples out of physical order (an index-like page): placed in line
	// pointer order, through the scratch copy, without clobbering.
	q := newPage(0)
	q.AddItem(item(24, 'x'), InvalidOffset, false, false)
	q.AddItem(item(40, 'y'), InvalidOffset, false, false)
	q.AddItem(item(8, 'z'), 1, false, false) // shuffles: z is item 1, physically lowest
	if err := q.RepairFragmentation(); err != nil {
		t.Fatal(err)
	}
	for off, want := range map[OffsetNumber][]byte{1: item(8, 'z'), 2: item(24, 'x'), 3: item(40, 'y')} {
		if !bytes.Equal(q.Item(off), want) {
			t.Fatalf("item %d = %q", off, q.Item(off))
		}
	}
	if q.ItemId(1).Off() != Size-8 || q.Upper() != Size-72 || q.HasFreeLinePointers() {
		t.Fatal("out-of-order compaction")
	}

	// Everything unused: the page is reset, one line pointer... none kept.
	r := newPage(0)
	r.AddItem(item(8, 'a'), InvalidOffset, false, true)
	r.SetUnused(1)
	if err := r.RepairFragmentation(); err != nil || r.Upper() != Size || r.MaxOffset() != 0 {
		t.Fatalf("empty page: %v upper %d max %d", err, r.Upper(), r.MaxOffset())
	}
}

func TestRepairFragmentationCorrupt(t *testing.T) {
	p := newPage(0)
	p.AddItem(item(8, 'a'), InvalidOffset, false, true)
	p.SetItemId(1, MakeItemId(100, LPNormal, 8)) // below pd_upper
	before := bytes.Clone(p)
	err := p.RepairFragmentation()
	if err == nil || err.Code != pgerr.DataCorrupted || err.Message != "corrupted line pointer: 100" || !bytes.Equal(before, p) {
		t.Fatalf("%v", err)
	}
	p.SetUpper(4)
	if err := p.RepairFragmentation(); err == nil || err.Message != "corrupted page pointers: lower = 28, upper = 4, special = 8192" {
		t.Fatalf("%v", err)
	}
}

func TestTruncateLinePointerArray(t *testing.T) {
	p := newPage(0)
	for i := 0; i < 5; i++ {
		p.AddItem(item(8, 'a'), InvalidOffset, false, true)
	}
	p.SetUnused(2)
	p.SetUnused(4)
	p.SetUnused(5)
	p.TruncateLinePointerArray()
	if p.MaxOffset() != 3 || !p.HasFreeLinePointers() {
		t.Fatalf("max %d hint %v", p.MaxOffset(), p.HasFreeLinePointers())
	}
	p.SetUnused(1)
	p.SetUnused(3)
	p.TruncateLinePointerArray()
	// The first line pointer is never cut; being unused it sets the hint.
	if p.MaxOffset() != 1 || !p.HasFreeLinePointers() {
		t.Fatalf("all unused: max %d hint %v", p.MaxOffset(), p.HasFreeLinePointers())
	}
}

func TestItemIdBounds(t *testing.T) {
	p := newPage(0)
	defer func() {
		if recover() == nil {
			t.Fatal("ItemId beyond MaxOffset did not panic")
		}
	}()
	p.ItemId(1)
}

func BenchmarkChecksum(b *testing.B) {
	p := newPage(0)
	for i := range p[HeaderSize:] {
		p[HeaderSize+i] = byte(i * 7)
	}
	b.SetBytes(Size)
	for b.Loop() {
		p.SetChecksum(42)
	}
}
