// Tests of record assembly and decoding: layout, CRC, full-page-image
// decisions, holes, SAME_REL, block data rules, malformed records.

package xlog

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage"
)

// build assembles b against redo and returns the finished record bytes.
func build(t *testing.T, b *RecordBuilder, redo LSN, fpw bool, prev LSN) ([]byte, *assembled) {
	t.Helper()
	var a assembled
	if err := b.assemble(&a, redo, fpw); err != nil {
		t.Fatal(err)
	}
	a.finish(prev)
	raw := a.recordBytes()
	if len(raw) != int(a.totLen) || binary.LittleEndian.Uint32(raw) != a.totLen {
		t.Fatalf("record length %d, header says %d", len(raw), binary.LittleEndian.Uint32(raw))
	}
	return raw, &a
}

func TestRecordCRCMatchesPostgres(t *testing.T) {
	// The CRC is CRC-32C of the payload followed by the header's first 20
	// bytes: equivalently of those bytes concatenated.
	b := NewRecord(RmgrHeap, 0x10)
	b.SetXID(1234)
	b.SetMainData([]byte("hello, wal"))
	raw, _ := build(t, b, 0, true, 0x1000028)
	want := crc32.Checksum(append(append([]byte{}, raw[RecordHeaderSize:]...), raw[:20]...), crc32.MakeTable(crc32.Castagnoli))
	if got := binary.LittleEndian.Uint32(raw[20:]); got != want {
		t.Fatalf("crc %08X, want %08X", got, want)
	}
	h := parseHeader(raw)
	if h.XID != 1234 || h.Prev != 0x1000028 || h.Info != 0x10 || h.Rmid != RmgrHeap || raw[18] != 0 || raw[19] != 0 {
		t.Fatalf("header %+v", h)
	}
	// Header 24 + short data header 2 + 10 bytes.
	if h.TotLen != 36 {
		t.Fatalf("tot_len %d", h.TotLen)
	}
}

func TestAssembleDecodeRoundTrip(t *testing.T) {
	redo := LSN(0x5000000)
	old := testPage(redo-100, 200, 7000, 1)   // logged before the redo point: needs an image
	fresh := testPage(redo+100, 200, 7000, 2) // logged after it: no image
	nonStd := testPage(redo-100, 200, 7000, 3)
	other := storage.RelFileLocator{Spc: 1663, DB: 5, Rel: 99999}
	long := bytes.Repeat([]byte("main"), 100) // 400 bytes: long data header

	b := NewRecord(RmgrHeap2, 0x30|XLRSpecialRelUpdate)
	b.SetXID(77)
	b.RegisterBuffer(0, testRel, storage.MainFork, 10, old, RegBufStandard)
	b.RegisterBufData(0, []byte("data-0"))
	b.RegisterBuffer(2, testRel, storage.MainFork, 11, fresh, RegBufStandard)
	b.RegisterBufData(2, []byte("data-2a"))
	b.RegisterBufData(2, []byte("-2b"))
	b.RegisterBuffer(3, other, storage.VisibilityMapFork, 12, nonStd, 0)
	b.RegisterBuffer(4, other, storage.FSMFork, 13, nil, RegBufWillInit)
	b.RegisterBufData(4, []byte("init"))
	b.RegisterBuffer(5, other, storage.MainFork, 14, old, RegBufStandard|RegBufKeepData)
	b.RegisterBufData(5, []byte("kept"))
	b.SetMainData(long[:200])
	b.AppendMainData(long[200:])
	raw, a := build(t, b, redo, true, 0x4000000)
	if a.nFPI != 3 {
		t.Fatalf("%d full-page images, want 3", a.nFPI)
	}
	if a.fpwLSN != redo+100 {
		t.Fatalf("fpwLSN %s", a.fpwLSN)
	}
	rec, err := decodeRecord(raw, 0x6000000)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Header.XID != 77 || rec.Header.Info != 0x31 || !bytes.Equal(rec.MainData, long) {
		t.Fatalf("header/main data: %+v, %d bytes", rec.Header, len(rec.MainData))
	}
	if len(rec.Blocks) != 6 || rec.Blocks[1].InUse {
		t.Fatalf("blocks: %d", len(rec.Blocks))
	}
	b0 := rec.Block(0)
	if !b0.HasImage || !b0.ApplyImage || b0.HasData || b0.HoleOffset != 200 || b0.HoleLength != 6800 || b0.Block != 10 || b0.Rel != testRel {
		t.Fatalf("block 0: %+v", *b0)
	}
	page := make([]byte, BlockSize)
	if err := RestoreBlockImage(b0, page); err != nil || !bytes.Equal(page, old) {
		t.Fatalf("restore block 0: %v", err)
	}
	b2 := rec.Block(2)
	if b2.HasImage || string(b2.Data) != "data-2a-2b" || b2.ForkFlags&BkpBlockSameRel == 0 || b2.Rel != testRel {
		t.Fatalf("block 2: %+v", *b2)
	}
	b3 := rec.Block(3)
	if !b3.HasImage || b3.BimgInfo&BkpImageHasHole != 0 || len(b3.Image) != BlockSize || b3.Fork != storage.VisibilityMapFork || b3.Rel != other {
		t.Fatalf("block 3: %+v", *b3)
	}
	if err := rec.RestoreBlockImage(3, page); err != nil || !bytes.Equal(page, nonStd) {
		t.Fatalf("restore block 3: %v", err)
	}
	b4 := rec.Block(4)
	if b4.HasImage || !b4.WillInit() || string(b4.Data) != "init" || b4.Fork != storage.FSMFork || b4.ForkFlags&BkpBlockSameRel == 0 {
		t.Fatalf("block 4: %+v", *b4)
	}
	b5 := rec.Block(5)
	if !b5.HasImage || string(b5.Data) != "kept" {
		t.Fatalf("block 5 (KEEP_DATA): %+v", *b5)
	}
	if err := rec.RestoreBlockImage(2, page); err == nil {
		t.Fatal("restoring a block without image succeeded")
	}
	if err := rec.RestoreBlockImage(1, page); err == nil {
		t.Fatal("restoring an unused block succeeded")
	}
}

func TestFullPageImageDecision(t *testing.T) {
	redo := LSN(0x3000000)
	cases := []struct {
		name    string
		pageLSN LSN
		flags   uint8
		fpw     bool
		image   bool
	}{
		{"older than redo", redo - 8, RegBufStandard, true, true},
		{"equal to redo", redo, RegBufStandard, true, true},
		{"newer than redo", redo + 8, RegBufStandard, true, false},
		{"full_page_writes off", redo - 8, RegBufStandard, false, false},
		{"forced", redo + 8, RegBufForceImage, false, true},
		{"no image", redo - 8, RegBufNoImage, true, false},
		{"will init", 0, RegBufWillInit, true, false},
		{"new page", 0, RegBufStandard, true, true},
	}
	for _, c := range cases {
		b := NewRecord(RmgrHeap, 0)
		b.RegisterBuffer(0, testRel, 0, 1, testPage(c.pageLSN, 100, 200, 1), c.flags)
		b.RegisterBufData(0, []byte("x"))
		var a assembled
		if err := b.assemble(&a, redo, c.fpw); err != nil {
			t.Fatal(err)
		}
		if (a.nFPI == 1) != c.image {
			t.Errorf("%s: image %v, want %v", c.name, a.nFPI == 1, c.image)
		}
		a.finish(0)
		rec, err := decodeRecord(a.recordBytes(), 0x1000)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		// Data travels only without an image (no KEEP_DATA here).
		if rec.Block(0).HasData == c.image {
			t.Errorf("%s: has data %v", c.name, rec.Block(0).HasData)
		}
	}
}

func TestBuilderErrors(t *testing.T) {
	b := NewRecord(RmgrHeap, 0x05)
	if b.err == nil || pgerr.As(b.err).Severity != pgerr.SeverityPanic {
		t.Fatal("bad info bits accepted")
	}
	b = NewRecord(RmgrHeap, 0)
	b.RegisterBuffer(XLRMaxBlockID+1, testRel, 0, 1, nil, RegBufNoImage)
	if b.err == nil || !strings.Contains(b.err.Error(), "too many registered buffers") {
		t.Fatalf("error %v", b.err)
	}
	b = NewRecord(RmgrHeap, 0)
	b.RegisterBuffer(0, testRel, 0, 1, nil, RegBufStandard)
	if b.err == nil {
		t.Fatal("nil page accepted where an image may be needed")
	}
	b = NewRecord(RmgrHeap, 0)
	b.RegisterBuffer(0, testRel, 0, 1, nil, RegBufNoImage)
	b.RegisterBufData(0, make([]byte, 70000))
	if b.err == nil || pgerr.CodeOf(b.err) != pgerr.ProgramLimitExceeded {
		t.Fatalf("oversized block data: %v", b.err)
	}
	b.Reset(RmgrHeap, 0)
	b.RegisterBufData(3, []byte("x"))
	if b.err == nil {
		t.Fatal("data for an unregistered block accepted")
	}
	// Reset clears the previous record entirely.
	b.Reset(RmgrXLOG, InfoNoop)
	raw, _ := build(t, b, 0, true, 0)
	if len(raw) != RecordHeaderSize {
		t.Fatalf("empty record is %d bytes", len(raw))
	}
}

func TestDecodeRejectsBadRecords(t *testing.T) {
	b := NewRecord(RmgrHeap, 0)
	b.RegisterBuffer(0, testRel, 0, 1, testPage(0, 100, 8000, 1), RegBufStandard)
	b.RegisterBuffer(1, testRel, 0, 2, nil, RegBufNoImage)
	b.RegisterBufData(1, []byte("abc"))
	b.SetMainData([]byte("main"))
	raw, _ := build(t, b, 0, true, 0)
	corrupt := func(off int, v byte) []byte {
		c := append([]byte{}, raw...)
		c[off] = v
		return c
	}
	hdr := RecordHeaderSize
	cases := []struct {
		raw  []byte
		want string
	}{
		{corrupt(hdr, 40), "invalid block_id 40"},
		{corrupt(hdr+1, BkpBlockHasData|BkpBlockHasImage), "BKPBLOCK_HAS_DATA set, but no data included"},
		{corrupt(hdr+4+4, 0), "BKPIMAGE_HAS_HOLE not set, but hole offset"}, // bimg_info without HAS_HOLE
		{raw[:len(raw)-1], "record with invalid length"},
	}
	for _, c := range cases {
		binary.LittleEndian.PutUint32(c.raw, uint32(len(c.raw)))
		_, err := decodeRecord(c.raw, 0x1000)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("want %q, got %v", c.want, err)
		}
	}
	// Block ids must ascend.
	two := append([]byte{}, raw...)
	two[hdr] = 1 // first block header now claims id 1, the second too
	if _, err := decodeRecord(two, 0x1000); err == nil || !strings.Contains(err.Error(), "out-of-order block_id 1") {
		t.Errorf("out-of-order ids: %v", err)
	}
	var de *decodeError
	if _, err := decodeRecord(raw[:len(raw)-1], 0); !errors.As(err, &de) {
		t.Errorf("decode error type %T", err)
	}
}

// FuzzDecodeRecord feeds mutated records to the decoder: it must reject
// or decode them, never panic, and decoded slices must lie in the record.
func FuzzDecodeRecord(f *testing.F) {
	b := NewRecord(RmgrHeap, 0)
	b.RegisterBuffer(0, testRel, 0, 1, testPage(0, 100, 8000, 1), RegBufStandard)
	b.RegisterBuffer(1, testRel, 0, 2, nil, RegBufNoImage)
	b.RegisterBufData(1, []byte("abc"))
	b.SetMainData([]byte("main"))
	var a assembled
	b.assemble(&a, 0, true)
	a.finish(0)
	f.Add(a.recordBytes())
	f.Add(make([]byte, 24))
	f.Fuzz(func(t *testing.T, raw []byte) {
		if len(raw) < RecordHeaderSize {
			return
		}
		binary.LittleEndian.PutUint32(raw, uint32(len(raw)))
		rec, err := decodeRecord(raw, 0x1000)
		if err != nil {
			return
		}
		page := make([]byte, BlockSize)
		for i := range rec.Blocks {
			if rec.Blocks[i].InUse && rec.Blocks[i].HasImage {
				RestoreBlockImage(&rec.Blocks[i], page)
			}
		}
	})
}
