// Views: CREATE [OR REPLACE] VIEW, DROP VIEW, and what a view is made of
// (PostgreSQL's commands/view.c and rewrite/rewriteDefine.c): a relation
// of kind 'v' without storage, its row type, and a _RETURN rule in
// pg_rewrite whose action is the view's query. The query is kept as SQL
// text (pg_query's deparse of the parse tree) and analyzed again where the
// view is used.

package sql

import (
	"sync"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/analyze"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/storage/lmgr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// rewriteRelationID is pg_rewrite's OID.
const rewriteRelationID uint32 = 2618

// parseTreeVersion is the version number pg_query stamps on its parse
// trees, which its deparser checks (immutable once computed).
var parseTreeVersion = sync.OnceValue(func() int32 {
	tree, err := pg_query.Parse("SELECT 1")
	if err != nil {
		return 0
	}
	return tree.Version
})

// viewQueryText is the SQL text a view keeps for its query.
func viewQueryText(query *pg_query.Node) (string, error) {
	text, err := pg_query.Deparse(&pg_query.ParseResult{Version: parseTreeVersion(), Stmts: []*pg_query.RawStmt{{Stmt: query}}})
	if err != nil {
		return "", pgerr.Newf(pgerr.InternalError, "could not store the view's query: %v", err)
	}
	return text, nil
}

// createView is DefineView.
func (s *sqlCtx) createView(st Statement, vs *pg_query.ViewStmt) (string, error) {
	rv := vs.View
	switch {
	case vs.WithCheckOption != pg_query.ViewCheckOption_NO_CHECK_OPTION:
		return "", pgerr.New(pgerr.FeatureNotSupported, "WITH CHECK OPTION is not supported yet")
	case len(vs.Options) > 0:
		return "", pgerr.New(pgerr.FeatureNotSupported, "view options are not supported yet")
	}
	sel := vs.Query.GetSelectStmt()
	if sel == nil {
		return "", pgerr.New(pgerr.FeatureNotSupported, "views must be defined by a SELECT")
	}
	if sel.IntoClause != nil {
		return "", pgerr.New(pgerr.FeatureNotSupported, "views must not contain SELECT INTO")
	}
	// The query, analyzed as a query of its own.
	cat := catalogAdapter{s}
	q, _, err := analyze.AnalyzeFixed(cat, st.Query, vs.Query, nil, s.formatOptions())
	if err != nil {
		return "", err
	}
	if analyze.HasModifyingCTE(q) {
		return "", pgerr.New(pgerr.FeatureNotSupported, "views must not contain data-modifying statements in WITH")
	}
	cols := analyze.Columns(q)
	var aliases []string
	for _, n := range vs.Aliases {
		aliases = append(aliases, n.GetString_().GetSval())
	}
	if len(aliases) > len(cols) {
		return "", pgerr.New(pgerr.SyntaxError, "CREATE VIEW specifies more column names than columns")
	}
	seen := map[string]bool{}
	for i := range cols {
		if i < len(aliases) {
			cols[i].Name = aliases[i]
		}
		if cols[i].TypeOID == types.OidUnknown {
			cols[i].TypeOID, cols[i].TypeMod = types.OidText, -1
		}
		if seen[cols[i].Name] {
			return "", pgerr.Newf(pgerr.DuplicateColumn, "column \"%s\" specified more than once", cols[i].Name)
		}
		seen[cols[i].Name] = true
		// A view's columns are stored: a pseudo-type (a record, the
		// column of a ROW(...) or of SEARCH and CYCLE) cannot be one
		// (CheckAttributeType).
		if t := types.ByOID(cols[i].TypeOID); t != nil && (t.Category == types.CatPseudo || t.IsArray() && types.ByOID(t.Elem) != nil && types.ByOID(t.Elem).Category == types.CatPseudo) {
			return "", pgerr.Newf(pgerr.InvalidTableDefinition, "column \"%s\" has pseudo-type %s", cols[i].Name, types.FormatType(cols[i].TypeOID, -1))
		}
		if s.columnType(cols[i].TypeOID) == nil {
			return "", pgerr.Newf(pgerr.FeatureNotSupported, "a view column of type %s is not supported yet", s.typeName(cols[i].TypeOID, cols[i].TypeMod))
		}
	}
	if len(cols) > 1600 {
		return "", pgerr.New(pgerr.TooManyColumns, "tables can have at most 1600 columns")
	}
	text, err := viewQueryText(vs.Query)
	if err != nil {
		return "", err
	}
	refs := plan.ReferencedColumns(q)
	// A view over a temporary relation goes with it (DefineView).
	if rv.Relpersistence != "t" {
		if temp, err := s.usesTempRelation(refs); err != nil {
			return "", err
		} else if temp {
			s.notice(pgerr.Newf(pgerr.SuccessfulCompletion, "view \"%s\" will be a temporary view", rv.Relname))
			rv.Relpersistence = "t"
		}
	}
	nsp, err := s.namespaceForCreate(st.Query, rv)
	if err != nil {
		return "", err
	}

	if err := s.lockName(nsp, rv.Relname); err != nil {
		return "", err
	}
	existing, err := s.cache.RelationOID(s, nsp, rv.Relname)
	if err != nil {
		return "", err
	}
	if existing != 0 {
		if !vs.Replace {
			return "", pgerr.Newf(pgerr.DuplicateTable, "relation \"%s\" already exists", rv.Relname)
		}
		if err := s.lock(existing, lmgr.AccessExclusiveLock); err != nil {
			return "", err
		}
		old, err := s.cache.RelationByOID(s, existing)
		if err != nil {
			return "", err
		}
		if old.Kind != 'v' {
			return "", pgerr.Newf(pgerr.WrongObjectType, "\"%s\" is not a view", rv.Relname)
		}
		if err := s.replaceView(old, cols, text, refs); err != nil {
			return "", err
		}
		return "CREATE VIEW", nil
	}
	if oid, err := s.cache.TypeOID(s, nsp, rv.Relname); err != nil {
		return "", err
	} else if oid != 0 {
		return "", pgerr.Newf(pgerr.DuplicateObject, "type \"%s\" already exists", rv.Relname).
			WithHint("A relation has an associated type of the same name, so you must use a name that doesn't conflict with any existing type.")
	}
	specs := make([]columnSpec, len(cols))
	for i, c := range cols {
		specs[i] = columnSpec{name: c.Name, typ: c.TypeOID, typmod: c.TypeMod, collation: typeCollation(c.TypeOID), phys: s.columnType(c.TypeOID)}
	}
	relid, err := s.heapCreateKind(nsp, rv.Relname, specs, nil, 'v')
	if err != nil {
		return "", err
	}
	s.nextCommand()
	if err := s.defineViewRule(relid, text, refs); err != nil {
		return "", err
	}
	return "CREATE VIEW", nil
}

// defineViewRule stores the view's _RETURN rule and the dependencies of
// the rule: on the view (internal), and on what its query reads.
func (s *sqlCtx) defineViewRule(relid uint32, text string, refs map[uint32]map[int16]bool) error {
	oid, err := s.newOID()
	if err != nil {
		return err
	}
	row := newCatalogRow(catalog.Lookup("pg_rewrite")).set("oid", oidD(oid)).set("rulename", types.Text("_RETURN")).
		set("ev_class", oidD(relid)).set("ev_type", charD('1')).set("ev_enabled", charD('O')).
		set("is_instead", types.Bool(true)).set("ev_qual", types.Text("<>")).set("ev_action", types.Text(text))
	if err := s.insertCatalog(row); err != nil {
		return err
	}
	rule := objectAddress{classID: rewriteRelationID, objID: oid}
	deps := []dependency{{rule, relationAddress(relid), depInternal}, {rule, relationAddress(relid), depNormal}}
	for table, cols := range refs {
		if table == relid {
			continue
		}
		if len(cols) == 0 {
			deps = append(deps, dependency{rule, relationAddress(table), depNormal})
		}
		for attnum := range cols {
			deps = append(deps, dependency{rule, columnAddress(table, attnum), depNormal})
		}
	}
	if err := s.recordDependencies(deps); err != nil {
		return err
	}
	if err := s.updateClass(relid, func(r []types.Datum, c *catalog.Catalog) { r[c.Column("relhasrules")] = types.Bool(true) }); err != nil {
		return err
	}
	return nil
}

// replaceView is CREATE OR REPLACE VIEW over an existing view: columns may
// be added at the end, none changed or removed (checkViewTupleDesc).
func (s *sqlCtx) replaceView(old *catalog.Relation, cols []plan.Column, text string, refs map[uint32]map[int16]bool) error {
	var live []catalog.Attribute
	for _, a := range old.Attrs {
		if !a.Dropped {
			live = append(live, a)
		}
	}
	if len(cols) < len(live) {
		return pgerr.New(pgerr.InvalidTableDefinition, "cannot drop columns from view")
	}
	for i, a := range live {
		c := cols[i]
		if c.Name != a.Name {
			return pgerr.Newf(pgerr.InvalidTableDefinition, "cannot change name of view column \"%s\" to \"%s\"", a.Name, c.Name).
				WithHint("Use ALTER VIEW ... RENAME COLUMN ... to change name of view column instead.")
		}
		if c.TypeOID != a.Type {
			return pgerr.Newf(pgerr.InvalidTableDefinition, "cannot change data type of view column \"%s\" from %s to %s",
				a.Name, types.FormatType(a.Type, a.TypMod), types.FormatType(c.TypeOID, c.TypeMod))
		}
	}
	// The old rule and its dependencies go; new columns are added.
	if err := s.deleteViewRule(old.OID); err != nil {
		return err
	}
	for i := len(live); i < len(cols); i++ {
		c := cols[i]
		t := s.columnType(c.TypeOID)
		attnum := int16(len(old.Attrs) + i - len(live) + 1)
		a := catalog.Attribute{Name: c.Name, Type: c.TypeOID, TypMod: c.TypeMod, Len: t.Len, ByVal: t.ByVal, Align: t.Align,
			Storage: typeStorage(c.TypeOID, t), Collation: typeCollation(c.TypeOID)}
		if err := s.insertCatalog(attributeRow(old.OID, attnum, &a, -1)); err != nil {
			return err
		}
		if err := s.recordDependency(columnAddress(old.OID, attnum), typeAddress(c.TypeOID), depNormal); err != nil {
			return err
		}
		if err := s.updateClass(old.OID, func(r []types.Datum, c *catalog.Catalog) { r[c.Column("relnatts")] = types.Int(int64(attnum)) }); err != nil {
			return err
		}
	}
	s.nextCommand()
	if err := s.defineViewRule(old.OID, text, refs); err != nil {
		return err
	}
	s.cache.InvalidateRelation(old.OID, false)
	return nil
}

// deleteViewRule removes a view's _RETURN rule and the rule's pg_depend
// rows.
func (s *sqlCtx) deleteViewRule(relid uint32) error {
	c := catalog.Lookup("pg_rewrite")
	iOID, iClass := c.Column("oid"), c.Column("ev_class")
	var rules []uint32
	if err := s.ScanCatalog(c, func(r []types.Datum) (bool, error) {
		if uint32(r[iClass].Int()) == relid {
			rules = append(rules, uint32(r[iOID].Int()))
		}
		return true, nil
	}); err != nil {
		return err
	}
	if err := s.deleteCatalogRows(c, func(r []types.Datum) bool { return uint32(r[iClass].Int()) == relid }); err != nil {
		return err
	}
	d := catalog.Lookup("pg_depend")
	iDClass, iDObj := d.Column("classid"), d.Column("objid")
	for _, rule := range rules {
		rule := rule
		if err := s.deleteCatalogRows(d, func(r []types.Datum) bool {
			return uint32(r[iDClass].Int()) == rewriteRelationID && uint32(r[iDObj].Int()) == rule
		}); err != nil {
			return err
		}
	}
	s.cache.InvalidateRelation(relid, false)
	return nil
}

// viewDefinition is the SQL text of view relid's query.
func (s *sqlCtx) viewDefinition(relid uint32) (string, bool, error) {
	c := catalog.Lookup("pg_rewrite")
	iClass, iAction := c.Column("ev_class"), c.Column("ev_action")
	var text string
	found := false
	err := s.ScanCatalog(c, func(r []types.Datum) (bool, error) {
		if uint32(r[iClass].Int()) == relid {
			text, found = r[iAction].Text(), true
			return false, nil
		}
		return true, nil
	})
	return text, found, err
}

// ruleTarget returns a rule's name and relation.
func (s *sqlCtx) ruleTarget(oid uint32) (string, uint32, error) {
	c := catalog.Lookup("pg_rewrite")
	iOID, iName, iClass := c.Column("oid"), c.Column("rulename"), c.Column("ev_class")
	var name string
	var rel uint32
	err := s.ScanCatalog(c, func(r []types.Datum) (bool, error) {
		if uint32(r[iOID].Int()) == oid {
			name, rel = r[iName].Text(), uint32(r[iClass].Int())
			return false, nil
		}
		return true, nil
	})
	return name, rel, err
}

// deleteRule is RemoveRewriteRuleById.
func (s *sqlCtx) deleteRule(oid uint32) error {
	_, rel, err := s.ruleTarget(oid)
	if err != nil {
		return err
	}
	c := catalog.Lookup("pg_rewrite")
	iOID := c.Column("oid")
	if err := s.deleteCatalogRows(c, func(r []types.Datum) bool { return uint32(r[iOID].Int()) == oid }); err != nil {
		return err
	}
	if rel != 0 {
		s.cache.InvalidateRelation(rel, false)
	}
	return nil
}

// ViewDefinition implements pg_get_viewdef: the view's query as stored,
// after a space and followed by a semicolon as PostgreSQL prints it (not
// PostgreSQL's reformatted deparse).
func (n names) ViewDefinition(relid uint32) (string, bool, error) {
	text, found, err := n.s.viewDefinition(relid)
	if err != nil || !found {
		return "", found, err
	}
	return " " + text + ";", true, nil
}

// ViewDefinitionByName implements pg_get_viewdef(text).
func (n names) ViewDefinitionByName(name string) (string, bool, error) {
	d, err := types.ParseText(types.OidRegclass, -1, name, FormatOptions(n.s.env))
	if err != nil {
		return "", false, err
	}
	return n.ViewDefinition(uint32(d.Int()))
}

// viewRules are the OIDs of a view's rules.
func (s *sqlCtx) viewRules(relid uint32) (map[uint32]bool, error) {
	c := catalog.Lookup("pg_rewrite")
	iOID, iClass := c.Column("oid"), c.Column("ev_class")
	out := map[uint32]bool{}
	err := s.ScanCatalog(c, func(r []types.Datum) (bool, error) {
		if uint32(r[iClass].Int()) == relid {
			out[uint32(r[iOID].Int())] = true
		}
		return true, nil
	})
	return out, err
}
