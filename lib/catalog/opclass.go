// B-tree operator classes (pg_opclass, and pg_amproc's support
// function 4): which class an index column uses and whether its
// family's equal values are image-equal. Users cannot create operator
// classes, so the built-in rows are all there is.

package catalog

import (
	"strconv"
	"sync"

	"github.com/gpostgres/gpostgres/lib/types"
)

// Opclass is a pg_opclass row of the btree access method.
type Opclass struct {
	OID     uint32
	Name    string
	Family  uint32
	InType  uint32 // opcintype
	Default bool
}

type opclassTable struct {
	byName    map[string]*Opclass
	byOID     map[uint32]*Opclass
	defaults  map[uint32]*Opclass // opcintype → the default class
	equalImg  map[uint32]bool     // families with support function 4
	varStrImg map[uint32]bool     // of those, btvarstrequalimage's
}

var btreeOpclasses = sync.OnceValue(func() *opclassTable {
	t := &opclassTable{byName: map[string]*Opclass{}, byOID: map[uint32]*Opclass{}, defaults: map[uint32]*Opclass{},
		equalImg: map[uint32]bool{}, varStrImg: map[uint32]bool{}}
	num := func(s string) uint32 {
		v, _ := strconv.ParseUint(s, 10, 32)
		return uint32(v)
	}
	c := Lookup("pg_opclass")
	iOID, iMethod, iName, iFamily, iType, iDefault := c.Column("oid"), c.Column("opcmethod"), c.Column("opcname"),
		c.Column("opcfamily"), c.Column("opcintype"), c.Column("opcdefault")
	for _, r := range c.InitialRows() {
		if num(r[iMethod]) != BtreeAM {
			continue
		}
		oc := &Opclass{OID: num(r[iOID]), Name: r[iName], Family: num(r[iFamily]), InType: num(r[iType]), Default: r[iDefault] == "t"}
		t.byName[oc.Name] = oc
		t.byOID[oc.OID] = oc
		if oc.Default {
			t.defaults[oc.InType] = oc
		}
	}
	p := Lookup("pg_amproc")
	jFamily, jNum, jProc := p.Column("amprocfamily"), p.Column("amprocnum"), p.Column("amproc")
	for _, r := range p.InitialRows() {
		if r[jNum] == "4" {
			t.equalImg[num(r[jFamily])] = true
			// btvarstrequalimage (5050) depends on the collation.
			t.varStrImg[num(r[jFamily])] = r[jProc] == "5050" || r[jProc] == "btvarstrequalimage"
		}
	}
	return t
})

// DefaultBtreeOpclass is GetDefaultOpClass for the btree method: the
// default class of type typ, of a type it is binary-coercible to
// (varchar to text), of a domain's base type, or of the polymorphic
// type covering it (arrays, enums, composite types).
func DefaultBtreeOpclass(typ uint32) (*Opclass, bool) {
	t := btreeOpclasses()
	typ = types.DomainBase(typ)
	if oc, ok := t.defaults[typ]; ok {
		return oc, true
	}
	switch typ {
	case types.OidVarchar:
		return t.defaults[types.OidText], true
	case types.OidCidr:
		return t.defaults[types.OidInet], true
	}
	if bt := types.ByOID(typ); bt != nil && bt.IsArray() {
		// array_ops, over anyarray.
		oc, ok := t.defaults[types.OidAnyArray]
		return oc, ok
	}
	return nil, false
}

// BtreeOpclassByName is the btree class name (text_pattern_ops).
func BtreeOpclassByName(name string) (*Opclass, bool) {
	oc, ok := btreeOpclasses().byName[name]
	return oc, ok
}

// BtreeOpclassByOID is the btree class oid.
func BtreeOpclassByOID(oid uint32) (*Opclass, bool) {
	oc, ok := btreeOpclasses().byOID[oid]
	return oc, ok
}

// EqualImage is _bt_allequalimage's test of one key column: its family
// has support function 4 and, for the string types' btvarstrequalimage,
// the column's collation is deterministic (every collation here is).
func EqualImage(family uint32) bool {
	return btreeOpclasses().equalImg[family]
}
