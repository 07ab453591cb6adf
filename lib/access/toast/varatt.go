// The stored forms of TOASTed values (PostgreSQL's varatt.h, postgres.h in
// version 15, and toast_compression.c): the inline compressed varlena and
// the external TOAST pointer, and the TOAST size limits for 8 kB pages.

package toast

import (
	"encoding/binary"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

var le = binary.LittleEndian

// Size limits for BLCKSZ 8192 (heaptoast.h).
const (
	// TupleThreshold is TOAST_TUPLE_THRESHOLD: a heap tuple longer than
	// this is handed to the toaster.
	TupleThreshold = 2032
	// TupleTarget is TOAST_TUPLE_TARGET: the toaster compresses and moves
	// values out until the tuple's data fits in this (minus its header).
	TupleTarget = 2032
	// TupleTargetMain is TOAST_TUPLE_TARGET_MAIN: the larger target used
	// before moving storage-MAIN values out of line (MaxHeapTupleSize).
	TupleTargetMain = 8160
	// MaxChunkSize is TOAST_MAX_CHUNK_SIZE: the payload of one row of a
	// TOAST table (EXTERN_TUPLE_MAX_SIZE - MAXALIGN(header) - oid - int4 -
	// varlena header).
	MaxChunkSize = 1996
	// PointerSize is TOAST_POINTER_SIZE: an on-disk external pointer with
	// its two-byte header.
	PointerSize = 2 + externalSize
	// VarHdrSz is VARHDRSZ, the four-byte varlena header.
	VarHdrSz = 4
	// CompressedHdrSz is VARHDRSZ_COMPRESSED: header plus va_tcinfo.
	CompressedHdrSz = 8
	// MaxVarlenaSize is the largest value a varlena can hold with its
	// header (1 GB - 1).
	MaxVarlenaSize = 0x3FFFFFFF
)

// Vartags of 1-byte-header external values (vartag_external).
const (
	VartagIndirect   = 1
	VartagExpandedRO = 2
	VartagExpandedRW = 3
	VartagOnDisk     = 18
)

// Compression methods as stored in the top two bits of va_tcinfo and
// va_extinfo (ToastCompressionId).
const (
	MethodPGLZ    = 0
	MethodLZ4     = 1
	MethodInvalid = 2
)

const (
	externalSize = 16 // sizeof(varatt_external)
	extSizeBits  = 30 // VARLENA_EXTSIZE_BITS
	extSizeMask  = 1<<extSizeBits - 1
)

// External is varatt_external, the body of an on-disk TOAST pointer.
type External struct {
	RawSize    int32  // va_rawsize: original data size, varlena header included
	ExtInfo    uint32 // va_extinfo: stored size (low 30 bits) and compression method
	ValueID    uint32 // va_valueid: chunk_id of the value's rows in the TOAST table
	ToastRelID uint32 // va_toastrelid: OID of the TOAST table
}

// ExtSize is the number of bytes stored in the TOAST table
// (VARATT_EXTERNAL_GET_EXTSIZE).
func (e External) ExtSize() int { return int(e.ExtInfo & extSizeMask) }

// Method is the compression method of a compressed value
// (VARATT_EXTERNAL_GET_COMPRESS_METHOD).
func (e External) Method() int { return int(e.ExtInfo >> extSizeBits) }

// IsCompressed reports whether the stored bytes are a compressed datum
// (VARATT_EXTERNAL_IS_COMPRESSED).
func (e External) IsCompressed() bool { return e.ExtSize() < int(e.RawSize)-VarHdrSz }

// NewExternal builds the pointer for extsize stored bytes of a value of
// rawsize bytes (header included), compressed with method or, when
// method is MethodInvalid, stored as is.
func NewExternal(rawsize int, extsize int, method int, valueID, toastRelID uint32) External {
	info := uint32(extsize)
	if method != MethodInvalid {
		info |= uint32(method) << extSizeBits
	}
	return External{RawSize: int32(rawsize), ExtInfo: info, ValueID: valueID, ToastRelID: toastRelID}
}

// Encode returns the 18-byte stored pointer: the 1-byte external header
// 0x01, the tag VARTAG_ONDISK, then the four fields little-endian.
func (e External) Encode() []byte {
	b := make([]byte, PointerSize)
	b[0], b[1] = 0x01, VartagOnDisk
	le.PutUint32(b[2:], uint32(e.RawSize))
	le.PutUint32(b[6:], e.ExtInfo)
	le.PutUint32(b[10:], e.ValueID)
	le.PutUint32(b[14:], e.ToastRelID)
	return b
}

// IsExternal reports whether a stored varlena is a 1-byte-header external
// value (VARATT_IS_EXTERNAL).
func IsExternal(stored []byte) bool { return len(stored) >= 2 && stored[0] == 0x01 }

// IsCompressed reports whether a stored varlena is an inline compressed
// value (VARATT_IS_COMPRESSED: a 4-byte header with the bits 10).
func IsCompressed(stored []byte) bool { return len(stored) >= 4 && stored[0]&0x03 == 0x02 }

// DecodeExternal reads an on-disk TOAST pointer.
func DecodeExternal(stored []byte) (External, error) {
	if !IsExternal(stored) {
		return External{}, pgerr.New(pgerr.DataCorrupted, "value is not an external TOAST pointer")
	}
	if stored[1] != VartagOnDisk {
		return External{}, pgerr.Newf(pgerr.DataCorrupted, "unrecognized vartag %d in stored external value", stored[1])
	}
	if len(stored) < PointerSize {
		return External{}, pgerr.Newf(pgerr.DataCorrupted, "external TOAST pointer of %d bytes", len(stored))
	}
	return External{
		RawSize:    int32(le.Uint32(stored[2:])),
		ExtInfo:    le.Uint32(stored[6:]),
		ValueID:    le.Uint32(stored[10:]),
		ToastRelID: le.Uint32(stored[14:]),
	}, nil
}

// AttrMethod is the method a column's values are compressed with: its
// attcompression ('p' pglz, 'l' lz4), or def when it names none
// (default_toast_compression; CompressionMethodIsValid).
func AttrMethod(attcompression byte, def int) int {
	switch attcompression {
	case 'p':
		return MethodPGLZ
	case 'l':
		return MethodLZ4
	}
	return def
}

// Compress tries to compress a value's payload (its bytes without varlena
// header) as toast_compress_datum does with method (MethodPGLZ or
// MethodLZ4): it returns the complete compressed varlena (4-byte header
// with the compressed bits, va_tcinfo = raw size | method << 30, then the
// compressed stream) when that saves more than two bytes, else ok false.
func Compress(payload []byte, method int) (stored []byte, ok bool) {
	if len(payload) > extSizeMask {
		return nil, false
	}
	var out []byte
	if method == MethodLZ4 {
		// lz4_compress_datum: an LZ4 block (LZ4_compress_default, lz4.go),
		// not kept when it is larger than the value.
		c := LZ4Compress(payload)
		if len(c) > len(payload) {
			return nil, false
		}
		out = make([]byte, CompressedHdrSz+len(c))
		copy(out[CompressedHdrSz:], c)
	} else {
		c, ok := PGLZCompress(payload, &DefaultStrategy)
		if !ok {
			return nil, false
		}
		out = make([]byte, CompressedHdrSz+len(c))
		copy(out[CompressedHdrSz:], c)
		method = MethodPGLZ
	}
	total := len(out)
	if total >= len(payload)-2 {
		return nil, false
	}
	le.PutUint32(out, uint32(total)<<2|0x02)
	le.PutUint32(out[4:], uint32(len(payload))|uint32(method)<<extSizeBits)
	return out, true
}

// Decompress expands a compressed datum: an inline compressed varlena, or
// the bytes fetched for a compressed external value, which have the same
// layout (toast_decompress_datum). It returns the value's payload.
func Decompress(stored []byte) ([]byte, error) {
	if len(stored) < CompressedHdrSz {
		return nil, pgerr.New(pgerr.DataCorrupted, "compressed value too short")
	}
	size := int(le.Uint32(stored) >> 2)
	if size < CompressedHdrSz || size > len(stored) {
		return nil, pgerr.Newf(pgerr.DataCorrupted, "compressed value has invalid size %d", size)
	}
	tc := le.Uint32(stored[4:])
	rawsize := int(tc & extSizeMask)
	switch method := tc >> extSizeBits; method {
	case MethodPGLZ:
		return PGLZDecompress(stored[CompressedHdrSz:size], rawsize, true)
	case MethodLZ4:
		return LZ4Decompress(stored[CompressedHdrSz:size], rawsize)
	default:
		return nil, pgerr.Newf(pgerr.DataCorrupted, "invalid compression method id %d", method)
	}
}

// CompressedRawSize is the payload size a compressed datum expands to
// (VARDATA_COMPRESSED_GET_EXTSIZE).
func CompressedRawSize(stored []byte) int { return int(le.Uint32(stored[4:]) & extSizeMask) }

// CompressedMethod is the compression method of a compressed datum
// (VARDATA_COMPRESSED_GET_COMPRESS_METHOD).
func CompressedMethod(stored []byte) int { return int(le.Uint32(stored[4:]) >> extSizeBits) }

// CompressedBody returns what toast_save_datum stores in the TOAST table
// for a compressed value: the datum without its 4-byte header (va_tcinfo
// and the compressed stream). Reading it back, the header is rebuilt as
// SET_VARSIZE_COMPRESSED does: (size << 2) | 0x02, little-endian.
func CompressedBody(stored []byte) []byte { return stored[VarHdrSz:int(le.Uint32(stored)>>2)] }
