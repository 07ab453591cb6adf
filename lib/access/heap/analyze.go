// ANALYZE's reading of a heap (heapam_scan_analyze_next_block and
// heapam_scan_analyze_next_tuple of heapam_handler.c): blocks chosen by
// the caller are read under a share lock, every tuple is classified as
// HeapTupleSatisfiesVacuum does, live and dead rows are counted, and the
// tuples ANALYZE samples are handed to the caller as raw bytes, which it
// copies if it keeps them. No snapshot is involved: ANALYZE samples every
// row that is live now, plus those its own transaction inserted.

package heap

import (
	"github.com/gpostgres/gpostgres/lib/access/toast"
	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/access/tuple"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/buffer"
	"github.com/gpostgres/gpostgres/lib/storage/page"
	"github.com/gpostgres/gpostgres/lib/types"
)

// vacuumState is HTSV_Result without the distinction between DEAD and
// RECENTLY_DEAD, which ANALYZE counts alike (there is no vacuum horizon
// here: nothing prunes or freezes yet).
type vacuumState int8

const (
	tupleLive vacuumState = iota
	tupleDead
	tupleInsertInProgress
	tupleDeleteInProgress
)

// satisfiesVacuum is HeapTupleSatisfiesVacuum without a horizon, as
// ANALYZE counts rows. The caller holds the
// buffer's content lock; hint bits may be set.
func (e *Env) satisfiesVacuum(h tuple.Header, buf buffer.Buffer, cur transam.CurrentXids) (vacuumState, error) {
	m := h.Infomask()
	if !xminCommitted(h) {
		if xminInvalid(h) {
			return tupleDead, nil
		}
		xmin := rawXmin(h)
		switch {
		case m&heapMoved != 0:
			return tupleDead, nil
		case cur.Contains(xmin):
			if m&tuple.XmaxInvalid != 0 || xmaxIsLockedOnly(m) {
				return tupleInsertInProgress, nil
			}
			if cur.Contains(e.updateXid(h)) {
				return tupleDeleteInProgress, nil
			}
			// deleting subtransaction must have aborted
			return tupleInsertInProgress, nil
		}
		running, committed, err := e.xidStatus(xmin)
		switch {
		case err != nil:
			return tupleDead, err
		case running:
			return tupleInsertInProgress, nil
		case !committed:
			e.setHintBits(h, buf, tuple.XminInvalid, transam.InvalidTransactionId)
			return tupleDead, nil
		}
		e.setHintBits(h, buf, tuple.XminCommitted, xmin)
	}
	// The inserter committed.
	m = h.Infomask()
	if m&tuple.XmaxInvalid != 0 || xmaxIsLockedOnly(m) {
		return tupleLive, nil
	}
	if xmaxIsMulti(m) {
		// Only the updating member matters (HeapTupleSatisfiesVacuum).
		xmax, err := e.updateXidErr(h)
		if err != nil {
			return tupleDead, err
		}
		running, committed, err := e.xidStatus(xmax)
		switch {
		case err != nil:
			return tupleDead, err
		case running || cur.Contains(xmax):
			return tupleDeleteInProgress, nil
		case !committed:
			return tupleLive, nil
		}
		return tupleDead, nil
	}
	if m&tuple.XmaxCommitted == 0 {
		xmax := rawXmax(h)
		running, committed, err := e.xidStatus(xmax)
		switch {
		case err != nil:
			return tupleDead, err
		case running || cur.Contains(xmax):
			return tupleDeleteInProgress, nil
		case !committed:
			e.setHintBits(h, buf, tuple.XmaxInvalid, transam.InvalidTransactionId)
			return tupleLive, nil
		}
		e.setHintBits(h, buf, tuple.XmaxCommitted, xmax)
	}
	return tupleDead, nil
}

// xidStatus says whether xid is still running and, if not, whether it
// committed (TransactionIdIsInProgress, then TransactionIdDidCommit).
func (e *Env) xidStatus(xid transam.TransactionId) (running, committed bool, err error) {
	if running, err = e.inProgress(xid); err != nil || running {
		return running, false, err
	}
	committed, err = e.didCommit(xid)
	return false, committed, err
}

// AnalyzeScan reads chosen blocks of a relation for ANALYZE. It is used
// by one goroutine, with its Env.
type AnalyzeScan struct {
	env      *Env
	rel      *Relation
	cur      transam.CurrentXids
	deformer *tuple.Deformer
	arena    tuple.Arena
	toasted  []tuple.Toasted
	// strategy is the BAS_VACUUM ring the blocks are read through (nil
	// for a temporary relation, in local buffers).
	strategy *buffer.Strategy
}

// BeginAnalyzeScan starts reading rel for ANALYZE as the transaction
// whose own ids are cur (table_beginscan_analyze).
func BeginAnalyzeScan(env *Env, rel *Relation, cur transam.CurrentXids) *AnalyzeScan {
	s := &AnalyzeScan{env: env, rel: rel, cur: cur, deformer: tuple.NewDeformer(rel.Desc, nil)}
	if !rel.Locator.IsTemp() {
		s.strategy = env.Pool.NewVacuumStrategy()
	}
	return s
}

// NBlocks is the relation's length in blocks (RelationGetNumberOfBlocks).
func (s *AnalyzeScan) NBlocks() (storage.BlockNumber, error) {
	return s.env.Files.NBlocks(s.rel.Locator, storage.MainFork)
}

// Block reads block blk and calls sample, in offset order, for each
// tuple ANALYZE samples: live ones, those the transaction inserted, and
// those another running transaction is deleting. tup is the tuple in the
// shared buffer, valid only during the call, which must be short (the
// page is share-locked). It returns how many live and dead rows the
// block holds, as heapam_scan_analyze_next_tuple counts them.
func (s *AnalyzeScan) Block(blk storage.BlockNumber, sample func(tid TID, tup []byte)) (live, dead int, err error) {
	e := s.env
	buf, err := e.Pool.ReadBufferWith(s.rel.Locator, storage.MainFork, blk, s.strategy)
	if err != nil {
		return 0, 0, err
	}
	e.Pool.LockBuffer(buf, buffer.Share)
	defer e.Pool.UnlockRelease(buf)
	p := page.Page(e.Pool.Page(buf))
	if p.IsNew() {
		return 0, 0, nil
	}
	for off := page.FirstOffset; off <= p.MaxOffset(); off++ {
		id := p.ItemId(off)
		if !id.IsNormal() {
			// Dead line pointers count as dead rows; unused and
			// redirect ones are ignored.
			if id.IsDead() {
				dead++
			}
			continue
		}
		h := tuple.Header(p.Item(off))
		state, err := e.satisfiesVacuum(h, buf, s.cur)
		if err != nil {
			return live, dead, err
		}
		take := false
		switch state {
		case tupleLive:
			take = true
			live++
		case tupleDead:
			dead++
		case tupleInsertInProgress:
			// Rows another transaction is inserting are neither counted
			// nor sampled; our own are both (they will be live if we
			// commit).
			if s.cur.Contains(rawXmin(h)) {
				take = true
				live++
			}
		case tupleDeleteInProgress:
			// Our own deletions count as dead; another transaction's as
			// live, since it may still roll back.
			if s.cur.Contains(e.updateXid(h)) {
				dead++
			} else {
				take = true
				live++
			}
		}
		if take {
			sample(TID{Block: blk, Offset: off}, h)
		}
	}
	return live, dead, nil
}

// SampleValue is one column of a sampled row as ANALYZE sees it.
type SampleValue struct {
	// Stored is the size of a variable-length value as stored in the
	// tuple, header included (VARSIZE_ANY of the possibly compressed or
	// external datum); 0 for fixed-length values.
	Stored int
	// Toasted is set when the value is stored compressed or in the
	// TOAST table.
	Toasted bool
	// Raw is the value's expanded size, header included
	// (toast_raw_datum_size); 0 for fixed-length values.
	Raw int
	// TooWide is set when Raw exceeds the limit given to Decode: the
	// value was not detoasted or decoded.
	TooWide bool
}

// Decode decodes a sampled tuple (a private copy) into values, one per
// attribute, and fills info for its variable-length attributes. Values
// of attribute i wider than maxRaw[i] bytes once expanded are left NULL
// and marked TooWide without being fetched from the TOAST table.
func (s *AnalyzeScan) Decode(tup []byte, values []types.Datum, info []SampleValue, maxRaw []int) error {
	s.toasted = s.toasted[:0]
	for i := range info {
		info[i] = SampleValue{}
	}
	if err := s.deformer.Copy(tup, values, &s.arena, &s.toasted); err != nil {
		return err
	}
	tuple.StoredVarlenas(s.rel.Desc, tup, func(i int, stored []byte) {
		info[i].Stored = len(stored)
		raw := len(stored)
		switch {
		case toast.IsExternal(stored):
			info[i].Toasted = true
			if ext, err := toast.DecodeExternal(stored); err == nil {
				raw = int(ext.RawSize)
			}
		case toast.IsCompressed(stored):
			info[i].Toasted = true
			raw = toast.CompressedRawSize(stored) + toast.VarHdrSz
		}
		info[i].Raw = raw
		if raw > maxRaw[i] {
			info[i].TooWide = true
			values[i] = types.Null
		}
	})
	var detoast tuple.Detoaster
	for _, t := range s.toasted {
		if info[t.Attr].TooWide {
			continue
		}
		if detoast == nil {
			detoast = s.env.detoaster(s.rel, s.cur)
		}
		p, err := detoast(t.Attr, t.Stored)
		if err != nil {
			return err
		}
		if values[t.Attr], err = tuple.DecodeAttr(s.rel.Desc, t.Attr, p); err != nil {
			return err
		}
	}
	return nil
}

// ResetArena forgets the memory decoded values point into; values
// decoded before stay valid as long as they are referenced.
func (s *AnalyzeScan) ResetArena() { s.arena = tuple.Arena{} }
