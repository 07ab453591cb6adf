// Package sequence is the storage of sequences (the page-level half of
// PostgreSQL's commands/sequence.c): a sequence relation holds one page
// with one tuple (last_value, log_cnt, is_called) and the special-space
// magic 0x1717; nextval and setval change that tuple in place under the
// buffer's exclusive lock, outside any transaction, and WAL-log it as
// Sequence/LOG records (rmgr 15) that redo replays by rewriting the page.
//
// # Promises
//
//   - Values are never handed out twice, even across a crash: nextval
//     WAL-logs the state LogVals values ahead of what it returns (and after
//     each checkpoint), so redo restores a last_value at or beyond every
//     value any session received. Values logged ahead but never returned
//     are skipped after a crash, as in PostgreSQL.
//   - Changes are not transactional: a rolled-back transaction's values
//     stay used.
//   - A session's cached values (CACHE > 1) and its currval/lastval live in
//     the process's Env and die with it.
//
// # Caveats
//
// The caller makes the transaction that logged a value assign an xid (the
// assignXid hook), so that its commit flushes the WAL that covers the
// value, as PostgreSQL's GetTopTransactionId call does.
package sequence

import (
	"encoding/binary"

	"github.com/gpostgres/gpostgres/lib/access/tuple"
	"github.com/gpostgres/gpostgres/lib/access/xlog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/shmem"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/buffer"
	"github.com/gpostgres/gpostgres/lib/storage/page"
	"github.com/gpostgres/gpostgres/lib/types"
)

const (
	// Magic is the special-space word of a sequence page (SEQ_MAGIC).
	Magic uint32 = 0x1717
	// XLogSeqLog is the one record type of the Sequence resource manager.
	XLogSeqLog uint8 = 0x00
	// LogVals is how many values nextval logs ahead (SEQ_LOG_VALS).
	LogVals = 32
	// specialSize is MAXALIGN(sizeof(sequence_magic)).
	specialSize = 8
)

// Data is the sequence tuple: the last value handed out (or the next one,
// before the first nextval), the number of values logged ahead, and
// whether last_value was returned already.
type Data struct {
	LastValue int64
	LogCnt    int64
	IsCalled  bool
}

// Params is a sequence's definition (its pg_sequence row).
type Params struct {
	TypeOID   uint32 // int2, int4 or int8
	Start     int64
	Increment int64
	Max, Min  int64
	Cache     int64
	Cycle     bool
	// Unlogged: the sequence is unlogged (relpersistence 'u'): its page
	// changes are not WAL-logged; crash recovery resets it from its init
	// fork.
	Unlogged bool
}

// Desc is the sequence tuple's descriptor.
var Desc = func() *tuple.Desc {
	attrs := []tuple.Attr{
		tuple.AttrFor("last_value", types.OidInt8, -1),
		tuple.AttrFor("log_cnt", types.OidInt8, -1),
		tuple.AttrFor("is_called", types.OidBool, -1),
	}
	for i := range attrs {
		attrs[i].NotNull = true
	}
	return &tuple.Desc{Attrs: attrs}
}()

// WAL is what the sequence code needs of the write-ahead log.
type WAL interface {
	Insert(b *xlog.RecordBuilder) (storage.LSN, error)
	// RedoPoint is the redo pointer of the last checkpoint: a page not
	// logged since must be logged before it changes again.
	RedoPoint() storage.LSN
}

// Env is one process's sequence access: its buffer pool, WAL, and the
// per-session state of nextval (PostgreSQL's SeqTable).
type Env struct {
	Pool  *buffer.Pool
	WAL   WAL // nil: not logged (tests without WAL)
	Owner *shmem.Owner

	session map[uint32]*state
	last    *state
	rec     *xlog.RecordBuilder
}

// state is what a session knows of one sequence (SeqTableData).
type state struct {
	relid uint32
	// lastValid: last is the value this session's nextval last returned.
	lastValid bool
	last      int64
	// cached is the last value reserved for this session; values up to it
	// after last are handed out without touching the page.
	cached    int64
	increment int64
}

func (e *Env) stateOf(relid uint32) *state {
	if e.session == nil {
		e.session = map[uint32]*state{}
	}
	st := e.session[relid]
	if st == nil {
		st = &state{relid: relid}
		e.session[relid] = st
	}
	return st
}

// Discard forgets the session's sequence state (DISCARD SEQUENCES).
func (e *Env) Discard() {
	e.session = nil
	e.last = nil
}

// Forget drops one sequence's session state (its relation was dropped or
// rewritten, or ALTER SEQUENCE changed what cached values mean).
func (e *Env) Forget(relid uint32) {
	if st := e.session[relid]; st != nil {
		st.cached = st.last
	}
}

func errCorrupt(loc storage.RelFileLocator) error {
	return pgerr.Newf(pgerr.DataCorrupted, "bad magic number in sequence file %d/%d/%d", loc.Spc, loc.DB, loc.Rel)
}

// formTuple builds the stored tuple: frozen, as fill_seq_fork_with_data
// makes it.
func formTuple(d Data) ([]byte, error) {
	tup, err := tuple.Form(Desc, []types.Datum{types.Int(d.LastValue), types.Int(d.LogCnt), types.Bool(d.IsCalled)})
	if err != nil {
		return nil, err
	}
	h := tuple.Header(tup)
	h.SetXmin(2) // FrozenTransactionId
	h.SetXmax(0)
	h.SetCid(0)
	h.SetInfomask(h.Infomask() | tuple.XminFrozen | tuple.XmaxInvalid)
	h.SetCtid(0, uint16(page.FirstOffset))
	return tup, nil
}

// initPage writes a sequence page holding tup.
func initPage(p page.Page, tup []byte) error {
	p.Init(specialSize)
	binary.LittleEndian.PutUint32(p[p.Special():], Magic)
	if p.AddItem(tup, page.FirstOffset, false, true) != page.FirstOffset {
		return pgerr.New(pgerr.InternalError, "failed to add sequence tuple to page")
	}
	return nil
}

// readTuple returns the page's tuple, checking the magic.
func readTuple(p page.Page, loc storage.RelFileLocator) (tuple.Header, Data, error) {
	if p.Special() > len(p)-4 || binary.LittleEndian.Uint32(p[p.Special():]) != Magic || p.MaxOffset() < page.FirstOffset {
		return nil, Data{}, errCorrupt(loc)
	}
	tup := p.Item(page.FirstOffset)
	var vals [3]types.Datum
	if err := tuple.Deform(Desc, tup, vals[:]); err != nil {
		return nil, Data{}, err
	}
	return tuple.Header(tup), Data{LastValue: vals[0].Int(), LogCnt: vals[1].Int(), IsCalled: vals[2].Bool()}, nil
}

// writeData overwrites the page's tuple values in place (the tuple has
// fixed width).
func writeData(h tuple.Header, d Data) {
	b := []byte(h)[h.Hoff():]
	binary.LittleEndian.PutUint64(b[0:], uint64(d.LastValue))
	binary.LittleEndian.PutUint64(b[8:], uint64(d.LogCnt))
	if d.IsCalled {
		b[16] = 1
	} else {
		b[16] = 0
	}
}

// log WAL-logs the page as it will be after d: the tuple in the main data
// after the locator, the block re-initialized by redo (xl_seq_rec).
func (e *Env) log(loc storage.RelFileLocator, p page.Page, d Data, unlogged bool) error {
	if e.WAL == nil || loc.IsTemp() || unlogged {
		// A temporary sequence does not survive a crash, an unlogged one
		// is reset from its init fork: nothing to log.
		return nil
	}
	tup, err := formTuple(d)
	if err != nil {
		return err
	}
	if e.rec == nil {
		e.rec = xlog.NewRecord(xlog.RmgrSequence, XLogSeqLog)
	} else {
		e.rec.Reset(xlog.RmgrSequence, XLogSeqLog)
	}
	main := make([]byte, 12, 12+len(tup))
	binary.LittleEndian.PutUint32(main[0:], loc.Spc)
	binary.LittleEndian.PutUint32(main[4:], loc.DB)
	binary.LittleEndian.PutUint32(main[8:], loc.Rel)
	main = append(main, tup...)
	e.rec.SetMainData(main)
	e.rec.RegisterBuffer(0, loc, storage.MainFork, 0, p, xlog.RegBufWillInit)
	lsn, err := e.WAL.Insert(e.rec)
	if err != nil {
		return pgerr.As(err).WithSeverity(pgerr.SeverityPanic)
	}
	p.SetLSN(lsn)
	return nil
}

// Create fills a new, empty sequence relation with its first page
// (fill_seq_with_data), WAL-logged unless unlogged (whose init fork the
// caller fills with InitPage).
func (e *Env) Create(loc storage.RelFileLocator, d Data, unlogged bool) error {
	buf, blk, err := e.Pool.ExtendRelation(loc, storage.MainFork)
	if err != nil {
		return err
	}
	if blk != 0 {
		e.Pool.UnlockRelease(buf)
		return pgerr.Newf(pgerr.InternalError, "sequence relation %d already has data", loc.Rel)
	}
	return e.rewrite(buf, loc, d, unlogged)
}

// InitPage is the page a sequence starting at d holds: what an unlogged
// sequence's init fork keeps, so that crash recovery restarts it there.
func InitPage(d Data) ([]byte, error) {
	tup, err := formTuple(d)
	if err != nil {
		return nil, err
	}
	p := page.Page(make([]byte, page.Size))
	if err := initPage(p, tup); err != nil {
		return nil, err
	}
	return p, nil
}

// Reset rewrites a sequence's page with d (ALTER SEQUENCE ... RESTART,
// setval), WAL-logged unless unlogged.
func (e *Env) Reset(loc storage.RelFileLocator, d Data, unlogged bool) error {
	buf, err := e.Pool.ReadBuffer(loc, storage.MainFork, 0)
	if err != nil {
		return err
	}
	e.Pool.LockBuffer(buf, buffer.Exclusive)
	if _, _, err := readTuple(page.Page(e.Pool.Page(buf)), loc); err != nil {
		e.Pool.UnlockRelease(buf)
		return err
	}
	return e.rewrite(buf, loc, d, unlogged)
}

// rewrite initializes the locked page with d and logs it, releasing buf.
func (e *Env) rewrite(buf buffer.Buffer, loc storage.RelFileLocator, d Data, unlogged bool) error {
	tup, err := formTuple(d)
	if err != nil {
		e.Pool.UnlockRelease(buf)
		return err
	}
	p := page.Page(e.Pool.Page(buf))
	e.Owner.EnterCritical()
	if err := initPage(p, tup); err != nil {
		return pgerr.As(err).WithSeverity(pgerr.SeverityPanic)
	}
	e.Pool.MarkDirty(buf)
	if err := e.log(loc, p, d, unlogged); err != nil {
		return err
	}
	e.Owner.ExitCritical()
	e.Pool.UnlockRelease(buf)
	return nil
}

// Read returns the sequence's tuple (what SELECT * FROM seq shows and
// pg_sequence_last_value reads).
func (e *Env) Read(loc storage.RelFileLocator) (Data, error) {
	buf, err := e.Pool.ReadBuffer(loc, storage.MainFork, 0)
	if err != nil {
		return Data{}, err
	}
	e.Pool.LockBuffer(buf, buffer.Share)
	_, d, err := readTuple(page.Page(e.Pool.Page(buf)), loc)
	e.Pool.UnlockRelease(buf)
	return d, err
}

// Redo replays a Sequence record: the page is rebuilt from the tuple in
// the record (seq_redo).
func Redo(rec *xlog.DecodedRecord, src xlog.RedoBufferSource) error {
	if rec.Info()&^xlog.XLRInfoMask != XLogSeqLog {
		return pgerr.Newf(pgerr.InternalError, "seq_redo: unknown op code %d", rec.Info()).WithSeverity(pgerr.SeverityPanic)
	}
	if len(rec.MainData) < 12+tuple.HeaderSize {
		return pgerr.New(pgerr.DataCorrupted, "sequence WAL record is too short").WithSeverity(pgerr.SeverityPanic)
	}
	rb, err := xlog.InitBufferForRedo(rec, 0, src)
	if err != nil || rb == nil {
		return err
	}
	defer rb.Release()
	p := page.Page(rb.Page())
	tup := append([]byte(nil), rec.MainData[12:]...)
	if err := initPage(p, tup); err != nil {
		return err
	}
	p.SetLSN(rec.EndLSN)
	rb.MarkDirty()
	return nil
}

// RegisterRedo enters the Sequence resource manager (id 15) in t.
func RegisterRedo(t *xlog.RmgrTable, src xlog.RedoBufferSource) error {
	return t.Register(xlog.Rmgr{
		ID:       xlog.RmgrSequence,
		Name:     "Sequence",
		Redo:     func(rec *xlog.DecodedRecord) error { return Redo(rec, src) },
		Identify: func(info uint8) string { return "LOG" },
	})
}
