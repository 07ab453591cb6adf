// The initial contents of every catalog: the bki rows with the per-cluster
// tokens replaced, plus the rows PostgreSQL's bootstrap adds itself when it
// creates a catalog (heap_create_with_catalog: pg_class, pg_attribute and
// the row and array types in pg_type) and those initdb's post-bootstrap
// steps add for template0 and postgres.

package catalog

import (
	"fmt"
	"strconv"

	"github.com/gpostgres/gpostgres/lib/mb"
)

// Transaction and multixact values written into the catalogs.
const (
	// FrozenXid is the t_xmin of every tuple Bootstrap writes
	// (FrozenTransactionId), with HEAP_XMIN_FROZEN set: visible to every
	// snapshot without a commit-log lookup. PostgreSQL's bootstrap writes
	// BootstrapTransactionId (1) with HEAP_XMIN_COMMITTED instead; both
	// mean "always committed".
	FrozenXid uint32 = 2
	// FirstNormalXid is FirstNormalTransactionId: relfrozenxid of every
	// catalog and datfrozenxid of every database after bootstrap.
	FirstNormalXid uint32 = 3
	// FirstMultiXactID is relminmxid and datminmxid after bootstrap.
	FirstMultiXactID uint32 = 1
)

// Functions the derived pg_type rows name, as PostgreSQL 15's
// heap_create_with_catalog does (F_RECORD_IN etc.).
const (
	procRecordIn      = 2290
	procRecordOut     = 2291
	procRecordRecv    = 2402
	procRecordSend    = 2403
	procArrayIn       = 750
	procArrayOut      = 751
	procArrayRecv     = 2400
	procArraySend     = 2401
	procArrayAnalyze  = 3816
	procArraySubsript = 6179
)

// systemColumns are the six system attributes of every heap catalog, in
// the order heap.c's SysAtt lists them: name, type, attlen, attnum,
// attbyval, attalign.
var systemColumns = []struct {
	name  string
	typ   uint32
	len   int16
	num   int16
	byval bool
	align byte
}{
	{"ctid", OidTid, 6, -1, false, 's'},
	{"xmin", OidXid, 4, -2, true, 'i'},
	{"cmin", OidCid, 4, -3, true, 'i'},
	{"xmax", OidXid, 4, -4, true, 'i'},
	{"cmax", OidCid, 4, -5, true, 'i'},
	{"tableoid", 26, 4, -6, true, 'i'},
}

// EncodingID returns the number PostgreSQL stores for a canonical encoding
// name ("UTF8" is 6).
func EncodingID(name string) (int, bool) { return mb.ID(name) }

// EncodingName returns the canonical name of encoding number id.
func EncodingName(id int) (string, bool) { return mb.NameOfID(id) }

func b2s(b bool) string {
	if b {
		return "t"
	}
	return "f"
}

func itoa[T ~int16 | ~int32 | ~uint32 | ~int](v T) string { return strconv.FormatInt(int64(v), 10) }

// rowFor lays out named values in c's column order; every column must be
// given exactly once.
func rowFor(c *Catalog, vals map[string]string) []string {
	row := make([]string, len(c.Columns))
	for i, col := range c.Columns {
		v, ok := vals[col.Name]
		if !ok {
			panic(fmt.Sprintf("catalog: no value for %s.%s", c.Name, col.Name))
		}
		row[i] = v
	}
	if len(vals) != len(c.Columns) {
		panic(fmt.Sprintf("catalog: %d values for the %d columns of %s", len(vals), len(c.Columns), c.Name))
	}
	return row
}

// classRow is the pg_class row heap_create_with_catalog inserts for c
// (AddNewRelationTuple): relfilenode 0 for a mapped catalog, else the
// OID.
func classRow(c *Catalog) []string {
	return rowFor(Lookup("pg_class"), map[string]string{
		"oid": itoa(c.OID), "relname": c.Name, "relnamespace": itoa(PgCatalogNamespace),
		"reltype": itoa(c.RowType), "reloftype": "0", "relowner": itoa(BootstrapSuperuser),
		"relam": itoa(HeapTableAM), "relfilenode": itoa(c.RelFileNode()), "reltablespace": itoa(c.Tablespace()),
		"relpages": "0", "reltuples": "-1", "relallvisible": "0", "reltoastrelid": "0",
		"relhasindex": "f", "relisshared": b2s(c.Shared), "relpersistence": "p", "relkind": "r",
		"relnatts": itoa(len(c.Columns)), "relchecks": "0", "relhasrules": "f", "relhastriggers": "f",
		"relhassubclass": "f", "relrowsecurity": "f", "relforcerowsecurity": "f", "relispopulated": "t",
		"relreplident": "n", "relispartition": "f", "relrewrite": "0",
		"relfrozenxid": itoa(FirstNormalXid), "relminmxid": itoa(FirstMultiXactID),
		"relacl": NullValue, "reloptions": NullValue, "relpartbound": NullValue,
	})
}

// attributeRows are the pg_attribute rows of c's columns and of its six
// system columns (AddNewAttributeTuples).
func attributeRows(c *Catalog) [][]string {
	pa := Lookup("pg_attribute")
	var rows [][]string
	add := func(name string, typ uint32, stattarget int, len int16, num int16, ndims int32, byval bool,
		align, storage byte, notnull bool, coll uint32) {
		rows = append(rows, rowFor(pa, map[string]string{
			"attrelid": itoa(c.OID), "attname": name, "atttypid": itoa(typ), "attstattarget": itoa(stattarget),
			"attlen": itoa(len), "attnum": itoa(num), "attndims": itoa(ndims), "attcacheoff": "-1", "atttypmod": "-1",
			"attbyval": b2s(byval), "attalign": string(align), "attstorage": string(storage), "attcompression": "",
			"attnotnull": b2s(notnull), "atthasdef": "f", "atthasmissing": "f", "attidentity": "", "attgenerated": "",
			"attisdropped": "f", "attislocal": "t", "attinhcount": "0", "attcollation": itoa(coll),
			"attacl": NullValue, "attoptions": NullValue, "attfdwoptions": NullValue, "attmissingval": NullValue,
		}))
	}
	for i, col := range c.Columns {
		add(col.Name, col.Type, -1, col.Len, int16(i+1), col.NDims, col.ByVal, col.Align, col.Storage, col.NotNull, col.Collation)
	}
	for _, s := range systemColumns {
		add(s.name, s.typ, 0, s.len, s.num, 0, s.byval, s.align, 'p', true, 0)
	}
	return rows
}

// typeRows are the pg_type rows of c's row type and of its array type
// (AddNewRelationType and the array TypeCreate in heap_create_with_catalog).
func typeRows(c *Catalog) [][]string {
	pt := Lookup("pg_type")
	common := func(oid uint32, name string) map[string]string {
		return map[string]string{
			"oid": itoa(oid), "typname": name, "typnamespace": itoa(PgCatalogNamespace),
			"typowner": itoa(BootstrapSuperuser), "typlen": "-1", "typbyval": "f", "typispreferred": "f",
			"typisdefined": "t", "typdelim": ",", "typmodin": "-", "typmodout": "-",
			"typalign": "d", "typstorage": "x", "typnotnull": "f", "typbasetype": "0", "typtypmod": "-1",
			"typndims": "0", "typcollation": "0", "typdefaultbin": NullValue, "typdefault": NullValue, "typacl": NullValue,
		}
	}
	row := common(c.RowType, c.Name)
	for k, v := range map[string]string{"typtype": "c", "typcategory": "C", "typrelid": itoa(c.OID),
		"typsubscript": "-", "typelem": "0", "typarray": itoa(c.ArrayType), "typinput": itoa(procRecordIn),
		"typoutput": itoa(procRecordOut), "typreceive": itoa(procRecordRecv), "typsend": itoa(procRecordSend),
		"typanalyze": "-"} {
		row[k] = v
	}
	arr := common(c.ArrayType, "_"+c.Name)
	for k, v := range map[string]string{"typtype": "b", "typcategory": "A", "typrelid": "0",
		"typsubscript": itoa(procArraySubsript), "typelem": itoa(c.RowType), "typarray": "0",
		"typinput": itoa(procArrayIn), "typoutput": itoa(procArrayOut), "typreceive": itoa(procArrayRecv),
		"typsend": itoa(procArraySend), "typanalyze": itoa(procArrayAnalyze)} {
		arr[k] = v
	}
	return [][]string{rowFor(pt, row), rowFor(pt, arr)}
}

// contents computes every catalog's initial rows, in heap order, as bki
// text, indexed like catalogs.
func contents(p *BootstrapParams) ([][][]string, error) {
	enc, ok := EncodingID(p.Encoding)
	if !ok {
		return nil, fmt.Errorf("unknown encoding \"%s\"", p.Encoding)
	}
	tokens := map[string]string{
		"POSTGRES": p.Superuser, "ENCODING": strconv.Itoa(enc), "LC_COLLATE": p.Collate, "LC_CTYPE": p.Ctype,
		"ICU_LOCALE": NullValue, "LOCALE_PROVIDER": "c",
	}
	out := make([][][]string, len(catalogs))
	for i := range catalogs {
		rows := bkiRows[i]
		out[i] = make([][]string, 0, len(rows))
		for _, r := range rows {
			var copied []string
			for j, v := range r {
				if t, ok := tokens[v]; ok {
					if copied == nil {
						copied = append([]string(nil), r...)
					}
					copied[j] = t
				}
			}
			if copied != nil {
				r = copied
			}
			out[i] = append(out[i], r)
		}
	}
	add := func(catalog string, rows ...[]string) {
		c := Lookup(catalog)
		out[c.index] = append(out[c.index], rows...)
	}

	// The bootstrap catalogs' own pg_class rows are in the bki, with the
	// relation mapper's relfilenode 0, kept: they are mapped.
	// heap_create_with_catalog's rows for every other catalog, in the order
	// the bootstrap creates them.
	for i := range catalogs {
		c := &catalogs[i]
		if c.Bootstrap {
			continue
		}
		add("pg_type", typeRows(c)...)
		add("pg_class", classRow(c))
		add("pg_attribute", attributeRows(c)...)
	}

	// pg_database: template1 comes from the bki; initdb's post-bootstrap
	// CREATE DATABASE makes template0 and postgres as copies of it.
	pd := Lookup("pg_database")
	var template1 []string
	for _, r := range out[pd.index] {
		if r[pd.Column("oid")] == itoa(Template1DB) {
			template1 = r
		}
	}
	if template1 == nil {
		return nil, fmt.Errorf("the bki data has no template1 row")
	}
	copyDB := func(oid uint32, name string, allowConn, isTemplate bool) []string {
		r := append([]string(nil), template1...)
		r[pd.Column("oid")], r[pd.Column("datname")] = itoa(oid), name
		r[pd.Column("datallowconn")], r[pd.Column("datistemplate")] = b2s(allowConn), b2s(isTemplate)
		return r
	}
	add("pg_database", copyDB(Template0DB, "template0", false, true), copyDB(PostgresDB, "postgres", true, false))
	// A valid xid rather than the bki's 0, as after initdb's VACUUM; and
	// the ACL initdb's REVOKE CREATE,TEMPORARY ON DATABASE template1,
	// template0 FROM public leaves on the two templates.
	templateACL := "{=c/" + itoa(BootstrapSuperuser) + "," + itoa(BootstrapSuperuser) + "=CTc/" + itoa(BootstrapSuperuser) + "}"
	for j, r := range out[pd.index] {
		r = append([]string(nil), r...)
		r[pd.Column("datfrozenxid")] = itoa(FirstNormalXid)
		if oid := r[pd.Column("oid")]; oid == itoa(Template1DB) || oid == itoa(Template0DB) {
			r[pd.Column("datacl")] = templateACL
		}
		out[pd.index][j] = r
	}
	// initdb's GRANT USAGE ON SCHEMA pg_catalog, public TO PUBLIC, and
	// the pg_init_privs rows it records for them (no other object has
	// an ACL after gpinitdb).
	pn, pip := Lookup("pg_namespace"), Lookup("pg_init_privs")
	schemaACLs := map[string]string{
		itoa(PgCatalogNamespace): "{" + itoa(BootstrapSuperuser) + "=UC/" + itoa(BootstrapSuperuser) + ",=U/" + itoa(BootstrapSuperuser) + "}",
		itoa(PublicNamespace):    "{" + itoa(DatabaseOwnerRole) + "=UC/" + itoa(DatabaseOwnerRole) + ",=U/" + itoa(DatabaseOwnerRole) + "}",
		// information_schema: initdb's GRANT USAGE TO PUBLIC comes after
		// it recorded the initial privileges (no pg_init_privs row).
		itoa(InfoSchemaNamespace): "{" + itoa(BootstrapSuperuser) + "=UC/" + itoa(BootstrapSuperuser) + ",=U/" + itoa(BootstrapSuperuser) + "}",
	}
	for j, r := range out[pn.index] {
		acl, ok := schemaACLs[r[pn.Column("oid")]]
		if !ok {
			continue
		}
		r = append([]string(nil), r...)
		r[pn.Column("nspacl")] = acl
		out[pn.index][j] = r
		if r[pn.Column("oid")] == itoa(InfoSchemaNamespace) {
			continue
		}
		add("pg_init_privs", rowFor(pip, map[string]string{"objoid": r[pn.Column("oid")],
			"classoid": itoa(NamespaceRelationID), "objsubid": "0", "privtype": "i", "initprivs": acl}))
	}
	psd := Lookup("pg_shdescription")
	add("pg_shdescription",
		rowFor(psd, map[string]string{"objoid": itoa(Template0DB), "classoid": itoa(DatabaseRelationID),
			"description": "unmodifiable empty database"}),
		rowFor(psd, map[string]string{"objoid": itoa(PostgresDB), "classoid": itoa(DatabaseRelationID),
			"description": "default administrative connection database"}))
	return out, nil
}
