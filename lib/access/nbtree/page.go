// The on-disk layout of B-tree pages, PostgreSQL 15's nbtree.h: the
// metapage (BTMetaPageData), the special space of every page
// (BTPageOpaqueData), and the helpers that read and initialise them.

package nbtree

import (
	"encoding/binary"
	"math"

	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/page"
)

var le = binary.LittleEndian

// Metapage constants (BTREE_METAPAGE, BTREE_MAGIC, BTREE_VERSION).
const (
	MetaBlock      storage.BlockNumber = 0
	Magic          uint32              = 0x053162
	Version        uint32              = 4
	MinimumVersion uint32              = 2
)

// pNone is P_NONE: no sibling, no root.
const pNone storage.BlockNumber = 0

// Page flags (btpo_flags).
const (
	BTPLeaf            uint16 = 1 << 0 // leaf page, i.e. not internal page
	BTPRoot            uint16 = 1 << 1 // root page (has no parent)
	BTPDeleted         uint16 = 1 << 2 // page has been deleted from tree
	BTPMeta            uint16 = 1 << 3 // meta-page
	BTPHalfDead        uint16 = 1 << 4 // empty, but still in tree
	BTPSplitEnd        uint16 = 1 << 5 // rightmost page of split group
	BTPHasGarbage      uint16 = 1 << 6 // page has LP_DEAD tuples
	BTPIncompleteSplit uint16 = 1 << 7 // right sibling's downlink is missing
	BTPHasFullXid      uint16 = 1 << 8 // contains BTDeletedPageData
)

// opaqueSize is sizeof(BTPageOpaqueData): btpo_prev, btpo_next,
// btpo_level (uint32 each), btpo_flags, btpo_cycleid (uint16 each).
const opaqueSize = 16

// Fill factors (BTREE_DEFAULT_FILLFACTOR, BTREE_NONLEAF_FILLFACTOR).
const (
	DefaultFillFactor = 90
	nonLeafFillFactor = 70
)

// Offsets of the items on a page (P_HIKEY, P_FIRSTKEY).
const (
	pHikey    page.OffsetNumber = 1
	pFirstKey page.OffsetNumber = 2
)

// MaxItemSize is BTMaxItemSize for 8 kB pages: a third of a page less the
// room for a heap TID that suffix truncation may have to add to a pivot.
const MaxItemSize = (page.Size-page.HeaderSize-3*4-opaqueSize)/3/page.MaxAlign*page.MaxAlign - page.MaxAlign

// opaque is a page's BTPageOpaqueData, read and written in place.
type opaque []byte

func opaqueOf(p page.Page) opaque { return opaque(p[page.Size-opaqueSize : page.Size]) }

func (o opaque) prev() storage.BlockNumber     { return storage.BlockNumber(le.Uint32(o[0:])) }
func (o opaque) next() storage.BlockNumber     { return storage.BlockNumber(le.Uint32(o[4:])) }
func (o opaque) level() uint32                 { return le.Uint32(o[8:]) }
func (o opaque) flags() uint16                 { return le.Uint16(o[12:]) }
func (o opaque) cycleID() uint16               { return le.Uint16(o[14:]) }
func (o opaque) setPrev(b storage.BlockNumber) { le.PutUint32(o[0:], uint32(b)) }
func (o opaque) setNext(b storage.BlockNumber) { le.PutUint32(o[4:], uint32(b)) }
func (o opaque) setLevel(l uint32)             { le.PutUint32(o[8:], l) }
func (o opaque) setFlags(f uint16)             { le.PutUint16(o[12:], f) }
func (o opaque) setCycleID(c uint16)           { le.PutUint16(o[14:], c) }

func (o opaque) isLeaf() bool          { return o.flags()&BTPLeaf != 0 }
func (o opaque) isRoot() bool          { return o.flags()&BTPRoot != 0 }
func (o opaque) isRightmost() bool     { return o.next() == pNone }
func (o opaque) isLeftmost() bool      { return o.prev() == pNone }
func (o opaque) incompleteSplit() bool { return o.flags()&BTPIncompleteSplit != 0 }
func (o opaque) ignore() bool          { return o.flags()&(BTPDeleted|BTPHalfDead) != 0 }
func (o opaque) firstDataKey() page.OffsetNumber {
	// P_FIRSTDATAKEY: the high key takes offset 1 except on the rightmost
	// page of a level.
	if o.isRightmost() {
		return pHikey
	}
	return pFirstKey
}

// initPage lays out an empty B-tree page (_bt_pageinit).
func initPage(p page.Page) { p.Init(opaqueSize) }

// Metapage fields (BTMetaPageData, at MAXALIGN(SizeOfPageHeaderData)).
const (
	metaOff      = page.HeaderSize
	metaDataSize = 48 // sizeof(BTMetaPageData) with its padding
)

// Meta is the content of the metapage.
type Meta struct {
	Magic, Version           uint32
	Root                     storage.BlockNumber
	Level                    uint32
	FastRoot                 storage.BlockNumber
	FastLevel                uint32
	LastCleanupNumDelPages   uint32
	LastCleanupNumHeapTuples float64
	AllEqualImage            bool
}

func readMeta(p page.Page) Meta {
	m := p[metaOff:]
	return Meta{
		Magic: le.Uint32(m[0:]), Version: le.Uint32(m[4:]),
		Root: storage.BlockNumber(le.Uint32(m[8:])), Level: le.Uint32(m[12:]),
		FastRoot: storage.BlockNumber(le.Uint32(m[16:])), FastLevel: le.Uint32(m[20:]),
		LastCleanupNumDelPages:   le.Uint32(m[24:]),
		LastCleanupNumHeapTuples: math.Float64frombits(le.Uint64(m[32:])),
		AllEqualImage:            m[40] != 0,
	}
}

// initMetaPage lays out a metapage pointing at root (_bt_initmetapage):
// pd_lower is set past the metadata so a full-page image keeps it.
func initMetaPage(p page.Page, root storage.BlockNumber, level uint32, allEqualImage bool) {
	initPage(p)
	writeMeta(p, Meta{Magic: Magic, Version: Version, Root: root, Level: level, FastRoot: root, FastLevel: level,
		LastCleanupNumHeapTuples: -1, AllEqualImage: allEqualImage})
	opaqueOf(p).setFlags(BTPMeta)
	p.SetLower(metaOff + metaDataSize)
}

func writeMeta(p page.Page, md Meta) {
	m := p[metaOff:]
	le.PutUint32(m[0:], md.Magic)
	le.PutUint32(m[4:], md.Version)
	le.PutUint32(m[8:], uint32(md.Root))
	le.PutUint32(m[12:], md.Level)
	le.PutUint32(m[16:], uint32(md.FastRoot))
	le.PutUint32(m[20:], md.FastLevel)
	le.PutUint32(m[24:], md.LastCleanupNumDelPages)
	le.PutUint64(m[32:], math.Float64bits(md.LastCleanupNumHeapTuples))
	if md.AllEqualImage {
		m[40] = 1
	} else {
		m[40] = 0
	}
}

// EmptyMetaPage is the metapage of an empty index (btbuildempty): what an
// unlogged index's init fork holds, so that crash recovery leaves the
// index empty and usable.
func EmptyMetaPage(allEqualImage bool) []byte {
	p := page.Page(make([]byte, page.Size))
	initMetaPage(p, pNone, 0, allEqualImage)
	return p
}
