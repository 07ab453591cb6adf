// HeapTupleHeaderData field access.

package tuple

import "encoding/binary"

// Offsets in HeapTupleHeaderData.
const (
	offXmin     = 0
	offXmax     = 4
	offCid      = 8
	offCtidBlk  = 12
	offCtidPos  = 16
	offInfo2    = 18
	offInfo     = 20
	offHoff     = 22
	HeaderSize  = 23 // SizeofHeapTupleHeader
	MaxAlign    = 8
	MaxAttrs    = 1600 // MaxHeapAttributeNumber
	natsMask    = 0x07FF
	toastShort  = 126 // largest value with a 1-byte varlena header
	varhdrSz    = 4
	shortHdrSz  = 1
	maxVarlena  = 0x3FFFFFFF
	infoMaskAll = 0xFFFF
)

// t_infomask bits.
const (
	HasNull         = 0x0001
	HasVarWidth     = 0x0002
	HasExternal     = 0x0004
	XmaxKeyShrLock  = 0x0010
	ComboCid        = 0x0020
	XmaxExclLock    = 0x0040
	XmaxLockOnly    = 0x0080
	XminCommitted   = 0x0100
	XminInvalid     = 0x0200
	XmaxCommitted   = 0x0400
	XmaxInvalid     = 0x0800
	XmaxIsMulti     = 0x1000
	Updated         = 0x2000
	XminFrozen      = XminCommitted | XminInvalid
	XactInfoMaskAll = XminCommitted | XminInvalid | XmaxCommitted | XmaxInvalid | XmaxIsMulti | XmaxLockOnly | XmaxExclLock | XmaxKeyShrLock | ComboCid
)

// t_infomask2 bits.
const (
	KeysUpdated = 0x2000
	HotUpdated  = 0x4000
	OnlyTuple   = 0x8000
)

// Header is a view of a tuple's header bytes.
type Header []byte

var le = binary.LittleEndian

func (h Header) Xmin() uint32         { return le.Uint32(h[offXmin:]) }
func (h Header) SetXmin(x uint32)     { le.PutUint32(h[offXmin:], x) }
func (h Header) Xmax() uint32         { return le.Uint32(h[offXmax:]) }
func (h Header) SetXmax(x uint32)     { le.PutUint32(h[offXmax:], x) }
func (h Header) Cid() uint32          { return le.Uint32(h[offCid:]) }
func (h Header) SetCid(c uint32)      { le.PutUint32(h[offCid:], c) }
func (h Header) Infomask() uint16     { return le.Uint16(h[offInfo:]) }
func (h Header) SetInfomask(m uint16) { le.PutUint16(h[offInfo:], m) }
func (h Header) Infomask2() uint16    { return le.Uint16(h[offInfo2:]) }
func (h Header) SetInfomask2(m uint16) {
	le.PutUint16(h[offInfo2:], m)
}
func (h Header) Hoff() int   { return int(h[offHoff]) }
func (h Header) NAttrs() int { return int(h.Infomask2() & natsMask) }

// Ctid returns the tuple's t_ctid: its own position, or its successor's
// after an UPDATE.
func (h Header) Ctid() (block uint32, offset uint16) {
	hi := uint32(le.Uint16(h[offCtidBlk:]))
	lo := uint32(le.Uint16(h[offCtidBlk+2:]))
	return hi<<16 | lo, le.Uint16(h[offCtidPos:])
}

// SetCtid sets t_ctid.
func (h Header) SetCtid(block uint32, offset uint16) {
	le.PutUint16(h[offCtidBlk:], uint16(block>>16))
	le.PutUint16(h[offCtidBlk+2:], uint16(block))
	le.PutUint16(h[offCtidPos:], offset)
}

// SetFlags ORs bits into t_infomask.
func (h Header) SetFlags(bits uint16) { h.SetInfomask(h.Infomask() | bits) }

// ClearFlags clears bits in t_infomask.
func (h Header) ClearFlags(bits uint16) { h.SetInfomask(h.Infomask() &^ bits) }

// IsNull reports whether attribute i (0-based) is NULL.
func (h Header) IsNull(i int) bool {
	if h.Infomask()&HasNull == 0 {
		return false
	}
	return h[HeaderSize+i/8]&(1<<(i%8)) == 0
}
