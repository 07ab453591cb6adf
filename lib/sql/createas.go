// CREATE TABLE ... AS and SELECT ... INTO (PostgreSQL's
// commands/createas.c): a table made from a query's columns and filled
// with its rows.

package sql

import (
	"strconv"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/analyze"
	"github.com/gpostgres/gpostgres/lib/sql/exec"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/parser"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/storage/lmgr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// createTableAs is ExecCreateTableAs, for CREATE TABLE AS, SELECT INTO
// and CREATE MATERIALIZED VIEW (matview). into names the new relation;
// query is the SELECT; into.SkipData is WITH NO DATA. As in PostgreSQL,
// the query is analyzed before the name is looked at, so IF NOT EXISTS
// does not hide an error in the query.
func (s *sqlCtx) createTableAs(st Statement, into *pg_query.IntoClause, query *pg_query.Node, ifNotExists, matview bool) (string, error) {
	rv := into.Rel
	tag := "CREATE TABLE AS"
	if matview {
		tag = "CREATE MATERIALIZED VIEW"
	}
	cat := catalogAdapter{s}
	var q *plan.Query
	var names *analyze.ViewNames
	var err error
	if matview {
		q, names, err = analyze.AnalyzeViewQuery(cat, st.Query, query, s.formatOptions())
	} else {
		q, _, err = analyze.AnalyzeFixed(cat, st.Query, query, nil, s.formatOptions())
	}
	if err != nil {
		return "", err
	}
	var viewText string
	var refs map[uint32]map[int16]bool
	if matview {
		if viewText, refs, err = s.checkMatViewQuery(q, names, query, rv); err != nil {
			return "", err
		}
	}
	switch {
	case into.AccessMethod != "" && into.AccessMethod != "heap":
		return "", pgerr.Newf(pgerr.UndefinedObject, "access method \"%s\" does not exist", into.AccessMethod)
	}
	if err := checkTablespace(into.TableSpaceName); err != nil {
		return "", err
	}
	reloptions, err := relOptions(into.Options)
	if err != nil {
		return "", err
	}
	if matview && rv.Schemaname == tempSearchName {
		// Checked before the schema is looked up, which would make the
		// session's temporary schema.
		return "", errTempMatView()
	}
	// PostgreSQL looks the schema up when it executes the statement, so
	// its errors have no position.
	nsp, err := s.namespaceForCreate(st.Query, rv)
	if err != nil {
		return "", withoutPosition(err)
	}
	onCommit, err := onCommitAction(into.OnCommit, s.isTempNamespace(nsp))
	if err != nil {
		return "", err
	}
	// CreateTableAsRelExists, before the columns are looked at (checked
	// again below under the name's lock).
	if oid, err := s.cache.RelationOID(s, nsp, rv.Relname); err != nil {
		return "", err
	} else if oid != 0 {
		if !ifNotExists {
			return "", pgerr.Newf(pgerr.DuplicateTable, "relation \"%s\" already exists", rv.Relname)
		}
		s.notice(pgerr.Newf(pgerr.DuplicateTable, "relation \"%s\" already exists, skipping", rv.Relname))
		return tag, nil
	}
	if matview && s.isTempNamespace(nsp) {
		return "", errTempMatView()
	}
	cols := analyze.Columns(q)
	colNames := nameListOf(into.ColNames)
	if len(colNames) > len(cols) {
		return "", pgerr.New(pgerr.SyntaxError, "too many column names were specified")
	}
	specs := make([]columnSpec, len(cols))
	seen := map[string]bool{}
	for i, c := range cols {
		name := c.Name
		if i < len(colNames) {
			name = colNames[i]
		}
		if seen[name] {
			return "", pgerr.Newf(pgerr.DuplicateColumn, "column \"%s\" specified more than once", name)
		}
		seen[name] = true
		typ, mod := c.TypeOID, c.TypeMod
		if typ == types.OidUnknown {
			typ, mod = types.OidText, -1
		}
		ct := s.columnType(typ)
		if ct == nil {
			return "", pgerr.Newf(pgerr.FeatureNotSupported, "type %s cannot be used for a column yet", s.typeName(typ, mod))
		}
		if ct.Category == types.CatPseudo {
			return "", pgerr.Newf(pgerr.InvalidTableDefinition, "column \"%s\" has pseudo-type %s", name, types.FormatType(typ, -1))
		}
		specs[i] = columnSpec{name: name, typ: typ, typmod: mod, collation: typeCollation(typ), phys: ct}
		if t := ct; t.Category == types.CatArray {
			specs[i].ndims = 1
		}
	}
	if err := s.lockName(nsp, rv.Relname); err != nil {
		return "", err
	}
	if oid, err := s.cache.RelationOID(s, nsp, rv.Relname); err != nil {
		return "", err
	} else if oid != 0 {
		return "", pgerr.Newf(pgerr.DuplicateTable, "relation \"%s\" already exists", rv.Relname)
	}
	if oid, shell, err := s.existingType(nsp, rv.Relname); err != nil {
		return "", err
	} else if oid != 0 && !shell {
		return "", pgerr.Newf(pgerr.DuplicateObject, "type \"%s\" already exists", rv.Relname).
			WithHint("A relation has an associated type of the same name, so you must use a name that doesn't conflict with any existing type.")
	}
	kind := byte('r')
	if matview {
		kind = 'm'
	}
	relid, err := s.heapCreateKind(nsp, rv.Relname, specs, reloptions, kind, rv.Relpersistence == "u" && !s.isTempNamespace(nsp))
	if err != nil {
		return "", err
	}
	s.registerOnCommit(relid, onCommit)
	if matview {
		s.nextCommand()
		if err := s.defineViewRule(relid, viewText, refs, userFunctionsOf(q)); err != nil {
			return "", err
		}
	}
	if into.SkipData {
		return tag, nil
	}
	s.nextCommand()
	n, err := s.fillRelation(relid, q)
	if err != nil {
		return "", err
	}
	if matview {
		if err := s.setMatViewPopulated(relid, true); err != nil {
			return "", err
		}
	}
	return "SELECT " + strconv.FormatInt(n, 10), nil
}

// fillRelation inserts the rows of query q into relation relid (created
// or given new storage by this transaction) and returns their number.
// Only the relation's columns are filled: a materialized view's stored
// query may name more once a table it reads * from gained columns.
func (s *sqlCtx) fillRelation(relid uint32, q *plan.Query) (int64, error) {
	rel, err := s.cache.RelationByOID(s, relid)
	if err != nil {
		return 0, err
	}
	if rel == nil {
		return 0, pgerr.Newf(pgerr.InternalError, "cache lookup failed for relation %d", relid)
	}
	if err := s.lock(relid, lmgr.AccessExclusiveLock); err != nil {
		return 0, err
	}
	t, err := s.planTable(rel)
	if err != nil {
		return 0, err
	}
	ts := &tableStore{s: s}
	ec := &expr.EvalContext{Ctx: s.ctx, Session: s.env, Format: s.formatOptions(), Catalog: names{s}}
	root := plan.Build(q)
	natts := len(rel.Attrs)
	// The stored query is analyzed again for REFRESH; its columns must
	// still be those the relation stores.
	cols := analyze.Columns(q)
	if len(cols) < natts {
		return 0, pgerr.Newf(pgerr.DatatypeMismatch, "query of \"%s\" returns %d columns, the relation has %d", rel.Name, len(cols), natts)
	}
	for i := 0; i < natts; i++ {
		typ := cols[i].TypeOID
		if typ == types.OidUnknown {
			typ = types.OidText
		}
		if a := rel.Attrs[i]; typ != a.Type {
			return 0, pgerr.Newf(pgerr.DatatypeMismatch, "column \"%s\" of \"%s\" has type %s, its query returns %s",
				a.Name, rel.Name, types.FormatType(a.Type, a.TypMod), types.FormatType(typ, cols[i].TypeMod))
		}
	}
	if q.UserFuncs || plan.QueryHasVolatile(q) {
		// Something run by the query could look at the relation while
		// it fills (plan's bulkInsertable): a row at a time.
		return exec.Run(ec, catalogAdapter{s}, root, func(row []types.Datum) error {
			if len(row) > natts {
				row = row[:natts]
			}
			_, err := ts.Insert(t, row)
			return err
		})
	}
	bulk, err := ts.BulkInsert(t)
	if err != nil {
		return 0, err
	}
	if bi, ok := bulk.(*bulkInserter); ok {
		// CREATE TABLE AS and materialized views fill through a ring
		// of buffers (BAS_BULKWRITE), as in PostgreSQL.
		bi.bi.UseBulkWriteRing()
	}
	n, err := exec.Run(ec, catalogAdapter{s}, root, func(row []types.Datum) error {
		if len(row) > natts {
			row = row[:natts]
		}
		return bulk.Add(row)
	})
	if err != nil {
		return 0, err
	}
	return n, bulk.Flush()
}

// checkTablespace refuses a TABLESPACE clause other than the default
// one, the only tablespace relations can be put in here.
func checkTablespace(name string) error {
	switch name {
	case "", "pg_default":
		return nil
	case "pg_global":
		return pgerr.New(pgerr.InvalidParameterValue, "only shared relations can be placed in pg_global tablespace")
	}
	return pgerr.Newf(pgerr.UndefinedObject, "tablespace \"%s\" does not exist", name)
}

// parserPosition is a parse-tree location as an error position.
func parserPosition(st Statement, loc int32) int32 {
	if loc < 0 {
		return 0
	}
	return parser.Position(st.Query, loc)
}
