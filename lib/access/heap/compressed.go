// Which values a process read in compressed form, and with which method,
// for pg_column_compression and for storing them compressed again: the
// SQL layer's values do not record how they were stored, so the process
// notes every value it decompresses (heap and TOAST values here, index
// keys through nbtree.Env.NoteDecompressed) by identity (its memory,
// weakly) and by content.

package heap

import (
	"hash/maphash"
	"unsafe"
	"weak"
)

// maxCompressedContents bounds the contents remembered; past it, a value
// not known by identity can no longer be said to be uncompressed.
const maxCompressedContents = 1 << 16

// CompressedValues is one process's record of the values it read
// compressed. Not safe for concurrent use: a backend reads with one
// goroutine.
type CompressedValues struct {
	seed     maphash.Seed
	byAddr   map[uintptr]compressedValue
	live     int // entries of byAddr alive at the last pruning
	contents map[contentKey]struct{}
	overflow bool
}

type compressedValue struct {
	first      weak.Pointer[byte]
	n          int
	compressed bool
	inline     bool // read from an inline compressed value (not the TOAST table)
	method     int  // toast.MethodPGLZ or MethodLZ4 when compressed
}

type contentKey struct {
	hash uint64
	n    int
}

// NewCompressedValues makes an empty record.
func NewCompressedValues() *CompressedValues {
	return &CompressedValues{seed: maphash.MakeSeed(), byAddr: map[uintptr]compressedValue{}, contents: map[contentKey]struct{}{}}
}

// Note records that p, a fresh allocation, is a value just decompressed
// (method, toast's numbering) from an inline compressed form (a heap
// tuple's or an index key's).
func (c *CompressedValues) Note(p []byte, method int) { c.note(p, true, true, method) }

// NoteExternal records that p, a fresh allocation, is a value just read
// from the TOAST table, compressed there with method or not.
func (c *CompressedValues) NoteExternal(p []byte, compressed bool, method int) {
	c.note(p, compressed, false, method)
}

func (c *CompressedValues) note(p []byte, compressed, inline bool, method int) {
	if c == nil || len(p) == 0 {
		return
	}
	if len(c.byAddr) >= 2*c.live+1024 {
		for k, v := range c.byAddr {
			if v.first.Value() == nil {
				delete(c.byAddr, k)
			}
		}
		c.live = len(c.byAddr)
	}
	first := &p[0]
	c.byAddr[uintptr(unsafe.Pointer(first))] = compressedValue{first: weak.Make(first), n: len(p), compressed: compressed, inline: inline, method: method}
	if !compressed {
		return
	}
	if len(c.contents) >= maxCompressedContents {
		c.overflow = true
		return
	}
	c.contents[contentKey{maphash.Bytes(c.seed, p), len(p)}] = struct{}{}
}

// lookup finds payload by identity.
func (c *CompressedValues) lookup(payload []byte) (compressedValue, bool) {
	if c == nil || len(payload) == 0 || len(c.byAddr) == 0 {
		return compressedValue{}, false
	}
	first := unsafe.SliceData(payload)
	v, ok := c.byAddr[uintptr(unsafe.Pointer(first))]
	if !ok || v.n != len(payload) || v.first.Value() != first {
		return compressedValue{}, false
	}
	return v, true
}

// Origin reports whether payload is itself (not a copy) a value read
// compressed, with which method, and whether that was an inline
// compressed value.
func (c *CompressedValues) Origin(payload []byte) (compressed, inline bool, method int) {
	v, ok := c.lookup(payload)
	if !ok || !v.compressed {
		return false, false, 0
	}
	return true, v.inline, v.method
}

// Arrived reports whether payload is itself a value read compressed,
// inline or from a TOAST table (index_form_tuple keeps either
// compressed), and its method.
func (c *CompressedValues) Arrived(payload []byte) (method int, ok bool) {
	compressed, _, method := c.Origin(payload)
	return method, compressed
}

// Empty reports whether the process has read no value compressed.
func (c *CompressedValues) Empty() bool {
	return c == nil || len(c.contents) == 0 && !c.overflow
}

// Compression reports how payload (a value's bytes) was stored:
// compressed with method when it is a value this process decompressed,
// not compressed when no value it decompressed had its contents; known
// false when it cannot tell (a copy of such a value, or one made equal
// to it).
func (c *CompressedValues) Compression(payload []byte) (method int, compressed, known bool) {
	if c == nil || len(payload) == 0 {
		return 0, false, true
	}
	if v, ok := c.lookup(payload); ok {
		return v.method, v.compressed, true
	}
	if c.overflow {
		return 0, false, false
	}
	if _, ok := c.contents[contentKey{maphash.Bytes(c.seed, payload), len(payload)}]; ok {
		return 0, false, false
	}
	return 0, false, true
}
