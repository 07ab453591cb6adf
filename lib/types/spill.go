// This file encodes values compactly for the executor's temporary files
// (PostgreSQL writes MinimalTuples to them): a sort, hash table or row
// store beyond work_mem writes its rows with AppendSpill and reads them
// back with DecodeSpill, getting values equal in every respect (type,
// display scale, array bounds, record descriptor) to those written.

package types

import (
	"encoding/binary"
	"math"
	"unsafe"

	"github.com/cockroachdb/apd/v3"
	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// Spill encoding tags: the first byte of each encoded value.
const (
	spillNull    = 0
	spillVarint  = 1 // by-value (or empty string): the value word, zig-zag varint
	spillFixed   = 2 // by-value: the value word, 8 bytes little-endian
	spillBytes   = 3 // byte string: uvarint length, bytes
	spillNumeric = 4
	spillIntvl   = 5
	spillArray   = 6
	spillRecord  = 7
	spillEnum    = 8
	spillJSONB   = 9
	spillSide    = 10 // a value kept in memory beside the file (SpillSide)
)

// SpillSide holds what a spill file refers to but does not contain: the
// record descriptors and enum labels its values point at (shared, few),
// and values of types this encoding does not know, which stay in memory.
// The writer and reader of one file share it.
type SpillSide struct {
	descs   []*RowDesc
	descIdx map[*RowDesc]int
	labels  []*EnumLabel
	lblIdx  map[*EnumLabel]int
	values  []Datum
}

func (s *SpillSide) desc(d *RowDesc) int {
	if i, ok := s.descIdx[d]; ok {
		return i
	}
	if s.descIdx == nil {
		s.descIdx = map[*RowDesc]int{}
	}
	s.descs = append(s.descs, d)
	s.descIdx[d] = len(s.descs) - 1
	return len(s.descs) - 1
}

func (s *SpillSide) label(l *EnumLabel) int {
	if i, ok := s.lblIdx[l]; ok {
		return i
	}
	if s.lblIdx == nil {
		s.lblIdx = map[*EnumLabel]int{}
	}
	s.labels = append(s.labels, l)
	s.lblIdx[l] = len(s.labels) - 1
	return len(s.labels) - 1
}

// AppendSpill appends the encoding of d, a value of type oid, to dst. oid
// is needed only for values whose representation does not tell their
// kind (numeric, interval, jsonb); 0 is allowed for a value of a type the
// caller does not know, which is then encoded by its representation or
// kept in side.
func AppendSpill(dst []byte, oid uint32, d Datum, side *SpillSide) []byte {
	switch {
	case d.p == nil:
		return append(dst, spillNull)
	case d.p == unsafe.Pointer(&marker):
		// By-value types and empty strings share this form.
		v := int64(d.n)
		if v >= -1<<48 && v < 1<<48 {
			dst = append(dst, spillVarint)
			return binary.AppendVarint(dst, v)
		}
		dst = append(dst, spillFixed)
		return binary.LittleEndian.AppendUint64(dst, d.n)
	case d.n == arrayTag:
		a := d.Array()
		dst = append(dst, spillArray)
		dst = binary.AppendUvarint(dst, uint64(a.Elem))
		dst = binary.AppendUvarint(dst, uint64(len(a.Dims)))
		for i := range a.Dims {
			dst = binary.AppendVarint(dst, int64(a.Dims[i]))
			dst = binary.AppendVarint(dst, int64(a.Lbound[i]))
		}
		dst = binary.AppendUvarint(dst, uint64(len(a.Elems)))
		for _, e := range a.Elems {
			dst = AppendSpill(dst, a.Elem, e, side)
		}
		return dst
	case d.n == recordTag:
		r := d.Record()
		dst = append(dst, spillRecord)
		dst = binary.AppendUvarint(dst, uint64(side.desc(r.Desc)))
		dst = binary.AppendUvarint(dst, uint64(len(r.Values)))
		for i, v := range r.Values {
			var t uint32
			if r.Desc != nil && i < len(r.Desc.Types) {
				t = r.Desc.Types[i]
			}
			dst = AppendSpill(dst, t, v, side)
		}
		return dst
	case d.IsEnum():
		dst = append(dst, spillEnum)
		return binary.AppendUvarint(dst, uint64(side.label(d.Enum())))
	}
	base := DomainBase(oid)
	switch {
	case base == OidNumeric:
		x := d.Numeric()
		dst = append(dst, spillNumeric, byte(x.Form))
		if x.Negative {
			dst = append(dst, 1)
		} else {
			dst = append(dst, 0)
		}
		dst = binary.AppendVarint(dst, int64(x.Exponent))
		c := x.Coeff.Bytes()
		dst = binary.AppendUvarint(dst, uint64(len(c)))
		return append(dst, c...)
	case base == OidInterval:
		iv := d.Interval()
		dst = append(dst, spillIntvl)
		dst = binary.AppendVarint(dst, iv.Micros)
		dst = binary.AppendVarint(dst, int64(iv.Days))
		return binary.AppendVarint(dst, int64(iv.Months))
	case base == OidJSONB:
		dst = append(dst, spillJSONB)
		return appendSpillJSON(dst, d.JSONB())
	case d.n > 0 && d.n < 1<<32:
		// A pointer whose value word is a length is a byte string (the
		// Datum representation's rule), whatever oid says.
		s := d.Text()
		dst = append(dst, spillBytes)
		dst = binary.AppendUvarint(dst, uint64(len(s)))
		return append(dst, s...)
	}
	side.values = append(side.values, d)
	dst = append(dst, spillSide)
	return binary.AppendUvarint(dst, uint64(len(side.values)-1))
}

func appendSpillJSON(dst []byte, v *JSON) []byte {
	dst = append(dst, byte(v.Kind))
	dst = appendSpillString(dst, v.Str)
	dst = appendSpillString(dst, v.Raw)
	if v.Bool {
		dst = append(dst, 1)
	} else {
		dst = append(dst, 0)
	}
	if v.Num != nil {
		dst = AppendSpill(append(dst, 1), OidNumeric, Numeric(v.Num), nil)
	} else {
		dst = append(dst, 0)
	}
	dst = binary.AppendUvarint(dst, uint64(len(v.Elems)))
	for _, e := range v.Elems {
		dst = appendSpillJSON(dst, e)
	}
	dst = binary.AppendUvarint(dst, uint64(len(v.Keys)))
	for i, k := range v.Keys {
		dst = appendSpillString(dst, k)
		dst = appendSpillJSON(dst, v.Vals[i])
	}
	return dst
}

func appendSpillString(dst []byte, s string) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(s)))
	return append(dst, s...)
}

// spillDecoder reads values from one buffer. Byte strings point into the
// buffer, which the caller hands over.
type spillDecoder struct {
	b    []byte
	pos  int
	side *SpillSide
	err  bool
}

func corruptSpill() error {
	return pgerr.New(pgerr.DataCorrupted, "could not read from temporary file: unexpected data")
}

func (r *spillDecoder) byte() byte {
	if r.pos >= len(r.b) {
		r.err = true
		return 0
	}
	c := r.b[r.pos]
	r.pos++
	return c
}

func (r *spillDecoder) uvarint() uint64 {
	v, n := binary.Uvarint(r.b[r.pos:])
	if n <= 0 {
		r.err = true
		return 0
	}
	r.pos += n
	return v
}

func (r *spillDecoder) varint() int64 {
	v, n := binary.Varint(r.b[r.pos:])
	if n <= 0 {
		r.err = true
		return 0
	}
	r.pos += n
	return v
}

func (r *spillDecoder) bytes() []byte {
	n := r.uvarint()
	if r.err || n > uint64(len(r.b)-r.pos) {
		r.err = true
		return nil
	}
	b := r.b[r.pos : r.pos+int(n) : r.pos+int(n)]
	r.pos += int(n)
	return b
}

func (r *spillDecoder) string() string {
	b := r.bytes()
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// count reads a length that must not exceed the bytes left (every element
// takes at least one byte), so that corrupt input cannot ask for a huge
// allocation.
func (r *spillDecoder) count() int {
	n := r.uvarint()
	if n > uint64(len(r.b)-r.pos) {
		r.err = true
		return 0
	}
	return int(n)
}

func (r *spillDecoder) datum() Datum {
	if r.err {
		return Null
	}
	switch r.byte() {
	case spillNull:
		return Null
	case spillVarint:
		return byVal(uint64(r.varint()))
	case spillFixed:
		if r.pos+8 > len(r.b) {
			r.err = true
			return Null
		}
		v := binary.LittleEndian.Uint64(r.b[r.pos:])
		r.pos += 8
		return byVal(v)
	case spillBytes:
		return Bytes(r.bytes())
	case spillNumeric:
		x := new(apd.Decimal)
		x.Form = apd.Form(r.byte())
		x.Negative = r.byte() == 1
		e := r.varint()
		if e < math.MinInt32 || e > math.MaxInt32 {
			r.err = true
			return Null
		}
		x.Exponent = int32(e)
		x.Coeff.SetBytes(r.bytes())
		return Numeric(x)
	case spillIntvl:
		var iv Interval
		iv.Micros = r.varint()
		iv.Days = int32(r.varint())
		iv.Months = int32(r.varint())
		return IntervalDatum(iv)
	case spillArray:
		a := &Array{Elem: uint32(r.uvarint())}
		nd := r.count()
		if nd > 0 {
			a.Dims, a.Lbound = make([]int32, nd), make([]int32, nd)
			for i := 0; i < nd; i++ {
				a.Dims[i] = int32(r.varint())
				a.Lbound[i] = int32(r.varint())
			}
		}
		if ne := r.count(); ne > 0 {
			a.Elems = make([]Datum, ne)
			for i := range a.Elems {
				a.Elems[i] = r.datum()
			}
		}
		return ArrayDatum(a)
	case spillRecord:
		i := r.uvarint()
		if i >= uint64(len(r.side.descs)) {
			r.err = true
			return Null
		}
		rec := &Record{Desc: r.side.descs[i], Values: make([]Datum, r.count())}
		for j := range rec.Values {
			rec.Values[j] = r.datum()
		}
		return RecordDatum(rec)
	case spillEnum:
		i := r.uvarint()
		if i >= uint64(len(r.side.labels)) {
			r.err = true
			return Null
		}
		return EnumDatum(r.side.labels[i])
	case spillJSONB:
		return JSONBDatum(r.json(0))
	case spillSide:
		i := r.uvarint()
		if i >= uint64(len(r.side.values)) {
			r.err = true
			return Null
		}
		return r.side.values[i]
	}
	r.err = true
	return Null
}

func (r *spillDecoder) json(depth int) *JSON {
	if r.err || depth > 10000 {
		r.err = true
		return &JSON{}
	}
	v := &JSON{Kind: JSONKind(r.byte())}
	v.Str = r.string()
	v.Raw = r.string()
	v.Bool = r.byte() == 1
	if r.byte() == 1 {
		if d := r.datum(); !d.IsNull() && !r.err {
			v.Num = d.Numeric()
		}
	}
	if n := r.count(); n > 0 {
		v.Elems = make([]*JSON, n)
		for i := range v.Elems {
			v.Elems[i] = r.json(depth + 1)
		}
	}
	if n := r.count(); n > 0 {
		v.Keys, v.Vals = make([]string, n), make([]*JSON, n)
		for i := range v.Keys {
			v.Keys[i] = r.string()
			v.Vals[i] = r.json(depth + 1)
		}
	}
	return v
}

// DecodeSpill decodes len(dst) values that AppendSpill wrote into b,
// with the same side, into dst. The values' bytes point into b, which the
// caller hands over and must not modify.
func DecodeSpill(dst []Datum, b []byte, side *SpillSide) error {
	r := spillDecoder{b: b, side: side}
	for i := range dst {
		dst[i] = r.datum()
	}
	if r.err || r.pos != len(b) {
		return corruptSpill()
	}
	return nil
}

// SpillSize estimates the memory a value of type oid holds beyond its
// 16-byte Datum, for work_mem accounting (PostgreSQL's GetMemoryChunkSpace
// of a tuple's datums).
func SpillSize(oid uint32, d Datum) int64 {
	switch {
	case d.p == nil || d.p == unsafe.Pointer(&marker):
		return 0
	case d.n == arrayTag:
		a := d.Array()
		n := int64(64 + 16*len(a.Elems))
		if len(a.Elems) > 0 && !d.Array().elemsByValue() {
			for _, e := range a.Elems {
				n += SpillSize(a.Elem, e)
			}
		}
		return n
	case d.n == recordTag:
		rec := d.Record()
		n := int64(48 + 16*len(rec.Values))
		for i, v := range rec.Values {
			var t uint32
			if rec.Desc != nil && i < len(rec.Desc.Types) {
				t = rec.Desc.Types[i]
			}
			n += SpillSize(t, v)
		}
		return n
	case d.IsEnum():
		return 0
	case d.n > 0 && d.n < 1<<32:
		// Byte strings; other types with a length word are counted alike.
		return int64(d.n)
	}
	switch DomainBase(oid) {
	case OidNumeric:
		return 64 + int64(d.Numeric().Coeff.BitLen()/8)
	case OidInterval:
		return 16
	case OidJSONB:
		return spillJSONSize(d.JSONB())
	}
	return 64
}

func spillJSONSize(v *JSON) int64 {
	n := int64(128 + len(v.Str) + len(v.Raw))
	for _, e := range v.Elems {
		n += 8 + spillJSONSize(e)
	}
	for i, k := range v.Keys {
		n += 24 + int64(len(k)) + spillJSONSize(v.Vals[i])
	}
	return n
}

// elemsByValue reports whether the first element of a non-empty array is
// by value, so its elements hold no memory beyond their Datums.
func (a *Array) elemsByValue() bool {
	for _, e := range a.Elems {
		if !e.IsNull() {
			return e.p == unsafe.Pointer(&marker)
		}
	}
	return true
}
