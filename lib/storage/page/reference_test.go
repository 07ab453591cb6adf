// Tests against pages written by PostgreSQL 15 with data checksums
// (testdata/capture_pg15.sh made them).

package page

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage"
)

func readRef(t *testing.T, name string) Page {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name + ".page")
	if err != nil {
		t.Fatal(err)
	}
	if len(b) != Size {
		t.Fatalf("%s: %d bytes", name, len(b))
	}
	return Page(b)
}

// refPages are the captured pages and the block number each was read from.
var refPages = []struct {
	name    string
	blkno   storage.BlockNumber
	special int
}{
	{"heap_before_vacuum", 0, 0},
	{"heap_after_vacuum", 0, 0},
	{"btree_meta", 0, 16}, // BTPageOpaqueData
	{"btree_leaf", 1, 16},
	{"fsm", 0, 0},
}

func TestReferenceChecksums(t *testing.T) {
	for _, r := range refPages {
		p := readRef(t, r.name)
		if got, want := p.Checksum(r.blkno), p.StoredChecksum(); got != want {
			t.Errorf("%s: checksum %d, PostgreSQL stored %d", r.name, got, want)
		}
		if ok, w := p.Verify(r.blkno, VerifyChecksums); !ok || w != nil {
			t.Errorf("%s: Verify = %v, %v", r.name, ok, w)
		}
		if p.PageSize() != 8192 || p.LayoutVersion() != 4 || p.SpecialSize() != r.special {
			t.Errorf("%s: size %d version %d special %d", r.name, p.PageSize(), p.LayoutVersion(), p.SpecialSize())
		}
		// The checksum mixes in the block number: the same page elsewhere fails.
		if ok, w := p.Verify(r.blkno+1, VerifyChecksums); ok || w == nil {
			t.Errorf("%s: verified as block %d", r.name, r.blkno+1)
		}
		// SetChecksum on a copy with a wrong stored value restores it.
		c := Page(bytes.Clone(p))
		c.put16(offChecksum, 0xBEEF)
		c.SetChecksum(r.blkno)
		if !bytes.Equal(c, p) {
			t.Errorf("%s: SetChecksum wrote %d, want %d", r.name, c.StoredChecksum(), p.StoredChecksum())
		}
	}
}

func TestVerifyCorruption(t *testing.T) {
	p := readRef(t, "heap_before_vacuum")
	for _, pos := range []int{0, 9, 10, 100, 5000, Size - 1} {
		c := Page(bytes.Clone(p))
		c[pos] ^= 0x10
		ok, w := c.Verify(0, VerifyChecksums)
		if pos == 9 {
			// A flipped bit in pd_checksum itself: the computed sum is
			// unchanged, the stored one differs.
			if ok || w == nil {
				t.Fatalf("bit flip in pd_checksum not detected")
			}
			continue
		}
		if ok {
			t.Fatalf("bit flip at byte %d not detected", pos)
		}
		if w == nil || w.Code != pgerr.DataCorrupted || w.Severity != pgerr.SeverityWarning ||
			!strings.HasPrefix(w.Message, "page verification failed, calculated checksum ") ||
			!strings.HasSuffix(w.Message, " but expected 39779") {
			t.Fatalf("warning %+v", w)
		}
		// Without checksums only the header is checked: a data byte passes.
		ok, w = c.Verify(0, 0)
		if headerByte := pos < HeaderSize; ok == headerByte && pos != 0 || w != nil {
			t.Fatalf("byte %d without checksums: ok %v warning %v", pos, ok, w)
		}
		// ignore_checksum_failure accepts a sane header with a bad sum.
		if pos >= HeaderSize {
			if ok, w := c.Verify(0, VerifyChecksums|IgnoreChecksumFailure); !ok || w == nil {
				t.Fatalf("ignore_checksum_failure: ok %v warning %v", ok, w)
			}
		}
	}
	// A header that is not sane fails even with ignore_checksum_failure.
	c := Page(bytes.Clone(p))
	c.SetUpper(c.Lower() - 8)
	if ok, _ := c.Verify(0, VerifyChecksums|IgnoreChecksumFailure); ok {
		t.Fatal("insane header accepted")
	}
	c = Page(bytes.Clone(p))
	c.SetFlags(0x0100)
	c.SetChecksum(0)
	if ok, w := c.Verify(0, VerifyChecksums); ok || w != nil {
		t.Fatalf("unknown pd_flags bit: ok %v warning %v", ok, w)
	}
}

func TestVerifyNewPages(t *testing.T) {
	zero := make(Page, Size)
	if ok, w := zero.Verify(7, VerifyChecksums); !ok || w != nil {
		t.Fatalf("all-zero page: %v %v", ok, w)
	}
	zero.SetChecksum(7)
	if zero.StoredChecksum() != 0 {
		t.Fatal("SetChecksum wrote a checksum into a new page")
	}
	// pd_upper == 0 but something else set: PageIsNew, yet not all zeros,
	// so it is rejected as PostgreSQL does.
	zero[100] = 1
	if ok, _ := zero.Verify(7, VerifyChecksums); ok {
		t.Fatal("non-zero page with pd_upper 0 accepted")
	}
}

func TestInvalidPageErrors(t *testing.T) {
	rel := storage.RelFileLocator{Spc: storage.DefaultTablespace, DB: 5, Rel: 16384}
	e := InvalidPage(3, rel, storage.MainFork)
	if e.Message != "invalid page in block 3 of relation base/5/16384" || e.Code != "XX001" || e.Severity != pgerr.SeverityError {
		t.Fatalf("%+v", e)
	}
	e = InvalidPageZeroed(0, rel, storage.FSMFork)
	if e.Message != "invalid page in block 0 of relation base/5/16384_fsm; zeroing out page" || e.Severity != pgerr.SeverityWarning {
		t.Fatalf("%+v", e)
	}
}

// TestReferenceHeapLayout rebuilds PostgreSQL's heap page from its own
// tuples with AddItem: the line pointers, pd_lower, pd_upper and the tuple
// bytes must come out identical.
func TestReferenceHeapLayout(t *testing.T) {
	ref := readRef(t, "heap_before_vacuum")
	p := make(Page, Size)
	p.Init(0)
	for off := FirstOffset; off <= ref.MaxOffset(); off++ {
		if got := p.AddItem(ref.Item(off), InvalidOffset, false, true); got != off {
			t.Fatalf("AddItem gave offset %d, want %d", got, off)
		}
	}
	if p.Lower() != ref.Lower() || p.Upper() != ref.Upper() || p.Special() != ref.Special() {
		t.Fatalf("lower/upper/special %d/%d/%d, PostgreSQL %d/%d/%d",
			p.Lower(), p.Upper(), p.Special(), ref.Lower(), ref.Upper(), ref.Special())
	}
	if !bytes.Equal(p[HeaderSize:], ref[HeaderSize:]) {
		t.Fatal("line pointers or tuples differ from PostgreSQL's page")
	}
}

// TestReferenceRepairFragmentation replays VACUUM's effect on the line
// pointers: the items PostgreSQL left unused are made unused in the page
// before VACUUM, then RepairFragmentation must place the remaining tuples
// exactly where PostgreSQL did and cut the trailing unused line pointer.
func TestReferenceRepairFragmentation(t *testing.T) {
	before := readRef(t, "heap_before_vacuum")
	after := readRef(t, "heap_after_vacuum")
	p := Page(bytes.Clone(before))
	removed := 0
	for off := FirstOffset; off <= p.MaxOffset(); off++ {
		if off > after.MaxOffset() || !after.ItemId(off).IsUsed() {
			p.SetUnused(off)
			removed++
		}
	}
	if removed != 20 {
		t.Fatalf("expected 20 deleted rows, found %d", removed)
	}
	if err := p.RepairFragmentation(); err != nil {
		t.Fatal(err)
	}
	if p.Lower() != after.Lower() || p.Upper() != after.Upper() {
		t.Fatalf("lower/upper %d/%d, PostgreSQL %d/%d", p.Lower(), p.Upper(), after.Lower(), after.Upper())
	}
	for off := FirstOffset; off <= after.MaxOffset(); off++ {
		if p.ItemId(off) != after.ItemId(off) {
			t.Fatalf("line pointer %d: %v, PostgreSQL %v", off, p.ItemId(off), after.ItemId(off))
		}
		if after.ItemId(off).IsNormal() {
			// Same tuple, apart from the hint bits VACUUM set in
			// t_infomask (bytes 20-21 of the tuple header).
			a, b := p.Item(off), after.Item(off)
			if !bytes.Equal(a[:20], b[:20]) || !bytes.Equal(a[22:], b[22:]) {
				t.Fatalf("tuple %d moved wrongly", off)
			}
		}
	}
	if p.Flags()&HasFreeLines == 0 || after.Flags()&HasFreeLines == 0 {
		t.Fatalf("PD_HAS_FREE_LINES: ours %#x PostgreSQL %#x", p.Flags(), after.Flags())
	}
}
