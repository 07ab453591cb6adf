// Cache lookups (relcache.c's RelationIdGetRelation and the syscache
// lookups by name): each answers from the cache or, on a miss, scans the
// catalog through the Reader and remembers the answer, a negative one
// included. The system catalogs' descriptors are built from the static
// definitions without a scan.

package catalog

import (
	"github.com/gpostgres/gpostgres/lib/access/tuple"
	"github.com/gpostgres/gpostgres/lib/types"
)

// col is a column index of a catalog, resolved once.
func col(c *Catalog, name string) int {
	i := c.Column(name)
	if i < 0 {
		panic("catalog: " + c.Name + " has no column " + name)
	}
	return i
}

// Catalog column positions, resolved at initialisation (after the
// definitions are indexed in defs.go's init).
var (
	pgClass, pgAttribute, pgAttrdef, pgType, pgNamespace, pgAuthid *Catalog

	relOID, relName, relNamespace, relType, relOwner, relAM, relFileNode, relTablespace, relToast,
	relShared, relPersistence, relKind int

	attRelID, attName, attTypID, attLen, attNum, attNDims, attTypMod, attByVal, attAlign, attStorage,
	attNotNull, attHasDef, attDropped, attCollation int

	adRelID, adNum, adBin int

	typOID, typName, typNamespace, typLen, typByVal, typType, typCategory, typRelID, typElem, typArray, typAlign,
	typStorage, typCollation int

	nspOID, nspName int

	rolOID, rolName int
)

func init() {
	pgClass = Lookup("pg_class")
	pgAttribute = Lookup("pg_attribute")
	pgAttrdef = Lookup("pg_attrdef")
	pgType = Lookup("pg_type")
	pgNamespace = Lookup("pg_namespace")
	pgAuthid = Lookup("pg_authid")

	relOID, relName, relNamespace, relType, relOwner, relAM, relFileNode, relTablespace, relToast,
		relShared, relPersistence, relKind = col(pgClass, "oid"), col(pgClass, "relname"), col(pgClass, "relnamespace"),
		col(pgClass, "reltype"), col(pgClass, "relowner"), col(pgClass, "relam"), col(pgClass, "relfilenode"),
		col(pgClass, "reltablespace"), col(pgClass, "reltoastrelid"), col(pgClass, "relisshared"),
		col(pgClass, "relpersistence"), col(pgClass, "relkind")

	attRelID, attName, attTypID, attLen, attNum, attNDims, attTypMod, attByVal, attAlign, attStorage,
		attNotNull, attHasDef, attDropped, attCollation = col(pgAttribute, "attrelid"), col(pgAttribute, "attname"),
		col(pgAttribute, "atttypid"), col(pgAttribute, "attlen"), col(pgAttribute, "attnum"), col(pgAttribute, "attndims"),
		col(pgAttribute, "atttypmod"), col(pgAttribute, "attbyval"), col(pgAttribute, "attalign"),
		col(pgAttribute, "attstorage"), col(pgAttribute, "attnotnull"), col(pgAttribute, "atthasdef"),
		col(pgAttribute, "attisdropped"), col(pgAttribute, "attcollation")

	adRelID, adNum, adBin = col(pgAttrdef, "adrelid"), col(pgAttrdef, "adnum"), col(pgAttrdef, "adbin")

	typOID, typName, typNamespace, typLen, typByVal, typType, typCategory, typRelID, typElem, typArray, typAlign,
		typStorage, typCollation = col(pgType, "oid"), col(pgType, "typname"), col(pgType, "typnamespace"),
		col(pgType, "typlen"), col(pgType, "typbyval"), col(pgType, "typtype"), col(pgType, "typcategory"),
		col(pgType, "typrelid"), col(pgType, "typelem"), col(pgType, "typarray"), col(pgType, "typalign"),
		col(pgType, "typstorage"), col(pgType, "typcollation")

	nspOID, nspName = col(pgNamespace, "oid"), col(pgNamespace, "nspname")

	rolOID, rolName = col(pgAuthid, "oid"), col(pgAuthid, "rolname")
}

func u32(d types.Datum) uint32 { return uint32(d.Int()) }

// staticRelation builds the descriptor of a system catalog from its
// definition.
func staticRelation(cat *Catalog) *Relation {
	r := &Relation{OID: cat.OID, Name: cat.Name, Namespace: PgCatalogNamespace, NamespaceName: "pg_catalog",
		Type: cat.RowType, Owner: BootstrapSuperuser, AM: HeapTableAM, FileNode: cat.RelFileNode(),
		Tablespace: cat.Tablespace(), Shared: cat.Shared, Persistence: 'p', Kind: 'r', Desc: cat.Desc()}
	for _, c := range cat.Columns {
		r.Attrs = append(r.Attrs, Attribute{Name: c.Name, Type: c.Type, TypMod: c.TypMod, Len: c.Len, ByVal: c.ByVal,
			Align: c.Align, Storage: c.Storage, NotNull: c.NotNull, Collation: c.Collation, NDims: c.NDims})
	}
	r.Defaults = make([]string, len(r.Attrs))
	return r
}

// RelationByOID returns the descriptor of relation oid, or nil if there
// is no such relation.
func (c *Cache) RelationByOID(r Reader, oid uint32) (*Relation, error) {
	c.mu.Lock()
	rel, ok := c.rels[oid]
	c.mu.Unlock()
	if ok {
		return rel, nil
	}
	if cat := ByOID(oid); cat != nil {
		rel = staticRelation(cat)
	} else {
		var err error
		if rel, err = c.loadRelation(r, oid); err != nil {
			return nil, err
		}
	}
	if rel != nil && rel.NamespaceName == "" {
		name, _, err := c.NamespaceName(r, rel.Namespace)
		if err != nil {
			return nil, err
		}
		rel.NamespaceName = name
	}
	c.mu.Lock()
	c.rels[oid] = rel
	c.mu.Unlock()
	return rel, nil
}

// loadRelation is RelationBuildDesc: the pg_class row, the pg_attribute
// rows and the pg_attrdef rows of relation oid.
func (c *Cache) loadRelation(r Reader, oid uint32) (*Relation, error) {
	var rel *Relation
	err := r.ScanCatalog(pgClass, func(row []types.Datum) (bool, error) {
		if u32(row[relOID]) != oid {
			return true, nil
		}
		rel = &Relation{OID: oid, Name: row[relName].Text(), Namespace: u32(row[relNamespace]), Type: u32(row[relType]),
			Owner: u32(row[relOwner]), AM: u32(row[relAM]), FileNode: u32(row[relFileNode]),
			Tablespace: u32(row[relTablespace]), ToastOID: u32(row[relToast]), Shared: row[relShared].Bool(),
			Persistence: byte(row[relPersistence].Int()), Kind: byte(row[relKind].Int())}
		return false, nil
	})
	if err != nil || rel == nil {
		return nil, err
	}
	var attrs []Attribute
	hasDef := false
	err = r.ScanCatalog(pgAttribute, func(row []types.Datum) (bool, error) {
		if u32(row[attRelID]) != oid {
			return true, nil
		}
		n := int(row[attNum].Int())
		if n <= 0 {
			return true, nil
		}
		for len(attrs) < n {
			attrs = append(attrs, Attribute{})
		}
		a := Attribute{Name: row[attName].Text(), Type: u32(row[attTypID]), TypMod: int32(row[attTypMod].Int()),
			Len: int16(row[attLen].Int()), ByVal: row[attByVal].Bool(), Align: byte(row[attAlign].Int()),
			Storage: byte(row[attStorage].Int()), NotNull: row[attNotNull].Bool(), HasDef: row[attHasDef].Bool(),
			Dropped: row[attDropped].Bool(), Collation: u32(row[attCollation]), NDims: int32(row[attNDims].Int())}
		hasDef = hasDef || a.HasDef
		attrs[n-1] = a
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	rel.Attrs = attrs
	rel.Defaults = make([]string, len(attrs))
	if hasDef {
		err = r.ScanCatalog(pgAttrdef, func(row []types.Datum) (bool, error) {
			if u32(row[adRelID]) == oid {
				n := int(row[adNum].Int())
				if n >= 1 && n <= len(attrs) && !row[adBin].IsNull() {
					rel.Defaults[n-1] = row[adBin].Text()
				}
			}
			return true, nil
		})
		if err != nil {
			return nil, err
		}
	}
	d := &tuple.Desc{Attrs: make([]tuple.Attr, len(attrs))}
	for i := range attrs {
		d.Attrs[i] = PhysicalAttr(&attrs[i])
	}
	rel.Desc = d
	return rel, nil
}

// RelationOID returns the OID of the relation called name in namespace
// nsp, or 0 (RELNAMENSP syscache).
func (c *Cache) RelationOID(r Reader, nsp uint32, name string) (uint32, error) {
	if nsp == PgCatalogNamespace {
		if cat := Lookup(name); cat != nil {
			return cat.OID, nil
		}
	}
	return c.oidByName(r, c.relByName, pgClass, relNamespace, relName, relOID, nsp, name)
}

// oidByName finds the OID of the row of cat called name in namespace nsp
// (a name+namespace syscache), remembering the answer in cache, "not
// found" (0) included.
func (c *Cache) oidByName(r Reader, cache map[nameKey]uint32, cat *Catalog, nspCol, nameCol, oidCol int, nsp uint32, name string) (uint32, error) {
	k := nameKey{nsp, name}
	c.mu.Lock()
	oid, ok := cache[k]
	c.mu.Unlock()
	if ok {
		return oid, nil
	}
	err := r.ScanCatalog(cat, func(row []types.Datum) (bool, error) {
		if u32(row[nspCol]) == nsp && row[nameCol].Text() == name {
			oid = u32(row[oidCol])
			return false, nil
		}
		return true, nil
	})
	if err != nil {
		return 0, err
	}
	c.mu.Lock()
	cache[k] = oid
	c.mu.Unlock()
	return oid, nil
}

// loadNames reads every (name, OID) pair of cat into byName and byOID,
// keeping entries already cached.
func (c *Cache) loadNames(r Reader, cat *Catalog, nameCol, oidCol int, byName map[string]uint32, byOID map[uint32]string) error {
	names := map[string]uint32{}
	oids := map[uint32]string{}
	err := r.ScanCatalog(cat, func(row []types.Datum) (bool, error) {
		n, o := row[nameCol].Text(), u32(row[oidCol])
		names[n], oids[o] = o, n
		return true, nil
	})
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for n, o := range names {
		if _, ok := byName[n]; !ok {
			byName[n] = o
		}
	}
	for o, n := range oids {
		if _, ok := byOID[o]; !ok {
			byOID[o] = n
		}
	}
	return nil
}

func (c *Cache) loadNamespaces(r Reader) error {
	return c.loadNames(r, pgNamespace, nspName, nspOID, c.nspByName, c.nspByOID)
}

// NamespaceOID returns the OID of the schema called name, or 0.
func (c *Cache) NamespaceOID(r Reader, name string) (uint32, error) {
	c.mu.Lock()
	oid, ok := c.nspByName[name]
	c.mu.Unlock()
	if ok {
		return oid, nil
	}
	if err := c.loadNamespaces(r); err != nil {
		return 0, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	oid, ok = c.nspByName[name]
	if !ok {
		c.nspByName[name] = 0
	}
	return oid, nil
}

// NamespaceName returns the name of schema oid.
func (c *Cache) NamespaceName(r Reader, oid uint32) (string, bool, error) {
	switch oid {
	case PgCatalogNamespace:
		return "pg_catalog", true, nil
	case PgToastNamespace:
		return "pg_toast", true, nil
	}
	c.mu.Lock()
	name, ok := c.nspByOID[oid]
	c.mu.Unlock()
	if ok {
		return name, name != "", nil
	}
	if err := c.loadNamespaces(r); err != nil {
		return "", false, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	name, ok = c.nspByOID[oid]
	if !ok {
		c.nspByOID[oid] = ""
	}
	return name, ok, nil
}

func typeFromRow(row []types.Datum) *Type {
	return &Type{OID: u32(row[typOID]), Name: row[typName].Text(), Namespace: u32(row[typNamespace]),
		Len: int16(row[typLen].Int()), ByVal: row[typByVal].Bool(), TypType: byte(row[typType].Int()),
		Category: byte(row[typCategory].Int()), RelID: u32(row[typRelID]), Elem: u32(row[typElem]),
		Array: u32(row[typArray]), Align: byte(row[typAlign].Int()), Storage: byte(row[typStorage].Int()),
		Collation: u32(row[typCollation])}
}

// TypeByOID returns the pg_type row of oid, or nil.
func (c *Cache) TypeByOID(r Reader, oid uint32) (*Type, error) {
	c.mu.Lock()
	t, ok := c.types[oid]
	c.mu.Unlock()
	if ok {
		return t, nil
	}
	err := r.ScanCatalog(pgType, func(row []types.Datum) (bool, error) {
		if u32(row[typOID]) == oid {
			t = typeFromRow(row)
			return false, nil
		}
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.types[oid] = t
	c.mu.Unlock()
	return t, nil
}

// TypeOID returns the OID of the type called name in namespace nsp, or 0.
func (c *Cache) TypeOID(r Reader, nsp uint32, name string) (uint32, error) {
	return c.oidByName(r, c.typeNames, pgType, typNamespace, typName, typOID, nsp, name)
}

func (c *Cache) loadRoles(r Reader) error {
	return c.loadNames(r, pgAuthid, rolName, rolOID, c.roleNames, c.roles)
}

// RoleName returns the name of role oid (pg_get_userbyid).
func (c *Cache) RoleName(r Reader, oid uint32) (string, bool, error) {
	c.mu.Lock()
	name, ok := c.roles[oid]
	c.mu.Unlock()
	if ok {
		return name, name != "", nil
	}
	if err := c.loadRoles(r); err != nil {
		return "", false, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	name, ok = c.roles[oid]
	if !ok {
		c.roles[oid] = ""
	}
	return name, ok, nil
}

// RoleOID returns the OID of the role called name, or 0.
func (c *Cache) RoleOID(r Reader, name string) (uint32, error) {
	c.mu.Lock()
	oid, ok := c.roleNames[name]
	c.mu.Unlock()
	if ok {
		return oid, nil
	}
	if err := c.loadRoles(r); err != nil {
		return 0, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	oid, ok = c.roleNames[name]
	if !ok {
		c.roleNames[name] = 0
	}
	return oid, nil
}
