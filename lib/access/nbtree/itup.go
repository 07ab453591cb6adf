// Index tuples (IndexTupleData, index_form_tuple, index_getattr) and the
// nbtree conventions layered on them (nbtree.h): pivot tuples with
// INDEX_ALT_TID_MASK, their attribute count in the TID's offset, an
// optional trailing heap TID, and downlinks in the TID's block number.

package nbtree

import (
	"unsafe"

	"github.com/gpostgres/gpostgres/lib/access/toast"
	"github.com/gpostgres/gpostgres/lib/access/tuple"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/page"
	"github.com/gpostgres/gpostgres/lib/types"
)

// t_info bits (itup.h) and the nbtree pivot status bits (nbtree.h).
const (
	indexSizeMask   = 0x1FFF
	indexAltTidMask = 0x2000 // INDEX_AM_RESERVED_BIT: a pivot tuple
	indexVarMask    = 0x4000
	indexNullMask   = 0x8000

	btOffsetMask        = 0x0FFF // number of attributes of a pivot
	btPivotHeapTidAttr  = 0x1000 // the pivot ends with a heap TID
	btIsPosting         = 0x2000
	itupHeaderSize      = 8  // sizeof(IndexTupleData)
	itupNullHeaderSize  = 16 // MAXALIGN(IndexTupleData + IndexAttributeBitMapData)
	itemPointerSize     = 6
	maxIndexKeys        = 32 // INDEX_MAX_KEYS
	indexNullBitmapSize = maxIndexKeys / 8
)

// itup is an index tuple's bytes (IndexTuple).
type itup []byte

func (t itup) info() uint16     { return le.Uint16(t[6:]) }
func (t itup) setInfo(v uint16) { le.PutUint16(t[6:], v) }

// size is IndexTupleSize.
func (t itup) size() int      { return int(t.info() & indexSizeMask) }
func (t itup) hasNulls() bool { return t.info()&indexNullMask != 0 }
func (t itup) isPivot() bool {
	return t.info()&indexAltTidMask != 0 && le.Uint16(t[4:])&btIsPosting == 0
}

// tidBlock and tidOffset are t_tid's parts: a BlockIdData stored as high
// then low 16 bits, then the offset.
func (t itup) tidBlock() storage.BlockNumber {
	return storage.BlockNumber(uint32(le.Uint16(t[0:]))<<16 | uint32(le.Uint16(t[2:])))
}
func (t itup) tidOffset() uint16 { return le.Uint16(t[4:]) }

func putTID(b []byte, blk storage.BlockNumber, off uint16) {
	le.PutUint16(b[0:], uint16(uint32(blk)>>16))
	le.PutUint16(b[2:], uint16(blk))
	le.PutUint16(b[4:], off)
}

func readTID(b []byte) TID {
	return TID{Block: storage.BlockNumber(uint32(le.Uint16(b[0:]))<<16 | uint32(le.Uint16(b[2:]))), Offset: page.OffsetNumber(le.Uint16(b[4:]))}
}

// heapTID is BTreeTupleGetHeapTID: a leaf tuple's TID, a pivot's
// trailing heap TID, or false for a pivot without one (truncated: minus
// infinity).
func (t itup) heapTID() (TID, bool) {
	if t.isPivot() {
		if t.tidOffset()&btPivotHeapTidAttr == 0 {
			return TID{}, false
		}
		return readTID(t[t.size()-itemPointerSize:]), true
	}
	return readTID(t), true
}

// natts is BTreeTupleGetNAtts: a pivot's stored attribute count, else
// every attribute (the key columns and the INCLUDE ones).
func (t itup) natts(ix *Index) int {
	if t.isPivot() {
		return int(t.tidOffset() & btOffsetMask)
	}
	return ix.natts()
}

// downlink is BTreeTupleGetDownLink.
func (t itup) downlink() storage.BlockNumber { return t.tidBlock() }

// setDownlink is BTreeTupleSetDownLink.
func (t itup) setDownlink(b storage.BlockNumber) {
	le.PutUint16(t[0:], uint16(uint32(b)>>16))
	le.PutUint16(t[2:], uint16(b))
}

// setNAtts is BTreeTupleSetNAtts: make t a pivot with n attributes, with
// or without a trailing heap TID.
func (t itup) setNAtts(n int, heapTid bool) {
	t.setInfo(t.info() | indexAltTidMask)
	v := uint16(n)
	if heapTid {
		v |= btPivotHeapTidAttr
	}
	le.PutUint16(t[4:], v)
}

func errRowTooBig(ix *Index, n int, htid TID) error {
	return pgerr.Newf(pgerr.ProgramLimitExceeded, "index row size %d exceeds btree version %d maximum %d for index \"%s\"",
		n, Version, MaxItemSize, ix.Name).
		WithDetail("Index row references tuple (%d,%d) in relation \"%s\".", htid.Block, htid.Offset, ix.HeapName).
		WithHint("Values larger than 1/3 of a buffer page cannot be indexed.\nConsider a function index of an MD5 hash of the value, or use full text indexing.")
}

// formTuple builds an index tuple of the first len(values) key columns
// (index_form_tuple): the heap tuple format's null bitmap and attribute
// data, after an 8-byte header (16 with a null bitmap); attribute
// alignment is relative to the tuple start, which is MAXALIGNed on the
// page, so the data can be taken from a formed heap tuple unchanged.
func (ix *Index) formTuple(values []types.Datum, tid TID) (itup, error) {
	return ix.formTupleWith(nil, nil, values, tid, nil)
}

// formInsertTuple is Index.formTuple for Insert, in the searcher's
// scratch space (both the heap-format tuple the entry is built from and
// the entry itself): the entry is valid until the next call, which is
// long enough, since the page and the WAL record take copies.
func (s *searcher) formInsertTuple(values []types.Datum, tid TID) (itup, error) {
	return s.ix.formTupleWith(&s.formScratch, &s.itupScratch, values, tid, s.e.ArrivedCompressed)
}

// formTupleWith is formTuple building the heap-format tuple the entry is
// copied from in *scratch, and the entry in *out, when given (each kept,
// grown, for the next call).
func (ix *Index) formTupleWith(scratch *[]byte, out *itup, values []types.Datum, tid TID, arrived func([]byte) (int, bool)) (itup, error) {
	if t, ok := ix.formByValTuple(out, values, tid); ok {
		return t, nil
	}
	return ix.formGeneralTuple(scratch, out, values, tid, arrived)
}

// formGeneralTuple is formTupleWith for any key: the entry's data is
// taken from a heap tuple formed of the values.
func (ix *Index) formGeneralTuple(scratch *[]byte, out *itup, values []types.Datum, tid TID, arrived func([]byte) (int, bool)) (itup, error) {
	desc := tuple.Desc{Attrs: ix.Desc.Attrs[:len(values)]}
	stored, err := compressKeys(&desc, values, arrived)
	if err != nil {
		return nil, err
	}
	var buf []byte
	if scratch != nil {
		buf = *scratch
	}
	ht, err := tuple.FormStoredInto(buf, &desc, values, stored)
	if err != nil {
		return nil, err
	}
	if scratch != nil && cap(ht) > cap(*scratch) {
		*scratch = ht[:0]
	}
	h := tuple.Header(ht)
	hasNull := h.Infomask()&tuple.HasNull != 0
	hoff := itupHeaderSize
	if hasNull {
		hoff = itupNullHeaderSize
	}
	data := ht[h.Hoff():]
	size := page.MaxAlignUp(hoff + len(data))
	if size > indexSizeMask {
		return nil, pgerr.Newf(pgerr.ProgramLimitExceeded, "index row requires %d bytes, maximum size is %d", size, indexSizeMask)
	}
	t := newEntry(out, size, tid)
	info := uint16(size)
	if hasNull {
		info |= indexNullMask
		copy(t[itupHeaderSize:itupHeaderSize+indexNullBitmapSize], ht[tuple.HeaderSize:tuple.HeaderSize+(len(values)+7)/8])
	}
	if h.Infomask()&tuple.HasVarWidth != 0 {
		info |= indexVarMask
	}
	t.setInfo(info)
	copy(t[hoff:], data)
	return t, nil
}

// formByValTuple is formTupleWith's short way for the commonest keys:
// every value fixed-width, by value and not NULL (integers, oids,
// dates, timestamps, floats), laid out as the heap tuple format would,
// aligned from the data's start, after the 8-byte header. ok is false
// for any other key.
func (ix *Index) formByValTuple(out *itup, values []types.Datum, tid TID) (t itup, ok bool) {
	attrs := ix.Desc.Attrs[:len(values)]
	end := 0
	for i := range attrs {
		a := &attrs[i]
		if !a.ByVal || a.Len <= 0 || a.Dropped || values[i].IsNull() {
			return nil, false
		}
		end = alignTo(end, a.Align) + int(a.Len)
	}
	size := page.MaxAlignUp(itupHeaderSize + end)
	t = newEntry(out, size, tid)
	t.setInfo(uint16(size))
	off := 0
	for i := range attrs {
		a := &attrs[i]
		off = alignTo(off, a.Align)
		v := uint64(values[i].Int())
		d := t[itupHeaderSize+off:]
		switch a.Len {
		case 1:
			d[0] = byte(v)
		case 2:
			le.PutUint16(d, uint16(v))
		case 4:
			le.PutUint32(d, uint32(v))
		case 8:
			le.PutUint64(d, v)
		default:
			return nil, false
		}
		off += int(a.Len)
	}
	return t, true
}

// newEntry is a zeroed entry of size bytes pointing at tid, in *out's
// memory when it is large enough (*out then keeps a new one).
func newEntry(out *itup, size int, tid TID) itup {
	var t itup
	if out != nil && cap(*out) >= size {
		t = (*out)[:size]
		clear(t)
	} else {
		t = make(itup, size)
		if out != nil {
			*out = t
		}
	}
	putTID(t, tid.Block, uint16(tid.Offset))
	return t
}

// alignTo rounds off up to attalign align ('c', 's', 'i', 'd').
func alignTo(off int, align byte) int {
	n := 1
	switch align {
	case 's':
		n = 2
	case 'i':
		n = 4
	case 'd':
		n = 8
	}
	return (off + n - 1) &^ (n - 1)
}

// decoder turns index tuples back into Datums, reusing a scratch heap
// tuple: the index tuple's bitmap and data behind a synthesized heap
// tuple header, read by lib/access/tuple's Deformer. It belongs to one
// operation (a search, a scan), so Index itself stays read-only and may
// be shared.
type decoder struct {
	ix *Index
	// note, when set, is told of every key value decompressed
	// (Env.NoteDecompressed).
	note      func([]byte, int)
	scratch   []byte
	deformers []*tuple.Deformer // by number of attributes, built on first use
}

// toastIndexTarget is TOAST_INDEX_TARGET: a variable-length key longer
// than this (with its 4-byte header) is compressed in the index tuple
// (MaxHeapTupleSize / 16, 510 bytes).
const toastIndexTarget = (page.Size - (page.HeaderSize+4+page.MaxAlign-1)/page.MaxAlign*page.MaxAlign) / 16

// compressKeys is index_form_tuple's TOAST_INDEX_HACK: long values of
// compressible types (storage extended or main) are stored compressed
// when that saves space, with the column's method (attcompression),
// pglz when it names none (PostgreSQL takes default_toast_compression
// then; the method is recorded in each value, so which one compressed
// an index key shows nowhere). A value that arrived compressed (arrived,
// when set, knows them: Env.ArrivedCompressed) stays compressed whatever
// its size and the storage, as index_form_tuple keeps a compressed
// datum. It returns nil when nothing is.
func compressKeys(desc *tuple.Desc, values []types.Datum, arrived func([]byte) (int, bool)) ([][]byte, error) {
	var stored [][]byte
	for i := range desc.Attrs {
		a := &desc.Attrs[i]
		if values[i].IsNull() || a.Len != -1 {
			continue
		}
		kept, method := false, toast.AttrMethod(a.Compression, toast.MethodPGLZ)
		if arrived != nil && tuple.RawBytes(a.TypeOID) {
			s := values[i].Text()
			if m, ok := arrived(unsafe.Slice(unsafe.StringData(s), len(s))); ok {
				kept, method = true, m
			}
		}
		if !kept && a.Storage != 'x' && a.Storage != 'm' {
			continue
		}
		p, err := tuple.Payload(a, values[i])
		if err != nil {
			return nil, err
		}
		if !kept && len(p)+4 <= toastIndexTarget {
			continue
		}
		if c, ok := toast.Compress(p, method); ok {
			if stored == nil {
				stored = make([][]byte, len(desc.Attrs))
			}
			stored[i] = c
		}
	}
	return stored, nil
}

// decompress is the decoder's Detoaster: index tuples hold compressed
// values inline, never external ones.
func decompress(_ int, stored []byte) ([]byte, error) {
	if !toast.IsCompressed(stored) {
		return nil, pgerr.New(pgerr.DataCorrupted, "unexpected external value in index tuple")
	}
	return toast.Decompress(stored)
}

// deformer returns the decoder of tuples with n attributes.
func (d *decoder) deformer(n int) *tuple.Deformer {
	if d.deformers == nil {
		d.deformers = make([]*tuple.Deformer, d.ix.natts()+1)
	}
	if d.deformers[n] == nil {
		d.deformers[n] = tuple.NewDeformer(&tuple.Desc{Attrs: d.ix.Desc.Attrs[:n]}, nil)
	}
	return d.deformers[n]
}

// decode fills dst[:natts] with t's attributes. Datums of byte-string
// types point into the decoder's scratch space, valid until the next
// decode, unless copy is set.
func (d *decoder) decode(t itup, dst []types.Datum, copyOut bool) (int, error) {
	ix := d.ix
	n := t.natts(ix)
	hoff := itupHeaderSize
	hhoff := tuple.HeaderSize
	if t.hasNulls() {
		hoff = itupNullHeaderSize
		hhoff += (n + 7) / 8
	}
	hhoff = page.MaxAlignUp(hhoff)
	end := t.size()
	if t.isPivot() && t.tidOffset()&btPivotHeapTidAttr != 0 {
		end -= itemPointerSize
	}
	if end < hoff {
		end = hoff
	}
	need := hhoff + end - hoff
	var buf []byte
	if copyOut {
		buf = make([]byte, need)
	} else {
		if cap(d.scratch) < need {
			d.scratch = make([]byte, need, need*2)
		}
		buf = d.scratch[:need]
		clear(buf[:hhoff])
	}
	h := tuple.Header(buf)
	var mask uint16
	if t.hasNulls() {
		mask |= tuple.HasNull
		copy(buf[tuple.HeaderSize:], t[itupHeaderSize:itupHeaderSize+(n+7)/8])
	}
	h.SetInfomask(mask)
	h.SetInfomask2(uint16(n))
	buf[22] = byte(hhoff)
	copy(buf[hhoff:], t[hoff:end])
	detoast := decompress
	if d.note != nil {
		detoast = func(i int, stored []byte) ([]byte, error) {
			p, err := decompress(i, stored)
			if err == nil {
				d.note(p, toast.CompressedMethod(stored))
			}
			return p, err
		}
	}
	if err := d.deformer(n).Deform(buf, dst[:n], detoast); err != nil {
		return 0, err
	}
	return n, nil
}

// truncate builds the pivot tuple separating lastleft from firstright
// (_bt_truncate): firstright's leading attributes up to the first one
// that differs from lastleft; when every key column is equal, all of
// them plus lastleft's heap TID. lv and rv are their decoded values.
func (ix *Index) truncate(lastleft, firstright itup, lv, rv []types.Datum) (itup, error) {
	nk := ix.nkeys()
	keep := 0
	for keep < nk && ix.Keys[keep].compare(lv[keep], rv[keep]) == 0 {
		keep++
	}
	if keep < nk {
		// keep+1 attributes tell them apart
		rtid, _ := firstright.heapTID()
		p, err := ix.formTuple(rv[:keep+1], rtid)
		if err != nil {
			return nil, err
		}
		p.setNAtts(keep+1, false)
		return p, nil
	}
	// The heap TID is needed: firstright's key columns (all of
	// firstright, unless it has INCLUDE columns), plus lastleft's TID.
	keys := firstright[:firstright.size()]
	if ix.natts() > nk {
		rtid, _ := firstright.heapTID()
		k, err := ix.formTuple(rv[:nk], rtid)
		if err != nil {
			return nil, err
		}
		keys = k[:k.size()]
	}
	p := make(itup, page.MaxAlignUp(len(keys))+page.MaxAlign)
	copy(p, keys)
	p.setInfo(p.info()&^indexSizeMask | uint16(len(p)))
	p.setNAtts(nk, true)
	ltid, _ := lastleft.heapTID()
	putTID(p[len(p)-itemPointerSize:], ltid.Block, uint16(ltid.Offset))
	return p, nil
}

// minusInfinity is the first data item of an internal page: a pivot
// with no attributes whose downlink leads to the leftmost child.
func minusInfinity(downlink storage.BlockNumber) itup {
	t := make(itup, itupHeaderSize)
	t.setInfo(itupHeaderSize)
	t.setDownlink(downlink)
	t.setNAtts(0, false)
	return t
}

// itemAt returns the index tuple at off, in place.
func itemAt(p page.Page, off page.OffsetNumber) itup { return itup(p.Item(off)) }
