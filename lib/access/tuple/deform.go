// Decoding stored tuples (heap_deform_tuple and slot_deform_heap_tuple of
// heaptuple.c). A Deformer holds what can be worked out once per
// descriptor: how each attribute is decoded, and the offsets of the
// leading fixed-length attributes, which are the same in every tuple
// without NULLs (PostgreSQL's attcacheoff), so that a scan reading only
// the third column jumps to it.

package tuple

import (
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// Deformer decodes tuples of one descriptor.
type Deformer struct {
	desc  *Desc
	steps []step // one per attribute walked: the attributes up to the last needed
	// cached is how many leading attributes have a fixed offset (step.off)
	// in a tuple without NULLs.
	cached int
	// first is the first attribute decoded: those before it are only
	// stepped over, and in a tuple without NULLs jumped over when it is
	// cached.
	first int
}

// stepKind is how an attribute's stored bytes become a Datum.
type stepKind uint8

const (
	kindByVal1 stepKind = iota
	kindByVal2
	kindInt4  // int4 and the other signed 4-byte types
	kindUint4 // float4's bits, oid and the reg* types
	kindByVal8
	kindName    // name: NUL-padded fixed length
	kindFixed   // other fixed-length types: ParseBinary
	kindVarRaw  // variable-length types whose Datum is the bytes
	kindVarlena // other variable-length types: ParseBinary
	kindCString // attlen -2
)

// step is one attribute's decoding.
type step struct {
	attr  *Attr
	kind  stepKind
	align int
	// skip: the value is not wanted (not needed, or a dropped column)
	// and is stepped over, reading as NULL.
	skip bool
	off  int32 // offset after t_hoff, for the first cached attributes
}

// NewDeformer prepares to decode tuples of desc. need, when not nil,
// names the attributes the caller reads (need[i] for attribute i,
// missing entries false): the others are left NULL without being copied,
// expanded or decoded, and decoding stops after the last needed one, as
// PostgreSQL's slot_getsomeattrs does.
func NewDeformer(desc *Desc, need []bool) *Deformer {
	d := &Deformer{desc: desc}
	d.init(need, nil)
	return d
}

// init works out the steps, appending them to buf.
func (d *Deformer) init(need []bool, buf []step) {
	attrs := d.desc.Attrs
	last := len(attrs)
	if need != nil {
		last = min(len(need), len(attrs))
		for last > 0 && !need[last-1] {
			last--
		}
	}
	d.steps = buf
	d.cached = 0
	d.first = -1
	off, fixed := 0, true
	for i := range attrs[:last] {
		a := &attrs[i]
		st := step{attr: a, align: alignOf(a.Align), skip: a.Dropped || need != nil && !need[i]}
		switch {
		case a.Len == -1:
			st.kind = kindVarlena
			if rawBytes(a.TypeOID) {
				st.kind = kindVarRaw
			}
		case a.Len == -2:
			st.kind = kindCString
		case a.ByVal:
			switch a.Len {
			case 1:
				st.kind = kindByVal1
			case 2:
				st.kind = kindByVal2
			case 4:
				st.kind = kindInt4
				switch a.TypeOID {
				case types.OidFloat4, types.OidOid, types.OidRegclass, types.OidRegtype, types.OidRegproc:
					st.kind = kindUint4
				}
			default:
				st.kind = kindByVal8
			}
		case a.TypeOID == types.OidName:
			st.kind = kindName
		default:
			st.kind = kindFixed
		}
		if fixed {
			d.cached = i + 1
			if a.Len > 0 {
				off = alignUp(off, st.align)
				st.off = int32(off)
				off += int(a.Len)
			} else {
				// A variable-length attribute starts right after the
				// previous one, or aligned when its header byte says so
				// (a 4-byte header is padded to it: the pad bytes are
				// zero), which run reads; where the next one starts
				// depends on its length.
				st.off = int32(off)
				fixed = false
			}
		}
		if d.first < 0 && !st.skip {
			d.first = i
		}
		d.steps = append(d.steps, st)
	}
	if d.first < 0 {
		d.first = len(d.steps)
	}
}

// FirstByVal decodes attribute 0 from data, the bytes that follow a
// tuple's header (aligned, as t_hoff always is), when that attribute is
// a pass-by-value type and the tuple has no NULLs; ok is false for other
// types. B-tree searches compare their first key column with it without
// decoding the whole tuple.
func (d *Deformer) FirstByVal(data []byte) (v types.Datum, ok bool) {
	if len(d.steps) == 0 || d.steps[0].skip {
		return types.Null, false
	}
	switch d.steps[0].kind {
	case kindByVal1:
		if len(data) >= 1 {
			return types.Int(int64(data[0])), true
		}
	case kindByVal2:
		if len(data) >= 2 {
			return types.Int(int64(int16(le.Uint16(data)))), true
		}
	case kindInt4:
		if len(data) >= 4 {
			return types.Int(int64(int32(le.Uint32(data)))), true
		}
	case kindUint4:
		if len(data) >= 4 {
			return types.Int(int64(le.Uint32(data))), true
		}
	case kindByVal8:
		if len(data) >= 8 {
			return types.Int(int64(le.Uint64(data))), true
		}
	}
	return types.Null, false
}

// Copy is Deform for a tuple that lies in a shared buffer the caller
// holds locked: the bytes a Datum would point to are copied into arena
// first, so the Datums outlive the lock, and TOASTed values, which must
// not be fetched under the buffer's lock, are left NULL in dst and
// appended to toasted, for the caller to expand (with its Detoaster) and
// decode (with DecodeAttr) once the lock is released.
func (d *Deformer) Copy(tup []byte, dst []types.Datum, arena *Arena, toasted *[]Toasted) error {
	return d.run(tup, dst, nil, arena, toasted)
}

// run decodes tup into dst: DeformDetoast when arena is nil, Copy
// otherwise.
func (d *Deformer) run(tup []byte, dst []types.Datum, detoast Detoaster, arena *Arena, toasted *[]Toasted) error {
	h := Header(tup)
	natts := h.NAttrs()
	hoff := h.Hoff()
	hasNulls := h.Infomask()&HasNull != 0
	steps := d.steps
	for i := len(steps); i < len(d.desc.Attrs); i++ {
		dst[i] = types.Null
	}
	cached := d.cached
	if hasNulls {
		// Offsets after a NULL move: find each by walking.
		cached = 0
	}
	off := hoff
	start := 0
	if d.first < cached && natts > d.first {
		for i := range d.first {
			dst[i] = types.Null
		}
		start = d.first
	}
	for i := start; i < len(steps); i++ {
		st := &steps[i]
		if i >= natts || hasNulls && tup[HeaderSize+i/8]&(1<<(i%8)) == 0 {
			dst[i] = types.Null
			continue
		}
		if i < cached {
			off = hoff + int(st.off)
		}
		if st.skip {
			dst[i] = types.Null
			if i+1 >= cached {
				off = skip(st.attr, tup, off)
			}
			continue
		}
		switch st.kind {
		case kindByVal1:
			dst[i] = types.Int(int64(tup[off]))
			off++
		case kindByVal2:
			off = alignUp(off, st.align)
			dst[i] = types.Int(int64(int16(le.Uint16(tup[off:]))))
			off += 2
		case kindInt4:
			off = alignUp(off, st.align)
			dst[i] = types.Int(int64(int32(le.Uint32(tup[off:]))))
			off += 4
		case kindUint4:
			off = alignUp(off, st.align)
			dst[i] = types.Int(int64(le.Uint32(tup[off:])))
			off += 4
		case kindByVal8:
			off = alignUp(off, st.align)
			dst[i] = types.Int(int64(le.Uint64(tup[off:])))
			off += 8
		case kindName, kindFixed:
			a := st.attr
			off = alignUp(off, st.align)
			p := tup[off : off+int(a.Len)]
			if arena != nil {
				p = arena.Copy(p)
			}
			off += int(a.Len)
			if st.kind == kindName {
				n := 0
				for n < len(p) && p[n] != 0 {
					n++
				}
				dst[i] = types.Bytes(p[:n])
				continue
			}
			v, err := types.ParseBinary(a.TypeOID, a.TypMod, p)
			if err != nil {
				return err
			}
			dst[i] = v
		case kindCString:
			end := off
			for tup[end] != 0 {
				end++
			}
			if arena != nil {
				dst[i] = types.Bytes(arena.Copy(tup[off:end]))
			} else {
				dst[i] = types.Bytes(tup[off:end])
			}
			off = end + 1
		default: // kindVarRaw, kindVarlena
			a := st.attr
			if tup[off] == 0 {
				off = alignUp(off, st.align)
			}
			var p []byte
			if tup[off]&1 == 1 {
				if tup[off] == 1 {
					end := skip(a, tup, off)
					if arena != nil {
						*toasted = append(*toasted, Toasted{Attr: i, Stored: arena.Copy(tup[off:end])})
						dst[i] = types.Null
						off = end
						continue
					}
					if detoast == nil {
						return pgerr.New(pgerr.FeatureNotSupported, "external TOAST values are not supported here")
					}
					var err error
					if p, err = detoast(i, tup[off:end:end]); err != nil {
						return err
					}
					off = end
				} else {
					l := int(tup[off] >> 1)
					p = tup[off+1 : off+l]
					if arena != nil {
						p = arena.Copy(p)
					}
					off += l
				}
			} else {
				word := le.Uint32(tup[off:])
				l := int(word >> 2)
				if word&3 != 0 {
					if arena != nil {
						*toasted = append(*toasted, Toasted{Attr: i, Stored: arena.Copy(tup[off : off+l])})
						dst[i] = types.Null
						off += l
						continue
					}
					if detoast == nil {
						return pgerr.New(pgerr.FeatureNotSupported, "compressed values are not supported here")
					}
					var err error
					if p, err = detoast(i, tup[off:off+l:off+l]); err != nil {
						return err
					}
				} else {
					p = tup[off+varhdrSz : off+l]
					if arena != nil {
						p = arena.Copy(p)
					}
				}
				off += l
			}
			if st.kind == kindVarRaw {
				dst[i] = types.Bytes(p)
				continue
			}
			v, err := decodeVar(a, p)
			if err != nil {
				return err
			}
			dst[i] = v
		}
	}
	return nil
}

// Deform decodes every attribute of tup into dst without copying: string
// Datums point into tup, as with the package-level DeformDetoast (and
// compressed values go through detoast, which may be nil), but the
// descriptor's walk is worked out once (index AMs decode many tuples of
// one descriptor while searching a page).
func (d *Deformer) Deform(tup []byte, dst []types.Datum, detoast Detoaster) error {
	return d.run(tup, dst, detoast, nil, nil)
}
