// Tests of LSN arithmetic: byte positions, page and segment boundaries,
// file names.

package xlog

import (
	"math/rand"
	"testing"
)

func TestBytePosRoundTrip(t *testing.T) {
	// Known points: the first usable byte of segment 1 is just after its
	// long header; the first byte of its second page after a short one.
	if got := bytePosToRecPtr(recPtrToBytePos(FirstCheckpointLSN)); got != FirstCheckpointLSN {
		t.Fatalf("first checkpoint LSN round trip: %s", got)
	}
	segStart := recPtrToBytePos(SegmentStart(1))
	if got := bytePosToRecPtr(segStart); got != SegmentStart(1)+LongPageHeaderSize {
		t.Fatalf("segment start maps to %s", got)
	}
	if got := bytePosToEndRecPtr(segStart); got != SegmentStart(1) {
		t.Fatalf("segment start as end maps to %s", got)
	}
	p2 := recPtrToBytePos(SegmentStart(1) + PageSize)
	if p2-segStart != PageSize-LongPageHeaderSize {
		t.Fatalf("first page holds %d usable bytes", p2-segStart)
	}
	if got := bytePosToRecPtr(p2); got != SegmentStart(1)+PageSize+ShortPageHeaderSize {
		t.Fatalf("second page start maps to %s", got)
	}
	if got := bytePosToEndRecPtr(p2); got != SegmentStart(1)+PageSize {
		t.Fatalf("second page start as end maps to %s", got)
	}
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 200000; i++ {
		pos := uint64(rng.Int63n(1 << 40))
		lsn := bytePosToRecPtr(pos)
		off := int(uint64(lsn) % PageSize)
		if off < pageHeaderSizeAt(pageStart(lsn)) {
			t.Fatalf("pos %d maps into a page header: %s", pos, lsn)
		}
		if back := recPtrToBytePos(lsn); back != pos {
			t.Fatalf("pos %d -> %s -> %d", pos, lsn, back)
		}
		end := bytePosToEndRecPtr(pos)
		if end != lsn && !(uint64(end)%PageSize == 0 && lsn == end+LSN(pageHeaderSizeAt(end))) {
			t.Fatalf("end pointer %s for pos %d (rec ptr %s)", end, pos, lsn)
		}
		if back := recPtrToBytePos(end); back != pos {
			t.Fatalf("end %s -> %d, want %d", end, back, pos)
		}
	}
}

func TestFileNames(t *testing.T) {
	cases := []struct {
		tli   uint32
		segno uint64
		name  string
	}{
		{1, 1, "000000010000000000000001"},
		{1, 255, "0000000100000000000000FF"},
		{1, 256, "000000010000000100000000"},
		{2, 0x1234, "000000020000001200000034"},
	}
	for _, c := range cases {
		if got := FileName(c.tli, c.segno); got != c.name {
			t.Errorf("FileName(%d,%d) = %s, want %s", c.tli, c.segno, got, c.name)
		}
		tli, segno, ok := ParseFileName(c.name)
		if !ok || tli != c.tli || segno != c.segno {
			t.Errorf("ParseFileName(%s) = %d %d %v", c.name, tli, segno, ok)
		}
	}
	for _, bad := range []string{"000000010000000000000001.partial", "00000002.history", "xlogtemp.1", "0000000100000000000001FF", "00000001000000000000000g"} {
		if _, _, ok := ParseFileName(bad); ok {
			t.Errorf("ParseFileName accepted %q", bad)
		}
	}
	if SegNo(0x1FFFFFF) != 1 || SegNo(0x2000000) != 2 {
		t.Fatal("SegNo")
	}
}
