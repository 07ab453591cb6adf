// Tuple descriptors.

package tuple

import "github.com/gpostgres/gpostgres/lib/types"

// Attr describes one column as pg_attribute does.
type Attr struct {
	Name    string
	TypeOID uint32
	TypMod  int32
	Len     int16 // attlen: >0 fixed, -1 varlena, -2 cstring
	ByVal   bool
	Align   byte // 'c', 's', 'i', 'd'
	Storage byte // 'p' plain, 'e' external, 'm' main, 'x' extended
	// Compression is attcompression: 'p' pglz, 'l' lz4, 0 the default
	// (default_toast_compression).
	Compression byte
	NotNull     bool
	Dropped     bool
}

// Desc is a tuple descriptor.
type Desc struct {
	Attrs []Attr
}

// AttrFor fills in an attribute's physical properties from its type.
func AttrFor(name string, typeOID uint32, typmod int32) Attr {
	a := Attr{Name: name, TypeOID: typeOID, TypMod: typmod, Len: -1, Align: 'i', Storage: 'x'}
	if t := types.ByOID(typeOID); t != nil {
		a.Len, a.ByVal, a.Align = t.Len, t.ByVal, t.Align
	}
	if a.Len != -1 {
		a.Storage = 'p'
	}
	return a
}

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
