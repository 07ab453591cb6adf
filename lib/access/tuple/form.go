// Building tuples from Datums and reading them back.

package tuple

import (
	"fmt"
	"unsafe"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// rawBytes reports whether a type's Datum is its stored bytes as they are
// (byte strings); other variable-length types are stored in their binary
// wire format.
func rawBytes(oid uint32) bool {
	switch oid {
	// The common types answer without a type-table lookup, which shows in
	// the profile of scans and bulk inserts.
	case types.OidText, types.OidVarchar, types.OidBpchar, types.OidBytea, types.OidUnknown, types.OidJSON:
		return true
	case types.OidNumeric, types.OidInterval, types.OidInt4Array, types.OidTextArray:
		return false
	}
	t := types.ByOID(oid)
	return t != nil && t.Category == types.CatString && t.Len == -1
}

// RawBytes reports whether values of type oid are stored as their bytes
// as they are (byte strings: text, varchar, bpchar, bytea, json), as
// PostgreSQL stores them, rather than in their binary wire format.
func RawBytes(oid uint32) bool { return rawBytes(oid) }

// payload returns the bytes stored for a non-null value of attribute a.
func payload(a *Attr, d types.Datum, buf []byte) ([]byte, error) {
	if a.Len == -1 || a.Len == -2 {
		if rawBytes(a.TypeOID) {
			// A read-only view of the Datum's bytes, which are immutable:
			// no copy, which matters for values of many megabytes.
			s := d.Text()
			return unsafe.Slice(unsafe.StringData(s), len(s)), nil
		}
		return types.AppendBinary(buf[:0], a.TypeOID, d)
	}
	if a.ByVal {
		return nil, nil
	}
	if a.TypeOID == types.OidName {
		b := make([]byte, a.Len)
		copy(b[:a.Len-1], d.Text())
		return b, nil
	}
	b, err := types.AppendBinary(buf[:0], a.TypeOID, d)
	if err != nil {
		return nil, err
	}
	if len(b) != int(a.Len) {
		return nil, fmt.Errorf("value of type %d has %d bytes, column length is %d", a.TypeOID, len(b), a.Len)
	}
	return b, nil
}

// Payload returns the bytes attribute a stores for the non-null value d,
// without any varlena header: what the TOAST code measures and compresses.
// It is nil for by-value attributes. For byte-string types it shares d's
// memory: the caller must not modify it.
func Payload(a *Attr, d types.Datum) ([]byte, error) { return payload(a, d, nil) }

// Form builds a heap tuple (header included, transaction fields zero) from
// one Datum per attribute. Dropped attributes are stored as NULL.
func Form(desc *Desc, values []types.Datum) ([]byte, error) {
	return FormStored(desc, values, nil)
}

// FormStored is Form where some variable-length attributes are given in
// their final stored form instead of as Datums: when stored[i] is not nil
// it is the complete varlena for attribute i, header included, and is
// copied as it is: an inline compressed value (4-byte header, aligned as
// the attribute), an external TOAST pointer (1-byte header 0x01, tag,
// body; not aligned, and it sets HEAP_HASEXTERNAL) or a plain varlena.
// values[i] is then ignored (it must not be NULL). This is how the toaster
// builds a tuple after compressing or moving values out of line
// (PostgreSQL's heap_form_tuple over toast_values). stored may be nil.
func FormStored(desc *Desc, values []types.Datum, stored [][]byte) ([]byte, error) {
	return FormStoredInto(nil, desc, values, stored)
}

// FormStoredInto is FormStored building the tuple in scratch's memory
// when it is large enough (the result then shares it), for callers that
// copy the tuple elsewhere before forming the next.
func FormStoredInto(scratch []byte, desc *Desc, values []types.Datum, stored [][]byte) ([]byte, error) {
	n := len(desc.Attrs)
	if n > MaxAttrs {
		return nil, pgerr.Newf(pgerr.TooManyColumns, "number of columns (%d) exceeds limit (%d)", n, MaxAttrs)
	}
	hasNull := false
	for i := range desc.Attrs {
		if values[i].IsNull() || desc.Attrs[i].Dropped {
			hasNull = true
			break
		}
	}
	hoff := HeaderSize
	if hasNull {
		hoff += (n + 7) / 8
	}
	hoff = alignUp(hoff, MaxAlign)

	// First pass: payloads and the data size, so one allocation suffices.
	// Most tables are narrow: their payloads stay on the stack.
	var narrow [16][]byte
	payloads := narrow[:]
	if n > len(narrow) {
		payloads = make([][]byte, n)
	}
	size := hoff
	var infomask uint16
	if hasNull {
		infomask |= HasNull
	}
	for i := range desc.Attrs {
		a := &desc.Attrs[i]
		if values[i].IsNull() || a.Dropped {
			continue
		}
		if sv := storedAt(stored, i); sv != nil {
			infomask |= HasVarWidth
			switch {
			case sv[0] == 0x01:
				infomask |= HasExternal
				size += len(sv)
			case sv[0]&1 == 1:
				size += len(sv)
			default:
				size = alignUp(size, alignOf(a.Align)) + len(sv)
			}
			continue
		}
		p, err := payload(a, values[i], nil)
		if err != nil {
			return nil, err
		}
		payloads[i] = p
		switch {
		case a.Len == -1:
			infomask |= HasVarWidth
			if len(p)+shortHdrSz <= toastShort+1 && a.Storage != 'p' {
				size += shortHdrSz + len(p)
			} else {
				if len(p)+varhdrSz > maxVarlena {
					return nil, pgerr.Newf(pgerr.ProgramLimitExceeded, "value too long for a single row: %d bytes", len(p))
				}
				size = alignUp(size, alignOf(a.Align)) + varhdrSz + len(p)
			}
		case a.Len == -2:
			infomask |= HasVarWidth
			size += len(p) + 1
		default:
			size = alignUp(size, alignOf(a.Align)) + int(a.Len)
		}
	}

	var tup []byte
	if cap(scratch) >= size {
		tup = scratch[:size]
		clear(tup)
	} else {
		tup = make([]byte, size)
	}
	h := Header(tup)
	h.SetInfomask(infomask)
	h.SetInfomask2(uint16(n))
	tup[offHoff] = byte(hoff)
	off := hoff
	for i := range desc.Attrs {
		a := &desc.Attrs[i]
		if values[i].IsNull() || a.Dropped {
			continue
		}
		if hasNull {
			tup[HeaderSize+i/8] |= 1 << (i % 8)
		}
		if sv := storedAt(stored, i); sv != nil {
			if sv[0]&1 == 0 {
				off = alignUp(off, alignOf(a.Align))
			}
			off += copy(tup[off:], sv)
			continue
		}
		p := payloads[i]
		switch {
		case a.Len == -1:
			if len(p)+shortHdrSz <= toastShort+1 && a.Storage != 'p' {
				tup[off] = byte((len(p)+shortHdrSz)<<1 | 1)
				off++
			} else {
				off = alignUp(off, alignOf(a.Align))
				le.PutUint32(tup[off:], uint32(len(p)+varhdrSz)<<2)
				off += varhdrSz
			}
			off += copy(tup[off:], p)
		case a.Len == -2:
			off += copy(tup[off:], p) + 1
		case a.ByVal:
			off = alignUp(off, alignOf(a.Align))
			v := uint64(values[i].Int())
			switch a.Len {
			case 1:
				tup[off] = byte(v)
			case 2:
				le.PutUint16(tup[off:], uint16(v))
			case 4:
				le.PutUint32(tup[off:], uint32(v))
			case 8:
				le.PutUint64(tup[off:], v)
			}
			off += int(a.Len)
		default:
			off = alignUp(off, alignOf(a.Align))
			off += copy(tup[off:off+int(a.Len)], p)
		}
	}
	return tup, nil
}

func storedAt(stored [][]byte, i int) []byte {
	if i < len(stored) && len(stored[i]) > 0 {
		return stored[i]
	}
	return nil
}

// Deform decodes every attribute of tup into dst (len(dst) >= attributes
// in desc). Attributes missing from an older, shorter tuple (added later
// by ALTER TABLE) read as NULL. String Datums point into tup. A
// compressed or external (TOASTed) value is an error: use DeformDetoast.
func Deform(desc *Desc, tup []byte, dst []types.Datum) error {
	return DeformDetoast(desc, tup, dst, nil)
}

// Detoaster expands a TOASTed value: given attribute i's stored varlena
// (header included: an inline compressed value or an external pointer) it
// returns the value's plain payload, without header.
type Detoaster func(i int, stored []byte) ([]byte, error)

// DeformDetoast is Deform that hands compressed and external values to
// detoast and decodes what it returns; with a nil detoast they are
// reported as not supported. Datums of detoasted values point into the
// detoaster's result.
func DeformDetoast(desc *Desc, tup []byte, dst []types.Datum, detoast Detoaster) error {
	var buf [16]step
	d := Deformer{desc: desc}
	d.init(nil, buf[:0])
	return d.run(tup, dst, detoast, nil, nil)
}

// Arena holds the copies of stored bytes that the Datums DeformCopy
// decodes point to. Its chunks are never reused, so those Datums stay
// valid as long as anything refers to them.
type Arena struct {
	free []byte
	// chunk is the allocation free was last carved from, which Reset
	// hands out again.
	chunk []byte
	// ChunkSize is the size of the allocations copies are carved from,
	// 0 for 64 kB. An owner whose callers keep a few of many copies
	// (the catalog cache) sets it small: one kept copy holds its whole
	// chunk.
	ChunkSize int
}

// Reset makes the arena hand out its last allocation again from its
// start: every copy made before is overwritten by later ones. Only for
// an owner whose copies nobody keeps past the call (heap.Scan's
// LendValues).
func (a *Arena) Reset() { a.free = a.chunk }

// arenaChunk is the size of the allocations an Arena carves copies from.
const arenaChunk = 64 << 10

// Copy returns a copy of p in the arena.
func (a *Arena) Copy(p []byte) []byte {
	if len(p) > len(a.free) {
		size := a.ChunkSize
		if size == 0 {
			size = arenaChunk
		}
		a.chunk = make([]byte, max(len(p), size))
		a.free = a.chunk
	}
	c := a.free[:len(p):len(p)]
	copy(c, p)
	a.free = a.free[len(p):]
	return c
}

// Toasted is a compressed or external value that DeformCopy left for
// the caller to expand: attribute Attr's stored varlena, header included,
// copied into the arena.
type Toasted struct {
	Attr   int
	Stored []byte
}

// DecodeAttr decodes attribute i's plain (expanded) stored payload.
func DecodeAttr(desc *Desc, i int, payload []byte) (types.Datum, error) {
	return decodeVar(&desc.Attrs[i], payload)
}

func decodeVar(a *Attr, p []byte) (types.Datum, error) {
	if rawBytes(a.TypeOID) {
		return types.Bytes(p), nil
	}
	if a.TypeOID == types.OidAnyArray {
		return types.RecvAnyArray(p)
	}
	return types.ParseBinary(a.TypeOID, a.TypMod, p)
}

// skip steps over a stored attribute without decoding it.
func skip(a *Attr, tup []byte, off int) int {
	switch {
	case a.Len == -1:
		if tup[off] == 0 {
			off = alignUp(off, alignOf(a.Align))
		}
		if tup[off]&1 == 1 {
			if tup[off] == 1 { // external: 2-byte header + the body its tag implies
				return off + 2 + varTagSize(tup[off+1])
			}
			return off + int(tup[off]>>1)
		}
		return off + int(le.Uint32(tup[off:])>>2)
	case a.Len == -2:
		for tup[off] != 0 {
			off++
		}
		return off + 1
	}
	return alignUp(off, alignOf(a.Align)) + int(a.Len)
}

// varTagSize is VARTAG_SIZE: the body size of a 1-byte-header external
// value with the given tag (only VARTAG_ONDISK, 18, is ever on disk; the
// others are in-memory pointers of 8 bytes in PostgreSQL).
func varTagSize(tag byte) int {
	switch tag {
	case 18: // VARTAG_ONDISK: varatt_external
		return 16
	case 1, 2, 3: // VARTAG_INDIRECT, VARTAG_EXPANDED_RO/RW
		return 8
	}
	return 0
}

// StoredVarlenas calls fn for each non-null, non-dropped variable-length
// attribute of tup with its stored bytes, header included (a slice of
// tup): the toaster uses it to find the external values of an old tuple.
func StoredVarlenas(desc *Desc, tup []byte, fn func(i int, stored []byte)) {
	h := Header(tup)
	natts := h.NAttrs()
	off := h.Hoff()
	for i := range desc.Attrs {
		a := &desc.Attrs[i]
		if i >= natts {
			return
		}
		if h.IsNull(i) {
			continue
		}
		start := off
		if a.Len == -1 && tup[off] == 0 {
			start = alignUp(off, alignOf(a.Align))
		}
		off = skip(a, tup, off)
		if a.Len == -1 && !a.Dropped {
			fn(i, tup[start:off:off])
		}
	}
}

// storedAttrs returns, for attributes 0..n-1 of tup, their stored bytes
// (a varlena's header included), nil for a null, and missing[i] for an
// attribute the tuple is too short to hold (added to the table later).
func storedAttrs(desc *Desc, tup []byte, n int) (raw [][]byte, missing []bool) {
	h := Header(tup)
	natts := h.NAttrs()
	off := h.Hoff()
	raw, missing = make([][]byte, n), make([]bool, n)
	for i := 0; i < n && i < len(desc.Attrs); i++ {
		a := &desc.Attrs[i]
		if i >= natts {
			missing[i] = true
			continue
		}
		if h.IsNull(i) {
			continue
		}
		start := off
		if a.Len == -1 && tup[off] == 0 || a.Len > 0 {
			start = alignUp(off, alignOf(a.Align))
		}
		off = skip(a, tup, off)
		raw[i] = tup[start:off:off]
	}
	return raw, missing
}

// SameStored reports whether tuples a and b (of desc's row type) store
// byte-identical values in each of attrs (0-based), nulls equal to nulls
// (heap_attr_equals, which decides whether an UPDATE changed an indexed
// column). An attribute one of them is too short to hold counts as
// changed.
func SameStored(desc *Desc, a, b []byte, attrs []int) bool {
	n := 0
	for _, i := range attrs {
		n = max(n, i+1)
	}
	ra, ma := storedAttrs(desc, a, n)
	rb, mb := storedAttrs(desc, b, n)
	for _, i := range attrs {
		if ma[i] || mb[i] || (ra[i] == nil) != (rb[i] == nil) || string(ra[i]) != string(rb[i]) {
			return false
		}
	}
	return true
}
