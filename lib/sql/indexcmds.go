// CREATE INDEX and the indexes behind PRIMARY KEY and UNIQUE constraints
// (PostgreSQL's commands/indexcmds.c DefineIndex and catalog/index.c
// index_create and index_build): the index's pg_class, pg_attribute and
// pg_index rows and pg_depend entries, its file, and the B-tree built
// from the table's rows in key order (lib/access/nbtree).
//
// Index columns may be expressions and an index may be partial (WHERE):
// both are analyzed over the table (analyze/indexexpr.go) and kept in
// pg_index as SQL text, as CHECK constraints are; INCLUDE columns follow
// the key columns in pg_index.indkey and pg_attribute. CONCURRENTLY
// (CREATE INDEX and REINDEX) works in several transactions, in
// indexconcurrent.go. What is not supported yet is refused (0A000):
// access methods other than btree, key columns of types users created (enums, composite
// types) and of types without a B-tree operator class.

package sql

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/access/heap"
	"github.com/gpostgres/gpostgres/lib/access/nbtree"
	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/pgstat"
	"github.com/gpostgres/gpostgres/lib/sql/analyze"
	"github.com/gpostgres/gpostgres/lib/sql/exec"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/parser"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/lmgr"
	"github.com/gpostgres/gpostgres/lib/types"
	"golang.org/x/sys/unix"
)

// indexDef is an index to make: an IndexStmt with its names resolved.
type indexDef struct {
	name  string
	table *catalog.Relation
	// attnums are the table's columns, in index order: the key columns
	// (0 for an expression), then the INCLUDE columns; nKeyAtts counts the
	// key columns, 0 meaning all. classes, options and collations are
	// the key columns'.
	attnums    []int16
	nKeyAtts   int
	classes    []uint32
	options    []int16
	collations []uint32
	unique     bool
	primary    bool
	// nullsNotDistinct: NULLs conflict with each other.
	nullsNotDistinct bool
	// constraint is 'p' or 'u' for the index of a PRIMARY KEY or UNIQUE
	// constraint (which takes the index's name), 0 for a plain index.
	constraint           byte
	deferrable, deferred bool
	fillFactor           int
	// exprs are, by index column, the analyzed expressions of expression
	// columns (attnum 0), nil for plain columns; exprNames are those
	// columns' names before deduplication (FigureIndexColname).
	exprs     []expr.Expr
	exprNames []string
	// pred is a partial index's WHERE condition, nil without.
	pred expr.Expr
	// exprTable is the table as the expressions were analyzed over.
	exprTable *plan.Table
	// oid, when not 0, is the index's OID, taken beforehand (a TOAST
	// table's index, whose OID follows the TOAST table's).
	oid uint32
	// concurrent makes the catalog entry only, neither ready nor valid,
	// and no build (INDEX_CREATE_CONCURRENT | INDEX_CREATE_SKIP_BUILD):
	// CREATE INDEX CONCURRENTLY's first phase (indexconcurrent.go).
	concurrent bool
}

// columnNames are the index's column names (ChooseIndexColumnNames).
func (def *indexDef) columnNames() []string {
	return indexColumnNames(def.table, def.attnums, def.exprNames)
}

// createIndexStmt is CREATE INDEX (DefineIndex).
func (s *sqlCtx) createIndexStmt(st Statement, is *pg_query.IndexStmt) (string, error) {
	if err := checkIndexMethod(is.AccessMethod); err != nil {
		return "", err
	}
	concurrent := is.Concurrent
	mode := lmgr.ShareLock
	if concurrent {
		if err := s.preventInTransactionBlock("CREATE INDEX CONCURRENTLY"); err != nil {
			return "", err
		}
		// Writers go on while the index is built (indexconcurrent.go).
		mode = lmgr.ShareUpdateExclusiveLock
	}
	if err := checkTablespace(is.TableSpace); err != nil {
		return "", err
	}
	rv := is.Relation
	rel, err := s.openRelation(rv.Schemaname, rv.Relname, mode, true)
	if err != nil {
		return "", err
	}
	if rel == nil {
		return "", errRelationMissing(rv)
	}
	if err := checkIndexable(rel); err != nil {
		return "", err
	}
	// pg_stat_progress_create_index shows the command from here on.
	s.progressStart(pgstat.ProgressCreateIndex, rel.OID)
	defer s.progressEnd()
	command := int64(pgstat.ProgressCreateIdxCommandCreate)
	if concurrent && rel.Persistence != 't' {
		command = pgstat.ProgressCreateIdxCommandCreateConcurrently
	}
	s.progressUpdateMulti([]int{pgstat.ProgressCreateIdxCommand, pgstat.ProgressCreateIdxAccessMethodOID},
		[]int64{command, btreeAmOID})
	if concurrent && rel.Persistence == 't' {
		// Nobody else sees a temporary table: built at once, as
		// PostgreSQL does.
		concurrent = false
		if err := s.lock(rel.OID, lmgr.ShareLock); err != nil {
			return "", err
		}
	}
	def := &indexDef{name: is.Idxname, table: rel, unique: is.Unique, nullsNotDistinct: is.NullsNotDistinct}
	if err := s.indexColumns(st, def, is.IndexParams); err != nil {
		return "", err
	}
	if err := s.includeColumns(def, is.IndexIncludingParams); err != nil {
		return "", err
	}
	if is.WhereClause != nil {
		t, err := s.indexExprTable(def)
		if err != nil {
			return "", err
		}
		if def.pred, err = analyze.AnalyzeIndexExpr(catalogAdapter{s}, st.Query, is.WhereClause, t, true, s.formatOptions()); err != nil {
			return "", err
		}
	}
	if def.fillFactor, err = indexOptions(is.Options); err != nil {
		return "", err
	}
	if def.name == "" {
		if def.name, err = s.chooseIndexNameFor(rel, def.columnNames(), "idx"); err != nil {
			return "", err
		}
	} else if is.IfNotExists {
		oid, err := s.cache.RelationOID(s, rel.Namespace, def.name)
		if err != nil {
			return "", err
		}
		if oid != 0 {
			s.notice(pgerr.Newf(pgerr.DuplicateTable, "relation \"%s\" already exists, skipping", def.name).WithSeverity(pgerr.SeverityNotice))
			return "CREATE INDEX", nil
		}
	}
	if concurrent {
		if err := s.createIndexConcurrently(def); err != nil {
			return "", err
		}
		return "CREATE INDEX", nil
	}
	if _, err := s.createIndex(def); err != nil {
		return "", err
	}
	return "CREATE INDEX", nil
}

// checkIndexMethod refuses the access methods gpostgres does not have.
func checkIndexMethod(am string) error {
	switch am {
	case "", "btree":
		return nil
	case "hash", "gist", "gin", "spgist", "brin":
		return pgerr.Newf(pgerr.FeatureNotSupported, "access method \"%s\" is not supported yet", am).
			WithHint("Only btree indexes are available.")
	}
	return pgerr.Newf(pgerr.UndefinedObject, "access method \"%s\" does not exist", am)
}

// checkIndexable refuses an index on what is not a table or
// materialized view, or on a system catalog.
func checkIndexable(rel *catalog.Relation) error {
	if rel.Kind == 't' {
		return pgerr.Newf(pgerr.InsufficientPrivilege, "permission denied: \"%s\" is a system catalog", rel.Name)
	}
	if rel.Kind != 'r' && rel.Kind != 'm' {
		what := "This operation is not supported for " + relationKindPlural(rel.Kind) + "."
		return pgerr.Newf(pgerr.WrongObjectType, "cannot create index on relation \"%s\"", rel.Name).WithDetail("%s", what)
	}
	if isSystemRelation(rel) {
		return pgerr.Newf(pgerr.InsufficientPrivilege, "permission denied: \"%s\" is a system catalog", rel.Name)
	}
	return nil
}

// relationKindPlural is errdetail_relkind_not_supported's word.
func relationKindPlural(kind byte) string {
	switch kind {
	case 'v':
		return "views"
	case 'S':
		return "sequences"
	case 'c':
		return "composite types"
	case 'i':
		return "indexes"
	case 't':
		return "TOAST tables"
	case 'f':
		return "foreign tables"
	}
	return "this kind of relation"
}

// indexColumns resolves an index's columns: names, operator classes,
// ASC/DESC and NULLS FIRST/LAST (ComputeIndexAttrs).
func (s *sqlCtx) indexColumns(st Statement, def *indexDef, params []*pg_query.Node) error {
	rel := def.table
	if len(params) > 32 {
		return pgerr.New(pgerr.TooManyColumns, "cannot use more than 32 columns in an index")
	}
	for i, n := range params {
		el := n.GetIndexElem()
		if len(el.Opclassopts) > 0 {
			return pgerr.New(pgerr.FeatureNotSupported, "operator class options are not supported yet")
		}
		var attnum int16
		var e expr.Expr
		var a catalog.Attribute
		if el.Expr != nil {
			t, err := s.indexExprTable(def)
			if err != nil {
				return err
			}
			if e, err = analyze.AnalyzeIndexExpr(catalogAdapter{s}, st.Query, el.Expr, t, false, s.formatOptions()); err != nil {
				return err
			}
			if v, ok := e.(*expr.Var); ok {
				// "(column)" is the column itself.
				attnum, e = t.Columns[v.Index].AttNum, nil
			} else {
				a = catalog.Attribute{Type: e.Type(), TypMod: e.Typmod(), Collation: exprCollation(e)}
				if def.exprs == nil {
					def.exprs = make([]expr.Expr, len(params))
				}
				def.exprs[i] = e
				def.exprNames = append(def.exprNames, analyze.IndexColumnName(el.Expr))
			}
		} else {
			attnum = columnNumber(rel, el.Name)
			if attnum == 0 {
				if systemColumnNames[el.Name] {
					return pgerr.New(pgerr.FeatureNotSupported, "index creation on system columns is not supported")
				}
				return pgerr.Newf(pgerr.UndefinedColumn, "column \"%s\" does not exist", el.Name)
			}
		}
		if e == nil {
			a = rel.Attrs[attnum-1]
		}
		if types.ByOID(types.DomainBase(a.Type)) == nil {
			return pgerr.Newf(pgerr.FeatureNotSupported, "indexes on columns of type %s are not supported yet", s.typeName(a.Type, a.TypMod))
		}
		var oc *catalog.Opclass
		if len(el.Opclass) > 0 {
			names := nameListOf(el.Opclass)
			name := names[len(names)-1]
			var ok bool
			if oc, ok = catalog.BtreeOpclassByName(name); !ok {
				return pgerr.Newf(pgerr.UndefinedObject, "operator class \"%s\" does not exist for access method \"btree\"", name)
			}
			if !opclassAccepts(oc, a.Type) {
				return pgerr.Newf(pgerr.DatatypeMismatch, "operator class \"%s\" does not accept data type %s", name, s.typeName(a.Type, -1))
			}
		} else {
			var ok bool
			if oc, ok = catalog.DefaultBtreeOpclass(a.Type); !ok {
				return pgerr.Newf(pgerr.UndefinedObject, "data type %s has no default operator class for access method \"btree\"", s.typeName(a.Type, -1)).
					WithHint("You must specify an operator class for the index or define a default operator class for the data type.")
			}
		}
		coll := a.Collation
		if len(el.Collation) > 0 {
			names := nameListOf(el.Collation)
			c, err := s.collationOID(names[len(names)-1])
			if err != nil {
				return err
			}
			if coll == 0 {
				return pgerr.Newf(pgerr.DatatypeMismatch, "collations are not supported by type %s", s.typeName(a.Type, -1))
			}
			coll = c
		}
		var opt int16
		switch el.Ordering {
		case pg_query.SortByDir_SORTBY_DESC:
			opt |= catalog.IndexOptionDesc
			// DESC defaults to NULLS FIRST.
			if el.NullsOrdering != pg_query.SortByNulls_SORTBY_NULLS_LAST {
				opt |= catalog.IndexOptionNullsFirst
			}
		case pg_query.SortByDir_SORTBY_USING:
			return pgerr.New(pgerr.SyntaxError, "USING is not supported in an index definition")
		default:
			if el.NullsOrdering == pg_query.SortByNulls_SORTBY_NULLS_FIRST {
				opt |= catalog.IndexOptionNullsFirst
			}
		}
		def.attnums = append(def.attnums, attnum)
		def.classes = append(def.classes, oc.OID)
		def.options = append(def.options, opt)
		def.collations = append(def.collations, coll)
	}
	return nil
}

// varColumns are the attribute numbers of t's columns that e reads.
func varColumns(t *plan.Table, e expr.Expr) []int16 {
	var out []int16
	plan.Walk(e, func(x expr.Expr) bool {
		if v, ok := x.(*expr.Var); ok && v.LevelsUp == 0 {
			out = append(out, t.Columns[v.Index].AttNum)
		}
		return true
	})
	return out
}

// includeColumns adds an index's INCLUDE columns (ComputeIndexAttrs for
// the non-key attributes): plain columns, stored in the leaf entries and
// never compared.
func (s *sqlCtx) includeColumns(def *indexDef, params []*pg_query.Node) error {
	if len(params) == 0 {
		return nil
	}
	rel := def.table
	def.nKeyAtts = len(def.attnums)
	if def.nKeyAtts+len(params) > 32 {
		return pgerr.New(pgerr.TooManyColumns, "cannot use more than 32 columns in an index")
	}
	for _, n := range params {
		el := n.GetIndexElem()
		switch {
		case el.Expr != nil:
			return pgerr.New(pgerr.FeatureNotSupported, "expressions are not supported in included columns")
		case len(el.Collation) > 0:
			return pgerr.New(pgerr.FeatureNotSupported, "including column does not support a collation")
		case len(el.Opclass) > 0:
			return pgerr.New(pgerr.FeatureNotSupported, "including column does not support an operator class")
		case el.Ordering != pg_query.SortByDir_SORTBY_DEFAULT:
			return pgerr.New(pgerr.FeatureNotSupported, "including column does not support ASC/DESC options")
		case el.NullsOrdering != pg_query.SortByNulls_SORTBY_NULLS_DEFAULT:
			return pgerr.New(pgerr.FeatureNotSupported, "including column does not support NULLS FIRST/LAST options")
		}
		attnum := columnNumber(rel, el.Name)
		if attnum == 0 {
			if systemColumnNames[el.Name] {
				return pgerr.New(pgerr.FeatureNotSupported, "index creation on system columns is not supported")
			}
			return pgerr.Newf(pgerr.UndefinedColumn, "column \"%s\" does not exist", el.Name)
		}
		if a := rel.Attrs[attnum-1]; types.ByOID(types.DomainBase(a.Type)) == nil {
			return pgerr.Newf(pgerr.FeatureNotSupported, "indexes on columns of type %s are not supported yet", s.typeName(a.Type, a.TypMod))
		}
		def.attnums = append(def.attnums, attnum)
	}
	return nil
}

// indexExprTable is the table an index's expressions and predicate are
// analyzed over, planned once per definition.
func (s *sqlCtx) indexExprTable(def *indexDef) (*plan.Table, error) {
	if def.exprTable == nil {
		t, err := s.planTable(def.table)
		if err != nil {
			return nil, err
		}
		def.exprTable = t
	}
	return def.exprTable, nil
}

// exprCollation is the collation an expression's result has: the
// default collation for a collatable built-in type, none otherwise
// (exprCollation without COLLATE clauses, which gpostgres does not keep
// on expressions).
func exprCollation(e expr.Expr) uint32 {
	return typeCollation(types.DomainBase(e.Type()))
}

// opclassAccepts reports whether operator class oc indexes values of
// type typ: its input type, or one typ is binary-coercible to.
func opclassAccepts(oc *catalog.Opclass, typ uint32) bool {
	typ = types.DomainBase(typ)
	if oc.InType == typ {
		return true
	}
	switch oc.InType {
	case types.OidText:
		return typ == types.OidVarchar
	case types.OidInet:
		return typ == types.OidCidr
	case types.OidAnyArray:
		t := types.ByOID(typ)
		return t != nil && t.IsArray()
	}
	return false
}

// collationOID finds a collation by name; only the built-in ones exist.
func (s *sqlCtx) collationOID(name string) (uint32, error) {
	switch name {
	case "default":
		return 100, nil
	case "C":
		return 950, nil
	case "POSIX":
		return 951, nil
	}
	return 0, pgerr.Newf(pgerr.UndefinedObject, "collation \"%s\" for encoding \"UTF8\" does not exist", name)
}

// indexOptions reads WITH (...) of an index: fillfactor (10..100).
func indexOptions(opts []*pg_query.Node) (int, error) {
	ff := 0
	for _, o := range opts {
		d := o.GetDefElem()
		if d.GetDefname() == "deduplicate_items" && d.Defnamespace == "" {
			// A B-tree parameter of PostgreSQL's: no entries are
			// deduplicated here, so neither value can be kept as asked.
			return 0, pgerr.New(pgerr.FeatureNotSupported, "index storage parameter \"deduplicate_items\" is not supported")
		}
		if d.GetDefname() != "fillfactor" || d.Defnamespace != "" {
			return 0, pgerr.Newf(pgerr.InvalidParameterValue, "unrecognized parameter \"%s\"", d.GetDefname())
		}
		text := defElemText(d.GetArg())
		v, err := strconv.Atoi(text)
		if err != nil {
			return 0, pgerr.Newf(pgerr.InvalidParameterValue, "invalid value for integer option \"fillfactor\": %s", text)
		}
		if v < 10 || v > 100 {
			return 0, pgerr.Newf(pgerr.InvalidParameterValue, "value %d out of bounds for option \"fillfactor\"", v).
				WithDetail("Valid values are between \"10\" and \"100\".")
		}
		ff = v
	}
	return ff, nil
}

// defElemText is a DefElem argument as text (defGetString).
func defElemText(n *pg_query.Node) string {
	switch {
	case n == nil:
		return ""
	case n.GetInteger() != nil:
		return strconv.Itoa(int(n.GetInteger().Ival))
	case n.GetFloat() != nil:
		return n.GetFloat().Fval
	case n.GetString_() != nil:
		return n.GetString_().Sval
	case n.GetBoolean() != nil:
		if n.GetBoolean().Boolval {
			return "true"
		}
		return "false"
	}
	return ConstString(n)
}

// indexColumnNames are the names of an index's columns
// (ChooseIndexColumnNames): the table's column names, a name used twice
// getting a number.
func indexColumnNames(rel *catalog.Relation, attnums []int16, exprNames []string) []string {
	used := map[string]bool{}
	var out []string
	for _, attnum := range attnums {
		var base string
		if attnum == 0 {
			base, exprNames = exprNames[0], exprNames[1:]
		} else {
			base = rel.Attrs[attnum-1].Name
		}
		name := base
		for n := 1; used[name]; n++ {
			name = base + strconv.Itoa(n)
		}
		used[name] = true
		out = append(out, name)
	}
	return out
}

// chooseIndexName is ChooseIndexName: table_col1_col2_label, with a
// number added until no relation of the schema has the name.
func (s *sqlCtx) chooseIndexName(rel *catalog.Relation, attnums []int16, label string) (string, error) {
	return s.chooseIndexNameFor(rel, indexColumnNames(rel, attnums, nil), label)
}

// chooseIndexNameFor is chooseIndexName given the index's column names.
func (s *sqlCtx) chooseIndexNameFor(rel *catalog.Relation, cols []string, label string) (string, error) {
	if label == "pkey" {
		cols = nil
	}
	name2 := strings.Join(cols, "_")
	for pass := 0; ; pass++ {
		l := label
		if pass > 0 {
			l = label + strconv.Itoa(pass)
		}
		name := makeObjectName(rel.Name, name2, l)
		oid, err := s.cache.RelationOID(s, rel.Namespace, name)
		if err != nil {
			return "", err
		}
		if oid == 0 {
			return name, nil
		}
	}
}

// createIndex is index_create and index_build: the catalog rows, the file
// and the built index. It returns the index's OID.
func (s *sqlCtx) createIndex(def *indexDef) (uint32, error) {
	rel := def.table
	nsp := rel.Namespace
	if err := s.lockName(nsp, def.name); err != nil {
		return 0, err
	}
	if oid, err := s.cache.RelationOID(s, nsp, def.name); err != nil {
		return 0, err
	} else if oid != 0 {
		return 0, pgerr.Newf(pgerr.DuplicateTable, "relation \"%s\" already exists", def.name)
	}
	if def.constraint != 0 {
		if err := s.checkConstraintNameFree(rel, def.name); err != nil {
			return 0, err
		}
	}
	owner := rel.Owner
	oid := def.oid
	var err error
	if oid == 0 {
		if oid, err = s.newOID(); err != nil {
			return 0, err
		}
	}
	s.progressUpdate(pgstat.ProgressCreateIdxIndexOID, int64(oid))
	var conOID uint32
	if def.constraint != 0 {
		if conOID, err = s.newOID(); err != nil {
			return 0, err
		}
	}
	loc := rel.Locator(s.db)
	loc.Rel = oid
	if err := s.createFile(loc, false); err != nil {
		return 0, err
	}
	if err := s.tx.LockRelation(oid, lmgr.AccessExclusiveLock); err != nil {
		return 0, err
	}

	// pg_class.
	crow := s.classRow(oid, def.name, nsp, 0, owner, 0, 'i', len(def.attnums), 0).
		set("relam", oidD(catalog.BtreeAM)).set("relpersistence", charD(rel.Persistence)).
		set("relfrozenxid", types.Int(0)).set("relminmxid", types.Int(0))
	if def.fillFactor != 0 {
		crow.set("reloptions", types.ArrayDatum(types.NewArray1(types.OidText, []types.Datum{types.Text("fillfactor=" + strconv.Itoa(def.fillFactor))})))
	}
	if err := s.insertCatalog(crow); err != nil {
		return 0, err
	}

	// pg_attribute: one row per index column, named as the column
	// (ChooseIndexColumnNames: a name used twice gets a number).
	colNames := def.columnNames()
	for i, attnum := range def.attnums {
		var a catalog.Attribute
		if attnum == 0 {
			e := def.exprs[i]
			ct := s.columnType(e.Type())
			if ct == nil {
				return 0, pgerr.Newf(pgerr.FeatureNotSupported, "indexes on expressions of type %s are not supported yet", s.typeName(e.Type(), -1))
			}
			a = catalog.Attribute{Type: e.Type(), TypMod: e.Typmod(), Len: ct.Len, ByVal: ct.ByVal, Align: ct.Align,
				Storage: typeStorage(e.Type(), ct), Collation: exprCollation(e)}
			if ct.IsArray() {
				a.NDims = 1
			}
		} else {
			a = rel.Attrs[attnum-1]
		}
		// INCLUDE columns have no collation of their own.
		var coll uint32
		if i < len(def.collations) {
			coll = def.collations[i]
		}
		name := colNames[i]
		// A column of the table keeps its attstorage and attcompression
		// (ConstructTupleDescriptor copies them), an expression has its
		// type's storage.
		ia := catalog.Attribute{Name: name, Type: a.Type, TypMod: a.TypMod, Len: a.Len, ByVal: a.ByVal, Align: a.Align,
			Storage: a.Storage, Compression: a.Compression, Collation: coll, NDims: a.NDims}
		if err := s.insertCatalog(attributeRow(oid, int16(i+1), &ia, -1)); err != nil {
			return 0, err
		}
	}

	// pg_index.
	n, nkeys := len(def.attnums), len(def.attnums)
	if def.nKeyAtts > 0 {
		nkeys = def.nKeyAtts
	}
	irow := newCatalogRow(catalog.Lookup("pg_index")).set("indexrelid", oidD(oid)).set("indrelid", oidD(rel.OID)).
		set("indnatts", types.Int(int64(n))).set("indnkeyatts", types.Int(int64(nkeys))).
		set("indisunique", types.Bool(def.unique)).set("indnullsnotdistinct", types.Bool(def.nullsNotDistinct)).
		set("indisprimary", types.Bool(def.primary)).set("indisexclusion", types.Bool(false)).
		set("indimmediate", types.Bool(!def.deferrable)).set("indisclustered", types.Bool(false)).
		set("indisvalid", types.Bool(!def.concurrent)).set("indcheckxmin", types.Bool(false)).set("indisready", types.Bool(!def.concurrent)).
		set("indislive", types.Bool(true)).set("indisreplident", types.Bool(false)).
		set("indkey", types.Bytes(catalog.EncodeInt2Vector(def.attnums))).
		set("indcollation", types.Bytes(catalog.EncodeOidVector(def.collations))).
		set("indclass", types.Bytes(catalog.EncodeOidVector(def.classes))).
		set("indoption", types.Bytes(catalog.EncodeInt2Vector(def.options)))
	// indexprs and indpred keep SQL text, as adbin and conbin do.
	var exprCols []int16
	if def.exprs != nil || def.pred != nil {
		exprsText, predText, err := storedIndexTexts(def.exprs, def.pred, func(v *expr.Var) string { return def.exprTable.Columns[v.Index].Name })
		if err != nil {
			return 0, err
		}
		if exprsText != "" {
			irow.set("indexprs", types.Text(exprsText))
		}
		if predText != "" {
			irow.set("indpred", types.Text(predText))
		}
		for _, e := range append(append([]expr.Expr(nil), def.exprs...), def.pred) {
			if e != nil {
				exprCols = append(exprCols, varColumns(def.exprTable, e)...)
			}
		}
	}
	if err := s.insertCatalog(irow); err != nil {
		return 0, err
	}

	// pg_constraint and pg_depend (index_create, index_constraint_create).
	var deps []dependency
	if def.constraint != 0 {
		if err := s.insertKeyConstraint(conOID, oid, def); err != nil {
			return 0, err
		}

		deps = append(deps, dependency{relationAddress(oid), constraintAddress(conOID), depInternal})
		for _, attnum := range def.attnums {
			deps = append(deps, dependency{constraintAddress(conOID), columnAddress(rel.OID, attnum), depAuto})
		}
	} else {
		for _, attnum := range def.attnums {
			if attnum != 0 {
				deps = append(deps, dependency{relationAddress(oid), columnAddress(rel.OID, attnum), depAuto})
			}
		}
		// The columns the expressions and the predicate read
		// (recordDependencyOnSingleRelExpr), once each.
		seen := map[int16]bool{}
		for _, attnum := range exprCols {
			if !seen[attnum] {
				seen[attnum] = true
				deps = append(deps, dependency{relationAddress(oid), columnAddress(rel.OID, attnum), depAuto})
			}
		}
		for _, e := range append(append([]expr.Expr(nil), def.exprs...), def.pred) {
			if e != nil {
				for _, a := range exprDependencies(e) {
					deps = append(deps, dependency{relationAddress(oid), a, depNormal})
				}
			}
		}
	}
	for _, c := range def.collations {
		if c != 0 && c != 100 {
			deps = append(deps, dependency{relationAddress(oid), objectAddress{classID: collationRelationID, objID: c}, depNormal})
		}
	}
	if err := s.recordDependencies(deps); err != nil {
		return 0, err
	}
	// In place, as index_update_stats does: CREATE INDEX holds only a
	// ShareLock on the table, so two of them on one table (pg_restore
	// -j) would otherwise fail with "tuple concurrently updated"; both
	// write the same value, and a relhasindex left true by a rolled-back
	// build only costs a look for indexes that are not there.
	if err := s.updateClassInPlace(rel.OID, func(r []types.Datum, c *catalog.Catalog) bool {
		i := c.Column("relhasindex")
		if r[i].Bool() {
			return false
		}
		r[i] = types.Bool(true)
		return true
	}); err != nil {
		return 0, err
	}
	s.cache.InvalidateClassName(nsp, def.name)
	s.cache.InvalidateRelation(oid, false)
	s.cache.InvalidateRelation(rel.OID, false)
	s.nextCommand()

	if def.constraint != 0 && def.deferrable {
		if err := s.insertUniqueTrigger(rel.OID, conOID, oid, def.primary, def.deferred); err != nil {
			return 0, err
		}
		s.nextCommand()
	}
	if def.concurrent {
		return oid, nil
	}
	if err := s.buildIndex(rel.OID, oid, true); err != nil {
		return 0, err
	}
	return oid, nil
}

// collationRelationID is pg_collation's OID.
const collationRelationID uint32 = 3456

// insertKeyConstraint is the pg_constraint row of a PRIMARY KEY or UNIQUE
// constraint backed by index (CreateConstraintEntry).
func (s *sqlCtx) insertKeyConstraint(oid, index uint32, def *indexDef) error {
	rel := def.table
	key := def.attnums
	if def.nKeyAtts > 0 {
		key = key[:def.nKeyAtts]
	}
	keys := make([]types.Datum, len(key))
	for i, a := range key {
		keys[i] = types.Int(int64(a))
	}
	row := newCatalogRow(catalog.Lookup("pg_constraint")).set("oid", oidD(oid)).set("conname", types.Text(def.name)).
		set("connamespace", oidD(rel.Namespace)).set("contype", charD(def.constraint)).
		set("condeferrable", types.Bool(def.deferrable)).set("condeferred", types.Bool(def.deferred)).
		set("convalidated", types.Bool(true)).set("conrelid", oidD(rel.OID)).set("contypid", oidD(0)).
		set("conindid", oidD(index)).set("conparentid", oidD(0)).set("confrelid", oidD(0)).
		set("confupdtype", charD(' ')).set("confdeltype", charD(' ')).set("confmatchtype", charD(' ')).
		set("conislocal", types.Bool(true)).set("coninhcount", types.Int(0)).set("connoinherit", types.Bool(true)).
		set("conkey", types.ArrayDatum(types.NewArray1(types.OidInt2, keys)))
	return s.insertCatalog(row)
}

// buildIndex fills index indexOID of table relOID from the table's rows
// (index_build): every row the statement can see, read in key order,
// the B-tree built bottom up; then, with stats, the index's and the
// table's sizes in pg_class (index_update_stats).
func (s *sqlCtx) buildIndex(relOID, indexOID uint32, stats bool) error {
	rel, irel, t, ti, err := s.describeIndexOf(relOID, indexOID)
	if err != nil {
		return err
	}
	if rel.Kind == 't' {
		return s.buildToastIndex(rel, irel, ti, stats)
	}
	b, err := nbtree.NewBuild(s.btree(), ti.Index)
	if err != nil {
		return err
	}
	// The B-tree build's phases as btbuild reports them: the table is
	// read and sorted by the query scanIndexSource runs, whose first row
	// starts the load into the tree.
	var blocks int64
	if n, err := s.eng.Smgr.NBlocks(rel.Locator(s.db), storage.MainFork); err == nil {
		blocks = int64(n)
	}
	s.progressUpdateMulti([]int{pgstat.ProgressCreateIdxPhase, pgstat.ProgressCreateIdxSubphase, pgstat.ProgressScanBlocksTotal},
		[]int64{pgstat.ProgressCreateIdxPhaseBuild, pgstat.ProgressBtreePhaseTableScan, blocks})
	var count float64
	err = s.withCurrentRows(func() error {
		if t.Kind == 'm' && t.Entry != nil && !t.Entry.Populated {
			// A materialized view made or refreshed WITH NO DATA has
			// no rows, and a scan of it is refused: its index starts
			// empty, as PostgreSQL's (pg_dump restores the index of a
			// view it then refreshes).
			return nil
		}
		return s.scanIndexSource(rel, irel, t, ti, true, func(vals []types.Datum, tid nbtree.TID) error {
			if count == 0 {
				// The sort has read the whole table.
				s.progressUpdateMulti([]int{pgstat.ProgressScanBlocksDone, pgstat.ProgressCreateIdxSubphase},
					[]int64{blocks, pgstat.ProgressBtreePhaseLeafLoad})
			}
			s.progressIncrement(pgstat.ProgressCreateIdxTuplesDone, 1)
			if err := b.Add(vals, tid, true); err != nil {
				var dk *nbtree.DuplicateKey
				if errors.As(err, &dk) {
					return s.withKey(dk.PgError(), t, ti, vals, "Key %s is duplicated.")
				}
				return err
			}
			count++
			return nil
		})
	})
	if err != nil {
		b.Abort()
		return err
	}
	if err := b.Finish(); err != nil {
		return err
	}
	if err := s.createIndexInitFork(ti.Index); err != nil {
		return err
	}
	if !stats {
		return nil
	}
	return s.updateRelationSizes(rel, irel, count)
}

// buildToastIndex is buildIndex for the index of a TOAST table: built
// empty, then every chunk not left by an aborted transaction entered,
// recently dead ones included, as no snapshot may look elsewhere for a
// value's chunks (heap.IndexToastChunks; PostgreSQL's build under
// SnapshotAny keeps recently dead rows too).
func (s *sqlCtx) buildToastIndex(rel, irel *catalog.Relation, ti *plan.TableIndex, stats bool) error {
	b, err := nbtree.NewBuild(s.btree(), ti.Index)
	if err != nil {
		return err
	}
	if err := b.Finish(); err != nil {
		return err
	}
	if err := s.createIndexInitFork(ti.Index); err != nil {
		return err
	}
	trel := &heap.Relation{OID: rel.OID, Locator: rel.Locator(s.db), Desc: heap.ToastDesc(), Name: rel.Name, Unlogged: rel.Persistence == 'u'}
	n, err := heap.IndexToastChunks(s.heap, s.btree(), trel, ti.Index)
	if err != nil || !stats {
		return err
	}
	return s.updateRelationSizes(rel, irel, float64(n))
}

// describeIndexOf opens table relOID and its index indexOID and
// describes the index, whatever its state.
func (s *sqlCtx) describeIndexOf(relOID, indexOID uint32) (rel, irel *catalog.Relation, t *plan.Table, ti *plan.TableIndex, err error) {
	if rel, err = s.cache.RelationByOID(s, relOID); err != nil {
		return
	}
	if irel, err = s.cache.RelationByOID(s, indexOID); err != nil {
		return
	}
	if rel == nil || irel == nil || irel.Index == nil {
		err = pgerr.Newf(pgerr.InternalError, "cache lookup failed for index %d", indexOID)
		return
	}
	if t, err = s.planTable(rel); err != nil {
		return
	}
	// Described directly: the index may not take rows yet (CREATE
	// INDEX CONCURRENTLY builds it before it is ready).
	ti, err = s.indexDescriptor(rel, irel, t)
	return
}

// scanIndexSource reads the entries index ti of rel should have: for
// every row of the table the statement's snapshot sees (and that
// satisfies a partial index's predicate), its key values in stored form
// and its TID; in key order (then TID order) when ordered
// (table_index_build_scan, which the build sorts). fn must not keep vals,
// which the next row overwrites.
func (s *sqlCtx) scanIndexSource(rel, irel *catalog.Relation, t *plan.Table, ti *plan.TableIndex, ordered bool, fn func(vals []types.Datum, tid nbtree.TID) error) error {
	return s.scanIndexRows(rel, irel, t, ti, ordered, true, fn)
}

// scanIndexRows is scanIndexSource; with rootTIDs false each row comes
// with its own TID rather than its chain root's (CLUSTER's order).
func (s *sqlCtx) scanIndexRows(rel, irel *catalog.Relation, t *plan.Table, ti *plan.TableIndex, ordered, rootTIDs bool, fn func(vals []types.Datum, tid nbtree.TID) error) error {
	// SELECT columns, ctid FROM ONLY table [WHERE predicate] ORDER BY
	// columns, ctid.
	var exprs []*pg_query.Node
	var err error
	if irel.Index.Exprs != "" {
		if _, exprs, err = parser.ParseExprList(irel.Index.Exprs); err != nil {
			return err
		}
	}
	var where *pg_query.Node
	if irel.Index.Pred != "" {
		_, pred, err := parser.ParseExprList(irel.Index.Pred)
		if err != nil {
			return err
		}
		where = pred[0]
	}
	var targets, order []*pg_query.Node
	for k, c := range ti.Columns {
		var val *pg_query.Node
		if c >= 0 {
			val = columnRef(t.Columns[c].Name)
		} else {
			val, exprs = exprs[0], exprs[1:]
		}
		targets = append(targets, &pg_query.Node{Node: &pg_query.Node_ResTarget{ResTarget: &pg_query.ResTarget{Val: val, Location: -1}}})
		if k >= len(ti.Index.Keys) {
			// INCLUDE columns do not order the entries.
			continue
		}
		dir, nulls := pg_query.SortByDir_SORTBY_ASC, pg_query.SortByNulls_SORTBY_NULLS_LAST
		if ti.Index.Keys[k].Desc {
			dir = pg_query.SortByDir_SORTBY_DESC
		}
		if ti.Index.Keys[k].NullsFirst {
			nulls = pg_query.SortByNulls_SORTBY_NULLS_FIRST
		}
		order = append(order, &pg_query.Node{Node: &pg_query.Node_SortBy{SortBy: &pg_query.SortBy{Node: val,
			SortbyDir: dir, SortbyNulls: nulls, Location: -1}}})
	}
	targets = append(targets, &pg_query.Node{Node: &pg_query.Node_ResTarget{ResTarget: &pg_query.ResTarget{Val: columnRef("ctid"), Location: -1}}})
	order = append(order, &pg_query.Node{Node: &pg_query.Node_SortBy{SortBy: &pg_query.SortBy{Node: columnRef("ctid"), Location: -1}}})
	if !ordered {
		order = nil
	}
	sel := &pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: &pg_query.SelectStmt{
		TargetList: targets,
		FromClause: []*pg_query.Node{{Node: &pg_query.Node_RangeVar{RangeVar: &pg_query.RangeVar{
			Schemaname: rel.NamespaceName, Relname: rel.Name, Inh: false, Relpersistence: "p", Location: -1}}}},
		WhereClause: where,
		SortClause:  order,
		LimitOption: pg_query.LimitOption_LIMIT_OPTION_DEFAULT, Op: pg_query.SetOperation_SETOP_NONE,
	}}}
	cat := catalogAdapter{s}
	q, _, err := analyze.AnalyzeFixed(cat, "", sel, nil, s.formatOptions())
	if err != nil {
		return err
	}
	// The rows come from the table itself, as table_index_build_scan
	// reads them: never through an index, which may be this one or
	// another one a REINDEX has emptied and not built yet.
	q.Planner = &plan.PlannerOptions{NoIndexScan: true, NoBitmapScan: true}
	ec := &expr.EvalContext{Ctx: s.ctx, Session: s.env, Format: s.formatOptions(), Catalog: names{s}}
	ncols := len(ti.Columns)
	// The sort holds maintenance_work_mem before it spills, as
	// tuplesort_begin_index_btree's does. The table's scan gives each
	// row the TID its entry holds: a heap-only tuple's chain root.
	s.rootTIDScans = rootTIDs
	defer func() { s.rootTIDScans = false }()
	// fn gets the same slice for every row: it keeps no values.
	vals := make([]types.Datum, ncols)
	root := plan.Build(q)
	markIndexBuildSort(root)
	_, err = exec.Run(ec, maintenanceSource{cat}, root, func(row []types.Datum) error {
		if err := s.ctx.Err(); err != nil {
			return expr.Canceled(s.ctx)
		}
		if err := s.storedKeysInto(vals, t, ti, row[:ncols]); err != nil {
			return err
		}
		tid := datumTID(row[ncols])
		return fn(vals, nbtree.TID{Block: tid.Block, Offset: tid.Offset})
	})
	return err
}

// markIndexBuildSort marks the sort of an index build's plan (under its
// projection), so that it counts memory as PostgreSQL's index build does.
func markIndexBuildSort(n plan.Node) {
	for {
		switch x := n.(type) {
		case *plan.Sort:
			x.IndexBuild = true
			return
		case *plan.Project:
			n = x.Input
		default:
			return
		}
	}
}

// storedKeysInto sets out to an index's key values in the stored form
// the heap has.
func (s *sqlCtx) storedKeysInto(out []types.Datum, t *plan.Table, ti *plan.TableIndex, vals []types.Datum) error {
	for k, v := range vals {
		var err error
		if out[k], err = s.storedKey(t, ti, k, v); err != nil {
			return err
		}
	}
	return nil
}

// updateRelationSizes is index_update_stats after a build: relpages of
// the table and the index, reltuples of both set to the rows indexed,
// overwritten in place as ANALYZE does (updateRelStats). An empty table
// never analyzed keeps reltuples -1, so that an index made with the
// table does not make it look analyzed.
func (s *sqlCtx) updateRelationSizes(rel, irel *catalog.Relation, tuples float64) error {
	for _, r := range []*catalog.Relation{rel, irel} {
		n, err := s.eng.Smgr.NBlocks(r.Locator(s.db), storage.MainFork)
		if err != nil {
			return err
		}
		t := float32(tuples)
		if r == rel && t == 0 {
			cur, err := s.relTuples(r.OID)
			if err != nil {
				return err
			}
			if cur < 0 {
				t = -1
			}
		}
		if err := s.updateRelStats(r.OID, int32(n), t); err != nil {
			return err
		}
	}
	return nil
}

// relTuples is pg_class.reltuples of relid as the statement sees it.
func (s *sqlCtx) relTuples(relid uint32) (float32, error) {
	c := catalog.Lookup("pg_class")
	iOID, iTuples := c.Column("oid"), c.Column("reltuples")
	_, row, err := s.findCatalogRow(c, func(r []types.Datum) bool { return uint32(r[iOID].Int()) == relid })
	if err != nil {
		return 0, err
	}
	return row[iTuples].Float4(), nil
}

// reindexRelation gives every index of rel a new, empty file and builds
// it again from the table's rows (reindex_relation): after TRUNCATE and
// REFRESH MATERIALIZED VIEW (empty: the indexes' sizes read 0 and -1, as
// the new files' do) and after a rewrite of the table (stats: their
// sizes are counted again).
func (s *sqlCtx) reindexRelation(rel *catalog.Relation, stats bool) error {
	for _, oid := range rel.Indexes {
		irel, err := s.cache.RelationByOID(s, oid)
		if err != nil {
			return err
		}
		if irel == nil {
			continue
		}
		if err := s.newRelFileNode(irel); err != nil {
			return err
		}
	}
	s.nextCommand()
	for _, oid := range rel.Indexes {
		if err := s.buildIndex(rel.OID, oid, stats); err != nil {
			return err
		}
		if !stats {
			if err := s.updateRelStats(oid, 0, -1); err != nil {
				return err
			}
		}
	}
	return nil
}

// deleteIndexRow removes index oid's pg_index row (index_drop).
func (s *sqlCtx) deleteIndexRow(oid uint32) (uint32, error) {
	c := catalog.Lookup("pg_index")
	iIndex, iRel := c.Column("indexrelid"), c.Column("indrelid")
	var table uint32
	err := s.deleteCatalogRowsOf(c, oid, func(r []types.Datum) bool {
		if uint32(r[iIndex].Int()) == oid {
			table = uint32(r[iRel].Int())
			return true
		}
		return false
	})
	return table, err
}

// reindexStmt is REINDEX [ (VERBOSE) ] INDEX | TABLE name (ReindexIndex,
// ReindexTable): each index gets a new file, built again from the
// table's rows; an index a CREATE INDEX CONCURRENTLY left invalid
// becomes valid. SCHEMA, SYSTEM and DATABASE go to reindexMultiple,
// CONCURRENTLY to indexconcurrent.go.
func (s *sqlCtx) reindexStmt(rs *pg_query.ReindexStmt) (string, error) {
	verbose, concurrent := false, false
	for _, n := range rs.Params {
		d := n.GetDefElem()
		switch d.GetDefname() {
		case "verbose":
			verbose = d.GetArg() == nil || defElemText(d.GetArg()) != "false"
		case "concurrently":
			concurrent = defElemTrue(d.GetArg())
		case "tablespace":
			return "", pgerr.New(pgerr.FeatureNotSupported, "tablespaces are not supported yet")
		default:
			return "", pgerr.Newf(pgerr.SyntaxError, "unrecognized REINDEX option \"%s\"", d.GetDefname())
		}
	}
	if concurrent {
		if err := s.preventInTransactionBlock("REINDEX CONCURRENTLY"); err != nil {
			return "", err
		}
	}
	switch rs.Kind {
	case pg_query.ReindexObjectType_REINDEX_OBJECT_INDEX, pg_query.ReindexObjectType_REINDEX_OBJECT_TABLE:
	default:
		return s.reindexMultiple(rs, verbose, concurrent)
	}
	if concurrent {
		return s.reindexOneConcurrently(rs, verbose)
	}
	_, rel, err := s.reindexTarget(rs.Relation)
	if err != nil || rel == nil {
		return "", err
	}
	var table *catalog.Relation
	var indexes []uint32
	if rs.Kind == pg_query.ReindexObjectType_REINDEX_OBJECT_INDEX {
		if rel.Index == nil {
			return "", pgerr.Newf(pgerr.WrongObjectType, "\"%s\" is not an index", rel.Name)
		}
		if err := s.lock(rel.Index.Table, lmgr.ShareLock); err != nil {
			return "", err
		}
		if table, err = s.cache.RelationByOID(s, rel.Index.Table); err != nil || table == nil {
			return "", err
		}
		indexes = []uint32{rel.OID}
	} else {
		if rel.Kind != 'r' && rel.Kind != 'm' && rel.Kind != 't' {
			return "", pgerr.Newf(pgerr.WrongObjectType, "\"%s\" is not a table or materialized view", rel.Name)
		}
		if err := s.lock(rel.OID, lmgr.ShareLock); err != nil {
			return "", err
		}
		if table, err = s.cache.RelationByOID(s, rel.OID); err != nil || table == nil {
			return "", err
		}
		any, err := s.reindexTable(table, verbose)
		if err != nil {
			return "", err
		}
		if !any {
			s.notice(pgerr.Newf(pgerr.SuccessfulCompletion, "table \"%s\" has no indexes to reindex", table.Name))
		}
		return "REINDEX", nil
	}
	if err := s.reindexIndexes(table, indexes, verbose); err != nil {
		return "", err
	}
	return "REINDEX", nil
}

// reindexTable builds every index of table again, then its TOAST
// table's (reindex_relation with REINDEX_REL_PROCESS_TOAST); any is
// false when there was none.
func (s *sqlCtx) reindexTable(table *catalog.Relation, verbose bool) (any bool, err error) {
	if err := s.reindexIndexes(table, table.Indexes, verbose); err != nil {
		return false, err
	}
	any = len(table.Indexes) > 0
	if table.ToastOID != 0 {
		if err := s.lock(table.ToastOID, lmgr.ShareLock); err != nil {
			return false, err
		}
		toast, err := s.cache.RelationByOID(s, table.ToastOID)
		if err != nil {
			return false, err
		}
		if toast != nil && len(toast.Indexes) > 0 {
			if err := s.reindexIndexes(toast, toast.Indexes, verbose); err != nil {
				return false, err
			}
			any = true
		}
	}
	return any, nil
}

// reindexIndexes builds indexes of table again, each in a new file
// (reindex_index), with VERBOSE's INFO line for each.
func (s *sqlCtx) reindexIndexes(table *catalog.Relation, indexes []uint32, verbose bool) error {
	if table.Kind == 't' && len(indexes) > 0 {
		// The owner's readers and writers keep out, as PostgreSQL's
		// AccessExclusiveLock on the index keeps them from the values
		// (unless REINDEX TABLE of the owner holds its ShareLock
		// already: writers are out, and taking more could deadlock
		// with another REINDEX TABLE). Its cache entries (and plans)
		// hold the index's file.
		owner, err := s.toastOwner(table.OID)
		if err != nil {
			return err
		}
		if owner != 0 && !s.locked[lockKey{owner, lmgr.ShareLock}] {
			if err := s.lock(owner, lmgr.AccessExclusiveLock); err != nil {
				return err
			}
		}
		if err := s.invalidateToastOwner(table.OID); err != nil {
			return err
		}
	}
	for _, ix := range indexes {
		if err := s.lock(ix, lmgr.AccessExclusiveLock); err != nil {
			return err
		}
		irel, err := s.cache.RelationByOID(s, ix)
		if err != nil || irel == nil {
			return err
		}
		start, ru := time.Now(), cpuUsage()
		if err := s.newRelFileNode(irel); err != nil {
			return err
		}
		s.nextCommand()
		// Each index's rebuild is a command of its own in
		// pg_stat_progress_create_index (reindex_index).
		s.progressStart(pgstat.ProgressCreateIndex, table.OID)
		s.progressUpdateMulti([]int{pgstat.ProgressCreateIdxCommand, pgstat.ProgressCreateIdxIndexOID, pgstat.ProgressCreateIdxAccessMethodOID},
			[]int64{pgstat.ProgressCreateIdxCommandReindex, int64(ix), btreeAmOID})
		err = s.buildIndex(table.OID, ix, true)
		s.progressEnd()
		if err != nil {
			return err
		}
		if info := irel.Index; info != nil && (!info.Valid || !info.Ready || !info.Live) {
			// A build from all the rows repairs what a CREATE INDEX
			// CONCURRENTLY left invalid (reindex_index).
			if err := s.setIndexState(table.OID, ix, indexState{setValid: true, valid: true, setReady: true, ready: true, setLive: true, live: true}); err != nil {
				return err
			}
		}
		s.nextCommand()
		if verbose {
			user, sys := cpuUsage().since(ru)
			s.infoError(pgerr.Newf(pgerr.SuccessfulCompletion, "index \"%s\" was reindexed", irel.Name).
				WithDetail("CPU: user: %.2f s, system: %.2f s, elapsed: %.2f s", user, sys, time.Since(start).Seconds()))
		}
	}
	return nil
}

// reindexMultiple is REINDEX SCHEMA, SYSTEM and DATABASE
// (ReindexMultipleTables): every table and materialized view of the
// schema, of the system catalogs, or of the database (catalogs included,
// other sessions' temporary tables left out), in OID order. gpostgres's
// catalogs have no indexes, so SYSTEM has nothing to do. PostgreSQL
// commits after each table; here the whole statement is one
// transaction, which the backend refuses to open inside a transaction
// block, as PostgreSQL does — except with CONCURRENTLY, where each
// table's indexes are rebuilt in transactions of their own
// (reindexTableConcurrently).
func (s *sqlCtx) reindexMultiple(rs *pg_query.ReindexStmt, verbose, concurrent bool) (string, error) {
	var nsp uint32
	if concurrent && rs.Kind == pg_query.ReindexObjectType_REINDEX_OBJECT_SYSTEM {
		return "", errReindexCatalogConcurrently()
	}
	switch rs.Kind {
	case pg_query.ReindexObjectType_REINDEX_OBJECT_SCHEMA:
		oid, err := s.cache.NamespaceOID(s, rs.Name)
		if err != nil {
			return "", err
		}
		if oid == 0 {
			return "", pgerr.Newf(pgerr.UndefinedSchema, "schema \"%s\" does not exist", rs.Name)
		}
		nsp = oid
	default:
		if rs.Name != "" && rs.Name != s.env.CurrentDatabase() {
			return "", pgerr.New(pgerr.FeatureNotSupported, "can only reindex the currently open database")
		}
	}
	c := catalog.Lookup("pg_class")
	iOID, iNsp, iKind, iHasIndex, iToast := c.Column("oid"), c.Column("relnamespace"), c.Column("relkind"), c.Column("relhasindex"), c.Column("reltoastrelid")
	var oids []uint32
	if err := s.ScanCatalog(c, func(r []types.Datum) (bool, error) {
		kind := byte(r[iKind].Int())
		if kind != 'r' && kind != 'm' || !r[iHasIndex].Bool() && r[iToast].Int() == 0 {
			return true, nil
		}
		relNsp := uint32(r[iNsp].Int())
		switch rs.Kind {
		case pg_query.ReindexObjectType_REINDEX_OBJECT_SCHEMA:
			if relNsp != nsp {
				return true, nil
			}
		case pg_query.ReindexObjectType_REINDEX_OBJECT_SYSTEM:
			if relNsp != catalog.PgCatalogNamespace {
				return true, nil
			}
		}
		if other, err := s.isOtherTempNamespace(relNsp); err != nil || other {
			return err == nil, err
		}
		oids = append(oids, uint32(r[iOID].Int()))
		return true, nil
	}); err != nil {
		return "", err
	}
	slices.Sort(oids)
	if concurrent && (rs.Kind == pg_query.ReindexObjectType_REINDEX_OBJECT_DATABASE || nsp == catalog.PgCatalogNamespace) {
		// PostgreSQL's catalogs always have indexes.
		s.warn(pgerr.New(pgerr.FeatureNotSupported, "cannot reindex system catalogs concurrently, skipping all").WithSeverity(pgerr.SeverityWarning))
	}
	for _, oid := range oids {
		if concurrent {
			if err := s.reindexTableConcurrently(oid, verbose, false); err != nil {
				return "", err
			}
			continue
		}
		if err := s.lock(oid, lmgr.ShareLock); err != nil {
			return "", err
		}
		table, err := s.cache.RelationByOID(s, oid)
		if err != nil {
			return "", err
		}
		if table == nil {
			continue
		}
		if _, err := s.reindexTable(table, verbose); err != nil {
			return "", err
		}
	}
	return "REINDEX", nil
}

// rusage is the process's CPU time so far (pg_rusage_init).
type rusage struct{ user, sys time.Duration }

func cpuUsage() rusage {
	var ru unix.Rusage
	if err := unix.Getrusage(unix.RUSAGE_SELF, &ru); err != nil {
		return rusage{}
	}
	return rusage{time.Duration(ru.Utime.Nano()), time.Duration(ru.Stime.Nano())}
}

// since is the user and system CPU seconds spent since r.
func (r rusage) since(then rusage) (float64, float64) {
	return (r.user - then.user).Seconds(), (r.sys - then.sys).Seconds()
}

// storedIndexTexts are an index's expressions (exprs by index column,
// nil for plain columns) and predicate as pg_index keeps them: SQL text,
// the expressions separated by commas, columns named by colName; ""
// for none.
func storedIndexTexts(exprs []expr.Expr, pred expr.Expr, colName func(*expr.Var) string) (exprsText, predText string, err error) {
	var texts []string
	for _, e := range exprs {
		if e == nil {
			continue
		}
		text, err := analyze.Deparse(e, false, colName)
		if err != nil {
			return "", "", err
		}
		texts = append(texts, text)
	}
	if pred != nil {
		if predText, err = analyze.Deparse(pred, false, colName); err != nil {
			return "", "", err
		}
	}
	return strings.Join(texts, ", "), predText, nil
}

// renameIndexColumns rewrites the stored expressions and predicates of
// rel's indexes after column attnum was renamed: they name columns in
// their SQL text.
func (s *sqlCtx) renameIndexColumns(rel *catalog.Relation, attnum int16, newName string) error {
	t, err := s.planTable(rel)
	if err != nil {
		return err
	}
	rename := columnRenamer(t, attnum, newName)
	pi := catalog.Lookup("pg_index")
	iOID := pi.Column("indexrelid")
	all, err := s.allIndexDescriptors(rel, t)
	if err != nil {
		return err
	}
	for _, ti := range all {
		if ti.Plain() {
			continue
		}
		exprsText, predText, err := storedIndexTexts(ti.Exprs, ti.Pred, rename)
		if err != nil {
			return err
		}
		oid := ti.OID
		if err := s.updateCatalogRow(pi, func(r []types.Datum) bool { return uint32(r[iOID].Int()) == oid },
			func(r []types.Datum) {
				if exprsText != "" {
					r[pi.Column("indexprs")] = types.Text(exprsText)
				}
				if predText != "" {
					r[pi.Column("indpred")] = types.Text(predText)
				}
			}); err != nil {
			return err
		}
		s.cache.InvalidateRelation(oid, false)
	}
	return nil
}

// indexUsesColumn reports whether index irel of rel has column attnum as
// a column or reads it in an expression or its predicate.
func (s *sqlCtx) indexUsesColumn(rel, irel *catalog.Relation, attnum int16) (bool, error) {
	if slices.Contains(irel.Index.Keys, attnum) {
		return true, nil
	}
	if irel.Index.Exprs == "" && irel.Index.Pred == "" {
		return false, nil
	}
	t, err := s.planTable(rel)
	if err != nil {
		return false, err
	}
	ti, err := s.indexDescriptor(rel, irel, t)
	if err != nil {
		return false, err
	}
	for _, e := range append(append([]expr.Expr(nil), ti.Exprs...), ti.Pred) {
		if e != nil && slices.Contains(varColumns(t, e), attnum) {
			return true, nil
		}
	}
	return false, nil
}

// allIndexDescriptors describes every index of rel (t as plans see it),
// valid, ready or neither, in OID order.
func (s *sqlCtx) allIndexDescriptors(rel *catalog.Relation, t *plan.Table) ([]*plan.TableIndex, error) {
	var out []*plan.TableIndex
	irels, err := s.indexRelations(rel)
	if err != nil {
		return nil, err
	}
	for _, irel := range irels {
		ti, err := s.indexDescriptor(rel, irel, t)
		if err != nil {
			return nil, err
		}
		out = append(out, ti)
	}
	return out, nil
}

// retypeIndexColumns gives the indexes that have column attnum of rel as
// a column its new type (ALTER COLUMN TYPE, which PostgreSQL does by
// making the indexes again from their definitions): the index's
// attribute, and the operator class, the new type's default where the
// old type's default was used, else the same one if it accepts the new
// type. The rewrite that follows builds them again.
func (s *sqlCtx) retypeIndexColumns(rel *catalog.Relation, attnum int16, typ uint32, typmod int32, t *types.Type, collation uint32) error {
	pi := catalog.Lookup("pg_index")
	iOID := pi.Column("indexrelid")
	irels, err := s.indexRelations(rel)
	if err != nil {
		return err
	}
	for _, irel := range irels {
		if !slices.Contains(irel.Index.Keys, attnum) {
			continue
		}
		if types.ByOID(types.DomainBase(typ)) == nil {
			return pgerr.Newf(pgerr.FeatureNotSupported, "indexes on columns of type %s are not supported yet", s.typeName(typ, typmod))
		}
		info := irel.Index
		classes := append([]uint32(nil), info.Classes...)
		colls := append([]uint32(nil), info.Collations...)
		for i, a := range info.Keys {
			if a != attnum {
				continue
			}
			if i < len(classes) {
				oc, ok := catalog.BtreeOpclassByOID(classes[i])
				if ok && !oc.Default || !ok {
					if !ok || !opclassAccepts(oc, typ) {
						name := "unknown"
						if ok {
							name = oc.Name
						}
						return pgerr.Newf(pgerr.DatatypeMismatch, "operator class \"%s\" does not accept data type %s", name, s.typeName(typ, -1))
					}
				} else {
					def, ok := catalog.DefaultBtreeOpclass(typ)
					if !ok {
						return pgerr.Newf(pgerr.UndefinedObject, "data type %s has no default operator class for access method \"btree\"", s.typeName(typ, -1)).
							WithHint("You must specify an operator class for the index or define a default operator class for the data type.")
					}
					classes[i] = def.OID
				}
			}
			if i < len(colls) {
				colls[i] = collation
			}
			if err := s.updateAttribute(irel.OID, int16(i+1), func(r []types.Datum, c *catalog.Catalog) {
				setAttributeType(r, c, typ, typmod, t)
				r[c.Column("attcollation")] = oidD(collation)
			}); err != nil {
				return err
			}
		}
		oid := irel.OID
		if err := s.updateCatalogRow(pi, func(r []types.Datum) bool { return uint32(r[iOID].Int()) == oid },
			func(r []types.Datum) {
				r[pi.Column("indclass")] = types.Bytes(catalog.EncodeOidVector(classes))
				r[pi.Column("indcollation")] = types.Bytes(catalog.EncodeOidVector(colls))
			}); err != nil {
			return err
		}
		s.cache.InvalidateRelation(oid, false)
	}
	return nil
}

// reindexTarget is the relation REINDEX INDEX | TABLE names: its OID
// and cache entry, or the error for a missing one.
func (s *sqlCtx) reindexTarget(rv *pg_query.RangeVar) (uint32, *catalog.Relation, error) {
	oid, err := s.relationOID(rv.Schemaname, rv.Relname, true)
	if err != nil {
		return 0, nil, err
	}
	if oid == 0 {
		return 0, nil, errRelationMissing(rv)
	}
	rel, err := s.cache.RelationByOID(s, oid)
	return oid, rel, err
}
