// Static definitions of the system catalogs: names, OIDs, columns and the
// declarations of their indexes and TOAST tables, from the generated tables
// (catalogs_gen.go), with lookups by name and by OID and each catalog's
// tuple descriptor.

package catalog

import (
	"github.com/gpostgres/gpostgres/lib/access/tuple"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/types"
)

//go:generate go run gen_catalog.go

// Well-known OIDs the bootstrap uses, as in PostgreSQL 15.
const (
	PgCatalogNamespace  uint32 = 11    // PG_CATALOG_NAMESPACE
	PgToastNamespace    uint32 = 99    // PG_TOAST_NAMESPACE
	PublicNamespace     uint32 = 2200  // PG_PUBLIC_NAMESPACE
	InfoSchemaNamespace uint32 = 13207 // information_schema, as initdb makes it (postbootstrap.bki)
	BootstrapSuperuser  uint32 = 10    // BOOTSTRAP_SUPERUSERID
	DatabaseOwnerRole   uint32 = 6171  // ROLE_PG_DATABASE_OWNER
	HeapTableAM         uint32 = 2     // HEAP_TABLE_AM_OID
	CCollation          uint32 = 950   // C_COLLATION_OID
	DefaultTablespace   uint32 = storage.DefaultTablespace
	GlobalTablespace    uint32 = storage.GlobalTablespace
	Template1DB         uint32 = 1
	Template0DB         uint32 = 4
	PostgresDB          uint32 = 5
	FirstGenbkiObjectID uint32 = 10000 // first OID genbki.pl and bootstrap's counter assign
	FirstUnpinnedOID    uint32 = 12000 // FirstUnpinnedObjectId: first OID after bootstrap
	FirstNormalOID      uint32 = 16384 // FirstNormalObjectId: first OID after initdb
)

// OIDs of the catalogs the rest of gpostgres names directly.
const (
	TypeRelationID      uint32 = 1247
	AttributeRelationID uint32 = 1249
	ProcedureRelationID uint32 = 1255
	RelationRelationID  uint32 = 1259
	AuthIDRelationID    uint32 = 1260
	DatabaseRelationID  uint32 = 1262
	NamespaceRelationID uint32 = 2615
)

// Column is one user column of a catalog, with the pg_attribute fields
// PostgreSQL's bootstrap gives it.
type Column struct {
	Name      string
	Type      uint32 // atttypid
	TypeName  string // pg_type.typname of Type
	TypMod    int32  // atttypmod: always -1
	Len       int16  // attlen
	ByVal     bool   // attbyval
	Align     byte   // attalign
	Storage   byte   // attstorage
	NotNull   bool   // attnotnull
	Collation uint32 // attcollation: CCollation for collatable types, else 0
	NDims     int32  // attndims: 1 for array types (oidvector and int2vector included)
}

// ToastDecl is a "declare toast" line: the TOAST table and its index that
// PostgreSQL creates for a catalog. gpostgres does not create them yet.
type ToastDecl struct {
	Table              string
	ToastOID, IndexOID uint32
}

// IndexKey is one key column of a declared index with its operator class.
type IndexKey struct {
	Column, Opclass string
}

// IndexDecl is a "declare index" line. gpostgres does not build catalog
// indexes yet; these are kept for when it does.
type IndexDecl struct {
	Name   string
	OID    uint32
	Table  string
	Unique bool
	Method string // "btree"
	Keys   []IndexKey
}

// Catalog is the definition of one system catalog. Values are shared and
// must not be modified.
type Catalog struct {
	Name string
	OID  uint32
	// Bootstrap marks the four catalogs PostgreSQL's bootstrap creates
	// before any other (pg_proc, pg_type, pg_attribute, pg_class): their
	// pg_class, pg_attribute and pg_type rows are in the bki data.
	Bootstrap bool
	Shared    bool // relisshared: one copy in global/, not one per database
	// RowType is the OID of the catalog's composite type (pg_class.reltype)
	// and ArrayType that of its array type. RowTypeDeclared says the bki
	// fixes RowType (rowtype_oid); otherwise both come from the bootstrap's
	// OID counter, as in PostgreSQL 15 (10000 and up).
	RowType         uint32
	RowTypeDeclared bool
	ArrayType       uint32
	Columns         []Column
	Toast           *ToastDecl // nil when the catalog has no TOAST table

	index int // position in catalogs and bkiRows (the generated idx constants)
}

// The lookup maps and tuple descriptors are package variables built from
// the generated tables; Go initializes them after catalogs, whatever the
// file order, so no init function depends on another.
var (
	byName, byOID = indexCatalogs()
	descs         = physicalDescs()
)

func indexCatalogs() (map[string]*Catalog, map[uint32]*Catalog) {
	names := make(map[string]*Catalog, len(catalogs))
	oids := make(map[uint32]*Catalog, len(catalogs))
	for i := range catalogs {
		c := &catalogs[i]
		names[c.Name] = c
		oids[c.OID] = c
	}
	return names, oids
}

func physicalDescs() []*tuple.Desc {
	d := make([]*tuple.Desc, len(catalogs))
	for i := range catalogs {
		d[i] = physicalDesc(&catalogs[i])
	}
	return d
}

// Definitions returns every catalog in the order PostgreSQL's bootstrap
// creates them. The slice is shared: do not modify it.
func Definitions() []Catalog { return catalogs }

// Lookup returns the catalog called name, or nil.
func Lookup(name string) *Catalog { return byName[name] }

// ByOID returns the catalog whose pg_class OID is oid, or nil.
func ByOID(oid uint32) *Catalog { return byOID[oid] }

// IndexDecls returns the declared catalog indexes, in bki order. The slice
// is shared: do not modify it.
func IndexDecls() []IndexDecl { return indexDecls }

// Mapped says the catalog's file is named by the relation map
// (pg_filenode.map, lib/storage/relmap), not by pg_class.relfilenode,
// which is 0: the shared catalogs and the four bootstrap catalogs, as in
// PostgreSQL 15 (their TOAST tables and indexes, which gpostgres does not
// create, are mapped there too). pg_class must be: its own file cannot be
// found by reading it.
func (c *Catalog) Mapped() bool { return c.Shared || c.Bootstrap }

// RelFileNode is the catalog's pg_class.relfilenode as gpinitdb writes
// it: 0 for a mapped catalog, else its OID.
func (c *Catalog) RelFileNode() uint32 {
	if c.Mapped() {
		return 0
	}
	return c.OID
}

// Tablespace is pg_class.reltablespace: GlobalTablespace for shared
// catalogs, 0 (the database's default) for the others.
func (c *Catalog) Tablespace() uint32 {
	if c.Shared {
		return GlobalTablespace
	}
	return 0
}

// InitialLocator names the catalog's files in database db (ignored for
// shared catalogs) as gpinitdb creates them: named by the catalog's OID.
// VACUUM FULL moves a catalog to a new file; Cache.CatalogLocator and
// LiveLocator find the current one.
func (c *Catalog) InitialLocator(db uint32) storage.RelFileLocator {
	return c.locatorOf(db, c.OID)
}

func (c *Catalog) locatorOf(db, fileNode uint32) storage.RelFileLocator {
	if c.Shared {
		return storage.RelFileLocator{Spc: GlobalTablespace, DB: 0, Rel: fileNode}
	}
	return storage.RelFileLocator{Spc: DefaultTablespace, DB: db, Rel: fileNode}
}

// Column returns the index of the column called name, or -1.
func (c *Catalog) Column(name string) int {
	for i := range c.Columns {
		if c.Columns[i].Name == name {
			return i
		}
	}
	return -1
}

// InitialRows returns the catalog's rows from the bki insert lines as bki
// text: de-quoted values, NullValue for NULL, the per-cluster tokens
// (POSTGRES, ENCODING, LC_COLLATE, LC_CTYPE, ICU_LOCALE, LOCALE_PROVIDER)
// not replaced. The slices are shared: do not modify them.
func (c *Catalog) InitialRows() [][]string { return bkiRows[c.index] }

// NullValue is the bki spelling of NULL.
const NullValue = "_null_"

// Desc returns the tuple descriptor that the catalog's heap tuples are
// formed and deformed with. It is shared: do not modify it.
//
// Its attributes carry the columns' pg_attribute layout (attlen, attbyval,
// attalign, attstorage). Their TypeOID is the column's type, except for
// the types stored in PostgreSQL's own layout (StoredAsBytes: oidvector,
// int2vector, pg_node_tree, and the varlena types lib/types does not
// know, such as aclitem[]) where it is bytea, so that the tuple package
// stores and returns the bytes this package encodes (see
// EncodeOidVector) unchanged. Deformed values of those columns are
// types.Bytes holding PostgreSQL's varlena payload; DecodeOidVector and
// DecodeInt2Vector read them.
func (c *Catalog) Desc() *tuple.Desc { return descs[c.index] }

func physicalDesc(c *Catalog) *tuple.Desc {
	d := &tuple.Desc{Attrs: make([]tuple.Attr, len(c.Columns))}
	for i, col := range c.Columns {
		oid := col.Type
		if StoredAsBytes(oid, col.Len) {
			oid = types.OidBytea
		}
		d.Attrs[i] = tuple.Attr{Name: col.Name, TypeOID: oid, TypMod: col.TypMod, Len: col.Len, ByVal: col.ByVal,
			Align: col.Align, Storage: col.Storage, NotNull: col.NotNull}
	}
	return d
}
