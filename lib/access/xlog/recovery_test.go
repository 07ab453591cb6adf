// Recovery tests: dispatch to resource managers, counters, redo errors,
// bad checkpoint pointers, shutdown and end-of-recovery checkpoints, and
// the redo helpers of redoutil.go.

package xlog

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/datadir"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage"
)

// recoverWith crashes c and recovers with rmgrs.
func (c *testCluster) recoverWith(rmgrs *RmgrTable) (*WAL, *RecoveryResult, error) {
	c.createShared()
	c.owners = nil
	w := c.open(rmgrs)
	res, err := w.Recover(context.Background())
	return w, res, err
}

func TestRecoveryDispatch(t *testing.T) {
	c := newCluster(t)
	w, _ := c.start()
	// Records before the redo point are not replayed.
	w.Insert(heapRecord(100, "before"))
	redo := w.BeginCheckpoint()
	w.Insert(heapRecord(102, "during"))
	cp := w.ControlFile().CheckPointCopy
	cp.Redo = datadir.LSN(redo)
	if _, err := w.LogCheckpoint(CheckpointOnline, cp); err != nil {
		t.Fatal(err)
	}
	var starts []LSN
	for i, xid := range []uint32{101, 105, 103} {
		if _, err := w.Insert(heapRecord(xid, "row"+itoa(i))); err != nil {
			t.Fatal(err)
		}
		starts = append(starts, w.LastRecPtr())
	}
	oid := NewRecord(RmgrXLOG, InfoNextOID)
	oid.SetMainData(binary.LittleEndian.AppendUint32(nil, 40000))
	w.Insert(oid)
	end, _ := w.Insert(heapRecord(104, "last"))
	w.Flush(end)

	var seen []string
	rmgrs := NewRmgrTable()
	rmgrs.Register(Rmgr{ID: RmgrHeap, Name: "Heap", Redo: func(rec *DecodedRecord) error {
		seen = append(seen, string(rec.MainData))
		if rec.Block(0) == nil || rec.Block(0).Rel != testRel || rec.EndLSN <= rec.LSN {
			t.Errorf("bad record at %s", rec.LSN)
		}
		return nil
	}})
	_, res, err := c.recoverWith(rmgrs)
	if err != nil {
		t.Fatal(err)
	}
	// Replay starts at the redo point, which precedes the checkpoint
	// record; the checkpoint and NEXTOID records are XLOG's.
	if res.RedoStart != redo || res.Records != 7 || strings.Join(seen, ",") != "during,row0,row1,row2,last" {
		t.Fatalf("redo from %s, %d records, heap saw %v", res.RedoStart, res.Records, seen)
	}
	if res.NextFullXID != 106 || res.NextOID != 40000 {
		t.Fatalf("next xid %d, next oid %d", res.NextFullXID, res.NextOID)
	}
	if res.EndOfLog != end {
		t.Fatalf("end of log %s, want %s", res.EndOfLog, end)
	}
}

func heapRecord(xid uint32, main string) *RecordBuilder {
	b := NewRecord(RmgrHeap, 0x00)
	b.SetXID(xid)
	b.RegisterBuffer(0, testRel, storage.MainFork, 0, nil, RegBufNoImage)
	b.RegisterBufData(0, []byte("tuple"))
	b.SetMainData([]byte(main))
	return b
}

func TestRecoveryErrors(t *testing.T) {
	c := newCluster(t)
	w, _ := c.start()
	end, _ := w.Insert(heapRecord(200, "x"))
	w.Flush(end)
	lsn := w.LastRecPtr()

	// No redo function for Heap.
	_, _, err := c.recoverWith(NewRmgrTable())
	pe := pgerr.As(err)
	if pe.Severity != pgerr.SeverityFatal || pe.Message != "resource manager with ID 10 not registered" {
		t.Fatalf("unregistered rmgr: %+v", pe)
	}
	// A failing redo function: FATAL with the record as context.
	rmgrs := NewRmgrTable()
	rmgrs.Register(Rmgr{ID: RmgrHeap, Name: "Heap", Identify: func(info uint8) string { return "INSERT" },
		Redo: func(*DecodedRecord) error { return pgerr.New(pgerr.DataCorrupted, "page is broken") }})
	_, _, err = c.recoverWith(rmgrs)
	pe = pgerr.As(err)
	if pe.Severity != pgerr.SeverityFatal || pe.Code != pgerr.DataCorrupted || pe.Where != "WAL redo at "+lsn.String()+" for Heap/INSERT" {
		t.Fatalf("redo failure: %+v", pe)
	}
	// Cancellation stops the redo loop.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	c.createShared()
	if _, err := c.open(rmgrs).Recover(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled recovery: %v", err)
	}
	// pg_control pointing at a record that is not a checkpoint.
	cf, _ := datadir.ReadControlFile(c.dir)
	cf.CheckPoint = datadir.LSN(lsn)
	datadir.WriteControlFile(c.dir, cf)
	_, _, err = c.recoverWith(rmgrs)
	if pe := pgerr.As(err); pe.Severity != pgerr.SeverityPanic || pe.Message != "could not locate a valid checkpoint record" ||
		!strings.Contains(c.logBuf.String(), "LOG:  invalid resource manager ID in checkpoint record") {
		t.Fatalf("bad checkpoint: %+v\n%s", pe, c.logBuf)
	}
	// ... or at nothing at all.
	cf.CheckPoint = datadir.LSN(end + 8192)
	datadir.WriteControlFile(c.dir, cf)
	_, _, err = c.recoverWith(rmgrs)
	if pe := pgerr.As(err); pe.Message != "could not locate a valid checkpoint record" ||
		!strings.Contains(c.logBuf.String(), "LOG:  invalid checkpoint record") {
		t.Fatalf("missing checkpoint: %+v\n%s", pe, c.logBuf)
	}
}

func TestShutdownAndEndOfRecoveryCheckpoints(t *testing.T) {
	c := newCluster(t)
	w, res := c.start()
	if res.Replayed || w.ControlFile().State != datadir.DBInProduction {
		t.Fatalf("fresh cluster: replayed %v, state %s", res.Replayed, w.ControlFile().State)
	}
	w.Insert(noopRecord(tagged(0, 0, 100)))
	if err := w.SetState(datadir.DBShutdowning); err != nil {
		t.Fatal(err)
	}
	shut, err := w.LogCheckpoint(CheckpointShutdown, w.ControlFile().CheckPointCopy)
	if err != nil {
		t.Fatal(err)
	}
	cf, err := datadir.ReadControlFile(c.dir)
	if err != nil || cf.State != datadir.DBShutdowned || LSN(cf.CheckPoint) != shut || LSN(cf.CheckPointCopy.Redo) != shut {
		t.Fatalf("pg_control after shutdown: %+v %v", cf, err)
	}
	if w.FlushedLSN() <= shut {
		t.Fatal("shutdown checkpoint not flushed")
	}
	// A clean restart replays nothing and continues after the checkpoint.
	c.logBuf.Reset()
	w2, res2, err := c.recoverWith(NewRmgrTable())
	if err != nil || res2.Replayed || res2.LastRecord != shut || !res2.WasShutdown {
		t.Fatalf("restart after shutdown: %+v %v", res2, err)
	}
	if !strings.Contains(c.logBuf.String(), "LOG:  database system was shut down at ") || strings.Contains(c.logBuf.String(), "redo starts") {
		t.Fatalf("log:\n%s", c.logBuf)
	}
	// Crash, recover, end-of-recovery checkpoint.
	w2.Insert(noopRecord(tagged(0, 1, 100)))
	end, _ := w2.Insert(noopRecord(tagged(0, 2, 100)))
	w2.Flush(end)
	c.logBuf.Reset()
	w3, res3, err := c.recoverWith(NewRmgrTable())
	if err != nil || !res3.Replayed || res3.Records != 2 || res3.RedoStart != res2.EndOfLog {
		t.Fatalf("crash recovery: %+v %v\n%s", res3, err, c.logBuf)
	}
	if w3.ControlFile().State != datadir.DBInCrashRecovery {
		t.Fatalf("state during recovery %s", w3.ControlFile().State)
	}
	eor, err := w3.LogCheckpoint(CheckpointEndOfRecovery, w3.ControlFile().CheckPointCopy)
	if err != nil {
		t.Fatal(err)
	}
	cf, _ = datadir.ReadControlFile(c.dir)
	if cf.State != datadir.DBInProduction || LSN(cf.CheckPoint) != eor {
		t.Fatalf("after end-of-recovery checkpoint: %s at %s", cf.State, LSN(cf.CheckPoint))
	}
	// The next crash starts from there: nothing to redo.
	c.logBuf.Reset()
	_, res4, err := c.recoverWith(NewRmgrTable())
	if err != nil || res4.Records != 0 || !strings.Contains(c.logBuf.String(), "LOG:  redo is not required") {
		t.Fatalf("after EOR checkpoint: %+v %v\n%s", res4, err, c.logBuf)
	}
}

// fakeBuffers is a RedoBufferSource over a map of pages.
type fakeBuffers struct {
	pages    map[storage.BlockNumber][]byte
	dirty    map[storage.BlockNumber]bool
	released int
}

type fakeBuf struct {
	f   *fakeBuffers
	blk storage.BlockNumber
}

func (b fakeBuf) Page() []byte { return b.f.pages[b.blk] }
func (b fakeBuf) MarkDirty()   { b.f.dirty[b.blk] = true }
func (b fakeBuf) Release()     { b.f.released++ }

func (f *fakeBuffers) ReadForRedo(rel storage.RelFileLocator, fork storage.ForkNumber, blk storage.BlockNumber, zero bool) (RedoBuffer, error) {
	if blk == 99 {
		return nil, nil
	}
	if f.pages[blk] == nil || zero {
		f.pages[blk] = make([]byte, BlockSize)
	}
	return fakeBuf{f, blk}, nil
}

func TestReadBufferForRedo(t *testing.T) {
	img := testPage(0x100, 100, 8000, 9)
	b := NewRecord(RmgrHeap, 0)
	b.RegisterBuffer(0, testRel, 0, 1, img, RegBufStandard|RegBufForceImage)
	b.RegisterBuffer(1, testRel, 0, 2, testPage(0x9000000, 100, 8000, 1), RegBufStandard)
	b.RegisterBufData(1, []byte("d"))
	b.RegisterBuffer(2, testRel, 0, 3, nil, RegBufWillInit)
	b.RegisterBuffer(3, testRel, 0, 99, nil, RegBufNoImage)
	raw, _ := build(t, b, 0x1000, true, 0)
	rec, err := decodeRecord(raw, 0x5000000)
	if err != nil {
		t.Fatal(err)
	}
	rec.EndLSN = 0x5000100
	f := &fakeBuffers{pages: map[storage.BlockNumber][]byte{}, dirty: map[storage.BlockNumber]bool{}}
	act, buf, err := ReadBufferForRedo(rec, 0, f)
	if err != nil || act != BlockRestored || !f.dirty[1] || pageLSN(buf.Page()) != rec.EndLSN || !bytes.Equal(buf.Page()[8:], img[8:]) {
		t.Fatalf("image: %v %v", act, err)
	}
	// Block 2's page is older than the record: redo needed; once it has
	// the record's LSN, the change is there already.
	f.pages[2] = testPage(0x4000000, 100, 200, 0)
	if act, _, _ := ReadBufferForRedo(rec, 1, f); act != BlockNeedsRedo {
		t.Fatalf("old page: %v", act)
	}
	setPageLSN(f.pages[2], rec.EndLSN)
	if act, _, _ := ReadBufferForRedo(rec, 1, f); act != BlockDone {
		t.Fatalf("page already replayed: %v", act)
	}
	if _, _, err := ReadBufferForRedo(rec, 2, f); err == nil {
		t.Fatal("WILL_INIT block read without zeroing")
	}
	if buf, err := InitBufferForRedo(rec, 2, f); err != nil || !bytes.Equal(buf.Page(), make([]byte, BlockSize)) {
		t.Fatalf("init: %v", err)
	}
	if _, err := InitBufferForRedo(rec, 1, f); err == nil {
		t.Fatal("zeroing a block without WILL_INIT allowed")
	}
	if act, buf, err := ReadBufferForRedo(rec, 3, f); err != nil || act != BlockNotFound || buf != nil {
		t.Fatalf("missing block: %v %v", act, err)
	}
	if _, _, err := ReadBufferForRedo(rec, 7, f); err == nil {
		t.Fatal("unknown block id accepted")
	}
	// An FPI record restores every block.
	fpi := NewRecord(RmgrXLOG, InfoFPI)
	fpi.RegisterBuffer(0, testRel, 0, 10, img, RegBufStandard|RegBufForceImage)
	fpi.RegisterBuffer(1, testRel, 0, 11, img, RegBufForceImage)
	raw, _ = build(t, fpi, 0, true, 0)
	rec, _ = decodeRecord(raw, 0x6000000)
	rec.EndLSN = 0x6000200
	f.released = 0
	if err := RedoFPI(rec, f); err != nil || f.released != 2 || pageLSN(f.pages[11]) != rec.EndLSN {
		t.Fatalf("RedoFPI: %v, released %d", err, f.released)
	}
}

func TestDataWriter(t *testing.T) {
	c := newCluster(t)
	w, res := c.start()
	var dw interface {
		Insert(rmgr, info uint8, xid uint32, data []byte) (storage.LSN, error)
		Flush(upTo storage.LSN) error
	} = w.DataWriter()
	end, err := dw.Insert(uint8(RmgrXact), 0x00, 733, []byte("commit!"))
	if err != nil {
		t.Fatal(err)
	}
	if err := dw.Flush(end); err != nil {
		t.Fatal(err)
	}
	recs, _ := readAll(t, c.dir, res.CheckpointLSN)
	if len(recs) != 2 || recs[1].Header.Rmid != RmgrXact || recs[1].Header.XID != 733 || string(recs[1].MainData) != "commit!" || recs[1].EndLSN != end {
		t.Fatalf("records %+v", recs)
	}
}
