// TOAST for heap tables: PostgreSQL 15's heaptoast.c (which values of a
// row to compress or move out of line, and in what order),
// toast_internals.c (storing a value as chunks in the TOAST table,
// deleting them) and detoast.c (reading a value back). The stored formats
// and pglz are in lib/access/toast.
//
// A TOAST table has PostgreSQL's index on (chunk_id, chunk_seq)
// (Relation.ChunkIndex): each chunk stored is entered in it, and a
// value's chunks are read and deleted through it, in chunk order. A TOAST
// table without one (made before the index existed) is scanned instead,
// from the block where the value's first chunk was last seen.

package heap

import (
	"unsafe"
	"weak"

	"github.com/gpostgres/gpostgres/lib/access/nbtree"
	"github.com/gpostgres/gpostgres/lib/access/toast"
	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/access/tuple"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/buffer"
	"github.com/gpostgres/gpostgres/lib/storage/page"
	"github.com/gpostgres/gpostgres/lib/types"
)

const toastThreshold = toast.TupleThreshold

// toastCaches is an Env's private TOAST state.
type toastCaches struct {
	// hints maps a value to the block of the TOAST table where its first
	// chunk was seen (stored, read, or passed by a scan for another
	// value): where a scan for it starts.
	hints map[toastKey]storage.BlockNumber
	// seen maps the first byte of each value recently read back from the
	// TOAST table to its pointer, weakly: an UPDATE that stores the very
	// same bytes again (the executor passed the Datum through) reuses the
	// stored value instead of copying it, as PostgreSQL does when the new
	// row carries the old row's TOAST pointer.
	seen map[uintptr]seenValue
}

type toastKey struct{ rel, value uint32 }

type seenValue struct {
	first weak.Pointer[byte]
	n     int
	ptr   string // the 18-byte stored pointer
}

const maxToastCache = 4096

func (e *Env) hint(rel, value uint32) (storage.BlockNumber, bool) {
	b, ok := e.toast.hints[toastKey{rel, value}]
	return b, ok
}

func (e *Env) setHint(rel, value uint32, b storage.BlockNumber) {
	if e.toast.hints == nil || len(e.toast.hints) >= maxToastCache {
		e.toast.hints = map[toastKey]storage.BlockNumber{}
	}
	e.toast.hints[toastKey{rel, value}] = b
}

// rememberDetoasted notes that payload p (a fresh allocation) was read
// from the external value ptr.
func (e *Env) rememberDetoasted(p []byte, ptr []byte) {
	if len(p) == 0 {
		return
	}
	if e.toast.seen == nil {
		e.toast.seen = map[uintptr]seenValue{}
	}
	if len(e.toast.seen) >= maxToastCache {
		for k, v := range e.toast.seen {
			if v.first.Value() == nil {
				delete(e.toast.seen, k)
			}
		}
		if len(e.toast.seen) >= maxToastCache {
			clear(e.toast.seen)
		}
	}
	first := &p[0]
	e.toast.seen[uintptr(unsafe.Pointer(first))] = seenValue{first: weak.Make(first), n: len(p), ptr: string(ptr)}
}

// detoastedPointer returns the external pointer payload was read from,
// if payload is exactly such a value still alive in memory.
func (e *Env) detoastedPointer(payload []byte) string {
	if len(payload) == 0 || e.toast.seen == nil {
		return ""
	}
	first := unsafe.SliceData(payload)
	sv, ok := e.toast.seen[uintptr(unsafe.Pointer(first))]
	if !ok || sv.n != len(payload) || sv.first.Value() != first {
		return ""
	}
	return sv.ptr
}

// ----- sizes -----

func alignOf(a byte) int {
	switch a {
	case 's':
		return 2
	case 'i':
		return 4
	case 'd':
		return 8
	}
	return 1
}

func alignUp(off, to int) int { return (off + to - 1) &^ (to - 1) }

// toastState is PostgreSQL's ToastTupleContext: each attribute's payload
// (plain bytes), its stored form once compressed or moved out, and flags.
type toastState struct {
	desc     *tuple.Desc
	values   []types.Datum
	payloads [][]byte
	stored   [][]byte
	flags    []uint8
	hoff     int
	// defaultMethod compresses the values of columns that name no
	// method (Env.ToastCompression).
	defaultMethod int
}

const (
	colIgnore         = 1 << iota // TOASTCOL_IGNORE: not a candidate
	colIncompressible             // TOASTCOL_INCOMPRESSIBLE: compression did not help
	colReused                     // an unchanged external value of the old row
)

func (e *Env) newToastState(rel *Relation, values []types.Datum) (*toastState, error) {
	desc := rel.Desc
	n := len(desc.Attrs)
	if len(values) < n {
		return nil, pgerr.Newf(pgerr.InternalError, "%d values for %d columns of \"%s\"", len(values), n, rel.Name)
	}
	ts := &toastState{desc: desc, values: values, payloads: make([][]byte, n), stored: make([][]byte, n), flags: make([]uint8, n),
		defaultMethod: toast.MethodPGLZ}
	if e.ToastCompression != nil {
		ts.defaultMethod = e.ToastCompression()
	}
	hasNull := false
	for i := range desc.Attrs {
		a := &desc.Attrs[i]
		if values[i].IsNull() || a.Dropped {
			hasNull = true
			ts.flags[i] = colIgnore
			continue
		}
		if a.Len == -1 || a.Len == -2 {
			p, err := tuple.Payload(a, values[i])
			if err != nil {
				return nil, err
			}
			ts.payloads[i] = p
		}
		if a.Len != -1 || a.Storage == 'p' {
			ts.flags[i] |= colIgnore
		}
	}
	ts.hoff = tuple.HeaderSize
	if hasNull {
		ts.hoff += (n + 7) / 8
	}
	ts.hoff = alignUp(ts.hoff, tuple.MaxAlign)
	return ts, nil
}

// dataSize is heap_compute_data_size over the current forms of the
// values, laid out as tuple.FormStored lays them out.
func (ts *toastState) dataSize() int {
	off := 0
	for i := range ts.desc.Attrs {
		a := &ts.desc.Attrs[i]
		if ts.values[i].IsNull() || a.Dropped {
			continue
		}
		switch {
		case ts.stored[i] != nil:
			if ts.stored[i][0]&1 == 1 {
				off += len(ts.stored[i])
			} else {
				off = alignUp(off, alignOf(a.Align)) + len(ts.stored[i])
			}
		case a.Len == -1:
			p := ts.payloads[i]
			if len(p)+1 <= 127 && a.Storage != 'p' {
				off += 1 + len(p)
			} else {
				off = alignUp(off, alignOf(a.Align)) + toast.VarHdrSz + len(p)
			}
		case a.Len == -2:
			off += len(ts.payloads[i]) + 1
		default:
			off = alignUp(off, alignOf(a.Align)) + int(a.Len)
		}
	}
	return off
}

// size is tai_size: the value's size as a varlena, header included.
func (ts *toastState) size(i int) int {
	if ts.stored[i] != nil {
		return len(ts.stored[i])
	}
	return toast.VarHdrSz + len(ts.payloads[i])
}

// biggest is toast_tuple_find_biggest_attribute.
func (ts *toastState) biggest(forCompression, checkMain bool) int {
	skip := uint8(colIgnore)
	if forCompression {
		skip |= colIncompressible
	}
	best, bestSize := -1, page.MaxAlignUp(toast.PointerSize)
	for i := range ts.desc.Attrs {
		a := &ts.desc.Attrs[i]
		if ts.flags[i]&skip != 0 {
			continue
		}
		if s := ts.stored[i]; s != nil && (toast.IsExternal(s) || forCompression && toast.IsCompressed(s)) {
			continue
		}
		if checkMain && a.Storage != 'm' {
			continue
		}
		if !checkMain && a.Storage != 'x' && a.Storage != 'e' {
			continue
		}
		if sz := ts.size(i); sz > bestSize {
			best, bestSize = i, sz
		}
	}
	return best
}

// tryCompression is toast_tuple_try_compression, with the column's
// method or default_toast_compression.
func (ts *toastState) tryCompression(i int) {
	if c, ok := toast.Compress(ts.payloads[i], toast.AttrMethod(ts.desc.Attrs[i].Compression, ts.defaultMethod)); ok {
		ts.stored[i] = c
		return
	}
	ts.flags[i] |= colIncompressible
}

// formTupleInto is formTuple for a new row (no old version) of a bulk
// insertion, built in scratch's memory when it is large enough and needs
// no toasting; the caller sees whether the result shares scratch.
func (e *Env) formTupleInto(scratch []byte, rel *Relation, values []types.Datum, xid transam.TransactionId, cid CommandId) ([]byte, error) {
	tup, err := tuple.FormStoredInto(scratch, rel.Desc, values, nil)
	if err != nil || len(tup) <= toastThreshold {
		return tup, err
	}
	return e.formTuple(rel, values, nil, transam.CurrentXids{}, xid, cid)
}

// formTuple builds the stored tuple for values (heap_toast_insert_or_update
// when needed): if it is longer than TOAST_TUPLE_THRESHOLD, values are
// compressed and moved to the TOAST table, biggest first, in PostgreSQL's
// four rounds, until the data fits TOAST_TUPLE_TARGET. old is the
// previous version's tuple for an UPDATE (nil for an INSERT): its external
// values are freed unless the new row stores the very same value, whose
// pointer is then reused.
func (e *Env) formTuple(rel *Relation, values []types.Datum, old []byte, cur transam.CurrentXids, xid transam.TransactionId, cid CommandId) ([]byte, error) {
	if old == nil || tuple.Header(old).Infomask()&tuple.HasExternal == 0 {
		// The common case: nothing to toast and no old values to free.
		tup, err := tuple.Form(rel.Desc, values)
		if err != nil || len(tup) <= toastThreshold {
			return tup, err
		}
	}
	ts, err := e.newToastState(rel, values)
	if err != nil {
		return nil, err
	}
	var oldExternal map[int][]byte
	if old != nil && tuple.Header(old).Infomask()&tuple.HasExternal != 0 {
		oldExternal = map[int][]byte{}
		tuple.StoredVarlenas(rel.Desc, old, func(i int, s []byte) {
			if toast.IsExternal(s) {
				oldExternal[i] = s
			}
		})
		for i, s := range oldExternal {
			if ts.flags[i]&colIgnore == 0 && ts.payloads[i] != nil && e.detoastedPointer(ts.payloads[i]) == string(s) {
				ts.stored[i] = s
				ts.flags[i] |= colIgnore | colReused
			}
		}
	}

	if ts.hoff+ts.dataSize() > toastThreshold {
		if err := e.toastRounds(rel, ts, xid, cid); err != nil {
			return nil, err
		}
	}
	tup, err := tuple.FormStored(rel.Desc, values, ts.stored)
	if err != nil {
		return nil, err
	}
	if n := page.MaxAlignUp(len(tup)); n > MaxHeapTupleSize {
		return nil, errRowTooBig(n)
	}
	for i, s := range oldExternal {
		if ts.flags[i]&colReused == 0 {
			if err := e.toastDeleteValue(rel, s, cur, xid, cid, false); err != nil {
				return nil, err
			}
		}
	}
	return tup, nil
}

// toastRounds is the body of heap_toast_insert_or_update.
func (e *Env) toastRounds(rel *Relation, ts *toastState, xid transam.TransactionId, cid CommandId) error {
	hasToast := rel.Toast != nil
	maxDataLen := rel.toastTupleTarget() - ts.hoff
	externalize := func(i int) error {
		ptr, err := e.toastSave(rel, ts, i, xid, cid)
		if err != nil {
			return err
		}
		ts.stored[i] = ptr
		ts.flags[i] |= colIgnore
		return nil
	}
	// Round 1: compress EXTENDED values, biggest first; move out at once
	// any value that alone is still too big.
	for ts.dataSize() > maxDataLen {
		i := ts.biggest(true, false)
		if i < 0 {
			break
		}
		if ts.desc.Attrs[i].Storage == 'x' {
			ts.tryCompression(i)
		} else {
			ts.flags[i] |= colIncompressible
		}
		if ts.size(i) > maxDataLen && hasToast {
			if err := externalize(i); err != nil {
				return err
			}
		}
	}
	// Round 2: move EXTENDED and EXTERNAL values out of line.
	for hasToast && ts.dataSize() > maxDataLen {
		i := ts.biggest(false, false)
		if i < 0 {
			break
		}
		if err := externalize(i); err != nil {
			return err
		}
	}
	// Round 3: compress MAIN values.
	for ts.dataSize() > maxDataLen {
		i := ts.biggest(true, true)
		if i < 0 {
			break
		}
		ts.tryCompression(i)
	}
	// Round 4: move MAIN values out, but only if the row would not fit a
	// page otherwise.
	maxDataLen = toast.TupleTargetMain - ts.hoff
	for hasToast && ts.dataSize() > maxDataLen {
		i := ts.biggest(false, true)
		if i < 0 {
			break
		}
		if err := externalize(i); err != nil {
			return err
		}
	}
	return nil
}

// toastSave stores attribute i's current form in the TOAST table as
// chunks of at most TOAST_MAX_CHUNK_SIZE bytes and returns the external
// pointer (toast_save_datum). A compressed value is stored compressed:
// its va_tcinfo and compressed bytes.
func (e *Env) toastSave(rel *Relation, ts *toastState, i int, xid transam.TransactionId, cid CommandId) ([]byte, error) {
	trel := rel.Toast
	if e.Xact == nil {
		return nil, pgerr.New(pgerr.InternalError, "cannot store out-of-line values without OIDs")
	}
	var data []byte
	var ptr toast.External
	valueID, err := e.newValueID(trel)
	if err != nil {
		return nil, err
	}
	if s := ts.stored[i]; s != nil && toast.IsCompressed(s) {
		data = toast.CompressedBody(s)
		ptr = toast.NewExternal(toast.CompressedRawSize(s)+toast.VarHdrSz, len(data), toast.CompressedMethod(s), valueID, trel.OID)
	} else {
		data = ts.payloads[i]
		ptr = toast.NewExternal(len(data)+toast.VarHdrSz, len(data), toast.MethodInvalid, valueID, trel.OID)
	}
	chunk := make([]types.Datum, 3)
	chunk[0] = types.Int(int64(valueID))
	for seq, off := 0, 0; off < len(data); seq, off = seq+1, off+toast.MaxChunkSize {
		chunk[1] = types.Int(int64(seq))
		chunk[2] = types.Bytes(data[off:min(off+toast.MaxChunkSize, len(data))])
		tup, err := tuple.Form(trel.Desc, chunk)
		if err != nil {
			return nil, err
		}
		tid, err := e.insertTuple(trel, tup, xid, cid, false)
		if err != nil {
			return nil, err
		}
		if trel.ChunkIndex != nil {
			// No uniqueness check: newValueID chose an ID no entry has.
			if err := nbtree.Insert(e.Btree, trel.ChunkIndex, chunk[:2], nbtree.TID{Block: tid.Block, Offset: tid.Offset}, nil); err != nil {
				return nil, err
			}
		} else if seq == 0 {
			e.setHint(trel.OID, valueID, tid.Block)
		}
	}
	return ptr.Encode(), nil
}

// ToastIndex describes the index of TOAST table toastName whose file is
// loc: PostgreSQL's pg_toast_<table>_index, unique on chunk_id (oid_ops)
// and chunk_seq (int4_ops), as create_toast_table makes it.
func ToastIndex(loc storage.RelFileLocator, oid uint32, name, toastName string) *nbtree.Index {
	desc := &tuple.Desc{Attrs: []tuple.Attr{
		tuple.AttrFor("chunk_id", types.OidOid, -1),
		tuple.AttrFor("chunk_seq", types.OidInt4, -1),
	}}
	return &nbtree.Index{Locator: loc, OID: oid, Name: name, HeapName: toastName, Desc: desc, Unique: true, AllEqualImage: true,
		Keys: []nbtree.KeyColumn{
			{Compare: func(a, b types.Datum) int { return types.Compare(types.OidOid, a, b) }},
			{Compare: func(a, b types.Datum) int { return types.Compare(types.OidInt4, a, b) }},
		}}
}

// newValueID is the OID of a new out-of-line value of trel. With an
// index it is one no chunk in it has, dead or alive, as
// GetNewOidWithIndex makes sure: after OID wraparound the counter may
// hand out an ID still in use.
func (e *Env) newValueID(trel *Relation) (uint32, error) {
	for {
		id, err := e.Xact.GetNewObjectId(e.Owner)
		if err != nil || trel.ChunkIndex == nil {
			return id, err
		}
		sc, err := e.chunkScan(trel, id)
		if err != nil {
			return 0, err
		}
		_, used, err := sc.Next()
		sc.Close()
		if err != nil || !used {
			return id, err
		}
		if e.Btree.Interrupt != nil {
			if err := e.Btree.Interrupt(); err != nil {
				return 0, err
			}
		}
	}
}

// IndexToastChunks enters into ix, an empty index of TOAST table trel,
// every chunk trel holds whose inserter did not abort, live or dead
// (what PostgreSQL's index build under SnapshotAny keeps, and more: a
// chunk dead to everyone only waits for VACUUM, which removes its entry
// with it). Chunks a snapshot older than the build may still read, such
// as those of row versions a REPEATABLE READ transaction sees, so stay
// reachable. bt is the B-tree access to insert with (its Interrupt is
// also checked between pages); it returns the number of entries.
func IndexToastChunks(env *Env, bt *nbtree.Env, trel *Relation, ix *nbtree.Index) (int64, error) {
	e := env
	nblocks, err := e.Files.NBlocks(trel.Locator, storage.MainFork)
	if err != nil {
		return 0, err
	}
	type entry struct {
		id  uint32
		seq int32
		tid TID
	}
	var n int64
	var entries []entry
	vals := make([]types.Datum, 2)
	for blk := storage.BlockNumber(0); blk < nblocks; blk++ {
		if bt.Interrupt != nil {
			if err := bt.Interrupt(); err != nil {
				return n, err
			}
		}
		entries = entries[:0]
		buf, err := e.Pool.ReadBuffer(trel.Locator, storage.MainFork, blk)
		if err != nil {
			return n, err
		}
		e.Pool.LockBuffer(buf, buffer.Share)
		p := page.Page(e.Pool.Page(buf))
		for off := page.FirstOffset; !p.IsNew() && off <= p.MaxOffset(); off++ {
			if !p.ItemId(off).IsNormal() {
				continue
			}
			h := tuple.Header(p.Item(off))
			ok, err := e.satisfiesToast(h, buf, transam.CurrentXids{})
			if err == nil && ok {
				var id uint32
				var seq int32
				id, seq, _, err = chunkOf(h, trel)
				entries = append(entries, entry{id, seq, TID{Block: blk, Offset: off}})
			}
			if err != nil {
				e.Pool.UnlockRelease(buf)
				return n, err
			}
		}
		e.Pool.UnlockRelease(buf)
		for _, en := range entries {
			vals[0], vals[1] = types.Int(int64(en.id)), types.Int(int64(en.seq))
			if err := nbtree.Insert(bt, ix, vals, nbtree.TID{Block: en.tid.Block, Offset: en.tid.Offset}, nil); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}

// chunkScan starts a scan of trel's index for the entries of value
// valueID, in chunk order. It keeps the pin of the leaf it returns
// entries from, as PostgreSQL's index scans do under a non-MVCC snapshot
// such as SnapshotToast: VACUUM, which needs each leaf's cleanup lock
// to remove entries, cannot free and reuse the line pointers the entries
// name before the chunks are read.
func (e *Env) chunkScan(trel *Relation, valueID uint32) (*nbtree.Scan, error) {
	if e.Btree == nil {
		return nil, pgerr.Newf(pgerr.InternalError, "no B-tree access for the index of \"%s\"", trel.Name)
	}
	sc, err := nbtree.BeginScan(e.Btree, trel.ChunkIndex,
		[]nbtree.ScanKey{{Column: 0, Strategy: nbtree.Equal, Arg: types.Int(int64(valueID))}}, nbtree.Forward)
	if err != nil {
		return nil, err
	}
	sc.KeepPin()
	return sc, nil
}

// toastRel returns the TOAST table an external pointer of rel refers to.
func toastRel(rel *Relation, ext toast.External) (*Relation, error) {
	if rel.Toast == nil || rel.Toast.OID != ext.ToastRelID {
		return nil, pgerr.Newf(pgerr.DataCorrupted, "toast value %d of relation \"%s\" refers to unknown TOAST relation %d",
			ext.ValueID, rel.Name, ext.ToastRelID)
	}
	return rel.Toast, nil
}

// chunkOf reads a TOAST chunk tuple in place: chunk_id, chunk_seq and the
// chunk_data bytes (a 4-byte or 1-byte varlena).
func chunkOf(h tuple.Header, trel *Relation) (id uint32, seq int32, data []byte, err error) {
	hoff := h.Hoff()
	bad := func() error {
		return pgerr.Newf(pgerr.DataCorrupted, "malformed chunk in TOAST table \"%s\"", trel.Name)
	}
	if h.Infomask()&tuple.HasNull != 0 || h.NAttrs() < 3 || len(h) < hoff+9 {
		return 0, 0, nil, bad()
	}
	id = le.Uint32(h[hoff:])
	seq = int32(le.Uint32(h[hoff+4:]))
	v := h[hoff+8:]
	switch {
	case v[0] == 0x01:
		return 0, 0, nil, bad()
	case v[0]&1 == 1:
		n := int(v[0] >> 1)
		if n < 1 || n > len(v) {
			return 0, 0, nil, bad()
		}
		data = v[1:n]
	default:
		w := le.Uint32(v)
		n := int(w >> 2)
		if w&3 != 0 || n < toast.VarHdrSz || n > len(v) {
			return 0, 0, nil, bad()
		}
		data = v[toast.VarHdrSz:n]
	}
	return id, seq, data, nil
}

// toastChunks visits every chunk of value valueID in trel that
// SnapshotToast accepts, through the index when trel has one (in chunk
// order), else by scanning trel; fn returns false to stop.
func (e *Env) toastChunks(trel *Relation, valueID uint32, cur transam.CurrentXids, fn func(tid TID, seq int32, data []byte) (bool, error)) error {
	if trel.ChunkIndex == nil {
		return e.toastScan(trel, valueID, cur, fn)
	}
	sc, err := e.chunkScan(trel, valueID)
	if err != nil {
		return err
	}
	defer sc.Close()
	for {
		itid, ok, err := sc.Next()
		if err != nil || !ok {
			return err
		}
		more, err := e.toastFetchChunk(trel, TID{Block: itid.Block, Offset: itid.Offset}, valueID, cur, fn)
		if err != nil || !more {
			return err
		}
	}
}

// toastFetchChunk reads the chunk an index entry points to, under a
// share lock of its page, and passes it to fn if SnapshotToast accepts
// it. An entry whose row pruning removed (the line pointer is no longer
// normal) is passed over, as is, defensively, a row of another value.
func (e *Env) toastFetchChunk(trel *Relation, tid TID, valueID uint32, cur transam.CurrentXids, fn func(tid TID, seq int32, data []byte) (bool, error)) (bool, error) {
	buf, err := e.Pool.ReadBuffer(trel.Locator, storage.MainFork, tid.Block)
	if err != nil {
		return false, err
	}
	e.Pool.LockBuffer(buf, buffer.Share)
	defer e.Pool.UnlockRelease(buf)
	p := page.Page(e.Pool.Page(buf))
	if p.IsNew() || tid.Offset < page.FirstOffset || tid.Offset > p.MaxOffset() || !p.ItemId(tid.Offset).IsNormal() {
		return true, nil
	}
	h := tuple.Header(p.Item(tid.Offset))
	if len(h) < h.Hoff()+8 || le.Uint32(h[h.Hoff():]) != valueID {
		return true, nil
	}
	ok, err := e.satisfiesToast(h, buf, cur)
	if err != nil || !ok {
		return err == nil, err
	}
	_, seq, data, err := chunkOf(h, trel)
	if err != nil {
		return false, err
	}
	return fn(tid, seq, data)
}

// toastScan is toastChunks for a TOAST table without an index: page by
// page under a share lock, starting at the hinted block and wrapping
// around.
func (e *Env) toastScan(trel *Relation, valueID uint32, cur transam.CurrentXids, fn func(tid TID, seq int32, data []byte) (bool, error)) error {
	nblocks, err := e.Files.NBlocks(trel.Locator, storage.MainFork)
	if err != nil {
		return err
	}
	start, _ := e.hint(trel.OID, valueID)
	if start >= nblocks {
		start = 0
	}
	for k := storage.BlockNumber(0); k < nblocks; k++ {
		blk := (start + k) % nblocks
		more, err := e.toastScanPage(trel, blk, valueID, cur, fn)
		if err != nil || !more {
			return err
		}
	}
	return nil
}

func (e *Env) toastScanPage(trel *Relation, blk storage.BlockNumber, valueID uint32, cur transam.CurrentXids, fn func(tid TID, seq int32, data []byte) (bool, error)) (bool, error) {
	buf, err := e.Pool.ReadBuffer(trel.Locator, storage.MainFork, blk)
	if err != nil {
		return false, err
	}
	e.Pool.LockBuffer(buf, buffer.Share)
	defer e.Pool.UnlockRelease(buf)
	p := page.Page(e.Pool.Page(buf))
	if p.IsNew() {
		return true, nil
	}
	for off := page.FirstOffset; off <= p.MaxOffset(); off++ {
		if !p.ItemId(off).IsNormal() {
			continue
		}
		h := tuple.Header(p.Item(off))
		if len(h) < h.Hoff()+8 {
			continue
		}
		if id := le.Uint32(h[h.Hoff():]); id != valueID {
			// Remember where other values start, for later fetches.
			if le.Uint32(h[h.Hoff()+4:]) == 0 && len(e.toast.hints) < maxToastCache {
				e.setHint(trel.OID, id, blk)
			}
			continue
		}
		ok, err := e.satisfiesToast(h, buf, cur)
		if err != nil {
			return false, err
		}
		if !ok {
			continue
		}
		_, seq, data, err := chunkOf(h, trel)
		if err != nil {
			return false, err
		}
		more, err := fn(TID{Block: blk, Offset: off}, seq, data)
		if err != nil || !more {
			return false, err
		}
	}
	return true, nil
}

// toastFetch reads an external value's stored bytes back
// (toast_fetch_datum / heap_fetch_toast_slice), checking that every chunk
// is there once with the expected size. For a compressed value the
// result is a complete compressed varlena (header included).
func (e *Env) toastFetch(rel *Relation, ext toast.External, cur transam.CurrentXids) ([]byte, error) {
	trel, err := toastRel(rel, ext)
	if err != nil {
		return nil, err
	}
	extsize := ext.ExtSize()
	base := 0
	if ext.IsCompressed() {
		base = toast.VarHdrSz
	}
	result := make([]byte, base+extsize)
	if extsize == 0 {
		return result, nil
	}
	total := (extsize-1)/toast.MaxChunkSize + 1
	seen := make([]bool, total)
	found := 0
	err = e.toastChunks(trel, ext.ValueID, cur, func(tid TID, seq int32, data []byte) (bool, error) {
		if seq < 0 || int(seq) >= total {
			return false, pgerr.Newf(pgerr.DataCorrupted, "unexpected chunk number %d (out of range %d..%d) for toast value %d in %s",
				seq, 0, total-1, ext.ValueID, trel.Name)
		}
		if seen[seq] {
			return false, pgerr.Newf(pgerr.DataCorrupted, "unexpected chunk number %d (expected %d) for toast value %d in %s",
				seq, seq+1, ext.ValueID, trel.Name)
		}
		want := toast.MaxChunkSize
		if int(seq) == total-1 {
			want = extsize - (total-1)*toast.MaxChunkSize
		}
		if len(data) != want {
			return false, pgerr.Newf(pgerr.DataCorrupted, "unexpected chunk size %d (expected %d) in chunk %d of %d for toast value %d in %s",
				len(data), want, seq, total, ext.ValueID, trel.Name)
		}
		copy(result[base+int(seq)*toast.MaxChunkSize:], data)
		seen[seq] = true
		if seq == 0 && trel.ChunkIndex == nil {
			e.setHint(trel.OID, ext.ValueID, tid.Block)
		}
		found++
		return found < total, nil
	})
	if err != nil {
		return nil, err
	}
	if found < total {
		missing := 0
		for missing < total && seen[missing] {
			missing++
		}
		return nil, pgerr.Newf(pgerr.DataCorrupted, "missing chunk number %d for toast value %d in %s", missing, ext.ValueID, trel.Name)
	}
	if base > 0 {
		le.PutUint32(result, uint32(len(result))<<2|0x02)
	}
	return result, nil
}

// detoaster returns the callback DeformDetoast uses for rel's tuples:
// inline compressed values are decompressed, external ones fetched (and
// decompressed), as detoast_attr does.
func (e *Env) detoaster(rel *Relation, cur transam.CurrentXids) tuple.Detoaster {
	return func(_ int, stored []byte) ([]byte, error) {
		if toast.IsCompressed(stored) {
			return toast.Decompress(stored)
		}
		ext, err := toast.DecodeExternal(stored)
		if err != nil {
			return nil, err
		}
		data, err := e.toastFetch(rel, ext, cur)
		if err != nil {
			return nil, err
		}
		if ext.IsCompressed() {
			if data, err = toast.Decompress(data); err != nil {
				return nil, err
			}
		}
		e.rememberDetoasted(data, stored)
		return data, nil
	}
}

// deform decodes a private tuple copy into fresh Datums, detoasting.
func (e *Env) deform(rel *Relation, tup []byte, cur transam.CurrentXids) ([]types.Datum, error) {
	values := make([]types.Datum, len(rel.Desc.Attrs))
	if err := tuple.DeformDetoast(rel.Desc, tup, values, e.detoaster(rel, cur)); err != nil {
		return nil, err
	}
	return values, nil
}

// toastDeleteValue deletes the chunks of one external value
// (toast_delete_datum), as part of deleting or updating the row that
// pointed to it.
func (e *Env) toastDeleteValue(rel *Relation, stored []byte, cur transam.CurrentXids, xid transam.TransactionId, cid CommandId, speculative bool) error {
	ext, err := toast.DecodeExternal(stored)
	if err != nil {
		return err
	}
	trel, err := toastRel(rel, ext)
	if err != nil {
		return err
	}
	var tids []TID
	total := (ext.ExtSize()-1)/toast.MaxChunkSize + 1
	err = e.toastChunks(trel, ext.ValueID, cur, func(tid TID, _ int32, _ []byte) (bool, error) {
		tids = append(tids, tid)
		return len(tids) < total, nil
	})
	if err != nil {
		return err
	}
	for _, tid := range tids {
		var err error
		if speculative {
			// Chunks of a row taken back at once go as it does.
			err = AbortSpeculative(e, trel, tid, cur, xid, cid)
		} else {
			err = SimpleDelete(e, trel, tid, cur, xid, cid)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// toastDeleteExternals deletes every external value of a deleted row
// (heap_toast_delete).
func (e *Env) toastDeleteExternals(rel *Relation, old []byte, cur transam.CurrentXids, xid transam.TransactionId, cid CommandId, speculative bool) error {
	var ext [][]byte
	tuple.StoredVarlenas(rel.Desc, old, func(_ int, s []byte) {
		if toast.IsExternal(s) {
			ext = append(ext, s)
		}
	})
	for _, s := range ext {
		if err := e.toastDeleteValue(rel, s, cur, xid, cid, speculative); err != nil {
			return err
		}
	}
	return nil
}
