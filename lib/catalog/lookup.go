// Cache lookups (relcache.c's RelationIdGetRelation and the syscache
// lookups by name): each answers from the cache or, on a miss, scans the
// catalog through the Reader and remembers the answer, a negative one
// included. The system catalogs' descriptors are built from the static
// definitions without a scan.

package catalog

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/gpostgres/gpostgres/lib/access/tuple"
	"github.com/gpostgres/gpostgres/lib/types"
)

// The catalogs the cache reads, by their generated positions.
var (
	pgClass     = &catalogs[idxPgClass]
	pgAttribute = &catalogs[idxPgAttribute]
	pgAttrdef   = &catalogs[idxPgAttrdef]
	pgType      = &catalogs[idxPgType]
	pgNamespace = &catalogs[idxPgNamespace]
	pgAuthid    = &catalogs[idxPgAuthid]
)

func u32(d types.Datum) uint32 { return uint32(d.Int()) }

// staticRelation builds the descriptor of a system catalog from its
// definition.
func staticRelation(cat *Catalog) *Relation {
	r := &Relation{OID: cat.OID, Name: cat.Name, Namespace: PgCatalogNamespace, NamespaceName: "pg_catalog",
		Type: cat.RowType, Owner: BootstrapSuperuser, AM: HeapTableAM, FileNode: cat.RelFileNode(),
		Tablespace: cat.Tablespace(), Shared: cat.Shared, Persistence: 'p', Kind: 'r', Populated: true, Desc: cat.Desc()}
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
	gen := c.acceptGen
	c.mu.Unlock()
	if ok {
		return rel, nil
	}
	if cat := ByOID(oid); cat != nil {
		rel = staticRelation(cat)
		var err error
		if rel.FileNode, err = c.catalogFileNode(r, cat); err != nil {
			return nil, err
		}
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
	// Invalidations read while the entry was being loaded (a catalog
	// scan's lock reads them) may concern rows read before them: the
	// entry serves this caller but is not kept.
	if c.acceptGen == gen {
		c.rels[oid] = rel
	}
	c.mu.Unlock()
	return rel, nil
}

// loadIndexes reads the pg_index rows of rel: its indexes' OIDs
// (RelationGetIndexList), and for an index its own row.
func loadIndexes(r Reader, rel *Relation) error {
	err := r.ScanCatalog(&catalogs[idxPgIndex], func(row []types.Datum) (bool, error) {
		if u32(row[AnumPgIndexIndrelid-1]) == rel.OID {
			rel.Indexes = append(rel.Indexes, u32(row[AnumPgIndexIndexrelid-1]))
		}
		if u32(row[AnumPgIndexIndexrelid-1]) != rel.OID {
			return true, nil
		}
		ix := &IndexInfo{Table: u32(row[AnumPgIndexIndrelid-1]), NKeyAtts: int(row[AnumPgIndexIndnkeyatts-1].Int()),
			Unique: row[AnumPgIndexIndisunique-1].Bool(), Primary: row[AnumPgIndexIndisprimary-1].Bool(),
			NullsNotDistinct: row[AnumPgIndexIndnullsnotdistinct-1].Bool(), Immediate: row[AnumPgIndexIndimmediate-1].Bool(),
			Valid: row[AnumPgIndexIndisvalid-1].Bool(), Ready: row[AnumPgIndexIndisready-1].Bool(), Live: row[AnumPgIndexIndislive-1].Bool()}
		var err error
		if ix.Keys, err = DecodeInt2Vector([]byte(row[AnumPgIndexIndkey-1].Text())); err != nil {
			return false, err
		}
		if ix.Options, err = DecodeInt2Vector([]byte(row[AnumPgIndexIndoption-1].Text())); err != nil {
			return false, err
		}
		if ix.Collations, err = DecodeOidVector([]byte(row[AnumPgIndexIndcollation-1].Text())); err != nil {
			return false, err
		}
		if ix.Classes, err = DecodeOidVector([]byte(row[AnumPgIndexIndclass-1].Text())); err != nil {
			return false, err
		}
		if d := row[AnumPgIndexIndexprs-1]; !d.IsNull() {
			ix.Exprs = d.Text()
		}
		if d := row[AnumPgIndexIndpred-1]; !d.IsNull() {
			ix.Pred = d.Text()
		}
		rel.Index = ix
		return true, nil
	})
	if err != nil {
		return err
	}
	slices.Sort(rel.Indexes)
	return nil
}

// loadRelation is RelationBuildDesc: the pg_class row, the pg_attribute
// rows and the pg_attrdef rows of relation oid.
func (c *Cache) loadRelation(r Reader, oid uint32) (*Relation, error) {
	var rel *Relation
	nchecks := 0
	hasIndex, hasTriggers := false, false
	fillFactor, toastTarget, barrier := 0, 0, false
	err := r.ScanCatalog(pgClass, func(row []types.Datum) (bool, error) {
		if u32(row[AnumPgClassOid-1]) != oid {
			return true, nil
		}
		rel = &Relation{OID: oid, Name: row[AnumPgClassRelname-1].Text(), Namespace: u32(row[AnumPgClassRelnamespace-1]), Type: u32(row[AnumPgClassReltype-1]),
			Owner: u32(row[AnumPgClassRelowner-1]), AM: u32(row[AnumPgClassRelam-1]), FileNode: u32(row[AnumPgClassRelfilenode-1]),
			Tablespace: u32(row[AnumPgClassReltablespace-1]), ToastOID: u32(row[AnumPgClassReltoastrelid-1]), Shared: row[AnumPgClassRelisshared-1].Bool(),
			Persistence: byte(row[AnumPgClassRelpersistence-1].Int()), Kind: byte(row[AnumPgClassRelkind-1].Int()),
			Populated: row[AnumPgClassRelispopulated-1].Bool(), Pages: int32(row[AnumPgClassRelpages-1].Int()),
			Tuples: row[AnumPgClassReltuples-1].Float4(), AllVisible: int32(row[AnumPgClassRelallvisible-1].Int())}
		nchecks = int(row[AnumPgClassRelchecks-1].Int())
		hasIndex = row[AnumPgClassRelhasindex-1].Bool()
		hasTriggers = row[AnumPgClassRelhastriggers-1].Bool()
		if opts := row[AnumPgClassReloptions-1]; !opts.IsNull() {
			for _, o := range opts.Array().Elems {
				if v, ok := strings.CutPrefix(o.Text(), "fillfactor="); ok {
					fillFactor, _ = strconv.Atoi(v)
				}
				if v, ok := strings.CutPrefix(o.Text(), "toast_tuple_target="); ok {
					toastTarget, _ = strconv.Atoi(v)
				}
				if v, ok := strings.CutPrefix(o.Text(), "security_barrier="); ok {
					barrier, _ = types.ParseBool(v)
				}
			}
		}
		return false, nil
	})
	if err != nil || rel == nil {
		return nil, err
	}
	rel.FillFactor, rel.ToastTupleTarget, rel.SecurityBarrier = fillFactor, toastTarget, barrier
	if hasIndex || rel.Kind == 'i' {
		if err := loadIndexes(r, rel); err != nil {
			return nil, err
		}
		if rel.Index != nil {
			rel.Index.FillFactor = fillFactor
		}
	}
	if nchecks > 0 {
		pgConstraint := &catalogs[idxPgConstraint]
		err = r.ScanCatalog(pgConstraint, func(row []types.Datum) (bool, error) {
			if u32(row[AnumPgConstraintConrelid-1]) == oid && byte(row[AnumPgConstraintContype-1].Int()) == 'c' {
				rel.Checks = append(rel.Checks, Check{OID: u32(row[AnumPgConstraintOid-1]), Name: row[AnumPgConstraintConname-1].Text(),
					Expr: row[AnumPgConstraintConbin-1].Text(), Validated: row[AnumPgConstraintConvalidated-1].Bool(),
					NoInherit: row[AnumPgConstraintConnoinherit-1].Bool()})
			}
			return true, nil
		})
		if err != nil {
			return nil, err
		}
		sort.Slice(rel.Checks, func(i, j int) bool { return rel.Checks[i].Name < rel.Checks[j].Name })
	}
	if hasTriggers {
		if err := loadForeignKeys(r, rel); err != nil {
			return nil, err
		}
	}
	var attrs []Attribute
	hasDef, hasIdentity := false, false
	err = r.ScanCatalog(pgAttribute, func(row []types.Datum) (bool, error) {
		if u32(row[AnumPgAttributeAttrelid-1]) != oid {
			return true, nil
		}
		n := int(row[AnumPgAttributeAttnum-1].Int())
		if n <= 0 {
			return true, nil
		}
		for len(attrs) < n {
			attrs = append(attrs, Attribute{})
		}
		a := Attribute{Name: row[AnumPgAttributeAttname-1].Text(), Type: u32(row[AnumPgAttributeAtttypid-1]), TypMod: int32(row[AnumPgAttributeAtttypmod-1].Int()),
			Len: int16(row[AnumPgAttributeAttlen-1].Int()), ByVal: row[AnumPgAttributeAttbyval-1].Bool(), Align: byte(row[AnumPgAttributeAttalign-1].Int()),
			Storage: byte(row[AnumPgAttributeAttstorage-1].Int()), NotNull: row[AnumPgAttributeAttnotnull-1].Bool(), HasDef: row[AnumPgAttributeAtthasdef-1].Bool(),
			Dropped: row[AnumPgAttributeAttisdropped-1].Bool(), Collation: u32(row[AnumPgAttributeAttcollation-1]), NDims: int32(row[AnumPgAttributeAttndims-1].Int())}
		a.Identity = byte(row[AnumPgAttributeAttidentity-1].Int())
		a.Compression = byte(row[AnumPgAttributeAttcompression-1].Int())
		a.Generated = byte(row[AnumPgAttributeAttgenerated-1].Int())
		hasDef = hasDef || a.HasDef
		hasIdentity = hasIdentity || a.Identity != 0
		attrs[n-1] = a
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	rel.Attrs = attrs
	if hasIdentity {
		// The sequences of identity columns depend internally on them.
		pgDepend := &catalogs[idxPgDepend]
		err = r.ScanCatalog(pgDepend, func(row []types.Datum) (bool, error) {
			if u32(row[AnumPgDependRefclassid-1]) == RelationRelationID && u32(row[AnumPgDependRefobjid-1]) == oid &&
				u32(row[AnumPgDependClassid-1]) == RelationRelationID && byte(row[AnumPgDependDeptype-1].Int()) == 'i' {
				n := int(row[AnumPgDependRefobjsubid-1].Int())
				if n >= 1 && n <= len(attrs) {
					attrs[n-1].IdentitySequence = u32(row[AnumPgDependObjid-1])
				}
			}
			return true, nil
		})
		if err != nil {
			return nil, err
		}
	}
	rel.Defaults = make([]string, len(attrs))
	if hasDef {
		err = r.ScanCatalog(pgAttrdef, func(row []types.Datum) (bool, error) {
			if u32(row[AnumPgAttrdefAdrelid-1]) == oid {
				n := int(row[AnumPgAttrdefAdnum-1].Int())
				if n >= 1 && n <= len(attrs) && !row[AnumPgAttrdefAdbin-1].IsNull() {
					rel.Defaults[n-1] = row[AnumPgAttrdefAdbin-1].Text()
				}
			}
			return true, nil
		})
		if err != nil {
			return nil, err
		}
	}
	// The pg_type rows of columns of types users created, so that a
	// domain's base type is known (PhysicalAttr stores its values as
	// the base type's).
	for i := range attrs {
		if attrs[i].Type >= FirstNormalOID && !attrs[i].Dropped {
			if _, err := c.TypeByOID(r, attrs[i].Type); err != nil {
				return nil, err
			}
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
	return c.oidByName(r, c.relByName, pgClass, AnumPgClassRelnamespace, AnumPgClassRelname, AnumPgClassOid, nsp, name)
}

// oidByName finds the OID of the row of cat called name in namespace nsp
// (a name+namespace syscache), remembering the answer in cache, "not
// found" (0) included.
func (c *Cache) oidByName(r Reader, cache map[nameKey]uint32, cat *Catalog, nspAtt, nameAtt, oidAtt int, nsp uint32, name string) (uint32, error) {
	k := nameKey{nsp, name}
	c.mu.Lock()
	oid, ok := cache[k]
	c.mu.Unlock()
	if ok {
		return oid, nil
	}
	err := r.ScanCatalog(cat, func(row []types.Datum) (bool, error) {
		if u32(row[nspAtt-1]) == nsp && row[nameAtt-1].Text() == name {
			oid = u32(row[oidAtt-1])
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
func (c *Cache) loadNames(r Reader, cat *Catalog, nameAtt, oidAtt int, byName map[string]uint32, byOID map[uint32]string) error {
	names := map[string]uint32{}
	oids := map[uint32]string{}
	err := r.ScanCatalog(cat, func(row []types.Datum) (bool, error) {
		n, o := row[nameAtt-1].Text(), u32(row[oidAtt-1])
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
	return c.loadNames(r, pgNamespace, AnumPgNamespaceNspname, AnumPgNamespaceOid, c.nspByName, c.nspByOID)
}

// NamespaceOID returns the OID of the schema called name, or 0.
func (c *Cache) NamespaceOID(r Reader, name string) (uint32, error) {
	if name == "pg_temp" && c.temp.Namespace != 0 {
		// The alias of the session's temporary schema
		// (LookupExplicitNamespace).
		return c.temp.Namespace, nil
	}
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

// TypeByOID returns the pg_type row of oid, or nil. Built-in types come
// from the bootstrap data (syscache.go).
func (c *Cache) TypeByOID(r Reader, oid uint32) (*Type, error) {
	if oid < FirstNormalOID {
		return BuiltinType(oid), nil
	}
	c.mu.Lock()
	t, ok := c.types[oid]
	c.mu.Unlock()
	if ok {
		return t, nil
	}
	err := r.ScanCatalog(pgType, func(row []types.Datum) (bool, error) {
		if u32(row[AnumPgTypeOid-1]) == oid {
			t = typeFrom(datumFields(row))
			return false, nil
		}
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	if t != nil && t.Elem != 0 && t.Len == -1 {
		types.NoteUserArrayType(t.OID, t.Elem)
	}
	if t != nil && t.TypType == 'd' {
		types.NoteDomain(t.OID, t.BaseType)
	}
	c.mu.Lock()
	c.types[oid] = t
	c.mu.Unlock()
	return t, nil
}

// TypeOID returns the OID of the type called name in namespace nsp, or 0.
func (c *Cache) TypeOID(r Reader, nsp uint32, name string) (uint32, error) {
	return c.oidByName(r, c.typeNames, pgType, AnumPgTypeTypnamespace, AnumPgTypeTypname, AnumPgTypeOid, nsp, name)
}

func (c *Cache) loadRoles(r Reader) error {
	return c.loadNames(r, pgAuthid, AnumPgAuthidRolname, AnumPgAuthidOid, c.roleNames, c.roles)
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
