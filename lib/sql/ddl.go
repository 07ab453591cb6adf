// This file executes CREATE TABLE, DROP TABLE and TRUNCATE (PostgreSQL's
// tablecmds.c DefineRelation/RemoveRelations/ExecuteTruncate and
// catalog/heap.c heap_create_with_catalog/heap_drop_with_catalog): the
// catalog rows (pg_class, pg_attribute, pg_type, pg_attrdef, and a TOAST
// table's), the relation files (created now and removed if the
// transaction aborts; old files removed when it commits), relation locks,
// and the invalidation messages other backends need.

package sql

import (
	"hash/fnv"
	"regexp"
	"strconv"
	"strings"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/access/heap"
	"github.com/gpostgres/gpostgres/lib/access/nbtree"
	"github.com/gpostgres/gpostgres/lib/access/sequence"
	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/access/tuple"
	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/engine"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/pgstat"
	"github.com/gpostgres/gpostgres/lib/sql/analyze"
	"github.com/gpostgres/gpostgres/lib/sql/builtins"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/parser"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/lmgr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// Collations (pg_collation.dat).
const (
	defaultCollation uint32 = 100
	cCollation       uint32 = 950
	posixCollation   uint32 = 951
)

// toastTupleThreshold is TOAST_TUPLE_THRESHOLD for 8 kB pages.
const toastTupleThreshold = 2032

// catalogRow builds a row of a catalog by column name.
type catalogRow struct {
	c    *catalog.Catalog
	vals []types.Datum
}

func newCatalogRow(c *catalog.Catalog) *catalogRow {
	return &catalogRow{c: c, vals: make([]types.Datum, len(c.Columns))}
}

func (r *catalogRow) set(name string, d types.Datum) *catalogRow {
	i := r.c.Column(name)
	if i < 0 {
		panic("sql: " + r.c.Name + " has no column " + name)
	}
	r.vals[i] = d
	return r
}

func oidD(v uint32) types.Datum { return types.Int(int64(v)) }
func charD(c byte) types.Datum  { return types.Int(int64(c)) }

// insertCatalog inserts a catalog row as the current transaction and
// command.
func (s *sqlCtx) insertCatalog(r *catalogRow) error {
	xid, err := s.tx.Xid()
	if err != nil {
		return err
	}
	s.wrote = true
	rel, release, err := s.openCatalog(r.c, lmgr.RowExclusiveLock)
	defer release()
	if err != nil {
		return err
	}
	if _, err = heap.Insert(s.heap, rel, r.vals, xid, s.cid()); err != nil {
		return err
	}
	s.catalogStats(r.c).CountInsert(1)
	return nil
}

// catalogStats returns the pending cumulative statistics counts of
// catalog c: the catalogs' row changes count as PostgreSQL's do.
func (s *sqlCtx) catalogStats(c *catalog.Catalog) *pgstat.Relation {
	if s.eng == nil {
		return nil
	}
	loc, err := s.cache.CatalogLocator(s, c)
	if err != nil {
		loc = c.InitialLocator(s.db)
	}
	return s.eng.Stats.Relation(c.OID, c.Shared, loc)
}

// deleteCatalogRows deletes the rows of catalog c that match.
func (s *sqlCtx) deleteCatalogRows(c *catalog.Catalog, match func(row []types.Datum) bool) error {
	return s.deleteCatalogRowsOf(c, 0, match)
}

// deleteCatalogRowsOf is deleteCatalogRows for rows whose first column,
// an OID (catalog.TupleOID), is first: the others are passed over
// without being decoded. match still decides. first 0 reads every row.
func (s *sqlCtx) deleteCatalogRowsOf(c *catalog.Catalog, first uint32, match func(row []types.Datum) bool) error {
	if first != 0 && (c.Columns[0].Type != types.OidOid || !c.Columns[0].NotNull) {
		return pgerr.Newf(pgerr.InternalError, "catalog %s has no OID first column", c.Name)
	}
	xid, err := s.tx.Xid()
	if err != nil {
		return err
	}
	rel, release, err := s.openCatalog(c, lmgr.RowExclusiveLock)
	defer release()
	if err != nil {
		return err
	}
	var tids []heap.TID
	sc := heap.BeginScan(s.heap, rel, s.catalogSnapshot())
	if first != 0 {
		sc.SetSkip(func(h tuple.Header) bool { return catalog.TupleOID(c, h) != first })
	}
	for {
		tid, vals, ok, err := sc.Next()
		if err != nil {
			sc.Close()
			return err
		}
		if !ok {
			break
		}
		if match(vals) {
			tids = append(tids, tid)
		}
	}
	sc.Close()
	s.wrote = true
	stats := s.catalogStats(c)
	for _, tid := range tids {
		if err := heap.SimpleDelete(s.heap, rel, tid, s.ownXids(), xid, s.cid()); err != nil {
			return err
		}
		stats.CountDelete()
	}
	return nil
}

// rewriteCatalogRows changes every row of c that matches: the rows are
// read, deleted and stored again changed.
func (s *sqlCtx) rewriteCatalogRows(c *catalog.Catalog, match func(r []types.Datum) bool, change func(r []types.Datum)) error {
	var rows [][]types.Datum
	if err := s.ScanCatalog(c, func(r []types.Datum) (bool, error) {
		if match(r) {
			rows = append(rows, append([]types.Datum(nil), r...))
		}
		return true, nil
	}); err != nil {
		return err
	}
	if len(rows) == 0 {
		return nil
	}
	if err := s.deleteCatalogRows(c, match); err != nil {
		return err
	}
	for _, r := range rows {
		change(r)
		if err := s.insertCatalog(&catalogRow{c: c, vals: r}); err != nil {
			return err
		}
	}
	return nil
}

// updateCatalogRow changes the first row of c that matches.
func (s *sqlCtx) updateCatalogRow(c *catalog.Catalog, match func(row []types.Datum) bool, change func(row []types.Datum)) error {
	xid, err := s.tx.Xid()
	if err != nil {
		return err
	}
	// The lock comes first: a VACUUM FULL between finding the row and
	// updating it would move the row to another file.
	rel, release, err := s.openCatalog(c, lmgr.RowExclusiveLock)
	defer release()
	if err != nil {
		return err
	}
	tid, row, err := s.findCatalogRow(c, match)
	if err != nil {
		return err
	}
	change(row)
	s.wrote = true
	if _, err = heap.SimpleUpdate(s.heap, rel, tid, row, s.ownXids(), xid, s.cid()); err != nil {
		return err
	}
	s.catalogStats(c).CountUpdate(false)
	return nil
}

// findCatalogRow returns the first row of c that matches, a copy the
// caller may change, and where it is.
func (s *sqlCtx) findCatalogRow(c *catalog.Catalog, match func(row []types.Datum) bool) (heap.TID, []types.Datum, error) {
	rel, release, err := s.openCatalog(c, lmgr.AccessShareLock)
	defer release()
	if err != nil {
		return heap.TID{}, nil, err
	}
	sc := heap.BeginScan(s.heap, rel, s.catalogSnapshot())
	defer sc.Close()
	for {
		tid, vals, ok, err := sc.Next()
		if err != nil {
			return heap.TID{}, nil, err
		}
		if !ok {
			return heap.TID{}, nil, pgerr.Newf(pgerr.InternalError, "catalog row of %s not found", c.Name)
		}
		if match(vals) {
			return tid, append([]types.Datum(nil), vals...), nil
		}
	}
}

func (s *sqlCtx) newOID() (uint32, error) { return s.heap.Xact.GetNewObjectId(s.heap.Owner) }

func (s *sqlCtx) notice(e *pgerr.Error) {
	if s.quiet {
		return
	}
	if n, ok := s.env.(Notifier); ok {
		e.Severity = pgerr.SeverityNotice
		n.Notice(e)
	}
}

// currentUserOID is the OID of the session's user, the owner of what it
// creates.
func (s *sqlCtx) currentUserOID() (uint32, error) {
	oid, err := s.cache.RoleOID(s, s.env.CurrentUser())
	if err != nil {
		return 0, err
	}
	if oid == 0 {
		oid = catalog.BootstrapSuperuser
	}
	return oid, nil
}

// lockName serializes the creation of relations with the same name in
// the same schema, standing in for the unique index on pg_class
// (relname, relnamespace) that PostgreSQL checks.
func (s *sqlCtx) lockName(nsp uint32, name string) error {
	h := fnv.New32a()
	h.Write([]byte(name))
	tag := lmgr.ObjectTag(s.db, catalog.RelationRelationID, nsp^h.Sum32(), 1)
	if _, err := s.heap.Locks.LockAcquire(s.ctx, tag, lmgr.ExclusiveLock, false); err != nil {
		return err
	}
	s.cache.Accept()
	return nil
}

// ---- CREATE TABLE ----

// columnSpec is one column of a new table.
type columnSpec struct {
	name      string
	typ       uint32
	typmod    int32
	ndims     int
	notNull   bool
	collation uint32
	dflt      string // deparsed default, "" for none
	// dfltDeps are the objects the default refers to (its pg_depend rows).
	dfltDeps []objectAddress
	// serial is set for serial, bigserial and smallserial columns: a
	// sequence is made for them.
	serial bool
	// identity is 'a' (GENERATED ALWAYS AS IDENTITY) or 'd' (BY DEFAULT);
	// identityOptions are the options of its sequence.
	identity        byte
	identityOptions []*pg_query.Node
	// checks are the column's CHECK constraints.
	checks []*pg_query.Constraint
	// keys are the column's PRIMARY KEY and UNIQUE constraints.
	keys []*pg_query.Constraint
	// fkeys are its REFERENCES constraints.
	fkeys []*pg_query.Constraint
	// generated is the expression of a GENERATED ALWAYS AS (...) STORED
	// column, before analysis.
	generated *pg_query.Node
	// phys is the column type's physical description when lib/types
	// does not know it by OID (an enum type); nil otherwise.
	phys *types.Type
	// compression is attcompression ('p' for COMPRESSION pglz, 'l' for
	// lz4, 0).
	compression byte
}

// columnCompression is GetAttributeCompression: the attcompression of a
// column declared COMPRESSION cm.
func columnCompression(cm string, typ uint32, t *types.Type) (byte, error) {
	if cm == "" || cm == "default" {
		return 0, nil
	}
	if typeStorage(typ, t) == 'p' {
		return 0, pgerr.Newf(pgerr.FeatureNotSupported, "column data type %s does not support compression", types.FormatType(typ, -1))
	}
	switch cm {
	case "pglz":
		return 'p', nil
	case "lz4":
		return 'l', nil
	}
	return 0, pgerr.Newf(pgerr.InvalidParameterValue, "invalid compression method \"%s\"", cm)
}

// physType is the column type's length, alignment and category.
func (c *columnSpec) physType() *types.Type {
	if c.phys != nil {
		return c.phys
	}
	return types.ByOID(c.typ)
}

// checkPseudoType refuses a column of a pseudo-type (CheckAttributeType);
// unknown is one too (typtype 'p', category X).
func checkPseudoType(column string, typ uint32, t *types.Type) error {
	if t.Category == types.CatPseudo || typ == types.OidUnknown {
		return pgerr.Newf(pgerr.InvalidTableDefinition, "column \"%s\" has pseudo-type %s", column, types.FormatType(typ, -1))
	}
	return nil
}

// serialTypes are the serial pseudo-types and the integer type each
// stands for.
var serialTypes = map[string]uint32{
	"serial": types.OidInt4, "serial4": types.OidInt4, "bigserial": types.OidInt8, "serial8": types.OidInt8,
	"smallserial": types.OidInt2, "serial2": types.OidInt2,
}

// serialType returns the integer type a column's type name stands for
// when it is a serial type (plain or pg_catalog-qualified).
func serialType(tn *pg_query.TypeName) (uint32, bool) {
	names := tn.GetNames()
	if tn.PctType || len(names) == 0 || len(names) > 2 {
		return 0, false
	}
	if len(names) == 2 && names[0].GetString_().GetSval() != "pg_catalog" {
		return 0, false
	}
	t, ok := serialTypes[names[len(names)-1].GetString_().GetSval()]
	return t, ok
}

func constraintName(t pg_query.ConstrType) string {
	switch t {
	case pg_query.ConstrType_CONSTR_PRIMARY:
		return "PRIMARY KEY"
	case pg_query.ConstrType_CONSTR_UNIQUE:
		return "UNIQUE"
	case pg_query.ConstrType_CONSTR_CHECK:
		return "CHECK"
	case pg_query.ConstrType_CONSTR_FOREIGN:
		return "FOREIGN KEY"
	case pg_query.ConstrType_CONSTR_EXCLUSION:
		return "EXCLUDE"
	case pg_query.ConstrType_CONSTR_GENERATED:
		return "GENERATED"
	case pg_query.ConstrType_CONSTR_IDENTITY:
		return "IDENTITY"
	}
	return "these"
}

func (s *sqlCtx) createTable(st Statement, cs *pg_query.CreateStmt) (string, error) {
	rv := cs.Relation
	query := st.Query
	errAt := func(err *pgerr.Error, loc int32) error {
		if loc >= 0 {
			err.Position = parser.Position(query, loc)
		}
		return err
	}
	switch {
	case len(cs.InhRelations) > 0:
		return "", pgerr.New(pgerr.FeatureNotSupported, "table inheritance is not supported yet")
	case cs.Partspec != nil || cs.Partbound != nil:
		return "", pgerr.New(pgerr.FeatureNotSupported, "partitioned tables are not supported yet")
	case cs.OfTypename != nil:
		return "", pgerr.New(pgerr.FeatureNotSupported, "typed tables are not supported yet")
	case cs.Tablespacename != "" && cs.Tablespacename != "pg_default":
		return "", pgerr.New(pgerr.FeatureNotSupported, "tablespaces are not supported yet")
	case cs.AccessMethod != "" && cs.AccessMethod != "heap":
		return "", pgerr.Newf(pgerr.UndefinedObject, "access method \"%s\" does not exist", cs.AccessMethod)
	case rv.Catalogname != "":
		return "", errAt(pgerr.Newf(pgerr.FeatureNotSupported, "cross-database references are not implemented: \"%s.%s.%s\"",
			rv.Catalogname, rv.Schemaname, rv.Relname), rv.Location)
	}
	// Table constraints: CHECK, PRIMARY KEY and UNIQUE, so far.
	var checks []pendingCheck
	var keys []pendingKey
	var fkeys []pendingForeignKey
	// addTableConstraint files a table constraint by kind.
	addTableConstraint := func(c *pg_query.Constraint) error {
		switch {
		case c.Contype == pg_query.ConstrType_CONSTR_CHECK:
			checks = append(checks, pendingCheck{c: c})
		case isKeyConstraint(c):
			keys = append(keys, pendingKey{c: c})
		case c.Contype == pg_query.ConstrType_CONSTR_FOREIGN:
			fkeys = append(fkeys, pendingForeignKey{c: c})
		default:
			return pgerr.Newf(pgerr.FeatureNotSupported, "%s constraints are not supported yet", constraintName(c.GetContype()))
		}
		return nil
	}
	for _, n := range cs.Constraints {
		if err := addTableConstraint(n.GetConstraint()); err != nil {
			return "", err
		}
	}
	reloptions, err := relOptions(cs.Options)
	if err != nil {
		return "", err
	}
	name := rv.Relname
	temp, nsp, err := s.tempPersistence(st.Query, rv.Schemaname, rv.Relpersistence, rv.Location, rv.Location)
	if err != nil {
		return "", err
	}
	onCommit, err := onCommitAction(cs.Oncommit, temp)
	if err != nil {
		return "", err
	}
	if nsp == catalog.PgCatalogNamespace || nsp == catalog.PgToastNamespace {
		nspName, _, _ := s.cache.NamespaceName(s, nsp)
		return "", pgerr.Newf(pgerr.InsufficientPrivilege, "permission denied to create \"%s.%s\"", nspName, name).
			WithDetail("System catalog modifications are currently disallowed.")
	}

	// Columns.
	var cols []columnSpec
	var rawDefaults []*pg_query.Node
	var likes []*likeSource
	for _, el := range cs.TableElts {
		cd := el.GetColumnDef()
		if cd == nil {
			if c := el.GetConstraint(); c != nil {
				if err := addTableConstraint(c); err != nil {
					return "", err
				}
				continue
			}
			if lc := el.GetTableLikeClause(); lc != nil {
				like, lcols, lraws, err := s.likeColumns(query, lc)
				if err != nil {
					return "", err
				}
				like.first = len(cols)
				likes = append(likes, like)
				for i, col := range lcols {
					for _, c := range cols {
						if c.name == col.name {
							return "", pgerr.Newf(pgerr.DuplicateColumn, "column \"%s\" specified more than once", col.name)
						}
					}
					cols = append(cols, col)
					rawDefaults = append(rawDefaults, lraws[i])
				}
				continue
			}
			return "", pgerr.New(pgerr.FeatureNotSupported, "this table element is not supported yet")
		}
		for _, c := range cols {
			if c.name == cd.Colname {
				return "", pgerr.Newf(pgerr.DuplicateColumn, "column \"%s\" specified more than once", cd.Colname)
			}
		}
		col, dflt, err := s.columnSpecOf(query, cd, name)
		if err != nil {
			return "", err
		}
		for _, c := range col.checks {
			checks = append(checks, pendingCheck{c: c, column: col.name})
		}
		for _, c := range col.keys {
			keys = append(keys, pendingKey{c: c, column: col.name})
		}
		for _, c := range col.fkeys {
			fkeys = append(fkeys, pendingForeignKey{c: c, column: col.name})
		}
		cols = append(cols, col)
		rawDefaults = append(rawDefaults, dflt)
	}
	if len(cols) > 1600 {
		return "", pgerr.New(pgerr.TooManyColumns, "tables can have at most 1600 columns")
	}
	if err := checkKeyConstraints(query, keys, false, rv.Relname); err != nil {
		return "", err
	}
	for _, fk := range fkeys {
		if err := checkForeignKeyOptions(fk.c); err != nil {
			return "", err
		}
	}
	keys = orderKeys(keys)
	// A primary key's columns are NOT NULL (transformIndexConstraint).
	for _, k := range keys {
		if k.c.Contype != pg_query.ConstrType_CONSTR_PRIMARY {
			continue
		}
		for _, name := range k.keyColumns() {
			for i := range cols {
				if cols[i].name == name {
					cols[i].notNull = true
				}
			}
		}
	}
	// DefineRelation resolves the column types a second time, without
	// the text, before it analyzes the defaults.
	s.warnTypesAgain()
	// Defaults are analyzed and stored as SQL text.
	for i, raw := range rawDefaults {
		if raw == nil {
			continue
		}
		c := cols[i]
		pc := plan.Column{Name: c.name, TypeOID: c.typ, TypeMod: c.typmod}
		e, err := analyze.AnalyzeDefault(catalogAdapter{s}, query, raw, pc, FormatOptions(s.env))
		if err != nil {
			return "", err
		}
		// DEFAULT NULL is no default at all.
		if c, ok := e.(*expr.Const); ok && c.Value.IsNull() {
			continue
		}
		if err := cols[i].setDefault(e, s.storedExprFormat()); err != nil {
			return "", err
		}
	}

	// The name must be free (checked under a lock on it).
	if err := s.lockName(nsp, name); err != nil {
		return "", err
	}
	if oid, err := s.cache.RelationOID(s, nsp, name); err != nil {
		return "", err
	} else if oid != 0 {
		if cs.IfNotExists {
			s.notice(pgerr.Newf(pgerr.DuplicateTable, "relation \"%s\" already exists, skipping", name))
			return "CREATE TABLE", nil
		}
		return "", pgerr.Newf(pgerr.DuplicateTable, "relation \"%s\" already exists", name)
	}
	if oid, shell, err := s.existingType(nsp, name); err != nil {
		return "", err
	} else if oid != 0 && !shell {
		return "", pgerr.Newf(pgerr.DuplicateObject, "type \"%s\" already exists", name).
			WithHint("A relation has an associated type of the same name, so you must use a name that doesn't conflict with any existing type.")
	}
	seqs, err := s.createSerialSequences(query, nsp, name, cols, rv.Relpersistence == "u" && !temp)
	if err != nil {
		return "", err
	}
	relid, err := s.heapCreate(nsp, name, cols, reloptions, rv.Relpersistence == "u" && !temp)
	if err != nil {
		return "", err
	}
	s.registerOnCommit(relid, onCommit)
	// The sequences go with their columns (OWNED BY); an identity
	// column's is part of it.
	for i, seq := range seqs {
		if seq != 0 {
			t := depAuto
			if cols[i].identity != 0 {
				t = depInternal
			}
			if err := s.recordDependency(relationAddress(seq), columnAddress(relid, int16(i+1)), t); err != nil {
				return "", err
			}
		}
	}
	if err := s.storeGenerated(st, relid, cols); err != nil {
		return "", err
	}
	// The CHECK constraints LIKE copies come after the table's own, as
	// expandTableLikeClause adds them once the table exists.
	for _, l := range likes {
		lchecks, err := s.likeChecks(l)
		if err != nil {
			return "", err
		}
		checks = append(checks, lchecks...)
	}
	if len(checks) > 0 {
		s.nextCommand()
		rel, err := s.cache.RelationByOID(s, relid)
		if err != nil {
			return "", err
		}
		if err := s.addCheckConstraints(st, rel, checks, false); err != nil {
			return "", err
		}
	}
	// LIKE's indexes come before the table's own keys, as PostgreSQL
	// runs expandTableLikeClause's index statements first: a second
	// primary key is the table's own.
	for _, l := range likes {
		if err := s.likeIndexes(l, relid); err != nil {
			return "", err
		}
		if len(keys) > 0 && keys[0].c.Contype == pg_query.ConstrType_CONSTR_PRIMARY {
			if has, err := s.likeHasPrimaryKey(l); err != nil || has {
				if err == nil {
					err = errMultiplePrimaryKeys(name)
				}
				return "", err
			}
		}
	}
	if len(keys) > 0 {
		s.nextCommand()
		rel, err := s.cache.RelationByOID(s, relid)
		if err != nil {
			return "", err
		}
		if err := s.addKeyConstraints(query, rel, keys); err != nil {
			return "", err
		}
	}
	if err := s.addForeignKeys(relid, fkeys, false); err != nil {
		return "", err
	}
	for _, l := range likes {
		if err := s.copyLikeComments(l, relid); err != nil {
			return "", err
		}
	}
	return "CREATE TABLE", nil
}

// setDefault stores a column's analyzed default as SQL text and notes
// what it depends on.
func (c *columnSpec) setDefault(e expr.Expr, format *types.FormatOptions) error {
	text, err := analyze.DeparseFormat(e, false, nil, format)
	if err != nil {
		return err
	}
	c.dflt = text
	c.dfltDeps = exprDependencies(e)
	return nil
}

// createSerialSequences makes the sequence of each serial column, before
// the table as PostgreSQL does (transformColumnDefinition), and gives the
// column its nextval default. It returns the sequence of each column (0
// for columns that are not serial). The sequences of an unlogged table
// are unlogged, as in PostgreSQL 15.
func (s *sqlCtx) createSerialSequences(query string, nsp uint32, table string, cols []columnSpec, unlogged bool) ([]uint32, error) {
	seqs := make([]uint32, len(cols))
	taken := map[string]bool{}
	nspName, _, err := s.cache.NamespaceName(s, nsp)
	if err != nil {
		return nil, err
	}
	for i := range cols {
		c := &cols[i]
		if !c.serial && c.identity == 0 {
			continue
		}
		o := &seqOptions{}
		if c.identity != 0 {
			if o, err = parseSeqOptions(query, c.identityOptions, true); err != nil {
				return nil, err
			}
		}
		seqNsp, seqName := nsp, ""
		if o.seqName != nil {
			// SEQUENCE NAME [schema.]name
			var names []string
			for _, n := range o.seqName.Arg.GetList().GetItems() {
				names = append(names, n.GetString_().GetSval())
			}
			seqName = names[len(names)-1]
			if len(names) > 1 {
				if seqNsp, err = s.cache.NamespaceOID(s, names[len(names)-2]); err != nil {
					return nil, err
				}
				if seqNsp == 0 {
					return nil, pgerr.Newf(pgerr.UndefinedSchema, "schema \"%s\" does not exist", names[len(names)-2])
				}
			}
		} else if seqName, err = s.serialSequenceName(table, c.name, nsp, taken); err != nil {
			return nil, err
		}
		taken[seqName] = true
		var p sequence.Params
		var d sequence.Data
		if o.as == nil {
			// The sequence has the column's type.
			p.TypeOID = c.typ
		}
		if _, err := s.initSeqParams(query, o, c.identity != 0, true, &p, &d); err != nil {
			return nil, err
		}
		if seqs[i], err = s.defineSequence(seqNsp, seqName, p, d, unlogged); err != nil {
			return nil, err
		}
		s.nextCommand()
		if c.identity != 0 {
			continue
		}
		// nextval('schema.name'::regclass), analyzed like a written default.
		lit := builtins.QuoteIdent(nspName) + "." + builtins.QuoteIdent(seqName)
		raw, err := parseExpression("nextval(" + quoteLiteral(lit) + "::regclass)")
		if err != nil {
			return nil, err
		}
		pc := plan.Column{Name: c.name, TypeOID: c.typ, TypeMod: c.typmod}
		e, err := analyze.AnalyzeDefault(catalogAdapter{s}, query, raw, pc, FormatOptions(s.env))
		if err != nil {
			return nil, err
		}
		if err := c.setDefault(e, s.storedExprFormat()); err != nil {
			return nil, err
		}
	}
	return seqs, nil
}

// parseExpression parses an expression the server writes itself.
func parseExpression(text string) (*pg_query.Node, error) {
	tree, err := pg_query.Parse("SELECT " + text)
	if err != nil || len(tree.Stmts) != 1 {
		return nil, pgerr.Newf(pgerr.InternalError, "could not parse %q: %v", text, err)
	}
	targets := tree.Stmts[0].Stmt.GetSelectStmt().GetTargetList()
	if len(targets) != 1 {
		return nil, pgerr.Newf(pgerr.InternalError, "could not parse %q", text)
	}
	return targets[0].GetResTarget().GetVal(), nil
}

// quoteLiteral quotes a string as an SQL literal.
func quoteLiteral(v string) string { return "'" + strings.ReplaceAll(v, "'", "''") + "'" }

// columnSpecOf checks a column definition of CREATE TABLE or ALTER TABLE
// ADD COLUMN (transformColumnDefinition) and returns the column and its
// unanalyzed DEFAULT expression.
func (s *sqlCtx) columnSpecOf(query string, cd *pg_query.ColumnDef, name string) (columnSpec, *pg_query.Node, error) {
	errAt := func(err *pgerr.Error, loc int32) *pgerr.Error {
		if loc >= 0 {
			err.Position = parser.Position(query, loc)
		}
		return err
	}
	var err error
	tn := cd.TypeName
	var typ uint32
	var typmod int32
	serial := false
	if st, ok := serialType(tn); ok {
		if len(tn.ArrayBounds) > 0 {
			return columnSpec{}, nil, errAt(pgerr.New(pgerr.FeatureNotSupported, "array of serial is not implemented"), tn.Location)
		}
		typ, typmod, serial = st, -1, true
	} else if typ, typmod, err = analyze.ResolveTypeName(catalogAdapter{s}, query, tn, FormatOptions(s.env)); err != nil {
		return columnSpec{}, nil, err
	}
	t := s.columnType(typ)
	if t == nil {
		return columnSpec{}, nil, errAt(pgerr.Newf(pgerr.FeatureNotSupported, "type %s cannot be used for a column yet", s.typeName(typ, typmod)), tn.Location)
	}
	if err := checkPseudoType(cd.Colname, typ, t); err != nil {
		return columnSpec{}, nil, err
	}
	if cd.StorageName != "" {
		// STORAGE in a column definition is PostgreSQL 16's grammar,
		// which pg_query parses; 15 stops at the keyword.
		loc := int32(-1)
		// Compiled here, not at package initialization, which every
		// backend would pay for: a column with STORAGE is rare.
		storageKeyword := regexp.MustCompile(`(?i)\bstorage\b`)
		if m := storageKeyword.FindAllStringIndex(query[cd.Location:], -1); len(m) > 0 {
			for _, ix := range m {
				// Not the column's own name, nor a quoted identifier.
				rest := query[cd.Location:]
				if ix[0] > 0 && rest[ix[0]-1] != '"' && (ix[1] == len(rest) || rest[ix[1]] != '"') {
					loc = cd.Location + int32(ix[0])
					break
				}
			}
		}
		word := "storage"
		if loc >= 0 {
			word = query[loc : loc+7]
		}
		return columnSpec{}, nil, errAt(pgerr.Newf(pgerr.SyntaxError, "syntax error at or near \"%s\"", word), loc)
	}
	compression, err := columnCompression(cd.Compression, typ, t)
	if err != nil {
		return columnSpec{}, nil, err
	}
	col := columnSpec{name: cd.Colname, typ: typ, typmod: typmod, ndims: len(tn.ArrayBounds), serial: serial, notNull: serial, phys: t,
		compression: compression}
	col.collation = typeCollation(typ)
	if types.ByOID(typ) == nil && s.hasStorage() {
		// A domain's column takes the domain's collation (C for one
		// declared COLLATE "C").
		if row, err := s.cache.TypeByOID(s, typ); err != nil {
			return columnSpec{}, nil, err
		} else if row != nil && row.TypType == 'd' {
			col.collation = row.Collation
		}
	}
	if cc := cd.CollClause; cc != nil {
		if col.collation, err = collationOf(typ, cc); err != nil {
			return columnSpec{}, nil, errAt(err.(*pgerr.Error), cc.Location)
		}
	}
	var dflt *pg_query.Node
	sawNull, sawNotNull := false, false
	// attrTarget is the key or foreign key DEFERRABLE and INITIALLY clauses
	// after it apply to (nil after another constraint), and what of them
	// it has had (transformConstraintAttrs).
	var attrTarget *pg_query.Constraint
	sawDeferrability, sawInitially := false, false
	for _, cn := range cd.Constraints {
		c := cn.GetConstraint()
		if !isConstraintAttr(c) {
			attrTarget, sawDeferrability, sawInitially = nil, false, false
		}
		switch c.Contype {
		case pg_query.ConstrType_CONSTR_NOTNULL:
			if sawNull {
				return columnSpec{}, nil, errAt(pgerr.Newf(pgerr.SyntaxError, "conflicting NULL/NOT NULL declarations for column \"%s\" of table \"%s\"", cd.Colname, name), c.Location)
			}
			sawNotNull, col.notNull = true, true
		case pg_query.ConstrType_CONSTR_NULL:
			if sawNotNull {
				return columnSpec{}, nil, errAt(pgerr.Newf(pgerr.SyntaxError, "conflicting NULL/NOT NULL declarations for column \"%s\" of table \"%s\"", cd.Colname, name), c.Location)
			}
			sawNull = true
		case pg_query.ConstrType_CONSTR_IDENTITY:
			if col.identity != 0 {
				return columnSpec{}, nil, errAt(pgerr.Newf(pgerr.SyntaxError, "multiple identity specifications for column \"%s\" of table \"%s\"", cd.Colname, name), c.Location)
			}
			if typ != types.OidInt2 && typ != types.OidInt4 && typ != types.OidInt8 {
				return columnSpec{}, nil, errAt(pgerr.New(pgerr.InvalidParameterValue, "identity column type must be smallint, integer, or bigint"), -1)
			}
			if dflt != nil {
				return columnSpec{}, nil, errAt(pgerr.Newf(pgerr.SyntaxError, "both default and identity specified for column \"%s\" of table \"%s\"", cd.Colname, name), c.Location)
			}
			col.identity, col.identityOptions, col.notNull = c.GeneratedWhen[0], c.Options, true
		case pg_query.ConstrType_CONSTR_DEFAULT:
			if col.generated != nil {
				return columnSpec{}, nil, errAt(pgerr.Newf(pgerr.SyntaxError, "both default and generation expression specified for column \"%s\" of table \"%s\"", cd.Colname, name), c.Location)
			}
			if col.identity != 0 {
				return columnSpec{}, nil, errAt(pgerr.Newf(pgerr.SyntaxError, "both default and identity specified for column \"%s\" of table \"%s\"", cd.Colname, name), c.Location)
			}
			if dflt != nil || serial {
				// A serial column's own default comes after the written
				// one, and has no position.
				loc := c.Location
				if serial {
					loc = -1
				}
				return columnSpec{}, nil, errAt(pgerr.Newf(pgerr.SyntaxError, "multiple default values specified for column \"%s\" of table \"%s\"", cd.Colname, name), loc)
			}
			dflt = c.RawExpr
		case pg_query.ConstrType_CONSTR_CHECK:
			col.checks = append(col.checks, c)
		case pg_query.ConstrType_CONSTR_PRIMARY, pg_query.ConstrType_CONSTR_UNIQUE:
			// A copy: the attributes after it (DEFERRABLE) are set on it.
			col.keys = append(col.keys, c.Clone())
			attrTarget = col.keys[len(col.keys)-1]
			if c.Contype == pg_query.ConstrType_CONSTR_PRIMARY {
				col.notNull = true
			}
		case pg_query.ConstrType_CONSTR_FOREIGN:
			col.fkeys = append(col.fkeys, c.Clone())
			attrTarget = col.fkeys[len(col.fkeys)-1]
		case pg_query.ConstrType_CONSTR_ATTR_DEFERRABLE, pg_query.ConstrType_CONSTR_ATTR_NOT_DEFERRABLE,
			pg_query.ConstrType_CONSTR_ATTR_DEFERRED, pg_query.ConstrType_CONSTR_ATTR_IMMEDIATE:
			if err := applyConstraintAttr(c, attrTarget, &sawDeferrability, &sawInitially); err != nil {
				return columnSpec{}, nil, errAt(err, c.Location)
			}
		case pg_query.ConstrType_CONSTR_GENERATED:
			switch {
			case col.generated != nil:
				return columnSpec{}, nil, errAt(pgerr.Newf(pgerr.SyntaxError, "multiple generation clauses specified for column \"%s\" of table \"%s\"", cd.Colname, name), c.Location)
			case dflt != nil || serial:
				return columnSpec{}, nil, errAt(pgerr.Newf(pgerr.SyntaxError, "both default and generation expression specified for column \"%s\" of table \"%s\"", cd.Colname, name), c.Location)
			case col.identity != 0:
				return columnSpec{}, nil, errAt(pgerr.Newf(pgerr.SyntaxError, "both identity and generation expression specified for column \"%s\" of table \"%s\"", cd.Colname, name), c.Location)
			}
			col.generated = c.RawExpr
		default:
			return columnSpec{}, nil, errAt(pgerr.Newf(pgerr.FeatureNotSupported, "%s constraints are not supported yet", constraintName(c.Contype)), c.Location)
		}
	}
	if col.identity != 0 && serial {
		return columnSpec{}, nil, errAt(pgerr.Newf(pgerr.SyntaxError, "both default and identity specified for column \"%s\" of table \"%s\"", cd.Colname, name), -1)
	}
	return col, dflt, nil
}

// collationOf is the collation a COLLATE clause gives a column of type
// typ (C, POSIX or default), refusing types without collations.
func collationOf(typ uint32, cc *pg_query.CollateClause) (uint32, error) {
	if typeCollation(typ) == 0 {
		return 0, pgerr.Newf(pgerr.DatatypeMismatch, "collations are not supported by type %s", types.FormatType(typ, -1))
	}
	switch cn := cc.Collname[len(cc.Collname)-1].GetString_().GetSval(); strings.ToLower(cn) {
	case "c":
		return cCollation, nil
	case "posix":
		return posixCollation, nil
	case "default":
		return defaultCollation, nil
	default:
		return 0, pgerr.Newf(pgerr.UndefinedObject, "collation \"%s\" for encoding \"UTF8\" does not exist", cn)
	}
}

// heapOptions are the storage parameters of tables PostgreSQL accepts
// here, with their bounds (heap_reloptions). fillfactor is honoured by
// insertions and pruning, toast_tuple_target by the toaster (lib/access/heap),
// autovacuum_enabled, the autovacuum thresholds and scale factors, the
// freeze max ages and (for the tables it vacuums) the freeze min and table
// ages, autovacuum_vacuum_cost_limit and log_autovacuum_min_duration by
// autovacuum, vacuum_truncate by VACUUM.
var heapOptions = map[string][2]int64{
	"fillfactor": {10, 100}, "toast_tuple_target": {128, 8160}, "parallel_workers": {0, 1024},
	"autovacuum_vacuum_threshold": {0, 2147483647}, "autovacuum_analyze_threshold": {0, 2147483647},
	"autovacuum_vacuum_cost_limit": {1, 10000}, "autovacuum_freeze_min_age": {0, 1000000000},
	"autovacuum_freeze_max_age": {100000, 2000000000}, "autovacuum_freeze_table_age": {0, 2000000000},
	"autovacuum_multixact_freeze_min_age": {0, 1000000000}, "autovacuum_multixact_freeze_max_age": {10000, 2000000000},
	"autovacuum_multixact_freeze_table_age": {0, 2000000000},
	"autovacuum_vacuum_insert_threshold":    {-1, 2147483647}, "log_autovacuum_min_duration": {-1, 2147483647},
}

// heapRealOptions are the floating-point storage parameters of tables,
// with their bounds; autovacuum honours them.
var heapRealOptions = map[string][2]float64{
	"autovacuum_vacuum_scale_factor": {0, 100}, "autovacuum_vacuum_insert_scale_factor": {0, 100},
	"autovacuum_analyze_scale_factor": {0, 100},
}

// heapOptionsNotDone are storage parameters PostgreSQL takes that
// gpostgres does not honour yet: refused rather than kept and ignored.
var heapOptionsNotDone = map[string]bool{"autovacuum_vacuum_cost_delay": true}

var heapBoolOptions = map[string]bool{"autovacuum_enabled": true, "user_catalog_table": true, "vacuum_truncate": true}

// optionValue is the text of a WITH (name = value) option's value
// (defGetString): "true" when it has none.
func optionValue(d *pg_query.DefElem) (string, error) {
	switch a := d.Arg.GetNode().(type) {
	case *pg_query.Node_Integer:
		return strconv.Itoa(int(a.Integer.Ival)), nil
	case *pg_query.Node_String_:
		return a.String_.Sval, nil
	case *pg_query.Node_Float:
		return a.Float.Fval, nil
	case *pg_query.Node_Boolean:
		return strconv.FormatBool(a.Boolean.Boolval), nil
	case *pg_query.Node_TypeName:
		// An unquoted word (check_option = local) parses as a type name.
		if names := a.TypeName.Names; len(names) > 0 {
			return names[len(names)-1].GetString_().GetSval(), nil
		}
	case nil:
		return "true", nil
	}
	return "", pgerr.Newf(pgerr.InvalidParameterValue, "invalid value for parameter \"%s\"", d.Defname)
}

// errBoolOption is the error for a boolean reloption's bad value.
func errBoolOption(name, val string) error {
	return pgerr.Newf(pgerr.InvalidParameterValue, "invalid value for boolean option \"%s\": %s", name, val)
}

// relOptions validates WITH (...) storage parameters and returns them as
// pg_class.reloptions text.
func relOptions(opts []*pg_query.Node) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, n := range opts {
		d := n.GetDefElem()
		if d == nil {
			continue
		}
		if seen[d.Defnamespace+"."+d.Defname] {
			return nil, pgerr.Newf(pgerr.InvalidParameterValue, "parameter \"%s\" specified more than once", d.Defname)
		}
		seen[d.Defnamespace+"."+d.Defname] = true
		if d.Defnamespace != "" {
			return nil, pgerr.Newf(pgerr.FeatureNotSupported, "storage parameters of %s are not supported yet", d.Defnamespace)
		}
		val, err := optionValue(d)
		if err != nil {
			return nil, err
		}
		if b, ok := heapOptions[d.Defname]; ok {
			v, err := strconv.ParseInt(val, 10, 64)
			if err != nil {
				return nil, pgerr.Newf(pgerr.InvalidParameterValue, "invalid value for integer option \"%s\": %s", d.Defname, val)
			}
			if v < b[0] || v > b[1] {
				return nil, pgerr.Newf(pgerr.InvalidParameterValue, "value %s out of bounds for option \"%s\"", val, d.Defname).
					WithDetail("Valid values are between \"%d\" and \"%d\".", b[0], b[1])
			}
		} else if heapBoolOptions[d.Defname] {
			// Stored as written, as PostgreSQL keeps it.
			if _, ok := types.ParseBool(val); !ok {
				return nil, errBoolOption(d.Defname, val)
			}
		} else if b, ok := heapRealOptions[d.Defname]; ok {
			v, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
			if err != nil {
				return nil, pgerr.Newf(pgerr.InvalidParameterValue, "invalid value for floating point option \"%s\": %s", d.Defname, val)
			}
			if v < b[0] || v > b[1] {
				return nil, pgerr.Newf(pgerr.InvalidParameterValue, "value %s out of bounds for option \"%s\"", val, d.Defname).
					WithDetail("Valid values are between \"%f\" and \"%f\".", b[0], b[1])
			}
		} else if heapOptionsNotDone[d.Defname] {
			return nil, pgerr.Newf(pgerr.FeatureNotSupported, "storage parameter \"%s\" is not supported yet", d.Defname)
		} else {
			return nil, pgerr.Newf(pgerr.InvalidParameterValue, "unrecognized parameter \"%s\"", d.Defname)
		}
		out = append(out, d.Defname+"="+val)
	}
	return out, nil
}

// typeCollation is pg_type.typcollation of the built-in types.
func typeCollation(typ uint32) uint32 {
	t := types.ByOID(typ)
	if t == nil {
		return 0
	}
	if t.IsArray() {
		return typeCollation(t.Elem)
	}
	switch typ {
	case types.OidName:
		return cCollation
	case types.OidText, types.OidVarchar, types.OidBpchar, types.OidPgNodeTree,
		types.OidPgNdistinct, types.OidPgDependencies, types.OidPgMcvList:
		return defaultCollation
	}
	return 0
}

// typeStorage is pg_type.typstorage of a column type: a built-in type's
// from its catalog row, a domain's base type's, and for the other types
// users create 'x' (extended) when variable-length (composite types and
// arrays), 'p' otherwise; phys is the type's physical description.
func typeStorage(typ uint32, phys *types.Type) byte {
	if bt := catalog.BuiltinType(typ); bt != nil {
		return bt.Storage
	}
	if base := types.DomainBase(typ); base != typ {
		if t := types.ByOID(base); t != nil {
			phys = t
		}
		return typeStorage(base, phys)
	}
	if phys != nil && phys.Len == -1 {
		return 'x'
	}
	return 'p'
}

// typeMaximumSize is type_maximum_size: the largest stored size of a
// value of a variable-length type with this typmod, -1 if unbounded.
func typeMaximumSize(typ uint32, typmod int32) int {
	if typmod < 0 {
		return -1
	}
	switch typ {
	case types.OidBpchar, types.OidVarchar:
		return int(typmod-4)*4 + 4
	case types.OidNumeric:
		precision := int((typmod-4)>>16) & 0xffff
		return 8 + (precision+2*3)/4*2
	}
	return -1
}

func typeAlignSize(a byte) int {
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

// needsToastTable is needs_toast_table.
func needsToastTable(cols []columnSpec) bool {
	dataLength := 0
	toastable, undefined := false, false
	for _, c := range cols {
		t := c.physType()
		a := typeAlignSize(t.Align)
		dataLength = (dataLength + a - 1) &^ (a - 1)
		if t.Len > 0 {
			dataLength += int(t.Len)
			continue
		}
		if m := typeMaximumSize(c.typ, c.typmod); m < 0 {
			undefined = true
		} else {
			dataLength += m
		}
		if typeStorage(c.typ, t) != 'p' {
			toastable = true
		}
	}
	if !toastable {
		return false
	}
	if undefined {
		return true
	}
	natts := len(cols)
	hdr := (23 + (natts+7)/8 + 7) &^ 7
	return hdr+((dataLength+7)&^7) > toastTupleThreshold
}

// Functions the rows of a table's types name (F_RECORD_IN etc.).
const (
	procRecordIn     = 2290
	procRecordOut    = 2291
	procRecordRecv   = 2402
	procRecordSend   = 2403
	procArrayIn      = 750
	procArrayOut     = 751
	procArrayRecv    = 2400
	procArraySend    = 2401
	procArrayAnalyze = 3816
	procArraySubscr  = 6179
)

// heapCreate is heap_create_with_catalog plus the TOAST table: OIDs in
// PostgreSQL's order (relation, array type, row type, defaults, TOAST
// table and its index), catalog rows, files.
func (s *sqlCtx) heapCreate(nsp uint32, name string, cols []columnSpec, reloptions []string, unlogged bool) (uint32, error) {
	return s.heapCreateKind(nsp, name, cols, reloptions, 'r', unlogged)
}

// heapCreateKind is heap_create_with_catalog for a table ('r'), a
// materialized view ('m', stored like a table, made unpopulated), a view
// ('v', which has no storage, no TOAST table and no system columns) or a
// composite type ('c', like a view, its pg_class row part of its type).
// unlogged makes the table and its TOAST table unlogged (relpersistence
// 'u', init forks).
func (s *sqlCtx) heapCreateKind(nsp uint32, name string, cols []columnSpec, reloptions []string, kind byte, unlogged bool) (uint32, error) {
	owner, err := s.currentUserOID()
	if err != nil {
		return 0, err
	}
	relid, err := s.newOID()
	if err != nil {
		return 0, err
	}
	arrayOID, err := s.newOID()
	if err != nil {
		return 0, err
	}
	typeOID, err := s.newTypeOID(nsp, name)
	if err != nil {
		return 0, err
	}
	var adOIDs []uint32
	for _, c := range cols {
		var o uint32
		if c.dflt != "" {
			if o, err = s.newOID(); err != nil {
				return 0, err
			}
		}
		adOIDs = append(adOIDs, o)
	}
	var toastid, toastIndexID uint32
	stored := kind == 'r' || kind == 'm'
	if stored && needsToastTable(cols) {
		if toastid, err = s.newOID(); err != nil {
			return 0, err
		}
		if toastIndexID, err = s.newOID(); err != nil {
			return 0, err
		}
	}
	arrayName := "_" + name
	for {
		o, err := s.cache.TypeOID(s, nsp, arrayName)
		if err != nil {
			return 0, err
		}
		if o == 0 || len(arrayName) >= 63 {
			break
		}
		arrayName = "_" + arrayName
	}
	if len(arrayName) > 63 {
		arrayName = arrayName[:63]
	}

	// The relation's files come first, so that a failure below leaves
	// them for the abort to remove. A temporary relation's name its
	// backend (t<backend>_<relfilenode>).
	persistence, toastNsp, backend := byte('p'), catalog.PgToastNamespace, int32(0)
	if s.isTempNamespace(nsp) {
		persistence, toastNsp, backend = 't', s.cache.Temp().ToastNamespace, s.backendID()
	}
	loc := storage.RelFileLocator{Spc: catalog.DefaultTablespace, DB: s.db, Rel: relid, Backend: backend}
	if unlogged {
		persistence = 'u'
	}
	if stored {
		if err := s.createFile(loc, unlogged); err != nil {
			return 0, err
		}
	}
	if toastid != 0 {
		if err := s.createFile(storage.RelFileLocator{Spc: catalog.DefaultTablespace, DB: s.db, Rel: toastid, Backend: backend}, unlogged); err != nil {
			return 0, err
		}
	}
	if err := s.tx.LockRelation(relid, lmgr.AccessExclusiveLock); err != nil {
		return 0, err
	}

	// pg_type: the row type and its array type.
	pt := catalog.Lookup("pg_type")
	typeRow := func(oid uint32, tname string) *catalogRow {
		return newCatalogRow(pt).set("oid", oidD(oid)).set("typname", types.Text(tname)).
			set("typnamespace", oidD(nsp)).set("typowner", oidD(owner)).set("typlen", types.Int(-1)).
			set("typbyval", types.Bool(false)).set("typispreferred", types.Bool(false)).set("typisdefined", types.Bool(true)).
			set("typdelim", charD(',')).set("typmodin", oidD(0)).set("typmodout", oidD(0)).
			set("typalign", charD('d')).set("typstorage", charD('x')).set("typnotnull", types.Bool(false)).
			set("typbasetype", oidD(0)).set("typtypmod", types.Int(-1)).set("typndims", types.Int(0)).
			set("typcollation", oidD(0))
	}
	row := typeRow(typeOID, name).set("typtype", charD('c')).set("typcategory", charD('C')).set("typrelid", oidD(relid)).
		set("typsubscript", oidD(0)).set("typelem", oidD(0)).set("typarray", oidD(arrayOID)).
		set("typinput", oidD(procRecordIn)).set("typoutput", oidD(procRecordOut)).set("typreceive", oidD(procRecordRecv)).
		set("typsend", oidD(procRecordSend)).set("typanalyze", oidD(0))
	if err := s.insertCatalog(row); err != nil {
		return 0, err
	}
	row = typeRow(arrayOID, arrayName).set("typtype", charD('b')).set("typcategory", charD('A')).set("typrelid", oidD(0)).
		set("typsubscript", oidD(procArraySubscr)).set("typelem", oidD(typeOID)).set("typarray", oidD(0)).
		set("typinput", oidD(procArrayIn)).set("typoutput", oidD(procArrayOut)).set("typreceive", oidD(procArrayRecv)).
		set("typsend", oidD(procArraySend)).set("typanalyze", oidD(procArrayAnalyze))
	if err := s.insertCatalog(row); err != nil {
		return 0, err
	}

	// pg_class.
	frozen := s.tx.Snapshot().Xmin
	crow := s.classRow(relid, name, nsp, typeOID, owner, toastid, kind, len(cols), uint32(frozen)).
		set("relpersistence", charD(persistence))
	if kind == 'm' {
		// Populated once the query's rows are in (SetMatViewPopulatedState).
		crow.set("relispopulated", types.Bool(false))
	}
	if kind == 'c' {
		crow.set("relreplident", charD('n'))
	}
	if kind == 'v' || kind == 'c' {
		crow.set("relam", oidD(0)).set("relfilenode", oidD(0)).set("relfrozenxid", types.Int(0)).set("relminmxid", types.Int(0))
	}
	if len(reloptions) > 0 {
		var vals []types.Datum
		for _, o := range reloptions {
			vals = append(vals, types.Text(o))
		}
		crow.set("reloptions", types.ArrayDatum(types.NewArray1(types.OidText, vals)))
	}
	if err := s.insertCatalog(crow); err != nil {
		return 0, err
	}

	// pg_attribute: the columns, then the system columns.
	for i, c := range cols {
		t := c.physType()
		a := catalog.Attribute{Name: c.name, Type: c.typ, TypMod: c.typmod, Len: t.Len, ByVal: t.ByVal, Align: t.Align,
			Storage: typeStorage(c.typ, t), NotNull: c.notNull, HasDef: c.dflt != "" || c.generated != nil, Collation: c.collation, NDims: int32(c.ndims),
			Identity: c.identity, Compression: c.compression}
		if c.generated != nil {
			a.Generated = 's'
		}
		if err := s.insertCatalog(attributeRow(relid, int16(i+1), &a, -1)); err != nil {
			return 0, err
		}
	}
	if kind == 'r' { // views and composite types have no system columns
		if err := s.insertSystemAttributes(relid); err != nil {
			return 0, err
		}
	}

	// pg_attrdef.
	pad := catalog.Lookup("pg_attrdef")
	for i, c := range cols {
		if c.dflt == "" {
			continue
		}
		row := newCatalogRow(pad).set("oid", oidD(adOIDs[i])).set("adrelid", oidD(relid)).
			set("adnum", types.Int(int64(i+1))).set("adbin", types.Text(c.dflt))
		if err := s.insertCatalog(row); err != nil {
			return 0, err
		}
	}

	// The TOAST table (create_toast_table; its index below).
	if toastid != 0 {
		tname := "pg_toast_" + itoa(relid)
		trow := s.classRow(toastid, tname, toastNsp, 0, owner, 0, 't', 3, uint32(frozen)).set("relpersistence", charD(persistence))
		if err := s.insertCatalog(trow); err != nil {
			return 0, err
		}
		for i, a := range heap.ToastDesc().Attrs {
			attr := catalog.Attribute{Name: a.Name, Type: a.TypeOID, TypMod: -1, Len: a.Len, ByVal: a.ByVal, Align: a.Align,
				Storage: 'p', NotNull: false}
			if err := s.insertCatalog(attributeRow(toastid, int16(i+1), &attr, -1)); err != nil {
				return 0, err
			}
		}
		if err := s.insertSystemAttributes(toastid); err != nil {
			return 0, err
		}
		s.cache.InvalidateClassName(toastNsp, tname)
		s.cache.InvalidateRelation(toastid, false)
	}
	s.cache.InvalidateClassName(nsp, name)
	s.cache.InvalidateRelation(relid, false)
	s.cache.InvalidateType(typeOID, nsp, name)
	s.cache.InvalidateType(arrayOID, nsp, arrayName)

	// pg_depend, as heap_create_with_catalog, AddRelationNewConstraints
	// and create_toast_table record it.
	deps := []dependency{
		{relationAddress(relid), namespaceAddress(nsp), depNormal},
		{typeAddress(typeOID), relationAddress(relid), depInternal},
		{typeAddress(arrayOID), typeAddress(typeOID), depInternal},
	}
	if kind == 'c' {
		// A composite type is the object; its pg_class row is part of it.
		deps[0] = dependency{typeAddress(typeOID), namespaceAddress(nsp), depNormal}
		deps[1] = dependency{relationAddress(relid), typeAddress(typeOID), depInternal}
	}
	if toastid != 0 {
		deps = append(deps, dependency{relationAddress(toastid), relationAddress(relid), depInternal})
	}
	for i, c := range cols {
		deps = append(deps, dependency{columnAddress(relid, int16(i+1)), typeAddress(c.typ), depNormal})
		if c.dflt != "" {
			deps = append(deps, dependency{attrDefAddress(adOIDs[i]), columnAddress(relid, int16(i+1)), depAuto})
			for _, ref := range c.dfltDeps {
				deps = append(deps, dependency{attrDefAddress(adOIDs[i]), ref, depNormal})
			}
		}
	}
	if err := s.recordDependencies(deps); err != nil {
		return 0, err
	}
	if toastid != 0 {
		if err := s.createToastIndex(toastid, toastIndexID); err != nil {
			return 0, err
		}
	}
	return relid, nil
}

// createToastIndex makes the index of a new TOAST table, OID given
// (create_toast_table's index_create): pg_toast_<table>_index, unique
// on (chunk_id oid_ops, chunk_seq int4_ops), marked primary though no
// constraint goes with it, as PostgreSQL marks it.
func (s *sqlCtx) createToastIndex(toastid, oid uint32) error {
	s.nextCommand()
	trel, err := s.cache.RelationByOID(s, toastid)
	if err != nil {
		return err
	}
	if trel == nil {
		return pgerr.Newf(pgerr.InternalError, "cache lookup failed for relation %d", toastid)
	}
	def := &indexDef{name: trel.Name + "_index", table: trel, oid: oid,
		attnums: []int16{1, 2}, classes: []uint32{oidOpsOpclass, int4OpsOpclass},
		options: []int16{0, 0}, collations: []uint32{0, 0}, unique: true, primary: true}
	_, err = s.createIndex(def)
	return err
}

// The btree operator classes of a TOAST index's columns.
const (
	oidOpsOpclass  uint32 = 1981 // oid_ops
	int4OpsOpclass uint32 = 1978 // int4_ops
)

// createFile creates a relation's main fork, to be removed if the
// transaction aborts. unloggedHeap says it is the file of an unlogged
// table or of its TOAST table: it gets its empty init fork too. An
// unlogged index's or sequence's init fork holds a page, written once the
// index is built (createIndexInitFork) or the sequence filled
// (createSequenceInitFork).
func (s *sqlCtx) createFile(loc storage.RelFileLocator, unloggedHeap bool) error {
	if err := s.eng.CreateRelationStorage(loc); err != nil {
		return err
	}
	eng := s.eng
	s.tx.AtAbort(func() { dropRelationStorage(eng, loc) })
	s.tx.NoteNewRelFile(loc.Rel)
	if unloggedHeap {
		return s.eng.CreateInitFork(loc, nil)
	}
	return nil
}

// createIndexInitFork gives the unlogged index ix, just built, its init
// fork: an empty metapage.
func (s *sqlCtx) createIndexInitFork(ix *nbtree.Index) error {
	if !ix.Unlogged {
		return nil
	}
	return s.eng.CreateInitFork(ix.Locator, [][]byte{nbtree.EmptyMetaPage(ix.AllEqualImage)})
}

// createSequenceInitFork gives the unlogged sequence whose file is loc
// its init fork: the page it starts with, d.
func (s *sqlCtx) createSequenceInitFork(loc storage.RelFileLocator, d sequence.Data) error {
	p, err := sequence.InitPage(d)
	if err != nil {
		return err
	}
	return s.eng.CreateInitFork(loc, [][]byte{p})
}

// dropRelationStorage drops a relation's buffers and removes its files,
// WAL-logged, once the transaction's outcome is decided (DROP and TRUNCATE
// at commit, CREATE at abort). The outcome stands whatever happens to the
// files, so a failure is only logged, as PostgreSQL's
// smgrDoPendingDeletes warns.
func dropRelationStorage(eng *engine.Engine, loc storage.RelFileLocator) {
	eng.Heap.ForgetRelation(loc)
	if err := eng.DropRelationStorage(loc); err != nil {
		eng.Log.Report(pgerr.Newf(pgerr.IoError, "could not remove relation files of %d/%d/%d: %v",
			loc.Spc, loc.DB, loc.Rel, err).WithSeverity(pgerr.SeverityWarning), "")
	}
}

func itoa(v uint32) string {
	var b [10]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + v%10)
		v /= 10
		if v == 0 {
			break
		}
	}
	return string(b[i:])
}

// classRow is AddNewRelationTuple's pg_class row of a new table or TOAST
// table.
func (s *sqlCtx) classRow(oid uint32, name string, nsp, reltype, owner, toast uint32, kind byte, natts int, frozenXid uint32) *catalogRow {
	// relminmxid: no row of a new table can hold a multixact older than
	// any running transaction may use (heapam_relation_set_new_filelocator's
	// GetOldestMultiXactId).
	minMulti := int64(transam.FirstMultiXactId)
	if frozenXid != 0 && s.heap != nil {
		minMulti = int64(s.heap.Xact.GetOldestMultiXactId())
	}
	// Only tables, materialized views and partitioned tables have a
	// replica identity (RelationBuildLocalRelation).
	replident := byte('n')
	if kind == 'r' || kind == 'm' || kind == 'p' {
		replident = 'd'
	}
	return newCatalogRow(catalog.Lookup("pg_class")).set("oid", oidD(oid)).set("relname", types.Text(name)).
		set("relnamespace", oidD(nsp)).set("reltype", oidD(reltype)).set("reloftype", oidD(0)).set("relowner", oidD(owner)).
		set("relam", oidD(catalog.HeapTableAM)).set("relfilenode", oidD(oid)).set("reltablespace", oidD(0)).
		set("relpages", types.Int(0)).set("reltuples", types.Float4(-1)).set("relallvisible", types.Int(0)).
		set("reltoastrelid", oidD(toast)).set("relhasindex", types.Bool(false)).set("relisshared", types.Bool(false)).
		set("relpersistence", charD('p')).set("relkind", charD(kind)).set("relnatts", types.Int(int64(natts))).
		set("relchecks", types.Int(0)).set("relhasrules", types.Bool(false)).set("relhastriggers", types.Bool(false)).
		set("relhassubclass", types.Bool(false)).set("relrowsecurity", types.Bool(false)).
		set("relforcerowsecurity", types.Bool(false)).set("relispopulated", types.Bool(true)).
		set("relreplident", charD(replident)).set("relispartition", types.Bool(false)).set("relrewrite", oidD(0)).
		set("relfrozenxid", types.Int(int64(frozenXid))).set("relminmxid", types.Int(minMulti))
}

// attributeRow is a pg_attribute row.
func attributeRow(relid uint32, attnum int16, a *catalog.Attribute, stattarget int) *catalogRow {
	return newCatalogRow(catalog.Lookup("pg_attribute")).set("attrelid", oidD(relid)).set("attname", types.Text(a.Name)).
		set("atttypid", oidD(a.Type)).set("attstattarget", types.Int(int64(stattarget))).set("attlen", types.Int(int64(a.Len))).
		set("attnum", types.Int(int64(attnum))).set("attndims", types.Int(int64(a.NDims))).set("attcacheoff", types.Int(-1)).
		set("atttypmod", types.Int(int64(a.TypMod))).set("attbyval", types.Bool(a.ByVal)).set("attalign", charD(a.Align)).
		set("attstorage", charD(a.Storage)).set("attcompression", charD(a.Compression)).set("attnotnull", types.Bool(a.NotNull)).
		set("atthasdef", types.Bool(a.HasDef)).set("atthasmissing", types.Bool(false)).set("attidentity", charD(a.Identity)).
		set("attgenerated", charD(a.Generated)).set("attisdropped", types.Bool(false)).set("attislocal", types.Bool(true)).
		set("attinhcount", types.Int(0)).set("attcollation", oidD(a.Collation))
}

func (s *sqlCtx) insertSystemAttributes(relid uint32) error {
	for _, sc := range plan.SystemColumns {
		t := types.ByOID(sc.Type)
		a := catalog.Attribute{Name: sc.Name, Type: sc.Type, TypMod: -1, Len: t.Len, ByVal: t.ByVal, Align: t.Align,
			Storage: 'p', NotNull: true}
		if err := s.insertCatalog(attributeRow(relid, sc.AttNum, &a, 0)); err != nil {
			return err
		}
	}
	return nil
}

// ---- DROP TABLE ----

// isSystemRelation reports whether a relation is a system catalog (or
// TOAST table of one), which DDL may not change.
func isSystemRelation(rel *catalog.Relation) bool {
	return rel.Namespace == catalog.PgCatalogNamespace || rel.OID < catalog.FirstNormalOID
}

// isSystemClass is IsSystemClass: a system catalog or any TOAST table or
// TOAST index (in pg_toast or a pg_toast_temp_N schema), which DROP,
// ALTER and CREATE INDEX refuse.
func isSystemClass(rel *catalog.Relation) bool {
	return isSystemRelation(rel) || rel.Namespace == catalog.PgToastNamespace || strings.HasPrefix(rel.NamespaceName, "pg_toast_temp_")
}

// drop is DROP of any object kind (RemoveObjects, RemoveRelations).
func (s *sqlCtx) drop(ds *pg_query.DropStmt) (string, error) {
	switch ds.RemoveType {
	case pg_query.ObjectType_OBJECT_TABLE:
		return s.dropRelations(ds, 'r')
	case pg_query.ObjectType_OBJECT_SEQUENCE:
		return s.dropRelations(ds, 'S')
	case pg_query.ObjectType_OBJECT_VIEW:
		return s.dropRelations(ds, 'v')
	case pg_query.ObjectType_OBJECT_MATVIEW:
		return s.dropRelations(ds, 'm')
	case pg_query.ObjectType_OBJECT_INDEX:
		return s.dropRelations(ds, 'i')
	case pg_query.ObjectType_OBJECT_SCHEMA:
		return s.dropSchemas(ds)
	}
	return "", pgerr.Newf(pgerr.FeatureNotSupported, "%s is not supported yet", parser.CommandTag(&pg_query.Node{Node: &pg_query.Node_DropStmt{DropStmt: ds}}))
}

// relationKinds are what DROP says of each relation kind
// (dropcmds.c's dropmsgstringarray).
var relationKinds = map[byte]struct{ word, notA, hint string }{
	'r': {"table", "\"%s\" is not a table", "Use DROP TABLE to remove a table."},
	'S': {"sequence", "\"%s\" is not a sequence", "Use DROP SEQUENCE to remove a sequence."},
	'v': {"view", "\"%s\" is not a view", "Use DROP VIEW to remove a view."},
	'm': {"materialized view", "\"%s\" is not a materialized view", "Use DROP MATERIALIZED VIEW to remove a materialized view."},
	'i': {"index", "\"%s\" is not an index", "Use DROP INDEX to remove an index."},
	'c': {"type", "\"%s\" is not a type", "Use DROP TYPE to remove a type."},
	'f': {"foreign table", "\"%s\" is not a foreign table", "Use DROP FOREIGN TABLE to remove a foreign table."},
}

// dropRelations is RemoveRelations for DROP TABLE (kind 'r') and DROP
// SEQUENCE ('S').
func (s *sqlCtx) dropRelations(ds *pg_query.DropStmt, kind byte) (string, error) {
	want := relationKinds[kind]
	tag := "DROP " + strings.ToUpper(want.word)
	mode := lmgr.AccessExclusiveLock
	if ds.Concurrent {
		if kind != 'i' {
			return "", pgerr.Newf(pgerr.FeatureNotSupported, "%s CONCURRENTLY is not supported", tag)
		}
		if err := s.preventInTransactionBlock("DROP INDEX CONCURRENTLY"); err != nil {
			return "", err
		}
		if err := checkDropIndexConcurrently(ds); err != nil {
			return "", err
		}
		// Queries and writers go on until the last step
		// (indexconcurrent.go).
		mode = lmgr.ShareUpdateExclusiveLock
	}
	var rels []*catalog.Relation
	for _, obj := range ds.Objects {
		names := nameListOf(obj.GetList().GetItems())
		schema, name := "", names[len(names)-1]
		if len(names) >= 2 {
			schema = names[len(names)-2]
		}
		if schema != "" {
			nsp, err := s.cache.NamespaceOID(s, schema)
			if err != nil {
				return "", err
			}
			if nsp == 0 {
				if ds.MissingOk {
					s.notice(pgerr.Newf(pgerr.SuccessfulCompletion, "schema \"%s\" does not exist, skipping", schema))
					continue
				}
				return "", pgerr.Newf(pgerr.UndefinedSchema, "schema \"%s\" does not exist", schema)
			}
		}
		rel, err := s.openRelation(schema, name, mode, true)
		if err != nil {
			return "", err
		}
		if rel == nil {
			if schema == "" || schema == "pg_catalog" {
				if _, ok := s.env.VirtualRelation(schema, name); ok {
					return "", pgerr.Newf(pgerr.WrongObjectType, want.notA, name).WithHint("%s", relationKinds['v'].hint)
				}
			}
			full := name
			if schema != "" {
				full = schema + "." + name
			}
			if ds.MissingOk {
				s.notice(pgerr.Newf(pgerr.SuccessfulCompletion, "%s \"%s\" does not exist, skipping", want.word, full))
				continue
			}
			return "", pgerr.Newf(pgerr.UndefinedTable, "%s \"%s\" does not exist", want.word, full)
		}
		if rel.Kind != kind {
			e := pgerr.Newf(pgerr.WrongObjectType, want.notA, rel.Name)
			if k, ok := relationKinds[rel.Kind]; ok {
				e = e.WithHint("%s", k.hint)
			}
			return "", e
		}
		if isSystemClass(rel) {
			return "", pgerr.Newf(pgerr.InsufficientPrivilege, "permission denied: \"%s\" is a system catalog", rel.Name)
		}
		if rel.Index != nil {
			// The table is locked too (RangeVarCallbackForDropRelation).
			if err := s.lock(rel.Index.Table, mode); err != nil {
				return "", err
			}
		}
		rels = append(rels, rel)
	}
	if ds.Concurrent && len(rels) == 1 && rels[0].Persistence != 't' {
		if err := s.dropIndexConcurrently(rels[0]); err != nil {
			return "", err
		}
		return tag, nil
	}
	var targets []objectAddress
	for _, rel := range rels {
		targets = append(targets, relationAddress(rel.OID))
	}
	if len(targets) > 0 {
		if err := s.performDeletion(targets, ds.Behavior == pg_query.DropBehavior_DROP_CASCADE); err != nil {
			return "", err
		}
	}
	return tag, nil
}

func nameListOf(nodes []*pg_query.Node) []string {
	var out []string
	for _, n := range nodes {
		out = append(out, n.GetString_().GetSval())
	}
	return out
}

// ---- TRUNCATE ----

func (s *sqlCtx) truncate(ts *pg_query.TruncateStmt) (string, error) {
	var rels []*catalog.Relation
	for _, n := range ts.Relations {
		rv := n.GetRangeVar()
		rel, err := s.openRelation(rv.Schemaname, rv.Relname, lmgr.AccessExclusiveLock, false)
		if err != nil {
			return "", err
		}
		if rel == nil {
			return "", errRelationMissing(rv)
		}
		if isSystemRelation(rel) {
			return "", pgerr.Newf(pgerr.InsufficientPrivilege, "permission denied: \"%s\" is a system catalog", rel.Name)
		}
		if rel.Kind != 'r' {
			return "", pgerr.Newf(pgerr.WrongObjectType, "\"%s\" is not a table", rel.Name)
		}
		if err := s.checkNoPendingEvents(rel, "TRUNCATE"); err != nil {
			return "", err
		}
		rels = append(rels, rel)
	}
	rels, err := s.truncateForeignKeys(rels, ts.Behavior == pg_query.DropBehavior_DROP_CASCADE)
	if err != nil {
		return "", err
	}
	for _, rel := range rels {
		if err := s.checkNoPendingEvents(rel, "TRUNCATE"); err != nil {
			return "", err
		}
	}
	for _, rel := range rels {
		// Every row goes: a write of the whole table for the
		// serializable transactions that read it
		// (CheckTableForSerializableConflictIn).
		if s.tx != nil && rel.Persistence != 't' && rel.OID >= catalog.FirstUnpinnedOID {
			if err := s.tx.PredicateWrite(rel.OID); err != nil {
				return "", err
			}
		}
		if err := s.newStorage(rel); err != nil {
			return "", err
		}
		// The table's live and dead tuple counts restart at commit
		// (pgstat_count_truncate).
		if s.eng != nil {
			s.eng.Stats.Relation(rel.OID, rel.Shared, storage.RelFileLocator{}).CountTruncate()
		}
		if ts.RestartSeqs {
			// RESTART IDENTITY: the sequences the table's columns own
			// start again, transactionally (ResetSequence).
			seqs, err := s.ownedSequences(rel.OID)
			if err != nil {
				return "", err
			}
			for _, seq := range seqs {
				if err := s.resetSequence(seq); err != nil {
					return "", err
				}
			}
		}
	}
	return "TRUNCATE TABLE", nil
}

// resetSequence is ResetSequence: a new file whose first nextval returns
// the sequence's start value.
func (s *sqlCtx) resetSequence(relid uint32) error {
	if err := s.lock(relid, lmgr.AccessExclusiveLock); err != nil {
		return err
	}
	rel, err := s.cache.RelationByOID(s, relid)
	if err != nil || rel == nil || rel.Kind != 'S' {
		return err
	}
	p, ok, err := s.sequenceParams(relid)
	if err != nil || !ok {
		return err
	}
	if err := s.newRelFileNode(rel); err != nil {
		return err
	}
	s.nextCommand()
	if rel, err = s.cache.RelationByOID(s, relid); err != nil {
		return err
	}
	s.eng.Sequences.Forget(relid)
	d := sequence.Data{LastValue: p.Start}
	if rel.Persistence == 'u' {
		if err := s.createSequenceInitFork(rel.Locator(s.db), d); err != nil {
			return err
		}
	}
	return s.eng.Sequences.Create(rel.Locator(s.db), d, rel.Persistence == 'u')
}

// newStorage gives rel, its TOAST table and its indexes new, empty files
// (TRUNCATE, REFRESH MATERIALIZED VIEW).
func (s *sqlCtx) newStorage(rel *catalog.Relation) error {
	if err := s.newRelFileNode(rel); err != nil {
		return err
	}
	if rel.ToastOID != 0 {
		toast, err := s.cache.RelationByOID(s, rel.ToastOID)
		if err != nil {
			return err
		}
		if toast != nil {
			if err := s.newRelFileNode(toast); err != nil {
				return err
			}
			if len(toast.Indexes) > 0 {
				s.nextCommand()
				if err := s.reindexRelation(toast, false); err != nil {
					return err
				}
			}
		}
	}
	if len(rel.Indexes) == 0 {
		return nil
	}
	// The indexes, empty, over the new, empty table.
	s.nextCommand()
	return s.reindexRelation(rel, false)
}

// newRelFileNode is RelationSetNewRelfilenumber: the relation gets a new
// empty file; the old one is removed at commit, the new one at abort.
func (s *sqlCtx) newRelFileNode(rel *catalog.Relation) error {
	loc, err := s.newRelFile(rel)
	if err != nil {
		return err
	}
	return s.useRelFile(rel, loc)
}

// newRelFile creates a new, empty file for rel, removed if the
// transaction aborts; useRelFile then names it in pg_class.
func (s *sqlCtx) newRelFile(rel *catalog.Relation) (storage.RelFileLocator, error) {
	node, err := s.newOID()
	if err != nil {
		return storage.RelFileLocator{}, err
	}
	loc := rel.Locator(s.db)
	loc.Rel = node
	if err := s.createFile(loc, rel.Persistence == 'u' && rel.Kind != 'i' && rel.Kind != 'S'); err != nil {
		return storage.RelFileLocator{}, err
	}
	return loc, nil
}

// useRelFile makes loc, a file newRelFile made, rel's file: its
// pg_class row names it, with the sizes of an empty relation; the old
// file is removed at commit.
func (s *sqlCtx) useRelFile(rel *catalog.Relation, loc storage.RelFileLocator) error {
	return s.useRelFileSized(rel, loc, 0, -1)
}

// useRelFileSized is useRelFile with relpages and reltuples given (an
// index built empty: 1 and 0).
func (s *sqlCtx) useRelFileSized(rel *catalog.Relation, loc storage.RelFileLocator, pages int32, tuples float32) error {
	s.predicateRelationRewritten(rel.OID)
	old := rel.Locator(s.db)
	pc := catalog.Lookup("pg_class")
	iOID, iNode := pc.Column("oid"), pc.Column("relfilenode")
	err := s.updateCatalogRow(pc, func(r []types.Datum) bool { return uint32(r[iOID].Int()) == rel.OID },
		func(r []types.Datum) {
			r[iNode] = oidD(loc.Rel)
			if rel.Kind != 'S' {
				// Empty until further notice (RelationSetNewRelfilenumber).
				r[pc.Column("relpages")] = types.Int(int64(pages))
				r[pc.Column("reltuples")] = types.Float4(tuples)
				r[pc.Column("relallvisible")] = types.Int(0)
			}
		})
	if err != nil {
		return err
	}
	eng := s.eng
	s.tx.AtCommit(func() { dropRelationStorage(eng, old) })
	s.cache.InvalidateRelation(rel.OID, false)
	s.cache.InvalidateSmgr(old)
	return nil
}

// isConstraintAttr reports whether c is a DEFERRABLE, NOT DEFERRABLE,
// INITIALLY DEFERRED or INITIALLY IMMEDIATE clause of a column
// constraint.
func isConstraintAttr(c *pg_query.Constraint) bool {
	switch c.Contype {
	case pg_query.ConstrType_CONSTR_ATTR_DEFERRABLE, pg_query.ConstrType_CONSTR_ATTR_NOT_DEFERRABLE,
		pg_query.ConstrType_CONSTR_ATTR_DEFERRED, pg_query.ConstrType_CONSTR_ATTR_IMMEDIATE:
		return true
	}
	return false
}

// applyConstraintAttr is transformConstraintAttrs for one clause: it
// sets DEFERRABLE or INITIALLY on target, the key or foreign key just
// before it (nil: none, a misplaced clause), refusing a repeated or
// contradictory clause. INITIALLY DEFERRED alone implies DEFERRABLE.
func applyConstraintAttr(c, target *pg_query.Constraint, sawDeferrability, sawInitially *bool) *pgerr.Error {
	word := map[pg_query.ConstrType]string{
		pg_query.ConstrType_CONSTR_ATTR_DEFERRABLE: "DEFERRABLE", pg_query.ConstrType_CONSTR_ATTR_NOT_DEFERRABLE: "NOT DEFERRABLE",
		pg_query.ConstrType_CONSTR_ATTR_DEFERRED: "INITIALLY DEFERRED", pg_query.ConstrType_CONSTR_ATTR_IMMEDIATE: "INITIALLY IMMEDIATE"}[c.Contype]
	if target == nil {
		return pgerr.Newf(pgerr.SyntaxError, "misplaced %s clause", word)
	}
	mustBeDeferrable := pgerr.New(pgerr.SyntaxError, "constraint declared INITIALLY DEFERRED must be DEFERRABLE")
	switch c.Contype {
	case pg_query.ConstrType_CONSTR_ATTR_DEFERRABLE, pg_query.ConstrType_CONSTR_ATTR_NOT_DEFERRABLE:
		if *sawDeferrability {
			return pgerr.New(pgerr.SyntaxError, "multiple DEFERRABLE/NOT DEFERRABLE clauses not allowed")
		}
		*sawDeferrability = true
		target.Deferrable = c.Contype == pg_query.ConstrType_CONSTR_ATTR_DEFERRABLE
		if !target.Deferrable && *sawInitially && target.Initdeferred {
			return mustBeDeferrable
		}
	default:
		if *sawInitially {
			return pgerr.New(pgerr.SyntaxError, "multiple INITIALLY IMMEDIATE/DEFERRED clauses not allowed")
		}
		*sawInitially = true
		target.Initdeferred = c.Contype == pg_query.ConstrType_CONSTR_ATTR_DEFERRED
		if target.Initdeferred {
			if !*sawDeferrability {
				target.Deferrable = true
			} else if !target.Deferrable {
				return mustBeDeferrable
			}
		}
	}
	return nil
}

// reloptionBool reads boolean storage parameter name of reloptions opts
// (stored as written: on, yes, 1 ...); set is false when it is absent.
func reloptionBool(opts []string, name string) (value, set bool) {
	for _, o := range opts {
		if v, ok := strings.CutPrefix(o, name+"="); ok {
			value, _ = types.ParseBool(v)
			return value, true
		}
	}
	return false, false
}
