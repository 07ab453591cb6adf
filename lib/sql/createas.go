// CREATE TABLE ... AS and SELECT ... INTO (PostgreSQL's
// commands/createas.c): a table made from a query's columns and filled
// with its rows.

package sql

import (
	"strconv"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/analyze"
	"github.com/gpostgres/gpostgres/lib/sql/exec"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/parser"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/storage/lmgr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// createTableAs is ExecCreateTableAs. into names the new table; query is
// the SELECT; skipData is WITH NO DATA.
func (s *sqlCtx) createTableAs(st Statement, into *pg_query.IntoClause, query *pg_query.Node, ifNotExists bool) (string, error) {
	rv := into.Rel
	switch {
	case rv.Relpersistence == "u":
		return "", pgerr.New(pgerr.FeatureNotSupported, "unlogged tables are not supported yet").WithPosition(parserPosition(st, rv.Location))
	case into.TableSpaceName != "" && into.TableSpaceName != "pg_default":
		return "", pgerr.New(pgerr.FeatureNotSupported, "tablespaces are not supported yet")
	case into.AccessMethod != "" && into.AccessMethod != "heap":
		return "", pgerr.Newf(pgerr.UndefinedObject, "access method \"%s\" does not exist", into.AccessMethod)
	}
	reloptions, err := relOptions(into.Options)
	if err != nil {
		return "", err
	}
	nsp, err := s.namespaceForCreate(st.Query, rv)
	if err != nil {
		return "", err
	}
	onCommit, err := onCommitAction(into.OnCommit, s.isTempNamespace(nsp))
	if err != nil {
		return "", err
	}
	if ifNotExists {
		if oid, err := s.cache.RelationOID(s, nsp, rv.Relname); err != nil {
			return "", err
		} else if oid != 0 {
			s.notice(pgerr.Newf(pgerr.DuplicateTable, "relation \"%s\" already exists, skipping", rv.Relname))
			return "CREATE TABLE AS", nil
		}
	}
	cat := catalogAdapter{s}
	q, _, err := analyze.AnalyzeFixed(cat, st.Query, query, nil, s.formatOptions())
	if err != nil {
		return "", err
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
	if oid, err := s.cache.TypeOID(s, nsp, rv.Relname); err != nil {
		return "", err
	} else if oid != 0 {
		return "", pgerr.Newf(pgerr.DuplicateObject, "type \"%s\" already exists", rv.Relname).
			WithHint("A relation has an associated type of the same name, so you must use a name that doesn't conflict with any existing type.")
	}
	relid, err := s.heapCreate(nsp, rv.Relname, specs, reloptions)
	if err != nil {
		return "", err
	}
	s.registerOnCommit(relid, onCommit)
	if into.SkipData {
		return "CREATE TABLE AS", nil
	}
	s.nextCommand()
	rel, err := s.cache.RelationByOID(s, relid)
	if err != nil {
		return "", err
	}
	if err := s.lock(relid, lmgr.AccessExclusiveLock); err != nil {
		return "", err
	}
	t, err := s.planTable(rel)
	if err != nil {
		return "", err
	}
	ts := &tableStore{s: s}
	ec := &expr.EvalContext{Ctx: s.ctx, Session: s.env, Format: s.formatOptions(), Catalog: names{s}}
	root := plan.Build(q)
	n, err := exec.Run(ec, cat, root, func(row []types.Datum) error {
		_, err := ts.Insert(t, row)
		return err
	})
	if err != nil {
		return "", err
	}
	return "SELECT " + strconv.FormatInt(n, 10), nil
}

// parserPosition is a parse-tree location as an error position.
func parserPosition(st Statement, loc int32) int32 {
	if loc < 0 {
		return 0
	}
	return parser.Position(st.Query, loc)
}
